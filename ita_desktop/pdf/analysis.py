"""The analysis and measures document (รายงานการวิเคราะห์ผลการประเมิน ITA), as in seed 002.

Content, in order (issue 4): the cover (title, office, district, province, fiscal
year); the preface (คำนำ); the assessment's principles and tools (the office's own
text or the year's standard text, then the year's tools, weights, indicators and
level scale from the framework file); the overall score and level; the per-tool and
per-indicator tables with pass or fail and a bar chart of the indicators; previous
years' scores as a table and a bar chart; the analysis per indicator (weak points and
items); the issue → measure table (ประเด็น · มาตรการ · ขั้นตอน · ระยะเวลา ·
ผู้รับผิดชอบ); the limitations (ข้อจำกัด); and the next-year plan linked to item codes
(the last table of seed 002) on landscape pages.  A4, margins 3/2/2/2 cm; page
numbers at the foot from page 2; an outline (bookmarks) of the sections.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Spacer

from ita_desktop.domain.fiscal import FiscalYear, thai_date
from ita_desktop.domain.framework import Framework, framework_for
from ita_desktop.domain.scoring import ScoreResult, compute
from ita_desktop.pdf import fonts
from ita_desktop.pdf.charts import IndicatorBarChart, YearsBarChart
from ita_desktop.pdf.common import (ROW_GAP_EM, Bookmark, Kit, assessment_of, build_document, hand_on_warnings,
                                    write_atomic)
from ita_desktop.pdf.thaitext import ThaiParagraph, escape
from ita_desktop.resources import resource_path

PASS, FAIL = "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์"


class _InFont:
    """Chart text set by the metrics of the document's font, not of Laksaman.

    ``charts`` spaces the lines of its labels by 1.48 em and finds the middle of Thai
    letters 0.30 em above the baseline: Laksaman's em.  A font with another em (TH
    Sarabun: its letters 2/3 of Laksaman's in the em, drawn 1.5 times larger) gets the
    document's cell line distance (:attr:`Kit.cell_lead`) and its own consonant height
    (:func:`.fonts.consonant_height_em`); otherwise the labels of the indicator chart
    need half as much height again and no longer fit (ValueError), and labels sit off
    the middle of their bars.  Only used when the document's font is not Laksaman,
    whose charts stay exactly as ``charts`` draws them.
    """

    def __init__(self, *args, kit: Kit, **kwargs):
        self._lead_em = kit.cell_lead
        # the middle formula of charts.place adds descent and letter middle: move the
        # difference of the middles into the descent it reads
        self._middle_fix = (fonts.consonant_height_em(kit.regular)
                            - fonts.consonant_height_em(fonts.register_family())) / 2
        super().__init__(*args, **kwargs)

    @property
    def _descent_em(self) -> float:
        return self._raw_descent_em + self._middle_fix

    @_descent_em.setter
    def _descent_em(self, value: float) -> None:
        self._raw_descent_em = value

    def para(self, s: str, size: float, alignment: int = TA_LEFT, color=colors.black) -> ThaiParagraph:
        style = ParagraphStyle("chart", fontName=self.font_name, fontSize=size, leading=size * self._lead_em,
                               alignment=alignment, textColor=color)
        return ThaiParagraph(escape(s), style, self.breaker)

    def line_height(self, size: float) -> float:
        return size * self._lead_em


class _IndicatorBarChart(_InFont, IndicatorBarChart):
    pass


class _YearsBarChart(_InFont, YearsBarChart):
    pass


def _in_font(chart_class, kit: Kit, first, kwargs):
    """``chart_class(first, **kwargs)`` in the document's font; for a font with a larger
    em than Laksaman's, up to :attr:`Kit.scale` times taller, in steps of 5 %, when the
    charts' em-based gaps (row padding, room for marks: ``charts`` measures them in em
    of the label size) need it or the indicator rows would be nearer than
    :data:`.common.ROW_GAP_EM`."""
    kwargs.update(font_name=kit.regular, thai_digits=kit.thai_digits, breaker=kit.breaker)
    if kit.family == fonts.DEFAULT_FAMILY:
        return chart_class(first, **kwargs)
    sub = _IndicatorBarChart if chart_class is IndicatorBarChart else _YearsBarChart
    height = kwargs.pop("height")
    grow, most = 1.0, max(1.0, kit.scale) + 1e-9
    while True:
        try:
            chart = sub(first, kit=kit, height=height * grow, **kwargs)
        except ValueError:
            if grow * 1.05 > most:
                raise
            grow *= 1.05
            continue
        # the rows of the indicator chart at least ROW_GAP_EM apart, as table rows
        # (else poppler reads the scores of all bars as one paragraph)
        rows = getattr(chart, "row_heights", None)
        if rows and min(rows) < ROW_GAP_EM * chart.font_size and grow * 1.05 <= most:
            grow *= 1.05
            continue
        return chart


def indicator_chart(kit: Kit, scores, **kwargs) -> IndicatorBarChart:
    """:class:`.charts.IndicatorBarChart` in the document's font and digits."""
    return _in_font(IndicatorBarChart, kit, scores, kwargs)


