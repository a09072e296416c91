"""Ctrl+F: find text in the measures and their results, across offices and years.

The index (``search_index``, schema v3, see ``migrations.create_search_index``)
is an FTS5 table with the ``trigram`` tokenizer, kept current by triggers on
``measures`` and ``results``. Trigram, because Thai has no spaces between
words and FTS5's ``unicode61`` splits Thai at vowels and tone marks (a search
for ทุจริต found 0 of 12 rows); trigram matches any substring of 3 or more
characters (12/12 rows in 0.7 ms against ~20 ms for a LIKE scan of 21,000
rows). It cannot match shorter queries, so 1–2 characters use LIKE, and so
does everything when this SQLite has no FTS5/trigram (< 3.34) and the index
was never built.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Any

from ita_desktop.store.migrations import SEARCH_FIELDS, create_search_index

#: Queries shorter than this (in Python characters, i.e. code points) use LIKE.
MIN_FTS_CHARS = 3
#: Longest snippet, in characters, not counting the "…" marks.
SNIPPET_CHARS = 80


@dataclass(frozen=True)
class Hit:
    """One field of one measure or result that contains the query.

    ``office_name``: the short name (อบต.ห้วยเตย) or, without one, the full
    name. ``year``: fiscal year, B.E. ``round``: None for a measure's own
    field, 6 or 12 (months) for a result. ``field``: the column (``title``,
    ``issue``, ``steps``, ``responsible``, ``done``, ``outcome``,
    ``suggestions``). ``snippet``: at most ~80 characters of the field around
    the match, on one line, "…" where cut; the match is in it.
    """

    office_id: int
    office_name: str
    year: int
    measure_key: str
    measure_title: str
    round: int | None
    field: str
    snippet: str


# h(mid, rid, rnd, code): the measure, the result and its round (NULL for the measure's own
# fields), the field code.
# Sorting carries no text; the snippets' text is read afterwards for the hits kept.
_SELECT = """
SELECT o.id, CASE WHEN o.short_name <> '' THEN o.short_name ELSE o.name END AS oname, a.year,
       m.key, m.title, h.rnd, h.code, coalesce(h.rid, h.mid)
FROM h
JOIN measures m ON m.id = h.mid
JOIN assessments a ON a.id = m.assessment_id
JOIN offices o ON o.id = a.office_id
WHERE :office IS NULL OR o.id = :office
ORDER BY oname, o.id, a.year DESC, m.pos, coalesce(h.rnd, 0), h.code
LIMIT :limit
"""

# index rows: rowid = <measure or result id> * 8 + <field code>; codes 0-3 measures, 4-6 results
_FROM_INDEX = """
WITH f AS (SELECT rowid >> 3 AS ref, rowid & 7 AS code FROM search_index WHERE {where}),
h AS (SELECT CASE WHEN f.code < 4 THEN f.ref ELSE r.measure_id END AS mid, r.id AS rid, r.round AS rnd, f.code
      FROM f LEFT JOIN results r ON f.code >= 4 AND r.id = f.ref)
