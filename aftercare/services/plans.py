"""The aftercare plan (versioned), family support sessions, shared resources, the practice's schedule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from accounts.models import Organization, User
from interventions.models import Case

from ..models import AftercarePlan, AftercareSettings, FamilySupportSession, SharedResource, SupportGroup

PLAN_FIELDS = (
    "agreed_with_person", "agreed_with_facility", "step_down_level", "step_down_provider", "step_down_start",
    "therapy_provider", "therapy_frequency", "medications", "medication_prescriber", "sober_living",
    "alumni_program", "triggers", "warning_signs", "coping_steps", "who_to_call", "family_part",
)  # fmt: skip
GROUP_FIELDS = ("type", "meeting", "weekday", "time")


@transaction.atomic
def plan_save(*, case: Case, by: User, fields: dict[str, Any], groups: Iterable[dict[str, Any]] = ()) -> AftercarePlan:
    """Write a new version of the case's aftercare plan with its support groups; older versions stay unchanged."""
    Case.objects.select_for_update().filter(pk=case.pk).first()  # serialise versions of one case
    version = (case.aftercare_plans.aggregate(top=Max("version"))["top"] or 0) + 1
    plan = AftercarePlan.objects.create(
        case=case, version=version, created_by=by, **{k: v for k, v in fields.items() if k in PLAN_FIELDS}
    )
    for group in groups:
        SupportGroup.objects.create(plan=plan, **{k: v for k, v in group.items() if k in GROUP_FIELDS})
    return plan


@transaction.atomic
def session_save(
    *, case: Case, by: User, fields: dict[str, Any], session: FamilySupportSession | None = None
) -> FamilySupportSession:
    """Schedule a family support session, or record/update one of the case's sessions."""
    session = session or FamilySupportSession(case=case, facilitator=by)
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    return session


@transaction.atomic
def resource_share(*, case: Case, resource: str, by: User, note: str = "") -> SharedResource:
    """Record that the family was pointed to `resource` (once per resource)."""
    shared, _ = SharedResource.objects.get_or_create(
        case=case, resource=resource, defaults={"shared_by": by, "note": note}
    )
    return shared


@transaction.atomic
def settings_save(*, organization: Organization, by: User, fields: dict[str, Any]) -> AftercareSettings:
    """Change the practice's follow-up schedule (for admissions and discharges from now on)."""
    config, _ = AftercareSettings.objects.get_or_create(organization=organization)
    for name, value in fields.items():
        setattr(config, name, value)
    config.save()
    return config