def years_chart(kit: Kit, groups, **kwargs) -> YearsBarChart:
    """:class:`.charts.YearsBarChart` in the document's font and digits."""
    return _in_font(YearsBarChart, kit, groups, kwargs)


def office_place(office: dict[str, Any]) -> str:
    """``องค์การบริหารส่วนตำบลห้วยเตย อำเภอกุดรัง จังหวัดมหาสารคาม``."""
    parts = [office["name"]]
    if office.get("district"):
        parts.append("อำเภอ" + office["district"])
    parts.append("จังหวัด" + office["province"])
    return " ".join(parts)


@lru_cache(maxsize=1)
def _boilerplate_file() -> dict[str, Any]:
    return json.loads(resource_path("boilerplate", "analysis.json").read_text(encoding="utf-8"))


def boilerplate(year: int) -> dict[str, str]:
    """The standard texts of the analysis document for fiscal year ``year`` (B.E.):
    ``{"preface": …, "principles": …}`` with ``{office}``, ``{year}``, ``{district}``,
    ``{province}`` placeholders.  From ``resources/boilerplate/analysis.json``: the
    ``default`` texts, overridden by ``years[<year>]`` where a year's texts differ.
    """
    data = _boilerplate_file()
    out = dict(data["default"])
    out.update(data.get("years", {}).get(str(year), {}))
    return out


def _fill(template: str, office: dict[str, Any], year: int, kit: Kit) -> str:
    y = str(year)
    return template.format_map({"office": office["name"], "year": kit.text(y),
                                "district": office.get("district", ""), "province": office["province"]})


def cover_story(kit: Kit, year: int, fw: Framework) -> list:
    """The cover page: item code, title, office, district, province, fiscal year."""
    office = kit.doc["office"]
    big = kit.style("cover", kit.size * 1.6, bold=True, alignment=1)
    mid = kit.style("cover_mid", kit.size * 1.25, bold=True, alignment=1)
    story: list = [Bookmark("ปก / cover"), Spacer(1, 6 * cm)]
    code = fw.documents["analysis"]
    if code.item:
        story += [kit.p(f"{code.item} {code.title}", mid), Spacer(1, 1.5 * cm)]
    story += [kit.p("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", big),
              kit.p("ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)", big),
              kit.p("และมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", mid),
              kit.p(FiscalYear(year).label(kit.thai_digits), mid),
              Spacer(1, 3 * cm),
              kit.p(office["name"], mid)]
    place = " ".join(p for p in (("อำเภอ" + office["district"]) if office.get("district") else "",
                                 "จังหวัด" + office["province"]) if p)
    story += [kit.p(place, mid), PageBreak()]
    return story


def preface_story(kit: Kit, year: int) -> list:
    """คำนำ: the office's own preface, else the year's standard text; signed by the office."""
    a = assessment_of(kit.doc, year)
    office = kit.doc["office"]
    text = a.get("preface") or _fill(boilerplate(year)["preface"], office, year, kit)
    story: list = [Bookmark("คำนำ / preface"), kit.p("คำนำ", kit.title), Spacer(1, kit.unit)]
    story += [kit.p(par, indent=2.5 * cm) for par in text.split("\n") if par.strip()]
    story += [Spacer(1, kit.unit * 1.5), kit.p(office["name"], kit.right), PageBreak()]
    return story


