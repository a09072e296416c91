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

import re
from typing import NamedTuple

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from ita_desktop.domain.fiscal import THAI_DIGITS

from . import fonts
from .thaibreak import ThaiBreaker, cluster_boundaries, grapheme_clusters
from .thaishape import num, run_code, shape, tj_gap

__all__ = ["ThaiBreaker", "ThaiParagraph", "escape", "thai_digits", "doc_template",
           "table_style", "grapheme_clusters"]

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


_MARKUP = re.compile(r"<b>|</b>|&amp;|&lt;|&gt;|\r\n|\r|\n")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


def _parse(text: str) -> list[list[tuple[str, bool]]]:
    """Markup → hard lines, each a list of (text, bold) spans.

    ``<b>``/``</b>`` may nest and may sit inside a word; an unclosed ``<b>`` lasts to
    the end.  Anything else (an unknown tag, a lone ``&`` or ``<``) is literal text.
    """
    lines: list[list[tuple[str, bool]]] = [[]]
    depth = 0
    pos = 0
    for m in _MARKUP.finditer(text):
        if m.start() > pos:
            lines[-1].append((text[pos:m.start()], depth > 0))
        tok = m.group()
        if tok == "<b>":
            depth += 1
        elif tok == "</b>":
            depth = max(depth - 1, 0)
        elif tok in _ENTITIES:
            lines[-1].append((_ENTITIES[tok], depth > 0))
        else:
            lines.append([])
        pos = m.end()
    if pos < len(text):
        lines[-1].append((text[pos:], depth > 0))
    return lines


class _Piece(NamedTuple):
    """An unbreakable piece: its (font, text) runs, width in pt and kind."""

    runs: tuple[tuple[TTFont, str], ...]
    width: float
    kind: int  # _WORD, _SPACE or _BREAK (a forced line break, no runs)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


class _Line(NamedTuple):
    pieces: tuple[_Piece, ...]
    width: float  # of the drawn pieces (pt)
    last: bool    # ends the paragraph or a forced break: never justified


_Runs = tuple[tuple[TTFont, str], ...]


def _make_piece(runs: _Runs, size: float, kind: int) -> _Piece:
    width = 0.0
    for font, t in runs:
        width += shape(font, t).advance
    return _Piece(runs, width * size / 1000.0, kind)


def _slice_runs(runs: _Runs, a: int, b: int) -> _Runs:
    """The runs covering characters [a, b) of the concatenated run texts."""
    out, pos = [], 0
    for font, t in runs:
        lo, hi = max(a - pos, 0), min(b - pos, len(t))
        if lo < hi:
            out.append((font, t[lo:hi]))
        pos += len(t)
    return tuple(out)


