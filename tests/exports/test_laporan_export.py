"""The quarterly report to the ministry: workbook and PDF read back for the numbers that matter.

The demo district (2024 plans realised in TW I–II) and a small district seeded here through
the services, whose figures are known by construction. The workbook is also recalculated
by LibreOffice headless (when installed): its formulas must give the report's totals.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Group, String
from reportlab.lib.units import mm

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import (
    JenisKelamin,
    KategoriPeserta,
    Kehadiran,
    PeranPenandatangan,
    Pilar,
    StatusKegiatan,
    Triwulan,
)
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_persen
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.exports.laporan import (
    PROGRAM,
    SHEET_CATATAN,
    SHEET_DESA,
    SHEET_PARENTING,
    SHEET_RINGKASAN,
    format_periode,
    serapan_drawing,
    write_laporan_pdf,
    write_laporan_xlsx,
)
from desmig_desktop.exports.pdf_base import FONT, FONT_BOLD, content_width
from desmig_desktop.exports.xlsx_base import FMT_PERSEN, FMT_RUPIAH, PAPER_CODES
from desmig_desktop.services.desa import (
    DesaData,
    StatistikData,
    get_desa_by_kode,
    save_desa,
)
from desmig_desktop.services.ekspor_laporan import ExportResult, baca_laporan, export_laporan
from desmig_desktop.services.kantor import Kantor, Ttd, save_kantor, save_ttd_list
from desmig_desktop.services.laporan import CEK_JUDUL, LaporanTriwulan
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    save_pertemuan,
    save_peserta,
    set_marks,
)
from desmig_desktop.services.rencana import (
    AnggaranBaris,
    KegiatanData,
    RealisasiData,
    create_tahun,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

D = Decimal
TANGGAL = date(2024, 7, 5)
KEPALA = "Dr. Agus Santoso, S.H., M.M."
KEPALA_NIP = "NIP. 19720315 199803 1 004"
PJ = "Bagus Hermawan, S.E."
PJ_NIP = "NIP. 19791108 200604 1 002"
SHEETS = [SHEET_RINGKASAN, "Pilar I", "Pilar II", "Pilar III", "Pilar IV", SHEET_PARENTING]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "keluaran"
    folder.mkdir()
    return folder


@pytest.fixture
def seeded(db: Database) -> Database:
    """A small district whose report figures are known by construction (as in
    test_laporan_service), with an office, signers and an over-budget activity."""
    with UnitOfWork(db) as uow:
        save_kantor(
            uow,
            Kantor(
                pemerintah="Pemerintah Kabupaten Tulungagung",
                instansi="Dinas Tenaga Kerja",
                kota="Tulungagung",
            ),
        )
        save_ttd_list(
            uow,
            [
                Ttd(KEPALA, "Kepala Dinas", PeranPenandatangan.KEPALA_DINAS, "197203151998031004"),
                Ttd(PJ, "Kepala Bidang", PeranPenandatangan.PENANGGUNG_JAWAB, "197911082006041002"),
            ],
        )
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
        b = save_kegiatan(
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
        # a: over its budget only with TW III: a TW II report must not mark it
        save_realisasi(
            uow,
            a,
            RealisasiData(Triwulan.III, D(1_500_000), D(0), StatusKegiatan.SELESAI),
            confirm_over=True,
        )
        # b: over its budget in TW II (confirmed): marked
        save_realisasi(
            uow,
            b,
            RealisasiData(Triwulan.II, D(1_200_000), D(1), StatusKegiatan.SELESAI, "Harga naik"),
            confirm_over=True,
        )
        # c: realised in TW III only: must not count in a TW II report
        save_realisasi(
            uow, c, RealisasiData(Triwulan.III, D(900_000), D(10), StatusKegiatan.SELESAI)
        )
        betak = get_desa_by_kode(uow, "35.04.14.2016")
        assert betak is not None and betak.id is not None
        desa_id = betak.id
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


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _rows(ws, first: int) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


def _header_row(ws, first_header: str) -> int:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_header:
            return row[0].row
    raise AssertionError(f"no header {first_header!r} in {ws.title}")


def _laporan(db: Database, tahun: int, tw: int) -> LaporanTriwulan:
    return baca_laporan(db, tahun, tw)


# --------------------------------------------------------------------------- workbook


def test_workbook_sheets_rows_and_formulas(seeded: Database, out: Path) -> None:
    result = export_laporan(seeded, 2025, 2, xlsx=out / "tw2.xlsx", paper="F4")
    assert result == ExportResult(paths=(out / "tw2.xlsx",), cek_count=result.cek_count)
    assert result.cek_count >= 3  # kehadiran, statistik, melebihi
    wb = load_workbook(out / "tw2.xlsx")
    assert wb.sheetnames == [*SHEETS, SHEET_DESA, SHEET_CATATAN]

    ws = wb[SHEET_RINGKASAN]
    assert ws["A1"].value == "LAPORAN TRIWULAN II TAHUN 2025"
    assert ws["A2"].value == PROGRAM
    assert "1 April – 30 Juni 2025" in ws["A3"].value
    h = _header_row(ws, "Pilar")
    assert ws.freeze_panes == f"A{h + 1}"
    assert ws.print_title_rows == f"${h}:${h}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == PAPER_CODES["F4"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    header = [c.value for c in ws[h]]
    assert header[:7] == [
        "Pilar",
        "Pagu (Rp)",
        "Rencana Anggaran (Rp)",
        "Realisasi TW II (Rp)",
        "Realisasi s.d. TW II (Rp)",
        "Serapan s.d. TW II",
        "Sisa Pagu (Rp)",
    ]
    pilar_i = [c.value for c in ws[h + 1]]
    assert pilar_i[:5] == ["Pilar I – Layanan Migrasi", 3_000_000, 3_000_000, 1_700_000, 2_200_000]
    r = h + 1
    assert pilar_i[5] == f'=IF(B{r}=0,"",E{r}/B{r})'
    assert pilar_i[6] == f"=B{r}-E{r}"
    # counts: Sosialisasi selesai, Bimtek selesai; both reached their target
    assert pilar_i[7:] == [2, 2, 0, 0, 0, 2]
    assert ws.cell(r, 2).number_format == FMT_RUPIAH
    assert ws.cell(r, 6).number_format == FMT_PERSEN
    total = [c.value for c in ws[h + 5]]
    assert total[0] == "Jumlah"
    assert total[1] == f"=SUM(B{h + 1}:B{h + 4})"
    assert total[4] == f"=SUM(E{h + 1}:E{h + 4})"
    assert total[5] == f'=IF(B{h + 5}=0,"",E{h + 5}/B{h + 5})'
    assert all(isinstance(v, str) and v.startswith("=") for v in total[1:])

    ws = wb["Pilar I"]
    h = _header_row(ws, "Kode")
    rows = _rows(ws, h + 1)
    assert rows[0] == [
        "2025-I-001",
        "Tingkat kabupaten",
        "Sosialisasi",
        2,
        "kali",
        2,
        2_000_000,
        500_000,
        1_000_000,
        "Selesai",
        None,  # over budget only after TW III: not in a TW II report
    ]
    assert rows[1][0] == "2025-I-002"
    assert rows[1][8] == 1_200_000
    note = rows[1][10]
    assert isinstance(note, str) and note.startswith("Melebihi anggaran") and "Harga naik" in note
    assert rows[2][0] == "JUMLAH"
    assert rows[2][6:9] == [f"=SUM({c}{h + 1}:{c}{h + 2})" for c in "GHI"]

    ws = wb["Pilar II"]
    h = _header_row(ws, "Kode")
    (pelatihan, jumlah) = _rows(ws, h + 1)
    assert pelatihan[1] == "Betak"
    assert pelatihan[7:10] == [0, 0, "Belum mulai"]  # the TW III realisation does not count
    assert jumlah[0] == "JUMLAH"

    ws = wb["Pilar III"]  # no activities: header only, no total over an empty range
    assert ws.max_row == _header_row(ws, "Kode")

    ws = wb[SHEET_PARENTING]
    h = _header_row(ws, "Kode Wilayah")
    (betak, jumlah) = _rows(ws, h + 1)
    assert betak[:9] == ["35.04.14.2016", "Betak", 3, 1, 1, 2, 1, 0, 1]
    r = h + 1
    assert betak[9] == f'=IF(SUM(F{r}:I{r})=0,"",F{r}/SUM(F{r}:I{r}))'
    assert jumlah[5] == f"=SUM(F{r}:F{r})"
    assert jumlah[9] == f'=IF(SUM(F{r + 1}:I{r + 1})=0,"",F{r + 1}/SUM(F{r + 1}:I{r + 1}))'

    ws = wb[SHEET_DESA]
    h = _header_row(ws, "Kode Wilayah")
    rows = _rows(ws, h + 1)
    assert rows[0] == ["35.04.14.2016", "Betak", "Kalidawir", "Aktif", 2025, 30, 3, 4]
    assert rows[1][:5] == ["35.04.14.2017", "Pagersari", "Kalidawir", "Aktif", None]
    assert rows[2][5] == f"=SUM(F{h + 1}:F{h + 2})"

    ws = wb[SHEET_CATATAN]
    h = _header_row(ws, "No")
    jenis = [row[1] for row in _rows(ws, h + 1)]
    assert CEK_JUDUL["melebihi"] in jenis and CEK_JUDUL["statistik"] in jenis


def _recalculate(src: Path, folder: Path) -> Path:
    """Open ``src`` in LibreOffice headless and save it again: formulas get their values."""
    folder.mkdir()
    profile = (folder / "profil").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder / "hasil"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / "hasil" / src.name


def test_libreoffice_recalculates_the_report_totals(
    demo_db: Database, out: Path, tmp_path: Path
) -> None:
    assert shutil.which("soffice"), "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
    lap = _laporan(demo_db, 2024, 2)
    write_laporan_xlsx(out / "tw2.xlsx", lap, paper="A4", cek_judul=CEK_JUDUL)
    wb = load_workbook(_recalculate(out / "tw2.xlsx", tmp_path / "lo"), data_only=True)

    ws = wb[SHEET_RINGKASAN]
    h = _header_row(ws, "Pilar")
    total = [c.value for c in ws[h + 5]]
    assert total[0] == "Jumlah"
    assert total[1] == 475_000_000 == lap.total.anggaran.pagu
    assert total[2] == lap.total.anggaran.rencana
    assert total[3] == lap.total.realisasi_tw
    assert total[4] == 179_700_000 == lap.total.realisasi_sd
    assert lap.total.serapan_sd is not None
    assert total[5] == pytest.approx(float(lap.total.serapan_sd) / 100)  # 37,83%
    assert total[6] == lap.total.sisa
    assert total[7:] == [
        lap.total.kegiatan,
        lap.total.selesai,
        lap.total.berjalan,
        lap.total.batal,
        lap.total.rencana,
        lap.total.mencapai_target,
    ]
    for offset, line in enumerate(lap.ringkasan[:4], start=1):
        row = [c.value for c in ws[h + offset]]
        assert row[5] == pytest.approx(float(line.serapan_sd or 0) / 100)
        assert row[6] == line.sisa

    for pilar in Pilar:
        ws = wb[f"Pilar {pilar.value}"]
        items = lap.kegiatan[pilar]
        h = _header_row(ws, "Kode")
        jumlah = [c.value for c in ws[h + len(items) + 1]]
        assert jumlah[0] == "JUMLAH"
        assert jumlah[6] == sum(k.anggaran for k in items)
        assert jumlah[8] == sum(k.realisasi_sd(2) for k in items) == lap.pilar(pilar).realisasi_sd

    ws = wb[SHEET_PARENTING]
    h = _header_row(ws, "Kode Wilayah")
    jumlah = [c.value for c in ws[h + len(lap.parenting) + 1]]
    assert jumlah[5:9] == [157, 25, 11, 9]
    assert lap.parenting_total.rate is not None
    assert jumlah[9] == pytest.approx(float(lap.parenting_total.rate) / 100)  # 77,72%

    ws = wb[SHEET_DESA]
    h = _header_row(ws, "Kode Wilayah")
    jumlah = [c.value for c in ws[h + len(lap.desa) + 1]]
    assert jumlah[5] == sum(d.pmi_aktif or 0 for d in lap.desa)


# --------------------------------------------------------------------------- PDF


def test_demo_pdf_reads_back(demo_db: Database, out: Path) -> None:
    result = export_laporan(demo_db, 2024, 2, pdf=out / "tw2.pdf", paper="A4", tanggal=TANGGAL)
    assert result.paths == (out / "tw2.pdf",)
    pages = _pages(out / "tw2.pdf")
    n = len(pages)
    text = "\n".join(pages)
    first = _flat(pages[0])
    assert "LAPORAN TRIWULAN II TAHUN 2024" in first
    assert PROGRAM in first and "Periode 1 April – 30 Juni 2024" in first
    assert "DINAS TENAGA KERJA" in first and "PEMERINTAH KABUPATEN TULUNGAGUNG" in first
    assert "Rp 475.000.000" in first and "Rp 179.700.000" in first and "37,83%" in first
    assert "Pilar II – Usaha Produktif" in first
    for i, page in enumerate(pages, start=1):
        assert f"Halaman {i} dari {n}" in page
    flat = _flat(text)
    for heading in (
        "I. RINGKASAN ANGGARAN DAN KEGIATAN",
        "II. KEGIATAN PER PILAR",
        "D. Pilar IV – Koperasi Desmigratif",
        "III. COMMUNITY PARENTING",
        "IV. DESA DESMIGRATIF",
    ):
        assert heading in flat
    assert "77,72%" in flat  # overall attendance rate
    assert "Tingkat kabupaten" in flat
    for name in (KEPALA, PJ, KEPALA_NIP, PJ_NIP, "Mengetahui,", "Tulungagung, 5 Juli 2024"):
        assert text.count(name) == 1, name
    # The signature page also holds the village table's last row (never alone).
    (ttd_page,) = [i for i, p in enumerate(pages) if KEPALA in p]
    signed = _flat(pages[ttd_page])
    assert PJ in signed
    last = _laporan(demo_db, 2024, 2).desa[-1]
    assert re.search(rf"{re.escape(last.kode_wilayah)} {last.nama} {last.kecamatan}", signed)
    # The check list follows the signatures as an annex.
    assert ttd_page == n - 2
    annex = _flat(pages[-1])
    assert "LAMPIRAN: DAFTAR PERIKSA" in annex
    assert CEK_JUDUL["kehadiran"] in annex and "Panggungkalak" in annex


def test_landscape_f4_and_rupiah_without_space(demo_db: Database, out: Path) -> None:
    settings = Settings(out / "pengaturan.ini")
    settings.set("rupiah_spasi", False)
    settings.set("ukuran_kertas", "F4")
    export_laporan(
        demo_db,
        2024,
        2,
        pdf=out / "tw2.pdf",
        tanggal=TANGGAL,
        settings=settings,
        lampiran_cek=False,
    )
    reader = PdfReader(out / "tw2.pdf")
    for page in reader.pages:
        width, height = (float(x) for x in page.mediabox[2:])
        assert (round(width / mm), round(height / mm)) == (330, 215)
    text = _flat("\n".join(_pages(out / "tw2.pdf")))
    assert "Rp475.000.000" in text and "Rp 475.000.000" not in text
    assert "LAMPIRAN" not in text  # lampiran_cek=False
    assert reader.metadata is not None and reader.metadata.title == "LAPORAN TRIWULAN II TAHUN 2024"


def test_seeded_pdf_marks_over_budget_rows_as_of_the_quarter(seeded: Database, out: Path) -> None:
    export_laporan(seeded, 2025, 2, pdf=out / "tw2.pdf", paper="A4", tanggal=TANGGAL)
    pages = _pages(out / "tw2.pdf")
    text = _flat("\n".join(pages))
    assert "LAPORAN TRIWULAN II TAHUN 2025" in text
    assert "Rp 1.200.000 *" in text  # Bimtek, over its budget in TW II
    assert "Melebihi anggaran (lebih Rp 200.000); Harga naik" in text
    assert text.count("000 *") == 1  # Sosialisasi is over only after TW III
    assert "Tanda * : realisasi s.d. Triwulan II melebihi anggaran" in text
    assert "Belum ada kegiatan yang direncanakan pada pilar ini." in text  # Pilar III, IV
    assert "50,00%" in text  # Betak's attendance: 2 H of 4 marks
    annex = _flat(pages[-1])
    assert "LAMPIRAN: DAFTAR PERIKSA" in annex
    headings = [CEK_JUDUL[k] for k in ("realisasi", "kehadiran", "statistik", "melebihi")]
    found = [h for h in headings if h in annex]
    assert found == [h for h in headings if h in text] and len(found) >= 3
    assert [annex.index(h) for h in found] == sorted(annex.index(h) for h in found)


@pytest.mark.parametrize("extra", [6, 12, 18, 24, 30, 36])
def test_signature_never_alone_whatever_the_village_count(
    seeded: Database, out: Path, extra: int
) -> None:
    lap = _laporan(seeded, 2025, 2)
    base = lap.desa[0]
    many = [
        dataclasses.replace(base, id=100 + i, kode_wilayah=f"35.04.99.{2001 + i}", nama=f"Desa{i}")
        for i in range(extra)
    ]
    lap = dataclasses.replace(lap, desa=[*lap.desa, *many])
    path = out / f"ttd{extra}.pdf"
    write_laporan_pdf(path, lap, tanggal=TANGGAL, lampiran_cek=False, cek_judul=CEK_JUDUL)
    pages = _pages(path)
    (ttd_page,) = [i for i, p in enumerate(pages) if KEPALA_NIP in p]
    assert ttd_page == len(pages) - 1
    assert f"Desa{extra - 1}" in pages[ttd_page]  # the last village row
    assert f"35.04.99.{2001 + extra - 2}" in pages[ttd_page]  # and the row before it


def test_duck_typed_plain_values_and_an_empty_report(seeded: Database, out: Path) -> None:
    lap = _laporan(seeded, 2025, 2)
    empty = dataclasses.replace(
        lap,
        kegiatan={p: [] for p in Pilar},
        parenting=[],
        desa=[],
        cek=[],
        kepala_dinas=None,
        penanggung_jawab=None,
    )
    write_laporan_pdf(out / "kosong.pdf", empty, tanggal=TANGGAL)
    text = _flat("\n".join(_pages(out / "kosong.pdf")))
    assert "Tidak ada pertemuan community parenting pada Triwulan II" in text
    assert "Belum ada desa Desmigratif yang terdaftar." in text
    assert "NIP. ......" in text  # signers to be filled in by hand
    assert "LAMPIRAN" not in text
    write_laporan_xlsx(out / "kosong.xlsx", empty)
    wb = load_workbook(out / "kosong.xlsx")
    assert wb.sheetnames == [*SHEETS, SHEET_DESA]  # no Catatan without items
    assert (
        format_periode(date(2024, 12, 1), date(2025, 1, 31)) == "1 Desember 2024 – 31 Januari 2025"
    )


# --------------------------------------------------------------------------- refusals


def test_refusals_write_nothing(seeded: Database, out: Path) -> None:
    with pytest.raises(ValidationError, match="Pilih berkas Excel atau PDF"):
        export_laporan(seeded, 2025, 2)
    with pytest.raises(ValidationError) as info:
        export_laporan(seeded, 2030, 2, xlsx=out / "x.xlsx", pdf=out / "x.pdf")
    assert info.value.message == "Tahun anggaran 2030 belum ada."
    with pytest.raises(ValidationError, match="Triwulan"):
        export_laporan(seeded, 2025, 5, xlsx=out / "x.xlsx")
    with pytest.raises(ValidationError, match="Ukuran kertas"):
        export_laporan(seeded, 2025, 2, pdf=out / "x.pdf", paper="Letter")
    assert list(out.iterdir()) == []


def test_pdf_refused_without_office_identity(db: Database, out: Path) -> None:
    with UnitOfWork(db) as uow:
        create_tahun(uow, 2025)
    with pytest.raises(ValidationError, match="Identitas kantor belum lengkap"):
        export_laporan(db, 2025, 2, xlsx=out / "x.xlsx", pdf=out / "x.pdf")
    assert list(out.iterdir()) == []  # checked before anything was written
    # The workbook alone needs no letterhead.
    result = export_laporan(db, 2025, 2, xlsx=out / "x.xlsx")
    assert result == ExportResult(paths=(out / "x.xlsx",), cek_count=0)


class _BatalSetelah:
    """Cancels after ``n`` questions: part of the work is done, nothing is written."""

    def __init__(self, n: int) -> None:
        self.n = n

    def set_total(self, total: int, label: str = "") -> None:
        pass

    def advance(self, step: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        self.n -= 1
        return self.n < 0


@pytest.mark.parametrize("after", [0, 3, 6])
def test_cancellation_leaves_no_file(demo_db: Database, out: Path, after: int) -> None:
    lap = _laporan(demo_db, 2024, 2)
    (out / "lama.pdf").write_bytes(b"%PDF lama")
    with pytest.raises(Cancelled):
        write_laporan_xlsx(out / "tw2.xlsx", lap, progress=_BatalSetelah(after))
    with pytest.raises(Cancelled):
        write_laporan_pdf(out / "lama.pdf", lap, tanggal=TANGGAL, progress=_BatalSetelah(after))
    with pytest.raises(Cancelled):
        export_laporan(demo_db, 2024, 2, xlsx=out / "baru.xlsx", progress=_BatalSetelah(after))
    assert sorted(p.name for p in out.iterdir()) == ["lama.pdf"]
    assert (out / "lama.pdf").read_bytes() == b"%PDF lama"  # an existing file stays as it was


# --------------------------------------------------------------------------- serapan chart


def _pilar_lines(lap: LaporanTriwulan) -> list:  # type: ignore[type-arg]
    return [r for r in lap.ringkasan if r.pilar is not None]


def _strings(node) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Every String shape under a drawing or group (charts expanded to their shapes)."""
    found = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            found.append(child)
        elif isinstance(child, Group):
            found += _strings(child)
        elif hasattr(child, "draw"):  # a chart or a legend: a widget drawing a group
            found += _strings(child.draw())
    return found


