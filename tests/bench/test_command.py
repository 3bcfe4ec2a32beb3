"""`make bench` end to end: its own database, one JSON object on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # a subprocess that migrates its own database
def test_bench_prints_json_starting_with_bare_view_ms(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}", "DEV_APPS": "bench"}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--only", "bench.baseline.bare_view"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert next(iter(figures)) == "bare_view_ms"
    assert figures["bare_view_ms"] > 0
    assert figures["bare_view_queries"] == 1
