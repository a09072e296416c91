"""Fuzzing the import and the forms with hypothesis: nothing crashes and nothing is lost.

Inputs: arbitrary Unicode, NUL and the other control characters, lone
surrogates, right-to-left marks and Arabic text, emoji with joiners, Thai
digits, text of 200,000 characters and of 1 MB, values of the wrong type,
NaN, huge integers, keys given twice, list entries duplicated.

* (a) interchange documents (the demo office, mutated) through ``import_file``
  and ``import_document``: either a clean ``InterchangeError``/``StoreWriteError``
  (a short message, nothing written: the database's SQL dump is the same) or
  success, and the office read back equals what was given (empty optional
  fields aside, as the exporter leaves them out);
* (b) tables of arbitrary cells as pasted text through ``plan_import``: never an
  exception; every problem names a row of the table (or none) and one of its
  columns (or none); a clean plan saves and reads back equal, a plan with
  problems writes nothing; CSV and XLSX cells read back as written;
* (c) the forms: arbitrary text pasted into every kind of field of the measure,
  result, office, person, history and memo forms (1 MB into one-line fields;
  the multi-line Thai editors get up to 2,001 characters, as breaking 200,000
  Thai characters into lines takes them seconds): nothing raises, refused text
  is not stored, accepted text is saved (or refused by the schema with the
  place named) and reads back equal after a reload.

``ITA_FUZZ_EXAMPLES`` sets the examples per test (default: a quick run, < 40 s);
``ITA_FUZZ_REPORT`` names a JSON file that receives how many examples each
test ran (``tools/fuzz_report.py`` runs this file with more examples and
prints the figures). The hypothesis database is off: runs do not depend on
earlier ones.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_desktop.app import demo_files
from ita_desktop.domain.parse import bad_character
from ita_desktop.store import tabular
from ita_desktop.store.interchange import InterchangeError, import_document, import_file, load_file
from ita_desktop.store.repo import StoreWriteError

#: Examples run by each fuzz test, by test name (written to $ITA_FUZZ_REPORT at the end).
COUNTS: Counter[str] = Counter()
_N = int(os.environ.get("ITA_FUZZ_EXAMPLES", "0"))


def fuzz(default: int):
    """hypothesis settings of a fuzz test: ``default`` examples unless $ITA_FUZZ_EXAMPLES says."""
    return settings(max_examples=_N or default, deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    path = os.environ.get("ITA_FUZZ_REPORT")
    if path:
        Path(path).write_text(json.dumps(dict(COUNTS), indent=1), encoding="utf-8")


def dump(store) -> str:
    return "\n".join(store.db.conn.iterdump())


# -- strategies -----------------------------------------------------------------------------------
NASTY = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufeff", "\u200b",
         "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2028", "\u2029", "\r", "\n", "\r\n", "\t",
         "مرحبا", "שלום", "🇹🇭", "👩‍👩‍👧", "🙂", "e\u0301", "ก่", "ำ", "ํา", "๑๒๓", "๙๔.๖๒", "ฯ", "ๆ", "\"", "'",
         "''; DROP TABLE measures; --", "%s", "{0}", "<b>x</b>", "&amp;", "\\", "=1+1", " ", "-", ",", ";"]
#: Long texts: just above the schema's 200,000-character limit of a text, and 1 MB.
HUGE = st.builds(lambda ch, n: ch * n, st.sampled_from(["ก", "a", "🙂", "\x00", "ก่"]),
                 st.sampled_from([2_001, 200_001, 1_000_000]))
TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=4)), max_size=6).map("".join),
    st.sampled_from(NASTY),
)
ANY_TEXT = st.one_of(TEXT, HUGE)
WRONG = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
                  st.floats(allow_nan=True, allow_infinity=True), st.lists(st.integers(0, 12), max_size=3),
                  st.dictionaries(st.text(max_size=3), st.integers(), max_size=2), ANY_TEXT)


# -- (a) interchange documents -------------------------------------------------------------------
FUZZ_OFFICE = "องค์การบริหารส่วนตำบลทดสอบฟัซซ์"


def base_document() -> dict:
    """The demo อบต.ปากช่อง (people, memo with approvals, measures, results) under another name,
    with the parts it lacks (scores, tool scores, findings, limitations, next year's plan)."""
    doc = next(load_file(p) for p in demo_files() if "pak_chong" in p.name)
    doc["office"]["name"] = FUZZ_OFFICE
    doc["office"]["short_name"] = "อบต.ฟัซซ์"
    a = doc["assessments"][0]
    a["scores"] = {str(n): 80 + n for n in range(1, 11)}
    a["tool_scores"] = {"IIT": 91.5}
    a["published_overall"] = 88.25
    a["findings"] = [{"indicator": 9, "item": "O43", "urgent": True, "weak_point": "จุดอ่อน", "improvement": "แก้"}]
    a["limitations"] = [{"topic": "บุคลากร", "text": "มีน้อย"}]
    a["next_year_plan"] = [{"issue": "การเปิดเผยข้อมูล", "item": "O1", "period": "ตลอดปี"}]
    return doc


BASE = base_document()


def all_paths(doc) -> list[tuple]:
    out, stack = [], [((), doc)]
    while stack:
        path, v = stack.pop()
        if path:
            out.append(path)
        if isinstance(v, dict):
            stack += [(path + (k,), x) for k, x in v.items()]
        elif isinstance(v, list):
            stack += [(path + (i,), x) for i, x in enumerate(v)]
    return sorted(out, key=lambda p: tuple(map(str, p)))


def at(doc, path):
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw) -> dict:
    """The base document with one to three mutations at drawn places."""
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(all_paths(doc)))
        parent, last = at(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["text", "wrong", "delete", "duplicate", "unknown", "key"]))
        if op == "text":
            parent[last] = draw(ANY_TEXT)
        elif op == "wrong":
            parent[last] = draw(WRONG)
        elif op == "delete":
            del parent[last]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif op == "unknown" and isinstance(parent, dict):
            parent[draw(TEXT)] = draw(WRONG)
        elif op == "key" and isinstance(parent, dict):
            parent[draw(TEXT)] = parent.pop(last)
    return doc


