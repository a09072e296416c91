"""The main window, as a clerk uses it (pytest-qt, offscreen).

Every test has its own database (demo offices) and its own settings file in
a temporary folder; the user's real settings and data are never touched.
Thai text is typed with QInputMethodEvent: qtbot.keyClicks with Thai text
aborts the process (THAI_TEXT_NOTES.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QTableView

from ita_desktop.app import open_store
from ita_desktop.domain.checks import Problem, run_checks
from ita_desktop.gui.checks_panel import ProblemsModel, split_bilingual
from ita_desktop.gui.app import load_thai_font
from ita_desktop.gui.main_window import MainWindow
from ita_desktop.gui.forms import RecordListModel
from ita_desktop.gui.year_tabs import _period
from guitest import SIZE_HINTS, type_into
from pdfcheck import assert_passes, thai_pdf_check

REPO = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]
HUAI_TOEI = "อบต.ห้วยเตย"


def select(window: MainWindow, short_name: str, year: int) -> int:
    """Choose an office and year with the two selectors as the clerk does; return the office id."""
    office_id = window.store.find_office(short_name)["id"]
    window.select(office_id, year)
    assert (window.office_id, window.year) == (office_id, year)
    return office_id



def stored_scores(window: MainWindow) -> dict[int, float]:
    """The scores in the database once the pending autosave has run."""
    window.document.save_now()
    doc = window.store.year_doc(window.office_id, window.year)
    return {int(k): v for k, v in doc["assessment"]["scores"].items()}


def test_thai_font_is_the_application_font(qapp):
    assert load_thai_font() == "Laksaman"
    assert qapp.font().family() == "Laksaman"


def test_first_start_opens_on_the_office_with_the_latest_year(window):
    # nothing remembered yet: a newcomer lands on อบต.ห้วยเตย 2568 with its scores, not an empty year
    assert window.ui.officeCombo.currentText() == "อบต.ห้วยเตย"
    assert window.ui.yearCombo.currentData() == 2568
    assert window.ui.overallValue.text() == "80.77"


def test_huai_toei_2568_overall_and_level_then_edit_indicator_10(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    ui = window.ui
    assert ui.overallValue.text() == "80.77"
    assert ui.levelValue.text() == "ต้องปรับปรุง"
    assert ui.oitValue.text() == "60.00"
    assert ui.scoreForm.rows[10].mark.text() == "ไม่ผ่าน"

    type_into(qtbot, ui.scoreForm.edit(10), "100")

    # OIT (70 + 100) / 2 = 85 → 0.3·94.41 + 0.3·94.807 + 0.4·85 = 90.765 → 90.77, every tool ≥ 85
    assert ui.overallValue.text() == "90.77"
    assert ui.levelValue.text() == "ผ่านดี"
    assert ui.scoreForm.rows[10].mark.text() == "ผ่าน"
    assert stored_scores(window)[10] == 100.0
    assert ui.scoreForm.edit(10).text() == "100.00"
    assert "10" in window.action_undo.text()  # Edit → Undo names the step


def test_totals_follow_typing_before_the_edit_is_finished(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    edit = window.ui.scoreForm.edit(9)
    edit.setFocus()
    edit.selectAll()
    event = QInputMethodEvent("", [])
    event.setCommitString("๑๐๐")  # Thai digits
    QApplication.sendEvent(edit, event)
    # OIT (100 + 50) / 2 = 75 → 28.323 + 28.4421 + 30 = 86.7651 → 86.77
    assert window.ui.overallValue.text() == "86.77"
    assert stored_scores(window)[9] == 70.0  # not stored until the edit is finished
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert stored_scores(window)[9] == 100.0


def test_thai_digits_with_decimals_are_stored(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    type_into(qtbot, window.ui.scoreForm.edit(1), "๙๔.๖๕")
    assert stored_scores(window)[1] == pytest.approx(94.65)
    assert window.ui.scoreForm.message(1) == ""


@pytest.mark.parametrize("text,message", [
    ("120", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    ("-1", "ต้องอยู่ระหว่าง 0 ถึง 100"),
    ("abc", "ไม่ใช่ตัวเลข"),
    ("9o", "ไม่ใช่ตัวเลข"),
])
def test_a_bad_score_shows_a_message_and_is_not_stored(qtbot, window, text, message):
    select(window, HUAI_TOEI, 2568)
    before = stored_scores(window)
    form = window.ui.scoreForm
    type_into(qtbot, form.edit(10), text)
    label = form.rows[10].message
    assert message in label.text() and label.isVisible()
    assert form.edit(10).property("invalid") is True
    assert message in form.edit(10).accessibleDescription()
    assert stored_scores(window) == before
    assert window.ui.overallValue.text() == "80.77"  # the refused value is not used either

    type_into(qtbot, form.edit(10), "50")  # back to a good value: the message goes
    assert label.text() == "" and form.edit(10).property("invalid") is False


def test_clearing_a_score_removes_it_and_the_overall(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    type_into(qtbot, window.ui.scoreForm.edit(3), "")
    assert 3 not in stored_scores(window)
    assert window.ui.overallValue.text() == "–"
    assert window.ui.iitValue.text() == "–"


def test_message_follows_the_language(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    type_into(qtbot, window.ui.scoreForm.edit(10), "120")
    window.set_language("en")
    qtbot.waitUntil(lambda: window.ui.scoreForm.message(10) == "Must be from 0 to 100.")


def test_measures_list_model_passes_qt_model_tester(qtmodeltester, window):
    select(window, HUAI_TOEI, 2568)
    window.ui.tabs.setCurrentWidget(window.measures_tab)  # a tab is filled when it is shown
    model = window.measures_tab.editor.model
    qtmodeltester.check(model)
    measures = window.document.get(("assessment", "measures"))
    assert model.rowCount() == len(measures) > 0
    assert model.headerData(1, Qt.Orientation.Horizontal) == "มาตรการ/โครงการ/กิจกรรม"
    assert model.data(model.index(0, 1)) == measures[0]["title"][:117] + ("…" if len(measures[0]["title"]) > 120
                                                                          else measures[0]["title"][117:])
    assert model.data(model.index(0, 0), RecordListModel.RECORD_ROLE)["key"] == measures[0]["key"]
    window.measures_tab.editor.bind(None, ())
    qtmodeltester.check(model)


def test_period_column_shows_the_text_or_the_dates():
    assert _period({"period": {"text": "ตลอดปีงบประมาณ"}}) == "ตลอดปีงบประมาณ"
    assert _period({"period": {"start": "2024-10-01", "end": "2025-09-30"}}) == "1/10/2567 – 30/9/2568"


def titles(window: MainWindow) -> list[str]:
    window.ui.tabs.setCurrentWidget(window.measures_tab)
    model = window.measures_tab.editor.model
    return [model.data(model.index(r, 0), RecordListModel.RECORD_ROLE)["title"] for r in range(model.rowCount())]


def test_switching_office_and_year_refreshes_the_measures(qtbot, window):
    store = window.store
    huai = select(window, HUAI_TOEI, 2568)
    huai_titles = [m["title"] for m in store.year_doc(huai, 2568)["assessment"]["measures"]]
    assert titles(window) == huai_titles

    pak = store.offices()[0]["id"] if store.offices()[0]["id"] != huai else store.offices()[1]["id"]
    window.ui.officeCombo.setCurrentIndex(window.ui.officeCombo.findData(pak))
    pak_year = store.years(pak)[-1]
    assert window.year == pak_year
    assert titles(window) == [m["title"] for m in store.year_doc(pak, pak_year)["assessment"]["measures"]]
    assert titles(window) != huai_titles

    # a second fiscal year for ห้วยเตย: the year selector switches the table too
    office = store.office_doc(huai, [2568])["office"]
    store.import_doc({"format": "ita-desktop/1", "office": office, "assessments": [
        {"year": 2567, "scores": {}, "measures": [{"key": "x", "title": "มาตรการของปี ๒๕๖๗"}]}]})
    window.load_offices()
    select(window, HUAI_TOEI, 2567)
    assert titles(window) == ["มาตรการของปี ๒๕๖๗"]
    assert window.ui.overallValue.text() == "–"
    window.ui.yearCombo.setCurrentIndex(window.ui.yearCombo.findData(2568))
    assert titles(window) == huai_titles
    assert window.ui.overallValue.text() == "80.77"


def test_switching_language_to_english_changes_menus_and_is_remembered(qtbot, window, settings):
    select(window, HUAI_TOEI, 2568)
    ui = window.ui
    assert ui.menuFile.title() == "แฟ้ม (&F)"
    assert ui.actionExportAnalysis.text().startswith("รายงานการวิเคราะห์")
    ui.actionEnglish.trigger()
    qtbot.waitUntil(lambda: ui.menuFile.title() == "&File")
    assert ui.menuExport.title() == "E&xport PDF"
    assert ui.actionExportAnalysis.text() == "&Analysis report…"
    assert ui.officeLabel.text() == "&Office:"
    assert window.measures_tab.editor.model.headerData(1, Qt.Orientation.Horizontal) == "Measure"
    assert ui.scoreForm.rows[10].mark.text() in ("Pass", "Fail")
    assert ui.actionEnglish.isChecked() and not ui.actionThai.isChecked()
    assert settings.value("ui/language") == "en"
    ui.actionThai.trigger()
    qtbot.waitUntil(lambda: ui.menuFile.title() == "แฟ้ม (&F)")


def test_level_in_english_uses_the_frameworks_english_label(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    window.set_language("en")
    qtbot.waitUntil(lambda: window.ui.menuFile.title() == "&File")
    level = next(lv for lv in window.framework.levels if lv.label == "ต้องปรับปรุง")
    assert window.ui.levelValue.text() == (level.label_en or level.label)


def test_export_analysis_pdf_passes_the_thai_pdf_check(qtbot, window, tmp_path, monkeypatch):
    select(window, HUAI_TOEI, 2568)
    target = tmp_path / "out" / "analysis"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: asked.append(suggested) or target)
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    window.ui.actionExportAnalysis.trigger()
    assert errors == []
    pdf = target.with_name("analysis.pdf")
    assert pdf.exists() and pdf.stat().st_size > 0
    assert asked[0].name == f"analysis_2568_{HUAI_TOEI}.pdf"
    assert str(pdf) in window.statusBar().currentMessage()
    assert_passes(thai_pdf_check(pdf, words=["ห้วยเตย", "กุดรัง", "มหาสารคาม"], tmp=tmp_path))


def test_export_failure_is_shown_not_raised(qtbot, window, tmp_path, monkeypatch):
    select(window, HUAI_TOEI, 2568)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: blocker / "analysis.pdf")
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    assert window.export_pdf("analysis") is None
    assert len(errors) == 1 and errors[0]


def test_export_memo_of_a_year_without_memo_says_so(qtbot, window, tmp_path, monkeypatch):
    select(window, HUAI_TOEI, 2568)  # the seed 002 report has no memo
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: tmp_path / "memo.pdf")
    errors = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    window.ui.actionExportMemo.trigger()
    assert len(errors) == 1 and "2568" in errors[0]
    assert not (tmp_path / "memo.pdf").exists()


def test_export_cancelled_writes_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: None)
    assert window.export_pdf("analysis") is None


def test_every_input_and_action_has_an_object_name_and_accessible_name(window):
    inputs = window.findChildren(QLineEdit) + window.findChildren(QComboBox) + window.findChildren(QTableView)
    inputs += [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    inputs = [w for w in inputs if w.parent() is not None and not w.objectName().startswith("qt_")
              and not isinstance(w.parent(), (QComboBox, QTableView))]
    assert len(inputs) >= 13
    for w in inputs:
        assert w.objectName(), w
        assert w.accessibleName(), w.objectName()
    for a in window.findChildren(QAction):
        if a.isSeparator() or a.menu() is not None or not a.objectName():
            continue
        assert a.objectName().startswith("action")
        assert a.text(), a.objectName()  # a menu item's accessible name is its text


def test_shortcuts_and_mnemonics(window):
    ui = window.ui
    assert ui.actionExportAnalysis.shortcut().toString() == "Ctrl+E"
    assert ui.actionQuit.shortcut().toString() == "Ctrl+Q"
    assert ui.actionCheck.shortcut().toString() == "F7"
    assert ui.actionPublicationPack.shortcut().toString() == "Ctrl+Shift+E"
    for menu in (ui.menuFile, ui.menuTools, ui.menuLanguage, ui.menuHelp, ui.menuExport):
        assert "&" in menu.title()
    assert ui.officeLabel.buddy() is ui.officeCombo and ui.yearLabel.buddy() is ui.yearCombo


def test_tab_key_runs_selectors_tabs_then_the_ten_scores(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.ui.officeCombo.setFocus()
    seen = [QApplication.focusWidget()]
    for _i in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    names = [w.objectName() for w in seen]
    assert names == (["officeCombo", "yearCombo", "qt_tabwidget_tabbar"]
                     + [f"scoreEdit{n}" for n in range(1, 11)]), names


def test_ctrl_e_asks_for_the_analysis_file_and_ctrl_q_quits(qtbot, window, monkeypatch):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    asked = []
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: asked.append(suggested))  # cancels
    qtbot.keyClick(window.ui.officeCombo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0].name.startswith("analysis_")
    qtbot.keyClick(window.ui.officeCombo, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_about_names_version_and_font_licence(window):
    from ita_desktop import __version__

    text = window.about_text()
    assert __version__ in text and "GPL-2.0-or-later" in text and "Laksaman" in text
    dialog = window.show_about(exec_dialog=False)  # Help → About
    assert __version__ in dialog.heading.text() and "GPL-2+" in dialog.font_note.text()
    dialog.deleteLater()


def test_empty_database_says_how_to_start(qtbot, tmp_path, settings, language):
    store = open_store(tmp_path / "empty.sqlite3", seed_demo=False)
    w = MainWindow(store, settings=settings, language=language)
    qtbot.addWidget(w)
    w.show()
    notice = w.ui.noticeLabel.text()
    assert not w.ui.noticeLabel.isHidden() and ("นำเข้า…" in notice or "Import…" in notice)  # File → Import…
    assert not w.ui.scoreForm.isEnabled() and not w.ui.actionExportAnalysis.isEnabled()
    started = []
    w.run_wizard = lambda new_office=False: started.append(new_office)
    w.ui.noticeLabel.linkActivated.emit("new-office")  # the link in the notice starts the wizard
    assert started == [True]
    store.db.close()


def test_remembers_office_and_year(qtbot, store, settings, language):
    w = MainWindow(store, settings=settings, language=language)
    qtbot.addWidget(w)
    select(w, HUAI_TOEI, 2568)
    w2 = MainWindow(store, settings=settings, language=language)
    qtbot.addWidget(w2)
    assert w2.ui.officeCombo.currentText() == HUAI_TOEI and w2.year == 2568


def test_generated_ui_module_is_current():
    proc = subprocess.run([sys.executable, str(REPO / "tools" / "gen_ui.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_qt_calls_keep_none_alive(qapp):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that returns
    # nothing (label.setText …): after some hundred keystrokes in the scores the program aborts with
    # "Fatal Python error: none_dealloc". 6.11.3 does not.
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _i in range(200):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 20, f"PySide6 {pyside_version} loses references to None"


def test_score_parsing():
    from ita_desktop.gui.score_form import ScoreInputError, format_score, parse_score_input

    assert parse_score_input("๙๔.๖๒") == Decimal("94.62")
    assert parse_score_input("  100 ") == Decimal("100")
    assert parse_score_input("") is None
    for bad in ("100.01", "nan", "inf", "1e3", "๑๒๐"):
        with pytest.raises(ScoreInputError):
            parse_score_input(bad)
    assert format_score(94.62) == "94.62" and format_score(100) == "100.00" and format_score(94.625) == "94.625"


# -- pre-flight checks ---------------------------------------------------------------------------

FOREIGN_NAME = "ย่างขึ้นก"  # seed 002's 12-month report names another อบต. (rep7's outcome)


def huai_toei_problems(store) -> list[Problem]:
    office_id = store.find_office(HUAI_TOEI)["id"]
    return run_checks(store.office_doc(office_id, [2568]), 2568)


def panel_rows(window: MainWindow) -> list[Problem]:
    return window.ui.checksPanel.problems()


def row_of(window: MainWindow, kind: str, key) -> int:
    return next(i for i, p in enumerate(panel_rows(window)) if p.target == (kind, key))


def test_problems_model_passes_qt_model_tester(qtmodeltester, store):
    problems = huai_toei_problems(store)
    model = ProblemsModel()
    model.set_problems(list(reversed(problems)))  # warnings given first: errors still come first
    qtmodeltester.check(model)
    assert model.rowCount() == len(problems) and model.columnCount() == ProblemsModel.COLUMN_COUNT
    first = model.data(model.index(0, 0), ProblemsModel.PROBLEM_ROLE)
    assert first.is_error and FOREIGN_NAME in first.message
    assert model.data(model.index(0, ProblemsModel.COL_SEVERITY)) == "ผิด"
    assert model.data(model.index(1, ProblemsModel.COL_SEVERITY)) == "เตือน"
    assert not model.data(model.index(0, ProblemsModel.COL_SEVERITY), Qt.ItemDataRole.DecorationRole).isNull()
    message = model.data(model.index(0, ProblemsModel.COL_MESSAGE))
    assert FOREIGN_NAME in message and "another office" not in message  # the Thai half only
    assert model.data(model.index(0, ProblemsModel.COL_MESSAGE), Qt.ItemDataRole.ToolTipRole) == first.message
    assert model.counts() == (1, len(problems) - 1)
    model.set_problems([])
    qtmodeltester.check(model)


def test_bilingual_messages_are_split_only_where_it_is_clear():
    assert split_bilingual("ข้อมูลหน่วยงาน ช่องอำเภอ: ไม่ได้กรอกอำเภอ / office (district): district is empty") == (
        "ข้อมูลหน่วยงาน ช่องอำเภอ: ไม่ได้กรอกอำเภอ", "office (district): district is empty")
    # a quoted " / " appears in both halves: the middle divider is the one
    assert split_bilingual('ผล "ก / Ab": ผิด / result "ก / Ab": wrong') == ('ผล "ก / Ab": ผิด', 'result "ก / Ab": wrong')
    assert split_bilingual("only English / text") == ("only English / text",) * 2


def test_checks_dock_lists_the_foreign_office_name_error_first(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    dock, panel = window.ui.checksDock, window.ui.checksPanel
    assert dock.objectName() == "checksDock" and dock.isVisible()
    assert dock.accessibleName() == panel.accessibleName() == "ตรวจก่อนพิมพ์"
    assert panel.summary.objectName() == "checksSummary" and panel.summary.accessibleName()
    assert panel.view.objectName() == "problemsView" and panel.view.accessibleName()
    rows = panel_rows(window)
    assert rows == sorted(huai_toei_problems(window.store), key=lambda p: not p.is_error)
    assert rows[0].is_error and FOREIGN_NAME in rows[0].message
    view = panel.view
    assert FOREIGN_NAME in view.model().data(view.model().index(0, ProblemsModel.COL_MESSAGE))
    assert panel.summary.text() == "ผิด 1 เตือน 13"
    assert dock.windowTitle() == "ตรวจก่อนพิมพ์"

    window.set_language("en")
    qtbot.waitUntil(lambda: panel.summary.text() == "1 error, 13 warnings")
    assert dock.windowTitle() == "Pre-flight check"
    english = view.model().data(view.model().index(0, ProblemsModel.COL_MESSAGE))
    assert english.startswith('12-month result of measure "rep7"') and FOREIGN_NAME in english


def test_checks_follow_the_year_and_the_saved_scores(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    assert not any(p.target[0] == "score" for p in panel_rows(window))
    type_into(qtbot, window.ui.scoreForm.edit(3), "")  # the checks run again shortly after an edit
    qtbot.waitUntil(lambda: any(p.code == "missing_scores" for p in panel_rows(window)))
    missing = [p for p in panel_rows(window) if p.code == "missing_scores"]
    assert len(missing) == 1 and missing[0].target == ("score", 3)
    pak = next(o["id"] for o in window.store.offices() if o["short_name"] != HUAI_TOEI)
    window.select(pak, window.store.years(pak)[-1])
    assert panel_rows(window) == [] and window.ui.checksPanel.summary.text() == "ไม่พบปัญหา"


def test_activating_a_measure_problem_selects_its_row(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    view = window.ui.checksPanel.view
    row = row_of(window, "measure", "plan2")
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, ProblemsModel.COL_MESSAGE))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter activates the row
    assert window.ui.tabs.currentWidget() is window.measures_tab
    editor = window.measures_tab.editor
    assert window.document.get(("assessment", "measures", editor.current(), "key")) == "plan2"
    selected = [i.row() for i in editor.view.selectionModel().selectedRows()]
    assert [editor.model.source_index(r) for r in selected] == [editor.current()]
    assert editor.form.prefix == ("assessment", "measures", editor.current())


def test_double_clicking_a_result_problem_selects_the_result(qtbot, window):
    select(window, HUAI_TOEI, 2568)
    view = window.ui.checksPanel.view
    index = view.model().index(row_of(window, "result", ("rep7", 12)), ProblemsModel.COL_MESSAGE)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    # a real double-click: QTest's mouseDClick alone sends no first press, and the view wants one
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.ui.tabs.currentWidget() is window.ui.scoresTab  # one click only selects the row
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.ui.tabs.currentWidget() is window.results_tab
    result = window.document.get(("assessment", "results", window.results_tab.editor.current()))
    assert (result["measure"], result["round"]) == ("rep7", 12)


def test_activating_a_score_problem_focuses_the_scores_field(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select(window, HUAI_TOEI, 2568)
    type_into(qtbot, window.ui.scoreForm.edit(3), "")
    qtbot.waitUntil(lambda: any(p.code == "missing_scores" for p in panel_rows(window)))
    window.ui.tabs.setCurrentWidget(window.measures_tab)
    panel = window.ui.checksPanel
    with qtbot.waitSignal(panel.problemActivated) as activated:
        panel.select_row(row_of(window, "score", 3))
        qtbot.keyClick(panel.view, Qt.Key.Key_Enter)
    assert activated.args[0].code == "missing_scores"
    assert window.ui.tabs.currentWidget() is window.ui.scoresTab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.ui.scoreForm.edit(3))


@pytest.mark.parametrize("where,tab,field", [
    (("office", "district"), "office_tab", "office_district"),
    (("assessments", 0, "findings", 1, "weak_point"), "analysis_tab", "finding_weak_point"),
    (("assessments", 0, "measures", 1, "responsible"), "measures_tab", "measure_responsible"),
    (("assessments", 0, "limitations", 0, "topic"), "analysis_tab", "limitation_topic"),
])
def test_a_problem_takes_the_clerk_to_its_field(qtbot, window, where, tab, field):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select(window, HUAI_TOEI, 2568)
    window.go_to_problem(Problem("empty_field", "warning", "ที่ / there", where, ("x", None)))
    assert window.ui.tabs.currentWidget() is getattr(window, tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().objectName() == field)
    if isinstance(where[-2], int):  # the row of the list is the one shown in the form
        form = QApplication.focusWidget().parent()
        assert form.prefix[-1] == where[-2]


def test_f7_shows_the_checks_dock(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.ui.checksDock.close()
    assert not window.ui.checksDock.isVisible()
    qtbot.keyClick(window.ui.officeCombo, Qt.Key.Key_F7)
    assert window.ui.checksDock.isVisible()
    assert window.statusBar().currentMessage() == "ผิด 1 เตือน 13"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.ui.checksPanel.view)


# -- publication pack ---------------------------------------------------------------------------


@pytest.fixture
def pack_dialogs(window, monkeypatch):
    """The pack action's dialogs answered by the test: ``answers`` sets the replies, the lists record."""
    asked = {"continue": [], "folder": [], "result": [], "error": []}
    answers = {"continue": True, "folder": None}

    def ask_continue(errors):
        asked["continue"].append(errors)
        return answers["continue"]

    def ask_directory(suggested):
        asked["folder"].append(suggested)
        return answers["folder"]

    monkeypatch.setattr(window, "ask_continue_despite_errors", ask_continue)
    monkeypatch.setattr(window, "ask_directory", ask_directory)
    monkeypatch.setattr(window, "show_pack_result", lambda text: asked["result"].append(text))
    monkeypatch.setattr(window, "show_error", lambda title, text: asked["error"].append(text))
    return asked, answers


