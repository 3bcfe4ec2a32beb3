"""The accounting of disclosures as a PDF (42 CFR 2.25, 45 CFR 164.528): the practice, the person, the period, every
disclosure of it, and who provided it, in the practice's time zone. Reads and prints; writes nothing
(services.accounting records the accounting provided)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from accounts.zones import in_practice_zone
from interventions.disclosure import REDISCLOSURE_NOTICE_SHORT
from interventions.summary.render import PDF_VARIANT, STYLESHEET, css_string

from .models import ACCOUNTING_YEARS, AccountingProvided, Disclosure


def accounting_filename(record: AccountingProvided) -> str:
    return f"accounting-{record.case.reference}-{record.period_start:%Y%m%d}-{record.period_end:%Y%m%d}.pdf"


def _page_css(record: AccountingProvided) -> str:
    case = record.case
    day = dateformat.format(timezone.localtime(record.provided_at), "M j, Y")
    return (
        "@page { "
        f"@top-left {{ content: {css_string(case.organization.name)}; }} "
        f"@top-right {{ content: {css_string(f'{case.reference} · Accounting of disclosures · {day}')}; }} "
        f"@bottom-left {{ content: {css_string(f'Confidential. {REDISCLOSURE_NOTICE_SHORT}')}; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); } '
        "}"
    )


def render_accounting_pdf(record: AccountingProvided, disclosures: Sequence[Disclosure]) -> bytes:
    """The accounting `record` describes, listing `disclosures` (all of the period, newest first), as a tagged PDF.
    Raises whatever the template or WeasyPrint raise."""
    from weasyprint import CSS, HTML  # loaded when an accounting is printed, not with the URLs
    from weasyprint.urls import URLFetcher

    case = record.case
    with in_practice_zone(case.organization) as zone:
        context = {
            "case": case,
            "record": record,
            "disclosures": disclosures,
            "years": ACCOUNTING_YEARS,
            "zone": zone,
            "title": f"Accounting of disclosures, {case.full_name} ({case.reference})",
        }
        html = render_to_string("consents/accounting_pdf.html", context)
        page_css = _page_css(record)
    stylesheet_path = finders.find(STYLESHEET)
    if stylesheet_path is None:
        raise FileNotFoundError(STYLESHEET)
    css = CSS(string=Path(stylesheet_path).read_text(encoding="utf-8") + page_css)
    # Nothing is fetched: no network, no files.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[css], pdf_variant=PDF_VARIANT
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
