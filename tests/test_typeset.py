"""The Thai typesetting engine as a reader sees its PDFs: the `typeset` command on the
seed tables and on arbitrary text, links, lists, italic, justification, digits, fonts."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import assert_passes, pdffonts, pdftotext, thai_pdf_check
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from seedtables import seed_tables, write_tsv

from conftest import REPO, shared_dir
from ita_desktop.cli import main
from ita_desktop.pdf import fonts
from ita_desktop.pdf.common import DocumentError, SplitTable
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, doc_template, escape, link, numbered_list
from ita_desktop.pdf.typeset import typeset

FAMILY = fonts.register_family()
BREAKER = ThaiBreaker(["ห้วยเตย", "กุดรัง", "เขาวาว", "ปากช่อง"])
SEEDS = sorted((shared_dir() / "seeds").glob("*.txt"))


def body(**kw) -> ParagraphStyle:
    kw.setdefault("fontSize", fonts.BODY_SIZE_PT)
    kw.setdefault("leading", fonts.BODY_LEADING_PT)
    return ParagraphStyle("t", fontName=FAMILY, **kw)


def build(path: Path, story, **kw) -> Path:
    doc_template(str(path), **kw).build(story)
    return path


def words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """pdftotext -bbox words: (xMin, yMin, xMax, yMax, text) in pt from the top left."""
    out = pdftotext(pdf, "-bbox")
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def links(pdf: Path) -> list[str]:
    """The URI annotations of a PDF (poppler's pdfinfo -url)."""
    out = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


# -- the seeds ------------------------------------------------------------------------

SEED_TABLES = [(f.name[:3], n, t) for f in SEEDS for n, t in enumerate(seed_tables(f))]


@pytest.mark.skipif(not SEEDS, reason="shared/seeds not found beside the checkout")
@pytest.mark.parametrize(("seed", "n", "table"), SEED_TABLES,
                         ids=[f"seed{s}-table{n}" for s, n, _ in SEED_TABLES])
def test_seed_tables_typeset_as_tsv_pass_the_checker(tmp_path, seed, n, table):
    tsv = write_tsv(table, tmp_path / f"seed{seed}_{n}.tsv")
    pdf = tmp_path / f"seed{seed}_{n}.pdf"
    assert main(["typeset", str(tsv), "--out", str(pdf), "--landscape", "--thai-digits"]) == 0
    assert_passes(thai_pdf_check(pdf, words=["ห้วยเตย", "กุดรัง", "เขาวาว", "ปากช่อง", "ทุ่งสง"]))
    # every header cell is printed on every page (the header repeats)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                              text=True).stdout).group(1))
    first = re.sub(r"<[^>]+>|\s", "", table[0][0])
    if first:
        for page in range(1, pages + 1):
            assert first in re.sub(r"\s", "", pdftotext(pdf, "-f", str(page), "-l", str(page)))


# -- any text ---------------------------------------------------------------------------

def _visible(c: str) -> bool:
    """Characters that must come back from extraction (not white space, controls, format
    characters, unassigned or private-use code points)."""
    return not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn")


def _rtl(c: str) -> bool:
    """A character of a right-to-left script block (Hebrew, Arabic, Syriac … and their
    presentation forms), marks included."""
    o = ord(c)
    return (0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF
            or 0x10800 <= o <= 0x10FFF or 0x1E800 <= o <= 0x1EFFF)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=80), justify=st.booleans(), digits=st.booleans())
def test_any_unicode_text_typesets_and_every_character_comes_back_in_order(tmp_path_factory, text, justify,
                                                                             digits):
    pdf = tmp_path_factory.mktemp("any") / "any.pdf"
    style = body(alignment=TA_JUSTIFY if justify else 0)
    build(pdf, [ThaiParagraph(escape(text), style, BREAKER, autolink=False)])
    got = "".join(c for c in pdftotext(pdf) if _visible(c))
    want = "".join(c for c in text if _visible(c))
    if "-" in want:
        # poppler joins a line that ends with "-" to the next one and drops the hyphen
        # (its dehyphenation); every other character must still come back
        assert got.count("-") <= want.count("-")
        got, want = got.replace("-", ""), want.replace("-", "")
    if any(_rtl(c) for c in text):
        # poppler reorders right-to-left runs (Arabic, Hebrew …) when it extracts text:
        # every character still comes back, in its visual order
        assert sorted(got) == sorted(want)
    else:
        assert got == want


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(st.text(alphabet=st.sampled_from(list("กขคงจฉชซญฐณดตถทนบปผพฟมยรลวศสหอฮ่้๊๋ัิีึืุูเแโใไำะา ")),
                              min_size=0, max_size=900), min_size=3, max_size=9),
       frame=st.integers(min_value=3, max_value=30))
