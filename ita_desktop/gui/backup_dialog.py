"""File → Backups…: the database's backups, newest first; create one now, restore one.

``BackupDialog`` lists the backups of one database (``store.backup.Backups``)
in a table (``BackupModel``) with the buttons Create now, Restore…, Restore
from a file…, Open folder and Close.

Restoring needs the window's cooperation, given as two callables:
``before_restore()`` saves the last edits (False: the clerk chose to stay,
nothing happens) and ``after_restore(result)`` reloads what the window shows
(the restore writes into the live database through its own connection, so
the window's Store stays open and reads the restored data). With
``pick_only=True`` (at start, when the database cannot be opened) the
dialog only picks a backup: ``picked`` after Accepted, restored by the caller.

The questions and messages go through ``ask_confirm``, ``ask_file``,
``show_error`` and ``show_info``, which tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import sqlite_utils
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.i18n import N_, _
from ita_desktop.store.backup import DAILY_KEPT, KEEP, WEEKLY_KEPT, BackupInfo, Backups, RestoreResult
from ita_desktop.store.connection import DatabaseLock, StoreError

_Index = QModelIndex | QPersistentModelIndex


def kind_text(kind: str) -> str:
    """A backup's kind as the clerk reads it, in the UI language."""
    if kind.startswith("pre-migration-v") and kind[len("pre-migration-v"):].isdigit():
        return _("Before the update from version {n}").format(n=kind[len("pre-migration-v"):])
    return {"daily": _("Automatic (on start)"), "manual": _("Made by hand"),
            "before-restore": _("Before a restore")}.get(kind, kind)


def time_text(info: BackupInfo) -> str:
    """When the backup was taken: ``21/11/2569 08:30`` in Thai (B.E.), ``2026-11-21 08:30`` in English."""
    t = info.time
    return f"{t.day}/{t.month}/{t.year + 543} {t:%H:%M}" if i18n.language() == "th" else f"{t:%Y-%m-%d %H:%M}"


def size_text(n: int) -> str:
    """A file size in MB (KB under 1 MB)."""
    return _("{n} MB").format(n=f"{n / 2**20:.1f}") if n >= 2**20 else _("{n} KB").format(n=max(1, round(n / 1024)))


class BackupModel(QAbstractTableModel):
    """The backups as rows: time, kind, size, state (schema version, or damaged). ``UserRole``: the BackupInfo."""

    HEADERS = (N_("Taken"), N_("Kind"), N_("Size"), N_("State"))

    def __init__(self, infos: list[BackupInfo] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.infos: list[BackupInfo] = list(infos or [])

    def set_backups(self, infos: list[BackupInfo]) -> None:
        """Show ``infos`` (newest first)."""
        self.beginResetModel()
        self.infos = list(infos)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.infos)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.infos):
            return None
        info = self.infos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (time_text(info), kind_text(info.kind), size_text(info.size),
                    _("Version {n}").format(n=info.schema) if info.readable else _("Damaged"))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.UserRole:
            return info
        return None


