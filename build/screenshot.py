"""Screenshots of the real window, for the README and for looking at pages.

    xvfb-run -a -s "-screen 0 1280x800x24" uv run python build/screenshot.py \
        --db demo.db --out docs/ --pages beranda pengaturan

Opens the main window on ``--db`` as a user would, shows each page and saves a
grab of the screen as ``<out>/<page>.png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--out", default="screenshots")
    p.add_argument("--pages", nargs="*", default=[])
    p.add_argument("--width", type=int, default=1180)
    p.add_argument("--height", type=int, default=760)
    args = p.parse_args()

    from PySide6.QtCore import QLocale, QTimer
    from PySide6.QtWidgets import QApplication

    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.gui.main_window import MainWindow
    from desmig_desktop.gui.qt_i18n import IndonesianQtTranslator

    app = QApplication(sys.argv[:1])
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    app.installTranslator(IndonesianQtTranslator(app))
    db = open_database(Path(args.db))
    window = MainWindow(db)
    window.resize(args.width, args.height)
    window.move(0, 0)
    window.show()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = args.pages or list(window.pages)
    queue = list(pages)

    def step() -> None:
        if not queue:
            window.close()
            app.quit()
            return
        page_id = queue.pop(0)
        window.show_page(page_id)

        def grab(pid: str = page_id) -> None:
            shot = app.primaryScreen().grabWindow(0, 0, 0, window.width(), window.height())
            shot.save(str(out / f"{pid}.png"))
            print(out / f"{pid}.png")
            QTimer.singleShot(100, step)

        QTimer.singleShot(700, grab)

    QTimer.singleShot(800, step)
    app.exec()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
