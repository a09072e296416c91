"""Where the program keeps its data, and opening the store for a session.

The data folder is Qt's AppDataLocation for "ITA Desktop" (on Windows
``%APPDATA%/ITA Desktop/ITA Desktop``), or ``$ITA_DESKTOP_DATA_DIR`` when
set (tests and portable installs). On first start with no database the
program fills a new one from the demo offices in ``resources/demo/`` so a
newcomer sees a real office, not an empty window.
"""

from __future__ import annotations

import os
from pathlib import Path

from ita_desktop.resources import resource_root
from ita_desktop.store.connection import connect
from ita_desktop.store.repo import Store

APP_NAME = "ITA Desktop"
DB_NAME = "ita-desktop.sqlite3"


def default_data_dir() -> Path:
    """The user's data folder (created on demand by ``open_store``)."""
    env = os.environ.get("ITA_DESKTOP_DATA_DIR")
    if env:
        return Path(env)
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def demo_files() -> list[Path]:
    """The demo offices' interchange files shipped in ``resources/demo/``."""
    return sorted((resource_root() / "demo").glob("*.json"))


def load_demo(store: Store) -> list[int]:
    """Import every demo office into ``store`` (one transaction); return their office ids."""
    from ita_desktop.store.interchange import load_file  # JSON Schema: loaded only when needed

    docs = [load_file(p) for p in demo_files()]
    with store.transaction():
        return [store.import_doc(d) for d in docs]


def open_store(db_path: Path | str | None = None, *, seed_demo: bool | None = None) -> Store:
    """Open the database at ``db_path`` (default: the data folder's ``ita-desktop.sqlite3``).

    ``seed_demo``: fill a newly created database with the demo offices; by
    default only for the default location, so ``--db new.db`` starts empty.
    Raises StoreError with a clerk-readable message.
    """
    path = Path(db_path) if db_path else default_data_dir() / DB_NAME
    if seed_demo is None:
        seed_demo = db_path is None
    is_new = not path.exists() or path.stat().st_size == 0
    store = Store(connect(path))
    if is_new and seed_demo and not store.offices():
        load_demo(store)
    return store
