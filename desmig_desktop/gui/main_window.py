"""The main window: navigation on the left, one page at a time, menus and status bar.

Pages are built on their first visit (the Beranda at once): a page's module, and
whatever heavy library it needs (openpyxl, reportlab), is imported only then, so the
window opens quickly. ``PAGES`` lists them in navigation order; adding a page is one
line there.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desmig_desktop import APP_NAME, __version__, paths
from desmig_desktop.db.backup import RestoreResult, backup_to, check_backup_file, restore_from
from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.errors import DatabaseError, DesmigError
from desmig_desktop.domain.progress import Progress
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.errors import show_error
from desmig_desktop.gui.models import choice
from desmig_desktop.gui.pages.base import Page
from desmig_desktop.gui.tasks import Operation
from desmig_desktop.services.uow import UnitOfWork, pengguna_aktif

if TYPE_CHECKING:
    from desmig_desktop.gui.pages.beranda import BerandaPage


@dataclass(frozen=True)
class PageEntry:
    """A page of the navigation: its id, its title, and where its class lives."""

    page_id: str
    title: str
    module: str  # under desmig_desktop.gui.pages
    class_name: str

    def load(self) -> type[Page]:
        cls = getattr(
            importlib.import_module(f"desmig_desktop.gui.pages.{self.module}"), self.class_name
        )
        assert cls.page_id == self.page_id and cls.title == self.title, cls
        return cls


PAGES: tuple[PageEntry, ...] = (
    PageEntry("beranda", "Beranda", "beranda", "BerandaPage"),
    PageEntry("desa", "Desa", "desa", "DesaPage"),
    PageEntry("rencana", "Rencana & Anggaran", "rencana", "RencanaPage"),
    PageEntry("parenting", "Community Parenting", "parenting", "ParentingPage"),
    PageEntry("laporan", "Laporan", "laporan", "LaporanPage"),
    PageEntry("riwayat", "Riwayat", "riwayat", "RiwayatPage"),
    PageEntry("pengaturan", "Pengaturan", "pengaturan", "PengaturanPage"),
)
PAGE_CLASSES = PAGES  # the navigation's entries (classes are loaded on first visit)


class Pages(Mapping[str, Page]):
    """The window's pages by id, in navigation order; a page is built when first asked for.

    ``built()`` gives the pages that exist so far (closing and restoring ask only those).
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._entries = {e.page_id: e for e in PAGES}
        self._built: dict[str, Page] = {}

    def __getitem__(self, page_id: str) -> Page:
        page = self._built.get(page_id)
        if page is None:
            page = self._window._build_page(self._entries[page_id])
            self._built[page_id] = page
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def is_built(self, page_id: str) -> bool:
        return page_id in self._built

    def built(self) -> list[Page]:
        return [self._built[k] for k in self._entries if k in self._built]


