"""Audit log wiring (django-auditlog).

Changes of registered models are logged with actor and remote address by AuditlogMiddleware.
Reads are logged where a view opts in: `log_read(obj)` in an FBV, `audit_read = True` on a CBV.
Every audited model answers `get_additional_data()` with its organization so owners can read
their own practice's log and nothing else.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.db.models import Model

from .models import Membership, Organization, User


def log_read(obj: Model) -> None:
    """Write an ACCESS entry for `obj` (the model must be registered with auditlog)."""
    accessed.send(sender=type(obj), instance=obj)


def log_access(obj: Model, *, actor: User | None = None, remote_addr: str | None = None, **additional: Any) -> None:
    """Write an ACCESS entry for `obj` directly, for reads `log_read` cannot describe: a list read at once, a read
    by a token holder outside a session, a sign-in. `additional` is added to the object's own `get_additional_data()`
    (which names its practice); without `actor` the signed-in user of the request is the actor, as for `log_read`."""
    own = getattr(obj, "get_additional_data", None)
    fields: dict[str, Any] = {"additional_data": {**(own() if callable(own) else {}), **additional}}
    if actor is not None:
        fields.update(actor=actor, actor_email=actor.email)
    if remote_addr is not None:
        fields["remote_addr"] = remote_addr
    LogEntry.objects.log_create(obj, force_log=True, action=LogEntry.Action.ACCESS, **fields)


def register(model: type[Model], **kwargs: Any) -> None:
    """Register a model for change and access logging. Apps call this from their `audit.py`."""
    auditlog.register(model, **kwargs)


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(User, exclude_fields=["password", "last_login"])
    register(Organization)
    register(Membership)
