"""The report page and its CSV: who sees what, the filters, the CSV, the audit entry and the query count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import CaseFactory, FollowUpFactory

pytestmark = pytest.mark.django_db

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


def figure(html: str, key: str) -> str:
    """The figure cell of a measure's row, as text."""
    row = re.search(rf'id="measure-{key}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {key}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return re.sub(r"<[^>]+>", "", cells[0]).strip()


def page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:report"), {**YEAR, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_owner_sees_the_whole_practice(client, history, olivia):
    html = page(client, olivia)
    assert "from 1 Jan 2026 to the end of 31 Dec 2026" in html
    assert figure(html, "cases_opened") == "7"
    assert figure(html, "reaching_intervention") == "71% (5 of 7)"
    assert figure(html, "admissions") == "6"
    assert figure(html, "completed") == "too few to show a share"


def test_interventionist_sees_only_the_cases_they_lead(client, history, alice, bob):
    assert figure(page(client, alice), "cases_opened") == "6"
    assert figure(page(client, bob), "cases_opened") == "1"


def test_interventionist_cannot_ask_for_a_colleagues_cases(client, history, alice, bob):
    html = page(client, alice, interventionist=bob.pk)
    assert figure(html, "cases_opened") == "6"
    assert 'name="interventionist"' not in html


def test_owner_filters_one_interventionist(client, history, olivia, bob):
    assert figure(page(client, olivia, interventionist=bob.pk), "cases_opened") == "1"


def test_another_practice_never_counts(client, history, mallory):
    html = page(client, mallory)
    assert figure(html, "cases_opened") == "1"  # m1 only
    assert figure(html, "admissions") == "1"


def test_filters_by_model_and_referral_source(client, history, olivia):
    assert figure(page(client, olivia, model="arise"), "cases_opened") == "2"  # c3, c4
    assert figure(page(client, olivia, referral_source="physician"), "cases_opened") == "2"  # c1, c2


def test_period_filters_what_is_counted(client, history, olivia):
    assert figure(page(client, olivia, start="2026-01-01", end="2026-01-31"), "cases_opened") == "2"


def test_a_period_ending_before_it_starts_is_refused(client, history, olivia):
    html = page(client, olivia, start="2026-06-01", end="2026-01-01")
    assert "The end of the period comes after its start." in html


def test_no_persons_name_appears(client, history, olivia, alice, bob):
    for user in (olivia, alice):
        html = page(client, user)
        for case in history.cases.values():
            assert case.last_name not in html
            assert case.first_name not in html
    assert str(bob) not in page(client, alice)  # an interventionist sees only their own row


def test_charts_are_accessible_svg_with_the_same_figures_as_a_table(client, history, olivia):
    html = page(client, olivia)
    assert html.count('role="img"') == 2
    assert '<title id="funnel-title">' in html
    assert "Cases opened: 7; Intervention held: 5; Accepted treatment: 3; Admitted: 3" in html
    assert "Jan 2026: 2 opened, 1 admitted" in html


def test_csv_has_a_row_per_measure_and_the_monthly_series(client, history, olivia):
    client.force_login(olivia)
    response = client.get(reverse("reports:report-csv"), YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report-2026-01-01-2026-12-31.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["measure", "label", "n", "value", "definition"]
    by_key = {row[0]: row for row in rows[1:] if row and row[0] not in ("month", "open_cases", "overdue_follow_ups")}
    assert by_key["cases_opened"][2:4] == ["7", "7"]
    assert by_key["retention_30"][2:4] == ["5", "0.800"]
    assert by_key["completed"][2:4] == ["4", ""]  # too few: no share
    months = rows[rows.index(["month", "cases_opened", "admissions"]) + 1 :]
    assert months[0] == ["2026-01", "2", "1"]
    assert len(months) == 12


def test_reading_the_report_is_on_the_audit_log_without_case_references(client, history, olivia, practice):
    page(client, olivia)
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == olivia
    assert entry.additional_data["listed"] == "report"
    assert entry.additional_data["organization"] == practice.pk
    assert "cases" not in entry.additional_data


def test_family_member_gets_404(client, carol):
    client.force_login(carol)
    assert client.get(reverse("reports:report")).status_code == 404
    assert client.get(reverse("reports:report-csv")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("reports:report"))
    assert response.status_code == 302


def test_the_menu_offers_reports_to_staff(client, olivia, alice):
    for user in (olivia, alice):
        client.force_login(user)
        assert f'href="{reverse("reports:report")}"' in client.get(reverse("interventions:dashboard")).content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_the_report_takes_the_same_queries_whatever_the_size(client, olivia, alice, practice, size,
                                                             django_assert_max_num_queries):  # fmt: skip
    for _ in range(size):
        case = CaseFactory(organization=practice, lead=alice)
        FollowUpFactory(case=case)
    client.force_login(olivia)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("reports:report")).status_code == 200


def test_a_filter_alone_keeps_the_default_period(client, olivia, bob, practice):
    CaseFactory(organization=practice, lead=bob)  # opened now: inside the last 12 months
    CaseFactory(organization=practice, lead=olivia)
    client.force_login(olivia)
    html = client.get(reverse("reports:report"), {"interventionist": bob.pk}).content.decode()
    assert figure(html, "cases_opened") == "1"
