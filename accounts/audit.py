"""Audit log wiring (django-auditlog).

Changes of registered models are logged with actor and remote address by AuditlogMiddleware.
Reads are logged where a view opts in: `log_read(obj)` in an FBV, `audit_read = True` on a CBV.
Every audited model answers `get_additional_data()` with its organization so owners can read
their own practice's log and nothing else.
"""

from __future__ import annotations

from typing import Any

from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.db.models import Model

from .models import Membership, Organization, User


def log_read(obj: Model) -> None:
    """Write an ACCESS entry for `obj` (the model must be registered with auditlog)."""
    accessed.send(sender=type(obj), instance=obj)


def register(model: type[Model], **kwargs: Any) -> None:
    """Register a model for change and access logging. Apps call this from their `audit.py`."""
    auditlog.register(model, **kwargs)


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(User, exclude_fields=["password", "last_login"])
    register(Organization)
    register(Membership)
