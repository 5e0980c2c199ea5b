"""Desa: the district's Desmigratif villages, searched, filtered and sorted in SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop.db.backup import backup_before_import
from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_angka
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub, touches
from desmig_desktop.gui.desa_editor import DesaEditor
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.export_dialog import ExportDialog, run_export
from desmig_desktop.gui.import_dialog import ImportErrorsDialog
from desmig_desktop.gui.models import Index, ObjectRole, SortRole
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.imports.workbook import ImportErrors
from desmig_desktop.services.desa import (
    DesaBaris,
    DesaFilter,
    count_desa,
    delete_desa,
    kecamatan_options,
    list_desa,
    tahun_penetapan_options,
)
from desmig_desktop.services.ekspor_desa import ExportResult, export_desa
from desmig_desktop.services.impor_desa import ImportResult, import_desa_file
from desmig_desktop.services.uow import UnitOfWork

PAGE_SIZE = 200

COLUMNS: tuple[tuple[str, str, bool], ...] = (
    # (sort key, header, numeric)
    ("kode_wilayah", "Kode wilayah", False),
    ("nama", "Desa", False),
    ("kecamatan", "Kecamatan", False),
    ("tahun_penetapan", "Ditetapkan", True),
    ("status", "Status", False),
    ("kepala_desa", "Kepala desa", False),
    ("petugas", "Petugas Desmigratif", False),
    ("tahun_data", "Th. data", True),
    ("pmi_aktif", "PMI aktif", True),
    ("cpmi", "CPMI", True),
    ("pmi_purna", "PMI purna", True),
)


class DesaTableModel(QAbstractTableModel):
    """Rows come from ``services.desa.list_desa`` a page at a time as the user scrolls."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = DesaFilter()
        self.sort_key = "kode_wilayah"
        self.descending = False
        self.rows: list[DesaBaris] = []
        self.total = 0

    def reload(self) -> None:
        self.beginResetModel()
        with UnitOfWork(self.db) as uow:
            self.total = count_desa(uow, self.filter)
            self.rows = list_desa(
                uow, self.filter, sort=self.sort_key, descending=self.descending, limit=PAGE_SIZE
            )
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        with UnitOfWork(self.db) as uow:
            more = list_desa(
                uow,
                self.filter,
                sort=self.sort_key,
                descending=self.descending,
                offset=len(self.rows),
                limit=PAGE_SIZE,
            )
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key, _header, numeric = COLUMNS[index.column()]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "–"
            if key == "status":
                return value.label
            if numeric and key not in ("tahun_penetapan", "tahun_data"):
                return format_angka(value)
            return str(value)
        if role == ObjectRole:
            return row
        if role == SortRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.status is StatusDesa.NONAKTIF:
            from PySide6.QtGui import QColor

            return QColor("#777777")
        if role == Qt.ItemDataRole.ToolTipRole and key == "petugas" and row.telepon:
            return f"{row.petugas}, telepon {row.telepon}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def set_filter(self, f: DesaFilter) -> None:
        if f != self.filter:
            self.filter = f
            self.reload()


