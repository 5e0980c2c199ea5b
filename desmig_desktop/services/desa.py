"""Village profiles (Profil Desa Desmigratif): validation, saving, reading, listing.

Use cases take plain values (``DesaData`` and its parts) and return ids or plain
values; nothing here hands out ORM objects. Every save is one transaction.
The same list query feeds the Desa page and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from desmig_desktop.db.models import (
    AsetPilar,
    Desa,
    Kegiatan,
    Negara,
    Pertemuan,
    Peserta,
    PetugasDesa,
    StatistikDesa,
    StatistikNegara,
)
from desmig_desktop.domain.enums import JenisAset, PeranPetugas, StatusDesa
from desmig_desktop.domain.errors import NotFound, ValidationError
from desmig_desktop.domain.formatting import format_angka
from desmig_desktop.domain.identitas import normalize_telepon
from desmig_desktop.domain.lembar import TAHUN_AWAL_PROGRAM
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import DesaWilayah, desa_wilayah

TAHUN_MINIMUM = TAHUN_AWAL_PROGRAM


@dataclass
class PetugasData:
    nama: str
    peran: PeranPetugas = PeranPetugas.PETUGAS
    telepon: str = ""
    sk_nomor: str = ""
    sk_tanggal: date | None = None
    aktif: bool = True
    id: int | None = None


@dataclass
class StatistikData:
    tahun: int
    jumlah_penduduk: int | None = None
    jumlah_kk: int | None = None
    pmi_aktif_l: int = 0
    pmi_aktif_p: int = 0
    cpmi: int = 0
    pmi_purna: int = 0
    negara: dict[str, int | None] = field(default_factory=dict)
    catatan: str = ""
    id: int | None = None

    @property
    def pmi_aktif(self) -> int:
        return self.pmi_aktif_l + self.pmi_aktif_p


@dataclass
class AsetData:
    jenis: JenisAset
    nama: str
    badan_hukum_nomor: str = ""
    badan_hukum_tanggal: date | None = None
    jumlah_anggota: int | None = None
    modal: Decimal | None = None
    keterangan: str = ""
    id: int | None = None


@dataclass
class DesaData:
    """A village profile with everything the editor shows."""

    kode_wilayah: str
    tahun_penetapan: int
    status: StatusDesa = StatusDesa.AKTIF
    kepala_desa: str = ""
    alamat_layanan: str = ""
    perdes_pmi: str = ""
    catatan: str = ""
    petugas: list[PetugasData] = field(default_factory=list)
    statistik: list[StatistikData] = field(default_factory=list)
    aset: list[AsetData] = field(default_factory=list)
    # filled when read from the database (names as they were when saved)
    id: int | None = None
    public_id: str | None = None
    nama: str = ""
    kecamatan: str = ""
    kabkota: str = ""
    provinsi: str = ""

    def statistik_tahun(self, tahun: int) -> StatistikData | None:
        return next((s for s in self.statistik if s.tahun == tahun), None)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _whole(value: int | None, label: str, *, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise ValidationError(f"{label} wajib diisi.", label)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{label} harus bilangan bulat.", label)
    if value < 0:
        raise ValidationError(f"{label} tidak boleh negatif (diisi {value}).", label)
    if value > JUMLAH_MAKS:
        raise ValidationError(
            f"{label} terlalu besar (paling banyak {format_angka(JUMLAH_MAKS)}).", label
        )
    return value


#: The largest count a village's statistics take (fits a 32-bit integer column).
JUMLAH_MAKS = 999_999_999


def validate_tahun_penetapan(tahun: object, this_year: int | None = None) -> int:
    this_year = this_year or date.today().year
    if isinstance(tahun, bool) or not isinstance(tahun, int):
        raise ValidationError("Tahun penetapan harus tahun, mis. 2018.", "Tahun Penetapan")
    if tahun < TAHUN_MINIMUM:
        raise ValidationError(
            f"Tahun penetapan {tahun} terlalu awal: program Desmigratif dimulai {TAHUN_MINIMUM}.",
            "Tahun Penetapan",
        )
    if tahun > this_year + 1:
        raise ValidationError(
            f"Tahun penetapan {tahun} belum tiba (tahun ini {this_year}).", "Tahun Penetapan"
        )
    return tahun


def validate_statistik(s: StatistikData, this_year: int | None = None) -> StatistikData:
    this_year = this_year or date.today().year
    if not isinstance(s.tahun, int) or not TAHUN_MINIMUM <= s.tahun <= this_year + 1:
        raise ValidationError(
            f"Tahun data statistik {s.tahun} tidak sah (antara {TAHUN_MINIMUM} dan "
            f"{this_year + 1}).",
            "Tahun Data",
        )
    out = StatistikData(
        tahun=s.tahun,
        jumlah_penduduk=_whole(s.jumlah_penduduk, "Jumlah Penduduk"),
        jumlah_kk=_whole(s.jumlah_kk, "Jumlah KK"),
        pmi_aktif_l=_whole(s.pmi_aktif_l, "PMI Aktif Laki-laki", required=True) or 0,
        pmi_aktif_p=_whole(s.pmi_aktif_p, "PMI Aktif Perempuan", required=True) or 0,
        cpmi=_whole(s.cpmi, "CPMI", required=True) or 0,
        pmi_purna=_whole(s.pmi_purna, "PMI Purna", required=True) or 0,
        catatan=(s.catatan or "").strip(),
        id=s.id,
    )
    for negara, jumlah in s.negara.items():
        nama = _clean(negara)
        if not nama:
            continue
        out.negara[nama] = _whole(jumlah, f"Jumlah PMI di {nama}")
    counted = sum(v for v in out.negara.values() if v)
    if counted > out.pmi_aktif:
        raise ValidationError(
            f"Statistik {s.tahun}: jumlah PMI per negara ({counted}) melebihi PMI aktif "
            f"({out.pmi_aktif}).",
            "Negara Penempatan",
        )
    if out.jumlah_penduduk is not None and out.pmi_aktif > out.jumlah_penduduk:
        raise ValidationError(
            f"Statistik {s.tahun}: PMI aktif ({out.pmi_aktif}) melebihi jumlah penduduk "
            f"({out.jumlah_penduduk}).",
            "Jumlah Penduduk",
        )
    return out


def validate_petugas(p: PetugasData) -> PetugasData:
    nama = _clean(p.nama)
    if not nama:
        raise ValidationError("Nama petugas wajib diisi.", "Petugas")
    telepon = normalize_telepon(p.telepon, field="Telepon Petugas") if _clean(p.telepon) else ""
    return PetugasData(
        nama=nama,
        peran=PeranPetugas.parse(p.peran, "Peran petugas"),
        telepon=telepon,
        sk_nomor=_clean(p.sk_nomor),
        sk_tanggal=p.sk_tanggal,
        aktif=p.aktif,
        id=p.id,
    )


def validate_aset(a: AsetData) -> AsetData:
    nama = _clean(a.nama)
    if not nama:
        raise ValidationError("Nama kelompok/lembaga wajib diisi.", "Aset")
    if a.modal is not None and a.modal < 0:
        raise ValidationError(f"Modal {nama} tidak boleh negatif.", "Modal")
    return AsetData(
        jenis=JenisAset.parse(a.jenis, "Jenis aset"),
        nama=nama,
        badan_hukum_nomor=_clean(a.badan_hukum_nomor),
        badan_hukum_tanggal=a.badan_hukum_tanggal,
        jumlah_anggota=_whole(a.jumlah_anggota, f"Jumlah anggota {nama}"),
        modal=a.modal,
        keterangan=(a.keterangan or "").strip(),
        id=a.id,
    )


def validate_profil(d: DesaData, wilayah: DesaWilayah) -> DesaData:
    """Check a whole profile whose region is already looked up (no database): every rule
    of :func:`validate_desa` except one profile per region code. The villages import
    uses it with its regions read once."""
    out = DesaData(
        kode_wilayah=wilayah.kode,
        tahun_penetapan=validate_tahun_penetapan(d.tahun_penetapan),
        status=StatusDesa.parse(d.status, "Status"),
        kepala_desa=_clean(d.kepala_desa),
        alamat_layanan=_clean(d.alamat_layanan),
        perdes_pmi=_clean(d.perdes_pmi),
        catatan=(d.catatan or "").strip(),
        id=d.id,
        public_id=d.public_id,
        nama=wilayah.nama,
        kecamatan=wilayah.kecamatan,
        kabkota=wilayah.kabkota,
        provinsi=wilayah.provinsi,
    )
    out.petugas = [validate_petugas(p) for p in d.petugas]
    years: set[int] = set()
    for s in d.statistik:
        if s.tahun in years:
            raise ValidationError(f"Statistik tahun {s.tahun} tercatat dua kali.", "Tahun Data")
        years.add(s.tahun)
        out.statistik.append(validate_statistik(s))
    out.aset = [validate_aset(a) for a in d.aset]
    return out


def validate_desa(uow: UnitOfWork, d: DesaData) -> DesaData:
    """Check a whole profile; the ValidationError names the field at fault."""
    wilayah = desa_wilayah(uow, d.kode_wilayah)
    out = validate_profil(d, wilayah)
    existing = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == out.kode_wilayah))
    if existing is not None and existing != d.id:
        raise ValidationError(
            f"Desa {wilayah.nama} ({wilayah.kode}) sudah terdaftar sebagai desa Desmigratif.",
            "Kode Wilayah",
        )
    return out


def _negara_ids(uow: UnitOfWork, names: set[str]) -> dict[str, int]:
    """Ids of the named countries, adding unknown ones to the editable list."""
    found: dict[str, int] = {}
    if not names:
        return found
    rows = uow.session.execute(select(Negara.id, Negara.nama)).all()
    by_fold = {nama.casefold(): (nid, nama) for nid, nama in rows}
    top = max((r[0] for r in rows), default=0)
    for name in sorted(names):
        hit = by_fold.get(name.casefold())
        if hit is None:
            negara = Negara(nama=name, urutan=100 + top)
            uow.session.add(negara)
            uow.session.flush()
            hit = (negara.id, name)
            by_fold[name.casefold()] = hit
        found[name] = hit[0]
    return found


def _sync(rows: list, items: list, make, update) -> list:  # type: ignore[no-untyped-def]
    """Update ``rows`` in place from ``items`` by id; add new, drop missing."""
    by_id = {r.id: r for r in rows}
    keep = []
    for item in items:
        row = by_id.get(item.id) if item.id is not None else None
        if row is None:
            row = make()
        update(row, item)
        keep.append(row)
    return keep


def write_desa(uow: UnitOfWork, clean: DesaData) -> Desa:
    """Write a validated profile into the session (no commit)."""
    s = uow.session
    if clean.id is None:
        row = Desa(kode_wilayah=clean.kode_wilayah)
        s.add(row)
    else:
        row = s.get(Desa, clean.id)
        if row is None:
            raise NotFound("Desa ini sudah dihapus di tempat lain; muat ulang daftar desa.")
    row.kode_wilayah = clean.kode_wilayah
    row.nama, row.kecamatan = clean.nama, clean.kecamatan
    row.kabkota, row.provinsi = clean.kabkota, clean.provinsi
    row.tahun_penetapan = clean.tahun_penetapan
    row.status = clean.status.value
    row.kepala_desa, row.alamat_layanan = clean.kepala_desa, clean.alamat_layanan
    row.perdes_pmi, row.catatan = clean.perdes_pmi, clean.catatan

    def upd_petugas(r: PetugasDesa, p: PetugasData) -> None:
        r.nama, r.peran, r.telepon = p.nama, p.peran.value, p.telepon
        r.sk_nomor, r.sk_tanggal, r.aktif = p.sk_nomor, p.sk_tanggal, p.aktif

    row.petugas = _sync(list(row.petugas), clean.petugas, PetugasDesa, upd_petugas)

    negara_ids = _negara_ids(uow, {n for st in clean.statistik for n in st.negara})

    def upd_stat(r: StatistikDesa, st: StatistikData) -> None:
        r.tahun = st.tahun
        r.jumlah_penduduk, r.jumlah_kk = st.jumlah_penduduk, st.jumlah_kk
        r.pmi_aktif_l, r.pmi_aktif_p = st.pmi_aktif_l, st.pmi_aktif_p
        r.cpmi, r.pmi_purna, r.catatan = st.cpmi, st.pmi_purna, st.catatan
        wanted = {negara_ids[n]: j for n, j in st.negara.items()}
        current = {sn.negara_id: sn for sn in r.negara}
        r.negara = [current.get(nid) or StatistikNegara(negara_id=nid) for nid in wanted]
        for sn in r.negara:
            sn.jumlah = wanted[sn.negara_id]

    row.statistik = _sync(list(row.statistik), clean.statistik, StatistikDesa, upd_stat)

    def upd_aset(r: AsetPilar, a: AsetData) -> None:
        r.jenis, r.nama = a.jenis.value, a.nama
        r.badan_hukum_nomor, r.badan_hukum_tanggal = a.badan_hukum_nomor, a.badan_hukum_tanggal
        r.jumlah_anggota, r.modal, r.keterangan = a.jumlah_anggota, a.modal, a.keterangan

    row.aset = _sync(list(row.aset), clean.aset, AsetPilar, upd_aset)
    s.flush()
    return row


def save_desa(uow: UnitOfWork, data: DesaData) -> int:
    """Validate and save a whole profile in one transaction; returns its id."""
    clean = validate_desa(uow, data)
    row = write_desa(uow, clean)
    uow.commit()
    return row.id


def get_desa(uow: UnitOfWork, desa_id: int) -> DesaData:
    row = uow.session.get(Desa, desa_id)
    if row is None:
        raise NotFound("Desa ini sudah dihapus; muat ulang daftar desa.")
    return _to_data(uow, row)


def get_desa_by_kode(uow: UnitOfWork, kode: str) -> DesaData | None:
    row = uow.session.scalar(select(Desa).where(Desa.kode_wilayah == kode))
    return _to_data(uow, row) if row is not None else None


def desa_data(row: Desa) -> DesaData:
    """A stored village's own fields as :class:`DesaData` (officers, statistics and
    assets left empty: :func:`petugas_data`, :func:`statistik_data`, :func:`aset_data`)."""
    return DesaData(
        kode_wilayah=row.kode_wilayah,
        tahun_penetapan=row.tahun_penetapan,
        status=StatusDesa(row.status),
        kepala_desa=row.kepala_desa,
        alamat_layanan=row.alamat_layanan,
        perdes_pmi=row.perdes_pmi,
        catatan=row.catatan,
        id=row.id,
        public_id=row.public_id,
        nama=row.nama,
        kecamatan=row.kecamatan,
        kabkota=row.kabkota,
        provinsi=row.provinsi,
    )


def petugas_data(p: PetugasDesa) -> PetugasData:
    return PetugasData(
        nama=p.nama,
        peran=PeranPetugas(p.peran),
        telepon=p.telepon,
        sk_nomor=p.sk_nomor,
        sk_tanggal=p.sk_tanggal,
        aktif=p.aktif,
        id=p.id,
    )


def statistik_data(st: StatistikDesa, negara: dict[str, int | None] | None = None) -> StatistikData:
    """A stored year of statistics; ``negara`` (name → count, largest first) is given by
    the caller, who reads the countries."""
    return StatistikData(
        tahun=st.tahun,
        jumlah_penduduk=st.jumlah_penduduk,
        jumlah_kk=st.jumlah_kk,
        pmi_aktif_l=st.pmi_aktif_l,
        pmi_aktif_p=st.pmi_aktif_p,
        cpmi=st.cpmi,
        pmi_purna=st.pmi_purna,
        negara=dict(negara or {}),
        catatan=st.catatan,
        id=st.id,
    )


def aset_data(a: AsetPilar) -> AsetData:
    return AsetData(
        jenis=JenisAset(a.jenis),
        nama=a.nama,
        badan_hukum_nomor=a.badan_hukum_nomor,
        badan_hukum_tanggal=a.badan_hukum_tanggal,
        jumlah_anggota=a.jumlah_anggota,
        modal=a.modal,
        keterangan=a.keterangan,
        id=a.id,
    )


def _to_data(uow: UnitOfWork, row: Desa) -> DesaData:
    negara_nama = dict(uow.session.execute(select(Negara.id, Negara.nama)).all())
    data = desa_data(row)
    data.petugas = [petugas_data(p) for p in sorted(row.petugas, key=lambda p: p.id)]
    data.statistik = [
        statistik_data(
            st,
            {
                negara_nama[sn.negara_id]: sn.jumlah
                for sn in sorted(st.negara, key=lambda sn: (-(sn.jumlah or 0), sn.negara_id))
            },
        )
        for st in sorted(row.statistik, key=lambda st: st.tahun)
    ]
    data.aset = [aset_data(a) for a in sorted(row.aset, key=lambda a: (a.jenis, a.id))]
    return data


def delete_desa(uow: UnitOfWork, desa_id: int) -> None:
    """Delete a village; refused while plans or community-parenting data refer to it."""
    row = uow.session.get(Desa, desa_id)
    if row is None:
        return
    uses = []
    for model, label in (
        (Kegiatan, "rencana kegiatan"),
        (Peserta, "peserta"),
        (Pertemuan, "pertemuan"),
    ):
        n = uow.session.scalar(
            select(func.count()).select_from(model).where(model.desa_id == desa_id)
        )
        if n:
            uses.append(f"{n} {label}")
    if uses:
        raise ValidationError(
            f"Desa {row.nama} tidak dapat dihapus karena masih dipakai oleh "
            f"{', '.join(uses)}. Ubah statusnya menjadi Nonaktif."
        )
    uow.session.delete(row)
    uow.commit()


def list_negara(uow: UnitOfWork) -> list[str]:
    return list(
        uow.session.scalars(
            select(Negara.nama).where(Negara.aktif.is_(True)).order_by(Negara.urutan, Negara.nama)
        )
    )


# --- the list the Desa page and the exports show -----------------------------------


@dataclass(frozen=True)
class DesaBaris:
    """One row of the village list, with the latest year's statistics."""

    id: int
    kode_wilayah: str
    nama: str
    kecamatan: str
    tahun_penetapan: int
    status: StatusDesa
    kepala_desa: str
    petugas: str
    telepon: str
    tahun_data: int | None
    pmi_aktif: int | None
    cpmi: int | None
    pmi_purna: int | None


