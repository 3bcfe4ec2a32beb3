from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from interventions.models import Case, Stage
from tests.factories import CaseFactory, CaseNoteFactory, SubstanceUseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, first_name="Daniel", last_name="Whitaker")


def intake_data(lead, **overrides):
    data = {
        "lead": lead.pk,
        "first_name": "Sam",
        "last_name": "Reyes",
        "date_of_birth": "1990-04-02",
        "sex": "male",
        "preferred_language": "EN",
        "payer": "PI",
        "urgency": "routine",
        "prior_treatment_episodes": "1",
        "presenting_concern": "Drinking every day",
        "phone": "434-555-0199",
        "substances-TOTAL_FORMS": "2",
        "substances-INITIAL_FORMS": "0",
        "substances-MIN_NUM_FORMS": "0",
        "substances-MAX_NUM_FORMS": "12",
        "substances-0-substance": "alcohol",
        "substances-0-frequency": "daily",
        "substances-0-amount": "a fifth",
        "substances-0-age_first_use": "15",
    }
    data.update(overrides)
    return data


def test_interventionist_opens_a_case_from_an_intake(client, practice, alice):
    client.force_login(alice)
    response = client.post(reverse("interventions:case-create"), intake_data(alice))
    case = Case.objects.get(last_name="Reyes")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.organization == practice
    assert case.substances.get().amount == "a fifth"
    assert LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.CREATE).get().actor == alice


def test_intake_with_errors_shows_them_and_creates_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("interventions:case-create"), intake_data(alice, first_name="", date_of_birth="soon")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"first_name", "date_of_birth"}
    assert not Case.objects.exists()


def test_family_member_cannot_open_cases_or_see_the_caseload(client, carol):
    client.force_login(carol)
    assert client.get(reverse("interventions:dashboard")).status_code == 404
    assert client.post(reverse("interventions:case-create"), {}).status_code == 404


def test_case_page_shows_the_case_and_logs_the_read(client, case, alice):
    client.force_login(alice)
    response = client.get(case.get_absolute_url(), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    assert "Daniel Whitaker" in response.content.decode()
    read = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).get()
    assert (read.actor, read.remote_addr) == (alice, "192.0.2.10")


def test_colleague_not_on_the_case_gets_404_but_owner_sees_it(client, case, bob, olivia):
    client.force_login(bob)
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(olivia)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_co_assigned_colleague_sees_the_case(client, case, bob):
    case.co_assigned.add(bob)
    client.force_login(bob)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_mallory_gets_404(client, case, mallory):
    client.force_login(mallory)
    note = CaseNoteFactory(case=case)
    for url in (
        case.get_absolute_url(),
        reverse("interventions:case-edit", kwargs={"case": case.pk}),
        note.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("interventions:note-add", kwargs={"case": case.pk}), {"text": "x"}).status_code == 404
    assert not case.notes.filter(text="x").exists()


def test_note_of_another_case_is_404_through_this_case(client, case, practice, alice):
    other = CaseFactory(organization=practice, lead=alice)
    note = CaseNoteFactory(case=other)
    client.force_login(alice)
    url = reverse("interventions:note-detail", kwargs={"case": case.pk, "note": note.pk})
    assert client.get(url).status_code == 404


def test_reading_a_note_is_logged(client, case, alice):
    note = CaseNoteFactory(case=case)
    client.force_login(alice)
    assert client.get(note.get_absolute_url()).status_code == 200
    assert LogEntry.objects.get_for_object(note).filter(action=LogEntry.Action.ACCESS, actor=alice).exists()


def test_adding_a_note_puts_it_on_the_timeline(client, case, alice):
    client.force_login(alice)
    client.post(reverse("interventions:note-add", kwargs={"case": case.pk}), {"text": "Called the mother."})
    response = client.get(case.get_absolute_url())
    assert "Called the mother." in response.content.decode()


