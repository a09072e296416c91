"""The first start: the Welcome over an empty window, its three choices, Help → Welcome…, the
data-folder and log-file items of the Help menu, and the smoke mode (``ITA_DESKTOP_QUIT_AFTER``)
run as the clerk's program runs (``python -m ita_desktop`` in a process of its own).

Dialogs are driven by replacing their ``exec`` (the choice is clicked on the real dialog) or by a
QTimer inside a real ``exec``; nothing waits on the clock.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ita_desktop.app import open_session, open_store
from ita_desktop.gui import welcome
from ita_desktop.gui.app import QUIT_AFTER_ENV, quit_after_seconds
from ita_desktop.gui.main_window import MainWindow
from ita_desktop.gui.welcome import WelcomeDialog
from guitest import SIZE_HINTS

REPO = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]


@pytest.fixture
def empty_window(make_window, empty_store) -> MainWindow:
    return make_window(empty_store)


@pytest.fixture
def welcomes(monkeypatch):
    """Replace WelcomeDialog.exec: record each dialog shown and click the choice in ``answer[0]``
    (None: close it, as Esc does)."""
    shown: list[WelcomeDialog] = []
    answer: list[str | None] = [None]

    def exec_(dialog):
        shown.append(dialog)
        if answer[0] is None:
            dialog.reject()
        else:
            dialog.button(answer[0]).click()
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", exec_)
    return shown, answer


def test_the_welcome_shows_on_an_empty_database_and_not_on_one_with_offices(
        qtbot, empty_window, store, make_window, welcomes):
    shown, _answer = welcomes
    assert empty_window.maybe_welcome() is True and len(shown) == 1
    assert shown[0].windowTitle() == "ยินดีต้อนรับสู่ ITA Desktop" or shown[0].windowTitle() == "Welcome to ITA Desktop"
    assert shown[0].parent() is empty_window  # over the window
    full = make_window(store)
    assert full.maybe_welcome() is False and len(shown) == 1


def test_a_read_only_session_never_shows_the_welcome(tmp_path, make_window, welcomes):
    shown, _answer = welcomes
    path = tmp_path / "empty-ro.sqlite3"
    open_store(path).db.close()  # an empty database, opened read-only
    session = open_session(path, read_only=True)
    try:
        w = make_window(session.store)
        assert w.maybe_welcome() is False and shown == []
        assert not w.ui.actionWelcome.isEnabled()  # Help → Welcome… offers nothing it could do
    finally:
        session.close()


def test_the_welcome_says_what_the_program_does_and_where_the_data_is(empty_window, tmp_path):
    dialog = empty_window.show_welcome(exec_dialog=False)
    try:
        texts = [dialog.button(c).title.text() for c in welcome.CHOICES]
        assert len(set(texts)) == 3 and all(texts)
        assert all(dialog.button(c).description.text() for c in welcome.CHOICES)
        assert "ITA" in dialog.intro.text()
        assert str(tmp_path / "data") in dialog.data_label.text()  # the test's data folder
        assert dialog.settings_button.isVisibleTo(dialog)
    finally:
        dialog.deleteLater()


def test_demo_choice_imports_both_demo_offices_and_selects_huai_toei_2568(empty_window, welcomes):
    shown, answer = welcomes
    answer[0] = welcome.DEMO
    assert empty_window.ui.officeCombo.count() == 0
    assert empty_window.maybe_welcome()
    names = {o["short_name"] for o in empty_window.store.offices()}
    assert names == {"อบต.ห้วยเตย", "อบต.ปากช่อง"}
    assert empty_window.ui.officeCombo.count() == 2
    assert empty_window.ui.officeCombo.currentText() == "อบต.ห้วยเตย"
    assert empty_window.ui.yearCombo.currentData() == 2568
    assert empty_window.ui.overallValue.text() == "80.77"
    assert empty_window.ui.noticeLabel.isHidden()  # the "no office yet" notice is gone
    assert empty_window.statusBar().currentMessage() != empty_window._no_office_hint()


def test_demo_choice_again_keeps_the_clerks_edits_of_the_demo_offices(qtbot, empty_window, welcomes):
    _shown, answer = welcomes
    answer[0] = welcome.DEMO
    empty_window.maybe_welcome()
    office_id = empty_window.office_id
    empty_window.save_score(1, Decimal("12.5"))
    empty_window.ui.actionWelcome.trigger()  # Help → Welcome… → the demo offices once more
    assert len(empty_window.store.offices()) == 2
    doc = empty_window.store.year_doc(office_id, 2568)
    assert doc["assessment"]["scores"]["1"] == 12.5


def test_my_office_choice_opens_the_year_wizard_for_a_new_office(empty_window, welcomes, monkeypatch):
    from ita_desktop.gui.wizard import YearWizard

    _shown, answer = welcomes
    answer[0] = welcome.NEW_OFFICE
    opened = []

    def exec_(wizard):
        opened.append((wizard.start_office_id, wizard.parent()))
        wizard.reject()  # Cancel (its temporary preview files go with it)
        return wizard.result()

    monkeypatch.setattr(YearWizard, "exec", exec_)
    empty_window.maybe_welcome()
    assert opened == [(None, empty_window)]
    assert empty_window.store.offices() == []  # cancelled: nothing written


def test_import_choice_opens_the_import_dialog(empty_window, welcomes, monkeypatch):
    from ita_desktop.gui.import_dialog import ImportDialog

    _shown, answer = welcomes
    answer[0] = welcome.IMPORT
    opened = []
    monkeypatch.setattr(ImportDialog, "exec", lambda d: opened.append(d.parent()) or QDialog.DialogCode.Rejected)
    empty_window.maybe_welcome()
    assert opened == [empty_window]


def test_closing_the_welcome_leaves_the_empty_window_saying_what_to_do(qtbot, empty_window):
    from PySide6.QtCore import Qt

    dialog = empty_window.show_welcome(exec_dialog=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.choice is None
    assert empty_window.welcome_choice(dialog.choice) is None
    assert empty_window.store.offices() == []
    message = empty_window.statusBar().currentMessage()
    assert "Help → Welcome…" in message or "ช่วยเหลือ →" in message
    assert 'href="welcome"' in empty_window.ui.noticeLabel.text() and not empty_window.ui.noticeLabel.isHidden()


def test_the_notice_link_and_help_menu_open_the_welcome_again(empty_window, welcomes):
    shown, _answer = welcomes
    empty_window.ui.noticeLabel.linkActivated.emit("welcome")
    empty_window.ui.actionWelcome.trigger()
    assert len(shown) == 2


def test_a_real_welcome_exec_unwinds_after_a_choice(qtbot, empty_window):
    """The dialog's own event loop (no exec replaced): the demo button is clicked from inside it."""
    def click():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WelcomeDialog)
        dialog.button(welcome.DEMO).click()

    QTimer.singleShot(0, click)
    assert empty_window.show_welcome() is not None
    assert empty_window.ui.officeCombo.currentText() == "อบต.ห้วยเตย"
    assert QApplication.activeModalWidget() is None


