"""The Beranda page's figures, from aggregate queries that stay quick at national scale.

The figures are those of the quarterly report (``services.laporan``) for the same year
and quarter — a test holds them equal — but computed with a few GROUP BY queries over
indexes instead of building the report's per-activity and per-village lists, so the
Beranda of a national database (5,000 villages, 100,000 activity plans, 2,000,000
attendance marks) fills in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, exists, extract, func, not_, or_, select
from sqlalchemy.orm import aliased

from desmig_desktop.db.models import (
    Desa,
    Kegiatan,
    KehadiranPeserta,
    Pertemuan,
    Realisasi,
    StatistikDesa,
)
from desmig_desktop.domain.enums import Kehadiran, Pilar, StatusDesa, StatusKegiatan, Triwulan
from desmig_desktop.domain.formatting import persen
from desmig_desktop.services.laporan import RingkasanBeranda, batas_laporan, periode_triwulan
from desmig_desktop.services.rencana import ringkasan_anggaran
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
    kehadiran_desa: list[DesaRate]  # villages with a session in the quarter, by code
    tren_bulanan: list[Decimal | None]  # Jan..Dec attendance rate, whole district
    cek: dict[str, int]  # how many checklist items of each kind (laporan.CEK_JUDUL)

    @property
    def kosong(self) -> bool:
        return (
            not any(b.pagu for b in self.pilar)
            and not self.kehadiran_desa
            and self.angka.desa_aktif == 0
        )


def _hitung(status: str):  # type: ignore[no-untyped-def]
    """SUM of marks with ``status`` (0 for a session without marks)."""
    return func.coalesce(func.sum(case((KehadiranPeserta.status == status, 1), else_=0)), 0)


_Sesi = tuple[int, int, int, int]  # (month, desa_id, marks H, all marks) of a session


def _sesi_tahun(uow: UnitOfWork, tahun: int) -> list[_Sesi]:
    """Every session of ``tahun`` with its marks counted (one pass over the year's marks,
    read from the (pertemuan_id, status) index; a session without marks counts zero)."""
    rows = uow.session.execute(
        select(
            extract("month", Pertemuan.tanggal),
            Pertemuan.desa_id,
            _hitung(Kehadiran.H.value),
            func.count(KehadiranPeserta.status),
        )
        .outerjoin(KehadiranPeserta, KehadiranPeserta.pertemuan_id == Pertemuan.id)
        .where(Pertemuan.tanggal >= date(tahun, 1, 1), Pertemuan.tanggal <= date(tahun, 12, 31))
        .group_by(Pertemuan.id)  # in key order: no sort; the other columns depend on it
    )
    return [(int(m), d, int(h), int(n)) for m, d, h, n in rows]


def _tren(sesi: list[_Sesi]) -> list[Decimal | None]:
    counts: dict[int, list[int]] = {m: [0, 0] for m in range(1, 13)}
    for bulan, _desa, h, n in sesi:
        c = counts[bulan]
        c[0] += h
        c[1] += n
    return [persen(h, total) for h, total in counts.values()]


def tren_kehadiran(uow: UnitOfWork, tahun: int) -> list[Decimal | None]:
    """The district's attendance rate (H / all marks) for each month of ``tahun``."""
    return _tren(_sesi_tahun(uow, tahun))


@dataclass(frozen=True)
class _Kehadiran:
    desa: list[tuple[str, str, int, Decimal | None]]  # (kode, name, sessions, rate) by code
    rate: Decimal | None
    pertemuan: int
    tanpa_daftar_hadir: int


def _kehadiran_triwulan(
    sesi: list[_Sesi], desa_urut: list[tuple[int, str, str]], tw: Triwulan
) -> _Kehadiran:
    """Sessions and attendance rate per village in the quarter (as ``rekap_per_desa``)."""
    per_desa: dict[int, list[int]] = {}  # desa_id -> [sessions, H, marks]
    empty = 0
    for bulan, desa_id, h, n in sesi:
        if Triwulan.dari_bulan(bulan) is tw:
            c = per_desa.setdefault(desa_id, [0, 0, 0])
            c[0] += 1
            c[1] += h
            c[2] += n
            empty += n == 0
    held = sum(c[0] for c in per_desa.values())
    h_all = sum(c[1] for c in per_desa.values())
    n_all = sum(c[2] for c in per_desa.values())
    desa = []
    for desa_id, kode, nama in desa_urut:
        if desa_id in per_desa:
            sessions, h, n = per_desa[desa_id]
            desa.append((kode, nama, sessions, persen(h, n)))
    return _Kehadiran(desa, persen(h_all, n_all), held, empty)


def _peserta_hadir(uow: UnitOfWork, dari: date, sampai: date) -> int:
    """Participants with a mark in a session of the period."""
    sesi = select(Pertemuan.id).where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai)
    return int(
        uow.session.scalar(
            select(func.count(func.distinct(KehadiranPeserta.peserta_id))).where(
                KehadiranPeserta.pertemuan_id.in_(sesi)
            )
        )
        or 0
    )


