"""Shared parts of the benchmark harness: the work folder, child processes and statistics.

Every sample is one fresh child process (``python bench/_child.py TASK ARGS``) that prints
one line ``BENCH-RESULT {json}`` on stdout; the parent keeps the figures. Nothing here
imports the application.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
CHILD = BENCH_DIR / "_child.py"
MARKER = "BENCH-RESULT "
DEFAULT_WORK = BENCH_DIR / ".work"


def ensure_work(path: Path) -> Path:
    """Create the work folder; it ignores itself (a ``.gitignore`` of ``*`` inside)."""
    path.mkdir(parents=True, exist_ok=True)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# benchmark data (bench/run.py): never committed\n*\n")
    (path / "home").mkdir(exist_ok=True)
    (path / "out").mkdir(exist_ok=True)
    return path


def child_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DESMIG_HOME"] = str(work / "home")  # logs, backups and settings of the children
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    path = [str(ROOT), str(BENCH_DIR)]
    if env.get("PYTHONPATH"):
        path.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(path)
    return env


class ChildFailed(RuntimeError):
    pass


def run_child(
    task: str, args: dict[str, Any], work: Path, *, timeout: float = 1800
) -> dict[str, Any]:
    """Run one child and return its result; ``spawn`` (parent clock) is added.

    ``spawn`` is ``time.time()`` just before the process is created, so a child that
    reports ``time.time()`` at some moment gives the wall time since spawn.
    """
    cmd = [sys.executable, str(CHILD), task, json.dumps(args)]
    spawn = time.time()
    proc = subprocess.run(
        cmd,
        env=child_env(work),
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    ended = time.time()
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER) :])
    if proc.returncode != 0 or result is None:
        tail = (proc.stderr or proc.stdout)[-3000:]
        raise ChildFailed(f"{task} failed (exit {proc.returncode}):\n{tail}")
    result["spawn"] = spawn
    result["wall"] = ended - spawn
    return result


@dataclass
class Figure:
    """The samples of one measured figure (seconds unless ``unit`` says otherwise)."""

    name: str
    unit: str = "s"
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    def text(self) -> str:
        if not self.samples:
            return "—"
        fmt = _fmt(self.unit)
        med = fmt(statistics.median(self.samples))
        return f"{med} [{fmt(min(self.samples))}..{fmt(max(self.samples))}]"


def _fmt(unit: str):  # type: ignore[no-untyped-def]
    if unit == "s":
        return lambda v: f"{v:.3f}" if v < 10 else f"{v:.2f}"
    if unit == "ms":
        return lambda v: f"{v:.2f}" if v < 100 else f"{v:.0f}"
    if unit == "MiB":
        return lambda v: f"{v:.0f}"
    return lambda v: f"{v:g}"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def format_table(rows: Sequence[tuple[str, str, str]], title: str = "") -> str:
    """A plain text table of (figure, value, note)."""
    head = ("figure", "median [min..max]", "unit")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    out = [title] if title else []
    out.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    out.append(line)
    for r in rows:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(out)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def log(text: str) -> None:
    print(text, flush=True)
