"""Forms over the edited document: fields described once, bound to a path, undoable.

A form is a list of ``Field`` specs (key, label, kind). ``RecordForm`` lays
them out in a ``QFormLayout`` and binds them to one dict of a
``YearDocument`` (its *prefix* path): the form loads the values, and every
edit the clerk makes becomes an undoable ``YearDocument.set``. Typing into a
field merges into one undo step. Input that cannot be stored (a score of
120, a date that does not exist, a word where a number goes, a control
character such as NUL pasted into text, a paste longer than a one-line field
takes) marks the field red, says why under it in the current language, and
is not stored. The rules are the domain's
(``ita_desktop.domain.parse``), the same as the spreadsheet import's.

``ListEditor`` is the master–detail editor of a list in the document (the
measures, findings, people…): a table (``RecordListModel``) with Add,
Remove, Move up and Move down, and a ``RecordForm`` for the selected row.

Every input gets an ``objectName`` (``<form>_<key>``) and an
``accessibleName`` (its label), so tests and screen readers find it.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSizePolicy, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from ita_desktop.domain import parse
from ita_desktop.domain.fiscal import ce_to_be
from ita_desktop.domain.parse import ParseError
from ita_desktop.gui.editing import YearDocument
from ita_desktop.gui.thaiedit import ThaiTextEdit
from ita_desktop.i18n import _

_Index = QModelIndex | QPersistentModelIndex

#: Largest image a clerk may attach (emblem, signature), bytes; the schema allows 4,000,000 characters of data URL.
MAX_IMAGE_BYTES = 2_900_000
FIELD_STYLE = """
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 2px solid #b71c1c; background: #fff0f0; }
QLabel[role="fieldMessage"] { color: #b71c1c; }
"""


class FieldError(ValueError):
    """Text in a field that cannot be stored; ``str()`` says why in the current language."""


@dataclass(frozen=True)
class Field:
    """One input of a form.

    ``key``: the dict key it edits. ``label``: English source text (shown
    translated). ``kind``: ``line`` (one line), ``text`` (Thai paragraph
    editor), ``int`` (whole number ≥ 0), ``score`` (0–100), ``bool``,
    ``choice`` (``choices``: a list of (value, English label) or a callable
    giving (value, shown text) pairs), ``date`` (shown d/m/yyyy B.E.,
    stored ISO C.E.), ``image`` (PNG/JPEG as a data URL), ``lines`` (a list
    of strings, one per line), ``ints`` (indicator numbers ``1, 5``),
    ``codes`` (item codes ``O27, O28``), ``scorerow`` (the ten indicator
    scores as a row pasted from a spreadsheet), ``paragraphs`` (a list of
    paragraphs separated by blank lines). ``required``: empty is refused.
    ``hint``: placeholder text (English source). ``default``: what a missing
    key means (``thai_digits`` is True unless stored False).
    """

    key: str
    label: str
    kind: str = "line"
    required: bool = False
    choices: Sequence[tuple[Any, str]] | Callable[[], Sequence[tuple[Any, str]]] = ()
    hint: str = ""
    lines: int = 3
    default: Any = None
    mnemonics: tuple[str, str] | None = None  # an image field's Choose / Remove letters


# -- converting between stored values and field text ---------------------------------------
def date_text(iso: str | None) -> str:
    """An ISO (C.E.) date as the clerk writes it: ``1/10/2567`` (B.E.); '' for none."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{d.day}/{d.month}/{ce_to_be(d.year)}"


def _field_error(e: ParseError) -> FieldError:
    """The domain's refusal worded in the UI language."""
    return FieldError(_(e.template).format(**e.params))


def parse_date(text: str) -> str | None:
    """A date typed as d/m/yyyy (B.E. when the year is over 2400, else C.E.; Thai digits
    allowed; ``-`` or ``.`` also separate) or ISO ``yyyy-mm-dd``: the ISO C.E. date, or
    None when empty (``domain.parse.parse_date``). Raises FieldError."""
    try:
        return parse.parse_date(text)
    except ParseError as e:
        raise _field_error(e) from None


def parse_int(text: str) -> int | None:
    """A whole number 0–1,000,000,000 (Thai digits and thousands commas allowed), or None.
    Raises FieldError."""
    try:
        return parse.parse_int(text)
    except ParseError as e:
        raise _field_error(e) from None


def parse_ints(text: str) -> list[int]:
    """Indicator numbers 1–10 written ``1, 5 9``: a sorted list without repeats. Raises FieldError."""
    try:
        return parse.parse_ints(text)
    except ParseError as e:
        raise _field_error(e) from None


def parse_codes(text: str) -> list[str]:
    """Item codes written ``O27, o28 e4`` (as in the NACC manual): the list in the order
    typed, without repeats. Raises FieldError naming the bad code."""
    try:
        return parse.parse_codes(text)
    except ParseError as e:
        raise _field_error(e) from None


def check_text(text: str) -> str:
    """``text`` when it may be stored; FieldError naming a control character (NUL…) in it
    (``domain.parse.check_text``: the same rule as the import and the interchange file)."""
    try:
        return parse.check_text(text)
    except ParseError as e:
        raise _field_error(e) from None


def _plain(text: str) -> str:
    """A text field's text as stored: ``check_text``, without a leading U+FEFF. (Qt takes a
    string that starts with U+FEFF as a byte-order mark and drops it when the field shows it
    again, so a value stored with one would not read back as shown.)"""
    return check_text(text).lstrip("\ufeff")


def image_data_url(path: Path) -> str:
    """A PNG or JPEG file as a ``data:`` URL, as the documents store images. Raises FieldError
    (not an image, too large, unreadable)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FieldError(_("The file cannot be read: {why}").format(why=e.strerror or e)) from None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "png"
    elif data.startswith(b"\xff\xd8"):
        mime = "jpeg"
    else:
        raise FieldError(_("Choose a PNG or JPEG image."))
    if len(data) > MAX_IMAGE_BYTES:
        raise FieldError(_("The image is too large ({mb:.1f} MB); the limit is {limit:.1f} MB.").format(
            mb=len(data) / 1e6, limit=MAX_IMAGE_BYTES / 1e6))
    if QImage.fromData(data).isNull():
        raise FieldError(_("The image is damaged or cannot be read."))
    return f"data:image/{mime};base64,{base64.b64encode(data).decode('ascii')}"


def image_from_data_url(url: str) -> QImage:
    """The QImage of a ``data:image/...;base64,`` URL (a null image when it is not one)."""
    if not url or "," not in url:
        return QImage()
    try:
        return QImage.fromData(base64.b64decode(url.split(",", 1)[1]))
    except ValueError:
        return QImage()


def _mnemonic(text: str, letter: str) -> str:
    """``text`` answering to Alt+``letter``: the letter marked in it (English), or added in
    parentheses as Thai menus write it (``เลือกภาพ… (&H)``)."""
    i = text.lower().find(letter.lower())
    if i >= 0 and text.isascii():
        return text[:i] + "&" + text[i:]
    return f"{text} (&{letter.upper()})"


def _number_text(value: Any) -> str:
    """A stored score as a field shows it: every digit it has and no more (95.0 → ``95``,
    94.62 → ``94.62``, 10.00001 → ``10.00001``; ``{:g}`` would show ``10`` and a later edit
    would store that)."""
    try:
        d = Decimal(repr(float(value))).normalize()
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
    return format(d, "f") if d.is_finite() else str(value)


def _get(record: dict[str, Any], key: str) -> Any:
    """``record[key]``, where ``a/b`` reads ``record["a"]["b"]`` (None when missing)."""
    for step in key.split("/"):
        if not isinstance(record, dict):
            return None
        record = record.get(step)
    return record


def _choices(f: Field) -> Sequence[tuple[Any, str]]:
    items = f.choices() if callable(f.choices) else [(v, _(label)) for v, label in f.choices]
    return list(items)


# -- the image field ------------------------------------------------------------------------
class ImageField(QWidget):
    """An image (emblem, signature) chosen from a file: thumbnail, Choose…, Remove.

    ``value()`` is the data URL or ''; ``edited(str)`` fires when the clerk
    chooses or removes the image. ``ask_file`` can be replaced in tests.
    """

    edited = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None, mnemonics: tuple[str, str] = ("h", "v")):
        super().__init__(parent)
        self._value = ""
        self.mnemonics = mnemonics
        self.thumb = QLabel(self)
        self.thumb.setObjectName(f"{name}_thumb")
        self.thumb.setFixedSize(QSize(96, 96))
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("QLabel { border: 1px solid #bbb; background: white; }")
        self.choose = QPushButton(self)
        self.choose.setObjectName(f"{name}_choose")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName(f"{name}_remove")
        self.message = QLabel(self)
        self.message.setProperty("role", "fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.message)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.thumb)
        row.addLayout(buttons, 1)
        self.choose.clicked.connect(self._choose)
        self.clear_button.clicked.connect(lambda: self._set_by_clerk(""))
        self.retranslate()

    def ask_file(self) -> Path | None:
        """Ask for an image file (file dialog); None when cancelled."""
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose an image"), "",
                                                    _("Images (*.png *.jpg *.jpeg)"))
        return Path(name) if name else None

    def _choose(self) -> None:
        path = self.ask_file()
        if path is None:
            return
        try:
            url = image_data_url(path)
        except FieldError as e:
            self.message.setText(str(e))
            self.message.show()
            return
        self._set_by_clerk(url)

    def _set_by_clerk(self, url: str) -> None:
        self.message.hide()
        if url != self._value:
            self.set_value(url)
            self.edited.emit(url)

    def value(self) -> str:
        """The image as a data URL, or ''."""
        return self._value

    def set_value(self, url: str) -> None:
        """Show ``url`` (a data URL or '')."""
        self._value = url or ""
        image = image_from_data_url(self._value)
        if image.isNull():
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText(_("(none)"))
        else:
            ratio = self.devicePixelRatioF()
            pm = QPixmap.fromImage(image).scaled(self.thumb.size() * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation)
            pm.setDevicePixelRatio(ratio)
            self.thumb.setPixmap(pm)
        self.clear_button.setEnabled(bool(self._value) and self.choose.isEnabled())  # not when read-only

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.choose.setText(_mnemonic(_("Choose image…"), self.mnemonics[0]))
        self.clear_button.setText(_mnemonic(_("Remove image"), self.mnemonics[1]))
        for w in (self.choose, self.clear_button):
            w.setAccessibleName(w.text().replace("&", ""))
        if not self._value:
            self.thumb.setText(_("(none)"))


# -- a form over one dict -------------------------------------------------------------------
class RecordForm(QWidget):
    """The fields of one dict in a ``YearDocument`` (``prefix`` path), edited in place.

    ``name`` prefixes the objectNames (``measure_title``). ``bind(document,
    prefix)`` loads the values; ``set_prefix`` moves to another record (the
    selected row); with prefix None the form is cleared and disabled.
    """

    def __init__(self, name: str, fields: Sequence[Field], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{name}Form")
        self.name = name
        self.fields = list(fields)
        self.document: YearDocument | None = None
        self.prefix: tuple | None = None
        self._loading = False
        self._cut: set[str] = set()  # line edits whose last paste Qt cut at their maximum length
        self.widgets: dict[str, QWidget] = {}
        #: key → ``renamer(old, new)``: further changes made in the same undo step when the field
        #: changes (a measure's key renames the measure in its results)
        self.renamers: dict[str, Callable[[Any, Any], None]] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: long Thai labels, wide fields
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setStyleSheet(FIELD_STYLE)
        for f in self.fields:
            w = self._make(f)
            w.setObjectName(f"{name}_{f.key.replace('/', '_')}")
            label = QLabel(self)
            label.setBuddy(w)
            label.setWordWrap(True)
            message = QLabel(self)
            message.setProperty("role", "fieldMessage")
            message.setWordWrap(True)
            message.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(w)
            box.addWidget(message)
            layout.addRow(label, box)
            if not isinstance(w, ImageField):
                w.installEventFilter(self)  # Ctrl+Z / Ctrl+Y go to the window's undo stack
            self.widgets[f.key] = w
            self.labels[f.key] = label
            self.messages[f.key] = message
        self.retranslate()
        self.setEnabled(False)

    # -- building -----------------------------------------------------------------------
    def _make(self, f: Field) -> QWidget:
        k = f.kind
        if k in ("text", "lines", "paragraphs"):
            w = ThaiTextEdit(self)
            line_height = w.fontMetrics().lineSpacing()
            w.setMinimumHeight(int(line_height * (f.lines + 1)))
            w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            w.textEdited.connect(lambda _t, f=f: self._edited(f))
            w.editingFinished.connect(lambda f=f: self._finished(f))
            return w
        if k == "bool":
            w = QCheckBox(self)
            w.toggled.connect(lambda _on, f=f: self._edited(f))
            return w
        if k == "choice":
            w = QComboBox(self)
            w.activated.connect(lambda _i, f=f: self._edited(f))
            return w
        if k == "image":
            w = ImageField(f"{self.name}_{f.key}", self, f.mnemonics or ("h", "v"))
            w.edited.connect(lambda _u, f=f: self._edited(f))
            return w
        w = QLineEdit(self)
        # a paste longer than the line edit takes (32,767 characters) is cut by Qt, which says so
        # with inputRejected just before textEdited: the cut text is refused, not stored
        w.inputRejected.connect(lambda f=f: self._cut.add(f.key))
        w.textEdited.connect(lambda _t, f=f: self._edited(f))
        w.editingFinished.connect(lambda f=f: self._finished(f))
        return w

    def retranslate(self) -> None:
        """Labels, hints and choices in the current language."""
        for f in self.fields:
            label = _(f.label)
            self.labels[f.key].setText(label + (" *" if f.required else "") + ":")
            w = self.widgets[f.key]
            w.setAccessibleName(label)
            if f.hint and hasattr(w, "setPlaceholderText"):
                w.setPlaceholderText(_(f.hint))
            if isinstance(w, ImageField):
                w.retranslate()
        self.refresh_choices()

    def refresh_choices(self) -> None:
        """Fill the choice lists again (people, departments change as the clerk edits)."""
        for f in self.fields:
            if f.kind != "choice":
                continue
            combo: QComboBox = self.widgets[f.key]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for value, text in _choices(f):
                combo.addItem(text, value)
            i = combo.findData(current)
            combo.setCurrentIndex(i if i >= 0 else (0 if combo.count() else -1))
            combo.blockSignals(False)
        if self.document is not None and self.prefix is not None:
            self._load_choices()

    # -- binding ------------------------------------------------------------------------
    def bind(self, document: YearDocument | None, prefix: tuple | None) -> None:
        """Edit the dict at ``prefix`` of ``document`` (None: nothing, the form is disabled)."""
        if self.document is not document:
            if self.document is not None:
                self.document.changed.disconnect(self._document_changed)
            self.document = document
            if document is not None:
                document.changed.connect(self._document_changed)
        self.set_prefix(prefix)

    def set_prefix(self, prefix: tuple | None) -> None:
        """Move to another record of the same document (None: clear and disable)."""
        self.prefix = tuple(prefix) if prefix is not None else None
        self.setEnabled(self.document is not None and self.prefix is not None)
        self.load()

    def _document_changed(self, path: tuple) -> None:
        if self.prefix is None:
            return
        n = min(len(path), len(self.prefix))
        if tuple(path[:n]) == self.prefix[:n]:
            self.load(keep_focus=True)

    def load(self, keep_focus: bool = False) -> None:
        """Show the stored values (``keep_focus``: leave alone the field the clerk is typing in
        when it already shows the stored value)."""
        self._loading = True
        try:
            record = self.document.get(self.prefix, {}) if self.document and self.prefix else {}
            record = record if isinstance(record, dict) else {}
            for f in self.fields:
                w = self.widgets[f.key]
                value = _get(record, f.key)
                value = f.default if value is None else value
                if keep_focus and w.hasFocus() and not self.messages[f.key].isVisible():
                    try:
                        if self._value(f) == value or (value in (None, "", []) and self._value(f) in (None, "", [])):
                            continue
                    except FieldError:
                        continue
                self._show(f, value)
                self._set_error(f, "")
        finally:
            self._loading = False

    def _load_choices(self) -> None:
        record = self.document.get(self.prefix, {}) or {}
        self._loading = True
        try:
            for f in self.fields:
                if f.kind == "choice":
                    self._show(f, _get(record, f.key))
        finally:
            self._loading = False

    def _show(self, f: Field, value: Any) -> None:
        w = self.widgets[f.key]
        k = f.kind
        if k == "text":
            if w.text() != (value or ""):
                w.setText(value or "")
        elif k == "lines":
            text = "\n".join(value or [])
            if w.text() != text:
                w.setText(text)
        elif k == "paragraphs":
            text = "\n\n".join(value or [])
            if w.text() != text:
                w.setText(text)
        elif k == "bool":
            w.blockSignals(True)
            w.setChecked(bool(value))
            w.blockSignals(False)
        elif k == "choice":
            i = w.findData(value)
            if i < 0 and value not in (None, ""):
                w.addItem(str(value), value)
                i = w.count() - 1
            w.setCurrentIndex(i if i >= 0 else (w.findData("") if w.findData("") >= 0 else -1))
        elif k == "image":
            w.set_value(value or "")
        elif k == "date":
            w.setText(date_text(value))
        elif k == "ints":
            w.setText(", ".join(str(v) for v in value or []))
        elif k == "codes":
            w.setText(", ".join(value or []))
        elif k == "score":
            w.setText("" if value is None else _number_text(value))
        elif k == "scorerow":
            value = value or {}
            w.setText("\t".join(_number_text(value[str(n)]) if str(n) in value else "-" for n in range(1, 11))
                      if value else "")
        elif k == "int":
            w.setText("" if value is None else str(value))
        else:
            w.setText("" if value is None else str(value))

    def _value(self, f: Field) -> Any:
        """The field's value in the stored form. Raises FieldError."""
        w = self.widgets[f.key]
        k = f.kind
        if k == "text":
            v = _plain(w.text())
        elif k == "lines":
            v = [line.strip() for line in _plain(w.text()).splitlines() if line.strip()]
        elif k == "paragraphs":
            v = [p.strip() for p in re.split(r"\n\s*\n", _plain(w.text())) if p.strip()]
        elif k == "bool":
            return w.isChecked()
        elif k == "choice":
            v = w.currentData()
        elif k == "image":
            v = w.value()
        elif k == "date":
            v = parse_date(w.text())
        elif k == "int":
            v = parse_int(w.text())
        elif k == "ints":
            v = parse_ints(w.text())
        elif k == "codes":
            v = parse_codes(w.text())
        elif k == "score":
            from ita_desktop.gui.score_form import ScoreInputError, parse_score_input

            try:
                d = parse_score_input(w.text())
            except ScoreInputError as e:
                raise FieldError(str(e)) from None
            v = None if d is None else float(d)
        elif k == "scorerow":
            from ita_desktop.gui.score_form import ScoreInputError, parse_score_row

            if not w.text().strip():
                v = None
            else:
                try:
                    v = {str(n): float(d) for n, d in sorted(parse_score_row(w.text()).items())}
                except ScoreInputError as e:
                    raise FieldError(str(e)) from None
        else:
            v = _plain(w.text()).strip()
        if f.required and v in (None, "", []):
            raise FieldError(_("This cannot be left empty."))
        return v

    def value(self, key: str) -> Any:
        """The current value of field ``key`` (stored form). Raises FieldError."""
        return self._value(next(f for f in self.fields if f.key == key))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        """Let Undo and Redo reach the window's undo stack: a field's own undo is off (the
        application's QUndoStack holds every edit), but a line edit would still claim the keys."""
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Y")):
            return True
        return super().eventFilter(obj, event)

    def _edited(self, f: Field) -> None:
        if self._loading or self.document is None or self.prefix is None:
            return
        w = self.widgets[f.key]
        if f.key in self._cut:
            self._cut.discard(f.key)
            if isinstance(w, QLineEdit) and len(w.text()) >= w.maxLength():
                self._set_error(f, _("Too long for this field (at most {n} characters): the text was cut, "
                                     "and is not stored.").format(n=f"{w.maxLength():,}"))
                return
        try:
            value = self._value(f)
        except FieldError as e:
            self._set_error(f, str(e))
            return
        self._set_error(f, "")
        if value == [] and f.kind in ("lines", "ints", "codes", "paragraphs"):
            value = None
        if f.default is not None and value == f.default:
            value = None  # the default is left out, as the importer and exporter do
        path = self.prefix + tuple(f.key.split("/"))
        text = _("Edit {what}").format(what=_(f.label))
        renamer = self.renamers.get(f.key)
        if renamer is None:
            self.document.set(path, value, text=text, merge=f.kind not in ("bool", "choice", "image"))
            return
        old = self.document.get(path)
        stack = self.document.undo_stack
        stack.beginMacro(text)
        try:
            if self.document.set(path, value, text=text):
                renamer(old, value)
        finally:
            stack.endMacro()

    def _finished(self, f: Field) -> None:
        """Leaving a field shows the stored value in its usual form (``1/10/2567``, ``1, 5``)
        unless the text is refused (then the message stays)."""
        if self._loading or self.document is None or self.prefix is None or self.messages[f.key].isVisible():
            return
        self._loading = True
        try:
            self._show(f, _get(self.document.get(self.prefix, {}) or {}, f.key))
        finally:
            self._loading = False

    def _set_error(self, f: Field, message: str) -> None:
        w = self.widgets[f.key]
        label = self.messages[f.key]
        label.setText(message)
        label.setVisible(bool(message))
        if w.property("invalid") != bool(message):
            w.setProperty("invalid", bool(message))
            w.style().unpolish(w)
            w.style().polish(w)

    def message(self, key: str) -> str:
        """The refusal shown under field ``key`` ('' when none)."""
        label = self.messages[key]
        return "" if label.isHidden() else label.text()  # also when the form itself is not shown

    def widget(self, key: str) -> QWidget:
        """The input of field ``key``."""
        return self.widgets[key]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# -- a list in the document -------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column of a ``RecordListModel``: ``header`` (English source) and ``show(record) -> str``."""

    header: str
    show: Callable[[dict[str, Any]], str]
    width_chars: int = 0


def key_column(key: str, header: str, width_chars: int = 0) -> Column:
    """A column showing ``record[key]`` (lists joined with commas)."""
    def show(r: dict[str, Any]) -> str:
        v = r.get(key)
        if isinstance(v, list):
            return ", ".join(map(str, v))
        if isinstance(v, bool):
            return "✓" if v else ""
        return "" if v is None else str(v)
    return Column(header, show, width_chars)


class RecordListModel(QAbstractTableModel):
    """A list of dicts in a ``YearDocument`` (at ``path``) as a read-only table.

    Rows follow the document: any change under ``path`` resets the model.
    ``RECORD_ROLE`` gives a row's dict.
    """

    RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.document: YearDocument | None = None
        self.path: tuple = ()
        self.row_filter: Callable[[dict[str, Any]], bool] | None = None
        self._rows: list[tuple[int, dict[str, Any]]] = []

    def bind(self, document: YearDocument | None, path: tuple) -> None:
        """Show the list at ``path`` of ``document`` (None: empty)."""
        if self.document is not document:
            if self.document is not None:
                self.document.changed.disconnect(self._changed)
            self.document = document
            if document is not None:
                document.changed.connect(self._changed)
        self.path = tuple(path)
        self.reload()

    def _changed(self, path: tuple) -> None:
        n = min(len(path), len(self.path))
        if tuple(path[:n]) == self.path[:n] or (self.row_filter is not None and path[:1] == self.path[:1]):
            self.reload()

    def reload(self) -> None:
        """Read the list again from the document."""
        self.beginResetModel()
        items = (self.document.get(self.path, []) or []) if self.document is not None else []
        self._rows = [(i, r) for i, r in enumerate(items)
                      if isinstance(r, dict) and (self.row_filter is None or self.row_filter(r))]
        self.endResetModel()

    def source_index(self, row: int) -> int:
        """The index in the document's list of table row ``row``."""
        return self._rows[row][0]

    def row_of(self, index: int) -> int:
        """The table row of list item ``index`` (-1 when filtered out)."""
        for row, (i, _r) in enumerate(self._rows):
            if i == index:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        record = self._rows[index.row()][1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.columns[index.column()].show(record)
            if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
                text = text[:117] + "…"
            return text
        if role == self.RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt name)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ListEditor(QWidget):
    """Master–detail editor of a list in the document: table, buttons, and the selected row's form.

    ``name``: objectName stem (``measures`` → ``measuresView``,
    ``measuresAdd``…). ``new_item(document) -> dict``: what Add inserts.
    ``what``: what one item is called (undo texts). ``vertical``: the form
    under the table (else beside it). Extra buttons can be added with
    ``add_button``. ``currentChanged(int)``: the selected list index (-1).
    """

    currentChanged = Signal(int)

    #: True while the database is open read-only: the list's buttons stay disabled (the window sets it).
    read_only = False

    def __init__(self, name: str, columns: Sequence[Column], fields: Sequence[Field],
                 new_item: Callable[[YearDocument], dict[str, Any]], parent: QWidget | None = None,
                 *, what: str = "item", vertical: bool = False):
        super().__init__(parent)
        self.setObjectName(f"{name}Editor")
        self.name = name
        self.what = what
        self.new_item = new_item
        self.document: YearDocument | None = None
        self.path: tuple = ()
        self.model = RecordListModel(columns, self)
        self.view = QTableView(self)
        self.view.setObjectName(f"{name}View")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        # rows of three lines (long texts end in "…"): sizing every row to its contents would lay
        # out every cell on each change (the benchmark's switch time)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().lineSpacing() * 3 + 6)
        self.view.setTabKeyNavigation(False)
        self.form = RecordForm(name.rstrip("s") if name.endswith("s") else name, fields, self)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key in ("add", "remove", "up", "down"):
            b = QPushButton(self)
            b.setObjectName(f"{name}{key.capitalize()}")
            self.buttons[key] = b
            bar.addWidget(b)
        self._bar = bar
        bar.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view)
        top_layout.addLayout(bar)
        self._extra_bar = QHBoxLayout()  # the list's own helpers (catalogue, copy…) on a second row
        self._extra_bar.addStretch(1)
        top_layout.addLayout(self._extra_bar)
        from PySide6.QtWidgets import QScrollArea

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setObjectName(f"{name}FormScroll")
        scroll.setMinimumWidth(self.fontMetrics().horizontalAdvance("ก") * 24)
        self.splitter = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2 if vertical else 1)
        self.splitter.setStretchFactor(1, 3 if vertical else 1)
        self.splitter.setChildrenCollapsible(False)
        # the table and the form share the room: half each side by side, 2 : 3 stacked (QSplitter
        # scales these to the real size when it is laid out)
        self.splitter.setSizes([20000, 30000] if vertical else [25000, 25000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["remove"].clicked.connect(self.remove_current)
        self.buttons["up"].clicked.connect(lambda: self.move_current(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_current(1))
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._after_reset)
        self._current = -1
        self.retranslate()
        self._update_buttons()

    def add_button(self, key: str) -> QPushButton:
        """Another button on the bar (objectName ``<name><Key>``); the caller sets its text."""
        b = QPushButton(self)
        b.setObjectName(f"{self.name}{key[0].upper()}{key[1:]}")
        self._extra_bar.insertWidget(self._extra_bar.count() - 1, b)
        self.buttons[key] = b
        return b

    def retranslate(self) -> None:
        """Button texts in the current language."""
        texts = {"add": _("&Add"), "remove": _("&Remove"), "up": _("Move &up"), "down": _("Move do&wn")}
        for key, text in texts.items():
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(text.replace("&", ""))
        self.view.setAccessibleName(self.accessibleName() or self.name)

    def bind(self, document: YearDocument | None, path: tuple) -> None:
        """Edit the list at ``path`` of ``document``."""
        self.document = document
        self.path = tuple(path)
        self._current = -1
        self.model.bind(document, path)
        self.form.bind(document, None)
        self.size_columns()
        if self.model.rowCount():
            self.select(self.model.source_index(0))
        self._update_buttons()

    def items(self) -> list[dict[str, Any]]:
        """The list as it stands in the document."""
        return list(self.document.get(self.path, []) or []) if self.document is not None else []

    def current(self) -> int:
        """The selected list index, or -1."""
        return self._current

    def select(self, index: int) -> None:
        """Select list item ``index`` (its row in the table) and show it in the form."""
        row = self.model.row_of(index)
        if row < 0:
            self.view.clearSelection()
            self._set_current(-1)
            return
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.selectRow(row)
        self._set_current(index)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_current(self.model.source_index(current.row()) if current.isValid() else -1)

    def _set_current(self, index: int) -> None:
        if index != self._current or self.form.prefix is None and index >= 0:
            self._current = index
            self.form.set_prefix(self.path + (index,) if index >= 0 else None)
            self.currentChanged.emit(index)
        self._update_buttons()

    def _after_reset(self) -> None:
        """After the list changed: keep the same position selected. The form reloads by
        itself (it follows the document), so typing in it is not disturbed."""
        n = len(self.items())
        keep = self._current if 0 <= self._current < n else (n - 1 if n else -1)
        if keep >= 0 and self.model.row_of(keep) >= 0:
            if keep == self._current:
                row = self.model.row_of(keep)
                self.view.selectionModel().blockSignals(True)
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.selectRow(row)
                self.view.selectionModel().blockSignals(False)
                self.view.viewport().update()
                self._update_buttons()
            else:
                self.select(keep)
        else:
            self._set_current(-1)

    def _update_buttons(self) -> None:
        has = self.document is not None and not self.read_only
        i, n = self._current, len(self.items())
        self.buttons["add"].setEnabled(has)
        self.buttons["remove"].setEnabled(has and i >= 0)
        self.buttons["up"].setEnabled(has and i > 0)
        self.buttons["down"].setEnabled(has and 0 <= i < n - 1)

    def add(self) -> int:
        """Add a new item after the selected one (at the end when none); select it and focus its first field."""
        if self.document is None:
            return -1
        at = self._current + 1 if self._current >= 0 else len(self.items())
        self.document.insert(self.path, at, self.new_item(self.document), text=_("Add {what}").format(what=_(self.what)))
        self.select(at)
        first = self.form.fields[0].key if self.form.fields else None
        if first:
            self.form.widget(first).setFocus(Qt.FocusReason.OtherFocusReason)
        return at

    def insert_item(self, item: dict[str, Any], at: int = -1) -> int:
        """Insert a prepared ``item`` (from the catalogue) and select it; returns its index."""
        n = len(self.items())
        at = n if at < 0 or at > n else at
        self.document.insert(self.path, at, item, text=_("Add {what}").format(what=_(self.what)))
        self.select(at)
        return at

    def remove_current(self) -> None:
        """Remove the selected item (undoable with Ctrl+Z)."""
        if self.document is None or self._current < 0:
            return
        self.document.remove(self.path, self._current, text=_("Remove {what}").format(what=_(self.what)))

    def move_current(self, step: int) -> None:
        """Move the selected item up (-1) or down (+1)."""
        i = self._current
        if self.document is None or i < 0:
            return
        to = i + step
        if 0 <= to < len(self.items()):
            self.document.move(self.path, i, to, text=_("Move {what}").format(what=_(self.what)))
            self.select(to)

    def size_columns(self) -> None:
        """Column widths from the columns' ``width_chars`` (in widths of ก)."""
        fm = self.view.fontMetrics()
        for col, c in enumerate(self.model.columns):
            if c.width_chars:
                self.view.setColumnWidth(col, fm.horizontalAdvance("ก") * c.width_chars)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = ["Column", "Field", "FieldError", "ImageField", "ListEditor", "RecordForm", "RecordListModel",
           "check_text", "date_text", "image_data_url", "key_column", "parse_codes", "parse_date", "parse_int",
           "parse_ints"]
