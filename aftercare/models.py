"""Models of the aftercare app (filled by later issues)."""
