"""Backups kept by clear rules, checked before they are trusted, and restored whole.

The retention rules are tested with fake dated files (only the names count). A restore
goes through SQLite's backup API into the live path: the current database is backed up
first (or, when damaged, renamed and kept), a refused file changes nothing, and a
failure half-way (a full disk) leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from desmig_desktop import paths
from desmig_desktop.db import backup as backup_mod
from desmig_desktop.db.backup import (
    BackupInfo,
    backup_before_import,
    backups_to_keep,
    check_backup_file,
    check_database_file,
    daily_backup,
    latest_good_backup,
    list_backups,
    parse_backup_name,
    prune_backups,
    restore_from,
)
from desmig_desktop.db.migrate import SCHEMA_HEAD, Database, inspect_sqlite_file, open_database
from desmig_desktop.db.models import TahunAnggaran
from desmig_desktop.domain.errors import (
    DatabaseError,
    DatabaseTooNew,
    KnownEnvironmentError,
    NotADatabase,
)

# --- helpers ---------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_sqlite(src: Path, dest: Path) -> Path:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def counts(path: Path) -> tuple[int, int, int, int]:
    conn = sqlite3.connect(path)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("desa", "kegiatan", "peserta", "tahun_anggaran")
        )
    finally:
        conn.close()


def damage(path: Path, seed: int = 7) -> Path:
    """Overwrite two pages in the middle with random bytes: the schema still reads."""
    data = bytearray(path.read_bytes())
    size = 4096
    middle = len(data) // size // 2
    rnd = random.Random(seed)
    for page in (middle, middle + 1):
        data[page * size : (page + 1) * size] = bytes(rnd.randrange(256) for _ in range(size))
    path.write_bytes(bytes(data))
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def fake(folder: Path, when: datetime, reason: str, stem: str = "desmig") -> Path:
    path = folder / f"{stem}-{when:%Y%m%d-%H%M%S}-{reason}.db"
    path.write_bytes(b"palsu")
    return path


class Clock:
    """Stands in for ``datetime`` in the backup module; ``now()`` returns ``current``."""

    current = datetime(2024, 7, 1, 8, 0, 0)

    @classmethod
    def now(cls) -> datetime:
        return cls.current


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[Clock]:
    monkeypatch.setattr(backup_mod, "datetime", Clock)
    Clock.current = datetime(2024, 7, 1, 8, 0, 0)
    return Clock


# --- names -----------------------------------------------------------------------------------


def test_backup_names_are_read_back() -> None:
    b = parse_backup_name(Path("desmig-cadangan-20240701-093000-pra-migrasi-0001-2.db"))
    assert b is not None
    assert (b.stem, b.stamp, b.group, b.counter) == (
        "desmig-cadangan",
        "20240701-093000",
        "pra-migrasi",
        2,
    )
    assert b.taken_at == datetime(2024, 7, 1, 9, 30, 0)
    harian = parse_backup_name(Path("desmig-20240701-093000-harian.db"))
    assert harian is not None and harian.group == "harian" and harian.counter == 1
    for other in ("desmig.db", "catatan.txt", "desmig-20241341-093000-harian.db", "x-harian.db"):
        assert parse_backup_name(Path(other)) is None


# --- retention -------------------------------------------------------------------------------


def test_daily_backups_keep_14_days_and_8_iso_weeks(tmp_path: Path) -> None:
    start = datetime(2024, 1, 1, 8, 0)  # a Monday; the last day is Thursday 29 February
    for n in range(60):
        fake(tmp_path, start + timedelta(days=n), "harian")

    removed = prune_backups(tmp_path)

    kept_days = sorted(b.taken_at.date() for b in list_backups(tmp_path))
    last_14 = [date(2024, 2, 16) + timedelta(days=n) for n in range(14)]
    # newest of each of the 8 latest ISO weeks (9 down to 2); weeks 9 to 7 are in last_14
    weekly = [date(2024, 1, 14), date(2024, 1, 21), date(2024, 1, 28), date(2024, 2, 4)]
    weekly.append(date(2024, 2, 11))
    assert kept_days == sorted(weekly + last_14)
    assert len(removed) == 60 - 19
    assert not any(p.exists() for p in removed)


def test_only_the_newest_backup_of_a_day_counts_for_that_day(tmp_path: Path) -> None:
    morning = fake(tmp_path, datetime(2024, 7, 1, 8, 0), "harian")
    evening = fake(tmp_path, datetime(2024, 7, 1, 17, 0), "harian")
    previous = fake(tmp_path, datetime(2024, 6, 30, 8, 0), "harian")

    prune_backups(tmp_path)

    assert not morning.exists()
    assert evening.exists() and previous.exists()


def test_days_without_a_start_do_not_push_backups_out(tmp_path: Path) -> None:
    """A PC used once a month keeps its last 14 daily backups, however old."""
    made = [
        fake(tmp_path, datetime(2023, 1, 5, 8, 0) + timedelta(days=30 * n), "harian")
        for n in range(16)
    ]
    prune_backups(tmp_path)
    kept = [p for p in made if p.exists()]
    assert kept == made[-14:]


@pytest.mark.parametrize("reason", ["pra-impor", "pra-pulih", "manual"])
def test_other_reasons_keep_their_newest_ten(tmp_path: Path, reason: str) -> None:
    made = [
        fake(tmp_path, datetime(2024, 3, 1, 8, 0) + timedelta(hours=n), reason) for n in range(13)
    ]
    prune_backups(tmp_path)
    assert [p for p in made if p.exists()] == made[-10:]


def test_pre_migration_backups_of_all_revisions_share_one_quota(tmp_path: Path) -> None:
    made = [
        fake(tmp_path, datetime(2024, 3, 1) + timedelta(days=n), f"pra-migrasi-{n:04d}")
        for n in range(12)
    ]
    prune_backups(tmp_path)
    assert [p for p in made if p.exists()] == made[-10:]


def test_each_reason_and_each_database_has_its_own_quota(tmp_path: Path) -> None:
    t0 = datetime(2024, 3, 1, 8, 0)
    imports = [fake(tmp_path, t0 + timedelta(minutes=n), "pra-impor") for n in range(10)]
    restores = [fake(tmp_path, t0 + timedelta(hours=n), "pra-pulih") for n in range(10)]
    other_db = [fake(tmp_path, t0 + timedelta(days=n), "pra-impor", "kantor") for n in range(10)]
    daily = [fake(tmp_path, t0 - timedelta(days=n), "harian") for n in range(3)]

    assert prune_backups(tmp_path) == []
    assert all(p.exists() for p in imports + restores + other_db + daily)
    assert len(backups_to_keep(list_backups(tmp_path, stem="desmig"))) == 23


def test_files_that_are_not_automatic_backups_are_never_deleted(tmp_path: Path) -> None:
    own = ["salinan-saya.db", "desmig.db", "catatan.txt", "desmig-20240301-080000-harian.db.part"]
    for name in own:
        (tmp_path / name).write_text("milik pengguna")
    for n in range(30):
        fake(tmp_path, datetime(2024, 1, 1, 8, 0) + timedelta(days=n), "pra-impor")

    prune_backups(tmp_path)

    assert all((tmp_path / name).exists() for name in own)
    assert len(list_backups(tmp_path)) == 10


def test_unfinished_backups_left_by_a_crash_are_removed_after_an_hour(tmp_path: Path) -> None:
    stale = tmp_path / "desmig-20240301-080000-pra-impor.db.part"
    running = tmp_path / "desmig-20240301-090000-pra-impor.db.part"
    other_db = tmp_path / "kantor-20240301-080000-pra-impor.db.part"
    for path in (stale, running, other_db):
        path.write_bytes(b"setengah")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(other_db, (old, old))

    assert prune_backups(tmp_path, stem="desmig") == [stale]

    assert running.exists() and other_db.exists()


# --- automatic backups -----------------------------------------------------------------------


def test_daily_backup_once_a_day(demo_db: Database, clock: type[Clock]) -> None:
    assert demo_db.path is not None
    first = daily_backup(demo_db.path)
    assert first is not None and first.name.endswith("-harian.db")
    assert first.parent == paths.backups_dir()
    assert query(first, "PRAGMA integrity_check") == [("ok",)]
    assert counts(first) == counts(demo_db.path)

    clock.current = datetime(2024, 7, 1, 16, 45)
    assert daily_backup(demo_db.path) is None  # today's exists
    assert len(list_backups()) == 1

    clock.current = datetime(2024, 7, 2, 7, 30)
    second = daily_backup(demo_db.path)
    assert second is not None and "20240702-073000" in second.name
    assert len(list_backups()) == 2


def test_daily_backup_prunes_old_ones(db_path: Path, clock: type[Clock]) -> None:
    folder = paths.backups_dir()
    for n in range(1, 40):
        fake(folder, datetime(2024, 7, 1, 8, 0) - timedelta(days=n), "harian")
    made = daily_backup(db_path)
    assert made is not None and made.exists()
    kept = list_backups(folder)
    assert len({b.stamp[:8] for b in kept}) == len(kept)
    assert kept[0].path == made
    assert len(kept) == len(backups_to_keep(kept)) < 40


def test_daily_backup_skips_a_missing_or_empty_file(tmp_path: Path) -> None:
    assert daily_backup(tmp_path / "belum-ada.db") is None
    empty = tmp_path / "kosong.db"
    empty.touch()
    assert daily_backup(empty) is None
    assert list_backups() == []


def test_backup_before_import(demo_db: Database) -> None:
    labels = []
    progress = SimpleNamespace(set_total=lambda total, label="": labels.append(label))
    made = backup_before_import(demo_db, progress)  # type: ignore[arg-type]
    assert made is not None and made.name.endswith("-pra-impor.db")
    assert query(made, "PRAGMA integrity_check") == [("ok",)]
    assert labels and "Mencadangkan" in labels[0]
    server = SimpleNamespace(path=None)
    assert backup_before_import(server) is None  # type: ignore[arg-type]


# --- checking a backup -----------------------------------------------------------------------


def test_a_good_backup_says_when_it_was_made_and_what_it_holds(
    demo_db: Database, tmp_path: Path
) -> None:
    assert demo_db.path is not None
    made = backup_mod.automatic_backup(demo_db.path, "manual")
    info = check_backup_file(made)
    desa, kegiatan, peserta, _ = counts(demo_db.path)
    assert (info.desa, info.kegiatan, info.peserta) == (desa, kegiatan, peserta)
    assert info.desa == 7 and info.kegiatan == 19 and info.peserta > 0
    assert info.revision == SCHEMA_HEAD
    assert abs((info.taken_at - datetime.now()).total_seconds()) < 60
    text = info.ringkasan()
    assert "7 desa" in text and "19 kegiatan" in text and "pukul" in text

    other = copy_sqlite(made, tmp_path / "di-flashdisk.db")  # not named like ours: mtime
    assert check_backup_file(other).taken_at.date() == date.today()


def _too_new(template_db: Path, dest: Path) -> Path:
    copy_sqlite(template_db, dest)
    conn = sqlite3.connect(dest)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    return dest


def _foreign(dest: Path) -> Path:
    conn = sqlite3.connect(dest)
    conn.execute("CREATE TABLE belanja (barang TEXT)")
    conn.commit()
    conn.close()
    return dest


def _bad_files(template_db: Path, folder: Path) -> dict[str, tuple[Path, type[Exception]]]:
    garbage = folder / "catatan.db"
    garbage.write_bytes(b"ini bukan basis data\r\n" * 200)
    empty = folder / "kosong.db"
    sqlite3.connect(empty).close()
    return {
        "sampah": (garbage, NotADatabase),
        "kosong": (empty, NotADatabase),
        "asing": (_foreign(folder / "asing.db"), NotADatabase),
        "lebih-baru": (_too_new(template_db, folder / "baru.db"), DatabaseTooNew),
        "rusak": (damage(copy_sqlite(template_db, folder / "rusak.db")), NotADatabase),
        "tidak-ada": (folder / "tidak-ada.db", DatabaseError),
    }


def test_bad_backups_are_refused_and_left_alone(template_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    files = _bad_files(template_db, folder)
    before = {k: sha256(p) for k, (p, _) in files.items() if p.exists()}
    names = listing(folder)
    for key, (path, error) in files.items():
        with pytest.raises(error) as caught:
            check_backup_file(path)
        assert str(path) in caught.value.message, key
    assert {k: sha256(p) for k, (p, _) in files.items() if p.exists()} == before
    assert listing(folder) == names


def test_check_database_file_reads_every_page(template_db: Path, tmp_path: Path) -> None:
    good = copy_sqlite(template_db, tmp_path / "baik.db")
    check_database_file(good)
    check_database_file(tmp_path / "belum-ada.db")  # a new database is fine

    bad = damage(copy_sqlite(template_db, tmp_path / "rusak.db"))
    digest = sha256(bad)
    assert inspect_sqlite_file(bad) == SCHEMA_HEAD  # the schema alone still reads
    with pytest.raises(NotADatabase) as caught:
        check_database_file(bad)
    assert "rusak" in caught.value.message and "cadangan" in caught.value.message
    assert sha256(bad) == digest
    assert listing(tmp_path) == ["baik.db", "home", "rusak.db"]


def test_large_files_get_the_cheap_check_unless_the_last_session_died(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the size limit a clean start reads only the schema and the file length (the
    daily backup reads every page); after an unclean exit every page is read again."""
    monkeypatch.setattr(backup_mod, "FULL_CHECK_LIMIT", 0)  # every file counts as large
    bad = damage(copy_sqlite(template_db, tmp_path / "rusak.db"))
    check_database_file(bad)  # pages in the middle are not read on a clean start
    with pytest.raises(NotADatabase):
        check_database_file(bad, thorough=True)

    truncated = copy_sqlite(template_db, tmp_path / "terpotong.db")
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) - 4096 * 3])
    digest = sha256(truncated)
    with pytest.raises(NotADatabase) as caught:
        check_database_file(truncated)
    assert "rusak" in caught.value.message  # by the schema read or by the length check
    assert sha256(truncated) == digest


