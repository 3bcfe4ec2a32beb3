"""One case walked end to end in a practice on Pacific time, on a phone: a man in Portland, Oregon, from intake to
closure and reopening. The walk checks what issue 14 promised: the calendar file's zone, the admission date entered
(and the follow-ups counted from it), the what-to-expect sheet naming the facility, the family portal's facility
panel, and no sideways scroll at 390 px on every page it visits (axe on the main ones)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from aftercare.models import FollowUp
from interventions.models import Case, Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page
from tests.factories import (
    PASSWORD,
    BedAvailabilityFactory,
    ChecklistTemplateFactory,
    ChecklistTemplateItemFactory,
    ConsentFactory,
    FacilityFactory,
)

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]

PACIFIC = ZoneInfo("America/Los_Angeles")


def seen(page, *, axe: bool = False) -> None:
    """Every page the walk reaches fits a phone; the main ones pass axe too."""
    page.wait_for_load_state()
    assert_no_sideways_scroll(page)
    if axe:
        assert_accessible(page)


def local(day: dt.date, hour: int, minute: int = 0) -> str:
    """A datetime-local input's value."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


@pytest.fixture
def directory(practice):
    """The facility directory (imported, not typed in) and a checklist template of the practice."""
    lodge = FacilityFactory(
        name="Willamette Recovery Lodge",
        street1="1200 NW Front Avenue",
        city="Portland",
        state="OR",
        postal_code="97209",
        latitude=Decimal("45.5290000"),
        longitude=Decimal("-122.6770000"),
        phone="503-555-0100",
        admissions_phone="503-555-0142",
        codes=["RS", "PI", "ADLT", "MALE"],
    )
    FacilityFactory(
        name="Cascade House",
        city="Portland",
        state="OR",
        postal_code="97214",
        latitude=Decimal("45.5150000"),
        longitude=Decimal("-122.6430000"),
        codes=["RS", "PI", "ADLT", "MALE"],
    )
    BedAvailabilityFactory(facility=lodge, setting="RS", available=2)
    template = ChecklistTemplateFactory(organization=practice, name="Before the day")
    ChecklistTemplateItemFactory(template=template, title="Talk with the family doctor")
    return lodge


