"""A case's facility needs, as the matching engine takes them (facilities.matching.CareNeeds).

From the intake: payer, age, sex, preferred language, veteran and pregnancy, ZIP code; withdrawal management
is proposed when the intake records withdrawal seizures. The level of care stays empty until an assessment
confirms one (the assessment issue fills it). The matches page lets the interventionist edit all of it.
"""

from __future__ import annotations

from facilities.matching import CareNeeds

from .models import Case, Language, Sex

DEFAULT_MAX_DISTANCE_KM = 500.0


def care_needs_for(case: Case) -> CareNeeds:
    """The case's needs as recorded, before the interventionist edits them."""
    populations = set()
    if case.veteran:
        populations.add("VET")
    if case.pregnant:
        populations.add("PW")
    level = getattr(case, "confirmed_level_of_care", None)  # provided once assessments exist
    return CareNeeds(
        level_of_care=level or None,
        withdrawal_management=case.withdrawal_seizures_history,
        payment=case.payer or None,
        age=case.age,
        sex=case.sex if case.sex in (Sex.FEMALE, Sex.MALE) else None,
        populations=populations,
        language=None if case.preferred_language == Language.ENGLISH else case.preferred_language,
        postal_code=case.postal_code or None,
        max_distance_km=DEFAULT_MAX_DISTANCE_KM if case.postal_code else None,
    )
