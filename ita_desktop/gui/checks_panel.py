"""The pre-flight checks panel: the problems of the selected office and fiscal year.

``ProblemsModel`` lists the ``domain.checks.Problem`` objects of one run,
errors first, as a read-only table: the severity (icon and word) and the
message in the UI language (the checks word every message "Thai / English";
the tool tip keeps both). ``ChecksPanel`` is the dock's content: a summary
line ("ผิด 1 เตือน 13") over the table; activating a row (double-click or
Enter) emits ``problemActivated`` with the Problem, and the window takes the
clerk to the place to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QLabel, QStyle, QTableView,
                               QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.domain.checks import Problem
from ita_desktop.i18n import N_, _

_Index = QModelIndex | QPersistentModelIndex
ERROR_COLOR = "#b71c1c"
WARNING_COLOR = "#8a5a00"
_SEPARATOR = " / "


def split_bilingual(text: str) -> tuple[str, str]:
    """(Thai, English) halves of a "Thai / English" message of the back end.

    The English half starts with a Latin letter or digit. A quoted text may
    hold " / " too; it is quoted in both halves, so the divider is the middle
    one of the candidates. When that is not clear, both halves are the whole
    text (never a wrong half).
    """
    parts = text.split(_SEPARATOR)
    candidates = [i for i in range(1, len(parts))
                  if parts[i][:1].isascii() and parts[i][:1].isalnum() and not parts[i - 1][-1:].isascii()]
    if len(candidates) % 2 == 0:
        return text, text
    i = candidates[len(candidates) // 2]
    th, en = _SEPARATOR.join(parts[:i]).strip(), _SEPARATOR.join(parts[i:]).strip()
    if not th or not en or th.isascii():
        return text, text
    return th, en


def in_ui_language(text: str) -> str:
    """The half of a "Thai / English" message in the current UI language."""
    th, en = split_bilingual(text)
    return th if i18n.language() == "th" else en


def summary_text(errors: int, warnings: int) -> str:
    """"ผิด 1 เตือน 13" / "1 error, 13 warnings"; "No problems found." when both are 0."""
    if not errors and not warnings:
        return _("No problems found.")
    e = (_("{n} error") if errors == 1 else _("{n} errors")).format(n=errors)
    w = (_("{n} warning") if warnings == 1 else _("{n} warnings")).format(n=warnings)
    return _("{errors}, {warnings}").format(errors=e, warnings=w)


class ProblemsModel(QAbstractTableModel):
    """The problems of one check run, errors first, read-only.

    Columns: ``COL_SEVERITY`` (icon and "ผิด"/"เตือน"), ``COL_MESSAGE`` (the
    message in the UI language). ``Qt.ToolTipRole`` gives the whole
    bilingual message; ``PROBLEM_ROLE`` gives the ``Problem``.
    """

    COL_SEVERITY, COL_MESSAGE = range(2)
    COLUMN_COUNT = 2
    PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
    _HEADERS = (N_("Severity"), N_("Problem"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Problem] = []

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Show ``problems``: errors first, otherwise in the order given."""
        self.beginResetModel()
        self._rows = sorted(problems, key=lambda p: not p.is_error)
        self.endResetModel()

    def problems(self) -> list[Problem]:
        """The problems shown, in row order."""
        return list(self._rows)

    def problem(self, row: int) -> Problem | None:
        """The problem in ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def counts(self) -> tuple[int, int]:
        """(errors, warnings)."""
        errors = sum(p.is_error for p in self._rows)
        return errors, len(self._rows) - errors

    def retranslate(self) -> None:
        """Re-read every text (after the UI language changed)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)

    # -- the model interface ------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        """Number of problems (0 under any parent: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Severity word and icon, message, the whole message (tool tip), or the Problem (PROBLEM_ROLE)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_SEVERITY:
                return _("Error") if p.is_error else _("Warning")
            if col == self.COL_MESSAGE:
                return in_ui_language(p.message)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.message
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_SEVERITY:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if p.is_error
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            style = QApplication.style()
            return style.standardIcon(icon) if style is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_SEVERITY:
            return QColor(ERROR_COLOR if p.is_error else WARNING_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == self.PROBLEM_ROLE:
            return p
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles in the current language; rows are numbered 1, 2, …"""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self._HEADERS[section]) if 0 <= section < self.COLUMN_COUNT else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable and enabled, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class ChecksPanel(QWidget):
    """The checks dock's content: the summary line and the problems table.

    ``set_problems(problems)`` shows a run (None: nothing to check, no office
    or year). Signal ``problemActivated(object)``: the clerk double-clicked a
    row or pressed Enter on it; the argument is the Problem.
    """

    problemActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._checked = False
        self.model = ProblemsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 6)
        self.summary = QLabel(self)
        self.summary.setObjectName("checksSummary")
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        view = self.view = QTableView(self)
        view.setObjectName("problemsView")
        view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        view.setModel(self.model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setShowGrid(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(self.model.COL_SEVERITY, QHeaderView.ResizeMode.Fixed)  # see retranslate
        header.setStretchLastSection(True)
        view.activated.connect(self._on_activated)  # double-click or Enter
        layout.addWidget(view)
        self.summary.setBuddy(view)
        self.retranslate()

    def set_problems(self, problems: Sequence[Problem] | None) -> None:
        """Show the problems of a run; None when there is nothing to check."""
        self._checked = problems is not None
        self.model.set_problems(problems or [])
        self._update_summary()

    def problems(self) -> list[Problem]:
        """The problems shown, errors first."""
        return self.model.problems()

    def select_row(self, row: int) -> None:
        """Make ``row`` the current row and give the table the keyboard focus."""
        index = self.model.index(row, ProblemsModel.COL_MESSAGE)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def activate_row(self, row: int) -> None:
        """Act as if the clerk activated ``row`` (emits ``problemActivated``)."""
        p = self.model.problem(row)
        if p is not None:
            self.problemActivated.emit(p)

    def _on_activated(self, index: QModelIndex) -> None:
        self.activate_row(index.row())

    def _update_summary(self) -> None:
        errors, warnings = self.model.counts()
        text = summary_text(errors, warnings) if self._checked else _("Nothing to check: choose an office and a year.")
        self.summary.setText(text)
        self.summary.setStyleSheet(f"font-weight: bold; color: {ERROR_COLOR};" if errors else "font-weight: bold;")
        self.view.setAccessibleDescription(text)

    def retranslate(self) -> None:
        """Set every text of the panel in the current language."""
        self.setAccessibleName(_("Pre-flight check"))
        self.summary.setAccessibleName(_("Check summary"))
        self.view.setAccessibleName(_("Problems found before printing"))
        self.view.setToolTip(_("Double-click a problem or press Enter to go to where it is fixed."))
        self.model.retranslate()
        self._update_summary()
        # the severity column fits its longest word with the icon (a wrapped table sizes it too small)
        fm = self.view.fontMetrics()
        words = (_("Error"), _("Warning"), _(ProblemsModel._HEADERS[ProblemsModel.COL_SEVERITY]))
        icon = self.view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self.view)
        self.view.setColumnWidth(ProblemsModel.COL_SEVERITY, max(map(fm.horizontalAdvance, words)) + icon + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
