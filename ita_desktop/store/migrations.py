"""Schema versions, kept in ``PRAGMA user_version``.

Each step runs in one transaction together with the version bump, so a
crash leaves the file at the old or the new version, never between. Before
an existing database is migrated, a copy is written beside it with SQLite's
backup API (``<name>.v<old>-backup.db``). A file whose version is newer
than this program knows is refused: an older program must not write it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

import sqlite_utils


class NewerSchemaError(Exception):
    """The database was written by a newer ITA Desktop (user_version > LATEST)."""


def _v1(db: sqlite_utils.Database) -> None:
    db.execute("""
    CREATE TABLE offices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        short_name TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        subdistrict TEXT NOT NULL DEFAULT '',
        district TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL,
        doc_prefix TEXT NOT NULL DEFAULT '',
        website TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("""
    CREATE TABLE departments (
        id INTEGER PRIMARY KEY,
        office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (office_id, name)
    )""")
    db.execute("""
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        position TEXT NOT NULL,
        department TEXT NOT NULL DEFAULT '',
        UNIQUE (office_id, key)
    )""")
    db.execute("""
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
        year INTEGER NOT NULL CHECK (year BETWEEN 2560 AND 2700),
        tool_iit REAL CHECK (tool_iit BETWEEN 0 AND 100),
        tool_eit REAL CHECK (tool_eit BETWEEN 0 AND 100),
        tool_oit REAL CHECK (tool_oit BETWEEN 0 AND 100),
        published_overall REAL CHECK (published_overall BETWEEN 0 AND 100),
        analysis_intro TEXT NOT NULL DEFAULT '',
        UNIQUE (office_id, year)
    )""")
    db.execute("""
    CREATE TABLE indicator_scores (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        indicator INTEGER NOT NULL CHECK (indicator BETWEEN 1 AND 10),
        score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
        PRIMARY KEY (assessment_id, indicator)
    )""")
    db.execute("""
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        overall REAL,
        level TEXT NOT NULL DEFAULT '',
        scores_json TEXT NOT NULL DEFAULT '{}',
        UNIQUE (assessment_id, year)
    )""")
    db.execute("""
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        indicator INTEGER CHECK (indicator BETWEEN 1 AND 10),
        item TEXT,
        urgent INTEGER NOT NULL DEFAULT 0,
        weak_point TEXT NOT NULL,
        improvement TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("""
    CREATE TABLE measures (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        key TEXT NOT NULL,
        issue TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT '',
        period_start TEXT,
        period_end TEXT,
        period_text TEXT NOT NULL DEFAULT '',
        indicators TEXT NOT NULL DEFAULT '[]',
        items TEXT NOT NULL DEFAULT '[]',
        UNIQUE (assessment_id, key)
    )""")
    db.execute("""
    CREATE TABLE results (
        id INTEGER PRIMARY KEY,
        measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
        round INTEGER NOT NULL CHECK (round IN (6, 12)),
        done TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        suggestions TEXT NOT NULL DEFAULT '',
        evidence_urls TEXT NOT NULL DEFAULT '[]',
        participants INTEGER CHECK (participants >= 0),
        target INTEGER CHECK (target >= 0),
        UNIQUE (measure_id, round)
    )""")
    db.execute("""
    CREATE TABLE limitations (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        topic TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("""
    CREATE TABLE plan_rows (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        issue TEXT NOT NULL,
        item TEXT,
        item_text TEXT NOT NULL DEFAULT '',
        analysis TEXT NOT NULL DEFAULT '',
        measure TEXT NOT NULL DEFAULT '',
        related TEXT NOT NULL DEFAULT '',
        steps TEXT NOT NULL DEFAULT '',
        period TEXT NOT NULL DEFAULT '',
        responsible TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("""
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        department TEXT NOT NULL DEFAULT '',
        number TEXT NOT NULL DEFAULT '',
        date TEXT,
        subject TEXT NOT NULL,
        recipient TEXT NOT NULL,
        closing TEXT NOT NULL DEFAULT '',
        signer_id INTEGER REFERENCES people(id) ON DELETE SET NULL
    )""")
    db.execute("""
    CREATE TABLE memo_sections (
        id INTEGER PRIMARY KEY,
        memo_id INTEGER NOT NULL REFERENCES memos(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        heading TEXT NOT NULL DEFAULT '',
        paragraphs TEXT NOT NULL DEFAULT '[]',
        attach_measures_table INTEGER NOT NULL DEFAULT 0
    )""")
    db.execute("""
    CREATE TABLE memo_approvals (
        id INTEGER PRIMARY KEY,
        memo_id INTEGER NOT NULL REFERENCES memos(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        title TEXT NOT NULL,
        choices TEXT NOT NULL DEFAULT '[]',
        comment TEXT NOT NULL DEFAULT '',
        person_id INTEGER REFERENCES people(id) ON DELETE SET NULL
    )""")
    for t, c in [("departments", "office_id"), ("people", "office_id"), ("assessments", "office_id"),
                 ("history", "assessment_id"), ("findings", "assessment_id"), ("measures", "assessment_id"),
                 ("results", "measure_id"), ("limitations", "assessment_id"), ("plan_rows", "assessment_id"),
                 ("memos", "assessment_id"), ("memo_sections", "memo_id"), ("memo_approvals", "memo_id"),
                 ("memos", "signer_id"), ("memo_approvals", "person_id")]:
        db.execute(f"CREATE INDEX IF NOT EXISTS idx_{t}_{c} ON {t}({c})")


def _v2(db: sqlite_utils.Database) -> None:
    """Office profile for the documents (issue 4): emblem and signature images (data
    URLs), the implementation report's columns (JSON), the preferred font and digits;
    the office's own preface and principles texts; how a memo is signed."""
    for sql in (
        "ALTER TABLE offices ADD COLUMN emblem TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE offices ADD COLUMN report_columns TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE offices ADD COLUMN font TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE offices ADD COLUMN thai_digits INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE people ADD COLUMN signature TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE assessments ADD COLUMN preface TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE assessments ADD COLUMN principles TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE memos ADD COLUMN signature TEXT NOT NULL DEFAULT '' "
        "CHECK (signature IN ('', 'image', 'typed'))",
    ):
        db.execute(sql)


#: Columns of the search index, in the order of their field code (``rowid & 7``).
SEARCH_FIELDS: tuple[tuple[str, str], ...] = (
    ("measures", "title"), ("measures", "issue"), ("measures", "steps"), ("measures", "responsible"),
    ("results", "done"), ("results", "outcome"), ("results", "suggestions"),
)


def _search_triggers() -> list[str]:
    """The triggers that keep ``search_index`` equal to the searched columns.

    Index row ``rowid = <measure or result id> * 8 + <field code>`` holds one
    non-empty column of one row, so a delete is a rowid range, never a scan.
    Deletes through ``ON DELETE CASCADE`` fire the DELETE triggers too (tested).
    ``INSERT OR REPLACE`` on measures/results would not (unless
    recursive_triggers is on): the store uses upserts instead.
    """
    out = []
    for table in ("measures", "results"):
        fields = [(code, col) for code, (t, col) in enumerate(SEARCH_FIELDS) if t == table]
        lo, hi = fields[0][0], fields[-1][0]
        ins = " UNION ALL ".join(f"SELECT new.id * 8 + {code}, new.{col} WHERE new.{col} <> ''" for code, col in fields)
        dele = f"DELETE FROM search_index WHERE rowid BETWEEN old.id * 8 + {lo} AND old.id * 8 + {hi};"
        changed = " OR ".join(f"old.{col} IS NOT new.{col}" for _, col in fields)
        cols = ", ".join(col for _, col in fields)
        out += [
            f"CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_index (rowid, text) {ins}; END",
            f"CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN {dele} END",
            f"CREATE TRIGGER {table}_search_au AFTER UPDATE OF id, {cols} ON {table} "
            f"WHEN old.id IS NOT new.id OR {changed} BEGIN {dele} "
            f"INSERT INTO search_index (rowid, text) {ins}; END",
        ]
    return out


def create_search_index(db: sqlite_utils.Database) -> bool:
    """Create and fill ``search_index`` (FTS5, trigram tokenizer) and its triggers.

    Returns False, leaving the schema untouched, when this SQLite has no FTS5
    or no trigram tokenizer (SQLite < 3.34): search then falls back to LIKE
    (``ita_desktop.store.search`` looks for the table at query time). Must run
    inside a transaction; an existing index is dropped and rebuilt.
    """
    db.execute("SAVEPOINT search_index")
    try:
        db.execute("DROP TABLE IF EXISTS search_index")
        for table in ("measures", "results"):
            for op in ("ai", "ad", "au"):
                db.execute(f"DROP TRIGGER IF EXISTS {table}_search_{op}")
        try:
            db.execute("CREATE VIRTUAL TABLE search_index USING fts5(text, tokenize='trigram')")
        except sqlite3.OperationalError as e:  # "no such module: fts5" / "no such tokenizer: trigram"
            if "fts5" not in str(e) and "tokenizer" not in str(e):
                raise
            db.execute("ROLLBACK TO search_index")
            db.execute("RELEASE search_index")
            return False
        for sql in _search_triggers():
            db.execute(sql)
        fill = " UNION ALL ".join(f"SELECT id * 8 + {code}, {col} FROM {table} WHERE {col} <> ''"
                                  for code, (table, col) in enumerate(SEARCH_FIELDS))
        db.execute(f"INSERT INTO search_index (rowid, text) {fill}")
    except BaseException:
        db.execute("ROLLBACK TO search_index")
        db.execute("RELEASE search_index")
        raise
    db.execute("RELEASE search_index")
    return True


def _v3(db: sqlite_utils.Database) -> None:
    """Ctrl+F search (issue 6): a full-text index over the measures' title, issue,
    steps and responsible and the results' done, outcome and suggestions.

    FTS5's trigram tokenizer, because unicode61 splits Thai at vowels and tone
    marks (ทุจริต found 0 of 12 rows) while trigram found 12/12 in 0.7 ms against
    ~20 ms for a LIKE scan. Without FTS5/trigram the step still succeeds,
    without the index. Also: the order of an office's people (``people.pos``),
    so the GUI's list comes back as it was saved.
    """
    create_search_index(db)
    db.execute("ALTER TABLE people ADD COLUMN pos INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX IF NOT EXISTS idx_people_office_pos ON people(office_id, pos)")


def _v4(db: sqlite_utils.Database) -> None:
    """The audit trail (issue 6): ``audit_log``, append-only and hash-chained
    (see ``ita_desktop.store.audit`` for the rows, the paths and the hash).

    ``office_id`` has no foreign key on purpose: the record outlives the
    office. Triggers refuse UPDATE and DELETE, and an INSERT whose id is not
    the next one (ids run 1, 2, 3… so a deleted row leaves a gap) or whose
    ``prev_hash`` is not the last row's hash. What was in the database
    before this step has no history (the first change of a value records
    the value it had); no row is written here.
    """
    db.execute("""
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        os_user TEXT NOT NULL DEFAULT '',
        app_person TEXT NOT NULL DEFAULT '',
        office_id INTEGER,
        office_name TEXT NOT NULL DEFAULT '',
        year INTEGER,
        action TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        old TEXT,
        new TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX idx_audit_log_office ON audit_log(office_id, year)")
    for op in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log BEGIN "
                   f"SELECT RAISE(ABORT, 'audit_log is append-only: {op} refused / "
                   f"บันทึกการแก้ไขเพิ่มได้อย่างเดียว แก้หรือลบไม่ได้'); END")
    genesis = "0" * 64
    db.execute(
        "CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log "
        "WHEN new.id IS NOT coalesce((SELECT max(id) FROM audit_log), 0) + 1 "
        f"OR new.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{genesis}') "
        "BEGIN SELECT RAISE(ABORT, 'audit_log: a row must follow the last one (next id, its hash) / "
        "บันทึกการแก้ไขต้องต่อจากแถวสุดท้าย'); END")


#: Ordered migration steps; step i (1-based) brings user_version from i-1 to i.
STEPS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4]
LATEST = len(STEPS)


def schema_version(db: sqlite_utils.Database) -> int:
    """The file's ``PRAGMA user_version`` (0 for a new, empty file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def backup_copy(db: sqlite_utils.Database, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (SQLite backup API)."""
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def check_not_newer(version: int) -> None:
    """Raise NewerSchemaError when ``version`` is newer than this program's LATEST."""
    if version > LATEST:
        raise NewerSchemaError(
            f"ฐานข้อมูลนี้สร้างโดย ITA Desktop รุ่นที่ใหม่กว่า (รุ่นข้อมูล {version} > {LATEST}) "
            f"โปรดใช้โปรแกรมรุ่นใหม่ / this database comes from a newer ITA Desktop "
            f"(schema {version} > {LATEST}); use the newer program"
        )


def migrate(db: sqlite_utils.Database, path: Path | None = None) -> int:
    """Bring the schema to LATEST; return the number of steps applied.

    Raises NewerSchemaError when the file is newer than this program.
    Writes ``<path stem>.v<old>-backup.db`` beside ``path`` before
    migrating a file that already holds a schema.
    """
    current = schema_version(db)
    check_not_newer(current)
    if current == LATEST:
        return 0
    if current > 0 and path is not None:
        backup_copy(db, path.with_name(f"{path.stem}.v{current}-backup.db"))
    applied = 0
    for version in range(current + 1, LATEST + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            STEPS[version - 1](db)
            db.execute(f"PRAGMA user_version = {version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied += 1
    return applied
