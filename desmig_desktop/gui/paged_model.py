"""A table model that reads its rows a page at a time, as the user scrolls.

The rows come from a keyset query: ``fetch(after, limit)`` returns up to ``limit``
records that follow the record ``after`` (``None`` for the first page) in the list's
order. The view asks for more through ``canFetchMore``/``fetchMore`` when it scrolls
near the end, so opening a list costs one page whatever the table's size, and memory
grows only with what the user actually scrolled through (DESIGN.md, "Lists").

Subclasses turn records into display rows (``expand``), e.g. to add group headings,
and say what each cell shows (``columnCount``/``data``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject

from desmig_desktop.gui.models import Index

T = TypeVar("T")
Fetch = Callable[[Any, int], list[Any]]

PAGE_SIZE = 300


class PagedTableModel(QAbstractTableModel, Generic[T]):
    """Rows ``self.rows`` grow a page at a time; ``records`` are the fetched records."""

    page_size = PAGE_SIZE

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.records: list[T] = []
        self._fetch: Fetch | None = None
        self._more = False

    # --- what subclasses decide -----------------------------------------------------

    def expand(self, records: list[T], last: T | None, complete: bool) -> list[Any]:
        """The display rows for newly fetched ``records`` (after ``last``); ``complete``
        when no record follows them. By default a row is its record."""
        return list(records)

    # --- paging ---------------------------------------------------------------------

    def set_source(self, fetch: Fetch | None) -> None:
        """Start over with ``fetch`` (``None``: empty) and read the first page."""
        self.beginResetModel()
        try:
            self._fetch = fetch
            self.rows, self.records = [], []
            self._more = False
            if fetch is not None:
                records, complete = self._read()
                self.rows = self.expand(records, None, complete)
                self.records = records
                self._more = not complete
        finally:  # a failed read leaves an empty list, never a half-reset model
            self.endResetModel()

    @property
    def complete(self) -> bool:
        """Every record has been read."""
        return not self._more

    def _read(self, limit: int | None = None) -> tuple[list[T], bool]:
        assert self._fetch is not None
        size = limit or self.page_size
        after = self.records[-1] if self.records else None
        got = self._fetch(after, size + 1)
        return got[:size], len(got) <= size

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        self.fetch_page()

    def fetch_page(self, limit: int | None = None) -> int:
        """Read the next page (or ``limit`` records); returns how many rows were added."""
        if not self._more:
            return 0
        records, complete = self._read(limit)
        last = self.records[-1] if self.records else None
        new = self.expand(records, last, complete)
        first = len(self.rows)
        if new:
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.records.extend(records)
        self.rows.extend(new)
        self._more = not complete
        if new:
            self.endInsertRows()
        return len(new)

    def fetch_until(self, found: Callable[[T], bool], limit: int = 100_000) -> int:
        """Read pages until a record satisfies ``found``; its row, or -1 if none does
        (reading stops after ``limit`` records)."""
        start, step = 0, self.page_size
        while True:
            for row in range(start, len(self.rows)):
                record = self.record_of_row(self.rows[row])
                if record is not None and found(record):
                    return row
            start = len(self.rows)
            if not self._more or len(self.records) >= limit:
                return -1
            self.fetch_page(step)
            step = min(step * 2, 5000)  # far down a long list: fewer, larger reads

    def record_of_row(self, row: Any) -> T | None:
        """The record a display row shows (``None`` for a heading or a total)."""
        return row

    # --- geometry -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)
