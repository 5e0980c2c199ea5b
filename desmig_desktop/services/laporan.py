"""The quarterly report's data (Laporan Triwulan), from the same read queries as the pages.

``laporan_triwulan`` assembles everything the workbook, the PDF, the Laporan
page, the Beranda page and ``desmig summary`` show for a year and quarter, so
that they always agree. Realisation in a later quarter never counts.

National scale (5,000 villages, 100,000 plans, 2,000,000 attendance marks) is the
measure: everything is aggregated in SQL, a handful of statements whatever the number of
villages. The year's activities come from one statement with the realisation of the four
quarters pivoted in SQL (:func:`kegiatan_tahun`); attendance is counted per session first,
then per village (:func:`rekap_parenting`), never by a query per village. Within one unit
of work the report of a year and quarter is assembled once (the Beranda asks for it twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, case, event, exists, func, select, type_coerce
from sqlalchemy.orm import Session

from desmig_desktop.db.models import (
    Desa,
    Kegiatan,
    KehadiranPeserta,
    Pertemuan,
    Peserta,
    Realisasi,
    StatistikDesa,
    SumberDana,
    TahunAnggaran,
)
from desmig_desktop.domain.enums import (
    KategoriPeserta,
    Kehadiran,
    PeranPenandatangan,
    Pilar,
    StatusDesa,
    StatusKegiatan,
)
from desmig_desktop.domain.enums import Triwulan as TW
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_rupiah, format_tanggal
from desmig_desktop.domain.progress import gc_ditunda
from desmig_desktop.services.desa import DesaBaris, list_desa
from desmig_desktop.services.kantor import Kantor, Ttd, get_kantor, ttd_for
from desmig_desktop.services.parenting import Rekap, RekapDesa
from desmig_desktop.services.rencana import (
    AnggaranBaris,
    KegiatanBaris,
    ringkasan_anggaran,
)
from desmig_desktop.services.uow import UnitOfWork

ZERO = Decimal(0)


def periode_triwulan(tahun: int, triwulan: TW) -> tuple[date, date]:
    first = date(tahun, (triwulan.nomor - 1) * 3 + 1, 1)
    last_month = triwulan.nomor * 3
    end = date(tahun + 1, 1, 1) if last_month == 12 else date(tahun, last_month + 1, 1)
    return first, end - timedelta(days=1)


def batas_laporan(tahun: int, triwulan: TW) -> date:
    """The report is due five working days (Monday–Friday) after the quarter ends."""
    _first, day = periode_triwulan(tahun, triwulan)
    count = 0
    while count < 5:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return day


@dataclass
class RingkasanPilar:
    """One line of the summary: a pillar, or the total (``pilar`` None)."""

    pilar: Pilar | None
    anggaran: AnggaranBaris
    triwulan: int
    kegiatan: int = 0
    selesai: int = 0
    berjalan: int = 0
    batal: int = 0
    rencana: int = 0
    mencapai_target: int = 0

    @property
    def realisasi_tw(self) -> Decimal:
        return self.anggaran.realisasi_tw[self.triwulan - 1]

    @property
    def realisasi_sd(self) -> Decimal:
        return self.anggaran.realisasi_sd(self.triwulan)

    @property
    def serapan_sd(self) -> Decimal | None:
        return self.anggaran.serapan_sd(self.triwulan)

    @property
    def sisa(self) -> Decimal:
        return self.anggaran.sisa(self.triwulan)

    @property
    def label(self) -> str:
        return self.pilar.judul if self.pilar else "Jumlah"


@dataclass(frozen=True)
class CekItem:
    """Something that looks incomplete before the report is sent."""

    jenis: str  # realisasi | kehadiran | statistik | melebihi
    pesan: str


CEK_JUDUL = {
    "realisasi": "Kegiatan tanpa realisasi",
    "kehadiran": "Pertemuan tanpa daftar hadir",
    "statistik": "Desa tanpa statistik tahun ini",
    "melebihi": "Realisasi melebihi anggaran",
}


@dataclass
class LaporanTriwulan:
    tahun: int
    triwulan: TW
    kantor: Kantor
    kepala_dinas: Ttd | None
    penanggung_jawab: Ttd | None
    ringkasan: list[RingkasanPilar]  # four pillars, then the total
    kegiatan: dict[Pilar, list[KegiatanBaris]]
    parenting: list[RekapDesa]
    parenting_total: Rekap
    desa: list[DesaBaris]
    cek: list[CekItem] = field(default_factory=list)
    parenting_peserta: int = 0
    """Participants with a mark at a session of the quarter."""

    @property
    def judul(self) -> str:
        return f"LAPORAN TRIWULAN {self.triwulan.romawi} TAHUN {self.tahun}"

    @property
    def periode(self) -> tuple[date, date]:
        return periode_triwulan(self.tahun, self.triwulan)

    @property
    def total(self) -> RingkasanPilar:
        return self.ringkasan[-1]

    def pilar(self, p: Pilar) -> RingkasanPilar:
        return next(r for r in self.ringkasan if r.pilar is p)


# --------------------------------------------------------------------------- activities


def _sen(value: int | None) -> Decimal:
    """Hundredths from the database as the exact Decimal the Money type gives (``12.50``)."""
    return ZERO if value is None else Decimal(int(value)).scaleb(-2)


class _Sen(dict[int | None, Decimal]):
    """Hundredths -> Decimal, each value converted once."""

    def __missing__(self, value: int | None) -> Decimal:
        got = self[value] = _sen(value)
        return got


def kegiatan_tahun(uow: UnitOfWork, tahun: int) -> list[KegiatanBaris]:
    """The year's activities with their realisation per quarter, ordered by pillar and code:
    the rows of :func:`~desmig_desktop.services.rencana.list_kegiatan` (no filter), read in
    one statement: the four quarters of ``realisasi`` are pivoted in SQL (portable
    conditional aggregation), money comes as whole hundredths, no ORM objects are built.
    """
    r = Realisasi
    pivot = []
    for t in ("1", "2", "3", "4"):
        this = r.triwulan == t
        pivot += [
            func.max(case((this, type_coerce(r.jumlah, BigInteger)))),
            func.max(case((this, type_coerce(r.volume, BigInteger)))),
            func.max(case((this, r.status))),
            func.max(case((this, r.keterangan))),
        ]
    per_kegiatan = (
        select(
            r.kegiatan_id.label("kid"),
            func.max(case((r.melebihi_rencana, 1), else_=0)).label("melebihi"),
            *(p.label(f"p{i}") for i, p in enumerate(pivot)),
        )
        .join(Kegiatan, Kegiatan.id == r.kegiatan_id)
        .where(Kegiatan.tahun == tahun)
        .group_by(r.kegiatan_id)
        .subquery()
    )
    cols = [per_kegiatan.c[f"p{i}"] for i in range(len(pivot))]
    stmt = (
        select(
            Kegiatan.id,
            Kegiatan.kode,
            Kegiatan.pilar,
            Desa.nama,
            Desa.kode_wilayah,
            Kegiatan.nama,
            type_coerce(Kegiatan.volume, BigInteger),
            Kegiatan.satuan,
            Kegiatan.triwulan,
            type_coerce(Kegiatan.anggaran, BigInteger),
            SumberDana.nama,
            Kegiatan.penanggung_jawab,
            per_kegiatan.c.melebihi,
            *cols,
        )
        .outerjoin(Desa, Desa.id == Kegiatan.desa_id)
        .join(SumberDana, SumberDana.id == Kegiatan.sumber_dana_id)
        .outerjoin(per_kegiatan, per_kegiatan.c.kid == Kegiatan.id)
        .where(Kegiatan.tahun == tahun)
        .order_by(Kegiatan.pilar, Kegiatan.kode)  # the index's order: the sort below is a pass
    )
    pilar = {p.value: p for p in Pilar}
    triwulan = {t.value: t for t in TW}
    status = {st.value: st for st in StatusKegiatan}
    order = {p.value: i for i, p in enumerate(Pilar)}
    rencana = StatusKegiatan.RENCANA
    # Lookups by C-level dict access: amounts repeat (one Decimal each); a quarter without
    # a realisation row gives NULL in every pivoted column (the columns are NOT NULL).
    sen = _Sen({None: ZERO}).__getitem__
    status_of = {None: None, **status}.__getitem__
    out = []
    # Core rows straight from the connection: no ORM result processing
    for row in uow.session.connection().execute(stmt).all():
        (kid, kode, p, desa, kode_wilayah, nama, volume, satuan, tw, anggaran, sumber, pj) = row[
            :12
        ]
        j1, v1, s1, k1, j2, v2, s2, k2, j3, v3, s3, k3, j4, v4, s4, k4 = row[13:]
        ket = (k1 or "", k2 or "", k3 or "", k4 or "")
        latest = s4 or s3 or s2 or s1
        out.append(
            KegiatanBaris(  # positional, in the order of its fields (twice as fast)
                kid,
                kode,
                pilar[p],
                desa or "",
                kode_wilayah or "",
                nama,
                sen(volume),
                satuan,
                triwulan[tw],
                sen(anggaran),
                sumber,
                pj,
                (sen(j1), sen(j2), sen(j3), sen(j4)),  # realisasi_tw
                (sen(v1), sen(v2), sen(v3), sen(v4)),  # volume_tw
                status[latest] if latest else rencana,
                bool(row[12]),  # melebihi
                "; ".join(k for k in ket if k) if k1 or k2 or k3 or k4 else "",  # keterangan
                (status_of(s1), status_of(s2), status_of(s3), status_of(s4)),  # status_tw
                ket,  # keterangan_tw
            )
        )
    out.sort(key=lambda k: (order[k.pilar.value], k.kode))
    return out


def _counts(r: RingkasanPilar, items: list[tuple[StatusKegiatan, bool]]) -> None:
    """Add activities, each as (status as of the quarter, target reached), to ``r``."""
    for status, tercapai in items:
        r.kegiatan += 1
        if status is StatusKegiatan.SELESAI:
            r.selesai += 1
        elif status is StatusKegiatan.BERJALAN:
            r.berjalan += 1
        elif status is StatusKegiatan.BATAL:
            r.batal += 1
        else:
            r.rencana += 1
        if tercapai:
            r.mencapai_target += 1


# --------------------------------------------------------------------------- attendance


@dataclass(frozen=True)
class RekapParenting:
    """Attendance of a period: per village with sessions (in code order), the overall
    counts and how many participants had a mark."""

    desa: list[RekapDesa]
    total: Rekap
    peserta: int


def rekap_parenting(uow: UnitOfWork, dari: date, sampai: date) -> RekapParenting:
    """Per village with sessions held from ``dari`` to ``sampai``: sessions, participants
    who had a mark (children, caregivers), H/I/S/A; the same figures as
    :func:`~desmig_desktop.services.parenting.rekap_per_desa`, in three statements.

    Marks are counted per session first (the ``kehadiran`` primary key leads with the
    session), then summed per village: a national quarter (125,000 marks, 5,000 villages)
    costs one pass over the quarter's marks, not a query per village.
    """
    s = uow.session
    sesi = (
        select(Pertemuan.id, Pertemuan.desa_id)
        .where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai)
        .subquery()
    )
    k = KehadiranPeserta

    def hitung(kode: Kehadiran):  # type: ignore[no-untyped-def]
        return func.sum(case((k.status == kode.value, 1), else_=0)).label(kode.value.lower())

    per_sesi = (
        select(k.pertemuan_id.label("sid"), *(hitung(x) for x in Kehadiran))
        .where(k.pertemuan_id.in_(select(sesi.c.id)))
        .group_by(k.pertemuan_id)
        .subquery()
    )
    marks = [func.coalesce(func.sum(per_sesi.c[x.value.lower()]), 0) for x in Kehadiran]
    per_desa = (
        select(Desa.id, Desa.kode_wilayah, Desa.nama, func.count(sesi.c.id), *marks)
        .join(Desa, Desa.id == sesi.c.desa_id)
        .outerjoin(per_sesi, per_sesi.c.sid == sesi.c.id)
        .group_by(Desa.id, Desa.kode_wilayah, Desa.nama)
    )
    conn = s.connection()  # Core rows: no ORM result processing
    rows = conn.execute(per_desa).all()
    # Participants with a mark in the period, per village and category (a participant
    # belongs to one village: counted once).
    hadir = select(k.peserta_id).where(k.pertemuan_id.in_(select(sesi.c.id)))
    kategori: dict[int, dict[str, int]] = {}
    for desa_id, kat, n in conn.execute(
        select(Peserta.desa_id, Peserta.kategori, func.count())
        .where(Peserta.id.in_(hadir))
        .group_by(Peserta.desa_id, Peserta.kategori)
    ):
        kategori.setdefault(desa_id, {})[kat] = int(n)
    pengasuh = {kp.value for kp in KategoriPeserta if kp.pengasuh}
    total = Rekap()
    out = []
    for desa_id, kode, nama, n_sesi, h, i, s_, a in sorted(rows, key=lambda r: r[1]):
        rekap = Rekap(int(h), int(i), int(s_), int(a))
        total.h += rekap.h
        total.i += rekap.i
        total.s += rekap.s
        total.a += rekap.a
        per_kat = kategori.get(desa_id, {})
        out.append(
            RekapDesa(
                kode,
                nama,
                int(n_sesi),
                per_kat.get(KategoriPeserta.ANAK.value, 0),
                sum(n for kat, n in per_kat.items() if kat in pengasuh),
                rekap,
            )
        )
    peserta = sum(n for per_kat in kategori.values() for n in per_kat.values())
    return RekapParenting(out, total, peserta)


# --------------------------------------------------------------------------- check list


SampaiTriwulan = tuple[Decimal, Decimal, StatusKegiatan]
"""An activity as of the end of a quarter: realisation and volume to date, status."""


def _sd(k: KegiatanBaris, q: int) -> SampaiTriwulan:
    """``k.realisasi_sd(q)``, ``k.volume_sd(q)`` and ``k.status_sd(q)`` in one go."""
    real = vol = ZERO
    status = None
    for i in range(q):
        real += k.realisasi_tw[i]
        vol += k.volume_tw[i]
        status = k.status_tw[i] or status
    return real, vol, status or StatusKegiatan.RENCANA


def checklist(
    uow: UnitOfWork, tahun: int, triwulan: TW, kegiatan: list[KegiatanBaris]
) -> list[CekItem]:
    """What looks incomplete for the quarter (shown before export, printed as an annex)."""
    q = triwulan.nomor
    return _checklist(uow, tahun, triwulan, kegiatan, [_sd(k, q) for k in kegiatan])


def _checklist(
    uow: UnitOfWork,
    tahun: int,
    triwulan: TW,
    kegiatan: list[KegiatanBaris],
    sd: list[SampaiTriwulan],
) -> list[CekItem]:
    q = triwulan.nomor
    items: list[CekItem] = []
    selesai = (StatusKegiatan.BATAL, StatusKegiatan.SELESAI)
    for k, (real, vol, status) in zip(kegiatan, sd, strict=True):
        if (
            k.triwulan.nomor <= q  # planned by now
            and real == ZERO
            and status not in selesai
            and vol == ZERO
        ):
            items.append(
                CekItem(
                    "realisasi",
                    (
                        f"{k.kode} {k.nama} (direncanakan {k.triwulan.label}) belum memiliki "
                        f"realisasi s.d. {triwulan.label}."
                    ),
                )
            )
    dari, sampai = periode_triwulan(tahun, triwulan)
    marked = exists().where(KehadiranPeserta.pertemuan_id == Pertemuan.id)
    for tanggal, topik, desa in uow.session.execute(
        select(Pertemuan.tanggal, Pertemuan.topik, Desa.nama)
        .join(Desa, Desa.id == Pertemuan.desa_id)
        .where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai, ~marked)
        .order_by(Pertemuan.tanggal)
    ):
        items.append(
            CekItem(
                "kehadiran",
                (
                    f"Pertemuan {topik} di Desa {desa} pada {format_tanggal(tanggal)} belum "
                    "memiliki daftar hadir."
                ),
            )
        )
    with_stats = exists().where(StatistikDesa.desa_id == Desa.id, StatistikDesa.tahun == tahun)
    for nama, kode in uow.session.execute(
        select(Desa.nama, Desa.kode_wilayah)
        .where(Desa.status == StatusDesa.AKTIF.value, ~with_stats)
        .order_by(Desa.nama)
    ):
        items.append(
            CekItem("statistik", f"Desa {nama} ({kode}) belum memiliki statistik tahun {tahun}.")
        )
    for k, (real, _vol, _status) in zip(kegiatan, sd, strict=True):
        if real > k.anggaran:
            items.append(
                CekItem(
                    "melebihi",
                    (
                        f"{k.kode} {k.nama}: realisasi s.d. {triwulan.label} "
                        f"{format_rupiah(real)} melebihi anggaran "
                        f"{format_rupiah(k.anggaran)}."
                    ),
                )
            )
    return items


# --------------------------------------------------------------------------- the report


_MEMO = "desmig.laporan_triwulan"


def _memo(session: Session) -> dict[tuple[int, str, bool], LaporanTriwulan]:
    """Reports assembled in this session's current transaction (the same snapshot of the
    database); forgotten at the next transaction and whenever the session flushes a write."""
    session.connection()  # begins the transaction (the snapshot) if none is open
    transaction = session.get_transaction()
    held = session.info.get(_MEMO)
    if held is None or held[0] is not transaction:
        if held is None:
            event.listen(session, "after_flush", lambda sess, _ctx: sess.info.pop(_MEMO, None))
        held = session.info[_MEMO] = (transaction, {})
    return held[1]


def laporan_triwulan(
    uow: UnitOfWork, tahun: int, triwulan: TW | int | str, *, require_year: bool = True
) -> LaporanTriwulan:
    """The report of ``tahun``/``triwulan``; refused when the fiscal year does not exist
    (the Beranda passes ``require_year=False`` to show an empty year).

    Asked again in the same unit of work (and transaction, with no write in between), the
    same report is returned without reading the database again.
    """
    tw = TW.parse(triwulan, "Triwulan")
    memo = _memo(uow.session)
    key = (tahun, tw.value, require_year)
    if key in memo:
        return memo[key]
    if require_year and uow.session.get(TahunAnggaran, tahun) is None:
        raise ValidationError(f"Tahun anggaran {tahun} belum ada.", "Tahun Anggaran")
    with gc_ditunda():
        lap = _susun(uow, tahun, tw)
    memo[key] = lap
    return lap


def _susun(uow: UnitOfWork, tahun: int, tw: TW) -> LaporanTriwulan:
    """Assemble the report (see :func:`laporan_triwulan`)."""
    q = tw.nomor
    anggaran = ringkasan_anggaran(uow, tahun)
    kegiatan = kegiatan_tahun(uow, tahun)
    sd = [_sd(k, q) for k in kegiatan]
    per_pilar: dict[Pilar, list[KegiatanBaris]] = {p: [] for p in Pilar}
    keadaan: dict[Pilar, list[tuple[StatusKegiatan, bool]]] = {p: [] for p in Pilar}
    for k, (_real, vol, status) in zip(kegiatan, sd, strict=True):
        per_pilar[k.pilar].append(k)
        keadaan[k.pilar].append((status, vol >= k.volume))
    ringkasan = []
    total = RingkasanPilar(None, anggaran.total, q)
    for p in Pilar:
        r = RingkasanPilar(p, anggaran.per_pilar[p], q)
        _counts(r, keadaan[p])
        _counts(total, keadaan[p])
        ringkasan.append(r)
    ringkasan.append(total)
    dari, sampai = periode_triwulan(tahun, tw)
    parenting = rekap_parenting(uow, dari, sampai)
    return LaporanTriwulan(
        tahun=tahun,
        triwulan=tw,
        kantor=get_kantor(uow),
        kepala_dinas=ttd_for(uow, PeranPenandatangan.KEPALA_DINAS),
        penanggung_jawab=ttd_for(uow, PeranPenandatangan.PENANGGUNG_JAWAB)
        or ttd_for(uow, PeranPenandatangan.KOORDINATOR),
        ringkasan=ringkasan,
        kegiatan=per_pilar,
        parenting=parenting.desa,
        parenting_total=parenting.total,
        desa=list_desa(uow, sampai_tahun=tahun),
        cek=_checklist(uow, tahun, tw, kegiatan, sd),
        parenting_peserta=parenting.peserta,
    )


@dataclass(frozen=True)
class RingkasanBeranda:
    """The figures `desmig summary` prints and the Beranda shows."""

    tahun: int
    triwulan: int
    serapan_sd: dict[str, Decimal | None]  # "I".."IV", "total"
    realisasi_sd: dict[str, Decimal]
    pagu: dict[str, Decimal]
    attendance_rate: Decimal | None
    attendance_rate_desa: dict[str, Decimal | None]
    checklist: int
    desa_aktif: int
    pmi_aktif: int
    cpmi: int
    pmi_purna: int
    peserta: int
    pertemuan: int
    batas_laporan: date


def ringkasan_beranda(
    uow: UnitOfWork, tahun: int, triwulan: TW | int | str, *, require_year: bool = True
) -> RingkasanBeranda:
    lap = laporan_triwulan(uow, tahun, triwulan, require_year=require_year)
    keys = [p.value for p in Pilar] + ["total"]
    lines = dict(zip(keys, lap.ringkasan, strict=True))
    aktif = [d for d in lap.desa if d.status is StatusDesa.AKTIF]
    return RingkasanBeranda(
        tahun=lap.tahun,
        triwulan=lap.triwulan.nomor,
        serapan_sd={k: v.serapan_sd for k, v in lines.items()},
        realisasi_sd={k: v.realisasi_sd for k, v in lines.items()},
        pagu={k: v.anggaran.pagu for k, v in lines.items()},
        attendance_rate=lap.parenting_total.rate,
        attendance_rate_desa={r.kode_wilayah: r.rekap.rate for r in lap.parenting},
        checklist=len(lap.cek),
        desa_aktif=len(aktif),
        pmi_aktif=sum(d.pmi_aktif or 0 for d in aktif),
        cpmi=sum(d.cpmi or 0 for d in aktif),
        pmi_purna=sum(d.pmi_purna or 0 for d in aktif),
        peserta=lap.parenting_peserta,
        pertemuan=sum(r.pertemuan for r in lap.parenting),
        batas_laporan=batas_laporan(lap.tahun, lap.triwulan),
    )
