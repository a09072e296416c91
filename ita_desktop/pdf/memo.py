"""The internal memo (บันทึกข้อความ), laid out as MEMO_LAYOUT.md says.

Source of the layout: ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ ข้อ 12 and the
style guides that implement it (``shared/docs/MEMO_LAYOUT.md``), seed 003 for the
approval chain and the continuation markers:

* A4 portrait; margins left 3 cm, right 2 cm, top 1.5 cm (the emblem line),
  bottom 2 cm; pages 2 on start 2.5 cm from the top, under the page number.
* The emblem (the office's own image; the program ships none) 1.5 cm high,
  top-left, its foot on the line of the heading; without one the space is left.
* Heading "บันทึกข้อความ" bold 29 TH-Sarabun-pt, centred between the margins.
* Header lines, each label bold 20 Sarabun-pt followed by its value on a dotted
  leader: ส่วนราชการ / ที่ + วันที่ (one line, half each) / เรื่อง; no rule under them.
* เรียน …, the sections (heading bold, paragraphs justified, first-line indent
  2.5 cm), the closing line.
* The signature block centred on the right half: the signature (an image about
  1.5 cm high, the typed name of an e-saraban document, or blank space for a pen),
  "(name)", position.
* The approval chain, one block per level: the title ("ความเห็นของ…"), the choice
  boxes, the comment on dotted lines (one empty dotted line without a comment),
  room for the pen, "ลงชื่อ" on a dotted line, "(name)", position.
* Page numbers "- ๒ -" centred at the top from page 2 on (Thai or Arabic digits).
* Optional continuation markers: at the foot of each memo page that continues,
  right-aligned, "/" and the first words of the next page and "..." (seed 003:
  "/๔.การปรับปรุง...").
* Optional appendix (e.g. the report the memo carries), on its own pages after
  the memo, in the same PDF.

Sizes in TH Sarabun points are converted to the registered font with
:meth:`Kit.sarabun` (Laksaman prints 1.5 times larger at the same size; the office's own
font, ``office.font``, by its measured scale: :func:`.fonts.size_scale`).  Spaces, boxes
and offsets that are not text are multiples of :attr:`Kit.unit`, the body size in
Laksaman points, so the page looks the same whatever font prints.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, NextPageTemplate, PageBreak,
                                PageTemplate, Spacer, Table)

from ita_desktop.domain.fiscal import FiscalYear, thai_date, to_thai_digits
from ita_desktop.pdf.analysis import period_text
from ita_desktop.pdf.common import DocumentError, Kit, assessment_of, hand_on_warnings, write_atomic
from ita_desktop.pdf.thaibreak import cluster_boundaries
from ita_desktop.pdf.thaitext import ThaiParagraph, escape, table_style

#: An image given by the office (PNG or JPEG): a file path, the file's bytes, or a
#: ``data:image/png;base64,…`` URL (how the interchange file and the store keep it).
ImageSource = str | Path | bytes

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 3 * cm, 2 * cm, 1.5 * cm, 2 * cm
TOP_LATER = 2.5 * cm          # room for the page number on pages 2+
PAGE_NUMBER_Y = PAGE_H - 1.5 * cm - 8.5   # baseline of "- ๒ -": its digits begin about 1.5 cm from the top edge
EMBLEM_H = 1.5 * cm
EMBLEM_MAX_W = 4 * cm         # a wider image is scaled down (it would run into the heading)
SIGNATURE_H = 1.5 * cm
SIGNATURE_MAX_W = 6 * cm
HEADING_PT = 29               # TH Sarabun pt (MEMO_LAYOUT.md)
LABEL_PT = 20                 # TH Sarabun pt
INDENT = 2.5 * cm
DOT_GAP = 2.2                 # pt between dots of a leader line
MARKER_MIN_CHARS = 6          # a continuation marker shows whole words up to at least this many characters
MARKER_MAX_CHARS = 40         # … and at most this many (a longer first word, a URL, is cut)
APPENDIX_MARGINS = (3 * cm, 2 * cm, 2 * cm, 2 * cm)   # left, right, top, bottom


# -- images ---------------------------------------------------------------------------

class MemoImage:
    """A PNG or JPEG image checked to decode completely, ready for ``drawImage``.

    ``source``: a path or the bytes of the file; ``what``: what it is, in Thai and
    English (``("ตราสัญลักษณ์", "emblem")``) for the error message. Raises
    DocumentError (one line, Thai / English) for a missing, unreadable, truncated or
    non-PNG/JPEG file.
    """

    def __init__(self, source: ImageSource, what: tuple[str, str]):
        from PIL import Image, UnidentifiedImageError

        th, en = what
        if isinstance(source, (bytes, bytearray, memoryview)):
            data, name = bytes(source), ""
        elif isinstance(source, str) and source.startswith("data:"):
            name = ""
            head, _, payload = source.partition(",")
            try:
                if not head.endswith(";base64"):
                    raise ValueError("not base64")
                data = base64.b64decode(payload, validate=True)
            except (ValueError, binascii.Error) as e:
                raise DocumentError(f"ข้อมูลภาพ{th}เสียหาย / the {en} image data is damaged: {e}") from e
        else:
            name = f" {Path(source).name}"
            try:
                data = Path(source).read_bytes()
            except OSError as e:
                raise DocumentError(f"เปิดไฟล์ภาพ{th}{name} ไม่ได้ / cannot open the {en} image{name}: "
                                    f"{e.strerror or e}") from e
        bad = (f"ไฟล์ภาพ{th}{name} ใช้ไม่ได้ ต้องเป็นภาพ PNG หรือ JPEG ที่สมบูรณ์ / "
               f"the {en} image{name} cannot be used: a complete PNG or JPEG image is needed")
        try:
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format
                im.load()              # decode it all: a truncated file fails here, not in the build
                self.width, self.height = im.size
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as e:
            raise DocumentError(f"{bad} ({e})") from e
        if fmt not in ("PNG", "JPEG"):
            raise DocumentError(f"{bad} ({fmt})")
        if not self.width or not self.height:
            raise DocumentError(bad)
        self.reader = ImageReader(io.BytesIO(data))

    def size_for(self, height: float, max_width: float) -> tuple[float, float]:
        """(width, height) in pt: ``height`` high with the image's proportions, scaled
        down as a whole when wider than ``max_width``."""
        w = height * self.width / self.height
        if w > max_width:
            return max_width, max_width * self.height / self.width
        return w, height

    def draw(self, canv, x: float, y: float, w: float, h: float) -> None:
        canv.drawImage(self.reader, x, y, width=w, height=h, mask="auto")


def _image(source: ImageSource | MemoImage | None, what: tuple[str, str]) -> MemoImage | None:
    if source is None or isinstance(source, MemoImage):
        return source
    return MemoImage(source, what)


class _Picture(Flowable):
    """An image ``height`` pt high (at most ``max_width`` wide), centred in the width given."""

    def __init__(self, image: MemoImage, height: float, max_width: float):
        super().__init__()
        self.image = image
        self.box_h = height
        self.max_w = max_width

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.box_h
        self.iw, self.ih = self.image.size_for(self.box_h, min(self.max_w, aw))
        return aw, self.height

    def draw(self) -> None:
        self.image.draw(self.canv, (self.width - self.iw) / 2, (self.box_h - self.ih) / 2, self.iw, self.ih)


# -- header ---------------------------------------------------------------------------

def _dotted(canv, x0: float, x1: float, y: float) -> None:
    canv.saveState()
    canv.setLineWidth(0.6)
    canv.setDash(0.6, DOT_GAP)
    canv.line(x0, y, x1, y)
    canv.restoreState()


def _descent(font_name: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return -pdfmetrics.getFont(font_name).face.descent * size / 1000.0


class MemoHeading(Flowable):
    """The emblem box (1.5 cm high, top-left) with "บันทึกข้อความ" bold, 29 Sarabun-pt,
    centred between the margins on the line at the foot of the box."""

    def __init__(self, kit: Kit, emblem: MemoImage | None = None):
        super().__init__()
        self.kit = kit
        self.emblem = emblem
        self.para = ThaiParagraph("<b>บันทึกข้อความ</b>", kit.style("memo_heading", kit.sarabun(HEADING_PT),
                                                                    bold=True, alignment=TA_CENTER), kit.breaker)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.ph = self.para.wrap(aw, ah)[1]
        self.height = max(EMBLEM_H, self.ph)
        return aw, self.height

    def draw(self) -> None:
        if self.emblem:
            w, h = self.emblem.size_for(EMBLEM_H, EMBLEM_MAX_W)
            self.emblem.draw(self.canv, 0, self.height - EMBLEM_H + (EMBLEM_H - h), w, h)
        self.para.drawOn(self.canv, 0, 0)

    def text(self) -> str:
        return "บันทึกข้อความ"


class DottedFields(Flowable):
    """One header line: ``label value`` pairs, each value over a dotted leader.

    ``fields``: [(label, value, share)] where share is the fraction of the
    line width (ที่ 0.5 + วันที่ 0.5). Labels bold, 20 Sarabun-pt
    (MEMO_LAYOUT.md), values in the body size; a long value wraps and every
    line gets its dotted leader. Label and value share one baseline.
    """

    def __init__(self, kit: Kit, fields: list[tuple[str, str, float]], label_pt: float | None = None,
                 bold_label: bool = True):
        super().__init__()
        self.kit = kit
        self.fields = fields
        self.lstyle = kit.style("label", label_pt or kit.sarabun(LABEL_PT), bold=bold_label)
        self.vstyle = kit.style("field", kit.size)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.parts = []
        L, LL = self.vstyle.leading, self.lstyle.leading
        self.first = max(L, LL)
        lines = 1
        x = 0.0
        for label, value, share in self.fields:
            w = aw * share
            lp = ThaiParagraph(escape(label), self.lstyle, self.kit.breaker) if label else None
            lw = (lp.minWidth() + 4) if lp else 0.0
            if lp:
                lp.wrap(lw + 1, ah)
            vp = ThaiParagraph(escape(self.kit.text(value)), self.vstyle, self.kit.breaker) if value else None
            ph = vp.wrap(w - lw - (8 if lp else 6), ah)[1] if vp else L
            n = max(1, round(ph / L))
            lines = max(lines, n)
            self.parts.append((x, w, lp, lw, vp, ph, n))
            x += w
        self.height = self.first + (lines - 1) * L + 2
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        L = self.vstyle.leading
        base = self.height - self.first + _descent(self.lstyle.fontName, self.lstyle.fontSize)
        dv = _descent(self.vstyle.fontName, self.vstyle.fontSize)
        for k, (x, w, lp, lw, vp, ph, n) in enumerate(self.parts):
            if lp:
                # its baseline is LL - descent above its bottom
                lp.drawOn(c, x, base - _descent(self.lstyle.fontName, self.lstyle.fontSize))
            if vp:
                vp.drawOn(c, x + lw + (2 if lp else 0), base - ph + L - dv)
            # the leader runs to the right margin; a gap before the next field of the line
            end = x + w - (6 if k < len(self.parts) - 1 else 0)
            for i in range(n):
                _dotted(c, x + lw, end, base - i * L - 1.5)

    def text(self) -> str:
        return " ".join(t for label, value, _ in self.fields for t in (label, self.kit.text(value)) if t)


# -- signatures and approvals ------------------------------------------------------------

def _right_half(kit: Kit, flowables: list, width: float) -> Table:
    t = Table([["", flowables]], colWidths=[width / 2, width / 2])
    t.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")], font_name=kit.regular))
    return t


def _name_lines(kit: Kit, person: dict[str, Any] | None) -> list:
    if person:
        return [kit.p(f"({person['name']})", kit.center), kit.p(person["position"], kit.center)]
    return [kit.p("(" + "." * 40 + ")", kit.center)]


def _sign_block(kit: Kit, person: dict[str, Any] | None, width: float, *, signature: MemoImage | None = None,
                typed: bool = False) -> Table:
    """The signer's block on the right half: the signature (image, typed name or blank
    space about 1.5 cm high), "(name)" and position, centred."""
    items: list = []
    if signature is not None:
        items.append(_Picture(signature, SIGNATURE_H, SIGNATURE_MAX_W))
    elif typed and person:
        # e-saraban (สารบรรณ amendment 2564): the typed name stands for the signature
        items += [Spacer(1, SIGNATURE_H - kit.body.leading), kit.p(person["name"], kit.center)]
    else:
        items.append(Spacer(1, SIGNATURE_H))
    return _right_half(kit, items + _name_lines(kit, person), width)


def _approval_sign_block(kit: Kit, person: dict[str, Any] | None, width: float) -> Table:
    """"ลงชื่อ" over a dotted line, "(name)", position: centred on the right half."""
    items = [DottedFields(kit, [("ลงชื่อ", "", 1.0)], label_pt=kit.size, bold_label=False), Spacer(1, 2)]
    return _right_half(kit, items + _name_lines(kit, person), width)


class CheckBoxes(Flowable):
    """Approval choices drawn as empty squares with their labels: ☐ ทราบ  ☐ เห็นชอบ …

    The squares are drawn, not typed: the bundled font has no U+2610.
    """

    def __init__(self, kit: Kit, choices: list[str]):
        super().__init__()
        self.kit = kit
        self.style = kit.style("choice", kit.size)
        self.paras = [ThaiParagraph(escape(kit.text(c)), self.style, kit.breaker) for c in choices]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.boxes = []
        box = self.kit.unit
        x, row = 0.0, 0
        for p in self.paras:
            w = min(p.natural_width() + 2, aw - box * 1.6)   # the label on one line
            if x + box * 1.6 + w > aw and x > 0:
                x, row = 0.0, row + 1
            p.wrap(w, ah)
            self.boxes.append((x, row, p))
            x += box * 1.6 + w + box
        self.height = (row + 1) * self.style.leading
        return aw, self.height

    def draw(self) -> None:
        L = self.style.leading
        s = self.kit.unit * 0.75
        d = _descent(self.style.fontName, self.style.fontSize)
        for x, row, p in self.boxes:
            bottom = self.height - (row + 1) * L
            self.canv.rect(x, bottom + d, s, s)
            p.drawOn(self.canv, x + self.kit.unit * 1.6, bottom + L - p.height)

    def text(self) -> str:
        return " ".join(p.plain_text for p in self.paras)


# -- continuation markers ----------------------------------------------------------------

def first_text(flowable: Any) -> str:
    """The text of the first line ``flowable`` draws ("" when it draws none): the
    first line of a paragraph, the first body row of a table (its repeated header
    skipped), the label and value of a header line."""
    if isinstance(flowable, ThaiParagraph):
        return next((t for t in flowable.line_texts() if t.strip()), "") or flowable.plain_text.strip()
    if isinstance(flowable, Table):
        rows = getattr(flowable, "_cellvalues", [])
        repeat = flowable.repeatRows
        skip = (repeat if isinstance(repeat, int) else max(repeat) + 1) if repeat else 0
        for row in list(rows[skip:]) + list(rows[:skip]):
            for cell in row:
                t = _cell_text(cell)
                if t:
                    return t
        return ""
    if hasattr(flowable, "text") and callable(flowable.text):
        return flowable.text().strip()
    content = getattr(flowable, "_content", None)
    if isinstance(content, (list, tuple)):
        return next((t for t in map(first_text, content) if t), "")
    return ""


def _cell_text(cell: Any) -> str:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, (list, tuple)):
        return next((t for t in map(_cell_text, cell) if t), "")
    if isinstance(cell, Flowable):
        return first_text(cell)
    return ""


def marker_text(kit: Kit, line: str) -> str:
    """The continuation marker for a page whose next page starts with ``line``:
    "/" + its first whole words, at least :data:`MARKER_MIN_CHARS` characters
    (seed 003: "/๔.การปรับปรุง...", "/ข้อเสนอ..."), + "...". A word that would take
    the marker past :data:`MARKER_MAX_CHARS` is left out, unless it is the first
    (a URL): that one is cut between characters there. "" for no text."""
    line = " ".join(line.split())
    head = ""
    for seg in kit.breaker.segments(line):
        if len(head.strip()) >= MARKER_MIN_CHARS:
            break
        if head.strip() and len((head + seg).strip()) > MARKER_MAX_CHARS:
            break
        head += seg
    head = head.strip()
    if len(head) > MARKER_MAX_CHARS:
        head = head[:max((c for c in cluster_boundaries(head) if c <= MARKER_MAX_CHARS), default=len(head))]
    return f"/{head}..." if head else ""


class _MemoEnd(Flowable):
    """Zero-size mark after the memo's last flowable (the appendix follows).
    ``_ZEROSIZE``: the frame takes it even when the page is exactly full."""

    _ZEROSIZE = True

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class MemoDocTemplate(BaseDocTemplate):
    """The memo's page templates ("first", "later", and "appendix" when there is one),
    the page numbers, and the continuation markers.

    Markers in one pass: each memo page that may continue draws a PDF form XObject
    (``Canvas.doForm``) at its foot; the form is defined (``beginForm``) as soon as
    the first flowable with text has been drawn on the next page, from that
    flowable's first line. The memo's last page draws none. A form not defined by
    then (a next page without text) is defined empty, so the PDF is always complete.
    ``path``: where ReportLab writes, :func:`.atomic.write_atomic`'s temporary file
    (see :func:`render_memo`).
    """

    def __init__(self, path: str, kit: Kit, *, thai_digits: bool, continuation: bool,
                 appendix_pagesize: tuple[float, float] | None = None,
                 appendix_margins: tuple[float, float, float, float] = APPENDIX_MARGINS,
                 appendix_page_numbers: bool = True, **kwargs):
        super().__init__(path, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                         bottomMargin=BOTTOM, initialFontName=kit.regular, initialFontSize=kit.size, **kwargs)
        self.kit = kit
        self.thai_digits = thai_digits
        self.continuation = continuation
        self.memo_done = False
        self.pending: list[int] = []          # pages that draw a marker form not yet defined
        self.markers: dict[int, str] = {}     # page → marker text drawn at its foot
        self.appendix_start = 0               # the appendix's first page (0: not yet)
        width = PAGE_W - LEFT - RIGHT
        frame1 = Frame(LEFT, BOTTOM, width, PAGE_H - TOP - BOTTOM, id="first",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame2 = Frame(LEFT, BOTTOM, width, PAGE_H - TOP_LATER - BOTTOM, id="later",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [PageTemplate("first", [frame1], onPageEnd=self._page_end, autoNextPageTemplate="later"),
                     PageTemplate("later", [frame2], onPage=self._page_number, onPageEnd=self._page_end)]
        if appendix_pagesize is not None:
            aw, ah = appendix_pagesize
            left, right, top, bottom = appendix_margins
            frame3 = Frame(left, bottom, aw - left - right, ah - top - bottom, id="appendix",
                           leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            # the appendix counts its own pages: "- ๒ -" on its second page, as printed alone
            number = self._appendix_number(left + (aw - left - right) / 2, ah - top + kit.unit * 0.9)
            templates.append(PageTemplate("appendix", [frame3], pagesize=(aw, ah),
                                          onPage=number if appendix_page_numbers else self._appendix_page))
        self.addPageTemplates(templates)

    # page furniture
    def _page_number(self, canv, doc) -> None:
        n = str(canv.getPageNumber())
        text = f"- {to_thai_digits(n) if self.thai_digits else n} -"
        canv.saveState()
        canv.setFont(self.kit.regular, self.kit.size)  # digits and hyphens: no marks to shape
        canv.drawCentredString(LEFT + (PAGE_W - LEFT - RIGHT) / 2, PAGE_NUMBER_Y, text)
        canv.restoreState()

    def _appendix_page(self, canv, doc) -> int:
        """The page's number within the appendix (1 on its first page)."""
        if not self.appendix_start:
            self.appendix_start = canv.getPageNumber()
        return canv.getPageNumber() - self.appendix_start + 1

    def _appendix_number(self, x: float, y: float):
        def number(canv, doc) -> None:
            n = self._appendix_page(canv, doc)
            if n < 2:
                return
            text = f"- {to_thai_digits(str(n)) if self.thai_digits else n} -"
            canv.saveState()
            canv.setFont(self.kit.regular, self.kit.size)
            canv.drawCentredString(x, y, text)
            canv.restoreState()
        return number

    def _page_end(self, canv, doc) -> None:
        if self.continuation and not self.memo_done:
            n = canv.getPageNumber()
            canv.doForm(self._form(n))
            self.pending.append(n)

    @staticmethod
    def _form(page: int) -> str:
        return f"memo_continued_{page}"

    def _define(self, page: int, text: str) -> None:
        canv = self.canv
        canv.beginForm(self._form(page))
        if text:
            style = self.kit.style("marker", self.kit.size, alignment=TA_RIGHT)
            p = ThaiParagraph(escape(text), style, self.kit.breaker)
            width = PAGE_W - LEFT - RIGHT
            _, h = p.wrap(width, PAGE_H)
            # baseline one body line below the frame's foot, right edge on the right margin
            baseline = BOTTOM - self.kit.body.leading * 0.8
            p.drawOn(canv, LEFT, baseline - _descent(style.fontName, style.fontSize) - (h - style.leading))
            self.markers[page] = text
        canv.endForm()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _MemoEnd):
            for page in self.pending:
                self._define(page, "")
            self.pending = []
            self.memo_done = True
            return
        if not self.pending:
            return
        page = self.canv.getPageNumber()
        if self.pending[-1] < page:   # the first flowables of a new page
            text = marker_text(self.kit, first_text(flowable))
            if text:
                for p in self.pending[:-1]:
                    self._define(p, "")
                self._define(self.pending[-1], text)
                self.pending = []


