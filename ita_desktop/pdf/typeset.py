"""Typeset arbitrary text or a TSV table: how anyone tests the Thai engine, and the benchmark.

``ita-desktop typeset INPUT --out FILE.pdf [--font PATH] [--no-shaping] [--landscape]
[--thai-digits]`` calls :func:`typeset`.

Input (UTF-8, a BOM allowed):

* plain text: paragraphs separated by blank lines; single newlines inside a
  paragraph are forced line breaks.  Each paragraph is justified (Thai distributed)
  with a first-line indent of 2.5 cm, as in Thai official documents.
* TSV (the file name ends in ``.tsv``, or every non-empty line of the first 20 has a
  tab): one table; the first row is the header, repeated on every page.  Cells may
  hold HTML paragraphs, line breaks, bold/italic, links and lists
  (:func:`.htmlcells.cell_blocks`), as the tables of the seed reports do.  Rows with
  fewer cells are padded; a cell longer than a page splits across pages.

Units: pt.  Sizes follow TH Sarabun PSK 16 pt for body text (:data:`fonts.BODY_SIZE_PT`
for the bundled Laksaman, :func:`fonts.body_size` for another font: the size at which
it sets Thai text as wide, with the same line distance, :func:`fonts.leading_em`), as
the documents do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape as landscape_of
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from ita_desktop.domain.fiscal import THAI_DIGITS

from . import fonts
from .common import CELL_LEADING_EM, DocumentError, SplitTable, content_widths, row_padding, write_atomic
from .htmlcells import cell_blocks, read_table
from .thaitext import ThaiBreaker, ThaiParagraph, doc_template, escape, table_style

#: First-line indent of body paragraphs (Thai official style: 2.5 cm; MEMO_LAYOUT.md).
PARAGRAPH_INDENT = 2.5 * cm
#: Space between two paragraphs of one table cell, in em of the cell font.
PARAGRAPH_GAP_EM = 0.3
CELL_PADDING = 4.0   # pt, left and right (for Laksaman; × the font's size_scale when larger: Engine.pad)


@dataclass
class TypesetResult:
    """What :func:`typeset` made: ``pages`` (int), ``paragraphs`` and ``rows`` counted,
    and ``missing``: characters no font could draw (shown as boxes)."""

    out: Path
    pages: int = 0
    paragraphs: int = 0
    rows: int = 0
    missing: set[str] = field(default_factory=set)


def is_tsv(path: Path, text: str) -> bool:
    """True when ``path`` ends in .tsv or every non-empty line of the first 20 has a tab."""
    if path.suffix.lower() == ".tsv":
        return True
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    return bool(lines) and all("\t" in ln for ln in lines)


def read_text(path: Path) -> str:
    """The file as text (UTF-8, BOM removed). Raises DocumentError in Thai/English."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as e:
        raise DocumentError(f"ไม่พบไฟล์ {path} / file not found: {path}") from e
    except UnicodeDecodeError as e:
        raise DocumentError(f"{path.name}: ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {e.start}) / not UTF-8 text "
                            f"(byte {e.start})") from e
    except OSError as e:
        raise DocumentError(f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {e.strerror}") from e


class Engine:
    """Styles and options for one typeset run.

    ``font``: a TrueType file or an installed family name (:func:`register_font`), or
    None for the bundled Laksaman.  ``shaping``, ``thai_digits``: passed to every
    :class:`ThaiParagraph`.
    """

    def __init__(self, font: Path | str | None = None, *, shaping: bool = True, thai_digits: bool = False,
                 extra_words=()):
        self.family = fonts.register_family() if font is None else register_font(font)
        size = fonts.body_size(self.family)
        lead = fonts.leading_em(self.family)
        scale = fonts.size_scale(self.family)
        self.shaping = shaping
        self.thai_digits = thai_digits
        self.breaker = ThaiBreaker(extra_words)
        self.body = ParagraphStyle("body", fontName=self.family, fontSize=size, leading=size * lead,
                                   alignment=TA_JUSTIFY, firstLineIndent=PARAGRAPH_INDENT)
        cell = size * 0.875
        # 1.48 em of Laksaman (the same points in another font, at most 1.48 of its em): poppler
        # keeps the lines of one cell together only up to 1.5 em (common.CELL_LEADING_EM)
        cell_lead = min(CELL_LEADING_EM, CELL_LEADING_EM * fonts.line_factor(self.family) / scale)
        self.cell = ParagraphStyle("cell", fontName=self.family, fontSize=cell, leading=cell * cell_lead,
                                   alignment=TA_LEFT)
        self.scale = scale
        self.pad = CELL_PADDING * max(1.0, scale)   # poppler's column gap is in em: common.CELL_PADDING_PT
        self.row_pad = row_padding(cell, cell_lead)   # and so is its line grouping: common.ROW_GAP_EM
        self.head = ParagraphStyle("head", parent=self.cell, fontName=fonts.bold_font_name(self.family),
                                   alignment=TA_CENTER)
        self.paragraphs: list[ThaiParagraph] = []

    def para(self, markup: str, style: ParagraphStyle, **kw) -> ThaiParagraph:
        p = ThaiParagraph(markup, style, self.breaker, thai_digits=self.thai_digits, shaping=self.shaping, **kw)
        self.paragraphs.append(p)
        return p

    def cell_flowables(self, html: str, style: ParagraphStyle) -> list[Flowable]:
        """The flowables of one table cell: paragraphs and list items (hanging indent)."""
        out: list[Flowable] = []
        for block in cell_blocks(html):
            if block.kind == "item":
                label = block.label or ""
                if self.thai_digits:
                    label = label.translate(THAI_DIGITS)
                if label and label[-1].isdigit():
                    label += "."
                em = style.fontSize / self.scale   # in Laksaman's em: the same points in any font
                indent = em * (1.2 * (block.level - 1))
                hang = em * 1.2 if label else 0.0
                st = ParagraphStyle(f"{style.name}-li{block.level}", parent=style,
                                    leftIndent=indent + hang, firstLineIndent=0)
                out.append(self.para(block.markup, st, label=label or None, label_indent=indent))
            else:
                out.append(self.para(block.markup, style))
            if len(out) > 1 and block.kind == "para":
                # A gap between the paragraphs of a cell: readers see two paragraphs,
                # and poppler (pdftotext) makes them separate text blocks (lines more
                # than 1.5 em apart), so extracted text never runs one into the next.
                out[-1].spaceBefore = style.fontSize / self.scale * PARAGRAPH_GAP_EM
        return out or [self.para("", style)]


def register_font(font: Path | str) -> str:
    """Register the office's font and return its ReportLab family name.

    ``font``: a TrueType file (its -Bold/-Italic/-BoldItalic siblings, or
    ``Bold``/``Italic``/``Bold Italic`` in the name as TH Sarabun files are named,
    become its other faces), or the name of an installed family (``"TH SarabunIT๙"``,
    ``"THSarabunNew"``; :func:`.fontfind.find_family`), whose four faces are used.

    Raises DocumentError (Thai/English) when no such file or family exists, or when
    ReportLab cannot embed it (CFF-outline OpenType, a broken file).
    """
    from . import fontfind

    path = Path(font)
    family = None
    if path.is_file():
        stem = path.stem
        faces = {"regular": path}
        for face, suffixes in (("bold", ("-Bold", " Bold", "Bold")), ("italic", ("-Italic", " Italic", "Italic")),
                               ("bold_italic", ("-BoldItalic", " Bold Italic", "BoldItalic", "-BoldOblique"))):
            for suf in suffixes:
                cand = path.with_name(stem + suf + path.suffix)
                if cand.is_file():
                    faces[face] = cand
                    break
        name = "User-" + "".join(c if c.isalnum() else "_" for c in stem)
    else:
        family = fontfind.find_family(str(font))
        if family is None or family.regular is None:
            raise DocumentError(f"ไม่พบฟอนต์ {font} (ไม่มีไฟล์และไม่ได้ติดตั้งในเครื่อง) / font {font} not found "
                                f"(no such file or installed family)")
        path = family.regular
    try:
        if family is not None:
            return fonts.register_installed(family)   # "Office-<name>", as the documents register office.font
        return fonts.register_family(faces["regular"], faces.get("bold"), faces.get("italic"),
                                     faces.get("bold_italic"), name=name)
    except Exception as e:  # TTFError, struct errors, OSError: ReportLab cannot use the file
        raise DocumentError(f"ใช้ฟอนต์ {path.name} ไม่ได้ (ต้องเป็นไฟล์ TrueType .ttf) / cannot use font "
                            f"{path.name} (a TrueType .ttf is needed): {e}") from e


def text_story(engine: Engine, text: str) -> list[Flowable]:
    """Paragraphs of plain text: blank lines separate paragraphs."""
    story: list[Flowable] = []
    block: list[str] = []
    for line in text.splitlines() + [""]:
        if line.strip():
            block.append(line.rstrip())
        elif block:
            story.append(engine.para(escape("\n".join(block)), engine.body))
            block = []
    return story


def tsv_rows(text: str) -> list[list[str]]:
    """Rows of a TSV text (:func:`.htmlcells.read_table`: rows end at \n or \r\n only,
    cells split on tabs and trimmed, blank lines skipped, short rows padded)."""
    return read_table(text)


def table_story(engine: Engine, rows: list[list[str]], frame_width: float) -> list[Flowable]:
    """One table: the first row the header (repeated on each page), widths following the content."""
    if not rows:
        return []
    data = [[engine.cell_flowables(c, engine.head) for c in rows[0]]]
    data += [[engine.cell_flowables(c, engine.cell) for c in r] for r in rows[1:]]
    widths = content_widths(data, frame_width, padding=2 * engine.pad)
    t = SplitTable(data, colWidths=widths)
    t.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("LEFTPADDING", (0, 0), (-1, -1), engine.pad), ("RIGHTPADDING", (0, 0), (-1, -1), engine.pad),
        ("TOPPADDING", (0, 0), (-1, -1), engine.row_pad[0]), ("BOTTOMPADDING", (0, 0), (-1, -1), engine.row_pad[1])],
        font_name=engine.family))
    return [t]


