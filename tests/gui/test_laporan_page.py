"""The Laporan page: preview and check list, then the report written with progress or cancelled."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from desmig_desktop.domain.enums import Triwulan
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.pages.laporan import LaporanPage
from desmig_desktop.services.laporan import laporan_triwulan
from desmig_desktop.services.uow import UnitOfWork

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, demo_db):
    p = LaporanPage(demo_db, ChangeHub())
    qtbot.addWidget(p)
    p.show()
    p.tahun.setCurrentIndex(p.tahun.findData(2024))
    p.triwulan.setCurrentIndex(p.triwulan.findData(Triwulan.II.value))
    qtbot.waitUntil(lambda: p.settled, timeout=20000)  # computed off the GUI thread
    return p


def test_preview_matches_the_report(page, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:
        lap = laporan_triwulan(uow, 2024, 2)
    total_row = page.model.rowCount() - 1
    assert page.model.index(total_row, 1).data() == "Rp 475.000.000"
    assert page.model.index(total_row, 4).data() == "37,83%"
    assert "LAPORAN TRIWULAN II TAHUN 2024" in page.keterangan.text()
    assert f"{len(lap.cek)} hal" in page.cek.toPlainText()


def test_generate_with_progress_dialog(qtbot, page, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    dialog = page.start_export()  # the check list is confirmed first
    qtbot.addWidget(dialog)
    chosen = {"xlsx": tmp_path / "lap.xlsx", "pdf": tmp_path / "lap.pdf"}
    op = page.export_to(chosen, "F4")
    assert isinstance(op._dialog, QProgressDialog)  # shown if the work takes over 600 ms
    assert op._dialog.minimumDuration() == 600
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "lap.pdf").pages)
    assert "LAPORAN TRIWULAN II TAHUN 2024" in text and "Rp 475.000.000" in text
    assert (tmp_path / "lap.xlsx").exists()
    assert page.property("last_export") == [str(tmp_path / "lap.xlsx"), str(tmp_path / "lap.pdf")]


def test_cancel_leaves_no_file(qtbot, page, tmp_path) -> None:
    out = tmp_path / "keluaran"
    out.mkdir()
    chosen = {"xlsx": out / "lap.xlsx", "pdf": out / "lap.pdf"}
    op = page.export_to(chosen, "A4")
    op._dialog.canceled.emit()  # the user presses Batal
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    assert list(out.iterdir()) == []  # neither file, nor a half-written or temporary one


def test_a_long_check_list_shows_a_part_and_counts_the_rest(page) -> None:
    from desmig_desktop.gui.pages.laporan import CEK_TAMPIL
    from desmig_desktop.services.laporan import CekItem

    lap = page.lap
    lap.cek = [CekItem("realisasi", f"Kegiatan nomor {i} belum direalisasi.") for i in range(500)]
    text = page._cek_html(lap)
    assert text.count("<li>") == CEK_TAMPIL + 1
    assert f"dan {500 - CEK_TAMPIL} lainnya" in text and "500 hal" in text
