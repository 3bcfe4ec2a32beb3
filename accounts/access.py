"""The access rule of DESIGN.md, written once.

1. Reach a root object only through `Model.objects.visible_to(user)`: outside the scope is a 404.
2. Check what the user may do to it with a named `rules` permission: inside the scope, a refusal is a 403.
3. Reach children through their parent (`get_object_or_404(case.referrals, pk=...)`).

Cases have their own one way in, `interventions.queries.get_case_for(user, pk, perm=...)` (and
`get_case_for_recipient(user, pk, category=...)` for family members), built on these two.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from .models import User

M = TypeVar("M", bound=Model)


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def scoped_queryset(model: type[M], user: User) -> QuerySet[M]:
    """The model's rows the user may see at all (its manager's `visible_to`)."""
    return model.objects.visible_to(user)  # type: ignore[attr-defined]


def get_scoped_or_404(model: type[M], user: User, **lookup: Any) -> M:
    """One row of the user's scope, or a 404 that does not confirm the row exists."""
    return get_object_or_404(scoped_queryset(model, user), **lookup)


def require_staff(user: User) -> None:
    """Practice pages are a 404 for anybody who is not practice staff (family members, directory admins):
    they don't confirm that the page exists."""
    if not (user.is_authenticated and user.is_practice_staff):
        raise Http404("Not a practice page for this user")


def require_perm(user: User, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403) unless the user holds `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
