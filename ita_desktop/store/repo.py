"""Queries on the store, in the shapes the documents and the GUI use.

An office's data travels as the interchange document (a dict shaped by
``resources/schema/office.schema.json``): the importer writes it, the
exporter and the PDF documents read it. Writes that belong together run in
one transaction (``Store.transaction``): all or nothing.

Every method that changes data also appends what it changed to the audit
trail (``ita_desktop.store.audit``) in that same transaction: who (the
``Store``'s ``os_user`` and ``actor``), when (its ``clock``), which value,
from what to what. The before and after states are read back from the
database around the write, so normalisation is not a change and only what
really changed is recorded.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

import sqlite_utils

from ita_desktop.store import audit
from ita_desktop.store.connection import StoreError, db_file, storage_error


class NotFound(LookupError):
    """An office or fiscal year the clerk named is not in the database."""


class StoreWriteError(ValueError):
    """The database refused a write: a CHECK, UNIQUE or NOT NULL rule, a reference
    to a measure or person that is not there, a value of the wrong type.

    ``str(error)`` says what and where in Thai and English, the field as a path
    in the interchange document, e.g. ``บันทึกไม่ได้: อบต.ปากช่อง ปีงบประมาณ 2565
    ช่อง assessment.scores.3: ค่าอยู่นอกช่วงที่ใช้ได้ / cannot save อบต.ปากช่อง,
    fiscal year 2565, field assessment.scores.3: value outside the allowed range
    (CHECK constraint failed: score BETWEEN 0 AND 100)``. Raised inside the
    write's transaction, which is rolled back: nothing was written.
    """


class DuplicateOfficeName(StoreWriteError):
    """Another office already has this full name (``offices.name`` is unique)."""


_DB_RULES = (  # sqlite3 message fragment -> (Thai, English)
    ("CHECK constraint", "ค่าอยู่นอกช่วงที่ใช้ได้", "value outside the allowed range"),
    ("UNIQUE constraint", "มีรายการซ้ำ", "given twice"),
    ("NOT NULL constraint", "ขาดข้อมูลที่ต้องมี", "a required value is missing"),
    ("FOREIGN KEY constraint", "อ้างถึงข้อมูลที่ไม่มี", "refers to something that is not there"),
    ("binding parameter", "ชนิดข้อมูลไม่ถูกต้อง", "wrong type of value"),
)


@dataclass(frozen=True)
class _Where:
    """Where a write failed: the office's name, the fiscal year, the field path in the document."""

    office: str
    year: int | None = None
    path: str = ""

    def at(self, path: str) -> _Where:
        return replace(self, path=path)


def _refused(where: _Where, thai: str, english: str, cause: str = "") -> StoreWriteError:
    year_th, year_en = (f" ปีงบประมาณ {where.year}", f", fiscal year {where.year}") if where.year else ("", "")
    return StoreWriteError(f"บันทึกไม่ได้: {where.office}{year_th} ช่อง {where.path}: {thai} / "
                           f"cannot save {where.office}{year_en}, field {where.path}: {english}"
                           + (f" ({cause})" if cause else ""))


def _unique_keys(records: list[dict[str, Any]], where: _Where, path: str, thai: str, english: str) -> list[Any]:
    """The records' ``key`` values in order; raises StoreWriteError at ``<path>[i].key`` for the
    first key given twice (e.g. ``thai`` "รหัสมาตรการ", ``english`` "measure key")."""
    keys = [r.get("key") for r in records]
    for i, k in enumerate(keys):
        if keys.index(k) != i:
            raise _refused(where.at(f"{path}[{i}].key"), f"{thai}ซ้ำ “{k}”", f"{english} “{k}” given twice")
    return keys


@contextmanager
def _field(where: _Where) -> Iterator[None]:
    """Turn the database's refusal of the write inside into a StoreWriteError naming ``where``."""
    try:
        yield
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError) as e:
        msg = str(e)
        if not isinstance(e, sqlite3.IntegrityError) and "binding" not in msg:
            raise  # a programming error (closed database...), not the data's fault
        thai, english = next(((t, en) for k, t, en in _DB_RULES if k in msg),
                             ("ฐานข้อมูลไม่รับค่านี้", "the database refused the value"))
        raise _refused(where, thai, english, msg) from e


def _office_row(o: dict[str, Any]) -> dict[str, Any]:
    """The ``offices`` columns of an interchange ``office`` object (missing optional fields → defaults)."""
    return {"name": o.get("name"), "short_name": o.get("short_name", ""), "type": o.get("type"),
            "subdistrict": o.get("subdistrict", ""), "district": o.get("district", ""),
            "province": o.get("province"), "doc_prefix": o.get("doc_prefix", ""), "website": o.get("website", ""),
            "emblem": o.get("emblem", ""), "font": o.get("font", ""),
            "report_columns": json.dumps(o["report_columns"], ensure_ascii=False) if o.get("report_columns")
            else "", "thai_digits": int(o.get("thai_digits", True))}


