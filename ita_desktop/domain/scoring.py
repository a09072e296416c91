"""ITA scoring: tool scores, the overall score, pass/fail and the level.

Rules (ITA_DOMAIN.md "Scoring", checked against real results):

* a tool's score is the mean of its indicators' scores, unless the tool
  scores are given (published);
* the overall score is the weighted sum of the tool scores, with the
  year's weights (2568: IIT 0.3, EIT 0.3, OIT 0.4 — seed 002 gives 80.77);
* scores are printed with two decimals, rounded half up (80.765 → 80.77);
* an indicator, a tool or the overall score passes at the pass mark (85);
* the level is the first step of the year's scale that the rounded overall
  score reaches (and, where the step says so, every tool score too).

All scores are points on a 0–100 scale. Arithmetic uses Decimal so that the
printed two decimals match hand calculation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from ita_desktop.domain.framework import Framework

_CENT = Decimal("0.01")


class ScoreError(ValueError):
    """A score outside 0–100, not a number, or for an unknown indicator/tool."""


def round2(x: Decimal | float) -> Decimal:
    """Round to two decimals, half up, as the NACC prints scores."""
    return Decimal(str(x)).quantize(_CENT, rounding=ROUND_HALF_UP)


def check_score(value: object, where: str) -> Decimal:
    """Return ``value`` as a Decimal score, or raise ScoreError naming ``where``.

    Accepts int, float, Decimal and strings such as ``"94.62"`` or ``"๙๔.๖๒"``.
    """
    from ita_desktop.domain.fiscal import to_arabic_digits

    if isinstance(value, bool):
        value = None
    try:
        d = Decimal(to_arabic_digits(str(value)).strip()) if value is not None else None
    except ArithmeticError:
        d = None
    if d is None or not d.is_finite():
        raise ScoreError(f"{where}: ต้องเป็นตัวเลข ไม่ใช่ {value!r} / must be a number, got {value!r}")
    if not Decimal(0) <= d <= Decimal(100):
        raise ScoreError(f"{where}: คะแนนต้องอยู่ระหว่าง 0–100 ไม่ใช่ {value} / score must be 0–100, got {value}")
    return d


@dataclass(frozen=True)
class ScoreResult:
    """The computed result of one assessment.

    ``indicators``: number → score given; ``tools``: code → tool score
    (two decimals, None when the tool has no score); ``overall``: two
    decimals or None when any tool lacks a score; ``level``: label or None;
    ``passed``: whether the overall score reaches the pass mark.
    """

    indicators: dict[int, Decimal]
    tools: dict[str, Decimal | None]
    overall: Decimal | None
    level: str | None
    pass_mark: Decimal

    def passes(self, score: Decimal | None) -> bool:
        """True when ``score`` is at least the pass mark (85)."""
        return score is not None and score >= self.pass_mark

    @property
    def passed(self) -> bool:
        return self.passes(self.overall)


def compute(fw: Framework, scores: Mapping[int, object],
            tool_scores: Mapping[str, object] | None = None) -> ScoreResult:
    """Compute tool scores, overall score and level for one fiscal year.

    ``scores``: indicator number (1–10) → score; indicators may be missing
    (their tool then has no score unless given in ``tool_scores``).
    Raises ScoreError for a bad score or an unknown indicator or tool.
    """
    ind: dict[int, Decimal] = {}
    for no, v in scores.items():
        if int(no) not in fw.indicators:
            raise ScoreError(f"ตัวชี้วัดที่ {no} ไม่มีในเกณฑ์ปี {fw.year} / no indicator {no} in {fw.year}")
        ind[int(no)] = check_score(v, f"ตัวชี้วัดที่ {no} / indicator {no}")
    given = {}
    for code, v in (tool_scores or {}).items():
        if code not in fw.tools:
            raise ScoreError(f"ไม่มีเครื่องมือ {code} / unknown tool {code}")
        given[code] = check_score(v, code)

    exact: dict[str, Decimal | None] = {}
    for code in fw.tools:
        if code in given:
            exact[code] = given[code]
            continue
        nos = [i.no for i in fw.indicators_of(code)]
        if nos and all(n in ind for n in nos):
            exact[code] = sum((ind[n] for n in nos), Decimal(0)) / len(nos)
        else:
            exact[code] = None

    overall = None
    if all(v is not None for v in exact.values()):
        overall = round2(sum(Decimal(str(fw.tools[c].weight)) * v for c, v in exact.items()))
    tools = {c: (round2(v) if v is not None else None) for c, v in exact.items()}
    level = level_for(fw, overall, tools) if overall is not None else None
    return ScoreResult(ind, tools, overall, level, Decimal(str(fw.pass_mark)))


def level_for(fw: Framework, overall: Decimal, tools: Mapping[str, Decimal | None]) -> str:
    """The level label of a rounded overall score on the year's scale.

    A step with ``min_each_tool`` needs every tool score at or above it
    (2567 scale: 94.64 overall with EIT 84 is ผ่าน, not ผ่านดี).
    """
    for lv in fw.levels:
        if overall < Decimal(str(lv.min_overall)):
            continue
        if lv.min_each_tool is not None and any(
            t is None or t < Decimal(str(lv.min_each_tool)) for t in tools.values()
        ):
            continue
        return lv.label
    return fw.levels[-1].label
