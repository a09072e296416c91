"""The audit trail: every change recorded (who, when, what, old → new), append-only, hash-chained."""

from __future__ import annotations

import copy
import datetime as dt
import getpass
import hashlib
import json
import sqlite3

import pytest

from ita_desktop.app import load_demo
from ita_desktop.store import audit, migrations
from ita_desktop.store.connection import connect
from ita_desktop.store.interchange import load_file
from ita_desktop.store.migrations import LATEST, schema_version
from ita_desktop.store.repo import Store, StoreWriteError

HUAI_TOEI = "อบต.ห้วยเตย"
PAK_CHONG = "อบต.ปากช่อง"
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJ"
       "RU5ErkJggg==")


class Clock:
    """A clock that moves one second per reading, from 1 March 2025 09:00 UTC."""

    def __init__(self) -> None:
        self.t = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        self.t += dt.timedelta(seconds=1)
        return self.t


@pytest.fixture
def store(db_path):
    s = Store(connect(db_path), os_user="clerk-pc", clock=Clock())
    load_demo(s)
    yield s
    s.db.close()


@pytest.fixture
def empty(tmp_path):
    s = Store(connect(tmp_path / "empty.db"), os_user="clerk-pc", clock=Clock())
    yield s
    s.db.close()


def _oid(store, name=HUAI_TOEI):
    return store.find_office(name)["id"]


def _last_id(store) -> int:
    return audit.head(store.db).count


def _new_rows(store, since: int) -> list[audit.Entry]:
    return [e for e in audit.entries(store.db) if e.id > since]


def _tamper(store, *sql: tuple) -> None:
    """Drop the guarding triggers, as someone with a database tool would, then run ``sql``."""
    for t in ("audit_log_no_update", "audit_log_no_delete", "audit_log_chain"):
        store.db.execute(f"DROP TRIGGER {t}")
    for stmt in sql:
        store.db.execute(*stmt)


# -- the table ---------------------------------------------------------------------------------

def test_schema_4_adds_the_audit_log_and_a_fresh_chain_verifies(store):
    assert LATEST == 4 and schema_version(store.db) == 4
    head = audit.head(store.db)
    assert head.count > 0  # the demo offices' import is recorded
    assert audit.verify(store.db) is None
    first = next(audit.entries(store.db))
    assert first.id == 1
    row = store.db.execute("SELECT prev_hash FROM audit_log WHERE id = 1").fetchone()
    assert row[0] == audit.GENESIS == "0" * 64
    assert audit.verify(store.db, anchor=head) is None


def test_the_database_refuses_to_update_or_delete_audit_rows(store):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE audit_log SET new = '\"forged\"' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM audit_log WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM audit_log")
    head = audit.head(store.db)
    # an appended row must continue the chain: next id and the last row's hash
    with pytest.raises(sqlite3.IntegrityError, match="follow the last one"):
        store.db.execute("INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (?, '', 'edit', ?, ?)",
                         (head.count + 1, audit.GENESIS, "f" * 64))
    with pytest.raises(sqlite3.IntegrityError, match="follow the last one"):
        store.db.execute("INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (?, '', 'edit', ?, ?)",
                         (head.count + 5, head.hash, "f" * 64))
    assert audit.head(store.db) == head and audit.verify(store.db) is None


