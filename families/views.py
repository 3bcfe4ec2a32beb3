from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import AuthenticatedHttpRequest


@login_required
def portal_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The family member's start page: their cases, checklist and letter (filled by the families issue)."""
    return render(request, "families/portal_home.html")
