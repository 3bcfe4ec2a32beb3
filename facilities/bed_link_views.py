"""Facilities confirm their own beds: the public one-page form behind the emailed link (the token is the key, no
account), and the directory admin's send and revoke.

As the consents app's signing page: the public pages name nothing when the link cannot be used, are never indexed
or cached, send no Referer to another site (`same-origin`: the token is in the path), and wrong or dead tokens are
rate-limited per address with allauth's limiter (the one that guards sign-ins).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.client_ip import client_ip
from accounts.exceptions import DomainError
from accounts.links import public_page, wrong_links_exhausted

from . import bed_links
from .forms import BEDS_FIELD_PREFIX, BedConfirmForm
from .views import _facility

# Wrong or dead links per address: plenty for someone retyping a link, nothing for guessing 32-byte tokens.
RATE_LIMITS = {"bed_link_invalid": "20/m/ip,100/h/ip"}
MANAGE = "facilities.manage_directory"


def _limited(request: HttpRequest, *, dry_run: bool) -> bool:
    return wrong_links_exhausted(
        request, app="facilities", action="bed_link_invalid", config=RATE_LIMITS, dry_run=dry_run
    )


def _invalid(request: HttpRequest, status: int) -> HttpResponse:
    context = {"message": bed_links.INVALID_MESSAGE}
    return public_page(render(request, "facilities/bed_confirm_invalid.html", context, status=status))


def _initial(link: bed_links.BedConfirmationLink) -> dict[str, object]:
    facility = link.facility
    initial: dict[str, object] = {"hours": facility.admissions_hours, "phone": facility.admissions_phone}
    for bed in facility.beds.all():
        initial[BEDS_FIELD_PREFIX + bed.setting] = bed.available
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
def bed_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone holding the link: the facility's own settings, hours and phone, and who answers."""
    if _limited(request, dry_run=True):
        return _invalid(request, 429)
    try:
        link = bed_links.bed_link_for_token(token)
    except bed_links.BedLinkInvalid as error:
        _limited(request, dry_run=False)
        return _invalid(request, error.status)
    offered = bed_links.confirmation_settings(link.facility)
    form = BedConfirmForm(request.POST or None, initial=_initial(link), settings_offered=offered)
    if request.method == "GET":
        bed_links.bed_link_opened(link)
    elif form.is_valid():
        answer = bed_links.Answer(
            typed_name=form.cleaned_data["typed_name"],
            beds=form.bed_counts(),
            hours=form.cleaned_data["hours"],
            phone=form.cleaned_data["phone"],
        )
        try:
            bed_links.beds_confirm_by_facility(token=token, answer=answer, ip=client_ip(request))
        except bed_links.BedLinkInvalid as error:
            return _invalid(request, error.status)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("facilities:bed-confirm-done")
    context = {"facility": link.facility, "form": form, "expires_at": link.expires_at}
    with timezone.override(link.facility.zone):  # the facility's clock, as in the email that brought them here
        return public_page(render(request, "facilities/bed_confirm.html", context))


@never_cache
@require_GET
def bed_confirm_done(request: HttpRequest) -> HttpResponse:
    """The thank-you page: it offers nothing more and names nothing."""
    return public_page(render(request, "facilities/bed_confirm_done.html"))


@login_required
@require_http_methods(["GET", "POST"])
def bed_link_send(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    """GET: the confirmation step (to whom the link goes, that an earlier one stops working); POST sends."""
    obj = _facility(request, facility, MANAGE)
    if request.method == "POST":
        try:
            bed_links.bed_link_send(facility=obj, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"A bed-confirmation link is on its way to {obj.admissions_email}. It works once, for 7 days."
            )
        return redirect(obj)
    live = bed_links.BedConfirmationLink.objects.live().filter(facility=obj).first()
    return render(request, "facilities/bed_link_send.html", {"facility": obj, "live": live})


@login_required
@require_POST
def bed_link_revoke(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    obj = _facility(request, facility, MANAGE)
    if bed_links.bed_link_revoke(facility=obj, by=request.user):
        messages.success(request, "The bed-confirmation link was withdrawn. It no longer works.")
    else:
        messages.info(request, "There was no link waiting to be used.")
    return redirect(obj)
