"""Automatic backups (issue 6 part 1): taken on start once a day and before a migration,
rotated (7 daily + 4 weekly), listed, created and restored from the CLI and the window."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from ita_desktop.app import backups_folder, backups_for, open_session, open_store
from ita_desktop.store import migrations
from ita_desktop.store.backup import Backups, check_backup
from ita_desktop.store.connection import DatabaseLock, StoreError, connect
from ita_desktop.store.repo import Store


class FakeClock:
    """A local time the test moves by hand."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "appdata"
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(d))
    return d


def _demo_db(path: Path) -> Path:
    s = open_store(path, seed_demo=True)
    s.db.close()
    return path


def _office_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM offices ORDER BY name")]
    finally:
        conn.close()


def _rename_office(path: Path, old: str, new: str) -> None:
    s = open_store(path, backup=False)
    with s.transaction():
        s.db.execute("UPDATE offices SET name = ? WHERE name = ?", (new, old))
    s.db.close()


# -- where -----------------------------------------------------------------------------------
def test_backups_go_to_the_data_folder_one_folder_per_database_file(tmp_path, data_folder):
    a, b = tmp_path / "one" / "ita.sqlite3", tmp_path / "two" / "ita.sqlite3"
    fa, fb = backups_folder(a), backups_folder(b)
    assert fa.parent == fb.parent == data_folder / "backups"
    assert fa != fb and fa.name.startswith("ita-")
    assert fa == backups_folder(tmp_path / "one" / ".." / "one" / "ita.sqlite3")


# -- once a day, rotated --------------------------------------------------------------------
def test_sixty_days_of_starts_leave_seven_daily_and_four_weekly_backups(tmp_path):
    db = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 1, 1, 8, 0))
    backups = Backups(db, tmp_path / "backups", clock=clock)
    conn = connect(db)
    for day in range(60):  # 1 January … 1 March 2025, two starts a day
        for hour in (8, 13):
            clock.now = datetime(2025, 1, 1, hour, 0) + timedelta(days=day)
            backups.daily_if_due(conn)
            backups.rotate()
    conn.close()
    kept = backups.list()
    assert [b.time for b in kept] == [datetime(2025, 3, 1, 8, 0) - timedelta(days=n) for n in range(7)] + [
        datetime(2025, 2, 16, 8, 0), datetime(2025, 2, 9, 8, 0), datetime(2025, 2, 2, 8, 0),
        datetime(2025, 1, 26, 8, 0)]
    # 1 March 2025 is a Saturday: the 7 days are 23 Feb … 1 Mar, then the Sundays ending the 4 ISO weeks before
    assert {b.kind for b in kept} == {"daily"} and all(b.readable for b in kept)
    assert [b.path.name for b in kept][0] == "20250301-080000-daily.sqlite3"
    assert not [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(".")]  # no half-written file


def test_a_clerk_who_starts_once_a_week_keeps_seven_backups_a_week_apart(tmp_path):
    db = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 1, 6, 9, 0))
    backups = Backups(db, tmp_path / "backups", clock=clock)
    for week in range(15):
        clock.now = datetime(2025, 1, 6, 9, 0) + timedelta(weeks=week)
        backups.daily_if_due(None)
        backups.rotate()
    days = [b.time.date() for b in backups.list()]
    assert len(days) == 11 and days[0] == date(2025, 4, 14) and days[-1] == date(2025, 1, 6) + timedelta(weeks=4)
    assert all((a - b) == timedelta(weeks=1) for a, b in zip(days, days[1:], strict=False))


def test_manual_and_pre_migration_backups_are_bounded_and_other_files_are_left_alone(tmp_path):
    db = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 5, 1, 9, 0))
    backups = Backups(db, tmp_path / "backups", clock=clock)
    for n in range(14):
        clock.now = datetime(2025, 5, 1, 9, 0) + timedelta(minutes=n)
        backups.create(None, "manual")
        backups.create(None, f"pre-migration-v{n}")
    mine = tmp_path / "backups" / "my copy.sqlite3"
    mine.write_bytes(db.read_bytes())
    removed = backups.rotate()
    kept = backups.list()
    assert sorted(b.time.minute for b in kept if b.kind == "manual") == list(range(4, 14))  # the newest 10
    assert sorted(b.kind for b in kept if b.kind.startswith("pre-migration")) == [
        f"pre-migration-v{n}" for n in (10, 11, 12, 13, 9)]
    assert len(removed) == 4 + 9 and mine.exists()


