"""Beranda: the district at a glance (figures now; charts come with the Beranda issue)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.formatting import format_angka
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.services.kantor import get_kantor
from desmig_desktop.services.ringkasan import Hitungan, hitung
from desmig_desktop.services.uow import UnitOfWork


class Card(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(170)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, value: int) -> None:
        self.value.setText(format_angka(value))


class BerandaPage(Page):
    title = "Beranda"
    page_id = "beranda"
    demo_requested = Signal()
    settings_requested = Signal()

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        layout = QVBoxLayout(self)
        self.heading = heading("Beranda")
        layout.addWidget(self.heading)
        self.kantor_label = QLabel()
        self.kantor_label.setWordWrap(True)
        layout.addWidget(self.kantor_label)

        grid = QGridLayout()
        self.cards = {
            "desa_aktif": Card("desa Desmigratif aktif"),
            "desa_total": Card("desa terdaftar"),
            "kegiatan": Card("rencana kegiatan"),
            "peserta": Card("peserta community parenting"),
            "pertemuan": Card("pertemuan parenting"),
            "kehadiran": Card("tanda kehadiran tercatat"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 3, i % 3)
        layout.addLayout(grid)

        self.empty_box = QFrame()
        self.empty_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.empty_box)
        empty_text = QLabel(
            "<b>Basis data masih kosong.</b> Mulailah dengan mengisi identitas kantor dan "
            "penandatangan di Pengaturan, atau coba aplikasi dengan data demo Kabupaten "
            "Tulungagung."
        )
        empty_text.setWordWrap(True)
        box.addWidget(empty_text)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("Isi &data demo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.settings_button = QPushButton("Buka &Pengaturan")
        self.settings_button.clicked.connect(self.settings_requested)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        layout.addWidget(self.empty_box)

        note = QLabel(
            "Grafik serapan anggaran per pilar, realisasi per triwulan, tingkat kehadiran per "
            "desa dan daftar periksa laporan akan tampil di halaman ini."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with UnitOfWork(self.db) as uow:
            angka: Hitungan = hitung(uow)
            kantor = get_kantor(uow)
        for key, card in self.cards.items():
            card.set_value(getattr(angka, key))
        self.empty_box.setVisible(angka.kosong)
        if kantor.lengkap:
            names = " — ".join(p.title() for p in (kantor.instansi, kantor.pemerintah) if p)
            self.kantor_label.setText(names)
            self.kantor_label.setStyleSheet("")
        else:
            self.kantor_label.setText(
                "Identitas kantor belum diisi: kop surat laporan belum dapat dicetak."
            )
            self.kantor_label.setStyleSheet("color: #b3261e;")
        self.kantor_label.setTextFormat(Qt.TextFormat.PlainText)

    def on_changed(self, areas: frozenset[str]) -> None:
        self.refresh()
