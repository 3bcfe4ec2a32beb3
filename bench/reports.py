"""`make bench` figure of the practice reports: the owner's full report page for a practice of 50,000 cases and
200,000 follow-ups (budget 300 ms on PostgreSQL; DESIGN.md). With --quick: 5,000 cases and 20,000 follow-ups."""

from __future__ import annotations

import datetime as dt
import random

from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Organization, User
from aftercare.models import Episode, FollowUp
from interventions.models import Case, InterventionEvent, InterventionPlan, Stage, StageChange

from .context import BenchContext
from .dashboard import _analyze, _bulk_cases

BATCH = 5_000
OUTCOMES = ["accepted_now", "accepted_later", "refused", "postponed", "family_met"]
MODELS = ["johnson", "invitational", "arise", "craft"]
FOLLOW_UP_OFFSETS = [30, 90, 180, 365]
SOURCES = ["family", "physician", "therapist", "employer", "court", "facility", "self", "other"]


def _seed_history(organization: Organization, leads: list[User], rng: random.Random, follow_ups: int) -> None:
    """For the practice's cases: an intervention held for half, an admission (and for some a readmission) for a
    third, and `follow_ups` follow-ups spread over the cases. Bulk inserts only."""
    now = timezone.now()
    cases = list(Case.objects.filter(organization=organization).values_list("pk", "created_at", "lead_id"))
    ids = [pk for pk, *_ in cases]
    for index, source in enumerate(SOURCES):  # one case in nine has no source recorded
        Case.objects.filter(pk__in=ids[index :: len(SOURCES) + 1]).update(referral_source=source)
    plans, changes, episodes = [], [], []
    for pk, created, lead_id in cases:
        if rng.random() < 0.5:
            held = min(created + dt.timedelta(days=rng.randint(5, 40)), now)
            plans.append(InterventionPlan(case_id=pk, model=rng.choice(MODELS), created_by_id=lead_id))
            changes.append(StageChange(case_id=pk, from_stage=Stage.SCHEDULED, to_stage=Stage.HELD, by_id=lead_id,
                                       at=held, effective_at=held))  # fmt: skip
        if rng.random() < 0.33:
            admitted = min(created + dt.timedelta(days=rng.randint(7, 60)), now)
            stay = dt.timedelta(days=rng.randint(5, 120))
            discharged = admitted + stay if admitted + stay < now else None
            kind = rng.choice(["completed", "left_early", "transferred"]) if discharged else ""
            episodes.append(Episode(case_id=pk, admitted_at=admitted, discharged_at=discharged, discharge_type=kind))
            if discharged and rng.random() < 0.2 and discharged + dt.timedelta(days=60) < now:
                episodes.append(Episode(case_id=pk, admitted_at=discharged + dt.timedelta(days=rng.randint(10, 60))))
    InterventionPlan.objects.bulk_create(plans, batch_size=BATCH)
    StageChange.objects.bulk_create(changes, batch_size=BATCH)
    Episode.objects.bulk_create(episodes, batch_size=BATCH)
    events = [
        InterventionEvent(
            plan_id=plan.pk,
            held_at=change.at,
            outcome=rng.choice(OUTCOMES),
            arise_level=rng.randint(1, 3) if plan.model == "arise" else None,
            recorded_by_id=change.by_id,
        )
        for plan, change in zip(plans, changes, strict=True)
    ]
    InterventionEvent.objects.bulk_create(events, batch_size=BATCH)
    rows = []
    for index in range(follow_ups):
        # The k-th follow-up of a case: the 30/90/180/365-day one after a discharge about a week after opening, so
        # its due date agrees with its offset (the 365-day ones of recent cases are still ahead).
        pk, created, lead_id = cases[index % len(cases)]
        offset = FOLLOW_UP_OFFSETS[index // len(cases) % len(FOLLOW_UP_OFFSETS)]
        due = created + dt.timedelta(days=7 + offset)
        past = due < now
        rows.append(
            FollowUp(
                case_id=pk, kind="person", anchor="discharge", offset_days=offset,
                due_at=due, assigned_to_id=lead_id, created_by_id=lead_id,
                status=rng.choice(["done", "done", "missed"]) if past else "scheduled",
                reached=(rng.random() < 0.7) if past else None,
                use_since_last_contact=(rng.random() < 0.3) if past else None,
            )
        )  # fmt: skip
        if len(rows) == BATCH:
            FollowUp.objects.bulk_create(rows)
            rows = []
    FollowUp.objects.bulk_create(rows)


def report(ctx: BenchContext) -> dict[str, float | int]:
    """`report_ms` and `report_queries`: the owner's report page (default period, the last 12 months) for a
    practice of 50,000 cases led by ten interventionists and 200,000 follow-ups; `report_lead_ms`: the same
    filtered to one interventionist; `report_csv_ms`: its CSV."""
    rng = random.Random(18)
    size, follow_ups = (5_000, 20_000) if ctx.quick else (50_000, 200_000)
    practice = Organization.objects.create(name="Bench report practice")
    owner = User.objects.create_user("bench-report-owner@example.org", "bench-password-1")
    Membership.objects.create(user=owner, organization=practice, role=Membership.Role.OWNER)
    leads = [User.objects.create_user(f"bench-report-{n}@example.org", "bench-password-1") for n in range(10)]
    ctx.log(f"seeding a practice of {size} cases and {follow_ups} follow-ups")
    for lead in leads:
        Membership.objects.create(user=lead, organization=practice, role=Membership.Role.INTERVENTIONIST)
        _bulk_cases(practice, lead, size // len(leads), rng)
    _seed_history(practice, leads, rng, follow_ups)
    _analyze()
    client = Client()
    client.force_login(owner)
    fetch = ctx.get_ok("/reports/", client)
    return {
        "report_ms": ctx.median_ms(fetch, repeat=15),
        "report_queries": ctx.count_queries(fetch),
        "report_lead_ms": ctx.median_ms(ctx.get_ok(f"/reports/?interventionist={leads[0].pk}", client), repeat=15),
        "report_csv_ms": ctx.median_ms(ctx.get_ok("/reports/report.csv", client), repeat=15),
        "report_cases_in_db": Case.objects.filter(organization=practice).count(),
        "report_follow_ups_in_db": FollowUp.objects.filter(case__organization=practice).count(),
    }
