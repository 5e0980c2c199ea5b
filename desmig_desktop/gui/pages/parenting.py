"""Community Parenting: participants as rows, sessions as columns, marks typed from the keyboard.

Keys H, I, S, A set the mark of the current cell and move down; Delete clears
it; arrows move; Ctrl+V pastes a block copied from a spreadsheet; "Semua hadir"
marks every participant of the current session present. Every edit is saved at
once (one transaction each), and the totals beside and below follow.

The grid shows one village and period: opening it reads only that village's
participants, sessions and marks (indexed), whatever the size of the database. The
second tab, "Rekap peserta", lists the participants of all villages with their
attendance, paged and searchable (``gui.rekap_peserta``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from desmig_desktop import paths
from desmig_desktop.db.backup import backup_before_import
from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa, Pertemuan
from desmig_desktop.domain.enums import KategoriPeserta, Kehadiran
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_persen, format_tanggal_hari
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub, touches
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.export_dialog import ExportDialog, run_export
from desmig_desktop.gui.models import Index, choice, choice_combo, choose
from desmig_desktop.gui.pages.base import Page, heading
from desmig_desktop.gui.parenting_dialogs import PertemuanDialog, PesertaDialog
from desmig_desktop.gui.rekap_peserta import RekapPeserta
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.services.parenting import (
    Kisi,
    Mark,
    PesertaRekap,
    kisi,
    semua_hadir,
    set_marks,
)
from desmig_desktop.services.uow import UnitOfWork

_MARK_COLOR = {
    Kehadiran.H: QColor("#e3f4e6"),
    Kehadiran.I: QColor("#fff6d6"),
    Kehadiran.S: QColor("#e4ecfa"),
    Kehadiran.A: QColor("#fde7e9"),
}
_TOTAL_BG = QBrush(QColor("#f1f1f1"))
_WARN = QBrush(QColor("#a15c00"))
_FIXED = 2  # name, category
_TAIL = ("H", "I", "S", "A", "% hadir")


def _bold() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


def _desa_pilihan(
    uow: UnitOfWork, desa_id: int | None = None, *, first: bool = False
) -> list[tuple[str, Any]]:
    """Villages as choices "Nama (Kec. X)" by name: all, the one ``desa_id``, or the
    ``first``."""
    stmt = select(Desa.id, Desa.nama, Desa.kecamatan)
    if desa_id is not None:
        stmt = stmt.where(Desa.id == desa_id)
    stmt = stmt.order_by(Desa.nama, Desa.kecamatan, Desa.id)
    if first:
        stmt = stmt.limit(1)
    return [(f"{nama} (Kec. {kec})", i) for i, nama, kec in uow.session.execute(stmt)]


class KehadiranModel(QAbstractTableModel):
    """The grid; ``setData`` writes through the service at once."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.grid = Kisi([], [])

    def set_grid(self, grid: Kisi) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    # geometry
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.grid.peserta else len(self.grid.peserta) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _FIXED + len(self.grid.pertemuan) + len(_TAIL)

    def session_of(self, column: int) -> int | None:
        i = column - _FIXED
        return self.grid.pertemuan[i].id if 0 <= i < len(self.grid.pertemuan) else None

    def peserta_of(self, row: int) -> int | None:
        return self.grid.peserta[row].id if 0 <= row < len(self.grid.peserta) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1) if section < len(self.grid.peserta) else "Σ"
            return None
        i = section - _FIXED
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Nama peserta"
            if section == 1:
                return "Kategori"
            if 0 <= i < len(self.grid.pertemuan):
                return self.grid.pertemuan[i].tanggal.strftime("%d/%m")
            return _TAIL[i - len(self.grid.pertemuan)]
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= i < len(self.grid.pertemuan):
            s = self.grid.pertemuan[i]
            return f"{format_tanggal_hari(s.tanggal)}\n{s.topik}\n{s.tempat}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        n_sessions = len(self.grid.pertemuan)
        total_row = row == len(self.grid.peserta)
        sid = self.session_of(col)
        if total_row:
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return "Jumlah hadir / tingkat kehadiran"
                if sid is not None:
                    r = self.grid.rekap_pertemuan(sid)
                    return f"{r.h}/{r.total}" if r.total else "–"
                tail = col - _FIXED - n_sessions
                if tail >= 0:
                    r = self.grid.rekap_total()
                    return (
                        str(getattr(r, _TAIL[tail].lower())) if tail < 4 else format_persen(r.rate)
                    )
                return ""
            if role == Qt.ItemDataRole.ToolTipRole and sid is not None:
                r = self.grid.rekap_pertemuan(sid)
                return f"H {r.h}, I {r.i}, S {r.s}, A {r.a}; hadir {format_persen(r.rate)}"
            if role == Qt.ItemDataRole.BackgroundRole:
                return _TOTAL_BG
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
            if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        p = self.grid.peserta[row]
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{p.nama} ⚠" if p.perlu_persetujuan else p.nama
            if role == Qt.ItemDataRole.ForegroundRole and p.perlu_persetujuan:
                return _WARN
            if role == Qt.ItemDataRole.ToolTipRole and p.perlu_persetujuan:
                return (
                    "Anak ini belum memiliki persetujuan orang tua/wali yang tercatat "
                    "(UU 27/2022). Lengkapi lewat Ubah peserta."
                )
            return None
        if col == 1:
            return p.kategori.label if role == Qt.ItemDataRole.DisplayRole else None
        if sid is not None:
            mark = self.grid.marks.get((p.id or 0, sid))
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return mark.value if mark else ""
            if role == Qt.ItemDataRole.BackgroundRole and mark:
                return _MARK_COLOR[mark]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole and mark:
                return mark.label
            return None
        tail = col - _FIXED - n_sessions
        r = self.grid.rekap_peserta(p.id or 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(getattr(r, _TAIL[tail].lower())) if tail < 4 else format_persen(r.rate)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _TOTAL_BG
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self.grid.peserta) and self.session_of(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def apply(self, marks: list[Mark]) -> int:
        """Save marks through the service and show them; returns how many changed."""
        if not marks:
            return 0
        with UnitOfWork(self.db) as uow:
            changed = set_marks(uow, marks)
        for pid, sid, status in marks:
            if status is None:
                self.grid.marks.pop((pid, sid), None)
            else:
                self.grid.marks[(pid, sid)] = Kehadiran.parse(status)
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )
        self.saved.emit()
        return changed

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = str(value or "").strip()
        status = Kehadiran.parse(text, "Status") if text else None
        pid, sid = self.peserta_of(index.row()), self.session_of(index.column())
        assert pid is not None and sid is not None
        self.apply([(pid, sid, status)])
        return True


