"""Who may do what to a case. The case was already reached through `Case.objects.visible_to(user)`."""

from __future__ import annotations

import rules

from accounts.models import User
from accounts.rules import is_owner_of, is_practice_staff, role_in

from .models.case import Stage


@rules.predicate
def works_on_case(user: User, case) -> bool:
    if role_in(user, case) is None:
        return False
    return case.lead_id == user.pk or case.co_assigned.filter(pk=user.pk).exists()


@rules.predicate
def case_is_open(user: User, case) -> bool:
    return case is not None and case.stage != Stage.CLOSED


# A closed case is read-only for everybody, its owner included, until the owner reopens it (with a reason).
can_view_case = is_owner_of | works_on_case
can_work_on_case = is_owner_of | works_on_case
can_edit_case = can_work_on_case & case_is_open
can_reopen_case = is_owner_of & ~case_is_open

rules.add_perm("interventions.add_case", is_practice_staff)
rules.add_perm("interventions.view_case", can_view_case)
rules.add_perm("interventions.change_case", can_edit_case)
rules.add_perm("interventions.reopen_case", can_reopen_case)
# What stays possible on a closed case because the person's rights do not end with it (recording a consent's revocation).
rules.add_perm("interventions.record_for_person", can_work_on_case)
rules.add_perm("interventions.build_summary", can_view_case)
