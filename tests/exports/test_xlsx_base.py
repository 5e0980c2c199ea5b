"""The shared Excel parts, checked by reading the workbooks back with openpyxl."""

from __future__ import annotations

import errno
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desmig_desktop.domain.errors import KnownEnvironmentError
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.exports import atomic
from desmig_desktop.exports.xlsx_base import (
    FMT_ANGKA,
    FMT_PERSEN,
    FMT_RUPIAH,
    FMT_TANGGAL,
    PAPER_CODES,
    STYLE_HEADER,
    STYLE_TOTAL,
    new_workbook,
    save_workbook,
    sheet_title,
    write_big_sheet,
    write_table_sheet,
)

HEADERS = ["Kode Wilayah", "Nama Desa", "Tanggal Penetapan", "Pagu", "Realisasi", "Jumlah PMI"]
FORMATS = [None, None, FMT_TANGGAL, FMT_RUPIAH, FMT_PERSEN, FMT_ANGKA]


def _rows(n: int) -> list[list[object]]:
    return [
        [
            f"35.04.10.{2001 + i}",
            f"Desa {i + 1}",
            date(2024, 1 + i % 12, 1 + i % 28),
            Decimal(1_250_000 + i * 1000),
            (i % 100) / 100,
            i,
        ]
        for i in range(n)
    ]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the files of one test (tmp_path also holds DESMIG_HOME)."""
    folder = tmp_path / "keluaran"
    folder.mkdir()
    return folder


def test_table_sheet_reads_back(out: Path) -> None:
    wb = new_workbook(title="Daftar Desa", author="Dinas Tenaga Kerja")
    sheet = write_table_sheet(
        wb,
        "Desa",
        HEADERS,
        _rows(10),
        col_formats=FORMATS,
        widths=[16, 24, None, 18, 12, 12],
        total_row_formulas={"Pagu": "SUM", 5: "SUM"},
        paper="F4",
        footer_text="Desmig Desktop & Dinas",
    )
    assert (sheet.header_row, sheet.first_data_row, sheet.last_data_row) == (1, 2, 11)
    assert sheet.total_row == 12
    path = save_workbook(wb, out / "desa.xlsx")
    assert path == out / "desa.xlsx"

    wb2 = load_workbook(path)
    ws = wb2["Desa"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A1"].style == STYLE_HEADER
    assert ws["A1"].font.b and ws["A1"].alignment.wrap_text
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F11"
    assert [c.number_format for c in ws[2]] == [
        "General",
        "General",
        "dd/mm/yyyy",
        '"Rp" #,##0',
        "0.00%",
        "#,##0",
    ]
    assert ws["A2"].value == "35.04.10.2001"
    assert ws["C2"].value == datetime(2024, 1, 1)
    assert ws["D11"].value == 1_259_000
    assert ws["E3"].value == pytest.approx(0.01)
    assert ws.column_dimensions["A"].width == 16
    assert ws.column_dimensions["B"].width == 24
    assert ws.column_dimensions["C"].width >= 12  # estimated
    # The total row: a label and formulas Excel computes on opening.
    assert ws["A12"].value == "JUMLAH"
    assert ws["D12"].value == "=SUM(D2:D11)"
    assert ws["F12"].value == "=SUM(F2:F11)"
    assert ws["D12"].number_format == FMT_RUPIAH
    assert ws["D12"].style == STYLE_TOTAL
    assert wb2.calculation.fullCalcOnLoad
    # Printing.
    assert ws.page_setup.paperSize == PAPER_CODES["F4"] == 14
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddFooter.center.text == "Halaman &P dari &N"
    assert ws.oddFooter.left.text == "Desmig Desktop && Dinas"
    assert wb2.properties.creator == "Dinas Tenaga Kerja"
    assert wb2.properties.title == "Daftar Desa"


def test_heading_moves_the_header_down(out: Path) -> None:
    wb = new_workbook()
    sheet = write_table_sheet(
        wb,
        "Laporan",
        HEADERS,
        _rows(3),
        heading=["Laporan Triwulan I 2024", "Dinas Tenaga Kerja", "Periode Januari - Maret"],
        landscape=False,
    )
    assert sheet.header_row == 5 and sheet.first_data_row == 6 and sheet.last_data_row == 8
    ws = load_workbook(save_workbook(wb, out / "laporan.xlsx"))["Laporan"]
    assert ws["A1"].value == "Laporan Triwulan I 2024"
    assert ws["A1"].font.b
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].value is None
    assert [c.value for c in ws[5]] == HEADERS
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:F8"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.paperSize == 9
    # Dates are recognised without col_formats.
    assert ws["C6"].number_format == FMT_TANGGAL


def test_empty_table_keeps_its_header(out: Path) -> None:
    wb = new_workbook()
    sheet = write_table_sheet(wb, "Kosong", HEADERS, [], total_row_formulas={"Pagu": "SUM"})
    assert sheet.last_data_row == 1 and sheet.total_row == 2
    ws = load_workbook(save_workbook(wb, out / "kosong.xlsx"))["Kosong"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["D2"].value == "=SUM(D2:D2)"
    assert ws.auto_filter.ref == "A1:F1"


def test_big_sheet_of_20000_rows(out: Path) -> None:
    n = 20_000
    wb = new_workbook(write_only=True)
    sheet = write_big_sheet(
        wb,
        "Desa",
        HEADERS,
        (row for row in _rows(n)),
        col_formats=FORMATS,
        total_row_formulas={"Pagu": "SUM"},
        total=n,
    )
    assert (sheet.header_row, sheet.first_data_row, sheet.last_data_row) == (1, 2, n + 1)
    path = save_workbook(wb, out / "besar.xlsx")

    wb2 = load_workbook(path, read_only=True)
    try:
        rows = list(wb2["Desa"].iter_rows(values_only=True))
    finally:
        wb2.close()
    assert len(rows) == n + 2
    assert list(rows[0]) == HEADERS
    assert rows[1][:2] == ("35.04.10.2001", "Desa 1")
    assert rows[n][1] == f"Desa {n}"
    assert rows[n][3] == 1_250_000 + (n - 1) * 1000
    assert rows[n][5] == n - 1
    assert rows[n + 1][0] == "JUMLAH"
    assert rows[n + 1][3] == f"=SUM(D2:D{n + 1})"


def test_big_sheet_layout(out: Path) -> None:
    wb = new_workbook(write_only=True)
    sheet = write_big_sheet(
        wb,
        "Desa",
        HEADERS,
        iter(_rows(50)),
        heading=["Daftar Desa Nasional", "Tahun 2024"],
        paper="F4",
    )
    assert sheet.header_row == 4
    ws = load_workbook(save_workbook(wb, out / "tata.xlsx"))["Desa"]
    assert ws["A1"].value == "Daftar Desa Nasional"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[4]] == HEADERS
    assert ws["A4"].style == STYLE_HEADER
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:F54"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.paperSize == 14
    assert ws.page_setup.orientation == "landscape"
    assert ws.oddFooter.center.text == "Halaman &P dari &N"
    assert ws["C5"].number_format == FMT_TANGGAL  # recognised from the sample
    assert ws["D5"].number_format == "General"
    assert ws.max_row == 54


def test_big_sheet_values_of_every_kind(out: Path) -> None:
    """The streamed data rows (written without cell objects) read back as openpyxl's own."""
    headers = ["Teks", "Angka", "Uang", "Tanggal", "Waktu", "Ya/Tidak", "Lain"]
    rows: list[list[object]] = [
        ["  spasi di tepi ", 7, Decimal("1250000.50"), date(2024, 5, 20), None, True, None],
        ["=SUM(A1:A9)", 2.5, Decimal(0), None, datetime(2024, 1, 2, 3, 4), False, Path("x")],
        ["kendali\x01\x0bhuruf", -3, None, date(2016, 1, 1), None, None, ""],
        ["x" * 40_000, 10**15, Decimal("-0.25"), None, None, None, 12],
    ]
    wb = new_workbook(write_only=True)
    sheet = write_big_sheet(
        wb,
        "Campur",
        headers,
        iter(rows),
        col_formats=[None, FMT_ANGKA, FMT_RUPIAH, None, None, None, None],
        heading=["Judul", "Sub"],
        total_row_formulas={"Uang": "SUM"},
    )
    assert (sheet.header_row, sheet.first_data_row, sheet.last_data_row) == (4, 5, 8)
    ws = load_workbook(save_workbook(wb, out / "campur.xlsx"))["Campur"]
    assert [c.value for c in ws[4]] == headers
    assert ws["A5"].value == "  spasi di tepi "
    assert ws["A6"].value == "=SUM(A1:A9)" and ws["A6"].data_type == "s"  # text, no formula
    assert ws["A7"].value == "kendalihuruf"  # characters XML cannot carry are dropped
    assert ws["A8"].value == "x" * 32_767
    assert (ws["B5"].value, ws["B6"].value, ws["B7"].value, ws["B8"].value) == (
        7,
        2.5,
        -3,
        10**15,
    )
    assert ws["B5"].number_format == FMT_ANGKA
    assert ws["C5"].value == 1250000.5 and ws["C5"].number_format == FMT_RUPIAH
    assert ws["C8"].value == -0.25
    assert ws["C7"].value is None
    assert ws["D5"].value == datetime(2024, 5, 20) and ws["D5"].number_format == FMT_TANGGAL
    assert ws["E6"].value == datetime(2024, 1, 2, 3, 4)
    assert ws["F5"].value is True and ws["F6"].value is False
    assert ws["G6"].value == "x" and ws["G7"].value is None and ws["G8"].value == 12
    assert ws["A9"].value == "JUMLAH" and ws["C9"].value == "=SUM(C5:C8)"
    assert ws["A9"].style == STYLE_TOTAL


