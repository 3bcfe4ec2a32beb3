"""What closing a case does to its aftercare, told before it happens and undone on reopening
(the `closing_effects` extension point of interventions/extensions.py)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from interventions.extensions import ClosingEffect, ClosingLine
from interventions.models import Case, StageChange

from . import services
from .models import FollowUp, Reminder

LISTED = 10  # the confirmation lists this many follow-ups by name, then counts the rest


def describe(case: Case) -> list[str | ClosingLine]:
    """'N scheduled follow-ups will be cancelled:' with each of them, and the reminders that will not go out."""
    scheduled = list(case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).order_by("due_at", "pk"))
    if not scheduled:
        return []
    names = [f"{row.label}, due {timezone.localtime(row.due_at):%Y-%m-%d}" for row in scheduled[:LISTED]]
    if len(scheduled) > LISTED:
        names.append(f"and {len(scheduled) - LISTED} more")
    count = len(scheduled)
    lines: list[str | ClosingLine] = [
        ClosingLine(f"{count} scheduled follow-up{'s' if count != 1 else ''} will be cancelled:", tuple(names))
    ]
    unsent = sum(1 for row in scheduled if row.reminded_at is None)
    if unsent:
        lines.append(
            "No reminder of them will be sent." if unsent == count else f"No reminder of {unsent} of them will be sent."
        )
    escalated = Reminder.objects.filter(follow_up__in=scheduled, kind=Reminder.Kind.ESCALATION).count()
    if escalated:
        lines.append(f"{escalated} of them are overdue and were escalated to the owner.")
    return lines


def restore(case: Case, closing: StageChange, reopening: StageChange, by: User) -> list[str]:
    restored = services.followups_restore_after_reopen(case=case, closing=closing, by=by, now=reopening.at)
    if not restored:
        return []
    count = len(restored)
    return [
        f"{count} follow-up{'s' if count != 1 else ''} cancelled by the closing {'are' if count != 1 else 'is'} scheduled again."
    ]


EFFECT = ClosingEffect(key="aftercare.follow_ups", describe=describe, restore=restore)
