"""The window's safety features: who is recording changes, the history of an item, the backups.

``PersonSelector`` is the "Recorded by" box beside the office and year
selectors: the person chosen there is written into every audit row with
the operating-system user (``Store.set_actor``; ISSUE 6, part 6).
``history_target`` finds the item the clerk is on (the selected record
of the list that has the focus, else of the tab) for Edit → History of
this item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QMessageBox, QWidget

from ita_desktop.gui.checks_panel import in_ui_language
from ita_desktop.gui.forms import ListEditor
from ita_desktop.i18n import _

if TYPE_CHECKING:
    from ita_desktop.store.repo import Store


class PersonSelector(QWidget):
    """"Recorded by: [person ▾]": the office's people (and "not named"), remembered per office.

    Choosing a person calls ``store.set_actor(name)``, so every change
    saved from then on names that person beside the operating-system user.
    ``settings`` keeps the choice under ``audit/person/<office id>`` (the
    person's name; a renamed or removed person falls back to "not named").
    Emits ``personChanged(name)`` ('' for nobody).
    """

    personChanged = Signal(str)

    def __init__(self, store: Store, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("personSelector")
        self.store = store
        self.settings = settings
        self.office_id: int | None = None
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("personCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(12)
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.retranslate()

    def set_people(self, office_id: int | None, people: list[dict[str, Any]]) -> None:
        """Offer ``people`` (interchange person dicts: name, position) of office ``office_id`` and
        select the one remembered for that office."""
        self.office_id = office_id
        combo = self.combo
        current = self.settings.value(self._key(), "", type=str) if office_id is not None else ""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("(not named)"), "")
        for p in people:
            name = str(p.get("name") or "").strip()
            if name and combo.findData(name) < 0:
                combo.addItem(f"{name} ({p['position']})" if p.get("position") else name, name)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        self._apply()

    def person(self) -> str:
        """The chosen person's name, '' for nobody."""
        return self.combo.currentData() or ""

    def choose(self, name: str) -> bool:
        """Choose the person called ``name`` (as the clerk would); False when not offered."""
        index = self.combo.findData(name)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def _key(self) -> str:
        return f"audit/person/{self.office_id}"

    def _chosen(self, _index: int) -> None:
        if self.office_id is not None:
            self.settings.setValue(self._key(), self.person())
        self._apply()

    def _apply(self) -> None:
        self.store.set_actor(self.person())
        self.personChanged.emit(self.person())

    def retranslate(self) -> None:
        """Texts in the current UI language."""
        self.label.setText(_("Recorded &by:"))
        tip = _("The person making the changes. Every change is recorded with this name, the computer's "
                "user name and the time (Edit → History of this item).")
        self.combo.setToolTip(tip)
        self.combo.setAccessibleName(_("Recorded by"))
        if self.combo.count():
            self.combo.setItemText(0, _("(not named)"))


def history_target(tab: QWidget, fallback: tuple) -> tuple:
    """The document path of the item the clerk is on in ``tab`` (a ``YearDocument`` path such as
    ``("assessment", "measures", 2)``): the selected record of the list that holds the keyboard
    focus (the innermost one), else of the first list with a selection, else ``fallback``."""
    editors = [e for e in tab.findChildren(ListEditor) if e.document is not None]
    focus = QApplication.focusWidget()
    holding = [e for e in editors if focus is not None and e.isAncestorOf(focus) and e.current() >= 0]
    if holding:
        inner = max(holding, key=lambda e: len(e.path))
        return inner.path + (inner.current(),)
    for e in editors:
        if e.current() >= 0 and e.isVisibleTo(tab):
            return e.path + (e.current(),)
    return fallback



def ask_save_elsewhere(parent: QWidget | None, title: str, busy) -> bool:
    """A PDF (or a file of the pack) is held open by another program (``busy``: a
    ``pdf.atomic.TargetBusy``): ask whether to save as ``busy.alternative`` instead (True) or
    to cancel and close the file first (False). A modal message box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, in_ui_language(str(busy)), parent=parent)
    other = box.addButton(_("Save as {name}").format(name=busy.alternative.name), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(other)
    box.exec()
    return box.clickedButton() is other