"""
_FTS_SQL = _FROM_INDEX.format(where="search_index MATCH :q") + _SELECT
# 1-2 characters with the index: one LIKE pass over the index's copy of the text
_LIKE_INDEX_SQL = _FROM_INDEX.format(where="text LIKE :q ESCAPE '\\'") + _SELECT
# no index at all: LIKE over the tables' columns
_LIKE_SQL = "WITH h AS (" + "\nUNION ALL ".join(
    (f"SELECT id AS mid, NULL AS rid, NULL AS rnd, {code} AS code FROM measures" if table == "measures" else
     f"SELECT measure_id, id, round, {code} FROM results") + f" WHERE {col} LIKE :q ESCAPE '\\'"
    for code, (table, col) in enumerate(SEARCH_FIELDS)) + ")" + _SELECT


def _connection(store_or_db: Any) -> sqlite3.Connection:
    db = getattr(store_or_db, "db", store_or_db)  # Store → sqlite_utils.Database
    return getattr(db, "conn", db)  # sqlite_utils.Database → sqlite3.Connection


def has_index(store_or_db: Any) -> bool:
    """Whether the database has the full-text index (False: every search is a LIKE scan)."""
    return _connection(store_or_db).execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_index'").fetchone() is not None


def rebuild_index(store_or_db: Any) -> bool:
    """Drop and rebuild the index and its triggers from the tables (a repair, or for a
    database migrated where SQLite had no trigram); False when this SQLite cannot."""
    conn = _connection(store_or_db)
    if hasattr(store_or_db, "transaction"):  # a Store: join its transaction if one is open
        with store_or_db.transaction():
            return create_search_index(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        ok = create_search_index(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return ok


def search(store_or_db: Any, query: str, *, limit: int = 50, office_id: int | None = None) -> list[Hit]:
    """Find ``query`` in the measures (title, issue, steps, responsible) and
    results (done, outcome, suggestions) of every office and year.

    ``store_or_db``: a Store, a sqlite_utils.Database or a sqlite3.Connection.
    ``query`` is stripped; empty → []. 3+ characters: FTS5 MATCH with the query
    as one quoted phrase (a substring match, case-insensitive), so any
    punctuation (O27, "e-service", ๆ, quotes, AND/OR/NEAR, *) is plain text
    and never a syntax error; 1–2 characters (e.g. "O2"): LIKE over the same
    columns with % _ \\ escaped (ASCII case-insensitive). ``limit``: at most
    this many hits; ``office_id``: only that office.

    Returns Hits ordered by office name, year (newest first), measure
    position, then the measure's own fields before its 6- and 12-month
    results; one Hit per matching field. Raises sqlite3 errors only for a
    broken or locked database.
    """
    q = query.strip()
    if not q or limit <= 0:
        return []
    conn = _connection(store_or_db)
    params = {"office": office_id, "limit": limit}
    like = {**params, "q": "%" + re.sub(r"([%_\\])", r"\\\1", q) + "%"}
    rows = None
    if has_index(conn):
        try:
            if len(q) >= MIN_FTS_CHARS:
                rows = conn.execute(_FTS_SQL, {**params, "q": '"' + q.replace('"', '""') + '"'}).fetchall()
            else:
                rows = conn.execute(_LIKE_INDEX_SQL, like).fetchall()
        except sqlite3.OperationalError as e:  # a file indexed elsewhere, opened by an SQLite without FTS5
            if "no such module" not in str(e) and "tokenizer" not in str(e):
                raise
    if rows is None:
        rows = conn.execute(_LIKE_SQL, like).fetchall()
    hits = []
    for oid, oname, year, key, title, rnd, code, ref in rows:
        table, field = SEARCH_FIELDS[code]
        text = conn.execute(f"SELECT {field} FROM {table} WHERE id = ?", (ref,)).fetchone()[0]
        hits.append(Hit(office_id=oid, office_name=oname, year=year, measure_key=key, measure_title=title,
                        round=rnd, field=field, snippet=snippet(text, q)))
    return hits


_LEADING_VOWELS = "เแโใไ"  # written before the consonant they follow in speech
_NO_START = "ะาำๅๆฯ"  # vowels and marks that lean on the character before


def _bad_start(text: str, i: int) -> bool:
    ch = text[i]
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in _NO_START or text[i - 1] in _LEADING_VOWELS


def snippet(text: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """At most about ``width`` characters of ``text`` around the first (case-insensitive)
    occurrence of ``query``, line breaks as spaces, "…" where cut. Cuts at a space when
    one is near; never cuts a Thai character from its vowels and tone marks, nor a
    leading vowel (เ แ โ ใ ไ) from its consonant. Without an occurrence (a case folding
    the two disagree on), the start."""
    flat = re.sub(r"[\r\n\t]", " ", text)
    if len(flat) <= width:
        return flat
    m = re.search(re.escape(query), flat, re.IGNORECASE)
    s, e = m.span() if m else (0, 0)
    start = max(0, s - max(width - (e - s), 0) // 2)
    end = max(min(len(flat), start + width), e)
    start = max(0, min(start, end - width))
    if start > 0:  # Thai puts spaces between phrases: cut there when one is near
        cut = flat.find(" ", start, min(s, start + 20))
        start = cut + 1 if cut >= 0 else start
    if end < len(flat):
        cut = flat.rfind(" ", max(e, end - 20), end)
        end = cut if cut >= 0 else end
    while 0 < start < len(flat) and _bad_start(flat, start):
        start -= 1
    while start < end < len(flat) and _bad_start(flat, end):
        end += 1
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")