def _statistik_desa(uow: UnitOfWork, tahun: int) -> tuple[int, int, int, int, int]:
    """Active villages, their latest statistics up to ``tahun`` summed, and how many of
    them have no statistics of ``tahun`` itself."""
    latest = (
        select(StatistikDesa.desa_id, func.max(StatistikDesa.tahun).label("tahun"))
        .where(StatistikDesa.tahun <= tahun)
        .group_by(StatistikDesa.desa_id)
        .subquery()
    )
    st = aliased(StatistikDesa)
    this_year = aliased(StatistikDesa)
    aktif, pmi, cpmi, purna, tanpa = uow.session.execute(
        select(
            func.count(Desa.id),
            func.coalesce(func.sum(st.pmi_aktif_l + st.pmi_aktif_p), 0),
            func.coalesce(func.sum(st.cpmi), 0),
            func.coalesce(func.sum(st.pmi_purna), 0),
            func.coalesce(
                func.sum(
                    case(
                        (
                            exists().where(this_year.desa_id == Desa.id, this_year.tahun == tahun),
                            0,
                        ),
                        else_=1,
                    )
                ),
                0,
            ),
        )
        .outerjoin(latest, latest.c.desa_id == Desa.id)
        .outerjoin(st, and_(st.desa_id == Desa.id, st.tahun == latest.c.tahun))
        .where(Desa.status == StatusDesa.AKTIF.value)
    ).one()
    return int(aktif), int(pmi), int(cpmi), int(purna), int(tanpa)


def _cek_kegiatan(uow: UnitOfWork, tahun: int, q: int) -> tuple[int, int]:
    """(activities planned by quarter ``q`` with nothing realised and not finished or
    cancelled, activities whose realisation through ``q`` exceeds their budget)."""
    sampai = str(q)
    r = aliased(Realisasi)
    realised = exists().where(
        r.kegiatan_id == Kegiatan.id,
        r.triwulan <= sampai,
        or_(r.jumlah > 0, r.volume > 0),
    )
    latest_status = (
        select(r.status)
        .where(r.kegiatan_id == Kegiatan.id, r.triwulan <= sampai)
        .order_by(r.triwulan.desc())
        .limit(1)
        .scalar_subquery()
    )
    done = (StatusKegiatan.BATAL.value, StatusKegiatan.SELESAI.value)
    spent = (
        select(func.coalesce(func.sum(r.jumlah), 0))
        .where(r.kegiatan_id == Kegiatan.id, r.triwulan <= sampai)
        .scalar_subquery()
    )
    tanpa_realisasi = and_(
        Kegiatan.triwulan <= sampai,
        not_(realised),
        func.coalesce(latest_status, StatusKegiatan.RENCANA.value).not_in(done),
    )
    # one pass over the year's activities; both sides of the budget test are stored
    # hundredths, compared in SQL
    tanpa, over = uow.session.execute(
        select(
            func.coalesce(func.sum(case((tanpa_realisasi, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Kegiatan.anggaran < spent, 1), else_=0)), 0),
        ).where(Kegiatan.tahun == tahun)
    ).one()
    return int(tanpa or 0), int(over or 0)


def data_beranda(uow: UnitOfWork, tahun: int, triwulan: Triwulan | int | str) -> BerandaData:
    """Every figure of the Beranda for ``tahun`` and ``triwulan``."""
    tw = Triwulan.parse(triwulan, "Triwulan")
    q = tw.nomor
    anggaran = ringkasan_anggaran(uow, tahun)
    aktif, pmi, cpmi, purna, tanpa_statistik = _statistik_desa(uow, tahun)
    tanpa_realisasi, melebihi = _cek_kegiatan(uow, tahun, q)
    dari, sampai = periode_triwulan(tahun, tw)
    sesi = _sesi_tahun(uow, tahun)
    desa: list[tuple[int, str, str]] = []
    if sesi:
        desa = [
            (i, kode, nama)
            for i, kode, nama in uow.session.execute(
                select(Desa.id, Desa.kode_wilayah, Desa.nama).order_by(Desa.kode_wilayah)
            )
        ]
    hadir = _kehadiran_triwulan(sesi, desa, tw)
    cek = {
        "realisasi": tanpa_realisasi,
        "kehadiran": hadir.tanpa_daftar_hadir,
        "statistik": tanpa_statistik,
        "melebihi": melebihi,
    }
    lines = {p.value: anggaran.per_pilar[p] for p in Pilar} | {"total": anggaran.total}
    angka = RingkasanBeranda(
        tahun=tahun,
        triwulan=q,
        serapan_sd={k: v.serapan_sd(q) for k, v in lines.items()},
        realisasi_sd={k: v.realisasi_sd(q) for k, v in lines.items()},
        pagu={k: v.pagu for k, v in lines.items()},
        attendance_rate=hadir.rate,
        attendance_rate_desa={kode: rate for kode, _n, _s, rate in hadir.desa},
        checklist=sum(cek.values()),
        desa_aktif=aktif,
        pmi_aktif=pmi,
        cpmi=cpmi,
        pmi_purna=purna,
        peserta=_peserta_hadir(uow, dari, sampai),
        pertemuan=hadir.pertemuan,
        batas_laporan=batas_laporan(tahun, tw),
    )
    return BerandaData(
        tahun=tahun,
        triwulan=tw,
        angka=angka,
        pilar=[
            PilarBar(
                p,
                anggaran.per_pilar[p].pagu,
                angka.realisasi_sd[p.value],
                angka.serapan_sd[p.value],
            )
            for p in Pilar
        ],
        realisasi_per_triwulan=list(anggaran.total.realisasi_tw),
        kehadiran_desa=[
            DesaRate(kode, nama, rate, sessions) for kode, nama, sessions, rate in hadir.desa
        ],
        tren_bulanan=_tren(sesi),
        cek=cek,
    )
