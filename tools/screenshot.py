"""Save screenshots of the main window on the demo data (for the README and for review).

Usage: python tools/screenshot.py OUT.png [--lang th|en] [--tab scores|measures]
Runs offscreen on a temporary database; touches no user data or settings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402

from ita_desktop.app import open_store  # noqa: E402
from ita_desktop.gui.app import use_thai_font  # noqa: E402
from ita_desktop.gui.language import UiLanguage  # noqa: E402
from ita_desktop.gui.main_window import MainWindow  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--lang", default="th")
    ap.add_argument("--tab", default="scores", choices=["scores", "measures"])
    args = ap.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        language = UiLanguage(app, settings)
        language.apply(args.lang)
        use_thai_font(app)
        store = open_store(Path(tmp) / "demo.sqlite3", seed_demo=True)
        w = MainWindow(store, settings=settings, language=language)
        w.resize(1100, 700)
        w.show()
        if args.tab == "measures":
            w.findChild(QTabWidget).setCurrentIndex(1)
        app.processEvents()
        w.grab().save(str(args.out))
        w.close()
        store.db.close()
        language.uninstall()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
