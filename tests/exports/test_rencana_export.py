"""Export of the annual plan, read back: the workbook with openpyxl (and recalculated by
LibreOffice), the PDF with pypdf. Figures are compared with ``ringkasan_anggaran`` and
``list_kegiatan`` of the same database.

The LibreOffice test needs ``soffice`` (Debian: ``apt-get install -y
--no-install-recommends libreoffice-calc-nogui``); without it the test fails, it does not
skip, so CI cannot pass without checking the formulas in a real spreadsheet program.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.units import mm

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import PeranPenandatangan, Pilar
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_rupiah
from desmig_desktop.domain.lembar import KOLOM_PAGU, KOLOM_REALISASI, KOLOM_RENCANA
from desmig_desktop.exports.rencana import KOLOM_RINGKASAN, SHEET_RINGKASAN
from desmig_desktop.exports.xlsx_base import FMT_PERSEN, PAPER_CODES
from desmig_desktop.services.ekspor_rencana import data_rencana_tahunan, export_rencana
from desmig_desktop.services.kantor import ttd_for
from desmig_desktop.services.rencana import (
    RingkasanAnggaran,
    create_tahun,
    list_kegiatan,
    ringkasan_anggaran,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

TAHUN = 2024
TANGGAL = date(2024, 7, 15)
SHEETS = [SHEET_RINGKASAN, "Pagu", "Rencana Kegiatan", "Realisasi"]


def _ringkasan(db: Database) -> RingkasanAnggaran:
    with UnitOfWork(db) as uow:
        return ringkasan_anggaran(uow, TAHUN)


def _rows_by_label(ws) -> dict[str, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Ringkasan rows by their first cell (subtotals and the grand total are unique)."""
    return {
        str(row[0]): row
        for row in ws.iter_rows(min_row=1, values_only=True)
        if row and isinstance(row[0], str)
    }


@pytest.fixture
def workbook(demo_db: Database, tmp_path: Path) -> Path:
    path = tmp_path / "rencana-2024.xlsx"
    result = export_rencana(demo_db, TAHUN, xlsx=path)
    assert result.paths == (path,) and result.kegiatan == 19
    return path


# --------------------------------------------------------------------------- workbook


def test_workbook_sheets_and_exchange_headers(demo_db: Database, workbook: Path) -> None:
    wb = load_workbook(workbook)
    assert wb.sheetnames == SHEETS
    with UnitOfWork(demo_db) as uow:
        data = data_rencana_tahunan(uow, TAHUN)
    for name, kolom, count in (
        ("Pagu", KOLOM_PAGU, len(data.pagu)),
        ("Rencana Kegiatan", KOLOM_RENCANA, len(data.kegiatan)),
        ("Realisasi", KOLOM_REALISASI, len(data.realisasi)),
    ):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert header == [k.header for k in kolom]  # on row 1: the sheet imports back
        assert ws.max_row == 1 + count
        assert ws.page_setup.orientation == "landscape"
    rencana = wb["Rencana Kegiatan"]
    first = {h: c.value for h, c in zip([k.header for k in KOLOM_RENCANA], rencana[2], strict=True)}
    assert first["Kode Kegiatan"] == "2024-I-001"
    assert first["Anggaran (Rp)"] == 18_000_000
    assert first["Nama Desa"] is None  # district-wide
    assert len(data.pagu) == 8 and sum(b.jumlah for b in data.pagu) == Decimal(475_000_000)


