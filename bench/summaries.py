"""`make bench` figures of case summaries: `summary_pdf_s` on the budget's case (DESIGN.md, 2 s), and on longer ones."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import statistics
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import override_settings
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from accounts.models import Membership, Organization, User
from aftercare.models import FollowUp
from facilities.models import Facility
from interventions.models import Case, CaseNote, CaseSummary, Referral, Stage, StageChange, SubstanceUse
from interventions.services.summary import summary_build
from interventions.summary.render import PDF_VARIANT, STYLESHEET, page_css, render_html

from .context import BenchContext

# `summary_pdf_notes_only_s` is a case with notes and stage changes only: 40 notes and 10 stage changes with their
# reasons; `summary_pdf_long_s` a much longer one (200 notes, 60 stage changes). `summary_pdf_s` is the budget's
# own case: 40 follow-ups with outcomes and 10 referrals (summary_pdf_budget_case).
BUDGET_CASE = (10, 40)
LONG_CASE = (60, 200)


def seed_long_case(changes: int, notes: int) -> Case:
    organization = Organization.objects.create(name=f"Bench Summary Practice {notes}")
    lead = User.objects.create_user(
        email=f"bench-summary-{notes}@example.org", password=None, display_name="Bench Lead"
    )
    Membership.objects.create(user=lead, organization=organization, role=Membership.Role.INTERVENTIONIST)
    case = Case.objects.create(
        organization=organization,
        lead=lead,
        created_by=lead,
        first_name="Avery",
        last_name="Long",
        date_of_birth=dt.date(1980, 5, 17),
        presenting_concern="Daily drinking and opioid use; family worried.",
    )
    SubstanceUse.objects.bulk_create(
        SubstanceUse(case=case, substance=substance, frequency="daily") for substance in ("alcohol", "fentanyl")
    )
    start = timezone.now() - dt.timedelta(days=365)
    stages = [stage.value for stage in Stage]
    StageChange.objects.bulk_create(
        StageChange(
            case=case,
            from_stage=stages[i % 8],
            to_stage=stages[(i + 1) % 8],
            by=lead,
            at=start + dt.timedelta(days=i * 5),
            note=f"Step {i}: readiness reviewed with the family.",
        )
        for i in range(changes)
    )
    CaseNote.objects.bulk_create(
        CaseNote(
            case=case,
            author=lead,
            created_at=start + dt.timedelta(days=i, hours=3),
            text=f"Follow-up call {i}: attended meetings, sleeping better, one craving episode handled.",
        )
        for i in range(notes)
    )
    return case


def median_build_s(case: Case, repeat: int) -> tuple[float, int]:
    samples, pages = [], 0
    for _ in range(repeat):
        summary = CaseSummary.objects.create(case=case, version="clinical", requested_by=case.lead)
        begin = time.perf_counter()
        built = summary_build(summary_id=summary.pk)
        samples.append(time.perf_counter() - begin)
        if built is None or built.status != CaseSummary.Status.READY:
            raise RuntimeError(f"the bench summary did not build: {built and built.error}")
        pages = built.page_count or 0
    return round(statistics.median(samples), 3), pages


def summary_pdf(ctx: BenchContext) -> dict[str, float]:
    """`summary_pdf_notes_only_s`: build a clinical PDF summary (sections, WeasyPrint, storage), median wall time."""
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    folder = tempfile.TemporaryDirectory()
    with folder, override_settings(STORAGES={"default": {**storage, "OPTIONS": {"location": folder.name}}}):
        seconds, pages = median_build_s(seed_long_case(*BUDGET_CASE), repeat=1 if ctx.quick else 5)
        figures: dict[str, float] = {"summary_pdf_notes_only_s": seconds, "summary_pdf_notes_only_pages": pages}
        if not ctx.quick:
            seconds, pages = median_build_s(seed_long_case(*LONG_CASE), repeat=3)
            figures.update(summary_pdf_long_s=seconds, summary_pdf_long_pages=pages)
    return figures


def summary_pdf_budget_case(ctx: BenchContext) -> dict[str, float | None]:
    """`summary_pdf_s` on the budget's own case: 40 follow-ups with outcomes and 10 referrals (DESIGN.md, 2 s)."""
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    with (
        tempfile.TemporaryDirectory() as folder,
        override_settings(STORAGES={"default": {**storage, "OPTIONS": {"location": folder}}}),
    ):
        case = seed_long_case(10, 5)
        now = timezone.now()
        FollowUp.objects.bulk_create(
            FollowUp(
                case=case,
                kind="person" if n % 2 else "facility",
                due_at=now - dt.timedelta(days=200 - n * 5),
                assigned_to=case.lead,
                created_by=case.lead,
                status="done",
                contacted_at=now - dt.timedelta(days=200 - n * 5),
                reached=True,
                days_abstinent=n * 5,
                engagement=n % 5,
                use_since_last_contact=n % 7 == 0,
                recorded_by=case.lead,
                notes="Attending meetings; sleeping better.",
            )
            for n in range(40)
        )
        facilities = Facility.objects.bulk_create(
            Facility(external_id=f"bench-summary-{n}", name=f"Bench Recovery Center {n}", city="Richmond", state="VA")
            for n in range(10)
        )
        Referral.objects.bulk_create(
            Referral(case=case, facility=facility, created_by=case.lead, status="sent") for facility in facilities
        )
        seconds, pages = median_build_s(case, repeat=1 if ctx.quick else 5)
        figures: dict[str, float | None] = {"summary_pdf_s": seconds, "summary_pdf_pages": pages}
        figures.update(weasyprint_alone(ctx, case))
    return figures


