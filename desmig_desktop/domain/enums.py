"""The programme's fixed vocabularies.

Each enum's ``value`` is what the database stores and the exchange workbooks
carry; ``label`` is what a person reads. ``parse`` accepts the forms listed in
FORMATS.md and raises ``ValidationError`` naming the field otherwise.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from desmig_desktop.domain.errors import ValidationError


class _Vocab(str, Enum):
    """A string enum with an Indonesian label and a forgiving parser."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _aliases(cls) -> dict[str, Self]:
        return {}

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        """Every accepted spelling (value, label, alias; case-folded) → member, built once
        per class: parsing runs for every cell of an import."""
        table = cls.__dict__.get("_parse_table")
        if table is None:
            table = dict(cls._aliases())
            for member in reversed(list(cls)):  # the first member wins, as in a scan
                table[member.label.casefold()] = member
                table[member.value.casefold()] = member
            type.__setattr__(cls, "_parse_table", table)
        return table

    @classmethod
    def parse(cls, raw: object, field: str | None = None) -> Self:
        """Return the member named by ``raw`` (value, label or alias, any case)."""
        if isinstance(raw, cls):
            return raw
        text = "" if raw is None else str(raw).strip()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        found = cls._lookup().get(text.casefold())
        if found is not None:
            return found
        allowed = ", ".join(m.label if m.value.islower() else m.value for m in cls if m.value)
        name = field or (cls.__doc__ or cls.__name__).split(".")[0]
        shown = text if text else "(kosong)"
        raise ValidationError(f'{name}: "{shown}" tidak dikenal; pilihan: {allowed}.', field)


class Pilar(_Vocab):
    """Pilar."""

    I = ("I", "Layanan Migrasi")  # noqa: E741
    II = ("II", "Usaha Produktif")
    III = ("III", "Community Parenting")
    IV = ("IV", "Koperasi Desmigratif")

    @property
    def nomor(self) -> int:
        return list(Pilar).index(self) + 1

    @property
    def judul(self) -> str:
        """'Pilar II – Usaha Produktif'."""
        return f"Pilar {self.value} – {self.label}"

    @classmethod
    def _aliases(cls) -> dict[str, Pilar]:
        return {str(i + 1): m for i, m in enumerate(cls)}


