"""Hypothesis strategies for the import fuzz tests: workbooks good, bad and broken.

A workbook is described by a small model (:class:`Buku`: sheets of cell grids, merged
ranges, formulas with or without a cached value, a byte-level damage, a file suffix) and
written by :func:`tulis` with openpyxl, so that every feature is a real one: merged cells
are ``ws.merge_cells``, formulas are ``"=..."`` cells (a cached value is put into the
sheet's XML the way Excel stores it), dates are date cells or numbers with a date format.

Each import has a strategy (:func:`strategi`) that starts from a *valid* workbook for the
database it is fed to (so that some examples are accepted) and applies up to four
mutations (:func:`mutasi`: a cell or a whole column set to a nasty or near-valid value,
formulas, merged cells, header columns duplicated, dropped, reordered or misspelt, rows
doubled or far away, sheets renamed, added, dropped, hidden or charts, the bytes damaged,
the suffix changed), or a fully random workbook (:func:`buku_acak`). The valid workbooks
use real Kemendagri region codes and, for the plans and the attendance, the villages and
activity codes of the demo district (``services.demo``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from desmig_desktop.domain.lembar import (
    KOLOM_DESA,
    KOLOM_KEHADIRAN,
    KOLOM_PAGU,
    KOLOM_REALISASI,
    KOLOM_RENCANA,
    SHEET_DESA,
    SHEET_KEHADIRAN,
    SHEET_PAGU,
    SHEET_REALISASI,
    SHEET_RENCANA,
    Jenis,
    Kolom,
)

TODAY = date.today()
THIS_YEAR = TODAY.year

# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Rumus:
    """A formula cell; ``cached`` is the value Excel stored with it, when ``ada_cache``
    (without one, the workbook reads as never calculated, as a program writes it)."""

    teks: str  # without the leading "="
    cached: object = None
    ada_cache: bool = False


@dataclass(frozen=True)
class Galat:
    """An Excel error value (#N/A, #DIV/0!, ...)."""

    kode: str


@dataclass(frozen=True)
class Bertanggal:
    """A number shown with a number format (a date format makes it a date cell)."""

    angka: float | int
    format: str = "dd/mm/yyyy"


@dataclass
class Lembar:
    judul: str
    baris: list[list[object]]  # row 1 (index 0) is the header row
    gabung: list[str] = field(default_factory=list)  # merged ranges, e.g. "A2:A3"
    jenis: str = "worksheet"  # or "chartsheet"
    tersembunyi: bool = False
    baris_jauh: dict[int, list[object]] = field(default_factory=dict)  # row number -> cells


@dataclass
class Buku:
    """A workbook to write; ``rusak`` damages the bytes written (see :func:`_rusak`)."""

    lembar: list[Lembar]
    rusak: tuple[Any, ...] | None = None
    akhiran: str = ".xlsx"
    nama: str = "impor"
    asal: str = "valid"  # "valid", "mutasi" or "acak": how the example was made
    opsi: dict[str, Any] = field(default_factory=dict)  # e.g. confirm_over for the plans

    def salin(self) -> Buku:
        return replace(
            self,
            lembar=[
                replace(
                    lb,
                    baris=[list(r) for r in lb.baris],
                    gabung=list(lb.gabung),
                    baris_jauh={k: list(v) for k, v in lb.baris_jauh.items()},
                )
                for lb in self.lembar
            ],
            opsi=dict(self.opsi),
        )


# --------------------------------------------------------------------------- writing

# openpyxl refuses these characters in a cell; Excel stores them escaped as _xHHHH_
_KENDALI = re.compile(r"[\000-\010\013\014\016-\037]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _teks_sel(teks: str) -> str:
    return _KENDALI.sub(lambda m: f"_x{ord(m.group()):04X}_", teks)


def _isi(ws: Any, row: int, col: int, value: object, cache: dict[str, object]) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Rumus):
        cell.value = "=" + _teks_sel(value.teks)
        if value.ada_cache:
            cache[cell.coordinate] = value.cached
    elif isinstance(value, Galat):
        cell.value = value.kode
    elif isinstance(value, Bertanggal):
        cell.value = value.angka
        cell.number_format = value.format
    elif isinstance(value, str):
        cell.value = _teks_sel(value)
    else:
        cell.value = value


def _v_cache(c: Any, value: object) -> None:
    """Store ``value`` as the cached result of formula cell ``c`` (an lxml element)."""
    v = c.find(f"{{{_NS}}}v")
    if v is None:
        v = etree.SubElement(c, f"{{{_NS}}}v")
    if value is None:
        c.remove(v)
        return
    if isinstance(value, bool):
        c.set("t", "b")
        v.text = "1" if value else "0"
    elif isinstance(value, Galat):
        c.set("t", "e")
        v.text = value.kode
    elif isinstance(value, int | float):
        c.attrib.pop("t", None)
        v.text = repr(value) if isinstance(value, float) else str(value)
    else:
        c.set("t", "str")
        v.text = _teks_sel(str(value))


def _pasang_cache(data: bytes, caches: dict[str, dict[str, object]]) -> bytes:
    """Rewrite the sheets' XML so that formula cells carry their cached values."""
    if not any(caches.values()):
        return data
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as masuk,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in masuk.infolist():
            isi = masuk.read(info.filename)
            cache = caches.get(info.filename)
            if cache:
                root = etree.fromstring(isi)
                for c in root.iter(f"{{{_NS}}}c"):
                    ref = c.get("r")
                    if ref in cache and c.find(f"{{{_NS}}}f") is not None:
                        _v_cache(c, cache[ref])
                isi = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            z.writestr(info, isi)
    return keluar.getvalue()


def _rusak(data: bytes, rusak: tuple[Any, ...]) -> bytes:
    """Damage the bytes of a written workbook."""
    jenis = rusak[0]
    if jenis == "potong":  # a truncated download or copy
        return data[: int(len(data) * rusak[1])]
    if jenis == "timpa":  # bytes overwritten somewhere in the file
        pos = min(len(data) - 1, int(len(data) * rusak[1]))
        sisip: bytes = rusak[2]
        return data[:pos] + sisip + data[pos + len(sisip) :]
    if jenis == "awalan":
        return rusak[1] + data
    if jenis == "ganti":  # not a workbook at all
        return rusak[1]
    if jenis == "entri":  # one entry of the zip damaged, dropped or replaced
        _, pola, cara, sisip = rusak
        keluar = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(data)) as masuk,
            zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z,
        ):
            for info in masuk.infolist():
                isi = masuk.read(info.filename)
                if re.search(pola, info.filename):
                    if cara == "hapus":
                        continue
                    if cara == "potong":
                        isi = isi[: len(isi) // 2]
                    elif cara == "ganti":
                        isi = sisip
                    elif cara == "sisip":
                        isi = isi[: len(isi) // 3] + sisip + isi[len(isi) // 3 :]
                z.writestr(info, isi)
        return keluar.getvalue()
    raise ValueError(rusak)  # pragma: no cover - a mistake in this module


def tulis(buku: Buku, folder: Path, nomor: int) -> Path:
    """Write ``buku`` into ``folder``; returns the path (name, suffix as the model says)."""
    wb = Workbook()
    wb.remove(wb.active)
    caches: dict[str, dict[str, object]] = {}
    n_ws = 0
    for lb in buku.lembar:
        if lb.jenis == "chartsheet":
            wb.create_chartsheet(lb.judul)
            continue
        ws = wb.create_sheet(lb.judul)
        n_ws += 1
        cache: dict[str, object] = {}
        caches[f"xl/worksheets/sheet{n_ws}.xml"] = cache
        for r, cells in enumerate(lb.baris, start=1):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    _isi(ws, r, c, value, cache)
        for r, cells in lb.baris_jauh.items():
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    _isi(ws, r, c, value, cache)
        for ref in lb.gabung:
            ws.merge_cells(ref)
        if lb.tersembunyi:
            ws.sheet_state = "hidden"
    if not wb.sheetnames:  # openpyxl cannot write a workbook without a sheet
        wb.create_sheet("Sheet")
    if all(ws.sheet_state != "visible" for ws in wb.worksheets + wb.chartsheets):
        wb.worksheets[0].sheet_state = "visible"
    buf = io.BytesIO()
    wb.save(buf)
    data = _pasang_cache(buf.getvalue(), caches)
    if buku.rusak is not None:
        data = _rusak(data, buku.rusak)
    path = folder / f"{nomor:05d}-{buku.nama}{buku.akhiran}"
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- real data

# Real desa/kelurahan codes with their official names (resources/wilayah).
DESA_RESMI: tuple[tuple[str, str], ...] = (
    ("35.04.14.2001", "Kalibatur"),
    ("35.04.14.2004", "Kalidawir"),
    ("52.03.01.2001", "Tanjung Luar"),
    ("33.01.01.2001", "Tambakreja"),
    ("32.08.19.2004", "Ciwiru"),
    ("33.15.03.2002", "Sedadi"),
    ("91.05.11.2010", "Jaimaria"),
    ("35.18.18.2002", "Ngluyu"),
    ("18.71.20.1005", "Kangkung"),
    ("62.13.01.2003", "Pulau Patai"),
    ("71.09.01.1011", "Tarorane"),
    ("53.13.03.2006", "Bungamuda"),
    # the demo district's villages (registered in ``demo_db``: the import updates them)
    ("35.04.14.2011", "Tunggangri"),
    ("35.04.14.2016", "Betak"),
    ("35.04.12.2003", "Panggungkalak"),
)
# The Desmigratif villages of the demo district (registered in ``demo_db``).
DESA_DEMO: tuple[str, ...] = (
    "35.04.14.2011",
    "35.04.14.2016",
    "35.04.14.2017",
    "35.04.12.2003",
    "35.04.05.2008",
    "35.04.03.2017",
    "35.04.12.2006",
)
# Activity codes of the demo (its year 2024 is open); its closed year 2023 has no plans,
# so codes of 2023 are unknown codes.
KODE_DEMO_2024 = ("2024-I-001", "2024-I-002", "2024-II-001", "2024-II-003")
KODE_DEMO_2023 = ("2023-I-001", "2023-II-001")
SUMBER = ("APBN", "APBD Provinsi", "APBD Kabupaten/Kota", "Dana Desa", "Lainnya")
PILAR = ("I", "II", "III", "IV")
NEGARA = ("Malaysia", "Taiwan", "Hong Kong", "Arab Saudi", "Korea Selatan", "Singapura")
# fmt: off
NAMA_DEPAN = ("Ratna", "Yohanes", "Ketut", "Fransiska", "Bonifasius", "Wayan", "Theresia",
              "Lukas", "Made", "Yosefina", "Agustinus", "Kadek", "Margaretha", "Ignatius")
NAMA_BELAKANG = ("Kusumawardani", "Wibisono", "Ariani", "Sinaga", "Pardede", "Suarjana",
                 "Lumbantobing", "Simatupang", "Manuputty", "Rumbiak", "Tampubolon", "Hutapea")
TOPIK = ("Sosialisasi Modul Community Parenting", "Pola Asuh Anak Usia Dini",
         "Gizi Seimbang untuk Anak", "Literasi Keuangan Keluarga Pekerja Migran")

# --------------------------------------------------------------------------- nasty values

TEKS_ANEH: tuple[str, ...] = (
    # blanks and invisible characters
    "", " ", "   \t ", "\n", "\u00a0", "\u200b", "\ufeff", "\u2028", "\u0085", "\x7f", "\x9f",
    # control characters (written as Excel writes them: _x0001_) and line breaks
    "a\x01b", "\x00", "\x1f\x1e", "tab\tdi\ttengah", "baris\r\nbaru",
    # right-to-left, bidi overrides, emoji, combining marks, other digits
    "مرحبا بالعالم", "שלום עולם", "\u202eamrofni\u202c", "\u200fكود\u200f", "👩‍👩‍👧‍👦",
    "🇮🇩 Desa 🏡", "Z̵̡̢a̸͇l̷g̶o̵", "ｆｕｌｌｗｉｄｔｈ", "١٢٣٤", "२०१९", "𝟙𝟚𝟛", "Ⅳ", "ⅱ",
    # Python and spreadsheet words, injections, markup
    "None", "null", "NaN", "inf", "-inf", "1e309", "0x1F", "True", "'=1+1", "@SUM(1)",
    "<b>tebal</b>", "&amp;", "]]>", '"', "'", "\\", "%s %d", "{0} {}",
    "Robert'); DROP TABLE desa;--", "_x0041_",
    # numbers and money as text
    "+62", "-", "--", "Rp", "Rp -", "Rp 1.250.000", "Rp. 1.250.000,-", "1.250.000,50",
    "1.250.000,505", "-1", "-0", "0", "00", "1,5", "1.2.3", "12:30",
    # impossible and out-of-range dates
    "31/02/2024", "29/02/2023", "2024-02-30", "00/00/0000", "13/13/2024", "2024-13-01",
    "1/1/1", "31/12/9999", "01/01/0001", "9999-12-31", "0000-00-00", "20/05/99999",
    # far too many digits
    "9" * 5000, "1" + "0" * 400, "1." + "000." * 300 + "000",
)
GALAT = ("#N/A", "#DIV/0!", "#REF!", "#NAME?", "#VALUE!", "#NUM!", "#NULL!")
RUMUS = ("1+1", "A1", '""', '"II"', "TODAY()", "NOW()", "1/0", "SUM(A:A)", "DATE(2024,2,30)",
         'REPT("x",40000)', 'HYPERLINK("http://contoh.id","tautan")', "A2&B2", "Sheet99!A1",
         "((((")
# fmt: on

teks_acak = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"), max_size=40
)
teks_raksasa = st.builds(
    lambda s, n: (s or "x") * n,
    st.sampled_from(["x", "Ahmad ", "مرحبا ", "👩‍👧", "1.", "\u200b", "ab\n"]),
    st.integers(1000, 40000),
)
angka_liar = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 2**31, 2**53 + 1, 2**63, -(2**63) - 1, 10**15, 10**18, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.1, -0.0, 1e-300, 5e-324, 1e308, 123456789.123456, 2.5, 1.005, 0.001]),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**20), max_value=10**20
    ),
)
tanggal_liar = st.one_of(
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.sampled_from(
        [
            date(1900, 1, 1),
            date(1899, 12, 31),
            date(1, 1, 1),
            datetime(1, 1, 1),
            date(2016, 1, 1),
            TODAY,
            TODAY + timedelta(days=1),
            datetime(2024, 5, 20, 23, 59, 59, 999999),
            date(9999, 12, 31),
        ]
    ),
    st.times(),
    st.builds(timedelta, days=st.integers(-5, 5), seconds=st.integers(0, 86399)),
    st.builds(  # numbers shown as dates, times, text: serial 60 is Excel's 29/02/1900
        Bertanggal,
        st.one_of(
            st.sampled_from([-1, 0, 1, 59, 60, 61, 2958465, 2958466, 10**7, 10**15, 0.5]),
            st.floats(-1e6, 1e7),
        ),
        st.sampled_from(["dd/mm/yyyy", "yyyy-mm-dd", "hh:mm", "0.00", "@", "General"]),
    ),
)
nilai_cache = st.one_of(
    st.none(),
    st.sampled_from(["", "II", "APBN", "H", "L", "Anak", "35.04.14.2011", "2024", "Aktif"]),
    st.integers(-5, 3_000_000),
    st.floats(allow_nan=False),
    st.booleans(),
    st.builds(Galat, st.sampled_from(GALAT)),
    teks_acak,
)
rumus = st.builds(Rumus, st.sampled_from(RUMUS), nilai_cache, st.booleans())
"""A formula, with a cached value or none at all."""


