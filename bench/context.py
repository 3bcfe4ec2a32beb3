"""The context every bench figure receives: a test client, timing helpers and a place to share seeded data."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class BenchContext:
    """What a figure function gets: a test client, timing helpers and a place to share seeded data."""

    client: Client = field(default_factory=Client)
    shared: dict[str, Any] = field(default_factory=dict)
    quick: bool = False

    def log(self, message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    def median_ms(self, fn: Callable[[], object], repeat: int = 30, warmup: int = 3) -> float:
        """Median wall time of `fn` in milliseconds, after a warm-up."""
        for _ in range(warmup):
            fn()
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        return round(statistics.median(samples), 2)

    def get_ok(self, url: str, client: Client | None = None) -> Callable[[], object]:
        """A callable that GETs `url` and fails loudly unless the answer is 200."""
        client = client or self.client

        def fetch() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return response

        return fetch

    def count_queries(self, fn: Callable[[], object]) -> int:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)
