"""Simple linear regression, by hand (Cramer's rule) and as a summary with inference.

Chapter 3 reproduces a published regression of the Corruption Perceptions Index on
the E-Government Development Index, which its author solved with Cramer's rule. The
functions here do the same arithmetic in the open, so a student can compare every
intermediate number (sums, determinants) with the paper's tables, and then check it
against the least-squares machinery of NumPy and statsmodels.

Bad input (lengths that differ, missing values, fewer points than the fit needs, an
``x`` that does not vary and so gives a zero determinant) raises
:class:`RegressionError` with a message that says what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "RegressionError",
    "NormalEquations",
    "CramerFit",
    "FitSummary",
    "normal_equations",
    "det2",
    "cramer_fit",
    "fit_summary",
    "leave_one_out",
    "MultipleFit",
    "multiple_fit",
    "variance_inflation",
    "subsample_r2",
]


class RegressionError(ValueError):
    """The data cannot be fitted as given; the message says why."""


def _arrays(x, y, *, minimum: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        xs = np.asarray(x, dtype=float).ravel()
        ys = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError) as err:
        raise RegressionError(f"x and y must be numbers: {err}") from None
    if xs.shape != ys.shape:
        raise RegressionError(f"x has {xs.size} values but y has {ys.size}: give one y for each x")
    bad = ~(np.isfinite(xs) & np.isfinite(ys))
    if bad.any():
        where = ", ".join(str(i) for i in np.flatnonzero(bad)[:5])
        raise RegressionError(
            f"{int(bad.sum())} point(s) have a missing or infinite value (positions {where}); "
            "drop them first, e.g. with DataFrame.dropna()"
        )
    if xs.size < minimum:
        raise RegressionError(f"{xs.size} point(s) given; this needs at least {minimum}")
    return xs, ys


def det2(matrix) -> float:
    """Determinant of a 2x2 matrix ``[[a, b], [c, d]]``: ``a*d - b*c``."""
    (a, b), (c, d) = np.asarray(matrix, dtype=float)
    return float(a * d - b * c)


@dataclass(frozen=True)
class NormalEquations:
    """The sums of the normal equations for ``y = a + b x``.

    ``[[n, sum_x], [sum_x, sum_x2]] @ [a, b] = [sum_y, sum_xy]``
    """

    n: int
    sum_x: float
    sum_y: float
    sum_x2: float
    sum_xy: float

    @property
    def matrix(self) -> np.ndarray:
        return np.array([[self.n, self.sum_x], [self.sum_x, self.sum_x2]])

    @property
    def rhs(self) -> np.ndarray:
        return np.array([self.sum_y, self.sum_xy])

    def rounded(self, decimals: int) -> "NormalEquations":
        """The same sums rounded, as a paper prints them (n stays whole)."""
        r = lambda v: round(v, decimals)  # noqa: E731
        return NormalEquations(self.n, r(self.sum_x), r(self.sum_y), r(self.sum_x2), r(self.sum_xy))


def normal_equations(x, y) -> NormalEquations:
    """The five sums a hand calculation starts from (a paper's 'Summary' row)."""
    xs, ys = _arrays(x, y, minimum=2)
    return NormalEquations(
        n=int(xs.size),
        sum_x=float(xs.sum()),
        sum_y=float(ys.sum()),
        sum_x2=float((xs**2).sum()),
        sum_xy=float((xs * ys).sum()),
    )


@dataclass(frozen=True)
class CramerFit:
    """Intercept and slope from Cramer's rule, with every determinant on show.

    ``d`` is the determinant of the coefficient matrix, ``d1`` that matrix with its
    first column replaced by the right-hand side (for the intercept ``a``), ``d2`` with
    its second column replaced (for the slope ``b``).
    """

    equations: NormalEquations
    d: float
    d1: float
    d2: float

    @property
    def intercept(self) -> float:
        return self.d1 / self.d

    @property
    def slope(self) -> float:
        return self.d2 / self.d

    a = intercept
    b = slope


def cramer_fit(x=None, y=None, *, equations: NormalEquations | None = None, tolerance: float = 1e-12) -> CramerFit:
    """Solve the normal equations by Cramer's rule.

    Give the data (``x``, ``y``) or ready sums (``equations=``, e.g. the printed,
    rounded ones of a paper, to see what they imply).
    """
    if equations is None:
        if x is None or y is None:
            raise RegressionError("give x and y, or equations=")
        equations = normal_equations(x, y)
    m, v = equations.matrix, equations.rhs
    d = det2(m)
    scale = max(1.0, abs(m[0, 0] * m[1, 1]))
    if abs(d) <= tolerance * scale:
        raise RegressionError(
            "the determinant of the normal equations is zero: x takes a single value, so no "
            "line through the points is better than another. Use data in which x varies."
        )
    d1 = det2([[v[0], m[0, 1]], [v[1], m[1, 1]]])
    d2 = det2([[m[0, 0], v[0]], [m[1, 0], v[1]]])
    return CramerFit(equations, d, d1, d2)


@dataclass(frozen=True)
class FitSummary:
    """Least-squares fit of ``y = intercept + slope * x`` with the usual inference."""

    n: int
    slope: float
    intercept: float
    r: float
    r2: float
    se_slope: float
    t_slope: float
    p_slope: float
    ci_slope: tuple[float, float]
    level: float
    residuals: np.ndarray = field(repr=False)
    fitted: np.ndarray = field(repr=False)
    sigma: float = 0.0  # residual standard error, sqrt(SSE / (n - 2))
    x_mean: float = 0.0
    sxx: float = 0.0  # sum of squared deviations of x from its mean

    def predict(self, x):
        return self.intercept + self.slope * np.asarray(x, dtype=float)

    def _band(self, x0, level, extra: float) -> tuple[float, float]:
        level = self.level if level is None else level
        q = float(stats.t.ppf(0.5 + level / 2, self.n - 2))
        se = self.sigma * np.sqrt(extra + 1 / self.n + (float(x0) - self.x_mean) ** 2 / self.sxx)
        centre = float(self.predict(x0))
        return (centre - q * se, centre + q * se)

    def mean_interval(self, x0, level: float | None = None) -> tuple[float, float]:
        """Interval for the line itself at ``x0``: where the *average* y of such countries lies."""
        return self._band(x0, level, 0.0)

    def prediction_interval(self, x0, level: float | None = None) -> tuple[float, float]:
        """Interval for *one new* country at ``x0``: the line's uncertainty plus the scatter around it.

        Wider than :meth:`mean_interval` by the residual variance; the right interval
        for asking whether a single country (Kazakhstan, say) is unusually far from the line.
        """
        return self._band(x0, level, 1.0)


def fit_summary(x, y, *, level: float = 0.95) -> FitSummary:
    """Ordinary least squares for one regressor, with r, R2 and a t interval for the slope.

    Needs three points (two would fit exactly and leave no residual variance to
    estimate the slope's standard error from) and an ``x`` that varies.
    """
    xs, ys = _arrays(x, y, minimum=3)
    fit = cramer_fit(xs, ys)
    slope, intercept = fit.slope, fit.intercept
    fitted = intercept + slope * xs
    residuals = ys - fitted
    sxx = float(((xs - xs.mean()) ** 2).sum())
    syy = float(((ys - ys.mean()) ** 2).sum())
    sse = float((residuals**2).sum())
    r2 = 1.0 - sse / syy if syy > 0 else float("nan")
    r = float(np.sign(slope) * np.sqrt(max(r2, 0.0))) if syy > 0 else float("nan")
    dof = xs.size - 2
    se = float(np.sqrt(sse / dof / sxx))
    t = slope / se if se > 0 else float("inf")
    p = float(2 * stats.t.sf(abs(t), dof))
    q = float(stats.t.ppf(0.5 + level / 2, dof))
    return FitSummary(
        n=int(xs.size),
        slope=float(slope),
        intercept=float(intercept),
        r=r,
        r2=float(r2),
        se_slope=se,
        t_slope=float(t),
        p_slope=p,
        ci_slope=(float(slope - q * se), float(slope + q * se)),
        level=level,
        residuals=residuals,
        fitted=fitted,
        sigma=float(np.sqrt(sse / dof)),
        x_mean=float(xs.mean()),
        sxx=sxx,
    )


def leave_one_out(frame: pd.DataFrame, x: str, y: str, label: str) -> pd.DataFrame:
    """Refit without each row in turn: how much does one country move the slope and R2?

    Returns one row per left-out point with the slope, intercept and R2 of the fit
    without it, and their changes from the full fit, largest slope change first.
    """
    missing = [c for c in (x, y, label) if c not in frame.columns]
    if missing:
        raise RegressionError(f"columns {missing} are not in the table (it has {list(frame.columns)})")
    full = fit_summary(frame[x], frame[y])
    rows = []
    for i in range(len(frame)):
        rest = frame.drop(frame.index[i])
        fit = fit_summary(rest[x], rest[y])
        rows.append(
            {
                label: frame[label].iloc[i],
                "slope": fit.slope,
                "intercept": fit.intercept,
                "r2": fit.r2,
                "slope_change": fit.slope - full.slope,
                "r2_change": fit.r2 - full.r2,
            }
        )
    out = pd.DataFrame(rows)
    return out.reindex(out["slope_change"].abs().sort_values(ascending=False).index).reset_index(drop=True)


@dataclass
class MultipleFit:
    """Least squares with several regressors: one row per term, with interval and VIF.

    ``table`` has the columns ``coef``, ``se``, ``ci_low``, ``ci_high``, ``p`` and ``vif``
    (the variance inflation factor of each regressor; NaN for the constant), indexed
    by term. ``cov_type`` says whether the standard errors are the classical ones or
    heteroskedasticity-robust (HC3).
    """

    table: pd.DataFrame
    r2: float
    n: int
    cov_type: str
    level: float

    def coef(self, term: str) -> float:
        return float(self.table.loc[term, "coef"])

    def ci(self, term: str) -> tuple[float, float]:
        return float(self.table.loc[term, "ci_low"]), float(self.table.loc[term, "ci_high"])


def _design(frame: pd.DataFrame, y: str, xs: list[str]) -> pd.DataFrame:
    missing = [c for c in [y, *xs] if c not in frame.columns]
    if missing:
        raise RegressionError(f"columns {missing} are not in the table (it has {list(frame.columns)})")
    data = frame[[y, *xs]].astype(float).dropna()
    if len(data) <= len(xs) + 1:
        raise RegressionError(
            f"{len(data)} complete row(s) for {len(xs)} regressor(s) and a constant: "
            f"this needs at least {len(xs) + 2}"
        )
    constant = [c for c in xs if data[c].nunique() < 2]
    if constant:
        raise RegressionError(f"{constant} take a single value in these rows, so their effect cannot be estimated")
    return data


def variance_inflation(frame: pd.DataFrame, xs: list[str]) -> pd.Series:
    """VIF of each regressor: 1 / (1 - R2 of that regressor on the others).

    A VIF of 1 means a regressor is unrelated to the others; large values (5, 10) mean
    its coefficient's variance is inflated that many times by collinearity, so a small
    or insignificant coefficient may only mean the data cannot tell the regressors apart.
    """
    if len(xs) < 2:
        raise RegressionError("variance inflation needs at least two regressors")
    data = frame[list(xs)].astype(float).dropna()
    out = {}
    for name in xs:
        others = [c for c in xs if c != name]
        design = np.column_stack([np.ones(len(data)), data[others].to_numpy()])
        target = data[name].to_numpy()
        beta, *_ = np.linalg.lstsq(design, target, rcond=None)
        resid = target - design @ beta
        r2 = 1 - (resid @ resid) / ((target - target.mean()) @ (target - target.mean()))
        out[name] = float("inf") if r2 >= 1 else float(1 / (1 - r2))
    return pd.Series(out, name="vif")


def multiple_fit(frame: pd.DataFrame, y: str, xs: list[str], *, robust: bool = False, level: float = 0.95) -> MultipleFit:
    """Regress ``y`` on the columns ``xs`` (rows with a missing value are dropped).

    ``robust=True`` gives HC3 standard errors, which do not assume the scatter around
    the line is the same at every x (it rarely is across countries).
    """
    import statsmodels.api as sm

    data = _design(frame, y, list(xs))
    model = sm.OLS(data[y], sm.add_constant(data[list(xs)])).fit(cov_type="HC3" if robust else "nonrobust")
    ci = model.conf_int(alpha=1 - level)
    table = pd.DataFrame(
        {"coef": model.params, "se": model.bse, "ci_low": ci[0], "ci_high": ci[1], "p": model.pvalues}
    )
    table["vif"] = variance_inflation(data, list(xs)) if len(xs) > 1 else 1.0
    table.loc["const", "vif"] = np.nan
    return MultipleFit(table, float(model.rsquared), int(model.nobs), "HC3" if robust else "classical", level)


def subsample_r2(x, y, size: int, draws: int = 10_000, seed: int = 0, always=None) -> np.ndarray:
    """R2 of the line fitted to ``draws`` random samples of ``size`` points (without replacement).

    The distribution of R2 one would see by picking ``size`` countries at random; a
    published R2 far in its upper tail says the sample was not picked at random.
    ``always`` (a boolean mask) marks points that are in every sample, the rest being
    drawn from the others: samples built like a published one (its fixed core plus a
    random choice for the remainder).
    """
    xs, ys = _arrays(x, y, minimum=3)
    keep = np.zeros(xs.size, dtype=bool) if always is None else np.asarray(always, dtype=bool).ravel()
    if keep.shape != xs.shape:
        raise RegressionError(f"always has {keep.size} values for {xs.size} points")
    pool = np.flatnonzero(~keep)
    fixed = np.flatnonzero(keep)
    free = size - fixed.size
    if not (3 <= size <= xs.size and 0 <= free <= pool.size):
        raise RegressionError(
            f"sample size {size} must be between 3 and the {xs.size} points available, "
            f"and leave room for the {fixed.size} always included (at most {fixed.size + pool.size})"
        )
    rng = np.random.default_rng(seed)
    drawn = pool[np.argsort(rng.random((draws, pool.size)), axis=1)[:, :free]]
    idx = np.hstack([np.broadcast_to(fixed, (draws, fixed.size)), drawn])
    sx, sy = xs[idx], ys[idx]
    sx = sx - sx.mean(axis=1, keepdims=True)
    sy = sy - sy.mean(axis=1, keepdims=True)
    sxy = (sx * sy).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sxy**2 / ((sx**2).sum(axis=1) * (sy**2).sum(axis=1))
