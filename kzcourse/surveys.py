"""Opinion surveys (Chapter 5): how sure a printed share can be, and whether it can be true.

Survey figures about bribery reach a reader as bare percentages: "29% paid a bribe",
"over 80 percent do not give bribes", "fell by 8.6%". This module gives the tools a
careful reader needs without the raw data:

* **Uncertainty of a share** from its sample size: the normal (Wald) margin of error,
  the Wilson score interval and the exact Clopper-Pearson interval, widened by a
  design effect when the sample was drawn in clusters (:func:`normal_margin`,
  :func:`wilson_interval`, :func:`exact_interval`, :func:`design_effect`,
  :func:`effective_sample_size`; all three at once with :func:`interval_table`).
* **Change between two waves**: the interval of a difference of two independent
  shares, so that a change can be set against its own uncertainty
  (:func:`difference_interval`).
* **Consistency checks** on printed figures: whether a percentage can come from a
  whole number of respondents (:func:`granularity`), whether the shares of one
  question add up (:func:`sum_check`), whether a total follows from its subgroups
  (:func:`pool_shares`, :func:`pooling_check`), whether words such as "most",
  "a third", "doubled" match the numbers (:func:`check_quantifier`), and whether a
  printed range covers the values (:func:`range_check`).

Every function takes plain numbers (a share in percent, a sample size, a design
effect), so that a widget can call it with what a reader types. Bad input raises
:class:`SurveyError` with a one-line message naming the problem.

The last part shapes the chapter's tables from the data package
(:func:`survey_register`, :func:`wave_changes`, :func:`official_vs_surveys`,
:func:`granularity_sweep`, :func:`claim_checks`, :func:`appeals_reconciliation`,
:func:`appeals_ratios`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "SurveyError",
    "Interval",
    "DifferenceInterval",
    "Granularity",
    "ShareSum",
    "PoolingCheck",
    "QuantifierCheck",
    "RangeCheck",
    "z_value",
    "normal_margin",
    "normal_interval",
    "wilson_interval",
    "exact_interval",
    "clopper_pearson",
    "interval_table",
    "design_effect",
    "effective_sample_size",
    "difference_interval",
    "relative_change",
    "design_effect_to_cover",
    "design_effect_to_erase",
    "printed_decimals",
    "half_unit",
    "rounds_to",
    "granularity",
    "possible_bases",
    "sum_check",
    "pool_shares",
    "pooled_range",
    "pooling_check",
    "MixBounds",
    "mix_bounds",
    "nearest_fraction",
    "check_quantifier",
    "range_check",
    "QUANTIFIERS",
    "SURVEY_NAMES",
    "survey_name",
    "QUESTION_LABELS",
    "question_label",
    "survey_register",
    "wave_changes",
    "official_vs_surveys",
    "granularity_sweep",
    "sum_sweep",
    "pooling_sweep",
    "settlement_mix",
    "claim_checks",
    "appeals_reconciliation",
    "appeals_ratios",
    "appeals_claim_checks",
]


class SurveyError(ValueError):
    """The numbers given cannot describe a survey share; the message says why."""


# =========================================================================== validation
def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.integer, np.floating)):
        raise SurveyError(f"{name} must be a number; got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise SurveyError(f"{name} must be a finite number; got {value}")
    return value


def _share(value, name: str = "share") -> float:
    value = _number(value, name)
    if not 0 <= value <= 100:
        raise SurveyError(f"{name} must be a percentage between 0 and 100; got {value:g}")
    return value


def _n(value, name: str = "n") -> int:
    value = _number(value, name)
    if value != int(value):
        raise SurveyError(f"{name} must be a whole number of respondents; got {value:g}")
    if value < 1:
        raise SurveyError(f"{name} must be at least 1 respondent; got {value:g}")
    return int(value)


def _k(k, n: int) -> int:
    k = _number(k, "k")
    if k != int(k) or k < 0:
        raise SurveyError(f"k must be a whole number of respondents, 0 or more; got {k:g}")
    if k > n:
        raise SurveyError(f"k = {int(k)} respondents is more than the sample size n = {n}")
    return int(k)


def _deff(value) -> float:
    value = _number(value, "design effect")
    if value < 1:
        raise SurveyError(
            f"design effect must be at least 1 (1 = simple random sample); got {value:g}"
        )
    return value


def _confidence(value) -> float:
    value = _number(value, "confidence")
    if not 0 < value < 1:
        raise SurveyError(f"confidence must be between 0 and 1 (e.g. 0.95); got {value:g}")
    return value


def _shares(values, name: str = "shares") -> list[float]:
    try:
        items = list(values)
    except TypeError:
        raise SurveyError(f"{name} must be a list of percentages; got {values!r}") from None
    if not items:
        raise SurveyError(f"{name} is empty: give at least one percentage")
    return [_share(v, f"{name}[{i}]") for i, v in enumerate(items)]


# =========================================================================== intervals
@dataclass(frozen=True)
class Interval:
    """A share with its confidence interval, all in percent.

    ``n_effective`` is the sample size after the design effect (``n / deff``): the
    number of independent respondents the clustered sample is worth.
    """

    estimate: float
    lower: float
    upper: float
    method: str
    confidence: float
    n: int
    deff: float = 1.0

    @property
    def n_effective(self) -> float:
        return self.n / self.deff

    @property
    def margin(self) -> float:
        """Half the width of the interval, in percentage points."""
        return (self.upper - self.lower) / 2

    def covers(self, value: float) -> bool:
        return self.lower <= value <= self.upper

    def __str__(self) -> str:
        design = f", design effect {self.deff:g}" if self.deff != 1 else ""
        return (
            f"{self.estimate:.1f}% ({self.confidence:.0%} CI {self.lower:.1f} to {self.upper:.1f}, "
            f"{self.method}, n = {self.n}{design})"
        )


def z_value(confidence: float = 0.95) -> float:
    """The two-sided normal quantile: 1.96 for 95%, 2.58 for 99%."""
    confidence = _confidence(confidence)
    return float(stats.norm.ppf(0.5 + confidence / 2))


def normal_margin(share: float, n: int, *, deff: float = 1.0, confidence: float = 0.95) -> float:
    """Margin of error of a share by the normal approximation, in percentage points.

    ``z * sqrt(p (1 - p) / n_eff)``: the figure pollsters print ("plus or minus 2.5
    points"). It is symmetric and exactly 0 for a share of 0 or 100, which is why it
    fails for small shares and small samples; use :func:`wilson_interval` there.
    """
    p = _share(share) / 100
    n_eff = _n(n) / _deff(deff)
    return 100 * z_value(confidence) * math.sqrt(p * (1 - p) / n_eff)


def normal_interval(share: float, n: int, *, deff: float = 1.0, confidence: float = 0.95) -> Interval:
    """The normal (Wald) interval ``share +/- margin``, deliberately not clipped to 0-100.

    A lower limit below 0 is the approximation showing that it has broken down.
    """
    share = _share(share)
    margin = normal_margin(share, n, deff=deff, confidence=confidence)
    return Interval(share, share - margin, share + margin, "normal", confidence, _n(n), _deff(deff))


def wilson_interval(share: float, n: int, *, deff: float = 1.0, confidence: float = 0.95) -> Interval:
    """Wilson score interval of a share (percent), with an optional design effect.

    The interval holds every true share that a z-test would not reject given the
    observed one; it stays inside 0-100, is asymmetric near the edges and keeps close
    to its nominal coverage even for small samples, unlike the normal interval. With
    a design effect the sample counts as ``n / deff`` independent respondents.
    """
    p = _share(share) / 100
    n_int, deff = _n(n), _deff(deff)
    n_eff = n_int / deff
    z = z_value(confidence)
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return Interval(100 * p, 100 * max(0.0, centre - half), 100 * min(1.0, centre + half), "Wilson", confidence, n_int, deff)


def exact_interval(share: float, n: int, *, deff: float = 1.0, confidence: float = 0.95) -> Interval:
    """Clopper-Pearson ('exact') interval of a share, with an optional design effect.

    Built from beta quantiles, it never undercovers: it is the conservative choice
    for a small share in a small sample. With a design effect it uses the effective
    sample ``n / deff`` and the effective count ``share * n / deff`` (the usual
    Korn-Graubard style adjustment).
    """
    p = _share(share) / 100
    n_int, deff = _n(n), _deff(deff)
    n_eff = n_int / deff
    x = p * n_eff
    alpha = 1 - _confidence(confidence)
    lower = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    upper = 1.0 if x >= n_eff else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return Interval(100 * p, 100 * lower, 100 * upper, "Clopper-Pearson", confidence, n_int, deff)


def clopper_pearson(k: int, n: int, *, confidence: float = 0.95) -> Interval:
    """Exact interval for ``k`` respondents out of ``n`` (whole counts)."""
    n = _n(n)
    k = _k(k, n)
    return exact_interval(100 * k / n, n, confidence=confidence)


def interval_table(share: float, n: int, *, deff: float = 1.0, confidence: float = 0.95) -> pd.DataFrame:
    """The three intervals of one share side by side, as the chapter's widget shows them.

    One row per method (normal, Wilson, Clopper-Pearson) with lower and upper limit,
    margin (half-width) and the effective sample size, so that a reader who types a
    share, a sample size and a design effect sees where the methods part company.
    """
    rows = []
    for make in (normal_interval, wilson_interval, exact_interval):
        ci = make(share, n, deff=deff, confidence=confidence)
        rows.append({"method": ci.method, "estimate": ci.estimate, "lower": ci.lower, "upper": ci.upper,
                     "margin": ci.margin, "n": ci.n, "deff": ci.deff, "n_effective": ci.n_effective})
    return pd.DataFrame(rows)


def design_effect(cluster_size: float, icc: float) -> float:
    """Kish's design effect of a cluster sample: ``1 + (m - 1) * rho``.

    Respondents interviewed in the same village or block answer alike (intra-cluster
    correlation ``rho``), so each cluster of ``m`` tells less than ``m`` independent
    people would. Even a small ``rho`` of 0.05 with 20 interviews per cluster
    doubles the variance (design effect 1.95) and widens the margin by ``sqrt(1.95)``.
    """
    m = _number(cluster_size, "cluster size")
    if m < 1:
        raise SurveyError(f"cluster size must be at least 1 respondent per cluster; got {m:g}")
    rho = _number(icc, "intra-cluster correlation")
    if not 0 <= rho <= 1:
        raise SurveyError(f"intra-cluster correlation must be between 0 and 1; got {rho:g}")
    return 1 + (m - 1) * rho


def effective_sample_size(n: int, deff: float) -> float:
    """The number of independent respondents a design-affected sample is worth: ``n / deff``."""
    return _n(n) / _deff(deff)


# =========================================================================== two waves
@dataclass(frozen=True)
class DifferenceInterval:
    """Change from ``before`` to ``after`` (percentage points) with its interval."""

    before: float
    after: float
    lower: float
    upper: float
    method: str
    confidence: float

    @property
    def difference(self) -> float:
        return self.after - self.before

    @property
    def margin(self) -> float:
        return (self.upper - self.lower) / 2

    @property
    def significant(self) -> bool:
        """True when the interval of the change excludes zero."""
        return self.lower > 0 or self.upper < 0

    def __str__(self) -> str:
        return (
            f"{self.before:g}% -> {self.after:g}%: {self.difference:+.1f} points "
            f"({self.confidence:.0%} CI {self.lower:+.1f} to {self.upper:+.1f}, {self.method})"
        )


def difference_interval(
    before: float,
    n_before: int,
    after: float,
    n_after: int,
    *,
    deff_before: float = 1.0,
    deff_after: float = 1.0,
    confidence: float = 0.95,
    method: str = "newcombe",
) -> DifferenceInterval:
    """Interval of the change between two independent survey waves, in points.

    ``method="newcombe"`` combines the two Wilson intervals (Newcombe's hybrid score
    method, 1998), which behaves well for small shares; ``"wald"`` is the textbook
    ``diff +/- z * sqrt(se1^2 + se2^2)``. A change is larger than its uncertainty
    when the interval excludes 0. Each wave may have its own design effect.
    """
    if method not in ("newcombe", "wald"):
        raise SurveyError(f"method must be 'newcombe' or 'wald'; got {method!r}")
    p1, p2 = _share(before, "before"), _share(after, "after")
    n1, n2 = _n(n_before, "n_before"), _n(n_after, "n_after")
    d1, d2 = _deff(deff_before), _deff(deff_after)
    diff = p2 - p1
    if method == "wald":
        z = z_value(confidence)
        se = math.sqrt(p1 * (100 - p1) * d1 / n1 + p2 * (100 - p2) * d2 / n2)
        return DifferenceInterval(p1, p2, diff - z * se, diff + z * se, "Wald", confidence)
    w1 = wilson_interval(p1, n1, deff=d1, confidence=confidence)
    w2 = wilson_interval(p2, n2, deff=d2, confidence=confidence)
    lower = diff - math.sqrt((p2 - w2.lower) ** 2 + (w1.upper - p1) ** 2)
    upper = diff + math.sqrt((w2.upper - p2) ** 2 + (p1 - w1.lower) ** 2)
    return DifferenceInterval(p1, p2, lower, upper, "Newcombe", confidence)


def relative_change(before: float, after: float) -> float:
    """Change as a percentage of the earlier value (not in points).

    39.9% -> 29% is a fall of 10.9 points but of 27.3 percent; reports mix the two.
    """
    before = _number(before, "before")
    after = _number(after, "after")
    if before == 0:
        raise SurveyError("before is 0: a relative change from zero is undefined")
    return 100 * (after - before) / before


def _smallest_deff(covered, limit: float) -> float:
    """Smallest design effect in [1, limit] at which ``covered(deff)`` turns true (it stays true above)."""
    if covered(1.0):
        return 1.0
    if not covered(limit):
        return math.inf
    low, high = 1.0, limit
    while high - low > 1e-6 * high:
        mid = (low + high) / 2
        low, high = (low, mid) if covered(mid) else (mid, high)
    return high


def design_effect_to_cover(share: float, n: int, value: float, *, confidence: float = 0.95,
                           limit: float = 1000.0) -> float:
    """The smallest design effect at which the Wilson interval of ``share`` (of ``n``) covers ``value``.

    How much clustering it would take for sampling error alone to reconcile a survey
    figure with another number: 1.0 if the simple-random-sample interval already
    covers it, ``math.inf`` if not even ``limit`` does. Wilson intervals widen steadily
    as the effective sample ``n / deff`` shrinks, so the answer is a single threshold.
    """
    _share(share)
    value = _share(value, "value")
    _n(n)
    limit = _deff(limit)
    return _smallest_deff(lambda d: wilson_interval(share, n, deff=d, confidence=confidence).covers(value), limit)


def design_effect_to_erase(before: float, n_before: int, after: float, n_after: int, *, confidence: float = 0.95,
                           method: str = "newcombe", limit: float = 1000.0) -> float:
    """The smallest design effect (the same in both waves) at which a change stops exceeding its uncertainty.

    PREKO's 72.7% -> 70.1% of 5,000 stays significant up to a design effect of about
    2.0; the Barometer's 39.9% -> 29% up to about 8. The report prints no design effect,
    so this says how much the conclusion depends on one.
    """
    limit = _deff(limit)

    def erased(d):
        return not difference_interval(before, n_before, after, n_after, deff_before=d, deff_after=d,
                                       confidence=confidence, method=method).significant

    return _smallest_deff(erased, limit)


# =========================================================================== granularity
def printed_decimals(printed) -> int:
    """Decimals of a printed figure: 2 for '79.81', 1 for '23,7' or 29.9, 0 for 29.

    A string keeps trailing zeros ('47.0' has one decimal); a float cannot, so
    47.0 counts as 0 decimals. Pass the printed text, or ``decimals=``, when it matters.
    """
    if isinstance(printed, str):
        text = printed.strip().rstrip("%").strip()
        if not re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", text):
            raise SurveyError(f"printed value {printed!r} is not a number")
        return len(re.split(r"[.,]", text)[1]) if re.search(r"[.,]", text) else 0
    value = _number(printed, "printed value")
    for decimals in range(7):
        if abs(value - round(value, decimals)) < 1e-9:
            return decimals
    return 7


def _parse_printed(printed, decimals):
    if isinstance(printed, str):
        d = printed_decimals(printed)
        value = float(printed.strip().rstrip("%").strip().replace(",", "."))
    else:
        value = _number(printed, "printed value")
        d = printed_decimals(value)
    if decimals is not None:
        d = int(_number(decimals, "decimals"))
        if d < 0:
            raise SurveyError(f"decimals must be 0 or more; got {d}")
    return value, d


def half_unit(printed, *, decimals: int | None = None) -> float:
    """Half of the last printed digit: 0.5 for '29', 0.05 for '29.9', 0.005 for '79.81'."""
    _, d = _parse_printed(printed, decimals)
    return 0.5 * 10 ** (-d)


def rounds_to(value: float, printed, *, decimals: int | None = None) -> bool:
    """Does ``value`` round to the printed figure at its printed precision?

    Both rounding conventions are accepted (a value exactly half-way rounds either
    way), so a failure cannot be blamed on the convention.
    """
    value = _number(value, "value")
    shown, d = _parse_printed(printed, decimals)
    return abs(value - shown) <= 0.5 * 10 ** (-d) + 1e-9


@dataclass(frozen=True)
class Granularity:
    """Which whole counts ``k`` of ``n`` respondents round to a printed share."""

    share: float
    n: int
    decimals: int
    counts: tuple[int, ...]
    nearest: tuple[tuple[int, float], ...]

    @property
    def possible(self) -> bool:
        return bool(self.counts)

    def __str__(self) -> str:
        if self.possible:
            ks = ", ".join(f"{k}/{self.n}" for k in self.counts[:5])
            return f"{self.share:.{self.decimals}f}% of {self.n} is possible: {ks}"
        near = "; ".join(f"{k}/{self.n} = {s:.{self.decimals + 1}f}%" for k, s in self.nearest)
        return f"{self.share:.{self.decimals}f}% of {self.n} is impossible: nearest {near}"


def granularity(share, n: int, *, decimals: int | None = None) -> Granularity:
    """The granularity check: can a printed percentage come from ``k`` whole respondents of ``n``?

    A sample of ``n`` can only produce the shares ``100 k / n``; with 52 respondents
    these are 59.6% and 61.5% near 61%, so a printed 61% does not come from 52
    answers. ``share`` may be the printed text ('79.81') so that its precision is
    known; otherwise give ``decimals`` or it is read from the float.
    """
    value, d = _parse_printed(share, decimals)
    _share(value)
    n = _n(n)
    h = 0.5 * 10 ** (-d) + 1e-9
    lo = max(0, math.ceil((value - h) * n / 100 - 1e-9))
    hi = min(n, math.floor((value + h) * n / 100 + 1e-9))
    counts = tuple(k for k in range(lo, hi + 1) if abs(100 * k / n - value) <= h)
    below = math.floor(value * n / 100)
    nearest = tuple((k, 100 * k / n) for k in sorted({max(0, below), min(n, below + 1)}))
    return Granularity(value, n, d, counts, nearest)


def possible_bases(share, n_min: int, n_max: int, *, decimals: int | None = None) -> list[int]:
    """Every sample size between ``n_min`` and ``n_max`` that can produce the printed share.

    Useful when a base is not printed, or to find the base a figure really has
    (79.81% is 83 of 104, not of the stated 105).
    """
    lo, hi = _n(n_min, "n_min"), _n(n_max, "n_max")
    if lo > hi:
        raise SurveyError(f"n_min = {lo} is larger than n_max = {hi}")
    if hi - lo > 1_000_000:
        raise SurveyError("the range of sample sizes is too wide (more than a million); narrow it")
    return [n for n in range(lo, hi + 1) if granularity(share, n, decimals=decimals).possible]


# =========================================================================== sums
@dataclass(frozen=True)
class ShareSum:
    """The printed answer shares of one question, added up, with the rounding slack."""

    total: float
    tolerance: float
    kind: str

    @property
    def rest(self) -> float:
        """What the printed answers leave for the unprinted ones ('do not know', ...)."""
        return 100 - self.total

    @property
    def possible(self) -> bool:
        """A single-choice question cannot add up to more than 100 (plus rounding)."""
        return self.kind != "single" or self.total <= 100 + self.tolerance

    @property
    def complete(self) -> bool:
        """The printed answers account for everyone (100 within rounding)."""
        return abs(self.rest) <= self.tolerance

    @property
    def verdict(self) -> str:
        if not self.possible:
            return "impossible: more than 100% for a single-choice question"
        if self.kind == "multiple":
            return "multiple response: sums above 100 are expected" if self.total > 100 + self.tolerance else (
                "multiple response, adds up to 100 or less"
            )
        if self.complete:
            return "complete: adds up to 100"
        return f"partial: {self.rest:.1f} points not printed (other answers or 'do not know')"


def sum_check(shares, *, kind: str = "single", decimals: int | None = None) -> ShareSum:
    """Add up the printed shares of one question and say whether the total is possible.

    ``kind="single"``: mutually exclusive answers, which must not exceed 100 (more
    than the rounding slack, half a unit per printed share); ``"multiple"``: a
    multiple-response question, where sums above 100 are normal.
    """
    if kind not in ("single", "multiple"):
        raise SurveyError(f"kind must be 'single' or 'multiple'; got {kind!r}")
    values = _shares(shares)
    tolerance = sum(half_unit(v, decimals=decimals) for v in values)
    return ShareSum(float(sum(values)), tolerance, kind)


# =========================================================================== pooling
def _sizes(sizes, count: int) -> list[int]:
    try:
        items = list(sizes)
    except TypeError:
        raise SurveyError(f"sizes must be a list of sample sizes; got {sizes!r}") from None
    if len(items) != count:
        raise SurveyError(f"{count} share(s) but {len(items)} sample size(s): give one size for each share")
    return [_n(v, f"sizes[{i}]") for i, v in enumerate(items)]


def pool_shares(shares, sizes) -> float:
    """The share of a whole from its subgroups' shares, weighted by their sample sizes.

    PREKO 2017's 19.9% of 5,000 individuals, 29.9% of 2,400 entrepreneurs and 13.3%
    of 2,400 legal entities pool to 20.7%, not the 18.1% printed for 'the country'.
    """
    values = _shares(shares)
    n = _sizes(sizes, len(values))
    return float(np.dot(values, n) / sum(n))


def pooled_range(shares, sizes, *, decimals: int | None = None) -> tuple[float, float]:
    """Lowest and highest pooled share the printed (rounded) subgroup shares allow."""
    values = _shares(shares)
    n = _sizes(sizes, len(values))
    h = [half_unit(v, decimals=decimals) for v in values]
    low = [max(0.0, v - e) for v, e in zip(values, h)]
    high = [min(100.0, v + e) for v, e in zip(values, h)]
    total = sum(n)
    return float(np.dot(low, n) / total), float(np.dot(high, n) / total)


@dataclass(frozen=True)
class PoolingCheck:
    """A printed total against the pooled share of its parts."""

    printed: float
    pooled: float
    low: float
    high: float
    tolerance: float

    @property
    def consistent(self) -> bool:
        return self.low - self.tolerance - 1e-9 <= self.printed <= self.high + self.tolerance + 1e-9

    def __str__(self) -> str:
        verdict = "consistent" if self.consistent else "inconsistent"
        return f"printed {self.printed:g}% vs pooled {self.pooled:.2f}% (range {self.low:.2f}-{self.high:.2f}): {verdict}"


def pooling_check(printed_total, shares, sizes, *, decimals: int | None = None) -> PoolingCheck:
    """Can a printed total be the sample-size-weighted mean of its printed parts?

    The parts are rounded, so the pooled share lies in a range; the printed total,
    itself rounded, must meet that range.
    """
    total, d = _parse_printed(printed_total, decimals)
    _share(total, "printed total")
    low, high = pooled_range(shares, sizes, decimals=decimals)
    return PoolingCheck(total, pool_shares(shares, sizes), low, high, 0.5 * 10 ** (-d))


@dataclass(frozen=True)
class MixBounds:
    """Range of a pooled share over every subgroup mix that reproduces another printed total."""

    low: float
    high: float
    feasible: bool

    def covers(self, printed, *, decimals: int | None = None) -> bool:
        """Can the printed figure (rounded) lie in the range?"""
        value, d = _parse_printed(printed, decimals)
        h = 0.5 * 10 ** (-d)
        return self.feasible and self.low - h - 1e-9 <= value <= self.high + h + 1e-9


def mix_bounds(shares, known_shares, known_total, *, decimals: int | None = None) -> MixBounds:
    """Pooling with unknown weights: what a second question's total can be, given the first.

    When a report gives subgroup shares for two questions (PREKO 2017: encounters and
    perceptions by type of settlement) and the total of one of them, but not the
    subgroups' sizes, the weights are unknown but constrained: they must reproduce the
    known total (within its rounding). This returns the lowest and highest total of the
    other question over all such weights (a linear programme), with every printed share
    allowed its rounding slack. ``feasible`` is False when no mix reproduces the known total.
    """
    from scipy.optimize import linprog

    values = _shares(shares, "shares")
    known = _shares(known_shares, "known_shares")
    if len(known) != len(values):
        raise SurveyError(f"{len(values)} share(s) but {len(known)} known share(s): give both for every subgroup")
    total, d_total = _parse_printed(known_total, decimals)
    _share(total, "known_total")
    h_total = 0.5 * 10 ** (-d_total)
    h_known = np.array([half_unit(v, decimals=decimals) for v in known])
    h_values = np.array([half_unit(v, decimals=decimals) for v in values])
    k, v = np.array(known), np.array(values)
    count = len(values)
    # (k - h) . w <= total + h_total  and  (k + h) . w >= total - h_total, weights >= 0 summing to 1
    a_ub = np.vstack([k - h_known, -(k + h_known)])
    b_ub = np.array([total + h_total, -(total - h_total)])
    common = dict(A_ub=a_ub, b_ub=b_ub, A_eq=np.ones((1, count)), b_eq=[1.0], bounds=[(0, 1)] * count)
    low = linprog(v - h_values, **common)
    high = linprog(-(v + h_values), **common)
    if not (low.success and high.success):
        return MixBounds(math.nan, math.nan, False)
    return MixBounds(float(low.fun), float(-high.fun), True)


# =========================================================================== quantifiers
COMMON_FRACTIONS = {
    "a tenth": 1 / 10,
    "an eighth": 1 / 8,
    "a sixth": 1 / 6,
    "a fifth": 1 / 5,
    "a quarter": 1 / 4,
    "a third": 1 / 3,
    "half": 1 / 2,
    "two thirds": 2 / 3,
    "three quarters": 3 / 4,
}

_THRESHOLDS = {
    # phrase: (comparison, threshold in percent)
    "majority": (">", 50.0),
    "the majority": (">", 50.0),
    "most": (">", 50.0),
    "absolute majority": (">", 50.0),
    "over half": (">", 50.0),
    "more than half": (">", 50.0),
    "vast majority": (">", 75.0),
    "minority": ("<", 50.0),
    "less than half": ("<", 50.0),
    "more than a third": (">", 100 / 3),
    "over a third": (">", 100 / 3),
    "less than a third": ("<", 100 / 3),
    "fewer than a third": ("<", 100 / 3),
}

_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}

_FRACTION_WORDS = {
    "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "half": 1 / 2, "about half": 1 / 2,
    "practically half": 1 / 2, "nearly half": 1 / 2, "a quarter": 1 / 4, "one quarter": 1 / 4,
    "three quarters": 3 / 4, "a fifth": 1 / 5, "one fifth": 1 / 5, "a tenth": 1 / 10,
}

_FOLD_WORDS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 2.0}

_RELATIVE = re.compile(r"by (a third|one third|two thirds|half|a quarter|one quarter|a fifth)")
_FOLD = re.compile(
    r"(\d+(?:[.,]\d+)?)(?:\s*[-\u2013]\s*(\d+(?:[.,]\d+)?))?\s*(?:-?\s*fold|\s+times)"
)
_HEDGES = re.compile(r"^(nearly|almost|about|roughly|approximately|practically|some)\s+")

QUANTIFIERS = (
    "Thresholds: " + ", ".join(sorted(_THRESHOLDS))
    + ". Fractions (nearest common fraction): " + ", ".join(sorted(_FRACTION_WORDS))
    + ", every second/third/.../tenth, every Nth. Folds (ratio rounds to the printed factor): "
    + ", ".join(sorted(_FOLD_WORDS)) + ", 'N times', 'N-fold', 'A-B times'. Relative change: "
    "by a third, by half, by a quarter, ... Ordering: largest, smallest."
)


def nearest_fraction(share: float, *, extra: float | None = None) -> tuple[str, float]:
    """The common fraction (a tenth ... three quarters) nearest to a share in percent."""
    p = _share(share) / 100
    options = dict(COMMON_FRACTIONS)
    if extra is not None and all(not math.isclose(extra, f) for f in options.values()):
        options[f"1/{round(1 / extra)}"] = extra
    label = min(options, key=lambda k: abs(options[k] - p))
    return label, options[label]


@dataclass(frozen=True)
class QuantifierCheck:
    """A verbal quantifier held against the number it describes."""

    quantifier: str
    rule: str
    computed: float
    holds: bool

    def __str__(self) -> str:
        return f"'{self.quantifier}': {self.rule}; computed {self.computed:.3g}: {'holds' if self.holds else 'fails'}"


def _fold_target(text: str):
    if text in _FOLD_WORDS:
        return _FOLD_WORDS[text], None, 0
    m = _FOLD.fullmatch(text)
    if not m:
        return None
    low = float(m.group(1).replace(",", "."))
    high = float(m.group(2).replace(",", ".")) if m.group(2) else None
    decimals = max(printed_decimals(m.group(1)), printed_decimals(m.group(2)) if m.group(2) else 0)
    return low, high, decimals


def check_quantifier(quantifier: str, value: float, *, reference: float | None = None, others=None) -> QuantifierCheck:
    """Does a word such as "most", "a third", "every fifth" or "doubled" fit the number?

    The rules are the most lenient fair reading, so that a failure is a real misfit:

    * thresholds ("the majority", "over half", "less than a third", "vast majority"
      = over three quarters, our convention): ``value`` (percent) on the right side;
    * fractions ("a third", "every fifth", "every 10th", "practically half"): the
      named fraction is the common fraction nearest to ``value`` (27% is nearer a
      quarter than a third);
    * folds ("doubled", "quadrupled", "halved", "129-fold", "1.5 times", "7-8
      times"; hedges such as "nearly" allowed): the ratio of the larger to the smaller
      of ``value`` and ``reference`` rounds to the printed factor at its precision;
    * relative change ("by one third", "by half"): the change from ``reference`` to
      ``value`` as a fraction of ``reference`` is nearest that fraction;
    * ordering ("largest", "smallest"): ``value`` against ``others``.
    """
    if not isinstance(quantifier, str) or not quantifier.strip():
        raise SurveyError(f"quantifier must be a phrase such as 'most' or 'doubled'; got {quantifier!r}")
    text = quantifier.strip().lower()
    value = _number(value, "value")
    bare = _HEDGES.sub("", text)

    if text in _THRESHOLDS:
        op, limit = _THRESHOLDS[text]
        _share(value, "value")
        holds = value > limit if op == ">" else value < limit
        return QuantifierCheck(quantifier, f"share {op} {limit:.4g}%", value, holds)

    if text in ("largest", "most often", "most frequent", "smallest", "least often"):
        if others is None:
            raise SurveyError(f"'{quantifier}' compares with other answers: pass others=[...]")
        rest = [_number(v, "others") for v in others]
        if not rest:
            raise SurveyError("others is empty: give the values the figure is compared with")
        largest = text in ("largest", "most often", "most frequent")
        holds = value >= max(rest) if largest else value <= min(rest)
        return QuantifierCheck(quantifier, ("at least" if largest else "at most") + " every other answer", value, holds)

    m = re.fullmatch(r"every (\d+)(?:st|nd|rd|th)|every (\w+)", bare)
    fraction = None
    if m:
        n_th = int(m.group(1)) if m.group(1) else _ORDINALS.get(m.group(2))
        if not n_th:
            raise SurveyError(f"cannot read the ordinal in '{quantifier}'")
        fraction = 1 / n_th
    elif bare in _FRACTION_WORDS:
        fraction = _FRACTION_WORDS[bare]
    elif re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*%", bare):  # "practically 50%"
        fraction = float(bare.rstrip("%").replace(",", ".")) / 100
    if fraction is not None:
        _share(value, "value")
        label, nearest = nearest_fraction(value, extra=fraction)
        holds = math.isclose(nearest, fraction)
        return QuantifierCheck(quantifier, f"nearest common fraction is {fraction:.4g} (it is {label})", value, holds)

    rel = _RELATIVE.search(bare)
    if rel:
        if reference is None:
            raise SurveyError(f"'{quantifier}' is a change: pass the earlier value as reference=")
        target = _FRACTION_WORDS[rel.group(1)]
        change = abs(relative_change(reference, value)) / 100
        options = dict(COMMON_FRACTIONS)
        label = min(options, key=lambda k: abs(options[k] - change))
        holds = math.isclose(options[label], target)
        return QuantifierCheck(quantifier, f"relative change nearest {target:.4g} (it is {label})", change, holds)

    fold = _fold_target(bare.replace(" less often", "").replace(" more often", ""))
    if fold:
        if reference is None:
            raise SurveyError(f"'{quantifier}' compares two values: pass the other one as reference=")
        reference = _number(reference, "reference")
        if min(value, reference) <= 0:
            raise SurveyError("a fold change needs two positive values")
        ratio = max(value, reference) / min(value, reference)
        low, high, d = fold
        h = 0.5 * 10 ** (-d)
        top = high if high is not None else low
        holds = low - h - 1e-9 <= ratio < top + h
        rule = f"ratio rounds to {low:g}" if high is None else f"ratio rounds into {low:g}-{high:g}"
        return QuantifierCheck(quantifier, rule, ratio, holds)

    raise SurveyError(f"unknown quantifier '{quantifier}'. Known: {QUANTIFIERS}")


# =========================================================================== ranges
@dataclass(frozen=True)
class RangeCheck:
    """A printed range ('between 627 and 2,953') against the values it summarises."""

    low: float
    high: float
    minimum: float
    maximum: float
    inside: int
    count: int
    holds: bool

    def __str__(self) -> str:
        verdict = "holds" if self.holds else "fails"
        return (
            f"printed {self.low:g}-{self.high:g}, computed {self.minimum:.4g}-{self.maximum:.4g} "
            f"({self.inside} of {self.count} inside): {verdict}"
        )


def range_check(low, high, values, *, decimals: int | None = None) -> RangeCheck:
    """Does a printed range match the smallest and largest of the values, at its precision?"""
    lo, d_lo = _parse_printed(low, decimals)
    hi, d_hi = _parse_printed(high, decimals)
    if lo > hi:
        raise SurveyError(f"the range {lo:g}-{hi:g} is upside down: give the low end first")
    try:
        xs = [_number(v, "values") for v in values]
    except TypeError:
        raise SurveyError(f"values must be a list of numbers; got {values!r}") from None
    if not xs:
        raise SurveyError("values is empty: give the numbers the range summarises")
    h_lo, h_hi = 0.5 * 10 ** (-d_lo), 0.5 * 10 ** (-d_hi)
    inside = sum(lo - h_lo <= x <= hi + h_hi for x in xs)
    holds = abs(min(xs) - lo) <= h_lo + 1e-9 and abs(max(xs) - hi) <= h_hi + 1e-9
    return RangeCheck(lo, hi, min(xs), max(xs), int(inside), len(xs), bool(holds))


# =========================================================================== chapter tables
def _load(name: str) -> pd.DataFrame:
    from .data import load

    return load(name)


#: Short names for tables and figures (the long titles are in ``s003_survey_samples``).
SURVEY_NAMES = {
    "gcb_2013": "Barometer 2013 (Kazakhstan)",
    "gcb_2016": "Barometer 2016 (Kazakhstan)",
    "gcb_2013_global": "Barometer 2013 (global)",
    "gcb_2017_global": "Barometer 2017 (global)",
    "sotsium_zertteu": "Sotsium-Zertteu",
    "preko_2015": "PREKO 2015",
    "preko_2016": "PREKO 2016",
    "preko_2017": "PREKO 2017",
    "apa_2017": "Public Administration Academy 2017",
    "undp_2017": "UNDP focus groups 2017",
    "nur_otan_2014": "Nur Otan institute 2014",
    "strategiya_2017": "'Strategy' centre 2017",
    "internews_2016": "Internews 2016",
    "pwc_ceo_2016": "PwC CEO survey 2016",
    "pwc_ceo_2017": "PwC CEO survey 2017",
    "pwc_gecs_2016": "PwC economic crime survey 2016",
}


def survey_name(survey: str) -> str:
    """A survey id as tables show it ('gcb_2016' -> 'Barometer 2016 (Kazakhstan)'); unknown ids pass through."""
    return SURVEY_NAMES.get(survey, survey)


#: Short readable names of the questions the sources compare over time.
QUESTION_LABELS = {
    "paid_bribe_12m": "paid a bribe (12 months)",
    "people_cannot_change": "people cannot change things",
    "ready_to_act": "ready to act",
    "positive_change_seen / corruption_fallen_4y": "progress seen / corruption fell",
    "positive_change_seen": "saw positive changes",
    "corruption_fallen_4y": "corruption fell in 4 years",
    "encountered_corruption": "encountered corruption",
    "perceived_avg_or_high": "corruption average or high",
}


def question_label(question_id: str) -> str:
    """A question id as tables show it; unknown ids pass through."""
    return QUESTION_LABELS.get(question_id, question_id)


def survey_register() -> pd.DataFrame:
    """Who asked whom, and for whom: one row per survey and respondent group.

    Sponsor, method, sample size, population, year and fieldwork from
    ``s003_survey_samples``, with the number of figures the report quotes from the
    survey (all groups, repeats not counted) and the question wordings it quotes for
    the group, from ``s003_surveys``.
    """
    samples = _load("s003_survey_samples")
    figures = _load("s003_surveys")
    first = figures[figures.row_kind != "repeat"]
    counts = first.groupby("survey").size().rename("figures_in_report").reset_index()
    quoted = (
        figures.dropna(subset=["question_as_printed"])
        .groupby(["survey", "population"])["question_as_printed"]
        .agg(lambda s: " | ".join(dict.fromkeys(s)))
        .rename("questions_as_printed").reset_index()
    )
    out = samples.merge(counts, on="survey", how="left").merge(quoted, on=["survey", "population"], how="left")
    out["figures_in_report"] = out["figures_in_report"].fillna(0).astype(int)
    columns = [
        "survey", "year", "conducted_by", "commissioned_by", "sponsor_kind", "population", "sample_size",
        "method", "fieldwork", "geography", "figures_in_report", "questions_as_printed", "section", "source_lines",
    ]
    return out[columns].sort_values(["year", "survey"], kind="stable").reset_index(drop=True)


def _family(survey: str) -> str:
    return re.sub(r"_\d{4}$", "", survey)


def wave_changes(*, deff: float = 1.0, confidence: float = 0.95, method: str = "newcombe") -> pd.DataFrame:
    """Every survey figure the sources compare over time, with the interval of the change.

    Pairs are the waves of one survey series (GCB 2013/2016, PREKO 2015/2016/2017)
    asking the same question of the same group, plus the comparisons the report
    makes across two questions (``s003_survey_reported_changes``). PREKO 2015 and
    2016 print no sample size: the 2017 size of the same group is assumed and flagged
    (``n_assumed``). ``deff`` applies to both waves.
    """
    sv = _load("s003_surveys")
    reported = _load("s003_survey_reported_changes")
    values = sv[(sv.row_kind == "value") & sv.settlement.isna()].copy()
    values["family"] = values.survey.map(_family)
    sizes = {(r.survey, r.population): r.sample_size for r in values.itertuples() if pd.notna(r.sample_size)}

    def size(survey, population):
        if (survey, population) in sizes:
            return int(sizes[(survey, population)]), False
        family = _family(survey)
        year = int(values.loc[values.survey == survey, "year"].iloc[0])
        known = [(abs(int(values.loc[values.survey == s, "year"].iloc[0]) - year), n) for (s, p), n in sizes.items()
                 if _family(s) == family and p == population]
        if not known:
            return None, True
        return int(min(known)[1]), True

    pairs = []
    for (family, population, qid, answer), g in values.groupby(["family", "population", "question_id", "answer"]):
        g = g.sort_values("year")
        if g.survey.nunique() < 2:
            continue
        rows = list(g.itertuples())
        combos = list(zip(rows, rows[1:]))
        if len(rows) > 2:
            combos.append((rows[0], rows[-1]))
        for a, b in combos:
            pairs.append((a, b, qid))
    for r in reported.itertuples():
        qids = [q.strip() for q in r.question_id.split("/")]
        if len(qids) == 2:
            a = values[(values.survey == r.survey_from) & (values.question_id == qids[0]) & (values.population == r.population)]
            b = values[(values.survey == r.survey_to) & (values.question_id == qids[1]) & (values.population == r.population)]
            pairs.append((next(a.head(1).itertuples()), next(b.head(1).itertuples()), r.question_id))

    out = []
    for a, b, qid in pairs:
        n_a, assumed_a = size(a.survey, a.population)
        n_b, assumed_b = size(b.survey, b.population)
        row = {
            "question_id": qid, "population": a.population,
            "answer": a.answer if a.answer == b.answer else f"{a.answer} / {b.answer}",
            "survey_from": a.survey, "survey_to": b.survey, "year_from": int(a.year), "year_to": int(b.year),
            "share_from": float(a.percent), "share_to": float(b.percent),
            "n_from": n_a, "n_to": n_b, "n_assumed": bool(assumed_a or assumed_b), "deff": float(deff),
            "difference": float(b.percent - a.percent), "relative_change": relative_change(a.percent, b.percent),
        }
        if n_a and n_b:
            d = difference_interval(a.percent, n_a, b.percent, n_b, deff_before=deff, deff_after=deff,
                                    confidence=confidence, method=method)
            row.update(lower=d.lower, upper=d.upper, significant=d.significant)
        else:
            row.update(lower=np.nan, upper=np.nan, significant=pd.NA)
        match = reported[(reported.survey_from == a.survey) & (reported.survey_to == b.survey)
                         & (reported.question_id == qid) & (reported.population == a.population)]
        row["printed_change"] = float(match.printed_change.iloc[0]) if len(match) else np.nan
        out.append(row)
    return pd.DataFrame(out).sort_values(["question_id", "population", "year_from", "year_to"]).reset_index(drop=True)


#: Document 001's survey claims (figure ids of ``s001_figures``) and what is known of
#: each survey. Numbers come from the data package; only names and labels are here.
OFFICIAL_CLAIMS = {
    "kisi_no_bribes_share": {
        "survey": "Kazakhstan Institute for Strategic Studies (as cited in document 001)",
        "conducted_by": "Kazakhstan Institute for Strategic Studies",
        "sponsor_kind": "state institute",
        "measure": "do not give bribes",
        "bound": "lower bound ('over')",
    },
    "zertteu_no_corruption_share": {
        "survey": "Zertteu Strategic Centre (as cited in document 001)",
        "conducted_by": "Zertteu Strategic Centre",
        "sponsor_kind": "not stated",
        "measure": "have not faced corruption situations",
        "bound": "point",
    },
}


def official_vs_surveys(*, deff: float = 1.0, confidence: float = 0.95) -> pd.DataFrame:
    """Document 001's "most do not give bribes" beside the report's surveys and the Barometer.

    One row per figure on bribe-giving or encountering corruption, all turned to the
    "did not" side so that they can be compared, with the Wilson interval where a
    sample size is printed (``deff`` widens it for a clustered design). Rows differ
    in question (ever, last 12 months, this year), population and sponsor: the
    ``measure`` and ``sponsor_kind`` columns say how.
    """
    fig = _load("s001_figures").set_index("figure")
    sv = _load("s003_surveys")
    samples = _load("s003_survey_samples").drop_duplicates("survey").set_index("survey")

    def one(survey, population, qid, answer):
        r = sv[(sv.survey == survey) & (sv.population == population) & (sv.question_id == qid)
               & (sv.answer == answer) & (sv.row_kind == "value") & sv.settlement.isna()]
        if len(r) != 1:
            raise SurveyError(f"expected one figure for {survey}/{population}/{qid}/{answer}, found {len(r)}")
        return r.iloc[0]

    rows = []
    for figure_id, info in OFFICIAL_CLAIMS.items():
        rows.append({
            "source": "document 001", "survey": info["survey"], "conducted_by": info["conducted_by"],
            "sponsor_kind": info["sponsor_kind"], "year": np.nan, "population": "respondents",
            "measure": info["measure"], "share": float(fig.loc[figure_id, "value"]), "bound": info["bound"],
            "n": np.nan, "derived": False, "source_lines": str(fig.loc[figure_id, "source_lines"]),
        })
    experience = [
        ("sotsium_zertteu", "respondents", "never_paid_bribe", "never", False, "never paid a bribe"),
        ("gcb_2013", "adults", "paid_bribe_12m", "yes", True, "did not pay a bribe in the last 12 months"),
        ("gcb_2016", "adults", "paid_bribe_12m", "yes", True, "did not pay a bribe in the last 12 months"),
        ("preko_2017", "individuals", "encountered_corruption", "yes", True, "did not encounter corruption this year"),
    ]
    for survey, population, qid, answer, complement, measure in experience:
        r = one(survey, population, qid, answer)
        rows.append({
            "source": "document 003", "survey": survey, "conducted_by": samples.loc[survey, "conducted_by"],
            "sponsor_kind": samples.loc[survey, "sponsor_kind"], "year": int(r.year), "population": population,
            "measure": measure, "share": 100 - float(r.percent) if complement else float(r.percent), "bound": "point",
            "n": r.sample_size, "derived": False, "source_lines": r.source_lines,
        })
    met = one("preko_2017", "individuals", "encountered_corruption", "yes")
    agreed = one("preko_2017", "respondents who encountered corruption", "agreed_cash_bribe", "yes")
    rows.append({
        "source": "document 003", "survey": "preko_2017", "conducted_by": samples.loc["preko_2017", "conducted_by"],
        "sponsor_kind": samples.loc["preko_2017", "sponsor_kind"], "year": 2017, "population": "individuals",
        "measure": "did not pay a cash bribe this year (derived: encountered x agreed to pay)",
        "share": 100 - float(met.percent) * float(agreed.percent) / 100, "bound": "point",
        "n": met.sample_size, "derived": True, "source_lines": f"{met.source_lines};{agreed.source_lines}",
    })
    perception = one("apa_2017", "adults", "bribery_widespread", "widespread")
    rows.append({
        "source": "document 003", "survey": "apa_2017", "conducted_by": samples.loc["apa_2017", "conducted_by"],
        "sponsor_kind": samples.loc["apa_2017", "sponsor_kind"], "year": 2017, "population": "adults",
        "measure": "think bribery is widespread (perception, not experience)", "share": float(perception.percent),
        "bound": "point", "n": perception.sample_size, "derived": False, "source_lines": perception.source_lines,
    })
    out = pd.DataFrame(rows)
    lows, highs = [], []
    for r in out.itertuples():
        if pd.isna(r.n):
            lows.append(np.nan)
            highs.append(np.nan)
        else:
            w = wilson_interval(r.share, int(r.n), deff=deff, confidence=confidence)
            lows.append(w.lower)
            highs.append(w.upper)
    out["lower"], out["upper"], out["deff"] = lows, highs, float(deff)
    out["n"] = out["n"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    return out


def granularity_sweep() -> pd.DataFrame:
    """The granularity check on every survey share printed with the size of its base.

    Only single- and multiple-response answers are checked: a 'separate item' share
    (bribes paid to traffic police) has as its base the users of that service, not
    the whole sample, and a lower bound ('more than 33%') is not a figure.
    """
    sv = _load("s003_surveys")
    rows = sv[sv.sample_size.notna() & sv.response_type.isin(["single", "multiple"]) & (sv.row_kind != "repeat")]
    out = []
    for r in rows.itertuples():
        g = granularity(float(r.percent), int(r.sample_size))
        out.append({
            "survey": r.survey, "population": r.population, "question_id": r.question_id, "answer": r.answer,
            "percent": float(r.percent), "n": int(r.sample_size), "possible": g.possible,
            "nearest": "; ".join(f"{k}/{g.n} = {s:.2f}%" for k, s in g.nearest), "source_lines": r.source_lines,
        })
    return pd.DataFrame(out)


def claim_checks() -> pd.DataFrame:
    """Every verbal quantifier of section 9 (``s003_survey_claims``) checked against its figure."""
    claims = _load("s003_survey_claims")
    sv = _load("s003_surveys")
    values = sv[sv.row_kind.isin(["value"])]
    out = []
    for c in claims.itertuples():
        same = values[(values.survey == c.survey) & (values.question_id == c.question_id)]
        if pd.isna(c.settlement):
            mine = same[(same.population == c.population) & same.settlement.isna()]
        else:
            mine = same[(same.population == c.population) & (same.settlement == c.settlement)]
        answers = [a.strip() for a in c.answers.split(" + ")]
        picked = mine[mine.answer.isin(answers)]
        if len(picked) != len(answers):
            raise SurveyError(f"claim {c.claim_id}: answers {answers} not all found in s003_surveys")
        value = float(picked.percent.sum())
        others = None
        if c.quantifier in ("largest", "smallest"):
            if pd.isna(c.settlement) and c.question_id == "encountered_corruption":
                pool = same[same.settlement.isna() & same.population.isin(
                    ["individuals", "individual entrepreneurs", "legal entities"])]
            elif pd.notna(c.settlement):
                pool = same[(same.population == c.population) & same.settlement.notna()]
            else:
                pool = same[(same.population == c.population) & same.settlement.isna()]
            others = [float(v) for v in pool.percent[~pool.index.isin(picked.index)]]
        check = check_quantifier(c.quantifier, value, others=others)
        out.append({"claim_id": c.claim_id, "phrase": c.phrase, "quantifier": c.quantifier, "value": value,
                    "rule": check.rule, "holds": check.holds, "source_lines": c.source_lines})
    return pd.DataFrame(out)


_APPEAL_TABLES = {
    "individuals": ("s003_t9_3_1_inquiries_individuals", "s003_t13_3_4_enquiries_individuals",
                    "s003_t13_3_5_complaints_individuals"),
    "legal entities": ("s003_t9_3_2_inquiries_legal_entities", "s003_t13_3_6_enquiries_legal_entities",
                       "s003_t13_3_7_complaints_legal_entities"),
}


def appeals_reconciliation() -> pd.DataFrame:
    """Sections 9.3 and 13.3 count the same enquiries and complaints: put them side by side.

    Table 9.3.1's 'number of inquiries' is Table 13.3.4's 'received', and its 'number
    of appeals' is Table 13.3.5's 'complaints' (9.3.2 with 13.3.6 and 13.3.7 for legal
    entities). One row per applicant, measure and year printed in both.
    """
    rows = []
    for applicant, (s9, s13, complaints) in _APPEAL_TABLES.items():
        a = _load(s9).dropna(subset=["inquiries"]).set_index("year")
        b = _load(s13).dropna(subset=["received"]).set_index("year")
        c = _load(complaints).set_index("year")
        for measure, left, right, col9, col13 in (
            ("enquiries received", a, b, "inquiries", "received"),
            ("complaints (appeals)", a, c, "appeals", "complaints"),
        ):
            for year in sorted(set(left.index) & set(right.index)):
                v9, v13 = int(left.loc[year, col9]), int(right.loc[year, col13])
                rows.append({"applicant": applicant, "measure": measure, "year": int(year),
                             "section_9": v9, "section_13": v13, "difference": v9 - v13, "agree": v9 == v13})
    return pd.DataFrame(rows)


def appeals_ratios() -> pd.DataFrame:
    """Yearly ratios of Tables 9.3.1-9.3.2 and 13.3.4/13.3.6, in percent.

    What citizens do rather than say: corruption appeals as a share of corruption
    inquiries and of all appeals, and how state bodies dealt with all enquiries
    (considered of received; upheld, rejected and clarified of considered).
    """
    rows = []
    for applicant, (s9, s13, _) in _APPEAL_TABLES.items():
        a = _load(s9).dropna(subset=["inquiries"]).set_index("year")
        b = _load(s13).dropna(subset=["received"]).set_index("year")
        for year in a.index:
            r9, r13 = a.loc[year], b.loc[year]
            rows.append({
                "applicant": applicant, "year": int(year),
                "corruption_appeals_of_corruption_inquiries": 100 * r9.corruption_appeals / r9.corruption_inquiries,
                "corruption_appeals_of_all_appeals": 100 * r9.corruption_appeals / r9.appeals,
                "corruption_inquiries_of_all_inquiries": 100 * r9.corruption_inquiries / r9.inquiries,
                "considered_of_received": 100 * r13.considered / r13.received,
                "upheld_of_considered": 100 * r13.upheld / r13.considered,
                "rejected_of_considered": 100 * r13.rejected / r13.considered,
                "clarified_of_considered": 100 * r13.clarified / r13.considered,
            })
    return pd.DataFrame(rows)


def sum_sweep() -> pd.DataFrame:
    """The sum check on every question whose answer shares the report prints together.

    One row per survey, respondent group, settlement and question with two or more
    printed answers (first statements only), with their total, the rounding slack and
    the verdict of :func:`sum_check`. Single-choice questions must not exceed 100;
    'partial' totals leave room for answers the report does not print.
    """
    sv = _load("s003_surveys")
    values = sv[(sv.row_kind == "value") & sv.response_type.isin(["single", "multiple"])]
    keys = ["survey", "population", "settlement", "question_id"]
    out = []
    for key, g in values.groupby(keys, dropna=False, sort=False):
        if len(g) < 2:
            continue
        kind = g.response_type.iloc[0]
        check = sum_check(list(g.percent), kind=kind)
        out.append({
            **dict(zip(keys, key)), "response_type": kind, "answers": " + ".join(g.answer),
            "count": len(g), "total": check.total, "tolerance": check.tolerance, "possible": check.possible,
            "complete": check.complete, "verdict": check.verdict, "source_lines": g.source_lines.iloc[0],
        })
    return pd.DataFrame(out)


#: Where the report prints a PREKO 2017 total beside its three respondent groups: the
#: population label and source lines of the printed total for each question.
_POOLED_TOTALS = {
    "perceived_avg_or_high": ("individuals", "4451-4453"),  # "70.1% of the people ... who took part"
    "encountered_corruption": ("people (country as a whole)", "4572"),
}
_PREKO_GROUPS = ["individuals", "individual entrepreneurs", "legal entities"]


def pooling_sweep() -> pd.DataFrame:
    """Every printed total that should follow from its subgroups, against the pooled share.

    PREKO 2017 is the one survey whose report gives a total beside the shares and sample
    sizes of its respondent groups (5,000 individuals, 2,400 entrepreneurs, 2,400 legal
    entities). The pooled share is their sample-size-weighted mean; the printed total,
    rounded, must fall in the range the rounded parts allow.
    """
    sv = _load("s003_surveys")
    samples = _load("s003_survey_samples")
    sizes = samples[samples.survey == "preko_2017"].set_index("population").sample_size
    out = []
    for qid, (population, lines) in _POOLED_TOTALS.items():
        rows = sv[(sv.survey == "preko_2017") & (sv.question_id == qid) & sv.settlement.isna()]
        parts = [rows[(rows.population == g) & (rows.row_kind == "value")] for g in _PREKO_GROUPS]
        if any(len(p) != 1 for p in parts):
            raise SurveyError(f"PREKO 2017 {qid}: expected one figure per respondent group")
        total = rows[(rows.population == population) & (rows.source_lines == lines)]
        if len(total) != 1:
            raise SurveyError(f"PREKO 2017 {qid}: the printed total at lines {lines} is not in s003_surveys")
        shares = [float(p.percent.iloc[0]) for p in parts]
        n = [int(sizes[g]) for g in _PREKO_GROUPS]
        check = pooling_check(float(total.percent.iloc[0]), shares, n)
        out.append({
            "question_id": qid, "answer": rows.answer.iloc[0], "printed_total": check.printed,
            **{f"share_{g}": s for g, s in zip(_PREKO_GROUPS, shares)}, "sizes": " / ".join(f"{v:,}" for v in n),
            "pooled": check.pooled, "pooled_low": check.low, "pooled_high": check.high,
            "consistent": check.consistent, "source_lines": f"{lines}; {'; '.join(p.source_lines.iloc[0] for p in parts)}",
        })
    return pd.DataFrame(out)


_SETTLEMENTS = {  # encounters and perceptions label the same three kinds of settlement differently
    "encountered_corruption": ["oblast centres", "small towns", "rural"],
    "perceived_avg_or_high": ["oblast centres and national-level cities", "small towns", "rural"],
}


def settlement_mix() -> dict:
    """PREKO 2017 individuals by settlement: which encounter totals the settlement shares allow.

    The report gives both questions by settlement (no sizes) and the perception total
    (70.1%). Every settlement mix that reproduces 70.1% gives an encounter total in
    ``bounds`` (:func:`mix_bounds`); ``printed`` (19.9%) is what the report gives.
    """
    sv = _load("s003_surveys")
    ind = sv[(sv.survey == "preko_2017") & (sv.population == "individuals") & (sv.row_kind == "value")]

    def shares(qid):
        rows = ind[ind.question_id == qid].set_index("settlement").percent
        return [float(rows[s]) for s in _SETTLEMENTS[qid]]

    perception_total = float(ind[(ind.question_id == "perceived_avg_or_high") & ind.settlement.isna()].percent.iloc[0])
    printed = float(ind[(ind.question_id == "encountered_corruption") & ind.settlement.isna()].percent.iloc[0])
    bounds = mix_bounds(shares("encountered_corruption"), shares("perceived_avg_or_high"), perception_total)
    return {"encounters": shares("encountered_corruption"), "perceptions": shares("perceived_avg_or_high"),
            "perception_total": perception_total, "printed": printed, "bounds": bounds,
            "printed_possible": bounds.covers(printed)}


#: The erratum (data/errata.csv) that records each prose figure of 9.3 and 13.3 found wrong.
APPEALS_ERRATA = {
    "s9_3_corruption_appeal_share_range": "s003-s9.3-appeal-share-range",
    "s9_3_legal_entities_fold": "s003-s9.3-legal-entities-ten-times",
    "s13_3_subjects_fold": "s003-t13.3.1-129-fold",
    "s13_3_rejected_share_2008": "s003-t13.3.4-rejected-2008",
    "s13_3_complaints_growth_fold": "s003-t13.3.5-one-and-a-half",
    "s13_3_complaints_upheld_share_fall_fold": "s003-t13.3.5-one-and-a-half",
    "s13_3_legal_complaints_level": "s003-t13.3.7-33-thousand",
    "s13_3_considered_share_unchanged": "s003-t13.3.4-considered-share",
}


#: A short gloss of each statement, with what it is recomputed from (tables show these).
APPEALS_CLAIMS = {
    "s9_3_corruption_inquiries_range": "Individuals' corruption-related inquiries per year (9.3.1)",
    "s9_3_corruption_appeal_share_range": "Corruption appeals per corruption-related inquiry, individuals (9.3.1)",
    "s9_3_corruption_appeals_share_of_all": "Corruption appeals as a share of all appeals, individuals (9.3.1)",
    "s9_3_legal_entities_fold": "Individuals' corruption appeals over legal entities', 2008-2017 (9.3.1, 9.3.2)",
    "s13_3_subjects_fold": "Enquiries on the listed subjects, 2011 over 2017 (13.3.1)",
    "s13_3_appeals_individuals_fold": "Individuals' appeals against state bodies, 2017 over 2014 (13.3.2)",
    "s13_3_appeals_legal_entities_fold": "Legal entities' appeals against state bodies, 2017 over 2014 (13.3.3)",
    "s13_3_enquiries_individuals_fall_fold": "Enquiries from individuals, 2008 over 2017 (13.3.4)",
    "s13_3_upheld_share_halved": "Share of considered enquiries upheld, 2008 over 2017 (13.3.4)",
    "s13_3_rejected_share_2008": "Rejections as a share of enquiries considered, 2008 (13.3.4)",
    "s13_3_rejected_share_2017": "Rejections as a share of enquiries considered, 2017 (13.3.4)",
    "s13_3_complaints_growth_fold": "Complaints from individuals, 2017 over 2012 (13.3.5)",
    "s13_3_complaints_upheld_share_fall_fold": "Share of complaints upheld, 2012 over 2017 (13.3.5)",
    "s13_3_legal_complaints_level": "Complaints from legal entities per year (13.3.7)",
    "s13_3_considered_share_unchanged": "Share of individuals' enquiries considered (13.3.4)",
}


def appeals_claim_checks() -> pd.DataFrame:
    """Every figure the prose of sections 9.3 and 13.3 states about its tables, recomputed.

    One row per statement of ``s003_appeals_text_figures`` (ranges, shares, 'n-fold'
    changes, levels), plus the verbal 'the share considered has remained unchanged',
    each with the value recomputed from the tables, the rule applied and whether it
    holds. ``claim`` is a short gloss (:data:`APPEALS_CLAIMS`), ``topic`` the data
    package's description. Failures carry the id of their erratum.
    """
    text = _load("s003_appeals_text_figures").set_index("figure_id")
    t931 = _load("s003_t9_3_1_inquiries_individuals").dropna(subset=["inquiries"]).set_index("year")
    t932 = _load("s003_t9_3_2_inquiries_legal_entities").dropna(subset=["inquiries"]).set_index("year")
    t1334 = _load("s003_t13_3_4_enquiries_individuals").dropna(subset=["received"]).set_index("year")
    t1335 = _load("s003_t13_3_5_complaints_individuals").set_index("year")
    t1337 = _load("s003_t13_3_7_complaints_legal_entities").set_index("year")
    t1332 = _load("s003_t13_3_2_appeals_individuals").set_index("year")
    t1333 = _load("s003_t13_3_3_appeals_legal_entities").set_index("year")
    subjects = _load("s003_t13_3_1_enquiry_subjects")
    rows = []

    def add(fid, printed, recomputed, rule, holds):
        unchanged = fid == "s13_3_considered_share_unchanged"
        topic = "Share of enquiries from individuals that were considered 'has remained unchanged'" if unchanged \
            else str(text.loc[fid, "topic"])
        lines = "8184-8186" if unchanged else str(text.loc[fid, "source_lines"])
        rows.append({"figure_id": fid, "claim": APPEALS_CLAIMS[fid], "printed": printed, "recomputed": recomputed,
                     "rule": rule, "holds": bool(holds), "erratum": "" if holds else APPEALS_ERRATA.get(fid, ""),
                     "topic": topic, "source_lines": lines})

    def fold(fid, phrase, value, reference):
        c = check_quantifier(phrase, value, reference=reference)
        add(fid, phrase, f"{c.computed:.2f} times", c.rule, c.holds)

    r = range_check(text.loc["s9_3_corruption_inquiries_range", "value"],
                    text.loc["s9_3_corruption_inquiries_range", "value_high"], t931.corruption_inquiries)
    add("s9_3_corruption_inquiries_range", f"{r.low:,.0f} to {r.high:,.0f}", f"{r.minimum:,.0f} to {r.maximum:,.0f}",
        "smallest and largest yearly count", r.holds)
    share = 100 * t931.corruption_appeals / t931.corruption_inquiries
    row = text.loc["s9_3_corruption_appeal_share_range"]
    r = range_check(row.value, row.value_high, share)
    add("s9_3_corruption_appeal_share_range", f"{row.value:g}% to {row.value_high:g}%",
        f"{r.minimum:.1f}% to {r.maximum:.1f}%", "smallest and largest yearly share", r.holds)
    of_all = 100 * t931.corruption_appeals / t931.appeals
    printed = text.loc["s9_3_corruption_appeals_share_of_all", "value"]
    add("s9_3_corruption_appeals_share_of_all", f"only {printed:g}%", f"{of_all.min():.2f}% to {of_all.max():.2f}%",
        "the largest yearly share rounds to it", rounds_to(of_all.max(), printed))
    fold("s9_3_legal_entities_fold", "nearly 10 times less often", t932.corruption_appeals.sum(),
         t931.corruption_appeals.sum())
    fold("s13_3_subjects_fold", "129-fold", subjects.enquiries_2017.sum(), subjects.enquiries_2011.sum())
    fold("s13_3_appeals_individuals_fold", "quadrupled", t1332.loc[2017, "total"], t1332.loc[2014, "total"])
    fold("s13_3_appeals_legal_entities_fold", "tripled", t1333.loc[2017, "total"], t1333.loc[2014, "total"])
    row = text.loc["s13_3_enquiries_individuals_fall_fold"]
    fold("s13_3_enquiries_individuals_fall_fold", f"{row.value:g}-{row.value_high:g} times",
         t1334.loc[2017, "received"], t1334.loc[2008, "received"])
    upheld = 100 * t1334.upheld / t1334.considered
    fold("s13_3_upheld_share_halved", "nearly halved", upheld[2017], upheld[2008])
    rejected = 100 * t1334.rejected / t1334.considered
    for year in (2008, 2017):
        fid = f"s13_3_rejected_share_{year}"
        printed = text.loc[fid, "value"]
        add(fid, f"{printed:g}%", f"{rejected[year]:.2f}%", "rounds to the printed figure",
            rounds_to(rejected[year], printed))
    fold("s13_3_complaints_growth_fold", "1.5 times", t1335.loc[2017, "complaints"], t1335.loc[2012, "complaints"])
    fold("s13_3_complaints_upheld_share_fall_fold", "1.5 times", t1335.loc[2017, "share_upheld_percent"],
         t1335.loc[2012, "share_upheld_percent"])
    thousands = t1337.complaints / 1000
    printed = text.loc["s13_3_legal_complaints_level", "value"]
    near = [int(y) for y, v in thousands.items() if rounds_to(v, printed)]
    add("s13_3_legal_complaints_level", f"about {printed:g} thousand, unchanged",
        f"{thousands.min():.1f} to {thousands.max():.1f} thousand", "every year rounds to it",
        len(near) == len(thousands))
    considered = 100 * t1334.considered / t1334.received
    first, last = int(considered.index.min()), int(considered.index.max())
    add("s13_3_considered_share_unchanged", "unchanged",
        f"{considered[first]:.1f}% in {first}, {considered[last]:.1f}% in {last}",
        "within 1 point of its first value every year", (considered - considered[first]).abs().max() <= 1)
    return pd.DataFrame(rows)
