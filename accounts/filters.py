from __future__ import annotations

import datetime as dt

import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from .models import Organization, User


class AuditLogFilter(django_filters.FilterSet):
    """Filter a practice's audit entries by user, kind of object, object id, action and date."""

    actor = django_filters.ModelChoiceFilter(label="User", queryset=User.objects.none())
    content_type = django_filters.ModelChoiceFilter(
        label="Kind of record", queryset=ContentType.objects.none(), empty_label="Any"
    )
    object_pk = django_filters.CharFilter(label="Record id")
    action = django_filters.ChoiceFilter(choices=LogEntry.Action.choices, empty_label="Any")
    # Days of the reader's time zone as a range of instants (`timestamp >= start`), not `timestamp::date`, which
    # no index answers.
    date_from = django_filters.DateFilter(
        label="From", method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(label="To", method="filter_to", widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = LogEntry
        fields = ["actor", "content_type", "object_pk", "action", "date_from", "date_to"]

    def __init__(self, *args: object, organization: Organization, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters["actor"].queryset = User.objects.filter(memberships__organization=organization).distinct()
        app_labels = ["accounts", "interventions", "facilities", "families", "aftercare"]
        self.filters["content_type"].queryset = ContentType.objects.filter(app_label__in=app_labels).order_by(
            "app_label", "model"
        )

    def filter_from(self, queryset: QuerySet[LogEntry], name: str, value: dt.date) -> QuerySet[LogEntry]:
        return queryset.filter(timestamp__gte=_start_of(value))

    def filter_to(self, queryset: QuerySet[LogEntry], name: str, value: dt.date) -> QuerySet[LogEntry]:
        return queryset.filter(timestamp__lt=_start_of(value + dt.timedelta(days=1)))


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in the active time zone (the reader's)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
