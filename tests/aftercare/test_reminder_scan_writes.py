"""What one scan writes, row for row, whichever way it writes it (set-based SQL on PostgreSQL, the ORM on SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from aftercare import services
from aftercare.models import FollowUp, Notification, Reminder
from tests.factories import FollowUpFactory, MembershipFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 1, 13, 0, tzinfo=dt.UTC)


def scan(capture, at=NOW, **kwargs):
    with capture(execute=True):
        return services.reminders_scan(now=at, **kwargs)


def test_a_follow_up_already_reminded_gets_no_second_reminder_even_when_claimed_again(
    case, django_capture_on_commit_callbacks
):
    first, second = (FollowUpFactory(case=case, due_at=NOW - dt.timedelta(minutes=n)) for n in (1, 2))
    scan(django_capture_on_commit_callbacks)
    FollowUp.objects.filter(pk=first.pk).update(reminded_at=None)  # e.g. restored from an older backup
    third = FollowUpFactory(case=case, due_at=NOW)
    result = scan(django_capture_on_commit_callbacks)
    assert result.reminded == 1 and result.reminder_ids == [Reminder.objects.get(follow_up=third).pk]
    assert Reminder.objects.filter(follow_up=first).count() == 1 and Reminder.objects.count() == 3
    assert Notification.objects.filter(reminder__follow_up=first).count() == 1
    assert not FollowUp.objects.filter(pk__in=[first.pk, second.pk, third.pk], reminded_at__isnull=True).exists()


def test_escalations_go_to_the_active_owners_only(case, olivia, practice, django_capture_on_commit_callbacks):
    gone = MembershipFactory(organization=practice, role=Membership.Role.OWNER, is_active=False).user
    locked_out = MembershipFactory(organization=practice, role=Membership.Role.OWNER, user__is_active=False).user
    overdue = FollowUpFactory(case=case, due_at=NOW - dt.timedelta(days=3))
    result = scan(django_capture_on_commit_callbacks)
    assert (result.reminded, result.escalated) == (1, 1)
    escalation = Reminder.objects.get(kind="escalation")
    assert list(escalation.recipients.all()) == [olivia]
    notices = Notification.objects.filter(reminder=escalation)
    assert [n.recipient for n in notices] == [olivia] and not {gone, locked_out} & {n.recipient for n in notices}
    assert notices[0].url == overdue.get_absolute_url() and notices[0].case == case
    assert notices[0].message.startswith("Overdue 2+ days: ") and case.reference in notices[0].message


def test_each_reminder_notifies_its_assignee_with_a_link_to_the_follow_up(
    case, alice, django_capture_on_commit_callbacks
):
    rows = [FollowUpFactory(case=case, due_at=NOW - dt.timedelta(minutes=n)) for n in range(7)]
    result = scan(django_capture_on_commit_callbacks, batch_size=3)
    assert result.reminded == 7
    notices = {n.reminder.follow_up_id: n for n in Notification.objects.select_related("reminder")}
    assert set(notices) == {row.pk for row in rows}
    for row in rows:
        assert (notices[row.pk].recipient, notices[row.pk].url) == (alice, row.get_absolute_url())
        assert notices[row.pk].message.startswith("Follow-up due: ")
        assert list(Reminder.objects.get(follow_up=row).recipients.all()) == [row.assigned_to]


def test_a_scan_makes_as_many_queries_for_twenty_follow_ups_as_for_two(
    case, olivia, django_capture_on_commit_callbacks
):
    def queries_to_remind(count: int, at: dt.datetime) -> int:
        for n in range(count):
            FollowUpFactory(case=case, due_at=at - dt.timedelta(days=3, minutes=n))  # reminded and escalated
        with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as queries:  # emails not sent
            result = services.reminders_scan(now=at, batch_size=50)
        assert (result.reminded, result.escalated) == (count, count)
        return len(queries)

    assert queries_to_remind(2, NOW) == queries_to_remind(20, NOW + dt.timedelta(days=30))
