"""Community parenting (Pilar III): participants, sessions and attendance marks.

Children's data is sensitive (UU 27/2022): a child's NIK is optional and
validated when given, and a child without a recorded consent of a parent or
guardian is flagged. Attendance rate = H / all marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    bindparam,
    delete,
    func,
    not_,
    or_,
    select,
    tuple_,
    union_all,
)

from desmig_desktop.db.models import Desa, KehadiranPeserta, Pertemuan, Peserta, TopikParenting
from desmig_desktop.domain.enums import JenisKelamin, KategoriPeserta, Kehadiran
from desmig_desktop.domain.errors import NotFound, ValidationError
from desmig_desktop.domain.formatting import format_tanggal, persen
from desmig_desktop.domain.identitas import normalize_nik, normalize_telepon
from desmig_desktop.services.cari import Disiapkan, awal_teks, like_awal, rentang_awal, succ
from desmig_desktop.services.uow import UnitOfWork

ORANG_TUA_LN = ("", "ayah", "ibu", "keduanya")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def desa_id_for(uow: UnitOfWork, kode_wilayah: str) -> int:
    desa_id = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == kode_wilayah))
    if desa_id is None:
        raise ValidationError(
            f"Desa {kode_wilayah} belum terdaftar sebagai desa Desmigratif.", "Kode Wilayah"
        )
    return desa_id


# --- participants -----------------------------------------------------------------


@dataclass
class PesertaData:
    desa_id: int
    nama: str
    jenis_kelamin: JenisKelamin
    kategori: KategoriPeserta
    tanggal_lahir: date | None = None
    sekolah: str = ""
    kelas: str = ""
    wali_id: int | None = None
    orang_tua_di_luar_negeri: str = ""
    negara_orang_tua: str = ""
    telepon_wali: str = ""
    nik: str | None = None
    persetujuan_oleh: str = ""
    persetujuan_hubungan: str = ""
    persetujuan_tanggal: date | None = None
    aktif: bool = True
    catatan: str = ""
    id: int | None = None

    @property
    def perlu_persetujuan(self) -> bool:
        """A child whose data is kept without a recorded consent (UU 27/2022)."""
        return self.kategori is KategoriPeserta.ANAK and not (
            self.persetujuan_oleh and self.persetujuan_tanggal
        )


def validate_peserta(uow: UnitOfWork, p: PesertaData, today: date | None = None) -> PesertaData:
    today = today or date.today()
    nama = _clean(p.nama)
    if not nama:
        raise ValidationError("Nama peserta wajib diisi.", "Nama Peserta")
    if uow.session.get(Desa, p.desa_id) is None:
        raise ValidationError("Desa peserta tidak ditemukan.", "Desa")
    if p.tanggal_lahir is not None and not date(1900, 1, 1) <= p.tanggal_lahir <= today:
        raise ValidationError(
            f"Tanggal lahir {format_tanggal(p.tanggal_lahir)} tidak mungkin.", "Tanggal Lahir"
        )
    if p.orang_tua_di_luar_negeri not in ORANG_TUA_LN:
        raise ValidationError("Pilihan orang tua di luar negeri tidak dikenal.", "Orang Tua")
    nik = normalize_nik(p.nik, field="NIK") if _clean(p.nik) else None
    telepon = (
        normalize_telepon(p.telepon_wali, field="Telepon Wali") if _clean(p.telepon_wali) else ""
    )
    if p.wali_id is not None:
        if p.wali_id == p.id:
            raise ValidationError("Peserta tidak dapat menjadi wali dirinya sendiri.", "Wali")
        wali = uow.session.get(Peserta, p.wali_id)
        if wali is None or wali.desa_id != p.desa_id:
            raise ValidationError("Wali harus peserta dari desa yang sama.", "Wali")
    if p.persetujuan_tanggal is not None and p.persetujuan_tanggal > today:
        raise ValidationError("Tanggal persetujuan belum tiba.", "Tanggal Persetujuan")
    return PesertaData(
        desa_id=p.desa_id,
        nama=nama,
        jenis_kelamin=JenisKelamin.parse(p.jenis_kelamin, "Jenis Kelamin"),
        kategori=KategoriPeserta.parse(p.kategori, "Kategori"),
        tanggal_lahir=p.tanggal_lahir,
        sekolah=_clean(p.sekolah),
        kelas=_clean(p.kelas),
        wali_id=p.wali_id,
        orang_tua_di_luar_negeri=p.orang_tua_di_luar_negeri,
        negara_orang_tua=_clean(p.negara_orang_tua),
        telepon_wali=telepon,
        nik=nik,
        persetujuan_oleh=_clean(p.persetujuan_oleh),
        persetujuan_hubungan=_clean(p.persetujuan_hubungan),
        persetujuan_tanggal=p.persetujuan_tanggal,
        aktif=p.aktif,
        catatan=(p.catatan or "").strip(),
        id=p.id,
    )


_PESERTA_FIELDS = (
    "desa_id",
    "nama",
    "tanggal_lahir",
    "sekolah",
    "kelas",
    "wali_id",
    "orang_tua_di_luar_negeri",
    "negara_orang_tua",
    "telepon_wali",
    "nik",
    "persetujuan_oleh",
    "persetujuan_hubungan",
    "persetujuan_tanggal",
    "aktif",
    "catatan",
)


def write_peserta(uow: UnitOfWork, p: PesertaData) -> Peserta:
    clean = validate_peserta(uow, p)
    if clean.id is None:
        row = Peserta()
        uow.session.add(row)
    else:
        row = uow.session.get(Peserta, clean.id)
        if row is None:
            raise NotFound("Peserta ini sudah dihapus; muat ulang daftar.")
    for name in _PESERTA_FIELDS:
        setattr(row, name, getattr(clean, name))
    row.jenis_kelamin = clean.jenis_kelamin.value
    row.kategori = clean.kategori.value
    uow.session.flush()
    return row


def save_peserta(uow: UnitOfWork, p: PesertaData) -> int:
    row = write_peserta(uow, p)
    uow.commit()
    return row.id


def _peserta_data(row: Peserta) -> PesertaData:
    data = PesertaData(
        desa_id=row.desa_id,
        nama=row.nama,
        jenis_kelamin=JenisKelamin(row.jenis_kelamin),
        kategori=KategoriPeserta(row.kategori),
        id=row.id,
    )
    for name in _PESERTA_FIELDS:
        setattr(data, name, getattr(row, name))
    return data


def get_peserta(uow: UnitOfWork, peserta_id: int) -> PesertaData:
    row = uow.session.get(Peserta, peserta_id)
    if row is None:
        raise NotFound("Peserta ini sudah dihapus; muat ulang daftar.")
    return _peserta_data(row)


def list_peserta(uow: UnitOfWork, desa_id: int, *, only_active: bool = True) -> list[PesertaData]:
    stmt = select(Peserta).where(Peserta.desa_id == desa_id)
    if only_active:
        stmt = stmt.where(Peserta.aktif.is_(True))
    order = {k.value: i for i, k in enumerate(KategoriPeserta)}
    rows = [_peserta_data(r) for r in uow.session.scalars(stmt)]
    rows.sort(
        key=lambda p: (
            p.kategori is KategoriPeserta.KADER,
            p.nama.casefold(),
            order[p.kategori.value],
        )
    )
    return rows


def delete_peserta(uow: UnitOfWork, peserta_id: int) -> None:
    """Delete a participant and their marks (e.g. when consent is withdrawn)."""
    row = uow.session.get(Peserta, peserta_id)
    if row is not None:
        uow.session.delete(row)
        uow.commit()


# --- sessions ---------------------------------------------------------------------


@dataclass
class PertemuanData:
    desa_id: int
    tanggal: date
    topik: str
    fasilitator: str = ""
    tempat: str = ""
    catatan: str = ""
    id: int | None = None


def write_pertemuan(uow: UnitOfWork, p: PertemuanData) -> Pertemuan:
    topik = _clean(p.topik)
    if not topik:
        raise ValidationError("Topik pertemuan wajib diisi.", "Topik")
    if p.tanggal is None:
        raise ValidationError("Tanggal pertemuan wajib diisi.", "Tanggal")
    if p.tanggal.year < 2016:
        raise ValidationError(
            f"Tanggal {format_tanggal(p.tanggal)} sebelum program Desmigratif dimulai.", "Tanggal"
        )
    if uow.session.get(Desa, p.desa_id) is None:
        raise ValidationError("Desa pertemuan tidak ditemukan.", "Desa")
    same = uow.session.scalar(
        select(Pertemuan.id).where(
            Pertemuan.desa_id == p.desa_id,
            Pertemuan.tanggal == p.tanggal,
            func.lower(Pertemuan.topik) == topik.lower(),
        )
    )
    if same is not None and same != p.id:
        raise ValidationError(
            f"Pertemuan {topik} pada {format_tanggal(p.tanggal)} sudah tercatat.", "Topik"
        )
    if p.id is None:
        row = Pertemuan()
        uow.session.add(row)
    else:
        row = uow.session.get(Pertemuan, p.id)
        if row is None:
            raise NotFound("Pertemuan ini sudah dihapus; muat ulang.")
    row.desa_id, row.tanggal, row.topik = p.desa_id, p.tanggal, topik
    row.fasilitator, row.tempat = _clean(p.fasilitator), _clean(p.tempat)
    row.catatan = (p.catatan or "").strip()
    _remember_topik(uow, topik)
    uow.session.flush()
    return row


def _remember_topik(uow: UnitOfWork, topik: str) -> None:
    """A topic typed for a session joins the editable list of module topics."""
    known = uow.session.scalar(
        select(TopikParenting.id).where(func.lower(TopikParenting.nama) == topik.lower())
    )
    if known is None and len(topik) <= 150:
        top = uow.session.scalar(select(func.max(TopikParenting.urutan))) or 0
        uow.session.add(TopikParenting(nama=topik, urutan=top + 1))


def save_pertemuan(uow: UnitOfWork, p: PertemuanData) -> int:
    row = write_pertemuan(uow, p)
    uow.commit()
    return row.id


def get_pertemuan(uow: UnitOfWork, pertemuan_id: int) -> PertemuanData:
    row = uow.session.get(Pertemuan, pertemuan_id)
    if row is None:
        raise NotFound("Pertemuan ini sudah dihapus; muat ulang.")
    return PertemuanData(
        row.desa_id, row.tanggal, row.topik, row.fasilitator, row.tempat, row.catatan, row.id
    )


def find_pertemuan(uow: UnitOfWork, desa_id: int, tanggal: date, topik: str) -> int | None:
    return uow.session.scalar(
        select(Pertemuan.id).where(
            Pertemuan.desa_id == desa_id,
            Pertemuan.tanggal == tanggal,
            func.lower(Pertemuan.topik) == _clean(topik).lower(),
        )
    )


def list_pertemuan(
    uow: UnitOfWork, desa_id: int, dari: date | None = None, sampai: date | None = None
) -> list[PertemuanData]:
    stmt = select(Pertemuan).where(Pertemuan.desa_id == desa_id)
    if dari is not None:
        stmt = stmt.where(Pertemuan.tanggal >= dari)
    if sampai is not None:
        stmt = stmt.where(Pertemuan.tanggal <= sampai)
    stmt = stmt.order_by(Pertemuan.tanggal, Pertemuan.id)
    return [
        PertemuanData(r.desa_id, r.tanggal, r.topik, r.fasilitator, r.tempat, r.catatan, r.id)
        for r in uow.session.scalars(stmt)
    ]


def delete_pertemuan(uow: UnitOfWork, pertemuan_id: int) -> None:
    row = uow.session.get(Pertemuan, pertemuan_id)
    if row is not None:
        uow.session.delete(row)
        uow.commit()


def list_topik(uow: UnitOfWork) -> list[str]:
    return list(
        uow.session.scalars(
            select(TopikParenting.nama)
            .where(TopikParenting.aktif.is_(True))
            .order_by(TopikParenting.urutan, TopikParenting.nama)
        )
    )


def add_topik(uow: UnitOfWork, nama: str) -> None:
    nama = _clean(nama)
    if not nama:
        raise ValidationError("Nama topik wajib diisi.", "Topik")
    exists = uow.session.scalar(
        select(TopikParenting.id).where(func.lower(TopikParenting.nama) == nama.lower())
    )
    if exists is not None:
        raise ValidationError(f'Topik "{nama}" sudah ada.', "Topik")
    top = uow.session.scalar(select(func.max(TopikParenting.urutan))) or 0
    uow.session.add(TopikParenting(nama=nama, urutan=top + 1))
    uow.commit()


# --- attendance -------------------------------------------------------------------

Mark = tuple[int, int, Kehadiran | None]  # (peserta_id, pertemuan_id, status or None to clear)


def set_marks(uow: UnitOfWork, marks: Iterable[Mark], *, commit: bool = True) -> int:
    """Write attendance marks (None clears one). Returns how many changed."""
    s = uow.session
    changed = 0
    cache_p: dict[int, int] = {}
    cache_s: dict[int, int] = {}
    for peserta_id, pertemuan_id, status in marks:
        if peserta_id not in cache_p:
            desa = s.scalar(select(Peserta.desa_id).where(Peserta.id == peserta_id))
            if desa is None:
                raise NotFound("Peserta tidak ditemukan; muat ulang daftar.")
            cache_p[peserta_id] = desa
        if pertemuan_id not in cache_s:
            desa = s.scalar(select(Pertemuan.desa_id).where(Pertemuan.id == pertemuan_id))
            if desa is None:
                raise NotFound("Pertemuan tidak ditemukan; muat ulang.")
            cache_s[pertemuan_id] = desa
        if cache_p[peserta_id] != cache_s[pertemuan_id]:
            raise ValidationError("Peserta dan pertemuan berasal dari desa yang berbeda.")
        row = s.get(KehadiranPeserta, (pertemuan_id, peserta_id))
        if status is None:
            if row is not None:
                s.delete(row)
                changed += 1
            continue
        value = Kehadiran.parse(status, "Status").value
        if row is None:
            s.add(KehadiranPeserta(pertemuan_id=pertemuan_id, peserta_id=peserta_id, status=value))
            changed += 1
        elif row.status != value:
            row.status = value
            changed += 1
    s.flush()
    if commit:
        uow.commit()
    return changed


def semua_hadir(uow: UnitOfWork, pertemuan_id: int, *, only_empty: bool = True) -> int:
    """Mark every active participant of the session's village present (H)."""
    sesi = uow.session.get(Pertemuan, pertemuan_id)
    if sesi is None:
        raise NotFound("Pertemuan tidak ditemukan; muat ulang.")
    existing = dict(
        uow.session.execute(
            select(KehadiranPeserta.peserta_id, KehadiranPeserta.status).where(
                KehadiranPeserta.pertemuan_id == pertemuan_id
            )
        ).all()
    )
    ids = uow.session.scalars(
        select(Peserta.id).where(Peserta.desa_id == sesi.desa_id, Peserta.aktif.is_(True))
    )
    marks = [
        (pid, pertemuan_id, Kehadiran.H) for pid in ids if not (only_empty and pid in existing)
    ]
    return set_marks(uow, marks)


