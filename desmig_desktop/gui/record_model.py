"""An editable table over a list of plain dataclass records, for the editors' sub-tables.

Columns are declared with their kind (text, whole number, date, money,
vocabulary, yes/no); the model shows Indonesian formatting, parses what the
user types with the domain's parsers, and marks a cell it could not accept
instead of silently dropping the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    format_angka,
    format_rupiah,
    format_tanggal_pendek,
    parse_bilangan_bulat,
    parse_rupiah,
    parse_tanggal,
)
from desmig_desktop.gui.models import Index, ObjectRole, SortRole

_ERROR_BG = QColor("#fde7e9")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | int | year | date | money | vocab | bool
    vocab: type[Enum] | None = None
    width: int = 120
    optional: bool = True
    readonly: bool = False


class RecordTableModel(QAbstractTableModel):
    """Rows are dataclass instances; ``make_row()`` creates a new one."""

    edited = Signal()

    def __init__(
        self, columns: tuple[Col, ...], make_row: Callable[[], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self.make_row = make_row
        self.rows: list[Any] = []
        self.bad: dict[tuple[int, str], tuple[str, str]] = {}  # (row, key) -> (typed, message)

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.bad.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def _display(self, col: Col, value: Any) -> str:
        if value is None or value == "":
            return ""
        if col.kind == "int":
            return format_angka(value)
        if col.kind == "year":
            return str(value)
        if col.kind == "date":
            return format_tanggal_pendek(value)
        if col.kind == "money":
            return format_rupiah(value)
        if col.kind == "vocab":
            return value.label
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        value = getattr(row, col.key)
        bad = self.bad.get((index.row(), col.key))
        if role == ObjectRole:
            return row
        if col.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return bad[0] if bad else self._display(col, value)
        if role == Qt.ItemDataRole.EditRole:
            if bad:
                return bad[0]
            if col.kind == "vocab":
                return value
            if col.kind == "money" and value is not None:
                return format_rupiah(value, space=False).replace("Rp", "")
            if col.kind in ("date", "int", "year"):
                return self._display(col, value)
            return value or ""
        if role == SortRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and bad:
            return _ERROR_BG
        if role == Qt.ItemDataRole.ToolTipRole and bad:
            return bad[1]
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("int", "year", "money"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        col = self.columns[index.column()]
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if col.readonly:
            return base
        if col.kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def parse(self, col: Col, value: Any) -> Any:
        text = "" if value is None else str(value).strip() if not isinstance(value, Enum) else value
        if col.kind == "vocab":
            assert col.vocab is not None
            return col.vocab.parse(value, col.header)  # type: ignore[attr-defined]
        if text == "":
            if col.kind == "text":
                return ""
            if col.optional:
                return None
            raise ValidationError(f"{col.header} wajib diisi.", col.header)
        if col.kind == "int":
            return parse_bilangan_bulat(text, col.header)
        if col.kind == "year":
            if not (text.isdigit() and len(text) == 4):
                raise ValidationError(f'{col.header} "{text}" bukan tahun, mis. 2024.', col.header)
            return int(text)
        if col.kind == "date":
            return parse_tanggal(text, col.header)
        if col.kind == "money":
            amount: Decimal = parse_rupiah(text, col.header)
            if amount < 0:
                raise ValidationError(f"{col.header} tidak boleh negatif.", col.header)
            return amount
        return " ".join(text.split())

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if col.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            setattr(row, col.key, Qt.CheckState(value) == Qt.CheckState.Checked)
        else:
            if role != Qt.ItemDataRole.EditRole:
                return False
            try:
                parsed = self.parse(col, value)
            except ValidationError as exc:
                # keep what the user typed, marked, so nothing typed is lost silently
                self.bad[(index.row(), col.key)] = (str(value), exc.message)
            else:
                self.bad.pop((index.row(), col.key), None)
                setattr(row, col.key, parsed)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def first_problem(self) -> tuple[int, str, str] | None:
        """(row, key, message) of the first cell that could not be accepted."""
        if not self.bad:
            return None
        (row, key), (_typed, message) = min(self.bad.items())
        return row, key, message

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(self.make_row())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.bad = {(r - (1 if r > row else 0), k): v for (r, k), v in self.bad.items() if r != row}
        self.endRemoveRows()
        self.edited.emit()

    def snapshot(self) -> tuple[Any, ...]:
        return tuple(repr(r) for r in self.rows) + tuple(sorted(self.bad.items()))


def today() -> date:
    return date.today()
