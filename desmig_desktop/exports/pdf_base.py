"""The common parts of every PDF report: paper, fonts, letterhead, tables, signatures.

Plain values in, a file out (reportlab platypus; no Qt, no database). A report module
builds a *story* (a list of flowables) from these helpers and hands it to
:func:`build_pdf`::

    width = content_width(paper, landscape)
    story = kop_surat(kantor, width)
    story += judul("DAFTAR DESA MIGRAN PRODUKTIF", "Tahun 2024")
    table = data_table(header, rows, col_widths(width, [1, 4, 3, 2]), align="LLLR")
    blocks = blok_tanda_tangan(
        [BlokTtd(kepala, heading="Mengetahui,"), BlokTtd(pj)],
        width,
        tempat_tanggal=format_tempat_tanggal(kantor.kota, tanggal),
    )
    story += signature_section(None, blocks, keep_with=table)
    build_pdf(path, story, paper=paper, landscape=landscape, title=..., author=...)

Conventions (DOMAIN.md "Conventions of official documents"): letterhead with the logo on
the left, centred capitals and a double rule; "Tulungagung, 20 Mei 2024"; signature blocks
with the name bold and underlined and a grouped NIP; A4 or F4 (215 x 330 mm); "Halaman x
dari y" in the footer.

Font: Liberation Sans (metric-compatible with Arial, which *tata naskah dinas* rules
usually ask for) throughout, 11 pt body, 8.5 pt in data tables. Liberation Serif is
registered as well for documents that want a Times New Roman look.

Keeping the signature with its table: :func:`data_table` returns a :class:`DataTable`, a
flowable that lays out one page-sized :class:`~reportlab.platypus.Table` at a time (linear
in the number of rows, header repeated on every page, never a header in the middle of a
page). :func:`signature_section` with ``keep_with=`` attaches the signature to the
table's end: when a page break falls near the end of the table, at least ``min_rows``
rows of the table move to the next page with the signature, so the signature is never
alone on a page and never separated from the table it signs.
"""

from __future__ import annotations

import io
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4 as _A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tables import CellStyle

from desmig_desktop import APP_NAME, resources
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    format_angka,
    format_tanggal_pendek,
    format_tempat_tanggal,
)
from desmig_desktop.domain.identitas import format_nip
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import atomic_output

__all__ = [
    "A4",
    "F4",
    "FONT",
    "FONT_BOLD",
    "FONT_SANS",
    "FONT_SERIF",
    "PAPER_SIZES",
    "BlokTtd",
    "DataTable",
    "DoubleRule",
    "Margins",
    "Styles",
    "blok_tanda_tangan",
    "build_pdf",
    "col_widths",
    "content_width",
    "data_table",
    "judul",
    "kop_surat",
    "page_size",
    "para",
    "register_fonts",
    "signature_section",
    "styles",
    "tempat_tanggal",
]

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- paper

A4: tuple[float, float] = _A4
"""210 x 297 mm, portrait (points)."""
F4: tuple[float, float] = (215 * mm, 330 * mm)
"""215 x 330 mm, portrait. Not Qt's ``Folio`` (210 x 330) and not US Folio (8.5 x 13 in)."""
PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "F4": F4}
"""Paper by the names of the ``ukuran_kertas`` setting."""


def kertas(name: object) -> str:
    """The paper name as a key of ``PAPER_SIZES`` ("a4 " -> "A4"); refused when unknown."""
    key = str(name).strip().upper()
    if key not in PAPER_SIZES:
        raise ValidationError(
            f'Ukuran kertas "{name}" tidak dikenal; pilihan: {", ".join(PAPER_SIZES)}.',
            "Ukuran kertas",
        )
    return key


def periksa_identitas(
    instansi: str | None, kota: str | None, *, lanjut: str, perlu_kota: bool = True
) -> None:
    """Refuse a letterhead identity a document cannot be printed with.

    ``lanjut`` ends the message ("cetak profil desa lagi"): what the user does after
    completing the identity in Pengaturan.
    """
    kurang = [
        label
        for label, value, perlu in (("nama instansi", instansi, True), ("kota", kota, perlu_kota))
        if perlu and not (value or "").strip()
    ]
    if kurang:
        raise ValidationError(
            f"Identitas kantor belum lengkap: {' dan '.join(kurang)} belum diisi. "
            f"Lengkapi di halaman Pengaturan, lalu {lanjut}.",
            "instansi" if "nama instansi" in kurang else "kota",
        )


def page_size(name: str, landscape: bool = False) -> tuple[float, float]:
    """(width, height) in points of paper ``"A4"`` or ``"F4"`` (any case), turned if asked."""
    key = (name or "").strip().upper()
    if key not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {name!r}; expected one of {sorted(PAPER_SIZES)}")
    size = PAPER_SIZES[key]
    return _landscape(size) if landscape else size


@dataclass(frozen=True)
class Margins:
    """Page margins in points. The footer sits inside the bottom margin."""

    top: float = 15 * mm
    bottom: float = 18 * mm
    left: float = 20 * mm
    right: float = 15 * mm


DEFAULT_MARGINS = Margins()


