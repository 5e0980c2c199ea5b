"""The common parts of every Excel export: styles, table sheets, print setup, saving.

Plain values in, a workbook out (openpyxl; no Qt, no database). Two ways to write a sheet:

* :func:`write_table_sheet` on a normal workbook (:func:`new_workbook`): styled header,
  number formats, total row with formulas, optional title block. For reports and for
  exchange sheets up to some tens of thousands of rows.
* :func:`write_big_sheet` on a write-only workbook (``new_workbook(write_only=True)``):
  rows are streamed to disk as they come (flat memory), for national-scale exports of
  100,000 rows and more. Same layout, same print setup. Data rows skip openpyxl's cell
  objects: each row is serialised straight to the sheet's XML with the column's cached
  style (:class:`_RowWriter`), well under half the time of openpyxl's own path.

Sheets that double as import templates (FORMATS.md) must keep the header on row 1: do not
give them a ``heading``. With a heading, the returned :class:`TableSheet` says where the
header row is.

Number formats: Excel stores them in US notation and shows the separators of the PC's
region setting, so ``"Rp" #,##0`` shows ``Rp 1.250.000`` on an Indonesian PC and
``Rp 1,250,000`` on a US one; no format code can force dots (DESIGN.md). Values stay
numbers so that users can sum them; the PDF carries the exact Indonesian formatting.

Paper: A4 is paper size 9; F4 (215 x 330 mm) has no code of its own, and 14 ("Folio",
8.5 x 13 in = 215.9 x 330.2 mm; ECMA-376 Part 1, 18.3.1.63 ``paperSize``; ``xlPaperFolio``
in Excel) is the nearest, within a millimetre. openpyxl names only some codes as
``Worksheet.PAPERSIZE_*`` constants (A4 = "9"); 14 has none, hence :data:`PAPER_CODES`.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from pathlib import Path
from types import GeneratorType
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import Element, SubElement

from desmig_desktop import APP_NAME
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.exports.atomic import atomic_output

__all__ = [
    "FMT_ANGKA",
    "FMT_PERSEN",
    "FMT_RUPIAH",
    "FMT_RUPIAH_SEN",
    "FMT_TANGGAL",
    "FMT_TEKS",
    "PAPER_CODES",
    "STYLE_HEADER",
    "STYLE_TITLE",
    "STYLE_TOTAL",
    "Rumus",
    "TableSheet",
    "discard_workbook",
    "new_workbook",
    "save_workbook",
    "sheet_title",
    "write_big_sheet",
    "write_table_sheet",
]

FMT_RUPIAH = '"Rp" #,##0'
FMT_RUPIAH_SEN = '"Rp" #,##0.00'
FMT_PERSEN = "0.00%"
FMT_TANGGAL = "dd/mm/yyyy"
FMT_ANGKA = "#,##0"
FMT_TEKS = "@"

PAPER_CODES: dict[str, int] = {"A4": 9, "F4": 14}
"""Excel ``paperSize`` by the names of the ``ukuran_kertas`` setting (F4 -> Folio, 14)."""

STYLE_HEADER = "Desmig Kepala Kolom"
STYLE_TITLE = "Desmig Judul"
STYLE_SUBTITLE = "Desmig Subjudul"
STYLE_TOTAL = "Desmig Jumlah"

FOOTER_PAGES = "Halaman &P dari &N"

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
_PROGRESS_EVERY = 1000
_WIDTH_SAMPLE = 200
_INVALID_TITLE = str.maketrans({c: "-" for c in "[]:*?/\\"})


def _named_styles() -> list[NamedStyle]:
    return [
        NamedStyle(
            name=STYLE_HEADER,
            font=Font(bold=True),
            fill=_HEADER_FILL,
            border=_BOX,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(name=STYLE_TITLE, font=Font(bold=True, size=14)),
        NamedStyle(name=STYLE_SUBTITLE, font=Font(size=11)),
        NamedStyle(name=STYLE_TOTAL, font=Font(bold=True), fill=_TOTAL_FILL, border=_BOX),
    ]


def _ensure_styles(wb: Workbook) -> None:
    present = set(wb.named_styles)
    for style in _named_styles():
        if style.name not in present:
            wb.add_named_style(style)


def new_workbook(*, write_only: bool = False, title: str = "", author: str = "") -> Workbook:
    """An empty workbook (no default sheet) with the Desmig named styles registered.

    ``author`` is usually the instansi; ``write_only`` for :func:`write_big_sheet`.
    """
    wb = Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    _ensure_styles(wb)
    wb.properties.creator = author or APP_NAME
    wb.properties.title = title or None
    wb.properties.lastModifiedBy = APP_NAME
    return wb


def sheet_title(name: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    clean = " ".join((name or "").translate(_INVALID_TITLE).split())[:31].strip("'")
    return clean or "Lembar"


@dataclass(frozen=True)
class TableSheet:
    """Where a table landed. Rows are 1-based as Excel shows them."""

    ws: Any  # Worksheet, or WriteOnlyWorksheet from write_big_sheet
    header_row: int
    first_data_row: int
    last_data_row: int  # == header_row when there are no rows
    total_row: int | None = None

    @property
    def title(self) -> str:
        return self.ws.title


# --------------------------------------------------------------------------- layout helpers


def _new_sheet(wb: Workbook, title: str) -> Any:
    name = sheet_title(title)
    if name.casefold() in (s.casefold() for s in wb.sheetnames):
        raise ValueError(f"the workbook already has a sheet named {name!r}")
    _ensure_styles(wb)
    return wb.create_sheet(name)


def _infer_formats(
    n: int, sample: Sequence[Sequence[object]], col_formats: Sequence[str | None] | None
) -> list[str | None]:
    """The given formats, else dd/mm/yyyy for columns whose values are dates."""
    if col_formats is not None:
        if len(col_formats) != n:
            raise ValueError(f"{len(col_formats)} column formats for {n} columns")
        return list(col_formats)
    formats: list[str | None] = [None] * n
    for col in range(n):
        for row in sample:
            value = row[col] if col < len(row) else None
            if value is not None:
                if isinstance(value, date | datetime):
                    formats[col] = FMT_TANGGAL
                break
    return formats


def _widths(
    headers: Sequence[str],
    sample: Sequence[Sequence[object]],
    formats: Sequence[str | None],
    widths: Sequence[float | None] | None,
) -> list[float]:
    """Column widths in Excel characters: the given ones, else estimated from a sample."""
    n = len(headers)
    if widths is not None and len(widths) != n:
        raise ValueError(f"{len(widths)} column widths for {n} columns")
    out = []
    for col in range(n):
        given = widths[col] if widths is not None else None
        if given:
            out.append(float(given))
            continue
        longest = min(len(str(headers[col])), 24)
        for row in sample:
            value = row[col] if col < len(row) else None
            if value is None:
                continue
            if isinstance(value, date | datetime):
                length = 10
            elif formats[col] in (FMT_RUPIAH, FMT_RUPIAH_SEN) and isinstance(value, int | float):
                length = len(f"{value:,.0f}") + 4
            else:
                length = len(str(value))
            longest = max(longest, length)
        out.append(float(min(max(longest + 2, 8), 60)))
    return out


def _header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    lines = max(
        (math.ceil(len(str(h)) / max(w - 1, 1)) for h, w in zip(headers, widths, strict=True)),
        default=1,
    )
    return 15.0 * max(1, min(lines, 4)) + 3


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


def _print_setup(
    ws: Any,
    *,
    header_row: int,
    paper: str,
    landscape: bool,
    footer_text: str,
) -> None:
    key = (paper or "").strip().upper()
    if key not in PAPER_CODES:
        raise ValueError(f"unknown paper size {paper!r}; expected one of {sorted(PAPER_CODES)}")
    ws.page_setup.paperSize = PAPER_CODES[key]
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = FOOTER_PAGES
    ws.oddFooter.center.size = 9
    if footer_text:
        ws.oddFooter.left.text = _footer_text(footer_text)
        ws.oddFooter.left.size = 9


def _total_formula(spec: str, letter: str, first: int, last: int, total: int) -> str:
    """``"SUM"`` -> ``=SUM(C2:C101)``; a template may use {range}, {col}, {first}, {last}
    and {total} (the total row itself)."""
    rng = f"{letter}{first}:{letter}{last}"
    if spec.startswith("="):
        return spec.format(range=rng, col=letter, first=first, last=last, total=total)
    return f"={spec.strip().upper()}({rng})"


def _total_cells(
    headers: Sequence[str],
    specs: Mapping[int | str, str],
    label: str,
    first: int,
    last: int,
) -> list[str | None]:
    index = {str(h).strip().casefold(): i for i, h in enumerate(headers)}
    cells: list[str | None] = [None] * len(headers)
    for key, spec in specs.items():
        col = key if isinstance(key, int) else index.get(str(key).strip().casefold())
        if col is None or not 0 <= col < len(headers):
            raise ValueError(f"total row: no column {key!r}")
        cells[col] = _total_formula(
            spec, get_column_letter(col + 1), first, max(first, last), max(first, last) + 1
        )
    if label:
        free = next((i for i, c in enumerate(cells) if c is None), None)
        if free is not None:
            cells[free] = label
    return cells


def _heading_rows(heading: Sequence[str]) -> list[str]:
    return [line for line in heading if line]


# --------------------------------------------------------------------------- normal sheets


def write_table_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    col_formats: Sequence[str | None] | None = None,
    widths: Sequence[float | None] | None = None,
    freeze: bool = True,
    autofilter: bool = True,
    total_row_formulas: Mapping[int | str, str] | None = None,
    total_label: str = "JUMLAH",
    heading: Sequence[str] = (),
    paper: str = "A4",
    landscape: bool = True,
    footer_text: str = "",
    progress: Progress | None = None,
) -> TableSheet:
    """Write a table to a new sheet ``title`` of a normal workbook.

    ``rows`` hold values (numbers, Decimal, dates, text, None); ``col_formats`` gives
    each column a number format (``FMT_RUPIAH``, ``FMT_TANGGAL``...; None keeps General;
    by default date columns get dd/mm/yyyy). ``widths`` are Excel character widths (None:
    estimated). ``heading`` lines (report title, instansi, period) go above the table,
    then a blank row, then the header; leave it empty for import templates so that the
    header stays on row 1. ``total_row_formulas`` maps a column (0-based index or header)
    to ``"SUM"`` or a formula template; the row is labelled ``total_label``.

    The header is bold on a grey fill, frozen and filtered; printing is landscape (or
    portrait), fitted to the page width on ``paper`` (A4 or F4), the header repeated on
    every page, "Halaman x dari y" in the footer.
    """
    progress = progress or NullProgress()
    ws = _new_sheet(wb, title)
    data = rows if isinstance(rows, list) else list(rows)
    n = len(headers)
    formats = _infer_formats(n, data[:_WIDTH_SAMPLE], col_formats)
    col_w = _widths(headers, data[:_WIDTH_SAMPLE], formats, widths)
    last_col = get_column_letter(n)
    lines = _heading_rows(heading)
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=line)
        cell.style = STYLE_TITLE if i == 1 else STYLE_SUBTITLE
        if n > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=n)
        cell.alignment = Alignment(horizontal="center")
    header_row = len(lines) + 2 if lines else 1
    for col, text in enumerate(headers, start=1):
        ws.cell(row=header_row, column=col, value=text).style = STYLE_HEADER
    ws.row_dimensions[header_row].height = _header_height(headers, col_w)
    for col, width in enumerate(col_w, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    progress.set_total(len(data), f"Menulis lembar {ws.title}")
    first = header_row + 1
    formatted = [(c, f) for c, f in enumerate(formats) if f]
    r = first
    for index, values in enumerate(data, start=1):
        if len(values) != n:
            raise ValueError(f"row {index} has {len(values)} values, expected {n}")
        ws.append(values)
        for c, fmt in formatted:
            if values[c] is not None:
                ws.cell(row=r, column=c + 1).number_format = fmt
        r += 1
        if index % _PROGRESS_EVERY == 0:
            progress.advance(_PROGRESS_EVERY)
            check(progress)
    last = first + len(data) - 1 if data else header_row
    progress.advance(len(data) % _PROGRESS_EVERY)

    total_at = None
    if total_row_formulas:
        total_at = last + 1
        cells = _total_cells(headers, total_row_formulas, total_label, first, last)
        for c, value in enumerate(cells, start=1):
            cell = ws.cell(row=total_at, column=c, value=value)
            cell.style = STYLE_TOTAL
            if formats[c - 1] and isinstance(value, str) and value.startswith("="):
                cell.number_format = formats[c - 1]
        wb.calculation.fullCalcOnLoad = True

    if freeze:
        ws.freeze_panes = f"A{header_row + 1}"
    if autofilter:
        ws.auto_filter.ref = f"A{header_row}:{last_col}{last}"
    _print_setup(
        ws,
        header_row=header_row,
        paper=paper,
        landscape=landscape,
        footer_text=footer_text,
    )
    return TableSheet(ws, header_row, first, last, total_at)


# --------------------------------------------------------------------------- big sheets


class Rumus(str):
    """A formula in a data row of :func:`write_big_sheet`: ``Rumus('=B{r}-E{r}')``, where
    ``{r}`` becomes the number of the row it lands in. Plain text is never a formula there,
    whatever it starts with; a formula has to say so."""

    def baris(self, row: int) -> str:
        return self.replace("{r}", str(row))


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MAX_TEXT = 32767  # Excel's limit for the text of a cell


def _teks(value: str) -> str:
    """Text as a cell can hold it: control characters XML cannot carry are dropped (openpyxl
    would refuse the whole export for one stray character), at most 32,767 characters."""
    if not value.isprintable() and ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value[:_MAX_TEXT]


class _CellRows:
    """The plain way to append data rows: one reused styled cell per styled column."""

    def __init__(
        self,
        ws: Any,
        formats: Sequence[str | None],
        alignments: Sequence[Alignment | None],
        next_row: int,
    ) -> None:
        self.ws = ws
        self.row = next_row
        self.templates: dict[int, WriteOnlyCell] = {}
        for c, (fmt, alignment) in enumerate(zip(formats, alignments, strict=True)):
            if fmt or alignment:
                cell = WriteOnlyCell(ws)
                if fmt:
                    cell.number_format = fmt
                if alignment:
                    cell.alignment = alignment
                self.templates[c] = cell

    def append(self, values: Sequence[object]) -> None:
        out = [v.baris(self.row) if isinstance(v, Rumus) else v for v in values]
        self.row += 1
        for c, cell in self.templates.items():
            if out[c] is not None:
                cell.value = out[c]
                out[c] = cell
        self.ws.append(out)


class _RowWriter:
    """The rows of a write-only sheet, data rows serialised straight to the sheet's XML.

    openpyxl's write-only sheet turns every value into a cell object, checks it and writes
    it through several nested XML contexts; here a data row becomes one element, built from
    the values with the column's cached style id, and is written in one call (about three
    times faster). Rows of cell objects (title, header, total) still go through openpyxl's
    own code. Data values: text (always written as text, never as a formula), numbers and
    Decimal, bool, dates (Excel serial numbers with the column's format, else
    dd/mm/yyyy), None (no cell).

    :meth:`install` puts :meth:`_stream` in the place of the generator through which
    ``WriteOnlyWorksheet.append`` sends rows (``ws._rows``; the same steps as openpyxl's
    ``_write_rows``), so that ``ws.close()`` ends the rows and writes the sheet's tail as
    usual. It returns None when this openpyxl lacks those internals (then
    :class:`_CellRows` appends the rows).
    """

    def __init__(
        self, ws: Any, formats: Sequence[str | None], alignments: Sequence[Alignment | None]
    ) -> None:
        self.ws = ws
        self.row = 1
        self.letters = [get_column_letter(c + 1) for c in range(len(formats))]
        pairs = list(zip(formats, alignments, strict=True))
        self.styles = [self._style_id(f, a) if f or a else None for f, a in pairs]
        self.date_styles = [
            self._style_id(f if f and is_date_format(f) else FMT_TANGGAL, a) for f, a in pairs
        ]
        self.epoch = ws.parent.epoch
        self._sink: Any = None

    @classmethod
    def install(
        cls, ws: Any, formats: Sequence[str | None], alignments: Sequence[Alignment | None]
    ) -> _RowWriter | None:
        """Take over the rows of ``ws`` (before anything is appended to it)."""
        needed = ("_get_writer", "_values_to_row", "_rows")
        if (
            not all(hasattr(ws, a) for a in needed)
            or ws._rows is not None
            or getattr(ws.parent, "iso_dates", False)
        ):
            return None
        writer = cls(ws, formats, alignments)
        ws._get_writer()
        writer._sink = writer._stream()
        next(writer._sink)
        ws._rows = writer._sink
        return writer

    def _style_id(self, fmt: str | None, alignment: Alignment | None) -> str:
        cell = WriteOnlyCell(self.ws)
        if fmt:
            cell.number_format = fmt
        if alignment:
            cell.alignment = alignment
        return str(cell.style_id)

    def _stream(self):  # type: ignore[no-untyped-def]
        ws = self.ws
        xf = ws._writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    item = yield
                    if isinstance(item, list | tuple | GeneratorType):  # ws.append(...)
                        cells = ws._values_to_row(item, self.row)
                        ws._writer.write_row(xf, cells, self.row)
                    else:  # a data row from append()
                        xf.write(item)
                    self.row += 1
            except GeneratorExit:
                pass
        ws._writer.xf.send(None)

    def append(self, values: Sequence[object]) -> None:
        tag = f"{self.row}"
        row = Element("row", {"r": tag})
        letters, styles = self.letters, self.styles
        for c, value in enumerate(values):
            if value is None:
                continue
            attrs = {"r": letters[c] + tag}
            style = styles[c]
            if isinstance(value, Rumus):
                if style is not None:
                    attrs["s"] = style
                SubElement(SubElement(row, "c", attrs), "f").text = value.baris(self.row)[1:]
                continue
            if isinstance(value, str):
                if not value:
                    continue  # an empty text is an empty cell
                text = _teks(value)
            elif isinstance(value, bool):
                attrs["t"] = "b"
                if style is not None:
                    attrs["s"] = style
                SubElement(SubElement(row, "c", attrs), "v").text = "1" if value else "0"
                continue
            elif isinstance(value, int | float | Decimal):
                attrs["t"] = "n"
                if style is not None:
                    attrs["s"] = style
                SubElement(SubElement(row, "c", attrs), "v").text = safe_string(value)
                continue
            elif isinstance(value, date):  # datetime too
                attrs["t"] = "n"
                attrs["s"] = self.date_styles[c]
                v = SubElement(SubElement(row, "c", attrs), "v")
                v.text = safe_string(to_excel(value, self.epoch))
                continue
            else:
                text = _teks(str(value))
            attrs["t"] = "inlineStr"
            if style is not None:
                attrs["s"] = style
            t = SubElement(SubElement(SubElement(row, "c", attrs), "is"), "t")
            if text != text.strip():
                t.set(_XML_SPACE, "preserve")
            t.text = text
        self._sink.send(row)


def _discard(ws: Any) -> None:
    """Close an abandoned write-only sheet and delete its temporary file.

    After a cancellation or an error the workbook must not be saved; this only frees
    what openpyxl holds (an open temporary file that would otherwise linger).
    """
    with contextlib.suppress(Exception):
        ws.close()
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


def discard_workbook(wb: Workbook) -> None:
    """Give up a write-only workbook that will not be saved (after an error or a
    cancellation): its sheets' temporary files are closed and deleted."""
    for ws in list(getattr(wb, "_sheets", [])):
        _discard(ws)


