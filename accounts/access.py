"""The access rule of DESIGN.md, written once.

1. Reach a root object only through `Model.objects.visible_to(user)`: outside the scope is a 404.
2. Check what the user may do to it with a named `rules` permission: inside the scope, a refusal is a 403.
3. Reach children through their parent (`get_object_or_404(case.referrals, pk=...)`).

FBVs use `get_scoped_or_404` and `require_perm`; CBVs use `ScopedPermissionMixin`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .audit import log_read
from .models import User

M = TypeVar("M", bound=Model)


class AuthenticatedHttpRequest(HttpRequest):
    user: User


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


class ScopedPermissionMixin(LoginRequiredMixin):
    """For class-based views over one object: scope first (404), then the rules permission (403).

    Set `model`, `permission_required`, and `scope_url_kwarg` (the URL kwarg holding the pk).
    Set `audit_read = True` to log each GET of the object as a read in the audit log.
    """

    model: type[Model]
    permission_required: str
    scope_url_kwarg = "pk"
    audit_read = False
    request: AuthenticatedHttpRequest
    kwargs: dict[str, Any]

    def get_scoped_object(self) -> Model:
        return get_scoped_or_404(self.model, self.request.user, pk=self.kwargs[self.scope_url_kwarg])

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        return self.scoped_object

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.scoped_object = self.get_scoped_object()
        require_perm(request.user, self.permission_required, self.scoped_object)  # type: ignore[arg-type]
        if self.audit_read and request.method == "GET":
            log_read(self.scoped_object)
        return super().dispatch(request, *args, **kwargs)
