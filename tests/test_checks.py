"""Pre-flight checks: each catches the fault it looks for, on the demo data altered in one field.

The untouched demo data gives what it really contains: อบต.ห้วยเตย (seed 002)
keeps "อบต. ย่างขึ้นก" and quotes an IIT score of ๙๑.๔๙ against 94.41, its
12-month report leaves the eight planned measures without results and its four
summary measures without responsible unit and period; อบต.ปากช่อง (seed 003)
gives nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_desktop.domain.checks import ERROR, WARNING, Problem, run_checks
from ita_desktop.resources import resource_path

HT, PC = 2568, 2565  # the demo offices' fiscal years


def _load(name: str) -> dict:
    return json.loads(resource_path("demo", name).read_text(encoding="utf-8"))


_HUAI = _load("huai_toei_2568.json")
_PAK = _load("pak_chong_2565.json")


@pytest.fixture
def huai() -> dict:
    return copy.deepcopy(_HUAI)


@pytest.fixture
def pak() -> dict:
    return copy.deepcopy(_PAK)


def sig(p: Problem) -> tuple:
    return p.severity, p.code, p.where, p.target


def new(doc: dict, year: int, *, round: int | None = None) -> list[Problem]:
    """The problems of ``doc`` that the untouched demo of the same office does not have."""
    base = _HUAI if year == HT else _PAK
    before = {sig(p) for p in run_checks(base, year, round=round)}
    return [p for p in run_checks(doc, year, round=round) if sig(p) not in before]


def one(doc: dict, year: int, **kw) -> Problem:
    ps = new(doc, year, **kw)
    assert len(ps) == 1, [p.message for p in ps]
    return ps[0]


def measure(doc: dict, key: str) -> tuple[int, dict]:
    ms = doc["assessments"][0]["measures"]
    i = next(i for i, m in enumerate(ms) if m["key"] == key)
    return i, ms[i]


def result(doc: dict, key: str, rnd: int = 12) -> tuple[int, dict]:
    rs = doc["assessments"][0]["results"]
    i = next(i for i, r in enumerate(rs) if r["measure"] == key and r["round"] == rnd)
    return i, rs[i]


A = ("assessments", 0)


# ---------------------------------------------------------------------------
# The API and the demo data


def test_problem_is_a_frozen_record():
    p = run_checks(_HUAI, HT)[0]
    assert {f.name for f in dataclasses.fields(Problem)} == {"code", "severity", "message", "where", "target"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.code = "x"  # type: ignore[misc]
    assert isinstance(p.where, tuple) and isinstance(p.target, tuple) and len(p.target) == 2


def test_pak_chong_demo_has_no_problems():
    assert run_checks(_PAK, PC) == []
    assert run_checks(_PAK, PC, round=6) == []  # every measure has its 6-month result


def test_pak_chong_as_a_12_month_report_has_no_results():
    # the demo is a 6-month report: a 12-month report cannot be printed (pdf/report.py refuses it)
    ps = run_checks(_PAK, PC, round=12)
    assert [(p.severity, p.code, p.where, p.target) for p in ps] == [
        (ERROR, "no_round_results", A + ("results",), ("assessment", PC))]
    assert "รอบ ๑๒ เดือน" in ps[0].message and "rounds with results: 6" in ps[0].message


HUAI_EXPECTED = [
    # the real fault of seed 002 kept in the demo: another office's name in rep7's outcome
    (ERROR, "foreign_office_name", A + ("results", 6, "outcome"), ("result", ("rep7", 12))),
    # the 12-month report (seed 002, second half) reports rep1–rep7 and sum1–sum4, never the
    # eight measures its own analysis planned: real, the printed rows would be empty
    *[(WARNING, "measure_without_result", A + ("measures", i), ("measure", k))
      for i, k in enumerate(["plan1a", "plan1b", "plan2", "plan3", "plan4", "plan5", "plan6", "plan7"])],
    # the summary measures of seed 002 are printed there without responsible unit and period
    *[(WARNING, "empty_field", A + ("measures", 15 + i, "responsible"), ("measure", f"sum{i + 1}"))
      for i in range(4)],
    # rep7 says IIT scored ๙๑.๔๙; the indicator scores of the same report give 94.41 (real
    # inconsistency; a warning because published tool scores may differ from the mean)
    (WARNING, "tool_score_conflict", A + ("results", 6, "outcome"), ("result", ("rep7", 12))),
]


def test_huai_toei_demo_gives_exactly_its_real_faults():
    ps = run_checks(_HUAI, HT)
    assert [sig(p) for p in ps] == HUAI_EXPECTED
    assert "อบต. ย่างขึ้นก" in ps[0].message and "rep7" in ps[0].message
    assert "๙๑.๔๙" in ps[-1].message and "94.41" in ps[-1].message
    assert [sig(p) for p in run_checks(_HUAI, HT, round=12)] == HUAI_EXPECTED


def test_huai_toei_as_a_6_month_report(huai):
    # seed 002 published only the 12-month report
    assert [p.code for p in run_checks(_HUAI, HT, round=6) if p.severity == ERROR] == ["no_round_results",
                                                                                    "foreign_office_name"]
    _, r = result(huai, "rep2")
    r["round"] = 6
    # measures whose period ended by 31 March (rep1–rep3, first quarter) need a 6-month result
    ps = [p for p in run_checks(huai, HT, round=6) if p.code == "measure_without_result"]
    assert [p.target for p in ps] == [("measure", "rep1"), ("measure", "rep3")]
    assert "๖ เดือน" in ps[0].message and "6-month" in ps[0].message


def test_messages_are_one_line_thai_then_english_naming_the_place():
    ps = run_checks(_HUAI, HT) + run_checks(_PAK, PC, round=12) + run_checks(_HUAI, HT, round=6)
    ps += run_checks(_PAK, PC, round=6) + run_checks(_HUAI, 2567)
    for p in ps:
        th, sep, en = p.message.partition(" / ")
        assert sep and re.search("[ก-ฮ]", th) and re.search("[a-z]", en), p.message
        assert "\n" not in p.message
        kind, key = p.target
        if kind == "measure":
            assert f'measure "{key}"' in en
        if kind == "result":
            assert f'{key[1]}-month result of measure "{key[0]}"' in en


def test_errors_first_then_by_place():
    doc = copy.deepcopy(_HUAI)
    doc["office"]["province"] = ""
    ps = run_checks(doc, HT)
    sev = [p.severity for p in ps]
    assert sev == sorted(sev, key=lambda s: s != ERROR)
    # ("assessments", …) sorts before ("office", …)
    assert [(p.code, p.target) for p in ps[:2]] == [("foreign_office_name", ("result", ("rep7", 12))),
                                                    ("empty_field", ("office", "province"))]


def test_bad_round_and_missing_year():
    with pytest.raises(ValueError):
        run_checks(_HUAI, HT, round=3)
    ps = run_checks(_HUAI, 2567)
    assert [(p.severity, p.code, p.target) for p in ps] == [(ERROR, "missing_year", ("assessment", 2567))]


def test_store_export_gives_the_same_problems(db_path):
    from ita_desktop.store.connection import connect
    from ita_desktop.store.repo import Store

    store = Store(connect(db_path))
    for doc, year in ((_HUAI, HT), (_PAK, PC)):
        oid = store.import_doc(copy.deepcopy(doc))
        assert [sig(p) for p in run_checks(store.office_doc(oid, [year]), year)] == \
            [sig(p) for p in run_checks(doc, year)]


# ---------------------------------------------------------------------------
# 1. Another office's name


@pytest.mark.parametrize("text,written", [
    ("บุคลากรภายใน อบต.ย่างขึ้นก มีความเข้าใจ", "อบต.ย่างขึ้นก"),
    ("ร่วมกับเทศบาลตำบลบ้านโคก จัดกิจกรรม", "เทศบาลตำบลบ้านโคก"),
    ("ประชาชนในพื้นที่องค์การบริหารส่วนตำบลเขาวาวมีการรับรู้", "องค์การบริหารส่วนตำบลเขาวาว"),
    ("ประสานกับ ทต.หนองไผ่", "ทต.หนองไผ่"),
])
def test_foreign_office_name_in_a_measure(huai, text, written):
    i, m = measure(huai, "rep1")
    m["title"] = text
    p = one(huai, HT)
    assert (p.severity, p.code, p.where, p.target) == (ERROR, "foreign_office_name", A + ("measures", i, "title"),
                                                       ("measure", "rep1"))
    assert written in p.message and "อบต.ห้วยเตย" in p.message


def test_foreign_office_name_in_a_memo_paragraph(pak):
    pak["assessments"][0]["memos"][0]["sections"][1]["paragraphs"][2] = \
        "องค์การบริหารส่วนตำบลเขาขาว อำเภอจอมบึง จังหวัดราชบุรี"
    p = one(pak, PC)
    assert (p.code, p.target, p.where[-4:]) == ("foreign_office_name", ("memo", 0), ("sections", 1, "paragraphs", 2))
    assert "ย่อหน้าที่ ๓" in p.message


def test_own_name_misspelt_gets_a_hint(huai):
    huai["assessments"][0]["analysis_intro"] = "องค์การบริหารส่วนตำบลห้วยเตบ ได้วิเคราะห์ผลการประเมิน"
    p = one(huai, HT)
    assert p.code == "foreign_office_name" and p.target == ("assessment", HT)
    assert "ห้วยเตบ" in p.message and "misspelling" in p.message


@pytest.mark.parametrize("text", [
    "องค์การบริหารส่วนตำบลห้วยเตย อำเภอกุดรัง จังหวัดมหาสารคาม",
    "บุคลากรของ อบต. ห้วยเตย และ อบต.ห้วยเตย และ อบต.ห้วย เตย ในตำบลห้วยเตย",
    "ความพึงพอใจในการให้บริการขององค์การบริหารส่วนตำบลห้วยเตยมากขึ้น",  # no space after the name
    "ตำบลห้วยเตย อ.กุดรัง จ.มหาสารคาม",
    "สมาชิกสภา อบต. มีความรู้ และ อบต. ให้ความสำคัญ พนักงานส่วนตำบล พนักงานจ้าง",  # seed 002
    "นายกองค์การบริหารส่วนตำบล ได้พิจารณา ความเห็นของปลัดองค์การบริหารส่วนตำบล",
    "จังหวัดใกล้เคียง ตำบลต่างๆ อำเภอละ ๒ คน ทุกจังหวัด",
    "อ.สมชาย ใจดี เป็นวิทยากร ร่วมกับ จ.ส.อ.สมศักดิ์",  # อาจารย์ and a rank, not places
    "สมาชิกสภา อบต.",
    "คณะผู้บริหาร สมาชิกสภา อบต. พนักงานส่วนตำบล และปลัดองค์การบริหารส่วนตำบล รองปลัด",
    "การประชุมระดับจังหวัด ครั้งที่ ๑ ที่ว่าการอำเภอ ชั้น ๒",
])
def test_own_names_written_differently_are_not_foreign(huai, text):
    huai["assessments"][0]["analysis_intro"] = text
    assert new(huai, HT) == []


def test_foreign_district_in_the_address_is_an_error(huai):
    # seed 002 names three districts for one office: กุตุรงค์, กุสุมาลย์, ภูกระดึง
    huai["assessments"][0]["analysis_intro"] = "องค์การบริหารส่วนตำบลห้วยเตย อำเภอกุสุมาลย์ จังหวัดมหาสารคาม"
    p = one(huai, HT)
    assert (p.severity, p.code, p.target) == (ERROR, "foreign_place_name", ("assessment", HT))
    assert "อำเภอกุสุมาลย์" in p.message and "กุดรัง" in p.message


def test_foreign_province_abbreviated_is_an_error(huai):
    _, r = result(huai, "rep2")
    r["outcome"] = "ที่ว่าการอำเภอ อ.เมือง จ.ขอนแก่น"
    ps = new(huai, HT)
    assert {(p.severity, p.code) for p in ps} == {(ERROR, "foreign_place_name")}
    assert {p.target for p in ps} == {("result", ("rep2", 12))}
    assert any("จ.ขอนแก่น" in p.message for p in ps) and any("อ.เมือง" in p.message for p in ps)


def test_other_province_in_running_text_is_a_warning(huai):
    _, r = result(huai, "rep2")
    r["done"] = "ไปศึกษาดูงานที่จังหวัดขอนแก่น"
    p = one(huai, HT)
    assert (p.severity, p.code, p.target) == (WARNING, "foreign_place_name", ("result", ("rep2", 12)))


def test_foreign_name_in_a_persons_position(pak):
    pak["office"]["people"][2]["position"] = "ปลัดองค์การบริหารส่วนตำบลเขาขาว"
    p = one(pak, PC)
    assert (p.code, p.target, p.where) == ("foreign_office_name", ("person", "palad"),
                                           ("office", "people", 2, "position"))


# ---------------------------------------------------------------------------
# 2. An indicator under the wrong tool


def test_finding_indicator_and_item_of_different_tools(huai):
    huai["assessments"][0]["findings"][0]["item"] = "i4"  # indicator 7 is EIT
    p = one(huai, HT)
    assert (p.severity, p.code, p.target, p.where) == (ERROR, "indicator_wrong_tool", ("finding", 0),
                                                       A + ("findings", 0, "indicator"))
    assert "EIT" in p.message and "i4" in p.message


def test_text_labels_indicators_9_and_10_as_iit(huai):
    # seed 002's table labels 9 and 10 IIT; the framework puts them under OIT
    huai["assessments"][0]["analysis_intro"] = ("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (IIT) ไม่ผ่านเกณฑ์\n"
                                               "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (IIT) ไม่ผ่านเกณฑ์")
    ps = new(huai, HT)
    assert [(p.severity, p.code, p.target) for p in ps] == [(ERROR, "indicator_wrong_tool", ("assessment", HT))] * 2
    assert any("indicator 9 belongs to OIT, not IIT" in p.message for p in ps)
    assert any("indicator 10 belongs to OIT, not IIT" in p.message for p in ps)


def test_text_with_the_right_tools_passes(huai):
    huai["assessments"][0]["analysis_intro"] = ("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (OIT) ตัวชี้วัดการใช้อำนาจ (IIT) "
                                               "ตัวชี้วัดที่ 7 (EIT)")
    assert new(huai, HT) == []


def test_measure_item_of_another_tool_is_a_warning(huai):
    _, m = measure(huai, "plan3")  # indicator 7 (EIT), items e4 e5
    m["items"] = ["e4", "i5"]
    p = one(huai, HT)
    assert (p.severity, p.code, p.target) == (WARNING, "indicator_wrong_tool", ("measure", "plan3"))


# ---------------------------------------------------------------------------
# 3. One indicator, two scores


def test_indicator_7_quoted_with_another_score(huai):
    # seed 002: ตัวชี้วัดที่ ๗ ๙๙.๘๔ คะแนน beside 94.00 in the summary table
    huai["assessments"][0]["findings"][0]["weak_point"] = "ตัวชี้วัดที่ ๗ ๙๙.๘๔ คะแนน ข้อ e๔ หน่วยงานมีช่องทาง"
    p = one(huai, HT)
    assert (p.severity, p.code, p.target) == (ERROR, "score_conflict", ("finding", 0))
    assert "๙๙.๘๔" in p.message and "94.00" in p.message


def test_bare_score_in_a_finding_is_its_indicators(huai):
    huai["assessments"][0]["findings"][1]["improvement"] = "ได้ ๙๙.๘๔ คะแนน"
    assert one(huai, HT).code == "score_conflict"
    huai["assessments"][0]["findings"][1]["improvement"] = "ได้ ๙๔.๐๐ คะแนน"
    assert new(huai, HT) == []


@pytest.mark.parametrize("text", [
    "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร (EIT) ๙๔.๐๐ คะแนน",
    "ปี ๒๕๖๗ ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล มีคะแนน ๘๐.๐๐ คะแนน",  # another year
    "ตัวชี้วัดที่ ๙ เพิ่มขึ้น ๑๐.๐๐ คะแนน",  # a difference
    "ตัวชี้วัดที่๑๐ การป้องกันการทุจริต ตัวชี้วัดย่อยที่ ๑๐.๒๑",  # a sub-indicator number
    "คะแนนภาพรวม ๘๐.๗๗ คะแนน",
])
def test_scores_that_agree_or_are_not_this_years(huai, text):
    _, r = result(huai, "rep1")
    r["done"] = text
    assert new(huai, HT) == []


def test_score_equal_to_a_history_score_is_a_comparison(huai):
    a = huai["assessments"][0]
    a["history"] = [{"year": 2567, "scores": {"9": 80.0}}]
    _, r = result(huai, "rep1")
    r["done"] = "คะแนนรายตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล มีคะแนนอยู่ที่ ๘๐.๐๐ คะแนน"
    assert new(huai, HT) == []
    r["done"] = r["done"].replace("๘๐.๐๐", "๗๕.๐๐")
    assert one(huai, HT).code == "score_conflict"


def test_quoted_overall_and_published_overall(huai):
    _, r = result(huai, "rep1")
    r["done"] = "คะแนนรวม ๘๕.๐๐ คะแนน"
    p = one(huai, HT)
    assert (p.code, p.target) == ("score_conflict", ("result", ("rep1", 12)))
    r["done"] = "-"
    huai["assessments"][0]["published_overall"] = 81.5
    p = one(huai, HT)
    assert (p.severity, p.code, p.where) == (ERROR, "score_conflict", A + ("published_overall",))


def test_quoted_tool_score_against_a_published_tool_score_is_an_error(huai):
    a = huai["assessments"][0]
    a["tool_scores"] = {"IIT": 91.49}
    del a["published_overall"]
    assert not [p for p in run_checks(huai, HT) if p.code == "tool_score_conflict"]  # the text now agrees
    a["tool_scores"] = {"IIT": 95.00}
    ps = [p for p in run_checks(huai, HT) if p.code == "tool_score_conflict"]
    assert [(p.severity, p.target) for p in ps] == [(ERROR, ("result", ("rep7", 12)))]


def test_history_of_the_same_year_must_agree(huai):
    huai["assessments"][0]["history"] = [{"year": 2568, "overall": 80.77, "scores": {"7": 99.84}}]
    p = one(huai, HT)
    assert (p.code, p.where) == ("score_conflict", A + ("history", 0, "scores", "7"))


# ---------------------------------------------------------------------------
# 4. Thai digits in links


def test_thai_digits_in_an_evidence_url(huai):
    i, r = result(huai, "rep1")
    r["evidence_urls"] = ["https://www.huaitoei.go.th/news/view_all.php?id=๘๓๑", "https://www.huaitoei.go.th/a?id=12"]
    p = one(huai, HT)
    assert (p.severity, p.code, p.where, p.target) == (ERROR, "thai_digits_in_url",
                                                       A + ("results", i, "evidence_urls", 0), ("result", ("rep1", 12)))
    assert "id=831" in p.message


def test_thai_digits_in_a_url_inside_text(huai):
    _, r = result(huai, "rep3")
    r["outcome"] = "สามารถติดตามข้อมูลได้ที่ https://www.huaitoei.go.th/view.php?id=๒๔ และ www.huaitoei.go.th/x?y=1"
    p = one(huai, HT)
    assert (p.code, p.target) == ("thai_digits_in_url", ("result", ("rep3", 12)))
    assert "id=24" in p.message


def test_thai_digits_in_the_office_website(pak):
    pak["office"]["website"] = "https://www.pakchong.go.th/?page=๒"
    p = one(pak, PC)
    assert (p.code, p.target) == ("thai_digits_in_url", ("office", "website"))


# ---------------------------------------------------------------------------
# 5. Periods outside the fiscal year


def test_measure_start_outside_the_fiscal_year(huai):
    i, m = measure(huai, "rep7")
    m["period"]["start"] = "2024-09-01"  # fiscal year 2567
    p = one(huai, HT)
    assert (p.severity, p.code, p.where, p.target) == (ERROR, "period_outside_year",
                                                       A + ("measures", i, "period", "start"), ("measure", "rep7"))
    assert "๑ ก.ย. ๒๕๖๗" in p.message and "อยู่นอกปีงบประมาณ ๒๕๖๘" in p.message
    assert "2024-09-01 is outside fiscal year 2568" in p.message


def test_measure_period_reversed(huai):
    i, m = measure(huai, "rep4")  # 10 September 2025, one day
    m["period"]["end"] = "2025-09-01"
    ps = new(huai, HT)
    assert [(p.severity, p.code, p.where) for p in ps] == [
        (ERROR, "period_reversed", A + ("measures", i, "period", "end")),
        # the printed text ๑๐ กันยายน ๒๕๖๘ is no longer inside start–end
        (WARNING, "period_text_mismatch", A + ("measures", i, "period", "text")),
    ]


def test_last_years_period_text(huai):
    i, m = measure(huai, "plan2")
    m["period"]["text"] = "๑ ตุลาคม ๒๕๖๖ - ๓๐ กันยายน ๒๕๖๗"  # last year's, copied
    ps = new(huai, HT)
    assert {(p.severity, p.code, p.where) for p in ps} == {
        (ERROR, "period_outside_year", A + ("measures", i, "period", "text"))}
    assert len(ps) == 2  # both dates


def test_period_text_for_another_fiscal_year_and_quarter(huai, pak):
    _, m = measure(huai, "plan2")
    m["period"] = {"text": "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๗"}
    assert one(huai, HT).code == "period_outside_year"
    _, m = measure(pak, "m7")  # Jan–Mar 2022, quarter 2
    m["period"]["text"] = "ไตรมาสที่ ๔"
    p = one(pak, PC)
    assert (p.severity, p.code, p.target) == (WARNING, "period_text_mismatch", ("measure", "m7"))


def test_memo_dated_outside_the_year_and_old_year_in_a_result(pak):
    pak["assessments"][0]["memos"][0]["date"] = "2022-10-15"
    p = one(pak, PC)
    assert (p.severity, p.code, p.target) == (WARNING, "date_outside_year", ("memo", 0))
    pak["assessments"][0]["memos"][0]["date"] = "2022-03-21"
    pak["assessments"][0]["results"][0]["done"] = "สรุปผลเมื่อสิ้นปีงบประมาณ พ.ศ.๒๕๖๔ เมื่อวันที่ ๓๐ กันยายน ๒๕๖๔"
    assert {(p.code, p.severity) for p in new(pak, PC)} == {("other_fiscal_year", WARNING),
                                                          ("date_outside_year", WARNING)}


# ---------------------------------------------------------------------------
# 6. Measures without results


def test_measure_without_its_12_month_result(huai):
    _, r = result(huai, "rep4")
    r["round"] = 6  # only a 6-month result now
    j, _ = measure(huai, "rep4")
    p = one(huai, HT)
    assert (p.severity, p.code, p.where, p.target) == (WARNING, "measure_without_result", A + ("measures", j),
                                                       ("measure", "rep4"))
    assert "๑๒ เดือน" in p.message and "12-month" in p.message


def test_no_12_month_rule_without_12_month_results(huai):
    for r in huai["assessments"][0]["results"]:
        r["round"] = 6
    assert not [p for p in run_checks(huai, HT) if p.code == "measure_without_result"]


def test_result_of_an_unknown_measure(huai):
    _, r = result(huai, "rep4")
    r["measure"] = "rep99"
    ps = new(huai, HT)
    assert [(p.severity, p.code, p.target) for p in ps] == [
        (ERROR, "unknown_measure", ("result", ("rep99", 12))), (WARNING, "measure_without_result", ("measure", "rep4"))]


# ---------------------------------------------------------------------------
# 7. Empty fields


@pytest.mark.parametrize("change,severity,where,target", [
    (lambda d: d["office"].update(province=" "), ERROR, ("office", "province"), ("office", "province")),
    (lambda d: d["office"].update(name=""), ERROR, ("office", "name"), ("office", "name")),
    (lambda d: d["office"].pop("district"), WARNING, ("office", "district"), ("office", "district")),
    (lambda d: d["assessments"][0]["measures"][0].update(title="  "), ERROR,
     A + ("measures", 0, "title"), ("measure", "plan1a")),
    (lambda d: d["assessments"][0]["measures"][0].pop("responsible"), WARNING,
     A + ("measures", 0, "responsible"), ("measure", "plan1a")),
    (lambda d: d["assessments"][0]["measures"][0].pop("period"), WARNING,
     A + ("measures", 0, "period"), ("measure", "plan1a")),
    (lambda d: [d["assessments"][0]["results"][0].pop(k) for k in ("done", "outcome")], ERROR,
     A + ("results", 0, "done"), ("result", ("rep1", 12))),
    (lambda d: d["assessments"][0]["findings"][1].update(weak_point=""), ERROR,
     A + ("findings", 1, "weak_point"), ("finding", 1)),
    (lambda d: d["assessments"][0]["scores"].pop("9"), WARNING, A + ("scores",), ("score", 9)),
])
def test_empty_field_in_huai_toei(huai, change, severity, where, target):
    change(huai)
    ps = [p for p in new(huai, HT) if p.code in ("empty_field", "missing_scores")]
    assert [(p.severity, p.where, p.target) for p in ps] == [(severity, where, target)]


@pytest.mark.parametrize("change,severity,where", [
    (lambda m: m.update(subject=""), ERROR, A + ("memos", 0, "subject")),
    (lambda m: m.update(recipient=" "), ERROR, A + ("memos", 0, "recipient")),
    (lambda m: m.pop("date"), WARNING, A + ("memos", 0, "date")),
    (lambda m: m.pop("department"), WARNING, A + ("memos", 0, "department")),
    (lambda m: m["approvals"][1].update(title=""), ERROR, A + ("memos", 0, "approvals", 1, "title")),
])
def test_empty_field_in_the_memo(pak, change, severity, where):
    change(pak["assessments"][0]["memos"][0])
    p = one(pak, PC)
    assert (p.severity, p.code, p.where, p.target) == (severity, "empty_field", where, ("memo", 0))


def test_person_without_a_name(pak):
    pak["office"]["people"][0]["name"] = ""
    p = one(pak, PC)
    assert (p.severity, p.code, p.target) == (ERROR, "empty_field", ("person", "nitikorn"))


# ---------------------------------------------------------------------------
# 8. Signers


def test_memo_without_a_signer(pak):
    del pak["assessments"][0]["memos"][0]["signer"]
    p = one(pak, PC)
    assert (p.severity, p.code, p.where, p.target) == (ERROR, "missing_signer", A + ("memos", 0, "signer"),
                                                       ("memo", 0))
    assert "ผู้ลงนาม" in p.message and "no signer" in p.message


def test_memo_signed_by_someone_not_in_the_office(pak):
    pak["assessments"][0]["memos"][0]["signer"] = "ghost"
    p = one(pak, PC)
    assert (p.severity, p.code, p.target) == (ERROR, "unknown_signer", ("memo", 0))
    assert '"ghost"' in p.message


def test_approval_by_someone_not_in_the_office(pak):
    pak["assessments"][0]["memos"][0]["approvals"][2]["person"] = "old_nayok"
    p = one(pak, PC)
    assert (p.code, p.where) == ("unknown_signer", A + ("memos", 0, "approvals", 2, "person"))


# ---------------------------------------------------------------------------
# Any text: the checks never fail, and every message stays one line

_FRAGMENTS = ["อบต.", "อบต. ", "องค์การบริหารส่วนตำบล", "เทศบาลเมือง", "ตำบล", "อำเภอ", "จังหวัด", "อ.", "จ.",
              "ห้วยเตย", "ย่างขึ้นก", "มี", "ตัวชี้วัดที่ ", "ตัวชี้วัดย่อยที่ ", "(IIT)", "OIT", "คะแนนรวม ",
              "๙๙.๘๔", "94.00", "๗", "10", "ร้อยละ", "https://x.go.th/?id=", "www.", "๘๓๑", "ตุลาคม", "ต.ค.",
              "๒๕๖๗", "2568", "ปีงบประมาณ พ.ศ.", "ไตรมาสที่ ", "๑ - ๔", " ", "\n", "(", ")", ".", "-"]


@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=3), max_size=25).map("".join),
       st.sampled_from(["analysis_intro", "done", "period_text", "title", "weak_point"]))
@settings(max_examples=150, deadline=None)
def test_any_text_is_checked_without_failing(text, field):
    doc = copy.deepcopy(_HUAI)
    a = doc["assessments"][0]
    if field == "analysis_intro":
        a["analysis_intro"] = text
    elif field == "done":
        a["results"][0]["done"] = text
    elif field == "period_text":
        a["measures"][0]["period"]["text"] = text
    elif field == "title":
        a["measures"][0]["title"] = text
    else:
        a["findings"][0]["weak_point"] = text
    for p in run_checks(doc, HT):
        assert p.severity in (ERROR, WARNING)
        assert " / " in p.message and "\n" not in p.message