@dataclass(frozen=True)
class DesaFilter:
    teks: str = ""
    kecamatan: str | None = None
    status: StatusDesa | None = None
    tahun_penetapan: int | None = None


SORT_KEYS = (
    "kode_wilayah",
    "nama",
    "kecamatan",
    "tahun_penetapan",
    "status",
    "kepala_desa",
    "petugas",
    "tahun_data",
    "pmi_aktif",
    "cpmi",
    "pmi_purna",
)


def _list_select(f: DesaFilter, sampai_tahun: int | None = None) -> Select:  # type: ignore[type-arg]
    latest_q = select(StatistikDesa.desa_id, func.max(StatistikDesa.tahun).label("tahun"))
    if sampai_tahun is not None:  # a report of year Y shows the latest statistics up to Y
        latest_q = latest_q.where(StatistikDesa.tahun <= sampai_tahun)
    latest = latest_q.group_by(StatistikDesa.desa_id).subquery()
    st = aliased(StatistikDesa)
    first_officer = (
        select(PetugasDesa.desa_id, func.min(PetugasDesa.id).label("pid"))
        .where(PetugasDesa.aktif.is_(True), PetugasDesa.peran == PeranPetugas.PETUGAS.value)
        .group_by(PetugasDesa.desa_id)
        .subquery()
    )
    pt = aliased(PetugasDesa)
    stmt = (
        select(
            Desa.id,
            Desa.kode_wilayah,
            Desa.nama,
            Desa.kecamatan,
            Desa.tahun_penetapan,
            Desa.status,
            Desa.kepala_desa,
            func.coalesce(pt.nama, "").label("petugas"),
            func.coalesce(pt.telepon, "").label("telepon"),
            st.tahun.label("tahun_data"),
            (st.pmi_aktif_l + st.pmi_aktif_p).label("pmi_aktif"),
            st.cpmi.label("cpmi"),
            st.pmi_purna.label("pmi_purna"),
        )
        .outerjoin(latest, latest.c.desa_id == Desa.id)
        .outerjoin(st, and_(st.desa_id == Desa.id, st.tahun == latest.c.tahun))
        .outerjoin(first_officer, first_officer.c.desa_id == Desa.id)
        .outerjoin(pt, pt.id == first_officer.c.pid)
    )
    teks = _clean(f.teks)
    if teks:
        like = f"%{teks}%"
        stmt = stmt.where(
            or_(
                Desa.nama.ilike(like),
                Desa.kode_wilayah.like(f"{teks}%"),
                Desa.kecamatan.ilike(like),
                Desa.kepala_desa.ilike(like),
            )
        )
    if f.kecamatan:
        stmt = stmt.where(Desa.kecamatan == f.kecamatan)
    if f.status is not None:
        stmt = stmt.where(Desa.status == f.status.value)
    if f.tahun_penetapan is not None:
        stmt = stmt.where(Desa.tahun_penetapan == f.tahun_penetapan)
    return stmt


