"""The readiness checks the case itself answers (other topics and apps register theirs: see extensions.py)."""

from __future__ import annotations

from django.urls import reverse

from .extensions import CheckResult, ReadinessCheck
from .models import Case, Stage
from .queries import admitting_referral


def _edit_url(case: Case) -> str:
    return reverse("interventions:case-edit", kwargs={"case": case.pk})


def identity_recorded(case: Case) -> CheckResult:
    ok = bool(case.first_name and case.last_name and case.date_of_birth)
    return CheckResult(
        "The person's name and date of birth", ok, "Add the date of birth to the intake.", _edit_url(case)
    )


def concern_recorded(case: Case) -> CheckResult:
    return CheckResult(
        "The presenting concern",
        bool(case.presenting_concern.strip()),
        "Describe the presenting concern.",
        _edit_url(case),
    )


def contact_recorded(case: Case) -> CheckResult:
    ok = bool(case.phone or case.email or case.referrer_phone or case.referrer_email)
    return CheckResult(
        "A way to reach the person or the referrer", ok, "Add a phone number or an email address.", _edit_url(case)
    )


def substances_recorded(case: Case) -> CheckResult:
    return CheckResult(
        "At least one substance recorded", case.substances.exists(), "Add the substances used.", _edit_url(case)
    )


def _plan_url(case: Case) -> str:
    return reverse("interventions:plan-detail", kwargs={"case": case.pk})


def plan_date_and_place(case: Case) -> CheckResult:
    plan = case.current_plan
    ok = bool(plan and plan.scheduled_for and plan.location)
    return CheckResult("Date, time and place of the intervention", ok, "Set them in the plan.", _plan_url(case))


def plan_participants(case: Case) -> CheckResult:
    plan = case.current_plan
    ok = bool(plan and plan.participants.exclude(role="observer").exists())
    return CheckResult(
        "At least one speaking or supporting participant", ok, "Add participants to the plan.", _plan_url(case)
    )


def plan_admission_confirmed(case: Case) -> CheckResult:
    """The admission's date and time is kept once, on the referral the facility accepted."""
    referral = admitting_referral(case)
    ok = bool(referral and referral.admission_at)
    fix_url = referral.get_absolute_url() if referral else _plan_url(case)
    return CheckResult(
        "Admission time confirmed with the facility", ok, "Schedule the admission on the accepted referral.", fix_url
    )


def plan_travel_arranged(case: Case) -> CheckResult:
    plan = case.current_plan
    ok = bool(plan and plan.travel_arranged)
    return CheckResult("Travel to the facility arranged", ok, "Arrange travel and mark it arranged.", _plan_url(case))


def craft_violence_check(case: Case) -> CheckResult:
    """CRAFT: the violence-risk check comes before any invitation to treatment (workflows/craft.py applies it)."""
    plan = case.current_plan
    ok = bool(plan and plan.violence_risk_checked_on)
    return CheckResult(
        "Violence-risk check before inviting the person", ok, "Record the violence-risk check.", _plan_url(case)
    )


def plan_invitation(case: Case) -> CheckResult:
    """Invitational: the person was invited openly, and the plan says by whom, how and when."""
    plan = case.current_plan
    ok = bool(plan and plan.invited_by and plan.invitation_method and plan.invitation_sent_on)
    return CheckResult(
        "The person invited: by whom, how and when",
        ok,
        "Record the invitation in the plan.",
        reverse("interventions:plan-edit", kwargs={"case": case.pk}),
    )


def arrival_confirmed(case: Case) -> CheckResult:
    plan = case.current_plan
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


def accepted_referral(case: Case) -> CheckResult:
    referral = _accepted_referral(case)
    label = (
        f"A facility accepted the referral ({referral.facility.name})"
        if referral
        else "A facility accepted the referral"
    )
    url = reverse("interventions:case-matches", kwargs={"case": case.pk})
    return CheckResult(label, referral is not None, "Send referrals and record an acceptance.", url)


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


# Registered from AppConfig.ready(), in the order the readiness panels list them.
CHECKS = [
    ReadinessCheck("intake.identity", Stage.INTAKE, identity_recorded, to=Stage.ASSESSMENT, overridable=False),
    ReadinessCheck("intake.concern", Stage.INTAKE, concern_recorded, to=Stage.ASSESSMENT, overridable=False),
    ReadinessCheck("intake.contact", Stage.INTAKE, contact_recorded, to=Stage.ASSESSMENT, overridable=False),
    ReadinessCheck("intake.substances", Stage.INTAKE, substances_recorded, to=Stage.ASSESSMENT, overridable=False),
    ReadinessCheck("plan.when_where", Stage.PLANNING, plan_date_and_place, to=Stage.SCHEDULED),
    ReadinessCheck("plan.participants", Stage.PLANNING, plan_participants, to=Stage.SCHEDULED),
    ReadinessCheck("plan.admission_time", Stage.PLANNING, plan_admission_confirmed, to=Stage.SCHEDULED),
    ReadinessCheck("plan.travel", Stage.PLANNING, plan_travel_arranged, to=Stage.SCHEDULED),
    ReadinessCheck(
        "plan.craft_violence_check", Stage.PLANNING, craft_violence_check, to=Stage.SCHEDULED, overridable=False
    ),
    ReadinessCheck("plan.invitation", Stage.PLANNING, plan_invitation, to=Stage.SCHEDULED),
    ReadinessCheck("transition.arrival", Stage.HELD, arrival_confirmed, to=Stage.IN_TREATMENT),
    ReadinessCheck("plan.accepted_referral", Stage.PLANNING, accepted_referral, to=Stage.SCHEDULED),
    ReadinessCheck("plan.insurance", Stage.PLANNING, insurance_verified, to=Stage.SCHEDULED),
]