def test_pack_continues_despite_errors_and_writes_the_files(qtbot, window, tmp_path, pack_dialogs, settings):
    asked, answers = pack_dialogs
    select(window, HUAI_TOEI, 2568)
    answers["folder"] = folder = tmp_path / "pack"
    folder.mkdir()
    window.ui.actionPublicationPack.trigger()
    assert asked["error"] == []
    assert [len(e) for e in asked["continue"]] == [1] and FOREIGN_NAME in asked["continue"][0][0].message
    names = {p.name for p in folder.glob("*.pdf")}
    assert {f"ITA_2568_{HUAI_TOEI}.pdf", f"O27_2568_{HUAI_TOEI}.pdf"} <= names
    text = asked["result"][0]
    assert all(name in text for name in names)
    assert "ไม่ได้พิมพ์" in text and "บันทึกข้อความ: ไม่มีบันทึกข้อความในปีนี้" in text  # the year has no memo
    assert settings.value("export/dir") == str(folder)
    assert str(folder) in window.statusBar().currentMessage()


def test_pack_go_and_fix_shows_the_checks(qtbot, window, pack_dialogs):
    asked, answers = pack_dialogs
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select(window, HUAI_TOEI, 2568)
    window.ui.checksDock.close()
    answers["continue"] = False
    qtbot.keyClick(window.ui.officeCombo, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(asked["continue"]) == 1 and asked["folder"] == [] and asked["result"] == []
    assert window.ui.checksDock.isVisible()
    view = window.ui.checksPanel.view
    assert view.currentIndex().row() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)


