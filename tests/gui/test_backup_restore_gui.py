"""Menu Berkas: "Cadangkan ke…" and "Pulihkan dari cadangan…"; the start-up offer to
restore the latest good backup over a damaged file; the daily backup at start-up and the
backup before every import from the pages; environment failures as known messages.

The file dialogs and message boxes are patched; the start-up offer is a real QMessageBox
whose button is clicked by a timer.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy.exc import OperationalError

from desmig_desktop import paths
from desmig_desktop.db import backup as backup_mod
from desmig_desktop.db import migrate
from desmig_desktop.db.backup import list_backups
from desmig_desktop.db.engine import make_engine, make_sessionmaker
from desmig_desktop.db.migrate import Database
from desmig_desktop.db.models import TahunAnggaran
from desmig_desktop.domain.formatting import format_tanggal
from desmig_desktop.gui import app as app_mod
from desmig_desktop.gui.changes import ChangeHub
from desmig_desktop.gui.errors import ErrorPolicy
from desmig_desktop.gui.main_window import MainWindow
from desmig_desktop.gui.pages.desa import DesaPage
from desmig_desktop.gui.pages.parenting import ParentingPage
from desmig_desktop.gui.pages.rencana import RencanaPage
from desmig_desktop.gui.tasks import wait_all

pytestmark = pytest.mark.gui


# --- helpers ---------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_db(src: Path, dest: Path) -> Path:
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


def counts(path: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("desa", "kegiatan", "peserta", "tahun_anggaran")
        )
    finally:
        conn.close()


def damage(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096 : (middle + 2) * 4096] = bytes(range(256)) * 32
    path.write_bytes(bytes(data))
    return path


class Boxes:
    """Records the QMessageBox static calls a test expects, answering ``question``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes):
        self.shown: dict[str, list[str]] = {}
        for kind in ("information", "warning", "critical", "question"):
            monkeypatch.setattr(QMessageBox, kind, staticmethod(self._record(kind, answer)))

    def _record(self, kind: str, answer):
        def box(parent, title, text, *rest):
            self.shown.setdefault(kind, []).append(text)
            return answer if kind == "question" else QMessageBox.StandardButton.Ok

        return box

    def __getitem__(self, kind: str) -> list[str]:
        return self.shown.get(kind, [])


