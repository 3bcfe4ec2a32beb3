"""Follow-ups: how often the person is reached, and abstinence reported 30/90/180/365 days after discharge."""

from __future__ import annotations

from django.db.models import Count, Q

from aftercare.models import FollowUp

from . import Measure, Scope, share

ABSTINENCE_DAYS = (30, 90, 180, 365)
F = FollowUp
REACH = (
    "Follow-up reach: of the follow-ups with the person due in the period and before now (not cancelled or "
    "rescheduled), the share where the person was reached."
)


def abstinence_definition(days: int) -> str:
    return (
        f"Abstinent at {days} days: of the {days}-day follow-ups after discharge due in the period (by now) where the person "
        "was reached and answered, the share reporting no substance use since the last contact."
    )


def measures(scope: Scope) -> list[Measure]:
    """Reach rate and abstinence at 30/90/180/365 days. One query."""
    answered = Q(reached=True, use_since_last_contact__isnull=False, anchor=F.Anchor.DISCHARGE)
    counts: dict[str, Count] = {
        "n": Count("pk", filter=Q(due_at__lt=scope.now) & ~Q(status__in=(F.Status.CANCELLED, F.Status.RESCHEDULED))),
        "n_reached": Count(
            "pk",
            filter=Q(due_at__lt=scope.now, reached=True) & ~Q(status__in=(F.Status.CANCELLED, F.Status.RESCHEDULED)),
        ),
    }
    for days in ABSTINENCE_DAYS:
        counts[f"n{days}"] = Count("pk", filter=answered & Q(offset_days=days))
        counts[f"a{days}"] = Count("pk", filter=answered & Q(offset_days=days, use_since_last_contact=False))
    # Only what was due by now can have been reached: the rows read stop at now.
    due = F.objects.filter(scope.case_q("case__"), scope.within("due_at"), due_at__lt=scope.now, kind=F.Kind.PERSON)
    figures = due.aggregate(**counts)
    return [
        share("followup_reach", "Follow-up reach", REACH, figures["n_reached"], figures["n"]),
        *(
            share(
                f"abstinent_{days}",
                f"Abstinent at {days} days",
                abstinence_definition(days),
                figures[f"a{days}"],
                figures[f"n{days}"],
            )
            for days in ABSTINENCE_DAYS
        ),
    ]
