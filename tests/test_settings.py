"""Tools → Settings…: the data folder (used from the next start, copied or started empty, refused
when it cannot be written), the font and digits of new offices, the language (the window follows at
once), all kept in QSettings (an ini file in the test's folder; the user's settings are never read
except in a process with its own HOME).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from ita_desktop.app import (DB_NAME, PendingCopy, app_data_location, apply_pending_copy, default_data_dir,
                             folder_problem, open_store, pending_copy, record_pending_copy)
from ita_desktop.gui import settings_dialog
from ita_desktop.store.connection import db_file
from ita_desktop.gui.settings_dialog import COPY, EMPTY, SettingsDialog
from guitest import SIZE_HINTS

REPO = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]
FAMILIES = ["TH Sarabun New", "Noto Sans Thai"]


def make_dialog(qtbot, settings, **kw) -> SettingsDialog:
    kw.setdefault("families", FAMILIES)
    dialog = SettingsDialog(settings, **kw)
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def answers(monkeypatch):
    """Replace the dialog's questions: ``ask_copy`` answers ``answer["copy"]``; errors are recorded."""
    answer = {"copy": EMPTY, "asked": [], "errors": []}
    monkeypatch.setattr(SettingsDialog, "ask_copy", lambda self, folder: answer["asked"].append(folder)
                        or answer["copy"])
    monkeypatch.setattr(SettingsDialog, "show_error", lambda self, text: answer["errors"].append(text))
    return answer


def choose_in_settings(monkeypatch, folder) -> None:
    """The clerk's next Tools → Settings…: type ``folder`` as the data folder and press OK."""
    def exec_(dialog):
        dialog.data_dir.setText(str(folder))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)


def test_settings_round_trip_through_the_ini_file(qtbot, tmp_path, settings, answers):
    new_folder = tmp_path / "elsewhere"
    dialog = make_dialog(qtbot, settings, current_data_dir=tmp_path / "data")
    assert dialog.data_dir.text() == str(tmp_path / "data")  # nothing chosen yet: the folder in use
    assert dialog.font.currentData() == "" and dialog.digits.currentData() is True
    dialog.data_dir.setText(str(new_folder))
    dialog.font.setCurrentIndex(dialog.font.findData("TH Sarabun New"))
    dialog.digits.setCurrentIndex(dialog.digits.findData(False))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and answers["errors"] == []
    assert answers["asked"] == [new_folder]  # no database there: copy it or start empty (empty)
    assert sorted(dialog.changed) == ["data/dir", "documents/font", "documents/thai_digits", "ui/language"]
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # as the next start reads it
    assert again.value("data/dir") == str(new_folder)
    assert again.value("documents/font") == "TH Sarabun New"
    assert again.value("documents/thai_digits", type=bool) is False
    assert again.value("ui/language") == "en"
    reopened = make_dialog(qtbot, again, current_data_dir=tmp_path / "data")
    assert reopened.values() == {"data/dir": str(new_folder), "documents/font": "TH Sarabun New",
                                 "documents/thai_digits": False, "ui/language": "en"}


def test_a_font_chosen_elsewhere_stays_offered(qtbot, settings):
    settings.setValue("documents/font", "TH SarabunIT๙")
    dialog = make_dialog(qtbot, settings)
    assert dialog.font.currentData() == "TH SarabunIT๙"
    assert dialog.font.itemData(0) == "" and dialog.font.count() == 1 + len(FAMILIES) + 1


def test_the_font_list_is_the_office_tabs_list(qtbot, settings, monkeypatch):
    from ita_desktop.gui.year_tabs import OfficeTab

    monkeypatch.setattr(OfficeTab, "_families", ["Garuda", "Loma"])
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert [dialog.font.itemData(i) for i in range(dialog.font.count())] == ["", "Garuda", "Loma"]


def test_default_data_dir_follows_the_setting_and_the_variable_still_wins(tmp_path, settings, monkeypatch):
    monkeypatch.delenv("ITA_DESKTOP_DATA_DIR")
    assert default_data_dir(settings) == app_data_location()  # nothing chosen
    settings.setValue("data/dir", str(tmp_path / "chosen"))
    assert default_data_dir(settings) == tmp_path / "chosen"
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "portable"))
    assert default_data_dir(settings) == tmp_path / "portable"


