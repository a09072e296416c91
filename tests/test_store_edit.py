"""Editing through the store (the GUI's autosave) and Ctrl+F search over measures and results."""

import copy
import sqlite3

import pytest
import sqlite_utils

from ita_desktop.app import load_demo
from ita_desktop.store import migrations
from ita_desktop.store.connection import connect
from ita_desktop.store.migrations import LATEST, SEARCH_FIELDS, schema_version
from ita_desktop.store.repo import DuplicateOfficeName, NotFound, Store, StoreWriteError
from ita_desktop.store.search import Hit, has_index, rebuild_index, search, snippet


@pytest.fixture
def store(db_path):
    s = Store(connect(db_path))
    load_demo(s)
    yield s
    s.db.close()


def _office(store, name):
    return store.find_office(name)["id"]


def _index_rows(db):
    return db.execute("SELECT rowid, text FROM search_index ORDER BY rowid").fetchall()


def _expected_index_rows(db):
    """What the index must hold: one row per non-empty searched column (rowid = id * 8 + field code)."""
    rows = []
    for code, (table, col) in enumerate(SEARCH_FIELDS):
        rows += db.execute(f"SELECT id * 8 + {code}, {col} FROM {table} WHERE {col} <> ''").fetchall()
    return sorted(rows)


def _dump(db):
    """Every table's rows (not the index), to show that a failed write changed nothing."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%'")]
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in sorted(tables)}


PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJ"
       "RU5ErkJggg==")


# -- search --------------------------------------------------------------

def test_schema_3_has_the_trigram_index(store):
    assert LATEST >= 3 and schema_version(store.db) == LATEST
    assert has_index(store)
    assert _index_rows(store.db) == _expected_index_rows(store.db)


def test_search_finds_thai_words_in_measures_and_results(store):
    hits = search(store, "ทุจริต")
    assert hits and all(isinstance(h, Hit) for h in hits)
    assert {h.office_name for h in hits} == {"อบต.ปากช่อง", "อบต.ห้วยเตย"}
    for h in hits:
        assert "ทุจริต" in h.snippet and len(h.snippet) <= 90 and "\n" not in h.snippet
    title_hits = [h for h in hits if h.field == "title"]
    assert any(h.measure_title == "การป้องกันการทุจริต" and h.round is None and h.year == 2565 for h in title_hits)

    conflict = search(store, "ผลประโยชน์ทับซ้อน")
    assert any(h.office_name == "อบต.ห้วยเตย" and h.year == 2568 and h.round is None for h in conflict)

    done = search(store, "ผู้เข้าร่วมโครงการ")  # in ห้วยเตย's 12-month results
    assert any(h.round == 12 and h.field in ("done", "outcome", "suggestions") for h in done)
    assert all(h.round in (None, 6, 12) for h in done)


def test_hits_are_ordered_by_office_year_measure_round(store):
    oid = _office(store, "อบต.ห้วยเตย")
    d = store.year_doc(oid, 2568)
    older = copy.deepcopy(d["assessment"])
    older["year"] = 2567
    store.save_year(oid, d["office"], older)
    hits = search(store, "ทุจริต", limit=1000)
    keys = [(h.office_name, -h.year) for h in hits]
    assert keys == sorted(keys)
    assert [h.year for h in hits if h.office_name == "อบต.ห้วยเตย"][0] == 2568
    pos = {m["key"]: i for i, m in enumerate(d["assessment"]["measures"])}
    one_year = [(pos[h.measure_key], h.round or 0) for h in hits if h.office_id == oid and h.year == 2568]
    assert one_year == sorted(one_year)
    assert len(search(store, "ทุจริต", limit=3)) == 3


def test_search_follows_save_year_and_delete(store):
    oid = _office(store, "อบต.ห้วยเตย")
    d = store.year_doc(oid, 2568)
    a = d["assessment"]
    a["measures"][0]["title"] = "โครงการรณรงค์ต่อต้านคอร์รัปชันเชิงรุก"
    key1 = a["measures"][1]["key"]
    a["results"].append({"measure": key1, "round": 6, "outcome": "ประชาชนพึงพอใจระบบ Smart-Office ร้อยละ ๙๐"})
    store.save_year(oid, d["office"], a)
    assert [(h.measure_key, h.field, h.round) for h in search(store, "คอร์รัปชันเชิงรุก")] == [
        (a["measures"][0]["key"], "title", None)]
    hit, = search(store, "smart-office")
    assert (hit.measure_key, hit.round, hit.field) == (key1, 6, "outcome")
    assert "Smart-Office" in hit.snippet

    a["measures"][0]["title"] = "ชื่อใหม่อีกครั้ง"
    store.save_year(oid, d["office"], a)
    assert search(store, "คอร์รัปชันเชิงรุก") == []
    assert search(store, "ชื่อใหม่อีกครั้ง")[0].measure_key == a["measures"][0]["key"]

    # a measure taken out takes its results out of the index too (ON DELETE CASCADE fires the triggers)
    a["measures"] = [m for m in a["measures"] if m["key"] != key1]
    a["results"] = [r for r in a["results"] if r["measure"] != key1]
    store.save_year(oid, d["office"], a)
    assert search(store, "smart-office") == []
    assert _index_rows(store.db) == _expected_index_rows(store.db)

    store.delete_year(oid, 2568)
    assert search(store, "ชื่อใหม่อีกครั้ง") == []
    assert all(h.office_id != oid for h in search(store, "ทุจริต", limit=1000))
    assert _index_rows(store.db) == _expected_index_rows(store.db)
    with pytest.raises(NotFound, match="2568"):
        store.delete_year(oid, 2568)

    store.db.execute("DELETE FROM offices")  # cascades through assessments and measures to results
    assert _index_rows(store.db) == []


def test_short_queries_use_like_and_everything_is_punctuation_safe(store):
    oid = _office(store, "อบต.ปากช่อง")
    d = store.year_doc(oid, 2565)
    m = d["assessment"]["measures"][0]
    m["steps"] = 'เผยแพร่ตามข้อ O27 (ร้อยละ 100%) ใน "q-service" ๆ ฯ_ทดสอบ'
    store.save_year(oid, d["office"], d["assessment"])
    assert [(h.measure_key, h.field) for h in search(store, "O2")] == [(m["key"], "steps")]
    assert [h.measure_key for h in search(store, "o27")] == [m["key"]]  # FTS: case-insensitive
    assert [h.measure_key for h in search(store, "%")] == [m["key"]]  # escaped, not "everything"
    assert [h.measure_key for h in search(store, "_ท")] == [m["key"]]
    assert search(store, "9%") == []
    assert {h.measure_key for h in search(store, "ๆ")} >= {m["key"]}
    assert [h.measure_key for h in search(store, '"q-service"')] == [m["key"]]
    assert len(search(store, "ITA")) == len(search(store, "ita")) > 0
    for q in ['"', '""', "'", "e-service", "a OR b", "NEAR(x y)", "*", "^ทุจ", "(ทุจริต", "ทุจ:ริต", "\\",
              "O27 AND", "{steps}: x", "ๆ ๆ", "-", "a\"b"]:
        search(store, q)  # never a syntax error
    assert search(store, "") == search(store, "   ") == []
    assert search(store, "ทุจริต", limit=0) == []


def test_office_filter(store):
    pak = _office(store, "อบต.ปากช่อง")
    hits = search(store, "ทุจริต", office_id=pak, limit=1000)
    assert hits and {h.office_id for h in hits} == {pak}
    assert {h.office_name for h in search(store, "ๆ", office_id=pak, limit=1000)} <= {"อบต.ปากช่อง"}
    assert len(hits) < len(search(store, "ทุจริต", limit=1000))


def test_snippet_keeps_thai_characters_whole():
    text = "ก" * 50 + "ที่ไม่ได้ทุจริตเลย " + "เกี้ยว" * 30
    s = snippet(text, "ทุจริต")
    assert "ทุจริต" in s and len(s) <= 90
    body = s.strip("…")
    assert body[0] not in "ะาำิีึืุู่้๊๋็์ั" and body[-1] not in "เแโใไ"
    assert snippet("สั้น\nสอง", "สอง") == "สั้น สอง"


def test_without_trigram_the_migration_succeeds_and_search_uses_like(db_path, store):
    """An SQLite without FTS5's trigram (< 3.34): schema 3 without the index, LIKE for everything."""
    expected = search(store, "ทุจริต", limit=1000)

    class NoTrigram:  # the CREATE VIRTUAL TABLE fails the way such an SQLite fails
        def __init__(self, db):
            self.db = db

        def execute(self, sql, *args):
            if "VIRTUAL TABLE" in sql:
                raise sqlite3.OperationalError("no such tokenizer: trigram")
            return self.db.execute(sql, *args)

    path = db_path.with_name("old.db")
    raw = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(raw)
    for step in migrations.STEPS[:2]:
        step(old)
    raw.execute("BEGIN")
    migrations._v3(NoTrigram(old))
    raw.execute("PRAGMA user_version = 3")
    raw.execute("COMMIT")
    raw.close()
    s = Store(connect(path))
    assert schema_version(s.db) == LATEST and not has_index(s)
    load_demo(s)  # no triggers to trip over
    assert search(s, "ทุจริต", limit=1000) == expected
    assert search(s, "ผลประโยชน์ทับซ้อน") == search(store, "ผลประโยชน์ทับซ้อน")
    # a newer SQLite later: the index can be built then
    assert rebuild_index(s) is True and has_index(s)
    assert _index_rows(s.db) == _expected_index_rows(s.db)
    assert search(s, "ทุจริต", limit=1000) == expected
    s.db.close()


