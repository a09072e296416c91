"""Run the independent checker ``shared/tools/thai_pdf_check.py`` and poppler on our PDFs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import shared_dir


def checker() -> Path:
    return shared_dir() / "tools" / "thai_pdf_check.py"


def thai_pdf_check(pdf: Path, expect: Path | None = None, words: list[str] | None = None,
                   tmp: Path | None = None) -> subprocess.CompletedProcess:
    """Run the checker; returns the completed process (stdout's last line is the summary)."""
    cmd = [sys.executable, str(checker()), str(pdf)]
    if expect:
        cmd += ["--expect", str(expect)]
    if words:
        wf = (tmp or pdf.parent) / (pdf.stem + ".words.txt")
        wf.write_text("\n".join(words) + "\n", encoding="utf-8")
        cmd += ["--words", str(wf)]
    return subprocess.run(cmd, capture_output=True, text=True)


def assert_passes(proc: subprocess.CompletedProcess) -> str:
    """Assert the checker passed with 0 mid-word breaks and 0 cluster cuts; return its summary."""
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 mid-word" in summary and " 0 cluster cuts" in summary, summary
    return summary


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdffonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
