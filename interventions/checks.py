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


def _plan_url(case: Case) -> str:
    return reverse("interventions:plan-detail", kwargs={"case": case.pk})


def _plan(case: Case):  # noqa: ANN202
    return case.plans.filter(is_current=True).first()


@register("plan.when_where", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def plan_date_and_place(case: Case) -> CheckResult:
    plan = _plan(case)
    ok = bool(plan and plan.scheduled_for and plan.location)
    return CheckResult("Date, time and place of the intervention", ok, "Set them in the plan.", _plan_url(case))


@register("plan.participants", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def plan_participants(case: Case) -> CheckResult:
    plan = _plan(case)
    ok = bool(plan and plan.participants.exclude(role="observer").exists())
    return CheckResult(
        "At least one speaking or supporting participant", ok, "Add participants to the plan.", _plan_url(case)
    )


@register("plan.admission_time", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def plan_admission_confirmed(case: Case) -> CheckResult:
    plan = _plan(case)
    ok = bool(plan and plan.admission_at and plan.admission_confirmed)
    return CheckResult("Admission time confirmed with the facility", ok, "Confirm the admission time.", _plan_url(case))


@register("plan.travel", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def plan_travel_arranged(case: Case) -> CheckResult:
    plan = _plan(case)
    ok = bool(plan and plan.travel_arranged)
    return CheckResult("Travel to the facility arranged", ok, "Arrange travel and mark it arranged.", _plan_url(case))


@register("plan.craft_violence_check", leaving=Stage.PLANNING, to=Stage.SCHEDULED, overridable=False)
def craft_violence_check(case: Case) -> CheckResult | None:
    plan = _plan(case)
    if not (plan and plan.model == "craft"):
        return None
    ok = bool(plan.violence_risk_checked_on)
    return CheckResult(
        "Violence-risk check before inviting the person (CRAFT)", ok, "Record the violence-risk check.", _plan_url(case)
    )


@register("transition.arrival", leaving=Stage.HELD, to=Stage.IN_TREATMENT)
def arrival_confirmed(case: Case) -> CheckResult:
    plan = _plan(case)
    checklist = getattr(plan, "transition", None) if plan else None
    ok = bool(checklist and checklist.arrived_at)
    if checklist is None:  # no "yes" recorded yet: the outcome comes first
        url = reverse("interventions:event-record", kwargs={"case": case.pk}) if plan else _plan_url(case)
        return CheckResult(
            "Arrival at the facility confirmed", ok, "Record the outcome of the intervention first.", url
        )
    url = reverse("interventions:transition", kwargs={"case": case.pk})
    return CheckResult("Arrival at the facility confirmed", ok, "Confirm arrival on the transition page.", url)


def _accepted_referral(case: Case):  # noqa: ANN202
    from .models.referral import ACCEPTED_STATUSES

    return (
        case.referrals.filter(status__in=ACCEPTED_STATUSES)
        .select_related("facility")
        .order_by("-status_changed_at")
        .first()
    )


@register("plan.accepted_referral", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def accepted_referral(case: Case) -> CheckResult:
    referral = _accepted_referral(case)
    label = (
        f"A facility accepted the referral ({referral.facility.name})"
        if referral
        else "A facility accepted the referral"
    )
    url = reverse("interventions:case-matches", kwargs={"case": case.pk})
    return CheckResult(label, referral is not None, "Send referrals and record an acceptance.", url)


@register("plan.insurance", leaving=Stage.PLANNING, to=Stage.SCHEDULED)
def insurance_verified(case: Case) -> CheckResult | None:
    if case.payer == "SF":
        return None  # self-pay: nothing to verify with a payer
    referral = _accepted_referral(case)
    verification = referral.verifications.order_by("-verified_at", "-pk").first() if referral else None
    ok = bool(verification and verification.outcome in ("covered", "partial"))
    url = (
        reverse("interventions:referral-detail", kwargs={"case": case.pk, "referral": referral.pk})
        if referral
        else reverse("interventions:case-matches", kwargs={"case": case.pk})
    )
    return CheckResult("Insurance verified for the accepted facility", ok, "Record the benefits check.", url)