def nilai_liar() -> st.SearchStrategy[object]:
    """Any value a cell can hold, leaning to the nasty."""
    return st.one_of(
        st.none(),
        st.sampled_from(TEKS_ANEH),
        teks_acak,
        angka_liar,
        st.booleans(),
        tanggal_liar,
        st.builds(Galat, st.sampled_from(GALAT)),
        rumus,
        teks_raksasa,
    )


def _tahun_teks(t: int) -> list[object]:
    return [t, float(t), str(t), f" {t} ", f"{t},0", f"{t // 1000}.{t % 1000:03d}"]


def nilai_dekat(kolom: Kolom) -> st.SearchStrategy[object]:
    """Near-valid and borderline values for a column of kind ``kolom.jenis``."""
    j = kolom.jenis
    pilihan: list[object]
    # fmt: off
    if j is Jenis.KODE_DESA:
        pilihan = [*(k for k, _ in DESA_RESMI), *DESA_DEMO, " 35.04.14.2001 ", "35.4.14.2001",
                   "3504142001", 3504142001, 35.04, "35.04.14", "35.04", "35", "35.04.14.2001.",
                   "35.04.14.2001.1", "99.99.99.9999", "00.00.00.0000", "٣٥.٠٤.١٤.٢٠١١",
                   "35.04.14.20l1", "35-04-14-2011", "35,04,14,2011", "35.04.14.1001"]
    elif j is Jenis.TAHUN:
        pilihan = [*_tahun_teks(2019), 2015, 2016, THIS_YEAR, THIS_YEAR + 1, THIS_YEAR + 2, 0,
                   -2019, 2019.5, 10**6, 10**20, "२०१९", "tahun 2019", datetime(2019, 1, 1),
                   "2019-01-01"]
    elif j is Jenis.BULAT:
        pilihan = [0, 1, -1, 1.5, 7.0, "1.050", "1,050", "1 050", 10**9, 10**12, 2**63, 10**30,
                   "1e3", "١٠", "12,0", float("inf")]
    elif j is Jenis.RUPIAH:
        pilihan = [0, 1, -1, -1_000_000, 1_000_000.5, 0.001, 1e-10, 1e300, 10**14, 10**15,
                   10**18, 10**30, "Rp 1.250.000", "-Rp 5", "Rp -5", "1.250.000,505", "Rp",
                   "Rp.", "1 250 000", "1.250.000,-", "1,250,000", "١٢٣",
                   "Rp 1.000.000.000.000.000"]
    elif j is Jenis.TANGGAL:
        pilihan = [date(2024, 1, 20), datetime(2024, 2, 17), "20/01/2024", "2024-01-20",
                   "20-01-2024", "31/02/2024", "29/02/2023", "29/02/2024", "2015-12-31",
                   TODAY, TODAY + timedelta(days=1), date(1899, 12, 31), date(1, 1, 1),
                   "01/01/1900", 45310, 45310.5, Bertanggal(45310), Bertanggal(-5),
                   Bertanggal(2958466), time(12, 30)]
    elif j is Jenis.TELEPON:
        pilihan = ["0812-3456-7890", "+62 812 3456 7890", 81234567890, 81234567890.0, "0812",
                   "+1 555 0100", "08123456789012345678", "62812", "(0355) 123456", "ext. 12"]
    elif j is Jenis.STATUS_DESA:
        pilihan = ["Aktif", "aktif", "NONAKTIF", "Nonaktif", "non aktif", "Tidak Aktif", 1, "Ya"]
    elif j is Jenis.DAFTAR:
        pilihan = ["Malaysia (218), Taiwan (173), Hong Kong", "Malaysia", "Malaysia (", ")(",
                   "Malaysia (-1)", "Malaysia (1.5)", "Malaysia 12", "Malaysia, malaysia",
                   ",,,", "Taiwan (10**20)", f"Taiwan ({10**20})", "X" * 100, "((a))",
                   "Malaysia (218); Taiwan (173)", "Arab Saudi (٣)", "Taiwan (" + "9" * 5000 + ")"]
    elif j is Jenis.PILAR:
        pilihan = ["I", "i", " II ", "IV", 1, 1.0, 4, 5, 0, -1, "V", "Ⅳ", "Pilar I", 1.5, True]
    elif j is Jenis.TRIWULAN:
        pilihan = ["I", "IV", 1, 4, 4.0, 0, 5, "Q1", "TW 1", "Triwulan II", 2.5, "٢"]
    elif j is Jenis.SUMBER_DANA:
        pilihan = [*SUMBER, "apbn", " APBD  Provinsi ", "CSR/Lainnya", "APBX", 1]
    elif j is Jenis.STATUS_KEGIATAN:
        pilihan = ["Rencana", "Berjalan", "Selesai", "Batal", "selesai ", "Done", 1]
    elif j is Jenis.KODE_KEGIATAN:
        pilihan = [*KODE_DEMO_2024, *KODE_DEMO_2023, "2025-I-001", "2025-V-001", "2025-I-1",
                   "2025-iv-010", "2025-I-0001", "2025-I-" + "9" * 30, "2025 I 001",
                   "2024-I-00١", 2025]
    elif j in (Jenis.VOLUME, Jenis.VOLUME_NOL):
        pilihan = [0, -1, 0.001, 0.01, 2.5, "2,5", "1.000", "1.000,555", 1e12, 1e300, "1e3",
                   float("nan"), "Rp 5", 10**15]
    elif j is Jenis.JENIS_KELAMIN:
        pilihan = ["L", "P", "l", "Laki-laki", "Perempuan", "X", 1, "L/P"]
    elif j is Jenis.KATEGORI_PESERTA:
        pilihan = ["Anak", "Pengasuh", "Orang Tua", "orangtua", "Ayah", "Ibu", "Kakek", "Nenek",
                   "Wali/Pengasuh", "Kader", "Guru", 1]
    elif j is Jenis.STATUS_HADIR:
        pilihan = ["H", "I", "S", "A", "Hadir", "izin", "alpha", "absen", "X", 1, "h "]
    else:  # TEKS: longer than the database keeps (names 120, topic 150, activity 250, unit 30)
        pilihan = ["Siti Aminah", "x" * 121, "x" * 151, "x" * 251, "y" * 31, 12345, 1.5,
                   date(2024, 1, 1), True]
    # fmt: on
    if j not in (Jenis.TEKS, Jenis.DAFTAR):  # text of more digits than Python converts
        pilihan += ["9" * 5000, "1" + "0" * 40]
    return st.sampled_from(pilihan)


