"""The plans workbook: sheets ``Pagu``, ``Rencana Kegiatan`` and ``Realisasi`` (FORMATS.md).

:func:`parse_rencana_workbook` reads whichever of the three sheets the workbook has (at
least one), by the columns declared in :mod:`desmig_desktop.domain.lembar`
(:data:`KOLOM_PAGU`, :data:`KOLOM_RENCANA`, :data:`KOLOM_REALISASI`), checks every cell and
the rules between rows and sheets, and returns a :class:`RencanaWorkbook`, or raises
:class:`RencanaImportErrors` listing every problem of the file. Nothing here touches the
database: the editable list of funding sources and two lookups (is this village registered,
does this activity code exist) come in as plain values; ``services.impor_rencana`` passes
them and then writes the rows through the plans service, where the rules that need the
database (closed years, the pagu rule, realisation above the plan) are applied.

Error lines name the sheet, then keep the usual row form::

    Lembar "Rencana Kegiatan", Baris 5, kolom "Anggaran (Rp)": Anggaran ... melebihi pagu ...
    Lembar "Pagu", Kolom wajib "Pilar" tidak ada di baris judul.
    Buku kerja tidak berisi lembar "Pagu", "Rencana Kegiatan" atau "Realisasi"; ...

so ``Baris N, kolom "X": ...`` stays recognisable, and the lines are grouped by sheet in the
order Pagu, Rencana Kegiatan, Realisasi, then by row.

Cells: Pilar ``I``-``IV`` or ``1``-``4``; Triwulan ``1``-``4`` or ``I``-``IV``; money a number
or text such as ``Rp 1.250.000`` / ``1.250.000,50``, never negative; Volume a number with at
most two decimals (``2,5`` or ``2.5``), above 0 in a plan and 0 or more in a realisation;
Status ``Rencana``, ``Berjalan``, ``Selesai`` or ``Batal``; Kode Kegiatan ``YYYY-P-NNN``
matching the row's year and pillar. The columns "Nama Desa" (Rencana Kegiatan) and "Nama
Kegiatan" (Realisasi) are written by the export for the reader and ignored here
(:data:`~desmig_desktop.domain.lembar.KOLOM_INFO`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, SheetTypeEnum

from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    format_angka,
    format_rupiah,
    format_tanggal_pendek,
    parse_rupiah,
)
from desmig_desktop.domain.lembar import (
    KOLOM_INFO,
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
    Jenis,
    Kolom,
    normalise_header,
    urai_kode_kegiatan,
)
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.imports.workbook import (
    ImportErrors,
    NilaiSalah,
    RowError,
    Sheet,
    kutip,
    read_cell,
    read_sheet,
)
from desmig_desktop.imports.workbook import ringkas_pesan as _ringkas

__all__ = [
    "LEMBAR_RENCANA",
    "KegiatanRow",
    "LembarRowError",
    "PaguRow",
    "RealisasiRow",
    "RencanaImportErrors",
    "RencanaWorkbook",
    "parse_rencana_workbook",
    "read_cell_rencana",
]

LEMBAR_RENCANA: tuple[tuple[str, tuple[Kolom, ...]], ...] = (
    (SHEET_PAGU, KOLOM_PAGU),
    (SHEET_RENCANA, KOLOM_RENCANA),
    (SHEET_REALISASI, KOLOM_REALISASI),
)
"""The sheets of the plans workbook with their columns, in the order they are applied."""

PANJANG_NAMA_KEGIATAN = 250
PANJANG_SATUAN = 30
PANJANG_PENANGGUNG_JAWAB = 120
"""The longest texts the database keeps (db.models.Kegiatan)."""

PANJANG_KODE = 30
"""The longest activity code the database keeps (db.models.Kegiatan.kode)."""
ANGKA_TERPANJANG = 30
"""A year cell whose text has more digits than this is refused before it is read: Python
refuses to turn text of over 4,300 digits into a number."""

_BATAS_VOLUME = Decimal(10) ** 12
_SEN = Decimal("0.01")

_P = {k.header: k for k in KOLOM_PAGU}
_R = {k.header: k for k in KOLOM_RENCANA}
_Q = {k.header: k for k in KOLOM_REALISASI}


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class LembarRowError(RowError):
    """A :class:`RowError` of a named sheet: ``Lembar "Pagu", Baris 3, kolom "Pilar": ...``."""

    lembar: str = ""

    def __str__(self) -> str:
        line = RowError.__str__(self)
        if not self.lembar:
            return line
        if self.row is None and self.column is None:
            return f'Lembar "{self.lembar}": {line}'
        return f'Lembar "{self.lembar}", {line}'


_URUTAN = {nama: i for i, (nama, _) in enumerate(LEMBAR_RENCANA)}


def _urutan(e: RowError) -> tuple[bool, int, bool, int]:
    lembar = getattr(e, "lembar", "")
    return (bool(lembar), _URUTAN.get(lembar, len(_URUTAN)), e.row is not None, e.row or 0)


class RencanaImportErrors(ImportErrors):
    """An import of the plans workbook refused; lines grouped by sheet, then by row.

    ``melebihi`` counts the errors that only ask for the permission to accept realisation
    above the plan; when they are all there is (:attr:`hanya_melebihi`), the window can ask
    the user and import again with ``confirm_over=True``.
    """

    def __init__(
        self, errors: Sequence[RowError], berkas: str | Path | None = None, *, melebihi: int = 0
    ) -> None:
        super().__init__(errors, berkas)
        self.melebihi = melebihi
        self.errors = sorted(errors, key=_urutan)
        kepala = self.message.split("\n", 1)[0]
        self.message = "\n".join([kepala, *self.lines()])
        self.args = (self.message,)

    @property
    def hanya_melebihi(self) -> bool:
        """Every refusal is realisation above the plan: ``confirm_over=True`` would pass."""
        return 0 < self.melebihi == len(self.errors)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class PaguRow:
    """A checked row of the Pagu sheet; ``sumber_dana`` as the list spells it."""

    baris: int
    tahun: int
    pilar: Pilar
    sumber_dana: str
    jumlah: Decimal


@dataclass(frozen=True)
class KegiatanRow:
    """A checked row of the Rencana Kegiatan sheet.

    ``kode`` None: no code given (the service matches or generates one). ``kode_wilayah``
    None: district-wide. ``ada_kode_wilayah`` False when the sheet has no Kode Wilayah column
    at all (an update then keeps the stored village). ``penanggung_jawab`` None: empty cell
    (an update keeps the stored name).
    """

    baris: int
    kode: str | None
    tahun: int
    pilar: Pilar
    kode_wilayah: str | None
    nama: str
    volume: Decimal
    satuan: str
    triwulan: Triwulan
    anggaran: Decimal
    sumber_dana: str
    penanggung_jawab: str | None = None
    ada_kode_wilayah: bool = True


@dataclass(frozen=True)
class RealisasiRow:
    """A checked row of the Realisasi sheet (an empty Volume Realisasi is 0)."""

    baris: int
    kode: str
    triwulan: Triwulan
    jumlah: Decimal
    volume: Decimal
    status: StatusKegiatan
    keterangan: str = ""


@dataclass(frozen=True)
class RencanaWorkbook:
    """What the workbook holds, checked; ``lembar`` names the sheets found."""

    berkas: Path
    lembar: tuple[str, ...]
    pagu: tuple[PaguRow, ...] = ()
    kegiatan: tuple[KegiatanRow, ...] = ()
    realisasi: tuple[RealisasiRow, ...] = ()

    @property
    def jumlah_baris(self) -> int:
        return len(self.pagu) + len(self.kegiatan) + len(self.realisasi)


# --------------------------------------------------------------------------- cells


def _tampil(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _kutip(value: object) -> str:
    """A refused cell as a message quotes it: dates the Indonesian way, long text cut."""
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    if isinstance(value, datetime):
        teks = f"{format_tanggal_pendek(value.date())} {value:%H:%M}"
    elif isinstance(value, date):
        teks = format_tanggal_pendek(value)
    elif isinstance(value, time):
        teks = f"{value:%H:%M}"
    else:
        teks = _tampil(value)
    return kutip(teks)


def _volume(value: object, field: str, *, nol: bool) -> Decimal:
    contoh = "tulis angka, mis. 30 atau 2,5"
    salah = ValidationError(f'{field} "{_kutip(value)}" bukan angka; {contoh}.', field)
    angka: Decimal
    if isinstance(value, bool):  # dates and times fall to the last branch
        raise salah
    if isinstance(value, float):
        if not math.isfinite(value):
            raise salah
        angka = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        angka = Decimal(value)
        if not angka.is_finite():
            raise salah
    elif isinstance(value, str):
        teks = value.strip()
        if "rp" in teks.casefold():
            raise salah
        try:
            angka = parse_rupiah(teks, field)  # Indonesian: dot thousands, comma decimals
        except ValidationError:
            raise ValidationError(
                f'{field} "{_kutip(teks)}" bukan angka yang sah; {contoh} (titik untuk ribuan, '
                "koma untuk desimal, paling banyak 2 angka di belakang koma).",
                field,
            ) from None
    else:
        raise salah
    if abs(angka) >= _BATAS_VOLUME:
        raise ValidationError(f'{field} "{_kutip(value)}" terlalu besar.', field)
    if angka != angka.quantize(_SEN):
        raise ValidationError(
            f'{field} "{_kutip(value)}" tidak sah: paling banyak 2 angka di belakang koma.', field
        )
    tampil = format_angka(angka, 0 if angka == angka.to_integral_value() else 2)
    if nol and angka < 0:
        raise ValidationError(f"{field} tidak boleh negatif (diisi {tampil}).", field)
    if not nol and angka <= 0:
        raise ValidationError(f"{field} harus lebih dari 0 (diisi {tampil}).", field)
    return angka


def _jumlah_angka(value: object) -> int:
    """How many digits a cell holds: those of its text, or of a number's whole part."""
    if isinstance(value, str):
        return sum(ch.isdigit() for ch in value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return len(str(int(abs(value))))
        except (OverflowError, ValueError, InvalidOperation):  # inf, nan
            return 0
    return 0


def read_cell_rencana(kolom: Kolom, value: object, *, this_year: int | None = None) -> Any:
    """The typed value of a cell of the plans sheets; None for an empty cell.

    The kinds of the plans sheets: PILAR gives :class:`Pilar`, TRIWULAN :class:`Triwulan`,
    STATUS_KEGIATAN :class:`StatusKegiatan`, SUMBER_DANA the name with spaces tidied
    (checked against the list later), KODE_KEGIATAN the code in capitals, VOLUME and
    VOLUME_NOL ``Decimal`` (> 0 and >= 0), RUPIAH a ``Decimal`` that is never negative.
    Other kinds go to :func:`~desmig_desktop.imports.workbook.read_cell`. Raises
    ``ValidationError`` whose message names the column and the rule.
    """
    field = kolom.header
    if isinstance(value, NilaiSalah):
        raise ValidationError(value.message, field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    match kolom.jenis:
        case Jenis.PILAR:
            try:
                return Pilar.parse(value, field)
            except ValidationError:
                raise ValidationError(
                    f'{field} "{_kutip(value)}" tidak dikenal; tulis I, II, III atau IV '
                    "(boleh juga 1-4).",
                    field,
                ) from None
        case Jenis.TRIWULAN:
            try:
                return Triwulan.parse(value, field)
            except ValidationError:
                raise ValidationError(
                    f'{field} "{_kutip(value)}" tidak dikenal; tulis 1, 2, 3, 4 atau I, II, '
                    "III, IV.",
                    field,
                ) from None
        case Jenis.STATUS_KEGIATAN:
            try:
                return StatusKegiatan.parse(_tampil(value), field)
            except ValidationError:
                pilihan = ", ".join(s.label for s in StatusKegiatan)
                raise ValidationError(
                    f'{field} "{_kutip(value)}" tidak dikenal; pilihan: {pilihan}.', field
                ) from None
        case Jenis.SUMBER_DANA:
            return _tampil(value)
        case Jenis.KODE_KEGIATAN:
            kode = _tampil(value).upper()
            if len(kode) > PANJANG_KODE or not kode.isascii() or urai_kode_kegiatan(kode) is None:
                raise ValidationError(
                    f'{field} "{_kutip(value)}" tidak sah: bentuknya TTTT-P-NNN, mis. '
                    "2024-II-003 (tahun anggaran, pilar I-IV, nomor urut tiga angka).",
                    field,
                )
            return kode
        case Jenis.VOLUME:
            return _volume(value, field, nol=False)
        case Jenis.VOLUME_NOL:
            return _volume(value, field, nol=True)
        case Jenis.TAHUN if _jumlah_angka(value) > ANGKA_TERPANJANG:
            raise ValidationError(
                f"{field} berisi {_jumlah_angka(value)} angka: bukan tahun; tulis tahun "
                "anggaran, mis. 2024.",
                field,
            )
        case Jenis.RUPIAH:
            jumlah: Decimal = read_cell(kolom, value, this_year=this_year)
            if jumlah < 0:
                raise ValidationError(
                    f"{field} tidak boleh negatif (diisi {format_rupiah(jumlah)}).", field
                )
            return jumlah
    return read_cell(kolom, value, this_year=this_year)


# --------------------------------------------------------------------------- the file


_EKSTENSI_XLSX = (".xlsx", ".xlsm", ".xltx", ".xltm")


def _nama_lembar(path: Path) -> list[str] | None:
    """The names of the workbook's worksheets (chart sheets hold no rows), or None when the
    file is no xlsx workbook that opens: read_sheet then says why, in the words of the
    shared reader. Listed with python-calamine, as the shared reader finds its sheets."""
    try:
        with path.open("rb") as f:
            if path.suffix.lower() not in _EKSTENSI_XLSX or f.read(4) != b"PK\x03\x04":
                return None
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:
        return None
    except BaseException as exc:  # a panic of the Rust reader: a damaged file
        if type(exc).__name__ != "PanicException":
            raise
        return None
    try:
        return [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    finally:
        wb.close()


def _di_lembar(e: RowError, lembar: str) -> LembarRowError:
    return LembarRowError(e.row, e.column, e.message, lembar)


_Converted = list[tuple[int, dict[Kolom, Any], set[str]]]


class _Pemeriksa:
    """Converts the rows of the three sheets and checks the rules between them."""

    def __init__(
        self,
        sumber_dana: Sequence[str],
        desa_terdaftar: Callable[[str], bool],
        kegiatan_terdaftar: Callable[[str], bool],
        progress: Progress,
        this_year: int | None,
    ) -> None:
        self.sumber = {normalise_header(n): n for n in sumber_dana}
        if "lainnya" in self.sumber:
            self.sumber.setdefault("csr/lainnya", self.sumber["lainnya"])
        self.pilihan_sumber = ", ".join(sumber_dana)
        self.desa_terdaftar = desa_terdaftar
        self.kegiatan_terdaftar = kegiatan_terdaftar
        self.progress = progress
        self.this_year = this_year
        self.errors: list[RowError] = []
        self._desa: dict[str, bool] = {}

    def salah(self, lembar: str, baris: int, kolom: Kolom | None, message: str) -> None:
        self.errors.append(LembarRowError(baris, kolom.header if kolom else None, message, lembar))

    def convert(self, lembar: str, sheet: Sheet) -> _Converted:
        out: _Converted = []
        for nomor, raw in sheet:
            check(self.progress)
            values: dict[Kolom, Any] = {}
            bad: set[str] = set()
            for kolom, value in raw.items():
                if (lembar, kolom.header) in KOLOM_INFO:
                    continue
                try:
                    typed = read_cell_rencana(kolom, value, this_year=self.this_year)
                except ValidationError as exc:
                    self.salah(lembar, nomor, kolom, _ringkas(exc.message))
                    bad.add(kolom.header)
                    continue
                if typed is None:
                    if kolom.wajib:
                        self.salah(lembar, nomor, kolom, f"{kolom.header} wajib diisi.")
                        bad.add(kolom.header)
                    continue
                values[kolom] = typed
            out.append((nomor, values, bad))
            self.progress.advance()
        return out

    def sumber_dana(self, lembar: str, nomor: int, kolom: Kolom, nama: str | None) -> str | None:
        if nama is None:
            return None
        found = self.sumber.get(normalise_header(nama))
        if found is None:
            self.salah(
                lembar,
                nomor,
                kolom,
                f'Sumber Dana "{_kutip(nama)}" tidak ada dalam daftar sumber dana; pilihan: '
                f"{self.pilihan_sumber}. Tambahkan sumber dana itu ke daftar lebih dulu bila "
                "memang perlu.",
            )
        return found

    def panjang(self, nomor: int, kolom: Kolom, teks: str | None, batas: int) -> bool:
        if teks is not None and len(teks) > batas:
            self.salah(
                SHEET_RENCANA,
                nomor,
                kolom,
                f"{kolom.header} terlalu panjang ({len(teks)} huruf; paling banyak {batas}).",
            )
            return False
        return True

    # ---- the sheets

    def pagu(self, rows: _Converted) -> list[PaguRow]:
        out: list[PaguRow] = []
        seen: dict[tuple[int, Pilar, str], int] = {}
        k_tahun, k_pilar = _P["Tahun Anggaran"], _P["Pilar"]
        k_sumber, k_jumlah = _P["Sumber Dana"], _P["Pagu (Rp)"]
        for nomor, v, bad in rows:
            sumber = self.sumber_dana(SHEET_PAGU, nomor, k_sumber, v.get(k_sumber))
            tahun, pilar, jumlah = v.get(k_tahun), v.get(k_pilar), v.get(k_jumlah)
            if tahun is None or pilar is None or sumber is None or jumlah is None or bad:
                continue
            key = (tahun, pilar, sumber)
            if key in seen:
                self.salah(
                    SHEET_PAGU,
                    nomor,
                    k_sumber,
                    f"Pagu tahun {tahun} {pilar.judul} sumber {sumber} sudah diisi di baris "
                    f"{seen[key]}; satu pagu hanya satu baris.",
                )
                continue
            seen[key] = nomor
            out.append(PaguRow(nomor, tahun, pilar, sumber, jumlah))
        return out

    def _desa_ada(self, kode: str) -> bool:
        if kode not in self._desa:
            self._desa[kode] = bool(self.desa_terdaftar(kode))
        return self._desa[kode]

    def kegiatan(self, rows: _Converted, ada_wilayah: bool) -> tuple[list[KegiatanRow], set[str]]:
        """The plan rows, and every well-formed code of the sheet (for the Realisasi sheet)."""
        out: list[KegiatanRow] = []
        codes: dict[str, int] = {}
        k = _R
        for nomor, v, bad in rows:
            kode: str | None = v.get(k["Kode Kegiatan"])
            tahun: int | None = v.get(k["Tahun Anggaran"])
            pilar: Pilar | None = v.get(k["Pilar"])
            wilayah: str | None = v.get(k["Kode Wilayah"])
            ok = not bad
            if kode is not None:
                if kode in codes:
                    self.salah(
                        SHEET_RENCANA,
                        nomor,
                        k["Kode Kegiatan"],
                        f"Kode Kegiatan {kode} muncul dua kali: baris {codes[kode]} dan baris "
                        f"{nomor}; satu kegiatan hanya satu baris.",
                    )
                    ok = False
                else:
                    codes[kode] = nomor
                urai = urai_kode_kegiatan(kode)
                if (
                    urai is not None
                    and tahun is not None
                    and pilar is not None
                    and (urai[0] != tahun or urai[1] != pilar.value)
                ):
                    self.salah(
                        SHEET_RENCANA,
                        nomor,
                        k["Kode Kegiatan"],
                        f"Kode Kegiatan {kode} tidak cocok dengan Tahun Anggaran {tahun} dan "
                        f"Pilar {pilar.value}: kode kegiatan baris ini harus berbentuk "
                        f"{tahun}-{pilar.value}-NNN (atau kosongkan agar dibuat otomatis).",
                    )
                    ok = False
            if wilayah is not None and not self._desa_ada(wilayah):
                self.salah(
                    SHEET_RENCANA,
                    nomor,
                    k["Kode Wilayah"],
                    f"Desa {wilayah} belum terdaftar sebagai desa Desmigratif; daftarkan desanya "
                    "di halaman Desa lebih dulu, atau kosongkan Kode Wilayah untuk kegiatan "
                    "tingkat kabupaten.",
                )
                ok = False
            sumber = self.sumber_dana(
                SHEET_RENCANA, nomor, k["Sumber Dana"], v.get(k["Sumber Dana"])
            )
            nama: str | None = v.get(k["Nama Kegiatan"])
            satuan: str | None = v.get(k["Satuan"])
            pj: str | None = v.get(k["Penanggung Jawab"])
            nama = " ".join(nama.split()) if nama else nama
            satuan = " ".join(satuan.split()) if satuan else satuan
            pj = " ".join(pj.split()) if pj else None
            ok &= self.panjang(nomor, k["Nama Kegiatan"], nama, PANJANG_NAMA_KEGIATAN)
            ok &= self.panjang(nomor, k["Satuan"], satuan, PANJANG_SATUAN)
            ok &= self.panjang(nomor, k["Penanggung Jawab"], pj, PANJANG_PENANGGUNG_JAWAB)
            volume: Decimal | None = v.get(k["Volume"])
            triwulan: Triwulan | None = v.get(k["Triwulan"])
            anggaran: Decimal | None = v.get(k["Anggaran (Rp)"])
            if (
                not ok
                or tahun is None
                or pilar is None
                or not nama
                or volume is None
                or not satuan
                or triwulan is None
                or anggaran is None
                or sumber is None
            ):
                continue
            out.append(
                KegiatanRow(
                    baris=nomor,
                    kode=kode,
                    tahun=tahun,
                    pilar=pilar,
                    kode_wilayah=wilayah,
                    nama=nama,
                    volume=volume,
                    satuan=satuan,
                    triwulan=triwulan,
                    anggaran=anggaran,
                    sumber_dana=sumber,
                    penanggung_jawab=pj,
                    ada_kode_wilayah=ada_wilayah,
                )
            )
        return out, set(codes)

    def realisasi(self, rows: _Converted, kode_lembar: set[str]) -> list[RealisasiRow]:
        out: list[RealisasiRow] = []
        seen: dict[tuple[str, Triwulan], int] = {}
        known: dict[str, bool] = {}
        k = _Q
        for nomor, v, bad in rows:
            kode: str | None = v.get(k["Kode Kegiatan"])
            triwulan: Triwulan | None = v.get(k["Triwulan"])
            ok = not bad
            if kode is not None:
                if kode not in known:
                    known[kode] = kode in kode_lembar or bool(self.kegiatan_terdaftar(kode))
                if not known[kode]:
                    self.salah(
                        SHEET_REALISASI,
                        nomor,
                        k["Kode Kegiatan"],
                        f"Kode Kegiatan {kode} tidak dikenal: tidak ada di lembar Rencana "
                        "Kegiatan maupun di basis data.",
                    )
                    ok = False
                elif triwulan is not None:
                    key = (kode, triwulan)
                    if key in seen:
                        self.salah(
                            SHEET_REALISASI,
                            nomor,
                            k["Triwulan"],
                            f"Realisasi {kode} {triwulan.label} sudah diisi di baris "
                            f"{seen[key]}; satu kegiatan hanya satu baris per triwulan.",
                        )
                        ok = False
                    else:
                        seen[key] = nomor
            jumlah = v.get(k["Realisasi (Rp)"])
            status = v.get(k["Status"])
            if not ok or kode is None or triwulan is None or jumlah is None or status is None:
                continue
            out.append(
                RealisasiRow(
                    baris=nomor,
                    kode=kode,
                    triwulan=triwulan,
                    jumlah=jumlah,
                    volume=v.get(k["Volume Realisasi"], Decimal(0)),
                    status=status,
                    keterangan=v.get(k["Keterangan"]) or "",
                )
            )
        return out


def parse_rencana_workbook(
    path: str | Path,
    *,
    sumber_dana: Sequence[str],
    desa_terdaftar: Callable[[str], bool],
    kegiatan_terdaftar: Callable[[str], bool],
    progress: Progress | None = None,
    this_year: int | None = None,
) -> RencanaWorkbook:
    """Read and check the Pagu, Rencana Kegiatan and Realisasi sheets of ``path``.

    Each sheet is optional, at least one must be there; headers are matched ignoring case
    and spaces, extra columns are ignored. ``sumber_dana`` is the list of funding sources
    (names as stored); ``desa_terdaftar(kode)`` says whether a village is a registered
    Desmigratif village; ``kegiatan_terdaftar(kode)`` whether an activity code is already
    in the database (a Realisasi row may refer to one, or to a row of the Rencana Kegiatan
    sheet). Raises :class:`RencanaImportErrors` with every problem found (file, header and
    row level); reads only. ``this_year`` is for tests.
    """
    path = Path(path)
    progress = progress or NullProgress()
    ada = _nama_lembar(path)
    kunci = {normalise_header(n) for n in ada} if ada is not None else None
    sheets: dict[str, Sheet] = {}
    errors: list[RowError] = []
    for nama, kolom in LEMBAR_RENCANA:
        if kunci is not None and normalise_header(nama) not in kunci:
            continue
        try:
            sheets[nama] = read_sheet(path, nama, kolom, progress=progress, allow_empty=True)
        except ImportErrors as exc:
            if kunci is None:
                raise  # the file itself cannot be read: the shared reader says why
            for e in exc.errors:
                if e.row is None and e.column is None and path.name in e.message:
                    # about the file, not the sheet (damaged, unreadable): said once
                    if all(x.message != e.message for x in errors):
                        errors.append(e)
                else:
                    errors.append(_di_lembar(e, nama))
    if errors:
        raise RencanaImportErrors(errors, path)
    if not sheets:
        daftar = ", ".join(f'"{n}"' for n in ada or ()) or "(tidak ada)"
        raise RencanaImportErrors(
            [
                RowError(
                    None,
                    None,
                    f'Buku kerja tidak berisi lembar "{SHEET_PAGU}", "{SHEET_RENCANA}" atau '
                    f'"{SHEET_REALISASI}"; lembar yang ada: {daftar}.',
                )
            ],
            path,
        )
    if not any(len(s) for s in sheets.values()):
        names = ", ".join(f'"{s.nama}"' for s in sheets.values())
        raise RencanaImportErrors(
            [RowError(None, None, f"Lembar {names} tidak berisi data di bawah baris judul.")],
            path,
        )

    total = sum(len(s) for s in sheets.values())
    progress.set_total(total, "Memeriksa pagu dan rencana kegiatan…")
    p = _Pemeriksa(sumber_dana, desa_terdaftar, kegiatan_terdaftar, progress, this_year)
    pagu: list[PaguRow] = []
    kegiatan: list[KegiatanRow] = []
    realisasi: list[RealisasiRow] = []
    kode_lembar: set[str] = set()
    if SHEET_PAGU in sheets:
        pagu = p.pagu(p.convert(SHEET_PAGU, sheets[SHEET_PAGU]))
    if SHEET_RENCANA in sheets:
        sheet = sheets[SHEET_RENCANA]
        kegiatan, kode_lembar = p.kegiatan(
            p.convert(SHEET_RENCANA, sheet), _R["Kode Wilayah"] in sheet.kolom
        )
    if SHEET_REALISASI in sheets:
        realisasi = p.realisasi(p.convert(SHEET_REALISASI, sheets[SHEET_REALISASI]), kode_lembar)
    if p.errors:
        raise RencanaImportErrors(p.errors, path)
    return RencanaWorkbook(
        berkas=path,
        lembar=tuple(sheets[n].nama for n, _ in LEMBAR_RENCANA if n in sheets),
        pagu=tuple(pagu),
        kegiatan=tuple(kegiatan),
        realisasi=tuple(realisasi),
    )
