"""Every path the application writes to, from one place (STYLE.md rule 11).

The base folder is the per-user data folder (``%LOCALAPPDATA%\\Desmig\\Desmig
Desktop`` on Windows), or ``DESMIG_HOME`` when that is set (tests, portable
builds). Sub-folders are created on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "DESMIG_HOME"
DB_FILENAME = "desmig.db"


def home() -> Path:
    """The base data folder."""
    override = os.environ.get(ENV_HOME)
    if override:
        base = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        base = Path(user_data_dir("Desmig Desktop", "Desmig", roaming=False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def _sub(name: str) -> Path:
    folder = home() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_db_path() -> Path:
    return home() / DB_FILENAME


def backups_dir() -> Path:
    return _sub("backups")


def logs_dir() -> Path:
    return _sub("logs")


def exports_dir() -> Path:
    return _sub("ekspor")


def settings_path() -> Path:
    return home() / "pengaturan.ini"


def log_path() -> Path:
    return logs_dir() / "desmig.log"
