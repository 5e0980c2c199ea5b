"""Regressions found by fuzzing the imports (tests/imports/test_fuzz_imports.py), one plain
test per crash or bad message, each on a real migrated database.

Every refused import here must raise ``ImportErrors`` whose lines name the row and the
column, and write nothing.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.lembar import (
    KOLOM_DESA,
    KOLOM_KEHADIRAN,
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_DESA,
    SHEET_KEHADIRAN,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
)
from desmig_desktop.imports.workbook import ImportErrors
from desmig_desktop.services.impor_desa import import_desa_file
from desmig_desktop.services.impor_kehadiran import import_kehadiran_file
from desmig_desktop.services.impor_rencana import import_rencana_file

KALIBATUR = "35.04.14.2001"
TUNGGANGRI = "35.04.14.2011"  # a Desmigratif village of the demo
HEADERS = {
    SHEET_DESA: [k.header for k in KOLOM_DESA],
    SHEET_PAGU: [k.header for k in KOLOM_PAGU],
    SHEET_RENCANA: [k.header for k in KOLOM_RENCANA],
    SHEET_REALISASI: [k.header for k in KOLOM_REALISASI],
    SHEET_KEHADIRAN: [k.header for k in KOLOM_KEHADIRAN],
}
Row = Mapping[str, object]


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Row]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(HEADERS[name])
        for row in rows:
            ws.append([row.get(h) for h in HEADERS[name]])
    wb.save(path)
    return path


def user_tables(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table an import may write."""
    assert db.path is not None
    con = sqlite3.connect(db.path)
    try:
        names = [
            n
            for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n not in ("wilayah", "app_meta", "alembic_version")
        ]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        con.close()


def refused(db: Database, run: object) -> list[str]:
    """The error lines of an import that must be refused without writing anything."""
    before = user_tables(db)
    with pytest.raises(ImportErrors) as caught:
        run()  # type: ignore[operator]
    assert user_tables(db) == before, "a refused import must write nothing"
    return [str(e) for e in caught.value.errors]


# --------------------------------------------------------------------------- villages


def desa(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {"Kode Wilayah": KALIBATUR, "Tahun Penetapan": 2019}
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


@pytest.mark.parametrize(
    ("kolom", "nilai", "tampil"),
    [
        ("Jumlah Penduduk", 10**25, "100000000000… (26 angka)"),
        ("CPMI", 2**63, "922337203685… (19 angka)"),
        ("PMI Purna", 1_000_000_000, "1.000.000.000"),
        ("PMI Aktif Perempuan", "9.999.999.999", "9.999.999.999"),
    ],
    ids=["10^25", "2^63", "satu-miliar", "teks-10-miliar"],
)
def test_desa_huge_count_is_refused_not_a_database_overflow(
    db: Database, tmp_path: Path, kolom: str, nilai: object, tampil: str
) -> None:
    """Was OverflowError ("Python int too large to convert to SQLite INTEGER") on write.

    Root cause outside the parser: services.desa.validate_statistik has no upper bound
    (reported); imports.desa now refuses counts above 999.999.999."""
    cells = {kolom: nilai}
    if kolom == "PMI Aktif Perempuan":
        cells["Jumlah Penduduk"] = 10**10
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: [desa(**cells)]})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert (
        f'Baris 2, kolom "{kolom}": {kolom} {tampil} terlalu besar; paling banyak 999.999.999.'
        in lines
    )


def test_desa_count_at_the_limit_is_kept(db: Database, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "desa.xlsx",
        {SHEET_DESA: [desa(Jumlah_Penduduk=999_999_999, CPMI="999.999.999")]},
    )
    result = import_desa_file(db, path)
    assert (result.created, result.rows) == (1, 1)


def test_desa_huge_country_count_is_refused(db: Database, tmp_path: Path) -> None:
    rows = [
        desa(PMI_Aktif_Laki_laki=5, Negara_Penempatan=f"Malaysia ({10**20})"),
        desa(Kode_Wilayah="35.04.14.2004", Negara_Penempatan="Taiwan (" + "9" * 5000 + ")"),
    ]
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: rows})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert lines == [
        'Baris 2, kolom "Negara Penempatan": jumlah PMI di Malaysia terlalu besar: '
        "100000000000… (21 angka); paling banyak 999.999.999.",
        'Baris 3, kolom "Negara Penempatan": jumlah PMI di Taiwan terlalu besar; paling banyak '
        "999.999.999.",
    ]


