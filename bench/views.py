"""The bench's yardstick view: one query, a tiny response. Routed only by `bench.urls` (`manage.py bench`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from accounts.models import Organization


def bare_view(request: HttpRequest) -> HttpResponse:
    count = Organization.objects.count()
    return HttpResponse(f"{count}", content_type="text/plain")
