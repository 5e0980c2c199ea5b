"""`desmig backup`, `desmig restore FILE`, the backup before every import, and the
environment failures (read-only database, full disk) as known messages without a traceback.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from desmig_desktop import cli, paths
from desmig_desktop.db import engine as engine_mod
from desmig_desktop.db import migrate
from desmig_desktop.db.backup import list_backups
from tests.conftest import run_desmig


@pytest.fixture(autouse=True)
def _detach_cli_logging() -> Iterator[None]:
    """cli.main() adds a log file handler to the root logger; don't let it outlive a test."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_desmig", False):
            root.removeHandler(handler)
            handler.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_db(src: Path, dest: Path) -> Path:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def scalar(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    return {
        t: int(scalar(path, f"SELECT count(*) FROM {t}"))  # type: ignore[arg-type]
        for t in ("desa", "kegiatan", "peserta", "kehadiran", "tahun_anggaran")
    }


def damage(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096 : (middle + 2) * 4096] = bytes(range(256)) * 32
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def kantor(demo_template: Path, tmp_path: Path) -> Path:
    return copy_db(demo_template, tmp_path / "kantor.db")


# --- backup and restore ------------------------------------------------------------------------


def test_backup_then_restore_end_to_end(kantor: Path, desmig_home: Path, tmp_path: Path) -> None:
    """Through the real console entry: what was backed up comes back, the rest is kept."""
    out = tmp_path / "flashdisk" / "kantor-cadangan.db"
    out.parent.mkdir()
    made = run_desmig("--db", str(kantor), "backup", str(out), home=desmig_home)
    assert made.returncode == 0, made.stderr
    expected = counts(out)
    conn = sqlite3.connect(kantor)
    conn.execute("DELETE FROM kehadiran")
    conn.execute("INSERT INTO tahun_anggaran (tahun, ditutup, catatan) VALUES (2031, 0, '')")
    conn.commit()
    conn.close()
    changed = counts(kantor)

    restored = run_desmig("--db", str(kantor), "restore", str(out), home=desmig_home)

    assert restored.returncode == 0, restored.stderr
    assert "Traceback" not in restored.stderr
    assert counts(kantor) == expected
    text = restored.stdout
    assert "7 desa, 19 kegiatan" in text and "dipulihkan" in text
    assert f"{expected['peserta']} peserta" in text
    safety = [b for b in list_backups() if b.group == "pra-pulih"]
    assert len(safety) == 1 and str(safety[0].path) in text
    assert counts(safety[0].path) == changed
    check = run_desmig("--db", str(kantor), "check", home=desmig_home)
    assert check.returncode == 0 and "basis data baik" in check.stdout


def _too_new(src: Path, dest: Path) -> Path:
    copy_db(src, dest)
    conn = sqlite3.connect(dest)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    return dest


@pytest.mark.parametrize("kind", ["sampah", "lebih-baru", "rusak", "asing", "tidak-ada"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
    kind: str, kantor: Path, template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_folder = tmp_path / "berkas"
    bad_folder.mkdir()
    bad = bad_folder / "cadangan.db"
    if kind == "sampah":
        bad.write_bytes(b"Laporan triwulan, bukan basis data\r\n" * 100)
    elif kind == "lebih-baru":
        _too_new(template_db, bad)
    elif kind == "rusak":
        damage(copy_db(template_db, bad))
    elif kind == "asing":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE resep (nama TEXT)")
        conn.commit()
        conn.close()
    digest = sha256(kantor)
    beside = sorted(p.name for p in tmp_path.iterdir())

    assert cli.main(["--db", str(kantor), "restore", str(bad)]) == cli.EXIT_REFUSED

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "tidak diubah" in err
    expected = {
        "sampah": "bukan basis data Desmig",
        "lebih-baru": "lebih baru",
        "rusak": "rusak",
        "asing": "bukan milik Desmig",
        "tidak-ada": "tidak ditemukan",
    }[kind]
    assert expected in err
    assert sha256(kantor) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == beside
    assert list_backups() == []


def test_restore_is_for_sqlite_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--db-url", "postgresql://localhost/desmig", "restore", str(tmp_path / "x.db")]
    assert cli.main(argv) == cli.EXIT_USAGE
    assert "SQLite" in capsys.readouterr().err


def test_check_fails_on_a_damaged_database_and_restore_repairs_it(
    kantor: Path, template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "cadangan-baik.db"
    assert cli.main(["--db", str(kantor), "backup", str(good)]) == cli.EXIT_OK
    live = damage(copy_db(template_db, tmp_path / "desmig.db"))
    digest = sha256(live)

    assert cli.main(["--db", str(live), "check"]) == cli.EXIT_REFUSED
    capsys.readouterr()

    assert cli.main(["--db", str(live), "restore", str(good)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("desmig.db.rusak-")]
    assert len(aside) == 1 and sha256(aside[0]) == digest
    assert str(aside[0]) in out
    assert counts(live) == counts(good)
    assert cli.main(["--db", str(live), "check"]) == cli.EXIT_OK


# --- a backup before every import ------------------------------------------------------------


def _villages_workbook(path: Path, codes: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Desa"
    ws.append(["Kode Wilayah", "Nama Desa", "Tahun Penetapan"])
    for code in codes:
        ws.append([code, "", 2019])
    wb.save(path)
    return path


def test_every_import_is_preceded_by_a_backup(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _villages_workbook(tmp_path / "desa.xlsx", ["35.05.10.2003", "35.04.14.2011"])

    assert cli.main(["--db", str(db_path), "import", "villages", str(book)]) == cli.EXIT_OK

    capsys.readouterr()
    before = [b for b in list_backups() if b.group == "pra-impor"]
    assert len(before) == 1
    assert scalar(before[0].path, "SELECT count(*) FROM desa") == 0  # the state before
    assert scalar(before[0].path, "PRAGMA integrity_check") == "ok"
    assert scalar(db_path, "SELECT count(*) FROM desa") == 2


# --- environment failures: known messages, no traceback, nothing written ------------------------


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection opens the file with ``mode=ro``, as on a read-only share or folder
    (chmod does not stop root, who runs the tests here)."""
    monkeypatch.setattr(
        migrate,
        "sqlite_url",
        lambda p: f"sqlite:///file:{Path(p).resolve().as_posix()}?mode=ro&uri=true",
    )


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection may not grow the file: SQLite answers 'database or disk is full'."""
    real = engine_mod.make_engine

    def make_engine(url: str, *, foreign_keys: bool = True):  # type: ignore[no-untyped-def]
        engine = real(url, foreign_keys=foreign_keys)

        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            count = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {count}")

        return engine

    monkeypatch.setattr(migrate, "make_engine", make_engine)


@pytest.mark.parametrize(
    ("simulate", "message"), [(_read_only, "hanya-baca"), (_full_disk, "Disk penuh")]
)
@pytest.mark.parametrize("command", ["demo", "import"])
def test_read_only_and_full_disk_are_known_errors(
    simulate,  # type: ignore[no-untyped-def]
    message: str,
    command: str,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    conn = sqlite3.connect(db_path)
    codes = [r[0] for r in conn.execute("SELECT kode FROM wilayah WHERE tingkat = 4 LIMIT 400")]
    conn.close()
    book = _villages_workbook(tmp_path / "desa.xlsx", codes)
    before = counts(db_path)
    simulate(monkeypatch)
    argv = ["--db", str(db_path), "demo"]
    if command == "import":
        argv = ["--db", str(db_path), "import", "villages", str(book)]

    assert cli.main(argv) == cli.EXIT_REFUSED

    monkeypatch.undo()
    err = capsys.readouterr().err
    assert message in err, err
    assert "Traceback" not in err and "bug" not in err
    assert counts(db_path) == before
    assert scalar(db_path, "PRAGMA integrity_check") == "ok"
    log = paths.log_path().read_text(encoding="utf-8")
    assert "kesalahan tak terduga" not in log
