"""The implementation report (รายงานผลการดำเนินการตามมาตรการ…) of the demo offices, read
back as a reader's tools read it: the independent checker, pdftotext, pdfinfo."""

from __future__ import annotations

import copy
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
from pdfcheck import assert_passes, pdffonts, pdftotext, thai_pdf_check
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from ita_desktop.app import demo_files
from ita_desktop.domain.fiscal import to_thai_digits
from ita_desktop.pdf.common import DocumentError, Kit, office_words
from ita_desktop.pdf.report import (COLUMN_KEYS, PRESETS, ReportColumns, participants_text, render_report,
                                    report_story)
from ita_desktop.store.interchange import load_file

YEARS = {"huai_toei": (2568, 12), "pak_chong": (2565, 6)}

# The header sets of ITA_DOMAIN.md ("What the seeds teach about real data") and the seeds, as printed.
EXPECTED_HEADERS = {
    "result_suggestion": ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
                          "ผลการดำเนินการ", "ข้อเสนอแนะ"],
    "seed001": ["มาตรการ/แนวทาง", "ขั้นตอน/วิธีปฏิบัติ", "หน่วยงานผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
                "สรุปผลดำเนินการ", "ผลลัพธ์/ความสำเร็จ"],
    "seed002": ["มาตรการ/โครงการ/กิจกรรม", "ผลการดำเนินการตามมาตรการหรือกิจกรรม",
                "ผลลัพธ์หรือความสำเร็จของการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
    "nacc2568_with_order": ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ระยะเวลาในการดำเนินการ", "ผู้รับผิดชอบ",
                            "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", "ผลลัพธ์หรือความสำเร็จในการดำเนินการ"],
    "seed002_summary": ["มาตรการ", "สรุปผลการดำเนินการตามมาตรการ/กิจกรรม", "ผลลัพธ์/ความสำเร็จของการดำเนินการ"],
    "seed003": ["มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินงาน", "ผลการดำเนินงาน", "ข้อเสนอ"],
}

URL_1 = "https://www.huaitoei.go.th/news/view_all.php?id=831&type=2"
URL_2 = "https://www.huaitoei.go.th/ita/o28/2568.pdf"


