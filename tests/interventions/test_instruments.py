"""Every instrument against the worked examples and rules of ../shared/domain/instruments.md."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions import instruments
from interventions.instruments import INSTRUMENTS, score

# (code, answers, total, band, flags): the worked examples of instruments.md, verbatim.
WORKED_EXAMPLES = [
    ("AUDIT", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "zone_1", set()),
    ("AUDIT", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 12, "zone_2", set()),
    ("AUDIT", [4, 4, 4, 4, 4, 4, 4, 4, 2, 2], 40, "zone_4", {"next_zone_advised"}),
    ("AUDIT", [0, 0, 0, 0, 0, 0, 0, 0, 2, 0], 4, "zone_1", {"next_zone_advised"}),
    ("DAST-10", [1, 1, 0, 1, 1, 1, 1, 1, 1, 1], 10, "severe", set()),
    ("DAST-10", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 0, "none", set()),
    ("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 0], 8, "mild", set()),
    ("PHQ-9", [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, "minimal", {"suicide_risk"}),
    ("GAD-7", [3, 3, 3, 3, 3, 3, 3], 21, "severe", set()),
]


@pytest.mark.parametrize(("code", "answers", "total", "band", "flags"), WORKED_EXAMPLES)
def test_worked_examples_score_as_published(code, answers, total, band, flags):
    result = score(code, answers)
    assert (result.total, result.band, result.flags) == (total, band, flags)


def test_the_definitions_are_consistent():
    assert instruments.check_definitions() == []


def test_every_instrument_of_the_issue_is_defined_with_its_item_count():
    counts = {code: len(instrument.items) for code, instrument in INSTRUMENTS.items()}
    assert counts == {"AUDIT": 10, "DAST-10": 10, "CAGE-AID": 4, "PHQ-9": 9, "GAD-7": 7, "CRAFFT": 6, "PC-PTSD-5": 5}


def test_items_are_entered_word_for_word():
    assert INSTRUMENTS["AUDIT"].items[0].text == "How often do you have a drink containing alcohol?"
    assert INSTRUMENTS["DAST-10"].items[2].text == "Are you always able to stop using drugs when you want to?"
    assert INSTRUMENTS["PHQ-9"].items[8].text == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert [o.label for o in INSTRUMENTS["PHQ-9"].items[0].options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [o.label for o in INSTRUMENTS["AUDIT"].items[9].options] == [
        "No",
        "Yes, but not in the last year",
        "Yes, during the last year",
    ]


def test_loinc_codes_are_stored_where_given():
    assert INSTRUMENTS["PHQ-9"].loinc == "44261-6"
    assert INSTRUMENTS["GAD-7"].loinc == "70274-6"
    assert INSTRUMENTS["AUDIT"].subscores[0].loinc == "75626-2"


# --- AUDIT ---------------------------------------------------------------------------------------------------------


def test_audit_items_9_and_10_score_0_2_4():
    assert score("AUDIT", [0] * 8 + [1, 0]).total == 2
    assert score("AUDIT", [0] * 8 + [0, 2]).total == 4


@pytest.mark.parametrize(
    ("total", "band"), [(7, "zone_1"), (8, "zone_2"), (15, "zone_2"), (16, "zone_3"), (19, "zone_3"), (20, "zone_4")]
)
def test_audit_band_edges(total, band):
    # Items 1-3 only (0-12), then item 7 and 8 to reach the total without raising a flag.
    answers = [0] * 10
    remaining = total
    for index in (0, 1, 2, 6, 7, 3, 4, 5):
        answers[index] = min(4, remaining)
        remaining -= answers[index]
    assert remaining == 0
    assert score("AUDIT", answers).band == band
    assert score("AUDIT", answers).total == total


@pytest.mark.parametrize("item", [4, 5, 6])
def test_audit_items_4_to_6_at_2_or_more_advise_the_next_zone(item):
    answers = [0] * 10
    answers[item - 1] = 1
    assert "next_zone_advised" not in score("AUDIT", answers).flags
    answers[item - 1] = 2
    assert score("AUDIT", answers).flags == {"next_zone_advised"}


@pytest.mark.parametrize("item", [9, 10])
def test_audit_items_9_and_10_in_the_last_year_advise_the_next_zone(item):
    answers = [0] * 10
    answers[item - 1] = 1  # yes, but not in the last year: 2 points, no flag
    assert score("AUDIT", answers).flags == set()
    answers[item - 1] = 2
    assert score("AUDIT", answers).flags == {"next_zone_advised"}


def test_items_1_to_3_and_7_to_8_never_advise_the_next_zone():
    assert score("AUDIT", [4, 4, 4, 0, 0, 0, 4, 4, 0, 0]).flags == set()


def test_audit_c_is_items_1_to_3_and_shown_without_sex():
    result = score("AUDIT", [2, 1, 1, 4, 0, 0, 0, 0, 0, 0])
    assert result.subscores == {"AUDIT-C": 4}
    assert "audit_c_positive" not in result.flags


@pytest.mark.parametrize(
    ("audit_c", "sex", "positive"),
    [(3, "male", False), (4, "male", True), (2, "female", False), (3, "female", True), (12, None, False)],
)
def test_audit_c_cut_points_by_sex(audit_c, sex, positive):
    first = min(4, audit_c)
    answers = [first, audit_c - first if audit_c - first <= 4 else 4, max(0, audit_c - first - 4)] + [0] * 7
    result = score("AUDIT", answers, sex=sex)
    assert result.subscores["AUDIT-C"] == audit_c
    assert ("audit_c_positive" in result.flags) is positive


def test_audit_c_sex_is_read_case_insensitively_and_unknown_sex_sets_no_flag():
    answers = [4, 4, 4] + [0] * 7
    assert "audit_c_positive" in score("AUDIT", answers, sex="Female").flags
    assert "audit_c_positive" in score("AUDIT", answers, sex="M").flags
    assert "audit_c_positive" not in score("AUDIT", answers, sex="unknown").flags


# --- DAST-10 -------------------------------------------------------------------------------------------------------


def test_dast_item_3_is_reverse_scored():
    answers = [0] * 10
    assert score("DAST-10", answers).total == 1  # "No" to "always able to stop" scores
    answers[2] = 1
    assert score("DAST-10", answers).total == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "none"), (1, "low"), (2, "low"), (3, "moderate"), (5, "moderate"), (6, "substantial"), (8, "substantial")]
    + [(9, "severe"), (10, "severe")],
)
def test_dast_band_edges(total, band):
    answers = [1, 1, 0, 1, 1, 1, 1, 1, 1, 1]  # 10
    for index in (0, 1, 3, 4, 5, 6, 7, 8, 9, 2):
        if sum(score("DAST-10", answers).points) == total:
            break
        answers[index] = 1 - answers[index]
    result = score("DAST-10", answers)
    assert (result.total, result.band) == (total, band)


# --- CAGE-AID, PHQ-9, GAD-7 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "band"), [(0, "negative"), (1, "at_risk"), (2, "positive"), (4, "positive")])
def test_cage_aid_bands(yes, band):
    result = score("CAGE-AID", [1] * yes + [0] * (4 - yes))
    assert (result.total, result.band) == (yes, band)


def spread(total: int, count: int, top: int) -> list[int]:
    """Answers of `count` items scored 0..top that add up to `total`, filling from the first item."""
    answers = []
    for _ in range(count):
        answers.append(min(top, total))
        total -= answers[-1]
    assert total == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "moderately_severe")]
    + [(19, "moderately_severe"), (20, "severe"), (24, "severe")],
)
def test_phq9_band_edges(total, band):
    answers = spread(total, 8, 3) + [0]  # item 9 at 0: no flag
    result = score("PHQ-9", answers)
    assert (result.total, result.band, result.flags) == (total, band, set())


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item_9_above_0_flags_suicide_risk_whatever_the_total(item9):
    assert score("PHQ-9", [3] * 8 + [item9]).flags == {"suicide_risk"}
    assert score("PHQ-9", [0] * 8 + [item9]).flags == {"suicide_risk"}


def test_phq9_difficulty_question_is_stored_apart_from_the_total():
    phq9 = INSTRUMENTS["PHQ-9"]
    assert phq9.validate_extras({"difficulty": 3}) == {"difficulty": 3}
    with pytest.raises(ValueError, match="difficulty"):
        phq9.validate_extras({"difficulty": 4})
    assert len(score("PHQ-9", [0] * 9).points) == 9


@pytest.mark.parametrize(
    ("total", "band"), [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe")]
)
def test_gad7_band_edges(total, band):
    result = score("GAD-7", spread(total, 7, 3))
    assert (result.total, result.band) == (total, band)


# --- CRAFFT, PC-PTSD-5 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "band"), [(0, "lower_risk"), (1, "lower_risk"), (2, "high_risk"), (6, "high_risk")])
def test_crafft_bands_on_the_six_part_b_answers(yes, band):
    answers = [0] + [1] * yes + [0] * (5 - yes) if yes < 6 else [1] * 6
    result = score("CRAFFT", answers)
    assert (result.total, result.band) == (yes, band)


def test_crafft_car_question_flags_car_risk_whatever_the_total():
    assert score("CRAFFT", [1, 0, 0, 0, 0, 0]).flags == {"car_risk"}
    assert score("CRAFFT", [1, 0, 0, 0, 0, 0]).band == "lower_risk"
    assert score("CRAFFT", [0, 1, 1, 1, 1, 1]).flags == set()


def test_crafft_part_a_day_counts_are_stored_and_checked():
    crafft = INSTRUMENTS["CRAFFT"]
    assert crafft.max_age == 21
    assert crafft.validate_extras({"alcohol_days": 12, "marijuana_days": 0, "other_days": 0}) == {
        "alcohol_days": 12,
        "marijuana_days": 0,
        "other_days": 0,
    }
    with pytest.raises(ValueError, match="other_days"):
        crafft.validate_extras({"other_days": -1})
    with pytest.raises(ValueError, match="unknown"):
        crafft.validate_extras({"tobacco_days": 3})


def test_pc_ptsd5_gate_no_ends_the_screen_at_0():
    result = score("PC-PTSD-5", [0])
    assert (result.total, result.band, result.flags) == (0, "negative", set())


@pytest.mark.parametrize(("yes", "band"), [(0, "negative"), (2, "negative"), (3, "positive"), (5, "positive")])
def test_pc_ptsd5_gate_yes_scores_the_five_items_with_cut_point_3(yes, band):
    result = score("PC-PTSD-5", [1] + [1] * yes + [0] * (5 - yes))
    assert (result.total, result.band) == (yes, band)


def test_pc_ptsd5_answers_must_match_the_gate():
    with pytest.raises(ValueError, match="gate question answered Yes"):
        score("PC-PTSD-5", [1])
    with pytest.raises(ValueError, match="gate question answered No"):
        score("PC-PTSD-5", [0, 1, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="gate question"):
        score("PC-PTSD-5", [])
    with pytest.raises(ValueError, match="gate question"):
        score("PC-PTSD-5", [2])


# --- wrong input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["AUDIT", "DAST-10", "CAGE-AID", "PHQ-9", "GAD-7", "CRAFFT"])
def test_wrong_length_is_refused(code):
    count = len(INSTRUMENTS[code].items)
    for answers in ([0] * (count - 1), [0] * (count + 1), []):
        with pytest.raises(ValueError, match=f"expected {count} answers"):
            score(code, answers)


@pytest.mark.parametrize(
    ("code", "answers", "item"),
    [
        ("AUDIT", [0] * 8 + [3, 0], "AUDIT item 9"),
        ("AUDIT", [5] + [0] * 9, "AUDIT item 1"),
        ("DAST-10", [0, 0, 2] + [0] * 7, "DAST-10 item 3"),
        ("PHQ-9", [0] * 8 + [4], "PHQ-9 item 9"),
        ("GAD-7", [0, -1, 0, 0, 0, 0, 0], "GAD-7 item 2"),
        ("CRAFFT", [0, 0, 0, 0, 0, 2], "CRAFFT item 6"),
        ("PC-PTSD-5", [1, 0, 0, 0, 0, 2], "PC-PTSD-5 item 5"),
        ("CAGE-AID", [0, True, 0, 0], "CAGE-AID item 2"),
        ("CAGE-AID", [0, 0, "1", 0], "CAGE-AID item 3"),
    ],
)
def test_out_of_range_answer_is_refused_naming_the_item(code, answers, item):
    with pytest.raises(ValueError, match=item):
        score(code, answers)


def test_unknown_instrument_and_non_list_answers_are_refused():
    with pytest.raises(ValueError, match="unknown instrument"):
        score("MAST", [0])
    with pytest.raises(ValueError, match="list"):
        score("CAGE-AID", "0000")


# --- properties ----------------------------------------------------------------------------------------------------


@st.composite
def valid_answers(draw):
    instrument = draw(st.sampled_from(list(INSTRUMENTS.values())))
    answers = [draw(st.integers(0, len(item.options) - 1)) for item in instrument.items]
    if instrument.gate is not None:
        gate = draw(st.integers(0, 1))
        answers = [0] if gate == 0 else [1, *answers]
    return instrument, answers


@given(valid_answers(), st.sampled_from([None, "male", "female"]))
def test_totals_stay_in_range_and_every_total_has_a_band(case, sex):
    instrument, answers = case
    result = score(instrument.code, answers, sex=sex)
    assert instrument.min_total <= result.total <= instrument.max_total
    assert result.total == sum(result.points)
    band = instrument.band(result.band)
    assert band.low <= result.total <= band.high
    known_flags = {rule.key for rule in instrument.flags} | {sub.flag for sub in instrument.subscores}
    assert result.flags <= known_flags
    if sex is None:
        assert "audit_c_positive" not in result.flags


@given(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4))
def test_audit_c_stays_within_0_to_12(first, second, third):
    result = score("AUDIT", [first, second, third] + [0] * 7)
    assert result.subscores["AUDIT-C"] == first + second + third
    assert 0 <= result.subscores["AUDIT-C"] <= 12


def test_every_unscored_question_has_a_short_label_for_result_pages():
    assert all(question.short for instrument in INSTRUMENTS.values() for question in instrument.extras)
