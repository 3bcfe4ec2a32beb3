"""What must be true to leave a stage: a registry of checks.

`interventions` defines it and registers its own checks; other apps (families, for checklists and letters)
register theirs from their AppConfig.ready(), so interventions never imports them.

A check is a callable taking the case and returning a `CheckResult`, or None when it does not apply to
this case (a CRAFT-only check on a Johnson plan). It is registered for the stage it guards the exit of,
and optionally only for one target stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case


@dataclass(frozen=True)
class CheckResult:
    label: str  # what must be true, e.g. "Date and place of the intervention set"
    ok: bool
    missing: str = ""  # what to do when not ok, shown to the user
    fix_url: str = ""  # where to fix it


@dataclass(frozen=True)
class _Registered:
    key: str
    leaving: str
    to: str | None
    check: Callable[[Case], CheckResult | None]
    overridable: bool


_REGISTRY: dict[str, _Registered] = {}


Check = Callable[["Case"], CheckResult | None]


def register(key: str, *, leaving: str, to: str | None = None, overridable: bool = True) -> Callable[[Check], Check]:
    """Decorator: register a check guarding the exit of `leaving` (towards `to`, or any stage)."""

    def decorator(check: Check) -> Check:
        _REGISTRY[key] = _Registered(key, leaving, to, check, overridable)
        return check

    return decorator


def checks_for(case: Case, to: str, *, leaving: str | None = None) -> list[tuple[CheckResult, bool]]:
    """Each check that guards `case.stage -> to` (or `leaving -> to`: the plan's readiness panel asks about
    scheduling whatever stage the case is in) and applies to the case, run now, with whether it may be overridden."""
    leaving = leaving or case.stage
    results = []
    for entry in _REGISTRY.values():
        if entry.leaving == leaving and entry.to in (None, to):
            result = entry.check(case)
            if result is not None:
                results.append((result, entry.overridable))
    return results


def registered_keys() -> set[str]:
    return set(_REGISTRY)
