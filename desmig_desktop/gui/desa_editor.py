"""The village profile editor: identity, officers, statistics per year, pillar assets.

The whole profile is saved in one transaction by ``services.desa.save_desa``;
a refused field is shown next to it (and its tab brought forward). Closing
with unsaved changes asks first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import JenisAset, PeranPetugas, StatusDesa
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.models import Index, VocabDelegate
from desmig_desktop.gui.record_model import Col, RecordTableModel
from desmig_desktop.gui.riwayat import riwayat_button
from desmig_desktop.gui.widgets.region_picker import RegionPicker
from desmig_desktop.services.desa import (
    TAHUN_MINIMUM,
    AsetData,
    DesaData,
    PetugasData,
    StatistikData,
    get_desa,
    list_negara,
    save_desa,
)
from desmig_desktop.services.kantor import get_kantor
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import DesaWilayah

_ERROR_STYLE = "color: #b3261e;"


@dataclass
class NegaraJumlah:
    nama: str = ""
    jumlah: int | None = None


PETUGAS_COLS = (
    Col("peran", "Peran", "vocab", PeranPetugas, 170),
    Col("nama", "Nama", width=200),
    Col("telepon", "Telepon", width=130),
    Col("sk_nomor", "Nomor SK", width=190),
    Col("sk_tanggal", "Tanggal SK", "date", width=100),
    Col("aktif", "Aktif", "bool", width=50),
)
STATISTIK_COLS = (
    Col("tahun", "Tahun", "year", width=70, optional=False),
    Col("jumlah_penduduk", "Penduduk", "int", width=90),
    Col("jumlah_kk", "KK", "int", width=80),
    Col("pmi_aktif_l", "PMI aktif L", "int", width=90, optional=False),
    Col("pmi_aktif_p", "PMI aktif P", "int", width=90, optional=False),
    Col("cpmi", "CPMI", "int", width=70, optional=False),
    Col("pmi_purna", "PMI purna", "int", width=80, optional=False),
)
NEGARA_COLS = (
    Col("nama", "Negara penempatan", width=200),
    Col("jumlah", "Jumlah PMI", "int", width=100),
)
ASET_COLS = (
    Col("jenis", "Jenis", "vocab", JenisAset, 150),
    Col("nama", "Nama kelompok/lembaga", width=200),
    Col("badan_hukum_nomor", "No. badan hukum", width=160),
    Col("badan_hukum_tanggal", "Tgl. badan hukum", "date", width=105),
    Col("jumlah_anggota", "Anggota", "int", width=65),
    Col("modal", "Modal (Rp)", "money", width=120),
    Col("keterangan", "Keterangan", width=160),
)


class ChoiceDelegate(QStyledItemDelegate):
    """An editable combo box offering a list (e.g. the country list) while allowing new text."""

    def __init__(self, options: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = options

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(self.options)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def _table(model: RecordTableModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    for i, col in enumerate(model.columns):
        view.setColumnWidth(i, col.width)
        if col.vocab is not None:
            view.setItemDelegateForColumn(i, VocabDelegate(col.vocab, view))
    view.horizontalHeader().setStretchLastSection(model.columns[-1].kind == "text")
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def _buttons(view: QTableView, model: RecordTableModel, add_label: str) -> QHBoxLayout:
    row = QHBoxLayout()
    add = QPushButton(add_label)
    remove = QPushButton("Hapus baris")

    def do_add() -> None:
        r = model.add_row()
        view.setCurrentIndex(model.index(r, 0))
        view.setFocus()

    def do_remove() -> None:
        index = view.currentIndex()
        if index.isValid():
            model.remove_row(index.row())

    add.clicked.connect(do_add)
    remove.clicked.connect(do_remove)
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    return row


class DesaEditor(QDialog):
    """Create (``desa_id`` None) or edit a village profile."""

    def __init__(
        self, db: Database, desa_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.saved_id: int | None = None
        with UnitOfWork(db) as uow:
            kantor = get_kantor(uow)
            self.data = (
                get_desa(uow, desa_id)
                if desa_id is not None
                else DesaData(kode_wilayah="", tahun_penetapan=date.today().year)
            )
            negara = list_negara(uow)
        baru = desa_id is None
        self.setWindowTitle("Desa Desmigratif baru" if baru else f"Profil Desa {self.data.nama}")
        self.resize(940, 620)

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        # --- identitas -------------------------------------------------------------
        ident = QWidget()
        ident_box = QVBoxLayout(ident)
        form = QFormLayout()
        ident_box.addLayout(form)
        ident_box.addStretch(1)
        self.picker = RegionPicker(db, kantor.kode_kabkota, ident)
        self.picker.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.tahun = QSpinBox(ident)
        self.tahun.setRange(TAHUN_MINIMUM, date.today().year + 1)
        self.tahun.setGroupSeparatorShown(False)
        self.status = QComboBox(ident)
        for s in StatusDesa:
            self.status.addItem(s.label, s.value)
        self.kepala = QLineEdit(ident)
        self.kepala.setMaxLength(120)
        self.alamat = QLineEdit(ident)
        self.alamat.setMaxLength(250)
        self.alamat.setPlaceholderText("alamat pusat layanan migrasi di desa")
        self.perdes = QLineEdit(ident)
        self.perdes.setMaxLength(150)
        self.perdes.setPlaceholderText("mis. Perdes No. 3 Tahun 2018 tentang Perlindungan PMI")
        self.catatan = QPlainTextEdit(ident)
        self.catatan.setMaximumHeight(80)
        self.pesan: dict[str, QLabel] = {}
        for key, label, widget in (
            ("Kode Wilayah", "&Desa/kelurahan: *", self.picker),
            ("Tahun Penetapan", "&Tahun penetapan: *", self.tahun),
            ("Status", "&Status:", self.status),
            ("Kepala Desa", "&Kepala desa:", self.kepala),
            ("Alamat", "&Alamat pusat layanan:", self.alamat),
            ("Perdes", "&Perdes perlindungan PMI:", self.perdes),
            ("Catatan", "&Catatan:", self.catatan),
        ):
            lbl = QLabel(label)
            lbl.setBuddy(widget)
            cell = QWidget(ident)
            cell_box = QVBoxLayout(cell)
            cell_box.setContentsMargins(0, 0, 0, 0)
            cell_box.setSpacing(2)
            cell_box.addWidget(widget)
            err = QLabel("")
            err.setStyleSheet(_ERROR_STYLE)
            err.setWordWrap(True)
            err.hide()
            cell_box.addWidget(err)
            cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
            form.addRow(lbl, cell)
            self.pesan[key] = err
        self.tabs.addTab(ident, "&Identitas")

        # --- petugas ---------------------------------------------------------------
        self.petugas_model = RecordTableModel(PETUGAS_COLS, lambda: PetugasData(nama=""), self)
        self.petugas_view = _table(self.petugas_model, self)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(
            QLabel(
                "Petugas Desmigratif, penanggung jawab dan pendamping desa ini. "
                "Tanggal ditulis hh/bb/tttt."
            )
        )
        box.addWidget(self.petugas_view, 1)
        box.addLayout(_buttons(self.petugas_view, self.petugas_model, "&Tambah petugas"))
        self.petugas_pesan = self._tab_message(box)
        self.tabs.addTab(tab, "&Petugas")

        # --- statistik -------------------------------------------------------------
        self.stat_model = RecordTableModel(
            STATISTIK_COLS, lambda: StatistikData(tahun=self._next_year()), self
        )
        self.stat_view = _table(self.stat_model, self)
        self.negara_model = RecordTableModel(NEGARA_COLS, NegaraJumlah, self)
        self.negara_view = _table(self.negara_model, self)
        self.negara_view.setItemDelegateForColumn(0, ChoiceDelegate(negara, self.negara_view))
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(
            QLabel("Statistik migrasi per tahun. Pilih satu tahun untuk mengisi negara penempatan.")
        )
        box.addWidget(self.stat_view, 2)
        box.addLayout(_buttons(self.stat_view, self.stat_model, "Tambah ta&hun"))
        self.negara_label = QLabel("Negara penempatan")
        box.addWidget(self.negara_label)
        box.addWidget(self.negara_view, 1)
        box.addLayout(_buttons(self.negara_view, self.negara_model, "Tambah &negara"))
        self.stat_pesan = self._tab_message(box)
        self.tabs.addTab(tab, "&Statistik")
        self._stat_row: int | None = None
        self.stat_view.selectionModel().currentRowChanged.connect(self._stat_selected)
        self.negara_model.edited.connect(self._store_negara)

        # --- aset ------------------------------------------------------------------
        self.aset_model = RecordTableModel(
            ASET_COLS, lambda: AsetData(jenis=JenisAset.KELOMPOK_USAHA, nama=""), self
        )
        self.aset_view = _table(self.aset_model, self)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(
            QLabel(
                "Kelompok usaha (Pilar II), kelompok community parenting atau rumah "
                "belajar (Pilar III), koperasi atau BUMDes (Pilar IV)."
            )
        )
        box.addWidget(self.aset_view, 1)
        box.addLayout(_buttons(self.aset_view, self.aset_model, "Tambah &aset"))
        self.aset_pesan = self._tab_message(box)
        self.tabs.addTab(tab, "Aset &pilar")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Simpan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Batal")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.history_button = riwayat_button(self, db, "desa", lambda: (desa_id, self.data.nama))
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)
        layout.addWidget(self.buttons)

        self._load(self.data)
        self._saved_state = self.state()
        self.picker.setFocus()

    # --- helpers ---------------------------------------------------------------------

    @staticmethod
    def _tab_message(box: QVBoxLayout) -> QLabel:
        label = QLabel("")
        label.setStyleSheet(_ERROR_STYLE)
        label.setWordWrap(True)
        box.addWidget(label)
        return label

    def _next_year(self) -> int:
        years = [s.tahun for s in self.stat_model.rows if isinstance(s.tahun, int)]
        return max(years) + 1 if years else date.today().year

    def _load(self, d: DesaData) -> None:
        if d.kode_wilayah:
            self.picker.set_kode(d.kode_wilayah)
        self.tahun.setValue(d.tahun_penetapan)
        self.status.setCurrentIndex(max(0, self.status.findData(d.status.value)))
        self.kepala.setText(d.kepala_desa)
        self.alamat.setText(d.alamat_layanan)
        self.perdes.setText(d.perdes_pmi)
        self.catatan.setPlainText(d.catatan)
        self.petugas_model.set_rows(d.petugas)
        self.stat_model.set_rows(d.statistik)
        self.aset_model.set_rows(d.aset)
        if d.statistik:
            self.stat_view.setCurrentIndex(self.stat_model.index(len(d.statistik) - 1, 0))
        else:
            self._stat_selected(self.stat_model.index(-1, -1))

    def _stat_selected(self, current: Any, _previous: Any = None) -> None:
        self._stat_row = current.row() if current.isValid() else None
        if self._stat_row is None or self._stat_row >= len(self.stat_model.rows):
            self.negara_model.set_rows([])
            self.negara_label.setText("Negara penempatan (pilih tahun di atas)")
            self.negara_view.setEnabled(False)
            return
        stat = self.stat_model.rows[self._stat_row]
        self.negara_view.setEnabled(True)
        self.negara_label.setText(f"Negara penempatan tahun {stat.tahun}")
        self.negara_model.set_rows([NegaraJumlah(n, j) for n, j in stat.negara.items()])

    def _store_negara(self) -> None:
        if self._stat_row is None or self._stat_row >= len(self.stat_model.rows):
            return
        stat = self.stat_model.rows[self._stat_row]
        stat.negara = {r.nama: r.jumlah for r in self.negara_model.rows if r.nama}

    def collect(self) -> DesaData:
        picked: DesaWilayah | None = self.picker.value
        return DesaData(
            kode_wilayah=picked.kode if picked else "",
            tahun_penetapan=self.tahun.value(),
            status=StatusDesa.parse(self.status.currentData()),
            kepala_desa=self.kepala.text(),
            alamat_layanan=self.alamat.text(),
            perdes_pmi=self.perdes.text(),
            catatan=self.catatan.toPlainText(),
            petugas=list(self.petugas_model.rows),
            statistik=list(self.stat_model.rows),
            aset=list(self.aset_model.rows),
            id=self.data.id,
            public_id=self.data.public_id,
        )

    def state(self) -> tuple[Any, ...]:
        return (
            repr(self.collect()),
            self.petugas_model.snapshot(),
            self.stat_model.snapshot(),
            self.aset_model.snapshot(),
            self.negara_model.snapshot(),
        )

    def is_dirty(self) -> bool:
        return self.state() != self._saved_state

    def _clear_messages(self) -> None:
        for label in self.pesan.values():
            label.hide()
        for label in (self.petugas_pesan, self.stat_pesan, self.aset_pesan):
            label.setText("")

    def show_problem(self, message: str, field: str | None) -> None:
        """Put ``message`` next to ``field`` and bring its tab forward."""
        field = field or ""
        if field in self.pesan:
            self.tabs.setCurrentIndex(0)
            self.pesan[field].setText(message)
            self.pesan[field].show()
            return
        low = field.lower()
        if "petugas" in low or "telepon" in low or field == "Peran petugas":
            self.tabs.setCurrentIndex(1)
            self.petugas_pesan.setText(message)
        elif any(k in low for k in ("tahun data", "penduduk", "pmi", "cpmi", "negara", "kk")):
            self.tabs.setCurrentIndex(2)
            self.stat_pesan.setText(message)
        elif any(k in low for k in ("aset", "modal", "anggota", "jenis")):
            self.tabs.setCurrentIndex(3)
            self.aset_pesan.setText(message)
        else:
            self.tabs.setCurrentIndex(0)
            self.pesan["Kode Wilayah"].setText(message)
            self.pesan["Kode Wilayah"].show()

    # --- actions ---------------------------------------------------------------------

    def save(self) -> bool:
        self._clear_messages()
        for model, view, label, tab in (
            (self.petugas_model, self.petugas_view, self.petugas_pesan, 1),
            (self.stat_model, self.stat_view, self.stat_pesan, 2),
            (self.negara_model, self.negara_view, self.stat_pesan, 2),
            (self.aset_model, self.aset_view, self.aset_pesan, 3),
        ):
            problem = model.first_problem()
            if problem is not None:
                row, key, message = problem
                self.tabs.setCurrentIndex(tab)
                label.setText(f"Baris {row + 1}: {message}")
                view.setCurrentIndex(model.index(row, model.column_of(key)))
                return False
        if self.picker.value is None:
            self.show_problem("Pilih desa/kelurahan dari daftar wilayah resmi.", "Kode Wilayah")
            return False
        try:
            with UnitOfWork(self.db) as uow:
                self.saved_id = save_desa(uow, self.collect())
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False
        except Exception as exc:
            show_error(self, exc, "Profil desa tidak tersimpan")
            return False
        self._saved_state = self.state()
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                "Perubahan belum disimpan",
                "Profil desa ini memiliki perubahan yang belum disimpan. Simpan sekarang?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()