def test_a_version_2_file_is_indexed_when_migrated(db_path, store, tmp_path):
    """A database of schema 2 (before search) gets the index filled from its rows and a backup."""
    path = tmp_path / "v2.db"
    raw = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(raw)
    for step in migrations.STEPS[:2]:
        step(old)
    raw.execute("PRAGMA user_version = 2")
    raw.execute("ATTACH DATABASE ? AS src", (str(db_path),))
    raw.execute("BEGIN")
    for (table,) in raw.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'").fetchall():
        cols = ", ".join(r[1] for r in raw.execute(f"PRAGMA main.table_info({table})"))
        raw.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM src.{table}")
    raw.execute("COMMIT")
    raw.execute("DETACH DATABASE src")
    raw.close()

    s = Store(connect(path))
    assert schema_version(s.db) == LATEST
    assert path.with_name("v2.v2-backup.db").exists()
    assert _index_rows(s.db) == _expected_index_rows(s.db) != []
    for q in ("ทุจริต", "ผลประโยชน์ทับซ้อน", "ITA"):
        assert search(s, q, limit=1000) == search(store, q, limit=1000) != []
    for o in store.offices():
        assert s.office_doc(o["id"]) == store.office_doc(o["id"])
    s.db.close()


# -- editing -------------------------------------------------------------

