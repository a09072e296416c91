"""Pre-flight checks run on an office's data before a document is printed.

``run_checks(doc, year, round=None)`` looks at one fiscal year of an
interchange document (``resources/schema/office.schema.json``) and returns
the faults real published reports are full of (ITA_DOMAIN.md, "What the seeds
teach about real data"): another office's name left in by copy and paste, an
indicator put under the wrong tool, one indicator given two scores, Thai
digits inside links, periods outside the fiscal year, measures without
results in a 12-month report, empty fields the documents print, and memos
without a valid signer.

Every problem is a ``Problem``: a stable ``code``, a ``severity`` ("error":
the printed document would state something wrong or miss something it must
carry; "warning": probably incomplete or suspicious, printable as is), a
one-line ``message`` (Thai, " / ", English) naming the place, the ``where``
path into the document (e.g. ``("assessments", 0, "measures", 3, "period",
"start")``) and a ``target`` ``(kind, key)`` a GUI can jump to:

============  ===============================================
kind          key
============  ===============================================
"office"      the office field (``"name"``, ``"district"`` …)
"person"      the person's key
"assessment"  the fiscal year (B.E.)
"score"       the indicator number (1–10)
"finding"     the finding's index in ``findings``
"measure"     the measure's key
"result"      ``(measure key, round)``
"memo"        the memo's index in ``memos``
============  ===============================================

Codes: ``missing_year``, ``missing_framework``; 1 ``foreign_office_name``,
``foreign_place_name``; 2 ``indicator_wrong_tool``; 3 ``score_conflict``,
``tool_score_conflict``; 4 ``thai_digits_in_url``; 5 ``period_outside_year``,
``period_reversed``, ``period_text_mismatch``, ``date_outside_year``,
``other_fiscal_year``, ``bad_date``; 6 ``measure_without_result``,
``no_round_results``, ``unknown_measure``; 7 ``empty_field``,
``missing_scores``; 8 ``missing_signer``, ``unknown_signer``. Each check's
docstring gives its rule and source. All text of the office and of the
year's assessment is checked whatever the round; ``round`` only selects the
results that must exist.

Imports neither Qt nor SQLite (tests/test_layers.py).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from ita_desktop.domain.fiscal import (
    FiscalYear,
    ce_to_be,
    to_arabic_digits,
    to_thai_digits,
)
from ita_desktop.domain.framework import Framework, FrameworkError, framework_for
from ita_desktop.domain.scoring import ScoreError, ScoreResult, compute, round2

ERROR = "error"
WARNING = "warning"

Path = tuple  # a path into the document: str keys and int indexes


@dataclass(frozen=True)
class Problem:
    """One fault found by ``run_checks``.

    ``code``: stable id (see the module's checks); ``severity``: "error" or
    "warning"; ``message``: one line, Thai then " / " then English;
    ``where``: path into the interchange document; ``target``: (kind, key)
    for the GUI (kinds listed in the module docstring).
    """

    code: str
    severity: str
    message: str
    where: Path
    target: tuple[str, Any]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------
# Entry point


def run_checks(doc: dict, year: int, *, round: int | None = None) -> list[Problem]:
    """Check fiscal year ``year`` (B.E.) of ``doc`` before printing.

    ``round``: the report being printed, 6 or 12 (months); None checks what
    the data holds (the 12-month rules apply when the year has 12-month
    results). Returns the problems, errors first, then by ``where``.
    Raises ValueError for a round other than None, 6 or 12, and
    FiscalYearError for a year outside 2500–2700.
    """
    if round not in (None, 6, 12):
        raise ValueError(f"รอบรายงานต้องเป็น 6 หรือ 12 เดือน / round must be 6 or 12, got {round!r}")
    ctx = _Context.build(doc, FiscalYear(year), round)
    out: list[Problem] = []
    for check in CHECKS:
        out.extend(check(ctx))
    unique = list(dict.fromkeys(out))
    return sorted(unique, key=lambda p: (p.severity != ERROR, _path_key(p.where), p.code, p.message))


def _path_key(path: Path) -> tuple:
    return tuple((0, x, "") if isinstance(x, int) else (1, 0, str(x)) for x in path)


# ---------------------------------------------------------------------------
# What every check needs: the year's assessment, the framework, the scores,
# and the place names of document paths.


@dataclass
class _Context:
    doc: dict
    fy: FiscalYear
    round: int | None
    office: dict
    ai: int | None  # index of the year's assessment in doc["assessments"]
    a: dict
    fw: Framework | None
    scores: ScoreResult | None
    problems: list[Problem]

    @classmethod
    def build(cls, doc: dict, fy: FiscalYear, rnd: int | None) -> _Context:
        office = doc.get("office") or {}
        ai = next((i for i, a in enumerate(doc.get("assessments") or []) if a.get("year") == fy.be), None)
        a = doc["assessments"][ai] if ai is not None else {}
        problems: list[Problem] = []
        try:
            fw: Framework | None = framework_for(fy.be)
        except FrameworkError:
            fw = None
        scores = None
        if fw is not None and a:
            try:
                scores = compute(fw, {int(k): v for k, v in (a.get("scores") or {}).items()}, a.get("tool_scores"))
            except (ScoreError, ValueError):
                scores = None
        return cls(doc, fy, rnd, office, ai, a, fw, scores, problems)

    # -- paths and places ------------------------------------------------
    def apath(self, *rest: Any) -> Path:
        return ("assessments", self.ai, *rest)

    def problem(self, code: str, severity: str, where: Path, th: str, en: str,
                target: tuple[str, Any] | None = None) -> Problem:
        """A Problem whose message starts with the place ``where`` names."""
        place_th, place_en, target_ = self.place(where)
        target = target or target_
        return Problem(code, severity, _one_line(f"{place_th}: {th} / {place_en}: {en}"), tuple(where), target)

    def place(self, where: Path) -> tuple[str, str, tuple[str, Any]]:
        """(Thai place, English place, target) of a document path."""
        year = self.fy.be
        if not where or where[0] == "office":
            rest = where[1:]
            if rest[:1] == ("people",) and len(rest) >= 2:
                p = _get(self.doc, where[:3]) or {}
                key = p.get("key", "")
                th = f'บุคลากร "{p.get("name") or key}"'
                en = f'person "{key}"'
                if len(rest) >= 3:
                    th += f" ช่อง{_FIELD_TH.get(rest[2], rest[2])}"
                    en += f" ({rest[2]})"
                return th, en, ("person", key)
            field = rest[0] if rest else "name"
            return (f"ข้อมูลหน่วยงาน ช่อง{_FIELD_TH.get(field, field)}", f"office ({field})", ("office", field))
        rest = where[2:]
        fy_th = f"ปีงบประมาณ {to_thai_digits(str(year))}"
        if not rest:
            return fy_th, f"fiscal year {year}", ("assessment", year)
        part, idx, tail = rest[0], (rest[1] if len(rest) > 1 else None), rest[2:]
        field = next((x for x in reversed(tail) if isinstance(x, str)), None)
        f_th = f" ช่อง{_FIELD_TH.get(field, field)}" if field else ""
        f_en = f" ({field})" if field else ""
        if part == "scores" and idx is None:
            return "คะแนนรายตัวชี้วัด", "indicator scores", ("assessment", year)
        if part == "scores":
            n = int(idx)
            return (f"คะแนนตัวชี้วัดที่ {to_thai_digits(str(n))}", f"score of indicator {n}", ("score", n))
        if part == "findings" and isinstance(idx, int):
            f = self.a["findings"][idx]
            ind = f.get("indicator")
            th = f"ผลการวิเคราะห์ข้อ {to_thai_digits(str(idx + 1))}"
            en = f"finding {idx + 1}"
            if ind:
                th += f" (ตัวชี้วัดที่ {to_thai_digits(str(ind))})"
                en += f" (indicator {ind})"
            return th + f_th, en + f_en, ("finding", idx)
        if part == "measures" and isinstance(idx, int):
            m = self.a["measures"][idx]
            return (f'มาตรการ "{_short(m.get("title") or m.get("key", ""))}"{f_th}',
                    f'measure "{m.get("key", "")}"{f_en}', ("measure", m.get("key", "")))
        if part == "results" and isinstance(idx, int):
            r = self.a["results"][idx]
            key, rnd = r.get("measure", ""), r.get("round")
            m = self.measure_by_key.get(key) or {}
            return ((f'ผลการดำเนินการรอบ {to_thai_digits(str(rnd))} เดือน ของมาตรการ '
                     f'"{_short(m.get("title") or key)}"{f_th}'),
                    f'{rnd}-month result of measure "{key}"{f_en}', ("result", (key, rnd)))
        if part == "memos" and isinstance(idx, int):
            memo = self.a["memos"][idx]
            th = f'บันทึกข้อความ "{_short(memo.get("subject") or "")}"'
            en = f"memo {idx + 1}"
            if tail[:1] == ("sections",) and len(tail) >= 4 and tail[2] == "paragraphs":
                s = memo["sections"][tail[1]]
                th += f' หัวข้อ "{_short(s.get("heading") or "")}" ย่อหน้าที่ {to_thai_digits(str(tail[3] + 1))}'
                en += f", section {tail[1] + 1} paragraph {tail[3] + 1}"
            elif tail[:1] == ("approvals",) and len(tail) >= 2:
                ap = memo["approvals"][tail[1]]
                th += f' ความเห็น "{_short(ap.get("title") or "")}"'
                en += f", approval {tail[1] + 1}"
                if len(tail) >= 3:
                    th += f" ช่อง{_FIELD_TH.get(tail[2], tail[2])}"
                    en += f" ({tail[2]})"
            elif field:
                th += f_th
                en += f_en
            return th, en, ("memo", idx)
        if part == "limitations" and isinstance(idx, int):
            topic = self.a["limitations"][idx].get("topic", "")
            return (f'{fy_th} ข้อจำกัด "{_short(topic)}"', f"fiscal year {year}, limitation {idx + 1}",
                    ("assessment", year))
        if part == "next_year_plan" and isinstance(idx, int):
            return (f"{fy_th} แผนปีถัดไป แถวที่ {to_thai_digits(str(idx + 1))}{f_th}",
                    f"fiscal year {year}, next-year plan row {idx + 1}{f_en}", ("assessment", year))
        if part == "history" and isinstance(idx, int):
            hy = self.a["history"][idx].get("year", "")
            return (f"{fy_th} ผลย้อนหลังปี {to_thai_digits(str(hy))}", f"fiscal year {year}, history {hy}",
                    ("assessment", year))
        label = _FIELD_TH.get(part, part)
        return f"{fy_th} ช่อง{label}", f"fiscal year {year} ({part})", ("assessment", year)

    @property
    def measure_by_key(self) -> dict[str, dict]:
        return {m.get("key"): m for m in self.a.get("measures") or []}

    # -- text fields ---------------------------------------------------------
    def texts(self, *, office: bool = True) -> Iterator[tuple[Path, str]]:
        """Every free-text string of the office and the year's assessment, with its path.

        Keys, person references, item codes and ISO dates are left out.
        """
        if office:
            yield from _strings(self.office, ("office",))
        if self.ai is not None:
            yield from _strings(self.a, self.apath())


_SKIP_KEYS = {"key", "measure", "signer", "person", "item", "items", "start", "end", "date", "format", "type"}


def _strings(node: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k in _SKIP_KEYS and not (k == "measure" and path[-2:-1] == ("next_year_plan",)):
                continue
            yield from _strings(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, path + (i,))


def _get(node: Any, path: Path) -> Any:
    for p in path:
        node = node[p]
    return node


_FIELD_TH = {
    "name": "ชื่อ", "short_name": "ชื่อย่อ", "subdistrict": "ตำบล", "district": "อำเภอ", "province": "จังหวัด",
    "website": "เว็บไซต์", "doc_prefix": "เลขหนังสือ", "departments": "ส่วนราชการ", "position": "ตำแหน่ง",
    "department": "ส่วนราชการ", "analysis_intro": "บทนำการวิเคราะห์", "weak_point": "ประเด็นที่ต้องแก้ไข",
    "improvement": "แนวทางการพัฒนา", "indicator": "ตัวชี้วัด", "issue": "ประเด็น", "title": "ชื่อ",
    "steps": "ขั้นตอน", "responsible": "ผู้รับผิดชอบ", "period": "ระยะเวลา", "text": "ข้อความ",
    "done": "ผลการดำเนินการ", "outcome": "ผลลัพธ์", "suggestions": "ข้อเสนอแนะ", "evidence_urls": "ลิงก์หลักฐาน",
    "subject": "เรื่อง", "recipient": "เรียน", "closing": "คำลงท้าย", "signer": "ผู้ลงนาม", "comment": "ความเห็น",
    "number": "ที่", "date": "วันที่", "heading": "หัวข้อ", "paragraphs": "ย่อหน้า", "topic": "หัวข้อ",
    "item_text": "ข้อคำถาม", "analysis": "ผลการวิเคราะห์", "measure": "มาตรการ", "related": "ตัวชี้วัดที่สอดคล้อง",
    "published_overall": "คะแนนรวมที่ประกาศ", "scores": "คะแนน", "tool_scores": "คะแนนรายเครื่องมือ",
    "start": "วันเริ่ม", "end": "วันสิ้นสุด", "items": "ข้อ ITA", "indicators": "ตัวชี้วัด", "person": "ผู้ให้ความเห็น", "overall": "คะแนนรวม",
}


def _short(s: str, n: int = 30) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _th_num(x: Any) -> str:
    return to_thai_digits(str(x))


# ---------------------------------------------------------------------------
# 0. The year exists


def check_year_present(ctx: _Context) -> list[Problem]:
    """The fiscal year to print has an assessment in the document, and a framework file.

    Source: a document is printed for one fiscal year (``assessments[].year``);
    the year's rules come from ``resources/frameworks/<year>.json``.
    """
    out = []
    if ctx.ai is None:
        have = ", ".join(str(a.get("year")) for a in ctx.doc.get("assessments") or [])
        out.append(Problem("missing_year", ERROR, _one_line(
            f"ไม่มีข้อมูลปีงบประมาณ {_th_num(ctx.fy.be)} ของหน่วยงานนี้ (มี: {to_thai_digits(have) or '-'}) / "
            f"the office has no data for fiscal year {ctx.fy.be} (has: {have or '-'})"),
            ("assessments",), ("assessment", ctx.fy.be)))
    if ctx.fw is None:
        out.append(Problem("missing_framework", ERROR, _one_line(
            f"ไม่มีเกณฑ์ ITA ของปีงบประมาณ {_th_num(ctx.fy.be)} / no ITA framework for fiscal year {ctx.fy.be}"),
            ("assessments",), ("assessment", ctx.fy.be)))
    return out


# ---------------------------------------------------------------------------
# 1. Another office's or place's name


_THAI = "\u0e01-\u0e3a\u0e40-\u0e4e"  # Thai letters, vowels and marks (no digits)

# The office-type words that precede an office's name; the name is what follows.
_OFFICE_PREFIXES = [
    ("องค์การบริหารส่วนตำบล", True), ("องค์กรบริหารส่วนตำบล", True),  # the second is a common misspelling (seed 002)
    ("เทศบาลตำบล", True), ("เทศบาลเมือง", True), ("เทศบาลนคร", True),
    ("อบต.", False), ("ทต.", False), ("ทม.", False), ("ทน.", False),
]
_OWN_PREFIXES = [p for p, _ in _OFFICE_PREFIXES] + ["องค์การบริหารส่วนจังหวัด", "อบจ."]

# Words that begin a clause, never a place name: "สมาชิกสภา อบต. มีความรู้",
# "นายกองค์การบริหารส่วนตำบล ได้พิจารณา", "จังหวัดใกล้เคียง" (seed 002). Matched as
# the start of the text after the office/place word. Chosen so that no Thai
# place name starts with them (ใน is left out: ตำบลในเมือง exists).
_NOT_A_NAME = (
    "มี", "ให้", "ได้", "เป็น", "ที่", "ซึ่ง", "และ", "หรือ", "ทุก", "ทั้ง", "ของ", "กับ", "ต่อ", "เพื่อ", "โดย",
    "นี้", "นั้น", "ดังกล่าว", "ต่าง", "อื่น", "ร่วม", "ไม่", "ก็", "ยัง", "คือ", "ว่า", "แห่ง", "ละ", "เดียวกัน",
    "ใกล้เคียง", "ข้างเคียง", "เอง", "ควร", "ต้อง", "สามารถ", "จึง", "แต่", "เช่น", "พร้อม", "ประจำ", "ตาม",
    "ในการ", "ในพื้นที่", "ในเขต", "ในสังกัด", "จัด", "รับ", "ทราบ", "ดำเนิน", "เพิ่ม", "ต้น", "ได้แก่",
    # people listed after "สมาชิกสภา อบต." (seed 002: "… และสมาชิกสภา อบต. มีคุณธรรม")
    "พนักงาน", "เจ้าหน้าที่", "ผู้บริหาร", "สมาชิก", "นายก", "รองนายก", "ปลัด", "รองปลัด", "หัวหน้า",
    "ผู้อำนวยการ", "คณะ", "บุคลากร", "ประชาชน", "ข้าราชการ", "ลูกจ้าง", "ประธาน", "เลขานุการ", "กำนัน",
    "ผู้ใหญ่บ้าน",
)

_OFFICE_RE = re.compile(
    "|".join(
        ("" if long or p == "อบต." else rf"(?<![{_THAI}.])") + re.escape(p)
        for p, long in sorted(_OFFICE_PREFIXES, key=lambda x: -len(x[0]))
    )
)
_PLACE_RE = re.compile(
    rf"(?P<sub>(?<!ส่วน)(?<!บาล)ตำบล)"
    rf"|(?P<dist>อำเภอ)"
    rf"|(?P<prov>จังหวัด)"
    rf"|(?<![{_THAI}.])(?P<dist_abbr>อ\.)(?=\s?[{_THAI}]{{2,}}\s*จ\.)"
    rf"|(?<![{_THAI}.])(?P<prov_abbr>จ\.)(?=\s?[{_THAI}]{{3,}}(?![{_THAI}.]))"
)
_KIND_TH = {"office": "หน่วยงาน", "sub": "ตำบล", "dist": "อำเภอ", "prov": "จังหวัด"}
_KIND_EN = {"office": "office", "sub": "subdistrict", "dist": "district", "prov": "province"}


def _core(name: str) -> str:
    """An office's name without its type word: องค์การบริหารส่วนตำบลห้วยเตย → ห้วยเตย."""
    s = "".join(name.split())
    for p in sorted(_OWN_PREFIXES, key=len, reverse=True):
        if s.startswith(p) and len(s) > len(p):
            return s[len(p):]
    return s


@lru_cache(maxsize=256)
def _display_name(run: str) -> str:
    """The name part of the Thai run after an office/place word, for messages.

    Thai has no spaces between words, so "เขาวาวมีการรับรู้" is cut with
    PyThaiNLP's dictionary tokenizer before the first function word.
    """
    if len(run) <= 12:
        return run
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    stop = thai_stopwords()
    words = word_tokenize(run, engine="newmm", keep_whitespace=False)
    kept: list[str] = []
    for w in words:
        if kept and (w in stop or len("".join(kept)) >= 16):
            break
        kept.append(w)
    name = "".join(kept)
    return name if name == run else name + "…"


def check_foreign_names(ctx: _Context) -> list[Problem]:
    """Names of other offices and places left in the text (copy and paste from another office's report).

    Source: ITA_DOMAIN.md "What the seeds teach about real data": seed 002
    (อบต.ห้วยเตย) keeps "อบต. ย่างขึ้นก" and names three districts
    (กุตุรงค์, กุสุมาลย์, ภูกระดึง) for one office; seed 001 writes its own
    name เขาขาว also as เขาวาว.

    Rule: after an office word (องค์การบริหารส่วนตำบล, เทศบาลตำบล/เมือง/นคร
    written together with the name; อบต., ทต., ทม., ทน. with or without one
    space) the following Thai run must start
    with the office's own name (``office.name`` without its type word,
    ``short_name`` likewise, or ``subdistrict``), spaces ignored — so
    "องค์การบริหารส่วนตำบลห้วยเตยมากขึ้น" and "อบต. ห้วยเตย" are the office
    itself. After ตำบล (not in "ส่วนตำบล"/"เทศบาลตำบล") it must be the own
    subdistrict or office name, after อำเภอ / "อ. … จ." the own district,
    after จังหวัด / จ. the own province. A run that begins with a function
    word or a role ("อบต. มีความรู้", "สมาชิกสภา อบต. พนักงานส่วนตำบล") is
    not a name. Another office's name is an
    error; another district or province is an error when written as an
    address (next to another office or place name), a warning elsewhere (a
    study trip to จังหวัดขอนแก่น is legitimate). Unknown own values (no
    district given) are not judged.
    """
    o = ctx.office
    own_office = {c for c in (_core(o.get("name") or ""), _core(o.get("short_name") or "")) if c}
    own_sub = own_office | ({"".join(o["subdistrict"].split())} if (o.get("subdistrict") or "").strip() else set())
    own = {
        "office": own_office,
        "sub": own_sub,
        "dist": {"".join(o["district"].split())} if (o.get("district") or "").strip() else set(),
        "prov": {"".join(o["province"].split())} if (o.get("province") or "").strip() else set(),
    }
    shown = {"office": o.get("short_name") or o.get("name") or "", "sub": o.get("subdistrict") or "",
             "dist": o.get("district") or "", "prov": o.get("province") or ""}
    out = []
    for path, text in ctx.texts():
        if not re.search(r"อบต|ทต\.|ทม\.|ทน\.|บริหารส่วน|เทศบาล|ตำบล|อำเภอ|จังหวัด|อ\.|จ\.", text):
            continue
        mentions = list(_place_mentions(text))
        for i, (kind, start, name_start, end, run) in enumerate(mentions):
            if not own[kind]:
                continue
            rest = "".join(text[name_start:name_start + 80].split())
            if any(rest.startswith(n) for n in own[kind]):
                continue
            if kind == "dist" and run == "เมือง" and any(n.startswith("เมือง") for n in own[kind]):
                continue
            name = _display_name(run)
            written = re.sub(r"\s", " ", text[start:name_start]) + name
            own_name = shown[kind]
            hint_th = hint_en = ""
            close = max(difflib.SequenceMatcher(None, run[:len(n)], n).ratio() for n in own[kind])
            if close >= 0.6:
                hint_th, hint_en = " อาจสะกดชื่อตนเองผิด", " (a misspelling of its own name?)"
            if kind == "office":
                out.append(ctx.problem(
                    "foreign_office_name", ERROR, path,
                    f'มีชื่อหน่วยงานอื่น "{written}" ไม่ใช่{own_name}{hint_th}',
                    f'another office\'s name "{written}", not {own_name}{hint_en}'))
                continue
            address = _adjacent(mentions, i, text) or text[start:start + 2] in ("อ.", "จ.")
            out.append(ctx.problem(
                "foreign_place_name", ERROR if address else WARNING, path,
                f'ระบุ{_KIND_TH[kind]} "{written}" แต่หน่วยงานอยู่{_KIND_TH[kind]}{own_name}{hint_th}',
                f'names {_KIND_EN[kind]} "{written}" but the office is in {_KIND_EN[kind]} {own_name}{hint_en}'))
    return out


def _place_mentions(text: str) -> Iterator[tuple[str, int, int, int, str]]:
    """(kind, start, name start, end, Thai run) of every office/place word followed by a name."""
    found = []
    for m in _OFFICE_RE.finditer(text):
        found.append(("office", m.start(), m.end(), m.group(0)))
    for m in _PLACE_RE.finditer(text):
        kind = m.lastgroup.removesuffix("_abbr")
        found.append((kind, m.start(), m.end(), m.group(0)))
    # a ตำบล inside an office word (องค์การบริหารส่วนตำบล…) is that office word's
    spans = [(s, e) for k, s, e, _ in found if k == "office"]
    for kind, start, end, word in sorted(found, key=lambda f: f[1]):
        if kind != "office" and any(s <= start < e for s, e in spans):
            continue
        # one space is allowed only after an abbreviation ("อบต. ย่างขึ้นก", seed 002); a full
        # word followed by a space ends a phrase ("ปลัดองค์การบริหารส่วนตำบล รองปลัด…")
        allow_space = word.endswith(".")
        m = re.compile(rf"( ?)([{_THAI}]+)").match(text, end) if allow_space else \
            re.compile(rf"()([{_THAI}]+)").match(text, end)
        if not m:
            continue
        run = m.group(2)
        if run.startswith(_NOT_A_NAME):
            continue
        if word.endswith(".") and text[m.end():m.end() + 1] == "." and kind != "office":
            continue  # an abbreviation chain such as จ.ส.อ.
        yield kind, start, m.start(2), m.end(), run


def _adjacent(mentions: list, i: int, text: str) -> bool:
    """True when mention i is written as part of an address: next to another office/place word."""
    _, start, _, end, _ = mentions[i]
    before = i > 0 and not text[mentions[i - 1][3]:start].strip()
    after = i + 1 < len(mentions) and not text[end:mentions[i + 1][1]].strip()
    return before or after


# ---------------------------------------------------------------------------
# 2. and 3. Indicators: their tool and their score, as quoted in the text

_DIG = "0-9\u0e50-\u0e59"
_TOOL_RE = re.compile(r"(?<![A-Za-z])(IIT|EIT|OIT)(?![A-Za-z])")
_SCORE_RE = re.compile(rf"(?<![{_DIG}.,])([{_DIG}]{{1,3}})[.]([{_DIG}]{{2}})(?![{_DIG}]|[.][{_DIG}])")
_YEAR_RE = re.compile(rf"(?<![{_DIG}])(25[{_DIG}]{{2}})(?![{_DIG}])")
_NOT_A_SCORE = re.compile(r"ร้อยละ|เพิ่มขึ้น|ลดลง|ต่างกัน|ส่วนต่าง|เป้าหมาย|%")
_OVERALL_RE = re.compile(r"คะแนน(?:ภาพรวม|รวม)|ผลคะแนนรวม")
# Indicator 8 is also written การปรับปรุงระบบการทำงาน (ITA_DOMAIN.md, Scoring).
_ALIASES = {8: ["การปรับปรุงระบบการทำงาน"], 4: ["การใช้ทรัพย์สินของทางราชการ"]}


@cache
def _indicator_re(year: int) -> tuple[re.Pattern, dict[str, int]]:
    """The pattern of an indicator mention in ``year``'s framework, and name → number."""
    fw = framework_for(year)
    names = {}
    for i in fw.indicators.values():
        for n in [i.name, *_ALIASES.get(i.no, [])]:
            names[n] = i.no
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"ตัวชี้วัด(?:ที่\s*(?P<no>[{_DIG}]{{1,2}})(?![{_DIG}]|\s*[.][{_DIG}])(?:\s*(?:{alt}))?"
        rf"|\s*(?P<name>{alt}))"
    ), names


