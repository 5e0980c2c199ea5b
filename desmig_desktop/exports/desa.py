"""Village profiles out: the villages workbook and the Profil Desa Desmigratif PDF.

Plain values in, files out (DESIGN.md: exports know files, not the database). The
village profiles come in as any objects with the attributes of :class:`DesaLike`
(``services.desa.DesaData`` fits), the office as :class:`KantorProfil`
(``services.kantor.Kantor``) and the signers as ``TtdLike`` (``services.kantor.Ttd``).

:func:`write_desa_xlsx` writes the workbook:

* ``Desa``: the import sheet (FORMATS.md), columns from
  :data:`~desmig_desktop.domain.lembar.KOLOM_DESA`, header on row 1, one row per village
  and statistics year (one row without statistics for a village that has none). The
  officer columns carry the first active officer with the role *petugas*. The file
  imports back unchanged (``desmig import villages``).
* ``Identitas Desa``, ``Petugas``, ``Statistik``, ``Rekap Tahunan`` (per-year totals as
  formulas over ``Statistik``) and ``Aset Pilar``: every other field the user can enter.
  They are for reading; the import reads only ``Desa``.

:func:`write_desa_pdf` writes one *Profil Desa Desmigratif* page per village on the
office letterhead: identity, officers, statistics of the latest years with the
destination countries, pillar assets, then the place-date line and the signature block,
kept with the last table. A4 or F4.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from desmig_desktop.domain.enums import JenisAset, PeranPetugas, StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    format_angka,
    format_persen,
    format_rupiah,
    format_tanggal,
    format_tempat_tanggal,
    persen,
)
from desmig_desktop.domain.lembar import KOLOM_DESA, SHEET_DESA, Jenis, format_negara
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.domain.wilayah import jenis_desa
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
    ZEBRA_FILL,
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
    page_size,
    para,
    periksa_identitas,
    signature_section,
    styles,
)
from desmig_desktop.exports.xlsx_base import (
    FMT_ANGKA,
    FMT_RUPIAH,
    FMT_TANGGAL,
    FMT_TEKS,
    new_workbook,
    save_workbook,
    write_table_sheet,
)

__all__ = [
    "JUDUL_PROFIL",
    "SHEET_ASET",
    "SHEET_IDENTITAS",
    "SHEET_PETUGAS",
    "SHEET_REKAP",
    "SHEET_STATISTIK",
    "TAHUN_DI_PDF",
    "AsetLike",
    "DesaLike",
    "KantorProfil",
    "PetugasLike",
    "StatistikLike",
    "baris_desa",
    "periksa_kantor",
    "petugas_utama",
    "write_desa_pdf",
    "write_desa_xlsx",
]

JUDUL_PROFIL = "Profil Desa Desmigratif"
SHEET_IDENTITAS = "Identitas Desa"
SHEET_PETUGAS = "Petugas"
SHEET_STATISTIK = "Statistik"
SHEET_REKAP = "Rekap Tahunan"
SHEET_ASET = "Aset Pilar"
TAHUN_DI_PDF = 4
"""How many of the latest statistics years a profile page shows."""


# --------------------------------------------------------------------------- input


class PetugasLike(Protocol):
    """An officer of a village (``services.desa.PetugasData`` fits)."""

    @property
    def nama(self) -> str: ...
    @property
    def peran(self) -> PeranPetugas: ...
    @property
    def telepon(self) -> str: ...
    @property
    def sk_nomor(self) -> str: ...
    @property
    def sk_tanggal(self) -> date | None: ...
    @property
    def aktif(self) -> bool: ...


class StatistikLike(Protocol):
    """A year's statistics (``services.desa.StatistikData`` fits)."""

    @property
    def tahun(self) -> int: ...
    @property
    def jumlah_penduduk(self) -> int | None: ...
    @property
    def jumlah_kk(self) -> int | None: ...
    @property
    def pmi_aktif_l(self) -> int: ...
    @property
    def pmi_aktif_p(self) -> int: ...
    @property
    def cpmi(self) -> int: ...
    @property
    def pmi_purna(self) -> int: ...
    @property
    def negara(self) -> Mapping[str, int | None]: ...
    @property
    def catatan(self) -> str: ...


