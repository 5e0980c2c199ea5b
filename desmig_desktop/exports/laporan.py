"""The quarterly report to the ministry (Laporan Triwulan): an Excel workbook and a signed PDF.

Plain values in, files out (DESIGN.md: exports know files, not the database). The report
comes in as any object with the attributes of :class:`LaporanLike`
(``services.laporan.LaporanTriwulan`` fits); the check-list headings as a plain mapping
(``services.laporan.CEK_JUDUL``).

Workbook (:func:`write_laporan_xlsx`), one sheet per section, each with the report title,
the programme, the office and the period above the table, the header frozen and repeated
on every printed page, landscape and fitted to the page width:

* ``Ringkasan``: per pillar pagu, planned budget, realisation in the quarter and to date,
  serapan to date (``=IF(pagu=0,"",realisasi/pagu)``, a percentage), remaining pagu
  (``=pagu-realisasi``) and the activity counts; the total row sums the four pillar rows
  (``=SUM``), its serapan is the formula over the totals. Below the table a clustered
  column chart "Pagu dan realisasi s.d. TW II per pilar" references the pillar rows
  (Pagu and Realisasi s.d. columns), so it follows the sheet's numbers.
* ``Pilar I`` .. ``Pilar IV``: the activities with target, realised volume, budget,
  realisation and status as of the quarter; a total row of ``=SUM`` formulas. An activity
  whose realisation to date exceeds its budget says "Melebihi anggaran" in Keterangan.
* ``Community Parenting``: sessions and attendance marks per village with the rate
  ``=IF(H+I+S+A=0,"",H/(H+I+S+A))``; the total row gives the overall rate.
* ``Desa``: the villages with the latest statistics; totals.
* ``Catatan``: the check list, when it is not empty.

The sheets are streamed (a write-only workbook, ``xlsx_base.write_big_sheet``): a national
report's 25,000 activities and 5,000 villages are written row by row, in time linear in
the rows and flat memory; formulas in the data rows are ``Rumus`` templates.

PDF (:func:`write_laporan_pdf`): landscape A4 or F4, the letterhead, the title
"LAPORAN TRIWULAN II TAHUN 2024" with the programme and the period, then I Ringkasan
(budget and activities per pillar, then the Beranda's serapan chart drawn with
reportlab graphics, :func:`serapan_drawing`), II Kegiatan per pilar, III Community Parenting,
IV Desa Desmigratif, the place-date line and the signatures (Mengetahui, Kepala Dinas;
Penanggung Jawab) kept with the end of the last table, "Halaman x dari y"; the check
list as an annex after the signatures.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from desmig_desktop.domain.enums import Pilar, StatusDesa, StatusKegiatan, Triwulan
from desmig_desktop.domain.formatting import (
    NAMA_BULAN,
    format_angka,
    format_persen,
    format_rupiah,
    format_rupiah_ringkas,
    format_tanggal,
    format_tempat_tanggal,
)
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.pdf_base import (
    CELL_PAD_H,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    BlokTtd,
    KantorLike,
    TtdLike,
    blok_tanda_tangan,
    build_pdf,
    content_width,
    data_table,
    judul,
    kop_surat,
    page_size,
    para,
    para_markup,
    periksa_identitas,
    register_fonts,
    signature_section,
    styles,
)
from desmig_desktop.exports.xlsx_base import (
    FMT_ANGKA,
    FMT_PERSEN,
    FMT_RUPIAH,
    FMT_TEKS,
    Rumus,
    TableSheet,
    discard_workbook,
    new_workbook,
    save_workbook,
    write_big_sheet,
)

__all__ = [
    "PROGRAM",
    "SHEET_CATATAN",
    "SHEET_DESA",
    "SHEET_PARENTING",
    "SHEET_RINGKASAN",
    "TINGKAT_KABUPATEN",
    "AnggaranLike",
    "CekLike",
    "DesaLike",
    "KantorLaporan",
    "KegiatanLike",
    "LaporanLike",
    "RekapDesaLike",
    "RekapLike",
    "RingkasanLike",
    "format_periode",
    "periksa_kantor",
    "serapan_drawing",
    "sheet_pilar",
    "status_label",
    "write_laporan_pdf",
    "write_laporan_xlsx",
]

PROGRAM = "PROGRAM DESA MIGRAN PRODUKTIF (DESMIGRATIF)"
SHEET_RINGKASAN = "Ringkasan"
SHEET_PARENTING = "Community Parenting"
SHEET_DESA = "Desa"
SHEET_CATATAN = "Catatan"
TINGKAT_KABUPATEN = "Tingkat kabupaten"
MELEBIHI = "Melebihi anggaran"
BELUM_MULAI = "Belum mulai"


# --------------------------------------------------------------------------- input


class AnggaranLike(Protocol):
    """Budget figures of a summary line (``services.rencana.AnggaranBaris`` fits)."""

    @property
    def pagu(self) -> Decimal: ...
    @property
    def rencana(self) -> Decimal: ...


class RingkasanLike(Protocol):
    """A pillar's summary line, or the total (``services.laporan.RingkasanPilar``)."""

    @property
    def pilar(self) -> Pilar | None: ...
    @property
    def label(self) -> str: ...
    @property
    def anggaran(self) -> AnggaranLike: ...
    @property
    def realisasi_tw(self) -> Decimal: ...
    @property
    def realisasi_sd(self) -> Decimal: ...
    @property
    def serapan_sd(self) -> Decimal | None: ...
    @property
    def sisa(self) -> Decimal: ...
    @property
    def kegiatan(self) -> int: ...
    @property
    def selesai(self) -> int: ...
    @property
    def berjalan(self) -> int: ...
    @property
    def batal(self) -> int: ...
    @property
    def rencana(self) -> int: ...
    @property
    def mencapai_target(self) -> int: ...