def test_open_store_takes_one_start_up_backup_a_day_but_not_of_a_new_database(tmp_path):
    clock = FakeClock(datetime(2025, 6, 2, 8, 30))
    path = tmp_path / "ita.sqlite3"
    open_store(path, seed_demo=True, clock=clock).db.close()
    backups = backups_for(path, clock=clock)
    assert backups.list() == []  # just created: nothing to protect yet
    for hour in (9, 12, 17):
        clock.now = datetime(2025, 6, 2, hour)
        open_store(path, clock=clock).db.close()
    assert [(b.kind, b.time.hour) for b in backups.list()] == [("daily", 9)]
    clock.now = datetime(2025, 6, 3, 7, 45)
    open_store(path, clock=clock).db.close()
    assert [b.time.date() for b in backups.list()] == [date(2025, 6, 3), date(2025, 6, 2)]
    assert _office_names(backups.list()[0].path) == _office_names(path) != []


def test_the_demo_command_leaves_no_backups(tmp_path, data_folder):
    from ita_desktop.cli import main

    assert main(["demo", "--out", str(tmp_path / "out")]) == 0
    assert not (data_folder / "backups").exists()


def test_a_backup_that_fills_the_disk_is_not_listed_and_says_so(tmp_path):
    db = _demo_db(tmp_path / "ita.sqlite3")

    class FullDisk(Backups):
        def _open_target(self, path):
            conn = super()._open_target(path)
            conn.execute("PRAGMA max_page_count = 10")
            return conn

    backups = FullDisk(db, tmp_path / "backups")
    with pytest.raises(StoreError) as e:
        backups.create(None, "manual")
    assert e.value.kind == "full" and "disk is full" in str(e.value) and "ดิสก์เต็ม" in str(e.value)
    assert list((tmp_path / "backups").iterdir()) == [] and backups.list() == []


def test_a_start_up_backup_that_fails_does_not_stop_the_program(tmp_path, monkeypatch):
    path = _demo_db(tmp_path / "ita.sqlite3")

    def full(self, db, kind="manual"):
        raise StoreError("ดิสก์เต็ม / the disk is full", "full")

    monkeypatch.setattr(Backups, "create", full)
    session = open_session(path)
    assert session.notes == ["ดิสก์เต็ม / the disk is full"] and not session.read_only
    assert session.store.offices()
    session.close()


# -- before a migration --------------------------------------------------------------------------
def _old_file(path: Path, version: int) -> Path:
    """A database of schema ``version`` holding one office (what an older release wrote)."""
    raw = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(raw)
    for step in migrations.STEPS[:version]:
        step(old)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute("INSERT INTO offices (name, type, province) VALUES ('องค์การบริหารส่วนตำบลเก่า', 'อบต.', 'น่าน')")
    raw.close()
    return path


def test_migrating_takes_a_pre_migration_backup_that_opens_at_the_old_version(tmp_path):
    path = _old_file(tmp_path / "old.sqlite3", 2)
    clock = FakeClock(datetime(2025, 7, 1, 10, 0))
    store = open_store(path, clock=clock)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    store.db.close()
    backups = backups_for(path, clock=clock).list()
    pre = [b for b in backups if b.kind == "pre-migration-v2"]
    assert len(pre) == 1 and pre[0].schema == 2 and pre[0].readable
    conn = sqlite3.connect(pre[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT name FROM offices").fetchall() == [("องค์การบริหารส่วนตำบลเก่า",)]
    conn.close()
    assert not list(tmp_path.glob("*-backup.db"))  # no copy beside the user's file any more
    # and the migrated file itself was backed up on that start too
    assert [b.schema for b in backups if b.kind == "daily"] == [migrations.LATEST]


def test_a_pre_migration_backup_that_cannot_be_written_stops_the_migration(tmp_path):
    path = _old_file(tmp_path / "old.sqlite3", 2)

    class FullDisk(Backups):
        def _open_target(self, target):
            conn = super()._open_target(target)
            conn.execute("PRAGMA max_page_count = 5")
            return conn

    with pytest.raises(StoreError) as e:
        connect(path, backups=FullDisk(path, tmp_path / "backups"))
    assert e.value.kind == "full"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2  # not migrated without its backup
    conn.close()


# -- restore -----------------------------------------------------------------------------------
def test_restore_brings_back_the_data_and_keeps_a_before_restore_copy(tmp_path):
    path = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 8, 1, 9, 0))
    backups = backups_for(path, clock=clock)
    taken = backups.create(None, "manual")
    before = _office_names(path)
    _rename_office(path, before[0], "ชื่อที่แก้ภายหลัง")
    clock.now = datetime(2025, 8, 1, 11, 0)
    result = backups.restore(taken)
    assert _office_names(path) == before
    assert result.before is not None and result.before.kind == "before-restore"
    assert "ชื่อที่แก้ภายหลัง" in _office_names(result.before.path)
    assert result.set_aside is None and [b.kind for b in backups.list()] == ["before-restore", "manual"]
    s = open_store(path, backup=False)  # and it is a good database afterwards
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    s.db.close()