class AsetLike(Protocol):
    """A pillar asset: group, cooperative, BUMDes (``services.desa.AsetData`` fits)."""

    @property
    def jenis(self) -> JenisAset: ...
    @property
    def nama(self) -> str: ...
    @property
    def badan_hukum_nomor(self) -> str: ...
    @property
    def badan_hukum_tanggal(self) -> date | None: ...
    @property
    def jumlah_anggota(self) -> int | None: ...
    @property
    def modal(self) -> Decimal | None: ...
    @property
    def keterangan(self) -> str: ...


class DesaLike(Protocol):
    """A whole village profile (``services.desa.DesaData`` fits)."""

    @property
    def kode_wilayah(self) -> str: ...
    @property
    def nama(self) -> str: ...
    @property
    def kecamatan(self) -> str: ...
    @property
    def kabkota(self) -> str: ...
    @property
    def provinsi(self) -> str: ...
    @property
    def tahun_penetapan(self) -> int: ...
    @property
    def status(self) -> StatusDesa: ...
    @property
    def kepala_desa(self) -> str: ...
    @property
    def alamat_layanan(self) -> str: ...
    @property
    def perdes_pmi(self) -> str: ...
    @property
    def catatan(self) -> str: ...
    @property
    def petugas(self) -> Sequence[PetugasLike]: ...
    @property
    def statistik(self) -> Sequence[StatistikLike]: ...
    @property
    def aset(self) -> Sequence[AsetLike]: ...


class KantorProfil(KantorLike, Protocol):
    """The letterhead and the city of the place-date line (``services.kantor.Kantor``)."""

    kota: str


def periksa_kantor(kantor: KantorProfil) -> None:
    """Refuse an office identity a profile cannot be printed with (no instansi or city)."""
    periksa_identitas(kantor.instansi, kantor.kota, lanjut="cetak profil desa lagi")


def petugas_utama(desa: DesaLike) -> PetugasLike | None:
    """The officer of the Desa sheet: the first active one with the role *petugas*."""
    return next(
        (
            p
            for p in desa.petugas
            if p.aktif and PeranPetugas.parse(p.peran) is PeranPetugas.PETUGAS
        ),
        None,
    )


def _urut_statistik(desa: DesaLike) -> list[StatistikLike]:
    return sorted(desa.statistik, key=lambda s: s.tahun)


def _teks(value: str | None) -> str | None:
    """A text cell: None for empty text (an empty cell keeps the stored value on import)."""
    text = (value or "").strip()
    return text or None


def _jenis(value: JenisAset | str) -> JenisAset:
    return JenisAset.parse(value)


def _tempat(desa: DesaLike) -> str:
    """``Kecamatan Kalidawir, Kabupaten Tulungagung, Provinsi Jawa Timur``."""
    bagian = [
        f"Kecamatan {desa.kecamatan}" if desa.kecamatan else "",
        desa.kabkota or "",
        f"Provinsi {desa.provinsi}" if desa.provinsi else "",
    ]
    return ", ".join(b for b in bagian if b)


def _nama_lengkap(desa: DesaLike) -> str:
    """``Desa Tunggangri`` / ``Kelurahan Kepatihan`` by the code."""
    try:
        jenis = jenis_desa(desa.kode_wilayah).title()
    except ValidationError:
        jenis = "Desa"
    return f"{jenis} {desa.nama}".strip()


# --------------------------------------------------------------------------- workbook


