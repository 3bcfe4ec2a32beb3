"""The accounting of disclosures (42 CFR 2.25, 45 CFR 164.528): a period, its disclosures a page at a time, and
providing it to the person as a PDF, with the record of each accounting provided."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import AuthenticatedHttpRequest
from accounts.audit import log_read
from accounts.exceptions import DomainError
from accounts.paging import KeysetPage
from interventions.models import Case
from interventions.queries import get_case_for

from .. import queries
from ..accounting_pdf import accounting_filename
from ..forms import AccountingPeriodForm, AccountingProvideForm
from ..services.accounting import accounting_provide

VIEW = "interventions.view_case"
# Providing the accounting is recorded even on a closed case: the person's right to it outlives the case.
RECORD = "interventions.record_for_person"
PER_PAGE = 50


def _page(
    request: AuthenticatedHttpRequest, case_obj: Case, provide_form: AccountingProvideForm | None = None
) -> HttpResponse:
    today = timezone.localdate(timezone.now(), case_obj.organization.zone)  # the practice's calendar
    period_form = AccountingPeriodForm(
        request.GET if "from" in request.GET or "to" in request.GET else None, today=today
    )
    context: dict = {"case": case_obj, "period_form": period_form, "provided": queries.accountings_provided(case_obj)}
    if not period_form.is_bound or period_form.is_valid():
        start, end = period_form.period
        rows = queries.accounting_disclosures(case_obj, start, end)
        query = request.GET.copy()
        for position in ("before", "after"):
            query.pop(position, None)
        context.update(
            start=start,
            end=end,
            page=KeysetPage(rows, request.GET, per_page=PER_PAGE, field="at"),
            total=rows.order_by().count(),  # one COUNT on disclosure_case_at
            query=query.urlencode(),
        )
        if provide_form is None:
            provide_form = AccountingProvideForm(initial={"from": start, "to": end}, today=today)
    context["provide_form"] = provide_form
    return render(request, "consents/accounting.html", context)


@login_required
def accounting(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """The disclosures of a period (by default the past 3 years), newest first, 50 a page, and the accountings
    already provided. Reading it is logged."""
    case_obj = get_case_for(request.user, case, perm=VIEW)
    log_read(case_obj)
    return _page(request, case_obj)


@login_required
@require_POST
def accounting_provide_view(request: AuthenticatedHttpRequest, case: int) -> HttpResponse:
    """Provide the accounting of a period to the person: record it (who asked, the period, by whom) and download
    it as a PDF listing every disclosure of the period."""
    case_obj = get_case_for(request.user, case, perm=RECORD)
    today = timezone.localdate(timezone.now(), case_obj.organization.zone)
    form = AccountingProvideForm(request.POST, today=today)
    if form.is_valid():
        start, end = form.period
        try:
            provided = accounting_provide(
                case=case_obj,
                requested_by=form.cleaned_data["requested_by"],
                period_start=start,
                period_end=end,
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            response = HttpResponse(provided.pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{accounting_filename(provided.record)}"'
            return response
    messages.error(request, "The accounting was not provided: see the form below.")
    return _page(request, case_obj, provide_form=form)
