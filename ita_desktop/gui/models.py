"""Qt item models over the store's rows.

``MeasuresModel`` shows the measures (มาตรการ) of one assessment as a
read-only table, one row per measure in the order of the report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ita_desktop import i18n
from ita_desktop.domain.fiscal import thai_date
from ita_desktop.domain.framework import Framework
from ita_desktop.i18n import N_, _

_Index = QModelIndex | QPersistentModelIndex


def period_dates(measure: dict[str, Any]) -> str:
    """A measure's start and end dates (Thai: B.E. year, ``1 ต.ค. 64``; English: ``1 Oct 2021``), or ''."""
    days = [dt.date.fromisoformat(d) for d in (measure.get("period_start"), measure.get("period_end")) if d]
    if i18n.language() == "th":
        parts = [thai_date(d, thai_digits=False, abbreviated=True) for d in days]
    else:
        parts = [format_date(d, "d MMM y", locale="en") for d in days]
    return " – ".join(parts)


def period_text(measure: dict[str, Any]) -> str:
    """A measure's period as the table shows it: the free text as the report printed it
    (``ไตรมาสที่ ๑``) when there is one, else the dates (``period_dates``)."""
    return measure.get("period_text") or period_dates(measure)


class MeasuresModel(QAbstractTableModel):
    """The measures of one assessment, read-only.

    Columns: ``COL_TITLE`` (measure/project/activity), ``COL_RESPONSIBLE``,
    ``COL_PERIOD``, ``COL_INDICATORS`` (indicator numbers), ``COL_ITEMS``
    (ITA item codes such as O27). ``Qt.ToolTipRole`` gives the full text
    (issue and steps for the title, dates for the period, indicator names
    for the numbers). ``MEASURE_ROLE`` gives the measure's row dict.
    """

    COL_TITLE, COL_RESPONSIBLE, COL_PERIOD, COL_INDICATORS, COL_ITEMS = range(5)
    COLUMN_COUNT = 5
    MEASURE_ROLE = Qt.ItemDataRole.UserRole + 1
    _HEADERS = (N_("Measure"), N_("Responsible"), N_("Period"), N_("Indicators"), N_("ITA items"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._fw: Framework | None = None

    def set_measures(self, measures: list[dict[str, Any]], framework: Framework | None = None) -> None:
        """Show ``measures`` (``Store.measures`` rows); ``framework`` names the indicators in tool tips."""
        self.beginResetModel()
        self._rows = list(measures)
        self._fw = framework
        self.endResetModel()

    def measure(self, row: int) -> dict[str, Any]:
        """The measure shown in ``row``."""
        return self._rows[row]

    def retranslate(self) -> None:
        """Tell the views that headers and texts changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    # -- QAbstractTableModel ------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        """Number of measures (0 under any parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        """Number of columns (0 under any parent)."""
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell text (display), full text (tool tip), alignment, or the measure dict (MEASURE_ROLE)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(m, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(m, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.COL_INDICATORS, self.COL_ITEMS):
                return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == self.MEASURE_ROLE:
            return m
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
        """Selectable and enabled, never editable (version 1 is read-only)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled

    # -- cell texts --------------------------------------------------------------
    def _display(self, m: dict[str, Any], col: int) -> str:
        if col == self.COL_TITLE:
            return m["title"]
        if col == self.COL_RESPONSIBLE:
            return m.get("responsible") or ""
        if col == self.COL_PERIOD:
            return period_text(m)
        if col == self.COL_INDICATORS:
            return ", ".join(str(n) for n in m.get("indicators") or [])
        if col == self.COL_ITEMS:
            return ", ".join(m.get("items") or [])
        return ""

    def _tooltip(self, m: dict[str, Any], col: int) -> str:
        if col == self.COL_TITLE:
            parts = [m["title"]]
            if m.get("issue"):
                parts.append(_("Issue: {text}").format(text=m["issue"]))
            if m.get("steps"):
                parts.append(_("Steps:") + "\n" + m["steps"])
            return "\n\n".join(parts)
        if col == self.COL_PERIOD:
            dates = period_dates(m)
            return "\n".join(t for t in dict.fromkeys((period_text(m), dates)) if t)
        if col == self.COL_INDICATORS and self._fw is not None:
            return "\n".join(f"{n}. {self._fw.indicators[n].name}" for n in m.get("indicators") or []
                             if n in self._fw.indicators)
        return self._display(m, col)
