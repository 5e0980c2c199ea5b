"""Fuzzing every import (issue #8): generated workbooks fed to the service entry points.

Each example is a workbook from :mod:`fuzz_workbooks` (a valid workbook mutated a few
times, or a fully random one, or damaged bytes) fed to the function the window and
``desmig import`` call, on a copy of a real migrated database (empty, or the demo
district; a copy that a refusal provably left untouched serves the next example). For
every example:

1. nothing but the application's own errors (``DesmigError``) comes out; anything else
   is a crash;
2. a refusal is readable: every ``ImportErrors`` line names the row and a declared column
   (``Baris N, kolom "X": ...``, with ``Lembar "S", `` before it for the plans), or is a
   file or sheet level line that names the file, a sheet or a column; no empty message,
   no Python repr or traceback, no line longer than 500 characters;
3. a refusal writes nothing: a digest of every user table (all but ``app_meta``,
   ``alembic_version`` and the region list) is the same before and after;
4. an accepted import leaves a sound database (``integrity_check`` of every table the
   imports write, the whole file once per run, ``foreign_key_check``) and the counts it
   reports match the rows in the database.

The run is deterministic (``derandomize``) and modest; more examples:
``DESMIG_FUZZ_EXAMPLES=2000``. ``DESMIG_FUZZ_SURVEY=1`` keeps going after a failure and
fails at the end with every distinct failure; ``DESMIG_FUZZ_REPORT=FILE`` appends each
import's figures (accepted, refused, crashed) to FILE as a JSON line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fuzz_workbooks import Buku, strategi, tulis
from hypothesis import HealthCheck, Phase, given, settings

from desmig_desktop.db.migrate import Database, open_database
from desmig_desktop.domain.errors import DesmigError
from desmig_desktop.domain.lembar import (
    KOLOM_DESA,
    KOLOM_KEHADIRAN,
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
)
from desmig_desktop.imports.kehadiran import check_kehadiran_workbook
from desmig_desktop.imports.workbook import ImportErrors
from desmig_desktop.services.impor_desa import import_desa_file, read_desa_workbook
from desmig_desktop.services.impor_kehadiran import import_kehadiran_file
from desmig_desktop.services.impor_rencana import import_rencana_file, read_rencana_workbook
from desmig_desktop.services.uow import UnitOfWork

CONTOH = int(os.environ.get("DESMIG_FUZZ_EXAMPLES", "200"))
SURVEI = os.environ.get("DESMIG_FUZZ_SURVEY", "") not in ("", "0")
LAPORAN = os.environ.get("DESMIG_FUZZ_REPORT", "")

settings.register_profile(
    "desmig-fuzz",
    deadline=None,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)
PROFIL = settings(
    settings.get_profile("desmig-fuzz"),
    max_examples=CONTOH,
    phases=[Phase.explicit, Phase.generate] if SURVEI else list(Phase),
)

TANPA_DIGEST = {"app_meta", "alembic_version", "wilayah"}
KOLOM_LEMBAR = {
    SHEET_PAGU: {k.header for k in KOLOM_PAGU},
    SHEET_RENCANA: {k.header for k in KOLOM_RENCANA},
    SHEET_REALISASI: {k.header for k in KOLOM_REALISASI},
}
KOLOM_IMPOR = {
    "desa": {k.header for k in KOLOM_DESA},
    "kehadiran": {k.header for k in KOLOM_KEHADIRAN},
}

# --------------------------------------------------------------------------- the database


Snapshot = dict[str, list[dict[str, Any]]]


def snapshot(path: Path) -> Snapshot:
    """Every row of every user table, as read from the file by a connection of its own."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        tables = [
            n
            for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n not in TANPA_DIGEST and not n.startswith("sqlite_")
        ]
        return {
            t: [dict(r) for r in con.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
            for t in sorted(tables)
        }
    finally:
        con.close()


def digest(snap: Snapshot) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row, per table."""
    out = {}
    for table, rows in snap.items():
        h = hashlib.sha256()
        for r in rows:
            h.update(repr(sorted(r.items())).encode())
        out[table] = (len(rows), h.hexdigest())
    return out


def copy_db(src: Path, dest: Path) -> Path:
    """A copy of a template database through SQLite's backup API (as tests/conftest.py)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def periksa_berkas_db(path: Path, *, penuh: bool) -> list[str]:
    """integrity_check of every table but the region list (the whole file when ``penuh``),
    and foreign_key_check."""
    masalah = []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if penuh:
            hasil = con.execute("PRAGMA integrity_check").fetchall()
            if hasil != [("ok",)]:
                masalah.append(f"integrity_check: {hasil[:5]}")
        else:
            for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                if t == "wilayah":
                    continue  # never written by an import; whole-file check once per run
                hasil = con.execute(f'PRAGMA integrity_check("{t}")').fetchall()
                if hasil != [("ok",)]:
                    masalah.append(f"integrity_check({t}): {hasil[:5]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            masalah.append(f"foreign_key_check: {fk[:5]}")
    finally:
        con.close()
    return masalah


# --------------------------------------------------------------------------- messages

# Python's own text: never in a message for the user
_REPR_KUAT = re.compile(
    r"Traceback \(most recent call last\)|object at 0x[0-9a-fA-F]+|<class '|<[\w.]+ object"
    r"|\b(?:Decimal|datetime\.(?:date|datetime|time|timedelta)|NilaiSalah|RowError|Kolom|Rumus)\("
    r"|\bJenis\.[A-Z]|\b(?:Pilar|Triwulan|StatusKegiatan|Kehadiran|JenisKelamin|KategoriPeserta"
    r"|StatusDesa)\.[A-Z_]+\b"
)
# ... nor outside the quotes that echo what the user typed
_REPR_LEMAH = re.compile(
    r"\bNone\b|\bnan\b|\bNaN\b|\binf\b|\b\w+(?:Error|Exception)\b|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}"
    r"|\bself\b|\bkwargs\b"
)
_BARIS = re.compile(
    r'(?:Lembar "(?P<lembar>[^"]+)", )?Baris (?P<row>\d+), kolom "(?P<kolom>[^"]+)": \S'
)
PANJANG_BARIS = 500
"""The longest error line that stays readable (a cell quoted whole could make 32,767)."""
_NAMA_SESUATU = re.compile(r'(?:Lembar|Berkas|[Kk]olom(?: wajib)?|Buku kerja) ?"|Buku kerja ')
_KUTIPAN = re.compile(r'"[^"\n]*"')


def _repr_di(teks: str) -> str | None:
    m = _REPR_KUAT.search(teks) or _REPR_LEMAH.search(_KUTIPAN.sub('""', teks))
    return m.group() if m else None


def masalah_pesan(jenis: str, exc: DesmigError, path: Path) -> list[str]:
    """What is wrong with the message of a refusal (empty: nothing)."""
    masalah: list[str] = []
    pesan = exc.message
    if not isinstance(pesan, str) or not pesan.strip():
        return ["pesan kosong"]
    if str(exc) != pesan:
        masalah.append("str(exc) berbeda dengan exc.message")
    if (r := _repr_di(pesan)) is not None:
        masalah.append(f"teks Python di pesan: {r!r}")
    if not isinstance(exc, ImportErrors):
        return masalah  # KnownEnvironmentError and kin: one message, checked above
    if exc.berkas != path.name or path.name not in pesan.split("\n", 1)[0]:
        masalah.append(f"pesan tidak menyebut berkas {path.name!r}: {pesan[:120]!r}")
    if not exc.errors:
        masalah.append("ImportErrors tanpa baris kesalahan")
    for e in exc.errors:
        line = str(e)
        if not e.message or not e.message.strip():
            masalah.append(f"baris kesalahan kosong: {line!r}")
            continue
        if len(line) > PANJANG_BARIS:
            masalah.append(f"baris pesan {len(line)} huruf: {line[:160]!r}…")
        if e.row is not None:
            m = _BARIS.match(line)
            if m is None:
                masalah.append(f"baris tanpa kolom atau bentuknya salah: {line[:160]!r}")
                continue
            lembar = getattr(e, "lembar", "") or None
            if jenis == "rencana":
                kolom = KOLOM_LEMBAR.get(lembar or "", set())
            else:
                kolom = KOLOM_IMPOR[jenis]
            if m.group("kolom") not in kolom:
                masalah.append(f"kolom tak dikenal {m.group('kolom')!r} ({lembar}): {line[:160]!r}")
            if e.row < 2:
                masalah.append(f"nomor baris {e.row} bukan baris data: {line[:160]!r}")
        elif path.name not in line and not _NAMA_SESUATU.search(line):
            masalah.append(
                f"kesalahan berkas/lembar tanpa nama berkas, lembar atau kolom: {line!r}"
            )
    return masalah


# --------------------------------------------------------------------------- one example


@dataclass
class Tally:
    """The figures of one import's run."""

    hasil: Counter[str] = field(default_factory=Counter)
    per_asal: Counter[tuple[str, str]] = field(default_factory=Counter)
    gagal: dict[str, tuple[str, Buku]] = field(default_factory=dict)  # signature -> detail
    valid_ditolak: list[str] = field(default_factory=list)  # why valid workbooks failed
    diperiksa_penuh: bool = False
    siap: dict[str, tuple[Database, Path, Snapshot]] = field(default_factory=dict)
    nomor: int = 0


def _impor(jenis: str, db: Database, path: Path, buku: Buku) -> Any:
    if jenis == "desa":
        return import_desa_file(db, path)
    if jenis == "rencana":
        return import_rencana_file(db, path, confirm_over=bool(buku.opsi.get("confirm_over")))
    return import_kehadiran_file(db, path)


def _kunci(rows: list[dict[str, Any]], *cols: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[c] for c in cols): r for r in rows}


def _berubah(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    key: tuple[str, ...],
    cols: tuple[str, ...],
) -> tuple[int, int]:
    """(new rows, changed rows) between two states of a table, by ``key`` over ``cols``."""
    a, b = _kunci(before, *key), _kunci(after, *key)
    baru = sum(1 for k in b if k not in a)
    ubah = sum(1 for k, r in b.items() if k in a and any(a[k][c] != r[c] for c in cols))
    return baru, ubah


def masalah_hitungan(
    jenis: str, db: Database, path: Path, hasil: Any, sebelum: Snapshot, sesudah: Snapshot
) -> list[str]:
    """The counts the import reported against the rows in the database."""
    masalah: list[str] = []

    def sama(label: str, dilaporkan: int, di_db: int) -> None:
        if dilaporkan != di_db:
            masalah.append(f"{label}: dilaporkan {dilaporkan}, di basis data {di_db} ({hasil!r})")

    def delta(t: str) -> int:
        return len(sesudah[t]) - len(sebelum[t])

    if jenis == "desa":
        with UnitOfWork(db) as uow:
            rows = read_desa_workbook(path, uow)
        kode = {r.kode_wilayah for r in rows}
        sama("rows", hasil.rows, len(rows))
        sama("created", hasil.created, delta("desa"))
        sama("created+updated", hasil.created + hasil.updated, len(kode))
        terdaftar = {r["kode_wilayah"] for r in sesudah["desa"]}
        if not kode <= terdaftar:
            masalah.append(f"desa tidak tersimpan: {sorted(kode - terdaftar)}")
    elif jenis == "kehadiran":
        rows, errors = check_kehadiran_workbook(path)
        if errors:
            masalah.append(f"diterima padahal pembaca menolak: {[str(e) for e in errors[:3]]}")
        sama("baris", hasil.baris, len(rows))
        sama("pertemuan_baru", hasil.pertemuan_baru, delta("pertemuan"))
        sama("peserta_baru", hasil.peserta_baru, delta("peserta"))
        baru, ubah = _berubah(
            sebelum["kehadiran"], sesudah["kehadiran"], ("pertemuan_id", "peserta_id"), ("status",)
        )
        sama("tanda_baru", hasil.tanda_baru, baru)
        sama("tanda_diubah", hasil.tanda_diubah, ubah)
        _, ubah = _berubah(sebelum["pertemuan"], sesudah["pertemuan"], ("id",), ("fasilitator",))
        sama("pertemuan_diubah", hasil.pertemuan_diubah, ubah)
    else:
        with UnitOfWork(db) as uow:
            data = read_rencana_workbook(path, uow)
        jumlah = (
            hasil.pagu
            + hasil.kegiatan_baru
            + hasil.kegiatan_diubah
            + hasil.realisasi
            + hasil.tidak_berubah
        )
        sama("semua baris terhitung sekali", jumlah, data.jumlah_baris)
        baru, ubah = _berubah(
            sebelum["pagu"], sesudah["pagu"], ("tahun", "pilar", "sumber_dana_id"), ("jumlah",)
        )
        sama("pagu", hasil.pagu, baru + ubah)
        kolom_keg = tuple(c for c in (sesudah["kegiatan"] or [{}])[0] if c != "diubah")
        baru, ubah = _berubah(sebelum["kegiatan"], sesudah["kegiatan"], ("id",), kolom_keg)
        sama("kegiatan_baru", hasil.kegiatan_baru, baru)
        sama("kegiatan_diubah", hasil.kegiatan_diubah, ubah)
        baru, ubah = _berubah(
            sebelum["realisasi"],
            sesudah["realisasi"],
            ("kegiatan_id", "triwulan"),
            ("jumlah", "volume", "status", "keterangan"),
        )
        sama("realisasi", hasil.realisasi, baru + ubah)
    return masalah


def _buang(db: Database, db_path: Path) -> None:
    db.close()
    for akhiran in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + akhiran).unlink(missing_ok=True)


