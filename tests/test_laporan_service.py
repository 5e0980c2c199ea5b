"""The quarterly report's figures: totals, the quarter vs to-date split, serapan, attendance."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desmig_desktop.cli import main as cli_main
from desmig_desktop.db.models import KehadiranPeserta, Pertemuan
from desmig_desktop.domain.enums import (
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    Pilar,
    StatusKegiatan,
    Triwulan,
)
from desmig_desktop.services.desa import DesaData, StatistikData, get_desa_by_kode, save_desa
from desmig_desktop.services.laporan import (
    batas_laporan,
    kegiatan_tahun,
    laporan_triwulan,
    periode_triwulan,
    rekap_parenting,
    ringkasan_beranda,
)
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    rekap_per_desa,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.rencana import (
    KegiatanData,
    RealisasiData,
    create_tahun,
    list_kegiatan,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.uow import UnitOfWork

D = Decimal


@pytest.fixture
def seeded(db):
    """A small district whose report figures are known by construction."""
    with UnitOfWork(db) as uow:
        save_desa(
            uow,
            DesaData(
                kode_wilayah="35.04.14.2016",
                tahun_penetapan=2018,
                statistik=[
                    StatistikData(tahun=2025, pmi_aktif_l=10, pmi_aktif_p=20, cpmi=3, pmi_purna=4)
                ],
            ),
        )
        save_desa(uow, DesaData(kode_wilayah="35.04.14.2017", tahun_penetapan=2019))
        create_tahun(uow, 2025)
        set_pagu(uow, 2025, Pilar.I, "APBN", D(3_000_000))
        set_pagu(uow, 2025, Pilar.II, "Dana Desa", D(1_000_000))
        a = save_kegiatan(
            uow,
            KegiatanData(
                2025, Pilar.I, "Sosialisasi", D(2), "kali", Triwulan.I, D(2_000_000), "APBN"
            ),
        )
        save_kegiatan(
            uow,
            KegiatanData(2025, Pilar.I, "Bimtek", D(1), "paket", Triwulan.II, D(1_000_000), "APBN"),
        )
        c = save_kegiatan(
            uow,
            KegiatanData(
                2025,
                Pilar.II,
                "Pelatihan",
                D(10),
                "orang",
                Triwulan.III,
                D(900_000),
                "Dana Desa",
                kode_wilayah="35.04.14.2016",
            ),
        )
        save_realisasi(uow, a, RealisasiData(Triwulan.I, D(500_000), D(1), StatusKegiatan.BERJALAN))
        save_realisasi(uow, a, RealisasiData(Triwulan.II, D(500_000), D(1), StatusKegiatan.SELESAI))
        # b: planned for TW II, no realisation -> on the check list for TW II
        # c: realised in TW III only: must not count in a TW II report
        save_realisasi(
            uow, c, RealisasiData(Triwulan.III, D(900_000), D(10), StatusKegiatan.SELESAI)
        )
        desa_id = get_desa_by_kode(uow, "35.04.14.2016").id
        p1 = save_peserta(uow, PesertaData(desa_id, "Ayu", JenisKelamin.P, KategoriPeserta.ANAK))
        p2 = save_peserta(uow, PesertaData(desa_id, "Siti", JenisKelamin.P, KategoriPeserta.IBU))
        s1 = save_pertemuan(uow, PertemuanData(desa_id, date(2025, 5, 10), "Pola Asuh"))
        s2 = save_pertemuan(uow, PertemuanData(desa_id, date(2025, 6, 14), "Gizi Anak"))
        save_pertemuan(uow, PertemuanData(desa_id, date(2025, 6, 28), "Remitansi"))  # unmarked
        s4 = save_pertemuan(uow, PertemuanData(desa_id, date(2025, 7, 12), "Remitansi"))
        set_marks(
            uow,
            [
                (p1, s1, Kehadiran.H),
                (p2, s1, Kehadiran.H),
                (p1, s2, Kehadiran.I),
                (p2, s2, Kehadiran.A),
                (p1, s4, Kehadiran.A),
            ],
        )
    return db


def test_quarter_and_to_date_split(seeded) -> None:
    with UnitOfWork(seeded) as uow:
        lap = laporan_triwulan(uow, 2025, 2)
    pilar_i = lap.pilar(Pilar.I)
    assert pilar_i.realisasi_tw == D(500_000)
    assert pilar_i.realisasi_sd == D(1_000_000)
    assert pilar_i.serapan_sd == D(1_000_000) * 100 / D(3_000_000)  # exact Decimal
    pilar_ii = lap.pilar(Pilar.II)
    assert pilar_ii.realisasi_sd == 0  # the TW III realisation does not count
    assert lap.total.realisasi_sd == D(1_000_000)
    assert lap.total.anggaran.pagu == D(4_000_000)
    assert lap.total.sisa == D(3_000_000)
    assert (pilar_i.kegiatan, pilar_i.selesai, pilar_i.rencana) == (2, 1, 1)
    assert (pilar_ii.kegiatan, pilar_ii.selesai, pilar_ii.rencana) == (1, 0, 1)
    with UnitOfWork(seeded) as uow:
        q3 = laporan_triwulan(uow, 2025, 3)
    assert q3.pilar(Pilar.II).realisasi_sd == D(900_000)
    assert q3.pilar(Pilar.II).selesai == 1


def test_attendance_rates_per_village_and_overall(seeded) -> None:
    with UnitOfWork(seeded) as uow:
        lap = laporan_triwulan(uow, 2025, 2)
    assert len(lap.parenting) == 1
    betak = lap.parenting[0]
    assert betak.pertemuan == 3  # the July session is in TW III
    assert (betak.rekap.h, betak.rekap.i, betak.rekap.a) == (2, 1, 1)
    assert betak.rekap.rate == D(50)
    assert (betak.anak, betak.pengasuh) == (1, 1)
    assert lap.parenting_total.rate == D(50)


def test_checklist(seeded) -> None:
    with UnitOfWork(seeded) as uow:
        lap = laporan_triwulan(uow, 2025, 2)
    kinds = sorted(c.jenis for c in lap.cek)
    assert kinds == ["kehadiran", "realisasi", "statistik"]
    text = " ".join(c.pesan for c in lap.cek)
    assert "Bimtek" in text and "Remitansi" in text and "Pagersari" in text


def test_demo_report_known_totals(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        lap = laporan_triwulan(uow, 2024, 2)
    assert lap.judul == "LAPORAN TRIWULAN II TAHUN 2024"
    assert lap.total.anggaran.pagu == D(475_000_000)
    assert lap.total.realisasi_sd == D(179_700_000)
    assert f"{lap.total.serapan_sd:.2f}" == "37.83"
    assert lap.kepala_dinas is not None and lap.penanggung_jawab is not None


def test_period_and_due_date() -> None:
    assert periode_triwulan(2024, Triwulan.II) == (date(2024, 4, 1), date(2024, 6, 30))
    assert periode_triwulan(2024, Triwulan.IV) == (date(2024, 10, 1), date(2024, 12, 31))
    # 30 June 2024 is a Sunday: Mon 1 .. Fri 5 July
    assert batas_laporan(2024, Triwulan.II) == date(2024, 7, 5)
    # 31 March 2025 is a Monday: Tue 1 .. Mon 7 April
    assert batas_laporan(2025, Triwulan.I) == date(2025, 4, 7)


def test_summary_json_equals_the_report(seeded, capsys) -> None:
    assert (
        cli_main(
            ["--db", str(seeded.path), "summary", "--year", "2025", "--quarter", "2", "--json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    with UnitOfWork(seeded) as uow:
        lap = laporan_triwulan(uow, 2025, 2)
        beranda = ringkasan_beranda(uow, 2025, 2)
    assert data["pagu"]["total"] == int(lap.total.anggaran.pagu)
    assert data["realisasi_sd"]["I"] == int(lap.pilar(Pilar.I).realisasi_sd)
    assert data["serapan_sd"]["I"] == 33.33
    assert data["serapan_sd"]["II"] == 0
    assert data["attendance_rate"]["overall"] == 50
    assert data["attendance_rate"]["desa"] == {"35.04.14.2016": 50}
    assert data["checklist"] == len(lap.cek) == beranda.checklist


def test_report_reads_equal_the_pages_queries(seeded, demo_db) -> None:
    """The report's aggregated reads give exactly what the plan list and the per-village
    attendance of the pages give (they are written differently, for national scale)."""
    for database, tahun in ((seeded, 2025), (demo_db, 2024)):
        with UnitOfWork(database) as uow:
            assert kegiatan_tahun(uow, tahun) == list_kegiatan(uow, tahun)
            for tw in Triwulan:
                dari, sampai = periode_triwulan(tahun, tw)
                got = rekap_parenting(uow, dari, sampai)
                assert got.desa == rekap_per_desa(uow, dari, sampai)
                marked = uow.session.scalar(
                    select(func.count(func.distinct(KehadiranPeserta.peserta_id)))
                    .join(Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id)
                    .where(Pertemuan.tanggal >= dari, Pertemuan.tanggal <= sampai)
                )
                assert got.peserta == marked
                assert got.total.total == sum(r.rekap.total for r in got.desa)
    with UnitOfWork(seeded) as uow:
        assert ringkasan_beranda(uow, 2025, 2).peserta == 2


def test_report_assembled_once_per_unit_of_work(seeded) -> None:
    """Asked twice in one unit of work the report is not read again; a write in between
    (flushed) or a new transaction gives a fresh one."""
    with UnitOfWork(seeded) as uow:
        first = laporan_triwulan(uow, 2025, 2)
        assert laporan_triwulan(uow, 2025, "II") is first
        assert laporan_triwulan(uow, 2025, 3) is not first
        set_pagu(uow, 2025, Pilar.III, "APBN", D(2_000_000), commit=False)
        again = laporan_triwulan(uow, 2025, 2)  # the write is flushed first: read again
        assert again is not first
        assert again.total.anggaran.pagu == D(6_000_000)
        uow.commit()
        assert laporan_triwulan(uow, 2025, 2) is not again  # a new transaction
    with UnitOfWork(seeded) as uow:
        assert laporan_triwulan(uow, 2025, 2).total.anggaran.pagu == D(6_000_000)
