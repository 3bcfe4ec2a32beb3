"""Receivers of `interventions.signals.stage_changed` (sent inside the stage change's transaction): an expiry event
resolves to a date when it happens, with no staff action. A discharge (In treatment to Aftercare, or to Disengaged)
resolves "on discharge" and "N days after discharge"; closing the case resolves "when the case closes". The date is
the day it happened (the date entered), on the practice's calendar.

Receivers of `interventions.signals.referrals_sent` (inside the send's transaction): each referral gets its packet
(services/packets.py)."""

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


def on_referrals_sent(sender: Any, *, case: Any, referrals: list, by: Any, note: str = "", **_: Any) -> None:
    """A referral sent makes its packet (only what the facility's consent covers), queued after commit."""
    from .services.packets import packets_create

    packets_create(referrals=referrals, by=by, note=note)


def connect() -> None:
    from interventions.signals import referrals_sent, stage_changed

    stage_changed.connect(on_stage_changed, dispatch_uid="consents.on_stage_changed")
    referrals_sent.connect(on_referrals_sent, dispatch_uid="consents.on_referrals_sent")
