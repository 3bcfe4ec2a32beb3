"""Load the demo data once. Running it again adds nothing; it always prints the demo logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.seed import SeedContext


class Command(BaseCommand):
    help = "Load demo practices, users and cases (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        context = SeedContext()
        with transaction.atomic():
            for dotted in settings.SEED_STEPS:
                import_string(dotted)(context)
        if context.created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({context.created} records)."))
        else:
            self.stdout.write("Demo data already present; nothing added.")
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/):")
        width = max(len(who) for who, _, _ in context.logins)
        for who, email, password in context.logins:
            self.stdout.write(f"  {who.ljust(width)}  {email:28}  {password}")
        self.stdout.write("")
