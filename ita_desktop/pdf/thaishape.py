"""Shaped Thai text on a ReportLab canvas, with the source text kept for copy-paste.

Why not ReportLab's own shaping (``THAI_TEXT_NOTES.md``): ``Canvas.drawString(...,
shaping=True)`` silently does nothing without ``rlbidi``; ``Paragraph(shaping=1)``
breaks lines inside words, fails on a font change inside a word and on splits; and
the glyphs the font substitutes (ญ/ฐ without descender, lowered tone marks) reach the
ToUnicode map as private-use code points, so copied text is wrong.

What this module does instead:

* :func:`shape` runs HarfBuzz (uharfbuzz, the ``reportlab[shaping]`` extra) on one
  run of one font and caches the glyphs and positions in 1/1000 em, so a width in
  points is ``advance * size / 1000``.  The cache key is (font object, text): the
  result does not depend on the size.
* Each glyph is drawn through ReportLab's TrueType subsetting (``TTFont.splitString``),
  so the font is embedded and subset as for any other text of the document.  A glyph
  with no Unicode code point gets a private-use code in the font's ReportLab tables,
  as ReportLab's own shaper does (``TTFont.hbAddPrivate``); a character missing from
  the font is drawn as the font's .notdef box, never an exception.
* Positions: PDF ``TJ`` adjustments place each glyph at HarfBuzz's x offset and
  advance; a y offset uses the text rise (``Ts``).
* Every drawn run is wrapped in a marked-content span with ``/ActualText`` (PDF 32000-1
  §14.9.4), so text extraction (``pdftotext``, copy-paste) returns the source text:
  no private-use code points, sara am as ำ (not ํ + า).  THAI_TEXT_NOTES records
  that this made ``pdftotext`` exact.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple
from weakref import WeakKeyDictionary

import uharfbuzz
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.ttfonts import TTFont

from .thaibreak import cluster_boundaries

_PRIVATE_FIRST, _PRIVATE_LAST = 0xE000, 0xF8FF


def num(v: float) -> str:
    """A number for PDF content: at most 3 decimals, no trailing zeros (faster than fp_str)."""
    if v == int(v):
        return str(int(v))
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class Shaped(NamedTuple):
    """One run of text shaped with one font.  All lengths in 1/1000 em.

    ``advance``: total advance width.  ``codes``: one character per glyph, the code
    under which ReportLab's subsetting knows the glyph.  ``pre``/``post``: the TJ
    adjustment before/after each glyph (positive moves left, PDF convention).
    ``rise``: vertical offset of each glyph (positive up).  ``plain``: no adjustment
    and no rise anywhere.  ``cluster_starts``: indices of the glyphs (> 0) that begin
    a new grapheme cluster between two Thai characters: where Thai distributed
    justification may add space inside a word (:func:`.thaibreak.cluster_boundaries`).
    """

    advance: float
    codes: str
    pre: tuple[float, ...]
    post: tuple[float, ...]
    rise: tuple[float, ...]
    plain: bool
    cluster_starts: tuple[int, ...] = ()


class _FontShaper:
    """HarfBuzz font and glyph→code table of one ReportLab TTFont."""

    def __init__(self, ttf: TTFont):
        self.ttf = ttf
        face = uharfbuzz.Face(uharfbuzz.Blob(ttf.face._ttf_data))
        self.hb_font = uharfbuzz.Font(face)
        self.scale = 1000.0 / face.upem
        self.codes: dict[int, str] = {}

    def code(self, gid: int) -> str:
        """The character ReportLab's subsetting maps to glyph ``gid`` (allocated if none)."""
        c = self.codes.get(gid)
        if c is not None:
            return c
        face = self.ttf.face
        if gid == 0:
            # code 0 is not in the cmap: splitString encodes it as byte 0 = .notdef
            c = "\0" if 0 not in face.charToGlyph else chr(_private_code(face, 0, self.hb_font, self.scale))
        else:
            chars = [u for u in face.glyphToChar.get(gid, ()) if face.charToGlyph.get(u) == gid and u != 0xA0]
            c = chr(chars[0] if chars else _private_code(face, gid, self.hb_font, self.scale))
        self.codes[gid] = c
        return c


