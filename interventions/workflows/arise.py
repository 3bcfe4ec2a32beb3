"""ARISE (A Relational Intervention Sequence for Engagement; Landau and Garrett): staged and invitational, stopping
at the first level that works. Level 1: the first caller is coached to invite the person to a network meeting.
Level 2: further network meetings (two to five), the person invited to each. Level 3: a formal intervention with
stated consequences, only when the earlier levels have not led to treatment. Each escalation is dated, with its
reason; the person's attendance is kept at every meeting; "agreed at level N" is the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import InterventionModel
from .base import DAY_CHECKS, Kind, Outcome, OutcomeChoice, PortalText, Workflow
from .johnson import LOGISTICS

if TYPE_CHECKING:
    from ..models import InterventionPlan

FORMAL_LEVEL = 3


@dataclass(frozen=True)
class AriseWorkflow(Workflow):
    def level(self, plan: InterventionPlan | None) -> int:
        return (plan.arise_level if plan is not None else None) or 1

    def checks_for(self, plan: InterventionPlan | None) -> frozenset[str]:
        # Levels 1 and 2 ask only for the network; the formal meeting of level 3 is a planned day.
        return DAY_CHECKS if self.level(plan) >= FORMAL_LEVEL else self.checks

    def event_is_scheduled(self, plan: InterventionPlan | None) -> bool:
        return self.level(plan) >= FORMAL_LEVEL

    def shows_boundaries(self, plan: InterventionPlan | None) -> bool:
        return self.level(plan) >= FORMAL_LEVEL  # the consequences stated at the formal meeting

    def outcomes_for(self, plan: InterventionPlan | None) -> tuple[OutcomeChoice, ...]:
        level = self.level(plan)
        agreed = (
            OutcomeChoice(Outcome.ACCEPTED_NOW, f"Agreed to treatment now, at level {level}"),
            OutcomeChoice(Outcome.ACCEPTED_LATER, f"Agreed to treatment on a later date, at level {level}"),
        )
        if level < FORMAL_LEVEL:
            return agreed
        return (
            *agreed,
            OutcomeChoice(Outcome.REFUSED, "Refused at the formal intervention", "The stated consequences apply."),
            OutcomeChoice(Outcome.POSTPONED, "Postponed (the meeting did not take place)"),
        )


ARISE = AriseWorkflow(
    model=InterventionModel.ARISE,
    name="ARISE",
    summary="Staged and invitational: network meetings first (levels 1 and 2), a formal meeting only if needed.",
    plan_fieldsets=(
        ("Level 1: the first call", ("first_call_on", "invited_by", "invitation_method", "invitation_wording")),
        ("Network meetings", ("location", "time_zone", "location_notes")),
        (
            "Level 3: the formal intervention (only if levels 1 and 2 have not led to treatment)",
            ("scheduled_for", "duration_minutes", "contingency_plan"),
        ),
        ("Logistics, if the person agrees", LOGISTICS),
    ),
    session_kinds=(Kind.NETWORK_MEETING,),
    session_fields=("person_invited", "person_attended"),
    sessions_heading="Network meetings",
    checks=frozenset({"plan.participants"}),
    outcomes=(),
    portal=PortalText(
        title="What to expect",
        intro=(
            "{lead} is guiding your family with ARISE, a gentle approach in stages. {person} is invited openly to a "
            "meeting of the people who care about them, and is welcome at every meeting. Many families need only "
            "one or two meetings; a more formal meeting is held only if the earlier ones have not led to treatment."
        ),
        roles={
            "speaker": "You are part of the support network: you come to the meetings and may be asked to invite "
            "{person} yourself.",
            "support": "You are part of the support network: your being there matters, and you do not need to speak.",
            "observer": "You will be kept informed and can read the library.",
        },
    ),
    uses_boundaries=True,  # the consequences stated at level 3 (shows_boundaries)
    uses_speaking_order=True,
    levels=True,
    participants_heading="The network",
    required_plan_fields=frozenset({"first_call_on"}),
)
