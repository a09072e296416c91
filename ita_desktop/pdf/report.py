"""The implementation report (รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส
ภายในหน่วยงาน) of one round (6 or 12 months) of a fiscal year: a title block and one
landscape table, one row per measure with its result of that round.

Sources (``shared/docs/ITA_DOMAIN.md``, "What the seeds teach about real data", and the
seeds themselves):

* the columns vary by office; every layout seen in a real report is a preset
  (:data:`PRESETS`) with its header texts exactly as printed, and a clerk may rename,
  reorder and hide columns (:class:`ReportColumns`, saved per office as JSON);
* cells hold numbered lists (``๑. … ๒. …``, sub-items ``๑) …``, dash items ``- …``),
  several paragraphs, evidence links ("สามารถติดตามข้อมูลได้ที่ <URL>") and participant
  counts with their percentage ("ผู้เข้าร่วมโครงการมีจำนวนทั้งหมด ๒๔ คน คิดเป็นร้อยละ
  ๑๐๐ ของกลุ่มเป้าหมาย"); a cell can be longer than a page (seed 002);
* without an order column the seeds number the measures inside the measure cell
  (``๑. การปฏิบัติ…``: seeds 001, 002, 003);
* URLs never get Thai digits ("Thai digits": links like ``view_all.php?id=๘๓๑`` broke).

Evidence links and participant counts have no column of their own in any real layout:
unless the clerk shows the ``evidence``/``participants`` column, they are printed in the
result cell (else the outcome cell), as the seeds print them.  A participant count the
result text already states (``… ๒๔ คน …``) is not repeated.

Units: points (pt).  A4 landscape, margins :data:`MARGINS`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Spacer

from ita_desktop.domain.fiscal import FiscalYear, thai_date, to_arabic_digits, to_thai_digits
from ita_desktop.domain.framework import framework_for
from ita_desktop.domain.scoring import round2
from ita_desktop.pdf.analysis import office_place, period_text
from ita_desktop.pdf.common import (DocumentError, Kit, SplitTable, assessment_of, content_widths, hand_on_warnings,
                                    write_atomic)
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, doc_template, escape, link, numbered_list, table_style

__all__ = ["COLUMN_KEYS", "DEFAULT_PRESET", "MARGINS", "PAGE_SIZE", "PRESETS", "ROUNDS", "ColumnField", "Preset",
           "ReportColumns", "ReportStory", "balanced_widths", "participants_text",
           "render_report", "report_story", "round_period", "title_block"]

REPORT_TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
NO_RESULT = "ยังไม่มีผล"
ROUNDS = (6, 12)

#: A4 landscape.
PAGE_SIZE = landscape(A4)
#: (left, right, top, bottom) margins in pt; the top leaves room for the page number.
MARGINS = (2 * cm, 2 * cm, 2 * cm, 1.5 * cm)
CELL_PADDING = 6.0          # pt, left and right of each cell (as Kit.table; 4 pt let poppler merge neighbouring cells)
                            # for Laksaman; another font: Kit.pad (common.CELL_PADDING_PT)
COMFORT = 0.10             # share of the table width every column gets at least, when it has the text (balanced_widths)
PARAGRAPH_GAP_EM = 0.3      # space before a second paragraph of a cell, in em of the cell font (of Laksaman: Kit.unit)


# -- columns ----------------------------------------------------------------------------

class ColumnField(NamedTuple):
    """What a column shows: its ``source`` in the interchange format, a default header, an English label."""

    source: str
    header: str
    label_en: str


#: The fields a column can show, in their usual order, mapped to the interchange fields
#: (``resources/schema/office.schema.json``: ``assessments[].measures[]`` and ``.results[]``
#: of the round).
COLUMN_KEYS: dict[str, ColumnField] = {
    "order": ColumnField("position of the measure in assessments[].measures", "ลำดับ", "No."),
    "measure": ColumnField("measures[].title", "มาตรการ/แนวทาง", "Measure"),
    "steps": ColumnField("measures[].steps", "วิธีดำเนินการ", "Method / steps"),
    "responsible": ColumnField("measures[].responsible", "ผู้รับผิดชอบ", "Responsible"),
    "period": ColumnField("measures[].period (text, else start–end)", "ระยะเวลาดำเนินการ", "Period"),
    "result": ColumnField("results[].done", "ผลการดำเนินการ", "Result"),
    "outcome": ColumnField("results[].outcome", "ผลลัพธ์/ความสำเร็จ", "Outcome / success"),
    "suggestion": ColumnField("results[].suggestions", "ข้อเสนอแนะ", "Suggestions"),
    "evidence": ColumnField("results[].evidence_urls", "หลักฐาน/ลิงก์ข้อมูล", "Evidence links"),
    "participants": ColumnField("results[].participants and .target", "ผู้เข้าร่วม", "Participants"),
}


class Preset(NamedTuple):
    """A column layout seen in a real report: ``columns`` = (key, header as printed) in order."""

    id: str
    name: str          # Thai name shown to the clerk
    name_en: str
    source: str
    columns: tuple[tuple[str, str], ...]


_PRESET_LIST = [
    Preset("seed001", "แบบ อบต.เขาขาว (ขั้นตอน/วิธีปฏิบัติ · สรุปผล · ผลลัพธ์)",
           "Seed 001 layout: steps, summary of results, outcome",
           "seed 001 (อบต.เขาขาว 2566, round 12); ITA_DOMAIN.md second header set",
           (("measure", "มาตรการ/แนวทาง"), ("steps", "ขั้นตอน/วิธีปฏิบัติ"),
            ("responsible", "หน่วยงานผู้รับผิดชอบ"), ("period", "ระยะเวลาดำเนินการ"),
            ("result", "สรุปผลดำเนินการ"), ("outcome", "ผลลัพธ์/ความสำเร็จ"))),
    Preset("seed002", "แบบ อบต.ห้วยเตย (ผลการดำเนินการ · ผลลัพธ์ · ผู้รับผิดชอบ · ระยะเวลา)",
           "Seed 002 layout: result, outcome, responsible, period",
           "seed 002 second half (อบต.ห้วยเตย 2568, round 12); ITA_DOMAIN.md third header set",
           (("measure", "มาตรการ/โครงการ/กิจกรรม"), ("result", "ผลการดำเนินการตามมาตรการหรือกิจกรรม"),
            ("outcome", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ"), ("responsible", "ผู้รับผิดชอบ"),
            ("period", "ระยะเวลา"))),
    Preset("seed002_summary", "แบบสรุปผลตามมาตรการ (มาตรการ · สรุปผล · ผลลัพธ์)",
           "Seed 002 closing summary: measure, summary of results, outcome",
           "seed 002, last table of the round-12 report (รอบ ๑๒ เดือน)",
           (("measure", "มาตรการ"), ("result", "สรุปผลการดำเนินการตามมาตรการ/กิจกรรม"),
            ("outcome", "ผลลัพธ์/ความสำเร็จของการดำเนินการ"))),
    Preset("nacc2568_with_order", "แบบมีลำดับ ปี ๒๕๖๘ (ลำดับ · วิธีดำเนินการ · สรุปผล · ผลลัพธ์)",
           "2568 layout with an order column",
           "another 2568 report (ITA_DOMAIN.md fourth header set)",
           (("order", "ลำดับ"), ("measure", "มาตรการ/กิจกรรม"), ("steps", "วิธีดำเนินการ"),
            ("period", "ระยะเวลาในการดำเนินการ"), ("responsible", "ผู้รับผิดชอบ"),
            ("result", "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม"),
            ("outcome", "ผลลัพธ์หรือความสำเร็จในการดำเนินการ"))),
    Preset("result_suggestion", "แบบผลการดำเนินการและข้อเสนอแนะ",
           "Result and suggestions layout",
           "ITA_DOMAIN.md first header set",
           (("measure", "มาตรการ/แนวทาง"), ("steps", "วิธีการดำเนินการ"), ("responsible", "ผู้รับผิดชอบ"),
            ("period", "ระยะเวลาดำเนินการ"), ("result", "ผลการดำเนินการ"), ("suggestion", "ข้อเสนอแนะ"))),
    Preset("seed003", "แบบ อบต.ปากช่อง (ผลการดำเนินงาน · ข้อเสนอ)",
           "Seed 003 layout: result and suggestions (memo attachment)",
           "seed 003 (อบต.ปากช่อง 2565, the table the memo carries)",
           (("measure", "มาตรการ/แนวทาง"), ("steps", "วิธีดำเนินการ"), ("responsible", "ผู้รับผิดชอบ"),
            ("period", "ระยะเวลาดำเนินงาน"), ("result", "ผลการดำเนินงาน"), ("suggestion", "ข้อเสนอ"))),
]
#: Every real layout by id.
PRESETS: dict[str, Preset] = {p.id: p for p in _PRESET_LIST}
#: The layout used when an office has chosen none.
DEFAULT_PRESET = "seed001"

_MAX_HEADER = 200


def _known() -> str:
    return ", ".join(COLUMN_KEYS)


@dataclass(frozen=True)
class ReportColumns:
    """The columns of an implementation report: (key, header text, visible) in print order.

    Every key of :data:`COLUMN_KEYS` appears exactly once (keys not given are added,
    hidden, at the end with their default header).  Instances are immutable: the
    methods return changed copies.  Raises ValueError (Thai / English message) for an
    unknown or repeated key, an empty header or when no column would be visible.
    """

    columns: tuple[tuple[str, str, bool], ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        out: list[tuple[str, str, bool]] = []
        for entry in self.columns:
            if not isinstance(entry, (tuple, list)) or len(entry) != 3:
                raise ValueError(f"คอลัมน์ต้องเป็น (ชื่อช่อง, หัวตาราง, แสดง) ไม่ใช่ {entry!r} / "
                                 f"a column must be (key, header, visible), not {entry!r}")
            key, header, visible = entry
            if not isinstance(key, str) or key not in COLUMN_KEYS:
                raise ValueError(f"ไม่รู้จักคอลัมน์ {key!r} (ที่มี: {_known()}) / unknown column {key!r} "
                                 f"(known: {_known()})")
            if key in seen:
                raise ValueError(f"คอลัมน์ {key!r} ซ้ำ / column {key!r} given twice")
            if not isinstance(header, str) or not header.strip() or len(header) > _MAX_HEADER:
                raise ValueError(f"หัวตารางของคอลัมน์ {key!r} ต้องเป็นข้อความ ๑–{_MAX_HEADER} ตัวอักษร / "
                                 f"the header of column {key!r} must be text of 1–{_MAX_HEADER} characters")
            if not isinstance(visible, bool):
                raise ValueError(f"ค่าแสดงของคอลัมน์ {key!r} ต้องเป็น true/false / "
                                 f"'visible' of column {key!r} must be true or false")
            seen.add(key)
            out.append((key, header.strip(), visible))
        out += [(k, f.header, False) for k, f in COLUMN_KEYS.items() if k not in seen]
        if not any(v for _, _, v in out):
            raise ValueError("ต้องแสดงอย่างน้อยหนึ่งคอลัมน์ / at least one column must be shown")
        object.__setattr__(self, "columns", tuple(out))

    # -- making and changing ---------------------------------------------------------

    @classmethod
    def from_preset(cls, preset_id: str) -> ReportColumns:
        """The columns of preset ``preset_id`` (:data:`PRESETS`); the other keys hidden."""
        p = PRESETS.get(preset_id)
        if p is None:
            raise ValueError(f"ไม่มีรูปแบบตาราง {preset_id!r} (ที่มี: {', '.join(PRESETS)}) / "
                             f"no column preset {preset_id!r} (known: {', '.join(PRESETS)})")
        return cls(tuple((k, h, True) for k, h in p.columns))

    def _index(self, key: str) -> int:
        for i, (k, _, _) in enumerate(self.columns):
            if k == key:
                return i
        raise ValueError(f"ไม่รู้จักคอลัมน์ {key!r} (ที่มี: {_known()}) / unknown column {key!r} (known: {_known()})")

    def renamed(self, key: str, text: str) -> ReportColumns:
        """A copy whose column ``key`` has the header ``text``."""
        i = self._index(key)
        cols = list(self.columns)
        cols[i] = (key, text, cols[i][2])
        return ReportColumns(tuple(cols))

    def moved(self, key: str, index: int) -> ReportColumns:
        """A copy with column ``key`` printed at position ``index`` among the shown columns
        (0 = first; a larger index = last).  A hidden column keeps the position it will
        print at once shown."""
        i = self._index(key)
        entry = self.columns[i]
        rest = [c for c in self.columns if c[0] != key]
        shown = [n for n, c in enumerate(rest) if c[2]]
        index = max(0, index)
        pos = shown[index] if index < len(shown) else (shown[-1] + 1 if shown else len(rest))
        rest.insert(pos, entry)
        return ReportColumns(tuple(rest))

    def hidden(self, key: str) -> ReportColumns:
        """A copy with column ``key`` not printed. Raises ValueError when it is the last shown one."""
        return self._visible(key, False)

    def shown(self, key: str) -> ReportColumns:
        """A copy with column ``key`` printed (where it stands in the order)."""
        return self._visible(key, True)

    def _visible(self, key: str, visible: bool) -> ReportColumns:
        i = self._index(key)
        cols = list(self.columns)
        cols[i] = (key, cols[i][1], visible)
        return ReportColumns(tuple(cols))

    # -- reading -----------------------------------------------------------------------

    @property
    def visible(self) -> list[tuple[str, str]]:
        """(key, header) of the printed columns, in order."""
        return [(k, h) for k, h, v in self.columns if v]

    @property
    def keys(self) -> list[str]:
        """Keys of the printed columns, in order."""
        return [k for k, _, v in self.columns if v]

    def is_shown(self, key: str) -> bool:
        return self.columns[self._index(key)][2]

    # -- saving ------------------------------------------------------------------------

    def to_list(self) -> list[dict[str, Any]]:
        """The form the interchange file keeps (``office.report_columns``):
        ``[{"key": …, "header": …, "visible": …}, …]`` in order."""
        return [{"key": k, "header": h, "visible": v} for k, h, v in self.columns]

    def to_json(self) -> str:
        """:meth:`to_list` as a JSON string: what the store keeps per office."""
        return json.dumps(self.to_list(), ensure_ascii=False)

    @classmethod
    def from_list(cls, items: Any) -> ReportColumns:
        """The columns of :meth:`to_list`'s form. Raises ValueError (Thai / English) for anything else;
        ``header`` and ``visible`` may be left out (default header, shown)."""
        if not isinstance(items, list):
            raise ValueError("ข้อมูลคอลัมน์ต้องเป็นรายการ [{key, header, visible}, …] / column settings must be a "
                             "list of {key, header, visible}")
        cols = []
        for c in items:
            if not isinstance(c, dict) or set(c) - {"key", "header", "visible"} or "key" not in c:
                raise ValueError(f"คอลัมน์ต้องมี key, header, visible: {c!r} / a column needs key, header, visible: "
                                 f"{c!r}")
            key = c["key"]
            default = COLUMN_KEYS[key].header if isinstance(key, str) and key in COLUMN_KEYS else ""
            cols.append((key, c.get("header", default), c.get("visible", True)))
        return cls(tuple(cols))

    @classmethod
    def from_json(cls, text: str) -> ReportColumns:
        """The columns saved by :meth:`to_json`. Raises ValueError (Thai / English) for anything else."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as e:
            raise ValueError(f"ข้อมูลคอลัมน์ไม่ใช่ JSON ที่ถูกต้อง / column settings are not valid JSON: {e}") from e
        return cls.from_list(data)

    @classmethod
    def of_office(cls, doc: dict[str, Any]) -> ReportColumns:
        """The office's saved columns (``office.report_columns``), else :data:`DEFAULT_PRESET`.
        Raises DocumentError (Thai / English) when the saved columns are not valid."""
        saved = doc["office"].get("report_columns")
        if not saved:
            return cls.from_preset(DEFAULT_PRESET)
        try:
            return cls.from_list(saved)
        except ValueError as e:
            raise DocumentError(f"คอลัมน์ของรายงานที่บันทึกไว้ของสำนักงานใช้ไม่ได้ / the office's saved report "
                                f"columns are not valid: {e}") from e