def principles_story(kit: Kit, year: int, fw: Framework, width: float) -> list:
    """The assessment's principles and tools: the office's text (or the standard one),
    then the framework's tools and weights, indicators and level scale of the year."""
    a = assessment_of(kit.doc, year)
    text = a.get("principles") or _fill(boilerplate(year)["principles"], kit.doc["office"], year, kit)
    story: list = [*kit.section("หลักการและเครื่องมือการประเมิน ITA")]
    story += [kit.p(par, indent=2.5 * cm) for par in text.split("\n") if par.strip()]
    rows = []
    for code, tool in fw.tools.items():
        names = ", ".join(f"{kit.num(no, 0)} {ind.name}" for no, ind in fw.indicators.items() if ind.tool == code)
        rows.append([f"{tool.name} ({code})", kit.num(round(tool.weight * 100), 0), names])
    story.append(kit.table(["เครื่องมือการประเมิน", "น้ำหนัก (ร้อยละ)", "ตัวชี้วัด"], rows,
                           [width * f for f in (0.38, 0.14, 0.48)], center_cols=(1,)))
    if fw.levels:
        story.append(kit.p(f"เกณฑ์ผ่านการประเมิน {kit.num(fw.pass_mark, 0)} คะแนนขึ้นไป "
                           "ระดับผลการประเมินแบ่งดังนี้", kit.body_left))
        rows = []
        for lv in fw.levels:
            cond = f"ตั้งแต่ {kit.num(lv.min_overall)} คะแนนขึ้นไป" if lv.min_overall > 0 else "ต่ำกว่าเกณฑ์ข้างต้น"
            if lv.min_each_tool is not None:
                cond += f" และทุกเครื่องมือได้ {kit.num(lv.min_each_tool, 0)} คะแนนขึ้นไป"
            rows.append([lv.label, cond])
        story.append(kit.table(["ระดับผลการประเมิน", "คะแนน"], rows, [width * 0.3, width * 0.7]))
    return story


def history_story(kit: Kit, year: int, result: ScoreResult, fw: Framework, width: float) -> list:
    """Previous years' scores (the assessment's history) with this year: a table and bars."""
    a = assessment_of(kit.doc, year)
    years: dict[int, tuple[float | None, str]] = {}
    for h in a.get("history", []):
        years[h["year"]] = (h.get("overall"), h.get("level", ""))
    if result.overall is not None:
        years[year] = (float(result.overall), result.level or "")
    if not a.get("history"):
        return []
    story: list = [*kit.section("ผลการประเมินย้อนหลัง")]
    rows = [[kit.num(y, 0), kit.num(ov), lv or "-"] for y, (ov, lv) in sorted(years.items())]
    story.append(kit.table(["ปีงบประมาณ", "คะแนนภาพรวม", "ระดับผลการประเมิน"], rows,
                           [width * f for f in (0.3, 0.35, 0.35)], center_cols=(0, 1, 2)))
    series = [str(y) for y in sorted(years)]
    values = [years[y][0] for y in sorted(years)]
    story += [Spacer(1, kit.unit * 0.5),
              years_chart(kit, [("คะแนนภาพรวม", values)], series=series, width=width, height=7 * cm,
                          pass_mark=fw.pass_mark)]
    return story


