"""The Thai text layer: line breaks, shaping, extraction and page/row splits of real text.

Most tests build a real PDF and read it back the way a reader's tools do (poppler's
pdftotext/pdffonts and the shared checker ``shared/tools/thai_pdf_check.py``).
Texts come from the seed reports (``shared/seeds``), or from tests/data when the
seeds are not beside the repository.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import PageBreak, Spacer, Table

from ita_desktop.pdf import fonts, thaibreak, thaitext
from ita_desktop.pdf.thaishape import shape
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, escape, thai_digits

DATA = Path(__file__).parent / "data"
OFFICE_WORDS = ["ห้วยเตย", "กุดรัง", "มหาสารคาม", "ปากช่อง", "กุตุรงค์"]
TRICKY = "ปี่ ปู่ ฟ้า ญู ฐู ที่ น้ำ ชั่ว ฝั่ง ปิ่น"

needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                   reason="needs poppler-utils (pdftotext, pdffonts)")


def shared_dir() -> Path:
    """``shared/`` beside the repository clone, else $ITA_SHARED_DIR."""
    here = Path(__file__).resolve().parents[2] / "shared"
    if (here / "tools" / "thai_pdf_check.py").is_file():
        return here
    env = os.environ.get("ITA_SHARED_DIR")
    if env and (Path(env) / "tools" / "thai_pdf_check.py").is_file():
        return Path(env)
    pytest.skip("shared/ (checker and seeds) not found beside the repo; set ITA_SHARED_DIR")


def seed_lines(name: str = "002") -> list[str]:
    seeds = shared_dir() / "seeds"
    path = next(seeds.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")


def long_paragraph() -> str:
    """About 2,300 characters: the seed's prose paragraphs joined into one."""
    return " ".join(line.strip() for line in seed_lines("002") if "\t" not in line and len(line) > 300)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdftotext(pdf: Path, *args: str) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
                         capture_output=True, text=True, check=True)
    return out.stdout


# Module-wide objects: the breaker's dictionary takes ~0.5 s to build, once.
FAMILY = fonts.register_family()
BREAKER = ThaiBreaker(OFFICE_WORDS)


def body_style(**kw) -> ParagraphStyle:
    base = dict(fontName=FAMILY, fontSize=fonts.BODY_SIZE_PT, leading=fonts.BODY_LEADING_PT)
    base.update(kw)
    return ParagraphStyle("body", **base)


def build(path: Path, story, **kw) -> Path:
    kw.setdefault("pagesize", A4)
    doc = thaitext.doc_template(str(path), leftMargin=3 * cm, rightMargin=2 * cm,
                                topMargin=2 * cm, bottomMargin=2 * cm, **kw)
    doc.build(story)
    return path


# -- ThaiBreaker ------------------------------------------------------------------------

def test_office_names_are_never_split_when_given_as_extra_words():
    text = "องค์การบริหารส่วนตำบลห้วยเตยอำเภอกุดรังจังหวัดมหาสารคามและอำเภอปากช่อง"
    pieces = BREAKER.segments(text)
    assert "".join(pieces) == text
    for name in ["ห้วยเตย", "กุดรัง", "มหาสารคาม", "ปากช่อง"]:
        assert any(name in p for p in pieces), (name, pieces)
    # the extra words are what keeps them whole: the stock dictionary splits ห้วยเตย
    assert not any("ห้วยเตย" in p for p in ThaiBreaker().segments(text))


def test_thai_text_breaks_at_dictionary_words_and_spaces():
    assert BREAKER.segments("การประเมินคุณธรรมและความโปร่งใส ในการดำเนินงาน") == [
        "การประเมิน", "คุณธรรม", "และ", "ความ", "โปร่งใส", " ", "ใน", "การ", "ดำเนินงาน"]


@pytest.mark.parametrize("whole", [
    "https://www.huaitoei.go.th/view_all.php?id=831&page=2",
    "saraban.huaitoei@gmail.com",
    "ITA2568_report-v2.pdf",
    "O27",
])
def test_urls_emails_and_codes_are_one_piece_even_glued_to_thai(whole):
    pieces = BREAKER.segments(f"สามารถติดตามข้อมูลได้ที่{whole}ครับ")
    assert whole in pieces, pieces