def test_the_hash_is_what_the_docstring_says(store):
    """An independent checker: sha256(prev_hash + JSON array of the stored columns), no spaces, UTF-8."""
    oid = _oid(store)
    d = store.year_doc(oid, 2568)
    d["assessment"]["measures"][0]["title"] = "ชื่อใหม่ \"ทดสอบ\"\nบรรทัดสอง"
    store.save_year(oid, d["office"], d["assessment"])
    cols = ["id", "at", "os_user", "app_person", "office_id", "office_name", "year", "action", "path", "old", "new"]
    prev = "0" * 64
    for row in store.db.execute(f"SELECT {', '.join(cols)}, prev_hash, hash FROM audit_log ORDER BY id"):
        text = json.dumps(list(row[:11]), ensure_ascii=False, separators=(",", ":"))
        assert row[11] == prev
        assert hashlib.sha256((prev + text).encode("utf-8")).hexdigest() == row[12]
        prev = row[12]
    last = store.db.execute("SELECT old, new FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert json.loads(last[1]) == "ชื่อใหม่ \"ทดสอบ\"\nบรรทัดสอง" and "ทดสอบ" in last[1]  # Thai kept as itself


# -- recording -----------------------------------------------------------------------------------

def test_an_edit_records_exactly_the_changed_fields_with_who_and_when(store):
    oid = _oid(store)
    store.set_actor("นายสมชาย ใจดี")
    d = store.year_doc(oid, 2568)
    m0 = d["assessment"]["measures"][0]
    old_title = m0["title"]
    m0["title"] = "มาตรการใหม่"
    d["office"]["website"] = "https://huaitoei.go.th"
    r = next(r for r in d["assessment"]["results"] if r["round"] == 12)
    old_done = r["done"]
    r["done"] = "ดำเนินการครบทุกขั้นตอน"
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])

    rows = _new_rows(store, since)
    assert sorted((e.path, e.old, e.new) for e in rows) == sorted([
        (f"assessment.measures[{m0['key']}].title", old_title, "มาตรการใหม่"),
        ("office.website", None, "https://huaitoei.go.th"),
        (f"assessment.results[{r['measure']}/12].done", old_done, "ดำเนินการครบทุกขั้นตอน"),
    ])
    for e in rows:
        assert e.os_user == "clerk-pc" and e.app_person == "นายสมชาย ใจดี"
        assert e.action == "edit" and e.office_id == oid and e.office_name == "องค์การบริหารส่วนตำบลห้วยเตย"
        assert e.at.endswith("+00:00") and e.at.startswith("2025-03-01T09:")
        assert e.year == (None if e.path.startswith("office.") else 2568)
    assert len({e.at for e in rows}) == 1  # one save, one moment
    assert audit.verify(store.db) is None

    # saving the same document again changes nothing and records nothing
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])
    assert _new_rows(store, since) == []


def test_a_change_from_elsewhere_between_two_saves_is_not_missed(store, db_path):
    """The window's next save records the value it replaces, even when another program wrote it."""
    oid = _oid(store)
    d = store.year_doc(oid, 2568)
    m = d["assessment"]["measures"][0]
    aid = store.assessment(oid, 2568)["id"]
    m["title"] = "ก"
    store.save_year(oid, d["office"], d["assessment"])
    other = sqlite3.connect(db_path)
    other.execute("UPDATE measures SET title = 'จากเครื่องอื่น' WHERE assessment_id = ? AND key = ?", (aid, m["key"]))
    other.commit()
    other.close()
    m["title"] = "ข"
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])
    assert [(e.old, e.new) for e in _new_rows(store, since)] == [("จากเครื่องอื่น", "ข")]
    # the same on this connection, outside the store's methods
    store.db.execute("UPDATE measures SET title = 'แก้ด้วย SQL' WHERE assessment_id = ? AND key = ?", (aid, m["key"]))
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])
    assert [(e.old, e.new) for e in _new_rows(store, since)] == [("แก้ด้วย SQL", "ข")]


def test_the_os_user_defaults_to_the_login_and_to_empty_when_unknown(db_path, monkeypatch):
    s = Store(connect(db_path))
    assert s.os_user == getpass.getuser() and s.actor == ""
    s.db.close()

    def no_user():
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    s = Store(connect(db_path))
    assert s.os_user == ""
    s.set_actor("  somchai ")
    assert s.actor == "somchai"
    s.set_actor(None)
    assert s.actor == ""
    s.db.close()