def _mentions(fw: Framework, text: str) -> list[tuple[str, Any, int, int]]:
    """Indicator, tool and overall-score mentions in ``text``: (kind, which, start, end), in order.

    A tool code right after an indicator mention (``ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (IIT)``)
    is that indicator's label, kind "label".
    """
    out: list[tuple[str, Any, int, int]] = []
    pattern, names = _indicator_re(fw.year)
    for m in pattern.finditer(text):
        no = int(to_arabic_digits(m.group("no"))) if m.group("no") else names[m.group("name")]
        if no in fw.indicators:
            out.append(("indicator", no, m.start(), m.end()))
    for m in _TOOL_RE.finditer(text):
        out.append(("tool", m.group(1), m.start(), m.end()))
    for m in _OVERALL_RE.finditer(text):
        out.append(("overall", None, m.start(), m.end()))
    for m in re.finditer("ตัวชี้วัดย่อย", text):
        out.append(("stop", None, m.start(), m.end()))
    out.sort(key=lambda x: x[2])
    labelled = []
    for i, (kind, which, s, e) in enumerate(out):
        if kind == "tool" and labelled and labelled[-1][0] == "indicator":
            between = text[labelled[-1][3]:s]
            if len(between) <= 40 and not re.search(rf"[\n{_DIG}]", between):
                labelled.append(("label", which, s, e))
                continue
        labelled.append((kind, which, s, e))
    return labelled