def test_choosing_the_default_folder_again_forgets_the_setting(qtbot, tmp_path, settings, answers):
    settings.setValue("data/dir", str(tmp_path / "chosen"))
    dialog = make_dialog(qtbot, settings)
    dialog.data_dir.setText(str(app_data_location()))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.value("data/dir") is None


def test_a_folder_that_cannot_be_written_is_refused_with_its_name(qtbot, tmp_path, settings, answers):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    bad = blocker / "data"
    dialog = make_dialog(qtbot, settings, current_data_dir=tmp_path / "data")
    dialog.data_dir.setText(str(bad))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted  # the dialog stays open
    assert len(answers["errors"]) == 1 and str(bad) in answers["errors"][0]
    assert "เขียน" in answers["errors"][0] or "cannot be written" in answers["errors"][0]
    assert settings.value("data/dir") is None and answers["asked"] == []


def test_a_relative_folder_is_refused(qtbot, tmp_path, settings, answers):
    dialog = make_dialog(qtbot, settings, current_data_dir=tmp_path / "data")
    dialog.data_dir.setText("data here")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and len(answers["errors"]) == 1


def test_copy_is_only_recorded_and_the_folder_made_when_ok_closes_the_dialog(qtbot, tmp_path, store, settings,
                                                                             answers):
    # ``store``: the demo database (two offices), open as the window has it
    answers["copy"] = COPY
    folder = tmp_path / "new data"
    dialog = make_dialog(qtbot, settings, store=store, current_data_dir=tmp_path / "data")
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, answers["errors"]
    assert folder.is_dir() and list(folder.iterdir()) == []  # made, and nothing copied yet: at the next start
    assert dialog.pending == pending_copy(settings) == PendingCopy(db_file(store.db), folder, str(tmp_path / "data"))
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # as the next start reads it
    assert again.value("data/dir") == str(folder) and again.value("data/copy_from") == str(db_file(store.db))
    assert "ITA_DESKTOP_DATA_DIR" in os.environ  # the next start with the variable set leaves it pending
    assert apply_pending_copy(again) is None and pending_copy(again) is not None
    # changing one's mind before the restart: the folder in use again drops the copy
    reopened = make_dialog(qtbot, settings, store=store, current_data_dir=tmp_path / "data")
    (tmp_path / "data" / DB_NAME).parent.mkdir(exist_ok=True)
    reopened.data_dir.setText(str(tmp_path / "data"))
    reopened.accept()
    assert reopened.result() == QDialog.DialogCode.Accepted and pending_copy(settings) is None
    assert settings.value("data/dir") == str(tmp_path / "data") and settings.value("data/copy_from") is None


def test_the_copy_made_at_start_is_a_complete_readable_database(tmp_path, store, settings, folders_from_settings):
    source = db_file(store.db)  # open as the window has it (WAL): the copy still has everything
    folder = tmp_path / "new data"
    folder.mkdir()
    record_pending_copy(settings, source, folder, tmp_path / "data")
    outcome = apply_pending_copy(settings)
    assert outcome.copied and outcome.problem is None and outcome.data_dir == folder
    copy = folder / DB_NAME
    assert sorted(p.name for p in folder.iterdir()) == [DB_NAME]  # one file: no -wal, no .partial left
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        conn.close()
    copied = open_store(copy, backup=False)
    try:
        for office in store.offices():
            other = copied.find_office(office["name"])
            assert copied.office_doc(other["id"]) == store.office_doc(office["id"])
    finally:
        copied.db.close()
    assert settings.value("data/dir") == str(folder) and pending_copy(settings) is None
    assert apply_pending_copy(settings) is None  # done once


def test_starting_empty_copies_nothing_and_going_back_keeps_the_dialog_open(qtbot, tmp_path, store, settings,
                                                                            answers):
    folder = tmp_path / "empty data"
    answers["copy"] = None  # Go back
    dialog = make_dialog(qtbot, settings, store=store)
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and settings.value("data/dir") is None
    answers["copy"] = EMPTY
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not (folder / DB_NAME).exists() and settings.value("data/dir") == str(folder)


