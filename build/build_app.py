"""Build the one-folder bundle with build/desmig.spec, smoke-test the frozen app, report figures.

    uv run --group build python build/build_app.py               # build + frozen smoke test
    uv run --group build python build/build_app.py --compare     # + start-up vs the source run
    uv run --group build python build/build_app.py --installer   # + NSIS installer (makensis)
    uv run --group build python build/build_app.py --no-build    # reuse build/dist
    uv run python build/build_app.py --make-icon                 # redraw resources/icons/

The bundle goes to build/dist/desmig-desktop/ (work files in build/work/; both ignored by
git). The smoke test runs the frozen program with a fresh data folder and database:
``desmig-desktop --smoke-test --db <tmp>/uji.db``. It must exit 0, create and migrate the
database, write one workbook and one PDF (it prints and logs an "ok:" line for each) and
log from its first line. A windowed Windows exe has no stdout, so the result is read from
its log file. On Linux without a display Qt's offscreen platform is used.

Figures printed: build time, bundle size (bytes, files, largest files), the frozen smoke
test's wall time (median of --runs) and, with --compare, the same for
``uv run desmig-desktop --smoke-test``; with --installer, the installer's size and time.
Exit status: 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "desmig.spec"
WORK = HERE / "work"
DIST = HERE / "dist"
APP = "desmig-desktop"
ICON_DIR = ROOT / "resources" / "icons"
IS_WINDOWS = sys.platform == "win32"

# The lines the smoke test prints (and logs) when it did its work.
SMOKE_LINES = ("ok: halaman Beranda", "ok: ekspor xlsx", "ok: ekspor pdf", "uji asap: berhasil")


def say(text: str) -> None:
    print(f"build_app: {text}", flush=True)


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


# --- build -----------------------------------------------------------------------------


def build() -> float:
    """Run PyInstaller with the spec (clean); return the wall time in seconds."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--workpath={WORK}",
        f"--distpath={DIST}",
        str(SPEC),
    ]
    say("pyinstaller " + " ".join(command[3:]))
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - start


def frozen_exe() -> Path:
    return DIST / APP / (APP + (".exe" if IS_WINDOWS else ""))


def bundle_figures(folder: Path) -> tuple[int, int, list[tuple[int, Path]]]:
    """Total bytes, number of files and the ten largest files of the bundle folder."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    sized = sorted(((p.stat().st_size, p) for p in files), reverse=True)
    return sum(s for s, _ in sized), len(files), sized[:10]


def du_sh(folder: Path) -> str:
    """``du -sh`` of the folder where du exists (disk usage, as the issue asks)."""
    if shutil.which("du"):
        out = subprocess.run(["du", "-sh", str(folder)], capture_output=True, text=True)
        if out.returncode == 0:
            return out.stdout.split()[0]
    return "-"


# --- smoke test --------------------------------------------------------------------------


def smoke_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, DESMIG_HOME=str(home))
    if not IS_WINDOWS and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_smoke(
    command: list[str], *, check_output: bool = True, bytecode_cache: bool = False
) -> tuple[float, list[str]]:
    """One smoke test in a fresh data folder; return (wall seconds, problems).

    ``bytecode_cache`` lets a source run read and write __pycache__ even where the
    environment sets PYTHONDONTWRITEBYTECODE (a frozen app always has compiled modules).
    """
    with tempfile.TemporaryDirectory(prefix="desmig-build-smoke-") as tmp:
        home, db = Path(tmp) / "data", Path(tmp) / "uji.db"
        env = smoke_env(home)
        if bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        result = subprocess.run(
            [*command, "--smoke-test", "--db", str(db)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=ROOT,
        )
        wall = time.perf_counter() - start
        problems = []
        if result.returncode != 0:
            problems.append(f"exit {result.returncode}")
        if not db.is_file() or db.stat().st_size == 0:
            problems.append("no database was created")
        log_file = home / "logs" / "desmig.log"
        log_text = log_file.read_text(encoding="utf-8") if log_file.is_file() else ""
        if not log_text:
            problems.append(f"no log file at {log_file}")
        if check_output:
            # The log carries every line (a windowed exe has no stdout); stdout where there is one.
            for line in SMOKE_LINES:
                if line not in log_text:
                    problems.append(f"the log lacks {line!r}")
                if not IS_WINDOWS and line not in result.stdout:
                    problems.append(f"stdout lacks {line!r}")
        if problems:
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
            sys.stderr.write(log_text[-4000:])
        return wall, problems


def source_command() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", APP]
    return [str(Path(sys.executable).parent / APP)]


def median_runs(
    name: str, command: list[str], runs: int, *, bytecode_cache: bool = False
) -> tuple[float, list[float], list[str]]:
    """A checked warm-up run (not timed: page cache, bytecode), then ``runs`` timed ones."""
    _wall, trouble = run_smoke(command, bytecode_cache=bytecode_cache)
    problems = [f"{name}: {p}" for p in trouble]
    walls = []
    for _ in range(runs):
        wall, trouble = run_smoke(command, check_output=False, bytecode_cache=bytecode_cache)
        walls.append(wall)
        problems += [f"{name}: {p}" for p in trouble]
    return statistics.median(walls), walls, problems


# --- installer ---------------------------------------------------------------------------


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found:
        return found
    if IS_WINDOWS:
        for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
            if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
                return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def build_installer(makensis: str) -> tuple[float, Path]:
    """Compile build/installer.nsi around build/dist/desmig-desktop; return (seconds, file)."""
    sys.path.insert(0, str(HERE))
    import version_info

    version = version_info.package_constants()["__version__"]
    out = DIST / f"DesmigDesktop-{version}-setup.exe"
    command = [
        makensis,
        "-V2",
        f"-DDIST_DIR={DIST / APP}",
        f"-DOUTFILE={out}",
        f"-DAPP_EXE={frozen_exe().name}",
        str(HERE / "installer.nsi"),
    ]
    say(" ".join(command[1:]))
    start = time.perf_counter()
    subprocess.run(command, cwd=HERE, check=True)
    return time.perf_counter() - start, out


# --- icon --------------------------------------------------------------------------------


def draw_icon(size: int):  # type: ignore[no-untyped-def]
    """The app icon at ``size`` px: a village house under a rising sun on a teal tile."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPolygonF

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64.0  # drawn on a 64-unit grid
    p.scale(s, s)
    p.setPen(Qt.PenStyle.NoPen)
    # tile
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    p.fillPath(tile, QBrush(QColor("#0f766e")))
    # sun, rising behind the roof
    p.setBrush(QColor("#f59e0b"))
    p.drawEllipse(QPointF(44, 22), 10, 10)
    # house: roof and body
    p.setBrush(QColor("#ffffff"))
    p.drawPolygon(QPolygonF([QPointF(10, 33), QPointF(30, 14), QPointF(50, 33)]))
    p.drawRect(QRectF(15, 32, 30, 20))
    # door
    p.setBrush(QColor("#0f766e"))
    p.drawRect(QRectF(26, 39, 8, 13))
    # ground line
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(8, 51, 48, 3), 1.5, 1.5)
    p.end()
    return image


