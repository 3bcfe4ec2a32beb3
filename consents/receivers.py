"""Receivers of `interventions.signals.stage_changed` (sent inside the stage change's transaction): an expiry event
resolves to a date when it happens, with no staff action. A discharge (In treatment to Aftercare, or to Disengaged)
resolves "on discharge" and "N days after discharge"; closing the case resolves "when the case closes". The date is
the day it happened (the date entered), on the practice's calendar."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from interventions.models import Stage

from .models import Consent
from .services.consent import DISCHARGE_MOVES, expiry_events_resolve


def on_stage_changed(sender: Any, *, case: Any, change: Any, from_stage: str, to_stage: str, **_: Any) -> None:
    day = timezone.localdate(change.happened_at, case.organization.zone)
    if (from_stage, to_stage) in DISCHARGE_MOVES:
        expiry_events_resolve(case=case, event=Consent.ExpiryEvent.DISCHARGE, on=day)
    elif to_stage == Stage.CLOSED:
        expiry_events_resolve(case=case, event=Consent.ExpiryEvent.CASE_CLOSED, on=day)


def connect() -> None:
    from interventions.signals import stage_changed

    stage_changed.connect(on_stage_changed, dispatch_uid="consents.on_stage_changed")
