"""The accounting of disclosures (42 CFR 2.25, 45 CFR 164.528): a chosen period, every kind of disclosure with the
recipient's contact, keyset pages, providing it as a PDF with a record of who asked and who provided it."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consents.models import AccountingProvided, Disclosure, Recipient
from consents.queries import accounting_start
from interventions.disclosure import How
from tests.factories import ConsentFactory, FacilityFactory

pytestmark = pytest.mark.django_db


def url(case) -> str:
    return reverse("consents:accounting", kwargs={"case": case.pk})


def disclose(consent, how, *, at=None, detail="", user=None, categories=None) -> Disclosure:
    return Disclosure.objects.create(
        case=consent.case,
        consent=consent,
        recipient=consent.recipient,
        user=user or consent.case.lead,
        categories=categories or consent.categories,
        how=how,
        at=at or timezone.now(),
        detail=detail,
    )


@pytest.fixture
def family_consent(case, member):
    member.phone = "434-555-0177"
    member.save()
    return ConsentFactory(recipient=member, case=case)


@pytest.fixture
def facility_consent(case):
    facility = FacilityFactory(
        name="Blue Ridge Recovery", street1="12 Mill Road", admissions_email="intake@brr.example"
    )
    return ConsentFactory(
        recipient=facility,
        case=case,
        categories=["identity_and_contact", "substance_use_and_assessment"],
        purpose="To refer me for treatment and arrange my admission.",
    )


@pytest.fixture
def therapist_consent(case):
    therapist = Recipient.objects.create(
        case=case, kind=Recipient.Kind.OTHER, role=Recipient.Role.THERAPIST, name="Dr. Ada Moreno",
        organization="Valley Counseling", phone="434-555-0199",
    )  # fmt: skip
    return ConsentFactory(recipient=therapist, case=case, categories=["treatment_progress"], purpose="Coordinate care.")


def test_lists_disclosures_of_every_kind_with_the_recipients_contact(
    client, alice, case, carol, family_consent, facility_consent, therapist_consent
):
    disclose(family_consent, How.PORTAL, user=carol)
    disclose(family_consent, How.PDF, user=carol)
    disclose(facility_consent, How.PACKET_EMAIL, detail="Packet of 6 pages")
    disclose(facility_consent, How.PACKET_HANDED_OVER, detail="Fax to (555) 010-2000")
    disclose(therapist_consent, How.CALL, detail="Call with Dr. Moreno")
    client.force_login(alice)

    response = client.get(url(case))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Carol Chen (family member)", "434-555-0177", "(family portal page)", "(pdf download)",
        "Blue Ridge Recovery (treatment facility)", "12 Mill Road, Charlottesville, VA 22902; intake@brr.example",
        "Identity and contact, Substance use and assessment (referral packet, emailed)", "Packet of 6 pages",
        "(referral packet, faxed or handed over)", "Fax to (555) 010-2000",
        "Dr. Ada Moreno, Valley Counseling (therapist or counselor)", "434-555-0199", "Call with Dr. Moreno",
        "To refer me for treatment and arrange my admission.", "Coordinate care.",
        family_consent.get_absolute_url(), facility_consent.get_absolute_url(),
    ):  # fmt: skip
        assert text in html, text
    assert len(response.context["page"]) == 5
    assert response.context["total"] == 5


def test_honours_the_chosen_period_on_the_practices_calendar(client, alice, case, family_consent):
    zone = case.organization.zone
    inside = disclose(family_consent, How.PORTAL, at=dt.datetime(2026, 3, 10, 23, 30, tzinfo=zone))
    after = disclose(family_consent, How.PORTAL, at=dt.datetime(2026, 3, 11, 0, 30, tzinfo=zone))
    before = disclose(family_consent, How.PORTAL, at=dt.datetime(2026, 2, 28, 23, 59, tzinfo=zone))
    client.force_login(alice)

    response = client.get(url(case), {"from": "2026-03-01", "to": "2026-03-10"})

    assert response.status_code == 200
    assert [d.pk for d in response.context["page"]] == [inside.pk]
    assert {after.pk, before.pk}.isdisjoint(d.pk for d in response.context["page"])


def test_the_default_period_is_the_past_three_years(client, alice, case, family_consent):
    today = timezone.localdate(timezone.now(), case.organization.zone)
    start = accounting_start(today)
    zone = case.organization.zone
    recent = disclose(family_consent, How.PORTAL, at=dt.datetime.combine(start, dt.time(9), tzinfo=zone))
    disclose(family_consent, How.PORTAL, at=dt.datetime.combine(start, dt.time(9), tzinfo=zone) - dt.timedelta(days=1))
    client.force_login(alice)

    response = client.get(url(case))

    assert (response.context["start"], response.context["end"]) == (start, today)
    assert [d.pk for d in response.context["page"]] == [recent.pk]


def test_a_from_earlier_than_three_years_back_is_refused(client, alice, case, family_consent):
    disclose(family_consent, How.PORTAL)
    today = timezone.localdate(timezone.now(), case.organization.zone)
    too_early = accounting_start(today) - dt.timedelta(days=1)
    client.force_login(alice)

    response = client.get(url(case), {"from": too_early.isoformat(), "to": today.isoformat()})

    assert response.status_code == 200
    assert "from" in response.context["period_form"].errors
    assert "at most the past 3 years" in response.content.decode()
    assert "page" not in response.context


def test_pages_of_50_by_keyset_show_every_row_once(client, alice, case, family_consent):
    base = timezone.now() - dt.timedelta(days=1)
    # Two rows share a moment: the id breaks the tie.
    moments = [base - dt.timedelta(minutes=i) for i in range(50)] + [base - dt.timedelta(minutes=49)]
    created = [disclose(family_consent, How.PORTAL, at=moment) for moment in moments]
    client.force_login(alice)

    first = client.get(url(case))
    page1 = first.context["page"]
    assert len(page1) == 50 and page1.has_next()
    second = client.get(url(case) + "?" + page1.next_query())
    page2 = second.context["page"]
    assert len(page2) == 1 and not page2.has_next() and page2.has_previous()

    shown = [d.pk for d in page1] + [d.pk for d in page2]
    assert len(shown) == len(set(shown)) == 51
    assert set(shown) == {d.pk for d in created}
    assert first.context["total"] == 51
    assert 'rel="next"' in first.content.decode()


def test_paging_keeps_the_chosen_period(client, alice, case, family_consent):
    for i in range(51):
        disclose(family_consent, How.PORTAL, at=timezone.now() - dt.timedelta(hours=i + 1))
    today = timezone.localdate(timezone.now(), case.organization.zone)
    client.force_login(alice)

    response = client.get(url(case), {"from": (today - dt.timedelta(days=5)).isoformat(), "to": today.isoformat()})

    assert f"from={(today - dt.timedelta(days=5)).isoformat()}" in response.context["query"]
    assert "from=" in response.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]


@pytest.mark.services("pdftotext")
def test_providing_records_the_accounting_and_returns_it_as_a_pdf(
    client, alice, case, family_consent, facility_consent, tmp_path
):
    disclose(family_consent, How.PORTAL, at=timezone.now() - dt.timedelta(days=2))
    disclose(facility_consent, How.PACKET_EMAIL, at=timezone.now() - dt.timedelta(days=1), detail="Packet of 6 pages")
    disclose(family_consent, How.PORTAL, at=timezone.now() - dt.timedelta(days=40))  # outside the period
    today = timezone.localdate(timezone.now(), case.organization.zone)
    start = today - dt.timedelta(days=30)
    client.force_login(alice)

    response = client.post(
        reverse("consents:accounting-provide", kwargs={"case": case.pk}),
        {"requested_by": "Sam Chen", "from": start.isoformat(), "to": today.isoformat()},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    record = AccountingProvided.objects.get(case=case)
    assert (record.requested_by, record.period_start, record.period_end) == ("Sam Chen", start, today)
    assert (record.provided_by, record.disclosure_count) == (alice, 2)
    path = tmp_path / "accounting.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for expected in (
        "Harbor Intervention Group", "Accounting of disclosures", "Sam Chen", "Alice Alvarez", "Carol Chen",
        "434-555-0177" if family_consent.recipient.phone else "Carol Chen", "Blue Ridge Recovery",
        "intake@brr.example", "Packet of 6 pages", "past 3 years", f"{start:%b} {start.day}, {start.year}",
    ):  # fmt: skip
        assert expected in text, expected

    page = client.get(url(case))
    assert "Sam Chen" in page.content.decode()
    assert list(page.context["provided"]) == [record]


def test_providing_needs_who_asked_and_a_period_within_three_years(client, alice, case):
    today = timezone.localdate(timezone.now(), case.organization.zone)
    client.force_login(alice)

    response = client.post(
        reverse("consents:accounting-provide", kwargs={"case": case.pk}),
        {"requested_by": "", "from": (accounting_start(today) - dt.timedelta(days=1)).isoformat(), "to": today},
    )

    assert response.status_code == 200
    assert set(response.context["provide_form"].errors) == {"requested_by", "from"}
    assert not AccountingProvided.objects.exists()


def test_mallory_gets_404(client, mallory, case, family_consent):
    disclose(family_consent, How.PORTAL)
    client.force_login(mallory)

    assert client.get(url(case)).status_code == 404
    today = timezone.localdate()
    provide = client.post(
        reverse("consents:accounting-provide", kwargs={"case": case.pk}),
        {"requested_by": "x", "from": today, "to": today},
    )
    assert provide.status_code == 404
    assert not AccountingProvided.objects.exists()


def test_the_page_asks_the_same_number_of_queries_for_3_and_120_disclosures(
    client, alice, case, family_consent, facility_consent, django_assert_max_num_queries
):
    consents = [family_consent, facility_consent]
    for i in range(3):
        disclose(consents[i % 2], How.PORTAL, at=timezone.now() - dt.timedelta(hours=i + 1))
    AccountingProvided.objects.create(
        case=case,
        requested_by="Sam",
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        provided_by=alice,
    )
    client.force_login(alice)
    client.get(url(case))  # warm: session, content types
    with CaptureQueriesContext(connection) as small:
        client.get(url(case))

    for i in range(3, 120):
        disclose(consents[i % 2], How.PACKET_EMAIL, at=timezone.now() - dt.timedelta(hours=i + 1))
    with django_assert_max_num_queries(len(small)):
        response = client.get(url(case))
    assert len(response.context["page"]) == 50 and response.context["total"] == 120
    assert len(small) <= 12, [q["sql"][:80] for q in small.captured_queries]


def test_the_clinical_summarys_accounting_names_the_recipients_contact(case, facility_consent):
    from consents.queries import summary_accounting
    from interventions.summary import Period

    disclose(facility_consent, How.PACKET_EMAIL, detail="Packet of 6 pages")

    [entry] = summary_accounting(case, Period())

    assert entry.recipient == (
        "Blue Ridge Recovery (treatment facility) — 12 Mill Road, Charlottesville, VA 22902; intake@brr.example"
    )
    assert entry.purpose == "To refer me for treatment and arrange my admission."