def test_latest_good_backup_skips_damaged_ones(
    demo_db: Database, clock: type[Clock], tmp_path: Path
) -> None:
    assert demo_db.path is not None
    assert latest_good_backup(demo_db.path) is None
    good = backup_mod.automatic_backup(demo_db.path, "harian")
    clock.current = datetime(2024, 7, 2, 8, 0)
    newer = damage(backup_mod.automatic_backup(demo_db.path, "pra-impor"))
    info = latest_good_backup(demo_db.path)
    assert isinstance(info, BackupInfo) and info.path == good
    assert newer.exists()  # a damaged backup is skipped, not deleted
    assert latest_good_backup(tmp_path / "lain.db") is None  # another database's name


# --- restoring -------------------------------------------------------------------------------


def _add_year(db: Database, tahun: int) -> None:
    with db.sessions() as session:
        session.add(TahunAnggaran(tahun=tahun))
        session.commit()


def test_restore_replaces_the_database_and_keeps_the_old_one(
    demo_db: Database, tmp_path: Path
) -> None:
    path = demo_db.path
    assert path is not None
    snapshot = backup_mod.backup_to(path, tmp_path / "cadangan.db")
    _add_year(demo_db, 2031)  # lives in the -wal: the engine is still open
    changed = counts(path)
    demo_db.close()

    result = restore_from(snapshot, path)

    assert counts(path) == counts(snapshot) != changed
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert (result.desa, result.kegiatan, result.peserta) == counts(snapshot)[:3]
    assert result.db_path == path and result.set_aside is None
    assert result.source.path == snapshot
    assert result.safety_backup is not None and "pra-pulih" in result.safety_backup.name
    assert counts(result.safety_backup) == changed  # the replaced data is kept
    assert query(path, "PRAGMA journal_mode") == [("wal",)]
    assert sha256(snapshot) == sha256(tmp_path / "cadangan.db")
    reopened = open_database(path)
    reopened.close()


