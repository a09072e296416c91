"""The internal memo (บันทึกข้อความ), laid out as MEMO_LAYOUT.md says.

Source of the layout: ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ ข้อ 12 and the
style guides that implement it (MEMO_LAYOUT.md): A4; margins left 3 cm,
right 2 cm, top 1.5 cm (emblem line), bottom 2 cm; the emblem space 1.5 cm
high top-left (the office supplies its own image; without one the space is
left); heading "บันทึกข้อความ" bold 29 pt centred; header labels bold 20 pt
each followed by its value on a dotted line, ที่ and วันที่ sharing a line;
no rule under the header; body 16 pt with a 2.5 cm first-line indent;
signature block centred on the right half; the approval chain below, one
block per level (seed 003); page numbers "- ๒ -" centred at the top from
page 2 on.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, Image, KeepTogether, PageTemplate, Spacer,
                                Table)

from ita_desktop.domain.fiscal import FiscalYear, thai_date, to_thai_digits
from ita_desktop.pdf.analysis import period_text
from ita_desktop.pdf.common import DocumentError, Kit, assessment_of, write_atomic
from ita_desktop.pdf.thaitext import ThaiParagraph, escape, table_style

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 3 * cm, 2 * cm, 1.5 * cm, 2 * cm
TOP_LATER = 2.5 * cm          # room for the page number on pages 2+
EMBLEM_H = 1.5 * cm
HEADING_PT = 29
LABEL_PT = 20
INDENT = 2.5 * cm
DOT_GAP = 2.2                 # pt between dots of a leader line


def _dotted(canv, x0: float, x1: float, y: float) -> None:
    canv.saveState()
    canv.setLineWidth(0.6)
    canv.setDash(0.6, DOT_GAP)
    canv.line(x0, y, x1, y)
    canv.restoreState()


class MemoHeading(Flowable):
    """The emblem box (1.5 cm high, top-left) with "บันทึกข้อความ" bold, 29 Sarabun-pt, centred on its line."""

    def __init__(self, kit: Kit, emblem: Path | None = None):
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
            img = Image(str(self.emblem))
            ratio = img.imageWidth / float(img.imageHeight or 1)
            self.canv.drawImage(str(self.emblem), 0, self.height - EMBLEM_H, width=EMBLEM_H * ratio,
                                height=EMBLEM_H, mask="auto")
        # the heading's line sits at the foot of the emblem box
        self.para.drawOn(self.canv, 0, 0)


def _descent(font_name: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return -pdfmetrics.getFont(font_name).face.descent * size / 1000.0


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
            ph = vp.wrap(w - lw - 6, ah)[1] if vp else L
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
        for x, w, lp, lw, vp, ph, n in self.parts:
            if lp:
                # its baseline is LL - descent above its bottom
                lp.drawOn(c, x, base - _descent(self.lstyle.fontName, self.lstyle.fontSize))
            if vp:
                vp.drawOn(c, x + lw + 2, base - ph + L - dv)
            for i in range(n):
                _dotted(c, x + lw, x + w - 6, base - i * L - 1.5)


def _right_half(kit: Kit, flowables: list, width: float) -> Table:
    t = Table([["", flowables]], colWidths=[width / 2, width / 2])
    t.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")], font_name=kit.regular))
    return t


def _sign_block(kit: Kit, person: dict[str, Any] | None, width: float, *, sign_line: bool) -> Table:
    """Signature (blank space or "ลงชื่อ" over a dotted line), "(name)" and position, centred on the right half."""
    items: list = []
    if sign_line:
        items.append(DottedFields(kit, [("ลงชื่อ", "", 1.0)], label_pt=kit.size, bold_label=False))
        items.append(Spacer(1, 2))
    else:
        items.append(Spacer(1, kit.size * 2.2))
    if person:
        items.append(kit.p(f"({person['name']})", kit.center))
        items.append(kit.p(person["position"], kit.center))
    else:
        items.append(kit.p("(" + "." * 40 + ")", kit.center))
    return _right_half(kit, items, width)


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
        box = self.kit.size
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
        s = self.kit.size * 0.75
        d = _descent(self.style.fontName, self.style.fontSize)
        for x, row, p in self.boxes:
            bottom = self.height - (row + 1) * L
            self.canv.rect(x, bottom + d, s, s)
            p.drawOn(self.canv, x + self.kit.size * 1.6, bottom + L - p.height)


def memo_story(kit: Kit, year: int, memo_index: int = 0, emblem: Path | None = None) -> list:
    """The flowables of one memo of fiscal year ``year`` (B.E.). Raises DocumentError without a memo."""
    doc = kit.doc
    a = assessment_of(doc, year)
    memos = a.get("memos", [])
    if not memos:
        raise DocumentError(f"ยังไม่มีบันทึกข้อความของปีงบประมาณ {year} / no memo for fiscal year {year}")
    if not 0 <= memo_index < len(memos):
        raise DocumentError(f"ไม่มีบันทึกข้อความลำดับที่ {memo_index + 1} / no memo number {memo_index + 1}")
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
        Spacer(1, kit.size * 0.4),
        kit.p(f"เรียน {m['recipient']}", kit.body_left),
        Spacer(1, kit.size * 0.3),
    ]
    for s in m.get("sections", []):
        if s.get("heading"):
            story.append(kit.p(s["heading"], kit.body_left, bold=True, indent=INDENT))
        for para in s["paragraphs"]:
            story.append(kit.p(para, indent=INDENT))
        if s.get("attach_measures_table"):
            story += [Spacer(1, kit.size * 0.3), measures_results_table(kit, a, width), Spacer(1, kit.size * 0.3)]
    if m.get("closing"):
        story.append(kit.p(m["closing"], indent=INDENT))
    signer = people.get(m.get("signer") or "")
    story += [Spacer(1, kit.size * 0.6), KeepTogether([_sign_block(kit, signer, width, sign_line=False)])]
    for ap in m.get("approvals", []):
        block: list = [Spacer(1, kit.size * 0.5), kit.p(ap["title"], kit.body_left, bold=True)]
        if ap.get("choices"):
            block.append(CheckBoxes(kit, ap["choices"]))
        if ap.get("comment"):
            block.append(kit.p(ap["comment"], kit.body_left))
        else:
            block.append(DottedFields(kit, [("", "", 1.0)], label_pt=kit.size, bold_label=False))
        block.append(_sign_block(kit, people.get(ap["person"]), width, sign_line=True))
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


def render_memo(doc: dict[str, Any], year: int, out: Path | str, *, thai_digits: bool = True,
                memo_index: int = 0, emblem: Path | None = None) -> Path:
    """Write memo number ``memo_index`` of fiscal year ``year`` (B.E.) to ``out`` (PDF, A4 portrait).

    ``emblem``: the office's own emblem image (PNG/JPEG), drawn 1.5 cm high.
    Raises DocumentError when there is no such memo or the file cannot be written.
    """
    kit = Kit(doc, thai_digits=thai_digits)
    story = memo_story(kit, year, memo_index, emblem)
    memo = assessment_of(doc, year)["memos"][memo_index]

    def page_number(canv, d) -> None:
        n = str(canv.getPageNumber())
        text = f"- {to_thai_digits(n) if thai_digits else n} -"
        canv.setFont(kit.regular, kit.size)  # digits and hyphens: no marks to shape
        canv.drawCentredString(LEFT + (PAGE_W - LEFT - RIGHT) / 2, PAGE_H - 1.5 * cm - kit.size * 0.8, text)

    def build(path: str) -> None:
        frame1 = Frame(LEFT, BOTTOM, PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM, id="first",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame2 = Frame(LEFT, BOTTOM, PAGE_W - LEFT - RIGHT, PAGE_H - TOP_LATER - BOTTOM, id="later",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        d = BaseDocTemplate(
            path, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM,
            title=f"บันทึกข้อความ: {memo['subject']}", author=doc["office"]["name"],
            subject=f"ITA {FiscalYear(year).label(False)}", keywords=f"ITA {year}", creator="ITA Desktop",
            initialFontName=kit.regular, initialFontSize=kit.size)
        d.addPageTemplates([PageTemplate("first", [frame1], autoNextPageTemplate="later"),
                            PageTemplate("later", [frame2], onPage=page_number)])
        d.build(story)

    return write_atomic(out, build)
