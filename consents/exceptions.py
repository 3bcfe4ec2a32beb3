from accounts.exceptions import DomainError


class ConsentError(DomainError):
    """A consent that cannot be recorded, signed, revoked or relied on as asked."""


class SigningLinkInvalid(DomainError):
    """A signing link that is wrong, used, expired or revoked: the page says only that."""
