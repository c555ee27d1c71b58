"""What a regression explorer shows, shared by the notebook widget and the book's twin.

An explorer lets a reader pick a year, a regressor ``x``, an outcome ``y`` and a set
of countries, and shows the scatter with its least-squares line. The notebook's
ipywidgets control (:mod:`kzcourse.widgets`) and the kernel-free figure of the
published book (:mod:`kzcourse.interactive`) are two faces of the same view: they take
the same :class:`ExplorerSpec`, select points with :func:`explorer_view` and draw the
static picture (the widget's plot, the twin's no-JavaScript fallback) with
:func:`draw_png`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import style
from .regression import FitSummary, RegressionError, fit_summary


@dataclass(frozen=True)
class ExplorerSpec:
    """The choices an explorer offers and where it starts.

    ``sets`` maps a set's id to ``(label, ISO3 codes)``; ``None`` as codes means every
    country. ``highlight`` is the ISO3 code drawn apart (Kazakhstan by default).
    """

    x_options: dict[str, str]
    y_options: dict[str, str]
    sets: dict[str, tuple[str, list[str] | None]]
    default_year: int
    default_x: str
    default_y: str
    default_set: str
    highlight: str | None = "KAZ"
    highlight_label: str = "Kazakhstan"

    def check(self, rows: pd.DataFrame) -> None:
        """Raise ValueError naming the first choice the data cannot serve."""
        missing = [c for c in ["iso3", "country", "year", *self.x_options, *self.y_options] if c not in rows.columns]
        if missing:
            raise ValueError(f"rows lacks column(s) {missing}")
        for name, default, options in (
            ("x", self.default_x, self.x_options),
            ("y", self.default_y, self.y_options),
            ("set", self.default_set, self.sets),
        ):
            if default not in options:
                raise ValueError(f"default {name} {default!r} is not one of {list(options)}")
        years = sorted(int(v) for v in rows["year"].unique())
        if self.default_year not in years:
            raise ValueError(f"default_year {self.default_year} is not in the data's years {years}")


@dataclass
class ExplorerView:
    """What the explorer shows for one choice of inputs: the points and the fit, or why not."""

    points: pd.DataFrame
    fit: FitSummary | None
    message: str


def explorer_view(rows: pd.DataFrame, *, year: int, x: str, y: str, members, x_label: str = "", y_label: str = "") -> ExplorerView:
    """Select the points for a year and set of countries and fit ``y`` on ``x``.

    ``members`` is a collection of ISO3 codes, or ``None`` for every country. A choice
    that cannot be fitted gives a view with no fit and a message saying why.
    """
    points = rows[(rows["year"] == year)].dropna(subset=[x, y])
    if members is not None:
        points = points[points["iso3"].isin(list(members))]
    x_label, y_label = x_label or x, y_label or y
    try:
        fit = fit_summary(points[x], points[y])
    except RegressionError as err:
        if len(points) < 3:
            why = f"choose at least three countries with both values in {year} ({len(points)} now)"
        elif points[x].nunique() < 2:
            why = f"{x_label} takes a single value among these countries, so no line fits better than another"
        else:
            why = str(err)
        return ExplorerView(points, None, f"No fit: {why}.")
    message = (
        f"Fit on {fit.n} countries: {y_label} = {fit.intercept:.2f} + {fit.slope:.2f} × {x_label}, "
        f"R² = {fit.r2:.4f}."
    )
    return ExplorerView(points, fit, message)


def default_view(rows: pd.DataFrame, spec: ExplorerSpec) -> ExplorerView:
    """The view an explorer opens with."""
    return explorer_view(
        rows,
        year=spec.default_year,
        x=spec.default_x,
        y=spec.default_y,
        members=spec.sets[spec.default_set][1],
        x_label=spec.x_options[spec.default_x],
        y_label=spec.y_options[spec.default_y],
    )


def draw_png(view: ExplorerView, x: str, y: str, x_label: str, y_label: str, highlight: str | None, dpi: int = 90) -> bytes:
    """The view as a PNG: points, the highlighted country, and the line when there is one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    pts = view.points
    ax.scatter(pts[x], pts[y], color=style.OKABE_ITO["blue"], alpha=0.8)
    if highlight is not None:
        hl = pts[pts["iso3"] == highlight]
        if len(hl):
            ax.scatter(hl[x], hl[y], color=style.KAZAKHSTAN, marker="D", s=70, zorder=3, label="Kazakhstan")
            ax.legend(loc="upper left")
    if view.fit is not None:
        grid = np.linspace(pts[x].min(), pts[x].max(), 2)
        ax.plot(grid, view.fit.predict(grid), color="black", lw=1.5)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def describe(view: ExplorerView, x_label: str, y_label: str, year: int, who: str) -> str:
    """Alt text for a picture of the view: what is plotted, for whom, and the fit."""
    return f"Scatter plot of {y_label} against {x_label} in {year} for {who}, {len(view.points)} countries. {view.message}"