def test_a_case_in_portland_from_intake_to_closure_and_reopening(
    browser, live_server, practice, olivia, alice, directory, celery_eager
):
    lodge = directory
    today = dt.datetime.now(PACIFIC).date()
    held_day, admitted_day = today - dt.timedelta(days=2), today - dt.timedelta(days=1)

    # The owner puts the practice on Pacific time.
    owner = phone_page(browser, live_server)
    log_in(owner, olivia.email)
    owner.get_by_role("heading", name="Caseload").wait_for()
    seen(owner)
    owner.goto(practice.get_absolute_url())
    owner.get_by_role("combobox", name="Time zone").select_option("America/Los_Angeles")
    owner.get_by_role("button", name="Save the time zone").click()
    owner.get_by_text("The practice's time zone is now America/Los_Angeles.").wait_for()
    seen(owner, axe=True)

    # Intake.
    staff = phone_page(browser, live_server)
    log_in(staff, alice.email)
    staff.get_by_role("heading", name="Caseload").wait_for()
    seen(staff, axe=True)
    staff.get_by_role("link", name="New case from intake").click()
    staff.get_by_label("First name").fill("Walter")
    staff.get_by_label("Last name").fill("Lindqvist")
    staff.get_by_label("Date of birth").fill("1971-06-14")
    staff.get_by_label("Sex assigned at birth").select_option("male")
    staff.get_by_label("Phone").first.fill("503-555-0187")
    staff.get_by_label("ZIP code").fill("97205")
    staff.get_by_label("Insurance payer").select_option("PI")
    staff.get_by_label("Presenting concern").fill("Drinking all day since he retired; his wife and son are afraid.")
    staff.locator("#id_substances-0-substance").select_option("alcohol")
    staff.locator("#id_substances-0-frequency").select_option("daily")
    seen(staff, axe=True)
    staff.get_by_role("button", name="Open the case").click()
    staff.get_by_role("heading", name="Walter Lindqvist").wait_for()
    seen(staff, axe=True)
    case = Case.objects.get(last_name="Lindqvist")

    # Assessment and the level of care: residential (3.5).
    staff.get_by_label("Move to").select_option(Stage.ASSESSMENT)
    staff.get_by_label("Why (kept in the timeline)").fill("Intake complete")
    staff.get_by_role("button", name="Move the case").click()
    staff.get_by_text("The case moved to Assessment.").wait_for()
    seen(staff)
    staff.get_by_role("link", name="New assessment").click()
    staff.get_by_role("heading", name="Assessment of Walter Lindqvist").wait_for()
    for dimension, rating in {
        1: "1: low",
        2: "0: none",
        3: "1: low",
        4: "3: high",
        5: "3: high",
        6: "2: moderate",
    }.items():
        staff.get_by_role("group", name=re.compile(rf"^Dimension {dimension}:")).get_by_label(rating).check()
    seen(staff, axe=True)
    staff.get_by_role("button", name="Save the assessment").click()
    staff.get_by_text("Assessment saved.").wait_for()
    assert staff.locator(".suggested-level").inner_text() == "3.5 Clinically managed high-intensity residential"
    seen(staff, axe=True)
    staff.get_by_role("button", name="Record the level of care").click()
    staff.get_by_text("Level of care 3.5 recorded.").wait_for()
    seen(staff)

    staff.goto(case.get_absolute_url())
    staff.get_by_label("Move to").select_option(Stage.PLANNING)
    staff.get_by_role("button", name="Move the case").click()
    staff.get_by_text("The case moved to Planning.").wait_for()
    seen(staff)

    # Matches: the lodge's open beds are the reason it comes first.
    staff.get_by_role("link", name="Find facilities").click()
    staff.get_by_role("heading", name="Facility matches for Walter Lindqvist").wait_for()
    for summary in staff.locator("summary").all():
        summary.click()  # every folded part must fit too
    lodge_row = staff.get_by_role("listitem").filter(has_text="Willamette Recovery Lodge")
    assert lodge_row.get_by_text(
        "Why this score (15): 15 for 2 open beds in Short-term residential, confirmed just now."
    ).is_visible()
    seen(staff, axe=True)
    staff.get_by_label("Refer to Willamette Recovery Lodge").check()
    staff.get_by_label("Note to the facilities").fill("Wife and son ready; he can travel this week.")
    # Walter signed the consent letting the lodge be told who he is (a referral needs it, 42 CFR 2.31).
    ConsentFactory(recipient=directory, case=case, categories=["identity_and_contact", "insurance"])
    staff.get_by_role("button", name="Send referrals").click()
    staff.get_by_text("Referral sent to").wait_for()
    seen(staff)

    # The lodge accepts; benefits verified; the admission scheduled (Pacific time).
    staff.locator(
        "a[href*='/referrals/']", has_text="Willamette Recovery Lodge"
    ).first.click()  # the consents panel names it too
    staff.get_by_role("heading", name="Referral of Walter Lindqvist to Willamette Recovery Lodge").wait_for()
    seen(staff, axe=True)
    staff.get_by_text("Record a verification").click()
    verify = staff.get_by_role("form", name="Record an insurance verification")
    verify.get_by_label("Payer").fill("Regence BlueCross BlueShield of Oregon")
    verify.get_by_label("Member id").fill("RGX-4471902")
    verify.get_by_label("Verified with").fill("Provider services, Dee, ref 88-2201")
    verify.get_by_label("Network").select_option("in")
    verify.get_by_label("Outcome").select_option("covered")
    verify.get_by_role("button", name="Record verification").click()
    staff.get_by_text("The insurance verification was recorded").wait_for()
    seen(staff)
    status = staff.get_by_role("form", name="Change the status")
    status.get_by_label("New status").select_option("accepted")
    status.get_by_label("Why or what was said").fill("Bed held for him.")
    status.get_by_role("button", name="Update status").click()
    staff.get_by_text("The referral's status was updated").wait_for()
    admission = staff.get_by_role("form", name="Admission logistics")
    admission.get_by_label("Admission date and time").fill(local(held_day, 15))
    admission.get_by_label("Admission contact").fill("Rosa Greene")
    admission.get_by_label("What to bring").fill("Photo ID, insurance card, medications in original bottles")
    admission.get_by_label("Transport", exact=True).select_option("interventionist")
    admission.get_by_role("button", name="Schedule admission").click()
    staff.get_by_text("The admission logistics were saved").wait_for()
    seen(staff, axe=True)

    # The family: his wife, invited to the portal, with a checklist; she accepts on her phone.
    staff.goto(case.get_absolute_url())
    staff.get_by_role("link", name="Add the first one").click()
    staff.get_by_label("Name").fill("Ingrid Lindqvist")
    staff.get_by_label("Relationship").fill("wife")
    staff.get_by_label("Email").fill("ingrid@example.net")
    staff.get_by_label("Role").select_option("speaker")
    seen(staff, axe=True)
    staff.get_by_role("button", name="Save").click()
    staff.get_by_role("heading", level=1, name=re.compile("^Ingrid Lindqvist")).wait_for()
    staff.get_by_label("Checklist template").select_option(label="Before the day (Johnson model)")
    staff.get_by_role("button", name="Assign").click()
    staff.get_by_role("button", name="Invite to the portal").click()
    staff.get_by_text("Invitation emailed").wait_for()
    seen(staff, axe=True)
    member = case.family_members.get()

    link = re.search(r"https?://\S+/portal/invitations/\S+/", mail.outbox[-1].body).group(0)
    wife = phone_page(browser, live_server)
    wife.goto(urlparse(link).path)
    seen(wife, axe=True)
    wife.get_by_label("Choose a password").fill(PASSWORD)
    wife.get_by_label("Password again").fill(PASSWORD)
    wife.get_by_role("button", name="Create my account").click()
    wife.get_by_role("heading", name="Supporting Walter").wait_for()
    assert wife.get_by_role("heading", name="What to expect").is_visible()  # the welcome before the day
    assert wife.locator("#portal-facility").count() == 0  # no consent yet
    seen(wife, axe=True)
    wife.get_by_label("Talk with the family doctor").check()
    wife.get_by_text("1 of 1").wait_for()
    wife.get_by_role("link", name="My letter").first.click()
    wife.get_by_label("Your letter").fill("Walter, I miss the man who walked the dog with me every morning.")
    wife.get_by_text("Saved automatically").wait_for()
    seen(wife, axe=True)
    wife.get_by_role("button", name="Submit for review").click()
    wife.get_by_text("Submitted for review").first.wait_for()
    seen(wife)

    staff.goto(member.letter.get_absolute_url())
    staff.get_by_label("Approved").check()
    staff.get_by_role("button", name="Send review").click()
    staff.get_by_text("Review sent").wait_for()
    seen(staff)

    # Walter consents to his wife seeing where he stands and where he is admitted.
    staff.goto(f"/cases/{case.pk}/consents/new/")
    staff.get_by_role("radio", name="Family member").check()
    staff.get_by_label("Which family member").select_option(label=f"{member.name} ({member.relationship})")
    staff.get_by_label("Stage and status of the case").check()
    staff.get_by_label("Purpose").fill("To keep my family informed.")
    staff.get_by_label("Facility and admission").check()
    staff.get_by_label("Expiry date (if it expires on a date)").fill((today + dt.timedelta(days=180)).isoformat())
    staff.get_by_label("may revoke this consent").check()
    staff.get_by_label("not conditioned on signing").check()
    staff.get_by_label("Signature (the typed name").fill("Walter Lindqvist")
    staff.get_by_label("Date signed").fill(today.isoformat())
    staff.get_by_role("textbox", name="Witness").fill("Alice Alvarez")
    seen(staff, axe=True)
    staff.get_by_role("button", name="Record the consent").click()
    staff.get_by_text("Consent recorded").wait_for()
    seen(staff)

    # The plan: 10:00 in Portland, two days ago; the calendar file says so in Pacific time.
    staff.goto(case.get_absolute_url())
    staff.get_by_role("link", name="Write the plan").click()
    staff.get_by_role("link", name="Write the plan").click()
    staff.get_by_role("radio", name=re.compile("^Johnson")).check()
    staff.get_by_role("button", name="Continue").click()
    staff.get_by_label("Date and time").fill(local(held_day, 10))
    staff.get_by_label("Place").fill("The Lindqvist home, 2230 SW Vista Avenue, Portland")
    staff.locator("#id_contingency_plan").fill("The family keeps its boundaries; the bed is held 48 hours.")
    staff.locator("#id_travel_plan").fill("Alice drives him, with his son. Spare key under the blue pot.")
    staff.get_by_label("Travel arranged").check()
    seen(staff, axe=True)
    staff.get_by_role("button", name="Save the plan").click()
    staff.get_by_text("The plan was saved.").wait_for()
    staff.get_by_label("Person").select_option(f"family:{member.pk}")
    staff.get_by_role("button", name="Add participant").click()
    staff.get_by_text("Ingrid Lindqvist joined the plan").wait_for()
    readiness = staff.get_by_role("region", name="Readiness for the day")
    assert readiness.get_by_text("Missing").count() == 0
    assert staff.get_by_text(re.compile(r"10:00 AM P[SD]T")).first.is_visible()
    seen(staff, axe=True)

    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download .ics").click()
    ics = open(download.value.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert "TZID:America/Los_Angeles" in ics
    assert f"DTSTART;TZID=America/Los_Angeles:{held_day:%Y%m%d}T100000" in ics
    assert f"DTEND;TZID=America/Los_Angeles:{held_day:%Y%m%d}T113000" in ics  # 90 minutes
    assert "BEGIN:VTIMEZONE" in ics and "Walter" not in ics  # a calendar server never learns who

    staff.goto(case.get_absolute_url())
    staff.get_by_label("Move to").select_option(Stage.SCHEDULED)
    staff.get_by_role("button", name="Move the case").click()
    staff.get_by_text("The case moved to Intervention scheduled.").wait_for()
    seen(staff, axe=True)

    # The outcome, dated when it happened (not when it was typed).
    staff.get_by_role("link", name="Open the plan").click()
    staff.get_by_role("link", name="Record the outcome").click()
    staff.get_by_label("When it took place").fill(local(held_day, 10, 40))
    staff.get_by_label("Accepted treatment now").check()
    staff.get_by_label(re.compile("Ingrid Lindqvist")).check()
    staff.locator("#id_how_it_went").fill("Ingrid read her letter; Walter said yes before his son spoke.")
    seen(staff, axe=True)
    staff.get_by_role("button", name="Record the outcome").click()
    staff.get_by_role("heading", name="Transition to treatment").wait_for()
    seen(staff, axe=True)

    # The what-to-expect sheet names the facility, its address and admissions phone; the travel note stays off.
    staff.get_by_role("link", name='Printable "what to expect" sheet').click()
    staff.get_by_role("heading", name="What to expect, Walter Lindqvist").wait_for()
    sheet = staff.locator("article.what-to-expect")
    assert sheet.get_by_text("Willamette Recovery Lodge").is_visible()
    assert sheet.get_by_text("1200 NW Front Avenue").is_visible()
    assert sheet.get_by_text("503-555-0142").is_visible()
    assert "blue pot" not in sheet.inner_text()
    seen(staff, axe=True)
    staff.go_back()

    # Arrival: admitted yesterday at 18:30 Pacific (already the next day in UTC), entered, not the click.
    staff.get_by_label("Admitted at").fill(local(admitted_day, 18, 30))
    staff.get_by_role("button", name="The facility confirmed arrival").click()
    staff.get_by_text("Walter Lindqvist is in treatment.").wait_for()
    timeline = staff.locator("ol.timeline > li")
    admitted = timeline.filter(has=staff.get_by_text("Moved to In treatment", exact=True))
    assert admitted.locator("time").inner_text() == f"{admitted_day:%Y-%m-%d} 18:30"
    held = timeline.filter(has=staff.get_by_text("Moved to Intervention held", exact=True))
    assert held.locator("time").inner_text() == f"{held_day:%Y-%m-%d} 10:40"
    seen(staff, axe=True)

    # The wife's portal: the facility panel under the consent, and the welcome for treatment.
    wife.goto(member.get_portal_url())
    panel = wife.locator("#portal-facility")
    panel.get_by_role("heading", name="Facility and admission").wait_for()
    assert panel.get_by_text("Willamette Recovery Lodge").is_visible()
    assert panel.get_by_text("503-555-0142").is_visible()
    assert panel.get_by_text(f"Admitted on {admitted_day:%B} {admitted_day.day}, {admitted_day.year}").is_visible()
    assert wife.get_by_text("Walter is in treatment now.").is_visible()
    stage = wife.locator("#portal-stage")
    assert f"In treatment (since {admitted_day:%B} {admitted_day.day})" in stage.inner_text()  # entered, not clicked
    seen(wife, axe=True)

    # What she saw is in the accounting of disclosures.
    staff.goto(case.get_absolute_url())
    staff.get_by_role("link", name="Accounting of disclosures").click()
    staff.get_by_role("heading", name="Accounting of disclosures").wait_for()
    disclosed = staff.get_by_role("row", name=re.compile("Ingrid Lindqvist"))
    assert disclosed.get_by_text("Stage and status, Facility and admission (family portal page)").is_visible()
    seen(staff, axe=True)
    staff.go_back()

    # Follow-ups count from the admission entered: the first one 7 days after it, at the practice's hour.
    first_due = admitted_day + dt.timedelta(days=7)
    staff.get_by_role("link", name="Follow-ups, plan and outcomes").click()
    staff.get_by_role("heading", name="Aftercare: Walter Lindqvist").wait_for()
    first = staff.get_by_role("row", name=re.compile("7-day with the person"))
    assert first.get_by_text(f"{first_due:%a %Y-%m-%d} 09:00").is_visible()
    seen(staff, axe=True)

    # Discharged this morning (a short stay): the case moves to aftercare with that date.
    discharged = dt.datetime.now(PACIFIC) - dt.timedelta(hours=1)
    staff.goto(case.get_absolute_url())
    staff.get_by_label("Move to").select_option(Stage.AFTERCARE)
    staff.get_by_label("When it happened").fill(local(discharged.date(), discharged.hour, discharged.minute))
    staff.get_by_label("Why (kept in the timeline)").fill("Completed the detox and stabilisation stay")
    staff.get_by_role("button", name="Move the case").click()
    staff.get_by_text("The case moved to Aftercare.").wait_for()
    seen(staff, axe=True)
    wife.goto(member.get_portal_url())
    wife.get_by_text("Walter has moved from treatment into aftercare").wait_for()
    seen(wife)
    scheduled = case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).count()
    assert scheduled

    # Closing asks first and lists what it cancels.
    staff.get_by_label("Move to").select_option(Stage.CLOSED)
    staff.get_by_label("Why (kept in the timeline)").fill("The family moved to Sweden")
    staff.get_by_role("button", name="Move the case").click()
    staff.get_by_role("heading", name="Close the case of Walter Lindqvist?").wait_for()
    cancels = staff.get_by_text(f"{scheduled} scheduled follow-ups will be cancelled")
    assert f"7-day with the person (after admission), due {first_due:%Y-%m-%d}" in cancels.inner_text()
    seen(staff, axe=True)
    assert Case.objects.get(pk=case.pk).stage == Stage.AFTERCARE  # nothing happened yet
    staff.get_by_role("button", name="Close the case").click()
    staff.get_by_text("The case was closed.").wait_for()
    assert staff.get_by_role("link", name="Edit intake").count() == 0
    assert staff.get_by_role("link", name="New assessment").count() == 0
    assert staff.get_by_role("button", name="Add note").count() == 0
    seen(staff, axe=True)

    wife.goto(member.get_portal_url())
    wife.get_by_text("has closed this case").wait_for()
    seen(wife)

    # The owner reopens it with a reason: the timeline says so and the future follow-ups are back.
    owner.goto(case.get_absolute_url())
    owner.get_by_role("link", name="Reopen the case").click()
    owner.get_by_label("Why the case is reopened (kept in the timeline)").fill("Walter called: he stays in Portland")
    seen(owner, axe=True)
    owner.get_by_role("button", name="Reopen the case").click()
    owner.get_by_text("The case was reopened at Aftercare.").wait_for()
    assert owner.get_by_text("Reopened at Aftercare", exact=True).is_visible()
    seen(owner, axe=True)
    owner.get_by_role("link", name="Follow-ups, plan and outcomes").click()
    owner.get_by_role("heading", name="Aftercare: Walter Lindqvist").wait_for()
    assert (
        owner.get_by_role("row", name=re.compile("7-day with the person"))
        .get_by_text(f"{first_due:%a %Y-%m-%d} 09:00")
        .is_visible()
    )
    seen(owner, axe=True)

    for page in (owner, staff, wife):
        page.context.close()
    assert case.referrals.get(facility=lodge).status == "admitted"
