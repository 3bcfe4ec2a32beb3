"""Render a case summary: the registered sections into one HTML document, then WeasyPrint into a tagged PDF.

No writes here: `services.summary.summary_build` claims the row, calls `build_pdf` and stores the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from accounts.zones import in_practice_zone

from ..disclosure import REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT, Category
from ..models import Case, CaseSummary
from .sections import Period, SummarySection, sections_for

STYLESHEET = "interventions/summary.css"
PDF_VARIANT = "pdf/ua-1"
CATEGORY_LABELS = dict(Category.choices)


@dataclass
class BuiltPdf:
    pdf: bytes
    page_count: int
    sections: list[str]
    categories: list[str]


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: every character that is not plainly safe is escaped."""
    safe = "".join(char if char.isalnum() or char in " .,:;-()/&" else f"\\{ord(char):x} " for char in text)
    return f'"{safe}"'


def page_css(case: Case, summary: CaseSummary, generated_at: Any) -> str:
    """The running header and footer of every page (margin boxes are artifacts in the tagged PDF)."""
    with in_practice_zone(case.organization) as zone:
        day = dateformat.format(timezone.localtime(generated_at, zone), "M j, Y")
    version = f"{summary.get_version_label()} summary"
    return (
        "@page { "
        f"@top-left {{ content: {css_string(case.organization.name)}; }} "
        f"@top-right {{ content: {css_string(f'{case.reference} · {version} · {day}')}; }} "
        f"@bottom-left {{ content: {css_string(f'Confidential. {REDISCLOSURE_NOTICE_SHORT} Full notice on page 1.')}; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); } '
        "}"
    )


def render_html(summary: CaseSummary, *, generated_at: Any = None) -> tuple[str, list[SummarySection], list[str]]:
    """The summary as one HTML document, every time in the practice's zone, whoever asks; with the sections it
    contains and their disclosure categories."""
    case = Case.objects.select_related("organization", "lead").get(pk=summary.case_id)
    with in_practice_zone(case.organization):
        return _render_html(case, summary, generated_at)


def _render_html(case: Case, summary: CaseSummary, generated_at: Any) -> tuple[str, list[SummarySection], list[str]]:
    generated_at = generated_at or timezone.now()
    period = Period(summary.period_start, summary.period_end)
    included = []
    for section in sections_for(case, version=summary.version, recipient=summary.recipient):
        context = section.context(case, period, summary.version)
        if context is not None:
            included.append((section, context))
    categories = sorted({section.category for section, _ in included if section.category})
    common = {
        "case": case,
        "summary": summary,
        "period": period,
        "version": summary.version,
        "recipient": summary.recipient,
        "generated_at": generated_at,
        "contents": [section for section, _ in included if section.heading],
        "category_labels": [CATEGORY_LABELS[category] for category in categories] if summary.is_family else [],
        "notice": REDISCLOSURE_NOTICE,
        "zone": case.organization.zone,
    }
    parts = [(section, render_to_string(section.template_name, {**common, **context})) for section, context in included]
    title = f"Case summary {case.reference}, {case.full_name}: {summary.get_version_label().lower()} version"
    html = render_to_string("interventions/summary/document.html", {**common, "title": title, "parts": parts})
    return html, [section for section, _ in included], categories


def build_pdf(summary: CaseSummary) -> BuiltPdf:
    """Render and print the summary. Raises whatever the templates or WeasyPrint raise."""
    generated_at = timezone.now()
    html, sections, categories = render_html(summary, generated_at=generated_at)
    stylesheet_path = finders.find(STYLESHEET)
    if stylesheet_path is None:
        raise FileNotFoundError(STYLESHEET)
    stylesheet = Path(stylesheet_path).read_text(encoding="utf-8")
    css = CSS(string=stylesheet + page_css(summary.case, summary, generated_at))
    # Nothing is fetched: no network, no files; inline data: images (charts) only.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
        stylesheets=[css], pdf_variant=PDF_VARIANT
    )
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return BuiltPdf(pdf, len(document.pages), [section.key for section in sections], categories)
