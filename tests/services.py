"""Real services for the tests: which are here, a worker process, a browser.

A test that needs a service is marked `@pytest.mark.services("redis", "worker")` and is skipped with the
reason when the service is missing, unless REQUIRE_SERVICES=1 (CI), where a missing service fails it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def redis_url() -> str:
    """The broker the tests use: the configured Redis broker, else a local Redis on db 15."""
    broker = settings.CELERY_BROKER_URL
    return broker if broker.startswith("redis") else "redis://127.0.0.1:6379/15"


def missing_services(names: tuple[str, ...]) -> list[str]:
    """The names among `names` that are not available here, each with the reason."""
    missing = []
    for name in names:
        reason = _check(name)
        if reason:
            missing.append(f"{name}: {reason}")
    return missing


def _check(name: str) -> str | None:
    if name == "postgres":
        return None if connection.vendor == "postgresql" else "DATABASE_URL is not PostgreSQL"
    if name in ("redis", "worker"):
        try:
            import redis

            redis.Redis.from_url(redis_url(), socket_connect_timeout=1).ping()
        except Exception as error:  # noqa: BLE001
            return f"no Redis at {redis_url()} ({error.__class__.__name__})"
        if name == "worker" and connection.vendor != "postgresql":
            return "a worker process needs a shared database (PostgreSQL), not SQLite in memory"
        return None
    if name == "browser":
        if not Path(CHROMIUM).exists():
            return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        return None
    if name == "pdftotext":
        return None if shutil.which("pdftotext") else "pdftotext missing (apt-get install poppler-utils)"
    raise ValueError(f"unknown service {name!r}")


def database_url_for_test_db() -> str:
    """A DATABASE_URL that points another process at the test database this run created."""
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def database_url_for_worker() -> str:
    """The worker connects as the app role on PostgreSQL (README "Database roles"), as in production."""
    if connection.vendor == "postgresql":
        from tests.db_roles import app_database_url

        return app_database_url()
    return database_url_for_test_db()


@contextmanager
def worker_process(*, queue: str | None = None, beat: bool = False) -> Iterator[tuple[subprocess.Popen, str]]:
    """Start a real `celery -A config worker` on Redis, on the test database as the app role; yield (process, queue)."""
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url(),
        "CELERY_RESULT_BACKEND": redis_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": database_url_for_worker(),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-n",
        f"{queue}@%h",
    ]
    if beat:
        command.append("--beat")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_until_ready(process)
        yield process, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_ready(process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    lines = []
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        lines.append(line)
        if " ready." in line:
            return
    raise RuntimeError("the Celery worker did not start:\n" + "".join(lines[-40:]))