def test_serapan_drawing_shows_the_report_figures(demo_db: Database) -> None:
    lap = _laporan(demo_db, 2024, 2)
    width = content_width("A4", landscape=True) * 0.65
    d = serapan_drawing(lap, width, 65 * mm)
    assert (d.width, d.height) == (width, 65 * mm)
    chart = d.chart
    assert isinstance(chart, VerticalBarChart)
    lines = _pilar_lines(lap)
    assert chart.data == [
        [float(r.anggaran.pagu) for r in lines],
        [float(r.realisasi_sd) for r in lines],
    ]
    assert [chart.bars[i].fillColor.hexval() for i in (0, 1)] == ["0x9db8d9", "0x1f5fa8"]
    assert [n.split("\n")[0] for n in chart.categoryAxis.categoryNames] == [
        "Pilar I",
        "Pilar II",
        "Pilar III",
        "Pilar IV",
    ]
    # a round axis maximum above the tallest bar, in four round steps, short Rupiah labels
    va = chart.valueAxis
    tallest = max(max(row) for row in chart.data)
    assert va.valueMin == 0 and tallest < va.valueMax <= 2 * tallest
    assert va.valueStep == va.valueMax / 4
    mantissa = va.valueStep / 10 ** math.floor(math.log10(va.valueStep))
    assert mantissa in (1, 2, 2.5, 5)
    assert va.valueMax == 200_000_000 and va.labelTextFormat(50_000_000) == "Rp 50 jt"
    # the serapan above each pillar's bars, as the summary table prints it
    labels = d.serapan.contents
    assert [s.text for s in labels] == [format_persen(r.serapan_sd) for r in lines]
    assert labels[0].text == "48,71%"
    plot_top = chart.y + chart.height
    for s, pagu, realisasi in zip(labels, *chart.data, strict=True):
        bar_top = chart.y + chart.height * max(pagu, realisasi) / va.valueMax
        assert bar_top < s.y and s.y + s.fontSize <= plot_top + 1
    texts = {s.text for s in _strings(d)}
    assert {"Pagu", "Realisasi s.d. TW II", "Rp 0", "Rp 200 jt", "48,71%"} <= texts
    assert {s.fontName for s in _strings(d)} <= {FONT, FONT_BOLD}


