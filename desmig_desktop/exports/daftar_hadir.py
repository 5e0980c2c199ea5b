"""Community-parenting attendance on paper: the daftar hadir and the attendance recap.

Plain values in, files out (DESIGN.md: exports know files, not the database); the
service :mod:`desmig_desktop.services.ekspor_parenting` gathers the values.

:func:`write_daftar_hadir_pdf` prints the attendance sheet of one session on the office
letterhead: "DAFTAR HADIR / PERTEMUAN COMMUNITY PARENTING", the session (village with
kecamatan and kabupaten, "Sabtu, 13 Januari 2024", topic, place, facilitator), then a
numbered table of the participants (No, Nama, L/P, Kategori, Tanda Tangan) whose
signature column alternates in the classic way: odd rows sign on the left half
("1. ......"), even rows on the right half ("2. ......"), every row about 9.6 mm tall. A
session with marks gets a "Ket." column (H/I/S/A); a blank sheet (a session not yet
held) has none and a few empty numbered rows for walk-ins. The place-date line and the
signatures of the facilitator and the head of the village ("Mengetahui, Kepala Desa ...")
stay with the end of the table.

:func:`write_rekap_pdf` and :func:`write_rekap_xlsx` give the recap of a village and
period: per participant the mark at each session, H, I, S, A, Jumlah and the attendance
rate ("78,70%"), a total row with the overall rate, and per session the same counts.
The workbook's ``Kehadiran`` sheet is in the import format (FORMATS.md) and imports back
unchanged (``desmig import attendance``).

Personal data (UU 27/2022): nothing here prints a NIK; the values passed in carry none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    format_angka,
    format_persen,
    format_tanggal,
    format_tanggal_hari,
    format_tanggal_pendek,
    format_tempat_tanggal,
    persen,
)
from desmig_desktop.domain.lembar import KOLOM_KEHADIRAN, SHEET_KEHADIRAN
from desmig_desktop.domain.progress import Progress
from desmig_desktop.domain.wilayah import jenis_desa, short_kabkota
from desmig_desktop.exports.pdf_base import (
    CELL_PAD_BOTTOM,
    CELL_PAD_TOP,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    TEXT_COLOR,
    BlokTtd,
    KantorLike,
    TtdLike,
    blok_tanda_tangan,
    build_pdf,
    col_widths,
    content_width,
    data_table,
    kop_surat,
    para,
    signature_section,
    styles,
)
from desmig_desktop.exports.xlsx_base import (
    FMT_ANGKA,
    FMT_PERSEN,
    FMT_TANGGAL,
    FMT_TEKS,
    PAPER_CODES,
    discard_workbook,
    new_workbook,
    save_workbook,
    write_big_sheet,
)

__all__ = [
    "JUDUL_DAFTAR_HADIR",
    "JUDUL_REKAP",
    "SHEET_PERTEMUAN",
    "SHEET_REKAP",
    "BarisHadir",
    "DaftarHadir",
    "HitunganLike",
    "Penanda",
    "PesertaRekap",
    "RekapKehadiran",
    "SesiRekap",
    "judul_desa",
    "lokasi_desa",
    "tingkat_kehadiran",
    "write_daftar_hadir_pdf",
    "write_rekap_pdf",
    "write_rekap_xlsx",
]

JUDUL_DAFTAR_HADIR = "DAFTAR HADIR"
SUBJUDUL_DAFTAR_HADIR = "PERTEMUAN COMMUNITY PARENTING"
JUDUL_REKAP = "REKAP KEHADIRAN COMMUNITY PARENTING"
SHEET_REKAP = "Rekap"
SHEET_PERTEMUAN = "Pertemuan"

TINGGI_BARIS_TTD = 9.6 * mm
"""Height of a signing row of the daftar hadir (room for a signature)."""
BARIS_KOSONG = 3
"""Empty numbered rows at the end of a blank sheet, for participants not yet registered."""
MAKS_KOLOM_SESI = 16
"""Beyond this many sessions the recap PDF leaves out the per-session mark columns."""


# --------------------------------------------------------------------------- values in


class HitunganLike(Protocol):
    """Counts of H, I, S and A (``services.parenting.Rekap`` fits)."""

    h: int
    i: int
    s: int
    a: int


@dataclass
class Penanda:
    """A signer known by name only (facilitator, head of village): no NIP is printed."""

    nama: str
    jabatan: str
    nip: str | None = None
    pangkat: str = ""
    awalan: str = ""


@dataclass(frozen=True)
class BarisHadir:
    """One participant line of a daftar hadir."""

    nama: str
    jenis_kelamin: str  # "L" or "P"
    kategori: str  # the category's label: "Anak", "Ibu", "Wali/Pengasuh", ...
    status: str | None = None  # "H", "I", "S", "A"; None: no mark


@dataclass(frozen=True)
class DaftarHadir:
    """A session's attendance sheet. ``ket`` prints the H/I/S/A column."""

    kode_wilayah: str
    desa: str
    kecamatan: str
    kabkota: str
    tanggal: date
    topik: str
    tempat: str
    fasilitator: str
    kepala_desa: str
    peserta: Sequence[BarisHadir]
    ket: bool = False
    baris_kosong: int = 0


