"""`desmig riwayat`, `desmig export riwayat` and the audit workbook beside a manual backup,
through the real console entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desmig_desktop.db.migrate import open_database
from desmig_desktop.services.desa import get_desa_by_kode, save_desa
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings
from tests.conftest import run_desmig


@pytest.fixture
def kantor(demo_template: Path, tmp_path: Path, desmig_home: Path) -> Path:
    """The demo district after one edit by a named coordinator."""
    path = tmp_path / "kantor.db"
    source, target = sqlite3.connect(demo_template), sqlite3.connect(path)
    source.backup(target)
    target.close()
    source.close()
    settings = Settings()
    settings.set("nama_pengguna", "Bu Rina")
    settings.save()
    db = open_database(path)
    try:
        with UnitOfWork(db) as uow:
            betak = get_desa_by_kode(uow, "35.04.14.2016")
            betak.kepala_desa = "Hj. Sulastri"
            save_desa(uow, betak)
    finally:
        db.close()
    return path


def test_riwayat_lists_and_filters(kantor: Path, desmig_home: Path) -> None:
    done = run_desmig("--db", str(kantor), "riwayat", home=desmig_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 catatan riwayat; 2 terbaru:")
    assert "Bu Rina  Ubah Desa: Betak (35.04.14.2016)" in done.stdout
    assert "→ Hj. Sulastri" in done.stdout

    only = run_desmig("--db", str(kantor), "riwayat", "--aksi", "impor", "--json", home=desmig_home)
    assert only.returncode == 0, only.stderr
    data = json.loads(only.stdout)
    assert data["jumlah"] == 1
    (entry,) = data["catatan"]
    assert entry["aksi"] == "impor" and entry["jumlah_baris"] == 548
    assert entry["perubahan"]["kehadiran"] == 424

    edited = json.loads(
        run_desmig(
            "--db", str(kantor), "riwayat", "--pengguna", "Bu Rina", "--json", home=desmig_home
        ).stdout
    )
    assert [e["perubahan"]["kepala_desa"][1] for e in edited["catatan"]] == ["Hj. Sulastri"]


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("--bagian", "kantor"), 2, "tidak dikenal"),
        (("--dari", "2026-02-30"), 1, "--dari"),
        (("--batas", "0"), 2, "--batas"),
    ],
)
def test_riwayat_refuses_bad_arguments(
    kantor: Path, desmig_home: Path, args: tuple[str, ...], code: int, said: str
) -> None:
    done = run_desmig("--db", str(kantor), "riwayat", *args, home=desmig_home)
    assert done.returncode == code
    assert said in done.stderr and "Traceback" not in done.stderr


def test_backup_carries_the_trail_and_writes_it_beside(
    kantor: Path, desmig_home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "usb" / "cadangan.db"
    out.parent.mkdir()
    made = run_desmig("--db", str(kantor), "backup", str(out), home=desmig_home)
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT count(*) FROM riwayat").fetchone() == (2,)
    finally:
        conn.close()
    beside = tmp_path / "usb" / "cadangan riwayat.xlsx"
    assert str(beside) in made.stdout
    rows = [r for r in load_workbook(beside, read_only=True)["Riwayat"].iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Waktu")
    data = [r for r in rows[header + 1 :] if r and r[0] is not None]
    assert [(r[1], r[2], r[3]) for r in data] == [
        ("Bu Rina", "Ubah", "Desa"),
        (data[1][1], "Impor", "Desa"),
    ]

    export = tmp_path / "riwayat.xlsx"
    done = run_desmig(
        "--db", str(kantor), "export", "riwayat", "--xlsx", str(export), home=desmig_home
    )
    assert done.returncode == 0, done.stderr
    assert "2 catatan riwayat diekspor." in done.stdout and export.is_file()
