"""Opening, migrating, refusing and backing up the database file (STYLE.md rule 15).

The schema is created only by the Alembic migrations; these tests check that a new
file gets the whole schema and the reference lists, that the models and the
migrations agree, that a file the application must not touch (newer, foreign,
damaged) is refused and left exactly as it was, and that backups can be trusted.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import StatementError

from desmig_desktop import paths
from desmig_desktop.db import backup as backup_mod
from desmig_desktop.db import migrate
from desmig_desktop.db.engine import BUSY_TIMEOUT_MS, make_engine, sqlite_url
from desmig_desktop.db.migrate import Database, open_database
from desmig_desktop.db.models import AppMeta, Base, Desa, Kegiatan, SumberDana, TahunAnggaran
from desmig_desktop.db.wilayah import META_KEY, ensure_wilayah
from desmig_desktop.domain.errors import DatabaseTooNew, KnownEnvironmentError, NotADatabase

WILAYAH_ROWS = 91_599
SUMBER_DANA = ["APBN", "APBD Provinsi", "APBD Kabupaten/Kota", "Dana Desa", "Lainnya"]


# --- helpers ---------------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection (closing it checkpoints and removes the -wal file)."""
    return sqlite3.connect(path)


def table_counts(path: Path) -> dict[str, int]:
    conn = connect(path)
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


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def copy_sqlite(src: Path, dest: Path) -> Path:
    source, target = connect(src), connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def assert_refused_untouched(
    path: Path, error: type[Exception], opener: Callable[[Path], object] = open_database
) -> Exception:
    """Open ``path`` expecting ``error``; the file and its folder must be exactly as before."""
    before_hash, before_files = sha256(path), listing(path.parent)
    with pytest.raises(error) as caught:
        opener(path)
    assert sha256(path) == before_hash, "the refused file was modified"
    assert listing(path.parent) == before_files, "files appeared beside the refused database"
    assert not path.with_name(path.name + "-wal").exists()
    return caught.value


# --- a new file gets the whole schema ----------------------------------------------------


def test_new_file_gets_the_whole_schema_and_reference_lists(template_db: Path) -> None:
    """``template_db`` is what open_database made of a file that did not exist."""
    conn = connect(template_db)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.SCHEMA_HEAD,)
        ]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert set(Base.metadata.tables) <= tables
        sumber = [r[0] for r in conn.execute("SELECT nama FROM sumber_dana ORDER BY urutan")]
        negara = [r[0] for r in conn.execute("SELECT nama FROM negara ORDER BY urutan")]
        topik = [r[0] for r in conn.execute("SELECT nama FROM topik_parenting ORDER BY urutan")]
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    assert sumber == SUMBER_DANA
    assert "Malaysia" in negara and "Taiwan" in negara and "Hong Kong" in negara
    assert len(negara) == len(set(negara)) >= 10
    assert "Sosialisasi Modul Community Parenting" in topik
    assert len(topik) == len(set(topik)) >= 5


def test_opening_a_new_file_migrates_with_foreign_keys_off_and_makes_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch-migration trap (DESIGN.md): migrations run with foreign keys OFF."""
    seen: list[int] = []
    real_upgrade = migrate.upgrade

    def spying_upgrade(conn) -> None:  # type: ignore[no-untyped-def]
        seen.append(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())
        real_upgrade(conn)

    monkeypatch.setattr(migrate, "upgrade", spying_upgrade)
    monkeypatch.setattr("desmig_desktop.db.wilayah.ensure_wilayah", lambda db: False)
    db = open_database(tmp_path / "baru.db")
    try:
        assert seen == [0]
        assert db.backup_made is None
        assert migrate.current_revision(db) == migrate.SCHEMA_HEAD
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
    assert listing(paths.backups_dir()) == []


# --- the models and the migrations agree ----------------------------------------------


def test_models_and_migrations_agree_for_alembic(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _snapshot(engine) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    """What the database enforces, table by table, as the inspector sees it."""
    insp = inspect(engine)
    out: dict[str, dict[str, object]] = {}
    for table in insp.get_table_names():
        if table == "alembic_version":
            continue
        out[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
            ],
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (
                    fk["name"],
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    tuple(sorted(fk["options"].items())),
                )
                for fk in insp.get_foreign_keys(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "checks": sorted(
                (c["name"], " ".join(c["sqltext"].split()))
                for c in insp.get_check_constraints(table)
            ),
        }
    return out


def test_migrated_schema_equals_the_models_constraints_included(db: Database) -> None:
    """Alembic's autogenerate ignores CHECK constraints and ON DELETE; compare them too."""
    from_models = create_engine("sqlite://")
    try:
        Base.metadata.create_all(from_models)
        expected = _snapshot(from_models)
    finally:
        from_models.dispose()
    actual = _snapshot(db.engine)
    assert sorted(actual) == sorted(expected)
    for table in expected:
        assert actual[table] == expected[table], table


