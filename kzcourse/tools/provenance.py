"""Check that every number typed in from a source document stands where we say it does.

Tables extracted by hand from the seed documents carry, in ``data/datapackage.json``,
a ``sources`` entry with the document's file name and a line range (``"lines":
"286-327"``). A table whose rows come from scattered places has a ``source_lines``
column instead, giving each row its own range. This module reads the documents
(``../shared/seeds/``, which the repository does not copy) and reports each number
that does not occur in its range: a typo in extraction, or a wrong citation.

Numbers in the documents are printed with spaces between thousands ("2 483") and
decimal commas ("0,9758"), or, in the English documents, with commas between
thousands ("1,500"); every reading of such a token is kept (one number or two; 1.5 or
1500), so the check can only pass a value that is really printed there.

Run ``python -m kzcourse.tools.provenance`` to check every extracted table.
"""

from __future__ import annotations

import math
import re
import sys
from functools import lru_cache

import pandas as pd

from .. import paths
from ..data import load, package

# A run of digit groups separated by spaces: "2 483", but also a table row such as
# "127 478 121 667" where the extraction lost the column breaks.
_RUN = re.compile(r"(?<![\d.,])[-\u2212\u2013]?\d+(?:[.,]\d+)?(?:[ \u00a0\u202f]\d+(?:[.,]\d+)?)*")
_SPACE = re.compile(r"[ \u00a0\u202f]")
# English documents group thousands with commas ("1,500"): read that way too.
_COMMA_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])")


def _number(token: str) -> float:
    token = token.replace(",", ".").replace("\u2212", "-").replace("\u2013", "-")
    return float(token)


def numbers_in(text: str) -> set[float]:
    """Every number the text can be read as containing.

    Each token alone counts, and so does every run of tokens that can be one number
    with spaces between thousands (a first group of one to three digits followed by
    groups of exactly three, the last of which may carry decimals).
    """
    found: set[float] = set()
    for match in _RUN.finditer(text):
        tokens = _SPACE.split(match.group())
        for i, first in enumerate(tokens):
            try:
                value = _number(first)
            except ValueError:
                continue
            found.update((value, abs(value)))  # a minus printed as a dash is often lost
            if not re.fullmatch(r"[-\u2212\u2013]?\d{1,3}", first):
                continue
            joined = first
            for nxt in tokens[i + 1 :]:
                if not re.fullmatch(r"\d{3}(?:[.,]\d+)?", nxt):
                    break
                joined += nxt
                value = _number(joined)
                found.update((value, abs(value)))
                if re.search(r"[.,]", nxt):
                    break
    for match in _COMMA_GROUPED.finditer(text):
        found.add(float(match.group().replace(",", "")))
    return found


@lru_cache(maxsize=8)
def _lines(document: str) -> tuple[str, ...]:
    path = paths.shared_dir() / document
    with open(path, encoding="utf-8") as handle:
        return tuple(handle.read().splitlines())


def _span(spec: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", str(spec))
    if not m:
        raise ValueError(f"line range {spec!r} is not of the form '120' or '120-180'")
    first = int(m.group(1))
    return first, int(m.group(2) or first)


def text_of(document: str, spans: list[str]) -> str:
    lines = _lines(document)
    parts = []
    for spec in spans:
        first, last = _span(spec)
        if first < 1 or last > len(lines) or first > last:
            raise ValueError(f"{document}: line range {spec} is outside 1-{len(lines)}")
        parts.append("\n".join(lines[first - 1 : last]))
    return "\n".join(parts)


def _present(value: float, printed: set[float]) -> bool:
    return any(math.isclose(value, p, rel_tol=0, abs_tol=1e-9) for p in printed)


def check(res: dict) -> list[str]:
    """Problems found for one extracted resource (empty when every number is in place)."""
    seeds = [s for s in res.get("sources", []) if str(s.get("path", "")).startswith("seeds/")]
    if not seeds:
        return []
    frame = load(res["name"])
    fields = res["schema"]["fields"]
    numeric = [
        f["name"]
        for f in fields
        if f.get("type") in ("number", "integer") and f.get("provenance", True)
    ]
    problems = []
    per_row = "source_lines" in frame.columns
    if len(seeds) > 1 and per_row and "source_document" not in frame.columns:
        problems.append(f"{res['name']}: several source documents and per-row lines need a 'source_document' column")
        return problems
    resource_text = None
    if not per_row:
        resource_text = "\n".join(text_of(s["path"], [s["lines"]] if isinstance(s["lines"], str) else s["lines"]) for s in seeds)
        resource_numbers = numbers_in(resource_text)
    for i, row in frame.iterrows():
        if per_row:
            document = row["source_document"] if "source_document" in frame.columns else seeds[0]["path"]
            document = document if str(document).startswith("seeds/") else f"seeds/{document}"
            spans = [s.strip() for s in str(row["source_lines"]).split(";")]
            try:
                printed = numbers_in(text_of(document, spans))
            except ValueError as err:
                problems.append(f"{res['name']} row {i + 2}: {err}")
                continue
        else:
            printed = resource_numbers
        for column in numeric:
            value = row[column]
            if pd.isna(value):
                continue
            if not _present(float(value), printed):
                where = row["source_lines"] if per_row else ", ".join(
                    f"{s['path']}:{s['lines']}" for s in seeds
                )
                problems.append(f"{res['name']} row {i + 2}, column {column!r}: {value} is not printed at {where}")
    return problems


def extracted_resources() -> list[dict]:
    return [r for r in package()["resources"] if any(str(s.get("path", "")).startswith("seeds/") for s in r.get("sources", []))]


def main(argv: list[str] | None = None) -> int:
    names = set(argv or sys.argv[1:])
    total = 0
    failures = []
    for res in extracted_resources():
        if names and res["name"] not in names:
            continue
        total += 1
        failures.extend(check(res))
    for line in failures:
        print(line)
    print(f"{total} table(s) checked, {len(failures)} value(s) not found at their cited place")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