class GridView(QTableView):
    """Keyboard entry: H/I/S/A set and move down, Delete clears, Ctrl+V pastes a block."""

    problem = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        index = self.currentIndex()
        text = event.text().upper()
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if index.isValid() and model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            if text in ("H", "I", "S", "A"):
                self._set(index, text)
                below = model.index(index.row() + 1, index.column())
                if below.isValid() and model.flags(below) & Qt.ItemFlag.ItemIsEditable:
                    self.setCurrentIndex(below)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                for i in self.selectedIndexes() or [index]:
                    if model.flags(i) & Qt.ItemFlag.ItemIsEditable and i.data():
                        self._set(i, "")
                return
        super().keyPressEvent(event)

    def _set(self, index: QModelIndex, text: str) -> None:
        try:
            self.model().setData(index, text)
        except Exception as exc:
            show_error(self, exc, "Kehadiran tidak tersimpan")

    def paste(self, text: str | None = None) -> int:
        """Paste a tab-separated block at the current cell; returns marks written."""
        model = self.model()
        assert isinstance(model, KehadiranModel)
        start = self.currentIndex()
        if not start.isValid():
            return 0
        if text is None:
            text = QGuiApplication.clipboard().text()
        marks: list[Mark] = []
        bad: list[str] = []
        for dr, line in enumerate(text.replace("\r\n", "\n").rstrip("\n").split("\n")):
            for dc, cell in enumerate(line.split("\t")):
                row, col = start.row() + dr, start.column() + dc
                pid, sid = model.peserta_of(row), model.session_of(col)
                if pid is None or sid is None:
                    continue
                value = cell.strip()
                try:
                    marks.append((pid, sid, Kehadiran.parse(value) if value else None))
                except ValidationError:
                    bad.append(f'baris {row + 1}: "{value}"')
        if bad:
            self.problem.emit(
                "Tidak ditempel: isi yang bukan H, I, S atau A ("
                + ", ".join(bad[:5])
                + (", …" if len(bad) > 5 else "")
                + "). Tidak ada yang diubah."
            )
            return 0
        try:
            model.apply(marks)
        except Exception as exc:
            show_error(self, exc, "Tempel kehadiran")
            return 0
        return len(marks)


