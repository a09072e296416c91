"""File → Import…: a spreadsheet, a CSV file, pasted cells or an interchange file, checked before anything is saved.

The clerk chooses a file (``.xlsx``, ``.csv``, ``.tsv``, ``.txt``, or an
interchange ``.json``) or pastes cells copied from a spreadsheet, and chooses
what the table holds (scores, measures, results; guessed from the headers).
The dialog shows what will be imported — one row per spreadsheet row with what
happens to it (added, updated, unchanged), the cells the problems are in
marked red — and the list of *every* problem, each naming its row and column.
**Import** is enabled only when there is no problem; it saves everything in
one transaction, or nothing (``store.tabular``, ``store.interchange``).

Contract with the window. With ``document`` (the window's ``YearDocument``)
a table is imported as one undoable step on that document (Edit → Undo takes
it back) and saved at once through it, so undo and autosave stay consistent;
the window needs to do nothing more. Without a document the plan is saved
with ``Store.save_year``. An interchange file (a whole office, any years)
cannot be an undo step: the open document is saved first, the file is
imported with ``Store.import_doc``, and ``outcome.reload`` tells the window
to reload its office list and select ``(outcome.office_id, outcome.year)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                               QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.domain.parse import bad_character, shorten
from ita_desktop.i18n import N_, _
from ita_desktop.store import tabular
from ita_desktop.store.interchange import InterchangeError, Issue, import_document, issues, parse_json
from ita_desktop.store.repo import NotFound, StoreWriteError

#: The kinds offered, with their English labels (None: guessed from the headers).
KIND_CHOICES = ((None, N_("Guess from the headers")), ("scores", N_("Scores")), ("measures", N_("Measures")),
                ("results", N_("Results of the measures")))
ROUND_CHOICES = ((None, N_("From the sheet's round column")), (6, N_("6 months")), (12, N_("12 months")))
_ACTIONS = {tabular.ADD: N_("add"), tabular.UPDATE: N_("update"), tabular.SAME: N_("unchanged")}
_PROBLEM_BRUSH = QBrush(QColor("#ffd7d7"))
_SHOWN = 200  # characters of a cell shown in the preview (the tooltip shows more)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import saved: ``kind`` (``scores``/``measures``/``results``/``interchange``),
    ``office_id`` and ``year`` (B.E.; None for an office without years) to show, ``summary``
    (for the status bar, in the UI language: ``เพิ่ม 2 แก้ไข 3 ไม่เปลี่ยน 1``), ``reload``:
    the window must reload the office list and select (office_id, year)."""

    kind: str
    office_id: int
    year: int | None
    summary: str
    reload: bool


def _visible(text: str) -> str:
    """A cell as the preview shows it: control characters as �, cut to ``_SHOWN`` characters."""
    while (bad := bad_character(text)) is not None:
        text = text[:bad[0]] + "\ufffd" + text[bad[0] + 1:]
    return shorten(text, _SHOWN)