def baris_desa(desa: DesaLike) -> list[list[object]]:
    """The village's rows of the ``Desa`` sheet, in the order of ``KOLOM_DESA``.

    One row per statistics year (oldest first); a village without statistics gets one row
    with the statistics cells empty. Identity and officer cells repeat on every row, so
    each row stands alone (the importer checks they agree).
    """
    petugas = petugas_utama(desa)
    identitas = {
        "Kode Wilayah": desa.kode_wilayah,
        "Nama Desa": _teks(desa.nama),
        "Tahun Penetapan": desa.tahun_penetapan,
        "Status": StatusDesa.parse(desa.status).label,
        "Kepala Desa": _teks(desa.kepala_desa),
        "Petugas Desmigratif": _teks(petugas.nama) if petugas else None,
        "Telepon Petugas": _teks(petugas.telepon) if petugas else None,
    }
    rows: list[list[object]] = []
    years = _urut_statistik(desa) or [None]
    for st in years:
        cells: dict[str, object] = dict(identitas)
        if st is not None:
            cells.update(
                {
                    "Tahun Data": st.tahun,
                    "Jumlah Penduduk": st.jumlah_penduduk,
                    "PMI Aktif Laki-laki": st.pmi_aktif_l,
                    "PMI Aktif Perempuan": st.pmi_aktif_p,
                    "CPMI": st.cpmi,
                    "PMI Purna": st.pmi_purna,
                    "Negara Penempatan": format_negara(st.negara) or None,
                }
            )
        rows.append([cells.get(k.header) for k in KOLOM_DESA])
    return rows


_FMT_BY_JENIS: dict[Jenis, str | None] = {
    Jenis.KODE_DESA: FMT_TEKS,
    Jenis.TELEPON: FMT_TEKS,
    Jenis.BULAT: FMT_ANGKA,
    Jenis.RUPIAH: FMT_RUPIAH,
    Jenis.TANGGAL: FMT_TANGGAL,
}


def _sheet_desa(
    wb: Any, desa_list: Sequence[DesaLike], paper: str, footer: str, progress: Progress
) -> None:
    headers = [k.header for k in KOLOM_DESA]
    rows = [row for d in desa_list for row in baris_desa(d)]
    sheet = write_table_sheet(
        wb,
        SHEET_DESA,
        headers,
        rows,
        col_formats=[_FMT_BY_JENIS.get(k.jenis) for k in KOLOM_DESA],
        widths=[k.lebar for k in KOLOM_DESA],
        paper=paper,
        footer_text=footer,
        progress=progress,
    )
    ws = sheet.ws
    # The sheet doubles as the import template: the rule of each column on its header,
    # and a choice list for Status (on rows left empty for new villages as well).
    for col, kolom in enumerate(KOLOM_DESA, start=1):
        note = ("wajib diisi; " if kolom.wajib else "") + kolom.catatan
        if note:
            ws.cell(row=sheet.header_row, column=col).comment = Comment(
                note.strip("; "), "Desmig Desktop"
            )
    status_col = next(i for i, k in enumerate(KOLOM_DESA, 1) if k.jenis is Jenis.STATUS_DESA)
    letter = ws.cell(row=1, column=status_col).column_letter
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(s.label for s in StatusDesa) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Pilih Aktif atau Nonaktif.",
    )
    choice.add(f"{letter}{sheet.first_data_row}:{letter}{max(sheet.last_data_row, 1) + 1000}")
    ws.add_data_validation(choice)


def _sheet_identitas(
    wb: Any, desa_list: Sequence[DesaLike], paper: str, footer: str, progress: Progress
) -> None:
    headers = [
        "Kode Wilayah",
        "Nama Desa",
        "Kecamatan",
        "Kabupaten/Kota",
        "Provinsi",
        "Tahun Penetapan",
        "Status",
        "Kepala Desa",
        "Alamat Pusat Layanan",
        "Perdes Perlindungan PMI",
        "Catatan",
    ]
    rows = [
        [
            d.kode_wilayah,
            d.nama,
            d.kecamatan,
            d.kabkota,
            d.provinsi,
            d.tahun_penetapan,
            StatusDesa.parse(d.status).label,
            _teks(d.kepala_desa),
            _teks(d.alamat_layanan),
            _teks(d.perdes_pmi),
            _teks(d.catatan),
        ]
        for d in desa_list
    ]
    write_table_sheet(
        wb,
        SHEET_IDENTITAS,
        headers,
        rows,
        col_formats=[FMT_TEKS, *[None] * (len(headers) - 1)],
        widths=[16, 18, 16, 22, 16, 10, 10, 22, 34, 34, 34],
        paper=paper,
        footer_text=footer,
        progress=progress,
    )


