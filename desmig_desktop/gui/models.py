"""Small shared pieces for table models and item delegates."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desmig_desktop.gui import pyside_compat  # noqa: F401  (None outlives PySide's leaks)

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


class ChoiceModel(QAbstractListModel):
    """The choices of a combo box as (label, value) pairs, kept in Python.

    Fill combos through this model, not ``QComboBox.addItem``, and read the choice with
    :func:`choice` rather than ``currentData()``: on PySide6 6.12 with Python 3.11 both
    of those drop a reference to ``None`` per call (DESIGN.md), which a list of
    thousands of villages refreshed a few times turns into a crash.
    """

    def __init__(self, items: list[tuple[str, Any]] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[tuple[str, Any]] = list(items or [])

    def set_items(self, items: list[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.items[index.row()][0]
        if role == Qt.ItemDataRole.UserRole:
            return self.items[index.row()][1]
        return None

    def value(self, row: int) -> Any:
        return self.items[row][1] if 0 <= row < len(self.items) else None

    def row_of(self, value: Any) -> int:
        return next((i for i, (_label, v) in enumerate(self.items) if v == value), -1)


class ChoiceCombo(QComboBox):
    """A combo box over a :class:`ChoiceModel`, whose long part may be read later.

    With :meth:`set_lazy` it shows only a few choices (e.g. "Semua desa" and the chosen
    village) and reads the rest (thousands of villages) when the list is first opened,
    the box gets the focus, or a value not yet there is chosen: opening a page does not
    pay for a list the user may never open.
    """

    def __init__(self, items: list[tuple[str, Any]] | None = None) -> None:
        super().__init__()
        self.setModel(ChoiceModel(items, self))
        self._loader: Callable[[], list[tuple[str, Any]]] | None = None

    def set_lazy(
        self, shown: list[tuple[str, Any]], loader: Callable[[], list[tuple[str, Any]]]
    ) -> None:
        """Show ``shown`` now (the current value stays when among them); ``loader``
        gives every choice when they are first needed."""
        set_choices(self, shown)
        self._loader = loader

    @property
    def pending(self) -> bool:
        return self._loader is not None

    def ensure_loaded(self) -> None:
        if self._loader is not None:
            loader, self._loader = self._loader, None
            set_choices(self, loader())

    def showPopup(self) -> None:
        self.ensure_loaded()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_loaded()
        super().focusInEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched is self.lineEdit():
            self.ensure_loaded()  # an editable box: typing searches every choice
        return super().eventFilter(watched, event)

    def setEditable(self, editable: bool) -> None:
        super().setEditable(editable)
        if editable:
            self.lineEdit().installEventFilter(self)


def choice_combo(items: list[tuple[str, Any]] | None = None) -> ChoiceCombo:
    """A combo box over a :class:`ChoiceModel`."""
    return ChoiceCombo(items)


def choice(combo: QComboBox) -> Any:
    """The value of the combo's current choice (``None`` when nothing is chosen)."""
    model = combo.model()
    assert isinstance(model, ChoiceModel)
    return model.value(combo.currentIndex())


def choose(combo: QComboBox, value: Any, *, fallback: int = -1) -> bool:
    """Make ``value`` the current choice; else the row ``fallback`` (-1 keeps the current).
    A lazy combo reads its whole list first when ``value`` is not among those shown."""
    model = combo.model()
    assert isinstance(model, ChoiceModel)
    if model.row_of(value) < 0 and isinstance(combo, ChoiceCombo):
        combo.ensure_loaded()
    row = model.row_of(value)
    if row < 0:
        row = fallback
    if row >= 0:
        combo.setCurrentIndex(row)
    return model.row_of(value) >= 0


def set_choices(combo: QComboBox, items: list[tuple[str, Any]], keep: bool = True) -> None:
    """Replace the choices without emitting a change; the current value stays if still there."""
    model = combo.model()
    assert isinstance(model, ChoiceModel)
    current = choice(combo) if keep else None
    had = keep and combo.currentIndex() >= 0
    combo.blockSignals(True)
    model.set_items(items)
    row = model.row_of(current) if had else -1
    combo.setCurrentIndex(row if row >= 0 else (0 if items else -1))
    combo.blockSignals(False)
