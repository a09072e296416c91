"""Table cells written in HTML → blocks of :class:`~.thaitext.ThaiParagraph` markup.

ITA reports are typed into web forms, so a table cell holds a little HTML
(``<p>…</p> <p>…</p>``, ``<ul style="list-style-type: none"> - item - item``, unclosed
tags …).  :func:`cell_blocks` turns one cell into a list of :class:`Block`: paragraphs
and list items, each with the paragraph markup the engine draws.  :func:`read_table`
and :func:`markdown_table_rows` read whole tables (TSV, markdown pipe tables).

Pure Python (stdlib :mod:`html.parser`); no ReportLab, no Qt.

Markup produced (what ThaiParagraph accepts)
--------------------------------------------
Plain text escaped with :func:`escape` (``& < >``); ``<b>…</b>``, ``<i>…</i>``,
``<a href="URL">…</a>`` (the URL escaped with ``&amp; &lt; &gt; &quot;``), always well
nested in the order a ⊃ b ⊃ i and balanced within one block; ``\\n`` = a forced line
break.  No leading or trailing space or ``\\n``, never two spaces in a row, never a space
next to a ``\\n``, never empty.

HTML rules
----------
* Blocks: ``<p> <div> <h1>…<h6> <blockquote> <pre> <table> <tr> <hr> <dl> <dt> <dd>
  <section> <article> <header> <footer> <address> <center> <figure> <figcaption>
  <caption>`` start or end a paragraph; text outside any tag is a paragraph too.
  ``<td> <th>`` put a space between their contents.
* ``<br>`` (and ``</br>``, as browsers do) → ``\\n``; line breaks at the start or end of
  a block are dropped, as are blocks with no visible text.
* ``<b> <strong>`` → ``<b>``; ``<i> <em>`` → ``<i>``; ``<span>/<font>`` whose ``style``
  says ``font-weight: bold`` (or 600–900) / ``font-style: italic`` likewise.  Bold,
  italic and links last until their own end tag, across paragraphs, as in a browser;
  an end tag closes the latest open element of that name only (``<b>a<i>b</b>c</i>``
  → ``<b>a<i>b</i></b><i>c</i>``); a stray end tag is ignored.
* ``<a href>`` → a link only for ``http: https: ftp: mailto: tel:`` addresses (a PDF
  cannot follow a relative or ``javascript:`` one); otherwise, or without ``href``,
  the text stays and the link goes.  A link with no text disappears.
* ``<ul>``/``<ol>`` with ``<li>`` → items: label ``"•"`` (ul) or the number as a
  decimal string (ol; ``start`` and ``<li value>`` honoured; the engine turns ``"3"``
  into ``"๓."`` if the document wants); ``list-style-type: none`` (or ``list-style:
  none``) on the list or the item → label ``None``.  ``level`` = how many lists
  enclose the item (1 for a top-level list).  A paragraph inside a list (a second
  ``<p>`` of an ``<li>``, text after ``</li>``) has the level of the list, so it lines
  up with the item text; paragraphs outside lists have level 0.  ``<li>`` outside any
  list is a "•" item of level 1.  An item with no text is dropped (it still counts).
* Dash items (seed 003 writes ``<ul style="list-style-type: none"> - one - two`` with
  no ``<li>`` and no end tag; other cells write ``- one - two`` or ``-one -two`` with no
  list at all).  A hyphen-minus ``-`` *starts an item* when

  1. it begins the block or follows white space (or a ``<br>``): ``E-Service``,
     ``หน่วยงาน-เผยแพร่``, ``๐๓๒- ๗๔๐๒๙๑`` never split;
  2. the last visible character before it is not a digit (Thai or Arabic): ranges
     ``ไตรมาสที่ ๑ - ๔``, ``ตุลาคม ๒๕๖๕ - เมษายน ๒๕๖๖``, ``ต.ค. 66 - ก.ย. 67`` stay whole;
  3. it is followed (after at most one space) by a character that is not a digit, not
     another ``-`` and not a line break, and not by a Thai month name or abbreviation
     (``ตุลาคม - ธันวาคม``, ``ต.ค. - ธ.ค.``).

  and it stands in a *dash context*: (a) any text of a list whose items have no label
  (``list-style-type: none``), or (b) a paragraph whose very first character is such a
  dash.  There the text is cut at every such dash into items with label ``"-"`` (the
  hyphen itself, kept visible) and the text after the dash and its space; text before
  the first dash stays a paragraph (or the unlabelled item).  Dash items have the level
  of the list in (a), one more than the paragraph in (b).  Outside a dash context (a
  paragraph that does not start with a dash, an item with a bullet or a number) a hyphen
  is plain text.  Cost of the rules: an item whose text ends with a number, followed by
  another dash item, is not split from it (the text is kept, only the break is lost).
* Character references are decoded (``&nbsp; &amp; &#3585;`` …; a lone ``&`` stays).
  White space (space, tab, CR, LF, FF, VT and the no-break space U+00A0, which editors
  use as an ordinary space) collapses to one space, as in HTML, and is trimmed at block
  ends and around line breaks.  Thai has no spaces between words, so nothing else is
  done with them; other characters (U+200B included) pass through.
* Unknown tags (``<span> <u> <font> <o:p> <sup>`` …) are dropped and their text kept;
  comments, ``<!…>``, ``<?…>`` and the content of ``<script>``/``<style>`` are dropped.
  Nothing raises: unclosed and mis-nested tags, stray ``<`` or ``&`` are handled as a
  browser would, give or take (beyond 64 open inline elements, further ones are
  ignored: it keeps the time linear in the size of the cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import NamedTuple

__all__ = [
    "Block",
    "cell_blocks",
    "escape",
    "markdown_table_rows",
    "markup_text",
    "read_table",
]


class Block(NamedTuple):
    """One paragraph of a cell.

    ``kind`` is ``"para"`` or ``"item"``; ``label`` is ``None`` for paragraphs and
    unlabelled items, else ``"•"``, ``"-"`` or an ol number such as ``"1"``; ``level``
    is the list nesting (0 outside lists; items are ≥ 1).
    """

    kind: str
    markup: str
    label: str | None
    level: int


def escape(s: str) -> str:
    """Make plain text literal in paragraph markup: ``&`` ``<`` ``>`` (same as thaitext).

    >>> escape("R&D <b>")
    'R&amp;D &lt;b&gt;'
    """
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attr(s: str) -> str:
    return escape(s).replace('"', "&quot;")


_MARKUP_TOKEN = re.compile(r'</?[bi]>|<a href="[^"]*">|</a>|&amp;|&lt;|&gt;|&quot;')
_MARKUP_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


def markup_text(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded, ``\\n`` kept.

    >>> markup_text('<b>R&amp;D</b> <a href="https://x.th/?a=1&amp;b=2">ลิงก์</a>')
    'R&D ลิงก์'
    """
    return _MARKUP_TOKEN.sub(lambda m: _MARKUP_ENTITIES.get(m.group(), ""), markup)


