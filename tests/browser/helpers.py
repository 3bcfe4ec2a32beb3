"""What every browser test does: log in through the real form."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Submit the login form (the caller waits for whatever page should follow)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in_staff(page, user) -> None:
    """Log a practice member in and wait for their start page, the caseload."""
    log_in(page, user.email)
    page.get_by_role("heading", name="Caseload").wait_for()
