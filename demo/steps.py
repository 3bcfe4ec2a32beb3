"""The seed steps of `manage.py seed_demo`, in the order they run: later steps use what earlier ones made."""

from __future__ import annotations

from collections.abc import Callable

from . import accounts, aftercare, assessments, cases, consents, facilities, families, history, plans, referrals
from .context import SeedContext

STEPS: list[Callable[[SeedContext], None]] = [
    accounts.run,
    facilities.run,
    cases.run,
    referrals.run,
    consents.run,
    assessments.run,
    families.run,
    plans.run,
    aftercare.run,
    history.run,  # a year of past cases for the reports, apart from the story cases above
]


def seed(context: SeedContext | None = None) -> SeedContext:
    """Run every step once (idempotent: a second run adds nothing) and return the context."""
    context = context or SeedContext()
    for step in STEPS:
        step(context)
    return context