def periksa_satu(
    jenis: str, buku: Buku, templates: dict[str, Path], folder: Path, tally: Tally
) -> None:
    """Feed one workbook to the import and check the four properties.

    Each example starts from a copy of the template database; a copy that a refusal left
    untouched (which the digest proves) serves the next example too.
    """
    tally.nomor += 1
    path = tulis(buku, folder, tally.nomor)
    asal_db = buku.opsi.get("db", "demo")
    if asal_db in tally.siap:
        db, db_path, sebelum = tally.siap.pop(asal_db)
    else:
        db_path = copy_db(templates[asal_db], folder / f"{tally.nomor:05d}.db")
        db = open_database(db_path)
        sebelum = snapshot(db_path)
    masalah: list[str] = []
    hasil_akhir = "crash"
    utuh = False
    try:
        try:
            hasil = _impor(jenis, db, path, buku)
        except DesmigError as exc:
            hasil_akhir = "ditolak"
            masalah += masalah_pesan(jenis, exc, path)
            utuh = digest(snapshot(db_path)) == digest(sebelum)
            if not utuh:
                masalah.append("ditolak, tetapi basis data berubah")
            contoh = exc.message.splitlines()[:3]
            if buku.asal == "valid" and len(tally.valid_ditolak) < 5:
                tally.valid_ditolak.append(exc.message[:600])
        except Exception as exc:  # a crash: anything but the application's own errors
            tb = traceback.extract_tb(exc.__traceback__)
            tempat = next(
                (
                    f"{Path(f.filename).name}:{f.lineno}"
                    for f in reversed(tb)
                    if "desmig_desktop" in f.filename
                ),
                "?",
            )
            masalah.append(f"CRASH {type(exc).__name__} di {tempat}: {str(exc)[:200]}")
            contoh = traceback.format_exception(exc)[-6:]
        else:
            hasil_akhir = "diterima"
            sesudah = snapshot(db_path)
            masalah += periksa_berkas_db(db_path, penuh=not tally.diperiksa_penuh)
            tally.diperiksa_penuh = True
            masalah += masalah_hitungan(jenis, db, path, hasil, sebelum, sesudah)
            contoh = [repr(hasil)]
    finally:
        path.unlink(missing_ok=True)
        if utuh:
            tally.siap[asal_db] = (db, db_path, sebelum)
        else:
            _buang(db, db_path)
    tally.hasil[hasil_akhir] += 1
    tally.per_asal[(buku.asal, hasil_akhir)] += 1
    if not masalah:
        return
    tally.hasil["melanggar"] += 1 if hasil_akhir != "crash" else 0
    tanda = re.sub(r"\d+", "N", masalah[0])[:160]
    tally.gagal.setdefault(tanda, ("\n".join(masalah + contoh), buku))
    if not SURVEI:
        raise AssertionError(
            f"{jenis}: " + "\n".join([*masalah, "---", *contoh, "---", repr(buku)[:3000]])
        )


