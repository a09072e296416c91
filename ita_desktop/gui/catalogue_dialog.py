"""Measures → From the catalogue: pick standard measures to adapt (No Gift Policy, E-Service, …).

The catalogue (``domain.catalogue``, built from real published reports)
is listed with a filter box: tick the measures to add, read what each one
answers and its typical steps beside the list, then Add. The window turns
each ticked entry into a measure of the fiscal year (``measure_from``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from ita_desktop import i18n
from ita_desktop.i18n import _


def _get(entry: Any, name: str, default: Any = "") -> Any:
    return entry.get(name, default) if isinstance(entry, dict) else getattr(entry, name, default)


class CatalogueDialog(QDialog):
    """Tick standard measures of the catalogue; ``chosen()`` gives their keys after Add.

    ``year``: the fiscal year (B.E.) they are for (shown in the title), or None.
    """

    def __init__(self, year: int | None, parent: QWidget | None = None):
        from ita_desktop.domain.catalogue import load_catalogue

        super().__init__(parent)
        self.setObjectName("catalogueDialog")
        self.year = year
        self.entries = list(load_catalogue().entries)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("catalogueFilter")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("catalogueList")
        self.details = QTextBrowser(self)
        self.details.setObjectName("catalogueDetails")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        for e in self.entries:
            item = QListWidgetItem(self._title(e), self.list)
            item.setData(Qt.ItemDataRole.UserRole, _get(e, "key"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(self.details)
        split.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.setObjectName("catalogueButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.filter)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self.filter.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(lambda cur, _prev: self._show(cur))
        self.list.itemChanged.connect(lambda _i: self._update_ok())
        self.list.installEventFilter(self)
        self.setWindowTitle(_("Catalogue of measures") + (f" – {year}" if year else ""))
        self.hint.setText(_("Tick the measures to add (Space ticks the selected one). Each becomes a measure of "
                            "the fiscal year that you can adapt."))
        self.filter.setPlaceholderText(_("Filter, e.g. ของขวัญ or E-Service"))
        self.filter.setAccessibleName(_("Filter the catalogue"))
        self.list.setAccessibleName(_("Standard measures"))
        self.details.setAccessibleName(_("About the selected measure"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Add"))
        ok.setAccessibleName(_("Add"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        self.resize(self.fontMetrics().horizontalAdvance("ก") * 110, self.fontMetrics().height() * 30)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_ok()

    def _fill(self, entry: Any, text: str) -> str:
        """``text`` with the entry's {year} placeholders filled for the dialog's fiscal year."""
        return entry.fill(text, self.year) if self.year and hasattr(entry, "fill") else text

    def _title(self, entry: Any) -> str:
        title = self._fill(entry, _get(entry, "title"))
        english = _get(entry, "title_en")
        return f"{title} ({english})" if english and i18n.language() != "th" else title

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            e = self.entries[i]
            hay = " ".join(str(_get(e, k)) for k in ("title", "title_en", "issue", "key")).lower()
            item.setHidden(bool(text) and text not in hay)
        current = self.list.currentItem()
        if current is None or current.isHidden():  # never leave the keyboard on a hidden entry
            shown = next((self.list.item(i) for i in range(self.list.count()) if not self.list.item(i).isHidden()),
                         None)
            self.list.setCurrentItem(shown)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """Home and End go to the first and last entry the filter shows (QListView would go to
        hidden ones, and Space would tick an entry the clerk cannot see)."""
        if obj is self.list and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Home,
                                                                                         Qt.Key.Key_End):
            shown = [self.list.item(i) for i in range(self.list.count()) if not self.list.item(i).isHidden()]
            if shown:
                self.list.setCurrentItem(shown[0] if event.key() == Qt.Key.Key_Home else shown[-1])
            return True
        return super().eventFilter(obj, event)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.details.clear()
            return
        e = self.entries[self.list.row(item)]
        parts = [f"<h3>{self._title(e)}</h3>"]
        if _get(e, "issue"):
            parts.append(f"<p><b>{_('Issue it answers')}:</b> {_get(e, 'issue')}</p>")
        inds = _get(e, "indicators", [])
        if inds:
            parts.append(f"<p><b>{_('Indicators')}:</b> {', '.join(map(str, inds))}</p>")
        if _get(e, "steps"):
            steps = self._fill(e, str(_get(e, "steps"))).replace("\n", "<br>")
            parts.append(f"<p><b>{_('Steps')}:</b><br>{steps}</p>")
        if _get(e, "responsible"):
            parts.append(f"<p><b>{_('Responsible')}:</b> {_get(e, 'responsible')}</p>")
        self.details.setHtml("".join(parts))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def set_checked(self, keys: list[str]) -> None:
        """Tick the entries with these keys (and untick the others)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in keys
                               else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        """Keys of the ticked entries, in catalogue order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
