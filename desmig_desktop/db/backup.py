"""Backups and restores with SQLite's online backup API, checked before they are trusted.

Never a plain file copy: while a ``-wal`` file exists the last commits live
there. A backup is verified with ``PRAGMA integrity_check`` on the copy.

Automatic backups live in the data folder's ``backups/``, named
``<stem>-<YYYYmmdd-HHMMSS>-<reason>[-n].db`` (``stem`` is the database file's
name without ``.db``). The reasons and how many of each are kept
(:func:`prune_backups`):

- ``harian``: the first start of the day (:func:`daily_backup`). Kept: the newest
  backup of each of the last ``KEEP_DAILY`` (14) days that have one, plus the
  newest of each of the last ``KEEP_WEEKLY`` (8) ISO weeks that have one (the two
  sets overlap for the most recent weeks: about two weeks day by day and two
  months week by week).
- ``pra-impor`` (before every import), ``pra-migrasi-<rev>`` (before a schema
  upgrade), ``pra-pulih`` (before a restore), and any other reason: the newest
  ``KEEP_PER_REASON`` (10) of each.

"Newest" is read from the time stamp in the name, so days without a start of the
application never push good backups out. Files whose name does not follow the
pattern (a copy the user put there) are never deleted; an unfinished ``<backup>.part``
that a crash left behind is deleted once it is an hour old.

:func:`restore_from` checks a backup (a Desmig database of a known schema, whole),
backs the current database up first (or, when that file is damaged, renames it
to ``<name>.rusak-<stamp>`` with its ``-wal``/``-shm``), and then copies the
backup into the live path with the backup API, so SQLite itself handles the
``-wal`` of the database being replaced.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desmig_desktop import paths
from desmig_desktop.domain.errors import (
    DatabaseError,
    DatabaseTooNew,
    DesmigError,
    KnownEnvironmentError,
    NotADatabase,
)
from desmig_desktop.domain.formatting import format_angka, format_tanggal

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desmig_desktop.db.migrate import Database
    from desmig_desktop.domain.progress import Progress

KEEP_PER_REASON = 10
KEEP_DAILY = 14
KEEP_WEEKLY = 8
STALE_PART_S = 3600  # a ``.part`` this old is what a crash during a backup left behind

HARIAN = "harian"
PRA_IMPOR = "pra-impor"
PRA_MIGRASI = "pra-migrasi"
PRA_PULIH = "pra-pulih"
_GROUPS = (HARIAN, PRA_IMPOR, PRA_MIGRASI, PRA_PULIH)

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[A-Za-z0-9-]+)\.db$")
_BUSY_TIMEOUT_S = 5.0


# --- making a backup -----------------------------------------------------------------------


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
    """A timestamped backup in the data folder's backups/, then :func:`prune_backups`."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.backups_dir()
    stem = Path(src).stem
    base = f"{stem}-{stamp}-{reason}"
    # Several in one second get -2, -3, ...: always above the highest one still there,
    # so that the counter keeps telling the order after older ones were pruned.
    same = re.compile(re.escape(base) + r"(?:-(\d+))?\.db")
    counters = [
        int(m[1] or 1) for p in folder.iterdir() if (m := same.fullmatch(p.name)) is not None
    ]
    counter = max(counters, default=0) + 1
    dest = folder / (f"{base}.db" if counter == 1 else f"{base}-{counter}.db")
    backup_to(src, dest)
    prune_backups(folder, stem=stem)
    return dest


def daily_backup(src: Path) -> Path | None:
    """The backup of the day, made at the first start of the application on that day.

    Skipped (``None``) when today's backup of this database already exists, or when
    the file does not exist yet or is empty (nothing to keep).
    """
    src = Path(src)
    if not src.is_file() or src.stat().st_size == 0:
        return None
    today = datetime.now().strftime("%Y%m%d")
    for found in list_backups(stem=src.stem):
        if found.group == HARIAN and found.stamp.startswith(today):
            return None
    return automatic_backup(src, HARIAN)


def backup_before_import(db: Database, progress: Progress | None = None) -> Path | None:
    """Back the database up before an import writes to it (``None`` for a server database)."""
    if db.path is None:
        return None
    if progress is not None:
        progress.set_total(0, "Mencadangkan basis data sebelum impor…")
    return automatic_backup(db.path, PRA_IMPOR)


