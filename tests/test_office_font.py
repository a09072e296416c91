"""The office's own font (``office.font``) in every document, at the size of TH Sarabun 16 pt.

Two kinds of font are used:

* an installed Thai TrueType family other than Laksaman (Debian fonts-thai-tlwg:
  Garuda, Loma, Kinnari …); the tests that need one skip when none is installed;
* "Test Sarabun", made here from the bundled Laksaman with a 1.5 times larger em
  (unitsPerEm 1500 instead of 1000): TH Sarabun PSK's glyphs in TH Sarabun PSK's
  proportions (Laksaman *is* TH Sarabun PSK scaled by 1.5, see ``fonts.BODY_SIZE_PT``),
  so it must come out at 16 pt with an 18.3 pt line, as TH SarabunIT๙ would.

Sizes in pt.  Widths of text with ``pdfmetrics.stringWidth`` (what ReportLab's own
paragraphs measure) and with HarfBuzz shaping (what the documents set).
"""

from __future__ import annotations

import copy
import struct
import subprocess
from pathlib import Path

import pytest
from sfnt import as_cff, tables_of, with_names
from pdfcheck import assert_passes, pdffonts, pdftotext, thai_pdf_check
from reportlab.pdfbase import pdfmetrics

from ita_desktop.app import demo_files
from ita_desktop.pdf import fontfind, fonts
from ita_desktop.pdf.analysis import render_analysis
from ita_desktop.pdf.common import CELL_LEADING_EM, Kit, office_words
from ita_desktop.pdf.fonts import BODY_LEADING_PT, BODY_SIZE_PT, DocumentWarning
from ita_desktop.pdf.memo import render_memo
from ita_desktop.pdf.pack import render_pack
from ita_desktop.pdf.report import render_report
from ita_desktop.pdf.thaishape import shape
from ita_desktop.store.interchange import load_file

DATA = Path(__file__).parent / "data"
#: Proportional Thai families of fonts-thai-tlwg, in the order they are tried.
CANDIDATES = ("Garuda", "Loma", "Kinnari", "Norasi", "Sawasdee", "Umpush", "Waree")
#: A long Thai line that is not fonts.REFERENCE_TEXT (from the Pak Chong memo).
LONG_LINE = ("องค์การบริหารส่วนตำบลปากช่อง ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
             "อย่างต่อเนื่อง โดยได้แจ้งเวียนให้พนักงานทุกกองรับทราบ จัดประชุมชี้แจงแนวทางการปฏิบัติงาน")
MISSING = "TH SarabunIT๙ ไม่มีในเครื่อง"


def demo(name: str, font: str | None = None) -> dict:
    doc = copy.deepcopy(next(load_file(p) for p in demo_files() if name in p.name))
    if font is not None:
        doc["office"]["font"] = font
    return doc


def installed_thai_family() -> fontfind.FontFamily:
    """An installed proportional Thai family other than Laksaman (skip the test without one)."""
    fams = fontfind.installed_families()
    for name in CANDIDATES:
        fam = fontfind.find_family(name, families=fams)
        if fam is not None and fam.has_thai and fam.regular is not None:
            return fam
    other = [f for f in fams if f.has_thai and f.regular is not None and f.name.casefold() != "laksaman"]
    if not other:
        pytest.skip("no Thai TrueType family other than Laksaman is installed (Debian: fonts-thai-tlwg)")
    return other[0]


def ps_name(family: str) -> str:
    """The PostScript name pdffonts shows (after the subset tag) for the regular face."""
    name = pdfmetrics.getFont(fonts.office_font(family).family).face.name
    return name.decode() if isinstance(name, bytes) else name


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(ln.split()[-1] for ln in out.splitlines() if ln.startswith("Pages:")))


# -- a TH-Sarabun-proportioned font made from Laksaman ------------------------------------

