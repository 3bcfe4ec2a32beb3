"""Staff pages of a case's family: members, invitations, checklists, letters and their review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from consents.models import Consent
from interventions.queries import get_case_for
from interventions.workflows import workflow_for

from .. import queries
from ..forms import AssignChecklistForm, FamilyMemberForm, LetterReviewForm
from ..models import ChecklistItem, ChecklistTemplate, ImpactLetter, InterventionModel
from ..services import checklists as checklist_services
from ..services import letters as letter_services
from ..services import members as member_services

VIEW, CHANGE = "interventions.view_case", "interventions.change_case"


@login_required
def family_home(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The case's family: members with progress, letters in reading order, consents."""
    case_obj = get_case_for(request.user, case, perm=VIEW)
    log_read(case_obj)
    panel = queries.family_panel_for(case_obj)
    context = {
        "case": case_obj,
        **panel,
        "letters": queries.approved_letters(case_obj) if panel["uses_letters"] else None,
        "consents": Consent.objects.filter(case=case_obj, recipient__kind="family").select_related("recipient"),
    }
    return render(request, "families/family_home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm=CHANGE)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "GET":
        log_read(case_obj)
    if request.method == "POST" and form.is_valid():
        member = member_services.member_create(case=case_obj, by=request.user, **form.cleaned_data)
        messages.success(request, f"{member.name} added to the case's family.")
        return redirect(member)
    return render(request, "families/member_form.html", {"case": case_obj, "form": form, "member": None})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthenticatedHttpRequest, case: int, member: int) -> HttpResponse:
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=CHANGE)
    form = FamilyMemberForm(request.POST or None, instance=member_obj)
    if request.method == "GET":
        log_read(member_obj)
    if request.method == "POST" and form.is_valid():
        member_services.member_update(member=member_obj, by=request.user, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect(member_obj)
    return render(request, "families/member_form.html", {"case": case_obj, "form": form, "member": member_obj})


def _templates_for(request: AuthenticatedHttpRequest):
    return ChecklistTemplate.objects.visible_to(request.user).filter(is_active=True)


@login_required
def member_detail(request: AuthenticatedHttpRequest, case: int, member: int) -> HttpResponse:
    """One member: details, invitations, checklist (tickable), letter status, consents naming them."""
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=VIEW)
    log_read(member_obj)
    items = queries.checklist_items(member_obj)
    plan = case_obj.current_plan
    workflow = workflow_for(plan)
    context = {
        "case": case_obj,
        "member": member_obj,
        "invitations": queries.member_invitations(member_obj),
        "items": items,
        "left_out": queries.items_left_out(member_obj),
        "done": sum(1 for item in items if item.is_done),
        "assign_form": AssignChecklistForm(
            templates=_templates_for(request), suggested_model=plan.model if plan else None
        ),
        "uses_letters": workflow.uses_letters,
        "letter": ImpactLetter.objects.filter(member=member_obj).first() if workflow.uses_letters else None,
        "consents": Consent.objects.filter(recipient__family_member=member_obj).select_related("recipient"),
        "models": InterventionModel,
    }
    return render(request, "families/member_detail.html", context)


@login_required
@require_POST
def member_invite(request: AuthenticatedHttpRequest, case: int, member: int) -> HttpResponse:
    """Send (or send again) the portal invitation; an earlier pending link stops working."""
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=CHANGE)
    try:
        invitation = member_services.invitation_send(member=member_obj, by=request.user)
        if invitation.email_queued_at:
            messages.success(request, f"Invitation emailed to {member_obj.email}. The link works once, for 7 days.")
        else:
            messages.warning(
                request,
                f"Invitation queued for {member_obj.email}. The email service is not "
                "reachable right now; it is sent by itself as soon as it is back.",
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(member_obj)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, case: int, member: int, invitation: int) -> HttpResponse:
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=CHANGE)
    invitation_obj = get_object_or_404(member_obj.invitations, pk=invitation)
    try:
        member_services.invitation_revoke(invitation=invitation_obj, by=request.user)
        messages.success(request, "Invitation revoked: its link no longer works.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(member_obj)


@login_required
@require_POST
def checklist_assign(request: AuthenticatedHttpRequest, case: int, member: int) -> HttpResponse:
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=CHANGE)
    form = AssignChecklistForm(request.POST, templates=_templates_for(request))
    if form.is_valid():
        checklist_services.checklist_assign(member=member_obj, template=form.cleaned_data["template"], by=request.user)
        messages.success(request, f"Checklist assigned to {member_obj.name}.")
    else:
        messages.error(request, "Choose a checklist template.")
    return redirect(member_obj)


@login_required
@require_POST
def item_toggle(request: AuthenticatedHttpRequest, case: int, member: int, item: int) -> HttpResponse:
    """The interventionist ticks or unticks an item (htmx: the row and progress; otherwise back to the page)."""
    case_obj, member_obj = queries.get_member_for(request.user, case, member, perm=CHANGE)
    item_obj = get_object_or_404(ChecklistItem.objects.filter(checklist__member=member_obj), pk=item)
    checklist_services.checklist_item_set_done(item=item_obj, done=request.POST.get("done") == "1", by=request.user)
    if request.htmx:
        return render_item(request, member_obj, item_obj, portal=False)
    return redirect(member_obj)


def render_item(request: AuthenticatedHttpRequest, member, item: ChecklistItem, *, portal: bool) -> HttpResponse:
    items = queries.checklist_items(member)
    context = {
        "member": member,
        "item": item,
        "portal": portal,
        "done": sum(1 for i in items if i.is_done),
        "items": items,
        "oob": True,
    }
    return render(request, "families/partials/_checklist_item_swap.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def letter_review(request: AuthenticatedHttpRequest, case: int, letter: int) -> HttpResponse:
    """Read a letter with its history; comment, request changes or approve."""
    case_obj = get_case_for(request.user, case, perm=CHANGE if request.method == "POST" else VIEW)
    letter_obj = get_object_or_404(
        ImpactLetter.objects.filter(member__case=case_obj).select_related("member"), pk=letter
    )
    form = LetterReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter_services.letter_review(letter=letter_obj, by=request.user, **form.cleaned_data)
            messages.success(request, "Review sent.")
            return redirect(letter_obj)
        except DomainError as error:
            form.add_error(None, error.message)
    log_read(letter_obj)
    context = {"case": case_obj, "letter": letter_obj, "form": form, **queries.letter_with_history(letter_obj)}
    return render(request, "families/letter_review.html", context)


@login_required
def letters_print(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The approved letters in reading order, one per printed page, for the day."""
    case_obj = get_case_for(request.user, case, perm=VIEW)
    log_read(case_obj)
    return render(
        request, "families/letters_print.html", {"case": case_obj, "letters": queries.approved_letters(case_obj)}
    )


@login_required
@require_POST
def letters_order(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Set the reading order from the numbers typed beside each approved letter."""
    case_obj = get_case_for(request.user, case, perm=CHANGE)
    positions = []
    for letter in queries.approved_letters(case_obj):
        raw = request.POST.get(f"order-{letter.pk}", "")
        positions.append((int(raw) if raw.isdigit() else 999, letter.reading_order or 999, letter.pk))
    letter_services.letters_set_reading_order(
        case=case_obj, letter_ids=[pk for *_, pk in sorted(positions)], by=request.user
    )
    messages.success(request, "Reading order saved.")
    return redirect("families:family-home", case=case_obj.pk)
