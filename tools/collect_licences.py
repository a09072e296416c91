"""Copy the licence texts of everything the bundle ships into ``resources/licences/``.

One UTF-8 file per bundled distribution of ``requirements.lock``
(``resources/licences/<distribution>.txt``, the name as written in the lock file,
e.g. ``pyside6-essentials.txt``), made of a short header (name, version, licence
from its metadata, home page) and the licence files of its metadata folder
(``LICENSE*``, ``LICENCE*``, ``COPYING*``, ``NOTICE*``, ``AUTHORS*`` and the PEP 639
``licenses/`` folder), each under a ``===== file =====`` line.  Also:

* ``qt.txt``: the Qt libraries (used under the LGPL-3.0; PySide6 and shiboken6 wheels
  carry no licence file, so their files hold the same texts): LGPL-3.0 and the GPL-3.0 it
  builds on, from ``/usr/share/common-licenses`` (Debian's ``base-files``);
* ``python.txt``: the Python licence (``LICENSE.txt`` of the Python that runs this script);
* ``ita-desktop.txt``: the program's own licence, GPL-2.0-or-later;
* ``harfbuzz.txt``, ``pdfium.txt``, ``sqlite.txt``, ``pythainlp-corpus.txt``: libraries and data
  inside the wheels that Help → About lists on their own;
* ``README.md``: a table of the files.

Extra texts a wheel leaves out: HarfBuzz's licence (compiled into uharfbuzz; the text
comes from pypdfium2's build licences) and PyThaiNLP's corpus licence (its word lists are
CC0-1.0).  Distributions that are not bundled (``spec_support.NOT_BUNDLED``, e.g. pip)
are skipped.

Usage: ``python tools/collect_licences.py [--out DIR]`` in the environment the bundle is
built from.  The output is deterministic (no dates): rerunning it leaves git clean until a
pinned version changes.  Exit 1 when a bundled distribution is not installed or has no
licence text at all.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "licences"
COMMON_LICENSES = Path("/usr/share/common-licenses")
LICENCE_PREFIXES = ("license", "licence", "copying", "notice", "authors")


def spec_support():
    """``packaging/spec_support.py`` loaded by path (the folder name would hide the packaging library)."""
    spec = importlib.util.spec_from_file_location("spec_support", ROOT / "packaging" / "spec_support.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def licence_of(meta) -> str:
    """The licence a distribution's metadata gives: License-Expression, else a one-line
    License field, else the classifiers' licence names; "" when none."""
    expr = meta.get("License-Expression")
    if expr:
        return expr.strip()
    lic = (meta.get("License") or "").strip()
    if lic and "\n" not in lic and len(lic) <= 200:
        return lic
    names = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(names)


def licence_files(dist: md.Distribution) -> list[tuple[str, Path]]:
    """``(name inside the metadata folder, path)`` of the licence files of ``dist``, sorted."""
    found = []
    for f in dist.files or []:
        parts = f.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        inside = parts[1:]
        if not inside:
            continue
        if inside[0] in ("licenses", "licences") or inside[0].lower().startswith(LICENCE_PREFIXES):
            path = Path(dist.locate_file(f))
            if path.is_file() and path.suffix.lower() not in (".json",):
                found.append(("/".join(inside), path))
    return sorted(found, key=lambda x: x[0])


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(enc).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def section(title: str, text: str) -> str:
    return f"===== {title} =====\n\n{text.rstrip()}\n"


def header(lines: list[str]) -> str:
    return "\n".join(lines) + "\n\n"


def gnu_texts(*names: str) -> list[str] | None:
    """The GNU licence texts ``names`` (``LGPL-3``, ``GPL-3``) from /usr/share/common-licenses,
    as sections; None when that folder lacks one (not Debian)."""
    out = []
    for n in names:
        p = COMMON_LICENSES / n
        if not p.is_file():
            return None
        out.append(section(f"{n} (from {p})", read_text(p)))
    return out


def extras(name: str) -> list[str]:
    """Licence texts a distribution's wheel does not carry itself."""
    if name == "uharfbuzz":
        try:
            dist = md.distribution("pypdfium2")
            hb = next((p for n, p in licence_files(dist) if n.endswith("/harfbuzz.txt")), None)
        except md.PackageNotFoundError:
            hb = None
        note = "uharfbuzz contains the HarfBuzz text shaping library, compiled in."
        if hb is None:
            return [section("HarfBuzz", note + "\nHarfBuzz is under the \"Old MIT\" licence: "
                            "https://github.com/harfbuzz/harfbuzz/blob/main/COPYING")]
        return [section("HarfBuzz (compiled into uharfbuzz; text from pypdfium2's build licences)",
                        note + "\n\n" + read_text(hb))]
    if name == "pythainlp":
        import pythainlp

        p = Path(pythainlp.__file__).parent / "corpus" / "corpus_license.md"
        if p.is_file():
            return [section("pythainlp/corpus/corpus_license.md (the bundled word lists words_th.txt and "
                            "stopwords_th.txt are CC0-1.0)", read_text(p))]
    return []