@dataclass(frozen=True)
class SesiRekap:
    """One session of a recap with its counts."""

    tanggal: date
    topik: str
    fasilitator: str
    tempat: str
    rekap: HitunganLike


@dataclass(frozen=True)
class PesertaRekap:
    """One participant of a recap: the mark at each session (in session order), counts."""

    nama: str
    jenis_kelamin: str
    kategori: str
    tanggal_lahir: date | None
    tanda: Sequence[str | None]
    rekap: HitunganLike


@dataclass(frozen=True)
class RekapKehadiran:
    """The attendance recap of a village and period."""

    kode_wilayah: str
    desa: str
    kecamatan: str
    kabkota: str
    dari: date | None
    sampai: date | None
    sesi: Sequence[SesiRekap]
    peserta: Sequence[PesertaRekap]
    total: HitunganLike


def _jumlah(r: HitunganLike) -> int:
    return r.h + r.i + r.s + r.a


def tingkat_kehadiran(r: HitunganLike) -> str:
    """H / all marks as printed: ``78,70%``; ``-`` without marks."""
    return format_persen(persen(r.h, _jumlah(r)))


def _rasio(r: HitunganLike) -> float | None:
    """H / all marks as an Excel fraction (shown as a percentage), None without marks."""
    total = _jumlah(r)
    return round(r.h / total, 6) if total else None


def _kelurahan(kode: str) -> bool:
    try:
        return jenis_desa(kode) == "kelurahan"
    except ValidationError:
        return False


def judul_desa(kode_wilayah: str, nama: str) -> str:
    """``Desa Tunggangri`` (``Kelurahan ...`` for a kelurahan code)."""
    return f"{'Kelurahan' if _kelurahan(kode_wilayah) else 'Desa'} {nama}"


def _kepala(kode_wilayah: str, nama: str) -> str:
    return f"Lurah {nama}" if _kelurahan(kode_wilayah) else f"Kepala Desa {nama}"


def lokasi_desa(nama: str, kecamatan: str, kabkota: str) -> str:
    """``Tunggangri, Kec. Kalidawir, Kab. Tulungagung``."""
    bagian = [nama]
    if kecamatan.strip():
        bagian.append(f"Kec. {kecamatan.strip()}")
    if kabkota.strip():
        bagian.append(short_kabkota(kabkota))
    return ", ".join(bagian)


# --------------------------------------------------------------------------- cell flowables


@lru_cache(maxsize=32)
def _gaya(align: int, bold: bool = False, size: float = CELL_SIZE) -> ParagraphStyle:
    styles()  # fonts registered
    return ParagraphStyle(
        f"Hadir{align}{bold}{size}",
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.22,
        alignment=align,
        textColor=TEXT_COLOR,
    )


