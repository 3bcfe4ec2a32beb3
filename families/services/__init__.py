"""Writes of the families app, one module per topic."""
