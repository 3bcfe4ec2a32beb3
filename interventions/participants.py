"""Where the intervention's participants come from, without interventions importing families.

The app that owns the people around a case (families) registers a source from its AppConfig.ready():
a callable (case) -> list[Candidate]. The plan's participants are drawn from these candidates and keep
the candidate's key, so a participant can be followed back to its family member record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case


@dataclass(frozen=True)
class Candidate:
    key: str  # stable id within its source, e.g. "family:12"
    name: str
    relationship: str = ""
    email: str = ""
    user_id: int | None = None  # the candidate's login, if they have one (family portal)
    suggested_role: str = ""


_SOURCES: list[Callable[[Case], list[Candidate]]] = []


def register_source(source: Callable[[Case], list[Candidate]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def candidates_for(case: Case) -> list[Candidate]:
    return [candidate for source in _SOURCES for candidate in source(case)]
