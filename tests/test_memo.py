"""The memo (บันทึกข้อความ) against MEMO_LAYOUT.md, measured on the PDF as poppler reads it.

Positions come from ``pdftotext -bbox-layout`` (pt, origin top-left, y down); images
from ``pdfimages -list`` and a 72-dpi raster of the page (1 px = 1 pt).
"""

from __future__ import annotations

import base64
import copy
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics

from ita_desktop.app import demo_files
from ita_desktop.domain.fiscal import to_thai_digits
from ita_desktop.pdf.common import DocumentError, Kit, office_words
from ita_desktop.pdf.memo import marker_text, render_memo
from ita_desktop.store.interchange import load_file
from pdfcheck import assert_passes, pdftotext, thai_pdf_check

DATA = Path(__file__).parent / "data"
PAGE_W, PAGE_H = A4
LEFT_X = 3 * cm                      # 85.04 pt
RIGHT_X = PAGE_W - 2 * cm            # 595.28 - 56.69 = 538.58 pt
MID_X = (LEFT_X + RIGHT_X) / 2       # 311.81 pt: the centre between the margins
ONE_MM = 1 * mm                      # 2.83 pt
NUMBER_ZONE = 62                     # pt from the top: where "- ๒ -" stands (body starts at 70.9)

EXTRA = ("องค์การบริหารส่วนตำบลปากช่อง ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
         "อย่างต่อเนื่อง โดยได้แจ้งเวียนให้พนักงานทุกกองรับทราบ จัดประชุมชี้แจงแนวทางการปฏิบัติงาน "
         "และติดตามผลการดำเนินงานเป็นรายไตรมาส เพื่อให้การให้บริการประชาชนเป็นไปด้วยความโปร่งใส "
         "ตรวจสอบได้ และสอดคล้องกับหลักเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")


def demo(name: str) -> dict:
    return next(load_file(p) for p in demo_files() if name in p.name)


def long_memo() -> dict:
    """The demo memo without its table and with nine more paragraphs: three pages of text."""
    doc = copy.deepcopy(demo("pak_chong"))
    memo = doc["assessments"][0]["memos"][0]
    facts = memo["sections"][1]
    facts["attach_measures_table"] = False
    facts["paragraphs"] += [f"({to_thai_digits(str(i))}) {EXTRA}" for i in range(1, 10)]
    return doc


def png(path: Path, size=(100, 150), color=(200, 0, 0)) -> Path:
    Image.new("RGB", size, color).save(path, "PNG")
    return path


# -- reading the PDF back ----------------------------------------------------------------

@dataclass
class Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    width: float
    height: float
    lines: list[Box]
    words: list[Box]

    def text_lines(self) -> list[Box]:
        """Lines in reading position: top to bottom, then left to right."""
        return sorted(self.lines, key=lambda b: (round(b.y0), b.x0))


