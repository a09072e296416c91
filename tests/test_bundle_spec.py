"""The bundle's build files, checked without building: what pyinstaller.spec keeps exists and is
what the program reads, the spec (run with PyInstaller's build steps recorded) makes a window and a
console program with their Windows version resource, the icon has the sizes Windows shows, every
bundled library has its licence text, and CI builds and smoke-tests the bundle after the README's
test command."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


support = _load("spec_support", REPO / "packaging" / "spec_support.py")


# -- data the spec keeps --------------------------------------------------------------------------
def test_the_pythainlp_and_babel_files_the_spec_keeps_exist():
    import babel
    import pythainlp

    corpus = Path(pythainlp.__file__).parent / "corpus"
    for name in support.PYTHAINLP_CORPUS:
        assert (corpus / name).is_file(), name
    locale_data = Path(babel.__file__).parent / "locale-data"
    for name in support.BABEL_LOCALES:
        assert (locale_data / f"{name}.dat").is_file(), name
    assert (Path(babel.__file__).parent / "global.dat").is_file()


_WATCH = r"""
import os, sys
opened = set()
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        p = os.fsdecode(args[0]).replace("\\", "/")
        for marker in ("/pythainlp/corpus/", "/babel/locale-data/"):
            if marker in p and not p.endswith((".py", ".pyc")):
                opened.add(marker.strip("/").split("/")[-1] + ":" + p.rsplit("/", 1)[-1])