def nilai_untuk(kolom: Kolom | None) -> st.SearchStrategy[object]:
    """A value for a cell of ``kolom``: near-valid two times in three."""
    if kolom is None:
        return nilai_liar()
    return st.one_of(nilai_dekat(kolom), nilai_dekat(kolom), nilai_liar())


# --------------------------------------------------------------------------- valid workbooks


def _grid(kolom: tuple[Kolom, ...], rows: list[dict[str, object]]) -> list[list[object]]:
    headers = [k.header for k in kolom]
    return [list(headers)] + [[r.get(h) for h in headers] for r in rows]


@st.composite
def _nama_orang(draw: st.DrawFn) -> str:
    return f"{draw(st.sampled_from(NAMA_DEPAN))} {draw(st.sampled_from(NAMA_BELAKANG))}"


def _tahun_sel(draw: st.DrawFn, tahun: int) -> object:
    return draw(st.sampled_from([tahun, tahun, float(tahun), str(tahun)]))


@st.composite
def buku_desa_valid(draw: st.DrawFn) -> Buku:
    """A villages workbook the import accepts on an empty database."""
    desa = draw(st.lists(st.sampled_from(DESA_RESMI), min_size=1, max_size=4, unique=True))
    rows: list[dict[str, object]] = []
    for kode, nama in desa:
        tahun = draw(st.integers(2016, THIS_YEAR))
        status = draw(st.sampled_from([None, "Aktif", "Nonaktif", "aktif"]))
        kades = draw(st.one_of(st.none(), _nama_orang()))
        petugas = draw(st.one_of(st.none(), _nama_orang()))
        telepon = draw(st.sampled_from([None, "0812-3456-7890", "+62 812 3456 7891"]))
        data_years = draw(
            st.lists(st.integers(tahun, THIS_YEAR), min_size=1, max_size=2, unique=True)
        )
        for i, tahun_data in enumerate(data_years):
            l_ = draw(st.integers(0, 500))
            p_ = draw(st.integers(0, 500))
            negara = draw(st.lists(st.sampled_from(NEGARA), max_size=3, unique=True))
            sisa = l_ + p_
            bagian = []
            for n in negara:
                j = draw(st.one_of(st.none(), st.integers(0, sisa)))
                if j is not None:
                    sisa -= j
                bagian.append(n if j is None else f"{n} ({j})")
            rows.append(
                {
                    "Kode Wilayah": kode,
                    "Nama Desa": draw(st.sampled_from([None, nama, nama.upper(), f"Desa {nama}"])),
                    "Tahun Penetapan": _tahun_sel(draw, tahun),
                    "Status": status,
                    "Kepala Desa": kades,
                    "Petugas Desmigratif": petugas,
                    "Telepon Petugas": telepon if petugas else None,
                    "Tahun Data": _tahun_sel(draw, tahun_data)
                    if len(data_years) > 1 or i
                    else draw(st.sampled_from([None, tahun_data])),
                    "Jumlah Penduduk": draw(st.sampled_from([None, l_ + p_ + 1000])),
                    "PMI Aktif Laki-laki": l_,
                    "PMI Aktif Perempuan": draw(st.sampled_from([p_, str(p_), float(p_)])),
                    "CPMI": draw(st.sampled_from([None, 0, 25, "1.050"])),
                    "PMI Purna": draw(st.sampled_from([None, 120])),
                    "Negara Penempatan": ", ".join(bagian) or None,
                }
            )
    rows = draw(st.permutations(rows))
    return Buku([Lembar(SHEET_DESA, _grid(KOLOM_DESA, rows))], nama="desa")


