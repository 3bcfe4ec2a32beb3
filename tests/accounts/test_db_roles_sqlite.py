"""`db_roles` on the embedded SQLite database says roles are a PostgreSQL matter (issue 12)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_db_roles_explains_that_sqlite_has_no_roles(monkeypatch):
    # On PostgreSQL (CI) the command is asked as if the database were SQLite; its PostgreSQL behaviour is in
    # test_db_roles.py.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("db_roles", app_role="casework_app")