def test_settings_from_the_welcome_opens_over_it(empty_window, welcomes, monkeypatch):
    from ita_desktop.gui.settings_dialog import SettingsDialog

    opened = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda d: opened.append(d.parent()) or QDialog.DialogCode.Rejected)
    dialog = empty_window.show_welcome(exec_dialog=False)
    dialog.settings_button.click()
    assert opened == [dialog]
    dialog.deleteLater()


def test_the_welcome_shows_a_folder_chosen_in_its_settings_as_the_one_used_from_the_next_start(
        make_window, empty_store, tmp_path, settings, folders_from_settings, monkeypatch):
    from ita_desktop.gui.settings_dialog import EMPTY, SettingsDialog
    from ita_desktop.gui.thaiedit import plain

    window = make_window(empty_store)
    assert window.data_dir == folders_from_settings  # nothing chosen: the default folder
    new = tmp_path / "chosen in the welcome"
    monkeypatch.setattr(SettingsDialog, "ask_copy", lambda self, folder: EMPTY)

    def exec_(dialog):
        dialog.data_dir.setText(str(new))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    dialog = window.show_welcome(exec_dialog=False)
    try:
        assert plain(dialog.data_label.text()) == f"ข้อมูลของท่านเก็บไว้ที่: {folders_from_settings}"
        dialog.settings_button.click()
        shown = plain(dialog.data_label.text())
        assert str(folders_from_settings) in shown and str(new) in shown  # in use now, and from the next start
        assert shown.index(str(folders_from_settings)) < shown.index(str(new))
        monkeypatch.setattr(SettingsDialog, "exec", lambda d: (d.data_dir.setText(str(folders_from_settings)),
                                                               d.accept(), d.result())[-1])
        dialog.settings_button.click()  # the folder in use again: nothing else to say
        assert plain(dialog.data_label.text()) == f"ข้อมูลของท่านเก็บไว้ที่: {folders_from_settings}"
    finally:
        dialog.deleteLater()