@dataclass
class Rekap:
    """Counts of H, I, S, A and the attendance rate (H / all marks)."""

    h: int = 0
    i: int = 0
    s: int = 0
    a: int = 0

    @property
    def total(self) -> int:
        return self.h + self.i + self.s + self.a

    @property
    def rate(self) -> Decimal | None:
        return persen(self.h, self.total)

    def add(self, status: str) -> None:
        setattr(self, status.lower(), getattr(self, status.lower()) + 1)


@dataclass
class Kisi:
    """The attendance grid of a village and period, with per-row and per-column totals."""

    peserta: list[PesertaData]
    pertemuan: list[PertemuanData]
    marks: dict[tuple[int, int], Kehadiran] = field(default_factory=dict)  # (peserta, sesi)

    def rekap_peserta(self, peserta_id: int) -> Rekap:
        r = Rekap()
        for s in self.pertemuan:
            m = self.marks.get((peserta_id, s.id or 0))
            if m is not None:
                r.add(m.value)
        return r

    def rekap_pertemuan(self, pertemuan_id: int) -> Rekap:
        r = Rekap()
        for p in self.peserta:
            m = self.marks.get((p.id or 0, pertemuan_id))
            if m is not None:
                r.add(m.value)
        return r

    def rekap_total(self) -> Rekap:
        r = Rekap()
        for m in self.marks.values():
            r.add(m.value)
        return r