def test_tables_split_across_pages_never_fail_and_never_lose_or_repeat_a_line(tmp_path_factory, cells, frame):
    """Tables whose cells are up to several pages long, on pages from 3 to 30 lines high."""
    pdf = tmp_path_factory.mktemp("split") / "split.pdf"
    cell = body(fontSize=10, leading=14.8)
    tagged = [f"{n}ก{t}" for n, t in enumerate(cells)]   # every cell's text is unique
    rows = [[ThaiParagraph("หัว", cell, BREAKER), ThaiParagraph("ตาราง", cell, BREAKER)]]
    rows += [[ThaiParagraph(escape(t), cell, BREAKER), ThaiParagraph(str(n), cell, BREAKER)]
             for n, t in enumerate(tagged)]
    height = frame * 14.8 + 2 * 14.8 + 30   # a header row, at least one line, padding
    build(pdf, [SplitTable(rows, colWidths=[200, 60])], pagesize=(300, height + 72), leftMargin=10,
          rightMargin=10, topMargin=36, bottomMargin=36)
    text = re.sub(r"\s", "", pdftotext(pdf, "-raw"))
    for t in tagged:
        assert text.count(re.sub(r"\s", "", t)) == 1


# -- paragraphs: links, italic, lists, justification --------------------------------------

def test_links_are_clickable_whole_and_keep_their_digits(tmp_path):
    url = "https://www.huaitoei.go.th/news/view_all.php?id=831&page=2"
    text = ("เผยแพร่ทางเว็บไซต์ " + link(url) + " และ " + link("https://itas.nacc.go.th/go/iit/2568", "แบบวัด IIT ปี 2568")
            + " หรือ www.huaitoei.go.th/o27 เมื่อวันที่ 30 กันยายน 2568")
    pdf = build(tmp_path / "l.pdf", [ThaiParagraph(text, body(), BREAKER, thai_digits=True)])
    assert links(pdf) == [url, "https://itas.nacc.go.th/go/iit/2568", "http://www.huaitoei.go.th/o27"]
    extracted = pdftotext(pdf)
    assert url in extracted                        # on one line, digits as written
    assert "แบบวัด IIT ปี 2568" in extracted          # link text keeps its digits
    assert "๓๐ กันยายน ๒๕๖๘" in extracted              # running text gets Thai digits


def test_a_link_is_never_broken_across_lines_when_it_fits(tmp_path):
    url = "https://www.huaitoei.go.th/index.php?op=dynamiccontent_detail&id=12345"
    style = body()
    url_width = ThaiParagraph(escape(url), style, BREAKER).natural_width()
    for width in range(int(url_width) + 1, int(url_width) + 300, 13):
        para = ThaiParagraph("ข้อมูลการดำเนินงานตามมาตรการ " + link(url) + " ของหน่วยงาน", style, BREAKER)
        para.wrap(width, 1000)
        assert any(url in line for line in para.line_texts()), (width, para.line_texts())
    # narrower than the URL: cut after a separator, and both parts stay clickable
    pdf = build(tmp_path / "cut.pdf", [ThaiParagraph(link(url), style, BREAKER)], pagesize=(url_width * 0.7 + 40, 300),
                leftMargin=14, rightMargin=14)
    assert links(pdf) == [url, url]
    assert re.sub(r"\s", "", pdftotext(pdf)) == url


def test_italic_and_bold_italic_use_their_own_faces_inside_a_word(tmp_path):
    pdf = build(tmp_path / "i.pdf", [ThaiParagraph("คุณ<i>ธรรม</i>และความ<b><i>โปร่ง</i></b>ใส", body(), BREAKER)])
    faces = pdffonts(pdf)
    assert "Laksaman-Italic" in faces and "Laksaman-BoldItalic" in faces
    assert "คุณธรรมและความโปร่งใส" in pdftotext(pdf)


