"""Who must use two-step sign-in (django-allauth's mfa), and whether they have set it up.

Required for every member of a practice whose owner turned on `Organization.require_mfa`, and for practice owners and
directory admins while settings.MFA_REQUIRED_FOR_OWNERS is on (the default in production). Family members may turn it
on themselves. `MFARequiredMiddleware` sends a user who must but has not yet set it up to the set-up pages.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings

from .models import User


def mfa_required(user: User) -> bool:
    memberships = user.active_memberships()
    if any(membership.organization.require_mfa for membership in memberships):
        return True
    if not settings.MFA_REQUIRED_FOR_OWNERS:
        return False
    return any(membership.is_owner for membership in memberships) or user.is_directory_admin


def has_mfa(user: User) -> bool:
    """An authenticator app, security key or passkey (recovery codes alone do not count)."""
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
