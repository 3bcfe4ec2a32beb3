"""`{% place_time moment zone [format] %}`: a time at a place in its own zone, named when it is not the reader's
(accounts.zones.place_time). Plain times use Django's `date` filter in the active zone."""

from __future__ import annotations

import datetime as dt

from django import template

from .. import zones

register = template.Library()


@register.simple_tag
def place_time(moment: dt.datetime | None, zone: dt.tzinfo, fmt: str = "l, F j, Y, g:i A T") -> str:
    return zones.place_time(moment, zone, fmt) if moment else ""