def jalankan(
    jenis: str, templates: dict[str, Path], folder: Path, strategi_buku: Callable[[str], Any]
) -> Tally:
    tally = Tally()

    @PROFIL
    @given(buku=strategi_buku(jenis))
    def satu(buku: Buku) -> None:
        periksa_satu(jenis, buku, templates, folder, tally)

    try:
        satu()
    finally:
        for db, db_path, _ in tally.siap.values():
            _buang(db, db_path)
    if LAPORAN:
        with open(LAPORAN, "a", encoding="utf-8") as f:
            f.write(
                json.dumps(
                    {
                        "impor": jenis,
                        "contoh": tally.nomor,
                        **dict(tally.hasil),
                        "per_asal": {f"{a}/{h}": n for (a, h), n in sorted(tally.per_asal.items())},
                        "gagal": {k: v[0] for k, v in tally.gagal.items()},
                        "valid_ditolak": tally.valid_ditolak,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    if SURVEI and tally.gagal:
        raise AssertionError(
            f"{jenis}: {len(tally.gagal)} kegagalan berbeda dalam {tally.nomor} contoh:\n"
            + "\n\n".join(f"{k}\n{v[0]}\n{v[1]!r}"[:3000] for k, v in tally.gagal.items())
        )
    return tally


@pytest.fixture
def templates(template_db: Path, demo_template: Path) -> dict[str, Path]:
    return {"kosong": template_db, "demo": demo_template}


@pytest.mark.parametrize("jenis", ["desa", "rencana", "kehadiran"])
def test_fuzz_impor(
    jenis: str, templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tally = jalankan(jenis, templates, tmp_path_factory.mktemp(f"fuzz-{jenis}"), strategi)
    assert tally.nomor >= min(CONTOH, 20)
    # the valid workbooks and their mild mutations must get through, or the run fuzzes
    # nothing but the first check of the reader
    assert tally.hasil["diterima"] > 0, dict(tally.hasil)
    assert tally.hasil["ditolak"] > 0, dict(tally.hasil)
