"""Directory changes land in the audit log (facilities and bed figures are not case data: no organization)."""

from accounts.audit import register

from .models import BedAvailability, Facility, PracticeRelationship

register(Facility)
register(BedAvailability)
register(PracticeRelationship)
