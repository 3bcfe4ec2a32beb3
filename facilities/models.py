"""The facility directory: facilities, their coded services, bed availability, practice relationships, imports.

A facility's SAMHSA vocabulary (and our own profile codes: philosophy, staff, therapies, environment) is one
row per (category, code) in FacilityService, so matching and filters are plain indexed SQL on SQLite and
PostgreSQL alike. Labels we could not map keep their text in the same table with an empty code. Facility.codes
repeats the codes as the keys of one JSON object (facilities.codes keeps it current), which matching tests.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.links import SingleUseLink
from accounts.zones import time_zone_field, zone_named

from . import vocabulary
from .zones import zone_for_state

if TYPE_CHECKING:
    from accounts.models import User

# A bed count confirmed within 72 hours is fresh and weighs fully in matching; one up to 14 days old is
# "unconfirmed" and weighs a third; an older count says nothing about today and weighs nothing.
BED_FRESH_FOR = timedelta(hours=72)
BED_COUNTS_FOR = timedelta(days=14)
STALE_AFTER = timedelta(days=180)


class FacilityQuerySet(models.QuerySet["Facility"]):
    def visible_to(self, user: User) -> QuerySet[Facility]:
        """The whole directory for practice staff and directory admins; nothing for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_directory_admin or user.is_practice_staff:
            return self.all()
        return self.none()

    def active(self) -> QuerySet[Facility]:
        return self.filter(is_archived=False)

    def with_code(self, *codes: str) -> QuerySet[Facility]:
        """Facilities having any of `codes`."""
        return self.filter(pk__in=FacilityService.objects.filter(code__in=codes).values("facility_id"))


