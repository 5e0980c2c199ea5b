"""The villages workbook: sheet ``Desa`` (FORMATS.md), read and checked row by row.

:func:`parse_desa_workbook` reads the sheet by the columns declared in
:data:`~desmig_desktop.domain.lembar.KOLOM_DESA`, checks every cell and the rules between
cells and rows, and returns :class:`DesaRow` values, or raises
:class:`~desmig_desktop.imports.workbook.ImportErrors` listing every problem of the file.
The official region list comes in as a lookup function (imports know files, not the
database); ``services.impor_desa`` passes one over the database and writes the rows.

"Negara Penempatan" is a list of countries, each with an optional count of migrant
workers in parentheses: ``Malaysia (218), Taiwan (173), Hong Kong``
(:func:`parse_negara`, :func:`format_negara`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from desmig_desktop.domain.enums import StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_angka, parse_bilangan_bulat
from desmig_desktop.domain.lembar import KOLOM_DESA, SHEET_DESA, Jenis, Kolom, format_negara
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.domain.wilayah import jenis_desa, short_kabkota
from desmig_desktop.imports.workbook import (
    PANJANG_KUTIPAN,
    ImportErrors,
    RowError,
    convert_row,
    read_sheet,
)
from desmig_desktop.imports.workbook import kutip as _kutip
from desmig_desktop.imports.workbook import ringkas_pesan as _ringkas

__all__ = [
    "CariWilayah",
    "DesaRow",
    "StatistikBaris",
    "WilayahDesa",
    "format_negara",
    "parse_desa_workbook",
    "parse_negara",
]

_K = {k.header: k for k in KOLOM_DESA}
K_KODE = _K["Kode Wilayah"]
K_NAMA = _K["Nama Desa"]
K_TAHUN = _K["Tahun Penetapan"]
K_STATUS = _K["Status"]
K_KADES = _K["Kepala Desa"]
K_PETUGAS = _K["Petugas Desmigratif"]
K_TELEPON = _K["Telepon Petugas"]
K_TAHUN_DATA = _K["Tahun Data"]
K_PENDUDUK = _K["Jumlah Penduduk"]
K_PMI_L = _K["PMI Aktif Laki-laki"]
K_PMI_P = _K["PMI Aktif Perempuan"]
K_CPMI = _K["CPMI"]
K_PURNA = _K["PMI Purna"]
K_NEGARA = _K["Negara Penempatan"]
KOLOM_STATISTIK: tuple[Kolom, ...] = (K_PENDUDUK, K_PMI_L, K_PMI_P, K_CPMI, K_PURNA, K_NEGARA)
"""The cells that make up a year's statistics; any of them given replaces that year."""

KOLOM_BILANGAN: tuple[Kolom, ...] = (K_PENDUDUK, K_PMI_L, K_PMI_P, K_CPMI, K_PURNA)
"""The counts of a row (whole numbers >= 0)."""

PANJANG_NAMA = 120
"""Longest person's name the database keeps (Kepala Desa, petugas)."""
PANJANG_NEGARA = 80
"""Longest country name the database keeps."""
BATAS_BILANGAN = 999_999_999
"""Largest count accepted (people, migrant workers): far above any village, and within the
32-bit INTEGER columns that keep it (SQLite and PostgreSQL alike)."""
ANGKA_TERPANJANG = 30
"""A number cell whose text has more digits than this is refused before it is read: no count
or year is that long, and Python refuses to turn text of over 4,300 digits into a number."""
_KOLOM_ANGKA: tuple[Kolom, ...] = tuple(
    k for k in KOLOM_DESA if k.jenis in (Jenis.TAHUN, Jenis.BULAT)
)


class WilayahDesa(Protocol):
    """What the importer needs to know of a desa/kelurahan in the official list."""

    @property
    def kode(self) -> str: ...

    @property
    def nama(self) -> str: ...

    @property
    def kecamatan(self) -> str: ...

    @property
    def kabkota(self) -> str: ...


