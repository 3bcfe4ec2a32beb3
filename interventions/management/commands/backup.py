"""`manage.py backup DEST`: the database and every private file, with a manifest of checksums (see
interventions/backup.py and README "Backups and recovery")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interventions.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the private files (consent forms, PDF summaries) into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="a new (or empty) directory for this backup")

    def handle(self, *args: Any, dest: Path, **options: Any) -> None:
        try:
            outcome = backup_create(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the database ({outcome.database}) and {outcome.files} files, {outcome.bytes} bytes, "
            f"to {outcome.path}."
        )
