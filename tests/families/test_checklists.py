"""Checklists: house templates per model, practice copies, a member's own copy, ticking by the member (htmx) and
the interventionist, progress on the case page, and the readiness checks they feed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from demo.families import house_templates, library
from families.content import TEMPLATES
from families.models import ChecklistTemplate, ImpactLetter, InterventionModel, ItemKind
from families.services import checklists as services
from interventions.models import Stage
from interventions.readiness import checks_for
from tests.factories import (
    ChecklistFactory,
    ChecklistTemplateFactory,
    FamilyMemberFactory,
    ImpactLetterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def house():
    from demo.context import SeedContext

    context = SeedContext()
    library(context)
    house_templates(context)
    return {t.model: t for t in ChecklistTemplate.objects.filter(organization=None)}


def test_there_is_a_house_template_for_each_model_with_the_item_kinds(house):
    assert set(house) == set(InterventionModel.values) == set(TEMPLATES)
    kinds = {item.kind for template in house.values() for item in template.items.all()}
    assert kinds == set(ItemKind.values)
    assert house["johnson"].items.filter(kind="read", article__isnull=False).exists()


def test_assigning_gives_the_member_an_independent_copy(house, member, alice):
    checklist = services.checklist_assign(member=member, template=house["johnson"], by=alice)
    assert [i.title for i in checklist.items.all()] == [i.title for i in house["johnson"].items.all()]
    house["johnson"].items.update(title="changed")
    assert not checklist.items.filter(title="changed").exists()


def test_a_practice_copies_a_house_template_and_edits_its_copy(client, house, alice, practice):
    client.force_login(alice)
    client.post(reverse("families:template-copy", kwargs={"template": house["craft"].pk}))
    copy = ChecklistTemplate.objects.get(organization=practice)
    assert copy.items.count() == house["craft"].items.count()
    data = {
        "t-name": "Our CRAFT",
        "t-model": "craft",
        "t-description": "",
        "t-is_active": "on",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-kind": "custom",
        "items-0-title": "Call us weekly",
        "items-1-kind": "read",
        "items-1-title": "",
    }
    response = client.post(copy.get_absolute_url(), data)
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.name == "Our CRAFT" and [i.title for i in copy.items.all()] == ["Call us weekly"]


def test_house_templates_are_read_only(client, house, alice):
    client.force_login(alice)
    response = client.post(house["johnson"].get_absolute_url(), {"t-name": "mine"})
    assert response.status_code == 403


def test_another_practice_template_is_a_404(client, alice, other_practice):
    template = ChecklistTemplateFactory(organization=other_practice)
    client.force_login(alice)
    assert client.get(template.get_absolute_url()).status_code == 404


def test_the_family_member_ticks_an_item_with_htmx_and_gets_the_row_and_progress(client, member, carol):
    checklist = ChecklistFactory(member=member, items=3)
    item = checklist.items.first()
    client.force_login(carol)
    url = reverse("families:portal-item-toggle", kwargs={"member": member.pk, "item": item.pk})
    response = client.post(url, {"done": "1"}, headers={"HX-Request": "true"})
    item.refresh_from_db()
    assert item.done_by == carol and item.is_done
    html = response.content.decode()
    assert f'id="item-row-{item.pk}"' in html and "checked" in html
    assert 'hx-swap-oob="true"' in html and "1 of 3" in html
    client.post(url, {}, headers={"HX-Request": "true"})  # unticking sends no "done"
    item.refresh_from_db()
    assert not item.is_done


def test_the_interventionist_ticks_an_item(client, member, alice):
    item = ChecklistFactory(member=member, items=1).items.get()
    client.force_login(alice)
    url = reverse("families:item-toggle", kwargs={"case": member.case_id, "member": member.pk, "item": item.pk})
    assert client.post(url, {"done": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by == alice


def test_progress_shows_on_the_case_page_in_constant_queries(client, case, alice, django_assert_max_num_queries):
    client.force_login(alice)
    url = case.get_absolute_url()
    counts = []
    for size in (2, 20):
        for _ in range(size - case.family_members.count()):
            member = FamilyMemberFactory(case=case)
            ChecklistFactory(member=member, items=2)
            ImpactLetterFactory(member=member)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        assert "Family and friends" in page and "0/2" in page and "Accounting of disclosures" in page
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(url)


def test_family_page_makes_a_constant_number_of_queries(client, case, alice, django_assert_max_num_queries):
    client.force_login(alice)
    url = reverse("families:family-home", kwargs={"case": case.pk})
    for size in (2, 20):
        for _ in range(size - case.family_members.count()):
            ImpactLetterFactory(member=FamilyMemberFactory(case=case), status="approved")
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def _readiness(case):
    return {result.label: result for result, _ in checks_for(case, Stage.SCHEDULED)}


def test_readiness_needs_finished_checklists_and_approved_speaker_letters(case, member, alice):
    checklist = ChecklistFactory(member=member, items=2)
    support = FamilyMemberFactory(case=case, role="support", name="Mei")
    results = _readiness(case)
    checklists = results["Every speaker and support participant has finished their checklist"]
    letters = results["Every speaker's impact letter is approved"]
    assert not checklists.ok and "Carol Chen" in checklists.missing and "Mei" in checklists.missing
    assert checklists.fix_url == reverse("families:family-home", kwargs={"case": case.pk})
    assert not letters.ok and "Carol Chen" in letters.missing and "Mei" not in letters.missing
    for item in checklist.items.all():
        services.checklist_item_set_done(item=item, done=True, by=alice)
    ChecklistFactory(member=support, items=0)
    ImpactLetterFactory(member=member, status=ImpactLetter.Status.APPROVED)
    results = _readiness(case)
    assert not results["Every speaker and support participant has finished their checklist"].ok  # Mei has no items
    support.checklist.items.create(title="Come to rehearsal", kind="rehearsal", done_at=member.created_at)
    results = _readiness(case)
    assert all(result.ok for result in results.values() if result.label.startswith("Every"))


def test_readiness_asks_for_participants_when_there_are_none(case):
    result = _readiness(case)["Every speaker and support participant has finished their checklist"]
    assert not result.ok and "Add the family members" in result.missing


def test_mallory_gets_404(client, mallory, member):
    item = ChecklistFactory(member=member, items=1).items.get()
    client.force_login(mallory)
    url = reverse("families:item-toggle", kwargs={"case": member.case_id, "member": member.pk, "item": item.pk})
    assert client.post(url, {"done": "1"}).status_code == 404
    item.refresh_from_db()
    assert not item.is_done
