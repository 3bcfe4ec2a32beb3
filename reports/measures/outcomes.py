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


NAMES = ("n", "accepted", "declined", "postponed")


def outcome_groups(scope: Scope) -> list[dict]:
    """The interventions held in the period, counted per (model, ARISE level): a handful of rows. One query; the
    overall, per-model and per-level figures below are sums of these rows."""
    events = InterventionEvent.objects.filter(scope.case_q("plan__case__"), scope.within("held_at"))
    return list(events.values("plan__model", "arise_level").annotate(**_counts()).order_by("plan__model"))


def _sum(rows: list[dict]) -> dict[str, int]:
    return {name: sum(row[name] for row in rows) for name in NAMES}


def overall(scope: Scope, groups: list[dict] | None = None) -> OutcomeRow:
    """Every intervention held in the period."""
    return _row("outcome", "Intervention outcome", _sum(outcome_groups(scope) if groups is None else groups))


def by_model(scope: Scope, groups: list[dict] | None = None) -> list[OutcomeRow]:
    """The same, for each intervention model used."""
    groups = outcome_groups(scope) if groups is None else groups
    labels = dict(InterventionModel.choices)
    models = sorted({row["plan__model"] for row in groups})
    return [
        _row(f"model_{model}", labels.get(model, model).split(" (")[0],
             _sum([row for row in groups if row["plan__model"] == model]))
        for model in models
    ]  # fmt: skip


def by_arise_level(scope: Scope, groups: list[dict] | None = None) -> list[OutcomeRow]:
    """ARISE interventions by the level they ended at (how many families each level was enough for)."""
    groups = outcome_groups(scope) if groups is None else groups
    arise = [row for row in groups if row["plan__model"] == "arise" and row["arise_level"] is not None]
    return [
        _row(
            f"arise_level_{level}", f"ARISE level {level}", _sum([row for row in arise if row["arise_level"] == level])
        )
        for level in sorted({row["arise_level"] for row in arise})
    ]