def sarabun_like(src: Path, family: str, style: str) -> bytes:
    """Laksaman ``src`` with unitsPerEm 1500 (glyphs 1/1.5 of the em, as TH Sarabun PSK's)
    and the name table of ``family`` ``style``."""
    data = bytearray(src.read_bytes())
    _pos, head, _len = tables_of(bytes(data))["head"]
    struct.pack_into(">H", data, head + 18, 1500)
    ps = family.replace(" ", "") + "-" + style.replace(" ", "")
    return with_names(bytes(data), {1: family, 2: style, 4: f"{family} {style}", 6: ps})


@pytest.fixture(scope="module")
def sarabun_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fonts")
    for face, style in (("regular", "Regular"), ("bold", "Bold")):
        (d / f"TestSarabun-{style}.ttf").write_bytes(sarabun_like(fonts.bundled_font_path(face), "Test Sarabun",
                                                                  style))
    # a font ReportLab cannot embed: CFF-flavoured OpenType ("OTTO", a "CFF " table)
    (d / "TestCff.otf").write_bytes(as_cff(fonts.bundled_font_path("regular").read_bytes()))
    return d


@pytest.fixture
def with_sarabun(sarabun_dir, monkeypatch) -> Path:
    """The installed fonts are the system's and "Test Sarabun" (and the CFF "Test Cff")."""
    system = fontfind.font_dirs()
    monkeypatch.setattr(fontfind, "font_dirs", lambda *a, **k: [sarabun_dir, *system])
    return sarabun_dir


# -- the installed family in the memo and the analysis ------------------------------------

@pytest.fixture(scope="module")
def tlwg_docs(tmp_path_factory):
    """The Pak Chong memo and the Huai Toei analysis printed in an installed Thai family."""
    fam = installed_thai_family()
    d = tmp_path_factory.mktemp("office_font")
    warnings: list = []
    memo = render_memo(demo("pak_chong", fam.name), 2565, d / "memo.pdf", warnings=warnings)
    analysis = render_analysis(demo("huai_toei", fam.name), 2568, d / "analysis.pdf", warnings=warnings)
    return fam, memo, analysis, warnings


def test_memo_and_analysis_embed_the_office_font_not_laksaman(tlwg_docs):
    fam, memo, analysis, warnings = tlwg_docs
    assert warnings == []
    name = ps_name(fam.name)
    for pdf in (memo, analysis):
        listed = pdffonts(pdf)
        assert f"+{name} " in listed, listed          # embedded subset of the regular face
        assert "Laksaman" not in listed, listed        # not for body text, not anywhere
        assert all(" yes " in ln for ln in listed.splitlines()[2:]), listed


def test_memo_in_the_office_font_passes_thai_pdf_check(tlwg_docs, tmp_path):
    _fam, memo, _analysis, _w = tlwg_docs
    assert_passes(thai_pdf_check(memo, DATA / "expect_pak_chong_memo.txt", office_words(demo("pak_chong")),
                                 tmp_path))


def test_analysis_in_the_office_font_passes_thai_pdf_check(tlwg_docs, tmp_path):
    _fam, _memo, analysis, _w = tlwg_docs
    assert_passes(thai_pdf_check(analysis, words=office_words(demo("huai_toei")), tmp=tmp_path))


def test_the_office_font_keeps_the_pages_of_the_bundled_one(tlwg_docs, tmp_path):
    """Same width of text, same line distance: the memo keeps its page count."""
    _fam, memo, _analysis, _w = tlwg_docs
    laksaman = render_memo(demo("pak_chong", ""), 2565, tmp_path / "l.pdf")
    assert page_count(memo) == page_count(laksaman)


