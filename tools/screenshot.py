"""Save screenshots of the main window and the year wizard on the demo data (README, review).

Usage:
    python tools/screenshot.py OUT.png [--lang th|en] [--tab office|scores|analysis|measures|results|memo]
    python tools/screenshot.py --all FOLDER [--lang th|en] [--scale 2]

``--all`` writes every tab of the main window (``main_<tab>.png``), every
page of the year wizard walked through for a new office
(``wizard_<n>_<page>.png``), the first-run welcome over the empty window
(``welcome.png``), Tools → Settings… (``settings.png``) and Help → About
(``about.png``). Runs offscreen on a temporary database;
touches no user data or settings. ``--scale 2`` renders as on a 200 %
high-DPI screen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TABS = ("office", "scores", "analysis", "measures", "results", "memo")
#: Scores of อบต.ห้วยเตย 2568 (seed 002), pasted into the wizard.
SCORES_ROW = "94.41\t94.41\t94.41\t94.41\t94.41\t94.81\t94.81\t94.81\t70\t50"


def _tab_widget(w, tab: str):
    return {"office": w.office_tab, "scores": w.ui.scoresTab, "analysis": w.analysis_tab,
            "measures": w.measures_tab, "results": w.results_tab, "memo": w.memo_tab}[tab]


def _type(widget, text: str) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def wizard_pages(app, store, settings, folder: Path) -> list[Path]:
    """Walk the wizard for a new office, saving each page; returns the files."""
    from ita_desktop.gui.wizard import YearWizard

    wizard = YearWizard(store, settings, office_id=None, clock=lambda: dt.date(2025, 11, 20))
    wizard.show()
    app.processEvents()
    page = wizard.currentPage()
    page.year.setValue(2568)
    form = page.new_office
    for key, text in (("name", "องค์การบริหารส่วนตำบลหนองบัว"), ("short_name", "อบต.หนองบัว"),
                      ("district", "เมือง"), ("province", "ขอนแก่น")):
        _type(form.widget(key), text)
    for key, (name, position) in {"clerk": ("นางสาวสมศรี ตั้งใจ", "นักจัดการงานทั่วไป"),
                                  "head": ("นายสมชาย ใจดี", "นายกองค์การบริหารส่วนตำบลหนองบัว")}.items():
        _type(page.people[key][0], name)
        _type(page.people[key][1], position)
    out = []
    for n in range(8):
        if n == 1:
            wizard.currentPage().paste_row(SCORES_ROW)
        if n == 4:
            wizard.results_tab.add_missing(12)
            editor = wizard.results_tab.editor
            for i in range(len(editor.items())):
                editor.select(i)
                _type(editor.form.widget("done"), "จัดอบรมเจ้าหน้าที่และเผยแพร่ประกาศบนเว็บไซต์ของหน่วยงาน")
        app.processEvents()
        path = folder / f"wizard_{n + 1}_{wizard.currentPage().objectName()}.png"
        wizard.grab().save(str(path))
        out.append(path)
        if n < 7:
            wizard.next()
    wizard.reject()
    return out


def over(window, dialog):
    """``window``'s picture with ``dialog`` drawn over its middle, as the clerk sees a dialog over it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    top = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 40))
    at = QPoint((picture.width() - top.width()) // 2, max((picture.height() - top.height()) // 3, 0))
    painter.fillRect(top.rect().translated(at + QPoint(4, 4)), QColor(0, 0, 0, 60))  # a shadow
    painter.drawPixmap(at, top)
    painter.end()
    return picture


def first_run_pictures(app, settings, language, folder: Path, tmp: Path) -> list[Path]:
    """The welcome over the empty window of a new database, Settings… and About; returns the files."""
    from ita_desktop.app import open_store
    from ita_desktop.gui.main_window import MainWindow

    out = []
    store = open_store(tmp / "first-start.sqlite3")
    w = MainWindow(store, settings=settings, language=language)
    w.resize(1300, 760)
    w.show()
    app.processEvents()
    # the dialogs name the data folder a clerk would have (only shown: nothing is written there)
    from ita_desktop.app import app_data_location

    w.data_dir = app_data_location()
    temporary = os.environ.pop("ITA_DESKTOP_DATA_DIR")
    try:
        dialogs = {"welcome": w.show_welcome(exec_dialog=False), "settings": w.show_settings(exec_dialog=False)}
        try:
            dialogs["about"] = w.show_about(exec_dialog=False)
        except ImportError as e:  # Help → About's dialog is not in this checkout yet
            print(f"about.png not written: {e}", file=sys.stderr)
    finally:
        os.environ["ITA_DESKTOP_DATA_DIR"] = temporary
    for name, dialog in dialogs.items():
        dialog.show()
        app.processEvents()
        path = folder / f"{name}.png"
        (over(w, dialog) if name == "welcome" else dialog.grab()).save(str(path))
        dialog.close()
        dialog.deleteLater()
        out.append(path)
    w.close()
    store.db.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--all", type=Path, metavar="FOLDER")
    ap.add_argument("--lang", default="th")
    ap.add_argument("--tab", default="scores", choices=TABS)
    ap.add_argument("--scale", default="")
    args = ap.parse_args()
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = args.scale
    if not args.out and not args.all:
        ap.error("give OUT.png or --all FOLDER")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ita_desktop.app import open_store
    from ita_desktop.gui.app import use_thai_font
    from ita_desktop.gui.language import UiLanguage
    from ita_desktop.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ITA_DESKTOP_DATA_DIR"] = str(Path(tmp) / "data")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        language = UiLanguage(app, settings)
        language.apply(args.lang)
        use_thai_font(app)
        store = open_store(Path(tmp) / "demo.sqlite3", seed_demo=True)
        w = MainWindow(store, settings=settings, language=language)
        w.resize(1300, 760)
        w.show()
        written = []
        for tab in (TABS if args.all else (args.tab,)):
            w.ui.tabs.setCurrentWidget(_tab_widget(w, tab))
            app.processEvents()
            path = args.all / f"main_{tab}.png" if args.all else args.out
            path.parent.mkdir(parents=True, exist_ok=True)
            w.grab().save(str(path))
            written.append(path)
        if args.all:
            empty = open_store(Path(tmp) / "empty.sqlite3", seed_demo=False)
            written += wizard_pages(app, empty, settings, args.all)
            empty.db.close()
            written += first_run_pictures(app, settings, language, args.all, Path(tmp))
        w.close()
        store.db.close()
        language.uninstall()
    print("\n".join(map(str, written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