class Triwulan(_Vocab):
    """Triwulan."""

    I = ("1", "Triwulan I")  # noqa: E741
    II = ("2", "Triwulan II")
    III = ("3", "Triwulan III")
    IV = ("4", "Triwulan IV")

    @property
    def nomor(self) -> int:
        return int(self.value)

    @property
    def romawi(self) -> str:
        return ("I", "II", "III", "IV")[self.nomor - 1]

    @property
    def bulan(self) -> tuple[int, int, int]:
        first = (self.nomor - 1) * 3 + 1
        return (first, first + 1, first + 2)

    @classmethod
    def dari_bulan(cls, bulan: int) -> Triwulan:
        return list(cls)[(bulan - 1) // 3]

    @classmethod
    def _aliases(cls) -> dict[str, Triwulan]:
        out: dict[str, Triwulan] = {}
        for m in cls:
            out[m.romawi.casefold()] = m
            out[f"tw {m.romawi}".casefold()] = m
            out[f"tw{m.nomor}"] = m
        return out


class SumberDanaBawaan(_Vocab):
    """Sumber Dana (the default list; the database holds the editable list)."""

    APBN = ("APBN", "APBN")
    APBD_PROV = ("APBD Provinsi", "APBD Provinsi")
    APBD_KAB = ("APBD Kabupaten/Kota", "APBD Kabupaten/Kota")
    DANA_DESA = ("Dana Desa", "Dana Desa")
    LAINNYA = ("Lainnya", "CSR/Lainnya")


class StatusDesa(_Vocab):
    """Status."""

    AKTIF = ("aktif", "Aktif")
    NONAKTIF = ("nonaktif", "Nonaktif")


class StatusKegiatan(_Vocab):
    """Status."""

    RENCANA = ("rencana", "Rencana")
    BERJALAN = ("berjalan", "Berjalan")
    SELESAI = ("selesai", "Selesai")
    BATAL = ("batal", "Batal")


class Kehadiran(_Vocab):
    """Status kehadiran."""

    H = ("H", "Hadir")
    I = ("I", "Izin")  # noqa: E741
    S = ("S", "Sakit")
    A = ("A", "Alpa")


class JenisKelamin(_Vocab):
    """Jenis Kelamin."""

    L = ("L", "Laki-laki")
    P = ("P", "Perempuan")


class KategoriPeserta(_Vocab):
    """Kategori."""

    ANAK = ("anak", "Anak")
    AYAH = ("ayah", "Ayah")
    IBU = ("ibu", "Ibu")
    KAKEK = ("kakek", "Kakek")
    NENEK = ("nenek", "Nenek")
    WALI = ("wali", "Wali/Pengasuh")
    KADER = ("kader", "Kader")

    @property
    def pengasuh(self) -> bool:
        """Caregivers (everyone but children and facilitators)."""
        return self not in (KategoriPeserta.ANAK, KategoriPeserta.KADER)

    @classmethod
    def _aliases(cls) -> dict[str, KategoriPeserta]:
        return {
            "pengasuh": cls.WALI,
            "wali": cls.WALI,
            "orang tua": cls.IBU,
            "fasilitator": cls.KADER,
        }


class PeranPenandatangan(_Vocab):
    """Peran."""

    KEPALA_DINAS = ("kepala_dinas", "Kepala Dinas")
    KOORDINATOR = ("koordinator", "Koordinator Desmigratif")
    PENANGGUNG_JAWAB = ("penanggung_jawab", "Penanggung Jawab Desmigratif")
    LAINNYA = ("lainnya", "Lainnya")


class AwalanTtd(_Vocab):
    """Awalan."""

    TIDAK_ADA = ("", "(tidak ada)")
    AN = ("a.n.", "a.n.")
    PLT = ("Plt.", "Plt.")
    PLH = ("Plh.", "Plh.")


class PeranPetugas(_Vocab):
    """Peran petugas."""

    PETUGAS = ("petugas", "Petugas Desmigratif")
    PENANGGUNG_JAWAB = ("penanggung_jawab", "Penanggung Jawab")
    PENDAMPING = ("pendamping", "Pendamping")
    LAINNYA = ("lainnya", "Lainnya")


class JenisAset(_Vocab):
    """Jenis aset pilar."""

    KELOMPOK_USAHA = ("kelompok_usaha", "Kelompok Usaha")
    KELOMPOK_PARENTING = ("kelompok_parenting", "Kelompok Community Parenting")
    RUMAH_BELAJAR = ("rumah_belajar", "Rumah Belajar")
    KOPERASI = ("koperasi", "Koperasi")
    BUMDES = ("bumdes", "BUMDes")

    @property
    def pilar(self) -> Pilar:
        return {
            "kelompok_usaha": Pilar.II,
            "kelompok_parenting": Pilar.III,
            "rumah_belajar": Pilar.III,
            "koperasi": Pilar.IV,
            "bumdes": Pilar.IV,
        }[self.value]


NEGARA_BAWAAN: tuple[str, ...] = (
    "Malaysia",
    "Taiwan",
    "Hong Kong",
    "Arab Saudi",
    "Singapura",
    "Korea Selatan",
    "Jepang",
    "Brunei Darussalam",
    "Uni Emirat Arab",
    "Qatar",
    "Kuwait",
    "Oman",
    "Turki",
    "Polandia",
)

TOPIK_PARENTING_BAWAAN: tuple[str, ...] = (
    "Sosialisasi Modul Community Parenting",
    "Pola Asuh Anak Usia Dini",
    "Komunikasi Anak dengan Orang Tua di Luar Negeri",
    "Kesehatan dan Gizi Anak",
    "Pencegahan Kekerasan terhadap Anak",
    "Pengelolaan Remitansi Keluarga",
    "Kepemimpinan Pemuda",
    "Keamanan Pangan Desa",
)