@st.composite
def buku_rencana_valid(draw: st.DrawFn) -> Buku:
    """A plans workbook the import accepts on the demo database: a new year's pagu and
    plans, realisation of those plans and of the demo's 2024 plans."""
    tahun = draw(st.sampled_from(range(2025, THIS_YEAR + 2)))
    n = draw(st.integers(0, 5))
    rencana: list[dict[str, object]] = []
    per_pagu: dict[tuple[str, str], int] = {}
    nomor: dict[str, int] = {}
    for _ in range(n):
        pilar = draw(st.sampled_from(PILAR))
        sumber = draw(st.sampled_from(SUMBER))
        anggaran = draw(st.integers(0, 50_000_000))
        per_pagu[(pilar, sumber)] = per_pagu.get((pilar, sumber), 0) + anggaran
        nomor[pilar] = nomor.get(pilar, 0) + 1
        kode = draw(st.sampled_from([None, f"{tahun}-{pilar}-{nomor[pilar]:03d}"]))
        rencana.append(
            {
                "Kode Kegiatan": kode,
                "Tahun Anggaran": _tahun_sel(draw, tahun),
                "Pilar": draw(st.sampled_from([pilar, str(PILAR.index(pilar) + 1)])),
                "Kode Wilayah": draw(st.sampled_from([None, *DESA_DEMO])),
                "Nama Desa": draw(st.sampled_from([None, "keterangan saja"])),
                "Nama Kegiatan": draw(
                    st.sampled_from(["Sosialisasi migrasi aman", "Pelatihan usaha", "Rapat"])
                )
                + f" {len(rencana) + 1}",
                "Volume": draw(st.sampled_from([1, 40, 2.5, "2,5", "1.000"])),
                "Satuan": draw(st.sampled_from(["orang", "kali", "paket"])),
                "Triwulan": draw(st.sampled_from(["I", "II", 3, "4"])),
                "Anggaran (Rp)": draw(
                    st.sampled_from([anggaran, f"Rp {anggaran:,}".replace(",", ".")])
                ),
                "Sumber Dana": draw(st.sampled_from([sumber, sumber.upper()])),
                "Penanggung Jawab": draw(st.one_of(st.none(), _nama_orang())),
            }
        )
    pagu = [
        {
            "Tahun Anggaran": tahun,
            "Pilar": pilar,
            "Sumber Dana": sumber,
            "Pagu (Rp)": total + draw(st.integers(0, 10_000_000)),
        }
        for (pilar, sumber), total in per_pagu.items()
    ]
    pagu += [
        {"Tahun Anggaran": tahun, "Pilar": p, "Sumber Dana": s, "Pagu (Rp)": j}
        for p, s, j in draw(
            st.lists(
                st.tuples(st.sampled_from(PILAR), st.sampled_from(SUMBER), st.integers(0, 10**9)),
                max_size=2,
                unique_by=lambda t: (t[0], t[1]),
            )
        )
        if (p, s) not in per_pagu
    ]
    if not rencana and not pagu:  # at least one row to import
        pagu.append({"Tahun Anggaran": tahun, "Pilar": "I", "Sumber Dana": "APBN", "Pagu (Rp)": 0})
    kode_lembar = [r["Kode Kegiatan"] for r in rencana if r["Kode Kegiatan"]]
    realisasi: list[dict[str, object]] = []
    for kode in draw(
        st.lists(st.sampled_from([*kode_lembar, *KODE_DEMO_2024]), max_size=3, unique=True)
    ):
        for tw in draw(
            st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=2, unique=True)
        ):
            realisasi.append(
                {
                    "Kode Kegiatan": kode,
                    "Triwulan": tw,
                    "Realisasi (Rp)": 0 if kode in kode_lembar else draw(st.integers(0, 1000)),
                    "Volume Realisasi": draw(st.sampled_from([None, 0, 1, "2,5"])),
                    "Status": draw(st.sampled_from(["Rencana", "Berjalan", "Selesai"])),
                    "Keterangan": draw(st.sampled_from([None, "", "sesuai jadwal"])),
                }
            )
    lembar = []
    if pagu or draw(st.booleans()):
        lembar.append(Lembar(SHEET_PAGU, _grid(KOLOM_PAGU, pagu)))
    if rencana or draw(st.booleans()):
        lembar.append(Lembar(SHEET_RENCANA, _grid(KOLOM_RENCANA, rencana)))
    if realisasi or not (pagu or rencana):
        lembar.append(Lembar(SHEET_REALISASI, _grid(KOLOM_REALISASI, realisasi)))
    return Buku(lembar, nama="rencana", opsi={"confirm_over": draw(st.booleans())})


