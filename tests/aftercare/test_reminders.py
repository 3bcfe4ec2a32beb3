from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError

from aftercare import services
from aftercare.models import FollowUp, Notification, Reminder
from aftercare.tasks import scan_reminders, send_reminder_emails
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 1, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
def due(case):
    return FollowUpFactory(case=case, due_at=NOW)


def scan(at, capture):
    with capture(execute=True):
        return services.reminders_scan(now=at)


def test_nothing_is_reminded_before_it_is_due(due, django_capture_on_commit_callbacks):
    result = scan(NOW - dt.timedelta(seconds=1), django_capture_on_commit_callbacks)
    assert result.reminded == 0
    assert not Reminder.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_at_due_time_one_reminder_one_notification_and_one_email(due, alice, django_capture_on_commit_callbacks):
    result = scan(NOW, django_capture_on_commit_callbacks)
    assert result.reminded == 1
    reminder = Reminder.objects.get()
    assert (reminder.follow_up, reminder.kind) == (due, "due")
    assert reminder.email_sent_at is not None
    notification = Notification.objects.get()
    assert notification.recipient == alice and notification.url == due.get_absolute_url()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [alice.email]
    assert due.case.display_name not in mail.outbox[0].body  # the email names the case reference only
    assert due.case.reference in mail.outbox[0].body


def test_scanning_again_reminds_nothing_twice(due, django_capture_on_commit_callbacks):
    scan(NOW, django_capture_on_commit_callbacks)
    again = scan(NOW + dt.timedelta(minutes=5), django_capture_on_commit_callbacks)
    assert again.reminded == 0
    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1


def test_the_database_refuses_a_second_reminder_of_the_same_kind(due):
    Reminder.objects.create(follow_up=due, kind="due")
    with pytest.raises(IntegrityError):
        Reminder.objects.create(follow_up=due, kind="due")


def test_a_rolled_back_scan_queues_no_email(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reminders_scan(now=NOW)
    # The test transaction is never committed: the callbacks were captured, not run.
    assert callbacks and not mail.outbox


def test_done_or_cancelled_follow_ups_are_not_reminded(case, django_capture_on_commit_callbacks):
    FollowUpFactory(case=case, due_at=NOW, status=FollowUp.Status.DONE)
    FollowUpFactory(case=case, due_at=NOW, status=FollowUp.Status.CANCELLED)
    assert scan(NOW, django_capture_on_commit_callbacks).reminded == 0


def test_escalation_to_the_owner_once_after_two_days_overdue(due, olivia, alice, django_capture_on_commit_callbacks):
    scan(NOW, django_capture_on_commit_callbacks)
    assert scan(NOW + dt.timedelta(days=2, seconds=-1), django_capture_on_commit_callbacks).escalated == 0
    assert scan(NOW + dt.timedelta(days=2), django_capture_on_commit_callbacks).escalated == 1
    assert scan(NOW + dt.timedelta(days=5), django_capture_on_commit_callbacks).escalated == 0
    escalation = Reminder.objects.get(kind="escalation")
    assert list(escalation.recipients.all()) == [olivia]
    assert Notification.objects.filter(recipient=olivia).count() == 1
    assert [message.to for message in mail.outbox] == [[alice.email], [olivia.email]]
    assert "overdue" in mail.outbox[1].body


def test_a_follow_up_recorded_in_time_is_not_escalated(due, olivia, alice, django_capture_on_commit_callbacks):
    scan(NOW, django_capture_on_commit_callbacks)
    services.followup_record(follow_up=due, by=alice, reached=True)
    assert scan(NOW + dt.timedelta(days=3), django_capture_on_commit_callbacks).escalated == 0


def test_a_rescheduled_follow_up_is_reminded_again_at_its_new_time(due, alice, django_capture_on_commit_callbacks):
    scan(NOW, django_capture_on_commit_callbacks)
    new = services.followup_reschedule(follow_up=due, due_at=NOW + dt.timedelta(days=1), by=alice)
    assert scan(NOW + dt.timedelta(hours=23), django_capture_on_commit_callbacks).reminded == 0
    assert scan(NOW + dt.timedelta(days=1), django_capture_on_commit_callbacks).reminded == 1
    assert Reminder.objects.filter(follow_up=new).count() == 1


def test_many_due_follow_ups_are_reminded_in_batches_exactly_once(case, django_capture_on_commit_callbacks):
    for n in range(7):
        FollowUpFactory(case=case, due_at=NOW - dt.timedelta(minutes=n))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.reminders_scan(now=NOW, batch_size=3)
    assert result.reminded == 7
    assert Reminder.objects.count() == 7 and len(mail.outbox) == 7


def test_an_email_never_queued_is_sent_by_a_later_scan(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.reminders_scan(now=NOW)  # as if the worker died between commit and queueing
    assert not mail.outbox
    result = scan(NOW + dt.timedelta(minutes=15), django_capture_on_commit_callbacks)
    assert result.emails_requeued == 1 and len(mail.outbox) == 1


def test_the_email_task_sends_once_however_often_it_is_delivered(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.reminders_scan(now=NOW)
    reminder = Reminder.objects.get()
    assert send_reminder_emails.apply(args=[[reminder.pk]]).get() == 1
    assert send_reminder_emails.apply(args=[[reminder.pk, reminder.pk]]).get() == 0
    assert len(mail.outbox) == 1


def test_the_scan_task_runs_the_service(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_reminders.apply().get()["reminded"] == 1


def test_the_beat_schedule_runs_the_scan_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["aftercare-reminder-scan"]
    assert entry["task"] == "aftercare.tasks.scan_reminders"
    assert entry["schedule"].minute == set(range(0, 60, 5))


def test_marking_notifications_read(alice, bob, case):
    from tests.factories import NotificationFactory

    mine = NotificationFactory(recipient=alice, case=case)
    NotificationFactory(recipient=alice, case=case)
    theirs = NotificationFactory(recipient=bob, case=case)
    services.notification_mark_read(notification=theirs, by=alice)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    services.notification_mark_read(notification=mine, by=alice)
    assert Notification.objects.visible_to(alice).unread().count() == 1
    assert services.notifications_mark_all_read(by=alice) == 1
