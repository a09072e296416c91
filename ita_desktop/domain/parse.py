"""Reading what a clerk types or pastes: dates, whole numbers, indicator lists, item codes, text.

One set of rules for every way data comes in — the forms (``gui/forms.py``),
spreadsheet and pasted-text import (``store/tabular.py``) and interchange
files (``store/interchange.py``):

* dates are written ``d/m/yyyy`` with a B.E. year (``1/10/2567``; a year over
  2400 is B.E., else C.E.; ``-`` or ``.`` also separate) or ISO
  ``yyyy-mm-dd``; they are stored ISO with the C.E. year (``2024-10-01``);
* whole numbers ≥ 0 (``25``, ``๒๕``, ``1,200``) up to ``MAX_INT``;
* indicator numbers 1–10 written ``1, 5 9``; item codes ``O27, e4``
  (ITA_DOMAIN.md: OIT items O…, EIT e…, IIT i…);
* Thai digits ๐–๙ are accepted wherever digits go;
* text may hold any character but control characters (Unicode category Cc)
  other than tab, line feed and carriage return, and the non-characters a
  UTF-8 file, SQLite text, a PDF or XML cannot carry faithfully (lone
  surrogates U+D800–U+DFFF, U+FFFE, U+FFFF). That is the XML 1.0 character
  rule plus DEL and the C1 controls, which mean nothing in a Thai document
  (they come from damaged files or bad encodings) and print as nothing or
  as boxes.

Every refusal is a ``ParseError``: ``str()`` is ``"ไทย / English"``;
``template`` and ``params`` give the English source text (marked with
``N_`` for the translation catalog) so the forms can show it in the UI
language with ``_(e.template).format(**e.params)``. Pure Python: no Qt, no
database.
"""

from __future__ import annotations

import datetime as dt
import re

from ita_desktop.domain.fiscal import be_to_ce, to_arabic_digits
from ita_desktop.i18n import N_

#: The largest whole number a field takes (participants, target group, years): far above any
#: real count and well inside SQLite's 64-bit integers.
MAX_INT = 1_000_000_000

#: An ITA item code as written in the NACC manual: a tool letter and one or two digits.
ITEM_CODE = re.compile(r"[OoEeIi][0-9]{1,2}")

_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class ParseError(ValueError):
    """Text that cannot be read as the value it stands for.

    ``thai``: the reason in Thai; ``template``/``params``: the English
    source text and its placeholders; ``english``: the English reason;
    ``str()``: ``"<thai> / <english>"``.
    """

    def __init__(self, thai: str, template: str, **params: object):
        self.thai = thai.format(**params)
        self.template = template
        self.params = params
        self.english = template.format(**params)
        super().__init__(f"{self.thai} / {self.english}")


def bad_character(text: str) -> tuple[int, str] | None:
    """The first character ``text`` may not hold (see the module docstring) as
    (0-based position, character), or None when the text is fine."""
    m = _BAD_CHAR.search(text)
    return (m.start(), m.group()) if m else None


def char_name(ch: str) -> str:
    """A character as a message names it: ``U+0000``."""
    return f"U+{ord(ch):04X}"


def check_text(text: str) -> str:
    """``text`` unchanged when it holds only characters that may be stored. Raises ParseError
    naming the first other character (``U+0000``) and its position (counted from 1)."""
    bad = bad_character(text)
    if bad is not None:
        pos, ch = bad
        raise ParseError("มีอักขระควบคุม {char} ที่ตำแหน่ง {pos} ซึ่งเก็บไม่ได้ โปรดลบออก",
                         N_("Contains the control character {char} at position {pos}, which cannot be "
                            "stored; remove it."), char=char_name(ch), pos=pos + 1)
    return text


def parse_date(text: str) -> str | None:
    """A date typed as d/m/yyyy (B.E. when the year is over 2400, else C.E.; Thai digits
    allowed; ``-`` or ``.`` also separate) or ISO ``yyyy-mm-dd``: the ISO C.E. date
    (``"2024-10-01"``), or None when empty. Raises ParseError."""
    text = to_arabic_digits(text.strip())
    if not text:
        return None
    m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})", text)
        if not m:
            raise ParseError("กรอกวันที่เป็น วัน/เดือน/ปี เช่น 1/10/2567",
                             N_("Write the date as day/month/year, e.g. 1/10/2567."))
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    if y > 2400:
        y = be_to_ce(y)
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise ParseError("ไม่มีวันที่นี้ในปฏิทิน", N_("There is no such date.")) from None


def parse_int(text: str) -> int | None:
    """A whole number 0–``MAX_INT`` (Thai digits and thousands commas allowed), or None
    when empty. Raises ParseError."""
    text = to_arabic_digits(text.strip()).replace(",", "")
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text):
        raise ParseError("กรอกเป็นจำนวนเต็ม เช่น 25", N_("Write a whole number, e.g. 25."))
    if len(text) > 10 or int(text) > MAX_INT:
        raise ParseError("ตัวเลขมากเกินไป (ไม่เกิน {limit})", N_("The number is too large (at most {limit})."),
                         limit=f"{MAX_INT:,}")
    return int(text)


def parse_ints(text: str) -> list[int]:
    """Indicator numbers 1–10 written ``1, 5 9``: a sorted list without repeats. Raises ParseError."""
    out = set()
    for part in re.split(r"[,\s]+", to_arabic_digits(text.strip())):
        if not part:
            continue
        if not re.fullmatch(r"[0-9]{1,2}", part) or not 1 <= int(part) <= 10:
            raise ParseError("ตัวชี้วัดต้องเป็นเลข 1 ถึง 10 เช่น 1, 5, 9",
                             N_("Indicators are numbers from 1 to 10, e.g. 1, 5, 9."))
        out.add(int(part))
    return sorted(out)


def parse_codes(text: str) -> list[str]:
    """Item codes written ``O27, o28 e4`` (as in the NACC manual): the list in the order
    typed, without repeats, ``o`` written ``O``. Raises ParseError naming the bad code."""
    out: list[str] = []
    for part in re.split(r"[,\s]+", to_arabic_digits(text.strip())):
        if not part:
            continue
        if not ITEM_CODE.fullmatch(part):
            raise ParseError("“{code}” ไม่ใช่รหัสข้อ ITA (เช่น O27 หรือ e4)",
                             N_("“{code}” is not an item code such as O27 or e4."), code=shorten(part, 40))
        code = part[0].upper() + part[1:] if part[0] in "oO" else part
        if code not in out:
            out.append(code)
    return out


def shorten(text: str, limit: int = 60) -> str:
    """``text`` as a message quotes it: cut to ``limit`` characters with "…", any character
    ``check_text`` refuses shown as U+FFFD (�) so that the message itself can be shown and stored."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _BAD_CHAR.sub("\ufffd", text)
