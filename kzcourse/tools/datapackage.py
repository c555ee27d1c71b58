"""Keep ``data/datapackage.json`` and ``data/errata.csv`` in step with the files on disk.

The descriptor is written by hand (titles, schemas, sources) but its checksums are
not: ``python -m kzcourse.tools.datapackage refresh`` records each file's sha256 and size,
so nobody ever types a hash. ``add FILE`` merges resources and errata from a JSON
fragment (``{"resources": [...], "errata": [...]}``) under a file lock, replacing
entries of the same name or id, so that several people can add tables at once.
"""

from __future__ import annotations

import argparse
import csv
import fcntl
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from .. import paths
from ..data import sha256

ERRATA_FIELDS = [
    "id",
    "document",
    "location",
    "printed_value",
    "recomputed_value",
    "explanation",
    "test",
]


@contextmanager
def _locked():
    lock = paths.DATA / ".datapackage.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read() -> dict:
    with open(paths.DATAPACKAGE, encoding="utf-8") as handle:
        return json.load(handle)


def write(descriptor: dict) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    tmp = paths.DATAPACKAGE.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(paths.DATAPACKAGE)


def refresh(descriptor: dict, *, only_existing: bool = True) -> list[str]:
    """Record sha256 and size of every resource file that exists; return names updated."""
    changed = []
    for res in descriptor["resources"]:
        path = paths.DATA / res["path"]
        if not path.exists():
            if not only_existing:
                raise FileNotFoundError(path)
            continue
        digest = "sha256:" + sha256(path)
        size = path.stat().st_size
        if res.get("hash") != digest or res.get("bytes") != size:
            res["hash"], res["bytes"] = digest, size
            changed.append(res["name"])
    return changed


def read_errata() -> list[dict]:
    if not paths.ERRATA.exists():
        return []
    with open(paths.ERRATA, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_errata(rows: list[dict]) -> None:
    with open(paths.ERRATA, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ERRATA_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in ERRATA_FIELDS})


def add(fragment_path: Path) -> tuple[list[str], list[str]]:
    """Merge a fragment's resources and errata; return (resource names, errata ids)."""
    fragment = json.loads(Path(fragment_path).read_text(encoding="utf-8"))
    unknown = set(fragment) - {"resources", "errata"}
    if unknown:
        raise ValueError(f"{fragment_path}: unknown key(s) {sorted(unknown)}; use 'resources' and 'errata'")
    with _locked():
        descriptor = read()
        by_name = {r["name"]: i for i, r in enumerate(descriptor["resources"])}
        for res in fragment.get("resources", []):
            if "name" not in res or "path" not in res:
                raise ValueError(f"{fragment_path}: every resource needs 'name' and 'path'")
            if res["name"] in by_name:
                descriptor["resources"][by_name[res["name"]]] = res
            else:
                by_name[res["name"]] = len(descriptor["resources"])
                descriptor["resources"].append(res)
        refresh(descriptor)
        write(descriptor)
        errata = read_errata()
        by_id = {e["id"]: i for i, e in enumerate(errata)}
        for row in fragment.get("errata", []):
            missing = [k for k in ERRATA_FIELDS if k not in row]
            if missing:
                raise ValueError(f"{fragment_path}: erratum {row.get('id')!r} lacks {missing}")
            if row["id"] in by_id:
                errata[by_id[row["id"]]] = row
            else:
                by_id[row["id"]] = len(errata)
                errata.append(row)
        write_errata(errata)
    return [r["name"] for r in fragment.get("resources", [])], [e["id"] for e in fragment.get("errata", [])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzcourse.tools.datapackage", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("refresh", help="record sha256 and size of every resource file")
    p_add = sub.add_parser("add", help="merge resources and errata from a JSON fragment")
    p_add.add_argument("fragment", type=Path)
    args = parser.parse_args(argv)
    if args.command == "refresh":
        with _locked():
            descriptor = read()
            changed = refresh(descriptor)
            write(descriptor)
        print(f"checksums updated for {len(changed)} resource(s){': ' + ', '.join(changed) if changed else ''}")
    else:
        try:
            names, ids = add(args.fragment)
        except (ValueError, json.JSONDecodeError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        print(f"merged {len(names)} resource(s) and {len(ids)} erratum/errata from {args.fragment}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
