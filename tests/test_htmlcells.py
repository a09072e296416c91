"""Table cells in HTML → paragraph blocks (``ita_desktop.pdf.htmlcells``), seed tables.

The literal cells below are copied from the seed reports (``shared/seeds``), so these
tests run without the seeds; the tests that read the seed files skip when the seeds
are not beside the repository.  The rules being tested are in the module doc of
:mod:`ita_desktop.pdf.htmlcells`; the table counts were made by hand from the files.

"Text preserved" means, throughout: the characters that are not white space
(``str.isspace``) of the cell's visible text — the HTML with its tags removed and its
character references decoded — are exactly, and in the same order, those of the
blocks' text: each block's markup with its tags removed and ``&amp; &lt; &gt; &quot;``
decoded, preceded by its label when the label is the hyphen taken from the text
(``"-"``; bullets "•" and ol numbers are made up, not taken from the text).
"""

from __future__ import annotations

import doctest
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, shared_dir
from ita_desktop.pdf import htmlcells
from ita_desktop.pdf.htmlcells import (Block, cell_blocks, escape, markdown_table_rows,
                                       markup_text, read_table)
from seedtables import Table, seed_blocks, seed_tables, write_tsv

SEEDS = shared_dir() / "seeds"
SEED_001 = SEEDS / "001_e8db5c7326f9b4e1.txt"
SEED_002 = SEEDS / "002_921c192dd368b2af.txt"
SEED_003 = SEEDS / "003_2738bfa538583ea0.txt"
needs_seeds = pytest.mark.skipif(not SEED_001.exists(), reason="shared/seeds not beside the repo")

THAI_NUMBERS = ["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘"]


# -- helpers ------------------------------------------------------------------------------

