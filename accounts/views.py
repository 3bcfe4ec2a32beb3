from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit_display, queries, services, session_timeout
from .access import AuthenticatedHttpRequest, get_scoped_or_404, require_perm
from .audit import log_read
from .exceptions import DomainError
from .filters import AuditLogFilter
from .forms import MemberAddForm, MemberChangeForm, OrganizationSecurityForm, OrganizationTimeZoneForm, ProfileForm
from .models import Organization
from .paging import KeysetPage

# Start pages by role, the first that applies wins. URL names, so no app is imported.
START_PAGES: list[tuple[str, str]] = [
    ("staff", "interventions:dashboard"),
    ("directory", "facilities:facility-list"),
    ("family", "families:portal-home"),
]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each user to the start page of their role."""
    user = request.user
    organization = user.primary_organization
    for audience, url_name in START_PAGES:
        if audience == "staff" and organization is not None:
            return redirect(url_name)
        if audience == "directory" and user.is_directory_admin:
            return redirect(url_name)
        if audience == "family" and organization is None and not user.is_directory_admin:
            return redirect(url_name)
    if organization is not None:
        return redirect(organization.get_absolute_url())
    if user.is_directory_admin:
        return render(request, "accounts/directory_start.html")
    return redirect("families:portal-home")


@login_required
def organization_detail(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    """The practice overview: who works here and in which role."""
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "accounts.view_organization", organization)
    context = {"organization": organization, "memberships": queries.members_of(organization)}
    if request.user.has_perm("accounts.manage_members", organization):
        context["security_form"] = OrganizationSecurityForm(instance=organization)
        context["time_zone_form"] = OrganizationTimeZoneForm(instance=organization)
    return render(request, "accounts/organization_detail.html", context)


def _practice_setting(
    request: AuthenticatedHttpRequest, org: int, form_class: type[forms.ModelForm], title: str, saved: str
) -> HttpResponse:
    """One of the owner's practice settings: the form on its own page (the practice page shows it too)."""
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "accounts.manage_members", organization)
    form = form_class(request.POST or None, instance=organization)
    if form.is_valid():
        form.save()
        messages.success(request, saved.format(organization=organization))
        return redirect(organization.get_absolute_url())
    context = {"organization": organization, "form": form, "title": title}
    return render(request, "accounts/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_security(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    """The owner sets automatic logoff and whether every member must use two-step sign-in."""
    return _practice_setting(
        request, org, OrganizationSecurityForm, "Security settings", "The security settings were saved."
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_time_zone(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    """The owner sets the practice's time zone: every time of its cases is shown, sent and printed in it."""
    return _practice_setting(
        request, org, OrganizationTimeZoneForm, "Time zone", "The practice's time zone is now {organization.time_zone}."
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own name and time zone."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Your settings were saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def session_keepalive(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The "Stay signed in" button: the request itself is the activity (SessionTimeoutMiddleware recorded it)."""
    return JsonResponse({"remaining": getattr(request, "session_remaining", None)})


@login_required
@require_GET
def session_status(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Seconds left before automatic logoff, without counting as activity (another tab may have been active)."""
    return JsonResponse({"remaining": getattr(request, "session_remaining", None)})


@require_http_methods(["GET", "POST"])
def session_end(request: HttpRequest) -> HttpResponse:
    """The warning's countdown ran out: sign out (POST, with the CSRF token) and sign in again, back to `next`."""
    next_path = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_path, {request.get_host()}, request.is_secure()):
        next_path = ""
    if request.method == "POST" and request.user.is_authenticated:
        idle = session_timeout.idle_limit(request.user)
        logout(request)
        messages.info(request, session_timeout.signed_out_message("idle", idle))
    return redirect(session_timeout.login_url(next_path or None))


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "accounts.manage_members", organization)
    form = MemberAddForm(request.POST or None)
    if form.is_valid():
        try:
            membership = services.membership_add(
                organization=organization, by=request.user, request=request, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            services.password_setup_send(user=membership.user, request=request)
            messages.success(request, f"{membership.user} was added. New users get an email to set their password.")
            return redirect(organization.get_absolute_url())
    return render(
        request, "accounts/member_form.html", {"organization": organization, "form": form, "title": "Add a member"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_change(request: AuthenticatedHttpRequest, org: int, membership: int) -> HttpResponse:
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "accounts.manage_members", organization)
    member = get_object_or_404(organization.memberships.select_related("user"), pk=membership)
    form = MemberChangeForm(request.POST or None, initial={"role": member.role, "is_active": member.is_active})
    if form.is_valid():
        try:
            services.membership_change(membership=member, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{member.user}'s membership was updated.")
            return redirect(organization.get_absolute_url())
    context = {"organization": organization, "form": form, "title": f"Change {member.user}"}
    return render(request, "accounts/member_form.html", context)


@login_required
def audit_log(request: AuthenticatedHttpRequest, org: int) -> HttpResponse:
    """The practice's audit log, filterable; owners only. Reading it is itself logged."""
    organization = get_scoped_or_404(Organization, request.user, pk=org)
    require_perm(request.user, "accounts.view_audit_log", organization)
    log_read(organization)
    entries = AuditLogFilter(
        request.GET or None, queryset=queries.audit_entries_for(organization), organization=organization
    )
    page = KeysetPage(entries.qs, request.GET, per_page=50)  # no COUNT, no OFFSET over millions of entries
    query = request.GET.copy()
    for position in ("page", "before", "after"):
        query.pop(position, None)
    zone = timezone.get_current_timezone()  # the reader's (accounts.middleware.TimeZoneMiddleware)
    context = {
        "organization": organization,
        "filter": entries,
        "page": page,
        "rows": audit_display.describe(page, zone),
        "zone": zone,
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the error may have come from one of them.
    return HttpResponseServerError(loader.get_template("500.html").render())
