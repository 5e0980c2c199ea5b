"""Choose where an export goes: an Excel workbook and/or a PDF, and the paper size.

The work then runs off the GUI thread with progress and cancel; a cancelled or
failed export leaves no half-written file (the writers write atomically).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop import paths
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.settings import Settings


class ExportDialog(QDialog):
    """Two targets (xlsx, pdf) with checkboxes, and the paper size for the PDF."""

    def __init__(
        self,
        title: str,
        base_name: str,
        parent: QWidget | None = None,
        *,
        xlsx: bool = True,
        pdf: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 200)
        settings = Settings()
        folder = Path(settings.get("folder_ekspor") or paths.exports_dir())
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.targets: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for row, (kind, label, enabled) in enumerate(
            (("xlsx", "Buku kerja &Excel (.xlsx)", xlsx), ("pdf", "Dokumen &PDF", pdf))
        ):
            check = QCheckBox(label)
            check.setChecked(enabled)
            edit = QLineEdit(str(folder / f"{base_name}.{kind}"))
            browse = QPushButton("Pilih…")
            browse.clicked.connect(lambda _=False, k=kind: self._browse(k))
            grid.addWidget(check, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(browse, row, 2)
            self.targets[kind] = (check, edit)
        self.paper = QComboBox()
        self.paper.addItem("A4 (210 × 297 mm)", "A4")
        self.paper.addItem("F4/Folio (215 × 330 mm)", "F4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.get("ukuran_kertas"))))
        paper_label = QLabel("&Kertas:")
        paper_label.setBuddy(self.paper)
        grid.addWidget(paper_label, 2, 0)
        grid.addWidget(self.paper, 2, 1)
        layout.addLayout(grid)
        self.pesan = QLabel("")
        self.pesan.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.pesan)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Ekspor")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Batal")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self, kind: str) -> None:
        _check, edit = self.targets[kind]
        filt = "Buku kerja Excel (*.xlsx)" if kind == "xlsx" else "Dokumen PDF (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, "Simpan sebagai", edit.text(), filt)
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            edit.setText(path)
            self.targets[kind][0].setChecked(True)

    def chosen(self) -> dict[str, Path | None]:
        out: dict[str, Path | None] = {}
        for kind, (check, edit) in self.targets.items():
            text = edit.text().strip()
            out[kind] = Path(text) if check.isChecked() and text else None
        return out

    def _accept(self) -> None:
        chosen = self.chosen()
        if not any(chosen.values()):
            self.pesan.setText("Pilih setidaknya satu berkas: Excel atau PDF.")
            return
        for kind, target in chosen.items():
            if target is not None and target.suffix.lower() != f".{kind}":
                self.pesan.setText(f"Nama berkas {target.name} harus berakhiran .{kind}.")
                return
        self.accept()


def run_export(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    paths_of: Callable[[Any], tuple[Path, ...]],
) -> Operation:
    """Run an export with progress; offer to open the result folder when done."""

    def done(result: Any) -> None:
        written = paths_of(result)
        names = "\n".join(str(p) for p in written)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            title,
            f"Berkas ditulis:\n{names}",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        for path in written:
            button = box.addButton(
                f"Buka {path.suffix.lstrip('.').upper()}", QMessageBox.ButtonRole.ActionRole
            )
            button.clicked.connect(
                lambda _=False, p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))
            )
        folder = box.addButton("Buka &folder", QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0].parent)))
        )
        box.open()
        parent.setProperty("last_export", [str(p) for p in written])

    return (
        Operation(parent, work, title=title, write=False)
        .success(done)
        .failure(lambda exc: show_error(parent, exc, title))
        .with_progress(f"{title}…")
        .run()
    )
