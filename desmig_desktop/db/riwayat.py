"""The audit trail writer: every ORM insert, update and delete of user data is recorded.

A session ``after_flush`` listener (registered once, for every :class:`Session`) turns the
flush's new, changed and deleted objects into rows of the ``riwayat`` table, in the same
transaction: a rolled-back action leaves no audit entry, a committed one always has its
entries. The listener writes with Core on the flush's own connection.

The user is taken from ``session.info["pengguna"]``, a name or a function giving it (set
by the unit of work from the settings or the operating-system user). Imports set
``session.info["riwayat"] = "ringkas"`` and record one ``impor`` entry with their row
count instead of one entry per row (:func:`catat`).

Personal data stays minimal in the trail: a NIK is stored masked, a logo as a note.
"""

from __future__ import annotations

import getpass
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction

from desmig_desktop.db import models as m
from desmig_desktop.domain.identitas import mask_nik

log = logging.getLogger(__name__)

#: Tables whose rows are user data (everything except regions, metadata and the trail).
TABEL = {
    "identitas_kantor": "Identitas kantor",
    "penandatangan": "Penandatangan",
    "desa": "Desa",
    "petugas_desa": "Petugas desa",
    "statistik_desa": "Statistik desa",
    "statistik_negara": "Statistik negara tujuan",
    "aset_pilar": "Aset pilar",
    "tahun_anggaran": "Tahun anggaran",
    "pagu": "Pagu",
    "kegiatan": "Kegiatan",
    "realisasi": "Realisasi",
    "peserta": "Peserta",
    "pertemuan": "Pertemuan",
    "kehadiran": "Kehadiran",
    "negara": "Negara",
    "sumber_dana": "Sumber dana",
    "topik_parenting": "Topik",
}
#: Parts of the trail that are not tables of user data (summary entries only).
BAGIAN_LAIN = {"basis_data": "Basis data"}
AKSI = {
    "tambah": "Tambah",
    "ubah": "Ubah",
    "hapus": "Hapus",
    "impor": "Impor",
    "pulihkan": "Pulihkan",
}
# Bookkeeping columns: they change with every edit and say nothing of their own.
_ABAIKAN = frozenset({"id", "public_id", "dibuat", "diubah"})
_PANJANG_MAKS = 500
RINGKAS = "ringkas"


def pengguna_sistem() -> str:
    """The operating-system user (on Windows the logon name), or a placeholder."""
    try:
        return getpass.getuser() or "tidak diketahui"
    except Exception:  # no user name in the environment (services, containers)
        return "tidak diketahui"


def _pengguna(session: Session) -> str:
    """The session's user: a name, or a function giving it (asked at the first write)."""
    who = session.info.get("pengguna")
    if callable(who):
        who = session.info["pengguna"] = who()
    return str(who or pengguna_sistem())[:100]


def nilai_json(kolom: str, value: Any) -> Any:
    """A value as it is kept in the trail: JSON-safe, short, personal data masked."""
    if value is None:
        return None
    if kolom == "nik":
        return mask_nik(str(value))
    if isinstance(value, bytes | bytearray | memoryview):
        return f"(berkas {len(bytes(value)):,} bita)".replace(",", ".")
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= _PANJANG_MAKS else text[: _PANJANG_MAKS - 1] + "…"


def _kosong(value: Any) -> bool:
    return value is None or value == "" or value is False