class KegiatanLike(Protocol):
    """An activity with its realisation per quarter (``services.rencana.KegiatanBaris``)."""

    @property
    def kode(self) -> str: ...
    @property
    def desa(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def volume(self) -> Decimal: ...
    @property
    def satuan(self) -> str: ...
    @property
    def anggaran(self) -> Decimal: ...
    @property
    def realisasi_tw(self) -> Sequence[Decimal]: ...
    def keterangan_sd(self, sampai: int = 4) -> str: ...
    def realisasi_sd(self, sampai: Triwulan | int = 4) -> Decimal: ...
    def volume_sd(self, sampai: Triwulan | int = 4) -> Decimal: ...
    def status_sd(self, sampai: Triwulan | int = 4) -> StatusKegiatan: ...


class RekapLike(Protocol):
    """Attendance marks (``services.parenting.Rekap``)."""

    @property
    def h(self) -> int: ...
    @property
    def i(self) -> int: ...
    @property
    def s(self) -> int: ...
    @property
    def a(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def rate(self) -> Decimal | None: ...


class RekapDesaLike(Protocol):
    """A village's community-parenting recap (``services.parenting.RekapDesa``)."""

    @property
    def kode_wilayah(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def pertemuan(self) -> int: ...
    @property
    def anak(self) -> int: ...
    @property
    def pengasuh(self) -> int: ...
    @property
    def rekap(self) -> RekapLike: ...


class DesaLike(Protocol):
    """A village with its latest statistics (``services.desa.DesaBaris``)."""

    @property
    def kode_wilayah(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def kecamatan(self) -> str: ...
    @property
    def status(self) -> StatusDesa: ...
    @property
    def tahun_data(self) -> int | None: ...
    @property
    def pmi_aktif(self) -> int | None: ...
    @property
    def cpmi(self) -> int | None: ...
    @property
    def pmi_purna(self) -> int | None: ...


class CekLike(Protocol):
    """A check-list item (``services.laporan.CekItem``)."""

    @property
    def jenis(self) -> str: ...
    @property
    def pesan(self) -> str: ...


class KantorLaporan(KantorLike, Protocol):
    """The letterhead and the city of the place-date line (``services.kantor.Kantor``)."""

    kota: str


class LaporanLike(Protocol):
    """The whole report (``services.laporan.LaporanTriwulan`` fits)."""

    @property
    def tahun(self) -> int: ...
    @property
    def triwulan(self) -> Triwulan: ...
    @property
    def kantor(self) -> KantorLaporan: ...
    @property
    def kepala_dinas(self) -> TtdLike | None: ...
    @property
    def penanggung_jawab(self) -> TtdLike | None: ...
    @property
    def ringkasan(self) -> Sequence[RingkasanLike]: ...  # four pillars, then the total
    @property
    def kegiatan(self) -> Mapping[Pilar, Sequence[KegiatanLike]]: ...
    @property
    def parenting(self) -> Sequence[RekapDesaLike]: ...
    @property
    def parenting_total(self) -> RekapLike: ...
    @property
    def desa(self) -> Sequence[DesaLike]: ...
    @property
    def cek(self) -> Sequence[CekLike]: ...
    @property
    def judul(self) -> str: ...
    @property
    def periode(self) -> tuple[date, date]: ...


# --------------------------------------------------------------------------- shared rules


def periksa_kantor(kantor: KantorLaporan) -> None:
    """Refuse an office identity the report cannot be signed with (no instansi or city)."""
    periksa_identitas(kantor.instansi, kantor.kota, lanjut="ekspor laporan triwulan lagi")


def format_periode(dari: date, sampai: date) -> str:
    """``1 April – 30 Juni 2024`` (the year once when both dates share it)."""
    if dari.year == sampai.year:
        return f"{dari.day} {NAMA_BULAN[dari.month - 1]} – {format_tanggal(sampai)}"
    return f"{format_tanggal(dari)} – {format_tanggal(sampai)}"


def sheet_pilar(pilar: Pilar) -> str:
    """``Pilar II``: the sheet of a pillar's activities."""
    return f"Pilar {pilar.value}"


def status_label(status: StatusKegiatan) -> str:
    """The status as the report prints it: a planned activity has not started yet."""
    return BELUM_MULAI if status is StatusKegiatan.RENCANA else status.label


def _melebihi(k: KegiatanLike, q: int) -> bool:
    """Realisation to the end of quarter ``q`` above the activity's budget.

    Measured as of the quarter (not the stored flag, which follows the whole year's
    realisation): a later quarter never marks an earlier report.
    """
    return k.realisasi_sd(q) > k.anggaran


def _volume(value: Decimal) -> int | Decimal:
    """A volume as a number for Excel: whole volumes as int (no ``4.00``)."""
    return int(value) if value == value.to_integral_value() else value.normalize()


def _teks_volume(value: Decimal) -> str:
    """``120``, ``2,5``."""
    if value == value.to_integral_value():
        return format_angka(value)
    return format_angka(value, 2).rstrip("0").rstrip(",")


def _desa_kegiatan(k: KegiatanLike) -> str:
    return k.desa or TINGKAT_KABUPATEN


def _ringkasan_pilar(lap: LaporanLike) -> list[RingkasanLike]:
    return [r for r in lap.ringkasan if r.pilar is not None]


def _total(lap: LaporanLike) -> RingkasanLike:
    return next(r for r in lap.ringkasan if r.pilar is None)


def _footer(lap: LaporanLike) -> str:
    instansi = " ".join((lap.kantor.instansi or "").split())
    base = f"Laporan Triwulan {lap.triwulan.romawi} Tahun {lap.tahun}"
    return f"{base} — {instansi}" if instansi else base


def _judul_grafik(lap: LaporanLike) -> str:
    """The serapan chart's title, as on the Beranda page."""
    return f"Pagu dan realisasi s.d. TW {lap.triwulan.romawi} per pilar"


def _label_serapan(r: RingkasanLike) -> str:
    """``48,71%`` above a pillar's bars; nothing for a pillar without pagu."""
    return format_persen(r.serapan_sd) if r.anggaran.pagu else ""


def _cek_groups(
    cek: Sequence[CekLike], cek_judul: Mapping[str, str] | None
) -> list[tuple[str, list[str]]]:
    """Items grouped by kind, kinds in the order of ``cek_judul`` (unknown kinds last)."""
    headings = dict(cek_judul or {})
    order = list(headings)
    for item in cek:
        if item.jenis not in order:
            order.append(item.jenis)
    groups = []
    for jenis in order:
        items = [c.pesan for c in cek if c.jenis == jenis]
        if items:
            groups.append((headings.get(jenis) or jenis.capitalize(), items))
    return groups


# --------------------------------------------------------------------------- workbook


def _heading(lap: LaporanLike, subjudul: str) -> list[str]:
    instansi = " ".join((lap.kantor.instansi or "").split())
    periode = f"Periode {format_periode(*lap.periode)}"
    return [
        lap.judul,
        PROGRAM,
        f"{instansi} — {periode}" if instansi else periode,
        subjudul,
    ]


def _lembar(
    wb: Any,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    wrap: Sequence[int] | None = None,
    **kw: Any,
) -> TableSheet:
    """:func:`write_big_sheet` (rows streamed) with the title block's rows tall enough for
    their font; with ``wrap`` (1-based columns) long text wraps in those columns and every
    data cell is aligned to the top, so that a wrapped row still reads across."""
    n = len(headers)
    if wrap is not None:
        wrapped = Alignment(wrap_text=True, vertical="top")
        top = Alignment(vertical="top")
        kw["col_alignments"] = [wrapped if c in wrap else top for c in range(1, n + 1)]
    heading = [line for line in kw.get("heading", ()) if line]
    if heading:
        # title, subtitles, a blank row, then the header
        kw["row_heights"] = {1: 21, **{r: 15.5 for r in range(2, len(heading) + 1)}}
    return write_big_sheet(wb, title, headers, rows, **kw)


def _xlsx_ringkasan(wb: Any, lap: LaporanLike, paper: str, progress: Progress) -> None:
    tw = lap.triwulan.romawi
    headers = [
        "Pilar",
        "Pagu (Rp)",
        "Rencana Anggaran (Rp)",
        f"Realisasi TW {tw} (Rp)",
        f"Realisasi s.d. TW {tw} (Rp)",
        f"Serapan s.d. TW {tw}",
        "Sisa Pagu (Rp)",
        "Jumlah Kegiatan",
        "Selesai",
        "Berjalan",
        "Batal",
        "Belum Mulai",
        "Mencapai Target",
    ]
    rows: list[list[object]] = [
        [
            r.label,
            r.anggaran.pagu,
            r.anggaran.rencana,
            r.realisasi_tw,
            r.realisasi_sd,
            Rumus('=IF(B{r}=0,"",E{r}/B{r})'),  # serapan
            Rumus("=B{r}-E{r}"),  # sisa
            r.kegiatan,
            r.selesai,
            r.berjalan,
            r.batal,
            r.rencana,
            r.mencapai_target,
        ]
        for r in _ringkasan_pilar(lap)
    ]
    money = [FMT_RUPIAH] * 4
    sheet = _lembar(
        wb,
        SHEET_RINGKASAN,
        headers,
        rows,
        col_formats=[None, *money, FMT_PERSEN, FMT_RUPIAH, *[FMT_ANGKA] * 6],
        widths=[34, 17, 17, 17, 17, 12, 17, 11, 9, 9, 9, 9, 10],
        total_row_formulas={
            **{c: "SUM" for c in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12)},
            5: '=IF(B{total}=0,"",E{total}/B{total})',
        },
        total_label="Jumlah",
        heading=_heading(lap, "Ringkasan Anggaran dan Kegiatan per Pilar"),
        autofilter=False,
        paper=paper,
        footer_text=_footer(lap),
        progress=progress,
    )
    _xlsx_grafik(sheet, lap)


XLSX_PAGU = "9DB8D9"
XLSX_REALISASI = "1F5FA8"


def _xlsx_judul(text: str, *, size: float) -> Title:
    """A bold chart title of ``size`` points (openpyxl's plain title is 14 pt or more)."""
    font = CharacterProperties(sz=round(size * 100), b=True)
    run = RegularTextRun(rPr=font, t=text)
    rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), r=[run])])
    return Title(tx=Text(rich=rich), overlay=False)


