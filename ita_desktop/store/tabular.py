"""Spreadsheets, CSV files and pasted text as one fiscal year's scores, measures or results.

What a clerk imports (one *kind* per sheet; ``detect_kind`` guesses it from the headers):

``scores``
    The ten indicator scores (0–100), the published IIT/EIT/OIT tool scores and the
    overall score, of one or more fiscal years (B.E.), in either layout:

    * rows = years: a column ``ปีงบประมาณ``/``year`` and columns ``1`` … ``10`` (or
      ``ตัวชี้วัดที่ 1``, ``indicator 1``, the indicator's name such as
      ``การปฏิบัติหน้าที่``), ``IIT``, ``EIT``, ``OIT``, ``คะแนนรวม``/``overall``,
      optionally ``ระดับ``/``level``;
    * rows = indicators (as ITAS shows results): a column ``ตัวชี้วัด``/``indicator``
      holding ``1`` … ``10`` (or ``1. การปฏิบัติหน้าที่``, the name), ``IIT``/``EIT``/``OIT``,
      ``คะแนนรวม``/``overall``, ``ระดับ``/``level``, and either one column
      ``คะแนน``/``score`` (the fiscal year being imported into) or one column per
      year headed by the year (``2566``, ``ปี 2567``, ``พ.ศ. 2568``).

    The scores of the fiscal year being imported into become its indicator scores,
    published tool scores and published overall score (its level is computed, never
    imported); an earlier year's become that year's entry in the year's *history*
    (earlier years' results as the analysis prints them; the level as given). A later
    year is refused (open that year to import it).

``measures``
    One row per measure: ``รหัส``/``key``, ``ประเด็น``/``issue``,
    ``มาตรการ``/``title`` (also ``มาตรการ/แนวทาง``, ``มาตรการ/โครงการ/กิจกรรม`` …),
    ``ขั้นตอน``/``steps`` (``วิธีการดำเนินการ`` …), ``ผู้รับผิดชอบ``/``responsible``,
    ``ตั้งแต่``/``start`` and ``ถึง``/``end`` (dates), ``ระยะเวลา``/``period`` (the period
    as printed), ``ตัวชี้วัด``/``indicators`` (``1, 5 9``), ``ข้อคำถาม``/``items``
    (``O27, e4``).

``results``
    One row per measure and round: the measure (``รหัส``/``key``, or its title under
    ``มาตรการ``/``measure``), ``รอบ``/``round`` (6 or 12; ``6 เดือน`` is fine; without the
    column the round chosen for the whole sheet), ``ผลการดำเนินการ``/``done``,
    ``ผลลัพธ์``/``outcome``, ``ข้อเสนอแนะ``/``suggestions``, ``หลักฐาน``/``evidence``
    (links, one or more separated by spaces or lines), ``ผู้เข้าร่วม``/``participants``,
    ``กลุ่มเป้าหมาย``/``target``.

Headers are recognised in Thai or English whatever their case, spacing and
punctuation (``ผู้รับผิดชอบ``, ``Responsible``, ``หน่วยงานผู้รับผิดชอบ``); columns may
come in any order; columns that mean nothing here are listed as ignored. The header
is the first non-empty row, or the first of the first ten with at least two
recognised headers when only title rows (one cell each) stand above it. Thai
digits are accepted wherever numbers go; dates are written ``d/m/yyyy`` with the
B.E. year (``1/10/2567``) or ISO, or are real date cells (a date cell whose year
is over 2400 was typed in B.E. into a C.E. calendar and is read as B.E.). Text
is stripped of surrounding blanks, its line breaks stored as ``\n``; control
characters are refused (``domain.parse.check_text``).

Merging (nothing is ever deleted by an import):

* a measure row whose key is already a measure of the year updates that measure;
  a row without a key updates the measure with exactly the same title (white
  space aside), else it adds a new measure with the next free key ``M<n>``; a new
  key adds a measure (a new measure needs a title);
* a result row updates the result of the same measure and round, else adds one;
  the measure must exist already (import the measures first);
* an empty cell never erases: it leaves the stored value as it is (clear a
  field in the window); measures, results and scores absent from the sheet stay.

Every value is checked with the same rules as the window's fields
(``domain.parse``, ``domain.scoring.check_score``), the result is checked against
the interchange JSON Schema (``interchange.issues``), and *every* problem is
listed with its spreadsheet row number and column header (``ImportProblem``),
not only the first. A plan with problems is never saved; ``save_plan`` writes a
clean one with ``Store.save_year`` in one transaction: all or nothing.

Files: ``.xlsx``/``.xlsm`` (openpyxl, read-only, cached formula values); ``.csv``,
``.tsv``, ``.txt`` in UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
"Unicode text"), or cp874/TIS-620 (what Thai Excel on Windows saves as CSV):
UTF-8 is tried first, then cp874, and ``Table.encoding`` says which was used;
the separator (comma, semicolon or tab) is the one that splits the header row into
the most cells without breaking the quoting. Pasted text is what Excel,
LibreOffice or Google Sheets put on the clipboard: tab-separated lines, cells with
line breaks in quotes. Old ``.xls`` and ``.ods`` files are refused with a hint to
save as ``.xlsx`` or CSV. (Reading raises the ``csv`` module's process-wide field
size limit to ``MAX_BYTES``: a cell may be longer than a page.)
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from ita_desktop.domain import parse
from ita_desktop.domain.fiscal import ce_to_be, to_arabic_digits
from ita_desktop.domain.parse import ParseError, shorten
from ita_desktop.domain.scoring import ScoreError, check_score
from ita_desktop.store.interchange import InterchangeError, issues

KINDS = ("scores", "measures", "results")
#: Most data rows a sheet may have (a year has tens of measures, not thousands).
MAX_ROWS = 5000
#: Largest file read (bytes).
MAX_BYTES = 50_000_000
PASTED = "ข้อความที่วาง / pasted text"
_HEADER_SEARCH = 10
_ROUNDS = (6, 12)
_TOOLS = ("IIT", "EIT", "OIT")


class TabularError(InterchangeError):
    """A file or text that cannot be read as a table at all (missing, not a spreadsheet,
    an encoding that is neither UTF-8 nor cp874, no header, too many rows), or a plan
    with problems given to ``save_plan``. ``str()`` names the file (Thai / English);
    ``problems`` lists the row problems when there are any."""

    def __init__(self, message: str, problems: list[ImportProblem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


# -- the table as read ----------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One data row: ``number`` as the spreadsheet numbers it (1 = the first line of the
    file or sheet), ``cells`` the values in column order (str for CSV and pasted text;
    for XLSX also int, float, bool, datetime/date/time, None)."""

    number: int
    cells: tuple[Any, ...]

    def get(self, column: int) -> Any:
        """The value in ``column`` (0-based), None beyond the row's end."""
        return self.cells[column] if column < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """A sheet as read: ``header`` (the header row's texts, stripped), ``header_row`` (its
    spreadsheet row number), ``rows`` (the non-empty data rows below it), ``source`` (the
    file name or ``PASTED``), ``encoding`` (the text encoding used, None for XLSX),
    ``sheet`` (the worksheet read, None for text) and ``sheets`` (all worksheets)."""

    source: str
    header: tuple[str, ...]
    header_row: int
    rows: tuple[Row, ...]
    encoding: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