def _sheet_petugas(
    wb: Any, desa_list: Sequence[DesaLike], paper: str, footer: str, progress: Progress
) -> None:
    headers = [
        "Kode Wilayah",
        "Nama Desa",
        "Peran",
        "Nama",
        "Telepon",
        "Nomor SK",
        "Tanggal SK",
        "Aktif",
    ]
    rows = [
        [
            d.kode_wilayah,
            d.nama,
            PeranPetugas.parse(p.peran).label,
            p.nama,
            _teks(p.telepon),
            _teks(p.sk_nomor),
            p.sk_tanggal,
            "Ya" if p.aktif else "Tidak",
        ]
        for d in desa_list
        for p in d.petugas
    ]
    write_table_sheet(
        wb,
        SHEET_PETUGAS,
        headers,
        rows,
        col_formats=[FMT_TEKS, None, None, None, FMT_TEKS, None, FMT_TANGGAL, None],
        widths=[16, 18, 26, 26, 16, 28, 12, 8],
        paper=paper,
        footer_text=footer,
        progress=progress,
    )


_STATISTIK_HEADERS = [
    "Kode Wilayah",
    "Nama Desa",
    "Tahun",
    "Jumlah Penduduk",
    "Jumlah KK",
    "PMI Aktif Laki-laki",
    "PMI Aktif Perempuan",
    "PMI Aktif",
    "CPMI",
    "PMI Purna",
    "Negara Penempatan",
    "Catatan",
]


def _sheet_statistik(
    wb: Any, desa_list: Sequence[DesaLike], paper: str, footer: str, progress: Progress
) -> tuple[int, int]:
    """The statistics of every year; returns the first and last data rows."""
    rows = [
        [
            d.kode_wilayah,
            d.nama,
            st.tahun,
            st.jumlah_penduduk,
            st.jumlah_kk,
            st.pmi_aktif_l,
            st.pmi_aktif_p,
            st.pmi_aktif_l + st.pmi_aktif_p,
            st.cpmi,
            st.pmi_purna,
            format_negara(st.negara) or None,
            _teks(st.catatan),
        ]
        for d in desa_list
        for st in _urut_statistik(d)
    ]
    sheet = write_table_sheet(
        wb,
        SHEET_STATISTIK,
        _STATISTIK_HEADERS,
        rows,
        col_formats=[FMT_TEKS, None, None, *[FMT_ANGKA] * 7, None, None],
        widths=[16, 18, 8, 12, 11, 12, 12, 11, 9, 10, 46, 30],
        paper=paper,
        footer_text=footer,
        progress=progress,
    )
    return sheet.first_data_row, sheet.last_data_row


def _sheet_rekap(
    wb: Any,
    desa_list: Sequence[DesaLike],
    rows_at: tuple[int, int],
    paper: str,
    footer: str,
    progress: Progress,
) -> None:
    """Per-year totals as formulas over the Statistik sheet (they follow its edits)."""
    headers = [
        "Tahun",
        "Jumlah Desa",
        "Jumlah Penduduk",
        "Jumlah KK",
        "PMI Aktif Laki-laki",
        "PMI Aktif Perempuan",
        "PMI Aktif",
        "CPMI",
        "PMI Purna",
    ]
    years = sorted({st.tahun for d in desa_list for st in d.statistik})
    first, last = rows_at
    src = f"'{SHEET_STATISTIK}'!"
    tahun_rng = f"{src}$C${first}:$C${last}"
    # Statistik columns D (penduduk) .. J (purna), in the order of the headers above.
    kolom = ["D", "E", "F", "G", "H", "I", "J"]
    rows: list[list[object]] = []
    for r, tahun in enumerate(years, start=2):
        row: list[object] = [tahun, f"=COUNTIFS({tahun_rng},$A{r})"]
        row += [f"=SUMIFS({src}${c}${first}:${c}${last},{tahun_rng},$A{r})" for c in kolom]
        rows.append(row)
    write_table_sheet(
        wb,
        SHEET_REKAP,
        headers,
        rows,
        col_formats=[None, *[FMT_ANGKA] * 8],
        widths=[8, 11, 14, 12, 13, 13, 12, 10, 10],
        autofilter=False,
        paper=paper,
        footer_text=footer,
        progress=progress,
    )
    if rows:
        wb.calculation.fullCalcOnLoad = True