class _Sel(Flowable):
    """Text centred vertically in a cell of a fixed minimum height (a signing row)."""

    def __init__(self, text: str, height: float, align: int = TA_LEFT) -> None:
        super().__init__()
        self.text = text
        self.min_height = height
        self.align = align
        self._p: Paragraph | None = None
        self._ph = 0.0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._p = Paragraph(escape(self.text), _gaya(self.align))
        _, self._ph = self._p.wrap(aW, aH)
        self.width = aW
        self.height = max(self.min_height, self._ph)
        return self.width, self.height

    def draw(self) -> None:
        assert self._p is not None
        self._p.drawOn(self.canv, 0, (self.height - self._ph) / 2)


class _Tandatangan(Flowable):
    """The signature cell of row ``nomor``: odd rows sign on the left half, even rows on
    the right half, each behind its number and above a dotted line."""

    def __init__(self, nomor: int, height: float) -> None:
        super().__init__()
        self.nomor = nomor
        self.height = height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        return aW, self.height

    def draw(self) -> None:
        c = self.canv
        half = self.width / 2
        x0 = 0.0 if self.nomor % 2 else half
        teks = f"{self.nomor}."
        y = 2.2 * mm
        c.saveState()
        c.setFillColor(TEXT_COLOR)
        c.setFont(FONT, CELL_SIZE)
        c.drawString(x0 + 1.5 * mm, y, teks)
        start = x0 + 1.5 * mm + pdfmetrics.stringWidth(teks, FONT, CELL_SIZE) + 1.2 * mm
        end = x0 + half - 2 * mm
        if end > start:
            c.setStrokeColor(TEXT_COLOR)
            c.setLineWidth(0.6)
            c.setDash(0.6, 1.8)
            c.line(start, y - 0.6, end, y - 0.6)
        c.restoreState()


def _info_table(baris: Sequence[tuple[str, str]], width: float) -> Table:
    """Label : value lines (the session's identity above the list)."""
    label = _gaya(TA_LEFT, size=10)
    value = _gaya(TA_LEFT, size=10)
    data = [[para(a, label), para(":", label), para(b, value)] for a, b in baris]
    table = Table(
        data,
        colWidths=[30 * mm, 4 * mm, width - 34 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
    )
    table.hAlign = "LEFT"
    return table


def _lebar_nomor(jumlah: int, paling_sedikit: float) -> float:
    """Width in mm of a "No" column numbering ``jumlah`` rows: ``10.000`` stays on one line."""
    teks = format_angka(max(jumlah, 1))
    return max(paling_sedikit, (pdfmetrics.stringWidth(teks, FONT, CELL_SIZE) + 8) / mm)


def _lebar_jumlah(total: HitunganLike) -> list[float]:
    """Widths in mm of the H, I, S, A and Jumlah columns: the total row's bold figures
    (``81.735``) stay on one line."""
    return [
        max(least, (pdfmetrics.stringWidth(format_angka(v), FONT_BOLD, CELL_SIZE) + 8) / mm)
        for v, least in zip(_angka(total), (9, 9, 9, 9, 13), strict=True)
    ]


def _lebar_sesi(width: float, total: HitunganLike) -> list[float]:
    """Widths in mm of the sessions table: Ke-, Tanggal, Topik, Fasilitator, the counts and
    the rate; the topic takes what is left."""
    weights = [9.0, 20.0, 0.0, 45.0, *_lebar_jumlah(total), 19.0]
    weights[2] = max(60.0, width / mm - sum(weights))
    return weights


def _judul(*lines: str, sub: Sequence[str] = ()) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(line, s.title) for line in lines]
    story += [para(line, s.subtitle) for line in sub if line]
    story.append(Spacer(1, 4 * mm))
    return story


# --------------------------------------------------------------------------- daftar hadir


