"""Rencana & Anggaran: the year's budget per pillar and source, and the plan grouped by pillar.

The budget table shows pagu, planned, realised in the chosen quarter and to
date, serapan and what is left; the plan table lists activities with pillar
subtotals. Both come from the same read queries the exports use.

The plan is read a page at a time as the user scrolls (``halaman_kegiatan``, keyset
paging in SQL with the filters), so a national plan of 100,000 lines opens as fast as
a district's. The budget table and the pillar subtotals and total are aggregate
queries, computed off the GUI thread; they fill in a moment after the first page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from sqlalchemy import select

from desmig_desktop.db.backup import backup_before_import
from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_angka, format_persen, format_rupiah
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub, touches
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.export_dialog import ExportDialog, run_export
from desmig_desktop.gui.models import Index, ObjectRole, choice, choice_combo, choose, set_choices
from desmig_desktop.gui.paged_model import PagedTableModel
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.rencana_dialogs import (
    KegiatanDialog,
    PaguDialog,
    RealisasiDialog,
    default_triwulan,
)
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.services.rencana import (
    AnggaranBaris,
    JumlahKegiatan,
    KegiatanBaris,
    KegiatanFilter,
    RingkasanAnggaran,
    TahunInfo,
    close_tahun,
    copy_year,
    create_tahun,
    delete_kegiatan,
    halaman_kegiatan,
    jumlah_dari_ringkasan,
    jumlah_kegiatan,
    kunci_kegiatan,
    list_tahun,
    posisi_kegiatan,
    reopen_tahun,
    ringkasan_anggaran,
)
from desmig_desktop.services.uow import UnitOfWork

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_GROUP_BG = QBrush(QColor("#e8eef7"))
_TOTAL_BG = QBrush(QColor("#f1f1f1"))
_OVER_FG = QBrush(QColor("#b3261e"))
_PENDING = "…"


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _volume(v: Decimal) -> str:
    return format_angka(v, 0 if v == v.to_integral_value() else 2)


class AnggaranModel(QAbstractTableModel):
    """Budget per pillar and funding source, with pillar subtotals and a grand total."""

    HEADERS = (
        "Pilar / sumber dana",
        "Pagu",
        "Rencana",
        "Realisasi TW",
        "Serapan TW",
        "Real. s.d. TW",
        "Serapan s.d. TW",
        "Sisa pagu",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, AnggaranBaris]] = []  # (kind, row): detail|subtotal|total
        self.triwulan = Triwulan.I

    def set_data(self, ringkasan: RingkasanAnggaran | None, triwulan: Triwulan) -> None:
        self.beginResetModel()
        self.triwulan = triwulan
        self.rows = []
        if ringkasan is not None:
            for pilar in Pilar:
                details = [b for b in ringkasan.baris if b.pilar is pilar]
                self.rows.extend(("detail", b) for b in details)
                self.rows.append(("subtotal", ringkasan.per_pilar[pilar]))
            self.rows.append(("total", ringkasan.total))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            text = self.HEADERS[section]
            return text.replace("TW", f"TW {self.triwulan.romawi}") if "TW" in text else text
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, b = self.rows[index.row()]
        q = self.triwulan.nomor
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if kind == "detail":
                    return f"    {b.sumber_dana}"
                if kind == "subtotal":
                    assert b.pilar is not None
                    return b.pilar.judul
                return "JUMLAH SELURUH PILAR"
            values = (
                b.pagu,
                b.rencana,
                b.realisasi_tw[q - 1],
                b.serapan_tw(q),
                b.realisasi_sd(q),
                b.serapan_sd(q),
                b.sisa(q),
            )
            value = values[col - 1]
            if col in (4, 6):
                return format_persen(value)
            return format_rupiah(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and kind != "detail":
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole and kind != "detail":
            return _GROUP_BG if kind == "subtotal" else _TOTAL_BG
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and b.rencana > b.pagu:
            return _OVER_FG
        if role == ObjectRole:
            return b
        return None


@dataclass(frozen=True)
class _PlanRow:
    kind: str  # group | item | subtotal | total
    pilar: Pilar | None
    item: KegiatanBaris | None = None


class RencanaModel(PagedTableModel[KegiatanBaris]):
    """The plan grouped by pillar: a heading row, the activities, a subtotal; a grand total.

    Lines are read a page at a time; a pillar's subtotal row follows its last line and
    the grand total the plan's last line. Their figures (and the count in each heading)
    come from ``jumlah_kegiatan``, an aggregate query over the same filter, set with
    ``set_jumlah`` when it is ready.
    """

    HEADERS = (
        "Kode",
        "Kegiatan",
        "Desa",
        "Target",
        "TW",
        "Sumber dana",
        "Anggaran",
        "Realisasi TW",
        "Realisasi s.d. TW",
        "Status",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_PlanRow] = []
        self.triwulan = Triwulan.I
        self.jumlah: dict[Pilar | None, JumlahKegiatan] | None = None

    def expand(
        self, records: list[KegiatanBaris], last: KegiatanBaris | None, complete: bool
    ) -> list[_PlanRow]:
        rows: list[_PlanRow] = []
        previous = last.pilar if last is not None else None
        for k in records:
            if k.pilar is not previous:
                if previous is not None:
                    rows.append(_PlanRow("subtotal", previous))
                rows.append(_PlanRow("group", k.pilar))
                previous = k.pilar
            rows.append(_PlanRow("item", k.pilar, k))
        if complete and previous is not None:
            rows.append(_PlanRow("subtotal", previous))
            rows.append(_PlanRow("total", None))
        return rows

    def record_of_row(self, row: _PlanRow) -> KegiatanBaris | None:
        return row.item

    def item(self, row: int) -> KegiatanBaris | None:
        return self.rows[row].item if 0 <= row < len(self.rows) else None

    def sums(self, row: _PlanRow) -> JumlahKegiatan | None:
        """The subtotal (or total) a heading, subtotal or total row shows; None until known."""
        return self.jumlah.get(row.pilar) if self.jumlah is not None else None

    def set_jumlah(self, jumlah: dict[Pilar | None, JumlahKegiatan] | None) -> None:
        self.jumlah = jumlah
        self._all_changed()

    def set_triwulan(self, triwulan: Triwulan) -> None:
        self.triwulan = triwulan
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._all_changed()

    def _all_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            text = self.HEADERS[section]
            return text.replace("TW", f"TW {self.triwulan.romawi}") if "Realisasi" in text else text
        return None

    def _text(self, row: _PlanRow, col: int) -> str:
        q = self.triwulan.nomor
        sums = self.sums(row) if row.kind != "item" else None
        if row.kind == "group":
            assert row.pilar is not None
            if col != 0:
                return ""
            if sums is None:
                return row.pilar.judul
            return f"{row.pilar.judul} ({format_angka(sums.kegiatan)} kegiatan)"
        if row.kind in ("subtotal", "total"):
            count = format_angka(sums.kegiatan) if sums else _PENDING
            label = (
                f"Jumlah Pilar {row.pilar.value} ({count} kegiatan)"
                if row.pilar
                else f"JUMLAH ({count} kegiatan)"
            )
            if col == 1:
                return label
            if col not in (6, 7, 8):
                return ""
            if sums is None:
                return _PENDING
            return format_rupiah(
                (sums.anggaran, sums.realisasi_tw[q - 1], sums.realisasi_sd(q))[col - 6]
            )
        k = row.item
        assert k is not None
        return (
            k.kode,
            k.nama,
            f"{k.desa}" if k.desa else "Tingkat kabupaten",
            f"{_volume(k.volume)} {k.satuan}",
            k.triwulan.romawi,
            k.sumber_dana,
            format_rupiah(k.anggaran),
            format_rupiah(k.realisasi_tw[q - 1]),
            format_rupiah(k.realisasi_sd(q)),
            k.status.label + (" ⚠" if k.melebihi else ""),
        )[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == ObjectRole:
            return row.item
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (6, 7, 8):
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and row.kind != "item":
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole and row.kind != "item":
            return _GROUP_BG if row.kind == "group" else _TOTAL_BG
        if role == Qt.ItemDataRole.ForegroundRole and row.item and row.item.melebihi:
            return _OVER_FG
        if role == Qt.ItemDataRole.ToolTipRole and row.item:
            if row.item.melebihi:
                return "Realisasi melebihi anggaran kegiatan (sudah dikonfirmasi)."
            if col == 2 and row.item.kode_wilayah:
                return f"{row.item.desa} ({row.item.kode_wilayah})"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].kind == "item":
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled


def _desa_pilihan(uow: UnitOfWork, kode: str | None = None) -> list[tuple[str, Any]]:
    """The villages as filter choices, by name (with the kecamatan: names repeat); or
    only the village ``kode``."""
    stmt = select(Desa.kode_wilayah, Desa.nama, Desa.kecamatan)
    if kode is not None:
        stmt = stmt.where(Desa.kode_wilayah == kode)
    rows = uow.session.execute(stmt.order_by(Desa.nama, Desa.kecamatan, Desa.kode_wilayah))
    return [(f"{nama} (Kec. {kec})" if kec else nama, k) for k, nama, kec in rows]


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    return view


class RencanaPage(Page):
    title = "Rencana & Anggaran"
    page_id = "rencana"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Rencana & Anggaran"))
        top.addStretch(1)
        self.tahun = choice_combo()
        self.tahun.setMinimumWidth(150)
        self.triwulan = choice_combo([(f"s.d. {t.label}", t.value) for t in Triwulan])
        for text, w in (("&Tahun:", self.tahun), ("T&riwulan:", self.triwulan)):
            lbl = QLabel(text)
            lbl.setBuddy(w)
            top.addWidget(lbl)
            top.addWidget(w)
        layout.addLayout(top)
        second = QHBoxLayout()
        self.status_tahun = QLabel("")
        self.status_tahun.setWordWrap(True)
        second.addWidget(self.status_tahun, 1)
        self.tahun_baru = QPushButton("Tahun &baru…")
        self.salin = QPushButton("Sa&lin ke tahun berikut…")
        self.tutup = QPushButton("T&utup tahun")
        self.pagu = QPushButton("Atur &pagu…")
        self.impor = QPushButton("&Impor…")
        self.impor.setToolTip("Impor lembar Pagu, Rencana Kegiatan dan Realisasi (.xlsx)")
        self.ekspor = QPushButton("Eks&por…")
        self.ekspor.setToolTip("Ekspor rencana tahunan ke Excel (format impor) dan PDF")
        for b in (self.pagu, self.tahun_baru, self.salin, self.tutup, self.impor, self.ekspor):
            second.addWidget(b)
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.anggaran_model = AnggaranModel(self)
        self.anggaran_view = _table(self.anggaran_model)
        self.anggaran_view.horizontalHeader().setStretchLastSection(True)
        splitter.addWidget(self.anggaran_view)

        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.f_pilar = choice_combo([("Semua pilar", None)] + [(p.judul, p.value) for p in Pilar])
        self.f_desa = choice_combo()
        self.f_desa.setMinimumContentsLength(14)
        self.f_desa.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.f_status = choice_combo(
            [("Semua status", None)] + [(s.label, s.value) for s in StatusKegiatan]
        )
        self.f_tw = choice_combo(
            [("Semua triwulan", None)] + [(f"Rencana {t.label}", t.value) for t in Triwulan]
        )
        for text, w in (
            ("Pi&lar:", self.f_pilar),
            ("&Desa:", self.f_desa),
            ("&Status:", self.f_status),
            ("Tri&wulan rencana:", self.f_tw),
        ):
            lbl = QLabel(text)
            lbl.setBuddy(w)
            bar.addWidget(lbl)
            bar.addWidget(w)
        bar.addStretch(1)
        actions = QHBoxLayout()
        self.tambah = QPushButton("Tambah &kegiatan")
        self.ubah = QPushButton("&Ubah")
        self.realisasi = QPushButton("Isi &realisasi")
        self.hapus = QPushButton("&Hapus")
        actions.addWidget(QLabel("<b>Rencana kegiatan</b> (klik dua kali untuk mengisi realisasi)"))
        actions.addStretch(1)
        for b in (self.tambah, self.ubah, self.realisasi, self.hapus):
            actions.addWidget(b)
        lower_box.addLayout(actions)
        lower_box.addLayout(bar)
        self.rencana_model = RencanaModel(self)
        self.rencana_view = _table(self.rencana_model)
        header = self.rencana_view.horizontalHeader()
        for i, w in enumerate((88, 270, 115, 80, 32, 120, 112, 110, 120, 80)):
            self.rencana_view.setColumnWidth(i, w)
        header.setStretchLastSection(True)
        lower_box.addWidget(self.rencana_view, 1)
        self.empty = QLabel("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        lower_box.addWidget(self.empty)
        splitter.addWidget(lower)
        splitter.setSizes([260, 420])
        layout.addWidget(splitter, 1)

        self.tahun.currentIndexChanged.connect(self.reload)
        self.triwulan.currentIndexChanged.connect(self._triwulan_changed)
        for combo in (self.f_pilar, self.f_desa, self.f_status, self.f_tw):
            combo.currentIndexChanged.connect(self.reload)
        self.tahun_baru.clicked.connect(self.new_year)
        self.salin.clicked.connect(self.copy_to_next)
        self.tutup.clicked.connect(self.toggle_closed)
        self.pagu.clicked.connect(self.edit_pagu)
        self.impor.clicked.connect(self.choose_import)
        self.ekspor.clicked.connect(self.choose_export)
        self.tambah.clicked.connect(self.add_kegiatan)
        self.ubah.clicked.connect(self.edit_kegiatan)
        self.realisasi.clicked.connect(self.enter_realisasi)
        self.hapus.clicked.connect(self.delete_kegiatan)
        self.rencana_view.doubleClicked.connect(lambda _i: self.enter_realisasi())
        self.rencana_model.modelReset.connect(self._span_groups)
        self.rencana_model.rowsInserted.connect(self._span_new_groups)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_kegiatan)
        QShortcut(QKeySequence("Ctrl+R"), self, self.enter_realisasi)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.rencana_view, self.delete_kegiatan)
        self.rencana_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.years: list[TahunInfo] = []
        self.last_message = ""
        self.ringkasan: RingkasanAnggaran | None = None
        self.loading: Operation | None = None  # the budget table and subtotals
        self._generation = 0
        self._sums_wanted: tuple[int, KegiatanFilter] | None = None
        self.rencana_view.viewport().installEventFilter(self)
        self.refresh()

    # --- state ---------------------------------------------------------------------

    def current_year(self) -> TahunInfo | None:
        tahun = choice(self.tahun)
        return next((y for y in self.years if y.tahun == tahun), None)

    def current_triwulan(self) -> Triwulan:
        return Triwulan.parse(choice(self.triwulan) or "1")

    def refresh(self) -> None:
        """Reload the year list and filters, keeping the user's choices."""
        keep_desa = choice(self.f_desa)
        with UnitOfWork(self.db) as uow:
            self.years = list_tahun(uow)
            shown = _desa_pilihan(uow, keep_desa) if keep_desa else []
        keep_year = choice(self.tahun)
        set_choices(
            self.tahun,
            [(f"{y.tahun}{' (ditutup)' if y.ditutup else ''}", y.tahun) for y in self.years],
        )
        if self.years and keep_year not in [y.tahun for y in self.years]:
            self.tahun.blockSignals(True)
            choose(self.tahun, self._default_year())
            self.tahun.blockSignals(False)
        fixed = [("Semua desa", None), ("Tingkat kabupaten", "")]
        self.f_desa.set_lazy(fixed + shown, lambda: fixed + self._semua_desa())
        if keep_year is None:
            year = self.current_year()
            if year is not None:
                self.triwulan.blockSignals(True)
                choose(self.triwulan, default_triwulan(year.tahun).value)
                self.triwulan.blockSignals(False)
        self.reload()

    def _semua_desa(self) -> list[tuple[str, Any]]:
        """Every village for the filter (read when the list is first opened)."""
        with UnitOfWork(self.db) as uow:
            return _desa_pilihan(uow)

    def _default_year(self) -> int:
        from datetime import date

        years = [y.tahun for y in self.years]
        return date.today().year if date.today().year in years else years[-1]

    def current_filter(self) -> KegiatanFilter:
        pilar, status, tw = choice(self.f_pilar), choice(self.f_status), choice(self.f_tw)
        return KegiatanFilter(
            pilar=Pilar.parse(pilar) if pilar else None,
            kode_wilayah=choice(self.f_desa),
            status=StatusKegiatan.parse(status) if status else None,
            triwulan=Triwulan.parse(tw) if tw else None,
        )

    def reload(self, *_args: object) -> None:
        """Show the first page of the plan now; the budget and the subtotals follow."""
        year = self.current_year()
        tw = self.current_triwulan()
        self._generation += 1
        self.rencana_model.triwulan = tw
        self.rencana_model.jumlah = None
        if year is None:
            self.ringkasan = None
            self._sums_wanted = None
            self.anggaran_model.set_data(None, tw)
            self.rencana_model.set_source(None)
            self.status_tahun.setText("")
            self.empty.setText("Belum ada tahun anggaran. Buat dengan <b>Tahun baru…</b>.")
            self.empty.show()
            self._update_buttons()
            return
        tahun, f = year.tahun, self.current_filter()

        def page(after: KegiatanBaris | None, limit: int) -> list[KegiatanBaris]:
            with UnitOfWork(self.db) as uow:
                key = kunci_kegiatan(after) if after is not None else None
                return halaman_kegiatan(uow, tahun, f, setelah=key, batas=limit)

        self.rencana_model.set_source(page)
        self.tutup.setText("B&uka kembali tahun" if year.ditutup else "T&utup tahun")
        empty = self.rencana_model.rowCount() == 0
        self.empty.setText("Tidak ada kegiatan yang cocok dengan saringan." if empty else "")
        self.empty.setVisible(empty)
        self._show_status()
        self._update_buttons()
        # the budget and the subtotals are computed once the first page has been painted
        # (a page never shown computes none); see eventFilter
        self.loading = None
        self._sums_wanted = (tahun, f)
        if self.rencana_view.viewport().isVisible():
            self.rencana_view.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self._sums_wanted is not None
            and watched is self.rencana_view.viewport()
        ):
            QTimer.singleShot(0, self, self._start_sums)  # after this paint has finished
        return super().eventFilter(watched, event)

    def _start_sums(self) -> None:
        if self._sums_wanted is not None:
            tahun, f = self._sums_wanted
            self._sums_wanted = None
            self._load_sums(tahun, f)

    def _load_sums(self, tahun: int, f: KegiatanFilter) -> Operation:
        generation = self._generation

        def work(_progress: Progress) -> tuple[RingkasanAnggaran, dict[Any, JumlahKegiatan]]:
            with UnitOfWork(self.db) as uow:
                ringkasan = ringkasan_anggaran(uow, tahun)
                if f == KegiatanFilter():  # the budget summary holds the subtotals already
                    return ringkasan, jumlah_dari_ringkasan(ringkasan)
                return ringkasan, jumlah_kegiatan(uow, tahun, f)

        def done(result: tuple[RingkasanAnggaran, dict[Any, JumlahKegiatan]]) -> None:
            if not isValid(self) or generation != self._generation:
                return  # the year or a filter changed meanwhile: a newer result follows
            self.ringkasan, jumlah = result
            self.anggaran_model.set_data(self.ringkasan, self.current_triwulan())
            self._fit_budget_columns()
            self.rencana_model.set_jumlah(jumlah)
            self._show_status()

        def failed(exc: BaseException) -> None:
            if isValid(self) and generation == self._generation:
                show_error(self, exc, "Rencana & Anggaran")

        self.loading = (
            Operation(self, work, title="Rencana & Anggaran", write=False)
            .success(done)
            .failure(failed)
            .run()
        )
        return self.loading

    @property
    def settled(self) -> bool:
        """The budget table and the subtotals belong to the current year and filter."""
        if self.current_year() is None:
            return True
        return (
            self.loading is not None and self.loading.done and self.rencana_model.jumlah is not None
        )

    def _show_status(self) -> None:
        year = self.current_year()
        if year is None:
            self.status_tahun.setText("")
            return
        tw = self.current_triwulan()
        closed = " — DITUTUP (hanya baca)" if year.ditutup else ""
        r = self.ringkasan
        if r is None or r.tahun != year.tahun:
            self.status_tahun.setText(f"Tahun anggaran {year.tahun}{closed}: menghitung…")
            return
        total = r.total
        self.status_tahun.setText(
            f"Tahun anggaran {year.tahun}{closed}: "
            f"pagu {format_rupiah(total.pagu)}, direncanakan {format_rupiah(total.rencana)}, "
            f"realisasi s.d. {tw.label} {format_rupiah(total.realisasi_sd(tw.nomor))} "
            f"(serapan {format_persen(total.serapan_sd(tw.nomor))})."
        )

    def _triwulan_changed(self, *_args: object) -> None:
        """The quarter changes only what is shown: no query."""
        tw = self.current_triwulan()
        if self.ringkasan is not None:
            self.anggaran_model.set_data(self.ringkasan, tw)
            self._fit_budget_columns()
        else:
            self.anggaran_model.triwulan = tw
        self.rencana_model.set_triwulan(tw)
        self._show_status()

    def _fit_budget_columns(self) -> None:
        """Widen each budget column to its widest (bold) figure: amounts are never elided."""
        metrics = QFontMetrics(_bold())
        model = self.anggaran_model
        for col in range(model.columnCount()):
            texts = [str(model.headerData(col, Qt.Orientation.Horizontal))]
            texts += [str(model.data(model.index(r, col))) for r in range(model.rowCount())]
            self.anggaran_view.setColumnWidth(
                col, max(metrics.horizontalAdvance(t) for t in texts) + 18
            )

    def _span_groups(self) -> None:
        self.rencana_view.clearSpans()
        self._span_new_groups(QModelIndex(), 0, self.rencana_model.rowCount() - 1)

    def _span_new_groups(self, _parent: QModelIndex, first: int, last: int) -> None:
        columns = self.rencana_model.columnCount()
        rows = self.rencana_model.rows
        for row in range(first, last + 1):
            if rows[row].kind == "group":
                self.rencana_view.setSpan(row, 0, 1, columns)

    def selected(self) -> KegiatanBaris | None:
        index = self.rencana_view.currentIndex()
        return self.rencana_model.item(index.row()) if index.isValid() else None

    def _update_buttons(self, *_args: object) -> None:
        year = self.current_year()
        writable = year is not None and not year.ditutup
        has = self.selected() is not None
        self.tambah.setEnabled(writable)
        self.pagu.setEnabled(writable)
        self.ubah.setEnabled(writable and has)
        self.hapus.setEnabled(writable and has)
        self.realisasi.setEnabled(writable and has)
        self.salin.setEnabled(year is not None)
        self.ekspor.setEnabled(year is not None)
        self.tutup.setEnabled(year is not None)

    def show_pillar(self, pilar: object, tahun: int | None = None) -> None:
        """Filter the plan to one pillar (the Beranda's bars lead here)."""
        if tahun is not None:
            choose(self.tahun, tahun)
        choose(self.f_pilar, Pilar.parse(pilar).value)
        self.rencana_view.setFocus()

    def select_kegiatan(self, kegiatan_id: int) -> bool:
        """Select activity ``kegiatan_id`` when the filtered plan lists it, reading the
        pages up to it; False when the filter hides it."""
        year = self.current_year()
        if year is None:
            return False
        with UnitOfWork(self.db) as uow:
            key = posisi_kegiatan(uow, year.tahun, self.current_filter(), kegiatan_id)
        if key is None:
            return False
        row = self.rencana_model.fetch_until(lambda k: kunci_kegiatan(k) >= key)
        if row < 0 or self.rencana_model.item(row).id != kegiatan_id:  # type: ignore[union-attr]
            return False
        self.rencana_view.selectRow(row)
        self.rencana_view.scrollTo(self.rencana_model.index(row, 0))
        return True

    # --- actions -------------------------------------------------------------------

    def _changed(self, select_id: int | None = None) -> None:
        self.hub.announce("rencana")
        if select_id is not None:
            self.select_kegiatan(select_id)

    def add_kegiatan(self) -> KegiatanDialog | None:
        year = self.current_year()
        if year is None or year.ditutup:
            return None
        pilar = choice(self.f_pilar)
        dialog = KegiatanDialog(
            self.db, year.tahun, None, self, pilar=Pilar.parse(pilar) if pilar else None
        )
        dialog.accepted.connect(lambda: self._changed(dialog.saved_id))
        dialog.open()
        return dialog

    def edit_kegiatan(self) -> KegiatanDialog | None:
        year, item = self.current_year(), self.selected()
        if year is None or item is None or year.ditutup:
            return None
        dialog = KegiatanDialog(self.db, year.tahun, item.id, self)
        dialog.accepted.connect(lambda: self._changed(item.id))
        dialog.open()
        return dialog

    def enter_realisasi(self) -> RealisasiDialog | None:
        year, item = self.current_year(), self.selected()
        if year is None or item is None or year.ditutup:
            return None
        tw = self.current_triwulan()
        dialog = RealisasiDialog(self.db, item.id, tw, self)
        dialog.accepted.connect(lambda: self._changed(item.id))
        dialog.open()
        return dialog

    def delete_kegiatan(self) -> None:
        item = self.selected()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            "Hapus kegiatan",
            f"Hapus kegiatan {item.kode} {item.nama} beserta realisasinya?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with UnitOfWork(self.db) as uow:
                delete_kegiatan(uow, item.id)
        except Exception as exc:
            show_error(self, exc, "Hapus kegiatan")
            return
        self._changed()

    def edit_pagu(self) -> PaguDialog | None:
        year = self.current_year()
        if year is None or year.ditutup:
            return None
        dialog = PaguDialog(self.db, year.tahun, self)
        dialog.accepted.connect(lambda: self._changed())
        dialog.open()
        return dialog

    def new_year(self) -> None:
        from datetime import date

        suggested = max([y.tahun for y in self.years], default=date.today().year - 1) + 1
        tahun, ok = QInputDialog.getInt(
            self, "Tahun anggaran baru", "Tahun:", suggested, 2016, date.today().year + 2
        )
        if ok:
            self.create_year(tahun)

    def create_year(self, tahun: int) -> bool:
        try:
            with UnitOfWork(self.db) as uow:
                create_tahun(uow, tahun)
        except ValidationError as exc:
            QMessageBox.warning(self, "Tahun anggaran", exc.message)
            return False
        self.refresh()
        choose(self.tahun, tahun)
        self._changed()
        return True

    def copy_to_next(self) -> None:
        year = self.current_year()
        if year is None:
            return
        target = year.tahun + 1
        answer = QMessageBox.question(
            self,
            "Salin rencana",
            f"Salin pagu dan seluruh rencana kegiatan tahun {year.tahun} ke tahun {target}? "
            "Realisasi tidak ikut disalin.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with UnitOfWork(self.db) as uow:
                count = copy_year(uow, year.tahun, target)
        except ValidationError as exc:
            QMessageBox.warning(self, "Salin rencana", exc.message)
            return
        self.refresh()
        choose(self.tahun, target)
        self._changed()
        QMessageBox.information(
            self, "Salin rencana", f"{count} kegiatan disalin ke tahun {target}."
        )

    def toggle_closed(self) -> None:
        year = self.current_year()
        if year is None:
            return
        if year.ditutup:
            question = (
                f"Buka kembali tahun anggaran {year.tahun}? Data tahun itu akan dapat diubah lagi."
            )
        else:
            question = (
                f"Tutup tahun anggaran {year.tahun}? Sesudah ditutup, pagu, rencana dan "
                "realisasinya hanya dapat dibaca."
            )
        answer = QMessageBox.question(
            self,
            "Tahun anggaran",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with UnitOfWork(self.db) as uow:
            (reopen_tahun if year.ditutup else close_tahun)(uow, year.tahun)
        self.refresh()
        self._changed()

    def choose_import(self) -> Operation | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Impor rencana dari buku kerja", "", "Buku kerja Excel (*.xlsx)"
        )
        return self.import_file(Path(path)) if path else None

    def import_file(self, path: Path, *, confirm_over: bool = False) -> Operation:
        """Import Pagu / Rencana Kegiatan / Realisasi, all or nothing, off the GUI thread."""
        from desmig_desktop.services.impor_rencana import import_rencana_file

        def done(r: Any) -> None:
            self.last_message = (
                f"Impor dari {path.name}: {r.pagu} pagu, {r.kegiatan_baru} kegiatan baru, "
                f"{r.kegiatan_diubah} kegiatan diubah, {r.realisasi} realisasi triwulan, "
                f"{r.tidak_berubah} baris tanpa perubahan."
            )
            self.refresh()
            self._changed()
            QMessageBox.information(self, "Impor rencana", self.last_message)

        def failed(exc: BaseException) -> None:
            from desmig_desktop.gui.import_dialog import ImportErrorsDialog
            from desmig_desktop.imports.workbook import ImportErrors

            if isinstance(exc, ImportErrors):
                if getattr(exc, "hanya_melebihi", False) and not confirm_over:
                    answer = QMessageBox.question(
                        self,
                        "Realisasi melebihi anggaran",
                        "Sebagian realisasi di berkas ini melebihi anggaran kegiatannya. "
                        "Terima dan tandai kegiatan itu di laporan?",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                        QMessageBox.StandardButton.No,
                    )
                    if answer == QMessageBox.StandardButton.Yes:
                        self.import_file(path, confirm_over=True)
                        return
                ImportErrorsDialog(exc, self).open()
            else:
                show_error(self, exc, "Impor rencana")

        def work(progress: Progress) -> Any:
            backup_before_import(self.db, progress)
            return import_rencana_file(self.db, path, confirm_over=confirm_over, progress=progress)

        return (
            Operation(self, work, title="Impor rencana")
            .success(done)
            .failure(failed)
            .with_progress(f"Mengimpor {path.name}…")
            .run()
        )

    def choose_export(self) -> ExportDialog | None:
        year = self.current_year()
        if year is None:
            return None
        dialog = ExportDialog(
            "Ekspor rencana tahunan", f"Rencana Kegiatan Desmigratif {year.tahun}", self
        )
        dialog.accepted.connect(
            lambda: self.export_to(year.tahun, dialog.chosen(), dialog.paper.currentData())
        )
        dialog.open()
        return dialog

    def export_to(self, tahun: int, chosen: dict[str, Path | None], paper: str) -> Operation:
        from desmig_desktop.services.ekspor_rencana import export_rencana

        return run_export(
            self,
            "Ekspor rencana tahunan",
            lambda p: export_rencana(
                self.db,
                tahun,
                xlsx=chosen.get("xlsx"),
                pdf=chosen.get("pdf"),
                paper=paper,
                progress=p,
            ),
            lambda result: result.paths,
        )

    def on_changed(self, areas: frozenset[str]) -> None:
        if touches(areas, "rencana", "desa"):
            self.refresh()