def test_numbered_list_has_thai_numbers_and_a_hanging_indent(tmp_path):
    items = ["จัดทำคู่มือการปฏิบัติงาน โดยระบุขั้นตอนและระยะเวลาการให้บริการอย่างชัดเจน "
             "เผยแพร่ให้ประชาชนทราบทางเว็บไซต์และบอร์ดประชาสัมพันธ์ของหน่วยงาน", "ประเมินความเสี่ยง", "รายงานผล"]
    pdf = build(tmp_path / "n.pdf", numbered_list(items, body(leftIndent=1 * cm), BREAKER))
    w = words(pdf)
    labels = [x for x in w if x[4] in ("๑.", "๒.", "๓.")]
    assert [x[4] for x in labels] == ["๑.", "๒.", "๓."]
    assert len({round(x[0], 1) for x in labels}) == 1           # labels in one column
    first = next(x for x in w if x[4].startswith("จัดทำ"))
    wrapped = next(x for x in w if x[1] > first[1] + 5 and x[0] > labels[0][0] + 1)
    assert wrapped[0] == pytest.approx(first[0], abs=0.5)        # the second line aligns with the text
    assert first[0] > labels[0][2]                               # text starts after the label


def test_justified_thai_lines_end_at_the_margin_even_without_spaces(tmp_path):
    text = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ" * 6
    style = body(alignment=TA_JUSTIFY)
    pdf = build(tmp_path / "j.pdf", [ThaiParagraph(text, style, BREAKER)], leftMargin=72, rightMargin=72)
    lines = sorted(words(pdf), key=lambda x: x[1])
    assert len(lines) >= 3
    right = 595.2756 - 72 - 6   # the frame's 6 pt padding
    for x in lines[:-1]:   # no spaces at all: the extra room went between words and clusters
        assert x[2] == pytest.approx(right, abs=1.0), x
    assert lines[-1][2] < right - 5                              # the last line is not stretched


def _widest_gap(pdf: Path, band: tuple[float, float], dpi: int = 144) -> float:
    """The widest run of blank columns (pt) between the first and last ink of a band of
    page 1 (``band``: top and bottom in pt from the top)."""
    from PIL import Image

    png = pdf.with_suffix(".png")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-png", str(pdf), str(png.with_suffix(""))],
                   check=True)
    img = Image.open(png)
    top, bottom = int(band[0] * dpi / 72), int(band[1] * dpi / 72)
    px = img.load()
    img = img.convert("L")
    px = img.load()
    ink = [any(px[x, y] < 128 for y in range(top, bottom)) for x in range(img.width)]
    cols = [x for x, v in enumerate(ink) if v]
    widest = run = 0
    for x in range(cols[0], cols[-1] + 1):
        run = 0 if ink[x] else run + 1
        widest = max(widest, run)
    return widest * 72 / dpi


def test_justified_line_spreads_its_room_instead_of_one_big_gap(tmp_path):
    """A first line with a single space and much room (the next word is long): justifying
    at spaces only would put all the room into that one space."""
    long_word = "ผ่านช่องทางออนไลน์ของหน่วยงานอย่างต่อเนื่อง"
    breaker = ThaiBreaker([long_word])
    head = "ประชาสัมพันธ์ผล การดำเนินงาน"
    text = head + long_word + "และสม่ำเสมอ"
    frame = ThaiParagraph(long_word, body(), breaker).natural_width() + 12
    page = (frame + 2 * 72 + 12, 400)
    left = build(tmp_path / "left.pdf", [ThaiParagraph(text, body(), breaker)], pagesize=page,
                 leftMargin=72, rightMargin=72)
    just = build(tmp_path / "just.pdf", [ThaiParagraph(text, body(alignment=TA_JUSTIFY), breaker)],
                 pagesize=page, leftMargin=72, rightMargin=72)
    first = min(words(left), key=lambda x: x[1])
    room = (page[0] - 72 - 6) - max(x[2] for x in words(left) if abs(x[1] - first[1]) < 1)
    assert room > 3 * fonts.BODY_SIZE_PT              # this line has much room to spread
    band = (first[1] + 2, first[3] - 2)
    assert _widest_gap(left, band) < 0.6 * fonts.BODY_SIZE_PT
    assert _widest_gap(just, band) < room / 2   # justifying at the space alone would leave a gap > room
    just_first = min(words(just), key=lambda x: x[1])
    assert max(x[2] for x in words(just) if abs(x[1] - just_first[1]) < 1) == pytest.approx(page[0] - 78, abs=1)


