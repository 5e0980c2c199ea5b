"""The annual plan: an Excel workbook and a signed PDF (plain values in, files out).

Workbook (:func:`write_rencana_xlsx`):

* ``Ringkasan``: pagu, planned and realised (per quarter and to date), remaining pagu and
  serapan per pillar and funding source. Each pillar's subtotal and the grand total are
  formulas (``=SUM`` over the detail rows), as are each row's realisation to date
  (``=SUM`` of the quarters), remaining pagu and serapan (``=IF(pagu=0,"",realisasi/pagu)``,
  a percentage), so a reviewer who changes a figure sees the totals follow.
* ``Pagu``, ``Rencana Kegiatan``, ``Realisasi``: the exchange sheets of FORMATS.md, written
  by the column declarations of :mod:`desmig_desktop.domain.lembar` with the header on row
  1, so the workbook imports back unchanged (``desmig import plans``).

PDF (:func:`write_rencana_pdf`): landscape A4 or F4, letterhead, the title "RENCANA
KEGIATAN TAHUNAN DESMIGRATIF TAHUN 2024", the budget summary per pillar and source with
subtotals and the grand total, the activities grouped by pillar with a subtotal per pillar
and a grand total, "Halaman x dari y", the place-and-date line and the signature blocks
(Mengetahui, Kepala Dinas; the Koordinator or Penanggung Jawab) kept with the end of the
activity table.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.formatting import (
    format_angka,
    format_persen,
    format_rupiah,
    format_tanggal,
    format_tempat_tanggal,
    persen,
)
from desmig_desktop.domain.lembar import (
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
    Jenis,
    Kolom,
)
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.pdf_base import (
    CELL_LEADING,
    CELL_PAD_BOTTOM,
    CELL_PAD_H,
    CELL_PAD_TOP,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    GRID_COLOR,
    HEADER_FILL,
    TEXT_COLOR,
    TOTAL_FILL,
    BlokTtd,
    KantorLike,
    TtdLike,
    blok_tanda_tangan,
    build_pdf,
    col_widths,
    content_width,
    data_table,
    judul,
    kop_surat,
    para,
    signature_section,
    styles,
)
from desmig_desktop.exports.xlsx_base import (
    FMT_ANGKA,
    FMT_PERSEN,
    FMT_RUPIAH,
    FMT_RUPIAH_SEN,
    FMT_TEKS,
    STYLE_TOTAL,
    new_workbook,
    save_workbook,
    write_table_sheet,
)

__all__ = [
    "KOLOM_RINGKASAN",
    "SHEET_RINGKASAN",
    "BarisAnggaran",
    "BarisKegiatan",
    "BarisPagu",
    "BarisRealisasi",
    "RencanaTahunan",
    "judul_rencana",
    "write_rencana_pdf",
    "write_rencana_xlsx",
]

ZERO = Decimal(0)
SHEET_RINGKASAN = "Ringkasan"
KOLOM_RINGKASAN: tuple[str, ...] = (
    "Pilar",
    "Sumber Dana",
    "Pagu (Rp)",
    "Rencana (Rp)",
    "Realisasi TW I (Rp)",
    "Realisasi TW II (Rp)",
    "Realisasi TW III (Rp)",
    "Realisasi TW IV (Rp)",
    "Realisasi s.d. TW IV (Rp)",
    "Sisa Pagu (Rp)",
    "Serapan (%)",
)
TINGKAT_KABUPATEN = "Tingkat kabupaten"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class BarisPagu:
    tahun: int
    pilar: Pilar
    sumber_dana: str
    jumlah: Decimal


@dataclass(frozen=True)
class BarisKegiatan:
    """An activity of the plan; ``desa`` "" and ``kode_wilayah`` "" when district-wide."""

    kode: str
    tahun: int
    pilar: Pilar
    kode_wilayah: str
    desa: str
    nama: str
    volume: Decimal
    satuan: str
    triwulan: Triwulan
    anggaran: Decimal
    sumber_dana: str
    penanggung_jawab: str = ""


@dataclass(frozen=True)
class BarisRealisasi:
    kode: str
    nama_kegiatan: str
    triwulan: Triwulan
    jumlah: Decimal
    volume: Decimal
    status: StatusKegiatan
    keterangan: str = ""


@dataclass(frozen=True)
class BarisAnggaran:
    """Budget figures of one pillar and funding source."""

    pilar: Pilar
    sumber_dana: str
    pagu: Decimal = ZERO
    rencana: Decimal = ZERO
    realisasi_tw: tuple[Decimal, Decimal, Decimal, Decimal] = (ZERO, ZERO, ZERO, ZERO)

    @property
    def realisasi(self) -> Decimal:
        return sum(self.realisasi_tw, ZERO)

    @property
    def sisa(self) -> Decimal:
        return self.pagu - self.realisasi

    @property
    def serapan(self) -> Decimal | None:
        return persen(self.realisasi, self.pagu)


@dataclass(frozen=True)
class RencanaTahunan:
    """Everything the annual plan shows, as plain values (``services.ekspor_rencana``).

    ``anggaran`` is ordered by pillar and funding source, ``kegiatan`` by pillar and code,
    ``realisasi`` by activity and quarter. ``sumber_dana`` is the list of funding sources
    offered in the workbook's drop-down lists.
    """

    tahun: int
    pagu: Sequence[BarisPagu] = ()
    kegiatan: Sequence[BarisKegiatan] = ()
    realisasi: Sequence[BarisRealisasi] = ()
    anggaran: Sequence[BarisAnggaran] = ()
    sumber_dana: Sequence[str] = field(default_factory=tuple)

    def anggaran_pilar(self) -> list[tuple[Pilar, list[BarisAnggaran]]]:
        """The budget rows grouped by pillar (pillars without rows left out)."""
        return [(p, rows) for p in Pilar if (rows := [b for b in self.anggaran if b.pilar is p])]

    def kegiatan_pilar(self) -> list[tuple[Pilar, list[BarisKegiatan]]]:
        return [(p, rows) for p in Pilar if (rows := [k for k in self.kegiatan if k.pilar is p])]


def judul_rencana(tahun: int) -> str:
    return f"Rencana Kegiatan Tahunan Desmigratif Tahun {tahun}"


def _angka(value: Decimal) -> int | Decimal:
    """Whole amounts as int (tidy cells), others as Decimal (exact)."""
    return int(value) if value == value.to_integral_value() else value


# --------------------------------------------------------------------------- workbook


def _format_kolom(kolom: Kolom, values: Sequence[object]) -> str | None:
    numbers = [v for v in values if isinstance(v, int | Decimal)]
    whole = all(isinstance(v, int) for v in numbers)
    match kolom.jenis:
        case Jenis.RUPIAH:
            return FMT_RUPIAH if whole else FMT_RUPIAH_SEN
        case Jenis.VOLUME | Jenis.VOLUME_NOL:
            return FMT_ANGKA if whole else "#,##0.00"
        case Jenis.TAHUN:
            return "0"
        case Jenis.TEKS | Jenis.KODE_DESA | Jenis.KODE_KEGIATAN:
            return FMT_TEKS
    return None


def _pilihan(kolom: Kolom, sumber_dana: Sequence[str]) -> list[str]:
    match kolom.jenis:
        case Jenis.PILAR:
            return [p.value for p in Pilar]
        case Jenis.TRIWULAN:
            return [t.romawi for t in Triwulan]
        case Jenis.STATUS_KEGIATAN:
            return [s.label for s in StatusKegiatan]
        case Jenis.SUMBER_DANA:
            return list(sumber_dana)
    return []


def _lembar_tukar(
    wb: object,
    nama: str,
    kolom: Sequence[Kolom],
    rows: list[list[object]],
    *,
    sumber_dana: Sequence[str],
    paper: str,
    footer: str,
    progress: Progress,
) -> None:
    """An exchange sheet: header on row 1 (no title), drop-down lists, notes on headers."""
    formats = [_format_kolom(k, [r[i] for r in rows]) for i, k in enumerate(kolom)]
    sheet = write_table_sheet(
        wb,  # type: ignore[arg-type]
        nama,
        [k.header for k in kolom],
        rows,
        col_formats=formats,
        widths=[k.lebar for k in kolom],
        paper=paper,
        landscape=True,
        footer_text=footer,
        progress=progress,
    )
    ws = sheet.ws
    last = max(sheet.last_data_row, 1) + 500
    for i, k in enumerate(kolom, start=1):
        if k.catatan:
            wajib = "Wajib diisi. " if k.wajib else ""
            ws.cell(row=1, column=i).comment = Comment(f"{wajib}{k.catatan}", "Desmig Desktop")
        pilihan = _pilihan(k, sumber_dana)
        daftar = ",".join(pilihan)
        if not pilihan or any("," in p or '"' in p for p in pilihan) or len(daftar) > 250:
            continue
        letter = get_column_letter(i)
        dv = DataValidation(
            type="list",
            formula1=f'"{daftar}"',
            allow_blank=True,
            errorStyle="warning",
            errorTitle=k.header,
            error=f"{k.header}: pilih salah satu dari {', '.join(pilihan)}.",
        )
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)


def _baris_pagu(data: RencanaTahunan) -> list[list[object]]:
    values = {
        "Tahun Anggaran": lambda b: b.tahun,
        "Pilar": lambda b: b.pilar.value,
        "Sumber Dana": lambda b: b.sumber_dana,
        "Pagu (Rp)": lambda b: _angka(b.jumlah),
    }
    return [[values[k.header](b) for k in KOLOM_PAGU] for b in data.pagu]


def _baris_rencana(data: RencanaTahunan) -> list[list[object]]:
    values = {
        "Kode Kegiatan": lambda k: k.kode,
        "Tahun Anggaran": lambda k: k.tahun,
        "Pilar": lambda k: k.pilar.value,
        "Kode Wilayah": lambda k: k.kode_wilayah or None,
        "Nama Desa": lambda k: k.desa or None,
        "Nama Kegiatan": lambda k: k.nama,
        "Volume": lambda k: _angka(k.volume),
        "Satuan": lambda k: k.satuan,
        "Triwulan": lambda k: k.triwulan.romawi,
        "Anggaran (Rp)": lambda k: _angka(k.anggaran),
        "Sumber Dana": lambda k: k.sumber_dana,
        "Penanggung Jawab": lambda k: k.penanggung_jawab or None,
    }
    return [[values[c.header](k) for c in KOLOM_RENCANA] for k in data.kegiatan]


def _baris_realisasi(data: RencanaTahunan) -> list[list[object]]:
    values = {
        "Kode Kegiatan": lambda r: r.kode,
        "Nama Kegiatan": lambda r: r.nama_kegiatan,
        "Triwulan": lambda r: r.triwulan.romawi,
        "Realisasi (Rp)": lambda r: _angka(r.jumlah),
        "Volume Realisasi": lambda r: _angka(r.volume),
        "Status": lambda r: r.status.label,
        "Keterangan": lambda r: r.keterangan or None,
    }
    return [[values[c.header](r) for c in KOLOM_REALISASI] for r in data.realisasi]


_SUBTOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_GRAND_FILL = PatternFill("solid", fgColor="D9D9D9")
_MONEY_COLS = range(3, 11)  # C..J


def _ringkasan(wb: object, data: RencanaTahunan, instansi: str, paper: str, footer: str) -> None:
    """The Ringkasan sheet: values per pillar and source, formulas for everything derived."""
    heading = [f"Ringkasan Anggaran Desmigratif Tahun {data.tahun}".upper()]
    if instansi:
        heading.append(instansi)
    groups = data.anggaran_pilar()
    header_row = len(heading) + 2
    rows: list[list[object]] = []
    subtotal_rows: list[int] = []
    r = header_row + 1
    for pilar, items in groups:
        first = r
        for b in items:
            rows.append(
                [
                    pilar.judul,
                    b.sumber_dana,
                    _angka(b.pagu),
                    _angka(b.rencana),
                    *(_angka(x) for x in b.realisasi_tw),
                    f"=SUM(E{r}:H{r})",
                    f"=C{r}-I{r}",
                    f'=IF(C{r}=0,"",I{r}/C{r})',
                ]
            )
            r += 1
        last = r - 1
        rows.append(
            [
                f"Jumlah Pilar {pilar.value}",
                None,
                *(f"=SUM({c}{first}:{c}{last})" for c in "CDEFGHI"),
                f"=C{r}-I{r}",
                f'=IF(C{r}=0,"",I{r}/C{r})',
            ]
        )
        subtotal_rows.append(r)
        r += 1

    def total(col: str) -> object:
        if not subtotal_rows:
            return 0
        return "=SUM(" + ",".join(f"{col}{s}" for s in subtotal_rows) + ")"

    rows.append(
        [
            "JUMLAH SELURUH PILAR",
            None,
            *(total(c) for c in "CDEFGHI"),
            f"=C{r}-I{r}",
            f'=IF(C{r}=0,"",I{r}/C{r})',
        ]
    )
    grand = r
    formats = [None, None, *([FMT_RUPIAH] * 8), FMT_PERSEN]
    if any(isinstance(v, Decimal) for row in rows for v in row[2:8] if not isinstance(v, str)):
        formats = [None, None, *([FMT_RUPIAH_SEN] * 8), FMT_PERSEN]
    sheet = write_table_sheet(
        wb,  # type: ignore[arg-type]
        SHEET_RINGKASAN,
        list(KOLOM_RINGKASAN),
        rows,
        col_formats=formats,
        widths=[30, 20, 17, 17, 17, 17, 17, 17, 19, 17, 11],
        autofilter=False,
        heading=heading,
        paper=paper,
        landscape=True,
        footer_text=footer,
    )
    ws = sheet.ws
    for row_no in (*subtotal_rows, grand):
        for col in range(1, len(KOLOM_RINGKASAN) + 1):
            cell = ws.cell(row=row_no, column=col)
            cell.style = STYLE_TOTAL
            cell.fill = _GRAND_FILL if row_no == grand else _SUBTOTAL_FILL
            if formats[col - 1]:
                cell.number_format = formats[col - 1]
    for row_no in range(sheet.first_data_row, grand + 1):
        ws.cell(row=row_no, column=11).alignment = Alignment(horizontal="right")
    ws.cell(row=grand + 2, column=1, value="Catatan:").font = Font(italic=True, size=9)
    ws.cell(
        row=grand + 3,
        column=1,
        value=(
            "Jumlah per pilar, jumlah seluruh pilar, realisasi s.d. TW IV, sisa pagu dan "
            "serapan dihitung dengan rumus; serapan = realisasi s.d. TW IV / pagu."
        ),
    ).font = Font(italic=True, size=9)
    wb.calculation.fullCalcOnLoad = True  # type: ignore[attr-defined]


def write_rencana_xlsx(
    path: str | os.PathLike[str],
    data: RencanaTahunan,
    *,
    instansi: str = "",
    paper: str = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the annual plan workbook (Ringkasan, Pagu, Rencana Kegiatan, Realisasi).

    ``paper`` ("A4" or "F4") sets the print setup (landscape, fitted to the width). The file
    is written atomically (see ``save_workbook``).
    """
    progress = progress or NullProgress()
    check(progress)
    footer = judul_rencana(data.tahun)
    wb = new_workbook(title=footer, author=instansi)
    _ringkasan(wb, data, instansi, paper, footer)
    for nama, kolom, rows in (
        (SHEET_PAGU, KOLOM_PAGU, _baris_pagu(data)),
        (SHEET_RENCANA, KOLOM_RENCANA, _baris_rencana(data)),
        (SHEET_REALISASI, KOLOM_REALISASI, _baris_realisasi(data)),
    ):
        _lembar_tukar(
            wb,
            nama,
            kolom,
            rows,
            sumber_dana=data.sumber_dana,
            paper=paper,
            footer=footer,
            progress=progress,
        )
    wb.active = 0
    return save_workbook(wb, path, progress)


