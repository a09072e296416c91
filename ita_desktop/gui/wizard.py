"""File → Year wizard: the fiscal year from the scores to the printed pack, one page at a time.

Pages, in order (NACC ITA yearly cycle, ITA_DOMAIN.md):

1. the office (one in the program, or a new one with its chief executive and
   the officer who prepares the documents) and the fiscal year (B.E.);
2. the scores of the ten indicators, typed or pasted as a spreadsheet row;
3. the analysis: findings for the indicators below the pass mark are
   proposed with the catalogue's typical weak points;
4. the measures: one per finding, proposed from the catalogue;
5. the results per measure (6 and 12 months), which can wait until later
   in the year;
6. the pre-flight checks;
7. the preview of the documents;
8. the export folder.

The pages edit a *draft* ``YearDocument`` (no store: it never saves by
itself). Finish writes the draft in one transaction (a new office and its
year, or the year of an existing office), then prints the publication pack
into the chosen folder. Cancel writes nothing: what was already stored
stays as it was. A year the office already has opens as the draft, so the
wizard also continues a year begun earlier.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget, QWizard, QWizardPage)

from ita_desktop.domain.checks import Problem, run_checks
from ita_desktop.domain.fiscal import FiscalYear
from ita_desktop.domain.framework import FrameworkError, available_years, framework_for
from ita_desktop.domain.scoring import compute
from ita_desktop.gui.checks_panel import ChecksPanel, in_ui_language
from ita_desktop.gui.editing import DocumentError, YearDocument
from ita_desktop.gui.forms import RecordForm
from ita_desktop.gui.score_form import ScoreForm, ScoreInputError, parse_score_row
from ita_desktop.gui.year_tabs import OFFICE_FIELDS, AnalysisTab, MeasuresTab, ResultsTab, new_memo
from ita_desktop.i18n import N_, _

PAGE_OFFICE, PAGE_SCORES, PAGE_ANALYSIS, PAGE_MEASURES, PAGE_RESULTS, PAGE_CHECKS, PAGE_PREVIEW, PAGE_EXPORT = \
    range(8)
#: The first fields of the office form: enough to start a new office (the rest is in the Office tab).
NEW_OFFICE_FIELDS = OFFICE_FIELDS[:6]
#: The two people every new office needs: who signs the memo, and who approves it.
NEW_PEOPLE = (("clerk", N_("Officer who prepares the documents")), ("head", N_("Chief executive")))


def blank_office(settings: QSettings | None = None) -> dict[str, Any]:
    """The office part of a new office's draft (type อบต.); with ``settings``, the document font
    and digits chosen for new offices in Tools → Settings… (``settings_dialog.document_defaults``)."""
    office: dict[str, Any] = {"name": "", "type": "อบต.", "province": "", "departments": ["สำนักปลัด"],
                              "people": []}
    if settings is not None:
        from ita_desktop.gui.settings_dialog import document_defaults

        office.update(document_defaults(settings))
    return office


class _Page(QWizardPage):
    """A wizard page that edits the wizard's draft."""

    def __init__(self, wizard: YearWizard, name: str):
        super().__init__()
        self.setObjectName(name)
        self.w = wizard
        self.body = QVBoxLayout(self)


