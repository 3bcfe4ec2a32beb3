"""`bare_view_ms`, the yardstick: read every other figure as a ratio to it."""

from __future__ import annotations

from .context import BenchContext


def bare_view(ctx: BenchContext) -> dict[str, float]:
    """`bare_view_ms`: a view making one query, through the whole middleware stack."""
    fetch = ctx.get_ok("/__bench__/bare/")
    return {"bare_view_ms": ctx.median_ms(fetch, repeat=200, warmup=20), "bare_view_queries": ctx.count_queries(fetch)}
