"""Load the demo data once. Running it again adds nothing; it always prints the demo logins.

The demo accounts have published passwords: with DEBUG off the command refuses unless told explicitly
(`--i-know-this-is-not-production`, or DEMO_SEED_ALLOW=1)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from demo.steps import seed

REFUSED = (
    "seed_demo refuses to run with DEBUG off: it creates demo accounts whose passwords are published in the README, "
    "so anybody could sign in to them. If this is not production (a demo or test machine), run it again with "
    "--i-know-this-is-not-production, or set DEMO_SEED_ALLOW=1."
)


class Command(BaseCommand):
    help = "Load demo practices, users and cases (idempotent) and print the demo logins. Development only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Load the demo accounts (published passwords) even though DEBUG is off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_SEED_ALLOW or options["not_production"]):
            raise CommandError(REFUSED)
        with transaction.atomic():
            context = seed()
        if context.created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({context.created} records)."))
        else:
            self.stdout.write("Demo data already present; nothing added.")
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/):")
        width = max(len(who) for who, _, _ in context.logins)
        for who, email, password in context.logins:
            self.stdout.write(f"  {who.ljust(width)}  {email:28}  {password}")
        self.stdout.write("")