@pytest.mark.parametrize("kolom", ["Tahun Penetapan", "Tahun Data", "CPMI", "Jumlah Penduduk"])
def test_desa_number_text_of_thousands_of_digits_is_refused(
    db: Database, tmp_path: Path, kolom: str
) -> None:
    """Was ValueError ("Exceeds the limit (4300 digits) for integer string conversion").

    Root cause outside the parser: domain.formatting.parse_bilangan_bulat calls int() on the
    digits (reported); imports.desa refuses such cells before they are read."""
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: [desa(**{kolom: "9" * 5000})]})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert lines == [
        f'Baris 2, kolom "{kolom}": {kolom} berisi 5000 angka: terlalu besar untuk sebuah '
        "bilangan; periksa isi selnya."
    ]


def test_desa_huge_number_cells_are_refused_in_a_short_message(
    db: Database, tmp_path: Path
) -> None:
    """A number cell of 1e308 was read as a 309-digit year and quoted whole."""
    rows = [desa(Tahun_Penetapan=1e308), desa(Kode_Wilayah="35.04.14.2004", CPMI=1e300)]
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: rows})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert lines == [
        'Baris 2, kolom "Tahun Penetapan": Tahun Penetapan berisi 309 angka: terlalu besar untuk '
        "sebuah bilangan; periksa isi selnya.",
        'Baris 3, kolom "CPMI": CPMI berisi 301 angka: terlalu besar untuk sebuah bilangan; '
        "periksa isi selnya.",
    ]


def test_desa_rows_compared_quote_long_cells_short(db: Database, tmp_path: Path) -> None:
    """Two rows of one village compared a 40,000-character Kepala Desa in full."""
    rows = [
        desa(Kepala_Desa="Suparno", Tahun_Data=2020),
        desa(Kepala_Desa="ab " * 13_000, Tahun_Data=2021, Petugas_Desmigratif="x" * 200),
    ]
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: rows})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert all(len(line) < 250 for line in lines), lines
    assert lines[-1] == (
        'Baris 3, kolom "Kepala Desa": Kepala Desa "ab ab ab ab ab ab ab ab ab ab ab ab ab…" '
        'berbeda dengan baris 2 ("Suparno") untuk desa yang sama (35.04.14.2001); samakan.'
    )


def test_desa_messages_of_the_shared_reader_quote_long_cells_short(
    db: Database, tmp_path: Path
) -> None:
    """The shared cell readers quote a refused cell whole: a 40,000-character line.

    Root cause: domain.formatting, domain.identitas and domain.enums quote the whole cell
    (reported); imports.desa cuts the quotes of the messages it relays."""
    rows = [
        desa(Petugas_Desmigratif="Siti", Telepon_Petugas="0812 " * 8000),
        desa(Kode_Wilayah="35.04.14.2004", Status="aktif " * 8000),
    ]
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: rows})
    lines = refused(db, lambda: import_desa_file(db, path))
    assert len(lines) == 2
    assert all(len(line) < 200 for line in lines), lines
    assert lines[0].startswith('Baris 2, kolom "Telepon Petugas": ')
    assert '"0812 0812 0812 0812 0812 0812 0812 0812…"' in lines[0]
    assert lines[1].startswith('Baris 3, kolom "Status": ')
    assert '"aktif aktif aktif aktif aktif aktif akt…"' in lines[1]


def test_desa_messages_quote_long_cells_short(db: Database, tmp_path: Path) -> None:
    """A 40,000-character cell was quoted whole in the message."""
    rows = [
        desa(Nama_Desa="Kalibatur " * 4000),
        desa(Kode_Wilayah="35.04.14.2004", Negara_Penempatan="Malaysia (" + "dua " * 5000 + ")"),
        desa(Kode_Wilayah="33.01.01.2001", Negara_Penempatan="Taiwan 1" + "2" * 20 + " orang"),
    ]
    path = write_workbook(tmp_path / "desa.xlsx", {SHEET_DESA: rows})
    lines = refused(db, lambda: import_desa_file(db, path))
    contoh = 'contoh "Malaysia (218), Taiwan (173), Hong Kong".'
    assert lines == [
        'Baris 2, kolom "Nama Desa": Nama Desa "Kalibatur Kalibatur Kalibatur Kalibatur…" tidak '
        'sesuai dengan daftar wilayah: kode 35.04.14.2001 adalah desa "Kalibatur" (Kec. '
        "Kalidawir, Kab. Tulungagung). Periksa kode atau nama desanya.",
        'Baris 3, kolom "Negara Penempatan": jumlah PMI di Malaysia "dua dua dua dua dua dua dua '
        f'dua dua dua…" bukan bilangan bulat; {contoh}',
        'Baris 4, kolom "Negara Penempatan": nama negara "Taiwan 122222222222222222222 orang" '
        f"berisi angka; tulis jumlah PMI dalam kurung, {contoh}",
    ]


# --------------------------------------------------------------------------- plans