def check_indicator_tool(ctx: _Context) -> list[Problem]:
    """An indicator placed under a tool it does not belong to.

    Source: ITA_DOMAIN.md: seed 002 labels indicators 9 and 10 (OIT) as IIT;
    the year's framework file says which tool each indicator belongs to, and
    an item code's letter names its tool (i = IIT, e = EIT, O = OIT).

    Rules: (a) a finding's ``indicator`` and its ``item`` must be of the same
    tool — error; (b) in any text, a tool code written right after an
    indicator mention ("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (IIT)") must be that
    indicator's tool — error; (c) a measure's item codes (other than the
    year's document items such as O43, which every measure of seed 003
    carries) should belong to the tool of one of its indicators — warning.
    """
    fw = ctx.fw
    if fw is None or ctx.ai is None:
        return []
    out = []
    tool_of_item = {"I": "IIT", "E": "EIT", "O": "OIT"}
    for j, f in enumerate(ctx.a.get("findings") or []):
        no, item = f.get("indicator"), f.get("item")
        if no in fw.indicators and item and item[:1].upper() in tool_of_item:
            want, got = fw.indicators[no].tool, tool_of_item[item[:1].upper()]
            if want != got:
                out.append(ctx.problem(
                    "indicator_wrong_tool", ERROR, ctx.apath("findings", j, "indicator"),
                    f"ตัวชี้วัดที่ {_th_num(no)} เป็นของ {want} แต่ข้อ {item} เป็นข้อของ {got}",
                    f"indicator {no} belongs to {want} but item {item} is an {got} item"))
    doc_items = {d.item.upper() for d in fw.documents.values() if d.item}
    for j, m in enumerate(ctx.a.get("measures") or []):
        tools = {fw.indicators[n].tool for n in m.get("indicators") or [] if n in fw.indicators}
        if not tools:
            continue
        for item in m.get("items") or []:
            if item.upper() in doc_items or item[:1].upper() not in tool_of_item:
                continue
            got = tool_of_item[item[:1].upper()]
            if got not in tools:
                nos = ", ".join(str(n) for n in m.get("indicators"))
                out.append(ctx.problem(
                    "indicator_wrong_tool", WARNING, ctx.apath("measures", j, "items"),
                    f"ข้อ {item} เป็นข้อของ {got} แต่ตัวชี้วัด {to_thai_digits(nos)} ของมาตรการเป็นของ "
                    f"{'/'.join(sorted(tools))}",
                    f"item {item} is an {got} item but the measure's indicators {nos} belong to "
                    f"{'/'.join(sorted(tools))}"))
    for path, text in ctx.texts(office=False):
        if "ตัวชี้วัด" not in text or not _TOOL_RE.search(text):
            continue
        mentions = _mentions(fw, text)
        for i, (kind, which, s, e) in enumerate(mentions):
            if kind != "label":
                continue
            no = mentions[i - 1][1]
            want = fw.indicators[no].tool
            if which != want:
                said = _one_line(text[mentions[i - 1][2]:e + 1].rstrip())
                out.append(ctx.problem(
                    "indicator_wrong_tool", ERROR, path,
                    f'"{_short(said, 60)}": ตัวชี้วัดที่ {_th_num(no)} เป็นของ {want} ไม่ใช่ {which}',
                    f'"{_short(said, 60)}": indicator {no} belongs to {want}, not {which}'))
    return out