def kisi(
    uow: UnitOfWork, desa_id: int, dari: date | None = None, sampai: date | None = None
) -> Kisi:
    """The grid: active participants, plus inactive ones with marks in the period.

    Marks are historical facts: a participant deactivated later still counts in
    the period's totals, exactly as in ``rekap_per_desa`` and the reports.
    """
    pertemuan = list_pertemuan(uow, desa_id, dari, sampai)
    ids = [s.id for s in pertemuan]
    marks: dict[tuple[int, int], Kehadiran] = {}
    if ids:
        rows = uow.session.execute(
            select(
                KehadiranPeserta.peserta_id, KehadiranPeserta.pertemuan_id, KehadiranPeserta.status
            ).where(KehadiranPeserta.pertemuan_id.in_(ids))
        )
        for pid, sid, status in rows:
            marks[(pid, sid)] = Kehadiran(status)
    peserta = list_peserta(uow, desa_id)
    active = {p.id for p in peserta}
    marked = {pid for pid, _sid in marks}
    peserta += [get_peserta(uow, pid) for pid in sorted(marked - active)]
    return Kisi(peserta, pertemuan, marks)


@dataclass(frozen=True)
class RekapDesa:
    kode_wilayah: str
    nama: str
    pertemuan: int
    anak: int
    pengasuh: int
    rekap: Rekap


