"""Template tags of the families app. `may_disclose` is the template's way to ask the one consent question."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from interventions import disclosure

from ..markdown import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def may_disclose(context: dict[str, Any], case: Any, category: str) -> bool:
    """{% may_disclose case "stage_and_status" as allowed %}: may the signed-in user see this now? A page that
    has read the consents once for all its panels passes what it disclosed as `disclosed` (the portal)."""
    disclosed = context.get("disclosed")
    if disclosed is not None and context.get("case") == case:
        return category in disclosed
    return disclosure.may_disclose(context["request"].user, case, category)


@register.simple_tag
def admitting_referral(case: Any) -> Any:
    """{% admitting_referral case as referral %}: where the person is going (ask may_disclose first)."""
    from interventions.queries import admitting_referral as query

    return query(case)


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.inclusion_tag("families/partials/_case_panel.html", takes_context=True)
def family_panel(context: dict[str, Any], case: Any) -> dict[str, Any]:
    """The family panel of the staff case page, in a constant number of queries."""
    from ..queries import family_panel_for

    return {"case": case, "user": context["request"].user, **family_panel_for(case)}
