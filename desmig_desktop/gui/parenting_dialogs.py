"""Dialogs of the Community Parenting page: a participant and a session."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import JenisKelamin, KategoriPeserta
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_tanggal_pendek, parse_tanggal
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.rencana_dialogs import FormDialog
from desmig_desktop.services.desa import list_negara
from desmig_desktop.services.parenting import (
    ORANG_TUA_LN,
    PertemuanData,
    PesertaData,
    get_pertemuan,
    get_peserta,
    list_peserta,
    list_topik,
    save_pertemuan,
    save_peserta,
)
from desmig_desktop.services.uow import UnitOfWork

_ORANG_TUA_LABEL = {
    "": "Tidak ada / bukan anak PMI",
    "ayah": "Ayah",
    "ibu": "Ibu",
    "keduanya": "Ayah dan ibu",
}


def _date_text(d: date | None) -> str:
    return format_tanggal_pendek(d) if d else ""


def _parse_optional_date(edit: QLineEdit, field: str) -> date | None:
    text = edit.text().strip()
    return parse_tanggal(text, field) if text else None


class PesertaDialog(FormDialog):
    """Add or edit a participant; a child's consent is asked for explicitly."""

    def __init__(
        self,
        db: Database,
        desa_id: int,
        peserta_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Peserta baru" if peserta_id is None else "Ubah peserta", parent)
        self.db, self.desa_id, self.peserta_id, self.saved_id = db, desa_id, peserta_id, None
        self.resize(620, 640)
        with UnitOfWork(db) as uow:
            data = get_peserta(uow, peserta_id) if peserta_id is not None else None
            others = [
                p
                for p in list_peserta(uow, desa_id)
                if p.id != peserta_id and p.kategori is not KategoriPeserta.ANAK
            ]
            negara = list_negara(uow)
        self.nama = QLineEdit()
        self.nama.setMaxLength(120)
        self.jk = QComboBox()
        for j in JenisKelamin:
            self.jk.addItem(j.label, j.value)
        self.lahir = QLineEdit()
        self.lahir.setPlaceholderText("hh/bb/tttt (boleh kosong)")
        self.kategori = QComboBox()
        for k in KategoriPeserta:
            self.kategori.addItem(k.label, k.value)
        self.sekolah = QLineEdit()
        self.kelas = QLineEdit()
        self.wali = QComboBox()
        self.wali.addItem("(tidak ada)", None)
        for p in others:
            self.wali.addItem(f"{p.nama} ({p.kategori.label})", p.id)
        self.ortu = QComboBox()
        for key in ORANG_TUA_LN:
            self.ortu.addItem(_ORANG_TUA_LABEL[key], key)
        self.negara = QComboBox()
        self.negara.setEditable(True)
        self.negara.addItems(["", *negara])
        self.telepon = QLineEdit()
        self.nik = QLineEdit()
        self.nik.setPlaceholderText("16 angka, boleh kosong; disamarkan di setiap cetakan")
        self.setuju_oleh = QLineEdit()
        self.setuju_hub = QLineEdit()
        self.setuju_hub.setPlaceholderText("mis. Ibu, Nenek, Wali")
        self.setuju_tgl = QLineEdit()
        self.setuju_tgl.setPlaceholderText("hh/bb/tttt")
        self.aktif = QCheckBox("Peserta aktif")
        self.aktif.setChecked(True)
        for key, label, widget in (
            ("Nama Peserta", "&Nama: *", self.nama),
            ("Jenis Kelamin", "&Jenis kelamin: *", self.jk),
            ("Tanggal Lahir", "Tanggal &lahir:", self.lahir),
            ("Kategori", "&Kategori: *", self.kategori),
            ("Sekolah", "&Sekolah:", self.sekolah),
            ("Kelas", "K&elas:", self.kelas),
            ("Wali", "&Wali/pengasuh:", self.wali),
            ("Orang Tua", "Orang tua di &luar negeri:", self.ortu),
            ("Negara", "Ne&gara penempatan:", self.negara),
            ("Telepon Wali", "&Telepon wali:", self.telepon),
            ("NIK", "N&IK:", self.nik),
            ("Persetujuan", "&Persetujuan oleh:", self.setuju_oleh),
            ("Hubungan", "&Hubungan:", self.setuju_hub),
            ("Tanggal Persetujuan", "Tanggal pe&rsetujuan:", self.setuju_tgl),
            ("Aktif", "", self.aktif),
        ):
            self.add_row(key, label, widget)
        self.consent_note = self.general
        self.finish()
        self.add_history(db, "peserta", peserta_id, data.nama if data else "")
        if data is not None:
            self.nama.setText(data.nama)
            self.jk.setCurrentIndex(self.jk.findData(data.jenis_kelamin.value))
            self.lahir.setText(_date_text(data.tanggal_lahir))
            self.kategori.setCurrentIndex(self.kategori.findData(data.kategori.value))
            self.sekolah.setText(data.sekolah)
            self.kelas.setText(data.kelas)
            self.wali.setCurrentIndex(max(0, self.wali.findData(data.wali_id)))
            self.ortu.setCurrentIndex(max(0, self.ortu.findData(data.orang_tua_di_luar_negeri)))
            self.negara.setCurrentText(data.negara_orang_tua)
            self.telepon.setText(data.telepon_wali)
            self.nik.setText(data.nik or "")
            self.setuju_oleh.setText(data.persetujuan_oleh)
            self.setuju_hub.setText(data.persetujuan_hubungan)
            self.setuju_tgl.setText(_date_text(data.persetujuan_tanggal))
            self.aktif.setChecked(data.aktif)
        self.kategori.currentIndexChanged.connect(self._consent_hint)
        self._consent_hint()
        self.nama.setFocus()

    def _consent_hint(self, *_args: object) -> None:
        child = self.kategori.currentData() == KategoriPeserta.ANAK.value
        for w in (self.sekolah, self.kelas, self.setuju_oleh, self.setuju_hub, self.setuju_tgl):
            w.setEnabled(child)

    def collect(self) -> PesertaData:
        return PesertaData(
            desa_id=self.desa_id,
            nama=self.nama.text(),
            jenis_kelamin=JenisKelamin.parse(self.jk.currentData()),
            kategori=KategoriPeserta.parse(self.kategori.currentData()),
            tanggal_lahir=_parse_optional_date(self.lahir, "Tanggal Lahir"),
            sekolah=self.sekolah.text(),
            kelas=self.kelas.text(),
            wali_id=self.wali.currentData(),
            orang_tua_di_luar_negeri=self.ortu.currentData(),
            negara_orang_tua=self.negara.currentText(),
            telepon_wali=self.telepon.text(),
            nik=self.nik.text(),
            persetujuan_oleh=self.setuju_oleh.text(),
            persetujuan_hubungan=self.setuju_hub.text(),
            persetujuan_tanggal=_parse_optional_date(self.setuju_tgl, "Tanggal Persetujuan"),
            aktif=self.aktif.isChecked(),
            id=self.peserta_id,
        )

    def save(self) -> bool:
        self.clear_messages()
        try:
            data = self.collect()
            with UnitOfWork(self.db) as uow:
                self.saved_id = save_peserta(uow, data)
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False
        except Exception as exc:
            show_error(self, exc, "Peserta tidak tersimpan")
            return False
        self.accept()
        return True


class PertemuanDialog(FormDialog):
    """Add or edit a session: date, topic from the editable list, facilitator, place."""

    def __init__(
        self,
        db: Database,
        desa_id: int,
        pertemuan_id: int | None = None,
        parent: QWidget | None = None,
        *,
        tanggal: date | None = None,
    ) -> None:
        super().__init__("Pertemuan baru" if pertemuan_id is None else "Ubah pertemuan", parent)
        self.db, self.desa_id, self.pertemuan_id, self.saved_id = db, desa_id, pertemuan_id, None
        self.resize(560, 360)
        with UnitOfWork(db) as uow:
            data = get_pertemuan(uow, pertemuan_id) if pertemuan_id is not None else None
            topik = list_topik(uow)
        self.tanggal = QDateEdit()
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat("dd/MM/yyyy")
        d = data.tanggal if data else (tanggal or date.today())
        self.tanggal.setDate(QDate(d.year, d.month, d.day))
        self.topik = QComboBox()
        self.topik.setEditable(True)
        self.topik.addItems(topik)
        self.fasilitator = QLineEdit()
        self.tempat = QLineEdit()
        self.catatan = QPlainTextEdit()
        self.catatan.setMaximumHeight(60)
        for key, label, widget in (
            ("Tanggal", "&Tanggal: *", self.tanggal),
            ("Topik", "T&opik/modul: *", self.topik),
            ("Fasilitator", "&Fasilitator:", self.fasilitator),
            ("Tempat", "Te&mpat:", self.tempat),
            ("Catatan", "&Catatan:", self.catatan),
        ):
            self.add_row(key, label, widget)
        self.finish()
        self.add_history(db, "pertemuan", pertemuan_id, data.topik if data else "")
        if data is not None:
            self.topik.setCurrentText(data.topik)
            self.fasilitator.setText(data.fasilitator)
            self.tempat.setText(data.tempat)
            self.catatan.setPlainText(data.catatan)

    def collect(self) -> PertemuanData:
        q = self.tanggal.date()
        return PertemuanData(
            desa_id=self.desa_id,
            tanggal=date(q.year(), q.month(), q.day()),
            topik=self.topik.currentText(),
            fasilitator=self.fasilitator.text(),
            tempat=self.tempat.text(),
            catatan=self.catatan.toPlainText(),
            id=self.pertemuan_id,
        )

    def save(self) -> bool:
        self.clear_messages()
        try:
            with UnitOfWork(self.db) as uow:
                self.saved_id = save_pertemuan(uow, self.collect())
        except ValidationError as exc:
            self.show_problem(exc.message, exc.field)
            return False
        except Exception as exc:
            show_error(self, exc, "Pertemuan tidak tersimpan")
            return False
        self.accept()
        return True
