"""Named permission predicates (django-rules). Views check them through `accounts.access`;
templates ask the same ones with `{% load rules %}{% has_perm ... %}`.

Object permissions take the object the user already reached through `visible_to(user)`:
the scope makes outsiders a 404, the predicate decides what an insider may do.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Membership, Organization, User


def organization_of(obj: Any) -> Organization | None:
    """The practice an object belongs to: the object itself, or its `organization`."""
    if obj is None:
        return None
    if isinstance(obj, Organization):
        return obj
    return getattr(obj, "organization", None)


def role_in(user: User, obj: Any) -> str | None:
    organization = organization_of(obj)
    if organization is None or not user.is_authenticated:
        return None
    membership = user.membership_for(organization)
    return membership.role if membership else None


@rules.predicate
def is_practice_staff(user: User) -> bool:
    return user.is_authenticated and user.is_practice_staff


@rules.predicate
def is_member_of(user: User, obj: Any) -> bool:
    return role_in(user, obj) is not None


@rules.predicate
def is_owner_of(user: User, obj: Any) -> bool:
    return role_in(user, obj) == Membership.Role.OWNER


@rules.predicate
def is_directory_admin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("accounts.manage_directory")


rules.add_perm("accounts.view_organization", is_member_of)
rules.add_perm("accounts.manage_members", is_owner_of)
rules.add_perm("accounts.view_audit_log", is_owner_of)
