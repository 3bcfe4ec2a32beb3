"""The education library: save an article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import Article, Topic


@transaction.atomic
def article_save(*, article: Article, by: User, topics: Iterable[Topic], **fields: Any) -> Article:
    """Create or change an article (the Markdown is stored as written and sanitised when shown)."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_at, article.updated_by = timezone.now(), by
    article.save()
    article.topics.set(topics)
    return article
