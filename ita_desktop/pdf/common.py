"""What every document shares: fonts and styles, the Thai breaker with the
office's names, Thai digits, tables of ThaiParagraphs, and atomic writing.

Units: ReportLab points (1 pt = 1/72 in); ``mm``/``cm`` from reportlab.lib.units.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table

from ita_desktop.domain.fiscal import to_thai_digits
from ita_desktop.pdf.fonts import BODY_LEADING_PT, BODY_SIZE_PT, equivalent_size, register_family
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, escape, table_style, thai_digits


CELL_LEADING_EM = 1.48
SPLIT_ROWS_TALLER_THAN = 250.0   # pt: about a third of an A4 text frame


class DocumentError(Exception):
    """A document cannot be made from the data (no memo for the year, cannot write the file).

    ``str(error)`` is a one-line message in Thai and English.
    """


def assessment_of(doc: dict[str, Any], year: int) -> dict[str, Any]:
    """The assessment of fiscal year ``year`` (B.E.) in an interchange document. Raises DocumentError."""
    for a in doc["assessments"]:
        if a["year"] == year:
            return a
    raise DocumentError(f"ไม่มีข้อมูลปีงบประมาณ {year} / no data for fiscal year {year}")


def office_words(doc: dict[str, Any]) -> list[str]:
    """Names that must never be split across lines: office, places, people, departments.

    Person names are added whole and as their separate parts (title+first
    name, surname), since a line may break between them at the space.
    """
    o = doc["office"]
    words = [o.get(k, "") for k in ("name", "short_name", "subdistrict", "district", "province")]
    words += o.get("departments", [])
    for p in o.get("people", []):
        words += p["name"].split() + [p.get("department", "")]
    return sorted({w for w in words if w and " " not in w})


@dataclass
class Kit:
    """Styles and helpers for one document of one office.

    ``thai_digits``: print numbers in Thai digits (ITA_DOMAIN.md: encouraged,
    not required; never inside URLs or item codes).
    """

    doc: dict[str, Any]
    thai_digits: bool = True
    size: float = BODY_SIZE_PT
    family: str = field(init=False)
    breaker: ThaiBreaker = field(init=False)

    def __post_init__(self) -> None:
        self.family = register_family()
        self.breaker = ThaiBreaker(office_words(self.doc))
        self.regular = tt2ps(self.family, 0, 0)
        self.bold = tt2ps(self.family, 1, 0)
        s = self.size
        self.lead = BODY_LEADING_PT / BODY_SIZE_PT   # the font's own line height, in em
        self.body = ParagraphStyle("body", fontName=self.regular, fontSize=s, leading=s * self.lead,
                                   alignment=TA_JUSTIFY)
        self.body_left = ParagraphStyle("body_left", parent=self.body, alignment=TA_LEFT)
        # Table cells: 1.48 em leading, not the font's 1.72. poppler (pdftotext, and the
        # viewers built on it) keeps the lines of one cell together only when they are at
        # most 1.5 font sizes apart (measured: 1.50 grouped, 1.55 not); wider, copied text
        # interleaves the lines of side-by-side cells. Marks still clear at 1.48.
        self.cell = ParagraphStyle("cell", fontName=self.regular, fontSize=s * 0.875,
                                   leading=s * 0.875 * CELL_LEADING_EM, alignment=TA_LEFT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontName=self.bold, alignment=TA_CENTER)
        self.title = ParagraphStyle("title", fontName=self.bold, fontSize=s * 1.25, leading=s * 1.25 * self.lead,
                                    alignment=TA_CENTER)
        self.heading = ParagraphStyle("heading", fontName=self.bold, fontSize=s * 1.0625,
                                      leading=s * 1.0625 * self.lead, alignment=TA_LEFT, spaceBefore=s * 0.5,
                                      spaceAfter=s * 0.1)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)

    def sarabun(self, pt: float) -> float:
        """The size (pt) of our font that prints like TH Sarabun PSK at ``pt`` (the sizes rules give)."""
        return equivalent_size(pt, self.regular)

    def style(self, name: str, pt: float, *, bold: bool = False, alignment: int = TA_LEFT) -> ParagraphStyle:
        """A style of ``pt`` points of our font (not Sarabun points) with the font's own line height."""
        return ParagraphStyle(name, fontName=self.bold if bold else self.regular, fontSize=pt,
                              leading=pt * self.lead, alignment=alignment)

    def text(self, s: str) -> str:
        """Apply the digit option to running text (URLs and item codes kept)."""
        return thai_digits(s) if self.thai_digits else s

    def num(self, x: Decimal | float | int | None, places: int = 2) -> str:
        """A score or count with ``places`` decimals, in the document's digits; '-' for None."""
        if x is None:
            return "-"
        s = f"{Decimal(str(x)):.{places}f}" if places else str(int(x))
        return to_thai_digits(s) if self.thai_digits else s

    def p(self, s: str, style: ParagraphStyle | None = None, *, bold: bool = False,
          indent: float | None = None) -> ThaiParagraph:
        """A paragraph of plain text (escaped here; ``bold`` wraps it all in <b>)."""
        markup = escape(self.text(s))
        if bold:
            markup = f"<b>{markup}</b>"
        return ThaiParagraph(markup, style or self.body, self.breaker, first_line_indent=indent)

    def table(self, header: list[str], rows: Iterable[list[Any]], widths: list[float], *,
              center_cols: Iterable[int] = (), zebra: bool = False) -> Table:
        """A ruled table whose first row is the repeated header.

        Cells may be str (made into ThaiParagraphs in the cell style) or
        flowables. ``widths`` in pt. Long rows split across pages.
        """
        center = set(center_cols)
        data = [[self.p(h, self.head_cell) for h in header]]
        for r in rows:
            data.append([self.p(c, self.cell_center if i in center else self.cell) if isinstance(c, str) else c
                         for i, c in enumerate(r)])
        cols = fit_widths(data, widths, padding=12)
        # Split inside a row only when some row is too tall to move whole to the next
        # page (real reports have cells longer than a page); a short row split in two
        # leaves one or two orphaned lines under a repeated header.
        tallest = max(max((c.wrap(w - 12, 1e6)[1] for c, w in zip(row, cols) if hasattr(c, "wrap")),
                          default=0.0) for row in data)
        t = Table(data, colWidths=cols, repeatRows=1, splitByRow=1,
                  splitInRow=1 if tallest > SPLIT_ROWS_TALLER_THAN else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                 ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        t.setStyle(table_style(style, font_name=self.regular))
        return t


def fit_widths(data: list[list[Any]], widths: list[float], padding: float) -> list[float]:
    """Column widths (pt) that follow the content: start from ``widths`` and widen any
    column whose widest unbreakable word (``minWidth()`` + ``padding``) does not fit,
    taking the room from the columns that have some to spare, in proportion.
    The total width is kept. When the words cannot all fit, they are cut between
    clusters (ThaiParagraph's last resort) rather than overflowing the page.
    """
    need = [0.0] * len(widths)
    for row in data:
        for i, cell in enumerate(row):
            if hasattr(cell, "minWidth"):
                need[i] = max(need[i], cell.minWidth() + padding)
    out = list(widths)
    for _ in range(len(out)):
        short = sum(max(0.0, n - w) for n, w in zip(need, out))
        spare = [max(0.0, w - n) for n, w in zip(need, out)]
        if short <= 0.01 or sum(spare) <= 0.01:
            break
        take = min(short, sum(spare))
        out = [w + (max(0.0, n - w) / short) * take if n > w else w - sp / sum(spare) * take
               for n, w, sp in zip(need, out, spare)]
    return out


def write_atomic(out: Path | str, build: Callable[[str], None]) -> Path:
    """Build a PDF into a temporary file beside ``out``, then rename it over ``out``.

    ``build`` receives the temporary path. A failed build leaves any existing
    ``out`` untouched. Raises DocumentError when the folder cannot be
    written or the target is locked (open in a PDF viewer on Windows).
    """
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~" + out.stem, suffix=".pdf", dir=out.parent)
        os.close(fd)
    except OSError as e:
        raise DocumentError(f"เขียนไฟล์ในโฟลเดอร์ {out.parent} ไม่ได้ / cannot write in {out.parent}: "
                            f"{e.strerror}") from e
    try:
        build(tmp)
        os.replace(tmp, out)
    except PermissionError as e:
        Path(tmp).unlink(missing_ok=True)
        raise DocumentError(f"บันทึก {out.name} ไม่ได้ ไฟล์อาจเปิดอยู่ในโปรแกรมอื่น / cannot save {out.name}: "
                            f"the file may be open in another program") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
