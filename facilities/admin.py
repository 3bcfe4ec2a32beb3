from django.contrib import admin

from . import codes
from .models import (
    BedAvailability,
    BedConfirmation,
    BedConfirmationLink,
    Facility,
    FacilityService,
    ImportJob,
    PracticeRelationship,
)


class FacilityServiceInline(admin.TabularInline):
    model = FacilityService
    extra = 0


class BedAvailabilityInline(admin.TabularInline):
    model = BedAvailability
    extra = 0
    raw_id_fields = ["updated_by"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "external_id", "last_verified_at", "is_archived"]
    list_filter = ["is_archived", "source", "state"]
    search_fields = ["name", "name2", "city", "external_id"]
    raw_id_fields = ["last_verified_by"]
    inlines = [FacilityServiceInline, BedAvailabilityInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        codes.refresh([form.instance.pk])  # the service rows' codes, for matching (facilities.codes)


@admin.register(PracticeRelationship)
class PracticeRelationshipAdmin(admin.ModelAdmin):
    list_display = ["organization", "facility", "kind", "recorded_at"]
    raw_id_fields = ["facility", "recorded_by"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "format", "status", "created_by", "created_at"]
    readonly_fields = ["report"]


@admin.register(BedConfirmationLink)
class BedConfirmationLinkAdmin(admin.ModelAdmin):
    """Read only: links are sent and revoked from the facility page (the token's hash is never shown)."""

    list_display = ["facility", "email", "created_at", "email_sent_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_hash"]
    raw_id_fields = ["facility", "created_by", "revoked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BedConfirmation)
class BedConfirmationAdmin(admin.ModelAdmin):
    """Read only: the record of what a facility answered through its link."""

    list_display = ["facility", "typed_name", "at", "ip"]
    raw_id_fields = ["facility", "link"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