# --------------------------------------------------------------------------- PDF

_BOLD = ParagraphStyle(
    "RencanaTebal", fontName=FONT_BOLD, fontSize=CELL_SIZE, leading=CELL_LEADING, alignment=TA_LEFT
)
_BOLD_RIGHT = ParagraphStyle(
    "RencanaTebalKanan",
    fontName=FONT_BOLD,
    fontSize=CELL_SIZE,
    leading=CELL_LEADING,
    alignment=TA_RIGHT,
)
_PLAIN = ParagraphStyle(
    "RencanaSel", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_LEADING, alignment=TA_LEFT
)
_HEADER = ParagraphStyle(
    "RencanaKepala",
    fontName=FONT_BOLD,
    fontSize=CELL_SIZE,
    leading=CELL_LEADING,
    alignment=1,  # centre
)
_GROUP_FILL = "#F3F3F3"
_GRAND_FILL_PDF = "#D9D9D9"


_Rp = Callable[[Decimal], str]


def _rupiah(spasi: bool) -> _Rp:
    """Money as the PDF prints it: ``Rp 1.250.000`` (``Rp1.250.000`` without the space);
    sen only when there are any."""

    def rp(amount: Decimal) -> str:
        return format_rupiah(amount, decimals=amount != amount.to_integral_value(), space=spasi)

    return rp