# -- rounds and numbers --------------------------------------------------------------------

def round_period(year: int, round: int) -> tuple[date, date]:
    """(first day, last day) of the ``round``-month report of fiscal year ``year`` (B.E.):
    1 October – 31 March for 6, 1 October – 30 September for 12."""
    fy = FiscalYear(year)
    return fy.start, (fy.quarter(2)[1] if round == 6 else fy.end)


def _percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in per cent, rounded as the NACC rounds scores (:func:`round2`);
    whole numbers without decimals (``100``), others with two (``77.78``)."""
    p = round2(Decimal(part) * 100 / Decimal(whole))
    return str(int(p)) if p == p.to_integral_value() else f"{p:.2f}"


def participants_text(result: dict[str, Any], kit: Kit, *, column: bool = False) -> str:
    """``ผู้เข้าร่วม ๗ คน คิดเป็นร้อยละ ๗๗.๗๘ ของกลุ่มเป้าหมาย (๙ คน)``, or for the
    participants column ``๗ คน จากกลุ่มเป้าหมาย ๙ คน คิดเป็นร้อยละ ๗๗.๗๘``; "" without counts.

    The percentage is participants / target, when both exist and target > 0.
    """
    n, target = result.get("participants"), result.get("target")
    if n is None:
        return kit.text(f"กลุ่มเป้าหมาย {target} คน") if target else ""
    pct = _percent(n, target) if target else None
    if column:
        s = f"{n} คน" + (f" จากกลุ่มเป้าหมาย {target} คน คิดเป็นร้อยละ {pct}" if pct is not None else "")
    else:
        s = f"ผู้เข้าร่วม {n} คน" + (f" คิดเป็นร้อยละ {pct} ของกลุ่มเป้าหมาย ({target} คน)" if pct is not None else "")
    return kit.text(s)


def _states_count(text: str, n: int) -> bool:
    """True when ``text`` already says ``n คน`` (Thai or Arabic digits)."""
    return re.search(rf"(?<![0-9]){n}\s*คน", to_arabic_digits(text)) is not None


# -- cells -----------------------------------------------------------------------------------

_LABEL = re.compile(r"^\s*([0-9๐-๙]{1,3}[.)](?![0-9๐-๙])|[-•*])\s*")


def _inline(text: str, kit: Kit) -> str:
    """Markup of one line of plain text with the document's digits; URLs keep their
    digits (:func:`.thaitext.thai_digits`) and ThaiParagraph makes them links."""
    return escape(kit.text(text))


class _Cell:
    """Builds the flowables of one cell in the cell style."""

    def __init__(self, kit: Kit, style: ParagraphStyle, breaker: ThaiBreaker | None = None):
        self.kit, self.style = kit, style
        self.breaker = breaker or kit.breaker
        self.out: list[Flowable] = []
        # the same space in points whatever the font (Laksaman's em: the font's size / Kit.scale)
        self.gap = style.fontSize / kit.scale * PARAGRAPH_GAP_EM

    def para(self, markup: str, *, gap: bool = True, style: ParagraphStyle | None = None, **kw) -> None:
        p = ThaiParagraph(markup, style or self.style, self.breaker, **kw)
        if gap and self.out:
            p.spaceBefore = self.gap
        self.out.append(p)

    def text(self, value: Any, *, prefix: str = "") -> None:
        """Plain text (lines → paragraphs; ``๑.``/``๑)``/``-`` lines → list items with a
        hanging indent, ``๑)`` under ``๑.`` one level deeper), or a list of items → a
        numbered list.  ``prefix`` goes before the first line (the measure's number)."""
        if isinstance(value, (list, tuple)):
            items = [_inline(str(v), self.kit) for v in value if str(v).strip()]
            if prefix:
                self.para(escape(prefix))
            first = len(self.out)
            self.out += numbered_list(items, self.style, self.breaker, thai_digits=self.kit.thai_digits)
            if first and len(self.out) > first:
                self.out[first].spaceBefore = self.gap
            return
        lines = [ln.strip() for ln in str(value or "").splitlines()]
        lines = [ln for ln in lines if ln]
        if prefix:
            lines = [prefix + (lines[0] if lines else "")] + lines[1:]
        # (label, level, text) per line; levels from the order the label kinds appear in
        parsed: list[tuple[str | None, int, str]] = []
        stack: list[str] = []
        for i, ln in enumerate(lines):
            m = _LABEL.match(ln) if not (prefix and i == 0) else None
            if not m or not ln[m.end():].strip():
                parsed.append((None, 0, ln))
                stack = []
                continue
            label = m.group(1)
            kind = "-" if label in "-•*" else label[-1]
            if kind in stack:
                del stack[stack.index(kind) + 1:]
            else:
                stack.append(kind)
            parsed.append((self.kit.text(label), len(stack), ln[m.end():]))
        regular = pdfmetrics.getFont(self.style.fontName)
        size = self.style.fontSize
        hang: dict[int, float] = {}
        for label, level, _ in parsed:
            if label:
                w = regular.stringWidth(label, size) + size / self.kit.scale * 0.3
                hang[level] = max(hang.get(level, 0.0), w)
        for label, level, body in parsed:
            if label is None:
                self.para(_inline(body, self.kit))
                continue
            base = sum(hang.get(lv, 0.0) for lv in range(1, level))
            st = ParagraphStyle(f"{self.style.name}-li{level}", parent=self.style,
                                leftIndent=base + hang[level], firstLineIndent=0)
            self.para(_inline(body, self.kit), gap=level == 1 and not self._after_item(), style=st,
                      label=label, label_indent=base, first_line_indent=0)

    def lines(self, text: str) -> None:
        """Plain text as one paragraph, its lines kept as forced line breaks."""
        self.para("\n".join(_inline(ln.strip(), self.kit) for ln in text.strip().splitlines() if ln.strip()))

    def _after_item(self) -> bool:
        return bool(self.out) and getattr(self.out[-1], "label", None) is not None

    def done(self, empty: str = "-") -> list[Flowable]:
        if not self.out:
            self.para(escape(empty) if empty != NO_RESULT else f"<i>{escape(empty)}</i>")
        return self.out


# -- the story --------------------------------------------------------------------------------

class ReportStory(NamedTuple):
    """What :func:`report_story` returns: the flowables, the page size (pt) and the
    margins (left, right, top, bottom; pt) the table was laid out for."""

    flowables: list[Flowable]
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]