@pytest.fixture
def window(qtbot, demo_db):
    w = MainWindow(demo_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _berkas_actions(window: MainWindow) -> list[str]:
    berkas = window.menuBar().actions()[0].menu()
    return [a.text() for a in berkas.actions() if not a.isSeparator()]


# --- menu Berkas: backup ---------------------------------------------------------------------


def test_menu_berkas_offers_backup_and_restore(window) -> None:
    actions = _berkas_actions(window)
    assert actions.index("&Cadangkan ke…") < actions.index("&Pulihkan dari cadangan…")
    assert actions[-1] == "&Keluar"
    assert window.backup_action.isEnabled() and window.restore_action.isEnabled()


def test_backup_from_the_menu(window, qtbot, demo_db, tmp_path, monkeypatch) -> None:
    boxes = Boxes(monkeypatch)
    chosen = tmp_path / "flashdisk" / "cadangan kantor"  # no suffix typed: .db is added
    chosen.parent.mkdir()
    offered = []

    def save(parent, caption, directory, filters):
        offered.append((caption, directory, filters))
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"]), timeout=20000)

    made = chosen.with_name("cadangan kantor.db")
    assert str(made) in boxes["information"][0]
    assert counts(made) == counts(demo_db.path)
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert date.today().isoformat() in offered[0][1] and "*.db" in offered[0][2]
    assert sorted(p.name for p in chosen.parent.iterdir()) == [
        "cadangan kantor riwayat.xlsx",  # the audit trail, readable, beside the copy
        "cadangan kantor.db",
    ]
    assert str(chosen.with_name("cadangan kantor riwayat.xlsx")) in boxes["information"][0]


def test_backup_to_a_place_that_cannot_be_written_is_a_warning(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    boxes = Boxes(monkeypatch)
    not_a_folder = tmp_path / "bukan-folder"
    not_a_folder.write_text("berkas biasa")
    target = not_a_folder / "cadangan.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["warning"]), timeout=20000)
    assert str(target) in boxes["warning"][0]
    assert not boxes["information"]


def test_backup_dialog_cancelled_does_nothing(window, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert window.choose_backup() is None


# --- menu Berkas: restore --------------------------------------------------------------------


def _snapshot_then_change(demo_db: Database, tmp_path: Path) -> tuple[Path, tuple[int, ...]]:
    assert demo_db.path is not None
    snapshot = backup_mod.backup_to(demo_db.path, tmp_path / "cadangan.db")
    with demo_db.sessions() as session:
        session.add(TahunAnggaran(tahun=2031))
        session.commit()
    return snapshot, counts(demo_db.path)


def test_restore_from_the_menu_shows_the_backup_then_closes(
    window, qtbot, demo_db, tmp_path, monkeypatch
) -> None:
    snapshot, changed = _snapshot_then_change(demo_db, tmp_path)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(snapshot), ""))
    )

    window.restore_action.trigger()
    qtbot.waitUntil(lambda: window.restored is not None, timeout=20000)

    question = boxes["question"][0]
    assert str(snapshot) in question
    assert f"cadangan {format_tanggal(date.today())} pukul" in question
    assert "7 desa, 19 kegiatan" in question and "ditutup" in question
    info = boxes["information"][0]
    assert "dipulihkan" in info and "ditutup sekarang" in info
    assert not window.isVisible()  # the application closes and is started again
    assert counts(demo_db.path) == counts(snapshot)
    safety = [b for b in list_backups() if b.group == "pra-pulih"]
    assert len(safety) == 1 and counts(safety[0].path) == changed
    assert str(safety[0].path) in info


def test_restore_answered_no_changes_nothing(window, qtbot, demo_db, tmp_path, monkeypatch) -> None:
    snapshot, changed = _snapshot_then_change(demo_db, tmp_path)
    boxes = Boxes(monkeypatch, answer=QMessageBox.StandardButton.No)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(snapshot), ""))
    )
    window.restore_action.trigger()
    wait_all()
    qtbot.wait(50)
    assert boxes["question"] and not boxes["information"]
    assert window.restored is None and window.isVisible()
    assert counts(demo_db.path) == changed
    assert list_backups() == []


@pytest.mark.parametrize("kind", ["sampah", "dirinya"])
def test_restore_refuses_a_bad_file_before_asking(
    window, demo_db, tmp_path, monkeypatch, kind
) -> None:
    boxes = Boxes(monkeypatch)
    bad = tmp_path / "catatan.db"
    bad.write_bytes(b"bukan basis data\r\n" * 100)
    chosen = bad if kind == "sampah" else demo_db.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(chosen), "")))
    before = counts(demo_db.path)
    assert window.choose_restore() is None
    expected = "bukan basis data Desmig" if kind == "sampah" else "sedang dibuka"
    assert expected in boxes["warning"][0]
    assert not boxes["question"]
    assert counts(demo_db.path) == before


# --- start-up: a damaged file and the latest good backup -----------------------------------


class ClickOnOffer:
    """Clicks a button of the start-up offer as soon as the box is on screen.

    The timer is stopped, disconnected and released on the GUI thread at the end of the
    test: left to the garbage collector, a Qt object may be freed on a worker thread.
    """

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.button_text = ""
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)

    def start(self, button_text: str) -> ClickOnOffer:
        self.button_text = button_text
        self.timer.start()
        return self

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "tawaran_pulih":
            self.seen.append(box.text() + "\n" + box.informativeText())
            self.timer.stop()
            next(b for b in box.buttons() if b.text() == self.button_text).click()

    def close(self) -> None:
        self.timer.stop()
        self.timer.timeout.disconnect(self._poll)
        del self.timer