def _serapan(realisasi: Decimal, pagu: Decimal) -> str:
    return format_persen(persen(realisasi, pagu))


def _heading(text: str) -> Paragraph:
    register = styles()
    style = ParagraphStyle("RencanaBagian", parent=register.body, fontName=FONT_BOLD)
    return para(text, style)


def _figures(rp: _Rp, pagu: Decimal, rencana: Decimal, tw: Sequence[Decimal]) -> list[str]:
    real = sum(tw, ZERO)
    return [
        rp(pagu),
        rp(rencana),
        *(rp(x) for x in tw),
        rp(real),
        rp(pagu - real),
        _serapan(real, pagu),
    ]


def _summary_table(data: RencanaTahunan, width: float, rp: _Rp) -> Table:
    """Pagu, plan and realisation per pillar and source: pillar heading rows, source rows,
    a subtotal per pillar and the grand total."""
    top = ["Pilar / Sumber Dana", "Pagu", "Rencana", "Realisasi", "", "", "", "", "Sisa Pagu"]
    top.append("Serapan")
    sub = ["", "", "", "TW I", "TW II", "TW III", "TW IV", "s.d. TW IV", "", ""]
    n = len(top)
    widths = col_widths(width, [42, 24, 24, 22, 22, 22, 22, 24, 24, 14])
    rows: list[list[object]] = [
        [Paragraph(h, _HEADER) if h else "" for h in top],
        [Paragraph(h, _HEADER) if h else "" for h in sub],
    ]
    cmds: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT_COLOR),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR),
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
        ("SPAN", (3, 0), (7, 0)),
        *(("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 8, 9)),
    ]
    total_pagu = total_rencana = ZERO
    total_tw = [ZERO] * 4
    for pilar, items in data.anggaran_pilar():
        r = len(rows)
        rows.append([Paragraph(pilar.judul, _BOLD)] + [""] * (n - 1))
        cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), _GROUP_FILL)]
        pagu = rencana = ZERO
        tw = [ZERO] * 4
        for b in items:
            rows.append(
                [Paragraph(b.sumber_dana, _PLAIN), *_figures(rp, b.pagu, b.rencana, b.realisasi_tw)]
            )
            cmds.append(("LEFTPADDING", (0, len(rows) - 1), (0, len(rows) - 1), 3 * CELL_PAD_H))
            pagu += b.pagu
            rencana += b.rencana
            tw = [a + x for a, x in zip(tw, b.realisasi_tw, strict=True)]
        r = len(rows)
        rows.append(
            [Paragraph(f"Jumlah Pilar {pilar.value}", _BOLD)]
            + [Paragraph(t, _BOLD_RIGHT) for t in _figures(rp, pagu, rencana, tw)]
        )
        cmds.append(("BACKGROUND", (0, r), (-1, r), TOTAL_FILL))
        total_pagu += pagu
        total_rencana += rencana
        total_tw = [a + x for a, x in zip(total_tw, tw, strict=True)]
    r = len(rows)
    rows.append(
        [Paragraph("JUMLAH SELURUH PILAR", _BOLD)]
        + [Paragraph(t, _BOLD_RIGHT) for t in _figures(rp, total_pagu, total_rencana, total_tw)]
    )
    cmds.append(("BACKGROUND", (0, r), (-1, r), _GRAND_FILL_PDF))
    table = Table(rows, colWidths=widths, repeatRows=2, style=TableStyle(cmds))
    table.hAlign = "CENTER"
    return table


