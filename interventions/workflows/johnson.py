"""Johnson: the family rehearses in private with the interventionist; the person is brought to a meeting without
warning; each speaker reads an impact letter and states a boundary; a bed is ready the same day."""

from __future__ import annotations

from ..models import InterventionModel
from .base import DAY_CHECKS, Kind, Outcome, OutcomeChoice, PortalText, Workflow

DAY = ("scheduled_for", "duration_minutes", "location", "time_zone", "location_notes")
LOGISTICS = ("travel_plan", "travel_arranged", "escort", "packing_list")

JOHNSON = Workflow(
    model=InterventionModel.JOHNSON,
    name="Johnson",
    summary="A rehearsed meeting the person does not know about; letters, boundaries and a bed ready the same day.",
    plan_fieldsets=(
        ("The day", DAY),
        ("If the answer is no", ("contingency_plan",)),
        ("Logistics", LOGISTICS),
    ),
    session_kinds=(Kind.REHEARSAL,),
    session_fields=(),
    sessions_heading="Rehearsals",
    checks=DAY_CHECKS,
    outcomes=(
        OutcomeChoice(Outcome.ACCEPTED_NOW, "Accepted treatment now"),
        OutcomeChoice(Outcome.ACCEPTED_LATER, "Accepted treatment for a later date"),
        OutcomeChoice(Outcome.REFUSED, "Refused treatment", "The contingency plan and the boundaries apply."),
        OutcomeChoice(Outcome.POSTPONED, "Postponed (the meeting did not take place)"),
    ),
    portal=PortalText(
        title="What to expect",
        intro=(
            "Thank you for being here. {lead} is guiding your family through this. An intervention is a planned, "
            "caring conversation in which the people closest to {person} say how much they care and ask them to "
            "accept help the same day. You will rehearse together first: nobody walks in unprepared. Please keep the "
            "plan private until the day."
        ),
        roles={
            "speaker": "You will read a short letter you write here; {lead} will read it with you first.",
            "support": "You will be there to show your support; you do not need to speak.",
            "observer": "You will be kept informed and can read the library.",
        },
    ),
)
