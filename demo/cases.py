"""Demo cases: about 30 per practice, across every stage, with their timelines and notes.

Each case's story is walked from one anchor, the day it was opened: intake, assessment, planning, scheduling, the
intervention, the admission the afternoon after it, the discharge a month later, the closing; each step at a round
local time in the practice's zone, the last some days before today. Later steps date what they add by these stage
changes (`demo.timeline.entered`).

Idempotent: a practice that already has cases gets none added. Deterministic (a fixed random seed),
so the demo looks the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Membership, Organization, User
from interventions.models import Case, CaseNote, Stage, StageChange, SubstanceUse

from .context import SeedContext
from .timeline import OFFICE_SLOTS, local, today_in

# The path a case walks to reach each stage (DESIGN.md's workflow).
MAIN_PATH = [Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.SCHEDULED, Stage.HELD, Stage.IN_TREATMENT,
             Stage.AFTERCARE, Stage.CLOSED]  # fmt: skip
PATHS: dict[Stage, list[Stage]] = {
    **{stage: MAIN_PATH[: MAIN_PATH.index(stage) + 1] for stage in MAIN_PATH},
    Stage.DECLINED: [*MAIN_PATH[:5], Stage.DECLINED],
    Stage.POSTPONED: [*MAIN_PATH[:4], Stage.POSTPONED],
    Stage.DISENGAGED: [*MAIN_PATH[:6], Stage.DISENGAGED],
}
STAGE_MIX = [Stage.INTAKE] * 4 + [Stage.ASSESSMENT] * 4 + [Stage.PLANNING] * 5 + [Stage.SCHEDULED] * 3 + [
    Stage.HELD, Stage.DECLINED, Stage.POSTPONED] + [Stage.IN_TREATMENT] * 5 + [Stage.AFTERCARE] * 4 + [
    Stage.DISENGAGED, Stage.CLOSED, Stage.CLOSED]  # fmt: skip

FIRST = ["Daniel", "Maria", "James", "Aisha", "Tyler", "Grace", "Marcus", "Elena", "Kevin", "Priya", "Jordan",
         "Hannah", "Luis", "Brianna", "Connor", "Mei", "Andre", "Sofia", "Ethan", "Rachel", "Omar", "Kayla",
         "Nathan", "Lucia", "Derek", "Tessa", "Malik", "Olivia", "Ryan", "Jasmine"]  # fmt: skip
LAST = ["Whitaker", "Gonzalez", "Okafor", "Brennan", "Nguyen", "Holloway", "Patel", "Ramirez", "Sullivan",
        "Kowalski", "Bishop", "Adeyemi", "Castillo", "Fischer", "Morales", "Lindqvist", "Hughes", "Tanaka",
        "Delgado", "Ferreira"]  # fmt: skip
RELATIONS = ["Mother", "Father", "Wife", "Husband", "Sister", "Brother", "Daughter", "Son", "Partner", "Friend"]
CONCERNS = [
    "Drinking daily for years; lost job in March; wife says he hides bottles.",
    "Fentanyl use since a back injury; one overdose reversed with naloxone in the spring.",
    "Methamphetamine use, not sleeping, paranoid; parents afraid for her safety.",
    "Prescription opioids turned to heroin; has refused treatment twice.",
    "Heavy weekend drinking and cocaine; DUI pending; family wants help before court.",
    "Benzodiazepines and alcohol together; falls at home; adult children worried.",
    "Cannabis and alcohol daily at 19; dropped out of college; anxious and withdrawn.",
]
SUBSTANCE_SETS = [
    [("alcohol", "oral", "daily", "a fifth of vodka")],
    [("fentanyl", "smoked", "daily", "about 1 g"), ("benzodiazepines", "oral", "weekly", "")],
    [("methamphetamine", "smoked", "several_weekly", "")],
    [("heroin", "injected", "daily", ""), ("cocaine", "intranasal", "weekly", "")],
    [("alcohol", "oral", "weekly", "12+ drinks on weekends"), ("cocaine", "intranasal", "weekly", "")],
    [("benzodiazepines", "oral", "daily", "alprazolam 4 mg"), ("alcohol", "oral", "daily", "")],
    [("cannabis", "smoked", "daily", ""), ("alcohol", "oral", "several_weekly", "")],
]
PAYERS = ["PI", "PI", "PI", "MD", "MC", "MI", "SF"]
ZIPS = ["22902", "22903", "22911", "23220", "23219", "22401", "24401", "20001"]


def run(ctx: SeedContext) -> None:
    for organization in Organization.objects.filter(name__in=["Harbor Intervention Group", "Summit Family Recovery"]):
        if not organization.cases.exists():
            ctx.created += seed_cases(organization, random.Random(f"cases-{organization.name}"), ctx=ctx)


def seed_cases(
    organization: Organization, rng: random.Random, now: dt.datetime | None = None, ctx: SeedContext | None = None
) -> int:
    """Seed the practice's cases. A case whose story ends closed is left in aftercare here, its closing noted in
    `ctx.closings`: the aftercare step closes it through the closing service once its follow-ups exist."""
    now = now or timezone.now()
    staff = [m.user for m in organization.memberships.filter(is_active=True).select_related("user")]
    interventionists = [m.user for m in organization.memberships.filter(role=Membership.Role.INTERVENTIONIST)]
    leads = interventionists or staff
    for index, stage in enumerate(STAGE_MIX):
        lead = leads[index % len(leads)]
        stale = index % 6 == 0 and stage in STALE_STAGES
        long_stay = stage == Stage.IN_TREATMENT and STAGE_MIX[:index].count(stage) < LONG_STAYS
        story = _story(PATHS[stage], rng, organization.zone, now, stale=stale, long_stay=long_stay)
        opened = story[0][1]
        profile = index % len(CONCERNS)
        born = dt.date(rng.randint(1958, 2006), rng.randint(1, 12), rng.randint(1, 28))
        case = Case.objects.create(
            organization=organization,
            lead=lead,
            created_by=lead,
            created_at=opened,
            first_name=FIRST[index % len(FIRST)],
            last_name=LAST[(index * 7) % len(LAST)],
            date_of_birth=born,
            sex=rng.choice(["male", "female"]),
            preferred_language="SP" if index % 9 == 4 else "EN",
            phone=f"434-555-{1000 + index:04d}",
            email=f"person{index}@example.org",
            postal_code=rng.choice(ZIPS),
            payer=rng.choice(PAYERS),
            insurance_plan="Anthem PPO" if index % 3 == 0 else "",
            veteran=index % 8 == 3,
            pregnant=False,
            referrer_name=f"{rng.choice(FIRST)} {LAST[(index * 7) % len(LAST)]}",
            referrer_relationship=rng.choice(RELATIONS),
            referrer_phone=f"434-555-{2000 + index:04d}",
            presenting_concern=CONCERNS[profile],
            prior_treatment_episodes=rng.randint(0, 3),
            urgency=rng.choice(["routine", "routine", "priority", "urgent"]),
            overdose_last_90_days=profile == 1,
        )
        if index % 5 == 2 and len(staff) > 1:
            case.co_assigned.add(next(user for user in staff if user != lead))
        # A first use no later than the person's age today, as the intake form requires.
        age = _age_on(born, timezone.localdate(now))
        SubstanceUse.objects.bulk_create(
            SubstanceUse(
                case=case, substance=s, route=r, frequency=f, amount=a, age_first_use=min(rng.randint(13, 30), age)
            )
            for s, r, f, a in SUBSTANCE_SETS[profile]
        )
        closing = _walk(case, story, lead, rng, now, stale=stale)
        if closing is not None and ctx is not None:
            ctx.closings[case.pk] = closing
    return len(STAGE_MIX)


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# Days from the previous step to each stage (an admission is the afternoon of the intervention; a case is declined
# at the intervention itself), and the days since the last step by the stage the case is in now.
STEP_DAYS: dict[Stage, tuple[int, int]] = {
    Stage.ASSESSMENT: (1, 4), Stage.PLANNING: (2, 7), Stage.SCHEDULED: (3, 10), Stage.HELD: (5, 12),
    Stage.IN_TREATMENT: (0, 0), Stage.DECLINED: (0, 0), Stage.POSTPONED: (5, 12), Stage.AFTERCARE: (28, 35),
    Stage.DISENGAGED: (6, 15), Stage.CLOSED: (20, 40),
}  # fmt: skip
TAIL_DAYS: dict[Stage, tuple[int, int]] = {
    Stage.INTAKE: (1, 6), Stage.ASSESSMENT: (1, 6), Stage.PLANNING: (3, 10), Stage.SCHEDULED: (1, 4),
    Stage.HELD: (1, 2), Stage.DECLINED: (3, 20), Stage.POSTPONED: (3, 20), Stage.IN_TREATMENT: (8, 25),
    Stage.AFTERCARE: (10, 45), Stage.DISENGAGED: (10, 30), Stage.CLOSED: (5, 30),
}  # fmt: skip
# The first in-treatment cases of a practice were admitted over a month ago (their 30-day follow-ups are past).
LONG_STAYS, LONG_STAY_DAYS = 3, (33, 55)
# Some early cases went quiet for weeks: the dashboard's "needs attention" shows them.
STALE_STAGES = {Stage.INTAKE, Stage.ASSESSMENT, Stage.PLANNING, Stage.DECLINED, Stage.POSTPONED}
STALE_DAYS = (15, 30)
INTERVENTION_TIMES = [dt.time(9, 30), dt.time(10, 0), dt.time(11, 0)]
POSTPONED_TIMES = [dt.time(9, 0), dt.time(9, 30)]
ADMISSION_TIMES = [dt.time(14, 0), dt.time(14, 30), dt.time(15, 0), dt.time(16, 0)]
# Moves whose date is entered (when it happened), recorded a little later.
ENTERED = {Stage.IN_TREATMENT, Stage.AFTERCARE, Stage.DISENGAGED}
RECORDED_AFTER = dt.timedelta(hours=2)
NOTES: dict[Stage, str] = {
    Stage.IN_TREATMENT: "Arrival at the facility confirmed.",
    Stage.AFTERCARE: "Discharged from residential care; aftercare begins.",
    Stage.CLOSED: "Completed aftercare; closing.",
    Stage.DECLINED: "Refused treatment at the meeting.",
    Stage.POSTPONED: "Key family member ill; new date to be set.",
    Stage.DISENGAGED: "Left treatment against advice; not returning calls.",
}


def _story(
    path: list[Stage], rng: random.Random, zone: ZoneInfo, now: dt.datetime, *, stale: bool, long_stay: bool
) -> list[tuple[Stage, dt.datetime]]:
    """When the case entered each stage of `path`: walked forward from the day it was opened, that day chosen so
    the last step falls the case's tail of days before today. Every moment is at an office half hour (or a usual
    intervention or admission time) in the practice's zone."""
    steps: list[tuple[Stage, int, dt.time]] = []
    day = 0
    for stage in path:
        if steps:
            day += rng.randint(*STEP_DAYS[stage])
        if stage == Stage.HELD:
            time = rng.choice(INTERVENTION_TIMES)
        elif stage == Stage.IN_TREATMENT:
            time = rng.choice(ADMISSION_TIMES)
        elif stage == Stage.DECLINED:  # an hour into the intervention
            time = steps[-1][2].replace(hour=steps[-1][2].hour + 1)
        elif stage == Stage.POSTPONED:  # called off the morning of the intervention
            time = rng.choice(POSTPONED_TIMES)
        else:
            time = rng.choice(OFFICE_SLOTS)
        steps.append((stage, day, time))
    tail = rng.randint(*(LONG_STAY_DAYS if long_stay else TAIL_DAYS[path[-1]]))
    if stale:
        tail = max(tail, rng.randint(*STALE_DAYS))
    opened = today_in(zone, now) - dt.timedelta(days=tail + day)
    return [(stage, local(opened + dt.timedelta(days=day), time, zone)) for stage, day, time in steps]


