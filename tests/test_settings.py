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

from ita_desktop.app import DB_NAME, app_data_location, default_data_dir, open_store
from ita_desktop.gui import settings_dialog
from ita_desktop.gui.main_window import MainWindow
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


def test_copy_to_the_new_folder_is_a_complete_readable_database(qtbot, tmp_path, store, settings, answers):
    # ``store``: the demo database (two offices), open as the window has it (WAL)
    answers["copy"] = COPY
    folder = tmp_path / "new data"
    dialog = make_dialog(qtbot, settings, store=store, current_data_dir=tmp_path / "data")
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, answers["errors"]
    copy = folder / DB_NAME
    assert dialog.copied == copy and copy.is_file()
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
    assert settings.value("data/dir") == str(folder)


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


def test_a_copy_that_fails_is_said_and_leaves_nothing(qtbot, tmp_path, store, settings, answers, monkeypatch):
    import errno

    answers["copy"] = COPY
    folder = tmp_path / "full disk"

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ita_desktop.store.backup.sync_file", full)
    dialog = make_dialog(qtbot, settings, store=store)
    dialog.data_dir.setText(str(folder))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(answers["errors"]) == 1 and str(folder) in answers["errors"][0]
    assert list(folder.iterdir()) == [] and settings.value("data/dir") is None


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

@pytest.fixture
def window(qtbot, store, settings, language) -> MainWindow:
    w = MainWindow(store, settings=settings, language=language, autosave_ms=30)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


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

    def exec_(dialog):
        dialog.data_dir.setText(str(folder))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
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
