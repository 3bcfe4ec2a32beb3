"""What every browser test does: log in through the real form; and what every page must do on a phone: fit."""

from __future__ import annotations

from tests.factories import PASSWORD

PHONE_WIDTH = 390  # an iPhone 12 to 15 held upright


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


def phone_page(browser, live_server, width: int = PHONE_WIDTH):
    """A page in its own browser context the width of a phone (close it with `page.context.close()`)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def assert_no_sideways_scroll(page, width: int = PHONE_WIDTH) -> None:
    """Nothing on the page as it is now is wider than the viewport: no horizontal scrolling."""
    scroll = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert scroll <= width, f"{page.url} scrolls sideways at {width} px: it is {scroll} px wide"
