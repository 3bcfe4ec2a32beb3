"""What the load run's users visit: per demo login, the pages that answer them, as JSON (`python -m loadtest.targets`).

Each candidate page is asked once through Django's test client (over "HTTPS", as the server sees it) and kept only if
it answers 200 (a note only where posting one is allowed): the load then measures pages, not refusals. Run against the
load database, after seed_demo.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import django

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User


def client_for(user: User) -> Client:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def answers(client: Client, url: str) -> bool:
    return client.get(url, secure=True).status_code == 200


def staff_targets(email: str) -> dict[str, Any]:
    from django.urls import reverse

    from accounts.models import User
    from interventions.queries import caseload_for

    user = User.objects.get(email=email)
    client = client_for(user)
    cases = []
    for case in caseload_for(user).order_by("pk"):
        pages = {
            "case": reverse("interventions:case-detail", args=[case.pk]),
            "plan": reverse("interventions:plan-detail", args=[case.pk]),
            "aftercare": reverse("aftercare:case-aftercare", args=[case.pk]),
        }
        found = {name: url for name, url in pages.items() if answers(client, url)}
        if "case" not in found:
            continue
        note_url = reverse("interventions:note-add", args=[case.pk])
        if client.post(note_url, {"text": "Load run: can notes be added here?"}, secure=True).status_code == 302:
            found["note"] = note_url
        cases.append(found)
    return {"email": email, "cases": cases}


def family_targets(email: str) -> dict[str, Any]:
    from django.urls import reverse

    from accounts.models import User
    from families.models import ChecklistItem, FamilyMember

    user = User.objects.get(email=email)
    client = client_for(user)
    members = []
    for member in FamilyMember.objects.filter(user=user).order_by("pk"):
        url = reverse("families:portal-member", args=[member.pk])
        if answers(client, url):
            items = ChecklistItem.objects.filter(checklist__member=member).order_by("pk")
            toggles = [reverse("families:portal-item-toggle", args=[member.pk, item.pk]) for item in items]
            members.append({"page": url, "items": toggles})
    return {"email": email, "members": members}


def owner_targets() -> list[dict[str, Any]]:
    from django.urls import reverse

    from accounts.models import Membership

    owners = []
    for membership in Membership.objects.filter(role=Membership.Role.OWNER).select_related("user").order_by("pk"):
        client = client_for(membership.user)
        pages = {
            "practice": reverse("accounts:organization-detail", args=[membership.organization_id]),
            "audit log": reverse("accounts:audit-log", args=[membership.organization_id]),
        }
        found = {name: url for name, url in pages.items() if answers(client, url)}
        owners.append({"email": membership.user.email, "pages": found})
    return owners


def collect() -> dict[str, Any]:
    from demo.context import DEMO_PASSWORD

    return {
        "password": DEMO_PASSWORD,
        "staff": [staff_targets(email) for email in ("alice@harbor.example", "bob@harbor.example")],
        "family": [family_targets("carol@family.example")],
        "owners": owner_targets(),
    }


if __name__ == "__main__":
    django.setup()
    with open(sys.argv[1], "w") as out:
        json.dump(collect(), out, indent=2)