def test_ringkasan_totals_are_formulas(demo_db: Database, workbook: Path) -> None:
    wb = load_workbook(workbook)
    ws = wb[SHEET_RINGKASAN]
    assert wb.active.title == SHEET_RINGKASAN
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == PAPER_CODES["A4"]
    header_row = next(
        r for r in range(1, 10) if ws.cell(row=r, column=1).value == KOLOM_RINGKASAN[0]
    )
    assert [c.value for c in ws[header_row]] == list(KOLOM_RINGKASAN)
    rows = _rows_by_label(ws)
    r = _ringkasan(demo_db)
    for pilar in Pilar:
        sub = rows[f"Jumlah Pilar {pilar.value}"]
        assert all(isinstance(v, str) and v.startswith("=SUM(") for v in sub[2:9]), sub
        assert sub[10].startswith("=IF(")
    grand = rows["JUMLAH SELURUH PILAR"]
    assert grand[2].startswith("=SUM(") and grand[2].count(",") == 3  # the four subtotals
    assert grand[10].startswith("=IF(C") and '""' in grand[10]
    # detail rows carry the figures of the database, derived cells are formulas
    details = [row for row in ws.iter_rows(values_only=True) if row[1] and row[0] != "Pilar"]
    assert len(details) == len(r.baris)
    for row, b in zip(details, r.baris, strict=True):
        assert row[0] == b.pilar.judul and row[1] == b.sumber_dana
        assert (row[2], row[3]) == (b.pagu, b.rencana)
        assert list(row[4:8]) == b.realisasi_tw
        assert row[8].startswith("=SUM(E") and row[9].startswith("=C")
    grand_row = next(c.row for c in ws["A"] if c.value == "JUMLAH SELURUH PILAR")
    assert ws.cell(row=grand_row, column=11).number_format == FMT_PERSEN
    assert wb.calculation.fullCalcOnLoad


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail(
            "LibreOffice (soffice) is needed to recalculate the exported workbook: install "
            "it with `apt-get install -y --no-install-recommends libreoffice-calc-nogui`."
        )
    return found


