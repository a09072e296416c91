"""The interchange format: one office's data as JSON (``resources/schema/office.schema.json``).

``import_file`` validates the whole file (JSON Schema, then the rules a
schema cannot say: unique years, measure and person references) before
writing anything, and writes in one transaction: all or nothing.
``export_file`` writes to a temporary file and renames it into place.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ita_desktop.resources import resource_path
from ita_desktop.store.repo import Store


class InterchangeError(ValueError):
    """A bad interchange file. The message names the file, the field and the problem (Thai and English)."""


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


def _where(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(ทั้งไฟล์ / whole file)"


def validate(doc: Any, source: str = "ข้อมูล") -> None:
    """Check an interchange document; raise InterchangeError on the first problem.

    The message has the form ``<source>: ช่อง <field path>: <Thai> / <English>``,
    e.g. ``demo.json: ช่อง assessments[0].scores.3: ค่ามากเกินไป / 120 is greater
    than the maximum of 100``.
    """
    import jsonschema  # ~0.1 s: loaded on the first check, not at every start

    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(doc), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        e = errors[0]
        thai = _THAI.get(e.validator, "ข้อมูลไม่ถูกต้อง")
        raise InterchangeError(f"{source}: ช่อง {_where(e.absolute_path)}: {thai} / {e.message}")
    years = [a["year"] for a in doc["assessments"]]
    dup = {y for y in years if years.count(y) > 1}
    if dup:
        raise InterchangeError(f"{source}: ช่อง assessments: ปีงบประมาณซ้ำ {sorted(dup)} / "
                               f"fiscal year given twice: {sorted(dup)}")
    people = {p["key"] for p in doc["office"].get("people", [])}
    for i, a in enumerate(doc["assessments"]):
        keys = [m["key"] for m in a.get("measures", [])]
        for j, k in enumerate(keys):
            if keys.index(k) != j:
                raise InterchangeError(f"{source}: ช่อง assessments[{i}].measures[{j}].key: รหัสมาตรการซ้ำ “{k}” / "
                                       f"duplicate measure key “{k}”")
        rounds = set()
        for j, r in enumerate(a.get("results", [])):
            if r["measure"] not in keys:
                raise InterchangeError(f"{source}: ช่อง assessments[{i}].results[{j}].measure: ไม่มีมาตรการ "
                                       f"“{r['measure']}” / no measure “{r['measure']}”")
            if (r["measure"], r["round"]) in rounds:
                raise InterchangeError(f"{source}: ช่อง assessments[{i}].results[{j}]: ผลรอบ {r['round']} เดือน "
                                       f"ของมาตรการนี้ซ้ำ / result for this measure and round given twice")
            rounds.add((r["measure"], r["round"]))
        for j, m in enumerate(a.get("memos", [])):
            refs = [("signer", m.get("signer"))] + [(f"approvals[{k}].person", p["person"])
                                                     for k, p in enumerate(m.get("approvals", []))]
            for field, key in refs:
                if key is not None and key not in people:
                    raise InterchangeError(f"{source}: ช่อง assessments[{i}].memos[{j}].{field}: ไม่มีบุคคล “{key}” "
                                           f"ใน office.people / no person “{key}” in office.people")


def load_file(path: Path | str) -> dict[str, Any]:
    """Read and validate an interchange file. Raises InterchangeError (never a traceback for bad input)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InterchangeError(f"ไม่พบไฟล์ {path} / file not found: {path}") from None
    except UnicodeDecodeError:
        raise InterchangeError(f"{path.name}: ไม่ใช่ข้อความ UTF-8 / not UTF-8 text") from None
    except OSError as e:
        raise InterchangeError(f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {e.strerror}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InterchangeError(f"{path.name}: บรรทัด {e.lineno} คอลัมน์ {e.colno}: ไม่ใช่ JSON ที่ถูกต้อง / "
                               f"line {e.lineno} column {e.colno}: invalid JSON ({e.msg})") from None
    validate(doc, path.name)
    return doc


def import_file(store: Store, path: Path | str) -> int:
    """Validate and import one interchange file atomically; return the office id."""
    return store.import_doc(load_file(path))


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
