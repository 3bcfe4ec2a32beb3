"""The case: open from an intake, read, edit under an optimistic lock, move along its stages, notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest, require_staff
from accounts.audit import log_read
from accounts.exceptions import DomainError

from .. import readiness, services
from ..exceptions import StaleVersion, TransitionBlocked
from ..extensions import closing_effects_for, timeline_for
from ..forms import CaseForm, CloseForm, NoteForm, ReopenForm, StageChangeForm, SubstanceFormSet
from ..forms.case import BaseSubstanceFormSet, case_conflicts, opened_snapshot, rebased_data, submitted_snapshot
from ..models import ALLOWED_TRANSITIONS, Case, Stage
from ..queries import closing_of, get_case_for


def _substances(formset: BaseSubstanceFormSet) -> list[dict]:
    return [
        {key: value for key, value in form.cleaned_data.items() if key not in ("DELETE", "id", "case")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("substance")
    ]


def _valid(form: CaseForm, formset: BaseSubstanceFormSet) -> bool:
    """Validate both, so both show their errors; the substances are checked against the date of birth."""
    form_ok = form.is_valid()
    formset.date_of_birth = form.cleaned_data.get("date_of_birth")
    return formset.is_valid() and form_ok


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a new case from an intake."""
    require_staff(request.user)
    organization = request.user.primary_organization
    if organization is None:  # require_staff: not reached
        raise Http404("Not a practice page for this user")
    form = CaseForm(request.POST or None, organization=organization, initial={"lead": request.user})
    formset = SubstanceFormSet(request.POST or None, prefix="substances")
    if request.method == "POST" and _valid(form, formset):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("lead", "co_assigned", "version")}
        case = services.case_create(
            organization=organization,
            lead=form.cleaned_data["lead"],
            by=request.user,
            co_assigned=form.cleaned_data["co_assigned"],
            substances=_substances(formset),
            **fields,
        )
        messages.success(request, f"Case {case.reference} opened for {case.display_name}.")
        return redirect(case)
    return render(request, "interventions/case_form.html", {"form": form, "formset": formset, "case": None})


@login_required
def case_detail(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The case page: header, stage with what is missing to move on, timeline, notes, panels."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    log_read(case_obj)
    return render(request, "interventions/case_detail.html", _detail_context(case_obj))


def _detail_context(case: Case, stage_form: StageChangeForm | None = None, note_form: NoteForm | None = None) -> dict:
    next_steps = [
        {"stage": stage, "label": Stage(stage).label, "checks": readiness.checks_for(case, stage)}
        for stage in ALLOWED_TRANSITIONS[case.stage]
    ]
    return {
        "case": case,
        "substances": case.substances.all(),
        "next_steps": next_steps,
        "stage_form": stage_form or StageChangeForm(case=case),
        "note_form": note_form or NoteForm(),
        "timeline": timeline_for(case),
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Edit the intake. A save based on an outdated version is refused; the form then shows, field by field,
    what differs from the saved case, and carries the user's changes on top of the current version."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = CaseForm(request.POST or None, instance=case_obj, organization=case_obj.organization)
    formset = SubstanceFormSet(request.POST or None, instance=case_obj, prefix="substances")
    conflicts = None
    if request.method == "GET":
        log_read(case_obj)
    elif _valid(form, formset):
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("lead", "co_assigned", "version", "opened")}
        fields["lead"] = form.cleaned_data["lead"]
        try:
            services.case_update(
                case=case_obj,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                fields=fields,
                co_assigned=form.cleaned_data["co_assigned"],
                substances=_substances(formset),
            )
        except StaleVersion as error:
            form, formset, conflicts = _rebased(case_obj, form, formset)
            messages.warning(request, error.message)
        else:
            messages.success(request, "The case was saved.")
            return redirect("interventions:case-detail", case=case_obj.pk)
    context = {"form": form, "formset": formset, "case": Case.objects.get(pk=case_obj.pk), "conflicts": conflicts}
    return render(request, "interventions/case_form.html", context)


def _rebased(case: Case, form: CaseForm, formset: BaseSubstanceFormSet) -> tuple[CaseForm, BaseSubstanceFormSet, list]:
    """After a refused save: the differences from the saved case, and the form again on top of it."""
    current = Case.objects.get(pk=case.pk)
    opened = opened_snapshot(form.cleaned_data.get("opened", ""))
    theirs = submitted_snapshot(form, _substances(formset))
    data = rebased_data(current, opened, theirs)
    rebased = CaseForm(data, instance=current, organization=current.organization)
    rebased_rows = SubstanceFormSet(data, instance=current, prefix="substances")
    return rebased, rebased_rows, case_conflicts(current, opened, theirs)


@login_required
@require_POST
def case_change_stage(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = StageChangeForm(request.POST, case=case_obj)
    if form.is_valid() and form.cleaned_data["to"] == Stage.CLOSED:
        # Closing is never done in one click: the confirmation says what it stops, and its form closes.
        return _close_confirmation(request, case_obj, CloseForm(initial={"note": form.cleaned_data["note"]}))
    if form.is_valid():
        try:
            services.case_change_stage(case=case_obj, by=request.user, **form.cleaned_data)
        except TransitionBlocked as blocked:
            for reason in blocked.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, f"The case moved to {Stage(form.cleaned_data['to']).label}.")
            return redirect(case_obj)
    response = render(request, "interventions/case_detail.html", _detail_context(case_obj, stage_form=form))
    response.status_code = 422
    return response


def _close_confirmation(
    request: AuthenticatedHttpRequest, case: Case, form: CloseForm, status: int = 200
) -> HttpResponse:
    context = {
        "case": case,
        "form": form,
        "effects": closing_effects_for(case),
        "allowed": Stage.CLOSED in ALLOWED_TRANSITIONS[case.stage],
    }
    return render(request, "interventions/case_close.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """GET: what closing the case will stop (follow-ups cancelled, reminders not sent), nothing done. POST: close it,
    with the reason."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = CloseForm(request.POST or None)
    if request.method == "GET":
        log_read(case_obj)
        return _close_confirmation(request, case_obj, form)
    if form.is_valid():
        try:
            services.case_change_stage(case=case_obj, to=Stage.CLOSED, by=request.user, note=form.cleaned_data["note"])
        except TransitionBlocked as blocked:
            for reason in blocked.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, "The case was closed. Its owner can reopen it.")
            return redirect(case_obj)
    return _close_confirmation(request, case_obj, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def case_reopen(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The practice owner reopens a closed case, with a reason, at the stage it was closed from."""
    case_obj = get_case_for(request.user, case, perm="interventions.reopen_case")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.case_reopen(case=case_obj, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The case was reopened at {change.get_to_stage_display()}.")
            return redirect(case_obj)
    if request.method == "GET":
        log_read(case_obj)
    closing = closing_of(case_obj)
    context = {"case": case_obj, "form": form, "closing": closing}
    return render(request, "interventions/case_reopen.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def note_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = NoteForm(request.POST)
    if form.is_valid():
        services.case_note_add(case=case_obj, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Note added.")
        return redirect(case_obj)
    response = render(request, "interventions/case_detail.html", _detail_context(case_obj, note_form=form))
    response.status_code = 422
    return response


@login_required
def note_detail(request: AuthenticatedHttpRequest, case: int, note: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    note_obj = get_object_or_404(case_obj.notes.select_related("author"), pk=note)
    log_read(note_obj)
    return render(request, "interventions/note_detail.html", {"case": case_obj, "note": note_obj})
