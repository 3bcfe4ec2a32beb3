from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from interventions import extensions
from tests.factories import CaseFactory, SubstanceUseFactory


class TestPolicy:
    """A stand-in for the consent policy families installs: {(user pk, case pk): {categories}}."""

    def __init__(self) -> None:
        self.grants: dict[tuple[int, int], set[str]] = {}
        self.recorded: list[tuple[int, int, list[str], str]] = []

    def grant(self, user, case, *categories: str) -> None:
        self.grants.setdefault((user.pk, case.pk), set()).update(categories)

    def revoke(self, user, case) -> None:
        self.grants.pop((user.pk, case.pk), None)

    def policy(self, user, case, category, at=None) -> bool:
        return category in self.grants.get((user.pk, case.pk), set())

    def recorder(self, user, case, categories, how, **details) -> None:
        self.recorded.append((user.pk, case.pk, sorted(categories), how))


@pytest.fixture
def consent():
    """Install a test consent policy (what families will install), restoring the previous one afterwards."""
    test_policy = TestPolicy()
    with extensions.disclosure_policy.replace(
        extensions.DisclosurePolicy(may_disclose=test_policy.policy, record=test_policy.recorder)
    ):
        yield test_policy


@pytest.fixture
def case(practice, alice):
    case = CaseFactory(
        organization=practice, lead=alice, first_name="Jordan", last_name="Reyes", presenting_concern="Daily drinking"
    )
    SubstanceUseFactory(case=case, substance="alcohol", amount="a fifth of vodka a day")
    return case


def pdf_text(path_or_bytes) -> str:
    """The text of a PDF as pdftotext extracts it (layout kept)."""
    if isinstance(path_or_bytes, bytes):
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=path_or_bytes, capture_output=True, check=True
        )
    else:
        result = subprocess.run(["pdftotext", "-layout", str(path_or_bytes), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def flat(text: str) -> str:
    """Whitespace collapsed, so sentences wrapped across lines compare whole."""
    return " ".join(text.split())


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def throwaway():
    """Register a throwaway summary section for one test (see test_summary_sections.py), removed afterwards."""
    from interventions.extensions import summary_sections
    from interventions.summary import SummarySection

    added = []

    def add(**kwargs):
        fields = {
            "key": "throwaway",
            "title": "Throwaway section",
            "order": 50,
            "template_name": "interventions/summary/notes.html",
            "context": lambda case, period, version: {"notes": []},
            "gate": "clinical_only",
            **kwargs,
        }
        section = SummarySection(**fields)
        summary_sections.register(section)
        added.append(section)
        return section

    yield add
    for section in added:
        summary_sections.unregister(section)


@pytest.fixture
def summary_queue(monkeypatch, settings) -> str:
    """Route build_case_summary to a queue of this test's own, for a worker started with
    `tests.services.worker_process(queue=...)`, which writes to this test's private storage."""
    import uuid

    from celery import _state

    from config.celery import app as config_app
    from interventions import tasks
    from tests import services

    assert services.redis_url() == settings.CELERY_BROKER_URL, "worker tests need CELERY_BROKER_URL=redis://..."
    queue = f"test-summary-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("PRIVATE_STORAGE_ROOT", str(settings.PRIVATE_STORAGE_ROOT))
    # The shared task resolves through Celery's current app: make it the project's app in this thread and in
    # the live server's (tests/accounts/test_celery.py makes a probe app current), as it is in production.
    monkeypatch.setattr(_state, "default_app", config_app)
    monkeypatch.setattr(_state._tls, "current_app", config_app)
    task = config_app.tasks[tasks.build_case_summary.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)
    return queue
