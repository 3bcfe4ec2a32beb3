"""Each intervention model as its own workflow (issue 17): the checks that apply before its event, its outcomes and
the stages they lead to, ARISE's levels, CRAFT's invitations, the Invitational family meeting without the person,
switching model."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import DomainError
from interventions import readiness
from interventions.exceptions import TransitionBlocked
from interventions.models import (
    AriseLevelChange,
    Case,
    InterventionModel,
    InterventionPlan,
    PlanSession,
    Stage,
    StageChange,
    TreatmentInvitation,
)
from interventions.queries import outcomes_by_arise_level
from interventions.services import plan as plan_services
from interventions.workflows import WORKFLOWS, workflow_for
from tests.factories import CaseFactory, InterventionPlanFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def at_stage(case: Case, stage: str) -> Case:
    Case.objects.filter(pk=case.pk).update(stage=stage)
    case.refresh_from_db()
    return case


def keys(case: Case) -> set[str]:
    """The labels of the checks shown before the model's event."""
    return {result.label for result, _ in readiness.checks_for(case, Stage.SCHEDULED, leaving=Stage.PLANNING)}


def stages(case: Case) -> list[str]:
    return list(StageChange.objects.filter(case=case).order_by("pk").values_list("to_stage", flat=True))


def test_every_model_has_its_workflow():
    assert set(WORKFLOWS) == set(InterventionModel.values)


LETTERS = "Every speaker's impact letter is approved"
TRAVEL = "Travel to the facility arranged"
ADMISSION = "Admission time confirmed with the facility"
VIOLENCE = "Violence-risk check before inviting the person"
INVITED = "The person invited: by whom, how and when"


@pytest.mark.parametrize(
    ("model", "level", "applies", "never"),
    [
        ("johnson", None, {LETTERS, TRAVEL, ADMISSION}, {VIOLENCE, INVITED}),
        ("invitational", None, {LETTERS, TRAVEL, ADMISSION, INVITED}, {VIOLENCE}),
        ("arise", 1, set(), {LETTERS, TRAVEL, ADMISSION, VIOLENCE}),
        ("arise", 3, {LETTERS, TRAVEL, ADMISSION}, {VIOLENCE}),
        ("craft", None, {VIOLENCE}, {LETTERS, TRAVEL, ADMISSION, INVITED}),
    ],
)
def test_the_checks_before_the_event_are_the_models(case, model, level, applies, never):
    InterventionPlanFactory(case=case, model=model, arise_level=level)
    shown = keys(case)
    assert applies <= shown
    assert not (never & shown)


