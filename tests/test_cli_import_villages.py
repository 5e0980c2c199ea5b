"""`desmig import villages FILE` end to end: all or nothing, row errors on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from desmig_desktop.db.migrate import open_database
from desmig_desktop.services.desa import get_desa_by_kode, list_desa
from desmig_desktop.services.uow import UnitOfWork

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


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Desa"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DESMIG_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "desmig_desktop.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


GOOD = [
    [
        "35.05.10.2003",
        "",
        2019,
        "Aktif",
        "Sutrisno",
        "Nanik Wahyuni",
        "0857-3300-1122",
        2024,
        5120,
        101,
        240,
        20,
        77,
        "Malaysia (150), Hong Kong (90), Taiwan",
    ],
    [
        "35.05.10.2003",
        "",
        2019,
        "Aktif",
        "Sutrisno",
        "Nanik Wahyuni",
        "",
        2023,
        5080,
        96,
        228,
        18,
        70,
        "Malaysia, Hong Kong",
    ],
    ["35.04.14.2011", "Tunggangri", 2017, "", "", "", "", "", "", "", "", "", "", ""],
]


def test_import_villages_then_reimport_updates(tmp_path: Path) -> None:
    db_file = tmp_path / "kab.db"
    book = _workbook(tmp_path / "desa.xlsx", GOOD)
    first = _run(["--db", str(db_file), "import", "villages", str(book)], tmp_path / "home")
    assert first.returncode == 0, first.stderr
    assert "2 desa baru" in first.stdout

    second = _run(["--db", str(db_file), "import", "villages", str(book)], tmp_path / "home")
    assert second.returncode == 0, second.stderr
    assert "0 desa baru, 2 desa diperbarui" in second.stdout

    db = open_database(db_file)
    try:
        with UnitOfWork(db) as uow:
            assert len(list_desa(uow)) == 2
            desa = get_desa_by_kode(uow, "35.05.10.2003")
            assert desa is not None
            assert [s.tahun for s in desa.statistik] == [2023, 2024]
            st = desa.statistik_tahun(2024)
            assert st is not None and st.pmi_aktif == 341
            assert st.negara == {"Malaysia": 150, "Hong Kong": 90, "Taiwan": None}
            assert [p.telepon for p in desa.petugas] == ["085733001122"]
    finally:
        db.close()


def test_refused_import_reports_rows_on_stderr_and_writes_nothing(tmp_path: Path) -> None:
    db_file = tmp_path / "kab.db"
    ok = _run(
        [
            "--db",
            str(db_file),
            "import",
            "villages",
            str(_workbook(tmp_path / "ok.xlsx", GOOD[:1])),
        ],
        tmp_path / "home",
    )
    assert ok.returncode == 0
    before = db_file.read_bytes()
    bad = _workbook(
        tmp_path / "bad.xlsx",
        [
            GOOD[2],
            ["35.04.14.2099", "", 2018, "", "", "", "", "", "", "", "", "", "", ""],
            ["35.04.14.2016", "Betak", 2015, "", "", "", "", "", "", -3, "", "", "", ""],
        ],
    )
    result = _run(["--db", str(db_file), "import", "villages", str(bad)], tmp_path / "home")
    assert result.returncode == 1
    assert 'Baris 3, kolom "Kode Wilayah"' in result.stderr
    assert 'Baris 4, kolom "Tahun Penetapan"' in result.stderr
    assert 'Baris 4, kolom "PMI Aktif Laki-laki"' in result.stderr
    assert "Tunggangri" not in result.stdout
    # nothing from the good first row of the refused file was written
    db = open_database(db_file)
    try:
        with UnitOfWork(db) as uow:
            assert [d.kode_wilayah for d in list_desa(uow)] == ["35.05.10.2003"]
    finally:
        db.close()
    assert len(before) > 0


def test_missing_file_is_refused(tmp_path: Path) -> None:
    result = _run(
        ["--db", str(tmp_path / "kab.db"), "import", "villages", str(tmp_path / "tidak-ada.xlsx")],
        tmp_path / "home",
    )
    assert result.returncode == 1
    assert "tidak ditemukan" in result.stderr
