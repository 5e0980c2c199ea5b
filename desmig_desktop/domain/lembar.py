"""The exchange workbooks' columns, declared once (FORMATS.md).

Each sheet is a tuple of ``Kolom``: the header as it appears in the workbook,
whether it is required, its kind (how a cell is read and written) and a note
for the user. The importers read by these declarations and the exporters
write by them, so a workbook the app exported imports back unchanged.
"""

from __future__ import annotations

import re
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
    PILAR = "pilar"  # I-IV (also 1-4)
    TRIWULAN = "triwulan"  # 1-4 or I-IV
    SUMBER_DANA = "sumber_dana"  # a name from the editable list of funding sources
    STATUS_KEGIATAN = "status_kegiatan"  # Rencana, Berjalan, Selesai, Batal
    KODE_KEGIATAN = "kode_kegiatan"  # YYYY-P-NNN, e.g. 2024-II-003
    VOLUME = "volume"  # a number > 0, at most two decimals (a plan's target)
    VOLUME_NOL = "volume_nol"  # a number >= 0, at most two decimals (what was achieved)
    JENIS_KELAMIN = "jenis_kelamin"  # L or P (also Laki-laki, Perempuan)
    KATEGORI_PESERTA = "kategori_peserta"  # Anak, Pengasuh, Orang Tua (and the app's own)
    STATUS_HADIR = "status_hadir"  # H, I, S, A (also Hadir, Izin, Sakit, Alpa)


@dataclass(frozen=True, eq=False)
class Kolom:
    """A declared column. Compared and hashed by identity: each is declared once below and
    used as a key for every cell of every imported row, so hashing must be cheap."""

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


# --------------------------------------------------------------------------- budget and plans

SHEET_PAGU = "Pagu"
KOLOM_PAGU: tuple[Kolom, ...] = (
    Kolom("Tahun Anggaran", Jenis.TAHUN, True, "tahun anggaran, mis. 2024", 10),
    Kolom("Pilar", Jenis.PILAR, True, "I, II, III, IV (atau 1-4)", 8),
    Kolom("Sumber Dana", Jenis.SUMBER_DANA, True, "APBN, APBD Provinsi, ...", 22),
    Kolom("Pagu (Rp)", Jenis.RUPIAH, True, "angka >= 0, mis. 60000000 atau Rp 60.000.000", 18),
)

SHEET_RENCANA = "Rencana Kegiatan"
KOLOM_RENCANA: tuple[Kolom, ...] = (
    Kolom("Kode Kegiatan", Jenis.KODE_KEGIATAN, False, "TTTT-P-NNN; kosong: dibuat otomatis", 14),
    Kolom("Tahun Anggaran", Jenis.TAHUN, True, "tahun anggaran, mis. 2024", 10),
    Kolom("Pilar", Jenis.PILAR, True, "I, II, III, IV (atau 1-4)", 8),
    Kolom("Kode Wilayah", Jenis.KODE_DESA, False, "desa Desmigratif; kosong: kabupaten", 16),
    Kolom("Nama Desa", Jenis.TEKS, False, "keterangan saja; tidak dibaca saat impor", 18),
    Kolom("Nama Kegiatan", Jenis.TEKS, True, "", 44),
    Kolom("Volume", Jenis.VOLUME, True, "target, angka > 0", 9),
    Kolom("Satuan", Jenis.TEKS, True, "mis. orang, kali, paket", 10),
    Kolom("Triwulan", Jenis.TRIWULAN, True, "triwulan rencana: I-IV (atau 1-4)", 9),
    Kolom("Anggaran (Rp)", Jenis.RUPIAH, True, "angka >= 0", 16),
    Kolom("Sumber Dana", Jenis.SUMBER_DANA, True, "APBN, APBD Provinsi, ...", 20),
    Kolom("Penanggung Jawab", Jenis.TEKS, False, "nama", 24),
)

SHEET_REALISASI = "Realisasi"
KOLOM_REALISASI: tuple[Kolom, ...] = (
    Kolom("Kode Kegiatan", Jenis.KODE_KEGIATAN, True, "kode di lembar Rencana Kegiatan", 14),
    Kolom("Nama Kegiatan", Jenis.TEKS, False, "keterangan saja; tidak dibaca saat impor", 40),
    Kolom("Triwulan", Jenis.TRIWULAN, True, "I-IV (atau 1-4)", 9),
    Kolom("Realisasi (Rp)", Jenis.RUPIAH, True, "angka >= 0", 16),
    Kolom("Volume Realisasi", Jenis.VOLUME_NOL, False, "angka >= 0 (kosong: 0)", 10),
    Kolom("Status", Jenis.STATUS_KEGIATAN, True, "Rencana, Berjalan, Selesai, Batal", 11),
    Kolom("Keterangan", Jenis.TEKS, False, "", 30),
)

KOLOM_INFO: frozenset[tuple[str, str]] = frozenset(
    {(SHEET_RENCANA, "Nama Desa"), (SHEET_REALISASI, "Nama Kegiatan")}
)
"""Columns written for the reader only: the importer ignores them (a village's name comes
from its code, an activity's name from its plan row)."""

_KODE_KEGIATAN = re.compile(r"^(\d{4})-(I|II|III|IV)-(\d{3,})$")


def urai_kode_kegiatan(kode: str) -> tuple[int, str, int] | None:
    """``"2024-II-003"`` -> ``(2024, "II", 3)``; None when the code is not of that form.

    The pillar part is the pillar's value (``Pilar.II.value``); the number has at least
    three digits. Case and surrounding spaces are forgiven by the caller, not here.
    """
    cocok = _KODE_KEGIATAN.match(kode)
    if cocok is None:
        return None
    return int(cocok.group(1)), cocok.group(2), int(cocok.group(3))


def format_kode_kegiatan(tahun: int, pilar: str, nomor: int) -> str:
    """``(2024, "II", 3)`` -> ``"2024-II-003"`` (the form ``services.rencana`` generates)."""
    return f"{tahun}-{pilar}-{nomor:03d}"


# --------------------------------------------------------------------------- community parenting

SHEET_KEHADIRAN = "Kehadiran"
KOLOM_KEHADIRAN: tuple[Kolom, ...] = (
    Kolom("Kode Wilayah", Jenis.KODE_DESA, True, "desa Desmigratif tempat pertemuan", 16),
    Kolom("Tanggal", Jenis.TANGGAL, True, "tanggal pertemuan", 12),
    Kolom("Topik", Jenis.TEKS, True, "topik atau modul pertemuan", 46),
    Kolom("Fasilitator", Jenis.TEKS, False, "nama", 24),
    Kolom("Nama Peserta", Jenis.TEKS, True, "", 28),
    Kolom("Jenis Kelamin", Jenis.JENIS_KELAMIN, True, "L atau P", 9),
    Kolom("Tanggal Lahir", Jenis.TANGGAL, False, "membedakan peserta yang namanya sama", 12),
    Kolom(
        "Kategori",
        Jenis.KATEGORI_PESERTA,
        True,
        "Anak, Pengasuh, Orang Tua (juga Ayah, Ibu, Kakek, Nenek, Wali/Pengasuh, Kader)",
        14,
    ),
    Kolom("Status", Jenis.STATUS_HADIR, True, "H (hadir), I (izin), S (sakit), A (alpa)", 8),
)
"""One row per participant per session (FORMATS.md). A session is identified by village +
date + topic, a participant by village + name + birth date (name alone without one)."""