# -- cell HTML → blocks ------------------------------------------------------------------

_WS_CHARS = " \t\n\r\f\v\xa0"
_PIECES = re.compile(r"[ \t\n\r\f\v\xa0]+|[^ \t\n\r\f\v\xa0]+")

_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tbody",
    "thead", "tfoot", "tr", "hr", "dl", "dt", "dd", "section", "article", "header", "footer",
    "address", "center", "figure", "figcaption", "caption"))
_CELL_TAGS = frozenset(("td", "th"))
_LIST_TAGS = frozenset(("ul", "ol"))
_SKIP_TAGS = frozenset(("script", "style"))
_INLINE_TAGS = frozenset(("b", "strong", "i", "em", "a", "span", "font"))

_STYLE_NONE = re.compile(r"list-style(?:-type)?\s*:\s*none", re.IGNORECASE)
_STYLE_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
_STYLE_ITALIC = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.IGNORECASE)
_MAX_INLINE = 64  # open inline elements beyond this are ignored
_LINK_SCHEME = re.compile(r"(?:https?|ftp):|mailto:|tel:", re.IGNORECASE)
_URL_CONTROL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these when they are inside


class _Fmt(NamedTuple):
    href: str | None
    bold: bool
    italic: bool


_PLAIN = _Fmt(None, False, False)
_BR = ("\n", None)  # a forced line break among the (text, _Fmt) runs


class _Inline(NamedTuple):
    tag: str
    href: str | None
    bold: bool
    italic: bool
    fmt: _Fmt  # the format inside it: its own effect on top of the elements below it

    def over(self, below: _Fmt) -> _Inline:
        href = self.href if self.tag == "a" else below.href
        return self._replace(fmt=_Fmt(href, below.bold or self.bold, below.italic or self.italic))


class _List:
    __slots__ = ("next", "tag", "unlabelled")

    def __init__(self, tag: str, start: int, unlabelled: bool) -> None:
        self.tag, self.next, self.unlabelled = tag, start, unlabelled


