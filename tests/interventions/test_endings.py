"""Dates that are facts, not clicks, and no accidental endings (issue 14).

Admission, discharge and the intervention's outcome are dated by what the user enters (defaulting to now, never in
the future), and follow-ups, episodes and the PDF count from that. Closing a case asks first and says what it
cancels; only the practice's owner reopens it, with a reason, and the follow-ups the closing cancelled that are still
ahead come back. A closed case is read-only.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import DomainError
from aftercare.models import Episode, FollowUp
from interventions import services
from interventions.exceptions import TransitionBlocked
from interventions.models import Stage, StageChange, TransitionChecklist
from interventions.services import plan as plan_services
from tests.factories import CaseFactory, FollowUpFactory, InterventionPlanFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def local_input(moment: dt.datetime) -> str:
    """A moment as a datetime-local input sends it (the active time zone)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def url(name: str, case, **kwargs) -> str:
    return reverse(f"interventions:{name}", kwargs={"case": case.pk, **kwargs})


def checked_radios(html: str, name: str) -> list[str]:
    return [tag for tag in re.findall(r"<input[^>]*>", html) if f'name="{name}"' in tag and "checked" in tag]


@pytest.fixture
def held(practice, alice):
    """A case whose intervention was held and accepted: the transition is open, the admission scheduled."""
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.HELD)
    plan = InterventionPlanFactory(case=case, scheduled_for=timezone.now() - dt.timedelta(days=5))
    TransitionChecklist.objects.create(plan=plan)
    ReferralFactory(
        case=case, status="admission_scheduled", admission_at=timezone.now() - dt.timedelta(days=4, hours=2)
    )
    return case


def in_treatment(case, by, admitted_at):
    plan_services.admission_confirm(plan=case.current_plan, by=by, arrived_at=admitted_at)
    case.refresh_from_db()
    return case


# Admission ----------------------------------------------------------------------------------------------------------


def test_a_future_admission_is_refused_with_a_field_error(client, held, alice):
    client.force_login(alice)
    response = client.post(
        url("admission-confirm", held), {"arrived_at": local_input(timezone.now() + dt.timedelta(days=1))}
    )
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    held.refresh_from_db()
    assert held.stage == Stage.HELD and not held.episodes.exists()
    with pytest.raises(DomainError, match="future"):
        plan_services.admission_confirm(
            plan=held.current_plan, by=alice, arrived_at=timezone.now() + dt.timedelta(hours=2)
        )


def test_the_admission_form_asks_when_defaulting_to_now(client, held, alice):
    client.force_login(alice)
    html = client.get(url("transition", held)).content.decode()
    assert 'name="arrived_at"' in html
    assert local_input(timezone.now())[:13] in html  # today, this hour, in the practice's zone


def test_the_entered_admission_date_anchors_the_episode_follow_ups_and_referral(client, held, alice):
    admitted = (timezone.localtime() - dt.timedelta(days=3)).replace(hour=16, minute=30, second=0, microsecond=0)
    client.force_login(alice)
    response = client.post(url("admission-confirm", held), {"arrived_at": local_input(admitted)})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.stage == Stage.IN_TREATMENT
    episode = held.episodes.get()
    assert episode.admitted_at == admitted
    seven = held.follow_ups.get(kind="person", offset_days=7)
    assert timezone.localtime(seven.due_at).date() == admitted.date() + dt.timedelta(days=7)
    assert held.referrals.get().admission_at == admitted  # kept once, on the admitting referral
    change = held.stage_changes.get(to_stage=Stage.IN_TREATMENT)
    assert change.effective_at == admitted and change.at > admitted  # the fact's date and when it was recorded
    timeline = client.get(held.get_absolute_url()).content.decode()
    assert timezone.localtime(admitted).strftime("%Y-%m-%d %H:%M") in timeline


def test_the_family_portal_says_in_treatment_since_the_entered_admission_not_the_click(client, held, alice, carol):
    from tests.factories import ConsentFactory, FamilyMemberFactory

    admitted = (timezone.localtime() - dt.timedelta(days=3)).replace(hour=16, minute=30, second=0, microsecond=0)
    in_treatment(held, alice, admitted)
    assert held.stage_changed_at == admitted  # the stage began when he was admitted
    member = FamilyMemberFactory(case=held, user=carol)
    ConsentFactory(recipient=member, signed_on=admitted.date() - dt.timedelta(days=1))
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert f"(since {admitted:%B} {admitted.day})" in page