SQLITE_NOTICE = """The author disclaims copyright to this source code. In place of a legal notice, here is a blessing:

    May you do good and not evil.
    May you find forgiveness for yourself and forgive others.
    May you share freely, never taking more than you give.

SQLite is in the public domain: https://www.sqlite.org/copyright.html
"""


def _pypdfium2_build_licence(name: str) -> Path | None:
    try:
        dist = md.distribution("pypdfium2")
    except md.PackageNotFoundError:
        return None
    return next((p for n, p in licence_files(dist) if n == f"licenses/BUILD_LICENSES/{name}"), None)


def component_texts() -> list[tuple[str, str, str, str, list[str], list[str]]]:
    """Libraries and data inside the bundled wheels that Help → About names on their own
    (``ita_desktop.about`` asks for ``harfbuzz``, ``pdfium``, ``sqlite``, ``pythainlp-corpus``):
    ``(file name, what, version, licence, header lines, sections)`` for each one found."""
    import sqlite3

    out = []
    hb = _pypdfium2_build_licence("harfbuzz.txt")
    if hb is not None:
        out.append(("harfbuzz.txt", "HarfBuzz (in uharfbuzz and PDFium)", "", "MIT-Modern-Variant",
                    ["HarfBuzz (compiled into uharfbuzz, which shapes the Thai text of the documents)",
                     "Licence: the \"Old MIT\" licence (SPDX MIT-Modern-Variant)",
                     "Home page: https://harfbuzz.github.io"],
                    [section("HarfBuzz COPYING (from pypdfium2's build licences)", read_text(hb))]))
    pdfium = _pypdfium2_build_licence("pdfium.txt")
    if pdfium is not None:
        out.append(("pdfium.txt", "PDFium (in pypdfium2)", "", "BSD-3-Clause",
                    ["PDFium (the PDF renderer inside pypdfium2: the preview's pages)", "Licence: BSD-3-Clause",
                     "Home page: https://pdfium.googlesource.com/pdfium/",
                     "The libraries PDFium is built with are listed with their licences in pypdfium2.txt."],
                    [section("PDFium LICENSE (from pypdfium2's build licences)", read_text(pdfium))]))
    out.append(("sqlite.txt", "SQLite", sqlite3.sqlite_version, "blessing (public domain)",
                [f"SQLite {sqlite3.sqlite_version} (the database library, part of Python's sqlite3 module)",
                 "Licence: public domain (SPDX blessing)", "Home page: https://www.sqlite.org"],
                [section("SQLite", SQLITE_NOTICE)]))
    import pythainlp

    corpus = Path(pythainlp.__file__).parent / "corpus" / "corpus_license.md"
    if corpus.is_file():
        out.append(("pythainlp-corpus.txt", "PyThaiNLP word lists (words_th.txt, stopwords_th.txt)",
                    md.version("pythainlp"), "CC0-1.0",
                    ["PyThaiNLP corpus: the Thai word list (words_th.txt) and stop words (stopwords_th.txt) the "
                     "program bundles for line breaking and the checks",
                     "Licence: CC0-1.0 (see the table below)", "Home page: https://github.com/PyThaiNLP/pythainlp-corpus"],
                    [section("pythainlp/corpus/corpus_license.md", read_text(corpus))]))
    return out


