"""The `desmig` command line (FORMATS.md): exit 0 done, 1 refused, 2 bad arguments.

One end-to-end run goes through the real console entry in a fresh interpreter; the
quick cases call ``cli.main`` in this process. The last tests check the demo district
itself, which every tutorial, screenshot and manual test starts from.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desmig_desktop import cli
from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, Kegiatan, Pagu, Realisasi, SumberDana
from desmig_desktop.domain.enums import PeranPenandatangan, Pilar
from desmig_desktop.domain.identitas import normalize_nip
from desmig_desktop.services.kantor import get_kantor, list_ttd
from desmig_desktop.services.uow import UnitOfWork
from tests.conftest import run_desmig

BAD_ARGUMENTS = [
    [],
    ["bogus"],
    ["import", "kucing", "x.xlsx"],
    ["import", "villages"],
    ["export", "quarterly", "--year", "2024", "--quarter", "5"],
    ["export", "quarterly", "--year", "dua ribu"],
    ["summary", "--year", "2024"],
    ["--db", "a.db", "--db-url", "sqlite:///b.db", "check"],
    ["backup"],
]


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _detach_cli_logging() -> Iterator[None]:
    """cli.main() adds a log file handler to the root logger; don't let it outlive a test."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_desmig", False):
            root.removeHandler(handler)
            handler.close()


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def copy_db(src: Path, dest: Path) -> Path:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def integrity(path: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text


# --- end to end, through the real console entry ------------------------------------------


def test_demo_check_and_demo_again_end_to_end(desmig_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "kabupaten.db"

    first = run_desmig("--db", str(path), "demo", home=desmig_home)
    assert first.returncode == 0, first.stderr
    assert "Tulungagung" in first.stdout
    assert re.search(r"\b7 desa Desmigratif", first.stdout), first.stdout
    assert re.search(r"\b19 rencana kegiatan 2024", first.stdout), first.stdout
    assert re.search(r"\b\d+ tanda kehadiran", first.stdout), first.stdout
    counts = table_counts(path)
    assert counts["desa"] == 7 and counts["kegiatan"] == 19 and counts["kehadiran"] > 0

    check = run_desmig("--db", str(path), "check", home=desmig_home)
    assert check.returncode == 0, check.stderr
    assert "basis data baik" in check.stdout
    assert check.stderr == ""

    again = run_desmig("--db", str(path), "demo", home=desmig_home)
    assert again.returncode == 1
    assert "sudah berisi data" in again.stderr
    assert no_traceback(again.stderr)
    assert table_counts(path) == counts


def test_version() -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0


# --- check ---------------------------------------------------------------------------------


def test_check_refuses_a_garbage_file_and_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rusak.db"
    path.write_bytes(b"ini bukan basis data, hanya catatan\r\n" * 100)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    assert cli.main(["--db", str(path), "check"]) == cli.EXIT_REFUSED

    err = capsys.readouterr().err
    assert "MASALAH" in err and "bukan" in err
    assert no_traceback(err)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "rusak.db"]


def test_check_leaves_a_damaged_database_exactly_as_it_was(
    template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "terpotong.db"
    path.write_bytes(template_db.read_bytes()[:8192])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    assert cli.main(["--db", str(path), "check"]) == cli.EXIT_REFUSED

    err = capsys.readouterr().err
    assert "rusak" in err and "cadangan" in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "terpotong.db"]


def test_check_of_a_healthy_database_leaves_no_files_behind(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    before = sorted(p.name for p in tmp_path.iterdir())

    assert cli.main(["--db", str(db_path), "check"]) == cli.EXIT_OK

    assert "basis data baik" in capsys.readouterr().out
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_on_a_missing_file_creates_nothing(
    tmp_path: Path, desmig_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tidak-ada.db"

    assert cli.main(["--db", str(path), "check"]) == cli.EXIT_REFUSED

    err = capsys.readouterr().err
    assert "tidak ada" in err
    assert not path.exists()
    assert not (desmig_home / "desmig.db").exists()


def test_check_reports_a_broken_reference(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO pagu (tahun, pilar, sumber_dana_id, jumlah) VALUES (2024, 'I', 1, 100)"
    )  # no tahun_anggaran 2024: foreign keys are off on this plain connection
    conn.commit()
    conn.close()

    assert cli.main(["--db", str(db_path), "check"]) == cli.EXIT_REFUSED
    assert "pagu" in capsys.readouterr().err


# --- commands and arguments --------------------------------------------------------------


@pytest.mark.parametrize("argv", BAD_ARGUMENTS, ids=lambda a: " ".join(a) or "(kosong)")
def test_bad_arguments_exit_2(
    argv: list[str], desmig_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "argumen tidak sah" in err
    assert not (desmig_home / "desmig.db").exists()


def test_bad_arguments_exit_2_from_the_console_entry(desmig_home: Path) -> None:
    result = run_desmig("export", "quarterly", "--quarter", "9", home=desmig_home)
    assert result.returncode == 2
    assert "argumen tidak sah" in result.stderr
    assert no_traceback(result.stderr)


# --- backup and the default database -----------------------------------------------------


def test_backup_writes_a_checked_copy(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = copy_db(demo_template, tmp_path / "kantor.db")
    expected = table_counts(source)
    out = tmp_path / "cadangan" / "kantor-2024-07-01.db"
    out.parent.mkdir()

    assert cli.main(["--db", str(source), "backup", str(out)]) == cli.EXIT_OK

    assert str(out) in capsys.readouterr().out
    assert integrity(out) == [("ok",)]
    assert table_counts(out) == expected
    # the audit trail goes inside the copy and, readable, beside it
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "kantor-2024-07-01 riwayat.xlsx",
        out.name,
    ]


def test_without_db_the_database_in_desmig_home_is_used(
    template_db: Path, desmig_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default = copy_db(template_db, desmig_home / "desmig.db")

    assert cli.main(["demo"]) == cli.EXIT_OK
    assert str(default) in capsys.readouterr().out
    assert table_counts(default)["desa"] == 7

    assert cli.main(["check"]) == cli.EXIT_OK
    assert str(default) in capsys.readouterr().out


# --- the demo district -------------------------------------------------------------------


def test_demo_office_and_signers(demo_db: Database) -> None:
    with UnitOfWork(demo_db) as uow:
        kantor = get_kantor(uow)
        signers = list_ttd(uow)
    assert kantor.instansi.casefold() == "dinas tenaga kerja"
    assert "Tulungagung".casefold() in kantor.pemerintah.casefold()
    assert kantor.kota == "Tulungagung"
    assert kantor.kode_kabkota == "35.04"
    assert kantor.lengkap

    kepala = [t for t in signers if t.peran is PeranPenandatangan.KEPALA_DINAS]
    assert kepala, "the demo needs a kepala dinas to sign"
    for t in kepala:
        assert t.nip is not None and len(t.nip) == 18
        assert normalize_nip(t.nip) == t.nip
    assert [t.urutan for t in signers] == sorted(t.urutan for t in signers)


def test_demo_villages(demo_db: Database) -> None:
    with demo_db.sessions() as session:
        villages = {d.kode_wilayah: d for d in session.scalars(select(Desa))}
    for kode, nama in (
        ("35.04.14.2011", "Tunggangri"),
        ("35.04.14.2016", "Betak"),
        ("35.04.14.2017", "Pagersari"),
    ):
        assert villages[kode].nama == nama
        assert villages[kode].kecamatan == "Kalidawir"
        assert villages[kode].kabkota == "Kabupaten Tulungagung"
        assert villages[kode].provinsi == "Jawa Timur"
    assert all(k.startswith("35.04.") for k in villages)


def test_demo_budget_plans_and_realisation(demo_db: Database) -> None:
    with demo_db.sessions() as session:
        pagu_pilar = set(session.scalars(select(Pagu.pilar).where(Pagu.tahun == 2024)))
        kegiatan_pilar = set(session.scalars(select(Kegiatan.pilar).where(Kegiatan.tahun == 2024)))
        quarters = set(session.scalars(select(Realisasi.triwulan)))
        pagu = {
            (tahun, pilar, sumber): jumlah
            for tahun, pilar, sumber, jumlah in session.execute(
                select(Pagu.tahun, Pagu.pilar, SumberDana.nama, Pagu.jumlah).join(SumberDana)
            )
        }
        planned = list(
            session.execute(
                select(
                    Kegiatan.tahun,
                    Kegiatan.pilar,
                    SumberDana.nama,
                    func.sum(Kegiatan.anggaran),
                )
                .join(SumberDana)
                .group_by(Kegiatan.tahun, Kegiatan.pilar, SumberDana.nama)
            )
        )
    everything = {p.value for p in Pilar}
    assert pagu_pilar == everything
    assert kegiatan_pilar == everything
    assert quarters == {"1", "2"}
    assert planned
    for tahun, pilar, sumber, total in planned:
        ceiling = pagu.get((tahun, pilar, sumber), Decimal(0))
        assert total <= ceiling, f"{tahun} pilar {pilar} {sumber}: {total} > pagu {ceiling}"