def test_numbers_stay_with_their_units_where_the_line_allows():
    assert BREAKER.segments("พ.ศ. ๒๕๖๘") == ["พ.ศ. ๒๕๖๘"]
    assert BREAKER.segments("จำนวน ๒๔ คน")[-1] == "๒๔ คน" or BREAKER.segments("จำนวน ๒๔ คน") == ["จำนวน ๒๔ คน"]
    assert "๑ ตุลาคม ๒๕๖๗" in "".join(BREAKER.segments("วันที่ ๑ ตุลาคม ๒๕๖๗"))
    style = body()
    text = "ผู้เข้าร่วมอบรมเชิงปฏิบัติการทั้งสิ้น ๒๔ คน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ร้อยละ ๘๕"
    for width in range(120, 400, 7):
        para = ThaiParagraph(text, style, BREAKER)
        para.wrap(width, 1000)
        lines = para.line_texts()
        for unit in ("๒๔ คน", "พ.ศ. ๒๕๖๘", "ร้อยละ ๘๕"):
            assert any(unit in line for line in lines), (width, lines)


# -- digits, fonts, the command -------------------------------------------------------------

def test_thai_digits_option_of_typeset(tmp_path):
    src = tmp_path / "d.txt"
    src.write_text("คะแนน 80.77 ปี 2568 ข้อ O27 และ e4 ไฟล์ ita2568.pdf ส่ง saraban2568@huaitoei.go.th "
                   "ที่ https://huaitoei.go.th/view.php?id=831\n", encoding="utf-8")
    thai, arabic = tmp_path / "t.pdf", tmp_path / "a.pdf"
    typeset(src, thai, thai_digits=True)
    typeset(src, arabic)
    t, a = pdftotext(thai), pdftotext(arabic)
    assert "๘๐.๗๗" in t and "๒๕๖๘" in t and "80.77" in a and "2568" in a
    for kept in ("O27", "e4", "ita2568.pdf", "saraban2568@huaitoei.go.th", "https://huaitoei.go.th/view.php?id=831"):
        assert kept in t and kept in a


def test_typeset_with_another_installed_font_and_its_bold_face(tmp_path):
    """The office's own TTF (here a copy named as TH Sarabun New's files are)."""
    regular = tmp_path / "THSarabunNew.ttf"
    regular.write_bytes(fonts.bundled_font_path("regular").read_bytes())
    (tmp_path / "THSarabunNew Bold.ttf").write_bytes(fonts.bundled_font_path("bold").read_bytes())
    src = tmp_path / "x.tsv"
    src.write_text("หัวข้อ\tรายละเอียด\n<p><b>มาตรการ</b>ส่งเสริม</p>\t<ul><li>ข้อหนึ่ง</li><li>ข้อสอง</li></ul>\n",
                   encoding="utf-8")
    out = tmp_path / "x.pdf"
    typeset(src, out, font=regular)
    assert "Laksaman-Bold" in pdffonts(out)   # the bold file beside it was found (its internal name)
    text = pdftotext(out)
    assert "มาตรการส่งเสริม" in text and "ข้อหนึ่ง" in text
    assert_passes(thai_pdf_check(out))