def canonical(doc) -> dict:
    """A document as it should read back: empty optional values and defaults left out (the
    exporter does so), numbers as floats, results in the exporter's order, no ``source``
    (a provenance note the database does not keep)."""
    def c(v, key=None):
        if isinstance(v, dict):
            out = {k: c(x, k) for k, x in v.items()}
            return {k: x for k, x in out.items()
                    if (x not in (None, "", [], {}) or k in ("scores", "paragraphs"))
                    and not (k in ("urgent", "attach_measures_table") and x is False)
                    and not (k == "thai_digits" and x is True)}
        if isinstance(v, list):
            return [c(x) for x in v]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        return v

    out = c({k: v for k, v in doc.items() if k != "source"})
    for a in out.get("assessments", []):
        order = [m["key"] for m in a.get("measures", [])]
        if "results" in a:
            a["results"].sort(key=lambda r: (r["round"], order.index(r["measure"])))
        if "history" in a:
            a["history"].sort(key=lambda h: h["year"])
    return out


def as_json_file(tmp_path: Path, doc, ascii_only: bool) -> Path:
    p = tmp_path / "fuzz.json"
    text = json.dumps(doc, ensure_ascii=ascii_only or _has_surrogate(doc))
    p.write_text(text, encoding="utf-8")
    return p


def _has_surrogate(doc) -> bool:
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def check_import(store, run, what: str) -> None:
    """``run()`` imports; it either refuses cleanly with nothing written or the data reads back whole."""
    before = dump(store)
    try:
        office_id, given = run()
    except (InterchangeError, StoreWriteError) as e:
        message = str(e)
        assert isinstance(message, str) and " / " in message and len(message) < 1500, message[:3000]
        assert bad_character(message) is None, message  # the message itself can be shown and stored
        assert dump(store) == before
        COUNTS[f"{what}: refused"] += 1
        return
    COUNTS[f"{what}: imported and read back"] += 1
    try:
        assert canonical(store.office_doc(office_id)) == canonical(given)
    finally:
        with store.transaction():
            store.db.execute("DELETE FROM offices WHERE id = ?", (office_id,))


@fuzz(150)
@given(doc=mutated(), via_file=st.booleans(), ascii_only=st.booleans())
def test_fuzz_interchange_import(store, tmp_path_factory, doc, via_file, ascii_only):
    COUNTS["interchange documents"] += 1
    tmp = tmp_path_factory.mktemp("fuzz")

    def run():
        if via_file:
            return import_file(store, as_json_file(tmp, doc, ascii_only)), doc
        return import_document(store, copy.deepcopy(doc), "fuzz"), doc

    check_import(store, run, "interchange documents")


