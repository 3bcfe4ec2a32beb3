"""The readiness checks the case itself answers (other topics and apps register theirs)."""

from __future__ import annotations

from django.urls import reverse

from .models import Case, Stage
from .readiness import CheckResult, register


def _edit_url(case: Case) -> str:
    return reverse("interventions:case-edit", kwargs={"case": case.pk})


@register("intake.identity", leaving=Stage.INTAKE, to=Stage.ASSESSMENT, overridable=False)
def identity_recorded(case: Case) -> CheckResult:
    ok = bool(case.first_name and case.last_name and case.date_of_birth)
    return CheckResult(
        "The person's name and date of birth", ok, "Add the date of birth to the intake.", _edit_url(case)
    )


@register("intake.concern", leaving=Stage.INTAKE, to=Stage.ASSESSMENT, overridable=False)
def concern_recorded(case: Case) -> CheckResult:
    return CheckResult(
        "The presenting concern",
        bool(case.presenting_concern.strip()),
        "Describe the presenting concern.",
        _edit_url(case),
    )


@register("intake.contact", leaving=Stage.INTAKE, to=Stage.ASSESSMENT, overridable=False)
def contact_recorded(case: Case) -> CheckResult:
    ok = bool(case.phone or case.email or case.referrer_phone or case.referrer_email)
    return CheckResult(
        "A way to reach the person or the referrer", ok, "Add a phone number or an email address.", _edit_url(case)
    )


@register("intake.substances", leaving=Stage.INTAKE, to=Stage.ASSESSMENT, overridable=False)
def substances_recorded(case: Case) -> CheckResult:
    return CheckResult(
        "At least one substance recorded", case.substances.exists(), "Add the substances used.", _edit_url(case)
    )
