"""Checklist templates: the house defaults per intervention model, and each practice's own editable copies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest, get_scoped_or_404, require_perm, require_staff

from ..forms import TemplateForm, TemplateItemFormSet
from ..models import Article, ChecklistTemplate
from ..services import checklists as checklist_services


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_staff(request.user)
    templates = ChecklistTemplate.objects.visible_to(request.user).select_related("organization")
    return render(request, "families/template_list.html", {"templates": templates})


def _initial_items(template: ChecklistTemplate) -> list[dict]:
    return [
        {"kind": item.kind, "title": item.title, "help_text": item.help_text, "article": item.article}
        for item in template.items.select_related("article")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request: AuthenticatedHttpRequest, template: int) -> HttpResponse:
    """Read a template; a practice's own template is edited here (details and items)."""
    template_obj = get_scoped_or_404(ChecklistTemplate, request.user, pk=template)
    can_edit = request.user.has_perm("families.change_checklisttemplate", template_obj)
    form = TemplateForm(request.POST or None, instance=template_obj, prefix="t")
    formset = TemplateItemFormSet(
        request.POST or None,
        initial=_initial_items(template_obj),
        prefix="items",
        form_kwargs={"articles": Article.objects.for_practices_of(request.user)},
    )
    if request.method == "POST":
        require_perm(request.user, "families.change_checklisttemplate", template_obj)
        if form.is_valid() and formset.is_valid():
            items = [
                {
                    "kind": f.cleaned_data["kind"],
                    "title": f.cleaned_data["title"],
                    "help_text": f.cleaned_data["help_text"],
                    "article": f.cleaned_data["article"],
                }
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("title")
            ]
            checklist_services.template_update(template=template_obj, by=request.user, items=items, **form.cleaned_data)
            messages.success(request, "Template saved. Checklists already assigned keep their own items.")
            return redirect(template_obj)
    context = {"template": template_obj, "form": form, "formset": formset, "can_edit": can_edit}
    return render(request, "families/template_detail.html", context)


@login_required
@require_POST
def template_copy(request: AuthenticatedHttpRequest, template: int) -> HttpResponse:
    template_obj = get_scoped_or_404(ChecklistTemplate, request.user, pk=template)
    organization = request.user.primary_organization
    if organization is None:  # no practice to copy it to
        raise PermissionDenied
    require_perm(request.user, "accounts.view_organization", organization)
    copy = checklist_services.template_copy(template=template_obj, organization=organization, by=request.user)
    messages.success(request, "A copy is now in your practice's templates; edit it here.")
    return redirect(copy)
