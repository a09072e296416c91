"""The year wizard driven as a clerk drives it: from an empty database to the publication pack.

Thai text is typed with QInputMethodEvent (qtbot.keyClicks with Thai
aborts the process, THAI_TEXT_NOTES.md); buttons are pressed with the
keyboard or the mouse; each test has its own database, settings and
export folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from ita_desktop.app import open_store
from ita_desktop.domain.checks import run_checks
from ita_desktop.gui.wizard import (PAGE_ANALYSIS, PAGE_CHECKS, PAGE_EXPORT, PAGE_MEASURES, PAGE_OFFICE,
                                    PAGE_PREVIEW, PAGE_RESULTS, PAGE_SCORES, YearWizard)
from guitest import SIZE_HINTS, commit
from pdfcheck import assert_passes, pdftotext, thai_pdf_check

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]
#: Scores of อบต.ห้วยเตย 2568 (seed 002): indicators 9 and 10 (OIT) below 85.
HUAI_TOEI_ROW = "94.41\t94.41\t94.41\t94.41\t94.41\t94.81\t94.81\t94.81\t70\t50\n"
TODAY = dt.date(2025, 11, 20)  # fiscal year 2569 … the wizard starts on the year being assessed, 2568
OFFICE_NAME = "องค์การบริหารส่วนตำบลหนองบัวทดสอบ"






def type_thai(widget, text: str) -> None:
    """Type ``text`` into the focused ``widget`` through the input method, as a Thai keyboard does."""
    widget.setFocus()
    commit(widget, text)


def press_next(qtbot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on page {wizard.currentId()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def make_wizard(qtbot, store, settings) -> YearWizard:
    wizard = YearWizard(store, settings, office_id=None, clock=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def fill_new_office(qtbot, wizard: YearWizard, year: int = 2568) -> None:
    page = wizard.currentPage()
    assert wizard.currentId() == PAGE_OFFICE
    assert page.office.currentData() is None  # an empty database: a new office
    page.year.setValue(year)
    form = page.new_office
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # name and people still missing
    type_thai(form.widget("name"), OFFICE_NAME)
    type_thai(form.widget("short_name"), "อบต.หนองบัวทดสอบ")
    type_thai(form.widget("district"), "เมือง")
    type_thai(form.widget("province"), "ขอนแก่น")
    type_thai(page.people["clerk"][0], "นางสาวสมศรี ตั้งใจ")
    type_thai(page.people["clerk"][1], "นักจัดการงานทั่วไป")
    type_thai(page.people["head"][0], "นายสมชาย ใจดี")
    type_thai(page.people["head"][1], "นายกองค์การบริหารส่วนตำบลหนองบัวทดสอบ")


def test_whole_wizard_from_an_empty_database_to_the_pack(qtbot, empty_store, settings, tmp_path):
    wizard = make_wizard(qtbot, empty_store, settings)
    fill_new_office(qtbot, wizard)
    press_next(qtbot, wizard)

    # 2. scores: a row pasted from a spreadsheet
    assert wizard.currentId() == PAGE_SCORES
    scores_page = wizard.currentPage()
    assert scores_page.paste_row("1\t2\t3")  is False  # a short row is refused, with the reason
    assert "10" in scores_page.message.text() and "3" in scores_page.message.text()
    assert scores_page.paste_row(HUAI_TOEI_ROW)
    assert scores_page.form.edit(10).text() == "50.00"
    assert "80.77" in scores_page.summary.text()
    press_next(qtbot, wizard)

    # 3. analysis: the two OIT indicators below 85 are proposed, with the catalogue's weak points
    assert wizard.currentId() == PAGE_ANALYSIS
    findings = wizard.document.get(("assessment", "findings"))
    assert [f["indicator"] for f in findings] == [9, 10]
    assert all(f["weak_point"] for f in findings)
    editor = wizard.analysis_tab.findings
    editor.select(1)
    improvement = editor.form.widget("improvement")
    improvement.setPlainText("")
    type_thai(improvement, "เผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบทุกข้อ")
    assert wizard.document.get(("assessment", "findings", 1, "improvement")) == \
        "เผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ให้ครบทุกข้อ"
    press_next(qtbot, wizard)

    # 4. measures: one per finding, from the catalogue, dated inside fiscal year 2568
    assert wizard.currentId() == PAGE_MEASURES
    measures = wizard.document.get(("assessment", "measures"))
    assert len(measures) >= 1
    for m in measures:
        period = m.get("period") or {}
        if period.get("start"):
            assert "2024-10-01" <= period["start"] <= period.get("end", "2025-09-30") <= "2025-09-30"
    wizard.measures_tab.editor.select(0)
    responsible = wizard.measures_tab.editor.form.widget("responsible")
    responsible.selectAll()
    type_thai(responsible, "สำนักปลัด")
    assert wizard.document.get(("assessment", "measures", 0, "responsible")) == "สำนักปลัด"
    press_next(qtbot, wizard)

    # 5. results: the 12-month round, one filled in
    assert wizard.currentId() == PAGE_RESULTS
    n, _message, failed = wizard.results_tab.add_missing(12)
    assert n == len(measures) and not failed
    results_editor = wizard.results_tab.editor
    results_editor.select(0)
    type_thai(results_editor.form.widget("done"), "จัดอบรมเจ้าหน้าที่ทุกคนและเผยแพร่ประกาศบนเว็บไซต์")
    assert wizard.document.get(("assessment", "results", 0, "done")).startswith("จัดอบรม")
    press_next(qtbot, wizard)

    # 6. checks of the draft (the memo was added on the way): each empty result is an error,
    # and activating it goes back to the results page
    assert wizard.currentId() == PAGE_CHECKS
    assert wizard.document.get(("assessment", "memos"))
    empty = [p for p in wizard.currentPage().problems if p.is_error]
    assert len(empty) == n - 1 and all(p.where[2:4] != ("results", 0) for p in empty)
    if empty:
        wizard.currentPage().panel.problemActivated.emit(empty[0])
        assert wizard.currentId() == PAGE_RESULTS
        for i in range(1, n):
            results_editor.select(i)
            type_thai(results_editor.form.widget("done"), "ดำเนินการแล้วตามแผน")
        press_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CHECKS
    listed = wizard.currentPage().problems
    assert listed == run_checks(wizard.document.interchange(), 2568)
    assert not [p for p in listed if p.is_error], [p.message for p in listed if p.is_error]
    assert empty_store.offices() == []  # nothing saved before Finish
    press_next(qtbot, wizard)

    # 7. preview: the analysis report's pages
    assert wizard.currentId() == PAGE_PREVIEW
    preview_page = wizard.currentPage()
    assert preview_page.message.text() == ""
    assert preview_page.preview.page_count() > 1
    press_next(qtbot, wizard)

    # 8. export and Finish: one commit, then the pack
    assert wizard.currentId() == PAGE_EXPORT
    folder = tmp_path / "pack"
    page = wizard.currentPage()
    page.folder.setText(str(folder))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted

    office = empty_store.find_office("อบต.หนองบัวทดสอบ")
    assert wizard.saved == (office["id"], 2568)
    stored = empty_store.year_doc(office["id"], 2568)
    assert stored["assessment"]["scores"]["10"] == 50.0
    assert [p["key"] for p in stored["office"]["people"]] == ["clerk", "head"]
    assert stored["assessment"]["results"][0]["done"].startswith("จัดอบรม")
    assert wizard.pack is not None and wizard.pack.combined is not None and wizard.pack.combined.exists()
    text = pdftotext(wizard.pack.combined)
    assert "หนองบัวทดสอบ" in text
    assert_passes(thai_pdf_check(wizard.pack.combined, words=["หนองบัวทดสอบ", "ขอนแก่น"], tmp=tmp_path))
    assert settings.value("export/dir") == str(folder)


def test_cancel_saves_nothing_and_keeps_the_stored_year(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "demo.sqlite3", seed_demo=True)
    try:
        office = store.find_office("อบต.ห้วยเตย")
        before = store.year_doc(office["id"], 2568)
        wizard = YearWizard(store, settings, office_id=office["id"], clock=lambda: TODAY)
        qtbot.addWidget(wizard)
        wizard.show()
        page = wizard.currentPage()
        page.year.setValue(2568)
        assert "2568" in page.existing.text()  # the year exists: the wizard continues it
        press_next(qtbot, wizard)
        wizard.currentPage().paste_row("0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
        assert wizard.document.get(("assessment", "scores", "1")) == 0.0
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Cancel
        qtbot.waitUntil(lambda: not wizard.isVisible())
        assert wizard.saved is None
        assert store.year_doc(office["id"], 2568) == before
    finally:
        store.db.close()


def test_a_new_year_of_an_office_starts_from_last_years_measures_and_history(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.setenv("ITA_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    store = open_store(tmp_path / "demo.sqlite3", seed_demo=True)
    try:
        office = store.find_office("อบต.ห้วยเตย")
        last = store.year_doc(office["id"], 2568)["assessment"]
        wizard = YearWizard(store, settings, office_id=office["id"], clock=lambda: TODAY)
        qtbot.addWidget(wizard)
        wizard.show()
        page = wizard.currentPage()
        page.year.setValue(2569)
        assert page.copy_measures.isVisible() and page.copy_measures.isChecked()
        press_next(qtbot, wizard)
        measures = wizard.document.get(("assessment", "measures"))
        assert [m["key"] for m in measures] == [m["key"] for m in last["measures"]]
        assert not wizard.document.get(("assessment", "results"))  # results stay with their year
        history = wizard.document.get(("assessment", "history"))
        assert [h["year"] for h in history] == [2568] and history[0]["scores"]["10"] == 50.0
        starts = [m["period"]["start"] for m in measures if (m.get("period") or {}).get("start")]
        assert starts and all("2025-10-01" <= s <= "2026-09-30" for s in starts)
    finally:
        store.db.close()


def test_a_refused_finish_keeps_the_wizard_open_and_writes_nothing(qtbot, empty_store, settings, tmp_path,
                                                                   monkeypatch):
    wizard = make_wizard(qtbot, empty_store, settings)
    fill_new_office(qtbot, wizard)
    for _page in range(PAGE_EXPORT):
        press_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_EXPORT
    wizard.currentPage().folder.setText(str(tmp_path / "pack"))
    # a clash the clerk can act on: another office took the name meanwhile
    empty_store.create_office({"name": OFFICE_NAME, "type": "อบต.", "province": "ขอนแก่น"})
    errors = []
    monkeypatch.setattr(wizard, "show_error", lambda title, text: errors.append(text))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.isVisible() and wizard.saved is None
    assert errors and OFFICE_NAME in errors[0]
    assert len(empty_store.offices()) == 1 and empty_store.years(empty_store.offices()[0]["id"]) == []
    assert not (tmp_path / "pack").exists()


def test_finish_with_a_pack_file_open_in_a_viewer_offers_a_free_folder(qtbot, empty_store, settings, tmp_path,
                                                                        monkeypatch):
    from ita_desktop.pdf import pack
    from ita_desktop.pdf.atomic import TargetBusy

    wizard = make_wizard(qtbot, empty_store, settings)
    fill_new_office(qtbot, wizard)
    for _page in range(PAGE_EXPORT):
        press_next(qtbot, wizard)
    chosen = tmp_path / "pack"
    wizard.currentPage().folder.setText(str(chosen))
    written = []
    real = pack.render_pack

    def render_pack(doc, year, folder, **kw):
        if Path(folder) == chosen:  # an earlier pack's PDF is open in a viewer (Windows)
            raise TargetBusy(chosen / "O27.pdf", tmp_path / "pack (2)", pack_folder=chosen)
        written.append(Path(folder))
        return real(doc, year, folder, **kw)

    monkeypatch.setattr(pack, "render_pack", render_pack)
    asked = []
    monkeypatch.setattr(wizard, "ask_save_elsewhere", lambda busy: asked.append(busy) or True)
    errors = []
    monkeypatch.setattr(wizard, "show_error", lambda title, text: errors.append(text))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.saved is not None and not errors
    assert len(asked) == 1 and written == [tmp_path / "pack (2)"]
    assert wizard.pack is not None and wizard.pack.combined.parent == tmp_path / "pack (2)"