def _results_of(a: dict[str, Any], year: int, round: int) -> dict[str, list[dict[str, Any]]]:
    if round not in ROUNDS:
        raise DocumentError(f"รอบรายงานต้องเป็น ๖ หรือ ๑๒ เดือน ไม่ใช่ {round!r} / the round must be 6 or 12 months, "
                            f"not {round!r}")
    results = a.get("results", [])
    rounds = sorted({r["round"] for r in results})
    mine = [r for r in results if r["round"] == round]
    if not mine:
        if rounds:
            th = "มีผลรอบ " + " และ ".join(f"{n} เดือน" for n in rounds)
            en = "rounds with results: " + ", ".join(f"{n} months" for n in rounds)
        else:
            th, en = "ยังไม่มีผลรอบใดเลย", "no round has results yet"
        raise DocumentError(f"ปีงบประมาณ {year} ไม่มีผลการดำเนินการรอบ {round} เดือน ({th}) / "
                            f"fiscal year {year} has no results for the {round}-month round ({en})")
    by_measure: dict[str, list[dict[str, Any]]] = {}
    for r in mine:
        by_measure.setdefault(r["measure"], []).append(r)
    return by_measure


_URL_CUT = re.compile(r"(?<=[/?&=])")
_RANGE_CUT = re.compile(r"(?<=[-\u2013\u2014]) ")


