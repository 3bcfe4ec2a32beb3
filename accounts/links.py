"""What single-use emailed links have in common (a consent's signing link, a facility's bed confirmation): their
state, from the moments kept on the row. The tokens, the emails and the public pages stay with each app."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


class SingleUseLink:
    """Mixed into a model with `used_at`, `revoked_at`, `expires_at` and `email_sent_at`."""

    USED_LABEL = "Used"  # what a used link says it was used for ("Signed", "Answered")
    used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    expires_at: dt.datetime
    email_sent_at: dt.datetime | None

    @property
    def is_pending(self) -> bool:
        return not self.used_at and not self.revoked_at and timezone.now() < self.expires_at

    @property
    def status_label(self) -> str:
        if self.used_at:
            return self.USED_LABEL
        if self.revoked_at:
            return "Revoked"
        if timezone.now() >= self.expires_at:
            return "Expired"
        return "Sent" if self.email_sent_at else "Queued"
