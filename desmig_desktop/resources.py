"""Find the files the application ships, from a checkout, a wheel or a bundle.

A source checkout keeps them in ``resources/`` beside the package; a wheel
carries them as ``desmig_desktop/_resources``; a PyInstaller bundle unpacks
them under ``sys._MEIPASS/resources``. ``path()`` hides the difference.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def root() -> Path:
    """The folder that holds fonts/, wilayah/, icons/ and translations/."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates += [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    for candidate in candidates:
        if (candidate / "wilayah").is_dir():
            return candidate
    raise FileNotFoundError(
        "Folder sumber daya aplikasi (resources) tidak ditemukan; pasang ulang aplikasi."
    )


def path(*parts: str) -> Path:
    """The path of a shipped resource, e.g. ``path("fonts", "LiberationSans-Regular.ttf")``."""
    target = root().joinpath(*parts)
    if not target.exists():
        raise FileNotFoundError(f"Berkas sumber daya tidak ditemukan: {target}")
    return target


def migrations_dir() -> Path:
    """The Alembic script folder (a package directory, so it travels with the code)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        frozen = Path(bundle) / "desmig_desktop" / "db" / "migrations"
        if frozen.is_dir():
            return frozen
    return _PACKAGE_DIR / "db" / "migrations"