def visible(cell: str) -> str:
    """A cell's visible text, the simple way: tags out, character references decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", cell))


def nonspace(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


def blocks_text(blocks: list[Block]) -> str:
    return "".join((b.label if b.label == "-" else "") + markup_text(b.markup) for b in blocks)


def assert_text_preserved(cell: str, blocks: list[Block], expected: str | None = None) -> None:
    want = nonspace(visible(cell) if expected is None else expected)
    assert nonspace(blocks_text(blocks)) == want


_TOKEN = re.compile(r'<b>|</b>|<i>|</i>|<a href="[^"<>]*">|</a>|&(?:amp|lt|gt|quot);|\n'
                    r'|[^<>&\n]+')
_RANK = {"a": 0, "b": 1, "i": 2}


def assert_wellformed(block: Block) -> None:
    """The markup is what ThaiParagraph accepts, tidy, and the block fields are sane."""
    m = block.markup
    pos, stack = 0, []
    for tok in _TOKEN.finditer(m):
        assert tok.start() == pos, f"stray markup at {pos} in {m!r}"
        pos = tok.end()
        t = tok.group()
        if t in ("<b>", "<i>") or t.startswith("<a "):
            name = t[1]
            assert all(_RANK[name] > _RANK[s] for s in stack), f"bad nesting in {m!r}"
            stack.append(name)
        elif t in ("</b>", "</i>", "</a>"):
            assert stack and stack.pop() == t[2], f"unbalanced {t} in {m!r}"
    assert pos == len(m) and not stack, m
    text = markup_text(m)
    assert text.strip(" \n") == text and text, f"empty or untrimmed block {m!r}"
    assert "  " not in text and " \n" not in text and "\n " not in text, m
    assert not re.search(r"[\t\r\f\v\xa0]", text), m
    assert block.kind in ("para", "item")
    if block.kind == "para":
        assert block.label is None and block.level >= 0
    else:
        assert block.level >= 1
        assert block.label in (None, "•", "-") or int(block.label) is not None


def check(cell: str) -> list[Block]:
    blocks = cell_blocks(cell)
    for b in blocks:
        assert_wellformed(b)
    return blocks


def shape(blocks: list[Block]) -> list[tuple[str, str | None, int]]:
    return [(b.kind, b.label, b.level) for b in blocks]


# -- the module's own promises ------------------------------------------------------------

def test_doctests():
    assert doctest.testmod(htmlcells).failed == 0


def test_pure_python_no_reportlab_no_qt():
    code = ("import sys, ita_desktop.pdf.htmlcells; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PySide6')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escape_is_thaitext_escape(s):
    from ita_desktop.pdf import thaitext
    assert escape(s) == thaitext.escape(s)


# -- cells from the seeds -------------------------------------------------------------------

def test_empty_and_blank_cells_give_nothing():
    assert cell_blocks("") == []
    assert cell_blocks(" \n\t\xa0") == []
    assert cell_blocks("<p> </p> <p><br></p> &nbsp;") == []


def test_plain_text_is_one_paragraph_escaped():
    assert cell_blocks("สำนักปลัด") == [Block("para", "สำนักปลัด", None, 0)]
    assert cell_blocks(" R&D  x < y > z\n") == [Block("para", "R&amp;D x &lt; y &gt; z", None, 0)]
    # seed 002 (ตารางที่ ๔): a bare & that is no character reference stays
    cell = "จริยธรรมและ Dos&Don'ts เพื่อ เผยแพร่"
    assert cell_blocks(cell) == [Block("para", "จริยธรรมและ Dos&amp;Don'ts เพื่อ เผยแพร่", None, 0)]


# seed 001, row ๑, column "ขั้นตอน/วิธีปฏิบัติ": three <p>
SEED001_STEPS = ("<p>๑. จัดทำคู่มือหรือมาตรฐานการปฏิบัติงาน โดยระบุขั้นตอนและระยะเวลาที่ใช้ในการปฏิบัติงาน"
                 "หรือให้บริการ</p> <p>๒. กำชับให้เจ้าหน้าที่ผู้ปฏิบัติหรือให้บริการประชาชน ถือปฏิบัติตาม"
                 "คู่มือดังกล่าวโดยเคร่งครัด</p> <p>๓. ประชาสัมพันธ์หรือเผยแพร่คู่มือหรือมาตรฐานการปฏิบัติงาน "
                 "ในช่องทางที่หลากหลาย เช่น ที่ตั้งของหน่วยงาน ผ่านสื่อออนไลน์ของหน่วยงาน</p>")
# seed 001, row ๖, first column: a measure and its three channels, four <p>
SEED001_CHANNELS = ("<p>๖.ช่องทางการติดต่อสื่อสาร</p> <p>๑.ช่องทางการร้องเรียนร้องทุกข์</p> "
                    "<p>๒.ช่องทางการร้องเรียนการทุจริตของเจ้าหน้าที่</p> "
                    "<p>๓.ช่องทางการบริการประชาชน (E-Service)</p>")


def test_seed001_paragraphs():
    blocks = check(SEED001_STEPS)
    assert shape(blocks) == [("para", None, 0)] * 3
    assert [b.markup[:2] for b in blocks] == ["๑.", "๒.", "๓."]
    assert blocks[2].markup.endswith("ผ่านสื่อออนไลน์ของหน่วยงาน")
    assert_text_preserved(SEED001_STEPS, blocks)

    blocks = check(SEED001_CHANNELS)
    assert shape(blocks) == [("para", None, 0)] * 4
    assert blocks[3].markup == "๓.ช่องทางการบริการประชาชน (E-Service)"
    assert_text_preserved(SEED001_CHANNELS, blocks)


def test_seed001_date_range_stays_whole():
    assert cell_blocks("<p>ตุลาคม ๒๕๖๕ - เมษายน ๒๕๖๖</p>") == [
        Block("para", "ตุลาคม ๒๕๖๕ - เมษายน ๒๕๖๖", None, 0)]


# seed 002, table "ประเด็น…", row ๑, column 2: two measures in one cell, the first cut
# by the page into two <p>
SEED002_TWO_MEASURES = (
    "<p>- จัดทำคู่มือ/แนวทางการ ปฏิบัติงานหรือการให้บริการที่ กำหนดผู้รับผิดชอบขั้นตอนและ "
    "ระยะเวลาให้ชัดเจนและ เผยแพร่ คู่มือ/แนวทางดังกล่าว ให้ ข้าราชการและเจ้าหน้าที่ ทราบ "
    "และยึดถือปฏิบัติสร้าง ระบบการ ประเมินประสิทธิภาพ การ ให้บริการของผู้มา ติดต่อ รับ บริการ</p> "
    "<p>ณ จุดให้บริการได้ โดยง่าย รวมทั้งกำหนด มาตรการ บริหารงานบุคคลและ การ พิจารณาให้คุณ "
    "ให้โทษตาม หลัก คุณธรรมและความสามารถ</p> <p>- ส่งเสริมให้ผู้รับบริการและ ประชาชนทั่วไป "
    "มีส่วนร่วมใน การแสดงความคิดเห็นหรือให้ คำแนะนำในการพัฒนาและ ปรับปรุงคุณภาพและมาตรฐาน "
    "การให้บริการ</p>")
# seed 002, same table, row ๕ and row ๗, column 2: dash items without any tag
SEED002_TWO_DASHES = (
    "-ประชาสัมพันธ์สร้างความรู้ ความเข้าใจให้บุคลากรภายใน หน่วยงานทราบโดยทั่วกัน และ "
    "โปรดยกโอกาสให้บุคลากรเข้าไป มีส่วนร่วมในกระบวนการจัดทำ งบประมาณ -จัดทำรายงานผลการจัดซื้อจัด "
    "จ้างให้เป็นปัจจุบัน")
SEED002_THREE_DASHES = (
    "- จัดทำมาตรการป้องกัน และมี ระบบการติดตาม ตรวจสอบ พฤติกรรมกร ทุจริตอย่างชัดเจน และ "
    "เปิดเผย รวมทั้งนำผลการ ประเมิน ITA ไปปรับปรุง การ ทำงาน -จัดทำข้อมูล กิจกรรม/ โครงการ "
    "ให้ครบถ้วน และ สอดคล้องตาม มาตรการ -จัดทำมาตรการดำเนินการ จัดการ ความเสี่ยง การทุจริต")
# seed 002, same table, the row that carries row ๗ over the page (first cell empty)
SEED002_CARRIED = "ประจำปี -จัดให้มีการแต่งตั้ง คณะกรรมการขับเคลื่อน เรื่อง จริยธรรม"


def test_seed002_dash_paragraphs_become_dash_items():
    blocks = check(SEED002_TWO_MEASURES)
    assert shape(blocks) == [("item", "-", 1), ("para", None, 0), ("item", "-", 1)]
    assert blocks[0].markup.startswith("จัดทำคู่มือ/แนวทางการ")
    assert blocks[1].markup.startswith("ณ จุดให้บริการได้")
    assert blocks[2].markup.startswith("ส่งเสริมให้ผู้รับบริการ")
    assert_text_preserved(SEED002_TWO_MEASURES, blocks)

    blocks = check(SEED002_TWO_DASHES)
    assert shape(blocks) == [("item", "-", 1)] * 2
    assert blocks[0].markup.endswith("งบประมาณ")
    assert blocks[1].markup == "จัดทำรายงานผลการจัดซื้อจัด จ้างให้เป็นปัจจุบัน"
    assert_text_preserved(SEED002_TWO_DASHES, blocks)

    blocks = check(SEED002_THREE_DASHES)
    assert shape(blocks) == [("item", "-", 1)] * 3
    assert [b.markup.split()[0] for b in blocks] == ["จัดทำมาตรการป้องกัน", "จัดทำข้อมูล",
                                                     "จัดทำมาตรการดำเนินการ"]
    assert_text_preserved(SEED002_THREE_DASHES, blocks)


def test_seed002_hyphens_that_are_not_items():
    # not at the start of the paragraph: the carried-over half row stays one paragraph
    assert cell_blocks(SEED002_CARRIED) == [Block("para", SEED002_CARRIED, None, 0)]
    for cell in ("๑ มกราคม ๒๕๖๘- ๑ กรกฎาคม ๒๕๖๘",
                 "๒. มาตรการปรับปรุงการ ให้บริการและระบบ E- Service",
                 "(เผยแพร่ข้อมูลสู่สาธารณะบนเว็บไซต์หลักของ หน่วยงาน-เผยแพร่ข้อมูลที่ถูกต้อง",
                 "<p>๑ ตุลาคม ๒๕๖๗ - ๓๐ กันยายน ๒๕๖๘</p> <p>๑ ตุลาคม ๒๕๖๗ - ๓๐ กันยายน ๒๕๖๘</p>"):
        blocks = check(cell)
        assert {b.kind for b in blocks} == {"para"}, cell
        assert_text_preserved(cell, blocks)


# seed 003: unclosed <ul style="list-style-type: none"> whose items are " - " runs
SEED003_UL3 = (
    '<ul style="list-style-type: none"> - ผู้ที่มีคำถามหรือข้อสงสัยสามารถที่จะนำประเด็นปัญหาดังกล่าว'
    "เข้ามาสอบถามเจ้าหน้าที่ที่เกี่ยวข้องเพื่อรับฟังคำชี้แจงตามปัญหาข้อสงสัย - สามารถส่งคำถามได้ผ่านทางเว็บ"
    "ขององค์การบริหารส่วนตำบลปากช่อง โดยจะมี Admin จะประสานกับส่วนงานที่เกี่ยวข้องและจะนำความมาแจ้ง"
    "ให้ทราบทางเว็บไซต์ -ช่องทางกล่องข้อความ ทาง Facebook อบต. ปากช่อง")
SEED003_UL5 = (
    '<ul style="list-style-type: none"> - จัดประชุมเตรียมความพร้อมก่อนเข้ารับการประเมินระบบ ITA '
    "- นำผลการประเมินปีที่แล้ว มา วิเคราะห์เพื่อกำหนดแนวทางการปรับปรุงและพัฒนา - แต่งตั้งผู้รับผิดชอบ"
    "ในการกำกับติดตามการปฏิบัติงานตามแนวทางการปรับปรุงที่ได้ประชุมกัน - ส่ง ผู้ดูแลเว็บไซต์ของ "
    "หน่วยงานไปฝึกอบรมเกี่ยวกับการพัฒนาเว็บไซต์ - เพิ่มช่องทางการแลกเปลี่ยน ข้อมูลจากผู้มีส่วนได้เสีย "
    "ภายนอกแบบ Real Time เช่น Live Chat")
SEED003_UL_NUMBERED = ('<ul style="list-style-type: none"> ๑.สำนักปลัด ๒.กองคลัง ๓.กองช่าง '
                       "๔.กองการศึกษา ๕.งานพัฒนาชุมชน ๖.งานป้องกันและบรรเทาสาธารณภัย")
# seed 003, row ๑, column 2: the same kind of list with no <ul> at all
SEED003_PLAIN3 = (
    "- มีโต๊ะประชาสัมพันธ์และมี เจ้าหน้าที่คอยแนะนำประชาชน ที่มาติดต่อราชการ - จัดทำป้ายลำดับขั้นตอนการ "
    "ให้บริการงานต่างๆ โดยจะบอกอย่างชัดเจนใน ขั้นตอนการปฏิบัติโดยจะระบุ ค่าใช้จ่ายอย่างชัดเจน - "
    "ส่งบุคลากรเข้าอบรมในเนื้อหา ที่เกี่ยวข้องกับเนื้องาน")
SEED003_PHONE = ("ได้ดำเนินการตอบ คำถามและข้อสงสัย ได้แล้วผ่านระบบ ออนไลน์ของเว็บไซต์ องค์การบริหารส่วน "
                 "ตำบลปากช่อง หรือ facebook : อบต.ปากช่อง หรือ โทรติดต่อได้ที่เบอร์ ๐๓๒- ๗๔๐๒๙๑ "
                 "พร้อมที่จะตอบทุกข้อ สงสัย")


def test_seed003_unclosed_unlabelled_list_splits_on_dashes():
    blocks = check(SEED003_UL3)
    assert shape(blocks) == [("item", "-", 1)] * 3
    assert blocks[0].markup.startswith("ผู้ที่มีคำถาม")
    assert blocks[1].markup.endswith("ให้ทราบทางเว็บไซต์")
    assert blocks[2].markup == "ช่องทางกล่องข้อความ ทาง Facebook อบต. ปากช่อง"  # "-ช่อง": no space
    assert_text_preserved(SEED003_UL3, blocks)

    blocks = check(SEED003_UL5)
    assert shape(blocks) == [("item", "-", 1)] * 5
    assert blocks[0].markup == "จัดประชุมเตรียมความพร้อมก่อนเข้ารับการประเมินระบบ ITA"
    assert blocks[4].markup.endswith("Real Time เช่น Live Chat")
    assert_text_preserved(SEED003_UL5, blocks)


def test_seed003_unlabelled_list_without_dashes_is_one_paragraph_of_the_list():
    blocks = check(SEED003_UL_NUMBERED)
    assert shape(blocks) == [("para", None, 1)]
    assert blocks[0].markup.startswith("๑.สำนักปลัด ๒.กองคลัง")
    assert_text_preserved(SEED003_UL_NUMBERED, blocks)


def test_seed003_dash_list_without_tags():
    blocks = check(SEED003_PLAIN3)
    assert shape(blocks) == [("item", "-", 1)] * 3
    assert blocks[1].markup.endswith("ค่าใช้จ่ายอย่างชัดเจน")  # "ชัดเจน - ส่ง…" across a line
    assert_text_preserved(SEED003_PLAIN3, blocks)


def test_seed003_ranges_and_phone_numbers_stay_whole():
    for cell in ("ไตรมาสที่ ๑ - ๔", SEED003_PHONE, "-ได้ทำการจัดทำกร สื่อสารเป็นรูปแบบ ของเว็บไซต์"):
        blocks = check(cell)
        assert len(blocks) == 1, cell
        assert_text_preserved(cell, blocks)
    assert cell_blocks("-ได้ทำการจัดทำกร สื่อสาร") == [Block("item", "ได้ทำการจัดทำกร สื่อสาร", "-", 1)]


def test_dash_rules_inside_a_dash_list():
    cell = ("- จัดประชุม ต.ค. 66 - ก.ย. 67 ไตรมาสที่ ๑ - ๔ ทุกไตรมาส - รายงานผล ตุลาคม - ธันวาคม "
            "และ ม.ค. - มี.ค. ระบบ E-Service -5 คน - - ตอบ ITA<br>- ทบทวน")
    blocks = check(cell)
    assert [b.markup for b in blocks] == [
        "จัดประชุม ต.ค. 66 - ก.ย. 67 ไตรมาสที่ ๑ - ๔ ทุกไตรมาส",
        "รายงานผล ตุลาคม - ธันวาคม และ ม.ค. - มี.ค. ระบบ E-Service -5 คน -",
        "ตอบ ITA",
        "ทบทวน"]
    assert_text_preserved(cell, blocks)
    # the price of rule 2: an item that ends with a number swallows the next one
    assert [b.markup for b in cell_blocks("- ประชุม ๒ ครั้ง - รายงาน ๔ - ทบทวน")] == [
        "ประชุม ๒ ครั้ง", "รายงาน ๔ - ทบทวน"]
    # a lone dash or a dash before a number is no item
    assert shape(cell_blocks("-")) == [("para", None, 0)]
    assert shape(cell_blocks("-5 คน")) == [("para", None, 0)]
    assert shape(cell_blocks("<p>-</p><p>- ก</p><p>ข</p>")) == [
        ("para", None, 0), ("item", "-", 1), ("para", None, 0)]


# -- HTML features --------------------------------------------------------------------------

def test_bold_italic_nest_and_sit_inside_words():
    assert cell_blocks("<p>ก<b>ข<i>ค</i></b>ง</p>")[0].markup == "ก<b>ข<i>ค</i></b>ง"
    assert cell_blocks("<strong>ตัว</strong>หนา <em>เอียง</em>")[0].markup == "<b>ตัว</b>หนา <i>เอียง</i>"
    assert cell_blocks("<b>a<i>b</b>c</i>d")[0].markup == "<b>a<i>b</i></b><i>c</i>d"
    assert cell_blocks("<b><b>a</b>b</b>c")[0].markup == "<b>ab</b>c"
    assert cell_blocks('<span style="font-weight: bold">a</span><font style="font-style:italic">b'
                       "</font>")[0].markup == "<b>a</b><i>b</i>"
    assert cell_blocks("</b>a</i>")[0].markup == "a"


def test_unclosed_bold_lasts_across_paragraphs():
    assert [b.markup for b in check("<p><b>ก</p><p>ข</p>")] == ["<b>ก</b>", "<b>ข</b>"]


def test_links():
    blocks = check('ดู <a href=" https://itas.nacc.go.th/go/?a=1&amp;b=2 ">ITAS</a> ครับ')
    assert blocks[0].markup == 'ดู <a href="https://itas.nacc.go.th/go/?a=1&amp;b=2">ITAS</a> ครับ'
    blocks = check("<a href='https://x.th/\"q\"<'><b>ลิงก์</b> ตัวหนา</a>")
    assert blocks[0].markup == '<a href="https://x.th/&quot;q&quot;&lt;"><b>ลิงก์</b> ตัวหนา</a>'
    assert check('<b>ก<a href="mailto:saraban@x.go.th">ข</a></b>')[0].markup == (
        '<b>ก</b><a href="mailto:saraban@x.go.th"><b>ข</b></a>')
    for cell in ('<a href="javascript:alert(1)">ข้อความ</a>', '<a href="/rel/page">ข้อความ</a>',
                 "<a>ข้อความ</a>", '<a name="x">ข้อความ'):
        assert cell_blocks(cell) == [Block("para", "ข้อความ", None, 0)], cell
    assert cell_blocks('ก<a href="https://x.th"></a>ข') == [Block("para", "กข", None, 0)]


def test_line_breaks():
    assert cell_blocks("<p>ก<br>ข <br/> <br />ค</p>")[0].markup == "ก\nข\n\nค"
    assert cell_blocks("<br>ก<br></br>") == [Block("para", "ก", None, 0)]
    assert cell_blocks("ก\nข\r\n\tค") == [Block("para", "ก ข ค", None, 0)]


def test_lists_bullets_numbers_levels():
    blocks = check("<ul><li>ก</li><li>ข<ul><li>ค</li><li>ง</li></ul>ต่อ</li></ul>หลัง")
    assert [(b.kind, b.label, b.level, b.markup) for b in blocks] == [
        ("item", "•", 1, "ก"), ("item", "•", 1, "ข"), ("item", "•", 2, "ค"),
        ("item", "•", 2, "ง"), ("para", None, 1, "ต่อ"), ("para", None, 0, "หลัง")]
    blocks = check('<ol start="3"><li>ก<li value="7">ข<li>ค<li></li><li>จ</ol>')
    assert [(b.label, b.markup) for b in blocks] == [("3", "ก"), ("7", "ข"), ("8", "ค"), ("10", "จ")]
    blocks = check("<ol><li><p>ก</p><p>ข</p></li></ol>")
    assert shape(blocks) == [("item", "1", 1), ("para", None, 1)]
    blocks = check('<ul style="list-style-type:none"><li>ก</li><li>- ข - ค</li></ul>'
                   '<ol><li style="list-style: none">ง</li><li>- จ - ฉ</li></ol>')
    assert [(b.label, b.markup) for b in blocks] == [
        (None, "ก"), ("-", "ข"), ("-", "ค"), (None, "ง"), ("2", "- จ - ฉ")]
    assert shape(check("<li>ลอย</li>")) == [("item", "•", 1)]


def test_entities_and_white_space():
    blocks = check("<p>&nbsp;ก&nbsp;&nbsp;ข &amp; &lt;b&gt; &#3588; &#x0E07; &quot;จ&quot;</p>")
    assert blocks == [Block("para", 'ก ข &amp; &lt;b&gt; ค ง "จ"', None, 0)]
    assert markup_text(blocks[0].markup) == 'ก ข & <b> ค ง "จ"'
    assert cell_blocks("ก\u200bข")[0].markup == "ก\u200bข"  # a word-break hint stays


def test_unknown_tags_comments_scripts():
    blocks = check('<span style="color:red">ก</span><u>ข</u><o:p></o:p><sup>2</sup>'
                   "<!-- ความเห็น --><style>p {color: red}</style><script>x()</script><!DOCTYPE html>ค")
    assert blocks == [Block("para", "กข2ค", None, 0)]
    assert cell_blocks("<table><tr><td>ก</td><td>ข</td></tr><tr><td>ค</td></tr></table>") == [
        Block("para", "ก ข", None, 0), Block("para", "ค", None, 0)]


@pytest.mark.parametrize("cell", [
    "<p", "<ul", "</li></ul></ol></p>", "<a href=", '<a href="https://x', "<<<>>>", "&#99999999;",
    "<b><b><b>", "</b>x", "<ul><ul><ul><li>", "<ol start=x><li value=-1>a", "<p>a</p", "a<",
    "<!--", "<![CDATA[x]]>y", "<?xml x?>z", "<style>", "<li><ul><li>x</li></ul></li>",
    "<b/>x<br/>", "<p/>y", "<ul/>z", "<a href='http://x'/>w", "&", "&amp", "-", " - ", "--", "- -",
])
def test_malformed_html_never_raises(cell):
    check(cell)


# -- properties -----------------------------------------------------------------------------

FRAGMENTS = ["&amp;", "&nbsp;", "&lt;", "&gt;", "&quot;", "&#3585;", "&#x0E01;", "&", "&amp",
             "-", " - ", "- ", " -", "\n", "  ", "\t", "\xa0", "๑ - ๔", "E-Service", "ต.ค. - ธ.ค.",
             "ก", "ข้อ", "ITA", "๒๕๖๘", "\u200b", ">"]
TEXT = st.lists(st.one_of(st.text(alphabet=st.characters(exclude_characters="<"), max_size=8),
                          st.sampled_from(FRAGMENTS)), max_size=4).map("".join)
NAMES = ["p", "div", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "span", "font", "u",
         "sup", "td", "th", "tr", "table", "h2", "o:p", "foo", "blockquote", "hr", "center"]
ATTRS = ["", ' href="https://x.go.th/a?b=1&amp;c=2"', ' href="javascript:x"', " href='mailto:a@b.th'",
         ' style="list-style-type: none"', ' style="font-weight:bold; font-style: italic"',
         ' start="3"', " value=x", ' title="ก ข - ค"', " class=x"]
TAG = st.one_of(
    st.builds(lambda n, a, close: f"<{n}{a}{' /' if close else ''}>",
              st.sampled_from(NAMES), st.sampled_from(ATTRS), st.booleans()),
    st.sampled_from(NAMES).map(lambda n: f"</{n}>"),
    st.text(alphabet="abc กข", max_size=5).map(lambda s: f"<!--{s}-->"),
)
PIECES = st.lists(st.one_of(TEXT.map(lambda s: ("text", s)), TAG.map(lambda s: ("tag", s))),
                  max_size=12)


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_property_keeps_every_visible_character_in_order(pieces):
    """Arbitrary text (no "<") between tags of every kind, well or badly nested.

    The visible text is each maximal run of text pieces with its character references
    decoded (html.unescape); its non-white-space characters must be the blocks' text's.
    """
    cell = "".join(s for _, s in pieces)
    expected, run = [], []
    for kind, s in pieces + [("tag", "")]:
        if kind == "text":
            run.append(s)
        else:
            expected.append(html.unescape("".join(run)))
            run = []
    blocks = check(cell)
    assert_text_preserved(cell, blocks, expected="".join(expected))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="<")))
def test_property_plain_text_keeps_every_character(text):
    blocks = check(text)
    assert_text_preserved(text, blocks, expected=html.unescape(text))
    assert {b.kind for b in blocks} <= {"para", "item"} and len({b.level for b in blocks}) <= 1


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(
    ["<p", "<a href=", "<!--", "</", "<ul", "&#", "&#x", "<![CDATA[", "<?xml", "<li>", "</li>", "<br",
     '"', "'", "=", ">", "<ul style=\"list-style-type: none\">", " - ", "<b>", "</i>", "<script>"])),
    max_size=10).map("".join))
def test_property_arbitrary_input_never_raises_and_markup_is_wellformed(text):
    check(text)


# -- tables ---------------------------------------------------------------------------------

def test_read_table():
    text = "ก\tข\tค\r\n<p>1</p>\t \t\n \n\t\t\n\"q\"\tx"
    assert read_table(text) == [["ก", "ข", "ค"], ["<p>1</p>", "", ""], ["", "", ""],
                                ['"q"', "x", ""]]
    assert read_table("") == []


def test_markdown_table_rows():
    lines = ["| มาตรการ/ แนวทาง | วิธี \\| ดำเนินการ |", "|---|:--:|", "",
             "| ๑.การขอรับ | <ul style=\"list-style-type: none\"> - ก - ข |", "|-|-|",
             "ไม่มีท่อนอก | ท้าย"]
    assert markdown_table_rows(lines) == [
        ["มาตรการ/ แนวทาง", "วิธี | ดำเนินการ"],
        ["๑.การขอรับ", '<ul style="list-style-type: none"> - ก - ข'],
        ["-", "-"],
        ["ไม่มีท่อนอก", "ท้าย"]]
    assert markdown_table_rows("| a | b | c |\n|--|--|--|\n| 1 |") == [["a", "b", "c"], ["1", "", ""]]


def test_seed_blocks_from_text_and_write_tsv(tmp_path):
    text = ("หัวเรื่อง\nก\tข\n<p>1</p>\t<p>2</p>\n\nก\tข\n3\t4\n\n| x | y |\n|--|--|\n| 5 | 6 |\n"
            "\n| x | y |\n")  # the last line is no table: a header with no delimiter row
    blocks = seed_blocks(text)
    assert [(t.kind, t.line, len(t)) for t in blocks] == [("tsv", 2, 2), ("tsv", 5, 2), ("md", 8, 2)]
    table = Table([["ก\tข", "ค\nง\u2028จ"], ["1", ""]], "tsv", 1)
    path = write_tsv(table, tmp_path / "t.tsv")
    assert read_table(path.read_text(encoding="utf-8")) == [["ก ข", "ค ง จ"], ["1", ""]]
    path = write_tsv(table, tmp_path / "t.tsv", newline="<br>")
    assert read_table(path.read_text(encoding="utf-8"))[0] == ["ก ข", "ค<br>ง<br>จ"]


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(st.text(max_size=6), min_size=2, max_size=4), min_size=1, max_size=4))
def test_property_write_tsv_read_table_round_trip(rows, tmp_path_factory):
    path = write_tsv(rows, tmp_path_factory.mktemp("tsv") / "t.tsv")
    width = max(len(r) for r in rows)
    clean = [[re.sub(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]", " ", c).replace("\t", " ").strip()
              for c in r] + [""] * (width - len(r)) for r in rows]
    assert read_table(path.read_text(encoding="utf-8")) == clean


# -- every table of the seeds ---------------------------------------------------------------

# Counted by hand in the files: (columns, header rows, body rows, page blocks joined).
# 001: six blocks of header + one row (one measure a page; the fifth header has extra
#      spaces: "มาตรการ/ แนวทาง"), one table of six measures ๑–๖.
# 002: lines 78 (3 columns, 10 indicator rows), 104 (5 columns, 10 rows), 118 (2
#      columns: an EIT section row and indicator ๗), 125/128/132/136/140 (issues ๑–๗ and
#      a carried-over half of ๗: 1+2+2+2+1), 159/163/168/172 (measures ๑–๗ and a
#      carried-over half of ๖: 2+2+2+2), 202 (4 measures), 211/220/228 (8 columns,
#      two header lines, 3+2+1 rows under a repeated page title).
# 003: four pipe tables, measures ๑ | ๒ ๓ | ๔ ๕ ๖ | ๗ ๘, joined across "/๔.การปรับปรุง…".
SEED_TABLES = {
    "001": [(6, 1, 6, 6)],
    "002": [(3, 1, 10, 1), (5, 1, 10, 1), (2, 1, 2, 1), (5, 1, 8, 5), (5, 1, 8, 4), (3, 1, 4, 1),
            (8, 2, 6, 3)],
    "003": [(6, 1, 8, 4)],
}
SEED_BLOCK_ROWS = {
    "001": [1, 1, 1, 1, 1, 1],
    "002": [10, 10, 2, 1, 2, 2, 2, 1, 2, 2, 2, 2, 4, 3, 2, 1],
    "003": [1, 2, 3, 2],
}


def seed_path(key: str) -> Path:
    return {"001": SEED_001, "002": SEED_002, "003": SEED_003}[key]


@needs_seeds
@pytest.mark.parametrize("key", sorted(SEED_TABLES))
def test_seed_tables_counts(key):
    tables = seed_tables(seed_path(key))
    assert [(len(t[0]), t.header_rows, len(t.body), t.blocks) for t in tables] == SEED_TABLES[key]
    assert all(len(row) == len(t[0]) for t in tables for row in t)
    blocks = seed_tables(seed_path(key), merge=False)
    assert [len(t.body) for t in blocks] == SEED_BLOCK_ROWS[key]
    assert {t.kind for t in tables} == ({"md"} if key == "003" else {"tsv"})


@needs_seeds
def test_seed_tables_rows_in_measure_order():
    def numbers(table):
        return [visible(row[0]).strip()[:1] for row in table.body]

    assert numbers(seed_tables(SEED_001)[0]) == THAI_NUMBERS[:6]
    assert numbers(seed_tables(SEED_003)[0]) == THAI_NUMBERS
    t002 = seed_tables(SEED_002)
    assert numbers(t002[3]) == THAI_NUMBERS[:7] + [""]                         # ๗ carried over
    assert numbers(t002[4]) == THAI_NUMBERS[:6] + ["", "๗"]                    # ๖ carried over
    assert t002[6][1][1] == "ข้อคำถาม ITA"                                      # the sub-header


@needs_seeds
def test_seed003_dash_items_per_row():
    table = seed_tables(SEED_003)[0]
    counts = [sum(b.label == "-" for b in cell_blocks(row[1])) for row in table.body]
    assert counts == [3, 2, 3, 2, 1, 2, 3, 5]
    assert all(b.kind == "item" for row in table.body for b in cell_blocks(row[1]))


@needs_seeds
def test_seed001_one_block_per_paragraph():
    for row in seed_tables(SEED_001)[0]:
        for cell in row:
            assert len(cell_blocks(cell)) == max(cell.count("<p>"), 1), cell


@needs_seeds
@pytest.mark.parametrize("key", sorted(SEED_TABLES))
def test_every_seed_cell_converts_and_keeps_its_text(key, tmp_path):
    for n, table in enumerate(seed_tables(seed_path(key))):
        for row in table:
            for cell in row:
                assert_text_preserved(cell, check(cell))
        path = write_tsv(table, tmp_path / f"{key}_{n}.tsv")
        assert read_table(path.read_text(encoding="utf-8")) == list(table)
