"""The families app's models, one module per topic."""

from interventions.disclosure import REDISCLOSURE_NOTICE, REDISCLOSURE_NOTICE_SHORT  # the one constant

from .checklists import (
    SPEAKER_ONLY_KINDS,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    InterventionModel,
    ItemKind,
    item_kinds_for,
    role_items,
)
from .letters import ImpactLetter, LetterComment, LetterVersion
from .library import Article, Topic
from .members import FamilyMember, Invitation, Role

__all__ = [
    "REDISCLOSURE_NOTICE",
    "REDISCLOSURE_NOTICE_SHORT",
    "Article",
    "Checklist",
    "ChecklistItem",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "FamilyMember",
    "ImpactLetter",
    "InterventionModel",
    "Invitation",
    "ItemKind",
    "SPEAKER_ONLY_KINDS",
    "LetterComment",
    "LetterVersion",
    "Role",
    "Topic",
    "item_kinds_for",
    "role_items",
]
