"""Numbers computed in a chapter and inserted into its sentences, the same in the book and in JupyterLab.

A chapter never types a number into its prose. A code cell computes it and stores it,
formatted, on a :class:`Numbers` object (by convention ``n``); the text then refers
to it with the MyST inline role ``{eval}`n.slope```. Two renderers read that role:

* the book's build (myst-nb in ``inline`` execution mode) evaluates ``n.slope`` in the
  chapter's kernel while it builds the page, and a name that was never computed is a
  build error (the book is built with warnings as errors);
* JupyterLab with the jupyterlab-myst extension evaluates the same expression when a
  student runs the Markdown cell, so the sentences a student reads carry the numbers.

Both show a string's plain-text form without quotes, so each value is stored as a
:class:`Number`: a ``str`` (its formatted text) that also keeps the unformatted
``value`` for tests. Assigning a float without saying how to format it is refused,
because ``207.77815...`` in a sentence is as wrong as a typed-in ``207.78``.

>>> n = Numbers()
>>> n.slope = num(207.7781, ".2f")
>>> n.countries = 19
>>> n.worst = "Korea"
>>> f"{n.slope} / {n.countries} / {n.worst}"
'207.78 / 19 / Korea'
>>> n.slope.value
207.7781
"""

from __future__ import annotations

import numbers
from typing import Any

__all__ = ["Number", "Numbers", "num", "pct", "sci", "ordinal"]


class Number(str):
    """A formatted number that prints without quotes and remembers its value."""

    value: Any

    def __new__(cls, text: str, value: Any = None):
        self = super().__new__(cls, text)
        self.value = text if value is None else value
        return self

    def __repr__(self) -> str:  # what both renderers show: the text, unquoted
        return str(self)


def num(value, spec: str = "", *, signed: bool = False) -> Number:
    """Format ``value`` with a format spec (``".2f"``, ``",.0f"``, ``".1%"``...).

    ``signed`` writes a leading ``+`` for positive values (changes, residuals); a
    minus sign is always the typographic minus (U+2212), as in print.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"num() formats numbers; got {type(value).__name__} {value!r}")
    text = format(value, ("+" if signed else "") + spec)
    return Number(text.replace("-", "\u2212"), value)


def pct(share, decimals: int = 0) -> Number:
    """A share (0.23) as a percentage without the sign ("23"), for "23 per cent"."""
    return Number(format(100 * share, f".{decimals}f").replace("-", "\u2212"), share)


def ordinal(value) -> Number:
    """A whole number as an English ordinal ("1st", "83rd", "112th"), for ranks in prose.

    A rank written "{eval}`n.rank`th" turns wrong ("83th") the day the data change, so
    the suffix is computed with the number.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"ordinal() takes a whole number; got {type(value).__name__} {value!r}")
    k = int(value)
    suffix = "th" if 10 <= abs(k) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(k) % 10, "th")
    return Number(f"{k}{suffix}".replace("-", "\u2212"), k)


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def sci(value, digits: int = 1) -> Number:
    """A small or large number as "7.4 × 10⁻⁸" (p-values), readable in any renderer."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"sci() formats numbers; got {type(value).__name__} {value!r}")
    mantissa, exponent = format(value, f".{digits}e").split("e")
    text = f"{mantissa} \u00d7 10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return Number(text.replace("-", "\u2212", 1) if value < 0 else text, value)


class Numbers:
    """The numbers of one page, set as attributes and read by ``{eval}`` roles.

    An ``int`` or a ``str`` is stored as it is; a float must come through :func:`num`
    (or :func:`pct`) so that its rounding is chosen, not inherited. Reading a name
    that was never set raises an error that says which cell to run.
    """

    def __init__(self) -> None:
        object.__setattr__(self, "_values", {})

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, Number):
            stored = value
        elif isinstance(value, bool):
            raise TypeError(f"n.{name}: a bool is not a number for prose; use a word")
        elif isinstance(value, numbers.Integral):
            stored = Number(format(int(value), "d").replace("-", "\u2212"), int(value))
        elif isinstance(value, str):
            stored = Number(value)
        elif isinstance(value, numbers.Real):
            raise TypeError(
                f"n.{name} = {value!r}: say how to round it, e.g. n.{name} = num(value, '.2f')"
            )
        else:
            raise TypeError(f"n.{name}: store a number or a string, not {type(value).__name__}")
        self._values[name] = stored

    def __getattr__(self, name: str) -> Number:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(
                f"n.{name} has not been computed: run the code cells above this sentence "
                "(Run > Run All Cells)"
            ) from None

    def names(self) -> list[str]:
        """Every name set so far, in the order they were set."""
        return list(self._values)

    def values(self) -> dict[str, Any]:
        """Name -> unformatted value, for tests."""
        return {k: v.value for k, v in self._values.items()}

    def __repr__(self) -> str:
        return f"Numbers({len(self._values)} values: {', '.join(self._values)})"
