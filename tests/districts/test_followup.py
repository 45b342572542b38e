"""The follow-up of a target, by hand: the straight path from the baseline to the target, the
latest value against it, the deadline and the trend."""

from __future__ import annotations

import pytest

from samverkan.districts.analysis.followup import judge, worst

T = {"baseline_year": 2020, "baseline_value": 50.0, "target_value": 60.0, "deadline_year": 2030}


def test_ahead_of_the_path_is_on_track() -> None:
    # the path: 50 + 10 * 3/10 = 53 in 2023; 54 is ahead
    fu = judge({2021: 51.0, 2022: 52.5, 2023: 54.0}, direction="up", **T)
    assert fu.status == "on_track" and fu.expected == pytest.approx(53.0)
    text = fu.reason.text()
    assert "54.0 in 2023" in text and "53.0 expected" in text
    # the least-squares line through (2020, 50) … (2023, 54): slope 6.75 / 5 = 1.35 through
    # the means (2021.5, 51.875), so 51.875 + 1.35 * 8.5 = 63.35 in 2030
    assert fu.projected == pytest.approx(63.35)
    assert "at the trend since 2020" in text


def test_short_of_the_path_is_behind_and_past_the_deadline_too() -> None:
    fu = judge({2023: 52.0}, direction="up", **T)
    assert fu.status == "behind" and "short of the path" in fu.reason.text()
    late = judge({2031: 59.0}, direction="up", **T)
    assert late.status == "behind" and "was not reached" in late.reason.text()


def test_reached_and_lower_is_better() -> None:
    assert judge({2024: 61.0}, direction="up", **T).status == "reached"
    down = {
        "baseline_year": 2020,
        "baseline_value": 40.0,
        "target_value": 20.0,
        "deadline_year": 2025,
    }
    assert judge({2021: 35.0}, direction="down", **down).status == "on_track"  # path: 36
    assert judge({2021: 37.0}, direction="down", **down).status == "behind"
    assert judge({2022: 19.0}, direction="down", **down).status == "reached"


def test_no_value_after_the_baseline() -> None:
    fu = judge({2019: 10.0, 2020: 50.0}, direction="up", **T)
    assert fu.status == "no_data" and "2020" in fu.reason.text()


def test_a_goal_takes_its_worst_target() -> None:
    assert worst(["reached", "on_track"]) == "on_track"
    assert worst(["reached", "behind", "no_data"]) == "behind"
    assert worst([]) == "no_data"


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValueError, match="deadline_year"):
        judge(
            {},
            baseline_year=2020,
            baseline_value=1,
            target_value=2,
            deadline_year=2020,
            direction="up",
        )
    with pytest.raises(ValueError, match="direction"):
        judge({}, direction="sideways", **T)
