"""The scores form: one row per ITA indicator with its score input and pass/fail mark.

Each row shows the indicator's number, Thai name and tool (from the fiscal
year's framework), a line edit for the score, the pass/fail mark and a
message label. Input is checked as the clerk types: a value that is not a
number or lies outside 0–100 shows a message in the current language, marks
the field, and is neither used for the totals nor stored. Thai digits
(๙๔.๖๒) are accepted. When the clerk finishes a valid edit (Return or
leaving the field) the form emits ``scoreCommitted``; the window stores it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Mapping

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from ita_desktop.domain.fiscal import to_arabic_digits
from ita_desktop.domain.framework import Framework
from ita_desktop.domain.scoring import ScoreError, ScoreResult, check_score
from ita_desktop import i18n
from ita_desktop.i18n import _

PASS_COLOR = "#1b5e20"
FAIL_COLOR = "#b71c1c"
_STYLE = f"""
QLineEdit[invalid="true"] {{ border: 2px solid {FAIL_COLOR}; background: #fff0f0; }}
QLabel[role="message"] {{ color: {FAIL_COLOR}; }}
"""


class ScoreInputError(ValueError):
    """A score field's text that cannot be stored; ``str()`` is a message in the current language."""


def parse_score_input(text: str) -> Decimal | None:
    """The score typed in a field: a Decimal 0–100, or None for an empty field.

    Accepts Arabic or Thai digits. The rule (0–100, a number) is the
    domain's ``check_score``; this only words the refusal for the window.
    Raises ScoreInputError.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return check_score(text, "score")
    except ScoreError:
        try:
            is_number = Decimal(to_arabic_digits(text)).is_finite()
        except InvalidOperation:
            is_number = False
        if is_number:
            raise ScoreInputError(_("Must be from 0 to 100.")) from None
        raise ScoreInputError(_("Not a number (e.g. 94.62).")) from None


def parse_score_row(text: str) -> dict[int, Decimal]:
    """The ten indicator scores of a row copied from a spreadsheet (Excel, LibreOffice, Google
    Sheets: cells separated by tabs; spaces, commas or semicolons also separate when there is
    no tab). Empty cells and ``-`` leave an indicator without a score. Thai digits are
    accepted. Returns indicator number (1–10) → score.

    Raises ScoreInputError naming the cell (indicator number) that is wrong, or saying how
    many values were found when there are not ten.
    """
    line = next((ln for ln in text.replace("\r", "").split("\n") if ln.strip()), "")
    cells = line.split("\t") if "\t" in line else re.split(r"[\s,;]+", line.strip())
    while cells and not cells[-1].strip():
        cells.pop()  # a spreadsheet copy may end with empty cells
    if len(cells) != 10:
        raise ScoreInputError(_("Paste one row of 10 scores, one per indicator; found {n} values.").format(
            n=len(cells)))
    out: dict[int, Decimal] = {}
    for no, cell in enumerate(cells, 1):
        cell = cell.strip()
        if cell in ("", "-", "–"):
            continue
        try:
            value = parse_score_input(cell)
        except ScoreInputError as e:
            raise ScoreInputError(_("Indicator {no}: “{text}”: {why}").format(no=no, text=cell, why=e)) from None
        if value is not None:
            out[no] = value
    return out


def format_score(value: Decimal | float) -> str:
    """A score as the field shows it: two decimals (94.62, 100.00), more only when stored with more."""
    d = Decimal(str(value))
    two = d.quantize(Decimal("0.01"))
    return f"{two:.2f}" if two == d else format(d.normalize(), "f")


def mark_text(passed: bool) -> str:
    """The pass/fail word shown beside a score."""
    return _("Pass") if passed else _("Fail")


def set_mark(label: QLabel, score: Decimal | None, result: ScoreResult | None) -> None:
    """Show in ``label`` whether ``score`` reaches the pass mark (empty when there is no score)."""
    if score is None or result is None:
        label.setText("")
        return
    passed = result.passes(score)
    label.setText(mark_text(passed))
    label.setStyleSheet(f"color: {PASS_COLOR if passed else FAIL_COLOR}; font-weight: bold;")


class _Row:
    """The widgets of one indicator row."""

    def __init__(self, no: int, parent: QWidget):
        self.no = no
        self.number = QLabel(str(no), parent)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.name = QLabel(parent)
        self.tool = QLabel(parent)
        self.edit = QLineEdit(parent)
        self.edit.setObjectName(f"scoreEdit{no}")
        self.edit.setMaxLength(12)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("0") * 9)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setProperty("invalid", False)
        self.name.setBuddy(self.edit)
        self.mark = QLabel(parent)
        self.mark.setObjectName(f"scoreMark{no}")
        self.message = QLabel(parent)
        self.message.setObjectName(f"scoreMessage{no}")
        self.message.setProperty("role", "message")
        self.stored: Decimal | None = None
        self.error: str = ""


class ScoreForm(QWidget):
    """The ten indicator rows of one assessment (see the module docstring).

    Signals: ``scoresEdited()`` whenever a field's text changes (recompute
    the totals from ``values()``); ``scoreCommitted(int, object)`` with the
    indicator number and its new valid score (Decimal, or None for a
    cleared field) when an edit is finished and differs from the stored one.
    """

    scoresEdited = Signal()
    scoreCommitted = Signal(int, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._fw: Framework | None = None
        self._result: ScoreResult | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        self._headers = [QLabel(self) for _i in range(5)]
        for col, h in enumerate(self._headers):
            h.setStyleSheet("font-weight: bold;")
            grid.addWidget(h, 0, col)
        self.rows: dict[int, _Row] = {}
        for no in range(1, 11):
            row = _Row(no, self)
            self.rows[no] = row
            for col, w in enumerate((row.number, row.name, row.tool, row.edit, row.mark, row.message)):
                grid.addWidget(w, no, col)
            row.edit.textChanged.connect(lambda _t, r=row: self._on_text_changed(r))
            row.edit.editingFinished.connect(lambda r=row: self._on_editing_finished(r))
        grid.setColumnStretch(5, 1)
        grid.setRowStretch(11, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        for a, b in zip(list(self.rows.values()), list(self.rows.values())[1:]):
            QWidget.setTabOrder(a.edit, b.edit)
        self.setFocusProxy(self.rows[1].edit)
        self.retranslate()

    # -- content ------------------------------------------------------------
    def set_assessment(self, fw: Framework, scores: Mapping[int, float]) -> None:
        """Show the indicators of ``fw`` and the stored ``scores`` (indicator → score); clears messages."""
        self._fw = fw
        for no, row in self.rows.items():
            ind = fw.indicators[no]
            row.name.setText(ind.name)
            row.tool.setText(ind.tool)
            row.stored = Decimal(str(scores[no])) if no in scores else None
            row.edit.blockSignals(True)
            row.edit.setText(format_score(row.stored) if row.stored is not None else "")
            row.edit.blockSignals(False)
            self._set_error(row, "")
        self.retranslate()
        self.scoresEdited.emit()

    def values(self) -> dict[int, Decimal]:
        """The scores to compute with: each field's valid value, else its stored value (a refused input is not used)."""
        out: dict[int, Decimal] = {}
        for no, row in self.rows.items():
            value = row.stored if row.error else parse_score_input(row.edit.text())
            if value is not None:
                out[no] = value
        return out

    def edit(self, no: int) -> QLineEdit:
        """The score field of indicator ``no``."""
        return self.rows[no].edit

    def message(self, no: int) -> str:
        """The message shown for indicator ``no`` ('' when its input is fine)."""
        return self.rows[no].error

    def show_result(self, result: ScoreResult | None) -> None:
        """Update each row's pass/fail mark from a computed result (None: no marks; none beside a refused input)."""
        self._result = result
        values = self.values()
        for no, row in self.rows.items():
            set_mark(row.mark, None if row.error else values.get(no), result)

    def accept_stored(self, no: int, value: Decimal | None) -> None:
        """The window stored ``value`` for indicator ``no``: remember it and show it in the canonical form."""
        row = self.rows[no]
        row.stored = value
        row.edit.blockSignals(True)
        row.edit.setText(format_score(value) if value is not None else "")
        row.edit.blockSignals(False)
        self._set_error(row, "")

    def revert(self, no: int) -> None:
        """Put the stored value back into the field of indicator ``no`` (after a failed save)."""
        row = self.rows[no]
        self.accept_stored(no, row.stored)
        self.scoresEdited.emit()

    # -- checking -------------------------------------------------------------
    def _on_text_changed(self, row: _Row) -> None:
        self._check(row)
        self.scoresEdited.emit()

    def _on_editing_finished(self, row: _Row) -> None:
        if not self._check(row):
            return  # refused: the message stays, nothing is stored
        value = parse_score_input(row.edit.text())
        if value != row.stored:
            self.scoreCommitted.emit(row.no, value)

    def _check(self, row: _Row) -> bool:
        try:
            parse_score_input(row.edit.text())
        except ScoreInputError as e:
            self._set_error(row, str(e))
            return False
        self._set_error(row, "")
        return True

    def _set_error(self, row: _Row, message: str) -> None:
        row.error = message
        row.message.setText(message)
        row.edit.setAccessibleDescription(message)
        if row.edit.property("invalid") != bool(message):
            row.edit.setProperty("invalid", bool(message))
            row.edit.style().unpolish(row.edit)
            row.edit.style().polish(row.edit)

    # -- language ---------------------------------------------------------------
    def _tool_name(self, code: str) -> str:
        if self._fw is None or code not in self._fw.tools:
            return ""
        tool = self._fw.tools[code]
        return tool.name_en if tool.name_en and i18n.language() != "th" else tool.name

    def retranslate(self) -> None:
        """Set every text of the form in the current language (headers, accessible names, messages)."""
        for h, text in zip(self._headers, (_("No."), _("Indicator"), _("Tool"), _("Score"), _("Result"))):
            h.setText(text)
        for no, row in self.rows.items():
            name = row.name.text()
            row.edit.setAccessibleName(_("Score of indicator {no}").format(no=no) + (f": {name}" if name else ""))
            row.edit.setToolTip(_("Score 0–100 of indicator {no}; Thai digits are accepted.").format(no=no))
            row.mark.setAccessibleName(_("Result of indicator {no}").format(no=no))
            row.tool.setToolTip(self._tool_name(row.tool.text()))
            if row.error:
                self._check(row)
        self.show_result(self._result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
