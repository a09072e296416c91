"""Installed-font discovery (ita_desktop.pdf.fontfind) on fake Windows, Linux and macOS layouts.

Font folders are built in tmp_path from real fonts: the bundled Laksaman, and, when
installed (Debian: fonts-dejavu-core, fonts-tlwg-*), DejaVu Sans and Kinnari.  Fonts
with Thai family names, CFF outlines, no outlines (as colour-bitmap emoji fonts) and
collections are made from copies of those with small writers defined here, and
checked against what ReportLab itself does with them.
"""

from __future__ import annotations

import io
import random
import shutil
import struct
import sys
import time
from pathlib import Path

import pytest
from sfnt import as_cff, renamed_tags, tables_of, with_names, with_table
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFile
from reportlab.platypus import Paragraph, SimpleDocTemplate

from ita_desktop.pdf import fontfind
from ita_desktop.pdf.fontfind import FontFamily, SkippedFont

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "resources" / "fonts"
LAKSAMAN = {
    "regular": BUNDLED / "Laksaman.ttf",
    "bold": BUNDLED / "Laksaman-Bold.ttf",
    "italic": BUNDLED / "Laksaman-Italic.ttf",
    "bold_italic": BUNDLED / "Laksaman-BoldItalic.ttf",
}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
TLWG = Path("/usr/share/fonts/truetype/tlwg")


def system_font(folder: Path, name: str) -> Path:
    p = folder / name
    if not p.is_file():
        pytest.skip(f"needs {p} (Debian fonts-dejavu-core / fonts-tlwg)")
    return p


def copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


# --- small sfnt writers (independent of the module's own; the shared ones in sfnt.py) ----


def as_bitmap_only(data: bytes) -> bytes:
    """Like Noto Color Emoji: no glyf/loca, bitmap tables CBDT/CBLC instead."""
    return renamed_tags(data, {"glyf": "CBDT", "loca": "CBLC"})


def collection(*fonts: bytes) -> bytes:
    """A .ttc of ``fonts`` (table offsets moved to their place in the collection)."""
    header_len = 12 + 4 * len(fonts)
    body = bytearray()
    offsets = []
    for f in fonts:
        base = header_len + len(body)
        offsets.append(base)
        moved = bytearray(f)
        for pos, off, _len in tables_of(f).values():
            struct.pack_into(">I", moved, pos + 8, off + base)
        body += moved + b"\0" * (-len(moved) % 4)
    head = b"ttcf" + struct.pack(">II", 0x00010000, len(fonts)) + struct.pack(f">{len(fonts)}I", *offsets)
    return head + bytes(body)


def thai_sarabun_copies(folder: Path) -> dict[str, Path]:
    """Laksaman's four faces renamed as TH SarabunIT๙ names itself (PostScript name with ๙)."""
    styles = {"regular": ("Regular", ""), "bold": ("Bold", "-Bold"), "italic": ("Italic", "-Italic"),
              "bold_italic": ("Bold Italic", "-BoldItalic")}
    out = {}
    for face, (style, suffix) in styles.items():
        data = with_names(LAKSAMAN[face].read_bytes(), {
            1: "TH SarabunIT๙", 2: style, 4: f"TH SarabunIT๙ {style}", 6: f"THSarabunIT๙{suffix}"})
        out[face] = folder / f"THSarabunIT๙{suffix.replace('-', ' ')}.ttf"
        out[face].parent.mkdir(parents=True, exist_ok=True)
        out[face].write_bytes(data)
    return out


def register_unique(name: str, source) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, source))
    return name


def build_pdf(font_name: str, text: str) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, initialFontName=font_name).build(
        [Paragraph(text, ParagraphStyle("t", fontName=font_name))])
    return buf.getvalue()


# --- font_dirs -------------------------------------------------------------------------