def rekap_per_desa(uow: UnitOfWork, dari: date, sampai: date) -> list[RekapDesa]:
    """Per village: sessions held in the period, participants who attended, marks, rate."""
    s = uow.session
    out = []
    for desa_id, kode, nama in s.execute(
        select(Desa.id, Desa.kode_wilayah, Desa.nama).order_by(Desa.kode_wilayah)
    ):
        sesi_ids = list(
            s.scalars(
                select(Pertemuan.id).where(
                    Pertemuan.desa_id == desa_id,
                    Pertemuan.tanggal >= dari,
                    Pertemuan.tanggal <= sampai,
                )
            )
        )
        if not sesi_ids:
            continue
        rekap = Rekap()
        for status, n in s.execute(
            select(KehadiranPeserta.status, func.count())
            .where(KehadiranPeserta.pertemuan_id.in_(sesi_ids))
            .group_by(KehadiranPeserta.status)
        ):
            setattr(rekap, status.lower(), int(n))
        kategori = dict(
            s.execute(
                select(Peserta.kategori, func.count(func.distinct(Peserta.id)))
                .join(
                    KehadiranPeserta,
                    and_(
                        KehadiranPeserta.peserta_id == Peserta.id,
                        KehadiranPeserta.pertemuan_id.in_(sesi_ids),
                    ),
                )
                .group_by(Peserta.kategori)
            ).all()
        )
        anak = int(kategori.get(KategoriPeserta.ANAK.value, 0))
        pengasuh = sum(int(n) for k, n in kategori.items() if KategoriPeserta(k).pengasuh)
        out.append(RekapDesa(kode, nama, len(sesi_ids), anak, pengasuh, rekap))
    return out