@pytest.mark.parametrize("text, expect", [
    ("คือ “เปิดเผยข้อมูล” ของ", ["คือ", " ", "“เปิดเผย", "ข้อมูล”", " ", "ของ"]),
    ("ภาครัฐ (ITA) ประจำปี", ["ภาครัฐ", " ", "(ITA)", " ", "ประจำปี"]),
    ("พ.ศ.๒๕๖๘ ไม่ได้", ["พ.ศ.๒๕๖๘", " ", "ไม่", "ได้"]),
    ("มาตรการ/แนวทาง", ["มาตรการ/", "แนวทาง"]),
    ("เด็กๆ กรุงเทพฯ", ["เด็กๆ", " ", "กรุงเทพฯ"]),
])
def test_punctuation_stays_with_its_word(text, expect):
    assert BREAKER.segments(text) == expect


def _cluster_faults(pieces: list[str]) -> list[str]:
    """Boundaries that cut a cluster: a piece starting with a mark or following vowel,
    or a piece ending with a leading vowel (the checker's cluster-cut rules)."""
    bad = []
    for prev, nxt in zip(pieces, pieces[1:]):
        c = nxt[0]
        if unicodedata.category(c).startswith("M") or c in "ะาำๅๆฯ":
            bad.append(prev[-5:] + "|" + nxt[:5])
        if prev[-1] in "เแโใไ":
            bad.append(prev[-5:] + "|" + nxt[:5])
    return bad


def test_no_cluster_is_cut_anywhere_in_a_real_report():
    text = "\n".join(seed_lines("002"))
    pieces = BREAKER.segments(text)
    assert "".join(pieces) == text
    assert _cluster_faults(pieces) == []
    assert len(pieces) > 3000  # the report really was cut into words


TEXT_ALPHABET = st.one_of(
    st.sampled_from(list("กขคงจญฐณดตทนบปผฝพฟมยรลวสหอฮ" "ะัาำิีึืุูเแโใไ็่้๊๋์ๆฯ๐๑๒" "ํ")),
    st.sampled_from(list("abcXYZ019 .,:/?=&@-_()[]“”\"'\n\t\u00a0\u200b\u200d\u0301\u0E3A")),
    st.sampled_from(["\U0001F600", "\U0001F44D", "\U0001F3FD", "\U0001F1F9", "\U0001F1ED", "\ufe0f",
                     "\ud800"]),
    st.characters(),
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TEXT_ALPHABET, max_size=80))
def test_segments_preserve_any_text_and_never_cut_clusters(text):
    pieces = BREAKER.segments(text)
    assert "".join(pieces) == text
    assert all(pieces)
    assert _cluster_faults(pieces) == []


def test_grapheme_clusters_keep_marks_with_their_base():
    assert thaitext.grapheme_clusters("น้ำใจเที่ยว") == ["น้ำ", "ใจ", "เที่", "ย", "ว"]


# -- thai_digits, escape ---------------------------------------------------------------------

@pytest.mark.parametrize("src, want", [
    ("ร้อยละ 100 ของกลุ่มเป้าหมาย 24 คน", "ร้อยละ ๑๐๐ ของกลุ่มเป้าหมาย ๒๔ คน"),
    ("คะแนน 80.77 ปี 2568", "คะแนน ๘๐.๗๗ ปี ๒๕๖๘"),
    ("ข้อ O27 ข้อ e4 ข้อ i12", "ข้อ O27 ข้อ e4 ข้อ i12"),
    ("ดูที่ https://www.huaitoei.go.th/view_all.php?id=831 ได้", "ดูที่ https://www.huaitoei.go.th/view_all.php?id=831 ได้"),
    ("ได้ที่www.huaitoei.go.th/news/2568ครับ 3 เรื่อง", "ได้ที่www.huaitoei.go.th/news/2568ครับ ๓ เรื่อง"),
    ("อีเมล saraban2568@huaitoei.go.th", "อีเมล saraban2568@huaitoei.go.th"),
    ("แนบไฟล์ ita2568.pdf และ 2 ภาพ", "แนบไฟล์ ita2568.pdf และ ๒ ภาพ"),
    ("วันที่ 1/10/2567", "วันที่ ๑/๑๐/๒๕๖๗"),
])
def test_thai_digits_leave_links_codes_and_files_working(src, want):
    assert thai_digits(src) == want


def test_docstring_examples_hold():
    for module in (thaitext, thaibreak):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed


# -- fonts -------------------------------------------------------------------------------

