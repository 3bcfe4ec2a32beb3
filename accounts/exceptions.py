"""The one error type for "the rules refuse what the user asked": every app's domain errors derive from it.

Services raise it (or a subclass) with the text the user sees; views catch `DomainError` and show `message` as a form
or page message. Anything else (ValueError, KeyError ...) is a programming error and reaches the error page.
"""


class DomainError(Exception):
    """A rule of the domain refused the action; `message` is shown to the user as it is."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status  # the HTTP status a view answers with, where it shows only this error
