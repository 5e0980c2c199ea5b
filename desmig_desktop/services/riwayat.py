"""Reading the audit trail: a record's history, and the whole trail filtered and paged.

The trail is written by :mod:`desmig_desktop.db.riwayat`; this module turns its rows into
:class:`EntriRiwayat` with Indonesian labels (action, part of the program, field names,
values formatted the Indonesian way) for the Riwayat dialogs, the audit page, the
``desmig riwayat`` command and the audit workbook.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, func, or_, select

from desmig_desktop.db.models import Base, Riwayat
from desmig_desktop.db.riwayat import AKSI, BAGIAN_LAIN, RINGKAS, catat
from desmig_desktop.db.riwayat import TABEL as _TABEL_DATA
from desmig_desktop.domain.enums import (
    JenisAset,
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    PeranPenandatangan,
    PeranPetugas,
    StatusDesa,
    StatusKegiatan,
    _Vocab,
)
from desmig_desktop.domain.formatting import format_angka, format_rupiah, format_tanggal
from desmig_desktop.services.cari import like_awal
from desmig_desktop.services.uow import UnitOfWork

__all__ = [
    "AKSI",
    "TABEL",
    "EntriRiwayat",
    "FilterRiwayat",
    "cari_riwayat",
    "catat_impor",
    "daftar_pengguna",
    "hitung_riwayat",
    "label_kolom",
    "mode_impor",
    "riwayat_rekaman",
    "semua_riwayat",
]

#: Every part of the program an entry can name, for labels and the audit page's filter.
TABEL = {**_TABEL_DATA, **BAGIAN_LAIN}

_LABEL_KOLOM = {
    "nik": "NIK",
    "kode_wilayah": "Kode wilayah",
    "kabkota": "Kabupaten/kota",
    "perdes_pmi": "Perdes PMI",
    "desa_id": "Desa",
    "sumber_dana_id": "Sumber dana",
    "negara_id": "Negara",
    "statistik_id": "Statistik",
    "kegiatan_id": "Kegiatan",
    "peserta_id": "Peserta",
    "pertemuan_id": "Pertemuan",
    "wali_id": "Wali",
    "pmi_aktif_l": "PMI aktif laki-laki",
    "pmi_aktif_p": "PMI aktif perempuan",
    "cpmi": "CPMI",
    "pmi_purna": "PMI purna",
    "jumlah_kk": "Jumlah KK",
    "sk_nomor": "Nomor SK",
    "sk_tanggal": "Tanggal SK",
    "nip": "NIP",
    "email": "Surel",
    "orang_tua_di_luar_negeri": "Orang tua di luar negeri",
    "badan_hukum_nomor": "Nomor badan hukum",
    "badan_hukum_tanggal": "Tanggal badan hukum",
    "melebihi_rencana": "Melebihi rencana",
}
_UANG = frozenset({"anggaran", "modal"})
# Vocabulary columns shown by their label ("H" → "Hadir"), by (table, column) or column.
_KOSAKATA: dict[tuple[str | None, str], type[_Vocab]] = {
    ("kehadiran", "status"): Kehadiran,
    ("desa", "status"): StatusDesa,
    ("realisasi", "status"): StatusKegiatan,
    ("petugas_desa", "peran"): PeranPetugas,
    ("penandatangan", "peran"): PeranPenandatangan,
    ("aset_pilar", "jenis"): JenisAset,
    (None, "jenis_kelamin"): JenisKelamin,
    (None, "kategori"): KategoriPeserta,
}
_TABEL_UANG_JUMLAH = frozenset({"pagu", "realisasi"})


def label_kolom(kolom: str) -> str:
    """The field's name as a user reads it: ``tahun_penetapan`` → ``Tahun penetapan``."""
    return _LABEL_KOLOM.get(kolom) or kolom.replace("_", " ").capitalize()


