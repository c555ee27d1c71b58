"""Display defaults and the course palette, set once per page by the preamble cell.

Every chapter starts with one hidden cell, ``from kzcourse.style import setup;
setup()``, so that tables, numbers and figures look the same on every page and a
change of style is made here once.

The palette is Okabe and Ito's eight colours, chosen to stay distinguishable for
the common forms of colour-vision deficiency; Kazakhstan is always drawn in the
same vermillion so that a reader can find it in any figure.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "black")]
KAZAKHSTAN = OKABE_ITO["vermillion"]
MUTED = "#7f7f7f"


def setup(chapter: int | None = None) -> None:
    """Apply the course's pandas and matplotlib defaults and restart table numbering.

    ``chapter`` prefixes table numbers ("Table 3.1") on chapter pages.
    """
    number_tables(f"{chapter}." if chapter is not None else "")
    pd.set_option("display.max_rows", 30)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 4)
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "figure.figsize": (7.0, 4.2),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 11,
            "axes.titlesize": 12,
            "legend.frameon": False,
        }
    )


_TABLES = {"count": 0, "prefix": ""}
_TABLE_CSS = [
    {"selector": "th, td", "props": "padding: 0.25em 0.8em; text-align: right;"},
    {"selector": "th.col_heading", "props": "border-bottom: 1px solid #888; vertical-align: bottom;"},
    {"selector": "td.col0, th.col0", "props": "text-align: left;"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-style: italic; padding-bottom: 0.4em;"},
    {"selector": "", "props": "border-collapse: collapse; margin: 0.5em 0 1em;"},
]


def number_tables(prefix: str = "") -> None:
    """Restart table numbering for a page; ``prefix`` ("3." for Chapter 3) precedes each number."""
    _TABLES.update(count=0, prefix=prefix)


def table(frame: pd.DataFrame, caption: str, formats=None, precision: int | None = None):
    """A numbered, captioned table with the course's spacing, in the notebook and the book.

    Numbers come from a counter reset by :func:`number_tables` (the preamble calls it),
    so tables stay numbered in order however cells are added or moved.
    """
    _TABLES["count"] += 1
    styler = frame.style.hide(axis="index").set_caption(f"Table {_TABLES['prefix']}{_TABLES['count']}. {caption}")
    styler = styler.set_table_styles(_TABLE_CSS)
    if formats is not None:
        styler = styler.format(formats)
    elif precision is not None:
        styler = styler.format(precision=precision)
    return styler
