#!/usr/bin/env python3
"""Build ``resources/wilayah/`` from the npm package ``idn-area-data@4.0.1``.

Dev-time only; the application never runs this. Needs ``npm`` and access to the npm
registry. Re-runnable: ``wilayah.csv.gz`` comes out byte-identical on every run (gzip
mtime 0); only the conversion date in ``SOURCE.md`` changes (pin it with ``--date``).

    python3 build/make_wilayah.py [--date YYYY-MM-DD]

Writes ``wilayah.csv.gz`` (``kode,nama``, sorted by code), ``SOURCE.md`` and
``LICENSE-ODbL.md``. Fails loudly when the package, its integrity or any count is not
what we expect (see research/regions.md).
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "idn-area-data"
VERSION = "4.0.1"
#: Integrity of the tarball as published; a different tarball stops the build.
EXPECTED_INTEGRITY = (
    "sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83"
    "AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ=="
)
REGULATION = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
ATTRIBUTION = (
    f"Data wilayah: {PACKAGE} {VERSION} © Fityan (fityannugroho), ODbL 1.0, "
    "berdasarkan Kepmendagri 300.2.2-2138/2025"
)

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "resources" / "wilayah"

#: (file under data/, expected header, level, level name, expected rows)
LEVELS = (
    ("provinces.csv", ["code", "name"], 1, "Provinsi", 38),
    ("regencies.csv", ["code", "province_code", "name"], 2, "Kabupaten/kota", 514),
    ("districts.csv", ["code", "regency_code", "name"], 3, "Kecamatan", 7_285),
    ("villages.csv", ["code", "district_code", "name"], 4, "Desa/kelurahan", 83_762),
)
CODE_RE = {
    1: re.compile(r"\d{2}"),
    2: re.compile(r"\d{2}\.\d{2}"),
    3: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    4: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
EXPECTED_JENIS = {"kelurahan": 8_496, "desa": 75_252, "desa adat": 14}
EXPECTED_KABKOTA = {"Kabupaten": 416, "Kota": 98}
EXPECTED_LOWER_CASE_FIXES = 6
JENIS_BY_DIGIT = {"1": "kelurahan", "2": "desa", "3": "desa adat"}


class BuildError(Exception):
    """The input is not what this script was written for."""


@dataclass(frozen=True)
class Fetched:
    """The package tarball and its integrity string."""

    tarball: Path
    integrity: str


def fetch(dest: Path) -> Fetched:
    """Run ``npm pack`` into *dest* and check the tarball's sha512 integrity."""
    proc = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json"],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BuildError(f"npm pack failed ({proc.returncode}):\n{proc.stderr}")
    info = json.loads(proc.stdout)[0]
    if info.get("version") != VERSION:
        raise BuildError(f"npm pack returned version {info.get('version')!r}, not {VERSION}")
    tarball = dest / info["filename"]
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    integrity = "sha512-" + base64.b64encode(digest).decode("ascii")
    if integrity != info.get("integrity"):
        raise BuildError(f"integrity mismatch: file {integrity}, npm {info.get('integrity')}")
    if integrity != EXPECTED_INTEGRITY:
        raise BuildError(f"unexpected tarball integrity {integrity}; expected {EXPECTED_INTEGRITY}")
    return Fetched(tarball, integrity)


def read_member(tar: tarfile.TarFile, name: str) -> bytes:
    """Return the bytes of ``package/<name>`` from the tarball."""
    member = tar.extractfile(f"package/{name}")
    if member is None:
        raise BuildError(f"{name} is not a regular file in the tarball")
    return member.read()


def capitalise_words(name: str) -> str:
    """Upper-case the first letter of each space-separated word (not ``str.title``)."""
    return " ".join(word[:1].upper() + word[1:] for word in name.split(" "))


