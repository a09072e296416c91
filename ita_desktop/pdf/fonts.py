"""Fonts for every PDF the program prints: registration with ReportLab and body sizes.

The program ships Laksaman (fonts-tlwg 0.7.3), a derivative of the national font
TH Sarabun PSK; an office may instead register a TH Sarabun font it has installed.
Register once with :func:`register_family`, then use the family name as
``ParagraphStyle.fontName``; ``<b>`` runs use the family's bold face.

Sizes are in points (pt, 1/72 inch).  Government style guides give sizes for
TH Sarabun PSK (body 16 pt, memo heading 29 pt, memo labels 20 pt: see
``shared/docs/MEMO_LAYOUT.md``); :func:`equivalent_size` converts such a size to the
size of a registered family that prints the same glyph size.
"""

from __future__ import annotations

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
    """Name of the face of ``font_name``'s registered family with the given weight and slant.

    Uses ReportLab's family mapping (``ps2tt``/``tt2ps``, filled by
    :func:`register_family`).  A font outside any registered family is every face
    of itself.
    """
    return _face(font_name, int(bold), int(italic))


@lru_cache(maxsize=256)
def _face(font_name: str, bold: int, italic: int) -> str:
    try:
        family, _b, _i = ps2tt(font_name)
        return tt2ps(family, bold, italic)
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

    Measured, not assumed: the ratio of the font's advance of ก to TH Sarabun PSK's
    (:data:`SARABUN_PSK_KO_KAI_ADVANCE`).  For the bundled Laksaman
    ``equivalent_size(16) ≈ 10.65`` (see :data:`BODY_SIZE_PT`, which rounds the
    ratio of 1.5 over the whole alphabet); for TH Sarabun PSK itself the size is
    unchanged.  Raises KeyError when ``font_name`` is not registered.
    """
    font = pdfmetrics.getFont(font_name)
    advance = font.stringWidth("\u0e01", 1000)
    if advance <= 0:  # a font without Thai letters: nothing to compare
        return float(sarabun_pt)
    return round(sarabun_pt * SARABUN_PSK_KO_KAI_ADVANCE / advance, 2)
