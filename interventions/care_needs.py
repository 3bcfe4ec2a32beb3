"""A case's facility needs as the matching engine takes them (facilities.matching.CareNeeds).

The needs themselves come from `interventions.queries.care_needs_for` (the intake and the latest confirmed
assessment); this adds the search radius the matches page starts from. The page lets the interventionist edit
all of it before ranking.
"""

from __future__ import annotations

from facilities.matching import CareNeeds

from .models import Case
from .queries import care_needs_for as recorded_needs

DEFAULT_MAX_DISTANCE_KM = 500.0


def care_needs_for(case: Case) -> CareNeeds:
    """The case's needs as recorded, before the interventionist edits them."""
    needs = recorded_needs(case)
    return CareNeeds(**needs, max_distance_km=DEFAULT_MAX_DISTANCE_KM if needs["postal_code"] else None)
