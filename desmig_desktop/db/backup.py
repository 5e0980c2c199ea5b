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
    from desmig_desktop.db.migrate import connect_readonly

    dest = Path(dest)
    if dest.is_dir():
        raise KnownEnvironmentError(
            f"Tujuan cadangan {dest} adalah folder; berikan nama berkas, mis. "
            f"{dest / 'desmig-cadangan.db'}."
        )
    tmp = dest.with_name(dest.name + ".part")
    try:
        source = connect_readonly(Path(src))
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Basis data {src} tidak dapat dibaca untuk dicadangkan: {exc}."
        ) from exc
    try:
        try:
            tmp.unlink(missing_ok=True)
            target = sqlite3.connect(tmp)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise _unwritable(dest, exc) from exc
        try:
            source.backup(target, pages=1024)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise _unwritable(dest, exc) from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"Cadangan basis data gagal dibuat dari {src}: {exc}.") from exc
        finally:
            target.close()
        if result != "ok":
            raise DatabaseError(f"Salinan cadangan tidak utuh (integrity_check: {result}).")
        try:
            tmp.replace(dest)
        except OSError as exc:
            raise _unwritable(dest, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return dest


def _unwritable(dest: Path, exc: BaseException) -> KnownEnvironmentError:
    reason = getattr(exc, "strerror", None) or str(exc)
    return KnownEnvironmentError(
        f"Cadangan tidak dapat ditulis ke {dest}: {reason}. "
        "Periksa bahwa folder tujuan ada, dapat ditulisi, dan ruang disk cukup."
    )


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
    old = sorted(
        folder.glob(f"{Path(src).stem}-*-{reason}*.db"), key=lambda p: p.stat().st_mtime_ns
    )
    for stale in old[:-KEEP_PER_REASON]:
        with contextlib.suppress(OSError):
            stale.unlink()
    return dest