def test_thai_digits_setting_still_holds_in_the_office_font(tmp_path):
    fam = installed_thai_family()
    thai = render_memo(demo("pak_chong", fam.name), 2565, tmp_path / "t.pdf")
    arabic = render_memo(demo("pak_chong", fam.name), 2565, tmp_path / "a.pdf", thai_digits=False)
    t, a = pdftotext(thai), pdftotext(arabic)
    assert "วันที่ ๒๑ มีนาคม ๒๕๖๕" in t and "21 มีนาคม" not in t
    assert "วันที่ 21 มีนาคม 2565" in a and "๒๑ มีนาคม" not in a


def test_a_long_thai_line_is_as_wide_as_laksaman_at_10_67_pt():
    fam = installed_thai_family()
    family = fonts.office_font(fam.name).family
    size = fonts.body_size(family)
    ours = pdfmetrics.stringWidth(LONG_LINE, family, size)
    laksaman = pdfmetrics.stringWidth(LONG_LINE, fonts.register_family(), BODY_SIZE_PT)
    assert ours == pytest.approx(laksaman, rel=0.08), (fam.name, size, ours, laksaman)
    assert size != BODY_SIZE_PT or fonts.size_scale(family) == pytest.approx(1.0, abs=0.001)


def test_every_installed_thai_family_sets_text_as_wide_as_laksaman():
    """Shaped, as the documents set it (stringWidth would count the advances that
    monospaced fonts such as Tlwg Typo give to marks, which shaping takes back)."""
    base = pdfmetrics.getFont(fonts.register_family())
    want = shape(base, LONG_LINE).advance * BODY_SIZE_PT / 1000
    seen = []
    for fam in fontfind.installed_families():
        if not fam.has_thai or fam.regular is None:
            continue
        of = fonts.office_font(fam.name, families=[fam])
        if of.warning is not None:
            continue
        size = fonts.body_size(of.family)
        got = shape(pdfmetrics.getFont(of.family), LONG_LINE).advance * size / 1000
        assert got == pytest.approx(want, rel=0.08), (fam.name, size)
        # the line distance in points stays the bundled font's 18.3 pt (or opens up)
        assert fonts.leading_em(of.family) * size >= BODY_LEADING_PT - 0.05
        seen.append(fam.name)
    if len(seen) < 2:
        pytest.skip("no Thai family other than Laksaman is installed")


# -- falling back to Laksaman, and saying so ----------------------------------------------

def test_a_family_not_installed_falls_back_to_laksaman_with_a_warning(tmp_path):
    warnings: list = []
    out = render_memo(demo("pak_chong", MISSING), 2565, tmp_path / "m.pdf", warnings=warnings)
    assert out == tmp_path / "m.pdf"                     # still the output path
    assert "+Laksaman " in pdffonts(out)
    assert_passes(thai_pdf_check(out, words=office_words(demo("pak_chong")), tmp=tmp_path))
    assert len(warnings) == 1
    w = warnings[0]
    assert isinstance(w, DocumentWarning) and w.code == "font_missing" and w.font == MISSING
    assert str(w) == w.message
    thai, english = w.message.split(" / ")
    assert MISSING in thai and "Laksaman" in thai and "ไม่พบฟอนต์" in thai
    assert "not installed" in english and "Laksaman" in english
    # the same warning is not repeated in the caller's list
    render_analysis(demo("huai_toei", MISSING), 2568, tmp_path / "a.pdf", warnings=warnings)
    assert warnings == [w]


def test_callers_without_a_warnings_list_still_get_the_path(tmp_path):
    assert render_report(demo("huai_toei", MISSING), 2568, tmp_path / "r.pdf") == tmp_path / "r.pdf"
    assert render_analysis(demo("huai_toei", MISSING), 2568, tmp_path / "a.pdf") == tmp_path / "a.pdf"


def test_the_pack_reports_the_fallback_once(tmp_path):
    res = render_pack(demo("pak_chong", MISSING), 2565, tmp_path)
    assert len(res.files) >= 3
    assert [w.code for w in res.warnings] == ["font_missing"]
    assert "+Laksaman " in pdffonts(res.combined)


