"""The plan as its model shows it: the fields its workflow uses, in its fieldsets, each as a label and a value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format

from accounts import zones

from .models import InterventionPlan
from .workflows import Workflow

NOT_SET = "Not set"
# Shown elsewhere on the page or only a detail of another row.
HIDDEN = {"time_zone", "duration_minutes", "location_notes", "travel_arranged"}


def plan_rows(
    plan: InterventionPlan, workflow: Workflow, when_format: str = "l, F j, Y, g:i A T"
) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(fieldset legend, [(label, value), ...]), ...] for the plan page (the PDF passes its shorter date format)."""
    rows = []
    for legend, names in workflow.plan_fieldsets:
        shown = [(_label(name), _value(plan, name, when_format)) for name in names if name not in HIDDEN]
        if shown:
            rows.append((legend, shown))
    return rows


def _label(name: str) -> str:
    field = InterventionPlan._meta.get_field(name)
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _value(plan: InterventionPlan, name: str, when_format: str) -> str:
    value: Any = getattr(plan, name)
    if name == "scheduled_for":
        if not value:
            return NOT_SET
        return f"{zones.place_time(value, plan.zone, when_format)} ({plan.duration_minutes} min)"
    if name == "location":
        return "\n".join(part for part in (value or NOT_SET, plan.location_notes) if part)
    if name == "travel_plan":
        arranged = " (arranged)" if plan.travel_arranged else " (not arranged yet)"
        return (value or NOT_SET) + arranged
    display = getattr(plan, f"get_{name}_display", None)
    if display is not None and value not in (None, ""):
        return str(display())
    if isinstance(value, dt.date):
        return date_format(value, "F j, Y")
    return str(value) if value not in (None, "") else NOT_SET