class _Pencatat:
    """Collects the entries of one flush; looks up owners' public ids once each."""

    def __init__(self, session: Session, conn: Connection) -> None:
        self.conn = conn
        self.pengguna = _pengguna(session)
        self.waktu = datetime.now().replace(microsecond=0)
        self.rows: list[dict[str, Any]] = []
        self._cache: dict[tuple[str, int], tuple[str | None, str]] = {}

    def _lookup(self, table: Any, key: int, label_of: Any) -> tuple[str | None, str]:
        """(public_id, label) of a row by integer key, from the flush's connection."""
        cache_key = (table.name, key)
        if cache_key not in self._cache:
            row = self.conn.execute(select(table).where(table.c.id == key)).first()
            self._cache[cache_key] = (
                (row.public_id, label_of(row)) if row is not None else (None, "")
            )
        return self._cache[cache_key]

    def desa(self, desa_id: int | None) -> tuple[str | None, str]:
        if desa_id is None:
            return None, ""
        return self._lookup(m.Desa.__table__, desa_id, lambda r: r.nama)

    def kegiatan(self, kegiatan_id: int) -> tuple[str | None, str]:
        return self._lookup(m.Kegiatan.__table__, kegiatan_id, lambda r: f"{r.kode} {r.nama}")

    def peserta(self, peserta_id: int) -> tuple[str | None, str]:
        return self._lookup(m.Peserta.__table__, peserta_id, lambda r: r.nama)

    def pertemuan(self, pertemuan_id: int) -> tuple[str | None, str]:
        return self._lookup(
            m.Pertemuan.__table__,
            pertemuan_id,
            lambda r: f"{r.tanggal:%d-%m-%Y} {r.topik}",
        )

    def statistik(self, statistik_id: int) -> tuple[str | None, str]:
        t = m.StatistikDesa.__table__
        cache_key = (t.name, statistik_id)
        if cache_key not in self._cache:
            row = self.conn.execute(
                select(m.Desa.public_id, t.c.tahun)
                .join(m.Desa, m.Desa.id == t.c.desa_id)
                .where(t.c.id == statistik_id)
            ).first()
            self._cache[cache_key] = (row[0], str(row[1])) if row else (None, "")
        return self._cache[cache_key]

    def identify(self, obj: Any) -> tuple[str | None, str | None, str]:
        """(rekaman, induk, label) of an object."""
        tabel = obj.__table__.name
        rekaman = getattr(obj, "public_id", None)
        if tabel == "desa":
            return rekaman, None, f"{obj.nama} ({obj.kode_wilayah})"
        if tabel in ("petugas_desa", "aset_pilar"):
            induk, desa = self.desa(obj.desa_id)
            return rekaman, induk, f"{obj.nama} — {desa}" if desa else obj.nama
        if tabel == "statistik_desa":
            induk, desa = self.desa(obj.desa_id)
            return rekaman, induk, f"Statistik {obj.tahun} — {desa}"
        if tabel == "statistik_negara":
            induk, tahun = self.statistik(obj.statistik_id)
            rekaman = f"statistik_negara:{obj.statistik_id}:{obj.negara_id}"
            return rekaman, induk, f"Negara tujuan #{obj.negara_id}, statistik {tahun}"
        if tabel == "kegiatan":
            return rekaman, None, f"{obj.kode} {obj.nama}"
        if tabel == "realisasi":
            induk, kegiatan = self.kegiatan(obj.kegiatan_id)
            return rekaman, induk, f"Realisasi TW {obj.triwulan} — {kegiatan}"
        if tabel == "pertemuan":
            return rekaman, None, f"{obj.tanggal:%d-%m-%Y} {obj.topik}"
        if tabel == "kehadiran":
            peserta, nama = self.peserta(obj.peserta_id)
            pertemuan, sesi = self.pertemuan(obj.pertemuan_id)
            return peserta, pertemuan, f"Kehadiran {nama} — {sesi}"
        if tabel == "pagu":
            return f"pagu:{obj.tahun}:{obj.pilar}:{obj.sumber_dana_id}", None, (
                f"Pagu {obj.tahun} pilar {obj.pilar}"
            )
        if tabel == "tahun_anggaran":
            return f"tahun:{obj.tahun}", None, f"Tahun anggaran {obj.tahun}"
        if tabel == "identitas_kantor":
            return "identitas_kantor", None, "Identitas kantor"
        if rekaman is None:
            rekaman = f"{tabel}:{getattr(obj, 'id', '')}"
        return rekaman, None, str(getattr(obj, "nama", TABEL.get(tabel, tabel)))

    def add(self, aksi: str, obj: Any, perubahan: Mapping[str, list[Any]]) -> None:
        rekaman, induk, label = self.identify(obj)
        self.rows.append(
            {
                "waktu": self.waktu,
                "pengguna": self.pengguna,
                "aksi": aksi,
                "tabel": obj.__table__.name,
                "rekaman": rekaman,
                "induk": induk,
                "label": label[:250],
                "perubahan": json.dumps(perubahan, ensure_ascii=False),
                "jumlah": None,
            }
        )


def _columns(obj: Any) -> Iterable[tuple[str, str]]:
    """(attribute key, column name) of an object's mapped columns, bookkeeping left out."""
    for attr in inspect(obj).mapper.column_attrs:
        name = attr.columns[0].name
        if name not in _ABAIKAN:
            yield attr.key, name


def _inserted(obj: Any) -> dict[str, list[Any]]:
    return {
        name: [None, nilai_json(name, getattr(obj, key))]
        for key, name in _columns(obj)
        if not _kosong(getattr(obj, key))
    }


def _deleted(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for key, name in _columns(obj):
        value = state.dict.get(key)
        if not _kosong(value):
            out[name] = [nilai_json(name, value), None]
    return out


def _updated(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for key, name in _columns(obj):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        out[name] = [nilai_json(name, old), nilai_json(name, new)]
    return out


def _audited(obj: Any) -> bool:
    table = getattr(obj, "__table__", None)
    return table is not None and table.name in TABEL


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    if session.info.get("riwayat") == RINGKAS:
        return
    new = [o for o in session.new if _audited(o)]
    dirty = [o for o in session.dirty if _audited(o) and session.is_modified(o)]
    deleted = [o for o in session.deleted if _audited(o)]
    if not (new or dirty or deleted):
        return
    conn = session.connection()
    pencatat = _Pencatat(session, conn)
    for obj in new:
        pencatat.add("tambah", obj, _inserted(obj))
    for obj in dirty:
        changes = _updated(obj)
        if changes:
            pencatat.add("ubah", obj, changes)
    for obj in deleted:
        pencatat.add("hapus", obj, _deleted(obj))
    if pencatat.rows:
        conn.execute(m.Riwayat.__table__.insert(), pencatat.rows)


def catat(
    session: Session,
    *,
    aksi: str,
    tabel: str,
    label: str,
    jumlah: int | None = None,
    perubahan: Mapping[str, Any] | None = None,
    rekaman: str | None = None,
) -> None:
    """Record one summary entry (an import with its row count, a restore) in the
    session's transaction; it is committed or rolled back with the work it describes."""
    session.execute(
        m.Riwayat.__table__.insert(),
        {
            "waktu": datetime.now().replace(microsecond=0),
            "pengguna": _pengguna(session),
            "aksi": aksi,
            "tabel": tabel,
            "rekaman": rekaman,
            "induk": None,
            "label": label[:250],
            "perubahan": json.dumps(dict(perubahan or {}), ensure_ascii=False),
            "jumlah": jumlah,
        },
    )
