"""Audit wiring of the interventions app: its registered models, and the read entries a plain `log_read` cannot
write (a list of cases read at once, a read by a token holder who is not signed in). Families and aftercare use them
too (they may import interventions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.db.models import Model

from accounts.audit import register
from accounts.models import Organization, User

from .models import (
    Assessment,
    Case,
    CaseNote,
    CaseSummary,
    InstrumentResult,
    InsuranceVerification,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Referral,
    ReferralContact,
    ReferralStatusChange,
    SafetyFlag,
    StageChange,
    SubstanceUse,
    TransitionChecklist,
)


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(Case, m2m_fields={"co_assigned"})
    register(SubstanceUse)
    register(StageChange)
    register(CaseNote)

    # Referrals, models/referral.py
    register(Referral)
    register(ReferralStatusChange)
    register(ReferralContact)
    register(InsuranceVerification)
    register(Assessment)
    register(InstrumentResult)
    register(SafetyFlag)
    register(InterventionPlan)
    register(Participant)
    register(PlanSession, m2m_fields={"attended"})
    register(InterventionEvent, m2m_fields={"attendees"})
    register(TransitionChecklist)
    register(CaseSummary, exclude_fields=["started_at"])


def log_list_read(user: User, listed: str, cases: Iterable[Case]) -> None:
    """One ACCESS entry per practice for a list of cases read at once (the caseload, the follow-ups due): the entry
    is on the practice, names what was listed and carries the references of the cases shown, e.g.
    `{"organization": 3, "listed": "caseload", "cases": ["C-00012", ...]}`. An empty list still writes one entry
    (on the user's practice), so that every read of the page is on record."""
    by_practice: dict[int, list[str]] = defaultdict(list)
    for case in cases:
        by_practice[case.organization_id].append(case.reference)
    if not by_practice and user.primary_organization is not None:
        by_practice[user.primary_organization.pk] = []
    for organization in Organization.objects.filter(pk__in=by_practice):
        additional = {"organization": organization.pk, "listed": listed, "cases": by_practice[organization.pk]}
        LogEntry.objects.log_create(
            organization, action=LogEntry.Action.ACCESS, force_log=True, additional_data=additional
        )


def log_read_by(obj: Model, *, actor: User) -> None:
    """An ACCESS entry for `obj` read by `actor` outside a session (a calendar app holding the user's feed token)."""
    LogEntry.objects.log_create(
        obj, action=LogEntry.Action.ACCESS, force_log=True, actor=actor, actor_email=actor.email
    )
