"""Every extension point of the interventions layer, in one file.

`interventions` may not import `families` or `aftercare` (DESIGN.md), yet they add to its pages, its stage machine and
its PDF. Each seam where that happens is declared here as a `Registry`, with the contract of what goes in it and who
registers what. There is one way to register: `<registry>.register(item)`, called from the `AppConfig.ready()` of the
app that owns the data (interventions registers its own the same way). Nothing registers at import time.

Where no import would be crossed, no registry is used: the case page includes its panels by template name
(templates/interventions/case_detail.html), the family portal lists its panels in `families.portal`, and the menu is
a table of URL names in `accounts.context_processors`.

| registry | item | registered by |
| --- | --- | --- |
| `readiness_checks` | `ReadinessCheck`: what must be true to leave a stage | interventions (checks.py, checks_assessment.py), families (checks.py) |
| `disclosure_policy` | `DisclosurePolicy`: the consent rule behind `disclosure.may_disclose` and its recorder (one) | consents |
| `timeline_providers` | `(case) -> list[TimelineEntry]` for the case's timeline | interventions, families, aftercare |
| `attention_providers` | `(cases) -> list[AttentionItem]` for the caseload's "needs attention" (constant queries) | interventions, families, aftercare |
| `participant_sources` | `(case) -> list[Candidate]`: people who can take part in the intervention | families |
| `summary_sections` | `interventions.summary.SummarySection`: a section of the PDF summary | interventions, aftercare |
| `summary_accounting` | `(case, period) -> list[DisclosureEntry]`: the accounting of disclosures (one) | families |
| `summary_recipients` | `(case) -> QuerySet[User]`: who a family version can be made for (one) | families |
| `closing_effects` | `ClosingEffect`: what closing a case stops (shown before closing) and restores on reopening | interventions, aftercare |

Tests replace an item with `registry.replace(...)` inside a `with` block (see `Registry.replace`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

    from .models import Case, StageChange
    from .models.case import CaseQuerySet
    from .summary.sections import DisclosureEntry, Period, SummarySection

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered set of contributions to one extension point. `single=True`: at most one item (a policy)."""

    def __init__(self, name: str, *, single: bool = False) -> None:
        self.name = name
        self.single = single
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add `item` (registering the same item twice is harmless; a single registry keeps the last)."""
        if self.single:
            self._items[:] = [item]
        elif item not in self._items:
            self._items.append(item)
        return item

    def unregister(self, item: T) -> None:
        if item in self._items:
            self._items.remove(item)

    @contextmanager
    def replace(self, *items: T) -> Iterator[None]:
        """For tests: the registry holds only `items` inside the block, and what it held before afterwards."""
        saved = list(self._items)
        self._items[:] = list(items)
        try:
            yield
        finally:
            self._items[:] = saved

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def one(self) -> T | None:
        """The item of a single registry (None when nobody registered one)."""
        return self._items[0] if self._items else None

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {len(self._items)} items>"


# Readiness: what must be true to leave a stage ------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    label: str  # what must be true, e.g. "Date and place of the intervention set"
    ok: bool
    missing: str = ""  # what to do when not ok, shown to the user
    fix_url: str = ""  # where to fix it


@dataclass(frozen=True)
class ReadinessCheck:
    """A check guarding the exit of stage `leaving` (towards `to`, or any stage when None).

    `check(case)` returns a CheckResult, or None when it does not apply to this case (a CRAFT-only check on a Johnson
    plan). Overridable checks pass when the user gives a reason (kept in the timeline).
    """

    key: str
    leaving: str
    check: Callable[[Case], CheckResult | None]
    to: str | None = None
    overridable: bool = True


readiness_checks: Registry[ReadinessCheck] = Registry("readiness_checks")


# Disclosure: the consent rule (42 CFR Part 2) ---------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosurePolicy:
    """`may_disclose(recipient, case, category, at)`: does a consent name this recipient and cover the category now?
    `record(recipient, case, categories, how, *, by, at, detail, referral)`: write the disclosure records for what
    was shown or sent. A recipient is a family member's `User`, a `Facility`, or the policy's own recipient row."""

    may_disclose: Callable[[Any, Case, str, dt.datetime | None], bool]
    record: Callable[..., object]


disclosure_policy: Registry[DisclosurePolicy] = Registry("disclosure_policy", single=True)


# The case's timeline and the caseload's "needs attention" ---------------------------------------------------------


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


timeline_providers: Registry[Callable[[Case], list[TimelineEntry]]] = Registry("timeline_providers")
attention_providers: Registry[Callable[[CaseQuerySet], list[AttentionItem]]] = Registry("attention_providers")


def timeline_for(case: Case) -> list[TimelineEntry]:
    """Every provider's entries for the case, newest first."""
    entries = [entry for provider in timeline_providers for entry in provider(case)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def attention_for(cases: CaseQuerySet) -> list[AttentionItem]:
    """Every provider's items for the cases, the dangerous first, then the longest quiet."""
    items = [item for provider in attention_providers for item in provider(cases)]
    return sorted(items, key=lambda item: (item.severity != "danger", item.case.last_activity_at))


# The intervention's participants ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Someone who can take part in the intervention; `key` is stable within its source (e.g. "family:12")."""

    key: str
    name: str
    relationship: str = ""
    email: str = ""
    user_id: int | None = None  # the candidate's login, if they have one (family portal)
    suggested_role: str = ""


participant_sources: Registry[Callable[[Case], list[Candidate]]] = Registry("participant_sources")


def candidates_for(case: Case) -> list[Candidate]:
    return [candidate for source in participant_sources for candidate in source(case)]


# The PDF case summary (interventions/summary/) --------------------------------------------------------------------

summary_sections: Registry[SummarySection] = Registry("summary_sections")
summary_accounting: Registry[Callable[[Case, Period], list[DisclosureEntry]]] = Registry(
    "summary_accounting", single=True
)
summary_recipients: Registry[Callable[[Case], QuerySet[User]]] = Registry("summary_recipients", single=True)


# Closing and reopening a case -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingLine:
    """A line of the closing confirmation, with the rows it names listed under it (one per line on a phone)."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClosingEffect:
    """What closing a case does to one topic's rows, told before it happens and undone on reopening.

    `describe(case)` returns lines for the confirmation page (a string, or a `ClosingLine` listing the rows it names:
    "3 scheduled follow-ups will be cancelled:" and each of them), empty when closing touches nothing of this topic. The closing itself is done by the topic's `stage_changed` receiver.
    `restore(case, closing, reopening, by)` runs inside the reopening's transaction with the StageChange that closed
    the case and the one that reopens it; it restores what that closing stopped where still relevant and returns
    lines saying what it restored (kept in the timeline).
    """

    key: str
    describe: Callable[[Case], Sequence[str | ClosingLine]]
    restore: Callable[[Case, StageChange, StageChange, User], list[str]] | None = None


closing_effects: Registry[ClosingEffect] = Registry("closing_effects")


def closing_effects_for(case: Case) -> list[ClosingLine]:
    """Every topic's lines of what closing the case will do."""
    return [
        line if isinstance(line, ClosingLine) else ClosingLine(line)
        for effect in closing_effects
        for line in effect.describe(case)
    ]
