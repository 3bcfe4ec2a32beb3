"""The family portal: a family member's own cases, checklist, letter, and what a consent lets them see.

Every page reaches the member record through `queries.get_portal_member` (the user's own records only: 404
otherwise), and consented information only through interventions.disclosure.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from consents.models import Consent
from consents.policy import record as record_disclosures
from interventions import disclosure

from .. import queries
from ..content import NO_PLAN_PORTAL
from ..forms import AcceptInvitationForm, LetterForm
from ..models import REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT, ChecklistItem, FamilyMember
from ..services import checklists as checklist_services
from ..services import letters as letter_services
from ..services import members as member_services
from .staff import render_item


class PortalPanel(NamedTuple):
    template_name: str
    category: str | None  # the disclosure category it shows; None: not treatment information (the day's date)


# What a case's portal page can show, in order. Each panel is included only while `may_disclose` holds for its
# category, and what is shown is recorded as disclosed. Template names only: nothing of aftercare is imported.
PORTAL_PANELS = [
    PortalPanel("families/portal/panels/_stage.html", disclosure.Category.STAGE_AND_STATUS),
    PortalPanel("families/portal/panels/_facility.html", disclosure.Category.FACILITY_AND_ADMISSION),
    PortalPanel("interventions/partials/_portal_plan.html", None),
    PortalPanel("aftercare/partials/_portal_plan.html", disclosure.Category.AFTERCARE_PLAN),
    PortalPanel("aftercare/partials/_portal_outcomes.html", disclosure.Category.TREATMENT_PROGRESS),
]


@login_required
def portal_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The family member's start page: one card per case they belong to (each kept separate)."""
    members = list(queries.portal_members(request.user))
    if len(members) == 1:
        return redirect(members[0].get_portal_url())
    return render(request, "families/portal/home.html", {"members": members})


def _consented_panels(request: AuthenticatedHttpRequest, case) -> tuple[list, list[Consent], set[str]]:
    """The portal panels the user may see now, the consents they are shown under and the categories covered,
    recording one disclosure for what is shown. The consents are read once for the whole page (the panels'
    `may_disclose` tags read `disclosed` from the context)."""
    active = queries.active_consents(request.user, case)
    covered = queries.covered_categories(active)
    panels = [panel for panel in PORTAL_PANELS if panel.category is None or panel.category in covered]
    shown = [panel.category for panel in panels if panel.category is not None]
    record_disclosures(request.user, case, shown, disclosure.How.PORTAL, consents=active)
    consents = [c for c in active if any(c.covers(cat) for cat in shown)]
    return panels, consents, set(shown)


# The portal's welcome follows the case (a family member knows the intervention happened: they were there). Where
# the person is now (in treatment, in aftercare) is the stage, told only while a consent covers it.
_BEFORE = {"intake", "assessment", "planning", "scheduled", "postponed"}
_TOLD_WITH_STAGE = {"in_treatment", "aftercare"}


def welcome_phase(stage: str, stage_disclosed: bool) -> str:
    """Which welcome the portal shows: "before", "after" (the intervention), "in_treatment", "aftercare", "closed"."""
    if stage in _BEFORE:
        return "before"
    if stage == "closed":
        return "closed"
    if stage in _TOLD_WITH_STAGE and stage_disclosed:
        return stage
    return "after"


def _what_to_expect(member: FamilyMember) -> dict[str, str]:
    """The family-facing explanation of the model of the case's current plan (its workflow's portal text), with the
    member's part in it; no plan yet: a neutral text saying the interventionist will explain the approach."""
    case = member.case
    text = member.workflow.portal if member.plan_model is not None else NO_PLAN_PORTAL
    intro, role = text.render(person=case.first_name, lead=str(case.lead), role=member.role)
    return {"expect_title": text.title, "expect_intro": intro, "expect_role": role}


@login_required
def portal_member(request: AuthenticatedHttpRequest, member: int) -> HttpResponse:
    """One case in the portal: what to expect, the checklist, the letter, and consented information."""
    member_obj, others = queries.get_portal_member_and_others(request.user, member)
    log_read(member_obj)
    items = queries.checklist_items(member_obj)
    panels, consents, shown = _consented_panels(request, member_obj.case)
    context = {
        **_what_to_expect(member_obj),
        "member": member_obj,
        "case": member_obj.case,
        "items": items,
        "portal": True,
        "done": sum(1 for item in items if item.is_done),
        "letter": getattr(member_obj, "letter", None),
        # The member's own part (ungated) apart from what a consent shares with them.
        "own_panels": [panel.template_name for panel in panels if panel.category is None],
        "panels": [panel.template_name for panel in panels if panel.category is not None],
        "welcome": welcome_phase(member_obj.case.stage, disclosure.Category.STAGE_AND_STATUS in shown),
        "consents": consents,
        "disclosed": shown,
        "notice": REDISCLOSURE_NOTICE,
        "notice_short": REDISCLOSURE_NOTICE_SHORT,
        "other_members": others,
    }
    return render(request, "families/portal/member.html", context)


@login_required
@require_POST
def portal_item_toggle(request: AuthenticatedHttpRequest, member: int, item: int) -> HttpResponse:
    """The family member ticks or unticks one of their own items (htmx, no reload)."""
    member_obj = queries.get_portal_member(request.user, member)
    item_obj = get_object_or_404(ChecklistItem.objects.filter(checklist__member=member_obj), pk=item)
    checklist_services.checklist_item_set_done(item=item_obj, done=request.POST.get("done") == "1", by=request.user)
    if request.htmx:
        return render_item(request, member_obj, item_obj, portal=True)
    return redirect(member_obj.get_portal_url())