def test_restore_reaches_a_connection_that_stays_open(tmp_path):
    """The window keeps its Store open during a restore and reads the restored data after it."""
    path = _demo_db(tmp_path / "ita.sqlite3")
    backups = backups_for(path)
    taken = backups.create(None, "manual")
    store = Store(connect(path))
    names = [o["name"] for o in store.offices()]
    with store.transaction():
        store.db.execute("DELETE FROM offices")
    assert store.offices() == []
    with DatabaseLock(path) as lock:
        backups.restore(taken, lock=lock)
    assert [o["name"] for o in store.offices()] == names
    assert store.office_doc(store.offices()[0]["id"])["assessments"]
    store.db.close()


def test_an_older_backup_is_restored_and_brought_to_the_latest_schema(tmp_path):
    path = _demo_db(tmp_path / "ita.sqlite3")
    old = _old_file(tmp_path / "v2.sqlite3", 2)
    result = backups_for(path).restore(old)
    assert result.schema == 2
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert conn.execute("SELECT name FROM offices").fetchall() == [("องค์การบริหารส่วนตำบลเก่า",)]
    conn.close()
    assert old.exists()


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "zeroed header", "newer", "empty database"])
def test_a_bad_backup_is_refused_and_the_database_is_untouched(tmp_path, damage):
    path = _demo_db(tmp_path / "ita.sqlite3")
    backups = backups_for(path)
    good = backups.create(None, "manual")
    bad = good.path
    data = bad.read_bytes()
    if damage == "random bytes":
        import random

        bad.write_bytes(random.Random(7).randbytes(len(data)))
    elif damage == "truncated":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "zeroed header":
        bad.write_bytes(b"\0" * 100 + data[100:])
    elif damage == "newer":
        conn = sqlite3.connect(bad)
        conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
        conn.close()
    else:
        bad.unlink()
        sqlite3.connect(bad).close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(StoreError) as e:
        backups.restore(1)
    assert e.value.kind == "bad_backup" and str(bad) in str(e.value)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert [b.kind for b in backups.list()] == ["manual"]  # no before-restore copy either
    with pytest.raises(StoreError):
        check_backup(bad)


def test_restore_over_a_damaged_file_sets_it_aside_and_never_deletes_it(tmp_path):
    path = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 9, 9, 9, 9, 9))
    backups = backups_for(path, clock=clock)
    taken = backups.create(None, "daily")
    damaged = b"\0" * 100 + path.read_bytes()[100:]
    path.write_bytes(damaged)
    with pytest.raises(StoreError):
        connect(path)
    result = backups.restore(taken)
    assert result.set_aside == tmp_path / "ita.sqlite3.damaged-20250909-090909"
    assert result.set_aside.read_bytes() == damaged and result.before is None
    assert _office_names(path) == _office_names(taken.path) != []