def _target(k: BarisKegiatan) -> str:
    whole = k.volume == k.volume.to_integral_value()
    return f"{format_angka(k.volume, 0 if whole else 2)} {k.satuan}"


def _activity_rows(
    data: RencanaTahunan,
    rp: _Rp,
) -> tuple[list[str], list[list[object]], list[object], list[float]]:
    header = [
        "No",
        "Kode",
        "Nama Kegiatan",
        "Desa",
        "Target",
        "TW",
        "Sumber Dana",
        "Anggaran",
    ]
    weights: list[float] = [5, 14, 62, 22, 14, 6, 22, 19]
    rows: list[list[object]] = []
    nomor = 0
    total = ZERO
    for pilar, items in data.kegiatan_pilar():
        rows.append(["", "", Paragraph(pilar.judul, _BOLD), "", "", "", "", ""])
        subtotal = ZERO
        for k in items:
            nomor += 1
            rows.append(
                [
                    nomor,
                    k.kode,
                    k.nama,
                    k.desa or TINGKAT_KABUPATEN,
                    _target(k),
                    k.triwulan.romawi,
                    k.sumber_dana,
                    rp(k.anggaran),
                ]
            )
            subtotal += k.anggaran
        rows.append(
            [
                "",
                "",
                Paragraph(f"Jumlah Pilar {pilar.value}", _BOLD),
                "",
                "",
                "",
                "",
                Paragraph(rp(subtotal), _BOLD_RIGHT),
            ]
        )
        total += subtotal
    total_row: list[object] = ["", "", "JUMLAH SELURUH PILAR", "", "", "", "", rp(total)]
    return header, rows, total_row, weights


