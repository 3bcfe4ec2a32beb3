"""The level-of-care suggestion against ../shared/domain/asam.md."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.asam import FLOORS, LEVELS, level_rank, suggest_level


def ratings(d1=0, d2=0, d3=0, d4=0, d5=0, d6=0) -> dict[int, int]:
    return {1: d1, 2: d2, 3: d3, 4: d4, 5: d5, 6: d6}


def test_all_zeros_suggests_early_intervention():
    suggestion = suggest_level(ratings())
    assert suggestion.level == "0.5"
    assert not suggestion.withdrawal_management
    assert not suggestion.co_occurring


def test_worked_example_intensive_outpatient_with_withdrawal_management():
    suggestion = suggest_level({1: 2, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1})
    assert suggestion.level == "2.1"
    assert suggestion.withdrawal_management is True
    assert suggestion.co_occurring is False
    assert any(reason.startswith("Dimension 1 rated 2") for reason in suggestion.reasons)
    assert any(reason.startswith("Dimension 5 rated 2") for reason in suggestion.reasons)


def test_worked_example_escalation_to_3_5_with_co_occurring_capability():
    suggestion = suggest_level({1: 0, 2: 0, 3: 2, 4: 3, 5: 3, 6: 2})
    assert suggestion.level == "3.5"
    assert suggestion.escalated
    assert suggestion.co_occurring is True
    assert suggestion.withdrawal_management is False
    assert suggestion.reasons[0].startswith("Escalation: dimensions 4 (3) and 5 (3)")


@pytest.mark.parametrize("others", [0, 1, 2])
def test_dimension_1_rated_3_suggests_at_least_3_7(others):
    suggestion = suggest_level({1: 3, 2: others, 3: others, 4: others, 5: others, 6: others})
    assert level_rank(suggestion.level) >= level_rank("3.7")
    assert suggestion.withdrawal_management
    assert suggestion.reasons[0] == (
        "Dimension 1 rated 3 (high withdrawal risk): at least 3.7, medically monitored intensive inpatient"
    )


@pytest.mark.parametrize("dimension", range(1, 7))
@pytest.mark.parametrize("rating", range(5))
def test_each_dimension_alone_gives_its_floor(dimension, rating):
    suggestion = suggest_level({**ratings(), dimension: rating})
    assert suggestion.level == FLOORS[dimension][rating]


def test_floors_table_is_asam_md():
    assert FLOORS == {
        1: ("0.5", "1", "2.1", "3.7", "4"),
        2: ("0.5", "1", "2.1", "3.7", "4"),
        3: ("0.5", "1", "2.1", "3.7", "4"),
        4: ("0.5", "1", "1", "2.1", "2.5"),
        5: ("0.5", "1", "2.1", "2.5", "3.5"),
        6: ("0.5", "1", "2.1", "3.1", "3.5"),
    }
    assert list(LEVELS) == ["0.5", "1", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "4"]


@pytest.mark.parametrize(("d4", "d5", "d6"), [(3, 3, 0), (3, 0, 3), (0, 3, 3), (4, 4, 4)])
def test_two_of_dimensions_4_5_6_at_3_or_more_escalate_to_3_5(d4, d5, d6):
    suggestion = suggest_level(ratings(d4=d4, d5=d5, d6=d6))
    assert suggestion.level == "3.5"
    assert any(reason.startswith("Escalation") for reason in suggestion.reasons)


def test_one_of_dimensions_4_5_6_at_3_does_not_escalate():
    suggestion = suggest_level(ratings(d4=3, d5=2, d6=2))
    assert suggestion.level == "2.1"
    assert not suggestion.escalated


def test_escalation_does_not_lower_a_higher_floor_and_is_not_a_reason_then():
    suggestion = suggest_level(ratings(d2=4, d4=3, d5=3))
    assert suggestion.level == "4"
    assert suggestion.escalated
    assert not any(reason.startswith("Escalation") for reason in suggestion.reasons)
    assert suggestion.reasons == [
        "Dimension 2 rated 4 (very high biomedical risk): at least 4, medically managed intensive inpatient"
    ]


@pytest.mark.parametrize(("d1", "expected"), [(0, False), (1, False), (2, True), (3, True), (4, True)])
def test_withdrawal_management_from_dimension_1_at_2(d1, expected):
    assert suggest_level(ratings(d1=d1)).withdrawal_management is expected


@pytest.mark.parametrize(("d3", "expected"), [(0, False), (1, False), (2, True), (3, True), (4, True)])
def test_co_occurring_from_dimension_3_at_2(d3, expected):
    assert suggest_level(ratings(d3=d3)).co_occurring is expected


def test_reasons_name_only_the_deciding_dimensions():
    suggestion = suggest_level(ratings(d1=1, d2=2, d3=3, d5=3))
    assert suggestion.level == "3.7"
    assert [r for r in suggestion.reasons if r.startswith("Dimension 3 rated 3")]
    assert not [r for r in suggestion.reasons if r.startswith(("Dimension 2 rated", "Dimension 5 rated"))]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({1: 0, 2: 0, 3: 0, 4: 0, 5: 0}, "6 not rated"),
        ({**ratings(), 7: 0}, "unknown ASAM dimension"),
        ({**ratings(), 0: 0}, "unknown ASAM dimension"),
        (ratings(d3=5), "dimension 3: rating 5"),
        (ratings(d2=-1), "dimension 2: rating -1"),
        ({**ratings(), 4: "2"}, "dimension 4"),
        ({**ratings(), 5: True}, "dimension 5"),
        ([0, 0, 0, 0, 0, 0], "mapping"),
    ],
)
def test_bad_ratings_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        suggest_level(bad)


def test_unknown_level_code_is_refused():
    with pytest.raises(ValueError, match="unknown level"):
        level_rank("3.2")


six_ratings = st.fixed_dictionaries({dimension: st.integers(0, 4) for dimension in range(1, 7)})


@given(six_ratings, st.integers(1, 6), st.integers(1, 4))
def test_raising_any_single_rating_never_lowers_the_suggestion(before, dimension, step):
    after = {**before, dimension: min(4, before[dimension] + step)}
    low, high = suggest_level(before), suggest_level(after)
    assert level_rank(high.level) >= level_rank(low.level)
    assert high.withdrawal_management >= low.withdrawal_management
    assert high.co_occurring >= low.co_occurring


@given(six_ratings)
def test_the_suggestion_is_always_explained(values):
    suggestion = suggest_level(values)
    assert suggestion.level in LEVELS
    assert suggestion.reasons
    assert all(suggestion.level in reason for reason in suggestion.reasons[:1])
