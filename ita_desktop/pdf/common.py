"""What every document shares: fonts and styles, the Thai breaker with the
office's names, Thai digits, tables of ThaiParagraphs.  DocumentError and atomic
writing (:func:`write_atomic`, :class:`TargetBusy`) come from :mod:`.atomic` and are
re-exported here.

Units: ReportLab points (1 pt = 1/72 in); ``mm``/``cm`` from reportlab.lib.units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any, Iterable

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from ita_desktop.domain.fiscal import to_thai_digits
# re-exported: the documents and their callers import these from here
from ita_desktop.pdf.atomic import DocumentError, TargetBusy, write_atomic  # noqa: F401
from ita_desktop.pdf.fonts import (DocumentWarning, OfficeFont, body_size, equivalent_size, leading_em,
                                   line_factor, office_font, size_scale)
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, escape, table_style, thai_digits


CELL_LEADING_EM = 1.48
#: Left and right padding of table cells (pt) for the bundled font; :attr:`Kit.pad` for the
#: document's font.  poppler (pdftotext, and the viewers built on it) reads text more
#: than 1 em of its font size apart as separate columns (``minColSpacing2 = 1.0`` in
#: TextOutputDev.cc) and nearer text as one line: the 12 pt between the texts of
#: neighbouring cells are 1.29 em of Laksaman's 9.33 pt cell text.  A font drawn at a
#: larger size for the same look (TH Sarabun: 14 pt) gets proportionally more padding
#: (9 pt), else copied text runs the cells of a row together (seen: "กองคลัง ที่ ๑").
CELL_PADDING_PT = 6.0
#: Top and bottom padding of table cells (pt) for the bundled font.
CELL_PADDING_TB_PT = (1.0, 3.0)
#: Least distance (em of the cell text) between the lines of two rows of one-line cells.
#: poppler groups lines less than 1.5 font sizes apart into one text block, so rows
#: nearer than that read as one paragraph: a column of numbers comes out as one run of
#: digits across the rows (thai_pdf_check: "๙๔.๔๑ | ๙๔.๘๑" a word broken).  Laksaman's
#: rows are 1.91 em apart; a font with a larger em gets more top and bottom padding
#: (:attr:`Kit.row_pad`) to keep at least this.
ROW_GAP_EM = 1.6


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
    # the Thai letters of abbreviations (อบต.ห้วยเตย → อบต, ห้วยเตย): the breaker reads
    # the letters on each side of a dot as separate runs
    for k in ("short_name", "type"):
        words += re.findall(r"[\u0e01-\u0e4e]{2,}", o.get(k, ""))
    words += o.get("departments", [])
    for p in o.get("people", []):
        words += p["name"].split() + [p.get("department", "")]
    return sorted({w for w in words if w and " " not in w})


@dataclass
class Kit:
    """Styles and helpers for one document of one office.

    ``thai_digits``: print numbers in Thai digits (ITA_DOMAIN.md: encouraged,
    not required; never inside URLs or item codes).

    The font: ``font`` names an installed family (None: the office's ``office.font``;
    ``""``: the bundled Laksaman), resolved by :func:`.fonts.office_font`.  When that
    family is not installed, has no Thai or cannot be embedded, the document prints
    with Laksaman and :attr:`warnings` holds a :class:`.fonts.DocumentWarning` saying
    so (the render functions hand it on to their ``warnings`` list).

    Sizes (pt): ``size`` is the body size *of the font used* (default
    :func:`.fonts.body_size`: 10.67 pt of Laksaman, 16 pt of TH Sarabun — both print
    like TH Sarabun 16 pt); every style is a multiple of it.  ``scale`` is
    :func:`.fonts.size_scale` (1.0 for Laksaman, about 1.5 for TH Sarabun).  ``unit`` is
    the body size in Laksaman points (``size / scale``): the unit of spaces, boxes and
    offsets that are not text, so they stay the same length whatever font prints.
    ``lead``: the line distance in em of the font (:func:`.fonts.leading_em`: 1.715 for
    Laksaman, 1.14 for TH Sarabun — the same 18.3 pt at the body size);
    ``cell_lead``: the same for table cells (:data:`CELL_LEADING_EM` of Laksaman,
    scaled likewise, never above 1.48 em: see below); ``pad``: the left and right
    padding of table cells (:data:`CELL_PADDING_PT`, more for a font with a larger em);
    ``row_pad``: their (top, bottom) padding (:func:`row_padding`).
    """

    doc: dict[str, Any]
    thai_digits: bool = True
    size: float | None = None
    font: str | None = None
    family: str = field(init=False)
    breaker: ThaiBreaker = field(init=False)
    warnings: list[DocumentWarning] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        wanted = self.doc["office"].get("font", "") if self.font is None else self.font
        self.office_font: OfficeFont = office_font(wanted)
        if self.office_font.warning is not None:
            self.warnings.append(self.office_font.warning)
        self.family = self.office_font.family
        self.breaker = ThaiBreaker(office_words(self.doc))
        self.regular = tt2ps(self.family, 0, 0)
        self.bold = tt2ps(self.family, 1, 0)
        self.scale = size_scale(self.regular)
        if self.size is None:
            self.size = body_size(self.regular)
        s = self.size
        self.unit = s / self.scale
        self.lead = leading_em(self.regular)   # 18.3 pt at the body size, in em of the font
        self.pad = CELL_PADDING_PT * max(1.0, self.scale)   # cell padding, see CELL_PADDING_PT
        # Table cells: 1.48 em of Laksaman, not its 1.72. poppler (pdftotext, and the
        # viewers built on it) keeps the lines of one cell together only when they are at
        # most 1.5 font sizes apart (measured: 1.50 grouped, 1.55 not); wider, copied text
        # interleaves the lines of side-by-side cells. Marks still clear at 1.48. Another
        # font keeps the same distance in points, capped at 1.48 of its own em.
        self.cell_lead = min(CELL_LEADING_EM, CELL_LEADING_EM * line_factor(self.regular) / self.scale)
        self.row_pad = row_padding(s * 0.875, self.cell_lead)   # see ROW_GAP_EM
        self.body = ParagraphStyle("body", fontName=self.regular, fontSize=s, leading=s * self.lead,
                                   alignment=TA_JUSTIFY)
        self.body_left = ParagraphStyle("body_left", parent=self.body, alignment=TA_LEFT)
        self.cell = ParagraphStyle("cell", fontName=self.regular, fontSize=s * 0.875,
                                   leading=s * 0.875 * self.cell_lead, alignment=TA_LEFT)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontName=self.bold, alignment=TA_CENTER)
        self.title = ParagraphStyle("title", fontName=self.bold, fontSize=s * 1.25, leading=s * 1.25 * self.lead,
                                    alignment=TA_CENTER)
        self.heading = ParagraphStyle("heading", fontName=self.bold, fontSize=s * 1.0625,
                                      leading=s * 1.0625 * self.lead, alignment=TA_LEFT, spaceBefore=self.unit * 0.5,
                                      spaceAfter=self.unit * 0.1)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.subheading = ParagraphStyle("subheading", parent=self.heading, fontSize=s, leading=s * self.lead)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)

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

    def section(self, title: str, level: int = 0) -> list[Flowable]:
        """A heading with an outline entry (bookmark) at ``level`` (0 = top), kept with
        what follows it."""
        heading = self.p(title, self.heading if level == 0 else self.subheading)
        heading.keepWithNext = True
        return [Bookmark(self.text(title), level), heading]

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
        cols = fit_widths(data, widths, padding=2 * self.pad)
        t = SplitTable(data, colWidths=cols)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                 ("LEFTPADDING", (0, 0), (-1, -1), self.pad), ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
                 ("TOPPADDING", (0, 0), (-1, -1), self.row_pad[0]),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), self.row_pad[1])]
        t.setStyle(table_style(style, font_name=self.regular))
        return t


def row_padding(cell_size: float, cell_lead: float) -> tuple[float, float]:
    """(top, bottom) padding (pt) of table cells of ``cell_size`` pt text with lines
    ``cell_lead`` em apart: :data:`CELL_PADDING_TB_PT`, both grown by the same amount
    when rows would otherwise be less than :data:`ROW_GAP_EM` apart (see there).
    Unchanged for Laksaman; TH Sarabun (14 pt cells, 0.99 em lines): (3.3, 5.3)."""
    top, bottom = CELL_PADDING_TB_PT
    extra = max(0.0, ROW_GAP_EM * cell_size - (cell_size * cell_lead + top + bottom))
    return top + extra / 2, bottom + extra / 2


def hand_on_warnings(kit: Kit, warnings: list | None) -> None:
    """Append the document's :attr:`Kit.warnings` to the caller's ``warnings`` list (when
    one is given), each once: how the render functions report a font fallback while
    still returning the output path."""
    if warnings is not None:
        warnings.extend(w for w in kit.warnings if w not in warnings)


def _cell_widths(cell) -> tuple[float, float]:
    """(narrowest, natural) width in pt of a cell: a flowable, a list of them, or other."""
    items = cell if isinstance(cell, (list, tuple)) else [cell]
    narrow = max((f.minWidth() for f in items if hasattr(f, "minWidth")), default=0.0)
    natural = max((f.natural_width() for f in items if hasattr(f, "natural_width")), default=narrow)
    return narrow, max(natural, narrow)


def content_widths(data: list[list[Any]], total: float, padding: float) -> list[float]:
    """Column widths (pt) summing to ``total`` that follow the content, as HTML's
    automatic table layout does (CSS 2.1 §17.5.2.2): each column gets at least its
    widest unbreakable word and at most its longest line (``natural_width``), both
    plus ``padding``; the room between is shared in proportion to what each column
    would still take.  When even the narrowest widths do not fit, :func:`fit_widths`
    shares the shortfall and the words are cut between clusters.  Cells are
    flowables or lists of flowables; ``[]`` for no columns.
    """
    ncols = max((len(r) for r in data), default=0)
    if not ncols:
        return []
    lo = [0.0] * ncols
    hi = [0.0] * ncols
    for row in data:
        for i, cell in enumerate(row):
            n, w = _cell_widths(cell)
            lo[i] = max(lo[i], n + padding)
            hi[i] = max(hi[i], w + padding)
    if sum(hi) <= total:
        spare = total - sum(hi)
        return [w + spare * w / sum(hi) for w in hi] if sum(hi) else [total / ncols] * ncols
    if sum(lo) >= total:
        return fit_widths(data, [total / ncols] * ncols, padding)
    share = (total - sum(lo)) / (sum(hi) - sum(lo))
    return [a + (b - a) * share for a, b in zip(lo, hi)]


class Bookmark(Flowable):
    """An outline entry (PDF bookmark) for the place where it stands; takes no space.

    ``title``: the text shown in the viewer's bookmarks pane; ``level``: 0 for a
    top-level entry, 1 under the last level-0 entry, and so on (ReportLab refuses a
    jump of more than one level).
    """

    _count = 0

    def __init__(self, title: str, level: int = 0):
        super().__init__()
        self.title, self.level = title, level
        Bookmark._count += 1
        self.key = f"bm{Bookmark._count}"
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def build_document(path, story: list, kit: Kit, *, title: str, subject: str = "ITA", keywords: str = "ITA",
                   page_numbers: bool = True) -> None:
    """Build ``story`` into the PDF ``path`` with the two page templates of the documents.
    (``path`` is :func:`.atomic.write_atomic`'s temporary file: the documents call this from
    their ``build``.)

    ``"portrait"``: A4, margins left 3 cm, right 2 cm, top and bottom 2 cm (the
    official document margins, MEMO_LAYOUT.md); ``"landscape"``: A4 landscape with
    2 cm margins, for wide tables (switch with ``NextPageTemplate``).  From page 2 on
    the page number is printed at the foot, centred, in the document's digits.
    Metadata: ``title``, author = the office's name, ``subject``, ``keywords``, and
    an outline from the story's :class:`Bookmark` flowables, shown when opened.
    """
    office = kit.doc["office"]["name"]

    def number(canv, doc) -> None:
        if doc.page == 1:
            canv.showOutline()
        if page_numbers and doc.page > 1:
            canv.saveState()
            canv.setFont(kit.regular, kit.size * 0.875)
            w = canv._pagesize[0]
            canv.drawCentredString(w / 2, 1.1 * cm, kit.num(doc.page, 0))
            canv.restoreState()

    p_w, p_h = A4
    l_w, l_h = landscape(A4)
    templates = [
        PageTemplate("portrait", [Frame(3 * cm, 2 * cm, p_w - 5 * cm, p_h - 4 * cm, id="p")], onPage=number,
                     pagesize=A4),
        PageTemplate("landscape", [Frame(2 * cm, 2 * cm, l_w - 4 * cm, l_h - 4 * cm, id="l")], onPage=number,
                     pagesize=landscape(A4)),
    ]
    rl_config.useA85 = 0   # binary streams (see thaitext.doc_template)
    doc = BaseDocTemplate(str(path), pagesize=A4, title=title, author=office, subject=subject, keywords=keywords,
                          creator="ITA Desktop", initialFontName=kit.regular, initialFontSize=kit.size,
                          initialLeading=kit.size * kit.lead, pageTemplates=templates)
    doc.build(story)


class SplitTable(Table):
    """A Table for long reports: the header repeats on every page; a row taller than
    ``tall_row`` pt (default :data:`TALL_ROW_PT`) is split inside when moving it whole
    would leave more than ``max_gap`` pt (default :data:`SPLIT_GAP_PT`) empty at the
    foot of the page; a shorter row always moves whole to the next page.

    Why: ReportLab 5.1's ``Table.split`` with ``splitByRow=1, splitInRow=1`` first
    splits between rows; the frame then tries the rest (with its repeated header) in
    the space left on the same page and splits inside its first row there, so the
    header is printed a second time in the middle of a page (seen on the seed-001
    table), and short rows get split into orphan lines.  Real reports have cells
    longer than a page, so tall rows must split.  ``split_in_rows=False`` never
    splits inside a row.  ``split_line``: (weight pt, colour) of the line that closes
    the part of a split row at the foot of a page (ReportLab leaves it open).  Other
    arguments as for ``Table``.
    """

    def __init__(self, data, *args, split_in_rows: bool = True, max_gap: float | None = None,
                 tall_row: float | None = None, split_line=(0.5, colors.black), **kwargs):
        kwargs.setdefault("repeatRows", 1)
        kwargs["splitByRow"] = 1
        kwargs["splitInRow"] = 1 if split_in_rows else 0
        super().__init__(data, *args, **kwargs)
        self.max_gap = SPLIT_GAP_PT if max_gap is None else max_gap
        self.tall_row = TALL_ROW_PT if tall_row is None else tall_row
        self.split_line = split_line

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        by_row = self._splitRows(availHeight, doInRowSplit=0)
        if not self.splitInRow:
            return by_row
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1
        k = len(by_row[0]._rowHeights) if by_row else repeat   # the first row that does not fit
        if k < len(self._rowHeights) and self._rowHeights[k] > self.tall_row:
            used = sum(self._rowHeights[:k])
            # also when no row fits: on a fresh page the gap is the whole frame; in the
            # little space left after a split between rows, the rest moves on whole
            # (splitting it there printed its repeated header mid-page)
            if availHeight - used > self.max_gap:
                # no orphan: leave at least MIN_SPLIT_PART of the row for the next page
                rest = self._rowHeights[k] - (availHeight - used)
                height = availHeight
                if 0 < rest < MIN_SPLIT_PART and availHeight - (MIN_SPLIT_PART - rest) > used + MIN_SPLIT_PART:
                    height = availHeight - (MIN_SPLIT_PART - rest)
                in_row = self._splitRows(height, doInRowSplit=1)
                if in_row:
                    # ReportLab leaves the part on this page open at the bottom; close it
                    # with the grid's line so the page does not look cut off
                    weight, color = self.split_line
                    in_row[0].setStyle([("LINEBELOW", (0, -1), (-1, -1), weight, color)])
                    return in_row
        return by_row


#: Largest empty space (pt) a table leaves at the foot of a page rather than split a
#: tall row inside (about five body lines).
SPLIT_GAP_PT = 90.0
#: Rows taller than this (pt, about eight cell lines) may be split inside.
TALL_ROW_PT = 150.0
#: Least part (pt, about three cell lines) of a split row on either page: no orphan lines.
MIN_SPLIT_PART = 45.0


def _uncut_width(flowable) -> float:
    """Width (pt) of the widest part of ``flowable``'s words that no cut between
    dictionary words splits (:meth:`ThaiBreaker.compound_cuts`: องค์การบริหารส่วนตำบล|ปากช่อง),
    plus the indents: in a narrower column a word is cut inside, between clusters,
    which reads badly.  ``minWidth()`` for flowables other than ThaiParagraph.
    """
    from ita_desktop.pdf.thaitext import _WORD, _slice_runs

    pieces = getattr(flowable, "_pieces", None)
    if not isinstance(flowable, ThaiParagraph) or pieces is None:
        return flowable.minWidth() if hasattr(flowable, "minWidth") else 0.0
    size = flowable.style.fontSize
    widest = 0.0
    for piece in pieces:
        if piece.kind != _WORD:
            continue
        text = piece.text
        cuts = [0, *flowable.breaker.compound_cuts(text), len(text)]
        if len(cuts) == 2:
            widest = max(widest, piece.width)
            continue
        for a, b in pairwise(cuts):
            widest = max(widest, flowable._make_piece(_slice_runs(piece.runs, a, b), size, _WORD).width)
    return min(flowable.minWidth(), widest + flowable.style.leftIndent + flowable.style.rightIndent
               + max(getattr(flowable, "_indent", 0.0), 0.0))


def fit_widths(data: list[list[Any]], widths: list[float], padding: float) -> list[float]:
    """Column widths (pt) that follow the content: start from ``widths`` and widen any
    column whose widest unbreakable word (``minWidth()`` + ``padding``) does not fit,
    taking the room from the columns that have some to spare, in proportion.
    The total width is kept. When the words cannot all fit, they are cut between
    clusters (ThaiParagraph's last resort) rather than overflowing the page.

    Then a column left narrower than the width below which one of its words would be
    cut *inside* a dictionary word (:func:`_uncut_width`; a long name may still be cut
    between its words, as ThaiParagraph prefers) gets that width, taken in proportion
    from the columns that have more than theirs.  (Tables whose words fit are not
    changed by this.)
    """
    need = [0.0] * len(widths)
    for row in data:
        for i, cell in enumerate(row):
            need[i] = max(need[i], _cell_widths(cell)[0] + padding)
    out = list(widths)
    for _ in range(len(out)):
        short = sum(max(0.0, n - w) for n, w in zip(need, out))
        spare = [max(0.0, w - n) for n, w in zip(need, out)]
        if short <= 0.01 or sum(spare) <= 0.01:
            break
        take = min(short, sum(spare))
        out = [w + (max(0.0, n - w) / short) * take if n > w else w - sp / sum(spare) * take
               for n, w, sp in zip(need, out, spare)]
    if any(w < n - 0.01 for n, w in zip(need, out)):
        hard = [0.0] * len(widths)
        for row in data:
            for i, cell in enumerate(row):
                items = cell if isinstance(cell, (list, tuple)) else [cell]
                hard[i] = max(hard[i], max((_uncut_width(f) for f in items), default=0.0) + padding)
        short = sum(max(0.0, h - w) for h, w in zip(hard, out))
        spare = [max(0.0, w - h) for h, w in zip(hard, out)]
        if short > 0.01 and sum(spare) > 0.01:
            take = min(short, sum(spare))
            out = [w + (h - w) / short * take if h > w else w - sp / sum(spare) * take
                   for h, w, sp in zip(hard, out, spare)]
    return out