def _xlsx_grafik(sheet: TableSheet, lap: LaporanLike) -> None:
    """A clustered column chart below the Ringkasan table: per pillar the Pagu column (B)
    and the Realisasi s.d. column (E). It references the sheet's cells (categories: the
    pillar labels; series names: the column headers), so it follows a reviewer's edits."""
    ws = sheet.ws
    first, last = sheet.first_data_row, sheet.last_data_row
    if last < first:
        return
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _xlsx_judul(_judul_grafik(lap), size=12)
    chart.style = 10
    labels = Reference(ws, min_col=1, min_row=first, max_row=last)
    for col, color in ((2, XLSX_PAGU), (5, XLSX_REALISASI)):
        chart.add_data(Reference(ws, min_col=col, min_row=first, max_row=last))
        series = chart.series[-1]
        # named by the column's header cell, categories by the pillar labels (as text:
        # openpyxl's set_categories would write a numeric reference)
        header = Reference(ws, min_col=col, min_row=sheet.header_row)
        series.tx = SeriesLabel(strRef=StrRef(f=str(header)))
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
        series.graphicalProperties.solidFill = color
        series.graphicalProperties.line.solidFill = color
    chart.gapWidth = 60
    chart.overlap = -5
    chart.y_axis.number_format = FMT_RUPIAH
    chart.y_axis.scaling.min = 0
    # openpyxl 3.1 marks axes as deleted unless told otherwise (Excel then hides them)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width = 18  # cm
    chart.height = 9
    below = (sheet.total_row or last) + 2
    ws.add_chart(chart, f"A{below}")


def _xlsx_pilar(wb: Any, lap: LaporanLike, pilar: Pilar, paper: str, progress: Progress) -> None:
    q = lap.triwulan.nomor
    tw = lap.triwulan.romawi
    headers = [
        "Kode",
        "Desa",
        "Kegiatan",
        "Target (Volume)",
        "Satuan",
        f"Realisasi Volume s.d. TW {tw}",
        "Anggaran (Rp)",
        f"Realisasi TW {tw} (Rp)",
        f"Realisasi s.d. TW {tw} (Rp)",
        f"Status s.d. TW {tw}",
        "Keterangan",
    ]
    rows: list[list[object]] = []
    for k in lap.kegiatan.get(pilar, ()):
        notes = []
        if _melebihi(k, q):
            notes.append(f"{MELEBIHI} (lebih {format_rupiah(k.realisasi_sd(q) - k.anggaran)})")
        if k.keterangan_sd(q).strip():
            notes.append(k.keterangan_sd(q).strip())
        rows.append(
            [
                k.kode,
                _desa_kegiatan(k),
                k.nama,
                _volume(k.volume),
                k.satuan,
                _volume(k.volume_sd(q)),
                k.anggaran,
                k.realisasi_tw[q - 1],
                k.realisasi_sd(q),
                status_label(k.status_sd(q)),
                "; ".join(notes) or None,
            ]
        )
    _lembar(
        wb,
        sheet_pilar(pilar),
        headers,
        rows,
        col_formats=[FMT_TEKS, None, None, None, None, None, *[FMT_RUPIAH] * 3, None, None],
        widths=[13, 18, 44, 10, 9, 12, 16, 16, 16, 12, 36],
        total_row_formulas=(
            {c: "SUM" for c in (6, 7, 8)} if rows else None  # no SUM over an empty range
        ),
        heading=_heading(lap, pilar.judul),
        paper=paper,
        footer_text=_footer(lap),
        total=len(rows),
        wrap=(3, 11),
        progress=progress,
    )


