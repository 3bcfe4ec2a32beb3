"""Family members and friends of a case, and their invitations into the portal."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from interventions.models import Case

if TYPE_CHECKING:
    from interventions.workflows import Workflow

INVITATION_VALID_FOR = dt.timedelta(days=7)


class Role(models.TextChoices):
    SPEAKER = "speaker", "Speaker (speaks at the meetings; writes a letter where the model has them)"
    SUPPORT = "support", "Support (present, does not speak)"
    OBSERVER = "observer", "Observer (kept informed)"


PARTICIPANT_ROLES = (Role.SPEAKER, Role.SUPPORT)


class FamilyMemberQuerySet(models.QuerySet["FamilyMember"]):
    def visible_to(self, user: User) -> QuerySet[FamilyMember]:
        """Staff: the members of the cases they may see. Anybody else: none (the portal uses `of_user`)."""
        return self.filter(case__in=Case.objects.visible_to(user))

    def of_user(self, user: User) -> QuerySet[FamilyMember]:
        """The family member records linked to this user's own account, each a separate case in the portal."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, is_active=True)

    def participants(self) -> QuerySet[FamilyMember]:
        return self.filter(is_active=True, role__in=PARTICIPANT_ROLES)


class FamilyMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_members")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=60, help_text="e.g. sister, father, best friend")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    role = models.CharField("role in the intervention", max_length=10, choices=Role.choices, default=Role.SPEAKER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="family_memberships"
    )
    is_active = models.BooleanField("active", default=True)
    # Who consents name when they name this member (made with the first consent; consents.Recipient).
    recipient = models.OneToOneField(
        "consents.Recipient", null=True, blank=True, on_delete=models.PROTECT, related_name="family_member"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["case", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_member_record_per_user_and_case"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"

    def get_absolute_url(self) -> str:
        return reverse("families:member-detail", kwargs={"case": self.case_id, "member": self.pk})

    def get_portal_url(self) -> str:
        return reverse("families:portal-member", kwargs={"member": self.pk})

    @property
    def is_participant(self) -> bool:
        return self.is_active and self.role in PARTICIPANT_ROLES

    @property
    def role_name(self) -> str:
        """The role in one word ("Speaker"), without the label's gloss: a speaker reads a letter only where the
        model uses letters."""
        return str(self.get_role_display()).split(" (")[0]

    @cached_property
    def plan_model(self) -> str | None:
        """The model of the case's current plan (None: no plan yet). Read once; the portal's query annotates it
        (`current_plan_model`, see queries.portal_members)."""
        if "current_plan_model" in self.__dict__:
            return self.__dict__["current_plan_model"]
        return self.case.plans.filter(is_current=True).values_list("model", flat=True).first()

    @cached_property
    def workflow(self) -> Workflow:
        """The workflow of the case's current plan (no plan yet: Johnson's, see `workflow_for`)."""
        from interventions.workflows import workflow_for

        return workflow_for(self.plan_model)

    @cached_property
    def writes_letter(self) -> bool:
        """A speaker writes an impact letter where the case's model uses letters (not CRAFT)."""
        return self.role == Role.SPEAKER and self.workflow.uses_letters

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.case.organization_id, "case": self.case_id}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use link into the portal. Only the token's hash is stored; the link is in the email alone.

    The row is also the outbox entry of its email: "queued" until the email has gone. The token is made when
    the email is sent (families.services.members.invitation_email_send), so no raw token waits in the broker
    or the database, and a queued invitation has no link yet."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued, email not sent yet"
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    member = models.ForeignKey(FamilyMember, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email was last handed to the broker (empty: not yet)."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.get_status_display()})"

    def status_at(self, now: dt.datetime) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if not self.email_sent_at:
            return self.Status.QUEUED
        if now >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.member.case.organization_id, "case": self.member.case_id}