sys.addaudithook(hook)
import datetime
from ita_desktop.domain.checks import _display_name
from ita_desktop.domain.fiscal import thai_date
from ita_desktop.pdf.thaibreak import ThaiBreaker
ThaiBreaker(frozenset({"ห้วยเตย"})).segments("องค์การบริหารส่วนตำบลห้วยเตยมีการประชุมประจำปีงบประมาณ")
_display_name("เขาวาวมีการรับรู้ของประชาชนมากขึ้นทุกปีงบประมาณ")
thai_date(datetime.date(2025, 3, 21))
thai_date(datetime.date(2025, 3, 21), abbreviated=True)
print(sorted(opened))
"""


def test_the_program_reads_only_the_pythainlp_and_babel_files_the_spec_keeps():
    """Line breaking, the checks' name display and Thai month names, in a fresh interpreter
    (nothing cached yet), open no PyThaiNLP corpus or Babel locale file the bundle leaves out."""
    proc = subprocess.run([sys.executable, "-c", _WATCH], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    opened = eval(proc.stdout.strip().splitlines()[-1])  # a list literal of strings
    corpus = {n.split(":", 1)[1] for n in opened if n.startswith("corpus:")}
    locales = {n.split(":", 1)[1].removesuffix(".dat") for n in opened if n.startswith("locale-data:")}
    assert {"words_th.txt", "stopwords_th.txt"} <= corpus, opened  # the watch works
    assert corpus <= set(support.PYTHAINLP_CORPUS), corpus - set(support.PYTHAINLP_CORPUS)
    assert "th" in locales and locales <= set(support.BABEL_LOCALES), locales


@pytest.mark.parametrize("dest, kept", [
    ("pythainlp/corpus/words_th.txt", True),
    ("pythainlp/corpus/thai2rom_encoder.onnx", False),
    ("pythainlp/corpus/__init__.pyc", True),
    ("babel/locale-data/th.dat", True),
    ("babel/locale-data/fr.dat", False),
    ("babel/global.dat", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6\\translations\\qtbase_de.qm", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", True),
    ("PySide6\\plugins\\imageformats\\qsvg.dll", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("resources/fonts/Laksaman.ttf", True),
])
def test_trimming_rules(dest, kept):
    assert support.keep_data(dest) is kept


def test_libraries_only_a_left_out_plugin_needs_are_left_out():
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/x/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ("libgtk-3.so.0", "/x/libgtk-3.so.0", "BINARY"),
        ("libpango-1.0.so.0", "/x/libpango-1.0.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/x/libglib-2.0.so.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("libsqlite3.so.0", "/x/libsqlite3.so.0", "BINARY"),
        ("PySide6\\opengl32sw.dll", "/x/opengl32sw.dll", "BINARY"),
    ]
    deps = {"/x/libqgtk3.so": ["libgtk-3.so.0", "libglib-2.0.so.0", "libQt6Gui.so.6"],
            "/x/libgtk-3.so.0": ["libpango-1.0.so.0"],
            "/x/libqxcb.so": ["libglib-2.0.so.0", "libQt6Gui.so.6"]}
    kept, dropped = support.prune_binaries(binaries, lambda src: [(n, None) for n in deps.get(src, [])])
    assert {Path(d).name for d, *_ in dropped} == {"libqgtk3.so", "libgtk-3.so.0", "libpango-1.0.so.0",
                                                   "PySide6\\opengl32sw.dll"}
    assert {Path(d).name for d, *_ in kept} == {"libqxcb.so", "libglib-2.0.so.0", "libQt6Gui.so.6",
                                                "libsqlite3.so.0"}


class _Recorder:
    """Stands in for one of PyInstaller's build steps (Analysis, PYZ, EXE, COLLECT) while the spec runs:
    keeps its arguments."""

    made: list[_Recorder] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.scripts, self.pure, self.datas, self.binaries = [], [], [], []
        _Recorder.made.append(self)


def _run_spec(monkeypatch, platform: str) -> dict[str, list[_Recorder]]:
    """Run pyinstaller.spec as PyInstaller would on ``platform`` ("linux", "win32"), with its build steps
    recorded instead of run; returns the recorded steps by kind."""
    import PyInstaller.compat
    import PyInstaller.depend.bindepend  # noqa: F401 (imported before the platform is changed)
    import PyInstaller.utils.hooks  # noqa: F401

    kinds = {name: type(name, (_Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    _Recorder.made = []
    code = compile((REPO / "pyinstaller.spec").read_text(encoding="utf-8"), "pyinstaller.spec", "exec")
    with monkeypatch.context() as mp:
        mp.setattr(PyInstaller.compat, "win32api", None, raising=False)  # Windows only (versioninfo)
        mp.setattr(sys, "path", list(sys.path))  # the spec adds the repository
        mp.setattr(sys, "platform", platform)
        exec(code, {"__name__": "__main__", "SPECPATH": str(REPO), **kinds})
    return {name: [r for r in _Recorder.made if type(r).__name__ == name] for name in kinds}


def _strings(info) -> dict[str, str]:
    """The StringFileInfo entries of a VSVersionInfo: name → value."""
    (table,) = [t for kid in info.kids if type(kid).__name__ == "StringFileInfo" for t in kid.kids]
    assert table.name == "040904B0"  # US English, Unicode: what Explorer's Details tab reads
    return {s.name: s.val for s in table.kids}


def _file_version(info) -> tuple[int, int, int, int]:
    ffi = info.ffi
    return (ffi.fileVersionMS >> 16, ffi.fileVersionMS & 0xFFFF, ffi.fileVersionLS >> 16, ffi.fileVersionLS & 0xFFFF)


def test_the_spec_builds_a_window_and_a_console_program_from_one_entry_into_one_folder(monkeypatch):
    steps = _run_spec(monkeypatch, "linux")
    (analysis,) = steps["Analysis"]
    (entry,) = analysis.args[0]
    assert Path(entry) == REPO / "packaging" / "launch.py"
    gui, cli = steps["EXE"]
    assert (gui.kwargs["name"], gui.kwargs["console"]) == ("ita-desktop", False)
    assert (cli.kwargs["name"], cli.kwargs["console"]) == ("ita-desktop-cli", True)
    assert gui.kwargs["icon"] == cli.kwargs["icon"] and Path(gui.kwargs["icon"]).is_file()
    assert gui.kwargs["version"] is None  # a Windows resource only
    (collect,) = steps["COLLECT"]
    assert collect.kwargs["name"] == "ita-desktop" and collect.args[:2] == (gui, cli)
    datas = dict((dest, src) for src, dest in analysis.kwargs["datas"])
    assert Path(datas["resources"]) == REPO / "resources"  # the fonts, icons, translations, demo data
    assert analysis.kwargs["excludes"] == support.EXCLUDES and "pip" in support.EXCLUDES


def test_on_windows_each_program_gets_its_version_resource(monkeypatch):
    from ita_desktop import __version__

    gui, cli = _run_spec(monkeypatch, "win32")["EXE"]
    for exe, description in ((gui, "ITA Desktop"), (cli, "ITA Desktop (command line)")):
        strings = _strings(exe.kwargs["version"])
        assert strings["OriginalFilename"] == exe.kwargs["name"] + ".exe"
        assert strings["FileDescription"] == description
        assert strings["ProductVersion"] == strings["FileVersion"] == __version__


def test_the_entry_script_runs_the_command_line():
    from ita_desktop import __version__

    proc = subprocess.run([sys.executable, str(REPO / "packaging" / "launch.py"), "--version"], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"ITA Desktop {__version__}" in proc.stdout


def test_the_windows_version_resource_loads_back_as_pyinstaller_reads_it(tmp_path, monkeypatch):
    """``windows_version_info`` → its text form (what a ``version=`` file holds) → PyInstaller's loader:
    the same version and names. (Its binary form is packed with the C sizes of the machine that builds,
    so it is right only on Windows.)"""
    import PyInstaller.compat

    from ita_desktop import __version__

    monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)  # Windows only; not used here
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    info = support.windows_version_info(__version__, internal_name="ita-desktop",
                                        original_filename="ita-desktop.exe", description="ITA Desktop")
    text_file = tmp_path / "version.txt"
    text_file.write_text(str(info), encoding="utf-8")
    loaded = versioninfo.load_version_info_from_text_file(str(text_file))
    assert isinstance(loaded, versioninfo.VSVersionInfo)
    strings = _strings(loaded)
    assert strings["FileVersion"] == strings["ProductVersion"] == __version__
    assert strings["ProductName"] == strings["CompanyName"] == "ITA Desktop"
    assert strings["OriginalFilename"] == "ita-desktop.exe" and strings["InternalName"] == "ita-desktop"
    assert "GPL-2.0-or-later" in strings["LegalCopyright"] and "©" in strings["LegalCopyright"]
    assert _file_version(loaded) == support.version_tuple(__version__)
    assert loaded.ffi.productVersionMS == loaded.ffi.fileVersionMS
    assert loaded.ffi.productVersionLS == loaded.ffi.fileVersionLS
    (translation,) = [v for kid in loaded.kids if type(kid).__name__ == "VarFileInfo" for v in kid.kids]
    assert translation.kids == [0x0409, 1200]  # the language and code page of the string table above
    assert str(loaded) == str(info)


def test_version_numbers():
    from ita_desktop import __version__

    assert support.version_tuple(__version__)[:3] == tuple(int(x) for x in __version__.split(".")[:3])
    assert support.version_tuple("1.2") == (1, 2, 0, 0)
    assert support.version_tuple("1.2.0rc1") == (1, 2, 0, 1)
    with pytest.raises(ValueError):
        support.version_tuple("dev")


# -- the icon -----------------------------------------------------------------------------------
def test_the_icon_is_an_ico_with_the_sizes_windows_shows():
    from PIL import Image

    ico = REPO / "resources" / "icons" / "ita-desktop.ico"
    with Image.open(ico) as im:
        assert im.format == "ICO"
        sizes = im.info["sizes"]
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(sizes), sizes
    with Image.open(REPO / "resources" / "icons" / "ita-desktop.png") as png:
        assert png.size == (256, 256)


# -- licences -----------------------------------------------------------------------------------
def test_every_bundled_library_has_its_licence_text():
    folder = REPO / "resources" / "licences"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    names = support.runtime_distributions()
    assert "pyside6-essentials" in names and "pythainlp" in names and "pip" not in names
    for name in [*names, "qt", "python", "ita-desktop"]:
        path = folder / f"{name}.txt"
        assert path.is_file(), f"{path.name} missing: run tools/collect_licences.py"
        text = path.read_text(encoding="utf-8")
        assert "=====" in text and len(text) > 500, path.name  # a header and at least one licence text
        assert f"| {name}.txt |" in readme, name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (folder / "qt.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (folder / "pyside6-essentials.txt").read_text(encoding="utf-8")


# -- CI, dependencies ---------------------------------------------------------------------------
def _readme_test_command() -> str:
    spec = importlib.util.spec_from_file_location("fresh_machine", REPO / "tools" / "fresh_machine.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fresh_machine", module)
    spec.loader.exec_module(module)
    return module.readme_commands((REPO / "README.md").read_text(encoding="utf-8"))[-1]


def test_ci_builds_and_smoke_tests_the_bundle_after_the_readme_test_command():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_cmd = lines.index(_readme_test_command())
    build = lines.index(".venv/bin/python tools/build_bundle.py")
    assert build > test_cmd


def _pins(lock: str) -> dict[str, str]:
    """name → the rest of its line (``==version`` and any environment marker) in a lock file."""
    pins = {}
    for line in (REPO / lock).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)(==.*)$", line)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_the_build_tools_are_pinned_for_developers_only_and_no_lock_pins_pip():
    dev, runtime = _pins("requirements-dev.lock"), _pins("requirements.lock")
    assert dev["pyinstaller"].startswith("==6.") and "pyinstaller" not in runtime
    # pefile: PyInstaller needs it on Windows only; on every platform the tests read the version resource
    assert re.fullmatch(r"==[\d.]+", dev["pefile"]) and "pefile" not in runtime
    # pip cannot replace itself on Windows (.venv\Scripts\pip install -r … fails when a lock pins it)
    assert "pip" not in dev and "pip" not in runtime


def test_pythainlp_writes_nothing_in_the_home_folder(tmp_path):
    """Importing the program and tokenising Thai leaves the clerk's home folder as it was
    (PyThaiNLP would create ~/pythainlp-data)."""
    import os

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}
    env.update(HOME=str(home), USERPROFILE=str(home))
    code = ("import ita_desktop\nfrom ita_desktop.pdf.thaibreak import ThaiBreaker\n"
            "print(len(ThaiBreaker().segments('หน่วยงานเผยแพร่ข้อมูล')))")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert list(home.iterdir()) == []
