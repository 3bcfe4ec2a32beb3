"""What apps above consents plug in (families registers both from its AppConfig.ready()).

| registry | what | who registers |
| --- | --- | --- |
| `account_recipients` | `Callable[[User], Q]`: a filter on Consent reaching the consents naming this account | families |
| `recipient_sources` | `RecipientSource`: recipients the consent form offers that another app keeps | families |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interventions.extensions import Registry

if TYPE_CHECKING:
    from django.db.models import Q

    from accounts.models import User
    from interventions.models import Case

    from .models import Recipient


@dataclass(frozen=True)
class RecipientSource:
    """Recipients of one kind kept by another app (families: the members of the case). `choices(case)`: (key,
    label) pairs for the form; `resolve(case, key)`: the Recipient row for a chosen key (made on first use)."""

    kind: str
    choices: Callable[[Case], list[tuple[str, str]]]
    resolve: Callable[[Case, str], Recipient]


account_recipients: Registry[Callable[[User], Q]] = Registry("account_recipients")
recipient_sources: Registry[RecipientSource] = Registry("recipient_sources")
