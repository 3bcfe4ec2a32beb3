"""The load run's users (`make loadtest`, see run.py): interventionists, family members and practice owners.

Each user signs in once through the login form (allauth; the password hash makes it the slowest request by design),
then browses with a person's pauses. The measured window (LOAD_SECONDS, default 60) starts when the last user has
signed in: the statistics are reset then, so the sign-in storm does not stand in for steady use. The sign-ins are
timed apart and written to LOAD_LOGINS (JSON) when locust quits. Request names are the page kinds the summary reports; writes are posted without
following the redirect, so "note add" times the write alone. LOAD_TARGETS names the JSON of loadtest.targets.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

import gevent  # type: ignore[import-untyped]
import urllib3
from locust import HttpUser, between, events, task
from locust.env import Environment
from locust.exception import StopUser

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # run.py's throwaway certificate

with open(os.environ["LOAD_TARGETS"]) as _targets:
    TARGETS: dict[str, Any] = json.load(_targets)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_staff = itertools.cycle(TARGETS["staff"])
_family = itertools.cycle(TARGETS["family"])
_owners = itertools.cycle(TARGETS["owners"])
LOGINS: dict[str, Any] = {"seconds": [], "failures": [], "all_signed_in_after_s": None}
_started = time.monotonic()
_addresses = (f"10.77.{n // 250}.{n % 250 + 1}" for n in itertools.count())


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""

    def on_start(self) -> None:
        self.client.verify = False
        # Each user at an address of its own, as behind the production proxy (run.py trusts 127.0.0.1): sign-in
        # rate limits count per address, and 50 people rarely sign in from one.
        self.client.headers["X-Forwarded-For"] = next(_addresses)
        started = time.monotonic()
        page = self.client.get("/accounts/login/", name="login form")
        match = CSRF.search(page.text)
        if match is None:
            raise StopUser()
        with self.client.post(
            "/accounts/login/",
            data={"login": self.email, "password": TARGETS["password"], "csrfmiddlewaretoken": match.group(1)},
            headers=self.write_headers("/accounts/login/"),
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
                LOGINS["failures"].append(f"{self.email}: {response.status_code}")
                raise StopUser()
        LOGINS["seconds"].append(round(time.monotonic() - started, 2))
        if len(LOGINS["seconds"]) == self.environment.parsed_options.num_users:
            LOGINS["all_signed_in_after_s"] = round(time.monotonic() - _started, 1)
            self.environment.stats.reset_all()
            gevent.spawn_later(float(os.environ.get("LOAD_SECONDS", "60")), self.environment.runner.quit)

    def write_headers(self, referer_path: str) -> dict[str, str]:
        """What a browser sends with a form post: CSRF's origin check over HTTPS needs Origin or Referer."""
        origin = (self.host or "").rstrip("/")
        return {
            "Origin": origin,
            "Referer": origin + referer_path,
            "X-CSRFToken": self.client.cookies.get("csrftoken") or "",
        }

    def post(self, url: str, name: str, data: dict[str, str], **kwargs: Any) -> None:
        with self.client.post(
            url, data=data, headers=self.write_headers(url) | kwargs.pop("headers", {}), name=name,
            allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code >= 400:
                response.failure(f"{name} answered {response.status_code}")


class Interventionist(Person):
    weight = 6

    def on_start(self) -> None:
        target = next(_staff)
        self.email = target["email"]
        self.cases = target["cases"]
        super().on_start()

    def pick(self, page: str) -> str | None:
        urls = [case[page] for case in self.cases if page in case]
        return random.choice(urls) if urls else None

    @task(4)
    def caseload(self) -> None:
        self.client.get("/cases/", name="caseload")

    @task(6)
    def case(self) -> None:
        if url := self.pick("case"):
            self.client.get(url, name="case page")

    @task(2)
    def plan(self) -> None:
        if url := self.pick("plan"):
            self.client.get(url, name="plan")

    @task(2)
    def aftercare(self) -> None:
        if url := self.pick("aftercare"):
            self.client.get(url, name="aftercare")

    @task(1)
    def note(self) -> None:
        if url := self.pick("note"):
            self.post(url, "note add", {"text": f"Called the family back ({random.randint(1, 10**6)})."})

    @task(3)
    def bare(self) -> None:
        self.client.get("/__bench__/bare/", name="bare view")


class FamilyMember(Person):
    weight = 3

    def on_start(self) -> None:
        target = next(_family)
        self.email = target["email"]
        self.members = target["members"]
        super().on_start()

    @task(2)
    def portal(self) -> None:
        self.client.get("/portal/", name="portal")

    @task(3)
    def member_page(self) -> None:
        if self.members:
            self.client.get(random.choice(self.members)["page"], name="portal case")

    @task(1)
    def tick(self) -> None:
        items = [item for member in self.members for item in member["items"]]
        if items:
            self.post(
                random.choice(items), "checklist tick", {"done": random.choice("01")}, headers={"HX-Request": "true"}
            )


class Owner(Person):
    weight = 1

    def on_start(self) -> None:
        target = next(_owners)
        self.email = target["email"]
        self.pages = target["pages"]
        super().on_start()

    @task(2)
    def practice(self) -> None:
        if url := self.pages.get("practice"):
            self.client.get(url, name="practice")

    @task(1)
    def audit_log(self) -> None:
        if url := self.pages.get("audit log"):
            self.client.get(url, name="audit log")


@events.quitting.add_listener
def _write_logins(environment: Environment, **kwargs: Any) -> None:
    if path := os.environ.get("LOAD_LOGINS"):
        with open(path, "w") as out:
            json.dump(LOGINS, out)
