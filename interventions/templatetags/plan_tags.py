from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import ordinal

from ..models import Case, Participant

register = template.Library()


@register.simple_tag
def participant_for_user(case: Case, user) -> Participant | None:  # noqa: ANN001
    """The user's own participant record on the case's current plan (family portal), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(plan__case=case, plan__is_current=True, user=user).select_related("plan").first()


@register.filter
def ordinal_word(value: int) -> str | None:
    return ordinal(value)
