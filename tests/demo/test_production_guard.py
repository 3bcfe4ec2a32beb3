"""`seed_demo` creates accounts with published passwords: with DEBUG off it refuses unless told explicitly."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DJANGO_DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org", "DEV_APPS": "demo"}


@pytest.mark.django_db
@override_settings(DEMO_SEED_ALLOW=False)
def test_with_debug_off_it_refuses_and_says_how_to_insist():
    with pytest.raises(CommandError, match="refuses to run with DEBUG off") as refused:
        call_command("seed_demo", stdout=StringIO())
    assert "--i-know-this-is-not-production" in str(refused.value) and "DEMO_SEED_ALLOW=1" in str(refused.value)
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_SEED_ALLOW=False)
def test_the_flag_loads_the_demo_even_with_debug_off():
    out = StringIO()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=out)
    assert "Demo data loaded" in out.getvalue() and User.objects.exists()


@pytest.mark.slow  # subprocesses that set Django up
@pytest.mark.parametrize(
    ("extra_env", "allowed"), [({}, False), ({"DEMO_SEED_ALLOW": "1"}, True), ({"DJANGO_DEBUG": "1"}, True)]
)
def test_production_settings_refuse_with_a_non_zero_exit(extra_env, allowed):
    """The setting follows DEBUG (on in `make run`) unless DEMO_SEED_ALLOW says otherwise; the refusal exits 1."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEV_APPS", "DEMO_SEED_ALLOW")}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **PRODUCTION, **extra_env}
    probe = "import django; django.setup(); from django.conf import settings; print(settings.DEMO_SEED_ALLOW)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )
    assert result.stdout.strip() == str(allowed), result.stderr
    if not allowed:
        # Refuses before touching the database: the database named here does not even exist.
        env["DATABASE_URL"] = f"sqlite:///{ROOT}/nonexistent-dir/db.sqlite3"
        run = subprocess.run(
            [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
        )
        assert run.returncode == 1
        assert "seed_demo refuses to run with DEBUG off" in run.stderr
        assert "--i-know-this-is-not-production" in run.stderr
