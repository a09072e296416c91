"""The dialog shown at start when the database cannot be used normally, and its ways out.

``ways_out(kind, …)`` decides which choices fit the problem (a StoreError's
``kind``); ``DbProblemDialog`` shows the message and one button per way out;
``ask_db_problem`` runs it (and the backup list or the file chooser the
choice leads to) and returns a ``Decision``. ``run_gui`` loops on it until
the database opens or the clerk quits.

The data folder chosen in Settings that cannot be used at start (an
``app.DataFolderProblem``: a USB or network drive not connected, a folder
removed or read-only) has its own ways out: try again (after connecting the
drive), use the default folder (AppData) again (``Way.DEFAULT_FOLDER``: the
setting is forgotten and the default database opened), another file, quit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ita_desktop.app import DataFolderProblem, app_data_location
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.i18n import _
from ita_desktop.store.backup import BackupInfo, Backups
from ita_desktop.store.connection import StoreError


class Way(Enum):
    """A way out of a database problem."""

    RESTORE = "restore"  # restore a backup over it (the backup list)
    READ_ONLY = "read_only"  # open it read-only
    RETRY = "retry"  # try again (another program had it locked; space was freed)
    OTHER_FILE = "other_file"  # open or create another database file
    DEFAULT_FOLDER = "default_folder"  # forget the data folder chosen in Settings: the default one again
    QUIT = "quit"


@dataclass(frozen=True)
class Decision:
    """What the clerk chose: ``way``; ``path`` for OTHER_FILE; ``backup`` (a file) for RESTORE."""

    way: Way
    path: Path | None = None
    backup: Path | None = None


#: The ways out that fit each kind of problem, in the order of the buttons (Quit always last).
_WAYS: dict[str, tuple[Way, ...]] = {
    "corrupt": (Way.RESTORE, Way.OTHER_FILE),
    "newer": (Way.READ_ONLY, Way.OTHER_FILE, Way.RESTORE),
    "locked": (Way.RETRY, Way.READ_ONLY, Way.OTHER_FILE),
    "in_use": (Way.READ_ONLY, Way.OTHER_FILE),
    "readonly": (Way.READ_ONLY, Way.OTHER_FILE),
    "full": (Way.RETRY, Way.READ_ONLY, Way.OTHER_FILE),
    "io": (Way.RETRY, Way.READ_ONLY, Way.OTHER_FILE),
    "missing": (Way.OTHER_FILE,),
}


#: The ways out of a data folder (chosen in Settings) that cannot be used, by kind.
_FOLDER_WAYS: dict[str, tuple[Way, ...]] = {
    "missing": (Way.RETRY, Way.DEFAULT_FOLDER, Way.OTHER_FILE),
}
_FOLDER_WAYS_OTHERWISE = (Way.RETRY, Way.DEFAULT_FOLDER, Way.READ_ONLY, Way.OTHER_FILE)


def ways_out(kind: str, *, has_backups: bool, read_only_tried: bool = False, data_folder: bool = False) -> list[Way]:
    """The choices to offer for a StoreError of ``kind``, Quit last.

    Restore only when there are backups (or the database is damaged: a
    backup file can then be picked by hand); read-only not again after it
    failed. ``data_folder``: the problem is the data folder chosen in
    Settings (``app.DataFolderProblem``): try again, the default folder
    again, (read-only when the folder is there,) another file.
    """
    table = (_FOLDER_WAYS.get(kind, _FOLDER_WAYS_OTHERWISE) if data_folder
             else _WAYS.get(kind, (Way.OTHER_FILE,)))
    ways = [w for w in table
            if not (w is Way.READ_ONLY and read_only_tried)
            and not (w is Way.RESTORE and not has_backups and kind != "corrupt")]
    return [*ways, Way.QUIT]


def way_label(way: Way) -> str:
    """The button text of a way out, in the UI language."""
    return {Way.RESTORE: _("&Restore a backup…"), Way.READ_ONLY: _("Open &read-only"),
            Way.RETRY: _("&Try again"), Way.OTHER_FILE: _("&Choose another file…"),
            Way.DEFAULT_FOLDER: _("Use the &default folder again"), Way.QUIT: _("&Quit")}[way]


def problem_advice(kind: str, *, data_folder: bool = False) -> str:
    """One or two sentences under the message: what the ways out do, in the UI language
    (``data_folder``: for a data folder chosen in Settings that cannot be used)."""
    if data_folder:
        return _("If the folder is on a USB drive or a network drive, connect it and try again. Or use the "
                 "default folder again: {folder} (the data kept there is used; another folder can be chosen "
                 "later in Tools → Settings…).").format(folder=app_data_location())
    return {
        "corrupt": _("The file was not changed. Restore the latest backup (the damaged file is kept beside it), "
                     "or open another database file."),
        "newer": _("The file was not changed. Update ITA Desktop to use it; meanwhile it can be opened "
                   "read-only, or a backup restored (the file is backed up first)."),
        "locked": _("Another program is using the file. Close it and try again, or open the file read-only."),
        "in_use": _("Use the window that is already open, or open this one read-only (changes cannot be saved)."),
        "readonly": _("The file or its disk cannot be written. Open it read-only, or copy it to a folder you can "
                      "write to and choose that file."),
        "full": _("Make space on the disk and try again, or open the file read-only."),
        "io": _("Check the disk or the network drive and try again, or open the file read-only."),
        "missing": _("Choose the database file, or give a new file name to start an empty database."),
    }.get(kind, _("Choose another database file, or quit."))


class DbProblemDialog(QMessageBox):
    """The database problem ``error`` (a StoreError) and one button per way out (``ways``).

    ``chosen()`` is the Way of the button pressed (Quit when the dialog was
    closed). Tests call ``choose(way)`` instead of pressing a button.
    """

    def __init__(self, error: StoreError, ways: list[Way], parent: QWidget | None = None):
        heading = (_("The data folder cannot be used.") if isinstance(error, DataFolderProblem)
                   else _("The database cannot be used normally."))
        super().__init__(QMessageBox.Icon.Critical, "ITA Desktop", heading, parent=parent)
        self.setObjectName("dbProblemDialog")
        self.error = error
        self.setInformativeText(in_ui_language(str(error)) + "\n\n"
                                + problem_advice(error.kind, data_folder=isinstance(error, DataFolderProblem)))
        self.buttons_by_way = {}
        for way in ways:
            role = (QMessageBox.ButtonRole.RejectRole if way is Way.QUIT else QMessageBox.ButtonRole.ActionRole)
            button = self.addButton(way_label(way), role)
            button.setObjectName(f"way_{way.value}")
            self.buttons_by_way[way] = button
        self.setDefaultButton(self.buttons_by_way[ways[0]])
        self.setEscapeButton(self.buttons_by_way[Way.QUIT])
        self._chosen: Way | None = None

    def choose(self, way: Way) -> None:
        """Press the button of ``way`` (what a test does)."""
        self.buttons_by_way[way].click()

    def chosen(self) -> Way:
        """The way out of the button that closed the dialog; Quit when none."""
        clicked = self.clickedButton()
        for way, button in self.buttons_by_way.items():
            if button is clicked:
                return way
        return Way.QUIT


def choose_database_file(parent: QWidget | None, start: Path) -> Path | None:
    """Ask for a database file to open, or a new file name (an empty database); None when cancelled."""
    dialog = QFileDialog(parent, _("Open or create a database"), str(start.parent),
                         _("ITA Desktop databases (*.sqlite3 *.db *.sqlite);;All files (*)"))
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_backup(parent: QWidget | None, backups: Backups) -> BackupInfo | Path | None:
    """The backup list of ``backups`` for picking one to restore (nothing is open yet); None when cancelled."""
    from ita_desktop.gui.backup_dialog import BackupDialog

    dialog = BackupDialog(backups, parent=parent, pick_only=True)
    if dialog.exec() != BackupDialog.DialogCode.Accepted:
        return None
    return dialog.picked


def ask_db_problem(error: StoreError, path: Path, backups: Backups, *, read_only_tried: bool = False,
                   parent: QWidget | None = None,
                   show: Callable[[DbProblemDialog], Way] | None = None,
                   pick_backup: Callable[[QWidget | None, Backups], BackupInfo | Path | None] = choose_backup,
                   pick_file: Callable[[QWidget | None, Path], Path | None] = choose_database_file) -> Decision:
    """Show ``error`` with the ways out that fit it; return the clerk's Decision.

    ``show`` runs the dialog and returns the Way pressed (default: modal
    ``exec``); ``pick_backup`` and ``pick_file`` ask which backup or file
    (defaults: the backup list, a file dialog). Cancelling either shows the
    problem again. Tests inject all three.
    """
    ways = ways_out(error.kind, has_backups=bool(backups.list()), read_only_tried=read_only_tried,
                    data_folder=isinstance(error, DataFolderProblem))
    while True:
        dialog = DbProblemDialog(error, ways, parent)
        try:
            way = show(dialog) if show is not None else (dialog.exec(), dialog.chosen())[1]
        finally:
            dialog.deleteLater()
        if way is Way.RESTORE:
            picked = pick_backup(parent, backups)
            if picked is None:
                continue
            return Decision(way, backup=picked.path if isinstance(picked, BackupInfo) else Path(picked))
        if way is Way.OTHER_FILE:
            chosen = pick_file(parent, path)
            if chosen is None:
                continue
            return Decision(way, path=chosen)
        return Decision(way)
