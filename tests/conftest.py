"""Shared fixtures: an isolated data folder per test and real migrated databases.

The offscreen Qt platform is chosen before anything imports Qt. Every test gets
its own DESMIG_HOME, so no test touches a real user's data. The ``db`` fixture is
a real SQLite file built by the Alembic migrations (once per session, then
copied with SQLite's backup API, which is far faster than reloading the 91,599
regions for every test).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desmig_desktop.db.migrate import Database, open_database
from desmig_desktop.gui.pyside_compat import keep_none_alive

keep_none_alive()  # as the app does first thing: PySide6 6.12 on 3.11 drains None's count


@pytest.fixture(autouse=True)
def desmig_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("DESMIG_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly migrated database with the region list, built once."""
    folder = tmp_path_factory.mktemp("template")
    os.environ["DESMIG_HOME"] = str(folder / "home")
    try:
        db = open_database(folder / "template.db")
        db.close()
    finally:
        del os.environ["DESMIG_HOME"]
    return folder / "template.db"


def copy_db(src: Path, dest: Path) -> Path:
    source = sqlite3.connect(src)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    return copy_db(template_db, tmp_path / "desmig.db")


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desmig_desktop.services.demo import fill_demo
    from desmig_desktop.services.uow import UnitOfWork

    folder = tmp_path_factory.mktemp("demo")
    path = copy_db(template_db, folder / "demo.db")
    os.environ["DESMIG_HOME"] = str(folder / "home")
    try:
        database = open_database(path)
        with UnitOfWork(database) as uow:
            fill_demo(uow)
        database.close()
    finally:
        del os.environ["DESMIG_HOME"]
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    database = open_database(copy_db(demo_template, tmp_path / "demo.db"))
    yield database
    database.close()


@pytest.fixture(autouse=True)
def no_error_dialogs(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Bugs caught by the GUI's error handler fail the test instead of opening a dialog."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtWidgets import QMessageBox

    from desmig_desktop.gui.errors import ErrorPolicy

    def unexpected(kind: str):  # type: ignore[no-untyped-def]
        def box(*args, **kwargs):  # type: ignore[no-untyped-def]
            text = args[2] if len(args) > 2 else kwargs.get("text", "")
            raise AssertionError(f"unexpected modal QMessageBox.{kind}: {text}")

        return staticmethod(box)

    # A modal box nobody answers would hang the run: fail instead. Tests that expect a
    # box patch it themselves (monkeypatch wins, being applied later).
    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))
    ErrorPolicy.show_dialogs = False
    ErrorPolicy.caught.clear()
    yield
    caught = list(ErrorPolicy.caught)
    ErrorPolicy.caught.clear()
    assert not caught, f"the GUI caught unexpected errors: {caught!r}"


def run_desmig(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real `desmig` command in a child process with ``home`` as its data folder."""
    env = {**os.environ, "DESMIG_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desmig_desktop.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=home,
        timeout=120,
        check=False,
    )


def desktop_command() -> list[str]:
    """How to start the real windowed program (the installed script when there is one)."""
    script = Path(sys.executable).parent / "desmig-desktop"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "desmig_desktop.gui.app"]
