"""A year of past cases for the reports and facility scorecards: opened over the 18 months before today (most in
the last 12), across every interventionist, model, referrer and several facilities of the demo directory, each with
one consistent story.

| what | how it varies |
| --- | --- |
| the path | dropped out in planning (no intervention), refused or postponed at the intervention, or accepted (now or on a later date) and admitted |
| the plan | Johnson, Invitational, ARISE (agreed at level 1, 2 or 3, its level history) or CRAFT (weekly sessions, a "not now", then the accepted invitation) |
| the referrals | sent after planning began, answered in hours to days, some declined or waitlisted by a facility, the admitting one admitted at the admission |
| the stay | completed, transferred, administrative or left early, at lengths from days to three months (so 30/60/90-day retention differ) |
| afterwards | readmissions within 90 and within 365 days (a second referral and episode); follow-ups after admission and discharge done (reached, abstinent or not) or missed; the cases past their 365-day call closed, the others in aftercare with their last call overdue |

Written in bulk, as the services would have written them when each thing happened (the episodes and follow-ups as
`aftercare.services` schedules them, the plans as demo/plans.py writes a plan whose outcome is behind it). The cases
are marked by their e-mail domain (`timeline.PAST_DOMAIN`): the earlier steps, which enrich the demo's story cases,
leave them alone. Deterministic (one seeded random per case) and idempotent (a practice that has them gets none).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accounts.models import Membership, Organization, User
from aftercare.models import Episode, FollowUp
from aftercare.services.followups import due_at_for, settings_for
from facilities.models import Facility, PracticeRelationship
from interventions.models import (
    AriseLevelChange,
    Case,
    CaseNote,
    InterventionEvent,
    InterventionPlan,
    PlanSession,
    Referral,
    ReferralContact,
    ReferralStatus,
    ReferralStatusChange,
    Stage,
    StageChange,
    SubstanceUse,
    TransitionChecklist,
    TreatmentInvitation,
)
from interventions.workflows import workflow_for

from .cases import (
    ADMISSION_TIMES,
    CONCERNS,
    FIRST,
    INTERVENTION_TIMES,
    LAST,
    PAYERS,
    POSTPONED_TIMES,
    SUBSTANCE_SETS,
    ZIPS,
)
from .context import SeedContext
from .plans import ENGAGEMENT, HOW_IT_WENT, SKILLS
from .timeline import LATER_ADMISSION, OFFICE_SLOTS, PAST_DOMAIN, local, today_in

S = ReferralStatus
D = Episode.DischargeType
COUNTS = {"Harbor Intervention Group": 96, "Summit Family Recovery": 18}
# Opened between these many days ago: the oldest give the 365-day calls after discharge that fall in the last year.
OPENED_DAYS_AGO = (25, 540)
MODELS = ["johnson", "invitational", "arise", "craft"]
# Who called the practice: the referral source the reports break down by.
REFERRERS = ["Mother", "Father", "Wife", "Husband", "Sister", "Brother", "Daughter", "Son", "Partner", "Friend",
             "Physician", "Therapist", "Employer (EAP)", "Attorney"]  # fmt: skip
# The referral source (Case.referral_source) each referrer stands for; family members are "family".
SOURCE_OF = {"Physician": "physician", "Therapist": "therapist", "Employer (EAP)": "employer", "Attorney": "court"}
# Days in treatment by how the stay ended.
STAY_DAYS: dict[str, tuple[int, int]] = {
    D.COMPLETED: (28, 95), D.TRANSFERRED: (12, 45), D.ADMINISTRATIVE: (5, 30), D.LEFT_EARLY: (2, 40),
}  # fmt: skip
DISCHARGE_MIX = [D.COMPLETED] * 6 + [D.TRANSFERRED, D.ADMINISTRATIVE] + [D.LEFT_EARLY] * 3
CLOSE_NOTES: dict[str, str] = {
    Stage.PLANNING: "The family decided not to go ahead for now.",
    Stage.DECLINED: "Refused treatment; the family keeps its boundaries and will call again.",
    Stage.POSTPONED: "Not rescheduled; the family will call again.",
    Stage.AFTERCARE: "A year of aftercare completed; closing.",
    Stage.DISENGAGED: "Not returning calls after leaving treatment; closing.",
}
NOTE: dict[str, str] = {
    Stage.IN_TREATMENT: "Spoke with the counsellor; settling in.", Stage.AFTERCARE: "Checked in with the family.",
    Stage.DISENGAGED: "Tried to reach them again; left a message with the family.",
    Stage.POSTPONED: "The family is thinking about a new date.", Stage.DECLINED: "The family keeps its boundaries.",
    Stage.HELD: "Admission date confirmed with the facility.", Stage.PLANNING: "Planning call with the family.",
    Stage.SCHEDULED: "Went over the day with the family.",
}  # fmt: skip
USE_DETAILS = ["Drank on two weekends; back at meetings.", "Used once after a fight at home; called the sponsor.",
               "Drinking again most evenings."]  # fmt: skip


def run(ctx: SeedContext) -> None:
    facilities = list(
        Facility.objects.filter(external_id__startswith="demo-va-", is_archived=False).order_by("external_id")
    )
    if not facilities:
        return
    now = timezone.now()
    for organization in Organization.objects.filter(name__in=COUNTS).order_by("name"):
        if organization.cases.filter(email__endswith=f"@{PAST_DOMAIN}").exists():
            continue
        ctx.created += History(organization, facilities, now).run(COUNTS[organization.name])


@dataclass
class Past:
    """One past case as it happened, before anything is written."""

    case: Case
    rng: random.Random
    model: str
    stages: list[tuple[str, dt.datetime, str]] = field(default_factory=list)  # (stage, when, note)
    referrals: list[tuple[Facility, list[tuple[str, dt.datetime]], dt.datetime | None]] = field(default_factory=list)
    episodes: list[tuple[dt.datetime, dt.datetime | None, str]] = field(default_factory=list)
    outcome: str = ""
    held_at: dt.datetime | None = None
    arise_level: int | None = None
    closed_at: dt.datetime | None = None
    profile: int = 0
    waitlisted: tuple[Facility, list[tuple[str, dt.datetime]]] | None = None
    changes: list[StageChange] = field(default_factory=list)
    plan: InterventionPlan | None = None
    first_session: PlanSession | None = None
    last_session: PlanSession | None = None

    def at(self, stage: str) -> dt.datetime:
        return next(moment for name, moment, _ in reversed(self.stages) if name == stage)


class History:
    def __init__(self, organization: Organization, facilities: list[Facility], now: dt.datetime):
        self.organization, self.now, self.zone = organization, now, organization.zone
        self.today = today_in(self.zone, now)
        leads = [m.user for m in organization.memberships.filter(role=Membership.Role.INTERVENTIONIST, is_active=True)]
        self.leads: list[User] = leads or [m.user for m in organization.memberships.filter(is_active=True)]
        # Several facilities, not all: a scorecard with a handful of referrals each.
        self.facilities = facilities[:: max(1, len(facilities) // 8)][:8]
        self.relationships = {
            r.facility_id: r for r in PracticeRelationship.objects.filter(organization=organization)
        }  # fmt: skip
        self.config = settings_for(Case(organization=organization))

    def run(self, count: int) -> int:
        pasts = [self._past(index, count) for index in range(count)]
        Case.objects.bulk_create([p.case for p in pasts])
        written = count + self._substances(pasts) + self._stage_changes(pasts) + self._referrals(pasts)
        written += self._plans(pasts) + self._aftercare(pasts)
        return written

    # The story of one case, in memory.
    def _moment(self, rng: random.Random, day: dt.date, times: list[dt.time] | None = None) -> dt.datetime:
        return local(day, rng.choice(times or OFFICE_SLOTS), self.zone)

    def _past(self, index: int, count: int) -> Past:
        rng = random.Random(f"history-{self.organization.name}-{index}")  # noqa: S311
        low, high = OPENED_DAYS_AGO
        days_ago = high - (high - low) * index // max(1, count - 1) - rng.randint(0, 3)
        opened_day = self.today - dt.timedelta(days=max(low, days_ago))
        lead = self.leads[(index + index // 7) % len(self.leads)]
        profile = rng.randrange(len(CONCERNS))
        born = dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        opened = self._moment(rng, opened_day)
        case = Case(
            organization=self.organization, lead=lead, created_by=lead, created_at=opened,
            first_name=FIRST[(index * 11 + 3) % len(FIRST)], last_name=LAST[(index * 3 + 5) % len(LAST)],
            date_of_birth=born, sex=rng.choice(["male", "female"]), preferred_language="EN",
            phone=f"434-555-{3000 + index:04d}", email=f"past{index}@{PAST_DOMAIN}",
            postal_code=rng.choice(ZIPS), payer=rng.choice(PAYERS),
            referrer_name=f"{rng.choice(FIRST)} {LAST[index % len(LAST)]}",
            referrer_relationship=(referrer := REFERRERS[(index * 5 + rng.randrange(3)) % len(REFERRERS)]),
            referral_source=SOURCE_OF.get(referrer, "family"),
            referrer_phone=f"434-555-{4000 + index:04d}", presenting_concern=CONCERNS[profile],
            prior_treatment_episodes=rng.randint(0, 3), urgency=rng.choice(["routine", "routine", "priority"]),
            overdose_last_90_days=profile == 1,
        )  # fmt: skip
        past = Past(case=case, rng=rng, model=MODELS[(index + rng.randrange(2)) % len(MODELS)], profile=profile)
        self._walk(past, opened)
        return past

    def _walk(self, p: Past, opened: dt.datetime) -> None:
        rng, add = p.rng, p.stages.append
        add((Stage.INTAKE, opened, "Case opened"))
        day = opened.date()
        for stage, (low, high) in ((Stage.ASSESSMENT, (1, 4)), (Stage.PLANNING, (2, 7))):
            day += dt.timedelta(days=rng.randint(low, high))
            add((stage, self._moment(rng, day), ""))
        planning = p.at(Stage.PLANNING)
        fate = rng.random()
        craft = p.model == "craft"
        # Planning takes longer for ARISE's levels and CRAFT's weeks of coaching.
        if p.model == "arise":
            p.arise_level = 3 if fate < 0.3 else rng.choice([1, 2, 2])
        weeks = rng.randint(4, 9) if craft else (p.arise_level or 1) + rng.randint(0, 1)
        intervention_day = planning.date() + dt.timedelta(days=7 * weeks + rng.randint(0, 3))
        # A past case: its meeting is behind it (the newest ones had a short planning).
        intervention_day = max(
            planning.date() + dt.timedelta(days=6), min(intervention_day, self.today - dt.timedelta(days=2))
        )
        if fate < 0.1 or (craft and fate < 0.22):  # no intervention: the family stopped in planning
            p.outcome = "dropped"
            p.held_at = local(intervention_day, dt.time(10, 0), self.zone)
            closing = min(intervention_day + dt.timedelta(days=rng.randint(3, 20)), self.today - dt.timedelta(days=1))
            self._close(p, Stage.PLANNING, closing)
            return
        first = self._referral(p, planning, intervention_day)
        answered = max(at for _, walked, _ in [*p.referrals, (None, first, None)] for _, at in walked)
        answered = max(answered, p.waitlisted[1][-1][1] if p.waitlisted else answered)
        scheduled_day = max(answered.date() + dt.timedelta(days=1), intervention_day - dt.timedelta(days=6))
        add((Stage.SCHEDULED, self._moment(rng, scheduled_day), ""))
        if not craft and fate < 0.24 and p.arise_level in (None, 3):
            if fate < 0.17:  # refused at the meeting
                p.outcome, p.arise_level = "refused", p.arise_level and 3
                held = local(intervention_day, rng.choice(INTERVENTION_TIMES), self.zone)
                add((Stage.HELD, held, ""))
                declined = held.replace(hour=held.hour + 1)
                add((Stage.DECLINED, declined, "Refused treatment at the meeting."))
                self._ended_referral(p, first, declined, [S.ACCEPTED])
                self._close(p, Stage.DECLINED, intervention_day + dt.timedelta(days=rng.randint(5, 30)))
            else:  # called off the morning of the meeting
                p.outcome = "postponed"
                off = local(intervention_day, rng.choice(POSTPONED_TIMES), self.zone)
                add((Stage.POSTPONED, off, "Key family member ill; new date to be set."))
                p.held_at = off + dt.timedelta(hours=1)
                self._ended_referral(p, first, off, [S.ACCEPTED])
                self._close(p, Stage.POSTPONED, intervention_day + dt.timedelta(days=rng.randint(7, 30)))
            return
        later = rng.random() < 0.3
        p.outcome = "accepted_later" if later else "accepted_now"
        held = local(intervention_day, rng.choice(INTERVENTION_TIMES), self.zone)
        add((Stage.HELD, held, ""))
        admitted = local(intervention_day + (LATER_ADMISSION if later else dt.timedelta()), rng.choice(ADMISSION_TIMES),
                         self.zone)  # fmt: skip
        self._ended_referral(p, first, admitted, [S.ACCEPTED, S.ADMISSION_SCHEDULED], admitted=True)
        self._stay(p, admitted, first=True)

    def _response_times(self, rng: random.Random, sent: dt.datetime, count: int, by: dt.date) -> list[dt.datetime]:
        """When the facility answered and then moved on: hours to a few days after sending, never after `by`."""
        times, last = [], sent
        for _ in range(count):
            day = last.date() + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
            day = min(day, by)
            later = [t for t in OFFICE_SLOTS if local(day, t, self.zone) > last]
            last = local(day, rng.choice(later[:6]), self.zone) if later else last + dt.timedelta(minutes=30)
            times.append(last)
        return times

    def _facility(self, p: Past) -> Facility:
        return self.facilities[p.rng.randrange(len(self.facilities))]

    def _referral(self, p: Past, after: dt.datetime, intervention_day: dt.date) -> list[tuple[str, dt.datetime]]:
        """The first referral's answer (accepted, sometimes after a review) before the meeting; now and then another
        facility sent the same day declined or waitlisted the person first."""
        rng = p.rng
        sent = self._moment(rng, after.date() + dt.timedelta(days=rng.randint(1, 2)))
        by = intervention_day - dt.timedelta(days=2)
        if rng.random() < 0.3:
            other = self._facility(p)
            path = [S.DECLINED] if rng.random() < 0.6 else [S.WAITLISTED, S.WITHDRAWN]
            times = self._response_times(rng, sent, len(path), by)
            walked: list[tuple[str, dt.datetime]] = [(S.SENT, sent), *zip(path, times, strict=True)]
            if path[0] == S.WAITLISTED:  # withdrawn when the person went elsewhere
                p.waitlisted = (other, walked[:-1])
            else:
                p.referrals.append((other, walked, None))
        path = [S.UNDER_REVIEW, S.ACCEPTED] if rng.random() < 0.4 else [S.ACCEPTED]
        times = self._response_times(rng, sent, len(path), by)
        return [(S.SENT, sent), *zip(path, times, strict=True)]

    def _ended_referral(
        self,
        p: Past,
        walked: list[tuple[str, dt.datetime]],
        end: dt.datetime,
        keep: list[str],
        *,
        admitted: bool = False,
    ) -> None:
        walked = [step for step in walked if step[0] != S.ACCEPTED or S.ACCEPTED in keep]
        if S.ADMISSION_SCHEDULED in keep:
            walked.append((S.ADMISSION_SCHEDULED, walked[-1][1] + dt.timedelta(minutes=30)))
        walked.append((S.ADMITTED if admitted else S.WITHDRAWN, end))
        p.referrals.append((self._facility(p), walked, end if admitted else None))
        if p.waitlisted:
            other, steps = p.waitlisted
            p.referrals.append((other, [*steps, (S.WITHDRAWN, end)], None))
            p.waitlisted = None

    def _stay(self, p: Past, admitted: dt.datetime, *, first: bool) -> None:
        rng = p.rng
        if admitted > self.now:  # not admitted yet: the case is waiting for its admission date
            return
        p.stages.append((Stage.IN_TREATMENT, admitted, "Arrival at the facility confirmed."))
        kind = rng.choice(DISCHARGE_MIX)
        discharged = self._moment(rng, admitted.date() + dt.timedelta(days=rng.randint(*STAY_DAYS[kind])))
        if discharged > self.now:
            p.episodes.append((admitted, None, ""))
            return
        p.episodes.append((admitted, discharged, kind))
        left = kind == D.LEFT_EARLY
        p.stages.append((Stage.DISENGAGED, discharged, "Left treatment against advice; not returning calls.")
                        if left else (Stage.AFTERCARE, discharged, "Discharged; aftercare begins."))  # fmt: skip
        draw = rng.random()
        if first and not left and draw < 0.25:  # readmitted: within 90 days, or within the year
            gap = rng.randint(20, 80) if draw < 0.12 else rng.randint(100, 300)
            readmitted = local(discharged.date() + dt.timedelta(days=gap), rng.choice(ADMISSION_TIMES), self.zone)
            if readmitted <= self.now:
                sent = self._moment(rng, readmitted.date() - dt.timedelta(days=rng.randint(2, 6)))
                (answer,) = self._response_times(rng, sent, 1, readmitted.date())
                walked: list[tuple[str, dt.datetime]] = [
                    (S.SENT, sent),
                    (S.ACCEPTED, min(answer, readmitted - dt.timedelta(hours=2))),
                ]
                self._ended_referral(p, walked, readmitted, [S.ACCEPTED], admitted=True)
                return self._stay(p, readmitted, first=False)
        # Closed a few days after the 365-day call after discharge, once it is behind.
        last_call = due_at_for(discharged, max(self.config.discharge_offsets), self.config)
        self._close(p, p.stages[-1][0], last_call.date() + dt.timedelta(days=rng.randint(2, 10)))

    def _close(self, p: Past, from_stage: str, day: dt.date) -> None:
        closed = self._moment(p.rng, day)
        if closed <= self.now - dt.timedelta(days=1):
            p.closed_at = closed
            p.stages.append((Stage.CLOSED, closed, CLOSE_NOTES[from_stage]))

    # Writing it, in bulk.
    def _substances(self, pasts: list[Past]) -> int:
        rows = []
        for p in pasts:
            born = p.case.date_of_birth or self.today
            age = self.today.year - born.year - ((self.today.month, self.today.day) < (born.month, born.day))
            for substance, route, frequency, amount in SUBSTANCE_SETS[p.profile]:
                rows.append(SubstanceUse(case=p.case, substance=substance, route=route, frequency=frequency,
                                         amount=amount, age_first_use=min(p.rng.randint(13, 30), age)))  # fmt: skip
        SubstanceUse.objects.bulk_create(rows)
        return len(rows)

    def _stage_changes(self, pasts: list[Past]) -> int:
        rows = []
        for p in pasts:
            previous = ""
            p.changes = []
            for stage, moment, note in p.stages:
                entered = stage in (Stage.IN_TREATMENT, Stage.AFTERCARE, Stage.DISENGAGED, Stage.CLOSED)
                at = moment + dt.timedelta(hours=2) if entered and stage != Stage.CLOSED else moment
                change = StageChange(case=p.case, from_stage=previous, to_stage=stage, by=p.case.lead, at=at,
                                     effective_at=moment if entered else None, note=note)  # fmt: skip
                p.changes.append(change)
                previous = stage
            rows += p.changes
        StageChange.objects.bulk_create(rows)
        for p in pasts:
            last = p.changes[-1]
            p.case.stage, p.case.stage_changed_at = last.to_stage, last.at
            p.case.last_activity_at = p.closed_at or max(last.at, p.case.created_at)
        return len(rows)

    def _referrals(self, pasts: list[Past]) -> int:
        referrals, changes, contacts = [], [], []
        for p in pasts:
            for facility, walked, admission in p.referrals:
                walked = [(status, at) for status, at in walked if at <= self.now]
                if not walked:
                    continue
                relationship = self.relationships.get(facility.pk)
                referral = Referral(
                    case=p.case, facility=facility, status=walked[-1][0], created_by=p.case.lead,
                    created_at=walked[0][1], status_changed_at=walked[-1][1],
                    match_reasons=[f"Demo referral to {facility.name}"],
                    relationship_kind=relationship.kind if relationship else "",
                    relationship_details=relationship.details if relationship else "",
                    admission_at=admission, admission_contact=facility.admissions_contact if admission else "",
                    transport=Referral.Transport.FAMILY if admission else "",
                )  # fmt: skip
                referrals.append(referral)
                previous = ""
                for status, at in walked:
                    changes.append(ReferralStatusChange(referral=referral, from_status=previous, to_status=status,
                                                        by=p.case.lead, at=at))  # fmt: skip
                    previous = status
                contacts.append(ReferralContact(
                    referral=referral, kind=ReferralContact.Kind.CALL, by=p.case.lead,
                    at=walked[0][1] + dt.timedelta(minutes=30), with_whom=facility.admissions_contact or "Admissions",
                    summary="Confirmed they received the referral packet.",
                ))  # fmt: skip
        Referral.objects.bulk_create(referrals)
        ReferralStatusChange.objects.bulk_create(changes)
        ReferralContact.objects.bulk_create([c for c in contacts if c.at <= self.now])
        return len(referrals) + len(changes) + len(contacts)

    def _plans(self, pasts: list[Past]) -> int:
        """Each plan as demo/plans.py writes one whose outcome is behind it: the plan, its sessions (the ARISE level
        history, the CRAFT invitations), then the outcome and the transition checklist."""
        with_plan = [p for p in pasts if p.outcome]
        plans = [self._plan(p) for p in with_plan]
        InterventionPlan.objects.bulk_create(plans)
        Rows = dict[str, list[Any]]
        rows: Rows = {"sessions": [], "levels": [], "invitations": [], "events": [], "checklists": []}
        for p in with_plan:
            self._sessions(p, rows)
        PlanSession.objects.bulk_create(rows["sessions"])
        for p in with_plan:
            self._outcome(p, rows)
        AriseLevelChange.objects.bulk_create(rows["levels"])
        TreatmentInvitation.objects.bulk_create(rows["invitations"])
        InterventionEvent.objects.bulk_create(rows["events"])
        TransitionChecklist.objects.bulk_create(rows["checklists"])
        return len(plans) + sum(len(written) for written in rows.values())

    def _plan(self, p: Past) -> InterventionPlan:
        p.held_at = next((moment for stage, moment, _ in p.stages if stage == Stage.HELD), p.held_at)
        planning = p.at(Stage.PLANNING)
        on = timezone.localtime(planning, self.zone).date() + dt.timedelta(days=1)
        fields: dict[str, Any] = {
            "scheduled_for": p.held_at, "location": f"The family home, {p.case.postal_code}",
            "contingency_plan": "If the answer is no, the family follows through on what they said.",
            "travel_plan": "The interventionist drives, with the brother.", "travel_arranged": True,
            "invited_by": "The sister", "invitation_method": "in_person", "invitation_sent_on": on,
            "invitation_answer": "coming", "first_call_on": on, "violence_risk_checked_on": on,
            "violence_risk_notes": "No threats or violence at home.",
        }  # fmt: skip
        if p.model == "arise" and p.arise_level != 3:  # no formal meeting below level 3
            fields.pop("scheduled_for")
        allowed = set(workflow_for(p.model).plan_fields)
        p.plan = InterventionPlan(
            case=p.case, model=p.model, created_by=p.case.lead, created_at=planning, arise_level=p.arise_level,
            **{name: value for name, value in fields.items() if name in allowed},
        )  # fmt: skip
        return p.plan

    def _sessions(self, p: Past, rows: dict[str, list[Any]]) -> None:
        plan, held = p.plan, p.held_at
        if plan is None or held is None:
            return
        first = timezone.localtime(p.at(Stage.PLANNING), self.zone).date() + dt.timedelta(days=1)
        span = max(1, (held.date() - first).days - (0 if p.outcome == "dropped" else 2))

        def session(day: int, **fields: Any) -> PlanSession:
            at = min(local(first + dt.timedelta(days=day), dt.time(16, 0), self.zone), held - dt.timedelta(hours=1))
            row = PlanSession(plan=plan, starts_at=at, held=True, location="Our office", **fields)
            rows["sessions"].append(row)
            return row

        if p.model == "johnson":
            for day in (span - 4, span - 2):
                session(max(0, day), kind="rehearsal", notes="Letters read aloud in order; boundaries agreed.")
        elif p.model == "invitational":
            session(0, kind="family", person_invited=True, person_attended=False,
                    notes="The family met; the person said they were busy.")  # fmt: skip
            session(span // 2, kind="rehearsal", notes="What each of us will say, without accusing.")
        elif p.model == "arise":
            on = plan.first_call_on or first
            rows["levels"].append(AriseLevelChange(plan=plan, level=1, on=on, reason="The first call.",
                                                   by=p.case.lead, recorded_at=p.at(Stage.PLANNING)))  # fmt: skip
            session(0, kind="network", arise_level=1, person_invited=True, person_attended=False,
                    notes="The network met; the person did not come.")  # fmt: skip
            for level in range(2, (p.arise_level or 1) + 1):
                day = span * (level - 1) // 3
                rows["levels"].append(AriseLevelChange(
                    plan=plan, level=level, on=on + dt.timedelta(days=day), by=p.case.lead,
                    recorded_at=local(on + dt.timedelta(days=day), dt.time(17, 0), self.zone),
                    reason="The meetings at the level below did not lead to treatment.",
                ))  # fmt: skip
                session(day + 1, kind="network", arise_level=level, person_invited=True,
                        person_attended=level == 2, notes="The network met again.")  # fmt: skip
            if p.arise_level != 3 and p.outcome.startswith("accepted"):  # agreed at a network meeting
                p.last_session = PlanSession(plan=plan, starts_at=held, held=True, kind="network",
                                             location="Our office", arise_level=p.arise_level, person_invited=True,
                                             person_attended=True, notes="The network met; the person came.")  # fmt: skip
                rows["sessions"].append(p.last_session)
        else:  # CRAFT: weekly sessions up to the accepted invitation
            weeks = max(3, min(len(SKILLS), span // 7 + 1))
            for week in range(weeks):
                skill, homework = SKILLS[week % len(SKILLS)]
                p.last_session = session(span * week // weeks, kind="craft", skills_taught=skill, homework=homework,
                                         family_wellbeing=min(10, 4 + week),
                                         person_engagement=ENGAGEMENT[week % len(ENGAGEMENT)])  # fmt: skip
            p.first_session = next(row for row in rows["sessions"] if row.plan is plan)

    def _outcome(self, p: Past, rows: dict[str, list[Any]]) -> None:
        plan, lead, held, last = p.plan, p.case.lead, p.held_at, p.last_session
        if plan is None or held is None:
            return
        later = (held + LATER_ADMISSION).date() if p.outcome == "accepted_later" else None
        if p.model == "craft" and p.first_session is not None:
            asked = p.first_session
            rows["invitations"].append(TreatmentInvitation(
                plan=plan, made_at=asked.starts_at + dt.timedelta(hours=3), session=asked, answer="not_now",
                notes="He said he would think about it.", recorded_by=lead, recorded_at=asked.starts_at,
            ))  # fmt: skip
            if p.outcome.startswith("accepted"):
                rows["invitations"].append(TreatmentInvitation(
                    plan=plan, made_at=held, session=last, answer=p.outcome, recorded_by=lead, recorded_at=held,
                    later_date=later, notes="After a calm dinner; he asked what the programme was like.",
                ))  # fmt: skip
        if p.outcome == "dropped":
            return
        rows["events"].append(InterventionEvent(
            plan=plan, held_at=held, outcome=p.outcome, recorded_by=lead, recorded_at=held + dt.timedelta(hours=2),
            how_it_went=HOW_IT_WENT[p.model] if p.outcome.startswith("accepted") else "", later_date=later,
            arise_level=p.arise_level, session=last if p.model in ("arise", "craft") else None,
        ))  # fmt: skip
        if p.outcome.startswith("accepted") and p.episodes:
            rows["checklists"].append(TransitionChecklist(
                plan=plan, transport_confirmed=True, facility_contacted=True, documents_ready=True,
                medications_ready=True, arrived_at=p.episodes[0][0], arrival_confirmed_by=lead,
            ))  # fmt: skip

    def _aftercare(self, pasts: list[Past]) -> int:
        """The episodes and follow-ups as aftercare.services schedules them on each admission and discharge; those
        due by the closing (or by today) recorded, those after a closing cancelled by it."""
        episodes: list[Episode] = []
        follow_ups: list[FollowUp] = []
        notes: list[CaseNote] = []
        for p in pasts:
            rows = self._follow_ups(p, episodes)
            # An open case's latest call due before today is left for the interventionist: overdue.
            recorded = [row for row in rows if row.contacted_at]
            if p.closed_at is None and p.case.stage == Stage.AFTERCARE and recorded and p.rng.random() < 0.7:
                self._reopen(max(recorded, key=lambda row: row.due_at))
            contacts = [row.contacted_at for row in rows if row.contacted_at]
            if contacts and p.closed_at is None:
                p.case.last_activity_at = max(p.case.last_activity_at, *contacts)
            if p.closed_at is None:  # an open case is being worked: a note in the last days (not "needs attention")
                at = self._moment(p.rng, self.today - dt.timedelta(days=p.rng.randint(1, 9)))
                notes.append(CaseNote(case=p.case, author=p.case.lead, created_at=at, text=NOTE[p.case.stage]))
                p.case.last_activity_at = max(p.case.last_activity_at, at)
            follow_ups += rows
        Episode.objects.bulk_create(episodes)
        FollowUp.objects.bulk_create(follow_ups)
        CaseNote.objects.bulk_create(notes)
        Case.objects.bulk_update([p.case for p in pasts], ["stage", "stage_changed_at", "last_activity_at"])
        return len(episodes) + len(follow_ups) + len(notes)

    def _follow_ups(self, p: Past, episodes: list[Episode]) -> list[FollowUp]:
        config = self.config
        admissions = [change for change in p.changes if change.to_stage == Stage.IN_TREATMENT]
        closing = next((change for change in p.changes if change.to_stage == Stage.CLOSED), None)
        until = p.closed_at or local(self.today, dt.time(0, 0), self.zone)  # today's calls are still due
        rows = []
        for (admitted, discharged, kind), change in zip(p.episodes, admissions, strict=True):
            episode = Episode(case=p.case, admitted_at=admitted, admission_change=change,
                              discharged_at=discharged, discharge_type=kind)  # fmt: skip
            episodes.append(episode)
            anchors = [(FollowUp.Anchor.ADMISSION, admitted, config.admission_kinds, config.admission_offsets)]
            if discharged:
                anchors.append(
                    (FollowUp.Anchor.DISCHARGE, discharged, config.discharge_kinds, config.discharge_offsets)
                )
            for anchor, anchor_at, kinds, offsets in anchors:
                for kind_of, offset in ((k, o) for k in kinds for o in offsets):
                    due = due_at_for(anchor_at, offset, config)
                    row = FollowUp(case=p.case, episode=episode, kind=kind_of, anchor=anchor, offset_days=offset,
                                   due_at=due, assigned_to=p.case.lead, created_by=p.case.lead,
                                   created_at=anchor_at)  # fmt: skip
                    if kind_of == FollowUp.Kind.FACILITY and discharged and due > discharged:
                        row.status, row.notes = FollowUp.Status.CANCELLED, "Cancelled: discharged from the facility."
                    elif due <= until:
                        self._contact(p, row, episode)
                    elif closing is not None:
                        row.status, row.cancelled_by_closing = FollowUp.Status.CANCELLED, closing
                        row.notes = "Cancelled: the case was closed."
                    rows.append(row)
        return rows

    def _contact(self, p: Past, row: FollowUp, episode: Episode) -> None:
        """Recorded when it fell due: reached less often after an early or administrative discharge; the person
        abstinent since admission, or not."""
        rng = p.rng
        early = episode.discharge_type in (D.LEFT_EARLY, D.ADMINISTRATIVE)
        row.contacted_at, row.recorded_by = row.due_at, p.case.lead
        if rng.random() > (0.4 if early else 0.8):
            row.status, row.reached, row.notes = FollowUp.Status.MISSED, False, "No answer; left a message."
            return
        row.status, row.reached = FollowUp.Status.DONE, True
        row.engagement = rng.choice([1, 2, 3] if early else [2, 3, 3, 4])
        row.notes = "Spoke with them; next call agreed."
        if row.kind == FollowUp.Kind.PERSON:
            abstinent = rng.random() < (0.35 if early else 0.75)
            row.use_since_last_contact = not abstinent
            since = (row.due_at - episode.admitted_at).days
            row.days_abstinent = since if abstinent else rng.randint(0, min(20, since))
            if not abstinent:
                row.use_details = rng.choice(USE_DETAILS)
                row.risk_flags = [FollowUp.Risk.RELAPSE]

    @staticmethod
    def _reopen(row: FollowUp) -> None:
        row.status, row.contacted_at, row.reached, row.recorded_by = FollowUp.Status.SCHEDULED, None, None, None
        row.engagement = row.days_abstinent = row.use_since_last_contact = None
        row.use_details, row.notes, row.risk_flags = "", "", []
