"""The intervention: plan, participants and their private boundaries, sessions, the event, the transition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from accounts.zones import in_practice_zone

from .. import readiness
from ..calendar import plan_ics
from ..exceptions import TransitionBlocked
from ..extensions import candidates_for
from ..forms.plan import (
    ArrivalForm,
    EscalationForm,
    EventForm,
    InvitationForm,
    ModelChoiceForm,
    ParticipantAddForm,
    ParticipantForm,
    PlanForm,
    SessionForm,
    SwitchModelForm,
    TransitionForm,
)
from ..models import Case, InterventionPlan, Stage
from ..plan_display import plan_rows
from ..queries import admitting_referral, get_case_for
from ..services import calendar as calendar_services
from ..services import plan as plan_services
from ..workflows import WORKFLOWS, workflow_for
from ..workflows.base import ACCEPTED, PLAN_OVER


def _current_plan(case: Case) -> InterventionPlan:
    plan = case.current_plan
    if plan is None:
        raise Http404("No plan yet")
    return plan


@login_required
def plan_detail(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The plan with its readiness panel: what is still missing before the day."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    return _plan_page(request, case_obj, case_obj.current_plan)


@login_required
def plan_version(request: AuthenticatedHttpRequest, case: int, version: int) -> HttpResponse:
    """An earlier version of the plan, read-only: what was planned and what came of it under its model."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    plan = get_object_or_404(case_obj.plans, version=version)
    if plan.is_current:
        return redirect("interventions:plan-detail", case=case_obj.pk)
    return _plan_page(request, case_obj, plan, readonly=True)


def _plan_page(
    request: AuthenticatedHttpRequest, case_obj: Case, plan: InterventionPlan | None, *, readonly: bool = False
) -> HttpResponse:
    if plan is not None:
        log_read(plan)
    taken = set(plan.participants.values_list("source_key", flat=True)) if plan else set()
    candidates = [c for c in candidates_for(case_obj) if c.key not in taken]
    add_form = ParticipantAddForm(candidates=candidates) if candidates and plan and not readonly else None
    if add_form:
        add_form.helper.form_action = reverse("interventions:participant-add", kwargs={"case": case_obj.pk})
    workflow = workflow_for(plan)
    event = getattr(plan, "event", None) if plan else None
    context = {
        "case": case_obj,
        "plan": plan,
        "readonly": readonly,
        "workflow": workflow,
        "event_scheduled": workflow.event_is_scheduled(plan),
        "boundaries": workflow.shows_boundaries(plan),
        "plan_rows": plan_rows(plan, workflow) if plan else [],
        "participants": plan.participants.select_related("user") if plan else [],
        "sessions": plan.sessions.prefetch_related("attended") if plan else [],
        "readiness": [] if readonly else readiness.checks_for(case_obj, Stage.SCHEDULED, leaving=Stage.PLANNING),
        "add_form": add_form,
        "earlier_plans": [
            (p, workflow_for(p).outcome_label(p, p.event.outcome) if hasattr(p, "event") else "")
            for p in case_obj.plans.filter(is_current=False).select_related("event")
            if plan is None or p.pk != plan.pk
        ],
        "event": event,
        "outcome_label": workflow.outcome_label(plan, event.outcome) if event else "",
        "can_record_outcome": not readonly and _can_record_outcome(case_obj, plan, event),
        "plan_over": event is not None and event.outcome in PLAN_OVER,
        "levels": plan.level_changes.select_related("by") if plan and workflow.levels else [],
        "invitations": (plan.invitations.select_related("made_by", "session") if plan and workflow.invitations else []),
        "admitting": admitting_referral(case_obj),
    }
    return render(request, "interventions/plan_detail.html", context)


