"""Edit → Find (Ctrl+F): search the measures and results of every office and fiscal year.

The query runs as the clerk types (after a short pause) through
``store.search.search``: SQLite FTS5 with the trigram tokenizer, which finds
Thai words inside unspaced Thai text, and a LIKE scan for queries shorter
than 3 characters (THAI_TEXT_NOTES.md). Each hit shows the office, the
fiscal year, the measure (and the report round of a result) and the text
around the match; activating a hit (Enter, double-click) emits
``hitActivated`` and the window opens that office and year at the measure
or result.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from ita_desktop.i18n import _
from ita_desktop.store.search import Hit, search

_Index = QModelIndex | QPersistentModelIndex
#: Pause after the last key before the query runs, ms.
TYPING_PAUSE_MS = 150
MAX_HITS = 200


def hit_text(hit: Hit) -> str:
    """Two lines: "office · year · measure (round)" and the text around the match."""
    where = f"{hit.office_name} · {hit.year} · {hit.measure_key} {hit.measure_title}"
    if hit.round is not None:
        where += " · " + _("{n}-month result").format(n=hit.round)
    return f"{where}\n{hit.snippet}"


class SearchHitsModel(QAbstractListModel):
    """The hits of one query, in the order ``search`` gives them. ``HIT_ROLE``: the Hit."""

    HIT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        """Show ``hits``."""
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit_text(hit)
        if role == self.HIT_ROLE:
            return hit
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SearchDock(QDockWidget):
    """The search dock: a query field, a count, and the hits. ``hitActivated(Hit)``."""

    hitActivated = Signal(object)
    searched = Signal(int)  # number of hits, after each query (tests and benchmarks wait on it)

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchDock")
        self.store = store
        body = QWidget(self)
        self.query = QLineEdit(body)
        self.query.setObjectName("searchQuery")
        self.query.setClearButtonEnabled(True)
        self.count = QLabel(body)
        self.count.setObjectName("searchCount")
        self.model = SearchHitsModel(self)
        self.view = QListView(body)
        self.view.setObjectName("searchHits")
        self.view.setModel(self.model)
        # every hit is two lines: uniform sizes let the view lay out only what is seen
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        layout = QVBoxLayout(body)
        layout.addWidget(self.query)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        self.view.activated.connect(self._activated)
        self.retranslate()

    def focus_query(self) -> None:
        """Put the keyboard in the query field with its text selected."""
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run(self, text: str | None = None) -> list[Hit]:
        """Search now for ``text`` (default: the query field); show and return the hits."""
        self._timer.stop()
        text = self.query.text() if text is None else text
        hits = search(self.store, text, limit=MAX_HITS) if text.strip() else []
        self.model.set_hits(hits)
        if not text.strip():
            self.count.setText("")
        elif hits:
            self.count.setText(_("{n} found").format(n=len(hits)) if len(hits) < MAX_HITS
                               else _("The first {n} found").format(n=MAX_HITS))
        else:
            self.count.setText(_("Nothing found."))
        if hits:
            self.view.setCurrentIndex(self.model.index(0))
        self.searched.emit(len(hits))
        return hits

    def _enter(self) -> None:
        if self._timer.isActive() or not self.model.hits:
            self.run()
        if self.model.hits:
            self._activated(self.view.currentIndex() if self.view.currentIndex().isValid() else self.model.index(0))

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.data(index, SearchHitsModel.HIT_ROLE)
        if hit is not None:
            self.hitActivated.emit(hit)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.setWindowTitle(_("Find in measures and results"))
        self.query.setPlaceholderText(_("Thai or English words, e.g. ทุจริต"))
        self.query.setAccessibleName(_("Search for"))
        self.view.setAccessibleName(_("Found"))
        self.setAccessibleName(_("Find in measures and results"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
