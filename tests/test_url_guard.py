"""Walks every URL of our apps: anonymous is sent to log in; an outsider gets a 404 on any object URL.

A new view fails here until it is protected. Object URLs take their kwargs from OBJECTS below: a new
kind of kwarg needs an entry there (an object of practice A that mallory must not reach).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from facilities.models import ImportJob
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    BedAvailabilityFactory,
    CaseFactory,
    CaseNoteFactory,
    CaseSummaryFactory,
    ChecklistFactory,
    ChecklistTemplateFactory,
    ConsentFactory,
    FacilityFactory,
    FamilyMemberFactory,
    FamilySupportSessionFactory,
    FollowUpFactory,
    ImpactLetterFactory,
    InterventionPlanFactory,
    NotificationFactory,
    ParticipantFactory,
    ReferralFactory,
    SafetyFlagFactory,
)

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = {"accounts", "interventions", "facilities", "consents", "families", "aftercare"}
# URLs open to anonymous visitors on purpose (each with its reason).
PUBLIC: set[str] = {
    "families:invitation-accept",  # the emailed invitation: the single-use token in the URL is the key
    "consents:sign",  # the emailed signing link: the single-use token in the URL is the key
    "consents:sign-done",  # the thank-you page after signing: it names nobody and offers nothing
    "facilities:bed-confirm",  # the emailed bed-confirmation link: the single-use token in the URL is the key
    "facilities:bed-confirm-done",  # the thank-you page after confirming beds: it names nothing
}
# URLs without an object in them, that any signed-in user may open (they show the user's own scope).
UNSCOPED = {
    "home",
    "families:portal-home",
    "interventions:dashboard",
    "interventions:case-create",
    "interventions:calendar-feed-settings",
    "aftercare:followups",
    "aftercare:notifications",
    "aftercare:bell",
    "aftercare:notifications-read-all",
    # The education library's house articles are shared by every practice (no case data): any signed-in user reads
    # them, directory admins edit them, owners copy them into their practice (tests/families/test_library.py checks
    # that a practice's own articles are a 404 to everybody else).
    "families:library",
    "families:article-create",
    "families:article-detail",
    "families:article-edit",
    "families:article-copy",
    "families:template-list",
}


def walk(resolvers: list[Any], namespace: str | None = None) -> Iterator[tuple[str, list[str]]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, entry.namespace or namespace)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and (namespace in OUR_NAMESPACES or (namespace is None and entry.name == "home"))
        ):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, list(entry.pattern.converters)


ROUTES = sorted(set((name, tuple(kwargs)) for name, kwargs in walk(get_resolver().url_patterns)))
# The facility directory is shared by every practice (DESIGN.md): another practice's staff may read it, so its
# outsider is a family member, who gets a 404 on every directory URL. Routes that name a practice (`org`) stay
# with the other-practice check below.
DIRECTORY = {
    name for name, kwargs in ROUTES if name.startswith("facilities:") and "org" not in kwargs and name not in PUBLIC
}
OBJECT_ROUTES = [(name, kwargs) for name, kwargs in ROUTES if kwargs and name not in UNSCOPED | PUBLIC | DIRECTORY]
DIRECTORY_ROUTES = [(name, kwargs) for name, kwargs in ROUTES if name in DIRECTORY]


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice)


@pytest.fixture
def facility(db):
    return FacilityFactory()


@pytest.fixture
def import_job(dana):
    return ImportJob.objects.create(
        format="native", file=ContentFile(b"", name="x.csv"), filename="x.csv", created_by=dana
    )


@pytest.fixture
def objects(practice, olivia, alice, case, facility, import_job) -> dict[str, Callable[[], Any]]:
    """An object of practice A for each URL kwarg."""
    return guard_objects(case, facility=facility, import_job=import_job)


def guard_objects(case, *, facility, import_job) -> dict[str, Callable[[], Any]]:
    """For each URL kwarg, how to make an object belonging to `case` (or its practice). Lazy: a URL makes
    only what it names. Other access tests (the family portal's) reuse it."""
    practice, alice = case.organization, case.lead

    def plan():
        return case.current_plan or InterventionPlanFactory(case=case)

    return {
        "org": lambda: practice.pk,
        "membership": lambda: alice.memberships.get().pk,
        "case": lambda: case.pk,
        "note": lambda: CaseNoteFactory(case=case).pk,
        "facility": lambda: facility.pk,
        "beds": lambda: BedAvailabilityFactory(facility=facility).pk,
        "job": lambda: import_job.pk,
        "referral": lambda: ReferralFactory(case=case, facility=facility).pk,
        "assessment": lambda: AssessmentFactory(case=case).pk,
        "flag": lambda: SafetyFlagFactory(case=case).pk,
        "participant": lambda: ParticipantFactory(plan=plan()).pk,
        "plan_session": lambda: plan().sessions.create(starts_at=case.created_at).pk,
        "version": lambda: InterventionPlanFactory(case=case, version=99, is_current=False).version,
        "summary": lambda: CaseSummaryFactory(case=case, status="ready").pk,
        "followup": lambda: FollowUpFactory(case=case).pk,
        "session": lambda: FamilySupportSessionFactory(case=case).pk,
        "episode": lambda: case.episodes.create(admitted_at=timezone.now()).pk,
        "notification": lambda: NotificationFactory(recipient=alice, case=case).pk,
        "member": lambda: _member(case).pk,
        "invitation": lambda: _invitation(case).pk,
        "consent": lambda: ConsentFactory(recipient=_member(case)).pk,
        "letter": lambda: ImpactLetterFactory(member=FamilyMemberFactory(case=case)).pk,
        "item": lambda: _item(case).pk,
        "template": lambda: ChecklistTemplateFactory(organization=practice).pk,
        "article": lambda: ArticleFactory().slug,
        "token": lambda: "not-a-real-token",
        "signing": lambda: _signing(case).pk,
        "packet": lambda: _packet(case, facility).pk,
    }


def _member(case):
    """The case's first family member (so that member/item/invitation kwargs of one URL belong together)."""
    return case.family_members.first() or FamilyMemberFactory(case=case)


def _invitation(case):
    from families.models import Invitation

    member = _member(case)
    return Invitation.objects.create(
        member=member,
        email=member.email,
        token_hash=f"guard-{member.pk}",
        expires_at=case.created_at,
        sent_by=case.lead,
    )


def _signing(case):
    from consents.models import Consent, SigningRequest

    consent = Consent.objects.filter(case=case).first() or ConsentFactory(recipient=_member(case))
    return SigningRequest.objects.create(
        consent=consent, email="guard@example.net", expires_at=case.created_at, created_by=case.lead
    )


def _packet(case, facility):
    """A referral packet, built (its PDF in private storage), under a consent naming the facility."""
    from django.core.files.base import ContentFile

    from consents.models import ReferralPacket

    consent = ConsentFactory(recipient=facility, case=case, categories=["identity_and_contact"])
    packet = ReferralPacket.objects.create(
        referral=ReferralFactory(case=case, facility=facility),
        consent=consent,
        categories=["identity_and_contact"],
        status=ReferralPacket.Status.TO_HAND_OVER,
        created_by=case.lead,
    )
    packet.file.save("packet.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return packet


def _item(case):
    member = _member(case)
    checklist = getattr(member, "checklist", None) or ChecklistFactory(member=member, items=1)
    return checklist.items.first()


def build_url(name: str, kwargs: tuple[str, ...], objects: dict[str, Callable[[], Any]]) -> str:
    missing = [kwarg for kwarg in kwargs if kwarg not in objects]
    assert not missing, f"{name}: add an object for URL kwargs {missing} to tests/test_url_guard.py"
    return reverse(name, kwargs={kwarg: objects[kwarg]() for kwarg in kwargs})


@pytest.mark.parametrize(("name", "kwargs"), ROUTES, ids=[name for name, _ in ROUTES])
def test_anonymous_is_sent_to_login(client, objects, name, kwargs):
    url = build_url(name, kwargs, objects)
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code in (200, 302, 404)
        return
    assert response.status_code == 302, f"{name} answered {response.status_code} to an anonymous visitor"
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), OBJECT_ROUTES, ids=[name for name, _ in OBJECT_ROUTES])
def test_outsider_gets_404(client, objects, mallory, name, kwargs):
    client.force_login(mallory)
    url = build_url(name, kwargs, objects)
    statuses = (client.get(url).status_code, client.post(url).status_code)
    # A method the view does not take may answer 405 (it reveals nothing); the one it takes must be 404.
    assert set(statuses) <= {404, 405} and 404 in statuses, f"{name} answered {statuses} to another practice"


