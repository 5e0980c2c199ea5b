"""`desmig-desktop --smoke-test`: the real program opens, visits every page and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _command() -> list[str]:
    script = Path(sys.executable).parent / "desmig-desktop"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "desmig_desktop.gui.app"]


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DESMIG_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        _command() + args, env=env, capture_output=True, text=True, timeout=120, check=False
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
    assert "uji asap: berhasil" in result.stdout
    assert db.exists()  # created and migrated
    assert (tmp_path / "home" / "logs" / "desmig.log").exists()  # logged from the first line


def test_refuses_a_foreign_file_and_leaves_it_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.db"
    bad.write_bytes(b"ini bukan basis data" * 100)
    before = bad.read_bytes()
    result = _run(["--smoke-test", "--db", str(bad)], tmp_path / "home")
    assert result.returncode == 1
    assert "bukan basis data Desmig Desktop" in result.stdout
    assert bad.read_bytes() == before
