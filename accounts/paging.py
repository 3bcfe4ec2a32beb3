"""Pages of a long, growing list, newest first, without counting every match.

Django's Paginator counts the whole result to say "page 1 of 200,000", and numbers pages by offset. Over the
audit log (millions of rows) the count alone blows the page's budget, and an offset slides: reading the log
writes an entry, so page 2 began one entry later than page 1 ended and showed it twice. `KeysetPage` instead
carries the position of an edge row in the link ("older than this one", "newer than this one"), fetches one row
more than it shows to know whether there is more that way, and reads an index on (timestamp, id) from that
position, however deep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Generic, TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)


def cursor_of(row: Model, field: str) -> str:
    """The row's position: its timestamp in microseconds since 1970 and its id, as `1767225600000000-42`."""
    moment: dt.datetime = getattr(row, field)
    return f"{(moment - EPOCH) // MICROSECOND}-{row.pk}"


def parse_cursor(text: str | None) -> tuple[dt.datetime, int] | None:
    """A position from a link, or None for anything that is not one (then the newest page is shown)."""
    micros, _, pk = (text or "").partition("-")
    try:
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except (ValueError, OverflowError):
        return None


class KeysetPage(Generic[M]):
    """`per_page` rows of `queryset` ordered newest first by (`field`, pk), positioned by `before`/`after`."""

    def __init__(self, queryset: QuerySet[M], params: Mapping[str, str], per_page: int = 50, field: str = "timestamp"):
        self.field = field
        before, after = parse_cursor(params.get("before")), parse_cursor(params.get("after"))
        newest_first = queryset.order_by(f"-{field}", "-pk")
        if after is not None:  # "Previous": the rows just newer than `after`, read oldest first, shown newest first
            moment, pk = after
            newer = queryset.filter(**{f"{field}__gte": moment}).filter(Q(**{f"{field}__gt": moment}) | Q(pk__gt=pk))
            rows = list(newer.order_by(field, "pk")[: per_page + 1])
            self._has_previous, self._has_next = len(rows) > per_page, True
            rows = rows[:per_page][::-1]
        else:
            if before is not None:  # "Next": the rows just older than `before`
                moment, pk = before
                newest_first = newest_first.filter(**{f"{field}__lte": moment}).filter(
                    Q(**{f"{field}__lt": moment}) | Q(pk__lt=pk)
                )
            rows = list(newest_first[: per_page + 1])
            self._has_previous, self._has_next = before is not None, len(rows) > per_page
            rows = rows[:per_page]
        self.object_list: Sequence[M] = rows

    def __iter__(self) -> Iterator[M]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_query(self) -> str:
        """The query parameter of "Next" (older rows)."""
        return f"before={cursor_of(self.object_list[-1], self.field)}" if self.object_list else ""

    def previous_query(self) -> str:
        """The query parameter of "Previous" (newer rows); past the end, the newest page."""
        return f"after={cursor_of(self.object_list[0], self.field)}" if self.object_list else ""
