"""Demo directory: about 60 invented facilities in three regions (central Virginia, Denver, Portland), deterministic.

Names, phones and addresses are invented (555 numbers, example.org sites); places are real ZIP codes so distances
make sense. A second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from facilities import codes as facility_codes
from facilities.models import BedAvailability, Facility, FacilityService, PracticeRelationship
from facilities.vocabulary import CODE_CATEGORY

from .context import SeedContext

REGIONS = [
    ("VA", "434", [("Charlottesville", "22902"), ("Charlottesville", "22903"), ("Waynesboro", "22980"),
                   ("Harrisonburg", "22801"), ("Lynchburg", "24501"), ("Richmond", "23220"), ("Culpeper", "22701")]),
    ("CO", "303", [("Denver", "80203"), ("Denver", "80218"), ("Aurora", "80012"), ("Boulder", "80302"),
                   ("Lakewood", "80226"), ("Golden", "80401"), ("Castle Rock", "80104")]),
    ("OR", "503", [("Portland", "97205"), ("Portland", "97214"), ("Beaverton", "97005"), ("Gresham", "97030"),
                   ("Salem", "97301"), ("Hillsboro", "97123"), ("Oregon City", "97045")]),
]  # fmt: skip
PREFIXES = ["Blue Ridge", "Cedar", "Harbor Light", "Willow", "Summit View", "Riverbend", "Stillwater", "Pinecrest",
            "New Dawn", "Clearwater", "Aspen", "Red Oak", "Lantern", "Meadowbrook", "Northstar", "Keystone",
            "Juniper", "Sandstone", "Hearth", "Evergreen"]  # fmt: skip
KINDS = [
    # (suffix, settings, care types, staff)
    ("Recovery Center", ["RES", "RS", "RD"], ["SA", "DT"], ["PHYS", "MED24", "LICC"]),
    ("Lodge", ["RS", "RL"], ["SA"], ["LICC"]),
    ("Outpatient Clinic", ["OP", "ORT", "OIT"], ["SA", "MH"], ["PSYCH", "LICC"]),
    ("Day Program", ["OP", "ODT", "OIT"], ["SA", "SUMH"], ["PHYS", "PSYCH", "LICC"]),
    ("Hospital Addiction Unit", ["HI", "HIT", "HID"], ["SA", "DT", "SUMH"], ["PHYS", "PSYCH", "MED24"]),
    ("Sober Living", ["RL"], ["HH"], []),
    ("Medication Clinic", ["OP", "OMB", "OD"], ["SA"], ["PHYS"]),
]
PAYMENTS = [
    ["PI", "SF"],
    ["MD", "MC", "SF", "SS"],
    ["PI", "MI", "SF"],
    ["MD", "SI", "SS", "PA"],
    ["PI", "MD", "MC", "SF"],
]
EXTRAS = [["VET", "TRMA"], ["WN", "PW"], ["CO"], ["GL", "TAY"], ["MN", "CJ"], ["SE"], ["CO", "TRMA", "XA"], []]
MEDICATIONS = [["BU", "UB", "BWN"], ["NU", "UN", "VTRL"], ["METH", "OTP", "MOA"], ["ACM", "DSF"], []]
PHILOSOPHIES = ["12STEP", "SMART", "MEDICAL", "HOLISTIC", "FAITH", "HARMRED"]
THERAPIES = ["CBT", "DBT", "EMDR", "TRAUMA", "FAMILY", "EXPER"]


def _codes(rng: random.Random, kind: tuple) -> list[str]:
    _, settings, care, staff = kind
    codes = [*settings, *care, *staff, *rng.choice(PAYMENTS), *rng.choice(EXTRAS), *rng.choice(MEDICATIONS)]
    codes += rng.choice([["ADLT", "YAD"], ["ADLT", "YAD", "SNR"], ["ADLT"]])
    codes += rng.choice([["FEM", "MALE"], ["FEM", "MALE"], ["FEM"], ["MALE"]])
    codes += rng.sample(PHILOSOPHIES, 1) + rng.sample(THERAPIES, rng.randint(1, 3))
    codes += rng.sample(["RURAL", "URBAN", "EXEC"], 1)
    codes += ["SP"] if rng.random() < 0.3 else []
    codes += ["GENDER"] if ("FEM" in codes) != ("MALE" in codes) else []
    return sorted(set(codes))


def _facility(
    rng: random.Random, index: int, state: str, area: str, place: tuple[str, str]
) -> tuple[dict[str, Any], list[str]]:
    kind = KINDS[index % len(KINDS)]
    city, postal_code = place
    name = f"{PREFIXES[index % len(PREFIXES)]} {kind[0]}"
    base = {"VA": (38.03, -78.48), "CO": (39.74, -104.98), "OR": (45.52, -122.68)}[state]
    return {
        "name": name,
        "city": city,
        "state": state,
        "postal_code": postal_code,
        "street1": f"{100 + index * 7} {rng.choice(['Main', 'Oak', 'Market', 'River', 'Park'])} Street",
        "latitude": Decimal(str(round(base[0] + rng.uniform(-0.6, 0.6), 6))),
        "longitude": Decimal(str(round(base[1] + rng.uniform(-0.8, 0.8), 6))),
        "phone": f"{area}-555-{1000 + index:04d}",
        "admissions_phone": f"{area}-555-{2000 + index:04d}",
        "admissions_contact": rng.choice(["Jordan Lee", "Sam Ortiz", "Riley Chen", "Morgan Hale", "Avery Brooks"]),
        "admissions_hours": rng.choice(["24/7", "Mon-Fri 8-6", "Every day 7-9"]),
        "website": f"https://facility-{index}.example.org",
        "stay_min_days": rng.choice([7, 14, 28, 30]),
        "stay_max_days": rng.choice([30, 45, 60, 90]),
        "cost_min": rng.choice([0, 150, 500, 900]),
        "cost_max": rng.choice([1200, 1500, 2500]),
        "cost_unit": Facility.CostUnit.DAY,
        "facility_type": Facility.FacilityType.SA,
        # Most were checked recently; a few are stale so the badge shows.
        "last_verified_at": timezone.now() - timedelta(days=rng.choice([3, 10, 40, 90, 200])),
        "is_archived": index % 29 == 28,
    }, _codes(rng, kind)


def run(ctx: SeedContext) -> None:
    rng = random.Random(20261127)  # noqa: S311
    dana = ctx.users.get("dana")
    index = 0
    created_facilities = []
    for state, area, places in REGIONS:
        for _ in range(20):
            fields, codes = _facility(rng, index, state, area, places[index % len(places)])
            facility, created = Facility.objects.get_or_create(
                external_id=f"demo-{state.lower()}-{index:03d}", defaults={**fields, "last_verified_by": dana}
            )
            index += 1
            if not created:
                continue
            ctx.created += 1
            created_facilities.append(facility)
            FacilityService.objects.bulk_create(
                FacilityService(facility=facility, category=CODE_CATEGORY[code], code=code) for code in codes
            )
            _beds(rng, facility, codes, dana)
    facility_codes.refresh(facility.pk for facility in created_facilities)
    _relationships(ctx)


def _beds(rng: random.Random, facility: Facility, codes: list[str], by: User | None) -> None:
    beds_settings = [code for code in codes if code in ("RES", "RS", "RL", "RD", "HI", "HIT", "HID")]
    for setting in beds_settings[:2]:
        BedAvailability.objects.create(
            facility=facility,
            setting=setting,
            available=rng.choice([0, 1, 2, 3, 5]),
            updated_at=timezone.now() - timedelta(hours=rng.choice([2, 20, 50, 100, 300])),
            updated_by=by,
            method=rng.choice(list(BedAvailability.Method.values)),
        )


def _relationships(ctx: SeedContext) -> None:
    harbor = ctx.organizations.get("harbor")
    if harbor is None:
        return
    for external_id, kind, details in [
        (
            "demo-va-000",
            PracticeRelationship.Kind.REFERRAL_AGREEMENT,
            "Written referral agreement; no fees change hands.",
        ),
        ("demo-va-001", PracticeRelationship.Kind.PAID_CONSULTING, "Olivia Owens consults for the clinical team."),
        ("demo-va-002", PracticeRelationship.Kind.NONE, ""),
    ]:
        facility = Facility.objects.get(external_id=external_id)
        _, created = PracticeRelationship.objects.get_or_create(
            organization=harbor, facility=facility, defaults={"kind": kind, "details": details}
        )
        ctx.created += int(created)
