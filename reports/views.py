"""The practice report page and its CSV: an owner sees the practice, an interventionist the cases they lead."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import AuthenticatedHttpRequest, require_staff
from accounts.audit import log_access

from .forms import ReportForm
from .measures import Scope
from .report import Report, build_report


def _scope(request: AuthenticatedHttpRequest) -> tuple[Scope, ReportForm]:
    require_staff(request.user)
    organization = request.user.primary_organization
    assert organization is not None  # noqa: S101  (require_staff: a member of a practice)
    membership = request.user.membership_for(organization)
    is_owner = bool(membership and membership.is_owner)
    form = ReportForm(request.GET or None, organization=organization, is_owner=is_owner)
    values = form.values()
    zone = organization.zone
    scope = Scope(
        organization=organization,
        start=dt.datetime.combine(values["start"], dt.time.min, tzinfo=zone),
        end=dt.datetime.combine(values["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        now=timezone.now(),
        lead=values.get("interventionist") if is_owner else request.user,
        model=values.get("model") or "",
        referral_source=values.get("referral_source") or "",
    )
    # Reports are aggregate (no case is listed), but a read of the practice's figures is still on record: one
    # ACCESS entry on the practice naming the report and its filters, like the list pages (no case references).
    log_access(
        organization,
        listed="report",
        period=f"{values['start']}..{values['end']}",
        lead=scope.lead.pk if scope.lead else None,
        model=scope.model,
        referral_source=scope.referral_source,
    )
    return scope, form


@login_required
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report: figures with their n and definition, the trend and funnel charts with their tables."""
    scope, form = _scope(request)
    result = build_report(scope)
    query = request.GET.urlencode()
    return render(request, "reports/report.html", {"form": form, "report": result, "query": query})


@login_required
def report_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same report as CSV: one row per measure (n and value), then the monthly series."""
    scope, _form = _scope(request)
    result = build_report(scope)
    start, end = scope.start.date(), (scope.end - dt.timedelta(days=1)).date()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{start}-{end}.csv"'
    write_csv(response, result)
    return response


def write_csv(out: HttpResponse, result: Report) -> None:
    writer = csv.writer(out)
    writer.writerow(["measure", "label", "n", "value", "definition"])
    for measure in result.measures:
        writer.writerow([measure.key, measure.label, measure.n, measure.value, measure.definition])
    for row in result.caseload:
        writer.writerow(["open_cases", f"Open cases: {row.interventionist}", row.open_cases, row.open_cases, ""])
        writer.writerow(
            ["overdue_follow_ups", f"Overdue follow-ups: {row.interventionist}", row.overdue_follow_ups,
             row.overdue_follow_ups, ""]
        )  # fmt: skip
    writer.writerow([])
    writer.writerow(["month", "cases_opened", "admissions"])
    for month in result.months:
        writer.writerow([month.first_day.strftime("%Y-%m"), month.opened, month.admitted])
