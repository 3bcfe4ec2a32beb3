"""`make bench` figure of aftercare's reminders: how long one reminder scan takes."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, Organization, User
from aftercare.models import FollowUp, Notification, Reminder
from aftercare.services import reminders_scan
from interventions.models import Case

from .context import BenchContext


def _seed(total: int, due: int) -> None:
    organization = Organization.objects.create(name="Bench aftercare practice")
    lead = User.objects.create_user("bench-aftercare@example.org", display_name="Bench Lead")
    Membership.objects.create(user=lead, organization=organization, role=Membership.Role.OWNER)
    now = timezone.now()
    per_case = 100
    Case.objects.bulk_create(
        Case(organization=organization, lead=lead, created_by=lead, first_name="Bench", last_name=f"Person {n}")
        for n in range(max(total // per_case, 1))
    )
    case_ids = list(Case.objects.filter(organization=organization).values_list("pk", flat=True))
    rows = []
    for n in range(total):
        # Due ones a day ago (not yet escalated); the rest spread over the coming year.
        due_at = now - dt.timedelta(days=1) if n < due else now + dt.timedelta(hours=1 + n % 8760)
        rows.append(
            FollowUp(
                case_id=case_ids[n % len(case_ids)],
                kind="person",
                due_at=due_at,
                assigned_to=lead,
                created_by=lead,
                offset_days=None,
            )
        )
    FollowUp.objects.bulk_create(rows, batch_size=5000)


def _reset() -> None:
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    FollowUp.objects.update(reminded_at=None, escalated_at=None)


def reminder_scan(ctx: BenchContext, total: int | None = None, due: int | None = None) -> dict[str, float | int]:
    """`reminder_scan_ms`: one scan over 100,000 follow-ups of which 1,000 are due, its 1,000 emails queued
    (10,000 and 100 with --quick; the tests pass smaller sizes)."""
    from config.celery import app

    total, due = total or (10_000 if ctx.quick else 100_000), due or (100 if ctx.quick else 1_000)
    ctx.log(f"seeding {total} follow-ups, {due} due")
    _seed(total, due)
    samples, reminded = [], 0
    # The emails are queued (to an in-memory broker here), not sent: a worker sends them, outside the scan.
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url="memory://")
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for _ in range(3 if ctx.quick else 5):
                _reset()
                start = time.perf_counter()
                reminded = reminders_scan().reminded
                samples.append((time.perf_counter() - start) * 1000)
    finally:
        app.conf.update(task_always_eager=eager, broker_url=broker)
    return {"reminder_scan_ms": round(statistics.median(samples), 2), "reminder_scan_reminded": reminded}
