"""History of an item: the recorded changes of a measure, a person, a field… newest first.

The rows come from the audit trail (``ita_desktop.store.audit.history``):
when (local time, B.E. year), who (the person selected in the app and the
computer's user), which field (a readable name built from the forms' own
labels, e.g. "มาตรการ M1: มาตรการ/โครงการ/กิจกรรม" for
``assessment.measures[M1].title``) and the change, old → new. Below the
table the selected change is shown in full.

``field_label(path)`` names a path for the clerk; ``audit.item_path(doc,
steps)`` gives the path prefix of the record or field selected in a tab.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ita_desktop.gui.year_tabs import (LIMITATION_FIELDS, MEASURE_FIELDS, OFFICE_FIELDS, PEOPLE_FIELDS, PLAN_FIELDS,
                                       SECTION_FIELDS, TEXT_FIELDS)
from ita_desktop.i18n import N_, _
from ita_desktop.store import audit

_Index = QModelIndex | QPersistentModelIndex

#: Shape of a list (path without keys) → what one of its records is called (English source, shown translated).
RECORD_NOUNS = {
    "office.people": N_("person"), "assessment.measures": N_("measure"), "assessment.results": N_("result"),
    "assessment.findings": N_("finding"), "assessment.limitations": N_("limitation"),
    "assessment.next_year_plan": N_("row of the plan"), "assessment.memos": N_("memo"),
    "assessment.memos.sections": N_("section"), "assessment.memos.approvals": N_("approval"),
    "assessment.history": N_("year of the history"),
}
_KEYED = {"office.people", "assessment.measures", "assessment.results", "assessment.history"}


def _labels(fields) -> dict[str, str]:
    return {f.key.replace("/", "."): f.label for f in fields}


#: Shape of a record → its field (dotted, relative to the record) → label (English source).
FIELD_LABELS: dict[str, dict[str, str]] = {
    "office": {**_labels(OFFICE_FIELDS), "departments": N_("Departments"),
               "report_columns": N_("Columns of the implementation report")},
    "office.people": _labels(PEOPLE_FIELDS),
    "assessment": {**_labels(TEXT_FIELDS), "year": N_("Fiscal year (B.E.)"),
                   "published_overall": N_("Published overall score"), "scores": N_("Scores"),
                   "tool_scores.IIT": N_("Published IIT score"), "tool_scores.EIT": N_("Published EIT score"),
                   "tool_scores.OIT": N_("Published OIT score")},
    "assessment.measures": _labels(MEASURE_FIELDS),
    "assessment.findings": {"indicator": N_("Indicator"), "item": N_("Item code"), "urgent": N_("Urgent"),
                            "weak_point": N_("Weak point"), "improvement": N_("What to improve")},
    "assessment.limitations": _labels(LIMITATION_FIELDS),
    "assessment.next_year_plan": _labels(PLAN_FIELDS),
    "assessment.results": {"measure": N_("Measure"), "round": N_("Round"), "done": N_("What was done"),
                           "outcome": N_("Outcome"), "suggestions": N_("Problems and suggestions"),
                           "participants": N_("Participants"), "target": N_("Target (people)"),
                           "evidence_urls": N_("Evidence links (one per line)")},
    "assessment.memos": {"subject": N_("Subject"), "recipient": N_("To"), "department": N_("Department (ส่วนราชการ)"),
                         "number": N_("Number (ที่)"), "date": N_("Date (day/month/year B.E.)"),
                         "closing": N_("Closing"), "signer": N_("Signed by"), "signature": N_("Signature")},
    "assessment.memos.sections": _labels(SECTION_FIELDS),
    "assessment.memos.approvals": {"title": N_("Heading"), "person": N_("Person"),
                                   "choices": N_("Choices to tick (one per line)"), "comment": N_("Comment")},
    "assessment.history": {"year": N_("Fiscal year (B.E.)"), "overall": N_("Overall score"), "level": N_("Level"),
                           "scores": N_("Indicator scores (10 values)")},
}

_TOKEN = re.compile(r"\.?([^.\[]+)|\[((?:\\.|[^\]\\])*)\]")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _plain(text: str) -> str:
    """A label without its trailing hint in parentheses ("Departments (one per line)" → "Departments")."""
    short = _PAREN.sub("", text)
    return short or text


def _unescape(key: str) -> str:
    return re.sub(r"\\(.)", r"\1", key)


def _record_text(shape: str, key: str) -> str:
    noun = _(RECORD_NOUNS[shape]) if shape in RECORD_NOUNS else shape.rsplit(".", 1)[-1]
    key = _unescape(key)
    if shape == "assessment.results" and "/" in key:
        measure, rnd = key.rsplit("/", 1)
        months = {"6": N_("6 months"), "12": N_("12 months")}.get(rnd)
        return f"{noun} {measure} ({_(months) if months else rnd})"
    if shape not in _KEYED and key.isdigit():
        return f"{noun} {int(key) + 1}"
    return f"{noun} {key}"


def _field_text(record_shape: str, rel: list[str]) -> str:
    labels = FIELD_LABELS.get(record_shape, {})
    dotted = ".".join(rel)
    if dotted in labels:
        return _plain(_(labels[dotted]))
    if rel[0] == "scores" and len(rel) == 2:
        return f"{_('Score')} {_('Indicator')} {rel[1]}"
    list_shape = f"{record_shape}.{rel[0]}"
    if len(rel) == 1 and list_shape in RECORD_NOUNS:
        return f"{_(RECORD_NOUNS[list_shape])} – {_('order')}"
    if rel[0] in labels:
        return " ".join([_plain(_(labels[rel[0]])), *rel[1:]])
    return dotted


def field_label(path: str) -> str:
    """A readable name of an audit path in the current language.

    ``assessment.measures[M1].title`` → "มาตรการ M1: มาตรการ/โครงการ/กิจกรรม";
    ``assessment.findings[2].weak_point`` → "ข้อค้นพบ 3: ประเด็นที่ต้องแก้ไข" (positions
    shown from 1); ``assessment.scores.3`` → "คะแนน ตัวชี้วัด 3". Unknown parts are
    shown as they are; never raises.
    """
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN.finditer(path or "")]
    if not tokens or tokens[0][0] not in ("office", "assessment"):
        return path or ""
    root = tokens[0][0]
    if len(tokens) == 1:
        return _("The fiscal year's data") if root == "assessment" else _("Office")
    records: list[str] = []
    shape = record_shape = root
    rel: list[str] = []
    for name, key in tokens[1:]:
        if name is not None:
            shape = f"{shape}.{name}"
            rel.append(name)
        else:
            records.append(_record_text(shape, key))
            record_shape, rel = shape, []
    text = " › ".join(records)
    if rel:
        field = _field_text(record_shape, rel)
        text = f"{text}: {field}" if text else field
    return text


def _full(value: Any) -> str:
    """A recorded value in full for the details box."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=1)


