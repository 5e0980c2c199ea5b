"""Pengaturan saves the office identity and signers, and refuses bad input with a message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desmig_desktop.domain.enums import PeranPenandatangan
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.pages.pengaturan import PengaturanPage, TtdTableModel
from desmig_desktop.services.kantor import get_kantor, list_ttd
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, db):
    hub = ChangeHub()
    p = PengaturanPage(db, hub)
    qtbot.addWidget(p)
    p.show()
    return p


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _fill_kantor(qtbot, page) -> None:
    f = page.form
    _type(qtbot, f.pemerintahEdit, "PEMERINTAH KABUPATEN BLITAR")
    _type(qtbot, f.instansiEdit, "DINAS TENAGA KERJA DAN PERINDUSTRIAN")
    _type(qtbot, f.alamatEdit, "Jl. Kenari No. 12, Kanigoro")
    _type(qtbot, f.kotaEdit, "Blitar")
    _type(qtbot, f.kodeEdit, "35.05")


def _add_signer(qtbot, page, nama: str, jabatan: str, nip: str) -> int:
    qtbot.mouseClick(page.form.ttdTambahButton, Qt.MouseButton.LeftButton)
    model = page.ttd_model
    row = model.rowCount() - 1
    model.setData(model.index(row, TtdTableModel.COL["nama"]), nama)
    model.setData(model.index(row, TtdTableModel.COL["jabatan"]), jabatan)
    model.setData(model.index(row, TtdTableModel.COL["nip"]), nip)
    model.setData(model.index(row, TtdTableModel.COL["peran"]), PeranPenandatangan.KEPALA_DINAS)
    return row


def test_saves_office_identity_and_signer(qtbot, page, db) -> None:
    changes = []
    page.hub.changed.connect(changes.append)
    _fill_kantor(qtbot, page)
    _add_signer(qtbot, page, "Drs. Suyitno, M.Si.", "Kepala Dinas", "19700101 199503 1 002")
    assert page.is_dirty() and page.form.simpanButton.isEnabled()
    qtbot.mouseClick(page.form.simpanButton, Qt.MouseButton.LeftButton)

    with UnitOfWork(db) as uow:
        kantor = get_kantor(uow)
        signers = list_ttd(uow)
    assert kantor.instansi == "DINAS TENAGA KERJA DAN PERINDUSTRIAN"
    assert kantor.kota == "Blitar" and kantor.kode_kabkota == "35.05"
    assert [(s.nama, s.nip, s.peran) for s in signers] == [
        ("Drs. Suyitno, M.Si.", "197001011995031002", PeranPenandatangan.KEPALA_DINAS)
    ]
    assert not page.is_dirty()
    assert page.form.statusPesan.text() == "Pengaturan tersimpan."
    assert changes == [frozenset({"kantor"})]
    # the table shows the NIP grouped as printed documents do
    index = page.ttd_model.index(0, TtdTableModel.COL["nip"])
    assert index.data() == "19700101 199503 1 002"


def test_malformed_nip_is_refused_with_a_message_and_nothing_saved(qtbot, page, db) -> None:
    _fill_kantor(qtbot, page)
    row = _add_signer(qtbot, page, "Drs. Suyitno, M.Si.", "Kepala Dinas", "1970010119950310")
    nip_index = page.ttd_model.index(row, TtdTableModel.COL["nip"])
    # the cell itself is marked before saving
    assert "18 angka" in nip_index.data(Qt.ItemDataRole.ToolTipRole)
    assert nip_index.data(Qt.ItemDataRole.BackgroundRole) is not None

    qtbot.mouseClick(page.form.simpanButton, Qt.MouseButton.LeftButton)
    message = page.form.ttdPesan.text()
    assert message.startswith("Penandatangan baris 1:")
    assert "NIP harus 18 angka" in message
    assert page.form.ttdTable.currentIndex().column() == TtdTableModel.COL["nip"]
    with UnitOfWork(db) as uow:
        assert list_ttd(uow) == []
        assert get_kantor(uow).instansi == ""  # the office identity was not saved either
    assert page.is_dirty()  # what the user typed is kept for correction


def test_missing_instansi_is_marked_next_to_the_field(qtbot, page) -> None:
    _type(qtbot, page.form.kotaEdit, "Blitar")
    page.form.instansiEdit.clear()
    page._edited()
    page.save()
    assert "Nama instansi wajib diisi" in page.form.kantorPesan.text()
    assert "border" in page.form.instansiEdit.styleSheet()


def test_revert_discards_edits(qtbot, page) -> None:
    _type(qtbot, page.form.instansiEdit, "DINAS SEMENTARA")
    assert page.is_dirty()
    qtbot.mouseClick(page.form.batalButton, Qt.MouseButton.LeftButton)
    assert page.form.instansiEdit.text() == ""
    assert not page.is_dirty()


def test_leaving_with_unsaved_changes_asks(qtbot, page, monkeypatch) -> None:
    _type(qtbot, page.form.instansiEdit, "DINAS TENAGA KERJA")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    assert page.maybe_leave() is False
    assert "belum disimpan" in asked[0]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    assert page.maybe_leave() is True
    assert not page.is_dirty()


def test_preferences_are_saved_to_the_settings_file(qtbot, page) -> None:
    _fill_kantor(qtbot, page)
    page.form.kertasCombo.setCurrentIndex(page.form.kertasCombo.findData("F4"))
    page.form.rupiahSpasiCheck.setChecked(False)
    assert page.save()
    fresh = Settings()
    assert fresh.get("ukuran_kertas") == "F4"
    assert fresh.get("rupiah_spasi") is False


def test_signer_model_passes_qt_model_tester(qtmodeltester, demo_db) -> None:
    model = TtdTableModel()
    with UnitOfWork(demo_db) as uow:
        model.set_rows(list_ttd(uow))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