def _recalculate(sources: list[Path], work: Path) -> list[Path]:
    """Open each workbook in LibreOffice headless and save it again as xlsx (one start of
    LibreOffice for all): it computes every formula and stores the values, which openpyxl
    then reads with ``data_only=True``."""
    out = work / "dihitung"
    out.mkdir()
    profile = work / "profil-libreoffice"  # its own profile: no clash with a running copy
    result = subprocess.run(
        [
            _soffice(),
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *(str(src) for src in sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    targets = [out / src.name for src in sources]
    assert result.returncode == 0, result.stderr or result.stdout
    assert all(t.exists() for t in targets), result.stderr or result.stdout
    return targets


def test_libreoffice_recalculates_the_totals(
    demo_db: Database, workbook: Path, tmp_path: Path
) -> None:
    # a reviewer changes one figure: the totals must follow
    wb = load_workbook(workbook)
    ws = wb[SHEET_RINGKASAN]
    first_detail = next(c.row for c in ws["B"] if c.value == "APBN")
    ws.cell(row=first_detail, column=3).value += 1_000_000  # Pilar I, APBN pagu
    edited = tmp_path / "diubah.xlsx"
    wb.save(edited)
    recalculated = _recalculate([workbook, edited], tmp_path)
    for path, extra in zip(recalculated, (0, 1_000_000), strict=True):
        values = load_workbook(path, data_only=True)[SHEET_RINGKASAN]
        rows = _rows_by_label(values)
        r = _ringkasan(demo_db)
        for pilar, b in r.per_pilar.items():
            row = rows[f"Jumlah Pilar {pilar.value}"]
            add = extra if pilar is Pilar.I else 0
            assert Decimal(row[2]) == b.pagu + add
            assert Decimal(row[3]) == b.rencana
            assert [Decimal(v) for v in row[4:8]] == b.realisasi_tw
            assert Decimal(row[8]) == b.realisasi_sd()
            assert Decimal(row[9]) == b.sisa() + add
            assert row[10] == pytest.approx(float(b.realisasi_sd() / (b.pagu + add)))
        grand = rows["JUMLAH SELURUH PILAR"]
        t = r.total
        assert Decimal(grand[2]) == t.pagu + extra == Decimal(475_000_000) + extra
        assert Decimal(grand[3]) == t.rencana
        assert [Decimal(v) for v in grand[4:8]] == t.realisasi_tw
        assert Decimal(grand[8]) == t.realisasi_sd()
        assert Decimal(grand[9]) == t.sisa() + extra
        assert grand[10] == pytest.approx(float(t.realisasi_sd() / (t.pagu + extra)))


def test_an_empty_year_exports(demo_db: Database, tmp_path: Path) -> None:
    with UnitOfWork(demo_db) as uow:
        create_tahun(uow, TAHUN + 1)
    xlsx, pdf = tmp_path / "kosong.xlsx", tmp_path / "kosong.pdf"
    export_rencana(demo_db, TAHUN + 1, xlsx=xlsx, pdf=pdf, tanggal=TANGGAL)
    wb = load_workbook(xlsx)
    assert wb["Rencana Kegiatan"].max_row == 1
    assert _rows_by_label(wb[SHEET_RINGKASAN])["JUMLAH SELURUH PILAR"][2] == 0
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "JUMLAH SELURUH PILAR" in text and "Rp 0" in text


# --------------------------------------------------------------------------- PDF


def _pdf_text(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_reads_back(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rencana-2024.pdf"
    export_rencana(demo_db, TAHUN, pdf=path, paper="A4", tanggal=TANGGAL)
    reader, text = _pdf_text(path)
    flat = " ".join(text.split())
    assert "RENCANA KEGIATAN TAHUNAN DESMIGRATIF TAHUN 2024" in flat
    assert "DINAS TENAGA KERJA" in flat
    r = _ringkasan(demo_db)
    assert format_rupiah(r.total.pagu) == "Rp 475.000.000"
    assert "JUMLAH SELURUH PILAR Rp 475.000.000" in flat
    assert format_rupiah(r.total.rencana) in flat
    # a pillar's subtotal, in the summary (pagu first) and in the activity list
    sub = r.per_pilar[Pilar.I]
    assert f"Jumlah Pilar I {format_rupiah(sub.pagu)} {format_rupiah(sub.rencana)}" in flat
    with UnitOfWork(demo_db) as uow:
        plans = list_kegiatan(uow, TAHUN)
        kepala = ttd_for(uow, PeranPenandatangan.KEPALA_DINAS)
        koordinator = ttd_for(uow, PeranPenandatangan.KOORDINATOR)
    assert f"Jumlah Pilar I {format_rupiah(sub.rencana)}" in flat  # the activity list
    for k in plans:
        assert k.kode in flat
    assert "Tingkat kabupaten" in flat and "Tunggangri" in flat
    assert "Halaman 1 dari" in flat
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in flat
    assert kepala is not None and koordinator is not None
    assert kepala.nama in flat and koordinator.nama in flat
    assert "Mengetahui," in flat and "Tulungagung, 15 Juli 2024" in flat
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height  # landscape
        assert (width, height) == pytest.approx((297 * mm, 210 * mm), abs=0.5)
    # the signature sits on the last page, after the grand total of the activities
    last = " ".join(reader.pages[-1].extract_text().split())
    assert kepala.nama in last and "JUMLAH SELURUH PILAR" in last


def test_pdf_paper_and_rupiah_follow_the_settings(demo_db: Database, tmp_path: Path) -> None:
    settings = Settings()
    settings.set("ukuran_kertas", "F4")
    settings.set("rupiah_spasi", False)
    settings.save()
    path = tmp_path / "f4.pdf"
    export_rencana(demo_db, TAHUN, pdf=path, tanggal=TANGGAL)
    reader, text = _pdf_text(path)
    assert "JUMLAH SELURUH PILAR Rp475.000.000" in " ".join(text.split())
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (330 * mm, 215 * mm), abs=0.5
    )
    xlsx = tmp_path / "f4.xlsx"
    export_rencana(demo_db, TAHUN, xlsx=xlsx)
    assert load_workbook(xlsx)[SHEET_RINGKASAN].page_setup.paperSize == PAPER_CODES["F4"]


def test_refusals(demo_db: Database, db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="paling sedikit satu berkas"):
        export_rencana(demo_db, TAHUN)
    with pytest.raises(ValidationError, match='Ukuran kertas "Letter" tidak dikenal'):
        export_rencana(demo_db, TAHUN, pdf=tmp_path / "x.pdf", paper="Letter")
    with pytest.raises(ValidationError, match="Tahun anggaran 2030 belum ada"):
        export_rencana(demo_db, 2030, xlsx=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    with UnitOfWork(db) as uow:
        create_tahun(uow, TAHUN)
    with pytest.raises(ValidationError, match="Identitas kantor belum lengkap"):
        export_rencana(db, TAHUN, pdf=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    # the workbook needs no letterhead
    export_rencana(db, TAHUN, xlsx=tmp_path / "x.xlsx")
    assert (tmp_path / "x.xlsx").exists()
