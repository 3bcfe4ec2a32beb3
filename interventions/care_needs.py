"""A case's facility needs as the matching engine takes them (facilities.matching.CareNeeds), written once.

The needs come from the intake and the latest *confirmed* assessment; the search radius is where the matches page
starts from. The page lets the interventionist edit all of it before ranking.
"""

from __future__ import annotations

from facilities.matching import CareNeeds

from .models import Case, Sex

DEFAULT_MAX_DISTANCE_KM = 500.0
# Populations of samhsa.md (special programs, SG) the case's own fields tell us about.
POPULATION_FLAGS = {"veteran": "VET", "pregnant": "PW"}
# The language codes of samhsa.md; English needs none (every facility offers it).
NO_LANGUAGE_CODE = {"EN"}


def care_needs_for(case: Case) -> CareNeeds:
    """The case's needs as recorded, before the interventionist edits them.

    The level of care, withdrawal management and co-occurring capability come from the latest confirmed assessment
    (None / False without one); payment is the payer's SAMHSA PAY code; populations are SAMHSA special program codes
    (VET, PW); language is a SAMHSA language code (None for English). Two queries.
    """
    confirmed = case.assessments.confirmed().latest_first().first()
    postal_code = case.postal_code or None
    return CareNeeds(
        level_of_care=confirmed.confirmed_level if confirmed else None,
        withdrawal_management=bool(confirmed and confirmed.withdrawal_management),
        co_occurring=bool(confirmed and confirmed.co_occurring),
        payment=case.payer or None,
        age=case.age,
        sex=case.sex if case.sex in (Sex.MALE, Sex.FEMALE) else None,
        populations={code for name, code in POPULATION_FLAGS.items() if getattr(case, name)},
        language=None if case.preferred_language in NO_LANGUAGE_CODE else case.preferred_language or None,
        postal_code=postal_code,
        max_distance_km=DEFAULT_MAX_DISTANCE_KM if postal_code else None,
    )