def write_daftar_hadir_pdf(
    path: str | os.PathLike[str],
    daftar: DaftarHadir,
    kantor: KantorLike,
    *,
    paper: str = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the daftar hadir of one session (see the module's description); A4 or F4.

    The place-date line is the village and the session's date ("Tunggangri, 13 Januari
    2024"): the sheet is signed where and when the session is held.
    """
    width = content_width(paper)
    story: list[Flowable] = kop_surat(kantor, width)
    story += _judul(JUDUL_DAFTAR_HADIR, SUBJUDUL_DAFTAR_HADIR)
    story.append(
        _info_table(
            [
                (
                    "Kelurahan" if _kelurahan(daftar.kode_wilayah) else "Desa",
                    lokasi_desa(daftar.desa, daftar.kecamatan, daftar.kabkota),
                ),
                ("Hari/Tanggal", format_tanggal_hari(daftar.tanggal)),
                ("Topik", daftar.topik),
                ("Tempat", daftar.tempat or "." * 60),
                ("Fasilitator", daftar.fasilitator or "." * 60),
            ],
            width,
        )
    )
    story.append(Spacer(1, 4 * mm))

    tinggi = TINGGI_BARIS_TTD - CELL_PAD_TOP - CELL_PAD_BOTTOM
    header = ["No", "Nama", "L/P", "Kategori", "Tanda Tangan"]
    weights = [_lebar_nomor(len(daftar.peserta) + daftar.baris_kosong, 9), 60, 9, 26, 71]
    if daftar.ket:
        header.append("Ket.")
        weights[-1] -= 11
        weights.append(11)
    rows: list[list[object]] = []
    entries: list[BarisHadir | None] = [*daftar.peserta, *([None] * daftar.baris_kosong)]
    for nomor, p in enumerate(entries, start=1):
        row: list[object] = [
            _Sel(str(nomor), tinggi, TA_CENTER),
            _Sel(p.nama if p else "", tinggi),
            _Sel(p.jenis_kelamin if p else "", tinggi, TA_CENTER),
            _Sel(p.kategori if p else "", tinggi),
            _Tandatangan(nomor, tinggi),
        ]
        if daftar.ket:
            row.append(_Sel((p.status or "") if p else "", tinggi, TA_CENTER))
        rows.append(row)
    table = data_table(header, rows, col_widths(width, weights))

    kades = (daftar.kepala_desa or "").strip()
    blocks = blok_tanda_tangan(
        [
            BlokTtd(
                Penanda(kades, _kepala(daftar.kode_wilayah, daftar.desa)), heading="Mengetahui,"
            ),
            BlokTtd(Penanda(daftar.fasilitator.strip(), "Fasilitator")),
        ],
        width,
        tempat_tanggal=format_tempat_tanggal(daftar.desa, daftar.tanggal),
        space=18 * mm,
    )
    story += signature_section(None, blocks, keep_with=table, min_rows=3)
    return build_pdf(
        path,
        story,
        paper=paper,
        title=f"Daftar Hadir {daftar.topik} – {judul_desa(daftar.kode_wilayah, daftar.desa)}",
        author=kantor.instansi,
        subject=f"Daftar hadir pertemuan community parenting {format_tanggal(daftar.tanggal)}",
        footer_text=f"Daftar hadir community parenting – {format_tanggal(daftar.tanggal)}",
        progress=progress,
    )


# --------------------------------------------------------------------------- recap


def _periode(rekap: RekapKehadiran) -> str:
    if rekap.dari and rekap.sampai:
        return f"Periode {format_tanggal(rekap.dari)} s.d. {format_tanggal(rekap.sampai)}"
    if rekap.dari:
        return f"Periode sejak {format_tanggal(rekap.dari)}"
    if rekap.sampai:
        return f"Periode sampai {format_tanggal(rekap.sampai)}"
    return "Seluruh pertemuan"


def _ringkasan(rekap: RekapKehadiran) -> str:
    t = rekap.total
    return (
        f"{format_angka(len(rekap.sesi))} pertemuan, {format_angka(len(rekap.peserta))} "
        f"peserta; tingkat kehadiran {tingkat_kehadiran(t)} (hadir {format_angka(t.h)} dari "
        f"{format_angka(_jumlah(t))} tanda kehadiran)"
    )


def _angka(r: HitunganLike) -> list[object]:
    return [r.h, r.i, r.s, r.a, _jumlah(r)]


def write_rekap_pdf(
    path: str | os.PathLike[str],
    rekap: RekapKehadiran,
    kantor: KantorLike,
    *,
    kota: str,
    tanggal: date,
    penandatangan: Sequence[TtdLike | None],
    paper: str = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the recap PDF (landscape): participants with their mark at each session (up
    to :data:`MAKS_KOLOM_SESI` sessions), counts and rate, a total row with the overall
    rate; then the sessions with their counts; place-date line ``kota, tanggal`` and the
    signers (the first under "Mengetahui,"; None prints a dotted block)."""
    width = content_width(paper, landscape=True)
    story: list[Flowable] = kop_surat(kantor, width)
    story += _judul(
        JUDUL_REKAP,
        sub=[
            f"{judul_desa(rekap.kode_wilayah, rekap.desa)}, "
            + lokasi_desa("", rekap.kecamatan, rekap.kabkota).lstrip(", "),
            _periode(rekap),
        ],
    )
    s = styles()
    story.append(para(_ringkasan(rekap) + ".", s.body))
    story.append(Spacer(1, 3 * mm))

    n = len(rekap.sesi)
    per_sesi = 0 < n <= MAKS_KOLOM_SESI
    header = ["No", "Nama", "L/P", "Kategori"]
    weights: list[float] = [_lebar_nomor(len(rekap.peserta), 8), 52, 8, 24]
    if per_sesi:
        header += [str(i) for i in range(1, n + 1)]
        weights += [max(6.0, min(9.0, 110 / n))] * n
    header += ["H", "I", "S", "A", "Jumlah", "Tingkat kehadiran"]
    weights += [*_lebar_jumlah(rekap.total), 19]
    weights[1] = max(40.0, width / mm - (sum(weights) - weights[1]))
    rows: list[list[object]] = []
    for nomor, p in enumerate(rekap.peserta, start=1):
        row: list[object] = [nomor, p.nama, p.jenis_kelamin, p.kategori]
        if per_sesi:
            row += [t or "-" for t in p.tanda]
        row += [*_angka(p.rekap), tingkat_kehadiran(p.rekap)]
        rows.append(row)
    total: list[object] = ["", "JUMLAH", "", "", *([""] * (n if per_sesi else 0))]
    total += [*_angka(rekap.total), tingkat_kehadiran(rekap.total)]
    align = "CLCL" + ("C" * n if per_sesi else "") + "RRRRRR"
    if per_sesi:
        story.append(
            para(
                f"Kolom 1–{n}: status pada pertemuan ke-1 sampai ke-{n} (lihat Rekap per "
                "Pertemuan). H = hadir, I = izin, S = sakit, A = alpa.",
                s.small,
            )
        )
        story.append(Spacer(1, 1.5 * mm))
    story += data_table(header, rows, col_widths(width, weights), align=align, total_row=total)

    story.append(CondPageBreak(40 * mm))  # the heading never alone at the foot of a page
    story.append(para("Rekap per Pertemuan", _gaya(TA_LEFT, bold=True, size=10)))
    story.append(Spacer(1, 1.5 * mm))
    sesi_rows: list[list[object]] = [
        [
            nomor,
            format_tanggal_pendek(x.tanggal),
            x.topik,
            x.fasilitator,
            *_angka(x.rekap),
            tingkat_kehadiran(x.rekap),
        ]
        for nomor, x in enumerate(rekap.sesi, start=1)
    ]
    sesi_total = ["", "JUMLAH", "", "", *_angka(rekap.total), tingkat_kehadiran(rekap.total)]
    sesi_table = data_table(
        [
            "Ke-",
            "Tanggal",
            "Topik",
            "Fasilitator",
            "H",
            "I",
            "S",
            "A",
            "Jumlah",
            "Tingkat kehadiran",
        ],
        sesi_rows,
        col_widths(width, _lebar_sesi(width, rekap.total)),
        align="CLLLRRRRRR",
        total_row=sesi_total,
    )
    signers = list(penandatangan) or [None]
    blocks = blok_tanda_tangan(
        [
            BlokTtd(t, heading="Mengetahui," if i == 0 and len(signers) > 1 else "")
            for i, t in enumerate(signers)
        ],
        width,
        tempat_tanggal=format_tempat_tanggal(kota, tanggal),
    )
    story += signature_section(None, blocks, keep_with=sesi_table)
    return build_pdf(
        path,
        story,
        paper=paper,
        landscape=True,
        title=f"Rekap Kehadiran Community Parenting – {judul_desa(rekap.kode_wilayah, rekap.desa)}",
        author=kantor.instansi,
        subject=_periode(rekap),
        footer_text=f"Rekap kehadiran – {judul_desa(rekap.kode_wilayah, rekap.desa)}",
        progress=progress,
    )


_KOLOM_BARIS = (
    "Kode Wilayah",
    "Tanggal",
    "Topik",
    "Fasilitator",
    "Nama Peserta",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Kategori",
    "Status",
)


def _baris_kehadiran(rekap: RekapKehadiran) -> Iterator[list[object]]:
    """The rows of the import sheet: one per participant per session with a mark, session
    after session, in the columns of :data:`KOLOM_KEHADIRAN` (generated, not held)."""
    urutan = [_KOLOM_BARIS.index(k.header) for k in KOLOM_KEHADIRAN]
    for i, sesi in enumerate(rekap.sesi):
        kode, tanggal, topik = rekap.kode_wilayah, sesi.tanggal, sesi.topik
        fasilitator = sesi.fasilitator or None
        for p in rekap.peserta:
            status = p.tanda[i]
            if not status:
                continue
            row = (
                kode,
                tanggal,
                topik,
                fasilitator,
                p.nama,
                p.jenis_kelamin,
                p.tanggal_lahir,
                p.kategori,
                status,
            )
            yield [row[j] for j in urutan]


def _rumus_tingkat(h: str, jumlah: str) -> str:
    """The total row's rate: all H over all marks (a template of ``write_table_sheet``)."""
    sum_h = f"SUM({h}{{first}}:{h}{{last}})"
    sum_j = f"SUM({jumlah}{{first}}:{jumlah}{{last}})"
    return f'=IF({sum_j}=0,"",{sum_h}/{sum_j})'


def _lembar_rekap(
    wb: Any,
    rekap: RekapKehadiran,
    heading: list[str],
    paper: str,
    instansi: str,
    progress: Progress | None,
) -> None:
    """Sheet ``Rekap``: a participant per row, the mark at each session, counts and rate."""
    n = len(rekap.sesi)
    sesi_headers = [f"{i}. {format_tanggal_pendek(x.tanggal)}" for i, x in enumerate(rekap.sesi, 1)]
    headers = ["No", "Nama Peserta", "L/P", "Kategori", *sesi_headers]
    headers += ["H", "I", "S", "A", "Jumlah", "Tingkat Kehadiran"]
    rows = (
        [
            nomor,
            p.nama,
            p.jenis_kelamin,
            p.kategori,
            *[t or "" for t in p.tanda],
            *_angka(p.rekap),
            _rasio(p.rekap),
        ]
        for nomor, p in enumerate(rekap.peserta, start=1)
    )
    base = 4 + n
    h, jml = get_column_letter(base + 1), get_column_letter(base + 5)
    jumlah: dict[int | str, str] = {base + k: "SUM" for k in range(5)}
    jumlah[base + 5] = _rumus_tingkat(h, jml)
    formats: list[str | None] = [FMT_ANGKA, None, None, None, *([None] * n)]
    formats += [FMT_ANGKA] * 5 + [FMT_PERSEN]
    write_big_sheet(
        wb,
        SHEET_REKAP,
        headers,
        rows,
        col_formats=formats,
        widths=[5, 30, 5, 14, *([12] * n), 7, 7, 7, 7, 9, 12],
        total_row_formulas=jumlah,
        heading=heading,
        paper=paper,
        landscape=True,
        footer_text=instansi,
        total=len(rekap.peserta),
        progress=progress,
    )


def _lembar_pertemuan(
    wb: Any,
    rekap: RekapKehadiran,
    heading: list[str],
    paper: str,
    instansi: str,
    progress: Progress | None,
) -> None:
    """Sheet ``Pertemuan``: a session per row with its counts and rate."""
    sesi_rows = [
        [nomor, x.tanggal, x.topik, x.fasilitator, x.tempat, *_angka(x.rekap), _rasio(x.rekap)]
        for nomor, x in enumerate(rekap.sesi, start=1)
    ]
    rate_s = _rumus_tingkat("F", "J")
    write_big_sheet(
        wb,
        SHEET_PERTEMUAN,
        [
            "Ke-",
            "Tanggal",
            "Topik",
            "Fasilitator",
            "Tempat",
            "H",
            "I",
            "S",
            "A",
            "Jumlah",
            "Tingkat Kehadiran",
        ],
        sesi_rows,
        col_formats=[FMT_ANGKA, FMT_TANGGAL, None, None, None, *([FMT_ANGKA] * 5), FMT_PERSEN],
        widths=[5, 12, 48, 24, 24, 7, 7, 7, 7, 9, 12],
        total_row_formulas={5: "SUM", 6: "SUM", 7: "SUM", 8: "SUM", 9: "SUM", 10: rate_s},
        heading=heading,
        paper=paper,
        landscape=True,
        footer_text=instansi,
        total=len(rekap.sesi),
        progress=progress,
    )


def _lembar_kehadiran(
    wb: Any, rekap: RekapKehadiran, paper: str, instansi: str, progress: Progress | None
) -> None:
    """Sheet ``Kehadiran``: the import format, header on row 1, a row per mark."""
    kolom_fmt = {"Kode Wilayah": FMT_TEKS, "Tanggal": FMT_TANGGAL, "Tanggal Lahir": FMT_TANGGAL}
    write_big_sheet(
        wb,
        SHEET_KEHADIRAN,
        [k.header for k in KOLOM_KEHADIRAN],
        _baris_kehadiran(rekap),
        col_formats=[kolom_fmt.get(k.header) for k in KOLOM_KEHADIRAN],
        widths=[k.lebar for k in KOLOM_KEHADIRAN],
        paper=paper,
        landscape=True,
        footer_text=instansi,
        total=_jumlah(rekap.total),
        progress=progress,
    )


def write_rekap_xlsx(
    path: str | os.PathLike[str],
    rekap: RekapKehadiran,
    *,
    instansi: str = "",
    paper: str = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the recap workbook: sheets ``Rekap`` (participants, marks per session,
    counts, rate; a total row with formulas), ``Pertemuan`` (counts per session) and
    ``Kehadiran`` (the import sheet, header on row 1).

    A write-only workbook: each sheet's rows are streamed to disk as they are made (a
    village's 100,000 marks never sit in memory as cells). ``progress`` counts the rows of
    each sheet; cancelling raises ``Cancelled`` and writes nothing.
    """
    if paper.strip().upper() not in PAPER_CODES:  # refused before any sheet is begun
        raise ValueError(f"unknown paper size {paper!r}; expected one of {sorted(PAPER_CODES)}")
    heading = [
        JUDUL_REKAP,
        f"{judul_desa(rekap.kode_wilayah, rekap.desa)}, "
        + lokasi_desa("", rekap.kecamatan, rekap.kabkota).lstrip(", ")
        + f" ({rekap.kode_wilayah})",
        _periode(rekap),
        _ringkasan(rekap),
    ]
    wb = new_workbook(write_only=True, title=JUDUL_REKAP.title(), author=instansi)
    try:
        _lembar_rekap(wb, rekap, heading, paper, instansi, progress)
        _lembar_pertemuan(wb, rekap, heading[:3], paper, instansi, progress)
        _lembar_kehadiran(wb, rekap, paper, instansi, progress)
        return save_workbook(wb, path, progress)
    except BaseException:
        discard_workbook(wb)  # no temporary sheet files left behind
        raise