def rencana(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Tahun Anggaran": 2025,
        "Pilar": "I",
        "Nama Kegiatan": "Sosialisasi migrasi aman",
        "Volume": 40,
        "Satuan": "orang",
        "Triwulan": "II",
        "Anggaran (Rp)": 1_000_000,
        "Sumber Dana": "APBN",
    }
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


PAGU = {"Tahun Anggaran": 2025, "Pilar": "I", "Sumber Dana": "APBN", "Pagu (Rp)": 50_000_000}


def test_rencana_year_text_of_thousands_of_digits_is_refused(
    demo_db: Database, tmp_path: Path
) -> None:
    """Was ValueError ("Exceeds the limit (4300 digits) ...") in the Tahun Anggaran cell.

    Root cause: domain.formatting.parse_bilangan_bulat (reported); guarded in
    imports.rencana."""
    path = write_workbook(
        tmp_path / "rencana.xlsx",
        {SHEET_PAGU: [PAGU, {**PAGU, "Pilar": "II", "Tahun Anggaran": "2" * 5000}]},
    )
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    assert lines == [
        'Lembar "Pagu", Baris 3, kolom "Tahun Anggaran": Tahun Anggaran berisi 5000 angka: bukan '
        "tahun; tulis tahun anggaran, mis. 2024."
    ]


def test_rencana_huge_year_number_is_refused_in_a_short_message(
    demo_db: Database, tmp_path: Path
) -> None:
    """A number cell of 1e308 was read as a 309-digit year and printed whole."""
    path = write_workbook(
        tmp_path / "rencana.xlsx", {SHEET_PAGU: [{**PAGU, "Tahun Anggaran": 1e308}]}
    )
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    assert lines == [
        'Lembar "Pagu", Baris 2, kolom "Tahun Anggaran": Tahun Anggaran berisi 309 angka: bukan '
        "tahun; tulis tahun anggaran, mis. 2024."
    ]


def test_rencana_messages_of_the_shared_reader_quote_long_cells_short(
    demo_db: Database, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "rencana.xlsx",
        {SHEET_PAGU: [PAGU, {**PAGU, "Pilar": "II", "Pagu (Rp)": "Rp " + "1,2 " * 10_000}]},
    )
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    assert lines == [
        'Lembar "Pagu", Baris 3, kolom "Pagu (Rp)": Pagu (Rp) "Rp 1,2 1,2 1,2 1,2 1,2 1,2 1,2 1,2 '
        '1,2…" bukan angka rupiah yang sah, contoh: Rp 1.250.000.'
    ]


@pytest.mark.parametrize(
    ("kode", "kutipan"),
    [
        ("2025-I-" + "9" * 5000, "2025-I-" + "9" * 32 + "…"),  # ValueError in urai_kode_kegiatan
        ("2025-I-" + "0" * 24, "2025-I-" + "0" * 24),  # longer than the database keeps
        ("2025-I-00١", "2025-I-00١"),  # an Arabic-Indic digit: "2025-I-001" look-alike
    ],
    ids=["5000-angka", "31-huruf", "angka-arab"],
)
def test_rencana_bad_activity_code_is_refused(
    demo_db: Database, tmp_path: Path, kode: str, kutipan: str
) -> None:
    path = write_workbook(
        tmp_path / "rencana.xlsx",
        {SHEET_PAGU: [PAGU], SHEET_RENCANA: [rencana(Kode_Kegiatan=kode)]},
    )
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    assert lines == [
        f'Lembar "Rencana Kegiatan", Baris 2, kolom "Kode Kegiatan": Kode Kegiatan "{kutipan}" '
        "tidak sah: bentuknya TTTT-P-NNN, mis. 2024-II-003 (tahun anggaran, pilar I-IV, nomor "
        "urut tiga angka)."
    ]


def test_rencana_messages_quote_long_cells_short_and_dates_in_indonesian(
    demo_db: Database, tmp_path: Path
) -> None:
    """A 40,000-character cell was quoted whole in the message; a date as 2024-05-20 00:00:00."""
    path = write_workbook(
        tmp_path / "rencana.xlsx",
        {
            SHEET_PAGU: [PAGU],
            SHEET_RENCANA: [
                rencana(Pilar="x" * 40_000, Sumber_Dana="APBX " * 10_000),
                rencana(Triwulan=datetime(2024, 5, 20), Volume="2,555"),
            ],
        },
    )
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    x39 = "x" * 39
    assert lines == [
        f'Lembar "Rencana Kegiatan", Baris 2, kolom "Pilar": Pilar "{x39}…" tidak dikenal; '
        "tulis I, II, III atau IV (boleh juga 1-4).",
        'Lembar "Rencana Kegiatan", Baris 2, kolom "Sumber Dana": Sumber Dana "APBX APBX APBX APBX '
        'APBX APBX APBX APBX…" tidak ada dalam daftar sumber dana; pilihan: APBN, APBD Provinsi, '
        "APBD Kabupaten/Kota, Dana Desa, Lainnya. Tambahkan sumber dana itu ke daftar lebih dulu "
        "bila memang perlu.",
        'Lembar "Rencana Kegiatan", Baris 3, kolom "Volume": Volume "2,555" bukan angka yang sah; '
        "tulis angka, mis. 30 atau 2,5 (titik untuk ribuan, koma untuk desimal, paling banyak 2 "
        "angka di belakang koma).",
        'Lembar "Rencana Kegiatan", Baris 3, kolom "Triwulan": Triwulan "20/05/2024" tidak '
        "dikenal; tulis 1, 2, 3, 4 atau I, II, III, IV.",
    ]