def test_abandoned_write_only_workbook_leaves_no_temporary_files(out: Path) -> None:
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    from desmig_desktop.exports.xlsx_base import discard_workbook

    wb = new_workbook(write_only=True)
    write_big_sheet(wb, "Satu", HEADERS, iter(_rows(10)))
    write_big_sheet(wb, "Dua", HEADERS, iter(_rows(10)))
    temps = [Path(t) for t in ALL_TEMP_FILES[-2:]]
    assert all(t.exists() for t in temps)
    discard_workbook(wb)
    assert not any(t.exists() for t in temps)


def test_big_sheet_needs_a_write_only_workbook() -> None:
    with pytest.raises(ValueError, match="write-only"):
        write_big_sheet(new_workbook(), "Desa", HEADERS, [])


class _CancelAt:
    def __init__(self, after: int) -> None:
        self.after = after
        self.done = 0

    def set_total(self, total: int, label: str = "") -> None:
        pass

    def advance(self, step: int = 1) -> None:
        self.done += step

    def cancelled(self) -> bool:
        return self.done >= self.after


def test_cancelled_sheet_is_not_saved(out: Path) -> None:
    wb = new_workbook(write_only=True)
    with pytest.raises(Cancelled):
        write_big_sheet(wb, "Desa", HEADERS, iter(_rows(5000)), progress=_CancelAt(2000))
    with pytest.raises(Cancelled):
        save_workbook(new_workbook(), out / "batal.xlsx", progress=_CancelAt(0))
    assert list(out.iterdir()) == []


