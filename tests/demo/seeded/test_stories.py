"""Each demo case tells one story: its stage changes, its referrals, its intervention, its admission, its discharge and
its follow-ups happen in that order, at the times a person would book them (round local times in the practice's
zone), and what the app derives from a move (an episode on admission, follow-ups, their cancelling on closing) is
there as the app would have made it. That holds for the past cases of demo.history too, some of them readmitted
(a second referral and episode); what only the story cases show (one overdue call each in aftercare) is checked on
them alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from aftercare.models import Episode, FollowUp
from aftercare.queries import due_follow_ups
from demo.timeline import story_cases
from interventions.models import Case, InterventionPlan, Referral, ReferralStatus, Stage
from interventions.queries import admitting_referral
from interventions.workflows import workflow_for
from tests.demo.conftest import booked_times, on_the_half_hour

S = ReferralStatus
ADMITTED_STAGES = {Stage.IN_TREATMENT, Stage.AFTERCARE, Stage.DISENGAGED, Stage.CLOSED}


def cases():
    return Case.objects.select_related("organization").prefetch_related("stage_changes", "assessments").order_by("pk")


def entered(case: Case) -> dict[str, dt.datetime]:
    return {change.to_stage: change.happened_at for change in case.stage_changes.all()}


def test_every_case_walks_its_stages_in_order_from_when_it_was_opened(seeded):
    now = timezone.now()
    for case in cases():
        changes = list(case.stage_changes.all())
        assert changes[0].to_stage == Stage.INTAKE and changes[0].happened_at == case.created_at, case
        moments = [change.happened_at for change in changes]
        assert moments == sorted(moments) and moments[-1] <= now, (case, changes)
        assert changes[-1].to_stage == case.stage and case.stage_changed_at == changes[-1].at, case
        assert [c.from_stage for c in changes[1:]] == [c.to_stage for c in changes[:-1]], case
        story = entered(case)
        for assessment in case.assessments.all():  # assessed once in assessment, before planning began
            assert story[Stage.ASSESSMENT] < assessment.created_at < story.get(Stage.PLANNING, now), case


def moves(case: Case, *stages: str) -> list[dt.datetime]:
    """When the case moved into any of `stages`, in order (a readmitted case moved into treatment twice)."""
    return sorted(change.happened_at for change in case.stage_changes.all() if change.to_stage in stages)


def test_referral_dates_fall_between_the_stage_changes_they_belong_to(seeded):
    referrals = Referral.objects.select_related("case").prefetch_related("status_changes", "case__stage_changes")
    assert referrals.exists()
    for referral in referrals:
        story = entered(referral.case)
        changes = list(referral.status_changes.all())
        moments = [change.at for change in changes]
        assert moments == sorted(moments), referral
        # After planning first began (an Invitational family meeting without the person brings the case back to it).
        began = min(c.happened_at for c in referral.case.stage_changes.all() if c.to_stage == Stage.PLANNING)
        assert changes[0].to_status == S.SENT and moments[0] > began, referral
        ends = {S.ADMITTED, S.WITHDRAWN}
        before = [c.at for c in changes if c.to_status not in ends]
        # Sent, accepted, admission scheduled: before the intervention was scheduled (a readmission's referral, sent
        # after a discharge, before the readmission).
        readmission = Stage.AFTERCARE in story and moments[0] > min(moves(referral.case, Stage.AFTERCARE))
        if Stage.SCHEDULED in story and not readmission:
            assert max(before) <= story[Stage.SCHEDULED], referral
        if referral.status == S.ADMITTED:
            assert moments[-1] == referral.admission_at, referral
            assert referral.admission_at in moves(referral.case, Stage.IN_TREATMENT), referral
            assert story[Stage.HELD] < referral.admission_at, referral
        elif referral.status == S.WITHDRAWN:  # at the admission elsewhere, a refusal or a postponement
            assert moments[-1] in moves(referral.case, Stage.IN_TREATMENT, Stage.DECLINED, Stage.POSTPONED), referral
        assert referral.status_changed_at == moments[-1] and referral.created_at == moments[0], referral
        for contact in referral.contacts.all():  # the call confirming the packet arrived: after sending it
            assert moments[0] < contact.at <= timezone.now(), referral


def test_the_intervention_is_held_on_the_plans_date_before_the_admission(seeded):
    plans = InterventionPlan.objects.select_related("case").prefetch_related("case__stage_changes")
    assert plans.exists()
    now = timezone.now()
    for plan in plans:
        story = entered(plan.case)
        # A model without a planned day (CRAFT, ARISE below level 3) has its outcome at a session instead.
        day = "scheduled_for" in workflow_for(plan).plan_fields and plan.scheduled_for is not None
        if Stage.HELD in story:
            assert plan.event.held_at == story[Stage.HELD], plan.case
            assert not day or plan.scheduled_for == story[Stage.HELD], plan.case
            if Stage.IN_TREATMENT in story:
                assert plan.event.held_at < story[Stage.IN_TREATMENT], plan.case
        elif plan.case.stage in (Stage.PLANNING, Stage.SCHEDULED):
            last = plan.sessions.order_by("starts_at").last()
            upcoming = plan.scheduled_for if day else last.starts_at if last else None
            assert plan.model == "craft" or (upcoming is not None and upcoming > now), plan.case


def test_every_case_admitted_to_treatment_has_its_episode_at_the_admitting_referrals_admission(seeded):
    # A case closed without reaching treatment (a past case of demo.history: refused, postponed, stopped in planning)
    # has no admission.
    admitted = [case for case in cases() if case.stage in ADMITTED_STAGES and moves(case, Stage.IN_TREATMENT)]
    assert {case.stage for case in admitted} == ADMITTED_STAGES
    for case in admitted:
        story = entered(case)
        referral = admitting_referral(case)
        assert referral is not None and referral.status == S.ADMITTED, case
        episodes = list(case.episodes.all())
        admitted_on = {r.admission_at for r in case.referrals.filter(status=S.ADMITTED)}
        assert [e.admitted_at for e in episodes] == moves(case, Stage.IN_TREATMENT) == sorted(admitted_on), case
        for earlier, later in zip(episodes, episodes[1:], strict=False):  # readmitted after the earlier discharge
            assert earlier.discharged_at and earlier.discharged_at < later.admitted_at, case
        episode = episodes[-1]
        assert episode.admitted_at == referral.admission_at == story[Stage.IN_TREATMENT], case
        if case.stage == Stage.IN_TREATMENT:
            assert episode.discharged_at is None, case
        else:
            discharged = story.get(Stage.DISENGAGED) or story[Stage.AFTERCARE]
            assert episode.discharged_at == discharged and episode.discharge_type, case
            if case.stage == Stage.DISENGAGED:
                assert episode.discharge_type == Episode.DischargeType.LEFT_EARLY, case


def test_every_aftercare_case_has_follow_ups_done_due_and_one_overdue(seeded):
    now = timezone.now()
    aftercare = story_cases(Case.objects.filter(stage=Stage.AFTERCARE)).select_related("organization")
    assert aftercare.count() >= 4
    for case in aftercare:
        rows = case.follow_ups.all()
        assert rows.filter(status=FollowUp.Status.DONE).exists(), case
        assert rows.filter(status=FollowUp.Status.SCHEDULED, due_at__gt=now).exists(), case
        with timezone.override(case.organization.zone):  # as the practice's staff see their due list
            due = due_follow_ups(Case.objects.filter(pk=case.pk), now=now)
        assert len(due.overdue) == 1, case


def test_every_follow_up_counts_from_the_real_admission_or_discharge(seeded):
    for follow_up in FollowUp.objects.exclude(anchor=FollowUp.Anchor.ADHOC).select_related("episode", "case"):
        zone = follow_up.case.organization.zone
        anchor = (
            follow_up.episode.admitted_at
            if follow_up.anchor == FollowUp.Anchor.ADMISSION
            else follow_up.episode.discharged_at
        )
        days = timezone.localtime(follow_up.due_at, zone).date() - timezone.localtime(anchor, zone).date()
        assert days == dt.timedelta(days=follow_up.offset_days), follow_up


def test_closed_cases_were_closed_with_a_reason_and_their_open_follow_ups_cancelled(seeded):
    closed = Case.objects.filter(stage=Stage.CLOSED)
    assert closed.exists()
    for case in closed:
        closing = case.stage_changes.get(to_stage=Stage.CLOSED)
        assert closing.note, case
        assert not case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).exists(), case
        later = case.follow_ups.filter(due_at__gt=closing.happened_at)
        assert not later.exclude(status=FollowUp.Status.CANCELLED).exists(), case
        if story_cases(Case.objects.filter(pk=case.pk)).exists():  # the story's closings: from aftercare, with calls
            assert closing.from_stage == Stage.AFTERCARE and later.filter(cancelled_by_closing=closing).exists()
        assert not case.follow_ups.filter(status=FollowUp.Status.DONE, due_at__gt=closing.happened_at).exists()
        assert not case.notes.filter(created_at__gt=closing.happened_at).exists(), case
        assert case.last_activity_at == closing.happened_at, case


def test_the_demo_case_with_every_follow_up_state_keeps_its_plan_sessions_and_resources(seeded):
    varied = Case.objects.filter(follow_ups__status=FollowUp.Status.RESCHEDULED).distinct()
    assert varied.count() >= 3
    for case in varied:
        statuses = set(case.follow_ups.values_list("status", flat=True))
        assert statuses == set(FollowUp.Status.values), case
        assert case.aftercare_plans.exists() and case.family_sessions.count() == 2, case
        assert case.stage in (Stage.IN_TREATMENT, Stage.AFTERCARE), case


def test_booked_times_are_round_local_times_in_the_practices_zone(seeded):
    booked = booked_times()
    assert len(booked) > 300
    assert not [row for row in booked if not on_the_half_hour(row[1])]