# Discharge ----------------------------------------------------------------------------------------------------------


def test_the_discharge_date_is_entered_and_anchors_the_episode(client, held, alice):
    case = in_treatment(held, alice, timezone.now() - dt.timedelta(days=40))
    discharged = (timezone.localtime() - dt.timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(alice)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'name="effective_at"' in page
    response = client.post(
        url("case-stage", case), {"to": Stage.AFTERCARE, "effective_at": local_input(discharged), "note": ""}
    )
    assert response.status_code == 302
    episode = case.episodes.get()
    assert episode.discharged_at == discharged
    assert episode.discharge_type == ""  # how it ended is the user's to say
    thirty = case.follow_ups.get(anchor="discharge", offset_days=30)
    assert timezone.localtime(thirty.due_at).date() == discharged.date() + dt.timedelta(days=30)


def test_a_future_or_pre_admission_discharge_is_refused(client, held, alice):
    admitted = timezone.now() - dt.timedelta(days=10)
    case = in_treatment(held, alice, admitted)
    client.force_login(alice)
    future = client.post(
        url("case-stage", case),
        {"to": Stage.AFTERCARE, "effective_at": local_input(timezone.now() + dt.timedelta(days=1))},
    )
    assert future.status_code == 422 and "cannot be in the future" in future.content.decode()
    with pytest.raises(TransitionBlocked, match="before the case entered"):
        services.case_change_stage(
            case=case, to=Stage.AFTERCARE, by=alice, effective_at=admitted - dt.timedelta(days=1)
        )
    assert case.episodes.get().discharged_at is None


def test_the_discharge_type_is_not_preselected_and_shows_not_discharged_until_then(client, held, alice):
    case = in_treatment(held, alice, timezone.now() - dt.timedelta(days=20))
    client.force_login(alice)
    page = client.get(reverse("aftercare:case-aftercare", kwargs={"case": case.pk})).content.decode()
    assert "Not discharged" in page and "Completed (planned discharge)" not in page
    services.case_change_stage(case=case, to=Stage.AFTERCARE, by=alice, effective_at=timezone.now())
    page = client.get(reverse("aftercare:case-aftercare", kwargs={"case": case.pk})).content.decode()
    selected = re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", page)
    assert selected == ["Not recorded: choose how it ended"]
    edit = reverse("aftercare:episode-edit", kwargs={"case": case.pk, "episode": case.episodes.get().pk})
    client.post(edit, {"discharge_type": ""})
    assert case.episodes.get().discharge_type == ""
    client.post(edit, {"discharge_type": Episode.DischargeType.TRANSFERRED})
    assert case.episodes.get().discharge_type == Episode.DischargeType.TRANSFERRED


# The outcome of the intervention ------------------------------------------------------------------------------------


@pytest.fixture
def scheduled(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.SCHEDULED)
    InterventionPlanFactory(case=case, scheduled_for=timezone.now() + dt.timedelta(days=2))
    return case


def test_an_outcome_dated_in_the_future_is_refused(client, scheduled, alice):
    client.force_login(alice)
    response = client.post(
        url("event-record", scheduled),
        {"held_at": local_input(timezone.now() + dt.timedelta(days=2)), "outcome": "postponed"},
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    assert not hasattr(scheduled.current_plan, "event")
    with pytest.raises(DomainError, match="future"):
        plan_services.event_record(
            plan=scheduled.current_plan, by=alice, outcome="postponed", held_at=timezone.now() + dt.timedelta(hours=1)
        )


def test_the_outcome_form_preselects_no_outcome_and_no_future_time(client, scheduled, alice):
    client.force_login(alice)
    html = client.get(url("event-record", scheduled)).content.decode()
    assert 'name="outcome"' in html and checked_radios(html, "outcome") == []
    assert "---------" not in html
    planned = local_input(scheduled.current_plan.scheduled_for)
    assert planned not in html  # the plan's time is still ahead: it is not offered as when it took place


def test_the_outcome_date_dates_the_stage_change(scheduled, alice):
    held_at = timezone.now() - dt.timedelta(days=1)
    plan_services.event_record(plan=scheduled.current_plan, by=alice, outcome="postponed", held_at=held_at)
    assert scheduled.stage_changes.get(to_stage=Stage.POSTPONED).happened_at == held_at


def test_the_stage_form_preselects_no_stage(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.AFTERCARE)
    client.force_login(alice)
    html = client.get(case.get_absolute_url()).content.decode()
    select = re.search(r'<select name="to".*?</select>', html, re.S)
    assert select and 'value="closed"' in select.group()
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", select.group()) == ["Choose the next stage"]


# Closing --------------------------------------------------------------------------------------------------------------


@pytest.fixture
def aftercare_case(held, alice):
    case = in_treatment(held, alice, timezone.now() - dt.timedelta(days=20))
    services.case_change_stage(case=case, to=Stage.AFTERCARE, by=alice, effective_at=timezone.now())
    case.refresh_from_db()
    return case


def test_choosing_closed_shows_what_it_cancels_and_closes_nothing(client, aftercare_case, alice):
    case = aftercare_case
    scheduled = case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).count()
    assert scheduled > 0
    client.force_login(alice)
    response = client.post(url("case-stage", case), {"to": Stage.CLOSED, "note": "Moved abroad"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{scheduled} scheduled follow-ups will be cancelled" in html
    assert "30-day with the person (after discharge)" in html
    first = case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).order_by("due_at", "pk").first()
    # Each follow-up it cancels is its own list item, not one run-on line (readable on a phone).
    assert f"<li>{first.label}, due {timezone.localtime(first.due_at):%Y-%m-%d}</li>" in html
    assert "Moved abroad" in html  # the reason carried into the confirmation
    assert "No reminder of them will be sent." in html  # none of them has gone out yet
    case.refresh_from_db()
    assert case.stage == Stage.AFTERCARE
    assert case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).count() == scheduled
    get = client.get(url("case-close", case))
    assert get.status_code == 200 and "will be cancelled" in get.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.AFTERCARE


def test_the_closing_confirmation_names_referrals_still_open(client, practice, alice):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.PLANNING)
    referral = ReferralFactory(case=case, status="accepted")
    client.force_login(alice)
    html = client.get(url("case-close", case)).content.decode()
    assert "1 referral still open stays as it is" in html and referral.facility.name in html


