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


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    return data_dir / "ita.db"


@pytest.fixture
def settings(tmp_path: Path):
    """Qt settings in a temporary ini file (never the user's)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


# Property tests: random locally (new cases every run), repeatable in CI.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hsettings.load_profile("ci")
