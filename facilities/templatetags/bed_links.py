"""The facility page's panel of the facility's own bed confirmations, for directory admins (a read, no writes)."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Facility
from ..queries import bed_confirmation_panel

register = template.Library()


@register.inclusion_tag("facilities/partials/_bed_confirmation.html", takes_context=True)
def bed_confirmation(context: dict[str, Any], facility: Facility) -> dict[str, Any]:
    """Directory admins see the asks, the live link and the last answers; everybody else sees nothing."""
    user = context.get("user")
    if user is None or not user.has_perm("facilities.manage_directory"):
        return {"show": False}
    return {"show": True, "csrf_token": context.get("csrf_token"), **bed_confirmation_panel(facility)}