def test_undoing_an_edit_in_the_window_is_recorded_as_another_change(store, qtbot):
    from ita_desktop.gui.editing import YearDocument

    oid = _oid(store)
    doc = YearDocument.load(store, oid, 2568, autosave_ms=60_000)
    path = ("assessment", "measures", 1, "responsible")
    before = doc.get(path)
    key = doc.get(("assessment", "measures", 1, "key"))
    since = _last_id(store)
    doc.set(path, "กองช่าง")
    assert doc.save_now()
    doc.undo_stack.undo()
    assert doc.save_now()
    rows = _new_rows(store, since)
    assert [(e.path, e.old, e.new) for e in rows] == [
        (f"assessment.measures[{key}].responsible", before, "กองช่าง"),
        (f"assessment.measures[{key}].responsible", "กองช่าง", before),
    ]
    # the history shows both, newest first: the undo did not erase the edit
    hist = audit.history(store.db, oid, 2568, f"assessment.measures[{key}]")
    assert [(e.old, e.new) for e in hist[:2]] == [("กองช่าง", before), (before, "กองช่าง")]


def test_a_refused_save_leaves_no_audit_row(store):
    oid = _oid(store)
    d = store.year_doc(oid, 2568)
    d["assessment"]["measures"][0]["title"] = "เปลี่ยนแล้ว"
    d["assessment"]["scores"]["3"] = 150  # out of range: the database refuses the whole save
    head = audit.head(store.db)
    with pytest.raises(StoreWriteError):
        store.save_year(oid, d["office"], d["assessment"])
    assert audit.head(store.db) == head
    assert audit.verify(store.db) is None
    # and the chain carries on from the same place with the next save
    d["assessment"]["scores"]["3"] = 90
    store.save_year(oid, d["office"], d["assessment"])
    assert audit.head(store.db).count > head.count and audit.verify(store.db) is None


def test_an_outer_transaction_that_rolls_back_takes_its_records_with_it(store):
    oid = _oid(store)
    aid = store.assessment(oid, 2568)["id"]
    head = audit.head(store.db)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_score(aid, 2, 12.5)
        assert audit.head(store.db).count == head.count + 1
        raise RuntimeError("the clerk cancelled")
    assert audit.head(store.db) == head


def test_scores_and_report_columns_are_recorded(store):
    oid = _oid(store)
    aid = store.assessment(oid, 2568)["id"]
    old = store.scores(aid)[4]
    since = _last_id(store)
    store.set_score(aid, 4, 55.5)
    store.set_score(aid, 4, 55.5)  # no change: no row
    store.set_score(aid, 4, None)
    cols = [{"key": "measure", "width": 30}]
    store.set_report_columns(oid, cols)
    store.set_report_columns(oid, None)
    rows = _new_rows(store, since)
    assert [(e.action, e.path, e.old, e.new, e.year) for e in rows] == [
        ("score", "assessment.scores.4", old, 55.5, 2568),
        ("score", "assessment.scores.4", 55.5, None, 2568),
        ("columns", "office.report_columns", None, cols, None),
        ("columns", "office.report_columns", cols, None, None),
    ]