def _soft_min(p: ThaiParagraph) -> float:
    """The narrowest width (pt) ``p`` reads well at: its widest unbreakable piece, where a
    range the breaker glued whole (``๑ ตุลาคม ๒๕๖๗ - ๓๐ กันยายน ๒๕๖๘``) counts by its
    wider end (one date per line) and a URL by its widest part between ``/ ? & =``:
    ThaiParagraph cuts such pieces there when the column is narrower
    (``ThaiBreaker.compound_cuts``)."""
    font = pdfmetrics.getFont(p.style.fontName)
    size = p.style.fontSize
    widest = 0.0
    for line in p.plain_text.split("\n"):
        for seg in p.breaker.segments(line):
            parts = _URL_CUT.split(seg) if ("://" in seg or "www." in seg) else _RANGE_CUT.split(seg)
            widest = max(widest, max(font.stringWidth(x.strip(), size) for x in parts))
    return min(p.minWidth(), widest + p.style.leftIndent + p.style.rightIndent)


def _measure(cell) -> tuple[float, float, float]:
    """(narrowest, widest, text) widths in pt of a cell (a list of ThaiParagraphs): the
    narrowest it reads well at (:func:`_soft_min`), the longest line, and the whole
    text set on one line."""
    lo = max((_soft_min(f) for f in cell), default=0.0)
    nat = [f.natural_width() for f in cell]
    return lo, max(nat, default=0.0), sum(nat)