def _lines_of(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cell_text(value: Any) -> str:
    """A cell as text: stripped of blanks and byte-order marks, line breaks as ``\\n``; a whole
    float without ``.0``; a date cell as ``d/m/yyyy`` B.E.; '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        d = _cell_date(value)
        return f"{d.day}/{d.month}/{ce_to_be(d.year)}"
    if isinstance(value, dt.time):
        return value.isoformat()
    return _lines_of(str(value)).strip().strip("\ufeff").strip()  # a stray byte-order mark is no text


def _cell_date(value: dt.date) -> dt.date:
    """A date cell's C.E. date: a year over 2400 was a B.E. year typed into a C.E. calendar."""
    d = value.date() if isinstance(value, dt.datetime) else value
    if d.year > 2400:
        try:
            d = d.replace(year=d.year - 543)
        except ValueError:  # 29 February of a B.E. leap year that is no C.E. leap year
            d = d.replace(year=d.year - 543, day=28)
    return d


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding label): UTF-16 with a BOM, UTF-8 (BOM or not), else cp874."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        return data.decode("cp874"), "cp874 (TIS-620)"
    except UnicodeDecodeError as e:
        raise TabularError(f"{name}: อ่านข้อความไม่ได้ ไม่ใช่ UTF-8 หรือ cp874 (ไบต์ที่ {utf8_error.start + 1}) "
                           f"โปรดบันทึกเป็น CSV UTF-8 / cannot read the text: neither UTF-8 nor cp874 "
                           f"(byte {utf8_error.start + 1}); save it as CSV UTF-8") from e


def _delimiter(text: str, pasted: bool) -> str:
    """The cell separator. Pasted cells: tab (what spreadsheets copy) whenever the text has one.
    A file: of comma, semicolon and tab, those that read the first twenty records without a
    quoting error, the one that splits the first record (the header) into the most cells, then
    any of the twenty; comma first on a tie, as Excel writes CSV."""
    if pasted and "\t" in text:
        return "\t"
    best, score = ("\t" if pasted else ","), (1, 1)
    for d in (",", ";", "\t"):
        try:
            records = list(zip(range(20), csv.reader(io.StringIO(text, newline=""), delimiter=d, strict=True)))
        except csv.Error:
            continue
        counts = [len(r) for _i, r in records] or [0]
        if (counts[0], max(counts)) > score:
            best, score = d, (counts[0], max(counts))
    return best


def _csv_rows(text: str, name: str, pasted: bool) -> list[tuple[int, tuple[Any, ...]]]:
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # a cell may be longer than a page (ITA_DOMAIN.md); the default is 128 KB
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, pasted))
    out = []
    try:
        for n, cells in enumerate(reader, 1):
            out.append((n, tuple(cells)))
            if n > MAX_ROWS + _HEADER_SEARCH + 1000:
                break
    except csv.Error as e:
        raise TabularError(f"{name}: บรรทัด {reader.line_num}: อ่านไม่ได้ / line {reader.line_num}: "
                           f"cannot read it ({e})") from None
    return out


def read_text(text: str, source: str = PASTED, *, encoding: str | None = None) -> Table:
    """A table from text: pasted cells (``source`` ``PASTED``: tab-separated, as spreadsheets
    copy them) or a CSV/TSV file's text (``source`` its name; comma, semicolon or tab). Raises
    TabularError when there is no data or too many rows."""
    return _table(_csv_rows(text, source, source == PASTED), source, encoding=encoding)


def read_bytes(data: bytes, source: str) -> Table:
    """A table from a CSV/TSV file's bytes (UTF-16 with BOM, UTF-8, else cp874). Raises TabularError."""
    text, encoding = _decode(data, source)
    return read_text(text, source, encoding=encoding)