def test_serapan_drawing_leaves_pillars_without_pagu_unlabelled(seeded: Database) -> None:
    lap = _laporan(seeded, 2025, 2)
    d = serapan_drawing(lap, 480, 180)
    # Pilar I: 2,2 jt of 3 jt; Pilar II: nothing of 1 jt; III and IV have no pagu
    assert [s.text for s in d.serapan.contents] == ["73,33%", "0,00%"]
    assert d.chart.data == [[3e6, 1e6, 0.0, 0.0], [2.2e6, 0.0, 0.0, 0.0]]
    assert d.chart.valueAxis.valueMax == 4e6  # 3 jt and room for its label: 4 x 1 jt


def test_pdf_summary_shows_the_serapan_chart(demo_db: Database, out: Path) -> None:
    lap = _laporan(demo_db, 2024, 2)
    write_laporan_pdf(out / "tw2.pdf", lap, tanggal=TANGGAL, cek_judul=CEK_JUDUL)
    pages = [_flat(p) for p in _pages(out / "tw2.pdf")]
    heading = "C. Pagu dan realisasi s.d. TW II per pilar"
    (at,) = [i for i, p in enumerate(pages) if heading in p]
    assert at <= 1  # on the summary page, or the next one when the tables fill it
    # heading, legend, axis and serapan labels together, before section II
    page = pages[at]
    chart = page[page.index(heading) : page.index("II. KEGIATAN PER PILAR")]
    for text in ("Pagu", "Realisasi s.d. TW II", "Rp 200 jt", "Rp 50 jt", "Layanan Migrasi"):
        assert text in chart, text
    for r in _pilar_lines(lap):
        assert format_persen(r.serapan_sd) in chart
    assert "48,71%" in chart and "50,50%" in chart


