"""Load the course's tables by name, typed and checked against ``data/datapackage.json``.

Every chapter, exercise and test reads data through :func:`load`, so that a table
has one description (its schema in the data package), one checksum and one set of
constraints. A value that breaks the schema stops the reader with the file, row
and column at fault instead of surfacing later as a wrong slope.

>>> from kzcourse.data import load, names
>>> cpi = load("cpi")                    # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = [
    "DataError",
    "UnknownTableError",
    "MissingFileError",
    "ChecksumError",
    "SchemaError",
    "load",
    "names",
    "listing",
    "resource",
    "package",
    "sha256",
]


class DataError(Exception):
    """Base class of every data problem this module reports."""


class UnknownTableError(DataError, KeyError):
    """The name is not a resource of the data package."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class MissingFileError(DataError, FileNotFoundError):
    """The resource is described but its file is not on disk."""


class ChecksumError(DataError):
    """The file on disk is not the file the data package describes."""


class SchemaError(DataError, ValueError):
    """A value or column breaks the resource's schema."""


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def package(path: Path | None = None) -> dict:
    """The data package descriptor as a dict (read afresh when the file changes)."""
    path = Path(path or paths.DATAPACKAGE)
    return _read_package(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_package(path: str, _mtime: int) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def names() -> list[str]:
    """Names of every table the course ships or derives, in package order."""
    return [r["name"] for r in package()["resources"]]


def resource(name: str) -> dict:
    """The descriptor of one resource; a clear error for an unknown name."""
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    close = _close_names(name, names())
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownTableError(
        f"No table named {name!r} in {paths.shown(paths.DATAPACKAGE)}.{hint} "
        "kzcourse.data.names() lists them all."
    )


def _close_names(name: str, known: list[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, known, n=3, cutoff=0.5)


def listing() -> pd.DataFrame:
    """One row per table: name, title, kind (raw, extracted, reference, derived), rows, path."""
    rows = []
    for res in package()["resources"]:
        rows.append(
            {
                "name": res["name"],
                "title": res.get("title", ""),
                "kind": _kind(res),
                "path": res["path"],
                "licence": ", ".join(lic.get("name", "") for lic in res.get("licenses", [])),
            }
        )
    return pd.DataFrame(rows)


def _kind(res: dict) -> str:
    return res["path"].split("/", 1)[0]


def _path(res: dict) -> Path:
    return paths.DATA / res["path"]


def load(name: str, *, verify: bool = True) -> pd.DataFrame:
    """Return the table ``name`` as a DataFrame typed by its schema.

    Derived tables (under ``data/derived/``) are rebuilt from the raw files when
    they are missing, so a fresh checkout works without running ``make data``
    first. ``verify`` checks the file's SHA-256 against the package before reading.
    """
    res = resource(name)
    path = _path(res)
    if not path.exists():
        if _kind(res) == "derived":
            from . import derive

            derive.build_all()
        if not path.exists():
            raise MissingFileError(
                f"Table {name!r}: file {paths.shown(path)} is missing. "
                + (
                    "Run 'make data' to derive it from data/raw/."
                    if _kind(res) == "derived"
                    else "It is part of the repository: restore it with 'git checkout -- "
                    f"{paths.shown(path)}'."
                )
            )
    if verify and "hash" in res:
        expected = res["hash"].split(":", 1)[-1]
        actual = sha256(path)
        if actual != expected:
            advice = (
                "Run 'make data' to rebuild it."
                if _kind(res) == "derived"
                else "The file was changed after the package was written; if the change is "
                "intended, run 'make datapackage' to record the new checksum."
            )
            raise ChecksumError(
                f"Table {name!r}: {paths.shown(path)} has sha256 {actual[:12]}..., "
                f"the data package expects {expected[:12]}.... {advice}"
            )
    return _read_typed(res, path)


def _read_typed(res: dict, path: Path) -> pd.DataFrame:
    dialect = res.get("dialect", {})
    header_rows = dialect.get("headerRows", [1])
    fields = res["schema"]["fields"]
    missing = res["schema"].get("missingValues", [""])
    frame = pd.read_csv(
        path,
        sep=dialect.get("delimiter", ","),
        skiprows=header_rows[0] - 1,
        dtype=str,
        keep_default_na=False,
        encoding=res.get("encoding", "utf-8"),
    )
    where = paths.shown(path)
    # A trailing delimiter makes pandas invent unnamed empty columns; drop those only.
    extra = [c for c in frame.columns if c.startswith("Unnamed:") and (frame[c] == "").all()]
    frame = frame.drop(columns=extra)
    expected = [f["name"] for f in fields]
    if list(frame.columns) != expected:
        missing_cols = [c for c in expected if c not in frame.columns]
        unexpected = [c for c in frame.columns if c not in expected]
        raise SchemaError(
            f"{where}: the header does not match the schema of {res['name']!r}"
            + (f"; missing column(s) {missing_cols}" if missing_cols else "")
            + (f"; unexpected column(s) {unexpected}" if unexpected else "")
            + ("; same columns in another order" if not missing_cols and not unexpected else "")
        )
    first_line = header_rows[-1] + 1  # file line of the first data row
    out = {}
    for field in fields:
        out[field["name"]] = _convert(frame[field["name"]], field, missing, where, first_line)
    typed = pd.DataFrame(out)
    _check_keys(typed, res, where, first_line)
    return typed


def _fail(where, line, column, value, why) -> SchemaError:
    return SchemaError(f"{where}, line {line}, column {column!r}: value {value!r} {why}")


def _convert(raw: pd.Series, field: dict, missing, where, first_line) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    is_missing = raw.isin(missing)
    constraints = field.get("constraints", {})
    if constraints.get("required") and is_missing.any():
        i = int(np.flatnonzero(is_missing.to_numpy())[0])
        raise _fail(where, first_line + i, name, raw.iloc[i], "is missing but the column is required")
    present = raw[~is_missing]
    if kind in ("integer", "year"):
        bad = ~present.str.fullmatch(r"[+-]?\d+")
        values = pd.array([None] * len(raw), dtype="Int64")
        series = pd.Series(values, index=raw.index, name=name)
        if bad.any():
            i = raw.index.get_loc(bad[bad].index[0])
            raise _fail(where, first_line + i, name, raw.iloc[i], f"is not an {kind}")
        series[~is_missing] = present.astype("int64")
    elif kind == "number":
        series = pd.to_numeric(raw.where(~is_missing, None), errors="coerce").astype("float64")
        bad = series.isna() & ~is_missing
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise _fail(where, first_line + i, name, raw.iloc[i], "is not a number")
    elif kind == "boolean":
        true = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
        false = set(field.get("falseValues", ["false", "False", "FALSE", "0"]))
        bad = ~present.isin(true | false)
        if bad.any():
            i = raw.index.get_loc(bad[bad].index[0])
            raise _fail(where, first_line + i, name, raw.iloc[i], "is not a boolean")
        series = pd.Series(pd.array([None] * len(raw), dtype="boolean"), index=raw.index, name=name)
        series[~is_missing] = present.isin(true)
    elif kind == "string":
        series = raw.where(~is_missing, None).astype("string")
        pattern = constraints.get("pattern")
        if pattern:
            bad = ~present.str.fullmatch(pattern)
            if bad.any():
                i = raw.index.get_loc(bad[bad].index[0])
                raise _fail(where, first_line + i, name, raw.iloc[i], f"does not match the pattern {pattern!r}")
    else:
        raise SchemaError(f"{where}: column {name!r} has type {kind!r}, which kzcourse.data does not read")
    _check_constraints(series, raw, field, where, first_line)
    return series


def _check_constraints(series, raw, field, where, first_line) -> None:
    name = field["name"]
    c = field.get("constraints", {})
    checks = []
    if "minimum" in c:
        checks.append((series < c["minimum"], f"is below the minimum {c['minimum']}"))
    if "maximum" in c:
        checks.append((series > c["maximum"], f"is above the maximum {c['maximum']}"))
    if "enum" in c:
        checks.append((~series.isin(c["enum"]) & series.notna(), f"is not one of {c['enum']}"))
    if c.get("unique"):
        checks.append((series.duplicated(keep="first") & series.notna(), "repeats a value that must be unique"))
    for mask, why in checks:
        mask = mask.fillna(False).to_numpy(dtype=bool)
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            raise _fail(where, first_line + i, name, raw.iloc[i], why)


def _check_keys(frame: pd.DataFrame, res: dict, where, first_line) -> None:
    key = res["schema"].get("primaryKey")
    if not key:
        return
    key = [key] if isinstance(key, str) else list(key)
    dup = frame.duplicated(subset=key, keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        value = tuple(frame.iloc[i][k] for k in key)
        raise SchemaError(
            f"{where}, line {first_line + i}: primary key {key} value {value} appears twice "
            f"in {res['name']!r}"
        )


_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def is_snake_case(name: str) -> bool:
    """Column names of tidy tables are English snake_case (used by the tests)."""
    return bool(_SNAKE.match(name))
