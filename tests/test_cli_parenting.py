"""`desmig import attendance` and `desmig export daftar-hadir` end to end."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from pypdf import PdfReader

from desmig_desktop.cli import main
from desmig_desktop.db.migrate import Database

HEADERS = [
    "Kode Wilayah",
    "Tanggal",
    "Topik",
    "Fasilitator",
    "Nama Peserta",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Kategori",
    "Status",
]


def _book(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kehadiran"
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_attendance_twice_changes_nothing_the_second_time(
    demo_db: Database, tmp_path, capsys
) -> None:
    book = _book(
        tmp_path / "k.xlsx",
        [
            [
                "35.04.14.2017",
                "2024-08-03",
                "Gizi Seimbang",
                "Fitri",
                "Lestari",
                "P",
                "",
                "Pengasuh",
                "H",
            ],
            [
                "35.04.14.2017",
                "2024-08-03",
                "Gizi Seimbang",
                "Fitri",
                "Bagas",
                "L",
                "2016-06-05",
                "Anak",
                "S",
            ],
        ],
    )
    assert main(["--db", str(demo_db.path), "import", "attendance", str(book)]) == 0
    first = capsys.readouterr().out
    assert main(["--db", str(demo_db.path), "import", "attendance", str(book)]) == 0
    second = capsys.readouterr().out
    assert first != second
    assert "0 tanda baru" in second or "tidak ada perubahan" in second.lower() or " 0 " in second


def test_refused_attendance_import_exits_1_with_rows(demo_db: Database, tmp_path, capsys) -> None:
    book = _book(
        tmp_path / "k.xlsx",
        [
            ["35.04.14.2017", "31/02/2024", "Gizi", "", "Lestari", "P", "", "Pengasuh", "H"],
            ["35.04.14.2001", "01/03/2024", "Gizi", "", "Bagas", "X", "", "Anak", "Q"],
        ],
    )
    assert main(["--db", str(demo_db.path), "import", "attendance", str(book)]) == 1
    err = capsys.readouterr().err
    assert 'Baris 2, kolom "Tanggal"' in err
    assert 'Baris 3, kolom "Jenis Kelamin"' in err
    assert 'Baris 3, kolom "Status"' in err


def test_export_daftar_hadir(demo_db: Database, tmp_path, capsys) -> None:
    out = tmp_path / "dh.pdf"
    assert (
        main(
            [
                "--db",
                str(demo_db.path),
                "export",
                "daftar-hadir",
                "--village",
                "35.04.14.2011",
                "--date",
                "2024-01-20",
                "--topic",
                "Sosialisasi Modul Community Parenting",
                "--pdf",
                str(out),
            ]
        )
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "DAFTAR HADIR" in text and "Sabtu, 20 Januari 2024" in text
    assert (
        main(
            [
                "--db",
                str(demo_db.path),
                "export",
                "daftar-hadir",
                "--village",
                "35.04.14.2011",
                "--date",
                "2024-01-21",
                "--topic",
                "Tidak ada",
                "--pdf",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert "tidak ditemukan" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert (
        main(
            [
                "--db",
                str(demo_db.path),
                "export",
                "daftar-hadir",
                "--village",
                "35.04.14.2011",
                "--pdf",
                str(tmp_path / "y.pdf"),
            ]
        )
        == 2
    )
