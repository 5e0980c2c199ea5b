"""`desmig-desktop`: start the application window.

Order matters: logging first (a windowed exe has no stderr), then Qt, the
single-instance lock, the database (refused, backed up and migrated before any
window opens), and only then the main window.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from desmig_desktop import APP_NAME, ORG_NAME, __version__, paths
from desmig_desktop.logsetup import setup_logging

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="desmig-desktop", description=f"{APP_NAME} {__version__}")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="BERKAS", help="berkas basis data SQLite")
    where.add_argument("--db-url", metavar="URL", help="URL basis data (mis. PostgreSQL)")
    p.add_argument(
        "--smoke-test",
        action="store_true",
        help="buka jendela, kunjungi setiap halaman, tulis satu xlsx dan satu PDF, tutup; "
        "keluar 0 bila tanpa galat",
    )
    p.add_argument(
        "--no-error-dialogs", action="store_true", help="catat galat ke log tanpa dialog"
    )
    return p.parse_args(argv)


def _set_window_icon(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QIcon

    from desmig_desktop import resources

    try:
        app.setWindowIcon(QIcon(str(resources.path("icons", "desmig.png"))))
    except FileNotFoundError:  # an icon is a nicety; never stop the app for it
        log.warning("ikon aplikasi tidak ditemukan")


def _say(text: str) -> None:
    if sys.stdout is not None:
        print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging(console=False)
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except Exception:
        log.exception("aplikasi berhenti karena kesalahan tak terduga")
        _say(f"desmig-desktop: kesalahan tak terduga; rincian di {paths.log_path()}")
        return 3


def _run(args: argparse.Namespace) -> int:
    from desmig_desktop.gui.pyside_compat import keep_none_alive

    keep_none_alive()  # before any Qt call: PySide6 6.12 drains None's count (see module)
    from PySide6.QtCore import QLocale, QLockFile
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desmig_desktop.gui.errors import ErrorPolicy, install_excepthook
    from desmig_desktop.gui.qt_i18n import IndonesianQtTranslator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    _set_window_icon(app)
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    translator = IndonesianQtTranslator(app)
    app.installTranslator(translator)
    ErrorPolicy.show_dialogs = not (args.smoke_test or args.no_error_dialogs)
    ErrorPolicy.caught.clear()
    install_excepthook()

    target: str | Path = args.db_url or Path(args.db or paths.default_db_path())
    lock = None
    if isinstance(target, Path):
        target = target.expanduser().resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(target) + ".lock")
        lock.setStaleLockTime(0)  # stale only when the holder died (power cut, kill)
        left_behind = Path(lock.fileName()).exists()
        if not lock.tryLock(200):
            message = (
                f"Basis data {target} sedang dibuka oleh Desmig Desktop yang lain di komputer "
                "ini. Gunakan jendela yang sudah terbuka, atau tutup dulu jendela itu."
            )
            log.warning(message)
            if ErrorPolicy.show_dialogs:
                QMessageBox.warning(None, APP_NAME, message)
            _say(message)
            return 1

    existed = isinstance(target, Path) and target.is_file() and target.stat().st_size > 0
    # a lock we could take although it was there: the last session died (power cut, kill)
    unclean = lock is not None and left_behind
    if unclean:
        log.warning("sesi sebelumnya tidak ditutup dengan benar; basis data diperiksa penuh")
    db = open_at_start(target, thorough=unclean or None)
    if db is None:
        if lock is not None:
            lock.unlock()
        return 1
    if db.backup_made is not None:
        log.info("cadangan otomatis sebelum migrasi: %s", db.backup_made)

    from desmig_desktop.gui.main_window import MainWindow
    from desmig_desktop.gui.tasks import wait_all

    window = MainWindow(db)
    window.show()
    if db.path is not None and existed:
        start_daily_backup(window, db.path)
    try:
        if args.smoke_test:
            return smoke_test(app, window)
        return app.exec()
    finally:
        wait_all()
        db.close()
        if lock is not None:
            lock.unlock()


def open_at_start(target: str | Path, *, thorough: bool | None = None):  # type: ignore[no-untyped-def]
    """Open the database, or say why not (``None``); offer a backup for a damaged file.

    A file that is damaged or not a Desmig database is refused before anything opens
    it (``check_database_file`` reads it only). When a good automatic backup exists
    the user may restore it: only then is the damaged file renamed (never deleted or
    changed) and the backup copied to its place. A database of a newer version is
    not damaged: no restore is offered for it (update the application instead).
    Environment failures (read-only folder, full disk, locked) get their known message.
    """
    import sqlite3

    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy.exc import DatabaseError as SQLDatabaseError
    from sqlalchemy.exc import OperationalError

    from desmig_desktop.db.backup import check_database_file
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.domain.errors import DesmigError, NotADatabase
    from desmig_desktop.gui.errors import ErrorPolicy
    from desmig_desktop.services.uow import environment_error

    try:
        if isinstance(target, Path):
            check_database_file(target, thorough=thorough)
        return open_database(target)
    except NotADatabase as exc:
        if isinstance(target, Path):
            return _offer_restore(target, exc.message)
        message = exc.message
    except DesmigError as exc:
        message = exc.message
    except OperationalError as exc:
        message = environment_error(exc).message
    except sqlite3.OperationalError as exc:
        message = environment_error(OperationalError(None, None, exc)).message
    except (sqlite3.DatabaseError, SQLDatabaseError) as exc:
        message = f"Berkas basis data {target} rusak ({exc}). Berkas itu tidak diubah."
        if isinstance(target, Path):
            return _offer_restore(target, message)
    log.error("basis data tidak dapat dibuka: %s", message)
    if ErrorPolicy.show_dialogs:
        QMessageBox.critical(None, "Basis data tidak dapat dibuka", message)
    _say(message)
    return None


def _offer_restore(target: Path, message: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desmig_desktop.db.backup import latest_good_backup, restore_from
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.domain.errors import DesmigError
    from desmig_desktop.gui.errors import ErrorPolicy
    from desmig_desktop.services.uow import pengguna_aktif

    log.error("basis data tidak dapat dibuka: %s", message)
    good = latest_good_backup(target)
    if good is None:
        text = f"{message}\n\nTidak ada cadangan yang baik di {paths.backups_dir()}."
        if ErrorPolicy.show_dialogs:
            QMessageBox.critical(None, "Basis data tidak dapat dibuka", text)
        _say(text)
        return None
    if not ErrorPolicy.show_dialogs:
        _say(message)
        _say(
            f"Cadangan terakhir yang baik: {good.path} ({good.ringkasan()}). Pulihkan dengan: "
            f'desmig --db "{target}" restore "{good.path}"'
        )
        return None
    if not ask_restore(target, message, good):
        log.info("pengguna memilih keluar; cadangan tidak dipulihkan")
        _say(message)
        return None
    try:
        result = restore_from(good.path, target, set_aside=True, pengguna=pengguna_aktif())
        db = open_database(target)
    except DesmigError as exc:
        log.error("pemulihan gagal: %s", exc.message)
        QMessageBox.critical(None, "Pemulihan gagal", exc.message)
        _say(exc.message)
        return None
    log.info("dipulihkan dari %s; berkas rusak: %s", good.path, result.set_aside)
    QMessageBox.information(
        None,
        "Cadangan dipulihkan",
        f"Basis data dipulihkan dari {good.path} ({good.ringkasan()}).\n\n"
        f"Berkas yang rusak disimpan sebagai {result.set_aside}.",
    )
    return db


def ask_restore(target: Path, message: str, good) -> bool:  # type: ignore[no-untyped-def]
    """Ask whether to restore the latest good backup ("Pulihkan cadangan terakhir"/"Keluar")."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "Basis data tidak dapat dibuka", message)
    box.setObjectName("tawaran_pulih")
    box.setInformativeText(
        f"Cadangan terakhir yang baik: {good.path}\n({good.ringkasan()}).\n\n"
        f"Bila dipulihkan, berkas yang rusak tidak dihapus: namanya diganti menjadi "
        f"{target.name}.rusak-<waktu> di folder yang sama. Perubahan sesudah waktu "
        "cadangan itu tidak ada di dalamnya."
    )
    restore = box.addButton("Pulihkan cadangan terakhir", QMessageBox.ButtonRole.AcceptRole)
    keluar = box.addButton("Keluar", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(keluar)
    box.exec()
    return box.clickedButton() is restore


def start_daily_backup(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Today's backup (once a day), off the GUI thread in the write queue: no write runs
    beside it. A failure is logged and shown in the status bar; the work goes on."""
    from desmig_desktop.db.backup import daily_backup
    from desmig_desktop.domain.errors import KnownEnvironmentError
    from desmig_desktop.gui.errors import report_bug
    from desmig_desktop.gui.tasks import Operation

    def done(made: Path | None) -> None:
        if made is not None:
            log.info("cadangan harian: %s", made)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, KnownEnvironmentError):
            report_bug(exc, window)
            return
        log.warning("cadangan harian gagal: %s", exc.message)
        window.statusBar().showMessage(f"Cadangan harian gagal: {exc.message}", 30000)

    Operation(window, lambda _progress: daily_backup(path), title="Cadangan harian").success(
        done
    ).failure(failed).run()


def smoke_test(app, window) -> int:  # type: ignore[no-untyped-def]
    """Visit every page, write one workbook and one PDF, close; 0 when nothing went wrong.

    An empty database (a fresh one) is first filled with the demo district, so that the
    pages show data and the PDF has an office identity for its letterhead. The files go to
    a temporary folder that is removed afterwards. A database that already held data is
    exported as it is; should it lack what a PDF needs (the office identity), the refusal
    is noted, not counted as a failure. Every line is logged as well as printed: a
    windowed exe has no stdout, and its log file is where a build check reads the result.
    """
    import tempfile

    from desmig_desktop.domain.errors import ValidationError
    from desmig_desktop.gui.errors import ErrorPolicy

    def say(text: str) -> None:
        log.info("%s", text)
        _say(text)

    problems: list[str] = []
    demo = False
    try:
        demo = _smoke_demo(window, say)
    except Exception as exc:
        log.exception("uji asap: data demo")
        problems.append(f"data demo: {exc!r}")
    app.processEvents()
    for page_id in window.pages:
        page = window.show_page(page_id)
        app.processEvents()
        if not page.isVisible():
            problems.append(f"halaman {page.title} tidak tampil")
        else:
            say(f"ok: halaman {page.title}")
    with tempfile.TemporaryDirectory(prefix="desmig-uji-asap-") as folder:
        try:
            problems += _smoke_exports(window.db, Path(folder), say)
        except ValidationError as exc:
            if demo:
                problems.append(f"ekspor ditolak: {exc.message}")
            else:
                say(f"catatan: ekspor dari data yang ada ditolak: {exc.message}")
        except Exception as exc:
            log.exception("uji asap: ekspor")
            problems.append(f"ekspor: {exc!r}")
    window.close()
    app.processEvents()
    problems += [f"galat: {exc!r}" for exc in ErrorPolicy.caught]
    for line in problems:
        log.error("uji asap: GAGAL: %s", line)
        _say(f"GAGAL: {line}")
    say("uji asap: " + ("berhasil" if not problems else f"{len(problems)} masalah"))
    return 0 if not problems else 1


def _smoke_demo(window, say) -> bool:  # type: ignore[no-untyped-def]
    """Fill an empty database with the demo district and tell the pages; True if filled."""
    from desmig_desktop.services.demo import fill_demo, is_empty
    from desmig_desktop.services.uow import UnitOfWork

    with UnitOfWork(window.db) as uow:
        empty = is_empty(uow)
    if not empty:
        say("ok: basis data sudah berisi data; data demo tidak diisikan")
        return False
    with UnitOfWork(window.db) as uow:
        counts = fill_demo(uow)
    window.hub.announce("semua")
    say(f"ok: data demo diisikan ({counts['desa']} desa, {counts['kegiatan']} kegiatan)")
    return True


def _smoke_exports(db, folder: Path, say) -> list[str]:  # type: ignore[no-untyped-def]
    """The villages workbook and the Profil Desa PDF, through the service the Desa page uses."""
    from desmig_desktop.services.ekspor_desa import export_desa

    xlsx, pdf = folder / "desa.xlsx", folder / "profil-desa.pdf"
    result = export_desa(db, xlsx=xlsx, pdf=pdf)
    problems = []
    for kind, target, magic in (("xlsx", xlsx, b"PK\x03\x04"), ("pdf", pdf, b"%PDF-")):
        data = target.read_bytes() if target.is_file() else b""
        size = len(data)
        if size and data.startswith(magic):
            say(f"ok: ekspor {kind} {target.name} ({size} bita, {result.count} desa)")
        else:
            problems.append(f"ekspor {kind} {target.name} tidak tertulis atau rusak")
    return problems


if __name__ == "__main__":
    sys.exit(main())