def _xlsx_parenting(wb: Any, lap: LaporanLike, paper: str, progress: Progress) -> None:
    rate = '=IF(SUM(F{n}:I{n})=0,"",F{n}/SUM(F{n}:I{n}))'  # {n}: the row
    headers = [
        "Kode Wilayah",
        "Desa",
        "Pertemuan",
        "Peserta Anak",
        "Pengasuh",
        "Hadir (H)",
        "Izin (I)",
        "Sakit (S)",
        "Alpa (A)",
        "Tingkat Kehadiran",
    ]
    rows: list[list[object]] = [
        [
            r.kode_wilayah,
            r.nama,
            r.pertemuan,
            r.anak,
            r.pengasuh,
            r.rekap.h,
            r.rekap.i,
            r.rekap.s,
            r.rekap.a,
            Rumus(rate.replace("{n}", "{r}")),
        ]
        for r in lap.parenting
    ]
    _lembar(
        wb,
        SHEET_PARENTING,
        headers,
        rows,
        col_formats=[FMT_TEKS, None, *[FMT_ANGKA] * 7, FMT_PERSEN],
        widths=[16, 22, 11, 11, 11, 10, 10, 10, 10, 12],
        total_row_formulas=(
            {**{c: "SUM" for c in range(2, 9)}, 9: rate.replace("{n}", "{total}")} if rows else None
        ),
        heading=_heading(
            lap,
            "Community Parenting per Desa (tingkat kehadiran = H / (H + I + S + A))",
        ),
        paper=paper,
        footer_text=_footer(lap),
        total=len(rows),
        progress=progress,
    )


def _xlsx_desa(wb: Any, lap: LaporanLike, paper: str, progress: Progress) -> None:
    headers = [
        "Kode Wilayah",
        "Desa",
        "Kecamatan",
        "Status",
        "Tahun Data",
        "PMI Aktif",
        "CPMI",
        "PMI Purna",
    ]
    rows: list[list[object]] = [
        [
            d.kode_wilayah,
            d.nama,
            d.kecamatan,
            StatusDesa.parse(d.status).label,
            d.tahun_data,
            d.pmi_aktif,
            d.cpmi,
            d.pmi_purna,
        ]
        for d in lap.desa
    ]
    _lembar(
        wb,
        SHEET_DESA,
        headers,
        rows,
        col_formats=[FMT_TEKS, None, None, None, None, *[FMT_ANGKA] * 3],
        widths=[16, 22, 20, 10, 10, 11, 10, 11],
        total_row_formulas={c: "SUM" for c in (5, 6, 7)} if rows else None,
        heading=_heading(lap, "Desa Desmigratif (statistik tahun data terakhir)"),
        paper=paper,
        footer_text=_footer(lap),
        total=len(rows),
        progress=progress,
    )


def _xlsx_catatan(
    wb: Any,
    lap: LaporanLike,
    cek_judul: Mapping[str, str] | None,
    paper: str,
    progress: Progress,
) -> None:
    rows: list[list[object]] = []
    for heading, items in _cek_groups(lap.cek, cek_judul):
        rows += [[len(rows) + 1, heading, pesan] for pesan in items]
    _lembar(
        wb,
        SHEET_CATATAN,
        ["No", "Jenis", "Uraian"],
        rows,
        widths=[6, 30, 100],
        heading=_heading(lap, "Daftar Periksa Kelengkapan Data"),
        paper=paper,
        footer_text=_footer(lap),
        total=len(rows),
        wrap=(2, 3),
        progress=progress,
    )


