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


@pytest.mark.parametrize(
    ("who", "status"), [("dana", 302), ("olivia", 403), ("mallory", 403), ("alice", 403), ("carol", 403)]
)
def test_only_directory_admins_edit_house_articles(client, request, who, status):
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


def _edit(client, article, **changes):
    data = {"title": article.title, "slug": article.slug, "summary": "s", "body": article.body, "is_published": "on"}
    return client.post(reverse("families:article-edit", kwargs={"article": article.slug}), {**data, **changes})


@pytest.fixture
def house():
    return ArticleFactory(title="What an intervention is", body="The house text.")


@pytest.fixture
def practice_copy(client, house, olivia, practice):
    client.force_login(olivia)
    response = client.post(reverse("families:article-copy", kwargs={"article": house.slug}))
    copy = Article.objects.get(copied_from=house)
    assert response["Location"] == reverse("families:article-edit", kwargs={"article": copy.slug})
    assert copy.organization == practice and copy.body == "The house text."
    assert _edit(client, copy, title="Our practice's guide", body="Call Olivia first.").status_code == 302
    client.logout()
    copy.refresh_from_db()
    return copy


def test_an_owner_copies_a_house_article_and_edits_only_the_copy(practice_copy, house):
    house.refresh_from_db()
    assert (house.title, house.body) == ("What an intervention is", "The house text.")
    assert practice_copy.title == "Our practice's guide"


def test_the_practice_copy_replaces_the_house_article_for_its_own_families_only(
    client, practice_copy, house, member, carol, mallory, other_practice
):
    from tests.factories import CaseFactory, FamilyMemberFactory, UserFactory

    client.force_login(carol)
    library = client.get(reverse("families:library")).content.decode()
    assert "Our practice&#x27;s guide" in library and "What an intervention is" not in library
    assert client.get(house.get_absolute_url())["Location"] == practice_copy.get_absolute_url()
    assert "Call Olivia first." in client.get(practice_copy.get_absolute_url()).content.decode()

    other_family = UserFactory()
    FamilyMemberFactory(case=CaseFactory(organization=other_practice, lead=mallory), user=other_family)
    for outsider in (other_family, mallory):
        client.force_login(outsider)
        library = client.get(reverse("families:library")).content.decode()
        assert "What an intervention is" in library and "Our practice" not in library
        assert client.get(practice_copy.get_absolute_url()).status_code == 404
        assert _edit(client, practice_copy, body="[Log in here](https://phish.example)").status_code == 404
    practice_copy.refresh_from_db()
    assert "phish" not in practice_copy.body


def test_a_removed_family_member_no_longer_reads_the_practice_copy(client, practice_copy, member, carol, alice):
    from families.services.members import member_update

    member_update(member=member, by=alice, is_active=False)
    client.force_login(carol)
    assert client.get(practice_copy.get_absolute_url()).status_code == 404


def test_copying_twice_opens_the_first_copy(client, practice_copy, house, olivia):
    client.force_login(olivia)
    client.post(reverse("families:article-copy", kwargs={"article": house.slug}))
    assert Article.objects.filter(copied_from=house).count() == 1


@pytest.mark.parametrize("who", ["alice", "carol", "dana"])
def test_only_owners_copy_house_articles(client, request, house, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("families:article-copy", kwargs={"article": house.slug})).status_code == 403
    assert not Article.objects.filter(copied_from=house).exists()


def test_an_owner_writes_a_new_article_for_the_practice_only(client, olivia, practice):
    client.force_login(olivia)
    data = {"title": "Parking", "slug": "parking", "summary": "s", "body": "b", "is_published": "on"}
    assert client.post(reverse("families:article-create"), data).status_code == 302
    assert Article.objects.get(slug="parking").organization == practice
