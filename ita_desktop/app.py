"""Where the program keeps its data, and opening the store for a session.

The data folder (``default_data_dir``) is, in this order: ``$ITA_DESKTOP_DATA_DIR``
when set (tests and portable installs); the folder chosen in Tools →
Settings… (the user's settings, key ``data/dir``, read with ``user_settings``);
else Qt's AppDataLocation for "ITA Desktop" (on Windows
``%APPDATA%/ITA Desktop/ITA Desktop``). The window and the CLI use the same
folder. A new database starts empty: the window's first-run welcome
(``gui.welcome``) offers the demo offices (``load_demo``), a new office or an
import; nothing is filled in silently.

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
from ita_desktop.datadir import (APP_NAME, DATA_DIR_KEY, DB_NAME, app_data_location,  # noqa: E402,F401
                                 default_data_dir, default_db_path, user_settings)

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


def backups_for(db_path: Path | str, *, clock: Clock = datetime.now, timeout: float = BUSY_TIMEOUT) -> Backups:
    """The Backups of ``db_path`` in its folder under the user's data folder."""
    return Backups(db_path, backups_folder(db_path), clock=clock, timeout=timeout)


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
    """Why ``folder`` cannot be the data folder (Thai / English, naming it), or None when it can:
    it is created when missing, and a file is written in it and removed."""
    folder = Path(folder)
    message = (f"เขียนข้อมูลในโฟลเดอร์นี้ไม่ได้: {folder} / this folder cannot be written: {folder}")
    if not str(folder).strip() or not folder.is_absolute():
        return (f"โปรดเลือกโฟลเดอร์แบบระบุตำแหน่งเต็ม: {folder} / please choose a full folder path: {folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".ita-desktop-write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as e:
        return f"{message} ({e.strerror or e})"
    return None


def copy_database(store: Store, target: Path | str) -> Path:
    """Copy the open database of ``store`` to ``target`` (a new file) with SQLite's backup API:
    written to a hidden ``.partial`` file beside it, switched to a rollback journal (one file),
    synced, then renamed into place, so ``target`` is either complete or absent.

    Raises StoreError (when ``target`` is there already; kind ``full``,
    ``readonly``, ``io``, … when the disk refuses) with a Thai / English message; nothing
    half-written is left behind.
    """
    import sqlite3

    from ita_desktop.store.backup import write_copy
    from ita_desktop.store.connection import storage_error

    target = Path(target)
    if target.exists():
        raise StoreError(f"มีไฟล์ฐานข้อมูลอยู่แล้ว: {target} / there is a database file already: {target}",
                         "other", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_copy(store.db, target)
    except (sqlite3.Error, OSError) as e:
        err = storage_error(e, target.parent)
        if err is None:
            raise
        th, _sep, en = str(err).partition(" / ")
        raise StoreError(f"คัดลอกฐานข้อมูลไม่ได้: {th} / could not copy the database: {en}", err.kind,
                         target) from e
    log.info("database copied to %s", target)
    return target


@dataclass
class Session:
    """One open database, as the window uses it.

    ``path``: the database file; ``store``: the open Store; ``backups``:
    its Backups; ``lock``: the DatabaseLock held while it is open for
    writing (None when read-only); ``read_only``: opened read-only (then
    ``store.db`` has ``PRAGMA query_only`` = 1 and nothing can be saved);
    ``notes``: Thai / English lines to show the clerk (why it is
    read-only, a start-up backup that failed).
    """

    path: Path
    store: Store
    backups: Backups
    lock: DatabaseLock | None
    read_only: bool
    notes: list[str] = field(default_factory=list)

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
                 clock: Clock = datetime.now, timeout: float = BUSY_TIMEOUT, backup: bool = True) -> Session:
    """Open the database for the window: lock, connect, start-up backup.

    ``db_path``: None for the default database. Writable: takes the
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
    path = Path(db_path) if db_path else default_db_path()
    backups = backups_for(path, clock=clock, timeout=timeout)
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
        return Session(path, store, backups, None, True, notes)
    lock = DatabaseLock(path).acquire()
    try:
        store, note = _open(path, backups, bool(seed_demo), backup, timeout)
    except BaseException:
        lock.release()
        raise
    return Session(path, store, backups, lock, False, [note] if note else [])


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
