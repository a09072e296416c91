"""What goes into the PyInstaller bundle: the rules ``pyinstaller.spec`` applies, in one place.

Loaded by file path (``packaging/`` is not a Python package: the name would hide
the ``packaging`` library) from ``pyinstaller.spec``, ``tools/collect_licences.py``,
``tools/build_bundle.py`` and ``tests/test_bundle_spec.py``::

    spec = importlib.util.spec_from_file_location("spec_support", ROOT / "packaging" / "spec_support.py")

Imports no PyInstaller at module level (the tests run without building), no Qt.

Destination paths (``dest``) are the paths inside the bundle's ``_internal``
folder (``sys._MEIPASS``), with ``/`` or ``\\`` separators.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"

#: PyThaiNLP corpus files the program reads (found by watching ``open`` calls while
#: rendering the demo pack and running the checks; proved by the frozen smoke test):
#: ``pythainlp.corpus.common.thai_words()`` (thaibreak.py) and
#: ``pythainlp.corpus.thai_stopwords()`` (domain/checks.py).  ``word_tokenize(engine="newmm")``
#: reads no file of its own; without ``custom_dict`` it uses thai_words().
PYTHAINLP_CORPUS = ("words_th.txt", "stopwords_th.txt", "corpus_license.md")

#: Babel locale data: ``babel.dates.get_month_names(locale="th")`` loads th.dat and its
#: parent root.dat, and global.dat (always).  en.dat for an English month name, should one
#: ever be asked for.
BABEL_LOCALES = ("th", "en", "root")

#: Qt plugins kept, per plugin folder (file stems without ``lib`` and the extension);
#: ``None`` keeps the whole folder; a folder not named here is left out.
#: platforms: the Windows window (qwindows), the Linux one (qxcb) and the headless ones
#: (offscreen for the smoke test, minimal).  The GTK3 platform theme is left out: it drags in
#: GTK, Pango, Cairo … (the window then uses Qt's own Fusion style and dialogs on Linux).
#: imageformats: JPEG (emblem and signature images may be JPEG; PNG is built into QtGui)
#: and ICO (the window icon).  No SVG, no printing (documents are PDFs), no network, no
#: Wayland/EGLFS/VNC, no SQL drivers (SQLite goes through Python), no QML.
QT_PLUGINS: dict[str, tuple[str, ...] | None] = {
    "platforms": ("qwindows", "qxcb", "qoffscreen", "qminimal"),
    "platformthemes": ("qxdgdesktopportal",),
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"),
    "xcbglintegrations": None,
    "imageformats": ("qjpeg", "qico"),
    "styles": None,  # Windows: qmodernwindowsstyle (the Windows 10/11 look)
}

#: Shared libraries left out by name. opengl32sw.dll (Windows, 20 MB) is Mesa's software
#: OpenGL, which Qt loads only for OpenGL content (QOpenGLWidget, Qt Quick) on a PC without
#: a GPU driver; the program's widgets paint without OpenGL.
DROP_BINARIES = ("opengl32sw.dll",)

#: Modules left out of the analysis: not used by the program, or only by code paths it
#: never takes (tkinter: a GUI toolkit; ssl: the program never goes online; readline:
#: interactive prompts; PySide6 modules beyond QtCore/QtGui/QtWidgets; test tools).
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data",
    "test", "tests", "pip", "setuptools", "pkg_resources", "distutils", "_distutils_hack", "wheel",
    "pytest", "_pytest", "pytestqt", "hypothesis", "IPython", "numpy", "pandas", "torch",
    "ssl", "_ssl", "readline",
    # Pillow formats the program never reads (emblems and signatures are PNG or JPEG):
    # AVIF and WebP bring 6 MB of libraries; Tk is left out above.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingtk", "PIL.ImageTk",
    "PySide6.QtNetwork", "PySide6.QtDBus", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvg", "PySide6.QtSvgWidgets", "PySide6.QtPrintSupport", "PySide6.QtQml",
    "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtHelp", "PySide6.QtDesigner", "PySide6.QtUiTools",
    "PySide6.QtNetworkAuth", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtStateMachine",
]

#: Modules imported lazily (inside functions) or found only at run time; PyInstaller
#: sees most of them anyway, listing them keeps the build honest if the imports move.
HIDDEN_IMPORTS = [
    "openpyxl", "et_xmlfile", "jsonschema", "jsonschema_specifications", "referencing",
    "pypdfium2", "pypdfium2_raw", "uharfbuzz", "reportlab.lib.rl_accel", "_rl_accel",
    "sqlite_utils", "sqlite_fts4", "PIL.JpegImagePlugin", "PIL.PngImagePlugin",
    "babel.dates", "pythainlp.corpus.common", "pythainlp.tokenize",
]

#: Runtime distributions whose code is not in the bundle: sqlite-utils depends on pip only for
#: its own ``install`` command, which the program never runs. (The lock files leave pip out,
#: ``uv export --no-emit-package pip``: pip cannot replace itself on Windows.)
NOT_BUNDLED = ("pip",)


def runtime_distributions(lock: Path = LOCK, *, bundled_only: bool = True) -> list[str]:
    """Names of the runtime distributions pinned in ``requirements.lock`` (as written there,
    e.g. ``pyside6-essentials``) whose environment marker holds on this machine, in file order.

    ``-e .`` (the program itself) is not included.  ``bundled_only`` leaves out NOT_BUNDLED.
    Raises FileNotFoundError when the lock file is missing.
    """
    from packaging.markers import Marker

    names = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==\S+(?:\s*;\s*(.+))?$", line.strip())
        if not m:
            continue
        name, marker = m.group(1), m.group(2)
        if marker and not Marker(marker).evaluate():
            continue
        if bundled_only and name in NOT_BUNDLED:
            continue
        names.append(name)
    return names


def _parts(dest: str) -> list[str]:
    return dest.replace("\\", "/").split("/")


def _stem(filename: str) -> str:
    stem = filename.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def qt_plugin(dest: str) -> tuple[str, str] | None:
    """``(folder, stem)`` when ``dest`` is a Qt plugin (``PySide6/Qt/plugins/platforms/libqxcb.so``
    on Linux, ``PySide6/plugins/platforms/qwindows.dll`` on Windows), else None."""
    p = _parts(dest)
    if len(p) >= 4 and p[0] == "PySide6" and "plugins" in p[1:3]:
        i = p.index("plugins", 1)
        if len(p) == i + 3:
            return p[i + 1], _stem(p[i + 2])
    return None


def keep_qt_plugin(dest: str) -> bool:
    """Whether the Qt plugin at ``dest`` stays in the bundle (QT_PLUGINS); True for non-plugins."""
    plugin = qt_plugin(dest)
    if plugin is None:
        return True
    folder, stem = plugin
    if folder not in QT_PLUGINS:
        return False
    wanted = QT_PLUGINS[folder]
    return wanted is None or stem in wanted


def keep_binary(dest: str) -> bool:
    """Whether a binary at ``dest`` stays for its own sake: not an unused Qt plugin, not in DROP_BINARIES."""
    return _parts(dest)[-1].lower() not in DROP_BINARIES and keep_qt_plugin(dest)


def keep_data(dest: str) -> bool:
    """Whether a collected file at ``dest`` stays: trims PyThaiNLP's corpus, Babel's
    locale data and Qt's translations (the program loads none) and unused Qt plugins."""
    p = _parts(dest)
    if p[-1].endswith((".py", ".pyc")):  # code (noarchive: modules are files too)
        return True
    if p[0] == "pythainlp" and len(p) >= 3 and p[1] == "corpus":
        return len(p) == 3 and p[2] in PYTHAINLP_CORPUS
    if p[0] == "babel" and len(p) >= 2 and p[1] == "locale-data":
        return len(p) == 3 and p[2].removesuffix(".dat") in BABEL_LOCALES
    if p[0] == "PySide6" and "translations" in p[1:3]:
        return False
    return keep_qt_plugin(dest)