def demo(name: str) -> dict:
    return next(load_file(p) for p in demo_files() if name in p.name)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def links(pdf: Path) -> list[str]:
    """The URI annotations of a PDF (poppler's pdfinfo -url)."""
    out = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def blocks(pdf: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """(xMin, yMin, text without white space) of each text block of ``page`` (pdftotext -bbox-layout)."""
    out = pdftotext(pdf, "-bbox-layout", "-f", str(page), "-l", str(page))
    found = []
    for m in re.finditer(r'<block xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</block>', out, re.DOTALL):
        words = re.findall(r"<word[^>]*>([^<]*)</word>", m.group(3))
        found.append((float(m.group(1)), float(m.group(2)), "".join(words)))
    return found


def header_positions(pdf: Path, headers: list[str], page: int = 1) -> list[float]:
    """The x of each header's cell on ``page``, in the order given; fails when one is missing."""
    bs = blocks(pdf, page)
    xs = []
    for h in headers:
        hits = [(y, x) for x, y, t in bs if t == squash(h)]
        assert hits, f"header {h!r} not found on page {page}: {[t for _, _, t in bs][:20]}"
        xs.append(min(hits)[1])   # the topmost: the header row
    return xs


def with_extras(doc: dict) -> dict:
    """The อบต.ห้วยเตย data with evidence links and participants added to two results."""
    d = copy.deepcopy(doc)
    for r in d["assessments"][0]["results"]:
        if r["measure"] == "rep1":
            r["evidence_urls"] = [URL_1]
        if r["measure"] == "rep3":
            r.update(participants=7, target=9, evidence_urls=[URL_2])
    return d


# -- column settings ------------------------------------------------------------------------

def test_presets_cover_every_real_layout_with_its_exact_headers():
    assert set(EXPECTED_HEADERS) <= set(PRESETS)
    for pid, headers in EXPECTED_HEADERS.items():
        p = PRESETS[pid]
        assert p.name and re.search(r"[\u0e00-\u0e7f]", p.name)  # a Thai name for the clerk
        assert [h for _, h in ReportColumns.from_preset(pid).visible] == headers
        assert all(k in COLUMN_KEYS for k, _ in p.columns)


def test_column_keys_name_the_interchange_fields():
    assert list(COLUMN_KEYS) == ["order", "measure", "steps", "responsible", "period", "result", "outcome",
                                 "suggestion", "evidence", "participants"]
    assert COLUMN_KEYS["result"].source == "results[].done"
    assert COLUMN_KEYS["evidence"].source == "results[].evidence_urls"


def test_columns_rename_move_hide_show_and_round_trip_through_json():
    cols = ReportColumns.from_preset("seed002")
    assert len(cols.columns) == len(COLUMN_KEYS)  # every key, the others hidden
    c2 = cols.renamed("result", "ผลการดำเนินงาน").moved("period", 0).hidden("responsible").shown("evidence")
    assert c2.keys == ["period", "measure", "result", "outcome", "evidence"]
    assert dict(c2.visible)["result"] == "ผลการดำเนินงาน"
    assert c2.moved("evidence", 1).keys == ["period", "evidence", "measure", "result", "outcome"]
    assert c2.moved("measure", 99).keys[-1] == "measure"
    # a hidden column moved keeps its place for when it is shown again
    assert c2.moved("responsible", 1).shown("responsible").keys[1] == "responsible"
    assert cols.keys == ["measure", "result", "outcome", "responsible", "period"]  # unchanged: immutable
    saved = c2.to_json()
    assert json.loads(saved)[0] == {"key": "period", "header": "ระยะเวลา", "visible": True}
    assert ReportColumns.from_json(saved) == c2
    assert ReportColumns.from_list(c2.to_list()) == c2
    # the short form: header and visible may be left out
    assert ReportColumns.from_list([{"key": "result"}, {"key": "measure", "header": "โครงการ"}]).visible == \
        [("result", "ผลการดำเนินการ"), ("measure", "โครงการ")]


def test_the_office_saved_columns_are_used_and_fit_the_interchange_schema(tmp_path):
    from ita_desktop.store.interchange import validate

    cols = ReportColumns.from_preset("seed003").renamed("suggestion", "ข้อเสนอแนะเพิ่มเติม")
    doc = copy.deepcopy(demo("pak_chong"))
    doc["office"]["report_columns"] = cols.to_list()
    validate(doc)   # the interchange schema takes what to_list gives
    assert ReportColumns.of_office(doc) == cols
    pdf = render_report(doc, 2565, tmp_path / "r.pdf", round=6)
    assert "ข้อเสนอแนะเพิ่มเติม" in squash(pdftotext(pdf))
    doc["office"]["report_columns"] = [{"key": "budget"}]
    with pytest.raises(DocumentError, match="budget"):
        render_report(doc, 2565, tmp_path / "r.pdf", round=6)
    assert ReportColumns.of_office(demo("pak_chong")) == ReportColumns.from_preset("seed001")


@pytest.mark.parametrize("bad", [
    lambda: ReportColumns.from_preset("seed999"),
    lambda: ReportColumns.from_preset("seed001").renamed("budget", "งบประมาณ"),
    lambda: ReportColumns.from_preset("seed001").hidden("remarks"),
    lambda: ReportColumns.from_preset("seed001").renamed("measure", "  "),
    lambda: ReportColumns((("measure", "ก", True), ("measure", "ข", True))),
    lambda: ReportColumns((("measure", "มาตรการ", False),)),
    lambda: ReportColumns.from_preset("seed002_summary").hidden("measure").hidden("result").hidden("outcome"),
    lambda: ReportColumns.from_json("{not json"),
    lambda: ReportColumns.from_json('[{"key": "budget", "header": "งบ", "visible": true}]'),
    lambda: ReportColumns.from_json('{"columns": []}'),
    lambda: ReportColumns.from_json('[{"key": ["measure"], "header": "x", "visible": true}]'),
    lambda: ReportColumns.from_json('[{"key": "measure", "header": "x", "visible": "yes"}]'),
    lambda: ReportColumns.from_json('[{"key": "measure", "width": 3}]'),
])
def test_bad_column_settings_raise_value_error_in_thai_and_english(bad):
    with pytest.raises(ValueError) as e:
        bad()
    msg = str(e.value)
    assert " / " in msg and re.search(r"[\u0e00-\u0e7f]", msg) and re.search(r"[a-z]{3}", msg), msg


def test_percentage_of_the_target_is_rounded_half_up_to_two_decimals():
    kit = Kit(demo("pak_chong"))
    assert participants_text({"participants": 24, "target": 24}, kit) == \
        "ผู้เข้าร่วม ๒๔ คน คิดเป็นร้อยละ ๑๐๐ ของกลุ่มเป้าหมาย (๒๔ คน)"
    assert "ร้อยละ ๖๖.๖๗" in participants_text({"participants": 2, "target": 3}, kit)
    assert "ร้อยละ ๑๒.๕๐" in participants_text({"participants": 1, "target": 8}, kit)
    assert participants_text({"participants": 5}, kit) == "ผู้เข้าร่วม ๕ คน"
    assert "ร้อยละ" not in participants_text({"participants": 5, "target": 0}, kit)
    assert participants_text({}, kit) == ""
    arabic = Kit(demo("pak_chong"), thai_digits=False)
    assert "ร้อยละ 77.78" in participants_text({"participants": 7, "target": 9}, arabic)


# -- the demo offices with every preset ---------------------------------------------------------

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    pdfs = {}
    for office, (year, rnd) in YEARS.items():
        for pid in PRESETS:
            pdfs[office, pid] = render_report(demo(office), year, out / f"{office}_{pid}.pdf", round=rnd,
                                              columns=ReportColumns.from_preset(pid))
    return pdfs


@pytest.mark.parametrize("office", list(YEARS))
@pytest.mark.parametrize("pid", list(PRESETS))
def test_demo_report_passes_the_checker_with_the_preset_headers_in_order(rendered, office, pid, tmp_path):
    pdf = rendered[office, pid]
    assert_passes(thai_pdf_check(pdf, words=office_words(demo(office)), tmp=tmp_path))
    headers = [h for _, h in ReportColumns.from_preset(pid).visible]
    xs = header_positions(pdf, headers)
    assert xs == sorted(xs), list(zip(headers, xs))
    sizes = page_sizes(pdf)
    assert sizes and all(w > h for w, h in sizes), sizes   # every page landscape
    assert all(abs(w - A4[1]) < 1 and abs(h - A4[0]) < 1 for w, h in sizes)


@pytest.mark.parametrize("office", list(YEARS))
def test_header_repeats_on_every_page_and_pages_are_numbered(rendered, office):
    pdf = rendered[office, "seed001"]
    pages = [p for p in pdftotext(pdf).split("\f") if p.strip()]
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        xs = header_positions(pdf, EXPECTED_HEADERS["seed001"], page=n)
        assert xs == sorted(xs)
        if n > 1:
            assert squash(page).startswith(f"-{to_thai_digits(str(n))}"), page[:40]


def test_title_block_names_report_office_year_and_round_with_its_dates(rendered):
    ht = squash(pdftotext(rendered["huai_toei", "seed002"]).split("\f")[0])
    assert "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in ht
    assert "องค์การบริหารส่วนตำบลห้วยเตยอำเภอกุดรังจังหวัดมหาสารคาม" in ht
    assert "ปีงบประมาณพ.ศ.๒๕๖๘รอบ๑๒เดือน(๑ตุลาคม๒๕๖๗–๓๐กันยายน๒๕๖๘)" in ht
    pc = squash(pdftotext(rendered["pak_chong", "seed003"]).split("\f")[0])
    assert "ปีงบประมาณพ.ศ.๒๕๖๕รอบ๖เดือน(๑ตุลาคม๒๕๖๔–๓๑มีนาคม๒๕๖๕)" in pc
    assert "O43" in pc   # the 2565 item code, Arabic digits


def test_rows_follow_the_measures_with_their_results_and_numbers(rendered):
    text = squash(pdftotext(rendered["pak_chong", "seed003"]))
    for n, title in ((1, "การขอรับให้จ่ายหรือให้สิ่งของอื่นใดเพื่อแลกกับการปฏิบัติงาน"), (2, "การเผยแพร่ข้อมูลหน่วยงาน"),
                     (8, "การป้องกันการทุจริต")):
        assert f"{to_thai_digits(str(n))}.{title}" in text
    assert "โทรติดต่อได้ที่เบอร์๐๓๒-๗๔๐๒๙๑" in text
    # with an order column the number is in its own column, not before the title
    order = squash(pdftotext(rendered["pak_chong", "nacc2568_with_order"]))
    assert "๑.การขอรับ" not in order and "การขอรับให้จ่าย" in order


def test_measures_without_a_result_say_so(rendered, tmp_path):
    text = squash(pdftotext(rendered["huai_toei", "seed001"]))
    assert "ยังไม่มีผล" in text   # plan1a … plan7 have no result in round 12
    only = render_report(demo("huai_toei"), 2568, tmp_path / "r.pdf", include_unreported=False)
    text = squash(pdftotext(only))
    assert "ยังไม่มีผล" not in text and "มาตรการจัดทำแผนผัง" in text


def test_no_result_for_the_round_is_refused_naming_the_rounds_there_are(tmp_path):
    with pytest.raises(DocumentError) as e:
        render_report(demo("huai_toei"), 2568, tmp_path / "r.pdf", round=6)
    assert "12" in str(e.value) and " / " in str(e.value)
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(DocumentError):
        render_report(demo("huai_toei"), 2568, tmp_path / "r.pdf", round=3)
    with pytest.raises(DocumentError):
        render_report(demo("huai_toei"), 2599, tmp_path / "r.pdf")
    d = copy.deepcopy(demo("pak_chong"))
    d["assessments"][0]["results"] = []
    with pytest.raises(DocumentError, match="no round has results"):
        render_report(d, 2565, tmp_path / "r.pdf", round=6)


# -- columns the clerk changed -----------------------------------------------------------

def test_renamed_hidden_and_reordered_columns_show_in_the_pdf(tmp_path):
    cols = (ReportColumns.from_preset("seed001").renamed("result", "ผลการดำเนินงานรอบนี้")
            .hidden("steps").moved("period", 0).shown("order").moved("order", 0))
    pdf = render_report(demo("pak_chong"), 2565, tmp_path / "r.pdf", round=6, columns=cols)
    headers = ["ลำดับ", "ระยะเวลาดำเนินการ", "มาตรการ/แนวทาง", "หน่วยงานผู้รับผิดชอบ", "ผลการดำเนินงานรอบนี้",
               "ผลลัพธ์/ความสำเร็จ"]
    xs = header_positions(pdf, headers)
    assert xs == sorted(xs)
    text = squash(pdftotext(pdf))
    assert "ขั้นตอน/วิธีปฏิบัติ" not in text and "สรุปผลดำเนินการ" not in text
    assert "มีโต๊ะประชาสัมพันธ์" not in text   # the steps are not printed
    assert_passes(thai_pdf_check(pdf, words=office_words(demo("pak_chong")), tmp=tmp_path))


# -- links and participants ---------------------------------------------------------------------

@pytest.mark.parametrize("evidence_column", [False, True])
def test_evidence_links_are_clickable_and_keep_arabic_digits(tmp_path, evidence_column):
    cols = ReportColumns.from_preset("seed002")
    if evidence_column:
        cols = cols.shown("evidence")
    pdf = render_report(with_extras(demo("huai_toei")), 2568, tmp_path / "r.pdf", columns=cols,
                        include_unreported=False, thai_digits=True)
    assert set(links(pdf)) == {URL_1, URL_2}
    text = pdftotext(pdf)
    flat = squash(text)
    for url in (URL_1, URL_2):
        assert url in flat      # printed as typed: Arabic digits, even with Thai digits on
    assert "๘๓๑" not in flat and "๒๕๖๘" in flat
    if not evidence_column:
        assert "สามารถติดตามข้อมูลได้ที่" + URL_1 in flat   # in the result cell, as the seeds print it
    else:
        assert "สามารถติดตามข้อมูลได้ที่" not in flat
    assert_passes(thai_pdf_check(pdf, words=office_words(demo("huai_toei")), tmp=tmp_path))


def test_participant_percentage_is_printed_once(tmp_path):
    pdf = render_report(with_extras(demo("huai_toei")), 2568, tmp_path / "r.pdf", columns=ReportColumns.from_preset(
        "seed002"), include_unreported=False)
    text = squash(pdftotext(pdf))
    assert "ผู้เข้าร่วม๗คนคิดเป็นร้อยละ๗๗.๗๘ของกลุ่มเป้าหมาย(๙คน)" in text
    # rep1 already says "… ๒๔ คน คิดเป็นร้อยละ ๑๐๐ …": the count is not repeated
    assert "ผู้เข้าร่วมโครงการมีจำนวนทั้งหมด๒๔คนคิดเป็นร้อยละ๑๐๐ของกลุ่มเป้าหมาย" in text
    assert "ผู้เข้าร่วม๒๔คนคิดเป็น" not in text
    cols = ReportColumns.from_preset("seed002").shown("participants").renamed("participants", "จำนวนผู้เข้าร่วม")
    pdf = render_report(with_extras(demo("huai_toei")), 2568, tmp_path / "c.pdf", columns=cols,
                        include_unreported=False, thai_digits=False)
    text = squash(pdftotext(pdf))
    assert "จำนวนผู้เข้าร่วม" in text
    assert "7คนจากกลุ่มเป้าหมาย9คนคิดเป็นร้อยละ77.78" in text
    assert "24คนจากกลุ่มเป้าหมาย24คนคิดเป็นร้อยละ100" in text   # its own column shows every count


# -- lists and long cells ------------------------------------------------------------------------

def test_numbered_lists_hang_and_sub_items_indent_deeper(rendered):
    pdf = rendered["huai_toei", "seed002"]
    out = pdftotext(pdf, "-bbox")
    words = [(float(x), float(y), t) for x, y, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]
    # rep4's result: "๓. ผลการดำเนินการตามตัวชี้วัด…" then its sub-items "๑) คณะผู้บริหาร…"
    three = next((x, y) for x, y, t in words if t == "๓." or t.startswith("๓.ผลการดำเนินการตาม"))
    sub = next((x, y) for x, y, t in words if t == "๑)" and y > three[1])
    assert sub[0] > three[0] + 3


def test_a_cell_longer_than_a_page_splits_and_nothing_is_lost(tmp_path):
    d = copy.deepcopy(demo("pak_chong"))
    lines = [f"{n}. ได้ดำเนินการตามมาตรการครั้งที่ {n} เผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงานและเพจ Facebook "
             f"ของ อบต.ปากช่อง ให้ประชาชนทราบรายการที่ {n * 7}" for n in range(1, 91)]
    d["assessments"][0]["results"][1]["done"] = "\n".join(lines)
    pdf = render_report(d, 2565, tmp_path / "long.pdf", round=6, columns=ReportColumns.from_preset("seed003"),
                        thai_digits=False)
    pages = [p for p in pdftotext(pdf).split("\f") if p.strip()]
    assert len(pages) >= 4
    # the result column of every page, below its header, read in order: every line, once, in order
    cols = ReportColumns.from_preset("seed003")
    story, _, (left, *_) = report_story(d, 2565, 6, cols, Kit(d, thai_digits=False))
    widths = story[-1]._colWidths
    x0 = left + sum(widths[:4])
    flat = ""
    for n in range(1, len(pages) + 1):   # the header on every page
        header_positions(pdf, EXPECTED_HEADERS["seed003"], page=n)
        top = min(y for x, y, t in blocks(pdf, n) if t == squash("ผลการดำเนินงาน"))
        col = pdftotext(pdf, "-f", str(n), "-l", str(n), "-x", str(int(x0) + 1), "-y", str(int(top)),
                        "-W", str(int(widths[4]) - 2), "-H", "600")
        flat += squash(col).removeprefix("ผลการดำเนินงาน")
    results = d["assessments"][0]["results"]   # one per measure, in the order of the measures
    assert flat == squash("".join(r["done"] for r in results))
    assert squash("".join(lines)) in flat
    assert_passes(thai_pdf_check(pdf, words=office_words(d), tmp=tmp_path))


def test_the_office_abbreviation_is_never_cut(rendered):
    # newmm alone segments อบต. as อบ|ต. ("สมาชิกสภา อบ" / "ต. ให้ความสำคัญ" was printed)
    for pdf in rendered.values():
        lines = [ln.strip() for ln in pdftotext(pdf).splitlines() if ln.strip()]
        for a, b in itertools.pairwise(lines):
            assert not (a.endswith("อบ") and b.startswith("ต.")), (a, b)


def test_fonts_embedded_and_metadata(rendered):
    pdf = rendered["pak_chong", "seed003"]
    fonts = pdffonts(pdf)
    assert "Helvetica" not in fonts
    assert all(" yes " in r for r in fonts.splitlines()[2:])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "องค์การบริหารส่วนตำบลปากช่อง" in info and "ITA 2565" in info


# -- the story for the memo -------------------------------------------------------------------------

def test_report_story_goes_after_portrait_pages_on_landscape_ones(tmp_path):
    doc = demo("pak_chong")
    kit = Kit(doc)
    story, pagesize, (left, right, top, bottom) = report_story(doc, 2565, 6, ReportColumns.from_preset("seed003"),
                                                               kit)
    assert pagesize[0] > pagesize[1]
    out = tmp_path / "memo_and_report.pdf"
    d = BaseDocTemplate(str(out), pagesize=A4, initialFontName=kit.regular)
    portrait = Frame(0, 0, A4[0], A4[1], leftPadding=72, rightPadding=72, topPadding=72, bottomPadding=72)
    land = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0)
    d.addPageTemplates([PageTemplate("memo", [portrait], pagesize=A4),
                        PageTemplate("report", [land], pagesize=pagesize)])
    d.build([kit.p("บันทึกข้อความ"), NextPageTemplate("report"), PageBreak(), *story])
    sizes = page_sizes(out)
    assert sizes[0][0] < sizes[0][1] and all(w > h for w, h in sizes[1:]) and len(sizes) >= 2
    assert "การเผยแพร่ข้อมูลหน่วยงาน" in squash(pdftotext(out))