# -- the story --------------------------------------------------------------------------

def memo_story(kit: Kit, year: int, memo_index: int = 0, emblem: ImageSource | MemoImage | None = None, *,
               signature: ImageSource | MemoImage | None = None, typed_signature: bool = False) -> list:
    """The flowables of one memo of fiscal year ``year`` (B.E.).

    Raises DocumentError without such a memo or for a bad emblem/signature image.
    """
    doc = kit.doc
    a = assessment_of(doc, year)
    memos = a.get("memos", [])
    if not memos:
        raise DocumentError(f"ยังไม่มีบันทึกข้อความของปีงบประมาณ {year} / no memo for fiscal year {year}")
    if not 0 <= memo_index < len(memos):
        raise DocumentError(f"ไม่มีบันทึกข้อความลำดับที่ {memo_index + 1} / no memo number {memo_index + 1}")
    emblem = _image(emblem, ("ตราสัญลักษณ์", "emblem"))
    signature = _image(signature, ("ลายมือชื่อ", "signature"))
    m = memos[memo_index]
    people = {p["key"]: p for p in doc["office"].get("people", [])}
    width = PAGE_W - LEFT - RIGHT
    when = thai_date(date.fromisoformat(m["date"]), thai_digits=kit.thai_digits) if m.get("date") else ""
    story: list = [
        MemoHeading(kit, emblem),
        Spacer(1, 4),
        DottedFields(kit, [("ส่วนราชการ", m.get("department", ""), 1.0)]),
        DottedFields(kit, [("ที่", m.get("number", ""), 0.5), ("วันที่", when, 0.5)]),
        DottedFields(kit, [("เรื่อง", m["subject"], 1.0)]),
        Spacer(1, kit.unit * 0.4),
        kit.p(f"เรียน {m['recipient']}", kit.body_left),
        Spacer(1, kit.unit * 0.3),
    ]
    for s in m.get("sections", []):
        if s.get("heading"):
            story.append(kit.p(s["heading"], kit.body_left, bold=True, indent=INDENT))
        for para in s["paragraphs"]:
            story.append(kit.p(para, indent=INDENT))
        if s.get("attach_measures_table"):
            story += [Spacer(1, kit.unit * 0.3), measures_results_table(kit, a, width), Spacer(1, kit.unit * 0.3)]
    if m.get("closing"):
        story.append(kit.p(m["closing"], indent=INDENT))
    signer = people.get(m.get("signer") or "")
    story += [Spacer(1, kit.unit * 0.6),
              KeepTogether([_sign_block(kit, signer, width, signature=signature, typed=typed_signature)])]
    for ap in m.get("approvals", []):
        block: list = [Spacer(1, kit.unit * 0.8), kit.p(ap["title"], kit.body_left, bold=True)]
        if ap.get("choices"):
            block.append(CheckBoxes(kit, ap["choices"]))
        # the comment (or room for one) on dotted lines, as the forms have it
        block.append(DottedFields(kit, [("", ap.get("comment", ""), 1.0)], label_pt=kit.size, bold_label=False))
        block.append(Spacer(1, kit.body.leading))            # room for the pen
        block.append(_approval_sign_block(kit, people.get(ap["person"]), width))
        story.append(KeepTogether(block))
    return story