class _Pending:
    """The block being filled: its kind, label, level, dash mode and (text, fmt) runs."""

    __slots__ = ("dash", "kind", "label", "level", "runs")

    def __init__(self, kind: str, label: str | None, level: int, dash: str | None) -> None:
        self.kind, self.label, self.level, self.dash = kind, label, level, dash
        self.runs: list[tuple[str, _Fmt | None]] = []

    def has_text(self) -> bool:
        return any(fmt is not None and text.strip(_WS_CHARS) for text, fmt in self.runs)


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    for key, value in attrs:
        if key == name and value is not None:
            return value
    return ""


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


class _CellParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[_List] = []
        self.inline: list[_Inline] = []
        self.open: dict[str, int] = {}  # how many inline elements / lists of a name are open
        self.skip: str | None = None
        self.fmt = _PLAIN  # the format the open inline elements give
        self.cur = self._para()

    # -- state ----------------------------------------------------------------------

    def _para(self) -> _Pending:
        unlabelled = bool(self.lists) and self.lists[-1].unlabelled
        return _Pending("para", None, len(self.lists), "list" if unlabelled else "lead")

    def _latest(self, stack: list, tag: str) -> int | None:
        """Index of the latest open element named ``tag`` in ``stack``, counted in self.open."""
        if not self.open.get(tag):
            return None
        k = len(stack) - 1
        while stack[k].tag != tag:
            k -= 1
        return k

    def _boundary(self, keep_empty_item: bool) -> None:
        """End the current block; an item that has no text yet survives a ``<p>``."""
        if self.cur.has_text():
            self.blocks.extend(_finish(self.cur))
        elif keep_empty_item and self.cur.kind == "item":
            self.cur.runs.clear()  # white space and line breaks: dropped at its start anyway
            return
        self.cur = self._para()

    # -- HTMLParser callbacks ---------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip = tag
        elif self.skip:
            return
        elif tag == "br":
            self.cur.runs.append(_BR)
        elif tag in _BLOCK_TAGS:
            self._boundary(keep_empty_item=True)
        elif tag in _CELL_TAGS:
            self.cur.runs.append((" ", self.fmt))
        elif tag in _LIST_TAGS:
            self._boundary(keep_empty_item=False)
            start = _int(_attr(attrs, "start")) if tag == "ol" else None
            none = bool(_STYLE_NONE.search(_attr(attrs, "style")))
            self.lists.append(_List(tag, 1 if start is None else start, none))
            self.open[tag] = self.open.get(tag, 0) + 1
            self.cur = self._para()
        elif tag == "li":
            self._start_item(attrs)
        elif tag in _INLINE_TAGS:
            self._open_inline(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":  # <br/>: one break, not a <br> and a </br>
            self.handle_starttag(tag, attrs)
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if self.skip == tag:
                self.skip = None
        elif self.skip:
            return
        elif tag == "br":
            self.cur.runs.append(_BR)
        elif tag in _BLOCK_TAGS:
            self._boundary(keep_empty_item=True)
        elif tag in _CELL_TAGS:
            self.cur.runs.append((" ", self.fmt))
        elif tag == "li":
            self._boundary(keep_empty_item=False)
        elif tag in _LIST_TAGS:
            self._boundary(keep_empty_item=False)
            k = self._latest(self.lists, tag)
            if k is not None:
                for lst in self.lists[k:]:
                    self.open[lst.tag] -= 1
                del self.lists[k:]
            self.cur = self._para()
        elif tag in _INLINE_TAGS:
            k = self._latest(self.inline, tag)
            if k is not None:
                self.open[tag] -= 1
                del self.inline[k]
                for j in range(k, len(self.inline)):
                    self.inline[j] = self.inline[j].over(self.inline[j - 1].fmt if j else _PLAIN)
                self.fmt = self.inline[-1].fmt if self.inline else _PLAIN

    def handle_data(self, data: str) -> None:
        if not self.skip and data:
            self.cur.runs.append((data, self.fmt))

    # comments, declarations, processing instructions: the base class ignores them

    # -- helpers ----------------------------------------------------------------------

    def _start_item(self, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary(keep_empty_item=False)
        label: str | None
        if self.lists:
            lst = self.lists[-1]
            if lst.tag == "ol":
                value = _int(_attr(attrs, "value"))
                number = lst.next if value is None else value
                lst.next = number + 1
                label = str(number)
            else:
                label = "•"
            if lst.unlabelled:
                label = None
            level = len(self.lists)
        else:
            label, level = "•", 1
        if _STYLE_NONE.search(_attr(attrs, "style")):
            label = None
        self.cur = _Pending("item", label, level, "list" if label is None else None)

    def _open_inline(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.inline) >= _MAX_INLINE:
            return  # absurd nesting: keeps every step O(1), the text is kept anyway
        href = None
        bold = tag in ("b", "strong")
        italic = tag in ("i", "em")
        if tag == "a":
            url = _URL_CONTROL.sub("", _attr(attrs, "href").strip())
            href = url if _LINK_SCHEME.match(url) else None
        elif tag in ("span", "font"):
            style = _attr(attrs, "style")
            bold = bool(_STYLE_BOLD.search(style))
            italic = bool(_STYLE_ITALIC.search(style))
        self.inline.append(_Inline(tag, href, bold, italic, _PLAIN).over(self.fmt))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.fmt = self.inline[-1].fmt

    def result(self) -> list[Block]:
        self.close()
        self._boundary(keep_empty_item=False)
        return self.blocks


def cell_blocks(html: str) -> list[Block]:
    """The paragraphs and list items of one table cell's HTML (rules: module doc).

    >>> cell_blocks("<p>๑. จัดทำคู่มือ</p> <p>๒. R&amp;D</p>")
    [Block(kind='para', markup='๑. จัดทำคู่มือ', label=None, level=0), \
Block(kind='para', markup='๒. R&amp;D', label=None, level=0)]
    >>> [(b.label, b.markup) for b in cell_blocks('<ul style="list-style-type: none"> - ก - ข')]
    [('-', 'ก'), ('-', 'ข')]
    """
    if not html or not html.strip(_WS_CHARS):
        return []
    parser = _CellParser()
    parser.feed(html)
    return parser.result()


# -- one finished block: white space, dash items, markup -----------------------------------

def _normalize(runs: list[tuple[str, _Fmt | None]]) -> list[tuple[str, _Fmt | None]]:
    """Collapse white space; trim it at the ends and around line breaks; merge runs."""
    out: list[tuple[list[str], _Fmt | None]] = []  # pieces joined at the end (linear)
    space: _Fmt | None = None  # the format of a pending space
    for text, fmt in runs:
        if fmt is None:
            space = None
            if out:
                out.append((["\n"], None))
            continue
        for piece in _PIECES.findall(text):
            if piece[0] in _WS_CHARS:
                if space is None:
                    space = fmt
                continue
            if space is not None and out and out[-1][1] is not None:
                _append(out, " ", space)
            space = None
            _append(out, piece, fmt)
    while out and out[-1][1] is None:
        out.pop()
    return [("".join(pieces), fmt) for pieces, fmt in out]


def _append(out: list[tuple[list[str], _Fmt | None]], text: str, fmt: _Fmt) -> None:
    if out and out[-1][1] == fmt:
        out[-1][0].append(text)
    else:
        out.append(([text], fmt))


_MONTH = re.compile(
    r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม"
    r"|พฤศจิกายน|ธันวาคม|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\."
    r"|ต\.ค\.|พ\.ย\.|ธ\.ค\.")


def _dash_starts(s: str) -> list[int]:
    """Where items start in normalized text ``s`` (rules 1–3 of the module doc)."""
    starts = []
    last = ""  # the last non-space character before position p
    for p, ch in enumerate(s):
        if ch == "-" and (p == 0 or s[p - 1] in " \n") and not last.isdecimal():
            q = p + 2 if s[p + 1:p + 2] == " " else p + 1
            nxt = s[q:q + 1]
            if nxt and nxt not in "-\n " and not nxt.isdecimal() and not _MONTH.match(s, q):
                starts.append(p)
        if ch not in " \n":
            last = ch
    return starts


def _cut(runs: list[tuple[str, _Fmt | None]], spans: list[tuple[int, int]]
         ) -> list[list[tuple[str, _Fmt | None]]]:
    """The runs inside each of ``spans`` (sorted, not overlapping), in one pass."""
    out: list[list[tuple[str, _Fmt | None]]] = []
    k, pos = 0, 0  # runs[k] starts at text offset pos
    for a, b in spans:
        while k < len(runs) and pos + len(runs[k][0]) <= a:
            pos += len(runs[k][0])
            k += 1
        piece = []
        j, start = k, pos
        while j < len(runs) and start < b:
            text, fmt = runs[j]
            lo, hi = max(a, start), min(b, start + len(text))
            if lo < hi:
                piece.append((text[lo - start:hi - start], fmt))
            start += len(text)
            j += 1
        out.append(piece)
    return out


def _finish(block: _Pending) -> list[Block]:
    runs = _normalize(block.runs)
    if not runs:
        return []
    text = "".join(t for t, _ in runs)
    starts = _dash_starts(text) if block.dash else []
    if block.dash == "lead" and starts[:1] != [0]:
        starts = []
    if not starts:
        return [Block(block.kind, _markup(runs), block.label, block.level)]
    dash_level = block.level if block.dash == "list" else block.level + 1
    pieces = [(block.kind, block.label, block.level, 0, starts[0])]
    for k, p in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        pieces.append(("item", "-", dash_level, p + 1, end))
    kept, spans = [], []
    for kind, label, level, a, b in pieces:
        while a < b and text[a] in " \n":
            a += 1
        while b > a and text[b - 1] in " \n":
            b -= 1
        if a < b:
            kept.append((kind, label, level))
            spans.append((a, b))
    return [Block(kind, _markup(part), label, level)
            for (kind, label, level), part in zip(kept, _cut(runs, spans))]


def _markup(runs: list[tuple[str, _Fmt | None]]) -> str:
    """Runs → markup, tags nested a ⊃ b ⊃ i and closed at the end."""
    out: list[str] = []
    cur = _PLAIN
    for text, fmt in runs:
        if fmt is None:
            out.append("\n")
            continue
        if fmt.href != cur.href:
            _close(out, cur)
            if fmt.href is not None:
                out.append(f'<a href="{_escape_attr(fmt.href)}">')
            out.append("<b>" if fmt.bold else "")
            out.append("<i>" if fmt.italic else "")
        elif fmt.bold != cur.bold:
            out.append("</i>" if cur.italic else "")
            out.append("<b>" if fmt.bold else "</b>")
            out.append("<i>" if fmt.italic else "")
        elif fmt.italic != cur.italic:
            out.append("<i>" if fmt.italic else "</i>")
        cur = fmt
        out.append(escape(text))
    _close(out, cur)
    return "".join(out)


def _close(out: list[str], fmt: _Fmt) -> None:
    out.append("</i>" if fmt.italic else "")
    out.append("</b>" if fmt.bold else "")
    out.append("</a>" if fmt.href is not None else "")


# -- whole tables -------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def read_table(text: str) -> list[list[str]]:
    """A TSV table: one row per line (``\\n``, ``\\r\\n`` or ``\\r``), cells split on tab.

    No quoting (the seeds never quote; a ``"`` is an ordinary character), cells trimmed,
    lines that hold no tab and only white space skipped (a line of tabs is a row of
    empty cells), short rows padded with ``""`` to the widest row.  Other line
    separators (U+2028, form feed …) are cell text.

    >>> read_table("ก\\tข\\n<p>1</p>\\t\\n \\n3")
    [['ก', 'ข'], ['<p>1</p>', ''], ['3', '']]
    """
    rows = []
    for line in _LINE_BREAK.split(text):
        if "\t" not in line and not line.strip():
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return _pad(rows)


_MD_SEPARATOR_CELL = re.compile(r"\s*:?-+:?\s*")


def _pipe_cells(line: str) -> list[str]:
    cells: list[str] = []
    buf: list[str] = []
    i, n = 0, len(line)
    ends_with_pipe = False
    while i < n:
        ch = line[i]
        ends_with_pipe = False
        if ch == "\\" and line[i + 1:i + 2] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(buf))
            buf = []
            ends_with_pipe = True
        else:
            buf.append(ch)
        i += 1
    cells.append("".join(buf))
    if line.startswith("|"):
        cells = cells[1:]
    if ends_with_pipe and cells:
        cells = cells[:-1]
    return [c.strip() for c in cells]


def markdown_table_rows(lines: Iterable[str] | str) -> list[list[str]]:
    """The rows of a markdown pipe table, header first.

    Outer pipes optional; cells trimmed; ``\\|`` is a literal ``|`` (other backslashes
    are kept); the delimiter row (``|---|:--:|``) right after the header is skipped (a
    later row of dashes is data: a cell may well say ``-``); blank lines skipped; short
    rows padded with ``""``.

    >>> markdown_table_rows(["| ก | a\\\\|b |", "|---|--|", "| - | |"])
    [['ก', 'a|b'], ['-', '']]
    """
    if isinstance(lines, str):
        lines = _LINE_BREAK.split(lines)
    rows: list[list[str]] = []
    delimiter_seen = False
    for line in lines:
        line = line.strip()
        if not line:
            continue
        cells = _pipe_cells(line)
        if not cells:
            continue
        if (len(rows) == 1 and not delimiter_seen
                and all(_MD_SEPARATOR_CELL.fullmatch(c) for c in cells)):
            delimiter_seen = True
            continue
        rows.append(cells)
    return _pad(rows)
