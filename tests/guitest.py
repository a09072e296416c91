"""Helpers shared by the GUI tests: the offscreen warning to ignore, typing Thai as an input method does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

#: The offscreen platform plugin warns whenever a window is shown; it says nothing about the program.
SIZE_HINTS = r"^This plugin does not support propagateSizeHints\(\)$"


def commit(widget: QWidget, text: str) -> None:
    """Type ``text`` at the cursor of ``widget`` as a Thai keyboard's input method commits it.

    ``qtbot.keyClicks`` with Thai text aborts the process (THAI_TEXT_NOTES.md)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace a one-line field's text as the clerk does (focus, select all, type, Return)."""
    edit.setFocus()
    edit.selectAll()
    if text:
        commit(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.text() == text
    qtbot.keyClick(edit, Qt.Key.Key_Return)
