"""One story per demo case: its moments at round local times in the practice's time zone.

`demo.cases` walks each case from a single anchor (the day it was opened) through its stages; the later steps
(referrals, plans, aftercare) read those stage changes back (`entered`) and place their own facts between them,
so the referral dates, the intervention, the admission and the follow-ups all tell the same story.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from interventions.models import Case

# An intervention accepted "later" admits the person this many days after it (the plan's later date, the referral's
# admission).
LATER_ADMISSION = dt.timedelta(days=3)
# The half hours of the office day at which the demo's recorded and scheduled moments fall.
OFFICE_SLOTS = [dt.time(hour, minute) for hour in range(9, 17) for minute in (0, 30)]
# The e-mail domain of the past cases demo.history adds for the reports: the steps that tell the demo's story cases
# in detail (referrals, consents, assessments, families, plans, aftercare) leave them alone (`story_cases`).
PAST_DOMAIN = "past.example.org"


def story_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` without the past cases of demo.history."""
    return cases.exclude(email__endswith=f"@{PAST_DOMAIN}")


def local(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """`time` on `day` in `zone` (the practice's), as an aware moment."""
    return dt.datetime.combine(day, time, tzinfo=zone)


def today_in(zone: ZoneInfo, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), zone).date()


def spread(start: dt.datetime, end: dt.datetime, count: int, zone: ZoneInfo) -> list[dt.datetime]:
    """`count` moments in order between `start` and `end` (both included), each at an office half hour when the
    span has one, as evenly apart as the span allows (the same slot repeats when it has too few)."""
    first, last = timezone.localtime(start, zone).date(), timezone.localtime(end, zone).date()
    slots = [
        moment
        for offset in range((last - first).days + 1)
        for time in OFFICE_SLOTS
        if start <= (moment := local(first + dt.timedelta(days=offset), time, zone)) <= end
    ]
    if not slots:
        return [start] * count
    return [slots[min(len(slots) - 1, (index + 1) * len(slots) // (count + 1))] for index in range(count)]


def entered(case: Case) -> dict[str, dt.datetime]:
    """When the case entered each stage of its story (the date entered where there is one: an admission, a
    discharge), the latest entry when it entered a stage twice; in the practice's zone, so days added keep the
    local hour."""
    zone = case.organization.zone
    changes = case.stage_changes.order_by("at", "pk")
    return {change.to_stage: timezone.localtime(change.happened_at, zone) for change in changes}
