"""Facility scorecards: how a facility has served this practice, from the practice's own referrals only.

`scorecards_for(practice, facility_ids)` returns one `Scorecard` per facility in two queries whatever the number of
facilities: one aggregate over the status history of the practice's referrals, one over the practice's treatment
episodes. Nothing here hides or orders a facility: a card is shown beside it, every figure with its n.

Each measure is defined once, in `DEFINITIONS`; the card prints the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
)
from django.utils import timezone

from accounts.models import Organization
from aftercare.models import Episode
from interventions.models import Referral, ReferralStatus, ReferralStatusChange

S = ReferralStatus
# The facility's own answers to a referral: the first of them is its response (a withdrawal is the practice's move).
RESPONSES = (S.UNDER_REVIEW, S.ACCEPTED, S.DECLINED, S.WAITLISTED)
ACCEPTANCES = (S.ACCEPTED, S.ADMISSION_SCHEDULED, S.ADMITTED)
RETENTION_DAYS = (30, 90)
READMISSION_DAYS = 90
# Below this many, a share is shown as "k of n" and said to be too few for a percentage.
SMALL_N = 5

DEFINITIONS: dict[str, str] = {
    "sent": "Referrals sent: this practice's referrals to the facility that were sent (drafts never sent not counted).",
    "response": (
        "Response time: the average time from sending a referral to the facility's first answer (under review, "
        "accepted, declined or waitlisted), over the referrals it has answered."
    ),
    "acceptance": (
        "Acceptance rate: of the referrals the facility decided on (accepted or declined at any point), "
        "the share it accepted."
    ),
    "admissions": "Admissions: this practice's referrals to the facility marked admitted.",
    "completion": (
        "Completion rate: of the stays at the facility that ended with a recorded discharge type, the share "
        "discharged as completed (planned discharge)."
    ),
    "retention_30": (
        "Retention at 30 days: of the admissions at least 30 days ago, the share with no discharge within 30 days."
    ),
    "retention_90": (
        "Retention at 90 days: of the admissions at least 90 days ago, the share with no discharge within 90 days."
    ),
    "readmission": (
        f"Readmissions: of the stays at the facility that ended at least {READMISSION_DAYS} days ago, the share "
        f"followed by a new admission (at any facility) within {READMISSION_DAYS} days of discharge."
    ),
    "last": "Last referral: the date the practice last sent the facility a referral.",
}
# A stay (treatment episode) belongs to a facility when the case's latest referral marked admitted, sent before the
# admission, went to that facility.
STAY_RULE = (
    "A stay counts for the facility when the case's latest admitted referral sent before the admission went to it."
)


@dataclass(frozen=True)
class Figure:
    """One measure of a card: `value` of `n` for a share, a count, a duration or a date, with its definition."""

    key: str
    label: str
    n: int
    value: int | None = None
    duration: dt.timedelta | None = None
    date: dt.datetime | None = None
    is_share: bool = False

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.key]

    @property
    def is_small(self) -> bool:
        return self.n < SMALL_N

    @property
    def percent(self) -> int | None:
        """The share as a whole percentage; None when n is too small (< 5) for a percentage to mean much."""
        if not self.is_share or self.is_small or self.value is None:
            return None
        return round(100 * self.value / self.n)

    @property
    def text(self) -> str:
        """The figure as the card prints it, n always beside it."""
        if self.is_share:
            if self.n == 0:
                return "none yet (n = 0)"
            if self.percent is None:
                return f"{self.value} of {self.n} (n < {SMALL_N}: too few for a percentage)"
            return f"{self.percent} % ({self.value} of {self.n})"
        if self.key == "response":
            if self.duration is None:
                return "no answers yet (n = 0)"
            hours = self.duration.total_seconds() / 3600
            shown = f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"
            few = f"; n < {SMALL_N}: few" if self.is_small else ""
            return f"{shown} on average (n = {self.n}{few})"
        if self.key == "last":
            return f"{timezone.localtime(self.date):%Y-%m-%d}" if self.date else "never"
        return f"{self.value} (n = {self.n})"


@dataclass
class Scorecard:
    facility_id: int
    practice: Organization
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.figures["sent"].n

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures.values())

    @property
    def acceptance(self) -> Figure:
        return self.figures["acceptance"]

    @property
    def admissions(self) -> Figure:
        return self.figures["admissions"]

    @property
    def completion(self) -> Figure:
        return self.figures["completion"]

    @property
    def last(self) -> Figure:
        return self.figures["last"]


def _referral_rows(practice: Organization, ids: list[int]) -> dict[int, dict]:
    # One pass over the status history of the practice's referrals to these facilities, each change joined to its
    # referral's sending (a referral is sent once and never returns to "sent", so the join adds no rows and drops
    # only referrals never sent). Each status below is reached at most once, so counting changes counts referrals;
    # a referral's first answer is its one change out of "sent" into an answer.
    answer = Q(from_status=S.SENT, to_status__in=RESPONSES)
    rows = (
        ReferralStatusChange.objects.filter(
            referral__case__organization=practice,
            referral__facility_id__in=ids,
            referral__status_changes__to_status=S.SENT,
        )
        .order_by()
        .values("referral__facility_id")
        .annotate(
            sent=Count("pk", filter=Q(to_status=S.SENT)),
            accepted=Count("pk", filter=Q(to_status=S.ACCEPTED)),
            decided=Count("pk", filter=Q(to_status__in=(S.ACCEPTED, S.DECLINED))),
            admitted=Count("pk", filter=Q(to_status=S.ADMITTED)),
            last=Max("at", filter=Q(to_status=S.SENT)),
            answered=Count("pk", filter=answer),
            response=Avg(
                ExpressionWrapper(F("at") - F("referral__status_changes__at"), output_field=DurationField()),
                filter=answer,
            ),
        )
    )
    return {row["referral__facility_id"]: row for row in rows}


def _stay_rows(practice: Organization, ids: list[int], now: dt.datetime) -> dict[int, dict]:
    # Each stay joined to the admitted referrals of its case to these facilities sent before the admission, kept
    # only where no admitted referral of the case (to any facility) was sent later but still before the admission
    # (one sent at the same moment: the later-made wins). Same rule as STAY_RULE, without a subquery per stay.
    later = Referral.objects.filter(
        Q(created_at__gt=OuterRef("referral_sent"))
        | Q(created_at=OuterRef("referral_sent"), pk__gt=OuterRef("referral_pk")),
        case=OuterRef("case"),
        status=S.ADMITTED,
        created_at__lte=OuterRef("admitted_at"),
    )
    readmitted = Exists(
        Episode.objects.filter(
            case=OuterRef("case"),
            admitted_at__gt=OuterRef("discharged_at"),
            admitted_at__lte=OuterRef("discharged_at") + dt.timedelta(days=READMISSION_DAYS),
        )
    )
    ended = Q(discharged_at__isnull=False)
    counts: dict[str, Count] = {
        "typed": Count("pk", filter=ended & ~Q(discharge_type="")),
        "completed": Count("pk", filter=ended & Q(discharge_type=Episode.DischargeType.COMPLETED)),
        "readmit_n": Count("pk", filter=Q(discharged_at__lte=now - dt.timedelta(days=READMISSION_DAYS))),
        "readmit": Count("pk", filter=Q(discharged_at__lte=now - dt.timedelta(days=READMISSION_DAYS)) & Q(readmitted)),
    }
    for days in RETENTION_DAYS:
        old_enough = Q(admitted_at__lte=now - dt.timedelta(days=days))
        stayed = Q(discharged_at__isnull=True) | Q(discharged_at__gt=F("admitted_at") + dt.timedelta(days=days))
        counts[f"r{days}_n"] = Count("pk", filter=old_enough)
        counts[f"r{days}"] = Count("pk", filter=old_enough & stayed)
    rows = (
        Episode.objects.filter(
            case__organization=practice,
            case__referrals__status=S.ADMITTED,
            case__referrals__facility_id__in=ids,
            case__referrals__created_at__lte=F("admitted_at"),
        )
        .annotate(referral_sent=F("case__referrals__created_at"), referral_pk=F("case__referrals__pk"))
        .filter(~Exists(later))
        .order_by()
        .values("case__referrals__facility_id")
        .annotate(**counts)
    )
    return {row["case__referrals__facility_id"]: row for row in rows}


def scorecards_for(
    practice: Organization, facility_ids: Iterable[int], now: dt.datetime | None = None
) -> dict[int, Scorecard]:
    """One scorecard per facility id, from `practice`'s own referrals and stays only (two queries in all).

    Every id gets a card, empty ones included (no referral sent: zeros, n = 0). Reads only; raises nothing.
    """
    ids = sorted(set(facility_ids))
    if not ids:
        return {}
    now = now or timezone.now()
    referrals = _referral_rows(practice, ids)
    stays = _stay_rows(practice, ids, now)
    return {pk: _card(practice, pk, referrals.get(pk, {}), stays.get(pk, {})) for pk in ids}


def scorecard_for(practice: Organization, facility_id: int, now: dt.datetime | None = None) -> Scorecard:
    """The scorecard of one facility (two queries)."""
    return scorecards_for(practice, [facility_id], now)[facility_id]


def _card(practice: Organization, pk: int, ref: dict, stay: dict) -> Scorecard:
    sent = ref.get("sent", 0)
    figures = [
        Figure("sent", "Referrals sent", n=sent, value=sent),
        Figure("response", "Response time", n=ref.get("answered", 0), duration=ref.get("response")),
        Figure("acceptance", "Accepted", n=ref.get("decided", 0), value=ref.get("accepted", 0), is_share=True),
        Figure("admissions", "Admissions", n=sent, value=ref.get("admitted", 0)),
        Figure("completion", "Completed", n=stay.get("typed", 0), value=stay.get("completed", 0), is_share=True),
        *(
            Figure(
                f"retention_{d}",
                f"Still in treatment at {d} days",
                n=stay.get(f"r{d}_n", 0),
                value=stay.get(f"r{d}", 0),
                is_share=True,
            )
            for d in RETENTION_DAYS
        ),
        Figure(
            "readmission",
            f"Readmitted within {READMISSION_DAYS} days",
            n=stay.get("readmit_n", 0),
            value=stay.get("readmit", 0),
            is_share=True,
        ),
        Figure("last", "Last referral", n=sent, date=ref.get("last")),
    ]
    return Scorecard(facility_id=pk, practice=practice, figures={f.key: f for f in figures})
