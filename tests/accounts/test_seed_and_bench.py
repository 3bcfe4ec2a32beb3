from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Membership, Organization, User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_logins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    assert "alice@harbor.example" in out.getvalue()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == counts
    assert "nothing added" in again.getvalue()
    assert "demo-casework-2026" in again.getvalue()


@pytest.mark.django_db
def test_seed_demo_has_two_practices_a_directory_admin_and_a_family_member():
    call_command("seed_demo", stdout=StringIO())
    harbor = Organization.objects.get(name="Harbor Intervention Group")
    assert harbor.memberships.filter(role="owner").count() == 1
    assert harbor.memberships.filter(role="interventionist").count() == 2
    assert Organization.objects.filter(name="Summit Family Recovery").exists()
    assert User.objects.get(email="dana@directory.example").is_directory_admin
    carol = User.objects.get(email="carol@family.example")
    assert not carol.is_practice_staff and not carol.is_directory_admin


def test_bench_prints_json_starting_with_bare_view_ms(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--only", "accounts.bench.bare_view"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert next(iter(figures)) == "bare_view_ms"
    assert figures["bare_view_ms"] > 0
    assert figures["bare_view_queries"] == 1
