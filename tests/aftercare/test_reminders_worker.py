"""Reminders through real Celery worker processes on Redis and the shared PostgreSQL test database."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time

import pytest
from celery import Celery
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from aftercare.models import FollowUp, Notification, Reminder
from tests import services
from tests.factories import CaseFactory, FollowUpFactory

pytestmark = [pytest.mark.services("redis", "worker"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mailbox(tmp_path, monkeypatch):
    """Workers write each email to a file here, so the test can count what really went out."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{folder}")  # an absolute path needs the extra slash
    return folder


def emails_in(folder) -> int:
    return sum(
        path.read_text().count("\nSubject: ") + path.read_text().startswith("Subject: ") for path in folder.iterdir()
    )


def drain(process) -> list[str]:
    """Keep reading the worker's output so a full pipe never blocks it."""
    lines: list[str] = []

    def run() -> None:
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=run, daemon=True).start()
    return lines


def probe() -> Celery:
    return Celery("probe", broker=services.redis_url(), backend=services.redis_url(), set_as_current=False)


def wait_until(check, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def follow_ups(practice, olivia, alice):
    """40 due an hour ago, 6 overdue by three days, 10 not due until tomorrow."""
    case = CaseFactory(organization=practice, lead=alice)
    now = timezone.now()
    due = [FollowUpFactory(case=case, due_at=now - dt.timedelta(hours=1, minutes=n)) for n in range(40)]
    overdue = [FollowUpFactory(case=case, due_at=now - dt.timedelta(days=3, minutes=n)) for n in range(6)]
    future = [FollowUpFactory(case=case, due_at=now + dt.timedelta(days=1)) for _ in range(10)]
    return due, overdue, future


def assert_exactly_once(due, overdue, future) -> None:
    per_follow_up = dict(
        Reminder.objects.filter(kind="due")
        .values_list("follow_up")
        .annotate(n=Count("pk"))
        .values_list("follow_up", "n")
    )
    assert per_follow_up == {row.pk: 1 for row in due + overdue}
    assert set(Reminder.objects.filter(kind="escalation").values_list("follow_up", flat=True)) == {
        r.pk for r in overdue
    }
    assert not Reminder.objects.filter(follow_up__in=future).exists()
    assert not FollowUp.objects.filter(pk__in=[r.pk for r in future], reminded_at__isnull=False).exists()


def test_two_workers_scanning_at_once_remind_each_follow_up_exactly_once(follow_ups, mailbox):
    due, overdue, future = follow_ups
    client = probe()
    with services.worker_process() as (first, queue_a), services.worker_process() as (second, queue_b):
        drain(first), drain(second)
        results = [
            client.send_task("aftercare.tasks.scan_reminders", kwargs={"batch_size": 4}, queue=queue)
            for queue in (queue_a, queue_b)
        ]
        answers = [result.get(timeout=90) for result in results]
        assert sum(answer["reminded"] for answer in answers) == len(due) + len(overdue)
        assert sum(answer["escalated"] for answer in answers) == len(overdue)
        wait_until(lambda: not Reminder.objects.filter(email_sent_at__isnull=True).exists(), what="emails")
        again = client.send_task("aftercare.tasks.scan_reminders", queue=queue_a).get(timeout=60)
        assert (again["reminded"], again["escalated"]) == (0, 0)
    assert_exactly_once(due, overdue, future)
    assert emails_in(mailbox) == len(due) + 2 * len(overdue)
    assert Notification.objects.count() == len(due) + 2 * len(overdue)  # alice for each; olivia per escalation


def backends_waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def others_holding_follow_up_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'aftercare_followup' AND l.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_in_the_middle_of_a_batch_loses_and_doubles_nothing(practice, olivia, alice, mailbox):
    case = CaseFactory(organization=practice, lead=alice)
    now = timezone.now()
    due = [FollowUpFactory(case=case, due_at=now - dt.timedelta(hours=1) + dt.timedelta(minutes=n)) for n in range(30)]
    client = probe()
    with services.worker_process() as (doomed, queue):
        drain(doomed)
        with transaction.atomic():
            # Hold the 15th follow-up's reminder slot open: the worker claims the batch, marks it reminded,
            # then waits on the unique index of the reminders. That is the middle of its batch.
            Reminder.objects.create(follow_up=due[14], kind="due")
            client.send_task("aftercare.tasks.scan_reminders", queue=queue)
            wait_until(lambda: backends_waiting_on_a_lock() >= 1, what="the worker to block mid-batch")
            assert others_holding_follow_up_locks() > 0  # it holds its claimed, already marked follow-ups
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
            transaction.set_rollback(True)
    wait_until(lambda: others_holding_follow_up_locks() == 0, what="the killed worker's transaction to end")
    assert not Reminder.objects.exists(), "the killed worker's half batch must have rolled back"
    assert not FollowUp.objects.filter(reminded_at__isnull=False).exists()

    with services.worker_process() as (survivor, queue):
        drain(survivor)
        answer = client.send_task("aftercare.tasks.scan_reminders", queue=queue).get(timeout=90)
        assert answer["reminded"] == 30
        wait_until(lambda: not Reminder.objects.filter(email_sent_at__isnull=True).exists(), what="emails")
    assert_exactly_once(due, [], [])
    assert emails_in(mailbox) == 30