def _sheet_aset(
    wb: Any, desa_list: Sequence[DesaLike], paper: str, footer: str, progress: Progress
) -> None:
    headers = [
        "Kode Wilayah",
        "Nama Desa",
        "Jenis",
        "Pilar",
        "Nama Kelompok/Lembaga",
        "Nomor Badan Hukum",
        "Tanggal Badan Hukum",
        "Jumlah Anggota",
        "Modal (Rp)",
        "Keterangan",
    ]
    rows = [
        [
            d.kode_wilayah,
            d.nama,
            _jenis(a.jenis).label,
            _jenis(a.jenis).pilar.value,
            a.nama,
            _teks(a.badan_hukum_nomor),
            a.badan_hukum_tanggal,
            a.jumlah_anggota,
            a.modal,
            _teks(a.keterangan),
        ]
        for d in desa_list
        for a in d.aset
    ]
    write_table_sheet(
        wb,
        SHEET_ASET,
        headers,
        rows,
        col_formats=[
            FMT_TEKS,
            None,
            None,
            None,
            None,
            None,
            FMT_TANGGAL,
            FMT_ANGKA,
            FMT_RUPIAH,
            None,
        ],
        widths=[16, 18, 24, 7, 36, 32, 12, 10, 16, 30],
        total_row_formulas={"Jumlah Anggota": "SUM", "Modal (Rp)": "SUM"} if rows else None,
        paper=paper,
        footer_text=footer,
        progress=progress,
    )


def _footer(kantor: KantorLike) -> str:
    instansi = " ".join((kantor.instansi or "").split())
    return f"{JUDUL_PROFIL} — {instansi}" if instansi else JUDUL_PROFIL


