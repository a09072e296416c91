"""The catalogue of standard measures and what is built from it (domain/catalogue.py).

Behaviour against the interchange schema (store.interchange.validate), the
pre-flight checks (domain.checks) and the memo renderer (pdf.memo + the
independent Thai PDF checker), on the demo offices built from seeds 002 and 003.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_desktop.domain.catalogue import (
    DEFAULT_URGENT_BELOW,
    Catalogue,
    CatalogueError,
    carry_over,
    default_memo,
    load_catalogue,
    measure_from,
    measures_for_findings,
    memo_department,
    memo_recipient,
    propose_findings,
    shift_years_in_text,
    urgent_threshold,
)
from ita_desktop.domain.checks import run_checks
from ita_desktop.domain.fiscal import FiscalYear, thai_date
from ita_desktop.domain.framework import FrameworkError, available_years
from ita_desktop.domain.scoring import ScoreError
from ita_desktop.resources import resource_path
from ita_desktop.store.interchange import InterchangeError, load_file, validate

YEARS = available_years()
THAI = re.compile(r"[\u0e01-\u0e4e]")
THAI_DIGIT = re.compile(r"[๐-๙]")
ITEM = re.compile(r"^[OoEeIi][0-9]{1,2}$")


def demo(name: str) -> dict:
    return load_file(resource_path("demo", f"{name}.json"))


def huai_toei() -> dict:
    return demo("huai_toei_2568")


def pak_chong() -> dict:
    return demo("pak_chong_2565")


def catalogue_file() -> dict:
    return json.loads(resource_path("catalogue", "measures.json").read_text(encoding="utf-8"))


def fy_contains(year: int, iso: str) -> bool:
    return FiscalYear(year).contains(dt.date.fromisoformat(iso))


# -- the catalogue itself -------------------------------------------------------------

def test_every_entry_is_well_formed():
    cat = load_catalogue()
    assert len(cat) >= 20
    keys = [e.key for e in cat]
    assert len(set(keys)) == len(keys)
    for e in cat:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", e.key), e.key
        for text in (e.title, e.issue, e.improvement, e.responsible, *e.weak_points, *e.step_lines):
            assert THAI.search(text), (e.key, text)
            # Thai digits as the seeds type them; Arabic digits only inside codes and Latin words
            assert not re.search(r"(?<![A-Za-z0-9])[0-9]", text), (e.key, text)
        assert e.title_en and not THAI.search(e.title_en)
        assert e.indicators and all(1 <= n <= 10 for n in e.indicators)
        assert len(set(e.indicators)) == len(e.indicators)
        assert e.weak_points and e.improvement
        for j, step in enumerate(e.step_lines, 1):
            assert step.startswith("๐๑๒๓๔๕๖๗๘๙"[j] + ". "), (e.key, step)
        assert 0 <= e.period_months[0] < e.period_months[1] <= 12
        for year, codes in e.items.items():
            assert year in YEARS, (e.key, year)     # a year the program has rules for
            assert codes and all(ITEM.match(c) for c in codes)
        assert re.search(r"seed 00[123]|ITA_DOMAIN", e.source), e.key


def test_every_indicator_has_entries_and_a_primary_one():
    cat = load_catalogue()
    for no in range(1, 11):
        entries = cat.for_indicator(no)
        assert entries, no
        assert entries[0].primary == no, (no, entries[0].key)
        assert all(no in e.indicators for e in entries)


def test_the_required_measures_are_there():
    cat = load_catalogue()
    titles = {e.key: e.title for e in cat}
    assert "No Gift Policy" in titles["no_gift"] and "งดให้ งดรับ" in titles["no_gift"]
    assert "Dos & Don'ts" in titles["ethics_code"] and "ประมวลจริยธรรม" in titles["ethics_code"]
    assert "ผลประโยชน์ทับซ้อน" in titles["conflict_of_interest"]
    assert "จัดซื้อจัดจ้าง" in titles["procurement_transparency"]
    assert "E-Service" in titles["e_service"]
    assert "เผยแพร่ข้อมูลต่อสาธารณะ" in titles["open_data"]
    assert "ร้องเรียนการทุจริต" in titles["complaint_channels"]
    assert "(IIT)" in titles["iit_awareness"] and "(EIT)" in titles["eit_awareness"]
    assert cat.get("state_property").primary == 4
    assert cat.get("budget_awareness").primary == 2
    assert cat.get("use_of_authority").primary == 3
    assert cat.get("nope") is None
    with pytest.raises(CatalogueError):
        cat.require("nope")


def test_readme_names_every_entry_and_its_source():
    readme = resource_path("catalogue", "README.md").read_text(encoding="utf-8")
    for e in load_catalogue():
        assert f"`{e.key}`" in readme


def test_item_lookup_is_year_aware():
    cat = load_catalogue()
    assert [e.key for e in cat.for_item("O27", 2568)] == ["ita_measures"]
    assert [e.key for e in cat.for_item("O42", 2565)] == ["ita_measures"]
    assert cat.for_item("O27", 2565) == []                 # O27 meant something else then
    assert [e.key for e in cat.for_item("e๔", 2568)] == ["public_relations"]   # Thai digits typed
    assert [e.key for e in cat.for_item("o21", 2568)] == ["no_gift"]


@pytest.mark.parametrize("breakage, match", [
    (lambda e: e.update(key="No Gift"), "slug"),
    (lambda e: e.update(indicators=[11]), "1–10"),
    (lambda e: e.update(indicators=[]), "1–10"),
    (lambda e: e.update(steps=["๑. ก", "๓. ข"]), "step 2"),
    (lambda e: e.update(title="โครงการ {budget}"), "placeholder"),
    (lambda e: e.update(items={"2568": ["O๒๗"]}), "codes like"),
    (lambda e: e.update(items={"68": ["O27"]}), "B.E."),
    (lambda e: e.update(period={"months": [6, 3]}), "months"),
    (lambda e: e.update(weak_points=[]), "weak_points"),
    (lambda e: e.pop("improvement"), "improvement"),
])
def test_a_bad_catalogue_file_is_refused_with_the_entry_named(breakage, match):
    d = catalogue_file()
    breakage(d["entries"][3])
    with pytest.raises(CatalogueError, match=match) as e:
        Catalogue.from_dict(d)
    assert "entries[3]" in str(e.value)


def test_duplicate_keys_and_wrong_format_are_refused():
    d = catalogue_file()
    d["entries"].append(copy.deepcopy(d["entries"][0]))
    with pytest.raises(CatalogueError, match="duplicate"):
        Catalogue.from_dict(d)
    with pytest.raises(CatalogueError, match="not a catalogue"):
        Catalogue.from_dict({"format": "ita-desktop/1", "entries": []})


# -- findings -------------------------------------------------------------------------

def test_propose_findings_on_the_huai_toei_scores_proposes_exactly_the_failing_indicators():
    doc = huai_toei()
    scores = doc["assessments"][0]["scores"]
    below = sorted(int(k) for k, v in scores.items() if v < 85)
    assert below == [9, 10]                                  # 70.00 and 50.00 (seed 002)
    found = propose_findings(2568, scores)
    assert [f["indicator"] for f in found] == below
    cat = load_catalogue()
    for f in found:
        entry = cat.for_indicator(f["indicator"])[0]
        assert f["weak_point"] == entry.weak_points[0] and f["improvement"] == entry.improvement
    # 2568 scale: ต้องปรับปรุงโดยด่วน below 70, so 70.00 is not urgent, 50.00 is
    assert {f["indicator"]: f["urgent"] for f in found} == {9: False, 10: True}
    # the findings fit the interchange file
    doc["assessments"][0]["findings"] = found
    validate(doc)


def test_propose_findings_order_keys_and_edges():
    scores = {1: 84.99, "2": "85.00", "๓": "๖๙.๙๙", 10: 50, 5: None}
    assert [f["indicator"] for f in propose_findings(2568, scores)] == [1, 3, 10]
    assert [f["indicator"] for f in propose_findings(2568, scores, order="weakest")] == [10, 3, 1]
    assert [f["urgent"] for f in propose_findings(2568, scores)] == [False, True, True]
    assert [f["urgent"] for f in propose_findings(2568, scores, urgent_below=60)] == [False, False, True]
    assert propose_findings(2568, {}) == []
    with pytest.raises(ValueError):
        propose_findings(2568, scores, order="alphabetical")


def test_propose_findings_errors():
    with pytest.raises(FrameworkError, match="2570"):
        propose_findings(2570, {1: 50})
    with pytest.raises(ScoreError):
        propose_findings(2568, {11: 50})
    with pytest.raises(ScoreError):
        propose_findings(2568, {1: 120})
    with pytest.raises(ScoreError):
        propose_findings(2568, {"x": 50})


def test_urgent_threshold_follows_the_years_scale():
    assert urgent_threshold(2568) == 70.0            # the step above ต้องปรับปรุงโดยด่วน
    assert urgent_threshold(2565) == DEFAULT_URGENT_BELOW     # AA–F scale: no urgent step
    with pytest.raises(FrameworkError):
        urgent_threshold(2500)


# -- measures -------------------------------------------------------------------------

@pytest.mark.parametrize("year", YEARS)
def test_measure_from_every_entry_lies_inside_the_fiscal_year(year):
    fy = FiscalYear(year)
    for e in load_catalogue():
        m = measure_from(e, year)
        p = m["period"]
        assert fy.contains(dt.date.fromisoformat(p["start"])) and fy.contains(dt.date.fromisoformat(p["end"]))
        assert p["start"] <= p["end"]
        assert m["key"] == e.key and m["indicators"] == sorted(e.indicators)
        assert m.get("items", []) == e.items_for(year)
        assert m["steps"].count("\n") == len(e.step_lines) - 1
        assert not re.search(r"\{[a-z_]*\}", json.dumps(m, ensure_ascii=False))   # placeholders filled


def test_measures_from_the_catalogue_validate_and_pass_the_period_checks():
    """Every catalogue measure added to the demo year: the file validates and the
    pre-flight checks find nothing wrong with their periods or years."""
    doc = huai_toei()
    a = doc["assessments"][0]
    before = len(a["measures"])
    a["measures"] += [measure_from(e, 2568) for e in load_catalogue()]
    validate(doc)
    ours = {("assessments", 0, "measures", i) for i in range(before, len(a["measures"]))}
    bad = [p for p in run_checks(doc, 2568) if p.where[:4] in ours and p.code != "measure_without_result"]
    assert bad == []


def test_measure_from_examples():
    no_gift = measure_from("no_gift", 2568)
    assert no_gift["period"] == {"start": "2024-10-01", "end": "2024-12-31",
                                 "text": "ไตรมาสที่ ๑ (๑ ตุลาคม ๒๕๖๗ – ๓๑ ธันวาคม ๒๕๖๗)"}   # seed 002's form
    assert no_gift["title"].endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘") and no_gift["items"] == ["O21"]
    assert measure_from("iit_awareness", 2566)["period"]["start"] == "2023-01-01"        # seed 001: ๑ มกราคม
    assert measure_from("iit_awareness", 2566)["period"]["end"] == "2023-06-30"
    whole = measure_from("work_manual", 2568, key="M1")
    assert whole["key"] == "M1" and whole["period"]["text"] == "๑ ตุลาคม ๒๕๖๗ - ๓๐ กันยายน ๒๕๖๘"
    assert "items" not in whole
    assert measure_from("ita_measures", 2569)["items"] == ["O25", "O26"]
    assert measure_from("ita_measures", 2567).get("items") is None     # 2567 codes not confirmed


def test_measure_from_arabic_digits():
    for e in load_catalogue():
        m = measure_from(e, 2568, thai_digits=False)
        assert not THAI_DIGIT.search(json.dumps(m, ensure_ascii=False)), e.key
    assert measure_from("service_quality", 2566, thai_digits=False)["period"]["text"] == "ตุลาคม 2565 - เมษายน 2566"


def test_measure_from_errors():
    with pytest.raises(CatalogueError):
        measure_from("nope", 2568)
    with pytest.raises(FrameworkError):
        measure_from("no_gift", 2570)
    with pytest.raises(ValueError):
        measure_from("no_gift", 2568, key=" ")


def test_measures_for_findings_one_per_finding_deduplicated():
    findings = propose_findings(2568, {1: 80, 4: 70, 9: 60, 10: 40})
    ms = measures_for_findings(findings, 2568)
    assert [m["key"] for m in ms] == ["work_manual", "state_property", "open_data", "corruption_prevention"]
    # e4 and e5 of indicator 7 (seed 002) are one measure
    ht = huai_toei()["assessments"][0]["findings"]
    assert [f["item"] for f in ht] == ["e4", "e5"]
    ms = measures_for_findings(ht, 2568)
    assert [m["key"] for m in ms] == ["public_relations"] and ms[0]["items"] == ["e4", "e5"]
    # an item finding picks the entry of that item; keys avoid those taken
    ms = measures_for_findings([{"indicator": 10, "item": "O23", "weak_point": "x"},
                                {"indicator": 10, "weak_point": "y"}, {"weak_point": "z"}], 2568,
                               taken={"corruption_risk", "corruption_prevention"})
    assert [m["key"] for m in ms] == ["corruption_risk_2", "corruption_prevention_2"]
    doc = huai_toei()
    doc["assessments"][0]["measures"] += measures_for_findings(findings, 2568)
    validate(doc)


# -- carrying measures over -----------------------------------------------------------

def test_carry_over_the_demo_measures_to_the_next_year():
    doc = huai_toei()
    a = doc["assessments"][0]
    original = copy.deepcopy(a["measures"])
    notes: list[str] = []
    moved = carry_over(a["measures"], 2568, 2569, notes=notes)
    assert a["measures"] == original                       # the input is untouched
    assert [m["key"] for m in moved] == [m["key"] for m in original]
    for old, new in zip(original, moved):
        assert set(new) == set(old)                       # nothing dropped
        assert new["title"] == old["title"].replace("๒๕๖๘", "๒๕๖๙")
        if old.get("period", {}).get("start"):
            for k in ("start", "end"):
                o, n = dt.date.fromisoformat(old["period"][k]), dt.date.fromisoformat(new["period"][k])
                assert (n.year, n.month, n.day) == (o.year + 1, o.month, o.day)
                assert fy_contains(2569, new["period"][k])
    assert moved[0]["period"]["text"] == "๑ ตุลาคม ๒๕๖๘ - ๓๐ กันยายน ๒๕๖๙"
    assert moved[8]["period"]["text"] == "ไตรมาสที่ ๑ (๑ ตุลาคม ๒๕๖๘ – ๓๑ ธันวาคม ๒๕๖๘)"
    assert moved[3]["items"] == ["e4", "e5"] and any(n.startswith("e4:") for n in notes)
    # a new year with the copied measures and no results is a valid file without period problems
    doc["assessments"].append({"year": 2569, "scores": {}, "measures": moved})
    validate(doc)
    problems = [p for p in run_checks(doc, 2569) if p.code.startswith(("period", "date", "other_fiscal"))]
    assert problems == []


def test_carry_over_remaps_item_codes_by_the_frameworks():
    ms = [measure_from(k, 2568) for k in ("ita_measures", "anti_corruption_report", "no_gift")]
    notes: list[str] = []
    moved = {m["key"]: m for m in carry_over(ms, 2568, 2569, notes=notes)}
    assert moved["ita_measures"]["items"] == ["O25"]          # the analysis: O27 (2568) → O25 (2569)
    # 2568's O26 (annual anti-corruption report) is 2569's ITA report: dropped, not kept wrong
    assert "items" not in moved["anti_corruption_report"]
    assert moved["no_gift"]["items"] == ["O21"]               # no 2569 code known: kept
    assert len(notes) == 3 and any("O26" in n and "dropped" in n for n in notes)
    # the old O42/O43 pair: same codes through 2566, unknown in 2567 (kept), mapped into 2568
    old = [measure_from("ita_measures", 2565)]
    assert carry_over(old, 2565, 2566)[0]["items"] == ["O42", "O43"]
    assert carry_over(old, 2566, 2567)[0]["items"] == ["O42", "O43"]
    assert carry_over(old, 2566, 2568)[0]["items"][0] == "O27"


def test_carry_over_errors_and_identity():
    ms = [measure_from("no_gift", 2568)]
    assert carry_over(ms, 2568, 2568) == ms
    with pytest.raises(FrameworkError):
        carry_over(ms, 2568, 2570)
    assert carry_over([], 2568, 2569) == []


def test_shift_years_in_text_examples():
    assert shift_years_in_text("ตลอดปีงบประมาณ พ.ศ.๒๕๖๘", 2568, 2569) == "ตลอดปีงบประมาณ พ.ศ.๒๕๖๙"
    assert shift_years_in_text("ต.ค.๖๕ - ก.ย.๖๖", 2566, 2567) == "ต.ค.๖๖ - ก.ย.๖๗"       # seed 002/ITA_DOMAIN form
    assert shift_years_in_text("ต.ค. 65 - ก.ย. 66", 2566, 2568) == "ต.ค. 67 - ก.ย. 68"
    # years far from the fiscal year stay: the national strategy 2561–2580
    assert shift_years_in_text("ยุทธศาสตร์ชาติ (พ.ศ.๒๕๖๑-๒๕๘๐)", 2568, 2569) == "ยุทธศาสตร์ชาติ (พ.ศ.๒๕๖๑-๒๕๘๐)"
    assert shift_years_in_text("ผู้เข้าร่วม ๒๕๖๘๐ คน O27", 2568, 2569) == "ผู้เข้าร่วม ๒๕๖๘๐ คน O27"
    assert shift_years_in_text("๒๙ กุมภาพันธ์ ๒๕๖๗", 2567, 2568) == "๒๘ กุมภาพันธ์ ๒๕๖๘"   # 2025 is common
    assert shift_years_in_text("29 ก.พ. 2571", 2571, 2575) == "29 ก.พ. 2575"                # 2032 is leap


def _move(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:                                  # 29 February into a common year
        return dt.date(d.year + years, 2, 28)


def _last_of_feb(year: int) -> dt.date:
    return dt.date(year, 3, 1) - dt.timedelta(days=1)


@st.composite
def periods(draw):
    """(from_year, to_year, start, end) with start ≤ end inside fiscal year from_year."""
    from_year = draw(st.sampled_from(YEARS))
    to_year = draw(st.sampled_from(YEARS))
    fy = FiscalYear(from_year)
    span = (fy.end - fy.start).days
    a = draw(st.integers(0, span))
    b = draw(st.integers(a, span))
    # the 28th/29th of February are where shifting by years is hard: draw them often
    feb = draw(st.sampled_from([None, None, "start", "end", "both"]))
    start, end = fy.start + dt.timedelta(days=a), fy.start + dt.timedelta(days=b)
    last = _last_of_feb(fy.end.year)
    if feb in ("start", "both"):
        start = last
    if feb in ("end", "both"):
        end = last
    if feb == "start":
        end = max(end, start)
    if feb == "end":
        start = min(start, end)
    return from_year, to_year, start, end


@settings(max_examples=300, deadline=None)
@given(periods(), st.booleans())
def test_carry_over_moves_any_period_by_whole_years(case, thai_digits):
    from_year, to_year, start, end = case
    years = to_year - from_year
    text = f"{thai_date(start, thai_digits=thai_digits)} - {thai_date(end, thai_digits=thai_digits)}"
    m = {"key": "M1", "title": "ก", "period": {"start": start.isoformat(), "end": end.isoformat(), "text": text}}
    [new] = carry_over([m], from_year, to_year)
    s, e = dt.date.fromisoformat(new["period"]["start"]), dt.date.fromisoformat(new["period"]["end"])
    assert FiscalYear(to_year).contains(s) and FiscalYear(to_year).contains(e) and s <= e
    assert s == _move(start, years)
    # an end on the last day of February stays on the last day
    assert e == (_last_of_feb(end.year + years) if end == _last_of_feb(end.year) else _move(end, years))
    # the printed text moves the same way (a written date follows the start rule)
    assert new["period"]["text"] == (f"{thai_date(_move(start, years), thai_digits=thai_digits)} - "
                                     f"{thai_date(_move(end, years), thai_digits=thai_digits)}")
    assert new["key"] == "M1" and new["title"] == "ก"
    # and back again, unless a 29 February was lost on the way
    if not (start.month == 2 and start.day == 29):
        [back] = carry_over([new], to_year, from_year)
        assert back["period"]["start"] == m["period"]["start"]


# -- the memo -------------------------------------------------------------------------

def test_default_memo_for_huai_toei_validates_and_reads_like_the_seeds():
    doc = huai_toei()
    a = doc["assessments"][0]
    memo = default_memo(doc["office"], 2568, signer=None, scores=a["scores"])
    assert memo["recipient"] == "นายกองค์การบริหารส่วนตำบลห้วยเตย"
    assert memo["department"] == "สำนักปลัดองค์การบริหารส่วนตำบลห้วยเตย"     # seed 003's form
    assert memo["subject"].startswith("รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"
                                      "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA)")
    assert memo["subject"].endswith("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert [s["heading"] for s in memo["sections"]] == ["เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอเพื่อพิจารณา"]
    assert [bool(s.get("attach_measures_table")) for s in memo["sections"]] == [False, True, False]
    assert "๘๐.๗๗ คะแนน อยู่ในระดับ ต้องปรับปรุง" in memo["sections"][0]["paragraphs"][0]   # seed 002's result
    assert "ข้อ O27 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in memo["sections"][1]["paragraphs"][0]
    assert memo["closing"] == "จึงเรียนมาเพื่อโปรดพิจารณา"
    assert "signer" not in memo and "approvals" not in memo and "number" not in memo
    a["memos"] = [memo]
    validate(doc)


def test_default_memo_with_people_builds_the_approval_chain_of_seed_003():
    doc = pak_chong()
    memo = default_memo(doc["office"], 2565, signer="nitikorn", date=dt.date(2022, 3, 21))
    assert memo["signer"] == "nitikorn" and memo["date"] == "2022-03-21"
    assert memo["number"] == "รบ ๗๒๑๐๑/"
    assert [ap["person"] for ap in memo["approvals"]] == ["head_palad", "palad", "nayok"]
    assert memo["approvals"][-1]["title"] == "ความเห็นของนายกองค์การบริหารส่วนตำบลปากช่อง"
    assert "ข้อ O42" in memo["sections"][1]["paragraphs"][0]          # the 2565 code
    doc["assessments"][0]["memos"].append(memo)
    validate(doc)
    assert "approvals" not in default_memo(doc["office"], 2565, signer="nitikorn", approvals=False)
    # the signer is never asked for an opinion on their own memo
    assert "nayok" not in [ap["person"] for ap in default_memo(doc["office"], 2565, signer="nayok")["approvals"]]


def test_default_memo_digits_years_and_errors():
    office = huai_toei()["office"]
    arabic = default_memo({**office, "thai_digits": False}, 2568, signer=None)
    text = json.dumps(arabic, ensure_ascii=False)
    assert not THAI_DIGIT.search(text) and "พ.ศ. 2568" in arabic["subject"]
    assert "ข้อ O25" in default_memo(office, 2569, signer=None)["sections"][1]["paragraphs"][0]
    assert "ข้อ O" not in default_memo(office, 2567, signer=None)["sections"][1]["paragraphs"][0]
    with pytest.raises(ValueError, match="nobody"):
        default_memo(office, 2568, signer="nobody")
    with pytest.raises(FrameworkError):
        default_memo(office, 2570, signer=None)
    # a wrong signer would also be refused by the interchange rules
    doc = huai_toei()
    doc["assessments"][0]["memos"] = [{**default_memo(office, 2568, signer=None), "signer": "nobody"}]
    with pytest.raises(InterchangeError):
        validate(doc)


@pytest.mark.parametrize("name, kind, recipient, department", [
    ("เทศบาลตำบลบ้านใหม่", "เทศบาลตำบล", "นายกเทศมนตรีตำบลบ้านใหม่", "สำนักปลัดเทศบาลตำบลบ้านใหม่"),
    ("เทศบาลนครขอนแก่น", "เทศบาลนคร", "นายกเทศมนตรีนครขอนแก่น", "สำนักปลัดเทศบาลนครขอนแก่น"),
    ("องค์การบริหารส่วนจังหวัดราชบุรี", "อบจ.", "นายกองค์การบริหารส่วนจังหวัดราชบุรี",
     "สำนักปลัดองค์การบริหารส่วนจังหวัดราชบุรี"),
])
def test_memo_recipient_and_department_by_office_type(name, kind, recipient, department):
    office = {"name": name, "type": kind, "province": "ราชบุรี"}
    assert memo_recipient(office) == recipient
    assert memo_department(office) == department
    assert memo_department({**office, "departments": ["กองคลัง"]}) == f"กองคลัง {name}"


def test_the_default_memo_renders_and_passes_the_thai_pdf_checker(tmp_path):
    from pdfcheck import assert_passes, pdftotext, thai_pdf_check

    from ita_desktop.pdf.common import office_words
    from ita_desktop.pdf.memo import render_memo

    doc = pak_chong()
    a = doc["assessments"][0]
    a["measures"] = measures_for_findings(propose_findings(2565, {1: 80, 7: 60, 9: 70, 10: 40}), 2565)
    a["results"] = []
    a["memos"] = [default_memo(doc["office"], 2565, signer="nitikorn", date=dt.date(2022, 3, 21))]
    validate(doc)
    out = render_memo(doc, 2565, tmp_path / "memo.pdf")
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "บันทึกข้อความ" in text and "นายกองค์การบริหารส่วนตำบลปากช่อง" in text
    assert "จึงเรียนมาเพื่อโปรดพิจารณา" in text and "๒๕๖๕" in text
    assert_passes(thai_pdf_check(out, words=office_words(doc), tmp=tmp_path))