def read_file(path: Path | str, sheet: str | None = None) -> Table:
    """Read a spreadsheet (``.xlsx``/``.xlsm``: ``sheet``, else the active sheet) or a
    CSV/TSV/text file. Raises TabularError naming the file: missing, unreadable, too
    large, an old ``.xls``/``.ods`` file, not a spreadsheet, no header, too many rows."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise TabularError(f"{name}: เปิดไฟล์ชนิดนี้ไม่ได้ โปรดบันทึกเป็น .xlsx หรือ CSV UTF-8 / "
                           f"cannot open this kind of file; save it as .xlsx or CSV UTF-8")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TabularError(f"{name}: ไฟล์ใหญ่เกินไป ({size / 1e6:.0f} MB) / file too large ({size / 1e6:.0f} MB)")
        with open(path, "rb") as f:
            head = f.read(4)
            if suffix in (".xlsx", ".xlsm") or head == b"PK\x03\x04":
                return _read_xlsx(path, sheet)
            data = head + f.read()
    except FileNotFoundError:
        raise TabularError(f"ไม่พบไฟล์ {path} / file not found: {path}") from None
    except IsADirectoryError:
        raise TabularError(f"{name}: เป็นโฟลเดอร์ ไม่ใช่ไฟล์ / a folder, not a file") from None
    except OSError as e:
        raise TabularError(f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {e.strerror or e}") from None
    return read_bytes(data, name)


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import openpyxl  # ~0.2 s: loaded on the first spreadsheet only

    name = path.name
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not keep (data validation, conditional formats, an
        # unknown extension); reading the cell values does not need them
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # noqa: BLE001 (any parser failure on a damaged file is the file's fault)
            raise TabularError(f"{name}: ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ / not a readable Excel (.xlsx) file "
                               f"({type(e).__name__})") from None
        try:
            names = tuple(wb.sheetnames)
            if sheet is not None:
                if sheet not in names:
                    raise TabularError(f"{name}: ไม่มีแผ่นงาน “{sheet}” (มี: {', '.join(names)}) / "
                                       f"no sheet “{sheet}” (have: {', '.join(names)})")
                ws = wb[sheet]
            else:
                ws = wb.active if hasattr(wb.active, "iter_rows") else None
                ws = ws or next((w for w in wb.worksheets if hasattr(w, "iter_rows")), None)
                if ws is None:
                    raise TabularError(f"{name}: ไม่มีแผ่นงาน / no worksheet")
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a stale size (A1:XFD1048576) would pad every row to 16,384 cells
            rows = []
            for n, values in enumerate(ws.iter_rows(values_only=True), 1):
                rows.append((n, tuple(values)))
                if n > MAX_ROWS + _HEADER_SEARCH + 1000:
                    break
            title = ws.title
        except TabularError:
            raise
        except Exception as e:  # noqa: BLE001 (as above)
            raise TabularError(f"{name}: อ่านแผ่นงานไม่ได้ / cannot read the sheet ({type(e).__name__})") from None
        finally:
            wb.close()
    return _table(rows, name, sheet=title, sheets=names)


def _table(rows: list[tuple[int, tuple[Any, ...]]], source: str, *, encoding: str | None = None,
           sheet: str | None = None, sheets: tuple[str, ...] = ()) -> Table:
    def empty(cells) -> bool:
        return all(cell_text(c) == "" for c in cells)

    filled = [(n, cells) for n, cells in rows if not empty(cells)]
    if not filled:
        raise TabularError(f"{source}: ไม่มีข้อมูล / there is no data")
    at = 0  # the first row, unless title rows (one cell each) stand above a row of known headers
    for i, (_n, cells) in enumerate(filled[:_HEADER_SEARCH]):
        if _looks_like_header(cells):
            at = i
            break
        if sum(cell_text(c) != "" for c in cells) > 1:
            break
    header_row, header = filled[at]
    data = [Row(n, tuple(cells)) for n, cells in filled[at + 1:]]
    if len(data) > MAX_ROWS:
        raise TabularError(f"{source}: มีมากกว่า {MAX_ROWS:,} แถว / more than {MAX_ROWS:,} rows")
    return Table(source, tuple(cell_text(h) for h in header), header_row, tuple(data), encoding, sheet, sheets)


# -- headers ----------------------------------------------------------------------------------
_PUNCT = re.compile(r"[\s\u200b\u00a0\-_/\\.,:;()\[\]{}*#\"'“”‘’&+|?!%=<>]+")


def norm(text: str) -> str:
    """A header or a label as compared: Arabic digits, case-folded, without spaces and punctuation."""
    return _PUNCT.sub("", to_arabic_digits(text).casefold())


def _vocab(*names: str) -> frozenset[str]:
    return frozenset(norm(n) for n in names)


#: kind → field → the headers that mean it (compared with ``norm``).
HEADERS: dict[str, dict[str, frozenset[str]]] = {
    "measures": {
        "key": _vocab("key", "measure key", "short key", "id", "รหัส", "รหัสมาตรการ", "รหัสย่อ"),
        "issue": _vocab("issue", "issue it answers", "ประเด็น", "ประเด็นที่มาตรการนี้มุ่งแก้ไข", "ประเด็นที่ต้องแก้ไข",
                        "ประเด็นตัวชี้วัด", "ประเด็นที่ต้องพัฒนา"),
        "title": _vocab("title", "measure", "measure title", "มาตรการ", "ชื่อมาตรการ", "มาตรการ/แนวทาง",
                        "มาตรการ/โครงการ/กิจกรรม", "มาตรการ/กิจกรรม", "มาตรการ/โครงการ", "โครงการ/กิจกรรม", "โครงการ",
                        "กิจกรรม", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
        "steps": _vocab("steps", "method", "ขั้นตอน", "วิธีการ", "วิธีการดำเนินการ", "วิธีดำเนินการ", "ขั้นตอน/วิธีปฏิบัติ",
                        "ขั้นตอน/วิธีการปฏิบัติ", "ขั้นตอน/วิธีการดำเนินการ", "ขั้นตอนการดำเนินการ", "วิธีปฏิบัติ"),
        "responsible": _vocab("responsible", "ผู้รับผิดชอบ", "หน่วยงานผู้รับผิดชอบ", "ผู้รับผิดชอบ/หน่วยงาน"),
        "start": _vocab("start", "start date", "from", "from (day/month/year B.E.)", "เริ่ม", "วันเริ่ม", "วันเริ่มต้น",
                        "ตั้งแต่", "ตั้งแต่วันที่", "ตั้งแต่ (วัน/เดือน/ปี พ.ศ.)"),
        "end": _vocab("end", "end date", "to", "to (day/month/year B.E.)", "สิ้นสุด", "วันสิ้นสุด", "ถึง", "ถึงวันที่",
                      "ถึง (วัน/เดือน/ปี พ.ศ.)"),
        "period": _vocab("period", "period as printed", "ระยะเวลา", "ระยะเวลาดำเนินการ", "ระยะเวลาในการดำเนินการ",
                         "ระยะเวลาที่พิมพ์ในเอกสาร", "ช่วงเวลา"),
        "indicators": _vocab("indicators", "indicator", "ตัวชี้วัด", "ตัวชี้วัดที่เกี่ยวข้อง"),
        "items": _vocab("items", "item codes", "item", "ข้อคำถาม", "รหัสข้อคำถาม", "ข้อ ITA", "ข้อคำถาม ITA", "รหัสข้อ"),
    },
    "results": {
        "key": _vocab("key", "measure key", "short key", "id", "รหัส", "รหัสมาตรการ", "รหัสย่อ"),
        "title": _vocab("measure", "title", "measure title", "มาตรการ", "ชื่อมาตรการ", "มาตรการ/แนวทาง",
                        "มาตรการ/โครงการ/กิจกรรม", "มาตรการ/กิจกรรม", "มาตรการ/โครงการ", "โครงการ/กิจกรรม", "โครงการ",
                        "กิจกรรม"),
        "round": _vocab("round", "report round", "รอบ", "รอบรายงาน", "รอบการรายงาน", "รอบเดือน", "รอบ (เดือน)"),
        "done": _vocab("done", "what was done", "result", "results", "ผลการดำเนินการ", "สรุปผลการดำเนินการ",
                       "สรุปผลดำเนินการ", "รายละเอียดการดำเนินการ", "ผลการดำเนินการตามมาตรการหรือกิจกรรม",
                       "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", "ผลการดำเนินงาน"),
        "outcome": _vocab("outcome", "ผลลัพธ์", "ผลลัพธ์/ความสำเร็จ", "ความสำเร็จ", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
                          "ผลลัพธ์หรือความสำเร็จในการดำเนินการ", "ผลสัมฤทธิ์"),
        "suggestions": _vocab("suggestions", "problems and suggestions", "ข้อเสนอแนะ", "ปัญหาและข้อเสนอแนะ",
                              "ปัญหาอุปสรรคและข้อเสนอแนะ", "ปัญหา/อุปสรรค/ข้อเสนอแนะ", "ปัญหาอุปสรรค"),
        "evidence_urls": _vocab("evidence", "evidence urls", "evidence links", "evidence links (one per line)", "links",
                                "urls", "url", "หลักฐาน", "ลิงก์", "ลิงก์หลักฐาน", "หลักฐาน/ลิงก์", "ลิงก์หลักฐาน (บรรทัดละหนึ่งลิงก์)",
                                "หลักฐานเชิงประจักษ์"),
        "participants": _vocab("participants", "ผู้เข้าร่วม", "จำนวนผู้เข้าร่วม", "ผู้เข้าร่วม (คน)", "จำนวนผู้เข้าร่วม (คน)"),
        "target": _vocab("target", "target (people)", "target group", "กลุ่มเป้าหมาย", "เป้าหมาย", "จำนวนกลุ่มเป้าหมาย",
                         "กลุ่มเป้าหมาย (คน)"),
    },
}
_YEAR_HEADERS = _vocab("year", "fiscal year", "fiscal year (B.E.)", "fy", "ปี", "ปีงบประมาณ", "ปีงบประมาณ พ.ศ.", "พ.ศ.",
                       "ปี พ.ศ.", "ปีงบ")
_INDICATOR_HEADERS = _vocab("indicator", "indicators", "ตัวชี้วัด", "ตัวชี้วัดที่", "ประเด็นการประเมิน",
                            "ตัวชี้วัดการประเมิน")
_SCORE_HEADERS = _vocab("score", "scores", "คะแนน", "ผลคะแนน", "คะแนนที่ได้", "ค่าคะแนน")
_OVERALL = _vocab("overall", "overall score", "total", "ita", "คะแนนรวม", "ผลคะแนนรวม", "คะแนนภาพรวม", "ภาพรวม", "รวม",
                  "คะแนน ita", "ผลการประเมิน ita", "published overall score", "คะแนนรวมที่ประกาศ")
_LEVEL = _vocab("level", "ระดับ", "ระดับผลการประเมิน", "ผลการประเมิน", "ระดับคะแนน")
_INDICATOR_CELL = re.compile(r"(?:ตัวชี้วัดที่|ตัวชี้วัด|indicator|no)?([0-9]{1,2})(?![0-9])(.*)")
_YEAR_CELL = re.compile(r"(?:ปีงบประมาณ|ปีงบ|ปี|พศ|fy|year)*([0-9]{4})")


@lru_cache(maxsize=1)
def _indicator_names() -> dict[str, int]:
    """Normalised indicator name → number, from every year's framework (names vary a little)."""
    from ita_desktop.domain.framework import available_years, framework_for

    out = {norm("การปรับปรุงระบบการทำงาน"): 8}  # ITA_DOMAIN.md: indicator 8 is also written so
    for y in available_years():
        for no, ind in framework_for(y).indicators.items():
            out.setdefault(norm(ind.name), no)
    return out


