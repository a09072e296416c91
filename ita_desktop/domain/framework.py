"""The ITA framework of one fiscal year, read from ``resources/frameworks/<B.E.>.json``.

The NACC changes weights, level scales and item codes from year to year
(ITA_DOMAIN.md), so they are data: a maintainer adds a year by adding a file.
Each file names the source of every rule it carries (``sources``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita_desktop.resources import resource_path, resource_root

TOOLS = ("IIT", "EIT", "OIT")


class FrameworkError(ValueError):
    """No framework file for a year, or a file that breaks the rules below."""


@dataclass(frozen=True)
class Indicator:
    """One of the ten ITA indicators (ตัวชี้วัด): number 1–10, Thai name, tool."""

    no: int
    name: str
    tool: str


@dataclass(frozen=True)
class Tool:
    """An assessment tool (IIT, EIT or OIT) with its weight (0–1) and Thai name."""

    code: str
    weight: float
    name: str
    name_en: str


@dataclass(frozen=True)
class Level:
    """One step of a level scale.

    A score gets the first level (in file order) whose ``min_overall`` it
    reaches and, when ``min_each_tool`` is set, whose minimum every tool
    score reaches too (2567 scale: ผ่านดี needs every tool ≥ 85).
    """

    label: str
    min_overall: float
    min_each_tool: float | None = None
    label_en: str = ""


@dataclass(frozen=True)
class DocumentCode:
    """A published document's OIT item code (``O27``; None when unconfirmed) and title."""

    item: str | None
    title: str


@dataclass(frozen=True)
class Framework:
    """The ITA rules of one fiscal year (B.E.).

    Attributes: ``year`` (B.E.), ``pass_mark`` (score points, 85),
    ``tools`` (code → Tool), ``indicators`` (number → Indicator),
    ``levels`` (ordered, highest first), ``documents`` ("analysis",
    "report" → DocumentCode), ``sources`` (rule → where it comes from).
    """

    year: int
    pass_mark: float
    tools: dict[str, Tool]
    indicators: dict[int, Indicator]
    levels: tuple[Level, ...]
    documents: dict[str, DocumentCode]
    sources: dict[str, str]

    def indicators_of(self, tool: str) -> list[Indicator]:
        """The indicators of one tool, in number order."""
        return [i for i in self.indicators.values() if i.tool == tool]

    @classmethod
    def from_dict(cls, d: dict) -> "Framework":
        """Build and check a framework from a parsed framework file.

        Raises FrameworkError when weights do not sum to 1, an indicator names
        an unknown tool, the indicators are not exactly 1–10, or the scale is
        empty or not ordered from high to low.
        """
        try:
            tools = {
                code: Tool(code, float(t["weight"]), t["name"], t.get("name_en", ""))
                for code, t in d["tools"].items()
            }
            indicators = {int(i["no"]): Indicator(int(i["no"]), i["name"], i["tool"]) for i in d["indicators"]}
            levels = tuple(
                Level(l["label"], float(l["min_overall"]), l.get("min_each_tool"), l.get("label_en", ""))
                for l in d["level_scale"]
            )
            documents = {k: DocumentCode(v.get("item"), v["title"]) for k, v in d["documents"].items()}
            fw = cls(int(d["year"]), float(d["pass_mark"]), tools, indicators, levels, documents,
                     dict(d.get("sources", {})))
        except (KeyError, TypeError, ValueError) as e:
            raise FrameworkError(f"framework file is malformed: {e!r}") from e
        if abs(sum(t.weight for t in tools.values()) - 1.0) > 1e-9:
            raise FrameworkError(f"{fw.year}: tool weights sum to {sum(t.weight for t in tools.values())}, not 1")
        if sorted(indicators) != list(range(1, 11)):
            raise FrameworkError(f"{fw.year}: indicators must be 1–10, got {sorted(indicators)}")
        for i in indicators.values():
            if i.tool not in tools:
                raise FrameworkError(f"{fw.year}: indicator {i.no} names unknown tool {i.tool}")
        mins = [l.min_overall for l in levels]
        if not levels or mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise FrameworkError(f"{fw.year}: level scale must run from high to low and end at 0")
        return fw


@lru_cache(maxsize=None)
def _load(path: Path) -> Framework:
    with open(path, encoding="utf-8") as f:
        return Framework.from_dict(json.load(f))


def available_years() -> list[int]:
    """The fiscal years (B.E.) that have a framework file, ascending."""
    return sorted(int(p.stem) for p in (resource_root() / "frameworks").glob("*.json") if p.stem.isdigit())


def framework_for(year_be: int) -> Framework:
    """The framework of fiscal year ``year_be`` (B.E.).

    Raises FrameworkError (message in Thai and English) when no file exists
    for that year.
    """
    try:
        path = resource_path("frameworks", f"{int(year_be)}.json")
    except FileNotFoundError:
        years = ", ".join(map(str, available_years()))
        raise FrameworkError(
            f"ไม่มีเกณฑ์ ITA ของปีงบประมาณ {year_be} (มี: {years}) / "
            f"no ITA framework for fiscal year {year_be} (have: {years})"
        ) from None
    return _load(path)
