"""Starting the window: the Qt application, the Thai font, the language, the store.

``run_gui`` is what ``ita-desktop`` (or ``ita-desktop gui``) runs. A
problem the clerk can act on (a damaged or locked database, a missing
program file) is shown in a message box and the exit code is 1, never a
traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ita_desktop import __version__
from ita_desktop.app import APP_NAME, open_store
from ita_desktop.gui.language import UiLanguage
from ita_desktop.gui.main_window import MainWindow
from ita_desktop.i18n import _
from ita_desktop.resources import ResourceMissing, resource_path
from ita_desktop.store.connection import StoreError

log = logging.getLogger("ita_desktop")

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
    """The user's settings (registry on Windows, an ini file elsewhere) for "ITA Desktop"."""
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def show_bug(exc_type, exc, tb) -> None:
    """``sys.excepthook`` while the window runs: log the traceback, tell the clerk in a message box.

    PySide6 reports an exception raised in a slot through ``sys.excepthook``
    and carries on; without this the clerk would see nothing at all.
    """
    log.error("bug: %s", "".join(traceback.format_exception(exc_type, exc, tb)))
    QMessageBox.critical(None, "ITA Desktop", _("Internal error, please report it to the maintainer.")
                         + f"\n\n{exc_type.__name__}: {exc}")


def run_gui(db_path: Path | None, *, settings: QSettings | None = None) -> int:
    """Run the program's window on the database at ``db_path`` (None: the user's default database).

    ``settings``: where the language and other choices are remembered
    (default: the user's settings; tests pass a file in a temporary
    folder). Returns the exit code: the event loop's, or 1 when the
    database or a program file cannot be opened (shown in a message box).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    settings = settings if settings is not None else app_settings()
    language = UiLanguage(app, settings)
    try:
        language.apply(language.saved())
        use_thai_font(app)
        store = open_store(db_path)
    except (StoreError, ResourceMissing) as e:
        QMessageBox.critical(None, "ITA Desktop", _("ITA Desktop cannot start.") + f"\n\n{e}")
        language.uninstall()
        return 1
    window = MainWindow(store, settings=settings, language=language)
    window.show()
    previous_hook, sys.excepthook = sys.excepthook, show_bug
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        if window.document is not None:
            window.document.save_now()  # an edit still waiting for its autosave
        window.hide()
        window.deleteLater()
        # delete the window (its timers and the document) now, before the database closes
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        store.db.close()
        language.uninstall()
