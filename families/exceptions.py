"""Domain errors of the families app; each carries the text to show the user (see accounts.exceptions)."""

from accounts.exceptions import DomainError


class InvitationInvalid(DomainError):
    pass


class ConsentError(DomainError):
    pass


class LetterError(DomainError):
    pass
