"""The shared PDF parts, checked by reading the PDFs back with pypdf."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desmig_desktop.domain.enums import AwalanTtd, PeranPenandatangan
from desmig_desktop.domain.errors import KnownEnvironmentError
from desmig_desktop.domain.formatting import format_rupiah, format_tempat_tanggal
from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.exports import atomic, pdf_base
from desmig_desktop.exports.pdf_base import (
    BlokTtd,
    DataTable,
    blok_tanda_tangan,
    build_pdf,
    col_widths,
    content_width,
    data_table,
    judul,
    kop_surat,
    page_size,
    signature_section,
    tempat_tanggal,
)
from desmig_desktop.services.kantor import Kantor, Ttd

TANGGAL = date(2024, 5, 20)
HEADER = ["No", "Kode", "Nama Desa", "Kecamatan", "Pagu"]


def _png_logo() -> bytes:
    image = PILImage.new("RGB", (60, 72), "white")
    for x in range(10, 50):
        for y in range(10, 62):
            image.putpixel((x, y), (20, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _kantor(logo: bytes | None = None) -> Kantor:
    return Kantor(
        pemerintah="Pemerintah Kabupaten Tulungagung",
        instansi="Dinas Tenaga Kerja",
        alamat="Jl. Ki Hajar Dewantara No. 12, Tulungagung 66219",
        telepon="(0355) 321456",
        email="disnaker@tulungagungkab.go.id",
        laman="disnaker.tulungagungkab.go.id",
        kota="Tulungagung",
        logo=logo,
    )


KEPALA = Ttd(
    nama="Drs. Bambang Sutrisno, M.Si.",
    jabatan="Kepala Dinas Tenaga Kerja",
    peran=PeranPenandatangan.KEPALA_DINAS,
    nip="198609262015051001",
    pangkat="Pembina Utama Muda (IV/c)",
)
PJ = Ttd(
    nama="Siti Rahmawati, S.E.",
    jabatan="Penanggung Jawab Desmigratif",
    peran=PeranPenandatangan.PENANGGUNG_JAWAB,
    nip="199001152019032002",
)


def _rows(n: int) -> list[list[object]]:
    return [
        [i, f"D{i:04d}", f"Desa Contoh {i}", "Ngunut", format_rupiah(1_250_000 * (i % 7 + 1))]
        for i in range(1, n + 1)
    ]


def _total() -> list[object]:
    return ["", "", "JUMLAH", "", format_rupiah(123_456_789)]


def _report(
    n: int,
    *,
    kantor: Kantor | None = None,
    paper: str = "A4",
    landscape: bool = False,
    signature: bool = True,
    chunk: int = 300,
) -> list[Flowable]:
    width = content_width(paper, landscape)
    story = kop_surat(kantor or _kantor(_png_logo()), width)
    story += judul("Daftar Desa Migran Produktif", "Tahun Anggaran 2024")
    table = data_table(
        HEADER,
        _rows(n),
        col_widths(width, [1, 1.5, 5, 3, 3]),
        align="RLLLR",
        total_row=_total(),
        chunk=chunk,
    )
    if not signature:
        return story + table
    blocks = blok_tanda_tangan(
        [BlokTtd(KEPALA, heading="Mengetahui,"), BlokTtd(PJ)],
        width,
        tempat_tanggal=format_tempat_tanggal("Tulungagung", TANGGAL),
    )
    return story + signature_section(None, blocks, keep_with=table)


def _build(path: Path, story: list[Flowable], **kw: object) -> list[str]:
    options: dict[str, object] = {
        "title": "Daftar Desa",
        "author": "Dinas Tenaga Kerja",
        "footer_text": "Desmig Desktop",
    }
    options.update(kw)
    build_pdf(path, story, **options)  # type: ignore[arg-type]
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the files of one test (tmp_path also holds DESMIG_HOME)."""
    folder = tmp_path / "keluaran"
    folder.mkdir()
    return folder


def _codes(text: str) -> list[int]:
    return [int(c) for c in re.findall(r"\bD(\d{4})\b", text)]


# --------------------------------------------------------------------------- the whole report


