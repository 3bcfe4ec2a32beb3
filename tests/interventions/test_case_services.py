from __future__ import annotations

import pytest

from interventions import services
from interventions.exceptions import StaleVersion, TransitionBlocked
from interventions.models import Case, CaseNote, Stage
from interventions.signals import stage_changed
from tests.factories import CaseFactory, SubstanceUseFactory

pytestmark = pytest.mark.django_db


def ready_intake(case: Case) -> Case:
    SubstanceUseFactory(case=case)
    return case


def test_case_create_opens_at_intake_with_a_first_timeline_step(practice, alice):
    case = services.case_create(
        organization=practice,
        lead=alice,
        by=alice,
        first_name="Sam",
        last_name="Reyes",
        substances=[{"substance": "alcohol", "frequency": "daily"}],
    )
    assert case.stage == Stage.INTAKE
    assert case.substances.get().substance == "alcohol"
    change = case.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.by) == ("", Stage.INTAKE, alice)


def test_a_transition_not_in_the_table_is_refused_with_its_reason(practice, alice):
    case = ready_intake(CaseFactory(organization=practice, lead=alice))
    with pytest.raises(TransitionBlocked) as blocked:
        services.case_change_stage(case=case, to=Stage.IN_TREATMENT, by=alice)
    assert "cannot move to In treatment" in blocked.value.reasons[0]
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE


def test_leaving_intake_needs_the_intake_checks(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, presenting_concern="", date_of_birth=None)
    with pytest.raises(TransitionBlocked) as blocked:
        services.case_change_stage(case=case, to=Stage.ASSESSMENT, by=alice)
    reasons = " ".join(blocked.value.reasons)
    assert "date of birth" in reasons
    assert "presenting concern" in reasons
    assert "substance" in reasons


def test_non_overridable_checks_cannot_be_overridden(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    with pytest.raises(TransitionBlocked):
        services.case_change_stage(case=case, to=Stage.ASSESSMENT, by=alice, override_reason="in a hurry")


def test_a_complete_intake_moves_to_assessment_and_is_recorded(practice, alice):
    case = ready_intake(CaseFactory(organization=practice, lead=alice))
    change = services.case_change_stage(case=case, to=Stage.ASSESSMENT, by=alice, note="Intake done")
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT
    assert (change.from_stage, change.to_stage, change.note) == (Stage.INTAKE, Stage.ASSESSMENT, "Intake done")


def test_closing_a_case_needs_a_note(practice, alice):
    case = CaseFactory(organization=practice, lead=alice)
    with pytest.raises(TransitionBlocked, match="note is required"):
        services.case_change_stage(case=case, to=Stage.CLOSED, by=alice)
    services.case_change_stage(case=case, to=Stage.CLOSED, by=alice, note="Family moved out of state")
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED


def test_stage_changed_is_sent_inside_the_transaction(practice, alice, django_capture_on_commit_callbacks):
    case = ready_intake(CaseFactory(organization=practice, lead=alice))
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["from_stage"], kwargs["to_stage"], kwargs["by"]))

    stage_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False):
            services.case_change_stage(case=case, to=Stage.ASSESSMENT, by=alice)
            assert received == [(Stage.INTAKE, Stage.ASSESSMENT, alice)]  # before the commit
    finally:
        stage_changed.disconnect(receiver)


def test_a_failing_receiver_rolls_the_stage_change_back(practice, alice):
    case = ready_intake(CaseFactory(organization=practice, lead=alice))

    def receiver(sender, **kwargs):
        CaseNote.objects.create(case=kwargs["case"], author=alice, text="written by a receiver")
        raise RuntimeError("a receiver failed")

    stage_changed.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            services.case_change_stage(case=case, to=Stage.ASSESSMENT, by=alice)
    finally:
        stage_changed.disconnect(receiver)
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE
    assert not case.stage_changes.filter(to_stage=Stage.ASSESSMENT).exists()
    assert not CaseNote.objects.filter(case=case).exists()


def test_a_stale_version_is_refused_and_nothing_is_written(practice, alice, bob):
    case = CaseFactory(organization=practice, lead=alice)
    opened_at = case.version
    services.case_update(case=case, by=bob, expected_version=opened_at, fields={"phone": "111"})
    with pytest.raises(StaleVersion):
        services.case_update(case=case, by=alice, expected_version=opened_at, fields={"phone": "222"})
    case.refresh_from_db()
    assert case.phone == "111"
    assert case.version == opened_at + 1


def test_visible_to_owner_all_interventionist_own_and_assigned(practice, other_practice, olivia, alice, bob, mallory):
    led_by_alice = CaseFactory(organization=practice, lead=alice)
    led_by_bob = CaseFactory(organization=practice, lead=bob)
    shared = CaseFactory(organization=practice, lead=bob)
    shared.co_assigned.add(alice)
    foreign = CaseFactory(organization=other_practice, lead=mallory)
    assert set(Case.objects.visible_to(olivia)) == {led_by_alice, led_by_bob, shared}
    assert set(Case.objects.visible_to(alice)) == {led_by_alice, shared}
    assert set(Case.objects.visible_to(bob)) == {led_by_bob, shared}
    assert set(Case.objects.visible_to(mallory)) == {foreign}


def _substance_log(case):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from interventions.models import SubstanceUse

    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SubstanceUse), additional_data__case=case.pk
    ).order_by("pk")


def test_editing_a_substance_is_audited_as_a_change_with_the_new_values(practice, alice):
    from auditlog.models import LogEntry

    case = services.case_create(
        organization=practice,
        lead=alice,
        by=alice,
        first_name="Sam",
        last_name="Reyes",
        substances=[{"substance": "alcohol", "frequency": "daily", "amount": "a fifth"}, {"substance": "cannabis"}],
    )
    assert [entry.action for entry in _substance_log(case)] == [LogEntry.Action.CREATE] * 2
    alcohol = case.substances.get(substance="alcohol")
    services.case_update(
        case=case,
        by=alice,
        expected_version=case.version,
        fields={},
        substances=[{"substance": "alcohol", "frequency": "weekly", "amount": "a fifth"}, {"substance": "fentanyl"}],
    )
    entries = list(_substance_log(case))[2:]
    assert sorted(entry.action for entry in entries) == sorted(
        [LogEntry.Action.UPDATE, LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    )
    update = next(entry for entry in entries if entry.action == LogEntry.Action.UPDATE)
    assert update.object_id == alcohol.pk
    assert update.changes_dict == {"frequency": ["daily", "weekly"]}
    assert next(e for e in entries if e.action == LogEntry.Action.DELETE).object_repr == "Cannabis"
    assert case.substances.get(substance="alcohol").pk == alcohol.pk  # kept in place
    assert set(case.substances.values_list("substance", flat=True)) == {"alcohol", "fentanyl"}


def test_saving_unchanged_substances_writes_nothing_about_them(practice, alice):
    case = services.case_create(
        organization=practice,
        lead=alice,
        by=alice,
        first_name="Sam",
        last_name="Reyes",
        substances=[{"substance": "alcohol", "frequency": "daily"}],
    )
    before = _substance_log(case).count()
    services.case_update(
        case=case,
        by=alice,
        expected_version=case.version,
        fields={},
        substances=[{"substance": "alcohol", "frequency": "daily"}],
    )
    assert _substance_log(case).count() == before