def distribution_text(name: str, qt_sections: list[str] | None) -> str:
    """The licence file of one distribution. Raises LookupError when it has no licence text."""
    dist = md.distribution(name)
    meta = dist.metadata
    lines = [f"{meta['Name']} {dist.version}", f"Licence (its metadata): {licence_of(meta) or 'not stated'}"]
    home = meta.get("Home-page") or next((u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or []
                                          if u.lower().startswith(("homepage", "home", "source"))), "")
    if home:
        lines.append(f"Home page: {home}")
    files = licence_files(dist)
    body = [section(n, read_text(p)) for n, p in files]
    if name in ("pyside6-essentials", "shiboken6"):
        lines.append("Used by ITA Desktop under the LGPL-3.0 (one of the licences offered); the wheel carries "
                     "no licence file, the texts below are the LGPL-3.0 and the GPL-3.0 it builds on.")
        if qt_sections is None:
            raise LookupError(f"{name}: no LGPL-3/GPL-3 text found in {COMMON_LICENSES}")
        body += qt_sections
    body += extras(name)
    if not body:
        raise LookupError(f"{name} {dist.version}: no licence file in its metadata folder")
    return header(lines) + "\n".join(body)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Collect the licence texts of the bundled libraries.")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    support = spec_support()
    qt_sections = gnu_texts("LGPL-3", "GPL-3")
    rows: list[tuple[str, str, str, str]] = []  # file, what, version, licence
    problems = []

    def write(filename: str, text: str) -> None:
        (args.out / filename).write_text(text, encoding="utf-8", newline="\n")

    # The program itself.
    gpl2 = ROOT / "resources" / "fonts" / "GPL-2.txt"
    from ita_desktop import __version__

    write("ita-desktop.txt", header([f"ITA Desktop {__version__}", "Licence: GPL-2.0-or-later"])
          + section("GPL-2.0 (resources/fonts/GPL-2.txt)", read_text(gpl2)))
    rows.append(("ita-desktop.txt", "ITA Desktop (this program)", __version__, "GPL-2.0-or-later"))

    # Python.
    candidates = [Path(sys.base_prefix) / "LICENSE.txt",
                  Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
                  Path(sys.base_prefix) / "share" / "doc" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                  / "copyright"]
    py = next((c for c in candidates if c.is_file()), None)
    version = ".".join(map(str, sys.version_info[:3]))
    if py is None:
        problems.append(f"no Python LICENSE.txt in {', '.join(map(str, candidates))}")
    else:
        write("python.txt", header([f"Python {version}", "Licence: PSF-2.0 (Python Software Foundation License)"])
              + section(f"LICENSE.txt of Python {version}", read_text(py)))
        rows.append(("python.txt", "Python", version, "PSF-2.0"))

    # Qt.
    import PySide6

    qt_version = PySide6.__version__
    if qt_sections is None:
        if (args.out / "qt.txt").is_file():
            print(f"collect_licences: {COMMON_LICENSES} missing: qt.txt kept as it is", file=sys.stderr)
            rows.append(("qt.txt", "Qt libraries (QtCore, QtGui, QtWidgets …)", qt_version, "LGPL-3.0-only"))
        else:
            problems.append(f"no LGPL-3/GPL-3 texts in {COMMON_LICENSES} for qt.txt")
    else:
        write("qt.txt", header([f"Qt {qt_version} (the libraries in the PySide6 wheel: QtCore, QtGui, QtWidgets "
                                "and the platform plugins)",
                                "Licence: LGPL-3.0-only (Qt is also offered under GPL-2.0/GPL-3.0 and a commercial "
                                "licence)",
                                "Source code: https://download.qt.io/official_releases/qt/",
                                "The bundle keeps Qt as separate shared libraries (the _internal folder), so they can "
                                "be replaced by other builds of the same version, as the LGPL requires."])
              + "\n".join(qt_sections))
        rows.append(("qt.txt", "Qt libraries (QtCore, QtGui, QtWidgets …)", qt_version, "LGPL-3.0-only"))

    # Components inside the wheels that Help → About lists by their own names.
    for filename, what, version_of, licence, lines, sections in component_texts():
        write(filename, header(lines) + "\n".join(sections))
        rows.append((filename, what, version_of, licence))

    for name in support.runtime_distributions():
        try:
            text = distribution_text(name, qt_sections)
        except md.PackageNotFoundError:
            problems.append(f"{name} is not installed (pip install -r requirements-dev.lock)")
            continue
        except LookupError as e:
            problems.append(str(e))
            continue
        write(f"{name}.txt", text)
        dist = md.distribution(name)
        rows.append((f"{name}.txt", dist.metadata["Name"], dist.version, licence_of(dist.metadata) or "see file"))

    readme = ["# Licences of what the bundle ships", "",
              "Written by `tools/collect_licences.py` (do not edit by hand; run it again after changing "
              "`requirements.lock`). The program shows these texts in Help → About. The bundled font "
              "Laksaman has its licence in `resources/fonts/` (LICENSE-Laksaman.txt, GPL-2.txt).", "",
              "| file | what | version | licence |", "|---|---|---|---|"]
    readme += [f"| {f} | {w} | {v or '—'} | {lic.replace('|', '/')} |" for f, w, v, lic in rows]
    write("README.md", "\n".join(readme) + "\n")
    for f, w, v, lic in rows:
        print(f"{f:32} {v:12} {lic}")
    for msg in problems:
        print(f"collect_licences: {msg}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
