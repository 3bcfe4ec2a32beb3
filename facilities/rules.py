"""Who may do what in the directory. Practice staff read it, directory admins curate it, owners record
their practice's relationships with facilities. Family members see none of it (the scope makes it a 404)."""

from __future__ import annotations

import rules

from accounts.rules import is_directory_admin, is_owner_of, is_practice_staff

can_read_directory = is_practice_staff | is_directory_admin

rules.add_perm("facilities.view_facility", can_read_directory)
rules.add_perm("facilities.manage_directory", is_directory_admin)
# An interventionist who hears a bed count on a call records it (with its source) like a directory admin.
rules.add_perm("facilities.record_beds", can_read_directory)
# Object: the practice (Organization) whose relationship is recorded.
rules.add_perm("facilities.record_relationship", is_owner_of)
