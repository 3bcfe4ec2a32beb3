"""Assessments of a case: record one (clinical picture, screens, ASAM ratings), read it with its scores and the
suggested level of care, confirm or override the suggestion, and record the safety action for a safety flag.

Everything is reached through the case (`get_case_for`): another practice's assessment is a 404, and family
members, who see no case through `visible_to`, never see an assessment.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError

from .. import instruments, services
from ..assessment_queries import get_assessment_for, get_safety_flag_for
from ..forms import AssessmentForm, ConfirmLevelForm, SafetyActionForm, instrument_forms
from ..models import Assessment, Case
from ..queries import get_case_for


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Record a new assessment; it becomes the case's current one."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data)
    screens = instrument_forms(case_obj, data)
    if data is not None and all([form.is_valid()] + [screen.is_valid() for screen in screens]):
        assessment = services.assessment_create(
            case=case_obj,
            by=request.user,
            ratings=form.ratings,
            rating_notes=form.rating_notes,
            administered=[screen.administered for screen in screens if screen.administered],
            **form.clinical_fields,
        )
        messages.success(request, "Assessment saved. Review the scores and the suggested level of care.")
        return redirect(assessment)
    if data is None:
        log_read(case_obj)
    context = {
        "case": case_obj,
        "form": form,
        "screens": screens,
        "reminder": instruments.SCREEN_NOT_DIAGNOSIS,
        "screens_have_errors": any(screen.errors for screen in screens),
    }
    return render(request, "interventions/assessment_form.html", context)


def _detail(request: AuthenticatedHttpRequest, case: Case, assessment: Assessment, **forms: object) -> HttpResponse:
    context = {
        "case": case,
        "assessment": assessment,
        "results": assessment.instrument_results.all(),
        "flags": assessment.safety_flags.all(),
        "is_current": case.current_assessment == assessment,
        "confirm_form": forms.get("confirm_form") or ConfirmLevelForm(assessment=assessment),
        "reminder": instruments.SCREEN_NOT_DIAGNOSIS,
    }
    return render(request, "interventions/assessment_detail.html", context, status=422 if forms else 200)


@login_required
def assessment_detail(request: AuthenticatedHttpRequest, case: int, assessment: int) -> HttpResponse:
    """An assessment with its scores, bands, flags, ratings, the suggestion and the decision."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    assessment_obj = get_assessment_for(case_obj, assessment)
    log_read(assessment_obj)
    return _detail(request, case_obj, assessment_obj)


@login_required
@require_POST
def assessment_confirm(request: AuthenticatedHttpRequest, case: int, assessment: int) -> HttpResponse:
    """Confirm the suggested level of care, or override it with a reason."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    assessment_obj = get_assessment_for(case_obj, assessment)
    form = ConfirmLevelForm(request.POST, assessment=assessment_obj)
    if form.is_valid():
        try:
            services.assessment_confirm(assessment=assessment_obj, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Level of care {form.cleaned_data['level']} recorded.")
            return redirect(assessment_obj)
    return _detail(request, case_obj, assessment_obj, confirm_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def safety_flag(request: AuthenticatedHttpRequest, case: int, flag: int) -> HttpResponse:
    """A safety flag, and the form to record the safety action taken (who and when are recorded)."""
    perm = "interventions.change_case" if request.method == "POST" else "interventions.view_case"
    case_obj = get_case_for(request.user, case, perm=perm)
    flag_obj = get_safety_flag_for(case_obj, flag)
    form = SafetyActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.safety_flag_act(flag=flag_obj, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Safety action recorded.")
                return redirect(case_obj)
    else:
        log_read(flag_obj)
    return render(
        request, "interventions/assessment_safety_flag.html", {"case": case_obj, "flag": flag_obj, "form": form}
    )
