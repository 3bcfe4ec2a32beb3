"""`make bench` figure of the facility scorecards: `scorecard_ms`, the matches page with a card beside each of its
20 facilities, against `matches_plain_ms`, the same page with the scorecard lines taken out of its template
(issue 18's budget: `scorecard_ratio` within 1.3).

A practice of 10,000 cases (2,000 with --quick) has sent 15,000 referrals, each with its status history, over a
directory of 2,000 facilities; a third went to the 20 facilities the case matches, and admitted ones have a stay.
Both pages are measured through the same cached template loader, so they differ only by the cards.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import Membership, Organization, User
from aftercare.models import Episode
from facilities.matching import rank
from facilities.models import Facility
from facilities.services import facilities_import
from interventions.care_needs import care_needs_for
from interventions.models import Case, Referral, ReferralStatus, ReferralStatusChange

from .context import BenchContext
from .directory import _row

S = ReferralStatus
TEMPLATE = "interventions/case_matches.html"
# What the matches page adds for the cards: the library, the tag and the include.
CARD_LINES = re.compile(r"^.*\{% (scorecards_for|with card=).*\n", re.MULTILINE)
# (final status, the statuses it passed through): a realistic spread of answers.
PATHS = [
    (S.SENT, []),
    (S.DECLINED, [S.UNDER_REVIEW, S.DECLINED]),
    (S.WITHDRAWN, [S.WAITLISTED, S.WITHDRAWN]),
    (S.ACCEPTED, [S.ACCEPTED]),
    (S.ADMITTED, [S.UNDER_REVIEW, S.ACCEPTED, S.ADMITTED]),
    (S.ADMITTED, [S.ACCEPTED, S.ADMITTED]),
]


def _templates(overrides: dict[str, str]) -> list[dict[str, Any]]:
    """The project's template settings behind one cached loader, with `overrides` (locmem) in front."""
    engine: dict[str, Any] = {**settings.TEMPLATES[0], "APP_DIRS": False}
    loaders: list[Any] = [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    if overrides:
        loaders.insert(0, ("django.template.loaders.locmem.Loader", overrides))
    options: dict[str, Any] = dict(engine["OPTIONS"])
    engine["OPTIONS"] = {**options, "loaders": [("django.template.loaders.cached.Loader", loaders)]}
    return [engine]


def _plain_matches_template() -> str:
    source = (settings.BASE_DIR / "templates" / TEMPLATE).read_text()
    plain = CARD_LINES.sub("", source).replace(" scorecards %}", " %}", 1)
    if "scorecard" in plain:
        raise RuntimeError("bench could not take the scorecard out of the matches template")
    return plain


def _history(practice: Organization, lead: User, shown: list[int], others: list[int], cases: int) -> None:
    rng = random.Random(18)  # noqa: S311
    now = timezone.now()
    made = Case.objects.bulk_create(
        Case(
            organization=practice,
            lead=lead,
            created_by=lead,
            first_name=f"Person{index}",
            last_name=f"Scorecard{index % 991}",
            date_of_birth=dt.date(1980, 1 + index % 12, 1 + index % 28),
            postal_code="22902",
            payer="PI",
        )
        for index in range(cases)
    )
    referrals, paths = [], []
    for case in made:
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            final, path = rng.choice(PATHS)
            sent = now - dt.timedelta(days=rng.uniform(1, 700))
            facility = rng.choice(shown) if rng.random() < 0.33 else rng.choice(others)
            referrals.append(Referral(case=case, facility_id=facility, status=final, created_by=lead, created_at=sent))
            paths.append((sent, path))
    Referral.objects.bulk_create(referrals, batch_size=2000)
    changes, stays = [], {}
    for referral, (sent, path) in zip(referrals, paths, strict=True):
        at, previous = sent, ""
        for status in [S.SENT, *path]:
            changes.append(
                ReferralStatusChange(referral=referral, from_status=previous, to_status=status, by=lead, at=at)
            )
            previous, at = status, at + dt.timedelta(hours=rng.uniform(1, 72))
        if referral.status == S.ADMITTED and at < now:
            days = rng.choice([None, 5, 20, 45, 120])
            out = at + dt.timedelta(days=days) if days else None
            kind = rng.choice(list(Episode.DischargeType.values)) if out and out < now else ""
            stays[(referral.case_id, at)] = Episode(
                case_id=referral.case_id,
                admitted_at=at,
                discharged_at=out if out and out < now else None,
                discharge_type=kind,
            )
    ReferralStatusChange.objects.bulk_create(changes, batch_size=5000)
    Episode.objects.bulk_create(stays.values(), batch_size=2000)


def scorecards(ctx: BenchContext) -> dict[str, float | int]:
    """`scorecard_ms` (matches page with 20 cards), `matches_plain_ms` (the same page without them),
    `scorecard_ratio` (budget 1.3) and the query counts of both."""
    rng = random.Random(5)  # noqa: S311
    size, cases = (2_000, 2_000) if ctx.quick else (2_000, 10_000)
    data = json.dumps({"rows": [_row(rng, 900_000 + i) for i in range(size)]}).encode()
    report = facilities_import(data=data, format="samhsa")
    if not report.ok:
        raise RuntimeError(f"bench import failed: {report.errors[:3]}")
    practice = Organization.objects.create(name="Scorecard practice")
    alice = User.objects.create_user("bench-scorecard@example.org", "bench-password-1")
    Membership.objects.create(user=alice, organization=practice, role=Membership.Role.INTERVENTIONIST)
    case = Case.objects.create(
        organization=practice,
        lead=alice,
        created_by=alice,
        first_name="Daniel",
        last_name="Whitaker",
        sex="male",
        payer="PI",
        postal_code="22902",
        date_of_birth=dt.date(1985, 5, 5),
    )
    needs = care_needs_for(case)
    shown = [match.facility.pk for match in rank(needs)]
    if len(shown) != 20:
        raise RuntimeError(f"bench matching found {len(shown)} facilities")
    others = list(Facility.objects.exclude(pk__in=shown).values_list("pk", flat=True))
    ctx.log(f"seeding {cases} cases of referral history")
    _history(practice, alice, shown, others, cases)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(alice)
    url = f"/cases/{case.pk}/matches/"
    results: dict[str, float | int] = {}
    for name, overrides in (("matches_plain", {TEMPLATE: _plain_matches_template()}), ("scorecard", {})):
        with override_settings(TEMPLATES=_templates(overrides)):
            fetch = ctx.get_ok(url, client)
            page = fetch().content.decode()  # type: ignore[attr-defined]
            if (page.count("Our referrals:") == 20) != (name == "scorecard"):
                raise RuntimeError(f"bench {name} page shows {page.count('Our referrals:')} cards")
            results[f"{name}_ms"] = ctx.median_ms(fetch, repeat=21, warmup=3)
            results[f"{name}_queries"] = ctx.count_queries(fetch)
    results["scorecard_ratio"] = round(results["scorecard_ms"] / results["matches_plain_ms"], 2)
    results["scorecard_referrals"] = Referral.objects.filter(case__organization=practice).count()
    return results
