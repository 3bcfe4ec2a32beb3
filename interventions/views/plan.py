"""The intervention: plan, participants and their private boundaries, sessions, the event, the transition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
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
    EventForm,
    ParticipantAddForm,
    ParticipantForm,
    PlanForm,
    SessionForm,
    TransitionForm,
)
from ..models import Case, InterventionPlan, Stage
from ..queries import admitting_referral, get_case_for
from ..services import calendar as calendar_services
from ..services import plan as plan_services


def _current_plan(case: Case) -> InterventionPlan:
    plan = case.current_plan
    if plan is None:
        raise Http404("No plan yet")
    return plan


@login_required
def plan_detail(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The plan with its readiness panel: what is still missing before the day."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    plan = case_obj.current_plan
    if plan is not None:
        log_read(plan)
    taken = set(plan.participants.values_list("source_key", flat=True)) if plan else set()
    candidates = [c for c in candidates_for(case_obj) if c.key not in taken]
    add_form = ParticipantAddForm(candidates=candidates) if candidates and plan else None
    if add_form:
        add_form.helper.form_action = reverse("interventions:participant-add", kwargs={"case": case_obj.pk})
    context = {
        "case": case_obj,
        "plan": plan,
        "participants": plan.participants.select_related("user") if plan else [],
        "sessions": plan.sessions.all() if plan else [],
        "readiness": readiness.checks_for(case_obj, Stage.SCHEDULED, leaving=Stage.PLANNING),
        "add_form": add_form,
        "earlier_plans": case_obj.plans.filter(is_current=False),
        "event": getattr(plan, "event", None) if plan else None,
        "admitting": admitting_referral(case_obj),
    }
    return render(request, "interventions/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    plan = case_obj.current_plan
    form = PlanForm(request.POST or None, instance=plan, organization=case_obj.organization)
    if request.method == "GET" and plan is not None:
        log_read(plan)
    if form.is_valid():
        try:
            plan_services.plan_save(case=case_obj, plan=plan, by=request.user, fields=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The plan was saved.")
            return redirect("interventions:plan-detail", case=case_obj.pk)
    return render(request, "interventions/plan_form.html", {"case": case_obj, "form": form, "plan": plan})


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
    participant_obj = get_object_or_404(_current_plan(case_obj).participants, pk=participant)
    form = ParticipantForm(request.POST or None, instance=participant_obj)
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
        try:
            event = plan_services.event_record(plan=plan, by=request.user, **form.cleaned_data)
        except (DomainError, TransitionBlocked) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Outcome recorded: {event.get_outcome_display()}.")
            if event.outcome in ("accepted_now", "accepted_later"):
                return redirect("interventions:transition", case=case_obj.pk)
            return redirect("interventions:plan-detail", case=case_obj.pk)
    return render(request, "interventions/event_form.html", {"case": case_obj, "plan": plan, "form": form})


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
