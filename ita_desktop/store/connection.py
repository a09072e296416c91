"""Opening the database: foreign keys on, WAL, migrations applied.

The default location is the user's data folder (Qt's AppDataLocation, found
by the GUI/CLI layer and passed in here); ``--db PATH`` overrides it. This
module never imports Qt.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from ita_desktop.store.migrations import NewerSchemaError, check_not_newer, migrate


class StoreError(Exception):
    """A database problem the clerk can act on (locked, corrupt, newer, read-only).

    ``str(error)`` is a one-line message in Thai and English.
    """


def connect(path: Path | str, *, migrate_schema: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path``.

    Every connection gets ``PRAGMA foreign_keys=ON``, WAL journaling and a
    5 s busy timeout. With ``migrate_schema`` the schema is brought to the
    latest version (a backup copy is written first when an existing file is
    migrated). Raises StoreError with a clerk-readable message when the
    file is not a database, is from a newer program, or cannot be written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=5.0, isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        check_not_newer(conn.execute("PRAGMA user_version").fetchone()[0])  # before anything writes
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
        if mode is None:
            raise sqlite3.DatabaseError("journal mode not set")
        db = sqlite_utils.Database(conn)
        if migrate_schema:
            migrate(db, path)
        return db
    except sqlite3.DatabaseError as e:
        msg = str(e)
        if "file is not a database" in msg or "malformed" in msg:
            raise StoreError(f"ไฟล์ฐานข้อมูลเสียหายหรือไม่ใช่ฐานข้อมูล: {path} / "
                             f"the database file is damaged or not a database: {path}") from e
        if "locked" in msg or "busy" in msg:
            raise StoreError(f"ฐานข้อมูลถูกใช้งานโดยโปรแกรมอื่น: {path} / "
                             f"the database is in use by another program: {path}") from e
        if "readonly" in msg or "unable to open" in msg:
            raise StoreError(f"เปิดหรือเขียนไฟล์ฐานข้อมูลไม่ได้: {path} / "
                             f"cannot open or write the database: {path}") from e
        raise
    except NewerSchemaError as e:
        raise StoreError(str(e)) from e
    except OSError as e:
        raise StoreError(f"สร้างโฟลเดอร์ข้อมูลไม่ได้: {path.parent} / cannot create the data folder: {e}") from e
