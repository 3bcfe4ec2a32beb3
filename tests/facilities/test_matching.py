"""Matching: each hard need excludes exactly what it should; soft preferences, beds and distance order the rest."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from facilities.matching import CareNeeds, exclusions, haversine_km, rank
from facilities.services import facilities_import
from tests.factories import BedAvailabilityFactory, FacilityFactory

pytestmark = pytest.mark.django_db

ADULT = ["ADLT", "FEM", "MALE", "PI", "SF"]


def names(matches) -> list[str]:
    return [match.facility.name for match in matches]


def at(lat: str, lon: str) -> dict:
    return {"latitude": Decimal(lat), "longitude": Decimal(lon)}


@pytest.mark.parametrize(
    ("level", "fits", "does_not_fit"),
    [
        ("1", [["ORT"], ["OP"]], [["OIT"], ["RS"]]),
        ("2.1", [["OIT"]], [["ORT"], ["ODT"]]),
        ("2.5", [["ODT"]], [["OIT"]]),
        ("3.1", [["RL"], ["HH"]], [["RS"], ["OP"]]),
        ("3.5", [["RS"], ["RL"], ["RES"]], [["HI"], ["OIT"]]),
        ("3.7", [["RS", "MED24"], ["RES", "MED24"], ["HIT"]], [["RS"], ["RES"], ["RL", "MED24"]]),
        ("4", [["HI"], ["HIT"]], [["RS", "MED24"], ["HID"]]),
    ],
)
def test_level_of_care_follows_the_crosswalk(level, fits, does_not_fit):
    good = [FacilityFactory(name=f"fits {i}", codes=codes) for i, codes in enumerate(fits)]
    FacilityFactory.create_batch(1, name="nothing")
    for i, codes in enumerate(does_not_fit):
        FacilityFactory(name=f"misfit {i}", codes=codes)
    matches = rank(CareNeeds(level_of_care=level))
    assert sorted(names(matches)) == sorted(f.name for f in good)
    assert exclusions(CareNeeds(level_of_care=level))[0].excluded == 1 + len(does_not_fit)


@pytest.mark.parametrize(
    ("level", "fits", "does_not_fit"),
    [
        ("1", [["ORT", "OD"], ["OP", "DT"]], [["ORT", "RD"], ["ORT"]]),
        ("3.5", [["RS", "RD"], ["RES", "HID"], ["RL", "DT"]], [["RS", "OD"], ["RS"], ["OP", "DT"]]),
        ("4", [["HI", "HID"], ["HIT", "DT"]], [["HI", "RD"], ["HI"]]),
        (None, [["OD"], ["RD"], ["HID"], ["DT"]], [["RS"]]),
    ],
)
def test_withdrawal_management_needs_detox_at_the_level(level, fits, does_not_fit):
    good = [FacilityFactory(name=f"fits {i}", codes=codes) for i, codes in enumerate(fits)]
    for i, codes in enumerate(does_not_fit):
        FacilityFactory(name=f"misfit {i}", codes=codes)
    needs = CareNeeds(level_of_care=level, withdrawal_management=True)
    assert sorted(names(rank(needs))) == sorted(f.name for f in good)
    withdrawal = next(e for e in exclusions(needs) if e.key == "withdrawal")
    assert withdrawal.excluded == len(does_not_fit)


@pytest.mark.parametrize(
    ("needs", "fits", "does_not_fit"),
    [
        ({"co_occurring": True}, [["CO"], ["SUMH"]], [["MH"], []]),
        ({"payment": "MD"}, [["MD"]], [["PI"], ["SS"]]),
        ({"age": 16}, [["CHLD"]], [["ADLT"], ["YAD"]]),
        ({"age": 22}, [["YAD"], ["ADLT"]], [["CHLD"], ["SNR"]]),
        ({"age": 70}, [["SNR"], ["ADLT"]], [["YAD"]]),
        ({"sex": "female"}, [["FEM"], ["FEM", "MALE"]], [["MALE"]]),
        ({"populations": {"VET", "TRMA"}}, [["VET", "TRMA"]], [["VET"], ["TRMA"]]),
        ({"language": "SP"}, [["SP"]], [["F28"]]),
        ({"medications": {"BU", "NU"}}, [["BU", "NU"]], [["BU"], ["NXN"]]),
    ],
)
def test_each_hard_need_excludes_exactly_what_it_should(needs, fits, does_not_fit):
    good = [FacilityFactory(name=f"fits {i}", codes=codes) for i, codes in enumerate(fits)]
    for i, codes in enumerate(does_not_fit):
        FacilityFactory(name=f"misfit {i}", codes=codes)
    care = CareNeeds(level_of_care=None, **needs)
    assert sorted(names(rank(care))) == sorted(f.name for f in good)
    counted = exclusions(care)
    assert len(counted) == max(1, len(needs.get("populations", ())), len(needs.get("medications", ())))
    assert sum(e.excluded for e in counted) >= len(does_not_fit)


def test_exclusion_counts_are_per_need_and_independent():
    FacilityFactory(name="right", codes=["RS", "PI", "VET"])
    FacilityFactory(name="wrong payer", codes=["RS", "MD", "VET"])
    FacilityFactory(name="no veterans", codes=["RS", "PI"])
    FacilityFactory(name="outpatient, wrong payer", codes=["OP", "MD", "VET"])
    needs = CareNeeds(level_of_care="3.5", payment="PI", populations={"VET"})
    assert names(rank(needs)) == ["right"]
    assert {e.key: e.excluded for e in exclusions(needs)} == {"level": 1, "payment": 2, "population:VET": 1}


def test_detox_outside_the_level_counts_against_withdrawal_management_on_its_own():
    FacilityFactory(name="residential detox", codes=["RS", "DT"])
    FacilityFactory(name="outpatient detox", codes=["OP", "DT"])  # detox, but not at 3.5
    FacilityFactory(name="residential, no detox", codes=["RS"])
    needs = CareNeeds(level_of_care="3.5", withdrawal_management=True)
    assert names(rank(needs)) == ["residential detox"]
    assert {e.key: e.excluded for e in exclusions(needs)} == {"level": 1, "withdrawal": 2}


def test_distance_limit_excludes_far_and_unplaced_facilities():
    near = FacilityFactory(name="Charlottesville", codes=["RS"], **at("38.03", "-78.48"))
    FacilityFactory(name="Richmond", codes=["RS"], **at("37.54", "-77.44"))  # about 105 km
    FacilityFactory(name="Nowhere", codes=["RS"], latitude=None, longitude=None)
    needs = CareNeeds(level_of_care="3.5", postal_code="22902", max_distance_km=50)
    matches = rank(needs)
    assert [m.facility for m in matches] == [near]
    assert matches[0].distance_km < 5
    assert {e.key: e.excluded for e in exclusions(needs)}["distance"] == 2


def test_sql_distance_agrees_with_python():
    FacilityFactory(name="Richmond", codes=["RS"], **at("37.5407", "-77.4360"))
    match = rank(CareNeeds(level_of_care="3.5", latitude=38.0293, longitude=-78.4767))[0]
    assert match.distance_km == pytest.approx(haversine_km((38.0293, -78.4767), (37.5407, -77.4360)), abs=0.1)
    assert 100 < match.distance_km < 110


def test_archived_facilities_never_appear_nor_count():
    FacilityFactory(name="open", codes=["RS"])
    FacilityFactory(name="closed", codes=["RS"], is_archived=True)
    FacilityFactory(name="closed outpatient", codes=["OP"], is_archived=True)
    assert names(rank(CareNeeds(level_of_care="3.5"))) == ["open"]
    assert names(rank(CareNeeds(level_of_care=None))) == ["open"]
    assert exclusions(CareNeeds(level_of_care="3.5"))[0].excluded == 0


def test_ties_are_broken_by_distance_then_name():
    FacilityFactory(name="A far", codes=["RS"], **at("37.54", "-77.44"))
    FacilityFactory(name="B near", codes=["RS"], **at("38.03", "-78.48"))
    FacilityFactory(name="C middle", codes=["RS"], **at("38.30", "-78.00"))
    FacilityFactory(name="A2 middle", codes=["RS"], **at("38.30", "-78.00"))
    matches = rank(CareNeeds(level_of_care="3.5", postal_code="22902"))
    assert names(matches) == ["B near", "A2 middle", "C middle", "A far"]
    assert len({m.score for m in matches}) == 1


def test_soft_preferences_order_and_explain():
    FacilityFactory(name="both", codes=["RS", "12STEP", "EMDR"], **at("37.54", "-77.44"))
    FacilityFactory(name="one", codes=["RS", "12STEP"], **at("38.03", "-78.48"))
    FacilityFactory(name="none", codes=["RS"], **at("38.03", "-78.48"))
    needs = CareNeeds(level_of_care="3.5", philosophy={"12STEP"}, therapies={"EMDR"}, postal_code="22902")
    best, middle, last = rank(needs)
    assert [best.facility.name, middle.facility.name, last.facility.name] == ["both", "one", "none"]
    assert best.score > middle.score > last.score
    assert "Treatment philosophy: 12-step" in best.reasons and "Specialised therapies: EMDR" in best.reasons
    assert best.misses == []
    assert middle.misses == ["No EMDR"]
    assert last.misses == ["No 12-step", "No EMDR"]
    assert "Fits level 3.5: Short-term residential" in best.reasons


def test_fresh_beds_weigh_more_than_unconfirmed_beds_and_are_explained():
    now = timezone.now()
    fresh = FacilityFactory(name="Z fresh beds", codes=["RS"])
    stale = FacilityFactory(name="Y old figure", codes=["RS"])
    FacilityFactory(name="X no beds", codes=["RS"])
    wrong = FacilityFactory(name="W beds elsewhere", codes=["RS", "OP"])
    BedAvailabilityFactory(facility=fresh, setting="RS", available=2, updated_at=now - timedelta(hours=5))
    BedAvailabilityFactory(facility=stale, setting="RS", available=4, updated_at=now - timedelta(hours=80))
    BedAvailabilityFactory(facility=wrong, setting="OP", available=9, updated_at=now)
    matches = rank(CareNeeds(level_of_care="3.5"))
    assert names(matches) == ["Z fresh beds", "Y old figure", "W beds elsewhere", "X no beds"]
    assert any(r.startswith("2 open beds in Short-term residential, confirmed 5") for r in matches[0].reasons)
    assert any("unconfirmed: last confirmed 3" in r for r in matches[1].reasons)


def test_fresh_detox_beds_rank_above_an_old_zero_count_and_say_so():
    now = timezone.now()
    FacilityFactory(name="A zero beds", codes=["RS", "RD", "MED24"])
    detox = FacilityFactory(name="B detox beds", codes=["RS", "RD", "MED24"])
    hospital = FacilityFactory(name="C hospital detox", codes=["HI", "HID"])
    BedAvailabilityFactory(facility=detox, setting="RD", available=5, updated_at=now - timedelta(hours=2))
    BedAvailabilityFactory(facility=hospital, setting="HID", available=1, updated_at=now - timedelta(hours=1))
    zero = FacilityFactory(name="D nothing open", codes=["RS", "RD", "MED24"])
    BedAvailabilityFactory(facility=zero, setting="RS", available=0, updated_at=now - timedelta(days=12))
    matches = rank(CareNeeds(level_of_care="3.7", withdrawal_management=True))
    assert names(matches)[:1] == ["B detox beds"]
    assert "5 open beds in Residential detoxification, confirmed 2\xa0hours ago" in matches[0].reasons
    assert matches[0].score > 0 and matches[0].score_parts == [(15, matches[0].reasons[-1])]
    level4 = rank(CareNeeds(level_of_care="4", withdrawal_management=True))
    assert names(level4) == ["C hospital detox"]
    assert "1 open bed in Hospital inpatient detoxification, confirmed 1\xa0hour ago" in level4[0].reasons


def test_a_bed_count_heard_a_moment_ago_reads_confirmed_just_now():
    lodge = FacilityFactory(name="A lodge", codes=["RS"])
    BedAvailabilityFactory(facility=lodge, setting="RS", available=2, updated_at=timezone.now() - timedelta(seconds=5))
    matches = rank(CareNeeds(level_of_care="3.5"))
    assert "2 open beds in Short-term residential, confirmed just now" in matches[0].reasons


def test_a_bed_count_older_than_two_weeks_weighs_nothing_and_says_why():
    now = timezone.now()
    old = FacilityFactory(name="A old count", codes=["RS"])
    BedAvailabilityFactory(facility=old, setting="RS", available=3, updated_at=now - timedelta(days=20))
    FacilityFactory(name="B no count", codes=["RS"])
    matches = rank(CareNeeds(level_of_care="3.5"))
    assert [m.score for m in matches] == [0, 0] and matches[0].score_parts == []
    assert any(r.endswith("too old to count") for r in matches[0].reasons)


def test_reasons_name_each_hard_need_met():
    FacilityFactory(name="fit", codes=["RS", "RD", "CO", "PI", "ADLT", "FEM", "VET", "SP", "NU"])
    [match] = rank(
        CareNeeds(
            level_of_care="3.5",
            withdrawal_management=True,
            co_occurring=True,
            payment="PI",
            age=40,
            sex="female",
            populations={"VET"},
            language="SP",
            medications={"NU"},
        )
    )
    assert match.reasons[:9] == [
        "Fits level 3.5: Short-term residential",
        "Withdrawal management: Residential detoxification",
        "Co-occurring capable: Persons with co-occurring mental and substance use disorders",
        "Accepts Private health insurance",
        "Serves age 40: Adults",
        "Serves female clients",
        "Program: Veterans",
        "Language: Spanish",
        "Medication: Naltrexone used in Treatment",
    ]


def test_payment_help_is_a_reason_when_the_payer_is_missing_or_self_pay():
    FacilityFactory(name="sliding", codes=["ORT", "SS", "SF"])
    [match] = rank(CareNeeds(level_of_care="1", payment="SF"))
    assert "Payment help available: Sliding fee scale (fee is based on income and other factors)" in match.reasons


def test_ranking_is_deterministic_and_limited():
    for i in range(30):
        FacilityFactory(name=f"F{i % 7}", codes=["RS"] + (["12STEP"] if i % 3 else []))
    needs = CareNeeds(level_of_care="3.5", philosophy={"12STEP"})
    first = [(m.facility.pk, m.score) for m in rank(needs, limit=20)]
    assert len(first) == 20
    assert first == [(m.facility.pk, m.score) for m in rank(needs, limit=20)]
    scores = [score for _, score in first]
    assert scores == sorted(scores, reverse=True)


def test_needs_reject_unknown_levels_and_sexes():
    with pytest.raises(ValueError, match="level of care"):
        CareNeeds(level_of_care="9")
    with pytest.raises(ValueError, match="sex"):
        CareNeeds(level_of_care=None, sex="other")


def test_matching_the_real_samhsa_sample():
    data = (Path(__file__).resolve().parent.parent / "data" / "findtreatment-sample-2019.json").read_bytes()
    facilities_import(data=data, format="samhsa")
    residential = rank(CareNeeds(level_of_care="3.5", sex="male", postal_code="22902"))
    assert residential[0].facility.name == "Region Ten Community Services Board"  # Mohr Center, RS, men only
    assert all(m.facility.service_codes & {"RS", "RL", "RES"} for m in residential)
    assert not rank(CareNeeds(level_of_care="3.5", sex="female", populations={"MN"}))
    outpatient_medicaid = rank(CareNeeds(level_of_care="2.1", payment="MD", medications={"VTRL"}))
    assert "Addiction Allies LLC" in names(outpatient_medicaid)