def test_report_with_letterhead_table_and_signatures(tmp_path: Path) -> None:
    path = tmp_path / "laporan.pdf"
    pages = _build(path, _report(700))
    n = len(pages)
    assert n > 5
    first, last = pages[0], pages[-1]
    assert "PEMERINTAH KABUPATEN TULUNGAGUNG" in first
    assert "DINAS TENAGA KERJA" in first
    assert "Jl. Ki Hajar Dewantara No. 12" in first
    assert "DAFTAR DESA MIGRAN PRODUKTIF" in first
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {n}" in text
        assert "Nama Desa" in text  # the header is repeated on every page
        assert "Desmig Desktop" in text
    assert "Halaman 1 dari" in first and f"Halaman {n} dari {n}" in last
    # Every row once, in order, none lost at a page break.
    codes = [c for text in pages for c in _codes(text)]
    assert codes == list(range(1, 701))
    assert "Rp 7.500.000" in first
    # Place, date and signatures at the end, with the table's last rows.
    assert "Tulungagung, 20 Mei 2024" in last
    assert "Mengetahui," in last
    assert "Kepala Dinas Tenaga Kerja" in last
    assert "Drs. Bambang Sutrisno, M.Si." in last
    assert "NIP. 19860926 201505 1 001" in last
    assert "Pembina Utama Muda (IV/c)" in last
    assert "NIP. 19900115 201903 2 002" in last
    assert "JUMLAH" in last and "Rp 123.456.789" in last
    assert 700 in _codes(last)

    reader = PdfReader(path)
    assert reader.metadata.title == "Daftar Desa"
    assert reader.metadata.author == "Dinas Tenaga Kerja"
    assert reader.metadata.creator == "Desmig Desktop"
    fonts = {
        str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any(f.endswith("+LiberationSans") for f in fonts)
    assert any(f.endswith("+LiberationSans-Bold") for f in fonts)
    assert len(reader.pages[0].images) == 1  # the logo


def test_letterhead_without_logo(tmp_path: Path) -> None:
    path = tmp_path / "tanpa-logo.pdf"
    pages = _build(path, _report(5, kantor=_kantor(None)))
    assert "DINAS TENAGA KERJA" in pages[0]
    assert "PEMERINTAH KABUPATEN TULUNGAGUNG" in pages[0]
    assert "Telepon (0355) 321456, Pos-el disnaker@tulungagungkab.go.id" in pages[0]
    assert len(PdfReader(path).pages[0].images) == 0


def test_damaged_logo_is_left_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "logo-rusak.pdf"
    with caplog.at_level(logging.WARNING):
        pages = _build(path, _report(3, kantor=_kantor(b"bukan gambar")))
    assert "DINAS TENAGA KERJA" in pages[0]
    assert len(PdfReader(path).pages[0].images) == 0
    assert "Logo kantor tidak dapat dibaca" in caplog.text


def test_jpeg_logo(tmp_path: Path) -> None:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 40), (200, 30, 30)).save(out, "JPEG")
    path = tmp_path / "jpeg.pdf"
    _build(path, _report(3, kantor=_kantor(out.getvalue())))
    assert len(PdfReader(path).pages[0].images) == 1


# --------------------------------------------------------------------------- paper


@pytest.mark.parametrize(
    ("paper", "landscape", "width_mm", "height_mm"),
    [
        ("A4", False, 210, 297),
        ("A4", True, 297, 210),
        ("F4", False, 215, 330),
        ("F4", True, 330, 215),
    ],
)
def test_paper_sizes(
    tmp_path: Path, paper: str, landscape: bool, width_mm: float, height_mm: float
) -> None:
    w, h = page_size(paper, landscape)
    assert w == pytest.approx(width_mm * mm, abs=0.5)
    assert h == pytest.approx(height_mm * mm, abs=0.5)
    path = tmp_path / f"{paper}-{landscape}.pdf"
    pages = _build(
        path, _report(120, paper=paper, landscape=landscape), paper=paper, landscape=landscape
    )
    for page in PdfReader(path).pages:
        assert float(page.mediabox.width) == pytest.approx(width_mm * mm, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height_mm * mm, abs=0.5)
    assert [c for text in pages for c in _codes(text)] == list(range(1, 121))


