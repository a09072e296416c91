"""A database the program cannot use normally (issue 6 part 3): damaged, newer, locked,
read-only, disk full, open in another instance. Each gives a clear message and ways out;
never a traceback, never an overwrite.

``BAD_FILES`` lists every distinct damaged file tried (RELIABILITY.md's "bad files tried").
"""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from ita_desktop.app import backups_for, load_demo, open_session
from ita_desktop.store import connection, migrations
from ita_desktop.store.connection import (DatabaseLock, StorageError, StoreError, connect, error_kind, is_read_only,
                                          storage_error)
from ita_desktop.store.repo import Store


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "appdata"
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(d))
    return d


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory) -> bytes:
    """A real database (the demo offices), checkpointed into one file."""
    path = tmp_path_factory.mktemp("good") / "good.sqlite3"
    s = Store(connect(path))
    load_demo(s)
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.db.close()
    return path.read_bytes()


def _garbage_page(data: bytes, page: int, seed: int) -> bytes:
    out = bytearray(data)
    out[page * 4096:(page + 1) * 4096] = random.Random(seed).randbytes(4096)
    return bytes(out)


def _btree_header(data: bytes, page: int) -> bytes:
    out = bytearray(data)
    start = page * 4096 + (100 if page == 0 else 0)
    out[start:start + 12] = b"\xff" * 12
    return bytes(out)