# --- the backups folder and its retention ----------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """An automatic backup found in the backups folder, with what its name says."""

    path: Path
    stem: str
    stamp: str  # YYYYmmdd-HHMMSS
    reason: str
    group: str
    counter: int

    @property
    def taken_at(self) -> datetime:
        s = self.stamp
        return _dt.datetime(
            int(s[0:4]), int(s[4:6]), int(s[6:8]), int(s[9:11]), int(s[11:13]), int(s[13:15])
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        try:
            mtime = self.path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        return (self.stamp, self.counter, mtime, self.path.name)


def parse_backup_name(path: Path) -> BackupFile | None:
    """What an automatic backup's name says, or ``None`` for any other file."""
    m = _NAME.match(path.name)
    if m is None:
        return None
    stamp = m["stamp"]
    try:
        _dt.datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None
    reason = m["reason"]
    group = next((g for g in _GROUPS if reason == g or reason.startswith(g + "-")), None)
    tail = re.search(r"-(\d{1,4})$", reason)
    counter = int(tail[1]) if tail else 1
    if group is None:
        group = reason[: tail.start()] if tail else reason
    return BackupFile(path, m["stem"], stamp, reason, group, counter)


def list_backups(folder: Path | None = None, *, stem: str | None = None) -> list[BackupFile]:
    """Automatic backups in ``folder`` (the backups folder), newest first."""
    folder = paths.backups_dir() if folder is None else folder
    found = []
    for path in folder.glob("*.db"):
        parsed = parse_backup_name(path)
        if parsed is not None and (stem is None or parsed.stem == stem) and path.is_file():
            found.append(parsed)
    return sorted(found, key=BackupFile.sort_key, reverse=True)


def backups_to_keep(backups: list[BackupFile]) -> set[Path]:
    """The retention rules of the module docstring, for backups of one database."""
    keep: set[Path] = set()
    by_group: dict[str, list[BackupFile]] = {}
    for b in sorted(backups, key=BackupFile.sort_key, reverse=True):
        by_group.setdefault(b.group, []).append(b)
    for group, items in by_group.items():
        if group != HARIAN:
            keep.update(b.path for b in items[:KEEP_PER_REASON])
            continue
        for period, count in ((_day, KEEP_DAILY), (_iso_week, KEEP_WEEKLY)):
            seen: list[object] = []
            for b in items:  # newest first: the first of each period is its newest
                key = period(b)
                if key in seen:
                    continue
                if len(seen) == count:
                    break
                seen.append(key)
                keep.add(b.path)
    return keep


def _day(b: BackupFile) -> object:
    return b.stamp[:8]


def _iso_week(b: BackupFile) -> object:
    iso = b.taken_at.isocalendar()
    return (iso.year, iso.week)


def prune_backups(folder: Path | None = None, *, stem: str | None = None) -> list[Path]:
    """Delete the automatic backups the retention rules no longer keep; return them.

    Each database (``stem``) is pruned on its own; with ``stem=None`` every database
    that has backups in the folder is.
    """
    found = list_backups(folder, stem=stem)
    per_stem: dict[str, list[BackupFile]] = {}
    for b in found:
        per_stem.setdefault(b.stem, []).append(b)
    removed = []
    for backups in per_stem.values():
        keep = backups_to_keep(backups)
        for b in backups:
            if b.path not in keep:
                with contextlib.suppress(OSError):
                    b.path.unlink()
                    removed.append(b.path)
    folder = paths.backups_dir() if folder is None else folder
    for part in folder.glob("*.db.part"):
        parsed = parse_backup_name(part.with_suffix(""))
        if parsed is None or (stem is not None and parsed.stem != stem):
            continue
        with contextlib.suppress(OSError):
            if time.time() - part.stat().st_mtime > STALE_PART_S:
                part.unlink()
                removed.append(part)
    return removed


# --- checking a file before it is trusted ---------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """A checked backup: a whole Desmig database of a known schema, and what it holds."""

    path: Path
    revision: str
    taken_at: datetime  # from an automatic backup's name, else the file's modification time
    desa: int
    kegiatan: int
    peserta: int

    def ringkasan(self) -> str:
        """``cadangan 1 Juli 2024 pukul 09.30: 7 desa, 19 kegiatan, 40 peserta``."""
        return (
            f"cadangan {format_tanggal(self.taken_at.date())} pukul "
            f"{self.taken_at:%H.%M}: {isi(self.desa, self.kegiatan, self.peserta)}"
        )


def isi(desa: int, kegiatan: int, peserta: int) -> str:
    return (
        f"{format_angka(desa)} desa, {format_angka(kegiatan)} kegiatan, "
        f"{format_angka(peserta)} peserta"
    )


def _counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    out = []
    for table in ("desa", "kegiatan", "peserta"):
        n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in tables else 0
        out.append(int(n))
    return out[0], out[1], out[2]


def check_backup_file(path: Path) -> BackupInfo:
    """Refuse anything but a whole Desmig database of a known schema; say what it holds.

    The file is opened read-only and never modified. Raises ``NotADatabase`` (foreign,
    empty or damaged), ``DatabaseTooNew`` or ``DatabaseError`` (missing).
    """
    from desmig_desktop.db.migrate import (
        KNOWN_REVISIONS,
        SCHEMA_HEAD,
        connect_readonly,
        inspect_sqlite_file,
    )

    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"Berkas cadangan {path} tidak ditemukan.")
    revision = inspect_sqlite_file(path)
    if revision is None:
        raise NotADatabase(f"Berkas {path} kosong: bukan cadangan Desmig Desktop.")
    if revision not in KNOWN_REVISIONS:
        raise DatabaseTooNew(
            f"Cadangan {path} dibuat oleh versi Desmig Desktop yang lebih baru "
            f"(skema {revision}; versi ini mengenal sampai {SCHEMA_HEAD}). Perbarui aplikasi."
        )
    try:
        conn = connect_readonly(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                raise NotADatabase(
                    f"Berkas cadangan {path} rusak (integrity_check: {'; '.join(rows[:3])}). "
                    "Pilih cadangan lain."
                )
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise NotADatabase(
                    f"Berkas cadangan {path} berisi rujukan antar-tabel yang rusak. "
                    "Pilih cadangan lain."
                )
            desa, kegiatan, peserta = _counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"Berkas cadangan {path} rusak ({exc}). Pilih cadangan lain.") from exc
    parsed = parse_backup_name(path)
    taken = (
        parsed.taken_at
        if parsed is not None
        else _dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    )
    return BackupInfo(path, revision, taken, desa, kegiatan, peserta)


