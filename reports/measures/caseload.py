"""Caseload now: open cases and overdue follow-ups per interventionist (the lead of the case)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from accounts.models import Membership
from aftercare.models import FollowUp
from interventions.models import Stage

from . import Scope

OPEN = "Open cases: cases not closed, today, by their lead interventionist."
OVERDUE = "Overdue follow-ups: follow-ups still scheduled whose due time has passed, by whom they are assigned to."


@dataclass(frozen=True)
class CaseloadRow:
    interventionist: str
    open_cases: int
    overdue_follow_ups: int


def per_interventionist(scope: Scope) -> list[CaseloadRow]:
    """One row per active member of the practice (only the lead's own row when the scope has a lead). Three
    queries, whatever the number of members or cases: the members, open cases by lead, overdue by assignee."""
    rows = Membership.objects.filter(organization=scope.organization, is_active=True).select_related("user")
    members = list(rows if scope.lead is None else rows.filter(user=scope.lead))
    open_cases = dict(scope.cases().exclude(stage=Stage.CLOSED).order_by().values_list("lead").annotate(n=Count("pk")))
    overdue = dict(
        # By the members' ids: the (assigned_to, status, due_at) index finds what is overdue without reading the rest.
        FollowUp.objects.filter(
            scope.case_q("case__"),
            assigned_to__in=[member.user_id for member in members],
            status=FollowUp.Status.SCHEDULED,
            due_at__lt=scope.now,
        )
        .order_by()
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    return [
        CaseloadRow(str(member.user), open_cases.get(member.user_id, 0), overdue.get(member.user_id, 0))
        for member in sorted(members, key=lambda m: str(m.user))
    ]
