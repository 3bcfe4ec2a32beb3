"""Facility scorecards: each measure on a hand-built set of referrals and stays, scoping to the viewer's practice,
and the cards on the facility page and the matches page (constant queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftercare.models import Episode
from interventions.models import ReferralStatusChange
from reports.scorecards import Figure, scorecard_for, scorecards_for
from tests.factories import CaseFactory, FacilityFactory, ReferralFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
FIT = ["RS", "PI", "ADLT", "MALE", "FEM"]


def days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def referral(case, facility, sent_at, *steps, status=None):
    """A referral sent at `sent_at`, then each (status, hours after sending) in `steps`; its status is the last."""
    final = status or (steps[-1][0] if steps else "sent")
    made = ReferralFactory(case=case, facility=facility, status=final, created_at=sent_at)
    ReferralStatusChange.objects.create(referral=made, from_status="", to_status="sent", by=case.lead, at=sent_at)
    previous = "sent"
    for to, hours in steps:
        at = sent_at + dt.timedelta(hours=hours)
        ReferralStatusChange.objects.create(referral=made, from_status=previous, to_status=to, by=case.lead, at=at)
        previous = to
    return made


def stay(case, admitted, discharged=None, discharge_type=""):
    return Episode.objects.create(
        case=case, admitted_at=admitted, discharged_at=discharged, discharge_type=discharge_type
    )


@pytest.fixture
def lodge():
    return FacilityFactory(name="Fits Lodge", codes=FIT)


@pytest.fixture
def ridge():
    return FacilityFactory(name="Blue Ridge House", codes=FIT)


@pytest.fixture
def history(practice, alice, other_practice, mallory, lodge, ridge):
    """Practice A's referrals to Fits Lodge (and one to Blue Ridge), and practice B's, which must never count.

    Fits Lodge: six sent (a draft too), five answered in 2, 4, 10, 6 and 8 hours, four decided (three accepted,
    one declined), three admitted; stays: 190 days ago for 40 days (completed), 100 days ago for 5 days (left early,
    back in treatment 15 days later at Blue Ridge), 45 days ago and still there.
    """
    case1, case2, case3 = (CaseFactory(organization=practice, lead=alice) for _ in range(3))
    other = CaseFactory(organization=practice, lead=alice)
    referral(case1, lodge, days_ago(200), ("under_review", 2), ("accepted", 24), ("admitted", 240))
    stay(case1, days_ago(190), days_ago(150), Episode.DischargeType.COMPLETED)
    referral(case2, lodge, days_ago(120), ("accepted", 4), ("admitted", 400))
    stay(case2, days_ago(100), days_ago(95), Episode.DischargeType.LEFT_EARLY)
    referral(case2, ridge, days_ago(85), ("accepted", 1), ("admitted", 100))
    stay(case2, days_ago(80))
    referral(other, lodge, days_ago(60), ("declined", 10))
    referral(other, lodge, days_ago(10))
    ReferralFactory(case=other, facility=lodge, status="draft", created_at=days_ago(1))
    referral(other, lodge, days_ago(40), ("waitlisted", 6), ("withdrawn", 50))
    referral(case3, lodge, days_ago(50), ("accepted", 8), ("admitted", 100))
    stay(case3, days_ago(45))
    # Practice B: an admitted, completed stay at Fits Lodge, answered in a minute.
    theirs = CaseFactory(organization=other_practice, lead=mallory)
    referral(theirs, lodge, days_ago(5), ("accepted", 0.02), ("admitted", 1))
    stay(theirs, days_ago(300), days_ago(200), Episode.DischargeType.COMPLETED)
    referral(theirs, lodge, days_ago(400), ("accepted", 1), ("admitted", 2))


def test_each_measure_on_hand_counted_referrals_and_stays(history, practice, lodge):
    card = scorecard_for(practice, lodge.pk, now=NOW)
    f = card.figures
    assert (f["sent"].value, f["sent"].n) == (6, 6)
    assert f["response"].n == 5
    assert f["response"].duration == dt.timedelta(hours=6)  # (2 + 4 + 10 + 6 + 8) / 5
    assert (f["acceptance"].value, f["acceptance"].n) == (3, 4)
    assert (f["admissions"].value, f["admissions"].n) == (3, 6)
    assert (f["completion"].value, f["completion"].n) == (1, 2)
    assert (f["retention_30"].value, f["retention_30"].n) == (2, 3)
    assert (f["retention_90"].value, f["retention_90"].n) == (0, 2)
    assert (f["readmission"].value, f["readmission"].n) == (1, 2)
    assert f["last"].date == days_ago(10)


def test_a_stay_counts_for_the_facility_of_the_latest_admitted_referral_before_it(history, practice, ridge):
    f = scorecard_for(practice, ridge.pk, now=NOW).figures
    assert (f["sent"].value, f["admissions"].value) == (1, 1)
    assert (f["retention_30"].value, f["retention_30"].n) == (1, 1)
    assert f["retention_90"].n == 0
    assert f["completion"].n == 0


def test_another_practices_referrals_never_count(history, other_practice, practice, lodge):
    theirs = scorecard_for(other_practice, lodge.pk, now=NOW).figures
    assert (theirs["sent"].n, theirs["admissions"].value, theirs["completion"].value) == (2, 2, 1)
    assert theirs["last"].date == days_ago(5)
    ours = scorecard_for(practice, lodge.pk, now=NOW).figures
    assert ours["sent"].n == 6 and ours["last"].date == days_ago(10)


def test_a_facility_never_referred_to_gets_an_empty_card_with_n_zero(practice):
    quiet = FacilityFactory()
    card = scorecard_for(practice, quiet.pk)
    assert card.sent == 0
    assert card.acceptance.text == "none yet (n = 0)"
    assert card.figures["response"].text == "no answers yet (n = 0)"
    assert card.last.text == "never"


def test_small_n_is_said_instead_of_a_percentage():
    assert Figure("acceptance", "Accepted", n=4, value=3, is_share=True).text == (
        "3 of 4 (n < 5: too few for a percentage)"
    )
    assert Figure("acceptance", "Accepted", n=8, value=6, is_share=True).text == "75 % (6 of 8)"
    assert Figure("response", "Response time", n=2, duration=dt.timedelta(hours=3)).text == (
        "3.0 hours on average (n = 2; n < 5: few)"
    )


def test_cards_for_many_facilities_take_two_queries(history, practice, lodge, ridge):
    ids = [lodge.pk, ridge.pk, *(FacilityFactory().pk for _ in range(10))]
    with CaptureQueriesContext(connection) as captured:
        cards = scorecards_for(practice, ids, now=NOW)
    assert len(captured) == 2
    assert set(cards) == set(ids)


def test_the_facility_page_shows_the_practices_card_with_n(client, history, alice, lodge):
    client.force_login(alice)
    page = client.get(lodge.get_absolute_url()).content.decode()
    assert "Scorecard: Harbor Intervention Group" in page
    assert 'Referrals sent: <span class="fw-normal">6 (n = 6)</span>' in page
    assert "3 of 4 (n &lt; 5: too few for a percentage)" in page
    assert "Retention at 30 days: of the admissions at least 30 days ago" in page


def test_a_directory_admin_without_a_practice_sees_no_card(client, history, dana, lodge):
    client.force_login(dana)
    response = client.get(lodge.get_absolute_url())
    assert response.status_code == 200
    assert "Scorecard" not in response.content.decode()


def test_mallory_sees_only_her_practices_card(client, history, mallory, lodge):
    client.force_login(mallory)
    page = client.get(lodge.get_absolute_url()).content.decode()
    assert "Scorecard: Summit Family Recovery" in page
    assert "Harbor" not in page
    assert 'Referrals sent: <span class="fw-normal">2 (n = 2)</span>' in page


def _matches(client, case):
    url = reverse("interventions:case-matches", kwargs={"case": case.pk})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_the_matches_page_shows_every_facility_with_its_card_in_constant_queries(client, practice, alice):
    case = CaseFactory(
        organization=practice,
        lead=alice,
        sex="male",
        payer="PI",
        postal_code="22902",
        date_of_birth=dt.date(1985, 5, 5),
        preferred_language="EN",
    )
    client.force_login(alice)
    counts = []
    facilities = []
    for size in (2, 12):
        while len(facilities) < size:
            facility = FacilityFactory(codes=FIT)
            facilities.append(facility)
            referral(CaseFactory(organization=practice, lead=alice), facility, days_ago(20), ("declined", 3))
        page, queries = _matches(client, case)
        counts.append(queries)
        # Declined by every one of them, and still every one is listed, each with its card.
        assert all(f.name in page for f in facilities)
        assert page.count("Our referrals: 1 sent") == size
    assert counts[0] == counts[1]


def test_a_card_never_hides_or_reorders_a_match(client, practice, alice):
    case = CaseFactory(
        organization=practice,
        lead=alice,
        sex="male",
        payer="PI",
        postal_code="22902",
        date_of_birth=dt.date(1985, 5, 5),
        preferred_language="EN",
    )
    declining = FacilityFactory(name="Aardvark Recovery", codes=FIT)
    FacilityFactory(name="Zephyr House", codes=FIT)
    for _ in range(6):
        referral(CaseFactory(organization=practice, lead=alice), declining, days_ago(30), ("declined", 1))
    client.force_login(alice)
    page, _ = _matches(client, case)
    assert page.index("Aardvark Recovery") < page.index("Zephyr House")
    assert "accepted 0 % (0 of 6)" in page
