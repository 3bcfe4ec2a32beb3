"""Models of the facilities app (filled by later issues)."""
