"""What the demo seed steps share: the seed context, the demo password and the helpers that make demo logins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import Membership, Organization, User

DEMO_PASSWORD = "demo-casework-2026"


@dataclass
class SeedContext:
    """Shared between seed steps: what earlier steps made, and the logins to print."""

    users: dict[str, User] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, email, password)
    created: int = 0
    # Cases whose story ends closed, by pk: when and why (the aftercare step closes them, cancelling follow-ups).
    closings: dict[int, tuple[dt.datetime, str]] = field(default_factory=dict)


def demo_user(ctx: SeedContext, key: str, email: str, name: str, who: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ctx.created += 1
    ctx.users[key] = user
    ctx.logins.append((who, email, DEMO_PASSWORD))
    return user


def demo_membership(ctx: SeedContext, user: User, organization: Organization, role: str) -> None:
    _, created = Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": role})
    ctx.created += int(created)
