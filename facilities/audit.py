"""Directory changes land in the audit log (facilities and bed figures are not case data: no organization)."""

from accounts.audit import register

from .models import BedAvailability, Facility, PracticeRelationship


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(Facility)
    register(BedAvailability)
    register(PracticeRelationship)
