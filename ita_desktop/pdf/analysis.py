"""The analysis report (รายงานการวิเคราะห์ผลการประเมิน ITA), as in the first part of seed 002.

Content, in order: title block with the year's item code, the overall
score and level, tool scores, the per-indicator table (tool, score,
pass/fail at the pass mark), the analysis of weak indicators (findings),
the issue → measure table (ประเด็น · มาตรการ · ขั้นตอน · ระยะเวลา ·
ผู้รับผิดชอบ) and the limitations (ข้อจำกัด). A4 portrait.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from ita_desktop.domain.fiscal import FiscalYear, thai_date
from ita_desktop.domain.framework import framework_for
from ita_desktop.domain.scoring import compute
from ita_desktop.pdf.common import Kit, assessment_of, write_atomic
from ita_desktop.pdf.thaitext import doc_template

PASS, FAIL = "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์"


def office_place(office: dict[str, Any]) -> str:
    """``องค์การบริหารส่วนตำบลห้วยเตย อำเภอกุดรัง จังหวัดมหาสารคาม``."""
    parts = [office["name"]]
    if office.get("district"):
        parts.append("อำเภอ" + office["district"])
    parts.append("จังหวัด" + office["province"])
    return " ".join(parts)


def analysis_story(kit: Kit, year: int) -> list:
    """The flowables of the analysis report for fiscal year ``year`` (B.E.)."""
    doc = kit.doc
    office = doc["office"]
    a = assessment_of(doc, year)
    fw = framework_for(year)
    result = compute(fw, {int(k): v for k, v in a["scores"].items()}, a.get("tool_scores"))
    fy = FiscalYear(year).label(kit.thai_digits)
    width = A4[0] - 5 * cm
    story: list = []
    code = fw.documents["analysis"]
    if code.item:
        story.append(kit.p(f"{code.item} {code.title}", kit.center, bold=True))
    story += [
        kit.p("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส", kit.title),
        kit.p("ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)", kit.title),
        kit.p(fy, kit.title),
        kit.p(office_place(office), kit.center),
        Spacer(1, kit.size * 0.75),
    ]
    if result.overall is not None:
        story.append(kit.p(f"คะแนนภาพรวมหน่วยงาน {office['name']} : {kit.num(result.overall)} คะแนน "
                           f"ระดับผลการประเมิน {result.level}", kit.body_left, bold=True))
    else:
        story.append(kit.p("ยังไม่มีคะแนนครบทุกตัวชี้วัด จึงยังคำนวณคะแนนภาพรวมไม่ได้", kit.body_left, bold=True))
    story.append(Spacer(1, kit.size * 0.5))

    story.append(kit.p("ผลการประเมินรายเครื่องมือ", kit.heading))
    rows = []
    for code_, tool in fw.tools.items():
        score = result.tools[code_]
        rows.append([f"{tool.name} ({code_})", kit.num(round(tool.weight * 100), 0), kit.num(score),
                     "-" if score is None else (PASS if result.passes(score) else FAIL)])
    story.append(kit.table(["เครื่องมือการประเมิน", "น้ำหนัก (ร้อยละ)", "คะแนน", "ผลการประเมิน"], rows,
                           [width * f for f in (0.52, 0.16, 0.14, 0.18)], center_cols=(1, 2, 3)))

    story.append(kit.p("การวิเคราะห์ผลการประเมินจำแนกตามเครื่องมือการประเมิน", kit.heading))
    rows = []
    for no, ind in fw.indicators.items():
        score = result.indicators.get(no)
        rows.append([kit.num(no, 0), ind.tool, ind.name, kit.num(score),
                     "-" if score is None else (PASS if result.passes(score) else FAIL)])
    story.append(kit.table(["ลำดับ", "เครื่องมือการประเมิน", "ตัวชี้วัด", "คะแนน", "ผลการประเมิน"], rows,
                           [width * f for f in (0.09, 0.17, 0.42, 0.14, 0.18)], center_cols=(0, 1, 3, 4)))

    if a.get("analysis_intro"):
        story += [Spacer(1, kit.size * 0.5), kit.p(a["analysis_intro"], indent=2.5 * cm)]

    findings = a.get("findings", [])
    if findings:
        story.append(kit.p("วิเคราะห์ผลการประเมินแต่ละตัวชี้วัด", kit.heading))
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
        story.append(kit.p(f"การนำผลการวิเคราะห์ไปสู่การปฏิบัติ {fy}", kit.heading))
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
        story.append(kit.table(header, rows, [width * f / sum(shares) for f in shares]))

    if a.get("limitations"):
        story.append(kit.p("ข้อจำกัดของหน่วยงานในการดำเนินการประเมินคุณธรรมและความโปร่งใส", kit.heading))
        for i, lim in enumerate(a["limitations"], 1):
            story.append(kit.p(f"{i}. ข้อจำกัด{lim['topic'].removeprefix('ข้อจำกัด')} {lim.get('text', '')}".strip(),
                               indent=1.25 * cm))
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


def render_analysis(doc: dict[str, Any], year: int, out: Path | str, *, thai_digits: bool = True) -> Path:
    """Write the analysis report of fiscal year ``year`` (B.E.) to ``out`` (PDF, A4).

    ``doc``: the office's interchange document. Raises DocumentError when
    the year is missing or the file cannot be written.
    """
    kit = Kit(doc, thai_digits=thai_digits)
    story = analysis_story(kit, year)
    office = doc["office"]

    def build(path: str) -> None:
        doc_template(
            path, font_name=kit.regular, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
            title=f"รายงานการวิเคราะห์ผลการประเมิน ITA {FiscalYear(year).label(False)}",
            author=office["name"], subject="ITA", keywords=f"ITA {year}", creator="ITA Desktop",
            initialFontSize=kit.size,
        ).build(story)

    return write_atomic(out, build)
