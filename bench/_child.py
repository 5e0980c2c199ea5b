"""One benchmark sample in a fresh process: ``python bench/_child.py TASK '{json args}'``.

Prints ``BENCH-RESULT {json}`` (see ``_common.run_child``). Imports stay inside the tasks:
the start-up tasks must pay for exactly what they measure. Times are ``time.perf_counter``
differences inside the child, except the start-up tasks, which report ``time.time()`` at
the moment they are ready (the parent subtracts the spawn time).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

MARKER = "BENCH-RESULT "


def _emit(result: dict[str, Any]) -> None:
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()


def _rss_mib() -> float:
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


# --------------------------------------------------------------------------- start-up


def task_bare_qt(args: dict[str, Any]) -> dict[str, Any]:
    """The floor: a bare PySide6 process showing an empty QMainWindow, quit on the first
    event-loop turn after show."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()
    ready: list[float] = []

    def first_turn() -> None:
        ready.append(time.time())
        app.quit()

    QTimer.singleShot(0, first_turn)
    app.exec()
    return {"ready": ready[0], "rss_mib": _rss_mib()}


def task_app_start(args: dict[str, Any]) -> dict[str, Any]:
    """The application as a user starts it (``desmig_desktop.gui.app.main``) on ``db``,
    until the main window is shown with the Beranda page filled; then it quits.

    ``QApplication.exec`` is wrapped: the wrapper notes the first event-loop turn after
    show, polls (every 5 ms) until the Beranda page holds its data and no load is running,
    lets one more turn paint, notes the time and quits.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    marks: dict[str, float] = {}
    original = QApplication.exec

    def find_window():  # type: ignore[no-untyped-def]
        for w in QApplication.topLevelWidgets():
            if hasattr(w, "pages") and w.isVisible():
                return w
        return None

    def patched_exec(self) -> int:  # type: ignore[no-untyped-def]
        app = self
        timer = QTimer()
        timer.setInterval(5)

        def first_turn() -> None:
            marks.setdefault("shown", time.time())

        def done() -> None:
            marks["ready"] = time.time()
            app.quit()

        def poll() -> None:
            window = find_window()
            if window is None:
                return
            pages = window.pages
            built = getattr(pages, "is_built", None)  # pages may be built on first visit
            if built is not None and not built("beranda"):
                return
            page = pages.get("beranda")
            if page is None:
                return
            loading = getattr(page, "loading", None)
            busy = loading is not None and not getattr(loading, "done", True)
            if getattr(page, "data", None) is not None and not busy:
                timer.stop()
                QTimer.singleShot(0, done)

        QTimer.singleShot(0, first_turn)
        timer.timeout.connect(poll)
        timer.start()
        QTimer.singleShot(int(args.get("timeout", 600) * 1000), app.quit)
        return original()  # a static method in PySide6

    QApplication.exec = patched_exec  # type: ignore[method-assign]
    from desmig_desktop.gui import app as appmod
    from desmig_desktop.gui.errors import ErrorPolicy

    code = appmod.main(["--db", args["db"], "--no-error-dialogs"])
    if code != 0 or "ready" not in marks:
        raise SystemExit(f"app exit {code}; marks {marks}; errors {ErrorPolicy.caught!r}")
    if ErrorPolicy.caught:
        raise SystemExit(f"errors while starting: {ErrorPolicy.caught!r}")
    return {**marks, "rss_mib": _rss_mib()}


# --------------------------------------------------------------------------- table pages


def task_pages(args: dict[str, Any]) -> dict[str, Any]:
    """Open the plan list and the attendance list pages on ``db`` and show their first page:
    construct, show, let background loads finish (events processed), grab a frame.

    Imports, the QApplication and opening the database come before the clock starts: they
    cost the same at any size. Peak RSS is the whole child's.
    """
    from PySide6.QtWidgets import QApplication

    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.gui import main_window, tasks
    from desmig_desktop.gui.changes import ChangeHub

    app = QApplication(sys.argv[:1])
    db = open_database(args["db"], backup=False)
    hub = ChangeHub(None)
    classes = {}
    for entry in getattr(main_window, "PAGES", None) or main_window.PAGE_CLASSES:
        load = getattr(entry, "load", None)  # an entry of the navigation, or the class
        classes[entry.page_id] = load() if load is not None else entry
    out: dict[str, Any] = {}
    pages = []

    def settle(deadline: float) -> None:
        while time.perf_counter() < deadline:
            app.processEvents()
            if not tasks._running:
                app.processEvents()
                if not tasks._running:
                    return
            time.sleep(0.001)
        raise SystemExit("pages still loading after the time limit")

    total = 0.0
    for page_id in args.get("pages", ["rencana", "parenting"]):
        t0 = time.perf_counter()
        page = classes[page_id](db, hub, None)
        page.resize(1180, 760)
        page.show()
        settle(t0 + 600)
        page.grab()
        dt = time.perf_counter() - t0
        out[page_id] = dt
        total += dt
        pages.append(page)
    out["total"] = total
    out["rss_mib"] = _rss_mib()
    for page in pages:
        page.close()
    tasks.wait_all()
    db.close()
    return out


# --------------------------------------------------------------------------- search


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def task_search(args: dict[str, Any]) -> dict[str, Any]:
    """Type-ahead search, several terms: ``mode`` ``app`` (the query layer, one unit of work
    per keystroke as the widget does: ``services.parenting.cari_peserta``,
    ``services.wilayah.search_desa``) or ``raw`` (the very SQL statements the app runs for
    each term, with their parameters, through a plain sqlite3 connection: the indexed query
    with nothing around it).

    Per term: two warm-up calls, then the median of ``reps`` calls, in milliseconds.
    """
    mode, kind, reps = args["mode"], args["kind"], int(args.get("reps", 15))
    terms: list[str] = args["terms"]
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.services.uow import UnitOfWork

    db = open_database(args["db"], backup=False)
    if kind == "peserta":
        from desmig_desktop.services.parenting import cari_peserta

        def app_call(term: str) -> int:
            with UnitOfWork(db) as uow:
                return len(cari_peserta(uow, term, limit=50))
    else:
        from desmig_desktop.services.wilayah import search_desa

        def app_call(term: str) -> int:
            with UnitOfWork(db) as uow:
                return len(search_desa(uow, term))

    call = app_call
    if mode == "raw":
        import sqlite3

        from sqlalchemy import event

        seen: list[tuple[str, Any]] = []

        def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
            if not statement.lstrip().upper().startswith(("PRAGMA", "BEGIN")):
                seen.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", capture)
        statements: dict[str, list[tuple[str, Any]]] = {}
        for term in terms:
            seen.clear()
            app_call(term)
            statements[term] = list(seen)
        event.remove(db.engine, "before_cursor_execute", capture)
        conn = sqlite3.connect(args["db"])

        def call(term: str) -> int:
            n = 0
            for sql, params in statements[term]:
                n += len(conn.execute(sql, params).fetchall())
            return n

    per_term: dict[str, float] = {}
    found: dict[str, int] = {}
    for term in terms:
        for _ in range(2):
            found[term] = call(term)
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            call(term)
            times.append((time.perf_counter() - t0) * 1000)
        per_term[term] = _median(times)
    db.close()
    return {"ms": per_term, "found": found, "sum_ms": sum(per_term.values())}


# --------------------------------------------------------------------------- import


def task_import(args: dict[str, Any]) -> dict[str, Any]:
    """Import the Kehadiran workbook into ``db`` (a fresh copy of the large database):
    ``app`` through ``import_kehadiran_file`` (full validation, one transaction); ``raw``
    the floor, python-calamine reading the sheet plus sqlite3 executemany of its rows into
    a table. Before the clock starts, both register the workbook's village (the app's
    ``save_desa``), so that both start from the same file."""
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.services.desa import DesaData, get_desa_by_kode, save_desa
    from desmig_desktop.services.uow import UnitOfWork

    db = open_database(args["db"], backup=False)
    with UnitOfWork(db) as uow:
        if get_desa_by_kode(uow, args["kode"]) is None:
            save_desa(uow, DesaData(kode_wilayah=args["kode"], tahun_penetapan=2020))
    if args["mode"] == "app":
        from desmig_desktop.services.impor_kehadiran import import_kehadiran_file

        t0 = time.perf_counter()
        result = import_kehadiran_file(db, args["xlsx"])
        dt = time.perf_counter() - t0
        db.close()
        return {"s": dt, "rows": result.baris, "new_marks": result.tanda_baru}
    db.close()
    import _raw

    t0 = time.perf_counter()
    rows = _raw.import_floor(args["db"], args["xlsx"])
    return {"s": time.perf_counter() - t0, "rows": rows}


# --------------------------------------------------------------------------- exports


def task_rekap_xlsx(args: dict[str, Any]) -> dict[str, Any]:
    """The attendance recap workbook of the benchmark village: ``app`` through
    ``export_rekap_kehadiran(xlsx=)``; ``pandas`` the same rows read with sqlite3 and
    written with DataFrame.to_excel(engine="openpyxl")."""
    if args["mode"] == "app":
        from desmig_desktop.db.migrate import open_database
        from desmig_desktop.services.ekspor_parenting import export_rekap_kehadiran

        db = open_database(args["db"], backup=False)
        t0 = time.perf_counter()
        export_rekap_kehadiran(db, args["kode"], xlsx=args["out"])
        dt = time.perf_counter() - t0
        db.close()
        return {"s": dt, "rss_mib": _rss_mib()}
    import _raw

    t0 = time.perf_counter()
    rows = _raw.rekap_pandas(args["db"], args["kode"], args["out"])
    return {"s": time.perf_counter() - t0, "rows": rows, "rss_mib": _rss_mib()}


def task_rekap_pdf(args: dict[str, Any]) -> dict[str, Any]:
    """The attendance recap PDF of the benchmark village: ``app`` through
    ``export_rekap_kehadiran(pdf=)``; ``canvas`` the same rows drawn with reportlab's
    canvas (grid, text, manual paging): the lower bound."""
    if args["mode"] == "app":
        from desmig_desktop.db.migrate import open_database
        from desmig_desktop.services.ekspor_parenting import export_rekap_kehadiran

        db = open_database(args["db"], backup=False)
        t0 = time.perf_counter()
        export_rekap_kehadiran(db, args["kode"], pdf=args["out"])
        dt = time.perf_counter() - t0
        db.close()
        return {"s": dt, "rss_mib": _rss_mib()}
    import _raw

    t0 = time.perf_counter()
    rows = _raw.rekap_canvas(args["db"], args["kode"], args["out"])
    return {"s": time.perf_counter() - t0, "rows": rows, "rss_mib": _rss_mib()}


# --------------------------------------------------------------------------- quarterly


def task_quarterly(args: dict[str, Any]) -> dict[str, Any]:
    """The national quarterly report's data: ``app`` ``services.laporan.laporan_triwulan``
    (one unit of work); ``raw`` the SQL aggregation queries it needs, through sqlite3.
    The median of ``reps`` calls in one process (the first one included)."""
    year, q, reps = int(args["year"]), int(args["q"]), int(args.get("reps", 3))
    times = []
    info: dict[str, Any] = {}
    if args["mode"] == "app":
        from desmig_desktop.db.migrate import open_database
        from desmig_desktop.services.laporan import laporan_triwulan
        from desmig_desktop.services.uow import UnitOfWork

        db = open_database(args["db"], backup=False)
        for _ in range(reps):
            t0 = time.perf_counter()
            with UnitOfWork(db) as uow:
                lap = laporan_triwulan(uow, year, q)
            times.append(time.perf_counter() - t0)
        info = {
            "kegiatan": sum(len(v) for v in lap.kegiatan.values()),
            "desa_parenting": len(lap.parenting),
            "desa": len(lap.desa),
            "cek": len(lap.cek),
        }
        db.close()
    else:
        import _raw

        for _ in range(reps):
            t0 = time.perf_counter()
            info = _raw.quarterly(args["db"], year, q)
            times.append(time.perf_counter() - t0)
    return {"s": _median(times), "first_s": times[0], "info": info}


def task_quarterly_xlsx(args: dict[str, Any]) -> dict[str, Any]:
    """``desmig export quarterly --xlsx``: the report read and written as a workbook."""
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.services.ekspor_laporan import baca_laporan, export_laporan

    db = open_database(args["db"], backup=False)
    t0 = time.perf_counter()
    export_laporan(db, int(args["year"]), int(args["q"]), xlsx=args["out"])
    dt = time.perf_counter() - t0
    lap = baca_laporan(db, int(args["year"]), int(args["q"]))  # not timed: the row count
    rows = (
        len(lap.ringkasan)
        + sum(len(v) for v in lap.kegiatan.values())
        + len(lap.parenting)
        + len(lap.desa)
        + len(lap.cek)
    )
    db.close()
    return {"s": dt, "rows": rows, "rss_mib": _rss_mib()}


# --------------------------------------------------------------------------- data set-up


def task_generate(args: dict[str, Any]) -> dict[str, Any]:
    """Build a database with the generator module (bench/generate.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", args["generator"])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    t0 = time.perf_counter()
    counts = module.generate(
        args["path"],
        villages=args["villages"],
        participants=args["participants"],
        attendance=args["attendance"],
        activities=args["activities"],
        seed=args.get("seed", 0),
    )
    dt = time.perf_counter() - t0
    import _raw

    _raw.checkpoint(args["path"])
    return {"s": dt, "counts": counts if isinstance(counts, dict) else {}}


def task_prepare(args: dict[str, Any]) -> dict[str, Any]:
    """Set up the import and export data (see ``_data``)."""
    import _data

    return _data.prepare(args)


TASKS = {
    name[len("task_") :]: fn for name, fn in dict(globals()).items() if name.startswith("task_")
}


def main() -> None:
    task, raw_args = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "{}"
    result = TASKS[task](json.loads(raw_args))
    _emit(result)


if __name__ == "__main__":
    main()
