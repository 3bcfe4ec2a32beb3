"""Who may do what to a case. The case was already reached through `Case.objects.visible_to(user)`."""

from __future__ import annotations

import rules

from accounts.models import User
from accounts.rules import is_owner_of, is_practice_staff, role_in


@rules.predicate
def works_on_case(user: User, case) -> bool:
    if role_in(user, case) is None:
        return False
    return case.lead_id == user.pk or case.co_assigned.filter(pk=user.pk).exists()


can_view_case = is_owner_of | works_on_case
can_edit_case = is_owner_of | works_on_case

rules.add_perm("interventions.add_case", is_practice_staff)
rules.add_perm("interventions.view_case", can_view_case)
rules.add_perm("interventions.change_case", can_edit_case)
rules.add_perm("interventions.build_summary", can_view_case)
