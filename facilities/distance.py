"""Offline US ZIP code centroids (the `zipcodes` package ships its table; no network at run time)."""

from __future__ import annotations

from functools import lru_cache

import zipcodes


@lru_cache(maxsize=4096)
def coordinates_for_zip(postal_code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a US ZIP code's centroid, or None when the code is unknown or malformed."""
    try:
        found = zipcodes.matching(postal_code.strip()[:5])
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])
