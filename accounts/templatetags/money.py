"""Money as people read it: `{{ amount|usd }}` shows 1500 as "$1,500.00" (every amount in US dollars).

    {% load money %}
    Deductible {{ verification.deductible|usd|default:"?" }}

None and "" stay empty, so `default` still works after it. Whole dollars keep their cents: one format everywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def usd(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"
