"""Indonesian for Qt's own words (dialog buttons, edit menus, file dialogs).

Qt ships no Indonesian translation of its own strings, so the project keeps
this small one. It is a QTranslator that answers from a table, whatever the
context, for the texts Qt's standard widgets show.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

QT_ID: dict[str, str] = {
    # Standard buttons (QPlatformTheme, QGnomeTheme, QDialogButtonBox)
    "OK": "OK",
    "&OK": "&OK",
    "Save": "Simpan",
    "&Save": "&Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Open": "&Buka",
    "&Yes": "&Ya",
    "Yes": "Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "No": "Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Hentikan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "&Close": "&Tutup",
    "Cancel": "Batal",
    "&Cancel": "&Batal",
    "Discard": "Buang",
    "Close without Saving": "Tutup tanpa Menyimpan",
    "Don't Save": "Jangan Simpan",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
    "Show Details...": "Tampilkan Rincian...",
    "Hide Details...": "Sembunyikan Rincian...",
    # Edit context menus (QLineEdit, QWidgetTextControl)
    "&Undo": "&Urungkan",
    "&Redo": "&Ulangi",
    "Cu&t": "Po&tong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    "Copy &Link Location": "Salin Alamat &Tautan",
    # File dialog
    "Look in:": "Cari di:",
    "File &name:": "&Nama berkas:",
    "Files of type:": "Jenis berkas:",
    "&Choose": "&Pilih",
    "Back": "Kembali",
    "Forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Create New Folder": "Buat Folder Baru",
    "New Folder": "Folder Baru",
    "List View": "Tampilan Daftar",
    "Detail View": "Tampilan Rinci",
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Date Modified": "Tanggal Diubah",
    "My Computer": "Komputer",
    "Computer": "Komputer",
    "All Files (*)": "Semua Berkas (*)",
    "Directory:": "Folder:",
    "&Rename": "&Ganti Nama",
    "&Delete": "&Hapus",
    "Show &hidden files": "Tampilkan berkas &tersembunyi",
    "&New Folder": "Folder &Baru",
}


class IndonesianQtTranslator(QTranslator):
    """Translates Qt's own user-visible strings from ``QT_ID``."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) means "no translation here": Qt then keeps the source
        # text. An empty string would replace every text of our own forms with "".
        if context.startswith("Q"):
            return QT_ID.get(source)
        return None

    def isEmpty(self) -> bool:
        return False
