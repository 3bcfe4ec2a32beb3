"""Reminders: the scan that claims due follow-ups, the reminder records, email and in-app notifications.

Exactly once, by construction:
- The scan claims rows with `SELECT ... FOR NO KEY UPDATE SKIP LOCKED` on PostgreSQL, so two scans running at
  once take different follow-ups. On SQLite (one worker, embedded mode) every transaction is BEGIN IMMEDIATE
  (settings), so two scans simply run one after the other.
- In the claiming transaction it marks the follow-ups (`reminded_at`/`escalated_at`), writes their `Reminder`
  rows (unique per follow-up and kind: the database refuses a second) and the in-app notifications. On
  PostgreSQL that is two set-based statements per batch of 1,000: one claims, marks and writes the reminders
  (ON CONFLICT DO NOTHING) with their recipients, one writes the notifications; on SQLite, the ORM's bulk writes.
  A worker killed halfway rolls all of it back; the next scan finds the follow-up still due.
- The email is queued with `transaction.on_commit`, so it never goes out for a rolled-back claim. The email task
  marks `email_sent_at`; a reminder whose email was never sent (the worker died between commit and queueing)
  is queued again by a later scan, so nothing is lost.

The email itself, in two committed steps (reminder_email_send):
1. The reminder gets its Message-ID (`email_message_id`), committed before anything is sent.
2. With the row locked (a second delivery of the task waits, then finds it sent), the email goes out with that
   Message-ID and `email_sent_at` is committed.
A worker that dies between the mail server's acceptance and the commit of step 2 leaves a Message-ID without
`email_sent_at`. We cannot ask the server whether it took the message, so a retry must choose between a
possible duplicate and a possible loss. It sends again, with the same Message-ID, and logs that it does: a
reminder that a follow-up is due (or overdue) matters more than a rare second copy, and a second copy with the
same Message-ID is recognisably the same message (mail stores and clients that de-duplicate by Message-ID show
it once; anybody can see it is a copy). The window is the few milliseconds between the server's "250 OK" and
the commit. The alternative (never resend once a Message-ID exists) would silently drop every reminder whose
worker died before or during the SMTP exchange, which is the far likelier moment to die.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3

from accounts.models import Membership, User
from accounts.zones import in_practice_zone, zone_named
from interventions.models import Case

from ..models import ESCALATE_AFTER, FollowUp, Notification, Reminder

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000  # follow-ups per transaction (two statements and a commit each on PostgreSQL)
EMAIL_CHUNK = 100  # reminders per email task
# An email not sent this long after its reminder was written is queued again.
EMAIL_RETRY_AFTER = dt.timedelta(minutes=10)


@dataclass
class ScanResult:
    reminded: int = 0
    escalated: int = 0
    emails_requeued: int = 0
    reminder_ids: list[int] = field(default_factory=list)


def _claim(queryset: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, no_key=True)
    return queryset  # SQLite: the IMMEDIATE transaction already holds the only write lock


def _to_remind(kind: str, now: dt.datetime) -> QuerySet[FollowUp]:
    scheduled = FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED)
    if kind == Reminder.Kind.DUE:
        return scheduled.filter(due_at__lte=now, reminded_at__isnull=True)
    return scheduled.filter(due_at__lte=now - ESCALATE_AFTER, escalated_at__isnull=True)


def _owners_by_practice(organization_ids: set[int]) -> dict[int, list[User]]:
    owners: dict[int, list[User]] = {pk: [] for pk in organization_ids}
    memberships = Membership.objects.filter(
        organization_id__in=organization_ids, role=Membership.Role.OWNER, is_active=True, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        owners[membership.organization_id].append(membership.user)
    return owners


class MessageRow(NamedTuple):
    """What a reminder's message reads, as plain values: the scan reads a thousand rows a batch, not instances."""

    id: int
    case_id: int
    kind: str
    anchor: str
    offset_days: int | None
    purpose: str
    due_at: dt.datetime
    first_name: str
    preferred_name: str
    last_name: str
    time_zone: str  # the practice's
    assigned_to_name: str
    assigned_to_email: str

    @classmethod
    def of(cls, follow_up: FollowUp) -> MessageRow:
        case, user = follow_up.case, follow_up.assigned_to
        return cls(
            follow_up.pk, case.pk, follow_up.kind, follow_up.anchor, follow_up.offset_days, follow_up.purpose,
            follow_up.due_at, case.first_name, case.preferred_name, case.last_name, case.organization.time_zone,
            user.display_name if user else "", user.email if user else "",
        )  # fmt: skip