def _login_name() -> str:
    """The operating-system user (``getpass.getuser``), '' when it cannot be found."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (no USER/LOGNAME and no pwd entry: record '' rather than fail)
        return ""


class Store:
    """The ITA Desktop database (a ``sqlite_utils.Database`` opened by ``connect``).

    ``os_user``: the operating-system user the audit trail records (default
    ``getpass.getuser()``, '' when unknown); ``clock``: returns the time of a
    change as an aware datetime (default UTC now). Both are for tests and
    for tools that act for someone; the window leaves them alone. The
    person selected in the app is ``actor`` (``set_actor``).
    """

    def __init__(self, db: sqlite_utils.Database, *, os_user: str | None = None,
                 clock: Callable[[], _dt.datetime] | None = None):
        self.db = db
        self._depth = 0
        self.os_user = _login_name() if os_user is None else os_user
        self.clock = clock or audit.now_utc
        self._actor = ""
        self._moment: str | None = None  # the audit time of the current transaction, read once
        # the state save_year last wrote, reused as the next save's "before" while the database
        # provably has not changed since: (total_changes of this connection, data_version, key, state)
        self._last: tuple[int, int, tuple[int, int | None], tuple] | None = None

    # -- who is changing things -------------------------------------------
    @property
    def actor(self) -> str:
        """The person selected in the app (a name or a person's key; '' for none), recorded with every change."""
        return self._actor

    def set_actor(self, person: str | None) -> None:
        """Record ``person`` (name or key, None/'' for nobody) as the author of the changes from now on."""
        self._actor = (person or "").strip()

    @property
    def read_only(self) -> bool:
        """True when the connection refuses writes (``PRAGMA query_only`` on): the window disables editing."""
        return bool(self.db.execute("PRAGMA query_only").fetchone()[0])

    def _record(self, action: str, office_id: int, changes: list[audit.Change], year: int | None = None,
                office_name: str | None = None) -> int:
        """Append ``changes`` to the audit trail (inside the caller's transaction); return the rows written.

        All rows of one transaction get the same time (``clock`` read once)."""
        if not changes:
            return 0
        if office_name is None:
            row = self.db.execute("SELECT name FROM offices WHERE id = ?", (office_id,)).fetchone()
            office_name = row[0] if row else ""
        if self._moment is None:  # every row of one transaction has the same time
            self._moment = audit.timestamp(self.clock())
        return audit.append(self.db, changes, at=self._moment, os_user=self.os_user,
                            app_person=self._actor, office_id=office_id, office_name=office_name,
                            year=year, action=action)

    def _state(self, office_id: int, year: int | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(interchange office, interchange assessment or None) as stored now; (None, None) for no office."""
        if not self.db.execute("SELECT 1 FROM offices WHERE id = ?", (office_id,)).fetchone():
            return None, None
        office, key_of = self._office_profile(office_id)
        return office, (None if year is None else self._year_state(office_id, year, key_of))

    def _db_stamp(self) -> tuple[int, int]:
        """(rows this connection has changed so far, ``PRAGMA data_version``): both stay the same
        exactly while nobody, here or in another connection, has written the data."""
        return self.db.conn.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    def _remember(self, office_id: int, year: int | None, state: tuple) -> None:
        """Keep the state just written (and recorded) for the next save of the same office and year.

        An autosave then reads the database once, not twice. Any later write
        (this connection's ``total_changes``, another's ``data_version``) or a
        rollback (``transaction``) makes it stale and it is read again.
        """
        self._last = (*self._db_stamp(), (office_id, year), state)

    def _remembered(self, office_id: int, year: int | None) -> tuple | None:
        """The state ``_remember`` kept for this office and year while it is provably current, else None."""
        last, self._last = self._last, None
        if last is None or last[2] != (office_id, year) or last[:2] != self._db_stamp():
            return None
        return last[3]

    def _year_state(self, office_id: int, year: int, key_of: dict[int, str]) -> dict[str, Any] | None:
        """The interchange assessment of one year as stored now, None when there is none."""
        rows = self._rows("SELECT * FROM assessments WHERE office_id = ? AND year = ?", (office_id, year))
        return self._assessment_doc(rows[0], key_of) if rows else None

    def _record_states(self, action: str, office_id: int, before: tuple, after: tuple, year: int | None) -> None:
        """Record the differences between two ``_state`` results (office rows without a year)."""
        self._record(action, office_id, audit.changes(before[0], after[0], "office"),
                     office_name=(after[0] or {}).get("name"))
        if year is not None:
            a_action = "new-year" if action == "edit" and before[1] is None else action
            self._record(a_action, office_id, audit.changes(before[1], after[1], "assessment"), year,
                         office_name=(after[0] or {}).get("name"))

    # -- transactions -------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction; nested blocks join the outer one.

        On any exception everything written inside is rolled back.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:  # locked by another program, read-only file
            raise (storage_error(e, db_file(self.db)) or e) from e
        self._depth = 1
        self._moment = None
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as e:
            self._last = None
            if self.db.conn.in_transaction:  # SQLite has already rolled back after "disk full"
                self.db.execute("ROLLBACK")
            if isinstance(e, sqlite3.OperationalError) and not isinstance(e, StoreError):
                err = storage_error(e, db_file(self.db))  # disk full, read-only: a clerk's message
                if err is not None:
                    raise err from e
            raise
        finally:
            self._depth = 0

    def _rows(self, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
        cur = self.db.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    # -- offices and years --------------------------------------------
    def offices(self) -> list[dict[str, Any]]:
        """All offices, by name: dicts with the ``offices`` table's columns."""
        return self._rows("SELECT * FROM offices ORDER BY name")

    def office(self, office_id: int) -> dict[str, Any]:
        """One office row. Raises NotFound."""
        rows = self._rows("SELECT * FROM offices WHERE id = ?", (office_id,))
        if not rows:
            raise NotFound(f"ไม่พบหน่วยงานรหัส {office_id} / no office with id {office_id}")
        return rows[0]

    def find_office(self, name: str | None) -> dict[str, Any]:
        """The office whose full or short name is ``name``; with None, the only office.

        Raises NotFound listing the offices there are.
        """
        offices = self.offices()
        if name is None:
            if len(offices) == 1:
                return offices[0]
            names = ", ".join(o["name"] for o in offices) or "-"
            raise NotFound(f"โปรดระบุหน่วยงานด้วย --office (มี: {names}) / "
                           f"name the office with --office (have: {names})")
        wanted = name.strip()
        for o in offices:
            if wanted in (o["name"], o["short_name"]):
                return o
        names = ", ".join(o["name"] for o in offices) or "-"
        raise NotFound(f"ไม่พบหน่วยงาน “{name}” (มี: {names}) / no office “{name}” (have: {names})")

    def years(self, office_id: int) -> list[int]:
        """Fiscal years (B.E.) with an assessment for the office, ascending."""
        return [r["year"] for r in self._rows(
            "SELECT year FROM assessments WHERE office_id = ? ORDER BY year", (office_id,))]

    def assessment(self, office_id: int, year: int) -> dict[str, Any]:
        """The assessment row of an office and fiscal year. Raises NotFound."""
        rows = self._rows("SELECT * FROM assessments WHERE office_id = ? AND year = ?", (office_id, year))
        if not rows:
            have = ", ".join(map(str, self.years(office_id))) or "-"
            raise NotFound(f"ไม่มีข้อมูลปีงบประมาณ {year} (มี: {have}) / no fiscal year {year} (have: {have})")
        return rows[0]

    # -- scores ---------------------------------------------------------
    def scores(self, assessment_id: int) -> dict[int, float]:
        """Indicator number → score (0–100) of one assessment."""
        return {r["indicator"]: r["score"] for r in self._rows(
            "SELECT indicator, score FROM indicator_scores WHERE assessment_id = ?", (assessment_id,))}

    def tool_scores(self, assessment_id: int) -> dict[str, float]:
        """Published tool scores (IIT/EIT/OIT → 0–100) where the assessment has them."""
        a = self._rows("SELECT tool_iit, tool_eit, tool_oit FROM assessments WHERE id = ?", (assessment_id,))[0]
        return {k: a[f"tool_{k.lower()}"] for k in ("IIT", "EIT", "OIT") if a[f"tool_{k.lower()}"] is not None}

    def set_score(self, assessment_id: int, indicator: int, score: float | None) -> None:
        """Store (or with None, clear) one indicator score; the caller has checked 0–100.

        Recorded in the audit trail as ``assessment.scores.<indicator>`` (action ``score``).
        """
        with self.transaction():
            where = self.db.execute("SELECT office_id, year FROM assessments WHERE id = ?",
                                    (assessment_id,)).fetchone()
            before = self.scores(assessment_id).get(indicator)
            if score is None:
                self.db.execute("DELETE FROM indicator_scores WHERE assessment_id = ? AND indicator = ?",
                                (assessment_id, indicator))
            else:
                self.db.execute(
                    "INSERT INTO indicator_scores (assessment_id, indicator, score) VALUES (?, ?, ?) "
                    "ON CONFLICT (assessment_id, indicator) DO UPDATE SET score = excluded.score",
                    (assessment_id, indicator, float(score)))
            after = self.scores(assessment_id).get(indicator)
            if where and before != after:
                self._record("score", where[0], [audit.Change(f"assessment.scores.{indicator}", before, after)],
                             where[1])

    def measures(self, assessment_id: int) -> list[dict[str, Any]]:
        """The measures of an assessment in order, ``indicators``/``items`` decoded to lists."""
        rows = self._rows("SELECT * FROM measures WHERE assessment_id = ? ORDER BY pos", (assessment_id,))
        for r in rows:
            r["indicators"] = json.loads(r["indicators"])
            r["items"] = json.loads(r["items"])
        return rows

    # -- the interchange document ----------------------------------------
    def set_report_columns(self, office_id: int, columns: list[dict[str, Any]] | None) -> None:
        """Save the office's implementation-report columns (``ReportColumns.to_list()``
        form; None or [] goes back to the default layout). Raises NotFound.
        Recorded in the audit trail as ``office.report_columns`` (action ``columns``)."""
        self.office(office_id)
        with self.transaction():
            before = self.office(office_id)["report_columns"]
            self.db["offices"].update(office_id, {
                "report_columns": json.dumps(columns, ensure_ascii=False) if columns else ""})
            after = self.office(office_id)["report_columns"]
            if before != after:
                self._record("columns", office_id, [audit.Change(
                    "office.report_columns", json.loads(before) if before else None,
                    json.loads(after) if after else None)])

    def office_doc(self, office_id: int, years: list[int] | None = None) -> dict[str, Any]:
        """The office's data as an interchange document (see the JSON Schema).

        ``years``: only these fiscal years (default all). Raises NotFound.
        """
        office, key_of = self._office_profile(office_id)
        out = {"format": "ita-desktop/1", "office": office, "assessments": []}
        for year in years or self.years(office_id):
            a = self.assessment(office_id, year)
            out["assessments"].append(self._assessment_doc(a, key_of))
        return out

    def year_doc(self, office_id: int, year: int | None) -> dict[str, Any]:
        """One office and one fiscal year, the shape the GUI edits and ``save_year`` takes back:
        ``{"office": <interchange office>, "assessment": <interchange assessment> | None}``
        (same content as ``office_doc(office_id, [year])``; ``year`` None: the profile only).

        A few ms on a database of 50 offices × 5 years (every query uses an index).
        Raises NotFound for an unknown office or a year the office does not have.
        """
        office, key_of = self._office_profile(office_id)
        a = None if year is None else self._assessment_doc(self.assessment(office_id, year), key_of)
        return {"office": office, "assessment": a}

    def _office_profile(self, office_id: int) -> tuple[dict[str, Any], dict[int, str]]:
        """The interchange ``office`` object and person id → key. Raises NotFound."""
        o = self.office(office_id)
        people = self._rows("SELECT * FROM people WHERE office_id = ? ORDER BY pos, id", (office_id,))
        key_of = {p["id"]: p["key"] for p in people}
        office: dict[str, Any] = {k: o[k] for k in ("name", "type", "province")}
        for k in ("short_name", "subdistrict", "district", "doc_prefix", "website", "emblem", "font"):
            if o[k]:
                office[k] = o[k]
        if o["report_columns"]:
            office["report_columns"] = json.loads(o["report_columns"])
        if not o["thai_digits"]:
            office["thai_digits"] = False
        office["departments"] = [r["name"] for r in self._rows(
            "SELECT name FROM departments WHERE office_id = ? ORDER BY pos", (office_id,))]
        office["people"] = [_compact({"key": p["key"], "name": p["name"], "position": p["position"],
                                      "department": p["department"], "signature": p["signature"]}) for p in people]
        return office, key_of

    def _assessment_doc(self, a: dict[str, Any], key_of: dict[int, str]) -> dict[str, Any]:
        aid = a["id"]
        d: dict[str, Any] = {"year": a["year"], "scores": {str(k): v for k, v in sorted(self.scores(aid).items())}}
        if ts := self.tool_scores(aid):
            d["tool_scores"] = ts
        if a["published_overall"] is not None:
            d["published_overall"] = a["published_overall"]
        d["history"] = [_compact({"year": h["year"], "overall": h["overall"], "level": h["level"],
                                  "scores": json.loads(h["scores_json"]) or None})
                        for h in self._rows("SELECT * FROM history WHERE assessment_id = ? ORDER BY year", (aid,))]
        for k in ("analysis_intro", "preface", "principles"):
            if a[k]:
                d[k] = a[k]
        d["findings"] = [_compact({"indicator": f["indicator"], "item": f["item"], "urgent": bool(f["urgent"]),
                                   "weak_point": f["weak_point"], "improvement": f["improvement"]})
                         for f in self._rows("SELECT * FROM findings WHERE assessment_id = ? ORDER BY pos", (aid,))]
        measures = self.measures(aid)
        d["measures"] = []
        for m in measures:
            period = _compact({"start": m["period_start"], "end": m["period_end"], "text": m["period_text"]})
            d["measures"].append(_compact({
                "key": m["key"], "issue": m["issue"], "title": m["title"], "steps": m["steps"],
                "responsible": m["responsible"], "period": period or None,
                "indicators": m["indicators"] or None, "items": m["items"] or None}))
        d["results"] = []
        for r in self._rows("SELECT r.*, m.key AS mkey FROM results r JOIN measures m ON m.id = r.measure_id "
                            "WHERE m.assessment_id = ? ORDER BY r.round, m.pos", (aid,)):
            d["results"].append(_compact({
                "measure": r["mkey"], "round": r["round"], "done": r["done"], "outcome": r["outcome"],
                "suggestions": r["suggestions"], "evidence_urls": json.loads(r["evidence_urls"]) or None,
                "participants": r["participants"], "target": r["target"]}))
        d["limitations"] = [_compact({"topic": r["topic"], "text": r["text"]}) for r in self._rows(
            "SELECT * FROM limitations WHERE assessment_id = ? ORDER BY pos", (aid,))]
        d["next_year_plan"] = [_compact({k: r[k] for k in ("issue", "item", "item_text", "analysis", "measure",
                                                           "related", "steps", "period", "responsible")})
                               for r in self._rows("SELECT * FROM plan_rows WHERE assessment_id = ? ORDER BY pos",
                                                   (aid,))]
        d["memos"] = []
        for m in self._rows("SELECT * FROM memos WHERE assessment_id = ? ORDER BY pos", (aid,)):
            sections = [_compact({"heading": s["heading"], "paragraphs": json.loads(s["paragraphs"]),
                                  "attach_measures_table": bool(s["attach_measures_table"]) or None}, keep=("paragraphs",))
                        for s in self._rows("SELECT * FROM memo_sections WHERE memo_id = ? ORDER BY pos", (m["id"],))]
            approvals = [_compact({"title": p["title"], "choices": json.loads(p["choices"]) or None,
                                   "comment": p["comment"], "person": key_of.get(p["person_id"])})
                         for p in self._rows("SELECT * FROM memo_approvals WHERE memo_id = ? ORDER BY pos", (m["id"],))]
            d["memos"].append(_compact({
                "department": m["department"], "number": m["number"], "date": m["date"], "subject": m["subject"],
                "recipient": m["recipient"], "sections": sections, "closing": m["closing"],
                "signer": key_of.get(m["signer_id"]), "signature": m["signature"], "approvals": approvals}))
        return {k: v for k, v in d.items() if v != [] or k == "scores"}

    def import_doc(self, doc: dict[str, Any]) -> int:
        """Write a validated interchange document; return the office id.

        The office is matched by its full name: its profile is updated,
        departments added, people upserted by key, and each fiscal year in the
        document replaces that year's assessment. One transaction: on any
        error nothing is written. The audit trail gets what the import
        changed (action ``import``): for a new office or year one row per
        field of the profile and per record of the year (a measure, a
        result, a finding…); for an existing one only the differences.
        """
        o = doc["office"]
        years = [a["year"] for a in doc["assessments"]]
        with self.transaction():
            row = _office_row(o)
            existing = self._rows("SELECT id FROM offices WHERE name = ?", (o["name"],))
            if existing:
                office_id = existing[0]["id"]
                office_before, key_of = self._office_profile(office_id)
                before = {y: self._year_state(office_id, y, key_of) for y in years}
                self.db["offices"].update(office_id, row)
            else:
                office_before, before = None, {y: None for y in years}
                office_id = self.db["offices"].insert(row).last_pk
            have = {r["name"] for r in self._rows("SELECT name FROM departments WHERE office_id = ?", (office_id,))}
            start = len(have)
            for i, name in enumerate(n for n in o.get("departments", []) if n not in have):
                self.db["departments"].insert({"office_id": office_id, "pos": start + i, "name": name})
            for i, p in enumerate(o.get("people", [])):
                self.db.execute(_UPSERT_PERSON, (office_id, p["key"], p["name"], p["position"],
                                                 p.get("department", ""), p.get("signature", ""), i))
            person_id = {r["key"]: r["id"] for r in self._rows(
                "SELECT id, key FROM people WHERE office_id = ?", (office_id,))}
            for a in doc["assessments"]:
                self.db.execute("DELETE FROM assessments WHERE office_id = ? AND year = ?", (office_id, a["year"]))
                self._insert_assessment(office_id, a, person_id)
            office_after, key_of = self._office_profile(office_id)
            self._record("import", office_id, audit.changes(office_before, office_after, "office"),
                         office_name=office_after["name"])
            for year, a_before in before.items():
                self._record("import", office_id, audit.changes(a_before, self._year_state(office_id, year, key_of),
                                                                "assessment"), year, office_name=office_after["name"])
        return office_id

    # -- editing: the GUI autosaves whole office + year documents -------
    def create_office(self, office: dict[str, Any]) -> int:
        """Add an office from an interchange ``office`` object (profile, departments,
        people); return its id. One transaction.

        Raises DuplicateOfficeName when the full name is taken, StoreWriteError
        when the database refuses a value; nothing is written then.
        """
        with self.transaction():
            office_id = self._write_office(None, office)
            self._write_people(office_id, office, _Where(office.get("short_name") or office.get("name") or ""))
            self._record_states("create", office_id, (None, None), self._state(office_id, None), None)
        return office_id

    def save_year(self, office_id: int, office: dict[str, Any], assessment: dict[str, Any] | None) -> None:
        """Write back what ``year_doc`` gave (edited), in one transaction.

        ``office``: the interchange ``office`` object; the profile is overwritten
        (renaming allowed), the departments become exactly the list (in its
        order), the people exactly the list (matched by ``key``; people left out
        are deleted and the memos/approvals naming them lose the reference).
        ``assessment``: that fiscal year's interchange assessment, replacing the
        stored one (its id stays; measures are matched by key and results by
        measure and round, so unchanged rows are not rewritten); None leaves
        the years alone. The office's other years are never touched.

        Validation (``interchange.validate``) is the caller's job. Raises
        NotFound for an unknown office, DuplicateOfficeName when another office
        has the name, StoreWriteError when the database refuses a value (the
        message names the field); in every case nothing is written.
        Every changed value goes to the audit trail (action ``edit``; a year
        that was not there: ``new-year``): the stored state is read back after
        the write and compared with the state before (the previous save's
        read-back when nothing has written since, else read again). About
        4 ms for one changed field of 19 measures × 11 results (2 ms without
        the audit), 2.5 ms when nothing changed.
        """
        self.office(office_id)
        year = assessment.get("year") if assessment is not None else None
        year = year if isinstance(year, int) and not isinstance(year, bool) else None
        with self.transaction():
            before = self._remembered(office_id, year) or self._state(office_id, year)
            self._write_office(office_id, office)
            label = office.get("short_name") or office.get("name") or ""
            person_id = self._write_people(office_id, office, _Where(label))
            if assessment is not None:
                self._save_assessment(office_id, assessment, person_id, _Where(label, assessment.get("year")))
            after = self._state(office_id, year)
            self._record_states("edit", office_id, before, after, year)
            self._remember(office_id, year, after)

    def delete_year(self, office_id: int, year: int) -> None:
        """Delete one fiscal year of an office with everything in it (measures, results,
        memos...; the search index follows). Raises NotFound when there is no such year.

        The audit trail gets one row (action ``delete-year``, path ``assessment``)
        whose old value is the whole year as it was."""
        with self.transaction():
            _, before = self._state(office_id, year)
            cur = self.db.execute("DELETE FROM assessments WHERE office_id = ? AND year = ?", (office_id, year))
            if cur.rowcount == 0:
                self.assessment(office_id, year)  # raises NotFound naming the years there are
            self._record("delete-year", office_id, [audit.Change("assessment", before, None)], year)

    def _write_office(self, office_id: int | None, office: dict[str, Any]) -> int:
        """Insert (``office_id`` None) or overwrite an office row and set its departments."""
        row = _office_row(office)
        name = row["name"]
        if name is not None and self.db.execute("SELECT 1 FROM offices WHERE name = ? AND id IS NOT ?",
                                                (name, office_id)).fetchone():
            raise DuplicateOfficeName(f"มีหน่วยงานชื่อ “{name}” อยู่แล้ว โปรดใช้ชื่ออื่น / "
                                      f"there is already an office named “{name}”; choose another name")
        where = _Where(office.get("short_name") or name or "", None, "office")
        cols = list(row)
        with _field(where):
            if office_id is None:
                office_id = self.db.execute(
                    f"INSERT INTO offices ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    tuple(row.values())).lastrowid
            else:
                self._update_changed("offices", office_id, row)
        self.db.execute("DELETE FROM departments WHERE office_id = ?", (office_id,))
        for i, dept in enumerate(office.get("departments", [])):
            with _field(where.at(f"office.departments[{i}]")):
                self.db.execute("INSERT INTO departments (office_id, pos, name) VALUES (?, ?, ?)",
                                (office_id, i, dept))
        return office_id

    def _update_changed(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """UPDATE one row only when a value differs (an unchanged emblem image is not rewritten)."""
        self.db.execute(f"UPDATE {table} SET {', '.join(c + ' = ?' for c in values)} WHERE id = ? "
                        f"AND NOT ({' AND '.join(c + ' IS ?' for c in values)})",
                        (*values.values(), row_id, *values.values()))

    def _write_people(self, office_id: int, office: dict[str, Any], where: _Where) -> dict[str, int]:
        """Make the office's people exactly ``office["people"]`` (upsert by key); return key → id."""
        people = office.get("people", [])
        keys = _unique_keys(people, where, "office.people", "รหัสบุคคล", "person key")
        have = {r[1]: r[0] for r in self.db.execute("SELECT id, key FROM people WHERE office_id = ?", (office_id,))}
        gone = [pid for key, pid in have.items() if key not in keys]
        self.db.conn.executemany("DELETE FROM people WHERE id = ?", [(pid,) for pid in gone])
        for i, p in enumerate(people):
            with _field(where.at(f"office.people[{i}]")):
                self.db.execute(_UPSERT_PERSON_CHANGED, (office_id, p.get("key"), p.get("name"), p.get("position"),
                                                         p.get("department", ""), p.get("signature", ""), i))
        return {r[1]: r[0] for r in self.db.execute("SELECT id, key FROM people WHERE office_id = ?", (office_id,))}

    def _save_assessment(self, office_id: int, a: dict[str, Any], person_id: dict[str, int], at: _Where) -> None:
        """Replace one fiscal year's assessment in place (see ``save_year``)."""
        ex = self.db.execute
        ts = a.get("tool_scores") or {}
        cols = {"tool_iit": ts.get("IIT"), "tool_eit": ts.get("EIT"), "tool_oit": ts.get("OIT"),
                "published_overall": a.get("published_overall"), "analysis_intro": a.get("analysis_intro", ""),
                "preface": a.get("preface", ""), "principles": a.get("principles", "")}
        row = ex("SELECT id FROM assessments WHERE office_id = ? AND year = ?", (office_id, a.get("year"))).fetchone()
        with _field(at.at("assessment")):
            if row:
                aid = row[0]
                self._update_changed("assessments", aid, cols)
                for table in ("indicator_scores", "history", "findings", "limitations", "plan_rows", "memos"):
                    ex(f"DELETE FROM {table} WHERE assessment_id = ?", (aid,))
            else:
                aid = ex(f"INSERT INTO assessments (office_id, year, {', '.join(cols)}) "
                         f"VALUES (?, ?{', ?' * len(cols)})", (office_id, a.get("year"), *cols.values())).lastrowid
        for k, v in (a.get("scores") or {}).items():
            with _field(at.at(f"assessment.scores.{k}")):
                ex("INSERT INTO indicator_scores (assessment_id, indicator, score) VALUES (?, ?, ?)",
                   (aid, int(k), v))
        for i, h in enumerate(a.get("history", [])):
            with _field(at.at(f"assessment.history[{i}]")):
                ex("INSERT INTO history (assessment_id, year, overall, level, scores_json) VALUES (?, ?, ?, ?, ?)",
                   (aid, h.get("year"), h.get("overall"), h.get("level", ""),
                    json.dumps(h.get("scores") or {}, ensure_ascii=False)))
        for i, f in enumerate(a.get("findings", [])):
            with _field(at.at(f"assessment.findings[{i}]")):
                ex("INSERT INTO findings (assessment_id, pos, indicator, item, urgent, weak_point, improvement) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", (aid, i, f.get("indicator"), f.get("item"),
                                                    int(bool(f.get("urgent"))), f.get("weak_point"),
                                                    f.get("improvement", "")))
        # measures and results: upsert by key / (measure, round) so that unchanged rows (and their
        # search-index entries) are left alone; the WHERE skips writes that would change nothing
        measures = a.get("measures", [])
        keys = _unique_keys(measures, at, "assessment.measures", "รหัสมาตรการ", "measure key")
        have = dict(ex("SELECT key, id FROM measures WHERE assessment_id = ?", (aid,)).fetchall())
        self.db.conn.executemany("DELETE FROM measures WHERE id = ?",
                                 [(mid,) for k, mid in have.items() if k not in keys])
        for i, m in enumerate(measures):
            p = m.get("period") or {}
            with _field(at.at(f"assessment.measures[{i}]")):
                ex(_UPSERT_MEASURE, (aid, i, m.get("key"), m.get("issue", ""), m.get("title"), m.get("steps", ""),
                                     m.get("responsible", ""), p.get("start"), p.get("end"), p.get("text", ""),
                                     json.dumps(m.get("indicators") or []), json.dumps(m.get("items") or [])))
        measure_id = dict(ex("SELECT key, id FROM measures WHERE assessment_id = ?", (aid,)).fetchall())
        results = a.get("results", [])
        wanted = []
        for i, r in enumerate(results):
            if r.get("measure") not in measure_id:
                raise _refused(at.at(f"assessment.results[{i}].measure"), f"ไม่มีมาตรการ “{r.get('measure')}”",
                               f"no measure “{r.get('measure')}”")
            pair = (measure_id[r["measure"]], r.get("round"))
            if pair in wanted:
                raise _refused(at.at(f"assessment.results[{i}]"), f"ผลรอบ {r.get('round')} เดือนของมาตรการนี้ซ้ำ",
                               "result for this measure and round given twice")
            wanted.append(pair)
        for rid, mid, rnd in ex("SELECT r.id, r.measure_id, r.round FROM results r JOIN measures m "
                                "ON m.id = r.measure_id WHERE m.assessment_id = ?", (aid,)).fetchall():
            if (mid, rnd) not in wanted:
                ex("DELETE FROM results WHERE id = ?", (rid,))
        for i, (r, (mid, rnd)) in enumerate(zip(results, wanted)):
            with _field(at.at(f"assessment.results[{i}]")):
                ex(_UPSERT_RESULT, (mid, rnd, r.get("done", ""), r.get("outcome", ""), r.get("suggestions", ""),
                                    json.dumps(r.get("evidence_urls") or [], ensure_ascii=False),
                                    r.get("participants"), r.get("target")))
        for i, x in enumerate(a.get("limitations", [])):
            with _field(at.at(f"assessment.limitations[{i}]")):
                ex("INSERT INTO limitations (assessment_id, pos, topic, text) VALUES (?, ?, ?, ?)",
                   (aid, i, x.get("topic"), x.get("text", "")))
        plan_cols = ("item_text", "analysis", "measure", "related", "steps", "period", "responsible")
        for i, x in enumerate(a.get("next_year_plan", [])):
            with _field(at.at(f"assessment.next_year_plan[{i}]")):
                ex(f"INSERT INTO plan_rows (assessment_id, pos, issue, item, {', '.join(plan_cols)}) "
                   f"VALUES (?, ?, ?, ?{', ?' * len(plan_cols)})",
                   (aid, i, x.get("issue"), x.get("item"), *(x.get(k, "") for k in plan_cols)))
        for i, m in enumerate(a.get("memos", [])):
            refs = [(f"memos[{i}].signer", m.get("signer"))] + [
                (f"memos[{i}].approvals[{j}].person", p.get("person")) for j, p in enumerate(m.get("approvals", []))]
            for field, key in refs:
                if key is not None and key not in person_id:
                    raise _refused(at.at(f"assessment.{field}"), f"ไม่มีบุคคล “{key}” ใน office.people",
                                   f"no person “{key}” in office.people")
            with _field(at.at(f"assessment.memos[{i}]")):
                mid = ex("INSERT INTO memos (assessment_id, pos, department, number, date, subject, recipient, "
                         "closing, signature, signer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (aid, i, m.get("department", ""), m.get("number", ""), m.get("date"), m.get("subject"),
                          m.get("recipient"), m.get("closing", ""), m.get("signature", ""),
                          person_id.get(m.get("signer")))).lastrowid
            for j, sec in enumerate(m.get("sections", [])):
                with _field(at.at(f"assessment.memos[{i}].sections[{j}]")):
                    ex("INSERT INTO memo_sections (memo_id, pos, heading, paragraphs, attach_measures_table) "
                       "VALUES (?, ?, ?, ?, ?)", (mid, j, sec.get("heading", ""),
                                                  json.dumps(sec.get("paragraphs", []), ensure_ascii=False),
                                                  int(bool(sec.get("attach_measures_table")))))
            for j, p in enumerate(m.get("approvals", [])):
                with _field(at.at(f"assessment.memos[{i}].approvals[{j}]")):
                    ex("INSERT INTO memo_approvals (memo_id, pos, title, choices, comment, person_id) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (mid, j, p.get("title"),
                                                     json.dumps(p.get("choices") or [], ensure_ascii=False),
                                                     p.get("comment", ""), person_id.get(p.get("person"))))

    def _insert_assessment(self, office_id: int, a: dict[str, Any], person_id: dict[str, int]) -> None:
        ts = a.get("tool_scores", {})
        aid = self.db["assessments"].insert({
            "office_id": office_id, "year": a["year"], "tool_iit": ts.get("IIT"), "tool_eit": ts.get("EIT"),
            "tool_oit": ts.get("OIT"), "published_overall": a.get("published_overall"),
            "analysis_intro": a.get("analysis_intro", ""), "preface": a.get("preface", ""),
            "principles": a.get("principles", "")}).last_pk
        self.db["indicator_scores"].insert_all(
            {"assessment_id": aid, "indicator": int(k), "score": float(v)} for k, v in a["scores"].items())
        self.db["history"].insert_all(
            {"assessment_id": aid, "year": h["year"], "overall": h.get("overall"), "level": h.get("level", ""),
             "scores_json": json.dumps(h.get("scores", {}), ensure_ascii=False)} for h in a.get("history", []))
        self.db["findings"].insert_all(
            {"assessment_id": aid, "pos": i, "indicator": f.get("indicator"), "item": f.get("item"),
             "urgent": int(bool(f.get("urgent"))), "weak_point": f["weak_point"],
             "improvement": f.get("improvement", "")} for i, f in enumerate(a.get("findings", [])))
        measure_id = {}
        for i, m in enumerate(a.get("measures", [])):
            p = m.get("period", {})
            measure_id[m["key"]] = self.db["measures"].insert({
                "assessment_id": aid, "pos": i, "key": m["key"], "issue": m.get("issue", ""), "title": m["title"],
                "steps": m.get("steps", ""), "responsible": m.get("responsible", ""),
                "period_start": p.get("start"), "period_end": p.get("end"), "period_text": p.get("text", ""),
                "indicators": json.dumps(m.get("indicators", [])),
                "items": json.dumps(m.get("items", []))}).last_pk
        self.db["results"].insert_all(
            {"measure_id": measure_id[r["measure"]], "round": r["round"], "done": r.get("done", ""),
             "outcome": r.get("outcome", ""), "suggestions": r.get("suggestions", ""),
             "evidence_urls": json.dumps(r.get("evidence_urls", []), ensure_ascii=False),
             "participants": r.get("participants"), "target": r.get("target")} for r in a.get("results", []))
        self.db["limitations"].insert_all(
            {"assessment_id": aid, "pos": i, "topic": x["topic"], "text": x.get("text", "")}
            for i, x in enumerate(a.get("limitations", [])))
        self.db["plan_rows"].insert_all(
            {"assessment_id": aid, "pos": i, "issue": x["issue"], "item": x.get("item"),
             **{k: x.get(k, "") for k in ("item_text", "analysis", "measure", "related", "steps", "period",
                                          "responsible")}}
            for i, x in enumerate(a.get("next_year_plan", [])))
        for i, m in enumerate(a.get("memos", [])):
            mid = self.db["memos"].insert({
                "assessment_id": aid, "pos": i, "department": m.get("department", ""),
                "number": m.get("number", ""), "date": m.get("date"), "subject": m["subject"],
                "recipient": m["recipient"], "closing": m.get("closing", ""),
                "signature": m.get("signature", ""),
                "signer_id": person_id.get(m["signer"]) if m.get("signer") else None}).last_pk
            self.db["memo_sections"].insert_all(
                {"memo_id": mid, "pos": j, "heading": s.get("heading", ""),
                 "paragraphs": json.dumps(s["paragraphs"], ensure_ascii=False),
                 "attach_measures_table": int(bool(s.get("attach_measures_table")))}
                for j, s in enumerate(m.get("sections", [])))
            self.db["memo_approvals"].insert_all(
                {"memo_id": mid, "pos": j, "title": p["title"],
                 "choices": json.dumps(p.get("choices", []), ensure_ascii=False), "comment": p.get("comment", ""),
                 "person_id": person_id[p["person"]]} for j, p in enumerate(m.get("approvals", [])))


_UPSERT_PERSON = ("INSERT INTO people (office_id, key, name, position, department, signature, pos) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (office_id, key) DO UPDATE SET name = excluded.name, "
                  "position = excluded.position, department = excluded.department, "
                  "signature = excluded.signature, pos = excluded.pos")

_UPSERT_PERSON_CHANGED = _UPSERT_PERSON + " WHERE " + " OR ".join(
    f"people.{c} IS NOT excluded.{c}" for c in ("name", "position", "department", "signature", "pos"))

_MEASURE_COLS = ("pos", "issue", "title", "steps", "responsible", "period_start", "period_end", "period_text",
                 "indicators", "items")
_UPSERT_MEASURE = (
    "INSERT INTO measures (assessment_id, pos, key, issue, title, steps, responsible, period_start, period_end, "
    "period_text, indicators, items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (assessment_id, key) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _MEASURE_COLS)
    + " WHERE " + " OR ".join(f"measures.{c} IS NOT excluded.{c}" for c in _MEASURE_COLS))

_RESULT_COLS = ("done", "outcome", "suggestions", "evidence_urls", "participants", "target")
_UPSERT_RESULT = (
    "INSERT INTO results (measure_id, round, done, outcome, suggestions, evidence_urls, participants, target) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measure_id, round) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _RESULT_COLS)
    + " WHERE " + " OR ".join(f"results.{c} IS NOT excluded.{c}" for c in _RESULT_COLS))


def _compact(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop keys whose value is None or empty ('' / [] / {}) so exports match what was imported."""
    return {k: v for k, v in d.items() if k in keep or v not in (None, "", [], {})}