def test_an_unusable_or_non_thai_family_falls_back_with_a_warning(with_sarabun, monkeypatch):
    cff = fonts.office_font("TestCff")                 # found on disk, but CFF outlines
    assert cff.family == "Laksaman" and cff.warning.code == "font_unusable"
    assert "TestCff.otf" in cff.warning.message
    dejavu = fontfind.find_family("DejaVu Sans")
    if dejavu is not None:
        no_thai = fonts.office_font("DejaVu Sans")
        assert no_thai.family == "Laksaman" and no_thai.warning.code == "font_no_thai"
        assert "ไม่มีอักษรไทย" in no_thai.warning.message
    # a file ReportLab fails on when it subsets (found only by loading it)
    monkeypatch.setattr(fontfind, "reportlab_error", lambda path, text="": "TTFError: broken glyph data")
    broken = fonts.office_font("Test Sarabun")
    assert broken.family == "Laksaman" and broken.warning.code == "font_unusable"
    assert "broken glyph data" in broken.warning.message


def test_empty_or_laksaman_is_the_bundled_font_without_a_warning():
    for name in ("", None, "Laksaman", "laksaman"):
        kit = Kit(demo("huai_toei", name))
        assert kit.family == "Laksaman" and kit.warnings == []
        assert kit.size == BODY_SIZE_PT and kit.body.leading == pytest.approx(BODY_LEADING_PT)
        assert kit.cell.leading == pytest.approx(BODY_SIZE_PT * 0.875 * CELL_LEADING_EM)


# -- TH Sarabun proportions: 16 pt, 18.3 pt lines ----------------------------------------

def test_a_th_sarabun_font_prints_at_16_pt_with_the_same_line_distance(with_sarabun):
    kit = Kit(demo("pak_chong", "Test Sarabun"))
    assert kit.warnings == [] and kit.family == "Office-Test Sarabun"
    assert kit.scale == pytest.approx(1.5, abs=0.001)
    assert kit.size == pytest.approx(16.0, abs=0.02)                     # 16 pt, as the rules say
    assert kit.body.leading == pytest.approx(BODY_LEADING_PT, abs=0.05)  # 1.14 em: the font's own line height
    assert kit.body.leading / kit.size == pytest.approx(1.14, abs=0.01)
    assert kit.unit == pytest.approx(BODY_SIZE_PT, abs=0.01)             # spaces as in the Laksaman memo
    assert kit.sarabun(29) == pytest.approx(29, rel=0.005)               # MEMO_LAYOUT sizes as written
    assert kit.sarabun(20) == pytest.approx(20, rel=0.005)
    # table cells: the same points as Laksaman's 1.48 em, within poppler's 1.5 em
    assert kit.cell.leading == pytest.approx(BODY_SIZE_PT * 0.875 * CELL_LEADING_EM, abs=0.05)
    assert kit.cell.leading / kit.cell.fontSize <= 1.5
    assert kit.bold == "Office-Test Sarabun-Bold"


def test_the_memo_in_a_th_sarabun_font_matches_the_laksaman_memo(with_sarabun, tmp_path):
    warnings: list = []
    out = render_memo(demo("pak_chong", "Test Sarabun"), 2565, tmp_path / "s.pdf", warnings=warnings)
    laksaman = render_memo(demo("pak_chong", ""), 2565, tmp_path / "l.pdf")
    assert warnings == []
    listed = pdffonts(out)
    assert "+TestSarabun-Regular " in listed and "+TestSarabun-Bold " in listed and "Laksaman" not in listed
    assert page_count(out) == page_count(laksaman)
    assert_passes(thai_pdf_check(out, DATA / "expect_pak_chong_memo.txt", office_words(demo("pak_chong")),
                                 tmp_path))


