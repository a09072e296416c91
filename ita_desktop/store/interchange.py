"""The interchange format: one office's data as JSON (``resources/schema/office.schema.json``).

``import_file`` validates the whole file before writing anything — JSON
Schema, then the rules a schema cannot say: unique fiscal years, measure
keys, person keys and history years, measure and person references, no
control characters in text (``domain.parse.check_text``: NUL and the other
C0/C1 controls but tab, line feed and carriage return, lone surrogates,
U+FFFE/U+FFFF), finite numbers that fit SQLite's 64-bit integers, no key
given twice in one JSON object — and writes in one transaction: all or
nothing. Every refusal is an ``InterchangeError`` whose message names the
file and the place as a path in the document
(``assessments[0].measures[3].title``); ``InterchangeError.issues`` lists
every problem found, not only the first. ``export_file`` writes to a
temporary file and renames it into place.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita_desktop.domain.parse import ParseError, check_text, shorten
from ita_desktop.resources import resource_path
from ita_desktop.store.repo import Store

#: Largest integer SQLite stores (64-bit signed).
_SQLITE_INT_MAX = 2 ** 63 - 1


@dataclass(frozen=True)
class Issue:
    """One problem of an interchange document.

    ``path``: where, as keys and list indexes from the document's root
    (``("assessments", 0, "measures", 3, "title")``; ``()`` the whole
    document); ``thai``/``english``: what is wrong.
    """

    path: tuple[str | int, ...]
    thai: str
    english: str

    @property
    def where(self) -> str:
        """The path written ``assessments[0].measures[3].title``."""
        return _where(self.path)

    def message(self, source: str = "ข้อมูล") -> str:
        """``<source>: ช่อง <where>: <Thai> / <English>``."""
        return f"{source}: ช่อง {self.where}: {self.thai} / {self.english}"


class InterchangeError(ValueError):
    """A bad interchange file. The message names the file, the field and the problem (Thai and English).

    ``issues``: every problem found (``Issue``), the first of which the message
    gives (with how many more there are); empty when the file could not be
    read at all.
    """

    def __init__(self, message: str, issues: list[Issue] | None = None):
        super().__init__(message)
        self.issues = list(issues or [])


_THAI = {
    "required": "ขาดช่องที่ต้องมี",
    "type": "ชนิดข้อมูลไม่ถูกต้อง",
    "maximum": "ค่ามากเกินไป",
    "minimum": "ค่าน้อยเกินไป",
    "enum": "ค่าไม่อยู่ในรายการที่ใช้ได้",
    "const": "ค่าไม่ถูกต้อง",
    "pattern": "รูปแบบไม่ถูกต้อง",
    "format": "รูปแบบไม่ถูกต้อง",
    "additionalProperties": "มีช่องที่ไม่รู้จัก",
    "propertyNames": "ชื่อช่องไม่ถูกต้อง",
    "minLength": "ข้อความว่างหรือสั้นเกินไป",
    "maxLength": "ข้อความยาวเกินไป",
    "uniqueItems": "มีรายการซ้ำ",
}


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The interchange JSON Schema (draft 2020-12), parsed."""
    return json.loads(resource_path("schema", "office.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # ~0.1 s: loaded on the first check, not at every start

    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def _where(path) -> str:
    out = ""
    for p in path:
        p = p if isinstance(p, int) else shorten(str(p), 40)
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out or "(ทั้งไฟล์ / whole file)"


def _english(e) -> str:
    """jsonschema's message for ``e``, without quoting a long value whole (a 1 MB text)."""
    if e.validator == "maxLength" and isinstance(e.instance, str):
        return f"{len(e.instance):,} characters, more than the {e.validator_value:,} allowed"
    msg = e.message
    if len(msg) > 300:
        msg = msg.replace(repr(e.instance), repr(shorten(str(e.instance)))) if not isinstance(
            e.instance, (dict, list)) else msg
        msg = shorten(msg, 300)
    return msg


def _schema_issues(doc: Any) -> list[Issue]:
    errors = sorted(_validator().iter_errors(doc),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    return [Issue(tuple(e.absolute_path), _THAI.get(e.validator, "ข้อมูลไม่ถูกต้อง"), _english(e)) for e in errors]


class _DuplicateKeys(dict):
    """A JSON object that gave a key twice (``json.loads`` would keep the last silently)."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    dup = []
    for k, v in pairs:
        if k in d and k not in dup:
            dup.append(k)
        d[k] = v
    if dup:
        d = _DuplicateKeys(d)
        d.duplicates = dup
    return d


def _value_issues(doc: Any) -> list[Issue]:
    """What no schema says: control characters in text and keys, NaN and infinities, integers
    SQLite cannot hold, keys given twice in one object. Walks without recursion."""
    out = []
    stack: list[tuple[tuple, Any]] = [((), doc)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, str):
            try:
                check_text(v)
            except ParseError as e:
                out.append(Issue(path, e.thai, e.english))
        elif isinstance(v, dict):
            if isinstance(v, _DuplicateKeys):
                for k in v.duplicates:
                    out.append(Issue(path, f"ช่อง “{shorten(k)}” ซ้ำในวัตถุเดียวกัน (จะเหลือค่าเดียว)",
                                     f"key “{shorten(k)}” given twice in one object (only one value would be kept)"))
            for k, x in v.items():
                if isinstance(k, str):
                    try:
                        check_text(k)
                    except ParseError as e:
                        out.append(Issue(path, f"ชื่อช่อง “{shorten(k)}”: {e.thai}",
                                         f"key “{shorten(k)}”: {e.english}"))
                stack.append((path + (k,), x))
        elif isinstance(v, (list, tuple)):
            stack.extend((path + (i,), x) for i, x in enumerate(v))
        elif isinstance(v, float) and not math.isfinite(v):
            out.append(Issue(path, "ไม่ใช่ตัวเลขที่ใช้ได้ (NaN หรืออนันต์)", "not a usable number (NaN or infinity)"))
        elif isinstance(v, int) and not isinstance(v, bool) and abs(v) > _SQLITE_INT_MAX:
            out.append(Issue(path, "ตัวเลขใหญ่เกินไป", f"number too large ({shorten(str(v), 30)})"))
    return out


def _rule_issues(doc: dict[str, Any]) -> list[Issue]:
    """The cross-references and unique keys of a document the schema accepted."""
    out = []
    years = [a["year"] for a in doc["assessments"]]
    for i, y in enumerate(years):
        if years.index(y) != i:
            out.append(Issue(("assessments", i, "year"), f"ปีงบประมาณ {y} ซ้ำ", f"fiscal year {y} given twice"))
    people_list = doc["office"].get("people", [])
    people = [p["key"] for p in people_list]
    for j, k in enumerate(people):
        if people.index(k) != j:
            out.append(Issue(("office", "people", j, "key"), f"รหัสบุคคลซ้ำ “{shorten(k)}”",
                             f"duplicate person key “{shorten(k)}”"))
    for i, a in enumerate(doc["assessments"]):
        at = ("assessments", i)
        keys = [m["key"] for m in a.get("measures", [])]
        for j, k in enumerate(keys):
            if keys.index(k) != j:
                out.append(Issue(at + ("measures", j, "key"), f"รหัสมาตรการซ้ำ “{shorten(k)}”",
                                 f"duplicate measure key “{shorten(k)}”"))
        hist = [h["year"] for h in a.get("history", [])]
        for j, y in enumerate(hist):
            if hist.index(y) != j:
                out.append(Issue(at + ("history", j, "year"), f"ปี {y} ในประวัติคะแนนซ้ำ",
                                 f"history year {y} given twice"))
        rounds = set()
        for j, r in enumerate(a.get("results", [])):
            if r["measure"] not in keys:
                out.append(Issue(at + ("results", j, "measure"), f"ไม่มีมาตรการ “{shorten(r['measure'])}”",
                                 f"no measure “{shorten(r['measure'])}”"))
            elif (r["measure"], r["round"]) in rounds:
                out.append(Issue(at + ("results", j), f"ผลรอบ {r['round']} เดือนของมาตรการนี้ซ้ำ",
                                 "result for this measure and round given twice"))
            rounds.add((r["measure"], r["round"]))
        for j, m in enumerate(a.get("memos", [])):
            refs = [(("signer",), m.get("signer"))] + [(("approvals", k, "person"), p["person"])
                                                      for k, p in enumerate(m.get("approvals", []))]
            for field, key in refs:
                if key is not None and key not in people:
                    out.append(Issue(at + ("memos", j) + field, f"ไม่มีบุคคล “{shorten(key)}” ใน office.people",
                                     f"no person “{shorten(key)}” in office.people"))
    return out


def issues(doc: Any) -> list[Issue]:
    """Every problem of an interchange document (empty: it may be imported).

    The schema's findings and the value rules (characters, numbers, keys
    given twice) come first, by path; the cross-reference rules (unique
    years, keys, references) are checked once the schema accepts the
    document.
    """
    found = _schema_issues(doc)
    found += sorted(_value_issues(doc), key=lambda i: (len(i.path), list(map(str, i.path))))
    if not found:
        found = _rule_issues(doc)
    return found


def validate(doc: Any, source: str = "ข้อมูล") -> None:
    """Check an interchange document; raise InterchangeError when it has any problem.

    The message gives the first problem in the form ``<source>: ช่อง <field
    path>: <Thai> / <English>``, e.g. ``demo.json: ช่อง
    assessments[0].scores.3: ค่ามากเกินไป / 120 is greater than the maximum
    of 100``, followed by how many more there are; ``error.issues`` has them all.
    """
    found = issues(doc)
    if found:
        more = len(found) - 1
        tail = f" (และอีก {more} ปัญหา / and {more} more)" if more else ""
        raise InterchangeError(found[0].message(source) + tail, found)


def parse_json(text: str, source: str = "ข้อมูล") -> Any:
    """Parse JSON text as the interchange reader does (not yet validated).

    A key given twice in one object is kept for ``validate`` to refuse;
    ``NaN`` and ``Infinity`` parse to floats that ``validate`` refuses.
    Raises InterchangeError naming the line and column of a syntax error.
    """
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise InterchangeError(f"{source}: บรรทัด {e.lineno} คอลัมน์ {e.colno}: ไม่ใช่ JSON ที่ถูกต้อง / "
                               f"line {e.lineno} column {e.colno}: invalid JSON ({e.msg})") from None
    except RecursionError:
        raise InterchangeError(f"{source}: ข้อมูลซ้อนกันลึกเกินไป / the data is nested too deeply") from None


def load_file(path: Path | str) -> dict[str, Any]:
    """Read and validate an interchange file (UTF-8, with or without BOM).

    Raises InterchangeError (never a traceback for bad input): file missing
    or unreadable, not UTF-8, not JSON, or any problem ``validate`` finds.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InterchangeError(f"ไม่พบไฟล์ {path} / file not found: {path}") from None
    except UnicodeDecodeError:
        raise InterchangeError(f"{path.name}: ไม่ใช่ข้อความ UTF-8 / not UTF-8 text") from None
    except OSError as e:
        raise InterchangeError(f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {e.strerror}") from None
    doc = parse_json(text, path.name)
    validate(doc, path.name)
    return doc


def import_document(store: Store, doc: Any, source: str = "ข้อมูล") -> int:
    """Validate an interchange document and write it with ``Store.import_doc`` (one
    transaction: the office matched by its full name, each fiscal year in the document
    replacing the stored one); return the office id.

    Raises InterchangeError (nothing is written) for any problem ``validate`` finds,
    and for a value the database still refuses; ``StoreWriteError`` passes through.
    """
    validate(doc, source)
    try:
        return store.import_doc(doc)
    except (sqlite3.IntegrityError, OverflowError, UnicodeEncodeError) as e:  # rolled back by the transaction
        raise InterchangeError(f"{source}: ฐานข้อมูลไม่รับข้อมูลนี้ ไม่ได้นำเข้าสิ่งใด / "
                               f"the database refused the data; nothing was imported ({e})") from e


def import_file(store: Store, path: Path | str) -> int:
    """Validate and import one interchange file atomically; return the office id.

    Raises InterchangeError naming the file and the place; nothing is written then.
    """
    path = Path(path)
    return import_document(store, load_file(path), path.name)


def write_json_atomic(path: Path | str, doc: Any) -> None:
    """Write JSON (UTF-8, Thai kept readable) to a temporary file, then rename it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_file(store: Store, office_id: int, path: Path | str) -> dict[str, Any]:
    """Export an office to an interchange file (validated before it is written); return the document."""
    doc = store.office_doc(office_id)
    validate(doc, "export")
    write_json_atomic(path, doc)
    return doc
