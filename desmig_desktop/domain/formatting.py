"""Indonesian formatting and parsing of numbers, money, percentages and dates.

One place for the conventions of official documents (DOMAIN.md): ``Rp 1.250.000`` (dot for
thousands, comma for decimals), ``20 Mei 2024``, ``Tulungagung, 20 Mei 2024`` and amounts
in words (*terbilang*). The same functions serve the windows, the Excel and PDF exports and
the importers. Money is always :class:`decimal.Decimal`, never ``float``.

Standard library only; imports nothing of ours except :mod:`desmig_desktop.domain.errors`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from desmig_desktop.domain.errors import ValidationError

__all__ = [
    "NAMA_BULAN",
    "NAMA_HARI",
    "format_angka",
    "format_persen",
    "format_rupiah",
    "format_rupiah_ringkas",
    "format_tanggal",
    "format_tanggal_hari",
    "format_tanggal_pendek",
    "format_tempat_tanggal",
    "parse_bilangan_bulat",
    "parse_rupiah",
    "parse_tanggal",
    "persen",
    "terbilang",
    "terbilang_rupiah",
]

NAMA_BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""Month names; ``NAMA_BULAN[d.month - 1]``."""

NAMA_HARI: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
"""Day names; ``NAMA_HARI[d.weekday()]`` (Monday is 0)."""

_BATAS_TERBILANG = 10**15
"""Exclusive upper bound of :func:`terbilang` and of parsed rupiah amounts (999 triliun)."""

_SATU = Decimal(1)

_Angka = int | float | Decimal


# --------------------------------------------------------------------------- numbers


def _ke_decimal(value: _Angka) -> Decimal:
    """Convert a trusted number to Decimal (a float through ``repr``, not its binary value)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"expected int, float or Decimal, got {type(value).__name__}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot format non-finite number {value!r}")
        return Decimal(repr(value))
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"cannot format non-finite number {value!r}")
    return result


def _bulatkan(value: Decimal, decimals: int) -> Decimal:
    """Round half up to ``decimals`` places, with enough precision for any size."""
    prec = max(28, value.adjusted() + decimals + 3)
    with localcontext(Context(prec=prec)):
        result = value.quantize(_SATU.scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result if result != 0 else abs(result)


def _kelompokkan(digits: str) -> str:
    """Insert a dot every three digits from the right: ``1250000`` -> ``1.250.000``."""
    kepala = len(digits) % 3 or 3
    bagian = [digits[:kepala]] + [digits[i : i + 3] for i in range(kepala, len(digits), 3)]
    return ".".join(bagian)


def _angka_tanpa_tanda(value: Decimal, decimals: int) -> tuple[bool, str]:
    """Return (negative, "1.250.000,50") for a value rounded to ``decimals`` places."""
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    rounded = _bulatkan(value, decimals)
    teks = format(abs(rounded), "f")
    bulat, _, pecahan = teks.partition(".")
    hasil = _kelompokkan(bulat)
    if decimals:
        hasil += "," + pecahan
    return rounded < 0, hasil


def format_angka(value: _Angka, decimals: int = 0) -> str:
    """Format a number the Indonesian way: ``1.250.000``; ``1.250.000,50``; ``-1.250.000``."""
    negatif, teks = _angka_tanpa_tanda(_ke_decimal(value), decimals)
    return "-" + teks if negatif else teks


def format_rupiah(amount: _Angka, *, decimals: bool = False, space: bool = True) -> str:
    """Format money: ``Rp 1.250.000``; ``Rp 1.250.000,00``; ``Rp1.250.000``; ``-Rp 25.000``.

    Without ``decimals`` the amount is rounded half up to whole rupiah.
    """
    negatif, teks = _angka_tanpa_tanda(_ke_decimal(amount), 2 if decimals else 0)
    hasil = ("Rp " if space else "Rp") + teks
    return "-" + hasil if negatif else hasil


def format_persen(value: _Angka | None, decimals: int = 2) -> str:
    """Format a value that is already a percentage: 28.925 -> ``28,93%``; None -> ``-``."""
    if value is None:
        return "-"
    return format_angka(value, decimals) + "%"


def persen(part: _Angka | None, whole: _Angka | None) -> Decimal | None:
    """Return ``part / whole * 100`` as Decimal; None when ``whole`` is 0 or either is None."""
    if part is None or whole is None:
        return None
    penyebut = _ke_decimal(whole)
    if penyebut == 0:
        return None
    return _ke_decimal(part) * 100 / penyebut


# --------------------------------------------------------------------------- dates


def format_tanggal(d: date) -> str:
    """``20 Mei 2024``."""
    return f"{d.day} {NAMA_BULAN[d.month - 1]} {d.year}"


def format_tanggal_hari(d: date) -> str:
    """``Sabtu, 11 Mei 2024``."""
    return f"{NAMA_HARI[d.weekday()]}, {format_tanggal(d)}"


def format_tanggal_pendek(d: date) -> str:
    """``20/05/2024``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_tempat_tanggal(kota: str, d: date) -> str:
    """Place and date line of a letter: ``Tulungagung, 20 Mei 2024``.

    An empty place is refused (``ValidationError``, field ``Kota``) rather than printing a
    line that starts with a comma.
    """
    nama = " ".join((kota or "").split())
    if not nama:
        raise ValidationError(
            "Kota untuk baris tempat dan tanggal surat belum diisi.", field="Kota"
        )
    return f"{nama}, {format_tanggal(d)}"