class OfficePage(_Page):
    """Page 1: which office, which fiscal year, and whether to start from last year's measures."""

    def __init__(self, wizard: YearWizard):
        super().__init__(wizard, "wizardOfficePage")
        form = QFormLayout()
        self.office = QComboBox(self)
        self.office.setObjectName("wizardOffice")
        self.year = QSpinBox(self)
        self.year.setObjectName("wizardYear")
        years = available_years()
        self.year.setRange(min(years), max(years))
        self.office_label, self.year_label = QLabel(self), QLabel(self)
        self.office_label.setBuddy(self.office)
        self.year_label.setBuddy(self.year)
        form.addRow(self.office_label, self.office)
        form.addRow(self.year_label, self.year)
        self.body.addLayout(form)
        self.new_office = RecordForm("newOffice", NEW_OFFICE_FIELDS, self)
        self.body.addWidget(self.new_office)
        people = QFormLayout()
        self.people: dict[str, tuple[QLineEdit, QLineEdit, QLabel]] = {}
        for key, _label in NEW_PEOPLE:
            name, position, label = QLineEdit(self), QLineEdit(self), QLabel(self)
            name.setObjectName(f"wizardPerson_{key}_name")
            position.setObjectName(f"wizardPerson_{key}_position")
            row = QHBoxLayout()
            row.addWidget(name, 3)
            row.addWidget(position, 2)
            label.setBuddy(name)
            people.addRow(label, row)
            name.textChanged.connect(self.completeChanged)
            self.people[key] = (name, position, label)
        self.people_box = QWidget(self)
        self.people_box.setLayout(people)
        self.body.addWidget(self.people_box)
        self.copy_measures = QCheckBox(self)
        self.copy_measures.setObjectName("wizardCopyMeasures")
        self.body.addWidget(self.copy_measures)
        self.existing = QLabel(self)
        self.existing.setWordWrap(True)
        self.existing.setObjectName("wizardExistingYear")
        self.body.addWidget(self.existing)
        self.body.addStretch(1)
        self.office.currentIndexChanged.connect(self._changed)
        self.year.valueChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setTitle(_("Office and fiscal year"))
        self.setSubTitle(_("Choose the office and the fiscal year (B.E.) whose ITA documents you are making."))
        self.office_label.setText(_("&Office:"))
        self.year_label.setText(_("Fiscal &year (B.E.):"))
        self.office.setAccessibleName(_("Office"))
        self.year.setAccessibleName(_("Fiscal year (B.E.)"))
        self.copy_measures.setText(_("Start from last year's &measures"))
        self.copy_measures.setAccessibleName(_("Start from last year's measures"))
        for key, label in NEW_PEOPLE:
            name, position, lab = self.people[key]
            lab.setText(_(label) + ":")
            name.setPlaceholderText(_("Name, e.g. นายสมชาย ใจดี"))
            position.setPlaceholderText(_("Position"))
            name.setAccessibleName(_(label) + " – " + _("Name"))
            position.setAccessibleName(_(label) + " – " + _("Position"))

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Fill the office list; preselect the wizard's office and the current fiscal year."""
        self.office.blockSignals(True)
        self.office.clear()
        self.office.addItem(_("A new office…"), None)
        for o in self.w.store.offices():
            self.office.addItem(o["short_name"] or o["name"], o["id"])
        i = self.office.findData(self.w.start_office_id) if self.w.start_office_id is not None else 0
        self.office.setCurrentIndex(max(i, 0))
        self.office.blockSignals(False)
        self.year.blockSignals(True)
        self.year.setValue(self.w.default_year())
        self.year.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        office_id = self.office.currentData()
        year = self.year.value()
        self.w.start(office_id, year)
        new = office_id is None
        self.new_office.setVisible(new)
        self.people_box.setVisible(new)
        self.new_office.bind(self.w.document, ("office",) if new else None)
        earlier = [y for y in self.w.store.years(office_id) if y < year] if not new else []
        have = not new and year in self.w.store.years(office_id)
        self.copy_measures.setVisible(bool(earlier) and not have)
        self.copy_measures.setChecked(bool(earlier) and not have)
        self.existing.setText(_("The office already has fiscal year {year}: the wizard continues it, and Finish "
                                "saves your changes over it.").format(year=year) if have else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        """A new office needs its name, province and the two people's names."""
        if self.office.currentData() is not None:
            return True
        office = self.w.document.office
        return bool(office.get("name") and office.get("province")) and all(
            self.people[key][0].text().strip() for key, _l in NEW_PEOPLE)

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        """Put the new office's people in the draft; copy last year's measures when asked."""
        doc = self.w.document
        if self.office.currentData() is None:
            people = []
            for key, label in NEW_PEOPLE:
                name, position, _lab = self.people[key]
                people.append({"key": key, "name": name.text().strip(),
                               "position": position.text().strip() or _(label)})
            doc.office["people"] = people
            doc.office.setdefault("short_name", doc.office["name"])
        if self.copy_measures.isVisible() and self.copy_measures.isChecked() \
                and not doc.get(("assessment", "measures")):
            self.w.measures_tab.bind(doc)
            self.w.measures_tab.copy_last_year()
        return True


class ScoresPage(_Page):
    """Page 2: the ten indicator scores (typed, or a spreadsheet row pasted)."""

    def __init__(self, wizard: YearWizard):
        super().__init__(wizard, "wizardScoresPage")
        self.form = ScoreForm(self)
        self.form.setObjectName("wizardScoreForm")
        self.paste = QPushButton(self)
        self.paste.setObjectName("wizardPasteScores")
        self.summary = QLabel(self)
        self.summary.setObjectName("wizardScoreSummary")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        row = QHBoxLayout()
        row.addWidget(self.paste)
        row.addWidget(self.summary, 1)
        self.body.addLayout(row)
        self.body.addWidget(self.message)
        self.body.addWidget(self.form, 1)
        self.form.scoreCommitted.connect(self._committed)
        self.form.scoresEdited.connect(self._summarise)
        self.paste.clicked.connect(lambda: self.paste_row())
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setTitle(_("Scores"))
        self.setSubTitle(_("Type the score of each indicator from the NACC's result, or copy the row of ten "
                           "scores in a spreadsheet and paste it."))
        self.paste.setText(_("Paste a &row of 10 scores"))
        self.paste.setAccessibleName(_("Paste a row of 10 scores"))

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Show the draft's scores with the fiscal year's indicators."""
        self.message.clear()
        fw = self.w.framework()
        if fw is not None:
            scores = {int(k): v for k, v in (self.w.document.get(("assessment", "scores"), {}) or {}).items()}
            self.form.set_assessment(fw, scores)
        self._summarise()

    def _committed(self, no: int, value) -> None:
        self.form.accept_stored(no, value)
        self.w.document.set(("assessment", "scores", str(no)), None if value is None else float(value))
        self._summarise()

    def paste_row(self, text: str | None = None) -> bool:
        """Fill the ten scores from a copied spreadsheet row (the clipboard, or ``text``)."""
        from PySide6.QtGui import QGuiApplication

        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            scores = parse_score_row(text)
        except ScoreInputError as e:
            self.message.setText(str(e))
            return False
        self.message.clear()
        self.w.document.set(("assessment", "scores"), {str(k): float(v) for k, v in sorted(scores.items())},
                            text=_("Paste scores"))
        self.initializePage()
        return True

    def _summarise(self) -> None:
        fw = self.w.framework()
        if fw is None:
            self.summary.setText("")
            return
        tools = self.w.document.get(("assessment", "tool_scores"), {}) or {}
        r = compute(fw, self.form.values(), tools)
        self.form.show_result(r)
        overall = f"{r.overall:.2f}" if r.overall is not None else "–"
        self.summary.setText(_("Overall {score}, level {level}").format(score=overall, level=r.level or "–"))

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        """A refused input stops here (its message is beside it)."""
        return not any(self.form.message(no) for no in range(1, 11))


class TabPage(_Page):
    """A page that shows one of the window's editing tabs over the draft (analysis, measures, results)."""

    def __init__(self, wizard: YearWizard, name: str, tab: QWidget, title: str, subtitle: str,
                 on_enter: Callable[[], None] | None = None):
        super().__init__(wizard, name)
        self.tab = tab
        self._title, self._subtitle = title, subtitle
        self.on_enter = on_enter
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName(f"{name}Note")
        self.body.addWidget(self.note)
        self.body.addWidget(tab, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setTitle(_(self._title))
        self.setSubTitle(_(self._subtitle))

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Bind the tab to the draft and run the page's proposal (findings, measures)."""
        self.tab.bind(self.w.document)
        self.note.clear()
        if self.on_enter is not None:
            self.on_enter()


class ChecksPage(_Page):
    """Page 6: the pre-flight checks of the draft; activating a problem goes back to its page."""

    def __init__(self, wizard: YearWizard):
        super().__init__(wizard, "wizardChecksPage")
        self.panel = ChecksPanel(self)
        self.panel.setObjectName("wizardChecks")
        self.body.addWidget(self.panel, 1)
        self.problems: list[Problem] = []
        self.panel.problemActivated.connect(self.w.go_to_problem)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setTitle(_("Pre-flight check"))
        self.setSubTitle(_("Mistakes the documents would print. Double-click one to go back and fix it; "
                           "warnings may stay."))

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Run the checks on the draft."""
        self.problems = run_checks(self.w.document.interchange(), self.w.document.year)
        self.panel.set_problems(self.problems)


class PreviewPage(_Page):
    """Page 7: the documents of the draft, page by page, before anything is saved."""

    def __init__(self, wizard: YearWizard):
        from ita_desktop.gui.preview import PdfPreview

        super().__init__(wizard, "wizardPreviewPage")
        self.kind = QComboBox(self)
        self.kind.setObjectName("wizardPreviewKind")
        self.kind_label = QLabel(self)
        self.kind_label.setBuddy(self.kind)
        row = QHBoxLayout()
        row.addWidget(self.kind_label)
        row.addWidget(self.kind)
        row.addStretch(1)
        self.body.addLayout(row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("wizardPreviewMessage")
        self.body.addWidget(self.message)
        self.preview = PdfPreview(self)
        self.preview.setObjectName("wizardPreview")
        self.body.addWidget(self.preview, 1)
        self._tmp = tempfile.TemporaryDirectory(prefix="ita-wizard-")
        self.files: dict[str, Path] = {}
        self.kind.currentIndexChanged.connect(lambda _i: self.show_kind(self.kind.currentData()))
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        from ita_desktop.gui.main_window import PACK_DOCUMENTS

        self.setTitle(_("Preview"))
        self.setSubTitle(_("The documents as they will print. Nothing is saved yet."))
        self.kind_label.setText(_("&Document:"))
        self.kind.setAccessibleName(_("Document"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for key in ("analysis", "report", "memo"):
            self.kind.addItem(_(PACK_DOCUMENTS[key]), key)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.kind.blockSignals(False)

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Make the documents of the draft in a temporary folder and show the first."""
        self.files = {}
        self.show_kind(self.kind.currentData())

    def show_kind(self, kind: str) -> None:
        """Show document ``kind`` ("analysis", "report", "memo"), making it first if needed."""
        from ita_desktop.pdf.common import DocumentError as PdfError
        from ita_desktop.pdf.documents import render_analysis, render_memo, render_report

        self.message.clear()
        if kind not in self.files:
            render = {"analysis": render_analysis, "report": render_report, "memo": render_memo}[kind]
            path = Path(self._tmp.name) / f"{kind}.pdf"
            try:
                self.files[kind] = render(self.w.document.interchange(), self.w.document.year, path,
                                          thai_digits=self.w.thai_digits)
            except PdfError as e:
                self.preview.clear()
                self.message.setText(_("This document cannot be made yet:") + f" {in_ui_language(str(e))}")
                return
        self.preview.load(self.files[kind])

    def cleanupPage(self) -> None:  # noqa: N802 (Qt name)
        """Going back: the documents will be made again from the changed draft."""
        self.preview.clear()
        self.files = {}


class ExportPage(_Page):
    """Page 8: where the publication pack goes; Finish saves the year and prints the pack."""

    def __init__(self, wizard: YearWizard):
        super().__init__(wizard, "wizardExportPage")
        self.folder = QLineEdit(self)
        self.folder.setObjectName("wizardFolder")
        self.browse = QPushButton(self)
        self.browse.setObjectName("wizardBrowse")
        self.folder_label = QLabel(self)
        self.folder_label.setBuddy(self.folder)
        row = QHBoxLayout()
        row.addWidget(self.folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.body.addLayout(row)
        self.print_pack = QCheckBox(self)
        self.print_pack.setObjectName("wizardPrintPack")
        self.print_pack.setChecked(True)
        self.body.addWidget(self.print_pack)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("wizardExportSummary")
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self.browse.clicked.connect(self._browse)
        self.folder.textChanged.connect(self.completeChanged)
        self.print_pack.toggled.connect(self.completeChanged)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setTitle(_("Save and export"))
        self.setSubTitle(_("Finish saves the year in the program and writes the publication pack (one PDF with "
                           "bookmarks, and each document as its own file) into the folder."))
        self.folder_label.setText(_("&Folder:"))
        self.folder.setAccessibleName(_("Folder for the publication pack"))
        self.browse.setText(_("&Browse…"))
        self.browse.setAccessibleName(_("Browse for the folder"))
        self.print_pack.setText(_("Write the &publication pack"))
        self.print_pack.setAccessibleName(_("Write the publication pack"))

    def initializePage(self) -> None:  # noqa: N802 (Qt name)
        """Suggest the last export folder (or Documents); say what Finish will do."""
        if not self.folder.text():
            self.folder.setText(str(self.w.export_dir()))
        doc = self.w.document
        errors = [p for p in run_checks(doc.interchange(), doc.year) if p.is_error]
        text = _("{office}, fiscal year {year}: {m} measures, {r} results.").format(
            office=doc.office.get("short_name") or doc.office.get("name"), year=doc.year,
            m=len(doc.get(("assessment", "measures"), []) or []), r=len(doc.get(("assessment", "results"), []) or []))
        if errors:
            text += " " + _("The pre-flight check still finds {n} errors; the documents print them as they are."
                            ).format(n=len(errors))
        self.summary.setText(text)

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, _("Folder for the publication pack"), self.folder.text())
        if name:
            self.folder.setText(name)

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        """The pack needs a folder."""
        return not self.print_pack.isChecked() or bool(self.folder.text().strip())


class YearWizard(QWizard):
    """The year wizard over ``store`` (see the module docstring).

    ``office_id``: the office to start with (None: a new office).
    ``clock``: today's date (for the default fiscal year; tests pass one).
    After Finish, ``saved`` is (office id, year) and ``pack`` the
    ``PackResult`` (or None when no pack was written); ``pack_error`` says
    why the pack failed, if it did (the year is saved all the same).
    """

    def __init__(self, store, settings: QSettings, *, parent: QWidget | None = None, office_id: int | None = None,
                 thai_digits: bool = True, clock: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.setObjectName("yearWizard")
        self.store = store
        self.settings = settings
        self.start_office_id = office_id
        self.thai_digits = thai_digits
        self.clock = clock
        self.document: YearDocument = YearDocument(None, None, self.default_year(),
                                                   {"office": blank_office(settings),
                                                    "assessment": {"year": 0, "scores": {}}},
                                                   parent=self)
        self.saved: tuple[int, int] | None = None
        self.pack = None
        self.pack_error = ""
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.analysis_tab = AnalysisTab(self)
        self.measures_tab = MeasuresTab(self)
        self.measures_tab.store = store
        self.results_tab = ResultsTab(self)
        self.results_tab.store = store
        self.analysis_tab.proposeRequested.connect(self._propose)
        self.measures_tab.catalogue_button.clicked.connect(lambda: self._note(self.measures_tab.add_from_catalogue()))
        self.measures_tab.copy_button.clicked.connect(lambda: self._note(self.measures_tab.copy_last_year()))
        self.results_tab.fill_button.clicked.connect(lambda: self._note(self.results_tab.add_missing()))
        self.pages = [
            OfficePage(self),
            ScoresPage(self),
            TabPage(self, "wizardAnalysisPage", self.analysis_tab, N_("Analysis"),
                    N_("The indicators below the pass mark are proposed as findings, with typical weak points. "
                       "Adapt the wording to your office."), self._enter_analysis),
            TabPage(self, "wizardMeasuresPage", self.measures_tab, N_("Measures"),
                    N_("A measure for each finding, proposed from the catalogue of standard measures. Adapt "
                       "them, add from the catalogue, or copy last year's."), self._enter_measures),
            TabPage(self, "wizardResultsPage", self.results_tab, N_("Results"),
                    N_("What each measure achieved, at 6 and 12 months. Early in the year, leave this page empty "
                       "and come back later."), None),
            ChecksPage(self),
            PreviewPage(self),
            ExportPage(self),
        ]
        for i, page in enumerate(self.pages):
            self.setPage(i, page)
        self._fit_to_screen()
        self.retranslate()

    def _fit_to_screen(self) -> None:
        """About 120 Thai letters by 32 lines, never more than the screen's free room (1366 × 768 laptops)."""
        width = self.fontMetrics().horizontalAdvance("ก") * 120
        height = self.fontMetrics().height() * 32
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    # -- the draft --------------------------------------------------------------------------
    def default_year(self) -> int:
        """The fiscal year (B.E.) of ``clock()``, within the years the program has frameworks for."""
        years = available_years()
        year = FiscalYear.of(self.clock()).be
        return min(max(year, min(years)), max(years))

    def framework(self):
        """The draft year's framework, or None when the program has none for it."""
        try:
            return framework_for(self.document.year)
        except FrameworkError:
            return None

    def start(self, office_id: int | None, year: int) -> None:
        """Make the draft: the stored year when the office has it, else a new year of the office
        (its history filled from the office's earlier stored years), or a new office."""
        if office_id is not None and year in self.store.years(office_id):
            doc = self.store.year_doc(office_id, year)
        elif office_id is not None:
            years = self.store.years(office_id)
            office = self.store.year_doc(office_id, years[-1] if years else None)["office"]
            doc = {"office": office, "assessment": {"year": year, "scores": {}, "history": self._history(
                office_id, [y for y in years if y < year])}}
        else:
            office = (copy.deepcopy(self.document.office) if self.document.office_id is None
                      else blank_office(self.settings))
            doc = {"office": office, "assessment": {"year": year, "scores": {}}}
        self.document.office_id = office_id
        self.document.year = year
        self.document.doc = doc
        self.document.undo_stack.clear()

    def _history(self, office_id: int, years: list[int]) -> list[dict[str, Any]]:
        """The scores of earlier stored years, as the analysis's history (last five years)."""
        out = []
        for y in years[-5:]:
            a = self.store.year_doc(office_id, y)["assessment"]
            entry: dict[str, Any] = {"year": y, "scores": a.get("scores", {})}
            try:
                r = compute(framework_for(y), {int(k): v for k, v in a.get("scores", {}).items()},
                            a.get("tool_scores", {}))
                if r.overall is not None:
                    entry["overall"] = float(r.overall)
                if r.level:
                    entry["level"] = r.level
            except (FrameworkError, ValueError):
                pass
            if a.get("published_overall") is not None:
                entry["overall"] = a["published_overall"]
            out.append({k: v for k, v in entry.items() if v not in ({}, None, "")})
        return out

    def _enter_analysis(self) -> None:
        if not self.document.get(("assessment", "findings")):
            self._propose()

    def _propose(self) -> None:
        self._note(self.analysis_tab.propose())

    def _enter_measures(self) -> None:
        from ita_desktop.domain.catalogue import measures_for_findings

        doc = self.document
        if not doc.get(("assessment", "measures")) and doc.get(("assessment", "findings")):
            measures = measures_for_findings(doc.get(("assessment", "findings")), doc.year)
            if measures:
                doc.set(("assessment", "measures"), measures, text=_("Propose measures"))
                self._note((len(measures), _("Proposed {n} measures, one for each finding.").format(n=len(measures)),
                            False))

    def ensure_memo(self) -> None:
        """Give the draft the memo that carries the documents up (``default_memo``) when it has none."""
        doc = self.document
        if not doc.get(("assessment", "memos")):
            doc.set(("assessment", "memos"), [new_memo(doc, date=self.clock())], text=_("Add the memo"))

    def _note(self, outcome: tuple[int, str, bool]) -> None:
        page = self.currentPage()
        _n, message, failed = outcome
        if isinstance(page, TabPage):
            page.note.setText(message)
        if failed:
            QMessageBox.warning(self, self.windowTitle(), message)

    def go_to_problem(self, problem: Problem) -> None:
        """Go back to the page where ``problem`` is fixed (office, scores, analysis, measures, results)."""
        where = tuple(problem.where)
        target = PAGE_OFFICE
        if len(where) > 2 and where[0] == "assessments":
            part = where[2]
            target = {"scores": PAGE_SCORES, "tool_scores": PAGE_SCORES, "findings": PAGE_ANALYSIS,
                      "limitations": PAGE_ANALYSIS, "next_year_plan": PAGE_ANALYSIS, "analysis_intro": PAGE_ANALYSIS,
                      "measures": PAGE_MEASURES, "results": PAGE_RESULTS}.get(part, PAGE_CHECKS)
        while self.currentId() > target:
            self.back()
        page = self.currentPage()
        if isinstance(page, TabPage):
            page.note.setText(in_ui_language(problem.message))

    # -- finishing --------------------------------------------------------------------------
    def export_dir(self) -> Path:
        """The remembered export folder, else Documents, else home (as the window's)."""
        from ita_desktop.gui.main_window import export_dir

        return export_dir(self.settings)

    def validateCurrentPage(self) -> bool:  # noqa: N802 (Qt name)
        """Before the checks page, give the draft its memo; on Finish, save and print."""
        if self.currentId() == PAGE_RESULTS:
            self.ensure_memo()
        if self.currentId() == PAGE_EXPORT:
            return super().validateCurrentPage() and self.finish()
        return super().validateCurrentPage()

    def show_error(self, title: str, text: str) -> None:
        """A problem the clerk can act on (message box; tests replace it)."""
        QMessageBox.warning(self, title, text)

    def commit(self) -> tuple[int, int]:
        """Write the draft in one transaction: the new office and its year, or the office's year.

        Returns (office id, year). Raises DocumentError (the schema refused
        the draft: what and where), ValueError (a name already taken) or
        sqlite3.Error/OSError; then nothing was written.
        """
        doc = self.document
        doc.check()
        with self.store.transaction():
            office_id = doc.office_id
            if office_id is None:
                office_id = self.store.create_office(doc.office)
            self.store.save_year(office_id, doc.office, doc.assessment)
        doc.office_id = office_id
        return office_id, doc.year

    def finish(self) -> bool:
        """Finish: commit the draft once, then write the publication pack into the folder.

        A refused commit keeps the wizard open with the reason (nothing
        saved). A pack that cannot be written is reported, but the year stays
        saved (``pack_error``).
        """
        import sqlite3

        try:
            self.saved = self.commit()
        except (DocumentError, ValueError, sqlite3.Error, OSError) as e:
            self.show_error(_("The year could not be saved"), in_ui_language(str(e)))
            return False
        page: ExportPage = self.pages[PAGE_EXPORT]
        if page.print_pack.isChecked():
            from ita_desktop.pdf.common import DocumentError as PdfError
            from ita_desktop.pdf.pack import render_pack

            from ita_desktop.pdf.atomic import TargetBusy

            folder = Path(page.folder.text().strip())
            while True:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    self.pack = render_pack(self.store.office_doc(self.saved[0], [self.saved[1]]),
                                            self.saved[1], folder, thai_digits=self.thai_digits)
                    self.settings.setValue("export/dir", str(folder))
                except TargetBusy as busy:  # a file of an earlier pack is open in a PDF viewer
                    if self.ask_save_elsewhere(busy):
                        folder = busy.alternative
                        continue
                    self.pack_error = str(busy)
                except (PdfError, OSError) as e:
                    self.pack_error = str(getattr(e, "strerror", None) or e)
                break
            if self.pack_error:
                self.show_error(_("Publication pack"), _("The year is saved, but the publication pack could not be "
                                                         "written:") + f"\n\n{in_ui_language(self.pack_error)}")
        return True

    def ask_save_elsewhere(self, busy) -> bool:
        """A file of the pack is open in another program: write the pack in ``busy.alternative``
        (a free folder beside the chosen one) instead (True), or not now (False)."""
        from ita_desktop.gui.safety import ask_save_elsewhere

        return ask_save_elsewhere(self, _("Publication pack"), busy)

    def done(self, result: int) -> None:
        """Closing (Finish or Cancel): close the previewed document and its temporary files."""
        preview: PreviewPage = self.pages[PAGE_PREVIEW]
        preview.preview.clear()
        preview._tmp.cleanup()
        super().done(result)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Year wizard"))
        for which, text in ((QWizard.WizardButton.BackButton, _("< &Back")),
                            (QWizard.WizardButton.NextButton, _("&Next >")),
                            (QWizard.WizardButton.FinishButton, _("&Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)
            button = self.button(which)
            button.setAccessibleName(text.replace("&", "").strip("<> "))
            button.setObjectName(f"wizard{which.name.replace('Button', '')}")
