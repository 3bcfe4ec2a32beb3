"""Who may do what in the families app. Objects were already reached through their case or the user's own
member records; these predicates decide what an insider may do."""

from __future__ import annotations

import rules

from accounts.models import Membership, Organization, User
from accounts.rules import is_directory_admin, is_member_of, is_owner_of


@rules.predicate
def owns_any_practice(user: User) -> bool:
    return user.is_authenticated and any(m.role == Membership.Role.OWNER for m in user.active_memberships())


@rules.predicate
def template_is_editable(user: User, template) -> bool:
    return template is not None and not template.is_house_default


def owned_practice(user: User) -> Organization | None:
    """The practice whose library copies the owner writes (their first practice as owner)."""
    owned = [m.organization for m in user.active_memberships() if m.role == Membership.Role.OWNER]
    return owned[0] if owned else None


@rules.predicate
def can_edit_article(user: User, article) -> bool:
    """House articles: directory admins only (practices read them, and copy them to edit). A practice's own
    articles: that practice's owners. Without an article (writing a new one): either."""
    if not user.is_authenticated:
        return False
    if article is None:
        return bool(is_directory_admin(user) or owns_any_practice(user))
    if article.organization_id is None:
        return bool(is_directory_admin(user))
    return bool(is_owner_of(user, article))


@rules.predicate
def can_copy_article(user: User, article) -> bool:
    """An owner copies a house article into their practice (once: a second copy opens the first)."""
    return article is not None and article.organization_id is None and owned_practice(user) is not None


@rules.predicate
def writes_own_letter(user: User, member) -> bool:
    """A speaker writes an impact letter, on their own member record, where the case's model uses letters (not
    CRAFT); support members and observers write none."""
    return member is not None and member.user_id == user.pk and member.writes_letter


rules.add_perm("families.change_article", can_edit_article)
rules.add_perm("families.write_letter", writes_own_letter)
rules.add_perm("families.copy_article", can_copy_article)
rules.add_perm("families.change_checklisttemplate", template_is_editable & is_member_of)
