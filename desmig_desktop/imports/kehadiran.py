"""Reading the community-parenting attendance workbook (sheet ``Kehadiran``, FORMATS.md).

One row per participant per session. :func:`parse_kehadiran_workbook` reads every row by
the columns declared in :data:`~desmig_desktop.domain.lembar.KOLOM_KEHADIRAN` and checks
what can be checked from the file alone:

* Kode Wilayah a dotted desa/kelurahan code; Tanggal an Excel date, ``dd/mm/yyyy`` or
  ``yyyy-mm-dd`` that exists in the calendar, from 2016 and not in the future;
  Topik and Nama Peserta given; Jenis Kelamin ``L``/``P``; Tanggal Lahir (optional) not in
  the future and not after the session; Kategori ``Anak``, ``Pengasuh`` (Wali/Pengasuh) or
  ``Orang Tua`` (Ayah for L, Ibu for P), and the app's own categories (Ayah, Ibu, Kakek,
  Nenek, Wali/Pengasuh, Kader) so that its exports import back; Status ``H``/``I``/``S``/
  ``A`` (also Hadir, Izin, Sakit, Alpa).
* Between rows: the same participant at the same session twice with different statuses
  (both rows named); one session with two different facilitators; one participant with
  two different sexes or categories.

Whether the village is registered, and which stored session and participant a row means,
is the service's business (``services.impor_kehadiran``): files only here (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from desmig_desktop.domain.enums import JenisKelamin, KategoriPeserta, Kehadiran
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_tanggal, format_tanggal_pendek
from desmig_desktop.domain.lembar import (
    KOLOM_KEHADIRAN,
    SHEET_KEHADIRAN,
    TAHUN_AWAL_PROGRAM,
    Jenis,
    Kolom,
)
from desmig_desktop.domain.progress import NullProgress, Progress, check
from desmig_desktop.imports.workbook import (
    ImportErrors,
    NilaiSalah,
    RowError,
    read_cell,
    read_sheet,
)
from desmig_desktop.imports.workbook import kutip as _kutip
from desmig_desktop.imports.workbook import ringkas_pesan as _ringkas

__all__ = [
    "PANJANG_NAMA",
    "PANJANG_TOPIK",
    "KehadiranRow",
    "check_kehadiran_workbook",
    "kunci_nama",
    "parse_kategori",
    "parse_kehadiran_workbook",
    "parse_status",
]

PANJANG_NAMA = 120
"""Longest participant or facilitator name the database keeps."""
PANJANG_TOPIK = 150
"""Longest session topic the database keeps."""

_K = {k.header: k for k in KOLOM_KEHADIRAN}
K_KODE = _K["Kode Wilayah"]
K_TANGGAL = _K["Tanggal"]
K_TOPIK = _K["Topik"]
K_FASILITATOR = _K["Fasilitator"]
K_NAMA = _K["Nama Peserta"]
K_JK = _K["Jenis Kelamin"]
K_LAHIR = _K["Tanggal Lahir"]
K_KATEGORI = _K["Kategori"]
K_STATUS = _K["Status"]

_ORANG_TUA = "orang tua"
_STATUS_LAIN = {"alpha": Kehadiran.A, "alfa": Kehadiran.A, "absen": Kehadiran.A}
_PILIHAN_KATEGORI = (
    "isi Anak, Pengasuh atau Orang Tua (juga Ayah, Ibu, Kakek, Nenek, Wali/Pengasuh, Kader)."
)


@dataclass(frozen=True)
class KehadiranRow:
    """One checked row: a participant's mark at a session."""

    baris: int
    kode_wilayah: str
    tanggal: date
    topik: str
    fasilitator: str | None
    nama: str
    jenis_kelamin: JenisKelamin
    tanggal_lahir: date | None
    kategori: KategoriPeserta
    status: Kehadiran

    @property
    def kunci_pertemuan(self) -> tuple[str, date, str]:
        """Village, date and topic (case and spaces ignored): one session."""
        return (self.kode_wilayah, self.tanggal, kunci_nama(self.topik))

    @property
    def kunci_peserta(self) -> tuple[str, str, date | None]:
        """Village, name (case and spaces ignored) and birth date: one participant."""
        return (self.kode_wilayah, kunci_nama(self.nama), self.tanggal_lahir)


