"""One copy of the app per database: a second copy is told the database is open
elsewhere, and the lock left by a copy that died (power cut, killed) is taken over.
Real processes of the real program; the first one is killed with SIGKILL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import desktop_command


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, DESMIG_HOME=str(home), QT_QPA_PLATFORM="offscreen")


def _second_copy(db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*desktop_command(), "--smoke-test", "--db", str(db)],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_second_copy_is_refused_and_a_dead_copys_lock_is_taken_over(
    demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kantor.db"
    db.write_bytes(demo_template.read_bytes())
    home = tmp_path / "home"
    lock = Path(str(db) + ".lock")
    first = subprocess.Popen(
        [*desktop_command(), "--db", str(db), "--no-error-dialogs"],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock.exists() and first.poll() is None, "the first copy did not start"

        refused = _second_copy(db, home)
        assert refused.returncode == 1
        assert "sedang dibuka oleh Desmig Desktop yang lain" in refused.stdout + refused.stderr
        assert "uji asap" not in refused.stdout  # it never opened the database

        # while the app holds the database, a restore from the command line is refused too
        backup = tmp_path / "cadangan.db"
        backup.write_bytes(demo_template.read_bytes())
        before = db.read_bytes()
        restore = subprocess.run(
            [sys.executable, "-m", "desmig_desktop.cli", "--db", str(db), "restore", str(backup)],
            env=_env(home),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert restore.returncode == 1
        assert f"sedang dibuka oleh Desmig Desktop (proses {first.pid})" in restore.stderr
        assert db.read_bytes() == before
    finally:
        first.kill()  # SIGKILL (TerminateProcess on Windows): a power cut, no chance to unlock
        first.wait(timeout=30)

    assert lock.exists()  # the dead copy's lock is still there
    taken = _second_copy(db, home)
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert "uji asap: berhasil" in taken.stdout
    log = (home / "logs" / "desmig.log").read_text(encoding="utf-8")
    assert "sesi sebelumnya tidak ditutup dengan benar" in log  # so every page was read
    assert not lock.exists()  # released on a normal exit
