"""Export of the village profiles: the workbook imports back, PDF and workbook read back.

The demo district (seven villages of Kabupaten Tulungagung) is exported through the
service; the workbook is imported into a fresh database and into the demo itself, and
both files are read back (openpyxl, pypdf) for the values that matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.units import mm

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import JenisAset, PeranPetugas, StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.lembar import KOLOM_DESA
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.exports.desa import (
    SHEET_ASET,
    SHEET_IDENTITAS,
    SHEET_PETUGAS,
    SHEET_REKAP,
    SHEET_STATISTIK,
    baris_desa,
    write_desa_pdf,
    write_desa_xlsx,
)
from desmig_desktop.exports.xlsx_base import FMT_RUPIAH, PAPER_CODES
from desmig_desktop.services.desa import DesaData, PetugasData, all_desa, save_desa
from desmig_desktop.services.ekspor_desa import ExportResult, export_desa
from desmig_desktop.services.impor_desa import import_desa_file
from desmig_desktop.services.kantor import Kantor, Ttd, save_kantor
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

TANGGAL = date(2024, 5, 20)
HEADERS = [k.header for k in KOLOM_DESA]
TUNGGANGRI = "35.04.14.2011"
KEPALA_NIP = "NIP. 19720315 199803 1 004"
KEPALA_NAMA = "Dr. Agus Santoso, S.H., M.M."
KALIBATUR = "35.04.14.2001"  # added to the demo: a village without statistics


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "keluaran"
    folder.mkdir()
    return folder


def _semua(db: Database) -> list[DesaData]:
    with UnitOfWork(db) as uow:
        return all_desa(uow)


def _tambah_desa_tanpa_statistik(db: Database) -> None:
    with UnitOfWork(db) as uow:
        save_desa(
            uow,
            DesaData(
                kode_wilayah=KALIBATUR,
                tahun_penetapan=2020,
                kepala_desa="Suparno",
                petugas=[
                    PetugasData(nama="Wahyu Pendamping", peran=PeranPetugas.PENDAMPING),
                    PetugasData(nama="Lama Tidak Aktif", telepon="081200000001", aktif=False),
                    PetugasData(nama="Siti Aminah", telepon="081234567890"),
                ],
            ),
        )


def _inti(d: DesaData) -> dict[str, object]:
    """What the Desa sheet carries of a profile."""
    petugas = next((p for p in d.petugas if p.aktif and p.peran is PeranPetugas.PETUGAS), None)
    return {
        "kode": d.kode_wilayah,
        "nama": d.nama,
        "tahun_penetapan": d.tahun_penetapan,
        "status": d.status,
        "kepala_desa": d.kepala_desa,
        "petugas": (petugas.nama, petugas.telepon) if petugas else None,
        "statistik": [
            (
                s.tahun,
                s.jumlah_penduduk,
                s.pmi_aktif_l,
                s.pmi_aktif_p,
                s.cpmi,
                s.pmi_purna,
                dict(s.negara),
            )
            for s in d.statistik
        ],
    }


# --------------------------------------------------------------------------- round trip


def test_workbook_imports_into_a_fresh_database_unchanged(
    demo_db: Database, db: Database, out: Path
) -> None:
    _tambah_desa_tanpa_statistik(demo_db)
    source = _semua(demo_db)
    assert len(source) == 8
    result = export_desa(demo_db, xlsx=out / "desa.xlsx")
    assert result == ExportResult(paths=(out / "desa.xlsx",), count=8)

    imported = import_desa_file(db, out / "desa.xlsx")
    assert (imported.created, imported.updated, imported.rows) == (8, 0, 15)
    copy = _semua(db)
    assert [_inti(d) for d in copy] == [_inti(d) for d in source]
    by_kode = {d.kode_wilayah: d for d in copy}
    assert by_kode["35.04.12.2006"].status is StatusDesa.NONAKTIF
    assert by_kode[KALIBATUR].statistik == []
    assert [(p.nama, p.telepon) for p in by_kode[KALIBATUR].petugas] == [
        ("Siti Aminah", "081234567890")
    ]
    tunggangri = by_kode[TUNGGANGRI]
    assert tunggangri.statistik_tahun(2024).negara == {  # type: ignore[union-attr]
        "Malaysia": 218,
        "Taiwan": 173,
        "Hong Kong": 141,
        "Arab Saudi": 57,
        "Singapura": 54,
    }


def test_reimport_into_the_same_database_changes_nothing(demo_db: Database, out: Path) -> None:
    before = _semua(demo_db)
    export_desa(demo_db, xlsx=out / "desa.xlsx")
    result = import_desa_file(demo_db, out / "desa.xlsx")
    assert (result.created, result.updated, result.rows) == (0, 7, 14)
    assert _semua(demo_db) == before  # every field, ids included: nothing was touched


# --------------------------------------------------------------------------- workbook


def test_workbook_reads_back(demo_db: Database, out: Path) -> None:
    path = out / "desa.xlsx"
    export_desa(demo_db, xlsx=path, paper="F4")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Desa",
        SHEET_IDENTITAS,
        SHEET_PETUGAS,
        SHEET_STATISTIK,
        SHEET_REKAP,
        SHEET_ASET,
    ]
    assert wb.active.title == "Desa"
    ws = wb["Desa"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.max_row == 1 + 14
    assert int(ws.page_setup.paperSize) == PAPER_CODES["F4"]
    rows = [dict(zip(HEADERS, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    mine = [r for r in rows if r["Kode Wilayah"] == TUNGGANGRI]
    assert [r["Tahun Data"] for r in mine] == [2023, 2024]
    r24 = mine[1]
    assert r24["Nama Desa"] == "Tunggangri"
    assert r24["Tahun Penetapan"] == 2017
    assert r24["Status"] == "Aktif"
    assert r24["Kepala Desa"] == "Suyanto"
    assert r24["Jumlah Penduduk"] == 6120
    assert (r24["PMI Aktif Laki-laki"], r24["PMI Aktif Perempuan"]) == (212, 431)
    assert (r24["CPMI"], r24["PMI Purna"]) == (38, 160)
    assert r24["Negara Penempatan"] == (
        "Malaysia (218), Taiwan (173), Hong Kong (141), Arab Saudi (57), Singapura (54)"
    )
    assert isinstance(r24["Telepon Petugas"], str) and r24["Telepon Petugas"].startswith("08")
    assert r24["Petugas Desmigratif"] == mine[0]["Petugas Desmigratif"]
    assert [r["Status"] for r in rows if r["Kode Wilayah"] == "35.04.12.2006"] == [
        "Nonaktif",
        "Nonaktif",
    ]

    ident = wb[SHEET_IDENTITAS]
    header = [c.value for c in ident[1]]
    row = next(r for r in ident.iter_rows(min_row=2, values_only=True) if r[0] == TUNGGANGRI)
    data = dict(zip(header, row, strict=True))
    assert data["Alamat Pusat Layanan"] == "Kantor Desa Tunggangri, Kec. Kalidawir"
    assert data["Perdes Perlindungan PMI"] == "Perdes Tunggangri No. 3 Tahun 2017"
    assert data["Kabupaten/Kota"] == "Kabupaten Tulungagung"

    pet = wb[SHEET_PETUGAS]
    header = [c.value for c in pet[1]]
    row = next(r for r in pet.iter_rows(min_row=2, values_only=True) if r[0] == TUNGGANGRI)
    data = dict(zip(header, row, strict=True))
    assert data["Peran"] == "Petugas Desmigratif"
    assert data["Nama"] == r24["Petugas Desmigratif"]
    assert data["Nomor SK"] == "560/120/35.04.111/2017"
    assert data["Tanggal SK"].date() == date(2017, 3, 1)
    assert data["Aktif"] == "Ya"

    stat = wb[SHEET_STATISTIK]
    header = [c.value for c in stat[1]]
    rows = [dict(zip(header, r, strict=True)) for r in stat.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 14
    t24 = next(r for r in rows if r["Kode Wilayah"] == TUNGGANGRI and r["Tahun"] == 2024)
    assert (t24["Jumlah KK"], t24["PMI Aktif"]) == (1985, 643)

    rekap = wb[SHEET_REKAP]
    assert [c.value for c in rekap["A"][1:]] == [2023, 2024]
    assert rekap["B2"].value == "=COUNTIFS('Statistik'!$C$2:$C$15,$A2)"
    assert rekap["C3"].value == "=SUMIFS('Statistik'!$D$2:$D$15,'Statistik'!$C$2:$C$15,$A3)"
    assert wb.calculation.fullCalcOnLoad

    aset = wb[SHEET_ASET]
    header = [c.value for c in aset[1]]
    assert header[:5] == ["Kode Wilayah", "Nama Desa", "Jenis", "Pilar", "Nama Kelompok/Lembaga"]
    koperasi = next(
        r
        for r in aset.iter_rows(min_row=2)
        if r[4].value == "Koperasi Desmigratif Tunggangri Sejahtera"
    )
    values = dict(zip(header, (c.value for c in koperasi), strict=True))
    assert (values["Jenis"], values["Pilar"]) == ("Koperasi", "IV")
    assert values["Modal (Rp)"] == 37_500_000
    assert koperasi[header.index("Modal (Rp)")].number_format == FMT_RUPIAH
    assert values["Nomor Badan Hukum"] == "AHU-001234.AH.01.26.TAHUN 2019"
    assert values["Tanggal Badan Hukum"].date() == date(2019, 8, 12)
    assert aset.cell(row=aset.max_row, column=header.index("Modal (Rp)") + 1).value == "=SUM(I2:I9)"


def test_village_rows_of_plain_values() -> None:
    """The writer takes any objects with the right attributes (no services needed)."""

    @dataclass
    class Petugas:
        nama: str
        peran: PeranPetugas = PeranPetugas.PETUGAS
        telepon: str = ""
        sk_nomor: str = ""
        sk_tanggal: date | None = None
        aktif: bool = True

    @dataclass
    class Desa:
        kode_wilayah: str = KALIBATUR
        nama: str = "Kalibatur"
        kecamatan: str = "Kalidawir"
        kabkota: str = "Kabupaten Tulungagung"
        provinsi: str = "Jawa Timur"
        tahun_penetapan: int = 2020
        status: StatusDesa = StatusDesa.AKTIF
        kepala_desa: str = ""
        alamat_layanan: str = ""
        perdes_pmi: str = ""
        catatan: str = ""
        petugas: list[Petugas] = field(default_factory=list)
        statistik: list[object] = field(default_factory=list)
        aset: list[object] = field(default_factory=list)

    desa = Desa(
        petugas=[
            Petugas("Pendamping", peran=PeranPetugas.PENDAMPING),
            Petugas("Dulu", telepon="081200000001", aktif=False),
            Petugas("Siti Aminah", telepon="081234567890"),
        ]
    )
    (row,) = baris_desa(desa)  # type: ignore[arg-type]
    cells = dict(zip(HEADERS, row, strict=True))
    assert cells["Petugas Desmigratif"] == "Siti Aminah"
    assert cells["Telepon Petugas"] == "081234567890"
    assert cells["Kepala Desa"] is None  # empty: keeps the stored value on import
    for header in HEADERS[7:]:
        assert cells[header] is None


# --------------------------------------------------------------------------- PDF


def _pages(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (a wrapped cell reads as one line)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_pdf_one_profile_page_per_village(demo_db: Database, out: Path) -> None:
    path = out / "profil.pdf"
    result = export_desa(demo_db, pdf=path, tanggal=TANGGAL)
    assert result.count == 7
    reader = PdfReader(path)
    pages = _pages(path)
    assert len(pages) == 7
    villages = _semua(demo_db)
    for number, (text, desa) in enumerate(zip(pages, villages, strict=True), start=1):
        assert "PROFIL DESA DESMIGRATIF" in text
        assert "PEMERINTAH KABUPATEN TULUNGAGUNG" in text
        assert "DINAS TENAGA KERJA" in text
        assert f"Desa {desa.nama} — Kecamatan {desa.kecamatan}, Kabupaten Tulungagung" in text
        assert desa.kode_wilayah in text
        assert "Tulungagung, 20 Mei 2024" in text
        assert "Mengetahui," in text
        assert KEPALA_NAMA in text and KEPALA_NIP in text
        assert "Rina Kusumawati, S.Sos." in text  # the Koordinator signs beside
        assert f"Halaman {number} dari 7" in text
        assert "Profil Desa Desmigratif — DINAS TENAGA KERJA" in text
    tunggangri = pages[[d.kode_wilayah for d in villages].index(TUNGGANGRI)]
    for expected in (
        "Suyanto",
        "Perdes Tunggangri No. 3 Tahun 2017",
        "Kantor Desa Tunggangri, Kec. Kalidawir",
        "6.120",  # penduduk 2024
        "5.814",  # penduduk 2023
        "1.985",  # KK 2024
        "643",  # PMI aktif 2024
        "Negara Penempatan 2024",
        "Malaysia",
        "33,9%",
        "Koperasi Desmigratif Tunggangri",
        "AHU-001234.AH.01.26.TAHUN",
        "12 Agustus 2019",
        "Rp 37.500.000",
        "1 Maret 2017",
    ):
        assert expected in tunggangri, expected
    assert reader.metadata.title == "Profil Desa Desmigratif"
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert (round(width / mm), round(height / mm)) == (210, 297)  # the default setting: A4


def test_pdf_on_f4_from_the_setting_and_rupiah_spacing(demo_db: Database, out: Path) -> None:
    settings = Settings()
    settings.set("ukuran_kertas", "F4")
    settings.set("rupiah_spasi", False)
    settings.save()
    path = out / "profil-f4.pdf"
    export_desa(demo_db, pdf=path, tanggal=TANGGAL)
    reader = PdfReader(path)
    assert len(reader.pages) == 7
    for page in reader.pages:
        width, height = (float(x) for x in page.mediabox[2:])
        assert (round(width / mm), round(height / mm)) == (215, 330)
    text = "".join(_pages(path))
    assert "Rp37.500.000" in text and "Rp 37.500.000" not in text


def test_a_long_profile_flows_and_keeps_its_signature(demo_db: Database, out: Path) -> None:
    (desa,) = [d for d in _semua(demo_db) if d.kode_wilayah == TUNGGANGRI]
    from desmig_desktop.services.desa import AsetData

    desa.aset += [
        AsetData(
            jenis=JenisAset.BUMDES,
            nama=f"BUMDes Maju Bersama Unit {i}",
            badan_hukum_nomor="AHU-0099.AH.01.33.TAHUN 2021",
            badan_hukum_tanggal=date(2021, 2, 3),
            jumlah_anggota=20 + i,
            modal=Decimal(125_000_000 + i),
        )
        for i in range(30)
    ]
    kantor = Kantor(instansi="Dinas Tenaga Kerja", kota="Tulungagung")
    kepala = Ttd(
        nama=KEPALA_NAMA,
        jabatan="Kepala Dinas Tenaga Kerja",
        peran="kepala_dinas",  # type: ignore[arg-type]
        nip="197203151998031004",
    )
    path = out / "panjang.pdf"
    write_desa_pdf(path, [desa], kantor=kantor, penandatangan=kepala, tanggal=TANGGAL)
    pages = _pages(path)
    assert len(pages) >= 2
    assert KEPALA_NIP not in "".join(pages[:-1])
    last = pages[-1]
    assert KEPALA_NIP in last and "Tulungagung, 20 Mei 2024" in last
    assert "BUMDes Maju Bersama Unit 29" in last  # the table's end is on the signature's page
    assert "Mengetahui," not in last  # one signer: no "Mengetahui,"


# --------------------------------------------------------------------------- edges


def test_empty_database_gives_a_template_and_a_page_that_says_so(db: Database, out: Path) -> None:
    with UnitOfWork(db) as uow:
        save_kantor(uow, Kantor(instansi="Dinas Tenaga Kerja", kota="Tulungagung"))
    result = export_desa(db, xlsx=out / "kosong.xlsx", pdf=out / "kosong.pdf", tanggal=TANGGAL)
    assert result.count == 0
    assert result.paths == (out / "kosong.xlsx", out / "kosong.pdf")
    wb = load_workbook(out / "kosong.xlsx")
    ws = wb["Desa"]
    assert ws.max_row == 1
    assert [c.value for c in ws[1]] == HEADERS
    for name in wb.sheetnames:
        assert wb[name].max_row == 1, name
    (text,) = _pages(out / "kosong.pdf")
    assert "PROFIL DESA DESMIGRATIF" in text
    assert "Belum ada desa Desmigratif yang terdaftar" in text
    assert "DINAS TENAGA KERJA" in text


def test_pdf_refused_without_office_identity(db: Database, out: Path) -> None:
    with pytest.raises(ValidationError, match="Identitas kantor belum lengkap"):
        export_desa(db, xlsx=out / "desa.xlsx", pdf=out / "profil.pdf")
    assert list(out.iterdir()) == []  # checked before anything was written
    # The workbook alone needs no letterhead.
    assert export_desa(db, xlsx=out / "desa.xlsx").count == 0


def test_bad_requests_are_refused(demo_db: Database, out: Path) -> None:
    with pytest.raises(ValidationError, match="Pilih berkas Excel atau PDF"):
        export_desa(demo_db)
    with pytest.raises(ValidationError, match="Ukuran kertas"):
        export_desa(demo_db, pdf=out / "x.pdf", paper="Letter")
    assert list(out.iterdir()) == []


class _Batal:
    def set_total(self, total: int, label: str = "") -> None:
        pass

    def advance(self, step: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return True


def test_cancelled_export_writes_nothing(demo_db: Database, out: Path) -> None:
    desa = _semua(demo_db)
    kantor = Kantor(instansi="Dinas Tenaga Kerja", kota="Tulungagung")
    with pytest.raises(Cancelled):
        write_desa_xlsx(out / "desa.xlsx", desa, kantor=kantor, progress=_Batal())
    with pytest.raises(Cancelled):
        write_desa_pdf(
            out / "profil.pdf",
            desa,
            kantor=kantor,
            penandatangan=None,
            tanggal=TANGGAL,
            progress=_Batal(),
        )
    assert list(out.iterdir()) == []