#: Up to this size the start-up check reads every page (well under a second).
FULL_CHECK_LIMIT = 64 * 1024 * 1024


def check_database_file(path: Path, *, thorough: bool | None = None) -> None:
    """At start-up: refuse a foreign or damaged database file before anything opens it.

    ``inspect_sqlite_file`` reads only the schema. ``PRAGMA quick_check`` also reads
    every page: a few hundredths of a second for tens of megabytes, but a second or more
    for a national database. It runs when ``thorough`` is True (the previous session did
    not end cleanly: its lock was left behind) or, by default, when the file is at most
    :data:`FULL_CHECK_LIMIT`. A larger file after a clean exit gets the cheap checks
    (schema readable, file not shorter than its page count) and the full check of the
    daily backup's copy, whose pages are the same. Read-only: the file is never modified.
    Raises ``NotADatabase``.
    """
    from desmig_desktop.db.migrate import connect_readonly, inspect_sqlite_file

    path = Path(path)
    if inspect_sqlite_file(path) is None:
        return
    if thorough is None:
        thorough = path.stat().st_size <= FULL_CHECK_LIMIT
    try:
        conn = connect_readonly(path)
        try:
            if thorough:
                rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
            else:
                rows = _length_check(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows != ["ok"]:
        raise NotADatabase(
            f"Berkas basis data {path} rusak ({'; '.join(rows[:3])}). Berkas itu tidak "
            "diubah; pulihkan dari cadangan terakhir."
        )


def _length_check(conn: sqlite3.Connection, path: Path) -> list[str]:
    """A truncated file: shorter than its page count says (pages lost at the end)."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return ["ok"]  # pages may live in the -wal until the next checkpoint
    size = path.stat().st_size
    if size < page_size * pages:
        return [f"panjang berkas {size} bita, seharusnya {page_size * pages} bita"]
    return ["ok"]


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest automatic backup of ``db_path`` that passes :func:`check_backup_file`."""
    for found in list_backups(stem=Path(db_path).stem):
        try:
            return check_backup_file(found.path)
        except DesmigError:
            continue
    return None


# --- restoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did, read back from the restored database."""

    source: BackupInfo
    db_path: Path
    desa: int
    kegiatan: int
    peserta: int
    safety_backup: Path | None  # the database as it was before, in backups/
    set_aside: Path | None  # the damaged file, renamed beside the database
    # audit entries of the replaced database carried over (None: restored file predates them)
    riwayat_dilanjutkan: int | None = None

    def ringkasan(self) -> str:
        return isi(self.desa, self.kegiatan, self.peserta)


_COMPANIONS = ("-wal", "-shm", "-journal")


def set_aside_damaged(path: Path) -> Path | None:
    """Rename ``path`` (and its ``-wal``/``-shm``) to ``<name>.rusak-<stamp>``; never delete.

    The companions go first: a ``-wal`` left behind would otherwise be replayed into
    the database restored at ``path``.
    """
    path = Path(path)
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.rusak-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.rusak-{stamp}-{counter}")
    try:
        for suffix in _COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.replace(aside.with_name(aside.name + suffix))
        path.replace(aside)
    except OSError as exc:
        raise KnownEnvironmentError(
            f"Berkas basis data {path} tidak dapat diganti nama: {exc.strerror or exc}. "
            "Tutup program lain yang membukanya lalu coba lagi."
        ) from exc
    return aside


def _put_back(aside: Path, path: Path) -> None:
    """Undo :func:`set_aside_damaged` after a failed restore (best effort)."""
    with contextlib.suppress(OSError):
        for suffix in ("", *_COMPANIONS):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        aside.replace(path)
        for suffix in _COMPANIONS:
            companion = aside.with_name(aside.name + suffix)
            if companion.exists():
                companion.replace(path.with_name(path.name + suffix))


def restore_from(
    backup_file: Path, db_path: Path, *, set_aside: bool = False, pengguna: str | None = None
) -> RestoreResult:
    """Replace the database at ``db_path`` with the checked backup ``backup_file``.

    First the backup is checked (:func:`check_backup_file`; nothing is changed when it
    is refused). Then the current database is kept: backed up to backups/ (reason
    ``pra-pulih``), or, with ``set_aside=True`` or when it is too damaged to be backed
    up, renamed to ``<name>.rusak-<stamp>``. Finally the backup is copied in with the
    backup API in one transaction: a failure leaves the database as it was.

    The caller must not hold the database open for writing (the application closes
    its engine first and restarts afterwards).
    """
    from desmig_desktop.db.migrate import connect_readonly

    backup_file = Path(backup_file).expanduser().resolve()
    db_path = Path(db_path).expanduser().resolve()
    if backup_file == db_path:
        raise DatabaseError(
            f"Berkas cadangan {backup_file} adalah basis data itu sendiri; pilih berkas cadangan."
        )
    info = check_backup_file(backup_file)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownEnvironmentError(
            f"Folder basis data {db_path.parent} tidak dapat dibuat: {exc.strerror or exc}."
        ) from exc

    safety: Path | None = None
    aside: Path | None = None
    if set_aside:
        aside = set_aside_damaged(db_path)
    elif db_path.is_file() and db_path.stat().st_size > 0:
        try:
            safety = automatic_backup(db_path, PRA_PULIH)
        except DatabaseError:  # unreadable or damaged: keep it under another name instead
            aside = set_aside_damaged(db_path)

    try:
        _copy_in(info.path, db_path)
    except BaseException:
        if aside is not None:
            _put_back(aside, db_path)
        raise

    carried = _continue_trail(db_path, safety, info, pengguna)
    conn = connect_readonly(db_path)
    try:
        desa, kegiatan, peserta = _counts(conn)
    finally:
        conn.close()
    return RestoreResult(info, db_path, desa, kegiatan, peserta, safety, aside, carried)


def _sqlite_time(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores ``DateTime`` on SQLite (so they sort together)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _continue_trail(
    db_path: Path, previous: Path | None, info: BackupInfo, pengguna: str | None
) -> int | None:
    """Keep the audit trail whole across a restore: the entries the replaced database
    made after the backup's newest entry are carried into the restored one, followed by
    one ``pulihkan`` entry saying what was restored. Returns how many were carried, or
    None when the restored file predates the trail (its schema is migrated at the next
    start; the replaced database's trail stays in the pre-restore backup)."""
    from desmig_desktop.db.riwayat import pengguna_sistem

    conn = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT_S)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "riwayat" not in tables:
            return None
        carried = 0
        columns = "waktu, pengguna, aksi, tabel, rekaman, induk, label, perubahan, jumlah"
        if previous is not None:
            conn.execute("ATTACH DATABASE ? AS lama", (str(previous),))
            old_tables = {
                r[0]
                for r in conn.execute("SELECT name FROM lama.sqlite_master WHERE type='table'")
            }
            if "riwayat" in old_tables:
                # after the backup's newest entry (same second: a later id, same lineage)
                newest, last_id = conn.execute(
                    "SELECT max(waktu), max(id) FROM main.riwayat"
                ).fetchone()
                carried = conn.execute(
                    f"INSERT INTO main.riwayat ({columns}) SELECT {columns} FROM lama.riwayat "
                    "WHERE ? IS NULL OR waktu > ? OR (waktu = ? AND id > ?) ORDER BY id",
                    (newest, newest, newest, last_id),
                ).rowcount
            conn.commit()
            conn.execute("DETACH DATABASE lama")
        perubahan = {
            "berkas": str(info.path),
            "isi": info.ringkasan(),
            "riwayat_dilanjutkan": carried,
        }
        if previous is not None:
            perubahan["cadangan_sebelum_pulih"] = str(previous)
        conn.execute(
            f"INSERT INTO riwayat ({columns}) VALUES (?, ?, 'pulihkan', 'basis_data', NULL, "
            "NULL, ?, ?, NULL)",
            (
                _sqlite_time(datetime.now().replace(microsecond=0)),
                (pengguna or pengguna_sistem())[:100],
                f"Dipulihkan dari {info.path.name}"[:250],
                json.dumps(perubahan, ensure_ascii=False),
            ),
        )
        conn.commit()
        return carried
    except sqlite3.DatabaseError as exc:  # the restore itself stands; only the note failed
        log.warning("riwayat tidak dapat dilanjutkan setelah pemulihan %s: %s", db_path, exc)
        return None
    finally:
        conn.close()


def _copy_in(backup_file: Path, db_path: Path) -> None:
    from desmig_desktop.db.migrate import connect_readonly

    source = connect_readonly(backup_file)
    try:
        try:
            target = sqlite3.connect(db_path, timeout=_BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError as exc:
            raise _not_restored(db_path, exc) from exc
        try:
            target.execute("PRAGMA synchronous=FULL")
            _match_page_size(source, target, db_path)
            source.backup(target, pages=1024)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            target.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise _not_restored(db_path, exc) from exc
        finally:
            target.close()
    finally:
        source.close()
    if result != "ok":
        raise DatabaseError(
            f"Basis data {db_path} tidak utuh setelah pemulihan (integrity_check: {result}). "
            "Pulihkan lagi dari cadangan pra-pulih di folder cadangan."
        )


def _match_page_size(source: sqlite3.Connection, target: sqlite3.Connection, where: Path) -> None:
    """In WAL mode the backup API needs equal page sizes: leave WAL for the copy if not."""
    size = source.execute("PRAGMA page_size").fetchone()[0]
    if target.execute("PRAGMA page_size").fetchone()[0] == size:
        return
    mode = target.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    if str(mode).lower() == "wal":
        raise DatabaseError(
            f"Basis data {where} sedang dibuka program lain; tutup program itu lalu coba lagi."
        )


def _not_restored(db_path: Path, exc: BaseException) -> KnownEnvironmentError:
    text = str(exc).lower()
    if "full" in text:
        reason = "disk penuh"
    elif "readonly" in text or "read-only" in text:
        reason = "berkas atau folder hanya-baca"
    elif "locked" in text or "busy" in text:
        reason = "basis data sedang dipakai proses lain"
    else:
        reason = str(exc)
    return KnownEnvironmentError(
        f"Pemulihan ke {db_path} gagal ({reason}); basis data tidak diubah."
    )
