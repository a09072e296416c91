"""Opening the database: foreign keys on, WAL, full sync, checked, migrations applied.

The default location is the user's data folder (Qt's AppDataLocation, found
by the GUI/CLI layer and passed in here); ``--db PATH`` overrides it. This
module never imports Qt.

A database the program cannot use normally raises ``StoreError`` whose
``kind`` says why (the GUI chooses the ways out from it):

========== ==================================================================
kind       meaning
========== ==================================================================
corrupt    not an SQLite file, a damaged header or pages (``quick_check``)
newer      written by a newer ITA Desktop (``user_version`` > LATEST)
locked     another program holds a lock and did not let go within the timeout
in_use     another ITA Desktop instance has the database open (DatabaseLock)
readonly   the file, folder or disk cannot be written
full       the disk (or the file's size limit) is full
io         the disk reported a read/write error
missing    a file to open read-only is not there
bad_backup a backup chosen for restoring is damaged or newer (store.backup)
other      anything else the clerk can act on
========== ==================================================================

In every case the file is left as it was: checks run before anything is
written and every write is one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import sqlite_utils

from ita_desktop.store import migrations
from ita_desktop.store.migrations import NewerSchemaError, check_not_newer, migrate

if TYPE_CHECKING:
    from ita_desktop.store.backup import Backups

#: Seconds a connection waits for another program's lock before giving up (kind "locked").
BUSY_TIMEOUT = 5.0

KINDS = ("corrupt", "newer", "locked", "in_use", "readonly", "full", "io", "missing", "bad_backup", "other")


class StoreError(Exception):
    """A database problem the clerk can act on.

    ``str(error)`` is a one-line message in Thai and English naming the
    file; ``kind`` is one of ``KINDS`` (see the module's table); ``path``
    the database file concerned (or None).
    """

    def __init__(self, message: str, kind: str = "other", path: Path | str | None = None):
        super().__init__(message)
        self.kind = kind if kind in KINDS else "other"
        self.path = Path(path) if path is not None else None


class StorageError(StoreError, sqlite3.OperationalError):
    """A write (or read) the disk refused: full, read-only, locked, damaged, I/O error.

    Also an ``sqlite3.OperationalError``, so code that already catches
    ``sqlite3.Error`` (the GUI's autosave) shows its clerk-readable
    message. Made by ``storage_error``.
    """


def _messages(kind: str, where: str) -> str:
    return {
        "corrupt": f"ไฟล์ฐานข้อมูลเสียหายหรือไม่ใช่ฐานข้อมูล: {where} / "
                   f"the database file is damaged or not a database: {where}",
        "locked": f"ฐานข้อมูลถูกโปรแกรมอื่นล็อกไว้และยังไม่ว่าง: {where} / "
                  f"the database is locked by another program and did not become free: {where}",
        "readonly": f"เขียนฐานข้อมูลไม่ได้ (ไฟล์ โฟลเดอร์หรือดิสก์เป็นแบบอ่านอย่างเดียว หรือไม่มีสิทธิ์): {where} / "
                    f"cannot write the database (the file, folder or disk is read-only, or no permission): "
                    f"{where}",
        "full": f"ดิสก์เต็ม บันทึกไม่ได้ ข้อมูลเดิมยังอยู่ครบ: {where} / "
                f"the disk is full, nothing was saved and the data before is intact: {where}",
        "io": f"อ่านหรือเขียนดิสก์ไม่สำเร็จ: {where} / the disk could not be read or written: {where}",
        "missing": f"ไม่พบไฟล์ฐานข้อมูล: {where} / there is no database file at {where}",
    }.get(kind, f"ใช้ฐานข้อมูลไม่ได้: {where} / cannot use the database: {where}")


def error_kind(e: BaseException) -> str | None:
    """The ``KINDS`` entry for an sqlite3/OS error, or None when it is not a storage problem.

    Looks through "cannot rollback - no transaction is active" to the error
    that made SQLite roll back by itself (a full disk does that).
    """
    if isinstance(e, StoreError):
        return e.kind
    if isinstance(e, sqlite3.Error):
        msg = str(e).lower()
        if "cannot rollback" in msg and e.__context__ is not None and e.__context__ is not e:
            return error_kind(e.__context__)
        name = getattr(e, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "not a database" in msg or "malformed" in msg:
            return "corrupt"
        if name == "SQLITE_FULL" or "disk is full" in msg:
            return "full"
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in msg or "busy" in msg:
            return "locked"
        if (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"))
                or "readonly" in msg or "read-only" in msg or "unable to open" in msg):
            return "readonly"
        if name.startswith("SQLITE_IOERR") or "disk i/o error" in msg:
            return "io"
        return None
    if isinstance(e, PermissionError):
        return "readonly"
    if isinstance(e, OSError):
        import errno

        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "full"
        if e.errno == errno.EROFS:
            return "readonly"
        return "io"
    return None


def storage_error(e: BaseException, path: Path | str | None = None) -> StorageError | None:
    """A ``StorageError`` (kind and clerk message naming ``path``) for ``e``, or None.

    For the store's write paths: ``except sqlite3.OperationalError as e:
    raise storage_error(e, path) or e``. Returns None for errors that are
    not the disk's or the file's fault (a bug, a constraint).
    """
    kind = error_kind(e)
    if kind is None:
        return None
    where = str(path) if path else "ฐานข้อมูล / the database"
    return StorageError(_messages(kind, where), kind, path)


def db_file(db: sqlite_utils.Database | sqlite3.Connection) -> Path | None:
    """The file of the open database's ``main`` schema, or None for an in-memory one."""
    conn = getattr(db, "conn", db)
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def is_read_only(db: sqlite_utils.Database | sqlite3.Connection) -> bool:
    """True when ``db`` was opened with ``connect(..., read_only=True)`` (``PRAGMA query_only`` = 1)."""
    conn = getattr(db, "conn", db)
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def file_schema_version(path: Path | str) -> int | None:
    """``PRAGMA user_version`` read from the file's header (bytes 60–63), without SQLite.

    None when the file is missing, shorter than a header or not an SQLite
    file. Ignores a ``-wal`` beside it (the version there may be newer).
    """
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(head[60:64], "big", signed=True)


def sqlite_uri(path: Path | str, mode: str = "ro", immutable: bool = False) -> str:
    """An SQLite ``file:`` URI for ``path`` (``mode``: ``ro``, ``rw`` or ``rwc``).

    Percent-encodes Thai letters, spaces, ``?``, ``#`` and ``%``; keeps the
    authority empty, so ``C:\\…`` and ``\\\\server\\share\\…`` work on
    Windows (``Path.as_uri`` would give ``file://server/…``, which SQLite
    refuses). ``immutable``: no locks and no ``-shm`` (a read-only disk).
    """
    from urllib.parse import quote

    p = Path(path).resolve().as_posix()
    if not p.startswith("/"):
        p = "/" + p  # C:/… → /C:/… (SQLite drops that slash on Windows)
    if p.startswith("//"):
        p = "//" + p  # a UNC path: empty authority, then //server/share/…
    return f"file:{quote(p, safe='/:')}?mode={mode}" + ("&immutable=1" if immutable else "")


def _target(path: Path, mode: str, immutable: bool = False) -> tuple[str, bool]:
    """What ``sqlite3.connect`` opens for ``path`` in ``mode`` (``rwc`` or ``ro``): (name, uri?).

    Writable: the plain file name, as SQLite has always opened it.
    A seam for tests: returning a ``mode=ro`` URI for ``rwc`` simulates a
    read-only disk (the tests run as root, where chmod does not).
    """
    if mode == "rwc" and not immutable:
        return str(path), False
    return sqlite_uri(path, mode, immutable), True


def _open(path: Path, read_only: bool, timeout: float) -> tuple[sqlite3.Connection, int]:
    """A connection to ``path`` and the file's schema version (the first read: "not a database" here).

    Read-only: when SQLite cannot open a WAL file because its ``-shm``
    cannot be created (a CD, a write-protected share), open it immutable.
    """
    def attempt(immutable: bool) -> tuple[sqlite3.Connection, int]:
        name, uri = _target(path, "ro" if read_only else "rwc", immutable)
        conn = sqlite3.connect(name, uri=uri, timeout=timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            return conn, conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise

    try:
        return attempt(False)
    except sqlite3.OperationalError as e:
        if not read_only or error_kind(e) != "readonly":
            raise
        return attempt(True)


def _check(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError("... malformed") when ``PRAGMA quick_check`` finds damage.

    About 0.08 s on a 65 MB database (the pages are read anyway later).
    """
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise sqlite3.DatabaseError(f"database disk image is malformed ({detail})")


def _check_writable(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.OperationalError ("readonly") when the file cannot be written.

    SQLite opens a write-protected file read-only without saying so, and
    ``BEGIN IMMEDIATE`` succeeds on it in WAL mode; creating a table
    inside a transaction that is rolled back writes nothing.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE main._ita_write_check (x)")
    finally:
        conn.execute("ROLLBACK")


def _in_memory_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    mem = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(mem)
    conn.close()
    return mem


def connect(path: Path | str, *, migrate_schema: bool = True, read_only: bool = False,
            backups: Backups | None = None, timeout: float = BUSY_TIMEOUT,
            allow_newer: bool = False) -> sqlite_utils.Database:
    """Open the database at ``path`` (created when missing, unless ``read_only``).

    Before anything is written the file's schema version must not be newer
    than this program's and ``PRAGMA quick_check`` must pass (≈0.08 s for
    65 MB). Every connection gets ``PRAGMA foreign_keys=ON`` and a
    ``timeout`` (s) busy timeout; a writable one also WAL journaling,
    ``PRAGMA synchronous=FULL`` (so a change reported saved survives a
    power cut in WAL mode, at one more fsync per transaction) and a write
    check (a read-only file or disk is found here, not at the first save).

    ``migrate_schema``: bring the schema to LATEST. When ``backups`` is
    given and the file holds an older schema (0 < version < LATEST) a
    ``pre-migration-v<old>`` backup is taken into its folder first;
    without it the old behaviour stays (``<stem>.v<old>-backup.db`` beside
    the file).

    ``read_only``: open with ``mode=ro`` and ``PRAGMA query_only=ON``; never
    writes or migrates. A file of an older schema is then copied into
    memory and migrated there (the store's queries need the latest schema;
    the file stays as it was). A newer file is refused unless
    ``allow_newer`` (the caller must then check that the store can read it:
    ``ita_desktop.app.open_session`` does). ``is_read_only(db)`` tells.

    Raises StoreError (``kind``: corrupt, newer, locked, readonly, full, io,
    missing) with a one-line Thai / English message naming the file.
    """
    path = Path(path)
    conn: sqlite3.Connection | None = None
    try:
        if read_only and not path.is_file():
            raise StoreError(_messages("missing", str(path)), "missing", path)
        if path.is_dir():
            raise StoreError(_messages("corrupt", str(path)), "corrupt", path)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn, version = _open(path, read_only, timeout)
        if not (read_only and allow_newer):
            check_not_newer(version)  # before anything writes
        _check(conn)
        if read_only:
            if version < migrations.LATEST:
                conn = _in_memory_copy(conn)
                migrate(sqlite_utils.Database(conn), None)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA foreign_keys=ON")
            return sqlite_utils.Database(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
        if mode is None or mode[0].lower() != "wal":
            raise sqlite3.OperationalError(f"attempt to write a readonly database (journal mode {mode})")
        _check_writable(conn)
        db = sqlite_utils.Database(conn)
        if migrate_schema and version < migrations.LATEST:
            if backups is not None and version > 0:
                backups.create(db, f"pre-migration-v{version}")
                migrate(db, None)
            else:
                migrate(db, path)
        return db
    except NewerSchemaError as e:
        _close(conn)
        th, _sep, en = str(e).partition(" / ")
        raise StoreError(f"{th}: {path} / {en}: {path}", "newer", path) from e
    except StoreError:
        _close(conn)
        raise
    except (sqlite3.Error, OSError) as e:
        _close(conn)
        err = storage_error(e, path)
        if err is None:
            raise
        raise StoreError(str(err), err.kind, path) from e


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except sqlite3.Error:
            pass


# -- one instance per database --------------------------------------------------------------
_PID_BYTES = 32  # the holder's PID, padded; the OS lock is on a byte after it (Windows locks are mandatory)
_LOCK_OFFSET = 64


def _try_lock(f: BinaryIO) -> bool:
    if sys.platform == "win32":
        import msvcrt

        f.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(f: BinaryIO) -> None:
    if sys.platform == "win32":
        import msvcrt

        f.seek(_LOCK_OFFSET)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class DatabaseLock:
    """One ITA Desktop instance per database: an OS lock on ``<database file>.lock`` beside it.

    ``acquire()`` raises StoreError(kind ``in_use``) naming the holder's
    PID when another instance (another process, or another DatabaseLock
    object in this one) holds it. The operating system drops the lock when
    its process ends, so a crash leaves no stale lock: the next start takes
    it over (the file itself stays, with the last PID in it). Uses
    ``flock`` on POSIX and ``msvcrt.locking`` on Windows; no Qt, so the
    CLI's ``backup restore`` can check it too. Also a context manager.
    """

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path).resolve()
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._file: BinaryIO | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._file is not None

    def holder(self) -> int | None:
        """The PID written by the last instance that took the lock (it may have ended), or None."""
        try:
            with open(self.path, "rb") as f:
                text = f.read(_PID_BYTES).decode("ascii", "replace").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def acquire(self) -> DatabaseLock:
        """Take the lock (not waiting); return self. Raises StoreError ``in_use`` or ``readonly``."""
        if self._file is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab"):
                pass  # create it, never truncate another instance's PID
            f = open(self.path, "r+b")
        except OSError as e:
            raise StoreError(_messages("readonly", str(self.path)), "readonly", self.db_path) from e
        if not _try_lock(f):
            f.close()
            pid = self.holder()
            who = f" (PID {pid})" if pid else ""
            raise StoreError(f"ฐานข้อมูลนี้เปิดอยู่ใน ITA Desktop อีกหน้าต่างหนึ่งแล้ว{who}: {self.db_path} / "
                             f"this database is already open in ITA Desktop{who}: {self.db_path}",
                             "in_use", self.db_path)
        try:
            f.seek(0)
            f.write(str(os.getpid()).ljust(_PID_BYTES).encode("ascii"))
            f.flush()
        except OSError:
            pass  # the PID is only for the message
        self._file = f
        return self

    def release(self) -> None:
        """Let go of the lock (nothing when not held)."""
        f, self._file = self._file, None
        if f is not None:
            try:
                _unlock(f)
            finally:
                f.close()

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
