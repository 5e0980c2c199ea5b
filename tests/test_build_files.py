"""The packaging files agree with each other and with the house rules (no bundle is built).

build/desmig.spec is executed with stand-ins for PyInstaller's Analysis/EXE/COLLECT, so
its data list, excludes and options are checked as PyInstaller would receive them. The
installer script is compiled by makensis when it is installed (against a tiny stand-in
bundle, in well under a second). The real build and its frozen smoke test are
``uv run --group build python build/build_app.py`` (README, Pengembangan).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SPEC = BUILD / "desmig.spec"
NSI = BUILD / "installer.nsi"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
ICO = ROOT / "resources" / "icons" / "desmig.ico"


class _Recorder:
    """Stands for a PyInstaller build target: keeps the arguments it was given."""

    calls: list[_Recorder]

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[object] = []
        self.scripts: list[object] = []
        self.calls.append(self)


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The spec's namespace after running it with recording stand-ins."""
    calls: dict[str, list[_Recorder]] = {}

    def target(name: str) -> type[_Recorder]:
        calls[name] = []
        return type(name, (_Recorder,), {"calls": calls[name]})

    work = tmp_path_factory.mktemp("work")
    fake_bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    fake_bindepend.get_imports = lambda filename, search_paths=None: set()  # type: ignore[attr-defined]
    namespace: dict[str, object] = {
        "__file__": str(SPEC),
        "__name__": "__main__",
        "SPECPATH": str(BUILD),
        "workpath": str(work),
        "distpath": str(work / "dist"),
        **{name: target(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT")},
    }
    saved = {k: sys.modules.get(k) for k in ("PyInstaller", "PyInstaller.depend")}
    sys.modules.setdefault("PyInstaller", types.ModuleType("PyInstaller"))
    sys.modules.setdefault("PyInstaller.depend", types.ModuleType("PyInstaller.depend"))
    old = sys.modules.get("PyInstaller.depend.bindepend")
    sys.modules["PyInstaller.depend.bindepend"] = fake_bindepend
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        if old is None:
            del sys.modules["PyInstaller.depend.bindepend"]
        else:
            sys.modules["PyInstaller.depend.bindepend"] = old
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
    namespace["_calls"] = calls
    namespace["_work"] = work
    return namespace


def _one(spec: dict[str, object], name: str) -> _Recorder:
    calls = spec["_calls"][name]  # type: ignore[index]
    assert len(calls) == 1, f"{name} called {len(calls)} times"
    return calls[0]


# --- the spec ----------------------------------------------------------------------------


def test_spec_is_one_folder_windowed_with_icon_and_no_upx(spec: dict[str, object]) -> None:
    exe = _one(spec, "EXE").kwargs
    coll = _one(spec, "COLLECT").kwargs
    assert exe["console"] is False
    assert exe["exclude_binaries"] is True  # one folder: binaries go to COLLECT
    assert exe["upx"] is False and coll["upx"] is False
    assert exe["name"] == coll["name"] == "desmig-desktop"
    assert Path(str(exe["icon"])) == ICO and ICO.is_file()
    assert "upx=True" not in SPEC.read_text(encoding="utf-8").replace(" ", "")


def test_spec_starts_the_app_through_a_generated_launcher(spec: dict[str, object]) -> None:
    (script,) = _one(spec, "Analysis").args[0]  # type: ignore[misc]
    launcher = Path(script)
    assert launcher.parent == Path(spec["_work"])  # type: ignore[arg-type]
    text = launcher.read_text(encoding="utf-8")
    assert "from desmig_desktop.gui.app import main" in text
    assert "sys.exit(main())" in text


def test_spec_writes_the_version_resource_into_the_work_folder(spec: dict[str, object]) -> None:
    from desmig_desktop import __version__

    version_file = Path(spec["_work"]) / "version_info.txt"  # type: ignore[arg-type]
    text = version_file.read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('CompanyName', 'Desmig')" in text
    assert "StringStruct('ProductName', 'Desmig Desktop')" in text
    # passed to EXE on Windows (PyInstaller ignores it elsewhere, with a warning)
    assert "version=str(VERSION_FILE) if WINDOWS else None" in SPEC.read_text(encoding="utf-8")
    assert not (BUILD / "version_info.txt").exists()  # generated, never beside the spec


def test_spec_bundles_resources_and_migrations(spec: dict[str, object]) -> None:
    datas = _one(spec, "Analysis").kwargs["datas"]
    targets = {Path(dest).as_posix() for _src, dest in datas}  # type: ignore[union-attr]
    sources = {Path(src).resolve() for src, _dest in datas}  # type: ignore[union-attr]
    for folder in ("resources/fonts", "resources/wilayah", "resources/icons"):
        assert folder in targets
    assert ROOT / "resources" / "wilayah" / "wilayah.csv.gz" in sources
    assert ROOT / "resources" / "fonts" / "LiberationSans-Regular.ttf" in sources
    migrations = ROOT / "desmig_desktop" / "db" / "migrations"
    assert migrations / "env.py" in sources
    for script in (migrations / "versions").glob("*.py"):
        assert script in sources, script
    assert "desmig_desktop/db/migrations/versions" in targets
    assert not any("__pycache__" in str(s) or s.suffix == ".pyc" for s in sources)


def test_bundle_paths_are_the_ones_the_resources_helper_looks_for(
    spec: dict[str, object],
) -> None:
    import inspect

    from desmig_desktop import resources

    source = inspect.getsource(resources)
    assert 'Path(bundle) / "resources"' in source
    assert 'Path(bundle) / "desmig_desktop" / "db" / "migrations"' in source
    datas = _one(spec, "Analysis").kwargs["datas"]
    assert ("resources/wilayah") in {Path(d).as_posix() for _s, d in datas}  # type: ignore[union-attr]


def test_spec_excludes_unused_qt_but_not_what_the_app_imports(spec: dict[str, object]) -> None:
    excludes = set(_one(spec, "Analysis").kwargs["excludes"])  # type: ignore[arg-type]
    used = set()
    for path in (ROOT / "desmig_desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "the app imports some Qt module"
    assert not {f"PySide6.{m}" for m in used} & excludes
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtPdf", "QtSql", "QtSvg", "QtWebEngineCore"):
        assert f"PySide6.{unused}" in excludes
    assert "tkinter" in excludes


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6\\Qt6Core.dll", True),
        ("PySide6\\Qt6Widgets.dll", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("resources/fonts/LiberationSans-Regular.ttf", True),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\Qt6Quick.dll", False),
        ("PySide6\\Qt6QuickControls2.dll", False),
        ("PySide6\\Qt6Network.dll", False),
        ("PySide6\\Qt6Pdf.dll", False),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6\\plugins\\imageformats\\qsvg.dll", False),
        ("PySide6\\translations\\qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ],
)
def test_spec_drops_unused_qt_files(spec: dict[str, object], dest: str, kept: bool) -> None:
    keep = spec["keep"]
    assert keep((dest, "/src", "BINARY")) is kept  # type: ignore[operator]
    if not kept:  # a Linux symlink to a dropped file goes too
        assert keep(("libX.so", dest, "SYMLINK")) is False  # type: ignore[operator]


# --- the version resource ----------------------------------------------------------------


def test_version_resource_follows_the_package() -> None:
    sys.path.insert(0, str(BUILD))
    try:
        import version_info
    finally:
        sys.path.remove(str(BUILD))
    from desmig_desktop import APP_NAME, ORG_NAME, __version__

    assert version_info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_info.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert version_info.version_tuple("2.0") == (2, 0, 0, 0)
    values = version_info.strings()
    assert values["ProductVersion"] == values["FileVersion"] == __version__
    assert values["ProductName"] == APP_NAME and values["CompanyName"] == ORG_NAME
    assert values["OriginalFilename"] == "desmig-desktop.exe"
    text = version_info.text()
    numbers = version_info.version_tuple(__version__)
    assert f"filevers={numbers}" in text and f"prodvers={numbers}" in text
    assert "'042104b0'" in text  # Indonesian, Unicode


# --- the installer -----------------------------------------------------------------------


def _nsi() -> str:
    return NSI.read_text(encoding="utf-8")


def _code_lines(text: str) -> list[str]:
    return [
        line.strip() for line in text.splitlines() if line.strip() and line.strip()[0] not in ";#"
    ]


def test_installer_is_per_user_in_indonesian() -> None:
    lines = _code_lines(_nsi())
    assert "RequestExecutionLevel user" in lines
    assert '!insertmacro MUI_LANGUAGE "Indonesian"' in lines
    assert sum(line.startswith("!insertmacro MUI_LANGUAGE") for line in lines) == 1
    assert any(re.match(r'InstallDir "\$LOCALAPPDATA\\Programs\\', line) for line in lines)
    assert not any("HKLM" in line or "$PROGRAMFILES" in line for line in lines)
    assert not any(line.startswith("SetShellVarContext all") for line in lines)
    assert '!define MUI_ICON "..\\resources\\icons\\desmig.ico"' in lines


def test_installer_has_start_menu_and_optional_desktop_shortcut() -> None:
    text = _nsi()
    assert 'CreateShortcut "$SMPROGRAMS\\' in text
    desktop = re.search(r'Section "([^"]+)" SecDesktop\n(.*?)SectionEnd', text, re.S)
    assert desktop, "a desktop-shortcut section of its own"
    assert not desktop.group(1).startswith("-")  # visible on the components page
    assert "SectionIn RO" not in desktop.group(2)  # optional
    assert 'CreateShortcut "$DESKTOP\\' in desktop.group(2)
    assert "!insertmacro MUI_PAGE_COMPONENTS" in text


def test_uninstaller_leaves_the_data_folder() -> None:
    uninstall = re.search(r'Section "Uninstall"\n(.*?)SectionEnd', _nsi(), re.S)
    assert uninstall
    removals = [
        line
        for line in _code_lines(uninstall.group(1))
        if line.split()[0] in ("Delete", "RMDir", "DeleteRegKey", "DeleteRegValue")
    ]
    assert removals
    allowed = ("$INSTDIR\\", "$SMPROGRAMS\\", "$DESKTOP\\", "HKCU")
    for line in removals:
        argument = line.split(None, 1)[1].removeprefix("/r ").strip('"')
        assert argument.startswith(allowed) or argument == "$INSTDIR", line
        assert "Desmig\\Desmig Desktop" not in argument, line  # the data folder
        assert "$APPDATA" not in argument and "$LOCALAPPDATA" not in argument, line
    assert 'RMDir "$INSTDIR"' in removals  # only when empty
    assert not any(line.startswith('RMDir /r "$INSTDIR"') for line in removals)


def test_installer_compiles_with_makensis(tmp_path: Path) -> None:
    makensis = shutil.which("makensis")
    assert makensis is not None, "makensis is missing: apt-get install nsis (.ci/run does)"
    dist = tmp_path / "desmig-desktop"
    (dist / "_internal").mkdir(parents=True)
    (dist / "desmig-desktop.exe").write_bytes(b"MZ stand-in")
    (dist / "_internal" / "base_library.zip").write_bytes(b"stand-in")
    out = tmp_path / "DesmigDesktop-uji-setup.exe"
    result = subprocess.run(
        [makensis, "-V2", f"-DDIST_DIR={dist}", f"-DOUTFILE={out}", "-DCOMPRESSOR=zlib", str(NSI)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    assert out.read_bytes()[:2] == b"MZ"


# --- the workflow ------------------------------------------------------------------------


def _pins() -> dict[str, str]:
    text = WORKFLOW.read_text(encoding="utf-8")
    block = re.search(r"<<'PINS'\n(.*?)\n\s*PINS\n", text, re.S)
    assert block, "the workflow lists its pinned packages between <<'PINS' and PINS"
    pins = {}
    for line in block.group(1).splitlines():
        m = re.fullmatch(
            r"\s*([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)(\s*;\s*sys_platform == '\w+')?", line
        )
        assert m, f"not name==version: {line!r}"
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_workflow_builds_on_windows_for_every_tag() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"^\s+tags: \[\"\*\*\"\]", text, re.M)  # every tag
    assert re.search(r"^\s+runs-on: windows-\d{4}$", text, re.M)  # a pinned image
    assert "build\\build_app.py --installer" in text
    assert "build/dist/DesmigDesktop-*-setup.exe" in text


def test_workflow_pins_names_and_versions_without_addresses() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert not re.search(r"https?://|ftp://|\bgit\+|\.whl\b|\.tar\.gz\b", text)
    for action in re.findall(r"uses:\s*(\S+)", text):
        assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+(\.\d+)*", action), action
    assert re.search(r'PYTHON_VERSION: "3\.11\.\d+"', text)
    assert re.search(r'NSIS_VERSION: "\d+\.\d+"', text)


def test_workflow_pins_agree_with_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = _pins()
    exact = [
        *project["project"]["dependencies"],
        *project["dependency-groups"]["build"],
    ]
    for requirement in exact:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", requirement)
        if m:
            assert pins.get(m.group(1).lower()) == m.group(2), requirement
    for requirement in project["project"]["dependencies"]:
        name = re.split(r"[<>=!~ ]", requirement)[0].lower()
        assert name in pins, f"{name} is not pinned in the workflow"
    assert "pyinstaller" in pins and "pefile" in pins  # PyInstaller's Windows needs


def test_build_group_pins_pyinstaller() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = project["dependency-groups"]["build"]
    assert any(re.fullmatch(r"pyinstaller==\d+\.\d+\.\d+", r) for r in build), build
    assert all("://" not in r for r in build)


# --- the rest ----------------------------------------------------------------------------


def test_build_output_folders_are_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/build/work/" in ignored and "/build/dist/" in ignored


def test_icon_is_a_small_multi_size_ico() -> None:
    data = ICO.read_bytes()
    assert len(data) < 64 * 1024
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 4
    sizes = set()
    for i in range(count):
        width, _h, _c, _r, _planes, bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert bits == 32 and offset + size <= len(data)
        sizes.add(width or 256)
    assert {16, 32, 48, 256} <= sizes
    png = ICO.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_readme_tells_users_and_developers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Untuk pengguna" in readme
    users = readme.split("## Untuk pengguna", 1)[1].split("\n## ", 1)[0]
    for word in ("Unduh", "%LOCALAPPDATA%\\Desmig\\Desmig Desktop", "cadangan"):
        assert word in users, word
    assert "build/build_app.py" in readme