JSON_NASTY = ['{"format": "ita-desktop/1", "format": "x"}', "[" * 5000, "NaN", "1e999", '"\\ud800"', "\x00",
              '{"office": {}, "office": {}}', "\ufeff{}", '{"a": 1', "", "-0", "[1, 2, 3]"]


@fuzz(60)
@given(text=st.one_of(st.sampled_from(JSON_NASTY), st.text(max_size=50)),
       cut=st.integers(0, 45866), insert=st.sampled_from(NASTY))
def test_fuzz_interchange_bytes(store, tmp_path_factory, text, cut, insert):
    """Broken JSON text: an arbitrary string, or the real file with a character put in anywhere."""
    COUNTS["interchange files (broken JSON)"] += 1
    p = tmp_path_factory.mktemp("fuzz") / "broken.json"
    whole = json.dumps(BASE, ensure_ascii=False)
    variants = [text, whole[:cut] + insert + whole[cut:]]
    for v in variants:
        try:
            p.write_bytes(v.encode("utf-8", "surrogatepass"))
        except UnicodeEncodeError:
            continue

        def run(p=p):
            office_id = import_file(store, p)
            return office_id, json.loads(p.read_text(encoding="utf-8-sig"))

        check_import(store, run, "interchange files (broken JSON)")


# -- (b) tables ------------------------------------------------------------------------------------
VOCAB = sorted({name for fields in tabular.HEADERS.values() for names in fields.values() for name in names}
               | {"ปีงบประมาณ", "ตัวชี้วัด", "คะแนน", "IIT", "EIT", "OIT", "คะแนนรวม", "ระดับ", "2566", "2567", "2568",
                  "2569", "1", "5", "10", "ตัวชี้วัดที่ 3"})
