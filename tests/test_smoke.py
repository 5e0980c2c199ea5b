"""`desmig-desktop --smoke-test`: the real program opens, visits every page and exits 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import desktop_command


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DESMIG_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        desktop_command() + args, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_smoke_test_on_a_fresh_database(tmp_path: Path) -> None:
    db = tmp_path / "baru.db"
    result = _run(["--smoke-test", "--db", str(db)], tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    for title in (
        "Beranda",
        "Desa",
        "Rencana & Anggaran",
        "Community Parenting",
        "Laporan",
        "Pengaturan",
    ):
        assert f"ok: halaman {title}" in result.stdout
    # an empty database gets the demo district, then one workbook and one PDF are written
    assert "ok: data demo diisikan (7 desa" in result.stdout
    assert re.search(r"^ok: ekspor xlsx desa\.xlsx \(\d+ bita, 7 desa\)$", result.stdout, re.M)
    assert re.search(r"^ok: ekspor pdf profil-desa\.pdf \(\d+ bita, 7 desa\)$", result.stdout, re.M)
    assert "uji asap: berhasil" in result.stdout
    assert db.exists()  # created and migrated
    log = tmp_path / "home" / "logs" / "desmig.log"
    assert log.exists()  # logged from the first line
    # a windowed exe has no stdout: the log carries the same lines for a build check
    text = log.read_text(encoding="utf-8")
    for line in (
        "ok: ekspor xlsx desa.xlsx",
        "ok: ekspor pdf profil-desa.pdf",
        "uji asap: berhasil",
    ):
        assert line in text
    assert not list((tmp_path / "home").rglob("*.xlsx"))  # the files went to a temp folder


def test_smoke_test_on_a_database_with_data_exports_that_data(tmp_path: Path) -> None:
    db = tmp_path / "isi.db"
    env = dict(os.environ, DESMIG_HOME=str(tmp_path / "home"))
    filled = subprocess.run(
        [sys.executable, "-m", "desmig_desktop.cli", "--db", str(db), "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert filled.returncode == 0, filled.stdout + filled.stderr
    again = _run(["--smoke-test", "--db", str(db)], tmp_path / "home")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "ok: basis data sudah berisi data; data demo tidak diisikan" in again.stdout
    assert "ok: ekspor xlsx desa.xlsx" in again.stdout
    assert "ok: ekspor pdf profil-desa.pdf" in again.stdout


def test_refuses_a_foreign_file_and_leaves_it_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.db"
    bad.write_bytes(b"ini bukan basis data" * 100)
    before = bad.read_bytes()
    result = _run(["--smoke-test", "--db", str(bad)], tmp_path / "home")
    assert result.returncode == 1
    assert "bukan basis data Desmig Desktop" in result.stdout
    assert bad.read_bytes() == before
