"""Fonts for every PDF the program prints: registration with ReportLab and body sizes.

The program ships Laksaman (fonts-tlwg 0.7.3), a derivative of the national font
TH Sarabun PSK; an office may instead register a TH Sarabun font it has installed.
Register once with :func:`register_family`, then use the family name as
``ParagraphStyle.fontName``; ``<b>`` runs use the family's bold face.

Sizes are in points (pt, 1/72 inch).  Government style guides give sizes for
TH Sarabun PSK (body 16 pt, memo heading 29 pt, memo labels 20 pt: see
``shared/docs/MEMO_LAYOUT.md``); :func:`equivalent_size` converts such a size to the
size of a registered family that prints the same glyph size.

The office's font (``office.font`` of the interchange document): :func:`office_font`
finds and registers it (or falls back to Laksaman with a :class:`DocumentWarning`).
It prints at :data:`BODY_SIZE_PT` × :func:`size_scale` — the size at which it sets
Thai text as wide as Laksaman at 10.67 pt, measured on the fonts' shaped advances —
with the same line distance in points (:func:`leading_em`, opened up only by
:func:`line_factor`).  ``common.Kit`` applies this to every document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ita_desktop.resources import resource_path

#: Name of the bundled family (the default of :func:`register_family`).
DEFAULT_FAMILY = "Laksaman"

#: Advance width of THAI CHARACTER KO KAI (ก) in TH Sarabun PSK, in 1/1000 em.
#: Source: the width table of THSarabunPSK (SIPA, 2007) as exported by TCPDF's font
#: converter (``tcpdf/fonts/thsarabun.php``, ``$cw[3585] = 386``).  The other Thai
#: letters, digits and Latin letters of that table give the same scale to within
#: 0.5 % (see ``tests/data/th_sarabun_psk_widths.txt`` and the test that uses it).
SARABUN_PSK_KO_KAI_ADVANCE = 386

#: Size (pt) of the bundled Laksaman that prints like TH Sarabun PSK at 16 pt.
#:
#: How decided: Laksaman draws TH Sarabun PSK's glyphs scaled by 1.5 in the em
#: square.  Measured on the font files: ก advances 580/1000 em in Laksaman against
#: 386/1000 in TH Sarabun PSK; over 75 Thai letters, vowels, digits and Latin
#: letters the ratio lies between 1.495 and 1.504 (median 1.503); the height of Thai
#: consonants is 602 against 400 units and the cap height 716 against 476.  So
#: Laksaman at 16 pt is as large as TH Sarabun PSK at 24 pt, and 16 pt of TH Sarabun
#: PSK corresponds to 16 / 1.5 = 10.67 pt of Laksaman (same advance widths, hence
#: the same number of characters on a line).
BODY_SIZE_PT = 10.67

#: Line distance (pt) for :data:`BODY_SIZE_PT`: the font's own line height
#: (OS/2 typo ascender 1279 + descender 376 + line gap 60 = 1.715 em; Laksaman sets
#: USE_TYPO_METRICS), i.e. 18.3 pt.  This equals TH Sarabun PSK's line height at
#: 16 pt (850 + 250 + 40 = 1.14 em × 16 pt = 18.24 pt), so a page holds as many lines.
#: Stacked Thai marks reach 1.19 em above the baseline, descenders 0.38 em below:
#: a smaller leading lets marks of adjacent lines touch (seen at 16 pt = 1.5 em).
#: Trade-off measured with poppler 22 (pdftotext): lines more than 1.5 em of the font
#: size apart are not grouped into one text block, so the lines of side-by-side table
#: cells come out interleaved in extracted text (1.5 em kept them apart, 1.55 did not).
BODY_LEADING_PT = 18.3

_FACES = ("regular", "bold", "italic", "bold_italic")
_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}


def bundled_font_path(face: str = "regular") -> Path:
    """Path of one face of the bundled Laksaman family.

    ``face`` is one of ``"regular"``, ``"bold"``, ``"italic"``, ``"bold_italic"``.
    Raises KeyError for another face name and ``ResourceMissing`` when the font
    file is not installed.
    """
    return resource_path("fonts", f"{DEFAULT_FAMILY}{_SUFFIX[face]}.ttf")


def register_family(regular: str | Path | None = None, bold: str | Path | None = None,
                    italic: str | Path | None = None, bold_italic: str | Path | None = None,
                    name: str = DEFAULT_FAMILY) -> str:
    """Register a TrueType family with ReportLab and return its family name.

    With no paths the bundled Laksaman files are used.  When only ``regular`` is
    given, a missing face falls back to the regular face (bold text then prints
    regular rather than failing).  The faces are registered as ``name``,
    ``name-Bold``, ``name-Italic`` and ``name-BoldItalic`` (``pdfmetrics.registerFont``)
    and tied together with ``registerFontFamily`` so that ``tt2ps(name, bold, italic)``
    and ReportLab's ``<b>`` markup find them.

    Idempotent: registering the same files under the same name again does nothing.
    Raises ValueError when ``name`` is already registered with a different file
    (ReportLab keeps the first registration of a name, so a silent second one would
    print with the wrong font), and the errors of ``TTFont`` (OSError, TTFError) for
    unreadable font files.
    """
    if regular is None and bold is None and italic is None and bold_italic is None:
        paths = {face: bundled_font_path(face) for face in _FACES}
    elif regular is None:
        raise ValueError("register_family: a regular face is needed when other faces are given")
    else:
        given = {"regular": regular, "bold": bold, "italic": italic, "bold_italic": bold_italic}
        paths = {face: Path(p if p is not None else regular) for face, p in given.items()}

    from . import fontfind

    names = {}
    # (getFont on an unknown name would first search the disk for Type 1 fonts: 0.2 s)
    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in _FACES:
        font_name = name + _SUFFIX[face]
        path = str(Path(paths[face]).resolve())
        names[face] = font_name
        if font_name in registered:
            existing = pdfmetrics.getFont(font_name)
            known = str(Path(getattr(existing.face, "filename", "")).resolve())
            if known != path:
                raise ValueError(f"font {font_name!r} is already registered with {known}, not {path}")
            continue
        pdfmetrics.registerFont(TTFont(font_name, fontfind.open_for_reportlab(path)))
    pdfmetrics.registerFontFamily(name, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return name


def face_name(font_name: str, bold: bool, italic: bool) -> str:
    """Name of the face of ``font_name``'s registered family with the given weight and slant,
    added to those of ``font_name`` itself: ``face_name("Laksaman-Bold", False, False)``
    is ``"Laksaman-Bold"`` (a style whose font is the bold face prints bold, as in
    ReportLab's Paragraph; before, such headings printed regular), ``face_name("Laksaman",
    True, False)`` is ``"Laksaman-Bold"``.

    Uses ReportLab's family mapping (``ps2tt``/``tt2ps``, filled by
    :func:`register_family`).  A font outside any registered family is every face
    of itself.
    """
    return _face(font_name, int(bold), int(italic))


@lru_cache(maxsize=256)
def _face(font_name: str, bold: int, italic: int) -> str:
    try:
        family, b, i = ps2tt(font_name)
        return tt2ps(family, bold | b, italic | i)
    except ValueError:
        return font_name


_fallback_paths: list[Path] | None = None            # None: discovered on first need
_fallback_fonts: dict[Path, TTFont | None] = {}       # loaded (None: could not be loaded)


def set_fallback_fonts(paths) -> None:
    """Make the TrueType files ``paths`` the fallback fonts, tried in order, for characters
    a document's font lacks (Latin accents, symbols, CJK).  Without a call the fonts of
    :func:`.fontfind.fallback_candidates` installed on this machine are used (DejaVu
    Sans on Linux; Tahoma, Segoe UI, Arial … on Windows).  ``[]`` turns fallback off;
    None goes back to the installed fonts.
    """
    global _fallback_paths
    _fallback_paths = None if paths is None else [Path(p) for p in paths]


def fallback_font_for(chars: str) -> TTFont | None:
    """The first fallback font that has every character of ``chars``, registered with
    ReportLab on first use (as ``Fallback-<file stem>``); None when none has them.

    Files are checked by their cmap before they are loaded, so a large CJK font is
    loaded only when a document needs it.  A file ReportLab cannot load is skipped
    and logged, never fatal.
    """
    global _fallback_paths
    from . import fontfind

    if _fallback_paths is None:
        _fallback_paths = fontfind.fallback_candidates()
    for path in _fallback_paths:
        if fontfind.uncovered(path, chars):
            continue
        if path not in _fallback_fonts:
            _fallback_fonts[path] = _load_fallback(path)
        font = _fallback_fonts[path]
        if font is not None:
            return font
    return None


def _load_fallback(path: Path) -> TTFont | None:
    import logging

    from . import fontfind

    name = "Fallback-" + path.stem
    try:
        if name in pdfmetrics.getRegisteredFontNames():
            return pdfmetrics.getFont(name)
        font = TTFont(name, fontfind.open_for_reportlab(path))
        pdfmetrics.registerFont(font)
        return font
    except Exception as exc:  # noqa: BLE001 -- an unusable font is skipped, never fatal
        logging.getLogger(__name__).warning("fallback font %s skipped: %s", path, exc)
        return None


def bold_font_name(font_name: str) -> str:
    """Name of the bold face of the registered family ``font_name`` belongs to.

    Uses ReportLab's family mapping (``ps2tt``/``tt2ps``, filled by
    :func:`register_family`).  A font outside any registered family is its own bold.
    """
    return _family_face(font_name, 1)


@lru_cache(maxsize=256)
def _family_face(font_name: str, bold: int) -> str:
    try:
        family, _b, italic = ps2tt(font_name)
        return tt2ps(family, bold, italic)
    except ValueError:
        return font_name


def equivalent_size(sarabun_pt: float, font_name: str = DEFAULT_FAMILY) -> float:
    """Size (pt) at which the registered font ``font_name`` prints like TH Sarabun PSK at ``sarabun_pt``.

    For the bundled Laksaman: the ratio of its advance of ก to TH Sarabun PSK's
    (:data:`SARABUN_PSK_KO_KAI_ADVANCE`), so ``equivalent_size(16) ≈ 10.65`` (see
    :data:`BODY_SIZE_PT`, which rounds the ratio of 1.5 over the whole alphabet).  For
    any other font that size times :func:`size_scale` (the font printed as large as
    Laksaman), so every size of a document scales by the same factor; for TH Sarabun
    PSK itself the size comes out unchanged (to 0.5 %).  Raises KeyError when
    ``font_name`` is not registered.
    """
    laksaman = pdfmetrics.getFont(register_family())
    advance = laksaman.stringWidth("\u0e01", 1000)
    scale = 1.0 if font_name == DEFAULT_FAMILY else size_scale(font_name)
    return round(sarabun_pt * SARABUN_PSK_KO_KAI_ADVANCE / advance * scale, 2)


# -- the office's font: the same printed size as the bundled one ----------------------------

#: Thai text whose printed width defines "the same size" (:func:`size_scale`): a
#: sentence of the kind the documents print, with Thai digits.  Its letters occur
#: about as often as in the analysis and memo texts (consonants, spacing vowels, marks).
REFERENCE_TEXT = ("องค์การบริหารส่วนตำบลห้วยเตยได้ดำเนินการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"
                  "ในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ เพื่อกำหนดมาตรการส่งเสริม"
                  "คุณธรรมและความโปร่งใสภายในหน่วยงาน ให้เจ้าหน้าที่ถือปฏิบัติและเผยแพร่ต่อสาธารณะ")
#: The reference for a font without Thai letters (only for ``typeset --font`` with a
#: Latin font; the documents never use one).
REFERENCE_TEXT_LATIN = "Integrity and Transparency Assessment 2025: office report, measures and results."
#: Clusters that reach furthest above (stacked upper vowel + tone mark) and below
#: (descenders, lower vowels) the baseline: :func:`line_factor` compares their ink.
INK_PROBES = ("ปั้", "ฟิ์", "ฝื่", "ป๊", "ฬี้", "ปิ่", "ฟั่", "ฎุ", "ฏู", "ฤ", "ญ", "ฦ", "ปฺ", "กุ", "รู")


def _reference(font, other) -> str:
    """The reference text reduced to what both fonts map (a missing glyph has no true width)."""
    text = REFERENCE_TEXT if 0x0E01 in font.face.charToGlyph else REFERENCE_TEXT_LATIN
    return "".join(c for c in text if ord(c) in font.face.charToGlyph and ord(c) in other.face.charToGlyph)


@lru_cache(maxsize=64)
def size_scale(font_name: str) -> float:
    """How many times Laksaman's size the registered font ``font_name`` must be drawn at
    to print the same size: :data:`BODY_SIZE_PT` × this is its body size (:func:`body_size`).

    The rule: the same printed width of Thai text.  The ratio of the shaped advance
    (HarfBuzz, as the documents are set) of :data:`REFERENCE_TEXT` in the bundled
    Laksaman to its advance in ``font_name`` — so a line holds as many characters and a
    page as many words as with the bundled font, i.e. as with TH Sarabun PSK 16 pt
    (MEMO_LAYOUT.md: "a page holds about as many lines as TH Sarabun 16 pt").
    Measured, never a table of families: TH Sarabun PSK / New / IT๙ draw Laksaman's
    glyphs at 1/1.5 of the em, so they come out at 1.5, i.e. 16 pt (checked on such a
    font made from Laksaman; the real files are not on the development machine); the
    fonts-tlwg families between 0.866 (Umpush, 9.24 pt) and 1.033 (Norasi, 11.02 pt).
    Why the whole text rather than one letter (ก) or the consonant height (the Thai
    x-height): single glyphs differ by design — Purisa's ก is 14 % wider than
    Laksaman's but its text only 1.3 %, so a ก rule would print it 12 % too small — and
    a font scaled to Laksaman's consonant height can set lines up to 18 % longer
    (Loma), which moves every line and page break.  The price: a design with
    narrower letters for their height prints its consonants shorter than Laksaman's —
    measured at the sizes of this rule, ก is 85 % of Laksaman's height in Loma, 89–90 %
    in Purisa, Umpush and Waree, 95–99 % in Garuda, Norasi, Kinnari and Sawasdee
    (67 % in the typewriter family Tlwg Typo).
    Exactly 1.0 for Laksaman.  Raises KeyError when ``font_name`` is not registered.
    """
    from .thaishape import shape

    font = pdfmetrics.getFont(font_name)
    base = pdfmetrics.getFont(register_family())
    if font is base or font_name == DEFAULT_FAMILY:
        return 1.0
    text = _reference(font, base)
    mine = shape(font, text).advance if text else 0.0
    if mine <= 0:
        return 1.0
    return round(shape(base, text).advance / mine, 4)


def _ink(font) -> tuple[float, float]:
    """(highest, lowest) ink of :data:`INK_PROBES` in ``font``, 1/1000 em from the baseline."""
    import uharfbuzz

    from .thaishape import _shaper

    sh = _shaper(font)
    top = bottom = 0.0
    for probe in INK_PROBES:
        if any(ord(c) not in font.face.charToGlyph for c in probe):
            continue
        buf = uharfbuzz.Buffer()
        buf.add_str(probe)
        buf.guess_segment_properties()
        uharfbuzz.shape(sh.hb_font, buf, {})
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
            e = sh.hb_font.get_glyph_extents(info.codepoint)
            if e is None:
                continue
            top = max(top, (pos.y_offset + e.y_bearing) * sh.scale)
            bottom = min(bottom, (pos.y_offset + e.y_bearing + e.height) * sh.scale)
    return top, bottom


@lru_cache(maxsize=64)
def line_factor(font_name: str) -> float:
    """By how much the lines of ``font_name`` at its :func:`body_size` must be opened up
    beyond :data:`BODY_LEADING_PT` (1.0: not at all).

    The line distance of a document stays that of the bundled font (18.3 pt for the
    body: as many lines on a page as TH Sarabun PSK 16 pt) unless the font's stacked
    marks and descenders (:data:`INK_PROBES`), drawn at its body size, reach further
    than Laksaman's at 10.67 pt; then the leading grows by that ratio, so adjacent
    lines come no closer than they do in Laksaman.  1.0 for every font of fonts-tlwg
    and for TH Sarabun (same glyphs as Laksaman, 1/1.5 the em).
    """
    font = pdfmetrics.getFont(font_name)
    base = pdfmetrics.getFont(register_family())
    if font is base or font_name == DEFAULT_FAMILY:
        return 1.0
    top, bottom = _ink(font)
    btop, bbottom = _ink(base)
    if top - bottom <= 0 or btop - bbottom <= 0:
        return 1.0
    ratio = (top - bottom) * size_scale(font_name) / (btop - bbottom)
    return round(max(1.0, ratio), 4)


@lru_cache(maxsize=64)
def consonant_height_em(font_name: str) -> float:
    """Height of ก (THAI CHARACTER KO KAI) above the baseline in em of the registered
    font ``font_name``: the "x-height" of Thai (Laksaman 0.602, TH Sarabun 0.40).
    0.0 for a font without ก."""
    from .thaishape import _shaper

    font = pdfmetrics.getFont(font_name)
    if 0x0E01 not in font.face.charToGlyph:
        return 0.0
    sh = _shaper(font)
    e = sh.hb_font.get_glyph_extents(font.face.charToGlyph[0x0E01])
    return round(e.y_bearing * sh.scale / 1000, 4) if e is not None else 0.0


def body_size(font_name: str = DEFAULT_FAMILY) -> float:
    """Body text size (pt) of the registered font ``font_name``: as large as TH Sarabun
    PSK 16 pt, i.e. as Laksaman at :data:`BODY_SIZE_PT` (× :func:`size_scale`, 2 decimals)."""
    return BODY_SIZE_PT if font_name == DEFAULT_FAMILY else round(BODY_SIZE_PT * size_scale(font_name), 2)


def leading_em(font_name: str = DEFAULT_FAMILY) -> float:
    """Line distance of ``font_name`` in em of its size (multiply by any font size).

    :data:`BODY_LEADING_PT` at :func:`body_size` (× :func:`line_factor`): the same
    distance in points as the bundled font's, 1.715 em of Laksaman = 1.14 em of TH
    Sarabun (its own line height).  ``BODY_LEADING_PT / BODY_SIZE_PT`` for Laksaman.
    """
    if font_name == DEFAULT_FAMILY:
        return BODY_LEADING_PT / BODY_SIZE_PT
    return BODY_LEADING_PT * line_factor(font_name) / (BODY_SIZE_PT * size_scale(font_name))


@dataclass(frozen=True)
class DocumentWarning:
    """Something the clerk should know about a document that was still made.

    ``code``: ``"font_missing"`` (the office's font is not installed on this computer),
    ``"font_no_thai"`` (it has no Thai letters), ``"font_unusable"`` (ReportLab cannot
    embed it: CFF outlines, licence, a broken file); ``message``: one line in Thai and
    English, ready to show (also ``str(warning)``); ``font``: the family asked for.
    """

    code: str
    message: str
    font: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class OfficeFont:
    """The font a document prints with (:func:`office_font`).

    ``family``: the registered ReportLab family (``"Laksaman"`` or ``"Office-<name>"``);
    ``requested``: the family the office asked for (``""``: the bundled one);
    ``warning``: why the bundled Laksaman prints instead (None when the office's own
    font or the bundled one was asked for and is used).
    """

    family: str
    requested: str = ""
    warning: DocumentWarning | None = None

    @property
    def fallback(self) -> bool:
        return self.warning is not None


def register_installed(family) -> str:
    """Register the faces of an installed :class:`.fontfind.FontFamily` as ``Office-<name>``
    (missing faces print with the regular one) and return that family name.

    Raises ValueError without a regular face, and what :func:`register_family` raises.
    """
    faces = family.faces()
    if "regular" not in faces:
        raise ValueError(f"{family.name}: no regular face")
    return register_family(faces["regular"], faces.get("bold"), faces.get("italic"), faces.get("bold_italic"),
                           name="Office-" + family.name)   # never the bundled family's own name


def office_font(name: str | None, *, families=None) -> OfficeFont:
    """The font for the documents of an office whose ``office.font`` is ``name``, registered.

    ``""``/None (or ``"Laksaman"``): the bundled Laksaman.  Otherwise the installed
    family of that name (:func:`.fontfind.find_family`) when it has Thai letters and
    ReportLab can embed it: its regular, bold, italic and bold italic faces, a missing
    face printing with the regular one.  When it is not installed (the PDF is made on
    another computer), has no Thai, or cannot be loaded (CFF outlines, a licence that
    forbids embedding, a broken file), the bundled Laksaman with a
    :class:`DocumentWarning` saying so (also logged, once per process).  ``families``: a scan already made
    (:func:`.fontfind.installed_families`).  Never raises for the font.
    """
    import logging

    from . import fontfind

    requested = (name or "").strip()
    if not requested or fontfind._name_key(requested) == fontfind._name_key(DEFAULT_FAMILY):
        return OfficeFont(register_family(), requested)
    skipped: list = []
    fams = fontfind.installed_families(skipped=skipped) if families is None else list(families)
    family = fontfind.find_family(requested, families=fams)
    warning = None
    fallback = f"พิมพ์ด้วยฟอนต์ {DEFAULT_FAMILY} แทน"
    if family is None or family.regular is None:
        key = fontfind._name_key(requested)
        bad = next((s for s in skipped if s.code not in ("duplicate", "style_not_offered")
                    and fontfind._name_key(s.path.stem).startswith(key)), None)
        if bad is not None:
            warning = DocumentWarning(
                "font_unusable", f"ใช้ฟอนต์ {requested} ไม่ได้ ({bad.path.name}) {fallback} / cannot use font "
                f"{requested} ({bad.path.name}: {bad.reason}); printed with {DEFAULT_FAMILY} instead", requested)
        else:
            warning = DocumentWarning(
                "font_missing", f"ไม่พบฟอนต์ {requested} ในเครื่องนี้ {fallback} / font {requested} is not "
                f"installed on this computer; printed with {DEFAULT_FAMILY} instead", requested)
    elif not family.has_thai:
        warning = DocumentWarning(
            "font_no_thai", f"ฟอนต์ {family.name} ไม่มีอักษรไทย {fallback} / font {family.name} has no Thai "
            f"letters; printed with {DEFAULT_FAMILY} instead", requested)
    else:
        try:
            # the full ReportLab check (load and subset; ~4 ms a face): a face that fails
            # here would fail while the PDF is built
            error = fontfind.reportlab_error(family.regular, REFERENCE_TEXT)
            if error:
                raise ValueError(error)
            broken = {face: fontfind.reportlab_error(path, REFERENCE_TEXT)
                      for face, path in family.faces().items() if face != "regular"}
            for face, err in broken.items():
                if err:   # that face prints with the regular one
                    logging.getLogger(__name__).warning("font %s, %s face skipped: %s", family.name, face, err)
            if any(broken.values()):
                from dataclasses import replace

                family = replace(family, **{face: None for face, err in broken.items() if err})
            registered = register_installed(family)
            f = pdfmetrics.getFont(registered)
            if not isinstance(f, TTFont) or 0x0E01 not in f.face.charToGlyph:
                raise ValueError("no Thai letters as ReportLab reads the font")
            size_scale(registered)
            return OfficeFont(registered, requested)
        except Exception as e:  # noqa: BLE001 -- TTFError, struct errors, OSError: fall back, never fail
            warning = DocumentWarning(
                "font_unusable", f"ใช้ฟอนต์ {family.name} ไม่ได้ {fallback} / cannot use font {family.name} "
                f"({type(e).__name__}: {e}); printed with {DEFAULT_FAMILY} instead", requested)
    if warning.message not in _logged:   # once per process: a pack makes four documents
        _logged.add(warning.message)
        logging.getLogger(__name__).warning("%s", warning.message)
    return OfficeFont(register_family(), requested, warning)


_logged: set[str] = set()
