"""Calendar files (.ics) for the intervention and its sessions, and the per-user subscription feed.

Calendar apps copy events to third-party servers, so events name the case reference and the place,
never the person's name or anything clinical.

Times carry the zone of where the event happens (`TZID=` with a VTIMEZONE): the intervention the plan's place zone
(`InterventionPlan.zone`), sessions the practice's. A phone in any zone then shows the right local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User

from .extensions import candidates_for
from .models import Case, InterventionPlan, Participant, PlanSession, Stage

PRODID = "-//Casework//Intervention calendar//EN"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _event(
    uid: str, summary: str, start: dt.datetime, end: dt.datetime, location: str, description: str, zone: dt.tzinfo
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", timezone.localtime(start, zone))
    event.add("dtend", timezone.localtime(end, zone))
    event.add("dtstamp", timezone.now())
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def plan_event(plan: InterventionPlan) -> Event | None:
    if not plan.scheduled_for:
        return None
    return _event(
        f"intervention-{plan.pk}@casework",
        f"Family meeting ({plan.case.reference})",
        plan.scheduled_for,
        plan.ends_at,
        plan.location,
        plan.location_notes,
        plan.zone,
    )


def session_event(session: PlanSession) -> Event:
    return _event(
        f"session-{session.pk}@casework",
        f"{session.get_kind_display()} ({session.plan.case.reference})",
        session.starts_at,
        session.ends_at,
        session.location,
        "",
        session.plan.case.organization.zone,
    )


def ics_bytes(events: Iterable[Event | None], *, method: str | None = None, name: str = "") -> bytes:
    calendar = _calendar(method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def plan_ics(plan: InterventionPlan) -> bytes:
    """The intervention and all its sessions, as one invitation."""
    return ics_bytes([plan_event(plan), *(session_event(s) for s in plan.sessions.all())], method="REQUEST")


def is_current_participant(user: User, participant: Participant) -> bool:
    """Is `participant` (a row of `user`) still backed by a current candidate: the family member it came from is
    active on the case and still linked to this account? Asked at every read, so removal takes effect at once."""
    return any(
        candidate.key == participant.source_key and candidate.user_id == user.pk
        for candidate in candidates_for(participant.plan.case)
    )


def feed_plans(user: User) -> list[InterventionPlan]:
    """The current plans in the user's feed: staff, those of the open cases they may see now; a family member,
    those they are a current participant of (checked against the case's membership at each request)."""
    if user.is_practice_staff:
        cases = Case.objects.visible_to(user).exclude(stage=Stage.CLOSED)
        plans = InterventionPlan.objects.filter(case__in=cases, is_current=True)
        return list(plans.select_related("case__organization").prefetch_related("sessions"))
    participants = Participant.objects.filter(
        user=user, plan__is_current=True, plan__case__in=Case.objects.exclude(stage=Stage.CLOSED)
    ).select_related("plan__case__organization")
    plan_ids = {row.plan_id for row in participants if is_current_participant(user, row)}
    plans = (
        InterventionPlan.objects.filter(pk__in=plan_ids)
        .select_related("case__organization")
        .prefetch_related("sessions")
    )
    return list(plans)


def feed_for(user: User, plans: Iterable[InterventionPlan] | None = None) -> bytes:
    """Everything upcoming in `plans` (by default the user's `feed_plans`), as one calendar."""
    since = timezone.now() - dt.timedelta(days=30)
    plans = feed_plans(user) if plans is None else plans
    events: list[Event | None] = []
    for plan in plans:
        if plan.scheduled_for and plan.scheduled_for >= since:
            events.append(plan_event(plan))
        events.extend(session_event(s) for s in plan.sessions.all() if s.starts_at >= since)
    return ics_bytes(events, name="Casework")