def count_desa(uow: UnitOfWork, f: DesaFilter = DesaFilter()) -> int:
    sub = _list_select(f).subquery()
    return int(uow.session.scalar(select(func.count()).select_from(sub)) or 0)


def list_desa(
    uow: UnitOfWork,
    f: DesaFilter = DesaFilter(),
    *,
    sort: str = "kode_wilayah",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    sampai_tahun: int | None = None,
) -> list[DesaBaris]:
    """The filtered, sorted village list (sorting and filtering in SQL).

    Statistics are each village's latest year, or its latest up to ``sampai_tahun``.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    sub = _list_select(f, sampai_tahun).subquery()
    column = sub.c[sort]
    order = [column.desc() if descending else column.asc(), sub.c.kode_wilayah.asc()]
    stmt = select(sub).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        DesaBaris(
            id=r.id,
            kode_wilayah=r.kode_wilayah,
            nama=r.nama,
            kecamatan=r.kecamatan,
            tahun_penetapan=r.tahun_penetapan,
            status=StatusDesa(r.status),
            kepala_desa=r.kepala_desa,
            petugas=r.petugas,
            telepon=r.telepon,
            tahun_data=r.tahun_data,
            pmi_aktif=r.pmi_aktif,
            cpmi=r.cpmi,
            pmi_purna=r.pmi_purna,
        )
        for r in uow.session.execute(stmt)
    ]


def kecamatan_options(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(Desa.kecamatan).distinct().order_by(Desa.kecamatan)))


def tahun_penetapan_options(uow: UnitOfWork) -> list[int]:
    return list(
        uow.session.scalars(select(Desa.tahun_penetapan).distinct().order_by(Desa.tahun_penetapan))
    )


def all_desa(uow: UnitOfWork) -> list[DesaData]:
    """Every profile in full, in code order (for the exports)."""
    ids = uow.session.scalars(select(Desa.id).order_by(Desa.kode_wilayah)).all()
    return [get_desa(uow, i) for i in ids]
