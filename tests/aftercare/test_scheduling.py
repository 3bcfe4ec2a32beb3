from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.exceptions import DomainError
from aftercare import services
from aftercare.models import AftercareSettings, Episode, FollowUp
from interventions import services as case_services
from interventions.models import Stage
from tests.aftercare.conftest import move

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def local(row: FollowUp, zone=NY) -> dt.datetime:
    return row.due_at.astimezone(zone)


def test_admission_schedules_person_and_facility_follow_ups_at_7_30_60_90_days(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 3, 2, 15, 0, tzinfo=NY))
    rows = list(case.follow_ups.order_by("kind", "offset_days"))
    assert [(r.kind, r.offset_days) for r in rows] == [
        ("facility", 7),
        ("facility", 30),
        ("facility", 60),
        ("facility", 90),
        ("person", 7),
        ("person", 30),
        ("person", 60),
        ("person", 90),
    ]
    assert {r.assigned_to for r in rows} == {alice}
    assert {r.status for r in rows} == {FollowUp.Status.SCHEDULED}
    assert local(rows[0]) == dt.datetime(2026, 3, 9, 9, 0, tzinfo=NY)


def test_due_dates_count_local_calendar_days_across_daylight_saving(case, alice):
    # Admitted 1 March (EST, UTC-5); 30 days later is 31 March, after the change to EDT (UTC-4).
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 3, 1, 10, 0, tzinfo=NY))
    row = case.follow_ups.get(kind="person", offset_days=30)
    assert local(row) == dt.datetime(2026, 3, 31, 9, 0, tzinfo=NY)
    assert row.due_at.astimezone(dt.UTC).hour == 13  # 9:00 EDT, not 14:00 UTC as a naive 30x24h would give


def test_a_late_evening_admission_counts_from_the_local_day_and_month_ends_are_right(case, alice):
    # 31 January 23:30 in New York is already 1 February in UTC.
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 31, 23, 30, tzinfo=NY))
    dates = {row.offset_days: local(row).date() for row in case.follow_ups.filter(kind="person")}
    assert dates == {7: dt.date(2026, 2, 7), 30: dt.date(2026, 3, 2), 60: dt.date(2026, 4, 1), 90: dt.date(2026, 5, 1)}


def test_the_practice_time_zone_and_offsets_are_used(case, alice, practice):
    practice.time_zone = "America/Los_Angeles"
    practice.save()
    AftercareSettings.objects.create(
        organization=practice, admission_offsets=[3, 14], admission_kinds=["person"], reminder_hour=8
    )
    la = ZoneInfo("America/Los_Angeles")
    # 22:00 in LA on 28 Feb is 1 March in New York and in UTC: the practice's day counts.
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2028, 2, 28, 22, 0, tzinfo=la))
    dates = sorted(local(row, la) for row in case.follow_ups.all())
    assert dates == [dt.datetime(2028, 3, 2, 8, 0, tzinfo=la), dt.datetime(2028, 3, 13, 8, 0, tzinfo=la)]


def test_a_repeated_admission_signal_creates_nothing_more(case, alice):
    change = move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 5, 4, 12, 0, tzinfo=NY))
    services.admission_record(case=case, at=change.at, by=alice, change=change)
    services.admission_record(case=case, at=change.at, by=alice, change=change)
    assert case.follow_ups.count() == 8
    assert case.episodes.count() == 1


def test_the_database_refuses_a_second_follow_up_for_the_same_offset(case, alice):
    from django.db import IntegrityError

    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 5, 4, 12, 0, tzinfo=NY))
    existing = case.follow_ups.first()
    with pytest.raises(IntegrityError):
        FollowUp.objects.create(
            case=case,
            episode=existing.episode,
            anchor=existing.anchor,
            kind=existing.kind,
            offset_days=existing.offset_days,
            due_at=existing.due_at,
            assigned_to=alice,
            created_by=alice,
        )


