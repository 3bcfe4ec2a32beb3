"""A checklist follows what the member does: reading an article ticks its reading item, submitting the letter ticks
the letter item; support members and observers get no letter or boundary items and cannot open the letter page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from demo.context import SeedContext
from demo.families import house_templates, library
from families.models import ChecklistTemplate
from families.services import checklists as services
from tests.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def johnson():
    context = SeedContext()
    library(context)
    house_templates(context)
    return ChecklistTemplate.objects.get(organization=None, model="johnson")


def portal(name: str, member) -> str:
    return reverse(f"families:{name}", kwargs={"member": member.pk})


def test_reading_an_article_ticks_its_reading_item(client, johnson, member, carol, alice):
    checklist = services.checklist_assign(member=member, template=johnson, by=alice)
    item = checklist.items.get(title="Read: What happens at an intervention")
    other = checklist.items.get(title="Read: Addiction is a health condition")
    client.force_login(carol)
    response = client.get(reverse("families:article-detail", kwargs={"article": item.article.slug}))
    assert response.status_code == 200
    item.refresh_from_db()
    other.refresh_from_db()
    assert item.is_done and item.done_by == carol
    assert not other.is_done


def test_reading_the_letter_guide_does_not_tick_the_letter_item(client, johnson, member, carol, alice):
    checklist = services.checklist_assign(member=member, template=johnson, by=alice)
    letter_item = checklist.items.get(kind="letter")
    client.force_login(carol)
    client.get(reverse("families:article-detail", kwargs={"article": letter_item.article.slug}))
    letter_item.refresh_from_db()
    assert not letter_item.is_done


def test_a_staff_member_reading_an_article_ticks_nothing(client, johnson, member, alice):
    checklist = services.checklist_assign(member=member, template=johnson, by=alice)
    item = checklist.items.get(title="Read: What happens at an intervention")
    client.force_login(alice)
    client.get(reverse("families:article-detail", kwargs={"article": item.article.slug}))
    item.refresh_from_db()
    assert not item.is_done


def test_submitting_the_letter_ticks_the_letter_item(client, johnson, member, carol, alice):
    checklist = services.checklist_assign(member=member, template=johnson, by=alice)
    client.force_login(carol)
    client.post(portal("portal-letter-submit", member), {"body": "Dear Sam, please go today."})
    letter_item = checklist.items.get(kind="letter")
    assert letter_item.is_done and letter_item.done_by == carol


@pytest.mark.parametrize(
    ("role", "kinds"),
    [("support", {"read", "rehearsal", "logistics"}), ("observer", {"read"})],
)
def test_a_member_who_does_not_speak_has_no_letter_or_boundary_items(client, johnson, case, carol, alice, role, kinds):
    """A support member gets everything but the letter and the boundary; an observer the reading only."""
    member = FamilyMemberFactory(case=case, user=carol, email=carol.email, role=role)
    checklist = services.checklist_assign(member=member, template=johnson, by=alice)
    assert {item.kind for item in checklist.items.all()} == kinds
    titles = [item.title for item in checklist.items.all()]
    assert ("Attend the rehearsal" in titles) == (role == "support")
    assert not [title for title in titles if "letter" in title.lower() or "boundary" in title.lower()]
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert "impact letter" not in page and "Agree your boundary" not in page
    assert client.get(portal("portal-letter", member)).status_code == 403
    assert client.post(portal("portal-letter-submit", member), {"body": "Dear Sam"}).status_code == 403
    assert client.post(portal("portal-letter-autosave", member), {"body": "Dear Sam"}).status_code == 403
    assert not hasattr(member, "letter") or not member.letter.body


def test_a_speaker_who_becomes_support_no_longer_sees_the_letter_items(client, johnson, member, carol, alice):
    services.checklist_assign(member=member, template=johnson, by=alice)
    member.role = "support"
    member.save()
    client.force_login(carol)
    page = client.get(member.get_portal_url()).content.decode()
    assert "impact letter" not in page and "Agree your boundary" not in page