def test_page_size_names() -> None:
    assert page_size("f4") == page_size("F4")
    assert content_width("A4") == pytest.approx(page_size("A4")[0] - 35 * mm)
    with pytest.raises(ValueError, match="unknown paper size"):
        page_size("Letter")


# --------------------------------------------------------------------------- signatures


def _rows_per_page(tmp_path: Path) -> tuple[int, int]:
    """Rows of the test table on page 1 (under the letterhead) and on a full page."""
    pages = _build(tmp_path / "kapasitas.pdf", _report(150, signature=False))
    return len(_codes(pages[0])), len(_codes(pages[1]))


def test_signature_is_never_separated_from_the_end_of_its_table(tmp_path: Path) -> None:
    first, full = _rows_per_page(tmp_path)
    # Ends of the table from well above the end of page 1 (the signature fits under it) to
    # just past it, and the same around the end of page 2.
    counts = [first - 14, first - 12, *range(first - 10, first + 3)]
    counts += [first + full - 12, *range(first + full - 5, first + full + 2)]
    signature_pages = set()
    pulled = False
    for n in counts:
        pages = _build(tmp_path / f"ttd-{n}.pdf", _report(n))
        total = len(pages)
        holding = [i for i, text in enumerate(pages) if "Mengetahui," in text]
        assert len(holding) == 1, n
        page = pages[holding[0]]
        rows_here = _codes(page)
        # The signature follows the table's last rows (and the total row) on its page...
        assert n in rows_here, (n, holding)
        assert "JUMLAH" in page
        assert len(rows_here) >= 2, (n, rows_here)
        assert page.rindex(f"D{n:04d}") < page.index("Mengetahui,")
        assert "Nama Desa" in page  # ...under a header
        assert "NIP. 19860926 201505 1 001" in page and "Siti Rahmawati, S.E." in page
        # Nothing is lost or repeated, and the page numbers are right.
        assert [c for text in pages for c in _codes(text)] == list(range(1, n + 1))
        for number, text in enumerate(pages, start=1):
            assert f"Halaman {number} dari {total}" in text
        signature_pages.add(holding[0])
        if holding[0] == 1 and len(_codes(pages[0])) < min(n, first):
            pulled = True  # rows moved to page 2 to keep the signature company
    assert {0, 1} <= signature_pages
    assert pulled


def test_short_table_moves_whole_with_signature(tmp_path: Path) -> None:
    width = content_width("A4")
    frame_height = page_size("A4")[1] - 33 * mm  # default top and bottom margins
    # Room at the foot of page 1 for the header and three rows, not for the signature.
    story: list[Flowable] = [Spacer(1, frame_height - 80)]
    table = data_table(HEADER, _rows(2), col_widths(width, [1, 1.5, 5, 3, 3]), total_row=_total())
    blocks = blok_tanda_tangan([BlokTtd(PJ)], width)
    story += signature_section(tempat_tanggal("Tulungagung", TANGGAL), blocks, keep_with=table)
    pages = _build(tmp_path / "pendek.pdf", story)
    assert len(pages) == 2
    assert _codes(pages[0]) == [] and "Nama Desa" not in pages[0]
    assert _codes(pages[1]) == [1, 2]
    assert "Siti Rahmawati" in pages[1] and "Tulungagung, 20 Mei 2024" in pages[1]
    # Without the signature the same table stays on page 1.
    alone = data_table(HEADER, _rows(2), col_widths(width, [1, 1.5, 5, 3, 3]), total_row=_total())
    pages = _build(tmp_path / "tanpa-ttd.pdf", [Spacer(1, frame_height - 80), *alone])
    assert len(pages) == 1 and _codes(pages[0]) == [1, 2]


