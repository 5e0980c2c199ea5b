"""Compile the Qt Designer forms in ui/ into desmig_desktop/gui/forms/ with pyside6-uic.

Run after editing a .ui file:  uv run python build/compile_ui.py
tests/gui/test_forms_fresh.py fails when a committed module differs from what
this script would generate.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "desmig_desktop" / "gui" / "forms"
HEADER = (
    "# GENERATED from ui/{name} by build/compile_ui.py (pyside6-uic): do not edit.\n"
    "# Edit the .ui file in Qt Designer and run: uv run python build/compile_ui.py\n"
)


def _uic() -> str:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-uic"
    )
    if exe is None:
        raise SystemExit("pyside6-uic tidak ditemukan; jalankan lewat `uv run`.")
    return exe


def generate(ui_file: Path) -> str:
    """The module text for ``ui_file``, header included."""
    out = subprocess.run(
        [_uic(), "--generator", "python", "--no-autoconnection", str(ui_file)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # Drop uic's own banner (it names the Qt version and the absolute path).
    lines = out.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return HEADER.format(name=ui_file.name) + "\n" + "".join(lines)


def target_for(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    init = FORMS_DIR / "__init__.py"
    if not init.exists():
        init.write_text('"""Modules generated from ui/*.ui: do not edit."""\n', encoding="utf-8")
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target = target_for(ui_file)
        text = generate(ui_file)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"ditulis: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