def clear_marks_of_session(uow: UnitOfWork, pertemuan_id: int) -> None:
    uow.session.execute(
        delete(KehadiranPeserta).where(KehadiranPeserta.pertemuan_id == pertemuan_id)
    )
    uow.commit()


# --- participants of all villages: the national list and its type-ahead search ----

# (cocok, nama, id): the list's order, and a page's keyset; ``cocok`` 1 for a name that
# starts with the search, 2 for one with a later word that does (0: no search)
KunciPeserta = tuple[int, str, int]


@dataclass(frozen=True)
class PesertaCari:
    """A participant as the list of all villages shows it (the NIK is shown masked)."""

    id: int
    nama: str
    nik: str | None
    kategori: KategoriPeserta
    aktif: bool
    desa_id: int
    desa: str
    kecamatan: str
    kode_wilayah: str
    cocok: int = 0  # 1: the name starts with the search; 2: a later word of it does


@dataclass(frozen=True)
class PesertaRekap(PesertaCari):
    """... with the participant's marks (all sessions, or those of one year)."""

    rekap: Rekap = field(default_factory=Rekap)


@dataclass(frozen=True)
class FilterPeserta:
    teks: str = ""  # the start of the name or of a word of it (any case), or of the NIK
    tahun: int | None = None  # count only the marks of that year's sessions


