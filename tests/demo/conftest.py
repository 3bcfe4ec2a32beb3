"""Passwords are hashed with a fast hasher in the demo tests: the demo logins are not what is tested."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


def seed_demo() -> str:
    """Run `seed_demo`; returns what it printed."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()
