from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import vocabulary
from .models import STALE_AFTER, Facility


class FacilityFilter(django_filters.FilterSet):
    """The directory list's filters: text, state, codes, staleness and archived."""

    q = django_filters.CharFilter(label="Name or city", method="filter_text")
    state = django_filters.CharFilter(label="State", lookup_expr="iexact")
    setting = django_filters.ChoiceFilter(
        label="Setting", choices=vocabulary.choices("SET"), method="filter_code", empty_label="Any"
    )
    payment = django_filters.ChoiceFilter(
        label="Payment",
        choices=vocabulary.group_choices(sorted(vocabulary.PAYMENT_CODES)),
        method="filter_code",
        empty_label="Any",
    )
    program = django_filters.ChoiceFilter(
        label="Program", choices=vocabulary.choices("SG"), method="filter_code", empty_label="Any"
    )
    stale = django_filters.BooleanFilter(label="Not verified for 180 days", method="filter_stale")
    archived = django_filters.ChoiceFilter(
        label="Status",
        choices=[("active", "Active"), ("archived", "Archived"), ("all", "All")],
        method="filter_archived",
        empty_label=None,
    )

    class Meta:
        model = Facility
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        data.setdefault("archived", "active")
        super().__init__(data, *args, **kwargs)
        self.form.fields["stale"].widget.choices = [("", "Any"), ("true", "Stale only"), ("false", "Fresh only")]

    def filter_text(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Facility]:
        return queryset.filter(Q(name__icontains=value) | Q(name2__icontains=value) | Q(city__icontains=value))

    def filter_code(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Facility]:
        return queryset.with_code(value)  # type: ignore[attr-defined]

    def filter_stale(self, queryset: QuerySet[Facility], name: str, value: bool | None) -> QuerySet[Facility]:
        stale = Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=timezone.now() - STALE_AFTER)
        return queryset.filter(stale) if value else queryset.exclude(stale)

    def filter_archived(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Facility]:
        if value == "all":
            return queryset
        return queryset.filter(is_archived=value == "archived")
