"""What other topics and apps add to the case page and the caseload dashboard, without imports.

- Case page panels: a template included with `case` in its context (read reverse relations off the case).
- Timeline providers: a callable (case) -> list of TimelineEntry.
- Attention providers: a callable (cases queryset visible to the user) -> list of AttentionItem, in a
  constant number of queries.
- Portal panels: a template the family portal includes for a case, each tied to the disclosure category
  it shows (see disclosure.py): the portal includes it only while `may_disclose(user, case, category)`,
  and records the disclosure. `category=None` means not treatment information (e.g. the intervention date).
Register from the AppConfig.ready() of the app that owns the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Case


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # "stage", "note", "assessment", "referral"...
    title: str
    detail: str = ""
    by: Any = None
    url: str = ""


@dataclass(frozen=True)
class AttentionItem:
    case: Case
    kind: str  # "stale", "safety", "overdue"...
    message: str
    url: str
    severity: str = "warning"  # "danger" sorts first


CASE_PANELS: list[tuple[int, str]] = []
TIMELINE_PROVIDERS: list[Callable[[Case], list[TimelineEntry]]] = []
ATTENTION_PROVIDERS: list[Callable[[QuerySet[Case]], list[AttentionItem]]] = []


@dataclass(frozen=True)
class PortalPanel:
    order: int
    template_name: str
    category: str | None


PORTAL_PANELS: list[PortalPanel] = []


def register_portal_panel(template_name: str, *, category: str | None, order: int = 50) -> None:
    panel = PortalPanel(order, template_name, category)
    if panel not in PORTAL_PANELS:
        PORTAL_PANELS.append(panel)
        PORTAL_PANELS.sort(key=lambda item: (item.order, item.template_name))


def register_panel(template_name: str, *, order: int = 50) -> None:
    if (order, template_name) not in CASE_PANELS:
        CASE_PANELS.append((order, template_name))
        CASE_PANELS.sort()


def register_timeline(provider: Callable[[Case], list[TimelineEntry]]) -> None:
    if provider not in TIMELINE_PROVIDERS:
        TIMELINE_PROVIDERS.append(provider)


def register_attention(provider: Callable[[QuerySet[Case]], list[AttentionItem]]) -> None:
    if provider not in ATTENTION_PROVIDERS:
        ATTENTION_PROVIDERS.append(provider)


def panel_templates() -> list[str]:
    return [name for _, name in CASE_PANELS]


def timeline_for(case: Case) -> list[TimelineEntry]:
    entries = [entry for provider in TIMELINE_PROVIDERS for entry in provider(case)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def attention_for(cases: QuerySet[Case]) -> list[AttentionItem]:
    items = [item for provider in ATTENTION_PROVIDERS for item in provider(cases)]
    return sorted(items, key=lambda item: (item.severity != "danger", item.case.last_activity_at))