def balanced_widths(data: list[list[list[Flowable]]], total: float, padding: float) -> list[float]:
    """Column widths (pt) summing to ``total`` that follow the content: each column gets
    at least its widest unbreakable word and at most its longest line (as
    :func:`common.content_widths`), and the room between is shared in proportion to
    the amount of text the column holds, so that the columns of a row end on about
    the same line (with rows alike, height ~ text / width is smallest when the widths
    go with the text).  CSS's automatic layout (``content_widths``) shares by the
    longest line instead, which gave a one-line period column as much room as a
    twenty-line measure title.  Falls back to ``content_widths`` when the narrowest
    widths do not fit.
    """
    ncols = len(data[0]) if data else 0
    lo, hi, text = [0.0] * ncols, [0.0] * ncols, [0.0] * ncols
    for r, row in enumerate(data):
        for c, cell in enumerate(row):
            a, b, t = _measure(cell)
            lo[c] = max(lo[c], a + padding)
            hi[c] = max(hi[c], b + padding)
            if r:
                text[c] += t
    if not ncols or sum(lo) >= total:
        return content_widths(data, total, padding)
    # every column gets its longest line up to COMFORT of the width (when they all fit):
    # "ไตรมาสที่ ๑ - ๔" on one line, and no measure title in a column of a few words,
    # at little cost in height where other columns make the row tall anyway
    comfy = [max(a, min(b, total * COMFORT)) for a, b in zip(lo, hi)]
    if sum(comfy) < total:
        lo = comfy
    w = list(lo)
    free = [c for c in range(ncols) if hi[c] > w[c] + 0.01]
    room = total - sum(w)
    while room > 0.01 and free:
        weight = {c: text[c] or 1.0 for c in free}
        s = sum(weight.values())
        capped = [c for c in free if w[c] + room * weight[c] / s >= hi[c]]
        if not capped:
            for c in free:
                w[c] += room * weight[c] / s
            room = 0.0
            break
        for c in capped:
            room -= hi[c] - w[c]
            w[c] = hi[c]
            free.remove(c)
    if room > 0.01:   # every column has its longest line: share the rest by width
        s = sum(w)
        w = [x + room * x / s for x in w]
        return w
    return _refine(data, w, lo, hi, padding)