@pytest.fixture
def click_on_offer(qtbot):
    clicker = ClickOnOffer()
    yield clicker
    clicker.close()


@pytest.fixture
def damaged_with_backup(demo_template: Path, template_db: Path, tmp_path: Path):
    """A damaged desmig.db, and a good automatic backup of it made earlier."""
    live = tmp_path / "data" / "desmig.db"
    live.parent.mkdir()
    copy_db(demo_template, live)
    good = backup_mod.automatic_backup(live, "harian")
    damage(live)
    return live, good


def test_startup_offers_the_latest_backup_and_restores_it(
    qtbot, damaged_with_backup, monkeypatch, click_on_offer
) -> None:
    live, good = damaged_with_backup
    digest = sha256(live)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", True)
    seen = click_on_offer.start("Pulihkan cadangan terakhir").seen

    db = app_mod.open_at_start(live)

    assert db is not None
    try:
        assert "rusak" in seen[0] and str(good) in seen[0] and "7 desa" in seen[0]
        assert "desmig.db.rusak-" in seen[0]
        aside = [p for p in live.parent.iterdir() if p.name.startswith("desmig.db.rusak-")]
        assert len(aside) == 1 and sha256(aside[0]) == digest  # kept exactly as it was
        assert counts(live) == counts(good)
        assert str(aside[0]) in boxes["information"][0]
    finally:
        db.close()


def test_startup_keluar_leaves_the_damaged_file_alone(
    qtbot, damaged_with_backup, monkeypatch, capsys, click_on_offer
) -> None:
    live, _good = damaged_with_backup
    digest, beside = sha256(live), sorted(p.name for p in live.parent.iterdir())
    Boxes(monkeypatch)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", True)
    seen = click_on_offer.start("Keluar").seen

    assert app_mod.open_at_start(live) is None

    assert seen
    assert sha256(live) == digest
    assert sorted(p.name for p in live.parent.iterdir()) == beside
    assert "rusak" in capsys.readouterr().out


def test_startup_without_dialogs_names_the_backup_and_the_command(
    damaged_with_backup, capsys, monkeypatch
) -> None:
    live, good = damaged_with_backup
    digest = sha256(live)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", False)
    assert app_mod.open_at_start(live) is None
    out = capsys.readouterr().out
    assert "rusak" in out and str(good) in out and "restore" in out
    assert sha256(live) == digest


def test_startup_without_a_backup_says_so(qtbot, template_db, tmp_path, monkeypatch) -> None:
    live = damage(copy_db(template_db, tmp_path / "desmig.db"))
    digest = sha256(live)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", True)
    assert app_mod.open_at_start(live) is None
    assert "Tidak ada cadangan" in boxes["critical"][0]
    assert sha256(live) == digest


def test_startup_on_a_newer_database_offers_no_restore(
    qtbot, template_db, tmp_path, monkeypatch
) -> None:
    live = copy_db(template_db, tmp_path / "desmig.db")
    conn = sqlite3.connect(live)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    backup_mod.automatic_backup(live, "harian")
    digest = sha256(live)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", True)
    assert app_mod.open_at_start(live) is None
    assert "lebih baru" in boxes["critical"][0]
    assert sha256(live) == digest


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        ("attempt to write a readonly database", "hanya-baca"),
        ("database or disk is full", "Disk penuh"),
    ],
)
def test_startup_environment_failures_are_known_messages(
    qtbot, db_path, monkeypatch, driver_message, expected
) -> None:
    def refuse(target, **kwargs):
        raise OperationalError(
            "PRAGMA journal_mode=WAL", {}, sqlite3.OperationalError(driver_message)
        )

    monkeypatch.setattr(migrate, "open_database", refuse)
    boxes = Boxes(monkeypatch)
    monkeypatch.setattr(ErrorPolicy, "show_dialogs", True)
    assert app_mod.open_at_start(db_path) is None
    assert expected in boxes["critical"][0]
    assert "Traceback" not in boxes["critical"][0]