def analysis_story(kit: Kit, year: int, *, cover: bool = True) -> list:
    """The flowables of the analysis document for fiscal year ``year`` (B.E.).

    Uses the page templates ``"portrait"`` and ``"landscape"`` of
    :func:`.common.build_document` (the next-year plan is landscape).  ``cover``:
    begin with the cover page and the preface.
    """
    doc = kit.doc
    office = doc["office"]
    a = assessment_of(doc, year)
    fw = framework_for(year)
    result = compute(fw, {int(k): v for k, v in a["scores"].items()}, a.get("tool_scores"))
    fy = FiscalYear(year).label(kit.thai_digits)
    width = A4[0] - 5 * cm
    story: list = []
    if cover:
        story += cover_story(kit, year, fw) + preface_story(kit, year)
    story += principles_story(kit, year, fw, width)

    story += kit.section(f"ผลการประเมิน ITA ของ{office['name']} {fy}")
    if result.overall is not None:
        story.append(kit.p(f"คะแนนภาพรวมหน่วยงาน {office['name']} : {kit.num(result.overall)} คะแนน "
                           f"ระดับผลการประเมิน {result.level}", kit.body_left, bold=True))
    else:
        story.append(kit.p("ยังไม่มีคะแนนครบทุกตัวชี้วัด จึงยังคำนวณคะแนนภาพรวมไม่ได้", kit.body_left, bold=True))
    story.append(Spacer(1, kit.unit * 0.5))

    story += kit.section("ผลการประเมินรายเครื่องมือ", level=1)
    rows = []
    for code_, tool in fw.tools.items():
        score = result.tools[code_]
        rows.append([f"{tool.name} ({code_})", kit.num(round(tool.weight * 100), 0), kit.num(score),
                     "-" if score is None else (PASS if result.passes(score) else FAIL)])
    story.append(kit.table(["เครื่องมือการประเมิน", "น้ำหนัก (ร้อยละ)", "คะแนน", "ผลการประเมิน"], rows,
                           [width * f for f in (0.52, 0.16, 0.14, 0.18)], center_cols=(1, 2, 3)))

    story += kit.section("การวิเคราะห์ผลการประเมินจำแนกตามเครื่องมือการประเมิน", level=1)
    rows = []
    for no, ind in fw.indicators.items():
        score = result.indicators.get(no)
        rows.append([kit.num(no, 0), ind.tool, ind.name, kit.num(score),
                     "-" if score is None else (PASS if result.passes(score) else FAIL)])
    story.append(kit.table(["ลำดับ", "เครื่องมือการประเมิน", "ตัวชี้วัด", "คะแนน", "ผลการประเมิน"], rows,
                           [width * f for f in (0.09, 0.17, 0.42, 0.14, 0.18)], center_cols=(0, 1, 3, 4)))
    if result.indicators:
        scores = [(f"{kit.num(no, 0)} {ind.name}", float(result.indicators[no]) if no in result.indicators else None)
                  for no, ind in fw.indicators.items()]
        story += [Spacer(1, kit.unit * 0.5), CondPageBreak(9 * cm),
                  indicator_chart(kit, scores, width=width, height=8.5 * cm, pass_mark=fw.pass_mark)]

    story += history_story(kit, year, result, fw, width)

    if a.get("analysis_intro"):
        story += [Spacer(1, kit.unit * 0.5), kit.p(a["analysis_intro"], indent=2.5 * cm)]

    findings = a.get("findings", [])
    if findings:
        story += kit.section("วิเคราะห์ผลการประเมินแต่ละตัวชี้วัด")
        rows = []
        for f in findings:
            left = []
            if f.get("indicator"):
                ind = fw.indicators[f["indicator"]]
                left.append(f"ตัวชี้วัดที่ {f['indicator']} {ind.name} ({ind.tool})")
                if f["indicator"] in result.indicators:
                    left.append(f"{kit.num(result.indicators[f['indicator']])} คะแนน")
            if f.get("item"):
                left.append(f"ข้อ {f['item']}")
            right = f["weak_point"] + (f"\nแนวทางการพัฒนา: {f['improvement']}" if f.get("improvement") else "")
            if f.get("urgent"):
                right = "ต้องแก้ไขโดยเร่งด่วน: " + right
            rows.append(["\n".join(left), right])
        story.append(kit.table(["ตัวชี้วัดของการประเมิน ITA", "ประเด็นที่ต้องแก้ไข/ปรับปรุง/แนวทางการพัฒนา"],
                               rows, [width * 0.32, width * 0.68]))

    measures = [m for m in a.get("measures", []) if m.get("issue")] or a.get("measures", [])
    if measures:
        story += kit.section(f"การนำผลการวิเคราะห์ไปสู่การปฏิบัติ {fy}")
        story.append(measures_table(kit, measures, width))

    if a.get("limitations"):
        story += kit.section("ข้อจำกัดของหน่วยงานในการดำเนินการประเมินคุณธรรมและความโปร่งใส")
        for i, lim in enumerate(a["limitations"], 1):
            story.append(kit.p(f"{i}. ข้อจำกัด{lim['topic'].removeprefix('ข้อจำกัด')} {lim.get('text', '')}".strip(),
                               indent=1.25 * cm))

    if a.get("next_year_plan"):
        story += [NextPageTemplate("landscape"), PageBreak()]
        story += plan_story(kit, year, a["next_year_plan"])
        story.append(NextPageTemplate("portrait"))
    return story


