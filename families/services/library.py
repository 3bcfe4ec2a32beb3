"""The education library: save an article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User

from ..models import Article, Topic


@transaction.atomic
def article_save(*, article: Article, by: User, topics: Iterable[Topic], **fields: Any) -> Article:
    """Create or change an article (the Markdown is stored as written and sanitised when shown). A new article
    belongs to `fields["organization"]` (None: a house article)."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at, article.updated_by = timezone.now(), by
    article.save()
    article.topics.set(topics)
    return article


@transaction.atomic
def article_copy(*, article: Article, organization: Organization, by: User) -> Article:
    """Copy a house article into the practice, where its owners edit it and it replaces the house article for the
    practice's families. Returns the practice's existing copy when there is one."""
    existing = Article.objects.filter(organization=organization, copied_from=article).first()
    if existing:
        return existing
    base = f"{article.slug[:36]}-{organization.pk}"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = Article.objects.create(
        organization=organization,
        copied_from=article,
        slug=slug,
        title=article.title,
        summary=article.summary,
        body=article.body,
        is_published=article.is_published,
        updated_at=timezone.now(),
        updated_by=by,
    )
    copy.topics.set(article.topics.all())
    return copy
