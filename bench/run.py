"""National-scale benchmark: the app against the raw libraries, on the same data, same run.

Usage (from the checkout)::

    uv run python bench/run.py --quick --json /tmp/bench.json   # under 20 min, 2 cores
    uv run python bench/run.py --json bench.json                 # more runs per figure
    uv run python bench/run.py --only search,quarterly           # some groups only

Options: ``--quick`` (fewer runs, same sizes), ``--json FILE`` (ratios, medians and the
set-up), ``--runs N`` (runs per figure), ``--only GROUPS`` (comma-separated: startup,
tables, search, import, xlsx, pdf, quarterly, quarterly_xlsx), ``--work DIR`` (default
``bench/.work``, which ignores itself in git), ``--scale F`` (the large database at F times
national size, for trying the harness; the ratios are meant at 1.0), ``--seed N``.

What it does:

1. Builds two databases with ``bench/generate.py`` (``generate(path, villages=...,
   participants=..., attendance=..., activities=..., seed=...)``): the large one at
   national size (5,000 villages, 200,000 participants, 2,000,000 attendance marks,
   100,000 activity plans) and a small one at 1% of it. Both are cached in the work folder
   and rebuilt only when the sizes, the seed, the generator or the schema change.
2. Prepares the import and export data (``_data.py``), when first needed: a 100,000-row
   ``Kehadiran`` workbook in the app's own format for a newly registered village
   (10 sessions x 10,000 participants), and a copy of the large database with that
   workbook imported (cached like the databases). The work folder needs about 1 GB of
   free disk at national size.
3. Measures each figure as the median of several runs, every run a fresh child process
   (``_child.py``), the variants of a figure interleaved run by run, so that load from
   other users of the machine hits them alike; the floors (``_raw.py``) are measured in
   the same run. Then prints the table (median [min..max]) and the ratios (lower is
   better; the goals of issue #9 beside them).

Figures and their floors:

* start-up: spawn until the main window is shown with the Beranda page filled from the
  large database (``desmig_desktop.gui.app.main``), over a bare PySide6 process showing an
  empty QMainWindow (spawn until its first event-loop turn);
* tables: the plan list and attendance list pages constructed, shown and their first page
  painted (grabbed), large database over small; peak RSS of the child likewise;
* search: participants (``services.parenting.cari_peserta``) and regions
  (``services.wilayah.search_desa``), frequent and rare terms, one unit of work per call
  as the type-ahead does, over the very SQL statements the app runs for those terms
  (captured, then run through a plain sqlite3 connection); per kind the geometric mean of
  the terms' ratios, the key reporting the worse of the two kinds;
* attendance import: ``import_kehadiran_file`` of the 100,000-row workbook into a fresh
  copy of the large database, over python-calamine reading it plus sqlite3
  ``executemany`` of its rows into a plain table of the same copy;
* xlsx export: ``export_rekap_kehadiran(xlsx=)`` of that village (the 100,000-row
  ``Kehadiran`` sheet, the 10,000-row ``Rekap`` sheet), over pandas ``to_excel`` (openpyxl
  engine) of the same rows;
* pdf export: ``export_rekap_kehadiran(pdf=)`` of that village (10,000 participant rows),
  over reportlab's canvas drawing the same rows;
* quarterly report: ``services.laporan.laporan_triwulan`` on the large database, over the
  raw SQL aggregation queries it needs; and the quarterly workbook (``export_laporan``)
  large over small, against the ratio of their rows (no worse than linear: <= 1.0).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    BENCH_DIR,
    DEFAULT_WORK,
    ChildFailed,
    Figure,
    ensure_work,
    format_table,
    load_average,
    log,
    ratio,
    run_child,
)

NATIONAL = {
    "villages": 5000,
    "participants": 200_000,
    "attendance": 2_000_000,
    "activities": 100_000,
}
SMALL_FRACTION = 0.01
IMPORT_SESSIONS, IMPORT_PARTICIPANTS = 10, 10_000  # 100,000 rows; the PDF's 10,000 rows
GROUPS = ("startup", "tables", "search", "import", "xlsx", "pdf", "quarterly", "quarterly_xlsx")
RUNS_FULL = {
    "startup": 9,
    "tables": 7,
    "search": 5,
    "import": 5,
    "xlsx": 5,
    "pdf": 5,
    "quarterly": 5,
    "quarterly_xlsx": 5,
}
RUNS_QUICK = {
    "startup": 5,
    "tables": 3,
    "search": 3,
    "import": 3,
    "xlsx": 3,
    "pdf": 3,
    "quarterly": 3,
    "quarterly_xlsx": 3,
}
SEARCH_TERMS = {
    # frequent first names and surnames, a two-word prefix, a rare name, no match at all
    "peserta": ["siti", "rahayu", "sri wah", "agus santoso", "zulkarnain", "qxz"],
    # a very common name part, the seven Pagersari, a kecamatan, a name with its
    # kecamatan, a code prefix, no match
    "desa": ["jaya", "pagersari", "kalidawir", "pagersari kalidawir", "35.04.14", "qxz"],
}
GOALS = {
    "startup_ratio_vs_bare_qt": 3.0,
    "table_first_page_ratio_large_vs_small": 1.5,
    "table_rss_ratio_large_vs_small": 1.3,
    "search_ratio_vs_raw_sql": 2.0,
    "attendance_import_ratio_vs_raw": 3.0,
    "xlsx_export_ratio_vs_pandas": 0.65,
    "pdf_export_ratio_vs_canvas": 2.0,
    "quarterly_report_ratio_vs_raw_queries": 2.0,
    "quarterly_xlsx_scaling_vs_linear": 1.0,
}


# --------------------------------------------------------------------------- data


def generator_path() -> Path:
    return Path(os.environ.get("DESMIG_BENCH_GENERATOR") or BENCH_DIR / "generate.py")


def sizes(scale: float) -> dict[str, dict[str, int]]:
    large = {k: max(1, round(v * scale)) for k, v in NATIONAL.items()}
    small = {k: max(1, round(v * SMALL_FRACTION)) for k, v in large.items()}
    return {"small": small, "large": large}


def _key(parts: list[Any], files: list[Path]) -> str:
    h = hashlib.sha256(json.dumps(parts, sort_keys=True).encode())
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _schema_files() -> list[Path]:
    root = BENCH_DIR.parent / "desmig_desktop" / "db"
    return [root / "models.py", *sorted((root / "migrations" / "versions").glob("*.py"))]


def build_databases(work: Path, scale: float, seed: int) -> dict[str, Any]:
    gen = generator_path()
    if not gen.is_file():
        raise SystemExit(
            f"{gen} is missing: the benchmark builds its databases with bench/generate.py "
            "(set DESMIG_BENCH_GENERATOR to use another file with the same generate())."
        )
    out: dict[str, Any] = {}
    for name, size in sizes(scale).items():
        key = _key([name, size, seed], [gen, *_schema_files()])
        path = work / f"{name}-{key}.db"
        stamp = path.with_suffix(".json")
        if path.is_file() and stamp.is_file():
            info = json.loads(stamp.read_text())
            log(f"  {name}: cached {path.name} ({size})")
        else:
            for old in work.glob(f"{name}-*"):
                old.unlink()
            for old in work.glob("exchange-*.json"):  # made from the database replaced
                old.unlink()
            log(f"  {name}: generating {size} ...")
            res = run_child(
                "generate", {"generator": str(gen), "path": str(path), "seed": seed, **size}, work
            )
            info = {"size": size, "generate_s": round(res["s"], 2), "counts": res["counts"]}
            stamp.write_text(json.dumps(info))
            log(f"  {name}: generated in {res['s']:.1f} s")
        info["path"] = str(path)
        info["mib"] = round(path.stat().st_size / 2**20, 1)
        out[name] = info
    return out


def prepare_exchange(work: Path, dbs: dict[str, Any], seed: int) -> dict[str, Any]:
    large = Path(dbs["large"]["path"])
    gen = generator_path()
    key = _key(
        [large.name, IMPORT_SESSIONS, IMPORT_PARTICIPANTS, seed],
        [BENCH_DIR / "_data.py", gen],
    )
    stamp = work / f"exchange-{key}.json"
    files = [work / n for n in ("export-base.db", "kehadiran.xlsx")]
    if stamp.is_file() and all(f.is_file() for f in files):
        log(f"  import/export data: cached ({stamp.name})")
        return json.loads(stamp.read_text())
    for old in work.glob("exchange-*.json"):
        old.unlink()
    log("  import/export data: writing the 100,000-row workbook and importing it once ...")
    res = run_child(
        "prepare",
        {
            "work": str(work),
            "large": str(large),
            "seed": seed,
            "sessions": IMPORT_SESSIONS,
            "participants": IMPORT_PARTICIPANTS,
        },
        work,
        timeout=3600,
    )
    info = {k: res[k] for k in ("kode", "rows", "imported", "workbook_s", "first_import_s")}
    stamp.write_text(json.dumps(info))
    log(
        f"  import/export data: village {info['kode']}, {info['rows']} rows, first import "
        f"{info['first_import_s']:.1f} s"
    )
    return info


def report_period(db: str) -> tuple[int, int]:
    """The year with the most plans (the latest on a tie), and its busiest quarter."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT tahun FROM kegiatan GROUP BY tahun ORDER BY COUNT(*) DESC, tahun DESC LIMIT 1"
        ).fetchone()
        year = int(row[0]) if row else 2024
        counts = dict(
            conn.execute(
                "SELECT (CAST(substr(tanggal, 6, 2) AS INTEGER) + 2) / 3, COUNT(*) FROM pertemuan"
                " WHERE tanggal BETWEEN ? AND ? GROUP BY 1",
                (f"{year}-01-01", f"{year}-12-31"),
            ).fetchall()
        )
    finally:
        conn.close()
    q = max(counts, key=lambda k: (counts[k], -k)) if counts else 2
    return year, int(q)


