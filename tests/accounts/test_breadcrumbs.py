"""The one breadcrumb trail (accounts/templatetags/breadcrumbs.py) every page draws."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context: object) -> str:
    return Template("{% load breadcrumbs %}" + source).render(Context(context))


def test_the_trail_links_each_crumb_and_marks_the_current_page():
    html = render('{% breadcrumbs "Caseload" "/cases/" name "/cases/7/" %}Matches{% endbreadcrumbs %}', name="C-7 Ann")
    assert html == (
        '<nav aria-label="Breadcrumb"><ol class="breadcrumb">\n'
        '  <li class="breadcrumb-item"><a href="/cases/">Caseload</a></li>\n'
        '  <li class="breadcrumb-item"><a href="/cases/7/">C-7 Ann</a></li>\n'
        '  <li class="breadcrumb-item active" aria-current="page">Matches</li>\n'
        "</ol></nav>\n"
    )


def test_labels_and_the_current_page_are_escaped_once():
    html = render("{% breadcrumbs org url %}{{ here }}{% endbreadcrumbs %}", org="A & B", url="/o/", here="<b>&</b>")
    assert '<a href="/o/">A &amp; B</a>' in html
    assert 'aria-current="page">&lt;b&gt;&amp;&lt;/b&gt;</li>' in html


def test_a_nav_class_is_passed_through():
    assert '<nav aria-label="Breadcrumb" class="d-print-none">' in render(
        '{% breadcrumbs nav_class="d-print-none" %}Here{% endbreadcrumbs %}'
    )


def test_a_crumb_whose_url_did_not_resolve_fails_loudly():
    with pytest.raises(TemplateSyntaxError, match="Family"):
        render('{% url "no-such-view" as family_url %}{% breadcrumbs "Family" family_url %}Here{% endbreadcrumbs %}')
    with pytest.raises(TemplateSyntaxError, match="pairs"):
        render('{% breadcrumbs "Family" %}Here{% endbreadcrumbs %}')
