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


def test_pages_are_built_on_their_first_visit(window) -> None:
    assert [p.page_id for p in window.pages.built()] == ["beranda"]
    assert list(window.pages) == [e.page_id for e in PAGE_CLASSES]
    laporan = window.show_page("laporan")
    assert laporan.page_id == "laporan" and laporan.isVisible()
    assert [p.page_id for p in window.pages.built()] == ["beranda", "laporan"]
    assert window.show_page("laporan") is laporan  # built once
    assert window.stack.indexOf(laporan) == [e.page_id for e in PAGE_CLASSES].index("laporan")


_START = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desmig_desktop.db.migrate import open_database
from desmig_desktop.gui.main_window import MainWindow
db = open_database(Path(sys.argv[1]))
window = MainWindow(db)
window.show()
beranda = window.pages["beranda"]
while beranda.data is None:
    app.processEvents()
heavy = ("openpyxl", "reportlab", "lxml", "python_calamine", "alembic", "xlsxwriter", "pandas")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
window.close()
db.close()
"""


def test_the_window_opens_without_the_heavy_libraries(demo_template, tmp_path) -> None:
    """Excel, PDF and migration libraries are imported when first needed, not to start."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import copy_db

    path = copy_db(demo_template, tmp_path / "demo.db")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESMIG_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-c", _START, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
