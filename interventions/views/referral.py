"""A case's matches and referrals: rank facilities for the case's needs, send referrals, follow each to admission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from facilities.forms import BedUpdateForm
from facilities.matching import CareNeeds, Match, exclusions, rank
from facilities.models import BedAvailability, Facility
from facilities.queries import relationships_for
from facilities.services import beds_update

from .. import services
from ..care_needs import care_needs_for
from ..exceptions import ConsentMissing
from ..forms import (
    AdmissionForm,
    CareNeedsForm,
    InsuranceVerificationForm,
    ReferralContactForm,
    ReferralSendForm,
    ReferralStatusForm,
)
from ..models import ACTIVE_STATUSES, Case, Referral
from ..queries import get_case_for


def _needs(case: Case, data: QueryDict) -> tuple[CareNeedsForm, CareNeeds | None]:
    """The needs from the submitted search, else the case's own (the form starts from them)."""
    if "search" in data:
        form = CareNeedsForm(data)
        return form, form.needs() if form.is_valid() else None
    needs = care_needs_for(case)
    return CareNeedsForm(initial=CareNeedsForm.initial_from(needs)), needs


@login_required
def case_matches(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Facilities that fit the case's needs, ranked, with reasons, misses, beds, distance and relationships."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    log_read(case_obj)
    form, needs = _needs(case_obj, request.GET)
    matches = rank(needs) if needs else []
    context = {
        "case": case_obj,
        "form": form,
        "needs": needs,
        "matches": matches,
        "exclusions": exclusions(needs) if needs else [],
        "relationships": relationships_for(case_obj.organization, [m.facility for m in matches]),
        "referred": set(case_obj.referrals.filter(status__in=ACTIVE_STATUSES).values_list("facility_id", flat=True)),
        "query": request.GET.urlencode(),
        "origin_missing": bool(needs and needs.postal_code and needs.origin is None),
        "bed_methods": BedAvailability.Method.choices,
    }
    return render(request, "interventions/case_matches.html", context)


@login_required
@require_POST
def referral_send(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Send the case to the facilities ticked on the matches page."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    posted = request.POST.getlist("facilities")
    # Only well-formed ids reach the query; anything else is not a choice, and the form says so.
    ids = [int(value) for value in posted if value.isascii() and value.isdigit() and len(value) < 10]
    chosen = Facility.objects.visible_to(request.user).filter(pk__in=ids)
    form = ReferralSendForm(request.POST, facility_ids=list(chosen.values_list("pk", flat=True)))
    back = reverse("interventions:case-matches", kwargs={"case": case_obj.pk}) + "?" + request.POST.get("query", "")
    if not form.is_valid():
        if posted and "facilities" in form.errors:
            messages.error(request, "A ticked facility is not in the directory: tick the facilities again.")
        else:
            messages.error(request, "Tick at least one facility to refer to.")
        return redirect(back)
    _, needs = _needs(case_obj, QueryDict(request.POST.get("query", "")))
    by_pk: dict[int, Match] = {m.facility.pk: m for m in rank(needs, limit=100)} if needs else {}
    try:
        sent = services.referrals_send(
            case=case_obj, facilities=chosen, by=request.user, note=form.cleaned_data["note"], matches=by_pk
        )
    except ConsentMissing as error:
        messages.error(request, consent_missing_message(case_obj, error))
        return redirect(back)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"Referral sent to {', '.join(str(r.facility) for r in sent)}.")
    return redirect(case_obj)


def consent_missing_message(case: Case, error: ConsentMissing) -> str:
    """The refusal, with a link to record a consent for the facilities named (the consent form ticks them)."""
    url = (
        reverse("consents:add", kwargs={"case": case.pk})
        + "?"
        + "&".join(f"facility={pk}" for pk in error.facility_ids)
    )
    return format_html(
        '{} <a class="alert-link" href="{}">Record a consent for {}</a>.',
        error.message,
        url,
        ", ".join(error.facility_names),
    )


@login_required
@require_POST
def case_match_beds(request: AuthenticatedHttpRequest, case: int, facility: int) -> HttpResponse:
    """From the matches page: record the open beds the interventionist heard on a call, with its source."""
    case_obj = get_case_for(request.user, case, perm="interventions.change_case")
    chosen = get_object_or_404(Facility.objects.visible_to(request.user).filter(is_archived=False), pk=facility)
    form = BedUpdateForm(request.POST, facility=chosen, prefix=f"beds-{chosen.pk}")
    back = reverse("interventions:case-matches", kwargs={"case": case_obj.pk}) + "?" + request.POST.get("query", "")
    if not form.is_valid():
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, f"The bed count for {chosen} was not recorded. {problems}")
        return redirect(back)
    beds = beds_update(facility=chosen, by=request.user, **form.cleaned_data)
    messages.success(request, f"Recorded {beds.available} open beds in {beds.get_setting_display()} at {chosen}.")
    return redirect(back)


