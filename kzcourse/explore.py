"""Show a chapter's explorer as what the reader can use: a live widget in a notebook, its twin in the book.

A chapter's "Explore it yourself" cell calls one function here. In JupyterLab (or any
kernel) it returns the ipywidgets control, which recomputes in Python. When the book is
built, no kernel will run behind the page, so the same call returns the kernel-free
twin instead (:mod:`kzcourse.interactive`), which recomputes in the reader's browser.
Each reader therefore gets one live explorer and never a dead copy of the other: the
notebook shows no browser-only figure, and the book's page carries no widget snapshot
(and so no widget manager to download).

The book's build (``python -m kzcourse.tools.build``) sets ``KZCOURSE_BOOK=1`` in the
environment of the kernels that execute the pages.
"""

from __future__ import annotations

import os
from typing import Callable

import pandas as pd

from .explorer import ExplorerSpec

BOOK_ENV = "KZCOURSE_BOOK"

__all__ = ["BOOK_ENV", "in_book", "choose", "cpi_explorer", "egdi_explorer", "regression_explorer", "crime_explorer",
           "survey_explorer"]


def in_book() -> bool:
    """True while the book's build executes a page; False in a notebook a person runs."""
    return os.environ.get(BOOK_ENV) == "1"


def choose(widget: Callable[[], object], twin: Callable[[], object]):
    """Build only the face this reader can use: ``twin()`` in the book, ``widget()`` elsewhere."""
    return twin() if in_book() else widget()


def regression_explorer(rows: pd.DataFrame, spec: ExplorerSpec, *, figure_id: str, caption: str):
    """Chapter 3's explorer: refit the CPI on the EGDI for any year, variables and countries."""
    from .interactive import fit_explorer
    from .widgets import regression_explorer as widget

    return choose(
        widget=lambda: widget(rows, spec),
        twin=lambda: fit_explorer(rows, spec, figure_id=figure_id, caption=caption),
    )


def egdi_explorer(*, figure_id: str = "egdi", default_set: str = "cis", default_year: int = 2022):
    """Chapter 2's explorer: the EGDI's parts for a set of countries, and the component correlations of the top N."""
    from .egov_explorer import twin, widget

    return choose(
        widget=lambda: widget(default_set=default_set, default_year=default_year),
        twin=lambda: twin(figure_id=figure_id, default_set=default_set, default_year=default_year),
    )


def crime_explorer(*, figure_id: str, caption: str, selection="all", measure: str = "registered", scale: str = "count"):
    """Chapter 4's explorer: corruption offences by article or group, measure, scale and years."""
    from .crime_explorer import crime_twin, crime_widget

    return choose(
        widget=lambda: crime_widget(selection=selection, measure=measure, scale=scale),
        twin=lambda: crime_twin(figure_id=figure_id, caption=caption, selection=selection, measure=measure, scale=scale),
    )


def survey_explorer(*, figure_id: str, caption: str):
    """Chapter 5's explorer: a survey share's intervals, a change between waves, the granularity check."""
    from .surveys_explorer import twin, widget

    return choose(widget=widget, twin=lambda: twin(figure_id=figure_id, caption=caption))


def cpi_explorer(*, figure_id: str, caption: str, selection=None):
    """Chapter 1's explorer: the CPI of any countries, score or percentile, with its band and the timeline's events."""
    from .history_explorer import Selection, twin, widget

    selection = selection or Selection()
    return choose(
        widget=lambda: widget(selection),
        twin=lambda: twin(figure_id=figure_id, caption=caption, selection=selection),
    )
