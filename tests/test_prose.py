"""kzcourse.prose: numbers for sentences, formatted once, unquoted in both renderers."""

from __future__ import annotations

import pytest

from kzcourse.prose import Number, Numbers, num, pct, sci


def test_numbers_store_text_and_value():
    n = Numbers()
    n.slope = num(207.77765, ".2f")
    n.count = 19
    n.country = "Korea"
    assert (n.slope, n.count, n.country) == ("207.78", "19", "Korea")
    assert n.slope.value == 207.77765 and n.count.value == 19
    assert n.names() == ["slope", "count", "country"]
    assert n.values() == {"slope": 207.77765, "count": 19, "country": "Korea"}


def test_repr_is_the_text_without_quotes():
    # myst-nb and jupyterlab-myst both show an expression's text/plain repr.
    assert repr(num(0.5, ".2f")) == "0.50"
    assert repr(Number("Korea")) == "Korea"


def test_minus_signs_are_typographic_and_signs_optional():
    assert num(-115.198, ".2f") == "\u2212115.20"
    assert num(4, "d", signed=True) == "+4"
    assert num(-0.5, ".1f", signed=True) == "\u22120.5"
    assert pct(0.7305) == "73" and pct(0.99434, 1) == "99.4"


def test_scientific_notation_reads_as_print():
    assert sci(7.4e-8) == "7.4 \u00d7 10\u207b\u2078"
    assert sci(123456.0, 2) == "1.23 \u00d7 10\u2075"


def test_a_float_without_a_format_is_refused():
    n = Numbers()
    with pytest.raises(TypeError, match=r"n.slope = 207.7: say how to round it, e.g. n.slope = num\(value, '.2f'\)"):
        n.slope = 207.7
    with pytest.raises(TypeError, match="a bool is not a number"):
        n.flag = True
    with pytest.raises(TypeError, match="formats numbers"):
        num("207", ".2f")


def test_a_missing_number_says_which_cells_to_run():
    n = Numbers()
    with pytest.raises(AttributeError, match=r"n.r2 has not been computed: run the code cells above"):
        n.r2


def test_ordinals_carry_their_suffix():
    from kzcourse.prose import ordinal

    assert [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 21, 22, 28, 83, 101, 112, 193)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "28th", "83rd", "101st", "112th", "193rd"]
    assert ordinal(83).value == 83
    n = Numbers()
    n.rank = ordinal(28)
    assert n.values()["rank"] == 28 and str(n.rank) == "28th"
    with pytest.raises(TypeError, match="whole number"):
        ordinal(2.5)