def _months() -> dict[int, str]:
    """The months' abbreviations as Django's "M" writes them (translated): once per batch, not per message."""
    return {month: str(name).title() for month, name in MONTHS_3.items()}


def _message(row: MessageRow, kind: str, months: dict[int, str] | None = None, labels: dict | None = None) -> str:
    """The stored and emailed text: in the practice's zone, named, whoever reads it later. `months` and `labels`
    are a batch's caches (a batch's follow-ups share a few labels)."""
    months = months or _months()
    local = row.due_at.astimezone(zone_named(row.time_zone))
    day = f"{months[local.month]} {local.day:02d}"  # as Django's "M d"
    key = (row.kind, row.anchor, row.offset_days, row.purpose)
    label = labels.get(key) if labels is not None else None
    if label is None:
        label = FollowUp.label_of(*key)
        if labels is not None:
            labels[key] = label
    who = f"{Case.reference_of(row.case_id)} {Case.display_name_of(row.first_name, row.preferred_name, row.last_name)}"
    if kind == Reminder.Kind.DUE:
        # As local_text(due_at, "M d H:i T", zone): "Dec 03 10:00 PST".
        return f"Follow-up due: {label} for {who}, {day} {local:%H:%M} {local.tzname()}"
    assigned = row.assigned_to_name or row.assigned_to_email
    return f"Overdue 2+ days: {label} for {who} (due {day}, assigned to {assigned})"


def _create_reminders(follow_ups: list[FollowUp], kind: str, now: dt.datetime) -> list[Reminder]:
    """One statement for the batch; if the database refuses a duplicate, row by row keeping the new ones."""
    try:
        with transaction.atomic():  # a savepoint: a refused duplicate does not spoil the batch
            return Reminder.objects.bulk_create(
                Reminder(follow_up=row, kind=kind, created_at=now) for row in follow_ups
            )
    except IntegrityError:
        pass
    created = []
    for row in follow_ups:
        try:
            with transaction.atomic():
                created.append(Reminder.objects.create(follow_up=row, kind=kind, created_at=now))
        except IntegrityError:
            continue
    return created