def test_pack_cancelled_folder_writes_nothing(qtbot, window, tmp_path, pack_dialogs, settings):
    asked, _answers = pack_dialogs
    select(window, HUAI_TOEI, 2568)
    settings.setValue("export/dir", str(tmp_path))
    assert window.export_pack() is None
    assert asked["folder"] == [tmp_path] and asked["result"] == [] and asked["error"] == []
    assert list(tmp_path.rglob("*.pdf")) == []


def test_pack_failure_is_shown_not_raised(qtbot, window, tmp_path, pack_dialogs, monkeypatch):
    from ita_desktop.pdf.common import DocumentError

    asked, answers = pack_dialogs
    select(window, HUAI_TOEI, 2568)
    answers["folder"] = tmp_path

    def fail(*args, **kwargs):
        raise DocumentError("ไม่มีเอกสารให้พิมพ์ / nothing to print")

    monkeypatch.setattr("ita_desktop.pdf.pack.render_pack", fail)
    assert window.export_pack() is None
    assert len(asked["error"]) == 1 and "nothing to print" in asked["error"][0]
    assert asked["result"] == []


# -- run_gui: keep these last. Once run_gui's app.exec() has returned, a language switch in a later
# test no longer reaches its window (no LanguageChange arrives; seen with Qt 6.11 and 6.12).


