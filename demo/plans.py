"""Demo intervention plans for the cases at or past planning, with participants from the case's people; each plan
follows its model's workflow (interventions/workflows/) and is written through the services where the story allows.

Runs after the families seed so participants can be drawn from each case's family members. The stage changes are
the case's story (demo.cases): an outcome already behind the case is written as the event it was, without moving the
case again; what happens while the case is in planning (sessions, an ARISE escalation, a CRAFT "not now", an
Invitational family meeting without the person) goes through the services. Idempotent: a case that has a plan gets
nothing more.

| model | what the demo shows |
| --- | --- |
| Johnson | rehearsals, letters (the families step), each speaker's boundary, the contingency and the logistics |
| Invitational | the invitation (who, how, when, the answer), family meetings with the person's attendance; one case where the family met without the person, back in planning with the next meeting |
| ARISE | the level history from the first call, meetings at each level with attendance; escalations with a reason; one case agreed at level 2 |
| CRAFT | the violence-risk check, weekly sessions (skills, homework, wellbeing, the person's engagement), an invitation "not now", then one accepted; no letters, boundaries, travel or admission time |
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from interventions.extensions import candidates_for
from interventions.models import (
    AriseLevelChange,
    Case,
    InterventionEvent,
    InterventionPlan,
    Participant,
    PlanSession,
    Stage,
    StageChange,
    TransitionChecklist,
    TreatmentInvitation,
)
from interventions.services.plan import (
    OPEN_FOR_PLANNING,
    arise_escalate,
    event_record,
    invitation_record,
    participant_add,
    plan_save,
    session_add,
)
from interventions.workflows import workflow_for

from .context import SeedContext
from .timeline import LATER_ADMISSION, entered, local, spread, story_cases, today_in

WITH_PLAN = [Stage.PLANNING, Stage.SCHEDULED, Stage.HELD, Stage.DECLINED, Stage.POSTPONED, Stage.IN_TREATMENT,
             Stage.AFTERCARE, Stage.DISENGAGED, Stage.CLOSED]  # fmt: skip
MODELS = ["johnson", "invitational", "arise", "craft"]
# CRAFT has no scheduled day, no refusal and no postponement: a case whose story has one follows the Invitational
# model instead (which gives the demo an Invitational case scheduled for its family meeting).
CRAFT_UNFIT = {Stage.SCHEDULED, Stage.POSTPONED, Stage.DECLINED}
OUTCOME_BY_STAGE: dict[str, str] = {
    Stage.HELD: "accepted_later", Stage.DECLINED: "refused", Stage.POSTPONED: "postponed",
    Stage.IN_TREATMENT: "accepted_now", Stage.AFTERCARE: "accepted_now", Stage.DISENGAGED: "accepted_now",
    Stage.CLOSED: "accepted_now",
}  # fmt: skip
BOUNDARY = "I will not pay your rent or bail if you say no."
SKILLS = [
    ("Understanding the pattern: triggers and consequences of use", "Note three times this week when use happened."),
    ("Positive communication: I-statements, understanding, offering help", "Practise one I-statement a day."),
    ("Rewarding sober behaviour", "Plan one activity together for a sober evening."),
    ("Allowing natural consequences", "Do not cover for a missed shift; write down how it felt."),
    ("Looking after yourself", "Take one evening for yourself."),
    ("Inviting to treatment at a good moment", "Choose a calm moment and prepare the words."),
]
ENGAGEMENT = ["Drinking most evenings; avoids talking about it.", "Two sober days; came to dinner.",
              "Asked what the sessions are about.", "Said they are tired of feeling like this."]  # fmt: skip


def model_for(case: Case) -> str | None:
    """The intervention model the demo gives a case that has (or will have) a plan; None for an earlier case."""
    if case.stage not in WITH_PLAN:
        return None
    model = MODELS[case.pk % len(MODELS)]
    if model == "craft" and case.stage in CRAFT_UNFIT:
        return "invitational"
    return model


def run(ctx: SeedContext) -> None:
    cases = story_cases(
        Case.objects.filter(organization__name="Harbor Intervention Group", stage__in=WITH_PLAN, plans__isnull=True)
    )
    arise_agreed_at_2 = False
    family_met = False
    for case in cases.select_related("lead", "organization").order_by("pk"):
        model = model_for(case) or "johnson"  # every case here has a model: it is at planning or later
        activity = case.last_activity_at
        story = entered(case)
        zone = case.organization.zone
        upcoming = case.stage in (Stage.PLANNING, Stage.SCHEDULED)
        if upcoming:
            when = local(today_in(zone) + dt.timedelta(days=5 + case.pk % 9), dt.time(10, 0), zone)
        elif Stage.HELD in story:
            when = story[Stage.HELD]  # the intervention was held as planned
        else:
            when = story[Stage.POSTPONED] + dt.timedelta(hours=1)  # called off that morning
        seed = PlanSeed(case=case, model=model, story=story, when=when, upcoming=upcoming)
        if model == "arise":
            seed.arise_level_2 = not arise_agreed_at_2 and OUTCOME_BY_STAGE.get(case.stage, "").startswith("accepted")
            arise_agreed_at_2 = arise_agreed_at_2 or seed.arise_level_2
        if model == "invitational" and case.stage == Stage.SCHEDULED and not family_met:
            seed.family_met = family_met = True
        ctx.created += seed.run()
        if not seed.family_met:
            Case.objects.filter(pk=case.pk).update(last_activity_at=activity)  # the services' touch is not news


class PlanSeed:
    """One case's plan, its participants, its sessions and its outcome, in its model's way."""

    def __init__(self, *, case: Case, model: str, story: dict[str, dt.datetime], when: dt.datetime, upcoming: bool):
        self.case, self.model, self.story, self.when, self.upcoming = case, model, story, when, upcoming
        self.zone = case.organization.zone
        self.lead = case.lead
        self.workflow = workflow_for(model)
        self.arise_level_2 = False
        self.family_met = False
        self.created = 0
        # The planning weeks: from the day after planning began to the day before the event (or today, upcoming).
        self.start = story[Stage.PLANNING] + dt.timedelta(days=1)
        self.end = min(when, timezone.now()) - dt.timedelta(days=1)
        if self.end <= self.start:
            self.end = self.start + dt.timedelta(hours=2)
        self.outcome = OUTCOME_BY_STAGE.get(case.stage)

    def run(self) -> int:
        fields = self._fields()
        if self.case.stage in OPEN_FOR_PLANNING:
            self.plan = plan_save(case=self.case, by=self.lead, fields=fields)
        else:  # written back when the case was in planning: as plan_save wrote it then
            self.plan = InterventionPlan.objects.create(case=self.case, created_by=self.lead, **fields)
            if self.model == "arise":
                self.plan.arise_level = 1
                self.plan.save(update_fields=["arise_level"])
                AriseLevelChange.objects.create(
                    plan=self.plan, level=1, on=fields["first_call_on"], reason="The first call.", by=self.lead
                )
        self.created += 1
        self._participants()
        getattr(self, f"_{self.model}")()
        return self.created

    # The plan and its people.
    def _fields(self) -> dict[str, Any]:
        invited_on = timezone.localtime(self.start, self.zone).date()
        fields: dict[str, Any] = {
            "scheduled_for": self.when,
            "location": f"The family home, {self.case.postal_code}",
            "location_notes": "Park on the street; the side door is open.",
            "contingency_plan": "If the answer is no, the family follows through on what they said and keeps the "
            "bed for 48 hours.",
            "travel_plan": "The interventionist drives, with the brother.",
            "travel_arranged": self.case.stage != Stage.PLANNING,
            "escort": "Interventionist and brother",
            "packing_list": "A week of clothes, ID, insurance card, medications in original bottles.",
            "invited_by": "The sister",
            "invitation_method": "in_person",
            "invitation_sent_on": invited_on,
            "invitation_answer": "unsure" if self.upcoming else "coming",
            "invitation_wording": "We love you and we are meeting as a family about the drinking. We would like "
            "you to be there; we are meeting either way.",
            "first_call_on": invited_on,
            "violence_risk_checked_on": invited_on,
            "violence_risk_notes": "No threats or violence at home; the family knows to leave and call if it changes.",
        }
        if self.model == "arise" and not self._arise_formal():
            fields.pop("scheduled_for")
        allowed = set(self.workflow.plan_fields)
        return {"model": self.model, **{name: value for name, value in fields.items() if name in allowed}}

    def _participants(self) -> None:
        for order, candidate in enumerate(candidates_for(self.case)[:4], start=1):
            role = candidate.suggested_role or ("speaker" if order < 4 else "support")  # the member's own role
            participant = participant_add(plan=self.plan, source_key=candidate.key, role=role, by=self.lead)
            boundaries = self.workflow.uses_boundaries and (self.model != "arise" or self._arise_formal())
            if boundaries and role == "speaker":
                Participant.objects.filter(pk=participant.pk).update(boundary=BOUNDARY)
            self.created += 1
        self.participants = list(self.plan.participants.all())

    def _session(self, at: dt.datetime, **fields: Any) -> PlanSession:
        session = session_add(
            plan=self.plan, by=self.lead, starts_at=at, location="Our office", held=at < timezone.now(), **fields
        )
        if session.held:
            session.attended.set(self.participants)
        self.created += 1
        return session

    def _event(self, outcome: str, *, session: PlanSession | None = None) -> None:
        """The outcome already in the case's story: the event as it was recorded, and the transition after an
        acceptance (arrival is the admitted referral's admission, kept once, on the referral)."""
        when = self.when
        InterventionEvent.objects.create(
            plan=self.plan,
            held_at=when,
            outcome=outcome,
            recorded_by=self.lead,
            how_it_went=HOW_IT_WENT[self.model],
            later_date=(when + LATER_ADMISSION).date() if outcome == "accepted_later" else None,
            arise_level=self.plan.arise_level if self.model == "arise" else None,
            session=session,
        )
        self.created += 1
        if not outcome.startswith("accepted"):
            return
        admitted = self.case.referrals.filter(status="admitted").exclude(admission_at=None).first()
        arrived = (
            None
            if self.case.stage == Stage.HELD
            else admitted.admission_at
            if admitted
            else when + dt.timedelta(hours=6)
        )
        TransitionChecklist.objects.create(
            plan=self.plan,
            transport_confirmed=True,
            facility_contacted=True,
            documents_ready=True,
            medications_ready=True,
            arrived_at=arrived,
            arrival_confirmed_by=self.lead if arrived else None,
        )

    def _times(self, count: int, end: dt.datetime | None = None) -> list[dt.datetime]:
        return spread(self.start, end or self.end, count, self.zone)

    # Johnson: two rehearsals before the day.
    def _johnson(self) -> None:
        for at in (self.when - dt.timedelta(days=4), self.when - dt.timedelta(days=2)):
            self._session(at, kind="rehearsal", notes="Letters read aloud in order; boundaries agreed.")
        if self.outcome:
            self._event(self.outcome)

    # Invitational: family meetings, the person invited to each.
    def _invitational(self) -> None:
        if self.family_met:
            return self._family_met()
        first, second = self._times(2)
        self._session(first, kind="family", person_invited=True, person_attended=False,
                      notes="The family met; the person said they were busy.")  # fmt: skip
        self._session(second, kind="rehearsal", notes="What each of us will say, without accusing.")
        if self.outcome == "postponed":
            self._event(self.outcome)
            return
        meeting = self._session(self.when, kind="family", person_invited=True,
                                person_attended=self.outcome is not None, notes="The meeting about the drinking.")  # fmt: skip
        if self.outcome:
            self._event(self.outcome, session=meeting)

    def _family_met(self) -> None:
        """The meeting was held without the person (recorded through event_record): the case goes back to planning
        with the next family meeting; the recorded moments are put at the meeting, as the story has it."""
        scheduled = self.story[Stage.SCHEDULED]
        held_at = spread(scheduled + dt.timedelta(hours=2), timezone.now() - dt.timedelta(hours=1), 1, self.zone)[0]
        (first,) = self._times(1, end=scheduled - dt.timedelta(hours=1))
        self._session(first, kind="rehearsal", notes="What each of us will say, without accusing.")
        event_record(
            plan=self.plan,
            by=self.lead,
            outcome=InterventionEvent.Outcome.FAMILY_MET,
            held_at=held_at,
            attendees=self.participants,
            how_it_went="The person did not come; the family talked about what they can change themselves.",
            next_meeting_at=self.when,
        )
        self.created += 1
        StageChange.objects.filter(case=self.case, from_stage=Stage.SCHEDULED, to_stage=Stage.PLANNING).update(
            at=held_at
        )
        Case.objects.filter(pk=self.case.pk).update(stage_changed_at=held_at, last_activity_at=held_at)

    # ARISE: level 1 from the first call; up a level, with a reason, when a level has not led to treatment.
    def _arise_formal(self) -> bool:
        return self.case.stage in (Stage.SCHEDULED, Stage.DECLINED, Stage.POSTPONED)

    def _arise(self) -> None:
        formal = self._arise_formal()
        top = 3 if formal else 2 if (self.arise_level_2 or self.case.stage == Stage.PLANNING) else 1
        times = self._times(4)
        self._session(times[0], person_invited=True, person_attended=False,
                                  notes="The network met; the person was invited by their sister and did not come.")  # fmt: skip
        if top >= 2:
            self._escalate(2, times[1], "The level 1 meeting did not lead to treatment: the person did not come.")
            self._session(times[2], person_invited=True, person_attended=True,
                          notes="The person came for half an hour and listened.")  # fmt: skip
        if top >= 3:
            self._escalate(3, times[3], "Three network meetings at level 2; the person came once and said no.")
            if self.outcome:
                self._event(self.outcome)  # at the formal meeting, the day set in the plan
            return
        last = self._session(self.when, person_invited=True, person_attended=self.outcome is not None,
                             notes="The network met; the person came." if self.outcome else "")  # fmt: skip
        if self.outcome:
            self._event(self.outcome, session=last)

    def _escalate(self, level: int, at: dt.datetime, reason: str) -> None:
        on = timezone.localtime(at, self.zone).date()
        arise_escalate(plan=self.plan, by=self.lead, level=level, on=on, reason=reason)
        self.plan.refresh_from_db()
        self.created += 1

    # CRAFT: weekly sessions, the violence-risk check first, invitations to treatment.
    def _craft(self) -> None:
        weeks = max(3, min(len(SKILLS), ((self.end - self.start).days // 7) + 1))
        sessions = []
        for week, at in enumerate(self._times(weeks)):
            skill, homework = SKILLS[week % len(SKILLS)]
            sessions.append(
                self._session(
                    at,
                    kind="craft",
                    skills_taught=skill,
                    homework=homework,
                    family_wellbeing=min(10, 4 + week),
                    person_engagement=ENGAGEMENT[week % len(ENGAGEMENT)],
                )  # fmt: skip
            )
        made_by = self.participants[0] if self.participants else None
        not_now_at = sessions[len(sessions) // 2].starts_at + dt.timedelta(hours=3)
        if not_now_at < timezone.now():
            invitation_record(plan=self.plan, by=self.lead, made_at=not_now_at, answer="not_now", made_by=made_by,
                              session=sessions[len(sessions) // 2],
                              notes="He said he would think about it after the holidays.")  # fmt: skip
            self.created += 1
        if self.outcome and self.outcome.startswith("accepted"):
            TreatmentInvitation.objects.create(
                plan=self.plan, made_at=self.when, made_by=made_by, session=sessions[-1], answer=self.outcome,
                later_date=(self.when + LATER_ADMISSION).date() if self.outcome == "accepted_later" else None,
                notes="After a calm dinner; he asked what the programme was like.", recorded_by=self.lead,
            )  # fmt: skip
            self.created += 1
            self._event(self.outcome, session=sessions[-1])


HOW_IT_WENT = {
    "johnson": "Everyone read their letter.",
    "invitational": "The family spoke in turn; nothing had been kept from the person.",
    "arise": "The network met and the person was there.",
    "craft": "The person accepted an invitation to treatment made at a good moment.",
}