@st.composite
def buku_kehadiran_valid(draw: st.DrawFn) -> Buku:
    """An attendance workbook the import accepts on the demo database."""
    sesi = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DESA_DEMO),
                st.dates(min_value=date(2016, 1, 1), max_value=TODAY - timedelta(days=1)),
                st.sampled_from(TOPIK),
                st.one_of(st.none(), _nama_orang()),
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda t: (t[0], t[1], t[2]),
        )
    )
    peserta = draw(
        st.lists(
            st.tuples(
                _nama_orang(),
                st.sampled_from(["L", "P"]),
                st.sampled_from(["Anak", "Pengasuh", "Orang Tua", "Kader", "Nenek"]),
                st.one_of(
                    st.none(), st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 12, 31))
                ),
            ),
            min_size=1,
            max_size=4,
            unique_by=lambda t: t[0],
        )
    )
    rows: list[dict[str, object]] = []
    for kode, tanggal, topik, fasilitator in sesi:
        for nama, jk, kategori, lahir in draw(
            st.lists(st.sampled_from(peserta), min_size=1, max_size=len(peserta), unique=True)
        ):
            rows.append(
                {
                    "Kode Wilayah": kode,
                    "Tanggal": draw(
                        st.sampled_from(
                            [
                                tanggal,
                                datetime.combine(tanggal, time()),
                                tanggal.strftime("%d/%m/%Y"),
                                tanggal.isoformat(),
                            ]
                        )
                    ),
                    "Topik": topik,
                    "Fasilitator": fasilitator,
                    "Nama Peserta": nama,
                    "Jenis Kelamin": jk,
                    "Tanggal Lahir": lahir,
                    "Kategori": "Nenek"
                    if kategori == "Nenek" and jk == "P"
                    else ("Anak" if kategori == "Nenek" else kategori),
                    "Status": draw(st.sampled_from(["H", "I", "S", "A", "Hadir", "izin"])),
                }
            )
    rows = draw(st.permutations(rows))
    return Buku([Lembar(SHEET_KEHADIRAN, _grid(KOLOM_KEHADIRAN, rows))], nama="kehadiran")


