"""Models of the interventions app (filled by later issues)."""
