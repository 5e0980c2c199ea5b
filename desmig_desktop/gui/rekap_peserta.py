"""Rekap peserta: the participants of every village with their attendance, paged.

One row per participant, in name order: village, category, and the marks H/I/S/A with
the attendance rate, for all sessions or one year's. The list is read a page at a time
as the user scrolls (``services.parenting.halaman_peserta``, keyset paging over the name
index), so 200,000 participants open as fast as 200. Typing in the search box (the
start of a name or of a word of it, in any case, or the first digits of a NIK) filters
in SQL, 250 ms after the last key: names starting so come first. NIKs are shown masked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Pertemuan
from desmig_desktop.domain.formatting import format_angka, format_persen
from desmig_desktop.domain.identitas import mask_nik
from desmig_desktop.gui.models import Index, ObjectRole, choice, choice_combo, set_choices
from desmig_desktop.gui.paged_model import PagedTableModel
from desmig_desktop.services.parenting import (
    FilterPeserta,
    PesertaRekap,
    halaman_peserta,
    hitung_peserta,
    kunci_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

DEBOUNCE_MS = 250
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_INACTIVE = QBrush(QColor("#777777"))


class PesertaModel(PagedTableModel[PesertaRekap]):
    HEADERS = (
        "Nama peserta",
        "NIK",
        "Kategori",
        "Desa",
        "Kecamatan",
        "Hadir",
        "Izin",
        "Sakit",
        "Alpa",
        "% hadir",
    )
    WIDTHS = (190, 125, 95, 130, 130, 48, 40, 44, 40, 62)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return str(section + 1)

    def item(self, row: int) -> PesertaRekap | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p: PesertaRekap = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            r = p.rekap
            return (
                p.nama if p.aktif else f"{p.nama} (nonaktif)",
                mask_nik(p.nik),
                p.kategori.label,
                p.desa,
                p.kecamatan,
                format_angka(r.h),
                format_angka(r.i),
                format_angka(r.s),
                format_angka(r.a),
                format_persen(r.rate) if r.total else "–",
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 5:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return f"Desa {p.desa}, Kec. {p.kecamatan} ({p.kode_wilayah})"
        if role == Qt.ItemDataRole.ForegroundRole and not p.aktif:
            return _INACTIVE
        if role == ObjectRole:
            return p
        return None


class _ListView(QTableView):
    """Enter opens the participant's village, as a double click does."""

    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class RekapPeserta(QWidget):
    """The participants of all villages, searchable; ``open_requested`` asks to open the
    chosen participant in their village's attendance grid."""

    open_requested = Signal(object)  # PesertaRekap

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.cari = QLineEdit()
        self.cari.setPlaceholderText(
            "Cari: awal nama atau awal kata nama peserta, atau 4 angka awal NIK atau lebih…"
        )
        self.cari.setClearButtonEnabled(True)
        self.tahun = choice_combo([("Semua tahun", None)])
        lbl = QLabel("Ca&ri:")
        lbl.setBuddy(self.cari)
        bar.addWidget(lbl)
        bar.addWidget(self.cari, 1)
        lbl = QLabel("Kehadiran ta&hun:")
        lbl.setBuddy(self.tahun)
        bar.addWidget(lbl)
        bar.addWidget(self.tahun)
        self.buka = QPushButton("&Buka daftar hadir desanya")
        bar.addWidget(self.buka)
        layout.addLayout(bar)
        self.model = PesertaModel(self)
        self.view = _ListView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for i, w in enumerate(PesertaModel.WIDTHS):
            self.view.setColumnWidth(i, w)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.reload)
        self.cari.textEdited.connect(lambda _t: self.timer.start())
        self.cari.returnPressed.connect(self.reload)
        self.tahun.currentIndexChanged.connect(self.reload)
        self.view.doubleClicked.connect(lambda _i: self._open())
        self.view.open_requested.connect(self._open)
        self.buka.clicked.connect(self._open)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.setFocusProxy(self.cari)
        self.loaded = False

    def current_filter(self) -> FilterPeserta:
        return FilterPeserta(teks=self.cari.text(), tahun=choice(self.tahun))

    def refresh(self) -> None:
        """Re-read the years with sessions (two index look-ups), then the list."""
        with UnitOfWork(self.db) as uow:
            first, last = uow.session.execute(
                select(func.min(Pertemuan.tanggal), func.max(Pertemuan.tanggal))
            ).one()
        years = range(last.year, first.year - 1, -1) if first and last else range(0)
        set_choices(self.tahun, [("Semua tahun", None)] + [(str(y), y) for y in years])
        self.reload()

    def reload(self, *_args: object) -> None:
        """Show the first page for the current search (the rest comes as one scrolls)."""
        self.timer.stop()
        f = self.current_filter()

        def page(after: PesertaRekap | None, limit: int) -> list[PesertaRekap]:
            with UnitOfWork(self.db) as uow:
                key = kunci_peserta(after) if after is not None else None
                return halaman_peserta(uow, f, setelah=key, batas=limit)

        self.model.set_source(page)
        self.loaded = True
        with UnitOfWork(self.db) as uow:
            count = hitung_peserta(uow, f)
        period = f"tahun {f.tahun}" if f.tahun else "seluruh pertemuan"
        if count:
            self.info.setText(
                f"{format_angka(count)} peserta dari semua desa"
                + (f" yang cocok dengan “{f.teks.strip()}”" if f.teks.strip() else "")
                + f"; kehadiran {period}. Klik dua kali atau Enter: buka daftar hadir desanya."
            )
        elif f.teks.strip():
            self.info.setText(
                f"Tidak ada peserta yang namanya (atau salah satu kata namanya) atau NIK-nya "
                f"diawali “{f.teks.strip()}”."
            )
        else:
            self.info.setText("Belum ada peserta community parenting.")
        self._update_buttons()

    def selected(self) -> PesertaRekap | None:
        index = self.view.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _update_buttons(self, *_args: object) -> None:
        self.buka.setEnabled(self.selected() is not None)

    def _open(self) -> None:
        p = self.selected()
        if p is not None:
            self.open_requested.emit(p)