WILAYAH_CREDIT = (
    "Data wilayah: idn-area-data 4.0.1 © Fityan (fityannugroho), ODbL 1.0, "
    "berdasarkan Kepmendagri 300.2.2-2138/2025."
)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.hub = ChangeHub(self)
        self.setWindowTitle(f"{APP_NAME} — Desa Migran Produktif")
        self.resize(1180, 760)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigasi")
        self.nav.setFixedWidth(210)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; border: none; background: palette(alternate-base); }"
            "QListWidget::item { padding: 10px 12px; }"
        )
        self.stack = QStackedWidget(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.restored: RestoreResult | None = None
        self.pages = Pages(self)
        for number, entry in enumerate(PAGES, start=1):
            self.stack.addWidget(QWidget(self.stack))  # stands in until the first visit
            item = QListWidgetItem(entry.title)
            item.setToolTip(f"{entry.title} (Ctrl+{number})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._page_selected)
        self.pages["beranda"]

        self._build_menus()
        self.db_label = QLabel(f"Basis data: {db.label}")
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.db_label)
        self.nav.setCurrentRow(0)
        self._restore_geometry()

    # --- menus -------------------------------------------------------------------

    def _build_menus(self) -> None:
        berkas = self.menuBar().addMenu("&Berkas")
        self.demo_action = QAction("Isi data &demo…", self)
        self.demo_action.triggered.connect(self.fill_demo)
        berkas.addAction(self.demo_action)
        folder = QAction("Buka &folder data", self)
        folder.triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.home())))
        )
        berkas.addAction(folder)
        berkas.addSeparator()
        self.backup_action = QAction("&Cadangkan ke…", self)
        self.backup_action.triggered.connect(self.choose_backup)
        berkas.addAction(self.backup_action)
        self.restore_action = QAction("&Pulihkan dari cadangan…", self)
        self.restore_action.triggered.connect(self.choose_restore)
        berkas.addAction(self.restore_action)
        if self.db.path is None:  # a server database is backed up by its administrator
            for action in (self.backup_action, self.restore_action):
                action.setEnabled(False)
                action.setToolTip("Hanya untuk basis data berkas (SQLite).")
        berkas.addSeparator()
        keluar = QAction("&Keluar", self)
        keluar.setShortcut(QKeySequence("Ctrl+Q"))
        keluar.triggered.connect(self.close)
        berkas.addAction(keluar)

        halaman = self.menuBar().addMenu("&Halaman")
        for number, entry in enumerate(PAGES, start=1):
            action = QAction(entry.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, pid=entry.page_id: self.show_page(pid))
            halaman.addAction(action)

        bantuan = self.menuBar().addMenu("Ba&ntuan")
        tentang = QAction("&Tentang Desmig Desktop", self)
        tentang.triggered.connect(self.show_about)
        bantuan.addAction(tentang)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "Tentang Desmig Desktop",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Aplikasi Dinas Tenaga Kerja kabupaten/kota untuk program Desmigratif "
            "(Desa Migran Produktif): profil desa, rencana dan anggaran keempat pilar, "
            "kehadiran community parenting, dan laporan triwulan ke Kementerian "
            "Ketenagakerjaan.</p>"
            f"<p>Basis data: {self.db.label}<br>Folder data: {paths.home()}</p>"
            f"<p><small>{WILAYAH_CREDIT}</small></p>",
        )

    # --- pages -------------------------------------------------------------------

    def _build_page(self, entry: PageEntry) -> Page:
        """Build ``entry``'s page in place of its stand-in (first visit)."""
        row = next(i for i, e in enumerate(PAGES) if e is entry)
        page = entry.load()(self.db, self.hub, self.stack)
        standin = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.blockSignals(True)
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(standin)
        if current == row:
            self.stack.setCurrentIndex(row)
        self.stack.blockSignals(False)
        standin.deleteLater()
        if entry.page_id == "beranda":
            self._connect_beranda(page)  # type: ignore[arg-type]
        return page

    def _connect_beranda(self, beranda: BerandaPage) -> None:
        beranda.demo_requested.connect(self.fill_demo)
        beranda.settings_requested.connect(lambda: self.show_page("pengaturan"))
        beranda.pillar_requested.connect(self.open_pillar)
        beranda.village_requested.connect(self.open_village)
        beranda.report_requested.connect(lambda: self.show_page("laporan"))

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        if not isinstance(page, Page):  # a stand-in: build the page it stands for
            page = self.pages[PAGES[self.stack.currentIndex()].page_id]
        return page

    def show_page(self, page_id: str) -> Page:
        row = next(i for i, e in enumerate(PAGES) if e.page_id == page_id)
        self.nav.setCurrentRow(row)
        return self.current_page()

    def _page_selected(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentWidget()
        leaving = current is not self.stack.widget(row) and isinstance(current, Page)
        if leaving and not current.maybe_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.indexOf(current))
            self.nav.blockSignals(False)
            return
        page = self.pages[PAGES[row].page_id]
        self.stack.setCurrentWidget(page)
        page.shown()
        self.statusBar().showMessage(page.title, 2000)

    def open_pillar(self, pilar: object) -> None:
        """Rencana & Anggaran, filtered to ``pilar``, in the year shown on the Beranda."""
        beranda = self.pages["beranda"]
        rencana = self.show_page("rencana")
        rencana.show_pillar(pilar, choice(beranda.tahun))  # type: ignore[attr-defined]

    def open_village(self, kode_wilayah: str) -> None:
        parenting = self.show_page("parenting")
        parenting.show_village(kode_wilayah)  # type: ignore[attr-defined]

    # --- actions -----------------------------------------------------------------

    def fill_demo(self) -> Operation | None:
        from desmig_desktop.services.demo import fill_demo, is_empty

        with UnitOfWork(self.db) as uow:
            empty = is_empty(uow)
        if not empty:
            QMessageBox.information(
                self,
                "Data demo",
                "Basis data sudah berisi data; data demo hanya diisikan ke basis data kosong.",
            )
            return None

        def work(progress: Progress) -> dict[str, int]:
            progress.set_total(0, "Mengisi data demo Kabupaten Tulungagung…")
            with UnitOfWork(self.db) as uow:
                return fill_demo(uow)

        def done(counts: dict[str, int]) -> None:
            self.hub.announce("semua")
            self.statusBar().showMessage(
                f"Data demo terisi: {counts['desa']} desa, {counts['kegiatan']} kegiatan, "
                f"{counts['peserta']} peserta.",
                8000,
            )

        return (
            Operation(self, work, title="Data demo")
            .success(done)
            .failure(lambda exc: show_error(self, exc, "Data demo"))
            .with_progress("Mengisi data demo…")
            .run()
        )

    # --- backup and restore (menu Berkas) -------------------------------------------

    def choose_backup(self) -> Operation | None:
        suggested = Path.home() / f"Cadangan Desmig {date.today().isoformat()}.db"
        path, _ = QFileDialog.getSaveFileName(
            self, "Cadangkan basis data ke", str(suggested), "Basis data Desmig (*.db)"
        )
        return self.backup_to(Path(path)) if path else None

    def backup_to(self, dest: Path) -> Operation | None:
        """Copy the database to ``dest`` (checked with integrity_check) off the GUI thread."""
        source = self.db.path
        if source is None:
            return None
        if not dest.suffix:
            dest = dest.with_name(dest.name + ".db")
        title = "Cadangkan basis data"

        db = self.db

        def work(progress: Progress) -> tuple[Path, Path]:
            from desmig_desktop.services.ekspor_riwayat import export_riwayat, path_beside

            made = backup_to(source, dest)
            # the audit trail is inside the copy; beside it, readable for an auditor
            trail, _count = export_riwayat(db, path_beside(made), progress=progress)
            return made, trail

        def done(result: tuple[Path, Path]) -> None:
            made, trail = result
            self.statusBar().showMessage(f"Cadangan dibuat: {made}", 8000)
            QMessageBox.information(
                self,
                title,
                f"Cadangan dibuat dan diperiksa (utuh):\n{made}\n\n"
                f"Riwayat perubahan ikut di dalamnya, dan ditulis juga ke:\n{trail}",
            )

        return (
            Operation(self, work, title=title)
            .success(done)
            .failure(lambda exc: show_error(self, exc, title))
            .with_progress("Mencadangkan basis data…")
            .run()
        )

    def choose_restore(self) -> Operation | None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Pulihkan dari cadangan",
            str(paths.backups_dir()),
            "Basis data Desmig (*.db);;Semua berkas (*)",
        )
        return self.restore_from(Path(path)) if path else None

    def restore_from(self, source: Path) -> Operation | None:
        """Check ``source``, show what it holds, ask, restore, then close the application.

        The window and its pages hold data of the database being replaced, so after a
        restore the application closes and is started again: the next start opens the
        restored file the usual way (schema check and upgrade included). Nothing is
        re-created in place. The database is backed up first (reason ``pra-pulih``).
        """
        title = "Pulihkan dari cadangan"
        db_path = self.db.path
        if db_path is None:
            return None
        try:
            if source.resolve() == db_path:
                raise DatabaseError(
                    f"Berkas {source} adalah basis data yang sedang dibuka; pilih berkas cadangan."
                )
            info = check_backup_file(source)
        except DesmigError as exc:
            show_error(self, exc, title)
            return None
        if not all(page.maybe_leave() for page in self.pages.built()):
            return None
        answer = QMessageBox.question(
            self,
            title,
            f"Pulihkan basis data dari berkas ini?\n\n{source}\n"
            f"Isi {info.ringkasan()}.\n\n"
            "Seluruh isi basis data sekarang diganti dengan isi cadangan itu. Basis data "
            "sekarang dicadangkan dulu ke folder cadangan.\n\n"
            "Sesudah pemulihan Desmig Desktop ditutup; bukalah kembali.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None

        def work(progress: Progress) -> RestoreResult:
            progress.set_total(0, "Memulihkan basis data…")
            self.db.close()  # our connections let go of the file (a failure reopens them)
            return restore_from(source, db_path, pengguna=pengguna_aktif())

        def done(result: RestoreResult) -> None:
            self.restored = result
            kept = (
                f"Basis data sebelumnya dicadangkan ke {result.safety_backup}.\n\n"
                if result.safety_backup is not None
                else ""
            )
            QMessageBox.information(
                self,
                title,
                f"Basis data dipulihkan dari {source}.\nIsinya sekarang: {result.ringkasan()}."
                f"\n\n{kept}Desmig Desktop ditutup sekarang. Bukalah kembali untuk bekerja "
                "dengan data yang dipulihkan.",
            )
            self.close()

        return (
            Operation(self, work, title=title)
            .success(done)
            .failure(lambda exc: show_error(self, exc, title))
            .with_progress("Memulihkan basis data…")
            .run()
        )

    # --- window state ------------------------------------------------------------

    def _geometry_store(self) -> QSettings:
        return QSettings(str(paths.home() / "jendela.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._geometry_store().value("utama/geometri")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.built() if self.restored is None else ():
            if not page.maybe_leave():
                self.show_page(page.page_id)
                event.ignore()
                return
        self._geometry_store().setValue("utama/geometri", self.saveGeometry())
        event.accept()
