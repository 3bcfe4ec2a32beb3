"""Load the demo data once. Running it again adds nothing; it always prints the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.steps import seed


class Command(BaseCommand):
    help = "Load demo practices, users and cases (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
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
