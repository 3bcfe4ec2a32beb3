"""`manage.py restore SRC --yes`: check every checksum of a backup, then replace the database and restore the
private files from it (see interventions/backup.py and README "Backups and recovery")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interventions.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: the database is replaced, the files written back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="the backup directory (with its manifest.json)")
        parser.add_argument("--yes", action="store_true", help="confirm: the current database is replaced")
        parser.add_argument("--check", action="store_true", help="only verify the backup's checksums")

    def handle(self, *args: Any, src: Path, yes: bool, check: bool, **options: Any) -> None:
        try:
            if check:
                manifest = backup_verify(src)
                self.stdout.write(f"The backup is whole: the database and {len(manifest['files'])} files.")
                return
            if not yes:
                raise CommandError("Restoring replaces the current database: run again with --yes to confirm.")
            outcome = backup_restore(src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database ({outcome.database}) and {outcome.files} files from {outcome.path}.")
