"""CRAFT (Community Reinforcement and Family Training): not a single event. The family is coached over weekly
sessions to reward sobriety, let natural consequences happen, communicate so they can be heard, and invite the person
to treatment at a good moment; the family's own wellbeing is a goal. No confrontation, no letters, no boundaries. A
violence-risk check comes before any invitation."""

from __future__ import annotations

from ..models import InterventionModel
from .base import Kind, Outcome, OutcomeChoice, PortalText, Workflow

CRAFT = Workflow(
    model=InterventionModel.CRAFT,
    name="CRAFT",
    summary="Weekly coaching of the family over months; an invitation to treatment at a good moment; no confrontation.",
    plan_fieldsets=(
        ("Safety first", ("violence_risk_checked_on", "violence_risk_notes")),
        ("The sessions", ("location", "time_zone", "location_notes")),
    ),
    session_kinds=(Kind.CRAFT_SESSION,),
    session_fields=("skills_taught", "homework", "family_wellbeing", "person_engagement"),
    sessions_heading="CRAFT sessions",
    checks=frozenset({"plan.craft_violence_check", "plan.participants"}),
    outcomes=(
        OutcomeChoice(Outcome.ACCEPTED_NOW, "Accepted the invitation: entering treatment now"),
        OutcomeChoice(Outcome.ACCEPTED_LATER, "Accepted the invitation for a later date"),
        OutcomeChoice(
            Outcome.ENDED,
            "The programme ended without the person entering treatment",
            "The case stays in planning: start a new plan (another model) or close it.",
        ),
    ),
    portal=PortalText(
        title="How CRAFT works",
        intro=(
            "CRAFT is not a single meeting. Over weekly sessions, {lead} coaches you in ways that make treatment "
            "more likely: rewarding the times {person} is sober, letting natural consequences happen, talking so you "
            "can be heard, and choosing a good moment to suggest treatment. There is no confrontation, and your own "
            "wellbeing is a goal too. Safety comes first: tell {lead} at once if you ever feel unsafe."
        ),
        roles={
            "speaker": "You take part in the sessions and practise the skills between them.",
            "support": "You take part in the sessions and practise the skills between them.",
            "observer": "You will be kept informed and can read the library.",
        },
    ),
    uses_letters=False,
    uses_boundaries=False,
    uses_speaking_order=False,
    scheduled_event=False,
    contingency=False,
    invitations=True,
    participants_heading="The family in the sessions",
    plan_labels={"location": "Where the sessions take place"},
)
