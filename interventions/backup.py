"""Backups that restore everything: the database and the private files (signed consent forms, PDF summaries,
uploaded imports) together, with a manifest of SHA-256 checksums. `manage.py backup DEST` and
`manage.py restore SRC --yes` call these; README "Backups and recovery" gives the schedule and retention.

A backup is a directory:
    manifest.json       written last: a directory without it is an unfinished backup
    database.dump       PostgreSQL: pg_dump's custom format      (or database.sqlite3: a copy of the SQLite file)
    files/<name>        every file of the default storage, by its storage name

Consistency. On PostgreSQL the dump and the list of files the database refers to come from one snapshot
(`pg_export_snapshot()` shared with `pg_dump --snapshot`), and files are copied after it: every file is written
before the row naming it commits, so each file the dump refers to exists when it is copied. If one was deleted
in between (a summary rebuilt meanwhile), the backup fails and says so: run it again.

Files are read and written only through Django's storage API, so the same commands work with an S3-compatible
storage (django-storages) as with the local private folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections, models, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Outcome:
    path: Path
    database: str
    files: int
    bytes: int


def _sha256(stream: BinaryIO | File) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _walk(storage: Storage, path: str = "") -> Iterator[str]:
    directories, files = storage.listdir(path)
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from _walk(storage, posixpath.join(path, directory) if path else directory)


def referenced_files() -> set[str]:
    """Every file name a FileField of any model refers to, in the current transaction's view."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(name for name in values if name)
    return names


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    command = [program, "--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        command += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return [*command, *args], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _dump_database(dest: Path) -> tuple[str, set[str]]:
    """Dump the database into `dest`; returns the dump's file name and the files the dump refers to."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            referenced = referenced_files()
            command, env = _pg_command(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(dest / "database.dump"),
                "--dbname",
                connection.settings_dict["NAME"],
            )
            _run(command, env)
        return "database.dump", referenced
    if connection.vendor == "sqlite":
        # SQLite's online backup copies one consistent state (embedded mode: a single machine, one worker).
        connection.ensure_connection()
        target = sqlite3.connect(dest / "database.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return "database.sqlite3", referenced_files()
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def backup_create(dest: Path, *, storage: Storage | None = None) -> Outcome:
    """Write a backup of the database and every file of the default storage into the new directory `dest`.

    Raises BackupError if `dest` is not empty, a dump fails, or a file the database refers to is missing."""
    storage = storage or default_storage
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: give a new directory for each backup.")
    (dest / "files").mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    database_name, referenced = _dump_database(dest)
    with open(dest / database_name, "rb") as stream:
        database_sha, database_size = _sha256(stream)
    entries: list[dict[str, Any]] = []
    total = database_size
    for name in _walk(storage):
        target = dest / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        with open(target, "rb") as stream:
            sha, size = _sha256(stream)
        entries.append({"name": name, "sha256": sha, "size": size})
        total += size
    missing = sorted(referenced - {entry["name"] for entry in entries})
    if missing:
        raise BackupError(
            f"{len(missing)} file(s) the database refers to are not in the storage (deleted meanwhile, or lost "
            f"before): {', '.join(missing[:10])}. Run the backup again; if they stay missing, they were lost."
        )
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database_name, "sha256": database_sha, "size": database_size},
        "files": entries,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return Outcome(path=dest, database=database_name, files=len(entries), bytes=total)


def _safe(name: str) -> str:
    parts = Path(name).parts
    if not name or Path(name).is_absolute() or ".." in parts:
        raise BackupError(f"The manifest names a file outside the backup: {name!r}.")
    return name


def backup_verify(src: Path) -> dict[str, Any]:
    """Read the manifest of the backup in `src` and check every checksum; returns the manifest.
    Raises BackupError naming each file missing or changed."""
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{src} has no {MANIFEST}: not a backup, or an unfinished one.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    expected = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [(posixpath.join("files", _safe(entry["name"])), entry["sha256"]) for entry in manifest["files"]]
    bad = []
    for name, sha in expected:
        try:
            with open(src / name, "rb") as stream:
                if _sha256(stream)[0] != sha:
                    bad.append(f"{name} (changed)")
        except FileNotFoundError:
            bad.append(f"{name} (missing)")
    if bad:
        raise BackupError(f"The backup is damaged, nothing was restored: {', '.join(bad[:10])}.")
    return manifest


def _restore_database(src: Path, database: dict[str, Any]) -> None:
    if database["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {database['vendor']} database; this one is {connection.vendor}.")
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connections.close_all()
        command, env = _pg_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            name,
            str(src / database["file"]),
        )
        _run(command, env)
        return
    connection.ensure_connection()
    source = sqlite3.connect(src / database["file"])
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def backup_restore(src: Path, *, storage: Storage | None = None) -> Outcome:
    """Replace the database and the stored files by the backup in `src`, after checking every checksum.

    Files of the storage that the backup does not have are left alone. Each restored file is read back and
    checked. Raises BackupError if the backup is damaged (then nothing is changed) or a file reads back wrong."""
    storage = storage or default_storage
    manifest = backup_verify(src)
    _restore_database(src, manifest["database"])
    total = manifest["database"]["size"]
    for entry in manifest["files"]:
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)
        with open(src / "files" / name, "rb") as stream:
            saved = storage.save(name, File(stream, name=posixpath.basename(name)))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}.")
        with storage.open(name, "rb") as stream:
            if _sha256(stream)[0] != entry["sha256"]:
                raise BackupError(f"{name} reads back different from the backup.")
        total += entry["size"]
    return Outcome(path=src, database=manifest["database"]["file"], files=len(manifest["files"]), bytes=total)