# --------------------------------------------------------------------------- mutations


def _kolom_lembar(judul: str) -> tuple[Kolom, ...]:
    return {
        SHEET_DESA: KOLOM_DESA,
        SHEET_PAGU: KOLOM_PAGU,
        SHEET_RENCANA: KOLOM_RENCANA,
        SHEET_REALISASI: KOLOM_REALISASI,
        SHEET_KEHADIRAN: KOLOM_KEHADIRAN,
    }.get(judul, ())


def _kolom_di(lb: Lembar, c: int) -> Kolom | None:
    header = lb.baris[0][c] if lb.baris and c < len(lb.baris[0]) else None
    for k in _kolom_lembar(lb.judul):
        if isinstance(header, str) and k.header == header:
            return k
    return None


def _lebar(lb: Lembar) -> int:
    return max((len(r) for r in lb.baris), default=0)


def _ratakan(lb: Lembar) -> None:
    w = _lebar(lb)
    for r in lb.baris:
        r.extend([None] * (w - len(r)))


def _varian_judul(h: str) -> list[str]:
    return [
        h.upper(),
        h.lower(),
        f"  {h}  ",
        h.replace(" ", "  "),
        h.replace(" ", "\n"),
        h.replace(" ", "\u00a0"),
        h + "\u200b",
        h + " *",
        h + "2",
        h[:-1],
    ]


