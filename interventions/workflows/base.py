"""What a workflow is: the declaration each model's module fills in (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import InterventionEvent, PlanSession, Stage

if TYPE_CHECKING:
    from ..models import InterventionPlan

Outcome = InterventionEvent.Outcome
Kind = PlanSession.Kind

# What each outcome does to the case, from the stage of a scheduled day, in steps of ALLOWED_TRANSITIONS. An outcome
# that comes at a session while the case is in planning (ARISE levels 1 and 2, a CRAFT invitation) first steps to
# scheduled. ENDED moves nothing: the plan is over and the case stays in planning for a new plan or for closing.
OUTCOME_MOVES: dict[str, tuple[str, ...]] = {
    Outcome.ACCEPTED_NOW: (Stage.HELD,),
    Outcome.ACCEPTED_LATER: (Stage.HELD,),
    Outcome.REFUSED: (Stage.HELD, Stage.DECLINED, Stage.PLANNING),
    Outcome.POSTPONED: (Stage.POSTPONED,),
    Outcome.FAMILY_MET: (Stage.PLANNING,),
    Outcome.ENDED: (),
}
ACCEPTED = frozenset({Outcome.ACCEPTED_NOW, Outcome.ACCEPTED_LATER})
# Outcomes after which the family goes on with a new plan (a new version, or another model).
PLAN_OVER = frozenset({Outcome.REFUSED, Outcome.POSTPONED, Outcome.ENDED})

# Readiness checks (interventions.checks, families.checks) by key. Only those leaving planning depend on the model.
DAY_CHECKS = frozenset(
    {
        "plan.when_where",
        "plan.participants",
        "plan.admission_time",
        "plan.travel",
        "plan.accepted_referral",
        "plan.insurance",
        "families.checklists",
        "families.letters",
    }
)


@dataclass(frozen=True)
class OutcomeChoice:
    outcome: str  # an InterventionEvent.Outcome
    label: str  # in the model's own words
    help: str = ""


@dataclass(frozen=True)
class PortalText:
    """What a family member reads in the portal before the event: the model in plain words, then their part by role.
    `{person}` is the person's first name and `{lead}` the interventionist's name."""

    title: str
    intro: str
    roles: dict[str, str]

    def render(self, *, person: str, lead: str, role: str) -> tuple[str, str]:
        values = {"person": person, "lead": lead}
        return self.intro.format(**values), self.roles.get(role, "").format(**values)


@dataclass(frozen=True)
class Workflow:
    model: str  # an InterventionModel
    name: str  # short, for headings: "Johnson", "CRAFT"
    summary: str  # one sentence, for choosing a model
    # The plan form: (legend, field names) in order; only the fields the model uses.
    plan_fieldsets: tuple[tuple[str, tuple[str, ...]], ...]
    # Sessions: the kinds offered (the first is the default) and the fields of the session form besides the kind,
    # the time, the place, the notes, whether it was held and who came.
    session_kinds: tuple[str, ...]
    session_fields: tuple[str, ...]
    sessions_heading: str
    # Readiness checks leaving planning (before the model's event), by key.
    checks: frozenset[str]
    outcomes: tuple[OutcomeChoice, ...]
    portal: PortalText
    uses_letters: bool = True  # impact letters, read at the event
    uses_boundaries: bool = True  # each participant's private "if treatment is refused, I will"
    uses_speaking_order: bool = True
    scheduled_event: bool = True  # the event is a day set in the plan (the stage moves through "scheduled")
    contingency: bool = True  # a plan for a refusal
    invitations: bool = False  # the person accepts through a recorded invitation to treatment (CRAFT)
    levels: bool = False  # a level history, escalated with reasons (ARISE)
    participants_heading: str = "Participants"
    required_plan_fields: frozenset[str] = frozenset()
    plan_labels: dict[str, str] = field(default_factory=dict)  # the model's own words for a plan field

    # Hooks a model may override where its answer depends on the plan (ARISE's level).
    def checks_for(self, plan: InterventionPlan | None) -> frozenset[str]:
        return self.checks

    def outcomes_for(self, plan: InterventionPlan | None) -> tuple[OutcomeChoice, ...]:
        return self.outcomes

    def event_is_scheduled(self, plan: InterventionPlan | None) -> bool:
        """True: the outcome is recorded once the case is scheduled for the day. False: at a session, while the case
        is in planning (ARISE levels 1 and 2, CRAFT)."""
        return self.scheduled_event

    def shows_boundaries(self, plan: InterventionPlan | None) -> bool:
        """Whether the participants' boundaries are part of the plan now."""
        return self.uses_boundaries

    def outcome_label(self, plan: InterventionPlan | None, outcome: str) -> str:
        for choice in self.outcomes_for(plan):
            if choice.outcome == outcome:
                return choice.label
        return str(Outcome(outcome).label)

    def session_kind_choices(self) -> list[tuple[str, str]]:
        return [(kind, str(Kind(kind).label)) for kind in self.session_kinds]

    @property
    def plan_fields(self) -> tuple[str, ...]:
        return tuple(name for _, names in self.plan_fieldsets for name in names)