# --------------------------------------------------------------------------- measuring


class Bench:
    def __init__(self, work: Path, runs: dict[str, int]) -> None:
        self.work = work
        self.runs = runs
        self.figures: dict[str, Figure] = {}
        self.extra: dict[str, Any] = {}
        self.missing: dict[str, str] = {}

    def fig(self, key: str, name: str, unit: str = "s") -> Figure:
        if key not in self.figures:
            self.figures[key] = Figure(name, unit)
        return self.figures[key]

    def median(self, key: str) -> float | None:
        f = self.figures.get(key)
        return f.median if f else None

    def interleave(
        self,
        group: str,
        variants: list[tuple[str, str, dict[str, Any], Callable[[dict[str, Any]], None]]],
        *,
        warmup: bool = False,
        before: Callable[[str], None] | None = None,
    ) -> None:
        """Run each variant ``runs`` times, round by round; ``record`` keeps the figures.

        A variant that fails is dropped (its figures stay empty, the reason is noted).
        """
        failed: set[str] = set()
        runs = self.runs[group]
        t_group = time.perf_counter()
        for round_ in range(-1 if warmup else 0, runs):
            for label, task, args, record in variants:
                if label in failed:
                    continue
                if before is not None:
                    before(label)
                try:
                    res = run_child(task, args, self.work)
                except ChildFailed as exc:
                    failed.add(label)
                    reason = str(exc).strip().splitlines()[-1][:300]
                    self.missing[f"{group}:{label}"] = reason
                    log(f"    {label}: FAILED: {reason}")
                    continue
                if round_ >= 0:
                    record(res)
            log(f"    round {round_ + 1}/{runs} done (load {load_average()})")
        log(f"  {group}: {time.perf_counter() - t_group:.0f} s")


