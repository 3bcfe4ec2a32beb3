"""Demo cases: about 30 per practice, across every stage, with their timelines and notes.

Idempotent: a practice that already has cases gets none added. Deterministic (a fixed random seed),
so the demo looks the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Membership, Organization, User
from interventions.models import Case, CaseNote, Stage, StageChange, SubstanceUse

from .context import SeedContext

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
            ctx.created += seed_cases(organization, random.Random(f"cases-{organization.name}"))


def seed_cases(organization: Organization, rng: random.Random, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    staff = [m.user for m in organization.memberships.filter(is_active=True).select_related("user")]
    interventionists = [m.user for m in organization.memberships.filter(role=Membership.Role.INTERVENTIONIST)]
    leads = interventionists or staff
    for index, stage in enumerate(STAGE_MIX):
        lead = leads[index % len(leads)]
        opened = now - dt.timedelta(days=rng.randint(20, 200), hours=rng.randint(0, 23))
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
        _walk(case, PATHS[stage], opened, lead, rng, now)
    return len(STAGE_MIX)


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _walk(case: Case, path: list[Stage], opened: dt.datetime, by: User, rng: random.Random, now: dt.datetime) -> None:
    at = opened
    previous = ""
    changes = []
    for stage in path:
        note = "Case opened" if not previous else ""
        if stage in (Stage.CLOSED, Stage.DECLINED, Stage.POSTPONED, Stage.DISENGAGED):
            note = {
                Stage.CLOSED: "Completed aftercare; closing.",
                Stage.DECLINED: "Refused treatment at the meeting.",
                Stage.POSTPONED: "Key family member ill; new date to be set.",
                Stage.DISENGAGED: "Left treatment against advice; not returning calls.",
            }[stage]
        changes.append(StageChange(case=case, from_stage=previous, to_stage=stage, by=by, at=at, note=note))
        previous = stage
        at = min(at + dt.timedelta(days=rng.randint(2, 12)), now - dt.timedelta(hours=1))
    StageChange.objects.bulk_create(changes)
    last = changes[-1].at
    # A few cases go quiet for weeks: the dashboard's "needs attention" shows them.
    stale = case.pk % 6 == 0 and path[-1] != Stage.CLOSED
    activity = (
        now - dt.timedelta(days=rng.randint(15, 30))
        if stale
        else max(last, now - dt.timedelta(days=rng.randint(0, 10)))
    )
    CaseNote.objects.create(
        case=case, author=by, created_at=min(activity, now), text=f"Spoke with {case.referrer_name}; next steps agreed."
    )
    Case.objects.filter(pk=case.pk).update(stage=path[-1], stage_changed_at=last, last_activity_at=min(activity, now))
