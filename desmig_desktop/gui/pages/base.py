"""What every page of the main window offers the window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desmig_desktop.db.migrate import Database
from desmig_desktop.gui.changes import ChangeHub


class Page(QWidget):
    """A page: shown in the navigation under ``title``, refreshed on data changes."""

    title = ""
    page_id = ""

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.hub = db, hub
        self.setObjectName(f"page_{self.page_id}")
        hub.changed.connect(self.on_changed)

    def on_changed(self, areas: frozenset[str]) -> None:
        """Reload if ``areas`` touches this page. The default does nothing."""

    def shown(self) -> None:
        """Called each time the page becomes the visible one."""

    def maybe_leave(self) -> bool:
        """Return False to keep the user here (e.g. unsaved changes and they chose Batal)."""
        return True


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    label.setStyleSheet("font-size: 16pt; font-weight: 600;")
    return label