def _tampil(tabel: str, kolom: str, value: Any) -> str:
    """A stored value formatted for reading (money, dates, yes/no, numbers)."""
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    vocab = _KOSAKATA.get((tabel, kolom)) or _KOSAKATA.get((None, kolom))
    if vocab is not None:
        try:
            return vocab(value).label
        except ValueError:
            return str(value)
    if kolom in _UANG or (kolom == "jumlah" and tabel in _TABEL_UANG_JUMLAH):
        try:
            return format_rupiah(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    if isinstance(value, int):
        return format_angka(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_tanggal(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


@dataclass(frozen=True)
class Perubahan:
    kolom: str
    lama: Any
    baru: Any

    @property
    def label(self) -> str:
        return label_kolom(self.kolom)


@dataclass(frozen=True)
class EntriRiwayat:
    id: int
    waktu: datetime
    pengguna: str
    aksi: str
    tabel: str
    rekaman: str | None
    label: str
    perubahan: tuple[Perubahan, ...]
    jumlah: int | None

    @property
    def aksi_label(self) -> str:
        return AKSI.get(self.aksi, self.aksi)

    @property
    def tabel_label(self) -> str:
        return TABEL.get(self.tabel, self.tabel)

    def baris_perubahan(self) -> list[str]:
        """One line per changed field: ``Nama: Lama → Baru`` (only the new or the old value
        for an added or deleted record)."""
        if self.aksi == "impor" or self.aksi == "pulihkan":
            lines = [f"{label_kolom(p.kolom)}: {p.baru}" for p in self.perubahan]
            if self.jumlah is not None:
                lines.insert(0, f"{format_angka(self.jumlah)} baris")
            return lines
        out = []
        for p in self.perubahan:
            lama, baru = _tampil(self.tabel, p.kolom, p.lama), _tampil(self.tabel, p.kolom, p.baru)
            if self.aksi == "tambah":
                out.append(f"{p.label}: {baru}")
            elif self.aksi == "hapus":
                out.append(f"{p.label}: {lama}")
            else:
                out.append(f"{p.label}: {lama} → {baru}")
        return out

    def ringkasan(self) -> str:
        return "; ".join(self.baris_perubahan())


def _entri(row: Riwayat) -> EntriRiwayat:
    try:
        raw = json.loads(row.perubahan or "{}")
    except ValueError:
        raw = {}
    changes = []
    for kolom, value in raw.items() if isinstance(raw, dict) else ():
        if isinstance(value, list) and len(value) == 2:
            changes.append(Perubahan(kolom, value[0], value[1]))
        else:
            changes.append(Perubahan(kolom, None, value))
    return EntriRiwayat(
        id=row.id,
        waktu=row.waktu,
        pengguna=row.pengguna,
        aksi=row.aksi,
        tabel=row.tabel,
        rekaman=row.rekaman,
        label=row.label,
        perubahan=tuple(changes),
        jumlah=row.jumlah,
    )


@dataclass(frozen=True)
class FilterRiwayat:
    """What the audit page shows: all fields optional; ``teks`` searches the record's
    label, the user and the changes."""

    dari: date | None = None
    sampai: date | None = None
    pengguna: str | None = None
    tabel: str | None = None
    aksi: str | None = None
    teks: str = ""
    rekaman: str | None = None

    def query(self) -> Select[tuple[Riwayat]]:
        q = select(Riwayat)
        if self.dari is not None:
            q = q.where(Riwayat.waktu >= datetime.combine(self.dari, time.min))
        if self.sampai is not None:
            q = q.where(Riwayat.waktu < datetime.combine(self.sampai + timedelta(days=1), time.min))
        if self.pengguna:
            q = q.where(Riwayat.pengguna == self.pengguna)
        if self.tabel:
            q = q.where(Riwayat.tabel == self.tabel)
        if self.aksi:
            q = q.where(Riwayat.aksi == self.aksi)
        if self.rekaman:
            q = q.where(or_(Riwayat.rekaman == self.rekaman, Riwayat.induk == self.rekaman))
        teks = self.teks.strip()
        if teks:
            pola = "%" + like_awal(teks)  # the text anywhere, % and _ taken literally
            q = q.where(
                or_(
                    Riwayat.label.ilike(pola, escape="\\"),
                    Riwayat.pengguna.ilike(pola, escape="\\"),
                    Riwayat.perubahan.ilike(pola, escape="\\"),
                )
            )
        return q


def cari_riwayat(
    uow: UnitOfWork, f: FilterRiwayat, *, sebelum_id: int | None = None, batas: int = 200
) -> list[EntriRiwayat]:
    """A page of the trail, newest first; the next page starts before the last id shown
    (keyset paging: as fast at the millionth entry as at the first)."""
    q = f.query()
    if sebelum_id is not None:
        q = q.where(Riwayat.id < sebelum_id)
    rows = uow.session.scalars(q.order_by(Riwayat.id.desc()).limit(batas))
    return [_entri(r) for r in rows]


def semua_riwayat(
    uow: UnitOfWork, f: FilterRiwayat, *, halaman: int = 2000
) -> Iterator[EntriRiwayat]:
    """Every entry matching ``f``, newest first, read page by page (bounded memory)."""
    sebelum: int | None = None
    while True:
        page = cari_riwayat(uow, f, sebelum_id=sebelum, batas=halaman)
        yield from page
        if len(page) < halaman:
            return
        sebelum = page[-1].id


def hitung_riwayat(uow: UnitOfWork, f: FilterRiwayat) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(f.query().subquery())) or 0)


def riwayat_rekaman(uow: UnitOfWork, public_id: str, *, batas: int = 1000) -> list[EntriRiwayat]:
    """A record's history, newest first, including its parts (a village's officers and
    statistics, an activity's realisation, a participant's attendance marks)."""
    return cari_riwayat(uow, FilterRiwayat(rekaman=public_id), batas=batas)


def daftar_pengguna(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(Riwayat.pengguna).distinct().order_by(Riwayat.pengguna)))


def mode_impor(uow: UnitOfWork) -> None:
    """From here on, this unit of work is an import: its rows are not recorded one by
    one; the import records one entry with :func:`catat_impor`."""
    uow.session.info["riwayat"] = RINGKAS


def catat_impor(
    uow: UnitOfWork,
    *,
    tabel: str,
    judul: str,
    jumlah: int,
    berkas: str | None = None,
    rincian: dict[str, Any] | None = None,
) -> None:
    """Record an import (or another bulk action) as one entry with its row count, in the
    import's own transaction."""
    perubahan: dict[str, Any] = {}
    if berkas:
        perubahan["berkas"] = berkas
    perubahan.update(rincian or {})
    catat(uow.session, aksi="impor", tabel=tabel, label=judul, jumlah=jumlah, perubahan=perubahan)


def riwayat_untuk(uow: UnitOfWork, tabel: str, record_id: int) -> list[EntriRiwayat]:
    """The history of the record ``record_id`` of ``tabel`` (``desa``, ``kegiatan``,
    ``peserta``, ``pertemuan``, ...), as :func:`riwayat_rekaman`."""
    table = Base.metadata.tables[tabel]
    public_id = uow.session.scalar(select(table.c.public_id).where(table.c.id == record_id))
    return [] if public_id is None else riwayat_rekaman(uow, public_id)
