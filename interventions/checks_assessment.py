"""Readiness checks the assessment answers: what must be true to leave the assessment stage for planning."""

from __future__ import annotations

from django.urls import reverse

from .extensions import CheckResult, ReadinessCheck
from .models import Case, Stage


def level_of_care_confirmed(case: Case) -> CheckResult:
    current = case.current_assessment
    ok = bool(current and current.is_confirmed)
    if current is None:
        missing, url = "Record an assessment.", reverse("interventions:assessment-create", kwargs={"case": case.pk})
    else:
        missing, url = "Confirm or override the suggested level of care.", current.get_absolute_url()
    return CheckResult("A level of care confirmed on the current assessment", ok, missing, url)


def safety_flags_acted_on(case: Case) -> CheckResult | None:
    """Listed only while a safety flag is open (it then blocks planning, with no override)."""
    flags = case.open_safety_flags
    if not flags:
        return None
    return CheckResult(
        "Every safety flag acted on", False, "Record the safety action taken.", flags[0].get_absolute_url()
    )


# Registered from AppConfig.ready(), in the order the readiness panels list them.
CHECKS = [
    ReadinessCheck("assessment.level_confirmed", Stage.ASSESSMENT, level_of_care_confirmed, to=Stage.PLANNING),
    ReadinessCheck(
        "assessment.safety_acted_on", Stage.ASSESSMENT, safety_flags_acted_on, to=Stage.PLANNING, overridable=False
    ),
]