def test_people_and_measures_added_removed_renamed_and_reordered(store):
    oid = _oid(store, PAK_CHONG)
    d = store.year_doc(oid, 2565)
    people = d["office"]["people"]
    gone = people.pop()
    for a in d["assessment"]["memos"][0]["approvals"]:  # the memo named them: it names someone else now
        if a.get("person") == gone["key"]:
            a["person"] = "palad"
    people.append({"key": "new1", "name": "นางสาวใหม่ ทดลอง", "position": "นักวิเคราะห์"})
    people[0], people[1] = people[1], people[0]
    measures = d["assessment"]["measures"]
    old_key = measures[2]["key"]
    measures[2]["key"] = "MX"  # renamed in place, as the window does, with its results
    for r in d["assessment"]["results"]:
        if r["measure"] == old_key:
            r["measure"] = "MX"
    removed_measure = measures.pop(5)
    d["assessment"]["results"] = [r for r in d["assessment"]["results"] if r["measure"] != removed_measure["key"]]
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])
    rows = {e.path: e for e in _new_rows(store, since)}

    assert rows[f"office.people[{gone['key']}]"].old == gone and rows[f"office.people[{gone['key']}]"].new is None
    assert rows["office.people[new1]"].old is None and rows["office.people[new1]"].new["name"] == "นางสาวใหม่ ทดลอง"
    assert rows["assessment.memos[0].approvals[2].person"].new == "palad"
    order = rows["office.people"]
    assert order.old[:2] == [p["key"] for p in people[:2]][::-1] and order.new == [p["key"] for p in people]
    assert (rows["assessment.measures[MX].key"].old, rows["assessment.measures[MX].key"].new) == (old_key, "MX")
    assert f"assessment.measures[{old_key}]" not in rows and "assessment.measures[MX]" not in rows
    assert rows[f"assessment.measures[{removed_measure['key']}]"].old["title"] == removed_measure["title"]
    renamed_results = [p for p in rows if p.startswith("assessment.results[MX/")]
    assert renamed_results and all(p.endswith("].measure") for p in renamed_results)
    # nothing recorded for the measures that only moved up one place
    assert not [p for p in rows if p.startswith("assessment.measures[") and p not in (
        "assessment.measures[MX].key", f"assessment.measures[{removed_measure['key']}]")]

    # the history of MX reaches back to before the rename: to the import of the measure as m3
    d2 = store.year_doc(oid, 2565)
    d2["assessment"]["measures"][2]["title"] = "หลังเปลี่ยนรหัส"
    store.save_year(oid, d2["office"], d2["assessment"])
    hist = audit.history(store.db, oid, 2565, "assessment.measures[MX]")
    assert [e.path for e in hist] == ["assessment.measures[MX].title", "assessment.measures[MX].key",
                                      f"assessment.measures[{old_key}]"]
    assert hist[-1].action == "import" and hist[-1].new["key"] == old_key
    result = audit.history(store.db, oid, 2565, "assessment.results[MX/6]")
    assert [e.path for e in result] == ["assessment.results[MX/6].measure", f"assessment.results[{old_key}/6]"]


def test_deleting_a_finding_is_one_removal_not_a_shift_of_every_later_one(store):
    oid = _oid(store, PAK_CHONG)
    d = store.year_doc(oid, 2565)
    findings = d["assessment"].setdefault("findings", [])
    findings[:] = [{"indicator": i, "weak_point": f"จุดอ่อน {i}"} for i in range(1, 6)]
    store.save_year(oid, d["office"], d["assessment"])
    d = store.year_doc(oid, 2565)  # as stored (urgent: False filled in)
    findings = d["assessment"]["findings"]
    since = _last_id(store)
    first = findings.pop(0)
    findings[1]["improvement"] = "ปรับปรุง"
    store.save_year(oid, d["office"], d["assessment"])
    assert [(e.path, e.old, e.new) for e in _new_rows(store, since)] == [
        ("assessment.findings[0]", first, None),
        ("assessment.findings[1].improvement", None, "ปรับปรุง"),
    ]


def test_images_are_recorded_as_fingerprints(store):
    oid = _oid(store)
    d = store.year_doc(oid, 2568)
    big = PNG + "A" * 2000 + "=="
    d["office"]["emblem"] = big
    since = _last_id(store)
    store.save_year(oid, d["office"], d["assessment"])
    (e,) = _new_rows(store, since)
    assert e.path == "office.emblem" and e.old is None
    assert e.new == f"data:image/png;sha256={hashlib.sha256(big.encode()).hexdigest()};bytes={len(big)}"
    assert "รูปภาพ" in audit.change_text(e)