def write_laporan_xlsx(
    path: str | os.PathLike[str],
    lap: LaporanLike,
    *,
    paper: str = "A4",
    cek_judul: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the quarterly report workbook to ``path`` (atomically) and return the path.

    Sheets: ``Ringkasan``, ``Pilar I`` .. ``Pilar IV``, ``Community Parenting``, ``Desa``
    and, when ``lap.cek`` is not empty, ``Catatan`` (grouped under the headings of
    ``cek_judul``, e.g. ``services.laporan.CEK_JUDUL``). Totals, serapan, remaining pagu
    and attendance rates are formulas, so they follow a reviewer's corrections.
    ``paper`` (A4 or F4) is the print setup. Cancellation through ``progress`` raises
    ``Cancelled`` and writes nothing.
    """
    progress = progress or NullProgress()
    page_size(paper)  # refuse an unknown paper before any work
    wb = new_workbook(write_only=True, title=lap.judul, author=(lap.kantor.instansi or "").strip())
    try:
        _xlsx_ringkasan(wb, lap, paper, progress)
        for pilar in Pilar:
            check(progress)
            _xlsx_pilar(wb, lap, pilar, paper, progress)
        check(progress)
        _xlsx_parenting(wb, lap, paper, progress)
        check(progress)
        _xlsx_desa(wb, lap, paper, progress)
        if lap.cek:
            check(progress)
            _xlsx_catatan(wb, lap, cek_judul, paper, progress)
        return save_workbook(wb, path, progress)
    except BaseException:
        discard_workbook(wb)  # no temporary sheet files left behind
        raise


# --------------------------------------------------------------------------- PDF

_PAD = 2 * CELL_PAD_H + 2  # cell padding and a little air


def _text_width(text: str, bold: bool = False) -> float:
    return stringWidth(text, FONT_BOLD if bold else FONT, CELL_SIZE)


def _fit(header: str, cells: Sequence[str], bold_cells: Sequence[str] = ()) -> float:
    """The width a column needs so that no cell wraps and no header word is broken.

    Header words are split at ordinary spaces only: ``"TW\u00a0II"`` stays one word.
    """
    words = [w for w in header.split(" ") if w]
    need = max((_text_width(w, True) for w in words), default=0.0)
    need = max(
        [need, *(_text_width(c) for c in cells), *(_text_width(c, True) for c in bold_cells)]
    )
    return need + _PAD


def _fit_words(cells: Sequence[str], cap: float) -> float:
    """A text column's minimum: its longest word never broken, its longest text up to
    ``cap`` on one line (village names)."""
    longest_word = max(
        (_text_width(w) for c in cells for w in c.split()),
        default=0.0,
    )
    longest = max((_text_width(c) for c in cells), default=0.0)
    return max(longest_word, min(longest, cap)) + _PAD


def _sel(value: object) -> str:
    """A cell value as the table prints it (integers with thousands dots)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_angka(value)
    return "" if value is None else str(value)


def _bobot(texts: Sequence[str], most: float, least: float = 1.0) -> float:
    """The share of spare width a wrapping text column asks for: by its longest text."""
    longest = max((_text_width(t) for t in texts), default=0.0)
    return max(least, min(most, longest / 90.0))


def _widths(width: float, spec: Sequence[tuple[float, float]]) -> list[float]:
    """Column widths from ``(minimum, weight)`` pairs: every column gets its minimum and
    the spare width is shared by weight (weight 0: exactly the minimum).

    When the minimums do not fit the frame, all columns shrink in proportion (text then
    wraps: better than running over the margin).
    """
    mins = [m for m, _ in spec]
    spare = width - sum(mins)
    if spare < 0:
        return [m * width / sum(mins) for m in mins]
    weights = sum(w for _, w in spec)
    if weights <= 0:
        return [m + spare / len(spec) for m in mins]
    return [m + spare * w / weights for m, w in spec]


class _Pdf:
    """The report's paragraph styles and money formatting."""

    def __init__(self, lap: LaporanLike, rupiah_spasi: bool) -> None:
        s = styles()
        self.lap = lap
        self.q = lap.triwulan.nomor
        self.tw = lap.triwulan.romawi
        self.twh = f"TW\u00a0{self.tw}"  # "TW II" never broken in a column header
        self.spasi = rupiah_spasi
        self.section = ParagraphStyle(
            "LaporanBagian",
            parent=s.body,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=3 * mm,
            spaceAfter=2 * mm,
        )
        self.subsection = ParagraphStyle(
            "LaporanSubbagian",
            parent=s.body,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=12.5,
            spaceBefore=1.5 * mm,
            spaceAfter=1.5 * mm,
        )
        self.note = ParagraphStyle("LaporanCatatan", parent=s.body, fontSize=9, leading=11.5)
        self.note_after = ParagraphStyle(
            "LaporanCatatanTabel", parent=self.note, spaceBefore=-2 * mm, spaceAfter=3 * mm
        )
        self.cell = ParagraphStyle(
            "LaporanSel", parent=s.body, fontSize=CELL_SIZE, leading=CELL_SIZE + 2
        )

    def rp(self, amount: Decimal) -> str:
        return format_rupiah(amount, space=self.spasi)


def _section(title: str, g: _Pdf, *, need: float = 45 * mm) -> list[Flowable]:
    """A section heading that is never left alone at the foot of a page."""
    return [CondPageBreak(need), para(title, g.section)]


def _subsection(title: str, g: _Pdf, *, need: float = 35 * mm) -> list[Flowable]:
    return [CondPageBreak(need), para(title, g.subsection)]


def _pdf_ringkasan(lap: LaporanLike, width: float, g: _Pdf) -> list[Flowable]:
    pilar_rows = _ringkasan_pilar(lap)
    total = _total(lap)
    tw = g.twh

    def money(r: RingkasanLike) -> list[str]:
        return [
            g.rp(r.anggaran.pagu),
            g.rp(r.anggaran.rencana),
            g.rp(r.realisasi_tw),
            g.rp(r.realisasi_sd),
            format_persen(r.serapan_sd),
            g.rp(r.sisa),
        ]

    header = [
        "Pilar",
        "Pagu",
        "Rencana Anggaran",
        f"Realisasi {tw}",
        f"Realisasi s.d. {tw}",
        f"Serapan s.d. {tw}",
        "Sisa Pagu",
    ]
    rows = [[r.label, *money(r)] for r in pilar_rows]
    total_row = ["Jumlah", *money(total)]
    # every column fitted to its widest figure; the spare width shared evenly
    widths = _widths(
        width,
        [(_fit(h, [row[c] for row in rows], [total_row[c]]), 1.0) for c, h in enumerate(header)],
    )
    story: list[Flowable] = [para("A. Anggaran", g.subsection)]
    story += data_table(header, rows, widths, align="LRRRRRR", total_row=total_row)

    count_header = [
        "Pilar",
        "Jumlah Kegiatan",
        "Selesai",
        "Berjalan",
        "Batal",
        "Belum Mulai",
        "Mencapai Target",
    ]

    def counts(r: RingkasanLike) -> list[object]:
        return [r.kegiatan, r.selesai, r.berjalan, r.batal, r.rencana, r.mencapai_target]

    count_rows = [[r.label, *counts(r)] for r in pilar_rows]
    count_widths = _widths(
        width,
        [(_fit(count_header[0], [r.label for r in pilar_rows], ["Jumlah"]), 2.0)]
        + [(_fit(h, ["9.999"]), 1.0) for h in count_header[1:]],
    )
    story += [CondPageBreak(35 * mm), para(f"B. Kegiatan s.d. TW {g.tw}", g.subsection)]
    story += data_table(
        count_header,
        count_rows,
        count_widths,
        align="LRRRRRR",
        total_row=["Jumlah", *counts(total)],
    )
    story.append(
        para(
            f"Serapan = realisasi s.d. Triwulan {g.tw} dibagi pagu. Belum mulai = kegiatan "
            "tanpa realisasi dan tanpa status berjalan, selesai atau batal. Mencapai target = "
            "volume realisasi sudah sama dengan atau melebihi target.",
            g.note_after,
        )
    )
    story += _pdf_grafik(lap, width, g)
    return story


PDF_PAGU = colors.HexColor("#9db8d9")
PDF_REALISASI = colors.HexColor("#1f5fa8")
_GRAFIK_TEKS = colors.HexColor("#333333")
_GRAFIK_GARIS = colors.HexColor("#d9d9d9")
_GRAFIK_FONT = 8


def _nice_max(value: float, ticks: int = 4) -> float:
    """The smallest round axis maximum >= ``value`` whose ``ticks`` steps are round
    (1, 2, 2.5 or 5 x 10^k): 168 jt -> 200 jt (steps of 50 jt)."""
    if value <= 0:
        return 1_000_000.0
    raw = value / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw * (1 - 1e-12):
            return step * ticks
    return 10 * magnitude * ticks  # pragma: no cover - factor 10 always suffices


def serapan_drawing(lap: LaporanLike, width: float, height: float) -> Drawing:
    """The Beranda's serapan chart for the PDF: per pillar a bar of the pagu (light blue)
    and of the realisation to date (dark blue), the serapan (``48,71%``) above each
    pillar's bars, the value axis in short Rupiah (``Rp 50 jt``), a legend on top.

    The bar chart is the drawing's ``chart`` (``data``: pagu, then realisation to date,
    in pillar order); the serapan labels are the strings of its ``serapan`` group.
    """
    register_fonts()
    rows = _ringkasan_pilar(lap)
    tw = lap.triwulan.romawi
    pagu = [float(r.anggaran.pagu) for r in rows]
    realisasi = [float(r.realisasi_sd) for r in rows]

    legend_h = 14.0  # the legend row at the top
    label_h = _GRAFIK_FONT + 5.0  # room for a serapan label above the tallest bar
    bottom = 2 * (_GRAFIK_FONT + 1.5) + 6.0  # two lines of category labels
    plot_h = height - bottom - legend_h - 4.0
    top = _nice_max(max([*pagu, *realisasi, 0.0]) * plot_h / max(plot_h - label_h, 1.0))
    ticks = [top * i / 4 for i in range(5)]
    left = max(stringWidth(format_rupiah_ringkas(t), FONT, _GRAFIK_FONT) for t in ticks) + 8.0
    plot_w = width - left - 4.0

    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = left, bottom, plot_w, plot_h
    chart.data = [pagu, realisasi]
    chart.strokeColor = None
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = PDF_PAGU
    chart.bars[1].fillColor = PDF_REALISASI
    chart.barWidth = 10
    chart.barSpacing = 1
    chart.groupSpacing = 9
    va = chart.valueAxis
    va.valueMin, va.valueMax, va.valueStep = 0, top, top / 4
    va.labelTextFormat = format_rupiah_ringkas
    va.labels.fontName = FONT
    va.labels.fontSize = _GRAFIK_FONT
    va.labels.fillColor = _GRAFIK_TEKS
    va.labels.dx = -3
    va.visibleAxis = False
    va.visibleTicks = False
    va.visibleGrid = True
    va.gridStrokeColor = _GRAFIK_GARIS
    va.gridStrokeWidth = 0.5
    ca = chart.categoryAxis
    ca.categoryNames = [f"Pilar {r.pilar.value}\n{r.pilar.label}" for r in rows if r.pilar]
    ca.labels.fontName = FONT
    ca.labels.fontSize = _GRAFIK_FONT
    ca.labels.leading = _GRAFIK_FONT + 1.5
    ca.labels.fillColor = _GRAFIK_TEKS
    ca.labels.boxAnchor = "n"
    ca.labels.textAnchor = "middle"
    ca.labels.dy = -4
    ca.visibleTicks = False
    ca.strokeColor = colors.HexColor("#7f7f7f")
    ca.strokeWidth = 0.75
    d.add(chart, name="chart")

    serapan = Group()
    group_w = plot_w / max(len(rows), 1)
    for i, r in enumerate(rows):
        text = _label_serapan(r)
        if not text:
            continue
        tallest = max(pagu[i], realisasi[i], 0.0)
        y = bottom + plot_h * tallest / top + 3.0
        serapan.add(
            String(
                left + (i + 0.5) * group_w,
                y,
                text,
                fontName=FONT_BOLD,
                fontSize=_GRAFIK_FONT,
                fillColor=_GRAFIK_TEKS,
                textAnchor="middle",
            )
        )
    d.add(serapan, name="serapan")

    legend = Legend()
    legend.colorNamePairs = [(PDF_PAGU, "Pagu"), (PDF_REALISASI, f"Realisasi s.d. TW {tw}")]
    legend.fontName = FONT
    legend.fontSize = _GRAFIK_FONT
    legend.fillColor = _GRAFIK_TEKS
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.boxAnchor = "nw"
    legend.x = left
    legend.y = height - 2.0
    legend.dx = legend.dy = 7
    legend.dxTextSpace = 4
    legend.variColumn = True  # each item as wide as its text
    legend.autoXPadding = 14
    legend.strokeColor = None
    legend.strokeWidth = 0
    d.add(legend, name="legend")
    d.add(
        String(
            width - 4.0,
            height - _GRAFIK_FONT,
            f"Persentase di atas batang: serapan s.d. TW {tw}",
            fontName=FONT,
            fontSize=_GRAFIK_FONT - 0.5,
            fillColor=colors.HexColor("#555555"),
            textAnchor="end",
        ),
        name="keterangan",
    )
    return d


def _pdf_grafik(lap: LaporanLike, width: float, g: _Pdf) -> list[Flowable]:
    """C. the serapan chart, kept with its heading (moved whole to the next page when the
    summary page has no room); nothing when no pillar has pagu or realisation."""
    rows = _ringkasan_pilar(lap)
    if not any(r.anggaran.pagu or r.realisasi_sd for r in rows):
        return []
    drawing = serapan_drawing(lap, round(width * 0.65), 65 * mm)
    drawing.hAlign = "LEFT"
    heading = para(f"C. Pagu dan realisasi s.d. {g.twh} per pilar", g.subsection)
    return [KeepTogether([heading, drawing, Spacer(1, 2 * mm)])]


class _TabelKegiatan:
    """The four pillars' activity tables, laid out to one set of column widths."""

    def __init__(self, lap: LaporanLike, width: float, g: _Pdf) -> None:
        self.g = g
        q, tw = g.q, g.twh
        self.header = [
            "No",
            "Kode",
            "Desa",
            "Kegiatan",
            "Target",
            f"Capaian s.d. {tw}",
            "Anggaran",
            f"Realisasi {tw}",
            f"Realisasi s.d. {tw}",
            "Status",
            "Keterangan",
        ]
        self.rows: dict[Pilar, list[list[object]]] = {}
        self.totals: dict[Pilar, list[object]] = {}
        self.over: dict[Pilar, bool] = {}
        plain: list[list[str]] = []  # every cell's text, to fit the widths
        notes: list[str] = []  # the Keterangan texts (markup aside), to weigh the column
        for pilar in Pilar:
            items = list(lap.kegiatan.get(pilar, ()))
            rows: list[list[object]] = []
            self.over[pilar] = False
            for i, k in enumerate(items, start=1):
                over = _melebihi(k, q)
                self.over[pilar] |= over
                parts = []
                if over:
                    lebih = g.rp(k.realisasi_sd(q) - k.anggaran).replace(" ", "\u00a0")
                    parts.append(f"<b>{MELEBIHI}</b> (lebih {lebih})")
                if k.keterangan_sd(q).strip():
                    parts.append(escape(k.keterangan_sd(q).strip()))
                if parts:
                    notes.append(" ".join(parts).replace("<b>", "").replace("</b>", ""))
                satuan = (k.satuan or "").strip()
                cells = [
                    str(i),
                    k.kode,
                    _desa_kegiatan(k),
                    k.nama,
                    f"{_teks_volume(k.volume)} {satuan}".strip(),
                    f"{_teks_volume(k.volume_sd(q))} {satuan}".strip(),
                    g.rp(k.anggaran),
                    g.rp(k.realisasi_tw[q - 1]),
                    g.rp(k.realisasi_sd(q)) + (" *" if over else ""),
                    status_label(k.status_sd(q)),
                ]
                plain.append(cells)
                rows.append([*cells, para_markup("; ".join(parts), g.cell) if parts else ""])
            self.rows[pilar] = rows
            zero = Decimal(0)
            total: list[object] = [
                "",
                "Jumlah",
                "",
                "",
                "",
                "",
                g.rp(sum((k.anggaran for k in items), zero)),
                g.rp(sum((k.realisasi_tw[q - 1] for k in items), zero)),
                g.rp(sum((k.realisasi_sd(q) for k in items), zero)),
                "",
                "",
            ]
            self.totals[pilar] = total
            plain.append([str(v) for v in total[:10]])  # bold: measured with some air
        h = self.header
        col = [[row[c] for row in plain] for c in range(10)]
        fit = [_fit(h[c], col[c]) + 2 for c in range(10)]  # +2: the bold total row
        word = [_fit(x, []) for x in h]
        self.widths = _widths(
            width,
            [
                (fit[0], 0.0),  # No
                (fit[1], 0.0),  # Kode
                (max(word[2], _fit_words(col[2], 80.0)), 0.2),  # Desa
                (max(word[3], _fit_words(col[3], 120.0)), _bobot(col[3], 3.0)),  # Kegiatan
                (max(word[4], _fit_words(col[4], 60.0)), 0.0),  # Target
                (max(word[5], _fit_words(col[5], 60.0)), 0.0),  # Capaian
                (fit[6], 0.05),  # Anggaran
                (fit[7], 0.05),  # Realisasi TW
                (fit[8], 0.05),  # Realisasi s.d.
                (fit[9], 0.0),  # Status
                (max(word[10], 60.0), _bobot(notes, 2.5, 0.5)),  # Keterangan
            ],
        )

    def story(self, pilar: Pilar) -> list[Flowable]:
        """A pillar's table; over-budget rows marked ``*``, with a note below."""
        g = self.g
        if not self.rows[pilar]:
            return [para("Belum ada kegiatan yang direncanakan pada pilar ini.", g.note)]
        story: list[Flowable] = data_table(
            self.header,
            self.rows[pilar],
            self.widths,
            align="CLLLRRRRRLL",
            total_row=self.totals[pilar],
        )
        if self.over[pilar]:
            story.append(
                para(
                    f"Tanda * : realisasi s.d. Triwulan {g.tw} melebihi anggaran kegiatan "
                    "(dikonfirmasi ketika realisasi dicatat).",
                    g.note_after,
                )
            )
        return story


def _pdf_parenting(lap: LaporanLike, width: float, g: _Pdf) -> list[Flowable]:
    if not lap.parenting:
        return [
            para(
                f"Tidak ada pertemuan community parenting pada Triwulan {g.tw} "
                f"({format_periode(*lap.periode)}).",
                g.note,
            )
        ]
    header = [
        "No",
        "Kode Wilayah",
        "Desa",
        "Pertemuan",
        "Peserta Anak",
        "Pengasuh",
        "Hadir (H)",
        "Izin (I)",
        "Sakit (S)",
        "Alpa (A)",
        "Tingkat Kehadiran",
    ]
    rows: list[list[object]] = [
        [
            i,
            r.kode_wilayah,
            r.nama,
            r.pertemuan,
            r.anak,
            r.pengasuh,
            r.rekap.h,
            r.rekap.i,
            r.rekap.s,
            r.rekap.a,
            format_persen(r.rekap.rate),
        ]
        for i, r in enumerate(lap.parenting, start=1)
    ]
    t = lap.parenting_total
    total_row: list[object] = [
        "",
        "Jumlah",
        "",
        sum(r.pertemuan for r in lap.parenting),
        sum(r.anak for r in lap.parenting),
        sum(r.pengasuh for r in lap.parenting),
        t.h,
        t.i,
        t.s,
        t.a,
        format_persen(t.rate),
    ]
    text = [[_sel(v) for v in row] for row in rows]
    tot = [_sel(v) for v in total_row]
    widths = _widths(
        width,
        [
            (_fit(header[0], [r[0] for r in text]), 0.0),
            (_fit(header[1], [r[1] for r in text], [tot[1]]), 0.5),
            (max(_fit(header[2], []), _fit_words([r[2] for r in text], 120.0)), 1.5),
            *[(_fit(header[c], [r[c] for r in text], [tot[c]]), 1.0) for c in range(3, 11)],
        ],
    )
    story: list[Flowable] = data_table(
        header, rows, widths, align="CLLRRRRRRRR", total_row=total_row
    )
    story.append(
        para(
            "Tingkat kehadiran = jumlah hadir (H) dibagi seluruh tanda kehadiran "
            f"(H + I + S + A) pada pertemuan Triwulan {g.tw}. Tingkat kehadiran keseluruhan: "
            f"{format_persen(t.rate)}.",
            g.note_after,
        )
    )
    return story


def _pdf_desa(lap: LaporanLike, width: float) -> list[Flowable]:
    header = [
        "No",
        "Kode Wilayah",
        "Desa",
        "Kecamatan",
        "Status",
        "Tahun Data",
        "PMI Aktif",
        "CPMI",
        "PMI Purna",
    ]

    def angka(value: int | None) -> str:
        return "-" if value is None else format_angka(value)

    rows: list[list[object]] = [
        [
            i,
            d.kode_wilayah,
            d.nama,
            d.kecamatan,
            StatusDesa.parse(d.status).label,
            str(d.tahun_data) if d.tahun_data else "-",
            angka(d.pmi_aktif),
            angka(d.cpmi),
            angka(d.pmi_purna),
        ]
        for i, d in enumerate(lap.desa, start=1)
    ]
    total_row: list[object] = [
        "",
        "Jumlah",
        "",
        "",
        "",
        "",
        sum(d.pmi_aktif or 0 for d in lap.desa),
        sum(d.cpmi or 0 for d in lap.desa),
        sum(d.pmi_purna or 0 for d in lap.desa),
    ]
    text = [[_sel(v) for v in row] for row in rows]
    tot = [_sel(v) for v in total_row]
    widths = _widths(
        width,
        [
            (_fit(header[0], [r[0] for r in text]), 0.0),
            (_fit(header[1], [r[1] for r in text], [tot[1]]), 0.5),
            (max(_fit(header[2], []), _fit_words([r[2] for r in text], 120.0)), 1.5),
            (max(_fit(header[3], []), _fit_words([r[3] for r in text], 120.0)), 1.5),
            *[(_fit(header[c], [r[c] for r in text], [tot[c]]), 1.0) for c in range(4, 9)],
        ],
    )
    return data_table(header, rows, widths, align="CLLLCCRRR", total_row=total_row)


def _pdf_lampiran(
    lap: LaporanLike, width: float, g: _Pdf, cek_judul: Mapping[str, str] | None
) -> list[Flowable]:
    story: list[Flowable] = [PageBreak()]
    story += judul("Lampiran: Daftar Periksa", lap.judul, space_after=3 * mm)
    story.append(
        para(
            "Hal-hal berikut tampak belum lengkap ketika laporan ini disusun. Daftar ini "
            "bukan bagian dari angka laporan; gunakan untuk melengkapi data pada laporan "
            "berikutnya.",
            g.note,
        )
    )
    story.append(Spacer(1, 2 * mm))
    widths = _widths(width, [(_fit("No", ["999"]), 0.0), (200.0, 1.0)])
    for heading, items in _cek_groups(lap.cek, cek_judul):
        story += _subsection(f"{heading} ({len(items)})", g, need=25 * mm)
        story += data_table(
            ["No", "Uraian"],
            [[i, pesan] for i, pesan in enumerate(items, start=1)],
            widths,
            align="CL",
        )
    return story


def _tanda_tangan(lap: LaporanLike, width: float, tanggal: date) -> Flowable:
    return blok_tanda_tangan(
        [
            BlokTtd(lap.kepala_dinas, heading="Mengetahui,", jabatan="Kepala Dinas"),
            BlokTtd(lap.penanggung_jawab, jabatan="Penanggung Jawab Desmigratif"),
        ],
        width,
        tempat_tanggal=format_tempat_tanggal(lap.kantor.kota, tanggal),
        space=18 * mm,
    )


def write_laporan_pdf(
    path: str | os.PathLike[str],
    lap: LaporanLike,
    *,
    paper: str = "A4",
    tanggal: date,
    rupiah_spasi: bool = True,
    lampiran_cek: bool = True,
    cek_judul: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the signed quarterly report PDF (landscape A4 or F4) and return the path.

    Letterhead of ``lap.kantor``; ``lap.judul`` with the programme and the period; I
    Ringkasan (budget and activity counts per pillar with the total), II Kegiatan per
    Pilar (over-budget rows marked ``*`` and "Melebihi anggaran"), III Community
    Parenting per village with the overall attendance rate, IV Desa Desmigratif; then
    "Tulungagung, 20 Mei 2024" (``kantor.kota`` and ``tanggal``) and the signatures
    (Mengetahui, Kepala Dinas; the Penanggung Jawab), kept with the last rows of the
    village table. Money as ``Rp 1.250.000`` (``rupiah_spasi=False``: ``Rp1.250.000``).
    With ``lampiran_cek`` and a non-empty ``lap.cek``, a page "Lampiran: Daftar Periksa"
    follows the signatures, items grouped under ``cek_judul``.

    An office without instansi or city is refused (``ValidationError``) before anything
    is written; cancellation leaves no file.
    """
    progress = progress or NullProgress()
    periksa_kantor(lap.kantor)
    width = content_width(paper, landscape=True)
    g = _Pdf(lap, rupiah_spasi)
    story: list[Flowable] = kop_surat(lap.kantor, width)
    story[-1] = Spacer(1, 3 * mm)
    story += judul(
        lap.judul, PROGRAM, f"Periode {format_periode(*lap.periode)}", space_after=2 * mm
    )

    story += _section("I. RINGKASAN ANGGARAN DAN KEGIATAN", g)
    story += _pdf_ringkasan(lap, width, g)

    story += _section("II. KEGIATAN PER PILAR", g)
    tabel = _TabelKegiatan(lap, width, g)
    for n, pilar in enumerate(Pilar):
        check(progress)
        story += _subsection(f"{'ABCD'[n]}. {pilar.judul}", g)
        story += tabel.story(pilar)

    story += _section("III. COMMUNITY PARENTING", g)
    story += _pdf_parenting(lap, width, g)

    story += _section("IV. DESA DESMIGRATIF", g)
    last: list[Flowable]
    if lap.desa:
        aktif = sum(1 for d in lap.desa if StatusDesa.parse(d.status) is StatusDesa.AKTIF)
        story.append(
            para(
                f"Jumlah desa Desmigratif: {len(lap.desa)} ({aktif} aktif, "
                f"{len(lap.desa) - aktif} nonaktif); statistik menurut tahun data terakhir "
                "setiap desa.",
                g.note,
            )
        )
        story.append(Spacer(1, 1.5 * mm))
        last = _pdf_desa(lap, width)
    else:
        last = [para("Belum ada desa Desmigratif yang terdaftar.", g.note)]
    story += signature_section(
        None, _tanda_tangan(lap, width, tanggal), keep_with=last, min_rows=3, gap=6 * mm
    )

    if lampiran_cek and lap.cek:
        story += _pdf_lampiran(lap, width, g, cek_judul)

    instansi = (lap.kantor.instansi or "").strip()
    return build_pdf(
        path,
        story,
        paper=paper,
        landscape=True,
        title=lap.judul,
        author=instansi,
        subject=f"{PROGRAM}, periode {format_periode(*lap.periode)}",
        footer_text=_footer(lap),
        progress=progress,
    )
