"""Identity numbers: NIP (civil servants), NIK (residents) and telephone numbers.

The checks are structural only: a NIK that passes may still be unknown to Dukcapil, and an
unknown region code is not refused here (the region list is checked elsewhere).

NIK is personal data (UU 27/2022): error messages about a NIK never repeat the number, and
printouts show it through :func:`mask_nik`.

Standard library only; imports nothing of ours except :mod:`desmig_desktop.domain.errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desmig_desktop.domain.errors import ValidationError

__all__ = [
    "NikInfo",
    "format_nip",
    "mask_nik",
    "nik_info",
    "normalize_nik",
    "normalize_nip",
    "normalize_telepon",
]

_TAHUN_LAHIR_PALING_AWAL = 1940
_PEMISAH_NIP = re.compile(r"[\s.]+")
_PEMISAH_NIK = re.compile(r"[\s.\-]+")
_PEMISAH_TELEPON = re.compile(r"[\s.\-()/]+")


def _teks_identitas(value: object, field: str, nama: str, *, tampilkan: bool) -> str:
    """Common input handling: refuse empty values and floats, return stripped text.

    ``tampilkan`` says whether a message may repeat the value (not for NIK).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{field} belum diisi.", field=field)
    if isinstance(value, bool) or not isinstance(value, str | int):
        nilai = f' "{value}"' if tampilkan else ""
        raise ValidationError(
            f"{field}{nilai} tidak sah: tulis {nama} sebagai teks, bukan angka desimal "
            "(Excel memotong angka yang panjang).",
            field=field,
        )
    return str(value).strip()


def _tanggal(tahun: int, bulan: int, hari: int) -> date | None:
    """Return the date, or None when it does not exist."""
    try:
        return date(tahun, bulan, hari)
    except ValueError:
        return None


# --------------------------------------------------------------------------- NIP


