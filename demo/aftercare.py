"""Demo aftercare: every demo case admitted to treatment gets its episode and follow-ups the way the app makes them,
and the cases whose story ends closed are closed here, through the closing service.

The case's stage changes are replayed to the app's `stage_changed` receivers, so the episode is admitted at the
move into treatment's entered date (its admitting referral's admission) and discharged at the move out of it; the
follow-ups due by now (or by the closing) are recorded: done, one missed or left overdue, the rest due. The first
Harbor cases in treatment also get follow-ups in every state, an aftercare plan, family sessions and shared resources.
Idempotent: a case that has an episode is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone

from accounts.models import Organization
from aftercare import services
from aftercare.models import Episode, FamilySupportSession, FollowUp
from interventions.models import Case, Stage, StageChange
from interventions.services import case_change_stage
from interventions.signals import stage_changed

from .context import SeedContext
from .timeline import entered, local, story_cases, today_in

DEMO_PRACTICES = ["Harbor Intervention Group", "Summit Family Recovery"]
ADMITTED_STAGES = [Stage.IN_TREATMENT, Stage.AFTERCARE, Stage.DISENGAGED, Stage.CLOSED]
DEMO_CASES = 3  # Harbor cases with follow-ups in every state, a plan, family sessions and resources
NOTES: dict[str, str] = {
    FollowUp.Kind.PERSON: "Doing well; going to groups.",
    FollowUp.Kind.FACILITY: "Counsellor says engaged in groups; family session booked.",
    FollowUp.Kind.FAMILY: "Family feels supported; keeping the boundaries.",
}
SCHEDULED_ANCHORS = [FollowUp.Anchor.ADMISSION, FollowUp.Anchor.DISCHARGE]


def run(ctx: SeedContext) -> None:
    now = timezone.now()
    for organization in Organization.objects.filter(name__in=DEMO_PRACTICES).order_by("name"):
        cases = story_cases(organization.cases.filter(stage__in=ADMITTED_STAGES)).select_related("lead", "organization")
        varied = set(
            cases.filter(stage__in=[Stage.IN_TREATMENT, Stage.AFTERCARE])
            .order_by("pk")
            .values_list("pk", flat=True)[: DEMO_CASES if organization.name == DEMO_PRACTICES[0] else 0]
        )
        for case in cases.filter(episodes__isnull=True).order_by("pk"):
            before = _rows(case)
            _story(case, now, ctx.closings.get(case.pk), varied=case.pk in varied)
            ctx.created += _rows(case) - before


def _rows(case: Case) -> int:
    return case.episodes.count() + case.follow_ups.count() + case.family_sessions.count() + case.aftercare_plans.count()


def _story(case: Case, now: dt.datetime, closing: tuple[dt.datetime, str] | None, *, varied: bool) -> None:
    activity = case.last_activity_at
    # As the app does on each move: the receivers open the episode on the admission and close it on the discharge.
    for change in case.stage_changes.order_by("at", "pk"):
        stage_changed.send(
            sender=Case, case=case, change=change, from_stage=change.from_stage, to_stage=change.to_stage, by=change.by
        )
    story = entered(case)
    episode = case.episodes.order_by("-admitted_at").first()
    if episode is not None and episode.discharged_at and not episode.discharge_type:
        # Into aftercare: how the stay ended is recorded on the episode by the user.
        services.episode_discharge_type_set(
            episode=episode,
            discharge_type=Episode.DischargeType.TRANSFERRED if case.pk % 4 == 0 else Episode.DischargeType.COMPLETED,
            by=case.lead,
        )
    # Contacts are recorded up to the closing, or up to today: what falls due today is still due.
    zone = case.organization.zone
    until = closing[0] if closing else local(today_in(zone, now), dt.time(0, 0), zone)
    if varied:
        _every_state(case, now)
        _plan_and_family(case)
    _record_due(
        case,
        until,
        left_at=story.get(Stage.DISENGAGED),
        leave_overdue=closing is None and case.stage == Stage.AFTERCARE,
    )
    last_contact = case.follow_ups.aggregate(at=Max("contacted_at"))["at"]
    if closing:
        closed_at, reason = closing
        change = case_change_stage(case=case, to=Stage.CLOSED, by=case.lead, note=reason, effective_at=closed_at)
        # Recorded when it happened, as the rest of the demo story.
        StageChange.objects.filter(pk=change.pk).update(at=closed_at)
        Case.objects.filter(pk=case.pk).update(stage_changed_at=closed_at)
        activity = max(activity, closed_at)
    Case.objects.filter(pk=case.pk).update(last_activity_at=max(filter(None, [activity, last_contact])))


def _contact(follow_up: FollowUp, *, reached: bool) -> dict[str, Any]:
    """What was recorded of a contact made when it fell due: engaged and, for the person, abstinent since admission;
    or not reached."""
    if not reached:
        return {"contacted_at": follow_up.due_at, "reached": False, "notes": "No answer; left a message."}
    record: dict[str, Any] = {
        "contacted_at": follow_up.due_at,
        "reached": True,
        "engagement": 3 if follow_up.kind == FollowUp.Kind.PERSON else 2,
        "notes": NOTES[follow_up.kind],
    }
    if follow_up.kind == FollowUp.Kind.PERSON and follow_up.episode:
        record.update(days_abstinent=(follow_up.due_at - follow_up.episode.admitted_at).days)
        record.update(use_since_last_contact=False)
    return record


def _record(follow_up: FollowUp, case: Case, *, reached: bool) -> None:
    services.followup_record(
        follow_up=follow_up, by=case.lead, now=follow_up.due_at, **_contact(follow_up, reached=reached)
    )


def _record_due(case: Case, until: dt.datetime, *, left_at: dt.datetime | None, leave_overdue: bool) -> None:
    """Record the scheduled follow-ups due by `until`: reached, except after the person left treatment early (not
    returning calls); in aftercare the last one due before today is left for the user: overdue.

    Written as `services.followup_record` writes them, in one query per case: the demo records a few hundred and
    must stay quick to load."""
    due = list(
        case.follow_ups.filter(status=FollowUp.Status.SCHEDULED, anchor__in=SCHEDULED_ANCHORS, due_at__lte=until)
        .select_related("episode")
        .order_by("due_at", "pk")
    )
    if leave_overdue:
        due = due[:-1]
    fields = {"status", "recorded_by"}
    for follow_up in due:
        record = _contact(follow_up, reached=left_at is None or follow_up.due_at <= left_at)
        for name, value in record.items():
            setattr(follow_up, name, value)
        follow_up.status = FollowUp.Status.DONE if follow_up.reached else FollowUp.Status.MISSED
        follow_up.recorded_by = case.lead
        fields |= record.keys()
    FollowUp.objects.bulk_update(due, sorted(fields))


def _every_state(case: Case, now: dt.datetime) -> None:
    """Follow-ups in every state: the first week's calls done, the 30-day call missed, the facility's 30-day call
    moved two days (and now overdue), a family check-in due tomorrow, an extra call cancelled."""
    zone = case.organization.zone
    today = today_in(zone, now)
    scheduled = case.follow_ups.filter(status=FollowUp.Status.SCHEDULED, due_at__lte=now).select_related("episode")
    by_key = {(row.kind, row.offset_days): row for row in scheduled}
    for key in [("person", 7), ("facility", 7)]:
        if key in by_key:
            _record(by_key[key], case, reached=True)
    if ("person", 30) in by_key:
        _record(by_key[("person", 30)], case, reached=False)
    if ("facility", 30) in by_key:
        moved = by_key[("facility", 30)]
        services.followup_reschedule(
            follow_up=moved, due_at=moved.due_at + dt.timedelta(days=2), by=case.lead, reason="Counsellor on leave"
        )
    services.followup_add(
        case=case,
        kind=FollowUp.Kind.FAMILY,
        due_at=local(today + dt.timedelta(days=1), dt.time(10, 0), zone),
        by=case.lead,
        purpose="Check in with the family",
    )
    cancelled = services.followup_add(
        case=case,
        kind=FollowUp.Kind.PERSON,
        due_at=local(today + dt.timedelta(days=2), dt.time(11, 0), zone),
        by=case.lead,
        purpose="Extra call",
    )
    services.followup_cancel(follow_up=cancelled, by=case.lead, reason="Spoke at the family session instead")


def _plan_and_family(case: Case) -> None:
    zone = case.organization.zone
    today = today_in(zone)
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
            "scheduled_at": local(today - dt.timedelta(days=7), dt.time(18, 0), zone),
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
            "scheduled_at": local(today + dt.timedelta(days=7), dt.time(18, 0), zone),
            "attendees": "Sister",
        },
    )
    services.resource_share(case=case, resource="al_anon", by=case.lead)
