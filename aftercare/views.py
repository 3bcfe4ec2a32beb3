"""Aftercare pages: a case's follow-ups, plan, family support and outcomes; the user's due list and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest, get_scoped_or_404, require_perm, require_staff
from accounts.audit import log_read
from accounts.exceptions import DomainError
from accounts.models import Organization
from interventions.audit import log_list_read
from interventions.disclosure import Category, record_disclosure
from interventions.models import Case
from interventions.queries import get_case_for, get_case_for_recipient

from . import queries, services
from .forms import (
    FollowUpAddForm,
    FollowUpRecordForm,
    PlanForm,
    RescheduleForm,
    ResourceShareForm,
    SessionForm,
    SettingsForm,
    SupportGroupFormSet,
)
from .models import FAMILY_RESOURCES, AftercarePlan, AftercareSettings, Episode

NOTIFICATIONS_PAGE = 50


def _aftercare_context(case: Case, add_form: FollowUpAddForm | None = None) -> dict:
    outcomes = queries.outcomes_of(case)
    shared = {row.resource: row for row in case.shared_resources.select_related("shared_by")}
    return {
        "case": case,
        "follow_ups": list(queries.follow_ups_of(case)),
        "add_form": add_form or FollowUpAddForm(),
        "plan": queries.plan_of(case),
        "sessions": case.family_sessions.select_related("facilitator"),
        "resources": [(key, value, shared.get(key)) for key, value in FAMILY_RESOURCES.items()],
        "share_form": ResourceShareForm(),
        "outcomes": outcomes,
        "chart": queries.outcome_chart(outcomes.follow_ups),
        "discharge_types": Episode.DischargeType.choices,
    }


@login_required
def case_aftercare(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The case's aftercare: follow-ups, plan, family support, outcomes over time with the chart."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    log_read(case_obj)
    return render(request, "aftercare/case_aftercare.html", _aftercare_context(case_obj))


@login_required
@require_http_methods(["GET", "POST"])
def followup_record(request: AuthenticatedHttpRequest, case: int, followup: int) -> HttpResponse:
    """Record what happened at a follow-up (reached, engagement, use, risks, agreed changes)."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    follow_up = get_object_or_404(case_obj.follow_ups.select_related("assigned_to"), pk=followup)
    form = FollowUpRecordForm(request.POST or None, instance=follow_up)
    if request.method == "GET":
        log_read(follow_up)
    elif form.is_valid():
        try:
            services.followup_record(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Follow-up recorded: {follow_up.label}.")
            return redirect("aftercare:case-aftercare", case=case_obj.pk)
    return render(request, "aftercare/followup_record.html", {"case": case_obj, "follow_up": follow_up, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def followup_reschedule(request: AuthenticatedHttpRequest, case: int, followup: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    follow_up = get_object_or_404(case_obj.follow_ups, pk=followup)
    form = RescheduleForm(request.POST or None)
    if request.method == "GET":
        log_read(follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_reschedule(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Follow-up rescheduled.")
            return redirect("aftercare:case-aftercare", case=case_obj.pk)
    context = {"case": case_obj, "follow_up": follow_up, "form": form}
    return render(request, "aftercare/followup_reschedule.html", context)


@login_required
@require_POST
def followup_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = FollowUpAddForm(request.POST)
    if form.is_valid():
        services.followup_add(case=case_obj, by=request.user, **form.cleaned_data)
        messages.success(request, "Follow-up added.")
        return redirect("aftercare:case-aftercare", case=case_obj.pk)
    response = render(request, "aftercare/case_aftercare.html", _aftercare_context(case_obj, add_form=form))
    response.status_code = 422
    return response


@login_required
@require_POST
def followup_cancel(request: AuthenticatedHttpRequest, case: int, followup: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    follow_up = get_object_or_404(case_obj.follow_ups, pk=followup)
    try:
        services.followup_cancel(follow_up=follow_up, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Follow-up cancelled.")
    return redirect("aftercare:case-aftercare", case=case_obj.pk)


@login_required
@require_POST
def episode_edit(request: AuthenticatedHttpRequest, case: int, episode: int) -> HttpResponse:
    """Say how a treatment episode ended (discharge type)."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    episode_obj = get_object_or_404(case_obj.episodes, pk=episode)
    try:
        services.episode_discharge_type_set(
            episode=episode_obj, discharge_type=request.POST.get("discharge_type", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Discharge type saved.")
    return redirect("aftercare:case-aftercare", case=case_obj.pk)


def _groups(formset: BaseFormSet) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("type")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Write the aftercare plan: saving makes a new version (pre-filled from the latest, or the assessment)."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    latest = queries.plan_of(case_obj)
    form = PlanForm(request.POST or None, initial=queries.plan_initial(case_obj))
    formset = SupportGroupFormSet(request.POST or None, initial=queries.support_groups_initial(latest), prefix="groups")
    if request.method == "GET" and latest is not None:
        log_read(latest)  # the form is pre-filled from it
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plan = services.plan_save(case=case_obj, by=request.user, fields=form.cleaned_data, groups=_groups(formset))
        messages.success(request, f"Aftercare plan saved as version {plan.version}.")
        return redirect("aftercare:plan-detail", case=case_obj.pk)
    context = {"case": case_obj, "form": form, "formset": formset, "latest": latest}
    return render(request, "aftercare/plan_form.html", context)


def _plan_or_404(case: Case, version: str | None) -> AftercarePlan:
    plan = queries.plan_of(case, int(version) if version and version.isdigit() else None)
    if plan is None:
        raise Http404("No aftercare plan yet.")
    return plan


@login_required
def plan_detail(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The plan (latest or `?version=`), with its version history."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    if not case_obj.aftercare_plans.exists():
        return redirect("aftercare:plan-edit", case=case_obj.pk)
    plan = _plan_or_404(case_obj, request.GET.get("version"))
    log_read(plan)
    versions = case_obj.aftercare_plans.select_related("created_by").order_by("-version")
    return render(request, "aftercare/plan_detail.html", {"case": case_obj, "plan": plan, "versions": versions})


@login_required
def plan_print(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The plan as a printable page for the person and the facility."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    plan = _plan_or_404(case_obj, request.GET.get("version"))
    log_read(plan)
    return render(request, "aftercare/plan_print.html", {"case": case_obj, "plan": plan})


@login_required
def portal_plan(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """A family member's printable view of the plan: only while a consent covers the aftercare plan (else 404)."""
    case_obj = get_case_for_recipient(request.user, case, category=Category.AFTERCARE_PLAN)
    plan = _plan_or_404(case_obj, None)
    log_read(plan)
    record_disclosure(request.user, case_obj, [Category.AFTERCARE_PLAN], "portal")
    return render(request, "aftercare/plan_print.html", {"case": case_obj, "plan": plan, "for_family": True})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, case: int, session: int | None = None) -> HttpResponse:
    """Schedule a family support session, or record one that was held."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    session_obj = get_object_or_404(case_obj.family_sessions, pk=session) if session else None
    form = SessionForm(request.POST or None, instance=session_obj)
    if request.method == "POST" and form.is_valid():
        services.session_save(case=case_obj, by=request.user, fields=form.cleaned_data, session=session_obj)
        messages.success(request, "Family support session saved.")
        return redirect("aftercare:case-aftercare", case=case_obj.pk)
    if request.method == "GET":
        log_read(session_obj or case_obj)
    return render(request, "aftercare/session_form.html", {"case": case_obj, "form": form, "session": session_obj})


@login_required
@require_POST
def resource_share(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    form = ResourceShareForm(request.POST)
    if form.is_valid():
        shared = services.resource_share(case=case_obj, by=request.user, **form.cleaned_data)
        messages.success(request, f"Recorded: the family was pointed to {shared}.")
    return redirect("aftercare:case-aftercare", case=case_obj.pk)


@login_required
def followups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My follow-ups (or, with `?all=1`, those of every case I may see): overdue, due today, this week,
    each with a one-click "Record"."""
    require_staff(request.user)
    show_all = bool(request.GET.get("all"))
    lists = queries.due_follow_ups(
        Case.objects.visible_to(request.user), assigned_to=None if show_all else request.user
    )
    rows = [*lists.overdue, *lists.today, *lists.week]
    log_list_read(request.user, "follow-ups", {row.case_id: row.case for row in rows}.values())
    return render(request, "aftercare/followup_list.html", {"lists": lists, "show_all": show_all})


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = queries.notifications_for(request.user)[:NOTIFICATIONS_PAGE]
    return render(request, "aftercare/notification_list.html", {"notifications": rows})


@login_required
def bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The navigation bell's unread count (loaded and refreshed by htmx)."""
    count = queries.notifications_for(request.user).unread().count()
    return render(request, "aftercare/partials/_bell.html", {"unread": count})


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, notification: int) -> HttpResponse:
    row = get_object_or_404(queries.notifications_for(request.user), pk=notification)
    services.notification_mark_read(notification=row, by=request.user)
    if request.POST.get("next") == "target" and row.url:
        return redirect(row.url)
    return redirect("aftercare:notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(by=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("aftercare:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def schedule_settings(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    """The practice owner sets the follow-up offsets, the reminder hour and the time zone."""
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "aftercare.change_settings", organization)
    instance = AftercareSettings.objects.filter(organization=organization).first()
    form = SettingsForm(request.POST or None, instance=instance or AftercareSettings(organization=organization))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.settings_save(organization=organization, by=request.user, fields=fields)
        messages.success(request, "Follow-up schedule saved. It applies to admissions and discharges from now on.")
        return redirect("aftercare:settings", org=organization.pk)
    return render(request, "aftercare/settings_form.html", {"organization": organization, "form": form})
