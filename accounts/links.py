"""What single-use emailed links have in common (a consent's signing link, a facility's bed confirmation): their
state, from the moments kept on the row. The tokens, the emails and the public pages stay with each app."""

from __future__ import annotations

import datetime as dt

from allauth.core.internal import ratelimit
from django.http import HttpRequest, HttpResponse
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


def public_page(response: HttpResponse) -> HttpResponse:
    """Headers of every public page a link opens: no Referer leaves the site (the token is in the URL) and no
    search engine keeps it. The views add never_cache."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def wrong_links_exhausted(request: HttpRequest, *, app: str, action: str, config: dict, dry_run: bool) -> bool:
    """Whether this address has used up its wrong or dead links (allauth's rate limits, in the shared cache); with
    `dry_run` False, one more is counted."""
    usage = ratelimit.consume(request, app=app, action=action, config=config, dry_run=dry_run, limit_get=True)
    return usage is None