class ImportDialog(QDialog):
    """Import a table or an interchange file into ``office_id`` and fiscal year ``year`` (B.E.;
    both None in an empty database: then only an interchange file can be imported).

    ``document``: the window's open ``YearDocument`` of that office and year (its
    unsaved edits are the base; see the module docstring), or None. After
    Import, ``outcome`` holds the ``ImportOutcome`` (also emitted as
    ``imported``) and the dialog is accepted; ``ask_file`` can be replaced in tests.
    """

    imported = Signal(object)

    def __init__(self, store, office_id: int | None, year: int | None, parent: QWidget | None = None, *,
                 document=None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.store = store
        self.office_id = office_id
        self.year = year
        self.document = document
        self.outcome: ImportOutcome | None = None
        self.table: tabular.Table | None = None
        self.plan: tabular.ImportPlan | None = None
        self.path: Path | None = None
        self.interchange_doc: Any = None
        self.interchange_issues: list[Issue] = []
        self.read_error = ""
        self._loading = False

        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("importChoose")
        self.source_label = QLabel(self)
        self.source_label.setObjectName("importSource")
        self.source_label.setWordWrap(True)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("importSheet")
        self.sheet_combo.hide()
        self.paste_label = QLabel(self)
        self.paste_edit = QPlainTextEdit(self)
        self.paste_edit.setObjectName("importPaste")
        self.paste_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.paste_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.paste_label.setBuddy(self.paste_edit)
        self.kind_label = QLabel(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("importKind")
        self.kind_label.setBuddy(self.kind_combo)
        self.round_label = QLabel(self)
        self.round_combo = QComboBox(self)
        self.round_combo.setObjectName("importRound")
        self.round_label.setBuddy(self.round_combo)
        self.preview = QTableWidget(self)
        self.preview.setObjectName("importPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.verticalHeader().hide()
        self.problems_label = QLabel(self)
        self.problems = QListWidget(self)
        self.problems.setObjectName("importProblems")
        self.problems.setWordWrap(True)
        self.problems_label.setBuddy(self.problems)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        source = QHBoxLayout()
        source.addWidget(self.choose_button)
        source.addWidget(self.source_label, 1)
        source.addWidget(self.sheet_combo)
        options = QHBoxLayout()
        options.addWidget(self.kind_label)
        options.addWidget(self.kind_combo)
        options.addSpacing(12)
        options.addWidget(self.round_label)
        options.addWidget(self.round_combo)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addWidget(self.paste_label)
        layout.addWidget(self.paste_edit)
        layout.addLayout(options)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.paste_edit.textChanged.connect(self._pasted)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.round_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.import_button.clicked.connect(self.import_now)
        self.cancel_button.clicked.connect(self.reject)
        self.resize(self.fontMetrics().horizontalAdvance("ก") * 90, self.fontMetrics().lineSpacing() * 36)
        self.retranslate()
        self.refresh()

    # -- choosing what to import -------------------------------------------------------------
    def ask_file(self) -> Path | None:
        """Ask for the file to import (file dialog); None when cancelled."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import"), "",
            _("Spreadsheets and data files (*.xlsx *.xlsm *.csv *.tsv *.txt *.json);;All files (*)"))
        return Path(name) if name else None

    def choose_file(self) -> bool:
        """Choose… : ask for a file and read it; False when cancelled."""
        path = self.ask_file()
        if path is None:
            return False
        self.load_file(path)
        return True

    def load_file(self, path: Path | str, sheet: str | None = None) -> None:
        """Read ``path`` (a spreadsheet, CSV or interchange JSON file) and show what importing it would do."""
        self.path = Path(path)
        self.table, self.interchange_doc, self.interchange_issues, self.read_error = None, None, [], ""
        self._loading = True
        try:
            self.paste_edit.clear()
        finally:
            self._loading = False
        if self.path.suffix.lower() == ".json":
            self._read_interchange(self.path)
        else:
            try:
                self.table = tabular.read_file(self.path, sheet)
            except tabular.TabularError as e:
                self.read_error = str(e)
        self._fill_sheets()
        self.refresh()

    def set_text(self, text: str) -> None:
        """Import cells pasted from a spreadsheet (what Paste into the text box does)."""
        self.paste_edit.setPlainText(text)  # textChanged reads it

    def _pasted(self) -> None:
        if self._loading:
            return
        text = self.paste_edit.toPlainText()
        self.path, self.interchange_doc, self.interchange_issues, self.read_error = None, None, [], ""
        self.table = None
        if text.strip():
            try:
                self.table = tabular.read_text(text)
            except tabular.TabularError as e:
                self.read_error = str(e)
        self._fill_sheets()
        self.refresh()

    def _read_interchange(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
            self.interchange_doc = parse_json(text, path.name)
        except FileNotFoundError:
            self.read_error = f"ไม่พบไฟล์ {path} / file not found: {path}"
            return
        except UnicodeDecodeError:
            self.read_error = f"{path.name}: ไม่ใช่ข้อความ UTF-8 / not UTF-8 text"
            return
        except OSError as e:
            self.read_error = f"อ่านไฟล์ {path} ไม่ได้ / cannot read {path}: {e.strerror or e}"
            return
        except InterchangeError as e:
            self.read_error = str(e)
            return
        self.interchange_issues = issues(self.interchange_doc)

    def _fill_sheets(self) -> None:
        sheets = self.table.sheets if self.table is not None else ()
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for s in sheets:
            self.sheet_combo.addItem(s, s)
        if self.table is not None and self.table.sheet is not None:
            self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(self.table.sheet))
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setVisible(len(sheets) > 1)

    def _sheet_changed(self, _index: int) -> None:
        sheet = self.sheet_combo.currentData()
        if self.path is not None and sheet is not None and (self.table is None or sheet != self.table.sheet):
            self.load_file(self.path, sheet)

    # -- the plan ------------------------------------------------------------------------------
    def _base(self) -> dict[str, Any]:
        if self.document is not None:
            return self.document.doc
        try:
            return self.store.year_doc(self.office_id, self.year)
        except NotFound:
            return {"office": self.store.year_doc(self.office_id, None)["office"], "assessment": None}

    def refresh(self) -> None:
        """Plan the import again (another kind, round or sheet) and show it."""
        self.plan = None
        if not self.read_error and self.table is not None and (self.office_id is None or self.year is None):
            self.read_error = ("เปิดหน่วยงานและปีงบประมาณก่อนนำเข้าตาราง / open an office and a fiscal year "
                               "before importing a table")
        if not self.read_error and self.table is not None:
            self.plan = tabular.plan_import(self.table, self.kind_combo.currentData(), self._base(), self.year,
                                            round=self.round_combo.currentData())
        self.show_plan()

    def show_plan(self) -> None:
        """Show the planned import in the current language (reads nothing from the store)."""
        lang = i18n.language()
        problems: list[str] = []
        self.kind_combo.setEnabled(self.table is not None or self.interchange_doc is None)
        if self.read_error:
            problems.append(self._in_ui(self.read_error))
        elif self.plan is not None:
            problems = [p.text_in(lang) for p in self.plan.problems]
        elif self.interchange_doc is not None:
            name = self.path.name if self.path else ""
            problems = [f"{name}: ช่อง {i.where}: {i.thai}" if lang == "th" else f"{name}: field {i.where}: {i.english}"
                        for i in self.interchange_issues]
        self.round_combo.setEnabled(self.plan is not None and self.plan.kind == "results"
                                    and "round" not in self.plan.columns)
        self._show_source()
        self._show_preview()
        self.problems.clear()
        for text in problems:
            item = QListWidgetItem(_visible(text), self.problems)
            item.setToolTip(shorten(text, 2000))
        if self.plan is not None:
            for note in self.plan.notes:
                QListWidgetItem("ⓘ " + _visible(note.text_in(lang)), self.problems)
        self.problems_label.setText(_("Problems ({n}):").format(n=len(problems)) if problems else _("No problems."))
        ready = self.can_import()
        self.import_button.setEnabled(ready)
        if problems:
            self.summary_label.setText(_("Nothing will be imported until every problem is fixed in the file "
                                         "(then choose it again) or in the pasted text."))
        elif self.plan is not None:
            self.summary_label.setText(self.plan.summary_in(lang))
        elif self.interchange_doc is not None:
            years = ", ".join(str(a.get("year")) for a in self.interchange_doc.get("assessments", []))
            self.summary_label.setText(_("The office {name} and its fiscal years {years} will be imported; "
                                         "a year already stored is replaced.").format(
                name=self.interchange_doc.get("office", {}).get("name", ""), years=years or "–"))
        else:
            self.summary_label.setText(_("Choose a file, or paste cells copied from a spreadsheet."))

    def can_import(self) -> bool:
        """True when there is something to import and no problem."""
        if self.read_error:
            return False
        if self.plan is not None:
            return self.plan.ok and any(a != tabular.SAME for a in self.plan.actions.values())
        return self.interchange_doc is not None and not self.interchange_issues

    @staticmethod
    def _in_ui(text: str) -> str:
        from ita_desktop.gui.checks_panel import in_ui_language

        return in_ui_language(text)

    def _show_source(self) -> None:
        t = self.table
        if t is not None:
            parts = [self._in_ui(t.source) if t.source == tabular.PASTED else t.source]
            if t.sheet:
                parts.append(_("sheet “{name}”").format(name=t.sheet))
            if t.encoding:
                parts.append(_("text in {encoding}").format(encoding=t.encoding))
            parts.append(_("header in row {row}").format(row=t.header_row))
            text = ", ".join(parts)
            if self.plan is not None and self.plan.kind:
                text += " – " + _(dict(KIND_CHOICES).get(self.plan.kind, self.plan.kind))
            if self.plan is not None and self.plan.ignored:
                text += "\n" + _("Columns not imported: {names}").format(
                    names=", ".join(f"“{_visible(shorten(h, 30))}”" for h in self.plan.ignored))
            self.source_label.setText(text)
        elif self.path is not None:
            self.source_label.setText(self.path.name)
        else:
            self.source_label.setText(_("No file chosen."))

    def _show_preview(self) -> None:
        view = self.preview
        view.clear()
        if self.plan is not None and self.table is not None:
            t, plan = self.table, self.plan
            cols = sorted(set(plan.columns.values()))
            view.setColumnCount(2 + len(cols))
            view.setHorizontalHeaderLabels([_("Row"), _("What happens")] + [_visible(t.header[c]) for c in cols])
            bad = {(p.row, p.column) for p in plan.problems}
            bad_rows = {p.row for p in plan.problems if p.column is None}
            view.setRowCount(len(t.rows))
            for r, row in enumerate(t.rows):
                action = plan.actions.get(row.number)
                items = [str(row.number), _(_ACTIONS[action]) if action else "–"]
                items += [tabular.cell_text(row.get(c)) for c in cols]
                for c, text in enumerate(items):
                    item = QTableWidgetItem(_visible(text))
                    if len(text) > _SHOWN:
                        item.setToolTip(shorten(text, 2000))
                    head = t.header[cols[c - 2]] if c >= 2 else None
                    if row.number in bad_rows or (c >= 2 and (row.number, head) in bad):
                        item.setBackground(_PROBLEM_BRUSH)
                    view.setItem(r, c, item)
        elif self.interchange_doc is not None and isinstance(self.interchange_doc, dict):
            years = [a for a in self.interchange_doc.get("assessments", []) if isinstance(a, dict)] \
                if isinstance(self.interchange_doc.get("assessments"), list) else []
            view.setColumnCount(4)
            view.setHorizontalHeaderLabels([_("Fiscal year"), _("Scores"), _("Measures"), _("Results")])
            view.setRowCount(len(years))
            for r, a in enumerate(years):
                for c, value in enumerate((a.get("year"), a.get("scores"), a.get("measures"), a.get("results"))):
                    text = str(len(value)) if isinstance(value, (list, dict)) else _visible(str(value))
                    view.setItem(r, c, QTableWidgetItem(text))
        else:
            view.setColumnCount(0)
            view.setRowCount(0)
        view.resizeColumnsToContents()
        fm = view.fontMetrics()
        for c in range(view.columnCount()):
            view.setColumnWidth(c, min(view.columnWidth(c), fm.horizontalAdvance("ก") * 30))

    # -- importing -------------------------------------------------------------------------------
    def import_now(self) -> bool:
        """Import what the preview shows (only when there is no problem), in one transaction;
        accept the dialog and emit ``imported``. False when nothing was imported (the
        reason is listed with the problems)."""
        if not self.can_import():
            return False
        try:
            outcome = self._import_table() if self.plan is not None else self._import_interchange()
        except (InterchangeError, StoreWriteError, NotFound) as e:
            self.read_error = str(e)
            self.refresh()
            return False
        if outcome is None:
            return False
        self.outcome = outcome
        self.imported.emit(outcome)
        self.accept()
        return True

    def _import_table(self) -> ImportOutcome | None:
        plan = self.plan
        what = _(dict(KIND_CHOICES)[plan.kind])
        if self.document is not None:
            self.document.set(("assessment",), plan.assessment, text=_("Import {what}").format(what=what))
            if not self.document.save_now():
                self.read_error = self.document.last_error
                self.refresh()
                return None
        else:
            tabular.save_plan(self.store, self.office_id, plan)
        return ImportOutcome(plan.kind, self.office_id, self.year, plan.summary_in(i18n.language()), False)

    def _import_interchange(self) -> ImportOutcome | None:
        if self.document is not None and not self.document.save_now():
            self.read_error = ("การแก้ไขที่เปิดอยู่ยังบันทึกไม่ได้ โปรดแก้ไขก่อนนำเข้า: / the open year's changes "
                               "cannot be saved yet; fix them before importing: " + self.document.last_error)
            self.refresh()
            return None
        doc = self.interchange_doc
        office_id = import_document(self.store, doc, self.path.name if self.path else "")
        years = [a["year"] for a in doc["assessments"]]
        year = self.year if office_id == self.office_id and self.year in years else max(years, default=None)
        name = doc["office"]["name"]
        return ImportOutcome("interchange", office_id, year,
                             f"นำเข้าแล้ว {name}" if i18n.language() == "th" else f"Imported {name}", True)

    # -- language -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Import into fiscal year {year}").format(year=self.year) if self.year else _("Import"))
        self.choose_button.setText(_("&Choose a file…"))
        self.paste_label.setText(_("…or &paste cells copied from a spreadsheet (the header row first):"))
        self.paste_edit.setAccessibleName(_("Pasted cells"))
        self.kind_label.setText(_("The table holds:"))
        self.round_label.setText(_("Round:"))
        self.import_button.setText(_("&Import"))
        for combo, choices in ((self.kind_combo, KIND_CHOICES), (self.round_combo, ROUND_CHOICES)):
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for value, label in choices:
                combo.addItem(_(label), value)
            combo.setCurrentIndex(max(current, 0))
            combo.blockSignals(False)
        self.preview.setAccessibleName(_("What will be imported"))
        self.problems.setAccessibleName(_("Problems"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.show_plan()
        super().changeEvent(event)


__all__ = ["ImportDialog", "ImportOutcome", "KIND_CHOICES", "ROUND_CHOICES"]