def _score_label(text: str) -> tuple | None:
    """What a header of a rows-are-years sheet, or a cell of a rows-are-indicators sheet's
    indicator column, names: ("indicator", n), ("tool", "IIT"), ("overall",), ("level",), or None."""
    t = norm(text)
    if not t:
        return None
    m = _INDICATOR_CELL.fullmatch(t)
    if m and 1 <= int(m[1]) <= 10 and not re.match(r"[0-9]", m[2] or ""):
        return ("indicator", int(m[1]))
    if t in _indicator_names():
        return ("indicator", _indicator_names()[t])
    tools = [code for code in _TOOLS if code.casefold() in t]
    if len(tools) == 1:
        return ("tool", tools[0])
    if t in _OVERALL:
        return ("overall",)
    if t in _LEVEL:
        return ("level",)
    return None


def _year_of(text: str) -> int | None:
    """The year a header or cell names (``2568``, ``ปี 2568``, ``พ.ศ. ๒๕๖๘``), or None."""
    m = _YEAR_CELL.fullmatch(norm(text))
    return int(m[1]) if m else None


def _looks_like_header(cells: Iterable[Any]) -> bool:
    """True when at least two cells are headers some kind knows, one of them a word header
    (``มาตรการ``, ``ปีงบประมาณ``, ``IIT``, an indicator's name), not only numbered ones (a data
    row such as ``1 | 1@`` is no header, though ``1`` … ``10`` head indicator columns)."""
    n, words = 0, 0
    for c in cells:
        t = norm(cell_text(c))
        if not t:
            continue
        label = _score_label(t)
        word = (any(t in v for fields in HEADERS.values() for v in fields.values())
                or t in _YEAR_HEADERS or t in _INDICATOR_HEADERS or t in _SCORE_HEADERS
                or t in _indicator_names() or (label is not None and label[0] != "indicator"))
        if word or label is not None or (_year_of(t) or 0) > 2400:
            n += 1
            words += word
    return n >= 2 and words >= 1


def detect_kind(table: Table) -> str | None:
    """The kind a table's headers say (``scores``, ``results``, ``measures``), or None."""
    heads = [norm(h) for h in table.header]
    years = any(h in _YEAR_HEADERS for h in heads)
    labels = [_score_label(h) for h in heads]
    if years and any(lb and lb[0] in ("indicator", "tool", "overall") for lb in labels):
        return "scores"
    if any(h in _INDICATOR_HEADERS for h in heads) and (
            any(h in _SCORE_HEADERS for h in heads) or any((_year_of(h) or 0) > 2400 for h in heads)):
        return "scores"
    res = HEADERS["results"]
    if any(h in res[f] for h in heads for f in ("round", "done", "outcome", "suggestions", "evidence_urls",
                                                 "participants")):
        return "results"
    mea = HEADERS["measures"]
    if any(h in mea["title"] for h in heads) or sum(any(h in v for h in heads) for v in mea.values()) >= 2:
        return "measures"
    return None


# -- the plan ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportProblem:
    """Why a sheet cannot be imported as it is: spreadsheet ``row`` (None: the sheet as a
    whole), ``column`` (the header as written, None: the row as a whole), ``thai`` and
    ``english`` (what is wrong); ``message`` is ``"ไทย / English"``."""

    row: int | None
    column: str | None
    thai: str
    english: str

    @property
    def message(self) -> str:
        """``"<thai> / <english>"``."""
        return f"{self.thai} / {self.english}"

    def text_in(self, language: str) -> str:
        """The problem in one language (``"th"``: Thai, else English), where first:
        ``แถว 7 คอลัมน์ “มาตรการ”: …`` / ``row 7, column “มาตรการ”: …``."""
        if language == "th":
            where = [f"แถว {self.row}"] if self.row is not None else []
            where += [f"คอลัมน์ “{shorten(self.column, 40)}”"] if self.column is not None else []
            return f"{' '.join(where)}: {self.thai}" if where else self.thai
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column “{shorten(self.column, 40)}”"] if self.column is not None else []
        return f"{', '.join(where)}: {self.english}" if where else self.english

    def text(self) -> str:
        """Both languages: ``แถว 7 คอลัมน์ “มาตรการ”: … / row 7, column “มาตรการ”: …``."""
        return f"{self.text_in('th')} / {self.text_in('en')}"

    def __str__(self) -> str:
        return self.text()


#: What happened to a row: a new record, a changed one, one that is already so.
ADD, UPDATE, SAME = "add", "update", "same"