def test_schema_head_and_known_revisions_match_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [migrate.SCHEMA_HEAD]
    assert sorted(migrate.KNOWN_REVISIONS) == sorted(r.revision for r in scripts.walk_revisions())


# --- an up-to-date database reopens as it was ------------------------------------------


def test_database_at_head_with_data_reopens_intact(demo_template: Path, tmp_path: Path) -> None:
    path = copy_sqlite(demo_template, tmp_path / "kantor.db")
    before = table_counts(path)
    assert before["desa"] > 0 and before["kegiatan"] > 0 and before["kehadiran"] > 0

    db = open_database(path)
    try:
        assert db.backup_made is None  # nothing to migrate, nothing to back up
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()
    assert table_counts(path) == before
    assert listing(paths.backups_dir()) == []


def downgrade_to(path: Path, revision: str) -> None:
    """Take a current database file back to an older schema revision (real Alembic)."""
    from alembic import command

    engine = make_engine(sqlite_url(path), foreign_keys=False)
    try:
        with engine.connect() as conn:
            command.downgrade(migrate.alembic_config(conn), revision)
            conn.commit()
    finally:
        engine.dispose()


def test_older_database_is_backed_up_then_migrated_with_its_data(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 0001 file full of data is migrated to head; the backup holding the 0001 data must
    exist before the migration starts, and no record is lost on the way."""
    path = copy_sqlite(demo_template, tmp_path / "lama.db")
    downgrade_to(path, "0001")
    conn = connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert "riwayat" not in {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    conn.close()
    before = table_counts(path)

    backups_at_upgrade: list[list[str]] = []
    real_upgrade = migrate.upgrade

    def spying_upgrade(conn) -> None:  # type: ignore[no-untyped-def]
        backups_at_upgrade.append(listing(paths.backups_dir()))
        real_upgrade(conn)

    monkeypatch.setattr(migrate, "upgrade", spying_upgrade)
    db = open_database(path)
    db.close()

    assert db.backup_made is not None
    assert db.backup_made.parent == paths.backups_dir()
    assert backups_at_upgrade == [[db.backup_made.name]]
    assert "0001" in db.backup_made.name
    after = table_counts(path)
    assert after.pop("riwayat") == 0
    assert after == before
    conn = connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.SCHEMA_HEAD,)
        ]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    backup_conn = connect(db.backup_made)
    try:
        assert backup_conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert table_counts(db.backup_made) == before
        assert backup_conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001",)
        ]
    finally:
        backup_conn.close()


# --- files the application must refuse and leave alone ---------------------------------


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    conn = connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert not db_path.with_name(db_path.name + "-wal").exists()

    error = assert_refused_untouched(db_path, DatabaseTooNew)
    assert "9999" in error.message
    assert "lebih baru" in error.message


def test_non_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "laporan.db"
    path.write_bytes(b"PK\x03\x04 ini buku kerja Excel, bukan basis data\n" * 200)
    error = assert_refused_untouched(path, NotADatabase)
    assert "bukan" in error.message


def test_truncated_database_is_refused_and_left_untouched(
    template_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "terpotong.db"
    path.write_bytes(template_db.read_bytes()[:4096])
    error = assert_refused_untouched(path, NotADatabase)
    assert "rusak" in error.message or "terpotong" in error.message


def test_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "lain.sqlite"
    conn = connect(path)
    conn.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    conn.execute("INSERT INTO pelanggan (nama) VALUES ('Budi')")
    conn.commit()
    conn.close()
    error = assert_refused_untouched(path, NotADatabase)
    assert "bukan milik Desmig Desktop" in error.message


def test_foreign_wal_mode_sqlite_database_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    """Every database another WAL-using program writes looks like this one."""
    path = tmp_path / "lain-wal.sqlite"
    conn = connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE pelanggan (id INTEGER PRIMARY KEY, nama TEXT)")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, NotADatabase)


# --- the SQLite pragmas and the batch-migration foreign-key trap -----------------------


def test_engine_pragmas_on_every_connection(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "pragma.db")
    normal, migration = make_engine(url), make_engine(url, foreign_keys=False)
    try:
        for engine, fk in ((normal, 1), (migration, 0)):
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == fk
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert BUSY_TIMEOUT_MS == 5000
    finally:
        normal.dispose()
        migration.dispose()


def _rebuild_parent_keeps_children(tmp_path: Path, *, foreign_keys: bool) -> int:
    """What a batch migration does to a parent table; returns the children left."""
    url = sqlite_url(tmp_path / f"batch-{foreign_keys}.db")
    engine = make_engine(url, foreign_keys=foreign_keys)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE induk (id INTEGER PRIMARY KEY, nama TEXT)")
            conn.exec_driver_sql(
                "CREATE TABLE anak (id INTEGER PRIMARY KEY, "
                "induk_id INTEGER REFERENCES induk(id) ON DELETE CASCADE)"
            )
            conn.exec_driver_sql("INSERT INTO induk VALUES (1, 'desa')")
            conn.exec_driver_sql("INSERT INTO anak VALUES (1, 1), (2, 1)")
        with engine.begin() as conn:  # the batch "move and copy" of the parent
            conn.exec_driver_sql(
                "CREATE TABLE _alembic_tmp_induk (id INTEGER PRIMARY KEY, nama TEXT, baru TEXT)"
            )
            conn.exec_driver_sql("INSERT INTO _alembic_tmp_induk (id, nama) SELECT * FROM induk")
            conn.exec_driver_sql("DROP TABLE induk")
            conn.exec_driver_sql("ALTER TABLE _alembic_tmp_induk RENAME TO induk")
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM anak").scalar()
    finally:
        engine.dispose()


def test_batch_rebuild_of_a_parent_table_keeps_children_only_with_foreign_keys_off(
    tmp_path: Path,
) -> None:
    assert _rebuild_parent_keeps_children(tmp_path, foreign_keys=True) == 0  # the trap
    assert _rebuild_parent_keeps_children(tmp_path, foreign_keys=False) == 2


# --- backups -----------------------------------------------------------------------------


def test_automatic_backup_is_a_whole_checked_copy(demo_db: Database) -> None:
    assert demo_db.path is not None
    with demo_db.sessions() as session:  # uncommitted-to-main-file data lives in the -wal
        session.add(TahunAnggaran(tahun=2031))
        session.commit()
    expected = table_counts(demo_db.path)

    made = backup_mod.automatic_backup(demo_db.path, "manual")

    assert made.parent == paths.backups_dir()
    assert made.is_relative_to(Path(os.environ["DESMIG_HOME"]))
    conn = connect(made)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert (
            conn.execute("SELECT count(*) FROM tahun_anggaran WHERE tahun = 2031").fetchone()[0]
            == 1
        )
    finally:
        conn.close()
    assert table_counts(made) == expected
    assert not list(paths.backups_dir().glob("*.part"))


class _FrozenClock:
    """``datetime`` stand-in whose now() never moves (several backups in one second)."""

    @staticmethod
    def now() -> datetime:
        return datetime(2024, 7, 1, 9, 30, 0)


def test_automatic_backup_keeps_the_newest_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "kecil.db"
    conn = connect(small)
    conn.execute("CREATE TABLE catatan (n INTEGER)")
    conn.commit()
    made: list[Path] = []
    monkeypatch.setattr(backup_mod, "datetime", _FrozenClock)
    for n in range(backup_mod.KEEP_PER_REASON + 2):
        conn.execute("INSERT INTO catatan VALUES (?)", (n,))
        conn.commit()
        made.append(backup_mod.automatic_backup(small, "manual"))
    conn.close()

    kept = sorted(p.name for p in paths.backups_dir().iterdir())
    assert kept == sorted(p.name for p in made[-backup_mod.KEEP_PER_REASON :])


def test_backup_into_a_missing_folder_is_a_known_error_naming_the_destination(
    db_path: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "flashdisk-dicabut" / "cadangan.db"
    with pytest.raises(KnownEnvironmentError) as caught:
        backup_mod.backup_to(db_path, dest)
    message = caught.value.message
    assert "Cadangan" in message or "cadangan" in message
    assert str(dest.parent) in message, message  # the user must know which place failed
    assert not dest.exists()
    assert not dest.parent.exists()


def test_backup_onto_a_folder_is_a_known_error_and_leaves_no_partial_file(
    db_path: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "folder-cadangan"
    dest.mkdir()
    with pytest.raises(KnownEnvironmentError) as caught:
        backup_mod.backup_to(db_path, dest)
    assert str(dest) in caught.value.message
    assert listing(dest) == []
    assert not list(tmp_path.glob("*.part"))


def test_backup_where_the_folder_cannot_be_written_is_a_known_error(
    db_path: Path, tmp_path: Path
) -> None:
    # A "folder" that is really a file cannot be written into, even by root (ENOTDIR),
    # which stands in for a read-only USB stick or a folder without write permission.
    not_a_folder = tmp_path / "bukan-folder"
    not_a_folder.write_text("berkas biasa")
    with pytest.raises(KnownEnvironmentError) as caught:
        backup_mod.backup_to(db_path, not_a_folder / "cadangan.db")
    assert str(not_a_folder / "cadangan.db") in caught.value.message
    assert not_a_folder.read_text() == "berkas biasa"


# --- the region list ---------------------------------------------------------------------


def test_region_list_is_loaded_once(db: Database) -> None:
    with db.sessions() as session:
        from desmig_desktop.db.models import Wilayah

        assert session.scalar(select(func.count()).select_from(Wilayah)) == WILAYAH_ROWS
        betak = session.get(Wilayah, "35.04.14.2016")
        assert betak is not None
        assert (betak.nama, betak.induk, betak.tingkat) == ("Betak", "35.04.14", 4)
    assert ensure_wilayah(db) is False


def test_region_list_is_reloaded_when_the_shipped_file_changed(demo_db: Database) -> None:
    from desmig_desktop.db.models import Wilayah

    with demo_db.engine.begin() as conn:
        conn.execute(
            text("UPDATE app_meta SET nilai = 'berkas-lama' WHERE kunci = :k"), {"k": META_KEY}
        )
        conn.execute(text("UPDATE wilayah SET nama = 'NAMA LAMA' WHERE kode = '35.04.14.2016'"))
        conn.execute(text("DELETE FROM wilayah WHERE kode = '35.04.14.2017'"))
    with demo_db.sessions() as session:
        villages_before = session.scalar(select(func.count()).select_from(Desa))

    assert ensure_wilayah(demo_db) is True

    with demo_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Wilayah)) == WILAYAH_ROWS
        assert session.get(Wilayah, "35.04.14.2016").nama == "Betak"  # type: ignore[union-attr]
        assert session.get(Wilayah, "35.04.14.2017") is not None
        assert session.scalar(select(func.count()).select_from(Desa)) == villages_before
        digest = session.scalar(select(AppMeta.nilai).where(AppMeta.kunci == META_KEY))
    assert digest not in (None, "berkas-lama")
    assert ensure_wilayah(demo_db) is False


# --- money is exact ----------------------------------------------------------------------


def _kegiatan(session, kode: str, anggaran: Decimal) -> Kegiatan:  # type: ignore[no-untyped-def]
    apbn = session.scalar(select(SumberDana.id).where(SumberDana.nama == "APBN"))
    if session.get(TahunAnggaran, 2024) is None:
        session.add(TahunAnggaran(tahun=2024))
        session.flush()
    row = Kegiatan(
        kode=kode,
        tahun=2024,
        pilar="I",
        nama="Sosialisasi migrasi aman",
        volume=Decimal("2.5"),
        satuan="kali",
        triwulan="1",
        anggaran=anggaran,
        sumber_dana_id=apbn,
    )
    session.add(row)
    return row


def test_money_round_trips_exactly_and_sums_exactly(db: Database) -> None:
    with db.sessions() as session:
        _kegiatan(session, "2024-I-001", Decimal("1250000.50"))
        _kegiatan(session, "2024-I-002", Decimal("0.25"))
        session.commit()
    with db.sessions() as session:  # a fresh session reads from the file
        value = session.scalar(select(Kegiatan.anggaran).where(Kegiatan.kode == "2024-I-001"))
        volume = session.scalar(select(Kegiatan.volume).where(Kegiatan.kode == "2024-I-001"))
        total = session.scalar(select(func.sum(Kegiatan.anggaran)))
    assert isinstance(value, Decimal)
    assert value == Decimal("1250000.50")
    assert str(value) == "1250000.50"
    assert volume == Decimal("2.50")
    assert total == Decimal("1250000.75")


def test_money_with_three_decimal_places_is_refused(db: Database) -> None:
    with db.sessions() as session:
        _kegiatan(session, "2024-I-009", Decimal("1250000.505"))
        with pytest.raises(StatementError) as caught:
            session.flush()
        assert "dua angka desimal" in str(caught.value)
        session.rollback()
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Kegiatan)) == 0