def test_typeset_with_an_installed_family_named_by_the_clerk(tmp_path, monkeypatch, capsys):
    from ita_desktop.pdf import fontfind

    installed = tmp_path / "fonts"
    installed.mkdir()
    for face in ("regular", "bold", "italic", "bold_italic"):
        src = fonts.bundled_font_path(face)
        (installed / src.name).write_bytes(src.read_bytes())
    monkeypatch.setattr(fontfind, "font_dirs", lambda *a, **k: [installed])
    src = tmp_path / "x.txt"
    src.write_text("ข้อความทดสอบ\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert main(["typeset", str(src), "--out", str(out), "--font", "laksaman"]) == 0
    assert "+Laksaman " in pdffonts(out)
    assert main(["fonts"]) == 0
    assert "Laksaman\tไทย/Thai\tregular, bold, italic, bold_italic" in capsys.readouterr().out
    assert main(["typeset", str(src), "--out", str(out), "--font", "TH SarabunIT๙"]) == 1
    assert "ไม่พบฟอนต์ TH SarabunIT๙" in capsys.readouterr().err


def test_a_character_no_font_has_prints_as_a_box_and_is_reported(tmp_path):
    style = body()
    para = ThaiParagraph("ทดสอบ \U0001F9FF\u4e2d", style, BREAKER, fallbacks=())
    assert para.missing == {"\U0001F9FF", "\u4e2d"}
    pdf = build(tmp_path / "m.pdf", [para])
    assert "ทดสอบ \U0001F9FF\u4e2d" in pdftotext(pdf)   # still in the text, in order


def test_a_character_the_font_lacks_comes_from_a_fallback_font(tmp_path):
    dejavu = next((p for p in (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),) if p.exists()), None)
    if dejavu is None:
        pytest.skip("DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
    fonts.set_fallback_fonts([dejavu])
    try:
        para = ThaiParagraph("ลูกศร → และ ✓ กับ Ω", body(), BREAKER)
        assert not para.missing
        pdf = build(tmp_path / "f.pdf", [para])
    finally:
        fonts.set_fallback_fonts(None)
    assert "DejaVuSans" in pdffonts(pdf)
    assert "ลูกศร → และ ✓ กับ Ω" in pdftotext(pdf)


def test_typeset_errors_are_one_line_in_thai_and_english(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("ภาษาไทย".encode("cp874"))
    assert main(["typeset", str(bad), "--out", str(tmp_path / "o.pdf")]) == 1
    err = capsys.readouterr().err
    assert "UTF-8" in err and "ไม่ใช่ข้อความ" in err
    notfont = tmp_path / "x.ttf"
    notfont.write_bytes(b"not a font at all")
    good = tmp_path / "g.txt"
    good.write_text("ข้อความ\n", encoding="utf-8")
    assert main(["typeset", str(good), "--out", str(tmp_path / "o.pdf"), "--font", str(notfont)]) == 1
    assert "ใช้ฟอนต์ x.ttf ไม่ได้" in capsys.readouterr().err
    assert not (tmp_path / "o.pdf").exists()
    with pytest.raises(DocumentError):
        typeset(tmp_path / "missing.txt", tmp_path / "o.pdf")


def test_no_shaping_is_what_stock_reportlab_prints(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("ปู่ ฟ้า ญู น้ำ\n", encoding="utf-8")
    shaped, plain = tmp_path / "s.pdf", tmp_path / "p.pdf"
    typeset(src, shaped)
    typeset(src, plain, shaping=False)
    assert pdftotext(shaped) == pdftotext(plain)   # same text either way
    raw = [subprocess.run(["pdftoppm", "-r", "72", "-gray", str(p)], capture_output=True).stdout for p in (shaped, plain)]
    assert raw[0] != raw[1]                         # but other glyphs and positions


def test_typeset_command_prints_the_page_count(tmp_path, capsys):
    src = tmp_path / "p.txt"
    src.write_text(("ย่อหน้าทดสอบการจัดพิมพ์ภาษาไทย " * 40 + "\n\n") * 30, encoding="utf-8")
    out = tmp_path / "p.pdf"
    assert main(["typeset", str(src), "--out", str(out), "--landscape"]) == 0
    printed = capsys.readouterr().out
    n = int(re.search(r"\((\d+) หน้า", printed).group(1))
    assert n >= 3 and str(out) in printed
    box = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", box).groups())
    assert (round(w), round(h)) == (842, 595)   # landscape A4


def test_module_runs_as_a_script_without_the_gui(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("ทดสอบ\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ita_desktop", "typeset", str(src), "--out", str(tmp_path / "s.pdf")],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert "PySide6" not in proc.stderr


def test_a_range_of_numbers_is_not_broken_before_its_dash():
    for text, whole in (("ไตรมาสที่ ๑ - ๔ ของปี", "๑ - ๔"), ("ปีงบประมาณ ๒๕๖๗–๒๕๖๘ นี้", "๒๕๖๗–๒๕๖๘")):
        assert any(whole in piece for piece in BREAKER.segments(text)), BREAKER.segments(text)
    assert BREAKER.segments("E-Service ๑ -ข้อ")[-1] == "ข้อ"   # a dash item stays apart
