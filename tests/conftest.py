from __future__ import annotations

import os

# Playwright's sync API runs an event loop in the test thread; the ORM beside it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from tests import services  # noqa: E402
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory  # noqa: E402


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers(name="services"):
        missing = services.missing_services(marker.args)
        if missing:
            reason = "; ".join(missing)
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"REQUIRE_SERVICES=1 but a service is missing: {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _flush_opens_audit_maintenance():
    """Transactional tests end with a TRUNCATE of every table, the append-only audit log too (tests/db_roles.py)."""
    from tests.db_roles import flush_opens_audit_maintenance

    with flush_opens_audit_maintenance():
        yield


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Argon2 costs ~0.1 s a password, and nearly every test makes users: tests hash with MD5 (Argon2 hashes still
    verify). test_passwords_are_hashed_with_argon2 checks the production setting."""
    from django.conf import settings
    from django.test import override_settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    ):
        yield


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path / "private", "base_url": None}},
    }
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def celery_eager():
    """Run tasks queued by services in the test process (the worker tests start real workers instead)."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = saved


@pytest.fixture
def practice(db):
    """Practice A, where alice and bob work."""
    return OrganizationFactory(name="Harbor Intervention Group")


@pytest.fixture
def other_practice(db):
    """Practice B, mallory's: it must never see practice A."""
    return OrganizationFactory(name="Summit Family Recovery")


@pytest.fixture
def olivia(practice):
    """The owner of practice A."""
    return MembershipFactory(organization=practice, role="owner", user__display_name="Olivia Owens").user


@pytest.fixture
def alice(practice):
    """An interventionist of practice A."""
    return MembershipFactory(organization=practice, role="interventionist", user__display_name="Alice Alvarez").user


@pytest.fixture
def bob(practice):
    """Alice's colleague in practice A."""
    return MembershipFactory(organization=practice, role="interventionist", user__display_name="Bob Brennan").user


@pytest.fixture
def mallory(other_practice):
    """The owner of practice B: an outsider to everything of practice A."""
    return MembershipFactory(organization=other_practice, role="owner", user__display_name="Mallory Moss").user


@pytest.fixture
def carol(db):
    """A family member (no practice membership)."""
    return UserFactory(display_name="Carol Chen")


@pytest.fixture
def dana(db):
    """A directory admin."""
    from demo.accounts import directory_admins_group

    user = UserFactory(display_name="Dana Diaz")
    user.groups.add(directory_admins_group())
    return user


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=services.CHROMIUM, args=services.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
