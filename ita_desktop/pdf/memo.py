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
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, Image, KeepTogether, PageTemplate, Spacer,
                                Table, TableStyle)

from ita_desktop.domain.fiscal import FiscalYear, thai_date, to_thai_digits
from ita_desktop.pdf.analysis import _assessment, period_text
from ita_desktop.pdf.common import DocumentError, Kit, write_atomic
from ita_desktop.pdf.thaitext import ThaiParagraph, escape

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
    """The emblem box (1.5 cm high, top-left) with "บันทึกข้อความ" bold 29 pt centred on its line."""

    def __init__(self, kit: Kit, emblem: Path | None = None):
        super().__init__()
        self.kit = kit
        self.emblem = emblem
        self.para = ThaiParagraph("<b>บันทึกข้อความ</b>", ParagraphStyle(
            "memo_heading", fontName=kit.bold, fontSize=HEADING_PT, leading=HEADING_PT * 1.1,
            alignment=TA_CENTER), kit.breaker)

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
        # the heading's baseline sits near the foot of the emblem box
        self.para.drawOn(self.canv, 0, 0)


class DottedFields(Flowable):
    """One header line: ``label value`` pairs, each value over a dotted leader.

    ``fields``: [(label, value, share)] where share is the fraction of the
    line width (ที่ 0.5 + วันที่ 0.5). Labels bold 20 pt, values in the body
    size; a long value wraps and every line gets its dotted leader.
    """

    def __init__(self, kit: Kit, fields: list[tuple[str, str, float]], label_pt: float = LABEL_PT,
                 bold_label: bool = True):
        super().__init__()
        self.kit = kit
        self.fields = fields
        self.label_pt = label_pt
        self.label_font = kit.bold if bold_label else kit.regular
        self.style = ParagraphStyle("field", fontName=kit.regular, fontSize=kit.size, leading=kit.size * 1.15)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.parts = []
        x = 0.0
        for label, value, share in self.fields:
            w = aw * share
            lw = stringWidth(label, self.label_font, self.label_pt) + 4
            para = ThaiParagraph(escape(self.kit.text(value)), self.style, self.kit.breaker) if value else None
            ph = para.wrap(w - lw - 4, ah)[1] if para else self.style.leading
            self.parts.append((x, w, label, lw, para, ph))
            x += w
        self.height = max(self.label_pt * 1.15, max(p[5] for p in self.parts))
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        top = self.height
        base = top - self.label_pt * 0.95          # label baseline
        for x, w, label, lw, para, ph in self.parts:
            c.setFont(self.label_font, self.label_pt)
            c.drawString(x, base, label)            # labels are plain Thai words without marks to stack
            lines = max(1, round(ph / self.style.leading))
            if para:
                para.drawOn(c, x + lw, base - (ph - self.style.leading) - self.kit.size * 0.25)
            for i in range(lines):
                y = base - i * self.style.leading - 2
                _dotted(c, x + lw, x + w - 6, y)


def _right_half(kit: Kit, flowables: list, width: float) -> Table:
    t = Table([["", flowables]], colWidths=[width / 2, width / 2])
    t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _sign_block(kit: Kit, person: dict[str, Any] | None, width: float, *, sign_line: bool) -> Table:
    """Signature (blank space or "ลงชื่อ" over a dotted line), "(name)" and position, centred on the right half."""
    items: list = []
    if sign_line:
        items.append(DottedFields(kit, [("ลงชื่อ", "", 1.0)], label_pt=kit.size, bold_label=False))
    else:
        items.append(Spacer(1, kit.size * 2.2))
    if person:
        items.append(kit.p(f"({person['name']})", kit.center))
        items.append(kit.p(person["position"], kit.center))
    else:
        items.append(kit.p("(" + "." * 40 + ")", kit.center))
    return _right_half(kit, items, width)


class CheckBoxes(Flowable):
    """Approval choices drawn as empty squares with their labels: ☐ ทราบ  ☐ เห็นชอบ …"""

    def __init__(self, kit: Kit, choices: list[str]):
        super().__init__()
        self.kit = kit
        style = ParagraphStyle("choice", fontName=kit.regular, fontSize=kit.size, leading=kit.size * 1.15)
        self.paras = [ThaiParagraph(escape(kit.text(c)), style, kit.breaker) for c in choices]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.boxes = []
        x, y, h = 0.0, 0.0, self.kit.size * 1.15
        for p in self.paras:
            w = p.wrap(aw, ah)[0] if hasattr(p, "minWidth") else aw
            w = min(p.minWidth() if hasattr(p, "minWidth") else w, aw - 16)
            if x + 16 + w > aw and x > 0:
                x, y = 0.0, y + h
            self.boxes.append((x, y, p, w))
            x += 16 + w + 14
        self.height = y + h
        return aw, self.height

    def draw(self) -> None:
        s = self.kit.size * 0.55
        for x, y, p, w in self.boxes:
            top = self.height - y
            self.canv.rect(x, top - self.kit.size * 0.85, s, s)
            p.wrap(w + 2, self.kit.size * 2)
            p.drawOn(self.canv, x + 16, top - p.height)


def memo_story(kit: Kit, year: int, memo_index: int = 0, emblem: Path | None = None) -> list:
    """The flowables of one memo of fiscal year ``year`` (B.E.). Raises DocumentError without a memo."""
    doc = kit.doc
    a = _assessment(doc, year)
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
                      "ข้อเสนอ"], rows, [width * f for f in (0.17, 0.25, 0.13, 0.12, 0.23, 0.10)])


def render_memo(doc: dict[str, Any], year: int, out: Path | str, *, thai_digits: bool = True,
                memo_index: int = 0, emblem: Path | None = None) -> Path:
    """Write memo number ``memo_index`` of fiscal year ``year`` (B.E.) to ``out`` (PDF, A4 portrait).

    ``emblem``: the office's own emblem image (PNG/JPEG), drawn 1.5 cm high.
    Raises DocumentError when there is no such memo or the file cannot be written.
    """
    kit = Kit(doc, thai_digits=thai_digits)
    story = memo_story(kit, year, memo_index, emblem)
    memo = _assessment(doc, year)["memos"][memo_index]

    def page_number(canv, d) -> None:
        n = str(canv.getPageNumber())
        text = f"- {to_thai_digits(n) if thai_digits else n} -"
        canv.setFont(kit.regular, kit.size)
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
