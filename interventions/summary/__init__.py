"""The PDF case summary: sections every topic contributes, rendered into one tagged PDF.

Where things are:

- `sections.py`: the types (`SummarySection`, `Period`, the gates, `DisclosureEntry`) and `sections_for`, which
  picks the sections a version may hold;
- `core.py` and `topics.py`: interventions' own sections (cover, intake, timeline, assessments, level of care,
  referrals, plan, outcome, notes, accounting); `aftercare/summary.py` adds follow-ups and the aftercare plan;
- `render.py`: the registered sections into one HTML document, then WeasyPrint (`pdf/ua-1`) into a PDF;
- the writes (request a summary, build it, record a download) are in `interventions/services/summary.py`, the Celery
  task in `interventions/tasks.py`, the templates in `templates/interventions/summary/`.

How a section is added
----------------------

1. Write a context function in the app that owns the data. It takes `(case, period, version)` and returns the
   template's context, or None to leave the section out (and out of the contents). This is the real referrals
   section (`topics.py`)::

       def referrals_context(case, period, version):
           referrals = list(
               case.referrals.filter(period.q("created_at")).order_by("created_at", "pk")
               .prefetch_related("verifications")
           )
           return {"referrals": referrals} if referrals else None

2. Declare the section in the module's `SECTIONS` list::

       SummarySection(
           key="referrals", title="Referrals", order=40,
           template_name="interventions/summary/referrals.html", context=referrals_context,
           gate=Category.FACILITY_AND_ADMISSION,  # or CLINICAL_ONLY, or ALWAYS
       )

3. Register the list from the app's `AppConfig.ready()`:
   `for section in summary.SECTIONS: extensions.summary_sections.register(section)`.

4. Write the template: it is rendered with the context plus `case`, `period`, `version`, `summary`, `recipient`,
   `generated_at`, goes inside `<section id="section-<key>">` after an `<h2>` of the title (start at `<h3>`), and uses
   the print stylesheet's classes (static/interventions/summary.css): `table.data` (with a `<caption>` and
   `<th scope="col">`), `dl.facts`, `.muted`, `.empty`, `.flag`, `.chart`, `.keep` (no page break inside).

The gate decides which version holds the section:

- `CLINICAL_ONLY`: only the clinical version. Assessments, scores, level of care, boundaries and notes are always
  clinical-only.
- a disclosure category (`interventions.disclosure.Category`): the clinical version always; the family version only
  while `may_disclose(recipient, case, category)` holds when the PDF is built. The PDF remembers the categories it
  holds; a family member's download records them as disclosed.
- `ALWAYS`: both versions (the cover). Nothing about treatment may be in such a section.

Rules for the context function: `period.q("field")` filters a datetime field (`period.q("field", dates=True)` a date
field) and `period.contains(value)` tests in Python; a category-gated section may show less in the family version (no
staff names, no free-text notes); it runs in the Celery worker under a time limit, so a constant number of queries.
The PDF is tagged (PDF/UA): text stays text; a chart is inline SVG with `role="img"` and `aria-label` and its figures
in a table beside it. Nothing is fetched from the network or the disk.

Orders in use: cover 0, intake 10, timeline 20, assessments 30, level of care 35, referrals 40, intervention plan 50,
intervention outcome 55, follow-ups 60, aftercare plan 70, notes 90, accounting of disclosures 95.
"""

from .sections import (
    ALWAYS,
    CLINICAL,
    CLINICAL_ONLY,
    FAMILY,
    FAMILY_TIMELINE_KINDS,
    DisclosureEntry,
    Period,
    SummarySection,
    recipients_for,
    sections_for,
)

__all__ = [
    "ALWAYS",
    "CLINICAL",
    "CLINICAL_ONLY",
    "FAMILY",
    "FAMILY_TIMELINE_KINDS",
    "DisclosureEntry",
    "Period",
    "SummarySection",
    "recipients_for",
    "sections_for",
]
