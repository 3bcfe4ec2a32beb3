"""The education library: shared by every practice, read by everyone signed in, edited by directory admins
and practice owners."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import AuthenticatedHttpRequest, require_perm

from ..forms import ArticleForm
from ..models import Article, Topic
from ..services.library import article_save


@login_required
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Articles grouped by topic (an article may sit under several)."""
    articles = Article.objects.filter(is_published=True)
    topics = Topic.objects.prefetch_related(Prefetch("articles", queryset=articles))
    return render(request, "families/library.html", {"topics": topics, "untagged": articles.filter(topics=None)})


@login_required
def article_detail(request: AuthenticatedHttpRequest, article: str) -> HttpResponse:
    can_edit = request.user.has_perm("families.change_article")
    queryset = Article.objects.all() if can_edit else Article.objects.filter(is_published=True)
    article_obj = get_object_or_404(queryset.prefetch_related("topics"), slug=article)
    return render(request, "families/article_detail.html", {"article": article_obj, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedHttpRequest, article: str | None = None) -> HttpResponse:
    require_perm(request.user, "families.change_article")
    article_obj = get_object_or_404(Article, slug=article) if article else Article()
    form = ArticleForm(request.POST or None, instance=article_obj)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "topics"}
        article_obj = article_save(article=article_obj, by=request.user, topics=form.cleaned_data["topics"], **data)
        messages.success(request, "Article saved.")
        return redirect(article_obj)
    return render(request, "families/article_form.html", {"form": form, "article": article_obj})
