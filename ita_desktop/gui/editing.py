"""The office and fiscal year being edited: one document, undo and redo, autosave.

Every form of the window edits one ``YearDocument``: the office's profile
and one fiscal year's assessment, in the interchange shape of
``resources/schema/office.schema.json`` (``{"office": {...}, "assessment":
{...}}``). A form never writes the database. It asks the document to change
a value at a *path* (``("assessment", "measures", 2, "title")``); the change
is a ``QUndoCommand`` pushed on the window's ``QUndoStack``, so every edit
can be undone (Ctrl+Z) and redone (Ctrl+Y / Ctrl+Shift+Z), and typing into
one field merges into one step.

Autosave: a change starts a short timer; when it fires the document is
checked against the JSON Schema and written with ``Store.save_year`` in one
transaction. A document the schema refuses (a measure without a title) is
not written: ``saveFailed`` carries the reason in Thai and English, and the
edit stays pending until it is fixed or undone. Nothing half-written can
reach the database. ``save_now()`` runs at once (switching office or year,
closing the window, printing).

A document opened with ``store=None`` is a draft (the wizard): it keeps
undo but never saves by itself.
"""

from __future__ import annotations

import copy
import sqlite3
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ita_desktop.i18n import _

Path_ = tuple  # a path into the document: keys (str) and list indexes (int)

#: Milliseconds between the last edit and the autosave.
AUTOSAVE_MS = 700
_MERGE_ID = 0x17A  # QUndoCommand.id() of commands that merge while typing
_MISSING = object()


class DocumentError(ValueError):
    """The document cannot be saved as it is; ``str()`` says what and where (Thai / English)."""


def get_path(doc: Any, path: Path_, default: Any = None) -> Any:
    """The value at ``path`` in nested dicts and lists, or ``default`` when a step is missing."""
    node = doc
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return default
    return node


def set_path(doc: Any, path: Path_, value: Any) -> None:
    """Set the value at ``path``, creating missing dicts on the way.

    ``value`` ``_MISSING`` (or None for a dict key) removes the key: optional
    fields are left out rather than stored empty, as the importer expects.
    Raises KeyError/IndexError when a list index on the way does not exist.
    """
    node = doc
    for i, step in enumerate(path[:-1]):
        if isinstance(node, dict) and step not in node:
            node[step] = [] if isinstance(path[i + 1], int) else {}
        node = node[step]
    last = path[-1]
    if isinstance(node, dict) and (value is _MISSING or value is None):
        node.pop(last, None)
    else:
        node[last] = value


class _SetValue(QUndoCommand):
    """Replace the value at one path (a field, or a whole list for insert/remove/move)."""

    def __init__(self, document: YearDocument, path: Path_, old: Any, new: Any, text: str, merge: bool):
        super().__init__(text)
        self.document = document
        self.path = path
        self.old = old
        self.new = new
        self.merge = merge

    def id(self) -> int:  # noqa: A003 (Qt name)
        return _MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt name)
        if not (isinstance(other, _SetValue) and other.merge and other.path == self.path
                and other.document is self.document):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.document._apply(self.path, self.new)

    def undo(self) -> None:
        self.document._apply(self.path, self.old)