def test_font_dirs_windows_system_and_per_user(tmp_path):
    system = (tmp_path / "Windows" / "Fonts")
    user = (tmp_path / "Users" / "clerk" / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts")
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    env = {"WINDIR": str(tmp_path / "Windows"),
           "LOCALAPPDATA": str(tmp_path / "Users" / "clerk" / "AppData" / "Local")}
    assert fontfind.font_dirs("win32", env, tmp_path / "nohome") == [user, system]
    # SystemRoot when WINDIR is missing; LOCALAPPDATA defaults to <home>\AppData\Local
    env = {"SystemRoot": str(tmp_path / "Windows")}
    assert fontfind.font_dirs("win32", env, tmp_path / "Users" / "clerk") == [user, system]
    # missing folders are left out, never an error (C:\Windows does not exist here)
    assert fontfind.font_dirs("win32", {}, tmp_path / "nobody") == []
    assert fontfind.font_dirs("win32", {"WINDIR": "\0bad"}, tmp_path / "nobody") == []


def test_font_dirs_linux_user_then_xdg_then_system(tmp_path):
    home = tmp_path / "home"
    data_home = tmp_path / "xdg-data"
    share = tmp_path / "usr" / "share"
    for d in (data_home / "fonts", home / ".local" / "share" / "fonts", home / ".fonts", share / "fonts"):
        d.mkdir(parents=True)
    env = {"XDG_DATA_HOME": str(data_home), "XDG_DATA_DIRS": f"{share}:{tmp_path / 'missing'}"}
    dirs = fontfind.font_dirs("linux", env, home)
    expected = [data_home / "fonts", home / ".local" / "share" / "fonts", home / ".fonts", share / "fonts"]
    assert dirs[:4] == expected
    # then the real system folders (always searched, as fontconfig does), when they exist
    assert all(d.is_dir() for d in dirs)
    assert set(dirs[4:]) <= {Path("/usr/local/share/fonts"), Path("/usr/share/fonts")}
    # XDG_DATA_HOME = ~/.local/share: the folder is listed once
    env = {"XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_DATA_DIRS": str(share)}
    dirs = fontfind.font_dirs("linux", env, home)
    assert dirs[:3] == [home / ".local" / "share" / "fonts", home / ".fonts", share / "fonts"]


def test_font_dirs_macos_user_folder(tmp_path):
    (tmp_path / "Library" / "Fonts").mkdir(parents=True)
    dirs = fontfind.font_dirs("darwin", {}, tmp_path)
    assert dirs[0] == tmp_path / "Library" / "Fonts"


# --- families --------------------------------------------------------------------------


@pytest.fixture
def windows_fonts(tmp_path):
    """A fake Windows: Laksaman in %WINDIR%\\Fonts, DejaVu Sans per-user, plus broken files."""
    windir = tmp_path / "Windows"
    local = tmp_path / "AppData" / "Local"
    system = windir / "Fonts"
    user = local / "Microsoft" / "Windows" / "Fonts"
    for src in LAKSAMAN.values():
        copy(src, system / src.name)
    copy(system_font(DEJAVU, "DejaVuSans.ttf"), user / "DejaVuSans.ttf")
    copy(system_font(DEJAVU, "DejaVuSans-Bold.ttf"), user / "DejaVuSans-Bold.ttf")
    copy(system_font(DEJAVU, "DejaVuSans-ExtraLight.ttf"), user / "DejaVuSans-ExtraLight.ttf")
    (system / "x.ttf").write_bytes(random.Random(7).randbytes(5000))
    (system / "empty.TTF").write_bytes(b"")
    (system / "truncated.ttf").write_bytes(LAKSAMAN["regular"].read_bytes()[:3000])
    (system / "cff.otf").write_bytes(as_cff(LAKSAMAN["regular"].read_bytes()))
    (system / "emoji.ttf").write_bytes(as_bitmap_only(LAKSAMAN["regular"].read_bytes()))
    (system / "pair.ttc").write_bytes(collection(LAKSAMAN["regular"].read_bytes()))
    (system / "notes.txt").write_text("not a font")
    env = {"WINDIR": str(windir), "LOCALAPPDATA": str(local)}
    return fontfind.font_dirs("win32", env, tmp_path), system, user


def test_windows_layout_finds_laksaman_and_dejavu(windows_fonts):
    dirs, system, user = windows_fonts
    skipped: list[SkippedFont] = []
    families = fontfind.installed_families(dirs, skipped=skipped)
    by_name = {f.name: f for f in families}
    assert set(by_name) == {"Laksaman", "DejaVu Sans"}
    lak = by_name["Laksaman"]
    assert lak == FontFamily("Laksaman", regular=system / "Laksaman.ttf", bold=system / "Laksaman-Bold.ttf",
                             italic=system / "Laksaman-Italic.ttf",
                             bold_italic=system / "Laksaman-BoldItalic.ttf", has_thai=True)
    dv = by_name["DejaVu Sans"]
    assert (dv.regular, dv.bold, dv.italic, dv.bold_italic) == (
        user / "DejaVuSans.ttf", user / "DejaVuSans-Bold.ttf", None, None)
    assert dv.has_thai is False
    assert [f.name for f in families] == ["Laksaman", "DejaVu Sans"]  # Thai families first
    reasons = {s.path.name: s.code for s in skipped}
    assert reasons == {"x.ttf": "not_a_font", "empty.TTF": "not_a_font", "truncated.ttf": "not_a_font",
                       "cff.otf": "cff_outlines", "emoji.ttf": "no_outlines", "pair.ttc": "collection",
                       "DejaVuSans-ExtraLight.ttf": "style_not_offered"}
    assert all(s.reason for s in skipped)


def test_skip_verdicts_match_reportlab(windows_fonts):
    """What the scan skips as unusable, ReportLab cannot load either, with the same cause."""
    _dirs, system, _user = windows_fonts
    with pytest.raises(TTFError, match="postscript outlines are not supported"):
        TTFont("fontfind-cff", str(system / "cff.otf"))
    with pytest.raises(TTFError, match="missing location table"):
        TTFont("fontfind-bitmap", str(system / "emoji.ttf"))
    for name in ("x.ttf", "empty.TTF", "truncated.ttf"):
        assert fontfind.reportlab_error(system / name) is not None
    assert fontfind.reportlab_error(system / "Laksaman.ttf") is None


def test_real_cff_font_is_skipped_with_reason():
    cff = []
    for d in fontfind.font_dirs():
        for p in sorted(d.rglob("*.otf")):
            with open(p, "rb") as f:
                if f.read(4) == b"OTTO":
                    cff.append(p)
                    break
        if cff:
            break
    if not cff:
        pytest.skip("no CFF .otf installed on this machine (the synthetic one is tested above)")
    skipped: list[SkippedFont] = []
    fontfind.installed_families([cff[0].parent], skipped=skipped)
    assert any(s.path == cff[0] and s.code == "cff_outlines" for s in skipped)
    assert "postscript outlines" in fontfind.reportlab_error(cff[0])


def test_linux_layout_user_copy_wins_and_italic_beats_oblique(tmp_path):
    home = tmp_path / "home"
    share = tmp_path / "share"
    user = home / ".local" / "share" / "fonts"
    system = share / "fonts" / "truetype" / "tlwg"
    copy(LAKSAMAN["regular"], user / "Laksaman.ttf")
    copy(LAKSAMAN["regular"], system / "Laksaman.ttf")
    copy(LAKSAMAN["bold"], system / "Laksaman-Bold.ttf")
    for name in ("Kinnari.ttf", "Kinnari-Oblique.ttf", "Kinnari-Italic.ttf"):
        copy(system_font(TLWG, name), system / name)
    try:
        (system / "link.ttf").symlink_to(system / "Kinnari.ttf")  # same file twice: listed once
    except OSError:  # Windows without the symlink privilege
        pass
    dirs = fontfind.font_dirs("linux", {"XDG_DATA_DIRS": str(share)}, home)
    dirs = [d for d in dirs if tmp_path in d.parents]  # not the real /usr/share/fonts
    assert dirs == [user, share / "fonts"]
    skipped: list[SkippedFont] = []
    fams = {f.name: f for f in fontfind.installed_families(dirs, skipped=skipped)}
    assert fams["Laksaman"].regular == user / "Laksaman.ttf"
    assert fams["Laksaman"].bold == system / "Laksaman-Bold.ttf"
    assert fams["Kinnari"].italic == system / "Kinnari-Italic.ttf"
    assert fams["Kinnari"].has_thai
    dup = {s.path.name: s for s in skipped if s.code == "duplicate"}
    assert set(dup) == {"Laksaman.ttf", "Kinnari-Oblique.ttf"}
    assert dup["Laksaman.ttf"].path == system / "Laksaman.ttf"
    assert not [s for s in skipped if s.code != "duplicate"]


def test_cache_notices_a_replaced_file(tmp_path):
    p = copy(LAKSAMAN["regular"], tmp_path / "f" / "Laksaman.ttf")
    assert [f.name for f in fontfind.installed_families([tmp_path / "f"])] == ["Laksaman"]
    p.write_bytes(b"\0" * 4000)  # new size and time
    skipped: list[SkippedFont] = []
    assert fontfind.installed_families([tmp_path / "f"], skipped=skipped) == []
    assert [s.code for s in skipped] == ["not_a_font"]


# --- Thai names ------------------------------------------------------------------------


def test_thai_family_name_round_trips_and_reportlab_prints_it(tmp_path):
    faces = thai_sarabun_copies(tmp_path / "fonts")
    fams = fontfind.installed_families([tmp_path / "fonts"])
    assert len(fams) == 1
    fam = fams[0]
    assert fam.name == "TH SarabunIT๙"
    assert fam.faces() == faces
    assert fam.has_thai
    for query in ("TH SarabunIT๙", "th sarabunit๙", "THSarabunIT9", "TH-SarabunIT9", " thsarabun it ๙ "):
        assert fontfind.find_family(query, [tmp_path / "fonts"]) == fam, query
    assert fontfind.find_family("Sarabun", families=fams) is None
    assert fontfind.find_family("TH SarabunIT8", families=fams) is None

    # ReportLab 5.1 refuses the PostScript name "THSarabunIT๙"; open_for_reportlab repairs it.
    with pytest.raises(TTFError, match="invalid character"):
        TTFont("fontfind-thai-raw", str(faces["regular"]))
    src = fontfind.open_for_reportlab(faces["bold"])
    assert not isinstance(src, str) and src.name == str(faces["bold"])
    name = register_unique("fontfind TH SarabunIT๙ Bold", src)
    assert pdfmetrics.getFont(name).face.filename == str(faces["bold"])
    pdf = build_pdf(name, "ทดสอบ TH SarabunIT๙")
    assert b"+THSarabunIT9-Bold" in pdf  # the embedded subset's ASCII name
    assert all(fontfind.reportlab_error(p) is None for p in faces.values())
    assert faces["bold"].read_bytes() == thai_sarabun_copies(tmp_path / "again")["bold"].read_bytes()  # untouched


def test_thai_localised_names_only(tmp_path):
    """A font with only Thai-language records: Thai family and style names are read."""
    d = tmp_path / "fonts"
    d.mkdir()
    th = 0x041E
    for name, face, style in (("a", "regular", "ธรรมดา"), ("b", "bold", "ตัวหนา"), ("c", "italic", "Normal")):
        data = with_names(LAKSAMAN[face].read_bytes(), {1: "ลักษมณ์ ทดสอบ", 2: style}, lang=th)
        (d / f"{name}.ttf").write_bytes(data)
    skipped: list[SkippedFont] = []
    (fam,) = fontfind.installed_families([d], skipped=skipped)
    assert fam.name == "ลักษมณ์ ทดสอบ"
    assert (fam.regular, fam.bold, fam.italic) == (d / "a.ttf", d / "b.ttf", None)
    assert [(s.path.name, s.code) for s in skipped] == [("c.ttf", "duplicate")]  # "Normal" is regular too
    # No English PostScript name: ReportLab would fail; the repaired copy uses the file name.
    assert fontfind.reportlab_error(d / "b.ttf") is None
    assert TTFontFile(fontfind.open_for_reportlab(d / "b.ttf")).name == b"b"


def test_aliases_in_other_languages_are_found(tmp_path):
    d = tmp_path / "fonts"
    data = with_names(LAKSAMAN["regular"].read_bytes(), {1: "Office Serif", 2: "Regular", 6: "OfficeSerif"})
    recs = [(3, 1, 0x409, 1, "Office Serif".encode("utf-16-be")), (3, 1, 0x409, 2, b"\0R\0e\0g\0u\0l\0a\0r"),
            (3, 1, 0x409, 6, "OfficeSerif".encode("utf-16-be")),
            (3, 1, 0x041E, 1, "สารบรรณ ทดลอง".encode("utf-16-be"))]
    data = with_table(data, "name", fontfind.build_name_table(recs))
    d.mkdir()
    (d / "o.ttf").write_bytes(data)
    fams = fontfind.installed_families([d])
    assert fams[0].name == "Office Serif" and fams[0].aliases == ("สารบรรณ ทดลอง",)
    assert fontfind.find_family("สารบรรณทดลอง", families=fams) == fams[0]
    assert fontfind.reportlab_error(d / "o.ttf") is None
    assert fontfind.open_for_reportlab(d / "o.ttf") == str(d / "o.ttf")  # nothing to repair


def test_name_table_reader_on_constructed_bytes():
    recs = [
        (1, 0, 0, 1, "Caf\u00e9 Sans".encode("mac_roman")),
        (3, 1, 0x0409, 1, "TH SarabunIT๙".encode("utf-16-be")),
        (3, 1, 0x041E, 1, "ไทยสารบรรณ".encode("utf-16-be")),
        (3, 1, 0x0409, 2, "Bold".encode("utf-16-be")),
        (3, 1, 0x0409, 16, "TH SarabunIT๙".encode("utf-16-be")),
        (3, 1, 0x0409, 6, "THSarabunIT๙-Bold".encode("utf-16-be")),
        (0, 3, 0, 4, "😀 Emoji".encode("utf-16-be")),  # a surrogate pair
        (1, 21, 0, 5, b"\xa1\xa2"),  # Mac Thai script: no codec, ignored
    ]
    table = fontfind.build_name_table(recs)
    fmt, read = fontfind._name_records(table)
    assert fmt == 0 and sorted(read) == sorted(recs)
    names = fontfind._names(read)
    assert names[1] == ["TH SarabunIT๙", "Café Sans", "ไทยสารบรรณ"]  # Windows English, Mac English, Thai
    assert names[16] == ["TH SarabunIT๙"] and names[2] == ["Bold"] and names[4] == ["😀 Emoji"]
    problem, ps = fontfind._reportlab_name_problem(fmt, read)
    assert ps == "THSarabunIT๙-Bold" and "not plain ASCII" in problem

    # records pointing outside the table are dropped, a table cut short reads what it can
    broken = bytearray(table)
    struct.pack_into(">H", broken, 6 + 12 * 0 + 10, 60000)  # first record's offset
    assert len(fontfind._name_records(bytes(broken))[1]) == len(recs) - 1
    assert len(fontfind._name_records(table[:6 + 12 * 3])[1]) == 0  # no strings left
    with pytest.raises(fontfind._Bad):
        fontfind._name_records(b"\0\0")

    # what ReportLab 5.1 would reject
    ok = [(3, 1, 0x409, 6, "Font-Bold".encode("utf-16-be"))]
    assert fontfind._reportlab_name_problem(0, ok) == (None, "Font-Bold")
    assert fontfind._reportlab_name_problem(1, ok)[0].startswith("name table format 1")
    assert fontfind._reportlab_name_problem(0, [(3, 1, 0x409, 6, b"\0F\0")])[0].startswith("odd-length")
    assert fontfind._reportlab_name_problem(0, [(3, 1, 0x41E, 6, b"\0F")])[0].startswith("no PostScript")
    assert fontfind._reportlab_name_problem(0, [(3, 1, 0x409, 4, "My Font(1)".encode("utf-16-be"))])[0]
    assert fontfind._reportlab_name_problem(0, [(3, 1, 0x409, 4, "My Font".encode("utf-16-be"))]) == \
        (None, "My-Font")


# --- coverage and fallbacks ------------------------------------------------------------


def test_covers_uses_the_cmap(tmp_path):
    lak = LAKSAMAN["regular"]
    assert fontfind.covers(lak, "ก") and fontfind.covers(lak, "\u0e48") and fontfind.covers(lak, "A")
    assert not fontfind.covers(lak, "😀") and not fontfind.covers(lak, "中")
    dv = system_font(DEJAVU, "DejaVuSans.ttf")
    assert fontfind.covers(dv, "é") and fontfind.covers(dv, "→") and not fontfind.covers(dv, "ก")
    assert fontfind.covers(dv, "\u00a0")
    # agrees with ReportLab's own reading of the font, for every BMP character
    bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    for path in (lak, dv):
        rl = TTFontFile(str(path)).charToGlyph
        mine = set(bmp) - fontfind.uncovered(path, bmp)
        assert mine == {chr(c) for c, g in rl.items() if g and c < 0x10000}
    assert fontfind.uncovered(lak, "ทดสอบ é😀") == {"😀"}
    # unusable files cover nothing, and never raise
    (tmp_path / "x.ttf").write_bytes(b"junk" * 100)
    assert not fontfind.covers(tmp_path / "x.ttf", "A")
    assert not fontfind.covers(tmp_path / "missing.ttf", "A")
    assert fontfind.uncovered(tmp_path / "x.ttf", "Aก") == {"A", "ก"}
    with pytest.raises(ValueError):
        fontfind.covers(lak, "AB")
    with pytest.raises(TypeError):
        fontfind.covers(lak, 65)


def test_fallback_candidates_windows_layout(tmp_path):
    windir = tmp_path / "Windows"
    local = tmp_path / "Local"
    system = windir / "Fonts"
    user = local / "Microsoft" / "Windows" / "Fonts"
    lak = LAKSAMAN["regular"].read_bytes()
    dv = system_font(DEJAVU, "DejaVuSans.ttf").read_bytes()
    copy(LAKSAMAN["regular"], system / "tahoma.ttf")          # stands in for Tahoma
    user.mkdir(parents=True)
    (user / "SEGOEUI.TTF").write_bytes(dv)                      # per-user, upper case
    (system / "arial.ttf").write_bytes(b"\0" * 100)            # broken: left out
    (system / "seguiemj.ttf").write_bytes(as_bitmap_only(dv))  # no outlines: left out
    (system / "msgothic.ttc").write_bytes(collection(dv, lak))  # TrueType collection: kept
    (system / "msyh.ttc").write_bytes(collection(as_cff(dv)))  # CFF collection: left out
    copy(LAKSAMAN["bold"], system / "other.ttf")               # not a fallback name
    dirs = fontfind.font_dirs("win32", {"WINDIR": str(windir), "LOCALAPPDATA": str(local)}, tmp_path)
    got = fontfind.fallback_candidates("win32", dirs)
    assert got == [system / "tahoma.ttf", user / "SEGOEUI.TTF", system / "msgothic.ttc"]
    # each loads in ReportLab; a collection as subfont 0
    for p in got:
        assert fontfind.reportlab_error(p) is None, p
    ttc = register_unique("fontfind-ttc", str(system / "msgothic.ttc"))
    assert pdfmetrics.getFont(ttc).face.name == b"DejaVuSans"
    assert fontfind.covers(system / "msgothic.ttc", "é") and not fontfind.covers(system / "msgothic.ttc", "ก")
    assert "postscript outlines" in fontfind.reportlab_error(system / "msyh.ttc")
    assert fontfind.reportlab_error(system / "seguiemj.ttf").endswith("missing location table")
    # the family scan does not offer collections
    skipped: list[SkippedFont] = []
    fontfind.installed_families(dirs, skipped=skipped)
    assert {s.path.name: s.code for s in skipped}["msgothic.ttc"] == "collection"


def test_fallback_candidates_on_this_machine_load_in_reportlab():
    got = fontfind.fallback_candidates()
    if not got:
        pytest.skip("no fallback font installed")
    for p in got:
        assert fontfind.reportlab_error(p) is None, p
    names = [p.name for p in got]
    order = [n.lower() for n in fontfind.FALLBACK_FILES[fontfind._platform_key(sys.platform)]]
    assert [order.index(n.lower()) for n in names] == sorted(order.index(n.lower()) for n in names)
    if (DEJAVU / "DejaVuSans.ttf").is_file():
        assert names[0] == "DejaVuSans.ttf"
        assert fontfind.covers(got[0], "é")


# --- agreement with ReportLab, robustness, speed --------------------------------------


def test_scan_verdicts_agree_with_reportlab_on_installed_fonts():
    files = fontfind._font_files(fontfind.font_dirs(), None,
                                 fontfind.FAMILY_SUFFIXES + fontfind.COLLECTION_SUFFIXES)
    if not files:
        pytest.skip("no fonts installed")
    for p in [f for f in files if f.stat().st_size < 5_000_000][:400]:  # ReportLab: ~0.1 s/MB
        try:
            fontfind._probe(p)
            usable = True
        except fontfind._Bad:
            usable = False
        assert usable == (fontfind.reportlab_error(p) is None), p


def test_corrupted_copies_never_raise(tmp_path):
    """Random byte damage in the header and the tables the scan reads: skipped or usable, never raised."""
    src = LAKSAMAN["regular"].read_bytes()
    t = tables_of(src)
    regions = [(0, 12 + 16 * len(t))] + [t[k][1:] for k in ("name", "cmap", "head", "OS/2", "maxp", "hhea")]
    rng = random.Random(2024)
    d = tmp_path / "fuzz"
    d.mkdir()
    for i in range(150):
        b = bytearray(src)
        for _ in range(rng.choice((1, 2, 4))):
            off, length = rng.choice(regions)
            b[off + rng.randrange(length)] = rng.randrange(256)
        if rng.random() < 0.1:
            b = b[:rng.randrange(len(b))]
        (d / f"f{i:03}.ttf").write_bytes(bytes(b))
    skipped: list[SkippedFont] = []
    fams = fontfind.installed_families([d], skipped=skipped)
    used = [p for f in fams for p in f.faces().values()]
    dups = [s.path for s in skipped if s.code in ("duplicate", "style_not_offered")]
    assert len(used) + len(skipped) == 150
    for p in used + dups:  # every file the scan accepts loads in ReportLab
        TTFontFile(fontfind.open_for_reportlab(p))
        fontfind.covers(p, "ก")
    for s in skipped:
        assert not fontfind.covers(s.path, "ก") or s.code in ("duplicate", "style_not_offered")


def test_scan_of_installed_fonts_is_fast():
    dirs = fontfind.font_dirs()
    if not dirs:
        pytest.skip("no font folders")
    fontfind._cache.clear()
    t0 = time.perf_counter()
    first = fontfind.installed_families(dirs)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = fontfind.installed_families(dirs)
    warm = time.perf_counter() - t0
    assert first == again
    # measured on the Debian dev machine (80 files): cold ≈ 0.07 s, warm ≈ 0.015 s
    assert cold < 3.0 and warm < 1.0, (cold, warm)
