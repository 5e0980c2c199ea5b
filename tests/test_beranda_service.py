"""The Beranda's figures are the quarterly report's, computed with a few aggregate queries.

``data_beranda`` does not build the report's lists; these tests hold every figure it
shows equal to ``laporan_triwulan``/``ringkasan_beranda`` of the same year and quarter,
on the demo district made harder: realisation over budget, a session without marks, a
deactivated participant with marks, a village without statistics, an empty year.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desmig_desktop.db.models import Desa, KehadiranPeserta, Pertemuan, Peserta
from desmig_desktop.domain.enums import Kehadiran, StatusKegiatan, Triwulan
from desmig_desktop.domain.formatting import persen
from desmig_desktop.services.beranda import data_beranda, tren_kehadiran
from desmig_desktop.services.laporan import laporan_triwulan, ringkasan_beranda
from desmig_desktop.services.parenting import (
    PertemuanData,
    get_peserta,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.rencana import (
    KegiatanFilter,
    RealisasiData,
    list_kegiatan,
    save_realisasi,
)
from desmig_desktop.services.uow import UnitOfWork


@pytest.fixture
def district(demo_db):
    with UnitOfWork(demo_db) as uow:
        k = list_kegiatan(uow, 2024, KegiatanFilter(status=StatusKegiatan.RENCANA))[0]
        save_realisasi(
            uow,
            k.id,
            RealisasiData(Triwulan.III, k.anggaran + Decimal(1_000_000)),
            confirm_over=True,
        )
        desa_id, peserta_id = uow.session.execute(
            select(Peserta.desa_id, Peserta.id).order_by(Peserta.id)
        ).first()
        save_pertemuan(uow, PertemuanData(desa_id, date(2024, 8, 14), "Tanpa daftar hadir"))
        later = save_pertemuan(uow, PertemuanData(desa_id, date(2025, 5, 2), "Gizi anak"))
        set_marks(uow, [(peserta_id, later, Kehadiran.A)])
        p = get_peserta(uow, peserta_id)
        p.aktif = False
        save_peserta(uow, p)
        other = uow.session.scalars(select(Desa).order_by(Desa.id.desc())).first()
        other.status = "nonaktif"
        uow.commit()
    return demo_db


@pytest.mark.parametrize("tahun", [2024, 2025, 2026])
def test_every_figure_equals_the_quarterly_report(district, tahun) -> None:
    for tw in Triwulan:
        with UnitOfWork(district) as uow:
            data = data_beranda(uow, tahun, tw)
            lap = laporan_triwulan(uow, tahun, tw, require_year=False)
            angka = ringkasan_beranda(uow, tahun, tw, require_year=False)
        assert data.angka == angka, (tahun, tw)
        kinds = Counter(c.jenis for c in lap.cek)
        assert data.cek == {
            k: kinds.get(k, 0) for k in ("realisasi", "kehadiran", "statistik", "melebihi")
        }
        assert sum(data.cek.values()) == len(lap.cek) == angka.checklist
        assert [(d.kode_wilayah, d.nama, d.rate, d.pertemuan) for d in data.kehadiran_desa] == [
            (r.kode_wilayah, r.nama, r.rekap.rate, r.pertemuan) for r in lap.parenting
        ]
        assert [(b.pilar, b.pagu, b.realisasi_sd, b.serapan) for b in data.pilar] == [
            (r.pilar, r.anggaran.pagu, r.realisasi_sd, r.serapan_sd)
            for r in lap.ringkasan
            if r.pilar is not None
        ]
        assert data.realisasi_per_triwulan == list(lap.total.anggaran.realisasi_tw)


def test_the_harder_cases_are_really_there(district) -> None:
    with UnitOfWork(district) as uow:
        q3 = data_beranda(uow, 2024, Triwulan.III)
        q2_2025 = data_beranda(uow, 2025, Triwulan.II)
    assert q3.cek["melebihi"] == 1 and q3.cek["kehadiran"] == 1
    assert q2_2025.cek["statistik"] > 0
    assert q2_2025.angka.peserta == 1  # the deactivated participant's mark still counts
    assert q2_2025.angka.attendance_rate == 0


def test_monthly_trend_counts_every_mark_of_its_month(district) -> None:
    with UnitOfWork(district) as uow:
        marks = uow.session.execute(
            select(Pertemuan.tanggal, KehadiranPeserta.status).join(
                Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id
            )
        ).all()
        trend = tren_kehadiran(uow, 2024)
        empty = tren_kehadiran(uow, 2031)
    assert empty == [None] * 12
    expected = []
    for month in range(1, 13):
        mine = [
            status for tanggal, status in marks if (tanggal.year, tanggal.month) == (2024, month)
        ]
        expected.append(persen(mine.count("H"), len(mine)))
    assert trend == expected
    assert sum(v is not None for v in trend) >= 4
