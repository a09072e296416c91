"""Thai fiscal years (ปีงบประมาณ) and quarters (ไตรมาส), and Thai dates.

Rule (Thai Budget Procedure Act; ITA_DOMAIN.md "Calendar"): fiscal year N B.E.
runs 1 October (N-1) to 30 September N, where B.E. = C.E. + 543. Quarter 1 is
Oct–Dec, 2 Jan–Mar, 3 Apr–Jun, 4 Jul–Sep. Dates are kept as ``datetime.date``
with the C.E. year (a ``date(2568, …)`` would have wrong weekdays); only the
printed form uses B.E.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from babel.dates import get_month_names

BE_OFFSET = 543

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_thai_digits(s: str) -> str:
    """Replace every Arabic digit 0-9 by its Thai digit (๐-๙), nothing else.

    Use on numbers and dates only; running text that may hold URLs or item
    codes goes through the PDF layer's ``thai_digits`` which skips those.
    """
    return s.translate(THAI_DIGITS)


def to_arabic_digits(s: str) -> str:
    """Replace Thai digits ๐-๙ by Arabic 0-9."""
    return s.translate(ARABIC_DIGITS)


def be_to_ce(year_be: int) -> int:
    """Buddhist Era year → Common Era year (2568 → 2025)."""
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """Common Era year → Buddhist Era year (2025 → 2568)."""
    return year_ce + BE_OFFSET


class FiscalYearError(ValueError):
    """A fiscal year outside the range the program knows (2500–2700 B.E.)."""


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A Thai fiscal year named by its B.E. year, e.g. ``FiscalYear(2568)``.

    Raises FiscalYearError for years outside 2500–2700 B.E. (a C.E. year such
    as 2025 typed by mistake is refused rather than silently shifted).
    """

    be: int

    def __post_init__(self) -> None:
        if not isinstance(self.be, int) or not 2500 <= self.be <= 2700:
            raise FiscalYearError(
                f"ปีงบประมาณต้องเป็นปี พ.ศ. 2500–2700 ไม่ใช่ {self.be!r} / "
                f"fiscal year must be a B.E. year 2500–2700, got {self.be!r}"
            )

    @property
    def start(self) -> _dt.date:
        """First day, 1 October of the previous C.E. year."""
        return _dt.date(be_to_ce(self.be) - 1, 10, 1)

    @property
    def end(self) -> _dt.date:
        """Last day, 30 September."""
        return _dt.date(be_to_ce(self.be), 9, 30)

    def contains(self, day: _dt.date) -> bool:
        """True when ``day`` (C.E. date) falls inside this fiscal year."""
        return self.start <= day <= self.end

    def quarter(self, q: int) -> tuple[_dt.date, _dt.date]:
        """(first day, last day) of quarter ``q`` (1–4). Raises ValueError otherwise."""
        if q not in (1, 2, 3, 4):
            raise ValueError(f"ไตรมาสต้องเป็น 1–4 / quarter must be 1–4, got {q!r}")
        first_month = (10, 1, 4, 7)[q - 1]
        year = self.start.year if q == 1 else self.end.year
        first = _dt.date(year, first_month, 1)
        last_month = first_month + 2
        nxt = _dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
        return first, nxt - _dt.timedelta(days=1)

    @classmethod
    def of(cls, day: _dt.date) -> "FiscalYear":
        """The fiscal year that contains ``day`` (C.E. date)."""
        return cls(ce_to_be(day.year + (1 if day.month >= 10 else 0)))

    def label(self, thai_digits: bool = True) -> str:
        """``ปีงบประมาณ พ.ศ. ๒๕๖๘`` (or with Arabic digits)."""
        y = str(self.be)
        return "ปีงบประมาณ พ.ศ. " + (to_thai_digits(y) if thai_digits else y)


def quarter_of(day: _dt.date) -> tuple[FiscalYear, int]:
    """(fiscal year, quarter 1–4) of a C.E. date."""
    return FiscalYear.of(day), {10: 1, 11: 1, 12: 1, 1: 2, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3}.get(day.month, 4)


def thai_date(day: _dt.date, *, thai_digits: bool = True, abbreviated: bool = False) -> str:
    """A date as a Thai official document prints it: ``๒๑ มีนาคม ๒๕๖๕``.

    Month names from Babel's Thai locale (CLDR); the year is shifted to B.E.
    by hand because Babel has no Buddhist calendar (THAI_TEXT_NOTES.md).
    Source of the form: สารบรรณ regulation practice, MEMO_LAYOUT.md "dates".
    """
    months = get_month_names("abbreviated" if abbreviated else "wide", locale="th")
    year = ce_to_be(day.year)
    if abbreviated:
        year %= 100
    s = f"{day.day} {months[day.month]} {year}"
    return to_thai_digits(s) if thai_digits else s