def _nik_prefix(teks: str) -> str | None:
    digits = "".join(teks.split()).replace(".", "")
    return digits if len(digits) >= 4 and digits.isdigit() else None


def _syarat_peserta(teks: str) -> list[ColumnElement[bool]]:
    teks = _clean(teks)
    if not teks:
        return []
    nik = _nik_prefix(teks)
    if nik is not None:
        return [Peserta.nik >= nik, Peserta.nik < succ(nik)]
    return [or_(*awal_teks(Peserta.nama, teks), _awal_kata(teks))]


def _awal_kata(teks: str) -> ColumnElement[bool]:
    """A later word of the name starts with ``teks`` (words are separated by spaces)."""
    return Peserta.nama.ilike("% " + like_awal(teks), escape="\\")


@cache
def _peserta_stmt(mode: str, alternatives: int, after: bool) -> Disiapkan:
    """The participant list's statement for one shape, built once (building a union of
    ranges costs more than running it); the values go in as bound parameters.

    ``mode``: "semua" (no search), "nik" (a NIK prefix) or "nama" (a name prefix read
    as ``alternatives`` index ranges, see :func:`awal_teks`). The first ``batas``
    matches after the key (``nama_setelah``, ``id_setelah``) when ``after``.
    """
    order = (Peserta.nama, Peserta.id)
    keyset = (
        [tuple_(*order) > tuple_(bindparam("nama_setelah"), bindparam("id_setelah"))]
        if after
        else []
    )
    batas = bindparam("batas", type_=Integer)
    if mode == "kata":  # a later word: the name index read in order, from the index alone
        word = Peserta.nama.ilike(bindparam("pola_kata"), escape="\\")
        start = Peserta.nama.ilike(bindparam("pola"), escape="\\")
        ids = select(Peserta.id).where(word, not_(start), *keyset).order_by(*order).limit(batas)
    elif mode == "nama":
        like = Peserta.nama.ilike(bindparam("pola"), escape="\\")
        parts = [
            select(*order)
            .where(Peserta.nama >= bindparam(f"dari{i}"), Peserta.nama < bindparam(f"ke{i}"))
            .where(like, *keyset)
            .order_by(*order)
            .limit(batas)
            .subquery()
            for i in range(alternatives)
        ]
        union = union_all(*(select(*part.c) for part in parts)).subquery()
        ids = select(union.c.id).order_by(union.c.nama, union.c.id).limit(batas)
    else:
        where = (
            [Peserta.nik >= bindparam("nik_dari"), Peserta.nik < bindparam("nik_ke")]
            if mode == "nik"
            else []
        )
        ids = select(Peserta.id).where(*where, *keyset).order_by(*order).limit(batas)
    found = ids.subquery()
    stmt = (
        select(
            Peserta.id,
            Peserta.nama,
            Peserta.nik,
            Peserta.kategori,
            Peserta.aktif,
            Peserta.desa_id,
            Desa.nama.label("desa"),
            Desa.kecamatan,
            Desa.kode_wilayah,
        )
        .join(found, found.c.id == Peserta.id)
        .join(Desa, Desa.id == Peserta.desa_id)
        .order_by(Peserta.nama, Peserta.id)
    )
    return Disiapkan(stmt)


