"""Domain errors of cases, carrying the text the user sees."""

from __future__ import annotations

from accounts.exceptions import DomainError


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
