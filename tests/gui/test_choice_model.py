"""Combo boxes over a Python list model: values in, values out, no reference leak."""

from __future__ import annotations

import sys

import pytest

from desmig_desktop.gui.models import ChoiceModel, choice, choice_combo, choose, set_choices

pytestmark = pytest.mark.gui


def test_choice_model_passes_the_model_tester(qtmodeltester) -> None:
    model = ChoiceModel([("Semua desa", None), ("Tingkat kabupaten", ""), ("Betak", "35.04")])
    qtmodeltester.check(model)


def test_choices_keep_the_current_value_without_a_change_signal(qtbot) -> None:
    combo = choice_combo([("Semua", None), ("Betak", "35.04.14.2016"), ("Ngrejo", "35.04.14.2018")])
    qtbot.addWidget(combo)
    changes: list[int] = []
    combo.currentIndexChanged.connect(changes.append)
    assert choose(combo, "35.04.14.2018") and choice(combo) == "35.04.14.2018"
    assert combo.findData("35.04.14.2016") == 1  # findData works on the model's values
    changes.clear()
    set_choices(combo, [("Semua", None), ("Ngrejo", "35.04.14.2018"), ("Tanen", "35.04.14.2019")])
    assert choice(combo) == "35.04.14.2018" and combo.currentText() == "Ngrejo"
    assert changes == []
    set_choices(combo, [("Semua", None), ("Tanen", "35.04.14.2019")])  # gone: the first
    assert choice(combo) is None and combo.currentIndex() == 0
    assert not choose(combo, "99.99") and combo.currentIndex() == 0


def test_thousands_of_choices_do_not_drain_none(qtbot) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per ``addItem`` and per
    ``currentData()`` returning None; 28,000 such calls crash the interpreter. Refreshing
    a list of 5,000 villages through the model, and reading it, drops none."""
    combo = choice_combo()
    qtbot.addWidget(combo)
    villages = [(f"Desa {i}", f"35.04.{i:06d}") for i in range(5000)]
    before = sys.getrefcount(None)
    for _ in range(5):
        set_choices(combo, [("Semua desa", None), *villages])
        for _ in range(200):
            choice(combo)
    assert sys.getrefcount(None) >= before - 50


_DRAIN = """
import sys
import desmig_desktop.gui.models  # what every page imports
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
for _ in range(60_000):  # each call of a Qt method returning nothing drops a None
    app.processEvents()
print("ok")
"""


def test_none_outlives_the_pyside_reference_leak(tmp_path) -> None:
    import os
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESMIG_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", _DRAIN], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]
