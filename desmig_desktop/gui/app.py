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
        help="buka jendela, kunjungi setiap halaman, tutup; keluar 0 bila tanpa galat",
    )
    p.add_argument(
        "--no-error-dialogs", action="store_true", help="catat galat ke log tanpa dialog"
    )
    return p.parse_args(argv)


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
    from PySide6.QtCore import QLocale, QLockFile
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.domain.errors import DesmigError
    from desmig_desktop.gui.errors import ErrorPolicy, install_excepthook
    from desmig_desktop.gui.qt_i18n import IndonesianQtTranslator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
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

    try:
        db = open_database(target)
    except DesmigError as exc:
        log.error("basis data tidak dapat dibuka: %s", exc.message)
        if ErrorPolicy.show_dialogs:
            QMessageBox.critical(None, "Basis data tidak dapat dibuka", exc.message)
        _say(exc.message)
        if lock is not None:
            lock.unlock()
        return 1
    if db.backup_made is not None:
        log.info("cadangan otomatis sebelum migrasi: %s", db.backup_made)

    from desmig_desktop.gui.main_window import MainWindow
    from desmig_desktop.gui.tasks import wait_all

    window = MainWindow(db)
    window.show()
    try:
        if args.smoke_test:
            return smoke_test(app, window)
        return app.exec()
    finally:
        wait_all()
        db.close()
        if lock is not None:
            lock.unlock()


def smoke_test(app, window) -> int:  # type: ignore[no-untyped-def]
    """Visit every page, close the window; 0 when nothing went wrong."""
    from desmig_desktop.gui.errors import ErrorPolicy

    problems: list[str] = []
    for page_id in window.pages:
        page = window.show_page(page_id)
        app.processEvents()
        if not page.isVisible():
            problems.append(f"halaman {page.title} tidak tampil")
        else:
            _say(f"ok: halaman {page.title}")
    window.close()
    app.processEvents()
    problems += [f"galat: {exc!r}" for exc in ErrorPolicy.caught]
    for line in problems:
        _say(f"GAGAL: {line}")
    _say("uji asap: " + ("berhasil" if not problems else f"{len(problems)} masalah"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
