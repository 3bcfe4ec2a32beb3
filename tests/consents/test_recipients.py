"""What may be disclosed to each kind of recipient (a family member, a facility, another professional), for every
category, under a consent that is active, awaiting signature, expired, expired by an event, or revoked; and the
consent form for each kind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consents.exceptions import ConsentError
from consents.models import Consent, Recipient
from consents.services import consent as services
from interventions.disclosure import Category, may_disclose
from interventions.models import Stage
from interventions.services import case as case_services
from tests.factories import ConsentFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db

PROFESSIONAL = [Category.IDENTITY_AND_CONTACT, Category.INSURANCE, Category.STAGE_AND_STATUS]


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def facility():
    return FacilityFactory(name="Cedar Ridge Recovery", admissions_email="admissions@cedar.example")


@pytest.fixture
def therapist(case):
    return services.recipient_create(
        case=case, name="Dr. Ana Ruiz", organization="Eastside Counseling", role="therapist", email="ana@east.example"
    )


@pytest.fixture(params=["family", "facility", "other"])
def recipient_and_asker(request, member, carol, facility, therapist, case):
    """(what a consent names, what may_disclose is asked about, the categories such a recipient may be given)."""
    if request.param == "family":
        return member, carol, set(Category.FAMILY)
    if request.param == "facility":
        return facility, facility, set(Category.values)
    return therapist, therapist, set(Category.values)


STATES = {
    "active": {},
    "awaiting signature": {"signature_method": "e_sign", "signed_on": None, "signed_name": "", "witness_name": ""},
    "expired": {"expiry_date": dt.date(2020, 1, 1), "signed_on": dt.date(2019, 12, 1)},
    "revoked": {"revoked_at": timezone.now() - dt.timedelta(minutes=1)},
    "not yet signed on": {"signed_on": dt.date(2099, 1, 1)},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("category", Category.values)
def test_each_recipient_kind_category_and_state(recipient_and_asker, case, category, state):
    named, asker, allowed = recipient_and_asker
    assert not may_disclose(asker, case, category), "nothing without a consent"
    extra = dict(STATES[state])
    if "revoked_at" in extra:
        extra["revoked_by"] = case.lead
    ConsentFactory(recipient=named, case=case, categories=[category], **extra)
    expected = state == "active" and category in allowed
    assert may_disclose(asker, case, category) is expected
    for other in set(Category.values) - {category}:
        assert not may_disclose(asker, case, other)


def test_a_consent_naming_one_facility_discloses_nothing_to_another(case, facility):
    ConsentFactory(recipient=facility, case=case, categories=Category.values)
    other = FacilityFactory()
    assert may_disclose(facility, case, Category.INSURANCE)
    assert not any(may_disclose(other, case, category) for category in Category.values)


def test_a_facility_consent_on_one_case_says_nothing_about_another(case, other_case, facility):
    ConsentFactory(recipient=facility, case=case, categories=Category.values)
    assert not may_disclose(facility, other_case, Category.IDENTITY_AND_CONTACT)


def _admit_and_discharge(case, by, *, discharged: dt.datetime) -> None:
    case_services.case_change_stage(
        case=case, to=Stage.SCHEDULED, by=by, override_reason="test", effective_at=discharged - dt.timedelta(days=9)
    )
    case_services.case_change_stage(
        case=case, to=Stage.HELD, by=by, override_reason="test", effective_at=discharged - dt.timedelta(days=8)
    )
    case_services.case_change_stage(
        case=case, to=Stage.IN_TREATMENT, by=by, override_reason="test", effective_at=discharged - dt.timedelta(days=7)
    )
    case_services.case_change_stage(
        case=case, to=Stage.AFTERCARE, by=by, override_reason="test", effective_at=discharged
    )


def test_expiry_by_event_resolves_itself_on_discharge(case, alice, facility, member, carol):
    """ "On discharge" ends on the discharge date; "N days after discharge" N days later; no staff action."""
    signed = _today() - dt.timedelta(days=20)
    event = {"expiry_kind": "event", "expiry_date": None, "signed_on": signed}
    on_discharge = ConsentFactory(
        recipient=facility, case=case, categories=PROFESSIONAL, expiry_event_kind="discharge", **event
    )
    later = ConsentFactory(
        recipient=member,
        case=case,
        categories=[Category.STAGE_AND_STATUS],
        expiry_event_kind="days_after_discharge",
        expiry_event_days=30,
        **event,
    )
    at_close = ConsentFactory(
        recipient=FacilityFactory(), case=case, categories=PROFESSIONAL, expiry_event_kind="case_closed", **event
    )
    assert on_discharge.status_label == "Active until: on discharge from treatment"
    discharged = timezone.now() - dt.timedelta(days=3)
    _admit_and_discharge(case, alice, discharged=discharged)
    day = timezone.localdate(discharged, case.organization.zone)
    for consent in (on_discharge, later, at_close):
        consent.refresh_from_db()
    assert on_discharge.expiry_event_date == day and on_discharge.status == "expired"
    assert on_discharge.status_label == f"Expired on {day:%B %-d, %Y}"
    assert not may_disclose(facility, case, Category.IDENTITY_AND_CONTACT)
    assert later.expiry_event_date == day + dt.timedelta(days=30) and later.status == "expires"
    assert later.status_label.startswith("Expires on ")
    assert may_disclose(carol, case, Category.STAGE_AND_STATUS)
    assert not may_disclose(carol, case, Category.STAGE_AND_STATUS, at=timezone.now() + dt.timedelta(days=28))
    assert at_close.expiry_event_date is None, "closing has not happened"
    case_services.case_change_stage(case=case, to=Stage.CLOSED, by=alice, note="Done")
    at_close.refresh_from_db()
    assert at_close.expiry_event_date == _today()


def test_a_consent_recorded_after_the_discharge_resolves_at_once(case, alice, facility):
    discharged = timezone.now() - dt.timedelta(days=5)
    _admit_and_discharge(case, alice, discharged=discharged)
    recipient = services.recipient_for_facility(case=case, facility=facility)
    consent = services.consent_record(
        case=case,
        recipient=recipient,
        by=alice,
        patient_name="Sam Chen",
        discloser="Harbor",
        categories=PROFESSIONAL,
        purpose="Aftercare coordination",
        expiry_kind="event",
        expiry_event_kind="days_after_discharge",
        expiry_event_days=10,
        revocation_right_explained=True,
        treatment_not_conditioned=True,
        signed_name="Sam Chen",
        signed_on=_today(),
        witness_name="Alice",
    )
    assert consent.expiry_event_date == timezone.localdate(discharged, case.organization.zone) + dt.timedelta(days=10)


def test_the_service_refuses_clinical_categories_for_a_family_member(case, member, alice):
    from families.services.consent import recipient_for_member

    with pytest.raises(ConsentError, match="clinical"):
        services.consent_record(
            case=case,
            recipient=recipient_for_member(member),
            by=alice,
            patient_name="Sam Chen",
            discloser="Harbor",
            categories=[Category.STAGE_AND_STATUS, Category.SUBSTANCE_USE_AND_ASSESSMENT],
            purpose="x",
            expiry_kind="date",
            expiry_date=_today(),
            revocation_right_explained=True,
            treatment_not_conditioned=True,
            signed_name="Sam Chen",
            signed_on=_today(),
            witness_name="Alice",
        )
    assert not Consent.objects.exists()


def _form(**extra):
    data = {
        "patient_name": "Sam Chen",
        "discloser": "Harbor Intervention Group",
        "categories": [Category.IDENTITY_AND_CONTACT, Category.INSURANCE],
        "purpose": "To refer me for treatment and arrange my admission.",
        "expiry_kind": "event",
        "expiry_event_kind": "days_after_discharge",
        "expiry_event_days": "90",
        "revocation_right_explained": "on",
        "treatment_not_conditioned": "on",
        "signature_method": "in_person",
        "signed_name": "Sam Chen",
        "signed_on": _today().isoformat(),
        "witness_name": "Alice Alvarez",
    }
    data.update(extra)
    return data


def test_one_form_records_a_consent_for_each_facility(client, case, alice):
    first, second = FacilityFactory(name="Cedar Ridge"), FacilityFactory(name="Blue Harbor")
    client.force_login(alice)
    url = reverse("consents:add", kwargs={"case": case.pk}) + f"?facility={first.pk}&facility={second.pk}"
    page = client.get(url)
    assert page.context["form"].initial["facilities"] == sorted([first.pk, second.pk]) or set(
        page.context["form"].initial["facilities"]
    ) == {first.pk, second.pk}
    response = client.post(url, _form(recipient_kind="facility", facilities=[first.pk, second.pk]))
    assert response.status_code == 302, response.context["form"].errors
    consents = list(Consent.objects.order_by("recipient__name"))
    assert [c.recipient.name for c in consents] == ["Blue Harbor", "Cedar Ridge"]
    assert all(c.recipient.kind == Recipient.Kind.FACILITY for c in consents)
    assert consents[0].pk != consents[1].pk and consents[0].expiry_event_days == 90
    services.consent_revoke(consent=consents[0], by=alice, requested_by="Sam Chen")
    assert not may_disclose(second, case, Category.INSURANCE)
    assert may_disclose(first, case, Category.INSURANCE), "each consent is revocable on its own"


def test_a_facility_not_offered_on_the_form_cannot_be_posted(client, case, alice):
    stranger = FacilityFactory()
    client.force_login(alice)
    response = client.post(
        reverse("consents:add", kwargs={"case": case.pk}), _form(recipient_kind="facility", facilities=[stranger.pk])
    )
    assert response.status_code == 200 and "facilities" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_the_form_offers_the_facilities_the_case_was_referred_to(client, case, alice):
    referral = ReferralFactory(case=case)
    client.force_login(alice)
    form = client.get(reverse("consents:add", kwargs={"case": case.pk})).context["form"]
    assert list(form.fields["facilities"].queryset) == [referral.facility]


def test_the_form_records_another_professional_with_contact(client, case, alice):
    client.force_login(alice)
    data = _form(
        recipient_kind="other",
        other_name="Officer Dana Reyes",
        other_organization="County Probation",
        other_role="probation",
        other_phone="555-0100",
        other_address="1 Court St\nSpringfield",
        categories=[Category.STAGE_AND_STATUS, Category.TREATMENT_PROGRESS],
        purpose="To report my attendance in treatment to my probation officer.",
    )
    response = client.post(reverse("consents:add", kwargs={"case": case.pk}), data)
    consent = Consent.objects.get()
    assert response["Location"] == consent.get_absolute_url()
    assert consent.recipient.kind == "other" and consent.recipient.role == "probation"
    assert consent.recipient.contact == "1 Court St, Springfield; 555-0100"
    page = client.get(consent.get_absolute_url()).content.decode()
    assert "Officer Dana Reyes, County Probation (probation or parole officer)" in page
    assert "90 days after discharge from treatment" in page


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"recipient_kind": "family"}, "family_member"),
        ({"recipient_kind": "other", "other_name": ""}, "other_name"),
        ({"recipient_kind": "facility"}, "facilities"),
        ({"recipient_kind": "other", "other_name": "X", "expiry_event_days": ""}, "expiry_event_days"),
        ({"recipient_kind": "other", "other_name": "X", "expiry_event_kind": "other"}, "expiry_event"),
        ({"recipient_kind": "other", "other_name": "X", "signed_name": ""}, "signed_name"),
    ],
)
def test_the_form_says_what_is_missing_and_records_nothing(client, case, alice, extra, field):
    client.force_login(alice)
    response = client.post(reverse("consents:add", kwargs={"case": case.pk}), _form(**extra))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Consent.objects.exists() and not Recipient.objects.exists()


def test_the_form_refuses_clinical_categories_for_a_family_member(client, case, member, alice):
    client.force_login(alice)
    response = client.post(
        reverse("consents:add", kwargs={"case": case.pk}), _form(recipient_kind="family", family_member=member.pk)
    )
    assert "clinical" in str(response.context["form"].errors["categories"])
    assert not Consent.objects.exists()


def test_the_case_page_lists_every_consent_with_its_status(client, case, alice, member, facility):
    ConsentFactory(recipient=member)
    ConsentFactory(recipient=facility, case=case, categories=PROFESSIONAL, revoked_at=timezone.now(), revoked_by=alice)
    client.force_login(alice)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Cedar Ridge Recovery" in page and "Carol Chen" in page
    assert "Revoked " in page and "Expires on " in page


def test_staff_of_the_practice_are_not_recipients(client, case, alice, bob):
    client.force_login(alice)
    data = _form(recipient_kind="other", other_name="Bob", other_email=bob.email.upper())
    response = client.post(reverse("consents:add", kwargs={"case": case.pk}), data)
    assert "staff of the practice are not recipients" in str(response.context["form"].non_field_errors())
    assert not Recipient.objects.exists() and not Consent.objects.exists()
