"""The types of the PDF summary: a section, the period a summary covers, the gates, and which sections a version holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from ..disclosure import Category, may_disclose
from ..extensions import summary_accounting, summary_recipients, summary_sections

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

    from ..models import Case

CLINICAL_ONLY = "clinical_only"
ALWAYS = "always"
CLINICAL = "clinical"
FAMILY = "family"

# Timeline entries a family version may show (with the stage_and_status consent): where the case stands,
# never notes, assessments or who wrote what. Other topics add kinds that are not clinical.
FAMILY_TIMELINE_KINDS = {"stage"}


@dataclass(frozen=True)
class Period:
    """The dates a summary covers, both ends included; None is open-ended."""

    start: dt.date | None = None
    end: dt.date | None = None

    def _bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        tz = timezone.get_current_timezone()
        low = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz) if self.start else None
        high = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz) if self.end else None
        return low, high

    def q(self, field: str, *, dates: bool = False) -> Q:
        """A filter keeping rows whose `field` (a DateTimeField, or a DateField with dates=True) is in the period."""
        if dates:
            low, high = self.start, self.end
            lookups = {f"{field}__gte": low, f"{field}__lte": high}
        else:
            low, high = self._bounds()
            lookups = {f"{field}__gte": low, f"{field}__lt": high}
        return Q(**{key: value for key, value in lookups.items() if value is not None})

    def contains(self, value: dt.datetime | dt.date) -> bool:
        day = timezone.localdate(value) if isinstance(value, dt.datetime) else value
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


ContextFunction = Callable[["Case", Period, str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class SummarySection:
    key: str
    title: str
    order: int
    template_name: str
    context: ContextFunction
    gate: str = CLINICAL_ONLY
    heading: bool = True  # False: the template writes its own headings (the cover)

    def __post_init__(self) -> None:
        if self.gate not in (CLINICAL_ONLY, ALWAYS, *Category.values):
            raise ValueError(f"section {self.key!r}: unknown gate {self.gate!r}")

    @property
    def category(self) -> str | None:
        return self.gate if self.gate in Category.values else None


def sections_for(case: Case, *, version: str, recipient: User | None = None) -> list[SummarySection]:
    """The registered sections the version may contain, in order; the family version asks the consent now."""
    sections = sorted(summary_sections, key=lambda section: (section.order, section.key))
    if version == CLINICAL:
        return sections
    if recipient is None:
        return [section for section in sections if section.gate == ALWAYS]
    return [
        section
        for section in sections
        if section.gate == ALWAYS or (section.category and may_disclose(recipient, case, section.category))
    ]


# The accounting of disclosures: families provides the rows.


@dataclass(frozen=True)
class DisclosureEntry:
    at: dt.datetime
    recipient: str
    description: str  # what was disclosed, e.g. "Stage and status; Aftercare plan"
    purpose: str
    how: str = ""  # "Portal page", "PDF download", "Email"


def accounting_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    provider = summary_accounting.one
    if provider is None:
        return None
    entries = sorted(provider(case, period), key=lambda entry: entry.at)
    return {"entries": entries}


# The family members a family version can be made for: families knows them (invited to the case).


def recipients_for(case: Case) -> QuerySet[User]:
    from accounts.models import User

    provider = summary_recipients.one
    return provider(case) if provider else User.objects.none()