def _private_code(face, gid: int, hb_font, scale: float) -> int:
    """Give glyph ``gid`` a free private-use code in the ReportLab face tables.

    Raises ValueError when the private-use area of the font is full (6400 glyphs).
    """
    code = _PRIVATE_FIRST
    while code in face.charToGlyph:
        code += 1
    if code > _PRIVATE_LAST:
        raise ValueError(f"no free private-use code left in font {face.name!r}")
    face.charToGlyph[code] = gid
    face.glyphToChar.setdefault(gid, []).append(code)
    face.charWidths[code] = round(hb_font.get_glyph_h_advance(gid) * scale)
    return code


_shapers: WeakKeyDictionary[TTFont, _FontShaper] = WeakKeyDictionary()


def _shaper(ttf: TTFont) -> _FontShaper:
    s = _shapers.get(ttf)
    if s is None:
        s = _shapers[ttf] = _FontShaper(ttf)
    return s


def _clean(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (HarfBuzz and UTF-16 need valid text)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


@lru_cache(maxsize=131072)
def shape(ttf: TTFont, text: str) -> Shaped:
    """Shape ``text`` with the TrueType font ``ttf`` (HarfBuzz, default OpenType features).

    Cached by (font object, text); sizes scale the result (see :class:`Shaped`).
    Never raises for a str: characters the font lacks become .notdef glyphs.
    """
    sh = _shaper(ttf)
    buf = uharfbuzz.Buffer()
    buf.add_str(_clean(text))
    buf.guess_segment_properties()
    uharfbuzz.shape(sh.hb_font, buf, {})
    scale = sh.scale
    widths = ttf.face.charWidths
    default_width = ttf.face.defaultWidth
    codes, pre, post, rise = [], [], [], []
    advance = 0.0
    slots = _thai_cluster_slots(text)
    starts = []
    prev_cluster = None
    for k, (info, pos) in enumerate(zip(buf.glyph_infos, buf.glyph_positions)):
        if k and info.cluster != prev_cluster and info.cluster in slots:
            starts.append(k)
        prev_cluster = info.cluster
        c = sh.code(info.codepoint)
        x_adv = pos.x_advance * scale
        x_off = pos.x_offset * scale
        # the PDF advances by the glyph's width in the font's /Widths array
        w = widths.get(ord(c), default_width) if c != "\0" else default_width
        codes.append(c)
        pre.append(-x_off)
        post.append(w - x_adv + x_off)
        rise.append(pos.y_offset * scale)
        advance += x_adv
    plain = not any(pre) and not any(post) and not any(rise)
    return Shaped(advance, "".join(codes), tuple(pre), tuple(post), tuple(rise), plain, tuple(starts))


def _is_thai(c: str) -> bool:
    return "\u0e00" <= c <= "\u0e7f"


def _thai_cluster_slots(text: str) -> frozenset[int]:
    """Character offsets where a grapheme cluster starts between two Thai characters."""
    return frozenset(i for i in cluster_boundaries(text) if _is_thai(text[i - 1]) and _is_thai(text[i]))


@lru_cache(maxsize=131072)
def shape_plain(ttf: TTFont, text: str) -> Shaped:
    """``text`` set without shaping: one glyph per character from the font's cmap.

    What stock ReportLab does (``THAI_TEXT_NOTES.md``): marks keep their default place
    (tone marks collide with upper vowels, ญ/ฐ keep their descender) and sara am is not
    decomposed.  For comparison and benchmarks only (``typeset --no-shaping``).  Same
    units and caching as :func:`shape`; a character missing from the font is .notdef.
    """
    face = ttf.face
    widths = face.charWidths
    text = _clean(text)
    codes = "".join(c if ord(c) in face.charToGlyph else "\0" for c in text)
    advance = float(sum(widths.get(ord(c), face.defaultWidth) if c != "\0" else face.defaultWidth for c in codes))
    n = len(codes)
    zeros = (0.0,) * n
    slots = _thai_cluster_slots(text)
    return Shaped(advance, codes, zeros, zeros, zeros, True, tuple(sorted(slots)))


class _Segment(NamedTuple):
    subset: int
    rise: float
    elements: str  # the inside of a TJ array


# per document: (font, text, shaping) -> encoded segments; the subset codes depend on the document
_encoded: WeakKeyDictionary[object, dict] = WeakKeyDictionary()


def _encode(ttf: TTFont, shaped: Shaped, doc, cluster_gap: str = "") -> tuple[_Segment, ...]:
    """``shaped`` encoded for ``doc``'s subsets of ``ttf``.

    ``cluster_gap``: a TJ adjustment inserted before every glyph of
    ``shaped.cluster_starts`` (Thai distributed justification), or "".
    """
    out: list[_Segment] = []
    starts = frozenset(shaped.cluster_starts) if cluster_gap else frozenset()
    k = 0
    for subset, chunk in ttf.splitString(shaped.codes, doc):
        if shaped.plain and not starts:
            out.append(_Segment(subset, 0.0, f"({escapePDF(chunk)})"))
            k += len(chunk)
            continue
        elems: list[str] = []
        lit = bytearray()
        cur_rise = shaped.rise[k]

        def flush():
            if lit:
                elems.append(f"({escapePDF(bytes(lit))})")
                lit.clear()

        for byte in chunk:
            r = shaped.rise[k]
            if r != cur_rise:
                flush()
                out.append(_Segment(subset, cur_rise, " ".join(elems)))
                elems, cur_rise = [], r
            if k in starts:
                flush()
                elems.append(cluster_gap)
            if shaped.pre[k]:
                flush()
                elems.append(num(shaped.pre[k]))
            lit.append(byte)
            if shaped.post[k]:
                flush()
                elems.append(num(shaped.post[k]))
            k += 1
        flush()
        out.append(_Segment(subset, cur_rise, " ".join(elems)))
    return tuple(out)


def actual_text(text: str) -> str:
    """PDF hex string (with BOM) of ``text`` in UTF-16BE, for ``/ActualText``."""
    return "<FEFF" + _clean(text).encode("utf-16-be").hex().upper() + ">"


def run_code(doc, ttf: TTFont, size: float, items, shaping: bool = True) -> str:
    """PDF operators (inside BT/ET) that draw one run of one font at the current point.

    ``items``: (text, after, cluster) tuples in drawing order: the source text, the
    space (pt) added after it, and the space (pt) added between the Thai grapheme
    clusters inside it (:attr:`Shaped.cluster_starts`);
    ``size`` in pt; ``shaping``: HarfBuzz (:func:`shape`) or the plain cmap
    (:func:`shape_plain`).  The run is one marked-content span whose ``/ActualText``
    is the items' text, so the added spaces never reach extracted text.  The text
    position ends after the run, so consecutive runs continue on the same line.
    """
    cache = _encoded.get(doc)
    if cache is None:
        cache = _encoded[doc] = {}
    shaper = shape if shaping else shape_plain
    parts = [f"/Span <</ActualText {actual_text(''.join(it[0] for it in items))}>> BDC"]
    cur_subset, cur_rise = None, 0.0
    tj: list[str] = []
    for text, after, cluster in items:
        if cluster:
            segs = _encode(ttf, shaper(ttf, text), doc, tj_gap(cluster, size))
        else:
            key = (ttf, text, shaping)
            segs = cache.get(key)
            if segs is None:
                segs = cache[key] = _encode(ttf, shaper(ttf, text), doc)
        for subset, rise, elements in segs:
            if subset != cur_subset or rise != cur_rise:
                if tj:
                    parts.append(f"[{' '.join(tj)}] TJ")
                    tj = []
                if subset != cur_subset:
                    name = cache.get((ttf, subset))
                    if name is None:
                        name = cache[(ttf, subset)] = ttf.getSubsetInternalName(subset, doc)
                    parts.append(f"{name} {num(size)} Tf")
                    cur_subset = subset
                if rise != cur_rise:
                    parts.append(f"{num(rise * size / 1000)} Ts")
                    cur_rise = rise
            if elements:
                tj.append(elements)
        if after:
            tj.append(tj_gap(after, size))
    if tj:
        parts.append(f"[{' '.join(tj)}] TJ")
    if cur_rise:
        parts.append("0 Ts")
    parts.append("EMC")
    return "\n".join(parts)


def tj_gap(extra: float, size: float) -> str:
    """A TJ adjustment that moves the pen ``extra`` pt to the right at font size ``size`` pt."""
    return num(-extra * 1000 / size)