def check_scores(ctx: _Context) -> list[Problem]:
    """One indicator (or tool, or the overall result) given two different scores.

    Source: ITA_DOMAIN.md: seed 002 gives indicator 7 both ๙๙.๘๔ (analysis
    table) and ๙๔.๐๐ (summary table); the NACC prints scores with two
    decimals; tool scores are the means of their indicators unless published
    (scoring.py); seed 002's text also gives IIT ๙๑.๔๙ against a mean of 94.41.

    Rules: a score with two decimals quoted after an indicator mention
    ("ตัวชี้วัดที่ ๗ ๙๙.๘๔ คะแนน", same line, within 80 characters, before the
    next mention) must equal the assessment's score — error. Likewise after a
    tool code — error when the tool score is published (``tool_scores``),
    warning when it is only the mean. After "คะแนนรวม/คะแนนภาพรวม" the
    computed overall — error. In a finding's text a bare "NN.NN คะแนน" is
    the finding's indicator. Not compared: numbers after ร้อยละ/เพิ่มขึ้น/ลดลง,
    numbers in a line naming another year (25xx), numbers equal to a
    history score of that indicator. Also: ``published_overall`` must equal
    the overall computed with the year's weights, and a ``history`` entry
    for the year itself must agree with the scores — errors.
    """
    fw, res = ctx.fw, ctx.scores
    if fw is None or ctx.ai is None or res is None:
        return []
    a = ctx.a
    out = []
    year = ctx.fy.be
    history_scores: dict[int, set[Decimal]] = {}
    history_overall: set[Decimal] = set()
    for h in a.get("history") or []:
        if h.get("year") == year:
            continue
        for k, v in (h.get("scores") or {}).items():
            history_scores.setdefault(int(k), set()).add(round2(v))
        if h.get("overall") is not None:
            history_overall.add(round2(h["overall"]))
    given_tools = set(a.get("tool_scores") or {})

    if a.get("published_overall") is not None and res.overall is not None \
            and round2(a["published_overall"]) != res.overall:
        out.append(ctx.problem(
            "score_conflict", ERROR, ctx.apath("published_overall"),
            f"คะแนนรวมที่ประกาศ {_th_num(round2(a['published_overall']))} ไม่ตรงกับที่คำนวณจากคะแนนรายตัวชี้วัด "
            f"{_th_num(res.overall)}",
            f"published overall {round2(a['published_overall'])} differs from {res.overall} computed from the "
            f"indicator scores"))
    for hi, h in enumerate(a.get("history") or []):
        if h.get("year") != year:
            continue
        for k, v in (h.get("scores") or {}).items():
            mine = res.indicators.get(int(k))
            if mine is not None and round2(v) != round2(mine):
                out.append(ctx.problem(
                    "score_conflict", ERROR, ctx.apath("history", hi, "scores", k),
                    f"ตัวชี้วัดที่ {_th_num(k)} ได้ {_th_num(round2(v))} แต่คะแนนของปีนี้คือ {_th_num(round2(mine))}",
                    f"indicator {k} is given {round2(v)} but this year's score is {round2(mine)}"))
        if h.get("overall") is not None and res.overall is not None and round2(h["overall"]) != res.overall:
            out.append(ctx.problem(
                "score_conflict", ERROR, ctx.apath("history", hi, "overall"),
                f"คะแนนรวม {_th_num(round2(h['overall']))} แต่ที่คำนวณได้คือ {_th_num(res.overall)}",
                f"overall {round2(h['overall'])} but the computed overall is {res.overall}"))

    for path, text in ctx.texts(office=False):
        if not _SCORE_RE.search(text):
            continue
        digits = to_arabic_digits(text)
        mentions = _mentions(fw, text)
        quoted: list[tuple[str, Any, Decimal, int, int]] = []
        for i, (kind, which, s, e) in enumerate(mentions):
            if kind in ("label", "stop"):
                continue
            nxt = next((m[2] for m in mentions[i + 1:] if m[0] != "label"), len(text))
            line_end = text.find("\n", e)
            stop = min(nxt, e + 80, line_end if line_end >= 0 else len(text))
            # labels right after this indicator belong to it
            m = _SCORE_RE.search(digits, e, stop)
            if not m:
                continue
            before = digits[max(e, m.start() - 15):m.start()]
            if _NOT_A_SCORE.search(before) or digits[m.end():m.end() + 3].lstrip().startswith("%"):
                continue
            line_start = text.rfind("\n", 0, s) + 1
            years = {int(y) for y in _YEAR_RE.findall(digits[line_start:m.start()])}
            if years - {year}:
                continue
            quoted.append((kind, which, Decimal(f"{m.group(1)}.{m.group(2)}"), s, m.end()))
        if not mentions and path[2:3] == ("findings",):
            no = a["findings"][path[3]].get("indicator")
            m = re.search(rf"{_SCORE_RE.pattern}\s*คะแนน", digits)
            if no in fw.indicators and m:
                quoted.append(("indicator", no, Decimal(f"{m.group(1)}.{m.group(2)}"), m.start(), m.end()))
        for kind, which, value, s, e in quoted:
            said = _short(_one_line(text[s - (text[s - 1:s] == "("):e]), 60)
            if kind == "indicator":
                mine = res.indicators.get(which)
                if mine is None or round2(mine) == value or value in history_scores.get(which, ()):
                    continue
                out.append(ctx.problem(
                    "score_conflict", ERROR, path,
                    f'"{said}": ตัวชี้วัดที่ {_th_num(which)} มีคะแนน {_th_num(round2(mine))} ไม่ใช่ {_th_num(value)}',
                    f'"{said}": indicator {which} scored {round2(mine)}, not {value}'))
            elif kind == "tool":
                mine = res.tools.get(which)
                if mine is None or mine == value:
                    continue
                given = which in given_tools
                how_th = "ที่ประกาศ" if given else "เฉลี่ยจากตัวชี้วัด"
                how_en = "published" if given else "mean of its indicators"
                out.append(ctx.problem(
                    "tool_score_conflict", ERROR if given else WARNING, path,
                    f'"{said}": คะแนน {which} {how_th} คือ {_th_num(mine)} ไม่ใช่ {_th_num(value)}',
                    f'"{said}": the {which} score ({how_en}) is {mine}, not {value}'))
            elif kind == "overall":
                mine = res.overall
                if mine is None or mine == value or value in history_overall:
                    continue
                out.append(ctx.problem(
                    "score_conflict", ERROR, path,
                    f'"{said}": คะแนนรวมคือ {_th_num(mine)} ไม่ใช่ {_th_num(value)}',
                    f'"{said}": the overall score is {mine}, not {value}'))
    return out


