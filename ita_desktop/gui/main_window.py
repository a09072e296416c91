"""The main window: pick an office and fiscal year, edit everything the documents print, export PDFs.

Layout and menus come from ``ui/main_window.ui`` (generated into
``ui_main_window.py``); the editing tabs are built in code from field specs
(``year_tabs``). Tabs: the office (profile, departments, people,
signatories, emblem and signature images, font and digits), the scores
(ten indicators, tool scores, the history of earlier years, paste a row
from a spreadsheet), the analysis (findings, texts, limitations, next
year's plan), the measures (from the catalogue, or last year's copied), the
results per round, and the memos.

Everything the clerk edits goes into one ``YearDocument`` (``editing``):
every change is a step of the window's ``QUndoStack`` (Edit → Undo, Redo)
and is saved by itself shortly after (no Save button); switching office or
year and closing the window save at once. The status bar says "Saved" or
why a change could not be saved yet.

The pre-flight checks (``domain.checks.run_checks``) of the document are
listed in the "Pre-flight check" dock (``checks_panel``) and run again as
the clerk edits; activating a problem goes to the field where it is fixed.
Ctrl+F searches the measures and results of every office and year
(``search_panel``). File → Preview shows a document before it is saved;
File → Year wizard walks a year from the scores to the printed pack.

On a first start (a writable database without an office) ``run_gui`` calls
``maybe_welcome``: the Welcome dialog (``welcome``) offers the demo offices,
a new office or an office's data file; Help → Welcome… opens it again.
Tools → Settings… (``settings_dialog``) keeps the data folder, the font and
digits of new offices and the language. Help → Open the data folder, Show
the log file, About (``about_dialog``).

Dialogs go through methods (``ask_save_path``, ``ask_directory``,
``ask_continue_despite_errors``, ``ask_discard``, ``show_pack_result``,
``show_error``, ``show_preview``, ``open_url``) so tests can replace them; ``show_welcome``,
``show_settings`` and ``show_about`` take ``exec_dialog=False`` to hand back the dialog unshown.
"""

from __future__ import annotations

import html
import logging
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, QTimer, QUrl, qVersion
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence,
                           QUndoStack)