class BackupDialog(QDialog):
    """The backups of one database, with Create now / Restore… / Restore from a file… / Open folder.

    ``backups``: the database's Backups. ``db``: its open connection, for
    Create now (None: the file is opened read-only for the copy).
    ``lock``: the DatabaseLock this process holds on it (the window's;
    None: ``Backups.restore`` takes one and refuses while another instance
    has the database). ``can_restore``: False for a read-only window.
    ``before_restore``/``after_restore``: see the module. ``pick_only``:
    choose a backup for the caller instead of restoring (``picked``).
    """

    def __init__(self, backups: Backups, *, db: sqlite_utils.Database | None = None,
                 lock: DatabaseLock | None = None, can_restore: bool = True,
                 before_restore: Callable[[], bool] = lambda: True,
                 after_restore: Callable[[RestoreResult], None] = lambda result: None,
                 pick_only: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(_("Backups – ITA Desktop"))
        self.backups = backups
        self.db = db
        self.lock = lock
        self.can_restore = can_restore
        self.before_restore = before_restore
        self.after_restore = after_restore
        self.pick_only = pick_only
        self.picked: BackupInfo | Path | None = None
        self.last_result: RestoreResult | None = None

        self.intro = QLabel(self)
        self.intro.setObjectName("backupIntro")
        self.intro.setWordWrap(True)
        self.intro.setText(
            _("Backups of {db} in {folder}.").format(db=backups.db_path, folder=backups.folder) + " "
            + _("Kept: the automatic backups of the last {days} days and of {weeks} weeks before those; "
                "the {manual} newest made by hand; the {other} newest taken before an update or a restore.")
            .format(days=DAILY_KEPT, weeks=WEEKLY_KEPT, manual=KEEP["manual"], other=KEEP["before-restore"]))
        self.model = BackupModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("backupTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        box = QDialogButtonBox(self)
        self.create_button = self._button(box, "createBackup", _("&Create now"), self.create_now)
        self.restore_button = self._button(box, "restoreBackup", _("&Restore…") if not pick_only
                                           else _("&Restore this backup"), self.restore_selected)
        self.file_button = self._button(box, "restoreFromFile", _("Restore from a &file…"), self.restore_file)
        self.folder_button = self._button(box, "openBackupFolder", _("Open &folder"), self.open_folder)
        box.addButton(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        box.rejected.connect(self.reject)
        self.create_button.setVisible(not pick_only)
        if not can_restore:
            for b in (self.restore_button, self.file_button):
                b.setEnabled(False)
                b.setToolTip(_("A database opened read-only cannot be restored: open it normally first."))

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(box)
        self.resize(self.fontMetrics().horizontalAdvance("ก") * 60, self.fontMetrics().height() * 22)
        self.refresh()

    def _button(self, box: QDialogButtonBox, name: str, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- the list -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the folder again; select the newest backup."""
        self.model.set_backups(self.backups.list())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        have = self.model.rowCount() > 0
        self.restore_button.setEnabled(self.can_restore and have)

    def selected(self) -> BackupInfo | None:
        """The backup selected in the table, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.infos[rows[0].row()] if rows else None

    def select(self, info: BackupInfo | Path) -> bool:
        """Select the row of ``info`` (or of that file); False when it is not listed."""
        path = info.path if isinstance(info, BackupInfo) else Path(info)
        for row, i in enumerate(self.model.infos):
            if i.path == path:
                self.table.selectRow(row)
                return True
        return False

    # -- actions ------------------------------------------------------------------------------
    def create_now(self) -> BackupInfo | None:
        """Take a manual backup now (then rotate); select it. None when it failed (shown)."""
        try:
            info = self.backups.create(self.db, "manual")
            self.backups.rotate()
        except StoreError as e:
            self.show_error(_("The backup could not be made."), str(e))
            return None
        self.refresh()
        self.select(info)
        return info

    def restore_selected(self) -> RestoreResult | None:
        """Restore the selected backup (after asking); None when nothing was restored."""
        info = self.selected()
        if info is None or not self.can_restore:
            return None
        return self._restore(info)

    def restore_file(self) -> RestoreResult | None:
        """Restore a backup file chosen by hand (a copy on a USB stick…); None when nothing was restored."""
        if not self.can_restore:
            return None
        path = self.ask_file()
        if path is None:
            return None
        return self._restore(Backups.info(path))

    def _restore(self, info: BackupInfo) -> RestoreResult | None:
        if not info.readable:
            self.show_error(_("This backup cannot be restored."),
                            _("The file is damaged or is not an ITA Desktop database: {path}").format(path=info.path))
            return None
        if self.pick_only:
            self.picked = info
            self.accept()
            return None
        if not self.ask_confirm(info) or not self.before_restore():
            return None
        try:
            result = self.backups.restore(info, lock=self.lock)
        except StoreError as e:
            self.show_error(_("Nothing was restored."), str(e))
            self.refresh()
            return None
        self.last_result = result
        self.after_restore(result)
        self.refresh()
        self.show_info(self.result_text(result))
        return result

    def result_text(self, result: RestoreResult) -> str:
        """What a restore did, in the UI language."""
        lines = [_("Restored the backup of {time}.").format(time=time_text(Backups.info(result.restored)))
                 if result.restored.exists() else _("Restored {path}.").format(path=result.restored)]
        if result.before is not None:
            lines.append(_("The data as it was before is kept as a backup: {path}").format(path=result.before.path))
        if result.set_aside is not None:
            lines.append(_("The damaged file was moved to {path}").format(path=result.set_aside))
        return "\n".join(lines)

    def open_folder(self) -> bool:
        """Show the backups folder in the file manager (created if needed)."""
        try:
            self.backups.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self.show_error(_("The folder cannot be opened."), f"{self.backups.folder}: {e}")
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backups.folder)))

    # -- questions (tests replace these) ---------------------------------------------------------
    def ask_confirm(self, info: BackupInfo) -> bool:
        """Ask before restoring ``info``: the data now is replaced (and kept as a backup first)."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore a backup"),
                          _("Replace the data with the backup of {time}?").format(time=time_text(info)), parent=self)
        box.setInformativeText(_("Everything changed since then is replaced. The data as it is now is kept as a "
                                 "backup first, so this can be undone by restoring that one."))
        yes = box.addButton(_("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("&Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def ask_file(self) -> Path | None:
        """Ask for a backup file to restore; None when cancelled."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), str(self.backups.folder),
            _("ITA Desktop databases (*.sqlite3 *.db *.sqlite);;All files (*)"))
        return Path(name) if name else None

    def show_error(self, title: str, text: str) -> None:
        """Tell the clerk what failed (``text``: a Thai / English message, shown in the UI language)."""
        QMessageBox.warning(self, "ITA Desktop", title + "\n\n" + in_ui_language(text))

    def show_info(self, text: str) -> None:
        """Tell the clerk what a restore did."""
        QMessageBox.information(self, "ITA Desktop", text)