# ---------------------------------------------------------------------------
# 4. Thai digits in links

_URL_RE = re.compile(r"(?:https?://|www\.)[!-~\u0e50-\u0e59]+", re.IGNORECASE)


def check_url_digits(ctx: _Context) -> list[Problem]:
    """Thai digits inside a URL: the link no longer works.

    Source: ITA_DOMAIN.md "Thai digits": real published reports carry links
    like ``view_all.php?id=๘๓๑`` after a whole-document digit conversion.
    Rule: any ``evidence_urls`` entry, and any http(s)/www link in any text
    (office website included), containing ๐–๙ — error.
    """
    out = []
    for path, text in ctx.texts():
        if not re.search("[\u0e50-\u0e59]", text):
            continue
        in_list = "evidence_urls" in path or path[-1:] == ("website",)
        urls = [text] if in_list else [m.group(0).rstrip(".,;:)]}'\"") for m in _URL_RE.finditer(text)]
        for url in urls:
            if re.search("[\u0e50-\u0e59]", url):
                fixed = to_arabic_digits(url)
                out.append(ctx.problem(
                    "thai_digits_in_url", ERROR, path,
                    f"ลิงก์ {url} มีเลขไทย ใช้งานไม่ได้ ควรเป็น {fixed}",
                    f"link {url} contains Thai digits and will not work; should be {fixed}"))
    return out