#: Weight of the total number of lines against the table height in :func:`_refine`:
#: with the height equal, widths go where they save wrapped lines.
LINES_WEIGHT = 0.05


def _para_lines(p: ThaiParagraph) -> list[float]:
    """Text width (pt) of each hard line of ``p`` set on one line."""
    if "\n" not in p.plain_text:
        return [p.natural_width() - p.style.leftIndent - p.style.rightIndent]
    return [ThaiParagraph(part, p.style, p.breaker).natural_width() - p.style.leftIndent - p.style.rightIndent
            for part in p.text.split("\n")]


def _refine(data, w: list[float], lo: list[float], hi: list[float], padding: float) -> list[float]:
    """Move width between columns while the estimated table height falls.

    Estimate: a paragraph of text width ``t`` takes ceil(t / room) lines of its leading
    (room = column width less padding and its indents); a row is as tall as its
    tallest cell; the cost is the sum of the rows plus :data:`LINES_WEIGHT` times all
    lines.  Proportional shares (the start) are best when rows are alike; this lets
    one very long cell (a result longer than a page) take width from the other
    columns only as far as that shortens the table, instead of squeezing every
    measure title into a narrow column.  Steps of 24, 12, 6, 3 pt; each column stays
    within [lo, hi].
    """
    ncols = len(w)
    cells = [[[(_para_lines(f), f.style.leftIndent + f.style.rightIndent, f.style.leading, f.spaceBefore or 0.0)
               for f in cell if isinstance(f, ThaiParagraph)] for cell in row] for row in data]
    cache: dict[tuple[int, float], list[tuple[float, float]]] = {}

    def heights(c: int, width: float) -> list[tuple[float, float]]:
        key = (c, round(width, 3))
        got = cache.get(key)
        if got is None:
            got = []
            for row in cells:
                h = n = 0.0
                for parts, indent, leading, before in row[c]:
                    room = max(width - padding - indent, 1.0)
                    k = sum(max(1, math.ceil(t * 1.04 / room)) for t in parts)
                    h += k * leading + before
                    n += k
                got.append((h, n))
            cache[key] = got
        return got

    def cost(ws: list[float]) -> float:
        cols = [heights(c, ws[c]) for c in range(ncols)]
        return sum(max(col[r][0] for col in cols) + LINES_WEIGHT * sum(col[r][1] for col in cols)
                   for r in range(len(cells)))

    best = cost(w)
    for step in (24.0, 12.0, 6.0, 3.0):
        for _ in range(200):
            move = None
            for i in range(ncols):          # i gains step, j gives it
                if w[i] + step > hi[i] + 0.01:
                    continue
                for j in range(ncols):
                    if i == j or w[j] - step < lo[j] - 0.01:
                        continue
                    trial = list(w)
                    trial[i] += step
                    trial[j] -= step
                    c = cost(trial)
                    if c < best - 1e-6:
                        best, move = c, trial
            if move is None:
                break
            w = move
    return w


