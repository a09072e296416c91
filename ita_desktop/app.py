"""Where the program keeps its data, and opening the store for a session.

The data folder (``default_data_dir``) is, in this order: ``$ITA_DESKTOP_DATA_DIR``
when set (tests and portable installs); the folder chosen in Tools →
Settings… (the user's settings, key ``data/dir``, read with ``user_settings``);
else Qt's AppDataLocation for "ITA Desktop" (on Windows
``%APPDATA%/ITA Desktop/ITA Desktop``). The window and the CLI use the same
folder. A new database starts empty: the window's first-run welcome
(``gui.welcome``) offers the demo offices (``load_demo``), a new office or an
import; nothing is filled in silently.

A new data folder chosen in Settings with "Copy my database" is copied at the
window's next start, before anything is opened (``apply_pending_copy``, with
``copy_database_file``: SQLite's backup API from a read-only connection, the
old database's DatabaseLock held); a copy that cannot be made sends the start
back to the previous folder with a message. ``data_folder_problem`` says when a
chosen data folder is not there or cannot be written (``DataFolderProblem``;
the window then offers the default folder again), ``folder_problem`` checks a
folder the clerk chooses without leaving it behind.

Backups of a database live in ``<data folder>/backups/<stem>-<hash>``
(``backups_folder``): one is taken when an existing database is opened
(at most once a day) and before each schema migration; see
``ita_desktop.store.backup``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from ita_desktop.resources import resource_root
from ita_desktop.store.backup import Backups
from ita_desktop.store.connection import BUSY_TIMEOUT, DatabaseLock, StoreError, connect, file_schema_version
from ita_desktop.store.repo import Store

# The data folder's place lives in a module of its own that imports no store, so that commands
# which need only the folder (logging in the CLI) start quickly; re-exported here.
from ita_desktop.datadir import (APP_NAME, COPY_FROM_KEY, DATA_DIR_KEY, DB_NAME, PREVIOUS_DIR_KEY,  # noqa: E402,F401
                                 PendingCopy, app_data_location, data_dir_from_environment, default_data_dir,
                                 default_db_path, forget_pending_copy, pending_copy, record_pending_copy,
                                 use_default_folder, user_settings)

log = logging.getLogger("ita_desktop")

Clock = Callable[[], datetime]


def backups_folder(db_path: Path | str, data_dir: Path | None = None) -> Path:
    """Where the backups of ``db_path`` go: ``<data folder>/backups/<stem>-<8 hex digits>``.

    The digits are a hash of the file's resolved path (case-folded on
    Windows), so two databases with the same name never share a folder
    and the same file always finds its backups.
    """
    resolved = os.path.normcase(str(Path(db_path).resolve()))
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]
    return (data_dir or default_data_dir()) / "backups" / f"{Path(db_path).stem}-{digest}"


def backups_for(db_path: Path | str, *, clock: Clock = datetime.now, timeout: float = BUSY_TIMEOUT,
                data_dir: Path | None = None) -> Backups:
    """The Backups of ``db_path`` in its folder under the data folder ``data_dir`` (default: the
    user's data folder, ``default_data_dir()``)."""
    return Backups(db_path, backups_folder(db_path, data_dir), clock=clock, timeout=timeout)


def demo_files() -> list[Path]:
    """The demo offices' interchange files shipped in ``resources/demo/``."""
    return sorted((resource_root() / "demo").glob("*.json"))


def load_demo(store: Store, *, skip_existing: bool = False) -> list[int]:
    """Import every demo office into ``store`` (one transaction); return their office ids.

    ``skip_existing``: a demo office the store already has (same full name) is
    not imported again (its years would replace the clerk's edits); its id is
    returned all the same.
    """
    from ita_desktop.store.interchange import load_file  # JSON Schema: loaded only when needed

    docs = [load_file(p) for p in demo_files()]
    have = {o["name"]: o["id"] for o in store.offices()} if skip_existing else {}
    with store.transaction():
        return [have[d["office"]["name"]] if d["office"]["name"] in have else store.import_doc(d) for d in docs]


def folder_problem(folder: Path | str) -> str | None:
    """Why ``folder`` cannot be the data folder (Thai / English, naming it), or None when it can.

    A missing folder is checked by making it (and its missing parents) and
    writing a file in it; what the check made is removed again, so nothing is
    left behind when the clerk then cancels. Raises nothing.
    """
    folder = Path(folder)
    message = (f"เขียนข้อมูลในโฟลเดอร์นี้ไม่ได้: {folder} / this folder cannot be written: {folder}")
    if not str(folder).strip() or not folder.is_absolute():
        return (f"โปรดเลือกโฟลเดอร์แบบระบุตำแหน่งเต็ม: {folder} / please choose a full folder path: {folder}")
    made: list[Path] = []
    try:
        missing = folder
        while not missing.exists() and missing.parent != missing:
            made.append(missing)
            missing = missing.parent
        for step in reversed(made):
            step.mkdir()
        probe = folder / f".ita-desktop-write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as e:
        return f"{message} ({e.strerror or e})"
    finally:
        for step in made:  # deepest first; a folder something else filled meanwhile stays
            try:
                step.rmdir()
            except OSError:
                break
    return None


class DataFolderProblem(StoreError):
    """The data folder chosen in Settings cannot be used at start (``data_folder_problem``).

    ``folder``: that folder; ``path``: its database file; ``kind``:
    ``missing`` (not there: a USB or network drive not connected, the folder
    removed), else ``readonly``, ``full`` or ``io`` (it cannot be written).
    The message is Thai / English and names the folder.
    """

    def __init__(self, message: str, kind: str, folder: Path):
        super().__init__(message, kind, Path(folder) / DB_NAME)
        self.folder = Path(folder)


def data_folder_problem(folder: Path | str) -> DataFolderProblem | None:
    """Why the data folder ``folder`` cannot be used now, or None when it can: it must be there
    (it is never made here: a drive that is not connected must not get an empty folder) and a file
    must be writable in it (written and removed). Raises nothing."""
    from ita_desktop.store.connection import error_kind

    folder = Path(folder)
    if not folder.is_dir():
        return DataFolderProblem(
            f"ไม่พบโฟลเดอร์ข้อมูลที่เลือกไว้ในการตั้งค่า {folder} ไดรฟ์ USB หรือไดรฟ์เครือข่ายอาจยังไม่ได้เชื่อมต่อ "
            f"หรือโฟลเดอร์ถูกย้ายหรือลบไปแล้ว / the data folder chosen in Settings is not there: {folder} "
            f"(a USB drive or network drive may not be connected, or the folder was moved or deleted)",
            "missing", folder)
    probe = folder / f".ita-desktop-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as e:
        kind = error_kind(e) or "readonly"
        return DataFolderProblem(
            f"เขียนข้อมูลในโฟลเดอร์ข้อมูลที่เลือกไว้ในการตั้งค่า {folder} ไม่ได้ ({e.strerror or e}) / the data "
            f"folder chosen in Settings cannot be written: {folder} ({e.strerror or e})", kind, folder)
    return None


def copy_database_file(source: Path | str, target: Path | str, *, timeout: float = BUSY_TIMEOUT) -> Path:
    """Copy the database file ``source`` to ``target`` (a new file) with SQLite's backup API from
    a read-only connection (a consistent copy, with what a ``-wal`` file holds): written to a
    hidden ``.partial`` file beside it, switched to a rollback journal (one file), synced, then
    renamed into place, so ``target`` is either complete or absent. ``source`` is not changed.

    Raises StoreError (``missing`` when ``source`` is not there, ``other`` when ``target`` is
    there already: it is never overwritten; ``full``, ``readonly``, ``io``, … when the disk
    refuses) with a Thai / English message; nothing half-written is left behind. Takes no
    lock: the caller makes sure no ITA Desktop writes ``source`` meanwhile.
    """
    import sqlite3

    from ita_desktop.store.backup import write_copy
    from ita_desktop.store.connection import sqlite_uri, storage_error

    source, target = Path(source), Path(target)
    if target.exists():
        raise StoreError(f"มีไฟล์ฐานข้อมูลอยู่แล้ว จึงไม่เขียนทับ: {target} / there is a database file there "
                         f"already, it is not overwritten: {target}", "other", target)
    if not source.is_file():
        raise StoreError(f"ไม่พบไฟล์ฐานข้อมูลที่จะคัดลอก: {source} / there is no database file to copy at "
                         f"{source}", "missing", source)
    try:
        conn = sqlite3.connect(sqlite_uri(source, "ro"), uri=True, isolation_level=None, timeout=timeout)
        try:
            write_copy(conn, target)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as e:
        err = storage_error(e, target.parent)
        if err is None:
            raise
        th, _sep, en = str(err).partition(" / ")
        raise StoreError(f"คัดลอกฐานข้อมูลไม่ได้: {th} / could not copy the database: {en}", err.kind,
                         target) from e
    return target


@dataclass(frozen=True)
class CopyOutcome:
    """What ``apply_pending_copy`` did at start.

    ``pending``: the copy that was waiting; ``data_dir``: the data folder
    for this start (the new folder when copied, else the previous one);
    ``copied``: True when the database is now in the new folder;
    ``problem``: why it was not copied (Thai / English, naming the
    folders), or None; ``kept``: the copy is still pending (another ITA
    Desktop had the database open: the next start tries again).
    """

    pending: PendingCopy
    data_dir: Path
    copied: bool
    problem: str | None = None
    kept: bool = False


def apply_pending_copy(settings, *, timeout: float = BUSY_TIMEOUT) -> CopyOutcome | None:
    """Make the copy chosen in Settings ("Copy my database", ``datadir.pending_copy``) before the
    window opens a database; None when none is pending or ``$ITA_DESKTOP_DATA_DIR`` decides the
    folder (the copy then waits).

    The database is copied with ``copy_database_file`` while its DatabaseLock is held, so no
    other ITA Desktop writes it meanwhile. Copied: the pending keys are removed (``data/dir``
    stays the new folder). Another instance holds the lock: nothing is copied, the copy stays
    pending and this start uses the previous folder. The new folder has a database already
    (never overwritten), or the copy fails (disk full, folder gone): ``data/dir`` goes back to
    the previous folder and the pending keys are removed, so the clerk starts on the data they
    had. Never raises for these; ``problem`` says what happened and where.
    """
    from ita_desktop.store.connection import DatabaseLock

    if data_dir_from_environment():
        return None
    pending = pending_copy(settings)
    if pending is None:
        return None
    back = pending.previous_folder()
    if pending.target.exists():
        forget_pending_copy(settings, go_back=True)
        return CopyOutcome(pending, back, False, _not_copied(
            pending, back, "ในโฟลเดอร์นั้นมีฐานข้อมูลอยู่แล้ว จึงไม่คัดลอกไปทับ",
            "that folder has a database already and it is not overwritten"))
    lock = DatabaseLock(pending.source)
    try:
        lock.acquire()
    except StoreError as e:
        if e.kind != "in_use":
            lock = None
        else:
            return CopyOutcome(pending, back, False, (
                f"ยังไม่ได้คัดลอกฐานข้อมูลไปยังโฟลเดอร์ข้อมูลใหม่ {pending.folder} เพราะ ITA Desktop อีกหน้าต่างหนึ่ง "
                f"({_pid_text(lock)}) ยังเปิดฐานข้อมูลเดิม {pending.source} อยู่\n\nครั้งนี้ใช้โฟลเดอร์เดิม {back} ไปก่อน "
                f"ปิดหน้าต่าง ITA Desktop ทุกหน้าต่างแล้วเปิดใหม่ โปรแกรมจะคัดลอกให้ / your database was not copied to "
                f"the new data folder {pending.folder} yet: another ITA Desktop window ({_pid_text(lock)}) still has "
                f"it open: {pending.source}\n\nThis time the previous folder {back} is used. Close every ITA "
                f"Desktop window and start again to copy it."), kept=True)
    try:
        copy_database_file(pending.source, pending.target, timeout=timeout)
    except StoreError as e:
        forget_pending_copy(settings, go_back=True)
        th, en = _REASONS.get(e.kind, _halves(str(e)))
        if e.kind == "missing":
            th, en = f"ไม่พบไฟล์ฐานข้อมูลเดิม {pending.source}", f"there is no database file at {pending.source}"
        return CopyOutcome(pending, back, False, _not_copied(pending, back, th, en))
    finally:
        if lock is not None:
            lock.release()
    forget_pending_copy(settings)
    return CopyOutcome(pending, pending.folder, True)


#: Why a copy failed, by StoreError kind: (Thai, English), short enough for one sentence.
_REASONS = {
    "full": ("ดิสก์ของโฟลเดอร์นั้นเต็ม", "the disk of that folder is full"),
    "readonly": ("เขียนข้อมูลในโฟลเดอร์นั้นไม่ได้ (อ่านอย่างเดียวหรือไม่มีสิทธิ์ หรือไดรฟ์ไม่ได้เชื่อมต่อ)",
                 "that folder cannot be written (read-only, no permission, or its drive is not connected)"),
    "io": ("อ่านหรือเขียนดิสก์ไม่สำเร็จ", "the disk could not be read or written"),
    "locked": ("ฐานข้อมูลเดิมถูกโปรแกรมอื่นล็อกไว้", "another program has the database locked"),
    "corrupt": ("ฐานข้อมูลเดิมเสียหาย", "the database is damaged"),
}


def _not_copied(pending: PendingCopy, back: Path, th_reason: str, en_reason: str) -> str:
    """The clerk's message when the copy was given up (Thai / English): what, why, where, and that
    the previous folder is used."""
    return (f"ไม่ได้คัดลอกฐานข้อมูลไปยังโฟลเดอร์ข้อมูลใหม่ {pending.folder} เพราะ{th_reason} "
            f"ไม่มีไฟล์ที่คัดลอกไม่ครบค้างอยู่\n\nITA Desktop ใช้โฟลเดอร์เดิม {back} ต่อไป ข้อมูลในโฟลเดอร์นั้นยังอยู่ครบ "
            f"เลือกโฟลเดอร์ใหม่อีกครั้งได้ที่ เครื่องมือ → ตั้งค่า… / your database was not copied to the new data "
            f"folder {pending.folder}: {en_reason}. Nothing half-copied was left there.\n\nITA Desktop goes on "
            f"using the previous folder {back}; the data there is intact. The folder can be chosen again in "
            f"Tools → Settings….")


def _pid_text(lock) -> str:
    """"PID n" of the instance holding ``lock`` (a DatabaseLock), or "?"."""
    pid = lock.holder() if lock is not None else None
    return f"PID {pid}" if pid else "?"


def _halves(message: str) -> tuple[str, str]:
    """The Thai and English halves of a "Thai / English" StoreError message (the whole text twice
    when it has no divider)."""
    th, sep, en = message.partition(" / ")
    return (th, en) if sep else (message, message)


@dataclass
class Session:
    """One open database, as the window uses it.

    ``path``: the database file; ``store``: the open Store; ``backups``:
    its Backups; ``lock``: the DatabaseLock held while it is open for
    writing (None when read-only); ``read_only``: opened read-only (then
    ``store.db`` has ``PRAGMA query_only`` = 1 and nothing can be saved);
    ``notes``: Thai / English lines to show the clerk (why it is
    read-only, a start-up backup that failed); ``data_dir``: the data folder
    its backups are kept under (None: the user's data folder).
    """

    path: Path
    store: Store
    backups: Backups
    lock: DatabaseLock | None
    read_only: bool
    notes: list[str] = field(default_factory=list)
    data_dir: Path | None = None

    def close(self) -> None:
        """Close the database and let go of the lock."""
        try:
            self.store.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def _start_up_backup(store: Store, backups: Backups) -> str | None:
    """The daily backup and the rotation; a failure is returned as a note, never raised."""
    try:
        backups.daily_if_due(store.db)
        backups.rotate()
    except StoreError as e:
        log.warning("%s", e)
        return str(e)
    return None


def _check_readable(store: Store, path: Path) -> None:
    """Read every office's document; StoreError ``newer`` when the store's queries fail on it."""
    import sqlite3

    try:
        for o in store.offices():
            store.office_doc(o["id"])
    except (sqlite3.Error, KeyError, ValueError) as e:
        raise StoreError(f"ฐานข้อมูลนี้มาจาก ITA Desktop รุ่นที่ใหม่กว่า และโปรแกรมนี้อ่านไม่ได้แม้แบบอ่านอย่างเดียว: "
                         f"{path} / this database comes from a newer ITA Desktop and this one cannot read it, "
                         f"not even read-only: {path}", "newer", path) from e


def open_session(db_path: Path | str | None = None, *, read_only: bool = False, seed_demo: bool | None = None,
                 clock: Clock = datetime.now, timeout: float = BUSY_TIMEOUT, backup: bool = True,
                 data_dir: Path | None = None) -> Session:
    """Open the database for the window: lock, connect, start-up backup.

    ``db_path``: None for the default database (``<data_dir>/ita-desktop.sqlite3``; ``data_dir``
    default: the user's data folder, which also holds the backups). Writable: takes the
    DatabaseLock first (StoreError ``in_use`` naming the other instance's
    PID), migrates with a ``pre-migration`` backup, fills a new database
    with the demo offices only when ``seed_demo`` is True (the window does
    not: its welcome offers them), then takes the day's start-up backup and rotates (``backup``; not for a
    new database). A failed start-up backup is a note, not an error.

    ``read_only``: no lock, no writes, no backups. An older file is shown
    migrated in memory; a newer one only when every office's document
    reads (else StoreError ``newer``). Raises StoreError (see
    ``ita_desktop.store.connection``) with a Thai / English message.
    """
    path = Path(db_path) if db_path else (data_dir / DB_NAME if data_dir else default_db_path())
    backups = backups_for(path, clock=clock, timeout=timeout, data_dir=data_dir)
    if read_only:
        version = file_schema_version(path)
        store = Store(connect(path, read_only=True, allow_newer=True, timeout=timeout))
        notes = ["เปิดแบบอ่านอย่างเดียว แก้ไขแล้วจะไม่ถูกบันทึก / opened read-only: changes are not saved"]
        from ita_desktop.store import migrations

        if version is not None and version > migrations.LATEST:
            try:
                _check_readable(store, path)
            except StoreError:
                store.db.close()
                raise
            notes.append("ไฟล์นี้มาจาก ITA Desktop รุ่นที่ใหม่กว่า บางส่วนอาจไม่แสดง / this file comes from a newer "
                         "ITA Desktop; some parts may not show")
        elif version is not None and version < migrations.LATEST:
            notes.append("ไฟล์นี้มาจาก ITA Desktop รุ่นก่อน แสดงตามที่จะเป็นหลังปรับรุ่น โดยไม่เปลี่ยนไฟล์ / this file "
                         "comes from an older ITA Desktop: shown as it will be after the update, the file is "
                         "not changed")
        return Session(path, store, backups, None, True, notes, data_dir)
    lock = DatabaseLock(path).acquire()
    try:
        store, note = _open(path, backups, bool(seed_demo), backup, timeout)
    except BaseException:
        lock.release()
        raise
    return Session(path, store, backups, lock, False, [note] if note else [], data_dir)


def _open(path: Path, backups: Backups, seed_demo: bool, backup: bool, timeout: float) -> tuple[Store, str | None]:
    is_new = not path.exists() or path.stat().st_size == 0
    store = Store(connect(path, backups=backups if backup else None, timeout=timeout))
    note = None
    try:
        if is_new and seed_demo and not store.offices():
            load_demo(store)
        if backup and not is_new:
            note = _start_up_backup(store, backups)
    except BaseException:
        store.db.close()
        raise
    return store, note


def open_store(db_path: Path | str | None = None, *, seed_demo: bool | None = None, backup: bool = True,
               clock: Clock = datetime.now) -> Store:
    """Open the database at ``db_path`` (default: the data folder's ``ita-desktop.sqlite3``).

    ``seed_demo``: fill a newly created database with the demo offices
    (default: no; a new database starts empty, the default one too).
    ``backup``: take the pre-migration backup in the backups folder and the
    day's start-up backup (with rotation) of an existing database; a
    failed start-up backup is logged as a warning. Takes no instance lock
    (the CLI's commands; the window uses ``open_session``).
    Raises StoreError with a clerk-readable message.
    """
    path = Path(db_path) if db_path else default_db_path()
    store, _note = _open(path, backups_for(path, clock=clock), bool(seed_demo), backup, BUSY_TIMEOUT)
    return store
