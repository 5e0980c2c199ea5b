"""Pull the plug on a real import: the database stays whole, the import is all in or all out.

A fresh interpreter runs ``desmig --db F import villages BIG.xlsx`` (1,500 villages taken
from the real region list) and is killed with SIGKILL (TerminateProcess on Windows) after
a random delay between 0 and the time a whole import takes, 15 times. Twelve delays are
spread over that time (one random moment in each twelfth), so the kills land in the
start-up, the backup before the import, the reading of the workbook and the writing; the
other three are random moments between 0.3 s before the commit (seen by a reader during
the timing run) and the end, where uniform moments would almost never land: the commit,
the checkpoint and the exit take about the last tenth of a second. After every kill
SQLite must find the file whole (``integrity_check``), the application's own check must
pass, and either all 1,500 villages are there or none.

Set ``DESMIG_CRASH_SEED`` to repeat a run; the seed and the figures are printed.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import Workbook

from desmig_desktop.services.pemeriksaan import periksa_berkas

RUNS = 15
AROUND_COMMIT = 3
VILLAGES = 1_500
HEADERS = [
    "Kode Wilayah",
    "Nama Desa",
    "Tahun Penetapan",
    "Status",
    "Kepala Desa",
    "Petugas Desmigratif",
    "Telepon Petugas",
    "Tahun Data",
    "Jumlah Penduduk",
    "PMI Aktif Laki-laki",
    "PMI Aktif Perempuan",
    "CPMI",
    "PMI Purna",
    "Negara Penempatan",
]


def copy_db(src: Path, dest: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        dest.with_name(dest.name + suffix).unlink(missing_ok=True)
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def village_codes(db: Path, n: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        codes = [r[0] for r in conn.execute("SELECT kode FROM wilayah WHERE tingkat = 4")]
    finally:
        conn.close()
    codes.sort()
    step = len(codes) // n  # spread over every province
    return codes[::step][:n]


def big_workbook(path: Path, codes: list[str]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Desa")
    ws.append(HEADERS)
    for n, code in enumerate(codes):
        identity = [code, "", 2019, "Aktif", "Kepala", f"Petugas {n}", "0857-3300-1122"]
        ws.append([*identity, 2024, 5000 + n, 10, 20, 3, 4, "Malaysia (5), Taiwan"])
    wb.save(path)
    return path


def state(db: Path) -> tuple[str, int, int, int]:
    """integrity_check, villages, statistics rows, officers, as SQLite sees the file now."""
    conn = sqlite3.connect(db)  # recovers the -wal a killed writer left behind
    try:
        check = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
        desa, statistik, petugas = (
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("desa", "statistik_desa", "petugas_desa")
        )
    finally:
        conn.close()
    return check, desa, statistik, petugas


def commit_time(db: Path, proc: subprocess.Popen[bytes], t0: float) -> float | None:
    """When the import's commit became visible to a reader (polled every 50 ms)."""
    while proc.poll() is None:
        try:
            conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True, timeout=1)
            try:
                if conn.execute("SELECT count(*) FROM desa").fetchone()[0]:
                    return time.monotonic() - t0
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            pass
        time.sleep(0.05)
    return None


def test_killed_imports_land_whole_or_not_at_all(
    template_db: Path, tmp_path: Path, desmig_home: Path
) -> None:
    started = time.monotonic()
    pristine = copy_db(template_db, tmp_path / "awal.db")
    book = big_workbook(tmp_path / "desa-besar.xlsx", village_codes(pristine, VILLAGES))
    work = tmp_path / "kerja.db"
    env = {**os.environ, "DESMIG_HOME": str(desmig_home)}
    command = [sys.executable, "-m", "desmig_desktop.cli", "--db", str(work)]
    command += ["import", "villages", str(book)]

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path
        )

    copy_db(pristine, work)
    t0 = time.monotonic()
    whole_run = start()
    committed = commit_time(work, whole_run, t0)
    _, err = whole_run.communicate(timeout=120)
    full = time.monotonic() - t0
    assert whole_run.returncode == 0, err.decode(errors="replace")
    assert state(work) == ("ok", VILLAGES, VILLAGES, VILLAGES)

    seed = int(os.environ.get("DESMIG_CRASH_SEED") or random.randrange(2**32))
    rnd = random.Random(seed)
    # Spread over the whole import, one random moment in each stratum; the last few
    # random moments fall in the commit's neighbourhood, which uniform moments would
    # almost never hit (the commit comes about 0.1 s before the end).
    spread = RUNS - AROUND_COMMIT if committed is not None else RUNS
    delays = [(n + rnd.random()) / spread * full for n in range(spread)]
    if committed is not None:
        low = max(0.0, committed - 0.3)
        delays += [rnd.uniform(low, full) for _ in range(RUNS - spread)]
    rows = []
    for run, delay in enumerate(delays):
        copy_db(pristine, work)
        proc = start()
        time.sleep(delay)
        proc.kill()
        proc.communicate(timeout=60)
        check, desa, statistik, petugas = state(work)
        rows.append((run, delay, proc.returncode, check, desa))
        where = f"run {run}, kill after {delay:.2f} s of {full:.2f} s, seed {seed}"
        assert check == "ok", where
        assert (desa, statistik, petugas) in ((0, 0, 0), (VILLAGES,) * 3), (
            f"{where}: {desa} villages, {statistik} statistics rows, {petugas} officers"
        )
        assert periksa_berkas(work).baik, where

    fully_in = sum(1 for r in rows if r[4] == VILLAGES)
    fully_out = sum(1 for r in rows if r[4] == 0)
    finished_first = sum(1 for r in rows if r[2] == 0)
    print(
        f"\nkill -9 test (seed {seed}): whole import {full:.2f} s (commit visible at "
        f"{committed or 0:.2f} s); {RUNS} runs, "
        f"{RUNS} whole (integrity ok), {fully_in} fully in ({finished_first} had finished "
        f"before the kill), {fully_out} fully out; {time.monotonic() - started:.1f} s in all"
    )
    for run, delay, code, _check, desa in rows:
        print(f"  run {run:2d}: kill after {delay:5.2f} s, exit {code}, {desa} villages")
    assert fully_in + fully_out == RUNS