class ThaiParagraph(Flowable):
    """A paragraph of Thai (and Latin) text for SimpleDocTemplate stories and Table cells.

    ``text``: plain Unicode with a tiny markup: ``<b>…</b>`` bold (may sit inside a
    word), ``\\n`` forced line break, ``&amp;`` ``&lt;`` ``&gt;`` for literal ``& < >``
    (use :func:`escape`).  ``style``: a ReportLab ParagraphStyle whose ``fontName`` is a
    registered TrueType font (:func:`fonts.register_family`); used: fontName, fontSize,
    leading, alignment (TA_LEFT/TA_CENTER/TA_RIGHT/TA_JUSTIFY), leftIndent,
    rightIndent, firstLineIndent, textColor, spaceBefore, spaceAfter (all pt).  Bold
    runs use the bold face of the font's registered family.  ``breaker``: where lines
    may break.  ``first_line_indent`` (pt) overrides ``style.firstLineIndent``.

    Layout: greedy line filling over the breaker's pieces, widths measured on the
    shaped text (HarfBuzz advances).  White space at the ends of a line is not drawn.
    A piece wider than the line starts a new line and is cut, preferably between
    the words of a compound or after a URL separator
    (:meth:`ThaiBreaker.compound_cuts`), else between grapheme clusters.  Justified lines spread the spare width evenly over the gaps between
    pieces; the last line and lines ended by ``\\n`` are left-aligned.  Each line is
    ``style.leading`` high; the baseline sits the font's descent above the bottom of
    its line.

    ``split`` is line-exact (a page break neither loses nor repeats a line) and
    returns ``[]`` only when not even one line fits.  Drawing is shaped and each run
    carries ``/ActualText`` with its source text.

    Raises ValueError when ``style.fontName`` (or its bold face) is not a registered
    TrueType font; KeyError when it is not registered at all.
    """

    def __init__(self, text: str, style: ParagraphStyle, breaker: ThaiBreaker, *,
                 first_line_indent: float | None = None):
        super().__init__()
        self.text = text
        self.style = style
        self.breaker = breaker
        self._indent = style.firstLineIndent if first_line_indent is None else first_line_indent
        self._ends_paragraph = True
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        regular = pdfmetrics.getFont(style.fontName)
        bold = pdfmetrics.getFont(fonts.bold_font_name(style.fontName))
        for font in (regular, bold):
            if not isinstance(font, TTFont):
                raise ValueError(f"ThaiParagraph needs a registered TrueType font, not {font.fontName!r}")
        self._bold = bold if bold is not regular else None
        self._pieces = self._build_pieces(_parse(text), regular, bold, style.fontSize)
        self._layouts: dict[float, list[_Line]] = {}
        self._lines: list[_Line] = []
        self.width = self.height = 0.0

    def _build_pieces(self, lines, regular: TTFont, bold: TTFont, size: float) -> tuple[_Piece, ...]:
        pieces: list[_Piece] = []
        for n, spans in enumerate(lines):
            if n:
                pieces.append(_Piece((), 0.0, _BREAK))
            plain = "".join(t for t, _ in spans)
            if not plain:
                continue
            if not any(b for _, b in spans):
                font_of = None
            else:  # one font per character; a cluster takes the font of its first character
                font_of = []
                for t, b in spans:
                    font_of.extend([bold if b else regular] * len(t))
                starts = set(cluster_boundaries(plain))
                for i in range(1, len(plain)):
                    if i not in starts:
                        font_of[i] = font_of[i - 1]
            pos = 0
            for seg in self.breaker.segments(plain):
                kind = _SPACE if seg.isspace() else _WORD
                if font_of is None:
                    runs = ((regular, seg),)
                else:
                    runs, start = [], 0
                    for i in range(1, len(seg) + 1):
                        if i == len(seg) or font_of[pos + i] is not font_of[pos + start]:
                            runs.append((font_of[pos + start], seg[start:i]))
                            start = i
                    runs = tuple(runs)
                pieces.append(_make_piece(runs, size, kind))
                pos += len(seg)
        return tuple(pieces)

    @classmethod
    def _part(cls, whole: ThaiParagraph, pieces, *, first: bool, last: bool) -> ThaiParagraph:
        """A part of ``whole`` made of ``pieces`` (for split)."""
        p = cls.__new__(cls)
        Flowable.__init__(p)
        p.text = "".join("\n" if pc.kind == _BREAK else
                         "".join(f"<b>{escape(t)}</b>" if f is whole._bold else escape(t) for f, t in pc.runs)
                         for pc in pieces)
        p.style, p.breaker, p._bold = whole.style, whole.breaker, whole._bold
        p._indent = whole._indent if first else 0.0
        p._ends_paragraph = whole._ends_paragraph if last else False
        p.spaceBefore = whole.spaceBefore if first else 0
        p.spaceAfter = whole.spaceAfter if last else 0
        p._pieces = tuple(pieces)
        p._layouts, p._lines = {}, []
        p.width = p.height = 0.0
        return p

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

    def _cut(self, piece: _Piece, width: float, size: float) -> tuple[_Piece | None, _Piece]:
        """Cut a piece wider than ``width`` pt: (head that fits, rest).

        Prefers the widest head that ends between two dictionary words of a compound
        (หลัก|เกณฑ์, :meth:`ThaiBreaker.compound_cuts`), else the widest head that ends
        between grapheme clusters; the head holds at least one cluster.  (None, piece)
        when the piece is a single cluster.
        """
        text = piece.text

        def head_width(c: int) -> float:
            return _make_piece(_slice_runs(piece.runs, 0, c), size, _WORD).width

        fitting = [c for c in self.breaker.compound_cuts(text) if head_width(c) <= width + _EPS]
        if fitting:
            best = fitting[-1]
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
        head = _make_piece(_slice_runs(piece.runs, 0, best), size, _WORD)
        rest = _make_piece(_slice_runs(piece.runs, best, len(text)), size, _WORD)
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
        others (no first-line indent, no space before; a justified paragraph keeps its
        last line of ``first`` justified).

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

    def draw(self) -> None:
        """Draw the lines of the latest wrap on ``self.canv`` (shaped, with ActualText)."""
        if not self._lines:
            return
        canv = self.canv
        style = self.style
        size = style.fontSize
        leading = style.leading
        doc = canv._doc
        text_width = self._text_width(self.width)
        descent = -pdfmetrics.getFont(style.fontName).face.descent * size / 1000.0
        justify = style.alignment == TA_JUSTIFY
        code = []
        for i, line in enumerate(self._lines):
            drawn = self._drawn(line.pieces)
            if not drawn:
                continue
            indent = self._indent if i == 0 else 0.0
            room = text_width - indent - line.width
            x = style.leftIndent + indent
            extra = 0.0
            if style.alignment == TA_RIGHT:
                x += room
            elif style.alignment == TA_CENTER:
                x += room / 2
            elif justify and not line.last and room > 0:
                gaps = sum(1 for k in range(1, len(drawn)) if drawn[k].kind == _WORD)
                if gaps:
                    extra = room / gaps
            y = self.height - i * leading - (leading - descent)
            code.append(f"BT\n1 0 0 1 {num(x)} {num(y)} Tm")
            code.extend(self._line_runs(drawn, extra, size, doc))
            code.append("ET")
        if code:
            canv.saveState()
            canv.setFillColor(style.textColor)
            canv.addLiteral("\n".join(code))
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

    @staticmethod
    def _line_runs(drawn: tuple[_Piece, ...], extra: float, size: float, doc) -> list[str]:
        """PDF code of one line: one ActualText span per run of one font.

        ``extra``: the justification space (pt) added before each word but the first.
        """
        gap = tj_gap(extra, size) if extra else ""
        out = []
        font = None
        items: list[tuple[str, bool]] = []
        last = len(drawn) - 1
        for k, piece in enumerate(drawn):
            gap_after = bool(gap) and k < last and drawn[k + 1].kind == _WORD
            runs = piece.runs
            for r, (f, t) in enumerate(runs):
                if f is not font and items:
                    out.append(run_code(doc, font, size, items, gap))
                    items = []
                font = f
                items.append((t, gap_after and r == len(runs) - 1))
        if items:
            out.append(run_code(doc, font, size, items, gap))
        return out

    def __repr__(self) -> str:
        return f"ThaiParagraph({self.text[:40]!r}…)" if len(self.text) > 40 else f"ThaiParagraph({self.text!r})"


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


def doc_template(filename, *, font_name: str | None = None, **kwargs) -> SimpleDocTemplate:
    """A SimpleDocTemplate whose canvas starts in our font, so no Helvetica enters the PDF.

    ``filename``: path or binary file object.  ``font_name``: a registered font
    (default: the bundled family, registered on demand).  ``initialFontName``,
    ``initialFontSize`` (:data:`fonts.BODY_SIZE_PT`) and ``initialLeading``
    (:data:`fonts.BODY_LEADING_PT`) are set unless given in ``kwargs``; the other
    keyword arguments go to SimpleDocTemplate (pagesize, margins in pt, title …).
    ReportLab's canvas otherwise selects the unembedded Helvetica at the start of every
    page (THAI_TEXT_NOTES.md).
    """
    if font_name is None:
        font_name = fonts.register_family()
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