def test_discharge_adds_30_90_180_365_day_follow_ups_and_cancels_later_facility_ones(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    move(case, Stage.AFTERCARE, alice, dt.datetime(2026, 2, 20, 10, 0, tzinfo=NY))
    post = case.follow_ups.filter(anchor=FollowUp.Anchor.DISCHARGE)
    assert sorted(row.offset_days for row in post) == [30, 90, 180, 365]
    assert {row.kind for row in post} == {"person"}
    assert local(post.get(offset_days=365)).date() == dt.date(2027, 2, 20)
    cancelled = case.follow_ups.filter(status=FollowUp.Status.CANCELLED)
    assert sorted(row.offset_days for row in cancelled) == [60, 90]  # facility, due after discharge
    assert {row.kind for row in cancelled} == {"facility"}
    episode = case.episodes.get()
    assert episode.discharge_type == ""  # completed, transferred or administrative: the user says, nothing presumed
    assert episode.days_in_treatment == 46


def test_a_repeated_discharge_signal_creates_nothing_more(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    change = move(case, Stage.AFTERCARE, alice, dt.datetime(2026, 2, 20, 10, 0, tzinfo=NY))
    count = case.follow_ups.count()
    services.discharge_record(case=case, at=change.at, by=alice)
    assert case.follow_ups.count() == count


def test_leaving_treatment_early_is_a_discharge_of_its_own_type(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    move(case, Stage.DISENGAGED, alice, dt.datetime(2026, 1, 9, 10, 0, tzinfo=NY))
    assert case.episodes.get().discharge_type == Episode.DischargeType.LEFT_EARLY
    assert case.follow_ups.filter(anchor="discharge").count() == 4


def test_readmission_opens_a_second_episode_with_its_own_follow_ups(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    move(case, Stage.AFTERCARE, alice, dt.datetime(2026, 2, 5, 10, 0, tzinfo=NY))
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 4, 5, 10, 0, tzinfo=NY))
    assert case.episodes.count() == 2
    assert case.episodes.last().follow_ups.filter(anchor="admission").count() == 8


def test_closing_the_case_cancels_what_is_still_scheduled(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    move(case, Stage.AFTERCARE, alice, dt.datetime(2026, 2, 5, 10, 0, tzinfo=NY))
    move(case, Stage.CLOSED, alice, dt.datetime(2026, 2, 6, 10, 0, tzinfo=NY))
    assert not case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).exists()


def test_the_real_stage_service_schedules_after_commit(case, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change = case_services.case_change_stage(
            case=case, to=Stage.IN_TREATMENT, by=alice, override_reason="Arrival confirmed by phone"
        )
    assert case.follow_ups.count() == 8
    assert case.episodes.get().admission_change == change


def test_a_later_admission_date_can_be_passed(case, alice):
    at = dt.datetime(2026, 6, 1, 8, 0, tzinfo=NY)
    episode, created = services.admission_record(case=case, at=at, by=alice)
    assert episode.admitted_at == at and len(created) == 8


def test_rescheduling_keeps_the_old_row_and_adds_a_new_one(case, alice):
    move(case, Stage.IN_TREATMENT, alice, dt.datetime(2026, 1, 5, 10, 0, tzinfo=NY))
    row = case.follow_ups.get(kind="person", offset_days=7)
    new = services.followup_reschedule(follow_up=row, due_at=dt.datetime(2026, 1, 15, 9, tzinfo=NY), by=alice)
    row.refresh_from_db()
    assert row.status == FollowUp.Status.RESCHEDULED
    assert new.rescheduled_from == row and new.status == FollowUp.Status.SCHEDULED
    with pytest.raises(DomainError):
        services.followup_reschedule(follow_up=row, due_at=dt.datetime(2026, 1, 16, 9, tzinfo=NY), by=alice)


def test_recording_a_contact_marks_done_or_missed(case, alice):
    first = services.followup_add(case=case, kind="person", due_at=dt.datetime(2026, 1, 5, 9, tzinfo=NY), by=alice)
    second = services.followup_add(case=case, kind="facility", due_at=dt.datetime(2026, 1, 6, 9, tzinfo=NY), by=alice)
    done = services.followup_record(
        follow_up=first,
        by=alice,
        reached=True,
        engagement=3,
        days_abstinent=12,
        use_since_last_contact=False,
        risk_flags=["housing"],
    )
    missed = services.followup_record(follow_up=second, by=alice, reached=False)
    assert (done.status, done.days_abstinent, done.risk_flag_labels()) == ("done", 12, ["Housing unstable"])
    assert missed.status == "missed"
    services.followup_cancel(
        follow_up=services.followup_add(case=case, kind="person", due_at=first.due_at, by=alice), by=alice
    )
    cancelled = case.follow_ups.get(status="cancelled")
    with pytest.raises(DomainError):
        services.followup_record(follow_up=cancelled, by=alice, reached=True)


def test_a_discharge_without_an_episode_counts_from_the_entered_admission_date(case, alice):
    from django.utils import timezone

    from interventions.models import StageChange

    admitted = timezone.now() - dt.timedelta(days=10)
    StageChange.objects.create(  # admitted before aftercare was installed: recorded today, dated ten days ago
        case=case, from_stage=Stage.HELD, to_stage=Stage.IN_TREATMENT, by=alice, effective_at=admitted
    )
    episode, _ = services.discharge_record(case=case, at=timezone.now() - dt.timedelta(days=2), by=alice)
    assert episode.admitted_at == admitted
