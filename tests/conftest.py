"""Shared fixtures: every test gets its own data folder and database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The ``shared/`` folder beside the checkout (or $ITA_SHARED_DIR)."""
    env = os.environ.get("ITA_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch) -> None:
    """Every test (and every program it starts) keeps its data, backups and locks in its own
    temporary folder, never the user's data folder."""
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def _log_file_closed():
    """A test that starts the window (``run_gui``) or the CLI in this process opens the log file in its
    data folder: close it afterwards, so the next test's log goes to its own folder."""
    yield
    from ita_desktop import logs

    logs.close_logging()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "ita.db"


@pytest.fixture
def settings(tmp_path: Path):
    """Qt settings in a temporary ini file (never the user's)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="session")
def thai_font(qapp):
    """The bundled Thai font as the application font, as in run_gui (GUI tests: usefixtures)."""
    from ita_desktop.gui.app import use_thai_font

    return use_thai_font(qapp)


@pytest.fixture
def language(qapp, settings):
    """The UI language as run_gui installs it (Thai unless saved otherwise); Thai again after the test."""
    from ita_desktop import i18n
    from ita_desktop.gui.language import UiLanguage

    lang = UiLanguage(qapp, settings)
    lang.apply(lang.saved())
    yield lang
    lang.uninstall()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def make_window(qtbot, settings, language):
    """``make_window(store)``: the main window on ``store`` as a clerk sees it (1280×900, shown,
    autosaving 30 ms after an edit), with the test's settings and language."""
    from ita_desktop.gui.main_window import MainWindow

    def make(store) -> MainWindow:
        w = MainWindow(store, settings=settings, language=language, autosave_ms=30)
        qtbot.addWidget(w)
        w.resize(1280, 900)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def window(make_window, store):
    """The main window on the demo database (อบต.ห้วยเตย 2568 selected)."""
    return make_window(store)


@pytest.fixture
def folders_from_settings(tmp_path: Path, monkeypatch, settings) -> Path:
    """The data folder decided by ``settings`` as on a clerk's computer (no ``ITA_DESKTOP_DATA_DIR``),
    never the user's: the default folder (Qt's AppDataLocation) is under ``tmp_path/"xdg"`` and the
    user's settings are the test's ``settings``. Returns the default data folder."""
    from ita_desktop import datadir

    monkeypatch.delenv("ITA_DESKTOP_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(datadir, "user_settings", lambda: settings)
    default = datadir.app_data_location()
    assert tmp_path in default.parents
    return default


def _open(tmp_path: Path, monkeypatch, name: str, seed_demo: bool):
    from ita_desktop.app import open_store

    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    return open_store(tmp_path / name, seed_demo=seed_demo)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A new database with the demo offices (อบต.ปากช่อง 2565, อบต.ห้วยเตย 2568 from seed 002)."""
    s = _open(tmp_path, monkeypatch, "t.sqlite3", True)
    yield s
    s.db.close()


@pytest.fixture
def empty_store(tmp_path, monkeypatch):
    """A new, empty database (what a new installation opens)."""
    s = _open(tmp_path, monkeypatch, "empty.sqlite3", False)
    yield s
    s.db.close()


# Property tests: random locally (new cases every run), repeatable in CI.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hsettings.load_profile("ci")
