"""kzcourse.inference: a correlation's interval and the difference of two estimates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from kzcourse.inference import InferenceError, correlation, difference


def test_correlation_interval_by_fisher_z():
    rng = np.random.default_rng(1)
    x = rng.normal(size=50)
    y = 0.5 * x + rng.normal(size=50)
    c = correlation(x, y)
    r, p = stats.pearsonr(x, y)
    assert c.r == pytest.approx(r) and c.p == pytest.approx(p) and c.n == 50
    half = 1.959964 / np.sqrt(47)
    assert c.ci == pytest.approx((np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)), abs=1e-6)
    assert c.ci[0] < c.r < c.ci[1]


def test_correlation_drops_incomplete_pairs_and_names_bad_input():
    c = correlation([1, 2, 3, 4, np.nan, 6], [2, 1, 4, 3, 5, 7])
    assert c.n == 5
    with pytest.raises(InferenceError, match="needs at least 4"):
        correlation([1, 2, 3], [1, 2, 3])
    with pytest.raises(InferenceError, match="does not vary"):
        correlation([1, 1, 1, 1], [1, 2, 3, 4])
    with pytest.raises(InferenceError, match="give them in pairs"):
        correlation([1, 2, 3, 4], [1, 2, 3])


def test_difference_of_two_cpi_scores():
    # Kazakhstan's CPI: 34 (se 4.18) in 2019, 38 (se 3.12) in 2020.
    d = difference(34, 4.18, 38, 3.12)
    assert d.estimate == 4 and d.se == pytest.approx(5.216, abs=1e-3)
    assert d.ci == pytest.approx((4 - 1.959964 * d.se, 4 + 1.959964 * d.se), abs=1e-5)
    assert not d.exceeds_uncertainty
    assert difference(30, 1.0, 40, 1.0).exceeds_uncertainty
    with pytest.raises(InferenceError, match="se_later must be a non-negative number"):
        difference(30, 1.0, 40, -1.0)


def test_bootstrap_interval_of_a_mean_matches_its_standard_error():
    import pandas as pd

    from kzcourse.inference import bootstrap_interval

    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"v": rng.normal(10, 2, size=400)})
    low, high = bootstrap_interval(frame, lambda f: f["v"].mean(), draws=1000, seed=1)
    half = 1.96 * frame["v"].std() / np.sqrt(400)
    assert low < frame["v"].mean() < high
    assert (high - low) / 2 == pytest.approx(half, rel=0.15)
    with pytest.raises(InferenceError, match="at least 4 rows"):
        bootstrap_interval(frame.head(3), lambda f: 0.0)