#: name → function(good database bytes) → the bytes of a damaged file.
BAD_FILES = {
    "random bytes (4 KB)": lambda g: random.Random(1).randbytes(4096),
    "random bytes (1 MB)": lambda g: random.Random(2).randbytes(2**20),
    "random bytes the size of the database": lambda g: random.Random(3).randbytes(len(g)),
    "a Word-like text file": lambda g: "รายงานผลการดำเนินงาน ITA\r\n".encode("utf-16") * 500,
    "a PDF file": lambda g: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 200,
    "an interchange JSON file": lambda g: b'{"format": "ita-desktop/1", "office": {}}' * 100,
    "a ZIP file": lambda g: b"PK\x03\x04" + bytes(2000),
    "only the 16-byte SQLite magic": lambda g: g[:16],
    "truncated to the 100-byte header": lambda g: g[:100],
    "truncated to the first page": lambda g: g[:4096],
    "truncated to two pages": lambda g: g[:8192],
    "truncated to half": lambda g: g[: len(g) // 2 // 4096 * 4096],
    "truncated by one page": lambda g: g[:-4096],
    "truncated mid-page": lambda g: g[: len(g) // 3],
    "zeroed header": lambda g: b"\0" * 100 + g[100:],
    "zeroed first page": lambda g: b"\0" * 4096 + g[4096:],
    "all zeros": lambda g: bytes(len(g)),
    "magic intact, page size field garbage": lambda g: g[:16] + b"\x00\x03" + g[18:],
    "sqlite_master page header garbage": lambda g: _btree_header(g, 0),
    "a table page header garbage (page 2)": lambda g: _btree_header(g, 1),
    "a table page header garbage (page 6)": lambda g: _btree_header(g, 5),
    "a page in the middle overwritten with random bytes": lambda g: _garbage_page(g, len(g) // 4096 // 2, 4),
    "the last page overwritten with random bytes": lambda g: _garbage_page(g, len(g) // 4096 - 1, 5),
    "page 3 overwritten with random bytes": lambda g: _garbage_page(g, 2, 6),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_damaged_file_is_reported_as_damaged_and_left_as_it_was(tmp_path, good_bytes, name):
    path = tmp_path / "ita.sqlite3"
    data = BAD_FILES[name](good_bytes)
    path.write_bytes(data)
    with pytest.raises(StoreError) as e:
        connect(path)
    assert e.value.kind == "corrupt", str(e.value)
    assert "damaged or not a database" in str(e.value) and str(path) in str(e.value)
    assert path.read_bytes() == data
    with pytest.raises(StoreError) as e:  # not even read-only
        connect(path, read_only=True)
    assert e.value.kind == "corrupt" and path.read_bytes() == data
    with pytest.raises(StoreError):  # nor through the window's way of opening, which takes no backup of it
        open_session(path)
    assert path.read_bytes() == data and not backups_for(path).list()


def test_a_folder_given_as_the_database_is_refused(tmp_path):
    with pytest.raises(StoreError) as e:
        connect(tmp_path)
    assert e.value.kind == "corrupt"


# -- newer ------------------------------------------------------------------------------------------
def _newer(path: Path, good: bytes, *, break_tables: bool = False) -> bytes:
    path.write_bytes(good)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    if break_tables:
        conn.execute("ALTER TABLE offices RENAME TO agencies")
    conn.close()
    return path.read_bytes()


def test_a_newer_file_is_refused_untouched_and_opens_read_only_when_it_reads(tmp_path, good_bytes):
    path = tmp_path / "newer.sqlite3"
    data = _newer(path, good_bytes)
    with pytest.raises(StoreError) as e:
        open_session(path)
    assert e.value.kind == "newer" and "newer ITA Desktop" in str(e.value) and str(path) in str(e.value)
    with pytest.raises(StoreError) as e:
        connect(path, read_only=True)  # the store alone does not know whether its queries work
    assert e.value.kind == "newer"
    session = open_session(path, read_only=True)
    assert session.read_only and is_read_only(session.store.db) and session.lock is None
    assert len(session.store.offices()) == 2 and any("newer" in n for n in session.notes)
    with pytest.raises(StoreError, match="read-only") as e:  # the clerk is told, in Thai and English
        with session.store.transaction():
            session.store.db.execute("DELETE FROM offices")
    assert e.value.kind == "readonly"
    session.close()
    assert path.read_bytes() == data


def test_a_newer_file_the_store_cannot_read_is_refused_even_read_only(tmp_path, good_bytes):
    path = tmp_path / "newer.sqlite3"
    data = _newer(path, good_bytes, break_tables=True)
    with pytest.raises(StoreError) as e:
        open_session(path, read_only=True)
    assert e.value.kind == "newer" and "not even read-only" in str(e.value)
    assert path.read_bytes() == data


def test_an_older_file_opened_read_only_is_migrated_in_memory_only(tmp_path):
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    for step in migrations.STEPS[:2]:
        step(sqlite_utils.Database(raw))
    raw.execute("PRAGMA user_version = 2")
    raw.execute("INSERT INTO offices (name, type, province) VALUES ('เทศบาลตำบลเก่า', 'ทต.', 'แพร่')")
    raw.close()
    data = path.read_bytes()
    session = open_session(path, read_only=True)
    assert [o["name"] for o in session.store.offices()] == ["เทศบาลตำบลเก่า"]
    assert session.store.db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert is_read_only(session.store.db) and any("older" in n for n in session.notes)
    session.close()
    assert path.read_bytes() == data and not list(tmp_path.glob("old.sqlite3-*"))


# -- locked, in use ------------------------------------------------------------------------------------
def test_a_database_another_program_keeps_locked_says_so(tmp_path, good_bytes):
    path = tmp_path / "locked.sqlite3"
    path.write_bytes(good_bytes)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")
    other.execute("BEGIN EXCLUSIVE")
    data = path.read_bytes()
    with pytest.raises(StoreError) as e:
        connect(path, timeout=0.05)
    assert e.value.kind == "locked" and "locked by another program" in str(e.value)
    other.execute("ROLLBACK")
    other.close()
    assert path.read_bytes() == data
    connect(path).close()  # free again


def test_a_second_instance_is_told_the_database_is_already_open(tmp_path, good_bytes):
    import os

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    first = open_session(path)
    with pytest.raises(StoreError) as e:
        open_session(path)
    assert e.value.kind == "in_use" and f"PID {os.getpid()}" in str(e.value)
    assert "already open in ITA Desktop" in str(e.value) and "เปิดอยู่ใน ITA Desktop" in str(e.value)
    second = open_session(path, read_only=True)  # the way out the dialog offers
    assert second.read_only and len(second.store.offices()) == 2
    second.close()
    first.close()
    open_session(path).close()  # the first one closed: the lock went with it


def test_a_lock_left_by_a_crashed_instance_is_taken_over(tmp_path, good_bytes):
    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    lock = DatabaseLock(path)
    lock.path.write_bytes(b"999999".ljust(32))  # the file a dead process left: no OS lock on it
    assert lock.holder() == 999999
    session = open_session(path)
    import os

    assert session.lock.holder() == os.getpid()
    session.close()


# -- read-only disk ---------------------------------------------------------------------------
@pytest.fixture
def read_only_disk(monkeypatch):
    """SQLite sees the disk as read-only: every open is ``mode=ro`` (chmod does not stop root)."""
    monkeypatch.setattr(connection, "_target",
                        lambda path, mode, immutable=False: (connection.sqlite_uri(path, "ro", immutable), True))


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_disk_is_said_and_the_file_opens_read_only(tmp_path, good_bytes, read_only_disk, journal):
    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.close()
    data = path.read_bytes()
    with pytest.raises(StoreError) as e:
        connect(path)
    assert e.value.kind == "readonly" and "cannot write the database" in str(e.value) and str(path) in str(e.value)
    session = open_session(path, read_only=True)
    assert len(session.store.offices()) == 2
    session.close()
    assert path.read_bytes() == data


def test_a_wal_file_on_a_disk_where_its_shm_cannot_be_made_opens_immutable(tmp_path, good_bytes, monkeypatch):
    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    real = connection._target
    tried = []

    def no_shm(p, mode, immutable=False):
        tried.append(immutable)
        return real(p, mode, immutable) if immutable else real(tmp_path / "no such folder" / "x.db", mode)

    monkeypatch.setattr(connection, "_target", no_shm)
    db = connect(path, read_only=True)
    assert tried == [False, True] and db.execute("SELECT count(*) FROM offices").fetchone()[0] == 2
    db.close()


# -- disk full --------------------------------------------------------------------------------
def test_a_full_disk_while_saving_says_so_and_the_data_before_is_intact(tmp_path, good_bytes):
    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    store = Store(connect(path))
    before = [(o["name"], o["website"]) for o in store.offices()]
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    try:
        with pytest.raises(StoreError) as e:  # not SQLite's "cannot rollback" that hid it before
            with store.transaction():
                store.db.execute("UPDATE offices SET website = ?", ("x" * 200_000,))
        err = e.value
        assert err.kind == "full" and error_kind(err) == "full"
        assert isinstance(err, StorageError) and isinstance(err, sqlite3.OperationalError)  # autosave shows it
        assert "the disk is full" in str(err) and "ดิสก์เต็ม" in str(err) and str(path) in str(err)
        store.db.execute("PRAGMA max_page_count = 1000000")
        assert [(o["name"], o["website"]) for o in store.offices()] == before
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.db.close()


def test_a_full_disk_during_the_migration_on_open_says_so_and_keeps_the_old_version(tmp_path, monkeypatch,
                                                                                   good_bytes):
    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)

    def fills_the_disk(db):
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")
        db.execute("CREATE TABLE big (x)")
        db.execute("INSERT INTO big VALUES (zeroblob(1000000))")

    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [fills_the_disk])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.STEPS))
    with pytest.raises(StoreError) as e:
        connect(path)
    assert e.value.kind == "full" and "disk is full" in str(e.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    assert conn.execute("SELECT count(*) FROM offices").fetchone()[0] == 2
    conn.close()


def test_error_kinds_of_os_errors():
    import errno

    assert error_kind(OSError(errno.ENOSPC, "No space left on device")) == "full"
    assert error_kind(PermissionError(errno.EACCES, "Permission denied")) == "readonly"
    assert error_kind(OSError(errno.EROFS, "Read-only file system")) == "readonly"
    assert error_kind(OSError(errno.EIO, "I/O error")) == "io"
    assert error_kind(ValueError("x")) is None
    assert storage_error(sqlite3.IntegrityError("UNIQUE constraint failed: offices.name")) is None


# -- the window's start: ways out ----------------------------------------------------------------
class Answers:
    """An injected ``ask``: records each problem and answers from a list of Decisions."""

    def __init__(self, *decisions):
        self.decisions = list(decisions)
        self.asked: list[tuple[str, str, bool]] = []

    def __call__(self, error, path, backups, read_only_tried):
        self.asked.append((error.kind, str(error), read_only_tried))
        return self.decisions.pop(0)


def test_ways_out_fit_the_problem():
    from ita_desktop.gui.db_problem import Way, ways_out

    assert ways_out("corrupt", has_backups=True) == [Way.RESTORE, Way.OTHER_FILE, Way.QUIT]
    assert ways_out("corrupt", has_backups=False) == [Way.RESTORE, Way.OTHER_FILE, Way.QUIT]  # a file by hand
    assert ways_out("newer", has_backups=False) == [Way.READ_ONLY, Way.OTHER_FILE, Way.QUIT]
    assert ways_out("newer", has_backups=True, read_only_tried=True) == [Way.OTHER_FILE, Way.RESTORE, Way.QUIT]
    assert ways_out("in_use", has_backups=True) == [Way.READ_ONLY, Way.OTHER_FILE, Way.QUIT]
    assert ways_out("locked", has_backups=True) == [Way.RETRY, Way.READ_ONLY, Way.OTHER_FILE, Way.QUIT]
    assert ways_out("readonly", has_backups=True) == [Way.READ_ONLY, Way.OTHER_FILE, Way.QUIT]
    assert ways_out("full", has_backups=True)[0] is Way.RETRY
    assert ways_out("whatever", has_backups=True) == [Way.OTHER_FILE, Way.QUIT]


def test_start_with_a_damaged_database_restores_the_latest_backup(tmp_path, good_bytes, qapp):
    from ita_desktop.gui.app import open_with_ways_out
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    backups = backups_for(path, clock=lambda: datetime(2025, 3, 3, 8, 0))
    taken = backups.create(None, "daily")
    path.write_bytes(b"\0" * 100 + good_bytes[100:])
    ask = Answers(Decision(Way.RESTORE, backup=taken.path))
    session = open_with_ways_out(path, ask=ask, show_error=pytest.fail)
    assert [a[0] for a in ask.asked] == ["corrupt"] and str(path) in ask.asked[0][1]
    assert len(session.store.offices()) == 2 and not session.read_only
    assert list(tmp_path.glob("ita.sqlite3.damaged-*"))  # the damaged file is kept
    session.close()


def test_start_with_a_damaged_database_and_a_damaged_backup_asks_again(tmp_path, good_bytes, qapp):
    from ita_desktop.gui.app import open_with_ways_out
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(random.Random(9).randbytes(8192))
    bad_backup = tmp_path / "bad-backup.sqlite3"
    bad_backup.write_bytes(good_bytes[:5000])
    other = tmp_path / "other.sqlite3"
    ask = Answers(Decision(Way.RESTORE, backup=bad_backup), Decision(Way.OTHER_FILE, path=other))
    shown = []
    session = open_with_ways_out(path, ask=ask, show_error=shown.append)
    assert [a[0] for a in ask.asked] == ["corrupt", "corrupt"] and "cannot be restored" in shown[0]
    assert session.path == other and session.store.offices() == []
    assert path.read_bytes() == random.Random(9).randbytes(8192)
    session.close()


def test_second_instance_chooses_read_only_then_quits_cleanly(tmp_path, good_bytes, qapp):
    from ita_desktop.gui.app import open_with_ways_out
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    first = open_session(path)
    ask = Answers(Decision(Way.READ_ONLY))
    second = open_with_ways_out(path, ask=ask)
    assert ask.asked[0][0] == "in_use" and second.read_only and second.lock is None
    second.close()
    ask = Answers(Decision(Way.QUIT))
    assert open_with_ways_out(path, ask=ask) is None
    first.close()


def test_read_only_that_fails_is_not_offered_again(tmp_path, good_bytes, qapp):
    from ita_desktop.gui.app import open_with_ways_out
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "newer.sqlite3"
    _newer(path, good_bytes, break_tables=True)
    ask = Answers(Decision(Way.READ_ONLY), Decision(Way.QUIT))
    assert open_with_ways_out(path, ask=ask) is None
    assert [(k, tried) for k, _msg, tried in ask.asked] == [("newer", False), ("newer", True)]


def test_locked_then_try_again_opens(tmp_path, good_bytes, qapp):
    from ita_desktop.gui.app import open_with_ways_out
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")
    other.execute("BEGIN EXCLUSIVE")

    def let_go(error, where, backups, read_only_tried):
        other.execute("ROLLBACK")  # the other program finished
        return Decision(Way.RETRY)

    session = open_with_ways_out(path, ask=let_go, timeout=0.05)
    assert len(session.store.offices()) == 2
    session.close()
    other.close()


def test_problem_dialog_shows_the_message_and_the_ways_out(qtbot, tmp_path, language):
    from ita_desktop.gui.db_problem import DbProblemDialog, Decision, Way, ask_db_problem

    path = tmp_path / "ita.sqlite3"
    error = StoreError(f"ไฟล์ฐานข้อมูลเสียหาย: {path} / the database file is damaged: {path}", "corrupt", path)
    backups = backups_for(path)
    seen = []

    def press(way):
        def show(dialog: DbProblemDialog):
            seen.append(dialog)
            assert str(path) in dialog.informativeText()
            dialog.choose(way)
            return dialog.chosen()
        return show

    picked_file = tmp_path / "other.sqlite3"
    d = ask_db_problem(error, path, backups, show=press(Way.OTHER_FILE), pick_file=lambda parent, start: picked_file)
    assert d == Decision(Way.OTHER_FILE, path=picked_file)
    assert set(seen[0].buttons_by_way) == {Way.RESTORE, Way.OTHER_FILE, Way.QUIT}
    answers = iter([Way.RESTORE, Way.QUIT])
    d = ask_db_problem(error, path, backups, show=lambda dialog: next(answers),
                       pick_backup=lambda parent, b: None)  # the backup list cancelled: the problem is shown again
    assert d == Decision(Way.QUIT) and next(answers, None) is None
    d = ask_db_problem(error, path, backups, show=press(Way.RESTORE),
                       pick_backup=lambda parent, b: tmp_path / "b.sqlite3")
    assert d == Decision(Way.RESTORE, backup=tmp_path / "b.sqlite3")


def test_the_backup_list_picks_a_backup_at_start(qtbot, tmp_path, good_bytes, language):
    from ita_desktop.gui.backup_dialog import BackupDialog

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    backups = backups_for(path)
    taken = backups.create(None, "daily")
    dialog = BackupDialog(backups, pick_only=True)
    qtbot.addWidget(dialog)
    dialog.ask_confirm = lambda info: pytest.fail("the caller restores")
    assert not dialog.create_button.isVisibleTo(dialog)
    assert dialog.restore_selected() is None and dialog.picked == taken
    assert dialog.result() == BackupDialog.DialogCode.Accepted


def test_run_gui_with_a_damaged_database_shows_the_problem_and_quits_with_1(qapp, tmp_path, settings, language):
    from ita_desktop.gui.app import run_gui
    from ita_desktop.gui.db_problem import Decision, Way

    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    ask = Answers(Decision(Way.QUIT))
    assert run_gui(bad, settings=settings, ask_problem=ask) == 1
    assert len(ask.asked) == 1 and ask.asked[0][0] == "corrupt" and str(bad) in ask.asked[0][1]
    assert bad.read_bytes() == b"this is not a database" * 100


def test_run_gui_second_instance_is_told_and_quits(qapp, tmp_path, good_bytes, settings, language):
    import os

    from ita_desktop.gui.app import run_gui
    from ita_desktop.gui.db_problem import Decision, Way

    path = tmp_path / "ita.sqlite3"
    path.write_bytes(good_bytes)
    with DatabaseLock(path):  # the first instance
        ask = Answers(Decision(Way.QUIT))
        assert run_gui(path, settings=settings, ask_problem=ask) == 1
    assert ask.asked[0][0] == "in_use" and f"PID {os.getpid()}" in ask.asked[0][1]


def test_the_gui_command_opens_the_given_or_the_default_database(monkeypatch, tmp_path):
    from ita_desktop import cli
    from ita_desktop.gui import app as gui_app

    calls = []
    monkeypatch.setattr(gui_app, "run_gui", lambda db, **kw: calls.append((db, kw)) or 0)
    assert cli.run(["gui", "--db", str(tmp_path / "x.sqlite3")]) == 0
    assert cli.run([]) == 0
    assert calls == [(tmp_path / "x.sqlite3", {}), (None, {})]


def test_file_names_with_thai_letters_spaces_and_uri_characters_work_everywhere(tmp_path, good_bytes):
    folder = tmp_path / "ข้อมูล ITA #1 ?50% & more"
    folder.mkdir()
    path = folder / "ฐานข้อมูล อบต.#2?.sqlite3"
    path.write_bytes(good_bytes)
    assert connection.sqlite_uri(path).startswith("file:/") and "%23" in connection.sqlite_uri(path)
    db = connect(path, read_only=True)
    assert db.execute("SELECT count(*) FROM offices").fetchone()[0] == 2
    db.close()
    backups = backups_for(path)
    taken = backups.create(None, "manual")
    assert taken.readable and backups.restore(taken).before.readable
    session = open_session(path)
    assert len(session.store.offices()) == 2
    session.close()
