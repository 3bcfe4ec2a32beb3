"""The tests of this package share one `seed_demo` run on an empty database: it is rolled back once the last of
them has run, and each test's own changes are rolled back after it (its transaction nests in the seeding's)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.demo.conftest import FAST_HASHERS, seed_demo


@pytest.fixture(scope="package")
def _seeded_package(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_package, db) -> str:
    """The demo data, loaded by `seed_demo` on an empty database; returns what that first run printed."""
    return _seeded_package