def test_import_records_the_imported_values_and_a_reimport_only_the_differences(empty):
    from ita_desktop.app import demo_files

    path = next(p for p in demo_files() if "huai_toei" in p.name)
    doc = load_file(path)
    oid = empty.import_doc(doc)
    rows = list(audit.entries(empty.db))
    assert rows and {e.action for e in rows} == {"import"} and all(e.old is None for e in rows)
    paths = {e.path for e in rows}
    a = doc["assessments"][0]
    assert "office.name" in paths and "assessment.year" in paths
    assert {f"assessment.measures[{m['key']}]" for m in a["measures"]} <= paths  # one row per record
    assert {f"assessment.results[{r['measure']}/{r['round']}]" for r in a["results"]} <= paths
    assert all(e.year == 2568 for e in rows if e.path.startswith("assessment"))
    measure = next(e for e in rows if e.path == f"assessment.measures[{a['measures'][0]['key']}]")
    assert measure.new["title"] == a["measures"][0]["title"]

    head = audit.head(empty.db)
    empty.import_doc(copy.deepcopy(doc))
    assert audit.head(empty.db) == head  # nothing changed, nothing recorded

    changed = copy.deepcopy(doc)
    changed["assessments"][0]["measures"][0]["steps"] = "ขั้นตอนใหม่"
    empty.import_doc(changed)
    new = _new_rows(empty, head.count)
    assert [(e.action, e.path, e.new) for e in new] == [
        ("import", f"assessment.measures[{a['measures'][0]['key']}].steps", "ขั้นตอนใหม่")]
    assert audit.history(empty.db, oid) and audit.verify(empty.db) is None


def test_creating_an_office_and_its_first_year_is_recorded(empty):
    oid = empty.create_office({"name": "เทศบาลตำบลทดสอบ", "type": "เทศบาลตำบล", "province": "ราชบุรี",
                               "people": [{"key": "p1", "name": "นายหนึ่ง", "position": "ปลัด"}]})
    rows = list(audit.entries(empty.db))
    assert {(e.action, e.path) for e in rows} == {
        ("create", "office.name"), ("create", "office.type"), ("create", "office.province"),
        ("create", "office.departments"), ("create", "office.people[p1]")}
    office = empty.year_doc(oid, None)["office"]
    empty.save_year(oid, office, {"year": 2568, "scores": {"1": 80},
                                  "measures": [{"key": "M1", "title": "มาตรการแรก"}]})
    new = _new_rows(empty, len(rows))
    assert {(e.action, e.path) for e in new} == {("new-year", "assessment.year"), ("new-year", "assessment.scores.1"),
                                                ("new-year", "assessment.measures[M1]")}


def test_deleting_a_year_records_the_whole_year(store):
    oid = _oid(store)
    year = store.year_doc(oid, 2568)["assessment"]
    since = _last_id(store)
    store.delete_year(oid, 2568)
    (e,) = _new_rows(store, since)
    assert (e.action, e.path, e.year, e.new) == ("delete-year", "assessment", 2568, None)
    assert e.old == year
    assert audit.verify(store.db) is None


def test_history_of_a_measure_is_that_measures_changes_only(store):
    oid = _oid(store, PAK_CHONG)
    d = store.year_doc(oid, 2565)
    ms = d["assessment"]["measures"]
    ms[0]["title"] = "หนึ่ง"
    ms[1]["title"] = "สอง"
    d["office"]["website"] = "https://example.go.th"
    store.save_year(oid, d["office"], d["assessment"])
    ms[0]["steps"] = "ขั้นตอน"
    ms.append({"key": ms[0]["key"] + "0", "title": "คีย์ขึ้นต้นเหมือนกัน"})  # M10 beside M1: not its history
    store.save_year(oid, d["office"], d["assessment"])
    k = ms[0]["key"]
    hist = audit.history(store.db, oid, 2565, f"assessment.measures[{k}]")
    assert [e.path for e in hist] == [f"assessment.measures[{k}].steps", f"assessment.measures[{k}].title"] + \
        [f"assessment.measures[{k}]"]  # and, oldest, its import
    assert hist[-1].action == "import"
    assert all(a.id > b.id for a, b in zip(hist, hist[1:]))  # newest first
    # the profile's rows have no year and show with any year; another office has its own history
    assert [e.path for e in audit.history(store.db, oid, 2565, "office.website")] == ["office.website"]
    assert [e.path for e in audit.history(store.db, oid, 2567, "office.website")] == ["office.website"]
    assert audit.history(store.db, oid, 2567) == [e for e in audit.history(store.db, oid) if e.year is None]
    assert all(e.office_id == _oid(store) for e in audit.history(store.db, _oid(store)))
    assert not audit.history(store.db, _oid(store), 2568, f"assessment.measures[{k}]")


