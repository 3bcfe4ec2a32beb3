"""The families seed: library and house checklists always; members, letters and consents once Harbor has cases."""

from __future__ import annotations

import pytest

from accounts.models import Organization, User
from consents.models import Consent
from demo.accounts import run as accounts_seed
from demo.context import SeedContext
from demo.families import run
from families.models import Article, ChecklistTemplate, FamilyMember, ImpactLetter
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def seed() -> int:
    context = SeedContext()
    accounts_seed(context)
    run(context)
    return context.created


def test_without_cases_only_the_library_and_templates_are_added():
    seed()
    assert Article.objects.count() >= 6 and ChecklistTemplate.objects.filter(organization=None).count() == 4
    assert not FamilyMember.objects.exists()


def test_with_harbor_cases_it_adds_members_letters_and_consents_once():
    seed()
    harbor = Organization.objects.get(name="Harbor Intervention Group")
    alice = User.objects.get(email="alice@harbor.example")
    first = CaseFactory(organization=harbor, lead=alice)
    second = CaseFactory(organization=harbor, lead=alice)
    assert seed() > 0
    carol = User.objects.get(email="carol@family.example")
    assert set(FamilyMember.objects.of_user(carol).values_list("case", flat=True)) == {first.pk, second.pk}
    assert {c.status for c in Consent.objects.filter(case=first)} == {"expires", "expired", "revoked"}
    assert set(ImpactLetter.objects.values_list("status", flat=True)) == {"submitted", "approved"}
    progress = {
        m.name: (m.checklist.items.filter(done_at__isnull=False).count(), m.checklist.items.count())
        for m in FamilyMember.objects.filter(case=first)
    }
    assert progress["Daniel Chen"][0] == progress["Daniel Chen"][1] and progress["Mei Chen"][0] == 0
    assert 0 < progress["Carol Chen"][0] < progress["Carol Chen"][1]
    assert seed() == 0
