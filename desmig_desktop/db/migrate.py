"""Open a database: refuse foreign or newer files, back up, then migrate to head.

Alembic is imported only when the schema is behind (start-up stays light).
On SQLite the migration runs with foreign keys OFF (set outside the
transaction), is followed by ``PRAGMA foreign_key_check``, and only then are
foreign keys switched back on: a batch migration of a parent table would
otherwise empty its children through ON DELETE CASCADE (DESIGN.md).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from desmig_desktop.db import backup as backup_mod
from desmig_desktop.db import riwayat as _riwayat  # noqa: F401  (registers the audit listener)
from desmig_desktop.db.engine import is_sqlite, make_engine, make_sessionmaker, sqlite_url
from desmig_desktop.domain.errors import DatabaseError, DatabaseTooNew, NotADatabase

log = logging.getLogger(__name__)

# The newest revision this version of the application knows. A test keeps it
# equal to the head of db/migrations, so that opening an up-to-date database
# never needs to import Alembic.
SCHEMA_HEAD = "0003"
KNOWN_REVISIONS = ("0001", "0002", "0003")

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Database:
    """An open, migrated database: the engine and the session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None = None
    backup_made: Path | None = None
    _readers: dict[int, Connection] = field(default_factory=dict, repr=False)
    _readers_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def label(self) -> str:
        """How the status bar names the database."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    def reader(self) -> Connection:
        """This thread's connection for quick reads (type-ahead search): kept open, no
        transaction around its statements, each of which sees the latest commit. Never
        for writing. Closed with the database."""
        key = threading.get_ident()
        conn = self._readers.get(key)
        if conn is None or conn.closed or conn.invalidated:
            conn = self.engine.connect().execution_options(baca_saja=True)
            with self._readers_lock:
                self._readers[key] = conn
        return conn

    def close(self) -> None:
        with self._readers_lock:
            readers, self._readers = list(self._readers.values()), {}
        for conn in readers:
            try:
                conn.close()
            except Exception:  # a reader of a finished thread; the pool is disposed below
                log.debug("koneksi baca tidak dapat ditutup", exc_info=True)
        if self.path is not None:
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # a checkpoint is a courtesy; never fail a close on it
                log.warning("wal_checkpoint gagal", exc_info=True)
        self.engine.dispose()


def alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    """An Alembic Config built in code (works in a frozen bundle)."""
    from alembic.config import Config

    from desmig_desktop.resources import migrations_dir

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no trace beside the file.

    Without a ``-wal`` file the database file is complete, so it is opened
    ``immutable`` (no locks, no ``-wal``/``-shm`` created). With one, the WAL
    holds committed pages that must be read, so it is opened ``mode=ro``.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{path.as_posix()}?{mode}", uri=True)


def inspect_sqlite_file(path: Path) -> str | None:
    """The file's schema revision (None for a new or empty file), refusing foreign files.

    The file is opened read-only and never modified.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise NotADatabase(
            f"Berkas {path} bukan basis data Desmig Desktop (bukan berkas SQLite). "
            "Berkas itu tidak diubah. Pilih berkas lain atau pulihkan dari cadangan."
        )
    try:
        conn = connect_readonly(path)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise NotADatabase(
                    f"Berkas {path} adalah basis data SQLite, tetapi bukan milik Desmig Desktop "
                    "(tidak ada versi skema). Berkas itu tidak diubah."
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(
            f"Berkas basis data {path} rusak atau terpotong ({exc}). Berkas itu tidak diubah; "
            "pulihkan dari cadangan terakhir."
        ) from exc
    return row[0] if row else None


def _refuse_unknown(revision: str | None, where: str) -> None:
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseTooNew(
            f"Basis data {where} dibuat oleh versi Desmig Desktop yang lebih baru "
            f"(skema {revision}; versi ini mengenal sampai {SCHEMA_HEAD}). "
            "Perbarui aplikasi; basis data tidak diubah."
        )


def upgrade(connection: Connection) -> None:
    """Run the Alembic upgrade to head on ``connection`` (committed by the caller)."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def _migrate_sqlite(url: str) -> None:
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect() as conn:
            upgrade(conn)
            conn.commit()
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise DatabaseError(
                    f"Migrasi meninggalkan {len(bad)} rujukan yang rusak (tabel {bad[0][0]}); "
                    "pulihkan dari cadangan yang dibuat sebelum migrasi."
                )
    finally:
        engine.dispose()


def open_database(target: str | Path, *, backup: bool = True) -> Database:
    """Open ``target`` (a file path or a database URL), migrating it to head if needed."""
    text_target = str(target)
    if "://" in text_target:
        url, path = text_target, None
        if is_sqlite(url):
            db_path = make_url_path(url)
            url, path = sqlite_url(db_path), db_path
    else:
        path = Path(text_target).expanduser().resolve()
        url = sqlite_url(path)

    backup_made: Path | None = None
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"Folder basis data {path.parent} tidak dapat dibuat: {exc}."
            ) from exc
        revision = inspect_sqlite_file(path)
        _refuse_unknown(revision, str(path))
        if revision != SCHEMA_HEAD:
            if revision is not None and backup:
                backup_made = backup_mod.automatic_backup(path, f"pra-migrasi-{revision}")
                log.info("cadangan sebelum migrasi: %s", backup_made)
            log.info("migrasi %s dari %s ke %s", path, revision, SCHEMA_HEAD)
            _migrate_sqlite(url)
        engine = make_engine(url)
    else:
        engine = make_engine(url)
        with engine.connect() as conn:
            revision = None
            if inspect(conn).has_table("alembic_version"):
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            _refuse_unknown(revision, engine.url.render_as_string(hide_password=True))
            if revision != SCHEMA_HEAD:
                upgrade(conn)
                conn.commit()

    db = Database(url=url, engine=engine, sessions=make_sessionmaker(engine), path=path)
    db.backup_made = backup_made
    from desmig_desktop.db.wilayah import ensure_wilayah

    ensure_wilayah(db)
    return db


def make_url_path(url: str) -> Path:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:":
        raise DatabaseError("Basis data SQLite di memori tidak didukung; berikan nama berkas.")
    return Path(database).expanduser().resolve()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
