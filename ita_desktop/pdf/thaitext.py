"""The Thai text layer every PDF of the program uses, on top of ReportLab.

* :class:`ThaiBreaker` (from :mod:`.thaibreak`): where a line may break.
* :class:`ThaiParagraph`: a ReportLab flowable for frames and table cells that wraps
  at those breaks, measures and draws HarfBuzz-shaped text and keeps the source text
  extractable (:mod:`.thaishape`).
* :func:`escape`, :func:`thai_digits`, :func:`doc_template`.

Units: points (pt) everywhere.  The facts behind the design (what stock ReportLab does
with Thai) are in ``shared/docs/THAI_TEXT_NOTES.md``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import NamedTuple

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from ita_desktop.domain.fiscal import THAI_DIGITS

from . import fonts
from .thaibreak import ThaiBreaker, cluster_boundaries, grapheme_clusters
from .thaishape import num, run_code, shape, shape_plain, tj_gap

__all__ = ["ThaiBreaker", "ThaiParagraph", "escape", "link", "numbered_list", "thai_digits",
           "doc_template", "table_style", "grapheme_clusters"]

_EPS = 1e-6
_WORD, _SPACE, _BREAK = 0, 1, 2


def escape(s: str) -> str:
    """Make plain text literal inside :class:`ThaiParagraph` markup.

    ``&`` → ``&amp;``, ``<`` → ``&lt;``, ``>`` → ``&gt;``.  Newlines stay (they are
    forced line breaks).

    >>> escape("R&D <b>")
    'R&amp;D &lt;b&gt;'
    """
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, text: str | None = None) -> str:
    """Markup of a clickable link to ``url`` showing ``text`` (default: the URL itself).

    >>> link("https://x.go.th/a?id=1&b=2")
    '<a href="https://x.go.th/a?id=1&amp;b=2">https://x.go.th/a?id=1&amp;b=2</a>'
    """
    href = escape(url).replace('"', "&quot;")
    return f'<a href="{href}">{escape(url if text is None else text)}</a>'


_MARKUP = re.compile(r'<(/?)([bi])>|<a\s+href="([^"<>]*)"\s*>|(</a>)|&(amp|lt|gt|quot);|\r\n|\r|\n|\t')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}
_BOLD, _ITALIC = 1, 2


class _Span(NamedTuple):
    text: str
    flags: int          # _BOLD | _ITALIC
    href: str | None    # the link target, unescaped


def _unescape(s: str) -> str:
    return re.sub(r"&(amp|lt|gt|quot);", lambda m: _ENTITIES[m.group(1)], s)


def _parse(text: str) -> list[list[_Span]]:
    """Markup → hard lines, each a list of spans.

    ``<b>``/``</b>`` and ``<i>``/``</i>`` may nest and may sit inside a word; an
    unclosed tag lasts to the end.  ``<a href="…">`` starts a link that ``</a>`` (or
    the next ``<a …>``) ends.  A tab is a space.  Anything else (an unknown tag, a
    lone ``&`` or ``<``) is literal text.
    """
    lines: list[list[_Span]] = [[]]
    bold = italic = 0
    href: str | None = None
    pos = 0

    def flags() -> int:
        return (_BOLD if bold else 0) | (_ITALIC if italic else 0)

    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            lines[-1].append(_Span(text[pos:m.start()], flags(), href))
        pos = m.end()
        closing, tag, url, end_link, entity = m.groups()
        if tag == "b":
            bold = max(bold - 1, 0) if closing else bold + 1
        elif tag == "i":
            italic = max(italic - 1, 0) if closing else italic + 1
        elif url is not None:
            href = _unescape(url)
        elif end_link:
            href = None
        elif entity:
            lines[-1].append(_Span(_ENTITIES[entity], flags(), href))
        elif m.group() == "\t":
            lines[-1].append(_Span(" ", flags(), href))
        else:
            lines.append([])
    if pos < len(text):
        lines[-1].append(_Span(text[pos:], flags(), href))
    return lines


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"\u0e00-\u0e7f]*[^\s<>\"\u0e00-\u0e7f.,;:!?)\]}'’”]")


def _autolink(lines: list[list[_Span]]) -> list[list[_Span]]:
    """Spans with every bare URL (``http://``, ``https://``, ``www.``) outside a link made a link."""
    out = []
    for spans in lines:
        new: list[_Span] = []
        for sp in spans:
            if sp.href is not None or ("://" not in sp.text and "www." not in sp.text):
                new.append(sp)
                continue
            pos = 0
            for m in _URL.finditer(sp.text):
                if m.start() > pos:
                    new.append(_Span(sp.text[pos:m.start()], sp.flags, None))
                url = m.group()
                new.append(_Span(url, sp.flags, url if "://" in url else "http://" + url))
                pos = m.end()
            if pos < len(sp.text):
                new.append(_Span(sp.text[pos:], sp.flags, None))
        out.append(new)
    return out


class _Piece(NamedTuple):
    """An unbreakable piece: its (font, text) runs, width in pt, kind and link target."""

    runs: tuple[tuple[TTFont, str], ...]
    width: float
    kind: int  # _WORD, _SPACE or _BREAK (a forced line break, no runs)
    href: str | None = None

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


class _Line(NamedTuple):
    pieces: tuple[_Piece, ...]
    width: float  # of the drawn pieces (pt)
    last: bool    # ends the paragraph or a forced break: never justified


_Runs = tuple[tuple[TTFont, str], ...]


def _slice_runs(runs: _Runs, a: int, b: int) -> _Runs:
    """The runs covering characters [a, b) of the concatenated run texts."""
    out, pos = [], 0
    for font, t in runs:
        lo, hi = max(a - pos, 0), min(b - pos, len(t))
        if lo < hi:
            out.append((font, t[lo:hi]))
        pos += len(t)
    return tuple(out)


def _needs_glyph(c: str) -> bool:
    """False for characters no font needs to draw: controls, format characters, spaces
    (HarfBuzz hides default-ignorables such as ZWJ and ZWSP and synthesises Unicode
    spaces from the space glyph)."""
    return unicodedata.category(c) not in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cs")


#: Weight of a space against a boundary between Thai clusters in distributed
#: justification: a space takes this many times the extra space of such a boundary.
SPACE_WEIGHT = 2.0
#: Largest extra space (em) between two Thai clusters of a justified line that has
#: spaces; the spaces take whatever room is left (a line without spaces spreads all).
MAX_CLUSTER_SPACING_EM = 0.1
#: Largest extra space (em) a space of a justified line takes before the clusters
#: get more than :data:`MAX_CLUSTER_SPACING_EM` after all.
MAX_SPACE_STRETCH_EM = 1.0
#: A word that does not fit is cut between the words of a compound when the line would
#: otherwise stay emptier than this fraction of its width (หน่วยงาน|ภาครัฐ; office
#: names are never cut this way).
LOOSE_LINE = 0.2

_log = logging.getLogger(__name__)
_warned: set[str] = set()   # characters already reported missing (one warning per character per run)


class ThaiParagraph(Flowable):
    """A paragraph of Thai (and Latin) text for SimpleDocTemplate stories and Table cells.

    ``text``: plain Unicode with a small markup: ``<b>…</b>`` bold and ``<i>…</i>``
    italic (may nest, may sit inside a word), ``<a href="URL">…</a>`` a clickable link
    (:func:`link`), ``\\n`` a forced line break, a tab a space, ``&amp;`` ``&lt;``
    ``&gt;`` ``&quot;`` for literal ``& < > "`` (use :func:`escape`).  ``style``: a
    ReportLab ParagraphStyle whose ``fontName`` is a registered TrueType font of a
    family (:func:`fonts.register_family`); used: fontName, fontSize, leading,
    alignment (TA_LEFT/TA_CENTER/TA_RIGHT/TA_JUSTIFY), leftIndent, rightIndent,
    firstLineIndent, textColor, spaceBefore, spaceAfter (all pt).  ``breaker``: where
    lines may break.

    Keyword options:

    * ``first_line_indent`` (pt) overrides ``style.firstLineIndent``.
    * ``thai_digits``: print the digits of the text (not of links, URLs, e-mail
      addresses, item codes or file names: :func:`thai_digits`) as ๐–๙.
    * ``shaping``: False sets each character's own glyph without HarfBuzz, as stock
      ReportLab does (for comparisons and ``typeset --no-shaping`` only).
    * ``label``, ``label_indent``: a list label (``"๑."``, ``"•"``) drawn on the first
      line at ``label_indent`` pt from the left edge; with ``style.leftIndent`` larger
      than the label this gives a hanging indent (:func:`numbered_list`).
    * ``autolink``: make every bare URL (``http://``, ``https://``, ``www.``) a link.
    * ``fallbacks``: registered TrueType fonts tried, in order, for a character the
      style's font lacks (default: :func:`fonts.fallback_font_for`, the fonts installed
      on this machine).  A character no
      font has is drawn as the font's missing-glyph box, listed in :attr:`missing` and
      logged as a warning; it still reaches the extracted text.

    Layout: greedy line filling over the breaker's pieces, widths measured on the
    shaped text.  The text of a link is one piece: a line never breaks inside it
    unless the link alone is wider than the line.  White space at the ends of a line
    is not drawn.  A piece wider than the line starts a new line and is cut,
    preferably between the words of a compound or after a URL separator
    (:meth:`ThaiBreaker.compound_cuts`), else between grapheme clusters.

    Justified lines use Thai distributed justification: the spare width is spread
    over every boundary between Thai grapheme clusters, between pieces and at spaces
    (a space weighs :data:`SPACE_WEIGHT`), so a line with few spaces gets no big gap;
    clusters move apart by at most :data:`MAX_CLUSTER_SPACING_EM` when the line has
    spaces to take the rest (each at most :data:`MAX_SPACE_STRETCH_EM` wider).  A justified line that would stay emptier than :data:`LOOSE_LINE`
    because the next word is long takes the first words of that compound
    (:meth:`ThaiBreaker.compound_cuts`; only Thai words, never a link, a URL or
    one of the breaker's extra words).
    The last line and lines ended by ``\\n`` are not justified.  Each line is
    ``style.leading`` high; the baseline sits the font's descent above the bottom of
    its line.

    ``split`` is line-exact (a page break neither loses nor repeats a line) and
    returns ``[]`` only when not even one line fits.  Drawing is shaped and each run
    carries ``/ActualText`` with its source text, so copy-paste gives the source.

    Raises ValueError when ``style.fontName`` (or a face of its family) is not a
    registered TrueType font; KeyError when it is not registered at all.
    """

    def __init__(self, text: str, style: ParagraphStyle, breaker: ThaiBreaker, *,
                 first_line_indent: float | None = None, thai_digits: bool = False,
                 shaping: bool = True, label: str | None = None, label_indent: float = 0.0,
                 fallbacks: tuple[str, ...] | None = None, autolink: bool = True):
        super().__init__()
        self.text = text
        self.style = style
        self.breaker = breaker
        self._indent = style.firstLineIndent if first_line_indent is None else first_line_indent
        self._ends_paragraph = True
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self.shaping = shaping
        self._shape = shape if shaping else shape_plain
        self.label = label
        self.label_indent = label_indent
        faces = {}
        for flags in (0, _BOLD, _ITALIC, _BOLD | _ITALIC):
            font = pdfmetrics.getFont(fonts.face_name(style.fontName, bool(flags & _BOLD), bool(flags & _ITALIC)))
            if not isinstance(font, TTFont):
                raise ValueError(f"ThaiParagraph needs a registered TrueType font, not {font.fontName!r}")
            faces[flags] = font
        self._faces = faces
        self._fallbacks = None if fallbacks is None else tuple(
            f for f in (pdfmetrics.getFont(n) for n in fallbacks) if isinstance(f, TTFont))
        self.missing: frozenset[str] = frozenset()
        lines = _parse(text)
        if autolink:
            lines = _autolink(lines)
        if thai_digits:
            lines = [[_Span(_thai_digits(s.text), s.flags, s.href) if s.href is None else s for s in spans]
                     for spans in lines]
        self._pieces = self._build_pieces(lines, style.fontSize)
        new = self.missing - _warned
        if new:
            _warned.update(new)
            _log.warning("ไม่มีตัวอักษรนี้ในฟอนต์ใด พิมพ์เป็นกรอบสี่เหลี่ยม / characters not in any font, "
                         "printed as boxes: %s", " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(new)))
        self._layouts: dict[float, list[_Line]] = {}
        self._lines: list[_Line] = []
        self.width = self.height = 0.0

    # -- pieces -----------------------------------------------------------------------

    def _make_piece(self, runs: _Runs, size: float, kind: int, href: str | None = None) -> _Piece:
        width = 0.0
        for font, t in runs:
            width += self._shape(font, t).advance
        return _Piece(runs, width * size / 1000.0, kind, href)

    def _fonts_of(self, spans: list[_Span], plain: str) -> list[TTFont] | None:
        """One font per character of ``plain``, or None when the regular face draws all.

        The face follows the span's bold/italic flags; a grapheme cluster whose
        characters that face lacks goes to the first fallback font that has them all
        (else the first that has its first character); a cluster keeps one font.
        """
        regular = self._faces[0]
        cmap = regular.face.charToGlyph
        plain_style = all(s.flags == 0 for s in spans)
        if plain_style and all(ord(c) in cmap or not _needs_glyph(c) for c in set(plain)):
            return None
        font_of: list[TTFont] = []
        for s in spans:
            font_of.extend([self._faces[s.flags]] * len(s.text))
        cuts = [0, *cluster_boundaries(plain), len(plain)]
        missing = set()
        for a, b in zip(cuts, cuts[1:]):
            base = font_of[a]
            need = [c for c in plain[a:b] if _needs_glyph(c)]
            chosen = base
            if any(ord(c) not in base.face.charToGlyph for c in need):
                chosen = self._fallback_for("".join(need)) or self._fallback_for(plain[a]) or base
                missing.update(c for c in need if ord(c) not in chosen.face.charToGlyph)
            for i in range(a, b):
                font_of[i] = chosen
        if missing:
            self.missing = self.missing | missing
        return font_of

    def _fallback_for(self, chars: str) -> TTFont | None:
        if not chars:
            return None
        if self._fallbacks is None:
            return fonts.fallback_font_for(chars)
        return next((f for f in self._fallbacks if all(ord(c) in f.face.charToGlyph for c in chars)), None)

    def _build_pieces(self, lines: list[list[_Span]], size: float) -> tuple[_Piece, ...]:
        pieces: list[_Piece] = []
        regular = self._faces[0]
        for n, spans in enumerate(lines):
            if n:
                pieces.append(_Piece((), 0.0, _BREAK))
            plain = "".join(s.text for s in spans)
            if not plain:
                continue
            font_of = self._fonts_of(spans, plain)
            segs = self.breaker.segments(plain)
            hrefs = None
            if any(s.href is not None for s in spans):
                hrefs = []
                for s in spans:
                    hrefs.extend([s.href] * len(s.text))
                segs = _join_links(plain, segs, hrefs)
            pos = 0
            for seg in segs:
                kind = _SPACE if seg.isspace() else _WORD
                href = hrefs[pos] if hrefs is not None else None
                if font_of is None:
                    runs = ((regular, seg),)
                else:
                    runs, start = [], 0
                    for i in range(1, len(seg) + 1):
                        if i == len(seg) or font_of[pos + i] is not font_of[pos + start]:
                            runs.append((font_of[pos + start], seg[start:i]))
                            start = i
                    runs = tuple(runs)
                pieces.append(self._make_piece(runs, size, kind, href))
                pos += len(seg)
        return tuple(pieces)

    @classmethod
    def _part(cls, whole: ThaiParagraph, pieces, *, first: bool, last: bool) -> ThaiParagraph:
        """A part of ``whole`` made of ``pieces`` (for split)."""
        p = cls.__new__(cls)
        Flowable.__init__(p)
        p.__dict__.update({k: v for k, v in whole.__dict__.items() if k not in ("canv",)})
        p.text = whole._markup(pieces)
        p._indent = whole._indent if first else 0.0
        p._ends_paragraph = whole._ends_paragraph if last else False
        p.spaceBefore = whole.spaceBefore if first else 0
        p.spaceAfter = whole.spaceAfter if last else 0
        p.label = whole.label if first else None
        p._pieces = tuple(pieces)
        p._layouts, p._lines = {}, []
        p.width = p.height = 0.0
        return p

    def _markup(self, pieces) -> str:
        """Markup that gives ``pieces`` again (fallback fonts become their style's face)."""
        flags_of = {font: flags for flags, font in self._faces.items()}
        out = []
        for pc in pieces:
            if pc.kind == _BREAK:
                out.append("\n")
                continue
            body = []
            for font, t in pc.runs:
                flags = flags_of.get(font, 0)
                t = escape(t)
                if flags & _ITALIC:
                    t = f"<i>{t}</i>"
                if flags & _BOLD:
                    t = f"<b>{t}</b>"
                body.append(t)
            body = "".join(body)
            out.append(body if pc.href is None else f'<a href="{escape(pc.href).replace(chr(34), "&quot;")}">{body}</a>')
        return "".join(out)

    def line_texts(self) -> list[str]:
        """The text drawn on each line of the latest :meth:`wrap` (white space at the
        ends of a line is not drawn)."""
        return ["".join(p.text for p in self._drawn(line.pieces)) for line in self._lines]

    @property
    def plain_text(self) -> str:
        """The text this flowable draws, without markup (``\\n`` for forced breaks).

        The plain texts of the parts returned by :meth:`split`, concatenated, equal the
        plain text of the whole.
        """
        return "".join("\n" if p.kind == _BREAK else p.text for p in self._pieces)

    # -- layout ---------------------------------------------------------------------

    def _text_width(self, avail_width: float) -> float:
        return avail_width - self.style.leftIndent - self.style.rightIndent

    def _layout(self, width: float) -> list[_Line]:
        """Lines for a text width of ``width`` pt (cached per width)."""
        lines = self._layouts.get(width)
        if lines is not None:
            return lines
        lines = []
        cur: list[_Piece] = []
        cur_w = 0.0        # drawn width up to the last word
        spaces_w = 0.0     # white space after the last word
        has_word = False
        size = self.style.fontSize
        justify = self.style.alignment == TA_JUSTIFY

        def avail() -> float:
            return width - (self._indent if not lines else 0.0)

        def close(last: bool):
            nonlocal cur, cur_w, spaces_w, has_word
            lines.append(_Line(tuple(cur), cur_w, last))
            cur, cur_w, spaces_w, has_word = [], 0.0, 0.0, False

        for piece in self._pieces:
            if piece.kind == _BREAK:
                cur.append(piece)
                close(True)
                continue
            if piece.kind == _SPACE:
                cur.append(piece)
                if has_word:
                    spaces_w += piece.width
                continue
            if has_word and cur_w + spaces_w + piece.width > avail() + _EPS:
                room = avail() - cur_w - spaces_w
                head = None
                if (justify and room > LOOSE_LINE * avail() and piece.href is None and _is_thai(piece.text[0])
                        and piece.text not in self.breaker.extra_words):
                    head, rest = self._cut(piece, room, size, compounds_only=True)
                if head is not None:
                    cur.append(head)
                    cur_w += spaces_w + head.width
                    piece = rest
                close(False)
            while piece.width > avail() + _EPS and len(piece.text) > 1:
                head, piece = self._cut(piece, avail(), size)
                if head is None:
                    break
                cur.append(head)
                cur_w, has_word = head.width, True
                close(False)
            cur.append(piece)
            cur_w += spaces_w + piece.width
            spaces_w, has_word = 0.0, True
        if cur:
            close(self._ends_paragraph)
        if len(self._layouts) > 8:
            self._layouts.clear()
        self._layouts[width] = lines
        return lines

    def _cut(self, piece: _Piece, width: float, size: float, *,
             compounds_only: bool = False) -> tuple[_Piece | None, _Piece]:
        """Cut a piece wider than ``width`` pt: (head that fits, rest).

        Prefers the widest head that ends between two dictionary words of a compound
        (หลัก|เกณฑ์, :meth:`ThaiBreaker.compound_cuts`), else the widest head that ends
        between grapheme clusters; the head holds at least one cluster.  (None, piece)
        when the piece is a single cluster, or when ``compounds_only`` and no
        compound cut fits.  Both parts keep the piece's link.
        """
        text = piece.text

        def head_width(c: int) -> float:
            return self._make_piece(_slice_runs(piece.runs, 0, c), size, _WORD).width

        fitting = [c for c in self.breaker.compound_cuts(text) if head_width(c) <= width + _EPS]
        if fitting:
            best = fitting[-1]
        elif compounds_only:
            return None, piece
        else:
            cuts = cluster_boundaries(text)
            if not cuts:
                return None, piece
            lo, hi = 0, len(cuts) - 1  # binary search: the widest head that fits
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if head_width(cuts[mid]) <= width + _EPS:
                    lo = mid
                else:
                    hi = mid - 1
            best = cuts[lo]
        head = self._make_piece(_slice_runs(piece.runs, 0, best), size, _WORD, piece.href)
        rest = self._make_piece(_slice_runs(piece.runs, best, len(text)), size, _WORD, piece.href)
        return head, rest

    # -- Flowable protocol ------------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay out for ``availWidth`` pt; returns (availWidth, lines × leading) in pt."""
        self.width = availWidth
        self._lines = self._layout(self._text_width(availWidth))
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def natural_width(self) -> float:
        """Width (pt) of the whole text set on one line, plus the indents (forced breaks ignored)."""
        return (sum(p.width for p in self._pieces) + self.style.leftIndent + self.style.rightIndent
                + max(self._indent, 0.0))

    def minWidth(self) -> float:
        """Width (pt) of the widest unbreakable piece plus the indents.

        Narrower widths still work: the piece is then cut between grapheme clusters.
        """
        widest = max((p.width for p in self._pieces if p.kind == _WORD), default=0.0)
        return widest + self.style.leftIndent + self.style.rightIndent + max(self._indent, 0.0)

    def split(self, availWidth: float, availHeight: float) -> list[ThaiParagraph]:
        """Split after as many whole lines as fit in ``availHeight`` pt.

        Returns ``[]`` when not even one line fits, ``[self]`` when all fit, else
        ``[first, rest]``: ``first`` draws exactly the lines that fit, ``rest`` the
        others (no first-line indent, no label, no space before; a justified
        paragraph keeps its last line of ``first`` justified).

        ReportLab 5.1's ``Table._splitCell`` passes the column width, not the cell's
        content width that ``wrap`` got, so when this flowable was wrapped at a
        narrower width the lines of that wrap are used.
        """
        if self.width and availWidth > self.width:
            availWidth = self.width
        lines = self._layout(self._text_width(availWidth))
        n = int((availHeight + _EPS) // self.style.leading) if self.style.leading > 0 else len(lines)
        if n >= len(lines):
            return [self]
        if n <= 0:
            return []
        head = [p for line in lines[:n] for p in line.pieces]
        tail = [p for line in lines[n:] for p in line.pieces]
        first = ThaiParagraph._part(self, head, first=True, last=False)
        rest = ThaiParagraph._part(self, tail, first=False, last=True)
        # Keep the very lines measured here: laying the parts out afresh could join
        # pieces that a cut had separated and give other lines than were counted.
        key = self._text_width(availWidth)
        first._layouts[key], rest._layouts[key] = lines[:n], lines[n:]
        return [first, rest]

    def _slots(self, piece: _Piece) -> tuple[int, list[float]]:
        """Boundaries between Thai clusters inside a word piece: (count, per run count)."""
        counts = []
        for r, (font, t) in enumerate(piece.runs):
            c = len(self._shape(font, t).cluster_starts)
            if r and _is_thai(piece.runs[r - 1][1][-1]) and _is_thai(t[0]) and not _joins(t[0]):
                c += 1  # the boundary between two runs (a font change inside a word)
            counts.append(c)
        return sum(counts), counts

    def draw(self) -> None:
        """Draw the lines of the latest wrap on ``self.canv`` (shaped, with ActualText),
        the list label, and the links (blue, underlined, clickable)."""
        if not self._lines:
            return
        canv = self.canv
        style = self.style
        size = style.fontSize
        leading = style.leading
        doc = canv._doc
        text_width = self._text_width(self.width)
        descent = -self._faces[0].face.descent * size / 1000.0
        justify = style.alignment == TA_JUSTIFY
        color = _rgb(style.textColor)
        code = []
        links = []
        for i, line in enumerate(self._lines):
            drawn = self._drawn(line.pieces)
            y = self.height - i * leading - (leading - descent)
            if i == 0 and self.label:
                code.append(f"BT\n1 0 0 1 {num(self.label_indent)} {num(y)} Tm")
                code.append(run_code(doc, self._faces[0], size, [(self.label, 0.0, 0.0)], self.shaping))
                code.append("ET")
            if not drawn:
                continue
            indent = self._indent if i == 0 else 0.0
            room = text_width - indent - line.width
            x = style.leftIndent + indent
            unit = space_unit = 0.0
            slots = None
            if style.alignment == TA_RIGHT:
                x += room
            elif style.alignment == TA_CENTER:
                x += room / 2
            elif justify and not line.last and room > _EPS:
                slots = [self._slots(p) if p.kind == _WORD else (0, []) for p in drawn]
                clusters = sum(sl[0] for sl in slots) + sum(self._after_kind(drawn, k) == _WORD
                                                             for k in range(len(drawn)))
                spaces = sum(self._after_kind(drawn, k) == _SPACE for k in range(len(drawn)))
                if clusters + spaces:
                    unit = room / (clusters + SPACE_WEIGHT * spaces)
                    space_unit = SPACE_WEIGHT * unit
                    cap = MAX_CLUSTER_SPACING_EM * size
                    if unit > cap and spaces:   # letters no looser than the cap: spaces take the rest,
                        space_unit = (room - clusters * cap) / spaces   # up to MAX_SPACE_STRETCH_EM each
                        unit = cap
                        most = MAX_SPACE_STRETCH_EM * size
                        if space_unit > most and clusters:
                            space_unit = max(SPACE_WEIGHT * room / (clusters + SPACE_WEIGHT * spaces), most)
                            unit = (room - spaces * space_unit) / clusters
            code.append(f"BT\n1 0 0 1 {num(x)} {num(y)} Tm")
            if not unit and not any(p.href is not None for p in drawn):
                # the common case: no justification, no link: runs of one font
                run_font, items = None, []
                for piece in drawn:
                    for font, t in piece.runs:
                        if font is not run_font and items:
                            code.append(run_code(doc, run_font, size, items, self.shaping))
                            items = []
                        run_font = font
                        items.append((t, 0.0, 0.0))
                code.append(run_code(doc, run_font, size, items, self.shaping))
                code.append("ET")
                continue
            # runs: consecutive items of one font and one link
            run_font, run_href, items = None, None, []
            pos = x
            for k, piece in enumerate(drawn):
                kind = self._after_kind(drawn, k) if unit else None
                after = unit if kind == _WORD else space_unit if kind == _SPACE else 0.0
                counts = slots[k][1] if unit else [0] * len(piece.runs)
                start = pos
                for r, (font, t) in enumerate(piece.runs):
                    if (font is not run_font or piece.href != run_href) and items:
                        code.append(self._run(doc, run_font, size, items, run_href, color))
                        items = []
                    run_font, run_href = font, piece.href
                    shaped = self._shape(font, t)
                    inner = unit if unit and shaped.cluster_starts else 0.0
                    lead = unit if unit and r and counts[r] > len(shaped.cluster_starts) else 0.0
                    if lead:  # the boundary before this run inside the word
                        if items:
                            items[-1] = (items[-1][0], items[-1][1] + lead, items[-1][2])
                        else:
                            code.append(f"[{tj_gap(lead, size)}] TJ")
                    items.append((t, 0.0, inner))
                    pos += shaped.advance * size / 1000.0 + lead + inner * len(shaped.cluster_starts)
                if after:
                    items[-1] = (items[-1][0], items[-1][1] + after, items[-1][2])
                if piece.href is not None:
                    links.append((piece.href, start, pos, y))
                pos += after
            if items:
                code.append(self._run(doc, run_font, size, items, run_href, color))
            code.append("ET")
        if code:
            canv.saveState()
            canv.setFillColor(style.textColor)
            canv.addLiteral("\n".join(code))
            canv.restoreState()
        if links:
            self._draw_links(links, size)

    @staticmethod
    def _after_kind(drawn: tuple[_Piece, ...], k: int) -> int | None:
        """What the justification space after piece ``k`` of a line stretches: a space
        (_SPACE), a boundary between two words (_WORD), or nothing (None)."""
        if k >= len(drawn) - 1:
            return None
        if drawn[k].kind == _SPACE:
            return _SPACE
        return _WORD if drawn[k + 1].kind == _WORD else None

    def _run(self, doc, font: TTFont, size: float, items, href: str | None, color: str) -> str:
        code = run_code(doc, font, size, items, self.shaping)
        if href is None:
            return code
        return f"{LINK_COLOR_OP}\n{code}\n{color}"

    def _draw_links(self, links, size: float) -> None:
        """Underline each link piece and make it clickable (a URI annotation per piece)."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColorRGB(*LINK_RGB)
        canv.setLineWidth(max(size * 0.05, 0.4))
        merged: list[list] = []
        for href, x0, x1, y in links:  # join neighbouring pieces of one link on one line
            if merged and merged[-1][0] == href and merged[-1][3] == y and abs(merged[-1][2] - x0) < 0.5 * size:
                merged[-1][2] = x1
            else:
                merged.append([href, x0, x1, y])
        for href, x0, x1, y in merged:
            canv.line(x0, y - size * 0.12, x1, y - size * 0.12)
            canv.linkURL(href, (x0, y - size * 0.35, x1, y + size * 0.9), relative=1, thickness=0)
        canv.restoreState()

    @staticmethod
    def _drawn(pieces: tuple[_Piece, ...]) -> tuple[_Piece, ...]:
        """The pieces of a line without its leading and trailing white space."""
        a, b = 0, len(pieces)
        while a < b and pieces[a].kind != _WORD:
            a += 1
        while b > a and pieces[b - 1].kind != _WORD:
            b -= 1
        return pieces[a:b]

    def __repr__(self) -> str:
        return f"ThaiParagraph({self.text[:40]!r}…)" if len(self.text) > 40 else f"ThaiParagraph({self.text!r})"


#: Colour of links (RGB, 0–1): a dark blue that prints legibly in grey.
LINK_RGB = (0.0, 0.2, 0.7)
LINK_COLOR_OP = "{} {} {} rg".format(*(num(v) for v in LINK_RGB))


def _rgb(color) -> str:
    r, g, b = color.rgb()
    return f"{num(r)} {num(g)} {num(b)} rg"


def _is_thai(c: str) -> bool:
    return "\u0e00" <= c <= "\u0e7f"


def _joins(c: str) -> bool:
    """True when ``c`` cannot start a grapheme cluster (it extends the one before)."""
    return not cluster_boundaries("ก" + c)


def _join_links(plain: str, segs: list[str], hrefs: list[str | None]) -> list[str]:
    """Pieces with each link's text as one piece: no break inside a link, and a break
    allowed where a link starts or ends (when that is a cluster boundary)."""
    cuts = set()
    pos = 0
    for seg in segs:
        pos += len(seg)
        cuts.add(pos)
    starts = set(cluster_boundaries(plain))
    for i in range(1, len(plain)):
        if hrefs[i] != hrefs[i - 1]:
            if i in starts:
                cuts.add(i)
        elif hrefs[i] is not None:
            cuts.discard(i)
    cuts.discard(len(plain))
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(plain)), len(plain)]
    return [plain[a:b] for a, b in zip(bounds, bounds[1:])]


def numbered_list(items, style: ParagraphStyle, breaker: ThaiBreaker, *, start: int = 1,
                  thai_digits: bool = True, bullet: str | None = None, gap: float | None = None,
                  **kwargs) -> list[ThaiParagraph]:
    """A numbered (๑. ๒. …) or bulleted list: one :class:`ThaiParagraph` per item.

    ``items``: markup strings.  Labels are ``"{n}."`` from ``start`` (Thai digits when
    ``thai_digits``, as in Thai official documents), or ``bullet`` for every item.
    The item text starts after the widest label plus ``gap`` pt (default a quarter of
    the font size); wrapped lines align with it (hanging indent).  ``kwargs`` go to
    :class:`ThaiParagraph`.  Returns [] for no items.
    """
    items = list(items)
    if not items:
        return []
    labels = [bullet if bullet is not None else f"{start + n}." for n in range(len(items))]
    if thai_digits:
        labels = [lbl.translate(THAI_DIGITS) for lbl in labels]
    regular = pdfmetrics.getFont(style.fontName)
    widest = max(shape(regular, lbl).advance for lbl in labels) * style.fontSize / 1000.0
    gap = style.fontSize * 0.25 if gap is None else gap
    item_style = ParagraphStyle(f"{style.name}-item", parent=style,
                                leftIndent=style.leftIndent + widest + gap, firstLineIndent=0)
    return [ThaiParagraph(text, item_style, breaker, label=lbl, label_indent=style.leftIndent,
                          thai_digits=thai_digits, first_line_indent=0, **kwargs)
            for text, lbl in zip(items, labels)]


# -- Thai digits -----------------------------------------------------------------------

_KEEP_DIGITS = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"\u0e00-\u0e7f]+"   # URL
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"          # e-mail address
    r"|[A-Za-z0-9_]+(?:[./_-][A-Za-z0-9_]+)*"                       # token: kept if it has a Latin letter
)
_LATIN = re.compile(r"[A-Za-z]")


def thai_digits(s: str) -> str:
    """Replace the digits 0–9 by Thai digits ๐–๙, except where they must stay Arabic.

    Kept as they are: URLs (``scheme://…``, ``www.…``), e-mail addresses, and every
    token of ASCII letters and digits (joined by ``. / _ -``) that contains a Latin
    letter: item codes (O27, e4, i12), file names (report2568.pdf), references
    (COVID-19, ISO9001).  Source: ``shared/docs/ITA_DOMAIN.md`` ("Thai digits": never
    inside URLs, e-mail addresses or item codes; published reports broke links like
    ``view_all.php?id=๘๓๑``).

    >>> thai_digits("คะแนน 80.77 ปี 2568")
    'คะแนน ๘๐.๗๗ ปี ๒๕๖๘'
    >>> thai_digits("ข้อ O27 และ e4, i12 ที่ https://x.go.th/view_all.php?id=831")
    'ข้อ O27 และ e4, i12 ที่ https://x.go.th/view_all.php?id=831'
    >>> thai_digits("ส่ง saraban2568@huaitoei.go.th ไฟล์ ita2568.pdf จำนวน 3 ไฟล์")
    'ส่ง saraban2568@huaitoei.go.th ไฟล์ ita2568.pdf จำนวน ๓ ไฟล์'
    >>> thai_digits("วันที่ 1/10/2567 ร้อยละ 100")
    'วันที่ ๑/๑๐/๒๕๖๗ ร้อยละ ๑๐๐'
    """
    out, pos = [], 0
    for m in _KEEP_DIGITS.finditer(s):
        tok = m.group()
        if not _LATIN.search(tok):
            continue  # a number (with separators): converted with the text around it
        out.append(s[pos:m.start()].translate(THAI_DIGITS))
        out.append(tok)
        pos = m.end()
    out.append(s[pos:].translate(THAI_DIGITS))
    return "".join(out)


_thai_digits = thai_digits  # ThaiParagraph's keyword of the same name hides the function


def doc_template(filename, *, font_name: str | None = None, **kwargs) -> SimpleDocTemplate:
    """A SimpleDocTemplate whose canvas starts in our font, so no Helvetica enters the PDF.

    ``filename``: path or binary file object (the program's documents pass the
    temporary path of :func:`.atomic.write_atomic`, never the clerk's file, so a failed
    build leaves that file as it was).  ``font_name``: a registered font
    (default: the bundled family, registered on demand).  ``initialFontName``,
    ``initialFontSize`` (:data:`fonts.BODY_SIZE_PT`) and ``initialLeading``
    (:data:`fonts.BODY_LEADING_PT`) are set unless given in ``kwargs``; the other
    keyword arguments go to SimpleDocTemplate (pagesize, margins in pt, title …).
    ReportLab's canvas otherwise selects the unembedded Helvetica at the start of every
    page (THAI_TEXT_NOTES.md).
    """
    if font_name is None:
        font_name = fonts.register_family()
    # Binary (Flate only) streams, not ASCII85 on top: without ReportLab's C accelerator
    # the pure-Python ASCII85 encoder took a third of the time of a 200-page table
    # (benchmarks/typeset_bench.py), and the files get a fifth smaller.
    rl_config.useA85 = 0
    kwargs.setdefault("initialFontName", font_name)
    kwargs.setdefault("initialFontSize", fonts.BODY_SIZE_PT)
    kwargs.setdefault("initialLeading", fonts.BODY_LEADING_PT)
    return SimpleDocTemplate(filename, **kwargs)


def table_style(commands=(), *, font_name: str | None = None) -> TableStyle:
    """A TableStyle whose cells use our font: ``('FONTNAME', (0, 0), (-1, -1), font)`` first.

    ReportLab's Table selects its default cell font (Helvetica, not embedded) while
    drawing every cell, even a cell that holds only flowables, so a table without this
    command puts Helvetica into the PDF (observed with reportlab 5.1).  ``commands``:
    further TableStyle commands.  ``font_name``: default the bundled family.
    """
    if font_name is None:
        font_name = fonts.register_family()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name), *commands])
