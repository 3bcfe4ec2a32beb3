"""`make bench` figures of aftercare's reminders: how long one reminder scan takes.

`reminder_scan_ms`: 1,000 due among 100,000 follow-ups; `reminder_scan_1m_ms`: 10,000 due among 1,000,000
(PostgreSQL only; the extra 900,000 are copied in SQL from one seeded row). The scan reads the partial indexes of
what is due (aftercare.models.FollowUp), so the second figure grows with what is due, not with the table.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection, transaction
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


def _grow(total: int, due: int) -> None:
    """Copy the first seeded follow-up (PostgreSQL, one INSERT ... SELECT) until there are `total`, `due` of them due
    a day ago and the rest spread over the coming year, on the seeded cases."""
    now = timezone.now()
    have, have_due = FollowUp.objects.count(), FollowUp.objects.filter(due_at__lte=now).count()
    template = FollowUp.objects.order_by("pk").first()
    assert template is not None  # noqa: S101
    columns = [f.column for f in FollowUp._meta.concrete_fields if f.column not in ("id", "case_id", "due_at")]
    case_ids = list(Case.objects.filter(pk__gte=template.case_id).values_list("pk", flat=True))
    names = ", ".join(columns)  # our model's own columns
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")  # seeding, not a request
        cursor.execute(
            "INSERT INTO aftercare_followup (case_id, due_at, " + names + ") "
            "SELECT (%(cases)s::bigint[])[1 + n %% %(count)s], "
            "CASE WHEN n < %(due)s THEN %(now)s - interval '1 day' "
            "ELSE %(now)s + make_interval(hours => 1 + n %% 8760) END, " + names + " "
            "FROM aftercare_followup, generate_series(0, %(more)s - 1) AS n WHERE id = %(template)s",
            {
                "cases": case_ids,
                "count": len(case_ids),
                "due": due - have_due,
                "now": now,
                "more": total - have,
                "template": template.pk,
            },
        )
        cursor.execute("ANALYZE aftercare_followup")


def _reset() -> None:
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    FollowUp.objects.filter(reminded_at__isnull=False).update(reminded_at=None)
    FollowUp.objects.filter(escalated_at__isnull=False).update(escalated_at=None)


def reminder_scan(ctx: BenchContext, total: int | None = None, due: int | None = None) -> dict[str, float | int]:
    """`reminder_scan_ms`: one scan over 100,000 follow-ups of which 1,000 are due, its 1,000 emails queued
    (10,000 and 100 with --quick; the tests pass smaller sizes)."""
    total, due = total or (10_000 if ctx.quick else 100_000), due or (100 if ctx.quick else 1_000)
    ctx.log(f"seeding {total} follow-ups, {due} due")
    _seed(total, due)
    ctx.shared["reminders_seeded"] = (total, due)
    scan_ms, reminded = _measure(ctx)
    return {"reminder_scan_ms": scan_ms, "reminder_scan_reminded": reminded}


def reminder_scan_1m(ctx: BenchContext) -> dict[str, float | int]:
    """`reminder_scan_1m_ms` (PostgreSQL): the same scan with ten times as many follow-ups and ten times as many
    due: 10,000 among 1,000,000 (1,000 among 100,000 with --quick). Grows what `reminder_scan` seeded."""
    if connection.vendor != "postgresql":
        return {}
    total, due = ctx.shared.get("reminders_seeded") or (0, 0)
    if not total:
        total, due = (10_000, 100) if ctx.quick else (100_000, 1_000)
        _seed(total, due)
    _reset()
    ctx.log(f"growing to {total * 10} follow-ups, {due * 10} due")
    _grow(total * 10, due * 10)
    scan_ms, reminded = _measure(ctx)
    return {"reminder_scan_1m_ms": scan_ms, "reminder_scan_1m_reminded": reminded}


def _measure(ctx: BenchContext) -> tuple[float, int]:
    from config.celery import app

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
    return round(statistics.median(samples), 2), reminded
