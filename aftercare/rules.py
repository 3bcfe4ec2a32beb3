"""Who may do what in aftercare. Case data follows the case's rules; the schedule is the owner's."""

from __future__ import annotations

import rules

from accounts.rules import is_owner_of

rules.add_perm("aftercare.change_settings", is_owner_of)
