"""The store: schema versions, foreign keys, atomic import, round trip of the interchange format."""

import copy
import json
import sqlite3

import pytest
import sqlite_utils

from ita_desktop.app import demo_files, load_demo, open_store
from ita_desktop.store.connection import StoreError, connect
from ita_desktop.store.interchange import InterchangeError, export_file, import_file, load_file, validate
from ita_desktop.store.migrations import LATEST, schema_version
from ita_desktop.store.repo import NotFound, Store


@pytest.fixture
def store(db_path):
    s = Store(connect(db_path))
    yield s
    s.db.close()


def _pak_chong():
    return next(load_file(p) for p in demo_files() if "pak_chong" in p.name)


def test_new_database_has_latest_schema_fk_and_wal(store):
    assert schema_version(store.db) == LATEST
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_database_is_refused_and_not_touched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        connect(db_path)
    assert db_path.read_bytes() == before


def test_garbage_file_gives_clear_message(db_path):
    db_path.write_bytes(b"this is a Word document, not a database" * 100)
    with pytest.raises(StoreError, match="not a database"):
        connect(db_path)


def test_demo_offices_round_trip_through_export(store, tmp_path):
    load_demo(store)
    names = [o["short_name"] for o in store.offices()]
    assert set(names) == {"อบต.ห้วยเตย", "อบต.ปากช่อง"}
    for p in demo_files():
        original = load_file(p)
        office = store.find_office(original["office"]["name"])
        out = tmp_path / "out.json"
        exported = export_file(store, office["id"], out)
        assert json.loads(out.read_text(encoding="utf-8")) == exported
        # everything imported comes back out (the exporter drops only empty fields)
        a_in, a_out = original["assessments"][0], exported["assessments"][0]
        assert [m["title"] for m in a_in.get("measures", [])] == [m["title"] for m in a_out.get("measures", [])]
        assert len(a_in.get("results", [])) == len(a_out.get("results", []))
        assert {k: float(v) for k, v in a_in["scores"].items()} == a_out["scores"]
        assert len(a_in.get("memos", [])) == len(a_out.get("memos", []))
        # and importing the export into a fresh database gives the same export again
        s2 = Store(connect(tmp_path / f"second-{p.stem}.db"))
        oid = import_file(s2, out)
        assert s2.office_doc(oid) == exported
        s2.db.close()


def test_bad_score_names_the_field(tmp_path):
    doc = _pak_chong()
    doc["assessments"][0]["scores"] = {"3": 120}
    with pytest.raises(InterchangeError) as e:
        validate(doc, "pak.json")
    msg = str(e.value)
    assert "pak.json" in msg and "assessments[0].scores.3" in msg and "ค่ามากเกินไป" in msg and "100" in msg


def test_dangling_measure_and_person_refs_are_refused():
    doc = _pak_chong()
    doc["assessments"][0]["results"][0]["measure"] = "nope"
    with pytest.raises(InterchangeError, match=r"results\[0\]\.measure"):
        validate(doc)
    doc = _pak_chong()
    doc["assessments"][0]["memos"][0]["signer"] = "ghost"
    with pytest.raises(InterchangeError, match="ghost"):
        validate(doc)


def test_invalid_json_names_line_and_column(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"format": "ita-desktop/1",\n  "office": }', encoding="utf-8")
    with pytest.raises(InterchangeError, match="บรรทัด 2"):
        load_file(p)


def test_failed_import_writes_nothing(store):
    load_demo(store)
    before = store.office_doc(store.find_office("อบต.ปากช่อง")["id"])
    doc = _pak_chong()
    doc["assessments"][0]["measures"][0]["title"] = "แก้ไขแล้ว"
    # a fault the schema cannot see: the database refuses the second measure's duplicate key
    # only after the office and the first rows were written -> must roll back all of it
    doc2 = copy.deepcopy(doc)
    doc2["assessments"][0]["measures"][1]["key"] = doc2["assessments"][0]["measures"][0]["key"]
    with pytest.raises(sqlite3.IntegrityError):
        store.import_doc(doc2)
    assert store.office_doc(store.find_office("อบต.ปากช่อง")["id"]) == before


def test_reimport_replaces_the_year_without_duplicates(store):
    load_demo(store)
    load_demo(store)
    assert len(store.offices()) == 2
    office = store.find_office("อบต.ห้วยเตย")
    assert store.years(office["id"]) == [2568]