def typeset(src: Path, out: Path, *, font: Path | str | None = None, shaping: bool = True,
            landscape: bool = False, thai_digits: bool = False, extra_words=()) -> TypesetResult:
    """Typeset the text or TSV file ``src`` into the PDF ``out`` (A4, margins 2 cm; written
    atomically).  Returns a :class:`TypesetResult`.

    Raises DocumentError (Thai/English message) for an unreadable input, an unusable
    font or an unwritable output.
    """
    src, out = Path(src), Path(out)
    text = read_text(src)
    engine = Engine(font, shaping=shaping, thai_digits=thai_digits, extra_words=extra_words)
    pagesize = landscape_of(A4) if landscape else A4
    margin = 2 * cm
    result = TypesetResult(out)
    if is_tsv(src, text):
        rows = tsv_rows(text)
        story = table_story(engine, rows, pagesize[0] - 2 * margin)
        result.rows = max(len(rows) - 1, 0)
    else:
        story = text_story(engine, text)

    def build(path: str) -> None:
        doc = doc_template(path, font_name=engine.family, pagesize=pagesize, leftMargin=margin,
                           rightMargin=margin, topMargin=margin, bottomMargin=margin,
                           title=src.stem, creator="ITA Desktop")
        doc.build(story)
        result.pages = doc.page

    write_atomic(out, build)
    result.paragraphs = len(engine.paragraphs)
    for p in engine.paragraphs:
        result.missing |= p.missing
    return result

