"""How long ago, as people say it: `{{ bed.updated_at|ago }}` reads "2 hours ago", or "just now" under a minute.

    {% load ages %}
    Confirmed {{ bed.updated_at|ago }}

Django's `timesince` says "0 minutes" for a moment ago: a bed count heard on a call a few seconds ago read
"confirmed 0 minutes ago".
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

JUST_NOW = dt.timedelta(minutes=1)


@register.filter
def ago(value: dt.datetime | None, now: dt.datetime | None = None) -> str:
    if value is None:
        return ""
    now = now or timezone.now()
    if now - value < JUST_NOW:
        return "just now"
    return f"{timesince(value, now)} ago"
