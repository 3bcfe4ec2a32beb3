"""Reads the aftercare pages share: scoped through the case, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interventions.extensions import AttentionItem, TimelineEntry
from interventions.models import Case

from .models import AftercarePlan, FollowUp, Notification, NotificationQuerySet
from .services.plans import PLAN_FIELDS


def follow_ups_of(case: Case) -> QuerySet[FollowUp]:
    return case.follow_ups.select_related("assigned_to").order_by("due_at", "pk")


def support_groups_initial(plan: AftercarePlan | None) -> list[dict]:
    """The support groups of `plan` as initial rows of the plan form's formset."""
    if plan is None:
        return []
    return [
        {name: getattr(group, name) for name in ("type", "meeting", "weekday", "time")}
        for group in plan.support_groups.all()
    ]


def plan_of(case: Case, version: int | None = None) -> AftercarePlan | None:
    plans = case.aftercare_plans.select_related("created_by").prefetch_related("support_groups")
    if version:
        return plans.filter(version=version).first()
    return plans.order_by("-version").first()


def day_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """Local start of today, start of tomorrow, and the end of the next 7 days."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = timezone.localtime(today + dt.timedelta(days=1)).replace(hour=0)
    week_end = timezone.localtime(today + dt.timedelta(days=8)).replace(hour=0)
    return today, tomorrow, week_end


@dataclass
class DueLists:
    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    week: list[FollowUp] = field(default_factory=list)


def due_follow_ups(
    cases: QuerySet[Case], now: dt.datetime | None = None, limit: int = 100, assigned_to: User | None = None
) -> DueLists:
    """Open follow-ups of `cases` (of `assigned_to` if given) due before the end of the coming week:
    overdue (due before today), due today, this week. One query.
    """
    now = now or timezone.now()
    today, tomorrow, week_end = day_bounds(now)
    rows = FollowUp.objects.filter(
        case__in=cases.order_by().values("pk"), status=FollowUp.Status.SCHEDULED, due_at__lt=week_end
    )
    if assigned_to is not None:
        rows = rows.filter(assigned_to=assigned_to)
    rows = rows.select_related("case", "assigned_to").order_by("due_at", "pk")[:limit]
    lists = DueLists()
    for row in rows:
        if row.due_at < today:
            lists.overdue.append(row)
        elif row.due_at < tomorrow:
            lists.today.append(row)
        else:
            lists.week.append(row)
    return lists


def followup_attention(cases: QuerySet[Case]) -> list[AttentionItem]:
    """The caseload's follow-ups: overdue (danger), due today, and this week, each linking to its record form."""
    lists = due_follow_ups(cases, limit=40)
    items = []
    for severity, label, rows in (
        ("danger", "Overdue", lists.overdue),
        ("warning", "Due today", lists.today),
        ("info", "This week", lists.week),
    ):
        for row in rows:
            when = timezone.localtime(row.due_at)
            items.append(
                AttentionItem(
                    row.case,
                    "follow-up",
                    f"{label}: {row.label}, {when:%a %b %d} — record it",
                    row.get_absolute_url(),
                    severity,
                )
            )
    return items


def followup_timeline(case: Case) -> list[TimelineEntry]:
    entries = []
    for row in case.follow_ups.exclude(contacted_at=None).select_related("recorded_by"):
        detail = "Reached" if row.reached else "Not reached"
        if row.days_abstinent is not None:
            detail += f"; {row.days_abstinent} day{pluralize(row.days_abstinent)} abstinent"
        entries.append(
            TimelineEntry(
                _contacted_at(row),
                "follow-up",
                f"Follow-up recorded: {row.label}",
                detail,
                row.recorded_by,
                row.get_absolute_url(),
            )
        )
    for session in case.family_sessions.filter(status="held").select_related("facilitator"):
        entries.append(
            TimelineEntry(
                session.scheduled_at,
                "family",
                f"Family session held: {session.get_kind_display()}",
                session.topics,
                session.facilitator,
            )
        )
    for plan in case.aftercare_plans.select_related("created_by"):
        url = reverse("aftercare:plan-detail", kwargs={"case": case.pk}) + f"?version={plan.version}"
        entries.append(
            TimelineEntry(
                plan.created_at, "aftercare", f"Aftercare plan version {plan.version}", "", plan.created_by, url
            )
        )
    return entries


