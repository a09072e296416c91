#!/usr/bin/env python3
"""Regenerate ``ita_desktop/gui/ui_<name>.py`` from every ``ui/<name>.ui`` with pyside6-uic.

The program never loads .ui files at run time; the generated modules are
committed. Run after editing a .ui file in Qt Designer, then run
``tools/update_i18n.py`` so new strings reach the catalogs:

    python tools/gen_ui.py            # write the modules
    python tools/gen_ui.py --check    # exit 1 when a module is out of date

pyside6-uic is looked up beside the running Python first (a venv's bin/ or
Scripts/), then on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UI_DIR = REPO / "ui"
OUT_DIR = REPO / "ita_desktop" / "gui"


def uic_command() -> str:
    """Path of the pyside6-uic executable; raises SystemExit when there is none."""
    here = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        if (here / name).exists():
            return str(here / name)
    found = shutil.which("pyside6-uic")
    if not found:
        raise SystemExit("gen_ui: pyside6-uic not found (install PySide6-Essentials)")
    return found


def generate(ui_file: Path) -> str:
    """The Python code pyside6-uic makes from ``ui_file``."""
    proc = subprocess.run([uic_command(), str(ui_file)], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"gen_ui: pyside6-uic failed on {ui_file.name}: {proc.stderr.strip()}")
    return proc.stdout.replace("\r\n", "\n")


def target(ui_file: Path) -> Path:
    """Where the module generated from ``ui_file`` goes: ``ui/x.ui`` → ``ita_desktop/gui/ui_x.py``."""
    return OUT_DIR / f"ui_{ui_file.stem}.py"


def comparable(code: str) -> list[str]:
    """The code without uic's banner comments (they name the uic version), for --check."""
    return [line for line in code.splitlines() if not line.startswith("##")]


def main(argv: list[str] | None = None) -> int:
    """Generate (or with --check, compare) every module; return the exit code."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only report modules that are out of date")
    args = p.parse_args(argv)
    stale = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        code, out = generate(ui_file), target(ui_file)
        if args.check:
            if not out.exists() or comparable(out.read_text(encoding="utf-8")) != comparable(code):
                stale.append(out)
        else:
            out.write_text(code, encoding="utf-8", newline="\n")
            print(f"{ui_file.relative_to(REPO)} -> {out.relative_to(REPO)}")
    for out in stale:
        print(f"out of date: {out.relative_to(REPO)} (run tools/gen_ui.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
