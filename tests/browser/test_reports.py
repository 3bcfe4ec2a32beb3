"""An owner and an interventionist open Reports, change the period and download the CSV; every page passes axe."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff
from tests.reports.conftest import history  # noqa: F401  (the hand-built practice history)

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def cases_opened(page) -> str:
    return page.locator("#measure-cases_opened td").first.inner_text().strip()


def show_period(page, start: str, end: str) -> None:
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**start={start}**")


def test_owner_reads_the_practice_changes_the_period_and_downloads_the_csv(page, history, olivia):  # noqa: F811
    log_in_staff(page, olivia)
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Reports").wait_for()
    assert_accessible(page)
    show_period(page, "2026-01-01", "2026-12-31")
    assert cases_opened(page) == "7"
    assert page.get_by_role(
        "img", name="Funnel: cases opened, intervention held, accepted treatment, admitted"
    ).is_visible()
    show_period(page, "2026-01-01", "2026-01-31")
    assert cases_opened(page) == "2"
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "report-2026-01-01-2026-01-31.csv"
    with open(download.path(), encoding="utf-8") as handle:
        text = handle.read()
    assert text.startswith("measure,label,n,value,definition")
    assert "cases_opened,Cases opened,2,2," in text


def test_interventionist_reads_only_their_own_caseload(page, history, alice):  # noqa: F811
    log_in_staff(page, alice)
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Reports: my caseload").wait_for()
    assert page.get_by_label("Interventionist").count() == 0
    show_period(page, "2026-01-01", "2026-12-31")
    assert cases_opened(page) == "6"
    assert_accessible(page)