def test_register_family_is_idempotent_and_refuses_another_file_under_the_name(tmp_path):
    assert fonts.register_family() == "Laksaman"
    assert fonts.register_family() == "Laksaman"
    assert fonts.bold_font_name("Laksaman") == "Laksaman-Bold"
    with pytest.raises(ValueError):
        fonts.register_family(regular=fonts.bundled_font_path("bold"), name="Laksaman")


def test_body_size_prints_like_th_sarabun_psk_16pt():
    """Laksaman at BODY_SIZE_PT takes the width TH Sarabun PSK takes at 16 pt."""
    psk = {}
    for line in (DATA / "th_sarabun_psk_widths.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, width = line.split()
            psk[chr(int(code, 16))] = int(width)
    text = "".join(c for c in "องค์การบริหารส่วนตำบลห้วยเตย ๒๕๖๘ ITA" if c in psk)
    psk_width = sum(psk[c] for c in text) * 16 / 1000
    ours = pdfmetrics.stringWidth(text, FAMILY, fonts.BODY_SIZE_PT)
    assert ours == pytest.approx(psk_width, rel=0.01)
    assert fonts.equivalent_size(16) == pytest.approx(fonts.BODY_SIZE_PT, rel=0.01)


# -- shaping ------------------------------------------------------------------------------

def test_shaping_places_marks_as_the_font_intends():
    font = pdfmetrics.getFont(FAMILY)
    glyph_of = font.face.charToGlyph
    # ญู: ญ loses its descender, so the glyph drawn is not the nominal ญ
    yo = shape(font, "ญู")
    assert glyph_of[ord(yo.codes[0])] != glyph_of[ord("ญ")]
    # ปู่: the tone mark is the lowered form (no upper vowel), shifted left off ป's stem
    pu = shape(font, "ปู่")
    assert glyph_of[ord(pu.codes[1])] != glyph_of[ord("่")]
    assert pu.pre[1] > 0  # negative x offset = moved left
    # ที่: the tone mark sits on top of sara ii: no left shift
    assert shape(font, "ที่").pre[2] <= 0
    # shaped widths are what layout measures: น้ำ is as wide as น + า
    assert shape(font, "น้ำ").advance == shape(font, "นา").advance


# -- ThaiParagraph layout ----------------------------------------------------------------

def test_lines_fit_the_width_and_split_is_line_exact():
    text = escape(long_paragraph())
    para = ThaiParagraph(text, body_style(alignment=TA_JUSTIFY, firstLineIndent=2.5 * cm), BREAKER)
    width = 15 * cm
    w, h = para.wrap(width, 10_000)
    lines = para._lines
    assert len(lines) > 10 and h == pytest.approx(len(lines) * fonts.BODY_LEADING_PT)
    assert all(line.width <= width + 1e-6 for line in lines)
    assert para.minWidth() < width
    first, rest = para.split(width, 5.5 * fonts.BODY_LEADING_PT)
    assert first.wrap(width, 10_000)[1] == pytest.approx(5 * fonts.BODY_LEADING_PT)
    assert rest.wrap(width, 10_000)[1] == pytest.approx((len(lines) - 5) * fonts.BODY_LEADING_PT)
    assert first.plain_text + rest.plain_text == para.plain_text
    assert para.split(width, fonts.BODY_LEADING_PT * 0.9) == []
    assert para.split(width, h + 1) == [para]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=TEXT_ALPHABET, max_size=120),
       width=st.floats(min_value=1, max_value=400),
       lines_first=st.integers(min_value=1, max_value=6))
def test_split_never_loses_or_repeats_text(text, width, lines_first):
    style = body_style()
    para = ThaiParagraph(escape(text), style, BREAKER)
    _, h = para.wrap(width, 10_000)
    parts = para.split(width, lines_first * style.leading)
    if h <= lines_first * style.leading:
        assert parts == [para] or (h == 0 and parts == [])
        return
    first, rest = parts
    # a tab is a space; \r\n and \r are forced line breaks like \n
    assert first.plain_text + rest.plain_text == text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    assert first.wrap(width, 10_000)[1] == pytest.approx(lines_first * style.leading)
    assert rest.wrap(width, 10_000)[1] == pytest.approx(h - lines_first * style.leading)


