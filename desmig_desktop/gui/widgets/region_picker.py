"""Pick a desa/kelurahan from the official region list by typing a name or a code.

Matches show as "Betak, Kec. Kalidawir, Kab. Tulungagung, Jawa Timur
(35.04.14.2016)". The search stays inside the office's kabupaten unless
"Seluruh Indonesia" is ticked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QCompleter, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desmig_desktop.db.migrate import Database
from desmig_desktop.gui.models import Index, ObjectRole
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import DesaWilayah, desa_wilayah, search_desa

DEBOUNCE_MS = 150


class RegionListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[DesaWilayah] = []

    def set_items(self, items: list[DesaWilayah]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.label
        if role == ObjectRole:
            return item
        return None


class RegionPicker(QWidget):
    """A type-ahead line edit over the region list; emits ``chosen`` with the village."""

    chosen = Signal(object)  # DesaWilayah

    def __init__(
        self, db: Database, kode_kabkota: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.kode_kabkota = kode_kabkota
        self.value: DesaWilayah | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Ketik nama desa, kecamatan, atau kode (35.04.14.2016)…")
        self.edit.setClearButtonEnabled(True)
        self.nasional = QCheckBox("Seluruh &Indonesia", self)
        self.nasional.setChecked(kode_kabkota is None)
        self.nasional.setEnabled(kode_kabkota is not None)
        self.nasional.setToolTip(
            "Cari di seluruh Indonesia, bukan hanya di kabupaten/kota kantor ini."
        )
        self.model = RegionListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(self._activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.edit.textEdited.connect(lambda _t: self.timer.start())
        self.nasional.toggled.connect(lambda _c: self.search_now())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.nasional)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        self.setFocusProxy(self.edit)

    def search_now(self) -> list[DesaWilayah]:
        text = self.edit.text()
        if self.value is not None and text == self.value.label:
            return []
        scope = None if self.nasional.isChecked() else self.kode_kabkota
        with UnitOfWork(self.db) as uow:
            items = search_desa(uow, text, kode_kabkota=scope)
        self.model.set_items(items)
        if items and self.edit.hasFocus():
            self.completer.complete()
        return items

    def search(self, text: str) -> list[DesaWilayah]:
        """Type ``text`` and search at once (keyboard users and tests)."""
        self.edit.setText(text)
        return self.search_now()

    def choose_row(self, row: int) -> DesaWilayah:
        self._activated(self.model.index(row, 0))
        assert self.value is not None
        return self.value

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(ObjectRole)
        if item is None:
            return
        self.set_value(item)
        self.chosen.emit(item)

    def set_value(self, item: DesaWilayah | None) -> None:
        self.value = item
        self.edit.setText(item.label if item else "")
        self.edit.deselect()
        self.edit.setCursorPosition(0)

    def set_kode(self, kode: str) -> None:
        with UnitOfWork(self.db) as uow:
            self.set_value(desa_wilayah(uow, kode))