def test_a_folder_with_a_database_is_used_as_it_is(qtbot, tmp_path, store, settings, answers):
    folder = tmp_path / "has one"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"")
    dialog = make_dialog(qtbot, settings, store=store)
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and answers["asked"] == []
    assert (folder / DB_NAME).read_bytes() == b""  # never overwritten


def test_checking_a_new_folder_leaves_nothing_behind_when_the_clerk_goes_back_and_cancels(qtbot, tmp_path,
                                                                                           settings, answers):
    folder = tmp_path / "not yet" / "made" / "ITA"
    assert folder_problem(folder) is None and not (tmp_path / "not yet").exists()
    answers["copy"] = None  # Go back
    dialog = make_dialog(qtbot, settings, current_data_dir=tmp_path / "data")
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert answers["asked"] == [folder] and answers["errors"] == []
    dialog.reject()  # Cancel
    assert not (tmp_path / "not yet").exists() and settings.value("data/dir") is None


def test_the_next_start_uses_the_folder_chosen_in_settings(tmp_path):
    """Two processes with their own HOME: the first saves the folder in the user's settings (as the
    window does), the second finds it (the CLI and the window read it the same way)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ITA_DESKTOP_DATA_DIR", "ITA_DESKTOP_QUIT_AFTER")}
    env.update({"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                "XDG_DATA_HOME": str(tmp_path / "xdg-data"), "QT_QPA_PLATFORM": "offscreen"})
    chosen = tmp_path / "chosen folder"
    save = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "from ita_desktop.gui.app import app_settings\n"
            "from ita_desktop.gui.settings_dialog import SettingsDialog, EMPTY\n"
            "app = QApplication(sys.argv[:1])\n"
            "d = SettingsDialog(app_settings(), families=[])\n"
            "d.ask_copy = lambda folder: EMPTY\n"
            "d.data_dir.setText(sys.argv[1])\n"
            "d.accept()\n"
            "print('accepted', d.result())\n")
    p = subprocess.run([sys.executable, "-c", save, str(chosen)], capture_output=True, text=True, env=env,
                       cwd=REPO, timeout=120)
    assert p.returncode == 0 and "accepted 1" in p.stdout, p.stderr
    p = subprocess.run([sys.executable, "-c", "from ita_desktop.app import default_data_dir, default_db_path\n"
                        "print(default_data_dir()); print(default_db_path())"],
                       capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert p.stdout.splitlines() == [str(chosen), str(chosen / DB_NAME)], p.stderr
    p = subprocess.run([sys.executable, "-m", "ita_desktop", "backup", "create"], capture_output=True, text=True,
                       env={**env, "ITA_DESKTOP_QUIT_AFTER": "0"}, cwd=REPO, timeout=120)
    assert p.returncode == 1 and str(chosen / DB_NAME) in p.stderr  # the CLI looks there (no database yet)
    p = subprocess.run([sys.executable, "-m", "ita_desktop"], capture_output=True, text=True,
                       env={**env, "ITA_DESKTOP_QUIT_AFTER": "0"}, cwd=REPO, timeout=120)
    assert p.returncode == 0, p.stderr
    assert (chosen / DB_NAME).is_file() and "window shown" in (chosen / "logs" / "ita-desktop.log").read_text(
        encoding="utf-8")
    assert not (tmp_path / "xdg-data").exists() or not any((tmp_path / "xdg-data").rglob(DB_NAME))


# -- in the window ---------------------------------------------------------------------------------

def test_tools_settings_has_its_shortcut(window):
    action = window.ui.actionSettings
    assert action in window.ui.menuTools.actions()
    assert action.shortcut() == QKeySequence("Ctrl+,")


def test_language_changed_in_settings_retranslates_the_window_and_the_menu_follows(qtbot, window, language,
                                                                                    monkeypatch):
    assert language.current() == "th" and window.ui.actionThai.isChecked()
    thai_title = window.ui.menuFile.title()

    def exec_(dialog):
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    window.ui.actionSettings.trigger()
    assert language.current() == "en"
    qtbot.waitUntil(lambda: window.ui.menuFile.title() == "&File")
    assert thai_title == "แฟ้ม (&F)" and window.ui.actionSettings.text() == "&Settings…"
    assert window.ui.actionEnglish.isChecked() and not window.ui.actionThai.isChecked()
    assert window.settings.value("ui/language") == "en"
    # and back through the Language menu: Settings shows what the menu chose
    window.ui.actionThai.trigger()
    qtbot.waitUntil(lambda: window.ui.menuFile.title() == thai_title)
    dialog = window.show_settings(exec_dialog=False)
    assert dialog.language.currentData() == "th"
    dialog.deleteLater()


def test_a_new_data_folder_is_announced_for_the_next_start(window, tmp_path, monkeypatch, answers):
    folder = tmp_path / "next"

    choose_in_settings(monkeypatch, folder)
    window.show_settings()
    assert str(folder) in window.statusBar().currentMessage()
    assert window.data_dir == tmp_path / "data"  # this session keeps its folder


def test_a_new_office_gets_the_default_font_and_digits_and_old_ones_keep_theirs(qtbot, empty_store, store,
                                                                                 settings):
    from test_wizard import OFFICE_NAME, fill_new_office, make_wizard

    settings.setValue("documents/font", "TH Sarabun New")
    settings.setValue("documents/thai_digits", False)
    wizard = make_wizard(qtbot, empty_store, settings)
    fill_new_office(qtbot, wizard)
    office_id, _year = wizard.commit()
    office = empty_store.office_doc(office_id)["office"]
    assert office["name"] == OFFICE_NAME
    assert office["font"] == "TH Sarabun New" and office["thai_digits"] is False
    wizard.reject()
    # an office already in the program keeps its own font and digits
    huai_toei = store.find_office("อบต.ห้วยเตย")
    before = store.office_doc(huai_toei["id"])["office"]
    wizard = make_wizard(qtbot, store, settings)
    wizard.start(huai_toei["id"], 2568)
    assert wizard.document.office.get("font") == before.get("font")
    assert wizard.document.office.get("thai_digits") == before.get("thai_digits")
    wizard.reject()


def test_defaults_of_new_offices(settings):
    assert settings_dialog.document_defaults(settings) == {"thai_digits": True}  # Laksaman, Thai digits
    settings.setValue("documents/font", "Garuda")
    settings.setValue("documents/thai_digits", False)
    assert settings_dialog.document_defaults(settings) == {"thai_digits": False, "font": "Garuda"}


# -- the next start: the copy chosen in Settings, a data folder that is gone ---------------------------

class Asked:
    """An injected ``ask_problem``: records (error, path) and answers the Decisions given, in turn."""

    def __init__(self, *decisions):
        self.decisions = list(decisions)
        self.asked: list[tuple] = []

    def __call__(self, error, path, backups, read_only_tried):
        self.asked.append((error, path))
        if not self.decisions:
            pytest.fail(f"asked about {error}")
        return self.decisions.pop(0)


def start(settings, ask=None, told=None) -> int:
    """The clerk's next start in this process (``run_gui`` on the settings' data folder), closed by the
    smoke mode as soon as the window is up; messages told before the window are appended to ``told``."""
    from ita_desktop.gui.app import run_gui

    return run_gui(None, settings=settings, ask_problem=ask or Asked(),
                   tell=(told.append if told is not None else pytest.fail))


def demo_database(folder: Path) -> Path:
    """The data folder ``folder`` with a database holding the demo offices."""
    store = open_store(folder / DB_NAME, seed_demo=True)
    store.db.close()
    return folder / DB_NAME


def measure_title(db: Path, office: str, year: int) -> str:
    store = open_store(db, backup=False)
    try:
        return store.year_doc(store.find_office(office)["id"], year)["assessment"]["measures"][0]["title"]
    finally:
        store.db.close()


@pytest.fixture
def smoke(monkeypatch):
    """The window closes itself once shown (``ITA_DESKTOP_QUIT_AFTER=0``)."""
    monkeypatch.setenv("ITA_DESKTOP_QUIT_AFTER", "0")


def test_an_edit_made_after_choosing_copy_is_in_the_new_folder_at_the_next_start(
        qtbot, tmp_path, settings, language, folders_from_settings, smoke, answers, monkeypatch):
    from ita_desktop.app import open_session
    from ita_desktop.gui.main_window import MainWindow

    old, new = tmp_path / "old", tmp_path / "new"
    demo_database(old)
    settings.setValue("data/dir", str(old))
    session = open_session(None, data_dir=old)  # the window as run_gui opens it
    window = MainWindow(session.store, settings=settings, language=language, autosave_ms=30)
    qtbot.addWidget(window)
    window.data_dir = old
    window.show()
    answers["copy"] = COPY

    choose_in_settings(monkeypatch, new)
    window.show_settings()
    assert answers["asked"] == [new] and answers["errors"] == []
    # the clerk goes on working in this window, on the database it has open
    window.select(window.store.find_office("อบต.ห้วยเตย")["id"], 2568)
    with qtbot.waitSignal(window.document.saved, timeout=5000):
        assert window.document.set(("assessment", "measures", 0, "title"), "แก้หลังเลือกคัดลอก")
    window.close()
    session.close()
    assert not (new / DB_NAME).exists()
    assert start(settings) == 0  # the next start
    assert measure_title(new / DB_NAME, "อบต.ห้วยเตย", 2568) == "แก้หลังเลือกคัดลอก"
    assert settings.value("data/dir") == str(new) and pending_copy(settings) is None
    log = (new / "logs" / "ita-desktop.log").read_text(encoding="utf-8")
    assert f"database copied from {old / DB_NAME} to {new / DB_NAME}" in log
    assert f"database opened: {new / DB_NAME}" in log
    assert start(settings) == 0  # and the start after it opens the new folder's database again, nothing copied
    assert (new / "logs" / "ita-desktop.log").read_text(encoding="utf-8").count("database copied") == 1


def test_a_copy_that_fails_at_start_is_told_and_the_old_folder_is_used_with_its_data_intact(
        tmp_path, settings, language, folders_from_settings, smoke, monkeypatch):
    import errno

    old, new = tmp_path / "old", tmp_path / "full disk"
    before = demo_database(old).read_bytes()
    new.mkdir()
    record_pending_copy(settings, old / DB_NAME, new, old)

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ita_desktop.store.backup.sync_file", full)
    told: list[str] = []
    assert start(settings, told=told) == 0
    assert len(told) == 1 and str(new) in told[0] and str(old) in told[0] and "เต็ม" in told[0]  # the disk is full
    assert list(new.iterdir()) == []  # nothing half-written
    assert settings.value("data/dir") == str(old) and pending_copy(settings) is None  # not trapped: next time too
    assert (old / DB_NAME).read_bytes()[:100] == before[:100]
    assert measure_title(old / DB_NAME, "อบต.ห้วยเตย", 2568) == measure_title(demo_database(tmp_path / "fresh"),
                                                                            "อบต.ห้วยเตย", 2568)
    assert f"database opened: {old / DB_NAME}" in (old / "logs" / "ita-desktop.log").read_text(encoding="utf-8")


def test_a_database_already_in_the_new_folder_is_never_overwritten(tmp_path, settings, language,
                                                                   folders_from_settings, smoke):
    old, new = tmp_path / "old", tmp_path / "new"
    demo_database(old)
    new.mkdir()
    (new / DB_NAME).write_bytes(b"")  # made meanwhile (another program, a CLI command)
    record_pending_copy(settings, old / DB_NAME, new, old)
    told: list[str] = []
    assert start(settings, told=told) == 0
    assert len(told) == 1 and str(new) in told[0]
    assert (new / DB_NAME).read_bytes() == b"" and settings.value("data/dir") == str(old)


def test_the_copy_waits_while_another_instance_has_the_old_database_open(tmp_path, settings, language,
                                                                         folders_from_settings, smoke):
    from ita_desktop.gui.db_problem import Decision, Way
    from ita_desktop.store.connection import DatabaseLock

    old, new = tmp_path / "old", tmp_path / "new"
    demo_database(old)
    new.mkdir()
    record_pending_copy(settings, old / DB_NAME, new, old)
    told: list[str] = []
    ask = Asked(Decision(Way.QUIT))
    with DatabaseLock(old / DB_NAME):  # the first window is still open
        assert start(settings, ask=ask, told=told) == 1
    assert len(told) == 1 and str(old / DB_NAME) in told[0] and str(new) in told[0]
    error, path = ask.asked[0]
    assert error.kind == "in_use" and path == old / DB_NAME  # this start stayed on the old folder
    assert not (new / DB_NAME).exists() and pending_copy(settings) is not None  # still to be made
    assert start(settings) == 0  # the first window closed: the next start copies
    assert (new / DB_NAME).is_file() and pending_copy(settings) is None and settings.value("data/dir") == str(new)


def test_a_saved_data_folder_that_is_gone_offers_the_default_folder_again(tmp_path, settings, language,
                                                                          folders_from_settings, smoke, capsys):
    from ita_desktop.app import DataFolderProblem
    from ita_desktop.gui.db_problem import Decision, Way

    usb = tmp_path / "usb" / "ITA"  # the USB drive is not plugged in
    settings.setValue("data/dir", str(usb))
    demo_database(folders_from_settings)
    ask = Asked(Decision(Way.RETRY), Decision(Way.DEFAULT_FOLDER))
    assert start(settings, ask=ask) == 0
    (error, path), again = ask.asked
    assert isinstance(error, DataFolderProblem) and error.kind == "missing" and str(usb) in str(error)
    assert path == usb / DB_NAME and again[0].kind == "missing"  # Try again: still not there
    assert not (tmp_path / "usb").exists()  # nothing made where the drive would be
    assert settings.value("data/dir") is None  # the default folder from now on
    log = (folders_from_settings / "logs" / "ita-desktop.log").read_text(encoding="utf-8")
    assert f"database opened: {folders_from_settings / DB_NAME}" in log
    assert "log file" not in capsys.readouterr().err  # no "cannot write the log file" for the folder that is gone


def test_a_data_folder_that_cannot_be_reached_is_not_said_twice_and_offers_the_ways_out(
        qtbot, tmp_path, settings, language, folders_from_settings, capsys):
    from ita_desktop.app import backups_for, data_folder_problem
    from ita_desktop.gui.db_problem import DbProblemDialog, Decision, Way, ask_db_problem

    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    settings.setValue("data/dir", str(blocker / "ITA"))
    ask = Asked(Decision(Way.QUIT))
    assert start(settings, ask=ask) == 1
    assert capsys.readouterr().err == ""  # the window says nothing on stderr: the dialog says it
    error = data_folder_problem(blocker / "ITA")
    seen: list[DbProblemDialog] = []

    def show(dialog):
        seen.append(dialog)
        dialog.choose(Way.DEFAULT_FOLDER)
        return dialog.chosen()

    decision = ask_db_problem(error, error.path, backups_for(error.path), show=show)
    assert decision == Decision(Way.DEFAULT_FOLDER)
    assert list(seen[0].buttons_by_way) == [Way.RETRY, Way.DEFAULT_FOLDER, Way.OTHER_FILE, Way.QUIT]
    assert str(blocker / "ITA") in seen[0].informativeText()
    assert str(folders_from_settings) in seen[0].informativeText()  # where the default folder is
    assert seen[0].buttons_by_way[Way.DEFAULT_FOLDER].text()


def test_the_variable_still_decides_the_folder_over_a_saved_one_that_is_gone(tmp_path, settings, language, smoke):
    settings.setValue("data/dir", str(tmp_path / "usb" / "ITA"))
    assert start(settings) == 0  # ITA_DESKTOP_DATA_DIR (set for every test) is used, nothing asked
    assert (tmp_path / "data" / DB_NAME).is_file() and settings.value("data/dir") == str(tmp_path / "usb" / "ITA")
