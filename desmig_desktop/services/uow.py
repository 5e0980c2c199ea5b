"""One unit of work per user action (STYLE.md rule 3).

A context manager over the database's session factory: it rolls back unless
``commit()`` was called and always closes the session.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desmig_desktop import paths
from desmig_desktop.db.migrate import Database
from desmig_desktop.db.riwayat import pengguna_sistem
from desmig_desktop.domain.errors import KnownEnvironmentError
from desmig_desktop.settings import Settings


class UnitOfWork:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._db.sessions()
        # Who the audit trail names for this action (db/riwayat.py); asked only when
        # something is written, so a read (a keystroke of a search) does not pay for it.
        self.session.info["pengguna"] = pengguna_aktif
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.close()  # rolls back whatever was not committed
        if isinstance(exc, OperationalError):
            raise environment_error(exc) from exc

    def commit(self) -> None:
        self.session.commit()

    def reader(self) -> Connection:
        """A connection for quick read-only lookups outside this unit's transaction
        (type-ahead search: no BEGIN/ROLLBACK around a sub-millisecond query). It sees
        committed data only, so never use it for what this unit has just written."""
        return self._db.reader()


def pengguna_aktif() -> str:
    """The name the audit trail records: the one chosen in Pengaturan, else the
    operating-system (Windows) user."""
    file = paths.settings_path()
    try:
        info = file.stat()
        stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = None
    key = (str(file), stamp)
    if _pengguna_cache.get("key") != key:  # read the INI only when it changed
        chosen = str(Settings(file).get("nama_pengguna") or "").strip()
        _pengguna_cache.update(key=key, nama=chosen or pengguna_sistem())
    return str(_pengguna_cache["nama"])


_pengguna_cache: dict[str, object] = {}


def environment_error(exc: OperationalError) -> KnownEnvironmentError:
    """Translate the database driver's environment failures into known errors."""
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return KnownEnvironmentError(
            "Basis data sedang dipakai proses lain (terkunci). Tutup salinan aplikasi yang lain "
            "lalu coba lagi."
        )
    if "disk is full" in text or "database or disk is full" in text:
        return KnownEnvironmentError(
            "Disk penuh: perubahan tidak disimpan. Kosongkan ruang disk lalu coba lagi."
        )
    if "readonly" in text or "read-only" in text:
        return KnownEnvironmentError(
            "Basis data hanya-baca: perubahan tidak disimpan. Periksa izin tulis folder data."
        )
    return KnownEnvironmentError(f"Basis data tidak dapat diakses: {exc.orig}.")
