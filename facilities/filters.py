from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import vocabulary
from .models import STALE_AFTER, Facility
from .queries import with_bed_asks


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
    answers = django_filters.ChoiceFilter(
        label="Bed confirmation",
        choices=[("unanswered", "Asked, no answer since"), ("never", "Asked, never answered")],
        method="filter_answers",
        empty_label="Any",
    )
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
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("facilities.manage_directory"):
            del self.filters["answers"]  # the asks are a directory admin's business
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

    def filter_answers(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Facility]:
        """Facilities asked to confirm their beds that have not answered since (or ever)."""
        if "unanswered_asks" not in queryset.query.annotations:
            queryset = with_bed_asks(queryset)
        asked = Q(unanswered_asks__gt=0)  # annotations of with_bed_asks
        return queryset.filter(asked & Q(beds_confirmed_at__isnull=True) if value == "never" else asked)