def measures_table(kit: Kit, measures: list[dict[str, Any]], width: float):
    """The issue → measure table: ประเด็น · มาตรการ · ขั้นตอน · ระยะเวลา · ผู้รับผิดชอบ."""
    with_issue = any(m.get("issue") for m in measures)
    rows = []
    last_issue = None
    n = 0
    for i, m in enumerate(measures, 1):
        issue = m.get("issue", "")
        if issue != last_issue:
            n += 1
        row = [m["title"], m.get("steps", ""), period_text(m, kit), m.get("responsible", "")]
        if with_issue:
            row.insert(0, f"{n}. {issue}" if issue and issue != last_issue else "")
        else:
            row[0] = f"{i}. {row[0]}"
        last_issue = issue
        rows.append(row)
    header = ["มาตรการ/โครงการ/กิจกรรม", "ขั้นตอน/วิธีการปฏิบัติ", "ระยะเวลาดำเนินการ", "หน่วยงานผู้รับผิดชอบ"]
    shares = [0.25, 0.30, 0.14, 0.14]
    if with_issue:
        header.insert(0, "ประเด็น")
        shares.insert(0, 0.17)
    return kit.table(header, rows, [width * f / sum(shares) for f in shares])


#: Columns of the next-year plan (seed 002, last table): field → header.
PLAN_COLUMNS = (("issue", "ประเด็นตัวชี้วัด"), ("item", "ข้อคำถาม ITA"), ("analysis", "ผลการวิเคราะห์การประเมิน"),
                ("measure", "มาตรการ/โครงการ/กิจกรรม"), ("related", "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง"),
                ("steps", "ขั้นตอน/วิธีการดำเนินการ"), ("period", "ระยะเวลาดำเนินการ"),
                ("responsible", "ผู้รับผิดชอบ"))


def plan_story(kit: Kit, year: int, plan: list[dict[str, Any]]) -> list:
    """The next-year plan linked to item codes, on landscape pages (seed 002's last table)."""
    width = A4[1] - 4 * cm
    story = [*kit.section(f"แผนการดำเนินงานเพื่อยกระดับผลการประเมิน ITA ปีงบประมาณ พ.ศ. {year + 1}")]
    rows = []
    for r in plan:
        item = r.get("item") or ""
        if r.get("item_text"):
            item = f"{item} {r['item_text']}".strip()
        rows.append([r.get("issue", ""), item] + [r.get(k, "") for k, _ in PLAN_COLUMNS[2:]])
    story.append(kit.table([h for _, h in PLAN_COLUMNS], rows,
                           [width * f for f in (0.11, 0.13, 0.16, 0.14, 0.14, 0.14, 0.09, 0.09)]))
    return story


def period_text(m: dict[str, Any], kit: Kit) -> str:
    """A measure's period as printed: the free-text override, else its start–end dates."""
    p = m.get("period") or {}
    if p.get("text"):
        return p["text"]
    if p.get("start") and p.get("end"):
        s, e = date.fromisoformat(p["start"]), date.fromisoformat(p["end"])
        return f"{thai_date(s, thai_digits=kit.thai_digits)} – {thai_date(e, thai_digits=kit.thai_digits)}"
    return ""


def render_analysis(doc: dict[str, Any], year: int, out: Path | str, *, thai_digits: bool = True,
                    warnings: list | None = None) -> Path:
    """Write the analysis and measures document of fiscal year ``year`` (B.E.) to ``out``
    (PDF, A4; written atomically) and return ``out``.

    ``doc``: the office's interchange document; it prints in the office's font
    (``office.font``, see :class:`.common.Kit`).  ``warnings``: a list to which
    :class:`.fonts.DocumentWarning` s are appended (the office's font is not installed
    and Laksaman printed instead …); the document is made all the same.  Raises
    DocumentError when the year is missing or the file cannot be written.
    """
    kit = Kit(doc, thai_digits=thai_digits)
    hand_on_warnings(kit, warnings)
    story = analysis_story(kit, year)
    fw = framework_for(year)
    title = f"รายงานการวิเคราะห์ผลการประเมิน ITA {FiscalYear(year).label(False)}"
    code = fw.documents["analysis"].item

    def build(path: str) -> None:
        build_document(path, story, kit, title=title, subject=f"{code} {fw.documents['analysis'].title}"
                       if code else "ITA", keywords=f"ITA {year}" + (f" {code}" if code else ""))

    return write_atomic(out, build)
