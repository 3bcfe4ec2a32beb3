"""Users, practices (organizations) and memberships.

Every user logs in with an email address. Staff belong to a practice through a Membership with a role;
directory admins hold the `accounts.manage_directory` permission; family members are users with neither
(a later app links them to cases).
"""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Permission, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .zones import default_time_zone, time_zone_field, zone_named


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "Django admin access", default=False, help_text="Can log in to the Django admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    time_zone = time_zone_field(
        "my time zone",
        blank=True,
        help_text="Times on your pages are shown in it. Empty: your practice's time zone.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["display_name", "email"]
        permissions = [("manage_directory", "Can curate the treatment facility directory")]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def is_directory_admin(self) -> bool:
        """Holds `accounts.manage_directory`, itself or through a group (a superuser always). Every page's menu
        asks. The user's permissions are read in one query (users' and groups' together, where ModelBackend takes
        two) and left in ModelBackend's cache, so a later `has_perm` on the same request asks nothing more."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        if not hasattr(self, "_perm_cache"):
            held = (
                Permission.objects.filter(Q(user=self) | Q(group__user=self))
                .values_list("content_type__app_label", "codename")
                .distinct()
            )
            self._perm_cache = {f"{app_label}.{codename}" for app_label, codename in held}
        return "accounts.manage_directory" in self._perm_cache

    def membership_for(self, organization: Organization) -> Membership | None:
        return next((m for m in self.active_memberships() if m.organization_id == organization.pk), None)

    def active_memberships(self) -> list[Membership]:
        # Cached per request-scoped user instance: navigation and predicates ask several times.
        if not hasattr(self, "_memberships_cache"):
            self._memberships_cache = list(
                self.memberships.filter(is_active=True).select_related("organization").order_by("created_at")
            )
        return self._memberships_cache

    @property
    def is_practice_staff(self) -> bool:
        return bool(self.active_memberships())

    @property
    def primary_organization(self) -> Organization | None:
        memberships = self.active_memberships()
        return memberships[0].organization if memberships else None


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def visible_to(self, user: User) -> QuerySet[Organization]:
        """The practices the user belongs to (an active membership)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__is_active=True).distinct()


class Organization(models.Model):
    """A practice: the tenant. Nothing of one practice is visible to another."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        "sign staff out after (minutes without activity)",
        default=30,
        validators=[MinValueValidator(2), MaxValueValidator(12 * 60)],
        help_text="Automatic logoff: a minute before, a warning offers to stay signed in. Between 2 and 720.",
    )
    require_mfa = models.BooleanField(
        "require two-step sign-in for every member",
        default=False,
        help_text="Members without an authenticator app, security key or passkey set one up at their next sign-in.",
    )
    time_zone = time_zone_field(
        "time zone",
        default=default_time_zone,
        help_text="Every time of the practice's cases is shown, emailed, printed and put in calendars in this zone.",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization-detail", kwargs={"org": self.pk})

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.time_zone)

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.pk}


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        INTERVENTIONIST = "interventionist", "Interventionist"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVENTIONIST)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_practice"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organization})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.organization_id}


def _user_additional_data(self: User) -> dict[str, int | None]:
    # Not through the per-instance membership cache: a user is saved before their membership exists.
    membership = self.memberships.filter(is_active=True).order_by("created_at").first() if self.pk else None
    return {"organization": membership.organization_id if membership else None}


User.get_additional_data = _user_additional_data  # type: ignore[attr-defined]