CELL = st.one_of(
    TEXT,
    st.sampled_from(["rep1", "rep2", "plan1a", "nogift", "6", "12", "๖ เดือน", "2567", "2568", "2569", "2025",
                     "95.5", "๙๔.๖๒", "120", "-", "1, 5 9", "๑,๑๐", "O27 e4", "x9", "1/10/2567", "31/2/2568",
                     "2024-10-01", "https://example.go.th/x", "ftp://x", "IIT", "คะแนนรวม", "1. การปฏิบัติหน้าที่"]),
    st.integers(-5, 3000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
HEADER = st.one_of(st.sampled_from(VOCAB), TEXT)


@st.composite
def tables(draw):
    header = draw(st.lists(HEADER, min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(st.one_of(CELL, st.just("")), min_size=0, max_size=len(header) + 1), max_size=5))
    if draw(st.integers(0, 20)) == 0:  # now and then one huge cell
        if rows and rows[0]:
            rows[0][0] = draw(HUGE)
    return [header] + rows


def tsv(cells: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    w.writerows(cells)
    return out.getvalue()


HUAI_TOEI = "อบต.ห้วยเตย"


def check_table(store, cells: list[list[str]], kind, rnd, what: str) -> None:
    """Plan the pasted ``cells``: problems name rows and columns of the table; a clean plan saves
    and reads back equal; a plan with problems writes nothing."""
    office_id = store.find_office(HUAI_TOEI)["id"]
    base = store.year_doc(office_id, 2568)
    try:
        table = tabular.read_text(tsv(cells))
    except tabular.TabularError as e:
        assert " / " in str(e)
        return
    plan = tabular.plan_import(table, kind, base, 2568, round=rnd)
    numbers = {r.number for r in table.rows} | {table.header_row}
    for p in plan.problems + plan.notes:
        assert p.row is None or p.row in numbers, p
        assert p.column is None or p.column in table.header or p.column.startswith("#"), p
        assert p.thai and p.english and len(p.text()) < 2000 and bad_character(p.text()) is None, p
    before = dump(store)
    if not plan.ok:
        with pytest.raises(tabular.TabularError):
            tabular.save_plan(store, office_id, plan)
        assert dump(store) == before
        COUNTS[f"{what}: refused"] += 1
        return
    COUNTS[f"{what}: imported and read back"] += 1
    assert store.year_doc(office_id, 2568) == base  # planning wrote nothing
    tabular.save_plan(store, office_id, plan)
    try:
        got = store.year_doc(office_id, 2568)["assessment"]
        assert canonical({"assessments": [got]}) == canonical({"assessments": [plan.assessment]})
    finally:
        store.save_year(office_id, base["office"], base["assessment"])
    assert store.year_doc(office_id, 2568) == base


@fuzz(150)
@given(cells=tables(), kind=st.sampled_from([None, "scores", "measures", "results"]),
       rnd=st.sampled_from([None, 6, 12]))
def test_fuzz_table_import(store, cells, kind, rnd):
    """Arbitrary headers and cells."""
    COUNTS["tables (pasted text)"] += 1
    check_table(store, cells, kind, rnd, "tables (pasted text)")


GOOD_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=20)
MOSTLY_GOOD_TEXT = st.one_of(GOOD_TEXT, GOOD_TEXT, GOOD_TEXT, GOOD_TEXT, TEXT, HUGE)  # one_of picks a branch evenly
B_E_DATE = st.builds(lambda d, m, y, thai: (f"{d}/{m}/{y}" if not thai else
                                            f"{d}/{m}/{y}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))),
                     st.integers(1, 31), st.integers(1, 12), st.integers(2566, 2569), st.booleans())
FIELD_VALUES = {
    "measures": {
        "key": st.sampled_from(["rep1", "rep2", "sum1", "new1", "new2", "", "ใหม่ ๑", "new3", "new4"]),
        "title": MOSTLY_GOOD_TEXT, "issue": MOSTLY_GOOD_TEXT, "steps": MOSTLY_GOOD_TEXT,
        "responsible": MOSTLY_GOOD_TEXT, "period": MOSTLY_GOOD_TEXT,
        "start": st.one_of(B_E_DATE, st.just("")), "end": st.one_of(B_E_DATE, st.just("")),
        "indicators": st.sampled_from(["1", "1, 5 9", "๑,๑๐", "", "2 3", "11"]),
        "items": st.sampled_from(["O27", "o27 e4", "i12, O1", "", "e1", "X1"]),
    },
    "results": {
        "key": st.sampled_from(["rep1", "rep2", "rep3", "rep4", "sum1", "sum2", "plan2", "nope"]),
        "round": st.sampled_from(["6", "12", "๖ เดือน", "รอบ 12 เดือน", "7"]),
        "done": MOSTLY_GOOD_TEXT, "outcome": MOSTLY_GOOD_TEXT, "suggestions": MOSTLY_GOOD_TEXT,
        "evidence_urls": st.sampled_from(["https://www.example.go.th/a", "http://x.example/1\nhttps://y.example/2",
                                          "", "www.no-scheme.example"]),
        "participants": st.sampled_from(["24", "๒๔", "1,200", "", "0", "-1"]),
        "target": st.sampled_from(["24", "๑๐๐", "", "30"]),
    },
}


@st.composite
def shaped_tables(draw):
    """Tables of one kind with headers it knows (in any order, Thai or English) and mostly good cells."""
    kind = draw(st.sampled_from(["measures", "results", "scores"]))
    if kind == "scores":
        heads = ["ปีงบประมาณ"] + draw(st.lists(st.sampled_from([str(n) for n in range(1, 11)] + ["IIT", "EIT", "OIT",
                                                                                               "คะแนนรวม", "ระดับ"]),
                                               min_size=1, max_size=6, unique=True))
        good = st.decimals(0, 100, places=2).map(str)
        score = st.one_of(good, good, good, st.sampled_from(["", "-", "๙๔.๖๒", "101", "abc"]))
        years = draw(st.lists(st.sampled_from(["2566", "2567", "2568", "พ.ศ. ๒๕๖๕", "2569"]), min_size=1, max_size=4,
                              unique=True))
        rows = [[y] + [draw(score) if h != "ระดับ" else draw(st.sampled_from(["A", "ผ่าน", ""])) for h in heads[1:]]
                for y in years]
        return kind, [heads] + rows
    must = "title" if kind == "measures" else "key"  # what says which record a row is
    fields = [must] + draw(st.lists(st.sampled_from(sorted(set(FIELD_VALUES[kind]) - {must})), max_size=5,
                                    unique=True))
    fields = draw(st.permutations(fields))
    heads = [draw(st.sampled_from(sorted(tabular.HEADERS[kind][f]))) for f in fields]
    rows = [[draw(FIELD_VALUES[kind][f]) for f in fields] for _ in range(draw(st.integers(1, 4)))]
    return kind, [heads] + rows


@fuzz(150)
@given(shaped=shaped_tables(), guess=st.booleans(), rnd=st.sampled_from([None, 6, 12]))
def test_fuzz_table_import_known_headers(store, shaped, guess, rnd):
    """Headers of one kind, cells mostly as a clerk writes them, now and then wrong or nasty."""
    COUNTS["tables with known headers"] += 1
    kind, cells = shaped
    check_table(store, cells, None if guess else kind, rnd, "tables with known headers")


@fuzz(100)
@given(cells=st.lists(st.lists(st.one_of(TEXT, CELL), min_size=1, max_size=5), min_size=1, max_size=5),
       sep=st.sampled_from([",", "\t", ";"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_fuzz_csv_cells_read_back(tmp_path_factory, cells, sep, encoding):
    """Whatever a CSV file holds comes back cell for cell (or the file is refused, never garbled)."""
    COUNTS["CSV files"] += 1
    # a header of two cells or more: one cell alone could be a title row above the header (skipped)
    cells = [["head"] * max(2, len(cells[0]))] + cells
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(cells)
    p = tmp_path_factory.mktemp("csv") / "f.csv"
    try:
        p.write_bytes(out.getvalue().encode(encoding))
    except UnicodeEncodeError:  # a lone surrogate cannot be written to a file at all
        return
    try:
        table = tabular.read_file(p)
    except tabular.TabularError as e:
        assert p.name in str(e)
        return
    def nonempty(row):
        return any(tabular.cell_text(c) for c in row)
    want = [tuple(r) for r in cells[1:] if nonempty(r)]
    assert [r.cells for r in table.rows] == want


def _xlsx_safe(text: str) -> bool:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return not ILLEGAL_CHARACTERS_RE.search(text) and not text.startswith("=") and bad_character(text) is None


@fuzz(15)
@given(cells=st.lists(st.lists(st.one_of(TEXT.filter(_xlsx_safe), st.integers(-10 ** 6, 10 ** 6),
                                         st.floats(-1e15, 1e15)),  # Excel keeps 15 digits
                               min_size=1, max_size=4), min_size=1, max_size=4))
def test_fuzz_xlsx_cells_read_back(tmp_path_factory, cells):
    COUNTS["XLSX files"] += 1
    p = tmp_path_factory.mktemp("xlsx") / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["มาตรการ"] * len(cells[0]))
    for r in cells:
        ws.append(r)
    wb.save(p)
    table = tabular.read_file(p)
    # as the import reads a cell: text stripped, line breaks as \n (XML keeps no lone \r), numbers as numbers
    want = [r for r in cells if any(tabular.cell_text(c) for c in r)]
    assert len(table.rows) == len(want)
    for row, w in zip(table.rows, want):
        for a, b in zip(row.cells, w):
            if isinstance(b, float):
                assert a == b or math.isclose(a, b, rel_tol=1e-14), (a, b)
            else:
                assert tabular.cell_text(a) == tabular.cell_text(b), (a, b)


# -- (c) the forms ---------------------------------------------------------------------------------
def _forms():
    """(form name, fields, path of the record it edits) for the forms under test."""
    from ita_desktop.gui.year_tabs import MEASURE_FIELDS, OFFICE_FIELDS, PEOPLE_FIELDS
    from ita_desktop.gui.forms import Field

    result_fields = [Field("done", "What was done", "text"), Field("participants", "Participants", "int"),
                     Field("target", "Target (people)", "int"),
                     Field("evidence_urls", "Evidence links (one per line)", "lines")]
    history_fields = [Field("year", "Fiscal year (B.E.)", "int", required=True), Field("overall", "Overall", "score"),
                      Field("scores", "Indicator scores", "scorerow")]
    memo_fields = [Field("paragraphs", "Paragraphs", "paragraphs", required=True)]
    editable = ("line", "text", "int", "ints", "codes", "date", "lines", "paragraphs", "score", "scorerow")
    keep = lambda fields: [f for f in fields if f.kind in editable]  # noqa: E731
    return [("measure", keep(MEASURE_FIELDS), ("assessment", "measures", 0)),
            ("result", result_fields, ("assessment", "results", 0)),
            ("office", keep(OFFICE_FIELDS), ("office",)),
            ("person", keep(PEOPLE_FIELDS), ("office", "people", 0)),
            ("history", history_fields, ("assessment", "history", 0)),
            ("section", memo_fields, ("assessment", "memos", 0, "sections", 0))]


EMPTY = (None, "", [], {})  # a field left empty: the key is left out, or stored empty
FORM_TEXT = st.one_of(TEXT, CELL, st.builds(lambda n: "ก" * n, st.sampled_from([1999, 2001])))
LINE_HUGE = st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "ก", "\x00"]), st.sampled_from([200_001, 1_000_000]))


@pytest.fixture
def forms(qtbot, store):
    """One RecordForm per form under test, each bound to a document of อบต.ปากช่อง 2565
    (which has people, history, results and a memo)."""
    from ita_desktop.gui.forms import RecordForm

    out = []
    for name, fields, prefix in _forms():
        form = RecordForm(f"fuzz_{name}", fields)
        qtbot.addWidget(form)
        out.append((form, prefix))
    return out


def _type(widget, text: str) -> None:
    """Replace the field's text as the clerk's paste does: select all, insert (Qt emits ``textEdited``)."""
    from PySide6.QtWidgets import QLineEdit

    if isinstance(widget, QLineEdit):
        widget.selectAll()
        widget.insert(text)
    else:
        widget.setText(text)
        widget.textEdited.emit(widget.text())


@fuzz(120)
@given(data=st.data())
def test_fuzz_forms(store, forms, data):
    from ita_desktop.gui.editing import YearDocument
    from PySide6.QtWidgets import QLineEdit

    COUNTS["form edits"] += 1
    office_id = store.find_office("อบต.ปากช่อง")["id"]
    base = store.year_doc(office_id, 2565)
    form, prefix = data.draw(st.sampled_from(forms))
    f = data.draw(st.sampled_from(form.fields))
    widget = form.widget(f.key)
    text = data.draw(st.one_of(FORM_TEXT, LINE_HUGE) if isinstance(widget, QLineEdit) else FORM_TEXT)
    doc = YearDocument.load(store, office_id, 2565, autosave_ms=3_600_000)
    try:
        form.bind(doc, prefix)
        path = prefix + tuple(f.key.split("/"))
        old = doc.get(path)
        _type(widget, text)
        if form.message(f.key):  # refused in the field: not in the document
            assert doc.get(path) == old and bad_character(form.message(f.key)) is None
            COUNTS["form edits: refused in the field"] += 1
            return
        value = doc.get(path)
        if doc.save_now():
            again = YearDocument.load(store, office_id, 2565)
            try:
                assert again.get(path) == value or again.get(path) in EMPTY and value in EMPTY
            finally:
                again.deleteLater()
            form.load()  # shown again from the document, the field gives the same value back
            if not form.message(f.key):
                assert form.value(f.key) in (value, f.default) or value in EMPTY and form.value(f.key) in EMPTY
        else:  # refused (text too long, a person key memos still name…): the place named, nothing written
            assert "ช่อง " in doc.last_error and " / " in doc.last_error and len(doc.last_error) < 1500
            assert store.year_doc(office_id, 2565) == base
            COUNTS["form edits: refused when saved"] += 1
            return
        COUNTS["form edits: saved and read back"] += 1
    finally:
        form.bind(None, None)
        doc.deleteLater()
        if store.year_doc(office_id, 2565) != base:
            store.save_year(office_id, base["office"], base["assessment"])


def test_a_control_character_in_a_form_is_refused_with_its_place(qtbot, store, forms):
    from ita_desktop.gui.editing import YearDocument

    office_id = store.find_office("อบต.ปากช่อง")["id"]
    doc = YearDocument.load(store, office_id, 2565, autosave_ms=3_600_000)
    form, prefix = forms[0]
    form.bind(doc, prefix)
    old = doc.get(prefix + ("title",))
    _type(form.widget("title"), "มาตรการ\x00ใหม่")
    assert "U+0000" in form.message("title") and "8" in form.message("title")
    assert doc.get(prefix + ("title",)) == old and not doc.dirty
    _type(form.widget("responsible"), "กอง\x1bคลัง")
    assert "U+001B" in form.message("responsible")
    form.bind(None, None)
    doc.deleteLater()


def test_a_paste_too_long_for_a_line_is_refused_not_cut(qtbot, store, forms):
    """Qt cuts a paste into a one-line field at 32,767 characters; the form refuses the cut text."""
    from ita_desktop.gui.editing import YearDocument

    office_id = store.find_office("อบต.ปากช่อง")["id"]
    doc = YearDocument.load(store, office_id, 2565, autosave_ms=3_600_000)
    form, prefix = forms[0]
    form.bind(doc, prefix)
    old = doc.get(prefix + ("key",))
    _type(form.widget("key"), "k" * 1_000_000)
    assert "32,767" in form.message("key") and doc.get(prefix + ("key",)) == old and not doc.dirty
    _type(form.widget("key"), "k" * 40)  # the next edit is taken
    assert form.message("key") == "" and doc.get(prefix + ("key",)) == "k" * 40
    form.bind(None, None)
    doc.deleteLater()
