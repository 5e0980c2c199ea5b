"""Pengaturan: the office identity for letterheads, the signers, document preferences.

Edits stay on the page until "Simpan" writes them in one transaction;
"Batalkan perubahan" reloads what is stored. Leaving the app with unsaved
edits asks first.
"""

from __future__ import annotations

from dataclasses import astuple, replace
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QByteArray, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHeaderView, QLineEdit, QMessageBox, QWidget

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import AwalanTtd, PeranPenandatangan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.identitas import format_nip, normalize_nip
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.forms.ui_pengaturan import Ui_PengaturanPage
from desmig_desktop.gui.models import Index, ObjectRole, VocabDelegate
from desmig_desktop.gui.pages.base import Page
from desmig_desktop.services.kantor import (
    LOGO_MAX_BYTES,
    Kantor,
    Ttd,
    TtdRowError,
    get_kantor,
    list_ttd,
    save_pengaturan,
    validate_ttd,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

_ERROR_BG = QColor("#fde7e9")
_ERROR_STYLE = "border: 1px solid #b3261e;"


class TtdTableModel(QAbstractTableModel):
    """The editable list of signers (plain ``Ttd`` values, saved by the page)."""

    COLUMNS = (
        ("peran", "Peran"),
        ("awalan", "Awalan"),
        ("nama", "Nama"),
        ("jabatan", "Jabatan"),
        ("nip", "NIP"),
        ("pangkat", "Pangkat/golongan"),
        ("aktif", "Aktif"),
    )
    COL: ClassVar[dict[str, int]] = {key: i for i, (key, _label) in enumerate(COLUMNS)}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Ttd] = []

    def set_rows(self, rows: list[Ttd]) -> None:
        self.beginResetModel()
        self.rows = [replace(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][1]
        return str(section + 1)

    @staticmethod
    def row_problem(t: Ttd) -> str | None:
        try:
            validate_ttd(t)
        except ValidationError as exc:
            return exc.message
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        t = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == ObjectRole:
            return t
        if key == "aktif":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if t.aktif else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "peran":
                return t.peran.label
            if key == "awalan":
                return t.awalan.value or "—"
            if key == "nip":
                return self._nip_display(t.nip)
            return getattr(t, key)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(t, key) or ""
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            problem = self._cell_problem(t, key)
            if problem is None:
                return None
            return _ERROR_BG if role == Qt.ItemDataRole.BackgroundRole else problem
        return None

    @staticmethod
    def _nip_display(nip: str | None) -> str:
        if not nip:
            return ""
        try:
            return format_nip(normalize_nip(nip))
        except ValidationError:
            return nip

    @staticmethod
    def _cell_problem(t: Ttd, key: str) -> str | None:
        if key == "nip" and (t.nip or "").strip():
            try:
                normalize_nip(t.nip)
            except ValidationError as exc:
                return exc.message
        if key == "nama" and not t.nama.strip():
            return "Nama penandatangan wajib diisi."
        if key == "jabatan" and not t.jabatan.strip():
            return "Jabatan wajib diisi."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.COLUMNS[index.column()][0] == "aktif":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        t = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if key == "aktif" and role == Qt.ItemDataRole.CheckStateRole:
            t.aktif = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or key == "aktif":
            return False
        elif key == "peran":
            t.peran = PeranPenandatangan.parse(value)
        elif key == "awalan":
            t.awalan = AwalanTtd.parse(value)
        elif key == "nip":
            t.nip = str(value).strip() or None
        else:
            setattr(t, key, str(value))
        self.dataChanged.emit(
            index.siblingAtColumn(0), index.siblingAtColumn(len(self.COLUMNS) - 1)
        )
        return True

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(self.index(0, 0).parent(), row, row)
        self.rows.append(Ttd(nama="", jabatan="", peran=PeranPenandatangan.LAINNYA))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(self.index(0, 0).parent(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def move_row(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        self.beginResetModel()
        self.rows[row], self.rows[target] = self.rows[target], self.rows[row]
        self.endResetModel()
        return target


class PengaturanPage(Page):
    title = "Pengaturan"
    page_id = "pengaturan"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        self.form = Ui_PengaturanPage()
        self.form.setupUi(self)
        f = self.form
        self.settings = Settings()
        self.fields: dict[str, QLineEdit] = {
            "pemerintah": f.pemerintahEdit,
            "instansi": f.instansiEdit,
            "alamat": f.alamatEdit,
            "telepon": f.teleponEdit,
            "email": f.emailEdit,
            "laman": f.lamanEdit,
            "kota": f.kotaEdit,
            "kode_kabkota": f.kodeEdit,
        }
        self.ttd_model = TtdTableModel(self)
        f.ttdTable.setModel(self.ttd_model)
        f.ttdTable.setItemDelegateForColumn(
            TtdTableModel.COL["peran"], VocabDelegate(PeranPenandatangan, f.ttdTable)
        )
        f.ttdTable.setItemDelegateForColumn(
            TtdTableModel.COL["awalan"], VocabDelegate(AwalanTtd, f.ttdTable)
        )
        header = f.ttdTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for key, width in (
            ("peran", 165),
            ("awalan", 60),
            ("nip", 170),
            ("pangkat", 150),
            ("aktif", 45),
        ):
            f.ttdTable.setColumnWidth(TtdTableModel.COL[key], width)
        for key in ("nama", "jabatan"):
            header.setSectionResizeMode(TtdTableModel.COL[key], QHeaderView.ResizeMode.Stretch)
        f.ttdTable.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        f.kertasCombo.addItem("A4 (210 × 297 mm)", "A4")
        f.kertasCombo.addItem("F4/Folio (215 × 330 mm)", "F4")

        self.logo: bytes | None = None
        self._saved_state: tuple[Any, ...] = ()

        f.simpanButton.clicked.connect(self.save)
        f.batalButton.clicked.connect(self.revert)
        f.logoPilihButton.clicked.connect(self.choose_logo)
        f.logoHapusButton.clicked.connect(self.clear_logo)
        f.ttdTambahButton.clicked.connect(self.add_signer)
        f.ttdHapusButton.clicked.connect(self.remove_signer)
        f.ttdNaikButton.clicked.connect(lambda: self.move_signer(-1))
        f.ttdTurunButton.clicked.connect(lambda: self.move_signer(1))
        for edit in self.fields.values():
            edit.textEdited.connect(self._edited)
        self.ttd_model.dataChanged.connect(self._edited)
        self.ttd_model.rowsInserted.connect(self._edited)
        self.ttd_model.rowsRemoved.connect(self._edited)
        self.ttd_model.modelReset.connect(self._edited)
        f.kertasCombo.currentIndexChanged.connect(self._edited)
        f.rupiahSpasiCheck.toggled.connect(self._edited)
        f.penggunaEdit.textEdited.connect(self._edited)
        self.load()

    # --- state -------------------------------------------------------------------

    def load(self) -> None:
        with UnitOfWork(self.db) as uow:
            kantor = get_kantor(uow)
            signers = list_ttd(uow)
        for name, edit in self.fields.items():
            edit.setText(getattr(kantor, name) or "")
        self.logo = kantor.logo
        self._show_logo()
        self.ttd_model.set_rows(signers)
        f = self.form
        f.kertasCombo.setCurrentIndex(
            max(0, f.kertasCombo.findData(self.settings.get("ukuran_kertas")))
        )
        f.rupiahSpasiCheck.setChecked(bool(self.settings.get("rupiah_spasi")))
        f.penggunaEdit.setText(self.settings.get("nama_pengguna"))
        self._clear_errors()
        self._saved_state = self.state()
        self._edited()

    def kantor_from_fields(self) -> Kantor:
        values = {name: edit.text() for name, edit in self.fields.items()}
        return Kantor(**values, logo=self.logo)

    def state(self) -> tuple[Any, ...]:
        f = self.form
        return (
            astuple(self.kantor_from_fields()),
            tuple(astuple(t) for t in self.ttd_model.rows),
            f.kertasCombo.currentData(),
            f.rupiahSpasiCheck.isChecked(),
            f.penggunaEdit.text(),
        )

    def is_dirty(self) -> bool:
        return self.state() != self._saved_state

    def _edited(self, *_args: object) -> None:
        dirty = self.is_dirty()
        self.form.simpanButton.setEnabled(dirty)
        self.form.batalButton.setEnabled(dirty)
        self.form.statusPesan.setText("Ada perubahan yang belum disimpan." if dirty else "")

    # --- errors next to the fields -----------------------------------------------

    def _clear_errors(self) -> None:
        for edit in self.fields.values():
            edit.setStyleSheet("")
        self.form.kantorPesan.setText("")
        self.form.ttdPesan.setText("")

    def _show_error(self, exc: ValidationError) -> None:
        if isinstance(exc, TtdRowError):
            self.form.ttdPesan.setText(exc.message)
            column = TtdTableModel.COL.get((exc.field or "").lower(), TtdTableModel.COL["nama"])
            index = self.ttd_model.index(exc.row - 1, column)
            self.form.ttdTable.setCurrentIndex(index)
            self.form.ttdTable.setFocus()
            return
        edit = self.fields.get(exc.field or "")
        self.form.kantorPesan.setText(exc.message)
        if edit is not None:
            edit.setStyleSheet(_ERROR_STYLE)
            edit.setFocus()

    # --- actions -----------------------------------------------------------------

    def save(self) -> bool:
        self._clear_errors()
        f = self.form
        try:
            with UnitOfWork(self.db) as uow:
                save_pengaturan(uow, self.kantor_from_fields(), self.ttd_model.rows)
            self.settings.set("ukuran_kertas", f.kertasCombo.currentData())
            self.settings.set("rupiah_spasi", f.rupiahSpasiCheck.isChecked())
            self.settings.set("nama_pengguna", f.penggunaEdit.text().strip())
            self.settings.save()
        except ValidationError as exc:
            self._show_error(exc)
            return False
        except Exception as exc:
            show_error(self, exc, "Pengaturan tidak tersimpan")
            return False
        self.load()
        f.statusPesan.setText("Pengaturan tersimpan.")
        self.hub.announce("kantor")
        return True

    def revert(self) -> None:
        self.load()

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Pilih logo instansi", "", "Gambar (*.png *.jpg *.jpeg *.bmp)"
        )
        if not path:
            return
        try:
            with open(path, "rb") as fh:
                data = fh.read(LOGO_MAX_BYTES + 1)
        except OSError as exc:
            QMessageBox.warning(self, "Logo", f"Berkas {path} tidak dapat dibaca: {exc}.")
            return
        if len(data) > LOGO_MAX_BYTES:
            QMessageBox.warning(self, "Logo", "Berkas logo terlalu besar (maksimal 2 MB).")
            return
        if QImage.fromData(QByteArray(data)).isNull():
            QMessageBox.warning(self, "Logo", f"Berkas {path} bukan gambar yang dapat dibaca.")
            return
        self.logo = data
        self._show_logo()
        self._edited()

    def clear_logo(self) -> None:
        self.logo = None
        self._show_logo()
        self._edited()

    def _show_logo(self) -> None:
        label = self.form.logoPreview
        if not self.logo:
            label.setPixmap(QPixmap())
            label.setText("Belum ada logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(self.logo))
        label.setPixmap(
            pixmap.scaled(
                label.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def add_signer(self) -> None:
        row = self.ttd_model.add_row()
        table = self.form.ttdTable
        index = self.ttd_model.index(row, TtdTableModel.COL["nama"])
        table.setCurrentIndex(index)
        table.edit(index)

    def remove_signer(self) -> None:
        index = self.form.ttdTable.currentIndex()
        if index.isValid():
            self.ttd_model.remove_row(index.row())

    def move_signer(self, delta: int) -> None:
        index = self.form.ttdTable.currentIndex()
        if index.isValid():
            row = self.ttd_model.move_row(index.row(), delta)
            self.form.ttdTable.setCurrentIndex(self.ttd_model.index(row, index.column()))

    # --- page protocol -----------------------------------------------------------

    def on_changed(self, areas: frozenset[str]) -> None:
        if "semua" in areas and not self.is_dirty():
            self.load()

    def maybe_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            "Perubahan belum disimpan",
            "Pengaturan memiliki perubahan yang belum disimpan. Simpan sekarang?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.load()
            return True
        return False
