"""Import a directory file: `manage.py import_facilities FILE --format samhsa|native [--dry-run]`.

The whole file is checked first; any bad row means nothing is written, every bad row is listed with its
position and reason, and the command exits with status 1. Unknown labels are warnings (kept as text).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from facilities.services import ImportReport, facilities_import


class ProgressBar:
    """`[#####-----] 5000/20000 (3.1 s)` on one line of stderr, redrawn per chunk."""

    def __init__(self, stream: OutputWrapper, width: int = 40) -> None:
        self.stream, self.width, self.started = stream, width, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        filled = int(self.width * done / total) if total else self.width
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} ({elapsed:.1f} s)", ending="\n" if done >= total else "")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import facilities from SAMHSA's locator JSON export or a Casework CSV export (upsert by external id)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["samhsa", "native"], required=True)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, file: Path, format: str, dry_run: bool, no_progress: bool, **options: Any) -> None:  # noqa: A002
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        progress = None if no_progress else ProgressBar(self.stderr)
        report = facilities_import(data=file.read_bytes(), format=format, dry_run=dry_run, progress=progress)
        self._print(report)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s): nothing was written.", returncode=1)

    def _print(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(f"error: {error['position']}: {error['reason']}")
        for warning in report.warnings:
            where = ", ".join(warning["positions"])
            self.stdout.write(
                f"warning: unknown label kept as text: {warning['category']}: {warning['label']!r} "
                f"({warning['count']} row(s), first at {where})"
            )
        verb = "would be" if not report.written else "were"
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{report.total} rows: {report.created} new, {report.updated} changed, "
                    f"{report.unchanged} unchanged {verb} imported{' (dry run)' if not report.written else ''}."
                )
            )