def prune_binaries(binaries, imports_of) -> tuple[list, list]:
    """Drop the Qt plugins QT_PLUGINS leaves out and DROP_BINARIES, and the shared libraries only they needed.

    ``binaries``: PyInstaller TOC entries ``(dest, src, typecode)``;
    ``imports_of(src) -> iterable of library names`` (e.g. PyInstaller's
    ``bindepend.get_imports``; names compared by base name, case-insensitive).
    A library is dropped only when a dropped plugin needs it (directly or through
    another library) and nothing kept does.  Returns ``(kept, dropped)`` entries.
    """
    by_name = {}
    for entry in binaries:
        by_name.setdefault(_parts(entry[0])[-1].lower(), []).append(entry)

    def closure(starts):
        seen, todo = set(), list(starts)
        while todo:
            entry = todo.pop()
            if entry[0] in seen:
                continue
            seen.add(entry[0])
            try:
                names = [n for n, *_ in imports_of(entry[1])]
            except Exception:  # unreadable file: keep what it would need (nothing to follow)
                names = []
            for n in names:
                todo += by_name.get(_parts(str(n))[-1].lower(), [])
        return seen

    left_out = [e for e in binaries if not keep_binary(e[0])]
    candidates = closure(left_out) - {e[0] for e in left_out}
    roots = [e for e in binaries if keep_binary(e[0]) and e[0] not in candidates]
    needed = closure(roots)
    kept = [e for e in binaries if e[0] in needed]
    dropped = [e for e in binaries if e[0] not in needed]
    return kept, dropped


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)``: the four numbers of a Windows file version.
    Non-numeric suffixes (``1.2.0rc1``) are cut.  Raises ValueError when there is no number."""
    nums = [int(m) for m in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not nums:
        raise ValueError(f"no version number in {version!r}")
    return tuple((nums + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_strings(version: str, *, internal_name: str, original_filename: str,
                    description: str) -> dict[str, str]:
    """The StringFileInfo entries of a Windows version resource for one executable."""
    return {
        "CompanyName": "ITA Desktop",
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": internal_name,
        "LegalCopyright": "Copyright © the ITA Desktop authors. Licence: GPL-2.0-or-later",
        "OriginalFilename": original_filename,
        "ProductName": "ITA Desktop",
        "ProductVersion": version,
    }


def windows_version_info(version: str, *, internal_name: str, original_filename: str, description: str):
    """A ``PyInstaller.utils.win32.versioninfo.VSVersionInfo`` for ``EXE(version=...)``.

    Needs PyInstaller and pefile (dev dependencies on every platform). Its module
    ``PyInstaller.utils.win32.versioninfo`` imports ``win32api`` from ``PyInstaller.compat``,
    which exists on Windows only: elsewhere (the tests) set ``PyInstaller.compat.win32api``
    first; the text form (``str()``) is right everywhere, the binary one only on Windows."""
    from PyInstaller.utils.win32 import versioninfo as vi

    nums = version_tuple(version)
    strings = version_strings(version, internal_name=internal_name, original_filename=original_filename,
                              description=description)
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=nums, prodvers=nums, mask=0x3F, flags=0x0, OS=0x40004,
                             fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[
            vi.StringFileInfo([vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])]),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )
