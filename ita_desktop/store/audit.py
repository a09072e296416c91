"""The audit trail: every change to an office's data, append-only and hash-chained.

Every mutating ``Store`` method (``import_doc``, ``create_office``,
``save_year``, ``delete_year``, ``set_score``, ``set_report_columns``) appends
rows to the ``audit_log`` table (schema version 4) in the same transaction as
the change: a change that rolls back leaves no record, and a record never
exists without its change. One row per changed field, saying who (the
operating-system user and the person selected in the app), when (ISO-8601,
UTC), which office and fiscal year, what (``path``) and the value before and
after (JSON).

Paths (``path`` column)
-----------------------
A path names one value of the interchange document
(``resources/schema/office.schema.json``), stable across reordering:

* ``office.<field>`` and ``assessment.<field>``; nested objects with dots
  (``assessment.scores.3``, ``assessment.tool_scores.IIT``,
  ``assessment.measures[M1].period.start``);
* records of keyed lists by their key in brackets: ``office.people[<key>]``,
  ``assessment.measures[<key>]``, ``assessment.history[<year>]``,
  ``assessment.results[<measure key>/<round>]``;
* records of the other lists by their 0-based position:
  ``assessment.findings[2].weak_point``, ``assessment.limitations[0]``,
  ``assessment.next_year_plan[1]``, ``assessment.memos[0].sections[1]``,
  ``assessment.memos[0].approvals[0].person``;
* a ``]`` or ``\\`` inside a key is written ``\\]`` / ``\\\\``.

Lists of plain values (``office.departments``, a measure's ``indicators``) and
``office.report_columns`` are one value each. A record added is one row with
``old`` null and the whole record as ``new``; a record removed the reverse;
a record changed is one row per changed field (a field added: ``old`` null;
removed: ``new`` null). Renaming a person's or a measure's key (the record
otherwise mostly the same: at least half of its other fields equal) is a
change of ``…[<new>].key``
(and of ``assessment.results[<new>/<round>].measure``), not a removal and an
addition; ``history`` follows such renames back. A change of the order of the
people or the measures is one row at the list's own path, ``old``/``new``
being the keys in order. Positional records are aligned with difflib, so
deleting finding 0 of 5 is one removal, not five changes. Images (data URLs
longer than 256 characters) are recorded as a fingerprint,
``data:image/png;sha256=<hex>;bytes=<length of the data URL>``, not the image.

``action``: ``create`` (a new office), ``edit`` (a save from the window),
``new-year`` (the rows of a fiscal year a save created), ``import``,
``delete-year`` (one row at path ``assessment``, the whole year as ``old``),
``score`` (one indicator score), ``columns`` (the report's columns).
Changes to the office profile have ``year`` null; an import, a save or the
wizard that changes nothing records nothing.

The hash chain
--------------
Rows have consecutive ids from 1. Row ``n`` stores ``prev_hash`` = the hash
of row ``n - 1`` (for row 1, :data:`GENESIS`, 64 zeros) and ``hash`` =
``sha256(prev_hash + canonical)`` as lower-case hex, where the bytes hashed
are the UTF-8 encoding of ``prev_hash`` (64 ASCII hex digits) immediately
followed by ``canonical``:

    canonical = JSON array of the row's columns, as stored, in this order:
        [id, at, os_user, app_person, office_id, office_name, year, action, path, old, new]
    written like Python's json.dumps(..., ensure_ascii=False, separators=(",", ":")):
    integers in decimal, SQL NULL as null, text as a JSON string (non-ASCII
    characters as themselves; ", \\ and the control characters below U+0020
    escaped, the latter as \\n \\r \\t \\b \\f or \\u00XX with lower-case hex),
    no spaces. ``old`` and ``new`` enter as the stored *text* (itself JSON:
    ``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))``),
    i.e. as a JSON string inside the array.

Example: row 1 ``[1,"2025-01-02T03:04:05.000+00:00","somchai","นายสมชาย",1,
"องค์การบริหารส่วนตำบลห้วยเตย",2568,"edit","assessment.scores.3","70.0","80.0"]``.

Triggers make the table append-only from SQL: UPDATE and DELETE are
refused, and an INSERT whose id is not the next one or whose prev_hash is
not the last row's hash is refused too.

What the chain proves, and what it does not
-------------------------------------------
``verify`` detects a row edited in place (hash mismatch), a hash edited
(mismatch), a row deleted in the middle (a gap in the ids and a broken link),
rows swapped or reordered, and a row inserted with a wrong ``prev_hash`` -
all of which need the triggers dropped first, i.e. deliberate tampering with
a database tool. It cannot detect, by itself: (1) rows cut from the end (the
remaining chain is valid), (2) someone who drops the triggers and rewrites a
row *and every later hash* - there is no secret in the hash, anyone can
recompute it, (3) the whole table dropped and rebuilt, (4) changes made to
the data tables with SQL directly, bypassing the program (they leave no row;
the next save from the program records the difference from the state it
reads then, so the data's current values are still right, but not who
changed them). Against (1)-(3) keep an outside *anchor*: :func:`head` gives
``<count>:<hash>`` (the CLI prints it; write it on the printed pack, keep it
in an e-mail); ``verify(db, anchor)`` then checks that row ``count`` still
has that hash, which covers every row up to it (``verify_report`` gives
the command line's text and exit code). Nothing here writes the anchor
anywhere by itself; a restored backup brings back its own, shorter chain,
which only an anchor taken later shows.

Databases from before schema 4 have no history of what was there: the first
change of each field after the upgrade records the value it had.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import sqlite_utils

#: ``prev_hash`` of the first row.
GENESIS = "0" * 64

#: The ``audit_log`` columns that enter the hash, in order (``prev_hash`` goes first, ``hash`` is the result).
HASHED_COLUMNS = ("id", "at", "os_user", "app_person", "office_id", "office_name", "year", "action", "path",
                  "old", "new")

ACTIONS = ("create", "edit", "new-year", "import", "delete-year", "score", "columns")

_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()

#: Keyed lists: shape path → how a record's key is written.
_KEYED: dict[str, Callable[[dict], str]] = {
    "office.people": lambda r: str(r.get("key")),
    "assessment.measures": lambda r: str(r.get("key")),
    "assessment.history": lambda r: str(r.get("year")),
    "assessment.results": lambda r: f"{r.get('measure')}/{r.get('round')}",
}
#: Keyed lists whose key the clerk can rename and whose order is the clerk's (recorded).
_RENAMABLE = {"office.people": "key", "assessment.measures": "key"}
#: Values recorded whole even though they are lists of objects.
_WHOLE = {"office.report_columns"}
_IMAGE_MIN = 256


# -- values ---------------------------------------------------------------------------------
def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loggable(value: Any) -> Any:
    """``value`` with every data URL longer than 256 characters replaced by its fingerprint
    ``data:<mime>;sha256=<hex of the data URL's UTF-8 bytes>;bytes=<its length>`` (dicts and lists: recursively)."""
    if isinstance(value, str):
        if len(value) > _IMAGE_MIN and value.startswith("data:"):
            mime = value[5:value.find(";")] if ";" in value[:100] else ""
            raw = value.encode("utf-8")
            return f"data:{mime};sha256={hashlib.sha256(raw).hexdigest()};bytes={len(raw)}"
        return value
    if isinstance(value, dict):
        return {k: loggable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [loggable(v) for v in value]
    return value


def _key_text(key: Any) -> str:
    return str(key).replace("\\", "\\\\").replace("]", "\\]")


_BRACKETS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


def shape_of(path: str) -> str:
    """``path`` without its bracketed keys/positions: ``assessment.measures[M1].title`` → ``assessment.measures.title``."""
    return _BRACKETS.sub("", path)


# -- diff ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One changed value: ``path`` (see the module docstring), ``old`` and ``new`` (None: absent)."""

    path: str
    old: Any
    new: Any


def changes(old: dict[str, Any] | None, new: dict[str, Any] | None, root: str) -> list[Change]:
    """The field-level differences between two versions of an interchange ``office`` object
    (``root`` "office") or ``assessment`` (``root`` "assessment"), as ``Change`` rows.

    None stands for "not there": against None every top-level field and every
    record of a list is one addition (or removal). Values are compared as
    they are (give both sides as read back from the database, so that
    normalisation is not a change); images are not fingerprinted here
    (``loggable`` does that when the rows are written).
    """
    d = _Differ()
    old, new = old or {}, new or {}
    if root == "assessment":
        d.renames["assessment.measures"] = _renames(old.get("measures"), new.get("measures"),
                                                    _KEYED["assessment.measures"], "key")
    d.diff(old, new, root, root)
    return d.out


def _renames(old: Any, new: Any, key: Callable[[dict], str], key_field: str) -> dict[str, str]:
    """Old key → new key for the records of a renamable keyed list that lost their key while a
    record that is mostly the same (at least half of its other fields equal) gained a new one."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return {}
    ok = {key(r): r for r in old if isinstance(r, dict)}
    nk = {key(r): r for r in new if isinstance(r, dict)}
    removed = [k for k in ok if k not in nk]
    out: dict[str, str] = {}
    for kb, b in nk.items():
        if kb in ok or not removed:
            continue
        best, best_same = None, -1
        for ka in removed:
            a = ok[ka]
            fields = (set(a) | set(b)) - {key_field}
            same = sum(a.get(f, _MISSING) == b.get(f, _MISSING) for f in fields)
            if same >= len(fields) - same and same > best_same:
                best, best_same = ka, same
        if best is not None:
            out[best] = kb
            removed.remove(best)
    return out


class _Differ:
    def __init__(self) -> None:
        self.out: list[Change] = []
        self.renames: dict[str, dict[str, str]] = {}

    def add(self, path: str, old: Any, new: Any) -> None:
        self.out.append(Change(path, None if old is _MISSING else old, None if new is _MISSING else new))

    def diff(self, old: Any, new: Any, path: str, shape: str) -> None:
        if old == new:
            return
        if shape in _WHOLE:
            self.add(path, old, new)
        elif isinstance(old, dict) or isinstance(new, dict):
            if not (isinstance(old, (dict, type(_MISSING))) and isinstance(new, (dict, type(_MISSING)))):
                self.add(path, old, new)
                return
            o = {} if old is _MISSING else old
            n = {} if new is _MISSING else new
            for k in list(o) + [k for k in n if k not in o]:
                self.diff(o.get(k, _MISSING), n.get(k, _MISSING), f"{path}.{k}", f"{shape}.{k}")
        elif isinstance(old, list) or isinstance(new, list):
            o = [] if old is _MISSING else old
            n = [] if new is _MISSING else new
            if not (isinstance(o, list) and isinstance(n, list)):
                self.add(path, old, new)
            elif shape in _KEYED and self._keyed(o, n, path, shape):
                pass
            elif any(isinstance(x, dict) for x in o + n):
                self._positional(o, n, path, shape)
            else:
                self.add(path, old, new)
        else:
            self.add(path, old, new)

    def _keyed(self, old: list, new: list, path: str, shape: str) -> bool:
        """Diff records by key; False (nothing done) when the keys are not unique."""
        key = _KEYED[shape]
        if not all(isinstance(r, dict) for r in old + new):
            return False
        ok, nk = [key(r) for r in old], [key(r) for r in new]
        if len(set(ok)) != len(ok) or len(set(nk)) != len(nk):
            return False
        if shape in _RENAMABLE:
            renames = self.renames.get(shape) or _renames(old, new, key, _RENAMABLE[shape])
        elif shape == "assessment.results":
            m = self.renames.get("assessment.measures", {})
            renames = {}
            for r in old:
                if r.get("measure") in m:
                    renames[key(r)] = f"{m[r['measure']]}/{r.get('round')}"
        else:
            renames = {}
        new_of = {k: renames.get(k, k) for k in ok}
        omap = {new_of[k]: r for k, r in zip(ok, old)}
        nmap = dict(zip(nk, new))
        for k, r in zip(ok, old):
            if new_of[k] not in nmap:
                self.add(f"{path}[{_key_text(k)}]", r, _MISSING)
        for k, r in zip(nk, new):
            if k in omap:
                self.diff(omap[k], r, f"{path}[{_key_text(k)}]", shape)
            else:
                self.add(f"{path}[{_key_text(k)}]", _MISSING, r)
        if shape in _RENAMABLE:
            before = [new_of[k] for k in ok if new_of[k] in nmap]
            after = [k for k in nk if k in omap]
            if before != after:
                self.add(path, ok, nk)
        return True

    def _positional(self, old: list, new: list, path: str, shape: str) -> None:
        a, b = [_dumps(x) for x in old], [_dumps(x) for x in new]
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1)
            for t in range(paired):
                self.diff(old[i1 + t], new[j1 + t], f"{path}[{j1 + t}]", shape)
            for i in range(i1 + paired, i2):
                self.add(f"{path}[{i}]", old[i], _MISSING)
            for j in range(j1 + paired, j2):
                self.add(f"{path}[{j}]", _MISSING, new[j])


def item_path(doc: dict[str, Any], steps: tuple | list) -> str:
    """The audit path of the value at ``steps`` (a ``YearDocument`` path such as
    ``("assessment", "measures", 2, "title")``) in ``doc`` (``{"office": …, "assessment": …}``):
    list positions become the record's key where the list is keyed,
    e.g. ``assessment.measures[M3].title``; ``"period/start"`` steps become ``period.start``.

    Raises LookupError when a list position on the way is not in ``doc``.
    """
    if not steps:
        raise LookupError("empty path")
    node: Any = doc
    path = shape = ""
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                raise LookupError(f"no item {step} at {path}")
            record = node[step]
            keyed = _KEYED.get(shape)
            path += f"[{_key_text(keyed(record))}]" if keyed and isinstance(record, dict) else f"[{step}]"
            node = record
        else:
            for part in str(step).split("/"):
                path = f"{path}.{part}" if path else part
                shape = f"{shape}.{part}" if shape else part
                node = node.get(part) if isinstance(node, dict) else None
    return path


# -- writing ---------------------------------------------------------------------------------
def canonical(row: dict[str, Any] | sqlite3.Row | tuple) -> bytes:
    """The bytes a row's hash covers after ``prev_hash``: see the module docstring.

    ``row``: a mapping with the ``HASHED_COLUMNS`` or a tuple of them in that order.
    """
    values = list(row) if isinstance(row, tuple) else [row[c] for c in HASHED_COLUMNS]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(prev_hash: str, row: dict[str, Any] | tuple) -> str:
    """``sha256(prev_hash + canonical(row))`` as 64 lower-case hex digits."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()


def append(db: sqlite_utils.Database, changes_: list[Change], *, at: str, os_user: str, app_person: str,
           office_id: int | None, office_name: str, year: int | None, action: str) -> int:
    """Append one chained row per change; return the number of rows written.

    Must run inside the write transaction of the change it records (raises
    RuntimeError otherwise). ``at``: ISO-8601 with a UTC offset. Values go
    through ``loggable`` (images → fingerprints) and are stored as JSON text
    (None → SQL NULL). Raises sqlite3.IntegrityError if the table's triggers
    refuse the rows (someone else's rows in between cannot happen inside the
    transaction).
    """
    if not changes_:
        return 0
    if not db.conn.in_transaction:
        raise RuntimeError("audit.append outside a transaction")
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    n, prev = (last[0], last[1]) if last else (0, GENESIS)
    rows = []
    for c in changes_:
        n += 1
        old = None if c.old is None else _dumps(loggable(c.old))
        new = None if c.new is None else _dumps(loggable(c.new))
        values = (n, at, os_user, app_person, office_id, office_name, year, action, c.path, old, new)
        h = row_hash(prev, values)
        rows.append((*values, prev, h))
        prev = h
    db.conn.executemany(f"INSERT INTO audit_log ({', '.join(HASHED_COLUMNS)}, prev_hash, hash) "
                        f"VALUES ({', '.join('?' * (len(HASHED_COLUMNS) + 2))})", rows)
    return len(rows)


def now_utc() -> _dt.datetime:
    """The current time, UTC-aware (the default clock of ``Store``)."""
    return _dt.datetime.now(_dt.timezone.utc)


def timestamp(moment: _dt.datetime) -> str:
    """``moment`` as stored in ``at``: UTC, ISO-8601 with milliseconds and ``+00:00``
    (a naive datetime is taken as local time)."""
    return moment.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds")


# -- reading ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One recorded change (one ``audit_log`` row), values decoded.

    ``at``: ISO-8601 UTC text; ``os_user``: the operating-system user;
    ``app_person``: the person selected in the app ('' when none);
    ``year``: fiscal year B.E. or None (office profile); ``path``: see the
    module docstring; ``old``/``new``: the JSON values (None: absent).
    """

    id: int
    at: str
    os_user: str
    app_person: str
    office_id: int | None
    office_name: str
    year: int | None
    action: str
    path: str
    old: Any
    new: Any
    hash: str

    @property
    def when(self) -> _dt.datetime:
        """``at`` as an aware datetime in the computer's local time zone."""
        return _dt.datetime.fromisoformat(self.at).astimezone()


@dataclass(frozen=True)
class Head:
    """The end of the chain: ``count`` rows, the last one's ``hash`` (GENESIS when empty).

    ``str(head)`` is ``"<count>:<hash>"``, the anchor to write down outside the database.
    """

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """Read ``"<count>:<hash>"``. Raises ValueError (Thai / English) when it is not that."""
        m = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*", text or "")
        if not m:
            raise ValueError(f"จุดยึดต้องเป็น <จำนวนแถว>:<ค่าแฮช 64 หลัก> ไม่ใช่ “{text}” / "
                             f"an anchor is <count>:<64 hex digits>, not “{text}”")
        return cls(int(m.group(1)), m.group(2).lower())


@dataclass(frozen=True)
class Broken:
    """The first broken link of the chain.

    ``id``: the row where the break shows (for ``missing``: the first id
    that is not there); ``kind``: ``missing`` (ids not consecutive from 1:
    rows deleted), ``link`` (``prev_hash`` is not the previous row's hash:
    rows deleted, reordered or inserted), ``hash`` (the row's fields or its
    hash were changed), ``anchor`` (the chain no longer holds the anchor
    given: rows cut from the end or rewritten); ``message``: Thai / English.
    """

    id: int
    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


def _has_table(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone() is not None


def head(db: sqlite_utils.Database) -> Head:
    """The number of rows and the last row's hash (``Head(0, GENESIS)`` when there are none)."""
    if not _has_table(db):
        return Head(0, GENESIS)
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return Head(row[0], row[1]) if row else Head(0, GENESIS)


def verify(db: sqlite_utils.Database, anchor: Head | None = None) -> Broken | None:
    """Walk the chain in id order recomputing every hash; None when it is intact.

    Returns the first ``Broken`` link: ids not 1, 2, 3… (``missing``),
    ``prev_hash`` not the previous row's hash (``link``), a hash that does
    not match the row (``hash``); with ``anchor``, also when row
    ``anchor.count`` is gone or has another hash (``anchor``). About 1 s per
    100 000 rows; reads only.
    """
    if not _has_table(db):
        return _anchor_missing(anchor, 0) if anchor and anchor.count else None
    cols = ", ".join(HASHED_COLUMNS)
    expected, prev = 1, GENESIS
    anchor_seen = anchor is None or anchor.count == 0
    for row in db.execute(f"SELECT {cols}, prev_hash, hash FROM audit_log ORDER BY id"):
        values, stored_prev, stored = row[:len(HASHED_COLUMNS)], row[-2], row[-1]
        rid = values[0]
        if rid != expected:
            last = f"{expected}–{rid - 1}" if rid - 1 > expected else f"{expected}"
            return Broken(expected, "missing",
                          f"บันทึกการแก้ไขแถวที่ {last} หายไป (ถูกลบ) / audit rows {last} are missing (deleted)")
        if stored_prev != prev:
            return Broken(rid, "link",
                          f"บันทึกการแก้ไขแถวที่ {rid} ไม่ต่อจากแถวก่อนหน้า (มีการลบ สลับ หรือแทรกแถว) / "
                          f"audit row {rid} does not follow the row before it (rows deleted, reordered or inserted)")
        if row_hash(prev, tuple(values)) != stored:
            return Broken(rid, "hash",
                          f"บันทึกการแก้ไขแถวที่ {rid} ถูกแก้ไขภายหลัง (ค่าแฮชไม่ตรง) / "
                          f"audit row {rid} was altered (its hash does not match)")
        if anchor is not None and rid == anchor.count:
            if stored != anchor.hash:
                return Broken(rid, "anchor",
                              f"แถวที่ {rid} ไม่ตรงกับจุดยึด {anchor} (บันทึกถูกเขียนใหม่) / "
                              f"row {rid} does not match the anchor {anchor} (the log was rewritten)")
            anchor_seen = True
        prev = stored
        expected += 1
    if not anchor_seen:
        return _anchor_missing(anchor, expected - 1)
    return None


def verify_report(db: sqlite_utils.Database, anchor: Head | None = None) -> tuple[int, str]:
    """``verify`` for the command line: (exit code, text to print).

    0 and "intact: n rows" plus the anchor to write down (``<count>:<hash>``);
    1 and the first broken link (which row, what is wrong) plus how far the
    chain is good. Texts in Thai / English, one fact per line.
    """
    broken = verify(db, anchor)
    if broken is None:
        h = head(db)
        checked = f" ตรงกับจุดยึด {anchor} / matches the anchor" if anchor else ""
        return 0, (f"บันทึกการแก้ไขครบถ้วน ไม่ถูกแก้ไข: {h.count} แถว / the audit trail is intact: {h.count} rows"
                   f"{checked}\nจุดยึด (จดเก็บไว้นอกเครื่อง) / anchor (keep it outside this computer): {h}")
    good = max(broken.id - 1, 0)
    return 1, (f"บันทึกการแก้ไขเสียหาย / the audit trail is broken: {broken.message}\n"
               f"แถวที่ 1–{good} ยังต่อกันถูกต้อง / rows 1–{good} still chain correctly" if good else
               f"บันทึกการแก้ไขเสียหาย / the audit trail is broken: {broken.message}")


def _anchor_missing(anchor: Head, count: int) -> Broken:
    return Broken(count + 1, "anchor",
                  f"จุดยึด {anchor} ระบุ {anchor.count} แถว แต่มีเพียง {count} แถว (แถวท้ายถูกตัดออก) / "
                  f"the anchor {anchor} names {anchor.count} rows but there are {count} (rows cut from the end)")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")


_RENAMED_RECORD = re.compile(r"^(office\.people|assessment\.measures)\[((?:\\.|[^\]\\])*)\]$")
_RESULT_RECORD = re.compile(r"^assessment\.results\[((?:\\.|[^\]\\])*)/(\d+)\]$")


def _entry(row: tuple, cols: list[str]) -> Entry:
    d = dict(zip(cols, row))
    return Entry(id=d["id"], at=d["at"], os_user=d["os_user"] or "", app_person=d["app_person"] or "",
                 office_id=d["office_id"], office_name=d["office_name"] or "", year=d["year"],
                 action=d["action"], path=d["path"] or "",
                 old=None if d["old"] is None else json.loads(d["old"]),
                 new=None if d["new"] is None else json.loads(d["new"]), hash=d["hash"])


def history(db: sqlite_utils.Database, office_id: int, year: int | None = None,
            path_prefix: str | None = None) -> list[Entry]:
    """The office's recorded changes, newest first.

    ``year``: only that fiscal year's changes and the office profile's
    (rows without a year); None: all. ``path_prefix``: only the value at
    that path and what lies under it (``assessment.measures[M1]`` gives the
    measure's fields, not ``[M10]``'s), following renames of a person's or
    measure's key (and so a result's measure) back to the older key.
    """
    if not _has_table(db):
        return []
    where = "office_id = ?"
    params: list[Any] = [office_id]
    if year is not None:
        where += " AND (year = ? OR year IS NULL)"
        params.append(year)
    if not path_prefix:
        cur = db.execute(f"SELECT * FROM audit_log WHERE {where} ORDER BY id DESC", params)
        cols = [c[0] for c in cur.description]
        return [_entry(row, cols) for row in cur]
    # first only the paths (and the old value of a key change, to follow renames), then the rows wanted
    prefixes = [path_prefix]
    wanted: list[int] = []
    for rid, p, old in db.execute(
            f"SELECT id, path, CASE WHEN path LIKE '%.key' OR path LIKE '%.measure' THEN old END "
            f"FROM audit_log WHERE {where} ORDER BY id DESC", params):
        hit = next((x for x in prefixes if _under(p or "", x)), None)
        if hit is None:
            continue
        wanted.append(rid)
        renamed = json.loads(old) if old is not None else None
        if isinstance(renamed, str) and (m := _RENAMED_RECORD.match(hit)) and p == f"{hit}.key":
            prefixes.append(f"{m.group(1)}[{_key_text(renamed)}]")
        elif isinstance(renamed, str) and (m := _RESULT_RECORD.match(hit)) and p == f"{hit}.measure":
            prefixes.append(f"assessment.results[{_key_text(renamed)}/{m.group(2)}]")
    out: list[Entry] = []
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        cur = db.execute(f"SELECT * FROM audit_log WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id DESC",
                         chunk)
        cols = [c[0] for c in cur.description]
        out += [_entry(row, cols) for row in cur]
    return out


def entries(db: sqlite_utils.Database) -> Iterator[Entry]:
    """Every row, oldest first (for an export or a report of the whole log)."""
    if not _has_table(db):
        return
    cur = db.execute("SELECT * FROM audit_log ORDER BY id")
    cols = [c[0] for c in cur.description]
    for row in cur:
        yield _entry(row, cols)


# -- describing ---------------------------------------------------------------------------------
_VERBS = {"create": "สร้าง", "edit": "แก้ไข", "new-year": "เพิ่มปี", "import": "นำเข้า",
          "delete-year": "ลบปีงบประมาณ", "score": "คะแนน", "columns": "คอลัมน์รายงาน"}


def value_text(value: Any, limit: int = 60) -> str:
    """A short one-line text of a recorded value: strings as they are (newlines as spaces,
    cut at ``limit`` characters with “…”), booleans ใช่/ไม่ใช่, lists joined with commas,
    a record by its title/name/subject, absent as “–”."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, dict):
        for k in ("title", "name", "subject", "topic", "weak_point", "issue", "heading", "done", "key"):
            if isinstance(value.get(k), str) and value[k]:
                text = value[k]
                break
        else:
            text = _dumps(value)
    elif isinstance(value, list):
        text = ", ".join(value_text(v, limit) for v in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value)) if abs(value) < 1e15 else str(value)
    else:
        text = str(value)
    if text.startswith("data:") and ";sha256=" in text:
        text = "รูปภาพ " + text[text.find("sha256=") + 7:][:12]
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def who_text(entry: Entry) -> str:
    """“person (os user)”, or whichever of the two is there."""
    if entry.app_person and entry.os_user:
        return f"{entry.app_person} ({entry.os_user})"
    return entry.app_person or entry.os_user or "–"


def when_text(entry: Entry) -> str:
    """The local time of the change as d/m/yyyy (B.E.) HH:MM:SS."""
    t = entry.when
    return f"{t.day}/{t.month}/{t.year + 543} {t:%H:%M:%S}"


def change_text(entry: Entry, limit: int = 60) -> str:
    """“old → new”, “เพิ่ม new” (added) or “ลบ old” (removed)."""
    if entry.old is None:
        return f"เพิ่ม “{value_text(entry.new, limit)}”"
    if entry.new is None:
        return f"ลบ “{value_text(entry.old, limit)}”"
    return f"“{value_text(entry.old, limit)}” → “{value_text(entry.new, limit)}”"


def describe(entry: Entry, label: Callable[[str], str] | None = None) -> str:
    """One Thai line for the clerk: when, who, what was done to which value, from what to what.

    ``label`` turns a path into a readable field name (the GUI passes
    ``history_dialog.field_label``); without it the path is shown.
    """
    field = label(entry.path) if label else entry.path
    year = f" ปี {entry.year}" if entry.year else ""
    return (f"{when_text(entry)} {who_text(entry)} {_VERBS.get(entry.action, entry.action)}{year} "
            f"{field or entry.office_name}: {change_text(entry)}")
