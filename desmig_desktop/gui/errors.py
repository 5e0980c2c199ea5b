"""The three tiers of errors in the window (STYLE.md rule 13).

- ValidationError: a friendly warning (the page usually shows it next to the
  field before it ever gets here);
- KnownEnvironmentError: a warning that says what the user can do;
- anything else is a bug: logged with its traceback and shown in a dialog
  with "Salin detail", through ``sys.excepthook`` or ``show_error``.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop import __version__, paths
from desmig_desktop.domain.errors import KnownEnvironmentError, ValidationError
from desmig_desktop.domain.progress import Cancelled

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("DesmigErrors", text)


class ErrorPolicy:
    """Whether bug dialogs are shown (off in CI and smoke tests), and what was caught."""

    show_dialogs: bool = True
    caught: list[BaseException] = []  # noqa: RUF012 - process-wide record for smoke tests


def debug_info(exc: BaseException) -> str:
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return (
        f"Desmig Desktop {__version__}\nPython {platform.python_version()} "
        f"di {platform.platform()}\n\n{tb}"
    )


class BugDialog(QDialog):
    """An unexpected error: what happened, where the log is, and 'Salin detail'."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Kesalahan tak terduga"))
        self.details = debug_info(exc)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Terjadi kesalahan yang tidak terduga. Data yang sudah disimpan tetap aman; "
                "tindakan terakhir mungkin tidak selesai.\n\nRincian tercatat di:\n{log}\n\n"
                "Kirimkan rincian ini kepada tim pengembang."
            ).format(log=paths.log_path())
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(self.details)
        text.setReadOnly(True)
        text.setMinimumSize(560, 200)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(tr("&Salin detail"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show ``exc`` in the tier it belongs to."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, ValidationError):
        QMessageBox.warning(parent, title or tr("Data belum benar"), exc.message)
        return
    if isinstance(exc, KnownEnvironmentError):
        QMessageBox.warning(parent, title or tr("Tidak dapat dilanjutkan"), exc.message)
        return
    report_bug(exc, parent)


def report_bug(exc: BaseException, parent: QWidget | None = None) -> None:
    log.error("kesalahan tak terduga", exc_info=(type(exc), exc, exc.__traceback__))
    ErrorPolicy.caught.append(exc)
    if ErrorPolicy.show_dialogs and QApplication.instance() is not None:
        BugDialog(exc, parent or QApplication.activeWindow()).exec()


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if isinstance(exc, ValidationError | KnownEnvironmentError):
        show_error(QApplication.activeWindow(), exc)
        return
    report_bug(exc)


def install_excepthook() -> None:
    sys.excepthook = excepthook