class Facility(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        SAMHSA = "samhsa", "SAMHSA locator"
        NATIVE = "native", "Casework CSV"

    class FacilityType(models.TextChoices):
        SA = "SA", "Substance use"
        MH = "MH", "Mental health"

    class CostUnit(models.TextChoices):
        DAY = "day", "per day"
        MONTH = "month", "per month"
        STAY = "stay", "per stay"

    external_id = models.CharField(
        "external id", max_length=80, unique=True, help_text="SAMHSA's frid, or our own id for facilities added here."
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    name = models.CharField(max_length=200)
    name2 = models.CharField("program or site", max_length=200, blank=True)
    facility_type = models.CharField(max_length=2, choices=FacilityType.choices, default=FacilityType.SA)
    street1 = models.CharField("street", max_length=200, blank=True)
    street2 = models.CharField("street (second line)", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField("ZIP code", max_length=10, blank=True)
    time_zone = time_zone_field(
        "time zone (if not its state's)",
        blank=True,
        help_text="Only for a facility whose clock is not its state's usual one (the Florida panhandle, El Paso...).",
    )
    latitude = models.DecimalField(max_digits=10, decimal_places=7, null=True, blank=True)
    longitude = models.DecimalField(max_digits=10, decimal_places=7, null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    intake_phone = models.CharField("intake phone", max_length=40, blank=True)
    intake_phone2 = models.CharField("second intake phone", max_length=40, blank=True)
    hotline = models.CharField(max_length=40, blank=True)
    website = models.URLField(max_length=300, blank=True)
    admissions_contact = models.CharField("admissions contact", max_length=150, blank=True)
    admissions_phone = models.CharField("admissions phone", max_length=40, blank=True)
    admissions_email = models.EmailField("admissions email", blank=True)
    admissions_hours = models.CharField("admissions hours", max_length=150, blank=True)
    stay_min_days = models.PositiveSmallIntegerField("typical stay from (days)", null=True, blank=True)
    stay_max_days = models.PositiveSmallIntegerField("typical stay to (days)", null=True, blank=True)
    cost_min = models.PositiveIntegerField("cost from (USD)", null=True, blank=True)
    cost_max = models.PositiveIntegerField("cost to (USD)", null=True, blank=True)
    cost_unit = models.CharField(max_length=5, choices=CostUnit.choices, blank=True)
    notes = models.TextField(blank=True)
    last_verified_at = models.DateTimeField("last verified", null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_archived = models.BooleanField("archived", default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    codes = models.JSONField(
        default=dict,
        editable=False,
        help_text="The codes of the facility's service rows as object keys, for matching (facilities.codes).",
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "facilities"
        indexes = [models.Index(fields=["is_archived", "name"]), models.Index(fields=["latitude", "longitude"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="latitude_in_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.name2})" if self.name2 else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """`codes` is written only by facilities.codes.refresh (from the service rows): saving a facility loaded
        before its services changed must not write its stale copy back."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "codes"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("facilities:facility-detail", kwargs={"facility": self.pk})

    def get_additional_data(self) -> dict[str, None]:
        return {"organization": None}

    @property
    def zone(self) -> ZoneInfo:
        """The facility's local time zone (its admissions are at its local time): its own when set, else its
        state's (facilities.zones), else the installation's."""
        return zone_named(self.time_zone or zone_for_state(self.state))

    @property
    def zone_source(self) -> str:
        """Where `zone` comes from: "facility" (its own setting), "state" or "installation" (no known state)."""
        if self.time_zone:
            return "facility"
        return "state" if zone_for_state(self.state) else "installation"

    def _service_rows(self) -> list[FacilityService]:
        # Uses the prefetch when the query made one (list pages, matching).
        return list(self.services.all())

    @property
    def service_codes(self) -> set[str]:
        """Every SAMHSA code of the facility (settings, care, payment, programs, ages, sexes, languages, medications)."""
        return {s.code for s in self._service_rows() if s.code and s.category in vocabulary.SAMHSA_CODES}

    @property
    def profile_codes(self) -> set[str]:
        """Our own codes: philosophy, staff, therapies, environment."""
        return {s.code for s in self._service_rows() if s.code and s.category in vocabulary.PROFILE_CODES}

    def codes_in(self, category: str) -> list[str]:
        return sorted(s.code for s in self._service_rows() if s.category == category and s.code)

    @property
    def setting_choices(self) -> list[tuple[str, str]]:
        """(code, name) of the facility's service settings, for recording beds (every setting when none is coded)."""
        codes = self.codes_in("SET")
        return vocabulary.group_choices(codes) if codes else vocabulary.choices("SET")

    @property
    def service_groups(self) -> list[tuple[str, list[FacilityService]]]:
        """(category name, its services) in the vocabulary's order: "Age groups accepted", not "AGE"."""
        order = {category: index for index, category in enumerate(vocabulary.CATEGORY_LABELS)}
        groups: dict[str, list[FacilityService]] = {}
        for service in self._service_rows():
            groups.setdefault(service.category, []).append(service)
        return [
            (vocabulary.CATEGORY_LABELS.get(category, category), rows)
            for category, rows in sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        ]

    @property
    def raw_labels(self) -> list[tuple[str, str]]:
        """(category, label) of every value we keep as text: unknown labels and unmapped categories."""
        return sorted((s.category, s.label) for s in self._service_rows() if not s.code)

    @property
    def is_stale(self) -> bool:
        return self.last_verified_at is None or timezone.now() - self.last_verified_at > STALE_AFTER

    @property
    def address(self) -> str:
        street = ", ".join(part for part in (self.street1, self.street2) if part)
        place = " ".join(
            part for part in (self.city + ("," if self.city else ""), self.state, self.postal_code) if part
        )
        return ", ".join(part for part in (street, place.strip(" ,")) if part)


class FacilityService(models.Model):
    """One coded value (or one unmapped label) of a facility."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="services")
    category = models.CharField(max_length=8)
    code = models.CharField(max_length=10, blank=True, help_text="Empty when the label is kept as raw text.")
    label = models.CharField(max_length=300, blank=True, help_text="The label as imported, for raw values.")

    class Meta:
        ordering = ["category", "code", "label"]
        indexes = [
            models.Index(fields=["category", "code"]),
            models.Index(fields=["code", "facility"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["facility", "category", "code", "label"], name="one_service_value"),
        ]

    def __str__(self) -> str:
        return f"{self.category}:{self.code or self.label}"

    @property
    def display(self) -> str:
        return vocabulary.label_for(self.code) if self.code else self.label


class BedAvailability(models.Model):
    """The current count of open beds in one service setting of a facility."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call with admissions"
        EMAIL = "email", "Email"
        FACILITY = "facility", "The facility's own update"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="beds")
    setting = models.CharField(max_length=5, choices=vocabulary.choices("SET"))
    available = models.PositiveSmallIntegerField("beds available")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(max_length=10, choices=Method.choices)
    source = models.CharField(max_length=200, blank=True, help_text='Who gave the figure, e.g. "Jo Park, admissions".')

    class Meta:
        ordering = ["setting"]
        verbose_name_plural = "bed availability"
        constraints = [models.UniqueConstraint(fields=["facility", "setting"], name="one_bed_count_per_setting")]
        indexes = [models.Index(fields=["setting", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.facility}: {self.available} {self.get_setting_display()}"

    def get_additional_data(self) -> dict[str, None]:
        return {"organization": None}

    @property
    def is_fresh(self) -> bool:
        """Confirmed within 72 hours; older figures are shown as unconfirmed and weigh less in ranking."""
        return timezone.now() - self.updated_at <= BED_FRESH_FOR

    @property
    def is_too_old(self) -> bool:
        """Confirmed more than 14 days ago: it no longer counts in matching."""
        return timezone.now() - self.updated_at > BED_COUNTS_FOR


class BedUpdate(models.Model):
    """The history of bed figures: who recorded or confirmed which count, how and when."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="bed_updates")
    setting = models.CharField(max_length=5, choices=vocabulary.choices("SET"))
    available = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=BedAvailability.Method.choices)
    confirmed_only = models.BooleanField(default=False, help_text="A confirmation of the same count.")
    source = models.CharField(max_length=200, blank=True, help_text="Who gave the figure.")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.setting}={self.available} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class RelationshipQuerySet(models.QuerySet["PracticeRelationship"]):
    def visible_to(self, user: User) -> QuerySet[PracticeRelationship]:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(organization__memberships__user=user, organization__memberships__is_active=True)


class PracticeRelationship(models.Model):
    """A practice's financial or professional relationship with a facility, disclosed to families."""

    class Kind(models.TextChoices):
        NONE = "none", "No relationship"
        REFERRAL_AGREEMENT = "referral_agreement", "Referral agreement"
        PAID_CONSULTING = "paid_consulting", "Paid consulting"
        OWNERSHIP = "ownership", "Ownership"

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="facility_relationships"
    )
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    details = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["facility__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "facility"], name="one_relationship_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.organization} - {self.facility}: {self.get_kind_display()}"

    def get_additional_data(self) -> dict[str, int]:
        return {"organization": self.organization_id}

    @property
    def is_disclosable(self) -> bool:
        return self.kind != self.Kind.NONE


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: User) -> QuerySet[ImportJob]:
        """Imports are seen by directory admins only."""
        if getattr(user, "is_authenticated", False) and user.is_directory_admin:
            return self.all()
        return self.none()


class ImportJob(models.Model):
    """An import from the browser: uploaded, validated (the preview), then applied, by a Celery task."""

    class Status(models.TextChoices):
        VALIDATING = "validating", "Checking the file"
        INVALID = "invalid", "Rejected: nothing was written"
        READY = "ready", "Checked: ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        SAMHSA = "samhsa", "SAMHSA locator JSON"
        NATIVE = "native", "Casework CSV"

    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(upload_to="facility-imports/")
    filename = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    report = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)
    step_started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the current step (checking or importing) was queued or last started: the sweep records "
        "a step older than its time limit as failed.",
    )
    queued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the current step was handed to the broker (empty: not yet, the sweep hands it over).",
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("facilities:import-detail", kwargs={"job": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def is_queued(self) -> bool:
        """A step recorded but not handed to the broker yet (it was unreachable): the sweep hands it over."""
        return self.is_running and self.queued_at is None


# ---------------------------------------------------------------- bed confirmation by the facility itself

# A link the facility's admissions contact opens, without an account, to confirm or correct its open beds.
BED_LINK_VALID_FOR = timedelta(days=7)
# The weekly send asks again a facility whose last confirmation is older than this.
BED_CONFIRM_EVERY = timedelta(days=7)


def hash_token(token: str) -> str:
    """Only this hash of a link's token is stored: the link itself is in the email alone."""
    return hashlib.sha256(token.encode()).hexdigest()


class BedConfirmationLinkQuerySet(models.QuerySet["BedConfirmationLink"]):
    def live(self) -> QuerySet[BedConfirmationLink]:
        """Links that are queued or waiting to be used: not used, not revoked, not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class BedConfirmationLink(SingleUseLink, models.Model):
    """A single-use, 7-day link emailed to a facility's admissions contact to confirm its beds, hours and phone.

    The row is the outbox entry of its email (queued, handed to Celery after commit, swept by beat); the token is
    made when the email is sent and only its hash is kept. It is about the facility alone: no case, no person."""

    USED_LABEL = "Answered"

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="bed_links")
    email = models.EmailField("sent to")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: sent by the weekly schedule.",
    )
    expires_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Handed to the broker (empty: not yet).")
    email_sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BedConfirmationLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["facility", "email_sent_at"])]

    def __str__(self) -> str:
        return f"Bed-confirmation link for {self.facility_id} ({self.status_label})"


class BedConfirmation(models.Model):
    """One answer of a facility through its link: who typed their name, when, from where, and what changed."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="bed_confirmations")
    link = models.OneToOneField(BedConfirmationLink, on_delete=models.PROTECT, related_name="confirmation")
    typed_name = models.CharField("name typed", max_length=100)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField("address", null=True, blank=True)
    changes = models.JSONField(
        default=list, blank=True, help_text='[{"what", "before", "after"}]: what the answer changed or confirmed.'
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["facility", "at"])]

    def __str__(self) -> str:
        return f"{self.facility_id} confirmed by {self.typed_name} at {self.at:%Y-%m-%d %H:%M}"
