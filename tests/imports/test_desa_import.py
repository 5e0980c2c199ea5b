"""Import of the villages workbook (sheet ``Desa``): every row checked, all or nothing.

Workbooks are built here with openpyxl from real region codes (Kalidawir, Tulungagung;
Lombok Timur; Cilacap; Aceh Selatan); the database is a real migrated SQLite file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import PeranPetugas, StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.lembar import KOLOM_DESA, Jenis, Kolom
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.imports.desa import format_negara, parse_negara
from desmig_desktop.imports.workbook import (
    ImportErrors,
    RowError,
    convert_row,
    read_cell,
    read_sheet,
    split_daftar,
)
from desmig_desktop.services.desa import DesaData, get_desa_by_kode
from desmig_desktop.services.impor_desa import (
    ImportResult,
    import_desa,
    import_desa_file,
    read_desa_workbook,
)
from desmig_desktop.services.uow import UnitOfWork

HEADERS = [k.header for k in KOLOM_DESA]
THIS_YEAR = date.today().year

# --------------------------------------------------------------------------- helpers


def write_xlsx(
    path: Path,
    rows: Iterable[Mapping[str, object]],
    headers: list[str] | None = None,
    sheet: str = "Desa",
) -> Path:
    """A workbook with one sheet: ``headers`` on row 1, then one row per mapping."""
    headers = headers or HEADERS
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    wb.save(path)
    return path


def row(**cells: object) -> dict[str, object]:
    """A row by header; keyword names use underscores for spaces and hyphens."""
    names = {h.replace(" ", "_").replace("-", "_"): h for h in HEADERS}
    return {names[k]: v for k, v in cells.items()}


KALIBATUR_2024 = row(
    Kode_Wilayah="35.04.14.2001",
    Nama_Desa="Kalibatur",
    Tahun_Penetapan=2019,
    Status="Aktif",
    Kepala_Desa="Suparno",
    Petugas_Desmigratif="Siti Aminah",
    Telepon_Petugas="+62 812-3456-7890",
    Tahun_Data=2024,
    Jumlah_Penduduk=5210,
    PMI_Aktif_Laki_laki=150,
    PMI_Aktif_Perempuan=310,
    CPMI=25,
    PMI_Purna=120,
    Negara_Penempatan="Malaysia (218), Taiwan (173), Hong Kong",
)
KALIBATUR_2023 = row(
    Kode_Wilayah="35.04.14.2001",
    Nama_Desa="KALIBATUR",
    Tahun_Penetapan=2019,
    Petugas_Desmigratif="siti  aminah",
    Tahun_Data=2023,
    Jumlah_Penduduk=5150,
    PMI_Aktif_Laki_laki=140,
    PMI_Aktif_Perempuan=298,
    CPMI=31,
    PMI_Purna=104,
    Negara_Penempatan="Malaysia (200), Taiwan (160)",
)
KALIDAWIR = row(
    Kode_Wilayah="35.04.14.2004",
    Nama_Desa="Desa Kalidawir",
    Tahun_Penetapan=2020,
    Status="nonaktif",
    Kepala_Desa="Hj. Umi Kulsum",
)
TANJUNG_LUAR = row(  # Lombok Timur, numbers as Excel gives them (floats)
    Kode_Wilayah="52.03.01.2001",
    Nama_Desa="Tanjung Luar",
    Tahun_Penetapan=2021.0,
    Petugas_Desmigratif="Lalu Muhammad Zaini",
    Telepon_Petugas=81917654321.0,
    Jumlah_Penduduk=1200.0,
    PMI_Aktif_Laki_laki=310.0,
    PMI_Aktif_Perempuan=95.0,
    CPMI=40.0,
    PMI_Purna="1.050",
    Negara_Penempatan="Malaysia (280), Arab Saudi (60), Korea Selatan (12)",
)
TAMBAKREJA = row(  # Cilacap, Jawa Tengah; only the required cells
    Kode_Wilayah=" 33.01.01.2001 ",
    Tahun_Penetapan="2018",
)


def import_file(db: Database, path: Path) -> ImportResult:
    return import_desa_file(db, path)


def refused(db: Database, path: Path) -> ImportErrors:
    with pytest.raises(ImportErrors) as info:
        import_desa_file(db, path)
    return info.value


def read(db: Database, kode: str) -> DesaData:
    with UnitOfWork(db) as uow:
        data = get_desa_by_kode(uow, kode)
    assert data is not None
    return data


_TABLES = ("desa", "petugas_desa", "statistik_desa", "statistik_negara", "negara", "aset_pilar")


def dump(db: Database) -> dict[str, object]:
    """Row counts of every table and the full contents of the village tables."""
    with db.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        out: dict[str, object] = {
            f"count:{t}": conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
            for t in list(tables)
        }
        for t in _TABLES:
            out[t] = conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all()
    return out


class StopAfter:
    """A Progress whose ``cancelled()`` turns True after ``n`` advances in phase ``label``."""

    def __init__(self, label: str, n: int) -> None:
        self.label, self.n = label, n
        self.phase = ""
        self.advanced = 0
        self.labels: list[str] = []

    def set_total(self, total: int, label: str = "") -> None:
        self.phase = label
        self.labels.append(label)
        self.advanced = 0

    def advance(self, step: int = 1) -> None:
        self.advanced += step

    def cancelled(self) -> bool:
        return self.label in self.phase and self.advanced >= self.n


# --------------------------------------------------------------------------- good path


def test_good_path_creates_villages_with_statistics_and_officers(
    db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "desa.xlsx",
        [KALIBATUR_2024, KALIBATUR_2023, KALIDAWIR, TANJUNG_LUAR, TAMBAKREJA],
    )
    result = import_file(db, path)
    assert result == ImportResult(created=4, updated=0, rows=5)

    kalibatur = read(db, "35.04.14.2001")
    assert (kalibatur.nama, kalibatur.kecamatan) == ("Kalibatur", "Kalidawir")
    assert (kalibatur.kabkota, kalibatur.provinsi) == ("Kabupaten Tulungagung", "Jawa Timur")
    assert kalibatur.tahun_penetapan == 2019
    assert kalibatur.status is StatusDesa.AKTIF
    assert kalibatur.kepala_desa == "Suparno"
    assert [(p.nama, p.peran, p.telepon) for p in kalibatur.petugas] == [
        ("Siti Aminah", PeranPetugas.PETUGAS, "081234567890")
    ]
    st24 = kalibatur.statistik_tahun(2024)
    assert st24 is not None
    assert (st24.jumlah_penduduk, st24.pmi_aktif_l, st24.pmi_aktif_p) == (5210, 150, 310)
    assert (st24.cpmi, st24.pmi_purna) == (25, 120)
    assert st24.negara == {"Malaysia": 218, "Taiwan": 173, "Hong Kong": None}
    st23 = kalibatur.statistik_tahun(2023)
    assert st23 is not None
    assert (st23.pmi_aktif_l, st23.pmi_aktif_p, st23.cpmi) == (140, 298, 31)
    assert st23.negara == {"Malaysia": 200, "Taiwan": 160}

    kalidawir = read(db, "35.04.14.2004")
    assert kalidawir.status is StatusDesa.NONAKTIF
    assert kalidawir.kepala_desa == "Hj. Umi Kulsum"
    assert kalidawir.statistik == [] and kalidawir.petugas == []

    tanjung = read(db, "52.03.01.2001")
    assert (tanjung.kabkota, tanjung.provinsi) == ("Kabupaten Lombok Timur", "Nusa Tenggara Barat")
    assert tanjung.tahun_penetapan == 2021
    assert tanjung.petugas[0].telepon == "081917654321"
    st = tanjung.statistik_tahun(2021)  # Tahun Data defaults to Tahun Penetapan
    assert st is not None
    assert (st.jumlah_penduduk, st.pmi_aktif_l, st.pmi_aktif_p, st.pmi_purna) == (
        1200,
        310,
        95,
        1050,
    )
    assert st.negara == {"Malaysia": 280, "Arab Saudi": 60, "Korea Selatan": 12}

    tambakreja = read(db, "33.01.01.2001")
    assert (tambakreja.nama, tambakreja.kabkota) == ("Tambakreja", "Kabupaten Cilacap")
    assert tambakreja.status is StatusDesa.AKTIF and tambakreja.statistik == []


def test_odd_headers_extra_columns_and_shuffled_order_are_accepted(
    db: Database, tmp_path: Path
) -> None:
    odd = {
        "Kode Wilayah": "  kode   WILAYAH ",
        "Tahun Penetapan": "tahun penetapan",
        "PMI Aktif Perempuan": "Pmi Aktif  Perempuan",
        "Negara Penempatan": " NEGARA PENEMPATAN",
    }
    order = ["No.", *reversed(HEADERS), "Keterangan"]
    headers = [odd.get(h, h) for h in order]
    rows = []
    for src in (KALIBATUR_2024, TANJUNG_LUAR):
        mapped = {odd.get(h, h): v for h, v in src.items()}
        rows.append({**mapped, "No.": len(rows) + 1, "Keterangan": "data Disnaker 2024"})
    path = write_xlsx(tmp_path / "acak.xlsx", rows, headers)
    assert import_file(db, path) == ImportResult(created=2, updated=0, rows=2)
    st = read(db, "35.04.14.2001").statistik_tahun(2024)
    assert st is not None and st.pmi_aktif_p == 310
    assert st.negara["Malaysia"] == 218


def test_reimport_updates_instead_of_duplicating(demo_db: Database, tmp_path: Path) -> None:
    betak = read(demo_db, "35.04.14.2016")
    assert betak.kepala_desa == "Mujiono"
    old_2023 = betak.statistik_tahun(2023)
    old_2024 = betak.statistik_tahun(2024)
    assert old_2023 is not None and old_2024 is not None and old_2024.jumlah_kk
    officer = betak.petugas[0]
    before = dump(demo_db)

    update = row(
        Kode_Wilayah="35.04.14.2016",
        Nama_Desa="betak",
        Tahun_Penetapan=2017,
        Petugas_Desmigratif=officer.nama.upper(),  # the same officer, other case
        Telepon_Petugas="0857-1234-5678",
        Tahun_Data=2024,
        Jumlah_Penduduk=4900,
        PMI_Aktif_Laki_laki=150,
        PMI_Aktif_Perempuan=320,
        CPMI=30,
        PMI_Purna=125,
        Negara_Penempatan="Hong Kong (200), Taiwan (150)",
    )
    path = write_xlsx(tmp_path / "betak.xlsx", [update, KALIDAWIR])
    assert import_file(demo_db, path) == ImportResult(created=1, updated=1, rows=2)

    after = read(demo_db, "35.04.14.2016")
    assert after.id == betak.id and after.public_id == betak.public_id
    assert after.kepala_desa == "Mujiono"  # empty cell keeps the stored value
    assert [(p.nama, p.telepon) for p in after.petugas] == [(officer.nama, "085712345678")]
    st = after.statistik_tahun(2024)
    assert st is not None
    assert (st.jumlah_penduduk, st.pmi_aktif_l, st.pmi_aktif_p, st.cpmi, st.pmi_purna) == (
        4900,
        150,
        320,
        30,
        125,
    )
    assert st.negara == {"Hong Kong": 200, "Taiwan": 150}
    assert st.id == old_2024.id and st.jumlah_kk == old_2024.jumlah_kk  # not in the sheet
    assert after.statistik_tahun(2023) == old_2023
    assert len(after.aset) == len(betak.aset)

    counts = dump(demo_db)
    assert counts["count:desa"] == before["count:desa"] + 1  # only Kalidawir is new
    assert counts["count:statistik_desa"] == before["count:statistik_desa"]
    assert counts["count:petugas_desa"] == before["count:petugas_desa"]

    # the same file again: everything updated, nothing added
    assert import_file(demo_db, path) == ImportResult(created=0, updated=2, rows=2)
    again = dump(demo_db)
    for key in ("count:desa", "count:statistik_desa", "count:petugas_desa", "statistik_negara"):
        assert again[key] == counts[key]


def test_a_new_officer_is_added_and_a_new_year_appended(demo_db: Database, tmp_path: Path) -> None:
    betak = read(demo_db, "35.04.14.2016")
    new_year = row(
        Kode_Wilayah="35.04.14.2016",
        Tahun_Penetapan=2017,
        Kepala_Desa="Mujiono, S.Pd.",
        Petugas_Desmigratif="Dwi Rahayu",
        Telepon_Petugas="(0355) 321456",
        Tahun_Data=2025,
        PMI_Aktif_Laki_laki=160,
        PMI_Aktif_Perempuan=330,
    )
    assert import_file(demo_db, write_xlsx(tmp_path / "b.xlsx", [new_year])).updated == 1
    after = read(demo_db, "35.04.14.2016")
    assert after.kepala_desa == "Mujiono, S.Pd."
    assert [p.nama for p in after.petugas] == [betak.petugas[0].nama, "Dwi Rahayu"]
    assert after.petugas[1].telepon == "0355321456"
    assert after.petugas[1].peran is PeranPetugas.PETUGAS
    st = after.statistik_tahun(2025)
    assert st is not None and (st.pmi_aktif, st.cpmi, st.jumlah_penduduk) == (490, 0, None)
    assert after.statistik_tahun(2024) == betak.statistik_tahun(2024)


# --------------------------------------------------------------------------- bad rows

GOOD = KALIDAWIR
BETAK = {"Kode Wilayah": "35.04.14.2016", "Tahun Penetapan": 2017}
Y = THIS_YEAR

BAD_ROWS = [
    (
        {"Kode Wilayah": "35.04.14.2099"},
        'Baris 3, kolom "Kode Wilayah": Kode wilayah "35.04.14.2099" tidak ada dalam daftar '
        "wilayah resmi Kemendagri.",
    ),
    (
        {"Kode Wilayah": "35.4.14.2016"},
        'Baris 3, kolom "Kode Wilayah": Kode wilayah "35.4.14.2016" tidak sah: kode '
        "desa/kelurahan berbentuk 35.04.14.2011.",
    ),
    (
        {"Kode Wilayah": "35.04.14"},
        'Baris 3, kolom "Kode Wilayah": Kode wilayah "35.04.14" tidak sah: kode '
        "desa/kelurahan berbentuk 35.04.14.2011.",
    ),
    (
        {"Kode Wilayah": 3504142016},
        'Baris 3, kolom "Kode Wilayah": Kode Wilayah "3504142016" tidak sah: tulis sebagai '
        "teks bertitik, misalnya 35.04.14.2011.",
    ),
    (
        {"Nama Desa": "Betok"},
        'Baris 3, kolom "Nama Desa": Nama Desa "Betok" tidak sesuai dengan daftar wilayah: '
        'kode 35.04.14.2016 adalah desa "Betak" (Kec. Kalidawir, Kab. Tulungagung). '
        "Periksa kode atau nama desanya.",
    ),
    (
        {"Tahun Penetapan": 2015},
        'Baris 3, kolom "Tahun Penetapan": Tahun Penetapan 2015 terlalu awal: program '
        "Desmigratif dimulai 2016.",
    ),
    (
        {"Tahun Data": Y + 2, "CPMI": 3},
        f'Baris 3, kolom "Tahun Data": Tahun Data {Y + 2} belum tiba: paling lambat {Y + 1} '
        f"(tahun ini {Y}).",
    ),
    (
        {"Tahun Penetapan": datetime(2018, 1, 1)},
        'Baris 3, kolom "Tahun Penetapan": Tahun Penetapan harus tahun (mis. 2018), bukan tanggal.',
    ),
    (
        {"Tahun Penetapan": None},
        'Baris 3, kolom "Tahun Penetapan": Tahun Penetapan wajib diisi.',
    ),
    ({"CPMI": -5}, 'Baris 3, kolom "CPMI": CPMI tidak boleh negatif.'),
    ({"CPMI": "-5"}, 'Baris 3, kolom "CPMI": CPMI tidak boleh negatif.'),
    (
        {"PMI Purna": "12,5"},
        'Baris 3, kolom "PMI Purna": PMI Purna harus bilangan bulat, bukan "12,5".',
    ),
    (
        {"PMI Purna": 12.5},
        'Baris 3, kolom "PMI Purna": PMI Purna harus bilangan bulat, bukan "12,5".',
    ),
    (
        {"Jumlah Penduduk": "lima ribu"},
        'Baris 3, kolom "Jumlah Penduduk": Jumlah Penduduk harus bilangan bulat, bukan '
        '"lima ribu".',
    ),
    (
        {"Petugas Desmigratif": "Siti Aminah", "Telepon Petugas": "12345"},
        'Baris 3, kolom "Telepon Petugas": Telepon Petugas "12345" tidak sah: contoh '
        "0812-3456-7890.",
    ),
    (
        {"Petugas Desmigratif": "Siti Aminah", "Telepon Petugas": "0812-34"},
        'Baris 3, kolom "Telepon Petugas": Telepon Petugas "0812-34" tidak sah: nomor HP '
        "harus 10 sampai 13 angka, contoh 0812-3456-7890.",
    ),
    (
        {"Telepon Petugas": "081234567890"},
        'Baris 3, kolom "Telepon Petugas": Telepon Petugas diisi tetapi Petugas Desmigratif '
        "kosong; isi nama petugasnya.",
    ),
    (
        {"Status": "Tutup"},
        'Baris 3, kolom "Status": Status: "Tutup" tidak dikenal; pilihan: Aktif, Nonaktif.',
    ),
    (
        {
            "PMI Aktif Laki-laki": 10,
            "PMI Aktif Perempuan": 10,
            "Negara Penempatan": "Malaysia (15), Taiwan (10)",
        },
        'Baris 3, kolom "Negara Penempatan": jumlah PMI per negara (25) melebihi PMI aktif '
        "(Laki-laki 10 + Perempuan 10 = 20).",
    ),
    (
        {"Jumlah Penduduk": 1200, "PMI Aktif Laki-laki": 700, "PMI Aktif Perempuan": 800},
        'Baris 3, kolom "Jumlah Penduduk": PMI aktif (Laki-laki 700 + Perempuan 800 = '
        "1.500) melebihi Jumlah Penduduk (1.200).",
    ),
    (
        {"PMI Aktif Laki-laki": 30, "Negara Penempatan": "Malaysia 20"},
        'Baris 3, kolom "Negara Penempatan": nama negara "Malaysia 20" berisi angka; tulis '
        'jumlah PMI dalam kurung, contoh "Malaysia (218), Taiwan (173), Hong Kong".',
    ),
    (
        {"PMI Aktif Laki-laki": 30, "Negara Penempatan": "Malaysia (12,5)"},
        'Baris 3, kolom "Negara Penempatan": Jumlah PMI di Malaysia harus bilangan bulat, '
        'bukan "12,5".',
    ),
    (
        {"PMI Aktif Laki-laki": 30, "Negara Penempatan": "Malaysia (10), malaysia (5)"},
        'Baris 3, kolom "Negara Penempatan": negara "malaysia" disebut dua kali.',
    ),
    (
        {"PMI Aktif Laki-laki": 30, "Negara Penempatan": "Malaysia (10, Taiwan"},
        'Baris 3, kolom "Negara Penempatan": Negara Penempatan "Malaysia (10, Taiwan" tidak '
        'sah: tanda kurung "(" dan ")" tidak berpasangan.',
    ),
]


@pytest.mark.parametrize(("cells", "line"), BAD_ROWS, ids=[line[:60] for _, line in BAD_ROWS])
def test_each_bad_row_is_reported_with_row_column_and_rule(
    db: Database, tmp_path: Path, cells: dict[str, object], line: str
) -> None:
    bad = {**BETAK, "Nama Desa": "Betak", **cells}
    path = write_xlsx(tmp_path / "desa.xlsx", [GOOD, bad])
    err = refused(db, path)
    assert [str(e) for e in err.errors] == [line]
    assert err.message.splitlines() == [
        "Impor dari desa.xlsx ditolak (1 kesalahan); tidak ada data yang disimpan.",
        line,
    ]
    assert dump(db)["count:desa"] == 0


def test_every_problem_of_the_file_is_reported_at_once(db: Database, tmp_path: Path) -> None:
    rows = [
        GOOD,
        {**BETAK, "CPMI": -1, "PMI Purna": "x", "Status": "?"},
        {},  # fully empty rows are skipped, not counted
        {"Kode Wilayah": "11.01.01.2001", "Nama Desa": "Keude Bakongan", "Tahun Penetapan": 2016},
        {"Kode Wilayah": "99.99.99.9999", "Tahun Penetapan": 2014},
    ]
    err = refused(db, write_xlsx(tmp_path / "banyak.xlsx", rows))
    assert [str(e) for e in err.errors] == [
        'Baris 3, kolom "Status": Status: "?" tidak dikenal; pilihan: Aktif, Nonaktif.',
        'Baris 3, kolom "CPMI": CPMI tidak boleh negatif.',
        'Baris 3, kolom "PMI Purna": PMI Purna harus bilangan bulat, bukan "x".',
        'Baris 6, kolom "Tahun Penetapan": Tahun Penetapan 2014 terlalu awal: program '
        "Desmigratif dimulai 2016.",
        'Baris 6, kolom "Kode Wilayah": Kode wilayah "99.99.99.9999" tidak ada dalam daftar '
        "wilayah resmi Kemendagri.",
    ]
    assert err.message.startswith("Impor dari banyak.xlsx ditolak (5 kesalahan)")


def test_the_same_village_and_year_twice_names_both_rows(db: Database, tmp_path: Path) -> None:
    rows = [
        KALIBATUR_2024,
        KALIBATUR_2023,
        GOOD,
        {**KALIBATUR_2024, "PMI Purna": 99},
        # Tahun Data defaults to Tahun Penetapan: 2020 and 2020
        {**GOOD, "Jumlah Penduduk": 4100},
    ]
    err = refused(db, write_xlsx(tmp_path / "ganda.xlsx", rows))
    assert [str(e) for e in err.errors] == [
        'Baris 5, kolom "Kode Wilayah": Kode Wilayah 35.04.14.2001 dengan Tahun Data 2024 '
        "muncul dua kali: baris 2 dan baris 5. Satu desa hanya satu baris per Tahun Data; "
        "gabungkan kedua baris.",
        'Baris 6, kolom "Kode Wilayah": Kode Wilayah 35.04.14.2004 dengan Tahun Data 2020 '
        "muncul dua kali: baris 4 dan baris 6. Satu desa hanya satu baris per Tahun Data; "
        "gabungkan kedua baris.",
    ]


def test_rows_of_one_village_must_agree(db: Database, tmp_path: Path) -> None:
    rows = [
        KALIBATUR_2024,
        {**KALIBATUR_2023, "Tahun Penetapan": 2018, "Status": "Nonaktif"},
        {**KALIBATUR_2023, "Tahun Data": 2022, "Telepon Petugas": "081399998888"},
    ]
    err = refused(db, write_xlsx(tmp_path / "beda.xlsx", rows))
    assert [str(e) for e in err.errors] == [
        'Baris 3, kolom "Tahun Penetapan": Tahun Penetapan "2018" berbeda dengan baris 2 '
        '("2019") untuk desa yang sama (35.04.14.2001); samakan.',
        'Baris 3, kolom "Status": Status "Nonaktif" berbeda dengan baris 2 ("Aktif") untuk '
        "desa yang sama (35.04.14.2001); samakan.",
        'Baris 4, kolom "Telepon Petugas": Telepon Petugas 081399998888 berbeda dengan baris 2 '
        "(081234567890) untuk petugas yang sama (siti aminah); samakan.",
    ]


# --------------------------------------------------------------------------- the file


def test_missing_required_columns_are_each_reported(db: Database, tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h not in ("Kode Wilayah", "Tahun Penetapan")]
    err = refused(db, write_xlsx(tmp_path / "kolom.xlsx", [KALIBATUR_2024], headers))
    assert [str(e) for e in err.errors] == [
        'Kolom wajib "Kode Wilayah" tidak ada di baris judul.',
        'Kolom wajib "Tahun Penetapan" tidak ada di baris judul.',
    ]


def test_a_duplicated_header_is_refused(db: Database, tmp_path: Path) -> None:
    headers = [*HEADERS, "tahun data"]
    err = refused(db, write_xlsx(tmp_path / "dobel.xlsx", [KALIBATUR_2024], headers))
    assert [str(e) for e in err.errors] == [
        'Kolom "Tahun Data" muncul dua kali di baris judul (kolom H dan O); hapus salah satunya.'
    ]


def test_a_missing_sheet_names_the_sheets_present(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "lain.xlsx"
    wb = Workbook()
    wb.create_sheet("Rencana Kegiatan")
    wb.save(path)
    err = refused(db, path)
    assert [str(e) for e in err.errors] == [
        'Lembar "Desa" tidak ditemukan; lembar yang ada: "Sheet", "Rencana Kegiatan".'
    ]


def test_the_sheet_name_is_matched_in_any_case(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kecil.xlsx", [GOOD], sheet="DESA")
    assert import_file(db, path).created == 1


def test_an_empty_sheet_is_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    wb = Workbook()
    assert wb.active is not None
    wb.active.title = "Desa"
    wb.save(path)
    assert [str(e) for e in refused(db, path).errors] == [
        'Lembar "Desa" kosong: baris 1 harus berisi judul kolom (paling sedikit Kode Wilayah, '
        "Tahun Penetapan)."
    ]
    header_only = write_xlsx(tmp_path / "judul.xlsx", [{}, {}])
    assert [str(e) for e in refused(db, header_only).errors] == [
        'Lembar "Desa" tidak berisi data: tidak ada baris di bawah judul.'
    ]


def _ole2(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "desa.csv",
            b"Kode Wilayah,Tahun Penetapan\n35.04.14.2001,2019\n",
            'Berkas "desa.csv" bukan buku kerja Excel (.xlsx); buka di Excel lalu simpan '
            "sebagai Buku Kerja Excel (.xlsx), lalu impor lagi.",
        ),
        (
            "desa.xls",
            _ole2(),
            'Berkas "desa.xls" berformat Excel 97-2003 (.xls) yang tidak didukung; buka di '
            "Excel lalu simpan sebagai Buku Kerja Excel (.xlsx), lalu impor lagi.",
        ),
        (
            "lama.xlsx",
            _ole2(),
            'Berkas "lama.xlsx" berformat Excel 97-2003 (.xls) yang tidak didukung; buka di '
            "Excel lalu simpan sebagai Buku Kerja Excel (.xlsx), lalu impor lagi.",
        ),
        (
            "rahasia.xlsx",
            _ole2("EncryptionInfo".encode("utf-16-le")),
            'Berkas "rahasia.xlsx" dilindungi kata sandi; buka di Excel, hapus kata sandinya '
            "(File > Info > Lindungi Buku Kerja), simpan, lalu impor lagi.",
        ),
        (
            "teks.xlsx",
            b"Kode Wilayah;Tahun\n",
            'Berkas "teks.xlsx" bukan buku kerja Excel (.xlsx) yang sah: isinya bukan format '
            "xlsx atau berkas rusak; buka di Excel lalu simpan sebagai Buku Kerja Excel "
            "(.xlsx), lalu impor lagi.",
        ),
        (
            "zip.xlsx",
            None,  # a zip archive that is not a workbook
            'Berkas "zip.xlsx" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas '
            "rusak atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx.",
        ),
        ("hilang.xlsx", b"", 'Berkas "hilang.xlsx" tidak ditemukan.'),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_clearly(
    db: Database, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    elif content:
        path.write_bytes(content)
    err = refused(db, path)
    assert [str(e) for e in err.errors] == [message]
    assert "Traceback" not in err.message


def test_a_truncated_workbook_is_refused_clearly(db: Database, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "utuh.xlsx", [GOOD]).read_bytes()
    path = tmp_path / "potong.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert [str(e) for e in refused(db, path).errors] == [
        'Berkas "potong.xlsx" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas '
        "rusak atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx."
    ]


# --------------------------------------------------------------------------- all or nothing


def test_a_refused_import_leaves_the_database_unchanged(demo_db: Database, tmp_path: Path) -> None:
    before = dump(demo_db)
    update = {**BETAK, "Kepala Desa": "Baru", "Tahun Data": 2024, "PMI Aktif Laki-laki": 1}
    rows = [update, KALIBATUR_2024, {**GOOD, "CPMI": "banyak"}]
    err = refused(demo_db, write_xlsx(tmp_path / "tolak.xlsx", rows))
    assert [str(e) for e in err.errors] == [
        'Baris 4, kolom "CPMI": CPMI harus bilangan bulat, bukan "banyak".'
    ]
    assert dump(demo_db) == before


@pytest.mark.parametrize(("phase", "n"), [("Memeriksa", 2), ("Menyimpan", 3)])
def test_cancelling_midway_writes_nothing(
    demo_db: Database, tmp_path: Path, phase: str, n: int
) -> None:
    before = dump(demo_db)
    rows = [
        {**BETAK, "Kepala Desa": "Baru", "Tahun Data": 2024, "PMI Aktif Laki-laki": 1},
        KALIBATUR_2024,
        KALIBATUR_2023,
        KALIDAWIR,
        TANJUNG_LUAR,
    ]
    path = write_xlsx(tmp_path / "batal.xlsx", rows)
    progress = StopAfter(phase, n)
    with pytest.raises(Cancelled):
        import_desa_file(demo_db, path, progress)
    assert any(phase in label for label in progress.labels)
    assert dump(demo_db) == before
    # not cancelled, the same file goes in
    assert import_desa_file(demo_db, path).rows == 5


def test_rows_read_with_one_unit_of_work_are_written_once(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dua.xlsx", [KALIBATUR_2024, KALIDAWIR])
    with UnitOfWork(db) as uow:
        rows = read_desa_workbook(path, uow)
        assert [r.baris for r in rows] == [2, 3]
        assert rows[0].statistik is not None and rows[0].statistik.pmi_aktif == 460
        assert rows[1].statistik is None and rows[1].tahun_data == 2020
        assert import_desa(uow, rows) == ImportResult(created=2, updated=0, rows=2)
    assert dump(db)["count:desa"] == 2
    with UnitOfWork(db) as uow:
        assert import_desa(uow, []) == ImportResult(0, 0, 0)


# --------------------------------------------------------------------------- countries


def test_country_counts_round_trip() -> None:
    negara = {"Malaysia": 218, "Taiwan": 173, "Hong Kong": None, "Arab Saudi": 0}
    text_ = format_negara(negara)
    assert text_ == "Malaysia (218), Taiwan (173), Hong Kong, Arab Saudi (0)"
    assert dict(parse_negara(split_daftar(text_, "Negara Penempatan"))) == negara
    assert parse_negara(["  Korea   Selatan ( 1.200 ) "]) == (("Korea Selatan", 1200),)
    assert parse_negara(["Brunei Darussalam ()"]) == (("Brunei Darussalam", None),)
    with pytest.raises(ValidationError, match="tidak sah"):
        parse_negara(["(12)"])


# --------------------------------------------------------------------------- workbook.py

TANGGAL = Kolom("Tanggal", Jenis.TANGGAL, True)
TOPIK = Kolom("Topik", Jenis.TEKS, True)
PAGU = Kolom("Pagu (Rp)", Jenis.RUPIAH)
PESERTA = Kolom("Peserta", Jenis.DAFTAR)


def test_read_cell_by_kind() -> None:
    assert read_cell(TANGGAL, datetime(2024, 5, 20, 9, 30)) == date(2024, 5, 20)
    assert read_cell(TANGGAL, "20/05/2024") == date(2024, 5, 20)
    assert read_cell(TANGGAL, "2024-05-20") == date(2024, 5, 20)
    assert read_cell(TANGGAL, "  ") is None
    assert read_cell(TOPIK, 12.0) == "12"
    assert read_cell(TOPIK, 12.5) == "12.5"
    assert read_cell(TOPIK, "  Pola Asuh Anak  ") == "Pola Asuh Anak"
    assert read_cell(PAGU, "Rp 1.250.000") == Decimal("1250000")
    assert read_cell(PAGU, 1250000.5) == Decimal("1250000.50")
    assert read_cell(PESERTA, "Ani, Budi (Ayah, Wali),, Citra") == [
        "Ani",
        "Budi (Ayah, Wali)",
        "Citra",
    ]
    kode = next(k for k in KOLOM_DESA if k.jenis is Jenis.KODE_DESA)
    assert read_cell(kode, " 35.04.14.2011 ") == "35.04.14.2011"
    status = next(k for k in KOLOM_DESA if k.jenis is Jenis.STATUS_DESA)
    assert read_cell(status, "AKTIF") is StatusDesa.AKTIF


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2024", 'Tanggal "31/02/2024" tidak ada di kalender.'),
        ("2024-13-01", 'Tanggal "2024-13-01" tidak ada di kalender.'),
        (
            "20 Mei 2024",
            'Tanggal "20 Mei 2024" tidak dikenali; tulis sebagai HH/BB/TTTT (contoh '
            "20/05/2024), HH-BB-TTTT (20-05-2024) atau TTTT-BB-HH (2024-05-20).",
        ),
        (
            45432,
            'Tanggal "45432" bukan tanggal; tulis sebagai tanggal Excel atau HH/BB/TTTT '
            "(contoh 20/05/2024).",
        ),
    ],
)
def test_impossible_or_unreadable_dates_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        read_cell(TANGGAL, value)
    assert info.value.message == message


def test_a_generic_sheet_with_dates_is_read_by_row(tmp_path: Path) -> None:
    """Another sheet (as attendance will be) through the same reader and row conversion."""
    path = tmp_path / "hadir.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kehadiran"
    ws.append(["Topik", "Tanggal", "Catatan"])
    ws.append(["Pola Asuh Anak Usia Dini", datetime(2024, 5, 11), "pagi"])
    ws.append([None, None, None])
    ws.append(["Kesehatan dan Gizi Anak", "31/02/2024", None])
    ws.append([None, "2024-06-01", None])
    wb.save(path)
    sheet = read_sheet(path, "kehadiran", (TOPIK, TANGGAL))
    assert sheet.nama == "Kehadiran" and sheet.kolom == (TOPIK, TANGGAL)
    assert [n for n, _ in sheet] == [2, 4, 5]
    errors: list[RowError] = []
    typed = [convert_row(n, raw, errors) for n, raw in sheet]
    assert typed[0] == {TOPIK: "Pola Asuh Anak Usia Dini", TANGGAL: date(2024, 5, 11)}
    assert [str(e) for e in errors] == [
        'Baris 4, kolom "Tanggal": Tanggal "31/02/2024" tidak ada di kalender.',
        'Baris 5, kolom "Topik": Topik wajib diisi.',
    ]


def _set_cached_value(path: Path, formula: str, value: str) -> None:
    """Store a calculated value for ``formula`` as Excel would (openpyxl writes none)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    # openpyxl writes an empty value as <v /> (or <v></v> when it writes with lxml)
    old = next(
        o
        for o in (f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v></v>".encode())
        if o in parts[sheet]
    )
    parts[sheet] = parts[sheet].replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_formulas_give_their_calculated_values(db: Database, tmp_path: Path) -> None:
    rows = [{**KALIBATUR_2024, "PMI Aktif Perempuan": "=J2*2+10"}]
    path = write_xlsx(tmp_path / "rumus.xlsx", rows)
    # never calculated (written by a program): refused, naming the formula
    err = refused(db, path)
    assert [str(e) for e in err.errors] == [
        'Baris 2, kolom "PMI Aktif Perempuan": sel berisi rumus tanpa nilai ("=J2*2+10"): '
        "buku kerja belum pernah dihitung. Buka dan simpan berkas di Excel agar nilainya "
        "terhitung, atau ketik nilainya."
    ]
    _set_cached_value(path, "J2*2+10", "310")
    assert import_file(db, path).created == 1
    st = read(db, "35.04.14.2001").statistik_tahun(2024)
    assert st is not None and st.pmi_aktif_p == 310


def test_excel_error_values_are_reported(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "galat.xlsx", [{**GOOD, "CPMI": "#N/A"}])
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # openpyxl writes "#N/A" typed as an error cell
    assert 't="e"' in xml
    assert [str(e) for e in refused(db, path).errors] == [
        'Baris 2, kolom "CPMI": sel berisi galat Excel #N/A; perbaiki rumus atau isinya.'
    ]


def test_the_report_is_capped_but_every_error_kept() -> None:
    errors = [RowError(n, "CPMI", "CPMI tidak boleh negatif.") for n in range(2, 252)]
    err = ImportErrors([*errors, RowError(None, None, "Berkas rusak.")], "besar.xlsx")
    assert len(err.errors) == 251 and str(err.errors[0]) == "Berkas rusak."
    lines = str(err).splitlines()
    assert (
        lines[0] == "Impor dari besar.xlsx ditolak (251 kesalahan); tidak ada data yang disimpan."
    )
    assert len(lines) == 1 + 200 + 1
    assert lines[-1] == "... dan 51 kesalahan lain."
    assert lines[-2] == 'Baris 200, kolom "CPMI": CPMI tidak boleh negatif.'
    assert isinstance(err, ValidationError)
    assert str(RowError(7, None, "baris kosong.")) == "Baris 7: baris kosong."


def test_in_a_calculated_workbook_a_formula_without_value_is_empty(
    db: Database, tmp_path: Path
) -> None:
    """Excel stores no value for a formula whose result is empty text (=IF(...;"";...))."""
    rows = [{**KALIBATUR_2024, "PMI Aktif Perempuan": "=J2*2+10", "CPMI": "=K2-K2"}]
    path = write_xlsx(tmp_path / "kosong.xlsx", rows)
    _set_cached_value(path, "J2*2+10", "310")
    assert import_file(db, path).created == 1
    st = read(db, "35.04.14.2001").statistik_tahun(2024)
    assert st is not None and (st.pmi_aktif_p, st.cpmi) == (310, 0)


def test_a_profile_refused_while_saving_rolls_everything_back(
    demo_db: Database, tmp_path: Path
) -> None:
    """A rule only the stored profile can break (a bad phone saved long ago) still refuses
    the whole file, after other villages were already flushed."""
    with demo_db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE petugas_desa SET telepon = '123' WHERE desa_id = "
                "(SELECT id FROM desa WHERE kode_wilayah = '35.04.14.2016')"
            )
        )
    before = dump(demo_db)
    rows = [KALIBATUR_2024, TANJUNG_LUAR, {**BETAK, "Kepala Desa": "Mujiono"}]
    err = refused(demo_db, write_xlsx(tmp_path / "simpan.xlsx", rows))
    assert [str(e) for e in err.errors] == [
        'Baris 4, kolom "Telepon Petugas": Telepon Petugas "123" tidak sah: contoh 0812-3456-7890.'
    ]
    assert dump(demo_db) == before
