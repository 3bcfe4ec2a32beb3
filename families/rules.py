"""Who may do what in the families app. Objects were already reached through their case or the user's own
member records; these predicates decide what an insider may do."""

from __future__ import annotations

import rules

from accounts.models import Membership, User
from accounts.rules import is_directory_admin, is_member_of


@rules.predicate
def owns_any_practice(user: User) -> bool:
    return user.is_authenticated and any(m.role == Membership.Role.OWNER for m in user.active_memberships())


@rules.predicate
def template_is_editable(user: User, template) -> bool:
    return template is not None and not template.is_house_default


can_edit_library = is_directory_admin | owns_any_practice

rules.add_perm("families.change_article", can_edit_library)
rules.add_perm("families.change_checklisttemplate", template_is_editable & is_member_of)
