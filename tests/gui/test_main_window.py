"""The main window opens on a migrated database and every page is reachable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desmig_desktop.gui.main_window import PAGE_CLASSES, MainWindow
from desmig_desktop.gui.tasks import wait_all
from desmig_desktop.services.ringkasan import hitung
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, db):
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


EXPECTED_TITLES = [
    "Beranda",
    "Desa",
    "Rencana & Anggaran",
    "Community Parenting",
    "Laporan",
    "Riwayat",
    "Pengaturan",
]


def test_navigation_lists_every_page_in_order(window) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == EXPECTED_TITLES
    assert len(PAGE_CLASSES) == len(EXPECTED_TITLES)


def test_every_page_is_reachable_by_click_and_by_keyboard(window, qtbot) -> None:
    for row, title in enumerate(EXPECTED_TITLES):
        window.nav.setCurrentRow(row)
        assert window.current_page().title == title
        assert window.current_page().isVisible()
    for number, title in enumerate(EXPECTED_TITLES, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page().title == title


def test_status_bar_names_the_database(window, db) -> None:
    assert str(db.path) in window.db_label.text()


def test_menus_are_indonesian(window) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Berkas", "&Halaman", "Ba&ntuan"]


def test_beranda_offers_demo_on_empty_database_and_fills_it(window, qtbot, db) -> None:
    beranda = window.pages["beranda"]
    qtbot.waitUntil(lambda: beranda.data is not None, timeout=10000)
    assert beranda.empty_box.isVisible()
    assert beranda.cards["desa_aktif"].value.text() == "0"
    op = window.fill_demo()
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    wait_all()
    with UnitOfWork(db) as uow:
        angka = hitung(uow)
    assert angka.desa_total == 7
    qtbot.waitUntil(lambda: beranda.cards["desa_aktif"].value.text() == "6", timeout=10000)
    assert not beranda.empty_box.isVisible()


def test_demo_refused_on_a_database_with_data(qtbot, demo_db, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2]))
    )
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    assert w.fill_demo() is None
    assert shown and "sudah berisi data" in shown[0]


def test_about_box_credits_the_region_data(window, monkeypatch) -> None:
    texts = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a: texts.append(a[2])))
    window.show_about()
    assert "ODbL" in texts[0] and "idn-area-data" in texts[0]
