"""The import and export data of the benchmark, made once per large database.

* a village for them: a real region code no generated village uses;
* ``kehadiran.xlsx``: a ``Kehadiran`` workbook in the app's export format (the columns of
  FORMATS.md, written with ``exports.xlsx_base``) of that village: ``sessions`` sessions
  with ``participants`` participants each, one row per participant per session
  (10 x 10,000 = 100,000 rows by default; all new participants and sessions);
* ``export-base.db``: the large database with the village registered (the app's
  ``save_desa``) and that workbook imported by the app: the village then has a
  100,000-mark recap (the xlsx benchmark) of 10,000 participants (the PDF one).

The import benchmark starts from a copy of the large database and registers the village
itself before its clock starts.
"""

from __future__ import annotations

import random
import shutil
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# the generator's names: one list of Indonesian names for the whole benchmark
from generate import _NAMA_BELAKANG as _BELAKANG
from generate import _NAMA_L as _DEPAN_L
from generate import _NAMA_P as _DEPAN_P

_TOPIK = (
    "Pola Asuh Anak Usia Dini",
    "Komunikasi Jarak Jauh dengan Orang Tua di Luar Negeri",
    "Gizi Seimbang untuk Anak",
    "Kesehatan Reproduksi Remaja",
    "Literasi Keuangan Keluarga Pekerja Migran",
    "Pencegahan Kekerasan terhadap Anak",
    "Peran Kakek dan Nenek sebagai Pengasuh",
    "Belajar di Rumah",
    "Pengenalan Emosi Anak",
    "Bahaya Narkoba dan Pergaulan Bebas",
    "Keamanan Digital Anak",
    "Persiapan Masuk Sekolah",
)
_FASILITATOR = ("Rina Kusumawati", "Hadi Purnomo", "Sri Wahyuni", "Dedi Saputra")


def _kehadiran_rows(kode: str, sessions: int, participants: int, seed: int):  # type: ignore[no-untyped-def]
    """Rows of the workbook, session after session (as the app's own recap writes them)."""
    rng = random.Random(seed)
    orang: list[tuple[str, str, date, str]] = []
    seen: set[tuple[str, date]] = set()
    while len(orang) < participants:
        roll = rng.random()
        if roll < 0.5:
            kategori = "Anak"
            jk = rng.choice("LP")
            lahir = date(2008, 1, 1) + timedelta(days=rng.randrange(14 * 365))
        elif roll < 0.8:
            jk = "P" if rng.random() < 0.8 else "L"
            kategori = "Ibu" if jk == "P" else "Ayah"
            lahir = date(1975, 1, 1) + timedelta(days=rng.randrange(25 * 365))
        else:
            jk = rng.choice("LP")
            kategori = rng.choice(["Wali/Pengasuh", "Nenek" if jk == "P" else "Kakek"])
            lahir = date(1945, 1, 1) + timedelta(days=rng.randrange(30 * 365))
        depan = rng.choice(_DEPAN_L if jk == "L" else _DEPAN_P)
        nama = f"{depan} {rng.choice(_BELAKANG)}"
        if (nama, lahir) in seen:
            continue
        seen.add((nama, lahir))
        orang.append((nama, jk, lahir, kategori))
    start = date(2024, 1, 6)  # Saturdays, fortnightly
    for s in range(sessions):
        tanggal = start + timedelta(days=14 * s)
        topik = _TOPIK[s % len(_TOPIK)]
        fasilitator = _FASILITATOR[s % len(_FASILITATOR)]
        for nama, jk, lahir, kategori in orang:
            status = rng.choices("HISA", (82, 7, 6, 5))[0]
            yield [kode, tanggal, topik, fasilitator, nama, jk, lahir, kategori, status]


def _free_code(db_path: Path, seed: int) -> str:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        used = {r[0] for r in conn.execute("SELECT kode_wilayah FROM desa")}
        codes = [
            r[0]
            for r in conn.execute(
                "SELECT kode FROM wilayah WHERE tingkat = 4 AND kode LIKE '3_.%' ORDER BY kode"
            )
        ]
    finally:
        conn.close()
    rng = random.Random(seed + 77)
    rng.shuffle(codes)
    return next(c for c in codes if c not in used)


def _write_workbook(path: Path, kode: str, sessions: int, participants: int, seed: int) -> int:
    from desmig_desktop.domain.lembar import KOLOM_KEHADIRAN, SHEET_KEHADIRAN
    from desmig_desktop.exports.xlsx_base import (
        FMT_TANGGAL,
        FMT_TEKS,
        new_workbook,
        save_workbook,
        write_big_sheet,
    )

    fmt = {"Kode Wilayah": FMT_TEKS, "Tanggal": FMT_TANGGAL, "Tanggal Lahir": FMT_TANGGAL}
    wb = new_workbook(write_only=True, title="Kehadiran (benchmark)")
    sheet = write_big_sheet(
        wb,
        SHEET_KEHADIRAN,
        [k.header for k in KOLOM_KEHADIRAN],
        _kehadiran_rows(kode, sessions, participants, seed),
        col_formats=[fmt.get(k.header) for k in KOLOM_KEHADIRAN],
        widths=[k.lebar for k in KOLOM_KEHADIRAN],
    )
    save_workbook(wb, path)
    return sheet.last_data_row - sheet.first_data_row + 1


def prepare(args: dict[str, Any]) -> dict[str, Any]:
    """Make ``kehadiran.xlsx`` and ``export-base.db`` in ``work`` (see the module)."""
    import _raw

    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.services.desa import DesaData, save_desa
    from desmig_desktop.services.impor_kehadiran import import_kehadiran_file
    from desmig_desktop.services.uow import UnitOfWork

    work = Path(args["work"])
    large = Path(args["large"])
    seed = int(args.get("seed", 0))
    sessions, participants = int(args["sessions"]), int(args["participants"])
    exp = work / "export-base.db"
    xlsx = work / "kehadiran.xlsx"
    for extra in ("", "-wal", "-shm"):
        Path(str(exp) + extra).unlink(missing_ok=True)
    kode = _free_code(large, seed)
    t0 = time.perf_counter()
    rows = _write_workbook(xlsx, kode, sessions, participants, seed)
    t_xlsx = time.perf_counter() - t0
    shutil.copyfile(large, exp)
    db = open_database(exp, backup=False)
    with UnitOfWork(db) as uow:
        save_desa(uow, DesaData(kode_wilayah=kode, tahun_penetapan=2020, kepala_desa="Suparno"))
    t0 = time.perf_counter()
    result = import_kehadiran_file(db, xlsx)
    t_import = time.perf_counter() - t0
    db.close()
    _raw.checkpoint(str(exp))
    return {
        "kode": kode,
        "rows": rows,
        "imported": result.tanda_baru,
        "workbook_s": t_xlsx,
        "first_import_s": t_import,
    }