from PySide6.QtWidgets import (QApplication, QFileDialog, QInputDialog, QLabel, QMainWindow, QMessageBox, QTabBar,
                               QPushButton, QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.app import default_data_dir
from ita_desktop.domain.checks import Problem, run_checks
from ita_desktop.domain.framework import TOOLS, Framework, FrameworkError, framework_for
from ita_desktop.domain.scoring import ScoreResult, compute
from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.gui.editing import YearDocument
from ita_desktop.gui.forms import Field, ListEditor, RecordForm, key_column
from ita_desktop.gui.language import UiLanguage
from ita_desktop.gui.safety import PersonSelector, ask_save_elsewhere, history_target
from ita_desktop.gui.score_form import ScoreInputError, parse_score_row, set_mark
from ita_desktop.gui.ui_main_window import Ui_MainWindow
from ita_desktop.gui.year_tabs import AnalysisTab, MeasuresTab, MemoTab, OfficeTab, ResultsTab
from ita_desktop.i18n import N_, _
from ita_desktop.store.repo import NotFound, Store

if TYPE_CHECKING:
    from ita_desktop.pdf.pack import PackResult

log = logging.getLogger("ita_desktop")

EXPORT_KINDS = ("analysis", "memo", "report")
STATUS_TIMEOUT_MS = 15000
CHECK_DELAY_MS = 400  # the checks run again this long after the last edit
MAX_LISTED_ERRORS = 5  # errors named in the publication pack's question; the checks dock lists them all
#: The documents of the publication pack (``PackResult.skipped`` keys) and of File → Preview.
PACK_DOCUMENTS = {"memo": N_("Memo"), "analysis": N_("Analysis report"), "report": N_("Implementation report")}
#: Paths under an assessment that the Scores tab shows (a Problem's ``where[2]``).
SCORE_PARTS = ("scores", "tool_scores", "published_overall", "history")
TOOL_FIELDS = [
    Field("tool_scores/IIT", N_("Published IIT score"), "score"),
    Field("tool_scores/EIT", N_("Published EIT score"), "score"),
    Field("tool_scores/OIT", N_("Published OIT score"), "score"),
    Field("published_overall", N_("Published overall score"), "score"),
]
HISTORY_FIELDS = [
    Field("year", N_("Fiscal year (B.E.)"), "int", required=True),
    Field("overall", N_("Overall score"), "score"),
    Field("level", N_("Level")),
    Field("scores", N_("Indicator scores (10 values)"), "scorerow", hint=N_("paste a row from a spreadsheet")),
]


class MainWindow(QMainWindow):
    """The ITA Desktop main window over one open ``Store``.

    ``settings`` keeps the export folder, the Thai-digits choice, the last
    office and year and the window geometry; ``language`` switches the UI
    language (the Language menu). ``autosave_ms``: delay of the autosave.
    ``data_dir``: the data folder in use (``app.default_data_dir``; shown by
    the welcome, Settings… and Help → Open the data folder); ``log_file``: the
    log file (``run_gui`` sets it; None: ``logs.log_file(data_dir)``).
    """

    def __init__(self, store: Store, *, settings: QSettings, language: UiLanguage,
                 parent: QWidget | None = None, autosave_ms: int | None = None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.language = language
        self.autosave_ms = autosave_ms
        self.data_dir: Path = default_data_dir(settings)
        self.log_file: Path | None = None
        self.office_id: int | None = None
        self.year: int | None = None
        self.document: YearDocument | None = None
        self.framework: Framework | None = None
        self.tool_scores: dict[str, float] = {}
        self.result: ScoreResult | None = None
        self.problems: list[Problem] = []
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")

        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.ui.noticeLabel.hide()
        self.ui.noticeLabel.setTextFormat(Qt.TextFormat.RichText)
        self.ui.noticeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.ui.noticeLabel.linkActivated.connect(self._notice_link)
        self._build_tabs()
        self._build_edit_menu()
        self._build_safety()
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.statusBar().addPermanentWidget(self.save_state)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.refresh_checks)

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
        self.ui.actionPreview.triggered.connect(lambda: self.preview())
        self.ui.actionWizard.triggered.connect(lambda: self.run_wizard())
        self.ui.actionNewOffice.triggered.connect(lambda: self.run_wizard(new_office=True))
        self.ui.actionFind.triggered.connect(self.show_search)
        self.ui.actionCheck.triggered.connect(self.check_now)
        self.ui.checksPanel.problemActivated.connect(self.go_to_problem)
        self.ui.actionAbout.triggered.connect(lambda: self.show_about())
        self.ui.actionWelcome.triggered.connect(lambda: self.show_welcome())
        self.ui.actionSettings.triggered.connect(lambda: self.show_settings())
        self.ui.actionOpenDataFolder.triggered.connect(lambda: self.open_data_folder())
        self.ui.actionShowLog.triggered.connect(lambda: self.show_log_file())
        self.ui.officeCombo.currentIndexChanged.connect(self._office_changed)
        self.ui.yearCombo.currentIndexChanged.connect(self._year_changed)
        self.ui.tabs.currentChanged.connect(self._bind_current_tab)
        self.ui.scoreForm.scoresEdited.connect(self.update_result)
        self.ui.scoreForm.scoreCommitted.connect(self.save_score)

        QWidget.setTabOrder(self.ui.yearCombo, self.ui.tabs)
        # the checks dock starts about 30 Thai letters wide, beside the forms, and never gets narrower than 18
        self.ui.checksDock.setMinimumWidth(self.fontMetrics().horizontalAdvance("ก") * 18)
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

    # -- building ----------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """The editing tabs around the Scores tab of the .ui file."""
        tabs = self.ui.tabs
        self.office_tab = OfficeTab(self)
        self.analysis_tab = AnalysisTab(self)
        self.measures_tab = MeasuresTab(self)
        self.results_tab = ResultsTab(self)
        self.memo_tab = MemoTab(self)
        tabs.insertTab(0, self.office_tab, "")
        for w in (self.analysis_tab, self.measures_tab, self.results_tab, self.memo_tab):
            tabs.addTab(w, "")
        # the Scores tab: published tool scores, paste a row, and the history of earlier years
        extra = QWidget(self.ui.scoresTab)
        extra.setObjectName("scoresExtra")
        box = QVBoxLayout(extra)
        box.setContentsMargins(0, 0, 0, 0)
        self.paste_button = QPushButton(extra)
        self.paste_button.setObjectName("pasteScores")
        self.paste_button.clicked.connect(lambda: self.paste_scores())
        self.tools_form = RecordForm("tools", TOOL_FIELDS, extra)
        self.history = ListEditor("history", [key_column("year", N_("Year"), 5),
                                              key_column("overall", N_("Overall"), 6),
                                              key_column("level", N_("Level"), 8)],
                                  HISTORY_FIELDS, self._new_history, extra, what=N_("year of the history"),
                                  vertical=True)
        self.history_label = QLabel(extra)
        box.addWidget(self.paste_button)
        box.addWidget(self.tools_form)
        box.addWidget(self.history_label)
        box.addWidget(self.history, 1)
        # the totals, the published scores and the history stack in one scrolling column beside
        # the ten scores, so the window fits a 1366 × 768 laptop
        from PySide6.QtWidgets import QScrollArea

        column = QWidget(self.ui.scoresTab)
        column.setObjectName("scoresColumn")
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        self.ui.scoresLayout.removeWidget(self.ui.resultGroup)
        column_layout.addWidget(self.ui.resultGroup)
        column_layout.addWidget(extra, 1)
        scroll = QScrollArea(self.ui.scoresTab)
        scroll.setObjectName("scoresColumnScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(column)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setMinimumHeight(self.fontMetrics().lineSpacing() * 16)
        self.ui.scoresLayout.addWidget(scroll)
        self.ui.scoresLayout.setStretch(0, 1)
        self.ui.scoresLayout.setStretch(1, 1)
        for tab in (self.measures_tab, self.results_tab):
            tab.store = self.store
        self.analysis_tab.proposeRequested.connect(self.propose_findings)
        self.measures_tab.catalogue_button.clicked.connect(self.add_from_catalogue)
        self.measures_tab.copy_button.clicked.connect(self.copy_last_year)
        self.results_tab.fill_button.clicked.connect(self.add_missing_results)

    def _build_edit_menu(self) -> None:
        """Edit → Undo / Redo (standard shortcuts; the texts name the step), then Find."""
        undo = QAction(self)
        undo.setObjectName("actionUndo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self.undo_stack.undo)
        redo = QAction(self)
        redo.setObjectName("actionRedo")
        keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")):
            if extra not in keys:
                keys.append(extra)
        redo.setShortcuts(keys)
        redo.triggered.connect(self.undo_stack.redo)
        menu = self.ui.menuEdit
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, undo)
        menu.insertAction(first, redo)
        menu.insertSeparator(first)
        self.action_undo, self.action_redo = undo, redo
        for signal in (self.undo_stack.canUndoChanged, self.undo_stack.canRedoChanged,
                       self.undo_stack.undoTextChanged, self.undo_stack.redoTextChanged):
            signal.connect(self._update_undo_texts)

    def _build_safety(self) -> None:
        """File → Backups…, Edit → History of this item (Ctrl+H), Tools → Check the record of
        changes, and the "Recorded by" person beside the office and year (ISSUE 6)."""
        self.person_selector = PersonSelector(self.store, self.settings, self.centralWidget())
        self.ui.selectorLayout.addWidget(self.person_selector)
        self.action_backups = QAction(self)
        self.action_backups.setObjectName("actionBackups")
        self.action_backups.triggered.connect(lambda: self.show_backups())
        file_menu = self.ui.menuFile
        self.action_import = QAction(self)
        self.action_import.setObjectName("actionImport")
        self.action_import.setShortcut(QKeySequence("Ctrl+I"))
        self.action_import.triggered.connect(lambda: self.import_data())
        file_menu.insertAction(self.ui.actionPreview, self.action_import)
        file_menu.insertSeparator(self.ui.actionPreview)
        file_menu.insertAction(self.ui.actionQuit, self.action_backups)
        file_menu.insertSeparator(self.ui.actionQuit)
        self.action_history = QAction(self)
        self.action_history.setObjectName("actionHistory")
        self.action_history.setShortcut(QKeySequence("Ctrl+H"))
        self.action_history.triggered.connect(lambda: self.show_history())
        self.ui.menuEdit.addAction(self.action_history)
        self.action_verify = QAction(self)
        self.action_verify.setObjectName("actionVerifyAudit")
        self.action_verify.triggered.connect(lambda: self.verify_audit())
        tools = self.ui.menuTools
        separator = next((a for a in tools.actions() if a.isSeparator()), None)  # before Settings…
        tools.insertAction(separator, self.action_verify)

    def _update_undo_texts(self, *_args) -> None:
        """Edit → Undo "<step>" / Redo "<step>", enabled when there is a step."""
        stack = self.undo_stack
        for action, can, what, plain in ((self.action_undo, stack.canUndo(), stack.undoText(), _("&Undo")),
                                         (self.action_redo, stack.canRedo(), stack.redoText(), _("&Redo"))):
            action.setEnabled(can)
            action.setText(f"{plain} “{what}”" if can and what else plain)
            action.setStatusTip(action.text().replace("&", ""))

    def _new_history(self, document: YearDocument) -> dict[str, Any]:
        years = [h.get("year") for h in document.get(("assessment", "history"), []) or []]
        year = document.year - 1
        while year in years:
            year -= 1
        return {"year": year}

    # -- selection -------------------------------------------------------------------
    def load_offices(self, select: tuple[int, int] | None = None) -> None:
        """Fill the office selector from the store and select ``select`` (office id, year), else
        the remembered (or first) office."""
        combo = self.ui.officeCombo
        combo.blockSignals(True)
        combo.clear()
        for o in self.store.offices():
            combo.addItem(o["short_name"] or o["name"], o["id"])
            combo.setItemData(combo.count() - 1, o["name"], Qt.ItemDataRole.ToolTipRole)
        remembered = combo.findData(self.settings.value("session/office", "", type=str),
                                    Qt.ItemDataRole.ToolTipRole)
        if select is not None:
            remembered = combo.findData(select[0])
            self.settings.setValue("session/year", select[1])
        if remembered < 0 and combo.count():
            # first start: the office with the most recent fiscal year, so a newcomer sees scores
            latest = {combo.itemData(i): max(self.store.years(combo.itemData(i)), default=0)
                      for i in range(combo.count())}
            remembered = combo.findData(max(latest, key=latest.get))
        combo.setCurrentIndex(max(remembered, 0) if combo.count() else -1)
        combo.blockSignals(False)
        self._office_changed()

    def select(self, office_id: int, year: int) -> bool:
        """Select an office and fiscal year as the clerk would with the two selectors; False
        when the clerk kept the current one (unsaved changes that cannot be saved)."""
        self.ui.officeCombo.setCurrentIndex(self.ui.officeCombo.findData(office_id))
        if self.office_id != office_id:
            return False  # the clerk went back to an edit that cannot be saved yet
        self.ui.yearCombo.setCurrentIndex(self.ui.yearCombo.findData(year))
        return self.office_id == office_id and self.year == year

    def _leave_document(self) -> bool:
        """Save the open document before switching away; False when the clerk chose to stay
        (it could not be saved and the clerk did not discard the changes)."""
        doc = self.document
        if doc is None or doc.save_now():
            return True
        return self.ask_discard(doc.last_error)

    def _restore_selectors(self) -> None:
        for combo, value in ((self.ui.officeCombo, self.office_id), (self.ui.yearCombo, self.year)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)

    def _office_changed(self) -> None:
        office_id = self.ui.officeCombo.currentData()
        if self.document is not None and office_id != self.office_id and not self._leave_document():
            self._restore_selectors()
            return
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
        self._year_changed(force=True)

    def _year_changed(self, *_args, force: bool = False) -> None:
        year = self.ui.yearCombo.currentData()
        if not force and self.document is not None and year != self.year and not self._leave_document():
            self._restore_selectors()
            return
        self.year = year
        self.load_assessment()

    def load_assessment(self) -> None:
        """Open the selected office and year for editing: every tab, the scores, the checks."""
        old = self.document
        self.document = None
        self.framework = None
        self.tool_scores = {}
        self.undo_stack.clear()
        notice = ""
        if self.office_id is None:
            notice = (_("The database has no office yet.") + ' <a href="new-office">'
                      + _("Start the year wizard for your office") + "</a> "
                      + _("(File → New office…), or import an office's data file (File → Import…)")
                      + '<br><a href="welcome">' + _("Look around with the demo offices first") + "</a> "
                      + _("(Help → Welcome…)"))
            self.statusBar().showMessage(self._no_office_hint())
        elif self.year is None:
            notice = (_("This office has no fiscal year yet.") + ' <a href="year">'
                      + _("Start one with the year wizard") + "</a> " + _("(File → Year wizard…)"))
        else:
            if self.statusBar().currentMessage() == self._no_office_hint():
                self.statusBar().clearMessage()
            self.settings.setValue("session/year", self.year)
            try:
                self.document = YearDocument.load(self.store, self.office_id, self.year,
                                                  undo_stack=self.undo_stack, parent=self,
                                                  **({"autosave_ms": self.autosave_ms}
                                                     if self.autosave_ms is not None else {}))
            except NotFound as e:
                notice = str(e)
            try:
                self.framework = framework_for(self.year)
            except FrameworkError as e:
                notice = str(e)
        if old is not None:
            old.deleteLater()
        doc = self.document
        self.person_selector.set_people(self.office_id, list(doc.office.get("people") or []) if doc else [])
        if doc is not None:
            doc.changed.connect(self._document_changed)
            doc.saved.connect(self._saved)
            doc.saveFailed.connect(self._save_failed)
        self.ui.noticeLabel.setText(notice if "<a " in notice else html.escape(notice))
        self.ui.noticeLabel.setVisible(bool(notice))
        self.ui.scoreForm.setEnabled(self.framework is not None and doc is not None)
        for action in (self.ui.actionExportAnalysis, self.ui.actionExportMemo, self.ui.actionPublicationPack,
                       self.ui.actionPreview):
            action.setEnabled(doc is not None)
        self.ui.tabs.setEnabled(doc is not None)
        self._bound = set()  # tabs bound to this document: the one in front now, the others when shown
        self._bind_current_tab()
        self._load_scores()
        self.save_state.setText("" if doc is None else _("Read-only") if self.read_only else _("Saved"))
        if self.read_only:
            self.bind_all_tabs()
            self._make_read_only()
        self._update_title()
        self.refresh_checks()

    @staticmethod
    def _no_office_hint() -> str:
        """The status bar of a window without an office: what to do."""
        return _("No office yet: File → Year wizard…, or Help → Welcome…")

    def _notice_link(self, link: str) -> None:
        """A link of the notice above the tabs: the wizard (for a new office, or a year), the welcome."""
        if link == "welcome":
            self.show_welcome()
        else:
            self.run_wizard(new_office=link == "new-office")

    def _make_read_only(self) -> None:
        """The database is open read-only: every field can be read, selected and copied, none edited;
        no list, helper or import can change anything (the status bar says "Read-only")."""
        from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
                                       QTextEdit)

        tabs = self.ui.tabs
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
            for w in tabs.findChildren(kind):
                w.setReadOnly(True)
        for editor in tabs.findChildren(ListEditor):
            editor.read_only = True
            editor._update_buttons()
        for kind in (QAbstractButton, QComboBox):
            for w in tabs.findChildren(kind):
                if not isinstance(w.parent(), QTabBar):
                    w.setEnabled(False)
        for action in (self.ui.actionWizard, self.ui.actionNewOffice, self.action_import, self.ui.actionWelcome):
            action.setEnabled(False)

    def _editing_tabs(self) -> dict:
        return {self.office_tab: self.office_tab.bind, self.analysis_tab: self.analysis_tab.bind,
                self.measures_tab: self.measures_tab.bind, self.results_tab: self.results_tab.bind,
                self.memo_tab: self.memo_tab.bind, self.ui.scoresTab: self._bind_scores_extra}

    def _bind_scores_extra(self, doc: YearDocument | None) -> None:
        self.tools_form.bind(doc, ("assessment",) if doc else None)
        self.history.bind(doc, ("assessment", "history"))

    def _bind_current_tab(self, *_args) -> None:
        """Bind the tab in front to the document (switching office or year binds only it: the
        others follow when they are shown, which keeps the switch fast)."""
        tab = self.ui.tabs.currentWidget()
        binders = self._editing_tabs()
        if tab in binders and tab not in getattr(self, "_bound", set()):
            binders[tab](self.document)
            self._bound.add(tab)

    def bind_all_tabs(self) -> None:
        """Bind every tab now (before going to a field on another tab)."""
        for tab, bind in self._editing_tabs().items():
            if tab not in self._bound:
                bind(self.document)
                self._bound.add(tab)

    def _load_scores(self) -> None:
        doc = self.document
        if doc is not None and self.framework is not None:
            self.tool_scores = dict(doc.get(("assessment", "tool_scores"), {}) or {})
            scores = {int(k): v for k, v in (doc.get(("assessment", "scores"), {}) or {}).items()}
            self.ui.scoreForm.set_assessment(self.framework, scores)
        else:
            self.update_result()

    def _document_changed(self, path: tuple) -> None:
        if path[:2] in (("assessment", "scores"), ("assessment", "tool_scores")) or path == ("assessment",):
            focus = QApplication.focusWidget()
            self._load_scores()
            if focus is not None and focus.isVisible():
                focus.setFocus()
        if path[:2] == ("office", "short_name") or path[:2] == ("office", "name"):
            self._update_title()
        if path[:2] == ("office", "people") or path == ("office",):
            self.person_selector.set_people(self.office_id, list(self.document.office.get("people") or []))
        self.save_state.setText(_("Saving…"))
        self.save_state.setToolTip("")
        self._check_timer.start()

    def _saved(self) -> None:
        self.save_state.setText(_("Saved"))
        self.save_state.setToolTip("")
        doc = self.document
        # a renamed office shows its new name in the selector
        i = self.ui.officeCombo.findData(self.office_id)
        if doc is not None and i >= 0:
            name = doc.office.get("short_name") or doc.office.get("name", "")
            if self.ui.officeCombo.itemText(i) != name:
                self.ui.officeCombo.setItemText(i, name)
                self.ui.officeCombo.setItemData(i, doc.office.get("name", ""), Qt.ItemDataRole.ToolTipRole)

    def _save_failed(self, message: str) -> None:
        self.save_state.setText(_("Not saved yet – see why"))
        self.save_state.setToolTip(in_ui_language(message))
        self.statusBar().showMessage(_("Not saved: {why}").format(why=in_ui_language(message)), STATUS_TIMEOUT_MS)

    def ask_discard(self, reason: str) -> bool:
        """Ask whether to drop the changes that cannot be saved (``reason``); False: stay and fix them."""
        box = QMessageBox(QMessageBox.Icon.Warning, "ITA Desktop", _("The last changes cannot be saved yet."),
                          parent=self)
        box.setInformativeText(in_ui_language(reason) + "\n\n" + _("Go back and correct them, or drop them?"))
        stay = box.addButton(_("&Go back"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("&Drop the changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is not stay and box.clickedButton() is not None

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
        """Put one indicator score the clerk finished typing into the document (undoable, autosaved)."""
        if self.document is None:
            return
        self.ui.scoreForm.accept_stored(indicator, value)
        self.document.set(("assessment", "scores", str(indicator)), None if value is None else float(value),
                          text=_("Score of indicator {no}").format(no=indicator))
        self.update_result()

    def paste_scores(self, text: str | None = None) -> bool:
        """Fill the ten scores from a row copied from a spreadsheet (the clipboard, or ``text``),
        as one undoable step. A row that cannot be read is refused with the reason; False then."""
        if self.document is None:
            return False
        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            scores = parse_score_row(text)
        except ScoreInputError as e:
            self.show_error(_("Paste scores"), str(e))
            return False
        self.document.set(("assessment", "scores"), {str(k): float(v) for k, v in sorted(scores.items())},
                          text=_("Paste scores"))
        self.statusBar().showMessage(_("Pasted {n} scores.").format(n=len(scores)), STATUS_TIMEOUT_MS)
        return True

    # -- pre-flight checks ----------------------------------------------------------------
    def refresh_checks(self) -> list[Problem]:
        """Run the checks on the document being edited and list them in the dock; return them."""
        self._check_timer.stop()
        if self.document is None:
            self.problems = []
            self.ui.checksPanel.set_problems(None)
            return []
        self.problems = run_checks(self.document.interchange(), self.year)
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
        """Take the clerk to the field where ``problem`` is fixed (a row of the checks dock was activated).

        The problem's ``where`` (a path into the interchange document) names
        the tab, the row and the field: the tab is shown, the row selected
        and the field focused.
        """
        self.bind_all_tabs()
        where = tuple(problem.where)
        if where[:1] == ("office",):
            self.ui.tabs.setCurrentWidget(self.office_tab)
            if where[1:2] == ("people",) and len(where) > 2:
                self._focus(self.office_tab.people, where[2], where[3] if len(where) > 3 else None)
            else:
                self._focus_form(self.office_tab.form, where[1] if len(where) > 1 else "name")
        elif len(where) > 2 and where[0] == "assessments":
            self._go_to_assessment_part(where[2:], problem)
        self.statusBar().showMessage(in_ui_language(problem.message), STATUS_TIMEOUT_MS)

    def _go_to_assessment_part(self, rest: tuple, problem: Problem) -> None:
        part, idx = rest[0], rest[1] if len(rest) > 1 else None
        field = next((x for x in reversed(rest[2:]) if isinstance(x, str)), None)
        editors = {"findings": (self.analysis_tab, self.analysis_tab.findings),
                   "limitations": (self.analysis_tab, self.analysis_tab.limitations),
                   "next_year_plan": (self.analysis_tab, self.analysis_tab.plan),
                   "measures": (self.measures_tab, self.measures_tab.editor),
                   "results": (self.results_tab, self.results_tab.editor),
                   "memos": (self.memo_tab, self.memo_tab.memos),
                   "history": (self.ui.scoresTab, self.history)}
        if part in SCORE_PARTS and part != "history":
            self.ui.tabs.setCurrentWidget(self.ui.scoresTab)
            kind, key = problem.target
            if kind == "score" and isinstance(key, int) and key in self.ui.scoreForm.rows \
                    and self.ui.scoreForm.isEnabled():
                edit = self.ui.scoreForm.edit(key)
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                edit.selectAll()
            elif part != "scores":
                self._focus_form(self.tools_form, "/".join(str(x) for x in rest[:2]) if part == "tool_scores"
                                 else part)
        elif part in editors and isinstance(idx, int):
            tab, editor = editors[part]
            self.ui.tabs.setCurrentWidget(tab)
            if part in ("findings", "limitations", "next_year_plan"):
                self.analysis_tab.tabs.setCurrentWidget(editor)
            if part == "memos" and len(rest) > 3 and rest[2] in ("sections", "approvals"):
                self._focus(editor, idx, None)
                sub = self.memo_tab.sections if rest[2] == "sections" else self.memo_tab.approvals
                self.memo_tab.tabs.setCurrentWidget(sub)
                sub_field = next((x for x in reversed(rest[4:]) if isinstance(x, str)), None)
                self._focus(sub, rest[3], sub_field or ("paragraphs" if rest[2] == "sections" else None))
            else:
                self._focus(editor, idx, field)
        elif part in ("analysis_intro", "preface", "principles"):
            self.ui.tabs.setCurrentWidget(self.analysis_tab)
            self.analysis_tab.tabs.setCurrentIndex(1)
            self._focus_form(self.analysis_tab.texts, part)
        else:
            self.ui.tabs.setCurrentWidget(self.ui.scoresTab)

    def _focus(self, editor: ListEditor, index: Any, field: str | None) -> None:
        if not isinstance(index, int):
            return
        editor.select(index)
        editor.view.scrollTo(editor.model.index(max(editor.model.row_of(index), 0), 0))
        if field is not None and field in editor.form.widgets:
            self._focus_form(editor.form, field)
        else:
            editor.view.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _focus_form(form: RecordForm, key: str) -> None:
        key = "period/" + key if key in ("start", "end") and "period/start" in form.widgets else key
        w = form.widgets.get(key)
        if w is not None:
            w.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- helpers that fill the year from the catalogue and last year ----------------------------
    def propose_findings(self) -> int:
        """Analysis → Propose from the scores (see ``AnalysisTab.propose``)."""
        return self._report(self.analysis_tab.propose(), _("Propose findings"))

    def add_from_catalogue(self) -> int:
        """Measures → From the catalogue (see ``MeasuresTab.add_from_catalogue``)."""
        return self._report(self.measures_tab.add_from_catalogue(), _("Catalogue of measures"))

    def copy_last_year(self) -> int:
        """Measures → Copy last year's measures (see ``MeasuresTab.copy_last_year``)."""
        return self._report(self.measures_tab.copy_last_year(), _("Copy last year's measures"))

    def add_missing_results(self) -> int:
        """Results → Add the missing results of a round (see ``ResultsTab.add_missing``)."""
        return self._report(self.results_tab.add_missing(), _("Results"))

    def _report(self, outcome: tuple[int, str, bool], title: str) -> int:
        """Show what a helper did in the status bar (or its refusal in a message box); return the count."""
        n, message, failed = outcome
        if failed:
            self.show_error(title, message)
        elif message:
            self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)
        return n

    # -- search ------------------------------------------------------------------------------
    def show_search(self) -> None:
        """Edit → Find (Ctrl+F): show the search dock with the keyboard in its query field."""
        from ita_desktop.gui.search_panel import SearchDock

        if getattr(self, "search_dock", None) is None:
            self.search_dock = SearchDock(self.store, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.search_dock)
            self.search_dock.hitActivated.connect(self.go_to_hit)
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_dock.focus_query()

    def go_to_hit(self, hit) -> None:
        """Open the office and year of a search hit and select its measure (or result)."""
        if self.document is not None and (hit.office_id, hit.year) != (self.office_id, self.year):
            if not self.select(hit.office_id, hit.year):
                return
        doc = self.document
        if doc is None:
            return
        self.bind_all_tabs()
        if hit.round is None:
            measures = doc.get(("assessment", "measures"), []) or []
            index = next((i for i, m in enumerate(measures) if m.get("key") == hit.measure_key), None)
            self.ui.tabs.setCurrentWidget(self.measures_tab)
            self._focus(self.measures_tab.editor, index, hit.field if hit.field in
                        self.measures_tab.editor.form.widgets else None)
        else:
            results = doc.get(("assessment", "results"), []) or []
            index = next((i for i, r in enumerate(results)
                          if r.get("measure") == hit.measure_key and r.get("round") == hit.round), None)
            self.ui.tabs.setCurrentWidget(self.results_tab)
            self._focus(self.results_tab.editor, index, hit.field if hit.field in
                        self.results_tab.editor.form.widgets else None)

    # -- the wizard --------------------------------------------------------------------------
    def run_wizard(self, new_office: bool = False) -> tuple[int, int] | None:
        """File → Year wizard (or New office): walk a fiscal year through; on Finish select what it
        saved. Returns (office id, year) or None when cancelled."""
        from ita_desktop.gui.wizard import YearWizard

        if not self._leave_document():
            return None
        wizard = YearWizard(self.store, self.settings, parent=self,
                            office_id=None if new_office else self.office_id,
                            thai_digits=self.ui.actionThaiDigits.isChecked())
        self.active_wizard = wizard
        try:
            if not wizard.exec():
                return None
        finally:
            self.active_wizard = None
        saved = wizard.saved
        if saved is not None:
            self.load_offices(select=saved)
            self.select(*saved)
        return saved

    # -- export ---------------------------------------------------------------------------
    def ask_save_path(self, suggested: Path) -> Path | None:
        """Ask where to save a PDF (file dialog); None when the clerk cancels."""
        name, _filter = QFileDialog.getSaveFileName(self, _("Export PDF"), str(suggested),
                                                    _("PDF documents (*.pdf)"))
        return Path(name) if name else None

    def _ask_pdf_path(self, kind: str) -> Path | None:
        """Ask where to save document ``kind`` (starting at ``_suggested_pdf``); the name always ends
        in ``.pdf``. None when the clerk cancels."""
        path = self.ask_save_path(self._suggested_pdf(kind))
        if path is not None and path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def _doc(self) -> dict[str, Any] | None:
        """The interchange document the PDFs print: the one being edited (saved first when it can be)."""
        if self.document is None:
            return None
        self.document.save_now()
        return self.document.interchange()

    @staticmethod
    def _renderer(kind: str):
        from ita_desktop.pdf.documents import render_analysis, render_memo, render_report  # ReportLab: on use

        return {"analysis": render_analysis, "memo": render_memo, "report": render_report}[kind]

    def export_pdf(self, kind: str) -> Path | None:
        """Render the ``kind`` document ("analysis", "memo" or "report") of the selected year to a PDF
        the clerk names.

        Returns the file written, or None when cancelled or failed (the
        failure is shown in a message box).
        """
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown document kind {kind!r}")
        doc = self._doc()
        if doc is None:
            return None
        path = self._ask_pdf_path(kind)
        if path is None:
            return None
        render = self._renderer(kind)
        warnings: list = []  # e.g. the office's font is not installed here: printed with Laksaman
        out = self._render_to(
            lambda target: render(doc, self.year, target,
                                  thai_digits=self.ui.actionThaiDigits.isChecked(), warnings=warnings),
            path, _("Export PDF"), _("The document could not be made."), _("The file could not be written: {path}"))
        if out is None:
            return None
        self.settings.setValue("export/dir", str(out.parent))
        self.statusBar().showMessage(" ".join([_("Saved {path}").format(path=out)]
                                              + [in_ui_language(str(w)) for w in warnings]), STATUS_TIMEOUT_MS)
        return out

    # -- preview ----------------------------------------------------------------------------
    def ask_preview_kind(self) -> str | None:
        """Ask which document to preview; None when cancelled."""
        kinds = list(PACK_DOCUMENTS)
        names = [_(PACK_DOCUMENTS[k]) for k in kinds]
        item, ok = QInputDialog.getItem(self, _("Preview"), _("Document:"), names, 1, False)
        return kinds[names.index(item)] if ok else None

    def show_preview(self, pdf: Path, title: str) -> bool:
        """Show ``pdf`` in the preview dialog; True when the clerk chose "Save as PDF…"."""
        from ita_desktop.gui.preview import PreviewDialog

        dialog = PreviewDialog(self)
        dialog.setWindowTitle(title)
        dialog.load(pdf)
        self.active_preview = dialog
        try:
            return bool(dialog.exec())
        finally:
            self.active_preview = None
            dialog.deleteLater()

    def preview(self, kind: str | None = None) -> Path | None:
        """File → Preview (Ctrl+P): make a document of the edited year in a temporary file and show
        its pages; when the clerk chooses "Save as PDF…", save it where the clerk names. Returns the
        saved file, or None."""
        doc = self._doc()
        if doc is None:
            return None
        kind = kind or self.ask_preview_kind()
        if kind is None:
            return None
        warnings: list = []
        with tempfile.TemporaryDirectory(prefix="ita-preview-") as tmp:
            pdf = Path(tmp) / f"{kind}.pdf"
            out, error = self._render(
                lambda: self._renderer(kind)(doc, self.year, pdf, thai_digits=self.ui.actionThaiDigits.isChecked(),
                                             warnings=warnings),
                _("The document could not be made."), _("The file could not be written: {path}").format(path=pdf))
            if error:
                self.show_error(_("Preview"), error)
                return None
            if warnings:
                self.statusBar().showMessage(" ".join(in_ui_language(str(w)) for w in warnings), STATUS_TIMEOUT_MS)
            if not self.show_preview(out, _(PACK_DOCUMENTS[kind])):
                return None
            path = self._ask_pdf_path(kind)
            if path is None:
                return None
            from ita_desktop.pdf.atomic import write_atomic

            data = out.read_bytes()
            path = self._render_to(lambda target: write_atomic(target, lambda tmp: Path(tmp).write_bytes(data)),
                                   path, _("Preview"), _("The document could not be made."),
                                   _("The file could not be written: {path}"))
            if path is None:
                return None
        self.settings.setValue("export/dir", str(path.parent))
        self.statusBar().showMessage(_("Saved {path}").format(path=path), STATUS_TIMEOUT_MS)
        return path

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
        if getattr(result, "warnings", None):
            lines += ["", _("Note:")] + [f"• {in_ui_language(str(w))}" for w in result.warnings]
        return "\n".join(lines)

    def export_pack(self) -> PackResult | None:
        """File → Publication pack: check, ask for a folder, write every document of the year there.

        When the checks find errors the clerk chooses between printing anyway
        and going to fix them (the checks dock is shown). Returns the
        ``PackResult``, or None when cancelled or failed (the failure is shown
        in a message box).
        """
        doc = self._doc()
        if doc is None:
            return None
        errors = [p for p in self.refresh_checks() if p.is_error]
        if errors and not self.ask_continue_despite_errors(errors):
            self.show_checks()
            return None
        folder = self.ask_directory(self._export_dir())
        if folder is None:
            return None
        from ita_desktop.pdf.pack import render_pack  # ReportLab: load on use

        chosen = [folder]

        def make(target: Path):
            chosen[0] = target
            return render_pack(doc, self.year, target, thai_digits=self.ui.actionThaiDigits.isChecked())

        result = self._render_to(make, folder, _("Publication pack"), _("The publication pack could not be made."),
                                 _("The files could not be written in {path}"))
        if result is None:
            return None
        folder = chosen[0]
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
        from ita_desktop.pdf.atomic import DocumentError, TargetBusy

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return make(), ""
        except TargetBusy:
            raise  # the caller offers another name
        except DocumentError as e:
            return None, f"{failed}\n\n{e}"
        except OSError as e:
            return None, f"{unwritable}\n\n{e.strerror or e}"
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _render_to(self, make, target: Path, title: str, failed: str, unwritable: str):
        """``make(target)`` under ``_render``; when the target is held open by another program
        (``TargetBusy``, e.g. the PDF is open in a viewer on Windows) the clerk may save under the
        free name it offers instead, and ``make`` runs again with it. Returns ``make``'s result, or
        None when the clerk cancelled or it failed (the failure is shown). ``unwritable`` may
        contain ``{path}``."""
        from ita_desktop.pdf.atomic import TargetBusy

        while True:
            try:
                out, error = self._render(lambda: make(target), failed, unwritable.format(path=target))
            except TargetBusy as busy:
                if not self.ask_save_elsewhere(title, busy):
                    return None
                target = busy.alternative
                continue
            if error:
                self.show_error(title, error)
                return None
            return out

    def ask_save_elsewhere(self, title: str, busy) -> bool:
        """The target ``busy.path`` is open in another program: save as ``busy.alternative``
        instead (True), or cancel (False) to close it first."""
        return ask_save_elsewhere(self, title, busy)

    def _export_dir(self) -> Path:
        return export_dir(self.settings)

    def _suggested_pdf(self, kind: str) -> Path:
        """Where the save dialog starts for document ``kind``: ``analysis_2568_อบต.ห้วยเตย.pdf`` in the
        export folder."""
        office = re.sub(r'[\\/:*?"<>|]', "_", self.ui.officeCombo.currentText())
        return self._export_dir() / f"{kind}_{self.year}_{office}.pdf"

    # -- import ----------------------------------------------------------------------------------
    def import_data(self, exec_dialog: bool = True):
        """File → Import… (Ctrl+I): scores, measures or results from a spreadsheet, a CSV file or
        pasted cells into the selected year (one undoable step, saved at once), or an office's
        interchange file. Returns the dialog's ``ImportOutcome`` (None when cancelled); with
        ``exec_dialog`` False, the dialog (tests drive it)."""
        from ita_desktop.gui.import_dialog import ImportDialog

        if self.read_only:
            self.show_error(_("Import"), _("The database is open read-only: nothing can be imported."))
            return None
        dialog = ImportDialog(self.store, self.office_id, self.year, self, document=self.document)
        if not exec_dialog:
            return dialog
        try:
            if not dialog.exec():
                return None
        finally:
            dialog.deleteLater()
        return self.imported(dialog.outcome)

    def imported(self, outcome):
        """Show what an import did (``ImportOutcome``): a new office or year is selected."""
        if outcome is None:
            return None
        if outcome.reload:
            self.load_offices(select=(outcome.office_id, outcome.year or 0))
        self.statusBar().showMessage(outcome.summary, STATUS_TIMEOUT_MS)
        return outcome

    # -- backups, history, the record of changes ---------------------------------------------------
    def backups(self):
        """The ``Backups`` of the open database: the session's (run_gui), else found from the file."""
        session = getattr(self, "session", None)
        if session is not None:
            return session.backups
        from ita_desktop.app import backups_for
        from ita_desktop.store.connection import db_file

        return backups_for(db_file(self.store.db))

    def show_backups(self, exec_dialog: bool = True):
        """File → Backups…: the list of backups, Create now, Restore (the window's edits are saved
        first; afterwards it shows the restored data). Returns the dialog (shown when ``exec_dialog``)."""
        from ita_desktop.gui.backup_dialog import BackupDialog

        session = getattr(self, "session", None)
        dialog = BackupDialog(self.backups(), db=self.store.db, lock=getattr(session, "lock", None),
                              can_restore=not self.read_only, before_restore=self._before_restore,
                              after_restore=lambda _result: self._after_restore(), parent=self)
        return self._run_dialog(dialog, exec_dialog)

    @staticmethod
    def _run_dialog(dialog, exec_dialog: bool):
        """Show ``dialog`` modally and delete it afterwards (``exec_dialog``), or hand it back
        unshown (tests drive it); returns the dialog."""
        if exec_dialog:
            try:
                dialog.exec()
            finally:
                dialog.deleteLater()
        return dialog

    def _before_restore(self) -> bool:
        if not self._leave_document():
            return False
        if self.document is not None:
            self.document.store = None  # edits the clerk dropped can never autosave over the restored data
        return True

    def _after_restore(self) -> None:
        self.load_offices((self.office_id, self.year) if self.office_id is not None else None)
        self.statusBar().showMessage(_("The backup was restored."), STATUS_TIMEOUT_MS)

    def history_path(self) -> tuple:
        """The document path of the item the clerk is on (for Edit → History of this item)."""
        tab = self.ui.tabs.currentWidget()
        if tab is self.ui.scoresTab:
            focus = QApplication.focusWidget()
            if focus is not None and self.history.isAncestorOf(focus) and self.history.current() >= 0:
                return ("assessment", "history", self.history.current())
            return ("assessment", "scores")
        return history_target(tab, ("office",) if tab is self.office_tab else ("assessment",))

    def show_history(self, exec_dialog: bool = True):
        """Edit → History of this item (Ctrl+H): every recorded change of the selected record (who,
        when, old → new), newest first. Returns the dialog, or None without an open year."""
        from ita_desktop.gui.history_dialog import HistoryDialog, field_label
        from ita_desktop.store.audit import item_path

        if self.document is None:
            return None
        self.document.save_now()
        steps = self.history_path()
        try:
            prefix = item_path(self.document.doc, steps)
        except LookupError:
            steps, prefix = ("assessment",), "assessment"
        title = field_label(prefix) if len(steps) > 1 else self.windowTitle()
        dialog = HistoryDialog(self.store, self.office_id, self.year, prefix, title, self)
        return self._run_dialog(dialog, exec_dialog)

    def verify_audit(self) -> bool:
        """Tools → Check the record of changes: walk the audit trail's hash chain and say whether it is
        intact (with the anchor to write down) or where it is broken. True when intact."""
        from ita_desktop.gui.history_dialog import chain_status

        ok, text = chain_status(self.store)
        self.show_audit_status(ok, in_ui_language(text))
        return ok

    def show_audit_status(self, ok: bool, text: str) -> None:
        """Show the result of the chain check (a message box)."""
        (QMessageBox.information if ok else QMessageBox.critical)(self, _("Record of changes"), text)

    @property
    def read_only(self) -> bool:
        """True when the database was opened read-only: nothing can be edited or restored."""
        return self.store.read_only

    # -- messages, about, language ------------------------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        """Show a problem the clerk can act on in a message box."""
        QMessageBox.warning(self, title, text)

    def about_dialog(self):
        """The Help → About dialog (``about_dialog.AboutDialog``: versions and licences of the program,
        the bundled fonts and libraries, the data folder and the log file), not shown."""
        from ita_desktop.gui.about_dialog import AboutDialog

        return AboutDialog(self, data_dir=self.data_dir, log_file=self.current_log_file(), qt_version=qVersion())

    def about_text(self) -> str:
        """The About dialog's text (plain): what its "Copy details" puts on the clipboard."""
        dialog = self.about_dialog()
        try:
            return dialog.details()
        finally:
            dialog.deleteLater()

    def show_about(self, exec_dialog: bool = True):
        """Help → About: the About dialog (shown when ``exec_dialog``); returns it."""
        return self._run_dialog(self.about_dialog(), exec_dialog)

    # -- first start, settings, the data folder ------------------------------------------------------
    def maybe_welcome(self) -> bool:
        """First start: show the Welcome when the database is writable and has no office yet
        (``run_gui`` calls this once the window is up). True when it was shown."""
        if self.read_only or self.store.offices():
            return False
        self.show_welcome()
        return True

    def show_welcome(self, exec_dialog: bool = True):
        """Help → Welcome…: the Welcome dialog (``welcome.WelcomeDialog``); afterwards do what the
        clerk chose (``welcome_choice``) and return its result (None when closed). With
        ``exec_dialog`` False, return the dialog unshown (tests drive it)."""
        from ita_desktop.gui.welcome import WelcomeDialog

        dialog = WelcomeDialog(self, data_dir=self.data_dir, open_settings=lambda: self.show_settings(parent=dialog),
                               settings=self.settings)
        if not exec_dialog:
            return dialog
        self.active_welcome = dialog
        try:
            dialog.exec()
        finally:
            self.active_welcome = None
            dialog.deleteLater()
        log.info("welcome: %s", dialog.choice or "closed")
        return self.welcome_choice(dialog.choice)

    def welcome_choice(self, choice: str | None):
        """Do what the clerk chose in the Welcome: ``demo`` (``load_demo_offices``), ``new_office``
        (the year wizard for a new office), ``import`` (File → Import…); None: nothing. Returns
        what that returned."""
        from ita_desktop.gui import welcome

        if choice == welcome.DEMO:
            return self.load_demo_offices()
        if choice == welcome.NEW_OFFICE:
            return self.run_wizard(new_office=True)
        if choice == welcome.IMPORT:
            return self.import_data()
        return None

    def load_demo_offices(self) -> tuple[int, int] | None:
        """Import the demo offices (one transaction; those already in the program are left as they
        are) and select the one with the latest fiscal year (อบต.ห้วยเตย 2568). Returns (office id,
        year), or None when it failed (shown) or the database is read-only."""
        import sqlite3

        from ita_desktop.app import load_demo
        from ita_desktop.store.connection import StoreError

        if self.read_only:
            self.show_error(_("Demo offices"), _("The database is open read-only: nothing can be imported."))
            return None
        if not self._leave_document():
            return None
        try:
            ids = load_demo(self.store, skip_existing=True)
        except (StoreError, ValueError, sqlite3.Error, OSError) as e:
            self.show_error(_("Demo offices"), in_ui_language(str(e)))
            return None
        latest = max(((max(self.store.years(i), default=0), i) for i in ids), default=None)
        if latest is None:
            return None
        year, office_id = latest
        self.load_offices(select=(office_id, year))
        self.select(office_id, year)
        self.statusBar().showMessage(_("The demo offices are in the program: try anything on them."),
                                     STATUS_TIMEOUT_MS)
        return office_id, year

    def show_settings(self, exec_dialog: bool = True, parent: QWidget | None = None):
        """Tools → Settings… (Ctrl+,): the data folder, the font and digits of new offices, the
        language (``settings_dialog.SettingsDialog``). After OK a new language applies at once (the
        Language menu follows); a new data folder at the next start (the status bar says so).
        Returns the dialog (shown when ``exec_dialog``)."""
        from ita_desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, store=self.store, current_data_dir=self.data_dir,
                                parent=parent or self)
        if not exec_dialog:
            return dialog
        try:
            if dialog.exec():
                self.settings_saved(dialog)
        finally:
            dialog.deleteLater()
        return dialog

    def settings_saved(self, dialog) -> None:
        """Apply what an accepted Settings dialog changed: the language now; say when the data folder
        takes effect."""
        from ita_desktop.app import DATA_DIR_KEY
        from ita_desktop.gui.language import SETTINGS_KEY

        values = dialog.values()
        if SETTINGS_KEY in dialog.changed and values[SETTINGS_KEY] != self.language.current():
            self.set_language(values[SETTINGS_KEY])
        if DATA_DIR_KEY in dialog.changed:
            self.statusBar().showMessage(_("The data folder {folder} is used from the next start.").format(
                folder=dialog.chosen_folder()), STATUS_TIMEOUT_MS)

    def current_log_file(self) -> Path | None:
        """The log file: the one ``run_gui`` set up, else where it would be in the data folder."""
        if self.log_file is not None:
            return self.log_file
        try:
            from ita_desktop.logs import log_file
        except ImportError:
            return None
        return log_file(self.data_dir)

    def open_url(self, url: QUrl) -> bool:
        """Open ``url`` (a file or folder) with the system's program (tests replace it)."""
        return QDesktopServices.openUrl(url)

    def open_data_folder(self) -> bool:
        """Help → Open the data folder (the database, backups/ and logs/) in the file manager."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self.show_error(_("Data folder"), f"{self.data_dir}\n\n{e.strerror or e}")
            return False
        return self.open_url(QUrl.fromLocalFile(str(self.data_dir)))

    def show_log_file(self) -> bool:
        """Help → Show the log file: open it with the system's text viewer (or say there is none yet)."""
        path = self.current_log_file()
        if path is None or not path.is_file():
            self.show_error(_("Log file"), _("There is no log file yet: {path}").format(
                path=path if path is not None else self.data_dir / "logs"))
            return False
        return self.open_url(QUrl.fromLocalFile(str(path)))

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
        tabs = self.ui.tabs
        # the main tabs answer to Alt+1…6: letters would clash with the menus and the list buttons
        for w, text in ((self.office_tab, _("&1 Office")), (self.ui.scoresTab, _("&2 Scores")),
                        (self.analysis_tab, _("&3 Analysis")), (self.measures_tab, _("&4 Measures")),
                        (self.results_tab, _("&5 Results")), (self.memo_tab, _("&6 Memo"))):
            tabs.setTabText(tabs.indexOf(w), text)
        self.paste_button.setText(_("Paste a &row of 10 scores"))
        self.paste_button.setAccessibleName(_("Paste a row of 10 scores"))
        self.paste_button.setToolTip(_("Copy the row of the ten indicator scores in a spreadsheet, then click here."))
        self.history_label.setText(_("Scores of earlier years (history):"))
        self.action_import.setText(_("&Import…"))
        self.action_import.setStatusTip(_("Scores, measures or results from a spreadsheet or pasted cells; "
                                          "an office's data file"))
        self.action_backups.setText(_("&Backups…"))
        self.action_backups.setStatusTip(_("Backups of the database: create one now, or restore one"))
        self.action_history.setText(_("&History of this item…"))
        self.action_history.setStatusTip(_("Every recorded change of the selected item: who, when, old and new"))
        self.action_verify.setText(_("Check the &record of changes"))
        self.action_verify.setStatusTip(_("Check that no recorded change has been altered or removed"))
        self.person_selector.retranslate()
        self._update_undo_texts()
        self.update_result()
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Save the last edits, remember the window geometry and where the docks are. When the
        last edits cannot be saved the clerk may go back to them instead of closing."""
        if self.document is not None and not self._leave_document():
            event.ignore()
            return
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


def export_dir(settings: QSettings) -> Path:
    """The folder PDFs are saved in: the last one used (``export/dir``) while it exists, else
    Documents, else the home folder."""
    saved = settings.value("export/dir", "", type=str)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def _score_text(score: Decimal | None) -> str:
    """A computed score with two decimals, or a dash when it cannot be computed yet."""
    return f"{score:.2f}" if score is not None else "–"
