"""Time zones: the one way a page, an email, a calendar file or a PDF picks the zone its times are shown in.

- A practice has one zone (`Organization.time_zone`, `Organization.zone`); every time of its cases is shown, sent and
  printed in it. A user may set their own (`User.time_zone`), which their pages then use.
- In a request, `accounts.middleware.TimeZoneMiddleware` activates `zone_for_user(request.user)`.
- Outside a request (Celery tasks, emails, the PDF, calendar files) code wraps the work in
  `with in_practice_zone(case.organization):` so Django's template filters and `timezone.localtime()` use it.
- An event at a place in another zone (an intervention plan's `time_zone`; an admission, at the facility's
  `Facility.zone`: `Referral.admission_zone`) is shown in that place's zone, named: see `place_time`.

A family member has no membership; the app that links them to cases registers `family_practice_resolvers`
(a `(user) -> Organization | None`) from its AppConfig.ready(), so accounts imports nothing above it (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import dateformat, timezone

if TYPE_CHECKING:
    from .models import Organization, User

family_practice_resolvers: list[Callable[[User], Organization | None]] = []


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted (the choices of the time zone fields)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_choices(blank: str) -> list[tuple[str, str]]:
    """Choices for a select: `blank` (what an empty value means) first, then every zone."""
    return [("", blank), *((name, name.replace("_", " ")) for name in zone_names())]


def validate_time_zone(name: str) -> None:
    """A model field validator: an empty value or a known IANA name (e.g. America/Chicago)."""
    if name and name not in zone_names():
        raise ValidationError("Not a known time zone (e.g. America/Chicago).", code="invalid_time_zone")


def time_zone_field(verbose_name: str, *, help_text: str, **options: Any) -> models.CharField:
    """A model field holding a zone's IANA name, checked against the zones Python knows (practice, user,
    facility and plan zones are all one)."""
    return models.CharField(
        verbose_name, max_length=64, validators=[validate_time_zone], help_text=help_text, **options
    )


def default_time_zone() -> str:
    return str(settings.TIME_ZONE)


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The zone of that name; the installation's when empty or unknown (a removed zone never breaks a page)."""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_for_user(user: User | None) -> zoneinfo.ZoneInfo:
    """The zone a user's pages are in: their own if set, else their practice's (a family member: that of the practice
    of a case they belong to), else the installation's."""
    if user is None or not user.is_authenticated:
        return zone_named("")
    if user.time_zone:
        return zone_named(user.time_zone)
    organization = user.primary_organization
    if organization is None:
        organization = next((o for o in (resolve(user) for resolve in family_practice_resolvers) if o), None)
    return organization.zone if organization is not None else zone_named("")


def activate_for_case_page(user: User, organization: Organization) -> None:
    """On a page of one case, a reader who set no zone of their own sees the case's practice zone (a family member
    on cases of two practices). The middleware's `timezone.override` resets it after the request."""
    if not user.time_zone:
        timezone.activate(organization.zone)


@contextmanager
def in_practice_zone(organization: Organization) -> Iterator[zoneinfo.ZoneInfo]:
    """Render everything inside in the practice's zone (emails, tasks, PDFs, calendar files, timeline notes)."""
    zone = organization.zone
    with timezone.override(zone):
        yield zone


def zone_label(zone: dt.tzinfo) -> str:
    """The IANA name of a zone (`America/Los_Angeles`)."""
    return str(getattr(zone, "key", zone))


def local_text(moment: dt.datetime, fmt: str = "M j, Y, H:i T", zone: dt.tzinfo | None = None) -> str:
    """A moment as text in `zone` (default: the active one) with its abbreviation, for text stored or sent."""
    return dateformat.format(timezone.localtime(moment, zone), fmt)


def place_time(moment: dt.datetime, zone: dt.tzinfo, fmt: str = "l, F j, Y, g:i A T") -> str:
    """A moment at a place in `zone`: "Saturday, December 5, 2026, 10:00 AM MST (America/Denver)". The zone is named
    only when it differs from the active one (the reader's), where an abbreviation alone could be misread."""
    text = local_text(moment, fmt, zone)
    if zone_label(zone) != zone_label(timezone.get_current_timezone()):
        text += f" ({zone_label(zone)})"
    return text
