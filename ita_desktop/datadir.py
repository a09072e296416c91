"""Where the program keeps its data: the data folder and the default database.

The data folder is ``$ITA_DESKTOP_DATA_DIR`` when set (tests, portable
installs), else the folder chosen in Tools → Settings… (the user's
settings, key ``data/dir``), else Qt's AppDataLocation for "ITA Desktop"
(on Windows ``%APPDATA%/ITA Desktop/ITA Desktop``). It holds the database,
``backups/`` and ``logs/``.

A new data folder chosen with "Copy my database" in Tools → Settings… is a
*pending copy* (``PendingCopy``): the settings name the new folder
(``data/dir``), the database to copy (``data/copy_from``) and the folder to
go back to (``data/previous_dir``, "" = the default); the window's next start
makes the copy before it opens the database (``ita_desktop.app.apply_pending_copy``),
so every edit made until then is in it.

Imports only the standard library at module level (PySide6.QtCore when a
function needs it), so the CLI can find the log folder without loading the
store; ``ita_desktop.app`` re-exports these names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ITA Desktop"
DB_NAME = "ita-desktop.sqlite3"
#: The user's settings key of the data folder chosen in Tools → Settings… (effective at the next start).
DATA_DIR_KEY = "data/dir"
#: The settings keys of a pending copy: the database file to copy into the new folder at the next
#: start, and the ``data/dir`` value to go back to when it cannot be made ("" = the default folder).
COPY_FROM_KEY = "data/copy_from"
PREVIOUS_DIR_KEY = "data/previous_dir"
#: The environment variable that decides the data folder (tests, portable installs); Settings cannot override it.
DATA_DIR_ENV = "ITA_DESKTOP_DATA_DIR"


def user_settings():
    """The user's settings for "ITA Desktop" (a ``QSettings``: the registry on Windows, an ini
    file elsewhere); the window's ``gui.app.app_settings`` returns the same."""
    from PySide6.QtCore import QSettings

    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def app_data_location() -> Path:
    """Qt's AppDataLocation for "ITA Desktop" (the data folder when none is chosen)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_data_dir(settings=None) -> Path:
    """The user's data folder (created on demand by ``open_store``): ``$ITA_DESKTOP_DATA_DIR``,
    else the folder saved under ``data/dir`` in ``settings`` (a QSettings; default:
    ``user_settings()``), else Qt's AppDataLocation."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    chosen = (settings if settings is not None else user_settings()).value(DATA_DIR_KEY, "", type=str)
    if chosen:
        return Path(chosen)
    return app_data_location()


def default_db_path() -> Path:
    """The database used without ``--db``: ``<data folder>/ita-desktop.sqlite3``."""
    return default_data_dir() / DB_NAME


def data_dir_from_environment() -> bool:
    """True when ``$ITA_DESKTOP_DATA_DIR`` decides the data folder (the settings' folder is then unused)."""
    return bool(os.environ.get(DATA_DIR_ENV))


@dataclass(frozen=True)
class PendingCopy:
    """A "Copy my database" chosen in Settings, made at the window's next start.

    ``source``: the database file to copy (the one open when it was chosen);
    ``folder``: the new data folder (``data/dir``); ``previous``: the
    ``data/dir`` value to go back to when the copy cannot be made ("": the
    default folder).
    """

    source: Path
    folder: Path
    previous: str

    @property
    def target(self) -> Path:
        """The new database file: ``<folder>/ita-desktop.sqlite3``."""
        return self.folder / DB_NAME

    def previous_folder(self) -> Path:
        """The data folder to go back to: ``previous``, else Qt's AppDataLocation."""
        return Path(self.previous) if self.previous else app_data_location()


def pending_copy(settings) -> PendingCopy | None:
    """The copy waiting for the next start in ``settings`` (a QSettings), or None."""
    source = settings.value(COPY_FROM_KEY, "", type=str)
    folder = settings.value(DATA_DIR_KEY, "", type=str)
    if not source or not folder:
        return None
    return PendingCopy(Path(source), Path(folder), settings.value(PREVIOUS_DIR_KEY, "", type=str))


def record_pending_copy(settings, source: Path, folder: Path, previous: Path) -> PendingCopy:
    """Remember in ``settings`` that ``source`` (a database file) is to be copied into the data
    folder ``folder`` at the next start, going back to ``previous`` (the data folder in use now)
    when it cannot be; an earlier pending copy keeps its source and previous folder (nothing was
    copied yet, the window still uses them). Returns the PendingCopy; the caller syncs."""
    earlier = pending_copy(settings)
    if earlier is not None:
        source, previous_value = earlier.source, earlier.previous
    else:
        previous_value = "" if Path(previous) == app_data_location() else str(previous)
    settings.setValue(DATA_DIR_KEY, str(folder))
    settings.setValue(COPY_FROM_KEY, str(source))
    settings.setValue(PREVIOUS_DIR_KEY, previous_value)
    return PendingCopy(Path(source), Path(folder), previous_value)


def forget_pending_copy(settings, *, go_back: bool = False) -> None:
    """Remove the pending copy from ``settings`` (and sync); ``go_back``: also set ``data/dir``
    back to the folder it came from (removed when that was the default)."""
    if go_back:
        earlier = pending_copy(settings)
        if earlier is not None:
            if earlier.previous:
                settings.setValue(DATA_DIR_KEY, earlier.previous)
            else:
                settings.remove(DATA_DIR_KEY)
    settings.remove(COPY_FROM_KEY)
    settings.remove(PREVIOUS_DIR_KEY)
    settings.sync()


def use_default_folder(settings) -> Path:
    """Forget the data folder chosen in ``settings`` (and a pending copy): the default folder
    (Qt's AppDataLocation) is used again. Returns that folder."""
    forget_pending_copy(settings)
    settings.remove(DATA_DIR_KEY)
    settings.sync()
    return app_data_location()
