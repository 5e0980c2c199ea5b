"""Keyset paging of the long lists: the plan of a year and the participants of all villages.

Read page after page, a list is exactly the whole list (same rows, same order, nothing
twice, nothing skipped) whatever the filter; the subtotals come from SQL and equal the
sums of the lines; and the queries are answered from the indexes that keep a page's
cost independent of the table's size (no scan, no sort of the whole table).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, KehadiranPeserta, Pertemuan, Peserta
from desmig_desktop.domain.enums import Kehadiran, Pilar, StatusKegiatan, Triwulan
from desmig_desktop.services.parenting import (
    FilterPeserta,
    PertemuanData,
    PesertaData,
    halaman_peserta,
    hitung_peserta,
    kunci_peserta,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.rencana import (
    KegiatanFilter,
    RealisasiData,
    halaman_kegiatan,
    jumlah_kegiatan,
    kunci_kegiatan,
    list_kegiatan,
    posisi_kegiatan,
    save_realisasi,
)
from desmig_desktop.services.uow import UnitOfWork

TAHUN = 2024
ZERO = Decimal(0)


def _filters(db: Database) -> list[KegiatanFilter]:
    with UnitOfWork(db) as uow:
        kode = uow.session.scalars(select(Desa.kode_wilayah).order_by(Desa.kode_wilayah)).first()
    return [
        KegiatanFilter(),
        KegiatanFilter(pilar=Pilar.III),
        KegiatanFilter(kode_wilayah=kode),
        KegiatanFilter(kode_wilayah=""),
        KegiatanFilter(triwulan=Triwulan.II),
        KegiatanFilter(pilar=Pilar.I, triwulan=Triwulan.I),
        *(KegiatanFilter(status=s) for s in StatusKegiatan),
    ]


def _all_pages(db: Database, f: KegiatanFilter, size: int) -> list:
    out: list = []
    with UnitOfWork(db) as uow:
        while True:
            after = kunci_kegiatan(out[-1]) if out else None
            page = halaman_kegiatan(uow, TAHUN, f, setelah=after, batas=size)
            assert len(page) <= size
            out += page
            if len(page) < size:
                return out


def test_plan_pages_put_together_are_the_whole_filtered_plan(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        everything = list_kegiatan(uow, TAHUN)
    assert len(everything) > 10
    order = [(list(Pilar).index(k.pilar), k.kode) for k in everything]
    assert order == sorted(order)  # pillar by pillar, then by code
    for f in _filters(demo_db):
        expected = [
            k
            for k in everything
            if (f.pilar is None or k.pilar is f.pilar)
            and (f.kode_wilayah is None or k.kode_wilayah == f.kode_wilayah)
            and (f.triwulan is None or k.triwulan is f.triwulan)
            and (f.status is None or k.status is f.status)
        ]
        with UnitOfWork(demo_db) as uow:
            assert list_kegiatan(uow, TAHUN, f) == expected, f
        for size in (1, 3, 7):
            assert _all_pages(demo_db, f, size) == expected, (f, size)


def test_status_filter_follows_the_latest_quarter_with_realisation(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        k = list_kegiatan(uow, TAHUN, KegiatanFilter(status=StatusKegiatan.RENCANA))[0]
        save_realisasi(
            uow, k.id, RealisasiData(Triwulan.IV, Decimal(1000), status=StatusKegiatan.BATAL)
        )
        batal = halaman_kegiatan(uow, TAHUN, KegiatanFilter(status=StatusKegiatan.BATAL))
        rencana = list_kegiatan(uow, TAHUN, KegiatanFilter(status=StatusKegiatan.RENCANA))
    assert k.id in [b.id for b in batal]
    assert k.id not in [r.id for r in rencana]


def test_subtotals_come_from_sql_and_equal_the_lines(demo_db) -> None:
    for f in _filters(demo_db):
        with UnitOfWork(demo_db) as uow:
            lines = list_kegiatan(uow, TAHUN, f)
            sums = jumlah_kegiatan(uow, TAHUN, f)
        pillars = {k.pilar for k in lines}
        assert set(sums) == pillars | {None}, f
        for key, s in sums.items():
            mine = [k for k in lines if key is None or k.pilar is key]
            assert s.kegiatan == len(mine)
            assert s.anggaran == sum((k.anggaran for k in mine), ZERO)
            for q in range(4):
                assert s.realisasi_tw[q] == sum((k.realisasi_tw[q] for k in mine), ZERO)
            assert s.realisasi_sd(2) == sum((k.realisasi_sd(2) for k in mine), ZERO)


def test_position_of_a_line_is_known_only_when_the_filter_lists_it(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        k = list_kegiatan(uow, TAHUN, KegiatanFilter(pilar=Pilar.II))[-1]
        assert posisi_kegiatan(uow, TAHUN, KegiatanFilter(), k.id) == kunci_kegiatan(k)
        assert posisi_kegiatan(uow, TAHUN, KegiatanFilter(pilar=Pilar.I), k.id) is None
        assert posisi_kegiatan(uow, TAHUN + 1, KegiatanFilter(), k.id) is None


def _peserta_pages(db: Database, f: FilterPeserta, size: int) -> list:
    out: list = []
    with UnitOfWork(db) as uow:
        while True:
            after = kunci_peserta(out[-1]) if out else None
            page = halaman_peserta(uow, f, setelah=after, batas=size)
            out += page
            if len(page) < size:
                return out


def test_participant_pages_list_every_village_in_name_order_with_their_marks(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:  # a session of another year, to count years apart
        desa_id, peserta_id = uow.session.execute(select(Peserta.desa_id, Peserta.id)).first()
        sesi = save_pertemuan(uow, PertemuanData(desa_id, date(2025, 2, 3), "Gizi anak"))
        set_marks(uow, [(peserta_id, sesi, Kehadiran.S)])
    with UnitOfWork(demo_db) as uow:
        rows = uow.session.execute(
            select(Peserta.id, Peserta.nama, Desa.nama).join(Desa, Desa.id == Peserta.desa_id)
        ).all()
        marks = uow.session.execute(
            select(KehadiranPeserta.peserta_id, KehadiranPeserta.status, Pertemuan.tanggal).join(
                Pertemuan, Pertemuan.id == KehadiranPeserta.pertemuan_id
            )
        ).all()
        villages = {r[2] for r in rows}
    assert len(villages) > 1
    expected = sorted((nama, pid) for pid, nama, _desa in rows)
    for size in (1, 5, 500):
        listed = _peserta_pages(demo_db, FilterPeserta(), size)
        assert [(p.nama, p.id) for p in listed] == expected
        assert {kunci_peserta(p)[0] for p in listed} == {0}
    listed = _peserta_pages(demo_db, FilterPeserta(), 7)
    by_id = {p.id: p for p in listed}
    counts = Counter((pid, status) for pid, status, _t in marks)
    for (pid, status), n in counts.items():
        assert getattr(by_id[pid].rekap, status.lower()) == n
    assert sum(p.rekap.total for p in listed) == len(marks)
    years = Counter(t.year for _p, _s, t in marks)
    assert set(years) == {2024, 2025}
    for year in years:
        in_year = _peserta_pages(demo_db, FilterPeserta(tahun=year), 7)
        assert sum(p.rekap.total for p in in_year) == years[year] < len(marks)
    only = next(p for p in _peserta_pages(demo_db, FilterPeserta(tahun=2025), 500) if p.rekap.total)
    assert (only.id, only.rekap.s, only.rekap.total) == (peserta_id, 1, 1)
    with UnitOfWork(demo_db) as uow:
        assert hitung_peserta(uow) == len(rows)


def test_participant_search_pages_hold_every_match(demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        desa_id = uow.session.scalars(select(Desa.id)).first()
        for nama in (
            "Sari Dewi",
            "SARI WULAN",
            "sari utami",
            "Sarinah",
            "Susanti",
            "Dewi Sari",
            "Ayu SARINAH",
            "Nursari",
        ):
            save_peserta(uow, PesertaData(desa_id, nama, "P", "ibu"))
        names = list(uow.session.scalars(select(Peserta.nama)))
    starts = sorted(n for n in names if n.lower().startswith("sari"))
    words = sorted(n for n in names if n not in starts and " sari" in n.lower())
    expected = starts + words  # the start of the name first, then a later word
    assert len(starts) >= 4 and len(words) >= 2 and "Nursari" not in expected
    for size in (1, 2, 3, 50):
        listed = _peserta_pages(demo_db, FilterPeserta("sARi"), size)
        assert [p.nama for p in listed] == expected, size
    with UnitOfWork(demo_db) as uow:
        assert hitung_peserta(uow, FilterPeserta("sari")) == len(expected)


# --- the query plans: indexes, never a scan or a sort of the whole table ------------------


def _plans(db: Database, work) -> list[str]:  # type: ignore[no-untyped-def]
    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with UnitOfWork(db) as uow:
            work(uow)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert db.path is not None
    conn = sqlite3.connect(db.path)
    try:
        return [
            " | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {s}", p))
            for s, p in statements
            if s.lstrip().upper().startswith("SELECT")
        ]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("name", "f", "index"),
    [
        ("semua", KegiatanFilter(), "ix_kegiatan_tahun_pilar_kode"),
        ("pilar", KegiatanFilter(pilar=Pilar.II), "ix_kegiatan_tahun_pilar_kode"),
        ("desa", KegiatanFilter(kode_wilayah="35.04.14.2016"), "ix_kegiatan_desa_tahun_pilar_kode"),
        ("kabupaten", KegiatanFilter(kode_wilayah=""), "ix_kegiatan_desa_tahun_pilar_kode"),
    ],
)
def test_a_plan_page_reads_its_rows_in_index_order(demo_db, name, f, index) -> None:
    plans = _plans(
        demo_db,
        lambda uow: halaman_kegiatan(uow, TAHUN, f, setelah=("II", "2024-II-002"), batas=5),
    )
    page = plans[0]
    assert index in page, page
    assert "TEMP B-TREE" not in page and "SCAN kegiatan" not in page, page
    assert all("SCAN realisasi" not in p for p in plans), plans


@pytest.mark.parametrize("cari", ["", "huruf", "awal nama", "nik"])
def test_a_participant_page_never_scans_the_participants_or_the_marks(demo_db, cari) -> None:
    with UnitOfWork(demo_db) as uow:
        nama, desa_id = uow.session.execute(
            select(Peserta.nama, Peserta.desa_id).order_by(Peserta.id.desc())
        ).first()
        save_peserta(uow, PesertaData(desa_id, "Ibu Bernik", "P", "ibu", nik="3504145505800001"))
    teks = {"": "", "huruf": nama[0].lower(), "awal nama": nama[:7].lower(), "nik": "3504"}[cari]
    plans = _plans(
        demo_db,
        lambda uow: halaman_peserta(
            uow, FilterPeserta(teks, tahun=2024), setelah=(1, "A", 0), batas=500
        ),
    )
    joined = " || ".join(plans)
    assert "SCAN kehadiran" not in joined and "SCAN pertemuan" not in joined, joined
    *page, marks = plans  # the page's statements, then the marks of its participants
    assert "ix_kehadiran_peserta_status" in marks, marks
    name_index = "ix_peserta_nik" if cari == "nik" else "ix_peserta_nama"
    assert name_index in page[0], page[0]
    if cari in ("huruf", "awal nama"):
        # each case form of the start is its own short, ordered index range; then the
        # later words from the name index alone
        assert "SCAN peserta" not in page[0], page[0]
        assert len(page) == 2, page
        assert "SCAN peserta USING COVERING INDEX ix_peserta_nama" in page[1], page[1]
    else:
        assert len(page) == 1, page


def test_the_grid_of_one_village_reads_only_that_village(demo_db) -> None:
    from desmig_desktop.services.parenting import kisi

    with UnitOfWork(demo_db) as uow:
        desa_id = uow.session.scalars(select(Desa.id)).first()
    plans = _plans(demo_db, lambda uow: kisi(uow, desa_id, date(2024, 1, 1), date(2024, 12, 31)))
    joined = " || ".join(plans)
    for table in ("peserta", "pertemuan", "kehadiran"):
        assert f"SCAN {table}" not in joined, joined