class DesaPage(Page):
    title = "Desa"
    page_id = "desa"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Desa Desmigratif"))
        top.addStretch(1)
        self.add_button = QPushButton("&Tambah desa")
        self.edit_button = QPushButton("&Ubah")
        self.delete_button = QPushButton("&Hapus")
        self.export_button = QPushButton("Eks&por…")
        self.export_button.setToolTip("Ekspor buku kerja Desa (format impor) dan PDF Profil Desa")
        self.import_button = QPushButton("&Impor…")
        self.import_button.setToolTip("Impor lembar Desa dari buku kerja Excel (.xlsx)")
        for b in (
            self.import_button,
            self.export_button,
            self.add_button,
            self.edit_button,
            self.delete_button,
        ):
            top.addWidget(b)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama desa, kode, kecamatan atau kepala desa…")
        self.search.setClearButtonEnabled(True)
        self.kecamatan = QComboBox()
        self.status = QComboBox()
        self.tahun = QComboBox()
        search_label = QLabel("&Cari:")
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 2)
        for text, combo in (
            ("&Kecamatan:", self.kecamatan),
            ("&Status:", self.status),
            ("Tahun &penetapan:", self.tahun),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        layout.addLayout(bar)

        self.model = DesaTableModel(db, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, width in enumerate((100, 115, 100, 78, 68, 120, 130, 62, 72, 50, 68)):
            self.table.setColumnWidth(i, width)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self.empty_label = QLabel(
            "Belum ada desa Desmigratif. Tambahkan dengan tombol <b>Tambah desa</b> (Ctrl+N)."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)

        self.last_import_message = ""
        self.last_import_error: BaseException | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        for combo in (self.kecamatan, self.status, self.tahun):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.add_button.clicked.connect(self.add_desa)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.table.activated.connect(lambda _i: self.edit_current())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_desa)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete_current)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    # --- data --------------------------------------------------------------------

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Semua", None)
        for text, value in items:
            combo.addItem(text, value)
        pos = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(pos, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        with UnitOfWork(self.db) as uow:
            kecamatan = kecamatan_options(uow)
            tahun = tahun_penetapan_options(uow)
        self._fill_combo(self.kecamatan, [(k, k) for k in kecamatan])
        self._fill_combo(self.status, [(s.label, s.value) for s in StatusDesa])
        self._fill_combo(self.tahun, [(str(t), t) for t in tahun])
        self.apply_filter(force=True)

    def current_filter(self) -> DesaFilter:
        return DesaFilter(
            teks=self.search.text(),
            kecamatan=self.kecamatan.currentData(),
            status=StatusDesa.parse(status) if (status := self.status.currentData()) else None,
            tahun_penetapan=self.tahun.currentData(),
        )

    def apply_filter(self, *_args: object, force: bool = False) -> None:
        if force:
            self.model.filter = self.current_filter()
            self.model.reload()
        else:
            self.model.set_filter(self.current_filter())
        total = self.model.total
        self.count_label.setText(f"{format_angka(total)} desa")
        has_any = total > 0 or self.model.filter != DesaFilter()
        self.empty_label.setVisible(not has_any)
        self.table.setVisible(has_any)
        self._update_buttons()

    def selected(self) -> DesaBaris | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(ObjectRole)

    def _update_buttons(self, *_args: object) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # --- actions -----------------------------------------------------------------

    def open_editor(self, desa_id: int | None) -> DesaEditor:
        editor = DesaEditor(self.db, desa_id, self)
        editor.accepted.connect(lambda: self._saved(editor))
        editor.open()
        return editor

    def _saved(self, editor: DesaEditor) -> None:
        self.hub.announce("desa")
        if editor.saved_id is not None:
            self.select_id(editor.saved_id)

    def select_id(self, desa_id: int) -> None:
        for row, item in enumerate(self.model.rows):
            if item.id == desa_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def add_desa(self) -> DesaEditor:
        return self.open_editor(None)

    def edit_current(self) -> DesaEditor | None:
        row = self.selected()
        return self.open_editor(row.id) if row else None

    def delete_current(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Hapus desa",
            f"Hapus profil desa {row.nama} ({row.kode_wilayah}) beserta petugas, statistik "
            "dan asetnya?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with UnitOfWork(self.db) as uow:
                delete_desa(uow, row.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Hapus desa", exc.message)
            return
        except Exception as exc:
            show_error(self, exc, "Hapus desa")
            return
        self.hub.announce("desa")

    def choose_export(self) -> ExportDialog:
        dialog = ExportDialog("Ekspor desa", "Profil Desa Desmigratif", self)
        dialog.accepted.connect(lambda: self.export_to(dialog.chosen(), dialog.paper.currentData()))
        dialog.open()
        return dialog

    def export_to(self, chosen: dict[str, Path | None], paper: str) -> Operation:
        def work(progress: Progress) -> ExportResult:
            return export_desa(
                self.db,
                xlsx=chosen.get("xlsx"),
                pdf=chosen.get("pdf"),
                paper=paper,
                progress=progress,
            )

        return run_export(self, "Ekspor desa", work, lambda r: r.paths)

    def choose_import(self) -> Operation | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Impor desa dari buku kerja", "", "Buku kerja Excel (*.xlsx)"
        )
        return self.import_file(Path(path)) if path else None

    def import_file(self, path: Path) -> Operation:
        """Import the Desa sheet of ``path`` off the GUI thread, with progress and cancel."""

        def work(progress: Progress) -> ImportResult:
            backup_before_import(self.db, progress)
            return import_desa_file(self.db, path, progress)

        def done(result: ImportResult) -> None:
            self.hub.announce("desa")
            self.last_import_message = (
                f"Impor dari {path.name}: {result.rows} baris, {result.created} desa baru, "
                f"{result.updated} desa diperbarui."
            )
            QMessageBox.information(self, "Impor desa", self.last_import_message)

        def failed(exc: BaseException) -> None:
            self.last_import_error = exc
            if isinstance(exc, ImportErrors):
                ImportErrorsDialog(exc, self).open()
            else:
                show_error(self, exc, "Impor desa")

        return (
            Operation(self, work, title="Impor desa")
            .success(done)
            .failure(failed)
            .with_progress(f"Mengimpor {path.name}…")
            .run()
        )

    def on_changed(self, areas: frozenset[str]) -> None:
        if touches(areas, "desa"):
            self.refresh()