def measure(
    b: Bench,
    groups: list[str],
    dbs: dict[str, Any],
    exchange: Callable[[], dict[str, Any] | None],
    period: tuple[int, int],
) -> None:
    """Measure ``groups`` in order; ``exchange()`` gives the import/export data (made when
    first needed, after the start-up group, so that the disk holds less at once)."""
    small, large = dbs["small"]["path"], dbs["large"]["path"]
    work = b.work
    year, q = period

    if "startup" in groups:
        log("startup: bare PySide6 window vs the app on the large database")

        def rec_bare(r: dict[str, Any]) -> None:
            b.fig("startup_bare", "start-up: bare QMainWindow, spawn -> first turn").samples.append(
                r["ready"] - r["spawn"]
            )

        def rec_app(r: dict[str, Any]) -> None:
            b.fig("startup_app", "start-up: app, spawn -> Beranda filled (large)").samples.append(
                r["ready"] - r["spawn"]
            )
            b.fig(
                "startup_app_shown", "start-up: app, spawn -> window shown (large)"
            ).samples.append(r["shown"] - r["spawn"])
            b.fig("startup_app_rss", "start-up: app peak RSS (large)", "MiB").samples.append(
                r["rss_mib"]
            )

        b.interleave(
            "startup",
            [("bare", "bare_qt", {}, rec_bare), ("app", "app_start", {"db": large}, rec_app)],
            warmup=True,
        )
        # The app made its daily backup of the large database (in the warm-up run): drop
        # it, it only fills the disk.
        shutil.rmtree(work / "home" / "backups", ignore_errors=True)

    if "tables" in groups:
        log("tables: plan list + attendance list pages, first page shown, small vs large")

        def rec_pages(size: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                b.fig(
                    f"tables_{size}", f"tables: both pages to first frame ({size})"
                ).samples.append(r["total"])
                for page in ("rencana", "parenting"):
                    if page in r:
                        b.fig(
                            f"tables_{page}_{size}", f"tables: {page} page ({size})"
                        ).samples.append(r[page])
                b.fig(f"tables_rss_{size}", f"tables: peak RSS ({size})", "MiB").samples.append(
                    r["rss_mib"]
                )

            return rec

        b.interleave(
            "tables",
            [
                ("small", "pages", {"db": small}, rec_pages("small")),
                ("large", "pages", {"db": large}, rec_pages("large")),
            ],
            warmup=True,
        )

    if "search" in groups:
        log("search: participants and regions, the app's query layer vs raw sqlite3 (large)")
        variants = []
        for kind, terms in SEARCH_TERMS.items():
            for mode in ("app", "raw"):

                def rec(r: dict[str, Any], kind: str = kind, mode: str = mode) -> None:
                    b.fig(
                        f"search_{kind}_{mode}",
                        f"search {kind}: {mode}, sum of {len(SEARCH_TERMS[kind])} terms",
                        "ms",
                    ).samples.append(r["sum_ms"])
                    for term, ms in r["ms"].items():
                        b.extra.setdefault(f"search_{kind}_{mode}_ms", {}).setdefault(
                            term, []
                        ).append(round(ms, 3))
                    b.extra[f"search_{kind}_{mode}_found"] = r["found"]

                args = {"db": large, "mode": mode, "kind": kind, "terms": terms, "reps": 15}
                variants.append((f"{kind}-{mode}", "search", args, rec))
        b.interleave("search", variants)

    ex = exchange() if {"import", "xlsx", "pdf"} & set(groups) else None
    if ex is not None and "import" in groups:
        log(f"import: {ex['rows']} Kehadiran rows, the app vs calamine + sqlite3 executemany")
        target = work / "import-run.db"

        def fresh(_label: str) -> None:  # the large database as generated; not timed
            for extra in ("-wal", "-shm"):
                Path(str(target) + extra).unlink(missing_ok=True)
            shutil.copyfile(large, target)

        def rec_imp(mode: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                name = (
                    "app (import_kehadiran_file)"
                    if mode == "app"
                    else "floor (calamine + executemany)"
                )
                b.fig(f"import_{mode}", f"import 100k rows: {name}").samples.append(r["s"])

            return rec

        args = {"db": str(target), "xlsx": str(work / "kehadiran.xlsx"), "kode": ex["kode"]}
        b.interleave(
            "import",
            [
                ("app", "import", {**args, "mode": "app"}, rec_imp("app")),
                ("raw", "import", {**args, "mode": "raw"}, rec_imp("raw")),
            ],
            before=fresh,
        )
        for extra in ("", "-wal", "-shm"):
            Path(str(target) + extra).unlink(missing_ok=True)

    if ex is not None and "xlsx" in groups:
        log("xlsx: the attendance recap workbook (100k-row Kehadiran sheet) vs pandas")
        db = str(work / "export-base.db")

        def rec_x(mode: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                b.fig(f"xlsx_{mode}", f"xlsx recap export: {mode}").samples.append(r["s"])
                b.fig(
                    f"xlsx_{mode}_rss", f"xlsx recap export: {mode} peak RSS", "MiB"
                ).samples.append(r["rss_mib"])

            return rec

        out = work / "out"
        b.interleave(
            "xlsx",
            [
                (
                    "app",
                    "rekap_xlsx",
                    {
                        "db": db,
                        "kode": ex["kode"],
                        "mode": "app",
                        "out": str(out / "rekap-app.xlsx"),
                    },
                    rec_x("app"),
                ),
                (
                    "pandas",
                    "rekap_xlsx",
                    {
                        "db": db,
                        "kode": ex["kode"],
                        "mode": "pandas",
                        "out": str(out / "rekap-pandas.xlsx"),
                    },
                    rec_x("pandas"),
                ),
            ],
        )

    if ex is not None and "pdf" in groups:
        log("pdf: the attendance recap PDF (10,000 participant rows) vs reportlab canvas")
        db = str(work / "export-base.db")

        def rec_p(mode: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                b.fig(f"pdf_{mode}", f"pdf recap export: {mode}").samples.append(r["s"])

            return rec

        out = work / "out"
        b.interleave(
            "pdf",
            [
                (
                    "app",
                    "rekap_pdf",
                    {
                        "db": db,
                        "kode": ex["kode"],
                        "mode": "app",
                        "out": str(out / "rekap-app.pdf"),
                    },
                    rec_p("app"),
                ),
                (
                    "canvas",
                    "rekap_pdf",
                    {
                        "db": db,
                        "kode": ex["kode"],
                        "mode": "canvas",
                        "out": str(out / "rekap-canvas.pdf"),
                    },
                    rec_p("canvas"),
                ),
            ],
        )

    if "quarterly" in groups:
        log(f"quarterly: report data {year} TW {q}, laporan_triwulan vs raw SQL (large)")

        def rec_q(mode: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                b.fig(f"quarterly_{mode}", f"quarterly report data: {mode}").samples.append(r["s"])
                b.extra[f"quarterly_{mode}_info"] = r["info"]

            return rec

        args = {"db": large, "year": year, "q": q, "reps": 3}
        b.interleave(
            "quarterly",
            [
                ("app", "quarterly", {**args, "mode": "app"}, rec_q("app")),
                ("raw", "quarterly", {**args, "mode": "raw"}, rec_q("raw")),
            ],
        )

    if "quarterly_xlsx" in groups:
        log(f"quarterly_xlsx: the quarterly workbook {year} TW {q}, small vs large")

        def rec_qx(size: str) -> Callable[[dict[str, Any]], None]:
            def rec(r: dict[str, Any]) -> None:
                b.fig(f"qxlsx_{size}", f"quarterly xlsx export ({size})").samples.append(r["s"])
                b.extra[f"quarterly_xlsx_rows_{size}"] = r["rows"]

            return rec

        out = work / "out"
        b.interleave(
            "quarterly_xlsx",
            [
                (
                    "small",
                    "quarterly_xlsx",
                    {"db": small, "year": year, "q": q, "out": str(out / "tw-small.xlsx")},
                    rec_qx("small"),
                ),
                (
                    "large",
                    "quarterly_xlsx",
                    {"db": large, "year": year, "q": q, "out": str(out / "tw-large.xlsx")},
                    rec_qx("large"),
                ),
            ],
        )


# --------------------------------------------------------------------------- results


def _search_ratio(b: Bench, kind: str) -> float | None:
    """The geometric mean over the terms of app / raw (each the median of its runs): every
    term counts alike, a slow rare term does not drown the cost of the frequent ones."""
    app = b.extra.get(f"search_{kind}_app_ms", {})
    raw = b.extra.get(f"search_{kind}_raw_ms", {})
    terms = [t for t in SEARCH_TERMS[kind] if t in app and t in raw]
    if not terms or len(terms) != len(SEARCH_TERMS[kind]):
        return None
    logs = [
        math.log(statistics.median(app[t]) / statistics.median(raw[t]))
        for t in terms
        if statistics.median(raw[t]) > 0
    ]
    return round(math.exp(sum(logs) / len(logs)), 3) if logs else None


def ratios(b: Bench) -> dict[str, float | None]:
    m = b.median
    search_kinds = {kind: _search_ratio(b, kind) for kind in SEARCH_TERMS}
    known = [v for v in search_kinds.values() if v is not None]
    rows_small = b.extra.get("quarterly_xlsx_rows_small")
    rows_large = b.extra.get("quarterly_xlsx_rows_large")
    t_ratio = ratio(m("qxlsx_large"), m("qxlsx_small"))
    rows_ratio = ratio(rows_large, rows_small)
    return {
        "startup_ratio_vs_bare_qt": ratio(m("startup_app"), m("startup_bare")),
        "table_first_page_ratio_large_vs_small": ratio(m("tables_large"), m("tables_small")),
        "table_rss_ratio_large_vs_small": ratio(m("tables_rss_large"), m("tables_rss_small")),
        "search_ratio_vs_raw_sql": max(known) if len(known) == len(search_kinds) else None,
        "search_peserta_ratio_vs_raw_sql": search_kinds.get("peserta"),
        "search_desa_ratio_vs_raw_sql": search_kinds.get("desa"),
        "attendance_import_ratio_vs_raw": ratio(m("import_app"), m("import_raw")),
        "xlsx_export_ratio_vs_pandas": ratio(m("xlsx_app"), m("xlsx_pandas")),
        "pdf_export_ratio_vs_canvas": ratio(m("pdf_app"), m("pdf_canvas")),
        "quarterly_report_ratio_vs_raw_queries": ratio(m("quarterly_app"), m("quarterly_raw")),
        "quarterly_xlsx_time_ratio_large_vs_small": t_ratio,
        "quarterly_xlsx_rows_ratio_large_vs_small": rows_ratio,
        "quarterly_xlsx_scaling_vs_linear": ratio(t_ratio, rows_ratio),
    }


def print_results(b: Bench, rs: dict[str, float | None]) -> None:
    rows = [(f.name, f.text(), f.unit) for f in b.figures.values()]
    log("")
    log(format_table(rows, "Figures (each a median of fresh child processes)"))
    log("")
    width = max(len(k) for k in rs)
    log("Ratios (lower is better)")
    for key, value in rs.items():
        goal = GOALS.get(key)
        shown = "—" if value is None else f"{value:.3f}"
        verdict = ""
        if goal is not None and value is not None:
            verdict = f"goal <= {goal:g}: " + ("met" if value <= goal else "NOT met")
        log(f"  {key.ljust(width)}  {shown:>8}  {verdict}")
    if b.missing:
        log("")
        log("Missing (failed children):")
        for key, reason in b.missing.items():
            log(f"  {key}: {reason}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer runs per figure (same sizes)")
    p.add_argument("--json", metavar="FILE", help="write ratios, medians and set-up here")
    p.add_argument("--runs", type=int, help="runs per figure (overrides the defaults)")
    p.add_argument("--only", help="comma-separated groups: " + ",".join(GROUPS))
    p.add_argument("--work", default=str(DEFAULT_WORK), help="work folder (cached databases)")
    p.add_argument("--scale", type=float, default=1.0, help="large database at F x national")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    groups = list(GROUPS) if not args.only else [g.strip() for g in args.only.split(",")]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        p.error(f"unknown groups: {', '.join(sorted(unknown))}")
    runs = dict(RUNS_QUICK if args.quick else RUNS_FULL)
    if args.runs:
        runs = {k: args.runs for k in runs}
    work = ensure_work(Path(args.work).resolve())
    started = time.perf_counter()
    log(
        f"Desmig Desktop benchmark — {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {load_average()}"
    )
    log(f"work folder {work}; runs {runs}")
    log("databases:")
    dbs = build_databases(work, args.scale, args.seed)
    period = report_period(dbs["large"]["path"])
    b = Bench(work, runs)
    made: dict[str, Any] = {}

    def exchange() -> dict[str, Any] | None:
        if "ex" not in made:
            try:
                made["ex"] = prepare_exchange(work, dbs, args.seed)
            except ChildFailed as exc:
                reason = str(exc).strip().splitlines()[-1][:300]
                log(f"  import/export data: FAILED: {reason}")
                b.missing["prepare"] = reason
                made["ex"] = None
        return made["ex"]

    measure(b, groups, dbs, exchange, period)
    ex = made.get("ex")
    rs = ratios(b)
    print_results(b, rs)
    elapsed = time.perf_counter() - started
    log(f"\ntotal {elapsed / 60:.1f} min")
    if args.json:
        doc = {
            **rs,
            "medians": {k: f.median for k, f in b.figures.items()},
            "figures": {
                k: {
                    "name": f.name,
                    "unit": f.unit,
                    "median": f.median,
                    "min": min(f.samples) if f.samples else None,
                    "max": max(f.samples) if f.samples else None,
                    "samples": f.samples,
                }
                for k, f in b.figures.items()
            },
            "goals": GOALS,
            "details": b.extra,
            "missing": b.missing,
            "setup": {
                "databases": dbs,
                "exchange": ex,
                "report_period": {"year": period[0], "quarter": period[1]},
                "runs": runs,
                "quick": args.quick,
                "scale": args.scale,
                "elapsed_min": round(elapsed / 60, 1),
                "machine": {
                    "node": platform.node(),
                    "cores": os.cpu_count(),
                    "python": platform.python_version(),
                },
            },
        }
        Path(args.json).write_text(json.dumps(doc, indent=2, default=str))
        log(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