@st.composite
def mutasi(draw: st.DrawFn, buku: Buku) -> Buku:
    """Apply one mutation to a copy of ``buku``."""
    b = buku.salin()
    b.asal = "mutasi"
    lembar = [lb for lb in b.lembar if lb.jenis == "worksheet"]
    jenis = draw(
        st.sampled_from(
            ["sel"] * 12
            + ["kolom"] * 4
            + ["kosongkan", "angka_teks", "rumus_cache", "rumus", "gabung", "gabung"]
            + ["judul", "judul_dobel", "judul_hapus", "judul_tukar", "judul_ekstra", "judul_turun"]
            + ["baris_kosong", "baris_dobel", "baris_hapus", "baris_jauh", "raksasa"]
            + ["lembar_ganti", "lembar_tambah", "lembar_hapus", "lembar_grafik", "lembar_sembunyi"]
            + ["rusak", "akhiran"]
        )
    )
    if not lembar and jenis not in ("rusak", "akhiran", "lembar_tambah"):
        jenis = "lembar_tambah"
    lb = draw(st.sampled_from(lembar)) if lembar else None
    if lb is not None:
        _ratakan(lb)
        if not lb.baris:
            lb.baris.append([])
    w = _lebar(lb) if lb is not None else 0
    n = len(lb.baris) if lb is not None else 0

    def sel_data() -> tuple[int, int]:
        assert lb is not None
        r = draw(st.integers(1 if n > 1 else 0, max(n - 1, 0) + 1))
        c = draw(st.integers(0, max(w - 1, 0) + 1))
        while len(lb.baris) <= r:
            lb.baris.append([None] * w)
        row = lb.baris[r]
        row.extend([None] * (c + 1 - len(row)))
        return r, c

    if jenis in ("sel", "kosongkan", "raksasa", "rumus"):
        assert lb is not None
        r, c = sel_data()
        if jenis == "sel":
            value = draw(nilai_untuk(_kolom_di(lb, c)))
        elif jenis == "kosongkan":
            value = draw(st.sampled_from([None, "", "  ", "\u00a0", "\u200b"]))
        elif jenis == "raksasa":
            value = draw(teks_raksasa)
        else:
            value = draw(rumus)
        lb.baris[r][c] = value
    elif jenis == "kolom":  # one value down a whole column
        assert lb is not None
        c = draw(st.integers(0, max(w - 1, 0)))
        value = draw(nilai_untuk(_kolom_di(lb, c)))
        for row in lb.baris[1:]:
            row.extend([None] * (c + 1 - len(row)))
            row[c] = value
    elif jenis == "angka_teks":  # numbers and dates as text, text as numbers
        assert lb is not None
        r, c = sel_data()
        v = lb.baris[r][c]
        if isinstance(v, bool) or v is None:
            lb.baris[r][c] = draw(st.sampled_from(["0", "1", " "]))
        elif isinstance(v, int | float):
            lb.baris[r][c] = draw(
                st.sampled_from([str(v), f" {v} ", f"{v:,}", f"{v:,}".replace(",", ".")])
            )
        elif isinstance(v, date):
            lb.baris[r][c] = draw(st.sampled_from([v.strftime("%d/%m/%Y"), v.isoformat(), str(v)]))
        elif isinstance(v, str):
            lb.baris[r][c] = draw(st.sampled_from([v.upper(), f" {v} ", v.replace(" ", "\u00a0")]))
    elif jenis == "rumus_cache":  # a formula whose cached value is the cell's own value
        assert lb is not None
        r, c = sel_data()
        v = lb.baris[r][c]
        if not isinstance(v, Rumus | Galat | Bertanggal | date | time | timedelta):
            lb.baris[r][c] = Rumus(
                draw(st.sampled_from(['"x"', "A1", "1+1"])),
                v,
                ada_cache=draw(st.booleans()) or v is not None,
            )
    elif jenis == "gabung":
        assert lb is not None
        r1 = draw(st.integers(1, max(n, 1)))
        c1 = draw(st.integers(1, max(w, 1)))
        r2 = r1 + draw(st.integers(0, 3))
        c2 = c1 + draw(st.integers(0 if r2 > r1 else 1, 2))
        ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
        if not any(_bertumpuk(ref, g) for g in lb.gabung):
            lb.gabung.append(ref)
    elif jenis.startswith("judul"):
        assert lb is not None
        header = lb.baris[0]
        if jenis == "judul" and header:
            c = draw(st.integers(0, len(header) - 1))
            h = header[c]
            pilihan: list[object] = [None, 2024, Rumus('"Kode Wilayah"', "Kode Wilayah", True)]
            if isinstance(h, str):
                pilihan += _varian_judul(h)
            header[c] = draw(st.sampled_from(pilihan))
        elif jenis == "judul_dobel" and header:
            c = draw(st.integers(0, len(header) - 1))
            for row in lb.baris:
                row.append(row[c] if draw(st.booleans()) else None)
            lb.baris[0][-1] = header[c]
        elif jenis == "judul_hapus" and header:
            c = draw(st.integers(0, len(header) - 1))
            for row in lb.baris:
                del row[c]
        elif jenis == "judul_tukar" and len(header) > 1:
            perm = draw(st.permutations(range(len(header))))
            lb.baris = [[row[i] for i in perm] for row in lb.baris]
        elif jenis == "judul_ekstra":
            c = draw(st.integers(0, len(header)))
            nama = draw(st.sampled_from(["Keterangan", "No", "Catatan", "", None, "Nama Desa"]))
            for i, row in enumerate(lb.baris):
                row.insert(c, nama if i == 0 else draw(st.sampled_from([None, 1, "x"])))
        elif jenis == "judul_turun":  # a title row above the header
            lb.baris.insert(0, [draw(st.sampled_from(["DAFTAR DESA DESMIGRATIF", None, "No"]))])
            lb.gabung = []
    elif jenis == "baris_kosong":
        assert lb is not None
        lb.baris.insert(draw(st.integers(1, max(n, 1))), [None] * w)
    elif jenis == "baris_dobel" and n > 1:
        assert lb is not None
        r = draw(st.integers(1, n - 1))
        lb.baris.insert(draw(st.integers(1, n)), list(lb.baris[r]))
    elif jenis == "baris_hapus" and n > 1:
        assert lb is not None
        del lb.baris[draw(st.integers(1, n - 1))]
    elif jenis == "baris_jauh":  # a stray cell far below the data
        assert lb is not None
        far = draw(st.sampled_from([n + 50, 1000, 2500]))
        src = lb.baris[draw(st.integers(0, n - 1))] if n else []
        lb.baris_jauh[far] = list(src) if draw(st.booleans()) else [None, "x"]
    elif jenis == "lembar_ganti":
        assert lb is not None
        lb.judul = draw(
            st.sampled_from(
                [
                    lb.judul.upper(),
                    lb.judul.lower(),
                    f" {lb.judul} ",
                    lb.judul + "1",
                    "Sheet1",
                    lb.judul.replace(" ", "  "),
                    lb.judul + " (2)",
                    "Lembar1",
                ]
            )
        )
    elif jenis == "lembar_tambah":
        baru = Lembar(
            draw(st.sampled_from(["Petunjuk", "Sheet2", "Ringkasan", "مرحبا", "😀", "Data"])),
            draw(st.lists(st.lists(nilai_liar(), max_size=4), max_size=4)),
        )
        if all(x.judul.casefold() != baru.judul.casefold() for x in b.lembar):
            b.lembar.insert(draw(st.integers(0, len(b.lembar))), baru)
    elif jenis == "lembar_hapus" and b.lembar:
        del b.lembar[draw(st.integers(0, len(b.lembar) - 1))]
    elif jenis == "lembar_grafik":  # a chart sheet (Excel's "Move chart to new sheet")
        judul = draw(st.sampled_from(["Grafik", *(x.judul + " " for x in lembar)]))
        if all(x.judul.casefold() != judul.casefold() for x in b.lembar):
            b.lembar.insert(
                draw(st.integers(0, len(b.lembar))), Lembar(judul, [], jenis="chartsheet")
            )
    elif jenis == "lembar_sembunyi":
        assert lb is not None
        if sum(1 for x in b.lembar if not x.tersembunyi and x.jenis == "worksheet") > 1:
            lb.tersembunyi = True
    elif jenis == "rusak":
        b.rusak = draw(rusak())
    elif jenis == "akhiran":
        b.akhiran = draw(
            st.sampled_from([".XLSX", ".xlsm", ".xls", ".csv", "", ".xlsx.bak", ".ods"])
        )
    return b


