"""The committed form modules are what pyside6-uic makes of ui/*.ui today."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _compile_ui_module():
    spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "build" / "compile_ui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compile_ui"] = module
    spec.loader.exec_module(module)
    return module


def test_every_form_is_compiled_and_fresh() -> None:
    compile_ui = _compile_ui_module()
    ui_files = sorted((ROOT / "ui").glob("*.ui"))
    assert ui_files, "ui/ holds no Designer forms"
    stale = []
    for ui_file in ui_files:
        target = compile_ui.target_for(ui_file)
        if not target.exists() or target.read_text(encoding="utf-8") != compile_ui.generate(
            ui_file
        ):
            stale.append(f"{target.relative_to(ROOT)} (from {ui_file.name})")
    assert not stale, (
        "generated forms are stale; run `uv run python build/compile_ui.py`: " + ", ".join(stale)
    )


def test_generated_forms_carry_the_do_not_edit_header() -> None:
    for module in (ROOT / "desmig_desktop" / "gui" / "forms").glob("ui_*.py"):
        first = module.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# GENERATED from ui/") and "do not edit" in first
