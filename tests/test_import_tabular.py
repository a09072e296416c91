"""Importing spreadsheets, CSV files, pasted cells and interchange files: every problem named, all or nothing.

Each test has its own demo database (อบต.ปากช่อง 2565, อบต.ห้วยเตย 2568). XLSX
files are written with openpyxl in the test; CSV files as bytes in the encoding
under test. "Nothing written" is checked on the whole database: its SQL dump
before and after is the same.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from ita_desktop.app import demo_files
from ita_desktop.i18n import _
from ita_desktop.domain.parse import ParseError, check_text
from ita_desktop.store import tabular
from ita_desktop.store.interchange import InterchangeError, import_document, import_file, issues, load_file, validate
from ita_desktop.store.repo import NotFound
from ita_desktop.store.tabular import ADD, SAME, UPDATE, TabularError, plan_import, read_file, read_text

HUAI_TOEI = "อบต.ห้วยเตย"
DATA = Path(__file__).parent / "data"


def dump(store) -> str:
    return "\n".join(store.db.conn.iterdump())


@pytest.fixture
def huai(store) -> int:
    return store.find_office(HUAI_TOEI)["id"]


def base(store, office_id, year=2568):
    return store.year_doc(office_id, year)


def xlsx(path: Path, *sheets: tuple[str, list[list]], active: int = 0) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.active = active
    wb.save(path)
    return path


def texts(plan) -> list[str]:
    return [p.text() for p in plan.problems]


# -- reading ------------------------------------------------------------------------------------
def test_pasted_cells_with_a_line_break_in_quotes():
    t = read_text('มาตรการ\tผู้รับผิดชอบ\r\n"สองบรรทัด\r\nบรรทัดสอง"\tสำนักปลัด\r\n\r\n')
    assert t.header == ("มาตรการ", "ผู้รับผิดชอบ")
    assert t.rows == (tabular.Row(2, ("สองบรรทัด\r\nบรรทัดสอง", "สำนักปลัด")),)
    assert tabular.cell_text(t.rows[0].cells[0]) == "สองบรรทัด\nบรรทัดสอง"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_separator_is_the_one_that_splits_the_header(sep):
    t = read_text(sep.join(["รหัส", "มาตรการ", "ผู้รับผิดชอบ"]) + "\nm1" + sep + '"a, b; c"' + sep + "x\n")
    assert t.header == ("รหัส", "มาตรการ", "ผู้รับผิดชอบ")
    assert t.rows[0].cells == ("m1", "a, b; c", "x")


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"),
                                             ("cp874", "cp874 (TIS-620)"), ("utf-16", "UTF-16")])
def test_csv_encodings_are_detected_and_named(tmp_path, encoding, label):
    p = tmp_path / "m.csv"
    p.write_bytes("รหัส,มาตรการ\r\nm1,การเปิดเผยข้อมูล ๑\r\n".encode(encoding))
    t = read_file(p)
    assert t.encoding == label
    assert t.rows[0].cells == ("m1", "การเปิดเผยข้อมูล ๑")


def test_unreadable_files_are_refused_with_the_file_named(tmp_path):
    cases = {"old.xls": b"\xd0\xcf\x11\xe0", "bad.csv": b"\xff\xfc\xfd\xfe", "fake.xlsx": b"PK\x03\x04junk",
             "empty.csv": b"\n\n , \n"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(TabularError, match=name.replace(".", r"\.")):
            read_file(tmp_path / name)
    with pytest.raises(TabularError, match="ไม่พบไฟล์"):
        read_file(tmp_path / "missing.csv")
    with pytest.raises(TabularError, match="folder"):
        read_file(tmp_path)


def test_xlsx_title_rows_date_cells_and_sheets(tmp_path):
    p = xlsx(tmp_path / "a.xlsx",
             ("ผล", [["รหัส", "รอบ", "ผลการดำเนินการ"], ["rep1", 12, "ทำแล้ว"]]),
             ("มาตรการ", [["มาตรการของ อบต. ปี ๒๕๖๘"], [], ["ลำดับ", "Title", "Start", "End", "Indicators"],
                          [1, "จาก Excel", dt.datetime(2024, 10, 1), dt.datetime(2568, 9, 30), 5.0]]),
             active=1)
    t = read_file(p)
    assert (t.sheet, t.sheets, t.header_row) == ("มาตรการ", ("ผล", "มาตรการ"), 3)
    assert t.rows[0].number == 4
    assert tabular.detect_kind(t) == "measures"
    other = read_file(p, sheet="ผล")
    assert tabular.detect_kind(other) == "results" and other.rows[0].cells == ("rep1", 12, "ทำแล้ว")
    with pytest.raises(TabularError, match="ไม่มีแผ่นงาน"):
        read_file(p, sheet="nope")


def test_the_committed_fixtures_read_as_their_kinds():
    kinds = {"scores_by_year.csv": "scores", "measures_cp874.csv": "measures", "results.tsv": "results"}
    for name, kind in kinds.items():
        t = read_file(DATA / "import" / name)
        assert tabular.detect_kind(t) == kind, name
    assert read_file(DATA / "import" / "measures_cp874.csv").encoding == "cp874 (TIS-620)"


@pytest.mark.parametrize("header, kind", [
    ("ปีงบประมาณ\t1\t2\tIIT\tคะแนนรวม", "scores"),
    ("ตัวชี้วัด\tคะแนน", "scores"),
    ("Indicator\t2566\t2567", "scores"),
    ("มาตรการ/แนวทาง\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\tผลการดำเนินการ\tข้อเสนอแนะ", "results"),
    ("รหัส\tมาตรการ\tตัวชี้วัด", "measures"),
    ("Key\tTitle\tSteps", "measures"),
    ("ชื่อ\tนามสกุล", None),
])
def test_detect_kind(header, kind):
    assert tabular.detect_kind(read_text(header + "\n" + "x\t" * header.count("\t") + "x\n")) == kind


# -- measures -------------------------------------------------------------------------------------
def test_measures_add_update_and_never_erase(store, huai):
    b = base(store, huai)
    old = {m["key"]: m for m in b["assessment"]["measures"]}
    text = ("รหัส\tมาตรการ\tผู้รับผิดชอบ\tตั้งแต่\tถึง\tตัวชี้วัด\tข้อคำถาม\tหมายเหตุ\n"
            "rep1\t\tกองคลัง\t\t\t\t\tx\n"                                             # update by key, title kept
            f"\t{old['rep2']['title']}\t{old['rep2'].get('responsible', '')}\t\t\t\t\t\n"  # same title: unchanged
            "\tมาตรการใหม่\tสำนักปลัด\t๑/๑๐/๒๕๖๗\t30/9/2568\t๙, 1\tO27 e4\t\n")           # new
    plan = plan_import(read_text(text), None, b, 2568)
    assert plan.kind == "measures" and plan.ok, texts(plan)
    assert plan.actions == {2: UPDATE, 3: SAME, 4: ADD}
    assert plan.ignored == ["หมายเหตุ"]
    new = {m["key"]: m for m in plan.assessment["measures"]}
    assert new["rep1"]["title"] == old["rep1"]["title"] and new["rep1"]["responsible"] == "กองคลัง"
    assert set(old) < set(new)  # nothing deleted
    added = plan.assessment["measures"][-1]
    assert added == {"key": "M20", "title": "มาตรการใหม่", "responsible": "สำนักปลัด",
                     "period": {"start": "2024-10-01", "end": "2025-09-30"}, "indicators": [1, 9],
                     "items": ["O27", "e4"]}
    assert b == base(store, huai)  # the base is not changed by planning
    tabular.save_plan(store, huai, plan)
    assert base(store, huai)["assessment"] == plan.assessment


def test_every_problem_names_its_row_and_column_and_nothing_is_written(store, huai):
    before = dump(store)
    text = ("รหัส\tมาตรการ\tตั้งแต่\tตัวชี้วัด\tข้อคำถาม\n"
            "a1\tดี\t31/2/2568\t11\tX1\n"
            "a1\tซ้ำ\t\t\t\n"
            "\t\t1/1/2568\t\t\n"
            "a3\tมี\x00NUL\t\t\t\n"
            f"a4\t{'ก' * 200_001}\t\t\t\n")
    plan = plan_import(read_text(text), "measures", base(store, huai), 2568)
    got = [(p.row, p.column) for p in plan.problems]
    assert got == [(2, "ตั้งแต่"), (2, "ตัวชี้วัด"), (2, "ข้อคำถาม"), (3, "รหัส"), (4, "มาตรการ"), (5, "มาตรการ"),
                   (6, "มาตรการ")], texts(plan)
    msgs = texts(plan)
    assert "ไม่มีวันที่นี้" in msgs[0] and "row 2, column “ตั้งแต่”" in msgs[0]
    assert "row 3" in msgs[3] and "also in row 2" in msgs[3]
    assert "U+0000" in msgs[5] and "position 3" in msgs[5]
    assert "200,001 characters" in msgs[6] and len(msgs[6]) < 400
    with pytest.raises(TabularError) as e:
        tabular.save_plan(store, huai, plan)
    assert len(e.value.problems) == 7
    assert dump(store) == before


def test_an_end_before_the_start_and_a_bad_url_are_problems(store, huai):
    plan = plan_import(read_text("มาตรการ\tตั้งแต่\tถึง\nก\t1/10/2568\t1/10/2567\n"), None, base(store, huai), 2568)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "ถึง")]


# -- results --------------------------------------------------------------------------------------
def test_results_by_key_or_title_with_the_round_column_or_chosen(store, huai):
    b = base(store, huai)
    title = next(m["title"] for m in b["assessment"]["measures"] if m["key"] == "rep3")
    text = ("รหัส\tมาตรการ\tรอบ\tผลการดำเนินการ\tหลักฐาน\tผู้เข้าร่วม\tกลุ่มเป้าหมาย\n"
            "rep1\t\t๖ เดือน\tทำแล้วครึ่งปี\t\"https://a.example/x\nhttp://b.example\"\t๒๔\t1,200\n"
            f"\t{title}\t12\tผลใหม่\t\t\t\n")
    plan = plan_import(read_text(text), None, b, 2568)
    assert plan.kind == "results" and plan.ok, texts(plan)
    new = {(r["measure"], r["round"]): r for r in plan.assessment["results"]}
    assert new[("rep1", 6)] == {"measure": "rep1", "round": 6, "done": "ทำแล้วครึ่งปี",
                                "evidence_urls": ["https://a.example/x", "http://b.example"],
                                "participants": 24, "target": 1200}
    assert new[("rep3", 12)]["done"] == "ผลใหม่"
    assert plan.actions == {2: ADD, 3: UPDATE}
    # a report table has no round column: the round chosen for the sheet
    report = "มาตรการ/แนวทาง\tผลการดำเนินการ\tผลลัพธ์/ความสำเร็จ\n" + f"{title}\tผล ๖ เดือน\tดี\n"
    plan = plan_import(read_text(report), None, b, 2568)
    assert [p.english for p in plan.problems] == ["no column “round”: choose the report round (6 or 12 months)"]
    plan = plan_import(read_text(report), None, b, 2568, round=6)
    assert plan.ok and plan.actions == {2: ADD}


def test_results_need_a_known_measure_and_a_round(store, huai):
    text = ("รหัส\tรอบ\tผลการดำเนินการ\tหลักฐาน\n"
            "nope\t6\tx\t\n"
            "rep1\t7\tx\t\n"
            "rep1\t12\tx\twww.no-scheme.example\n"
            "rep2\t12\tx\t\n"
            "rep2\t12\ty\t\n")
    plan = plan_import(read_text(text), "results", base(store, huai), 2568)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "รหัส"), (3, "รอบ"), (4, "หลักฐาน"), (6, "รหัส")]
    assert "import the measures first" in plan.problems[0].english


# -- scores ---------------------------------------------------------------------------------------
def test_scores_rows_are_years(store, huai):
    text = ("ปีงบประมาณ\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\tIIT\tEIT\tOIT\tคะแนนรวม\tระดับ\n"
            "2566\t90\t91\t92\t93\t94\t95\t96\t97\t98\t99\t\t\t\t95.5\tA\n"
            "พ.ศ. ๒๕๖๘\t๙๐.๑\t91\t92\t93\t94\t95\t96\t97\t98\t99\t93.3\t-\t\t82.05\tผ่าน\n")
    plan = plan_import(read_text(text), None, base(store, huai), 2568)
    assert plan.kind == "scores" and plan.ok, texts(plan)
    a = plan.assessment
    assert a["scores"]["1"] == 90.1 and a["tool_scores"] == {"IIT": 93.3} and a["published_overall"] == 82.05
    assert a["history"][0] == {"year": 2566, "overall": 95.5, "level": "A",
                               "scores": {str(n): float(89 + n) for n in range(1, 11)}}
    assert plan.actions == {2: ADD, 3: UPDATE}
    tabular.save_plan(store, huai, plan)
    assert base(store, huai)["assessment"]["history"] == a["history"]


def test_scores_rows_are_indicators_with_year_columns(store, huai):
    text = ("ตัวชี้วัด\t2567\tคะแนน\n"
            "1. การปฏิบัติหน้าที่\t88\t90\n"
            "การใช้งบประมาณ\t70\t72.5\n"
            "ตัวชี้วัดที่ 10\t\t50\n"
            "IIT\t80\t81\n"
            "คะแนนรวม\t80.77\t82\n")
    plan = plan_import(read_text(text), None, base(store, huai), 2568)
    assert plan.ok, texts(plan)
    a = plan.assessment
    assert (a["scores"]["1"], a["scores"]["2"], a["scores"]["10"]) == (90.0, 72.5, 50.0)
    assert a["tool_scores"]["IIT"] == 81.0 and a["published_overall"] == 82.0
    assert a["history"] == [{"year": 2567, "scores": {"1": 88.0, "2": 70.0}, "overall": 80.77}]
    assert [n.row for n in plan.notes] == [5]  # the 2567 IIT score has no place in the history


def test_score_problems(store, huai):
    text = ("ปีงบประมาณ\t1\t2\n"
            "2025\t90\t91\n"      # C.E.
            "2569\t90\t91\n"      # after the year imported into
            "2567\t120\tabc\n"
            "2567\t1\t2\n"
            "\t1\t2\n")
    plan = plan_import(read_text(text), None, base(store, huai), 2568)
    got = [(p.row, p.column, p.english) for p in plan.problems]
    assert got[0] == (2, "ปีงบประมาณ", "2025 is a C.E. year; write the B.E. year (2568).")
    assert got[1][:2] == (3, "1") and "after fiscal year 2568" in got[1][2]
    assert got[3:5] == [(4, "1", "Must be from 0 to 100."), (4, "2", "Not a number (e.g. 94.62).")]
    assert got[5:] == [(5, "ปีงบประมาณ", "fiscal year 2567 is also in row 4"),
                       (6, "ปีงบประมาณ", "the fiscal year is empty")]


def test_an_unknown_table_asks_for_the_kind(store, huai):
    plan = plan_import(read_text("ชื่อ\tนามสกุล\nก\tข\n"), None, base(store, huai), 2568)
    assert not plan.ok and "choose the kind" in plan.problems[0].english


# -- the whole way, as the command does it ------------------------------------------------------------
def test_import_table_file_all_or_nothing(store, huai, tmp_path):
    p = xlsx(tmp_path / "m.xlsx", ("m", [["Key", "Title", "Responsible"], ["x1", "หนึ่ง", "กอง"],
                                         ["x2", "สอง", None]]))
    plan = tabular.import_table_file(store, huai, 2568, p)
    assert plan.summary() == "เพิ่ม 2 แก้ไข 0 ไม่เปลี่ยน 0 / 2 added, 0 updated, 0 unchanged"
    keys = [m["key"] for m in base(store, huai)["assessment"]["measures"]]
    assert keys[-2:] == ["x1", "x2"]
    before = dump(store)
    bad = xlsx(tmp_path / "bad.xlsx", ("m", [["Key", "Title", "Start"], ["x3", "สาม", "1/13/2568"],
                                             ["x4", "สี่", 45000]]))
    with pytest.raises(TabularError) as e:
        tabular.import_table_file(store, huai, 2568, bad)
    assert [(p.row, p.column) for p in e.value.problems] == [(2, "Start"), (3, "Start")]
    assert "bad.xlsx" in str(e.value) and "row 2" in str(e.value)
    assert dump(store) == before


def test_a_new_fiscal_year_from_a_spreadsheet(store, huai, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("ตัวชี้วัด,คะแนน\n1,95\n2,96\n", encoding="utf-8")
    tabular.import_table_file(store, huai, 2569, p)
    assert store.year_doc(huai, 2569)["assessment"]["scores"] == {"1": 95.0, "2": 96.0}
    with pytest.raises(NotFound):
        tabular.import_table_file(store, 999, 2569, p)


# -- interchange files: the place named, refused cleanly or stored whole ---------------------------------
def _huai_doc() -> dict:
    return next(load_file(p) for p in demo_files() if "huai_toei" in p.name)


@pytest.mark.parametrize("break_it, where", [
    (lambda d: d["office"]["people"].append(dict(d["office"]["people"][0])), "office.people[1].key"),
    (lambda d: d["assessments"][0]["measures"][3].update(title="a\x00b"), "assessments[0].measures[3].title"),
    (lambda d: d["assessments"][0]["results"][0].update(participants=10 ** 30),
     "assessments[0].results[0].participants"),
    (lambda d: d["assessments"][0]["scores"].update({"3": float("nan")}), "assessments[0].scores.3"),
    (lambda d: d["assessments"][0].update(history=[{"year": 2566}, {"year": 2566}]),
     "assessments[0].history[1].year"),
    (lambda d: d["assessments"][0]["measures"][0].update(title="ก" * 1_000_000), "assessments[0].measures[0].title"),
    (lambda d: d["assessments"][0]["measures"][0].update(indicators="1, 2"), "assessments[0].measures[0].indicators"),
    (lambda d: d["office"].update(name="\u202eลับ\ud800"), "office.name"),
])
def test_interchange_refusals_name_the_place_and_write_nothing(store, tmp_path, break_it, where):
    doc = _huai_doc()
    if not doc["office"].get("people"):
        doc["office"]["people"] = [{"key": "p1", "name": "นาย ก", "position": "ปลัด"}]
    break_it(doc)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    before = dump(store)
    with pytest.raises(InterchangeError) as e:
        import_file(store, p)
    msg = str(e.value)
    assert msg.startswith(f"bad.json: ช่อง {where}: ") and " / " in msg, msg
    assert len(msg) < 600
    assert dump(store) == before


def test_duplicate_json_keys_nan_and_deep_nesting_are_refused(store, tmp_path):
    before = dump(store)
    cases = {
        "dup.json": ('{"format": "ita-desktop/1", "format": "ita-desktop/1", "office": {"name": "ก", "type": "อบต.", '
                     '"province": "ข"}, "assessments": []}', "key “format” given twice"),
        "nan.json": ('{"format": "ita-desktop/1", "office": {"name": "ก", "type": "อบต.", "province": "ข"}, '
                     '"assessments": [{"year": 2568, "scores": {"1": NaN}}]}', "assessments[0].scores.1"),
        "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    }
    for name, (text, expect) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(InterchangeError, match=expect.replace("[", r"\[").replace(".", r"\.")):
            import_file(store, tmp_path / name)
    assert dump(store) == before


def test_every_problem_is_listed_not_only_the_first():
    doc = _huai_doc()
    doc["assessments"][0]["scores"]["3"] = 120
    doc["assessments"][0]["measures"][0]["title"] = "x\x07"
    with pytest.raises(InterchangeError) as e:
        validate(doc, "f.json")
    assert [i.where for i in e.value.issues] == ["assessments[0].scores.3", "assessments[0].measures[0].title"]
    assert "and 1 more" in str(e.value)


def test_odd_but_valid_text_is_stored_losslessly(store):
    doc = _huai_doc()
    doc["office"]["name"] = "อบต.\u202bمرحبا\u202c 🇹🇭 e\u0301 \t\r\n"
    m = doc["assessments"][0]["measures"][0]
    m["key"] = "k" * 1_000_000  # keys have no length limit
    for r in doc["assessments"][0]["results"]:
        if r["measure"] == "plan1a":
            r["measure"] = m["key"]
    m["steps"] = "👩‍👩‍👧 ๑๒๓ " * 10_000
    office_id = import_document(store, copy.deepcopy(doc), "odd")
    out = store.office_doc(office_id)
    assert out["office"]["name"] == doc["office"]["name"]
    assert out["assessments"][0]["measures"][0] == m
    assert issues(out) == []


def test_check_text_rule():
    for ok in ("", "ไทย\tแท็บ\nบรรทัด\r\n", "emoji 🙂", "\u200b\u202e\u2028", "\U0010ffff"):
        assert check_text(ok) == ok
    for bad, name in (("\x00", "U+0000"), ("a\x1b", "U+001B"), ("\x7f", "U+007F"), ("\x85", "U+0085"),
                      ("\ud800", "U+D800"), ("\uffff", "U+FFFF")):
        with pytest.raises(ParseError, match=re.escape(name)):
            check_text(bad)


def test_the_csv_field_limit_is_raised_for_long_cells():
    cell = "ก" * 300_000
    t = read_text(f'มาตรการ,ผู้รับผิดชอบ\n"{cell}",x\n')
    assert t.rows[0].cells[0] == cell


# -- the dialog ---------------------------------------------------------------------------------------
@pytest.fixture
def year_document(qtbot, store, huai):
    from ita_desktop.gui.editing import YearDocument

    doc = YearDocument.load(store, huai, 2568, autosave_ms=60_000)
    yield doc
    doc.deleteLater()


def dialog_on(qtbot, store, office_id, document=None, year=2568):
    from ita_desktop.gui.import_dialog import ImportDialog

    d = ImportDialog(store, office_id, year, document=document)
    qtbot.addWidget(d)
    return d


def problem_texts(d) -> list[str]:
    return [d.problems.item(i).text() for i in range(d.problems.count())]


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_pasted_cells_previewed_checked_and_imported_as_one_undo_step(qtbot, store, huai, year_document):
    d = dialog_on(qtbot, store, huai, year_document)
    assert not d.import_button.isEnabled()
    d.set_text("รหัส\tมาตรการ\tตัวชี้วัด\nn1\tมาตรการนำเข้า\t11\nn2\t\t\n")
    assert d.plan.kind == "measures"
    assert problem_texts(d) == ["แถว 2 คอลัมน์ “ตัวชี้วัด”: ตัวชี้วัดต้องเป็นเลข 1 ถึง 10 เช่น 1, 5, 9",
                                "แถว 3 คอลัมน์ “มาตรการ”: มาตรการใหม่ต้องมีชื่อมาตรการ"]
    assert not d.import_button.isEnabled()
    assert d.preview.rowCount() == 2 and d.preview.item(0, 4).background().color().name() == "#ffd7d7"
    before = store.year_doc(huai, 2568)
    d.set_text("รหัส\tมาตรการ\tตัวชี้วัด\nn1\tมาตรการนำเข้า\t๑, 9\n")
    assert problem_texts(d) == [] and d.import_button.isEnabled()
    assert [d.preview.item(0, c).text() for c in range(5)] == ["2", _("add"), "n1", "มาตรการนำเข้า", "๑, 9"]
    with qtbot.waitSignal(d.imported) as got:
        d.import_button.click()
    assert d.result() == d.DialogCode.Accepted
    assert got.args[0].kind == "measures" and not got.args[0].reload
    stored = store.year_doc(huai, 2568)["assessment"]["measures"]
    assert stored[-1] == {"key": "n1", "title": "มาตรการนำเข้า", "indicators": [1, 9]}
    assert year_document.assessment["measures"][-1]["key"] == "n1" and not year_document.dirty
    year_document.undo_stack.undo()  # Edit → Undo takes the whole import back
    assert year_document.save_now()
    assert store.year_doc(huai, 2568) == before


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_file_chooser_sheets_and_kind(qtbot, store, huai, tmp_path):
    p = xlsx(tmp_path / "two.xlsx", ("ตัวชี้วัด", [["ตัวชี้วัด", "คะแนน"], [1, 97.5], [2, "๙๘"]]),
             ("อื่น", [["ชื่อ"], ["x"]]), active=1)
    d = dialog_on(qtbot, store, huai)
    d.ask_file = lambda: None
    assert not d.choose_file()
    d.ask_file = lambda: p
    assert d.choose_file()
    assert d.sheet_combo.isVisibleTo(d) and d.table.sheet == "อื่น"
    assert not d.import_button.isEnabled() and "choose the kind" not in problem_texts(d)[0]
    d.sheet_combo.setCurrentIndex(d.sheet_combo.findData("ตัวชี้วัด"))
    assert d.plan.kind == "scores" and d.import_button.isEnabled()
    d.kind_combo.setCurrentIndex(d.kind_combo.findData("results"))
    assert not d.import_button.isEnabled()
    d.kind_combo.setCurrentIndex(0)
    assert d.import_now()
    assert store.year_doc(huai, 2568)["assessment"]["scores"]["2"] == 98.0  # saved without a document


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_results_round_chosen_for_a_report_table(qtbot, store, huai):
    d = dialog_on(qtbot, store, huai)
    d.set_text("รหัส\tผลการดำเนินการ\nrep1\tครึ่งปีแรก\n")
    assert d.round_combo.isEnabled() and not d.import_button.isEnabled()
    d.round_combo.setCurrentIndex(d.round_combo.findData(6))
    assert d.import_now()
    results = store.year_doc(huai, 2568)["assessment"]["results"]
    assert {"measure": "rep1", "round": 6, "done": "ครึ่งปีแรก"} in results


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_interchange_files(qtbot, store, huai, tmp_path, year_document):
    doc = _huai_doc()
    doc["office"]["name"] = "องค์การบริหารส่วนตำบลทดสอบ"
    doc["office"]["short_name"] = "อบต.ทดสอบ"
    good = tmp_path / "office.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad_doc = copy.deepcopy(doc)
    bad_doc["assessments"][0]["scores"]["4"] = "สูง"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc, ensure_ascii=False), encoding="utf-8")
    d = dialog_on(qtbot, store, huai, year_document)
    d.load_file(bad)
    assert problem_texts(d) == ["bad.json: ช่อง assessments[0].scores.4: ชนิดข้อมูลไม่ถูกต้อง"]
    assert not d.import_button.isEnabled() and d.preview.rowCount() == 1
    d.load_file(good)
    assert d.import_button.isEnabled()
    assert d.import_now()
    assert d.outcome.reload and d.outcome.year == 2568
    assert store.office(d.outcome.office_id)["short_name"] == "อบต.ทดสอบ"


@pytest.mark.usefixtures("thai_font")
def test_dialog_speaks_english_when_the_ui_does(qtbot, store, huai, language):
    language.apply("en")
    d = dialog_on(qtbot, store, huai)
    d.set_text("มาตรการ\tตั้งแต่\nก\t31/2/2568\n")
    assert problem_texts(d) == ["row 2, column “ตั้งแต่”: There is no such date."]
    assert d.import_button.text() == "&Import"


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_shows_control_characters_and_huge_cells_harmlessly(qtbot, store, huai):
    d = dialog_on(qtbot, store, huai)
    d.set_text("มาตรการ\tผู้รับผิดชอบ\nก\x00ข\t" + "ค" * 1_000_000 + "\n")
    assert d.preview.item(0, 2).text() == "ก\ufffdข"
    assert len(d.preview.item(0, 3).text()) == 200
    assert [t.split(":")[0] for t in problem_texts(d)] == ["แถว 2 คอลัมน์ “มาตรการ”", "แถว 2 คอลัมน์ “ผู้รับผิดชอบ”"]


@pytest.mark.usefixtures("thai_font", "language")
def test_dialog_in_an_empty_database_takes_only_interchange_files(qtbot, empty_store, tmp_path):
    d = dialog_on(qtbot, empty_store, None, year=None)
    d.set_text("มาตรการ\tผู้รับผิดชอบ\nก\tข\n")
    assert not d.import_button.isEnabled() and "open an office" not in problem_texts(d)[0]
    assert problem_texts(d) == ["เปิดหน่วยงานและปีงบประมาณก่อนนำเข้าตาราง"]
    good = tmp_path / "office.json"
    good.write_text(json.dumps(_huai_doc(), ensure_ascii=False), encoding="utf-8")
    d.load_file(good)
    assert d.import_now() and d.outcome.reload and d.outcome.year == 2568
    assert empty_store.years(d.outcome.office_id) == [2568]
