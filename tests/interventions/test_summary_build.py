"""Building a case summary in process: the PDF's content, its gating by version and consent, failures, retries."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
import zlib

import pytest
from django.utils import timezone

from interventions import services
from interventions.disclosure import REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT, Category
from interventions.models import CaseSummary
from interventions.tasks import build_case_summary
from tests.factories import CaseNoteFactory, CaseSummaryFactory, StageChangeFactory
from tests.interventions.conftest import flat, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.services("pdftotext")]

NOTE = "Called the sister; she will talk to their father about the Saturday meeting."


@pytest.fixture
def history(case, alice):
    StageChangeFactory(case=case, from_stage="", to_stage="intake", note="Case opened")
    StageChangeFactory(case=case, from_stage="intake", to_stage="assessment", note="Team reasons: drinking at work.")
    CaseNoteFactory(case=case, author=alice, text=NOTE)
    return case


def pdf_objects(raw: bytes) -> bytes:
    """The PDF's objects with their compressed streams (object streams included) inflated."""
    inflated = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(match.group(1)))
    return b"".join(inflated)


def build(case, by, **kwargs) -> CaseSummary:
    summary = services.summary_request(case=case, by=by, version=kwargs.pop("version", "clinical"), **kwargs)
    services.summary_build(summary_id=summary.pk)
    summary.refresh_from_db()
    return summary


def text_of(summary: CaseSummary) -> str:
    assert summary.status == CaseSummary.Status.READY, summary.error
    with summary.file.open("rb") as handle:
        return pdf_text(handle.read())


def test_clinical_summary_has_the_cover_intake_timeline_notes_and_the_full_notice(history, alice):
    summary = build(history, alice)
    text = text_of(summary)
    words = flat(text)
    assert "Clinical case summary" in words and "Jordan Reyes" in words and "Harbor Intervention Group" in words
    assert "Period The whole case" in words
    for title in ("Contents", "Intake essentials", "Timeline", "Case notes"):
        assert title in words
    assert "a fifth of vodka a day" in words
    assert "Moved to Assessment" in words and "Team reasons: drinking at work." in words
    assert NOTE in words
    assert flat(REDISCLOSURE_NOTICE) in words
    assert summary.sections == ["cover", "intake", "timeline", "notes", "accounting"]
    assert summary.page_count >= 2 and summary.built_at is not None


def test_every_page_has_the_header_the_footer_notice_and_page_n_of_m(history, alice):
    summary = build(history, alice)
    pages = [page for page in text_of(summary).split("\f") if page.strip()]
    assert len(pages) == summary.page_count
    for number, page in enumerate(pages, start=1):
        words = flat(page)
        assert history.reference in words and "Harbor Intervention Group" in words
        assert REDISCLOSURE_NOTICE_SHORT in words
        assert f"Page {number} of {len(pages)}" in words


def test_the_pdf_is_tagged_titled_in_english_with_embedded_debian_fonts(history, alice, tmp_path):
    summary = build(history, alice)
    path = tmp_path / "summary.pdf"
    path.write_bytes(summary.file.read())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert f"Title:           Case summary {history.reference}, Jordan Reyes: clinical version" in info
    objects = pdf_objects(path.read_bytes())
    assert b"/Lang (en)" in objects and b"/StructTreeRoot" in objects
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert 'pdfuaid:part="1"' in meta
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    font_lines = fonts.splitlines()[2:]
    assert font_lines and all("DejaVu" in line and " yes " in line for line in font_lines)


def test_family_version_shares_only_the_consented_stage_and_never_notes_or_intake(history, alice, carol, consent):
    consent.grant(carol, history, Category.STAGE_AND_STATUS)
    summary = build(history, alice, version="family", recipient=carol)
    words = flat(text_of(summary))
    assert "Family summary" in words and "Prepared for Carol Chen" in words
    assert "Stage and status of the case" in words
    assert "Moved to Assessment" in words and "Current stage: Intake" in words
    for clinical in ("Case notes", NOTE, "Intake essentials", "vodka", "Team reasons", "Date of birth"):
        assert clinical not in words
    assert flat(REDISCLOSURE_NOTICE) in words
    assert summary.sections == ["cover", "timeline"]
    assert summary.categories == [Category.STAGE_AND_STATUS]


