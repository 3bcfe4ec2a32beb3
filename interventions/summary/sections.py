"""The sections of a PDF case summary: a registry every topic adds to, so the summary grows with the app.

A section is a key, a title, an order, a template, a context function and a gate. The builder
(`interventions.summary_pdf`) walks the registry in order, keeps the sections the version may contain,
calls each context function and renders the templates into one HTML document that WeasyPrint prints.

How to add a section (from the `AppConfig.ready()` of the app that owns the data, like panels)::

    from interventions.disclosure import Category
    from interventions.summary_sections import SummarySection, register_section

    def referrals_context(case, period, version):
        referrals = list(case.referrals.filter(period.q("sent_at")).select_related("facility"))
        if not referrals:
            return None  # nothing in the period: the section is left out (and out of the contents)
        return {"referrals": referrals}

    register_section(SummarySection(
        key="referrals",
        title="Referrals",
        order=40,
        template_name="interventions/summary/referrals.html",
        context=referrals_context,
        gate=Category.FACILITY_AND_ADMISSION,  # or CLINICAL_ONLY, or ALWAYS
    ))

The gate decides which version contains the section:

- `CLINICAL_ONLY`: only the clinical version. Assessments, instrument scores, level of care, boundaries
  and notes are always clinical-only: the family version never contains them.
- a disclosure category (`interventions.disclosure.Category`): the clinical version always; the family
  version only while `may_disclose(recipient, case, category)` holds when the PDF is built. The PDF remembers
  the categories it contains; a family member's download records them as disclosed.
- `ALWAYS`: both versions (the cover). Nothing about treatment may be in such a section.

The context function:

- takes `(case, period, version)`: `period` is a `Period` (use `period.q("field")` to filter a datetime or
  date field, `period.contains(value)` in Python), `version` is "clinical" or "family" (a category-gated
  section may show less in the family version: no staff names, no free-text notes);
- returns the template's context (a dict), or None to leave the section out;
- runs in the Celery worker with a time limit: a constant number of queries (prefetch), no N+1. The budget
  is 2 s for a whole summary of a case with 40 follow-ups and 10 referrals.

The template:

- is rendered with the section's context plus `case`, `period`, `version`, `summary`, `recipient`, `generated_at`;
- goes inside `<section id="section-<key>">` after an `<h2>` of the title: start at `<h3>`;
- uses the print stylesheet's classes (static/interventions/summary.css): `table.data` (with a `<caption>`
  and `<th scope="col">`), `dl.facts`, `.muted`, `.empty`, `.flag`, `.chart`, `.keep` (no page break inside);
- is tagged PDF/UA: text stays text; a chart is inline SVG (or a data: URI image) with a text alternative
  (`role="img"` and `aria-label`, or `<img alt>`) and its figures in a table beside it. Nothing is fetched
  from the network or the disk.

Orders in use: cover 0, intake 10, timeline 20, assessments 30, level of care 35, referrals 40,
intervention plan 50, intervention outcome 55, follow-ups 60, aftercare plan 70, notes 90, accounting of
disclosures 95.

The accounting of disclosures (42 CFR 2.25) is rendered here from the records that `families` keeps:
families calls `register_accounting(provider)` with `provider(case, period) -> list[DisclosureEntry]`.
Without a provider the section is left out.

Family members: a family version is made for one recipient. `families` calls `register_recipients(provider)`
with `provider(case) -> QuerySet[User]` (the family members of the case) for the build form to offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from .disclosure import Category, may_disclose

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

    from .models import Case

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


SECTIONS: dict[str, SummarySection] = {}


def register_section(section: SummarySection) -> None:
    """Add a section (or replace the one with the same key: registering twice is harmless)."""
    SECTIONS[section.key] = section


def unregister_section(key: str) -> None:
    SECTIONS.pop(key, None)


def sections_for(case: Case, *, version: str, recipient: User | None = None) -> list[SummarySection]:
    """The registered sections the version may contain, in order; the family version asks the consent now."""
    sections = sorted(SECTIONS.values(), key=lambda section: (section.order, section.key))
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


AccountingProvider = Callable[["Case", Period], "list[DisclosureEntry]"]
_accounting: list[AccountingProvider] = []


def register_accounting(provider: AccountingProvider) -> None:
    """Called by the app that keeps disclosure records (families). One provider."""
    _accounting[:] = [provider]


def unregister_accounting() -> None:
    _accounting.clear()


def accounting_context(case: Case, period: Period, version: str) -> dict[str, Any] | None:
    if not _accounting:
        return None
    entries = sorted(_accounting[0](case, period), key=lambda entry: entry.at)
    return {"entries": entries}


# The family members a family version can be made for: families knows them (invited to the case).

RecipientsProvider = Callable[["Case"], "QuerySet[User]"]
_recipients: list[RecipientsProvider] = []


def register_recipients(provider: RecipientsProvider) -> None:
    """Called by the app that owns family members (families): provider(case) -> the case's family users."""
    _recipients[:] = [provider]


def unregister_recipients() -> None:
    _recipients.clear()


def recipients_for(case: Case) -> QuerySet[User]:
    from accounts.models import User

    return _recipients[0](case) if _recipients else User.objects.none()
