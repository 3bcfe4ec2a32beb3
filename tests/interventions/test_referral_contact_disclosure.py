"""A logged call that shared information with the facility is a disclosure: refused without the person's consent
naming the facility and covering what was shared (nothing is written), recorded at the call's time with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import DomainError
from consents.models import Disclosure
from interventions import services
from interventions.disclosure import Category, How
from interventions.models import ReferralContact
from tests.factories import ConsentFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(case):
    return ReferralFactory(case=case, facility=FacilityFactory(name="Blue Ridge Recovery"))


def log_call(referral, alice, shared, at=None):
    return services.referral_contact_log(
        referral=referral,
        by=alice,
        kind="call",
        with_whom="Jordan Lee, admissions",
        summary="Went over the assessment.",
        shared_categories=shared,
        at=at,
    )


def test_a_call_sharing_what_no_consent_covers_is_refused_and_nothing_is_written(referral, alice):
    ConsentFactory(recipient=referral.facility, case=referral.case, categories=[Category.IDENTITY_AND_CONTACT])
    with pytest.raises(DomainError, match="substance use and assessment") as refused:
        log_call(referral, alice, [Category.IDENTITY_AND_CONTACT, Category.SUBSTANCE_USE_AND_ASSESSMENT])
    assert "identity" not in refused.value.message
    assert not ReferralContact.objects.exists() and not Disclosure.objects.exists()


def test_a_call_under_a_consent_is_recorded_as_a_disclosure_at_its_time(referral, alice):
    consent = ConsentFactory(
        recipient=referral.facility,
        case=referral.case,
        categories=[Category.IDENTITY_AND_CONTACT, Category.SUBSTANCE_USE_AND_ASSESSMENT],
    )
    at = timezone.now() - dt.timedelta(hours=3)
    contact = log_call(referral, alice, [Category.SUBSTANCE_USE_AND_ASSESSMENT, Category.IDENTITY_AND_CONTACT], at)
    assert contact.shared_categories == [Category.IDENTITY_AND_CONTACT, Category.SUBSTANCE_USE_AND_ASSESSMENT]
    disclosure = Disclosure.objects.get()
    assert disclosure.consent == consent and disclosure.recipient.facility == referral.facility
    assert disclosure.how == How.CALL and disclosure.at == at and disclosure.user == alice
    assert disclosure.referral == referral and disclosure.detail == "Call with Jordan Lee, admissions"
    assert sorted(disclosure.categories) == sorted(contact.shared_categories)


def test_a_call_that_shared_nothing_needs_no_consent_and_records_no_disclosure(referral, alice):
    contact = log_call(referral, alice, [])
    assert contact.shared_categories == [] and not Disclosure.objects.exists()


def test_the_contact_form_offers_the_categories_and_shows_the_refusal(client, referral, alice):
    client.force_login(alice)
    url = reverse("interventions:referral-contact-add", kwargs={"case": referral.case_id, "referral": referral.pk})
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Information shared" in page and 'value="insurance"' in page
    data = {
        "kind": "call",
        "at": "2026-01-05T10:30",
        "with_whom": "Admissions",
        "summary": "Gave the member id.",
        "shared_categories": "insurance",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "no active consent of the person lets" in response.content.decode()
    assert not ReferralContact.objects.exists()


def test_a_call_is_logged_at_the_time_entered_and_disclosed_then(client, referral, alice):
    """The call's time is a fact: entered, and the disclosure is recorded at it (not at the click)."""
    ConsentFactory(recipient=referral.facility, case=referral.case, categories=[Category.INSURANCE])
    client.force_login(alice)
    url = reverse("interventions:referral-contact-add", kwargs={"case": referral.case_id, "referral": referral.pk})
    zone = referral.case.organization.zone
    expected = (timezone.localtime(timezone=zone) - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    data = {"kind": "call", "at": expected.strftime("%Y-%m-%dT%H:%M"), "with_whom": "Jo", "summary": "Member id."}
    client.post(url, {**data, "shared_categories": "insurance"})
    contact = ReferralContact.objects.get()
    assert contact.at == expected and Disclosure.objects.get().at == expected
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {**data, "at": future})
    assert "cannot be in the future" in response.content.decode() and ReferralContact.objects.count() == 1

    ConsentFactory(recipient=referral.facility, case=referral.case, categories=[Category.INSURANCE])
    response = client.post(url, data)
    assert response.status_code == 302
    assert Disclosure.objects.get().categories == [Category.INSURANCE]
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Information shared (recorded as a disclosure): Insurance" in page