def test_rencana_workbook_with_a_chart_sheet_is_read(demo_db: Database, tmp_path: Path) -> None:
    """A chart sheet (Excel's "Move chart to new sheet") made the sheet list fail, and the
    workbook was refused for want of the optional sheets it does not have."""
    path = write_workbook(tmp_path / "rencana.xlsx", {SHEET_PAGU: [PAGU]})
    wb = load_workbook(path)
    wb.create_chartsheet("Grafik", 0)
    wb.save(path)
    result = import_rencana_file(demo_db, path)
    assert (result.pagu, result.kegiatan_baru) == (1, 0)


def test_rencana_damaged_file_is_said_once(demo_db: Database, tmp_path: Path) -> None:
    """A damaged part of the file made every sheet report the same damaged file."""
    path = write_workbook(
        tmp_path / "rencana.xlsx", {SHEET_PAGU: [PAGU], SHEET_RENCANA: [], SHEET_REALISASI: []}
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("docProps/app.xml")  # a part no sheet needs
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    lines = refused(demo_db, lambda: import_rencana_file(demo_db, path))
    assert lines == [
        'Berkas "rencana.xlsx" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas rusak '
        "atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx."
    ]


# --------------------------------------------------------------------------- attendance


def hadir(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "Kode Wilayah": TUNGGANGRI,
        "Tanggal": "20/01/2024",
        "Topik": "Sosialisasi Modul Community Parenting",
        "Nama Peserta": "Ratna Kusumawardani",
        "Jenis Kelamin": "P",
        "Kategori": "Anak",
        "Status": "H",
    }
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


def test_kehadiran_messages_quote_long_cells_short_and_dates_in_indonesian(
    demo_db: Database, tmp_path: Path
) -> None:
    """A 40,000-character cell was quoted whole; a date as 2024-05-20 00:00:00."""
    path = write_workbook(
        tmp_path / "kehadiran.xlsx",
        {
            SHEET_KEHADIRAN: [
                hadir(Status="Hadir " * 8000, Kategori=date(2024, 5, 20)),
                hadir(Nama_Peserta="Yohanes Wibisono", Jenis_Kelamin=1.0, Status=2.5),
            ]
        },
    )
    lines = refused(demo_db, lambda: import_kehadiran_file(demo_db, path))
    assert lines == [
        'Baris 2, kolom "Status": "Hadir Hadir Hadir Hadir Hadir Hadir Had…" tidak dikenal; isi H '
        "(hadir), I (izin), S (sakit) atau A (alpa).",
        'Baris 2, kolom "Kategori": "20/05/2024" tidak dikenal; isi Anak, Pengasuh atau Orang Tua '
        "(juga Ayah, Ibu, Kakek, Nenek, Wali/Pengasuh, Kader).",
        'Baris 3, kolom "Jenis Kelamin": "1" tidak dikenal; isi L (laki-laki) atau P (perempuan).',
        'Baris 3, kolom "Status": "2.5" tidak dikenal; isi H (hadir), I (izin), S (sakit) atau A '
        "(alpa).",
    ]


def test_kehadiran_messages_of_the_shared_reader_quote_long_cells_short(
    demo_db: Database, tmp_path: Path
) -> None:
    """The shared cell readers quote a refused date whole: a 40,000-character line."""
    path = write_workbook(
        tmp_path / "kehadiran.xlsx",
        {SHEET_KEHADIRAN: [hadir(Tanggal="20/01/2024 " * 4000, Tanggal_Lahir="x" * 40_000)]},
    )
    lines = refused(demo_db, lambda: import_kehadiran_file(demo_db, path))
    assert len(lines) == 2
    assert all(len(line) < 250 for line in lines), lines
    assert lines[0].startswith(
        'Baris 2, kolom "Tanggal": Tanggal "20/01/2024 20/01/2024 20/01/2024 20/01/…"'
    )
    assert lines[1].startswith('Baris 2, kolom "Tanggal Lahir": Tanggal Lahir "' + "x" * 39 + '…"')