# ---------------------------------------------------------------------------
# 5. Dates and periods outside the fiscal year

_MONTHS_FULL = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
_MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
_MONTH_OF = {**{n: i + 1 for i, n in enumerate(_MONTHS_FULL)}, **{n: i + 1 for i, n in enumerate(_MONTHS_ABBR)}}
_MONTH_ALT = "|".join(
    [re.escape(n) for n in _MONTHS_FULL]
    + [re.escape(n).replace(r"\.", r"\.\s?") for n in sorted(_MONTHS_ABBR, key=len, reverse=True)]
)
_DATE_RE = re.compile(
    rf"(?:(?<![0-9])(?P<d>[0-9]{{1,2}})\s*)?(?P<m>{_MONTH_ALT})\s*(?:พ\.\s?ศ\.\s*)?(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
)
_FY_RE = re.compile(r"(?:ปีงบประมาณ|ประจำปี)\s*(?:พ\.\s?ศ\.\s*)?(?P<y>25[0-9]{2})(?![0-9])")
_QUARTER_RE = re.compile(
    r"ไตรมาส(?:ที่)?\s*(?P<a>[1-4])(?![0-9])(?:\s*(?:-|–|ถึง)\s*(?:ไตรมาส(?:ที่)?\s*)?(?P<b>[1-4])(?![0-9]))?"
)


@dataclass(frozen=True)
class _TextDate:
    first: _dt.date  # the day, or the first day of the month when no day is written
    last: _dt.date   # the day, or the last day of the month
    text: str
    has_day: bool


def _thai_dates(text: str) -> list[_TextDate]:
    """Dates written in Thai: ``๑ ตุลาคม ๒๕๖๗``, ``ต.ค.๖๕``, ``10 ก.ย. 2568`` (B.E., or C.E. 19xx/20xx)."""
    digits = to_arabic_digits(text)
    out = []
    for m in _DATE_RE.finditer(digits):
        month = _MONTH_OF["".join(m.group("m").split())]
        y = int(m.group("y"))
        if len(m.group("y")) == 2:
            y += 2500
        elif y < 2400:
            y = ce_to_be(y)
        ce = y - 543
        if not 1900 <= ce <= 2200:
            continue
        first = _dt.date(ce, month, 1)
        last = (_dt.date(ce + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1))
        if m.group("d"):
            try:
                first = last = _dt.date(ce, month, int(m.group("d")))
            except ValueError:
                continue
        out.append(_TextDate(first, last, _one_line(text[m.start():m.end()]), bool(m.group("d"))))
    return out


def _fmt(d: _dt.date) -> tuple[str, str]:
    """(``๑ ต.ค. ๒๕๖๘``, ``2025-10-01``): the Thai side with the full B.E. year."""
    return to_thai_digits(f"{d.day} {_MONTHS_ABBR[d.month - 1]} {ce_to_be(d.year)}"), d.isoformat()


