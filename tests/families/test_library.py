"""The education library: Markdown rendered safely, edited by directory admins and owners only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from families.content import ARTICLES, TOPICS
from families.markdown import render_markdown
from families.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_raw_html_removed():
    html = render_markdown(
        "## Title\n\n**kind** [link](https://example.org)\n\n<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(1)">\n\n[bad](javascript:alert(1))'
    )
    assert "<h2>Title</h2>" in html and "<strong>kind</strong>" in html
    assert 'href="https://example.org"' in html and "noopener" in html
    assert "<script" not in html and "alert(1)</" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html


def test_the_house_articles_cover_the_topics():
    assert 6 <= len(ARTICLES) <= 8
    assert {slug for slug, _ in TOPICS} == {topic for article in ARTICLES for topic in article["topics"]}


def test_anyone_signed_in_reads_published_articles(client, carol):
    article = ArticleFactory()
    hidden = ArticleFactory(is_published=False)
    client.force_login(carol)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>A heading</h2>" in page and "<strong>kind</strong>" in page
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert article.title in client.get(reverse("families:library")).content.decode()


@pytest.mark.parametrize(("who", "status"), [("dana", 302), ("olivia", 302), ("alice", 403), ("carol", 403)])
def test_directory_admins_and_owners_edit_articles(client, request, who, status):
    article = ArticleFactory()
    client.force_login(request.getfixturevalue(who))
    data = {"title": "New title", "slug": article.slug, "summary": "s", "body": "b", "is_published": "on"}
    assert client.post(reverse("families:article-edit", kwargs={"article": article.slug}), data).status_code == status
    article.refresh_from_db()
    assert (article.title == "New title") is (status == 302)


def test_mallory_gets_404(client, mallory):
    client.force_login(mallory)
    assert client.get(reverse("families:article-detail", kwargs={"article": "no-such-article"})).status_code == 404
    assert not Article.objects.exists()


def test_editing_an_article_is_audited_with_the_new_text(client, dana):
    from auditlog.models import LogEntry

    article = ArticleFactory(title="Old title")
    client.force_login(dana)
    data = {"title": "New title", "slug": article.slug, "summary": "s", "body": "New body", "is_published": "on"}
    client.post(reverse("families:article-edit", kwargs={"article": article.slug}), data)
    entry = LogEntry.objects.get_for_object(article).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == dana
    assert entry.changes_dict["title"] == ["Old title", "New title"]
    assert entry.changes_dict["body"][1] == "New body"
