"""Starting the window: the Qt application, the Thai font, the language, the store.

``run_gui`` is what ``ita-desktop`` (or ``ita-desktop gui``) runs. A
database that cannot be used normally (damaged, newer, locked, already
open in another instance, read-only, disk full) is shown with its ways out
(``gui.db_problem``): restore a backup, open read-only, try again, choose
another file, quit (exit code 1). A missing program file is shown in a
message box and the exit code is 1. Never a traceback.

Before that, the copy chosen in Settings ("Copy my database") is made
(``app.apply_pending_copy``; when it cannot be, the clerk is told and the
previous folder is used), and a data folder chosen in Settings that is not
there or cannot be written (a USB or network drive not connected) is shown
with its own ways out: try again, use the default folder again, another
file, quit.

On a first start (a writable database without an office) the Welcome shows
over the window (``MainWindow.maybe_welcome``). The log goes to
``<data folder>/logs/ita-desktop.log`` (``ita_desktop.logs``): the database
opened, "window shown in X.XXX s", the welcome's choice, settings changes,
the exit code, and the traceback of a bug.

Smoke mode: with ``ITA_DESKTOP_QUIT_AFTER=<seconds>`` in the environment the
window, once shown, closes itself after that many seconds (``QuitAfter``):
every open modal dialog is rejected (the welcome's too), then the window is
closed through its normal close path (pending edits saved) and the exit code
is 0. The bundle's smoke test and the fresh-machine check use it.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

import ita_desktop
from ita_desktop import __version__
from ita_desktop.app import (APP_NAME, DB_NAME, CopyOutcome, Session, app_data_location, apply_pending_copy,
                             data_dir_from_environment, data_folder_problem, default_data_dir, open_session,
                             use_default_folder, user_settings)
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.gui.db_problem import Decision, Way, ask_db_problem
from ita_desktop.gui.language import UiLanguage
from ita_desktop.gui.main_window import MainWindow
from ita_desktop.i18n import _
from ita_desktop.logs import log_problem
from ita_desktop.resources import ResourceMissing, resource_path
from ita_desktop.store.backup import Backups
from ita_desktop.store.connection import BUSY_TIMEOUT, StoreError

log = logging.getLogger("ita_desktop")

#: When the program started (``time.monotonic()``): ``ita_desktop.START`` when the package sets it.
_START = getattr(ita_desktop, "START", time.monotonic())
#: The environment variable of the smoke mode: close the window after this many seconds.
QUIT_AFTER_ENV = "ITA_DESKTOP_QUIT_AFTER"

Clock = Callable[[], datetime]
#: ``ask(error, path, backups, read_only_tried) -> Decision``: what to do about a database that cannot be used.
AskProblem = Callable[[StoreError, Path, Backups, bool], Decision]

FONT_FILES = ("Laksaman.ttf", "Laksaman-Bold.ttf", "Laksaman-Italic.ttf", "Laksaman-BoldItalic.ttf")
#: Laksaman (a TH Sarabun derivative) draws small for its point size: scale the platform's UI size by this.
FONT_SCALE = 1.45

_font_family: str | None = None


def load_thai_font() -> str:
    """Register the bundled Laksaman font files with Qt (once per process); return the family name.

    Without a Thai font loaded Qt draws boxes where Windows has no Thai
    font (THAI_TEXT_NOTES.md). Raises ResourceMissing when a file is
    missing or Qt cannot read it.
    """
    global _font_family
    if _font_family is None:
        families = set()
        for name in FONT_FILES:
            path = resource_path("fonts", name)
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise ResourceMissing(f"อ่านไฟล์ฟอนต์ไม่ได้ / cannot load the font file: {path}")
            families.update(QFontDatabase.applicationFontFamilies(font_id))
        _font_family = "Laksaman" if "Laksaman" in families else sorted(families)[0]
    return _font_family


def use_thai_font(app: QGuiApplication) -> QFont:
    """Load the Thai font and make it the application's font, sized to read like the platform's UI font."""
    base = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    font = QFont(load_thai_font())
    font.setPointSizeF(round((base if base > 0 else 9.0) * FONT_SCALE * 2) / 2)
    app.setFont(font)
    return font


def app_settings() -> QSettings:
    """The user's settings (registry on Windows, an ini file elsewhere) for "ITA Desktop"
    (``ita_desktop.app.user_settings``: the CLI reads the data folder from the same)."""
    return user_settings()


def show_bug(exc_type, exc, tb) -> None:
    """``sys.excepthook`` while the window runs: log the traceback (``logs.log_bug``), tell the
    clerk in a message box.

    PySide6 reports an exception raised in a slot through ``sys.excepthook``
    and carries on; without this the clerk would see nothing at all.
    """
    from ita_desktop.logs import log_bug

    log_bug(exc_type, exc, tb)
    QMessageBox.critical(None, "ITA Desktop", _("Internal error, please report it to the maintainer.")
                         + f"\n\n{exc_type.__name__}: {exc}")


def _restore_at_start(backups: Backups, backup: Path) -> str | None:
    """Restore ``backup`` before anything is open; None when it worked, else the message why not."""
    try:
        backups.restore(backup)
    except StoreError as e:
        return str(e)
    return None


def ask_problem_dialog(error: StoreError, path: Path, backups: Backups, read_only_tried: bool) -> Decision:
    """The ``AskProblem`` the program uses: ``db_problem.ask_db_problem`` (modal dialogs)."""
    return ask_db_problem(error, path, backups, read_only_tried=read_only_tried)


def open_with_ways_out(db_path: Path | None, *, ask: AskProblem | None = None, clock: Clock = datetime.now,
                       timeout: float = BUSY_TIMEOUT, show_error: Callable[[str], None] | None = None,
                       settings: QSettings | None = None, data_dir: Path | None = None) -> Session | None:
    """Open the database at ``db_path`` (None: the data folder's) for the window, asking the clerk
    what to do while it cannot be used normally; the Session (its ``data_dir`` is the data folder
    in the end), or None when the clerk quits.

    ``ask(error, path, backups, read_only_tried)`` returns a ``Decision``
    (default: ``ask_problem_dialog``, the dialog). The ways out:
    restore a backup (then open again), open read-only, try again, choose
    another file, quit. ``show_error(text)`` tells why a restore failed
    (default: a message box). Never overwrites the file it could not open.

    ``data_dir``: the data folder (default: ``default_data_dir(settings)``).
    With ``settings`` and ``db_path`` None, a data folder chosen in Settings
    (not the default one, not ``$ITA_DESKTOP_DATA_DIR``) is checked first
    (``app.data_folder_problem``, nothing is created): when it is not there or
    cannot be written the clerk is asked with an ``app.DataFolderProblem``,
    whose ways out add "use the default folder again" (``Way.DEFAULT_FOLDER``:
    ``data/dir`` is removed from ``settings`` and the default database opened).
    """
    from ita_desktop.app import backups_for

    ask = ask or ask_problem_dialog
    if show_error is None:
        def show_error(text):
            QMessageBox.warning(None, "ITA Desktop", _("Nothing was restored.") + "\n\n" + text)
    if data_dir is None:
        data_dir = default_data_dir(settings)
    path = db_path
    read_only = False
    read_only_tried = False
    while True:
        error = None
        if path is None and not read_only and _check_folder(settings, data_dir):
            error = data_folder_problem(data_dir)
        if error is None:
            try:
                return open_session(path, read_only=read_only, clock=clock, timeout=timeout, data_dir=data_dir)
            except StoreError as e:
                error = e
        where = Path(path) if path else data_dir / DB_NAME
        backups = backups_for(where, clock=clock, timeout=timeout, data_dir=data_dir)
        read_only_tried = read_only_tried or read_only
        log_problem(error)
        decision = ask(error, where, backups, read_only_tried)
        read_only = False
        if decision.way is Way.QUIT:
            return None
        if decision.way is Way.READ_ONLY:
            read_only = True
        elif decision.way is Way.OTHER_FILE and decision.path is not None:
            path, read_only_tried = decision.path, False
        elif decision.way is Way.DEFAULT_FOLDER:
            data_dir = use_default_folder(settings) if settings is not None else app_data_location()
            path, read_only_tried = None, False
            log.info("data folder: the default one again, %s (the folder chosen in Settings is forgotten)",
                     data_dir)
        elif decision.way is Way.RESTORE and decision.backup is not None:
            why = _restore_at_start(backups, decision.backup)
            if why is not None:
                show_error(why)


def _usable(settings: QSettings | None, data_dir: Path) -> bool:
    """False when ``data_dir`` is a folder chosen in Settings that is not there or cannot be written."""
    return not _check_folder(settings, data_dir) or data_folder_problem(data_dir) is None


def _check_folder(settings: QSettings | None, data_dir: Path) -> bool:
    """True when ``data_dir`` is a folder chosen in Settings, checked before it is opened: not the
    default folder, not one ``$ITA_DESKTOP_DATA_DIR`` names."""
    return settings is not None and not data_dir_from_environment() and data_dir != app_data_location()


def quit_after_seconds(environ=None) -> float | None:
    """The seconds of ``ITA_DESKTOP_QUIT_AFTER`` (a float ≥ 0) in ``environ`` (default
    ``os.environ``), or None when it is not set or not a number (then a warning is logged and the
    window stays open)."""
    text = (os.environ if environ is None else environ).get(QUIT_AFTER_ENV, "").strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        log.warning("%s=%r is not a number of seconds: ignored", QUIT_AFTER_ENV, text)
        return None
    return seconds


class QuitAfter(QObject):
    """Smoke mode: ``seconds`` after ``start()``, close every modal dialog and then ``window``.

    Each step (every ``STEP_MS``) rejects the active modal dialog, if any
    (``QApplication.activeModalWidget``; the nested ``exec()`` loops unwind
    one by one), else closes the window through its normal close path
    (``closeEvent`` saves pending edits) in a call of its own, so a question
    it asks is rejected by the next step. When the window is gone the
    event loop ends with 0; if the window refuses to close ``MAX_CLOSE_TRIES``
    times the event loop is ended with 0 all the same.
    """

    STEP_MS = 50
    MAX_CLOSE_TRIES = 5

    def __init__(self, window: QWidget, seconds: float):
        super().__init__(window)
        self.window = window
        self.seconds = seconds
        self.close_tries = 0
        self.rejected = 0
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(int(seconds * 1000))
        self._delay.timeout.connect(self._begin)
        self._steps = QTimer(self)
        self._steps.setInterval(self.STEP_MS)
        self._steps.timeout.connect(self.step)

    def start(self) -> None:
        """Start counting the seconds."""
        self._delay.start()

    def _begin(self) -> None:
        log.info("quitting after %g s (%s)", self.seconds, QUIT_AFTER_ENV)
        self._steps.start()
        self.step()

    def step(self) -> None:
        """One step towards the exit (see the class docstring)."""
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self.rejected += 1
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            return
        if self.window.isVisible():
            if self.close_tries >= self.MAX_CLOSE_TRIES:
                log.warning("the window did not close after %d tries: quitting", self.close_tries)
                self._steps.stop()
                QCoreApplication.exit(0)
                return
            self.close_tries += 1
            QTimer.singleShot(0, self.window.close)
            return
        self._steps.stop()
        QCoreApplication.exit(0)


def tell_dialog(text: str) -> None:
    """How ``run_gui`` tells the clerk something before the window opens: a warning message box
    (the first paragraph of ``text`` as its text, the others under it)."""
    first, _sep, rest = text.partition("\n\n")
    box = QMessageBox(QMessageBox.Icon.Warning, "ITA Desktop", first)
    if rest:
        box.setInformativeText(rest)
    box.exec()


def _log_copy(outcome: CopyOutcome | None) -> None:
    """Log what ``apply_pending_copy`` did (the copy chosen in Settings, made at this start)."""
    if outcome is None:
        return
    if outcome.copied:
        log.info("database copied from %s to %s (chosen in Settings): data folder %s", outcome.pending.source,
                 outcome.pending.target, outcome.data_dir)
    else:
        log_problem(outcome.problem or "the database was not copied")
        log.info("data folder this time: %s (copy to %s %s)", outcome.data_dir, outcome.pending.folder,
                 "still pending" if outcome.kept else "given up")


def run_gui(db_path: Path | None, *, settings: QSettings | None = None, ask_problem: AskProblem | None = None,
            clock: Clock = datetime.now, tell: Callable[[str], None] | None = None) -> int:
    """Run the program's window on the database at ``db_path`` (None: the user's default database).

    ``settings``: where the language and other choices are remembered
    (default: the user's settings; tests pass a file in a temporary
    folder). When the database cannot be used normally (damaged, newer,
    locked, open in another instance, read-only, disk full) the clerk is
    asked what to do (``open_with_ways_out``) by ``ask_problem``: default
    ``ask_problem_dialog``; tests pass a function answering for the
    clerk. ``clock``: the
    local time, for the start-up backup. Returns the exit code: the event
    loop's, or 1 when the clerk quit without a database or a program file
    cannot be opened (shown in a message box).

    Before anything is opened, a copy chosen in Settings ("Copy my
    database") is made (``app.apply_pending_copy``); when it cannot be, the
    clerk is told by ``tell(text)`` (default: ``tell_dialog``, a message box)
    and this start uses the previous data folder. A data folder chosen in
    Settings that is not there or cannot be written is asked about with its
    ways out (``open_with_ways_out``), the default folder among them.

    The window gets the Session as ``window.session`` (its ``read_only``,
    ``backups`` and ``lock`` are for File → Backups…) and the data folder in
    use as ``window.data_dir``; a read-only session
    shows "Read-only" in the status bar. A writable database without an
    office shows the Welcome over the window. The log file is set up first
    (``logs.setup_logging`` in the data folder, unless that folder cannot be
    used; then in the folder finally opened); ``ITA_DESKTOP_QUIT_AFTER``
    closes the window by itself (see the module docstring).
    """
    from ita_desktop.logs import setup_logging

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    settings = settings if settings is not None else app_settings()
    tell = tell or tell_dialog
    copy = apply_pending_copy(settings)
    data_dir = copy.data_dir if copy is not None else default_data_dir(settings)
    log_file, log_dir = None, None
    if _usable(settings, data_dir):  # not in a folder that is not there: the dialog says it, once
        log_file, log_dir = setup_logging(data_dir), data_dir
    _log_copy(copy)
    language = UiLanguage(app, settings)
    try:
        language.apply(language.saved())
        use_thai_font(app)
        # every window's title-bar and taskbar icon (the .exe's own icon comes from pyinstaller.spec)
        app.setWindowIcon(QIcon(str(resource_path("icons", "ita-desktop.png"))))
    except ResourceMissing as e:
        log.warning("cannot start: %s", e)
        QMessageBox.critical(None, "ITA Desktop", _("ITA Desktop cannot start.") + f"\n\n{e}")
        language.uninstall()
        log.info("exit code 1")
        return 1
    notes: list[str] = []
    if copy is not None and copy.problem:
        tell(in_ui_language(copy.problem))
    elif copy is not None and copy.copied:
        notes.append(_("Your database was copied to {folder} and is used there now; the file it was copied "
                       "from is kept as it was: {source}").format(folder=copy.data_dir, source=copy.pending.source))
    session = open_with_ways_out(db_path, ask=ask_problem, clock=clock, settings=settings, data_dir=data_dir)
    if session is None:
        language.uninstall()
        log.info("no database opened: exit code 1")
        return 1
    if session.data_dir is not None and session.data_dir != data_dir:
        data_dir = session.data_dir
        notes.append(_("The default data folder is used again: {folder}").format(folder=data_dir))
    if log_dir != data_dir and _usable(settings, data_dir):  # once per folder
        log_file = setup_logging(data_dir)
    log.info("database opened: %s%s", session.path, " (read-only)" if session.read_only else "")
    store = session.store
    try:
        window = MainWindow(store, settings=settings, language=language)
    except BaseException:
        session.close()
        language.uninstall()
        raise
    window.session = session
    window.data_dir = data_dir
    window.log_file = log_file
    if session.read_only:  # the window's save state says "Read-only"; its tooltip says why
        window.save_state.setToolTip("\n".join(in_ui_language(n) for n in session.notes))
    status = [in_ui_language(n) for n in session.notes] + notes
    if status:
        window.statusBar().showMessage(" ".join(status))
    window.show()
    log.info("window shown in %.3f s", time.monotonic() - _START)
    if not session.read_only and not store.offices():
        QTimer.singleShot(0, window.maybe_welcome)  # over the window, inside the event loop
    seconds = quit_after_seconds()
    if seconds is not None:
        QuitAfter(window, seconds).start()
    previous_hook, sys.excepthook = sys.excepthook, show_bug
    code = 1
    try:
        code = app.exec()
        return code
    finally:
        sys.excepthook = previous_hook
        if window.document is not None and not session.read_only:
            window.document.save_now()  # an edit still waiting for its autosave
        window.hide()
        window.deleteLater()
        # delete the window (its timers and the document) now, before the database closes
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        session.close()
        language.uninstall()
        log.info("exit code %s", code)
