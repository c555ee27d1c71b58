"""kzcourse.checks: exercise test helpers that name what to fix."""

from __future__ import annotations

import pytest

from kzcourse.checks import close_to_any, is_number, is_pair, require


def test_require_names_every_missing_answer():
    ns = {"require": require, "n": 19}
    exec("require('n')", ns)
    with pytest.raises(AssertionError, match=r"define `sum_x`, `sum_y` first: write it in the answer cell above"):
        exec("require('n', 'sum_x', 'sum_y')", ns)


def test_is_number_says_what_was_found():
    ns = {"is_number": is_number, "a": 1.5, "k": 3, "s": "1.5", "flag": True, "nan": float("nan")}
    exec("is_number('a'); is_number('k', whole=True, low=1)", ns)
    with pytest.raises(AssertionError, match="`s` should be a number \\(float\\); it is str"):
        exec("is_number('s')", ns)
    with pytest.raises(AssertionError, match="`flag` should be a number"):
        exec("is_number('flag')", ns)
    with pytest.raises(AssertionError, match="`a` should be a whole number"):
        exec("is_number('a', whole=True)", ns)
    with pytest.raises(AssertionError, match="a missing value got into the calculation"):
        exec("is_number('nan')", ns)
    with pytest.raises(AssertionError, match=r"`a` = 1.5 lies outside the possible range \[0, 1\]"):
        exec("is_number('a', low=0, high=1)", ns)
    with pytest.raises(AssertionError, match="define `b` first"):
        exec("is_number('b')", ns)


def test_is_pair_wants_low_then_high():
    ns = {"is_pair": is_pair, "ci": (1.0, 2.0), "bad": (2.0, 1.0), "one": 3.0}
    exec("is_pair('ci')", ns)
    with pytest.raises(AssertionError, match="the lower end comes first"):
        exec("is_pair('bad')", ns)
    with pytest.raises(AssertionError, match=r"should be two numbers, \(low, high\); it is 3.0"):
        exec("is_pair('one')", ns)


def test_close_to_any_accepts_the_key_or_the_students_own_value():
    assert close_to_any(207.7777, 207.7777, 1.0)
    assert close_to_any(2.0, 207.78, 2.0000001, rel=1e-6)
    assert not close_to_any(2.1, 207.78, 2.0, rel=1e-6)
    assert not close_to_any("x", 1.0)


def test_own_gives_none_when_earlier_answers_are_missing():
    from kzcourse.checks import own

    assert own(lambda: 2 * 3) == 6
    assert own(lambda: undefined_name * 2) is None  # noqa: F821 - the point of the test
    assert close_to_any(6.0, 7.0, own(lambda: undefined_name)) is False  # noqa: F821
