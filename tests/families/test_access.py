"""Access: a family member gets a 404 on every staff URL and on the portal objects of another member or case;
an interventionist of another practice gets a 404 on this case's family. The URL patterns are walked, not picked."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from facilities.models import ImportJob
from families.models import Invitation
from tests.factories import (
    ChecklistFactory,
    ChecklistTemplateFactory,
    ConsentFactory,
    FacilityFactory,
    FamilyMemberFactory,
    ImpactLetterFactory,
    UserFactory,
)
from tests.test_url_guard import PUBLIC, ROUTES, UNSCOPED, guard_objects

pytestmark = pytest.mark.django_db

# Family-facing URLs: the portal, and the family member's own PDF summary (served by interventions).
PORTAL = {name for name, _ in ROUTES if name.startswith("families:portal-")} | {
    "interventions:family-summary",
    "interventions:family-summary-detail",
}
STAFF_OBJECT_ROUTES = [(n, k) for n, k in ROUTES if k and n not in PORTAL | PUBLIC | UNSCOPED]
PORTAL_OBJECT_ROUTES = [(n, k) for n, k in ROUTES if n in PORTAL and k]


def objects_for(member) -> dict:
    """An object of the member's own case for each URL kwarg: everything carol could hope to reach."""
    case = member.case
    checklist = ChecklistFactory(member=member, items=1)
    invitation = Invitation.objects.create(
        member=member, email=member.email, token_hash=f"h{member.pk}", expires_at=case.created_at, sent_by=case.lead
    )
    job = ImportJob.objects.create(
        format="native", file=ContentFile(b"", name="x.csv"), filename="x.csv", created_by=case.lead
    )
    others = guard_objects(case, facility=FacilityFactory(), import_job=job)  # every other app's kwargs, lazily
    return {
        **others,
        "case": case.pk,
        "member": member.pk,
        "invitation": invitation.pk,
        "consent": ConsentFactory(recipient=member).pk,
        "letter": ImpactLetterFactory(member=member).pk,
        "item": checklist.items.get().pk,
        "template": ChecklistTemplateFactory(organization=case.organization).pk,
    }


def value(objects: dict, kwarg: str):  # noqa: ANN201
    found = objects[kwarg]
    return found() if callable(found) else found


def test_the_walk_finds_staff_and_portal_routes():
    assert {"families:member-detail", "consents:detail", "interventions:case-detail"} <= {
        n for n, _ in STAFF_OBJECT_ROUTES
    }
    assert {"families:portal-member", "families:portal-letter", "families:portal-consent"} <= PORTAL


def test_a_family_member_gets_404_on_every_staff_url_of_their_own_case(client, member, carol):
    objects = objects_for(member)
    client.force_login(carol)
    for name, kwargs in STAFF_OBJECT_ROUTES:
        url = reverse(name, kwargs={k: value(objects, k) for k in kwargs})
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert statuses <= {404, 405} and 404 in statuses, f"{name} answered {statuses} to a family member"


def test_a_family_member_gets_404_on_every_portal_url_of_another_member(client, member, carol, case, other_case):
    sibling = FamilyMemberFactory(case=case, user=UserFactory())  # same case, another person
    stranger = FamilyMemberFactory(case=other_case, user=UserFactory())  # another case
    client.force_login(carol)
    for other in (sibling, stranger):
        objects = objects_for(other)
        for name, kwargs in PORTAL_OBJECT_ROUTES:
            url = reverse(name, kwargs={k: value(objects, k) for k in kwargs})
            statuses = {client.get(url).status_code, client.post(url).status_code}
            assert statuses <= {404, 405} and 404 in statuses, f"{name} answered {statuses} for another member"


def test_portal_children_must_belong_to_the_member_in_the_url(client, member, carol, case):
    """Carol's own member id with a sibling's item, consent or letter is still a 404."""
    sibling = FamilyMemberFactory(case=case, user=UserFactory())
    theirs = objects_for(sibling)
    client.force_login(carol)
    item_url = reverse("families:portal-item-toggle", kwargs={"member": member.pk, "item": theirs["item"]})
    consent_url = reverse("families:portal-consent", kwargs={"member": member.pk, "consent": theirs["consent"]})
    assert client.post(item_url, {"done": "1"}).status_code == 404
    assert client.get(consent_url).status_code == 404


def test_an_inactive_member_loses_the_portal(client, member, carol):
    member.is_active = False
    member.save()
    client.force_login(carol)
    assert client.get(member.get_portal_url()).status_code == 404


def test_a_colleague_not_on_the_case_gets_404(client, member, bob):
    client.force_login(bob)
    assert client.get(member.get_absolute_url()).status_code == 404


def test_mallory_gets_404(client, mallory, member):
    objects = objects_for(member)
    client.force_login(mallory)
    family_routes = [(n, k) for n, k in STAFF_OBJECT_ROUTES + PORTAL_OBJECT_ROUTES if n.startswith("families:")]
    for name, kwargs in family_routes:
        url = reverse(name, kwargs={k: value(objects, k) for k in kwargs})
        statuses = {client.get(url).status_code, client.post(url).status_code}
        assert statuses <= {404, 405} and 404 in statuses, f"{name} answered {statuses} to another practice"