def test_save_year_round_trip(store):
    for o in store.offices():
        oid = o["id"]
        for year in store.years(oid):
            before = store.office_doc(oid)
            d = store.year_doc(oid, year)
            assert d == {"office": before["office"], "assessment": before["assessments"][0]}
            aid = store.assessment(oid, year)["id"]
            index = _index_rows(store.db)
            store.save_year(oid, copy.deepcopy(d["office"]), copy.deepcopy(d["assessment"]))
            assert store.year_doc(oid, year) == d
            assert store.office_doc(oid) == before
            assert store.assessment(oid, year)["id"] == aid  # the GUI may hold on to it
            assert _index_rows(store.db) == index


def test_save_year_writes_the_edits_and_leaves_other_years_alone(store):
    oid = _office(store, "อบต.ห้วยเตย")
    d = store.year_doc(oid, 2568)
    older = copy.deepcopy(d["assessment"])
    older["year"] = 2567
    store.save_year(oid, d["office"], older)
    before_2567 = store.year_doc(oid, 2567)["assessment"]

    office, a = copy.deepcopy(d["office"]), copy.deepcopy(d["assessment"])
    office["name"] = "องค์การบริหารส่วนตำบลห้วยเตยใหม่"
    office["departments"] = ["กองช่าง", "สำนักปลัด"]
    office["people"] = [{"key": "p2", "name": "นายสมชาย ใจดี", "position": "ปลัด", "signature": PNG},
                        {"key": "p1", "name": "นางสาวสมหญิง ดีใจ", "position": "นักวิเคราะห์"}]
    office.update(emblem=PNG, font="TH SarabunIT๙", thai_digits=False, website="https://huaitoei.go.th",
                  report_columns=[{"key": "measure", "header": "มาตรการ", "visible": True}])
    a["measures"].reverse()
    a["measures"][0]["steps"] = "ขั้นตอนใหม่"
    a["results"] = [r for r in a["results"] if r["round"] == 12][:3]
    a["results"][0]["participants"] = 99
    a["scores"]["3"] = 55.5
    a["findings"] = a.get("findings", [])[:1]
    store.save_year(oid, office, a)
    got = store.year_doc(oid, 2568)
    assert got["office"] == office
    assert got["office"]["departments"] == office["departments"]
    assert got["office"]["people"] == office["people"]  # in the order given
    assert [m["key"] for m in got["assessment"]["measures"]] == [m["key"] for m in a["measures"]]
    assert got["assessment"]["measures"] == a["measures"]
    assert sorted(got["assessment"]["results"], key=str) == sorted(a["results"], key=str)
    assert got["assessment"]["scores"]["3"] == 55.5
    assert store.year_doc(oid, 2567)["assessment"] == before_2567
    assert _index_rows(store.db) == _expected_index_rows(store.db)


