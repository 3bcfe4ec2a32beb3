"""Each intervention model walked in a real browser, from the plan to its outcome: the model's own plan form, a
participant, a session recorded as held, and the model's path (Johnson's day, the Invitational family meeting held
without the person, ARISE's move up a level, CRAFT's invitations to treatment); axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from interventions.models import Stage
from tests.browser.axe import assert_accessible
from tests.browser.helpers import log_in_staff as log_in
from tests.factories import CaseFactory, FamilyMemberFactory, ready_for_scheduling

pytestmark = [pytest.mark.services("browser"), pytest.mark.django_db(transaction=True)]


def moment(days: int) -> str:
    return (timezone.localtime() + dt.timedelta(days=days)).replace(hour=10, minute=0).strftime("%Y-%m-%dT%H:%M")


def day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def write_plan(page, case, model: str) -> None:
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_role("radio", name=re.compile(f"^{model}")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name=re.compile(f"Write the {model} plan")).wait_for()
    assert_accessible(page)


def save_plan(page) -> None:
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("The plan was saved.").wait_for()


def add_participant(page, member) -> None:
    page.get_by_label("Person").select_option(f"family:{member.pk}")
    page.get_by_label("Role").select_option("speaker")
    page.get_by_role("button", name="Add participant").click()
    page.get_by_text(f"{member.name} joined the plan").wait_for()


def held_session(page, member, *, days_ago: int, person_came: bool | None = None, **fill: str) -> None:
    page.get_by_role("link", name="Schedule a session").click()
    assert_accessible(page)
    page.get_by_label("Starts at").fill(moment(-days_ago))
    for name, value in fill.items():
        page.locator(f"#id_{name}").fill(value)
    if person_came is not None:
        page.locator("#id_person_invited_0").check()  # Yes, invited
    page.get_by_label("The session took place").check()
    if person_came is not None:
        page.get_by_label("Yes, they came" if person_came else "No", exact=True).last.check()
    page.get_by_label(member.name).check()
    page.get_by_role("button", name="Save the session").click()
    page.get_by_text("The session was scheduled.").wait_for()


@pytest.fixture
def setup(page, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING, first_name="Sam", last_name="Reyes")
    member = FamilyMemberFactory(case=case, name="Carol Reyes", role="speaker")
    log_in(page, alice)
    return case, member


def test_craft_sessions_a_not_now_then_an_accepted_invitation(page, setup):
    case, member = setup
    write_plan(page, case, "CRAFT")
    assert page.get_by_label("Travel arranged").count() == 0 and page.locator("#id_contingency_plan").count() == 0
    page.locator("#id_violence_risk_checked_on").fill(day(-20))
    page.locator("#id_violence_risk_notes").fill("No violence; the family knows to leave and call.")
    save_plan(page)
    add_participant(page, member)
    held_session(page, member, days_ago=14, skills_taught="Positive communication", homework="One I-statement a day",
                 family_wellbeing="5", person_engagement="Drinking most evenings")  # fmt: skip
    assert page.get_by_text("Positive communication").is_visible()
    assert page.get_by_role("region", name="Before any invitation").is_visible()
    assert page.get_by_text(re.compile("letter", re.I)).count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Record an invitation").click()
    assert_accessible(page)
    page.get_by_label("When it was made").fill(moment(-7))
    page.get_by_label("Not now").check()
    page.get_by_role("button", name=re.compile("Record")).click()
    page.get_by_text("Invitation recorded: not now.").wait_for()

    page.get_by_role("link", name="Record an invitation").click()
    page.get_by_label("When it was made").fill(moment(-1))
    page.get_by_label("Accepted: entering treatment now").check()
    page.get_by_role("button", name=re.compile("Record")).click()
    page.get_by_role("heading", name="Transition to treatment").wait_for()
    case.refresh_from_db()
    assert case.stage == Stage.HELD


def test_arise_level_1_meeting_move_up_to_2_and_agreed_at_level_2(page, setup):
    case, member = setup
    write_plan(page, case, "ARISE")
    page.locator("#id_first_call_on").fill(day(-20))
    page.locator("#id_invited_by").fill("Carol, his sister")
    page.locator("#id_location").fill("The Reyes home")
    save_plan(page)
    levels = page.get_by_role("region", name=re.compile("ARISE levels"))
    assert levels.get_by_text("The first call.").is_visible()
    add_participant(page, member)
    held_session(page, member, days_ago=14, person_came=False)
    assert_accessible(page)

    page.get_by_role("link", name="Move up a level").click()
    assert_accessible(page)
    page.get_by_label("Level 3: the formal intervention").check()
    page.get_by_label("From").fill(day(-10))
    page.get_by_label("Why: what happened at this level").fill("He did not come to the level 1 meeting.")
    page.get_by_role("button", name=re.compile("Move up")).click()
    page.locator(".invalid-feedback, .errorlist").first.wait_for()
    assert page.get_by_text(re.compile("skips a level")).first.is_visible()
    assert_accessible(page)
    page.get_by_label("Level 2: further network meetings").check()
    page.get_by_role("button", name=re.compile("Move up")).click()
    page.get_by_text(re.compile("The plan is at ARISE level 2 from")).wait_for()
    assert levels.get_by_text("He did not come to the level 1 meeting.").is_visible()

    held_session(page, member, days_ago=3, person_came=True)
    page.get_by_role("link", name="Record the outcome").click()
    assert_accessible(page)
    page.get_by_label("When it took place").fill(moment(-3))
    page.get_by_label("Agreed to treatment now, at level 2").check()
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_role("heading", name="Transition to treatment").wait_for()
    case.refresh_from_db()
    assert case.stage == Stage.HELD


def move_to_scheduled(page, case) -> None:
    page.goto(case.get_absolute_url())
    page.get_by_label("Move to").select_option(Stage.SCHEDULED)
    page.get_by_role("button", name="Move the case").click()
    page.get_by_text("The case moved to Intervention scheduled.").wait_for()
    page.get_by_role("link", name="Open the plan").click()


def test_invitational_the_family_meets_without_the_person_then_the_person_comes_and_agrees(page, practice, alice):
    # Johnson's whole day is walked by test_intervention_workflow.py; here the open invitation and its meetings.
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING, first_name="Sam", last_name="Reyes")
    referral, member = ready_for_scheduling(case)
    referral.admission_at = timezone.now() + dt.timedelta(days=10)
    referral.save()
    log_in(page, alice)
    write_plan(page, case, "Invitational")
    assert page.locator("#id_violence_risk_checked_on").count() == 0
    page.get_by_label("Date and time").fill(moment(-2))
    page.get_by_label("Place").fill("The Reyes home")
    page.get_by_label("Who invites the person").fill("Carol, his sister")
    page.get_by_label("How the person is invited").select_option("letter")
    page.get_by_label("Invitation sent on").fill(day(-9))
    page.get_by_label("The person's answer").select_option("unsure")
    page.locator("#id_invitation_wording").fill("Sam, we are meeting on Saturday at home to talk about the drinking.")
    page.locator("#id_contingency_plan").fill("We meet again either way.")
    page.locator("#id_travel_plan").fill("Carol drives.")
    page.get_by_label("Travel arranged").check()
    save_plan(page)
    assert page.get_by_text("Carol, his sister").is_visible()
    assert page.get_by_text("If treatment is refused").count() == 0  # no boundaries in an open invitation
    page.get_by_label("Person").select_option(f"family:{member.pk}")
    page.get_by_role("button", name="Add participant").click()
    page.get_by_text(f"{member.name} joined the plan").wait_for()
    assert page.get_by_role("region", name="Readiness for the day").get_by_text("Missing").count() == 0
    assert_accessible(page)

    move_to_scheduled(page, case)
    page.get_by_role("link", name="Record the outcome").click()
    assert_accessible(page)
    page.get_by_label("When it took place").fill(moment(-2))
    page.get_by_label("The family met without the person").check()
    page.get_by_label(member.name).check()
    page.locator("#id_how_it_went").fill("Sam did not come; the family talked about what they can do.")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_text("This field is required.").or_(page.get_by_text("Give the date and time")).first.wait_for()
    page.get_by_label("The next family meeting").fill(moment(5))
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_text("Outcome recorded: The family met without the person.").wait_for()
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING
    sessions = page.get_by_role("region", name="Family meetings and preparation")
    assert sessions.get_by_text("Without the person").is_visible()
    assert_accessible(page)

    move_to_scheduled(page, case)
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("When it took place").fill(moment(0).replace("T10:00", "T00:05"))
    page.get_by_label("The person came and agreed to treatment now").check()
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_role("heading", name="Transition to treatment").wait_for()
    case.refresh_from_db()
    assert case.stage == Stage.HELD
