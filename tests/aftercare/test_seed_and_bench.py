from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from aftercare.models import AftercarePlan, FamilySupportSession, FollowUp

ROOT = Path(__file__).resolve().parents[2]


def counts() -> tuple[int, int, int]:
    return FollowUp.objects.count(), AftercarePlan.objects.count(), FamilySupportSession.objects.count()


@pytest.mark.django_db
def test_seed_gives_demo_cases_follow_ups_in_every_state_plans_and_sessions_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo data loaded" in out.getvalue()
    assert set(FollowUp.objects.values_list("status", flat=True)) == set(FollowUp.Status.values)
    before = counts()
    assert before[0] > 0 and before[1] >= 1 and before[2] >= 2
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert counts() == before
    assert "nothing added" in again.getvalue()


def test_bench_reports_the_reminder_scan(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--only", "aftercare.bench.reminder_scan"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["reminder_scan_ms"] > 0
    assert figures["reminder_scan_reminded"] == 100