def _claim_and_write_sql(kind: str, now: dt.datetime, batch_size: int) -> list[tuple[int, list[int], MessageRow]]:
    """PostgreSQL, one statement: claim up to `batch_size` follow-ups (FOR NO KEY UPDATE SKIP LOCKED, through the
    partial index of what is due), mark them, write their reminders (a duplicate is refused by the unique
    constraint and skipped) and the reminders' recipients. Returns (reminder id, recipient ids, what the message
    reads) of the new ones."""
    flag = "reminded_at" if kind == Reminder.Kind.DUE else "escalated_at"
    due_before = now if kind == Reminder.Kind.DUE else now - ESCALATE_AFTER
    if kind == Reminder.Kind.DUE:
        recipients = "SELECT w.id, f.assigned_to_id FROM written w JOIN aftercare_followup f ON f.id = w.follow_up_id"
    else:
        recipients = (
            "SELECT w.id, m.user_id FROM written w JOIN aftercare_followup f ON f.id = w.follow_up_id "
            "JOIN interventions_case c ON c.id = f.case_id "
            "JOIN accounts_membership m ON m.organization_id = c.organization_id AND m.role = %(owner)s "
            "AND m.is_active JOIN accounts_user u ON u.id = m.user_id AND u.is_active"
        )
    # The status is written out, not bound: the planner then matches the partial indexes (followup_to_remind...).
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH claimed AS (
                SELECT id FROM aftercare_followup
                WHERE status = 'scheduled' AND {flag} IS NULL AND due_at <= %(due_before)s
                ORDER BY due_at, id LIMIT %(limit)s
                FOR NO KEY UPDATE SKIP LOCKED
            ), marked AS (
                UPDATE aftercare_followup f SET {flag} = %(now)s FROM claimed WHERE f.id = claimed.id RETURNING f.id
            ), written AS (
                INSERT INTO aftercare_reminder (follow_up_id, kind, created_at, email_message_id)
                SELECT id, %(kind)s, %(now)s, '' FROM marked ORDER BY id
                ON CONFLICT (follow_up_id, kind) DO NOTHING
                RETURNING id, follow_up_id
            ), addressed AS (
                INSERT INTO aftercare_reminder_recipients (reminder_id, user_id) {recipients}
                RETURNING reminder_id, user_id
            )
            SELECT w.id, array_remove(array_agg(a.user_id ORDER BY a.user_id), NULL),
                f.id, f.case_id, f.kind, f.anchor, f.offset_days, f.purpose, f.due_at,
                c.first_name, c.preferred_name, c.last_name, o.time_zone,
                coalesce(u.display_name, ''), coalesce(u.email, '')
            FROM written w LEFT JOIN addressed a ON a.reminder_id = w.id
            JOIN aftercare_followup f ON f.id = w.follow_up_id
            JOIN interventions_case c ON c.id = f.case_id
            JOIN accounts_organization o ON o.id = c.organization_id
            LEFT JOIN accounts_user u ON u.id = f.assigned_to_id
            GROUP BY w.id, f.id, c.id, o.id, u.id ORDER BY w.id
            """,  # noqa: S608 (the column name is ours; values are bound)
            {"due_before": due_before, "limit": batch_size, "now": now, "kind": kind, "owner": Membership.Role.OWNER},
        )
        return [(row[0], row[1], MessageRow(*row[2:])) for row in cursor.fetchall()]


_CASE_SLOT, _FOLLOW_UP_SLOT = 9_000_000_000_000_000_001, 9_000_000_000_000_000_002  # ids no row has


@transaction.atomic
def _remind_batch_sql(kind: str, now: dt.datetime, batch_size: int) -> list[int]:
    """The PostgreSQL batch: `_claim_and_write_sql`, then the notifications in one INSERT ... SELECT."""
    written = _claim_and_write_sql(kind, now, batch_size)
    if not written:
        return []
    columns: tuple[list, ...] = ([], [], [], [], [])  # recipient, case, reminder, message, url
    # FollowUp.get_absolute_url with the ids put in: one reverse() for the batch, not one per row.
    url = reverse("aftercare:followup-record", kwargs={"case": _CASE_SLOT, "followup": _FOLLOW_UP_SLOT})
    months: dict[int, str] = _months()
    labels: dict = {}
    for reminder_id, recipients, row in written:
        message = _message(row, kind, months, labels)
        url_of_row = url.replace(str(_CASE_SLOT), str(row.case_id)).replace(str(_FOLLOW_UP_SLOT), str(row.id))
        for user_id in recipients:
            for column, value in zip(columns, (user_id, row.case_id, reminder_id, message, url_of_row), strict=True):
                column.append(value)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO aftercare_notification (recipient_id, case_id, reminder_id, message, url, created_at) "
            "SELECT *, %s FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::text[], %s::text[])",
            [now, *columns],
        )
    ids = [pk for pk, _, _ in written]
    transaction.on_commit(lambda: queue_emails(ids))
    return ids


@transaction.atomic
def _remind_batch(kind: str, now: dt.datetime, batch_size: int) -> list[int]:
    """Claim up to `batch_size` follow-ups to remind, mark them, write their reminders and notifications."""
    claimed = list(_claim(_to_remind(kind, now).order_by("due_at", "pk"))[:batch_size].values_list("pk", flat=True))
    if not claimed:
        return []
    flag = "reminded_at" if kind == Reminder.Kind.DUE else "escalated_at"
    FollowUp.objects.filter(pk__in=claimed).update(**{flag: now})
    follow_ups = list(
        FollowUp.objects.filter(pk__in=claimed)
        .select_related("case__organization", "assigned_to")
        .order_by("due_at", "pk")
    )
    reminders = _create_reminders(follow_ups, kind, now)
    owners = _owners_by_practice({row.case.organization_id for row in follow_ups}) if kind != Reminder.Kind.DUE else {}
    through, notices = [], []
    for reminder in reminders:
        row = reminder.follow_up
        recipients = [row.assigned_to] if kind == Reminder.Kind.DUE else owners[row.case.organization_id]
        message = _message(MessageRow.of(row), kind)
        for user in recipients:
            through.append(Reminder.recipients.through(reminder_id=reminder.pk, user_id=user.pk))
            notices.append(
                Notification(
                    recipient=user,
                    case=row.case,
                    reminder=reminder,
                    message=message,
                    url=row.get_absolute_url(),
                    created_at=now,
                )
            )
    Reminder.recipients.through.objects.bulk_create(through)
    Notification.objects.bulk_create(notices)
    ids = [reminder.pk for reminder in reminders]
    if ids:
        transaction.on_commit(lambda: queue_emails(ids))
    return ids


def queue_emails(reminder_ids: list[int]) -> None:
    """Queue the emails in chunks (one task message per EMAIL_CHUNK reminders)."""
    from ..tasks import send_reminder_emails

    for start in range(0, len(reminder_ids), EMAIL_CHUNK):
        chunk = reminder_ids[start : start + EMAIL_CHUNK]
        # argsrepr: Celery would otherwise format every id of the chunk for its logs, per task.
        send_reminder_emails.apply_async((chunk,), argsrepr=f"({len(chunk)} reminders from {chunk[0]})")  # type: ignore[call-arg]  # an option of Celery the stubs miss


def reminders_scan(*, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> ScanResult:
    """Remind every due follow-up once, escalate every follow-up overdue by 2 days once to the owner(s).

    Works in batches of `batch_size`, one transaction each; returns what it did. Safe to run from any
    number of workers at once, and again after a crash (see the module docstring).
    """
    now = now or timezone.now()
    result = ScanResult()
    # PostgreSQL: set-based statements; SQLite (embedded mode, one worker): the ORM's bulk writes.
    remind_batch = _remind_batch_sql if connection.vendor == "postgresql" else _remind_batch
    for kind in (Reminder.Kind.DUE, Reminder.Kind.ESCALATION):
        while True:
            ids = remind_batch(kind, now, batch_size)
            result.reminder_ids += ids
            if kind == Reminder.Kind.DUE:
                result.reminded += len(ids)
            else:
                result.escalated += len(ids)
            if len(ids) < batch_size:
                break
    stale = list(
        Reminder.objects.filter(email_sent_at__isnull=True, created_at__lt=now - EMAIL_RETRY_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    if stale:
        transaction.on_commit(lambda: queue_emails(stale))
    result.emails_requeued = len(stale)
    return result


def _email_message_id(reminder_id: int) -> tuple[str, bool] | None:
    """Step 1: the reminder's Message-ID, made and committed now unless it has one. Returns (id, whether it was
    there already, i.e. an earlier attempt may have sent it), or None when the email was sent already."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id, email_sent_at__isnull=True).first()
        if reminder is None:
            return None
        if reminder.email_message_id:
            return reminder.email_message_id, True
        domain = urlsplit(settings.SITE_URL).hostname or "casework.invalid"
        reminder.email_message_id = make_msgid(idstring=f"reminder-{reminder.pk}", domain=domain)
        reminder.save(update_fields=["email_message_id"])
        return reminder.email_message_id, False