def test_item_path_uses_keys_where_the_records_have_them(store):
    d = store.year_doc(_oid(store, PAK_CHONG), 2565)
    m = d["assessment"]["measures"][2]
    r = d["assessment"]["results"][0]
    p = d["office"]["people"][1]
    assert audit.item_path(d, ("assessment", "measures", 2, "title")) == f"assessment.measures[{m['key']}].title"
    assert audit.item_path(d, ("assessment", "measures", 2, "period/start")) == \
        f"assessment.measures[{m['key']}].period.start"
    assert audit.item_path(d, ("assessment", "results", 0)) == f"assessment.results[{r['measure']}/{r['round']}]"
    assert audit.item_path(d, ("office", "people", 1)) == f"office.people[{p['key']}]"
    assert audit.item_path(d, ("assessment", "memos", 0, "sections", 1)) == "assessment.memos[0].sections[1]"
    assert audit.item_path(d, ("assessment", "scores", "3")) == "assessment.scores.3"
    with pytest.raises(LookupError):
        audit.item_path(d, ("assessment", "measures", 99))


# -- verify ----------------------------------------------------------------------------------------

@pytest.fixture
def chain(store):
    """The demo store with a few more recorded edits (at least 10 rows)."""
    oid = _oid(store)
    aid = store.assessment(oid, 2568)["id"]
    for i, v in enumerate((10, 20, 30, 40)):
        store.set_score(aid, 1 + i, v)
    assert audit.head(store.db).count >= 10 and audit.verify(store.db) is None
    return store


def _break(chain, *sql):
    _tamper(chain, *sql)
    return audit.verify(chain.db)


def test_verify_finds_a_changed_value(chain):
    b = _break(chain, ("UPDATE audit_log SET new = '99.0' WHERE id = 5",))
    assert (b.id, b.kind) == (5, "hash") and "5" in b.message and " / " in b.message


def test_verify_finds_a_changed_old_value_even_when_its_hash_is_rewritten(chain):
    row = chain.db.execute("SELECT * FROM audit_log WHERE id = 4").fetchone()
    cols = [c[1] for c in chain.db.execute("PRAGMA table_info(audit_log)")]
    forged = dict(zip(cols, row), old='"ปลอม"')
    new_hash = audit.row_hash(forged["prev_hash"], forged)
    b = _break(chain, ("UPDATE audit_log SET old = ?, hash = ? WHERE id = 4", (forged["old"], new_hash)))
    assert (b.id, b.kind) == (5, "link")  # row 4 is self-consistent now, but row 5 still points at the old hash


def test_verify_report_gives_the_exit_code_and_the_anchor(chain):
    code, text = audit.verify_report(chain.db)
    head = audit.head(chain.db)
    assert code == 0 and str(head) in text and f"{head.count} rows" in text
    _tamper(chain, ("UPDATE audit_log SET path = 'x' WHERE id = 7",))
    code, text = audit.verify_report(chain.db, head)
    assert code == 1 and "row 7" in text and "rows 1–6" in text


def test_verify_finds_a_changed_hash(chain):
    b = _break(chain, ("UPDATE audit_log SET hash = ? WHERE id = 3", ("a" * 64,)))
    assert (b.id, b.kind) == (3, "hash")


def test_verify_finds_a_deleted_middle_row(chain):
    b = _break(chain, ("DELETE FROM audit_log WHERE id = 6",))
    assert (b.id, b.kind) == (6, "missing")
    assert "6" in b.message


def test_verify_finds_reordered_rows(chain):
    n = audit.head(chain.db).count
    b = _break(chain, ("UPDATE audit_log SET id = -1 WHERE id = 3",), ("UPDATE audit_log SET id = 3 WHERE id = 4",),
               ("UPDATE audit_log SET id = 4 WHERE id = -1",))
    assert (b.id, b.kind) == (3, "link")
    assert audit.head(chain.db).count == n


