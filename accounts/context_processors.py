"""Navigation that depends on the role, computed only when a template uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


@dataclass
class NavItem:
    label: str
    url: str
    active: bool = False


@dataclass
class Navigation:
    role_label: str = ""
    items: list[NavItem] = field(default_factory=list)
    is_owner: bool = False
    is_staff_member: bool = False
    is_directory_admin: bool = False
    is_family: bool = False


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    audience: str  # "staff" | "owner" | "directory" | "family"
    per_practice: bool = False  # the URL takes the user's practice as `org`


# The whole menu, in the order it shows. URL names are strings: no app is imported, so accounts stays the lowest app.
NAV_ENTRIES: list[NavEntry] = [
    NavEntry("Caseload", "interventions:dashboard", "staff"),
    NavEntry("Follow-ups", "aftercare:followups", "staff"),
    NavEntry("Reports", "reports:report", "staff"),  # owners: the practice; interventionists: their own caseload
    NavEntry("My portal", "families:portal-home", "family"),
    NavEntry("Facilities", "facilities:facility-list", "directory"),
    NavEntry("Facilities", "facilities:facility-list", "staff"),
    NavEntry("Imports", "facilities:import-list", "directory"),
    NavEntry("Library", "families:library", "staff"),
    NavEntry("Library", "families:library", "family"),
    NavEntry("Library", "families:library", "directory"),
    NavEntry("Checklists", "families:template-list", "staff"),
    # The calendar feed is a personal setting: it is in the user's menu (partials/_nav.html), which leaves room for
    # Reports within seven entries.
    # The owner's practice tools (members, time zone, security, the follow-up schedule, the audit log) are on the
    # practice page: ten entries wrapped the menu onto two lines at 1280 px.
    NavEntry("Practice", "accounts:organization-detail", "staff", per_practice=True),
]


def _build(request: HttpRequest) -> Navigation:
    user = request.user
    nav = Navigation()
    if not user.is_authenticated:
        return nav
    organization = user.primary_organization
    membership = user.membership_for(organization) if organization else None
    nav.is_staff_member = membership is not None
    nav.is_owner = bool(membership and membership.is_owner)
    nav.is_directory_admin = user.is_directory_admin
    nav.is_family = not nav.is_staff_member and not nav.is_directory_admin
    if membership:
        nav.role_label = f"{membership.get_role_display()}, {organization}"
    elif nav.is_directory_admin:
        nav.role_label = "Directory admin"
    else:
        nav.role_label = "Family member"
    flags = {"staff": nav.is_staff_member, "owner": nav.is_owner, "directory": nav.is_directory_admin}
    audiences = {audience for audience, held in {**flags, "family": nav.is_family}.items() if held}
    for entry in NAV_ENTRIES:
        if entry.audience not in audiences or (entry.per_practice and organization is None):
            continue
        url = reverse(entry.url_name, kwargs={"org": organization.pk} if entry.per_practice and organization else None)
        if all(item.url != url for item in nav.items):  # staff who are also directory admins: one entry
            nav.items.append(NavItem(entry.label, url))
    _mark_current(nav.items, request.path)
    return nav


def _mark_current(items: list[NavItem], path: str) -> None:
    """The current page is the entry whose URL is the longest prefix of the path (/practice/1/audit/ is
    "Audit log", not also "Practice")."""
    matches = [item for item in items if item.url != "/" and path.startswith(item.url)]
    if matches:
        max(matches, key=lambda item: len(item.url)).active = True


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav": SimpleLazyObject(lambda: _build(request))}