def check_periods(ctx: _Context) -> list[Problem]:
    """Periods and dates outside the fiscal year.

    Source: fiscal.py / ITA_DOMAIN.md "Calendar": fiscal year N runs 1 Oct
    (N-1) – 30 Sep N (B.E.); quarters Oct–Dec, Jan–Mar, Apr–Jun, Jul–Sep.
    Copy and paste from last year's report leaves last year's dates behind.

    Rules: a measure's ``period.start``/``end`` outside the year — error; end
    before start — error. The printed free text ``period.text``: a Thai date
    or a "ปีงบประมาณ …" outside the year — error; a date outside start–end or
    a quarter (ไตรมาสที่ ๑–๔) that does not overlap start–end — warning. A
    memo dated outside the year — warning (a 12-month report may go up in
    October). In measures' and results' texts, a full Thai date outside the
    year or "ปีงบประมาณ/ประจำปี <another year>" — warning.
    """
    if ctx.ai is None:
        return []
    fy, out = ctx.fy, []
    fy_th, fy_en = _th_num(fy.be), str(fy.be)

    def outside(path: Path, what_th: str, what_en: str, sev: str = ERROR, code: str = "period_outside_year") -> None:
        out.append(ctx.problem(code, sev, path, f"{what_th} อยู่นอกปีงบประมาณ {fy_th}",
                               f"{what_en} is outside fiscal year {fy_en}"))

    for j, m in enumerate(ctx.a.get("measures") or []):
        p = m.get("period") or {}
        days = {}
        for k in ("start", "end"):
            if p.get(k):
                try:
                    days[k] = _dt.date.fromisoformat(p[k])
                except ValueError:
                    out.append(ctx.problem("bad_date", ERROR, ctx.apath("measures", j, "period", k),
                                           f"วันที่ {p[k]} ไม่ถูกต้อง", f"{p[k]} is not a date"))
                    continue
                if not fy.contains(days[k]):
                    th, en = _fmt(days[k])
                    label = "วันเริ่ม" if k == "start" else "วันสิ้นสุด"
                    outside(ctx.apath("measures", j, "period", k), f"{label} {th}", f"{k} {en}")
        if "start" in days and "end" in days and days["end"] < days["start"]:
            out.append(ctx.problem("period_reversed", ERROR, ctx.apath("measures", j, "period", "end"),
                                   f"วันสิ้นสุด {_fmt(days['end'])[0]} อยู่ก่อนวันเริ่ม {_fmt(days['start'])[0]}",
                                   f"end {days['end']} is before start {days['start']}"))
        text = p.get("text") or ""
        if not text:
            continue
        tpath = ctx.apath("measures", j, "period", "text")
        for d in _thai_dates(text):
            in_year = fy.contains(d.first) if d.has_day else (fy.contains(d.first) or fy.contains(d.last))
            if not in_year:
                outside(tpath, f'ระยะเวลา "{d.text}"', f'period "{to_arabic_digits(d.text)}"')
            elif "start" in days and "end" in days and (d.last < days["start"] or d.first > days["end"]):
                out.append(ctx.problem(
                    "period_text_mismatch", WARNING, tpath,
                    f'ข้อความ "{d.text}" ไม่อยู่ในช่วง {_fmt(days["start"])[0]} – {_fmt(days["end"])[0]}',
                    f'text "{to_arabic_digits(d.text)}" is not within {days["start"]} – {days["end"]}'))
        for mm in _FY_RE.finditer(to_arabic_digits(text)):
            if int(mm.group("y")) != fy.be:
                outside(tpath, f'ระยะเวลา "{_one_line(text[mm.start():mm.end()])}"', f'period "{mm.group(0)}"')
        if "start" in days and "end" in days:
            for mm in _QUARTER_RE.finditer(to_arabic_digits(text)):
                a_, b_ = int(mm.group("a")), int(mm.group("b") or mm.group("a"))
                q_first, q_last = fy.quarter(min(a_, b_))[0], fy.quarter(max(a_, b_))[1]
                if q_last < days["start"] or q_first > days["end"]:
                    out.append(ctx.problem(
                        "period_text_mismatch", WARNING, tpath,
                        f'ข้อความ "{_one_line(text[mm.start():mm.end()])}" ไม่ตรงกับช่วง '
                        f'{_fmt(days["start"])[0]} – {_fmt(days["end"])[0]}',
                        f'text "{mm.group(0)}" does not match {days["start"]} – {days["end"]}'))

    for j, memo in enumerate(ctx.a.get("memos") or []):
        if memo.get("date"):
            try:
                d = _dt.date.fromisoformat(memo["date"])
            except ValueError:
                out.append(ctx.problem("bad_date", ERROR, ctx.apath("memos", j, "date"),
                                       f"วันที่ {memo['date']} ไม่ถูกต้อง", f"{memo['date']} is not a date"))
                continue
            if not fy.contains(d):
                th, en = _fmt(d)
                outside(ctx.apath("memos", j, "date"), f"ลงวันที่ {th}", f"date {en}", WARNING, "date_outside_year")

    for path, text in ctx.texts(office=False):
        part = path[2] if len(path) > 2 else None
        if part not in ("measures", "results") or path[-2:] == ("period", "text"):
            continue
        for d in _thai_dates(text):
            if d.has_day and not fy.contains(d.first):
                outside(path, f'วันที่ "{d.text}"', f'date "{to_arabic_digits(d.text)}"', WARNING, "date_outside_year")
        for mm in _FY_RE.finditer(to_arabic_digits(text)):
            y = int(mm.group("y"))
            if y != fy.be:
                said = _one_line(text[mm.start():mm.end()])
                out.append(ctx.problem(
                    "other_fiscal_year", WARNING, path,
                    f'กล่าวถึง "{said}" ในรายงานปีงบประมาณ {fy_th}',
                    f'mentions "{mm.group(0)}" (year {y}) in the report of fiscal year {fy_en}'))
    return out


# ---------------------------------------------------------------------------
# 6. Measures without results


def check_missing_results(ctx: _Context) -> list[Problem]:
    """A measure with no result in the report being printed.

    Source: ITA_DOMAIN.md "What the clerk produces": the implementation
    report gives, per measure, its results at 6 and/or 12 months (seeds 001,
    002, 003); a measure left out of the 12-month report is an empty row
    (pdf/report.py prints "ยังไม่มีผล", and refuses a round without any result).

    Rules (warnings): for the 12-month report — ``round`` 12, or None when
    the year has any 12-month result — every measure needs a round-12
    result. For the 6-month report (``round`` 6) every measure whose period
    ends by the end of the second quarter (31 March) needs a round-6 result.
    A ``round`` asked for that has no result at all — error (the report
    cannot be printed). A result naming a measure key that does not exist —
    error.
    """
    if ctx.ai is None:
        return []
    out = []
    measures = ctx.a.get("measures") or []
    keys = {m.get("key") for m in measures}
    results = ctx.a.get("results") or []
    for j, r in enumerate(results):
        if r.get("measure") not in keys:
            out.append(ctx.problem("unknown_measure", ERROR, ctx.apath("results", j, "measure"),
                                   f'ไม่มีมาตรการรหัส "{r.get("measure")}"', f'no measure "{r.get("measure")}"'))
    has = {(r.get("measure"), r.get("round")) for r in results}
    rounds = {r.get("round") for r in results}
    want = ctx.round if ctx.round is not None else (12 if 12 in rounds else None)
    if want is None:
        return out
    if want not in rounds:
        have = ", ".join(str(r) for r in sorted(x for x in rounds if x is not None)) or "-"
        out.append(ctx.problem(
            "no_round_results", ERROR, ctx.apath("results"),
            f"ไม่มีผลการดำเนินการรอบ {_th_num(want)} เดือนเลย (มีรอบ: {to_thai_digits(have)})",
            f"no {want}-month results at all (rounds with results: {have})"))
        return out
    q2_end = ctx.fy.quarter(2)[1]
    for j, m in enumerate(measures):
        if (m.get("key"), want) in has:
            continue
        if want == 6:
            end = (m.get("period") or {}).get("end")
            try:
                if not end or _dt.date.fromisoformat(end) > q2_end:
                    continue
            except ValueError:
                continue
        out.append(ctx.problem(
            "measure_without_result", WARNING, ctx.apath("measures", j),
            f"ไม่มีผลการดำเนินการรอบ {_th_num(want)} เดือน",
            f"no {want}-month result"))
    return out


