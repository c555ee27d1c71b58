"""kzcourse.regression against NumPy and statsmodels, and its errors on bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from kzcourse.data import load
from kzcourse.regression import (
    NormalEquations,
    RegressionError,
    cramer_fit,
    det2,
    fit_summary,
    leave_one_out,
    normal_equations,
)


@pytest.fixture(scope="module")
def paper():
    return load("s000_countries")


def test_det2():
    assert det2([[19, 16.90], [16.90, 15.15]]) == pytest.approx(19 * 15.15 - 16.90**2)


def test_cramer_reproduces_the_paper(paper):
    fit = cramer_fit(paper["egdi_2020"], paper["cpi"])
    assert fit.slope == pytest.approx(207.78, abs=0.005)
    assert fit.intercept == pytest.approx(-115.20, abs=0.005)
    assert fit.d == pytest.approx(2.20, abs=0.005)
    assert fit.d1 == pytest.approx(-253.43, abs=0.005)
    assert fit.d2 == pytest.approx(457.11, abs=0.005)


def test_cramer_matches_numpy_on_random_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    y = 3.0 - 2.0 * x + rng.normal(scale=0.5, size=50)
    fit = cramer_fit(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert fit.slope == pytest.approx(slope, rel=1e-10)
    assert fit.intercept == pytest.approx(intercept, rel=1e-10)


def test_rounded_entries_give_other_determinants(paper):
    eq = normal_equations(paper["egdi_2020"], paper["cpi"]).rounded(2)
    fit = cramer_fit(equations=eq)
    assert fit.d == pytest.approx(2.24, abs=1e-9)
    assert fit.slope == pytest.approx(204.98, abs=0.01)


def test_fit_summary_matches_statsmodels(paper):
    x, y = paper["egdi_2020"], paper["cpi"].astype(float)
    ours = fit_summary(x, y)
    ols = sm.OLS(y, sm.add_constant(x)).fit()
    assert ours.r2 == pytest.approx(0.8256, abs=5e-5)
    assert ours.r2 == pytest.approx(ols.rsquared, rel=1e-10)
    assert ours.se_slope == pytest.approx(ols.bse["egdi_2020"], rel=1e-10)
    assert ours.p_slope == pytest.approx(ols.pvalues["egdi_2020"], rel=1e-6)
    low, high = ols.conf_int().loc["egdi_2020"]
    assert ours.ci_slope == pytest.approx((low, high), rel=1e-10)
    assert ours.r == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-10)
    assert np.allclose(ours.residuals, ols.resid)


def test_negative_slope_gives_negative_r():
    s = fit_summary([1, 2, 3, 4], [8, 6, 5, 1])
    assert s.slope < 0 and s.r < 0 and s.r**2 == pytest.approx(s.r2)


@pytest.mark.parametrize(
    "x, y, message",
    [
        ([1, 2, 3], [1, 2], "x has 3 values but y has 2"),
        ([1.0, np.nan, 3.0], [1, 2, 3], "missing or infinite"),
        ([1.0], [2.0], "needs at least"),
        ([2, 2, 2], [1, 2, 3], "determinant of the normal equations is zero"),
        (["a", "b", "c"], [1, 2, 3], "must be numbers"),
    ],
)
def test_bad_input_is_named(x, y, message):
    with pytest.raises(RegressionError, match=message):
        cramer_fit(x, y) if len(x) < 3 else fit_summary(x, y)


def test_two_points_fit_by_cramer_but_not_summary():
    fit = cramer_fit([0, 1], [1, 3])
    assert (fit.intercept, fit.slope) == (1.0, 2.0)
    with pytest.raises(RegressionError, match="at least 3"):
        fit_summary([0, 1], [1, 3])


def test_equations_from_sums():
    eq = NormalEquations(n=3, sum_x=6, sum_y=12, sum_x2=14, sum_xy=28)  # y = 2x on 1, 2, 3
    fit = cramer_fit(equations=eq)
    assert (fit.intercept, fit.slope) == (0.0, 2.0)


def test_leave_one_out(paper):
    loo = leave_one_out(paper, "egdi_2020", "cpi", "country")
    assert len(loo) == 19
    assert loo.loc[0, "country"] == "Korea"
    assert loo.loc[0, "slope"] == pytest.approx(221.94, abs=0.01)
    with pytest.raises(RegressionError, match="not in the table"):
        leave_one_out(paper, "egdi", "cpi", "country")


def test_prediction_and_mean_intervals_match_statsmodels(paper):
    from kzcourse.regression import fit_summary

    x, y = paper["egdi_2020"].astype(float), paper["cpi"].astype(float)
    fit = fit_summary(x, y)
    model = sm.OLS(y, sm.add_constant(x)).fit()
    frame = model.get_prediction(np.array([[1.0, 0.8375]])).summary_frame(alpha=0.05)
    assert fit.prediction_interval(0.8375) == pytest.approx((frame["obs_ci_lower"][0], frame["obs_ci_upper"][0]))
    assert fit.mean_interval(0.8375) == pytest.approx((frame["mean_ci_lower"][0], frame["mean_ci_upper"][0]))
    assert fit.sigma == pytest.approx(np.sqrt(model.scale))


def test_multiple_fit_robust_errors_and_vif_match_statsmodels():
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    from kzcourse.regression import multiple_fit, variance_inflation

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"a": rng.normal(size=80)})
    frame["b"] = 0.8 * frame["a"] + rng.normal(scale=0.5, size=80)
    frame["y"] = 1 + 2 * frame["a"] - frame["b"] + rng.normal(scale=np.abs(frame["a"]) + 0.2)
    fit = multiple_fit(frame, "y", ["a", "b"], robust=True)
    model = sm.OLS(frame["y"], sm.add_constant(frame[["a", "b"]])).fit(cov_type="HC3")
    assert fit.coef("b") == pytest.approx(model.params["b"]) and fit.cov_type == "HC3"
    assert fit.table.loc["a", "se"] == pytest.approx(model.bse["a"])
    assert fit.ci("a") == pytest.approx(tuple(model.conf_int().loc["a"]))
    exog = sm.add_constant(frame[["a", "b"]]).to_numpy()
    assert variance_inflation(frame, ["a", "b"])["a"] == pytest.approx(variance_inflation_factor(exog, 1))
    assert np.isnan(fit.table.loc["const", "vif"])


def test_multiple_fit_names_its_problems():
    from kzcourse.regression import multiple_fit

    frame = pd.DataFrame({"y": [1.0, 2, 3, 4], "a": [1.0, 1, 1, 1], "b": [1.0, 2, 3, 5]})
    with pytest.raises(RegressionError, match=r"\['a'\] take a single value"):
        multiple_fit(frame, "y", ["a", "b"])
    with pytest.raises(RegressionError, match=r"columns \['gdp'\] are not in the table"):
        multiple_fit(frame, "y", ["gdp"])
    with pytest.raises(RegressionError, match="this needs at least 4"):
        multiple_fit(frame.head(3), "y", ["b", "a"])


def test_subsample_r2_equals_the_fit_of_each_drawn_sample():
    from kzcourse.regression import fit_summary, subsample_r2

    rng = np.random.default_rng(5)
    x = rng.normal(size=40)
    y = x + rng.normal(size=40)
    draws = subsample_r2(x, y, size=10, draws=200, seed=7)
    assert draws.shape == (200,) and ((0 <= draws) & (draws <= 1)).all()
    # The first draw, redone by hand with the same generator.
    first = np.argsort(np.random.default_rng(7).random((200, 40)), axis=1)[0, :10]
    assert draws[0] == pytest.approx(fit_summary(x[first], y[first]).r2)
    assert subsample_r2(x, y, size=40, draws=3, seed=1) == pytest.approx(fit_summary(x, y).r2)
    with pytest.raises(RegressionError, match="between 3 and the 40 points"):
        subsample_r2(x, y, size=41)


def test_subsample_r2_can_keep_a_fixed_core():
    from kzcourse.regression import fit_summary, subsample_r2

    rng = np.random.default_rng(11)
    x = rng.normal(size=30)
    y = x + rng.normal(size=30)
    core = np.zeros(30, dtype=bool)
    core[:10] = True
    draws = subsample_r2(x, y, size=13, draws=50, seed=3, always=core)
    pool = np.arange(10, 30)
    first = pool[np.argsort(np.random.default_rng(3).random((50, 20)), axis=1)[0, :3]]
    chosen = np.r_[np.arange(10), first]
    assert draws[0] == pytest.approx(fit_summary(x[chosen], y[chosen]).r2)
    with pytest.raises(RegressionError, match="leave room for the 10 always included"):
        subsample_r2(x, y, size=9, always=core)
