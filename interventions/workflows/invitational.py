"""Invitational: the person is invited openly to a family meeting about their use; no surprise. The family meets
whether or not the person comes, and the family work goes on either way."""

from __future__ import annotations

from ..models import InterventionModel
from .base import DAY_CHECKS, Kind, Outcome, OutcomeChoice, PortalText, Workflow
from .johnson import DAY, LOGISTICS

INVITATIONAL = Workflow(
    model=InterventionModel.INVITATIONAL,
    name="Invitational",
    summary="The person is invited openly to a family meeting; the family meets whether or not they come.",
    plan_fieldsets=(
        ("The family meeting", DAY),
        (
            "The invitation",
            ("invited_by", "invitation_method", "invitation_sent_on", "invitation_answer", "invitation_wording"),
        ),
        ("If the answer is no", ("contingency_plan",)),
        ("Logistics, if the person agrees", LOGISTICS),
    ),
    session_kinds=(Kind.FAMILY_MEETING, Kind.REHEARSAL),
    session_fields=("person_invited", "person_attended"),
    sessions_heading="Family meetings and preparation",
    # The same readiness as a planned day, without the secrecy, and the invitation itself.
    checks=DAY_CHECKS | {"plan.invitation"},
    outcomes=(
        OutcomeChoice(Outcome.ACCEPTED_NOW, "The person came and agreed to treatment now"),
        OutcomeChoice(Outcome.ACCEPTED_LATER, "The person came and agreed to treatment on a later date"),
        OutcomeChoice(Outcome.REFUSED, "The person came and declined", "The contingency plan applies."),
        OutcomeChoice(
            Outcome.FAMILY_MET,
            "The family met without the person",
            "The meeting is kept as a family session; the case stays in planning with the next meeting.",
        ),
        OutcomeChoice(Outcome.POSTPONED, "Postponed (the meeting did not take place)"),
    ),
    portal=PortalText(
        title="What to expect",
        intro=(
            "{lead} is guiding your family through an invitational intervention. {person} is invited openly to a "
            "family meeting about their use: nothing is kept secret from them. The family meets whether or not "
            "{person} comes; the meetings are for you too, and the work goes on either way."
        ),
        roles={
            "speaker": "You will share, in your own words or a short letter you write here, what you hope for "
            "{person}; {lead} will go through it with you first.",
            "support": "You will be at the meetings to show your support; you do not need to speak.",
            "observer": "You will be kept informed and can read the library.",
        },
    ),
    uses_boundaries=False,
)