def test_the_analysis_and_report_in_a_th_sarabun_font_pass_the_checker(with_sarabun, tmp_path):
    """Tables and charts too: cells padded in em of the larger font (poppler reads
    columns and blocks in em of the font size), charts spaced by the font's metrics."""
    warnings: list = []
    doc = demo("huai_toei", "Test Sarabun")
    analysis = render_analysis(doc, 2568, tmp_path / "a.pdf", warnings=warnings)
    report = render_report(doc, 2568, tmp_path / "r.pdf", warnings=warnings)
    assert warnings == []
    for pdf in (analysis, report):
        listed = pdffonts(pdf)
        assert "+TestSarabun-Regular " in listed and "Laksaman" not in listed, listed
        assert_passes(thai_pdf_check(pdf, words=office_words(doc), tmp=tmp_path))
    kit = Kit(doc)
    assert kit.pad == pytest.approx(9.0)                       # 6 pt × 1.5
    assert sum(kit.row_pad) + kit.cell.leading >= 1.6 * kit.cell.fontSize - 0.01


def test_the_charts_follow_the_font(with_sarabun):
    from reportlab.lib.units import cm

    from ita_desktop.pdf.analysis import indicator_chart

    kit = Kit(demo("huai_toei", "Test Sarabun"))
    chart = indicator_chart(kit, [(f"{i} ตัวชี้วัดที่ {i}", 80 + i) for i in range(1, 11)], width=15 * cm,
                            height=8.5 * cm, pass_mark=85)
    assert chart.font_name == "Office-Test Sarabun"
    assert chart.font_size == pytest.approx(14.0, abs=0.1)               # as TH Sarabun 14 pt
    assert chart.line_height(10) == pytest.approx(10 * kit.cell_lead)    # not Laksaman's 1.48 em
    assert chart.height <= 8.5 * cm * kit.scale
    assert min(chart.row_heights) >= 1.6 * chart.font_size - 0.01
    plain = indicator_chart(Kit(demo("huai_toei", "")), [("๑ ตัวชี้วัด", 90)], width=15 * cm, height=8.5 * cm)
    assert type(plain).__name__ == "IndicatorBarChart" and plain.height == 8.5 * cm   # Laksaman: as before


def test_typeset_uses_the_same_size_rule(with_sarabun, tmp_path):
    from ita_desktop.pdf.typeset import Engine

    engine = Engine("Test Sarabun")
    assert engine.body.fontSize == pytest.approx(16.0, abs=0.02)
    assert engine.body.leading == pytest.approx(BODY_LEADING_PT, abs=0.05)
    assert Engine(None).body.fontSize == BODY_SIZE_PT


def test_bold_styles_print_with_the_bold_face(with_sarabun):
    """Headings, titles, header cells and the memo's labels are styles whose font is the
    bold face: they print bold (they used to print regular)."""
    from ita_desktop.pdf.thaitext import ThaiParagraph

    for font in ("Test Sarabun", ""):
        kit = Kit(demo("pak_chong", font))
        assert fonts.face_name(kit.bold, False, False) == kit.bold
        assert fonts.face_name(kit.regular, True, False) == kit.bold
        p = ThaiParagraph("เรื่องเดิม", kit.heading, kit.breaker)
        assert p._faces[0].fontName == kit.bold


def test_missing_faces_print_with_the_regular_one(tmp_path):
    """A family with only a regular face: bold text prints regular, nothing fails."""
    only = tmp_path / "only"
    only.mkdir()
    (only / "OnlyRegular.ttf").write_bytes(sarabun_like(fonts.bundled_font_path("regular"), "Only Regular",
                                                        "Regular"))
    fam = fontfind.find_family("Only Regular", [only])
    assert fam is not None and fam.bold is None
    of = fonts.office_font("Only Regular", families=[fam])
    assert of.warning is None
    assert fonts.face_name(of.family, True, False) == "Office-Only Regular-Bold"
    assert pdfmetrics.getFont("Office-Only Regular-Bold").face.name == b"OnlyRegular-Regular"
