"""Reads shared by the accounts views, already scoped to the practice."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform

from .models import Membership, Organization


def members_of(organization: Organization) -> QuerySet[Membership]:
    """The practice's memberships with their users, owners first."""
    return organization.memberships.select_related("user").order_by("-is_active", "role", "user__display_name")


def audit_entries_for(organization: Organization) -> QuerySet[LogEntry]:
    """Every audit entry about the practice's records, newest first.

    The practice is compared as `additional_data ->> 'organization'` (text), exactly the expression of the indexes
    of accounts migration 0007: an owner's page and each of its filters stay on them."""
    return (
        LogEntry.objects.alias(organization_key=KeyTextTransform("organization", "additional_data"))
        .filter(organization_key=str(organization.pk))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
