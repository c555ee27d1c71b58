"""The notebook widgets and the book's kernel-free twin of the regression explorer."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from kzcourse import egdi_cpi
from kzcourse.explorer import explorer_view
from kzcourse.interactive import fit_explorer
from kzcourse.widgets import CUSTOM, regression_explorer


@pytest.fixture(scope="module")
def rows():
    return egdi_cpi.rows()


@pytest.fixture(scope="module")
def spec():
    return egdi_cpi.explorer_spec()


def test_rows_hold_the_paper_column_only_for_its_countries(rows):
    paper = rows.dropna(subset=["cpi_paper"])
    assert len(paper) == 19 and set(paper["year"]) == {2020}
    kaz = rows[(rows["iso3"] == "KAZ")].set_index("year")
    assert kaz.loc[2020, "cpi_lead2"] == 36 and kaz.loc[2022, "cpi_lead2"] == 40


def test_explorer_view_reproduces_the_paper(rows):
    view = explorer_view(rows, year=2020, x="egdi", y="cpi_paper", members=egdi_cpi.paper_countries())
    assert view.fit.n == 19
    assert view.fit.slope == pytest.approx(207.78, abs=0.005)
    assert "R² = 0.8256" in view.message


def test_explorer_view_says_why_it_cannot_fit(rows):
    few = explorer_view(rows, year=2020, x="egdi", y="cpi_score", members=["KAZ", "DNK"])
    assert few.fit is None and "at least three countries" in few.message and "(2 now)" in few.message
    flat = rows.assign(const=1.0)
    same = explorer_view(flat, year=2020, x="const", y="cpi_score", members=None, x_label="Constant")
    assert same.fit is None and "Constant takes a single value" in same.message


def test_widget_updates_and_reports_bad_choices(rows, spec):
    box = regression_explorer(rows, spec)
    (year_w, x_w, y_w, set_w), pick_w = box.children[0].children[0].children, box.children[0].children[1]
    readout = box.children[1]
    assert "207.78" in readout.value and pick_w.disabled
    y_w.value = "cpi_score"
    assert "207.06" in readout.value
    set_w.value = CUSTOM
    assert not pick_w.disabled
    pick_w.value = ("KAZ", "DNK")
    assert "No fit" in readout.value and "at least three" in readout.value
    set_w.value = "all"
    year_w.value = 2022
    assert "Fit on 177 countries" in readout.value


def test_twin_html_contract(rows, spec):
    html = fit_explorer(rows, spec, figure_id="egdi-cpi", caption="test caption").to_html()
    assert 'class="kz-interactive" data-kz-figure="egdi-cpi"' in html
    controls = re.findall(r'data-kz-control="(\w+)"', html)
    assert controls == ["year", "x", "y", "set"]
    alt = re.search(r'<noscript><img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html).group(1)
    assert "207.78" in alt and "19 countries" in alt
    spec = json.loads(re.search(r'<script type="application/json" class="kz-spec">(.*?)</script>', html, re.S).group(1))
    assert len(spec["sets"]["paper"]) == 19 and spec["sets"]["all"] is None
    assert {r["year"] for r in spec["rows"]} == {2012, 2014, 2016, 2018, 2020, 2022}
    assert re.findall(r"https?://", html) == [], "the twin must load nothing from other hosts"
    assert 'window.kzFigures["egdi-cpi"]' in html


def test_twin_and_widget_reject_bad_specs(rows, spec):
    import dataclasses

    with pytest.raises(ValueError, match="figure_id"):
        fit_explorer(rows, spec, figure_id="Bad Id")
    with pytest.raises(ValueError, match="default x 'gdp'"):
        fit_explorer(rows, dataclasses.replace(spec, default_x="gdp"), figure_id="ok")
    with pytest.raises(ValueError, match="lacks column"):
        fit_explorer(rows.drop(columns=["tii"]), spec, figure_id="ok")
    with pytest.raises(ValueError, match="default_year 2021"):
        regression_explorer(rows, dataclasses.replace(spec, default_year=2021))


def test_palette_is_colour_blind_safe():
    from kzcourse import style

    assert style.PALETTE[:4] == ["#0072B2", "#E69F00", "#009E73", "#D55E00"]  # Okabe-Ito
    style.setup(chapter=3)
    caption = style.table(pd.DataFrame({"a": [1]}), "A caption.").caption
    assert caption == "Table 3.1. A caption."


def test_precomputed_figure_carries_its_states_and_the_shared_loader():
    import plotly.graph_objects as go

    from kzcourse.interactive import precomputed_figure

    fig = go.Figure([go.Scatter(x=[1, 2], y=[3, 4]), go.Scatter(x=[1, 2], y=[4, 3], visible=False)])
    fig.update_layout(updatemenus=[{"buttons": [
        {"label": "rising", "method": "update", "args": [{"visible": [True, False]}]},
        {"label": "falling", "method": "update", "args": [{"visible": [False, True]}]},
    ]}], meta={"readout": {"0": "Rising", "1": "Falling"}})
    html_text = precomputed_figure(fig, figure_id="two-lines", caption="Two lines", alt="Two lines crossing",
                                   fallback_png=b"png").to_html()
    spec = json.loads(re.search(r'<script type="application/json" class="kz-spec">(.*?)</script>', html_text, re.S).group(1))
    assert [b["label"] for b in spec["layout"]["updatemenus"][0]["buttons"]] == ["rising", "falling"]
    assert spec["layout"]["meta"]["readout"] == {"0": "Rising", "1": "Falling"}
    assert "kzWithPlotly" in html_text and 'data-kz-figure="two-lines"' in html_text
    assert 'alt="Two lines crossing"' in html_text
    with pytest.raises(ValueError, match="lowercase letters"):
        precomputed_figure(fig, figure_id="Two Lines", caption="", alt="", fallback_png=b"")
