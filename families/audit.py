from accounts.audit import register

from .models import (
    Article,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    FamilyMember,
    ImpactLetter,
    Invitation,
    LetterComment,
    LetterVersion,
)


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(FamilyMember)
    register(Invitation, exclude_fields=["token_hash"])
    register(Checklist)
    register(ChecklistItem)
    register(ChecklistTemplate)
    register(ChecklistTemplateItem)
    register(ImpactLetter)
    register(LetterVersion)
    register(LetterComment)
    register(Article, m2m_fields={"topics"}, exclude_fields=["updated_at"])