def test_a_stale_version_save_is_refused_and_the_input_kept(client, case, alice, bob):
    case.co_assigned.add(bob)
    client.force_login(alice)
    edit_url = reverse("interventions:case-edit", kwargs={"case": case.pk})
    opened_version = case.version
    client.force_login(bob)
    data = intake_data(alice, version=str(opened_version), phone="111", first_name="Daniel", last_name="Whitaker")
    assert client.post(edit_url, data).status_code == 302
    client.force_login(alice)
    data = intake_data(alice, version=str(opened_version), phone="222", first_name="Dan", last_name="Whitaker")
    response = client.post(edit_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this case" in html
    assert 'value="Dan"' in html  # alice's input is still in the form
    case.refresh_from_db()
    assert (case.phone, case.first_name) == ("111", "Daniel")


def test_a_bad_transition_is_refused_with_its_reason(client, case, alice):
    client.force_login(alice)
    response = client.post(reverse("interventions:case-stage", kwargs={"case": case.pk}), {"to": Stage.ASSESSMENT})
    assert response.status_code == 422
    html = response.content.decode()
    assert "The case was not moved" in html
    assert "At least one substance recorded" in html
    case.refresh_from_db()
    assert case.stage == Stage.INTAKE


def test_a_stage_not_in_the_table_is_a_form_error_not_a_500(client, case, alice):
    client.force_login(alice)
    response = client.post(reverse("interventions:case-stage", kwargs={"case": case.pk}), {"to": Stage.CLOSED + "x"})
    assert response.status_code == 422


def test_a_good_transition_moves_the_case_and_shows_on_the_timeline(client, case, alice):
    SubstanceUseFactory(case=case)
    client.force_login(alice)
    response = client.post(
        reverse("interventions:case-stage", kwargs={"case": case.pk}), {"to": Stage.ASSESSMENT, "note": "Ready"}
    )
    assert response.status_code == 302
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Moved to Assessment" in html
    change = case.stage_changes.latest("at")
    assert LogEntry.objects.get_for_object(change).filter(action=LogEntry.Action.CREATE, actor=alice).exists()


def test_intake_refuses_impossible_data_with_field_errors(client, practice, alice):
    client.force_login(alice)
    data = intake_data(
        alice,
        date_of_birth="2090-01-01",
        sex="male",
        pregnant="on",
        co_assigned=[alice.pk],
        postal_code="ABCDE",
        **{
            "substances-0-last_use": "2091-05-05",
            "substances-1-substance": "alcohol",
            "substances-0-age_first_use": "99",
        },
    )
    response = client.post(reverse("interventions:case-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"date_of_birth", "pregnant", "co_assigned", "postal_code"}
    substance_errors = response.context["formset"].errors
    assert "last_use" in substance_errors[0] and "substance" in substance_errors[1]
    assert not Case.objects.exists()


def test_first_use_cannot_be_after_the_persons_age(client, practice, alice):
    client.force_login(alice)
    born = timezone.localdate().replace(year=timezone.localdate().year - 25)
    response = client.post(
        reverse("interventions:case-create"),
        intake_data(alice, date_of_birth=born.isoformat(), **{"substances-0-age_first_use": "26"}),
    )
    assert "check the age at first use" in str(response.context["formset"].errors[0]["age_first_use"])
    assert not Case.objects.exists()


def opened_form_data(client, edit_url) -> dict:
    """The edit form as the browser would submit it untouched: every field with its rendered value."""
    form = client.get(edit_url).context["form"]
    formset = client.get(edit_url).context["formset"]
    data = {}
    for bound in [*form, *formset.management_form]:
        value = bound.value()
        if isinstance(value, list):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    for sub in formset:
        for bound in sub:
            value = bound.value()
            if value is not None and not isinstance(value, bool):
                data[bound.html_name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_after_a_conflict_the_form_shows_what_changed_and_saves_on_top_of_the_current_version(client, case, alice, bob):
    case.co_assigned.add(bob)
    edit_url = reverse("interventions:case-edit", kwargs={"case": case.pk})
    client.force_login(alice)
    alices_form = opened_form_data(client, edit_url)  # alice opens the form
    client.force_login(bob)
    bobs_form = opened_form_data(client, edit_url)
    assert client.post(edit_url, {**bobs_form, "phone": "434-555-0111"}).status_code == 302  # bob saves first

    client.force_login(alice)
    response = client.post(edit_url, {**alices_form, "email": "sam@example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this case" in html and "What differs from the saved case" in html
    conflicts = {conflict.name: conflict for conflict in response.context["conflicts"]}
    assert set(conflicts) == {"phone", "email"}
    assert conflicts["phone"].current == "434-555-0111" and conflicts["email"].theirs == "sam@example.org"
    form = response.context["form"]
    assert form["version"].value() == str(Case.objects.get(pk=case.pk).version)  # carries the new version
    assert form["email"].value() == "sam@example.org" and form["phone"].value() == "434-555-0111"

    # Save again, as the browser submits the rebased form: alice's change lands on top of bob's.
    data = {name: form.data.getlist(name) for name in form.data}
    data.update({name: response.context["formset"].data[name] for name in response.context["formset"].data})
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert (case.phone, case.email) == ("434-555-0111", "sam@example.org")
    assert list(case.co_assigned.all()) == [bob]