CariWilayah = Callable[[str], WilayahDesa | None]
"""Look a desa/kelurahan code up in the official list; None when it is not there."""


@dataclass(frozen=True)
class StatistikBaris:
    """A year's statistics as given in a row; None is an empty cell."""

    tahun: int
    jumlah_penduduk: int | None = None
    pmi_aktif_l: int | None = None
    pmi_aktif_p: int | None = None
    cpmi: int | None = None
    pmi_purna: int | None = None
    negara: tuple[tuple[str, int | None], ...] = ()

    @property
    def pmi_aktif(self) -> int:
        return (self.pmi_aktif_l or 0) + (self.pmi_aktif_p or 0)


@dataclass(frozen=True)
class DesaRow:
    """One checked row of the Desa sheet; None means the cell was empty (keep the stored
    value). ``tahun_data`` is the statistics year (Tahun Data, else Tahun Penetapan)."""

    baris: int
    kode_wilayah: str
    tahun_penetapan: int
    tahun_data: int
    nama_desa: str | None = None
    status: StatusDesa | None = None
    kepala_desa: str | None = None
    petugas: str | None = None
    telepon_petugas: str | None = None
    statistik: StatistikBaris | None = None


# --------------------------------------------------------------------------- countries

_NEGARA = re.compile(r"(?P<nama>[^()]*?)\s*(?:\((?P<jumlah>[^()]*)\))?")


def parse_negara(
    items: Sequence[str], field: str = K_NEGARA.header
) -> tuple[tuple[str, int | None], ...]:
    """Countries with optional counts from the items of the list cell.

    ``["Malaysia (218)", "Hong Kong"]`` gives ``(("Malaysia", 218), ("Hong Kong", None))``.
    A name twice (any case), a name with digits (a count without parentheses), a count
    that is not a whole number >= 0 are refused.
    """
    out: list[tuple[str, int | None]] = []
    seen: set[str] = set()
    contoh = 'contoh "Malaysia (218), Taiwan (173), Hong Kong".'
    for item in items:
        cocok = _NEGARA.fullmatch(item.strip())
        nama = " ".join(cocok.group("nama").split()) if cocok else ""
        if cocok is None or not nama:
            raise ValidationError(
                f'"{_kutip(item)}" tidak sah: tulis nama negara, boleh dengan jumlah PMI dalam '
                f"kurung, {contoh}",
                field,
            )
        if any(ch.isdigit() for ch in nama):
            raise ValidationError(
                f'nama negara "{_kutip(nama)}" berisi angka; tulis jumlah PMI dalam kurung, '
                f"{contoh}",
                field,
            )
        if len(nama) > PANJANG_NEGARA:
            raise ValidationError(
                f'nama negara "{nama[:30]}…" terlalu panjang (paling banyak {PANJANG_NEGARA} '
                "huruf).",
                field,
            )
        if nama.casefold() in seen:
            raise ValidationError(f'negara "{nama}" disebut dua kali.', field)
        seen.add(nama.casefold())
        teks = (cocok.group("jumlah") or "").strip()
        jumlah = None
        if teks:
            batas = f"paling banyak {format_angka(BATAS_BILANGAN)}."
            if _jumlah_angka(teks) > ANGKA_TERPANJANG:
                raise ValidationError(f"jumlah PMI di {nama} terlalu besar; {batas}", field)
            if len(teks) > PANJANG_KUTIPAN:
                raise ValidationError(
                    f'jumlah PMI di {nama} "{_kutip(teks)}" bukan bilangan bulat; {contoh}', field
                )
            jumlah = parse_bilangan_bulat(teks, f"Jumlah PMI di {nama}")
            if jumlah > BATAS_BILANGAN:
                raise ValidationError(
                    f"jumlah PMI di {nama} terlalu besar: {_tampil_bilangan(jumlah)}; {batas}",
                    field,
                )
        out.append((nama, jumlah))
    return tuple(out)


