"""Template tags of the consents app: the case page's consents panel."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("consents/partials/_case_panel.html", takes_context=True)
def consents_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """{% consents_panel case %}: every consent of the case, with its recipient and status (one query)."""
    from ..queries import consents_panel_for

    return {"case": case, "user": context["request"].user, "consents": consents_panel_for(case)}
