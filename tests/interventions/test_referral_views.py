"""The case's matches page and referral pages, through the client."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from interventions.models import Referral
from tests.factories import (
    BedAvailabilityFactory,
    CaseFactory,
    ConsentFactory,
    FacilityFactory,
    PracticeRelationshipFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

FIT = ["RS", "PI", "ADLT", "MALE", "FEM"]


@pytest.fixture
def case(practice, alice):
    return CaseFactory(
        organization=practice,
        lead=alice,
        first_name="Daniel",
        last_name="Whitaker",
        sex="male",
        payer="PI",
        postal_code="22902",
        date_of_birth=dt.date(1985, 5, 5),
        preferred_language="EN",
    )


def matches_url(case) -> str:
    return reverse("interventions:case-matches", kwargs={"case": case.pk})


def referral_url(referral, name: str = "referral-detail") -> str:
    return reverse(f"interventions:{name}", kwargs={"case": referral.case_id, "referral": referral.pk})


def test_matches_start_from_the_case_and_disclose_relationships(client, case, alice, practice):
    fits = FacilityFactory(name="Fits Lodge", codes=FIT)
    FacilityFactory(name="Medicaid Only", codes=["RS", "MD", "ADLT", "MALE"])
    PracticeRelationshipFactory(organization=practice, facility=fits, kind="referral_agreement", details="Signed 2025")
    client.force_login(alice)
    response = client.get(matches_url(case))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fits Lodge" in page and "Medicaid Only" not in page
    assert "Accepts Private health insurance: <strong>1</strong> excluded" in page
    assert "Disclosed relationship:</strong> Referral agreement: Signed 2025" in page
    assert LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).exists()


def test_matches_page_warns_of_stale_listings_and_explains_each_score(client, case, alice):
    stale = FacilityFactory(name="Old Lodge", codes=FIT, last_verified_at=timezone.now() - dt.timedelta(days=181))
    fresh = FacilityFactory(name="Fresh Lodge", codes=FIT)
    BedAvailabilityFactory(facility=fresh, setting="RS", available=3, updated_at=timezone.now() - dt.timedelta(days=20))
    BedAvailabilityFactory(facility=stale, setting="RS", available=5, updated_at=timezone.now() - dt.timedelta(hours=2))
    client.force_login(alice)
    page = client.get(matches_url(case)).content.decode()
    assert page.count("Stale listing:") == 1
    assert "last verified 5\xa0months, 4\xa0weeks ago" in page
    assert (
        "Why this score (15):</strong> 15 for 5 open beds in Short-term residential, confirmed 2\xa0hours ago." in page
    )
    assert "Why this score (0):</strong> no preference met and no open beds" in page
    assert "3 open beds in Short-term residential, last confirmed 2\xa0weeks, 6\xa0days ago: too old to count" in page
    assert "Too old to count: 2\xa0weeks, 6\xa0days old" in page


def beds_url(case, facility) -> str:
    return reverse("interventions:case-match-beds", kwargs={"case": case.pk, "facility": facility.pk})


def bed_post(facility, **overrides) -> dict:
    values = {"setting": "RD", "available": 5, "method": "phone", "source": "Jo Park, admissions"} | overrides
    return {f"beds-{facility.pk}-{name}": value for name, value in values.items()} | {"query": "search=1"}


def test_interventionist_records_beds_from_the_matches_page_and_the_ranking_uses_them(client, case, alice):
    FacilityFactory(name="A Lodge", codes=[*FIT, "RD"])
    heard = FacilityFactory(name="B Lodge", codes=[*FIT, "RD"])
    client.force_login(alice)
    page = client.get(matches_url(case)).content.decode()
    assert 'aria-label="Record beds at B Lodge"' in page
    response = client.post(beds_url(case, heard), bed_post(heard))
    assert response.status_code == 302 and response["Location"] == matches_url(case) + "?search=1"
    beds = heard.beds.get()
    assert (beds.setting, beds.available, beds.source, beds.updated_by) == ("RD", 5, "Jo Park, admissions", alice)
    assert LogEntry.objects.get_for_object(beds).get().actor == alice
    page = client.get(matches_url(case)).content.decode()
    assert page.index("B Lodge") < page.index("A Lodge")
    assert "5 open beds in Residential detoxification, confirmed " in page


def test_a_bed_count_from_the_matches_page_needs_its_source(client, case, alice):
    heard = FacilityFactory(name="B Lodge", codes=FIT)
    client.force_login(alice)
    response = client.post(beds_url(case, heard), bed_post(heard, setting="RS", source=""), follow=True)
    assert "was not recorded" in response.content.decode()
    assert not heard.beds.exists()


@pytest.mark.parametrize("who", ["mallory", "carol"])
def test_other_practices_and_family_members_cannot_record_beds_through_a_case(client, case, who, request):
    heard = FacilityFactory(name="B Lodge", codes=FIT)
    client.force_login(request.getfixturevalue(who))
    assert client.post(beds_url(case, heard), bed_post(heard, setting="RS")).status_code == 404
    assert not heard.beds.exists()


def test_needs_can_be_edited_before_ranking(client, case, alice):
    FacilityFactory(name="Medicaid Detox", codes=["RS", "RD", "MD", "ADLT", "MALE"])
    client.force_login(alice)
    page = client.get(
        matches_url(case), {"search": "1", "level_of_care": "3.5", "withdrawal_management": "on", "payment": "MD"}
    ).content.decode()
    assert "Medicaid Detox" in page and "Fits level 3.5: Short-term residential" in page


def test_sending_two_referrals_lists_them_on_the_case_page(client, case, alice):
    one, two = FacilityFactory(name="One House", codes=FIT), FacilityFactory(name="Two House", codes=FIT)
    for facility in (one, two):
        ConsentFactory(recipient=facility, case=case, categories=["identity_and_contact"])
    client.force_login(alice)
    response = client.post(
        reverse("interventions:referral-send", kwargs={"case": case.pk}),
        {"facilities": [one.pk, two.pk], "note": "Ready this week", "query": ""},
    )
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.referrals.count() == 2
    assert all(r.match_reasons for r in case.referrals.all())
    page = client.get(case.get_absolute_url()).content.decode()
    assert "One House" in page and "Two House" in page and "Call admissions to confirm" in page


def test_sending_nothing_or_an_unknown_facility_is_refused(client, case, alice):
    client.force_login(alice)
    url = reverse("interventions:referral-send", kwargs={"case": case.pk})
    client.post(url, {"facilities": [], "query": ""})
    client.post(url, {"facilities": [999999], "query": ""})
    assert not case.referrals.exists()


@pytest.mark.parametrize("bad", ["abc", "1.5", "", "-3", "99999999999999999999", "１"])
def test_a_malformed_facility_id_is_a_form_error(client, case, alice, bad):
    facility = FacilityFactory(name="One House", codes=FIT)
    client.force_login(alice)
    url = reverse("interventions:referral-send", kwargs={"case": case.pk})
    response = client.post(url, {"facilities": [bad, facility.pk], "query": ""}, follow=True)
    assert response.status_code == 200
    assert "tick the facilities again" in response.content.decode()
    assert not case.referrals.exists()


def test_the_referral_page_follows_it_to_admission(client, case, alice):
    referral = ReferralFactory(case=case)
    client.force_login(alice)
    client.post(
        referral_url(referral, "referral-contact-add"),
        {"kind": "call", "at": "2026-01-05T10:30", "with_whom": "Jo", "summary": "Bed Friday"},
    )
    client.post(
        referral_url(referral, "referral-verification-add"),
        {
            "payer": "Anthem",
            "member_id": "X1",
            "verified_with": "Rep Kim, ref 77",
            "network": "in",
            "prior_authorization_required": "on",
            "prior_authorization_obtained": "on",
            "outcome": "covered",
        },
    )
    client.post(referral_url(referral, "referral-status"), {"to": "accepted", "note": "Bed on Friday"})
    response = client.post(
        referral_url(referral, "referral-admission"),
        {"admission_at": "2026-12-04T10:00", "admission_contact": "Jo", "what_to_bring": "ID", "transport": "family"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "admission_scheduled"
    assert timezone.localtime(referral.admission_at).strftime("%Y-%m-%d %H:%M") == "2026-12-04 10:00"
    page = client.get(referral_url(referral)).content.decode()
    assert "Bed Friday" in page and "Rep Kim, ref 77" in page and "Confirm transport" in page
    assert LogEntry.objects.get_for_object(referral).filter(action=LogEntry.Action.ACCESS).exists()


def test_a_bad_status_is_a_form_error(client, case, alice):
    referral = ReferralFactory(case=case, status="admitted")
    client.force_login(alice)
    response = client.post(referral_url(referral, "referral-status"), {"to": "sent"})
    assert response.status_code == 200 and Referral.objects.get(pk=referral.pk).status == "admitted"


def test_mallory_gets_404(client, case, mallory):
    referral = ReferralFactory(case=case)
    client.force_login(mallory)
    assert client.get(matches_url(case)).status_code == 404
    assert client.get(referral_url(referral)).status_code == 404
    assert client.post(referral_url(referral, "referral-status"), {"to": "withdrawn"}).status_code == 404
    send = reverse("interventions:referral-send", kwargs={"case": case.pk})
    assert client.post(send, {"facilities": [referral.facility_id]}).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_a_referral_of_another_case_is_404_through_this_case(client, case, practice, alice):
    other = ReferralFactory(case=CaseFactory(organization=practice, lead=alice))
    client.force_login(alice)
    url = reverse("interventions:referral-detail", kwargs={"case": case.pk, "referral": other.pk})
    assert client.get(url).status_code == 404


def test_family_members_and_colleagues_off_the_case_see_nothing(client, case, carol, bob):
    referral = ReferralFactory(case=case)
    for user in (carol, bob):
        client.force_login(user)
        assert client.get(matches_url(case)).status_code == 404
        assert client.get(referral_url(referral)).status_code == 404


@pytest.mark.parametrize("count", [2, 10])
def test_case_page_query_count_does_not_grow_with_referrals(client, case, alice, django_assert_max_num_queries, count):
    for _ in range(count):
        ReferralFactory(case=case)
    client.force_login(alice)
    with django_assert_max_num_queries(40) as captured:
        client.get(case.get_absolute_url())
    facility_queries = [q for q in captured.captured_queries if 'FROM "facilities_facility"' in q["sql"]]
    assert len(facility_queries) <= 1
