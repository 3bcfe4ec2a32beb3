from __future__ import annotations

import pytest

from interventions import extensions
from interventions.models import Stage, StageChange
from tests.factories import CaseFactory


def move(case, to: str, by, at):
    """Record a stage change at `at` and send `stage_changed` as interventions does after commit."""
    from interventions.signals import stage_changed

    change = StageChange.objects.create(case=case, from_stage=case.stage, to_stage=to, by=by, at=at)
    from_stage = case.stage
    case.stage = to
    case.save(update_fields=["stage"])
    stage_changed.send(sender=type(case), case=case, change=change, from_stage=from_stage, to_stage=to, by=by)
    return change


@pytest.fixture
def case(practice, alice):
    return CaseFactory(organization=practice, lead=alice, stage=Stage.HELD)


@pytest.fixture
def consent_policy():
    """Install a disclosure policy for the test: `grants` holds (user pk, case pk, category) triples."""
    grants: set[tuple[int, int, str]] = set()
    recorded: list[tuple[int, int, tuple[str, ...], str]] = []

    def policy(user, case, category, at=None):
        return (user.pk, case.pk, category) in grants

    def recorder(user, case, categories, how, **details):
        recorded.append((user.pk, case.pk, tuple(categories), how))

    with extensions.disclosure_policy.replace(extensions.DisclosurePolicy(may_disclose=policy, record=recorder)):
        yield grants, recorded


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks queued by services run in the test process (the worker tests start real workers instead)."""
    from config.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old
