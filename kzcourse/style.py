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
HIGHLIGHT = KAZAKHSTAN
MUTED = "#7f7f7f"


def setup() -> None:
    """Apply the course's pandas and matplotlib defaults (idempotent)."""
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