def measures_results_table(kit: Kit, a: dict[str, Any], width: float) -> Table:
    """The measures with their latest results (seed 003's table):
    มาตรการ/แนวทาง · วิธีดำเนินการ · ผู้รับผิดชอบ · ระยะเวลาดำเนินงาน · ผลการดำเนินงาน · ข้อเสนอ."""
    latest: dict[str, dict[str, Any]] = {}
    for r in sorted(a.get("results", []), key=lambda r: r["round"]):
        latest[r["measure"]] = r
    rows = []
    for i, m in enumerate(a.get("measures", []), 1):
        r = latest.get(m["key"], {})
        done = r.get("done", "")
        if r.get("outcome"):
            done += ("\n" if done else "") + r["outcome"]
        rows.append([f"{i}.{m['title']}", m.get("steps", ""), m.get("responsible", ""), period_text(m, kit), done,
                     r.get("suggestions", "")])
    return kit.table(["มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินงาน", "ผลการดำเนินงาน",
                      "ข้อเสนอ"], rows, [width * f for f in (0.17, 0.24, 0.16, 0.11, 0.24, 0.08)])


def render_memo(doc: dict[str, Any], year: int, out: Path | str, *, thai_digits: bool | None = None,
                memo_index: int = 0, emblem: ImageSource | None = None, signature: ImageSource | None = None,
                typed_signature: bool = False, continuation: bool = False,
                appendix: Iterable[Flowable] | None = None,
                appendix_pagesize: tuple[float, float] | None = None,
                appendix_margins: tuple[float, float, float, float] | None = None,
                appendix_page_numbers: bool = True, warnings: list | None = None) -> Path:
    """Write memo number ``memo_index`` of fiscal year ``year`` (B.E.) to ``out`` (PDF, A4 portrait).

    * ``thai_digits``: print numbers in Thai digits; None: the office's choice
      (``office.thai_digits``, default yes).
    * ``emblem``: the office's emblem (:data:`ImageSource`, PNG/JPEG), drawn 1.5 cm
      high top-left on the heading line; None: ``office.emblem`` when there is one,
      else the space is left.
    * How the signer signs: ``signature`` (an image, about 1.5 cm high above
      "(name)") or ``typed_signature=True`` (the name typed in its place: an
      e-saraban document); neither: the memo's ``signature`` field — ``"image"``
      (the signer's ``signature`` image from ``office.people``), ``"typed"``, or
      ``""``/absent: blank space for a pen.
    * ``continuation``: print "/first words..." at the foot of every memo page that
      continues (seed 003).
    * ``appendix``: flowables printed after the memo, starting on a new page (e.g.
      the report the memo carries: ``report_story(...)``'s flowables, page size and
      margins), with ``appendix_pagesize`` (default A4 portrait; ``landscape(A4)``
      for a wide table) and ``appendix_margins`` (left, right, top, bottom in pt;
      default 3, 2, 2, 2 cm). The memo's page numbers do not continue into the
      appendix: an attachment is a document of its own, so it counts its own pages
      ("- ๒ -" at the top centre from its second page, as the report printed alone;
      ``appendix_page_numbers=False``: none). No continuation markers there.

    * The font: the office's (``office.font``, see :class:`.common.Kit`), at the
      sizes of MEMO_LAYOUT.md in TH Sarabun points.  ``warnings``: a list to which
      :class:`.fonts.DocumentWarning` s are appended (the office's font is not
      installed and Laksaman printed instead …); the memo is made all the same.

    Returns ``out``.  Raises DocumentError (one line, Thai / English) when there is
    no such memo, an image is missing or not a complete PNG/JPEG, the memo is to be
    signed with an image the signer does not have, or the file cannot be written;
    ValueError when both ``signature`` and ``typed_signature`` are given.
    """
    if signature is not None and typed_signature:
        raise ValueError("render_memo: give a signature image or typed_signature, not both")
    office = doc["office"]
    if thai_digits is None:
        thai_digits = bool(office.get("thai_digits", True))
    kit = Kit(doc, thai_digits=thai_digits)
    hand_on_warnings(kit, warnings)
    a = assessment_of(doc, year)
    memos = a.get("memos", [])
    memo = memos[memo_index] if 0 <= memo_index < len(memos) else {}
    if emblem is None and office.get("emblem"):
        emblem = office["emblem"]
    if signature is None and not typed_signature:
        mode = memo.get("signature", "")
        typed_signature = mode == "typed"
        if mode == "image":
            signer = next((p for p in office.get("people", []) if p["key"] == memo.get("signer")), None)
            if not signer or not signer.get("signature"):
                who = signer["name"] if signer else (memo.get("signer") or "-")
                raise DocumentError(f"บันทึกข้อความนี้ลงนามด้วยภาพลายมือชื่อ แต่ {who} ยังไม่มีภาพลายมือชื่อ / "
                                    f"the memo is to be signed with an image but {who} has no signature image")
            signature = signer["signature"]
    story = memo_story(kit, year, memo_index, emblem, signature=signature, typed_signature=typed_signature)
    extra = list(appendix or [])
    story.append(_MemoEnd())
    if extra:
        story += [NextPageTemplate("appendix"), PageBreak(), *extra]
    rl_config.useA85 = 0   # binary streams, as thaitext.doc_template does for the other documents

    def build(path: str) -> None:
        d = MemoDocTemplate(
            path, kit, thai_digits=thai_digits, continuation=continuation,
            appendix_pagesize=(appendix_pagesize or A4) if extra else None,
            appendix_margins=appendix_margins or APPENDIX_MARGINS, appendix_page_numbers=appendix_page_numbers,
            title=f"บันทึกข้อความ: {memo['subject']}", author=office["name"],
            subject=f"ITA {FiscalYear(year).label(False)}", keywords=f"ITA {year}", creator="ITA Desktop")
        d.build(story)

    return write_atomic(out, build)
