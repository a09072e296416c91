"""Backups of one database: taken with SQLite's backup API, rotated, checked, restored.

A database's backups live in their own folder (the program puts it in the
user's data folder: ``<data>/backups/<stem>-<hash of the file's path>``, see
``ita_desktop.app.backups_folder``), one self-contained SQLite file each
(rollback journal, no ``-wal``), named ``YYYYMMDD-HHMMSS[_N]-<kind>.sqlite3``
by the local time it was taken. Kinds:

* ``daily``: on start, at most one per calendar day (``daily_if_due``);
* ``manual``: File → Backups… → Create now, or ``ita-desktop backup create``;
* ``pre-migration-v<N>``: before the schema is upgraded from version N;
* ``before-restore``: the database as it was just before a restore.

A backup is written to a hidden ``.partial`` file in the folder and renamed
when complete, so a half-written backup is never listed.

Rotation (``rotate``, after each start-up backup and each manual one):

* daily backups: the newest of each of the 7 most recent days that have
  one, then the newest of each of the 4 most recent ISO weeks before the
  week of the oldest of those 7 (so a clerk who works once a week still
  has 7, and ~5 weeks of history when working daily);
* manual: the 10 newest; pre-migration: the 5 newest; before-restore: the
  5 newest (``KEEP``). The dialog and the CLI say so;
* any other file in the folder is never touched.

This module never imports Qt.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import sqlite_utils

from ita_desktop.durable import sync_file, sync_folder
from ita_desktop.store import migrations
from ita_desktop.store.connection import (BUSY_TIMEOUT, DatabaseLock, StoreError, error_kind,
                                          file_schema_version, sqlite_uri, storage_error)

#: How many daily backups (one per day) and weekly ones (one per ISO week, before those) are kept.
DAILY_KEPT = 7
WEEKLY_KEPT = 4
#: How many of the newest backups of the other kinds are kept (kind family → count).
KEEP = {"manual": 10, "pre-migration": 5, "before-restore": 5}
AUTOMATIC = "daily"

_NAME = re.compile(r"^(\d{8})-(\d{6})(?:_(\d+))?-([a-z0-9][a-z0-9-]*)\.sqlite3$")
_PARTIAL_MAX_AGE_S = 24 * 3600


def kind_family(kind: str) -> str:
    """``pre-migration-v3`` → ``pre-migration``; other kinds are their own family."""
    return "pre-migration" if kind.startswith("pre-migration") else kind


@dataclass(frozen=True)
class BackupInfo:
    """One backup file.

    ``time``: local time it was taken (from its name); ``kind``: daily,
    manual, pre-migration-vN, before-restore; ``size``: bytes; ``schema``:
    its ``user_version`` (None when unreadable); ``readable``: SQLite can
    open it and read its schema (not a full integrity check: restore does
    that).
    """

    path: Path
    time: datetime
    kind: str
    size: int
    schema: int | None
    readable: bool

    @property
    def automatic(self) -> bool:
        """True for the start-up (daily) backups that rotation thins out by day and week."""
        return self.kind == AUTOMATIC


@dataclass(frozen=True)
class RestoreResult:
    """What ``Backups.restore`` did.

    ``before``: the backup of the database as it was (None when there was
    no usable database); ``set_aside``: where an unreadable database file
    was moved (renamed, never deleted), or None; ``schema``: the restored
    file's schema version before it was brought to the latest.
    """

    restored: Path
    before: BackupInfo | None
    set_aside: Path | None
    schema: int


def _connection(db: sqlite_utils.Database | sqlite3.Connection) -> sqlite3.Connection:
    return getattr(db, "conn", db)


def write_copy(source: sqlite_utils.Database | sqlite3.Connection, final: Path,
               open_target: Callable[[Path], sqlite3.Connection] | None = None) -> None:
    """Write a consistent copy of the open database ``source`` to the new file ``final``.

    SQLite's backup API writes a hidden ``.<name>.<pid>.partial`` file beside
    ``final``, switched to a rollback journal (one file), synced, then renamed
    into place and the folder synced: ``final`` is either complete or absent.
    ``open_target(path)`` opens the file written (default ``sqlite3.connect``;
    a seam for tests that fill the disk). Raises sqlite3.Error or OSError as
    they come (callers word the message); nothing half-written is left.
    """
    tmp: Path | None = final.with_name(f".{final.name}.{os.getpid()}.partial")
    try:
        dest = (open_target or (lambda path: sqlite3.connect(str(path), isolation_level=None)))(tmp)
        try:
            dest.execute("PRAGMA synchronous=FULL")
            _connection(source).backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        sync_file(tmp)
        os.replace(tmp, final)
        tmp = None
        sync_folder(final.parent)
    finally:
        if tmp is not None:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                try:
                    leftover.unlink(missing_ok=True)
                except OSError:
                    pass


def check_backup(path: Path | str) -> int:
    """Check a backup file before restoring it; return its schema version.

    Raises StoreError(kind ``bad_backup``) when it is missing, not an
    SQLite file, fails ``PRAGMA integrity_check`` (≈0.07 s for 65 MB), has
    no ITA Desktop schema (version 0) or is newer than this program.
    """
    path = Path(path)
    bad = (f"สำเนานี้ใช้กู้คืนไม่ได้ เพราะไฟล์เสียหายหรือไม่ใช่ฐานข้อมูลของ ITA Desktop: {path} / "
           f"this backup cannot be restored, it is damaged or not an ITA Desktop database: {path}")
    if not path.is_file():
        raise StoreError(f"ไม่พบไฟล์สำเนา: {path} / there is no backup file at {path}", "bad_backup", path)
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(bad, "bad_backup", path) from e
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as e:
        raise StoreError(bad, "bad_backup", path) from e
    finally:
        conn.close()
    if rows != [("ok",)] or version <= 0:
        raise StoreError(bad, "bad_backup", path)
    if version > migrations.LATEST:
        raise StoreError(f"สำเนานี้มาจาก ITA Desktop รุ่นที่ใหม่กว่า (รุ่นข้อมูล {version} > {migrations.LATEST}) "
                         f"กู้คืนด้วยโปรแกรมนี้ไม่ได้: {path} / this backup comes from a newer ITA Desktop "
                         f"(schema {version} > {migrations.LATEST}) and cannot be restored by this one: {path}",
                         "bad_backup", path)
    return version


def _failed(e: BaseException, path: Path, thai: str, english: str) -> BaseException:
    """A StoreError "<thai>: <why> / <english>: <why>" for a storage error ``e``; ``e`` itself otherwise."""
    err = storage_error(e, path)
    if err is None:
        return e
    th, _sep, en = str(err).partition(" / ")
    return StoreError(f"{thai}: {th} / {english}: {en}", err.kind, path)


class Backups:
    """The backups of the database at ``db_path``, kept in ``folder``.

    ``clock``: returns the local time now (tests pass a fake one); backup
    names, "once a day" and rotation use it. ``timeout``: seconds to wait
    for another program's lock on the database when restoring.
    """

    def __init__(self, db_path: Path | str, folder: Path | str, clock: Callable[[], datetime] = datetime.now,
                 timeout: float = BUSY_TIMEOUT):
        self.db_path = Path(db_path)
        self.folder = Path(folder)
        self.clock = clock
        self.timeout = timeout

    # -- listing ---------------------------------------------------------------------------
    def _entries(self) -> list[tuple[datetime, int, str, Path]]:
        """(time, sequence, kind, path) of every backup file, newest first, from the names alone."""
        out = []
        try:
            names = list(self.folder.iterdir())
        except OSError:
            return []
        for p in names:
            m = _NAME.match(p.name)
            if not m or not p.is_file():
                continue
            try:
                t = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            except ValueError:
                continue
            out.append((t, int(m.group(3) or 1), m.group(4), p))
        out.sort(key=lambda e: (e[0], e[1]), reverse=True)
        return out

    @staticmethod
    def info(path: Path | str) -> BackupInfo:
        """A BackupInfo for one backup file (name parsed, header and schema read; never written)."""
        path = Path(path)
        m = _NAME.match(path.name)
        t = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S") if m else datetime.fromtimestamp(
            path.stat().st_mtime)
        kind = m.group(4) if m else "file"
        schema = file_schema_version(path)
        readable = False
        if schema is not None:
            try:
                conn = sqlite3.connect(sqlite_uri(path, "ro", immutable=True), uri=True)
                try:
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    readable = True
                finally:
                    conn.close()
            except sqlite3.Error:
                readable = False
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        return BackupInfo(path, t, kind, size, schema if readable else None, readable)

    def list(self) -> list[BackupInfo]:
        """Every backup of this database, newest first."""
        return [self.info(p) for _t, _n, _k, p in self._entries()]

    # -- taking one ------------------------------------------------------------------------
    def _open_target(self, path: Path) -> sqlite3.Connection:
        """The connection a backup is written through (a seam: tests limit its size to fill the disk)."""
        return sqlite3.connect(str(path), isolation_level=None)

    def _new_name(self, kind: str) -> Path:
        now = self.clock()
        stamp = now.strftime("%Y%m%d-%H%M%S")
        n = 1
        while True:
            name = f"{stamp}-{kind}.sqlite3" if n == 1 else f"{stamp}_{n}-{kind}.sqlite3"
            if not (self.folder / name).exists():
                return self.folder / name
            n += 1

    def create(self, db: sqlite_utils.Database | sqlite3.Connection | None, kind: str = "manual") -> BackupInfo:
        """Write a backup of ``db`` (an open connection to this database; None: open the file
        read-only for the copy) and return it.

        The copy is consistent (SQLite's backup API), switched to a rollback
        journal so it is one file, synced, then renamed into place. Raises
        StoreError (kind ``full``, ``readonly``, ``io``, …) saying the backup
        could not be made; nothing half-written is left behind.
        """
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", kind):
            raise ValueError(f"bad backup kind {kind!r}")
        own = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            final = self._new_name(kind)
            if db is None:
                own = sqlite3.connect(sqlite_uri(self.db_path), uri=True,
                                      timeout=self.timeout, isolation_level=None)
                db = own
            write_copy(db, final, self._open_target)
            return self.info(final)
        except (sqlite3.Error, OSError) as e:
            err = storage_error(e, self.folder)
            if err is None:
                raise
            th, _sep, en = str(err).partition(" / ")
            raise StoreError(f"สร้างสำเนาสำรอง ({kind}) ไม่ได้: {th} / could not write the backup ({kind}): {en}",
                             err.kind, self.db_path) from e
        finally:
            if own is not None:
                own.close()

    def daily_if_due(self, db: sqlite_utils.Database | sqlite3.Connection | None) -> BackupInfo | None:
        """Take the start-up (``daily``) backup unless one was taken today (by ``clock``); None then."""
        today = self.clock().date()
        if any(k == AUTOMATIC and t.date() == today for t, _n, k, _p in self._entries()):
            return None
        return self.create(db, AUTOMATIC)

    # -- rotation --------------------------------------------------------------------------
    def kept(self) -> set[Path]:
        """The backups ``rotate`` keeps (see the module's rules)."""
        entries = self._entries()
        keep: set[Path] = set()
        daily = [(t, p) for t, _n, k, p in entries if k == AUTOMATIC]  # newest first
        days: list[date] = []
        for t, p in daily:
            if t.date() not in days:
                if len(days) == DAILY_KEPT:
                    break
                days.append(t.date())
                keep.add(p)
        if len(days) == DAILY_KEPT:
            oldest_week = days[-1].isocalendar()[:2]
            weeks: list[tuple[int, int]] = []
            for t, p in daily:
                week = t.date().isocalendar()[:2]
                if week < oldest_week and week not in weeks:
                    if len(weeks) == WEEKLY_KEPT:
                        break
                    weeks.append(week)
                    keep.add(p)
        counts: dict[str, int] = {}
        for _t, _n, k, p in entries:
            family = kind_family(k)
            if family == AUTOMATIC:
                continue
            if family not in KEEP:
                keep.add(p)  # a kind this version does not know: never removed
                continue
            counts[family] = counts.get(family, 0) + 1
            if counts[family] <= KEEP[family]:
                keep.add(p)
        return keep

    def rotate(self) -> list[Path]:
        """Delete the backups the rules do not keep and stale ``.partial`` files (over a day
        old: a crash mid-backup); return the deleted backups. A file that cannot be deleted
        is left (and tried again next time)."""
        keep = self.kept()
        removed = []
        for _t, _n, _k, p in self._entries():
            if p not in keep:
                try:
                    p.unlink()
                    removed.append(p)
                except OSError:
                    pass
        try:
            partials = [p for p in self.folder.iterdir() if p.name.startswith(".") and ".partial" in p.name]
        except OSError:
            partials = []
        for p in partials:
            try:
                if time.time() - p.stat().st_mtime > _PARTIAL_MAX_AGE_S:
                    p.unlink()
            except OSError:
                pass
        return removed

    # -- restoring -------------------------------------------------------------------------
    def resolve(self, which: BackupInfo | Path | str | int) -> Path:
        """The backup file meant by a BackupInfo, a path, or a position (1 = newest) in ``list()``.

        Raises StoreError(kind ``bad_backup``) for a position not in the list.
        """
        if isinstance(which, BackupInfo):
            return which.path
        if isinstance(which, int):
            entries = self._entries()
            if not 1 <= which <= len(entries):
                raise StoreError(f"ไม่มีสำเนาลำดับที่ {which} (มี {len(entries)} ฉบับ) / "
                                 f"there is no backup number {which} ({len(entries)} in {self.folder})",
                                 "bad_backup", self.db_path)
            return entries[which - 1][3]
        return Path(which)

    def _live_state(self) -> str:
        """``missing``, ``ok`` (SQLite reads its schema) or ``unreadable``."""
        def size(p: Path) -> int:
            return p.stat().st_size if p.is_file() else 0

        journals = sum(size(Path(f"{self.db_path}{s}")) for s in ("-wal", "-journal"))
        if not self.db_path.exists() or (self.db_path.is_file() and size(self.db_path) == 0):
            return "unreadable" if journals else "missing"  # a journal without its file: set it aside too
        if not self.db_path.is_file():
            return "unreadable"
        try:
            conn = sqlite3.connect(sqlite_uri(self.db_path), uri=True,
                                   timeout=self.timeout, isolation_level=None)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as e:
            if error_kind(e) in ("corrupt", None):
                return "unreadable"
            raise
        return "ok"

    def restore(self, which: BackupInfo | Path | str | int, *, lock: DatabaseLock | None = None) -> RestoreResult:
        """Put the backup ``which`` (see ``resolve``) back as the database; return what was done.

        1. The backup is checked (``check_backup``): a damaged or newer one
           is refused and nothing changes.
        2. ``lock``: the DatabaseLock this process holds on the database
           (the window's). Without one a lock is taken for the restore:
           StoreError(kind ``in_use``) while another ITA Desktop has the
           database open.
        3. A readable database is first backed up (``before-restore``), then
           the backup is copied into it with SQLite's backup API, in one
           transaction (a crash leaves the old data); other connections to it
           (the window's) see the restored data on their next read. A file
           SQLite cannot read at all is renamed aside to
           ``<name>.damaged-<time>`` (with its ``-wal``), never deleted, and
           the backup is written beside it and renamed into place.
        4. An older backup is then migrated to the latest schema.

        Raises StoreError (``bad_backup``, ``in_use``, ``locked``, ``full``,
        ``readonly``, …) with a Thai / English message.
        """
        source = self.resolve(which)
        if source.resolve() == self.db_path.resolve():
            raise StoreError(f"ไฟล์ที่เลือกคือฐานข้อมูลเอง ไม่ใช่สำเนา: {source} / "
                             f"the file chosen is the database itself, not a backup: {source}",
                             "bad_backup", self.db_path)
        schema = check_backup(source)
        if self.db_path.is_dir():
            raise StoreError(f"ที่นี่เป็นโฟลเดอร์ ไม่ใช่ไฟล์ฐานข้อมูล: {self.db_path} / "
                             f"this is a folder, not a database file: {self.db_path}", "other", self.db_path)
        own_lock = None
        if lock is None:
            own_lock = DatabaseLock(self.db_path).acquire()
        elif not lock.held:
            raise ValueError("restore(lock=...) needs a held lock")
        try:
            try:
                state = self._live_state()
                if state == "ok":
                    before, set_aside = self._restore_into_live(source), None
                else:
                    before, set_aside = None, self._restore_by_rename(source, state)
            except (sqlite3.Error, OSError) as e:
                raise _failed(e, self.db_path, "กู้คืนไม่สำเร็จ ข้อมูลเดิมไม่ถูกเปลี่ยน",
                              "restoring failed, the data was not changed") from e
            try:
                self._finish()
            except (sqlite3.Error, OSError) as e:
                raise _failed(e, self.db_path, "กู้คืนแล้ว แต่ปรับรุ่นข้อมูลไม่สำเร็จ (จะทำอีกครั้งเมื่อเปิดโปรแกรม)",
                              "restored, but updating its schema failed (tried again on the next start)") from e
            return RestoreResult(source, before, set_aside, schema)
        finally:
            if own_lock is not None:
                own_lock.release()

    def _restore_into_live(self, source: Path) -> BackupInfo:
        live = sqlite3.connect(str(self.db_path), timeout=self.timeout, isolation_level=None)
        try:
            live.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            try:
                before = self.create(live, "before-restore")
            except StoreError as e:
                if e.kind != "corrupt":
                    raise
                before = self._raw_copy("before-restore")
            src = sqlite3.connect(sqlite_uri(source), uri=True, isolation_level=None)
            try:
                if src.execute("PRAGMA page_size").fetchone() != live.execute("PRAGMA page_size").fetchone():
                    live.execute("PRAGMA journal_mode=DELETE")  # a WAL file cannot change its page size
                live.execute("PRAGMA synchronous=FULL")
                src.backup(live)
            finally:
                src.close()
            return before
        finally:
            live.close()

    def _raw_copy(self, kind: str) -> BackupInfo:
        """A byte copy of the database file (and its ``-wal``) when SQLite cannot copy it."""
        import shutil

        self.folder.mkdir(parents=True, exist_ok=True)
        final = self._new_name(kind)
        tmp = self.folder / f".{final.name}.{os.getpid()}.partial"
        try:
            shutil.copyfile(self.db_path, tmp)
            sync_file(tmp)
            wal = Path(f"{self.db_path}-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{final}-wal"))
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        return self.info(final)

    def _restore_by_rename(self, source: Path, state: str) -> Path | None:
        set_aside = None
        if state == "unreadable":
            stamp = self.clock().strftime("%Y%m%d-%H%M%S")
            set_aside = self.db_path.with_name(f"{self.db_path.name}.damaged-{stamp}")
            n = 2
            while set_aside.exists():
                set_aside = self.db_path.with_name(f"{self.db_path.name}.damaged-{stamp}_{n}")
                n += 1
        tmp = self.db_path.with_name(f".{self.db_path.name}.restore-{os.getpid()}.partial")
        try:
            src = sqlite3.connect(sqlite_uri(source), uri=True, isolation_level=None)
            dest = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                dest.execute("PRAGMA synchronous=FULL")
                src.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
                src.close()
            sync_file(tmp)
            moved: list[tuple[Path, Path]] = []
            try:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    side = Path(f"{self.db_path}{suffix}")
                    if set_aside is not None and side.exists():
                        moved.append((side, Path(f"{set_aside}{suffix}")))
                        os.replace(*moved[-1])
                    elif suffix and side.exists() and side.stat().st_size == 0:
                        side.unlink()  # an empty file's leftovers
                os.replace(tmp, self.db_path)
            except OSError:
                for original, aside in reversed(moved):  # put the damaged file back as it was
                    os.replace(aside, original)
                raise
            sync_folder(self.db_path.parent)
        finally:
            for leftover in (tmp, Path(f"{tmp}-journal")):
                leftover.unlink(missing_ok=True)
        return set_aside

    def _finish(self) -> None:
        """Bring the restored database to WAL and the latest schema (one transaction per step)."""
        conn = sqlite3.connect(str(self.db_path), timeout=self.timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA journal_mode=WAL")
            migrations.migrate(sqlite_utils.Database(conn), None)
        finally:
            conn.close()
