"""Dialogs of the Rencana & Anggaran page: a plan line, a quarter's realisation, the pagu.

Each collects input, calls one service in one unit of work, and shows a refused
value next to its field. The budget rules themselves live in services.rencana.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import Desa
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_angka, format_rupiah, parse_rupiah
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.models import ChoiceCombo, Index, choice, choose
from desmig_desktop.gui.widgets.money_edit import MoneyEdit
from desmig_desktop.services.rencana import (
    KegiatanData,
    OverPlanNeedsConfirmation,
    RealisasiData,
    add_sumber_dana,
    get_kegiatan,
    get_realisasi,
    list_sumber_dana,
    ringkasan_anggaran,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.uow import UnitOfWork

_ERROR_STYLE = "color: #b3261e;"


class FormDialog(QDialog):
    """A dialog whose form rows each carry a message label for refusals."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)
        self.pesan: dict[str, QLabel] = {}
        self.general = QLabel("")
        self.general.setStyleSheet(_ERROR_STYLE)
        self.general.setWordWrap(True)

    def add_row(self, key: str, label: str, widget: QWidget) -> None:
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        err = QLabel("")
        err.setStyleSheet(_ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        box.addWidget(err)
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        lbl = QLabel(label)
        lbl.setBuddy(widget)
        self.form.addRow(lbl, cell)
        self.pesan[key] = err

    def finish(self) -> None:
        self.outer.addWidget(self.general)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Simpan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Batal")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.outer.addWidget(self.buttons)

    def add_history(self, db: Database, tabel: str, record_id: int | None, judul: str) -> None:
        """A "Riwayat..." button (Ctrl+H) showing who changed this record and when;
        disabled while the record is new."""
        from desmig_desktop.gui.riwayat import riwayat_button

        self.history_button = riwayat_button(self, db, tabel, lambda: (record_id, judul))
        self.buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.HelpRole)

    def clear_messages(self) -> None:
        for label in self.pesan.values():
            label.hide()
        self.general.setText("")

    def show_problem(self, message: str, field: str | None) -> None:
        label = self.pesan.get(field or "")
        if label is None:
            self.general.setText(message)
            return
        label.setText(message)
        label.show()

    def save(self) -> bool:  # pragma: no cover - overridden
        raise RuntimeError("subclass must implement save()")

    def save_confirming(self, write: Callable[[bool], object], title: str, failed: str) -> bool:
        """Run ``write(confirm_over)``; when the service asks for an over-plan confirmation,
        ask the user and write again confirmed. Refusals show next to their field."""
        try:
            try:
                write(False)
            except OverPlanNeedsConfirmation as exc:
                answer = QMessageBox.question(
                    self,
                    title,
                    exc.message + "\n\nSimpan juga?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    self.show_problem(exc.message, exc.field)
                    return False
                write(True)
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False
        except Exception as exc:
            show_error(self, exc, failed)
            return False
        self.accept()
        return True


def _desa_choices(db: Database, only: list[str] | None = None) -> list[tuple[str, str | None]]:
    """The district level, then every village by name (with ``only``: just those)."""
    rows: list[tuple[str, str, str]] = []
    if only is None or only:
        query = select(Desa.kode_wilayah, Desa.nama, Desa.kecamatan).order_by(Desa.nama)
        if only is not None:
            query = query.where(Desa.kode_wilayah.in_(only))
        with UnitOfWork(db) as uow:
            rows = [tuple(r) for r in uow.session.execute(query).all()]
    return [("Tingkat kabupaten (seluruh desa)", None)] + [
        (f"{nama}, Kec. {kec} ({kode})", kode) for kode, nama, kec in rows
    ]


class KegiatanDialog(FormDialog):
    """Add or edit one activity of the plan."""

    def __init__(
        self,
        db: Database,
        tahun: int,
        kegiatan_id: int | None = None,
        parent: QWidget | None = None,
        *,
        pilar: Pilar | None = None,
    ) -> None:
        super().__init__("Kegiatan baru" if kegiatan_id is None else "Ubah kegiatan", parent)
        self.db, self.tahun, self.saved_id = db, tahun, None
        self.resize(620, 520)
        with UnitOfWork(db) as uow:
            sumber = list_sumber_dana(uow)
            data = get_kegiatan(uow, kegiatan_id) if kegiatan_id is not None else None
        self.kegiatan_id = kegiatan_id
        self.pilar = QComboBox()
        for p in Pilar:
            self.pilar.addItem(p.judul, p.value)
        # thousands of villages at national scale: read the list when it is first opened
        self.desa = ChoiceCombo()
        shown = _desa_choices(db, [data.kode_wilayah] if data and data.kode_wilayah else [])
        self.desa.set_lazy(shown, lambda: _desa_choices(db))
        self.nama = QLineEdit()
        self.nama.setMaxLength(250)
        self.deskripsi = QPlainTextEdit()
        self.deskripsi.setMaximumHeight(60)
        self.volume = MoneyEdit("Volume")
        self.satuan = QComboBox()
        self.satuan.setEditable(True)
        self.satuan.addItems(["orang", "kali", "paket", "kegiatan", "bulan", "kelompok", "unit"])
        self.triwulan = QComboBox()
        for t in Triwulan:
            self.triwulan.addItem(t.label, t.value)
        self.anggaran = MoneyEdit("Anggaran (Rp)")
        self.sumber = QComboBox()
        self.sumber.addItems(sumber)
        self.pj = QLineEdit()
        self.kode = QLineEdit()
        self.kode.setPlaceholderText(f"otomatis, mis. {tahun}-II-001")
        for key, label, widget in (
            ("Pilar", "&Pilar: *", self.pilar),
            ("Kode Wilayah", "&Desa:", self.desa),
            ("Nama Kegiatan", "&Nama kegiatan: *", self.nama),
            ("Deskripsi", "D&eskripsi:", self.deskripsi),
            ("Volume", "&Volume target: *", self.volume),
            ("Satuan", "S&atuan: *", self.satuan),
            ("Triwulan", "&Triwulan rencana: *", self.triwulan),
            ("Anggaran (Rp)", "Ang&garan (Rp): *", self.anggaran),
            ("Sumber Dana", "&Sumber dana: *", self.sumber),
            ("Penanggung Jawab", "Penanggung &jawab:", self.pj),
            ("Kode Kegiatan", "&Kode kegiatan:", self.kode),
        ):
            self.add_row(key, label, widget)
        self.finish()
        self.add_history(db, "kegiatan", kegiatan_id, data.nama if data else "")
        if data is not None:
            self.pilar.setCurrentIndex(self.pilar.findData(data.pilar.value))
            choose(self.desa, data.kode_wilayah, fallback=0)
            self.nama.setText(data.nama)
            self.deskripsi.setPlainText(data.deskripsi)
            self.volume.set_value(data.volume)
            self.satuan.setCurrentText(data.satuan)
            self.triwulan.setCurrentIndex(self.triwulan.findData(data.triwulan.value))
            self.anggaran.set_value(data.anggaran)
            self.sumber.setCurrentText(data.sumber_dana)
            self.pj.setText(data.penanggung_jawab)
            self.kode.setText(data.kode or "")
        elif pilar is not None:
            self.pilar.setCurrentIndex(self.pilar.findData(pilar.value))
        self.nama.setFocus()

    def collect(self) -> KegiatanData:
        volume = self.volume.value()
        anggaran = self.anggaran.value()
        if volume is None:
            raise ValidationError("Volume target wajib diisi.", "Volume")
        if anggaran is None:
            raise ValidationError("Anggaran wajib diisi (boleh 0).", "Anggaran (Rp)")
        return KegiatanData(
            tahun=self.tahun,
            pilar=Pilar.parse(self.pilar.currentData()),
            nama=self.nama.text(),
            volume=volume,
            satuan=self.satuan.currentText(),
            triwulan=Triwulan.parse(self.triwulan.currentData()),
            anggaran=anggaran,
            sumber_dana=self.sumber.currentText(),
            kode=self.kode.text().strip() or None,
            kode_wilayah=choice(self.desa),
            deskripsi=self.deskripsi.toPlainText(),
            penanggung_jawab=self.pj.text(),
            id=self.kegiatan_id,
        )

    def save(self) -> bool:
        self.clear_messages()
        try:
            data = self.collect()
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False

        def write(confirm_over: bool) -> None:
            with UnitOfWork(self.db) as uow:
                self.saved_id = save_kegiatan(uow, data, confirm_over=confirm_over)

        return self.save_confirming(
            write, "Anggaran di bawah realisasi", "Kegiatan tidak tersimpan"
        )


class RealisasiDialog(FormDialog):
    """Quick entry of one quarter's realisation of an activity."""

    def __init__(
        self, db: Database, kegiatan_id: int, triwulan: Triwulan, parent: QWidget | None = None
    ) -> None:
        super().__init__("Isi realisasi", parent)
        self.db, self.kegiatan_id = db, kegiatan_id
        with UnitOfWork(db) as uow:
            keg = get_kegiatan(uow, kegiatan_id)
            self.existing = get_realisasi(uow, kegiatan_id)
        info = QLabel(
            f"<b>{keg.kode}</b> {keg.nama}<br>Anggaran {format_rupiah(keg.anggaran)}; target "
            f"{format_angka(keg.volume, 0 if keg.volume == int(keg.volume) else 2)} {keg.satuan}"
        )
        info.setWordWrap(True)
        self.form.addRow(info)
        self.triwulan = QComboBox()
        for t in Triwulan:
            self.triwulan.addItem(t.label, t.value)
        self.jumlah = MoneyEdit("Realisasi (Rp)")
        self.volume = MoneyEdit("Volume Realisasi")
        self.status = QComboBox()
        for s in StatusKegiatan:
            self.status.addItem(s.label, s.value)
        self.keterangan = QLineEdit()
        for key, label, widget in (
            ("Triwulan", "&Triwulan:", self.triwulan),
            ("Realisasi (Rp)", "&Realisasi (Rp):", self.jumlah),
            ("Volume Realisasi", "&Volume tercapai:", self.volume),
            ("Status", "&Status:", self.status),
            ("Keterangan", "&Keterangan:", self.keterangan),
        ):
            self.add_row(key, label, widget)
        self.finish()
        self.add_history(db, "kegiatan", kegiatan_id, f"{keg.kode} {keg.nama}")
        self.triwulan.currentIndexChanged.connect(self._load_quarter)
        self.triwulan.setCurrentIndex(self.triwulan.findData(triwulan.value))
        self._load_quarter()
        self.jumlah.setFocus()

    def _load_quarter(self, *_args: object) -> None:
        tw = Triwulan.parse(self.triwulan.currentData())
        r = self.existing.get(tw)
        self.jumlah.set_value(r.jumlah if r else None)
        self.volume.set_value(r.volume if r else None)
        status = r.status if r else StatusKegiatan.BERJALAN
        self.status.setCurrentIndex(self.status.findData(status.value))
        self.keterangan.setText(r.keterangan if r else "")

    def collect(self) -> RealisasiData:
        return RealisasiData(
            triwulan=Triwulan.parse(self.triwulan.currentData()),
            jumlah=self.jumlah.value() or Decimal(0),
            volume=self.volume.value() or Decimal(0),
            status=StatusKegiatan.parse(self.status.currentData()),
            keterangan=self.keterangan.text(),
        )

    def save(self) -> bool:
        self.clear_messages()
        try:
            data = self.collect()
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False

        def write(confirm_over: bool) -> None:
            with UnitOfWork(self.db) as uow:
                save_realisasi(uow, self.kegiatan_id, data, confirm_over=confirm_over)

        return self.save_confirming(
            write, "Realisasi melebihi anggaran", "Realisasi tidak tersimpan"
        )


class PaguModel(QAbstractTableModel):
    """Pillars down, funding sources across; cells are editable Rupiah amounts."""

    def __init__(
        self,
        sumber: list[str],
        values: dict[tuple[Pilar, str], Decimal],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sumber = sumber
        self.values = dict(values)
        self.original = dict(values)
        self.bad: dict[tuple[int, int], str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Pilar) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sumber) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.sumber[section] if section < len(self.sumber) else "Jumlah"
        return list(Pilar)[section].judul if section < len(Pilar) else "Jumlah"

    def _total(self, row: int | None, col: int | None) -> Decimal:
        total = Decimal(0)
        for (p, s), v in self.values.items():
            if (row is None or list(Pilar).index(p) == row) and (
                col is None or self.sumber.index(s) == col
            ):
                total += v
        return total

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        total_row, total_col = r == len(Pilar), c == len(self.sumber)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (r, c) in self.bad:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return self.bad[(r, c)]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Bukan jumlah rupiah yang sah, mis. 60.000.000."
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if total_row or total_col:
            amount = self._total(None if total_row else r, None if total_col else c)
            return format_rupiah(amount) if role == Qt.ItemDataRole.DisplayRole else None
        amount = self.values.get((list(Pilar)[r], self.sumber[c]))
        if amount is None:
            return "" if role == Qt.ItemDataRole.EditRole else "–"
        return (
            format_rupiah(amount) if role == Qt.ItemDataRole.DisplayRole else format_angka(amount)
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(Pilar) and index.column() < len(self.sumber):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        key = (list(Pilar)[index.row()], self.sumber[index.column()])
        text = str(value).strip()
        self.bad.pop((index.row(), index.column()), None)
        if not text:
            self.values.pop(key, None)
        else:
            try:
                amount = parse_rupiah(text, "Pagu")
                if amount < 0:
                    raise ValidationError("Pagu tidak boleh negatif.", "Pagu")
            except ValidationError:
                self.bad[(index.row(), index.column())] = text
            else:
                self.values[key] = amount
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
        )
        return True

    def changes(self) -> dict[tuple[Pilar, str], Decimal]:
        out = {k: v for k, v in self.values.items() if self.original.get(k) != v}
        for k in self.original:
            if k not in self.values:
                out[k] = Decimal(0)
        return out


class PaguDialog(QDialog):
    """The year's pagu per pillar and funding source, saved in one transaction."""

    def __init__(self, db: Database, tahun: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.tahun = db, tahun
        self.setWindowTitle(f"Pagu tahun anggaran {tahun}")
        self.resize(900, 330)
        with UnitOfWork(db) as uow:
            sumber = list_sumber_dana(uow)
            ringkasan = ringkasan_anggaran(uow, tahun)
        values = {
            (b.pilar, b.sumber_dana): b.pagu
            for b in ringkasan.baris
            if b.pilar is not None and b.pagu
        }
        for _p, s in values:
            if s not in sumber:
                sumber.append(s)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Isi pagu per pilar dan sumber dana (klik dua kali atau ketik di sel). "
                "Pagu tidak dapat lebih kecil dari anggaran yang sudah direncanakan."
            )
        )
        self.model = PaguModel(sumber, values, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view)
        self.pesan = QLabel("")
        self.pesan.setStyleSheet(_ERROR_STYLE)
        self.pesan.setWordWrap(True)
        layout.addWidget(self.pesan)
        self.tambah_sumber = QPushButton("Tambah &sumber dana…")
        self.tambah_sumber.setToolTip("Tambahkan sumber dana ke daftar, mis. CSR Bank Daerah")
        self.tambah_sumber.clicked.connect(self.ask_new_source)
        layout.addWidget(self.tambah_sumber)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def ask_new_source(self) -> None:
        nama, ok = QInputDialog.getText(self, "Sumber dana baru", "Nama sumber dana:")
        if ok:
            self.add_source(nama)

    def add_source(self, nama: str) -> bool:
        """Add a funding source to the editable list and show it as a new column."""
        try:
            with UnitOfWork(self.db) as uow:
                add_sumber_dana(uow, nama)
        except ValidationError as exc:
            self.pesan.setText(exc.message)
            return False
        model = self.model
        model.beginResetModel()
        model.sumber.append(" ".join(nama.split()))
        model.endResetModel()
        return True

    def save(self) -> bool:
        self.pesan.setText("")
        if self.model.bad:
            (r, c), text = next(iter(self.model.bad.items()))
            self.pesan.setText(
                f'Pagu "{text}" ({list(Pilar)[r].judul}, {self.model.sumber[c]}) '
                "bukan jumlah rupiah yang sah."
            )
            return False
        try:
            with UnitOfWork(self.db) as uow:
                for (pilar, sumber), amount in self.model.changes().items():
                    set_pagu(uow, self.tahun, pilar, sumber, amount, commit=False)
                uow.commit()
        except ValidationError as exc:
            self.pesan.setText(exc.message)
            return False
        except Exception as exc:
            show_error(self, exc, "Pagu tidak tersimpan")
            return False
        self.accept()
        return True


def default_triwulan(tahun: int, today: date | None = None) -> Triwulan:
    """The quarter to offer for entry: today's in the current year, else the last."""
    today = today or date.today()
    if today.year == tahun:
        return Triwulan.dari_bulan(today.month)
    return Triwulan.IV if today.year > tahun else Triwulan.I
