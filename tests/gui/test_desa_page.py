"""The Desa page: the list filters and sorts in SQL; the editor creates and edits profiles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desmig_desktop.domain.enums import StatusDesa
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.desa_editor import DesaEditor
from desmig_desktop.gui.pages.desa import COLUMNS, DesaPage
from desmig_desktop.gui.widgets.region_picker import RegionPicker
from desmig_desktop.services.desa import get_desa_by_kode
from desmig_desktop.services.kantor import Kantor, save_kantor
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


def _names(page: DesaPage) -> list[str]:
    return [r.nama for r in page.model.rows]


@pytest.fixture
def page(qtbot, demo_db):
    p = DesaPage(demo_db, ChangeHub())
    qtbot.addWidget(p)
    p.show()
    return p


def test_lists_the_demo_villages(page) -> None:
    assert page.model.total == 7
    assert page.count_label.text() == "7 desa"
    assert {"Tunggangri", "Betak", "Pagersari"} <= set(_names(page))


def test_filter_by_kecamatan(page) -> None:
    page.kecamatan.setCurrentIndex(page.kecamatan.findData("Kalidawir"))
    assert sorted(_names(page)) == ["Betak", "Pagersari", "Tunggangri"]
    assert page.count_label.text() == "3 desa"
    page.kecamatan.setCurrentIndex(0)
    assert page.model.total == 7


def test_filter_by_status_and_search(qtbot, page) -> None:
    page.status.setCurrentIndex(page.status.findData(StatusDesa.NONAKTIF.value))
    assert _names(page) == ["Manding"]
    page.status.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "betak")
    qtbot.waitUntil(lambda: _names(page) == ["Betak"], timeout=2000)
    page.search.clear()
    qtbot.keyClicks(page.search, "35.04.14")
    qtbot.waitUntil(lambda: page.model.total == 3, timeout=2000)


def test_sorting_happens_in_sql(page) -> None:
    column = [c[0] for c in COLUMNS].index("pmi_aktif")
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    values = [r.pmi_aktif for r in page.model.rows]
    assert values == sorted(values, reverse=True)
    assert page.model.sort_key == "pmi_aktif" and page.model.descending


def test_picker_finds_pagersari_in_kalidawir_among_seven(qtbot, demo_db) -> None:
    picker = RegionPicker(demo_db, None)
    qtbot.addWidget(picker)
    all_pagersari = picker.search("Pagersari")
    assert len([w for w in all_pagersari if w.nama == "Pagersari"]) == 7
    found = picker.search("pagersari kalidawir")
    assert [w.kode for w in found] == ["35.04.14.2017"]
    assert found[0].label == (
        "Pagersari, Kec. Kalidawir, Kab. Tulungagung, Jawa Timur (35.04.14.2017)"
    )
    by_code = picker.search("35.04.14.2016")
    assert [w.nama for w in by_code] == ["Betak"]


def test_picker_stays_in_the_office_kabupaten_unless_asked(qtbot, demo_db) -> None:
    picker = RegionPicker(demo_db, "35.04")
    qtbot.addWidget(picker)
    assert [w.kode for w in picker.search("Pagersari")] == ["35.04.14.2017"]
    picker.nasional.setChecked(True)
    assert len(picker.search("Pagersari")) == 7


def test_create_village_through_editor_with_picker(qtbot, page, demo_db) -> None:
    editor = page.add_desa()
    qtbot.addWidget(editor)
    editor.picker.search("kalibatur")
    chosen = editor.picker.choose_row(0)
    assert chosen.kode == "35.04.14.2001"
    editor.tahun.setValue(2022)
    qtbot.keyClicks(editor.kepala, "Sumarji")
    # officers
    editor.petugas_model.add_row()
    m = editor.petugas_model
    m.setData(m.index(0, m.column_of("nama")), "Siti Aminah")
    m.setData(m.index(0, m.column_of("telepon")), "0813-3344-5566")
    m.setData(m.index(0, m.column_of("sk_tanggal")), "02/01/2022")
    # statistics for a year, with countries
    editor.stat_model.add_row()
    s = editor.stat_model
    s.setData(s.index(0, s.column_of("tahun")), "2024")
    s.setData(s.index(0, s.column_of("jumlah_penduduk")), "4.210")
    s.setData(s.index(0, s.column_of("pmi_aktif_l")), "40")
    s.setData(s.index(0, s.column_of("pmi_aktif_p")), "95")
    s.setData(s.index(0, s.column_of("cpmi")), "12")
    s.setData(s.index(0, s.column_of("pmi_purna")), "30")
    editor.stat_view.setCurrentIndex(s.index(0, 0))
    editor.negara_model.add_row()
    n = editor.negara_model
    n.setData(n.index(0, 0), "Taiwan")
    n.setData(n.index(0, 1), "60")
    assert editor.save()

    with UnitOfWork(demo_db) as uow:
        saved = get_desa_by_kode(uow, "35.04.14.2001")
    assert saved is not None
    assert saved.nama == "Kalibatur" and saved.kecamatan == "Kalidawir"
    assert saved.kepala_desa == "Sumarji" and saved.tahun_penetapan == 2022
    assert saved.petugas[0].telepon == "081333445566"
    assert saved.petugas[0].sk_tanggal.isoformat() == "2022-01-02"
    stat = saved.statistik_tahun(2024)
    assert stat is not None and stat.jumlah_penduduk == 4210 and stat.pmi_aktif == 135
    assert stat.negara == {"Taiwan": 60}
    assert "Kalibatur" in _names(page)  # the list reloaded on the change signal


def test_editing_statistics_of_an_existing_village(qtbot, page, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        betak = get_desa_by_kode(uow, "35.04.14.2016")
    editor = DesaEditor(demo_db, betak.id)
    qtbot.addWidget(editor)
    s = editor.stat_model
    row = [st.tahun for st in s.rows].index(2024)
    s.setData(s.index(row, s.column_of("cpmi")), "31")
    assert editor.is_dirty()
    assert editor.save()
    with UnitOfWork(demo_db) as uow:
        assert get_desa_by_kode(uow, "35.04.14.2016").statistik_tahun(2024).cpmi == 31


def test_bad_number_is_kept_and_marked_and_blocks_saving(qtbot, demo_db) -> None:
    editor = DesaEditor(demo_db, None)
    qtbot.addWidget(editor)
    editor.picker.search("kalibatur")
    editor.picker.choose_row(0)
    editor.stat_model.add_row()
    s = editor.stat_model
    s.setData(s.index(0, s.column_of("cpmi")), "12,5")
    assert s.index(0, s.column_of("cpmi")).data() == "12,5"  # what was typed stays
    assert not editor.save()
    assert editor.tabs.currentIndex() == 2
    assert "Baris 1" in editor.stat_pesan.text() and "bilangan bulat" in editor.stat_pesan.text()


def test_year_before_2016_is_refused_next_to_the_field(qtbot, demo_db) -> None:
    editor = DesaEditor(demo_db, None)
    qtbot.addWidget(editor)
    assert editor.tahun.minimum() == 2016  # the spin box cannot even go there
    editor.picker.search("35.04.14.2016")
    editor.picker.choose_row(0)  # Betak is already registered
    assert not editor.save()
    assert editor.pesan["Kode Wilayah"].isVisibleTo(editor)
    assert "sudah terdaftar" in editor.pesan["Kode Wilayah"].text()


def test_closing_with_unsaved_changes_asks(qtbot, demo_db, monkeypatch) -> None:
    with UnitOfWork(demo_db) as uow:
        betak = get_desa_by_kode(uow, "35.04.14.2016")
    editor = DesaEditor(demo_db, betak.id)
    qtbot.addWidget(editor)
    editor.show()
    asked = []

    def cancel(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    editor.reject()  # nothing changed: closes without asking
    assert asked == []
    editor.show()
    qtbot.keyClicks(editor.kepala, " (Plt.)")
    editor.reject()
    assert asked and "belum disimpan" in asked[0]
    assert editor.isVisible()  # Batal keeps the editor open with the edit
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    editor.reject()
    assert not editor.isVisible()
    with UnitOfWork(demo_db) as uow:
        assert get_desa_by_kode(uow, "35.04.14.2016").kepala_desa == "Mujiono"


def test_list_follows_the_change_signal(qtbot, demo_db) -> None:
    hub = ChangeHub()
    page = DesaPage(demo_db, hub)
    qtbot.addWidget(page)
    with UnitOfWork(demo_db) as uow:
        save_kantor(uow, Kantor(instansi="DINAS", kota="Tulungagung", kode_kabkota="35.04"))
    editor = page.add_desa()
    qtbot.addWidget(editor)
    editor.picker.search("kalibatur")
    editor.picker.choose_row(0)
    editor.tahun.setValue(2020)
    assert editor.save()
    assert "Kalibatur" in _names(page)
    assert page.selected() is not None and page.selected().nama == "Kalibatur"


def test_delete_refused_while_plans_use_the_village(qtbot, page, monkeypatch) -> None:
    warnings = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warnings.append(a[2])))
    row = _names(page).index("Tunggangri")
    page.table.selectRow(row)
    page.delete_current()
    assert warnings and "tidak dapat dihapus" in warnings[0]
    assert "Tunggangri" in _names(page)


def _desa_workbook(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Desa"
    ws.append(["Kode Wilayah", "Tahun Penetapan", "Kepala Desa", "Tahun Data", "CPMI"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_from_the_page_with_progress(qtbot, page, tmp_path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: shown.append(a[2])))
    book = _desa_workbook(tmp_path / "desa.xlsx", [["35.04.14.2001", 2022, "Sumarji", 2024, 9]])
    op = page.import_file(book)
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    assert "1 desa baru" in page.last_import_message and shown
    assert "Kalibatur" in _names(page)  # the list reloaded through the change signal


def test_refused_import_lists_the_rows_and_writes_nothing(qtbot, page, tmp_path) -> None:
    from desmig_desktop.gui.import_dialog import ImportErrorsDialog

    book = _desa_workbook(
        tmp_path / "salah.xlsx",
        [["35.04.14.2001", 2022, "Sumarji", 2024, 9], ["35.04.14.2099", 2015, "", "", -1]],
    )
    op = page.import_file(book)
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    dialogs = [w for w in page.findChildren(ImportErrorsDialog)]
    assert dialogs, "the refused rows are shown in a dialog"
    text = dialogs[-1].text.toPlainText()
    assert 'Baris 3, kolom "Kode Wilayah"' in text
    assert 'Baris 3, kolom "Tahun Penetapan"' in text
    assert 'Baris 3, kolom "CPMI"' in text
    assert "Kalibatur" not in _names(page) and page.model.total == 7


def test_export_from_the_page_writes_both_files(qtbot, page, demo_db, tmp_path) -> None:
    from desmig_desktop.services.kantor import Kantor, save_kantor

    with UnitOfWork(demo_db) as uow:
        save_kantor(uow, Kantor(instansi="DINAS TENAGA KERJA", kota="Tulungagung"))
    dialog = page.choose_export()
    qtbot.addWidget(dialog)
    dialog.targets["xlsx"][1].setText(str(tmp_path / "desa.xlsx"))
    dialog.targets["pdf"][1].setText(str(tmp_path / "desa.pdf"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("F4"))
    op = page.export_to(dialog.chosen(), dialog.paper.currentData())
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    assert (tmp_path / "desa.xlsx").exists() and (tmp_path / "desa.pdf").exists()
    assert page.property("last_export") == [str(tmp_path / "desa.xlsx"), str(tmp_path / "desa.pdf")]
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "desa.pdf")
    assert len(reader.pages) == 7
    assert abs(float(reader.pages[0].mediabox.height) - 330 / 25.4 * 72) < 1  # F4
