"""Friendly pages for the responses Django leaves empty."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template import loader


class FriendlyMethodNotAllowedMiddleware:
    """A form-only URL opened in the browser (a bookmark, a reload after POST) answers 405 with an empty body,
    which browsers show as "This page isn't working". Give it a page that says what happened."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        empty = not getattr(response, "streaming", False) and not response.content
        if response.status_code == 405 and empty and request.method == "GET":
            response.content = loader.render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
