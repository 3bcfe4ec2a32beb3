"""The summary pages: build, watch, download (staff and family member), audit and disclosure records."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from interventions.disclosure import Category
from interventions.extensions import summary_recipients
from interventions.models import CaseSummary
from tests.factories import CaseFactory, CaseSummaryFactory, UserFactory

pytestmark = pytest.mark.django_db
FAKE_PDF = b"%PDF-1.7\n% a stand-in: the build tests check real PDFs\n%%EOF\n"


def ready(case, **fields) -> CaseSummary:
    summary = CaseSummaryFactory(case=case, status="ready", built_at=timezone.now(), page_count=3, **fields)
    summary.file.save("summary.pdf", ContentFile(FAKE_PDF))
    return summary


def list_url(case):
    return reverse("interventions:summary-list", kwargs={"case": case.pk})


def download_url(summary):
    return reverse("interventions:summary-download", kwargs={"case": summary.case_id, "summary": summary.pk})


def access_entries(summary):
    return LogEntry.objects.get_for_object(summary).filter(action=LogEntry.Action.ACCESS)


def test_mallory_gets_404(client, mallory, case):
    summary = ready(case)
    client.force_login(mallory)
    assert client.get(list_url(case)).status_code == 404
    assert client.post(list_url(case), {"version": "clinical"}).status_code == 404
    assert client.get(summary.get_absolute_url()).status_code == 404
    assert client.get(download_url(summary)).status_code == 404
    assert not access_entries(summary).exists()


def test_another_practices_summary_is_a_404_even_through_ones_own_case(client, alice, case, other_practice):
    theirs = ready(CaseFactory(organization=other_practice))
    client.force_login(alice)
    url = reverse("interventions:summary-download", kwargs={"case": case.pk, "summary": theirs.pk})
    assert client.get(url).status_code == 404


def test_alice_builds_a_clinical_summary_and_lands_on_its_progress(
    client, alice, case, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(list_url(case), {"version": "clinical", "period_start": "", "period_end": ""})
    summary = case.summaries.get()
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    assert (summary.version, summary.requested_by, summary.status) == ("clinical", alice, "pending")
    assert len(callbacks) == 1  # the build is handed over once the row is committed
    page = client.get(summary.get_absolute_url())  # not handed over yet (callbacks not run): says so
    assert b"Queued: the background service" in page.content and b'hx-trigger="every 2s"' in page.content
    summary.queued_at = timezone.now()
    summary.save(update_fields=["queued_at"])
    assert b"Waiting for a worker" in client.get(summary.get_absolute_url()).content


def test_the_family_version_needs_a_family_member_of_the_case(client, alice, carol, case):
    client.force_login(alice)
    response = client.post(list_url(case), {"version": "family"})
    assert response.status_code == 422 and b"Choose the family member" in response.content
    with summary_recipients.replace(lambda case: type(carol).objects.filter(pk=carol.pk)):
        response = client.post(list_url(case), {"version": "family", "recipient": carol.pk})
    assert response.status_code == 302
    assert case.summaries.get().recipient == carol


def test_a_reversed_period_is_refused(client, alice, case):
    client.force_login(alice)
    today = timezone.localdate()
    data = {"version": "clinical", "period_start": today, "period_end": today - dt.timedelta(days=3)}
    response = client.post(list_url(case), data)
    assert response.status_code == 422 and not case.summaries.exists()


def test_polling_returns_the_partial_and_stops_when_ready(client, alice, case):
    client.force_login(alice)
    pending = CaseSummaryFactory(case=case)
    partial = client.get(pending.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"hx-trigger" in partial.content
    done = ready(case)
    partial = client.get(done.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in partial.content and download_url(done).encode() in partial.content


def test_a_failed_build_shows_its_error_and_can_be_retried(client, alice, case, django_capture_on_commit_callbacks):
    failed = CaseSummaryFactory(case=case, status="failed", error="TemplateSyntaxError: Unclosed tag 'if'")
    client.force_login(alice)
    page = client.get(failed.get_absolute_url())
    assert b"could not be built" in page.content and b"TemplateSyntaxError: Unclosed tag" in page.content
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("interventions:summary-retry", kwargs={"case": case.pk, "summary": failed.pk}))
    assert response.status_code == 302 and len(callbacks) == 1
    failed.refresh_from_db()
    assert failed.status == "pending" and failed.error == ""


def test_the_list_shows_who_built_each_and_when(client, alice, bob, case):
    case.co_assigned.add(bob)
    ready(case, requested_by=bob)
    client.force_login(alice)
    response = client.get(list_url(case))
    assert response.status_code == 200
    assert b"Bob Brennan" in response.content and b"Download" in response.content
    assert LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).exists()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_makes_a_constant_number_of_queries(client, alice, case, carol, rows, django_assert_max_num_queries):
    for index in range(rows):
        ready(case, version="family" if index % 2 else "clinical", recipient=carol if index % 2 else None)
    client.force_login(alice)
    with django_assert_max_num_queries(11):  # 2 of them: the menu asks whether the user is a directory admin
        assert client.get(list_url(case)).status_code == 200


def test_the_case_page_offers_to_build_a_summary(client, alice, case):
    client.force_login(alice)
    response = client.get(case.get_absolute_url())
    assert b"Build summary" in response.content and list_url(case).encode() in response.content


def test_staff_download_is_audited_and_is_no_disclosure(client, alice, olivia, case, consent):
    summary = ready(case)
    for user in (alice, olivia):
        client.force_login(user)
        response = client.get(download_url(summary), REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == FAKE_PDF
        assert summary.download_name() in response["Content-Disposition"]
        assert access_entries(summary).latest("timestamp").actor == user
    assert access_entries(summary).count() == 2
    assert consent.recorded == []


def test_a_colleague_not_on_the_case_gets_404(client, bob, case):
    summary = ready(case)
    client.force_login(bob)
    assert client.get(download_url(summary)).status_code == 404


def test_a_family_member_downloads_their_own_family_version_with_consent(client, carol, case, consent):
    consent.grant(carol, case, Category.STAGE_AND_STATUS, Category.AFTERCARE_PLAN)
    summary = ready(case, version="family", recipient=carol, categories=[Category.STAGE_AND_STATUS])
    client.force_login(carol)
    response = client.get(download_url(summary))
    assert response.status_code == 200
    assert access_entries(summary).get().actor == carol
    assert consent.recorded == [(carol.pk, case.pk, [Category.STAGE_AND_STATUS], "pdf")]


def test_a_family_member_without_consent_gets_404(client, carol, case, consent):
    summary = ready(case, version="family", recipient=carol, categories=[])
    client.force_login(carol)
    assert client.get(download_url(summary)).status_code == 404
    assert consent.recorded == [] and not access_entries(summary).exists()


def test_revoking_a_category_the_pdf_contains_stops_its_download(client, carol, case, consent):
    consent.grant(carol, case, Category.AFTERCARE_PLAN)  # still covered for something, but not for what the PDF has
    summary = ready(case, version="family", recipient=carol, categories=[Category.STAGE_AND_STATUS])
    client.force_login(carol)
    assert client.get(download_url(summary)).status_code == 404


def test_a_family_member_gets_no_clinical_version_nor_another_members(client, carol, case, consent):
    consent.grant(carol, case, *Category.values)
    clinical = ready(case)
    someone_else = ready(case, version="family", recipient=UserFactory(), categories=[])
    client.force_login(carol)
    assert client.get(download_url(clinical)).status_code == 404
    assert client.get(download_url(someone_else)).status_code == 404
    assert client.get(clinical.get_absolute_url()).status_code == 404


def test_a_family_member_asks_for_their_own_family_version(client, carol, case, consent):
    url = reverse("interventions:family-summary", kwargs={"case": case.pk})
    client.force_login(carol)
    assert client.get(url).status_code == 404  # no consent: the case does not exist for them
    consent.grant(carol, case, Category.STAGE_AND_STATUS)
    page = client.get(url)
    assert page.status_code == 200 and b"Prepare my summary" in page.content
    response = client.post(url)
    summary = case.summaries.get()
    assert (summary.version, summary.recipient, summary.requested_by) == ("family", carol, carol)
    assert response["Location"] == reverse(
        "interventions:family-summary-detail", kwargs={"case": case.pk, "summary": summary.pk}
    )
    assert b"Queued" in client.get(response["Location"]).content


def test_the_list_refreshes_itself_only_while_a_build_is_under_way(client, alice, case):
    client.force_login(alice)
    ready(case)
    assert b'hx-trigger="every 3s"' not in client.get(list_url(case)).content
    CaseSummaryFactory(case=case, status="building", started_at=timezone.now())
    assert b'hx-trigger="every 3s"' in client.get(list_url(case)).content
    reads = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).count()
    client.get(list_url(case), headers={"HX-Request": "true"})
    assert LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).count() == reads


def test_a_summary_whose_file_is_gone_is_a_404_not_an_error(client, alice, case):
    summary = ready(case)
    summary.file.storage.delete(summary.file.name)
    client.force_login(alice)
    assert client.get(download_url(summary)).status_code == 404


def test_a_family_member_can_ask_for_three_builds_in_ten_minutes(client, carol, case, consent):
    url = reverse("interventions:family-summary", kwargs={"case": case.pk})
    consent.grant(carol, case, Category.STAGE_AND_STATUS)
    client.force_login(carol)
    assert [client.post(url).status_code for _ in range(3)] == [302, 302, 302]
    refused = client.post(url)
    assert refused.status_code == 429
    assert "the most we build" in refused.content.decode()
    assert case.summaries.count() == 3
    case.summaries.update(requested_at=timezone.now() - dt.timedelta(minutes=11))
    assert client.post(url).status_code == 302


def test_staff_builds_are_limited_too_but_generously(client, alice, bob, case):
    from interventions.queries import SUMMARY_BUILD_LIMITS

    limit = SUMMARY_BUILD_LIMITS["staff"].builds
    assert limit > SUMMARY_BUILD_LIMITS["family"].builds
    CaseSummaryFactory.create_batch(limit, case=case, requested_by=alice)
    client.force_login(alice)
    response = client.post(list_url(case), {"version": "clinical"})
    assert response.status_code == 429 and "the most we build" in response.content.decode()
    assert case.summaries.count() == limit
    case.co_assigned.add(bob)  # the limit is per person: a colleague still builds
    client.force_login(bob)
    assert client.post(list_url(case), {"version": "clinical"}).status_code == 302


def test_a_failed_build_shows_its_error_to_staff_and_not_to_the_family(client, alice, carol, case, consent):
    consent.grant(carol, case, Category.STAGE_AND_STATUS)
    summary = CaseSummaryFactory(
        case=case,
        requested_by=carol,
        version="family",
        recipient=carol,
        status="failed",
        error="TemplateDoesNotExist: interventions/summary/secret.html",
    )
    client.force_login(carol)
    url = reverse("interventions:family-summary-detail", kwargs={"case": case.pk, "summary": summary.pk})
    page = client.get(url).content.decode()
    assert "could not be built" in page and "TemplateDoesNotExist" not in page
    client.force_login(alice)
    assert "TemplateDoesNotExist" in client.get(summary.get_absolute_url()).content.decode()
