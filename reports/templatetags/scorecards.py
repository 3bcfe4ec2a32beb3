"""Template tags that put a facility scorecard on pages of apps that may not import `reports` (DESIGN.md:
template includes, not imports): the facility page and the matches page load this library and include
`reports/partials/_scorecard.html`.

The card is the viewer's practice's own data. A user with no active membership in the practice (a directory admin
without one, a family member) gets no card. Nothing here hides or reorders a facility.
"""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import Organization, User

from ..scorecards import Scorecard
from ..scorecards import scorecards_for as _scorecards_for

register = template.Library()


def _practice_of(user: Any, practice: Organization | None) -> Organization | None:
    """`practice` when the user is an active member of it; without one, the user's own (first) practice."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    if practice is not None:
        return practice if user.membership_for(practice) else None
    return user.primary_organization


def _facility_id(item: Any) -> int:
    # A match carries its facility; a facility is its own.
    return getattr(item, "facility", item).pk


@register.simple_tag
def facility_scorecard(facility: Any, user: Any, practice: Organization | None = None) -> Scorecard | None:
    """`{% facility_scorecard facility user as card %}`: the card of one facility, or None for a user without
    a practice."""
    organization = _practice_of(user, practice)
    if organization is None:
        return None
    return _scorecards_for(organization, [facility.pk])[facility.pk]


@register.simple_tag
def scorecards_for(items: Any, user: Any, practice: Organization | None = None) -> dict[int, Scorecard]:
    """`{% scorecards_for matches user practice=case.organization as cards %}`: cards by facility id for a list of
    facilities or matches, in a constant number of queries; empty for a user without a practice."""
    organization = _practice_of(user, practice)
    if organization is None or not items:
        return {}
    return _scorecards_for(organization, [_facility_id(item) for item in items])


@register.filter
def card_for(cards: dict[int, Scorecard], facility: Any) -> Scorecard | None:
    """`cards|card_for:facility`: the facility's card from `scorecards_for`, or None."""
    return cards.get(_facility_id(facility)) if cards else None