class HistoryModel(QAbstractTableModel):
    """The audit entries of one item as a read-only table, one row per change, in the given order.

    Columns: ``WHEN`` (local time), ``WHO`` (person (OS user)), ``FIELD``
    (``field_label``), ``CHANGE`` (“old” → “new”). ``ENTRY_ROLE`` gives the
    row's ``audit.Entry``; the tooltip is the change in full.
    """

    WHEN, WHO, FIELD, CHANGE = range(4)
    HEADERS = (N_("When"), N_("Who"), N_("Field"), N_("Change"))
    ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, entries: list[audit.Entry], parent: QWidget | None = None):
        super().__init__(parent)
        self.entries = list(entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def entry(self, row: int) -> audit.Entry:
        """The entry shown in ``row``. Raises IndexError."""
        return self.entries[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == self.ENTRY_ROLE:
            return e
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.WHEN:
                return audit.when_text(e)
            if col == self.WHO:
                return audit.who_text(e)
            if col == self.FIELD:
                return field_label(e.path)
            if col == self.CHANGE:
                return audit.change_text(e)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.FIELD:
                return e.path
            if col == self.CHANGE:
                return audit.change_text(e, limit=400)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return section + 1


class HistoryDialog(QDialog):
    """The recorded changes of one item of an office, newest first, read-only.

    ``year``: the fiscal year (B.E.) whose changes to show with the office
    profile's, or None for all years; ``path_prefix``: the item (an audit
    path such as ``assessment.measures[M1]``, see ``audit.item_path``), None
    for everything of the office (and year); ``title``: what the item is
    called (shown in the window title).
    """

    def __init__(self, store, office_id: int, year: int | None, path_prefix: str | None, title: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(_("History: {item}").format(item=title))
        self.model = HistoryModel(audit.history(store.db, office_id, year, path_prefix), self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("historyHint")
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_("Recorded changes"))
        header = self.table.horizontalHeader()
        for col in (HistoryModel.WHEN, HistoryModel.WHO, HistoryModel.FIELD):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryModel.CHANGE, QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("historyDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("The selected change in full"))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_entry(cur.row()))
        n = self.model.rowCount()
        self.hint.setText(_("{n} recorded changes, newest first.").format(n=n) if n else
                          _("No change of this item has been recorded. Changes made before this version of "
                            "ITA Desktop are not in the history."))
        if n:
            self.table.selectRow(0)
        self.resize(1040, 600)

    def show_entry(self, row: int) -> None:
        """Show the change in ``row`` in full below the table (nothing for -1)."""
        if not 0 <= row < self.model.rowCount():
            self.details.clear()
            return
        e = self.model.entry(row)
        lines = [f"{audit.when_text(e)}  {audit.who_text(e)}  ({e.action}, {e.office_name}"
                 + (f", {e.year}" if e.year else "") + ")",
                 f"{field_label(e.path)}  [{e.path}]", "",
                 _("Before:"), _full(e.old), "", _("After:"), _full(e.new)]
        self.details.setPlainText("\n".join(lines))


def chain_status(store) -> tuple[bool, str]:
    """Check the whole audit trail (``audit.verify``) for a menu action: (True, "intact: n rows,
    anchor …" in the UI language) or (False, which row is broken and how, in Thai / English)."""
    broken = audit.verify(store.db)
    if broken is not None:
        return False, broken.message
    head = audit.head(store.db)
    return True, _("The record of changes is intact: {n} rows. Anchor to write down: {anchor}").format(
        n=head.count, anchor=str(head))