@dataclass
class Outcomes:
    episodes: list
    readmissions: int
    follow_ups: list[FollowUp]


def outcomes_of(case: Case, now: dt.datetime | None = None) -> Outcomes:
    """Retention (days in treatment per episode), discharge type, readmissions, abstinence at each follow-up."""
    now = now or timezone.now()
    episodes = list(case.episodes.all())
    for episode in episodes:
        episode.retention_days = ((episode.discharged_at or now) - episode.admitted_at).days
    recorded = [row for row in follow_ups_of(case) if row.contacted_at and row.reached]
    return Outcomes(episodes, max(len(episodes) - 1, 0), recorded)


CHART_WIDTH, CHART_HEIGHT, PAD = 640, 240, 40
DATE_LABEL_WIDTH = 48  # room for one "Dec 18" under the x axis


def _contacted_at(row: FollowUp) -> dt.datetime:
    """When a recorded follow-up took place (the due time stands in only for the type checker)."""
    return row.contacted_at or row.due_at


def outcome_chart(follow_ups: list[FollowUp]) -> dict | None:
    """An SVG line chart of days abstinent (left axis) and engagement 0-4 (right axis) at each contact, or None.

    The contacts are spaced evenly in time order, each with its date under the x axis: two contacts on one day
    stay two points side by side (a time scale would stack them into a vertical line). Dates are labelled as
    densely as fits (every contact, or every second, ...).
    """
    points = sorted(
        (row for row in follow_ups if row.days_abstinent is not None or row.engagement is not None),
        key=lambda row: (_contacted_at(row), row.pk or 0),
    )
    if not points:
        return None
    top_days = max([row.days_abstinent or 0 for row in points] + [7])
    inner_w, inner_h = CHART_WIDTH - 2 * PAD, CHART_HEIGHT - 2 * PAD
    positions = {
        id(row): round(PAD + (inner_w * index / (len(points) - 1) if len(points) > 1 else inner_w / 2), 1)
        for index, row in enumerate(points)
    }

    def x(row: FollowUp) -> float:
        return positions[id(row)]

    def y(value: float, top: float) -> float:
        return round(PAD + inner_h * (1 - value / top), 1)

    abstinent = [(x(row), y(row.days_abstinent, top_days), row) for row in points if row.days_abstinent is not None]
    engaged = [(x(row), y(row.engagement, 4), row) for row in points if row.engagement is not None]
    step = -(-len(points) // max(inner_w // DATE_LABEL_WIDTH, 1))
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": PAD,
        "bottom": CHART_HEIGHT - PAD,
        "label_y": CHART_HEIGHT - PAD + 16,
        "right": CHART_WIDTH - PAD,
        "top_days": top_days,
        "abstinent": abstinent,
        "abstinent_line": " ".join(f"{px},{py}" for px, py, _ in abstinent),
        "engaged": engaged,
        "engaged_line": " ".join(f"{px},{py}" for px, py, _ in engaged),
        "dates": [(x(row), _contacted_at(row)) for row in points[::step]],
        "rows": points,
    }


def notifications_for(user: User) -> NotificationQuerySet:
    return Notification.objects.visible_to(user).select_related("case")


def assessment_triggers(case: Case) -> str:
    """The triggers recorded on the case's latest assessment (empty when there is none)."""
    latest = case.current_assessment
    return latest.triggers if latest is not None else ""


def plan_initial(case: Case) -> dict[str, Any]:
    """Initial values of the plan form: the latest version, or a new plan with the assessment's triggers."""
    plan = plan_of(case)
    if plan is None:
        return {"triggers": assessment_triggers(case)}
    return {name: getattr(plan, name) for name in PLAN_FIELDS}