def _referral(request: AuthenticatedHttpRequest, case: int, referral: int, perm: str) -> Referral:
    case_obj = get_case_for(request.user, case, perm=perm)
    return get_object_or_404(case_obj.referrals, pk=referral)


def _render_detail(
    request: AuthenticatedHttpRequest, referral: Referral, status: int = 200, **forms: object
) -> HttpResponse:
    context = {
        "case": referral.case,
        "referral": referral,
        "status_form": forms.get("status_form") or ReferralStatusForm(referral=referral),
        "contact_form": forms.get("contact_form") or ReferralContactForm(),
        "verification_form": forms.get("verification_form")
        or InsuranceVerificationForm(
            initial={"payer": referral.case.get_payer_display(), "member_id": referral.case.member_id}
        ),
        "admission_form": forms.get("admission_form") or AdmissionForm(instance=referral),
        "status_changes": referral.status_changes.select_related("by"),
        "contacts": referral.contacts.select_related("by"),
        "verifications": referral.verifications.select_related("by"),
    }
    return render(request, "interventions/referral_detail.html", context, status=status)


@login_required
def referral_detail(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    """One referral: status and next step, disclosure, communication log, insurance, admission."""
    obj = _referral(request, case, referral, "interventions.view_case")
    log_read(obj)
    return _render_detail(request, obj)


@login_required
@require_POST
def referral_status(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    obj = _referral(request, case, referral, "interventions.change_case")
    form = ReferralStatusForm(request.POST, referral=obj)
    if form.is_valid():
        try:
            services.referral_change_status(referral=obj, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "The referral's status was updated.")
            return redirect(obj)
    return _render_detail(request, obj, status_form=form)


@login_required
@require_POST
def referral_contact_add(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    obj = _referral(request, case, referral, "interventions.change_case")
    form = ReferralContactForm(request.POST)
    if form.is_valid():
        try:
            services.referral_contact_log(referral=obj, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("shared_categories", error.message)
        else:
            messages.success(request, "Added to the communication log.")
            return redirect(obj)
    return _render_detail(request, obj, contact_form=form)


@login_required
@require_POST
def referral_verification_add(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    obj = _referral(request, case, referral, "interventions.change_case")
    form = InsuranceVerificationForm(request.POST)
    if form.is_valid():
        services.referral_verify_insurance(referral=obj, by=request.user, **form.cleaned_data)
        messages.success(request, "The insurance verification was recorded.")
        return redirect(obj)
    return _render_detail(request, obj, verification_form=form)


@login_required
@require_POST
def referral_admission(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    """Save the admission logistics; an accepted referral becomes 'admission scheduled'."""
    obj = _referral(request, case, referral, "interventions.change_case")
    form = AdmissionForm(request.POST, instance=obj)
    if form.is_valid():
        services.referral_schedule_admission(referral=obj, by=request.user, **form.cleaned_data)
        messages.success(request, "The admission logistics were saved.")
        return redirect(obj)
    return _render_detail(request, obj, admission_form=form)
