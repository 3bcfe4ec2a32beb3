"""Each intervention model as its own workflow: one small module per model says which plan fields, sessions,
readiness checks, outcomes, checklist and family-facing text apply (shared/domain/models.md). Views, forms,
services and templates ask `workflow_for(plan)`; nothing else tests which model a plan follows.

| module | model | the event |
| --- | --- | --- |
| `johnson.py` | Johnson: a rehearsed surprise meeting | one scheduled day |
| `invitational.py` | Invitational: an open invitation to a family meeting | scheduled family meetings, held with or without the person |
| `arise.py` | ARISE: levels 1 to 3, stopping at the first that works | network meetings (levels 1 and 2), then a scheduled formal meeting (level 3) |
| `craft.py` | CRAFT: weekly coaching of the family | an invitation to treatment, at any session |

The stage machine stays one table (`models.case.ALLOWED_TRANSITIONS`): an outcome chooses among its moves
(`OUTCOME_MOVES`), the same for every model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .arise import ARISE
from .base import OUTCOME_MOVES, OutcomeChoice, PortalText, Workflow
from .craft import CRAFT
from .invitational import INVITATIONAL
from .johnson import JOHNSON

if TYPE_CHECKING:
    from ..models import InterventionPlan

__all__ = ["OUTCOME_MOVES", "WORKFLOWS", "OutcomeChoice", "PortalText", "Workflow", "workflow_for"]

WORKFLOWS: dict[str, Workflow] = {workflow.model: workflow for workflow in (JOHNSON, INVITATIONAL, ARISE, CRAFT)}


def workflow_for(plan_or_model: InterventionPlan | str | None) -> Workflow:
    """The workflow of a plan (or of a model's code). No plan yet: Johnson's, the readiness of a planned day."""
    if plan_or_model is None:
        return JOHNSON
    model = plan_or_model if isinstance(plan_or_model, str) else plan_or_model.model
    return WORKFLOWS[model]
