"""Signals other apps listen to (families, aftercare connect receivers in their AppConfig.ready())."""

from django.dispatch import Signal

# Sent after a stage change is committed. Keyword arguments: case, change (StageChange), from_stage, to_stage, by.
stage_changed = Signal()
