"""Case summaries: build one, watch it build, download it; a family member's own family version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from accounts.models import User

from .. import services
from ..disclosure import record_disclosure
from ..forms import SummaryForm
from ..models import Case, CaseSummary
from ..queries import (
    ANY_CATEGORY,
    family_summaries_for,
    get_case_for,
    get_case_for_recipient,
    get_summary_for_download,
    summaries_for,
    summary_build_allowed,
    summary_build_refusal,
)

STATUS_PARTIAL = "interventions/partials/_summary_status.html"


def _request_summary(user: User, case: Case, **fields: Any) -> CaseSummary | None:
    """Queue a build unless the user is over their build limit for the case (then None). The case row is locked
    while counting, so that concurrent clicks are counted one after the other."""
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        if not summary_build_allowed(user, case):
            return None
        return services.summary_request(case=case, by=user, **fields)


def _say_how_the_build_goes(request: AuthenticatedHttpRequest, summary: CaseSummary, building: str) -> None:
    """The request has committed, so the hand-over to the broker has been tried: say "being built" only if it
    took; otherwise the row waits for the sweep and the user is told so, not promised a download in a moment."""
    summary.refresh_from_db(fields=["status", "queued_at"])
    if summary.is_queued:
        messages.warning(
            request,
            "The summary is recorded, but the background service is not reachable right now: "
            "it will be built as soon as the service is back. You can leave this page.",
        )
    else:
        messages.success(request, building)


@login_required
@require_http_methods(["GET", "POST"])
def summary_list(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The case's summaries (who built each, when) and the form to build one."""
    perm = "interventions.build_summary" if request.method == "POST" else "interventions.view_case"
    case_obj = get_case_for(request.user, case, perm=perm)
    form = SummaryForm(request.POST or None, case=case_obj)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            summary = _request_summary(request.user, case_obj, **form.cleaned_data)
            if summary is not None:
                _say_how_the_build_goes(
                    request, summary, "The summary is being built. It will be ready to download here in a moment."
                )
                return redirect(summary)
            form.add_error(None, summary_build_refusal(request.user))
            status = 429
    elif not request.htmx:  # htmx refreshes of the list while a build runs are not new reads
        log_read(case_obj)
    summaries = list(summaries_for(case_obj))
    context = {
        "case": case_obj,
        "form": form,
        "summaries": summaries,
        "any_in_progress": any(summary.in_progress for summary in summaries),
    }
    return render(request, "interventions/summary_list.html", context, status=status)


@login_required
def summary_detail(request: AuthenticatedHttpRequest, case: int, summary: int) -> HttpResponse:
    """One summary's status; htmx polls this view for the status partial until the build is over."""
    case_obj = get_case_for(request.user, case, perm="interventions.view_case")
    summary_obj = get_object_or_404(summaries_for(case_obj), pk=summary)
    context = {"case": case_obj, "summary": summary_obj, "poll_url": summary_obj.get_absolute_url(), "staff": True}
    if request.htmx:
        return render(request, STATUS_PARTIAL, context)
    log_read(summary_obj)
    return render(request, "interventions/summary_detail.html", context)


@login_required
@require_POST
def summary_retry(request: AuthenticatedHttpRequest, case: int, summary: int) -> HttpResponse:
    case_obj = get_case_for(request.user, case, perm="interventions.build_summary")
    summary_obj = get_object_or_404(case_obj.summaries, pk=summary)
    try:
        services.summary_retry(summary=summary_obj, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _say_how_the_build_goes(request, summary_obj, "The summary is being built again.")
    return redirect(summary_obj)


@login_required
def summary_download(request: AuthenticatedHttpRequest, case: int, summary: int) -> FileResponse:
    """The PDF, for staff of the case and for the family member it was made for (while consent holds).
    Every download is in the audit log; a family member's is also a disclosure record."""
    summary_obj, as_recipient = get_summary_for_download(request.user, case, summary)
    if not summary_obj.file or not summary_obj.file.storage.exists(summary_obj.file.name):
        raise Http404("The file of this summary is gone: build it again.")
    log_read(summary_obj)
    if as_recipient:
        record_disclosure(request.user, summary_obj.case, summary_obj.categories, "pdf")
    response = FileResponse(
        summary_obj.file.open("rb"),
        as_attachment=True,
        filename=summary_obj.download_name(),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def family_summary(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """A family member's page (the portal links here): their family versions, and a button to make one."""
    case_obj = get_case_for_recipient(request.user, case, category=ANY_CATEGORY)
    status = 200
    if request.method == "POST":
        summary = _request_summary(request.user, case_obj, version=CaseSummary.Version.FAMILY, recipient=request.user)
        if summary is not None:
            return redirect("interventions:family-summary-detail", case=case_obj.pk, summary=summary.pk)
        messages.error(request, summary_build_refusal(request.user))
        status = 429
    log_read(case_obj)
    context = {"case": case_obj, "summaries": family_summaries_for(request.user, case_obj)}
    return render(request, "interventions/family_summary.html", context, status=status)


@login_required
def family_summary_detail(request: AuthenticatedHttpRequest, case: int, summary: int) -> HttpResponse:
    case_obj = get_case_for_recipient(request.user, case, category=ANY_CATEGORY)
    summary_obj = get_object_or_404(family_summaries_for(request.user, case_obj), pk=summary)
    poll_url = request.path
    context = {"case": case_obj, "summary": summary_obj, "poll_url": poll_url, "staff": False}
    if request.htmx:
        return render(request, STATUS_PARTIAL, context)
    log_read(summary_obj)
    return render(request, "interventions/family_summary_detail.html", context)