def weasyprint_alone(ctx: BenchContext, case: Case) -> dict[str, float | None]:
    """What WeasyPrint alone takes on the same HTML and CSS as `summary_pdf_s` (`summary_pdf_weasy_s`), the build's
    time over it (`summary_pdf_over_weasy`, target <= 1.2: the median of build/WeasyPrint pairs timed back to back, so
    that a busy machine's drift between the two cancels out), and where WeasyPrint's time goes: layout
    (`..._render_s`), writing the tagged PDF/UA-1 file (`..._write_s`, font subsetting included), the same without
    PDF/UA (`summary_pdf_weasy_plain_s`), and with fontTools subsetting in place of HarfBuzz's
    (`summary_pdf_weasy_fonttools_s`: what a server without libharfbuzz-subset0 pays; None where it is missing)."""
    from weasyprint.pdf import fonts as weasy_fonts

    summary = CaseSummary.objects.create(case=case, version="clinical", requested_by=case.lead)
    generated_at = timezone.now()
    html, _, _ = render_html(summary, generated_at=generated_at)
    stylesheet_path = finders.find(STYLESHEET)
    stylesheet = Path(str(stylesheet_path)).read_text(encoding="utf-8") + page_css(case, summary, generated_at)
    repeat = 1 if ctx.quick else 5

    def timed_once(variant: str | None) -> tuple[float, float]:
        begin = time.perf_counter()
        document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(
            stylesheets=[CSS(string=stylesheet)], pdf_variant=variant
        )
        rendered = time.perf_counter()
        document.write_pdf(pdf_variant=variant)
        return rendered - begin, time.perf_counter() - rendered

    def timed(variant: str | None) -> tuple[float, float]:
        samples = [timed_once(variant) for _ in range(repeat)]
        return statistics.median(r for r, _ in samples), statistics.median(w for _, w in samples)

    render_s, write_s = timed(PDF_VARIANT)
    weasy_s = render_s + write_s
    ratios = []
    for _ in range(repeat):
        build_s = median_build_s(case, repeat=1)[0]
        ratios.append(build_s / sum(timed_once(PDF_VARIANT)))
    plain_render_s, plain_write_s = timed(None)
    fonttools_s = None
    if weasy_fonts.harfbuzz_subset is not None:
        saved, weasy_fonts.harfbuzz_subset = weasy_fonts.harfbuzz_subset, None
        try:
            with warnings.catch_warnings(), _quiet_weasyprint():
                warnings.simplefilter("ignore")
                fonttools_s = round(sum(timed(PDF_VARIANT)), 3)
        finally:
            weasy_fonts.harfbuzz_subset = saved
    return {
        "summary_pdf_weasy_s": round(weasy_s, 3),
        "summary_pdf_over_weasy": round(statistics.median(ratios), 2),
        "summary_pdf_weasy_render_s": round(render_s, 3),
        "summary_pdf_weasy_write_s": round(write_s, 3),
        "summary_pdf_weasy_plain_s": round(plain_render_s + plain_write_s, 3),
        "summary_pdf_weasy_fonttools_s": fonttools_s,
        "summary_pdf_harfbuzz_subset": weasy_fonts.harfbuzz_subset is not None,
    }


@contextlib.contextmanager
def _quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint logs a warning per font when it falls back to fontTools: once is enough for the bench."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