def test_restore_keeps_the_audit_trail_whole(demo_db: Database, tmp_path: Path) -> None:
    """Who changed what after the backup is not lost by going back to it: those entries
    are carried over, and the restore itself is recorded."""
    path = demo_db.path
    assert path is not None
    snapshot = backup_mod.backup_to(path, tmp_path / "cadangan.db")
    _add_year(demo_db, 2031)
    trail_before = query(path, "SELECT aksi, tabel, label FROM riwayat ORDER BY id")
    assert trail_before[-1] == ("tambah", "tahun_anggaran", "Tahun anggaran 2031")
    demo_db.close()

    result = restore_from(snapshot, path, pengguna="Kepala Seksi")

    trail = query(path, "SELECT aksi, tabel, label, pengguna FROM riwayat ORDER BY id")
    assert [row[:3] for row in trail[:-1]] == trail_before
    assert trail[-1] == ("pulihkan", "basis_data", "Dipulihkan dari cadangan.db", "Kepala Seksi")
    assert result.riwayat_dilanjutkan == 1
    assert query(path, "SELECT count(*) FROM tahun_anggaran WHERE tahun = 2031") == [(0,)]

    again = restore_from(snapshot, path)  # nothing new since: nothing carried twice
    assert again.riwayat_dilanjutkan == 2  # the 2031 entry and the first restore's note
    labels = [r[0] for r in query(path, "SELECT label FROM riwayat ORDER BY id")]
    assert labels.count("Tahun anggaran 2031") == 1