def test_a_craft_plan_is_never_blocked_on_letters_travel_or_admission_only_on_its_own_checks(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = InterventionPlanFactory(case=case, model="craft")
    member = ParticipantFactory(plan=plan, role="support", boundary="", speaking_order=None)
    with pytest.raises(DomainError, match="violence-risk check before any invitation"):
        plan_services.invitation_record(plan=plan, by=alice, made_at=timezone.now(), answer="accepted_now")
    assert not TreatmentInvitation.objects.exists()
    plan.violence_risk_checked_on = timezone.localdate()
    plan.save()
    plan_services.invitation_record(plan=plan, by=alice, made_at=timezone.now() - HOUR, answer="accepted_now",
                                    made_by=member)  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.HELD  # through scheduled, with no letter, travel or admission time
    assert stages(case)[-2:] == [Stage.SCHEDULED, Stage.HELD]
    assert plan.event.outcome == "accepted_now"
    assert hasattr(plan, "transition")


def test_a_craft_invitation_not_accepted_leaves_the_sessions_going_on(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = InterventionPlanFactory(case=case, model="craft", violence_risk_checked_on=timezone.localdate())
    for answer in ("not_now", "declined"):
        plan_services.invitation_record(plan=plan, by=alice, made_at=timezone.now() - HOUR, answer=answer)
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING
    assert not hasattr(plan, "event")
    assert list(plan.invitations.values_list("answer", flat=True)) == ["not_now", "declined"]


def test_a_craft_programme_that_ends_without_treatment_leaves_the_case_in_planning(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = InterventionPlanFactory(case=case, model="craft", violence_risk_checked_on=timezone.localdate())
    plan_services.event_record(plan=plan, by=alice, outcome="ended", held_at=timezone.now() - HOUR)
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING
    assert workflow_for(plan).outcome_label(plan, plan.event.outcome).startswith("The programme ended")


@pytest.mark.parametrize(
    ("model", "outcome"),
    [("craft", "refused"), ("craft", "family_met"), ("johnson", "family_met"), ("johnson", "ended"),
     ("invitational", "ended")],
)  # fmt: skip
def test_an_outcome_of_another_model_is_refused(case, alice, model, outcome):
    case = at_stage(case, Stage.SCHEDULED)
    plan = InterventionPlanFactory(case=case, model=model)
    with pytest.raises(DomainError, match="is not an outcome of"):
        plan_services.event_record(plan=plan, by=alice, outcome=outcome, held_at=timezone.now() - HOUR)


@pytest.mark.parametrize(
    ("outcome", "stage", "steps"),
    [
        ("accepted_now", Stage.HELD, [Stage.HELD]),
        ("refused", Stage.PLANNING, [Stage.HELD, Stage.DECLINED, Stage.PLANNING]),
        ("postponed", Stage.POSTPONED, [Stage.POSTPONED]),
        ("family_met", Stage.PLANNING, [Stage.PLANNING]),
    ],
)
def test_each_invitational_outcome_leads_to_its_stage(case, alice, outcome, stage, steps):
    case = at_stage(case, Stage.SCHEDULED)
    plan = InterventionPlanFactory(case=case, model="invitational")
    extra = {"next_meeting_at": timezone.now() + dt.timedelta(days=7)} if outcome == "family_met" else {}
    plan_services.event_record(plan=plan, by=alice, outcome=outcome, held_at=timezone.now() - HOUR, **extra)
    case.refresh_from_db()
    assert case.stage == stage
    assert stages(case)[-len(steps) :] == steps


def test_the_family_met_without_the_person_keeps_planning_and_records_a_session(case, alice):
    case = at_stage(case, Stage.SCHEDULED)
    plan = InterventionPlanFactory(case=case, model="invitational")
    mother = ParticipantFactory(plan=plan, name="Ruth Okafor")
    held = timezone.now() - HOUR
    following = (timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    with pytest.raises(DomainError, match="next family meeting"):
        plan_services.event_record(plan=plan, by=alice, outcome="family_met", held_at=held)
    session = plan_services.event_record(
        plan=plan, by=alice, outcome="family_met", held_at=held, attendees=[mother], how_it_went="He did not come.",
        next_meeting_at=following,
    )  # fmt: skip
    case.refresh_from_db()
    plan.refresh_from_db()
    assert case.stage == Stage.PLANNING
    assert isinstance(session, PlanSession)
    assert (session.kind, session.held, session.person_invited, session.person_attended) == (
        "family", True, True, False,
    )  # fmt: skip
    assert list(session.attended.all()) == [mother]
    assert not hasattr(plan, "event")  # the plan goes on: its outcome is still to come
    assert plan.scheduled_for == following
    assert "The family met without the person" in StageChange.objects.filter(case=case).last().note


def test_arise_escalation_keeps_a_dated_history_with_reasons_and_refuses_a_skip_without_one(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = plan_services.plan_save(
        case=case, by=alice, fields={"model": "arise", "first_call_on": dt.date(2026, 11, 2)}
    )
    assert plan.arise_level == 1
    [first] = plan.level_changes.all()
    assert (first.level, first.on) == (1, dt.date(2026, 11, 2))
    with pytest.raises(DomainError, match="skips a level"):
        plan_services.arise_escalate(plan=plan, by=alice, level=3, on=dt.date(2026, 11, 20), reason="No change.")
    with pytest.raises(DomainError, match="why"):
        plan_services.arise_escalate(plan=plan, by=alice, level=2, on=dt.date(2026, 11, 20), reason=" ")
    with pytest.raises(DomainError, match="cannot begin before"):
        plan_services.arise_escalate(plan=plan, by=alice, level=2, on=dt.date(2026, 11, 1), reason="Too early.")
    plan_services.arise_escalate(
        plan=plan, by=alice, level=2, on=dt.date(2026, 11, 20), reason="He did not come to the first meeting."
    )
    plan_services.arise_escalate(
        plan=plan, by=alice, level=3, on=dt.date(2026, 11, 28), reason="Two more meetings without him."
    )
    with pytest.raises(DomainError, match="level 3"):
        plan_services.arise_escalate(plan=plan, by=alice, level=3, on=dt.date(2026, 11, 29), reason="Again.")
    plan.refresh_from_db()
    assert plan.arise_level == 3
    history = list(plan.level_changes.values_list("level", "on", "reason"))
    assert history == [
        (1, dt.date(2026, 11, 2), "The first call."),
        (2, dt.date(2026, 11, 20), "He did not come to the first meeting."),
        (3, dt.date(2026, 11, 28), "Two more meetings without him."),
    ]


def test_an_arise_skip_is_allowed_with_its_reason(case, alice):
    plan = plan_services.plan_save(case=at_stage(case, Stage.PLANNING), by=alice,
                                   fields={"model": "arise", "first_call_on": dt.date(2026, 11, 2)})  # fmt: skip
    change = plan_services.arise_escalate(
        plan=plan, by=alice, level=3, on=dt.date(2026, 11, 3), reason="Overdose last night.",
        skip_reason="Immediate danger: no time for more network meetings.",
    )  # fmt: skip
    assert change.skip_reason.startswith("Immediate danger")


def test_arise_agreed_at_level_two_comes_at_a_meeting_and_is_counted_by_level(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = plan_services.plan_save(
        case=case, by=alice, fields={"model": "arise", "first_call_on": dt.date(2026, 11, 2)}
    )
    ParticipantFactory(plan=plan, role="support", name="Ruth Okafor")
    one = plan_services.session_add(plan=plan, by=alice, starts_at=timezone.now() - dt.timedelta(days=9),
                                    held=True, person_invited=True, person_attended=False)  # fmt: skip
    plan_services.arise_escalate(plan=plan, by=alice, level=2, on=timezone.localdate() - dt.timedelta(days=8),
                                 reason="He did not come.")  # fmt: skip
    plan.refresh_from_db()
    two = plan_services.session_add(plan=plan, by=alice, starts_at=timezone.now() - HOUR, held=True,
                                    person_invited=True, person_attended=True)  # fmt: skip
    assert (one.arise_level, two.arise_level) == (1, 2)
    event = plan_services.event_record(plan=plan, by=alice, outcome="accepted_now", held_at=timezone.now() - HOUR,
                                       session=two)  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.HELD
    assert event.arise_level == 2
    assert workflow_for(plan).outcome_label(plan, event.outcome) == "Agreed to treatment now, at level 2"
    other = CaseFactory(organization=case.organization, lead=alice)
    other_plan = InterventionPlanFactory(case=at_stage(other, Stage.PLANNING), model="arise", arise_level=1)
    with pytest.raises(TransitionBlocked, match="participant"):  # the network comes first
        plan_services.event_record(plan=other_plan, by=alice, outcome="accepted_now", held_at=timezone.now() - HOUR)
    ParticipantFactory(plan=other_plan, role="support")
    other_plan = InterventionPlan.objects.get(pk=other_plan.pk)
    plan_services.event_record(plan=other_plan, by=alice, outcome="accepted_later", held_at=timezone.now() - HOUR,
                               later_date=timezone.localdate())  # fmt: skip
    assert outcomes_by_arise_level(Case.objects.all()) == {1: {"accepted_later": 1}, 2: {"accepted_now": 1}}


def test_arise_at_level_three_is_a_scheduled_formal_meeting(case, alice):
    case = at_stage(case, Stage.PLANNING)
    plan = InterventionPlanFactory(case=case, model="arise", arise_level=3)
    with pytest.raises(DomainError, match="intervention scheduled"):
        plan_services.event_record(plan=plan, by=alice, outcome="accepted_now", held_at=timezone.now() - HOUR)
    assert {c.outcome for c in workflow_for(plan).outcomes_for(plan)} >= {"refused", "postponed"}


def test_switching_model_keeps_the_history_and_starts_a_new_version(case, alice):
    case = at_stage(case, Stage.PLANNING)
    craft = InterventionPlanFactory(case=case, model="craft", violence_risk_checked_on=timezone.localdate())
    ParticipantFactory(plan=craft, name="Ruth Okafor", boundary="", speaking_order=None)
    plan_services.session_add(plan=craft, by=alice, starts_at=timezone.now() - HOUR, held=True, skills_taught="Praise")
    plan_services.invitation_record(plan=craft, by=alice, made_at=timezone.now() - HOUR, answer="not_now")
    with pytest.raises(DomainError, match="reason"):
        plan_services.plan_switch_model(case=case, by=alice, model="johnson", reason="")
    johnson = plan_services.plan_switch_model(
        case=case, by=alice, model="johnson", reason="After four months the family asked for a planned meeting."
    )
    craft.refresh_from_db()
    assert (craft.is_current, johnson.is_current, johnson.version, johnson.model) == (False, True, 2, "johnson")
    assert craft.sessions.count() == 1 and craft.invitations.count() == 1  # the CRAFT history is kept whole
    assert not johnson.sessions.exists()
    assert list(johnson.participants.values_list("name", flat=True)) == ["Ruth Okafor"]
    assert case.notes.filter(text__contains="from CRAFT to Johnson").exists()
    with pytest.raises(DomainError, match="already follows"):
        plan_services.plan_switch_model(case=case, by=alice, model="johnson", reason="Again")


def test_editing_a_plan_cannot_change_its_model_in_place(case, alice):
    plan = InterventionPlanFactory(case=at_stage(case, Stage.PLANNING), model="craft")
    with pytest.raises(DomainError, match="new plan version"):
        plan_services.plan_save(case=case, by=alice, plan=plan, fields={"model": "johnson"})


def test_the_plan_form_holds_only_the_models_fields(client, case, alice):
    case = at_stage(case, Stage.PLANNING)
    client.force_login(alice)
    url = reverse("interventions:plan-edit", kwargs={"case": case.pk})
    chooser = client.get(url).content.decode()
    assert 'name="model" value="craft"' in chooser and "checked" not in chooser
    craft = client.get(url, {"model": "craft"}).content.decode()
    assert 'name="violence_risk_checked_on"' in craft
    for absent in ("contingency_plan", "travel_plan", "scheduled_for", "invited_by"):
        assert f'name="{absent}"' not in craft
    johnson = client.get(url, {"model": "johnson"}).content.decode()
    assert 'name="contingency_plan"' in johnson and 'name="violence_risk_checked_on"' not in johnson
    response = client.post(f"{url}?model=arise", {"location": "The church hall"})
    assert response.status_code == 200 and "first_call_on" in response.context["form"].errors
    data = {"location": "The church hall", "first_call_on": "2026-11-02", "duration_minutes": 90}
    response = client.post(f"{url}?model=arise", data)
    assert response.status_code == 302, response.context["form"].errors
    assert AriseLevelChange.objects.get(plan__case=case).on == dt.date(2026, 11, 2)


def test_the_craft_plan_page_has_no_boundaries_and_asks_for_the_violence_check_first(client, case, alice):
    plan = InterventionPlanFactory(case=at_stage(case, Stage.PLANNING), model="craft")
    ParticipantFactory(plan=plan, name="Ruth Okafor", boundary="", speaking_order=None)
    client.force_login(alice)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert "If treatment is refused" not in page
    assert "CRAFT sessions" in page
    assert "before any invitation" in page
    assert reverse("interventions:invitation-add", kwargs={"case": case.pk}) not in page


def test_an_earlier_plan_stays_readable_after_a_switch(client, case, alice, mallory):
    case = at_stage(case, Stage.PLANNING)
    craft = InterventionPlanFactory(case=case, model="craft", violence_risk_checked_on=timezone.localdate())
    plan_services.session_add(plan=craft, by=alice, starts_at=timezone.now() - HOUR, held=True,
                              skills_taught="Rewarding sober time")  # fmt: skip
    plan_services.plan_switch_model(case=case, by=alice, model="johnson", reason="The family asked for a meeting.")
    client.force_login(alice)
    current = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    old_url = reverse("interventions:plan-version", kwargs={"case": case.pk, "version": 1})
    assert old_url in current and "Johnson, version 2" in current
    page = client.get(old_url).content.decode()
    assert "CRAFT, version 1" in page and "Rewarding sober time" in page and "An earlier version" in page
    assert "Edit the plan" not in page and "Schedule a session" not in page
    current_url = reverse("interventions:plan-version", kwargs={"case": case.pk, "version": 2})
    assert client.get(current_url).status_code == 302
    client.force_login(mallory)
    assert client.get(old_url).status_code == 404


@pytest.mark.parametrize(("level", "shown"), [(1, False), (2, False), (3, True)])
def test_arise_boundaries_belong_to_the_formal_meeting_only(client, case, alice, level, shown):
    plan = InterventionPlanFactory(case=at_stage(case, Stage.PLANNING), model="arise", arise_level=level)
    ParticipantFactory(plan=plan, name="Ruth Okafor")
    client.force_login(alice)
    page = client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).content.decode()
    assert ("If treatment is refused" in page) is shown
    assert ("Readiness for the day" in page) is shown
