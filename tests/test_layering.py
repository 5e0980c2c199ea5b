"""Arrows point down (DESIGN.md, STYLE.md rule 1): nothing below the GUI needs Qt.

A fresh interpreter imports every non-GUI package, opens a new database (running the
Alembic migrations), fills the demo and runs a CLI command, and must never load PySide6.
The sources are also scanned, so that an import hidden in a rarely used function is
caught as well.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desmig_desktop"
QT_ROOTS = ("PySide6", "shiboken6")

_SCRIPT = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    from pathlib import Path

    imported = []
    for name in ("domain", "db", "services", "exports", "imports"):
        package = importlib.import_module(f"desmig_desktop.{name}")
        imported.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    for name in ("cli", "paths", "resources", "settings", "logsetup"):
        imported.append(importlib.import_module(f"desmig_desktop.{name}").__name__)

    from desmig_desktop import cli
    from desmig_desktop.db.migrate import open_database
    from desmig_desktop.services.demo import fill_demo
    from desmig_desktop.services.uow import UnitOfWork

    target = Path(sys.argv[1])
    db = open_database(target)
    with UnitOfWork(db) as uow:
        counts = fill_demo(uow)
    db.close()
    status = cli.main(["--db", str(target), "check"])

    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"imported": imported, "counts": counts, "status": status, "qt": qt}))
    """
)


def test_nothing_below_the_gui_loads_qt(tmp_path: Path, desmig_home: Path) -> None:
    env = {**os.environ, "DESMIG_HOME": str(desmig_home)}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "lapisan.db")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["qt"] == []
    assert report["status"] == 0
    assert report["counts"]["desa"] > 0
    imported = set(report["imported"])
    for expected in (
        "desmig_desktop.domain.formatting",
        "desmig_desktop.db.models",
        "desmig_desktop.db.migrate",
        "desmig_desktop.services.kantor",
        "desmig_desktop.exports",
        "desmig_desktop.imports",
        "desmig_desktop.cli",
    ):
        assert expected in imported


# --- the same rules, read from the sources -------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports (relative imports resolved), with its line."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def _sources(*areas: str) -> list[Path]:
    files: list[Path] = []
    for area in areas:
        where = PACKAGE / area
        files += sorted(where.rglob("*.py")) if where.is_dir() else [where.with_suffix(".py")]
    return [f for f in files if f.is_file()]


def _violations(files: list[Path], forbidden) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for path in files:
        for line, name in _imports(path):
            if forbidden(name):
                out.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return out


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_no_module_outside_the_gui_imports_qt() -> None:
    outside_gui = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert len(outside_gui) > 20
    bad = _violations(outside_gui, lambda name: _under(name, *QT_ROOTS))
    assert bad == []


def test_domain_imports_nothing_of_ours_but_domain() -> None:
    files = _sources("domain")
    assert files
    bad = _violations(
        files,
        lambda name: _under(name, "desmig_desktop") and not _under(name, "desmig_desktop.domain"),
    )
    assert bad == []


@pytest.mark.parametrize(
    ("areas", "forbidden"),
    [
        (("db",), ("desmig_desktop.services", "desmig_desktop.gui", "desmig_desktop.cli")),
        (("services",), ("desmig_desktop.gui", "desmig_desktop.cli")),
        (
            ("exports", "imports"),
            (
                "desmig_desktop.db",
                "desmig_desktop.services",
                "desmig_desktop.gui",
                "desmig_desktop.cli",
                "sqlalchemy",
            ),
        ),
        (("cli", "paths", "resources", "settings", "logsetup"), ("desmig_desktop.gui",)),
    ],
    ids=["db", "services", "exports-imports", "top-level"],
)
def test_arrows_point_down(areas: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    files = _sources(*areas)
    assert files
    assert _violations(files, lambda name: _under(name, *forbidden)) == []


def test_the_scanner_sees_a_qt_import() -> None:
    """The scan itself must be able to fail."""
    pretend = PACKAGE / "services" / "contoh.py"
    source = "def f():\n    from PySide6.QtCore import QObject\n    from ..domain import errors\n"
    found = _imports(pretend, source)
    assert (2, "PySide6.QtCore") in found
    assert (3, "desmig_desktop.domain") in found
    assert (3, "desmig_desktop.domain.errors") in found
