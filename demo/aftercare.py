"""Demo aftercare for the Harbor practice's demo cases, if there are any: follow-ups in every state, an
aftercare plan, family sessions and shared resources. Idempotent: a case that has follow-ups is left alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Organization
from aftercare import services
from aftercare.models import FamilySupportSession, FollowUp
from interventions.models import Case, Stage

from .context import SeedContext

DEMO_CASES = 3


def _follow_ups(case: Case, now: dt.datetime) -> int:
    _, created = services.admission_record(case=case, at=now - dt.timedelta(days=45), by=case.lead)
    by_key = {(row.kind, row.offset_days): row for row in created}
    person7, facility7 = by_key.get(("person", 7)), by_key.get(("facility", 7))
    if person7:
        services.followup_record(
            follow_up=person7,
            by=case.lead,
            contacted_at=person7.due_at,
            reached=True,
            engagement=3,
            days_abstinent=7,
            use_since_last_contact=False,
            now=now,
        )
    if facility7:
        services.followup_record(
            follow_up=facility7,
            by=case.lead,
            contacted_at=facility7.due_at,
            reached=True,
            engagement=2,
            facility_changes="Added a weekly family session.",
            now=now,
        )
    person30, facility30 = by_key.get(("person", 30)), by_key.get(("facility", 30))
    if person30:
        services.followup_record(follow_up=person30, by=case.lead, contacted_at=person30.due_at, reached=False, now=now)
    if facility30:
        moved = services.followup_reschedule(
            follow_up=facility30, due_at=now - dt.timedelta(days=3), by=case.lead, reason="Counsellor on leave"
        )
        created.append(moved)
    services.followup_add(
        case=case,
        kind=FollowUp.Kind.FAMILY,
        due_at=now + dt.timedelta(hours=2),
        by=case.lead,
        purpose="Check in with the family",
    )
    cancelled = services.followup_add(
        case=case, kind=FollowUp.Kind.PERSON, due_at=now + dt.timedelta(days=2), by=case.lead, purpose="Extra call"
    )
    services.followup_cancel(follow_up=cancelled, by=case.lead, reason="Spoke at the family session instead")
    return len(created) + 2


def _plan_and_family(case: Case, now: dt.datetime) -> int:
    services.plan_save(
        case=case,
        by=case.lead,
        fields={
            "step_down_level": "2.1",
            "step_down_provider": "Riverside IOP",
            "therapy_provider": "Dr. Ana Ortiz",
            "therapy_frequency": "Weekly",
            "medications": ["NXN"],
            "sober_living": "Oak House, 3 months",
            "alumni_program": "Riverside alumni Thursdays",
            "triggers": "Payday, the old crowd, conflict at work",
            "warning_signs": "Skipping meetings, isolating, poor sleep",
            "coping_steps": "Call sponsor; go to a meeting",
            "who_to_call": "Sponsor Mike 434-555-0199; Alice (interventionist)",
            "family_part": "Sunday dinners; CRAFT",
            "agreed_with_person": True,
            "agreed_with_facility": True,
        },
        groups=[{"type": "aa", "meeting": "Downtown Big Book", "weekday": 1, "time": dt.time(19, 0)}],
    )
    services.session_save(
        case=case,
        by=case.lead,
        fields={
            "kind": FamilySupportSession.Kind.CRAFT,
            "scheduled_at": now - dt.timedelta(days=7),
            "attendees": "Sister",
            "status": FamilySupportSession.Status.HELD,
            "topics": "Positive communication",
            "family_wellbeing": 3,
        },
    )
    services.session_save(
        case=case,
        by=case.lead,
        fields={
            "kind": FamilySupportSession.Kind.CRAFT,
            "scheduled_at": now + dt.timedelta(days=7),
            "attendees": "Sister",
        },
    )
    services.resource_share(case=case, resource="al_anon", by=case.lead)
    return 5


def run(ctx: SeedContext) -> None:
    harbor = ctx.organizations.get("harbor") or Organization.objects.filter(name="Harbor Intervention Group").first()
    if harbor is None:
        return
    cases = Case.objects.filter(organization=harbor).select_related("lead")
    preferred = list(cases.filter(stage__in=[Stage.IN_TREATMENT, Stage.AFTERCARE]).order_by("pk")[:DEMO_CASES])
    chosen = preferred or list(cases.order_by("pk")[:DEMO_CASES])
    now = timezone.now()
    for case in chosen:
        if case.follow_ups.exists():
            continue
        ctx.created += _follow_ups(case, now)
        ctx.created += _plan_and_family(case, now)