def test_verify_finds_a_forged_row_with_a_wrong_prev_hash(chain):
    head = audit.head(chain.db)
    forged = {"id": head.count + 1, "at": "2025-03-01T10:00:00.000+00:00", "os_user": "x", "app_person": "",
              "office_id": 1, "office_name": "x", "year": 2568, "action": "score", "path": "assessment.scores.1",
              "old": "10.0", "new": "100.0"}
    prev = "b" * 64
    b = _break(chain, ("INSERT INTO audit_log (id, at, os_user, app_person, office_id, office_name, year, action, "
                       "path, old, new, prev_hash, hash) VALUES (:id, :at, :os_user, :app_person, :office_id, "
                       ":office_name, :year, :action, :path, :old, :new, :prev, :hash)",
                       {**forged, "prev": prev, "hash": audit.row_hash(prev, forged)}))
    assert (b.id, b.kind) == (head.count + 1, "link")


def test_cutting_the_tail_needs_an_anchor_to_be_seen(chain):
    """What the chain alone cannot prove (documented): rows cut from the end leave a valid chain."""
    anchor = audit.head(chain.db)
    assert str(audit.Head.parse(str(anchor))) == str(anchor)
    _tamper(chain, ("DELETE FROM audit_log WHERE id > ?", (anchor.count - 2,)))
    assert audit.verify(chain.db) is None
    b = audit.verify(chain.db, anchor)
    assert b.kind == "anchor" and str(anchor.count) in b.message
    with pytest.raises(ValueError, match="anchor"):
        audit.Head.parse("12:xyz")


# -- migration and the read-only flag ---------------------------------------------------------------

def test_a_version_3_file_gets_an_empty_log_and_the_first_edit_records_the_old_value(tmp_path):
    path = tmp_path / "v3.db"
    s = Store(connect(path), os_user="u", clock=Clock())
    load_demo(s)
    s.db.close()
    raw = sqlite3.connect(path, isolation_level=None)  # the same data as schema 3 held it: no log
    for t in ("audit_log_no_update", "audit_log_no_delete", "audit_log_chain"):
        raw.execute(f"DROP TRIGGER {t}")
    raw.execute("DROP TABLE audit_log")
    raw.execute("PRAGMA user_version = 3")
    raw.close()
    assert migrations.STEPS[3] is migrations._v4

    s = Store(connect(path), os_user="u", clock=Clock())
    assert schema_version(s.db) == 4 and audit.head(s.db).count == 0 and audit.verify(s.db) is None
    oid = _oid(s)
    d = s.year_doc(oid, 2568)
    before = d["assessment"]["measures"][0]["title"]
    d["assessment"]["measures"][0]["title"] = "ใหม่"
    s.save_year(oid, d["office"], d["assessment"])
    (e,) = list(audit.entries(s.db))
    assert (e.id, e.old, e.new) == (1, before, "ใหม่") and audit.verify(s.db) is None
    s.db.close()


def test_read_only_follows_query_only(store):
    assert store.read_only is False
    store.db.execute("PRAGMA query_only = ON")
    assert store.read_only is True
    store.db.execute("PRAGMA query_only = OFF")


# -- describing and the dialog ---------------------------------------------------------------------

def test_describe_is_one_thai_line(store):
    oid = _oid(store)
    store.set_actor("นางสาวสมหญิง")
    aid = store.assessment(oid, 2568)["id"]
    store.set_score(aid, 3, 77)
    (e,) = audit.history(store.db, oid, 2568, "assessment.scores.3")[:1]
    text = audit.describe(e)
    assert "\n" not in text and "นางสาวสมหญิง (clerk-pc)" in text and "assessment.scores.3" in text
    assert "→ “77”" in text and "/2568 " in text  # B.E. year of the day (1 March 2025)


