"""User preferences: declared once with type and default, kept in an INI file in the
data folder, and never able to stop the application from starting."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from desmig_desktop import paths
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.settings import OPTIONS, Settings

DEFAULTS = {
    "ukuran_kertas": "A4",
    "rupiah_spasi": True,
    "nama_pengguna": "",
    "folder_ekspor": "",
}


def current(settings: Settings) -> dict[str, object]:
    return {o.key: settings.get(o.key) for o in OPTIONS}


def test_options_are_declared_once_with_a_valid_default() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    for option in OPTIONS:
        assert isinstance(option.default, option.type), option.key
        assert option.label.strip(), option.key
        if option.choices:
            assert option.default in option.choices, option.key


def test_defaults_without_a_settings_file(desmig_home: Path) -> None:
    settings = Settings()
    assert settings.file == paths.settings_path()
    assert settings.file.parent == desmig_home
    assert current(settings) == DEFAULTS
    assert not settings.file.exists()  # reading never creates the file


def test_save_and_reload(desmig_home: Path) -> None:
    settings = Settings()
    settings.set("ukuran_kertas", "F4")
    settings.set("rupiah_spasi", False)
    settings.set("nama_pengguna", "Rina Kusumawati; Koordinator = Desmigratif")
    settings.set("folder_ekspor", r"C:\Users\Rina\Documents\Desmig 2024")
    settings.save()

    again = Settings()
    assert current(again) == {
        "ukuran_kertas": "F4",
        "rupiah_spasi": False,
        "nama_pengguna": "Rina Kusumawati; Koordinator = Desmigratif",
        "folder_ekspor": r"C:\Users\Rina\Documents\Desmig 2024",
    }
    assert sorted(p.name for p in desmig_home.iterdir()) == ["pengaturan.ini"]
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(paths.settings_path(), encoding="utf-8")  # a readable INI file
    assert parser.get("desmig", "ukuran_kertas") == "F4"


def test_unsaved_changes_are_not_written() -> None:
    settings = Settings()
    settings.set("ukuran_kertas", "F4")
    assert settings.get("ukuran_kertas") == "F4"
    assert Settings().get("ukuran_kertas") == "A4"


def test_invalid_choice_is_refused() -> None:
    settings = Settings()
    with pytest.raises(ValidationError) as caught:
        settings.set("ukuran_kertas", "Letter")
    assert "A4" in caught.value.message and "F4" in caught.value.message
    assert caught.value.field
    assert settings.get("ukuran_kertas") == "A4"


def test_unknown_option_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        Settings().get("warna_tema")


@pytest.mark.parametrize(
    "content",
    [
        b"ini bukan berkas INI\nukuran_kertas = F4\n",  # no section header
        b"[desmig]\nukuran_kertas = F4\nukuran_kertas = A4\n",  # duplicate option
        b"[desmig]\nukuran_kertas = F4\n[desmig]\n",  # duplicate section
        b"\0" * 4096,  # zero-filled after a power cut
        bytes(range(256)) * 4,  # random damage
    ],
    ids=["no-section", "dup-option", "dup-section", "zeros", "binary"],
)
def test_corrupt_settings_file_falls_back_to_defaults(content: bytes) -> None:
    paths.settings_path().write_bytes(content)
    settings = Settings()
    assert current(settings) == DEFAULTS

    settings.set("ukuran_kertas", "F4")  # and the user can save over it
    settings.save()
    assert Settings().get("ukuran_kertas") == "F4"


def test_settings_file_saved_as_ansi_by_an_editor_does_not_stop_the_app() -> None:
    """Notepad on an older Windows saves cp1252: 'José' is not valid UTF-8."""
    paths.settings_path().write_bytes(
        b"[desmig]\nukuran_kertas = F4\nnama_pengguna = Jos\xe9 Ramos\n"
    )
    settings = Settings()  # must not raise
    assert settings.get("nama_pengguna") in ("", "José Ramos")
    assert settings.get("ukuran_kertas") in ("A4", "F4")
    assert settings.get("rupiah_spasi") is True
    settings.set("folder_ekspor", "D:\\Laporan")
    settings.save()
    assert Settings().get("folder_ekspor") == "D:\\Laporan"


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("ukuran_kertas", "Letter", "A4"),  # edited by hand to a value we don't offer
        ("rupiah_spasi", "ya", True),
        ("rupiah_spasi", "False", False),
        ("rupiah_spasi", "0", False),
        ("rupiah_spasi", "mungkin", True),  # not a yes/no value: the default
    ],
)
def test_values_edited_by_hand(key: str, raw: str, expected: object) -> None:
    paths.settings_path().write_text(f"[desmig]\n{key} = {raw}\n", encoding="utf-8")
    assert Settings().get(key) == expected
