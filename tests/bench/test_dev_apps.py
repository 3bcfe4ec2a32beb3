"""`demo` and `bench` are development tools: installed with DEBUG on, or when DEV_APPS asks, never otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django; django.setup(); from django.apps import apps;"
    "print(apps.is_installed('demo'), apps.is_installed('bench'))"
)
PRODUCTION = {"DJANGO_DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}


def installed(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEV_APPS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow  # two subprocesses that set Django up
def test_production_settings_install_neither_unless_asked():
    assert installed(**PRODUCTION) == "False False"
    assert installed(**PRODUCTION, DEV_APPS="demo") == "True False"


def test_debug_settings_install_both():
    from django.apps import apps

    # The test settings are the embedded mode's (DEBUG on when read): seed_demo and bench are there.
    assert apps.is_installed("demo") and apps.is_installed("bench")
