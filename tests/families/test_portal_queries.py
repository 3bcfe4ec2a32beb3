"""The portal page reads the consents once for all its panels, logs the read and every disclosure, and makes a
constant, small number of queries (DESIGN.md: at most 10 for the family portal page)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from aftercare.models import AftercarePlan
from consents.models import Disclosure
from interventions.disclosure import Category
from tests.factories import (
    ArticleFactory,
    CaseFactory,
    ChecklistFactory,
    ChecklistItemFactory,
    ConsentFactory,
    FamilyMemberFactory,
    FollowUpFactory,
    ImpactLetterFactory,
    InterventionPlanFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def _grow(case, member, carol, size: int) -> None:
    """More checklist items with articles, more letters on the case, more follow-ups, more cases of carol."""
    checklist = member.checklist if hasattr(member, "checklist") else ChecklistFactory(member=member, items=0)
    for _ in range(size):
        ChecklistItemFactory(checklist=checklist, article=ArticleFactory())
        ImpactLetterFactory(member=FamilyMemberFactory(case=case))
        FollowUpFactory(case=case)
        FamilyMemberFactory(case=CaseFactory(organization=case.organization), user=carol)


@pytest.fixture
def everything_shown(case, member, carol, alice):
    """A consent covering every category, a letter, the family meeting and an aftercare plan."""
    ConsentFactory(recipient=member, categories=list(Category.FAMILY))
    ImpactLetterFactory(member=member)
    ParticipantFactory(plan=InterventionPlanFactory(case=case), user=carol)
    AftercarePlan.objects.create(case=case, version=1, created_by=alice)


def test_the_portal_page_makes_at_most_10_queries_under_a_stage_consent(
    client, case, member, carol, django_assert_max_num_queries
):
    ConsentFactory(recipient=member, categories=[Category.STAGE_AND_STATUS])
    ParticipantFactory(plan=InterventionPlanFactory(case=case), user=carol)
    _grow(case, member, carol, 5)
    client.force_login(carol)
    with django_assert_max_num_queries(10):
        page = client.get(member.get_portal_url())
    assert "Current stage" in page.content.decode()
    assert Disclosure.objects.get().categories == [Category.STAGE_AND_STATUS]


def test_the_portal_page_queries_are_constant_with_every_panel_shown(
    client, case, member, carol, everything_shown, django_assert_max_num_queries
):
    client.force_login(carol)
    _grow(case, member, carol, 1)
    with django_assert_max_num_queries(14):
        small = client.get(member.get_portal_url()).content.decode()
    _grow(case, member, carol, 8)
    with django_assert_max_num_queries(14):
        large = client.get(member.get_portal_url()).content.decode()
    for page in (small, large):
        assert "Current stage" in page and "Facility and admission" in page
        assert "Aftercare plan" in page and "Progress at follow-ups" in page and "The family meeting" in page
    assert large.count("Read: Article") == 9
    assert Disclosure.objects.count() == 2
    assert set(Disclosure.objects.first().categories) == set(Category.FAMILY)


def test_every_portal_read_is_logged(client, member, carol, everything_shown):
    client.force_login(carol)
    client.get(member.get_portal_url())
    client.get(member.get_portal_url())
    assert LogEntry.objects.filter(object_pk=str(member.pk), actor=carol).count() == 2
    assert Disclosure.objects.filter(user=carol, how="portal").count() == 2
