#!/usr/bin/env python3
"""Bring the translation catalogs up to date: extract, update, compile (Babel).

    python tools/update_i18n.py           # all three steps
    python tools/update_i18n.py --compile # only compile the .po files to .mo

1. extract every ``_()``/``N_()`` string of ``ita_desktop/`` and every
   ``QCoreApplication.translate(context, text)`` string of the generated
   ``ui_*.py`` (keyword ``translate:2``; run ``tools/gen_ui.py`` first) into
   ``resources/i18n/messages.pot``;
2. merge it into ``resources/i18n/{th,en}/LC_MESSAGES/ita_desktop.po``
   (created when missing); new Thai entries are empty: translate them;
3. compile each ``.po`` to its ``.mo``; commit both.

``tests/test_i18n.py`` fails while a Thai entry is empty, a ``.mo`` is older
than its ``.po``, or the sources have a string the ``.pot`` lacks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "resources" / "i18n"
POT = I18N / "messages.pot"
DOMAIN = "ita_desktop"
LANGUAGES = ("th", "en")
EXTRA_KEYWORDS = ("translate:2",)


def pybabel(*args: str) -> None:
    """Run one pybabel command (Babel's own front end, in this Python)."""
    cmd = [sys.executable, "-m", "babel.messages.frontend", *args]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"update_i18n: {' '.join(args[:1])} failed:\n{proc.stderr}")


def extract(pot: Path) -> None:
    """Extract the program's strings into the template ``pot`` (same options every time)."""
    from ita_desktop import __version__

    keywords = [a for k in EXTRA_KEYWORDS for a in ("-k", k)]
    pybabel("extract", "-F", "babel.cfg", *keywords, "--add-comments=TRANSLATORS:",
            "--project=ITA Desktop", f"--version={__version__}", "--copyright-holder=ITA Desktop contributors",
            "--sort-by-file",
            "-o", str(pot), ".")


def po_file(language: str) -> Path:
    """The .po catalog of ``language``."""
    return I18N / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    """Merge the template into each language's catalog (``init`` for a new language)."""
    for lang in LANGUAGES:
        command = "update" if po_file(lang).exists() else "init"
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
        pybabel(command, "-D", DOMAIN, "-i", str(POT), "-d", str(I18N), "-l", lang, *extra)


def compile_all(directory: Path = I18N) -> None:
    """Compile every language's .po into its .mo (under ``directory``; default in place)."""
    for lang in LANGUAGES:
        mo = directory / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        pybabel("compile", "-D", DOMAIN, "-i", str(po_file(lang)), "-o", str(mo), "-l", lang)


def main(argv: list[str] | None = None) -> int:
    """Run the steps; return the exit code."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compile", action="store_true", help="only compile the .po files")
    args = p.parse_args(argv)
    if not args.compile:
        extract(POT)
        update()
    compile_all()
    print(f"catalogs up to date in {I18N.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