# --------------------------------------------------------------------------- numbers


def _jumlah_angka(value: object) -> int:
    """How many digits a text cell holds (0 for anything but text)."""
    return sum(ch.isdigit() for ch in value) if isinstance(value, str) else 0


def _tampil_bilangan(n: int) -> str:
    """A whole number for a message: ``1.250``; a huge one shortened (``123456789012…``)."""
    teks = str(n)
    return format_angka(n) if len(teks) <= 18 else f"{teks[:12]}… ({len(teks)} angka)"


def _digit(value: object) -> int:
    """How many digits a number cell holds: those of its text, or of its whole part."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return len(str(int(abs(value))))
        except (OverflowError, ValueError, InvalidOperation):  # inf, nan
            return 0
    return _jumlah_angka(value)


def _saring_angka(nomor: int, raw: Mapping[Kolom, object], errors: list[RowError]) -> dict:
    """The row's cells without the number cells that hold far too many digits to be a count
    or a year (each reported); the rest are read as usual."""
    out = dict(raw)
    for kolom in _KOLOM_ANGKA:
        n = _digit(raw.get(kolom))
        if n > ANGKA_TERPANJANG:
            errors.append(
                RowError(
                    nomor,
                    kolom.header,
                    f"{kolom.header} berisi {n} angka: terlalu besar untuk sebuah bilangan; "
                    "periksa isi selnya.",
                )
            )
            del out[kolom]
    return out


# --------------------------------------------------------------------------- rows


def _rapi(teks: str | None) -> str | None:
    """A name with inner runs of spaces collapsed (None stays None)."""
    return " ".join(teks.split()) if teks is not None else None


def _lipat(teks: str) -> str:
    return " ".join(teks.split()).casefold()


_AWALAN_DESA = ("desa ", "kelurahan ", "kel. ", "ds. ")


def _nama_desa_cocok(diisi: str, resmi: str) -> bool:
    """Case- and space-insensitive; a leading "Desa"/"Kelurahan" is allowed."""
    teks = _lipat(diisi)
    for awalan in _AWALAN_DESA:
        if teks.startswith(awalan) and teks[len(awalan) :].strip() == _lipat(resmi):
            return True
    return teks == _lipat(resmi)


def _tempat(w: WilayahDesa) -> str:
    bagian = [f"Kec. {w.kecamatan}" if w.kecamatan else "", short_kabkota(w.kabkota)]
    return ", ".join(b for b in bagian if b)


class _Pemeriksa:
    """The checks between cells of a row and between rows of the file."""

    def __init__(self, cari: CariWilayah, errors: list[RowError]) -> None:
        self.cari = cari
        self.errors = errors
        self.wilayah: dict[str, WilayahDesa | None] = {}
        self.tahun_data: dict[tuple[str, int], int] = {}
        self.pertama: dict[str, DesaRow] = {}
        self.telepon: dict[tuple[str, str], tuple[int, str]] = {}

    def salah(self, row: int, kolom: Kolom, message: str) -> None:
        self.errors.append(RowError(row, kolom.header, message))

    def row(self, nomor: int, v: Mapping[Kolom, Any], bad: set[str]) -> DesaRow | None:
        """Check one converted row; its :class:`DesaRow` if the key cells are good."""
        kode: str | None = v.get(K_KODE)
        tahun: int | None = v.get(K_TAHUN)
        if kode is not None:
            self._wilayah(nomor, kode, v.get(K_NAMA))
        for kolom in (K_KADES, K_PETUGAS):
            nama = v.get(kolom)
            if nama is not None and len(nama) > PANJANG_NAMA:
                self.salah(
                    nomor,
                    kolom,
                    f"{kolom.header} terlalu panjang (paling banyak {PANJANG_NAMA} huruf).",
                )
        if v.get(K_TELEPON) is not None and v.get(K_PETUGAS) is None:
            self.salah(
                nomor,
                K_TELEPON,
                "Telepon Petugas diisi tetapi Petugas Desmigratif kosong; isi nama petugasnya.",
            )
        for kolom in KOLOM_BILANGAN:
            jumlah = v.get(kolom)
            if jumlah is not None and jumlah > BATAS_BILANGAN:
                self.salah(
                    nomor,
                    kolom,
                    f"{kolom.header} {_tampil_bilangan(jumlah)} terlalu besar; paling banyak "
                    f"{format_angka(BATAS_BILANGAN)}.",
                )
                bad.add(kolom.header)
        statistik = self._statistik(nomor, v, bad, v.get(K_TAHUN_DATA) or tahun)
        if kode is None or tahun is None or K_TAHUN_DATA.header in bad:
            return None
        row = DesaRow(
            baris=nomor,
            kode_wilayah=kode,
            tahun_penetapan=tahun,
            tahun_data=v.get(K_TAHUN_DATA) or tahun,
            nama_desa=_rapi(v.get(K_NAMA)),
            status=v.get(K_STATUS),
            kepala_desa=_rapi(v.get(K_KADES)),
            petugas=_rapi(v.get(K_PETUGAS)),
            telepon_petugas=v.get(K_TELEPON),
            statistik=statistik,
        )
        self._antar_baris(row)
        return row

    def _wilayah(self, nomor: int, kode: str, nama: str | None) -> None:
        if kode not in self.wilayah:
            self.wilayah[kode] = self.cari(kode)
        w = self.wilayah[kode]
        if w is None:
            self.salah(
                nomor,
                K_KODE,
                f'Kode wilayah "{kode}" tidak ada dalam daftar wilayah resmi Kemendagri.',
            )
        elif nama is not None and not _nama_desa_cocok(nama, w.nama):
            self.salah(
                nomor,
                K_NAMA,
                f'Nama Desa "{_kutip(nama)}" tidak sesuai dengan daftar wilayah: kode {kode} '
                f'adalah {jenis_desa(kode)} "{w.nama}" ({_tempat(w)}). Periksa kode atau nama '
                "desanya.",
            )

    def _statistik(
        self, nomor: int, v: Mapping[Kolom, Any], bad: set[str], tahun: int | None
    ) -> StatistikBaris | None:
        if not any(v.get(k) is not None or k.header in bad for k in KOLOM_STATISTIK):
            return None
        negara: tuple[tuple[str, int | None], ...] = ()
        if v.get(K_NEGARA) is not None:
            try:
                negara = parse_negara(v[K_NEGARA])
            except ValidationError as exc:
                self.salah(nomor, K_NEGARA, exc.message)
                bad.add(K_NEGARA.header)
        if tahun is None:
            return None
        st = StatistikBaris(
            tahun=tahun,
            jumlah_penduduk=v.get(K_PENDUDUK),
            pmi_aktif_l=v.get(K_PMI_L),
            pmi_aktif_p=v.get(K_PMI_P),
            cpmi=v.get(K_CPMI),
            pmi_purna=v.get(K_PURNA),
            negara=negara,
        )
        aktif_ok = not bad.intersection({K_PMI_L.header, K_PMI_P.header})
        rincian = (
            f"Laki-laki {format_angka(st.pmi_aktif_l or 0)} + Perempuan "
            f"{format_angka(st.pmi_aktif_p or 0)} = {format_angka(st.pmi_aktif)}"
        )
        dihitung = sum(j for _, j in negara if j)
        if aktif_ok and K_NEGARA.header not in bad and dihitung > st.pmi_aktif:
            self.salah(
                nomor,
                K_NEGARA,
                f"jumlah PMI per negara ({format_angka(dihitung)}) melebihi PMI aktif ({rincian}).",
            )
        penduduk = st.jumlah_penduduk
        if aktif_ok and penduduk is not None and st.pmi_aktif > penduduk:
            self.salah(
                nomor,
                K_PENDUDUK,
                f"PMI aktif ({rincian}) melebihi Jumlah Penduduk ({format_angka(penduduk)}).",
            )
        return st

    def _antar_baris(self, row: DesaRow) -> None:
        """The same village and year twice; values that differ between a village's rows."""
        kunci = (row.kode_wilayah, row.tahun_data)
        sebelum = self.tahun_data.get(kunci)
        if sebelum is not None:
            self.salah(
                row.baris,
                K_KODE,
                f"Kode Wilayah {row.kode_wilayah} dengan Tahun Data {row.tahun_data} muncul "
                f"dua kali: baris {sebelum} dan baris {row.baris}. Satu desa hanya satu baris "
                "per Tahun Data; gabungkan kedua baris.",
            )
        else:
            self.tahun_data[kunci] = row.baris
        pertama = self.pertama.setdefault(row.kode_wilayah, row)
        if pertama is not row:
            for kolom, a, b in (
                (K_TAHUN, pertama.tahun_penetapan, row.tahun_penetapan),
                (K_STATUS, pertama.status, row.status),
                (K_KADES, pertama.kepala_desa, row.kepala_desa),
            ):
                if a is not None and b is not None and _beda(a, b):
                    self.salah(
                        row.baris,
                        kolom,
                        f'{kolom.header} "{_tampil(b)}" berbeda dengan baris {pertama.baris} '
                        f'("{_tampil(a)}") untuk desa yang sama ({row.kode_wilayah}); samakan.',
                    )
        if row.petugas is not None and row.telepon_petugas is not None:
            kunci_p = (row.kode_wilayah, _lipat(row.petugas))
            lama = self.telepon.setdefault(kunci_p, (row.baris, row.telepon_petugas))
            if lama[1] != row.telepon_petugas:
                self.salah(
                    row.baris,
                    K_TELEPON,
                    f"Telepon Petugas {row.telepon_petugas} berbeda dengan baris {lama[0]} "
                    f"({lama[1]}) untuk petugas yang sama ({_kutip(row.petugas)}); samakan.",
                )


