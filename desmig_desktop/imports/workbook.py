"""Reading the exchange workbooks (FORMATS.md), for every import sheet alike.

:func:`read_sheet` opens an ``.xlsx`` file, finds a sheet by name (any case), matches the
header row (row 1) against the sheet's declared columns (:mod:`domain.lembar`) and returns
the non-empty data rows with their spreadsheet row numbers and raw cell values.
:func:`convert_row` turns the raw values into typed ones (:func:`read_cell`, by
:class:`~desmig_desktop.domain.lembar.Jenis`) and collects one :class:`RowError` per bad
cell, so that an importer can report every problem of a file at once in the form
``Baris N, kolom "Header": ...`` (:class:`ImportErrors`).

Files only: no database here (DESIGN.md). Problems with the file itself (not an xlsx
workbook, a password, a damaged part, a missing sheet or column) raise
:class:`ImportErrors` with file-level lines and a message naming the file; never a
traceback.

The cell values come from python-calamine (Rust, about ten times faster than openpyxl on a
100,000-row sheet) and are given as openpyxl gave them (whole numbers ``int``, dates
``datetime``, an empty cell None); formulas and Excel errors, which calamine cannot tell
from empty cells, are found in the sheet's XML. Where the two readers still differ, calamine
is the lenient one on cells Excel itself cannot show: a date-formatted number outside the
calendar (negative, or past the year 9999) comes as a number or a time, not as the
``#VALUE!`` error openpyxl made of it, and ``_x0001_`` escapes in text are decoded. A
workbook with a chart sheet, which openpyxl could not open, is read.
"""

from __future__ import annotations

import io
import logging
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, TypeVar

from lxml import etree
from python_calamine import CalamineWorkbook, SheetTypeEnum

from desmig_desktop.domain.enums import StatusDesa
from desmig_desktop.domain.errors import DesmigError, KnownEnvironmentError, ValidationError
from desmig_desktop.domain.formatting import (
    format_tanggal_pendek,
    parse_bilangan_bulat,
    parse_rupiah,
    parse_tanggal,
)
from desmig_desktop.domain.identitas import normalize_telepon
from desmig_desktop.domain.lembar import TAHUN_AWAL_PROGRAM, Jenis, Kolom, normalise_header
from desmig_desktop.domain.progress import Cancelled, NullProgress, Progress, check, gc_ditunda
from desmig_desktop.domain.wilayah import DESA, validate_kode

