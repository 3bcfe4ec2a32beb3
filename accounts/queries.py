"""Reads shared by the accounts views, already scoped to the practice."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import QuerySet

from .models import Membership, Organization


def members_of(organization: Organization) -> QuerySet[Membership]:
    """The practice's memberships with their users, owners first."""
    return organization.memberships.select_related("user").order_by("-is_active", "role", "user__display_name")


def audit_entries_for(organization: Organization) -> QuerySet[LogEntry]:
    """Every audit entry about the practice's records, newest first."""
    return (
        LogEntry.objects.filter(additional_data__organization=organization.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
