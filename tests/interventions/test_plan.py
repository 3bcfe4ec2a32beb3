from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.exceptions import DomainError
from interventions import extensions, services
from interventions.exceptions import TransitionBlocked
from interventions.models import InterventionEvent, Stage, StageChange, TransitionChecklist
from interventions.services import plan as plan_services
from interventions.services.calendar import feed_revoke, feed_start
from interventions.signals import stage_changed
from interventions.tasks import send_calendar_invitations
from tests.factories import CaseFactory, InterventionPlanFactory, ParticipantFactory, ready_for_scheduling

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/New_York")


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING)


@pytest.fixture
def ready_plan(case):
    plan = InterventionPlanFactory(
        case=case,
        scheduled_for=dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ),
        travel_arranged=True,
        travel_plan="Sister drives",
    )
    ParticipantFactory(plan=plan, name="Ann Whitaker", email="ann@example.org")
    referral, _ = ready_for_scheduling(case)
    referral.admission_at = dt.datetime(2026, 12, 5, 15, 0, tzinfo=TZ)
    referral.save()
    return plan


@pytest.fixture
def family_source():
    """The case's people, as the families app would contribute them."""

    def source(case):
        return [
            extensions.Candidate(
                key=f"family:{case.pk}:1", name="Ruth Okafor", relationship="Mother", email="ruth@example.org"
            )
        ]

    extensions.participant_sources.register(source)
    yield source
    extensions.participant_sources.unregister(source)


def missing(case, to=Stage.SCHEDULED):
    with pytest.raises(TransitionBlocked) as blocked:
        services.case_change_stage(case=case, to=to, by=case.lead)
    return " ".join(blocked.value.reasons)


def test_scheduling_needs_a_plan_with_date_place_people_admission_and_travel(case):
    reasons = missing(case)
    for text in (
        "Date, time and place",
        "participant",
        "Admission time confirmed",
        "Travel",
        "accepted the referral",
        "Insurance verified",
        "finished their checklist",
    ):
        assert text in reasons


def test_an_accepted_referral_without_a_benefits_check_blocks_scheduling(case, ready_plan):
    case.referrals.get().verifications.update(outcome="pending")
    assert "Insurance verified" in missing(case)


def test_a_self_pay_case_needs_no_insurance_check(case, ready_plan):
    case.referrals.get().verifications.all().delete()
    case.payer = "SF"
    case.save()
    services.case_change_stage(case=case, to=Stage.SCHEDULED, by=case.lead)
    case.refresh_from_db()
    assert case.stage == Stage.SCHEDULED
    assert case.stage_changes.filter(to_stage=Stage.SCHEDULED, override_reason="").exists()  # nothing overridden


def test_scheduling_needs_the_admission_time_on_the_accepted_referral(case, ready_plan):
    case.referrals.update(admission_at=None)
    assert "Admission time confirmed" in missing(case)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"location": ""}, "Date, time and place"),
        ({"travel_arranged": False}, "Travel to the facility arranged"),
    ],
)
def test_each_check_blocks_scheduling_with_its_message(case, ready_plan, change, message):
    for name, value in change.items():
        setattr(ready_plan, name, value)
    ready_plan.save()
    reasons = missing(case)
    assert message in reasons


def test_observers_alone_do_not_make_a_plan_ready(case, ready_plan):
    ready_plan.participants.update(role="observer")
    assert "participant" in missing(case)


def test_a_ready_plan_schedules(case, ready_plan):
    services.case_change_stage(case=case, to=Stage.SCHEDULED, by=case.lead)
    case.refresh_from_db()
    assert case.stage == Stage.SCHEDULED


def test_override_with_a_reason_is_recorded_in_the_timeline(client, case, ready_plan, alice):
    ready_plan.travel_arranged = False
    ready_plan.save()
    change = services.case_change_stage(
        case=case, to=Stage.SCHEDULED, by=alice, override_reason="Family drives; no booking needed"
    )
    assert change.override_reason == "Family drives; no booking needed"
    client.force_login(alice)
    assert "Readiness overridden: Family drives" in client.get(case.get_absolute_url()).content.decode()


