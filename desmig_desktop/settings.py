"""User preferences, declared once with their type and default (STYLE.md rule 12).

Stored as a readable INI file in the data folder. Business data (the office
identity, signers) lives in the database, not here; window geometry is kept by
the GUI apart from these options.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desmig_desktop import paths
from desmig_desktop.domain.errors import ValidationError

_SECTION = "desmig"


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    label: str
    choices: tuple[str, ...] = ()


OPTIONS: tuple[Option, ...] = (
    Option("ukuran_kertas", str, "A4", "Ukuran kertas", ("A4", "F4")),
    Option("rupiah_spasi", bool, True, 'Spasi setelah "Rp" (Rp 1.250.000)'),
    Option("nama_pengguna", str, "", "Nama pengguna untuk riwayat perubahan"),
    Option("folder_ekspor", str, "", "Folder ekspor bawaan"),
)
_BY_KEY = {o.key: o for o in OPTIONS}


class Settings:
    """Typed access to the INI file; every read falls back to the declared default."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file or paths.settings_path()
        self._parser = configparser.ConfigParser(interpolation=None)
        if self.file.exists():
            try:
                self._parser.read(self.file, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError):
                # A damaged settings file must never stop the app: start from defaults.
                self._parser = configparser.ConfigParser(interpolation=None)
        if not self._parser.has_section(_SECTION):
            self._parser.add_section(_SECTION)

    def get(self, key: str) -> Any:
        option = _BY_KEY[key]
        raw = self._parser.get(_SECTION, key, fallback=None)
        if raw is None:
            return option.default
        if option.type is bool:
            word = raw.strip().lower()
            if word in ("1", "true", "ya", "yes", "on"):
                return True
            if word in ("0", "false", "tidak", "no", "off"):
                return False
            return option.default
        if option.choices and raw not in option.choices:
            return option.default
        return option.type(raw)

    def set(self, key: str, value: Any) -> None:
        option = _BY_KEY[key]
        if option.choices and value not in option.choices:
            raise ValidationError(
                f"{option.label}: pilihan yang sah {', '.join(option.choices)}.", option.label
            )
        self._parser.set(_SECTION, key, str(value))

    def save(self) -> None:
        tmp = self.file.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            self._parser.write(fh)
        tmp.replace(self.file)