def test_signature_layouts(tmp_path: Path) -> None:
    width = content_width("F4")
    plt = Ttd(
        nama="Ir. Hadi Prasetyo",
        jabatan="Kepala Dinas Tenaga Kerja",
        peran=PeranPenandatangan.KEPALA_DINAS,
        nip="19700101 199503 1 002",
        awalan=AwalanTtd.PLT,
    )
    story: list[Flowable] = []
    # One signer, with the place-date line over the right half.
    story += signature_section(
        tempat_tanggal("Tulungagung", TANGGAL, width),
        blok_tanda_tangan([BlokTtd(plt)], width),
    )
    # A missing signer: dotted lines to fill by hand.
    story += signature_section(
        None,
        blok_tanda_tangan(
            [BlokTtd(None, heading="Mengetahui,", jabatan="Kepala Desa Sumberejo"), BlokTtd(PJ)],
            width,
            tempat_tanggal="Tulungagung, 20 Mei 2024",
        ),
    )
    story += signature_section(None, blok_tanda_tangan([BlokTtd(None)], width))
    text = "\n".join(_build(tmp_path / "ttd.pdf", story, paper="F4"))
    assert "Plt. Kepala Dinas Tenaga Kerja" in text
    assert "Ir. Hadi Prasetyo" in text
    assert "NIP. 19700101 199503 1 002" in text
    assert "Kepala Desa Sumberejo" in text
    assert text.count("NIP. ......") == 2
    assert "." * 40 in text
    assert text.count("Tulungagung, 20 Mei 2024") == 2


def test_signature_kept_with_a_plain_flowable(tmp_path: Path) -> None:
    width = content_width("A4")
    note = Paragraph("Catatan penutup laporan.")
    blocks = blok_tanda_tangan([BlokTtd(PJ)], width)
    story = signature_section(tempat_tanggal("Tulungagung", TANGGAL), blocks, keep_with=[note])
    text = _build(tmp_path / "catatan.pdf", story)[0]
    assert text.index("Catatan penutup") < text.index("Siti Rahmawati")


def test_empty_place_refused() -> None:
    from desmig_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        tempat_tanggal("  ", TANGGAL)


# --------------------------------------------------------------------------- tables


def test_cells_are_formatted_and_long_text_wrapped(tmp_path: Path) -> None:
    width = content_width("A4")
    long_text = "Kelompok usaha produktif " * 8
    rows = [
        [1250000, date(2024, 5, 20), None, "A & B <c>", long_text.strip()],
        [True, 3.5, "baris\nkedua", "x", "pendek"],
    ]
    table = data_table(["a", "b", "c", "d", "e"], rows, col_widths(width, [1, 1, 1, 1, 2]))
    text = _build(tmp_path / "sel.pdf", table)[0]
    assert "1.250.000" in text
    assert "20/05/2024" in text
    assert "A & B <c>" in text
    assert "Ya" in text and "3,50" in text
    assert " ".join(text.split()).count("Kelompok usaha produktif") == 8


def test_small_chunks_continue_without_a_header_mid_page(tmp_path: Path) -> None:
    pages = _build(tmp_path / "potongan.pdf", _report(130, chunk=20))
    assert [c for text in pages for c in _codes(text)] == list(range(1, 131))
    for text in pages:
        assert text.count("Nama Desa") == 1
    assert len(_codes(pages[1])) > 20


