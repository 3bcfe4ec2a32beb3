"""The demo data is seeded once per test module (`seeded`); each test's changes are rolled back after it, the
seeding after the module. Passwords are hashed with a fast hasher here: the demo logins are not what is tested."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db) -> str:
    """The demo data, loaded by `seed_demo` on an empty database; returns what that first run printed."""
    return _seeded_module


def seed_demo() -> str:
    """Run `seed_demo` again; returns what it printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