def write_rencana_pdf(
    path: str | os.PathLike[str],
    data: RencanaTahunan,
    *,
    kantor: KantorLike,
    kota: str,
    tanggal: date,
    kepala: TtdLike | None = None,
    penanggung_jawab: TtdLike | None = None,
    paper: str = "A4",
    rupiah_spasi: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the signed annual plan as a landscape PDF on ``paper`` ("A4" or "F4").

    ``kepala`` signs under "Mengetahui," as head of office; ``penanggung_jawab`` (the
    Koordinator or Penanggung Jawab Desmigratif) signs beside, under the place-and-date
    line ``kota, tanggal``. A missing signer prints dotted lines to fill by hand.
    ``rupiah_spasi`` False prints ``Rp1.250.000`` (the official spelling guide's form).
    """
    rp = _rupiah(rupiah_spasi)
    width = content_width(paper, landscape=True)
    story: list[Flowable] = kop_surat(kantor, width)
    story += judul(judul_rencana(data.tahun), f"Keadaan data per {format_tanggal(tanggal)}")
    story.append(_heading("A. Ringkasan Anggaran per Pilar dan Sumber Dana"))
    story.append(Spacer(1, 2 * mm))
    story.append(_summary_table(data, width, rp))
    story.append(Spacer(1, 6 * mm))
    story.append(CondPageBreak(40 * mm))  # the list starts with some rows, not a lone header
    story.append(_heading("B. Daftar Rencana Kegiatan per Pilar"))
    story.append(Spacer(1, 2 * mm))
    header, rows, total_row, weights = _activity_rows(data, rp)
    table = data_table(
        header,
        rows,
        col_widths(width, weights),
        align="CLLLRCLR",
        total_row=total_row,
    )
    blocks = blok_tanda_tangan(
        [
            BlokTtd(kepala, heading="Mengetahui,", jabatan="Kepala Dinas Tenaga Kerja"),
            BlokTtd(penanggung_jawab, jabatan="Koordinator Desmigratif"),
        ],
        width,
        tempat_tanggal=format_tempat_tanggal(kota, tanggal),
    )
    story += signature_section(None, blocks, keep_with=table)
    return build_pdf(
        path,
        story,
        paper=paper,
        landscape=True,
        title=judul_rencana(data.tahun),
        author=kantor.instansi,
        subject="Rencana kegiatan tahunan Desmigratif terhadap pagu",
        footer_text=judul_rencana(data.tahun),
        progress=progress,
    )