@pytest.mark.usefixtures("language")
def test_field_labels_are_readable_thai():
    from ita_desktop.gui.history_dialog import field_label

    assert field_label("assessment.measures[M1].title") == "มาตรการ M1: มาตรการ/โครงการ/กิจกรรม"
    assert field_label("assessment.findings[2].weak_point") == "ข้อค้นพบ 3: ประเด็นที่ต้องแก้ไข"
    assert field_label("assessment.results[M2/12].done") == "ผลการดำเนินการ M2 (12 เดือน): รายละเอียดการดำเนินการ"
    assert field_label("assessment.scores.3") == "คะแนน ตัวชี้วัด 3"
    assert field_label("office.people[somchai]") == "บุคลากร somchai"
    assert field_label("assessment.memos[0].sections[1].heading").startswith("บันทึกข้อความ 1 › ส่วนเนื้อหา 2: ")
    assert field_label("assessment") == "ข้อมูลของปีงบประมาณ"
    assert field_label("assessment.measures[M1].period.start")  # a label, never an error
    assert field_label("something.odd[") == "something.odd["


@pytest.mark.usefixtures("language")
def test_history_dialog_lists_the_items_changes(store, qtbot, qtmodeltester):
    from PySide6.QtCore import Qt

    from ita_desktop.gui.history_dialog import HistoryDialog, HistoryModel, chain_status
    from ita_desktop.i18n import _

    oid = _oid(store)
    store.set_actor("นายสมชาย")
    d = store.year_doc(oid, 2568)
    key = d["assessment"]["measures"][0]["key"]
    d["assessment"]["measures"][0]["title"] = "ชื่อที่สอง"
    store.save_year(oid, d["office"], d["assessment"])
    dlg = HistoryDialog(store, oid, 2568, f"assessment.measures[{key}]", "มาตรการ " + key)
    qtbot.addWidget(dlg)
    model = dlg.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the edit, then the import
    assert model.data(model.index(0, HistoryModel.WHO)) == "นายสมชาย (clerk-pc)"
    assert model.data(model.index(0, HistoryModel.FIELD)) == f"มาตรการ {key}: มาตรการ/โครงการ/กิจกรรม"
    assert model.data(model.index(0, HistoryModel.CHANGE)).endswith("→ “ชื่อที่สอง”")
    assert "/2568 " in model.data(model.index(0, HistoryModel.WHEN))  # local time, B.E. year
    assert "ชื่อที่สอง" in dlg.details.toPlainText()  # the newest change, selected, in full
    assert model.data(model.index(1, HistoryModel.FIELD)) == f"มาตรการ {key}"
    assert model.headerData(HistoryModel.WHO, Qt.Orientation.Horizontal) == _("Who")

    ok, text = chain_status(store)
    assert ok and str(audit.head(store.db)) in text
    empty = HistoryDialog(store, oid, 2568, "assessment.measures[nothing]", "-")
    qtbot.addWidget(empty)
    assert empty.model.rowCount() == 0 and empty.hint.text()


# -- the command line ----------------------------------------------------------------------------

def test_audit_verify_on_the_command_line_exits_1_at_the_first_broken_link(store, db_path, capsys):
    from ita_desktop.cli import main

    store.db.close()
    before = db_path.read_bytes()
    assert main(["audit", "verify", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "intact" in out and "ครบถ้วน" in out
    anchor = out.strip().splitlines()[-1].split(": ")[-1]
    assert main(["audit", "verify", "--anchor", anchor, "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before  # checking never writes the file

    s = Store(connect(db_path))
    _tamper(s, ("UPDATE audit_log SET new = ? WHERE id = 3", ('"forged"',)))
    s.db.close()
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(db_path)]) == 1
    out = capsys.readouterr().out
    assert "broken" in out and " 3 " in out.replace("row 3", " 3 ")


def test_audit_verify_with_a_bad_anchor_or_no_database_is_a_one_line_user_error(db_path, tmp_path, capsys):
    from ita_desktop.cli import main

    assert main(["audit", "verify", "--db", str(tmp_path / "none.db")]) == 1
    assert "none.db" in capsys.readouterr().err
    Store(connect(db_path)).db.close()
    assert main(["audit", "verify", "--anchor", "not-an-anchor", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
