"""E-signature: the person's public signing page (the token is the key, no account), and the staff's links.

The public pages name nobody when the link cannot be used, are never indexed, and send no Referer to another site
(`Referrer-Policy: same-origin`: the token is in the path; `no-referrer` would make browsers send `Origin: null` with
the form's POST, which Django's CSRF check rightly refuses). Wrong tokens are rate-limited per address with
allauth's limiter (the one that guards sign-ins).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_access, log_read
from accounts.client_ip import client_ip
from accounts.exceptions import DomainError
from accounts.links import public_page, wrong_links_exhausted
from interventions.queries import get_case_for

from .. import queries
from ..exceptions import SigningLinkInvalid
from ..forms import SignForm, SigningSendForm
from ..models import Consent
from ..services import signing as signing_services
from ..text import consent_text, paragraphs

VIEW, CHANGE = "interventions.view_case", "interventions.change_case"
# Wrong or dead links per address: plenty for a person retyping a link, nothing for guessing 32-byte tokens.
RATE_LIMITS = {"signing_link_invalid": "20/m/ip,100/h/ip"}


def _limited(request: HttpRequest, *, dry_run: bool) -> bool:
    return wrong_links_exhausted(
        request, app="consents", action="signing_link_invalid", config=RATE_LIMITS, dry_run=dry_run
    )


def _invalid(request: HttpRequest, status: int) -> HttpResponse:
    context = {"message": signing_services.INVALID_MESSAGE}
    return public_page(render(request, "consents/sign_invalid.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: the consent's text, the typed name and the agreement; POST signs."""
    if _limited(request, dry_run=True):
        return _invalid(request, 429)
    try:
        signing = signing_services.signing_request_for_token(token)
    except SigningLinkInvalid as error:
        _limited(request, dry_run=False)
        return _invalid(request, error.status)
    consent = signing.consent
    text = consent_text(consent)
    digest = signing_services.text_sha256(text)
    ip = client_ip(request)
    form = SignForm(request.POST or None, initial={"shown_sha256": digest})
    if request.method == "GET":
        signing_services.signing_request_opened(signing)
        log_access(consent, remote_addr=ip, via="signing link")
    elif form.is_valid():
        try:
            signing_services.consent_sign(
                token=token,
                typed_name=form.cleaned_data["typed_name"],
                agreed=form.cleaned_data["agreed"],
                ip=ip,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                shown_sha256=form.cleaned_data["shown_sha256"],
            )
        except SigningLinkInvalid as error:
            return _invalid(request, error.status)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("consents:sign-done")
    context = {"practice": consent.case.organization.name, "paragraphs": paragraphs(text), "form": form}
    return public_page(render(request, "consents/sign.html", context))


@never_cache
@require_GET
def sign_done(request: HttpRequest) -> HttpResponse:
    """The thank-you page: it offers nothing more (and says nothing of whose consent it was)."""
    return public_page(render(request, "consents/sign_done.html"))


def _consent(request: AuthenticatedHttpRequest, case: int, consent: int, perm: str) -> Consent:
    case_obj = get_case_for(request.user, case, perm=perm)
    return get_object_or_404(queries.consents_with_recipient(case_obj), pk=consent)


@login_required
@require_POST
def signing_send(request: AuthenticatedHttpRequest, case: int, consent: int) -> HttpResponse:
    """Send a new signing link (an earlier pending one stops working)."""
    consent_obj = _consent(request, case, consent, CHANGE)
    form = SigningSendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a valid email address to send the signing link to.")
        return redirect(consent_obj)
    try:
        signing_services.signing_request_send(consent=consent_obj, email=form.cleaned_data["email"], by=request.user)
        messages.success(request, f"Signing link sent to {form.cleaned_data['email']}. Any earlier link stops working.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(consent_obj)


@login_required
@require_POST
def signing_revoke(request: AuthenticatedHttpRequest, case: int, consent: int, signing: int) -> HttpResponse:
    consent_obj = _consent(request, case, consent, CHANGE)
    signing_obj = get_object_or_404(consent_obj.signing_requests.all(), pk=signing)
    try:
        signing_services.signing_request_revoke(request=signing_obj, by=request.user)
        messages.success(request, "Signing link revoked. It no longer works.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(consent_obj)


@login_required
def signed_pdf_download(request: AuthenticatedHttpRequest, case: int, consent: int) -> FileResponse:
    """The e-signed consent's PDF, streamed from private storage to staff of the case only."""
    consent_obj = _consent(request, case, consent, VIEW)
    if not consent_obj.signed_pdf:
        raise Http404("This consent has no e-signed PDF.")
    log_read(consent_obj)
    filename = f"signed-consent-{consent_obj.case_id}-{consent_obj.pk}.pdf"
    return FileResponse(consent_obj.signed_pdf.open("rb"), as_attachment=True, filename=filename)
