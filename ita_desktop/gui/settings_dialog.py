"""Tools → Settings…: the data folder, the font and digits of new offices, the language.

Everything is kept in the user's ``QSettings``:

========================  ===============================================================
key                       value
========================  ===============================================================
``data/dir``              the data folder (database, backups, logs); effective at the next
                          start (``ita_desktop.app.default_data_dir``; ``$ITA_DESKTOP_DATA_DIR``
                          still wins). Empty: Qt's AppDataLocation.
``data/copy_from``        with ``data/previous_dir``: "Copy my database" was chosen; the next
                          start copies this database file into ``data/dir`` (``datadir.PendingCopy``)
``documents/font``        the document font given to a new office ("" = the bundled Laksaman)
``documents/thai_digits`` Thai digits (๑๒๓, True) or Arabic (123, False) for a new office
``ui/language``           the window's language (``gui.language.SETTINGS_KEY``, as the Language menu)
========================  ===============================================================

Existing offices keep their own font and digits (the Office tab edits them).

Like the project's forms the dialog has ``load`` (fill the fields from the
settings), ``check`` (the problem that keeps OK from closing, or None) and
``save`` (write the fields back). A new data folder must be writable (else it
is refused with a message naming it; the check leaves no folder behind);
when it has no database yet the clerk chooses (``ask_copy``) between copying
the current database there and starting empty there. The copy is not made
now: the window goes on saving to the database it has open, so the copy is
made when ITA Desktop next starts, before it opens anything
(``ita_desktop.app.apply_pending_copy``); until then the settings hold it as
a pending copy (``datadir.record_pending_copy``). Backups and log files stay
in the old folder; the new folder starts its own. The folder is made when OK
closes the dialog.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.app import (DATA_DIR_KEY, DB_NAME, PendingCopy, app_data_location, folder_problem,
                             forget_pending_copy, pending_copy, record_pending_copy)
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.gui.language import SETTINGS_KEY as LANGUAGE_KEY
from ita_desktop.gui.thaiedit import set_wrapped_text
from ita_desktop.i18n import _
from ita_desktop.store.connection import db_file

log = logging.getLogger("ita_desktop")

FONT_KEY = "documents/font"
DIGITS_KEY = "documents/thai_digits"
#: The answers of ``ask_copy``: copy the current database into the new folder, or start empty there.
COPY, EMPTY = "copy", "empty"
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}


def document_defaults(settings: QSettings) -> dict[str, Any]:
    """What a new office gets from the settings: ``{"thai_digits": bool}`` plus ``"font"`` when a
    font other than the bundled Laksaman is chosen (the interchange fields of the office)."""
    out: dict[str, Any] = {"thai_digits": settings.value(DIGITS_KEY, True, type=bool)}
    font = settings.value(FONT_KEY, "", type=str)
    if font:
        out["font"] = font
    return out


def thai_font_families() -> list[str]:
    """The installed font families with Thai letters, as the Office tab's font field lists them
    (scanned once per process; ``OfficeTab._families``)."""
    from ita_desktop.gui.year_tabs import OfficeTab

    if OfficeTab._families is None:
        OfficeTab._load_families(None)  # fills the class-wide cache; uses no instance
    return list(OfficeTab._families or [])


class SettingsDialog(QDialog):
    """Tools → Settings… (see the module docstring) over ``settings``.

    ``store``: the open Store (its database file is what "copy" copies at the
    next start; None: only "start empty" is offered). ``current_data_dir``:
    the folder in use now (shown when the settings name none; the folder to
    go back to when the copy cannot be made). ``families``: the font families
    to offer (default: ``thai_font_families()``). After OK, ``changed`` lists
    the keys whose value changed and ``pending`` is the copy the next start
    makes (a ``datadir.PendingCopy``), or None.
    """

    def __init__(self, settings: QSettings, *, store=None, current_data_dir: Path | None = None,
                 families: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.store = store
        self.current_data_dir = Path(current_data_dir) if current_data_dir else None
        self.families = thai_font_families() if families is None else list(families)
        self.changed: list[str] = []
        self.pending: PendingCopy | None = None
        self._copy_chosen = False
        self._loaded: dict[str, Any] = {}

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.data_dir = QLineEdit(self)
        self.data_dir.setObjectName("dataDir")
        self.browse_button = QPushButton(self)
        self.browse_button.setObjectName("browseDataDir")
        self.browse_button.clicked.connect(self.browse)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openDataDir")
        self.open_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.browse_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        self.data_label = QLabel(self)
        self.data_label.setBuddy(self.data_dir)
        form.addRow(self.data_label, self.data_dir)
        form.addRow("", row)
        self.data_note = QLabel(self)
        self.data_note.setObjectName("dataDirNote")
        self.data_note.setWordWrap(True)
        form.addRow("", self.data_note)
        self.font = QComboBox(self)
        self.font.setObjectName("documentFont")
        self.font_label = QLabel(self)
        self.font_label.setBuddy(self.font)
        form.addRow(self.font_label, self.font)
        self.digits = QComboBox(self)
        self.digits.setObjectName("documentDigits")
        self.digits_label = QLabel(self)
        self.digits_label.setBuddy(self.digits)
        form.addRow(self.digits_label, self.digits)
        self.documents_note = QLabel(self)
        self.documents_note.setWordWrap(True)
        form.addRow("", self.documents_note)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for code in i18n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("ก") * 72)
        self.retranslate()
        self.load()

    # -- the fields ------------------------------------------------------------------------------
    def default_folder(self) -> Path:
        """The folder used when none is chosen: Qt's AppDataLocation."""
        return app_data_location()

    def saved_folder(self) -> Path:
        """The data folder the settings name, else the one in use now, else the default."""
        saved = self.settings.value(DATA_DIR_KEY, "", type=str)
        return Path(saved) if saved else self.current_data_dir or self.default_folder()

    def _fill_fonts(self, chosen: str) -> None:
        self.font.clear()
        self.font.addItem(_("Laksaman (built in)"), "")
        for family in self.families:
            if family != "Laksaman":
                self.font.addItem(family, family)
        if chosen and self.font.findData(chosen) < 0:
            self.font.addItem(chosen, chosen)  # chosen on another computer, or uninstalled since
        self.font.setCurrentIndex(max(self.font.findData(chosen), 0))

    def load(self) -> None:
        """Fill the fields from the settings."""
        self._loaded = {
            DATA_DIR_KEY: str(self.saved_folder()),
            FONT_KEY: self.settings.value(FONT_KEY, "", type=str),
            DIGITS_KEY: self.settings.value(DIGITS_KEY, True, type=bool),
            LANGUAGE_KEY: self.settings.value(LANGUAGE_KEY, i18n.language(), type=str),
        }
        if self._loaded[LANGUAGE_KEY] not in i18n.LANGUAGES:
            self._loaded[LANGUAGE_KEY] = i18n.DEFAULT_LANGUAGE
        self.data_dir.setText(self._loaded[DATA_DIR_KEY])
        self._fill_fonts(self._loaded[FONT_KEY])
        self.digits.setCurrentIndex(self.digits.findData(self._loaded[DIGITS_KEY]))
        self.language.setCurrentIndex(max(self.language.findData(self._loaded[LANGUAGE_KEY]), 0))

    def values(self) -> dict[str, Any]:
        """The fields as settings values: ``{key: value}`` for the four keys."""
        return {DATA_DIR_KEY: self.data_dir.text().strip(), FONT_KEY: self.font.currentData() or "",
                DIGITS_KEY: bool(self.digits.currentData()), LANGUAGE_KEY: self.language.currentData()}

    def chosen_folder(self) -> Path:
        """The data folder in the field."""
        return Path(os.path.expanduser(self.data_dir.text().strip()))

    def folder_changed(self) -> bool:
        """True when the field names another folder than the one loaded."""
        return self.values()[DATA_DIR_KEY] != self._loaded.get(DATA_DIR_KEY)

    def check(self) -> str | None:
        """The problem that keeps the settings from being saved (Thai / English), or None: a new
        data folder that cannot be written (created when missing)."""
        if not self.folder_changed():
            return None
        return folder_problem(self.chosen_folder())

    def save(self) -> list[str]:
        """Write the fields to the settings; return the keys whose value changed (logged)."""
        values = self.values()
        changed = [k for k, v in values.items() if v != self._loaded.get(k)]
        for key in changed:
            value = values[key]
            if key == DATA_DIR_KEY:
                self._save_folder()
            else:
                self.settings.setValue(key, value)
            log.info("settings: %s = %s", key, value)
        self.settings.sync()
        self._loaded.update({k: values[k] for k in changed})
        self.changed = changed
        return changed

    def _save_folder(self) -> None:
        """Write the chosen data folder; with "Copy my database" chosen, as a pending copy of the
        open database (made at the next start), else any earlier pending copy is dropped."""
        folder = self.chosen_folder()
        source = db_file(self.store.db) if self._copy_chosen and self.store is not None else None
        if source is not None:
            self.pending = record_pending_copy(self.settings, source, folder,
                                               self.current_data_dir or self.default_folder())
            log.info("settings: %s is copied to %s at the next start", self.pending.source, self.pending.target)
            return
        forget_pending_copy(self.settings)
        self.pending = None
        if folder == self.default_folder():
            self.settings.remove(DATA_DIR_KEY)  # the default again: it follows Qt's location
        else:
            self.settings.setValue(DATA_DIR_KEY, str(folder))

    # -- the data folder ---------------------------------------------------------------------------
    def browse(self) -> None:
        """Browse… : choose the data folder in a folder dialog."""
        folder = self.ask_directory(self.chosen_folder())
        if folder is not None:
            self.data_dir.setText(str(folder))

    def ask_directory(self, start: Path) -> Path | None:
        """The folder dialog (tests replace it); None when cancelled."""
        name = QFileDialog.getExistingDirectory(self, _("Data folder"), str(start))
        return Path(name) if name else None

    def open_folder(self) -> bool:
        """Open folder: show the data folder in the file manager (it is created when missing)."""
        folder = self.chosen_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        return self.open_url(QUrl.fromLocalFile(str(folder)))

    def open_url(self, url: QUrl) -> bool:
        """Open ``url`` with the system (tests replace it)."""
        return QDesktopServices.openUrl(url)

    def ask_copy(self, folder: Path) -> str | None:
        """The new data folder has no database: copy the current one there (``COPY``), start empty
        there (``EMPTY``), or go back (None). Either happens when ITA Desktop next starts."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Settings"),
                          _("There is no database in {folder} yet.").format(folder=folder), parent=self)
        box.setInformativeText(_("Copy the database you are using now there, or start with an empty database "
                                 "there? Either takes effect the next time ITA Desktop starts: the copy is made "
                                 "then, so the changes you make until then are in it. Backups and log files stay "
                                 "in the current folder; the new folder starts its own."))
        copy = box.addButton(_("&Copy my database"), QMessageBox.ButtonRole.AcceptRole)
        empty = box.addButton(_("Start &empty"), QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(_("&Go back"), QMessageBox.ButtonRole.RejectRole)
        if self.store is None:
            copy.setEnabled(False)
        box.setDefaultButton(copy if self.store is not None else back)
        box.exec()
        clicked = box.clickedButton()
        return COPY if clicked is copy else EMPTY if clicked is empty else None

    def show_error(self, text: str) -> None:
        """A problem the clerk can act on (message box; tests replace it)."""
        QMessageBox.warning(self, _("Settings"), text)

    def _move_data(self) -> bool:
        """For a new data folder: ask copy or empty when it has no database yet, then make the
        folder. False: stay in the dialog (gone back, or the folder cannot be made)."""
        folder = self.chosen_folder()
        self._copy_chosen = False
        if not (folder / DB_NAME).exists() and folder != self.current_data_dir:
            answer = self.ask_copy(folder)
            if answer is None:
                return False
            self._copy_chosen = answer == COPY and self.store is not None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self.show_error(in_ui_language(f"เขียนข้อมูลในโฟลเดอร์นี้ไม่ได้: {folder} / this folder cannot be "
                                           f"written: {folder} ({e.strerror or e})"))
            return False
        log.info("settings: data folder %s (%s)", folder,
                 "copy at the next start" if self._copy_chosen else "used as it is or started empty")
        return True

    def accept(self) -> None:
        """OK: check, ask about the data when the folder changed, save, close. A problem keeps the
        dialog open with a message."""
        problem = self.check()
        if problem:
            self.show_error(in_ui_language(problem))
            return
        if self.folder_changed() and not self._move_data():
            return
        self.save()
        super().accept()

    # -- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Settings"))
        self.data_label.setText(_("&Data folder:"))
        self.browse_button.setText(_("&Browse…"))
        self.open_button.setText(_("&Open folder"))
        self.data_dir.setToolTip(_("Where the database, its backups and the log file are kept"))
        note = _("Where the database, its backups and the log file are kept. A new folder takes effect the "
                 "next time ITA Desktop starts.")
        copy = pending_copy(self.settings)
        if copy is not None:
            note += " " + _("At the next start your database is copied to {folder}.").format(folder=copy.folder)
        if os.environ.get("ITA_DESKTOP_DATA_DIR"):
            note += " " + _("Now the variable ITA_DESKTOP_DATA_DIR decides the folder: {folder}").format(
                folder=os.environ["ITA_DESKTOP_DATA_DIR"])
        set_wrapped_text(self.data_note, note)  # Windows has no libthai to wrap Thai
        self.font_label.setText(_("Document &font for new offices:"))
        self.digits_label.setText(_("D&igits in documents of new offices:"))
        current = self.digits.currentData() if self.digits.count() else True
        self.digits.clear()
        self.digits.addItem(_("Thai digits (๑๒๓)"), True)
        self.digits.addItem(_("Arabic digits (123)"), False)
        self.digits.setCurrentIndex(self.digits.findData(current))
        set_wrapped_text(self.documents_note, _("Existing offices keep their own font and digits (the Office tab)."))
        self.language_label.setText(_("&Language:"))
