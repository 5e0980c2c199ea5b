"""Reading the exchange workbooks (FORMATS.md), for every import sheet alike.

:func:`read_sheet` opens an ``.xlsx`` file, finds a sheet by name (any case), matches the
header row (row 1) against the sheet's declared columns (:mod:`domain.lembar`) and returns
the non-empty data rows with their spreadsheet row numbers and raw cell values.
:func:`convert_row` turns the raw values into typed ones (:func:`read_cell`, by
:class:`~desmig_desktop.domain.lembar.Jenis`) and collects one :class:`RowError` per bad
cell, so that an importer can report every problem of a file at once in the form
``Baris N, kolom "Header": ...`` (:class:`ImportErrors`).

Files only: no database here (DESIGN.md). Problems with the file itself (not an xlsx
workbook, a password, a missing sheet or column) raise :class:`ImportErrors` with
file-level lines and a message naming the file; never a traceback.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

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
from desmig_desktop.domain.progress import Cancelled, NullProgress, Progress, check
from desmig_desktop.domain.wilayah import DESA, validate_kode

__all__ = [
    "BATAS_LAPORAN",
    "TAHUN_AWAL",
    "ImportErrors",
    "NilaiSalah",
    "RowError",
    "Sheet",
    "convert_row",
    "read_cell",
    "read_sheet",
    "read_tahun",
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

RawRow = tuple[int, dict[Kolom, object]]


@dataclass
class Sheet:
    """A sheet as read: its name, the declared columns found and the non-empty data rows.

    Iterating yields ``(row_number, {Kolom: raw value})``; every declared column present in
    the header appears in each row's dict (None for an empty cell).
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


