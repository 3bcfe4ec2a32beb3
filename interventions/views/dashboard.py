"""The caseload dashboard: an interventionist's day starts here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.access import AuthenticatedHttpRequest, require_staff

from ..audit import log_list_read
from ..extensions import attention_for
from ..forms import CaseFilter
from ..queries import caseload_for, stage_counts

PAGE_SIZE = 25


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Counts by stage, what needs attention, and the filtered, sorted, paginated list of cases."""
    require_staff(request.user)
    cases = caseload_for(request.user)
    data = request.GET.copy()
    data.setdefault("sort", "-last_activity_at")
    case_filter = CaseFilter(data, queryset=cases, organization=request.user.primary_organization)
    page = Paginator(case_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    attention = attention_for(cases)
    # One read for the list as shown: the cases of this page and of "needs attention".
    shown = {case.pk: case for case in [*page.object_list, *(item.case for item in attention)]}
    log_list_read(request.user, "caseload", shown.values())
    context = {
        "filter": case_filter,
        "page": page,
        "query": query.urlencode(),
        "counts": stage_counts(cases),
        "attention": attention,
    }
    if request.htmx:
        return render(request, "interventions/partials/_case_list.html", context)
    return render(request, "interventions/dashboard.html", context)