def test_family_version_without_consent_has_no_treatment_section(history, alice, carol, consent):
    summary = build(history, alice, version="family", recipient=carol)
    words = flat(text_of(summary))
    assert "contains no treatment information" in words
    for treatment in ("Timeline", "Moved to Assessment", "Current stage", "Case notes", NOTE, "Intake essentials"):
        assert treatment not in words
    assert summary.sections == ["cover"] and summary.categories == []


def test_the_period_limits_what_the_summary_shows(case, alice):
    old = CaseNoteFactory(case=case, text="An old note from last year.")
    old.created_at = timezone.now() - dt.timedelta(days=400)
    old.save()
    CaseNoteFactory(case=case, text="A note from this week.")
    today = timezone.localdate()
    summary = build(case, alice, period_start=today - dt.timedelta(days=30), period_end=today)
    words = flat(text_of(summary))
    assert "A note from this week." in words and "An old note from last year." not in words


def test_a_template_error_marks_the_summary_failed_with_the_message(case, alice, settings, tmp_path, throwaway):
    (tmp_path / "broken.html").write_text("{% if %}broken{% endif %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    throwaway(template_name="broken.html")
    summary = build(case, alice)
    assert summary.status == CaseSummary.Status.FAILED
    assert summary.error.startswith("TemplateSyntaxError:") and "if" in summary.error
    assert not summary.file


def test_a_weasyprint_failure_marks_the_summary_failed_with_the_message(case, alice, monkeypatch):
    import weasyprint

    def fail(*args, **kwargs):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr(weasyprint.HTML, "render", fail)
    summary = build(case, alice)
    assert summary.status == CaseSummary.Status.FAILED
    assert summary.error == "RuntimeError: cairo: out of memory"


def test_the_task_is_idempotent_and_a_retry_after_failure_builds_again(case, alice, throwaway):
    throwaway(template_name="interventions/summary/does-not-exist.html")
    summary = CaseSummaryFactory(case=case, requested_by=alice)
    assert build_case_summary.apply(args=[summary.pk]).get() == "failed"
    summary.refresh_from_db()
    assert "TemplateDoesNotExist" in summary.error
    assert build_case_summary.apply(args=[summary.pk]).get() == "skipped"  # a failed build is not redone by itself

    from interventions.extensions import summary_sections

    for section in [section for section in summary_sections if section.key == "throwaway"]:
        summary_sections.unregister(section)
    services.summary_retry(summary=summary, by=alice)
    assert build_case_summary.apply(args=[summary.pk]).get() == "ready"
    summary.refresh_from_db()
    assert summary.status == "ready" and summary.error == "" and summary.attempts == 2
    first_file = summary.file.name
    assert build_case_summary.apply(args=[summary.pk]).get() == "skipped"  # redelivered: nothing changes
    summary.refresh_from_db()
    assert summary.file.name == first_file and summary.attempts == 2


def test_only_a_failed_build_can_be_retried(case, alice):
    from accounts.exceptions import DomainError

    summary = CaseSummaryFactory(case=case, requested_by=alice)
    with pytest.raises(DomainError):
        services.summary_retry(summary=summary, by=alice)


def test_a_build_cut_off_by_the_hard_time_limit_is_claimed_again(case, alice):
    summary = CaseSummaryFactory(
        case=case, requested_by=alice, status="building", attempts=1, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert summary.is_stuck and summary.can_retry
    assert build_case_summary.apply(args=[summary.pk]).get() == "ready"
    fresh = CaseSummaryFactory(case=case, requested_by=alice, status="building", started_at=timezone.now())
    assert build_case_summary.apply(args=[fresh.pk]).get() == "skipped"  # another worker is on it


def test_a_family_version_needs_a_recipient_and_a_period_must_not_be_reversed(case, alice):
    from accounts.exceptions import DomainError

    with pytest.raises(DomainError):
        services.summary_request(case=case, version="family", by=alice)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.summary_request(
            case=case, version="clinical", by=alice, period_start=today, period_end=today - dt.timedelta(days=1)
        )


def test_requesting_a_summary_queues_the_build_after_commit(case, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary = services.summary_request(case=case, version="clinical", by=alice)
    assert summary.status == "pending" and len(callbacks) == 1