@dataclass
class ImportPlan:
    """What importing a table would do to one fiscal year.

    ``kind`` and ``year`` (B.E.); ``office`` and ``assessment``: the interchange
    office and assessment to save (``Store.save_year`` takes them as they are);
    ``problems``: every problem found, by row (empty: it may be saved); ``notes``:
    what is left out on purpose and does not stop the import (an earlier year's
    tool score, which the history has no place for); ``columns``: field → column
    index used; ``ignored``: headers of the columns not used; ``actions``:
    spreadsheet row → ``ADD``/``UPDATE``/``SAME``; ``table``: what was read.
    """

    kind: str
    year: int
    table: Table
    office: dict[str, Any]
    assessment: dict[str, Any]
    problems: list[ImportProblem] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)
    notes: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there is no problem: the plan may be saved."""
        return not self.problems

    def counts(self) -> dict[str, int]:
        """How many rows add, update, change nothing."""
        return {a: sum(1 for v in self.actions.values() if v == a) for a in (ADD, UPDATE, SAME)}

    def summary(self) -> str:
        """``เพิ่ม 2 แก้ไข 3 ไม่เปลี่ยน 1 / 2 added, 3 updated, 1 unchanged``."""
        return f"{self.summary_in('th')} / {self.summary_in('en')}"

    def summary_in(self, language: str) -> str:
        """The summary in one language (``"th"``: Thai, else English)."""
        c = self.counts()
        if language == "th":
            return f"เพิ่ม {c[ADD]} แก้ไข {c[UPDATE]} ไม่เปลี่ยน {c[SAME]}"
        return f"{c[ADD]} added, {c[UPDATE]} updated, {c[SAME]} unchanged"

    def problems_text(self) -> str:
        """Every problem, one per line (``ImportProblem.text``)."""
        return "\n".join(p.text() for p in self.problems)


class _Builder:
    """Collects problems and where each value of the new assessment came from."""

    def __init__(self, table: Table, kind: str):
        self.table = table
        self.kind = kind
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.origin: dict[tuple, tuple[int | None, str | None]] = {}
        self.actions: dict[int, str] = {}

    def problem(self, row: int | None, column: int | None, thai: str, english: str) -> None:
        head = self.table.header[column] if column is not None and column < len(self.table.header) else None
        self.problems.append(ImportProblem(row, head or (None if column is None else f"#{column + 1}"),
                                           thai, english))

    def note(self, row: int | None, column: int | None, thai: str, english: str) -> None:
        """A remark that does not stop the import (something left out on purpose)."""
        head = self.table.header[column] if column is not None and column < len(self.table.header) else None
        self.notes.append(ImportProblem(row, head, thai, english))

    def from_cell(self, path: tuple, row: int, column: int | None) -> None:
        head = self.table.header[column] if column is not None and column < len(self.table.header) else None
        self.origin[path] = (row, head)

    def read(self, row: Row, column: int, reader: Callable[[Any], Any]) -> Any:
        """``reader(cell)`` of one cell; None for an empty cell or a refused one (problem noted)."""
        value = row.get(column)
        if cell_text(value) == "":
            return None
        try:
            return reader(value)
        except ParseError as e:
            self.problem(row.number, column, e.thai, e.english)
        return None


# cell readers: a cell value (str, number, date…) → the stored value; ParseError when refused
def _text(value: Any) -> str:
    return parse.check_text(cell_text(value))


def _date(value: Any) -> str | None:
    if isinstance(value, (dt.datetime, dt.date)):
        return _cell_date(value).isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ParseError("กรอกวันที่เป็น วัน/เดือน/ปี เช่น 1/10/2567", "Write the date as day/month/year, e.g. 1/10/2567.")
    return parse.parse_date(_text(value))


def _int(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer() and abs(value) <= parse.MAX_INT:
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse.parse_int(str(value)) if value >= 0 else parse.parse_int("-")  # "-": refused as a negative
    return parse.parse_int(_text(value))


def _ints(value: Any) -> list[int]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse.parse_ints(_text(value))


def _codes(value: Any) -> list[str]:
    return parse.parse_codes(_text(value))


def _score(value: Any) -> float | None:
    """A score 0–100 (a number cell, or text with Arabic or Thai digits); None for ``-``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = _text(value)
        if text in ("-", "–", "—"):
            return None
    try:
        return float(check_score(text, "score"))
    except ScoreError:
        try:
            is_number = Decimal(to_arabic_digits(text)).is_finite()
        except ArithmeticError:
            is_number = False
        if is_number:
            raise ParseError("ต้องอยู่ระหว่าง 0 ถึง 100", "Must be from 0 to 100.") from None
        raise ParseError("ไม่ใช่ตัวเลข (เช่น 94.62)", "Not a number (e.g. 94.62).") from None


def _urls(value: Any) -> list[str]:
    out = []
    for part in _text(value).split():
        if not re.match(r"https?://", part):
            raise ParseError("“{url}” ไม่ใช่ลิงก์ (ต้องขึ้นต้นด้วย http:// หรือ https://)",
                             "“{url}” is not a link (it must start with http:// or https://).", url=shorten(part, 60))
        if part not in out:
            out.append(part)
    return out


def _round(value: Any) -> int:
    m = re.search(r"[0-9]+", to_arabic_digits(cell_text(value)))
    if not m or int(m[0]) not in _ROUNDS:
        raise ParseError("รอบรายงานต้องเป็น 6 หรือ 12 (เดือน)", "The round must be 6 or 12 (months).")
    return int(m[0])