def _period_lines(text: str, width: float, kit: Kit) -> str:
    """A period that does not fit on one line of ``width`` pt, with line breaks where it
    reads best: before its parenthesis (``ไตรมาสที่ ๑`` / ``(๑ ตุลาคม ๒๕๖๗ – …)``), then
    also after a range dash (``๑ ตุลาคม ๒๕๖๗ –`` / ``๓๐ กันยายน ๒๕๖๘``): one date per line
    instead of the greedy cut inside a date (``(๑`` / ``ตุลาคม ๒๕๖๗ – ๓๑`` / …)."""
    def fits(t: str) -> bool:
        return all(ThaiParagraph(_inline(line, kit), kit.cell, kit.breaker).natural_width() <= width
                   for line in t.split("\n"))

    t = re.sub(r"\s+\(", "\n(", text.strip())
    if fits(t):
        return t
    # only between two dates (words after the dash): "ไตรมาสที่ ๑ - ๔" stays one range
    return re.sub(r"(?<=\S)\s*([-\u2013\u2014])\s+(?=\S+\s+\S)", r" \1\n", t)


def _home(columns: ReportColumns, order: tuple[str, ...]) -> str | None:
    """The first of ``order`` that is shown."""
    return next((k for k in order if columns.is_shown(k)), None)


def title_block(kit: Kit, year: int, round: int) -> list[Flowable]:
    """Item code (when the year's framework has one), report name, office, fiscal year and round."""
    office = kit.doc["office"]
    fw = framework_for(year)
    code = fw.documents.get("report")
    first, last = round_period(year, round)
    rnd = to_thai_digits(str(round)) if kit.thai_digits else str(round)
    story: list[Flowable] = []
    if code is not None and code.item:
        # the OIT item this document answers, small at the top right (its code never in Thai digits)
        story.append(kit.p(f"{code.item} {code.title}", ParagraphStyle("item", parent=kit.cell, alignment=TA_RIGHT)))
    story += [
        kit.p(REPORT_TITLE, kit.title),
        kit.p(office_place(office), kit.center, bold=True),
        kit.p(f"{FiscalYear(year).label(kit.thai_digits)} รอบ {rnd} เดือน "
              f"({thai_date(first, thai_digits=kit.thai_digits)} – {thai_date(last, thai_digits=kit.thai_digits)})",
              kit.center),
        Spacer(1, kit.unit * 0.6),
    ]
    return story