class ParentingPage(Page):
    title = "Community Parenting"
    page_id = "parenting"

    def __init__(self, db: Database, hub: ChangeHub, parent: QWidget | None = None) -> None:
        super().__init__(db, hub, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading("Community Parenting"))
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        grid_tab = QWidget()
        layout = QVBoxLayout(grid_tab)
        self.tabs.addTab(grid_tab, "Daftar &hadir per desa")
        self.rekap_peserta = RekapPeserta(db)
        self.tabs.addTab(self.rekap_peserta, "Rekap &peserta semua desa")
        top = QHBoxLayout()
        self.desa = choice_combo()
        self.desa.setMinimumWidth(260)
        # never measured against its thousands of villages
        self.desa.setMinimumContentsLength(30)
        self.desa.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # thousands of villages: type any part of the name (or the kecamatan) to find one
        self.desa.setEditable(True)
        self.desa.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        finder = QCompleter(self.desa.model(), self.desa)
        finder.setFilterMode(Qt.MatchFlag.MatchContains)
        finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        finder.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.desa.setCompleter(finder)
        self.desa.lineEdit().editingFinished.connect(self._show_chosen_desa)
        self.dari = QDateEdit()
        self.sampai = QDateEdit()
        for d in (self.dari, self.sampai):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd/MM/yyyy")
        for text, w in (("&Desa:", self.desa), ("Da&ri:", self.dari), ("&Sampai:", self.sampai)):
            lbl = QLabel(text)
            lbl.setBuddy(w)
            top.addWidget(lbl)
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)

        actions = QHBoxLayout()
        self.tambah_peserta = QPushButton("Tambah &peserta")
        self.ubah_peserta = QPushButton("&Ubah peserta")
        self.tambah_sesi = QPushButton("Tambah pertem&uan")
        self.ubah_sesi = QPushButton("Ubah pert&emuan")
        self.hadir_semua = QPushButton("Semua &hadir")
        self.hadir_semua.setToolTip(
            "Tandai semua peserta hadir (H) pada pertemuan kolom ini yang belum berisi tanda"
        )
        self.impor = QPushButton("&Impor…")
        self.impor.setToolTip("Impor lembar Kehadiran dari buku kerja Excel (.xlsx)")
        self.cetak = QPushButton("&Daftar hadir…")
        self.cetak.setToolTip(
            "Cetak daftar hadir pertemuan kolom ini (kosong untuk pertemuan yang belum diisi)"
        )
        self.rekap = QPushButton("Re&kap…")
        self.rekap.setToolTip("Rekap kehadiran per peserta untuk desa dan periode ini")
        for b in (
            self.tambah_peserta,
            self.ubah_peserta,
            self.tambah_sesi,
            self.ubah_sesi,
            self.hadir_semua,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        for b in (self.impor, self.cetak, self.rekap):
            actions.addWidget(b)
        layout.addLayout(actions)
        hint = QLabel(
            "Ketik H (hadir), I (izin), S (sakit) atau A (alpa) pada sel; Delete "
            "menghapus; Ctrl+V menempel dari lembar kerja. Tersimpan otomatis."
        )
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.model = KehadiranModel(db, self)
        self.view = GridView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setDefaultSectionSize(48)
        layout.addWidget(self.view, 1)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.last_message = ""
        self.pesan = QLabel("")
        self.pesan.setStyleSheet("color: #b3261e;")
        self.pesan.setWordWrap(True)
        layout.addWidget(self.pesan)

        self.desa.currentIndexChanged.connect(self._desa_changed)
        self.dari.dateChanged.connect(self.reload)
        self.sampai.dateChanged.connect(self.reload)
        self.tambah_peserta.clicked.connect(self.add_peserta)
        self.ubah_peserta.clicked.connect(self.edit_peserta)
        self.tambah_sesi.clicked.connect(self.add_pertemuan)
        self.ubah_sesi.clicked.connect(self.edit_pertemuan)
        self.hadir_semua.clicked.connect(self.mark_all_present)
        self.impor.clicked.connect(self.choose_import)
        self.cetak.clicked.connect(self.choose_daftar_hadir)
        self.rekap.clicked.connect(self.choose_rekap)
        self.model.saved.connect(self._marks_saved)
        self.view.problem.connect(self.pesan.setText)
        self.rekap_peserta.open_requested.connect(self.open_peserta)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.refresh()

    # --- state ---------------------------------------------------------------------

    def desa_id(self) -> int | None:
        return choice(self.desa)

    def refresh(self) -> None:
        """The village stays (or the first by name); the list of every village is read
        when it is first opened or searched (thousands of them, nationally)."""
        keep = self.desa_id()
        with UnitOfWork(self.db) as uow:
            shown = _desa_pilihan(uow, keep, first=keep is None)
            if keep is not None and not shown:  # deleted meanwhile: the first one
                shown = _desa_pilihan(uow, None, first=True)
        self.desa.set_lazy(shown, self._semua_desa)
        self._desa_changed(keep_period=keep is not None and keep == self.desa_id())
        if self.rekap_peserta.loaded:
            self.rekap_peserta.refresh()

    def _semua_desa(self) -> list[tuple[str, Any]]:
        with UnitOfWork(self.db) as uow:
            return _desa_pilihan(uow)

    def _show_chosen_desa(self) -> None:
        """Typed text that chose nothing gives way to the village still chosen."""
        row = self.desa.currentIndex()
        label = self.desa.model().items[row][0] if row >= 0 else ""  # type: ignore[attr-defined]
        if self.desa.currentText() != label:
            self.desa.setEditText(label)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.rekap_peserta and not self.rekap_peserta.loaded:
            self.rekap_peserta.refresh()  # built on the first visit of the tab

    def show_rekap(self) -> RekapPeserta:
        """The list of all villages' participants (read on its first showing)."""
        self.tabs.setCurrentWidget(self.rekap_peserta)
        self.rekap_peserta.setFocus()
        return self.rekap_peserta

    def open_peserta(self, peserta: PesertaRekap) -> None:
        """Open the village of ``peserta`` in the grid, on its row."""
        self.tabs.setCurrentIndex(0)
        if self.desa_id() != peserta.desa_id:
            choose(self.desa, peserta.desa_id)
        row = next((i for i, p in enumerate(self.model.grid.peserta) if p.id == peserta.id), None)
        if row is None:  # not active and no mark in the period: show the whole history
            self.dari.setDate(QDate(2016, 1, 1))
            row = next(
                (i for i, p in enumerate(self.model.grid.peserta) if p.id == peserta.id), None
            )
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.setFocus()

    def _desa_changed(self, *_args: object, keep_period: bool = False) -> None:
        desa_id = self.desa_id()
        if not keep_period and desa_id is not None:
            with UnitOfWork(self.db) as uow:
                latest = uow.session.scalar(
                    select(func.max(Pertemuan.tanggal)).where(Pertemuan.desa_id == desa_id)
                )
            year = (latest or date.today()).year
            for edit, d in ((self.dari, date(year, 1, 1)), (self.sampai, date(year, 12, 31))):
                edit.blockSignals(True)
                edit.setDate(QDate(d.year, d.month, d.day))
                edit.blockSignals(False)
        self.reload()

    def period(self) -> tuple[date, date]:
        a, b = self.dari.date(), self.sampai.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def reload(self, *_args: object) -> None:
        desa_id = self.desa_id()
        self.pesan.setText("")
        if desa_id is None:
            self.model.set_grid(Kisi([], []))
            self.info.setText("Belum ada desa Desmigratif. Tambahkan desa di halaman Desa.")
            self._update_buttons()
            return
        dari, sampai = self.period()
        with UnitOfWork(self.db) as uow:
            grid = kisi(uow, desa_id, dari, sampai)
        current = self.view.currentIndex()
        self.model.set_grid(grid)
        self.view.setColumnWidth(0, 230)
        self.view.setColumnWidth(1, 110)
        tail_start = _FIXED + len(grid.pertemuan)
        for i in range(len(_TAIL)):
            self.view.setColumnWidth(tail_start + i, 40 if i < 4 else 70)
        if current.isValid():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))
        self._update_info()
        self._update_buttons()

    def _update_info(self) -> None:
        grid = self.model.grid
        r = grid.rekap_total()
        tanpa = sum(p.perlu_persetujuan for p in grid.peserta)
        anak = sum(p.kategori is KategoriPeserta.ANAK for p in grid.peserta)
        text = (
            f"{len(grid.peserta)} peserta ({anak} anak), {len(grid.pertemuan)} pertemuan; "
            f"H {r.h}, I {r.i}, S {r.s}, A {r.a}; tingkat kehadiran {format_persen(r.rate)}."
        )
        if tanpa:
            text += f" ⚠ {tanpa} anak belum memiliki persetujuan orang tua/wali."
        if not grid.pertemuan:
            text += " Belum ada pertemuan pada periode ini: tambahkan dengan Tambah pertemuan."
        self.info.setText(text)

    def _update_buttons(self) -> None:
        has_desa = self.desa_id() is not None
        self.tambah_peserta.setEnabled(has_desa)
        self.tambah_sesi.setEnabled(has_desa)
        self.ubah_peserta.setEnabled(has_desa and self.model.grid.peserta != [])
        has_sessions = bool(self.model.grid.pertemuan)
        self.ubah_sesi.setEnabled(has_desa and has_sessions)
        self.hadir_semua.setEnabled(has_desa and has_sessions)
        self.cetak.setEnabled(has_desa and has_sessions)
        self.rekap.setEnabled(has_desa and has_sessions)

    def _marks_saved(self) -> None:
        self._update_info()
        self.hub.announce("parenting")

    def show_village(self, kode_wilayah: str) -> None:
        """Open the attendance of one village (the Beranda's village bars lead here)."""
        with UnitOfWork(self.db) as uow:
            desa_id = uow.session.scalar(select(Desa.id).where(Desa.kode_wilayah == kode_wilayah))
        self.tabs.setCurrentIndex(0)
        choose(self.desa, desa_id)
        self.view.setFocus()

    def current_session(self) -> int | None:
        index = self.view.currentIndex()
        sid = self.model.session_of(index.column()) if index.isValid() else None
        if sid is None and len(self.model.grid.pertemuan) == 1:
            sid = self.model.grid.pertemuan[0].id
        return sid

    def current_peserta(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.peserta_of(index.row()) if index.isValid() else None

    # --- actions -------------------------------------------------------------------

    def mark_all_present(self) -> int:
        sid = self.current_session()
        if sid is None:
            self.pesan.setText("Pilih dulu sel pada kolom pertemuan yang akan ditandai hadir.")
            return 0
        try:
            with UnitOfWork(self.db) as uow:
                changed = semua_hadir(uow, sid)
        except Exception as exc:
            show_error(self, exc, "Semua hadir")
            return 0
        self.reload()
        self.hub.announce("parenting")
        return changed

    def add_peserta(self) -> PesertaDialog | None:
        desa_id = self.desa_id()
        if desa_id is None:
            return None
        dialog = PesertaDialog(self.db, desa_id, None, self)
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()
        return dialog

    def edit_peserta(self) -> PesertaDialog | None:
        desa_id, pid = self.desa_id(), self.current_peserta()
        if desa_id is None or pid is None:
            return None
        dialog = PesertaDialog(self.db, desa_id, pid, self)
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()
        return dialog

    def add_pertemuan(self) -> PertemuanDialog | None:
        desa_id = self.desa_id()
        if desa_id is None:
            return None
        dari, sampai = self.period()
        today = date.today()
        default = today if dari <= today <= sampai else sampai
        dialog = PertemuanDialog(self.db, desa_id, None, self, tanggal=default)
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()
        return dialog

    def edit_pertemuan(self) -> PertemuanDialog | None:
        desa_id, sid = self.desa_id(), self.current_session()
        if desa_id is None or sid is None:
            return None
        dialog = PertemuanDialog(self.db, desa_id, sid, self)
        dialog.accepted.connect(self._dialog_saved)
        dialog.open()
        return dialog

    def _dialog_saved(self) -> None:
        self.reload()
        self.hub.announce("parenting")

    def choose_import(self) -> Operation | None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Impor kehadiran dari buku kerja", "", "Buku kerja Excel (*.xlsx)"
        )
        return self.import_file(Path(path)) if path else None

    def import_file(self, path: Path) -> Operation:
        """Import the Kehadiran sheet off the GUI thread, all or nothing."""
        from desmig_desktop.services.impor_kehadiran import import_kehadiran_file

        def done(result: Any) -> None:
            self.last_message = f"Impor kehadiran dari {path.name}: {result.ringkasan}"
            self.refresh()
            self.hub.announce("parenting")
            QMessageBox.information(self, "Impor kehadiran", self.last_message)

        def failed(exc: BaseException) -> None:
            from desmig_desktop.gui.import_dialog import ImportErrorsDialog
            from desmig_desktop.imports.workbook import ImportErrors

            if isinstance(exc, ImportErrors):
                ImportErrorsDialog(exc, self).open()
            else:
                show_error(self, exc, "Impor kehadiran")

        def work(progress: Progress) -> Any:
            backup_before_import(self.db, progress)
            return import_kehadiran_file(self.db, path, progress)

        return (
            Operation(self, work, title="Impor kehadiran")
            .success(done)
            .failure(failed)
            .with_progress(f"Mengimpor {path.name}…")
            .run()
        )

    def choose_daftar_hadir(self) -> Operation | None:
        sid = self.current_session()
        if sid is None:
            self.pesan.setText("Pilih dulu sel pada kolom pertemuan yang daftar hadirnya dicetak.")
            return None
        sesi = next(s for s in self.model.grid.pertemuan if s.id == sid)
        base = paths.exports_dir() / f"Daftar Hadir {sesi.tanggal.isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Simpan daftar hadir", str(base), "Dokumen PDF (*.pdf)"
        )
        return self.print_daftar_hadir(sid, Path(path)) if path else None

    def print_daftar_hadir(self, sid: int, path: Path) -> Operation:
        from desmig_desktop.services.ekspor_parenting import export_daftar_hadir_sesi

        return run_export(
            self,
            "Daftar hadir",
            lambda p: (export_daftar_hadir_sesi(self.db, sid, pdf=path, progress=p),),
            lambda result: result,
        )

    def choose_rekap(self) -> ExportDialog | None:
        desa_id = self.desa_id()
        if desa_id is None:
            return None
        dari, sampai = self.period()
        dialog = ExportDialog(
            "Rekap kehadiran",
            f"Rekap Kehadiran {self.desa.currentText().split(' (')[0]} "
            f"{dari.isoformat()} {sampai.isoformat()}",
            self,
        )
        dialog.accepted.connect(
            lambda: self.export_rekap(dialog.chosen(), dialog.paper.currentData())
        )
        dialog.open()
        return dialog

    def export_rekap(self, chosen: dict[str, Path | None], paper: str) -> Operation:
        desa_id = self.desa_id()
        assert desa_id is not None
        dari, sampai = self.period()
        from desmig_desktop.services.ekspor_parenting import export_rekap_kehadiran

        return run_export(
            self,
            "Rekap kehadiran",
            lambda p: export_rekap_kehadiran(
                self.db,
                desa_id,
                dari=dari,
                sampai=sampai,
                xlsx=chosen.get("xlsx"),
                pdf=chosen.get("pdf"),
                paper=paper,
                progress=p,
            ),
            lambda result: result.paths,
        )

    def on_changed(self, areas: frozenset[str]) -> None:
        if touches(areas, "desa", "semua"):
            self.refresh()

    def maybe_leave(self) -> bool:
        return True
