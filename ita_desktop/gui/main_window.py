"""The main window: pick an office and fiscal year, type the scores, see the measures, export PDFs.

Layout and menus come from ``ui/main_window.ui`` (generated into
``ui_main_window.py``); this module wires them to the store. Scores are
saved as soon as the clerk finishes a valid edit (no Save button); the tool
scores, the overall score and the level follow as the clerk types, computed
with the fiscal year's framework (``domain.scoring.compute``).

Dialogs go through methods (``ask_save_path``, ``show_error``) so tests can
replace them.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import PySide6
from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QActionGroup, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMainWindow, QMessageBox, QWidget

from ita_desktop import __version__, i18n
from ita_desktop.domain.framework import TOOLS, Framework, FrameworkError, framework_for
from ita_desktop.domain.scoring import ScoreResult, compute
from ita_desktop.gui.language import UiLanguage
from ita_desktop.gui.models import MeasuresModel
from ita_desktop.gui.score_form import set_mark
from ita_desktop.gui.ui_main_window import Ui_MainWindow
from ita_desktop.i18n import _
from ita_desktop.store.connection import StoreError
from ita_desktop.store.repo import Store

EXPORT_KINDS = ("analysis", "memo")
STATUS_TIMEOUT_MS = 15000


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
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.officeCombo.currentIndexChanged.connect(self._office_changed)
        self.ui.yearCombo.currentIndexChanged.connect(self._year_changed)
        self.ui.scoreForm.scoresEdited.connect(self.update_result)
        self.ui.scoreForm.scoreCommitted.connect(self.save_score)

        QWidget.setTabOrder(self.ui.yearCombo, self.ui.tabs)
        QWidget.setTabOrder(self.ui.tabs, self.ui.scoreForm.edit(1))
        QWidget.setTabOrder(self.ui.scoreForm.edit(10), self.ui.measuresView)
        geometry = settings.value("ui/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

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
        for action in (self.ui.actionExportAnalysis, self.ui.actionExportMemo):
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
        from ita_desktop.pdf.documents import DocumentError, render_analysis, render_memo  # ReportLab: load on use

        render = render_analysis if kind == "analysis" else render_memo
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            doc = self.store.office_doc(self.office_id, [self.year])
            out = render(doc, self.year, path, thai_digits=self.ui.actionThaiDigits.isChecked())
        except DocumentError as e:
            error = _("The document could not be made.") + f"\n\n{e}"
        except OSError as e:
            error = _("The file could not be written: {path}").format(path=path) + f"\n\n{e.strerror or e}"
        else:
            error = ""
        finally:
            QGuiApplication.restoreOverrideCursor()
        if error:
            self.show_error(_("Export PDF"), error)
            return None
        self.settings.setValue("export/dir", str(out.parent))
        self.statusBar().showMessage(_("Saved {path}").format(path=out), STATUS_TIMEOUT_MS)
        return out

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
        """Remember the window geometry."""
        self.settings.setValue("ui/geometry", self.saveGeometry())
        super().closeEvent(event)

    # -- helpers ----------------------------------------------------------------------------
    def _update_title(self) -> None:
        office = self.ui.officeCombo.currentText()
        if office and self.year is not None:
            self.setWindowTitle(_("{office}, fiscal year {year} – ITA Desktop").format(office=office, year=self.year))
        else:
            self.setWindowTitle("ITA Desktop")

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