# ---------------------------------------------------------------------------
# 7. Empty fields the documents print


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == [] or v == {}


def check_required(ctx: _Context) -> list[Problem]:
    """Empty fields that the printed documents need.

    Source: resources/schema/office.schema.json (``required`` and the
    non-empty ``line`` type) and what the documents print (pdf/analysis.py:
    "อำเภอ…", the measures table's ระยะเวลา and ผู้รับผิดชอบ columns;
    pdf/memo.py: ส่วนราชการ, วันที่, เรื่อง, เรียน, signature blocks).

    Errors (required by the schema, blank or only spaces): office name and
    province; a person's name and position; a measure's title; a finding's
    weak point; a limitation's topic; a next-year-plan row's issue; a memo's
    subject and recipient; an approval's title; a result with neither
    ``done`` nor ``outcome``. Warnings (optional in the schema, printed when
    given): office district; a measure's responsible unit and period (no
    start, end or text); a memo's department (ส่วนราชการ) and date (often
    filled in by hand when signed); some but not all ten indicator scores
    (the overall score cannot be computed).
    """
    out = []
    o = ctx.office

    def blank(path: Path, sev: str, node: dict, field: str) -> None:
        if _blank(node.get(field)):
            label = _FIELD_TH.get(field, field)
            out.append(ctx.problem("empty_field", sev, path + (field,), f"ไม่ได้กรอก{label}", f"{field} is empty"))

    for f in ("name", "province"):
        blank(("office",), ERROR, o, f)
    blank(("office",), WARNING, o, "district")
    for i, p in enumerate(o.get("people") or []):
        for f in ("name", "position"):
            blank(("office", "people", i), ERROR, p, f)
    if ctx.ai is None:
        return out
    a = ctx.a
    scores = a.get("scores") or {}
    if scores and ctx.fw is not None:
        missing = [n for n in ctx.fw.indicators if str(n) not in scores]
        if missing:
            nos = ", ".join(map(str, missing))
            out.append(ctx.problem("missing_scores", WARNING, ctx.apath("scores"),
                                   f"ยังไม่มีคะแนนตัวชี้วัดที่ {to_thai_digits(nos)} จึงคำนวณคะแนนรวมไม่ได้",
                                   f"no score for indicators {nos}, so no overall score", ("score", missing[0])))
    for j, f in enumerate(a.get("findings") or []):
        blank(ctx.apath("findings", j), ERROR, f, "weak_point")
    for j, m in enumerate(a.get("measures") or []):
        blank(ctx.apath("measures", j), ERROR, m, "title")
        p = m.get("period") or {}
        empty = [f for f, e in (("responsible", _blank(m.get("responsible"))),
                                ("period", all(_blank(p.get(k)) for k in ("start", "end", "text")))) if e]
        if empty:  # one warning per measure: the printed row has these cells empty
            out.append(ctx.problem(
                "empty_field", WARNING, ctx.apath("measures", j, empty[0]),
                "ไม่ได้กรอก" + "และ".join(_FIELD_TH[f] for f in empty),
                " and ".join(empty) + (" are" if len(empty) > 1 else " is") + " empty"))
    for j, r in enumerate(a.get("results") or []):
        if _blank(r.get("done")) and _blank(r.get("outcome")):
            out.append(ctx.problem("empty_field", ERROR, ctx.apath("results", j, "done"),
                                   "ไม่ได้กรอกผลการดำเนินการหรือผลลัพธ์", "neither done nor outcome is filled in"))
    for j, x in enumerate(a.get("limitations") or []):
        blank(ctx.apath("limitations", j), ERROR, x, "topic")
    for j, x in enumerate(a.get("next_year_plan") or []):
        blank(ctx.apath("next_year_plan", j), ERROR, x, "issue")
    for j, memo in enumerate(a.get("memos") or []):
        for f in ("subject", "recipient"):
            blank(ctx.apath("memos", j), ERROR, memo, f)
        for f in ("department", "date"):
            blank(ctx.apath("memos", j), WARNING, memo, f)
        for k, ap in enumerate(memo.get("approvals") or []):
            blank(ctx.apath("memos", j, "approvals", k), ERROR, ap, "title")
    return out


# ---------------------------------------------------------------------------
# 8. Signers


def check_signers(ctx: _Context) -> list[Problem]:
    """A memo without a signer, or signed/approved by someone not in the office's people.

    Source: MEMO_LAYOUT.md / seed 003: a บันทึกข้อความ ends with the signer's
    name and position, then each approving level's comment and signature;
    pdf/memo.py prints them from ``office.people`` by key.

    Rules (errors): a memo with no ``signer``; a ``signer`` or an approval's
    ``person`` that is not a key of ``office.people``.
    """
    if ctx.ai is None:
        return []
    out = []
    people = {p.get("key") for p in ctx.office.get("people") or []}
    for j, memo in enumerate(ctx.a.get("memos") or []):
        signer = memo.get("signer")
        if _blank(signer):
            out.append(ctx.problem("missing_signer", ERROR, ctx.apath("memos", j, "signer"),
                                   "ไม่มีผู้ลงนาม", "no signer"))
        elif signer not in people:
            out.append(ctx.problem("unknown_signer", ERROR, ctx.apath("memos", j, "signer"),
                                   f'ผู้ลงนาม "{signer}" ไม่อยู่ในรายชื่อบุคลากรของหน่วยงาน',
                                   f'signer "{signer}" is not one of the office\'s people'))
        for k, ap in enumerate(memo.get("approvals") or []):
            person = ap.get("person")
            if _blank(person):
                out.append(ctx.problem("missing_signer", ERROR, ctx.apath("memos", j, "approvals", k, "person"),
                                       "ไม่มีผู้ลงนามความเห็น", "no person signs this approval"))
            elif person not in people:
                out.append(ctx.problem("unknown_signer", ERROR, ctx.apath("memos", j, "approvals", k, "person"),
                                       f'ผู้ลงนาม "{person}" ไม่อยู่ในรายชื่อบุคลากรของหน่วยงาน',
                                       f'signer "{person}" is not one of the office\'s people'))
    return out


CHECKS: tuple[Callable[[_Context], list[Problem]], ...] = (
    check_year_present,
    check_foreign_names,
    check_indicator_tool,
    check_scores,
    check_url_digits,
    check_periods,
    check_missing_results,
    check_required,
    check_signers,
)
"""The checks in the order they run; each takes the context and returns its problems."""