def _beda(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _lipat(a) != _lipat(b)
    return a != b


def _tampil(value: object) -> str:
    return value.label if isinstance(value, StatusDesa) else _kutip(str(value))


def parse_desa_workbook(
    path: str | Path,
    cari_wilayah: CariWilayah,
    progress: Progress | None = None,
    *,
    this_year: int | None = None,
) -> list[DesaRow]:
    """Read and check every row of the ``Desa`` sheet; raise ``ImportErrors`` listing all
    problems (``Baris N, kolom "Header": ...``), else return the rows in file order.

    ``cari_wilayah`` looks a code up in the official region list. ``progress`` is advanced
    per row and checked for cancellation (``Cancelled``). ``this_year`` is for tests.
    """
    progress = progress or NullProgress()
    sheet = read_sheet(path, SHEET_DESA, KOLOM_DESA, progress=progress)
    progress.set_total(len(sheet), "Memeriksa baris lembar Desa…")
    errors: list[RowError] = []
    pemeriksa = _Pemeriksa(cari_wilayah, errors)
    rows: list[DesaRow] = []
    for nomor, raw in sheet:
        check(progress)
        sebelum = len(errors)
        values = convert_row(nomor, _saring_angka(nomor, raw, errors), errors, this_year=this_year)
        for i in range(sebelum, len(errors)):
            e = errors[i]
            errors[i] = RowError(e.row, e.column, _ringkas(e.message))
        bad = {e.column for e in errors[sebelum:] if e.column}
        row = pemeriksa.row(nomor, values, bad)
        if row is not None:
            rows.append(row)
        progress.advance()
    if errors:
        raise ImportErrors(errors, path)
    return rows
