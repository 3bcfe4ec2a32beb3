"""Referral packets on the referral page: download one, record a fax or hand-over, send it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from interventions.queries import get_case_for

from ..forms import PacketHandOverForm
from ..models import ReferralPacket
from ..services import packets as packet_services

VIEW, CHANGE = "interventions.view_case", "interventions.change_case"


def _packet(request: AuthenticatedHttpRequest, case: int, packet: int, perm: str) -> ReferralPacket:
    case_obj = get_case_for(request.user, case, perm=perm)
    packets = ReferralPacket.objects.filter(referral__case=case_obj).select_related("referral__facility")
    return get_object_or_404(packets, pk=packet)


@login_required
def packet_download(request: AuthenticatedHttpRequest, case: int, packet: int) -> FileResponse:
    """The packet's PDF, streamed from private storage to staff of the case only."""
    packet_obj = _packet(request, case, packet, VIEW)
    if not packet_obj.file:
        raise Http404("The packet has not been built yet.")
    log_read(packet_obj)
    name = f"referral-packet-{packet_obj.referral.case_id}-{packet_obj.pk}.pdf"
    return FileResponse(packet_obj.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def packet_handed_over(request: AuthenticatedHttpRequest, case: int, packet: int) -> HttpResponse:
    """Record that a packet was faxed or handed over, when and how: the disclosure is recorded at that time."""
    packet_obj = _packet(request, case, packet, CHANGE)
    form = PacketHandOverForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, f"The hand-over was not recorded. {problems}")
        return redirect(packet_obj.referral)
    try:
        packet_services.packet_record_hand_over(packet=packet_obj, by=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Recorded: the packet was faxed or handed over, and the disclosure with it.")
    return redirect(packet_obj.referral)


@login_required
@require_POST
def packet_send_again(request: AuthenticatedHttpRequest, case: int, referral: int) -> HttpResponse:
    """Send the referral's packet (again), under the consent active now (refused without one)."""
    case_obj = get_case_for(request.user, case, perm=CHANGE)
    referral_obj = get_object_or_404(case_obj.referrals, pk=referral)
    try:
        packet_services.packet_send_again(referral=referral_obj, by=request.user)
    except packet_services.PacketConsentMissing as error:
        url = reverse("consents:add", kwargs={"case": case_obj.pk}) + f"?facility={error.facility.pk}"
        link = format_html(
            '{} <a class="alert-link" href="{}">Record a consent for {}</a>.', error.message, url, error.facility
        )
        messages.error(request, link)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The packet is being prepared for {referral_obj.facility}.")
    return redirect(referral_obj)
