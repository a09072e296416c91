"""Every table of a seed report (``shared/seeds/*.txt``) as rows of cell HTML.

The seeds are text extracted from published ITA reports.  Their tables come in two
forms:

* TSV blocks: consecutive lines that each hold a tab (header line first, one line per
  row; cells are HTML such as ``<p>…</p> <p>…</p>``; never quoted).  Any line without a
  tab ends the block (blank lines, the whitespace-only lines of seed 002, text).
* Markdown pipe tables (seed 003): consecutive lines starting with ``|`` whose second
  line is a delimiter row (``|---|--|``).

A block of fewer than two rows (a header alone) is not a table.

Page splits: a report repeats the table header on each page, so the extraction gives
one block per page.  ``seed_tables(path)`` (``merge=True``) joins a block to the
previous *table* when both are of the same form and their first header rows are equal
once all white space is removed (PDF extraction adds spaces inside header words:
``มาตรการ/ แนวทาง``), whatever text lies between them (a repeated page title in seed
002, a "/๔.การปรับปรุง…" continuation marker in seed 003); the joined block's header
rows are dropped.  ``merge=False`` gives every block as its own table.  Rows are never
joined: a row whose first cell is empty is sometimes the rest of the previous row cut
by a page break, sometimes a row under a spanning first cell, and the text cannot tell.

Header rows: 1, or 2 when the first header line has empty cells (cells spanning
columns, as in seed 002's eight-column tables, whose second line names the sub-columns).
:class:`Table` keeps that count in ``header_rows``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ita_desktop.pdf.htmlcells import markdown_table_rows, read_table

__all__ = ["Table", "seed_blocks", "seed_tables", "write_tsv"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MD_DELIMITER = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
# everything a reader of lines may split on (str.splitlines) — never inside a TSV cell
_ANY_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SPACE = re.compile(r"\s+")


class Table(list):
    """A list of rows (lists of cell HTML); row 0 is the header.

    ``kind``: ``"tsv"`` or ``"md"``; ``line``: 1-based line of the first header line in
    the seed; ``header_rows``: 1 or 2 (see module doc); ``blocks``: how many page blocks
    were joined into it.
    """

    def __init__(self, rows: list[list[str]], kind: str, line: int) -> None:
        super().__init__(rows)
        self.kind = kind
        self.line = line
        self.header_rows = 2 if len(rows) > 1 and "" in rows[0] else 1
        self.blocks = 1

    @property
    def body(self) -> list[list[str]]:
        return self[self.header_rows:]


def seed_blocks(text: str) -> list[Table]:
    """Every table block of a seed's text, in order, one per page block."""
    lines = _LINE_BREAK.split(text)
    tables: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        if "\t" in lines[i]:
            j = i
            while j < n and "\t" in lines[j]:
                j += 1
            rows = read_table("\n".join(lines[i:j]))
            if len(rows) >= 2:
                tables.append(Table(rows, "tsv", i + 1))
            i = j
        elif lines[i].lstrip().startswith("|"):
            j = i
            while j < n and lines[j].lstrip().startswith("|"):
                j += 1
            if j - i >= 2 and _MD_DELIMITER.fullmatch(lines[i + 1]):
                rows = markdown_table_rows(lines[i:j])
                if len(rows) >= 2:
                    tables.append(Table(rows, "md", i + 1))
            i = j
        else:
            i += 1
    return tables


def _header_key(row: list[str]) -> tuple[str, ...]:
    return tuple(_SPACE.sub("", cell) for cell in row)


def seed_tables(path: str | Path, merge: bool = True) -> list[Table]:
    """Every table of the seed file at ``path`` (page blocks joined unless ``merge=False``)."""
    blocks = seed_blocks(Path(path).read_text(encoding="utf-8"))
    if not merge:
        return blocks
    tables: list[Table] = []
    for block in blocks:
        last = tables[-1] if tables else None
        if (last is not None and last.kind == block.kind
                and _header_key(last[0]) == _header_key(block[0])):
            last.extend(block.body)
            last.blocks += 1
        else:
            tables.append(block)
    return tables


def write_tsv(table: list[list[str]], path: str | Path, newline: str = " ") -> Path:
    """Write ``table`` as UTF-8 TSV, one line per row, that ``read_table`` reads back.

    A tab inside a cell becomes a space; a line break (any that ``str.splitlines``
    knows) becomes ``newline``: a space by default, which is what a line break means in
    HTML; pass ``"<br>"`` for cells of plain text whose line breaks matter.  Limits of
    the format: cells lose surrounding white space, and a row of one empty cell (a
    blank line) is not read back.
    """
    def clean(cell: str) -> str:
        return _ANY_LINE_BREAK.sub(newline, cell).replace("\t", " ")

    path = Path(path)
    lines = ["\t".join(clean(cell) for cell in row) for row in table]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path