__all__ = [
    "BATAS_LAPORAN",
    "PANJANG_KUTIPAN",
    "TAHUN_AWAL",
    "BarisMentah",
    "ImportErrors",
    "NilaiSalah",
    "RowError",
    "Sheet",
    "convert_row",
    "kutip",
    "read_cell",
    "read_sheet",
    "read_tahun",
    "ringkas_pesan",
    "sheet_names",
    "split_daftar",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

BATAS_LAPORAN = 200
"""How many error lines the message of :class:`ImportErrors` shows (all are kept)."""

TAHUN_AWAL = TAHUN_AWAL_PROGRAM
"""The first year of the Desmigratif programme (the same rule as services.desa)."""

_EKSTENSI_XLSX = (".xlsx", ".xlsm", ".xltx", ".xltm")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected xlsx
_TANDA_SANDI = "EncryptionInfo".encode("utf-16-le")


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class RowError:
    """One problem: a row and column of the sheet, or the file itself (both None)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f'Kolom "{self.column}": {self.message}' if self.column else self.message
        if self.column is None:
            return f"Baris {self.row}: {self.message}"
        return f'Baris {self.row}, kolom "{self.column}": {self.message}'


class ImportErrors(ValidationError):
    """An import refused: every problem found, in row order; nothing was written.

    A ``ValidationError`` (a ``DesmigError``), so the GUI and the command line show it as
    the user's input, not as a bug. ``errors`` keeps every problem; the message shows
    the first :data:`BATAS_LAPORAN` lines and the count of the rest.
    """

    def __init__(self, errors: Sequence[RowError], berkas: str | Path | None = None) -> None:
        self.errors: list[RowError] = sorted(errors, key=lambda e: (e.row is not None, e.row or 0))
        self.berkas = Path(berkas).name if berkas is not None else None
        asal = f" dari {self.berkas}" if self.berkas else ""
        n = len(self.errors)
        kepala = f"Impor{asal} ditolak ({n} kesalahan); tidak ada data yang disimpan."
        super().__init__("\n".join([kepala, *self.lines()]))

    def lines(self, limit: int = BATAS_LAPORAN) -> list[str]:
        """The error lines, at most ``limit`` of them plus a line counting the rest."""
        shown = [str(e) for e in self.errors[:limit]]
        rest = len(self.errors) - len(shown)
        if rest > 0:
            shown.append(f"... dan {rest} kesalahan lain.")
        return shown


def _berkas_salah(path: Path, message: str) -> ImportErrors:
    return ImportErrors([RowError(None, None, message)], path)


# --------------------------------------------------------------------------- cells


PANJANG_KUTIPAN = 40
"""How much of a refused cell a message quotes."""
_KUTIPAN_PANJANG = re.compile(rf'"([^"]{{{PANJANG_KUTIPAN + 1},}})"')


def kutip(teks: str) -> str:
    """Text of a refused cell as a message quotes it: long text cut."""
    return teks if len(teks) <= PANJANG_KUTIPAN else teks[: PANJANG_KUTIPAN - 1].rstrip() + "…"


def ringkas_pesan(pesan: str) -> str:
    """A message with every quoted text longer than :data:`PANJANG_KUTIPAN` cut: the cell
    readers quote a refused cell whole, and a cell may hold 32,767 characters."""
    return _KUTIPAN_PANJANG.sub(lambda m: f'"{kutip(m.group(1))}"', pesan)


@dataclass(frozen=True)
class NilaiSalah:
    """A cell that has no usable value: a formula never calculated, or an Excel error."""

    message: str


def _kosong(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _teks(value: object) -> str:
    """A cell as text: ``12.0`` from Excel gives ``12``, a date ``20/05/2024``."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return format_tanggal_pendek(value.date())
    if isinstance(value, date):
        return format_tanggal_pendek(value)
    return str(value).strip()


def read_tahun(value: object, field: str, this_year: int | None = None) -> int:
    """A year from 2016 (:data:`TAHUN_AWAL`) to next year."""
    this_year = this_year or date.today().year
    if isinstance(value, date | time | timedelta):
        raise ValidationError(f"{field} harus tahun (mis. 2018), bukan tanggal.", field)
    tahun = parse_bilangan_bulat(value, field, minimum=None)
    if tahun < TAHUN_AWAL:
        raise ValidationError(
            f"{field} {tahun} terlalu awal: program Desmigratif dimulai {TAHUN_AWAL}.", field
        )
    if tahun > this_year + 1:
        raise ValidationError(
            f"{field} {tahun} belum tiba: paling lambat {this_year + 1} (tahun ini {this_year}).",
            field,
        )
    return tahun


def _tanggal(value: object, field: str) -> date:
    if isinstance(value, time | timedelta):
        raise ValidationError(f"{field} berisi jam, bukan tanggal.", field)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValidationError(
            f'{field} "{_teks(value)}" bukan tanggal; tulis sebagai tanggal Excel atau '
            "HH/BB/TTTT (contoh 20/05/2024).",
            field,
        )
    return parse_tanggal(value, field)


def split_daftar(value: object, field: str) -> list[str]:
    """Split a comma-separated list; commas inside parentheses do not split.

    ``"Malaysia (218), Taiwan (173), Hong Kong"`` gives three items; empty items are
    dropped. Unbalanced parentheses are refused.
    """
    teks = _teks(value)
    items: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(teks):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                break
        elif ch == "," and depth == 0:
            items.append(teks[start:i])
            start = i + 1
    if depth != 0:
        raise ValidationError(
            f'{field} "{teks}" tidak sah: tanda kurung "(" dan ")" tidak berpasangan.', field
        )
    items.append(teks[start:])
    return [" ".join(item.split()) for item in items if item.strip()]


def read_cell(kolom: Kolom, value: object, *, this_year: int | None = None) -> Any:
    """The typed value of a cell by its column's kind; None for an empty cell.

    TEKS gives ``str``; KODE_DESA ``str`` (dotted desa/kelurahan code, text only); TAHUN and
    BULAT ``int``; RUPIAH ``Decimal``; TANGGAL ``date``; TELEPON ``str`` (digits, local
    form); STATUS_DESA ``StatusDesa``; DAFTAR ``list[str]``. Raises ``ValidationError``
    whose message names the column and the rule.
    """
    # The cells of a big sheet are mostly text, codes and dates: those first, quickly
    # (the same results as the general rules below).
    kind = type(value)
    if kind is str:
        teks = value.strip()  # type: ignore[attr-defined]
        if not teks:
            return None
        jenis = kolom.jenis
        if jenis is Jenis.TEKS:
            return teks
        if jenis is Jenis.KODE_DESA:
            return _diingat(_KODE_DESA, value, _kode_desa)
        if jenis is Jenis.TANGGAL:
            return _diingat(_TANGGAL, value, lambda v: parse_tanggal(v, kolom.header))
    elif value is None:
        return None
    elif kind is datetime and kolom.jenis is Jenis.TANGGAL:
        return value.date()  # type: ignore[attr-defined]
    return _read_cell(kolom, value, this_year)


_KODE_DESA: dict[str, str] = {}
_TANGGAL: dict[str, date] = {}
_INGAT = 50_000
"""How many distinct codes and date texts are remembered (a sheet repeats them)."""


def _diingat(memo: dict[str, _T], value: str, read: Callable[[str], _T]) -> _T:
    """``read(value)``, remembered when it succeeds (a refusal raises every time)."""
    hit = memo.get(value)
    if hit is None:
        hit = read(value)
        if len(memo) >= _INGAT:
            memo.clear()
        memo[value] = hit
    return hit


def _kode_desa(value: str) -> str:
    return validate_kode(value, DESA)


def _read_cell(kolom: Kolom, value: object, this_year: int | None) -> Any:
    field = kolom.header
    if isinstance(value, NilaiSalah):
        raise ValidationError(value.message, field)
    if _kosong(value):
        return None
    match kolom.jenis:
        case Jenis.TEKS:
            return _teks(value)
        case Jenis.KODE_DESA:
            if isinstance(value, int | float) and not isinstance(value, bool):
                raise ValidationError(
                    f'{field} "{_teks(value)}" tidak sah: tulis sebagai teks bertitik, '
                    "misalnya 35.04.14.2011.",
                    field,
                )
            return validate_kode(value, DESA)
        case Jenis.TAHUN:
            return read_tahun(value, field, this_year)
        case Jenis.BULAT:
            return parse_bilangan_bulat(value, field, minimum=0)
        case Jenis.RUPIAH:
            return parse_rupiah(value, field)
        case Jenis.TANGGAL:
            return _tanggal(value, field)
        case Jenis.TELEPON:
            return normalize_telepon(value, field)
        case Jenis.STATUS_DESA:
            return StatusDesa.parse(_teks(value), field)
        case Jenis.DAFTAR:
            return split_daftar(value, field) or None
    raise ValueError(f"unknown column kind {kolom.jenis!r}")  # pragma: no cover


def convert_row(
    row: int,
    raw: Mapping[Kolom, object],
    errors: list[RowError],
    *,
    this_year: int | None = None,
) -> dict[Kolom, Any]:
    """Typed values of one row's cells; each bad cell and each empty required cell
    becomes a :class:`RowError` in ``errors`` (its column is then left out)."""
    out: dict[Kolom, Any] = {}
    for kolom, value in raw.items():
        try:
            typed = read_cell(kolom, value, this_year=this_year)
        except ValidationError as exc:
            errors.append(RowError(row, kolom.header, exc.message))
            continue
        if typed is None:
            if kolom.wajib:
                errors.append(RowError(row, kolom.header, f"{kolom.header} wajib diisi."))
            continue
        out[kolom] = typed
    return out


# --------------------------------------------------------------------------- sheets


class BarisMentah(Mapping[Kolom, object]):
    """One row's raw values by column: a read-only mapping that iterates in the header's
    column order. Built from a list (no hashing per cell, unlike a dict: a sheet of 100,000
    rows makes 100,000 of them); looked up by column like a dict."""

    __slots__ = ("_indeks", "_kolom", "_nilai")

    def __init__(
        self, kolom: tuple[Kolom, ...], indeks: Mapping[Kolom, int], nilai: list[object]
    ) -> None:
        self._kolom, self._indeks, self._nilai = kolom, indeks, nilai

    def __getitem__(self, kolom: Kolom) -> object:
        return self._nilai[self._indeks[kolom]]

    def get(self, kolom: Kolom, default: object = None) -> object:  # type: ignore[override]
        i = self._indeks.get(kolom)
        return default if i is None else self._nilai[i]

    def __contains__(self, kolom: object) -> bool:
        return kolom in self._indeks

    def __iter__(self) -> Iterator[Kolom]:
        return iter(self._kolom)

    def __len__(self) -> int:
        return len(self._kolom)

    def items(self) -> Iterator[tuple[Kolom, object]]:  # type: ignore[override]
        return zip(self._kolom, self._nilai, strict=True)

    def values(self) -> Iterator[object]:  # type: ignore[override]
        return iter(self._nilai)

    def _set(self, kolom: Kolom, value: object) -> None:
        self._nilai[self._indeks[kolom]] = value

    def __repr__(self) -> str:
        return repr(dict(self.items()))


RawRow = tuple[int, Mapping[Kolom, object]]


@dataclass
class Sheet:
    """A sheet as read: its name, the declared columns found and the non-empty data rows.

    Iterating yields ``(row_number, {Kolom: raw value})`` (a :class:`BarisMentah`, read-only,
    or a dict); every declared column present in the header appears in each row (None for
    an empty cell).
    """

    berkas: Path
    nama: str
    kolom: tuple[Kolom, ...]
    rows: list[RawRow] = field(default_factory=list)

    def __iter__(self) -> Iterator[RawRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _isi_berkas(path: Path) -> bytes:
    """The file's bytes, after checking it looks like an xlsx workbook."""
    nama = path.name
    if not path.exists():
        raise _berkas_salah(path, f'Berkas "{nama}" tidak ditemukan.')
    if path.is_dir():
        raise _berkas_salah(path, f'"{nama}" adalah folder, bukan berkas buku kerja Excel.')
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KnownEnvironmentError(
            f'Berkas "{nama}" tidak dapat dibaca ({exc.strerror or exc}). Tutup berkas itu '
            "di Excel atau periksa izin bacanya, lalu coba lagi."
        ) from exc
    ext = path.suffix.lower()
    simpan_ulang = "buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)"
    if data.startswith(_OLE2):
        if _TANDA_SANDI in data:
            raise _berkas_salah(
                path,
                f'Berkas "{nama}" dilindungi kata sandi; buka di Excel, hapus kata sandinya '
                "(File > Info > Lindungi Buku Kerja), simpan, lalu impor lagi.",
            )
        raise _berkas_salah(
            path,
            f'Berkas "{nama}" berformat Excel 97-2003 (.xls) yang tidak didukung; '
            f"{simpan_ulang}, lalu impor lagi.",
        )
    if ext == ".xls":
        raise _berkas_salah(
            path,
            f'Berkas "{nama}" berformat .xls yang tidak didukung; {simpan_ulang}, lalu impor lagi.',
        )
    if ext not in _EKSTENSI_XLSX:
        raise _berkas_salah(
            path,
            f'Berkas "{nama}" bukan buku kerja Excel (.xlsx); {simpan_ulang}, lalu impor lagi.',
        )
    if not data.startswith(_ZIP):
        raise _berkas_salah(
            path,
            f'Berkas "{nama}" bukan buku kerja Excel (.xlsx) yang sah: isinya bukan format '
            f"xlsx atau berkas rusak; {simpan_ulang}, lalu impor lagi.",
        )
    return data


# --------------------------------------------------------------------------- the workbook
#
# Cell values come from python-calamine (Rust; about ten times faster than openpyxl). It
# gives what Excel calculated for a formula and nothing for an Excel error or a formula
# never calculated, so the few cells calamine cannot tell apart from empty ones are found
# in the sheet's XML: formula cells (their text, for the message) and error cells. One quick
# pass over that XML looks for their markers; only a sheet that has some is parsed.


def _rusak(path: Path) -> ImportErrors:
    return _berkas_salah(
        path,
        f'Berkas "{path.name}" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas '
        "rusak atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx.",
    )


_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _xml(data: bytes) -> Any:
    return etree.fromstring(data, _XML)


def _bagian_lembar(zf: zipfile.ZipFile, *, semua: bool = False) -> dict[str, str]:
    """Each sheet's name -> the zip member holding its XML (from the workbook's parts and
    relationships), in the workbook's order; with ``semua`` also sheets whose part is
    missing (mapped to ""). Raises for anything that is not an Office Open XML workbook."""
    _xml(zf.read("[Content_Types].xml"))  # there, and well-formed
    root = _xml(zf.read("_rels/.rels"))
    target = next(
        rel.get("Target") for rel in root if str(rel.get("Type", "")).endswith("/officeDocument")
    )
    wb_part = posixpath.normpath(target.lstrip("/"))
    folder, name = posixpath.split(wb_part)
    rels = _xml(zf.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    by_id = {rel.get("Id"): str(rel.get("Target")) for rel in rels}
    out: dict[str, str] = {}
    for sheet in _xml(zf.read(wb_part)).iter("{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        part = by_id.get(rid)
        if part is None:
            if semua:
                out[sheet.get("name")] = ""
            continue
        if part.startswith("/"):
            out[sheet.get("name")] = posixpath.normpath(part.lstrip("/"))
        else:
            out[sheet.get("name")] = posixpath.normpath(posixpath.join(folder, part))
    return out


_PENANDA = (b"<f>", b"<f ", b":f>", b":f ", b't="e"', b"t='e'")
"""Bytes that a sheet's XML holds only around formula or error cells (or, rarely, in
text): when none of them is there, no cell is special."""


@dataclass(frozen=True)
class _Pindaian:
    """What one quick pass over a sheet's XML found."""

    penanda: bool  # a formula or error marker (when looked for)
    baris_akhir: int | None  # the number of the last row element (None: not written)


_BARIS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr\s*=\s*[\"'](\d+)[\"']")
_EKOR = 1 << 18  # how much of the end is kept to find the last row element


def _pindai(stream: IO[bytes], *, penanda: bool = True) -> _Pindaian:
    """One pass over the XML in ``stream``, read in chunks: the formula and error markers
    (if ``penanda``) and the last row's number.

    Raises ``ValueError`` for an XML declaration or processing instruction after the start
    of the document: not well-formed XML (openpyxl refused it; calamine would read on).
    """
    ada = False
    ekor = b""
    awal = True
    while chunk := stream.read(1 << 20):
        buf = ekor[-8:] + chunk
        mulai = 0
        if awal:
            awal = False
            if buf.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
                mulai = buf.find(b"?>") + 2
        if buf.find(b"<?", mulai) >= 0:
            raise ValueError("XML declaration or processing instruction inside the sheet")
        if penanda and not ada:
            ada = any(p in buf for p in _PENANDA)
        ekor = (ekor + chunk)[-_EKOR:]
    terakhir = None
    for cocok in _BARIS.finditer(ekor):
        terakhir = int(cocok.group(1))
    return _Pindaian(ada, terakhir)


def _penanda_awal(stream: IO[bytes]) -> bool:
    """Whether the XML's first row element (the header, normally) holds a marker."""
    buf = stream.read(1 << 16)
    for akhir in (b"</row>", b":row>"):
        i = buf.find(akhir)
        if i >= 0:
            buf = buf[:i]
            break
    return any(p in buf for p in _PENANDA)


@dataclass(frozen=True)
class _Khusus:
    """A formula cell (its text, as Excel shows it) or an Excel error cell (its code)."""

    rumus: str | None = None
    galat: str | None = None
    galat_ada: bool = False  # a t="e" cell (its code may be missing)


_Posisi = tuple[int, int]  # (0-based row, 0-based column), as calamine's rows


def _indeks_kolom(ref: str) -> int:
    """``"AB12"`` -> 27 (0-based column)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1


def _huruf_kolom(indeks: int) -> str:
    """0-based column -> its letters (``27`` -> ``"AB"``)."""
    teks = ""
    n = indeks + 1
    while n:
        n, r = divmod(n - 1, 26)
        teks = chr(65 + r) + teks
    return teks


def _sel_khusus(stream: IO[bytes]) -> dict[_Posisi, _Khusus]:
    """The formula and error cells of a sheet's XML, as openpyxl reads them: a formula as
    ``=`` and its text (a shared formula translated to its cell), an error by its code."""
    out: dict[_Posisi, _Khusus] = {}
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, its cell)
    baris = 0
    for _, row in etree.iterparse(
        stream, events=("end",), tag="{*}row", resolve_entities=False, huge_tree=True
    ):
        r = row.get("r")
        baris = int(r) if r else baris + 1
        kolom = -1  # a cell without its reference is the one after the previous
        for c in row:
            if _lokal(c) != "c":
                continue
            ref = c.get("r")
            kolom = _indeks_kolom(ref) if ref else kolom + 1
            f = next((x for x in c if _lokal(x) == "f"), None)
            galat = c.get("t") == "e"
            if f is None and not galat:
                continue
            v = next((x.text for x in c if _lokal(x) == "v"), None)
            rumus = None
            if f is not None:
                rumus = "=" + (f.text or "")
                if f.get("t") == "shared":
                    si = str(f.get("si"))
                    sel = ref or f"{_huruf_kolom(kolom)}{baris}"
                    if si in shared:
                        rumus = _terjemah(*shared[si], sel)
                    elif rumus != "=":
                        shared[si] = (rumus, sel)
            out[(baris - 1, kolom)] = _Khusus(rumus, v or None if galat else None, galat)
        row.clear(keep_tail=True)
        while row.getprevious() is not None:
            del row.getparent()[0]
    return out


def _lokal(element: Any) -> str:
    """An element's tag without its namespace ("" for comments)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _terjemah(rumus: str, asal: str, sel: str) -> str:
    """A shared formula as it reads in another cell (openpyxl's own translator)."""
    from openpyxl.formula.translate import Translator

    try:
        return str(Translator(rumus, origin=asal).translate_formula(sel))
    except Exception:  # an unusual formula: the original text still names it
        return rumus


_JUDUL_RUMUS = NilaiSalah("rumus di baris judul")
"""A formula in the header row: not empty, never a column name (as openpyxl read it)."""


def _sel(value: object) -> object:
    """A calamine value as openpyxl gave it: whole numbers ``int``, dates ``datetime``,
    empty text None. An infinite or NaN number is no Excel value (openpyxl refused the
    file): ``ValueError``, a damaged file."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        if -(2**53) < value < 2**53:  # type: ignore[operator]
            return int(value) if value.is_integer() else value  # type: ignore[attr-defined]
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise ValueError(f"{value} is not a number Excel stores")
        return value
    if kind is date:
        return datetime(value.year, value.month, value.day)  # type: ignore[attr-defined]
    return value


@dataclass
class _Buku:
    """An open workbook: calamine for the values, the zip for a sheet's XML."""

    path: Path
    calamine: CalamineWorkbook
    zip: zipfile.ZipFile
    bagian: dict[str, str]

    @classmethod
    def buka(cls, path: Path, data: bytes) -> _Buku:
        zf = zipfile.ZipFile(io.BytesIO(data))
        bagian = _bagian_lembar(zf)
        return cls(path, CalamineWorkbook.from_filelike(io.BytesIO(data)), zf, bagian)

    def periksa_utuh(self, kecuali: str | None = None) -> None:
        """Every part of the file but the sheet ``kecuali`` (which calamine checks as it
        reads it) must be whole: zipfile checks each one's CRC. A damaged theme, style or
        other sheet is a damaged file, as it was for openpyxl."""
        for info in self.zip.infolist():
            if not info.is_dir() and info.filename != kecuali:
                self.zip.read(info)

    def close(self) -> None:
        self.zip.close()
        self.calamine.close()

    def lembar(self, nama: str) -> str:
        """The worksheet named ``nama`` (any case, spaces ignored)."""
        kunci = normalise_header(nama)
        for meta in self.calamine.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet and normalise_header(meta.name) == kunci:
                return meta.name
        ada = ", ".join(f'"{t}"' for t in self.calamine.sheet_names) or "(tidak ada)"
        raise _berkas_salah(self.path, f'Lembar "{nama}" tidak ditemukan; lembar yang ada: {ada}.')

    def bagian_lembar(self, nama: str) -> str:
        return self.bagian[nama]

    def xml(self, nama: str) -> IO[bytes]:
        return self.zip.open(self.bagian[nama])


def _judul(
    path: Path, nama: str, header: Sequence[object], columns: Sequence[Kolom]
) -> dict[Kolom, int]:
    """Map each declared column found in the header row to its 0-based index."""
    by_key = {k.kunci: k for k in columns}
    found: dict[Kolom, int] = {}
    errors: list[RowError] = []
    for i, value in enumerate(header):
        kolom = by_key.get(normalise_header(value)) if isinstance(value, str) else None
        if kolom is None:
            continue
        if kolom in found:
            pertama = _huruf_kolom(found[kolom])
            errors.append(
                RowError(
                    None,
                    None,
                    f'Kolom "{kolom.header}" muncul dua kali di baris judul (kolom {pertama} '
                    f"dan {_huruf_kolom(i)}); hapus salah satunya.",
                )
            )
            continue
        found[kolom] = i
    if not any(not _kosong(v) for v in header):
        wajib = ", ".join(k.header for k in columns if k.wajib)
        errors.append(
            RowError(
                None,
                None,
                f'Lembar "{nama}" kosong: baris 1 harus berisi judul kolom (paling sedikit '
                f"{wajib}).",
            )
        )
    else:
        for kolom in columns:
            if kolom.wajib and kolom not in found:
                errors.append(
                    RowError(None, None, f'Kolom wajib "{kolom.header}" tidak ada di baris judul.')
                )
    if errors:
        raise ImportErrors(errors, path)
    return found


def _galat(teks: str | None) -> NilaiSalah:
    return NilaiSalah(f"sel berisi galat Excel {teks}; perbaiki rumus atau isinya.")


def read_sheet(
    path: str | Path,
    sheet_name: str,
    columns: Sequence[Kolom],
    *,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> Sheet:
    """Read ``sheet_name`` of the workbook at ``path`` by its declared ``columns``.

    Headers are matched after trimming and ignoring case and inner spaces; extra columns
    are ignored and the order is free. Fully empty rows are skipped. Formula cells give
    the value Excel last calculated. A workbook whose formulas were never calculated
    (written by a program, not saved by Excel) gives :class:`NilaiSalah` ("rumus tanpa
    nilai") for them; in a calculated workbook a formula without a value is an empty
    result (``=IF(A2="";"";...)``) and reads as empty. An Excel error (``#N/A``) gives
    :class:`NilaiSalah` too. Values are as openpyxl gives them: whole numbers ``int``,
    dates ``datetime``, text ``str``, an empty cell None.
    Raises :class:`ImportErrors` for problems with the file, the sheet or its header row,
    and for a sheet without data rows unless ``allow_empty``. ``check(progress)`` runs
    every 100 rows, so a cancelled read raises ``Cancelled``.
    """
    path = Path(path)
    progress = progress or NullProgress()
    progress.set_total(0, f"Membaca {path.name}…")
    data = _isi_berkas(path)
    with _rusak_bila_gagal(path):
        buku = _Buku.buka(path, data)
    try:
        with gc_ditunda(), _rusak_bila_gagal(path):
            try:
                sheet = _baca(buku, sheet_name, columns, progress)
            except _NilaiDiLuarJangkauan:
                sheet = _baca_openpyxl(path, data, buku.lembar(sheet_name), columns, progress)
    finally:
        buku.close()
    if not sheet.rows and not allow_empty:
        raise _berkas_salah(
            path, f'Lembar "{sheet.nama}" tidak berisi data: tidak ada baris di bawah judul.'
        )
    return sheet


def sheet_names(path: str | Path) -> list[str] | None:
    """The workbook's sheet names in order (chart sheets too), read from its workbook part
    alone whatever the sheets' size; None when the file is no readable xlsx workbook
    (:func:`read_sheet` then says why)."""
    try:
        with zipfile.ZipFile(Path(path)) as zf:
            return list(_bagian_lembar(zf, semua=True))
    except Exception:  # not a zip, not a workbook, a damaged part: read_sheet explains
        return None


@contextmanager
def _rusak_bila_gagal(path: Path) -> Iterator[None]:
    """Failures of the zip, XML or calamine readers mean a damaged file (a panic of the
    Rust reader included); our own errors, a cancel and interrupts pass unchanged."""
    try:
        yield
    except (DesmigError, Cancelled):
        raise
    except Exception as exc:
        log.info("buku kerja %s tidak terbaca", path, exc_info=True)
        raise _rusak(path) from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        log.info("buku kerja %s tidak terbaca", path, exc_info=True)
        raise _rusak(path) from exc


def _baca(buku: _Buku, sheet_name: str, columns: Sequence[Kolom], progress: Progress) -> Sheet:
    try:
        nama = buku.lembar(sheet_name)
    except ImportErrors:
        buku.periksa_utuh()  # a damaged file says so before it says a sheet is missing
        raise
    buku.periksa_utuh(kecuali=buku.bagian_lembar(nama))
    try:
        rows = buku.calamine.get_sheet_by_name(nama).to_python(skip_empty_area=False)
    except (OverflowError, ValueError) as exc:  # a date cell far past the year 9999
        raise _NilaiDiLuarJangkauan from exc
    # The special cells (formulas, errors) calamine cannot tell from empty ones: looked for
    # when the header row has a marker, a declared column has an empty cell, or the XML has
    # rows beyond the last one calamine saw (formulas without a value); else one pass over
    # the XML checks it is well-formed and where it ends.
    with buku.xml(nama) as stream:
        khusus = _khusus(buku, nama) if _penanda_awal(stream) else None
    header: list[object] = [_sel(v) for v in rows[0]] if rows else []
    indeks = _judul(buku.path, nama, _judul_khusus(header, khusus or {}), columns)
    sheet = Sheet(buku.path, nama, tuple(k for k in columns if k in indeks))
    if not indeks:  # no declared column present (none of them required)
        return sheet
    urutan = sorted(indeks.items(), key=lambda ki: ki[1])
    kolom = [k for k, _ in urutan]
    kolom_tuple = tuple(kolom)
    indeks_baris = {k: j for j, k in enumerate(kolom)}
    posisi = [i for _, i in urutan]
    if khusus is None:
        if _ada_kosong(rows, posisi):
            khusus = _khusus(buku, nama)
        else:
            with buku.xml(nama) as stream:
                akhir = _pindai(stream, penanda=False).baris_akhir
            khusus = _khusus(buku, nama) if akhir is None or akhir > len(rows) else {}
    if khusus:  # formulas without a value may lie beyond the cells calamine saw
        tinggi = 1 + max(r for r, _ in khusus)
        rows += [[] for _ in range(tinggi - len(rows))]
    progress.set_total(max(0, len(rows) - 1), f"Membaca {buku.path.name}…")
    lebar = posisi[-1] + 1
    ambil = itemgetter(*posisi) if len(posisi) > 1 else lambda c: (c[posisi[0]],)
    kosong = [""] * lebar
    rumus: dict[tuple[int, Kolom], str] = {}
    nilai: dict[tuple[int, Kolom], object] = {}
    out = sheet.rows
    nomor = 1
    for r in range(1, len(rows)):
        cells = rows[r]
        nomor = r + 1
        if len(cells) < lebar:
            cells = [*cells, *kosong[len(cells) :]]
        values = [v if type(v) is str and v else _sel(v) for v in ambil(cells)]
        isi = False
        if khusus:
            for j, i in enumerate(posisi):
                sel = khusus.get((r, i))
                if sel is None:
                    continue
                if sel.rumus is not None:
                    rumus[(nomor, kolom[j])] = sel.rumus
                    nilai[(nomor, kolom[j])] = _galat(sel.galat) if sel.galat_ada else values[j]
                    values[j] = None  # replaced by the calculated value below
                    isi = True
                elif sel.galat_ada:
                    values[j] = _galat(sel.galat)
        if not isi:
            for v in values:
                if v is not None and (type(v) is not str or v.strip()):
                    isi = True
                    break
        if isi:
            out.append((nomor, BarisMentah(kolom_tuple, indeks_baris, values)))
        if nomor % 100 == 0:
            progress.advance(100)
            check(progress)
    progress.advance((nomor - 1) % 100)
    if rumus:
        _ganti_rumus(sheet, rumus, nilai)
    return sheet


def _judul_khusus(header: list[object], khusus: dict[_Posisi, _Khusus]) -> list[object]:
    """The header row with its special cells: a formula is no column name (as openpyxl
    read it), an error its code."""
    for (r, c), sel in khusus.items():
        if r == 0:
            header += [None] * (c + 1 - len(header))
            header[c] = _JUDUL_RUMUS if sel.rumus is not None else sel.galat
    return header


def _ada_kosong(rows: list[list[Any]], posisi: Sequence[int]) -> bool:
    """Whether a data row has an empty cell in the declared columns (calamine gives "" for
    an empty cell, and also for an error or a formula without a value)."""
    lebar = posisi[-1] + 1
    ambil = itemgetter(*posisi) if len(posisi) > 1 else lambda c: (c[posisi[0]],)
    for r in range(1, len(rows)):
        cells = rows[r]
        if len(cells) < lebar or "" in ambil(cells):
            return True
    return False


def _khusus(buku: _Buku, nama: str) -> dict[_Posisi, _Khusus]:
    """The sheet's formula and error cells: none when no marker is in its XML (one quick
    pass over it, which also refuses a declaration inside the document), else the full
    parse."""
    with buku.xml(nama) as stream:
        if not _pindai(stream).penanda:
            return {}
    with buku.xml(nama) as stream:
        return _sel_khusus(stream)


def _ganti_rumus(
    sheet: Sheet, rumus: dict[tuple[int, Kolom], str], nilai: dict[tuple[int, Kolom], object]
) -> None:
    """Put the calculated values into the rows; drop rows left empty. A formula without a
    value is an error only in a workbook whose formulas were never calculated."""
    dihitung = any(v is not None for v in nilai.values())
    for nomor, values in sheet.rows:
        for kolom in values:
            teks = rumus.get((nomor, kolom))
            if teks is None:
                continue
            value = nilai.get((nomor, kolom))
            if value is None and not dihitung:
                value = NilaiSalah(
                    f'sel berisi rumus tanpa nilai ("{teks}"): buku kerja belum pernah dihitung. '
                    "Buka dan simpan berkas di Excel agar nilainya terhitung, atau ketik nilainya."
                )
            if isinstance(values, BarisMentah):
                values._set(kolom, value)
            else:
                values[kolom] = value  # type: ignore[index]
    sheet.rows = [(n, v) for n, v in sheet.rows if any(not _kosong(x) for x in v.values())]


# --------------------------------------------------------------------------- openpyxl
#
# A sheet with a value calamine cannot turn into a Python value (a number with a date format
# far past the year 9999) is read cell by cell with openpyxl, which makes such a cell an
# Excel error (#VALUE!) that the row's message names. Slow (a tenth of calamine's speed),
# and only for such sheets.


class _NilaiDiLuarJangkauan(Exception):
    """calamine could not convert a cell of the sheet."""


def _baca_openpyxl(
    path: Path, data: bytes, nama: str, columns: Sequence[Kolom], progress: Progress
) -> Sheet:
    import warnings

    from openpyxl import load_workbook

    def nilai(cell: Any) -> object:
        if cell.data_type == "e":
            return _galat(cell.value)
        return cell.value

    with warnings.catch_warnings():
        # openpyxl warns about what it drops or cannot convert: not our concern
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            ws = wb[nama]
            ws.reset_dimensions()  # some writers store a wrong size: read every row there is
            header = [
                _JUDUL_RUMUS if c.data_type == "f" else nilai(c)
                for c in next(ws.iter_rows(min_row=1, max_row=1), ())
            ]
            indeks = _judul(path, nama, header, columns)
            sheet = Sheet(path, nama, tuple(k for k in columns if k in indeks))
            if not indeks:
                return sheet
            urutan = sorted(indeks.items(), key=lambda ki: ki[1])
            rumus: dict[tuple[int, Kolom], str] = {}
            nomor = 1
            for nomor, cells in enumerate(
                ws.iter_rows(min_row=2, max_col=urutan[-1][1] + 1), start=2
            ):
                values: dict[Kolom, object] = {}
                for kolom, i in urutan:
                    cell = cells[i] if i < len(cells) else None
                    if cell is None:
                        values[kolom] = None
                    elif cell.data_type == "f":
                        rumus[(nomor, kolom)] = str(getattr(cell.value, "text", cell.value))
                        values[kolom] = None
                    else:
                        values[kolom] = nilai(cell)
                if any(not _kosong(v) for v in values.values()) or any(
                    (nomor, k) in rumus for k in values
                ):
                    sheet.rows.append((nomor, values))
                if nomor % 100 == 0:
                    progress.advance(100)
                    check(progress)
            progress.advance((nomor - 1) % 100)
        finally:
            wb.close()
        if not rumus:
            return sheet
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb[nama]
            ws.reset_dimensions()
            terakhir = max(n for n, _ in rumus)
            max_col = max(indeks[k] for _, k in rumus) + 1
            dihitung: dict[tuple[int, Kolom], object] = {}
            for nomor, cells in enumerate(ws.iter_rows(min_row=2, max_col=max_col), start=2):
                if nomor > terakhir:
                    break
                for kolom in columns:
                    if (nomor, kolom) in rumus:
                        i = indeks[kolom]
                        dihitung[(nomor, kolom)] = nilai(cells[i]) if i < len(cells) else None
        finally:
            wb.close()
    _ganti_rumus(sheet, rumus, dihitung)
    return sheet
