"""Models of the families app (filled by later issues)."""