def test_people_left_out_are_deleted(store):
    oid = _office(store, "อบต.ปากช่อง")
    d = store.year_doc(oid, 2565)
    memo = d["assessment"]["memos"][0]
    last = memo["approvals"].pop()["person"]
    keep = [p for p in d["office"]["people"] if p["key"] != last]
    d["office"]["people"] = keep
    store.save_year(oid, d["office"], d["assessment"])
    assert store.year_doc(oid, 2565) == d
    n = store.db.execute("SELECT count(*) FROM people WHERE office_id = ?", (oid,)).fetchone()[0]
    assert n == len(keep)

    # a memo that still names a removed person is refused, nothing written
    before = _dump(store.db)
    d["office"]["people"] = [p for p in keep if p["key"] != memo["signer"]]
    with pytest.raises(StoreWriteError, match=memo["signer"]):
        store.save_year(oid, d["office"], d["assessment"])
    assert _dump(store.db) == before


def test_people_removed_from_the_profile_only_unlink_other_years(store):
    oid = _office(store, "อบต.ปากช่อง")
    d = store.year_doc(oid, 2565)
    signer = d["assessment"]["memos"][0]["signer"]
    office = copy.deepcopy(d["office"])
    office["people"] = [p for p in office["people"] if p["key"] != signer]
    store.save_year(oid, office, None)  # profile only: the 2565 memo keeps its row, loses the signer
    memo = store.year_doc(oid, 2565)["assessment"]["memos"][0]
    assert "signer" not in memo and memo["subject"] == d["assessment"]["memos"][0]["subject"]


def test_duplicate_office_name_is_refused_and_nothing_changes(store):
    pak = _office(store, "อบต.ปากช่อง")
    huai = store.office(_office(store, "อบต.ห้วยเตย"))
    before = _dump(store.db)
    d = store.year_doc(pak, 2565)
    d["office"]["name"] = huai["name"]
    d["assessment"]["measures"][0]["title"] = "ไม่ควรถูกบันทึก"
    with pytest.raises(DuplicateOfficeName) as e:
        store.save_year(pak, d["office"], d["assessment"])
    assert isinstance(e.value, ValueError)
    assert huai["name"] in str(e.value) and "already" in str(e.value) and "มีหน่วยงาน" in str(e.value)
    with pytest.raises(DuplicateOfficeName):
        store.create_office({"name": huai["name"], "type": "อบต.", "province": "มหาสารคาม"})
    assert _dump(store.db) == before
    assert search(store, "ไม่ควรถูกบันทึก") == []