def test_pdf_without_any_pagu_has_no_chart(seeded: Database, out: Path) -> None:
    lap = _laporan(seeded, 2025, 2)
    kosong = [dataclasses.replace(r, anggaran=AnggaranBaris(r.pilar, "")) for r in lap.ringkasan]
    lap = dataclasses.replace(lap, ringkasan=kosong)
    write_laporan_pdf(out / "nol.pdf", lap, tanggal=TANGGAL, lampiran_cek=False)
    text = _flat("\n".join(_pages(out / "nol.pdf")))
    assert "I. RINGKASAN ANGGARAN DAN KEGIATAN" in text
    assert "Pagu dan realisasi" not in text
    d = serapan_drawing(lap, 480, 180)  # the drawing itself still draws (an empty axis)
    assert d.chart.valueAxis.valueMax > 0 and d.serapan.contents == []


def _cells(wb, ref: str) -> list[object]:  # type: ignore[no-untyped-def]
    """The values of a chart reference such as ``'Ringkasan'!$B$7:$B$10``."""
    sheet, cells = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws.iter_rows(*_bounds(cells)) for c in row]


def _bounds(cells: str) -> tuple[int, int, int, int]:
    """``$B$7:$B$10`` -> min_row, max_row, min_col, max_col."""
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return min_row, max_row, min_col, max_col


