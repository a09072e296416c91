"""Queries on the store, in the shapes the documents and the GUI use.

An office's data travels as the interchange document (a dict shaped by
``resources/schema/office.schema.json``): the importer writes it, the
exporter and the PDF documents read it. Writes that belong together run in
one transaction (``Store.transaction``): all or nothing.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

import sqlite_utils


class NotFound(LookupError):
    """An office or fiscal year the clerk named is not in the database."""


class Store:
    """The ITA Desktop database (a ``sqlite_utils.Database`` opened by ``connect``)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self._depth = 0

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
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
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
        """Store (or with None, clear) one indicator score; the caller has checked 0–100."""
        with self.transaction():
            if score is None:
                self.db.execute("DELETE FROM indicator_scores WHERE assessment_id = ? AND indicator = ?",
                                (assessment_id, indicator))
            else:
                self.db.execute(
                    "INSERT INTO indicator_scores (assessment_id, indicator, score) VALUES (?, ?, ?) "
                    "ON CONFLICT (assessment_id, indicator) DO UPDATE SET score = excluded.score",
                    (assessment_id, indicator, float(score)))

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
        form; None or [] goes back to the default layout). Raises NotFound."""
        self.office(office_id)
        with self.transaction():
            self.db["offices"].update(office_id, {
                "report_columns": json.dumps(columns, ensure_ascii=False) if columns else ""})

    def office_doc(self, office_id: int, years: list[int] | None = None) -> dict[str, Any]:
        """The office's data as an interchange document (see the JSON Schema).

        ``years``: only these fiscal years (default all). Raises NotFound.
        """
        o = self.office(office_id)
        people = self._rows("SELECT * FROM people WHERE office_id = ? ORDER BY id", (office_id,))
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
        out = {"format": "ita-desktop/1", "office": office, "assessments": []}
        for year in years or self.years(office_id):
            a = self.assessment(office_id, year)
            out["assessments"].append(self._assessment_doc(a, key_of))
        return out

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
        error nothing is written.
        """
        o = doc["office"]
        with self.transaction():
            row = {"name": o["name"], "short_name": o.get("short_name", ""), "type": o["type"],
                   "subdistrict": o.get("subdistrict", ""), "district": o.get("district", ""),
                   "province": o["province"], "doc_prefix": o.get("doc_prefix", ""), "website": o.get("website", ""),
                   "emblem": o.get("emblem", ""), "font": o.get("font", ""),
                   "report_columns": json.dumps(o["report_columns"], ensure_ascii=False) if o.get("report_columns")
                   else "", "thai_digits": int(o.get("thai_digits", True))}
            existing = self._rows("SELECT id FROM offices WHERE name = ?", (o["name"],))
            if existing:
                office_id = existing[0]["id"]
                self.db["offices"].update(office_id, row)
            else:
                office_id = self.db["offices"].insert(row).last_pk
            have = {r["name"] for r in self._rows("SELECT name FROM departments WHERE office_id = ?", (office_id,))}
            start = len(have)
            for i, name in enumerate(n for n in o.get("departments", []) if n not in have):
                self.db["departments"].insert({"office_id": office_id, "pos": start + i, "name": name})
            for p in o.get("people", []):
                self.db.execute(
                    "INSERT INTO people (office_id, key, name, position, department, signature) "
                    "VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (office_id, key) DO UPDATE SET name = excluded.name, "
                    "position = excluded.position, department = excluded.department, "
                    "signature = excluded.signature",
                    (office_id, p["key"], p["name"], p["position"], p.get("department", ""),
                     p.get("signature", "")))
            person_id = {r["key"]: r["id"] for r in self._rows(
                "SELECT id, key FROM people WHERE office_id = ?", (office_id,))}
            for a in doc["assessments"]:
                self.db.execute("DELETE FROM assessments WHERE office_id = ? AND year = ?", (office_id, a["year"]))
                self._insert_assessment(office_id, a, person_id)
        return office_id

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


def _compact(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop keys whose value is None or empty ('' / [] / {}) so exports match what was imported."""
    return {k: v for k, v in d.items() if k in keep or v not in (None, "", [], {})}
