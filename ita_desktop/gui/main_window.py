"""The main window: pick an office and fiscal year, type the scores, see the measures, export PDFs.

Layout and menus come from ``ui/main_window.ui`` (generated into
``ui_main_window.py``); this module wires them to the store. Scores are
saved as soon as the clerk finishes a valid edit (no Save button); the tool
scores, the overall score and the level follow as the clerk types, computed
with the fiscal year's framework (``domain.scoring.compute``).

The pre-flight checks (``domain.checks.run_checks``) of the selected office
and year are listed in the "Pre-flight check" dock (``checks_panel``), run
again whenever the selection changes or a score is saved, and on Tools →
Pre-flight check (F7). Activating a problem goes to where it is fixed: the
score field, or the measure's row; for data the window cannot edit yet the
status bar says so and where to correct it. File → Publication pack runs
the checks, then writes every document of the year into a folder
(``pdf.pack.render_pack``).

Dialogs go through methods (``ask_save_path``, ``ask_directory``,
``ask_continue_despite_errors``, ``show_pack_result``, ``show_error``) so
tests can replace them.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QActionGroup, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMainWindow, QMessageBox, QWidget

from ita_desktop import __version__, i18n
from ita_desktop.domain.checks import Problem, run_checks
from ita_desktop.domain.framework import TOOLS, Framework, FrameworkError, framework_for
from ita_desktop.domain.scoring import ScoreResult, compute
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.gui.language import UiLanguage
from ita_desktop.gui.models import MeasuresModel
from ita_desktop.gui.score_form import set_mark
from ita_desktop.gui.ui_main_window import Ui_MainWindow
from ita_desktop.i18n import N_, _
from ita_desktop.store.connection import StoreError
from ita_desktop.store.repo import Store

if TYPE_CHECKING:
    from ita_desktop.pdf.pack import PackResult

EXPORT_KINDS = ("analysis", "memo")
STATUS_TIMEOUT_MS = 15000
MAX_LISTED_ERRORS = 5  # errors named in the publication pack's question; the checks dock lists them all
#: Where a problem's data is fixed when the window has no editor for it yet (Problem.target kinds).
NO_EDITOR = {
    "office": N_("The office's details"),
    "person": N_("The office's people"),
    "finding": N_("The findings of the analysis"),
    "memo": N_("The memos"),
    "measure": N_("The measures"),
    "result": N_("The results of the measures"),
    "assessment": N_("This part of the fiscal year's data"),
}
#: The documents of the publication pack (``PackResult.skipped`` keys).
PACK_DOCUMENTS = {"memo": N_("Memo"), "analysis": N_("Analysis report"), "report": N_("Implementation report")}
#: Paths under an assessment that the Scores tab shows (a Problem's ``where[2]``).
SCORE_PARTS = ("scores", "tool_scores", "published_overall")


class MainWindow(QMainWindow):
    """The ITA Desktop main window over one open ``Store``.

    ``settings`` keeps the export folder, the Thai-digits choice, the last
    office and year and the window geometry; ``language`` switches the UI
    language (the Language menu).
    """

    def __init__(self, store: Store, *, settings: QSettings, language: UiLanguage,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.language = language
        self.office_id: int | None = None
        self.year: int | None = None
        self.assessment_id: int | None = None
        self.framework: Framework | None = None
        self.tool_scores: dict[str, float] = {}
        self.result: ScoreResult | None = None
        self.problems: list[Problem] = []

        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.measures_model = MeasuresModel(self)
        view = self.ui.measuresView
        view.setModel(self.measures_model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.ui.noticeLabel.hide()

        self._tool_widgets = {t: (getattr(self.ui, f"{t.lower()}Label"), getattr(self.ui, f"{t.lower()}Value"),
                                  getattr(self.ui, f"{t.lower()}Mark")) for t in TOOLS}

        lang_group = QActionGroup(self)
        for action, code in ((self.ui.actionThai, "th"), (self.ui.actionEnglish, "en")):
            lang_group.addAction(action)
            action.setData(code)
            action.setChecked(code == language.current())
        lang_group.triggered.connect(lambda a: self.set_language(a.data()))

        self.ui.actionThaiDigits.setChecked(settings.value("export/thai_digits", True, type=bool))
        self.ui.actionThaiDigits.toggled.connect(lambda on: self.settings.setValue("export/thai_digits", on))
        self.ui.actionExportAnalysis.triggered.connect(lambda: self.export_pdf("analysis"))
        self.ui.actionExportMemo.triggered.connect(lambda: self.export_pdf("memo"))
        self.ui.actionPublicationPack.triggered.connect(self.export_pack)
        self.ui.actionCheck.triggered.connect(self.check_now)
        self.ui.checksPanel.problemActivated.connect(self.go_to_problem)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.officeCombo.currentIndexChanged.connect(self._office_changed)
        self.ui.yearCombo.currentIndexChanged.connect(self._year_changed)
        self.ui.scoreForm.scoresEdited.connect(self.update_result)
        self.ui.scoreForm.scoreCommitted.connect(self.save_score)

        QWidget.setTabOrder(self.ui.yearCombo, self.ui.tabs)
        QWidget.setTabOrder(self.ui.tabs, self.ui.scoreForm.edit(1))
        QWidget.setTabOrder(self.ui.scoreForm.edit(10), self.ui.measuresView)
        QWidget.setTabOrder(self.ui.measuresView, self.ui.checksPanel.view)
        # the checks dock starts about 30 Thai letters wide, beside the scores
        self.resizeDocks([self.ui.checksDock], [self.fontMetrics().horizontalAdvance("ก") * 30],
                         Qt.Orientation.Horizontal)
        geometry = settings.value("ui/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._fit_to_screen()
        state = settings.value("ui/state")
        if state is not None:
            self.restoreState(state)

        self.retranslate()
        self.load_offices()

    # -- selection -------------------------------------------------------------------
    def load_offices(self) -> None:
        """Fill the office selector from the store and select the remembered (or first) office."""
        combo = self.ui.officeCombo
        combo.blockSignals(True)
        combo.clear()
        for o in self.store.offices():
            combo.addItem(o["short_name"] or o["name"], o["id"])
            combo.setItemData(combo.count() - 1, o["name"], Qt.ItemDataRole.ToolTipRole)
        remembered = combo.findData(self.settings.value("session/office", "", type=str),
                                    Qt.ItemDataRole.ToolTipRole)
        if remembered < 0 and combo.count():
            # first start: the office with the most recent fiscal year, so a newcomer sees scores
            latest = {combo.itemData(i): max(self.store.years(combo.itemData(i)), default=0)
                      for i in range(combo.count())}
            remembered = combo.findData(max(latest, key=latest.get))
        combo.setCurrentIndex(max(remembered, 0) if combo.count() else -1)
        combo.blockSignals(False)
        self._office_changed()

    def select(self, office_id: int, year: int) -> None:
        """Select an office and fiscal year as the clerk would with the two selectors."""
        self.ui.officeCombo.setCurrentIndex(self.ui.officeCombo.findData(office_id))
        self.ui.yearCombo.setCurrentIndex(self.ui.yearCombo.findData(year))

    def _office_changed(self) -> None:
        office_id = self.ui.officeCombo.currentData()
        self.office_id = office_id
        combo = self.ui.yearCombo
        combo.blockSignals(True)
        combo.clear()
        if office_id is not None:
            years = self.store.years(office_id)
            for y in years:
                combo.addItem(str(y), y)
            remembered = combo.findData(self.settings.value("session/year", 0, type=int))
            combo.setCurrentIndex(remembered if remembered >= 0 else combo.count() - 1)
            self.settings.setValue("session/office", self.ui.officeCombo.currentData(Qt.ItemDataRole.ToolTipRole))
        combo.blockSignals(False)
        self._year_changed()

    def _year_changed(self) -> None:
        self.year = self.ui.yearCombo.currentData()
        self.load_assessment()

    def load_assessment(self) -> None:
        """Show the scores, result and measures of the selected office and year."""
        self.assessment_id = self.framework = None
        self.tool_scores = {}
        notice = ""
        if self.office_id is None:
            notice = _("The database has no office yet. Import an office's data file with: "
                       "ita-desktop import FILE")
        elif self.year is None:
            notice = _("This office has no fiscal year yet.")
        else:
            self.settings.setValue("session/year", self.year)
            self.assessment_id = self.store.assessment(self.office_id, self.year)["id"]
            try:
                self.framework = framework_for(self.year)
            except FrameworkError as e:
                notice = str(e)
        have_form = self.framework is not None
        self.ui.noticeLabel.setText(notice)
        self.ui.noticeLabel.setVisible(bool(notice))
        self.ui.scoreForm.setEnabled(have_form)
        for action in (self.ui.actionExportAnalysis, self.ui.actionExportMemo, self.ui.actionPublicationPack):
            action.setEnabled(self.assessment_id is not None)
        measures = self.store.measures(self.assessment_id) if self.assessment_id is not None else []
        self.measures_model.set_measures(measures, self.framework)
        if have_form:
            self.tool_scores = self.store.tool_scores(self.assessment_id)
            self.ui.scoreForm.set_assessment(self.framework, self.store.scores(self.assessment_id))
        else:
            self.update_result()
        self._size_columns()
        self._update_title()
        self.refresh_checks()

    # -- scores -------------------------------------------------------------------------
    def update_result(self) -> None:
        """Recompute tool scores, overall score and level from the form and show them."""
        fw = self.framework
        self.result = compute(fw, self.ui.scoreForm.values(), self.tool_scores) if fw is not None else None
        r = self.result
        for code, (label, value, mark) in self._tool_widgets.items():
            score = r.tools.get(code) if r else None
            value.setText(_score_text(score))
            set_mark(mark, score, r)
            if fw is not None and code in fw.tools:
                t = fw.tools[code]
                weight = f"{t.weight * 100:g}%"
                name = t.name_en if t.name_en and i18n.language() != "th" else t.name
                published = _("published score") if code in self.tool_scores else _("mean of its indicators")
                label.setText(f"{code} ({weight})")
                label.setToolTip(f"{name}\n{published}")
        self.ui.overallValue.setText(_score_text(r.overall if r else None))
        set_mark(self.ui.overallMark, r.overall if r else None, r)
        self.ui.levelValue.setText(self._level_text(r))
        mark = f"{fw.pass_mark:g}" if fw is not None else ""
        self.ui.passMarkLabel.setText(_("Pass mark: {mark}").format(mark=mark) if mark else "")
        self.ui.passMarkLabel.setToolTip(
            _("Each indicator, each tool and the overall score pass at {mark} points.").format(mark=mark)
            if mark else "")
        self.ui.scoreForm.show_result(r)

    def _level_text(self, r: ScoreResult | None) -> str:
        if r is None or r.level is None or self.framework is None:
            return "–"
        if i18n.language() != "th":
            for lv in self.framework.levels:
                if lv.label == r.level and lv.label_en:
                    return lv.label_en
        return r.level

    def save_score(self, indicator: int, value: Decimal | None) -> None:
        """Store one indicator score the clerk finished typing (autosave); on failure, say so and revert."""
        if self.assessment_id is None:
            return
        try:
            self.store.set_score(self.assessment_id, indicator, value)
        except (StoreError, sqlite3.Error) as e:
            self.show_error(_("Score not saved"),
                            _("The score of indicator {no} could not be saved.").format(no=indicator) + f"\n\n{e}")
            self.ui.scoreForm.revert(indicator)
            return
        self.ui.scoreForm.accept_stored(indicator, value)
        self.statusBar().showMessage(_("Saved the score of indicator {no}.").format(no=indicator), STATUS_TIMEOUT_MS)
        self.update_result()
        self.refresh_checks()

    # -- pre-flight checks ----------------------------------------------------------------
    def refresh_checks(self) -> list[Problem]:
        """Run the checks on the selected office and year and list them in the dock; return them."""
        if self.assessment_id is None:
            self.problems = []
            self.ui.checksPanel.set_problems(None)
            return []
        doc = self.store.office_doc(self.office_id, [self.year])
        self.problems = run_checks(doc, self.year)
        self.ui.checksPanel.set_problems(self.problems)
        return self.problems

    def show_checks(self) -> None:
        """Show the checks dock with the first problem selected and the keyboard focus in its list."""
        dock = self.ui.checksDock
        dock.show()
        dock.raise_()
        self.ui.checksPanel.select_row(0)

    def check_now(self) -> list[Problem]:
        """Tools → Pre-flight check (F7): run the checks again and show them."""
        problems = self.refresh_checks()
        self.show_checks()
        self.statusBar().showMessage(self.ui.checksPanel.summary.text(), STATUS_TIMEOUT_MS)
        return problems

    def go_to_problem(self, problem: Problem) -> None:
        """Take the clerk to where ``problem`` is fixed (a row of the checks dock was activated).

        Scores: the Scores tab, with the indicator's field focused. Measures
        and their results: the Measures tab with the measure's row selected.
        The window cannot edit anything else yet (nor measures and results):
        the status bar says so and where to correct it.
        """
        kind, key = problem.target
        note = ""
        if kind in ("score", "assessment"):
            self.ui.tabs.setCurrentWidget(self.ui.scoresTab)
            if kind == "score" and isinstance(key, int) and key in self.ui.scoreForm.rows \
                    and self.ui.scoreForm.isEnabled():
                edit = self.ui.scoreForm.edit(key)
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                edit.selectAll()
            elif kind == "assessment" and len(problem.where) > 2 and problem.where[2] not in SCORE_PARTS:
                note = self._no_editor_note(kind)  # limitations, next year's plan, history, texts
        elif kind in ("measure", "result"):
            measure_key = key[0] if kind == "result" else key
            row = self._measure_row(measure_key)
            self.ui.tabs.setCurrentWidget(self.ui.measuresTab)
            if row is None:
                note = _('The measure "{key}" is not in the Measures tab.').format(key=measure_key)
            else:
                view = self.ui.measuresView
                view.selectRow(row)
                view.scrollTo(self.measures_model.index(row, 0))
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                note = self._no_editor_note(kind)
        else:
            note = self._no_editor_note(kind)
        self.statusBar().showMessage(note or in_ui_language(problem.message), STATUS_TIMEOUT_MS)

    def _no_editor_note(self, kind: str) -> str:
        what = _(NO_EDITOR.get(kind, NO_EDITOR["assessment"]))
        return _("{what} cannot be edited in ITA Desktop yet: correct them in the office's data file "
                 "(ita-desktop export FILE, then ita-desktop import FILE).").format(what=what)

    def _measure_row(self, key: str) -> int | None:
        model = self.measures_model
        for row in range(model.rowCount()):
            if (model.data(model.index(row, 0), MeasuresModel.MEASURE_ROLE) or {}).get("key") == key:
                return row
        return None

    # -- export ---------------------------------------------------------------------------
    def ask_save_path(self, suggested: Path) -> Path | None:
        """Ask where to save a PDF (file dialog); None when the clerk cancels."""
        name, _filter = QFileDialog.getSaveFileName(self, _("Export PDF"), str(suggested),
                                                    _("PDF documents (*.pdf)"))
        return Path(name) if name else None

    def export_pdf(self, kind: str) -> Path | None:
        """Render the ``kind`` document ("analysis" or "memo") of the selected year to a PDF the clerk names.

        Returns the file written, or None when cancelled or failed (the
        failure is shown in a message box).
        """
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown document kind {kind!r}")
        if self.office_id is None or self.year is None:
            return None
        office = re.sub(r'[\\/:*?"<>|]', "_", self.ui.officeCombo.currentText())
        suggested = self._export_dir() / f"{kind}_{self.year}_{office}.pdf"
        path = self.ask_save_path(suggested)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        from ita_desktop.pdf.documents import render_analysis, render_memo  # ReportLab: load on use

        render = render_analysis if kind == "analysis" else render_memo
        out, error = self._render(
            lambda: render(self.store.office_doc(self.office_id, [self.year]), self.year, path,
                           thai_digits=self.ui.actionThaiDigits.isChecked()),
            _("The document could not be made."), _("The file could not be written: {path}").format(path=path))
        if error:
            self.show_error(_("Export PDF"), error)
            return None
        self.settings.setValue("export/dir", str(out.parent))
        self.statusBar().showMessage(_("Saved {path}").format(path=out), STATUS_TIMEOUT_MS)
        return out

    # -- publication pack -----------------------------------------------------------------
    def ask_directory(self, suggested: Path) -> Path | None:
        """Ask for the folder of the publication pack (folder dialog); None when the clerk cancels."""
        name = QFileDialog.getExistingDirectory(self, _("Folder for the publication pack"), str(suggested))
        return Path(name) if name else None

    def ask_continue_despite_errors(self, errors: list[Problem]) -> bool:
        """Ask whether to print the pack although the checks found ``errors``; False: go and fix them."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Publication pack"),
                          _("The pre-flight check found errors: {n}.").format(n=len(errors)), parent=self)
        shown = [f"• {in_ui_language(p.message)}" for p in errors[:MAX_LISTED_ERRORS]]
        if len(errors) > MAX_LISTED_ERRORS:
            shown.append(_("… and {n} more (see the pre-flight check)").format(n=len(errors) - MAX_LISTED_ERRORS))
        box.setInformativeText("\n".join(shown) + "\n\n"
                               + _("The documents would print them as they are. Fix them first, or print anyway?"))
        fix = box.addButton(_("&Go and fix"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("&Print anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(fix)
        box.exec()
        return box.clickedButton() is not fix and box.clickedButton() is not None

    def show_pack_result(self, text: str) -> None:
        """Tell the clerk what the publication pack wrote and left out."""
        QMessageBox.information(self, _("Publication pack"), text)

    def pack_result_text(self, folder: Path, result: PackResult) -> str:
        """What ``render_pack`` wrote into ``folder`` (file names) and what it left out (and why)."""
        written = [p for p in (result.combined, *result.files.values()) if p is not None]
        lines = [_("Written in {folder}:").format(folder=folder)] + [f"• {p.name}" for p in written]
        if result.skipped:
            lines += ["", _("Not printed:")]
            lines += [f"• {_(PACK_DOCUMENTS.get(what, what))}: {in_ui_language(why)}"
                      for what, why in result.skipped.items()]
        return "\n".join(lines)

    def export_pack(self) -> PackResult | None:
        """File → Publication pack: check, ask for a folder, write every document of the year there.

        When the checks find errors the clerk chooses between printing anyway
        and going to fix them (the checks dock is shown). Returns the
        ``PackResult``, or None when cancelled or failed (the failure is shown
        in a message box).
        """
        if self.assessment_id is None:
            return None
        errors = [p for p in self.refresh_checks() if p.is_error]
        if errors and not self.ask_continue_despite_errors(errors):
            self.show_checks()
            return None
        folder = self.ask_directory(self._export_dir())
        if folder is None:
            return None
        from ita_desktop.pdf.pack import render_pack  # ReportLab: load on use

        result, error = self._render(
            lambda: render_pack(self.store.office_doc(self.office_id, [self.year]), self.year, folder,
                                thai_digits=self.ui.actionThaiDigits.isChecked()),
            _("The publication pack could not be made."),
            _("The files could not be written in {folder}").format(folder=folder))
        if error:
            self.show_error(_("Publication pack"), error)
            return None
        self.settings.setValue("export/dir", str(folder))
        self.statusBar().showMessage(_("Saved the publication pack in {folder}").format(folder=folder),
                                     STATUS_TIMEOUT_MS)
        self.show_pack_result(self.pack_result_text(folder, result))
        return result

    @staticmethod
    def _render(make, failed: str, unwritable: str):
        """Run ``make()`` under the wait cursor: ``(its result, "")``, or ``(None, message)``
        for the errors a clerk can act on (the document cannot be made from the data; the
        file cannot be written: disk full, folder read-only, file open elsewhere).  Other
        exceptions are bugs and go to the crash handler."""
        from ita_desktop.pdf.common import DocumentError  # ReportLab: load on use

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return make(), ""
        except DocumentError as e:
            return None, f"{failed}\n\n{e}"
        except OSError as e:
            return None, f"{unwritable}\n\n{e.strerror or e}"
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _export_dir(self) -> Path:
        saved = self.settings.value("export/dir", "", type=str)
        if saved and Path(saved).is_dir():
            return Path(saved)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs else Path.home()

    # -- messages, about, language ------------------------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        """Show a problem the clerk can act on in a message box."""
        QMessageBox.warning(self, title, text)

    def about_text(self) -> str:
        """The About box's text (HTML): version, licences, the Thai font's licence."""
        return (
            f"<h3>ITA Desktop {__version__}</h3>"
            + "<p>" + _("Writes the ITA documents of a Thai local government office, offline.") + "</p>"
            + "<p>" + _("Licence: GNU GPL version 2 or later.") + "</p>"
            + "<p>" + _("Thai font: Laksaman (Thai Linux Working Group, from TH Sarabun PSK by SIPA), "
                        "licence GPL-2+ with font exception: embedding the font in a document does not "
                        "by itself put the document under the GPL.") + "</p>"
            + f"<p>Qt {qVersion()}, PySide6 {PySide6.__version__}</p>"
        )

    def show_about(self) -> None:
        """Help → About."""
        QMessageBox.about(self, _("About ITA Desktop"), self.about_text())

    def set_language(self, language: str) -> None:
        """Switch the UI language (the Language menu); the window re-translates on LanguageChange."""
        self.language.apply(language)
        for action in (self.ui.actionThai, self.ui.actionEnglish):
            action.setChecked(action.data() == language)

    def retranslate(self) -> None:
        """Set every text made in code in the current language (the .ui texts: ``retranslateUi``)."""
        self.ui.retranslateUi(self)
        self.ui.actionThai.setStatusTip("ใช้ภาษาไทย")
        self.ui.actionEnglish.setStatusTip("Use English")
        self.measures_model.retranslate()
        self.update_result()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Remember the window geometry and where the docks are."""
        self.settings.setValue("ui/geometry", self.saveGeometry())
        self.settings.setValue("ui/state", self.saveState())
        super().closeEvent(event)

    # -- helpers ----------------------------------------------------------------------------
    def _update_title(self) -> None:
        office = self.ui.officeCombo.currentText()
        if office and self.year is not None:
            self.setWindowTitle(_("{office}, fiscal year {year} – ITA Desktop").format(office=office, year=self.year))
        else:
            self.setWindowTitle("ITA Desktop")

    def _fit_to_screen(self) -> None:
        """First start: the window's designed size (1300 × 700), made smaller when the screen is smaller."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        self.resize(min(self.width(), room.width() - frame.width()), min(self.height(), room.height() - frame.height()))

    def _size_columns(self) -> None:
        view = self.ui.measuresView
        m = MeasuresModel
        fm = view.fontMetrics()
        widths = {m.COL_TITLE: 34, m.COL_RESPONSIBLE: 22, m.COL_PERIOD: 16, m.COL_INDICATORS: 8}
        for col, chars in widths.items():
            view.setColumnWidth(col, fm.horizontalAdvance("ก") * chars)


def _score_text(score: Decimal | None) -> str:
    """A computed score with two decimals, or a dash when it cannot be computed yet."""
    return f"{score:.2f}" if score is not None else "–"