def _year(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    y = _year_of(cell_text(value))
    if y is None:
        raise ParseError("ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568", "The fiscal year must be a B.E. year such as 2568.")
    if y < 2400:
        raise ParseError("ปี {year} เป็นปี ค.ศ. โปรดใช้ปี พ.ศ. ({be})", "{year} is a C.E. year; write the B.E. year ({be}).",
                         year=y, be=ce_to_be(y))
    return y


_MEASURE_READERS: dict[str, Callable[[Any], Any]] = {
    "key": _text, "issue": _text, "title": _text, "steps": _text, "responsible": _text, "start": _date,
    "end": _date, "period": _text, "indicators": _ints, "items": _codes}
_MEASURE_PATHS = {"key": ("key",), "issue": ("issue",), "title": ("title",), "steps": ("steps",),
                  "responsible": ("responsible",), "start": ("period", "start"), "end": ("period", "end"),
                  "period": ("period", "text"), "indicators": ("indicators",), "items": ("items",)}
_RESULT_READERS: dict[str, Callable[[Any], Any]] = {
    "key": _text, "title": _text, "round": _round, "done": _text, "outcome": _text, "suggestions": _text,
    "evidence_urls": _urls, "participants": _int, "target": _int}


def _columns(b: _Builder, vocab: dict[str, frozenset[str]]) -> tuple[dict[str, int], list[str]]:
    """field → column index for the headers ``vocab`` knows; the other headers; two columns
    for one field are a problem."""
    cols: dict[str, int] = {}
    ignored = []
    for i, h in enumerate(b.table.header):
        t = norm(h)
        f = next((f for f, names in vocab.items() if t in names), None)
        if f is None:
            if t:
                ignored.append(h)
            continue
        if f in cols:
            b.problem(b.table.header_row, i, f"มีสองคอลัมน์ที่หมายถึงช่องเดียวกัน (“{b.table.header[cols[f]]}”)",
                      f"two columns mean the same field (“{b.table.header[cols[f]]}”)")
            continue
        cols[f] = i
    return cols, ignored


def _same_title(text: str) -> str:
    return " ".join(text.split())


def _set(record: dict[str, Any], path: tuple, value: Any) -> bool:
    """Set ``record[path...]`` (creating dicts); True when that changed it."""
    node: Any = record
    for step in path[:-1]:
        node = node[step] if isinstance(node, list) else node.setdefault(step, {})
    if node.get(path[-1]) == value:
        return False
    node[path[-1]] = value
    return True


_SOME_OFFICE = {"name": "x", "type": "อบต.", "province": "x"}


def _check_alone(b: _Builder, row: Row, what: str, record: dict[str, Any], column_of: Callable[[tuple], int | None],
                 year: int) -> None:
    """The interchange rules (lengths, patterns, ranges) on one row's values by themselves, so that
    a row that cannot be taken (no title, an unknown measure) still has all its problems listed."""
    a = {"year": year, "scores": {}, "measures": [{"key": "x", "title": "x"}], what: [record]}
    for issue in issues({"format": "ita-desktop/1", "office": _SOME_OFFICE, "assessments": [a]}):
        if issue.path[:4] == ("assessments", 0, what, 0):
            b.problem(row.number, column_of(issue.path[4:]), issue.thai, issue.english)


def _plan_measures(b: _Builder, a: dict[str, Any], year: int) -> tuple[dict[str, int], list[str]]:
    from ita_desktop.domain.catalogue import free_key

    cols, ignored = _columns(b, HEADERS["measures"])
    if "title" not in cols and "key" not in cols:
        b.problem(b.table.header_row, None, "ไม่มีคอลัมน์ “มาตรการ” (ชื่อมาตรการ) หรือ “รหัส”",
                  "no column “title” (the measure) or “key”")
        return cols, ignored
    measures = a.setdefault("measures", [])
    by_key = {m.get("key"): i for i, m in enumerate(measures)}
    by_title: dict[str, int] = {}
    for i, m in enumerate(measures):
        by_title.setdefault(_same_title(str(m.get("title", ""))), i)
    seen: dict[Any, int] = {}
    touched: dict[int, int] = {}  # measure index → the row that set it
    fields_at = {path: f for f, path in _MEASURE_PATHS.items()}
    for row in b.table.rows:
        values = {f: b.read(row, c, _MEASURE_READERS[f]) for f, c in cols.items()}
        alone: dict[str, Any] = {"key": "x", "title": "x"}
        for f, v in values.items():
            if v is not None and v != []:
                _set(alone, _MEASURE_PATHS[f], v)
        _check_alone(b, row, "measures", alone,
                     lambda path: next((cols[fields_at[path[:n]]] for n in (2, 1) if path[:n] in fields_at), None),
                     year)
        key = values.get("key")
        title = values.get("title")
        if key is not None and key in seen:
            b.problem(row.number, cols["key"], f"รหัสมาตรการ “{shorten(key)}” ซ้ำกับแถว {seen[key]}",
                      f"measure key “{shorten(key)}” also in row {seen[key]}")
            continue
        if key is not None:
            seen[key] = row.number
        if key is not None and key in by_key:
            index = by_key[key]
        elif key is None and title is not None and _same_title(title) in by_title:
            index = by_title[_same_title(title)]
        else:
            index = None
        if index is not None and index in touched:
            b.problem(row.number, cols.get("key", cols.get("title")),
                      f"มาตรการเดียวกับแถว {touched[index]}", f"the same measure as row {touched[index]}")
            continue
        if index is None:
            if title is None:
                if all(v is None for v in values.values()) and not any(
                        p.row == row.number for p in b.problems):
                    continue  # nothing this sheet knows in the row (only ignored columns)
                if not any(p.row == row.number for p in b.problems):
                    b.problem(row.number, cols.get("title"), "มาตรการใหม่ต้องมีชื่อมาตรการ",
                              "a new measure needs a title")
                continue
            if key is None:
                key = free_key(f"M{len(measures) + 1}", by_key)
            measures.append({"key": key, "title": title})
            index = len(measures) - 1
            by_key[key] = index
            by_title.setdefault(_same_title(title), index)
            action = ADD
        else:
            action = SAME
        touched[index] = row.number
        m = measures[index]
        for f, v in values.items():
            if v is None or v == []:
                continue
            path = _MEASURE_PATHS[f]
            if _set(m, path, v) and action == SAME:
                action = UPDATE
            b.from_cell(("measures", index) + path, row.number, cols[f])
        b.origin.setdefault(("measures", index), (row.number, None))
        if action == ADD:
            b.from_cell(("measures", index, "key"), row.number, cols.get("key"))
        p = m.get("period") or {}
        if p.get("start") and p.get("end") and p["start"] > p["end"]:
            b.problem(row.number, cols.get("end", cols.get("start")), "วันสิ้นสุดอยู่ก่อนวันเริ่ม",
                      "the end date is before the start date")
        b.actions[row.number] = action
    return cols, ignored


def _plan_results(b: _Builder, a: dict[str, Any], year: int, round_: int | None) -> tuple[dict[str, int], list[str]]:
    cols, ignored = _columns(b, HEADERS["results"])
    if "title" not in cols and "key" not in cols:
        b.problem(b.table.header_row, None, "ไม่มีคอลัมน์ “รหัส” หรือ “มาตรการ” บอกว่าเป็นผลของมาตรการใด",
                  "no column “key” or “measure” saying which measure a result is of")
        return cols, ignored
    if "round" not in cols and round_ not in _ROUNDS:
        b.problem(b.table.header_row, None, "ไม่มีคอลัมน์ “รอบ” โปรดเลือกรอบรายงาน (6 หรือ 12 เดือน)",
                  "no column “round”: choose the report round (6 or 12 months)")
        return cols, ignored
    measures = a.get("measures", [])
    keys = {m.get("key") for m in measures}
    titles: dict[str, list[str]] = {}
    for m in measures:
        titles.setdefault(_same_title(str(m.get("title", ""))), []).append(m.get("key"))
    results = a.setdefault("results", [])
    index_of = {(r.get("measure"), r.get("round")): i for i, r in enumerate(results)}
    seen: dict[tuple, int] = {}
    for row in b.table.rows:
        values = {f: b.read(row, c, _RESULT_READERS[f]) for f, c in cols.items()}
        alone = {"measure": "x", "round": 6, **{f: v for f, v in values.items()
                                                if f not in ("key", "title", "round") and v not in (None, [])}}
        _check_alone(b, row, "results", alone, lambda path: cols.get(path[0]) if path else None, year)
        if any(p.row == row.number for p in b.problems):
            continue
        key, title = values.pop("key", None), values.pop("title", None)
        rnd = values.pop("round", None) or ("round" not in cols and round_) or None
        if key is None and title is None:
            if all(v in (None, []) for v in values.values()) and rnd is None:
                continue
            b.problem(row.number, cols.get("key", cols.get("title")), "ไม่ได้บอกว่าเป็นผลของมาตรการใด",
                      "which measure is this a result of? (the key or the title is empty)")
            continue
        if key is not None:
            if key not in keys:
                b.problem(row.number, cols["key"], f"ปี {year} ไม่มีมาตรการรหัส “{shorten(key)}” (นำเข้ามาตรการก่อน)",
                          f"fiscal year {year} has no measure with key “{shorten(key)}” (import the measures first)")
                continue
        else:
            found = titles.get(_same_title(title), [])
            if len(found) != 1:
                b.problem(row.number, cols["title"],
                          (f"ปี {year} ไม่มีมาตรการชื่อนี้ (นำเข้ามาตรการก่อน)" if not found else
                           "มีหลายมาตรการชื่อนี้ โปรดใส่คอลัมน์ “รหัส”"),
                          (f"fiscal year {year} has no measure with this title (import the measures first)"
                           if not found else "several measures have this title: add a “key” column"))
                continue
            key = found[0]
        if rnd is None:
            b.problem(row.number, cols.get("round"), "ไม่ได้ระบุรอบรายงาน (6 หรือ 12)", "the round (6 or 12) is empty")
            continue
        pair = (key, rnd)
        if pair in seen:
            b.problem(row.number, cols.get("key", cols.get("title")),
                      f"ผลรอบ {rnd} เดือนของมาตรการนี้ซ้ำกับแถว {seen[pair]}",
                      f"the {rnd}-month result of this measure is also in row {seen[pair]}")
            continue
        seen[pair] = row.number
        if pair in index_of:
            index, action = index_of[pair], SAME
        else:
            results.append({"measure": key, "round": rnd})
            index, action = len(results) - 1, ADD
            index_of[pair] = index
        r = results[index]
        for f, v in values.items():
            if v is None or v == []:
                continue
            if _set(r, (f,), v) and action == SAME:
                action = UPDATE
            b.from_cell(("results", index, f), row.number, cols[f])
        b.origin.setdefault(("results", index), (row.number, None))
        b.actions[row.number] = action
    return cols, ignored


def _plan_scores(b: _Builder, a: dict[str, Any], year: int) -> tuple[dict[str, int], list[str]]:
    t = b.table
    heads = [norm(h) for h in t.header]
    year_col = next((i for i, h in enumerate(heads) if h in _YEAR_HEADERS), None)
    cols: dict[str, int] = {}
    ignored: list[str] = []
    # cells[(row, column)] -> (year, label) of every score cell to take
    cells: list[tuple[Row, int, int, tuple]] = []
    if year_col is not None:  # rows = years
        cols["year"] = year_col
        labels: dict[int, tuple] = {}
        for i, h in enumerate(t.header):
            if i == year_col:
                continue
            lb = _score_label(h)
            if lb is None:
                if norm(h):
                    ignored.append(h)
                continue
            if lb in labels.values():
                b.problem(t.header_row, i, "มีสองคอลัมน์ที่หมายถึงช่องเดียวกัน", "two columns mean the same score")
                continue
            labels[i] = lb
            cols[":".join(map(str, lb))] = i
        year_rows: dict[int, int] = {}
        for row in t.rows:
            y = b.read(row, year_col, _year)
            if y is None:
                if not any(p.row == row.number for p in b.problems) and any(
                        cell_text(row.get(i)) for i in labels):
                    b.problem(row.number, year_col, "ไม่ได้ระบุปีงบประมาณ", "the fiscal year is empty")
                continue
            if y in year_rows:
                b.problem(row.number, year_col, f"ปีงบประมาณ {y} ซ้ำกับแถว {year_rows[y]}",
                          f"fiscal year {y} is also in row {year_rows[y]}")
                continue
            year_rows[y] = row.number
            cells += [(row, i, y, lb) for i, lb in labels.items()]
    else:  # rows = indicators
        ind_col = next((i for i, h in enumerate(heads) if h in _INDICATOR_HEADERS), None)
        value_cols: dict[int, int] = {}
        for i, h in enumerate(heads):
            if i == ind_col:
                continue
            if h in _SCORE_HEADERS:
                value_cols[i] = year
            elif (_year_of(h) or 0) > 0:
                y = _year_of(h)
                if y < 2400:
                    b.problem(t.header_row, i, f"ปี {y} เป็นปี ค.ศ. โปรดใช้ปี พ.ศ. ({ce_to_be(y)})",
                              f"{y} is a C.E. year; write the B.E. year ({ce_to_be(y)})")
                    continue
                value_cols[i] = y
            elif h:
                ignored.append(t.header[i])
        if ind_col is None or not value_cols:
            b.problem(t.header_row, None,
                      "ไม่พบคอลัมน์ “ปีงบประมาณ” (แถวละปี) หรือคอลัมน์ “ตัวชี้วัด” กับ “คะแนน” หรือปี พ.ศ. (แถวละตัวชี้วัด)",
                      "no column “year” (one row per year), nor “indicator” with “score” or year columns "
                      "(one row per indicator)")
            return cols, ignored
        cols["indicator"] = ind_col
        for i, y in value_cols.items():
            cols[f"year:{y}"] = i
        seen: dict[tuple, int] = {}
        for row in t.rows:
            label_text = cell_text(row.get(ind_col))
            lb = _score_label(label_text)
            if lb is None:
                if label_text and any(cell_text(row.get(i)) for i in value_cols):
                    b.problem(row.number, ind_col, f"“{shorten(label_text, 40)}” ไม่ใช่ตัวชี้วัด 1–10, IIT, EIT, OIT "
                                                   "หรือคะแนนรวม", f"“{shorten(label_text, 40)}” is not an indicator "
                                                                   "1–10, IIT, EIT, OIT or the overall score")
                continue
            if lb in seen:
                b.problem(row.number, ind_col, f"ซ้ำกับแถว {seen[lb]}", f"also in row {seen[lb]}")
                continue
            seen[lb] = row.number
            cells += [(row, i, y, lb) for i, y in value_cols.items()]
    # the values, year by year
    taken: dict[tuple, int] = {}
    history = a.setdefault("history", [])
    for row, col, y, lb in cells:
        value = b.read(row, col, _text if lb[0] == "level" else _score)
        if value is None:
            b.actions.setdefault(row.number, SAME)
            continue
        if (y, lb) in taken:
            b.problem(row.number, col, f"คะแนนนี้ของปี {y} ซ้ำกับแถว {taken[(y, lb)]}",
                      f"this {y} score is also in row {taken[(y, lb)]}")
            continue
        taken[(y, lb)] = row.number
        if y > year:
            b.problem(row.number, col, f"ปี {y} อยู่หลังปีงบประมาณ {year} ที่นำเข้า (เปิดปี {y} เพื่อนำเข้าคะแนนปีนั้น)",
                      f"{y} is after fiscal year {year} being imported into (open {y} to import its scores)")
            continue
        if y == year:
            if lb[0] == "level":
                continue  # the level is computed from the scores with the year's rules
            path = {"indicator": ("scores", str(lb[-1])), "tool": ("tool_scores", lb[-1]),
                    "overall": ("published_overall",)}[lb[0]]
        else:
            if lb[0] == "tool":
                b.note(row.number, col, f"ไม่ได้นำเข้าคะแนน {lb[1]} ของปี {y}: ประวัติคะแนนเก็บคะแนนตัวชี้วัด "
                                        "คะแนนรวม และระดับ", f"the {y} {lb[1]} score is not imported: the history "
                                                            "keeps the indicator scores, the overall score and the level")
                continue
            index = next((i for i, h in enumerate(history) if h.get("year") == y), None)
            if index is None:
                history.append({"year": y})
                index = len(history) - 1
                b.actions[row.number] = ADD
                b.from_cell(("history", index, "year"), row.number, cols.get("year", col))
            b.origin.setdefault(("history", index), (row.number, None))
            path = ("history", index) + {"indicator": ("scores", str(lb[-1])), "overall": ("overall",),
                                         "level": ("level",)}[lb[0]]
        changed = _set(a, path, value)
        b.from_cell(path, row.number, col)
        if changed and b.actions.get(row.number) != ADD:
            b.actions[row.number] = UPDATE
        else:
            b.actions.setdefault(row.number, SAME)
    if not history:
        a.pop("history")
    else:  # earlier years in order, as the Scores tab and the analysis show them
        before = list(history)
        history.sort(key=lambda h: h.get("year", 0))
        moved = {i: next(j for j, h in enumerate(history) if h is old) for i, old in enumerate(before)}
        origin = {}
        for path, where in b.origin.items():
            origin[("history", moved[path[1]]) + path[2:] if path[:1] == ("history",) else path] = where
        b.origin = origin
    return cols, ignored


def plan_import(table: Table, kind: str | None, base: dict[str, Any], year: int, *,
                round: int | None = None) -> ImportPlan:  # noqa: A002 (the domain's word)
    """What importing ``table`` as ``kind`` (``scores``/``measures``/``results``; None:
    ``detect_kind``) into fiscal year ``year`` (B.E.) would save.

    ``base``: ``{"office": <interchange office>, "assessment": <interchange
    assessment> | None}`` as ``Store.year_doc`` gives it (or a ``YearDocument``'s
    ``doc`` with the clerk's unsaved edits); None as the assessment starts a new year.
    ``round``: the report round (6/12) of a results sheet without a round column.
    ``base`` is not changed. Never raises for bad cells: every problem is in
    ``plan.problems``, with the row and the column (see the module docstring).
    """
    office = copy.deepcopy(base.get("office") or {})
    a = copy.deepcopy(base.get("assessment") or {"year": year, "scores": {}})
    a.setdefault("scores", {})
    b = _Builder(table, kind or "")
    kind = kind or detect_kind(table)
    if kind not in KINDS:
        b.problem(table.header_row, None, "ไม่รู้ว่าตารางนี้เป็นคะแนน มาตรการ หรือผลการดำเนินการ (หัวตารางไม่ตรง) "
                                          "โปรดเลือกชนิด", "cannot tell whether this table holds scores, measures or "
                                                            "results (the headers do not say): choose the kind")
        return ImportPlan(kind or "", year, table, office, a, b.problems)
    b.kind = kind
    if a.get("year") != year:
        b.problem(None, None, f"ข้อมูลที่ให้มาเป็นของปี {a.get('year')} ไม่ใช่ปี {year}",
                  f"the data given is fiscal year {a.get('year')}, not {year}")
        return ImportPlan(kind, year, table, office, a, b.problems)
    if kind == "measures":
        cols, ignored = _plan_measures(b, a, year)
    elif kind == "results":
        cols, ignored = _plan_results(b, a, year, round)
    else:
        cols, ignored = _plan_scores(b, a, year)
    for k in ("measures", "results"):
        if k in a and not a[k]:
            del a[k]
    plan = ImportPlan(kind, year, table, office, a, b.problems, cols, ignored, b.actions, b.notes)
    # the interchange rules last (lengths, patterns, ranges, references), on what the cells gave
    doc = {"format": "ita-desktop/1", "office": office, "assessments": [a]}
    for issue in issues(doc):
        path = issue.path[2:] if issue.path[:2] == ("assessments", 0) else None
        row, column = None, None
        if path is not None:
            for n in range(len(path), 0, -1):
                if path[:n] in b.origin:
                    row, column = b.origin[path[:n]]
                    break
        if row is None:
            problem = ImportProblem(None, None, f"ช่อง {issue.where}: {issue.thai}",
                                    f"field {issue.where}: {issue.english}")
        else:
            problem = ImportProblem(row, column, issue.thai, issue.english)
        if problem not in plan.problems:
            plan.problems.append(problem)
    order = {h: i for i, h in reversed(list(enumerate(table.header)))}
    plan.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
    return plan


def save_plan(store, office_id: int, plan: ImportPlan) -> None:
    """Save a plan without problems with ``Store.save_year`` (one transaction).

    Raises TabularError (with ``problems``) when the plan has problems, and what
    ``save_year`` raises (NotFound, StoreWriteError); nothing is written then.
    """
    if plan.problems:
        raise TabularError(f"{plan.table.source}: ไม่ได้นำเข้า มี {len(plan.problems)} ปัญหา / nothing imported, "
                           f"{len(plan.problems)} problems: {plan.problems[0].text()}", plan.problems)
    store.save_year(office_id, plan.office, plan.assessment)


def import_table_file(store, office_id: int, year: int, path: Path | str, kind: str | None = None, *,
                      round: int | None = None, sheet: str | None = None) -> ImportPlan:  # noqa: A002
    """Read a spreadsheet or CSV file and import it into one office's fiscal year (the
    ``ita-desktop import FILE --kind … --year …`` command): read, plan, save in one
    transaction. Returns the saved plan (``summary()`` says what changed).

    Raises TabularError (the file cannot be read, or ``problems`` lists every row
    problem: nothing is imported), NotFound, StoreWriteError.
    """
    from ita_desktop.store.repo import NotFound

    table = read_file(path, sheet)
    try:
        base = store.year_doc(office_id, year)
    except NotFound:
        base = {"office": store.year_doc(office_id, None)["office"], "assessment": None}
    plan = plan_import(table, kind, base, year, round=round)
    save_plan(store, office_id, plan)
    return plan