def test_craft_needs_the_violence_risk_check_and_it_cannot_be_overridden(case, ready_plan):
    ready_plan.model = "craft"
    ready_plan.save()
    with pytest.raises(TransitionBlocked, match="Violence-risk"):
        services.case_change_stage(case=case, to=Stage.SCHEDULED, by=case.lead, override_reason="skip")


def _minutes_ago(minutes: int) -> str:
    return (timezone.localtime() - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


def scheduled(case, plan):
    services.case_change_stage(case=case, to=Stage.SCHEDULED, by=case.lead)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("outcome", "stage", "steps"),
    [
        ("accepted_now", Stage.HELD, [Stage.HELD]),
        ("refused", Stage.PLANNING, [Stage.HELD, Stage.DECLINED, Stage.PLANNING]),
        ("postponed", Stage.POSTPONED, [Stage.POSTPONED]),
    ],
)
def test_each_outcome_leads_to_its_stage_and_timeline(case, ready_plan, outcome, stage, steps):
    case = scheduled(case, ready_plan)
    plan_services.event_record(
        plan=ready_plan, by=case.lead, outcome=outcome, held_at=timezone.now(), how_it_went="Tears"
    )
    case.refresh_from_db()
    assert case.stage == stage
    recorded = list(StageChange.objects.filter(case=case).order_by("pk").values_list("to_stage", flat=True))
    assert recorded[-len(steps) :] == steps


def test_accepted_later_needs_the_date(case, ready_plan):
    case = scheduled(case, ready_plan)
    with pytest.raises(DomainError, match="date"):
        plan_services.event_record(plan=ready_plan, by=case.lead, outcome="accepted_later", held_at=timezone.now())


def test_a_refusal_surfaces_the_contingency_plan_and_boundaries(client, case, ready_plan, alice):
    case = scheduled(case, ready_plan)
    client.force_login(alice)
    url = reverse("interventions:event-record", kwargs={"case": case.pk})
    response = client.post(
        url, {"held_at": _minutes_ago(30), "outcome": "refused", "how_it_went": "Walked out"}, follow=True
    )
    html = response.content.decode()
    assert "The answer was no: the contingency plan" in html
    assert "stay with her mother" in html
    assert "I will not give you money" in html


def test_admission_confirmation_moves_the_case_to_treatment_and_signals(
    case, ready_plan, django_capture_on_commit_callbacks
):
    case = scheduled(case, ready_plan)
    plan_services.event_record(plan=ready_plan, by=case.lead, outcome="accepted_now", held_at=timezone.now())
    seen = []
    handler = lambda sender, **kw: seen.append(kw["to_stage"])  # noqa: E731
    stage_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            plan_services.admission_confirm(plan=ready_plan, by=case.lead, arrived_at=timezone.now())
    finally:
        stage_changed.disconnect(handler)
    case.refresh_from_db()
    assert case.stage == Stage.IN_TREATMENT
    assert seen == [Stage.IN_TREATMENT]
    assert TransitionChecklist.objects.get(plan=ready_plan).arrived_at is not None


def test_participants_come_from_the_registered_source(case, ready_plan, family_source):
    participant = plan_services.participant_add(
        plan=ready_plan, source_key=f"family:{case.pk}:1", role="support", by=case.lead
    )
    assert (participant.name, participant.relationship, participant.email) == (
        "Ruth Okafor",
        "Mother",
        "ruth@example.org",
    )
    with pytest.raises(DomainError):
        plan_services.participant_add(plan=ready_plan, source_key="family:999:1", role="support", by=case.lead)


def test_a_new_plan_version_keeps_the_earlier_one(case, ready_plan):
    new = plan_services.plan_new_version(case=case, by=case.lead)
    ready_plan.refresh_from_db()
    assert (ready_plan.is_current, new.is_current, new.version) == (False, True, 2)
    assert new.participants.get().name == "Ann Whitaker"


