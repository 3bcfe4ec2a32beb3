"""The family side follows the model of the case's plan (issue 17): the portal explains that model to each member in
their role, letters appear only where the model uses them (not CRAFT), checklist items follow the member's role, and
the checklist suggested first is the one of the plan's model."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from demo.context import SeedContext
from demo.families import house_templates, library
from families.models import Checklist, ChecklistTemplate, ItemKind
from families.services import checklists as services
from interventions.workflows import workflow_for
from tests.factories import FamilyMemberFactory, ImpactLetterFactory, InterventionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def house():
    context = SeedContext()
    library(context)
    house_templates(context)
    return {t.model: t for t in ChecklistTemplate.objects.filter(organization=None)}


def _portal(client, user, member) -> str:
    client.force_login(user)
    response = client.get(member.get_portal_url())
    assert response.status_code == 200
    return response.content.decode()


def _main(page: str) -> str:
    """The page's own content (the site's header and footer aside), in lower case."""
    return page[page.index("<main") : page.index("</main>")].lower()


@pytest.mark.parametrize("model", ["johnson", "invitational", "arise", "craft"])
@pytest.mark.parametrize("role", ["speaker", "observer"])
def test_the_portal_explains_the_plans_model_to_the_member_in_their_role(client, case, carol, model, role):
    InterventionPlanFactory(case=case, model=model)
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email, role=role)
    page = _portal(client, carol, member)
    portal = workflow_for(model).portal
    intro, part = portal.render(person="Sam", lead=str(case.lead), role=role)
    assert f">{portal.title}</h2>" in page
    assert intro in page.replace("&#x27;", "'")
    assert part and part in page.replace("&#x27;", "'")
    assert "Your role: <strong>" + member.role_name + "</strong>" in page


@pytest.mark.parametrize("role", ["speaker", "support", "observer"])
def test_the_craft_portal_says_nothing_of_letters_or_boundaries(client, case, carol, house, alice, role):
    InterventionPlanFactory(case=case, model="craft")
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email, role=role)
    services.checklist_assign(member=member, template=house["craft"], by=alice)
    main = _main(_portal(client, carol, member))
    assert "how craft works" in main and "no confrontation" in main
    assert "letter" not in main and "boundar" not in main
    assert "support for you" in main and "craft-based groups" in main
    assert client.get(reverse("families:portal-letter", kwargs={"member": member.pk})).status_code == 403


def test_the_johnson_portal_asks_to_keep_the_plan_private_and_offers_the_letter(client, case, member, carol):
    InterventionPlanFactory(case=case, model="johnson")
    page = _portal(client, carol, member)
    assert "Please keep the plan private until the day." in page
    assert "Your letter" in page and "My letter" in page


def test_the_invitational_portal_says_the_person_is_invited_openly(client, case, member, carol):
    InterventionPlanFactory(case=case, model="invitational")
    page = _portal(client, carol, member)
    assert "Sam is invited openly to a family meeting" in page
    assert "private until the day" not in page and "secret from them" in page  # "nothing is kept secret from them"


def test_without_a_plan_the_portal_says_the_interventionist_will_explain_the_approach(client, member, carol):
    page = _portal(client, carol, member)
    assert "will explain which approach your family will follow" in page
    assert "surprise" not in page.lower() and "private until the day" not in page


def test_the_staff_pages_say_nothing_of_letters_for_a_craft_plan(client, case, member, alice):
    InterventionPlanFactory(case=case, model="craft")
    ImpactLetterFactory(member=member)  # written before the plan switched to CRAFT: kept, not shown
    client.force_login(alice)
    family = _main(client.get(reverse("families:family-home", kwargs={"case": case.pk})).content.decode())
    detail = _main(client.get(member.get_absolute_url()).content.decode())
    assert "letter" not in family and "letter" not in detail
    assert "speaker" in family and "speaker" in detail


def test_the_staff_pages_show_letters_for_a_johnson_plan(client, case, member, alice):
    InterventionPlanFactory(case=case, model="johnson")
    client.force_login(alice)
    family = client.get(reverse("families:family-home", kwargs={"case": case.pk})).content.decode()
    detail = client.get(member.get_absolute_url()).content.decode()
    assert "Approved letters and reading order" in family and "Impact letter" in detail


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        ("speaker", set(ItemKind.values) - {"custom"}),  # every item of the Johnson template
        ("support", {"read", "rehearsal", "logistics"}),
        ("observer", {"read"}),
    ],
)
def test_checklist_items_follow_the_role(client, case, house, alice, role, kinds):
    member = FamilyMemberFactory(case=case, role=role)
    checklist = services.checklist_assign(member=member, template=house["johnson"], by=alice)
    assert {item.kind for item in checklist.items.all()} == kinds
    expected = house["johnson"].items.filter(kind__in=kinds).count()
    assert checklist.items.count() == expected
    client.force_login(alice)
    page = client.get(member.get_absolute_url()).content.decode()
    if role == "speaker":
        assert 'id="left-out"' not in page
    else:
        left_out = re.search(r'id="left-out">(.*?)</p>', page, re.S).group(1)
        assert f"for the {member.role_name.lower()} role" in left_out
        assert "Write your impact letter" in left_out and "Agree your boundary" in left_out


def test_a_speaker_who_becomes_an_observer_sees_the_reading_only(client, case, member, carol, house, alice):
    services.checklist_assign(member=member, template=house["johnson"], by=alice)
    member.role = "observer"
    member.save()
    main = _main(_portal(client, carol, member))
    assert "attend the rehearsal" not in main and "read: what happens at an intervention" in main


def _options(page: str) -> list[tuple[bool, str]]:
    select = re.search(r'<select name="template".*?</select>', page, re.S).group(0)
    return [
        (bool(sel), label) for sel, label in re.findall(r'<option value="\d+"( selected)?>([^<]*)</option>', select)
    ]


def test_the_plans_model_checklist_is_suggested_first_the_practice_copy_before_the_house_one(
    client, case, member, house, alice, practice
):
    InterventionPlanFactory(case=case, model="craft")
    own = services.template_copy(template=house["craft"], organization=practice, by=alice)
    client.force_login(alice)
    options = _options(client.get(member.get_absolute_url()).content.decode())
    assert options[0] == (True, f"{own.name} (suggested for this case&#x27;s CRAFT plan)")
    assert options[1] == (False, f"{house['craft'].name} (suggested for this case&#x27;s CRAFT plan)")
    assert [selected for selected, _ in options].count(True) == 1
    others = [label for _, label in options[2:]]
    assert f"{house['johnson'].name} (Johnson model)" in others
    assert f"{house['invitational'].name} (Invitational model)" in others
    assert f"{house['arise'].name} (ARISE model)" in others
    # Another model's template stays choosable.
    url = reverse("families:checklist-assign", kwargs={"case": case.pk, "member": member.pk})
    response = client.post(url, {"template": house["johnson"].pk})
    assert response.status_code == 302
    assert Checklist.objects.get(member=member).template == house["johnson"]


def test_without_a_plan_no_checklist_is_preselected(client, member, house, alice):
    client.force_login(alice)
    options = _options(client.get(member.get_absolute_url()).content.decode())
    assert len(options) == 4 and not any(selected for selected, _ in options)


def test_a_speaker_who_becomes_support_is_not_held_to_the_letter_items_they_no_longer_see(case, member, house, alice):
    """Progress and readiness count the items of the member's role now, as the member sees them."""
    from families.checks import checklists_finished
    from families.queries import family_panel_for

    checklist = services.checklist_assign(member=member, template=house["johnson"], by=alice)
    for item in checklist.items.exclude(kind__in=["letter", "boundary"]):
        services.checklist_item_set_done(item=item, done=True, by=alice)
    assert not checklists_finished(case).ok
    member.role = "support"
    member.save()
    assert checklists_finished(case).ok
    panel = family_panel_for(case)
    assert panel["participants_ready"] == 1
    assert panel["members"][0].items_total == panel["members"][0].items_done == 5


def test_nothing_shared_shows_no_empty_shared_card(client, carol):
    from tests.factories import CaseFactory, FamilyMemberFactory, InterventionPlanFactory

    case = CaseFactory(stage="planning")
    InterventionPlanFactory(case=case, model="craft")
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email)
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert "How CRAFT works" in page
    assert "Shared with you" not in page
