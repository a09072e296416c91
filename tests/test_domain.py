"""The ITA domain reproduces real published results."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from ita_desktop.domain.fiscal import FiscalYear, FiscalYearError, quarter_of, thai_date
from ita_desktop.domain.framework import Framework, FrameworkError, available_years, framework_for
from ita_desktop.domain.scoring import ScoreError, compute
from ita_desktop.resources import resource_path

SEED_002 = {1: 94.62, 2: 95.13, 3: 99.49, 4: 86.92, 5: 95.89, 6: 95.50, 7: 94.00, 8: 94.92, 9: 70.00, 10: 50.00}


def test_seed_002_overall_and_level():
    r = compute(framework_for(2568), SEED_002)
    assert r.overall == Decimal("80.77")
    assert r.level == "ต้องปรับปรุง"
    assert r.tools == {"IIT": Decimal("94.41"), "EIT": Decimal("94.81"), "OIT": Decimal("60.00")}
    assert not r.passed
    assert r.passes(r.indicators[4]) and not r.passes(r.indicators[9])


def test_2564_95_21_is_AA():
    r = compute(framework_for(2564), {}, {"IIT": 95.21, "EIT": 95.21, "OIT": 95.21})
    assert r.overall == Decimal("95.21") and r.level == "AA"


def test_2567_scale_tool_below_85_is_pass_not_good_pass():
    # 94.64 overall with EIT below 85 (a real 2567 case) is ผ่าน, not ผ่านดี
    fw = framework_for(2567)
    tools = {"IIT": 100.00, "EIT": 84.00, "OIT": 98.60}
    r = compute(fw, {}, tools)
    assert r.overall == Decimal("94.64")
    assert r.level == "ผ่าน"
    r2 = compute(fw, {}, {"IIT": 100.00, "EIT": 85.00, "OIT": 98.60})
    assert r2.level == "ผ่านดี"


@pytest.mark.parametrize("overall,level", [(95, "ผ่านดีเยี่ยม"), (85, "ผ่านดี"), (84.99, "ต้องปรับปรุง"),
                                           (70, "ต้องปรับปรุง"), (69.99, "ต้องปรับปรุงโดยด่วน")])
def test_2568_scale_boundaries(overall, level):
    r = compute(framework_for(2568), {}, {"IIT": overall, "EIT": overall, "OIT": overall})
    assert r.level == level


def test_tool_scores_given_replace_indicator_mean():
    r = compute(framework_for(2568), SEED_002, {"OIT": 100})
    assert r.tools["OIT"] == Decimal("100.00")
    assert r.overall == Decimal("96.77")


def test_missing_indicator_leaves_overall_open():
    scores = dict(SEED_002)
    del scores[9]
    r = compute(framework_for(2568), scores)
    assert r.tools["OIT"] is None and r.overall is None and r.level is None


@pytest.mark.parametrize("bad", [100.01, -1, "abc", None, float("nan")])
def test_bad_score_refused_with_thai_and_english_message(bad):
    with pytest.raises(ScoreError) as e:
        compute(framework_for(2568), {**SEED_002, 3: bad})
    assert "ตัวชี้วัดที่ 3" in str(e.value) and "indicator 3" in str(e.value)


def test_thai_digit_scores_accepted():
    r = compute(framework_for(2568), {**SEED_002, 1: "๙๔.๖๒"})
    assert r.overall == Decimal("80.77")


def test_every_framework_file_is_valid_and_indicators_9_10_are_oit():
    years = available_years()
    assert years[0] == 2564 and 2568 in years
    for y in years:
        fw = framework_for(y)
        assert fw.indicators[9].tool == "OIT" and fw.indicators[10].tool == "OIT"
        assert [i.no for i in fw.indicators_of("IIT")] == [1, 2, 3, 4, 5]


def test_item_codes_per_year():
    assert framework_for(2565).documents["report"].item == "O43"
    assert framework_for(2568).documents["analysis"].item == "O27"
    assert framework_for(2569).documents["analysis"].item == "O25"


def test_broken_framework_refused():
    d = json.loads(resource_path("frameworks", "2568.json").read_text(encoding="utf-8"))
    d["tools"]["OIT"]["weight"] = 0.5
    with pytest.raises(FrameworkError, match="weights"):
        Framework.from_dict(d)
    with pytest.raises(FrameworkError):
        framework_for(2400)


def test_fiscal_year_and_quarters():
    fy = FiscalYear(2568)
    assert fy.start == dt.date(2024, 10, 1) and fy.end == dt.date(2025, 9, 30)
    assert fy.quarter(1) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert fy.quarter(2) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert fy.quarter(4) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert quarter_of(dt.date(2024, 10, 1)) == (FiscalYear(2568), 1)
    assert quarter_of(dt.date(2025, 9, 30)) == (FiscalYear(2568), 4)
    assert FiscalYear.of(dt.date(2024, 9, 30)) == FiscalYear(2567)
    assert fy.label() == "ปีงบประมาณ พ.ศ. ๒๕๖๘"
    with pytest.raises(FiscalYearError):
        FiscalYear(2025)


def test_thai_date_as_in_seed_003():
    assert thai_date(dt.date(2022, 3, 21)) == "๒๑ มีนาคม ๒๕๖๕"
    assert thai_date(dt.date(2022, 3, 21), thai_digits=False) == "21 มีนาคม 2565"