def reminder_email_send(*, reminder_id: int, now: dt.datetime | None = None) -> bool:
    """Send the reminder's email unless it was sent already; returns whether it sent one.

    The Message-ID is committed before sending; the row is locked while sending, so two deliveries of the same
    task send one email. An attempt cut off after the mail server took the email is sent again with the same
    Message-ID (see the module docstring for why)."""
    found = _email_message_id(reminder_id)
    if found is None:
        return False
    message_id, attempted_before = found
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("follow_up__case__organization", "follow_up__assigned_to")
            .filter(pk=reminder_id, email_sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        if attempted_before:
            logger.warning(
                "reminder %s: an earlier attempt may have sent %s; sending it again", reminder.pk, message_id
            )
        addresses = [user.email for user in reminder.recipients.all() if user.email]
        if addresses:
            follow_up = reminder.follow_up
            context = {
                "follow_up": follow_up,
                "reminder": reminder,
                "case": follow_up.case,
                "message": _message(MessageRow.of(follow_up), reminder.kind),
                "base_url": settings.SITE_URL,
            }
            subject = "Follow-up overdue" if reminder.kind == Reminder.Kind.ESCALATION else "Follow-up due"
            with in_practice_zone(follow_up.case.organization):
                body = render_to_string("aftercare/emails/reminder.txt", context)
            EmailMessage(
                f"[Casework] {subject}: {follow_up.case.reference}",
                body,
                None,
                addresses,
                headers={"Message-ID": message_id},
            ).send()
        Reminder.objects.filter(pk=reminder.pk).update(email_sent_at=now or timezone.now())
    return True


def notification_mark_read(*, notification: Notification, by: User, now: dt.datetime | None = None) -> None:
    """Mark one of the user's notifications read (a single update)."""
    Notification.objects.filter(pk=notification.pk, recipient=by, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def notifications_mark_all_read(*, by: User, now: dt.datetime | None = None) -> int:
    """Mark all of the user's unread notifications read; returns how many."""
    return Notification.objects.visible_to(by).unread().update(read_at=now or timezone.now())