def _stream_rows(
    wb: Workbook,
    ws: Any,
    headers: Sequence[str],
    lines: Sequence[str],
    col_w: Sequence[float],
    formats: Sequence[str | None],
    alignments: Sequence[Alignment | None],
    rows: Iterable[Sequence[object]],
    *,
    total_row_formulas: Mapping[int | str, str] | None,
    total_label: str,
    header_row: int,
    progress: Progress,
    total: int | None,
) -> tuple[int, int, int | None]:
    """Append title, header, rows and total row; return first, last and total row."""
    n = len(headers)
    writer = _RowWriter.install(ws, formats, alignments)
    last_col = get_column_letter(n)
    for i, line in enumerate(lines, start=1):
        cell = WriteOnlyCell(ws, value=line)
        cell.style = STYLE_TITLE if i == 1 else STYLE_SUBTITLE
        cell.alignment = Alignment(horizontal="center")
        ws.append([cell])
        if n > 1:
            ws.merged_cells.add(f"A{i}:{last_col}{i}")
    if lines:
        ws.append([])
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.style = STYLE_HEADER
        header_cells.append(cell)
    ws.row_dimensions[header_row].height = _header_height(headers, col_w)
    ws.append(header_cells)

    progress.set_total(total if total is not None else 0, f"Menulis lembar {ws.title}")
    first = header_row + 1
    count = 0
    append = (writer or _CellRows(ws, formats, alignments, first)).append
    for values in rows:
        count += 1
        if len(values) != n:
            raise ValueError(f"row {count} has {len(values)} values, expected {n}")
        append(values)
        if count % _PROGRESS_EVERY == 0:
            progress.advance(_PROGRESS_EVERY)
            check(progress)
    progress.advance(count % _PROGRESS_EVERY)
    last = first + count - 1 if count else header_row

    total_at = None
    if total_row_formulas:
        total_at = last + 1
        cells = []
        for c, value in enumerate(
            _total_cells(headers, total_row_formulas, total_label, first, last)
        ):
            cell = WriteOnlyCell(ws, value=value)
            cell.style = STYLE_TOTAL
            if formats[c] and isinstance(value, str) and value.startswith("="):
                cell.number_format = formats[c]
            cells.append(cell)
        ws.append(cells)
        wb.calculation.fullCalcOnLoad = True
    return first, last, total_at


