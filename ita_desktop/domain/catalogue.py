"""The catalogue of standard measures (มาตรการ) and what is built from it.

The catalogue (``resources/catalogue/measures.json``; sources in the README beside
it) holds the measures Thai local offices publish in their analysis of the ITA
results (seeds 001–003, ITA_DOMAIN.md): for each, the issue (ประเด็น) it answers,
the indicators (1–10) and item codes (per fiscal year) it addresses, typical weak
points and an improvement sentence for the analysis, numbered steps, the usual
responsible unit and period.

From it this module proposes, as interchange-shaped dicts
(``resources/schema/office.schema.json``):

* :func:`propose_findings` — a finding for every indicator below the pass mark;
* :func:`measure_from` / :func:`measures_for_findings` — measures for a fiscal year;
* :func:`carry_over` — last year's measures moved to a new fiscal year;
* :func:`default_memo` — the บันทึกข้อความ that carries the analysis and the
  measures to the chief executive.

Conventions: years are Buddhist Era (พ.ศ.); dates are ISO strings with the C.E.
year (``"2024-10-01"``); scores are points 0–100. Free text is produced with
Thai digits (as offices type them and as the seeds print them) unless
``thai_digits=False``; item codes (O27, e4) always keep Arabic digits
(ITA_DOMAIN.md "Thai digits"). Unknown fiscal years raise
:class:`~ita_desktop.domain.framework.FrameworkError`; a bad catalogue file or an
unknown entry raises :class:`CatalogueError`.

Imports neither Qt nor SQLite (tests/test_layers.py).
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import get_month_names

from ita_desktop.domain.fiscal import FiscalYear, ce_to_be, thai_date, to_arabic_digits, to_thai_digits
from ita_desktop.domain.framework import Framework, FrameworkError, framework_for
from ita_desktop.domain.scoring import ScoreError, check_score, compute
from ita_desktop.resources import resource_path

__all__ = [
    "Catalogue", "CatalogueError", "Entry", "DEFAULT_URGENT_BELOW", "load_catalogue", "propose_findings",
    "urgent_threshold", "measure_from", "measures_for_findings", "carry_over", "shift_years_in_text",
    "default_memo", "memo_recipient", "memo_department", "FrameworkError",
]

#: Placeholders an entry's text may use; filled by :meth:`Entry.fill` for a fiscal year.
PLACEHOLDERS = ("year", "prev", "start", "end", "start_month", "end_month")

#: The urgency threshold used when the year's level scale has no "…โดยด่วน" level
#: (the 2564–2566 AA–F scale): the lower bound of ต้องปรับปรุง on the 2567 scale.
DEFAULT_URGENT_BELOW = 70.0

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ITEM_RE = re.compile(r"^[OoEeIi][0-9]{1,2}$")
_THAI_NUM = "๐๑๒๓๔๕๖๗๘๙"


class CatalogueError(ValueError):
    """The catalogue file is missing or malformed, or a catalogue entry does not exist.

    Messages are one line, Thai then " / " then English.
    """


# ---------------------------------------------------------------------------
# Entries and the catalogue


@dataclass(frozen=True)
class Entry:
    """One standard measure of the catalogue.

    * ``key``: ascii slug (``no_gift``), unique in the catalogue;
    * ``title``, ``issue``: Thai (may hold placeholders such as ``{year}``);
      ``title_en``: English, for the interface;
    * ``indicators``: indicator numbers 1–10, the first is the primary one (what
      :meth:`Catalogue.for_indicator` ranks first);
    * ``items``: fiscal year (B.E.) → item codes (``{2568: ("O27",)}``), only for the
      years where a source confirms the codes (ITA_DOMAIN.md item-code table);
    * ``weak_points``: typical Thai weak-point sentences (at least one);
      ``improvement``: a typical Thai improvement sentence;
    * ``steps``: Thai lines numbered ``๑.`` ``๒.`` … joined by newlines (as the
      interchange measure's ``steps``); :attr:`step_lines` gives them as a tuple;
    * ``responsible``: the usual unit (สำนักปลัด, งานพัสดุ / กองคลัง …);
    * ``period_months``: (first, after-last) month offsets from 1 October, 0–12
      (``(0, 12)`` = the whole fiscal year, ``(0, 3)`` = quarter 1);
      ``period_text``: the printed form (may be empty; placeholders allowed);
    * ``source``: where the wording comes from (seed and section).
    """

    key: str
    title: str
    title_en: str
    issue: str
    indicators: tuple[int, ...]
    items: Mapping[int, tuple[str, ...]] = field(hash=False)
    weak_points: tuple[str, ...]
    improvement: str
    steps: str
    responsible: str
    period_months: tuple[int, int]
    period_text: str
    source: str

    @property
    def step_lines(self) -> tuple[str, ...]:
        """The numbered steps, one per line."""
        return tuple(self.steps.split("\n"))

    @property
    def primary(self) -> int:
        """The indicator this measure mainly answers (the first of ``indicators``)."""
        return self.indicators[0]

    def items_for(self, year_be: int) -> list[str]:
        """The item codes of this entry in fiscal year ``year_be`` (B.E.); [] when unknown."""
        return list(self.items.get(int(year_be), ()))

    def period_dates(self, year_be: int) -> tuple[_dt.date, _dt.date]:
        """(first day, last day) of the entry's usual period in fiscal year ``year_be``.

        Month offsets count from 1 October of the year before (fiscal.py rule), so
        the dates always fall inside the fiscal year. Raises FiscalYearError for a
        year outside 2500–2700.
        """
        fy = FiscalYear(int(year_be))
        a, b = self.period_months
        return _add_months(fy.start, a), _add_months(fy.start, b) - _dt.timedelta(days=1)

    def fill(self, text: str, year_be: int, *, thai_digits: bool = True) -> str:
        """``text`` with its placeholders filled for fiscal year ``year_be`` (B.E.).

        ``{year}`` 2568, ``{prev}`` 2567, ``{start}``/``{end}`` the period's first and
        last day (``๑ ตุลาคม ๒๕๖๗``), ``{start_month}``/``{end_month}`` month and year
        (``ตุลาคม ๒๕๖๗``). With ``thai_digits=False`` every Thai digit of the result is
        made Arabic (the catalogue is written with Thai digits, as the seeds are).
        """
        start, end = self.period_dates(year_be)
        values = {
            "year": str(year_be), "prev": str(int(year_be) - 1),
            "start": thai_date(start, thai_digits=False), "end": thai_date(end, thai_digits=False),
            "start_month": _month_year(start), "end_month": _month_year(end),
        }
        out = text.format_map(values) if "{" in text else text
        # placeholders were filled with Arabic digits; make the whole text one style
        return _digits(out, thai_digits)


def _digits(text: str, thai: bool) -> str:
    """Text in one digit style. Thai: Arabic digits become Thai except inside item
    codes (O27, e4) and Latin words; Arabic: every Thai digit becomes Arabic."""
    if not thai:
        return to_arabic_digits(text)
    return re.sub(r"(?<![A-Za-z0-9])[0-9]+", lambda m: to_thai_digits(m.group(0)), text)


def _month_year(day: _dt.date) -> str:
    return f"{get_month_names('wide', locale='th')[day.month]} {ce_to_be(day.year)}"


def _add_months(day: _dt.date, months: int) -> _dt.date:
    """The first of the month ``months`` after ``day``'s month (``day`` is a 1st)."""
    m = day.month - 1 + months
    return _dt.date(day.year + m // 12, m % 12 + 1, 1)


class Catalogue:
    """The standard measures, in file order (grouped by primary indicator).

    ``entries``: tuple of :class:`Entry`; ``sources``: source name → description.
    Build with :func:`load_catalogue` (the bundled file) or :meth:`from_dict`.
    """

    def __init__(self, entries: Iterable[Entry], sources: Mapping[str, str] | None = None):
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.sources: dict[str, str] = dict(sources or {})
        self._by_key: dict[str, Entry] = {}
        for e in self.entries:
            if e.key in self._by_key:
                raise CatalogueError(f"รหัสมาตรการซ้ำ “{e.key}” / duplicate catalogue key “{e.key}”")
            self._by_key[e.key] = e

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def get(self, key: str) -> Entry | None:
        """The entry with this key, or None."""
        return self._by_key.get(key)

    def require(self, key: str) -> Entry:
        """The entry with this key; raises CatalogueError when there is none."""
        e = self._by_key.get(key)
        if e is None:
            raise CatalogueError(f"ไม่มีมาตรการ “{key}” ในคลังมาตรการ / no catalogue entry “{key}”")
        return e

    def for_indicator(self, no: int) -> list[Entry]:
        """The entries that address indicator ``no`` (1–10): those whose primary
        indicator it is first, then the others, each group in catalogue order."""
        no = int(no)
        primary = [e for e in self.entries if e.primary == no]
        return primary + [e for e in self.entries if no in e.indicators[1:]]

    def for_item(self, code: str, year_be: int) -> list[Entry]:
        """The entries listing item ``code`` (``O27``, ``e4``; case and Thai digits
        ignored) for fiscal year ``year_be`` (B.E.), in catalogue order."""
        want = _norm_item(code)
        return [e for e in self.entries if any(_norm_item(c) == want for c in e.items.get(int(year_be), ()))]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Catalogue":
        """Build and check a catalogue from the parsed file.

        Raises CatalogueError naming the entry and field when: the format is not
        ``ita-desktop-catalogue/1``; a key is not an ascii slug or repeats; a text is
        empty or uses an unknown placeholder; indicators are empty, repeat or lie
        outside 1–10; an item year is not a B.E. year 2560–2700 or a code is not like
        ``O27``/``e4``; the steps are not numbered ๑., ๒., … in order; the period
        months are not 0 ≤ first < after-last ≤ 12.
        """
        if d.get("format") != "ita-desktop-catalogue/1":
            raise CatalogueError(f"รูปแบบไฟล์คลังมาตรการไม่ถูกต้อง / not a catalogue file: {d.get('format')!r}")
        entries = []
        for i, raw in enumerate(d.get("entries", [])):
            where = f"entries[{i}]" + (f" ({raw.get('key')})" if isinstance(raw, dict) and raw.get("key") else "")
            try:
                entries.append(_entry(raw))
            except (KeyError, TypeError, ValueError) as e:
                raise CatalogueError(f"คลังมาตรการ {where}: ข้อมูลไม่ถูกต้อง / catalogue {where}: {e}") from e
        return cls(entries, d.get("sources"))


def _text(raw: Mapping[str, Any], name: str) -> str:
    v = raw[name]
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"{name} must be non-empty text")
    for _, ph, _, _ in string.Formatter().parse(v):
        if ph is not None and ph not in PLACEHOLDERS:
            raise ValueError(f"{name}: unknown placeholder {{{ph}}}")
    return v


def _entry(raw: Mapping[str, Any]) -> Entry:
    key = raw["key"]
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise ValueError(f"key {key!r} must be an ascii slug (a-z, 0-9, _)")
    inds = tuple(int(n) for n in raw["indicators"])
    if not inds or len(set(inds)) != len(inds) or not all(1 <= n <= 10 for n in inds):
        raise ValueError(f"indicators {list(inds)} must be distinct numbers 1–10")
    items: dict[int, tuple[str, ...]] = {}
    for y, codes in dict(raw.get("items") or {}).items():
        year = int(y)
        if not 2560 <= year <= 2700:
            raise ValueError(f"items: {y} is not a B.E. fiscal year")
        codes = tuple(codes)
        if not codes or any(not isinstance(c, str) or not _ITEM_RE.match(c) for c in codes):
            raise ValueError(f"items {y}: {list(codes)} must be codes like O27 or e4")
        items[year] = codes
    weak = tuple(raw["weak_points"])
    if not weak:
        raise ValueError("weak_points must not be empty")
    for j, w in enumerate(weak):
        _text({"weak_point": w}, "weak_point")
    steps = raw["steps"]
    steps = tuple(steps.split("\n") if isinstance(steps, str) else steps)
    if not steps:
        raise ValueError("steps must not be empty")
    for j, s in enumerate(steps, 1):
        _text({"step": s}, "step")
        if "\n" in s:
            raise ValueError(f"step {j} must be one line")
        if not s.startswith(to_thai_digits(str(j)) + "."):
            raise ValueError(f"step {j} must begin “{to_thai_digits(str(j))}.”: {s[:20]!r}")
    period = raw["period"]
    a, b = (int(x) for x in period["months"])
    if not 0 <= a < b <= 12:
        raise ValueError(f"period months {[a, b]} must satisfy 0 ≤ first < after-last ≤ 12")
    ptext = period.get("text", "")
    if ptext:
        _text(period, "text")
    return Entry(key=key, title=_text(raw, "title"), title_en=_text(raw, "title_en"), issue=_text(raw, "issue"),
                 indicators=inds, items=items, weak_points=weak, improvement=_text(raw, "improvement"),
                 steps="\n".join(steps), responsible=_text(raw, "responsible"), period_months=(a, b),
                 period_text=ptext, source=_text(raw, "source"))


def _read(path: Path) -> Catalogue:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CatalogueError(f"อ่านคลังมาตรการไม่ได้ / cannot read the catalogue {path}: {e}") from e
    return Catalogue.from_dict(d)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The bundled catalogue (``resources/catalogue/measures.json``), read once and cached.

    Raises CatalogueError for a malformed file; ResourceMissing (a FileNotFoundError)
    when the file is not installed.
    """
    return _read(resource_path("catalogue", "measures.json"))


def _norm_item(code: str) -> str:
    return to_arabic_digits(str(code)).strip().casefold()


# ---------------------------------------------------------------------------
# Findings


def urgent_threshold(year_be: int) -> float:
    """The score below which a weakness is proposed as urgent (``urgent: true``).

    Rule: the lower bound of the level just above the year's "…โดยด่วน" level
    (2567 scale, ITA_DOMAIN.md "Scoring": ต้องปรับปรุงโดยด่วน < 70, so 70). The
    NACC applies the scale to the overall score; using it for an indicator is this
    program's reading of the analysis template's "ข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไข
    โดยเร่งด่วน" (seed 002). Scales without such a level (AA–F, up to 2566) use
    :data:`DEFAULT_URGENT_BELOW` (70). Raises FrameworkError for an unknown year.
    """
    fw = framework_for(year_be)
    for i, lv in enumerate(fw.levels):
        if "โดยด่วน" in lv.label and i > 0:
            return float(fw.levels[i - 1].min_overall)
    return DEFAULT_URGENT_BELOW


def _indicator_scores(fw: Framework, scores: Mapping[Any, Any]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for k, v in scores.items():
        if v is None or v == "":
            continue
        try:
            no = int(to_arabic_digits(str(k)).strip())
        except ValueError:
            raise ScoreError(f"“{k}” ไม่ใช่หมายเลขตัวชี้วัด / “{k}” is not an indicator number") from None
        if no not in fw.indicators:
            raise ScoreError(f"ตัวชี้วัดที่ {no} ไม่มีในเกณฑ์ปี {fw.year} / no indicator {no} in {fw.year}")
        out[no] = check_score(v, f"ตัวชี้วัดที่ {no} / indicator {no}")
    return out


def propose_findings(year_be: int, scores: Mapping[int | str, Any], *, urgent_below: float | None = None,
                     order: str = "indicator", catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """Proposed analysis findings for every indicator scoring below the pass mark.

    ``scores``: indicator number (int or ``"1"``…``"10"``, Thai digits accepted) →
    score 0–100 (number or text such as ``"๗๐.๐๐"``); missing or None indicators are
    skipped. The pass mark is the framework's (85; an indicator at exactly 85
    passes, as scoring.py rules).

    Returns interchange findings ``{"indicator": no, "urgent": bool, "weak_point":
    str, "improvement": str}``: weak point and improvement from the first catalogue
    entry for the indicator (:meth:`Catalogue.for_indicator`). ``urgent``: score
    below ``urgent_below`` (default :func:`urgent_threshold` of the year, 70).

    ``order``: ``"indicator"`` (default) — in indicator order, as real reports print
    the analysis (seed 002 "การวิเคราะห์ผลการประเมินจำแนกตามเครื่องมือการประเมิน":
    indicators 1–10 grouped by tool, which the analysis document's score table also
    follows); ``"weakest"`` — lowest score first.

    Raises FrameworkError for a year without a framework, ScoreError (a ValueError)
    for a bad score or indicator, ValueError for an unknown ``order``.
    """
    if order not in ("indicator", "weakest"):
        raise ValueError(f"order must be 'indicator' or 'weakest', not {order!r}")
    fw = framework_for(year_be)
    cat = catalogue or load_catalogue()
    threshold = Decimal(str(urgent_threshold(year_be) if urgent_below is None else urgent_below))
    pass_mark = Decimal(str(fw.pass_mark))
    below = [(no, s) for no, s in _indicator_scores(fw, scores).items() if s < pass_mark]
    below.sort(key=(lambda t: t[0]) if order == "indicator" else (lambda t: (t[1], t[0])))
    out = []
    for no, s in below:
        entries = cat.for_indicator(no)
        if not entries:
            raise CatalogueError(f"คลังมาตรการไม่มีมาตรการของตัวชี้วัดที่ {no} / no catalogue entry for indicator {no}")
        e = entries[0]
        out.append({"indicator": no, "urgent": s < threshold, "weak_point": e.weak_points[0],
                    "improvement": e.improvement})
    return out


# ---------------------------------------------------------------------------
# Measures


def measure_from(entry: Entry | str, year_be: int, key: str | None = None, *, thai_digits: bool = True,
                 catalogue: Catalogue | None = None) -> dict[str, Any]:
    """An interchange measure for fiscal year ``year_be`` (B.E.) from a catalogue entry.

    ``entry``: an :class:`Entry` or its key. ``key``: the measure's key (default the
    entry's slug). Returns ``{"key", "issue", "title", "steps" (lines joined by
    newlines), "responsible", "period": {"start", "end", "text"?}, "indicators"
    (ascending), "items"?}``: the period's ISO dates (C.E.) lie inside the fiscal
    year (1 October of the year before to 30 September; fiscal.py); ``items`` are
    the entry's codes for that year, left out when none are known.

    Raises FrameworkError for a year without a framework (item codes are unknown
    there), CatalogueError for an unknown entry key, ValueError for an empty key.
    """
    framework_for(year_be)
    if isinstance(entry, str):
        entry = (catalogue or load_catalogue()).require(entry)
    if key is not None and (not isinstance(key, str) or not key.strip()):
        raise ValueError("รหัสมาตรการต้องไม่ว่าง / the measure key must not be empty")
    start, end = entry.period_dates(year_be)

    def fill(s: str) -> str:
        return entry.fill(s, year_be, thai_digits=thai_digits)

    period: dict[str, str] = {"start": start.isoformat(), "end": end.isoformat()}
    if entry.period_text:
        period["text"] = fill(entry.period_text)
    m: dict[str, Any] = {
        "key": key or entry.key,
        "issue": fill(entry.issue),
        "title": fill(entry.title),
        "steps": fill(entry.steps),
        "responsible": fill(entry.responsible),
        "period": period,
        "indicators": sorted(entry.indicators),
    }
    items = entry.items_for(year_be)
    if items:
        m["items"] = items
    return m


def free_key(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base_2``, ``base_3`` … when a measure of the year already has that key."""
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def measures_for_findings(findings: Iterable[Mapping[str, Any]], year_be: int, *, taken: Iterable[str] = (),
                          thai_digits: bool = True, catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """One proposed measure per finding, for fiscal year ``year_be`` (B.E.).

    Each finding (interchange shape) maps to the first catalogue entry for its
    ``item`` in that year (:meth:`Catalogue.for_item`), else the first for its
    ``indicator`` (:meth:`Catalogue.for_indicator`); findings with neither, or with
    no entry, are skipped. Two findings mapping to one entry give one measure (e.g.
    e4 and e5 of indicator 7). Keys are the entries' slugs (stable, readable, and
    unique because entries are), with ``_2``, ``_3`` … added when a key is in
    ``taken`` (the keys the assessment already uses). Order follows the findings.

    Raises FrameworkError for a year without a framework.
    """
    framework_for(year_be)
    cat = catalogue or load_catalogue()
    keys = set(taken)
    used: set[str] = set()
    out = []
    for f in findings:
        entry = None
        if f.get("item"):
            hits = cat.for_item(f["item"], year_be)
            entry = hits[0] if hits else None
        if entry is None and f.get("indicator"):
            hits = cat.for_indicator(int(f["indicator"]))
            entry = hits[0] if hits else None
        if entry is None or entry.key in used:
            continue
        used.add(entry.key)
        key = free_key(entry.key, keys)
        keys.add(key)
        out.append(measure_from(entry, year_be, key, thai_digits=thai_digits, catalogue=cat))
    return out


# ---------------------------------------------------------------------------
# Copying last year's measures

_THAI_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_FEB = r"(?:กุมภาพันธ์|ก\.\s?พ\.)"
_D = "[0-9๐-๙]"
#: a four-digit B.E. year (25xx) in either digit style, not part of a longer number
_YEAR4_RE = re.compile(rf"(?<!{_D})(?P<y>[2๒][5๕]{_D}{_D})(?!{_D})")
#: a two-digit year right after an abbreviated month (ต.ค.๖๕, ก.ย. 66)
_YEAR2_RE = re.compile("(?P<m>" + "|".join(re.escape(m).replace(r"\.", r"\.\s?") for m in _THAI_MONTHS_ABBR)
                       + rf")\s?(?P<y>{_D}{_D})(?!{_D})")
#: a written 29 February with its year, to become the 28th in a common year
_FEB29_RE = re.compile(rf"(?<!{_D})(?P<d>29|๒๙)(?P<mid>\s*{_FEB}\s*(?:พ\.\s?ศ\.\s*)?)(?P<y>{_D}{{2,4}})(?!{_D})")


def _same_style(new: int, old: str, width: int) -> str:
    s = f"{new % (10 ** width):0{width}d}"
    return to_thai_digits(s) if any(c in _THAI_NUM for c in old) else s


def shift_years_in_text(text: str, from_year: int, to_year: int) -> str:
    """``text`` with the fiscal years it names moved from ``from_year``'s to ``to_year``'s.

    Every B.E. year within one year of ``from_year`` (the fiscal year's own and the
    calendar years it spans: ``๑ ตุลาคม ๒๕๖๗ – ๓๐ กันยายน ๒๕๖๘`` for 2568, or last
    year's report named in this year's plan) moves by ``to_year - from_year``: four
    digits anywhere (``ตลอดปีงบประมาณ พ.ศ.๒๕๖๘``), two digits after an abbreviated
    month (``ต.ค.๖๕``). Other years (``พ.ศ.๒๕๖๑-๒๕๘๐`` of a national strategy) and
    other numbers stay. Each year keeps its digit style. A written 29 February that
    lands in a common year becomes the 28th.
    """
    delta = int(to_year) - int(from_year)
    if not delta or not text:
        return text
    window = range(int(from_year) - 1, int(from_year) + 2)

    def four(m: re.Match) -> str:
        y = int(to_arabic_digits(m.group("y")))
        return _same_style(y + delta, m.group("y"), 4) if y in window else m.group(0)

    def two(m: re.Match) -> str:
        y = 2500 + int(to_arabic_digits(m.group("y")))
        if y not in window:
            return m.group(0)
        return m.group(0)[:m.start("y") - m.start()] + _same_style(y + delta, m.group("y"), 2)

    def feb29(m: re.Match) -> str:
        y = int(to_arabic_digits(m.group("y")))
        y = y + 2500 if y < 100 else y
        ce = y - 543
        leap = ce % 4 == 0 and (ce % 100 != 0 or ce % 400 == 0)
        if leap:
            return m.group(0)
        return _same_style(28, m.group("d"), 2) + m.group("mid") + m.group("y")

    out = _YEAR2_RE.sub(two, _YEAR4_RE.sub(four, text))
    return _FEB29_RE.sub(feb29, out)


def _shift_date(iso: str, years: int, *, end: bool) -> str:
    """An ISO date moved by whole years. 29 February becomes the 28th in a common
    year; an end date on the last day of February stays on the last day (28th → 29th
    in a leap year), so "to the end of February" keeps its meaning."""
    d = _dt.date.fromisoformat(iso)
    y = d.year + years
    if d.month == 2 and d.day >= 28:
        last = 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
        last_before = (_dt.date(d.year, 3, 1) - _dt.timedelta(days=1)).day
        day = last if (d.day == 29 or (end and d.day == last_before)) else 28
        return _dt.date(y, 2, min(day, last)).isoformat()
    return d.replace(year=y).isoformat()


def _item_meanings(fw: Framework, cat: Catalogue) -> dict[str, set[str]]:
    """Code → what it means in ``fw.year``: ``doc:<role>`` for the framework's
    documents, ``entry:<key>`` for catalogue entries listing it that year."""
    out: dict[str, set[str]] = {}
    for role, doc in fw.documents.items():
        if doc.item:
            out.setdefault(_norm_item(doc.item), set()).add(f"doc:{role}")
    for e in cat.entries:
        for c in e.items.get(fw.year, ()):
            out.setdefault(_norm_item(c), set()).add(f"entry:{e.key}")
    return out


def _map_item(code: str, fw_from: Framework, fw_to: Framework, cat: Catalogue,
              notes: list[str] | None) -> str | None:
    """The code in ``fw_to.year`` of item ``code`` of ``fw_from.year``; None to drop it."""
    n = _norm_item(code)
    if fw_from.year == fw_to.year:
        return code

    def note(th: str, en: str) -> None:
        if notes is not None:
            notes.append(f"{code}: {th} / {en}")

    # 1. the framework's documents (analysis, report) by role
    for role, doc in fw_from.documents.items():
        if doc.item and _norm_item(doc.item) == n:
            new = fw_to.documents.get(role)
            if new is not None and new.item:
                if _norm_item(new.item) != n:
                    note(f"เปลี่ยนเป็น {new.item} ตามเกณฑ์ปี {fw_to.year}", f"renamed {new.item} in {fw_to.year}")
                return new.item
            note(f"ยังไม่ทราบรหัสข้อในปี {fw_to.year} จึงคงไว้", f"code for {fw_to.year} not confirmed; kept")
            return code
    # 2. catalogue entries that list the code for both years, position by position
    for e in cat.entries:
        old, new = e.items.get(fw_from.year, ()), e.items.get(fw_to.year, ())
        pos = [i for i, c in enumerate(old) if _norm_item(c) == n]
        if pos and new and len(new) == len(old):
            mapped = new[pos[0]]
            if _norm_item(mapped) != n:
                note(f"เปลี่ยนเป็น {mapped} ตามคลังมาตรการ ({e.key})", f"renamed {mapped} via catalogue entry {e.key}")
            return mapped
    # 3. no mapping: keep, unless the code is known to mean something else in the new year
    before = _item_meanings(fw_from, cat).get(n, set())
    after = _item_meanings(fw_to, cat).get(n, set())
    if after and not (after & before):
        note(f"ในปี {fw_to.year} รหัสนี้เป็นข้ออื่น จึงตัดออก", f"means another item in {fw_to.year}; dropped")
        return None
    note(f"ยังไม่ทราบรหัสข้อในปี {fw_to.year} จึงคงไว้", f"code for {fw_to.year} not confirmed; kept")
    return code


def carry_over(measures: Iterable[Mapping[str, Any]], from_year: int, to_year: int, *,
               notes: list[str] | None = None, catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """Last year's measures made into this year's ("copy last year's measures").

    Returns new dicts (the input is not changed), same order and keys, every field
    kept, with for the move from fiscal year ``from_year`` to ``to_year`` (B.E.):

    * ``period.start``/``end`` moved by whole years (so a period inside the old
      fiscal year lies inside the new one); 29 February becomes the 28th in a
      common year and an end on the last day of February stays the last day;
    * the years named in ``title``, ``issue``, ``steps``, ``period.text`` moved too
      (:func:`shift_years_in_text`: ``ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘`` → ``๒๕๖๙``);
    * ``items`` remapped where the new year renames them: the framework's own
      documents by role (2568 ``O27`` analysis → 2569 ``O25``; 2566 ``O43`` report →
      none known for 2567, kept), else catalogue entries listing codes for both
      years, position by position. A code with no known mapping is kept (item
      lists beyond the documents are not confirmed year to year: ITA_DOMAIN.md) —
      except one known to mean another item in the new year (2568 ``O26`` annual
      anti-corruption report is 2569's ITA report ``O26``), which is dropped.
      ``notes`` (a list, optional) receives one line per code renamed, kept
      unconfirmed, or dropped.

    Results are not part of a measure and are not copied: the new year starts with
    none. Raises FrameworkError when either year has no framework, ValueError for a
    bad ISO date.
    """
    fw_from, fw_to = framework_for(from_year), framework_for(to_year)
    cat = catalogue or load_catalogue()
    delta = int(to_year) - int(from_year)
    out = []
    for m in measures:
        new = copy.deepcopy(dict(m))
        for f in ("title", "issue", "steps"):
            if isinstance(new.get(f), str):
                new[f] = shift_years_in_text(new[f], from_year, to_year)
        p = new.get("period")
        if isinstance(p, dict):
            for k in ("start", "end"):
                if p.get(k):
                    p[k] = _shift_date(p[k], delta, end=(k == "end"))
            if p.get("text"):
                p["text"] = shift_years_in_text(p["text"], from_year, to_year)
        if "items" in new:
            codes: list[str] = []
            for c in new["items"] or []:
                mapped = _map_item(c, fw_from, fw_to, cat, notes)
                if mapped is not None and _norm_item(mapped) not in {_norm_item(x) for x in codes}:
                    codes.append(mapped)
            if codes:
                new["items"] = codes
            else:
                del new["items"]
        out.append(new)
    return out


# ---------------------------------------------------------------------------
# The memo


def memo_recipient(office: Mapping[str, Any]) -> str:
    """The chief executive the memo is addressed to (after เรียน), from the office's name.

    องค์การบริหารส่วนตำบล/จังหวัด… → นายก + the name (seed 003: นายกองค์การบริหาร
    ส่วนตำบลปากช่อง); เทศบาลตำบล/เมือง/นคร… → นายกเทศมนตรีตำบล/เมือง/นคร…; other
    names → นายก + the name (เมืองพัทยา → นายกเมืองพัทยา).
    """
    name = str(office.get("name", "")).strip()
    if name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + name[len("เทศบาล"):]
    if not name:
        kind = office.get("type", "")
        return {"อบต.": "นายกองค์การบริหารส่วนตำบล", "อบจ.": "นายกองค์การบริหารส่วนจังหวัด"}.get(
            kind, "นายกเทศมนตรี" if str(kind).startswith("เทศบาล") else "นายก")
    return "นายก" + name


def memo_department(office: Mapping[str, Any]) -> str:
    """ส่วนราชการ of the memo: the office's first department (else สำนักปลัด) with the
    office's name — ``สำนักปลัดองค์การบริหารส่วนตำบลปากช่อง`` as seed 003 writes it
    (สำนักปลัด joins the name without a space: it is the unit's official name);
    another unit gets a space (``กองคลัง เทศบาลตำบล…``)."""
    depts = office.get("departments") or []
    dept = str(depts[0]).strip() if depts else "สำนักปลัด"
    name = str(office.get("name", "")).strip()
    if not name or name in dept:
        return dept
    return f"{dept}{name}" if dept == "สำนักปลัด" else f"{dept} {name}"


def _approvals(office: Mapping[str, Any], signer: str | None) -> list[dict[str, Any]]:
    """The approval chain of seed 003 (head of the office → ปลัด → นายก) from the
    people whose positions begin หัวหน้าสำนักปลัด / ปลัด / นายก, skipping the signer."""
    people = [p for p in office.get("people") or [] if p.get("key") != signer]
    chain = []
    for prefix, choices in (("หัวหน้าสำนักปลัด", ["เห็นควรพิจารณา", "ความเห็นอื่น"]),
                            ("ปลัด", ["เห็นควรพิจารณา", "ความเห็นอื่น"]),
                            ("นายก", ["ทราบ", "เห็นชอบ", "ไม่เห็นชอบ"])):
        p = next((p for p in people if str(p.get("position", "")).startswith(prefix)), None)
        if p is not None and all(a["person"] != p["key"] for a in chain):
            chain.append({"title": f"ความเห็นของ{p['position']}", "choices": choices, "person": p["key"]})
    return chain


def default_memo(office: Mapping[str, Any], year_be: int, *, signer: str | None, recipient: str | None = None,
                 scores: Mapping[int | str, Any] | None = None, tool_scores: Mapping[str, Any] | None = None,
                 date: _dt.date | None = None, thai_digits: bool | None = None,
                 approvals: bool = True) -> dict[str, Any]:
    """The บันทึกข้อความ carrying the ITA analysis and measures of fiscal year
    ``year_be`` (B.E.) to the chief executive, as an interchange memo.

    Wording after seed 003's memo (เรื่องเดิม · ข้อเท็จจริง · ข้อเสนอเพื่อพิจารณา, the
    approval chain) and seed 002's analysis introduction; layout facts in
    MEMO_LAYOUT.md. ``office``: the interchange ``office``. ``signer``: key of a
    person in ``office.people`` (None: no signer yet). ``recipient``: default
    :func:`memo_recipient`. ``scores``/``tool_scores``: when every tool has a score,
    เรื่องเดิม states the overall score and level (scoring.py), as seed 003 does.
    ``date``: the memo's date (C.E. ``datetime.date``; default none, the clerk dates
    it). ``thai_digits``: digits of the text; None → the office's choice
    (``office.thai_digits``, default yes, as render_memo). ``approvals``: add the
    chain head of the office → ปลัด → นายก from ``office.people`` (skipping the
    signer).

    The measures table goes after ข้อเท็จจริง (``attach_measures_table``); the
    closing is "จึงเรียนมาเพื่อโปรดพิจารณา". The document item code and title come
    from the year's framework (2568: O27 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายใน
    หน่วยงาน; none printed when unconfirmed, 2567).

    Raises FrameworkError for a year without a framework, ValueError when
    ``signer`` is not a person of the office, ScoreError for bad scores.
    """
    fw = framework_for(year_be)
    people = {p.get("key") for p in office.get("people") or []}
    if signer is not None and signer not in people:
        raise ValueError(f"ไม่มีบุคคล “{signer}” ในรายชื่อของหน่วยงาน / no person “{signer}” in office.people")
    if thai_digits is None:
        thai_digits = bool(office.get("thai_digits", True))
    name = str(office.get("name", "")).strip() or "หน่วยงาน"
    y = str(int(year_be))

    def t(s: str) -> str:
        return _digits(s, thai_digits)

    itt = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
    result_sentence = ""
    if scores:
        res = compute(fw, _indicator_scores(fw, scores), tool_scores)
        if res.overall is not None:
            result_sentence = (f" ซึ่ง{name}มีผลการประเมินคะแนนรวม {res.overall} คะแนน "
                               f"อยู่ในระดับ {res.level}")
    background = (f"ตามที่ สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
                  f"ได้ดำเนินการ{itt} (Integrity and Transparency Assessment : ITA) ประจำปีงบประมาณ พ.ศ. {y} "
                  f"เพื่อให้หน่วยงานภาครัฐได้รับทราบผลการประเมินและแนวทางในการปรับปรุงพัฒนาการดำเนินงาน"
                  f"ด้านคุณธรรมและความโปร่งใส{result_sentence} นั้น")
    doc = fw.documents.get("analysis")
    code = f"ข้อ {doc.item} {doc.title}" if doc and doc.item else (f"เรื่อง{doc.title}" if doc else "")
    facts = [
        f"หลักเกณฑ์การประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} {code} กำหนดให้หน่วยงานวิเคราะห์ผลการประเมิน "
        f"และกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงานเพื่อนำไปสู่การปฏิบัติ "
        f"โดยเผยแพร่บนเว็บไซต์หลักของหน่วยงาน",
        f"{name} จึงได้วิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {y} โดยจำแนกตามเครื่องมือการประเมิน "
        f"ระบุประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน ประเด็นที่จะต้องพัฒนาให้ดีขึ้น "
        f"และกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน พร้อมขั้นตอน ระยะเวลา "
        f"และผู้รับผิดชอบ รายละเอียดดังนี้",
    ]
    proposal = [
        "เพื่อประโยชน์ในการปฏิบัติงานและการประเมิน ITA จึงเห็นควรพิจารณา",
        f"1. ให้ความเห็นชอบผลการวิเคราะห์ผลการประเมิน ITA และมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        f"ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {y} ตามที่เสนอ",
        "2. แจ้งเวียนให้บุคลากรทุกส่วนราชการรับทราบ และร่วมขับเคลื่อนมาตรการส่งเสริมคุณธรรม"
        "และความโปร่งใสภายในหน่วยงานต่อไป",
        f"3. เผยแพร่บนเว็บไซต์หลักของ{name} ให้ประชาชนได้รับทราบ",
    ]
    memo: dict[str, Any] = {
        "department": memo_department(office),
        "subject": t(f"รายงานผลการวิเคราะห์ผล{itt} (ITA) และมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                     f"ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {y}"),
        "recipient": recipient or memo_recipient(office),
        "sections": [
            {"heading": "เรื่องเดิม", "paragraphs": [t(background)]},
            {"heading": "ข้อเท็จจริง", "paragraphs": [t(p) for p in facts], "attach_measures_table": True},
            {"heading": "ข้อเสนอเพื่อพิจารณา", "paragraphs": [t(p) for p in proposal]},
        ],
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
    }
    if office.get("doc_prefix"):
        memo["number"] = f"{office['doc_prefix']}/"
    if date is not None:
        memo["date"] = date.isoformat()
    if signer is not None:
        memo["signer"] = signer
    if approvals:
        chain = _approvals(office, signer)
        if chain:
            memo["approvals"] = chain
    return memo
