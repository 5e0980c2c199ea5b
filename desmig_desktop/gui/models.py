"""Small shared pieces for table models and item delegates."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

ObjectRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class VocabDelegate(QStyledItemDelegate):
    """Edits a column holding a vocabulary enum with a combo box of its labels."""

    def __init__(self, vocab: type[Enum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.members = list(vocab)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for member in self.members:
            combo.addItem(member.label, member)  # type: ignore[attr-defined]
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        pos = editor.findData(value)
        editor.setCurrentIndex(max(pos, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
