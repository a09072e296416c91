"""The year's publication pack: every document of one office and fiscal year.

``ita-desktop pack --office NAME --year YEAR --out DIR`` and the GUI's "Publication
pack" action call :func:`render_pack`.  It writes, into ``DIR``:

* one PDF with the memo, the analysis and measures, and the implementation report,
  in that order, with an outline (one bookmark per document, its sections below)
  and metadata: title, author = the office, subject, keywords ``ITA <year>`` and the
  item codes;
* each document as its own file, named by item code, year and office, ready to
  upload as the OIT evidence (``O27_2568_อบต.ห้วยเตย.pdf``).  Item codes come from
  the year's framework file; a document without a confirmed code is named by what it
  is (``รายงานผล12เดือน_2568_อบต.ห้วยเตย.pdf``).

A document without data is left out (no memo in the year, no results for a round)
and said so in :attr:`PackResult.skipped`.

Writing: the pack is a folder of files, each written atomically (old or new, never
half a file), and replaced together (:class:`.atomic.AtomicFiles`): every document is
made first under a temporary name beside its target, and only when all of them are
made are they renamed over the old files.  So a document that cannot be made (bad
data, the disk full) or a file held open by another program (Windows:
:class:`.atomic.TargetBusy`, checked before the first rename) leaves the folder as it
was.  Only a crash or power cut in the few milliseconds of the renames, or a file
opened elsewhere in that moment, leaves a mix of new and old files, each complete
(``TargetBusy.replaced`` lists the new ones and its message says so).  Files of an
earlier pack that this one does not write (a round without results now) are left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_desktop.domain.fiscal import FiscalYear
from ita_desktop.domain.framework import framework_for
from ita_desktop.pdf.atomic import AtomicFiles
from ita_desktop.pdf.common import DocumentError, assessment_of


@dataclass
class PackResult:
    """What :func:`render_pack` wrote: ``combined`` (the one PDF), ``files`` (document
    name → its own file), ``skipped`` (document name → why, Thai / English), and
    ``warnings``: :class:`.fonts.DocumentWarning` s about documents that were made all
    the same (the office's font is not installed: Laksaman printed instead), each once
    for the whole pack; ``str(w)`` is a line in Thai / English to show."""

    combined: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    warnings: list = field(default_factory=list)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(text: str) -> str:
    """``text`` usable as a file name on Windows and Linux (reserved characters → ``_``)."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def pack_file_name(code: str | None, fallback: str, year: int, office: dict[str, Any]) -> str:
    """``<item code or fallback>_<year>_<office short name>.pdf`` (``O27_2568_อบต.ห้วยเตย.pdf``)."""
    short = office.get("short_name") or office["name"]
    return safe_name(f"{code or fallback}_{year}_{short}") + ".pdf"


def report_rounds(doc: dict[str, Any], year: int) -> list[int]:
    """The rounds (6, 12) that have results in fiscal year ``year``."""
    a = assessment_of(doc, year)
    return sorted({r["round"] for r in a.get("results", [])})


def render_pack(doc: dict[str, Any], year: int, out_dir: Path | str, *, thai_digits: bool | None = None
                ) -> PackResult:
    """Render the pack of fiscal year ``year`` (B.E.) of the office in ``doc`` into ``out_dir``.

    ``thai_digits``: None takes the office's choice (``office.thai_digits``, default
    yes).  Every document prints in the office's font (``office.font``); when it cannot,
    :attr:`PackResult.warnings` says so.  Raises DocumentError when the year is missing, when there is nothing to
    print, or when a file cannot be written, and :class:`.atomic.TargetBusy` (a DocumentError) when a file of the
    pack is held open by another program: call again with its ``alternative`` (a free folder beside ``out_dir``)
    as ``out_dir`` to write the pack there.  On any error the files in ``out_dir`` are left as they were, except
    in the rare case the module's "Writing" describes (a mix of complete old and new files, said so).
    """
    from pypdf import PdfReader, PdfWriter

    from ita_desktop.pdf.analysis import render_analysis
    from ita_desktop.pdf.memo import render_memo
    from ita_desktop.pdf.report import render_report

    out_dir = Path(out_dir)
    office = doc["office"]
    a = assessment_of(doc, year)
    if thai_digits is None:
        thai_digits = office.get("thai_digits", True)
    fw = framework_for(year)
    docs = fw.documents
    result = PackResult()
    parts: list[tuple[str, Path]] = []   # (bookmark title, staged file), in pack order

    with AtomicFiles(out_dir) as files:
        if a.get("memos"):
            target = out_dir / pack_file_name(None, "บันทึกข้อความ", year, office)
            parts.append(("บันทึกข้อความ", render_memo(doc, year, files.stage(target), thai_digits=thai_digits,
                                                       warnings=result.warnings)))
            result.files["memo"] = target
        else:
            result.skipped["memo"] = "ไม่มีบันทึกข้อความในปีนี้ / no memo in this year"

        if a.get("scores") or a.get("measures"):
            code = docs["analysis"].item
            target = out_dir / pack_file_name(code, "การวิเคราะห์ผลการประเมิน", year, office)
            parts.append((f"{code + ' ' if code else ''}การวิเคราะห์ผลการประเมินและมาตรการ",
                          render_analysis(doc, year, files.stage(target), thai_digits=thai_digits,
                                          warnings=result.warnings)))
            result.files["analysis"] = target
        else:
            result.skipped["analysis"] = "ไม่มีคะแนนและมาตรการ / no scores and no measures"

        rounds = report_rounds(doc, year)
        for rnd in rounds:
            code = docs["report"].item
            name = pack_file_name(code, f"รายงานผล{rnd}เดือน", year, office)
            if code and len(rounds) > 1:
                name = pack_file_name(f"{code}_{rnd}เดือน", "", year, office)
            target = out_dir / name
            parts.append((f"{code + ' ' if code else ''}รายงานผลการดำเนินการ รอบ {rnd} เดือน",
                          render_report(doc, year, files.stage(target), round=rnd, thai_digits=thai_digits,
                                        warnings=result.warnings)))
            result.files[f"report{rnd}"] = target
        if not rounds:
            result.skipped["report"] = "ยังไม่มีผลการดำเนินการ / no results yet"

        if not parts:
            raise DocumentError(f"ไม่มีเอกสารให้พิมพ์ในปีงบประมาณ {year} / nothing to print for fiscal year {year}")

        codes = " ".join(c for c in (docs["analysis"].item, docs["report"].item) if c)
        title = f"เอกสารเผยแพร่ ITA {FiscalYear(year).label(False)} {office['name']}"
        combined = out_dir / pack_file_name(None, "ITA", year, office)
        writer = PdfWriter()
        for bookmark, file in parts:
            writer.append(PdfReader(str(file)), outline_item=bookmark, import_outline=True)
        writer.add_metadata({"/Title": title, "/Author": office["name"],
                             "/Subject": "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
                             "/Keywords": f"ITA {year} {codes}".strip(), "/Creator": "ITA Desktop"})
        writer.page_mode = "/UseOutlines"
        staged = files.stage(combined)
        try:
            with open(staged, "wb") as fh:
                writer.write(fh)
        except OSError as e:
            raise DocumentError(f"เขียนไฟล์ {combined.name} ในโฟลเดอร์ {out_dir} ไม่ได้ / cannot write "
                                f"{combined.name} in {out_dir}: {e.strerror or e}") from e
        files.commit()
    result.combined = combined
    return result