class YearDocument(QObject):
    """One office's profile and one fiscal year's assessment, edited with undo and saved by itself.

    ``doc`` is ``{"office": <office part of the interchange document>,
    "assessment": <one assessment>}``; ``office_id`` is None for an office
    not yet in the database (the wizard). ``year`` is the fiscal year, B.E.

    Signals: ``changed(path)`` after any change (the path, a tuple, of the
    value that changed; forms reload what lies under it); ``saved()`` after a
    write; ``saveFailed(message)`` when the schema or the database refused
    the document (message in Thai / English); ``dirtyChanged(bool)``.
    """

    changed = Signal(tuple)
    saved = Signal()
    saveFailed = Signal(str)
    dirtyChanged = Signal(bool)

    def __init__(self, store, office_id: int | None, year: int, doc: dict[str, Any], *,
                 undo_stack: QUndoStack | None = None, autosave_ms: int = AUTOSAVE_MS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.office_id = office_id
        self.year = year
        self.doc = doc
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._dirty = False
        self.last_error = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self.save_now)

    @classmethod
    def load(cls, store, office_id: int, year: int, **kw) -> YearDocument:
        """Open the stored office and year. Raises ``store.repo.NotFound``."""
        return cls(store, office_id, year, store.year_doc(office_id, year), **kw)

    # -- reading ------------------------------------------------------------------------
    def get(self, path: Path_, default: Any = None) -> Any:
        """The value at ``path`` (see ``get_path``)."""
        return get_path(self.doc, path, default)

    @property
    def office(self) -> dict[str, Any]:
        """The office profile part (a dict; edit it only through ``set``)."""
        return self.doc["office"]

    @property
    def assessment(self) -> dict[str, Any]:
        """The fiscal year's assessment part (a dict; edit it only through ``set``)."""
        return self.doc["assessment"]

    def interchange(self) -> dict[str, Any]:
        """The document as a whole interchange document (what the PDFs and the checks read)."""
        return {"format": "ita-desktop/1", "office": copy.deepcopy(self.office),
                "assessments": [copy.deepcopy(self.assessment)]}

    @property
    def dirty(self) -> bool:
        """True while an edit is not yet in the database."""
        return self._dirty

    # -- editing ------------------------------------------------------------------------
    def set(self, path: Path_, value: Any, *, text: str = "", merge: bool = False) -> bool:
        """Change the value at ``path`` as one undoable step; False when it already had that value.

        ``value`` None or "" removes an optional key. ``merge``: join the
        previous step when it changed the same path (typing in a field).
        ``text`` names the step in Edit → Undo.
        """
        if value == "" and isinstance(path[-1], str):
            value = None
        old = self.get(path, _MISSING)
        if old is _MISSING and value is None or old == value:
            return False
        self.undo_stack.push(_SetValue(self, path, _copy(old), _copy(value), text or _("Edit"), merge))
        return True

    def insert(self, path: Path_, index: int, item: Any, *, text: str = "") -> None:
        """Insert ``item`` into the list at ``path`` at ``index`` (-1 or len: at the end), undoably."""
        items = list(self.get(path, []) or [])
        index = len(items) if index < 0 or index > len(items) else index
        items.insert(index, copy.deepcopy(item))
        self._replace_list(path, items, text or _("Add"))

    def remove(self, path: Path_, index: int, *, text: str = "") -> None:
        """Remove item ``index`` of the list at ``path``, undoably. Raises IndexError."""
        items = list(self.get(path, []) or [])
        del items[index]
        self._replace_list(path, items, text or _("Remove"))

    def move(self, path: Path_, index: int, to: int, *, text: str = "") -> None:
        """Move item ``index`` of the list at ``path`` to position ``to``, undoably."""
        items = list(self.get(path, []) or [])
        if not (0 <= index < len(items) and 0 <= to < len(items)) or index == to:
            return
        items.insert(to, items.pop(index))
        self._replace_list(path, items, text or _("Move"))

    def _replace_list(self, path: Path_, items: list, text: str) -> None:
        old = self.get(path, _MISSING)
        self.undo_stack.push(_SetValue(self, path, _copy(old), items, text, False))

    def _apply(self, path: Path_, value: Any) -> None:
        set_path(self.doc, path, _copy(value))
        self._set_dirty(True)
        self.last_error = ""
        if self.store is not None:
            self._timer.start()
        self.changed.emit(tuple(path))

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    # -- saving ---------------------------------------------------------------------------
    def check(self) -> None:
        """Raise DocumentError when the schema refuses the document (what and where, Thai / English)."""
        from ita_desktop.store.interchange import InterchangeError, validate

        try:
            validate(self.interchange(), "หน้าจอ / the window")
        except InterchangeError as e:
            raise DocumentError(str(e)) from None

    def save_now(self) -> bool:
        """Write the document now if it has unsaved edits; True when the database has it all.

        On refusal (schema, constraint, locked or full disk) nothing is
        written, ``saveFailed`` is emitted with the reason, and the edits
        stay pending. A draft (no store) is never written.
        """
        self._timer.stop()
        if not self._dirty or self.store is None:
            return not self._dirty
        try:
            self.check()
            self.store.save_year(self.office_id, self.office, self.assessment)
        except (DocumentError, ValueError, sqlite3.Error, OSError) as e:
            self.last_error = str(e)
            self.saveFailed.emit(self.last_error)
            return False
        self._set_dirty(False)
        self.saved.emit()
        return True


def _copy(value: Any) -> Any:
    """A deep copy, except the "no such key" marker, which must stay itself (undo removes the key)."""
    return value if value is _MISSING else copy.deepcopy(value)


def unique_key(existing: list[str], prefix: str) -> str:
    """The first of ``prefix1``, ``prefix2``, … not in ``existing`` (keys of measures, people)."""
    n = 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"