def test_restore_is_refused_while_another_instance_has_the_database(tmp_path):
    path = _demo_db(tmp_path / "ita.sqlite3")
    backups = backups_for(path)
    taken = backups.create(None, "manual")
    with subprocess.Popen(
            [sys.executable, "-c",
             "import sys\nfrom ita_desktop.store.connection import DatabaseLock\n"
             f"lock = DatabaseLock({str(path)!r}).acquire()\nprint('locked', flush=True)\nsys.stdin.read()\n"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            cwd=Path(__file__).resolve().parents[1]) as holder:
        try:
            assert holder.stdout.readline().strip() == "locked"
            before = path.read_bytes()
            with pytest.raises(StoreError) as e:
                backups.restore(taken)
            assert e.value.kind == "in_use" and f"PID {holder.pid}" in str(e.value)
            assert "already open in ITA Desktop" in str(e.value) and path.read_bytes() == before
        finally:
            holder.stdin.close()
            holder.wait(timeout=60)
    backups.restore(taken)  # its process ended: the lock went with it


# -- the command line ------------------------------------------------------------------------
def test_cli_backup_list_create_restore(tmp_path, capsys):
    from ita_desktop.cli import main

    path = _demo_db(tmp_path / "ita.sqlite3")
    assert main(["backup", "list", "--db", str(path)]) == 0
    assert "no backups" in capsys.readouterr().out
    assert main(["backup", "create", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "backup written" in out and "10 newest manual" in out
    _rename_office(path, _office_names(path)[0], "เปลี่ยนแล้ว")
    assert main(["--db", str(path), "backup", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("1\t") and "\tmanual\t" in lines[0]
    assert main(["backup", "restore", "1", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "before-restore" in out and "เปลี่ยนแล้ว" not in _office_names(path)
    assert main(["backup", "restore", "7", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no backup number 7" in err[0]
    with DatabaseLock(path):
        assert main(["backup", "restore", "1", "--db", str(path)]) == 1
    assert "already open in ITA Desktop" in capsys.readouterr().err
    assert main(["backup", "restore", str(tmp_path / "nothing.sqlite3"), "--db", str(path)]) == 1
    assert "no backup file" in capsys.readouterr().err
    assert main(["backup", "restore", str(path), "--db", str(path)]) == 1
    assert "the database itself" in capsys.readouterr().err


def test_cli_backup_of_the_default_database_in_a_subprocess(tmp_path, data_folder):
    import os

    env = {**os.environ, "ITA_DESKTOP_DATA_DIR": str(data_folder), "QT_QPA_PLATFORM": "offscreen"}
    repo = Path(__file__).resolve().parents[1]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "ita_desktop", *args], capture_output=True, text=True,
                              env=env, cwd=repo, timeout=120)

    assert run("backup", "create").returncode == 1  # no database yet: one line, no traceback
    assert run("fonts").returncode == 0
    open_store(None).db.close()  # first start: the demo database
    p = run("backup", "create")
    assert p.returncode == 0, p.stderr
    p = run("backup", "list")
    assert p.returncode == 0 and str(data_folder / "backups") in p.stdout and "manual" in p.stdout


# -- the window's backup dialog -------------------------------------------------------------------
@pytest.fixture
def demo_backups(tmp_path):
    path = _demo_db(tmp_path / "ita.sqlite3")
    clock = FakeClock(datetime(2025, 10, 1, 8, 0))
    backups = backups_for(path, clock=clock)
    backups.create(None, "daily")
    clock.now = datetime(2025, 10, 1, 9, 0)
    return path, backups, clock


def test_backup_model_passes_the_model_tester(qtmodeltester, demo_backups, language):
    from PySide6.QtCore import Qt

    from ita_desktop.gui.backup_dialog import BackupModel

    path, backups, clock = demo_backups
    clock.now = datetime(2025, 10, 2, 9, 0)
    backups.create(None, "pre-migration-v3")
    model = BackupModel(backups.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 4
    texts = [model.index(0, c).data() for c in range(4)]
    assert texts[0] == "2/10/2568 09:00" and "3" in texts[1] and str(migrations.LATEST) in texts[3]
    assert model.index(1, 1).data() != texts[1] and model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == str(
        backups.list()[0].path)
    model.set_backups([])
    qtmodeltester.check(model)


def test_backup_dialog_creates_and_restores_after_asking(qtbot, demo_backups, language):
    from ita_desktop.gui.backup_dialog import BackupDialog

    path, backups, clock = demo_backups
    conn = connect(path)
    events = []
    dialog = BackupDialog(backups, db=conn, before_restore=lambda: events.append("before") or True,
                          after_restore=lambda r: events.append(("after", r.before.kind)))
    qtbot.addWidget(dialog)
    infos, asked = [], []
    dialog.show_info = infos.append
    dialog.show_error = lambda title, text: pytest.fail(text)
    assert dialog.model.rowCount() == 1
    made = dialog.create_now()
    assert made.kind == "manual" and dialog.model.rowCount() == 2 and dialog.selected() == made

    original = _office_names(path)
    with Store(conn).transaction():
        conn.execute("DELETE FROM offices")
    dialog.ask_confirm = lambda info: asked.append(info) or False  # the clerk says no
    assert dialog.restore_selected() is None and _office_names(path) == [] and events == []
    dialog.ask_confirm = lambda info: asked.append(info) or True
    result = dialog.restore_selected()
    assert result is not None and _office_names(path) == original
    assert events == ["before", ("after", "before-restore")] and asked[-1] == made
    assert dialog.model.rowCount() == 3 and str(result.before.path) in infos[-1]
    conn.close()


def test_backup_dialog_stops_when_the_window_cannot_save_its_last_edits(qtbot, demo_backups, language):
    from ita_desktop.gui.backup_dialog import BackupDialog

    path, backups, clock = demo_backups
    dialog = BackupDialog(backups, before_restore=lambda: False)
    qtbot.addWidget(dialog)
    dialog.ask_confirm = lambda info: True
    before = path.read_bytes()
    assert dialog.restore_selected() is None and path.read_bytes() == before
    assert [b.kind for b in backups.list()] == ["daily"]


def test_backup_dialog_shows_a_refused_restore(qtbot, demo_backups, language):
    from ita_desktop.gui.backup_dialog import BackupDialog

    path, backups, clock = demo_backups
    errors = []
    dialog = BackupDialog(backups)
    qtbot.addWidget(dialog)
    dialog.ask_confirm = lambda info: True
    dialog.show_error = lambda title, text: errors.append(text)
    with DatabaseLock(path):  # "another instance"
        assert dialog.restore_selected() is None
    assert len(errors) == 1 and "already open" in errors[0]
    damaged = backups.list()[0].path
    damaged.write_bytes(b"\0" * 100 + damaged.read_bytes()[100:])
    dialog.refresh()
    assert dialog.model.index(0, 3).data() in ("Damaged", "เสียหาย")
    assert dialog.restore_selected() is None and len(errors) == 2
    dialog.ask_file = lambda: None
    assert dialog.restore_file() is None


def test_backup_dialog_read_only_window_cannot_restore(qtbot, demo_backups, language):
    from ita_desktop.gui.backup_dialog import BackupDialog

    path, backups, clock = demo_backups
    dialog = BackupDialog(backups, can_restore=False)
    qtbot.addWidget(dialog)
    dialog.ask_confirm = lambda info: pytest.fail("asked")
    assert not dialog.restore_button.isEnabled() and not dialog.file_button.isEnabled()
    assert dialog.restore_selected() is None and dialog.restore_file() is None
    assert dialog.create_now().kind == "manual"  # a copy can still be made


def test_main_window_wiring_for_file_backups(qtbot, tmp_path, settings, language):
    """What File → Backups… does in the window: save the last edits, restore into the open
    database, reload; the window shows the restored offices."""
    from ita_desktop.gui.main_window import MainWindow

    path = _demo_db(tmp_path / "ita.sqlite3")
    session = open_session(path)
    window = MainWindow(session.store, settings=settings, language=language)
    qtbot.addWidget(window)
    names = [window.ui.officeCombo.itemText(i) for i in range(window.ui.officeCombo.count())]
    taken = session.backups.create(session.store.db, "manual")
    with session.store.transaction():
        session.store.db.execute("UPDATE offices SET short_name = 'เปลี่ยนชื่อ' WHERE id = ?", (window.office_id,))
    window.load_offices()
    assert "เปลี่ยนชื่อ" in [window.ui.officeCombo.itemText(i) for i in range(window.ui.officeCombo.count())]

    old_doc = window.document
    old_doc.set(("office", "website"), "https://edited.example")  # an edit waiting for its autosave

    window.session = session  # as run_gui sets it
    dialog = window.show_backups(exec_dialog=False)  # File → Backups…
    dialog.ask_confirm = lambda info: True
    dialog.show_info = lambda text: None
    assert dialog.select(taken) and (result := dialog.restore_selected()) is not None
    assert [window.ui.officeCombo.itemText(i) for i in range(window.ui.officeCombo.count())] == names
    assert window.document is not None and window.document is not old_doc and not window.undo_stack.canUndo()
    assert window.document.office.get("website", "") != "https://edited.example"
    conn = sqlite3.connect(result.before.path)  # the saved edit is in the before-restore backup
    assert conn.execute("SELECT count(*) FROM offices WHERE website = 'https://edited.example'").fetchone()[0] == 1
    conn.close()
    window.close()
    window.deleteLater()
    session.close()
