"""Receivers of `interventions.signals.stage_changed` (sent inside the stage change's transaction).
They only call aftercare services, which queue any Celery work with transaction.on_commit.

Admission (into In treatment) opens an episode and schedules its follow-ups; discharge (In treatment to
Aftercare, or to Disengaged: left early) closes it and schedules the post-discharge ones; closing the case
cancels what is still scheduled. Each is idempotent: a repeated signal creates nothing twice.
"""

from __future__ import annotations

from typing import Any

from interventions.models import Stage

from . import services
from .models import Episode

# How the stay ended, where the move itself says it: into aftercare may be a completion, a transfer or an
# administrative discharge, which the user records on the episode (nothing is presumed).
DISCHARGE_TYPES: dict[str, str] = {
    Stage.AFTERCARE: "",
    Stage.DISENGAGED: Episode.DischargeType.LEFT_EARLY,
}


def on_stage_changed(sender: Any, *, case: Any, change: Any, from_stage: str, to_stage: str, by: Any, **_: Any) -> None:
    # Anchored on when it happened (the date entered), not on the click.
    if to_stage == Stage.IN_TREATMENT:
        services.admission_record(case=case, at=change.happened_at, by=by, change=change)
    elif from_stage == Stage.IN_TREATMENT and to_stage in DISCHARGE_TYPES:
        services.discharge_record(case=case, at=change.happened_at, by=by, discharge_type=DISCHARGE_TYPES[to_stage])
    elif to_stage == Stage.CLOSED:
        services.followups_cancel_open(case=case, by=by, reason="Cancelled: the case was closed.", closing=change)


def connect() -> None:
    from interventions.signals import stage_changed

    stage_changed.connect(on_stage_changed, dispatch_uid="aftercare.on_stage_changed")
