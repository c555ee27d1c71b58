"""Intervals for the two comparisons every chapter makes: a correlation, and a difference of two estimates.

Chapters report an estimate with its uncertainty and compare two estimates with the
uncertainty of their difference (the course's chapter contract). These two helpers
are shared so that a chapter on regression, one on CPI scores with their standard
errors and one on survey shares all compute an interval the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["InferenceError", "Correlation", "correlation", "Difference", "difference", "bootstrap_interval"]


class InferenceError(ValueError):
    """The input cannot give an interval; the message says why."""


@dataclass(frozen=True)
class Correlation:
    """Pearson's r with a Fisher-z confidence interval and a two-sided p-value."""

    r: float
    ci: tuple[float, float]
    p: float
    n: int
    level: float


def correlation(x, y, level: float = 0.95) -> Correlation:
    """Pearson correlation of paired values, its interval (Fisher's z) and p-value (t test).

    Needs four pairs (the interval's standard error is 1/sqrt(n - 3)) and two columns
    that both vary.
    """
    xs = np.asarray(x, dtype=float).ravel()
    ys = np.asarray(y, dtype=float).ravel()
    if xs.shape != ys.shape:
        raise InferenceError(f"x has {xs.size} values but y has {ys.size}: give them in pairs")
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    if xs.size < 4:
        raise InferenceError(f"{xs.size} complete pair(s): a correlation's interval needs at least 4")
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        raise InferenceError("one of the two variables does not vary, so their correlation is undefined")
    r, p = stats.pearsonr(xs, ys)
    z, se = np.arctanh(r), 1 / np.sqrt(xs.size - 3)
    q = stats.norm.ppf(0.5 + level / 2)
    return Correlation(float(r), (float(np.tanh(z - q * se)), float(np.tanh(z + q * se))), float(p), int(xs.size), level)


@dataclass(frozen=True)
class Difference:
    """``later - earlier`` with the standard error of the difference, its interval and z."""

    estimate: float
    se: float
    ci: tuple[float, float]
    z: float
    level: float

    @property
    def exceeds_uncertainty(self) -> bool:
        """True when the interval of the difference excludes zero."""
        return self.ci[0] > 0 or self.ci[1] < 0


def difference(earlier: float, se_earlier: float, later: float, se_later: float, level: float = 0.95) -> Difference:
    """Difference of two independent estimates with known standard errors.

    The standard error of a difference is sqrt(se1^2 + se2^2): larger than either, which
    is why a change can be smaller than its own uncertainty even when each score looks
    precise.
    """
    for name, se in (("se_earlier", se_earlier), ("se_later", se_later)):
        if not np.isfinite(se) or se < 0:
            raise InferenceError(f"{name} must be a non-negative number, got {se!r}")
    estimate = float(later) - float(earlier)
    se = float(np.hypot(se_earlier, se_later))
    q = float(stats.norm.ppf(0.5 + level / 2))
    z = estimate / se if se > 0 else float("inf") * np.sign(estimate)
    return Difference(estimate, se, (estimate - q * se, estimate + q * se), float(z), level)


def bootstrap_interval(frame, statistic, draws: int = 2000, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic``, resampling the rows with replacement.

    For a quantity with no textbook standard error (a ratio of two slopes, say): refit
    it on ``draws`` samples of the same size drawn from the rows, and take the middle
    ``level`` of the results. Rows are the units (countries), so they must be independent.
    ``statistic`` receives a mapping of column name to NumPy array (so ``f["egdi"]`` works
    as on the DataFrame), which keeps thousands of refits fast.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame) or len(frame) < 4:
        raise InferenceError("bootstrap_interval needs a DataFrame with at least 4 rows")
    columns = {name: frame[name].to_numpy(dtype=float) for name in frame.columns
               if pd.api.types.is_numeric_dtype(frame[name])}
    rng = np.random.default_rng(seed)
    size = len(frame)
    values = np.empty(draws)
    for i in range(draws):
        idx = rng.integers(0, size, size)
        values[i] = statistic({name: column[idx] for name, column in columns.items()})
    values = values[np.isfinite(values)]
    if values.size < draws * 0.9:
        raise InferenceError(f"the statistic could not be computed on {draws - values.size} of {draws} resamples")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)