def test_foreign_keys_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO assessments (office_id, year) VALUES (999, 2568)")


def test_find_office_messages(store):
    load_demo(store)
    with pytest.raises(NotFound, match="ห้วยเตย"):
        store.find_office(None)  # two offices: must name one
    with pytest.raises(NotFound, match="no office"):
        store.find_office("เทศบาลไม่มีจริง")


def test_first_start_creates_an_empty_database_and_the_demo_only_on_request(tmp_path, monkeypatch):
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "appdata"))
    s = open_store()  # the default database: nothing filled in silently (the window's welcome offers the demo)
    assert s.offices() == [] and (tmp_path / "appdata" / "ita-desktop.sqlite3").exists()
    s.db.close()
    s = open_store(tmp_path / "demo.db", seed_demo=True)
    assert {o["short_name"] for o in s.offices()} == {"อบต.ห้วยเตย", "อบต.ปากช่อง"}
    s.db.close()
    s = open_store(tmp_path / "empty.db")
    assert s.offices() == []
    s.db.close()


def test_migrating_an_old_file_writes_a_backup(db_path, tmp_path, monkeypatch):
    from ita_desktop.app import backups_for
    from ita_desktop.store import migrations

    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "appdata"))
    s = Store(connect(db_path))
    load_demo(s)
    s.db.close()
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [lambda db: db.execute("CREATE TABLE extra (x)")])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    s = open_store(db_path)
    assert schema_version(s.db) == LATEST + 1
    backups = [b for b in backups_for(db_path).list() if b.kind == f"pre-migration-v{LATEST}"]
    assert len(backups) == 1 and backups[0].path.parent.parent == tmp_path / "appdata" / "backups"
    assert not db_path.with_name(f"{db_path.stem}.v{LATEST}-backup.db").exists()  # none beside the user's file
    backup = backups[0].path
    b = sqlite3.connect(backup)
    assert b.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert b.execute("SELECT count(*) FROM offices").fetchone()[0] == 2
    b.close()
    s.db.close()


def test_a_version_1_file_keeps_its_data_when_migrated_to_version_2(db_path, tmp_path):
    """A database written by the first release (schema 1) opens in this one."""
    from ita_desktop.store import migrations

    raw = sqlite3.connect(db_path)
    old = sqlite_utils.Database(raw)
    migrations._v1(old)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO offices (name, type, province) VALUES ('องค์การบริหารส่วนตำบลทดสอบ', 'อบต.', 'ราชบุรี')")
    raw.commit()
    raw.close()
    s = Store(connect(db_path))
    assert schema_version(s.db) == LATEST >= 2
    o = s.find_office("องค์การบริหารส่วนตำบลทดสอบ")
    assert o["province"] == "ราชบุรี" and o["emblem"] == "" and o["thai_digits"] == 1
    assert db_path.with_name(f"{db_path.stem}.v1-backup.db").exists()
    s.db.close()


def test_office_profile_images_and_texts_round_trip(store, tmp_path):
    png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    doc = load_file(next(f for f in demo_files() if "pak_chong" in f.name))
    doc["office"].update(emblem=png, font="TH SarabunIT๙", thai_digits=False,
                         report_columns=[{"key": "measure", "header": "มาตรการ", "visible": True}])
    doc["office"]["people"][0]["signature"] = png
    a = doc["assessments"][0]
    a["preface"] = "คำนำของหน่วยงานเอง"
    a["principles"] = "หลักการของหน่วยงานเอง"
    if a.get("memos"):
        a["memos"][0]["signature"] = "typed"
    validate(doc)
    office_id = store.import_doc(doc)
    out = store.office_doc(office_id)
    assert out["office"]["emblem"] == png and out["office"]["thai_digits"] is False
    assert out["office"]["font"] == "TH SarabunIT๙"
    assert out["office"]["report_columns"] == doc["office"]["report_columns"]
    assert out["office"]["people"][0]["signature"] == png
    assert out["assessments"][0]["preface"] == "คำนำของหน่วยงานเอง"
    assert out["assessments"][0]["principles"] == "หลักการของหน่วยงานเอง"
    if a.get("memos"):
        assert out["assessments"][0]["memos"][0]["signature"] == "typed"
    bad = copy.deepcopy(doc)
    bad["office"]["emblem"] = "C:\\emblem.png"
    with pytest.raises(InterchangeError, match="emblem"):
        validate(bad)