@lru_cache(maxsize=65_536)  # names and topics repeat down a sheet (several keys per row)
def kunci_nama(teks: str) -> str:
    """A name or topic as compared: inner spaces collapsed, case folded."""
    return " ".join(teks.split()).casefold()


@lru_cache(maxsize=65_536)
def _rapi(teks: str) -> str:
    return " ".join(teks.split())


def _teks_sel(value: object) -> str:
    """A cell of a vocabulary column as text: ``1.0`` gives ``1``, a date ``20/05/2024``."""
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if isinstance(value, datetime):
        return f"{format_tanggal_pendek(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_tanggal_pendek(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- cells


def parse_status(value: object, field: str = "Status") -> Kehadiran:
    """``H``, ``I``, ``S``, ``A`` or ``Hadir``, ``Izin``, ``Sakit``, ``Alpa`` (any case)."""
    teks = _teks_sel(value)
    try:
        return Kehadiran.parse(teks, field)
    except ValidationError:
        lain = _STATUS_LAIN.get(teks.casefold())
        if lain is not None:
            return lain
        raise ValidationError(
            f'"{_kutip(teks)}" tidak dikenal; isi H (hadir), I (izin), S (sakit) atau A (alpa).',
            field,
        ) from None


def _parse_jenis_kelamin(value: object, field: str) -> JenisKelamin:
    teks = _teks_sel(value)
    try:
        return JenisKelamin.parse(teks, field)
    except ValidationError:
        raise ValidationError(
            f'"{_kutip(teks)}" tidak dikenal; isi L (laki-laki) atau P (perempuan).', field
        ) from None


def parse_kategori(
    value: object, jenis_kelamin: JenisKelamin | None, field: str = "Kategori"
) -> KategoriPeserta | None:
    """The participant's category; ``Orang Tua`` is Ayah for L and Ibu for P.

    Returns None for ``Orang Tua`` when the sex is unknown (the sex cell is wrong: that
    error is reported there).
    """
    teks = _teks_sel(value)
    kunci = teks.casefold().replace("orangtua", _ORANG_TUA)
    if kunci == _ORANG_TUA:
        if jenis_kelamin is None:
            return None
        return KategoriPeserta.AYAH if jenis_kelamin is JenisKelamin.L else KategoriPeserta.IBU
    try:
        return KategoriPeserta.parse(teks, field)
    except ValidationError:
        raise ValidationError(
            f'"{_kutip(teks)}" tidak dikenal; {_PILIHAN_KATEGORI}', field
        ) from None


def _baca(kolom: Kolom, value: object) -> Any:
    """The typed value of a cell (None when empty); kinds of this sheet first."""
    if kolom.jenis not in (Jenis.JENIS_KELAMIN, Jenis.KATEGORI_PESERTA, Jenis.STATUS_HADIR):
        return read_cell(kolom, value)
    if isinstance(value, NilaiSalah):
        raise ValidationError(value.message, kolom.header)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kolom.jenis is Jenis.JENIS_KELAMIN:
        return _parse_jenis_kelamin(value, kolom.header)
    if kolom.jenis is Jenis.STATUS_HADIR:
        return parse_status(value, kolom.header)
    return value  # the category: resolved with the sex, see parse_kategori


# --------------------------------------------------------------------------- rows


_SEL_MAKS = 200_000  # remembered cells, at most (bounded memory on any sheet)


