"""The audit trail in the GUI: a table model paged from the database, and the Riwayat
dialog every record editor opens ("Riwayat..." button, Ctrl+H)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.formatting import format_angka, format_tanggal_pendek
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.models import Index
from desmig_desktop.services.riwayat import EntriRiwayat, riwayat_untuk
from desmig_desktop.services.uow import UnitOfWork

HEADERS = ("Waktu", "Pengguna", "Aksi", "Bagian", "Rekaman", "Perubahan")
_AKSI_WARNA = {
    "tambah": QColor("#e3f4e6"),
    "hapus": QColor("#fbe3e3"),
    "impor": QColor("#e4ecfb"),
    "pulihkan": QColor("#fff6d6"),
}

# loader(before_id, limit) -> the next page of entries, newest first
Loader = Callable[[int | None, int], list[EntriRiwayat]]


def waktu_teks(entri: EntriRiwayat) -> str:
    return f"{format_tanggal_pendek(entri.waktu.date())} {entri.waktu:%H.%M.%S}"


class RiwayatModel(QAbstractTableModel):
    """Entries of the trail, a page at a time as the user scrolls (keyset on the id)."""

    PAGE = 200

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[EntriRiwayat] = []
        self._loader: Loader | None = None
        self._more = False

    def set_loader(self, loader: Loader | None) -> None:
        self.beginResetModel()
        self._loader = loader
        self.entries = []
        self._more = loader is not None
        self.endResetModel()
        if self._more:
            self.fetchMore()

    def set_entries(self, entries: list[EntriRiwayat]) -> None:
        self.beginResetModel()
        self._loader, self._more, self.entries = None, False, list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._loader is None:
            return
        before = self.entries[-1].id if self.entries else None
        page = self._loader(before, self.PAGE)
        self._more = len(page) == self.PAGE
        if page:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.entries.extend(page)
            self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def entry(self, row: int) -> EntriRiwayat | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry(index.row())
        if e is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return waktu_teks(e)
            if col == 1:
                return e.pengguna
            if col == 2:
                return e.aksi_label
            if col == 3:
                return e.tabel_label
            if col == 4:
                if e.aksi == "impor" and e.jumlah is not None:
                    return f"{e.label} ({format_angka(e.jumlah)} baris)"
                return e.label
            return "\n".join(e.baris_perubahan())
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return "\n".join(e.baris_perubahan())
        if role == Qt.ItemDataRole.BackgroundRole and col == 2:
            return _AKSI_WARNA.get(e.aksi)
        return None


def riwayat_table(model: RiwayatModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    for col, width in enumerate((130, 120, 70, 120, 240)):
        header.resizeSection(col, width)
    header.setStretchLastSection(True)
    return view


class RiwayatDialog(QDialog):
    """The history of one record (and its parts), newest first."""

    def __init__(
        self, db: Database, tabel: str, record_id: int, judul: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Riwayat perubahan — {judul}")
        self.resize(900, 480)
        self.model = RiwayatModel(self)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        layout.addWidget(self.info)
        self.view = riwayat_table(self.model)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            with UnitOfWork(db) as uow:
                entries = riwayat_untuk(uow, tabel, record_id)
        except Exception as exc:  # shown, not raised: the editor behind stays usable
            show_error(self, exc)
            entries = []
        self.model.set_entries(entries)
        if entries:
            self.info.setText(
                f"{format_angka(len(entries))} perubahan tercatat; terbaru di atas. "
                f"Dibuat {waktu_teks(entries[-1])} oleh {entries[-1].pengguna}."
            )
        else:
            self.info.setText("Belum ada perubahan tercatat untuk rekaman ini.")


def riwayat_button(
    parent: QWidget, db: Database, tabel: str, record: Callable[[], tuple[int | None, str]]
) -> QPushButton:
    """A "Riwayat..." button (and Ctrl+H) for an editor; ``record`` gives the record's id
    (None while it is new and unsaved: the button is disabled then) and its title."""
    button = QPushButton("&Riwayat…")
    button.setToolTip("Siapa mengubah apa dan kapan (Ctrl+H)")

    def open_dialog() -> None:
        record_id, judul = record()
        if record_id is None:
            return
        dialog = RiwayatDialog(db, tabel, record_id, judul, parent)
        dialog.setObjectName("riwayat_dialog")
        dialog.open()

    button.clicked.connect(open_dialog)
    QShortcut(QKeySequence("Ctrl+H"), parent, activated=open_dialog)
    button.setEnabled(record()[0] is not None)
    return button
