"""Backups with SQLite's online backup API, checked before they are trusted.

Never a plain file copy: while a ``-wal`` file exists the last commits live
there. A backup is verified with ``PRAGMA integrity_check`` on the copy.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

from desmig_desktop import paths
from desmig_desktop.domain.errors import DatabaseError, KnownEnvironmentError

KEEP_PER_REASON = 10


def backup_to(src: Path, dest: Path) -> Path:
    """Copy the database ``src`` to ``dest`` consistently and verify the copy."""
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{Path(src).as_posix()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target, pages=1024)
                result = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Cadangan basis data gagal dibuat dari {src}: {exc}.") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownEnvironmentError(
            f"Cadangan tidak dapat ditulis ke {dest}: {exc.strerror or exc}. "
            "Periksa ruang disk dan izin tulis folder tujuan."
        ) from exc
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Salinan cadangan tidak utuh (integrity_check: {result}).")
    tmp.replace(dest)
    return dest


def automatic_backup(src: Path, reason: str) -> Path:
    """A timestamped backup in the data folder's backups/, keeping the newest few per reason."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.backups_dir()
    dest = folder / f"{Path(src).stem}-{stamp}-{reason}.db"
    counter = 1
    while dest.exists():
        counter += 1
        dest = folder / f"{Path(src).stem}-{stamp}-{reason}-{counter}.db"
    backup_to(src, dest)
    old = sorted(folder.glob(f"{Path(src).stem}-*-{reason}*.db"))
    for stale in old[:-KEEP_PER_REASON]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return dest