@pytest.mark.parametrize(("name", "kwargs"), DIRECTORY_ROUTES, ids=[name for name, _ in DIRECTORY_ROUTES])
def test_family_member_gets_404_on_the_directory(client, objects, carol, name, kwargs):
    client.force_login(carol)
    url = build_url(name, kwargs, objects)
    statuses = (client.get(url).status_code, client.post(url).status_code)
    assert set(statuses) <= {404, 405} and 404 in statuses, f"{name} answered {statuses} to a family member"


def test_every_route_is_known():
    assert ROUTES, "no routes found"
    assert {name for name, _ in ROUTES} >= {"home", "accounts:organization-detail", "accounts:audit-log"}


@pytest.mark.parametrize(
    "name", ["interventions:dashboard", "interventions:case-create", "aftercare:followups", "families:template-list"]
)
def test_family_member_gets_404_on_staff_list_pages(client, carol, name):
    client.force_login(carol)
    assert client.get(reverse(name)).status_code == 404


def test_navigation_marks_only_the_most_specific_entry_current(client, practice, olivia):
    client.force_login(olivia)
    response = client.get(reverse("accounts:audit-log", kwargs={"org": practice.pk}))
    active = [item.label for item in response.context["nav"].items if item.active]
    assert active == ["Practice"]  # the audit log is one of the practice's pages