def _letter_writer(request: AuthenticatedHttpRequest, member: int) -> FamilyMember:
    """The user's own member record, if it writes a letter (a speaker): 404 for others' records, 403 otherwise."""
    member_obj = queries.get_portal_member(request.user, member)
    if not request.user.has_perm("families.write_letter", member_obj):
        raise PermissionDenied("Only a speaker writes a letter.")
    return member_obj


@login_required
@require_http_methods(["GET", "POST"])
def portal_letter(request: AuthenticatedHttpRequest, member: int) -> HttpResponse:
    """Draft the impact letter: saved as you type, with a Save button and Submit for review."""
    member_obj = _letter_writer(request, member)
    letter = letter_services.letter_for(member_obj)
    form = LetterForm(request.POST or None, initial={"body": letter.body})
    if request.method == "POST" and form.is_valid():
        try:
            letter_services.letter_save(letter=letter, body=form.cleaned_data["body"], by=request.user)
            messages.success(request, "Your letter is saved.")
            return redirect("families:portal-letter", member=member_obj.pk)
        except DomainError as error:
            form.add_error(None, error.message)
    log_read(letter)
    context = {
        "member": member_obj,
        "case": member_obj.case,
        "letter": letter,
        "form": form,
        "comments": letter.comments.select_related("author"),
    }
    return render(request, "families/portal/letter.html", context)


@login_required
@require_POST
def portal_letter_autosave(request: AuthenticatedHttpRequest, member: int) -> HttpResponse:
    member_obj = _letter_writer(request, member)
    letter = letter_services.letter_for(member_obj)
    try:
        letter = letter_services.letter_save(
            letter=letter, body=request.POST.get("body", ""), by=request.user, autosave=True
        )
    except DomainError as error:
        return HttpResponse(error.message)
    return HttpResponse(f"Saved automatically at {timezone.localtime(letter.updated_at):%H:%M:%S}.")


@login_required
@require_POST
def portal_letter_submit(request: AuthenticatedHttpRequest, member: int) -> HttpResponse:
    member_obj = _letter_writer(request, member)
    letter = letter_services.letter_for(member_obj)
    body = request.POST.get("body")
    try:
        if body is not None and letter.is_editable:
            letter = letter_services.letter_save(letter=letter, body=body, by=request.user)
        letter_services.letter_submit(letter=letter, by=request.user)
        messages.success(request, "Thank you. Your letter was sent to your interventionist for review.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("families:portal-letter", member=member_obj.pk)


@login_required
def portal_consent(request: AuthenticatedHttpRequest, member: int, consent: int) -> HttpResponse:
    """A consent naming this family member: its scope, purpose, expiry and status, with the notice."""
    member_obj = queries.get_portal_member(request.user, member)
    consent_obj = get_object_or_404(Consent.objects.filter(recipient__family_member=member_obj), pk=consent)
    log_read(consent_obj)
    context = {"member": member_obj, "case": member_obj.case, "consent": consent_obj, "notice": REDISCLOSURE_NOTICE}
    return render(request, "families/portal/consent.html", context)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """Open to anonymous visitors (the token is the key): set a password, or link the signed-in account."""
    try:
        invitation = member_services.invitation_for_token(token)
    except DomainError as error:
        return render(
            request, "families/portal/invitation_invalid.html", {"message": error.message}, status=error.status
        )
    if request.user.is_authenticated:
        return _accept_signed_in(request, token, invitation)
    if member_services.account_exists(invitation.email):
        login_url = f"{reverse('account_login')}?next={request.path}"
        return render(
            request, "families/portal/invitation_login.html", {"invitation": invitation, "login_url": login_url}
        )
    form = AcceptInvitationForm(request.POST or None, initial={"name": invitation.member.name})
    if request.method == "POST" and form.is_valid():
        member = _accept(request, token, name=form.cleaned_data["name"], password=form.cleaned_data["password1"])
        if member:
            login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome. Your account is ready.")
            return redirect(member.get_portal_url())
    return render(request, "families/portal/invitation_accept.html", {"invitation": invitation, "form": form})


def _accept(request: AuthenticatedHttpRequest, token: str, **kwargs):
    try:
        return member_services.invitation_accept(token=token, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
        return None


def _accept_signed_in(request: AuthenticatedHttpRequest, token: str, invitation) -> HttpResponse:
    if request.user.is_practice_staff:
        message = "You are signed in with a practice account. Log out, then open the link again."
        return render(request, "families/portal/invitation_invalid.html", {"message": message}, status=403)
    if not member_services.is_invited_account(invitation, request.user):
        message = member_services.wrong_account_message(invitation, request.user)
        context = {"message": message, "sign_out": True}
        return render(request, "families/portal/invitation_invalid.html", context, status=403)
    if request.method == "POST":
        member = _accept(request, token, user=request.user)
        if member:
            messages.success(request, f"You have joined the portal for {member.case.first_name}'s family.")
            return redirect(member.get_portal_url())
    return render(request, "families/portal/invitation_accept.html", {"invitation": invitation, "form": None})
