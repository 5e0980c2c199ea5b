"""Riwayat: the audit trail of the whole database, filtered by period, user, part of the
program, action and free text; paged from the database, exported to Excel."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop import paths
from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.formatting import format_angka
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.export_dialog import run_export
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.riwayat import RiwayatModel, riwayat_table, waktu_teks
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.services.riwayat import (
    AKSI,
    TABEL,
    EntriRiwayat,
    FilterRiwayat,
    cari_riwayat,
    daftar_pengguna,
    hitung_riwayat,
)
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.settings import Settings

PERIODE = (
    ("Semua waktu", None),
    ("Hari ini", 0),
    ("7 hari terakhir", 6),
    ("30 hari terakhir", 29),
    ("Tahun ini", "tahun"),
)


class RiwayatPage(Page):
    title = "Riwayat"
    page_id = "riwayat"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Riwayat perubahan"))
        layout.addWidget(
            QLabel(
                "Setiap penambahan, perubahan, penghapusan dan impor data tercatat di sini: "
                "kapan, oleh siapa, rekaman mana, dan nilai lama serta baru."
            )
        )

        bar = QHBoxLayout()
        self.periode = QComboBox()
        for label, value in PERIODE:
            self.periode.addItem(label, value)
        self.pengguna = QComboBox()
        self.pengguna.setMinimumContentsLength(14)
        self.bagian = QComboBox()
        self.bagian.addItem("Semua bagian", None)
        for key, label in TABEL.items():
            self.bagian.addItem(label, key)
        self.aksi = QComboBox()
        self.aksi.addItem("Semua aksi", None)
        for key, label in AKSI.items():
            self.aksi.addItem(label, key)
        self.cari = QLineEdit()
        self.cari.setPlaceholderText("Cari nama rekaman, pengguna atau nilai…")
        self.cari.setClearButtonEnabled(True)
        for text, widget in (
            ("&Periode:", self.periode),
            ("Pen&gguna:", self.pengguna),
            ("&Bagian:", self.bagian),
            ("&Aksi:", self.aksi),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        second = QHBoxLayout()
        cari_label = QLabel("&Cari:")
        cari_label.setBuddy(self.cari)
        second.addWidget(cari_label)
        second.addWidget(self.cari, 1)
        self.count_label = QLabel()
        second.addWidget(self.count_label)
        self.export_button = QPushButton("&Ekspor ke Excel…")
        second.addWidget(self.export_button)
        layout.addLayout(second)
        self.model = RiwayatModel(self)
        self.view = riwayat_table(self.model)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Pilih satu baris untuk melihat rinciannya.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.cari.textChanged.connect(self._debounce.start)
        for combo in (self.periode, self.pengguna, self.bagian, self.aksi):
            combo.currentIndexChanged.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.export_button.clicked.connect(self.choose_export)
        self._stale = True

    # --- filter -----------------------------------------------------------------------

    def current_filter(self) -> FilterRiwayat:
        today = date.today()
        value = self.periode.currentData()
        dari: date | None = None
        if value == "tahun":
            dari = date(today.year, 1, 1)
        elif isinstance(value, int):
            dari = today - timedelta(days=value)
        return FilterRiwayat(
            dari=dari,
            pengguna=self.pengguna.currentData(),
            tabel=self.bagian.currentData(),
            aksi=self.aksi.currentData(),
            teks=self.cari.text(),
        )

    def _fill_users(self) -> None:
        chosen = self.pengguna.currentData()
        with UnitOfWork(self.db) as uow:
            names = daftar_pengguna(uow)
        self.pengguna.blockSignals(True)
        self.pengguna.clear()
        self.pengguna.addItem("Semua pengguna", None)
        for name in names:
            self.pengguna.addItem(name, name)
        at = self.pengguna.findData(chosen) if chosen else 0
        self.pengguna.setCurrentIndex(max(at, 0))
        self.pengguna.blockSignals(False)

    def reload(self, *_args: object) -> None:
        f = self.current_filter()
        db = self.db

        def load(before: int | None, limit: int) -> list[EntriRiwayat]:
            with UnitOfWork(db) as uow:
                return cari_riwayat(uow, f, sebelum_id=before, batas=limit)

        try:
            with UnitOfWork(db) as uow:
                total = hitung_riwayat(uow, f)
            self.model.set_loader(load)
        except Exception as exc:
            show_error(self, exc)
            return
        self.count_label.setText(f"{format_angka(total)} catatan")
        self.detail.clear()
        self._stale = False

    def refresh(self) -> None:
        try:
            self._fill_users()
        except Exception as exc:
            show_error(self, exc)
            return
        self.reload()

    def shown(self) -> None:
        if self._stale:
            self.refresh()

    def on_changed(self, areas: frozenset[str]) -> None:
        # every change of data writes the trail: reload when visible, else on next visit
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _show_detail(self, *_args: Any) -> None:
        e = self.model.entry(self.view.currentIndex().row())
        if e is None:
            self.detail.clear()
            return
        lines = [
            f"{waktu_teks(e)} — {e.pengguna}",
            f"{e.aksi_label} {e.tabel_label}: {e.label}",
            "",
            *e.baris_perubahan(),
        ]
        self.detail.setPlainText("\n".join(lines))

    # --- export -----------------------------------------------------------------------

    def choose_export(self) -> Operation | None:
        folder = Path(Settings().get("folder_ekspor") or paths.exports_dir())
        start = folder / f"Riwayat perubahan {date.today().isoformat()}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Ekspor riwayat ke Excel", str(start), "Buku kerja Excel (*.xlsx)"
        )
        if not chosen:
            return None
        return self.export_to(Path(chosen))

    def export_to(self, path: Path) -> Operation:
        from desmig_desktop.services.ekspor_riwayat import export_riwayat

        f = self.current_filter()
        db = self.db

        def work(progress: Progress) -> Any:
            return export_riwayat(db, path, f, progress=progress)

        return run_export(self, "Ekspor riwayat", work, lambda result: (result[0],))
