"""End to end: a click queues the build on Redis, a real `celery -A config worker` builds the PDF with WeasyPrint."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from interventions.disclosure import REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT
from interventions.models import CaseSummary
from tests import services
from tests.factories import CaseNoteFactory, StageChangeFactory
from tests.interventions.conftest import flat, pdf_text

pytestmark = [pytest.mark.services("redis", "worker", "pdftotext"), pytest.mark.django_db(transaction=True)]

NOTE = "Spoke with the employer's assistance program about leave."


@pytest.fixture
def summary_worker(summary_queue):
    with services.worker_process(queue=summary_queue) as (process, _):
        yield process


def wait_until_done(summary: CaseSummary, timeout: float = 60) -> CaseSummary:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        summary.refresh_from_db()
        if summary.status in (CaseSummary.Status.READY, CaseSummary.Status.FAILED):
            return summary
        time.sleep(0.2)
    raise AssertionError(f"the summary is still {summary.status} after {timeout} s")


def test_summaries_are_built_by_a_real_worker_and_downloaded(client, alice, carol, case, summary_worker):
    StageChangeFactory(case=case, from_stage="", to_stage="intake", note="Case opened")
    StageChangeFactory(case=case, from_stage="intake", to_stage="assessment")
    CaseNoteFactory(case=case, text=NOTE)
    client.force_login(alice)
    client.post(reverse("interventions:summary-list", kwargs={"case": case.pk}), {"version": "clinical"})
    clinical = wait_until_done(case.summaries.get())
    assert clinical.status == "ready", clinical.error

    response = client.get(reverse("interventions:summary-download", kwargs={"case": case.pk, "summary": clinical.pk}))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    words = flat(text)
    for expected in ("Clinical case summary", "Intake essentials", "Timeline", "Moved to Assessment", "Case notes"):
        assert expected in words
    assert NOTE in words and "a fifth of vodka a day" in words
    assert flat(REDISCLOSURE_NOTICE) in words
    assert words.count(REDISCLOSURE_NOTICE_SHORT) == clinical.page_count

    # The family version, built by the same worker. The worker has no consent policy installed (families
    # installs it), so nothing is disclosed: the cover, the notice, and no treatment, assessment or note.
    from interventions import services as interventions_services

    family = interventions_services.summary_request(case=case, version="family", by=alice, recipient=carol)
    family = wait_until_done(family)
    assert family.status == "ready", family.error
    words = flat(pdf_text(family.file.read()))
    assert "Family summary" in words and "Prepared for Carol Chen" in words and flat(REDISCLOSURE_NOTICE) in words
    for clinical_text in ("Case notes", NOTE, "Intake essentials", "vodka", "Timeline", "Assessment"):
        assert clinical_text not in words
