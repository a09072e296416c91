"""The bundle's build files, checked without building: what pyinstaller.spec keeps exists and is
what the program reads, the icon has the sizes Windows shows, every bundled library has its licence
text, and CI builds and smoke-tests the bundle after the README's test command."""

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


def test_the_spec_builds_two_programs_from_one_entry_with_the_version_of_the_package():
    from ita_desktop import __version__

    spec = (REPO / "pyinstaller.spec").read_text(encoding="utf-8")
    compile(spec, "pyinstaller.spec", "exec")
    assert re.search(r'_exe\("ita-desktop", False,', spec) and re.search(r'_exe\("ita-desktop-cli", True,', spec)
    assert "packaging\" / \"launch.py" in spec and "from ita_desktop import __version__" in spec
    launch = (REPO / "packaging" / "launch.py").read_text(encoding="utf-8")
    assert "from ita_desktop.cli import main" in launch
    strings = support.version_strings(__version__, internal_name="ita-desktop",
                                      original_filename="ita-desktop.exe", description="ITA Desktop")
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["CompanyName"] == strings["ProductName"] == "ITA Desktop"
    assert "GPL-2.0-or-later" in strings["LegalCopyright"]
    assert support.version_tuple(__version__)[:3] == tuple(int(x) for x in __version__.split(".")[:3])
    assert support.version_tuple("1.2") == (1, 2, 0, 0)


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
def test_ci_builds_and_smoke_tests_the_bundle_after_the_readme_test_command():
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_cmd = next(i for i, l in enumerate(lines) if l.startswith("python3 -m venv .venv") and "pytest" in l)
    build = next(i for i, l in enumerate(lines) if l.strip() == ".venv/bin/python tools/build_bundle.py")
    assert build > test_cmd
    assert re.search(r"\bbinutils\b", "\n".join(lines[:test_cmd]))


def test_pyinstaller_is_a_pinned_dev_dependency_only():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    dev = pyproject.split("[dependency-groups]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'"pyinstaller>=6[^"]*,<7"', dev), dev
    assert re.search(r"^pyinstaller==6\.", (REPO / "requirements-dev.lock").read_text(encoding="utf-8"), re.M)
    assert "pyinstaller" not in (REPO / "requirements.lock").read_text(encoding="utf-8")
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "dist/" in ignored and "build/" in ignored


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
