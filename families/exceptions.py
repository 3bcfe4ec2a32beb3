"""Domain errors of the families app; each carries the text to show the user."""


class FamiliesError(Exception):
    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status  # the HTTP status a view answers with, where it shows only this error


class InvitationInvalid(FamiliesError):
    pass


class ConsentError(FamiliesError):
    pass


class LetterError(FamiliesError):
    pass