def test_a_word_wider_than_its_column_is_cut_between_the_words_of_the_compound():
    breaker = ThaiBreaker(["งานพัฒนาชุมชน"])
    style = body_style()
    font = pdfmetrics.getFont(FAMILY)

    def lines(text: str, head: str) -> list[str]:
        para = ThaiParagraph(text, style, breaker)
        para.wrap(shape(font, head).advance * style.fontSize / 1000 + 0.5, 1000)
        return para.line_texts()

    assert lines("(งานพัฒนาชุมชน)", "(งานพัฒนา") == ["(งานพัฒนา", "ชุมชน)"]
    assert lines("การบริหารงานบุคคล", "การบริหาร") == ["การบริหาร", "งานบุคคล"]
    url = "https://www.huaitoei.go.th/view_all.php?id=831"
    assert lines(url, "https://www.huaitoei.go.th/") == ["https://www.huaitoei.go.th/", "view_all.php?id=831"]
    # no dictionary word to cut at: between clusters, never inside one
    assert lines("คอมพิวเตอร์", "คอมพิว") == ["คอมพิว", "เตอร์"]


def test_style_font_must_be_truetype():
    with pytest.raises(ValueError):
        ThaiParagraph("ทดสอบ", ParagraphStyle("x", fontName="Helvetica"), BREAKER)


# -- PDFs read back -------------------------------------------------------------------------

