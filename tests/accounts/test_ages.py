"""`{{ moment|ago }}`: how long ago, as people say it."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import timezone

from accounts.templatetags.ages import ago


def test_a_moment_ago_is_just_now_not_zero_minutes():
    now = timezone.now()
    assert ago(now - dt.timedelta(seconds=40), now) == "just now"
    assert ago(now - dt.timedelta(minutes=1), now) == "1\xa0minute ago"
    assert ago(now - dt.timedelta(hours=2, minutes=5), now) == "2\xa0hours, 5\xa0minutes ago"
    assert ago(None, now) == ""


def test_the_caseload_and_bed_figures_use_it_in_templates():
    rendered = Template("{% load ages %}{{ moment|ago }}").render(Context({"moment": timezone.now()}))
    assert rendered == "just now"
