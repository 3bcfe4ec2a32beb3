"""What must be true to leave a stage: the checks registered in `extensions.readiness_checks`, asked here.

`interventions` registers its own checks (checks.py, checks_assessment.py) and other apps (families, for checklists
and letters) theirs, each from its AppConfig.ready(), so interventions never imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .extensions import CheckResult, readiness_checks
from .models import Stage

if TYPE_CHECKING:
    from .models import Case

__all__ = ["CheckResult", "checks_for"]


def checks_for(case: Case, to: str, *, leaving: str | None = None) -> list[tuple[CheckResult, bool]]:
    """Each check that guards `case.stage -> to` (or `leaving -> to`: the plan's readiness panel asks about
    scheduling whatever stage the case is in) and applies to the case, run now, with whether it may be overridden."""
    from .workflows import workflow_for

    leaving = leaving or case.stage
    # Leaving planning, the intervention model decides which checks apply before its event (workflows/).
    model_checks = workflow_for(case.current_plan).checks_for(case.current_plan) if leaving == Stage.PLANNING else None
    results = []
    for entry in readiness_checks:
        if model_checks is not None and entry.key not in model_checks:
            continue
        if entry.leaving == leaving and entry.to in (None, to):
            result = entry.check(case)
            if result is not None:
                results.append((result, entry.overridable))
    return results