def _bertumpuk(a: str, b: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    a1, a2, a3, a4 = range_boundaries(a)
    b1, b2, b3, b4 = range_boundaries(b)
    return not (a3 < b1 or b3 < a1 or a4 < b2 or b4 < a2)


def rusak() -> st.SearchStrategy[tuple[Any, ...]]:
    sampah = st.binary(min_size=1, max_size=64)
    return st.one_of(
        st.tuples(st.just("potong"), st.floats(0, 0.999)),
        st.tuples(st.just("timpa"), st.floats(0, 0.999), sampah),
        st.tuples(st.just("awalan"), sampah),
        st.tuples(
            st.just("ganti"),
            st.one_of(
                st.just(b""),
                sampah,
                st.builds(lambda s: b"PK\x03\x04" + s, sampah),
                st.builds(lambda s: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + s, sampah),
                st.just(b"Kode Wilayah;Tahun Penetapan\n35.04.14.2001;2019\n"),
                st.just("Kode Wilayah,Tahun\r\n".encode("utf-16")),
            ),
        ),
        st.tuples(
            st.just("entri"),
            st.sampled_from(
                [
                    r"worksheets/sheet\d+\.xml",
                    r"workbook\.xml$",
                    r"styles\.xml",
                    r"Content_Types",
                    r"_rels/workbook",
                ]
            ),
            st.sampled_from(["hapus", "potong", "ganti", "sisip"]),
            st.sampled_from(
                [
                    b"",
                    b"<x",
                    b"\x00\xff",
                    b"<!DOCTYPE x [<!ENTITY a 'a'>]>",
                    b'<?xml version="1.0"?><worksheet/>',
                ]
            ),
        ),
    )


# --------------------------------------------------------------------------- random workbooks

_SEMUA_LEMBAR = (SHEET_DESA, SHEET_PAGU, SHEET_RENCANA, SHEET_REALISASI, SHEET_KEHADIRAN)


@st.composite
def lembar_acak(draw: st.DrawFn, judul_pilihan: tuple[str, ...]) -> Lembar:
    judul = draw(st.one_of(st.sampled_from(judul_pilihan), st.sampled_from(_SEMUA_LEMBAR)))
    kolom = _kolom_lembar(judul) or draw(st.sampled_from([KOLOM_DESA, KOLOM_KEHADIRAN]))
    headers: list[object] = draw(
        st.lists(
            st.one_of(
                st.sampled_from([k.header for k in kolom]),
                st.sampled_from([k.header.upper() for k in kolom]),
                nilai_liar(),
            ),
            max_size=len(kolom) + 3,
        )
    )
    by_header = {k.header.casefold(): k for k in kolom}
    strategies = [
        nilai_untuk(by_header.get(h.casefold()) if isinstance(h, str) else None) for h in headers
    ]
    rows = draw(
        st.lists(st.tuples(*strategies).map(list) if strategies else st.just([]), max_size=6)
    )
    return Lembar(judul, [headers, *rows])


@st.composite
def buku_acak(draw: st.DrawFn, judul_pilihan: tuple[str, ...], nama: str) -> Buku:
    lembar = draw(st.lists(lembar_acak(judul_pilihan), max_size=4))
    seen: set[str] = set()
    unik = []
    for lb in lembar:
        if lb.judul.casefold() not in seen:
            seen.add(lb.judul.casefold())
            unik.append(lb)
    if not unik:
        unik = [Lembar("Sheet", [])]
    b = Buku(unik, nama=nama, asal="acak", opsi={"confirm_over": draw(st.booleans())})
    if draw(st.integers(0, 9)) == 0:
        b.rusak = draw(rusak())
    return b


@st.composite
def bermutasi(draw: st.DrawFn, dasar: st.SearchStrategy[Buku]) -> Buku:
    """A valid workbook with 0 to 4 mutations."""
    buku = draw(dasar)
    for _ in range(draw(st.integers(0, 4))):
        buku = draw(mutasi(buku))
    return buku


def strategi(jenis: str) -> st.SearchStrategy[Buku]:
    """Workbooks for one import: mutated valid ones (most) and fully random ones."""
    dasar, judul = {
        "desa": (buku_desa_valid(), (SHEET_DESA,)),
        "rencana": (buku_rencana_valid(), (SHEET_PAGU, SHEET_RENCANA, SHEET_REALISASI)),
        "kehadiran": (buku_kehadiran_valid(), (SHEET_KEHADIRAN,)),
    }[jenis]
    # the database fed: the demo district (registered villages, plans, sessions) or an
    # empty migrated one; the villages import starts from the empty one more often
    db = ["kosong", "kosong", "demo"] if jenis == "desa" else ["demo", "demo", "demo", "kosong"]
    return st.builds(
        _dengan_db,
        st.one_of(bermutasi(dasar), bermutasi(dasar), buku_acak(judul, jenis)),
        st.sampled_from(db),
    )


def _dengan_db(buku: Buku, db: str) -> Buku:
    buku.opsi["db"] = db
    return buku
