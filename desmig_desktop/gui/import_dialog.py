"""Refused imports: every row error in a list the user can read, copy and print."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop.imports.workbook import ImportErrors


class ImportErrorsDialog(QDialog):
    def __init__(self, exc: ImportErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Impor ditolak")
        self.resize(720, 440)
        layout = QVBoxLayout(self)
        count = len(exc.errors)
        intro = QLabel(
            f"<b>Tidak ada data yang disimpan.</b> Berkas ini memuat {count} kesalahan. "
            "Perbaiki baris-baris berikut di lembar kerja, lalu impor lagi."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit("\n".join(str(e) for e in exc.errors))
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("&Salin daftar")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