def parse_level(
    raw: bytes, filename: str, header: list[str], level: int
) -> list[tuple[str, str, str]]:
    """Parse one CSV into ``(code, parent, name)`` rows, checking codes and parents."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    got = next(reader)
    if got != header:
        raise BuildError(f"{filename}: header {got}, expected {header}")
    rows = []
    for lineno, rec in enumerate(reader, start=2):
        if len(rec) != len(header):
            raise BuildError(f"{filename}:{lineno}: {len(rec)} fields, expected {len(header)}")
        code, name = rec[0], rec[-1]
        parent = rec[1] if level > 1 else ""
        if not CODE_RE[level].fullmatch(code):
            raise BuildError(f"{filename}:{lineno}: bad level-{level} code {code!r}")
        if level > 1 and code.rsplit(".", 1)[0] != parent:
            raise BuildError(f"{filename}:{lineno}: code {code} but parent column {parent}")
        if not name or name != name.strip() or "  " in name:
            raise BuildError(f"{filename}:{lineno}: odd name {name!r}")
        rows.append((code, parent, name))
    return rows


def fmt(n: int) -> str:
    """Format a count with thousands separators (``83,762``)."""
    return f"{n:,}"


def build(fetched: Fetched, date: str) -> None:
    """Read the package, check it and write the three files under ``resources/wilayah``."""
    with tarfile.open(fetched.tarball, "r:gz") as tar:
        package = json.loads(read_member(tar, "package.json"))
        if package.get("name") != PACKAGE or package.get("version") != VERSION:
            raise BuildError(f"package.json says {package.get('name')}@{package.get('version')}")
        licence = read_member(tar, "data/LICENSE.md")
        raw = {filename: read_member(tar, f"data/{filename}") for filename, *_ in LEVELS}

    names: dict[str, str] = {}
    counts: dict[int, int] = {}
    for filename, header, level, _label, _expected in LEVELS:
        rows = parse_level(raw[filename], filename, header, level)
        counts[level] = len(rows)
        for code, parent, name in rows:
            if code in names:
                raise BuildError(f"{filename}: duplicate code {code}")
            if level > 1 and parent not in names:
                raise BuildError(f"{filename}: {code} has no parent {parent}")
            names[code] = name

    # Fix the all-lower-case names (upstream typos such as "lamuk").
    fixes = []
    for code, name in names.items():
        if name == name.lower() and any(c.isalpha() for c in name):
            fixed = capitalise_words(name)
            fixes.append((code, name, fixed))
            names[code] = fixed

    jenis = {j: 0 for j in EXPECTED_JENIS}
    kabkota = {k: 0 for k in EXPECTED_KABKOTA}
    for code, name in names.items():
        parts = code.split(".")
        if len(parts) == 4:
            jenis[JENIS_BY_DIGIT.get(parts[3][0], f"unknown {parts[3][0]}xxx")] += 1
        elif len(parts) == 2:
            kabkota[name.split(" ", 1)[0]] = kabkota.get(name.split(" ", 1)[0], 0) + 1

    total = sum(counts.values())
    print(f"{PACKAGE}@{VERSION} {fetched.integrity}")
    for _filename, _header, level, label, _expected in LEVELS:
        print(f"  level {level} {label:<15} {counts[level]:>7,}")
    print(f"  total                   {total:>7,}")
    print("  kelurahan / desa / desa adat: " + " / ".join(fmt(v) for v in jenis.values()))
    print("  kabupaten / kota: " + " / ".join(fmt(v) for v in kabkota.values()))
    for code, old, new in fixes:
        print(f"  name fix {code}: {old!r} -> {new!r}")

    problems = [
        f"{label}: {fmt(counts[level])} rows, expected {fmt(expected)}"
        for _f, _h, level, label, expected in LEVELS
        if counts[level] != expected
    ]
    if jenis != EXPECTED_JENIS:
        problems.append(f"kelurahan/desa/desa adat {jenis}, expected {EXPECTED_JENIS}")
    if kabkota != EXPECTED_KABKOTA:
        problems.append(f"kabupaten/kota {kabkota}, expected {EXPECTED_KABKOTA}")
    if len(fixes) != EXPECTED_LOWER_CASE_FIXES:
        problems.append(f"{len(fixes)} lower-case names, expected {EXPECTED_LOWER_CASE_FIXES}")
    if problems:
        raise BuildError(
            "counts differ from Kepmendagri 300.2.2-2138/2025:\n  " + "\n  ".join(problems)
        )

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["kode", "nama"])
    writer.writerows(sorted(names.items()))
    text = buf.getvalue()
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)

    # Read the result back before trusting it.
    back = list(csv.reader(io.StringIO(gzip.decompress(data).decode("utf-8"), newline="")))
    if back[0] != ["kode", "nama"] or dict(map(tuple, back[1:])) != names:
        raise BuildError("round trip of wilayah.csv.gz failed")

    upper = sorted(
        (code, name)
        for code, name in names.items()
        if name == name.upper() and sum(c.isalpha() for c in name) >= 2
    )
    quoted = sorted(name for name in names.values() if '"' in name)
    source = render_source(
        fetched=fetched,
        date=date,
        counts=counts,
        total=total,
        jenis=jenis,
        kabkota=kabkota,
        fixes=fixes,
        upper=upper,
        quoted=quoted,
        raw_size=len(text.encode("utf-8")),
        gz_size=len(data),
        gz_sha256=hashlib.sha256(data).hexdigest(),
    )

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_atomic(OUT_DIR / "wilayah.csv.gz", data)
    write_atomic(OUT_DIR / "LICENSE-ODbL.md", licence)
    write_atomic(OUT_DIR / "SOURCE.md", source.encode("utf-8"))
    for name in ("wilayah.csv.gz", "SOURCE.md", "LICENSE-ODbL.md"):
        path = OUT_DIR / name
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} B)")


def render_source(
    *,
    fetched: Fetched,
    date: str,
    counts: dict[int, int],
    total: int,
    jenis: dict[str, int],
    kabkota: dict[str, int],
    fixes: list[tuple[str, str, str]],
    upper: list[tuple[str, str]],
    quoted: list[str],
    raw_size: int,
    gz_size: int,
    gz_sha256: str,
) -> str:
    """Return the text of ``SOURCE.md``."""
    level_rows = "\n".join(
        f"| {level} | {label} | {fmt(counts[level])} |" for _f, _h, level, label, _e in LEVELS
    )
    fix_rows = "\n".join(f"| `{code}` | `{old}` | `{new}` |" for code, old, new in fixes)
    upper_list = ", ".join(f"`{name}` ({code})" for code, name in upper)
    quoted_list = ", ".join(f"`{name}`" for name in quoted)
    return f"""\
