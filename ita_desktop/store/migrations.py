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


#: Ordered migration steps; step i (1-based) brings user_version from i-1 to i.
STEPS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2]
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