def test_closing_needs_a_reason_and_then_cancels_the_follow_ups(client, aftercare_case, alice):
    case = aftercare_case
    client.force_login(alice)
    assert client.post(url("case-close", case), {"note": ""}).status_code == 422
    response = client.post(url("case-close", case), {"note": "Moved abroad"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert not case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).exists()


# Reopening ------------------------------------------------------------------------------------------------------------


def test_the_owner_reopens_with_a_reason_restoring_the_follow_ups_still_ahead(client, aftercare_case, alice, olivia):
    case = aftercare_case
    past = FollowUpFactory(case=case, due_at=timezone.now() + dt.timedelta(minutes=1))
    services.case_change_stage(case=case, to=Stage.CLOSED, by=alice, note="Family withdrew")
    closing = case.stage_changes.get(to_stage=Stage.CLOSED)
    by_closing = case.follow_ups.filter(cancelled_by_closing=closing)
    ahead = set(by_closing.filter(due_at__gt=timezone.now() + dt.timedelta(days=1)).values_list("pk", flat=True))
    assert ahead and past.pk in set(by_closing.values_list("pk", flat=True))
    manual = FollowUpFactory(case=case, due_at=timezone.now() + dt.timedelta(days=5), status="cancelled")
    FollowUp.objects.filter(pk=past.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))  # fell due meanwhile
    case.refresh_from_db()
    client.force_login(olivia)
    page = client.get(url("case-reopen", case))
    assert page.status_code == 200 and "Family withdrew" in page.content.decode()
    assert client.post(url("case-reopen", case), {"reason": ""}).status_code == 422
    response = client.post(url("case-reopen", case), {"reason": "The person asked for help again"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.AFTERCARE  # where it was closed from
    restored = set(case.follow_ups.filter(status=FollowUp.Status.SCHEDULED).values_list("pk", flat=True))
    assert restored == ahead
    assert FollowUp.objects.get(pk=past.pk).status == FollowUp.Status.CANCELLED
    assert FollowUp.objects.get(pk=manual.pk).status == FollowUp.Status.CANCELLED  # not cancelled by the closing
    change = StageChange.objects.filter(case=case).last()
    assert (change.from_stage, change.to_stage, change.by) == (Stage.CLOSED, Stage.AFTERCARE, olivia)
    timeline = client.get(case.get_absolute_url()).content.decode()
    assert "Reopened at Aftercare" in timeline and "The person asked for help again" in timeline


def test_only_the_owner_can_reopen(client, aftercare_case, alice, mallory):
    services.case_change_stage(case=aftercare_case, to=Stage.CLOSED, by=alice, note="Done")
    client.force_login(alice)
    assert client.get(url("case-reopen", aftercare_case)).status_code == 403
    assert client.post(url("case-reopen", aftercare_case), {"reason": "Mine"}).status_code == 403
    assert "Reopen the case" not in client.get(aftercare_case.get_absolute_url()).content.decode()
    client.force_login(mallory)
    assert client.post(url("case-reopen", aftercare_case), {"reason": "x"}).status_code == 404
    aftercare_case.refresh_from_db()
    assert aftercare_case.stage == Stage.CLOSED


def test_the_reopen_page_quotes_the_closing_reason_as_written(client, aftercare_case, alice, olivia):
    services.case_change_stage(case=aftercare_case, to=Stage.CLOSED, by=alice, note="Completed aftercare; closing.")
    client.force_login(olivia)
    page = client.get(url("case-reopen", aftercare_case)).content.decode()
    assert "“Completed aftercare; closing.”" in page and "closing.." not in page


def test_an_open_case_cannot_be_reopened(client, aftercare_case, olivia):
    client.force_login(olivia)
    assert client.get(url("case-reopen", aftercare_case)).status_code == 403
    with pytest.raises(DomainError):
        services.case_reopen(case=aftercare_case, by=olivia, reason="x")


# A closed case is read-only ------------------------------------------------------------------------------------------


def test_a_closed_case_shows_no_edit_links_and_refuses_edits(client, practice, alice, olivia):
    case = CaseFactory(organization=practice, lead=alice, stage=Stage.INTAKE)
    InterventionPlanFactory(case=case)
    services.case_change_stage(case=case, to=Stage.CLOSED, by=alice, note="Not reachable")
    for user in (alice, olivia):
        client.force_login(user)
        html = client.get(case.get_absolute_url()).content.decode()
        for text in ("Edit intake", "New assessment", "Add note", "Move the case"):
            assert text not in html, (user, text)
        plan_html = client.get(url("plan-detail", case)).content.decode()
        assert "Edit the plan" not in plan_html and "Schedule a session" not in plan_html
        assert client.get(url("case-edit", case)).status_code == 403
        assert client.post(url("note-add", case), {"text": "After closing"}).status_code == 403
        assert client.get(url("assessment-create", case)).status_code == 403
        assert client.get(url("plan-edit", case)).status_code == 403
    assert not case.notes.exists()
    assert "Reopen the case" in client.get(case.get_absolute_url()).content.decode()  # olivia, the owner


# The PDF ---------------------------------------------------------------------------------------------------------------


def test_the_pdf_referrals_table_shows_an_admitted_referrals_admission(held, alice):
    from django.template.loader import render_to_string

    from interventions.summary.sections import Period
    from interventions.summary.topics import referrals_context

    admitted = (timezone.localtime() - dt.timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)
    case = in_treatment(held, alice, admitted)
    context = referrals_context(case, Period(), "clinical")
    html = render_to_string("interventions/summary/referrals.html", {**context, "version": "clinical"})
    assert "Not scheduled" not in html
    assert f"Admitted {admitted:%b} {admitted.day}, {admitted:%Y}, 2:00 PM" in html  # the facility's clock
