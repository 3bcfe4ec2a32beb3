from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from aftercare.models import AftercareSettings, FamilySupportSession, FollowUp, Notification
from interventions.models import Stage
from tests.aftercare.conftest import move
from tests.factories import CaseFactory, FollowUpFactory, NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admitted(case, alice):
    move(case, Stage.IN_TREATMENT, alice, timezone.now() - dt.timedelta(days=10))
    return case


def url(name: str, **kwargs) -> str:
    return reverse(f"aftercare:{name}", kwargs=kwargs)


def test_mallory_gets_404(client, mallory, admitted):
    client.force_login(mallory)
    follow_up = admitted.follow_ups.first()
    assert client.get(url("case-aftercare", case=admitted.pk)).status_code == 404
    assert client.get(url("followup-record", case=admitted.pk, followup=follow_up.pk)).status_code == 404
    assert client.get(url("plan-edit", case=admitted.pk)).status_code == 404


def test_a_colleague_not_on_the_case_gets_404_and_the_owner_sees_it(client, bob, olivia, admitted):
    client.force_login(bob)
    assert client.get(url("case-aftercare", case=admitted.pk)).status_code == 404
    client.force_login(olivia)
    assert client.get(url("case-aftercare", case=admitted.pk)).status_code == 200


def test_the_aftercare_page_lists_the_scheduled_follow_ups_and_logs_the_read(client, alice, admitted):
    client.force_login(alice)
    response = client.get(url("case-aftercare", case=admitted.pk))
    html = response.content.decode()
    assert "7-day with the person (after admission)" in html
    assert "90-day with the facility (after admission)" in html
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(admitted.pk)).exists()


def test_the_case_page_shows_the_aftercare_panel(client, alice, admitted):
    client.force_login(alice)
    html = client.get(admitted.get_absolute_url()).content.decode()
    assert url("case-aftercare", case=admitted.pk) in html
    assert "Follow-ups, plan and outcomes" in html


