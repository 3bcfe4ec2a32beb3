"""ASAM dimensions and our transparent level-of-care suggestion (../shared/domain/asam.md), no database.

The official ASAM decision logic is licensed; this is the simple published-style rule of asam.md: each dimension's
rating gives a floor, the suggestion is the highest floor, raised by one escalation rule. Raising any rating can
never lower the suggestion. It is a suggestion: the interventionist confirms or overrides it with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

EDITION = "3"  # we rate and match on the 3rd edition (2013); the edition is stored with every rating
EDITIONS = {"3": "ASAM Criteria, 3rd edition (2013)"}

DIMENSIONS: dict[int, str] = {
    1: "Acute intoxication and/or withdrawal potential",
    2: "Biomedical conditions and complications",
    3: "Emotional, behavioral, or cognitive conditions and complications",
    4: "Readiness to change",
    5: "Relapse, continued use, or continued problem potential",
    6: "Recovery / living environment",
}
# Short nouns so that "<severity> <noun>" reads as a sentence in the reasons.
DIMENSION_RISKS: dict[int, str] = {
    1: "withdrawal risk",
    2: "biomedical risk",
    3: "emotional, behavioral or cognitive risk",
    4: "readiness-to-change risk",
    5: "relapse risk",
    6: "recovery environment risk",
}
RATINGS: dict[int, str] = {0: "none or very low", 1: "low", 2: "moderate", 3: "high", 4: "very high"}
RATING_LABELS: dict[int, str] = {
    0: "0: none or very low risk",
    1: "1: low",
    2: "2: moderate",
    3: "3: high (serious)",
    4: "4: very high (severe; imminent danger)",
}

# Levels of care in order of intensity: the order used to compare suggestions.
LEVELS: dict[str, str] = {
    "0.5": "Early intervention",
    "1": "Outpatient services",
    "2.1": "Intensive outpatient",
    "2.5": "Partial hospitalization",
    "3.1": "Clinically managed low-intensity residential",
    "3.3": "Clinically managed population-specific high-intensity residential",
    "3.5": "Clinically managed high-intensity residential",
    "3.7": "Medically monitored intensive inpatient",
    "4": "Medically managed intensive inpatient",
}
LEVEL_ORDER: dict[str, int] = {code: index for index, code in enumerate(LEVELS)}

# FLOORS[dimension][rating] -> level code (the table of asam.md).
FLOORS: dict[int, tuple[str, str, str, str, str]] = {
    1: ("0.5", "1", "2.1", "3.7", "4"),
    2: ("0.5", "1", "2.1", "3.7", "4"),
    3: ("0.5", "1", "2.1", "3.7", "4"),
    4: ("0.5", "1", "1", "2.1", "2.5"),
    5: ("0.5", "1", "2.1", "2.5", "3.5"),
    6: ("0.5", "1", "2.1", "3.1", "3.5"),
}
ESCALATION_DIMENSIONS = (4, 5, 6)
ESCALATION_MIN_RATING = 3
ESCALATION_MIN_COUNT = 2
ESCALATION_LEVEL = "3.5"
WITHDRAWAL_MANAGEMENT_AT = 2  # dimension 1 rated this or higher
CO_OCCURRING_AT = 2  # dimension 3 rated this or higher


@dataclass(frozen=True, eq=False)
class Suggestion:
    level: str
    withdrawal_management: bool
    co_occurring: bool
    reasons: list[str]
    floors: dict[int, str] = field(default_factory=dict)
    escalated: bool = False
    edition: str = EDITION


def level_rank(code: str) -> int:
    """The position of a level code in order of intensity; ValueError for an unknown code."""
    try:
        return LEVEL_ORDER[code]
    except KeyError:
        raise ValueError(f"unknown level of care {code!r}") from None


def validate_ratings(ratings: Mapping[int, int]) -> dict[int, int]:
    """The six ratings as a plain dict, or ValueError naming the bad dimension."""
    if not isinstance(ratings, Mapping):
        raise ValueError("ratings must be a mapping of dimension (1-6) to rating (0-4)")
    unknown = [key for key in ratings if isinstance(key, bool) or key not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown ASAM dimension(s) {unknown!r}: dimensions are 1-6")
    missing = [dimension for dimension in DIMENSIONS if dimension not in ratings]
    if missing:
        raise ValueError(f"dimension(s) {', '.join(map(str, missing))} not rated")
    for dimension in DIMENSIONS:
        value = ratings[dimension]
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
            raise ValueError(f"dimension {dimension}: rating {value!r} is not 0-4")
    return {dimension: ratings[dimension] for dimension in DIMENSIONS}


def _level_phrase(code: str) -> str:
    return f"at least {code}, {LEVELS[code].lower()}"


def suggest_level(ratings: Mapping[int, int]) -> Suggestion:
    """Suggest a level of care from the six dimension ratings (dict of 1-6 to 0-4), with the reasons.

    Raises ValueError for a missing or unknown dimension or a rating outside 0-4.
    """
    ratings = validate_ratings(ratings)
    floors = {dimension: FLOORS[dimension][rating] for dimension, rating in ratings.items()}
    level = max(floors.values(), key=level_rank)
    high = [d for d in ESCALATION_DIMENSIONS if ratings[d] >= ESCALATION_MIN_RATING]
    escalated = len(high) >= ESCALATION_MIN_COUNT
    if escalated and level_rank(ESCALATION_LEVEL) > level_rank(level):
        level = ESCALATION_LEVEL

    reasons = [
        f"Dimension {d} rated {ratings[d]} ({RATINGS[ratings[d]]} {DIMENSION_RISKS[d]}): {_level_phrase(level)}"
        for d in DIMENSIONS
        if floors[d] == level
    ]
    if escalated and level == ESCALATION_LEVEL:
        named = [f"{d} ({ratings[d]})" for d in high]
        rated = ", ".join(named[:-1]) + " and " + named[-1]
        reasons.append(
            f"Escalation: dimensions {rated} rated {ESCALATION_MIN_RATING} or higher: {_level_phrase(level)}"
        )
    withdrawal_management = ratings[1] >= WITHDRAWAL_MANAGEMENT_AT
    co_occurring = ratings[3] >= CO_OCCURRING_AT
    if withdrawal_management:
        reasons.append(f"Dimension 1 rated {ratings[1]}: withdrawal management (detox) needed beside the level")
    if co_occurring:
        reasons.append(f"Dimension 3 rated {ratings[3]}: a co-occurring-capable program needed")
    return Suggestion(
        level=level,
        withdrawal_management=withdrawal_management,
        co_occurring=co_occurring,
        reasons=reasons,
        floors=floors,
        escalated=escalated,
    )
