"""What the program is made of: versions and licences of the program, Python, Qt, the bundled
font, the Thai word list and every library shipped with it (Help → About, support requests).

``components()`` lists them (``Component``); ``details_text()`` is the plain
text the About dialog's "Copy details" puts on the clipboard.

Versions of libraries come from their installed metadata
(``importlib.metadata``); a frozen build must copy the metadata of every
name in ``DISTRIBUTIONS`` (PyInstaller's ``copy_metadata``), else the
version shows as "unknown" (never an error). Licences are SPDX
expressions: from the metadata when it says one plainly
(``License-Expression``, or a ``License`` field that is one), else from
``LICENCES`` (curated for the ones whose metadata is vague). Licence texts
are read from ``resources/licences/<name>.txt`` (filled by the build's
``tools/collect_licences.py``) and, for the font, from ``resources/fonts``.

Imports no Qt (the GUI passes Qt's version in) and no SQLite database;
``sqlite3`` only for the SQLite library's version.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
import sqlite3
import struct
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from ita_desktop import __version__
from ita_desktop.i18n import N_, _
from ita_desktop.logs import os_description
from ita_desktop.resources import ResourceMissing, resource_root

UNKNOWN = "unknown"
PROGRAM_LICENCE = "GPL-2.0-or-later"
FONT_LICENCE = "GPL-2.0-or-later WITH Font-exception-2.0"
FONT_FILE = "Laksaman.ttf"


#: The runtime distributions of requirements.lock the program ships, with what each does
#: (English, translated when shown) and its home page. Not listed: pip (a dependency of
#: sqlite-utils' ``install`` command, which the program never runs or imports).
#: ``typing-extensions`` is installed only on Python < 3.13.
DISTRIBUTIONS: dict[str, tuple[str, str]] = {
    "PySide6-Essentials": (N_("Qt for Python: the window"), "https://pyside.org"),
    "shiboken6": (N_("used by {name}"), "https://pyside.org"),
    "reportlab": (N_("writes the PDF documents"), "https://www.reportlab.com/opensource/"),
    "rl-accel": (N_("speeds up {name}"), "https://pypi.org/project/rl-accel/"),
    "pythainlp": (N_("breaks Thai text into words"), "https://pythainlp.org"),
    "babel": (N_("translations of the window"), "https://babel.pocoo.org"),
    "sqlite-utils": (N_("database access"), "https://sqlite-utils.datasette.io"),
    "sqlite-fts4": (N_("used by {name}"), "https://github.com/simonw/sqlite-fts4"),
    "click": (N_("used by {name}"), "https://palletsprojects.com/p/click/"),
    "click-default-group": (N_("used by {name}"), "https://github.com/click-contrib/click-default-group"),
    "tabulate": (N_("used by {name}"), "https://github.com/astanin/python-tabulate"),
    "python-dateutil": (N_("used by {name}"), "https://github.com/dateutil/dateutil"),
    "pluggy": (N_("used by {name}"), "https://pluggy.readthedocs.io"),
    "uharfbuzz": (N_("places Thai vowels and tone marks (HarfBuzz)"), "https://github.com/harfbuzz/uharfbuzz"),
    "pypdf": (N_("joins the documents into the publication pack"), "https://pypdf.readthedocs.io"),
    "pypdfium2": (N_("draws the pages of the preview (PDFium)"), "https://github.com/pypdfium2-team/pypdfium2"),
    "jsonschema": (N_("checks office data files"), "https://python-jsonschema.readthedocs.io"),
    "jsonschema-specifications": (N_("used by {name}"),
                                  "https://github.com/python-jsonschema/jsonschema-specifications"),
    "referencing": (N_("used by {name}"), "https://referencing.readthedocs.io"),
    "rpds-py": (N_("used by {name}"), "https://github.com/crate-py/rpds"),
    "attrs": (N_("used by {name}"), "https://www.attrs.org"),
    "openpyxl": (N_("reads Excel spreadsheets"), "https://openpyxl.readthedocs.io"),
    "et-xmlfile": (N_("used by {name}"), "https://foss.heptapod.net/openpyxl/et_xmlfile"),
    "pillow": (N_("reads the emblem and signature images"), "https://python-pillow.org"),
    "charset-normalizer": (N_("used by {name}"), "https://github.com/jawah/charset_normalizer"),
    "tzdata": (N_("time zone data"), "https://github.com/python/tzdata"),
    "typing-extensions": (N_("used by several libraries"), "https://github.com/python/typing_extensions"),
}

#: Who uses each library that is there only for another one ("used by {name}").
USED_BY = {
    "shiboken6": "PySide6", "rl-accel": "ReportLab", "sqlite-fts4": "sqlite-utils", "click": "sqlite-utils",
    "click-default-group": "sqlite-utils", "tabulate": "sqlite-utils", "python-dateutil": "sqlite-utils",
    "pluggy": "sqlite-utils", "jsonschema-specifications": "jsonschema", "referencing": "jsonschema",
    "rpds-py": "jsonschema", "attrs": "jsonschema", "et-xmlfile": "openpyxl", "charset-normalizer": "ReportLab",
}

#: SPDX licences of the distributions whose metadata does not say one plainly.
LICENCES = {
    "PySide6-Essentials": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "shiboken6": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "reportlab": "BSD-3-Clause",
    "rl-accel": "BSD-3-Clause",
    "pythainlp": "Apache-2.0",
    "babel": "BSD-3-Clause",
    "sqlite-fts4": "Apache-2.0",
    "click-default-group": "BSD-3-Clause",
    "uharfbuzz": "Apache-2.0",
    "pypdfium2": "Apache-2.0 OR BSD-3-Clause",
    "openpyxl": "MIT",
    "et-xmlfile": "MIT",
    "tzdata": "Apache-2.0",
    "charset-normalizer": "MIT",
    "pluggy": "MIT",
}

_SPDX = re.compile(r"^\(?[A-Za-z0-9.+-]+(?: (?:OR|AND|WITH) \(?[A-Za-z0-9.+-]+\)?)*\)?$")


@dataclass(frozen=True)
class Component:
    """One part of the program as Help → About lists it.

    ``name``: its name ("ReportLab" style as the project spells it, or the
    distribution's name); ``version``: its version, or "unknown";
    ``licence``: an SPDX licence expression; ``role``: what it does for
    ITA Desktop, a few words in the UI language; ``url``: its home page;
    ``licence_file``: the bundled text of its licence, or None when the
    text is not bundled; ``more_files``: further licence texts it refers
    to (the GPL beside the font's licence).
    """

    name: str
    version: str
    licence: str
    role: str
    url: str
    licence_file: Path | None
    more_files: tuple[Path, ...] = ()

    def licence_text(self) -> str | None:
        """The text of ``licence_file`` and ``more_files`` (UTF-8, joined by a blank line and a rule),
        or None when none can be read."""
        texts = []
        for path in (self.licence_file, *self.more_files):
            if path is None:
                continue
            try:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        return ("\n\n" + "-" * 72 + "\n\n").join(texts) if texts else None


def _root() -> Path | None:
    try:
        return resource_root()
    except ResourceMissing:
        return None


def _bundled(*parts: str) -> Path | None:
    """``resources/<parts>`` when that file exists, else None."""
    root = _root()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.is_file() else None


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_file(name: str) -> Path | None:
    """The bundled licence text of ``name``: ``resources/licences/<name>.txt`` (the name as given,
    or normalised as pip does: lower case, runs of ``-_.`` as ``-``), or None."""
    for candidate in dict.fromkeys((name, _normalised(name))):
        path = _bundled("licences", f"{candidate}.txt")
        if path is not None:
            return path
    return None


def dist_version(name: str) -> str:
    """The installed version of distribution ``name``, or "unknown" when its metadata is missing."""
    try:
        return metadata.version(name) or UNKNOWN
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return UNKNOWN


def dist_licence(name: str) -> str:
    """The SPDX licence of distribution ``name``: the metadata's ``License-Expression``, else its
    ``License`` field when that is an SPDX expression, else ``LICENCES[name]``, else "unknown"."""
    try:
        meta = metadata.metadata(name)
    except (metadata.PackageNotFoundError, ValueError, OSError):
        meta = None
    if meta is not None:
        expression = (meta.get("License-Expression") or "").strip()
        if expression:
            return expression
        field = (meta.get("License") or "").strip()
        if name not in LICENCES and field and "\n" not in field and _SPDX.match(field):
            return field
    return LICENCES.get(name, UNKNOWN)


def font_version(path: Path) -> str:
    """The version of the TrueType font at ``path``: its ``name`` table's version string (name ID 5,
    "Version 004.001" → "004.001"), else ``head.fontRevision`` ("4.001"), else "unknown".

    Reads only the table directory, ``name`` and ``head``; never raises.
    """
    try:
        data = path.read_bytes()
        count = struct.unpack_from(">H", data, 4)[0]
        tables = {}
        for i in range(count):
            tag, _sum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            tables[tag] = (offset, length)
        if b"name" in tables:
            off, _len = tables[b"name"]
            _fmt, n, strings = struct.unpack_from(">HHH", data, off)
            found: dict[int, str] = {}
            for i in range(n):
                pid, eid, _lang, nid, length, where = struct.unpack_from(">6H", data, off + 6 + 12 * i)
                if nid != 5:
                    continue
                raw = data[off + strings + where: off + strings + where + length]
                if pid == 3 or pid == 0:
                    found.setdefault(0, raw.decode("utf-16-be", errors="replace"))
                elif pid == 1 and eid == 0:
                    found.setdefault(1, raw.decode("latin-1"))
            text = found.get(0) or found.get(1)
            if text and text.strip():
                text = text.strip()
                return re.sub(r"^version\s*", "", text, flags=re.IGNORECASE).split(";")[0].strip() or text
        if b"head" in tables:
            revision = struct.unpack_from(">i", data, tables[b"head"][0] + 4)[0] / 65536
            return f"{revision:.3f}"
    except (OSError, struct.error, ValueError):
        pass
    return UNKNOWN


def _harfbuzz_version() -> str:
    try:
        import uharfbuzz

        return uharfbuzz.version_string()
    except Exception:  # noqa: BLE001 (About must open even when a library is broken)
        return UNKNOWN


def _pdfium_version() -> str:
    try:
        from pypdfium2.version import PDFIUM_INFO

        return str(PDFIUM_INFO).split("@")[0]
    except Exception:  # noqa: BLE001
        return UNKNOWN


def _word_list_licence_file() -> Path | None:
    """PyThaiNLP's corpus licence: bundled in ``resources/licences``, else the installed package's."""
    path = licence_file("pythainlp-corpus")
    if path is not None:
        return path
    try:
        import importlib.util

        spec = importlib.util.find_spec("pythainlp")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    candidate = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "corpus_license.md"
    return candidate if candidate.is_file() else None


def _python_licence() -> Path | None:
    """Python's own LICENSE.txt beside its standard library (a source checkout), or None."""
    try:
        path = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    except (KeyError, TypeError, OSError):
        return None
    return path if path.is_file() else None


def _role(name: str) -> str:
    role = _(DISTRIBUTIONS[name][0])
    return role.format(name=USED_BY.get(name, ""))


def components(qt_version: str | None = None) -> list[Component]:
    """Everything the program is made of, in the order About shows it: the program, Python, Qt
    (``qt_version``, as the GUI knows it; "unknown" without), SQLite, the Laksaman font, the Thai
    word list, then each library of ``DISTRIBUTIONS`` (HarfBuzz after uharfbuzz, PDFium after
    pypdfium2). Roles are in the current UI language. Never raises.
    """
    gpl = _bundled("fonts", "GPL-2.txt")
    font = _bundled("fonts", FONT_FILE)
    pyside = dist_version("PySide6-Essentials")
    out = [
        Component("ITA Desktop", __version__, PROGRAM_LICENCE, _("this program"), "",
                  licence_file("ita-desktop") or gpl),
        Component("Python", platform.python_version(), "PSF-2.0", _("the language the program is written in"),
                  "https://www.python.org", licence_file("python") or _python_licence()),
        Component("Qt", qt_version or (pyside if pyside != UNKNOWN else UNKNOWN), "LGPL-3.0-only",
                  _("windows and dialogs"), "https://www.qt.io", licence_file("qt")),
        Component("SQLite", sqlite3.sqlite_version, "blessing", _("the database"), "https://sqlite.org",
                  licence_file("sqlite")),
        Component("Laksaman", font_version(font) if font else UNKNOWN, FONT_LICENCE,
                  _("Thai font of the documents and the window"), "https://linux.thai.net/projects/fonts-tlwg",
                  _bundled("fonts", "LICENSE-Laksaman.txt"), (gpl,) if gpl else ()),
        Component(_("Thai word list (PyThaiNLP)"), dist_version("pythainlp"), "CC0-1.0",
                  _("where Thai lines may break (words_th.txt)"), "https://github.com/PyThaiNLP/pythainlp",
                  _word_list_licence_file()),
    ]
    for name, (_role_text, url) in DISTRIBUTIONS.items():
        if name == "typing-extensions" and sys.version_info >= (3, 13):
            continue
        out.append(Component(name, dist_version(name), dist_licence(name), _role(name), url, licence_file(name)))
        if name == "uharfbuzz":
            out.append(Component("HarfBuzz", _harfbuzz_version(), "MIT-Modern-Variant",
                                 _("text shaping, inside {name}").format(name=name), "https://harfbuzz.github.io",
                                 licence_file("harfbuzz")))
        elif name == "pypdfium2":
            out.append(Component("PDFium", _pdfium_version(), "BSD-3-Clause",
                                 _("PDF rendering, inside {name}").format(name=name),
                                 "https://pdfium.googlesource.com/pdfium/", licence_file("pdfium")))
    return out


def details_text(parts: list[Component], data_dir: Path | str | None, log_file: Path | str | None) -> str:
    """Plain text for a support request ("Copy details"), in English whatever the UI language:
    the program's version, the operating system, Python, frozen or not, Qt, the data folder and
    log file (or "none"), then one line per component: name, version, licence."""
    by_name = {c.name: c for c in parts}

    def version(name: str) -> str:
        return by_name[name].version if name in by_name else UNKNOWN

    lines = [
        f"ITA Desktop {__version__}",
        f"OS: {os_description()}",
        f"Python: {platform.python_version()} ({platform.python_implementation()}, "
        f"frozen={bool(getattr(sys, 'frozen', False))})",
        f"Qt: {version('Qt')}",
        f"Data folder: {data_dir if data_dir else 'none'}",
        f"Log file: {log_file if log_file else 'none'}",
        "",
        "Components:",
    ]
    width = max((len(c.name) for c in parts), default=0)
    vwidth = max((len(c.version) for c in parts), default=0)
    lines += [f"  {c.name:<{width}}  {c.version:<{vwidth}}  {c.licence}" for c in parts]
    return "\n".join(lines) + "\n"
