"""The demo practices and people, and `seed_demo` itself: it adds nothing the second time and always prints
the logins."""

from __future__ import annotations

from django.apps import apps

from accounts.models import Organization, User
from demo.context import DEMO_PASSWORD
from families.models import Article
from tests.demo.conftest import seed_demo


def all_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_loads_once_then_adds_nothing_and_always_prints_the_logins(seeded):
    assert "Demo data loaded" in seeded and "alice@harbor.example" in seeded
    assert Article.objects.exists()  # every app's step ran
    before = all_counts()
    again = seed_demo()
    assert all_counts() == before
    assert "nothing added" in again
    assert "alice@harbor.example" in again and DEMO_PASSWORD in again


def test_seed_demo_has_two_practices_a_directory_admin_and_a_family_member(seeded):
    harbor = Organization.objects.get(name="Harbor Intervention Group")
    assert harbor.memberships.filter(role="owner").count() == 1
    assert harbor.memberships.filter(role="interventionist").count() == 2
    assert Organization.objects.filter(name="Summit Family Recovery").exists()
    assert User.objects.get(email="dana@directory.example").is_directory_admin
    carol = User.objects.get(email="carol@family.example")
    assert not carol.is_practice_staff and not carol.is_directory_admin
    assert carol.check_password(DEMO_PASSWORD)
