"""The exchange workbooks' columns, declared once (FORMATS.md).

Each sheet is a tuple of ``Kolom``: the header as it appears in the workbook,
whether it is required, its kind (how a cell is read and written) and a note
for the user. The importers read by these declarations and the exporters
write by them, so a workbook the app exported imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

TAHUN_AWAL_PROGRAM = 2016
"""The programme began in 2016: no village joined, and no statistics exist, before it."""


class Jenis(str, Enum):
    """How a cell is read and written."""

    TEKS = "teks"
    KODE_DESA = "kode_desa"
    TAHUN = "tahun"
    BULAT = "bulat"  # whole number >= 0
    RUPIAH = "rupiah"
    TANGGAL = "tanggal"
    TELEPON = "telepon"
    STATUS_DESA = "status_desa"
    DAFTAR = "daftar"  # comma-separated list


@dataclass(frozen=True)
class Kolom:
    header: str
    jenis: Jenis
    wajib: bool = False
    catatan: str = ""
    lebar: int = 14

    @property
    def kunci(self) -> str:
        """The header as matched on import: trimmed, case-folded, inner spaces collapsed."""
        return normalise_header(self.header)


def normalise_header(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


SHEET_DESA = "Desa"
KOLOM_DESA: tuple[Kolom, ...] = (
    Kolom("Kode Wilayah", Jenis.KODE_DESA, True, "kode desa/kelurahan Kemendagri", 16),
    Kolom("Nama Desa", Jenis.TEKS, False, "diperiksa terhadap daftar wilayah", 18),
    Kolom("Tahun Penetapan", Jenis.TAHUN, True, "2016 atau sesudahnya", 10),
    Kolom("Status", Jenis.STATUS_DESA, False, "Aktif (bawaan) atau Nonaktif", 10),
    Kolom("Kepala Desa", Jenis.TEKS, False, "", 22),
    Kolom("Petugas Desmigratif", Jenis.TEKS, False, "nama", 22),
    Kolom("Telepon Petugas", Jenis.TELEPON, False, "nomor telepon Indonesia", 16),
    Kolom("Tahun Data", Jenis.TAHUN, False, "tahun statistik (bawaan: Tahun Penetapan)", 10),
    Kolom("Jumlah Penduduk", Jenis.BULAT, False, "bilangan bulat >= 0", 12),
    Kolom("PMI Aktif Laki-laki", Jenis.BULAT, False, "bilangan bulat >= 0", 12),
    Kolom("PMI Aktif Perempuan", Jenis.BULAT, False, "bilangan bulat >= 0", 12),
    Kolom("CPMI", Jenis.BULAT, False, "bilangan bulat >= 0", 10),
    Kolom("PMI Purna", Jenis.BULAT, False, "bilangan bulat >= 0", 10),
    Kolom("Negara Penempatan", Jenis.DAFTAR, False, "nama negara dipisah koma", 30),
)


def format_negara(negara: Mapping[str, int | None]) -> str:
    """The "Negara Penempatan" cell: ``Malaysia (218), Taiwan (173), Hong Kong``.

    The importer reads this form back (counts in parentheses are optional).
    """
    return ", ".join(
        nama if jumlah is None else f"{nama} ({jumlah})" for nama, jumlah in negara.items()
    )
