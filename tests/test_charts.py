"""The score charts, read back as a reader's tools read them (pdftotext, pdffonts, pixels)."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pdfcheck import assert_passes, pdffonts, pdftotext, thai_pdf_check
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from ita_desktop.pdf import fonts
from ita_desktop.pdf.charts import (
    FAIL_COLOR,
    PASS_COLOR,
    IndicatorBarChart,
    YearsBarChart,
)
from ita_desktop.pdf.thaitext import doc_template

INDICATORS = [("๑ การปฏิบัติหน้าที่", 96.52), ("๒ การใช้งบประมาณ", 93.1), ("๓ การใช้อำนาจ", 95.4),
              ("๔ การใช้ทรัพย์สินของราชการ", 84.2), ("๕ การแก้ไขปัญหาการทุจริต", 100),
              ("๖ คุณภาพการดำเนินงาน", Decimal("99.84")), ("๗ ประสิทธิภาพการสื่อสาร", 94.0),
              ("๘ การปรับปรุงระบบการทำงาน", None), ("๙ การเปิดเผยข้อมูล", 72.5),
              ("๑๐ การป้องกันการทุจริต", 8.33)]
YEARS = ["2564", "2565", "2568"]
OVERALL = [("คะแนนรวม", [95.21, 88.1, 80.77])]
TOOLS = [("IIT", [95.0, 96.2, 94.41]), ("EIT", [90.1, None, 94.81]), ("OIT", [82.5, 84.9, 60.0]),
         ("รวม", [88.6, 91.0, 80.77])]
WIDTH = A4[0] - 5 * cm
RES = 100                     # pdftoppm resolution (dpi) of the pixel tests


def build(path: Path, thai_digits: bool) -> Path:
    doc = doc_template(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm)
    doc.build([IndicatorBarChart(INDICATORS, width=WIDTH, height=330, thai_digits=thai_digits),
               Spacer(1, 12),
               YearsBarChart(OVERALL, series=YEARS, width=WIDTH / 2, height=180, thai_digits=thai_digits,
                             pass_mark=85),
               YearsBarChart(TOOLS, series=YEARS, width=WIDTH, height=200, thai_digits=thai_digits)])
    return path


@pytest.fixture(scope="module")
def thai_pdf(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("charts") / "thai.pdf", True)


@pytest.fixture(scope="module")
def arabic_pdf(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("charts") / "arabic.pdf", False)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page: (text, xMin, yMin, xMax, yMax) of every word pdftotext finds, y from the page top, pt."""
    html = pdftotext(pdf, "-bbox")
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    return [[(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in word.findall(page)]
            for page in html.split("<page ")[1:]]


def draw_at(path: Path, chart, x: float, y: float) -> Path:
    """One chart on an A4 page with its bottom-left corner at (x, y) pt."""
    c = Canvas(str(path), pagesize=A4, initialFontName=fonts.register_family())
    chart.wrapOn(c, chart.width, chart.height)
    chart.drawOn(c, x, y)
    c.showPage()
    c.save()
    return path


def render(pdf: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(RES), "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                   check=True)
    return Image.open(pdf.with_suffix(".png")).convert("RGB")


def rgb(color) -> tuple[int, int, int]:
    return tuple(round(v * 255) for v in color.rgb())


def near(p, q, tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(p, q))


# -- what a reader's tools see -----------------------------------------------------------

def test_charts_pass_the_thai_pdf_check(thai_pdf, arabic_pdf):
    assert_passes(thai_pdf_check(thai_pdf))
    assert_passes(thai_pdf_check(arabic_pdf))


def test_every_label_and_value_is_extracted_as_written_in_thai_digits(thai_pdf):
    text = pdftotext(thai_pdf)
    flat_text = flat(text)
    for label, _score in INDICATORS:
        assert flat(label) in flat_text
    for expected in ["การใช้ทรัพย์สินของราชการ", "เกณฑ์ผ่าน๘๕", "ไม่มีข้อมูล", "คะแนนรวม", "IIT", "EIT", "OIT",
                     "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์",
                     "๙๖.๕๒", "๘๔.๒๐", "๑๐๐.๐๐", "๙๙.๘๔", "๘.๓๓",            # indicator values, two decimals
                     "๙๕.๒๑", "๘๘.๑๐", "๘๐.๗๗", "๙๔.๔๑", "๖๐.๐๐",           # years
                     "๒๕๖๔", "๒๕๖๕", "๒๕๖๘"]:                              # series labels follow the option
        assert expected in flat_text, expected
    assert not re.search(r"[0-9]", text), re.findall(r"\S*[0-9]\S*", text)
    assert len(re.findall("ไม่มีข้อมูล", flat_text)) == 2          # the None indicator and EIT 2565
    # the axis: 0 to 100 every 20, under the bars (indicator chart) and beside them (years)
    page = words(thai_pdf)[0]
    ticks = [w for w, *_box in page if w in {"๐", "๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"}]
    assert sorted(set(ticks)) == sorted({"๐", "๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"})


def test_arabic_digits_when_the_option_is_off(arabic_pdf):
    flat_text = flat(pdftotext(arabic_pdf))
    for expected in ["เกณฑ์ผ่าน85", "96.52", "84.20", "100.00", "80.77", "2564", "2568",
                     "การใช้ทรัพย์สินของราชการ"]:
        assert expected in flat_text, expected
    # Thai digits only where the caller wrote them (the indicator numbers of the labels)
    thai = re.findall(r"[๐-๙][๐-๙.]*", flat_text)
    assert sorted(thai) == sorted(["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐"])


def test_only_embedded_fonts(thai_pdf, arabic_pdf):
    for pdf in (thai_pdf, arabic_pdf):
        rows = [line.split() for line in pdffonts(pdf).splitlines()[2:] if line.strip()]
        assert rows, "no fonts listed"
        for row in rows:
            flags = [p for p in row if p in ("yes", "no")]
            assert flags[-3] == "yes", row                 # emb
            assert "Helvetica" not in row[0], row


def test_no_two_texts_overlap(thai_pdf):
    """Labels, values, tick numbers and legend entries never print on top of each other.

    pdftotext's boxes span the font's whole ascent and descent (1.65 em), more than
    the 1.48 em line distance of wrapped labels; they are trimmed by 0.1 em top and bottom.
    """
    pages = words(thai_pdf)
    assert sum(len(p) for p in pages) > 40
    for boxes in pages:
        for i, (w1, a1, b1, c1, d1) in enumerate(boxes):
            t1 = (d1 - b1) * 0.06
            for w2, a2, b2, c2, d2 in boxes[i + 1:]:
                t2 = (d2 - b2) * 0.06
                overlap_x = min(c1, c2) - max(a1, a2)
                overlap_y = min(d1 - t1, d2 - t2) - max(b1 + t1, b2 + t2)
                assert overlap_x <= 0.5 or overlap_y <= 0.5, (w1, w2)


@pytest.mark.parametrize("chart", [
    IndicatorBarChart([("การใช้ทรัพย์สินของราชการและการป้องกันผลประโยชน์ทับซ้อน", 100.0), ("ข", 0)],
                      width=260, height=160),
    YearsBarChart([("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", [100, None, 85.0, 0])],
                  series=["2564", "2565", "2566", "2567"], width=230, height=170, pass_mark=85),
], ids=["indicators", "years"])
def test_text_stays_inside_the_size_wrap_reports(chart, tmp_path):
    w, h = chart.wrap(1000, 1000)
    assert (w, h) == (chart.width, chart.height)
    x, y = 100.0, 300.0
    pdf = draw_at(tmp_path / "one.pdf", chart, x, y)
    top = A4[1] - y - h                         # pdftotext measures y from the top
    (found,) = words(pdf)
    assert found
    for text, a, b, c, d in found:
        # pdftotext's box reaches the font's ascent, 1.28 em over the baseline; the
        # highest stacked Thai marks reach 1.19 em: allow the difference (5.4 % of the box)
        slack = (d - b) * 0.055
        assert x - 0.5 <= a and c <= x + w + 0.5, (text, a, c)
        assert top - slack <= b and d <= top + h + 0.5, (text, b, d)
    # a wrapped label is still whole in the text
    assert "การใช้ทรัพย์สินของราชการ" in flat(pdftotext(pdf)) or "แบบวัดการรับรู้" in flat(pdftotext(pdf))


# -- pass and fail -------------------------------------------------------------------------

def row_runs(img: Image.Image, color) -> dict[int, int]:
    """For each pixel row: how many pixels have ``color`` (rows with none left out)."""
    target = rgb(color)
    w, h = img.size
    px = img.load()
    out = {}
    for yy in range(h):
        n = sum(1 for xx in range(w) if near(px[xx, yy], target))
        if n:
            out[yy] = n
    return out


def test_bar_below_the_pass_mark_is_drawn_in_the_fail_colour(tmp_path):
    chart = IndicatorBarChart([("การปฏิบัติหน้าที่", 95.0), ("การใช้ทรัพย์สินของราชการ", 40.0),
                               ("การเปิดเผยข้อมูล", 85.0)], width=400, height=150, thai_digits=True)
    img = render(draw_at(tmp_path / "bars.pdf", chart, 72, 500))
    scale = RES / 72.0
    length = {v: (chart.x(v) - chart.x0) * scale for v in (95.0, 40.0, 85.0)}
    fail_rows = row_runs(img, FAIL_COLOR)
    pass_rows = row_runs(img, PASS_COLOR)
    # the widest row of each colour is a bar (legend keys are small squares)
    fail_width = max(fail_rows.values())
    assert abs(fail_width - length[40.0]) <= 3, (fail_width, length[40.0])
    bar_rows = [r for r, n in pass_rows.items() if n > length[40.0]]
    assert bar_rows, "no pass-coloured bar"
    # two pass bars (95 and exactly 85, the mark itself passes), around the fail bar
    fail_bar = [r for r, n in fail_rows.items() if n > length[40.0] * 0.9]
    assert min(bar_rows) < min(fail_bar) and max(bar_rows) > max(fail_bar)
    # 95 is longer than 85 (the dashed mark line crosses the 95 bar: allow its few pixels)
    assert max(pass_rows.values()) >= length[95.0] - 5
    assert fail_width < length[85.0] - 10


def test_legend_names_both_colours_so_pass_fail_is_not_colour_only(tmp_path):
    chart = IndicatorBarChart([("การใช้งบประมาณ", 60.0)], width=300, height=90, thai_digits=False)
    pdf = draw_at(tmp_path / "legend.pdf", chart, 72, 500)
    flat_text = flat(pdftotext(pdf))
    assert "ไม่ผ่านเกณฑ์(ต่ำกว่า85)" in flat_text and "ผ่านเกณฑ์(85ขึ้นไป)" in flat_text
    assert "60.00" in flat_text


def test_pass_mark_from_the_framework_moves_the_line_and_the_colours(tmp_path):
    low = IndicatorBarChart([("การใช้อำนาจ", 75.0)], width=300, height=90, pass_mark=70, thai_digits=False)
    high = IndicatorBarChart([("การใช้อำนาจ", 75.0)], width=300, height=90, pass_mark=85, thai_digits=False)
    assert low.bars[0][3] == PASS_COLOR and high.bars[0][3] == FAIL_COLOR
    assert "เกณฑ์ผ่าน70" in flat(pdftotext(draw_at(tmp_path / "low.pdf", low, 72, 500)))


# -- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (lambda: IndicatorBarChart([], width=300, height=200), "no scores"),
    (lambda: IndicatorBarChart([("การใช้อำนาจ", 100.5)], width=300, height=200), "outside 0–100"),
    (lambda: IndicatorBarChart([("การใช้อำนาจ", -1)], width=300, height=200), "outside 0–100"),
    (lambda: IndicatorBarChart([("การใช้อำนาจ", float("nan"))], width=300, height=200), "outside 0–100"),
    (lambda: IndicatorBarChart([("การใช้อำนาจ", 90)], width=300, height=200, pass_mark=120), "outside 0–100"),
    (lambda: IndicatorBarChart([("การใช้อำนาจ", 90)], width=0, height=200), "positive"),
    (lambda: IndicatorBarChart([(f"ตัวชี้วัด {i}", 90) for i in range(10)], width=300, height=80),
     "need at least"),
    (lambda: YearsBarChart([], series=YEARS, width=300, height=200), "no groups"),
    (lambda: YearsBarChart(OVERALL, series=[], width=300, height=200), "no series"),
    (lambda: YearsBarChart([("คะแนนรวม", [95.21, 88.1])], series=YEARS, width=300, height=200),
     "2 values but there are 3 series"),
    (lambda: YearsBarChart([("คะแนนรวม", [95.21, 88.1, 180])], series=YEARS, width=300, height=200),
     "outside 0–100"),
    (lambda: YearsBarChart(TOOLS * 3, series=YEARS, width=200, height=200), "too small"),
])
def test_bad_input_raises_value_error_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError, match="number or None"):
        IndicatorBarChart([("การใช้อำนาจ", "90")], width=300, height=200)
    with pytest.raises(TypeError, match="pair"):
        IndicatorBarChart(["การใช้อำนาจ"], width=300, height=200)