def test_run_gui_opens_the_default_database_and_quits(tmp_path):
    # in its own process: Qt's state after an application's exec() has returned (quit) makes
    # later tests' timers in this process unreliable
    script = (
        "import sys\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ita_desktop import i18n\n"
        "from ita_desktop.gui.app import run_gui\n"
        "app = QApplication(sys.argv[:1])\n"
        f"settings = QSettings({str(tmp_path / 'settings.ini')!r}, QSettings.Format.IniFormat)\n"
        "settings.setValue('ui/language', 'en')\n"
        "QTimer.singleShot(0, app.quit)\n"
        "code = run_gui(None, settings=settings)\n"
        "print('exit', code, 'language', i18n.language())\n")
    env = {**os.environ, "ITA_DESKTOP_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "exit 0 language en" in proc.stdout
    assert (tmp_path / "data" / "ita-desktop.sqlite3").exists()


# -- a PDF held open by another program (Windows) ------------------------------------------------

def _held_open(monkeypatch, *held: Path) -> None:
    """As on Windows: renaming or replacing a file a PDF viewer holds open fails (PermissionError)."""
    import errno
    import os

    from ita_desktop.pdf import atomic

    names = {os.fspath(p) for p in held}

    def refusing(real):
        def call(src, dst, *a, **kw):
            if os.fspath(dst) in names or os.fspath(src) in names:
                raise PermissionError(errno.EACCES, "The process cannot access the file")
            return real(src, dst, *a, **kw)
        return call

    monkeypatch.setattr(os, "replace", refusing(os.replace))
    monkeypatch.setattr(os, "rename", refusing(os.rename))
    monkeypatch.setattr(atomic, "LOCKING", True)


def test_export_to_a_pdf_open_in_a_viewer_offers_a_free_name_and_keeps_the_open_file(
        qtbot, window, tmp_path, monkeypatch):
    select(window, HUAI_TOEI, 2568)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "analysis.pdf"
    target.write_bytes(b"%PDF the one open in the viewer")
    _held_open(monkeypatch, target)
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: target)
    offered = []
    monkeypatch.setattr(window, "ask_save_elsewhere", lambda title, busy: offered.append(busy) or True)
    out = window.export_pdf("analysis")
    assert len(offered) == 1 and offered[0].path == target
    assert out == tmp_path / "analysis (2).pdf" and out.read_bytes().startswith(b"%PDF-")
    assert target.read_bytes() == b"%PDF the one open in the viewer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis (2).pdf", "analysis.pdf"]  # no temp files