def _cell_text(cell: str) -> str:
    """A seed table cell: <p> paragraphs become forced line breaks."""
    cell = re.sub(r"\s*</p>\s*<p>\s*", "\n", cell.strip())
    return re.sub(r"</?p>", "", cell).strip()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A multi-page report: long seed paragraphs, then a landscape table of
    ThaiParagraph cells (repeatRows=1, splitInRow=1) with a cell longer than a page."""
    lines = seed_lines("002")
    paragraphs = [line.strip() for line in lines if "\t" not in line and len(line) > 300]
    rows = [[_cell_text(c) for c in line.split("\t")] for line in lines[158:175] if line.count("\t") == 4]
    header, body = rows[0], rows[1:]
    # the results of every measure in one cell (the seed repeats its header row in the data)
    giant = "\n".join(r[1] for r in body if r[1] != header[1])
    body.append(["รวมผลการดำเนินการทุกมาตรการ", giant, "", "สำนักปลัด", "ตลอดปีงบประมาณ"])

    justified = body_style(alignment=TA_JUSTIFY, firstLineIndent=2.5 * cm)
    head = body_style(fontName=fonts.bold_font_name(FAMILY), alignment=TA_CENTER)
    cell = body_style()
    col_widths = [140, 215, 150, 80, 100]  # 685 pt: the frame of landscape A4 is 688 pt wide
    table = Table([[ThaiParagraph(escape(c), head, BREAKER) for c in header]]
                  + [[ThaiParagraph(escape(c), cell, BREAKER) for c in r] for r in body],
                  colWidths=col_widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(thaitext.table_style([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                         ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [ThaiParagraph(escape(p), justified, BREAKER) for p in paragraphs]
    story += [PageBreak(), table]
    out = tmp_path_factory.mktemp("report")
    pdf = build(out / "report.pdf", story, pagesize=landscape(A4))
    expect = out / "expect.txt"
    # table cells are checked column by column below: pdftotext interleaves the lines of
    # side-by-side cells, so only the one-line cells go into the checker's expect file
    expect.write_text("\n".join(paragraphs + [c for r in rows for c in r if len(c) < 12]) + "\n",
                      encoding="utf-8")
    words = out / "words.txt"
    words.write_text("\n".join(OFFICE_WORDS) + "\n", encoding="utf-8")
    return dict(pdf=pdf, expect=expect, words=words, paragraphs=paragraphs, header=header,
                body=body, giant=giant, col_widths=col_widths)


@needs_poppler
def test_report_passes_the_thai_pdf_checker(report):
    checker = shared_dir() / "tools" / "thai_pdf_check.py"
    proc = subprocess.run([sys.executable, str(checker), str(report["pdf"]), "--expect",
                           str(report["expect"]), "--words", str(report["words"])],
                          capture_output=True, text=True)
    last = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 mid-word" in last and "0 cluster cuts" in last, last
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(report["pdf"])], capture_output=True, text=True).stdout).group(1))
    assert pages >= 8


@needs_poppler
def test_report_embeds_only_its_own_fonts(report):
    rows = subprocess.run(["pdffonts", str(report["pdf"])], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    names = [r.split()[0] for r in rows if r.strip()]
    assert names and all("Laksaman" in n for n in names), names
    assert all(r.split()[-5] == "yes" for r in rows if r.strip())  # emb column
    assert not any("Helvetica" in r for r in rows)


@needs_poppler
def test_table_cells_read_column_by_column_have_every_line_once(report):
    """Each column of the table, read page by page, is exactly its cells in order: no
    line lost or repeated where a row (and the cell longer than a page) was split."""
    def squeeze(s: str) -> str:
        # poppler joins a line ending in "-" to the next and drops the hyphen ("E-" / "Service")
        return flat(s).replace("-", "")

    x = 3 * cm + 6  # left margin + frame padding: the table is left-aligned
    for k, width in enumerate(report["col_widths"]):
        # the table starts on page 2; each drawn line is one ActualText span, so a crop
        # that touched a page-wide paragraph line would take all of it
        column = pdftotext(report["pdf"], "-f", "2", "-x", str(int(x + 3)), "-y", "0",
                           "-W", str(int(width - 6)), "-H", "600")
        x += width
        head = squeeze(report["header"][k])  # repeated on every page (and once in the data)
        pages = [squeeze(p).replace(head, "") for p in column.split("\f")]
        cells = [squeeze(r[k]) for r in report["body"] if squeeze(r[k]) != head]
        assert "".join(pages) == "".join(cells), k
        if k == 1:  # the last cell, longer than a page, runs over at least three pages
            start = len("".join(pages)) - len(squeeze(report["giant"]))
            ends = [len("".join(pages[:i + 1])) for i in range(len(pages))]
            assert sum(1 for i, e in enumerate(ends) if e > start and pages[i]) >= 3


@needs_poppler
def test_paragraph_split_across_pages_extracts_exactly_once(tmp_path):
    text = long_paragraph()
    style = body_style(alignment=TA_JUSTIFY, firstLineIndent=2.5 * cm)
    pdf = build(tmp_path / "split.pdf", [Spacer(1, 20 * cm), ThaiParagraph(escape(text), style, BREAKER)])
    page1, page2 = pdftotext(pdf, "-f", "1", "-l", "1"), pdftotext(pdf, "-f", "2", "-l", "2")
    assert flat(page1) and flat(page2)  # really split over two pages
    assert flat(page1 + page2) == flat(text)


@needs_poppler
def test_tricky_words_bold_inside_words_and_missing_glyphs_extract_as_written(tmp_path):
    texts = [TRICKY, "ตามที่<b>สำนัก</b>งานได้ส่ง R&amp;D &lt;ไฟล์&gt;",
             "ยิ้ม \U0001F600 ได้\n<b>บรรทัดใหม่</b>"]
    pdf = build(tmp_path / "t.pdf", [ThaiParagraph(t, body_style(fontSize=20, leading=34), BREAKER)
                                     for t in texts])
    got = pdftotext(pdf)
    assert TRICKY in got
    assert "ตามที่สำนักงานได้ส่ง R&D <ไฟล์>" in got
    assert "ยิ้ม \U0001F600 ได้\nบรรทัดใหม่" in got
    assert not re.search("[\ue000-\uf8ff\ufffd]|\u0e4d\u0e32", got)
    fonts_used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Laksaman-Bold" in fonts_used


def _line_boxes(pdf: Path) -> list[tuple[float, float, str]]:
    html = pdftotext(pdf, "-bbox-layout")
    return [(float(a), float(b), re.sub("<[^>]+>", "", t))
            for a, b, t in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                                      html, re.S)]


@needs_poppler
@pytest.mark.parametrize("alignment", [TA_JUSTIFY, TA_RIGHT, TA_CENTER])
def test_alignment_as_a_reader_sees_it(tmp_path, alignment):
    text = escape(long_paragraph())
    pdf = build(tmp_path / "a.pdf", [ThaiParagraph(text, body_style(alignment=alignment), BREAKER)])
    left, right = 3 * cm + 6, A4[0] - 2 * cm - 6
    boxes = _line_boxes(pdf)
    assert len(boxes) > 10
    body = boxes[:-1]  # the last line of a justified paragraph is left-aligned
    if alignment == TA_JUSTIFY:
        assert all(abs(x0 - left) < 1.5 and abs(x1 - right) < 1.5 for x0, x1, _ in body)
        assert abs(boxes[-1][0] - left) < 1.5 and boxes[-1][1] < right - 5
    elif alignment == TA_RIGHT:
        assert all(abs(x1 - right) < 1.5 for _, x1, _ in boxes)
    else:
        assert all(abs((x0 + x1) / 2 - (left + right) / 2) < 1.5 for x0, x1, _ in boxes)