def test_plan_ics_parses_with_the_right_times_and_time_zone(client, case, ready_plan, alice):
    ready_plan.sessions.create(
        kind="rehearsal", starts_at=dt.datetime(2026, 12, 3, 18, 0, tzinfo=TZ), location="Office"
    )
    client.force_login(alice)
    response = client.get(reverse("interventions:plan-ics", kwargs={"case": case.pk}))
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    starts = [e.decoded("dtstart") for e in events]
    assert starts == [dt.datetime(2026, 12, 3, 18, 0, tzinfo=TZ), dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ)]
    assert str(events[1]["dtstart"].params["TZID"]) == "America/New_York"
    assert calendar.walk("VTIMEZONE")
    assert case.full_name not in response.content.decode()  # calendars leave the practice: no names


def test_calendar_invitations_go_out_with_the_ics_attached(case, ready_plan):
    assert send_calendar_invitations.apply(args=[ready_plan.pk]).get() == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    assert Calendar.from_ical(content).walk("VEVENT")


def test_feed_token_serves_the_calendar_until_revoked(client, case, ready_plan, alice):
    feed = feed_start(user=alice)
    url = reverse("calendar-feed", kwargs={"token": feed.token})
    response = client.get(url)
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT")
    feed_revoke(feed=feed, by=alice)
    assert client.get(url).status_code == 404


def test_family_member_sees_date_place_and_own_role_not_others_boundaries(client, case, ready_plan, carol):
    from django.template.loader import render_to_string

    mine = ParticipantFactory(
        plan=ready_plan,
        user=carol,
        name="Carol",
        role="support",
        speaking_order=None,
        boundary="I will stop covering for you.",
    )
    html = render_to_string("interventions/partials/_portal_plan.html", {"case": case, "user": carol})
    assert "Your role: <strong>Support</strong>" in html
    assert "I will stop covering for you." in html
    assert "I will not give you money" not in html  # Ann's boundary
    assert "12 Oak St" in html and mine.plan.location.startswith("The Whitakers")
    client.force_login(carol)
    assert client.get(reverse("interventions:plan-detail", kwargs={"case": case.pk})).status_code == 404


def test_mallory_gets_404(client, case, ready_plan, mallory):
    client.force_login(mallory)
    participant = ready_plan.participants.get()
    for name, kwargs in [
        ("plan-detail", {}),
        ("plan-edit", {}),
        ("participant-edit", {"participant": participant.pk}),
        ("plan-ics", {}),
        ("event-record", {}),
        ("what-to-expect", {}),
    ]:
        assert client.get(reverse(f"interventions:{name}", kwargs={"case": case.pk, **kwargs})).status_code == 404


def test_johnsons_outcomes_are_the_four_of_a_planned_day():
    from interventions.workflows import workflow_for

    offered = {choice.outcome for choice in workflow_for("johnson").outcomes_for(None)}
    assert offered == {"accepted_now", "accepted_later", "refused", "postponed"}
    assert offered < set(InterventionEvent.Outcome.values)


def test_arrival_check_points_to_the_outcome_until_one_is_recorded(case, ready_plan):
    from interventions import readiness

    case = scheduled(case, ready_plan)
    case.stage = Stage.HELD
    [(result, _)] = [r for r in readiness.checks_for(case, Stage.IN_TREATMENT) if r[0].label.startswith("Arrival")]
    assert result.fix_url == reverse("interventions:event-record", kwargs={"case": case.pk})


def test_opening_the_plan_form_or_the_outcome_form_is_an_audited_read(client, case, ready_plan, alice):
    from auditlog.models import LogEntry

    client.force_login(alice)
    for name in ("plan-edit", "event-record"):
        client.get(reverse(f"interventions:{name}", kwargs={"case": case.pk}))
    reads = LogEntry.objects.get_for_object(ready_plan).filter(action=LogEntry.Action.ACCESS, actor=alice)
    assert reads.count() == 2
