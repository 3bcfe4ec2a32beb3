"""Every seeded plan follows its model's workflow (interventions/workflows/): the readiness shown before its event is
its model's, CRAFT has no letters, boundaries or confrontation, and each model's own path is there to see."""

from __future__ import annotations

from django.utils import timezone

from demo.timeline import PAST_DOMAIN
from families.models import ImpactLetter
from interventions import readiness
from interventions.extensions import readiness_checks
from interventions.models import InterventionPlan, Participant, PlanSession, Stage, TreatmentInvitation
from interventions.workflows import workflow_for


def current_plans():
    return InterventionPlan.objects.filter(is_current=True).select_related("case__organization").order_by("case")


def test_the_readiness_shown_before_the_event_is_only_the_models_own(seeded):
    plans = list(current_plans())
    assert {plan.model for plan in plans} == {"johnson", "invitational", "arise", "craft"}
    for plan in plans:
        case = plan.case
        keys = workflow_for(plan).checks_for(plan)
        labels = set()
        for entry in readiness_checks:
            if entry.leaving == Stage.PLANNING and entry.to in (None, Stage.SCHEDULED):
                result = entry.check(case)
                if result is not None and entry.key in keys:
                    labels.add(result.label)
        shown = {result.label for result, _ in readiness.checks_for(case, Stage.SCHEDULED, leaving=Stage.PLANNING)}
        assert shown == labels, (case, plan.model)
        if plan.model == "craft":
            assert not {k for k in keys if k in ("families.letters", "plan.travel", "plan.admission_time")}
            assert not [label for label in shown if "letter" in label.lower() or "travel" in label.lower()], case


def test_no_craft_participant_has_a_boundary_and_no_craft_member_a_letter(seeded):
    craft = current_plans().filter(model="craft")
    assert craft.exists()
    assert not Participant.objects.filter(plan__in=craft).exclude(boundary="").exists()
    assert not ImpactLetter.objects.filter(member__case__plans__in=craft).exists()
    assert not Participant.objects.filter(plan__model="invitational").exclude(boundary="").exists()


def test_johnson_plans_have_rehearsals_boundaries_and_a_contingency(seeded):
    johnson = current_plans().filter(model="johnson")
    assert johnson.exists()
    for plan in johnson:
        assert plan.sessions.filter(kind=PlanSession.Kind.REHEARSAL).count() == 2, plan.case
        if not plan.case.email.endswith(f"@{PAST_DOMAIN}"):  # the past cases of demo.history have no family recorded
            assert plan.participants.filter(role="speaker").exclude(boundary="").exists(), plan.case
        assert plan.contingency_plan and plan.travel_plan, plan.case


def test_invitational_plans_record_the_invitation_and_one_family_met_without_the_person(seeded):
    invitational = current_plans().filter(model="invitational")
    for plan in invitational:
        assert plan.invited_by and plan.invitation_method and plan.invitation_sent_on and plan.invitation_answer
        meetings = plan.sessions.filter(kind=PlanSession.Kind.FAMILY_MEETING, held=True)
        assert meetings.exists() and not meetings.filter(person_attended=None).exists(), plan.case
    met = [
        plan
        for plan in invitational.filter(case__stage=Stage.PLANNING)
        if plan.case.stage_changes.filter(from_stage=Stage.SCHEDULED, to_stage=Stage.PLANNING).exists()
    ]
    assert len(met) == 1
    plan = met[0]
    assert not hasattr(plan, "event") and plan.scheduled_for > timezone.now()
    change = plan.case.stage_changes.get(from_stage=Stage.SCHEDULED, to_stage=Stage.PLANNING)
    assert change.note.startswith("The family met without the person.") and "Next family meeting" in change.note
    assert plan.sessions.get(starts_at=change.happened_at).person_attended is False


def test_arise_plans_have_a_level_history_from_the_first_call_and_one_agreed_at_level_2(seeded):
    arise = list(current_plans().filter(model="arise"))
    assert arise
    for plan in arise:
        history = list(plan.level_changes.all())
        assert history[0].level == 1 and history[0].on == plan.first_call_on, plan.case
        assert [change.level for change in history] == list(range(1, plan.arise_level + 1)), plan.case
        assert all(change.reason for change in history)
        for session in plan.sessions.filter(held=True):
            assert session.arise_level and session.person_attended is not None, plan.case
    assert {plan.arise_level for plan in arise} >= {2, 3}
    agreed = [plan for plan in arise if hasattr(plan, "event") and plan.event.outcome.startswith("accepted")]
    assert 2 in {plan.event.arise_level for plan in agreed} and 1 in {plan.event.arise_level for plan in agreed}
    assert any(plan.case.stage == Stage.PLANNING and plan.arise_level == 2 for plan in arise)


def test_craft_plans_have_the_violence_check_weekly_sessions_and_invitations(seeded):
    craft = list(current_plans().filter(model="craft"))
    assert craft
    for plan in craft:
        assert plan.violence_risk_checked_on and not plan.scheduled_for and not plan.travel_plan, plan.case
        sessions = plan.sessions.all()
        assert sessions.count() >= 3 and {s.kind for s in sessions} == {PlanSession.Kind.CRAFT_SESSION}
        for session in sessions:
            assert session.skills_taught and session.homework and session.person_engagement, plan.case
            assert 1 <= session.family_wellbeing <= 10, plan.case
        for invitation in plan.invitations.all():
            assert invitation.made_at.date() >= plan.violence_risk_checked_on, plan.case
    answers = set(TreatmentInvitation.objects.filter(plan__in=craft).values_list("answer", flat=True))
    assert {"not_now", "accepted_now"} <= answers
    for plan in craft:
        if hasattr(plan, "event"):
            accepted = plan.invitations.get(answer=plan.event.outcome)
            assert accepted.made_at == plan.event.held_at and plan.case.stage != Stage.PLANNING