# Region data (wilayah)

`wilayah.csv.gz` is generated by `build/make_wilayah.py`. Do not edit it by hand; change the
script and run it again.

Attribution (also shown on the About screen):

> {ATTRIBUTION}

## Source

| | |
|---|---|
| Package | `{PACKAGE}` (npm), <https://github.com/fityannugroho/idn-area-data> |
| Version | {VERSION} |
| Tarball integrity | `{fetched.integrity}` |
| Files used | `data/provinces.csv`, `data/regencies.csv`, `data/districts.csv`, \
`data/villages.csv` (`data/islands.csv` is not used) |
| Regulation | {REGULATION} |
| Data licence | ODbL 1.0, see `LICENSE-ODbL.md` (a copy of the package's `data/LICENSE.md`) |
| Author | Fityan (GitHub `fityannugroho`), per the package's `package.json` and `LICENSE` |
| Converted | {date} |
| Output | `wilayah.csv.gz`: {fmt(raw_size)} B of CSV, {fmt(gz_size)} B gzip'd, \
sha256 `{gz_sha256}` |

## Format

UTF-8 CSV, header `kode,nama`, one row per region, sorted by code (so every parent comes
before its children). Names that contain `,` or `"` are quoted as in RFC 4180. Compressed
with gzip level 9 and mtime 0, so a rebuild is byte-identical.

Codes are the dotted Kemendagri codes: `35` (provinsi), `35.04` (kabupaten/kota),
`35.04.14` (kecamatan), `35.04.14.2011` (desa/kelurahan). Level, parent and type are derived
from the code (`desmig_desktop/domain/wilayah.py`):

- level = number of segments; parent = the code without its last segment;
- the first digit of the fourth segment: `1` kelurahan, `2` desa, `3` desa adat;
- kabupaten or kota from the `Kabupaten ` / `Kota ` prefix of the name.

## Row counts

| Level | | Rows |
|---|---|---:|
{level_rows}
| | Total | {fmt(total)} |

- Kabupaten / kota: {fmt(kabkota["Kabupaten"])} / {fmt(kabkota["Kota"])}.
- Kelurahan (`1xxx`) / desa (`2xxx`) / desa adat (`3xxx`): {fmt(jenis["kelurahan"])} / \
{fmt(jenis["desa"])} / {fmt(jenis["desa adat"])}.

These match the totals published for {REGULATION}; the script stops if they do not.

## Name fixes

{len(fixes)} village names are all lower case upstream. Their first letter is capitalised:

| Kode | Upstream | Shipped |
|---|---|---|
{fix_rows}

No other name is changed. Upstream quirks kept as they are:

- {len(quoted)} names use `"` where an apostrophe is meant: {quoted_list};
- names in capitals: {upper_list}.

## Licence duties (ODbL 1.0)

`wilayah.csv.gz` is a Derivative Database of the idn-area-data data and is distributed under
the ODbL 1.0 (`LICENSE-ODbL.md`): keep that file and the attribution line above next to it,
and show the attribution in the application. The application's code and the users' own data
are not covered by the ODbL. The package's code is MIT-licensed; none of it is shipped.

## Rebuild

```sh
python3 build/make_wilayah.py                     # needs npm and the npm registry
python3 build/make_wilayah.py --date {date}   # reproduces this file exactly
```
"""


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--date",
        default=dt.datetime.now(dt.UTC).date().isoformat(),
        type=lambda s: dt.date.fromisoformat(s).isoformat(),
        help="conversion date written to SOURCE.md (default: today, UTC)",
    )
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="make_wilayah-") as tmp:
            fetched = fetch(Path(tmp))
            build(fetched, args.date)
    except BuildError as exc:
        print(f"make_wilayah: ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
