"""Intervention outcomes: accepted, declined, postponed; by intervention model and by ARISE level."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from interventions.models import InterventionEvent, InterventionModel

from . import Measure, Scope, share

Outcome = InterventionEvent.Outcome
ACCEPTED = Q(outcome__in=(Outcome.ACCEPTED_NOW, Outcome.ACCEPTED_LATER))
DECLINED = Q(outcome=Outcome.REFUSED)
POSTPONED = Q(outcome=Outcome.POSTPONED)
HELD_IN_PERIOD = "of the interventions held in the period (their recorded outcome)"
DEFINITIONS = {
    "accepted": f"Accepted: {HELD_IN_PERIOD}, the share where the person accepted treatment (now or for a later date).",
    "declined": f"Declined: {HELD_IN_PERIOD}, the share where the person refused treatment.",
    "postponed": f"Postponed: {HELD_IN_PERIOD}, the share where the meeting did not take place.",
}


@dataclass(frozen=True)
class OutcomeRow:
    """The outcomes of one group of interventions (a model, an ARISE level)."""

    label: str
    accepted: Measure
    declined: Measure
    postponed: Measure

    @property
    def n(self) -> int:
        return self.accepted.n


def _counts() -> dict[str, Count]:
    return {
        "n": Count("pk"),
        "accepted": Count("pk", filter=ACCEPTED),
        "declined": Count("pk", filter=DECLINED),
        "postponed": Count("pk", filter=POSTPONED),
    }


def _row(key: str, label: str, figures: dict[str, int]) -> OutcomeRow:
    parts = [
        share(f"{key}_{name}", f"{label}: {name}", DEFINITIONS[name], figures[name], figures["n"])
        for name in ("accepted", "declined", "postponed")
    ]
    return OutcomeRow(label, *parts)


def _events(scope: Scope):  # -> QuerySet[InterventionEvent]
    return InterventionEvent.objects.filter(scope.case_q("plan__case__"), scope.within("held_at"))


def overall(scope: Scope) -> OutcomeRow:
    """Every intervention held in the period. One query."""
    return _row("outcome", "Intervention outcome", _events(scope).aggregate(**_counts()))


def by_model(scope: Scope) -> list[OutcomeRow]:
    """The same, for each intervention model used. One query."""
    labels = dict(InterventionModel.choices)
    rows = _events(scope).values("plan__model").annotate(**_counts()).order_by("plan__model")
    return [
        _row(f"model_{row['plan__model']}", labels.get(row["plan__model"], row["plan__model"]).split(" (")[0], row)
        for row in rows
    ]


def by_arise_level(scope: Scope) -> list[OutcomeRow]:
    """ARISE interventions by the level they ended at (how many families each level was enough for). One query."""
    rows = (
        _events(scope)
        .filter(plan__model="arise", arise_level__isnull=False)
        .values("arise_level")
        .annotate(**_counts())
        .order_by("arise_level")
    )
    return [_row(f"arise_level_{row['arise_level']}", f"ARISE level {row['arise_level']}", row) for row in rows]
