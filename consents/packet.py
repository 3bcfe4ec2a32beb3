"""Render a referral packet: only the categories its consent covers, the note to the facility, the practice's
contact, a page stating the consent's scope, and the full 42 CFR 2.32 notice on every page. No writes here:
`services.packets.packet_send` builds it and keeps the file.

The WeasyPrint set-up (the print stylesheet, the PDF variant, CSS strings) is the case summary's
(interventions.summary.render), so a packet looks like the practice's other documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from accounts.zones import in_practice_zone
from interventions.disclosure import REDISCLOSURE_NOTICE, Category
from interventions.models import Case
from interventions.summary.render import PDF_VARIANT, STYLESHEET, css_string

from .models import Consent, ReferralPacket

# The margin box at the foot of each page holds the full notice (small type) and the page number.
PACKET_CSS = """
@page {
  margin-bottom: 46mm;
  @bottom-left { content: element(notice); width: 84%; vertical-align: top; }
  @bottom-right { width: 16%; }
}
.running-notice { position: running(notice); font: 5.9pt/1.3 "DejaVu Sans"; color: #2b323b; }
.running-notice strong { font-weight: bold; }
.packet-scope { break-before: page; }
"""


@dataclass
class BuiltPacket:
    pdf: bytes
    page_count: int


def _page_css(case: Case, packet: ReferralPacket, generated_at: dt.datetime) -> str:
    with in_practice_zone(case.organization) as zone:
        day = dateformat.format(timezone.localtime(generated_at, zone), "M j, Y")
    head = f"Referral packet · {case.reference} · to {packet.referral.facility.name} · {day}"
    return (
        "@page { "
        f"@top-left {{ content: {css_string(case.organization.name)}; }} "
        f"@top-right {{ content: {css_string(head)}; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); } '
        "}"
    )


def _sections(case: Case, packet: ReferralPacket) -> dict[str, Any]:
    """What each consented category puts in the packet; a category the packet does not hold is not even read."""
    shown = set(packet.categories)
    context: dict[str, Any] = {}
    if Category.IDENTITY_AND_CONTACT in shown:
        context["identity"] = True
    if Category.SUBSTANCE_USE_AND_ASSESSMENT in shown:
        context["substances"] = list(case.substances.all())
        context["assessment"] = (
            case.assessments.prefetch_related("instrument_results").order_by("-created_at", "-pk").first()
        )
    if Category.LEVEL_OF_CARE_AND_NEEDS in shown:
        context["level_assessment"] = (
            case.assessments.confirmed().latest_first().first() or case.assessments.latest_first().first()
        )
        context["needs"] = True
    if Category.INSURANCE in shown:
        context["insurance"] = True
        context["verification"] = packet.referral.verifications.select_related("by").first()
    return context


def render_html(packet: ReferralPacket, consent: Consent, *, generated_at: dt.datetime) -> str:
    """The packet as one HTML document, every time in the practice's zone."""
    case = Case.objects.select_related("organization", "lead").get(pk=packet.referral.case_id)
    with in_practice_zone(case.organization) as zone:
        context = {
            "case": case,
            "packet": packet,
            "referral": packet.referral,
            "facility": packet.referral.facility,
            "consent": consent,
            "category_labels": [label for value, label in Category.choices if value in packet.categories],
            "notice": REDISCLOSURE_NOTICE,
            "generated_at": generated_at,
            "zone": zone,
            **_sections(case, packet),
        }
        return render_to_string("consents/packet.html", context)


def build_packet_pdf(packet: ReferralPacket, consent: Consent) -> BuiltPacket:
    """Render and print the packet. Raises whatever the template or WeasyPrint raise."""
    generated_at = timezone.now()
    html = render_html(packet, consent, generated_at=generated_at)
    stylesheet_path = finders.find(STYLESHEET)
    if stylesheet_path is None:
        raise FileNotFoundError(STYLESHEET)
    stylesheet = Path(stylesheet_path).read_text(encoding="utf-8")
    css = CSS(string=stylesheet + PACKET_CSS + _page_css(packet.referral.case, packet, generated_at))
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[css], pdf_variant=PDF_VARIANT
    )
    return BuiltPacket(document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages))