def _png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _dib_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    """A 32-bit BGRA DIB as an ICO entry: header, bottom-up pixels, an empty AND mask."""
    w, h = image.width(), image.height()
    rows = [
        bytes(image.constScanLine(y))[: w * 4] for y in range(h - 1, -1, -1)
    ]  # ARGB32 in memory is B, G, R, A on little-endian machines: what a DIB wants
    if sys.byteorder != "little":  # pragma: no cover - every Windows and Linux PC here
        raise SystemExit("the icon writer assumes a little-endian machine")
    mask_row = ((w + 31) // 32) * 4
    pixels = b"".join(rows)
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    return header + pixels + bytes(mask_row * h)


def make_icon(sizes: tuple[int, ...] = (16, 24, 32, 48, 256)) -> tuple[Path, Path]:
    """Write resources/icons/desmig.ico (DIB entries, PNG for 256 px) and desmig.png."""
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])
    entries = []
    for size in sizes:
        image = draw_icon(size)
        entries.append((size, _png_bytes(image) if size >= 256 else _dib_bytes(image)))
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory, blobs = b"", b""
    for size, blob in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    ico, png = ICON_DIR / "desmig.ico", ICON_DIR / "desmig.png"
    ico.write_bytes(header + directory + blobs)
    png.write_bytes(_png_bytes(draw_icon(128)))
    return ico, png


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--no-build", action="store_true", help="reuse build/dist")
    p.add_argument("--runs", type=int, default=3, help="smoke-test runs to time (median)")
    p.add_argument("--compare", action="store_true", help="also time `uv run desmig-desktop`")
    p.add_argument("--installer", action="store_true", help="compile build/installer.nsi")
    p.add_argument("--make-icon", action="store_true", help="redraw resources/icons and stop")
    args = p.parse_args(argv)

    if args.make_icon:
        for made in make_icon():
            say(f"wrote {made.relative_to(ROOT)} ({made.stat().st_size} bytes)")
        return 0

    figures: list[str] = []
    problems: list[str] = []
    if not args.no_build:
        seconds = build()
        figures.append(f"build time: {seconds:.1f} s (pyinstaller --clean)")
    exe = frozen_exe()
    if not exe.is_file():
        say(f"no frozen program at {exe}")
        return 1
    total, count, largest = bundle_figures(exe.parent)
    figures.append(
        f"bundle: {mib(total)} in {count} files (du -sh {du_sh(exe.parent)}), {exe.parent}"
    )
    figures += [f"  {mib(size):>10}  {path.relative_to(exe.parent)}" for size, path in largest]

    frozen_median, frozen_walls, trouble = median_runs("frozen", [str(exe)], args.runs)
    problems += trouble
    figures.append(
        f"frozen smoke test: median {frozen_median:.2f} s of {args.runs} "
        f"[{', '.join(f'{w:.2f}' for w in frozen_walls)}]"
    )
    if args.compare:
        src_median, src_walls, trouble = median_runs(
            "source", source_command(), args.runs, bytecode_cache=True
        )
        problems += trouble
        figures.append(
            f"`uv run {APP}` smoke test (bytecode cached): "
            f"median {src_median:.2f} s of {args.runs} "
            f"[{', '.join(f'{w:.2f}' for w in src_walls)}]; "
            f"frozen/source = {frozen_median / src_median:.2f}"
        )
    if args.installer:
        makensis = find_makensis()
        if makensis is None:
            problems.append("makensis not found (apt-get install nsis / choco install nsis)")
        else:
            seconds, out = build_installer(makensis)
            figures.append(f"installer: {mib(out.stat().st_size)} in {seconds:.1f} s, {out}")

    for line in figures:
        say(line)
    for line in problems:
        say(f"FAILED: {line}")
    say("ok: the frozen app passed its smoke test" if not problems else "FAILED")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