def _buka(path: Path, data: bytes, *, data_only: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # zipfile, XML or openpyxl errors: the file is not usable
        log.info("buku kerja %s tidak terbaca", path, exc_info=True)
        raise _rusak(path) from exc


def _rusak(path: Path) -> ImportErrors:
    return _berkas_salah(
        path,
        f'Berkas "{path.name}" tidak dapat dibaca sebagai buku kerja Excel (.xlsx): berkas '
        "rusak atau bukan format xlsx. Buka di Excel lalu simpan ulang sebagai .xlsx.",
    )


def _cari_lembar(wb: Any, path: Path, nama: str) -> Any:
    kunci = normalise_header(nama)
    for ws in wb.worksheets:
        if normalise_header(ws.title) == kunci:
            return ws
    ada = ", ".join(f'"{t}"' for t in wb.sheetnames) or "(tidak ada)"
    raise _berkas_salah(path, f'Lembar "{nama}" tidak ditemukan; lembar yang ada: {ada}.')


def _judul(
    path: Path, nama: str, header: Sequence[Any], columns: Sequence[Kolom]
) -> dict[Kolom, int]:
    """Map each declared column found in the header row to its 0-based index."""
    by_key = {k.kunci: k for k in columns}
    found: dict[Kolom, int] = {}
    errors: list[RowError] = []
    for i, cell in enumerate(header):
        value = cell.value if cell.data_type != "f" else None
        kolom = by_key.get(normalise_header(value)) if isinstance(value, str) else None
        if kolom is None:
            continue
        if kolom in found:
            pertama = get_column_letter(found[kolom] + 1)
            errors.append(
                RowError(
                    None,
                    None,
                    f'Kolom "{kolom.header}" muncul dua kali di baris judul (kolom {pertama} '
                    f"dan {get_column_letter(i + 1)}); hapus salah satunya.",
                )
            )
            continue
        found[kolom] = i
    if not any(not _kosong(c.value) for c in header):
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


def _nilai(cell: Any) -> object:
    """A cell's raw value; Excel errors (#N/A, #DIV/0!) become :class:`NilaiSalah`."""
    if cell.data_type == "e":
        return NilaiSalah(f"sel berisi galat Excel {cell.value}; perbaiki rumus atau isinya.")
    return cell.value


_Rumus = dict[tuple[int, Kolom], str]
"""Formula cells found on the first pass: (row number, column) -> formula text."""


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
    result (``=IF(A2="";"";...)``) and reads as empty.
    Raises :class:`ImportErrors` for problems with the file, the sheet or its header row,
    and for a sheet without data rows unless ``allow_empty``. ``check(progress)`` runs
    every 100 rows, so a cancelled read raises ``Cancelled``.
    """
    path = Path(path)
    progress = progress or NullProgress()
    progress.set_total(0, f"Membaca {path.name}…")
    data = _isi_berkas(path)
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, styles): not our concern
        warnings.simplefilter("ignore")
        sheet, rumus, indeks = _dengan_buku(
            path, data, False, lambda wb: _baca(wb, path, sheet_name, columns, progress)
        )
        if rumus:
            nilai = _dengan_buku(
                path, data, True, lambda wb: _nilai_rumus(wb, path, sheet.nama, rumus, indeks)
            )
            _ganti_rumus(sheet, rumus, nilai)
    if not sheet.rows and not allow_empty:
        raise _berkas_salah(
            path, f'Lembar "{sheet.nama}" tidak berisi data: tidak ada baris di bawah judul.'
        )
    return sheet


def _dengan_buku(path: Path, data: bytes, data_only: bool, work: Callable[[Any], _T]) -> _T:
    """Run ``work`` on the opened workbook; openpyxl failures mean a damaged file."""
    wb = _buka(path, data, data_only=data_only)
    try:
        return work(wb)
    except (DesmigError, Cancelled):
        raise
    except Exception as exc:  # XML or zip errors while reading the rows lazily
        log.info("buku kerja %s tidak terbaca", path, exc_info=True)
        raise _rusak(path) from exc
    finally:
        wb.close()


def _baca(
    wb: Any, path: Path, sheet_name: str, columns: Sequence[Kolom], progress: Progress
) -> tuple[Sheet, _Rumus, dict[Kolom, int]]:
    """Read the header and the rows; formula cells are noted apart."""
    ws = _cari_lembar(wb, path, sheet_name)
    perkiraan = max(0, (ws.max_row or 1) - 1)
    ws.reset_dimensions()  # some writers store a wrong size: read every row there is
    header = next(ws.iter_rows(min_row=1, max_row=1), ())
    indeks = _judul(path, ws.title, header, columns)
    sheet = Sheet(path, ws.title, tuple(k for k in columns if k in indeks))
    rumus: _Rumus = {}
    if not indeks:  # no declared column present (none of them required)
        return sheet, rumus, indeks
    urutan = sorted(indeks.items(), key=lambda ki: ki[1])
    progress.set_total(perkiraan, f"Membaca {path.name}…")
    nomor = 1
    for nomor, cells in enumerate(ws.iter_rows(min_row=2, max_col=urutan[-1][1] + 1), start=2):
        values: dict[Kolom, object] = {}
        for kolom, i in urutan:
            cell = cells[i] if i < len(cells) else None
            if cell is None:
                values[kolom] = None
            elif cell.data_type == "f":
                rumus[(nomor, kolom)] = str(getattr(cell.value, "text", cell.value))
                values[kolom] = None  # replaced by the calculated value
            else:
                values[kolom] = _nilai(cell)
        if any(not _kosong(v) for v in values.values()) or any((nomor, k) in rumus for k in values):
            sheet.rows.append((nomor, values))
        if nomor % 100 == 0:
            progress.advance(100)
            check(progress)
    progress.advance((nomor - 1) % 100)
    return sheet, rumus, indeks


def _nilai_rumus(
    wb: Any, path: Path, nama: str, rumus: _Rumus, indeks: dict[Kolom, int]
) -> dict[tuple[int, Kolom], object]:
    """The values Excel calculated for the formula cells (the data-only pass)."""
    ws = _cari_lembar(wb, path, nama)
    ws.reset_dimensions()
    per_baris: dict[int, list[Kolom]] = {}
    for nomor, kolom in rumus:
        per_baris.setdefault(nomor, []).append(kolom)
    terakhir = max(per_baris)
    max_col = max(indeks[k] for _, k in rumus) + 1
    nilai: dict[tuple[int, Kolom], object] = {}
    for nomor, cells in enumerate(ws.iter_rows(min_row=2, max_col=max_col), start=2):
        if nomor > terakhir:
            break
        for kolom in per_baris.get(nomor, ()):
            i = indeks[kolom]
            nilai[(nomor, kolom)] = _nilai(cells[i]) if i < len(cells) else None
    return nilai


def _ganti_rumus(sheet: Sheet, rumus: _Rumus, nilai: dict[tuple[int, Kolom], object]) -> None:
    """Put the calculated values into the rows; drop rows left empty."""
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
            values[kolom] = value
    sheet.rows = [(n, v) for n, v in sheet.rows if any(not _kosong(x) for x in v.values())]
