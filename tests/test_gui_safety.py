"""The window's side of issue 6: who records changes, the history of an item, the chain check,
and a database opened read-only."""

from __future__ import annotations

import getpass

import pytest

from ita_desktop.gui.main_window import MainWindow
from ita_desktop.store import audit
from tests.guitest import SIZE_HINTS

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]
SAVE_TIMEOUT_MS = 5000


def _edit(qtbot, window: MainWindow, path: tuple, value) -> None:
    with qtbot.waitSignal(window.document.saved, timeout=SAVE_TIMEOUT_MS):
        assert window.document.set(path, value)


def test_the_person_chosen_in_the_window_and_the_os_user_are_recorded_with_each_change(qtbot, window, settings):
    window.select(window.store.find_office("อบต.ปากช่อง")["id"], 2565)
    people = window.document.office["people"]
    combo = window.person_selector.combo
    offered = [combo.itemData(i) for i in range(combo.count())]
    assert offered == [""] + [p["name"] for p in people]  # "not named" first, then the office's people
    assert window.person_selector.choose(people[-1]["name"])
    since = audit.head(window.store.db).count
    _edit(qtbot, window, ("assessment", "measures", 0, "title"), "มาตรการที่แก้ไขแล้ว")
    rows = [e for e in audit.entries(window.store.db) if e.id > since]
    assert [r.path for r in rows] and all(r.app_person == people[-1]["name"] for r in rows)
    assert all(r.os_user == getpass.getuser() for r in rows)
    # remembered for the office: a new window (the next start) records the same person
    assert settings.value(f"audit/person/{window.office_id}") == people[-1]["name"]
    other = MainWindow(window.store, settings=settings, language=window.language)
    qtbot.addWidget(other)
    assert other.person_selector.person() == people[-1]["name"] and other.store.actor == people[-1]["name"]


def test_history_of_the_selected_measure_shows_its_changes_only(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.measures_tab)
    editor = window.measures_tab.editor
    editor.select(1)
    second_key = window.document.get(("assessment", "measures", 1, "key"))
    _edit(qtbot, window, ("assessment", "measures", 1, "title"), "ชื่อใหม่ของมาตรการที่สอง")
    _edit(qtbot, window, ("assessment", "measures", 0, "title"), "ชื่อใหม่ของมาตรการแรก")
    editor.view.setFocus()
    assert window.history_path() == ("assessment", "measures", 1)
    dialog = window.show_history(exec_dialog=False)
    qtbot.addWidget(dialog)
    model = dialog.model
    entries = [model.entry(r) for r in range(model.rowCount())]
    assert entries and all(e.path.startswith(f"assessment.measures[{second_key}]") for e in entries)
    assert entries[0].new == "ชื่อใหม่ของมาตรการที่สอง"  # newest first, old → new
    assert second_key in dialog.windowTitle() or "มาตรการ" in dialog.windowTitle()


def test_history_on_the_office_tab_without_a_selected_person_is_the_office_profile(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.office_tab)
    _edit(qtbot, window, ("office", "website"), "https://huaitoei.example.go.th")
    window.office_tab.people.view.clearFocus()
    window.office_tab.setFocus()
    steps = window.history_path()
    assert steps[0] == "office"
    dialog = window.show_history(exec_dialog=False)
    qtbot.addWidget(dialog)
    assert any(dialog.model.entry(r).new == "https://huaitoei.example.go.th"
               for r in range(dialog.model.rowCount()))


def test_the_chain_check_says_intact_then_names_the_altered_row(window):
    said: list = []
    window.show_audit_status = lambda ok, text: said.append((ok, text))
    assert window.verify_audit()
    assert said[-1][0] and str(audit.head(window.store.db)) in said[-1][1]
    db = window.store.db
    db.execute("DROP TRIGGER audit_log_no_update")  # as someone with a database tool would
    db.execute("UPDATE audit_log SET new = '\"forged\"' WHERE id = 2")
    assert not window.verify_audit()
    assert not said[-1][0] and "2" in said[-1][1]


def test_file_import_pasted_measures_is_one_undoable_step_saved_at_once(qtbot, window):
    before = [m["key"] for m in window.store.year_doc(window.office_id, window.year)["assessment"]["measures"]]
    dialog = window.import_data(exec_dialog=False)  # File → Import…
    qtbot.addWidget(dialog)
    dialog.set_text("รหัส\tมาตรการ\tตั้งแต่\tถึง\nP1\tเปิดช่องทางแจ้งเบาะแสการทุจริตออนไลน์\t1/10/2567\t30/9/2568\n")
    assert dialog.import_now()
    outcome = window.imported(dialog.outcome)
    assert outcome is not None and outcome.kind == "measures"
    stored = window.store.year_doc(window.office_id, window.year)["assessment"]["measures"]
    assert [m["key"] for m in stored] == before + ["P1"]
    assert window.undo_stack.canUndo()
    with qtbot.waitSignal(window.document.saved, timeout=SAVE_TIMEOUT_MS):
        window.action_undo.trigger()
    assert [m["key"] for m in window.store.year_doc(window.office_id, window.year)["assessment"]["measures"]] \
        == before


def test_file_import_with_a_bad_row_imports_nothing_and_names_the_row(qtbot, window):
    before = window.store.year_doc(window.office_id, window.year)
    dialog = window.import_data(exec_dialog=False)
    qtbot.addWidget(dialog)
    dialog.set_text("รหัส\tมาตรการ\tตั้งแต่\nP1\tหนึ่ง\t1/10/2567\nP2\tสอง\t31/2/2568\n")
    assert not dialog.import_now()
    assert window.store.year_doc(window.office_id, window.year) == before
    assert any(p.row == 3 for p in dialog.plan.problems)


def test_a_database_opened_read_only_can_be_read_but_not_edited(qtbot, store, settings, language, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton

    from ita_desktop.app import open_session

    path = tmp_path / "t.sqlite3"  # the demo database of the ``store`` fixture
    store.db.close()
    before = path.read_bytes()
    session = open_session(path, read_only=True)
    w = MainWindow(session.store, settings=settings, language=language, autosave_ms=30)
    qtbot.addWidget(w)
    w.show()
    assert w.read_only and w.document is not None
    w.ui.tabs.setCurrentWidget(w.measures_tab)
    title = w.measures_tab.editor.form.widget("title")
    assert title.toPlainText() if isinstance(title, QPlainTextEdit) else title.text()  # readable
    fields = w.ui.tabs.findChildren(QLineEdit) + w.ui.tabs.findChildren(QPlainTextEdit)
    assert fields and all(f.isReadOnly() for f in fields)
    assert not any(b.isEnabled() for b in w.ui.tabs.findChildren(QPushButton))
    w.measures_tab.editor.select(1)  # moving through the list keeps it read-only
    assert not w.measures_tab.editor.buttons["remove"].isEnabled()
    assert not w.action_import.isEnabled() and not w.ui.actionWizard.isEnabled()
    assert w.measures_tab.editor.view.isEnabled()  # the list can still be browsed
    assert w.save_state.text() == "อ่านอย่างเดียว"  # not "บันทึกแล้ว"
    w.close()
    session.close()
    assert path.read_bytes() == before
