"""The directory's screens. Practice staff read; directory admins edit; family members get 404s."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest, get_scoped_or_404, require_perm
from accounts.exceptions import DomainError
from accounts.models import Organization

from . import queries, services
from .filters import FacilityFilter
from .formats import iter_native
from .forms import BedUpdateForm, FacilityForm, ImportForm, RelationshipForm
from .models import Facility, ImportJob


def _directory_scope(request: AuthenticatedHttpRequest, perm: str = "facilities.view_facility") -> None:
    """Outside the directory's readers (family members) is a 404; a reader without `perm` gets a 403."""
    if not request.user.has_perm("facilities.view_facility"):
        raise Http404
    require_perm(request.user, perm)


def _facility(request: AuthenticatedHttpRequest, pk: int, perm: str = "facilities.view_facility") -> Facility:
    facility = get_object_or_404(queries.facility_for_page(request.user, pk))
    require_perm(request.user, perm)
    return facility


@login_required
def facility_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The directory, filterable, 50 a page."""
    _directory_scope(request)
    facilities = queries.directory_for(request.user)
    if request.user.has_perm("facilities.manage_directory"):
        facilities = queries.with_bed_asks(facilities)
    found = FacilityFilter(request.GET, queryset=facilities, request=request)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": found, "page": page, "query": query.urlencode(), "now": timezone.now()}
    return render(request, "facilities/facility_list.html", context)


def _beds_context(facility: Facility, form: BedUpdateForm | None = None) -> dict[str, object]:
    return {
        "facility": facility,
        "beds": list(facility.beds.select_related("updated_by")),
        "bed_form": form or BedUpdateForm(facility=facility),
        "bed_history": queries.bed_history(facility),
    }


@login_required
def facility_detail(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    """Everything known about a facility, its beds with their age, and the practice's relationship."""
    obj = _facility(request, facility)
    organization = request.user.primary_organization
    context = {
        **_beds_context(obj),
        "organization": organization,
        "relationship": queries.relationship_of(organization, obj),
    }
    return render(request, "facilities/facility_detail.html", context)


def _edit(request: AuthenticatedHttpRequest, facility: Facility) -> HttpResponse:
    form = FacilityForm(request.POST or None, instance=facility)
    if form.is_valid():
        saved = services.facility_save(
            facility=form.save(commit=False),
            codes=form.codes(),
            by=request.user,
            verified=form.cleaned_data["verified"],
        )
        messages.success(request, f"{saved} was saved.")
        return redirect(saved)
    title = f"Edit {facility}" if facility.pk else "Add a facility"
    return render(request, "facilities/facility_form.html", {"form": form, "facility": facility, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _directory_scope(request, "facilities.manage_directory")
    return _edit(request, Facility())


@login_required
@require_http_methods(["GET", "POST"])
def facility_update(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    return _edit(request, _facility(request, facility, "facilities.manage_directory"))


@login_required
@require_POST
def facility_archive(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    obj = _facility(request, facility, "facilities.manage_directory")
    archived = request.POST.get("archived") != "no"
    services.facility_set_archived(facility=obj, archived=archived, by=request.user)
    messages.success(request, f"{obj} was {'archived' if archived else 'restored'}.")
    return redirect(obj)


@login_required
@require_POST
def facility_verify(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    obj = _facility(request, facility, "facilities.manage_directory")
    services.facility_verify(facility=obj, by=request.user)
    messages.success(request, f"{obj} is marked verified today.")
    return redirect(obj)


def _beds_response(
    request: AuthenticatedHttpRequest, facility: Facility, form: BedUpdateForm | None = None
) -> HttpResponse:
    if request.htmx:
        return render(request, "facilities/partials/_beds.html", _beds_context(facility, form))
    return redirect(facility)


@login_required
@require_POST
def beds_update(request: AuthenticatedHttpRequest, facility: int) -> HttpResponse:
    """Quick bed update (htmx): set the open beds of one setting now, with its source (admins and interventionists)."""
    obj = _facility(request, facility, "facilities.record_beds")
    form = BedUpdateForm(request.POST, facility=obj)
    if form.is_valid():
        services.beds_update(facility=obj, by=request.user, **form.cleaned_data)
        return _beds_response(request, obj)
    return _beds_response(request, obj, form)


@login_required
@require_POST
def beds_confirm(request: AuthenticatedHttpRequest, facility: int, beds: int) -> HttpResponse:
    """One click: the count was confirmed by phone just now."""
    obj = _facility(request, facility, "facilities.manage_directory")
    services.beds_confirm_by_phone(beds=get_object_or_404(obj.beds, pk=beds), by=request.user)
    return _beds_response(request, obj)


@login_required
@require_http_methods(["GET", "POST"])
def relationship_edit(request: AuthenticatedHttpRequest, facility: int, org: int) -> HttpResponse:
    """A practice owner records the practice's relationship with a facility."""
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    obj = _facility(request, facility)
    require_perm(request.user, "facilities.record_relationship", organization)
    form = RelationshipForm(request.POST or None, instance=queries.relationship_of(organization, obj))
    if form.is_valid():
        services.relationship_record(organization=organization, facility=obj, by=request.user, **form.cleaned_data)
        messages.success(request, "The relationship was recorded; it is shown with matches and referrals.")
        return redirect(obj)
    context = {"form": form, "facility": obj, "organization": organization}
    return render(request, "facilities/relationship_form.html", context)


@login_required
def facility_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The whole directory as native CSV (it imports back unchanged)."""
    _directory_scope(request, "facilities.manage_directory")
    response = StreamingHttpResponse(iter_native(queries.export_queryset().iterator(chunk_size=500)))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="facilities-{timezone.now():%Y%m%d}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a file to check; recent imports."""
    _directory_scope(request, "facilities.manage_directory")
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        job = services.import_job_create(
            upload=form.cleaned_data["file"], format=form.cleaned_data["format"], by=request.user
        )
        return redirect(job)
    return render(request, "facilities/import_list.html", {"form": form, "jobs": queries.imports_for(request.user)})


@login_required
def import_detail(request: AuthenticatedHttpRequest, job: int) -> HttpResponse:
    """The check's preview, then the import's progress and result (htmx polls while it runs)."""
    obj = get_scoped_or_404(ImportJob, request.user, pk=job)
    require_perm(request.user, "facilities.manage_directory")
    context = {"job": obj, "progress": queries.import_progress(obj)}
    if request.htmx:
        return render(request, "facilities/partials/_import_status.html", context)
    return render(request, "facilities/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, job: int) -> HttpResponse:
    obj = get_scoped_or_404(ImportJob, request.user, pk=job)
    require_perm(request.user, "facilities.manage_directory")
    try:
        services.import_job_confirm(job=obj, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(obj)