def layout(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    root = ET.fromstring(xml)

    def box(el, text: str) -> Box:
        return Box(text, *(float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))

    pages = []
    for pg in root.iter("{http://www.w3.org/1999/xhtml}page"):
        lines, words = [], []
        for ln in pg.iter("{http://www.w3.org/1999/xhtml}line"):
            ws = [box(w, w.text or "") for w in ln.iter("{http://www.w3.org/1999/xhtml}word")]
            words += ws
            lines.append(box(ln, " ".join(w.text for w in ws)))
        pages.append(Page(float(pg.get("width")), float(pg.get("height")), lines, words))
    return pages


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def page_number_line(page: Page, zone: float = NUMBER_ZONE) -> Box | None:
    """The "- ๒ -" line within ``zone`` pt of the top edge."""
    return next((b for b in page.lines if b.y1 <= zone + 1 and re.fullmatch(r"-\s*\S+\s*-", b.text)), None)


def marker_line(page: Page) -> Box | None:
    """The continuation marker: a line in the bottom margin (below 2 cm from the foot)."""
    return next((b for b in page.lines if b.y0 >= PAGE_H - 2 * cm - 1), None)


def box_factor(bold: bool) -> float:
    """Height of poppler's word box per pt of font size: (ascent − descent) of the font."""
    kit = Kit(demo("pak_chong"))
    face = pdfmetrics.getFont(kit.bold if bold else kit.regular).face
    return (face.ascent - face.descent) / 1000.0


def image_list(pdf: Path) -> list[dict]:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        f = line.split()
        if f[2] == "image":
            rows.append({"page": int(f[0]), "width": int(f[3]), "height": int(f[4]), "enc": f[8],
                         "y_ppi": float(f[13])})
    return rows


def raster(pdf: Path, page: int, tmp: Path) -> Image.Image:
    stem = tmp / f"r{page}"
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    with Image.open(f"{stem}.png") as im:
        return im.convert("RGB")


def red_box(im: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box (px = pt at 72 dpi) of the strongly red pixels: the test emblem."""
    mask = Image.eval(im.split()[0], lambda v: 255 if v > 150 else 0)
    g = Image.eval(im.split()[1], lambda v: 255 if v < 80 else 0)
    both = Image.composite(mask, Image.new("L", im.size, 0), g)
    return both.getbbox()


# -- fixtures ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Memos rendered once for the module."""
    tmp = tmp_path_factory.mktemp("memo")
    emblem = png(tmp / "emblem.png")
    sig = io.BytesIO()
    Image.new("RGB", (300, 100), (0, 0, 120)).save(sig, "JPEG")
    return {
        "plain": render_memo(demo("pak_chong"), 2565, tmp / "plain.pdf"),
        "long": render_memo(long_memo(), 2565, tmp / "long.pdf", emblem=emblem, continuation=True),
        "table": render_memo(demo("pak_chong"), 2565, tmp / "table.pdf", emblem=emblem.read_bytes(),
                             signature=sig.getvalue(), continuation=True),
        "arabic": render_memo(long_memo(), 2565, tmp / "arabic.pdf", thai_digits=False),
    }


@pytest.fixture(scope="module")
def long_pages(pdfs):
    return layout(pdfs["long"])


# -- heading and header lines -------------------------------------------------------------

def test_heading_is_centred_between_the_margins_at_29_sarabun_pt(long_pages):
    heading = next(w for w in long_pages[0].words if w.text == "บันทึกข้อความ")
    assert abs(heading.cx - MID_X) <= 2, (heading.cx, MID_X)
    kit = Kit(demo("pak_chong"))
    expected = kit.sarabun(29) * box_factor(bold=True)         # 19.33 pt of Laksaman → 32.0 pt box
    assert abs(heading.height - expected) <= 0.1 * expected, (heading.height, expected)
    # and in proportion to the 16-pt body text of the same page
    body = next(w for w in long_pages[0].words if w.text.startswith("เรียน"))
    assert abs(heading.height / body.height - 29 / 16) <= 0.1 * 29 / 16
    # the heading's line is the emblem line: its box ends 1.5 cm + 1.5 cm from the top edge
    assert abs(heading.y1 - 3 * cm) <= ONE_MM


def test_header_labels_bold_20_pt_on_dotted_lines_in_order(long_pages):
    page = long_pages[0]
    kit = Kit(demo("pak_chong"))
    expected = kit.sarabun(20) * box_factor(bold=True)         # 13.31 pt → 22.0 pt box
    labels = {}
    for name in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        labels[name] = next(w for w in page.words if w.text == name)
        assert abs(labels[name].height - expected) <= 0.1 * expected, (name, labels[name].height, expected)
    # ส่วนราชการ / ที่ + วันที่ on one line / เรื่อง, at the left margin but วันที่ at the middle
    assert labels["ส่วนราชการ"].y0 < labels["ที่"].y0 < labels["เรื่อง"].y0
    assert abs(labels["ที่"].y0 - labels["วันที่"].y0) < 0.5
    for name in ("ส่วนราชการ", "ที่", "เรื่อง"):
        assert abs(labels[name].x0 - LEFT_X) <= ONE_MM
    assert abs(labels["วันที่"].x0 - MID_X) <= ONE_MM
    heading = next(w for w in page.words if w.text == "บันทึกข้อความ")
    assert heading.y1 <= labels["ส่วนราชการ"].y0
    # values beside their labels
    line_of = {squeeze(b.text) for b in page.lines}
    assert "ที่รบ๗๒๑๐๑/-" in line_of and "วันที่๒๑มีนาคม๒๕๖๕" in line_of
    assert any(t.startswith("ส่วนราชการสำนักปลัด") for t in line_of)


# -- margins ------------------------------------------------------------------------------

def test_left_margin_3_cm_and_right_margin_2_cm_on_every_text_page(long_pages):
    assert len(long_pages) >= 3
    for n, page in enumerate(long_pages, 1):
        body = [b for b in page.lines if NUMBER_ZONE < b.y0 < PAGE_H - 2 * cm]
        assert body, n
        left = min(b.x0 for b in body)
        right = max(b.x1 for b in body)
        assert abs(left - LEFT_X) <= ONE_MM, (n, left)
        assert right <= RIGHT_X + 0.5, (n, right)
        # justified lines end on the right margin, within 1 mm
        full = [b for b in body if abs(b.x1 - RIGHT_X) <= ONE_MM]
        assert abs(right - RIGHT_X) <= ONE_MM and len(full) >= 5, (n, right, len(full))
        # nothing but the page number and the marker outside the margins
        for b in page.lines:
            assert b.x0 >= LEFT_X - 0.5 and b.x1 <= RIGHT_X + 0.5, (n, b)


# -- page numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("which, digits", [("long", True), ("arabic", False), ("table", True)])
def test_page_numbers_from_page_2_centred_at_the_top(pdfs, which, digits):
    pages = layout(pdfs[which])
    assert len(pages) >= 2
    assert page_number_line(pages[0]) is None
    assert not [b for b in pages[0].lines if b.y1 <= NUMBER_ZONE and b.text != "บันทึกข้อความ"]
    for n, page in enumerate(pages[1:], 2):
        num = page_number_line(page)
        shown = to_thai_digits(str(n)) if digits else str(n)
        assert num is not None and squeeze(num.text) == f"-{shown}-", (n, num)
        assert abs(num.cx - MID_X) <= 2
        assert num.y0 < NUMBER_ZONE


# -- emblem -------------------------------------------------------------------------------

def test_emblem_top_left_1_5_cm_high_on_the_heading_line(pdfs, tmp_path):
    images = image_list(pdfs["long"])
    assert [i["page"] for i in images] == [1]
    assert images[0]["height"] == 150
    # 150 px in 1.5 cm: 254 ppi
    assert abs(images[0]["y_ppi"] - 150 / (1.5 / 2.54)) <= 3
    x0, y0, x1, y1 = red_box(raster(pdfs["long"], 1, tmp_path))
    assert abs(x0 - LEFT_X) <= 1.5 and abs(y0 - 1.5 * cm) <= 1.5, (x0, y0)
    assert abs((y1 - y0) - 1.5 * cm) <= 1.5 and abs((x1 - x0) - 1.0 * cm) <= 1.5, (x1 - x0, y1 - y0)
    heading = next(w for w in layout(pdfs["long"])[0].words if w.text == "บันทึกข้อความ")
    assert abs(heading.y1 - y1) <= 1.5        # the heading's line is at the foot of the emblem


def test_without_emblem_the_space_is_left(pdfs, long_pages):
    assert image_list(pdfs["plain"]) == []
    with_emblem = long_pages[0]
    without = layout(pdfs["plain"])[0]
    for name in ("บันทึกข้อความ", "ส่วนราชการ", "เรื่อง"):
        a = next(w for w in with_emblem.words if w.text == name)
        b = next(w for w in without.words if w.text == name)
        assert abs(a.y0 - b.y0) < 0.01 and abs(a.x0 - b.x0) < 0.01


def test_jpeg_emblem_is_embedded_as_jpeg(tmp_path):
    jpg = tmp_path / "garuda.jpg"
    Image.new("RGB", (90, 120), (200, 0, 0)).save(jpg, "JPEG")
    out = render_memo(demo("pak_chong"), 2565, tmp_path / "m.pdf", emblem=jpg)
    assert [(i["page"], i["enc"]) for i in image_list(out)] == [(1, "jpeg")]


def truncated_png() -> bytes:
    b = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(b, "PNG")
    return b.getvalue()[:600]


def gif() -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(b, "GIF")
    return b.getvalue()


@pytest.mark.parametrize("kind, make", [
    ("garbage", lambda tmp: b"this is not an image"),
    ("truncated", lambda tmp: truncated_png()),
    ("gif", lambda tmp: gif()),
    ("missing", lambda tmp: tmp / "no-such-emblem.png"),
    ("text file", lambda tmp: (tmp / "emblem.png").write_text("ตรา") and tmp / "emblem.png"),
    ("empty", lambda tmp: b""),
])
@pytest.mark.parametrize("arg", ["emblem", "signature"])
def test_a_bad_image_is_a_clear_error_not_a_traceback(tmp_path, kind, make, arg):
    out = tmp_path / "m.pdf"
    with pytest.raises(DocumentError) as e:
        render_memo(demo("pak_chong"), 2565, out, **{arg: make(tmp_path)})
    msg = str(e.value)
    assert "\n" not in msg and " / " in msg
    assert re.search(r"[\u0e00-\u0e7f]", msg) and re.search(r"(emblem|signature) image", msg), msg
    assert ("ตราสัญลักษณ์" if arg == "emblem" else "ลายมือชื่อ") in msg
    assert not out.exists()


# -- signature ----------------------------------------------------------------------------

def signer_page(pages: list[Page]) -> tuple[int, Box]:
    for n, page in enumerate(pages, 1):
        for b in page.lines:
            if squeeze(b.text) == "(นางสาวกรรณิการ์รวยบุญส่ง)":
                return n, b
    raise AssertionError("no signer")


def test_signature_image_above_the_name_on_the_right_half(pdfs, tmp_path):
    pages = layout(pdfs["table"])
    n, name = signer_page(pages)
    sig = [i for i in image_list(pdfs["table"]) if i["enc"] == "jpeg"]
    assert [i["page"] for i in sig] == [n]
    assert abs(sig[0]["y_ppi"] - 100 / (1.5 / 2.54)) <= 3        # 1.5 cm high
    # centred on the right half, name and position too
    right_mid = (MID_X + RIGHT_X) / 2
    assert abs(name.cx - right_mid) <= 2
    position = next(b for b in pages[n - 1].lines if b.text == "นิติกรชำนาญการ" and b.y0 > name.y0)
    assert abs(position.cx - right_mid) <= 2
    im = raster(pdfs["table"], n, tmp_path)
    blue = Image.eval(im.split()[2], lambda v: 255 if v > 90 else 0)
    dark = Image.eval(im.split()[0], lambda v: 255 if v < 40 else 0)
    x0, y0, x1, y1 = Image.composite(blue, Image.new("L", im.size, 0), dark).getbbox()
    assert abs((x0 + x1) / 2 - right_mid) <= 1.5 and abs((y1 - y0) - 1.5 * cm) <= 1.5
    assert y1 <= name.y0 + 1


def test_typed_signature_prints_the_name_in_place_of_the_pen(tmp_path):
    out = render_memo(demo("pak_chong"), 2565, tmp_path / "m.pdf", typed_signature=True)
    pages = layout(out)
    n, name = signer_page(pages)
    typed = [b for b in pages[n - 1].lines if squeeze(b.text) == "นางสาวกรรณิการ์รวยบุญส่ง"]
    assert len(typed) == 1 and typed[0].y1 <= name.y0 and abs(typed[0].cx - name.cx) <= 2
    assert image_list(out) == []


def test_signature_and_typed_signature_together_are_refused(tmp_path):
    with pytest.raises(ValueError):
        render_memo(demo("pak_chong"), 2565, tmp_path / "m.pdf", signature=png(tmp_path / "s.png"),
                    typed_signature=True)


def data_url(im: Image.Image, fmt: str = "PNG") -> str:
    b = io.BytesIO()
    im.save(b, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(b.getvalue()).decode()


def test_the_office_emblem_and_the_signers_image_come_from_the_data(tmp_path):
    doc = copy.deepcopy(demo("pak_chong"))
    doc["office"]["emblem"] = data_url(Image.new("RGB", (100, 150), (200, 0, 0)))
    doc["office"]["people"][0]["signature"] = data_url(Image.new("RGB", (300, 100), (0, 0, 120)), "JPEG")
    memo = doc["assessments"][0]["memos"][0]
    memo["signature"] = "image"
    out = render_memo(doc, 2565, tmp_path / "m.pdf")
    n, _ = signer_page(layout(out))
    assert [(i["page"], i["enc"]) for i in image_list(out)] == [(1, "image"), (n, "jpeg")]
    memo["signature"] = "typed"
    pages = layout(render_memo(doc, 2565, tmp_path / "t.pdf"))
    n, _ = signer_page(pages)
    assert "นางสาวกรรณิการ์รวยบุญส่ง" in [squeeze(b.text) for b in pages[n - 1].lines]
    # an explicit argument wins over the data
    out = render_memo(doc, 2565, tmp_path / "e.pdf", emblem=png(tmp_path / "e.png", (50, 50)))
    assert [(i["page"], i["width"]) for i in image_list(out)] == [(1, 50)]


def test_signing_with_an_image_the_signer_lacks_is_a_clear_error(tmp_path):
    doc = copy.deepcopy(demo("pak_chong"))
    doc["assessments"][0]["memos"][0]["signature"] = "image"
    with pytest.raises(DocumentError, match="นางสาวกรรณิการ์ รวยบุญส่ง has no signature image"):
        render_memo(doc, 2565, tmp_path / "m.pdf")
    assert not (tmp_path / "m.pdf").exists()


def test_a_damaged_data_url_is_a_clear_error(tmp_path):
    doc = copy.deepcopy(demo("pak_chong"))
    doc["office"]["emblem"] = "data:image/png;base64,@@@not base64@@@"
    with pytest.raises(DocumentError, match="ตราสัญลักษณ์.* / the emblem image data is damaged"):
        render_memo(doc, 2565, tmp_path / "m.pdf")
    doc["office"]["emblem"] = "data:image/png;base64," + base64.b64encode(b"GIF89a....").decode()
    with pytest.raises(DocumentError, match="a complete PNG or JPEG image is needed"):
        render_memo(doc, 2565, tmp_path / "m.pdf")


def test_digits_follow_the_office_unless_given(tmp_path):
    doc = copy.deepcopy(long_memo())
    doc["office"]["thai_digits"] = False
    pages = layout(render_memo(doc, 2565, tmp_path / "m.pdf"))
    assert squeeze(page_number_line(pages[1]).text) == "-2-"
    pages = layout(render_memo(doc, 2565, tmp_path / "t.pdf", thai_digits=True))
    assert squeeze(page_number_line(pages[1]).text) == "-๒-"


# -- approval chain -------------------------------------------------------------------------

def test_approval_chain_in_order_with_sign_lines(pdfs):
    pages = layout(pdfs["table"])
    lines = [squeeze(b.text) for p in pages for b in p.text_lines()]
    text = "\n".join(lines)
    chain = ["(นางสาวกรรณิการ์รวยบุญส่ง)", "นิติกรชำนาญการ",
             "ความเห็นหัวหน้าสำนักปลัด", "-พิจารณาแล้วเห็นควรเสนอหน่วยงานราชการ", "ลงชื่อ",
             "(นางสาวปาริชาติกิตติศิลป์สาร)", "หัวหน้าสำนักปลัด",
             "ความเห็นของปลัดองค์การบริหารส่วนตำบล", "ลงชื่อ", "(อำนางทองเนียม)", "ปลัดองค์การบริหารส่วนตำบลปากช่อง",
             "ความเห็นของนายกองค์การบริหารส่วนตำบล", "-พิจารณาแล้วเห็นควร", "ลงชื่อ", "(นายวินัยแซ่สวาย)",
             "นายกองค์การบริหารส่วนตำบลปากช่อง"]
    pos = 0
    for item in chain:
        found = text.find(item, pos)
        assert found >= 0, (item, text[pos:pos + 200])
        pos = found + len(item)
    assert lines.count("ลงชื่อ") == 3
    # each approver's name sits centred on the right half, under its "ลงชื่อ" line
    right_mid = (MID_X + RIGHT_X) / 2
    for p in pages:
        for b in p.lines:
            if squeeze(b.text) in ("(นางสาวปาริชาติกิตติศิลป์สาร)", "(อำนางทองเนียม)", "(นายวินัยแซ่สวาย)"):
                assert abs(b.cx - right_mid) <= 2
            if b.text == "ลงชื่อ":
                assert MID_X - 1 <= b.x0 <= MID_X + ONE_MM


# -- continuation markers ------------------------------------------------------------------

def first_body_line(page: Page) -> Box:
    return next(b for b in page.text_lines() if b.y0 > NUMBER_ZONE)


def test_continuation_markers_show_the_first_words_of_the_next_page(long_pages):
    assert len(long_pages) >= 3
    for n, page in enumerate(long_pages[:-1], 1):
        mark = marker_line(page)
        assert mark is not None, f"page {n} has no marker"
        assert abs(mark.x1 - RIGHT_X) <= ONE_MM                      # right-aligned
        m = re.fullmatch(r"/(.+)\.\.\.", mark.text)
        assert m, mark.text
        words = squeeze(m.group(1))
        assert len(words) >= 6
        first = squeeze(first_body_line(long_pages[n]).text)
        assert first.startswith(words), (n, words, first)
    assert marker_line(long_pages[-1]) is None                     # the memo's last page


def test_continuation_markers_skip_the_repeated_table_header(pdfs):
    pages = layout(pdfs["table"])
    marks = [marker_line(p) for p in pages]
    assert all(marks[:-1]) and marks[-1] is None
    for n, mark in enumerate(marks[:-1], 1):
        words = squeeze(re.fullmatch(r"/(.+)\.\.\.", mark.text).group(1))
        assert not words.startswith("มาตรการ/")                   # never the repeated header
        # the words begin a line in the top part of the next page
        starts = [squeeze(b.text) for b in pages[n].lines if NUMBER_ZONE < b.y0 < PAGE_H / 2]
        assert any(s.startswith(words) for s in starts), (n, words)


def test_a_one_page_memo_has_no_marker_and_no_number(tmp_path):
    doc = copy.deepcopy(demo("pak_chong"))
    memo = doc["assessments"][0]["memos"][0]
    memo["sections"], memo["approvals"] = memo["sections"][:1], []
    pages = layout(render_memo(doc, 2565, tmp_path / "m.pdf", continuation=True))
    assert len(pages) == 1 and marker_line(pages[0]) is None and page_number_line(pages[0]) is None


def test_no_markers_unless_asked(pdfs):
    for page in layout(pdfs["plain"]):
        assert marker_line(page) is None


def test_marker_text_takes_whole_words_as_in_seed_003():
    kit = Kit(demo("pak_chong"))
    assert marker_text(kit, "๔.การปรับปรุงวิธีการ และขั้นตอนการดำเนินงาน") == "/๔.การปรับปรุง..."
    assert marker_text(kit, "๗.การเปิดเผยข้อมูล") == "/๗.การเปิดเผย..."
    assert marker_text(kit, "ข้อเสนอเพื่อพิจารณา") == "/ข้อเสนอ..."
    assert marker_text(kit, "   ") == ""
    url = marker_text(kit, "https://www.pakchong.go.th/ita/o43/report-2565.pdf")
    assert url.startswith("/https://www.pakchong.go.th/ita/") and len(url) <= 1 + 40 + 3
    # names of the office are kept whole (the breaker knows them)
    assert marker_text(kit, "(๙) องค์การบริหารส่วนตำบลปากช่อง ได้ดำเนินการ") == "/(๙) องค์การบริหารส่วนตำบลปากช่อง..."
    assert marker_text(kit, "- https://www.pakchong.go.th/ita/o43/report-2565-final.pdf") == "/-..."


# -- appendix --------------------------------------------------------------------------------

def test_appendix_on_its_own_landscape_pages_numbered_on_its_own(tmp_path):
    doc = demo("pak_chong")
    kit = Kit(doc)
    appendix = [kit.p("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", kit.title),
                kit.p(EXTRA),
                kit.table(["ลำดับ", "มาตรการ", "ผลการดำเนินงาน"],
                          [[kit.num(i, 0), f"มาตรการที่ {i} การเปิดเผยข้อมูล", "ดำเนินการแล้ว"]
                           for i in range(1, 41)], [50, 450, 200], center_cols=[0])]
    margins = (2 * cm, 2 * cm, 2.5 * cm, 2 * cm)          # left, right, top, bottom
    plain = render_memo(doc, 2565, tmp_path / "plain.pdf", continuation=True)
    out = render_memo(doc, 2565, tmp_path / "m.pdf", continuation=True, appendix=appendix,
                      appendix_pagesize=landscape(A4), appendix_margins=margins)
    memo_pages, pages = layout(plain), layout(out)
    n = len(memo_pages)
    assert len(pages) >= n + 2                                       # the 40 rows need two pages
    for a, b in zip(memo_pages, pages[:n], strict=True):                          # the memo is unchanged
        assert [squeeze(x.text) for x in a.text_lines()] == [squeeze(x.text) for x in b.text_lines()]
    assert marker_line(pages[n - 1]) is None                         # the memo ends: no marker
    width, height = landscape(A4)
    for k, page in enumerate(pages[n:], 1):
        assert (page.width, page.height) == pytest.approx(landscape(A4), abs=0.5)
        # the appendix counts its own pages, from its second page, at the top centre
        num = page_number_line(page, zone=2.5 * cm)
        if k == 1:
            assert num is None
        else:
            assert num is not None and squeeze(num.text) == f"-{to_thai_digits(str(k))}-"
            assert abs(num.cx - (2 * cm + (width - 4 * cm) / 2)) <= 2 and num.y1 <= 2.5 * cm
        body = [b for b in page.lines if b is not num]
        assert min(b.y0 for b in body) >= 2.5 * cm - 1 and max(b.y1 for b in body) <= height - 2 * cm + 1
        assert min(b.x0 for b in body) >= 2 * cm - 0.5 and max(b.x1 for b in body) <= width - 2 * cm + 0.5
    first = pages[n].text_lines()[0]
    assert squeeze(first.text) == "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    assert abs(min(b.x0 for b in pages[n].lines) - 2 * cm) <= 2 * ONE_MM
    text = squeeze(pdftotext(out))
    assert "มาตรการที่๔๐การเปิดเผยข้อมูล" in text
    assert_passes(thai_pdf_check(out, words=office_words(doc), tmp=tmp_path))


def test_appendix_without_page_numbers(tmp_path):
    doc = demo("pak_chong")
    kit = Kit(doc)
    out = render_memo(doc, 2565, tmp_path / "m.pdf", appendix=[kit.p(EXTRA * 12)] * 3,
                      appendix_page_numbers=False)
    pages = layout(out)
    n = len(layout(render_memo(doc, 2565, tmp_path / "plain.pdf")))
    assert len(pages) >= n + 2
    assert all(page_number_line(p, zone=2 * cm) is None for p in pages[n:])


def test_appendix_defaults_to_a4_portrait(tmp_path):
    doc = demo("pak_chong")
    kit = Kit(doc)
    out = render_memo(doc, 2565, tmp_path / "m.pdf", appendix=[kit.p("สิ่งที่ส่งมาด้วย")])
    pages = layout(out)
    assert (pages[-1].width, pages[-1].height) == pytest.approx(A4, abs=0.5)
    assert [squeeze(b.text) for b in pages[-1].lines] == ["สิ่งที่ส่งมาด้วย"]


# -- the checker -----------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["table", "long", "arabic"])
def test_thai_pdf_check_passes(pdfs, which, tmp_path):
    expect = DATA / "expect_pak_chong_memo.txt" if which == "table" else None
    doc = demo("pak_chong")
    assert_passes(thai_pdf_check(pdfs[which], expect, office_words(doc), tmp_path))


def test_the_end_mark_fits_on_an_exactly_full_page():
    """The zero-size mark after the memo never moves to a page of its own (which would
    be blank and would take the memo's last continuation marker)."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame, Spacer

    from ita_desktop.pdf.memo import _MemoEnd

    frame = Frame(0, 0, 100, 100, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    canv = Canvas(io.BytesIO())
    assert frame.add(Spacer(1, 100), canv)
    assert frame.add(_MemoEnd(), canv)