def report_story(doc: dict[str, Any], year: int, round: int = 12, columns: ReportColumns | None = None,
                 kit: Kit | None = None, *, width: float | None = None,
                 include_unreported: bool = True) -> ReportStory:
    """The flowables of the implementation report of fiscal year ``year`` (B.E.), round
    ``round`` (6 or 12 months), and the page size they need (A4 landscape).

    ``columns``: default the office's saved columns (:meth:`ReportColumns.of_office`).
    ``kit``: the document's Kit (default a new one for ``doc`` with the office's digits).  ``width``: the frame width in pt (default
    the A4 landscape page less :data:`MARGINS`); the table's column widths follow the
    content within it.  ``include_unreported``: also list the measures that have no
    result in this round (their result cell says "ยังไม่มีผล").  The flowables assume no
    page template: a caller putting them after portrait pages switches to a landscape
    template of ``pagesize`` first.

    Raises DocumentError (Thai / English) when the year is missing, the round is not
    6 or 12, or the year has no result in that round (the message names the rounds that
    have results).
    """
    kit = kit or Kit(doc, thai_digits=bool(doc["office"].get("thai_digits", True)))
    columns = columns or ReportColumns.of_office(doc)
    a = assessment_of(doc, year)
    results = _results_of(a, year, round)
    measures = [m for m in a.get("measures", []) if include_unreported or m["key"] in results]
    if width is None:
        width = PAGE_SIZE[0] - MARGINS[0] - MARGINS[1]

    keys = columns.keys
    evidence_home = _home(columns, ("evidence", "result", "outcome"))
    people_home = _home(columns, ("participants", "result", "outcome"))
    missing_home = _home(columns, ("result", "outcome"))
    numbered = not columns.is_shown("order")
    center = ParagraphStyle("cell_center", parent=kit.cell, alignment=TA_CENTER)

    data: list[list[Any]] = [[[kit.p(h, kit.head_cell)] for _, h in columns.visible]]
    periods: list[str] = []
    for n, m in enumerate(measures, 1):
        rs = results.get(m["key"], [])
        cells: dict[str, _Cell] = {k: _Cell(kit, center if k == "order" else kit.cell) for k in keys}

        def put(key: str | None, value: Any, cells: dict[str, _Cell] = cells) -> None:
            if key in cells and value:
                cells[key].text(value)

        num = kit.num(n, 0)
        put("order", num)
        if "measure" in cells:
            title = m.get("title", "")
            starts_numbered = _LABEL.match(title) and not title.lstrip().startswith(("-", "•", "*"))
            cells["measure"].text(title, prefix=f"{num}. " if numbered and not starts_numbered else "")
        put("steps", m.get("steps"))
        put("responsible", m.get("responsible"))
        periods.append(period_text(m, kit))
        if "period" in cells and periods[-1].strip():
            cells["period"].lines(periods[-1])
        for r in rs:
            put("result", r.get("done"))
            put("outcome", r.get("outcome"))
            put("suggestion", r.get("suggestions"))
            who = participants_text(r, kit, column=people_home == "participants")
            if who and people_home:
                field = {"result": "done", "outcome": "outcome"}.get(people_home)
                said = field is not None and r.get("participants") is not None and _states_count(
                    r.get(field) or "", r["participants"])
                if not said:
                    cells[people_home].para(escape(who))
            urls = r.get("evidence_urls") or []
            if urls and evidence_home == "evidence":
                for u in urls:
                    cells["evidence"].para(link(u), gap=False)
            elif urls and evidence_home:
                cells[evidence_home].para(escape(kit.text("สามารถติดตามข้อมูลได้ที่")) + "\n"
                                          + "\n".join(link(u) for u in urls))
        row = []
        for k in keys:
            empty = NO_RESULT if k == missing_home and not any(
                r.get("done") or r.get("outcome") for r in rs) else "-"
            row.append(cells[k].done(empty))
        data.append(row)

    pad = kit.pad
    widths = balanced_widths(data, width, padding=2 * pad)
    if "period" in keys:
        c = keys.index("period")
        for row, text in zip(data[1:], periods):
            if text and any(f.natural_width() > widths[c] - 2 * pad for f in row[c]):
                cell = _Cell(kit, kit.cell)
                cell.lines(_period_lines(text, widths[c] - 2 * pad, kit))
                row[c] = cell.done()
    table = SplitTable(data, colWidths=widths)
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), kit.row_pad[0]), ("BOTTOMPADDING", (0, 0), (-1, -1), kit.row_pad[1])],
        font_name=kit.regular))
    return ReportStory(title_block(kit, year, round) + [table], PAGE_SIZE, MARGINS)


def render_report(doc: dict[str, Any], year: int, out: Path | str, *, round: int = 12,
                  columns: ReportColumns | None = None, thai_digits: bool | None = True,
                  include_unreported: bool = True, warnings: list | None = None) -> Path:
    """Write the implementation report of fiscal year ``year`` (B.E.), round ``round``
    (6 or 12 months) to ``out`` (PDF, A4 landscape, page numbers "- ๒ -" from page 2).

    ``doc``: the office's interchange document; ``columns``: the layout (default the
    office's saved ``report_columns``, else :data:`DEFAULT_PRESET`); ``thai_digits``:
    print numbers in Thai digits (never in URLs); None: the office's choice
    (``office.thai_digits``, default yes).  ``include_unreported``: as for
    :func:`report_story`.  The office's font (``office.font``, see :class:`.common.Kit`);
    ``warnings``: a list to which :class:`.fonts.DocumentWarning` s are appended (the
    font is not installed and Laksaman printed instead …).  Returns ``out``.  Raises
    DocumentError (see :func:`report_story`) or when the file cannot be written.
    """
    if thai_digits is None:
        thai_digits = bool(doc["office"].get("thai_digits", True))
    kit = Kit(doc, thai_digits=thai_digits)
    hand_on_warnings(kit, warnings)
    story, pagesize, (left, right, top, bottom) = report_story(doc, year, round, columns, kit,
                                                               include_unreported=include_unreported)
    office = doc["office"]

    def page_number(canv, d) -> None:
        n = canv.getPageNumber()
        if n < 2:
            return
        text = f"- {to_thai_digits(str(n)) if thai_digits else n} -"
        canv.saveState()
        canv.setFont(kit.regular, kit.size)  # digits and hyphens: nothing to shape
        canv.drawCentredString(left + (pagesize[0] - left - right) / 2, pagesize[1] - top + kit.unit * 0.9, text)
        canv.restoreState()

    def build(path: str) -> None:
        doc_template(
            path, font_name=kit.regular, pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
            bottomMargin=bottom, title=f"{REPORT_TITLE} {FiscalYear(year).label(False)} รอบ {round} เดือน",
            author=office["name"], subject=f"ITA {FiscalYear(year).label(False)}", keywords=f"ITA {year}",
            creator="ITA Desktop", initialFontSize=kit.size,
        ).build(story, onFirstPage=page_number, onLaterPages=page_number)

    return write_atomic(out, build)
