"""The breadcrumb trail every page draws the same way (templates/partials/_breadcrumbs.html).

    {% load breadcrumbs %}
    {% url 'interventions:dashboard' as caseload_url %}
    {% breadcrumbs "Caseload" caseload_url case case.get_absolute_url %}Matches{% endbreadcrumbs %}

The arguments are label, URL pairs from the top of the trail down; the block is the current page, marked
aria-current="page". A label is shown as text, so a model instance shows its str().
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def breadcrumbs(content: SafeString, *trail: Any, nav_class: str = "") -> SafeString:
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label, URL pairs: one URL is missing.")
    crumbs = list(zip(trail[::2], trail[1::2], strict=True))
    if not all(url for _, url in crumbs):
        # {% url ... as name %} is silent when it fails; a crumb without its URL should not be.
        raise template.TemplateSyntaxError(
            f"breadcrumbs: no URL for {[str(label) for label, url in crumbs if not url]}."
        )
    return render_to_string(
        "partials/_breadcrumbs.html", {"crumbs": crumbs, "current": content, "nav_class": nav_class}
    )