def normalize_nip(value: object, field: str = "NIP") -> str:
    """Check a NIP and return its 18 digits (spaces, dots and a ``NIP.`` prefix removed).

    Structure: birth date ``TTTTBBHH`` (year 1940 to this year), appointment year and month
    ``TTTTBB`` (not before the birth year, at most next year), sex ``1`` or ``2``, serial.
    """
    asli = _teks_identitas(value, field, "NIP", tampilkan=True)
    digits = _PEMISAH_NIP.sub("", asli)
    if digits[:3].upper() == "NIP":
        digits = digits[3:]
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(f'{field} "{asli}" tidak sah: hanya boleh berisi angka.', field=field)
    if len(digits) != 18:
        raise ValidationError(
            f"{field} harus 18 angka; yang diisi {len(digits)} angka.", field=field
        )
    tahun_ini = date.today().year
    lahir = _tanggal(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    if lahir is None or not _TAHUN_LAHIR_PALING_AWAL <= lahir.year <= tahun_ini:
        raise ValidationError(
            f'{field} "{asli}" tidak sah: 8 angka pertama harus tanggal lahir (TTTTBBHH).',
            field=field,
        )
    tahun_angkat, bulan_angkat = int(digits[8:12]), int(digits[12:14])
    if not (1 <= bulan_angkat <= 12 and lahir.year <= tahun_angkat <= tahun_ini + 1):
        raise ValidationError(
            f'{field} "{asli}" tidak sah: angka ke-9 sampai ke-14 harus tahun dan bulan '
            "pengangkatan (TTTTBB).",
            field=field,
        )
    if digits[14] not in "12":
        raise ValidationError(
            f'{field} "{asli}" tidak sah: angka ke-15 harus jenis kelamin '
            "(1 laki-laki, 2 perempuan).",
            field=field,
        )
    return digits


def format_nip(nip: object) -> str:
    """Print a NIP grouped: ``19860926 201505 1 001``. None or empty gives ``''``.

    The value is checked first (:func:`normalize_nip`); an invalid NIP raises.
    """
    if nip is None or (isinstance(nip, str) and not nip.strip()):
        return ""
    d = normalize_nip(nip)
    return f"{d[0:8]} {d[8:14]} {d[14]} {d[15:18]}"


# --------------------------------------------------------------------------- NIK


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a NIK says about its holder (structure only, not confirmed by Dukcapil)."""

    nik: str
    kode_wilayah: str
    """Kecamatan code where the NIK was first issued, dotted: ``35.04.14``."""
    jenis_kelamin: str
    """``L`` (laki-laki) or ``P`` (perempuan)."""
    tanggal_lahir: date
    nomor_urut: str

    @property
    def kode_provinsi(self) -> str:
        """``35``."""
        return self.kode_wilayah[:2]

    @property
    def kode_kabupaten(self) -> str:
        """``35.04``."""
        return self.kode_wilayah[:5]


def _tanggal_lahir_nik(digits: str) -> list[date]:
    """Possible birth dates in the NIK (19xx and 20xx), women's day minus 40."""
    hari, bulan, tahun = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if hari > 40:
        hari -= 40
    mungkin = (_tanggal(abad + tahun, bulan, hari) for abad in (2000, 1900))
    return [d for d in mungkin if d is not None]


def normalize_nik(value: object, field: str = "NIK") -> str:
    """Check a NIK and return its 16 digits (spaces, dots and hyphens removed).

    Structure: province 11..99, kabupaten and kecamatan not ``00``, birth date ``HHBBTT``
    with 40 added to the day for women (a real date in 19xx or 20xx), serial not ``0000``.
    Messages never repeat the NIK itself (personal data).
    """
    asli = _teks_identitas(value, field, "NIK", tampilkan=False)
    digits = _PEMISAH_NIK.sub("", asli)
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(f"{field} tidak sah: hanya boleh berisi angka.", field=field)
    if len(digits) != 16:
        raise ValidationError(
            f"{field} harus 16 angka; yang diisi {len(digits)} angka.", field=field
        )
    if int(digits[0:2]) < 11:
        raise ValidationError(
            f"{field} tidak sah: 2 angka pertama harus kode provinsi (11 sampai 99).",
            field=field,
        )
    if digits[2:4] == "00":
        raise ValidationError(
            f"{field} tidak sah: angka ke-3 dan ke-4 (kode kabupaten/kota) tidak boleh 00.",
            field=field,
        )
    if digits[4:6] == "00":
        raise ValidationError(
            f"{field} tidak sah: angka ke-5 dan ke-6 (kode kecamatan) tidak boleh 00.",
            field=field,
        )
    if not _tanggal_lahir_nik(digits):
        raise ValidationError(
            f"{field} tidak sah: angka ke-7 sampai ke-12 harus tanggal lahir (HHBBTT; "
            "untuk perempuan tanggal ditambah 40).",
            field=field,
        )
    if digits[12:16] == "0000":
        raise ValidationError(
            f"{field} tidak sah: 4 angka terakhir (nomor urut) tidak boleh 0000.", field=field
        )
    return digits


def nik_info(nik: object) -> NikInfo:
    """Read region, sex and birth date from a NIK (checked with :func:`normalize_nik`).

    The birth year takes the century 20xx unless that date lies in the future, then 19xx.
    """
    digits = normalize_nik(nik)
    hari_ini = date.today()
    kandidat = _tanggal_lahir_nik(digits)
    lahir = next((d for d in kandidat if d <= hari_ini), kandidat[-1])
    return NikInfo(
        nik=digits,
        kode_wilayah=f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
        jenis_kelamin="P" if int(digits[6:8]) > 40 else "L",
        tanggal_lahir=lahir,
        nomor_urut=digits[12:16],
    )


def mask_nik(nik: str | None) -> str:
    """Hide a NIK for printouts: ``350414********01`` (first 6 and last 2 digits shown).

    Never raises: None or empty gives ``''``; separators are dropped. A value of another
    length keeps the last 2 and at most the first 6 characters visible, always hiding at
    least 8; below 10 characters everything is hidden.
    """
    if not nik:
        return ""
    teks = _PEMISAH_NIK.sub("", str(nik))
    if len(teks) < 10:
        return "*" * len(teks)
    depan = min(6, len(teks) - 10)
    return teks[:depan] + "*" * (len(teks) - depan - 2) + teks[-2:]


# --------------------------------------------------------------------------- telephone


def normalize_telepon(value: object, field: str = "Telepon") -> str:
    """Check an Indonesian phone number and return it in local form, digits only.

    Accepts ``0812-3456-7890``, ``+62 812 3456 7890``, ``62812...``, ``(0355) 321456`` and
    ``812...`` (a mobile number whose leading 0 a spreadsheet dropped). Mobile numbers
    (``08``) have 10 to 13 digits; landlines (0, area code of 2 to 4 digits, number) 9 to 12.
    """
    label = "Nomor telepon" if field == "Telepon" else field
    contoh = "contoh 0812-3456-7890."
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{label} belum diisi.", field=field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    asli = str(value).strip()
    salah = ValidationError(f'{label} "{asli}" tidak sah: {contoh}', field=field)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise salah
    teks = _PEMISAH_TELEPON.sub("", asli)
    if teks.startswith("+"):
        if not teks.startswith("+62"):
            raise ValidationError(
                f'{label} "{asli}" tidak sah: hanya nomor Indonesia (+62), {contoh}', field=field
            )
        teks = teks[1:]
    if not teks.isascii() or not teks.isdigit():
        raise salah
    if teks.startswith("62"):
        teks = "0" + teks[2:].removeprefix("0")
    elif teks.startswith("8"):
        teks = "0" + teks
    if teks.startswith("08"):
        if not 10 <= len(teks) <= 13:
            raise ValidationError(
                f'{label} "{asli}" tidak sah: nomor HP harus 10 sampai 13 angka, {contoh}',
                field=field,
            )
        return teks
    if re.fullmatch(r"0[2-79][0-9]+", teks):
        if not 9 <= len(teks) <= 12:
            raise ValidationError(
                f'{label} "{asli}" tidak sah: nomor telepon rumah/kantor harus 9 sampai 12 '
                f"angka termasuk kode wilayah, {contoh}",
                field=field,
            )
        return teks
    raise salah
