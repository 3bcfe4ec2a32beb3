"""Write the whole directory as native CSV: `manage.py export_facilities [FILE]` (stdout without FILE)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from facilities.formats import write_native
from facilities.queries import export_queryset


class Command(BaseCommand):
    help = "Export every facility (archived included) as Casework CSV, which imports back unchanged."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, nargs="?")

    def handle(self, *args: Any, file: Path | None = None, **options: Any) -> None:
        facilities = export_queryset().iterator(chunk_size=500)
        if file is None:
            write_native(facilities, self.stdout)
            return
        with file.open("w", encoding="utf-8", newline="") as out:
            count = write_native(facilities, out)
        self.stderr.write(f"{count} facilities written to {file}.")
