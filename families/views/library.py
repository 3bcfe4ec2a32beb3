"""The education library: house articles shared by every practice (directory admins edit them) and each
practice's own articles and copies (its owners edit them; only its own staff and families read them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import AuthenticatedHttpRequest, require_perm
from accounts.models import User
from accounts.rules import is_directory_admin

from ..forms import ArticleForm
from ..models import Article, Topic
from ..rules import owned_practice
from ..services.checklists import checklist_items_tick_read
from ..services.library import article_copy, article_save


def _article_or_404(user: User, slug: str) -> Article:
    """A house article or one of the user's practices' (a replaced house article too: its link redirects);
    unpublished ones only for those who may edit them."""
    queryset = Article.objects.for_practices_of(user).prefetch_related("topics")
    article = get_object_or_404(queryset, slug=slug)
    if not article.is_published and not user.has_perm("families.change_article", article):
        raise Http404("No such article")
    return article


@login_required
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Articles grouped by topic (an article may sit under several): the house's, with the practice's own
    copies in place of the house articles they replace."""
    articles = Article.objects.visible_to(request.user).filter(is_published=True)
    topics = Topic.objects.prefetch_related(Prefetch("articles", queryset=articles))
    return render(request, "families/library.html", {"topics": topics, "untagged": articles.filter(topics=None)})


@login_required
def article_detail(request: AuthenticatedHttpRequest, article: str) -> HttpResponse:
    article_obj = _article_or_404(request.user, article)
    own_copy = Article.objects.visible_to(request.user).filter(copied_from=article_obj).first()
    if own_copy and not request.user.is_practice_staff:
        return redirect(own_copy)  # a family reads its practice's version
    if not request.user.is_practice_staff:
        checklist_items_tick_read(article=article_obj, by=request.user)  # reading it is the reading item done
    context = {
        "article": article_obj,
        "own_copy": own_copy,
        "can_edit": request.user.has_perm("families.change_article", article_obj),
        "can_copy": not own_copy and request.user.has_perm("families.copy_article", article_obj),
    }
    return render(request, "families/article_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedHttpRequest, article: str | None = None) -> HttpResponse:
    """Write a new article (a directory admin: a house article; an owner: their practice's) or change one."""
    article_obj = _article_or_404(request.user, article) if article else None
    require_perm(request.user, "families.change_article", article_obj)
    if article_obj is None:
        article_obj = Article(organization=None if is_directory_admin(request.user) else owned_practice(request.user))
    form = ArticleForm(request.POST or None, instance=article_obj)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "topics"}
        article_obj = article_save(article=article_obj, by=request.user, topics=form.cleaned_data["topics"], **data)
        messages.success(request, "Article saved.")
        return redirect(article_obj)
    return render(request, "families/article_form.html", {"form": form, "article": article_obj})


@login_required
@require_POST
def article_copy_to_practice(request: AuthenticatedHttpRequest, article: str) -> HttpResponse:
    """Copy a house article into the owner's practice and open the copy for editing."""
    article_obj = _article_or_404(request.user, article)
    require_perm(request.user, "families.copy_article", article_obj)
    organization = owned_practice(request.user)
    if organization is None:
        raise PermissionDenied
    copy = article_copy(article=article_obj, organization=organization, by=request.user)
    messages.success(request, "A copy is now in your practice's library: your families read it instead of ours.")
    return redirect("families:article-edit", article=copy.slug)
