"""Checks for exercise test cells: messages that say what to fix, and no cascading penalties.

A student who has not yet run an answer cell should read "define `sum_x` first", not a
``NameError`` traceback; a student whose Part 1 is wrong should lose Part 1, not every
later part built on it. The exercises' test cells use:

* :func:`require` - every name exists (else: which to define, and where);
* :func:`is_number`, :func:`is_pair` - the form of an answer, with what was found instead;
* :func:`close_to_any` - a value agrees with the key *or* with what follows from the
  student's own earlier answers (hidden tests pass both), the latter computed with
  :func:`own`, which gives ``None`` instead of an error when an earlier answer is missing.

The names are looked up in the notebook's namespace (the caller's globals), so a test
cell reads ``require("n", "sum_x")`` with nothing else to set up.
"""

from __future__ import annotations

import math
import numbers
import sys

__all__ = ["require", "is_number", "is_pair", "close_to_any", "own"]


def _namespace(depth: int = 2) -> dict:
    return sys._getframe(depth).f_globals


def require(*names: str) -> None:
    """Fail with "define `x` first" unless every name is defined in the notebook."""
    space = _namespace()
    missing = [name for name in names if name not in space]
    if missing:
        listed = ", ".join(f"`{name}`" for name in missing)
        raise AssertionError(
            f"define {listed} first: write it in the answer cell above and run that cell "
            "(Shift+Enter), then run this test again"
        )


def is_number(name: str, *, whole: bool = False, low: float | None = None, high: float | None = None) -> None:
    """Fail unless ``name`` holds a plain number (an ``int`` if ``whole``) within [low, high]."""
    space = _namespace()
    if name not in space:
        raise AssertionError(f"define `{name}` first: write it in the answer cell above and run that cell")
    value = space[name]
    kind = numbers.Integral if whole else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        wanted = "a whole number (int)" if whole else "a number (float)"
        hint = " e.g. float(...) of a pandas result" if not whole else " e.g. int(len(...))"
        raise AssertionError(f"`{name}` should be {wanted}; it is {type(value).__name__}{hint}")
    if not math.isfinite(float(value)):
        raise AssertionError(f"`{name}` is {value}: a missing value got into the calculation (drop it first)")
    if low is not None and value < low or high is not None and value > high:
        raise AssertionError(f"`{name}` = {value} lies outside the possible range [{low}, {high}]")


def is_pair(name: str) -> None:
    """Fail unless ``name`` holds two numbers, low then high (an interval)."""
    space = _namespace()
    if name not in space:
        raise AssertionError(f"define `{name}` first: write it in the answer cell above and run that cell")
    value = space[name]
    try:
        low, high = value
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        raise AssertionError(f"`{name}` should be two numbers, (low, high); it is {value!r}") from None
    if not low <= high:
        raise AssertionError(f"`{name}` = ({low}, {high}): the lower end comes first")


def close_to_any(value, *candidates, rel: float = 1e-4, abs_: float = 1e-9) -> bool:
    """True when ``value`` is close to one of ``candidates`` (the key, or the student's own)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    for candidate in candidates:
        try:
            if math.isclose(value, float(candidate), rel_tol=rel, abs_tol=abs_):
                return True
        except (TypeError, ValueError):
            continue
    return False


def own(compute):
    """What follows from the student's own earlier answers, or ``None`` if it cannot be computed.

    ``compute`` is a function of no arguments (``lambda: n * sum_x2 - sum_x ** 2``). A
    missing or malformed earlier answer must not turn a correct answer to this part into a
    failure, so any error gives ``None``, which :func:`close_to_any` ignores.
    """
    try:
        return compute()
    except Exception:  # noqa: BLE001 - any failure of the student's earlier work
        return None