def test_restore_into_a_database_with_a_live_wal(demo_db: Database, tmp_path: Path) -> None:
    """A connection that committed into the -wal and never checkpointed: SQLite itself
    replaces those pages; the old frames are not replayed afterwards."""
    path = demo_db.path
    assert path is not None
    demo_db.close()
    snapshot = backup_mod.backup_to(path, tmp_path / "cadangan.db")
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("INSERT INTO tahun_anggaran (tahun, ditutup, catatan) VALUES (2040, 0, '')")
    holder.commit()
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0

    restore_from(snapshot, path)
    assert holder.execute("SELECT count(*) FROM tahun_anggaran WHERE tahun = 2040").fetchone() == (
        0,
    )
    holder.close()

    assert counts(path) == counts(snapshot)
    assert query(path, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize("kind", ["sampah", "kosong", "asing", "lebih-baru", "rusak", "tidak-ada"])
def test_a_refused_backup_changes_nothing(
    kind: str, template_db: Path, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    path, error = _bad_files(template_db, folder)[kind]
    digest, beside = sha256(db_path), listing(db_path.parent)

    with pytest.raises(error):
        restore_from(path, db_path)

    assert sha256(db_path) == digest
    assert listing(db_path.parent) == beside
    assert listing(paths.backups_dir()) == []


def test_restoring_a_database_onto_itself_is_refused(db_path: Path) -> None:
    digest = sha256(db_path)
    with pytest.raises(DatabaseError) as caught:
        restore_from(db_path, db_path)
    assert "itu sendiri" in caught.value.message
    assert sha256(db_path) == digest


def test_a_damaged_database_is_renamed_not_overwritten(
    demo_template: Path, template_db: Path, tmp_path: Path, clock: type[Clock]
) -> None:
    snapshot = copy_sqlite(demo_template, tmp_path / "cadangan.db")
    live = damage(copy_sqlite(template_db, tmp_path / "desmig.db"))
    wal = live.with_name("desmig.db-wal")
    wal.write_bytes(b"wal lama")
    digest = sha256(live)

    result = restore_from(snapshot, live)

    assert result.set_aside == tmp_path / "desmig.db.rusak-20240701-080000"
    assert sha256(result.set_aside) == digest
    assert (tmp_path / "desmig.db.rusak-20240701-080000-wal").read_bytes() == b"wal lama"
    assert result.safety_backup is None
    assert counts(live) == counts(snapshot)
    assert query(live, "PRAGMA integrity_check") == [("ok",)]


def test_set_aside_on_request_and_restore_into_a_missing_file(
    demo_template: Path, db_path: Path, tmp_path: Path, clock: type[Clock]
) -> None:
    snapshot = copy_sqlite(demo_template, tmp_path / "cadangan.db")
    digest = sha256(db_path)
    result = restore_from(snapshot, db_path, set_aside=True)
    assert result.set_aside is not None and sha256(result.set_aside) == digest
    assert result.safety_backup is None
    assert counts(db_path) == counts(snapshot)

    fresh = tmp_path / "baru" / "desmig.db"
    result = restore_from(snapshot, fresh)
    assert result.set_aside is None and result.safety_backup is None
    assert counts(fresh) == counts(snapshot)


def _full_disk_for(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections to ``target`` may not grow the file: SQLite answers 'disk is full'."""
    real = sqlite3.connect

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real(database, *args, **kwargs)
        if Path(str(database)) == target:
            conn.execute("PRAGMA max_page_count = 20")
        return conn

    monkeypatch.setattr(backup_mod.sqlite3, "connect", connect)


def test_a_full_disk_during_restore_leaves_the_database_as_it_was(
    demo_template: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = copy_sqlite(demo_template, tmp_path / "cadangan.db")
    before = counts(db_path)
    _full_disk_for(db_path, monkeypatch)

    with pytest.raises(KnownEnvironmentError) as caught:
        restore_from(snapshot, db_path)

    monkeypatch.undo()
    assert "disk penuh" in caught.value.message and "tidak diubah" in caught.value.message
    assert counts(db_path) == before
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_failed_restore_puts_a_renamed_file_back(
    demo_template: Path, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = copy_sqlite(demo_template, tmp_path / "cadangan.db")
    live = damage(copy_sqlite(template_db, tmp_path / "desmig.db"))
    digest = sha256(live)
    _full_disk_for(live, monkeypatch)

    with pytest.raises(KnownEnvironmentError):
        restore_from(snapshot, live, set_aside=True)

    monkeypatch.undo()
    assert sha256(live) == digest
    assert listing(tmp_path) == ["cadangan.db", "desmig.db", "home"]
