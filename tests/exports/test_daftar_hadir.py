"""The daftar hadir of a community-parenting session and the attendance recap.

Built from the demo district (Tulungagung) and read back: PDFs with pypdf (text and the
position of the signature numbers), workbooks with openpyxl; the figures must equal the
parenting service's Kisi/Rekap.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Pertemuan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_persen, format_tanggal_hari
from desmig_desktop.domain.lembar import SHEET_KEHADIRAN
from desmig_desktop.exports.daftar_hadir import SHEET_PERTEMUAN, SHEET_REKAP
from desmig_desktop.services.desa import DesaData, get_desa_by_kode, save_desa
from desmig_desktop.services.ekspor_parenting import (
    blank_daftar_hadir,
    export_daftar_hadir,
    export_daftar_hadir_sesi,
    export_rekap_kehadiran,
)
from desmig_desktop.services.parenting import (
    Kisi,
    PertemuanData,
    get_peserta,
    kisi,
    list_pertemuan,
    list_peserta,
    save_pertemuan,
    save_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

TUNGGANGRI = "35.04.14.2011"
NIK = "3504145203140001"  # a girl born 12 March 2014, registered in Kalidawir


def pdf_text(path: Path) -> str:
    return "\n".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def nomor_ttd(path: Path) -> dict[int, tuple[int, float, float]]:
    """The signature numbers ``"n."`` of a daftar hadir: n -> (page, x, y) in points."""
    found: dict[int, tuple[int, float, float]] = {}
    for page_no, page in enumerate(PdfReader(path).pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], *_: object, page_no=page_no) -> None:
            teks = text.strip()
            if teks.endswith(".") and teks[:-1].isdigit():
                x = tm[4] * cm[0] + cm[4]
                y = tm[5] * cm[3] + cm[5]
                found[int(teks[:-1])] = (page_no, x, y)

        page.extract_text(visitor_text=visit)
    return found


def demo_sesi(db: Database, index: int = 0) -> tuple[DesaData, PertemuanData, Kisi]:
    with UnitOfWork(db) as uow:
        desa = get_desa_by_kode(uow, TUNGGANGRI)
        assert desa is not None and desa.id is not None
        sesi = list_pertemuan(uow, desa.id)[index]
        return desa, sesi, kisi(uow, desa.id)


# --------------------------------------------------------------------------- daftar hadir


def test_daftar_hadir_of_a_demo_session(demo_db: Database, tmp_path: Path) -> None:
    desa, sesi, grid = demo_sesi(demo_db)
    path = tmp_path / "daftar_hadir.pdf"
    out = export_daftar_hadir(
        demo_db, TUNGGANGRI, sesi.tanggal, sesi.topik.upper(), pdf=path, paper="A4"
    )
    assert out == path
    text = pdf_text(path)
    assert "DAFTAR HADIR" in text
    assert "PERTEMUAN COMMUNITY PARENTING" in text
    assert "DINAS TENAGA KERJA" in text  # the letterhead
    assert format_tanggal_hari(sesi.tanggal) in text
    assert sesi.topik in text
    assert sesi.tempat and sesi.tempat in text
    assert sesi.fasilitator and sesi.fasilitator in text
    assert desa.kepala_desa and desa.kepala_desa in text
    assert f"Kepala Desa {desa.nama}" in text and "Mengetahui," in text
    assert "Kec. Kalidawir" in text and "Kab. Tulungagung" in text
    for p in grid.peserta:
        assert p.nama in text
    assert "Ket." in text  # the session has marks
    assert f"{desa.nama}, " + format_tanggal_hari(sesi.tanggal).split(", ")[1] in text


def test_signatures_alternate_and_leave_room(demo_db: Database, tmp_path: Path) -> None:
    _, sesi, grid = demo_sesi(demo_db, 1)
    path = tmp_path / "ttd.pdf"
    with UnitOfWork(demo_db) as uow:
        sesi_id = uow.session.scalar(select(Pertemuan.id).where(Pertemuan.id == sesi.id))
    assert sesi_id is not None
    export_daftar_hadir_sesi(demo_db, sesi_id, pdf=path, paper="A4")
    nomor = nomor_ttd(path)
    assert sorted(nomor) == list(range(1, len(grid.peserta) + 1))
    kiri = {round(x) for n, (_, x, _) in nomor.items() if n % 2}
    kanan = {round(x) for n, (_, x, _) in nomor.items() if not n % 2}
    assert len(kiri) == 1 and len(kanan) == 1, "odd rows sign left, even rows right"
    assert kanan.pop() - kiri.pop() > 25 * mm  # a half column apart
    for n in range(1, len(nomor)):
        page, _, y = nomor[n]
        next_page, _, next_y = nomor[n + 1]
        if page == next_page:
            assert y - next_y >= 9 * mm, f"row {n} is too low to sign"


def test_missing_session_is_refused(demo_db: Database, tmp_path: Path) -> None:
    _, sesi, _ = demo_sesi(demo_db)
    path = tmp_path / "tidak.pdf"
    with pytest.raises(ValidationError) as info:
        export_daftar_hadir(demo_db, TUNGGANGRI, sesi.tanggal, "Topik Lain", pdf=path)
    message = info.value.message
    assert message.startswith(
        f'Pertemuan "Topik Lain" pada {format_tanggal_hari(sesi.tanggal)} di Desa Tunggangri '
        "tidak ditemukan."
    )
    assert sesi.topik in message  # the day's sessions are suggested
    assert not path.exists()
    with pytest.raises(ValidationError, match="belum terdaftar"):
        export_daftar_hadir(demo_db, "35.04.14.2001", sesi.tanggal, sesi.topik, pdf=path)


def test_blank_sheet_for_a_session_not_recorded(demo_db: Database, tmp_path: Path) -> None:
    desa, _, grid = demo_sesi(demo_db)
    with UnitOfWork(demo_db) as uow:
        before = uow.session.scalar(select(func.count()).select_from(Pertemuan))
    path = tmp_path / "kosong.pdf"
    hari = date(2024, 7, 6)
    blank_daftar_hadir(
        demo_db,
        TUNGGANGRI,
        hari,
        "Pola Asuh Remaja",
        "Balai Dusun Krajan",
        "Ibu Fasilitator Baru",
        pdf=path,
        paper="F4",
    )
    text = pdf_text(path)
    assert "DAFTAR HADIR" in text and format_tanggal_hari(hari) in text
    assert "Pola Asuh Remaja" in text and "Balai Dusun Krajan" in text
    assert "Ibu Fasilitator Baru" in text and desa.kepala_desa in text
    assert "Ket." not in text
    for p in grid.peserta:
        assert p.nama in text
    # empty numbered rows follow the participants, for walk-ins
    assert max(nomor_ttd(path)) == len(grid.peserta) + 3
    with UnitOfWork(demo_db) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Pertemuan)) == before


def test_blank_on_request_and_for_a_session_without_marks(
    demo_db: Database, tmp_path: Path
) -> None:
    _, sesi, _ = demo_sesi(demo_db)
    path = tmp_path / "diminta.pdf"
    export_daftar_hadir(demo_db, TUNGGANGRI, sesi.tanggal, sesi.topik, pdf=path, blank=True)
    assert "Ket." not in pdf_text(path)

    with UnitOfWork(demo_db) as uow:  # the demo has one session not typed in yet
        desa = get_desa_by_kode(uow, "35.04.12.2003")
        assert desa is not None and desa.id is not None
        belum = list_pertemuan(uow, desa.id)[-1]
        assert not any(sid == belum.id for _, sid in kisi(uow, desa.id).marks)
    path = tmp_path / "belum.pdf"
    export_daftar_hadir(demo_db, desa.kode_wilayah, belum.tanggal, belum.topik, pdf=path)
    text = pdf_text(path)
    assert "Ket." not in text and "Kepala Desa Panggungkalak" in text


def test_no_office_identity_is_refused(db: Database, tmp_path: Path) -> None:
    with UnitOfWork(db) as uow:
        desa_id = save_desa(uow, DesaData(kode_wilayah=TUNGGANGRI, tahun_penetapan=2018))
        save_pertemuan(uow, PertemuanData(desa_id, date(2024, 5, 11), "Pola Asuh"))
    path = tmp_path / "x.pdf"
    with pytest.raises(ValidationError, match="Identitas kantor belum lengkap"):
        export_daftar_hadir(db, TUNGGANGRI, date(2024, 5, 11), "pola asuh", pdf=path)
    assert not path.exists()


def test_nik_is_never_printed(demo_db: Database, tmp_path: Path) -> None:
    desa, sesi, _ = demo_sesi(demo_db)
    assert desa.id is not None
    with UnitOfWork(demo_db) as uow:
        anak = next(p for p in list_peserta(uow, desa.id) if p.kategori.value == "anak")
        data = get_peserta(uow, anak.id or 0)
        data.nik = NIK
        save_peserta(uow, data)
    files = [tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "r.pdf"]
    export_daftar_hadir(demo_db, TUNGGANGRI, sesi.tanggal, sesi.topik, pdf=files[0])
    blank_daftar_hadir(demo_db, TUNGGANGRI, date(2024, 7, 6), "Baru", pdf=files[1])
    xlsx = tmp_path / "r.xlsx"
    export_rekap_kehadiran(demo_db, TUNGGANGRI, pdf=files[2], xlsx=xlsx)
    for path in files:
        text = pdf_text(path)
        assert anak.nama in text
        assert NIK not in text.replace(" ", "")
    wb = load_workbook(xlsx, read_only=True)
    try:
        cells = " ".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    finally:
        wb.close()
    assert anak.nama in cells and NIK not in cells


# --------------------------------------------------------------------------- recap


def test_recap_equals_the_service_figures(demo_db: Database, tmp_path: Path) -> None:
    dari, sampai = date(2024, 1, 1), date(2024, 6, 30)
    with UnitOfWork(demo_db) as uow:
        desa = get_desa_by_kode(uow, TUNGGANGRI)
        assert desa is not None and desa.id is not None
        grid = kisi(uow, desa.id, dari, sampai)
    total = grid.rekap_total()
    assert total.total > 0
    xlsx, pdf = tmp_path / "rekap.xlsx", tmp_path / "rekap.pdf"
    result = export_rekap_kehadiran(
        demo_db, TUNGGANGRI, dari=dari, sampai=sampai, xlsx=xlsx, pdf=pdf, paper="A4"
    )
    assert result.paths == (xlsx, pdf)

    wb = load_workbook(xlsx)
    assert wb.sheetnames == [SHEET_REKAP, SHEET_PERTEMUAN, SHEET_KEHADIRAN]
    ws = wb[SHEET_REKAP]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    headers = [c.value for c in ws[header_row]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for i, p in enumerate(grid.peserta):
        r = header_row + 1 + i
        rekap = grid.rekap_peserta(p.id or 0)
        assert ws.cell(r, col["Nama Peserta"]).value == p.nama
        got = [ws.cell(r, col[k]).value for k in ("H", "I", "S", "A", "Jumlah")]
        assert got == [rekap.h, rekap.i, rekap.s, rekap.a, rekap.total]
        assert rekap.rate is not None
        assert ws.cell(r, col["Tingkat Kehadiran"]).value == pytest.approx(
            float(rekap.rate) / 100, abs=1e-6
        )
        marks = [ws.cell(r, 5 + k).value for k in range(len(grid.pertemuan))]
        assert marks == [
            (m.value if (m := grid.marks.get((p.id or 0, s.id or 0))) else None)
            for s in grid.pertemuan
        ]
    last = header_row + len(grid.peserta)
    h_col = get_column_letter(col["H"])
    assert ws.cell(last + 1, col["H"]).value == f"=SUM({h_col}{header_row + 1}:{h_col}{last})"
    assert ws.cell(last + 1, col["Tingkat Kehadiran"]).value.startswith("=IF(")
    assert any(format_persen(total.rate) in str(ws.cell(r, 1).value) for r in range(1, 5))

    ws = wb[SHEET_PERTEMUAN]
    hdr = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Ke-")
    for i, s in enumerate(grid.pertemuan):
        rekap = grid.rekap_pertemuan(s.id or 0)
        row = [ws.cell(hdr + 1 + i, c).value for c in range(1, 11)]
        assert row[2] == s.topik
        assert row[5:10] == [rekap.h, rekap.i, rekap.s, rekap.a, rekap.total]
    assert sum(1 for _ in wb[SHEET_KEHADIRAN].iter_rows(min_row=2)) == total.total

    text = pdf_text(pdf)
    assert "REKAP KEHADIRAN COMMUNITY PARENTING" in text
    assert "Periode 1 Januari 2024 s.d. 30 Juni 2024" in text
    assert f"JUMLAH {total.h} {total.i} {total.s} {total.a} {total.total} " in text
    assert format_persen(total.rate) in text
    assert f"hadir {total.h} dari {total.total}" in text
    for p in grid.peserta:
        rekap = grid.rekap_peserta(p.id or 0)
        assert (
            f"{rekap.h} {rekap.i} {rekap.s} {rekap.a} {rekap.total} {format_persen(rekap.rate)}"
            in text
        )
    for s in grid.pertemuan:
        rekap = grid.rekap_pertemuan(s.id or 0)
        assert s.topik in text
        assert f"{rekap.total} {format_persen(rekap.rate)}" in text
    assert "Dr. Agus Santoso" in text and "Mengetahui," in text


def test_recap_needs_a_target_and_a_sane_period(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Pilih berkas"):
        export_rekap_kehadiran(demo_db, TUNGGANGRI)
    with pytest.raises(ValidationError, match="sesudah tanggal akhirnya"):
        export_rekap_kehadiran(
            demo_db,
            TUNGGANGRI,
            dari=date(2024, 6, 1),
            sampai=date(2024, 1, 1),
            xlsx=tmp_path / "x.xlsx",
        )


def test_big_recap_keeps_one_line_per_participant(tmp_path: Path) -> None:
    """A village with thousands of participants: the numbers (``1.234``) and the totals
    (``9.000``) stay on one line, so every page holds as many rows as a small recap; the
    workbook's import sheet has a row per mark."""
    from desmig_desktop.exports.daftar_hadir import (
        PesertaRekap,
        RekapKehadiran,
        SesiRekap,
        write_rekap_pdf,
        write_rekap_xlsx,
    )
    from desmig_desktop.services.kantor import Kantor
    from desmig_desktop.services.parenting import Rekap

    n, sesi = 1500, 6
    tanda = ["H", "H", "I", "H", "S", "A"]
    peserta = [
        PesertaRekap(f"Peserta {i:04d}", "P", "Ibu", date(1980, 1, 1), tanda, Rekap(3, 1, 1, 1))
        for i in range(1, n + 1)
    ]
    rekap = RekapKehadiran(
        TUNGGANGRI,
        "Tunggangri",
        "Kalidawir",
        "Kabupaten Tulungagung",
        None,
        None,
        [
            SesiRekap(date(2024, 1 + k, 6), f"Topik {k}", "Rina", "Balai", Rekap(n, 0, 0, 0))
            for k in range(sesi)
        ],
        peserta,
        Rekap(3 * n, n, n, n),
    )
    kantor = Kantor(instansi="DINAS TENAGA KERJA", kota="Tulungagung")
    pdf = write_rekap_pdf(
        tmp_path / "besar.pdf",
        rekap,
        kantor,
        kota="Tulungagung",
        tanggal=date(2024, 7, 1),
        penandatangan=[None],
    )
    text = pdf_text(pdf)
    assert "1.500 peserta" in text and "hadir 4.500 dari 9.000 tanda kehadiran" in text
    assert "JUMLAH 4.500 1.500 1.500 1.500 9.000 50,00%" in text
    reader = PdfReader(pdf)
    rows_page_2 = len(re.findall(r"Peserta \d{4}", reader.pages[1].extract_text()))
    assert rows_page_2 >= 30  # one line each (wrapped numbers would halve this)
    for i in (999, 1000, 1234, 1500):
        assert f"{i:,}".replace(",", ".") + f" Peserta {i:04d}" in text

    xlsx = write_rekap_xlsx(tmp_path / "besar.xlsx", rekap, instansi="Dinas")
    wb = load_workbook(xlsx, read_only=True)
    try:
        kehadiran = list(wb[SHEET_KEHADIRAN].iter_rows(values_only=True))
        rekap_rows = list(wb[SHEET_REKAP].iter_rows(values_only=True))
    finally:
        wb.close()
    assert len(kehadiran) == 1 + n * sesi
    assert kehadiran[1][:3] == (TUNGGANGRI, datetime(2024, 1, 6), "Topik 0")
    assert kehadiran[-1][4] == "Peserta 1500" and kehadiran[-1][-1] == "A"
    assert rekap_rows[-2][:2] == (n, "Peserta 1500")
    assert rekap_rows[-1][0] == "JUMLAH"
