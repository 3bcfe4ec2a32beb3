"""A hung database answers the error page within the statement timeout, not after gunicorn's 30 s; workers get
the longer timeout. PostgreSQL only (SQLite has no statement timeout)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.db import use_statement_timeout, use_worker_statement_timeout

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db(transaction=True)]


def hung_view(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(20)")
    return HttpResponse("answered after 20 s")


urlpatterns = [path("hung/", hung_view)]
handler500 = "accounts.views.server_error"


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.fixture
def restore_timeout():
    yield
    use_statement_timeout(settings.DB_STATEMENT_TIMEOUT_MS)


def test_web_connections_have_a_connect_and_a_statement_timeout():
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT == 5
    assert statement_timeout() == "10s"


@pytest.mark.urls(__name__)
def test_a_hung_query_is_cut_and_the_request_answers_the_error_page(client, restore_timeout):
    use_statement_timeout(1000)
    client.raise_request_exception = False
    started = time.monotonic()
    response = client.get("/hung/")
    assert time.monotonic() - started < 3
    assert response.status_code == 500 and b"Something went wrong on our side" in response.content


def test_workers_get_the_longer_statement_timeout(restore_timeout):
    use_worker_statement_timeout()
    assert statement_timeout() == "5min"