def test_export_to_a_pdf_open_in_a_viewer_cancelled_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    select(window, HUAI_TOEI, 2568)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "analysis.pdf"
    target.write_bytes(b"%PDF the one open in the viewer")
    _held_open(monkeypatch, target)
    monkeypatch.setattr(window, "ask_save_path", lambda suggested: target)
    monkeypatch.setattr(window, "ask_save_elsewhere", lambda title, busy: False)
    assert window.export_pdf("analysis") is None
    assert [p.name for p in tmp_path.iterdir()] == ["analysis.pdf"]
    assert target.read_bytes() == b"%PDF the one open in the viewer"


def test_pack_with_a_file_open_in_a_viewer_goes_to_a_free_folder(qtbot, window, tmp_path, pack_dialogs,
                                                                 monkeypatch):
    asked, answers = pack_dialogs
    select(window, HUAI_TOEI, 2568)
    answers["folder"] = folder = tmp_path / "pack"
    folder.mkdir()
    assert window.export_pack() is not None
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    held = next(p for p in folder.iterdir() if p.suffix == ".pdf")
    _held_open(monkeypatch, held)
    offered = []
    monkeypatch.setattr(window, "ask_save_elsewhere", lambda title, busy: offered.append(busy) or True)
    result = window.export_pack()
    assert len(offered) == 1 and offered[0].alternative == tmp_path / "pack (2)", offered
    assert result is not None and result.combined.parent == tmp_path / "pack (2)"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the first pack is untouched
    assert str(tmp_path / "pack (2)") in asked["result"][-1]