def _walk(
    case: Case, story: list[tuple[Stage, dt.datetime]], by: User, rng: random.Random, now: dt.datetime, *, stale: bool
) -> tuple[dt.datetime, str] | None:
    """Record the case's stage changes as its story says; returns the closing still to be done (when and why) for a
    story that ends closed (closing goes through the closing service, after the follow-ups it cancels exist)."""
    closing = None
    if story[-1][0] == Stage.CLOSED:
        closing = (story[-1][1], NOTES[Stage.CLOSED])
        story = story[:-1]
    previous = ""
    changes = []
    for stage, moment in story:
        note = NOTES.get(stage, "") if previous else "Case opened"
        entered = moment if stage in ENTERED else None
        at = moment + RECORDED_AFTER if entered else moment
        changes.append(
            StageChange(case=case, from_stage=previous, to_stage=stage, by=by, at=at, effective_at=entered, note=note)
        )
        previous = stage
    StageChange.objects.bulk_create(changes)
    last = changes[-1].at
    zone = case.organization.zone
    if stale:
        activity = last
    else:
        recent = local(today_in(zone, now) - dt.timedelta(days=rng.randint(1, 9)), rng.choice(OFFICE_SLOTS), zone)
        activity = max(last, recent)
    if closing is not None:  # nothing happens on a case after it was closed
        activity = min(activity, closing[0])
    CaseNote.objects.create(
        case=case, author=by, created_at=activity, text=f"Spoke with {case.referrer_name}; next steps agreed."
    )
    Case.objects.filter(pk=case.pk).update(stage=story[-1][0], stage_changed_at=last, last_activity_at=activity)
    return closing
