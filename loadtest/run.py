"""`make loadtest`: a production-mode server under 50 simulated users for 60 seconds, and a summary of what they saw.

1. (Re)creates the load database (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/casework_load),
   migrates it, loads the demo seed and collects the static files (whitenoise serves them, as in production).
2. Starts gunicorn (config.wsgi, LOAD_WORKERS sync workers, default 4 as README's production example) with
   DJANGO_DEBUG=0, a random SECRET_KEY, Redis as broker and cache (LOAD_REDIS_URL, default database 14), and
   DJANGO_SETTINGS_MODULE=loadtest.settings, which only adds the bench's bare view to the URLs. The production
   cookies (`__Host-sessionid`, Secure) and the HTTPS redirect stay on: gunicorn serves TLS itself with a throwaway
   self-signed certificate. Locust stands in for the reverse proxy (TRUSTED_PROXIES=127.0.0.1): each user sends
   an X-Forwarded-For address of its own, so the sign-in rate limit per address is not 50 people's. Owners' two-step sign-in is off (MFA_REQUIRED_FOR_OWNERS=0) so locust can sign in.
3. Runs locust headless (loadtest/locustfile.py; LOAD_USERS=50, LOAD_SPAWN_RATE=10; LOAD_SECONDS=60 measured from
   the moment the last user has signed in), CSV into .loadtest/, then prints one JSON object: requests per second,
   p50/p95/p99 per page, failures, the case page's p95 over the bare view's, and the sign-ins apart. Exits non-zero
   if any request failed. 4. Stops the server.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from ssl import CERT_NONE, create_default_context
from urllib.parse import urlsplit

import psycopg
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / ".loadtest"
PY = sys.executable


def log(message: str) -> None:
    print(f"loadtest: {message}", file=sys.stderr, flush=True)


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid one day (P-256: the handshake is cheap)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = directory / "key.pem", directory / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def wait_until_up(url: str, timeout: float = 60) -> None:
    context = create_default_context()
    context.check_hostname = False
    context.verify_mode = CERT_NONE  # the throwaway certificate
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, context=context, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"loadtest: the server did not answer {url} within {timeout:.0f} s")


def summary(stats_csv: Path, logins_json: Path, users: int, seconds: int) -> dict[str, object]:
    logins = json.loads(logins_json.read_text()) if logins_json.exists() else {"seconds": [], "failures": ["none"]}
    login_s = sorted(logins["seconds"])
    rows = list(csv.DictReader(stats_csv.open()))
    pages: dict[str, dict[str, object]] = {}
    total: dict[str, str] = {}
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        if not int(row["Request Count"]):
            continue  # the sign-in requests, counted before the measured window (see "sign_ins")
        pages[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 2),
            "p50_ms": int(float(row["50%"])),
            "p95_ms": int(float(row["95%"])),
            "p99_ms": int(float(row["99%"])),
        }
    case_p95 = pages.get("case page", {}).get("p95_ms")
    bare_p95 = pages.get("bare view", {}).get("p95_ms")
    ratio = (
        round(case_p95 / bare_p95, 1) if isinstance(case_p95, int) and isinstance(bare_p95, int) and bare_p95 else None
    )
    return {
        "users": users,
        "measured_s": seconds,
        "requests": int(total.get("Request Count", 0)),
        "failures": int(total.get("Failure Count", 0)) + len(logins["failures"]),
        "rps": round(float(total.get("Requests/s", 0)), 1),
        "p50_ms": int(float(total.get("50%", 0) or 0)),
        "p95_ms": int(float(total.get("95%", 0) or 0)),
        "p99_ms": int(float(total.get("99%", 0) or 0)),
        "case_p95_over_bare_p95": ratio,
        "cpus": os.cpu_count(),
        "load_before": LOAD_BEFORE,
        "pages": pages,
        "sign_ins": {
            "count": len(login_s),
            "failures": logins["failures"],
            "p50_s": login_s[len(login_s) // 2] if login_s else None,
            "max_s": login_s[-1] if login_s else None,
            "all_signed_in_after_s": logins.get("all_signed_in_after_s"),
        },
    }


LOAD_BEFORE = ""


def main() -> int:
    global LOAD_BEFORE
    database_url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casework_load")
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
    port = os.environ.get("LOAD_PORT", "8765")
    users = int(os.environ.get("LOAD_USERS", "50"))
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    OUT.mkdir(exist_ok=True)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "loadtest.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "DEV_APPS": "demo,bench",
        "MFA_REQUIRED_FOR_OWNERS": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "PRIVATE_STORAGE_ROOT": str(OUT / "private"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
    log(f"creating {urlsplit(database_url).path.lstrip('/')}, migrating, seeding")
    recreate_database(database_url)
    manage = [PY, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--i-know-this-is-not-production"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    targets = OUT / "targets.json"
    subprocess.run([PY, "-m", "loadtest.targets", str(targets)], env=env, check=True, cwd=BASE_DIR)
    key, cert = certificate(OUT)
    workers = os.environ.get("LOAD_WORKERS", "4")
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "--workers", workers, "--bind", f"127.0.0.1:{port}",
         "--keyfile", str(key), "--certfile", str(cert), "--log-level", "warning"],
        env=env, cwd=BASE_DIR,
    )  # fmt: skip
    host = f"https://127.0.0.1:{port}"
    logins = OUT / "logins.json"
    logins.unlink(missing_ok=True)
    try:
        wait_until_up(host + "/__bench__/bare/")
        LOAD_BEFORE = " ".join(f"{value:.2f}" for value in os.getloadavg())
        log(f"gunicorn up ({workers} workers, load {LOAD_BEFORE}); locust: {users} users, {seconds} s once signed in")
        subprocess.run(
            [str(Path(PY).parent / "locust"), "-f", str(BASE_DIR / "loadtest" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", os.environ.get("LOAD_SPAWN_RATE", "10"), "-t", f"{seconds + 600}s", "--host", host,
             "--csv", str(OUT / "run"), "--only-summary", "--loglevel", "WARNING"],
            env=os.environ | {"LOAD_TARGETS": str(targets), "LOAD_LOGINS": str(logins), "LOAD_SECONDS": str(seconds)}, cwd=BASE_DIR, check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = summary(OUT / "run_stats.csv", logins, users, seconds)
    print(json.dumps(result, indent=2))
    failures = OUT / "run_failures.csv"
    if result["failures"]:
        log(f"{result['failures']} failed requests: see {failures}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