def test_workbook_summary_chart_references_the_pillar_rows(demo_db: Database, out: Path) -> None:
    lap = _laporan(demo_db, 2024, 2)
    write_laporan_xlsx(out / "tw2.xlsx", lap, cek_judul=CEK_JUDUL)
    wb = load_workbook(out / "tw2.xlsx")
    for name in wb.sheetnames[1:]:
        assert wb[name]._charts == []
    ws = wb[SHEET_RINGKASAN]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    h = _header_row(ws, "Pilar")
    first, last = h + 1, h + 4
    assert chart.tagname == "barChart" and chart.type == "col"
    assert chart.grouping == "clustered"
    title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r or [])
    assert title == "Pagu dan realisasi s.d. TW II per pilar"
    assert chart.y_axis.number_format.formatCode == '"Rp" #,##0'
    pagu, realisasi = chart.series
    assert pagu.val.numRef.f == f"'Ringkasan'!$B${first}:$B${last}"
    assert realisasi.val.numRef.f == f"'Ringkasan'!$E${first}:$E${last}"
    for series in chart.series:
        assert series.cat.strRef.f == f"'Ringkasan'!$A${first}:$A${last}"
    # the referenced cells hold the report's pillars and figures
    lines = _pilar_lines(lap)
    assert _cells(wb, pagu.cat.strRef.f) == [r.label for r in lines]
    assert _cells(wb, pagu.val.numRef.f) == [r.anggaran.pagu for r in lines]
    assert _cells(wb, realisasi.val.numRef.f) == [r.realisasi_sd for r in lines]
    assert pagu.tx.strRef.f == f"'Ringkasan'!$B${h}"
    assert _cells(wb, pagu.tx.strRef.f) == ["Pagu (Rp)"]
    assert _cells(wb, realisasi.tx.strRef.f) == ["Realisasi s.d. TW II (Rp)"]
    # below the total row, about 18 cm x 9 cm
    assert chart.anchor._from.row + 1 > h + 5 and chart.anchor._from.col == 0
    cm = 360_000  # EMU
    assert (chart.anchor.ext.width, chart.anchor.ext.height) == (18 * cm, 9 * cm)


def test_libreoffice_prints_the_workbook_with_its_chart(
    demo_db: Database, out: Path, tmp_path: Path
) -> None:
    assert shutil.which("soffice"), "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
    lap = _laporan(demo_db, 2024, 2)
    write_laporan_xlsx(out / "tw2.xlsx", lap, cek_judul=CEK_JUDUL)
    folder = tmp_path / "lo"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profil').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "hasil"),
            str(out / "tw2.xlsx"),
        ],
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    pdf = folder / "hasil" / "tw2.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    first = _flat(_pages(pdf)[0])  # the Ringkasan sheet, its chart drawn below the table
    assert "Pilar I – Layanan Migrasi" in first
    assert "Pagu dan realisasi s.d. TW II per pilar" in first
