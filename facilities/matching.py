"""Matching: a person's care needs in, facilities ranked with the reasons they fit out.

Hard needs (level of care, withdrawal management, co-occurring capability, payment, age, sex, populations,
language, medications, distance) are SQL filters following the crosswalk of domain/samhsa.md: each a test of the
keys of Facility.codes (facilities.codes), which one GIN index serves on PostgreSQL. What passes is ordered by
score (soft preferences met, read from the same keys; open beds weighed by freshness), then distance, then name:
the order is deterministic. Archived facilities never appear. `exclusions(needs)` says how many facilities each
hard need rules out on its own, so an interventionist can see which need to relax.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from accounts.templatetags.ages import ago

from . import vocabulary as v
from .distance import coordinates_for_zip
from .models import BED_COUNTS_FOR, BED_FRESH_FOR, BedAvailability, Facility

EARTH_RADIUS_KM = 6371.0088
PREFERENCE_POINTS = 10
FRESH_BEDS_POINTS = 15  # open beds confirmed within 72 hours (BED_FRESH_FOR)
UNCONFIRMED_BEDS_POINTS = 5  # open beds confirmed 72 hours to 14 days ago (BED_COUNTS_FOR) weigh a third


@dataclass
class CareNeeds:
    """What a person needs (hard: filters) and prefers (soft: ordering). Codes are SAMHSA's (samhsa.md)."""

    level_of_care: str | None
    withdrawal_management: bool = False
    co_occurring: bool = False
    payment: str | None = None
    age: int | None = None
    sex: str | None = None  # "female" | "male"
    populations: set[str] = field(default_factory=set)
    language: str | None = None
    medications: set[str] = field(default_factory=set)
    latitude: float | None = None
    longitude: float | None = None
    postal_code: str | None = None
    max_distance_km: float | None = None
    philosophy: set[str] = field(default_factory=set)
    therapies: set[str] = field(default_factory=set)
    environment: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.level_of_care is not None and self.level_of_care not in v.LEVELS_OF_CARE:
            raise ValueError(f"unknown level of care {self.level_of_care!r}")
        if self.sex is not None and self.sex not in v.SEX_CODES:
            raise ValueError(f"sex must be 'female' or 'male', not {self.sex!r}")

    @property
    def origin(self) -> tuple[float, float] | None:
        """Where distances are measured from: the coordinates given, else the ZIP code's centroid."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude)
        if self.postal_code:
            return coordinates_for_zip(self.postal_code)
        return None

    @property
    def preferences(self) -> list[str]:
        """Every soft preference as a code, in a stable order."""
        return sorted(self.philosophy) + sorted(self.therapies) + sorted(self.environment)


@dataclass
class Match:
    facility: Facility
    score: int
    distance_km: float | None
    reasons: list[str]
    misses: list[str]
    beds: list[BedAvailability] = field(default_factory=list)
    # What the score is made of, in words: (points, why). Empty when the score is 0.
    score_parts: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class HardNeed:
    key: str
    label: str
    condition: Q
    # The same test where every other hard need holds too (rank's filter), when it is simpler: one index condition
    # instead of an OR of several, so that PostgreSQL finds the facilities in one scan of the GIN index.
    with_the_others: Q | None = None

    @property
    def filter(self) -> Q:
        return self.condition if self.with_the_others is None else self.with_the_others


@dataclass
class Exclusion:
    key: str
    label: str
    excluded: int


# A condition on codes in disjunctive normal form: a facility meets it when it has every code of one of the sets.
Codes = frozenset[str]
Condition = list[Codes]


def _any(*codes: str) -> Condition:
    return [frozenset({code}) for code in sorted(codes)]


def _both(a: Condition, b: Condition) -> Condition:
    return [x | y for x in a for y in b]


def _q(condition: Condition) -> Q:
    """One key test per set on Facility.codes (`?|` for the single codes together, `?&` for each larger set)."""
    singles = sorted(code for codes in condition if len(codes) == 1 for code in codes)
    result = Q()
    if len(singles) == 1:
        result = Q(codes__has_key=singles[0])
    elif singles:
        result = Q(codes__has_any_keys=singles)
    for codes in sorted((c for c in condition if len(c) > 1), key=sorted):
        result |= Q(codes__has_keys=sorted(codes))
    return result


def _has(*codes: str) -> Q:
    return _q(_any(*codes))


def _level(level: str) -> Condition:
    entry = v.LEVEL_CROSSWALK[level]
    condition = _any(*entry["settings"])
    if "care_types" in entry:
        condition += _any(*entry["care_types"])
    if "settings_with_medical_staff" in entry:
        condition += _both(_any(*entry["settings_with_medical_staff"]), _any(v.MEDICAL_STAFF_CODE))
    return condition


def _level_condition(level: str) -> Q:
    return _q(_level(level))


def _withdrawal_condition(level: str | None) -> Q:
    detox = _any(v.DETOX_CARE_TYPE)
    return _q(_any(*v.withdrawal_settings(level)) + (_both(detox, _level(level)) if level else detox))


def _distance_expression(origin: tuple[float, float]) -> object:
    lat0, lon0 = math.radians(origin[0]), math.radians(origin[1])
    lat = Radians(Cast(F("latitude"), FloatField()))
    lon = Radians(Cast(F("longitude"), FloatField()))
    half_chord = Power(Sin((lat - Value(lat0)) / 2), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(
        Sin((lon - Value(lon0)) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord))


def hard_needs(needs: CareNeeds) -> list[HardNeed]:
    """The needs that filter, each with the SQL condition a facility must meet."""
    result = []
    if needs.level_of_care:
        result.append(HardNeed("level", f"Level of care {needs.level_of_care}", _level_condition(needs.level_of_care)))
    if needs.withdrawal_management:
        # Detox (DT) counts where the facility fits the level: with the level a need too, DT alone says as much.
        level = needs.level_of_care
        simpler = _has(*v.withdrawal_settings(level), v.DETOX_CARE_TYPE) if level else None
        result.append(HardNeed("withdrawal", "Withdrawal management", _withdrawal_condition(level), simpler))
    if needs.co_occurring:
        result.append(HardNeed("co_occurring", "Co-occurring capability", _has(*v.CO_OCCURRING_CODES)))
    if needs.payment:
        result.append(HardNeed("payment", f"Accepts {v.label_for(needs.payment)}", _has(needs.payment)))
    if needs.age is not None:
        result.append(HardNeed("age", f"Serves age {needs.age}", _has(*v.age_codes(needs.age))))
    if needs.sex:
        result.append(HardNeed("sex", f"Serves {needs.sex} clients", _has(v.SEX_CODES[needs.sex])))
    for code in sorted(needs.populations):
        result.append(HardNeed(f"population:{code}", f"Program: {v.label_for(code)}", _has(code)))
    if needs.language:
        result.append(HardNeed("language", f"Language: {v.label_for(needs.language)}", _has(needs.language)))
    for code in sorted(needs.medications):
        result.append(HardNeed(f"medication:{code}", f"Medication: {v.label_for(code)}", _has(code)))
    return result


def _candidates(needs: CareNeeds) -> tuple[QuerySet[Facility], tuple[float, float] | None]:
    queryset = Facility.objects.active()
    origin = needs.origin
    if origin is not None:
        queryset = queryset.annotate(distance=_distance_expression(origin))
    else:
        queryset = queryset.annotate(distance=Value(None, output_field=FloatField()))
    return queryset, origin


def _fitting_settings(needs: CareNeeds) -> frozenset[str]:
    """Settings whose open beds count: the level's settings and its detox settings (any setting without a level)."""
    return v.bed_settings(needs.level_of_care)


