"""The Beranda page's figures: the report's read queries plus a monthly attendance trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from desmig_desktop.db.models import KehadiranPeserta, Pertemuan
from desmig_desktop.domain.enums import Kehadiran, Pilar, Triwulan
from desmig_desktop.domain.formatting import persen
from desmig_desktop.services.laporan import (
    CekItem,
    LaporanTriwulan,
    RingkasanBeranda,
    laporan_triwulan,
    ringkasan_beranda,
)
from desmig_desktop.services.uow import UnitOfWork


@dataclass(frozen=True)
class PilarBar:
    pilar: Pilar
    pagu: Decimal
    realisasi_sd: Decimal
    serapan: Decimal | None


@dataclass(frozen=True)
class DesaRate:
    kode_wilayah: str
    nama: str
    rate: Decimal | None
    pertemuan: int


@dataclass(frozen=True)
class BerandaData:
    tahun: int
    triwulan: Triwulan
    angka: RingkasanBeranda
    pilar: list[PilarBar]
    realisasi_per_triwulan: list[Decimal]  # I..IV, all pillars
    kehadiran_desa: list[DesaRate]
    tren_bulanan: list[Decimal | None]  # Jan..Dec attendance rate, whole district
    cek: list[CekItem]

    @property
    def kosong(self) -> bool:
        return (
            not any(b.pagu for b in self.pilar)
            and not self.kehadiran_desa
            and self.angka.desa_aktif == 0
        )


def tren_kehadiran(uow: UnitOfWork, tahun: int) -> list[Decimal | None]:
    """The district's attendance rate (H / all marks) for each month of ``tahun``."""
    counts: dict[int, list[int]] = {m: [0, 0] for m in range(1, 13)}
    stmt = (  # grouped by session date (portable SQL); months are summed here
        select(Pertemuan.tanggal, KehadiranPeserta.status, func.count())
        .join(Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id)
        .where(Pertemuan.tanggal >= date(tahun, 1, 1), Pertemuan.tanggal <= date(tahun, 12, 31))
        .group_by(Pertemuan.tanggal, KehadiranPeserta.status)
    )
    for tanggal, status, n in uow.session.execute(stmt):
        c = counts[tanggal.month]
        c[1] += int(n)
        if status == Kehadiran.H.value:
            c[0] += int(n)
    return [persen(h, total) for h, total in counts.values()]


def data_beranda(uow: UnitOfWork, tahun: int, triwulan: Triwulan | int | str) -> BerandaData:
    tw = Triwulan.parse(triwulan, "Triwulan")
    lap: LaporanTriwulan = laporan_triwulan(uow, tahun, tw, require_year=False)
    angka = ringkasan_beranda(uow, tahun, tw, require_year=False)
    pilar = [
        PilarBar(r.pilar, r.anggaran.pagu, r.realisasi_sd, r.serapan_sd)
        for r in lap.ringkasan
        if r.pilar is not None
    ]
    total = lap.total.anggaran
    return BerandaData(
        tahun=tahun,
        triwulan=tw,
        angka=angka,
        pilar=pilar,
        realisasi_per_triwulan=list(total.realisasi_tw),
        kehadiran_desa=[
            DesaRate(r.kode_wilayah, r.nama, r.rekap.rate, r.pertemuan) for r in lap.parenting
        ],
        tren_bulanan=tren_kehadiran(uow, tahun),
        cek=lap.cek,
    )