def test_one_table_per_page_and_rows_forgotten_once_placed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long table builds one reportlab Table per page (row heights known beforehand),
    and the rows already placed are not kept."""
    built: list[int] = []
    real_table = pdf_base.Table

    def counting(data: list[list[object]], *args: object, **kw: object) -> object:
        if kw.get("cellStyles") is not None:  # a data table's page, not the letterhead
            built.append(len(data))
        return real_table(data, *args, **kw)

    monkeypatch.setattr(pdf_base, "Table", counting)
    story = _report(2000)
    table = next(f for f in story if isinstance(f, DataTable))
    pages = _build(tmp_path / "panjang.pdf", story)
    assert [c for text in pages for c in _codes(text)] == list(range(1, 2001))
    assert len(built) == len(pages)
    assert sum(built) == 2000 + 1 + len(pages)  # rows, the total row, a header per page
    assert len(table._layout._cells) < 100


def test_row_heights_follow_wrapped_cells(tmp_path: Path) -> None:
    """Rows whose text wraps are as tall as reportlab makes them: nothing overlaps, every
    row is printed whole."""
    width = content_width("A4")
    long_name = "Kelompok Usaha Bersama Purna Migran Sejahtera Mandiri " * 3
    rows = [
        [i, f"D{i:04d}", long_name if i % 7 == 0 else f"Desa {i}", "x", "y"] for i in range(1, 301)
    ]
    table = data_table(HEADER, rows, col_widths(width, [1, 1.5, 3, 3, 3]))
    pages = _build(tmp_path / "tinggi.pdf", table)
    assert [c for text in pages for c in _codes(text)] == list(range(1, 301))
    text = " ".join(" ".join(pages).split())
    assert text.count("Sejahtera Mandiri Kelompok") == 2 * len(range(7, 301, 7))


def test_empty_table_prints_its_header(tmp_path: Path) -> None:
    width = content_width("A4")
    table = data_table(HEADER, iter([]), col_widths(width, [1, 1.5, 5, 3, 3]))
    blocks = blok_tanda_tangan([BlokTtd(PJ)], width)
    pages = _build(tmp_path / "kosong.pdf", signature_section(None, blocks, keep_with=table))
    assert len(pages) == 1
    assert "Nama Desa" in pages[0] and "Siti Rahmawati" in pages[0]


def test_table_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="column widths"):
        data_table(["a", "b"], [], [10])
    with pytest.raises(ValueError, match="alignment"):
        data_table(["a", "b"], [], [10, 10], align="LX")
    with pytest.raises(ValueError, match="total row"):
        data_table(["a", "b"], [], [10, 10], total_row=["x"])
    table = data_table(["a"], [["x"]], [100])
    assert isinstance(table[0], DataTable)
    assert col_widths(100, [1, 3]) == [25, 75]


def test_row_of_the_wrong_length_is_refused(out: Path) -> None:
    table = data_table(["a", "b"], [["x", "y"], ["z"]], [100, 100])
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        build_pdf(out / "salah.pdf", table)
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- writing


class _CancelAfter:
    def __init__(self, calls: int) -> None:
        self.calls = calls
        self.total = 0
        self.done = 0

    def set_total(self, total: int, label: str = "") -> None:
        self.total = total

    def advance(self, step: int = 1) -> None:
        self.done += step

    def cancelled(self) -> bool:
        self.calls -= 1
        return self.calls < 0


@pytest.mark.parametrize("calls", [0, 5])
def test_cancelled_build_leaves_nothing(out: Path, calls: int) -> None:
    progress = _CancelAfter(calls)
    with pytest.raises(Cancelled):
        build_pdf(out / "batal.pdf", _report(700), progress=progress)
    assert list(out.iterdir()) == []


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    progress = _CancelAfter(10**9)
    build_pdf(tmp_path / "progres.pdf", _report(300), progress=progress)
    assert progress.total >= 300
    assert progress.done == progress.total


class _Boom(Flowable):
    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 10, 10

    def draw(self) -> None:
        raise RuntimeError("rusak")


def test_failed_build_keeps_the_existing_file(out: Path) -> None:
    path = out / "laporan.pdf"
    path.write_bytes(b"laporan lama")
    with pytest.raises(RuntimeError, match="rusak"):
        build_pdf(path, [*_report(200), _Boom()])
    assert path.read_bytes() == b"laporan lama"
    assert list(out.iterdir()) == [path]


def test_pdf_open_elsewhere_gives_an_indonesian_message(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = out / "laporan.pdf"
    path.write_bytes(b"laporan lama")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(KnownEnvironmentError) as caught:
        build_pdf(path, _report(3))
    assert caught.value.message == (
        'Berkas "laporan.pdf" tidak dapat ditulis: mungkin sedang dibuka di pembaca PDF. '
        "Tutup berkas itu lalu coba lagi."
    )
    assert path.read_bytes() == b"laporan lama"
    assert list(out.iterdir()) == [path]


def test_rendered_page(tmp_path: Path) -> None:
    """The page renders (pdftoppm, as a person would look at it)."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: apt-get install poppler-utils"
    path = tmp_path / "lihat.pdf"
    _build(path, _report(40))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "hal")],
        check=True,
        capture_output=True,
    )
    png = next(tmp_path.glob("hal*.png"))
    with PILImage.open(png) as image:
        w, h = image.size
    assert abs(w - 496) <= 1 and abs(h - 702) <= 1  # A4 at 60 dpi


def test_exports_import_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import desmig_desktop.exports.pdf_base, desmig_desktop.exports.xlsx_base\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