def content_width(paper: str, landscape: bool = False, margins: Margins | None = None) -> float:
    """The width of the text frame: what tables and letterheads are laid out to."""
    m = margins or DEFAULT_MARGINS
    return page_size(paper, landscape)[0] - m.left - m.right


def col_widths(total: float, weights: Sequence[float]) -> list[float]:
    """Column widths proportional to ``weights`` that add up to ``total`` points."""
    whole = float(sum(weights))
    if whole <= 0 or any(w < 0 for w in weights):
        raise ValueError("column weights must be non-negative and not all zero")
    return [total * w / whole for w in weights]


# --------------------------------------------------------------------------- fonts

FONT_SANS = "LiberationSans"
FONT_SERIF = "LiberationSerif"
FONT = FONT_SANS
"""The family every report uses (metric-compatible with Arial)."""
FONT_BOLD = FONT + "-Bold"

_FACES = (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"), ("-BoldItalic", "BoldItalic"))
_fonts_lock = threading.Lock()
_fonts_done = False


def register_fonts() -> None:
    """Register the bundled Liberation Sans and Serif with reportlab (once per process).

    Each family gets its bold, italic and bold-italic faces, so ``<b>`` and ``<i>`` work in
    paragraphs. Safe to call from any thread and any number of times.
    """
    global _fonts_done
    if _fonts_done:
        return
    with _fonts_lock:
        if _fonts_done:
            return
        for family in (FONT_SANS, FONT_SERIF):
            for suffix, face in _FACES:
                file = resources.path("fonts", f"{family}-{face}.ttf")
                pdfmetrics.registerFont(TTFont(family + suffix, str(file)))
            pdfmetrics.registerFontFamily(
                family,
                normal=family,
                bold=family + "-Bold",
                italic=family + "-Italic",
                boldItalic=family + "-BoldItalic",
            )
        _fonts_done = True


# --------------------------------------------------------------------------- styles

TEXT_COLOR = colors.black
GRID_COLOR = colors.HexColor("#7F7F7F")
HEADER_FILL = colors.HexColor("#D9D9D9")
ZEBRA_FILL = colors.HexColor("#F3F3F3")
TOTAL_FILL = colors.HexColor("#E7E7E7")

BODY_SIZE = 11
CELL_SIZE = 8.5
CELL_LEADING = 10.5
CELL_PAD_H = 3
CELL_PAD_TOP = 1.5
CELL_PAD_BOTTOM = 2.5


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of an official document (one family: :data:`FONT`)."""

    body: ParagraphStyle
    body_right: ParagraphStyle
    body_center: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    small: ParagraphStyle
    kop_pemerintah: ParagraphStyle
    kop_instansi: ParagraphStyle
    kop_alamat: ParagraphStyle
    ttd: ParagraphStyle
    header_cell: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The shared styles (fonts are registered on first use)."""
    global _styles
    if _styles is None:
        register_fonts()
        body = ParagraphStyle(
            "Isi", fontName=FONT, fontSize=BODY_SIZE, leading=14, textColor=TEXT_COLOR
        )

        def derive(name: str, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, parent=body, **kw)

        _styles = Styles(
            body=body,
            body_right=derive("IsiKanan", alignment=TA_RIGHT),
            body_center=derive("IsiTengah", alignment=TA_CENTER),
            title=derive("Judul", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
            subtitle=derive("SubJudul", fontSize=11, leading=14, alignment=TA_CENTER),
            small=derive("Kecil", fontSize=8, leading=10),
            kop_pemerintah=derive("KopPemerintah", fontSize=13, leading=16, alignment=TA_CENTER),
            kop_instansi=derive(
                "KopInstansi", fontName=FONT_BOLD, fontSize=15, leading=18, alignment=TA_CENTER
            ),
            kop_alamat=derive("KopAlamat", fontSize=9, leading=11, alignment=TA_CENTER),
            ttd=derive("Ttd", alignment=TA_CENTER),
            header_cell=derive(
                "KepalaKolom",
                fontName=FONT_BOLD,
                fontSize=CELL_SIZE,
                leading=CELL_LEADING,
                alignment=TA_CENTER,
            ),
        )
    return _styles


_ALIGN = {"L": "LEFT", "R": "RIGHT", "C": "CENTER", "LEFT": "LEFT", "RIGHT": "RIGHT"}
_ALIGN.update({"CENTER": "CENTER", "CENTRE": "CENTER"})
_TA = {"LEFT": TA_LEFT, "RIGHT": TA_RIGHT, "CENTER": TA_CENTER}
_cell_styles: dict[tuple[str, bool], ParagraphStyle] = {}


def _cell_style(align: str, bold: bool) -> ParagraphStyle:
    key = (align, bold)
    style = _cell_styles.get(key)
    if style is None:
        styles()
        style = ParagraphStyle(
            f"Sel{align}{'Tebal' if bold else ''}",
            fontName=FONT_BOLD if bold else FONT,
            fontSize=CELL_SIZE,
            leading=CELL_LEADING,
            alignment=_TA[align],
            textColor=TEXT_COLOR,
        )
        _cell_styles[key] = style
    return style


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: ``&`` and ``<`` print as typed; newlines kept)."""
    markup = escape(text or "").replace("\n", "<br/>")
    return Paragraph(markup, style or styles().body)


def judul(title: str, *subtitles: str, space_after: float = 5 * mm) -> list[Flowable]:
    """A report title: bold capitals, centred; optional centred subtitle lines below."""
    s = styles()
    story: list[Flowable] = [para(title.upper(), s.title)]
    story += [para(line, s.subtitle) for line in subtitles if line]
    story.append(Spacer(1, space_after))
    return story


# --------------------------------------------------------------------------- letterhead


class KantorLike(Protocol):
    """What a letterhead needs (``services.kantor.Kantor`` fits)."""

    pemerintah: str
    instansi: str
    alamat: str
    telepon: str
    email: str
    laman: str
    logo: bytes | None


class DoubleRule(Flowable):
    """The letterhead's closing rule: a thick line over a thin one, full width."""

    def __init__(self, width: float, thick: float = 2.25, thin: float = 0.75, gap: float = 1.5):
        super().__init__()
        self.width = width
        self.thick, self.thin, self.gap = thick, thin, gap
        self.height = thick + gap + thin

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(TEXT_COLOR)
        c.setLineWidth(self.thick)
        top = self.height - self.thick / 2
        c.line(0, top, self.width, top)
        c.setLineWidth(self.thin)
        bottom = self.thin / 2
        c.line(0, bottom, self.width, bottom)


def _logo_image(data: bytes | None, max_w: float, max_h: float) -> Image | None:
    """The logo scaled to fit the box, or None (no logo, or bytes that are not an image)."""
    if not data:
        return None
    try:
        w, h = ImageReader(io.BytesIO(data)).getSize()
    except Exception as exc:  # a damaged logo must not stop a report
        log.warning("Logo kantor tidak dapat dibaca, kop surat dicetak tanpa logo: %s", exc)
        return None
    if not w or not h:
        return None
    scale = min(max_w / w, max_h / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def _kontak(kantor: KantorLike) -> str:
    """ "Telepon ..., Pos-el ..., Laman ..." (a label never parts from its value)."""
    bagian = []
    for label, value in (
        ("Telepon", kantor.telepon),
        ("Pos-el", kantor.email),
        ("Laman", kantor.laman),
    ):
        if (value or "").strip():
            bagian.append(f"{label}\u00a0{value.strip()}")
    return ", ".join(bagian)


def kop_surat(kantor: KantorLike, width: float, *, logo_width: float = 22 * mm) -> list[Flowable]:
    """The letterhead (kop surat): logo left, centred capitals, address, double rule.

    Lines: ``kantor.pemerintah`` in capitals, ``kantor.instansi`` in bold capitals and
    larger, the address, then telephone, e-mail (pos-el) and website (laman). The text is
    centred on the page: a column as wide as the logo's balances it on the right. A logo
    that cannot be read is left out (and logged) rather than failing the report.
    """
    s = styles()
    lines: list[Flowable] = []
    if (kantor.pemerintah or "").strip():
        lines.append(para(kantor.pemerintah.strip().upper(), s.kop_pemerintah))
    lines.append(para((kantor.instansi or "").strip().upper(), s.kop_instansi))
    if (kantor.alamat or "").strip():
        lines.append(para(kantor.alamat.strip(), s.kop_alamat))
    kontak = _kontak(kantor)
    if kontak:
        lines.append(para(kontak, s.kop_alamat))
    logo = _logo_image(kantor.logo, logo_width - 2 * mm, 25 * mm)
    text_width = width - 2 * logo_width
    table = Table(
        [[logo or "", lines, ""]],
        colWidths=[logo_width, text_width, logo_width],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    table.hAlign = "CENTER"
    return [table, Spacer(1, 1.5 * mm), DoubleRule(width), Spacer(1, 5 * mm)]


# ----------------------------------------------------------------- place, date, signatures


class TtdLike(Protocol):
    """What a signature block needs (``services.kantor.Ttd`` fits)."""

    nama: str
    jabatan: str
    nip: str | None
    pangkat: str
    awalan: Any  # AwalanTtd or str: "", "a.n.", "Plt.", "Plh."


def tempat_tanggal(kota: str, tanggal: date, width: float | None = None) -> Flowable:
    """The place and date line, ``Tulungagung, 20 Mei 2024``.

    Without ``width`` it is a right-aligned paragraph. With the frame ``width`` it is
    centred over the right half of the page, above a signature block of
    :func:`blok_tanda_tangan` with one or two signers (the usual layout). An empty ``kota``
    raises ``ValidationError``.
    """
    s = styles()
    text = format_tempat_tanggal(kota, tanggal)
    if width is None:
        return para(text, s.body_right)
    half = width / 2
    table = Table(
        [["", para(text, s.ttd)]],
        colWidths=[width - half, half],
        style=_TTD_TABLE_STYLE,
    )
    return table


@dataclass(frozen=True)
class BlokTtd:
    """One signature block.

    ``ttd`` is the signer (None prints dotted lines to be filled by hand); ``heading`` an
    optional first line such as ``"Mengetahui,"``; ``jabatan`` the position printed when
    there is no signer (e.g. ``"Kepala Dinas Tenaga Kerja"``), dotted when empty too.
    """

    ttd: TtdLike | None = None
    heading: str = ""
    jabatan: str = ""


_DOTS_NAME = "." * 40
_DOTS_NIP = "NIP. " + "." * 30
_TTD_TABLE_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _awalan(ttd: TtdLike) -> str:
    awalan = getattr(ttd, "awalan", "") or ""
    return str(getattr(awalan, "value", awalan)).strip()


def _nip_text(nip: str | None) -> str:
    if not (nip or "").strip():
        return ""
    try:
        return "NIP. " + format_nip(nip)
    except ValidationError:
        log.warning("NIP penandatangan tidak sah, dicetak apa adanya: %r", nip)
        return "NIP. " + str(nip).strip()


def blok_tanda_tangan(
    blocks: Sequence[BlokTtd],
    width: float,
    *,
    tempat_tanggal: str | None = None,
    space: float = 20 * mm,
) -> Table:
    """Signature blocks side by side, as one table that is never split.

    Each block, centred in its column: heading (``Mengetahui,``), prefix (a.n., Plt., Plh.)
    and position, ``space`` for the signature, the name in bold and underlined, the rank
    (pangkat) when given, ``NIP. 19860926 201505 1 001`` when the signer has a NIP. A
    missing signer gets dotted lines for the name and the NIP. One block sits in the right
    half of the page; two or more share the width equally. ``tempat_tanggal`` (the text
    from ``format_tempat_tanggal``) heads the right-most block, level with the left
    block's heading: the usual layout of official documents.

    Pass the result to :func:`signature_section` (which keeps it whole and with its table).
    """
    if not blocks:
        raise ValueError("at least one signature block is needed")
    s = styles()
    n = len(blocks)
    cols = [width / 2, width / 2] if n == 1 else [width / n] * n
    lead = [""] if n == 1 else []

    def heading(i: int, b: BlokTtd) -> str:
        parts = []
        if tempat_tanggal and i == n - 1:
            parts.append(escape(tempat_tanggal))
        if b.heading:
            parts.append(escape(b.heading))
        return "<br/>".join(parts)

    def jabatan(b: BlokTtd) -> str:
        if b.ttd is None:
            return escape(b.jabatan) if b.jabatan.strip() else _DOTS_NAME
        prefix = _awalan(b.ttd)
        return escape(f"{prefix} {b.ttd.jabatan}".strip())

    def nama(b: BlokTtd) -> str:
        if b.ttd is None or not (b.ttd.nama or "").strip():
            return _DOTS_NAME
        return f"<b><u>{escape(b.ttd.nama.strip())}</u></b>"

    def pangkat(b: BlokTtd) -> str:
        return escape((b.ttd.pangkat or "").strip()) if b.ttd is not None else ""

    def nip(b: BlokTtd) -> str:
        return _DOTS_NIP if b.ttd is None else escape(_nip_text(b.ttd.nip))

    rows: list[list[Any]] = []
    heights: list[float | None] = []

    def add_row(texts: list[str], height: float | None = None) -> None:
        rows.append(lead + [para_markup(t, s.ttd) if t else "" for t in texts])
        heights.append(height)

    headings = [heading(i, b) for i, b in enumerate(blocks)]
    if any(headings):
        add_row(headings)
    add_row([jabatan(b) for b in blocks])
    rows.append(lead + [""] * n)
    heights.append(space)
    add_row([nama(b) for b in blocks])
    pangkats = [pangkat(b) for b in blocks]
    if any(pangkats):
        add_row(pangkats)
    nips = [nip(b) for b in blocks]
    if any(nips):
        add_row(nips)
    table = Table(rows, colWidths=cols, rowHeights=heights, style=_TTD_TABLE_STYLE)
    table.hAlign = "CENTER"
    return table


def para_markup(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup the caller has already escaped."""
    return Paragraph(markup, style)


# --------------------------------------------------------------------------- data tables


def _cell_value(value: object) -> str | Flowable:
    """Display text of a cell value (money must be formatted by the caller: format_rupiah)."""
    if value is None:
        return ""
    if isinstance(value, (str, Flowable)):
        return value
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int):
        return format_angka(value)
    if isinstance(value, Decimal | float):
        whole = value == int(value)
        return format_angka(value, 0 if whole else 2)
    if isinstance(value, datetime):
        return format_tanggal_pendek(value.date())
    if isinstance(value, date):
        return format_tanggal_pendek(value)
    return str(value)


@lru_cache(maxsize=4096)
def _lebar_teks(text: str, bold: bool) -> float:
    """Width of cell text in points (values such as ``90,00%`` repeat on every row)."""
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, CELL_SIZE)


class _Layout:
    """What a :class:`DataTable` and its continuations share: the header, the cell styles
    and, row by row, the display cells and heights (each computed once).

    Column widths are fixed, so a row's height never depends on the page: heights are
    known before any reportlab ``Table`` is built, which then gets them as ``rowHeights``
    and one shared :class:`~reportlab.platypus.tables.CellStyle` per column (``cellStyles``)
    instead of style commands applied cell by cell. Rows already placed are forgotten, so
    memory stays bounded whatever the number of rows.
    """

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        align: Sequence[str],
        total_row: Sequence[object] | None,
    ) -> None:
        self.rows = rows
        self.widths = list(widths)
        self.align = list(align)
        self.total_row = list(total_row) if total_row is not None else None
        pad = 2 * CELL_PAD_H
        self.avail = [w - pad for w in self.widths]
        # Text shorter than this many characters cannot overflow its column (no glyph of
        # Liberation Sans is wider than 1.05 em), so it skips the width measurement.
        self.safe_len = [max(0, int(a / (CELL_SIZE * 1.05))) for a in self.avail]
        self.plain_h = CELL_LEADING + CELL_PAD_TOP + CELL_PAD_BOTTOM
        self._cells: dict[int, tuple[list[str | Flowable], bool]] = {}
        self._heights: dict[int, float] = {}

        shared: dict[tuple[str, bool, str], CellStyle] = {}

        def cell_style(name: str, align: str, bold: bool, valign: str) -> CellStyle:
            # one object per kind: reportlab resets font and colour only when the style
            # object changes from one cell to the next
            key = (align, bold, valign)
            if key in shared:
                return shared[key]
            s = shared[key] = CellStyle(f"{name}-{align}")
            s.fontname = FONT_BOLD if bold else FONT
            s.fontsize = CELL_SIZE
            s.leading = CELL_LEADING
            s.color = TEXT_COLOR
            s.leftPadding = s.rightPadding = CELL_PAD_H
            s.topPadding = CELL_PAD_TOP
            s.bottomPadding = CELL_PAD_BOTTOM
            s.alignment = align
            s.valign = valign
            return s

        self.data_styles = [cell_style("isi", a, False, "TOP") for a in self.align]
        self.total_styles = [cell_style("jumlah", a, True, "TOP") for a in self.align]
        self.header_styles = [cell_style("kepala", "CENTER", True, "MIDDLE") for _ in self.align]
        hs = styles().header_cell
        self.header: list[str | Flowable] = []
        for text, avail in zip(header, self.avail, strict=True):
            text = str(text)
            if "\n" in text or pdfmetrics.stringWidth(text, FONT_BOLD, CELL_SIZE) > avail:
                self.header.append(para(text, hs))
            else:
                self.header.append(text)
        self.header_h = self._height_of(self.header)

    def row_count(self, start: int) -> int:
        return len(self.rows) - start + (1 if self.total_row is not None else 0)

    def cells(self, index: int) -> tuple[list[str | Flowable], bool]:
        got = self._cells.get(index)
        if got is None:
            got = self._cells[index] = self._convert(index)
        return got

    def height(self, index: int) -> float:
        h = self._heights.get(index)
        if h is None:
            h = self._heights[index] = self._height_of(self.cells(index)[0])
        return h

    def forget_before(self, index: int) -> None:
        for cache in (self._cells, self._heights):
            for key in [k for k in cache if k < index]:
                del cache[key]

    def _convert(self, index: int) -> tuple[list[str | Flowable], bool]:
        if index < len(self.rows):
            values, bold = self.rows[index], False
        else:
            values, bold = self.total_row or [], True
        if len(values) != len(self.widths):
            raise ValueError(
                f"table row {index + 1} has {len(values)} cells, expected {len(self.widths)}"
            )
        cells: list[str | Flowable] = []
        for col, value in enumerate(values):
            cell = _cell_value(value)
            if (
                isinstance(cell, str)
                and cell
                and (
                    "\n" in cell
                    or (
                        len(cell) > self.safe_len[col] and _lebar_teks(cell, bold) > self.avail[col]
                    )
                )
            ):
                cell = para(cell, _cell_style(self.align[col], bold))
            cells.append(cell)
        return cells, bold

    def _height_of(self, cells: Sequence[str | Flowable]) -> float:
        """The row's height as reportlab computes it: the tallest cell plus its padding."""
        h = self.plain_h
        for cell, avail in zip(cells, self.avail, strict=True):
            if isinstance(cell, Flowable):
                _, ch = cell.wrap(avail, 72000)
                h = max(h, ch + CELL_PAD_TOP + CELL_PAD_BOTTOM)
        return h

    def table(self, start: int, count: int, with_header: bool, h_align: str) -> Table:
        """A Table of the header (if asked) and rows ``start`` .. ``start + count - 1``."""
        hdr = 1 if with_header else 0
        data: list[list[Any]] = []
        heights: list[float] = []
        cell_styles: list[list[CellStyle]] = []
        if with_header:
            data.append(list(self.header))
            heights.append(self.header_h)
            cell_styles.append(self.header_styles)
        total_at = None
        for i in range(start, start + count):
            cells, bold = self.cells(i)
            data.append(list(cells))
            heights.append(self.height(i))
            cell_styles.append(self.total_styles if bold else self.data_styles)
            if bold:
                total_at = len(data) - 1
        cmds: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR)]
        if with_header:
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        last_plain = (total_at if total_at is not None else len(data)) - 1
        if last_plain >= hdr:
            zebra = [colors.white, ZEBRA_FILL]
            if start % 2:
                zebra.reverse()
            cmds.append(("ROWBACKGROUNDS", (0, hdr), (-1, last_plain), zebra))
        if total_at is not None:
            cmds.append(("BACKGROUND", (0, total_at), (-1, total_at), TOTAL_FILL))
        table = Table(
            data,
            colWidths=self.widths,
            rowHeights=heights,
            repeatRows=hdr,
            style=TableStyle(cmds),
            cellStyles=cell_styles,
            normalizedData=1,
        )
        table.hAlign = h_align
        return table


class DataTable(Flowable):
    """A long table laid out one page at a time, with an optional tail (the signature).

    Made by :func:`data_table`. Each page gets its own small :class:`Table` holding the
    header and only the rows that fit, so time grows linearly with the rows (one big
    reportlab Table is quadratic: every page split rebuilds the rest). The rows that fit
    are counted from heights known in advance (fixed column widths), so each page builds
    exactly one Table. The header is repeated at the top of every page and never appears
    mid-page.

    With a tail (see :func:`signature_section`), a page break never leaves the tail alone:
    at least ``tail_min_rows`` rows of the table go with it. Without a tail, a total row
    is never left alone at the top of a page.

    Do not wrap a DataTable in ``KeepTogether``: it is meant to break across pages.
    """

    _FUZZ = 1e-6

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        align: Sequence[str],
        repeat_header: bool = True,
        chunk: int = 300,
        total_row: Sequence[object] | None = None,
        _start: int = 0,
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = rows
        self.widths = list(widths)
        self.align = list(align)
        self.repeat_header = repeat_header
        self.chunk = max(1, int(chunk))
        self.total_row = list(total_row) if total_row is not None else None
        self.start = _start
        self.tail: Flowable | None = None
        self.tail_gap = 0.0
        self.tail_min_rows = 0
        self.hAlign = "CENTER"
        self.spaceBefore = 0.0
        self.spaceAfter = 4 * mm
        self._layout = _Layout(self.header, rows, self.widths, self.align, self.total_row)
        self._fits: tuple[float, float, bool] | None = None
        self._tail_size = (0.0, 0.0)
        self._min_row_h = self._layout.plain_h

    # ---- bookkeeping

    @property
    def row_count(self) -> int:
        """Rows still to lay out, the total row included."""
        return self._layout.row_count(self.start)

    _OWN = (
        "header",
        "rows",
        "widths",
        "align",
        "repeat_header",
        "chunk",
        "total_row",
        "tail",
        "tail_gap",
        "tail_min_rows",
        "hAlign",
        "spaceBefore",
        "spaceAfter",
        "_layout",
        "_min_row_h",
    )

    def _continuation(self, start: int) -> DataTable:
        """A fresh DataTable for rows ``start`` onwards (no platypus state carried over)."""
        rest = DataTable.__new__(DataTable)
        Flowable.__init__(rest)
        for name in self._OWN:
            setattr(rest, name, getattr(self, name))
        rest.start = start
        rest._fits = None
        rest._tail_size = (0.0, 0.0)
        self._layout.forget_before(start)
        return rest

    def with_tail(self, tail: Flowable, *, min_rows: int = 3, gap: float = 6 * mm) -> DataTable:
        """A copy that draws ``tail`` after its last row and never leaves it alone."""
        out = self._continuation(self.start)
        out.tail, out.tail_gap, out.tail_min_rows = tail, gap, max(1, min_rows)
        out.spaceAfter = 0
        return out

    def _at_top(self) -> bool:
        frame = getattr(self, "_frame", None)
        return True if frame is None else bool(getattr(frame, "_atTop", True))

    def _with_header(self) -> bool:
        """The header starts the table and every page; a piece continuing mid-page (after a
        full chunk) has none."""
        return self.start == 0 or (self.repeat_header and self._at_top())

    # ---- measuring

    def _header_h(self) -> float:
        return self._layout.header_h if self._with_header() else 0.0

    def _fitting(self, aH: float, limit: int) -> tuple[int, float]:
        """How many of the next ``limit`` rows fit under the header in ``aH``, and the
        height they take with it."""
        used = self._header_h()
        fit = 0
        layout = self._layout
        for i in range(self.start, self.start + limit):
            h = layout.height(i)
            if used + h > aH + self._FUZZ:
                break
            used += h
            fit += 1
        return fit, used

    def _tail_wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self.tail is None:
            return 0.0, 0.0
        w, h = self.tail.wrap(aW, aH)
        self._tail_size = (w, h)
        return w, h + self.tail_gap

    def _table(self, start: int, count: int, with_header: bool) -> Table:
        return self._layout.table(start, count, with_header, self.hAlign)

    # ---- the Flowable protocol

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        could_fit = int(max(aH, 0) / self._min_row_h) + 2
        remaining = self.row_count
        tail_w, tail_h = self._tail_wrap(aW, aH)
        table_w = sum(self.widths)
        self.width = max(table_w, tail_w)
        if remaining <= min(could_fit, self.chunk):
            # every remaining row may fit: measure them all (the tail too)
            layout = self._layout
            th = self._header_h() + sum(
                layout.height(i) for i in range(self.start, self.start + remaining)
            )
            self._fits = (table_w, th, self._with_header())
            self.height = th + tail_h
            self._progress_units = remaining
        else:
            # Not all rows can be on this page: say so (a height above aH) and let
            # split() cut the table.
            self._fits = None
            self.height = aH + 1
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        at_top = self._at_top()
        remaining = self.row_count
        fit, _ = self._fitting(aH, min(remaining, self.chunk))
        if self.tail is not None:
            keep = min(self.tail_min_rows, remaining)
        else:
            keep = 2 if self.total_row is not None and remaining >= 2 else 1
        take = min(fit, remaining - keep)
        if take < 1 or (not at_top and take < 2 and remaining > 2):
            if not at_top:
                return []  # nothing worth leaving here: move on to the next page
            return self._split_anyway(aW, aH, fit)
        return [self._piece(take), self._continuation(self.start + take)]

    def _piece(self, count: int) -> Table:
        piece = self._table(self.start, count, self._with_header())
        piece._progress_units = count  # type: ignore[attr-defined]
        return piece

    def _split_anyway(self, aW: float, aH: float, fit: int) -> list[Flowable]:
        """At the top of an empty page the rules cannot be met: break them, but progress."""
        remaining = self.row_count
        tail = [KeepTogether([Spacer(1, self.tail_gap), self.tail])] if self.tail else []
        if fit >= remaining:  # the rows fit, the tail does not: it goes on alone
            return [self._piece(remaining), *tail]
        if fit >= 1:
            return [self._piece(fit), self._continuation(self.start + fit)]
        log.warning("Baris tabel lebih tinggi dari satu halaman; baris dipotong.")
        table = self._table(self.start, 1, self._with_header())
        pieces = table.split(aW, aH)
        if not pieces:
            return []
        rest = [self._continuation(self.start + 1)] if remaining > 1 else tail
        return [*pieces, *rest]

    def draw(self) -> None:
        if self._fits is None:  # pragma: no cover - platypus always wraps before drawing
            raise RuntimeError("DataTable drawn without fitting")
        table_w, th, with_header = self._fits
        table = self._table(self.start, self.row_count, with_header)
        tw, th = table.wrap(table_w, th)
        table.drawOn(self.canv, (self.width - tw) / 2, self.height - th)
        if self.tail is not None:
            w, h = self._tail_size
            self.tail.drawOn(self.canv, (self.width - w) / 2, self.height - th - self.tail_gap - h)

    def identity(self, maxLen: int | None = None) -> str:
        return f"<DataTable rows {self.start}..{self.start + self.row_count} of {len(self.rows)}>"


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    col_widths: Sequence[float],
    *,
    align: str | Sequence[str] | None = None,
    repeat_header: bool = True,
    chunk: int = 300,
    total_row: Sequence[object] | None = None,
) -> list[Flowable]:
    """A data table for the story: ``[DataTable]`` (a list, so ``story += data_table(...)``).

    ``rows`` hold display values: text (money already through ``format_rupiah``), ints
    (printed ``1.250``), dates (``20/05/2024``), None (empty) or flowables. ``align`` gives
    each column ``"L"``, ``"R"`` or ``"C"`` (a string like ``"LLRR"`` or a list; default
    left); put money and counts on the right. Text is wrapped in a Paragraph only when it
    is too wide for its column or has line breaks. Zebra striping, thin grid, bold header
    on a light fill repeated on every page (unless ``repeat_header`` is False), the
    ``total_row`` bold at the end. At most ``chunk`` rows go into one reportlab Table.
    """
    n = len(header)
    if len(col_widths) != n:
        raise ValueError(f"{len(col_widths)} column widths for {n} columns")
    if align is None:
        aligns = ["LEFT"] * n
    else:
        try:
            aligns = [_ALIGN[a.upper()] for a in align]
        except KeyError as exc:
            raise ValueError(f"unknown alignment {exc.args[0]!r}; use L, R or C") from None
        if len(aligns) != n:
            raise ValueError(f"{len(aligns)} alignments for {n} columns")
    if total_row is not None and len(total_row) != n:
        raise ValueError(f"total row has {len(total_row)} cells, expected {n}")
    styles()
    table = DataTable(
        header,
        rows if isinstance(rows, Sequence) else list(rows),
        col_widths,
        align=aligns,
        repeat_header=repeat_header,
        chunk=chunk,
        total_row=total_row,
    )
    return [table]


class _Stack(Flowable):
    """Flowables drawn one under the other as a single unbreakable flowable."""

    def __init__(self, parts: Sequence[Flowable], gap: float = 0) -> None:
        super().__init__()
        self.parts = list(parts)
        self.gap = gap
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._sizes = [p.wrap(aW, aH) for p in self.parts]
        self.width = max(w for w, _ in self._sizes)
        self.height = sum(h for _, h in self._sizes) + self.gap * (len(self.parts) - 1)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for part, (w, h) in zip(self.parts, self._sizes, strict=True):
            y -= h
            align = getattr(part, "hAlign", "LEFT")
            x = {"CENTER": (self.width - w) / 2, "CENTRE": (self.width - w) / 2}.get(
                align, self.width - w if align == "RIGHT" else 0
            )
            part.drawOn(self.canv, x, y)
            y -= self.gap


def signature_section(
    place_date: Flowable | None,
    blocks: Flowable,
    *,
    keep_with: Flowable | Sequence[Flowable] | None = None,
    min_rows: int = 3,
    gap: float = 6 * mm,
) -> list[Flowable]:
    """The place-date line and the signature blocks, kept whole and with their table.

    ``place_date`` is a flowable from :func:`tempat_tanggal` (or None when the date heads
    the signature blocks, see :func:`blok_tanda_tangan`). ``keep_with`` is what the
    signature signs, usually the list :func:`data_table` returned: pass it *instead of*
    adding it to the story. The returned list replaces it.

    How it works: the last :class:`DataTable` carries the signature as its tail. When
    table and signature do not fit on the page together, the break is moved up so that at
    least ``min_rows`` rows (or the whole table, when shorter) continue on the next page,
    under a repeated header, directly above the signature. Any other ``keep_with``
    flowable is kept with the signature by ``KeepTogether`` (fine for small tables).
    Without ``keep_with`` the signature is simply kept whole.
    """
    tail: Flowable = blocks if place_date is None else _Stack([place_date, blocks], 3 * mm)
    if keep_with is None:
        return [KeepTogether([Spacer(1, gap), tail])]
    before: list[Flowable]
    if isinstance(keep_with, Flowable):
        before, last = [], keep_with
    else:
        items = list(keep_with)
        if not items:
            return [KeepTogether([Spacer(1, gap), tail])]
        before, last = items[:-1], items[-1]
    if isinstance(last, DataTable):
        return [*before, last.with_tail(tail, min_rows=min_rows, gap=gap)]
    return [*before, KeepTogether([last, Spacer(1, gap), tail])]


# --------------------------------------------------------------------------- document


def _numbered_canvas_class(footer_text: str, margins: Margins) -> Callable[..., Canvas]:
    """A canvas that stamps "Halaman x dari y" once the page count is known (two passes)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            y = margins.bottom / 2
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(TEXT_COLOR)
            self.drawRightString(
                width - margins.right, y, f"Halaman {self.getPageNumber()} dari {total}"
            )
            if footer_text:
                self.drawString(margins.left, y, footer_text)
            self.restoreState()

    return NumberedCanvas


class _Doc(BaseDocTemplate):
    def __init__(self, filename: str, progress: Progress, units: int, **kw: Any) -> None:
        super().__init__(filename, **kw)
        self._progress = progress
        self._units_left = units

    def afterFlowable(self, flowable: Flowable) -> None:
        units = min(getattr(flowable, "_progress_units", 1), self._units_left)
        if units > 0:
            self._units_left -= units
            self._progress.advance(units)
        check(self._progress)


def _units(story: Iterable[Flowable]) -> int:
    return sum(f.row_count if isinstance(f, DataTable) else 1 for f in story)


def build_pdf(
    path: str | os.PathLike[str],
    story: Sequence[Flowable],
    *,
    paper: str = "A4",
    landscape: bool = False,
    title: str = "",
    author: str = "",
    subject: str = "",
    footer_text: str = "",
    margins: Margins | None = None,
    progress: Progress | None = None,
) -> Path:
    """Lay out ``story`` and write the PDF to ``path`` atomically; return the path.

    ``paper`` is ``"A4"`` or ``"F4"``; ``author`` is usually the instansi. Every page
    gets ``footer_text`` on the left and "Halaman x dari y" on the right. The file is
    first written beside ``path`` and moved into place only when complete, so a failure or
    a cancellation (``progress.cancelled()``, checked after every flowable and table page:
    raises ``Cancelled``) leaves no file behind and an existing file unchanged. Write
    failures raise ``KnownEnvironmentError`` with an Indonesian message.
    """
    register_fonts()
    progress = progress or NullProgress()
    m = margins or DEFAULT_MARGINS
    size = page_size(paper, landscape)
    story = list(story)
    units = _units(story)
    progress.set_total(units, "Menyusun PDF")
    check(progress)
    target = Path(path)
    with atomic_output(target, program="pembaca PDF") as temp:
        doc = _Doc(
            str(temp),
            progress,
            units,
            pagesize=size,
            leftMargin=m.left,
            rightMargin=m.right,
            topMargin=m.top,
            bottomMargin=m.bottom,
            title=title,
            author=author,
            subject=subject,
            creator=APP_NAME,
            lang="id-ID",
            displayDocTitle=1,
            initialFontName=FONT,
            initialFontSize=BODY_SIZE,
        )
        frame = Frame(
            m.left,
            m.bottom,
            size[0] - m.left - m.right,
            size[1] - m.top - m.bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="isi",
        )
        doc.addPageTemplates([PageTemplate(id="halaman", frames=[frame], pagesize=size)])
        doc.build(story, canvasmaker=_numbered_canvas_class(footer_text, m))
    return target
