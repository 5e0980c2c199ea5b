"""Laporan: the quarterly report for the ministry, previewed, checked, then exported.

The figures shown come from ``services.laporan.laporan_triwulan``, the same
query the workbook and the PDF are written from. It is computed off the GUI thread
(a national database takes a moment); the check list shows at most ``CEK_TAMPIL``
items of each kind (all of them are printed in the report's annex).
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import Triwulan
from desmig_desktop.domain.formatting import (
    format_angka,
    format_persen,
    format_rupiah,
    format_tanggal,
)
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub, touches
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.export_dialog import ExportDialog, run_export
from desmig_desktop.gui.models import Index, choice, choice_combo, choose, set_choices
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.services.laporan import (
    CEK_JUDUL,
    LaporanTriwulan,
    batas_laporan,
    laporan_triwulan,
)
from desmig_desktop.services.rencana import list_tahun
from desmig_desktop.services.uow import UnitOfWork

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CEK_TAMPIL = 50  # check-list items shown per kind (a national report can have thousands)


def default_quarter(tahun: int, today: date | None = None) -> Triwulan:
    """The quarter a report is most likely wanted for: the last one that has ended."""
    today = today or date.today()
    if tahun < today.year:
        return Triwulan.IV
    current = Triwulan.dari_bulan(today.month).nomor
    return Triwulan.parse(max(1, current - 1))


class RingkasanModel(QAbstractTableModel):
    HEADERS = (
        "Pilar",
        "Pagu",
        "Realisasi TW",
        "Realisasi s.d.",
        "Serapan s.d.",
        "Sisa",
        "Kegiatan",
        "Selesai",
        "Berjalan",
        "Batal",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lap: LaporanTriwulan | None = None

    def set_report(self, lap: LaporanTriwulan | None) -> None:
        self.beginResetModel()
        self.lap = lap
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.lap is None else len(self.lap.ringkasan)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            text = self.HEADERS[section]
            if self.lap is not None and "TW" in text:
                text = text.replace("TW", f"TW {self.lap.triwulan.romawi}")
            return text
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.lap is None:
            return None
        r = self.lap.ringkasan[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                r.label,
                format_rupiah(r.anggaran.pagu),
                format_rupiah(r.realisasi_tw),
                format_rupiah(r.realisasi_sd),
                format_persen(r.serapan_sd),
                format_rupiah(r.sisa),
                format_angka(r.kegiatan),
                format_angka(r.selesai),
                format_angka(r.berjalan),
                format_angka(r.batal),
            )
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and r.pilar is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and r.pilar is None:
            return QBrush(QColor("#f1f1f1"))
        return None


class LaporanPage(Page):
    title = "Laporan"
    page_id = "laporan"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Laporan Triwulan"))
        top.addStretch(1)
        self.tahun = choice_combo()
        self.triwulan = choice_combo([(t.label, t.value) for t in Triwulan])
        for text, w in (("&Tahun:", self.tahun), ("T&riwulan:", self.triwulan)):
            lbl = QLabel(text)
            lbl.setBuddy(w)
            top.addWidget(lbl)
            top.addWidget(w)
        self.buat = QPushButton("&Buat laporan (Excel dan PDF)…")
        top.addWidget(self.buat)
        layout.addLayout(top)
        self.keterangan = QLabel("")
        self.keterangan.setWordWrap(True)
        layout.addWidget(self.keterangan)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = RingkasanModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        splitter.addWidget(self.view)
        self.cek = QTextBrowser()
        self.cek.setOpenLinks(False)
        splitter.addWidget(self.cek)
        splitter.setSizes([260, 300])
        layout.addWidget(splitter, 1)

        self.tahun.currentIndexChanged.connect(self._year_changed)
        self.triwulan.currentIndexChanged.connect(self.reload)
        self.buat.clicked.connect(self.start_export)
        self.lap: LaporanTriwulan | None = None
        self.loading: Operation | None = None
        self._generation = 0
        self._shown = 0
        self.refresh()

    def refresh(self) -> None:
        with UnitOfWork(self.db) as uow:
            years = [y.tahun for y in list_tahun(uow)]
        keep = choice(self.tahun)
        set_choices(self.tahun, [(str(y), y) for y in years])
        if years:
            wanted = (
                keep
                if keep in years
                else (date.today().year if date.today().year in years else years[-1])
            )
            self.tahun.blockSignals(True)
            choose(self.tahun, wanted)
            self.tahun.blockSignals(False)
        self._year_changed(keep_quarter=keep is not None)

    def _year_changed(self, *_args: object, keep_quarter: bool = False) -> None:
        tahun = choice(self.tahun)
        if tahun is not None and not keep_quarter:
            self.triwulan.blockSignals(True)
            choose(self.triwulan, default_quarter(tahun).value)
            self.triwulan.blockSignals(False)
        self.reload()

    @property
    def settled(self) -> bool:
        """The preview shows the chosen year and quarter."""
        return self.loading is None or (self.loading.done and self._shown == self._generation)

    def reload(self, *_args: object) -> Operation | None:
        """Compute the report off the GUI thread, then show it."""
        tahun = choice(self.tahun)
        self._generation += 1
        generation = self._generation
        if tahun is None:
            self.lap = None
            self.loading = None
            self.model.set_report(None)
            self.keterangan.setText("Belum ada tahun anggaran; buat di halaman Rencana & Anggaran.")
            self.cek.setHtml("")
            self.buat.setEnabled(False)
            return None
        tw = Triwulan.parse(choice(self.triwulan))
        self.buat.setEnabled(False)
        if self.lap is None or (self.lap.tahun, self.lap.triwulan) != (tahun, tw):
            self.keterangan.setText(f"Menyusun laporan {tw.label} {tahun}…")

        def work(_progress: Progress) -> LaporanTriwulan:
            with UnitOfWork(self.db) as uow:
                return laporan_triwulan(uow, tahun, tw)

        def done(lap: LaporanTriwulan) -> None:
            if isValid(self) and generation == self._generation:  # else a newer one follows
                self._show(lap)

        self.loading = (
            Operation(self, work, title="Laporan", write=False)
            .success(done)
            .failure(lambda exc: show_error(self, exc, "Laporan") if isValid(self) else None)
            .run()
        )
        return self.loading

    def _show(self, lap: LaporanTriwulan) -> None:
        self._shown = self._generation
        self.lap = lap
        tahun, tw = lap.tahun, lap.triwulan
        self.model.set_report(lap)
        dari, sampai = lap.periode
        batas = batas_laporan(tahun, tw)
        sisa = (batas - date.today()).days
        when = (
            f"{sisa} hari lagi" if sisa > 0 else "hari ini" if sisa == 0 else f"lewat {-sisa} hari"
        )
        self.keterangan.setText(
            f"<b>{lap.judul}</b> — periode {format_tanggal(dari)} s.d. {format_tanggal(sampai)}; "
            f"batas pengiriman {format_tanggal(batas)} ({when}). Kehadiran community parenting "
            f"{format_persen(lap.parenting_total.rate)} di {len(lap.parenting)} desa."
        )
        self.cek.setHtml(self._cek_html(lap))
        self.buat.setEnabled(True)

    @staticmethod
    def _cek_html(lap: LaporanTriwulan) -> str:
        if not lap.cek:
            return "<p><b>Daftar periksa:</b> tidak ada yang tampak belum lengkap.</p>"
        parts = [
            f"<p><b>Daftar periksa: {format_angka(len(lap.cek))} hal tampak belum lengkap.</b> "
            "Laporan tetap dapat dibuat; daftar ini dicetak sebagai lampiran.</p>"
        ]
        for jenis, judul in CEK_JUDUL.items():
            items = [c.pesan for c in lap.cek if c.jenis == jenis]
            if items:
                shown = items[:CEK_TAMPIL]
                more = (
                    f"<li>… dan {format_angka(len(items) - len(shown))} lainnya "
                    "(semuanya tercantum di lampiran laporan).</li>"
                    if len(items) > len(shown)
                    else ""
                )
                parts.append(
                    f"<p><b>{escape(judul)}</b> ({format_angka(len(items))})</p><ul>"
                    + "".join(f"<li>{escape(i)}</li>" for i in shown)
                    + more
                    + "</ul>"
                )
        return "".join(parts)

    def start_export(self) -> ExportDialog | None:
        lap = self.lap
        if lap is None:
            return None
        if lap.cek:
            answer = QMessageBox.question(
                self,
                "Daftar periksa",
                f"Ada {len(lap.cek)} hal yang tampak belum lengkap (lihat daftar di halaman "
                "ini). Buat laporan juga, dengan daftar itu sebagai lampiran?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        base = f"Laporan Triwulan {lap.triwulan.romawi} {lap.tahun}"
        dialog = ExportDialog("Buat laporan triwulan", base, self)
        dialog.accepted.connect(lambda: self.export_to(dialog.chosen(), dialog.paper.currentData()))
        dialog.open()
        return dialog

    def export_to(self, chosen: dict[str, Path | None], paper: str) -> Operation:
        from desmig_desktop.services.ekspor_laporan import export_laporan

        lap = self.lap
        assert lap is not None
        tahun, tw = lap.tahun, lap.triwulan

        def work(progress: Progress) -> Any:
            return export_laporan(
                self.db,
                tahun,
                tw,
                xlsx=chosen.get("xlsx"),
                pdf=chosen.get("pdf"),
                paper=paper,
                progress=progress,
            )

        return run_export(self, "Laporan triwulan", work, lambda r: r.paths)

    def on_changed(self, areas: frozenset[str]) -> None:
        if touches(areas, "rencana", "parenting", "desa", "kantor"):
            self.refresh()