def _score_expression(needs: CareNeeds, now: datetime) -> Combinable:
    score: Combinable = Value(0)
    for code in needs.preferences:
        score = score + Case(When(codes__has_key=code, then=Value(PREFERENCE_POINTS)), default=Value(0))
    open_beds = BedAvailability.objects.filter(setting__in=_fitting_settings(needs), available__gt=0)
    fresh = open_beds.filter(updated_at__gte=now - BED_FRESH_FOR).values("facility_id")
    recent = open_beds.filter(updated_at__gte=now - BED_COUNTS_FOR).values("facility_id")
    beds = Case(
        When(pk__in=fresh, then=Value(FRESH_BEDS_POINTS)),
        When(pk__in=recent, then=Value(UNCONFIRMED_BEDS_POINTS)),
        default=Value(0),
    )
    return score + beds


def rank(needs: CareNeeds, limit: int = 20) -> list[Match]:
    """The `limit` best facilities meeting every hard need, best first, with reasons and misses."""
    now = timezone.now()
    queryset, origin = _candidates(needs)
    for need in hard_needs(needs):
        queryset = queryset.filter(need.filter)
    if origin is not None and needs.max_distance_km is not None:
        # `distance` is annotated in _candidates, out of the plugin's sight.
        queryset = queryset.filter(distance__lte=needs.max_distance_km)  # type: ignore[misc]
    queryset = (
        queryset.annotate(score=Cast(_score_expression(needs, now), IntegerField()))
        .order_by("-score", F("distance").asc(nulls_last=True), "name", "pk")
        .prefetch_related("services", Prefetch("beds", queryset=BedAvailability.objects.order_by("setting")))
    )
    return [_explain(facility, needs, now) for facility in queryset[:limit]]


def exclusions(needs: CareNeeds) -> list[Exclusion]:
    """For each hard need, how many active facilities it rules out on its own (one query)."""
    queryset, origin = _candidates(needs)
    needs_list = hard_needs(needs)
    aggregates = {f"n{index}": Count("pk", filter=~need.condition) for index, need in enumerate(needs_list)}
    if origin is not None and needs.max_distance_km is not None:
        far = Q(distance__gt=needs.max_distance_km) | Q(distance__isnull=True)
        aggregates["far"] = Count("pk", filter=far)  # not "distance": an aggregate alias would shadow it
    if not aggregates:
        return []
    counts = queryset.aggregate(**aggregates)
    result = [Exclusion(need.key, need.label, counts[f"n{index}"]) for index, need in enumerate(needs_list)]
    if "far" in counts:
        result.append(Exclusion("distance", f"Within {needs.max_distance_km:g} km", counts["far"]))
    return result


