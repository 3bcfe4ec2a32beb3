"""Consent to disclose: each category only under an active consent naming that recipient; expiry and revocation
at once; a disclosure per showing and none when nothing is shown; the accounting; the consent's elements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consents.exceptions import ConsentError
from consents.models import Consent, Disclosure
from consents.services import consent as services
from families.services.consent import recipient_for_member
from interventions.disclosure import REDISCLOSURE_NOTICE, Category, may_disclose, record_disclosure
from tests.factories import ConsentFactory, FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("category", Category.FAMILY)
def test_each_category_is_disclosed_only_when_the_consent_covers_it(member, carol, category):
    assert not may_disclose(carol, member.case, category)
    ConsentFactory(recipient=member, categories=[category])
    for other in Category.values:
        assert may_disclose(carol, member.case, other) is (other == category)


def test_a_family_member_is_never_given_a_clinical_category(member, carol):
    """Even a consent row that lists them (written around the service) discloses nothing clinical to the family."""
    ConsentFactory(recipient=member, categories=Category.values)
    allowed = {category for category in Category.values if may_disclose(carol, member.case, category)}
    assert allowed == set(Category.FAMILY)


def test_a_consent_for_another_recipient_discloses_nothing_to_this_one(member, carol, case):
    sibling = FamilyMemberFactory(case=case, user=UserFactory())
    ConsentFactory(recipient=sibling, categories=Category.FAMILY)
    assert not any(may_disclose(carol, case, category) for category in Category.values)
    assert all(may_disclose(sibling.user, case, category) for category in Category.FAMILY)


def test_a_consent_on_one_case_discloses_nothing_about_another(member, carol, other_case):
    FamilyMemberFactory(case=other_case, user=carol)
    ConsentFactory(recipient=member, categories=Category.values)
    assert not may_disclose(carol, other_case, Category.STAGE_AND_STATUS)


def test_expiry_takes_effect_at_once(member, carol):
    today = timezone.localdate()
    consent = ConsentFactory(recipient=member, expiry_date=today)
    assert may_disclose(carol, member.case, Category.STAGE_AND_STATUS)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert not may_disclose(carol, member.case, Category.STAGE_AND_STATUS, at=tomorrow)
    Consent.objects.filter(pk=consent.pk).update(expiry_date=today - dt.timedelta(days=1))
    assert not may_disclose(carol, member.case, Category.STAGE_AND_STATUS)


def test_an_expiry_event_keeps_the_consent_until_it_resolves(member, carol, alice):
    consent = ConsentFactory(
        recipient=member,
        expiry_kind="event",
        expiry_date=None,
        expiry_event_kind="other",
        expiry_event="the end of probation",
    )
    assert may_disclose(carol, member.case, Category.STAGE_AND_STATUS)
    services.consent_resolve_event(consent=consent, on=timezone.localdate() - dt.timedelta(days=1), by=alice)
    assert not may_disclose(carol, member.case, Category.STAGE_AND_STATUS)
    consent.refresh_from_db()
    assert "resolved to" in consent.expiry_display


def test_revocation_takes_effect_at_once_and_leaves_the_consent_read_only(client, member, carol, alice):
    consent = ConsentFactory(recipient=member)
    client.force_login(alice)
    url = reverse("consents:revoke", kwargs={"case": member.case_id, "consent": consent.pk})
    client.post(url, {"requested_by": "Sam Chen, by phone"})
    consent.refresh_from_db()
    assert consent.revoked_by == alice and consent.revocation_requested_by == "Sam Chen, by phone"
    assert not may_disclose(carol, member.case, Category.STAGE_AND_STATUS)
    page = client.get(consent.get_absolute_url()).content.decode()
    assert "read-only" in page and "Revoke now" not in page
    with pytest.raises(ConsentError):
        services.consent_revoke(consent=consent, by=alice, requested_by="again")


def test_a_disclosure_is_recorded_for_each_portal_showing(client, member, carol):
    consent = ConsentFactory(recipient=member, categories=[Category.STAGE_AND_STATUS])
    client.force_login(carol)
    for _ in range(2):
        page = client.get(member.get_portal_url()).content.decode()
        assert "Current stage" in page and member.case.get_stage_display() in page
    disclosures = list(Disclosure.objects.filter(case=member.case))
    assert len(disclosures) == 2
    assert all(d.consent == consent and d.recipient == consent.recipient and d.user == carol for d in disclosures)
    assert all(d.categories == [Category.STAGE_AND_STATUS] and d.how == "portal" for d in disclosures)


def test_the_portal_shows_the_notice_and_links_the_consent(client, member, carol):
    consent = ConsentFactory(recipient=member)
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert (
        REDISCLOSURE_NOTICE[:80] in page
        and reverse("families:portal-consent", kwargs={"member": member.pk, "consent": consent.pk}) in page
    )
    assert reverse("interventions:family-summary", kwargs={"case": member.case_id}) in page  # the PDF of it
    consent_page = client.get(
        reverse("families:portal-consent", kwargs={"member": member.pk, "consent": consent.pk})
    ).content.decode()
    assert "Treatment is not conditioned on signing" in consent_page and REDISCLOSURE_NOTICE[:80] in consent_page


def test_nothing_shown_means_no_disclosure_and_no_notice(client, member, carol):
    ConsentFactory(recipient=member, revoked_at=timezone.now(), revoked_by=member.case.lead)
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert "Current stage" not in page and REDISCLOSURE_NOTICE[:80] not in page
    assert not Disclosure.objects.exists()
    record_disclosure(carol, member.case, [Category.STAGE_AND_STATUS], "portal")  # no active consent: nothing
    assert not Disclosure.objects.exists()


def test_a_consent_needs_every_element(case, member, alice):
    fields = {
        "patient_name": "Sam Chen",
        "discloser": "Harbor",
        "categories": [],
        "purpose": "",
        "signed_name": "",
        "signed_on": timezone.localdate(),
        "witness_name": "",
    }
    with pytest.raises(ConsentError) as error:
        services.consent_record(case=case, recipient=recipient_for_member(member), by=alice, **fields)
    for element in (
        "at least one category",
        "the purpose",
        "expiry",
        "right to revoke",
        "not conditioned",
        "signature",
        "witness",
    ):
        assert element in error.value.message
    assert not Consent.objects.exists()


def test_recording_a_consent_with_an_uploaded_form_keeps_it_private(client, case, member, alice, settings):
    client.force_login(alice)
    data = {
        "recipient_kind": "family",
        "family_member": member.pk,
        "patient_name": "Sam Chen",
        "discloser": "Harbor Intervention Group",
        "categories": [Category.STAGE_AND_STATUS, Category.AFTERCARE_PLAN],
        "purpose": "At my request.",
        "expiry_kind": "date",
        "expiry_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "revocation_right_explained": "on",
        "treatment_not_conditioned": "on",
        "signed_name": "Sam Chen",
        "signed_on": timezone.localdate().isoformat(),
        "signature_method": "uploaded",
        "signed_form": SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
    }
    response = client.post(reverse("consents:add", kwargs={"case": case.pk}), data)
    consent = Consent.objects.get()
    assert response["Location"] == consent.get_absolute_url()
    assert consent.categories == [Category.STAGE_AND_STATUS, Category.AFTERCARE_PLAN]
    assert str(settings.PRIVATE_STORAGE_ROOT) in consent.signed_form.path
    assert client.get("/" + consent.signed_form.name).status_code == 404  # storage is not served by any URL
    client.logout()
    assert client.get(reverse("consents:form", kwargs={"case": case.pk, "consent": consent.pk})).status_code == 302
    client.force_login(alice)
    download = client.get(reverse("consents:form", kwargs={"case": case.pk, "consent": consent.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"


def test_a_family_member_cannot_download_the_signed_form_or_see_staff_consent_pages(client, member, carol):
    consent = ConsentFactory(recipient=member)
    client.force_login(carol)
    assert client.get(consent.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("consents:form", kwargs={"case": member.case_id, "consent": consent.pk})).status_code == 404
    )


def test_mallory_gets_404(client, mallory, member):
    consent = ConsentFactory(recipient=member)
    client.force_login(mallory)
    assert client.get(consent.get_absolute_url()).status_code == 404
    assert client.get(reverse("consents:accounting", kwargs={"case": member.case_id})).status_code == 404


def test_recording_and_revoking_a_consent_show_on_the_case_timeline(client, member, alice):
    consent = ConsentFactory(recipient=member)
    services.consent_revoke(consent=consent, by=alice, requested_by="Sam Chen")
    client.force_login(alice)
    page = client.get(member.case.get_absolute_url()).content.decode()
    assert "Consent recorded: Carol Chen (family member)" in page and "Consent for Carol Chen revoked" in page


def test_a_consent_records_the_real_client_address_behind_a_trusted_proxy(client, case, member, alice, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.force_login(alice)
    data = {
        "recipient_kind": "family",
        "family_member": member.pk,
        "patient_name": "Sam Chen",
        "discloser": "Harbor Intervention Group",
        "categories": [Category.STAGE_AND_STATUS],
        "purpose": "At my request.",
        "expiry_kind": "date",
        "expiry_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "revocation_right_explained": "on",
        "treatment_not_conditioned": "on",
        "signed_name": "Sam Chen",
        "signed_on": timezone.localdate().isoformat(),
        "signature_method": "in_person",
        "witness_name": "Alice Alvarez",
    }
    url = reverse("consents:add", kwargs={"case": case.pk})
    response = client.post(url, data, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert response.status_code == 302, response.context["form"].errors
    assert Consent.objects.get().recorded_from_ip == "198.51.100.23"