def test_rows_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 values"):
        write_table_sheet(new_workbook(), "Desa", ["a", "b"], [["x", "y"], ["z"]])


def test_sheet_titles() -> None:
    assert sheet_title("Rencana Kegiatan") == "Rencana Kegiatan"
    assert sheet_title("Pagu: 2024/2025 [APBD]") == "Pagu- 2024-2025 -APBD-"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("  ") == "Lembar"
    wb = new_workbook()
    write_table_sheet(wb, "Desa", ["a"], [])
    with pytest.raises(ValueError, match="already has a sheet"):
        write_table_sheet(wb, "desa", ["a"], [])


# --------------------------------------------------------------------------- saving


def _small_workbook() -> Workbook:
    wb = new_workbook()
    write_table_sheet(wb, "Desa", HEADERS, _rows(3))
    return wb


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_read_only_folder(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = out / "arsip"
    folder.mkdir()
    folder.chmod(0o555)
    if _running_as_root():
        # root ignores permission bits: make the folder refuse new files as Windows would.
        def refuse(file: object, mode: str = "r", *args: object, **kw: object) -> object:
            if "x" in mode:
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return open(file, mode, *args, **kw)  # type: ignore[call-overload]

        monkeypatch.setattr(atomic, "open", refuse, raising=False)
    try:
        with pytest.raises(KnownEnvironmentError) as caught:
            save_workbook(_small_workbook(), folder / "laporan.xlsx")
    finally:
        folder.chmod(0o755)
    message = caught.value.message
    assert f'Folder "{folder}" tidak dapat ditulisi' in message
    assert '"laporan.xlsx"' in message and "Pilih folder lain" in message
    assert list(folder.iterdir()) == []


def test_file_open_in_excel(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = out / "laporan.xlsx"
    path.write_bytes(b"isi lama")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(KnownEnvironmentError) as caught:
        save_workbook(_small_workbook(), path)
    assert caught.value.message == (
        'Berkas "laporan.xlsx" tidak dapat ditulis: mungkin sedang dibuka di Excel. '
        "Tutup berkas itu lalu coba lagi."
    )
    assert path.read_bytes() == b"isi lama"
    assert list(out.iterdir()) == [path]


def test_locked_file_is_noticed_before_writing(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = out / "laporan.xlsx"
    path.write_bytes(b"isi lama")
    real_open = open

    def excel_holds(file: object, mode: str = "r", *args: object, **kw: object) -> object:
        if str(file) == str(path) and "a" in mode:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        return real_open(file, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(atomic, "open", excel_holds, raising=False)
    with pytest.raises(KnownEnvironmentError, match="sedang dibuka di Excel"):
        save_workbook(_small_workbook(), path)
    assert list(out.iterdir()) == [path]


def test_disk_full(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = _small_workbook()

    def full(self: Workbook, filename: object) -> None:
        Path(str(filename)).write_bytes(b"PK\x03\x04 setengah")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    with pytest.raises(KnownEnvironmentError, match=r"^Disk penuh") as caught:
        save_workbook(wb, out / "penuh.xlsx")
    assert "Kosongkan sebagian ruang disk" in caught.value.message
    assert list(out.iterdir()) == []


def test_missing_folder(out: Path) -> None:
    with pytest.raises(KnownEnvironmentError, match="tidak ditemukan"):
        save_workbook(_small_workbook(), out / "tidak-ada" / "laporan.xlsx")
