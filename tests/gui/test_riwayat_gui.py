"""The audit trail as the coordinator sees it: the Riwayat button of an editor, and the
Riwayat page with its filters, paging and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from desmig_desktop.db.models import Pertemuan, Peserta
from desmig_desktop.domain.enums import Kehadiran
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.desa_editor import DesaEditor
from desmig_desktop.gui.pages.riwayat import RiwayatPage
from desmig_desktop.gui.riwayat import RiwayatDialog
from desmig_desktop.gui.tasks import wait_all
from desmig_desktop.services.desa import get_desa_by_kode
from desmig_desktop.services.parenting import set_marks
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

pytestmark = pytest.mark.gui


def _betak_id(db) -> int:
    with UnitOfWork(db) as uow:
        return get_desa_by_kode(uow, "35.04.14.2016").id


def test_editor_history_shows_who_changed_what(qtbot, demo_db) -> None:
    settings = Settings()
    settings.set("nama_pengguna", "Operator Dinas")
    settings.save()
    desa_id = _betak_id(demo_db)
    editor = DesaEditor(demo_db, desa_id)
    qtbot.addWidget(editor)
    old = editor.kepala.text()
    editor.kepala.setText("Hj. Sulastri")
    assert editor.save()

    again = DesaEditor(demo_db, desa_id)
    qtbot.addWidget(again)
    again.show()
    assert again.history_button.isEnabled()
    again.history_button.click()
    dialog = again.findChild(QDialog, "riwayat_dialog")
    assert isinstance(dialog, RiwayatDialog)
    top = dialog.model.entries[0]
    assert top.pengguna == "Operator Dinas" and top.aksi == "ubah"
    text = dialog.model.index(0, 5).data()
    assert text == f"Kepala desa: {old} → Hj. Sulastri"
    assert dialog.model.index(0, 2).data() == "Ubah"
    assert "1 perubahan tercatat" in dialog.info.text()


def test_new_record_has_no_history_yet(qtbot, demo_db) -> None:
    editor = DesaEditor(demo_db, None)
    qtbot.addWidget(editor)
    assert not editor.history_button.isEnabled()


def _mark_everyone_absent(db) -> int:
    """A few hundred real entries: every participant marked absent at every demo session."""
    with UnitOfWork(db) as uow:
        pairs = uow.session.execute(
            select(Peserta.id, Pertemuan.id).join(Pertemuan, Pertemuan.desa_id == Peserta.desa_id)
        ).all()
        return set_marks(uow, [(p, s, Kehadiran.A) for p, s in pairs])


def test_page_pages_filters_and_exports(qtbot, demo_db, tmp_path: Path) -> None:
    settings = Settings()
    settings.set("nama_pengguna", "Petugas Absen")
    settings.save()
    changed = _mark_everyone_absent(demo_db)
    assert changed > 250  # more than one page of entries

    page = RiwayatPage(demo_db, ChangeHub())
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    total = changed + 1  # + the demo's own summary entry
    assert page.count_label.text() == f"{total:,} catatan".replace(",", ".")
    assert page.model.rowCount() == page.model.PAGE  # first page only
    assert page.model.canFetchMore()
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == total
    ids = [e.id for e in page.model.entries]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == total

    page.pengguna.setCurrentIndex(page.pengguna.findData("Petugas Absen"))
    page.aksi.setCurrentIndex(page.aksi.findData("impor"))
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 catatan"
    page.aksi.setCurrentIndex(0)
    assert page.model.rowCount() == page.model.PAGE
    name = page.model.entries[0].label.removeprefix("Kehadiran ").split(" — ")[0]
    page.cari.setText(name.lower())  # typed, debounced, case-insensitive
    qtbot.waitUntil(lambda: page.model.rowCount() < page.model.PAGE, timeout=5000)
    shown = list(page.model.entries)
    assert shown and all(name in e.label for e in shown)
    assert page.count_label.text() == f"{len(shown)} catatan"

    page.view.selectRow(0)
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert "Petugas Absen" in page.detail.toPlainText()
    assert "Kehadiran" in page.detail.toPlainText()

    target = tmp_path / "riwayat.xlsx"
    op = page.export_to(target)
    qtbot.waitUntil(lambda: op.done, timeout=30000)
    wait_all()
    ws = load_workbook(target, read_only=True)["Riwayat"]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Waktu")
    data = [r for r in rows[header_at + 1 :] if r and r[0] is not None]
    assert len(data) == len(shown)
    assert all(r[1] == "Petugas Absen" and name in r[4] for r in data)