def _peserta_rows(
    uow: UnitOfWork, teks: str, setelah: KunciPeserta | None, batas: int
) -> list[tuple[int, Any]]:
    """The first ``batas`` participants matching ``teks`` after ``setelah``, each with how
    it matches (see :data:`KunciPeserta`): names starting with ``teks`` first, by name,
    then names with a later word starting with it, by name.

    The start of the name is read from the name index: each case form of its first
    letters is its own short range, read in order up to ``batas`` rows, and the union of
    those few rows is sorted again, so a frequent start ("s") stops after ``batas`` rows
    and a rare one reads almost nothing. Only when those are fewer than ``batas`` is the
    name index read on, in order, for a later word (no table row is read for that; a
    rare word reads the whole index: some tens of milliseconds for 200,000 names).
    """
    teks = _clean(teks)
    nik = _nik_prefix(teks) if teks else None
    cocok, after = (setelah[0], setelah[1:]) if setelah is not None else (0, None)
    params: dict[str, Any] = {}
    if nik is not None:
        params = {"nik_dari": nik, "nik_ke": succ(nik)}
    if not teks or nik is not None:
        mode = "nik" if nik is not None else "semua"
        return [(0, r) for r in _jalankan(uow, mode, 0, after, batas, params)]
    ranges = rentang_awal(teks)
    params["pola"] = like_awal(teks)
    for i, (dari, ke) in enumerate(ranges):
        params[f"dari{i}"], params[f"ke{i}"] = dari, ke
    rows: list[tuple[int, Any]] = []
    if cocok <= 1:
        rows = [(1, r) for r in _jalankan(uow, "nama", len(ranges), after, batas, params)]
        after = None
    if len(rows) < batas:
        params["pola_kata"] = "% " + like_awal(teks)
        rows += [(2, r) for r in _jalankan(uow, "kata", 0, after, batas - len(rows), params)]
    return rows


def _jalankan(
    uow: UnitOfWork,
    mode: str,
    alternatives: int,
    after: tuple[str, int] | None,
    batas: int,
    params: dict[str, Any],
) -> list[Any]:
    values = dict(params, batas=batas)
    if after is not None:
        values["nama_setelah"], values["id_setelah"] = after
    return _peserta_stmt(mode, alternatives, after is not None).jalankan(uow, values)


_KATEGORI = {k.value: k for k in KategoriPeserta}


def _cari(cocok: int, r: Any) -> tuple[Any, ...]:
    """A row of ``_peserta_stmt`` as the fields of :class:`PesertaCari`, in order."""
    return (r[0], r[1], r[2], _KATEGORI[r[3]], bool(r[4]), r[5], r[6], r[7], r[8], cocok)


def cari_peserta(uow: UnitOfWork, teks: str, *, limit: int = 50) -> list[PesertaCari]:
    """Type-ahead: participants of every village whose name starts with ``teks`` (any
    case), then those with a later word starting with it ("rahayu" finds Siti Rahayu),
    each group by name; or, for 4 digits or more, those whose NIK starts with them."""
    if not _clean(teks):
        return []
    return [PesertaCari(*_cari(c, r)) for c, r in _peserta_rows(uow, teks, None, limit)]


def halaman_peserta(
    uow: UnitOfWork,
    f: FilterPeserta = FilterPeserta(),
    *,
    setelah: KunciPeserta | None = None,
    batas: int = 300,
) -> list[PesertaRekap]:
    """One page of the participants of all villages in name order (with a search: those
    whose name starts with it first), after the key ``setelah`` (keyset paging over the
    name index), with each one's marks."""
    rows = _peserta_rows(uow, f.teks, setelah, batas)
    rekap: dict[int, Rekap] = {r[0]: Rekap() for _c, r in rows}
    if rows:
        marks = select(KehadiranPeserta.peserta_id, KehadiranPeserta.status, func.count()).where(
            KehadiranPeserta.peserta_id.in_(list(rekap))
        )
        if f.tahun is not None:
            marks = marks.join(Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id).where(
                Pertemuan.tanggal >= date(f.tahun, 1, 1),
                Pertemuan.tanggal <= date(f.tahun, 12, 31),
            )
        for pid, status, n in uow.session.execute(
            marks.group_by(KehadiranPeserta.peserta_id, KehadiranPeserta.status)
        ):
            setattr(rekap[pid], status.lower(), int(n))
    return [PesertaRekap(*_cari(c, r), rekap=rekap[r[0]]) for c, r in rows]


def kunci_peserta(p: PesertaCari) -> KunciPeserta:
    return (p.cocok, p.nama, p.id)


def hitung_peserta(uow: UnitOfWork, f: FilterPeserta = FilterPeserta()) -> int:
    """How many participants the list shows for ``f``."""
    stmt = select(func.count()).select_from(Peserta).where(*_syarat_peserta(f.teks))
    return int(uow.session.scalar(stmt) or 0)