def write_big_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    col_formats: Sequence[str | None] | None = None,
    widths: Sequence[float | None] | None = None,
    freeze: bool = True,
    autofilter: bool = True,
    total_row_formulas: Mapping[int | str, str] | None = None,
    total_label: str = "JUMLAH",
    heading: Sequence[str] = (),
    paper: str = "A4",
    landscape: bool = True,
    footer_text: str = "",
    total: int | None = None,
    col_alignments: Sequence[Alignment | None] | None = None,
    row_heights: Mapping[int, float] | None = None,
    progress: Progress | None = None,
) -> TableSheet:
    """Stream a table of any size into a new sheet of a *write-only* workbook.

    Same layout and arguments as :func:`write_table_sheet`. ``rows`` may be a generator
    (e.g. a query fetched in batches); nothing is kept in memory. Without ``col_formats``
    the first 200 rows decide which columns are dates and how wide columns are. ``total``
    (the number of rows, when known) feeds the progress bar; cancellation is checked every
    1,000 rows. Data rows are written by :class:`_RowWriter` (one cached style id per
    column); text is always text there, never a formula (a value typed as ``=...`` stays
    as typed): a data row's formula is a :class:`Rumus`. ``col_alignments`` align the data
    cells of each column (e.g. wrapped text); ``row_heights`` (points, by row number) are
    for the title block. Total-row templates may also use ``{total}``, the total row.
    """
    if not getattr(wb, "write_only", False):
        raise ValueError(
            "write_big_sheet needs a write-only workbook: new_workbook(write_only=True)"
        )
    progress = progress or NullProgress()
    ws = _new_sheet(wb, title)
    n = len(headers)
    iterator = iter(rows)
    sample: list[Sequence[object]] = []
    for values in iterator:
        sample.append(values)
        if len(sample) >= _WIDTH_SAMPLE:
            break
    formats = _infer_formats(n, sample, col_formats)
    col_w = _widths(headers, sample, formats, widths)
    alignments = list(col_alignments) if col_alignments is not None else [None] * n
    if len(alignments) != n:
        raise ValueError(f"{len(alignments)} column alignments for {n} columns")
    last_col = get_column_letter(n)
    lines = _heading_rows(heading)
    header_row = len(lines) + 2 if lines else 1
    for row, height in (row_heights or {}).items():
        ws.row_dimensions[row].height = height

    # Column widths, panes and print titles go in the sheet's head: set them before row 1.
    for col, width in enumerate(col_w, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    if freeze:
        ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(
        ws,
        header_row=header_row,
        paper=paper,
        landscape=landscape,
        footer_text=footer_text,
    )

    try:
        first, last, total_at = _stream_rows(
            wb,
            ws,
            headers,
            lines,
            col_w,
            formats,
            alignments,
            chain(sample, iterator),
            total_row_formulas=total_row_formulas,
            total_label=total_label,
            header_row=header_row,
            progress=progress,
            total=total,
        )
    except BaseException:
        _discard(ws)
        raise
    if autofilter:
        ws.auto_filter.ref = f"A{header_row}:{last_col}{last}"
    return TableSheet(ws, header_row, first, last, total_at)


# --------------------------------------------------------------------------- saving


def save_workbook(
    wb: Workbook, path: str | os.PathLike[str], progress: Progress | None = None
) -> Path:
    """Save ``wb`` to ``path`` atomically and return the path.

    The workbook is written to a temporary file beside ``path`` and moved into place when
    complete: a failure or cancellation leaves no file, and an existing file unchanged.
    A file open in Excel, a read-only folder or a full disk raise
    ``KnownEnvironmentError`` with an Indonesian message saying what to do.
    """
    if progress is not None:
        check(progress)
    with atomic_output(path, program="Excel") as temp:
        wb.save(temp)
    return Path(path)
