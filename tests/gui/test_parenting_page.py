"""The attendance grid: keyboard marks, "semua hadir", paste from a spreadsheet, totals."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desmig_desktop.db.models import Desa, Peserta
from desmig_desktop.domain.enums import KategoriPeserta, Kehadiran
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.models import choose
from desmig_desktop.gui.pages.parenting import _FIXED, ParentingPage
from desmig_desktop.services.desa import get_desa_by_kode
from desmig_desktop.services.parenting import (
    PertemuanData,
    PesertaData,
    kisi,
    save_pertemuan,
    save_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, demo_db):
    p = ParentingPage(demo_db, ChangeHub())
    qtbot.addWidget(p)
    p.show()
    with UnitOfWork(demo_db) as uow:
        betak = get_desa_by_kode(uow, "35.04.14.2016")
    assert choose(p.desa, betak.id)  # the village list is read when first needed
    return p


def _stored(page):
    with UnitOfWork(page.db) as uow:
        dari, sampai = page.period()
        return kisi(uow, page.desa_id(), dari, sampai)


def test_grid_shows_the_village_participants_and_sessions(page) -> None:
    grid = page.model.grid
    assert len(grid.peserta) == page.model.rowCount() - 1  # plus the totals row
    assert len(grid.pertemuan) == 6
    assert page.dari.date().year() == 2024  # the period follows the village's sessions
    total = page.model.index(page.model.rowCount() - 1, page.model.columnCount() - 1).data()
    assert total.endswith("%")


def test_typing_marks_with_the_keyboard_saves_each_and_moves_down(qtbot, page) -> None:
    col = _FIXED  # first session
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, col))
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    qtbot.keyClick(page.view, Qt.Key.Key_S)
    assert page.view.currentIndex().row() == 2  # moved down after each key
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    stored = _stored(page)
    sid = page.model.grid.pertemuan[0].id
    p0, p1 = page.model.grid.peserta[0].id, page.model.grid.peserta[1].id
    assert stored.marks[(p0, sid)] is Kehadiran.A
    assert (p1, sid) not in stored.marks  # cleared
    assert page.model.index(0, col).data() == "A"


def test_totals_follow_an_edit(qtbot, page) -> None:
    sid = page.model.grid.pertemuan[0].id
    before = page.model.grid.rekap_pertemuan(sid)
    row = next(
        i
        for i, p in enumerate(page.model.grid.peserta)
        if page.model.grid.marks.get((p.id, sid)) is Kehadiran.H
    )
    page.view.setCurrentIndex(page.model.index(row, _FIXED))
    qtbot.keyClick(page.view, Qt.Key.Key_A)
    total_row = page.model.rowCount() - 1
    assert page.model.index(total_row, _FIXED).data() == f"{before.h - 1}/{before.total}"
    assert "tingkat kehadiran" in page.info.text()


def test_semua_hadir_fills_the_empty_cells_of_a_session(qtbot, page, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        save_pertemuan(
            uow,
            PertemuanData(
                page.desa_id(), date(2024, 7, 6), "Kesehatan dan Gizi Anak", "Fitri", "Balai Desa"
            ),
        )
    page.reload()
    col = _FIXED + len(page.model.grid.pertemuan) - 1
    page.view.setCurrentIndex(page.model.index(0, col))
    changed = page.mark_all_present()
    assert changed == len(page.model.grid.peserta)
    sid = page.model.session_of(col)
    assert all(page.model.grid.marks[(p.id, sid)] is Kehadiran.H for p in page.model.grid.peserta)
    assert _stored(page).rekap_pertemuan(sid).h == changed


def test_paste_a_spreadsheet_block(page) -> None:
    page.view.setCurrentIndex(page.model.index(1, _FIXED + 1))
    written = page.view.paste("A\tS\nI\tH\n")
    assert written == 4
    stored = _stored(page)
    s1, s2 = page.model.grid.pertemuan[1].id, page.model.grid.pertemuan[2].id
    p1, p2 = page.model.grid.peserta[1].id, page.model.grid.peserta[2].id
    assert [
        stored.marks[(p1, s1)],
        stored.marks[(p1, s2)],
        stored.marks[(p2, s1)],
        stored.marks[(p2, s2)],
    ] == [Kehadiran.A, Kehadiran.S, Kehadiran.I, Kehadiran.H]


def test_paste_with_a_bad_cell_changes_nothing(page) -> None:
    before = dict(_stored(page).marks)
    page.view.setCurrentIndex(page.model.index(0, _FIXED))
    assert page.view.paste("A\nX\n") == 0
    assert "bukan H, I, S atau A" in page.pesan.text()
    assert _stored(page).marks == before


def test_child_without_consent_is_flagged(page, demo_db) -> None:
    from desmig_desktop.services.parenting import get_peserta, save_peserta

    child = next(p for p in page.model.grid.peserta if p.kategori is KategoriPeserta.ANAK)
    with UnitOfWork(demo_db) as uow:
        data = get_peserta(uow, child.id)
        data.persetujuan_oleh = ""
        data.persetujuan_tanggal = None
        save_peserta(uow, data)
    page.reload()
    row = next(i for i, p in enumerate(page.model.grid.peserta) if p.id == child.id)
    assert page.model.index(row, 0).data().endswith("⚠")
    assert "persetujuan" in page.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "belum memiliki persetujuan" in page.info.text()


def test_add_participant_and_session_from_the_page(qtbot, page) -> None:
    dialog = page.add_peserta()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.nama, "Rizky Pratama")
    dialog.kategori.setCurrentIndex(dialog.kategori.findData("anak"))
    dialog.lahir.setText("12/03/2015")
    dialog.nik.setText("3504141203150001")
    assert dialog.save()
    assert "Rizky Pratama" in [p.nama for p in page.model.grid.peserta]
    added = next(p for p in page.model.grid.peserta if p.nama == "Rizky Pratama")
    assert added.perlu_persetujuan and added.nik == "3504141203150001"

    sesi = page.add_pertemuan()
    qtbot.addWidget(sesi)
    sesi.topik.setCurrentText("Pola Asuh Anak Usia Dini")
    from PySide6.QtCore import QDate

    sesi.tanggal.setDate(QDate(2024, 8, 10))
    assert sesi.save()
    assert any(s.tanggal == date(2024, 8, 10) for s in page.model.grid.pertemuan)


def test_bad_nik_is_refused_next_to_the_field(qtbot, page) -> None:
    dialog = page.add_peserta()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.nama, "Rizky Pratama")
    dialog.nik.setText("1234")
    assert not dialog.save()
    assert "NIK" in dialog.pesan["NIK"].text()


def test_print_daftar_hadir_of_the_current_session(qtbot, page, tmp_path) -> None:
    from pypdf import PdfReader

    from desmig_desktop.domain.formatting import format_tanggal_hari

    page.view.setCurrentIndex(page.model.index(0, _FIXED + 1))
    sid = page.current_session()
    sesi = next(s for s in page.model.grid.pertemuan if s.id == sid)
    op = page.print_daftar_hadir(sid, tmp_path / "dh.pdf")
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "dh.pdf").pages)
    assert "DAFTAR HADIR" in text
    assert format_tanggal_hari(sesi.tanggal) in text
    for p in page.model.grid.peserta:
        assert p.nama in text


def test_import_attendance_from_the_page(qtbot, page, tmp_path, monkeypatch) -> None:
    from openpyxl import Workbook

    monkeypatch.setattr(
        "desmig_desktop.gui.pages.parenting.QMessageBox.information", lambda *a: None
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Kehadiran"
    ws.append(
        [
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
    )
    ws.append(
        [
            "35.04.14.2016",
            "03/08/2024",
            "Gizi Seimbang",
            "Fitri",
            "Lestari Wahyuni",
            "P",
            "",
            "Orang Tua",
            "H",
        ]
    )
    ws.append(
        [
            "35.04.14.2016",
            "03/08/2024",
            "Gizi Seimbang",
            "Fitri",
            "Bagas Wahyudi",
            "L",
            "05/06/2016",
            "Anak",
            "I",
        ]
    )
    wb.save(tmp_path / "hadir.xlsx")
    op = page.import_file(tmp_path / "hadir.xlsx")
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert "2" in page.last_message
    names = [p.nama for p in page.model.grid.peserta]
    assert "Lestari Wahyuni" in names and "Bagas Wahyudi" in names
    assert any(s.topik == "Gizi Seimbang" for s in page.model.grid.pertemuan)


def test_a_new_topic_joins_the_list(qtbot, page, demo_db) -> None:
    from PySide6.QtCore import QDate

    from desmig_desktop.services.parenting import list_topik

    sesi = page.add_pertemuan()
    qtbot.addWidget(sesi)
    sesi.topik.setCurrentText("Literasi Digital Keluarga PMI")
    sesi.tanggal.setDate(QDate(2024, 9, 7))
    assert sesi.save()
    with UnitOfWork(demo_db) as uow:
        assert "Literasi Digital Keluarga PMI" in list_topik(uow)
    again = page.add_pertemuan()
    qtbot.addWidget(again)
    assert again.topik.findText("Literasi Digital Keluarga PMI") >= 0


# --- Rekap peserta: every village's participants, paged and searchable -------------------


def test_rekap_tab_is_read_on_its_first_visit(qtbot, page, demo_db) -> None:
    rekap = page.rekap_peserta
    assert not rekap.loaded and rekap.model.rowCount() == 0
    page.tabs.setCurrentWidget(rekap)
    assert rekap.loaded and rekap.model.rowCount() > 0
    with UnitOfWork(demo_db) as uow:
        names = sorted(uow.session.scalars(select(Peserta.nama)))
        villages = set(uow.session.scalars(select(Desa.nama)))
    model = rekap.model
    while model.canFetchMore():
        model.fetchMore()
    assert [p.nama for p in model.records] == names
    shown_villages = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert len(shown_villages) > 1 and shown_villages <= villages
    assert f"{len(names)} peserta" in rekap.info.text()


def test_rekap_search_waits_for_the_typing_to_pause(qtbot, page, demo_db) -> None:
    rekap = page.show_rekap()
    with UnitOfWork(demo_db) as uow:
        desa_id = uow.session.scalars(select(Desa.id)).first()
        save_peserta(uow, PesertaData(desa_id, "ZAENAB ZUHRI", "P", "ibu", nik="3504145505800001"))
        save_peserta(uow, PesertaData(desa_id, "zaenal arifin", "L", "ayah"))
    rekap.reload()
    qtbot.keyClicks(rekap.cari, "zaen")
    assert rekap.timer.isActive()  # nothing is read while keys come
    qtbot.waitUntil(lambda: rekap.model.rowCount() == 2, timeout=3000)
    assert [p.nama for p in rekap.model.records] == ["ZAENAB ZUHRI", "zaenal arifin"]
    assert rekap.model.index(0, 1).data() == "350414********01"  # the NIK is masked
    rekap.cari.clear()
    qtbot.keyClicks(rekap.cari, "3504 1455")
    qtbot.waitUntil(lambda: rekap.model.rowCount() == 1, timeout=3000)
    assert rekap.model.records[0].nama == "ZAENAB ZUHRI"
    rekap.cari.clear()
    qtbot.keyClicks(rekap.cari, "qqq")
    qtbot.waitUntil(lambda: rekap.model.rowCount() == 0, timeout=3000)
    assert "Tidak ada peserta" in rekap.info.text()


def test_rekap_counts_the_marks_of_the_chosen_year(qtbot, page) -> None:
    rekap = page.show_rekap()
    grid = page.model.grid  # Betak, 2024
    p = grid.peserta[0]
    r = grid.rekap_peserta(p.id)
    rekap.cari.setText(p.nama)
    rekap.tahun.setCurrentIndex(rekap.tahun.findData(2024))
    row = next(i for i, x in enumerate(rekap.model.records) if x.id == p.id)
    cells = [rekap.model.index(row, c).data() for c in range(5, 9)]
    assert cells == [str(r.h), str(r.i), str(r.s), str(r.a)]


def test_enter_on_a_participant_opens_their_village_grid(qtbot, page, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        other = uow.session.execute(
            select(Peserta.id, Peserta.nama, Peserta.desa_id)
            .where(Peserta.desa_id != page.desa_id())
            .order_by(Peserta.id)
        ).first()
    rekap = page.show_rekap()
    rekap.cari.setText(other.nama)
    rekap.reload()
    row = next(i for i, x in enumerate(rekap.model.records) if x.id == other.id)
    rekap.view.setFocus()
    rekap.view.setCurrentIndex(rekap.model.index(row, 0))
    qtbot.keyClick(rekap.view, Qt.Key.Key_Return)
    assert page.tabs.currentIndex() == 0
    assert page.desa_id() == other.desa_id
    assert page.current_peserta() == other.id


def test_village_list_is_read_when_first_needed(qtbot, demo_db) -> None:
    from desmig_desktop.gui.models import ChoiceModel

    p = ParentingPage(demo_db, ChangeHub())
    qtbot.addWidget(p)
    p.show()
    model = p.desa.model()
    assert isinstance(model, ChoiceModel)
    assert p.desa.pending and model.rowCount() == 1  # the village shown, by name the first
    with UnitOfWork(demo_db) as uow:
        names = sorted(uow.session.scalars(select(Desa.nama)))
    assert p.desa.currentText().startswith(names[0])
    p.desa.setFocus()  # focus (or opening the list, or typing) reads every village
    qtbot.waitUntil(lambda: not p.desa.pending, timeout=2000)
    assert model.rowCount() == len(names)
    assert p.desa.currentText().startswith(names[0])  # still the same village
    assert p.desa.completer() is not None  # type a part of the name to find a village


def test_rekap_model_passes_the_model_tester(qtmodeltester, page) -> None:
    rekap = page.show_rekap()
    rekap.model.page_size = 5
    rekap.reload()
    qtmodeltester.check(rekap.model)