# ---------------------------------------------------------------- reasons


def _labels(codes: set[str]) -> str:
    return ", ".join(v.label_for(code) for code in sorted(codes))


def _need_reasons(codes: set[str], needs: CareNeeds) -> list[str]:
    reasons = []
    if needs.level_of_care:
        fits = (codes & v.level_settings(needs.level_of_care)) | (
            codes & {"HH"} if needs.level_of_care == "3.1" else set()
        )
        reasons.append(f"Fits level {needs.level_of_care}: {_labels(fits)}")
    if needs.withdrawal_management:
        detox = codes & (v.withdrawal_settings(needs.level_of_care) | {v.DETOX_CARE_TYPE})
        reasons.append(f"Withdrawal management: {_labels(detox)}")
    if needs.co_occurring:
        reasons.append(f"Co-occurring capable: {_labels(codes & v.CO_OCCURRING_CODES)}")
    if needs.payment:
        reasons.append(f"Accepts {v.label_for(needs.payment)}")
    if needs.payment in (None, "SF") and codes & v.PAYMENT_HELP_CODES:
        reasons.append(f"Payment help available: {_labels(codes & v.PAYMENT_HELP_CODES)}")
    if needs.age is not None:
        reasons.append(f"Serves age {needs.age}: {_labels(codes & v.age_codes(needs.age))}")
    if needs.sex:
        reasons.append(f"Serves {needs.sex} clients")
    reasons.extend(f"Program: {v.label_for(code)}" for code in sorted(needs.populations))
    if needs.language:
        reasons.append(f"Language: {v.label_for(needs.language)}")
    reasons.extend(f"Medication: {v.label_for(code)}" for code in sorted(needs.medications))
    return reasons


def _best_beds(beds: list[BedAvailability], needs: CareNeeds, now: datetime) -> BedAvailability | None:
    """The open-bed figure that weighs most: freshest first, then the most beds (the SQL score's rule)."""
    fitting = [b for b in beds if b.setting in _fitting_settings(needs) and b.available > 0]
    if not fitting:
        return None
    return max(fitting, key=lambda b: (b.updated_at >= now - BED_FRESH_FOR, b.updated_at, b.available))


def _bed_points(best: BedAvailability | None, now: datetime) -> int:
    if best is None or best.updated_at < now - BED_COUNTS_FOR:
        return 0
    return FRESH_BEDS_POINTS if best.updated_at >= now - BED_FRESH_FOR else UNCONFIRMED_BEDS_POINTS


def _bed_reason(best: BedAvailability, now: datetime) -> str:
    """ "5 open beds in Residential detoxification, confirmed 2 hours ago", with how much the figure counts."""
    count = f"{best.available} open bed{'s' if best.available != 1 else ''} in {best.get_setting_display()}"
    age = ago(best.updated_at, now)
    if best.updated_at >= now - BED_FRESH_FOR:
        return f"{count}, confirmed {age}"
    if best.updated_at >= now - BED_COUNTS_FOR:
        return f"{count}, unconfirmed: last confirmed {age}"
    return f"{count}, last confirmed {age}: too old to count"


def _explain(facility: Facility, needs: CareNeeds, now: datetime) -> Match:
    codes = facility.service_codes | facility.profile_codes
    reasons = _need_reasons(codes, needs)
    misses = []
    parts: list[tuple[int, str]] = []
    for code in needs.preferences:
        if code in codes:
            reasons.append(f"{v.CATEGORY_LABELS[v.CODE_CATEGORY[code]]}: {v.label_for(code)}")
            parts.append((PREFERENCE_POINTS, f"preference met: {v.label_for(code)}"))
        else:
            misses.append(f"No {v.label_for(code)}")
    beds = list(facility.beds.all())
    best = _best_beds(beds, needs, now)
    if best is not None:
        reasons.append(_bed_reason(best, now))
        points = _bed_points(best, now)
        if points:
            parts.append((points, _bed_reason(best, now)))
    distance = facility.distance  # type: ignore[attr-defined]
    distance_km = round(float(distance), 1) if distance is not None else None
    if distance_km is not None:
        reasons.append(f"{distance_km:g} km away")
    score = int(facility.score)  # type: ignore[attr-defined]
    return Match(facility, score, distance_km, reasons, misses, beds, parts)


def haversine_km(a: tuple[float | Decimal, float | Decimal], b: tuple[float | Decimal, float | Decimal]) -> float:
    """Great-circle distance in km (the same formula the SQL uses)."""
    lat1, lon1, lat2, lon2 = (math.radians(float(x)) for x in (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