def test_startup_on_a_healthy_or_new_file_just_opens(qtbot, db_path, tmp_path) -> None:
    for target in (db_path, tmp_path / "baru" / "desmig.db"):
        db = app_mod.open_at_start(target)
        assert db is not None
        db.close()


# --- daily backup at start-up, backup before imports -----------------------------------------


def test_daily_backup_started_with_the_window(window, demo_db) -> None:
    app_mod.start_daily_backup(window, demo_db.path)
    wait_all()
    app_mod.start_daily_backup(window, demo_db.path)  # the same day: skipped
    wait_all()
    made = list_backups()
    assert [b.group for b in made] == ["harian"]
    assert counts(made[0].path) == counts(demo_db.path)


def test_daily_backup_failure_goes_to_the_status_bar(window, qtbot, demo_db, monkeypatch) -> None:
    from desmig_desktop.domain.errors import KnownEnvironmentError

    def full(_path):
        raise KnownEnvironmentError("Cadangan tidak dapat ditulis: disk penuh.")

    monkeypatch.setattr(backup_mod, "daily_backup", full)
    app_mod.start_daily_backup(window, demo_db.path)
    qtbot.waitUntil(lambda: "Cadangan harian gagal" in window.statusBar().currentMessage())


@pytest.mark.parametrize("page_class", [DesaPage, RencanaPage, ParentingPage])
def test_every_import_from_a_page_is_preceded_by_a_backup(
    qtbot, demo_db, tmp_path, monkeypatch, page_class
) -> None:
    Boxes(monkeypatch)
    page = page_class(demo_db, ChangeHub())
    qtbot.addWidget(page)
    book = tmp_path / "bukan-buku-kerja.xlsx"
    book.write_bytes(b"bukan buku kerja")
    op = page.import_file(book)
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    made = [b for b in list_backups() if b.group == "pra-impor"]
    assert len(made) == 1
    assert counts(made[0].path) == counts(demo_db.path)


# --- read-only database in the window ---------------------------------------------------------


def test_read_only_database_gives_a_known_warning(qtbot, db_path, monkeypatch) -> None:
    url = f"sqlite:///file:{db_path.as_posix()}?mode=ro&uri=true"
    engine = make_engine(url)
    db = Database(url=url, engine=engine, sessions=make_sessionmaker(engine), path=db_path)
    boxes = Boxes(monkeypatch)
    try:
        w = MainWindow(db)
        qtbot.addWidget(w)
        op = w.fill_demo()
        assert op is not None
        qtbot.waitUntil(lambda: op.done, timeout=20000)
        assert "hanya-baca" in boxes["warning"][0]
        assert not ErrorPolicy.caught
    finally:
        wait_all()
        engine.dispose()
    assert counts(db_path)[0] == 0


# --- the real program ----------------------------------------------------------------------------


def _gui(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "desmig-desktop"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "desmig_desktop.gui.app"]
    env = dict(os.environ, DESMIG_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        command + args, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_program_makes_one_backup_a_day_of_an_existing_database(template_db, tmp_path) -> None:
    home = tmp_path / "rumah"
    live = copy_db(template_db, tmp_path / "kantor.db")
    fresh = tmp_path / "baru.db"
    for _ in range(2):
        result = _gui(["--smoke-test", "--db", str(live)], home)
        assert result.returncode == 0, result.stdout + result.stderr
    result = _gui(["--smoke-test", "--db", str(fresh)], home)
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in (home / "backups").iterdir())
    assert len(names) == 1 and names[0].startswith("kantor-") and names[0].endswith("-harian.db")
    assert paths.ENV_HOME == "DESMIG_HOME"
