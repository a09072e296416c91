"""Where the program keeps its data: the data folder and the default database.

The data folder is ``$ITA_DESKTOP_DATA_DIR`` when set (tests, portable
installs), else the folder chosen in Tools → Settings… (the user's
settings, key ``data/dir``), else Qt's AppDataLocation for "ITA Desktop"
(on Windows ``%APPDATA%/ITA Desktop/ITA Desktop``). It holds the database,
``backups/`` and ``logs/``.

Imports only the standard library at module level (PySide6.QtCore when a
function needs it), so the CLI can find the log folder without loading the
store; ``ita_desktop.app`` re-exports these names.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ITA Desktop"
DB_NAME = "ita-desktop.sqlite3"
#: The user's settings key of the data folder chosen in Tools → Settings… (effective at the next start).
DATA_DIR_KEY = "data/dir"


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
    env = os.environ.get("ITA_DESKTOP_DATA_DIR")
    if env:
        return Path(env)
    chosen = (settings if settings is not None else user_settings()).value(DATA_DIR_KEY, "", type=str)
    if chosen:
        return Path(chosen)
    return app_data_location()


def default_db_path() -> Path:
    """The database used without ``--db``: ``<data folder>/ita-desktop.sqlite3``."""
    return default_data_dir() / DB_NAME