def write_desa_xlsx(
    path: str | os.PathLike[str],
    desa_list: Sequence[DesaLike],
    *,
    kantor: KantorLike,
    paper: str = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the villages workbook to ``path`` (atomically) and return the path.

    Sheets: ``Desa`` (the import format, header on row 1), ``Identitas Desa``, ``Petugas``,
    ``Statistik``, ``Rekap Tahunan`` and ``Aset Pilar``. An empty ``desa_list`` gives the
    sheets with their headers only: an empty import template. ``paper`` is the print
    setup (A4 or F4). Cancellation through ``progress`` raises ``Cancelled`` and writes
    nothing.
    """
    progress = progress or NullProgress()
    page_size(paper)  # refuse an unknown paper before any work
    footer = _footer(kantor)
    wb = new_workbook(title=JUDUL_PROFIL, author=(kantor.instansi or "").strip())
    _sheet_desa(wb, desa_list, paper, footer, progress)
    _sheet_identitas(wb, desa_list, paper, footer, progress)
    _sheet_petugas(wb, desa_list, paper, footer, progress)
    rows_at = _sheet_statistik(wb, desa_list, paper, footer, progress)
    _sheet_rekap(wb, desa_list, rows_at, paper, footer, progress)
    _sheet_aset(wb, desa_list, paper, footer, progress)
    wb.active = 0
    return save_workbook(wb, path, progress)


# --------------------------------------------------------------------------- PDF

_SECTION_SPACE = 3.2 * mm


class _Gaya:
    """The compact styles of a profile page (built once, after the fonts are registered)."""

    def __init__(self) -> None:
        s = styles()
        cell = ParagraphStyle(
            "ProfilSel",
            fontName=FONT,
            fontSize=CELL_SIZE,
            leading=CELL_LEADING,
            textColor=TEXT_COLOR,
            alignment=TA_LEFT,
        )
        self.cell = cell
        self.cell_bold = ParagraphStyle("ProfilSelTebal", parent=cell, fontName=FONT_BOLD)
        self.cell_right = ParagraphStyle("ProfilSelKanan", parent=cell, alignment=TA_RIGHT)
        self.header = s.header_cell
        self.section = ParagraphStyle(
            "ProfilBagian",
            parent=s.body,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=12.5,
            spaceBefore=_SECTION_SPACE,
            spaceAfter=1.5 * mm,
            keepWithNext=1,
        )
        self.note = ParagraphStyle("ProfilCatatan", parent=s.body, fontSize=9, leading=11.5)
        self.subtitle = ParagraphStyle(
            "ProfilSubjudul", parent=s.subtitle, fontSize=10.5, leading=13, alignment=TA_CENTER
        )


_gaya: _Gaya | None = None


def _g() -> _Gaya:
    global _gaya
    if _gaya is None:
        _gaya = _Gaya()
    return _gaya


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return para(text, style)


_GRID_BASE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
    ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
    ("TEXTCOLOR", (0, 0), (-1, -1), TEXT_COLOR),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
    ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
    ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR),
]


def _identitas(desa: DesaLike, width: float) -> Table:
    """Label/value pairs in two columns, the address over the whole width."""
    g = _g()
    petugas = petugas_utama(desa)
    pairs = [
        ("Kode Wilayah", desa.kode_wilayah, "Tahun Penetapan", str(desa.tahun_penetapan)),
        ("Desa/Kelurahan", desa.nama, "Status", StatusDesa.parse(desa.status).label),
        ("Kecamatan", desa.kecamatan, "Kepala Desa", desa.kepala_desa or "-"),
        (
            "Kabupaten/Kota",
            desa.kabkota,
            "Petugas Desmigratif",
            petugas.nama if petugas else "-",
        ),
        ("Provinsi", desa.provinsi, "Perdes PMI", desa.perdes_pmi or "-"),
    ]
    rows: list[list[Any]] = [
        [_p(a, g.cell_bold), _p(b or "-", g.cell), _p(c, g.cell_bold), _p(d, g.cell)]
        for a, b, c, d in pairs
    ]
    rows.append(
        [_p("Alamat Pusat Layanan", g.cell_bold), _p(desa.alamat_layanan or "-", g.cell), "", ""]
    )
    last = len(rows) - 1
    widths = col_widths(width, [1.15, 1.6, 1.05, 1.6])
    table = Table(
        rows,
        colWidths=widths,
        style=TableStyle(
            [
                *_GRID_BASE,
                ("BACKGROUND", (0, 0), (0, -1), ZEBRA_FILL),
                ("BACKGROUND", (2, 0), (2, last - 1), ZEBRA_FILL),
                ("SPAN", (1, last), (3, last)),
            ]
        ),
    )
    table.hAlign = "LEFT"
    return table


def _grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    align: str,
    *,
    bold_rows: Sequence[int] = (),
) -> Table:
    """A small table in the look of ``data_table`` (for tables laid side by side)."""
    g = _g()
    data: list[list[Any]] = [[_p(h, g.header) for h in header]]
    data += [list(r) for r in rows]
    cmds: list[tuple[Any, ...]] = [
        *_GRID_BASE,
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ]
    if len(data) > 1:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), ["white", ZEBRA_FILL]))
    for col, a in enumerate(align):
        if a == "R":
            cmds.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
        elif a == "C":
            cmds.append(("ALIGN", (col, 1), (col, -1), "CENTER"))
    for r in bold_rows:
        cmds += [
            ("FONTNAME", (0, r + 1), (-1, r + 1), FONT_BOLD),
            ("BACKGROUND", (0, r + 1), (-1, r + 1), TOTAL_FILL),
        ]
    table = Table(data, colWidths=list(widths), style=TableStyle(cmds))
    table.hAlign = "LEFT"
    return table


def _angka(value: int | None) -> str:
    return "-" if value is None else format_angka(value)


def _statistik(desa: DesaLike, width: float) -> list[Flowable]:
    """The latest years side by side with the destination countries of the latest year."""
    g = _g()
    years = _urut_statistik(desa)[-TAHUN_DI_PDF:]
    if not years:
        return [_p("Belum ada data statistik pekerja migran untuk desa ini.", g.note)]
    lines: list[tuple[str, list[str]]] = [
        ("Jumlah Penduduk (jiwa)", [_angka(s.jumlah_penduduk) for s in years]),
        ("Jumlah KK", [_angka(s.jumlah_kk) for s in years]),
        ("PMI Aktif Laki-laki", [_angka(s.pmi_aktif_l) for s in years]),
        ("PMI Aktif Perempuan", [_angka(s.pmi_aktif_p) for s in years]),
        ("Jumlah PMI Aktif", [_angka(s.pmi_aktif_l + s.pmi_aktif_p) for s in years]),
        ("Calon PMI (CPMI)", [_angka(s.cpmi) for s in years]),
        ("PMI Purna", [_angka(s.pmi_purna) for s in years]),
    ]
    left_w = width * 0.56
    gap = width * 0.03
    right_w = width - left_w - gap
    label_w = left_w * (0.44 if len(years) > 2 else 0.52)
    year_w = (left_w - label_w) / len(years)
    left = _grid(
        ["Uraian", *[str(s.tahun) for s in years]],
        [[label, *values] for label, values in lines],
        [label_w, *[year_w] * len(years)],
        "L" + "R" * len(years),
        bold_rows=[4],
    )
    latest = years[-1]
    aktif = latest.pmi_aktif_l + latest.pmi_aktif_p
    negara_rows: list[list[str]] = []
    for nama, jumlah in latest.negara.items():
        share = persen(jumlah, aktif) if jumlah is not None else None
        negara_rows.append(
            [nama, _angka(jumlah), format_persen(share, 1) if share is not None else "-"]
        )
    if not negara_rows:
        negara_rows.append(["(belum diisi)", "-", "-"])
    right = _grid(
        [f"Negara Penempatan {latest.tahun}", "PMI", "%"],
        negara_rows,
        col_widths(right_w, [2.9, 1.1, 1]),
        "LRR",
    )
    outer = Table(
        [[left, "", right]],
        colWidths=[left_w, gap, right_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    outer.hAlign = "LEFT"
    return [outer]


def _petugas(desa: DesaLike, width: float) -> list[Flowable]:
    if not desa.petugas:
        return [_p("Belum ada petugas yang tercatat untuk desa ini.", _g().note)]
    rows = [
        [
            i,
            p.nama,
            PeranPetugas.parse(p.peran).label,
            p.telepon or "-",
            p.sk_nomor or "-",
            format_tanggal(p.sk_tanggal) if p.sk_tanggal else "-",
            "Aktif" if p.aktif else "Tidak aktif",
        ]
        for i, p in enumerate(desa.petugas, start=1)
    ]
    return data_table(
        ["No", "Nama", "Peran", "Telepon", "Nomor SK", "Tanggal SK", "Status"],
        rows,
        col_widths(width, [0.5, 2.6, 2.3, 1.7, 2.7, 1.6, 1.1]),
        align="CLLLLLC",
    )


def _aset(desa: DesaLike, width: float, rupiah_spasi: bool) -> list[Flowable]:
    if not desa.aset:
        return [_p("Belum ada kelompok, koperasi atau lembaga yang tercatat.", _g().note)]
    rows = []
    for i, a in enumerate(desa.aset, start=1):
        jenis = _jenis(a.jenis)
        badan = [x for x in (a.badan_hukum_nomor or "",) if x.strip()]
        if a.badan_hukum_tanggal:
            badan.append(format_tanggal(a.badan_hukum_tanggal))
        rows.append(
            [
                i,
                f"{jenis.label}\n(Pilar {jenis.pilar.value})",
                a.nama,
                "\n".join(badan) or "-",
                _angka(a.jumlah_anggota),
                format_rupiah(a.modal, space=rupiah_spasi) if a.modal is not None else "-",
            ]
        )
    return data_table(
        ["No", "Jenis", "Nama Kelompok/Lembaga", "Badan Hukum", "Anggota", "Modal"],
        rows,
        col_widths(width, [0.5, 1.9, 3.0, 3.8, 1.1, 2.0]),
        align="CLLLRR",
    )


def _section(text: str) -> Paragraph:
    return _p(text, _g().section)


def _profil(
    desa: DesaLike,
    kantor: KantorProfil,
    width: float,
    signature: Table,
    rupiah_spasi: bool,
) -> list[Flowable]:
    """One village's page: letterhead, title, the four sections, the signature."""
    story: list[Flowable] = kop_surat(kantor, width)
    story[-1] = Spacer(1, 3.5 * mm)  # tighter than a letter: the profile fills the page
    story += judul(JUDUL_PROFIL, space_after=0)
    story.append(_p(f"{_nama_lengkap(desa)} — {_tempat(desa)}", _g().subtitle))
    story.append(Spacer(1, 1 * mm))
    story.append(_section("A. Identitas Desa"))
    story.append(_identitas(desa, width))
    story.append(_section("B. Petugas Desmigratif"))
    story += _petugas(desa, width)
    story.append(_section("C. Data Pekerja Migran Indonesia (PMI)"))
    story += _statistik(desa, width)
    story.append(_section("D. Kelompok dan Lembaga Pilar Desmigratif"))
    last: list[Flowable] = _aset(desa, width, rupiah_spasi)
    if (desa.catatan or "").strip():
        story += last
        story.append(_section("E. Catatan"))
        last = [_p(desa.catatan.strip(), _g().note)]
    story += signature_section(None, signature, keep_with=last, min_rows=2, gap=5 * mm)
    return story


def _tanda_tangan(
    kantor: KantorProfil,
    width: float,
    tanggal: date,
    penandatangan: TtdLike | None,
    pembuat: TtdLike | None,
) -> Table:
    """Kepala Dinas ("Mengetahui," when a maker signs beside), dotted when unknown."""
    if pembuat is not None:
        blocks = [
            BlokTtd(penandatangan, heading="Mengetahui,", jabatan="Kepala Dinas"),
            BlokTtd(pembuat),
        ]
    else:
        blocks = [BlokTtd(penandatangan, jabatan="Kepala Dinas")]
    return blok_tanda_tangan(
        blocks,
        width,
        tempat_tanggal=format_tempat_tanggal(kantor.kota, tanggal),
        space=18 * mm,
    )


def write_desa_pdf(
    path: str | os.PathLike[str],
    desa_list: Sequence[DesaLike],
    *,
    kantor: KantorProfil,
    penandatangan: TtdLike | None,
    tanggal: date,
    pembuat: TtdLike | None = None,
    paper: str = "A4",
    rupiah_spasi: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the Profil Desa Desmigratif PDF: one page per village; return the path.

    Each page: the letterhead of ``kantor``, the title with the village and its
    kecamatan, kabupaten/kota and province, then identity, officers, statistics of the
    latest :data:`TAHUN_DI_PDF` years with the destination countries of the latest year,
    and pillar assets (money as ``Rp 37.500.000``; ``rupiah_spasi=False`` prints
    ``Rp37.500.000``). Then "Tulungagung, 20 Mei 2024" and the signature of
    ``penandatangan`` (the Kepala Dinas; dotted lines to sign by hand when None), headed
    "Mengetahui," when ``pembuat`` (e.g. the Koordinator) signs beside it. The signature
    stays on the page of the last table. A village with many officers or assets flows
    onto a second page.

    An empty ``desa_list`` gives one page saying there are no villages. An office
    without instansi or city is refused (``ValidationError``) before anything is written.
    """
    progress = progress or NullProgress()
    periksa_kantor(kantor)
    width = content_width(paper)
    story: list[Flowable] = []
    progress.set_total(len(desa_list), "Menyusun profil desa")
    for i, desa in enumerate(desa_list):
        check(progress)
        if i:
            story.append(PageBreak())
        signature = _tanda_tangan(kantor, width, tanggal, penandatangan, pembuat)
        story += _profil(desa, kantor, width, signature, rupiah_spasi)
        progress.advance()
    if not desa_list:
        story += kop_surat(kantor, width)
        story += judul(JUDUL_PROFIL)
        story.append(
            para(
                "Belum ada desa Desmigratif yang terdaftar, sehingga tidak ada profil desa "
                "yang dapat dicetak. Tambahkan desa di halaman Desa atau impor lembar Desa, "
                "lalu ekspor lagi."
            )
        )
    instansi = (kantor.instansi or "").strip()
    return build_pdf(
        path,
        story,
        paper=paper,
        title=JUDUL_PROFIL,
        author=instansi,
        subject=f"{JUDUL_PROFIL}: {len(desa_list)} desa",
        footer_text=_footer(kantor),
        progress=progress,
    )