def test_help_opens_the_data_folder_and_the_log_file(empty_window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(empty_window, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    errors = []
    monkeypatch.setattr(empty_window, "show_error", lambda title, text: errors.append(text))
    empty_window.ui.actionOpenDataFolder.trigger()
    assert opened == [str(tmp_path / "data")]
    log = tmp_path / "data" / "logs" / "ita-desktop.log"
    empty_window.ui.actionShowLog.trigger()  # no log file yet: said so, nothing opened
    assert len(opened) == 1 and len(errors) == 1 and str(log) in errors[0]
    log.parent.mkdir(parents=True)
    log.write_text("start\n", encoding="utf-8")
    empty_window.ui.actionShowLog.trigger()
    assert opened[-1] == str(log)


def test_quit_after_reads_seconds_and_ignores_nonsense():
    assert quit_after_seconds({QUIT_AFTER_ENV: "2.5"}) == 2.5
    assert quit_after_seconds({QUIT_AFTER_ENV: "0"}) == 0.0
    for bad in ("", "soon", "-1", "nan", "inf"):
        assert quit_after_seconds({QUIT_AFTER_ENV: bad}) is None
    assert quit_after_seconds({}) is None


# -- the program as the clerk starts it: its own process ---------------------------------------------

def _program_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A fresh data folder and fresh user settings (never the user's), offscreen."""
    env = {k: v for k, v in os.environ.items() if k != QUIT_AFTER_ENV}
    env.update({"ITA_DESKTOP_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
                "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path / "home")}, **extra)
    return env


def assert_quiet(stderr: str) -> None:
    """No traceback, no Qt warning: only the offscreen plugin's own note may be on stderr."""
    assert "Traceback" not in stderr, stderr
    noise = [line for line in stderr.splitlines() if line.strip() and not re.match(SIZE_HINTS, line)]
    assert noise == [], stderr


def _log(tmp_path: Path) -> str:
    return (tmp_path / "data" / "logs" / "ita-desktop.log").read_text(encoding="utf-8")


def test_smoke_mode_shows_the_welcome_then_quits_cleanly_with_0(tmp_path):
    env = _program_env(tmp_path, **{QUIT_AFTER_ENV: "0.5"})
    proc = subprocess.run([sys.executable, "-m", "ita_desktop"], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert_quiet(proc.stderr)
    log = _log(tmp_path)
    for line in ("database opened: ", "window shown in ", "quitting after 0.5 s (ITA_DESKTOP_QUIT_AFTER)",
                 "welcome: closed", "exit code 0"):
        assert line in log, log
    assert log.index("window shown in ") < log.index("welcome: closed") < log.index("exit code 0")
    assert (tmp_path / "data" / "ita-desktop.sqlite3").exists()
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.sqlite3"))
    # a second start on the same (still empty) database: the welcome again; with an office: none
    store = open_store(tmp_path / "data" / "ita-desktop.sqlite3", seed_demo=False)
    from ita_desktop.app import load_demo

    load_demo(store)
    store.db.close()
    proc = subprocess.run([sys.executable, "-m", "ita_desktop"], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=180)
    assert proc.returncode == 0, proc.stderr
    second = _log(tmp_path)[len(log):]
    assert "window shown in " in second and "welcome:" not in second and "exit code 0" in second


SETTINGS_OVER_WELCOME = r'''
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from ita_desktop.gui.app import run_gui
from ita_desktop.gui.main_window import MainWindow

app = QApplication(sys.argv[:1])
opened = []

def open_settings_over_the_welcome():
    w = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
    if w is None or getattr(w, "active_welcome", None) is None:
        return
    poll.stop()
    opened.append(1)
    w.show_settings(parent=w.active_welcome)    # a second nested exec(): the smoke mode unwinds both

poll = QTimer()
poll.timeout.connect(open_settings_over_the_welcome)
poll.start(10)
code = run_gui(None, settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
print("exit", code, "settings opened", len(opened), "icon", app.windowIcon().availableSizes()[:1], flush=True)
sys.exit(code)
'''


def test_smoke_mode_unwinds_a_dialog_opened_over_the_welcome(tmp_path):
    env = _program_env(tmp_path, **{QUIT_AFTER_ENV: "1"})
    proc = subprocess.run([sys.executable, "-c", SETTINGS_OVER_WELCOME, str(tmp_path / "settings.ini")],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "exit 0 settings opened 1" in proc.stdout, proc.stdout + proc.stderr
    assert "icon [PySide6.QtCore.QSize(256, 256)]" in proc.stdout  # the title bar and taskbar show the icon
    assert_quiet(proc.stderr)
    log = _log(tmp_path)
    assert "welcome: closed" in log and "exit code 0" in log


def test_a_bug_in_the_window_goes_to_the_log_with_its_traceback_and_the_clerk_is_told(tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ita_desktop.gui.app import show_bug
    from ita_desktop.logs import setup_logging

    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(text))
    log_file = setup_logging(tmp_path / "data")
    try:
        raise ZeroDivisionError("the slot divided by zero")
    except ZeroDivisionError as e:
        show_bug(type(e), e, e.__traceback__)
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "the slot divided by zero" in text and "test_first_run.py" in text
    assert len(told) == 1 and "ZeroDivisionError: the slot divided by zero" in told[0]


def test_the_welcome_wraps_thai_between_words_without_libthai(empty_window):
    """Qt on Windows has no libthai: the Thai paragraphs carry ZWSPs at the word boundaries
    (gui.thaiedit), and the text the clerk reads is the translation, unchanged."""
    from ita_desktop.gui.thaiedit import ZWSP, plain
    from ita_desktop.i18n import _

    dialog = empty_window.show_welcome(exec_dialog=False)
    try:
        intro = dialog.intro.text()
        assert plain(intro).startswith("ITA Desktop เก็บ") and ZWSP in intro
        assert plain(intro) == _("ITA Desktop keeps your office's ITA data in one place and prints the Thai "
                                 "documents to publish: the analysis of the scores, the measures, the reports on "
                                 "them and the memo. It works without the internet.")
        for choice in welcome.CHOICES:
            assert ZWSP in dialog.button(choice).description.text()
    finally:
        dialog.deleteLater()