@pytest.mark.parametrize("where, break_it", [
    ("scores.3", lambda o, a: a["scores"].__setitem__("3", 150)),
    ("results[0]", lambda o, a: a["results"][0].__setitem__("participants", -1)),
    ("results[1]", lambda o, a: a["results"][1].__setitem__("round", 7)),
    ("measures[2]", lambda o, a: a["measures"][2].pop("title")),
    ("measures[1].key", lambda o, a: a["measures"][1].__setitem__("key", a["measures"][0]["key"])),
    ("results[0].measure", lambda o, a: a["results"][0].__setitem__("measure", "nope")),
    ("office.people[0]", lambda o, a: o["people"][0].__setitem__("position", None)),
    ("office", lambda o, a: o.__setitem__("province", None)),
    ("findings[0]", lambda o, a: a.setdefault("findings", []).append({"indicator": 11, "weak_point": "x"})),
    ("memos[0]", lambda o, a: a["memos"][0].__setitem__("signature", "stamp")),
])
def test_a_refused_write_names_the_field_and_writes_nothing(store, where, break_it):
    oid = _office(store, "อบต.ปากช่อง")
    before = _dump(store.db)
    index = _index_rows(store.db)
    d = store.year_doc(oid, 2565)
    d["office"]["short_name"] = "อบต.ปากช่องใหม่"  # written first: must be rolled back too
    d["assessment"]["measures"][0]["title"] = "หัวข้อใหม่ที่ต้องไม่ถูกบันทึก"
    break_it(d["office"], d["assessment"])
    with pytest.raises(StoreWriteError) as e:
        store.save_year(oid, d["office"], d["assessment"])
    msg = str(e.value)
    assert where in msg and "บันทึกไม่ได้" in msg and "cannot save" in msg
    assert _dump(store.db) == before
    assert _index_rows(store.db) == index
    assert search(store, "หัวข้อใหม่ที่ต้องไม่ถูกบันทึก") == []


def test_create_office_then_add_a_year(store):
    oid = store.create_office({"name": "เทศบาลตำบลทดสอบ", "short_name": "ทต.ทดสอบ", "type": "เทศบาลตำบล",
                               "province": "ราชบุรี", "departments": ["สำนักปลัด"],
                               "people": [{"key": "k", "name": "นายทดสอบ ระบบ", "position": "ปลัด"}]})
    d = store.year_doc(oid, None)
    assert d["assessment"] is None and d["office"]["short_name"] == "ทต.ทดสอบ"
    assert d["office"]["people"] == [{"key": "k", "name": "นายทดสอบ ระบบ", "position": "ปลัด"}]
    assert store.years(oid) == []
    with pytest.raises(NotFound):
        store.year_doc(oid, 2568)
    a = {"year": 2568, "scores": {"1": 90.0},
         "measures": [{"key": "m1", "title": "เปิดเผยข้อมูลสาธารณะผ่านเว็บไซต์"}],
         "results": [{"measure": "m1", "round": 6, "done": "เผยแพร่ครบถ้วนแล้ว"}]}
    store.save_year(oid, d["office"], a)
    assert store.years(oid) == [2568]
    assert store.year_doc(oid, 2568)["assessment"] == a
    hit, = search(store, "เผยแพร่ครบถ้วน")
    assert (hit.office_name, hit.year, hit.measure_key, hit.round, hit.field) == ("ทต.ทดสอบ", 2568, "m1", 6, "done")
    with pytest.raises(NotFound):
        store.save_year(9999, d["office"], None)
