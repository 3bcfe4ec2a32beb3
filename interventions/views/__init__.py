"""Views of the interventions app, one module per topic (the URL tells you the file)."""
