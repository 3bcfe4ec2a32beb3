from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import timezone

from ..models import Case, InterventionPlan, Participant, PlanSession
from ..workflows import Workflow, workflow_for

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


@register.simple_tag
def plan_workflow(plan: InterventionPlan | None) -> Workflow:
    """The workflow of the plan's model (workflows/)."""
    return workflow_for(plan)


@register.simple_tag
def event_is_scheduled(plan: InterventionPlan | None) -> bool:
    """Whether the plan's event is a day set in the plan (not an outcome at one of its sessions)."""
    return workflow_for(plan).event_is_scheduled(plan)


@register.simple_tag
def shows_boundaries(plan: InterventionPlan | None) -> bool:
    return workflow_for(plan).shows_boundaries(plan)


@register.simple_tag
def next_session(plan: InterventionPlan) -> PlanSession | None:
    """The plan's next session still ahead, or None."""
    return plan.sessions.filter(starts_at__gte=timezone.now(), held=False).order_by("starts_at").first()
