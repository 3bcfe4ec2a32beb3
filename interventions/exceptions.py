"""Domain errors of cases, carrying the text the user sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.exceptions import DomainError

if TYPE_CHECKING:
    from facilities.models import Facility


class TransitionBlocked(DomainError):
    """The case cannot move to that stage; `reasons` lists what is missing or wrong."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


class StaleVersion(DomainError):
    """Someone else saved the case after this form was opened."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this case after you opened it, so nothing was saved yet. The form now holds the "
            "saved record with your changes on top: check what differs, then save again."
        )


class ConsentMissing(DomainError):
    """No active consent lets the practice tell these facilities who the person is: nothing is sent to any of
    them. `facility_ids` and `facility_names`: the facilities a consent is needed for."""

    def __init__(self, facilities: list[Facility]) -> None:
        names = ", ".join(str(facility) for facility in facilities)
        one = len(facilities) == 1
        super().__init__(
            f"Nothing was sent: no active consent of the person covers identity and contact for {names}. "
            f"Record the person's consent to disclose to {'this facility' if one else 'these facilities'} first."
        )
        self.facility_ids = [facility.pk for facility in facilities]
        self.facility_names = [str(facility) for facility in facilities]