class _Pemeriksa:
    """The checks of one row and between rows."""

    def __init__(self, errors: list[RowError], today: date) -> None:
        self.errors = errors
        self.today = today
        self.tanda: dict[tuple[object, ...], tuple[int, Kehadiran]] = {}
        self.fasilitator: dict[tuple[str, date, str], tuple[int, str]] = {}
        self.peserta: dict[tuple[str, str, date | None], KehadiranRow] = {}
        # cell -> (typed value, None) or (None, message): villages, dates, topics, sexes,
        # categories and statuses repeat down a sheet; each distinct cell is read once
        self._sel: dict[tuple[Kolom, type, object], tuple[Any, str | None]] = {}

    def baca(self, kolom: Kolom, value: object) -> tuple[Any, str | None]:
        """The typed value of a cell, or the refusal's message (remembered per value)."""
        key = (kolom, type(value), value)
        try:
            return self._sel[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value: read it, do not remember it
            key = None
        try:
            found: tuple[Any, str | None] = (_baca(kolom, value), None)
        except ValidationError as exc:
            found = (None, _ringkas(exc.message))
        if key is not None:
            if len(self._sel) >= _SEL_MAKS:
                self._sel.clear()
            self._sel[key] = found
        return found

    def salah(self, row: int, kolom: Kolom, message: str) -> None:
        self.errors.append(RowError(row, kolom.header, message))

    def row(self, nomor: int, raw: Mapping[Kolom, object]) -> KehadiranRow | None:
        """The checked row, or None when any of its cells is wrong (errors recorded)."""
        sebelum = len(self.errors)
        v: dict[Kolom, Any] = {}
        for kolom, value in raw.items():
            typed, message = self.baca(kolom, value)
            if message is not None:
                self.salah(nomor, kolom, message)
                continue
            if typed is None:
                if kolom.wajib:
                    self.salah(nomor, kolom, f"{kolom.header} wajib diisi.")
                continue
            v[kolom] = typed
        for kolom, batas in (
            (K_TOPIK, PANJANG_TOPIK),
            (K_NAMA, PANJANG_NAMA),
            (K_FASILITATOR, PANJANG_NAMA),
        ):
            teks = v.get(kolom)
            if teks is not None and len(_rapi(teks)) > batas:
                self.salah(
                    nomor, kolom, f"{kolom.header} terlalu panjang (paling banyak {batas} huruf)."
                )
        tanggal = self._tanggal(nomor, v.get(K_TANGGAL))
        lahir: date | None = v.get(K_LAHIR)
        if lahir is not None:
            self._lahir(nomor, lahir, tanggal)
        jk: JenisKelamin | None = v.get(K_JK)
        kategori: KategoriPeserta | None = None
        if K_KATEGORI in v:
            try:
                kategori = parse_kategori(v[K_KATEGORI], jk, K_KATEGORI.header)
            except ValidationError as exc:
                self.salah(nomor, K_KATEGORI, exc.message)
        if len(self.errors) > sebelum or tanggal is None or jk is None or kategori is None:
            return None
        fasilitator: str | None = v.get(K_FASILITATOR)
        row = KehadiranRow(
            baris=nomor,
            kode_wilayah=v[K_KODE],
            tanggal=tanggal,
            topik=_rapi(v[K_TOPIK]),
            fasilitator=_rapi(fasilitator) if fasilitator else None,
            nama=_rapi(v[K_NAMA]),
            jenis_kelamin=jk,
            tanggal_lahir=lahir,
            kategori=kategori,
            status=v[K_STATUS],
        )
        self._antar_baris(row)
        return row if len(self.errors) == sebelum else None

    def _tanggal(self, nomor: int, tanggal: date | None) -> date | None:
        if tanggal is None:
            return None
        if tanggal.year < TAHUN_AWAL_PROGRAM:
            self.salah(
                nomor,
                K_TANGGAL,
                f"Tanggal {format_tanggal(tanggal)} sebelum program Desmigratif dimulai "
                f"({TAHUN_AWAL_PROGRAM}).",
            )
            return None
        if tanggal > self.today:
            self.salah(
                nomor,
                K_TANGGAL,
                f"Tanggal {format_tanggal(tanggal)} belum tiba: kehadiran hanya dicatat untuk "
                "pertemuan yang sudah berlangsung.",
            )
            return None
        return tanggal

    def _lahir(self, nomor: int, lahir: date, tanggal: date | None) -> None:
        if lahir > self.today:
            self.salah(
                nomor,
                K_LAHIR,
                f"Tanggal Lahir {format_tanggal(lahir)} belum tiba (di masa depan).",
            )
        elif lahir.year < 1900:
            self.salah(nomor, K_LAHIR, f"Tanggal Lahir {format_tanggal(lahir)} tidak mungkin.")
        elif tanggal is not None and lahir > tanggal:
            self.salah(
                nomor,
                K_LAHIR,
                f"Tanggal Lahir {format_tanggal(lahir)} sesudah tanggal pertemuan "
                f"{format_tanggal(tanggal)}.",
            )

    def _antar_baris(self, row: KehadiranRow) -> None:
        kunci = (*row.kunci_pertemuan, *row.kunci_peserta[1:])
        lama = self.tanda.setdefault(kunci, (row.baris, row.status))
        if lama[1] is not row.status:
            self.salah(
                row.baris,
                K_STATUS,
                f'peserta "{row.nama}" pada pertemuan "{row.topik}" tanggal '
                f"{format_tanggal(row.tanggal)} muncul dua kali dengan status berbeda: baris "
                f"{lama[0]} ({lama[1].value}) dan baris {row.baris} ({row.status.value}). "
                "Hapus salah satunya.",
            )
        if row.fasilitator:
            sebelum = self.fasilitator.setdefault(row.kunci_pertemuan, (row.baris, row.fasilitator))
            if kunci_nama(sebelum[1]) != kunci_nama(row.fasilitator):
                self.salah(
                    row.baris,
                    K_FASILITATOR,
                    f'Fasilitator "{row.fasilitator}" berbeda dengan baris {sebelum[0]} '
                    f'("{sebelum[1]}") untuk pertemuan yang sama; samakan.',
                )
        pertama = self.peserta.setdefault(row.kunci_peserta, row)
        if pertama is not row:
            for kolom, a, b in (
                (K_JK, pertama.jenis_kelamin, row.jenis_kelamin),
                (K_KATEGORI, pertama.kategori, row.kategori),
            ):
                if a is not b:
                    self.salah(
                        row.baris,
                        kolom,
                        f'{kolom.header} "{b.label}" berbeda dengan baris {pertama.baris} '
                        f'("{a.label}") untuk peserta yang sama ({row.nama}); samakan.',
                    )


def check_kehadiran_workbook(
    path: str | Path,
    progress: Progress | None = None,
    *,
    today: date | None = None,
) -> tuple[list[KehadiranRow], list[RowError]]:
    """Read and check every row of the ``Kehadiran`` sheet: the good rows in file order and
    the row errors (``Baris N, kolom "Header": ...``). A problem with the file itself (not
    a workbook, no such sheet, a required column missing) raises ``ImportErrors``.

    ``progress`` is advanced per row and checked for cancellation (``Cancelled``);
    ``today`` is for tests.
    """
    progress = progress or NullProgress()
    sheet = read_sheet(path, SHEET_KEHADIRAN, KOLOM_KEHADIRAN, progress=progress)
    progress.set_total(len(sheet), "Memeriksa baris lembar Kehadiran…")
    errors: list[RowError] = []
    pemeriksa = _Pemeriksa(errors, today or date.today())
    rows: list[KehadiranRow] = []
    for nomor, raw in sheet:
        check(progress)
        row = pemeriksa.row(nomor, raw)
        if row is not None:
            rows.append(row)
        progress.advance()
    return rows, errors


def parse_kehadiran_workbook(
    path: str | Path,
    progress: Progress | None = None,
    *,
    today: date | None = None,
) -> list[KehadiranRow]:
    """Like :func:`check_kehadiran_workbook`, but any row error raises ``ImportErrors``
    listing all of them; else the rows in file order."""
    rows, errors = check_kehadiran_workbook(path, progress, today=today)
    if errors:
        raise ImportErrors(errors, path)
    return rows
