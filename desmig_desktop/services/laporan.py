"""The quarterly report's data (Laporan Triwulan), from the same read queries as the pages.

``laporan_triwulan`` assembles everything the workbook, the PDF, the Laporan
page, the Beranda page and ``desmig summary`` show for a year and quarter, so
that they always agree. Realisation in a later quarter never counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desmig_desktop.db.models import (
    Desa,
    KehadiranPeserta,
    Pertemuan,
    StatistikDesa,
    TahunAnggaran,
)
from desmig_desktop.domain.enums import PeranPenandatangan, Pilar, StatusDesa, StatusKegiatan
from desmig_desktop.domain.enums import Triwulan as TW
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_rupiah, format_tanggal
from desmig_desktop.services.desa import DesaBaris, list_desa
from desmig_desktop.services.kantor import Kantor, Ttd, get_kantor, ttd_for
from desmig_desktop.services.parenting import Rekap, RekapDesa, rekap_per_desa
from desmig_desktop.services.rencana import (
    AnggaranBaris,
    KegiatanBaris,
    list_kegiatan,
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


def _counts(r: RingkasanPilar, items: list[KegiatanBaris], q: int) -> None:
    for k in items:
        r.kegiatan += 1
        status = k.status_sd(q)
        if status is StatusKegiatan.SELESAI:
            r.selesai += 1
        elif status is StatusKegiatan.BERJALAN:
            r.berjalan += 1
        elif status is StatusKegiatan.BATAL:
            r.batal += 1
        else:
            r.rencana += 1
        if k.volume_sd(q) >= k.volume:
            r.mencapai_target += 1


def checklist(
    uow: UnitOfWork, tahun: int, triwulan: TW, kegiatan: list[KegiatanBaris]
) -> list[CekItem]:
    """What looks incomplete for the quarter (shown before export, printed as an annex)."""
    q = triwulan.nomor
    items: list[CekItem] = []
    for k in kegiatan:
        planned_by_now = k.triwulan.nomor <= q
        status = k.status_sd(q)
        if (
            planned_by_now
            and k.realisasi_sd(q) == ZERO
            and status not in (StatusKegiatan.BATAL, StatusKegiatan.SELESAI)
            and k.volume_sd(q) == ZERO
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
    marked = select(KehadiranPeserta.pertemuan_id).distinct()
    for tanggal, topik, desa in uow.session.execute(
        select(Pertemuan.tanggal, Pertemuan.topik, Desa.nama)
        .join(Desa, Desa.id == Pertemuan.desa_id)
        .where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai, Pertemuan.id.not_in(marked))
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
    with_stats = select(StatistikDesa.desa_id).where(StatistikDesa.tahun == tahun)
    for nama, kode in uow.session.execute(
        select(Desa.nama, Desa.kode_wilayah)
        .where(Desa.status == StatusDesa.AKTIF.value, Desa.id.not_in(with_stats))
        .order_by(Desa.nama)
    ):
        items.append(
            CekItem("statistik", f"Desa {nama} ({kode}) belum memiliki statistik tahun {tahun}.")
        )
    for k in kegiatan:
        if k.melebihi_sd(q):
            items.append(
                CekItem(
                    "melebihi",
                    (
                        f"{k.kode} {k.nama}: realisasi s.d. {triwulan.label} "
                        f"{format_rupiah(k.realisasi_sd(q))} melebihi anggaran "
                        f"{format_rupiah(k.anggaran)}."
                    ),
                )
            )
    return items


def laporan_triwulan(
    uow: UnitOfWork, tahun: int, triwulan: TW | int | str, *, require_year: bool = True
) -> LaporanTriwulan:
    """The report of ``tahun``/``triwulan``; refused when the fiscal year does not exist
    (the Beranda passes ``require_year=False`` to show an empty year)."""
    tw = TW.parse(triwulan, "Triwulan")
    if require_year and uow.session.get(TahunAnggaran, tahun) is None:
        raise ValidationError(f"Tahun anggaran {tahun} belum ada.", "Tahun Anggaran")
    q = tw.nomor
    anggaran = ringkasan_anggaran(uow, tahun)
    kegiatan = list_kegiatan(uow, tahun)
    per_pilar = {p: [k for k in kegiatan if k.pilar is p] for p in Pilar}
    ringkasan = []
    for p in Pilar:
        r = RingkasanPilar(p, anggaran.per_pilar[p], q)
        _counts(r, per_pilar[p], q)
        ringkasan.append(r)
    total = RingkasanPilar(None, anggaran.total, q)
    _counts(total, kegiatan, q)
    ringkasan.append(total)
    dari, sampai = periode_triwulan(tahun, tw)
    parenting = rekap_per_desa(uow, dari, sampai)
    overall = Rekap()
    for r in parenting:
        overall.h += r.rekap.h
        overall.i += r.rekap.i
        overall.s += r.rekap.s
        overall.a += r.rekap.a
    return LaporanTriwulan(
        tahun=tahun,
        triwulan=tw,
        kantor=get_kantor(uow),
        kepala_dinas=ttd_for(uow, PeranPenandatangan.KEPALA_DINAS),
        penanggung_jawab=ttd_for(uow, PeranPenandatangan.PENANGGUNG_JAWAB)
        or ttd_for(uow, PeranPenandatangan.KOORDINATOR),
        ringkasan=ringkasan,
        kegiatan=per_pilar,
        parenting=parenting,
        parenting_total=overall,
        desa=list_desa(uow, sampai_tahun=tahun),
        cek=checklist(uow, tahun, tw, kegiatan),
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
    dari, sampai = lap.periode
    peserta = (
        uow.session.scalar(
            select(func.count(func.distinct(KehadiranPeserta.peserta_id)))
            .join(Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id)
            .where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai)
        )
        or 0
    )
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
        peserta=int(peserta),
        pertemuan=sum(r.pertemuan for r in lap.parenting),
        batas_laporan=batas_laporan(lap.tahun, lap.triwulan),
    )
