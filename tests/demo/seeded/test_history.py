"""The past cases `seed_demo` adds for the reports: a year and more of history, every model with outcomes, stays that
end in different ways, readmissions, follow-ups reached and missed at every offset after discharge; each story in
order. A second run adds none."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.db.models.functions import TruncMonth

from aftercare.models import Episode, FollowUp
from demo.timeline import PAST_DOMAIN
from interventions.models import Case, InterventionEvent, Referral, ReferralStatus, Stage
from tests.demo.conftest import seed_demo

PAST = {"email__endswith": f"@{PAST_DOMAIN}"}


def past() -> list[Case]:
    return list(Case.objects.filter(**PAST).prefetch_related("stage_changes", "referrals", "episodes").order_by("pk"))


def test_the_history_spans_at_least_ten_months_of_cases_opened_and_admissions_and_both_practices(seeded):
    cases = Case.objects.filter(**PAST)
    assert cases.filter(organization__name="Harbor Intervention Group").count() >= 60
    assert cases.filter(organization__name="Summit Family Recovery").exists()
    assert cases.annotate(month=TruncMonth("created_at")).values("month").distinct().count() >= 10
    admissions = Episode.objects.filter(case__in=cases)
    assert admissions.annotate(month=TruncMonth("admitted_at")).values("month").distinct().count() >= 10
    assert (
        cases.values("lead").distinct().count() >= 3 and cases.values("referrer_relationship").distinct().count() >= 6
    )
    assert Referral.objects.filter(case__in=cases).values("facility").distinct().count() >= 5
    assert not cases.stale().exists()  # the open ones are being worked: they do not crowd "needs attention"


def test_every_model_has_outcomes_and_arise_outcomes_at_several_levels(seeded):
    events = InterventionEvent.objects.filter(plan__case__email__endswith=f"@{PAST_DOMAIN}")
    by_model: dict[str, set[str]] = {model: set() for model in ("johnson", "invitational", "arise", "craft")}
    for model, outcome in events.values_list("plan__model", "outcome"):
        by_model[model].add(outcome)
    assert all(outcomes for outcomes in by_model.values()), by_model
    assert {"accepted_now", "accepted_later", "refused", "postponed"} <= set().union(*by_model.values())
    assert len(set(events.filter(plan__model="arise").values_list("arise_level", flat=True))) >= 2


def test_stays_end_in_several_ways_and_some_are_readmitted_within_90_and_365_days(seeded):
    episodes = Episode.objects.filter(case__email__endswith=f"@{PAST_DOMAIN}")
    types = set(episodes.exclude(discharged_at=None).values_list("discharge_type", flat=True))
    assert {Episode.DischargeType.COMPLETED, Episode.DischargeType.LEFT_EARLY} <= types
    gaps = []
    for case in past():
        stays = sorted(case.episodes.all(), key=lambda e: e.admitted_at)
        gaps += [
            (b.admitted_at - a.discharged_at).days for a, b in zip(stays, stays[1:], strict=False) if a.discharged_at
        ]
    assert any(gap <= 90 for gap in gaps) and any(90 < gap <= 365 for gap in gaps), gaps
    lengths = [e.days_in_treatment or 0 for e in episodes.exclude(discharged_at=None)]
    assert min(lengths) < 30 and any(30 <= n < 60 for n in lengths) and max(lengths) >= 90


def test_follow_ups_after_discharge_are_reached_and_missed_at_every_offset(seeded):
    rows = FollowUp.objects.filter(case__email__endswith=f"@{PAST_DOMAIN}", anchor=FollowUp.Anchor.DISCHARGE)
    counts = {(o, s): n for o, s, n in rows.values_list("offset_days", "status").annotate(n=Count("id"))}
    for offset in (30, 90, 180, 365):
        assert counts.get((offset, FollowUp.Status.DONE)) and counts.get((offset, FollowUp.Status.MISSED)), offset
    reached = rows.filter(status=FollowUp.Status.DONE)
    assert {True, False} <= set(reached.values_list("use_since_last_contact", flat=True))
    overdue = FollowUp.objects.filter(**{f"case__{k}": v for k, v in PAST.items()}, status="scheduled")
    assert overdue.filter(due_at__lt=dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).exists()


def test_every_past_story_is_in_order_and_no_admission_comes_before_its_referral_was_sent(seeded):
    for case in past():
        changes = sorted(case.stage_changes.all(), key=lambda c: (c.at, c.pk))
        moments = [c.happened_at for c in changes]
        assert moments == sorted(moments) and changes[0].to_stage == Stage.INTAKE, case
        admissions = [c.happened_at for c in changes if c.to_stage == Stage.IN_TREATMENT]
        assert sorted(e.admitted_at for e in case.episodes.all()) == admissions, case
        admitted = {r.created_at: r.admission_at for r in case.referrals.all() if r.status == ReferralStatus.ADMITTED}
        assert sorted(filter(None, admitted.values())) == admissions, case
        assert all(at and sent < at for sent, at in admitted.items()), case
        for episode in case.episodes.all():
            assert episode.discharged_at is None or episode.admitted_at < episode.discharged_at, case


def test_a_second_seed_adds_no_past_cases(seeded):
    before = Case.objects.filter(**PAST).count(), FollowUp.objects.count(), Referral.objects.count()
    seed_demo()
    assert (Case.objects.filter(**PAST).count(), FollowUp.objects.count(), Referral.objects.count()) == before