def _can_record_outcome(case: Case, plan: InterventionPlan | None, event: object) -> bool:
    """The outcome is recorded on the day once the case is scheduled, or at a session while it is being planned
    (ARISE levels 1 and 2, CRAFT)."""
    if plan is None or event is not None:
        return False
    if workflow_for(plan).event_is_scheduled(plan):
        return case.stage == Stage.SCHEDULED
    return case.stage in (Stage.PLANNING, Stage.SCHEDULED)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Write or edit the plan. A first plan starts with the choice of its model; the form then holds only the
    fields of that model (workflows/)."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = case_obj.current_plan
    model = plan.model if plan else (request.POST.get("model") or request.GET.get("model") or "")
    if model not in WORKFLOWS:
        chooser = ModelChoiceForm(request.GET if "model" in request.GET else None)
        chooser.is_valid()
        return render(request, "interventions/plan_model_choice.html", {"case": case_obj, "form": chooser})
    form = PlanForm(request.POST or None, instance=plan, organization=case_obj.organization, model=model)
    if plan is None:
        form.helper.form_action = f"?{urlencode({'model': model})}"
    if request.method == "GET" and plan is not None:
        log_read(plan)
    if form.is_valid():
        fields = {**form.cleaned_data, "model": model}
        try:
            plan_services.plan_save(case=case_obj, plan=plan, by=request.user, fields=fields)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The plan was saved.")
            return redirect("interventions:plan-detail", case=case_obj.pk)
    context = {"case": case_obj, "form": form, "plan": plan, "workflow": workflow_for(model), "model": model}
    return render(request, "interventions/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_switch(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Follow another model from now on. The page says what switching does (a new plan version; the current one
    kept whole, with its sessions and outcome) before the POST does it."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    form = SwitchModelForm(request.POST or None, exclude=plan.model)
    if request.method == "GET":
        log_read(plan)
    elif form.is_valid():
        try:
            new = plan_services.plan_switch_model(case=case_obj, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"The plan now follows the {workflow_for(new).name} model (version {new.version}); "
                f"version {plan.version} is kept.",
            )
            return redirect("interventions:plan-detail", case=case_obj.pk)
    context = {
        "case": case_obj,
        "plan": plan,
        "form": form,
        "workflow": workflow_for(plan),
        "kept": {
            "sessions": plan.sessions.count(),
            "invitations": plan.invitations.count(),
            "levels": plan.level_changes.count(),
        },
    }
    return render(request, "interventions/plan_switch.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def arise_escalate(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """ARISE: move up a level, dated, with the reason."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    if not workflow_for(plan).levels:
        raise Http404("Not an ARISE plan")
    form = EscalationForm(request.POST or None, plan=plan)
    if request.method == "GET":
        log_read(plan)
    elif form.is_valid():
        try:
            change = plan_services.arise_escalate(plan=plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The plan is at ARISE level {change.level} from {change.on:%B %-d, %Y}.")
            return redirect("interventions:plan-detail", case=case_obj.pk)
    context = {"case": case_obj, "plan": plan, "form": form, "levels": plan.level_changes.all()}
    return render(request, "interventions/arise_escalate.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """CRAFT: record an invitation to treatment and the person's answer."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    if not workflow_for(plan).invitations:
        raise Http404("Not a CRAFT plan")
    form = InvitationForm(request.POST or None, plan=plan)
    if request.method == "GET":
        log_read(plan)
    elif form.is_valid():
        try:
            invitation = plan_services.invitation_record(plan=plan, by=request.user, **form.cleaned_data)
        except (DomainError, TransitionBlocked) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Invitation recorded: {invitation.get_answer_display().lower()}.")
            if invitation.answer in ACCEPTED:
                return redirect("interventions:transition", case=case_obj.pk)
            return redirect("interventions:plan-detail", case=case_obj.pk)
    return render(request, "interventions/invitation_form.html", {"case": case_obj, "plan": plan, "form": form})


@login_required
@require_POST
def plan_new_version(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    try:
        plan = plan_services.plan_new_version(case=case_obj, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Plan version {plan.version} started from the previous one.")
    return redirect("interventions:plan-detail", case=case_obj.pk)


@login_required
@require_POST
def participant_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    form = ParticipantAddForm(request.POST, candidates=candidates_for(case_obj))
    if form.is_valid():
        try:
            participant = plan_services.participant_add(plan=plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"{participant.name} joined the plan as {participant.get_role_display().lower()}."
            )
    else:
        messages.error(request, "Choose a person.")
    return redirect("interventions:plan-detail", case=case_obj.pk)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedHttpRequest, case: int, participant: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    participant_obj = get_object_or_404(plan.participants, pk=participant)
    form = ParticipantForm(request.POST or None, instance=participant_obj, workflow=workflow_for(plan), plan=plan)
    if request.method == "GET":
        log_read(participant_obj)
    elif form.is_valid():
        form.save()
        messages.success(request, f"{participant_obj.name} was updated.")
        return redirect("interventions:plan-detail", case=case_obj.pk)
    context = {"case": case_obj, "form": form, "participant": participant_obj}
    return render(request, "interventions/participant_form.html", context)


@login_required
@require_POST
def participant_remove(request: AuthenticatedHttpRequest, case: int, participant: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    participant_obj = get_object_or_404(_current_plan(case_obj).participants, pk=participant)
    participant_obj.delete()
    messages.success(request, f"{participant_obj.name} was removed from the plan.")
    return redirect("interventions:plan-detail", case=case_obj.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    form = SessionForm(request.POST or None, plan=plan, initial={"location": plan.location})
    if request.method == "GET":
        log_read(plan)  # the form lists the plan's participants
    if form.is_valid():
        attended = form.cleaned_data.pop("attended")
        session = plan_services.session_add(plan=plan, by=request.user, **form.cleaned_data)
        session.attended.set(attended)
        messages.success(request, "The session was scheduled.")
        return redirect("interventions:plan-detail", case=case_obj.pk)
    return render(request, "interventions/session_form.html", {"case": case_obj, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, case: int, plan_session: int) -> HttpResponse:
    """Reschedule a session, or record that it took place, who came, skills and homework."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    session_obj = get_object_or_404(plan.sessions, pk=plan_session)
    form = SessionForm(request.POST or None, plan=plan, instance=session_obj)
    if request.method == "GET":
        log_read(session_obj)
    elif form.is_valid():
        form.save()
        messages.success(request, "The session was saved.")
        return redirect("interventions:plan-detail", case=case_obj.pk)
    return render(request, "interventions/session_form.html", {"case": case_obj, "form": form, "session": session_obj})


@login_required
@require_POST
def plan_invite(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    count = calendar_services.calendar_invitations_queue(plan=plan, by=request.user)
    messages.success(
        request, f"Calendar invitations are on their way to {count} participant{'s' if count != 1 else ''}."
    )
    return redirect("interventions:plan-detail", case=case_obj.pk)


@login_required
def plan_ics_download(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    plan = _current_plan(case_obj)
    log_read(plan)
    response = HttpResponse(plan_ics(plan), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intervention-{case_obj.reference}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def event_record(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Record who came, how it went and the outcome; the outcome moves the case."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    # When it took place defaults to the planned time if that has passed, else now; never to a future moment.
    planned = plan.scheduled_for
    initial = {"held_at": timezone.localtime(planned)} if planned and planned <= timezone.now() else {}
    form = EventForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "GET":
        log_read(plan)
    if form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            plan_services.event_record(plan=plan, by=request.user, **form.cleaned_data)
        except (DomainError, TransitionBlocked) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Outcome recorded: {workflow_for(plan).outcome_label(plan, outcome)}.")
            if outcome in ACCEPTED:
                return redirect("interventions:transition", case=case_obj.pk)
            return redirect("interventions:plan-detail", case=case_obj.pk)
    context = {"case": case_obj, "plan": plan, "form": form, "workflow": workflow_for(plan)}
    return render(request, "interventions/event_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transition(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The day-of checklist from "yes" to arrival at the facility."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    checklist = getattr(plan, "transition", None)
    if checklist is None:
        raise Http404("No accepted outcome yet")
    form = TransitionForm(request.POST or None, instance=checklist)
    if request.method == "GET":
        log_read(checklist)
    elif form.is_valid():
        plan_services.transition_save(checklist=checklist, by=request.user, fields=form.cleaned_data)
        messages.success(request, "The checklist was saved.")
        return redirect("interventions:transition", case=case_obj.pk)
    return _transition_page(request, case_obj, plan, form=form)


def _transition_page(
    request: AuthenticatedHttpRequest,
    case: Case,
    plan: InterventionPlan,
    *,
    form: TransitionForm | None = None,
    arrival_form: ArrivalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    checklist = plan.transition
    context = {
        "case": case,
        "plan": plan,
        "checklist": checklist,
        "form": form or TransitionForm(instance=checklist),
        "arrival_form": arrival_form or ArrivalForm(),
        "admitting": admitting_referral(case),
    }
    return render(request, "interventions/transition.html", context, status=status)


@login_required
@require_POST
def admission_confirm(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = _current_plan(case_obj)
    if getattr(plan, "transition", None) is None:
        raise Http404("No accepted outcome yet")
    form = ArrivalForm(request.POST)
    if not form.is_valid():
        return _transition_page(request, case_obj, plan, arrival_form=form, status=422)
    try:
        plan_services.admission_confirm(plan=plan, by=request.user, arrived_at=form.cleaned_data["arrived_at"])
    except (DomainError, TransitionBlocked) as error:
        messages.error(request, error.message)
        return redirect("interventions:transition", case=case_obj.pk)
    messages.success(request, f"{case_obj.display_name} is in treatment. Follow-ups are being scheduled.")
    return redirect(case_obj)


@login_required
def what_to_expect(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """A printable sheet for the person and family: the facility, its address and admissions phone, the admission
    time (all from the admitting referral) and what to bring. Internal notes (travel plan...) stay off it.
    Printed for the person, it is in the practice's zone (as PDFs and emails are), not the printer's own."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    plan = _current_plan(case_obj)
    log_read(plan)
    context = {
        "case": case_obj,
        "plan": plan,
        "checklist": getattr(plan, "transition", None),
        "referral": admitting_referral(case_obj),
    }
    with in_practice_zone(case_obj.organization):
        return render(request, "interventions/what_to_expect.html", context)