# --------------------------------------------------------------------------- terbilang

_SATUAN = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SKALA = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _ratusan(n: int) -> list[str]:
    """Words for 0 <= n < 1000 (empty list for 0)."""
    kata: list[str] = []
    ratus, sisa = divmod(n, 100)
    if ratus == 1:
        kata.append("seratus")
    elif ratus > 1:
        kata += [_SATUAN[ratus], "ratus"]
    if sisa < 12:
        if sisa:
            kata.append(_SATUAN[sisa])
    elif sisa < 20:
        kata += [_SATUAN[sisa - 10], "belas"]
    else:
        puluh, satuan = divmod(sisa, 10)
        kata += [_SATUAN[puluh], "puluh"]
        if satuan:
            kata.append(_SATUAN[satuan])
    return kata


def _terbilang_kata(n: int) -> str:
    """Words for 0 <= n < 10**15."""
    if n == 0:
        return "nol"
    kata: list[str] = []
    for nilai, nama in _SKALA:
        kelompok, n = divmod(n, nilai)
        if kelompok == 1 and nama == "ribu":
            kata.append("seribu")
        elif kelompok:
            kata += [*_ratusan(kelompok), nama]
    kata += _ratusan(n)
    return " ".join(kata)


def terbilang(n: int) -> str:
    """Indonesian number words: 1000 -> ``seribu``, -5000 -> ``minus lima ribu``.

    Supports up to 999 triliun (``abs(n) < 10**15``); beyond that ``ValidationError``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang expects an int, got {type(n).__name__}")
    if abs(n) >= _BATAS_TERBILANG:
        raise ValidationError(
            f'Angka "{format_angka(n)}" terlalu besar untuk ditulis dengan huruf '
            "(terbilang); paling besar 999 triliun."
        )
    kata = _terbilang_kata(abs(n))
    return "minus " + kata if n < 0 else kata


def terbilang_rupiah(amount: _Angka) -> str:
    """Money in words, rounded half up to whole rupiah: ``dua juta ... ribu rupiah``."""
    rupiah = int(_bulatkan(_ke_decimal(amount), 0))
    if abs(rupiah) >= _BATAS_TERBILANG:
        raise ValidationError(
            f"Jumlah {format_rupiah(rupiah)} terlalu besar untuk ditulis dengan huruf "
            "(terbilang); paling besar 999 triliun rupiah.",
            field="Jumlah",
        )
    return terbilang(rupiah) + " rupiah"


# --------------------------------------------------------------------------- parsing

_SPASI = re.compile(r"\s+")
# Indonesian: dots group thousands, optional comma decimals ("1.250.000,50", "1250000,5").
_ANGKA_TITIK_RIBUAN = re.compile(
    r"(?P<bulat>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<pecahan>[0-9]+))?"
)
# Spaces group thousands ("1 250 000", "1 250 000,50").
_ANGKA_SPASI_RIBUAN = re.compile(r"(?P<bulat>[0-9]{1,3}(?: [0-9]{3})+)(?:,(?P<pecahan>[0-9]+))?")
# A lone decimal point followed by one or two digits ("1250000.5", "12.50").
_ANGKA_TITIK_DESIMAL = re.compile(r"(?P<bulat>[0-9]+)\.(?P<pecahan>[0-9]{1,2})")
_RP = re.compile(r"rp\.?", re.IGNORECASE)


def _rapikan(teks: str) -> str:
    """Trim and collapse whitespace (including no-break spaces) to single spaces."""
    return _SPASI.sub(" ", teks.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _ambil_tanda(teks: str) -> tuple[bool, str]:
    """Split a leading sign (``-``, ``\u2212`` or ``+``) off the text."""
    if teks[:1] in ("-", "\u2212"):
        return True, teks[1:].lstrip()
    if teks[:1] == "+":
        return False, teks[1:].lstrip()
    return False, teks


def _urai_angka(teks: str) -> tuple[str, str] | None:
    """Split an unsigned Indonesian number into (whole digits, fraction digits), or None."""
    for pola in (_ANGKA_TITIK_RIBUAN, _ANGKA_SPASI_RIBUAN, _ANGKA_TITIK_DESIMAL):
        cocok = pola.fullmatch(teks)
        if cocok:
            bulat = cocok.group("bulat").replace(".", "").replace(" ", "")
            return bulat, cocok.group("pecahan") or ""
    return None


def _uang(value: Decimal) -> Decimal:
    """Quantize to sen (half up); whole amounts come back without decimals."""
    hasil = _bulatkan(value, 2)
    if hasil == hasil.to_integral_value():
        hasil = _bulatkan(hasil, 0)
    return hasil


def parse_rupiah(value: object, field: str = "Jumlah") -> Decimal:
    """Read a rupiah amount typed by a user or found in a spreadsheet cell.

    Accepts ``int``, ``Decimal``, ``float`` (read through ``repr``, so ``1250000.0`` gives
    ``Decimal('1250000')``) and text such as ``Rp 1.250.000``, ``Rp1.250.000,00``,
    ``Rp. 1.250.000,-``, ``1.250.000,50``, ``1250000``, ``1 250 000`` and ``-25.000``.

    Rule for text: the dot groups thousands and the comma starts the decimals, as in
    Indonesian. The only exception is a lone dot followed by one or two digits and no comma
    (``1250000.5``, ``12.50``), which is read as a decimal point. So ``1.250`` is one
    thousand two hundred fifty, and ``1,250`` is refused (more than two decimals: it is
    probably an English thousands separator). Spaces may group thousands.

    Returns a Decimal rounded half up to sen: whole amounts have no decimals
    (``Decimal('1250000')``), others two (``Decimal('1250000.50')``). Amounts of 1.000
    triliun or more are refused.
    """
    contoh = "contoh: Rp 1.250.000."
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{field} belum diisi.", field=field)
    salah = ValidationError(f'{field} "{value}" bukan angka rupiah yang sah, {contoh}', field=field)
    if isinstance(value, str):
        jumlah = _teks_rupiah(value, field, contoh)
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise salah
    else:
        # Floats go through repr: 0.1 is read as Decimal("0.1"), not its binary value.
        jumlah = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not jumlah.is_finite():
            raise salah
    if abs(jumlah) >= _BATAS_TERBILANG:
        raise ValidationError(
            f'{field} "{value}" terlalu besar; paling besar Rp 999.999.999.999.999.',
            field=field,
        )
    return _uang(jumlah)


def _teks_rupiah(value: str, field: str, contoh: str) -> Decimal:
    """Parse the text form of :func:`parse_rupiah`."""
    asli = value.strip()
    salah = ValidationError(f'{field} "{asli}" bukan angka rupiah yang sah, {contoh}', field=field)
    teks = _rapikan(value)
    negatif, teks = _ambil_tanda(teks)
    rp = _RP.match(teks)
    if rp:
        teks = teks[rp.end() :].lstrip()
        if not negatif:
            negatif, teks = _ambil_tanda(teks)
    for akhiran in (",--", ",-", ".-"):
        if teks.endswith(akhiran):
            teks = teks[: -len(akhiran)].rstrip()
            break
    bagian = _urai_angka(teks)
    if bagian is None:
        raise salah
    bulat, pecahan = bagian
    if len(pecahan) > 2:
        raise ValidationError(
            f'{field} "{asli}" tidak sah: paling banyak 2 angka di belakang koma '
            f"(titik untuk ribuan, koma untuk sen), {contoh}",
            field=field,
        )
    jumlah = Decimal(f"{bulat}.{pecahan or '0'}")
    return -jumlah if negatif else jumlah


_TANGGAL_HBT = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")
_TANGGAL_TBH = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_tanggal(value: object, field: str = "Tanggal") -> date:
    """Read a date: a ``date``, a ``datetime`` (its date) or text.

    Text forms: ``dd/mm/yyyy`` (also ``d/m/yyyy``), ``dd-mm-yyyy`` and ``yyyy-mm-dd``.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{field} belum diisi.", field=field)
    teks = value.strip() if isinstance(value, str) else str(value)
    bentuk = (
        f'{field} "{teks}" tidak dikenali; tulis sebagai HH/BB/TTTT (contoh 20/05/2024), '
        "HH-BB-TTTT (20-05-2024) atau TTTT-BB-HH (2024-05-20)."
    )
    if not isinstance(value, str):
        raise ValidationError(bentuk, field=field)
    cocok = _TANGGAL_HBT.fullmatch(teks)
    if cocok:
        hari, bulan, tahun = int(cocok.group(1)), int(cocok.group(3)), int(cocok.group(4))
    else:
        cocok = _TANGGAL_TBH.fullmatch(teks)
        if not cocok:
            raise ValidationError(bentuk, field=field)
        tahun, bulan, hari = (int(g) for g in cocok.groups())
    try:
        return date(tahun, bulan, hari)
    except ValueError:
        raise ValidationError(f'{field} "{teks}" tidak ada di kalender.', field=field) from None