def test_recording_a_follow_up(client, alice, admitted):
    client.force_login(alice)
    follow_up = admitted.follow_ups.get(kind="person", offset_days=7)
    response = client.post(
        url("followup-record", case=admitted.pk, followup=follow_up.pk),
        {
            "contacted_at": "2026-03-09T10:30",
            "reached": "true",
            "engagement": "3",
            "days_abstinent": "9",
            "use_since_last_contact": "false",
            "risk_flags": ["isolation"],
            "notes": "Going to meetings.",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.days_abstinent, follow_up.engagement) == ("done", 9, 3)
    assert follow_up.use_since_last_contact is False and follow_up.risk_flags == ["isolation"]
    assert follow_up.recorded_by == alice
    assert LogEntry.objects.filter(object_pk=str(follow_up.pk), action=LogEntry.Action.UPDATE).exists()


def test_recording_needs_whether_the_person_was_reached(client, alice, admitted):
    client.force_login(alice)
    follow_up = admitted.follow_ups.first()
    response = client.post(url("followup-record", case=admitted.pk, followup=follow_up.pk), {"contacted_at": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_adding_rescheduling_and_cancelling(client, alice, admitted):
    client.force_login(alice)
    response = client.post(
        url("followup-add", case=admitted.pk),
        {"kind": "family", "due_at": "2026-12-01T09:00", "purpose": "Family check-in"},
    )
    assert response.status_code == 302
    added = admitted.follow_ups.get(purpose="Family check-in")
    assert added.anchor == "adhoc" and added.assigned_to == alice
    response = client.post(
        url("followup-reschedule", case=admitted.pk, followup=added.pk),
        {"due_at": "2026-12-03T09:00", "reason": "Away"},
    )
    assert response.status_code == 302
    moved = added.rescheduled_to
    assert timezone.localtime(moved.due_at).day == 3
    assert client.post(url("followup-cancel", case=admitted.pk, followup=moved.pk)).status_code == 302
    moved.refresh_from_db()
    assert moved.status == "cancelled"


def test_an_invalid_ad_hoc_follow_up_is_refused(client, alice, admitted):
    client.force_login(alice)
    response = client.post(url("followup-add", case=admitted.pk), {"kind": "person", "due_at": ""})
    assert response.status_code == 422


def test_the_aftercare_page_makes_a_constant_number_of_queries(client, alice, admitted, django_assert_max_num_queries):
    client.force_login(alice)
    client.get(url("case-aftercare", case=admitted.pk))
    with django_assert_max_num_queries(30) as small:
        client.get(url("case-aftercare", case=admitted.pk))
    for n in range(20):
        FollowUpFactory(
            case=admitted, contacted_at=timezone.now(), reached=True, days_abstinent=n, engagement=n % 5, status="done"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("case-aftercare", case=admitted.pk))


def test_my_follow_ups_list_groups_overdue_today_and_this_week(client, alice, case, django_assert_max_num_queries):
    now = timezone.now()
    overdue = FollowUpFactory(case=case, due_at=now - dt.timedelta(days=3), purpose="Overdue call")
    later = FollowUpFactory(case=case, due_at=now + dt.timedelta(days=3), purpose="Later call")
    FollowUpFactory(case=case, due_at=now + dt.timedelta(days=30), purpose="Next month")
    client.force_login(alice)
    html = client.get(url("followups")).content.decode()
    assert "Overdue call" in html and "Later call" in html and "Next month" not in html
    assert overdue.get_absolute_url() in html and later.get_absolute_url() in html
    with django_assert_max_num_queries(20) as small:
        client.get(url("followups"))
    for n in range(20):
        FollowUpFactory(
            case=CaseFactory(organization=case.organization, lead=alice), due_at=now + dt.timedelta(hours=n)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("followups"))


def test_my_follow_ups_are_mine_and_all_shows_the_colleagues_on_my_cases(client, alice, bob, case):
    case.co_assigned.add(bob)
    FollowUpFactory(case=case, due_at=timezone.now(), purpose="Alice calls", assigned_to=alice)
    FollowUpFactory(case=case, due_at=timezone.now(), purpose="Bob calls", assigned_to=bob)
    client.force_login(alice)
    html = client.get(url("followups")).content.decode()
    assert "Alice calls" in html and "Bob calls" not in html
    assert "Bob calls" in client.get(url("followups") + "?all=1").content.decode()


def test_the_dashboard_needs_attention_lists_overdue_follow_ups_with_a_record_link(client, alice, case):
    overdue = FollowUpFactory(case=case, due_at=timezone.now() - dt.timedelta(days=3))
    client.force_login(alice)
    html = client.get(reverse("interventions:dashboard")).content.decode()
    assert "Overdue:" in html and overdue.get_absolute_url() in html


def test_notifications_bell_list_and_mark_read(client, alice, bob, case):
    mine = NotificationFactory(recipient=alice, case=case, message="Follow-up due: 7-day", url="/x/")
    theirs = NotificationFactory(recipient=bob, case=case, message="Bob's")
    client.force_login(alice)
    assert "1<span" in client.get(url("bell")).content.decode()
    html = client.get(url("notifications")).content.decode()
    assert "Follow-up due: 7-day" in html and "Bob's" not in html
    assert client.post(url("notification-read", notification=theirs.pk)).status_code == 404
    assert client.post(url("notification-read", notification=mine.pk)).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "badge" not in client.get(url("bell")).content.decode()


def test_the_navigation_has_the_bell_for_staff_only(client, alice, carol):
    client.force_login(alice)
    assert url("bell") in client.get(reverse("interventions:dashboard")).content.decode()
    client.force_login(carol)
    assert url("bell") not in client.get(reverse("families:portal-home")).content.decode()


def test_mark_all_read(client, alice, case):
    NotificationFactory(recipient=alice, case=case)
    NotificationFactory(recipient=alice, case=case)
    client.force_login(alice)
    client.post(url("notifications-read-all"))
    assert not Notification.objects.visible_to(alice).unread().exists()


def test_the_owner_changes_the_schedule_and_interventionists_cannot(client, olivia, alice, practice, case):
    client.force_login(alice)
    assert client.get(url("settings", org=practice.pk)).status_code == 403
    client.force_login(olivia)
    response = client.post(
        url("settings", org=practice.pk),
        {
            "admission_offsets": "14, 3",
            "admission_kinds": ["person"],
            "discharge_offsets": "60",
            "discharge_kinds": ["person", "family"],
            "reminder_hour": "10",
        },
    )
    assert response.status_code == 302
    config = AftercareSettings.objects.get(organization=practice)
    assert (config.admission_offsets, config.discharge_kinds) == ([3, 14], ["person", "family"])
    move(case, Stage.IN_TREATMENT, alice, timezone.now())
    assert sorted(case.follow_ups.values_list("offset_days", flat=True)) == [3, 14]


def test_the_schedule_refuses_nonsense(client, olivia, practice):
    client.force_login(olivia)
    response = client.post(
        url("settings", org=practice.pk),
        {
            "admission_offsets": "soon",
            "admission_kinds": ["person"],
            "discharge_offsets": "30",
            "discharge_kinds": ["person"],
            "reminder_hour": "25",
        },
    )
    assert response.status_code == 200
    assert not AftercareSettings.objects.exists()


def test_family_sessions_and_resources(client, alice, case):
    client.force_login(alice)
    response = client.post(
        url("session-add", case=case.pk),
        {
            "kind": "craft",
            "scheduled_at": "2026-12-05T18:00",
            "attendees": "Sister, father",
            "status": "scheduled",
        },
    )
    assert response.status_code == 302
    session = FamilySupportSession.objects.get()
    assert session.facilitator == alice
    client.post(
        url("session-edit", case=case.pk, session=session.pk),
        {
            "kind": "craft",
            "scheduled_at": "2026-12-05T18:00",
            "attendees": "Sister",
            "status": "held",
            "topics": "Rewarding sobriety",
            "family_wellbeing": "4",
        },
    )
    session.refresh_from_db()
    assert (session.status, session.family_wellbeing) == ("held", 4)
    client.post(url("resource-share", case=case.pk), {"resource": "nar_anon"})
    client.post(url("resource-share", case=case.pk), {"resource": "nar_anon"})
    assert case.shared_resources.get().resource == "nar_anon"
    html = client.get(url("case-aftercare", case=case.pk)).content.decode()
    for name in ("Al-Anon", "Nar-Anon", "SMART Recovery Family &amp; Friends", "CRAFT"):
        assert name in html


def test_outcomes_show_retention_discharge_type_readmission_and_the_chart(client, alice, case):
    now = timezone.now()
    move(case, Stage.IN_TREATMENT, alice, now - dt.timedelta(days=100))
    move(case, Stage.AFTERCARE, alice, now - dt.timedelta(days=70))
    move(case, Stage.IN_TREATMENT, alice, now - dt.timedelta(days=20))
    for n, days in enumerate((5, 25, 0)):
        FollowUpFactory(
            case=case,
            status="done",
            reached=True,
            days_abstinent=days,
            engagement=n + 1,
            contacted_at=now - dt.timedelta(days=90 - 30 * n),
        )
    client.force_login(alice)
    html = client.get(url("case-aftercare", case=case.pk)).content.decode()
    assert "1 readmission" in html
    assert "Completed (planned discharge)" in html
    assert "<td>30</td>" in html  # days in treatment of the first episode
    assert "<polyline" in html and 'role="img"' in html
    assert "Days abstinent and engagement at each follow-up" in html
    first = case.episodes.first()
    edit = url("episode-edit", case=case.pk, episode=first.pk)
    assert client.post(edit, {"discharge_type": "transferred"}).status_code == 302
    first.refresh_from_db()
    assert first.discharge_type == "transferred"
    client.post(url("episode-edit", case=case.pk, episode=case.episodes.last().pk), {"discharge_type": "completed"})
    assert case.episodes.last().discharge_type == ""  # still in treatment: nothing to describe


def test_the_notification_list_makes_a_constant_number_of_queries(client, alice, case, django_assert_max_num_queries):
    NotificationFactory.create_batch(2, recipient=alice, case=case)
    client.force_login(alice)
    with django_assert_max_num_queries(20) as small:
        client.get(url("notifications"))
    NotificationFactory.create_batch(20, recipient=alice, case=case)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("notifications")).content.decode().count("Mark read<span") == 22


def test_the_chart_puts_more_days_abstinent_higher():
    from aftercare.queries import outcome_chart

    now = timezone.now()
    rows = [
        FollowUp(contacted_at=now, days_abstinent=0, engagement=0),
        FollowUp(contacted_at=now + dt.timedelta(days=30), days_abstinent=30, engagement=4),
    ]
    chart = outcome_chart(rows)
    (x0, y0, _), (x1, y1, _) = chart["abstinent"]
    assert x0 < x1 and y1 < y0
    assert outcome_chart([]) is None


def test_the_case_timeline_shows_recorded_follow_ups_plans_and_family_sessions(client, alice, case):
    from aftercare import services
    from tests.factories import FamilySupportSessionFactory

    FollowUpFactory(case=case, contacted_at=timezone.now(), reached=True, days_abstinent=21, status="done")
    services.plan_save(case=case, by=alice, fields={})
    FamilySupportSessionFactory(case=case, status="held", topics="Communication skills")
    client.force_login(alice)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "21 days abstinent" in html
    assert "Aftercare plan version 1" in html
    assert "Family session held: CRAFT coaching" in html


def test_the_chart_keeps_two_contacts_on_one_day_apart_and_labels_the_dates(case):
    from django.template.loader import render_to_string

    from aftercare.queries import outcome_chart

    day = timezone.make_aware(dt.datetime(2026, 10, 26, 13))
    rows = [
        FollowUp(contacted_at=day, days_abstinent=7, engagement=3),
        FollowUp(contacted_at=day, days_abstinent=None, engagement=2),
        FollowUp(contacted_at=day + dt.timedelta(days=23), days_abstinent=30, engagement=4),
    ]
    chart = outcome_chart(rows)
    xs = [x for x, _, _ in chart["engaged"]]
    assert len(set(xs)) == 3 and xs == sorted(xs)
    svg = render_to_string("aftercare/partials/_outcome_chart.html", {"chart": chart, "case": case})
    assert svg.count(">Oct 26</text>") == 2 and ">Nov 18</text>" in svg
