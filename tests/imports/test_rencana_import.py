"""Import of the plans workbook (Pagu, Rencana Kegiatan, Realisasi): every row checked,
the budget rules of the plans service applied to the whole workbook plus the database,
all or nothing, idempotent, and the export imports back unchanged.

Workbooks are built here with openpyxl; the database is the demo district (2024 open with
pagu, plans and realisation in Q1-Q2; 2023 closed) or an empty migrated one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Kegiatan, Pagu, Realisasi, TahunAnggaran
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_rupiah
from desmig_desktop.domain.lembar import (
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
)
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.imports.rencana import (
    LembarRowError,
    RencanaImportErrors,
    read_cell_rencana,
)
from desmig_desktop.imports.workbook import ImportErrors, NilaiSalah
from desmig_desktop.services.desa import DesaData, save_desa
from desmig_desktop.services.ekspor_rencana import data_rencana_tahunan, export_rencana
from desmig_desktop.services.impor_rencana import ImportResult, import_rencana_file
from desmig_desktop.services.rencana import (
    KegiatanBaris,
    close_tahun,
    list_kegiatan,
    list_tahun,
    ringkasan_anggaran,
)
from desmig_desktop.services.uow import UnitOfWork

THIS_YEAR = date.today().year
NEXT = 2025  # a year the demo does not have yet
TUNGGANGRI = "35.04.14.2011"  # a Desmigratif village of the demo
KALIBATUR = "35.04.14.2001"  # a real village, not registered as Desmigratif

Row = Mapping[str, object]


# --------------------------------------------------------------------------- helpers


def write_workbook(path: Path, sheets: Mapping[str, Iterable[Row]], **headers: list[str]) -> Path:
    """One sheet per entry: the declared headers on row 1 (or ``headers[sheet]``), then the
    rows by header."""
    declared = {
        SHEET_PAGU: [k.header for k in KOLOM_PAGU],
        SHEET_RENCANA: [k.header for k in KOLOM_RENCANA],
        SHEET_REALISASI: [k.header for k in KOLOM_REALISASI],
    }
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        cols = headers.get(name.replace(" ", "_")) or declared.get(name) or []
        ws.append(cols)
        for row in rows:
            ws.append([row.get(h.strip()) for h in cols])
    wb.save(path)
    return path


def pagu(tahun: object = NEXT, pilar: object = "I", sumber: object = "APBN", jumlah: object = 0):
    return {"Tahun Anggaran": tahun, "Pilar": pilar, "Sumber Dana": sumber, "Pagu (Rp)": jumlah}


def rencana(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Kode Kegiatan": None,
        "Tahun Anggaran": NEXT,
        "Pilar": "I",
        "Kode Wilayah": None,
        "Nama Kegiatan": "Sosialisasi migrasi aman",
        "Volume": 40,
        "Satuan": "orang",
        "Triwulan": "II",
        "Anggaran (Rp)": 1_000_000,
        "Sumber Dana": "APBN",
    }
    for key, value in cells.items():
        row[key.replace("_", " ")] = value
    return row


def realisasi(kode: str, triwulan: object = 1, jumlah: object = 0, **cells: object):
    row: dict[str, object] = {
        "Kode Kegiatan": kode,
        "Triwulan": triwulan,
        "Realisasi (Rp)": jumlah,
        "Volume Realisasi": 1,
        "Status": "Berjalan",
    }
    row.update({key.replace("_", " "): value for key, value in cells.items()})
    return row


def snapshot(db: Database) -> tuple[object, ...]:
    """Everything an import may change, for "nothing was written" checks."""
    with UnitOfWork(db) as uow:
        s = uow.session
        counts = tuple(
            s.scalar(select(func.count()).select_from(m))
            for m in (Kegiatan, Pagu, Realisasi, TahunAnggaran)
        )
        years = [t.tahun for t in list_tahun(uow)]
        plans = [list_kegiatan(uow, y) for y in years]
        sums = [
            (r.total.pagu, r.total.rencana, tuple(r.total.realisasi_tw))
            for r in (ringkasan_anggaran(uow, y) for y in years)
        ]
    return counts, years, plans, sums


def plans(db: Database, tahun: int = 2024) -> dict[str, KegiatanBaris]:
    with UnitOfWork(db) as uow:
        return {k.kode: k for k in list_kegiatan(uow, tahun)}


def refused(db: Database, path: Path, **kw: object) -> RencanaImportErrors:
    before = snapshot(db)
    with pytest.raises(RencanaImportErrors) as caught:
        import_rencana_file(db, path, **kw)  # type: ignore[arg-type]
    assert snapshot(db) == before, "a refused import must write nothing"
    return caught.value


def lines(exc: ImportErrors) -> list[str]:
    return [str(e) for e in exc.errors]


# --------------------------------------------------------------------------- good path


def good_workbook(path: Path) -> Path:
    return write_workbook(
        path,
        {
            SHEET_PAGU: [
                pagu(jumlah="Rp 50.000.000"),
                pagu(pilar=2, sumber="dana desa", jumlah=20_000_000),
            ],
            SHEET_RENCANA: [
                rencana(
                    Kode_Kegiatan="2025-i-001",
                    Kode_Wilayah=TUNGGANGRI,
                    **{"Anggaran (Rp)": "Rp 12.500.000", "Penanggung Jawab": "Rina"},
                ),
                rencana(
                    Pilar="1",
                    Triwulan="tw iii",
                    Volume="2,5",
                    Satuan="paket",
                    **{"Anggaran (Rp)": "1.250.000,50", "Nama Kegiatan": "Bimtek  petugas"},
                ),
                rencana(
                    Pilar="II",
                    Triwulan=4,
                    **{"Anggaran (Rp)": 20_000_000, "Sumber Dana": "Dana Desa"},
                ),
            ],
            SHEET_REALISASI: [
                realisasi("2025-I-001", "I", "Rp 5.000.000", Status="selesai"),
                realisasi("2024-IV-003", 3, 10_000_000, Keterangan="tahap 1"),
            ],
        },
    )


def test_good_workbook(demo_db: Database, tmp_path: Path) -> None:
    before_2024 = plans(demo_db)
    result = import_rencana_file(demo_db, good_workbook(tmp_path / "rencana.xlsx"))
    assert result == ImportResult(
        pagu=2, kegiatan_baru=3, kegiatan_diubah=0, realisasi=2, tidak_berubah=0
    )
    assert result.ada_perubahan
    new = plans(demo_db, NEXT)
    assert list(new) == ["2025-I-001", "2025-I-002", "2025-II-001"]
    first, second, third = new.values()
    assert (first.kode_wilayah, first.anggaran, first.penanggung_jawab) == (
        TUNGGANGRI,
        Decimal(12_500_000),
        "Rina",
    )
    assert first.realisasi_tw[0] == Decimal(5_000_000)
    assert first.status is StatusKegiatan.SELESAI
    assert (second.kode_wilayah, second.nama, second.volume, second.satuan) == (
        "",
        "Bimtek petugas",
        Decimal("2.5"),
        "paket",
    )
    assert (second.triwulan, second.anggaran) == (Triwulan.III, Decimal("1250000.50"))
    assert (third.pilar, third.triwulan, third.sumber_dana) == (Pilar.II, Triwulan.IV, "Dana Desa")
    with UnitOfWork(demo_db) as uow:
        r = ringkasan_anggaran(uow, NEXT)
        assert NEXT in [t.tahun for t in list_tahun(uow)]
    assert r.total.pagu == Decimal(70_000_000)
    assert r.total.rencana == Decimal("33750000.50")
    # the realisation of a 2024 plan already in the database
    after_2024 = plans(demo_db)
    k = after_2024["2024-IV-003"]
    assert k.realisasi_tw[2] == Decimal(10_000_000) and k.keterangan == "tahap 1"
    assert {c: v for c, v in after_2024.items() if c != "2024-IV-003"} == {
        c: v for c, v in before_2024.items() if c != "2024-IV-003"
    }


def test_reimport_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    path = good_workbook(tmp_path / "rencana.xlsx")
    first = import_rencana_file(demo_db, path)
    state = snapshot(demo_db)
    again = import_rencana_file(demo_db, path)
    assert not again.ada_perubahan
    assert again.tidak_berubah == 2 + 3 + 2
    assert first.kegiatan_baru == 3 and again.kegiatan_baru == 0
    # the row without a code was matched with the activity it created, not duplicated
    assert snapshot(demo_db) == state


def test_headers_any_case_extra_columns_and_free_order(demo_db: Database, tmp_path: Path) -> None:
    headers = ["  catatan lain ", "ANGGARAN  (rp)", "sumber dana", "nama kegiatan", "VOLUME"]
    headers += ["satuan", "triwulan", "pilar", "tahun   anggaran"]
    path = tmp_path / "bebas.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "rencana kegiatan"
    ws.append(headers)
    ws.append(["abaikan", 50_000, "APBN", "Rapat koordinasi", 1, "kali", 3, "IV", 2024])
    wb.save(path)
    result = import_rencana_file(demo_db, path)
    assert result.kegiatan_baru == 1
    made = [k for k in plans(demo_db).values() if k.nama == "Rapat koordinasi"]
    assert len(made) == 1 and made[0].kode.startswith("2024-IV-")


def test_only_a_realisation_sheet(demo_db: Database, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "realisasi.xlsx",
        {SHEET_REALISASI: [realisasi("2024-II-004", "III", "Rp 8.000.000", Volume_Realisasi=None)]},
    )
    result = import_rencana_file(demo_db, path)
    assert (result.realisasi, result.kegiatan_baru, result.pagu) == (1, 0, 0)
    k = plans(demo_db)["2024-II-004"]
    assert k.realisasi_tw[2] == Decimal(8_000_000)
    assert k.volume_tw[2] == 0  # empty Volume Realisasi is 0


def test_an_existing_code_updates_rather_than_duplicates(demo_db: Database, tmp_path: Path) -> None:
    old = plans(demo_db)["2024-III-002"]
    path = write_workbook(
        tmp_path / "ubah.xlsx",
        {
            SHEET_RENCANA: [
                rencana(
                    Kode_Kegiatan=old.kode,
                    Tahun_Anggaran=2024,
                    Pilar="III",
                    Kode_Wilayah=old.kode_wilayah,
                    Volume=10,
                    Satuan="kali",
                    Triwulan="I",
                    **{
                        "Nama Kegiatan": "Pertemuan parenting bulanan",
                        "Anggaran (Rp)": old.anggaran - 1_000_000,
                        "Sumber Dana": old.sumber_dana,
                    },
                )
            ]
        },
    )
    result = import_rencana_file(demo_db, path)
    assert (result.kegiatan_baru, result.kegiatan_diubah) == (0, 1)
    new = plans(demo_db)["2024-III-002"]
    assert new.id == old.id and new.nama == "Pertemuan parenting bulanan"
    assert new.anggaran == old.anggaran - 1_000_000
    assert new.penanggung_jawab == old.penanggung_jawab  # empty cell keeps the stored name
    assert new.realisasi_tw == old.realisasi_tw
    assert len(plans(demo_db)) == 19


# --------------------------------------------------------------------------- bad rows

BAD_ROWS = {
    "pilar": (SHEET_RENCANA, rencana(Pilar="V"), "Pilar", 'Pilar "V" tidak dikenal'),
    "triwulan": (SHEET_RENCANA, rencana(Triwulan=5), "Triwulan", 'Triwulan "5" tidak dikenal'),
    "uang negatif": (
        SHEET_RENCANA,
        rencana(**{"Anggaran (Rp)": "-1.000.000"}),
        "Anggaran (Rp)",
        "tidak boleh negatif",
    ),
    "uang bukan angka": (
        SHEET_RENCANA,
        rencana(**{"Anggaran (Rp)": "1,250"}),
        "Anggaran (Rp)",
        "paling banyak 2 angka di belakang koma",
    ),
    "pagu negatif": (SHEET_PAGU, pagu(jumlah=-5), "Pagu (Rp)", "tidak boleh negatif"),
    "volume nol": (SHEET_RENCANA, rencana(Volume=0), "Volume", "harus lebih dari 0"),
    "volume tiga desimal": (SHEET_RENCANA, rencana(Volume=1.125), "Volume", "2 angka"),
    "volume realisasi negatif": (
        SHEET_REALISASI,
        realisasi("2024-I-001", Volume_Realisasi=-1),
        "Volume Realisasi",
        "tidak boleh negatif",
    ),
    "sumber dana": (
        SHEET_RENCANA,
        rencana(**{"Sumber Dana": "APBDes"}),
        "Sumber Dana",
        'Sumber Dana "APBDes" tidak ada dalam daftar',
    ),
    "sumber dana pagu": (SHEET_PAGU, pagu(sumber="Hibah"), "Sumber Dana", "tidak ada dalam"),
    "desa belum terdaftar": (
        SHEET_RENCANA,
        rencana(Kode_Wilayah=KALIBATUR),
        "Kode Wilayah",
        f"Desa {KALIBATUR} belum terdaftar sebagai desa Desmigratif",
    ),
    "kode wilayah salah": (SHEET_RENCANA, rencana(Kode_Wilayah="35.04.14"), "Kode Wilayah", ""),
    "kode beda tahun": (
        SHEET_RENCANA,
        rencana(Kode_Kegiatan="2024-I-001"),
        "Kode Kegiatan",
        "tidak cocok dengan Tahun Anggaran 2025 dan Pilar I",
    ),
    "kode beda pilar": (
        SHEET_RENCANA,
        rencana(Kode_Kegiatan="2025-II-001"),
        "Kode Kegiatan",
        "harus berbentuk 2025-I-NNN",
    ),
    "kode bentuk salah": (
        SHEET_RENCANA,
        rencana(Kode_Kegiatan="K-01"),
        "Kode Kegiatan",
        "bentuknya TTTT-P-NNN",
    ),
    "realisasi kode tak dikenal": (
        SHEET_REALISASI,
        realisasi("2024-I-099"),
        "Kode Kegiatan",
        "Kode Kegiatan 2024-I-099 tidak dikenal",
    ),
    "status mustahil": (
        SHEET_REALISASI,
        realisasi("2024-I-001", Status="Tertunda"),
        "Status",
        'Status "Tertunda" tidak dikenal; pilihan: Rencana, Berjalan, Selesai, Batal',
    ),
    "tahun terlalu awal": (SHEET_PAGU, pagu(tahun=2015), "Tahun Anggaran", "dimulai 2016"),
    "nama kosong": (
        SHEET_RENCANA,
        rencana(**{"Nama Kegiatan": "  "}),
        "Nama Kegiatan",
        "wajib diisi",
    ),
    "tahun tertutup": (
        SHEET_RENCANA,
        rencana(Tahun_Anggaran=2023, **{"Sumber Dana": "APBN"}),
        "Tahun Anggaran",
        "Tahun anggaran 2023 sudah ditutup",
    ),
    "pagu tahun tertutup": (
        SHEET_PAGU,
        pagu(tahun=2023, jumlah=1),
        "Tahun Anggaran",
        "sudah ditutup",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_each_bad_row_is_reported_and_nothing_written(
    demo_db: Database, tmp_path: Path, kind: str
) -> None:
    sheet, bad, column, fragment = BAD_ROWS[kind]
    sheets: dict[str, list[Row]] = {SHEET_PAGU: [pagu(jumlah=50_000_000)]}
    sheets.setdefault(sheet, []).append(bad)
    if sheet == SHEET_RENCANA:
        sheets[SHEET_RENCANA].insert(0, rencana())  # a good row before the bad one
    exc = refused(demo_db, write_workbook(tmp_path / "salah.xlsx", sheets))
    errors = [e for e in exc.errors if isinstance(e, LembarRowError) and e.lembar == sheet]
    assert errors, lines(exc)
    row_no = len(sheets[sheet]) + 1  # the bad row is the sheet's last
    mine = [e for e in errors if e.row == row_no and e.column == column]
    assert mine, lines(exc)
    assert fragment in mine[0].message
    text = str(mine[0])
    assert text.startswith(f'Lembar "{sheet}", Baris {row_no}, kolom "{column}": ')
    assert f'Baris {row_no}, kolom "{column}": ' in exc.message


def test_every_problem_is_reported_at_once(demo_db: Database, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "banyak.xlsx",
        {
            SHEET_PAGU: [pagu(pilar="X", jumlah=1), pagu(jumlah="sejuta")],
            SHEET_RENCANA: [rencana(Pilar=9, Volume=-1), rencana(Triwulan="V")],
            SHEET_REALISASI: [realisasi("2024-I-001", Status="?"), realisasi("2099-I-001")],
        },
    )
    exc = refused(demo_db, path)
    found = [(e.lembar, e.row, e.column) for e in exc.errors if isinstance(e, LembarRowError)]
    assert not exc.hanya_melebihi
    assert found == [
        (SHEET_PAGU, 2, "Pilar"),
        (SHEET_PAGU, 3, "Pagu (Rp)"),
        (SHEET_RENCANA, 2, "Pilar"),
        (SHEET_RENCANA, 2, "Volume"),
        (SHEET_RENCANA, 3, "Triwulan"),
        (SHEET_REALISASI, 2, "Status"),
        (SHEET_REALISASI, 3, "Kode Kegiatan"),
    ]
    assert exc.message.splitlines()[0].startswith("Impor dari banyak.xlsx ditolak (7 kesalahan)")


def test_duplicates_within_the_workbook(demo_db: Database, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "ganda.xlsx",
        {
            SHEET_PAGU: [pagu(jumlah=1), pagu(pilar=1, sumber="apbn", jumlah=2)],
            SHEET_RENCANA: [
                rencana(Kode_Kegiatan="2025-I-001"),
                rencana(Kode_Kegiatan="2025-I-001"),
            ],
            SHEET_REALISASI: [realisasi("2024-I-001", 3), realisasi("2024-I-001", "III")],
        },
    )
    exc = refused(demo_db, path)
    text = "\n".join(lines(exc))
    assert "sudah diisi di baris 2; satu pagu hanya satu baris" in text
    assert "Kode Kegiatan 2025-I-001 muncul dua kali: baris 2 dan baris 3" in text
    assert "Realisasi 2024-I-001 Triwulan III sudah diisi di baris 2" in text


def test_a_closed_year_refuses_every_row_for_it(demo_db: Database, tmp_path: Path) -> None:
    with UnitOfWork(demo_db) as uow:
        close_tahun(uow, 2024)
    path = write_workbook(
        tmp_path / "tutup.xlsx",
        {
            SHEET_PAGU: [pagu(tahun=2024, jumlah=90_000_000)],
            SHEET_RENCANA: [rencana(Tahun_Anggaran=2024), rencana(Tahun_Anggaran=2024, Pilar=2)],
            SHEET_REALISASI: [realisasi("2024-I-001", 3, 1), realisasi("2024-II-001", 4, 1)],
        },
    )
    exc = refused(demo_db, path)
    assert [(e.lembar, e.row) for e in exc.errors] == [  # type: ignore[attr-defined]
        (SHEET_PAGU, 2),
        (SHEET_RENCANA, 2),
        (SHEET_RENCANA, 3),
        (SHEET_REALISASI, 2),
        (SHEET_REALISASI, 3),
    ]
    assert all("Tahun anggaran 2024 sudah ditutup" in e.message for e in exc.errors)


def test_sheets_and_headers(demo_db: Database, tmp_path: Path) -> None:
    other = write_workbook(tmp_path / "lain.xlsx", {"Sheet1": [{}]}, Sheet1=["A"])
    exc = refused(demo_db, other)
    assert 'tidak berisi lembar "Pagu", "Rencana Kegiatan" atau "Realisasi"' in exc.message
    assert '"Sheet1"' in exc.message
    header = [k.header for k in KOLOM_PAGU if k.header != "Pilar"]
    missing = write_workbook(tmp_path / "judul.xlsx", {SHEET_PAGU: [pagu()]}, Pagu=header)
    exc = refused(demo_db, missing)
    assert lines(exc) == ['Lembar "Pagu": Kolom wajib "Pilar" tidak ada di baris judul.']
    empty = write_workbook(tmp_path / "kosong.xlsx", {SHEET_PAGU: [], SHEET_REALISASI: []})
    exc = refused(demo_db, empty)
    assert "tidak berisi data" in exc.message
    text = tmp_path / "bukan.xlsx"
    text.write_text("bukan buku kerja")
    with pytest.raises(ImportErrors, match="bukan buku kerja Excel"):
        import_rencana_file(demo_db, text)


# --------------------------------------------------------------------------- pagu rule


def test_pagu_rule_against_the_whole_workbook(demo_db: Database, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "pagu.xlsx",
        {
            SHEET_PAGU: [pagu(jumlah=10_000_000)],
            SHEET_RENCANA: [
                rencana(**{"Anggaran (Rp)": 6_000_000}),
                rencana(**{"Anggaran (Rp)": 6_000_000, "Nama Kegiatan": "Bimtek"}),
            ],
        },
    )
    exc = refused(demo_db, path)
    assert len(exc.errors) == 1
    line = lines(exc)[0]
    assert line.startswith('Lembar "Rencana Kegiatan", Baris 3, kolom "Anggaran (Rp)": ')
    for part in ("pagu Rp 10.000.000", "sudah direncanakan Rp 6.000.000", "sisa Rp 4.000.000"):
        assert part in line
    assert NEXT not in snapshot(demo_db)[1]  # not even the year was created


def test_pagu_rule_against_the_database(demo_db: Database, tmp_path: Path) -> None:
    before = plans(demo_db)
    planned = sum(
        (k.anggaran for k in before.values() if k.pilar is Pilar.I and k.sumber_dana == "APBN"),
        Decimal(0),
    )
    with UnitOfWork(demo_db) as uow:
        the_pagu = next(
            b.pagu
            for b in ringkasan_anggaran(uow, 2024).baris
            if b.pilar is Pilar.I and b.sumber_dana == "APBN"
        )
    sisa = the_pagu - planned
    half = sisa / 2 + 1  # each fits alone, together they do not
    path = write_workbook(
        tmp_path / "db.xlsx",
        {
            SHEET_RENCANA: [
                rencana(Tahun_Anggaran=2024, **{"Anggaran (Rp)": half}),
                rencana(Tahun_Anggaran=2024, **{"Anggaran (Rp)": half, "Nama Kegiatan": "Lain"}),
            ]
        },
    )
    exc = refused(demo_db, path)
    assert [(e.row, e.column) for e in exc.errors] == [(3, "Anggaran (Rp)")]
    message = exc.errors[0].message
    assert f"pagu {format_rupiah(the_pagu)}" in message
    assert f"sudah direncanakan {format_rupiah(planned + half)}" in message
    assert f"sisa {format_rupiah(sisa - half)}" in message
    # a pagu raised in the same workbook makes room
    path = write_workbook(
        tmp_path / "naik.xlsx",
        {
            SHEET_PAGU: [pagu(tahun=2024, jumlah=the_pagu + sisa)],
            SHEET_RENCANA: [
                rencana(Tahun_Anggaran=2024, **{"Anggaran (Rp)": half}),
                rencana(Tahun_Anggaran=2024, **{"Anggaran (Rp)": half, "Nama Kegiatan": "Lain"}),
            ],
        },
    )
    result = import_rencana_file(demo_db, path)
    assert (result.pagu, result.kegiatan_baru) == (1, 2)


def _row_of(k: KegiatanBaris, **cells: object) -> dict[str, object]:
    row = rencana(
        Kode_Kegiatan=k.kode,
        Tahun_Anggaran=2024,
        Pilar=k.pilar.value,
        Kode_Wilayah=k.kode_wilayah or None,
        Volume=k.volume,
        Satuan=k.satuan,
        Triwulan=k.triwulan.value,
        **{"Nama Kegiatan": k.nama, "Anggaran (Rp)": k.anggaran, "Sumber Dana": k.sumber_dana},
    )
    row.update(cells)
    return row


@pytest.mark.parametrize("order", ["raise first", "lower first"])
def test_moving_budget_between_activities(demo_db: Database, tmp_path: Path, order: str) -> None:
    """The pagu is (nearly) full: lowering one plan and raising another in the same workbook
    goes through whatever the row order."""
    old = plans(demo_db)
    a, b = old["2024-I-004"], old["2024-I-002"]  # both Pilar I, APBN; a has no realisation
    assert (a.sumber_dana, b.sumber_dana) == ("APBN", "APBN") and a.realisasi_sd() == 0
    lower = _row_of(a, **{"Anggaran (Rp)": a.anggaran - 3_000_000})
    raise_ = _row_of(b, **{"Anggaran (Rp)": b.anggaran + 3_000_000})
    rows = [raise_, lower] if order == "raise first" else [lower, raise_]
    result = import_rencana_file(
        demo_db, write_workbook(tmp_path / "geser.xlsx", {SHEET_RENCANA: rows})
    )
    assert result.kegiatan_diubah == 2
    new = plans(demo_db)
    assert new[a.kode].anggaran == a.anggaran - 3_000_000
    assert new[b.kode].anggaran == b.anggaran + 3_000_000


def test_lowering_a_pagu_together_with_its_plans(demo_db: Database, tmp_path: Path) -> None:
    old = plans(demo_db)
    a = old["2024-I-004"]  # Pilar I, APBN, no realisation yet
    planned = sum(
        (k.anggaran for k in old.values() if k.pilar is Pilar.I and k.sumber_dana == "APBN"),
        Decimal(0),
    )
    rows = {
        SHEET_PAGU: [pagu(tahun=2024, jumlah=planned - 1_000_000)],
        SHEET_RENCANA: [_row_of(a, **{"Anggaran (Rp)": a.anggaran - 1_000_000})],
    }
    result = import_rencana_file(demo_db, write_workbook(tmp_path / "turun.xlsx", rows))
    assert (result.pagu, result.kegiatan_diubah) == (1, 1)
    # without the plan the pagu cannot go below what is planned: reported on the pagu row
    rows = {SHEET_PAGU: [pagu(tahun=2024, jumlah=planned - 2_000_000)]}
    exc = refused(demo_db, write_workbook(tmp_path / "turun2.xlsx", rows))
    assert lines(exc)[0].startswith('Lembar "Pagu", Baris 2, kolom "Pagu (Rp)": ')
    assert "tidak dapat diturunkan" in lines(exc)[0]


# --------------------------------------------------------------------------- over the plan


def test_realisation_over_the_plan_needs_the_explicit_permission(
    demo_db: Database, tmp_path: Path
) -> None:
    k = plans(demo_db)["2024-I-001"]
    over = k.anggaran - k.realisasi_sd() + 1_000_000
    path = write_workbook(
        tmp_path / "lebih.xlsx", {SHEET_REALISASI: [realisasi(k.kode, "III", over)]}
    )
    exc = refused(demo_db, path)
    (line,) = lines(exc)
    assert line.startswith('Lembar "Realisasi", Baris 2, kolom "Realisasi (Rp)": ')
    assert "melebihi" in line and "izin realisasi melebihi rencana" in line
    assert exc.hanya_melebihi  # the window may ask, then import with confirm_over=True
    result = import_rencana_file(demo_db, path, confirm_over=True)
    assert result.realisasi == 1
    flagged = plans(demo_db)[k.kode]
    assert flagged.melebihi and flagged.realisasi_sd() == k.anggaran + 1_000_000


def test_quarters_of_one_activity_count_together_in_any_order(
    demo_db: Database, tmp_path: Path
) -> None:
    """Q2 raised and Q1 lowered in the same workbook: only the final total counts."""
    k = plans(demo_db)["2024-I-001"]
    q1, q2 = k.realisasi_tw[0], k.realisasi_tw[1]
    room = k.anggaran - q1 - q2
    rows = [
        realisasi(k.kode, 2, q2 + room + 500_000, Status="Selesai"),
        realisasi(k.kode, 1, q1 - 500_000),
    ]
    result = import_rencana_file(
        demo_db, write_workbook(tmp_path / "tw.xlsx", {SHEET_REALISASI: rows})
    )
    assert result.realisasi == 2
    after = plans(demo_db)[k.kode]
    assert after.realisasi_sd() == k.anggaran and not after.melebihi


def test_a_budget_lowered_below_its_realisation(demo_db: Database, tmp_path: Path) -> None:
    k = plans(demo_db)["2024-I-001"]
    done = k.realisasi_sd()
    low = done - 1_000_000
    path = write_workbook(
        tmp_path / "turun.xlsx", {SHEET_RENCANA: [_row_of(k, **{"Anggaran (Rp)": low})]}
    )
    exc = refused(demo_db, path)
    (line,) = lines(exc)
    assert line.startswith('Lembar "Rencana Kegiatan", Baris 2, kolom "Anggaran (Rp)": ')
    assert f"lebih kecil dari realisasi yang sudah tercatat ({format_rupiah(done)})" in line
    assert "izin realisasi melebihi rencana" in line and exc.hanya_melebihi
    import_rencana_file(demo_db, path, confirm_over=True)
    assert plans(demo_db)[k.kode].melebihi
    # budget back above the realisation: the flag follows
    back = write_workbook(tmp_path / "naik.xlsx", {SHEET_RENCANA: [_row_of(k)]})
    assert import_rencana_file(demo_db, back).kegiatan_diubah == 1
    assert not plans(demo_db)[k.kode].melebihi
    # lowering the realisation in the same workbook needs no permission
    both = write_workbook(
        tmp_path / "keduanya.xlsx",
        {
            SHEET_RENCANA: [_row_of(k, **{"Anggaran (Rp)": low})],
            SHEET_REALISASI: [realisasi(k.kode, 2, k.realisasi_tw[1] - 1_000_000)],
        },
    )
    result = import_rencana_file(demo_db, both)
    assert (result.kegiatan_diubah, result.realisasi) == (1, 1)
    after = plans(demo_db)[k.kode]
    assert after.anggaran == after.realisasi_sd() == low and not after.melebihi


# --------------------------------------------------------------------------- all or nothing


def test_cancelled_import_writes_nothing(demo_db: Database, tmp_path: Path) -> None:
    class StopWhileWriting:
        """Cancels after three rows have been written (years, pagu and a plan are in the
        session by then)."""

        def __init__(self) -> None:
            self.writing = False
            self.steps = 0

        def set_total(self, total: int, label: str = "") -> None:
            self.writing = label.startswith("Menyimpan")
            self.steps = 0

        def advance(self, step: int = 1) -> None:
            self.steps += step

        def cancelled(self) -> bool:
            return self.writing and self.steps >= 3

    path = good_workbook(tmp_path / "rencana.xlsx")
    before = snapshot(demo_db)
    progress = StopWhileWriting()
    with pytest.raises(Cancelled):
        import_rencana_file(demo_db, path, progress=progress)
    assert progress.writing
    assert snapshot(demo_db) == before


# --------------------------------------------------------------------------- round trip


def test_export_imports_back_into_the_same_database(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rencana-2024.xlsx"
    export_rencana(demo_db, 2024, xlsx=path)
    before = snapshot(demo_db)
    result = import_rencana_file(demo_db, path)
    with UnitOfWork(demo_db) as uow:
        data = data_rencana_tahunan(uow, 2024)
    assert not result.ada_perubahan
    assert result.tidak_berubah == len(data.pagu) + len(data.kegiatan) + len(data.realisasi)
    assert snapshot(demo_db) == before


def test_export_imports_back_into_a_fresh_database(
    demo_db: Database, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "rencana-2024.xlsx"
    export_rencana(demo_db, 2024, xlsx=path)
    with UnitOfWork(demo_db) as uow:
        data = data_rencana_tahunan(uow, 2024)
    # the plans name villages: register them in the new database first
    with UnitOfWork(db) as uow:
        for kode in sorted({k.kode_wilayah for k in data.kegiatan if k.kode_wilayah}):
            save_desa(uow, DesaData(kode_wilayah=kode, tahun_penetapan=2019))
    result = import_rencana_file(db, path)
    assert result == ImportResult(
        pagu=len(data.pagu),
        kegiatan_baru=len(data.kegiatan),
        kegiatan_diubah=0,
        realisasi=len(data.realisasi),
    )

    def view(database: Database) -> list[tuple[object, ...]]:
        return [
            (
                k.kode,
                k.pilar,
                k.kode_wilayah,
                k.desa,
                k.nama,
                k.volume,
                k.satuan,
                k.triwulan,
                k.anggaran,
                k.sumber_dana,
                k.penanggung_jawab,
                k.realisasi_tw,
                k.volume_tw,
                k.status,
            )
            for k in plans(database).values()
        ]

    assert view(db) == view(demo_db)
    with UnitOfWork(db) as uow, UnitOfWork(demo_db) as uow2:
        a, b = ringkasan_anggaran(uow, 2024), ringkasan_anggaran(uow2, 2024)
    assert [(x.pilar, x.sumber_dana, x.pagu, x.rencana, x.realisasi_tw) for x in a.baris] == [
        (x.pilar, x.sumber_dana, x.pagu, x.rencana, x.realisasi_tw) for x in b.baris
    ]
    assert a.total.pagu == Decimal(475_000_000)
    # and once more: nothing changes
    assert not import_rencana_file(db, path).ada_perubahan


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("Pilar", "iv", Pilar.IV),
        ("Pilar", 2.0, Pilar.II),
        ("Pilar", "3", Pilar.III),
        ("Triwulan", "IV", Triwulan.IV),
        ("Triwulan", 2, Triwulan.II),
        ("Triwulan", "TW III", Triwulan.III),
        ("Volume", "2,5", Decimal("2.5")),
        ("Volume", "1.250", Decimal(1250)),
        ("Volume", 0.5, Decimal("0.5")),
        ("Anggaran (Rp)", "Rp 1.250.000", Decimal(1_250_000)),
        ("Anggaran (Rp)", "1.250.000,50", Decimal("1250000.50")),
        ("Anggaran (Rp)", 0, Decimal(0)),
        ("Kode Kegiatan", " 2024-ii-003 ", "2024-II-003"),
        ("Sumber Dana", "  APBD   Provinsi ", "APBD Provinsi"),
        ("Nama Kegiatan", "   ", None),
    ],
)
def test_cells(header: str, value: object, expected: object) -> None:
    kolom = next(k for k in KOLOM_RENCANA if k.header == header)
    assert read_cell_rencana(kolom, value) == expected


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Volume", "Rp 5"),
        ("Volume", 1.255),
        ("Volume", "dua"),
        ("Volume", True),
        ("Volume", date(2024, 1, 1)),
        ("Pilar", 0),
        ("Triwulan", "Q1"),
        ("Anggaran (Rp)", NilaiSalah("sel berisi galat Excel #N/A")),
    ],
)
def test_bad_cells(header: str, value: object) -> None:
    kolom = next(k for k in KOLOM_RENCANA if k.header == header)
    with pytest.raises(ValidationError) as caught:
        read_cell_rencana(kolom, value)
    assert caught.value.field == header


def test_status_and_realisation_volume_cells() -> None:
    status = next(k for k in KOLOM_REALISASI if k.header == "Status")
    volume = next(k for k in KOLOM_REALISASI if k.header == "Volume Realisasi")
    assert read_cell_rencana(status, "selesai") is StatusKegiatan.SELESAI
    assert read_cell_rencana(status, "BATAL") is StatusKegiatan.BATAL
    assert read_cell_rencana(volume, 0) == 0


def test_error_lines_name_the_sheet() -> None:
    e = LembarRowError(5, "Anggaran (Rp)", "melebihi pagu.", SHEET_RENCANA)
    assert str(e) == 'Lembar "Rencana Kegiatan", Baris 5, kolom "Anggaran (Rp)": melebihi pagu.'
    assert str(LembarRowError(None, None, "Kolom wajib tidak ada.", SHEET_PAGU)) == (
        'Lembar "Pagu": Kolom wajib tidak ada.'
    )
    assert str(LembarRowError(7, None, "ditutup.", SHEET_REALISASI)) == (
        'Lembar "Realisasi", Baris 7: ditutup.'
    )
