"""Times and places (issue 14): every time shown, sent or printed is in the practice's time zone, or the reader's own
where they set one; an event at a place in another zone is in that place's zone, named. The installation runs on
America/New_York (settings.TIME_ZONE); the practice here is in Los Angeles, so a server-zone slip shows as 13:00."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from accounts.zones import zone_for_user
from aftercare import services as aftercare_services
from aftercare.models import Notification
from families.models import ImpactLetter
from interventions.models import Stage
from interventions.services.referral_hooks import admit_referral
from interventions.summary.render import render_html
from interventions.tasks import send_calendar_invitations
from tests.factories import (
    CaseFactory,
    CaseSummaryFactory,
    FacilityFactory,
    FamilyMemberFactory,
    FollowUpFactory,
    InterventionPlanFactory,
    ParticipantFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
DENVER = ZoneInfo("America/Denver")
TEN_IN_LA = dt.datetime(2026, 12, 5, 10, 0, tzinfo=LA)


@pytest.fixture
def practice(practice):
    practice.time_zone = "America/Los_Angeles"
    practice.save()
    return practice


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING)


@pytest.fixture
def plan(case):
    plan = InterventionPlanFactory(case=case, scheduled_for=TEN_IN_LA, location="Portland, the family home")
    ParticipantFactory(plan=plan, name="Ann Whitaker", email="ann@example.org")
    return plan


def ics_events(content: bytes) -> list:
    return sorted(Calendar.from_ical(content).walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_the_ics_of_a_plan_in_a_los_angeles_practice_is_at_ten_los_angeles_time(client, alice, case, plan):
    client.force_login(alice)
    content = client.get(reverse("interventions:plan-ics", kwargs={"case": case.pk})).content
    [event] = ics_events(content)
    assert str(event["dtstart"].params["TZID"]) == "America/Los_Angeles"
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime(2026, 12, 5, 10, 0)
    assert [str(tz["TZID"]) for tz in Calendar.from_ical(content).walk("VTIMEZONE")] == ["America/Los_Angeles"]


def test_a_plan_at_a_place_in_denver_is_entered_shown_and_calendared_in_denver(client, alice, case, plan):
    client.force_login(alice)
    response = client.post(
        reverse("interventions:plan-edit", kwargs={"case": case.pk}),
        {
            "model": plan.model,
            "scheduled_for": "2026-12-05T10:00",
            "duration_minutes": "90",
            "location": "Denver, the lake house",
            "time_zone": "America/Denver",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    assert plan.scheduled_for == dt.datetime(2026, 12, 5, 10, 0, tzinfo=DENVER)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert "Saturday, December 5, 2026, 10:00 AM MST (America/Denver)" in page
    form = client.get(reverse("interventions:plan-edit", kwargs={"case": case.pk})).content.decode()
    assert 'value="2026-12-05T10:00"' in form  # edited again in Denver time, not the practice's
    [event] = ics_events(client.get(reverse("interventions:plan-ics", kwargs={"case": case.pk})).content)
    assert str(event["dtstart"].params["TZID"]) == "America/Denver"
    assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime(2026, 12, 5, 10, 0)


def test_the_practice_zone_plan_is_not_renamed_for_its_own_readers(client, alice, case, plan):
    client.force_login(alice)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert "Saturday, December 5, 2026, 10:00 AM PST" in page
    assert "(America/Los_Angeles)" not in page


def test_the_calendar_invitation_a_worker_sends_is_in_the_practice_zone(plan):
    assert send_calendar_invitations.apply(args=[plan.pk]).get() == 1
    body = mail.outbox[0].body
    assert "Saturday, December 5, 2026, 10:00 AM PST" in body
    [event] = ics_events(mail.outbox[0].attachments[0][1])
    assert str(event["dtstart"].params["TZID"]) == "America/Los_Angeles"


def test_a_reminder_a_worker_sends_is_in_the_practice_zone(
    case, alice, celery_eager, django_capture_on_commit_callbacks
):
    due = dt.datetime(2026, 4, 1, 9, 0, tzinfo=LA)
    FollowUpFactory(case=case, due_at=due)
    with django_capture_on_commit_callbacks(execute=True):
        aftercare_services.reminders_scan(now=due)
    assert "2026-04-01 09:00 PDT" in mail.outbox[0].body
    assert Notification.objects.get(recipient=alice).message.endswith("Apr 01 09:00 PDT")


def test_the_summary_is_printed_in_the_practice_zone(case, plan):
    html, _, _ = render_html(CaseSummaryFactory(case=case), generated_at=dt.datetime(2026, 12, 6, 1, 0, tzinfo=dt.UTC))
    assert "Dec 5, 2026, 10:00 AM PST" in html
    assert "generated Dec 5, 2026, 5:00 PM PST" in html
    assert "America/Los_Angeles" in html


def test_the_summary_file_is_named_with_the_practice_date(case):
    summary = CaseSummaryFactory(case=case, built_at=dt.datetime(2026, 12, 6, 6, 0, tzinfo=dt.UTC))  # 01:00 in NY
    assert summary.download_name().endswith("-summary-2026-12-05.pdf")


def test_the_arrival_note_is_in_the_practice_zone_and_names_it(case, alice):
    ReferralFactory(case=case, status="admission_scheduled", facility=FacilityFactory(name="Lodge"))
    admit_referral(case=case, by=alice, arrived_at=dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.UTC))
    note = case.referrals.get().status_changes.get().note
    assert note == "Arrival confirmed for 2026-12-04 10:00 PST."


def test_staff_see_their_practice_zone_or_their_own(client, alice):
    url = reverse("accounts:profile")
    client.force_login(alice)
    assert "shown in America/Los_Angeles" in client.get(url).content.decode()
    response = client.post(url, {"display_name": "Alice Alvarez", "time_zone": "Europe/London"})
    assert response.status_code == 302
    assert "shown in Europe/London" in client.get(url).content.decode()
    assert client.post(url, {"display_name": "Alice", "time_zone": "Mars/Olympus"}).status_code == 200
    alice.refresh_from_db()
    assert alice.time_zone == "Europe/London"


def test_a_user_with_their_own_zone_sees_a_practice_time_named(client, alice, case, plan):
    alice.time_zone = "Europe/London"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert "10:00 AM PST (America/Los_Angeles)" in page


def test_a_family_member_gets_the_zone_of_their_cases_practice(client, case, carol):
    assert zone_for_user(carol) == ZoneInfo("America/New_York")  # not on any case yet: the installation's
    FamilyMemberFactory(case=case, user=carol)
    assert zone_for_user(carol) == LA
    client.force_login(carol)
    assert "shown in America/Los_Angeles" in client.get(reverse("accounts:profile")).content.decode()


def test_the_owner_sets_the_practice_zone_on_the_practice_page(client, practice, olivia, alice):
    url = reverse("accounts:organization-time-zone", kwargs={"org": practice.pk})
    client.force_login(alice)
    assert client.post(url, {"time_zone": "America/Chicago"}).status_code == 403
    client.force_login(olivia)
    assert "Save the time zone" in client.get(practice.get_absolute_url()).content.decode()
    assert client.post(url, {"time_zone": "Mars/Olympus"}).status_code == 200
    assert client.post(url, {"time_zone": "America/Chicago"}).status_code == 302
    practice.refresh_from_db()
    assert practice.zone == ZoneInfo("America/Chicago")


def test_a_family_member_on_cases_of_two_practices_sees_each_in_its_zone(client, case, carol, other_practice):
    other_practice.time_zone = "America/Chicago"
    other_practice.save()
    FamilyMemberFactory(case=case, user=carol)  # the first: carol's zone elsewhere is Los Angeles
    other = FamilyMemberFactory(case=CaseFactory(organization=other_practice), user=carol)
    client.force_login(carol)
    response = client.post(reverse("families:portal-letter-autosave", kwargs={"member": other.pk}), {"body": "Dear"})
    saved = ImpactLetter.objects.get(member=other).updated_at.astimezone(ZoneInfo("America/Chicago"))
    assert response.content.decode() == f"Saved automatically at {saved:%H:%M:%S}."


def test_a_consent_ends_at_midnight_in_the_practice_zone(case, carol):
    from consents.policy import may_disclose as policy
    from tests.factories import ConsentFactory

    member = FamilyMemberFactory(case=case, user=carol)
    ConsentFactory(recipient=member, signed_on=dt.date(2026, 11, 1), expiry_date=dt.date(2026, 12, 5))
    evening_in_la = dt.datetime(2026, 12, 6, 5, 0, tzinfo=dt.UTC)  # Dec 5, 21:00 in LA; Dec 6 in New York
    assert policy(carol, case, "stage_and_status", at=evening_in_la)
    assert not policy(carol, case, "stage_and_status", at=evening_in_la + dt.timedelta(hours=4))