_DIGIT_MAKS = 30  # digits of a whole number read from text (int() refuses past 4,300)


def parse_bilangan_bulat(value: object, field: str, *, minimum: int | None = 0) -> int:
    """Read a whole number: ``int``, a float without fraction (``3.0``) or text.

    Text follows the rule of :func:`parse_rupiah`: ``1.250`` is one thousand two hundred
    fifty (the dot groups thousands), ``1250`` and ``1 250`` too; ``12,5`` is a fraction
    and refused. ``minimum`` (default 0) is the smallest value allowed; None allows any.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{field} belum diisi.", field=field)
    asli = value.strip() if isinstance(value, str) else str(value)
    if isinstance(value, float | Decimal):
        asli = asli.replace(".", ",")
    salah = ValidationError(f'{field} harus bilangan bulat, bukan "{asli}".', field=field)
    angka: int
    if isinstance(value, bool):
        raise salah
    if isinstance(value, int):
        angka = value
    elif isinstance(value, float | Decimal):
        nilai = Decimal(repr(value)) if isinstance(value, float) else value
        angka = _bulat_dari_decimal(nilai, salah)
    elif isinstance(value, str):
        negatif, teks = _ambil_tanda(_rapikan(value))
        bagian = _urai_angka(teks)
        if bagian is None:
            raise salah
        bulat, pecahan = bagian
        if pecahan.strip("0"):
            raise salah
        if len(bulat.lstrip("0")) > _DIGIT_MAKS:
            raise ValidationError(f"{field} terlalu besar.", field=field)
        angka = -int(bulat) if negatif else int(bulat)
    else:
        raise salah
    if minimum is not None and angka < minimum:
        if minimum == 0:
            raise ValidationError(f"{field} tidak boleh negatif.", field=field)
        raise ValidationError(
            f"{field} paling kecil {format_angka(minimum)}; yang diisi {format_angka(angka)}.",
            field=field,
        )
    return angka


def _bulat_dari_decimal(nilai: Decimal, salah: ValidationError) -> int:
    """Return the int value of a whole Decimal, else raise ``salah``."""
    try:
        if not nilai.is_finite() or nilai != nilai.to_integral_value():
            raise salah
        return int(nilai)
    except (InvalidOperation, OverflowError):
        raise salah from None


def format_rupiah_ringkas(amount: _Angka) -> str:
    """A short Rupiah label for chart axes: "Rp 850 rb", "Rp 1,5 jt", "Rp 85 jt", "Rp 1,2 M".

    Tooltips and reports always show the exact amount with :func:`format_rupiah`.
    """
    value = _ke_decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    for limit, unit in (
        (Decimal(10) ** 12, "T"),
        (Decimal(10) ** 9, "M"),
        (Decimal(10) ** 6, "jt"),
        (Decimal(10) ** 3, "rb"),
    ):
        if value >= limit:
            scaled = value / limit
            decimals = 0 if scaled >= 10 or scaled == scaled.to_integral_value() else 1
            return f"{sign}Rp {format_angka(scaled, decimals)} {unit}"
    return f"{sign}Rp {format_angka(value)}"
