"""Consents to disclose: record, read, revoke, resolve an "other" expiry event, the signed form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.client_ip import client_ip
from accounts.exceptions import DomainError
from facilities.models import Facility
from interventions.models import Case
from interventions.queries import get_case_for

from .. import queries
from ..exceptions import ConsentError
from ..extensions import recipient_sources
from ..forms import ConsentForm, ConsentResolveForm, ConsentRevokeForm, SigningSendForm
from ..models import Consent, Recipient
from ..services import consent as consent_services
from ..services import signing as signing_services

VIEW, CHANGE = "interventions.view_case", "interventions.change_case"


def _facility_choices(request: AuthenticatedHttpRequest, case_obj: Case) -> QuerySet[Facility]:
    """The facilities the form offers: those the case was referred to, and those named in the link (?facility=,
    from a refused referral or the matches page)."""
    asked = [int(v) for v in request.GET.getlist("facility") if v.isascii() and v.isdigit() and len(v) < 10]
    referred = case_obj.referrals.values("facility_id")
    return (
        Facility.objects.visible_to(request.user)
        .filter(Q(pk__in=referred) | Q(pk__in=asked, is_archived=False))
        .order_by("name", "pk")
    )


@transaction.atomic
def _record(form: ConsentForm, case_obj: Case, request: AuthenticatedHttpRequest) -> list[Consent]:
    fields = {**form.consent_fields(), "recorded_from_ip": client_ip(request)}
    kind = form.cleaned_data["recipient_kind"]
    if kind == Recipient.Kind.FACILITY:
        return consent_services.consents_record_for_facilities(
            case=case_obj, facilities=form.cleaned_data["facilities"], by=request.user, **fields
        )
    if kind == Recipient.Kind.FAMILY:
        source = next((each for each in recipient_sources if each.kind == kind), None)
        if source is None:
            raise ConsentError("Family members cannot be named here.")
        recipient = source.resolve(case_obj, form.cleaned_data["family_member"])
    else:
        recipient = consent_services.recipient_create(case=case_obj, **form.other_recipient_fields())
    return [consent_services.consent_record(case=case_obj, recipient=recipient, by=request.user, **fields)]


def _send_for_signature(form: ConsentForm, consents: list[Consent], request: AuthenticatedHttpRequest) -> str:
    """An e-sign consent: a signing link for each consent recorded (the email goes after commit). Returns the
    address it went to, or "" for a consent signed in person or on paper."""
    if form.cleaned_data.get("signature_method") != Consent.Method.E_SIGN:
        return ""
    email = form.cleaned_data["sign_email"]
    for consent in consents:
        signing_services.signing_request_send(consent=consent, email=email, by=request.user)
    return email


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Record a consent: signed in person with a witness, a signed paper form uploaded, or sent for e-signature.
    Naming several facilities records one consent each."""
    case_obj = get_case_for(request.user, case, perm=CHANGE)
    facilities = _facility_choices(request, case_obj)
    asked_facilities = [f.pk for f in facilities if str(f.pk) in request.GET.getlist("facility")]
    initial = {
        "patient_name": case_obj.full_name,
        "discloser": case_obj.organization.name,
        "recipient_kind": Recipient.Kind.FACILITY if asked_facilities else None,
        "facilities": asked_facilities,
        # The purpose is the person's: stated for each consent, prefilled only when the link came from a referral.
        "purpose": "To refer me for treatment and arrange my admission." if asked_facilities else "",
        "signature_method": Consent.Method.IN_PERSON,
        "sign_email": case_obj.email,
    }
    form = ConsentForm(
        request.POST or None, request.FILES or None, case=case_obj, facilities=facilities, initial=initial
    )
    if request.method == "GET":
        log_read(case_obj)  # the form shows the person's name and the family members
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                consents = _record(form, case_obj, request)
                sign_email = _send_for_signature(form, consents, request)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            names = ", ".join(str(consent.recipient) for consent in consents)
            sent = f" Signing link sent to {sign_email}." if sign_email else ""
            messages.success(request, f"Consent recorded for {names}.{sent}")
            return redirect(consents[0] if len(consents) == 1 else case_obj.get_absolute_url() + "#consents")
    return render(request, "consents/consent_form.html", {"case": case_obj, "form": form})


def _consent(request: AuthenticatedHttpRequest, case: int, consent: int, perm: str) -> tuple:
    case_obj = get_case_for(request.user, case, perm=perm)
    return case_obj, get_object_or_404(queries.consents_with_recipient(case_obj), pk=consent)


@login_required
def consent_detail(request: AuthenticatedHttpRequest, case: int, consent: int) -> HttpResponse:
    """A consent, read-only: every element, its status, revocation, and the disclosures made under it."""
    case_obj, consent_obj = _consent(request, case, consent, VIEW)
    log_read(consent_obj)
    signing_requests = list(consent_obj.signing_requests.select_related("created_by", "revoked_by"))
    last_email = signing_requests[0].email if signing_requests else case_obj.email
    context = {
        "case": case_obj,
        "consent": consent_obj,
        "revoke_form": ConsentRevokeForm(),
        "resolve_form": ConsentResolveForm(),
        "disclosures": consent_obj.disclosures.order_by("-at")[:50],
        "signing_requests": signing_requests,
        "signing_send_form": SigningSendForm(initial={"email": last_email}),
    }
    return render(request, "consents/consent_detail.html", context)


@login_required
@require_POST
def consent_revoke(request: AuthenticatedHttpRequest, case: int, consent: int) -> HttpResponse:
    # A revocation is recorded even on a closed case: the person's right to revoke does not end with the case.
    case_obj, consent_obj = _consent(request, case, consent, "interventions.record_for_person")
    form = ConsentRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say who asked to revoke the consent.")
        return redirect(consent_obj)
    try:
        consent_services.consent_revoke(consent=consent_obj, by=request.user, **form.cleaned_data)
        messages.success(request, "Consent revoked. Nothing more is shown under it from now on.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(consent_obj)


@login_required
@require_POST
def consent_resolve(request: AuthenticatedHttpRequest, case: int, consent: int) -> HttpResponse:
    case_obj, consent_obj = _consent(request, case, consent, CHANGE)
    form = ConsentResolveForm(request.POST)
    if form.is_valid():
        try:
            consent_services.consent_resolve_event(consent=consent_obj, on=form.cleaned_data["on"], by=request.user)
            messages.success(request, "Expiry date recorded.")
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "Give a valid date.")
    return redirect(consent_obj)


@login_required
def consent_form_download(request: AuthenticatedHttpRequest, case: int, consent: int) -> FileResponse:
    """The uploaded signed form, streamed from private storage to staff of the case only."""
    _, consent_obj = _consent(request, case, consent, VIEW)
    if not consent_obj.signed_form:
        raise Http404("No signed form was uploaded.")
    log_read(consent_obj)
    name = consent_obj.signed_form.name.rsplit("/", 1)[-1]
    return FileResponse(consent_obj.signed_form.open("rb"), as_attachment=True, filename=name)
