"""Thai text that wraps at word boundaries in Qt widgets, on every platform.

Qt finds line-break opportunities inside Thai only through libthai, loaded at
run time; Windows has no libthai, so a word-wrapped Thai paragraph without
spaces cannot wrap there at all (``shared/docs/THAI_TEXT_NOTES.md``, "Thai word
boundaries"). The cure is a ZERO WIDTH SPACE (U+200B, "ZWSP") at every legal
break position: Qt's own UAX #14 line breaker wraps after it.

* :func:`breakable` inserts the ZWSPs where the project's line breaker
  (:class:`ita_desktop.pdf.thaibreak.ThaiBreaker`: newmm words, never inside a
  cluster, never after เ แ โ ใ ไ or before ๆ ฯ, never inside a URL or a Latin
  or digit run, numbers glued to their units) allows a break;
  :func:`plain` removes them again.
* :class:`ThaiTextEdit` is a multi-line editor whose *displayed* document
  carries the ZWSPs while its API (``text()``, ``setText()``, the signals, the
  clipboard, drag and drop, the input method's view of the text) deals in plain
  text only.
* :func:`set_wrapped_text` puts a word-wrapped Thai text in a QLabel.

On Linux with libthai installed, Qt replaces every line-break opportunity inside
a run of Thai script (ZWSPs included) by libthai's own dictionary breaks
(``qunicodetools.cpp``, ``thaiAssignAttributes``), so there the text wraps at
libthai's word boundaries, which are legal too; the ZWSPs are then harmless.

A ZWSP that the user types or pastes is dropped: it has no meaning in the
documents and ReportLab prints it as a box or a space (THAI_TEXT_NOTES.md).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from PySide6.QtCore import QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QFocusEvent, QInputMethodEvent, QKeyEvent, QKeySequence, QTextBlock, QTextCursor,
                           QTextOption)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from ita_desktop.pdf.thaibreak import ThaiBreaker

#: ZERO WIDTH SPACE: the break opportunity this module inserts.
ZWSP = "\u200b"
_PARAGRAPH_SEPARATOR = "\u2029"   # between blocks in QTextDocument.toRawText()
_LINE_SEPARATOR = "\u2028"        # Shift+Enter inside a block
# Runs of white space as ThaiBreaker sees it (str.isspace() but the no-break spaces):
# a line may break there already, and the breaker's decisions inside one run of
# non-space characters never depend on the text outside it (ThaiBreaker._may_break
# looks at most two characters back, newmm works on runs of Thai letters).
# Segmenting run by run keeps the breaker's caches small while a paragraph is typed.
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_SPACE_RUN = re.compile("([" + "".join(re.escape(chr(i)) for i in range(0x3001)
                                      if chr(i).isspace() and chr(i) not in _NO_BREAK_SPACES) + "]+)")
#: A Thai piece of at least this many characters (a long compound the dictionary
#: knows whole, such as สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ) also gets
#: breaks between its dictionary words (ThaiBreaker.compound_cuts), so that a
#: narrow field wraps it there instead of cutting it anywhere.
LONG_WORD = 16


@lru_cache(maxsize=1)
def default_breaker() -> ThaiBreaker:
    """The shared :class:`ThaiBreaker` without extra words (built once; its dictionary loads on first use, ~0.5 s)."""
    return ThaiBreaker()


def plain(text: str) -> str:
    """``text`` without any ZERO WIDTH SPACE (U+200B)."""
    return text.replace(ZWSP, "")


def breakable(text: str, breaker: ThaiBreaker | None = None, *, long_word: int = LONG_WORD) -> str:
    """``text`` with a ZERO WIDTH SPACE at every legal line-break position that has no white space.

    ``breaker``: the line breaker (e.g. one with the office's names as extra
    words, so that they never split); None: :func:`default_breaker`. ZWSPs
    already in ``text`` are dropped first, so ``breakable`` is idempotent and
    ``plain(breakable(x)) == plain(x)`` for every str ``x``. No ZWSP is put at
    either end, next to white space, or between two pieces the breaker keeps
    together (a cluster, a URL, a number and its unit). A Thai-only piece of
    ``long_word`` characters or more is broken between its dictionary words
    too (see :data:`LONG_WORD`). A 2,000-character Thai
    paragraph takes a few milliseconds once the dictionary is loaded (the
    breaker caches the segmentation of each run between spaces).
    """
    text = plain(text)
    if not text:
        return text
    b = breaker or default_breaker()
    out = []
    for chunk in _SPACE_RUN.split(text):
        if not chunk or _SPACE_RUN.fullmatch(chunk):
            out.append(chunk)
            continue
        pieces = []
        for piece in b.segments(chunk):
            if len(piece) >= long_word and all("\u0e00" <= c <= "\u0e7f" for c in piece):
                cuts = (0, *b.compound_cuts(piece), len(piece))
                pieces.extend(piece[i:j] for i, j in pairwise(cuts))
            else:
                pieces.append(piece)
        out.append(ZWSP.join(pieces))
    return "".join(out)


def set_wrapped_text(label: QLabel, text: str, breaker: ThaiBreaker | None = None) -> str:
    """Show ``text`` (plain text, not HTML) in ``label``, word-wrapped at Thai word boundaries.

    Turns word wrap on and the text format to plain text, and sets the
    :func:`breakable` form of ``text``; returns it. ``label.text()`` then holds
    the ZWSPs: use :func:`plain` on it.
    """
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    shown = breakable(text, breaker)
    label.setText(shown)
    return shown


def _to_plain_offset(s: str, pos: int) -> int:
    """Offset in ``plain(s)`` of offset ``pos`` in ``s``."""
    return pos - s.count(ZWSP, 0, pos)


def _to_shown_offset(s: str, plain_pos: int, *, after_zwsp: bool = False) -> int:
    """Offset in ``s`` (with ZWSPs) of offset ``plain_pos`` in ``plain(s)``.

    A ZWSP right at that place is skipped when ``after_zwsp`` (the offset after
    it), else the offset before it is returned.
    """
    k = 0
    for i, c in enumerate(s):
        if c == ZWSP:
            continue
        if k == plain_pos:
            if after_zwsp:
                return i
            while i > 0 and s[i - 1] == ZWSP:
                i -= 1
            return i
        k += 1
    return len(s)


# Cursor keys that must not stop on both sides of a ZWSP.
_MOVES = {
    Qt.Key.Key_Left.value: QTextCursor.MoveOperation.Left,
    Qt.Key.Key_Right.value: QTextCursor.MoveOperation.Right,
}


class ThaiTextEdit(QPlainTextEdit):
    """A plain-text editor whose paragraphs wrap at Thai word boundaries on every platform.

    The document shown holds a ZERO WIDTH SPACE at each break position
    (:func:`breakable`); nothing outside the widget ever sees one:

    * ``text()`` / ``setText(str)`` read and write the plain text (lines
      separated by "\\n"); ``setText`` does not emit ``textEdited``.
    * Copy, cut and drag give plain text (``createMimeDataFromSelection``);
      paste and drop insert the plain text of the source
      (``insertFromMimeData``), ZWSPs removed.
    * After an edit the changed paragraphs (blocks) only are broken again,
      ``rebreak_delay_ms`` later (0: at the next turn of the event loop, so a
      paste is done once); the cursor and the selection stay at the same
      plain-text positions. Not while the input method shows a pre-edit text.
    * Cursor keys and Backspace/Delete step over a ZWSP as if it were not
      there; the input method's surrounding text and cursor position are plain.
    * Undo/redo of the widget is OFF (``setUndoRedoEnabled(False)``): the
      re-breaking edits would land on its undo stack and Ctrl+Z would take
      back an invisible ZWSP. The application keeps its own QUndoStack, fed by
      ``textEdited`` / ``editingFinished``.

    Signals: ``textEdited(str)``: the plain text after each edit by the user
    (typing, input method, paste, cut, drop, delete), never for ``setText`` or
    re-breaking; ``editingFinished()``: the widget lost the focus (not to a
    popup such as its context menu) after the text was edited.

    ``breaker``: the :class:`ThaiBreaker` to use (e.g. with the office's
    names); None: :func:`default_breaker`. ``visible_lines``: the height of
    ``sizeHint()`` in lines of the font (default 4).
    """

    textEdited = Signal(str)
    editingFinished = Signal()

    #: Milliseconds between an edit and the re-breaking of its paragraphs.
    rebreak_delay_ms = 0

    def __init__(self, parent: QWidget | None = None, *, breaker: ThaiBreaker | None = None,
                 visible_lines: int = 4):
        super().__init__(parent)
        self._breaker = breaker
        self._visible_lines = max(1, visible_lines)
        self._quiet = 0              # > 0 while the widget itself changes the document
        self._last_plain = ""        # the plain text last reported (or set)
        self._edited_since_finish = False
        self._placeholder = ""
        # Ranges edited since the last re-break (cursors: they follow later edits), and
        # whether the edit replaced text.
        self._dirty: list[tuple[QTextCursor, bool]] = []
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.rebreak_now)
        self.document().contentsChange.connect(self._on_contents_change)
        self.textChanged.connect(self._on_text_changed)

    # -- plain-text API ---------------------------------------------------------------------------
    def text(self) -> str:
        """The plain text: no ZWSP; paragraphs and Shift+Enter line breaks as "\\n"."""
        raw = self.document().toRawText()
        return plain(raw).replace(_PARAGRAPH_SEPARATOR, "\n").replace(_LINE_SEPARATOR, "\n")

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        """Replace the whole text with ``text`` (plain; "\\r\\n", "\\r" count as "\\n"); no ``textEdited``."""
        text = plain(text).replace("\r\n", "\n").replace("\r", "\n")
        self._quiet += 1
        try:
            self._dirty.clear()
            self._timer.stop()
            self.setPlainText("\n".join(breakable(line, self._breaker) for line in text.split("\n")))
        finally:
            self._quiet -= 1
        self._last_plain = self.text()
        self._edited_since_finish = False

    def setPlainText(self, text: str) -> None:  # noqa: N802 (Qt name)
        """As ``setText`` when called from outside; the shown text otherwise (internal)."""
        if not self._quiet:
            self.setText(text)
            return
        super().setPlainText(text)

    def toPlainText(self) -> str:  # noqa: N802 (Qt name)
        """Same as ``text()``: callers of the QPlainTextEdit API get no ZWSP either."""
        return self.text()

    def breaker(self) -> ThaiBreaker:
        """The line breaker in use."""
        return self._breaker or default_breaker()

    def setBreaker(self, breaker: ThaiBreaker | None) -> None:  # noqa: N802 (Qt style)
        """Use ``breaker`` (None: the default) and break the whole text again."""
        self._breaker = breaker
        self._rebreak_blocks(range(self.document().blockCount()))

    def plain_cursor_position(self) -> int:
        """The cursor's offset in ``text()`` (ZWSPs not counted)."""
        c = self.textCursor()
        block = c.block()
        before = plain(self._text_before(block))
        return len(before) + _to_plain_offset(block.text(), c.positionInBlock())

    def set_plain_cursor_position(self, pos: int, mode: QTextCursor.MoveMode = QTextCursor.MoveMode.MoveAnchor
                                  ) -> None:
        """Move the cursor to offset ``pos`` of ``text()`` (clamped)."""
        c = self.textCursor()
        c.setPosition(self._shown_position(max(0, pos)), mode)
        self.setTextCursor(c)

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 (Qt name)
        """The grey text shown while the editor is empty, wrapped at Thai word boundaries too."""
        self._placeholder = plain(text)
        super().setPlaceholderText(breakable(text, self._breaker))

    def placeholderText(self) -> str:  # noqa: N802 (Qt name)
        """The placeholder text as given (plain)."""
        return self._placeholder

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """About ``visible_lines`` lines of the font high, 25 average characters wide."""
        fm = self.fontMetrics()
        margins = self.contentsMargins()
        doc_margin = 2 * self.document().documentMargin()
        h = fm.lineSpacing() * self._visible_lines + doc_margin + margins.top() + margins.bottom()
        w = fm.averageCharWidth() * 25 + doc_margin + margins.left() + margins.right()
        return QSize(int(w), int(h))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """Room for two lines."""
        hint = self.sizeHint()
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 8, hint.height() - fm.lineSpacing() * (self._visible_lines - 2))

    # -- re-breaking ------------------------------------------------------------------------------
    def rebreak_pending(self) -> bool:
        """True while edited paragraphs wait to be broken again (the timer runs)."""
        return self._timer.isActive()

    def rebreak_now(self) -> None:
        """Break the paragraphs edited since the last time again, now (normally a timer does it)."""
        self._timer.stop()
        if not self._dirty:
            return
        if self._preedit_active():
            self._timer.start(max(self.rebreak_delay_ms, 50))
            return
        doc = self.document()
        numbers: set[int] = set()
        for c, replaced in self._dirty:
            start, end = c.selectionStart(), c.selectionEnd()
            last_block = doc.findBlock(end)
            if replaced and end > start and last_block.position() == end:
                # Qt reports an input method's commit as the whole block replaced, its
                # separator included: the block after it was not touched.
                last_block = doc.findBlock(end - 1)
            first = doc.findBlock(start).blockNumber()
            last = last_block.blockNumber()
            if first < 0:
                continue
            if last < 0:
                last = doc.blockCount() - 1
            numbers.update(range(first, last + 1))
        self._dirty.clear()
        self._rebreak_blocks(sorted(numbers))

    def _rebreak_blocks(self, numbers) -> None:
        doc = self.document()
        self._quiet += 1
        try:
            edit = QTextCursor(doc)
            edit.beginEditBlock()
            try:
                for n in numbers:
                    block = doc.findBlockByNumber(n)
                    if block.isValid():
                        self._rebreak_block(block, edit)
            finally:
                edit.endEditBlock()
        finally:
            self._quiet -= 1

    def _rebreak_block(self, block: QTextBlock, edit: QTextCursor) -> None:
        """Put the ZWSPs of ``block`` where :func:`breakable` wants them, by small edits (cursors keep their place)."""
        shown = block.text()
        wanted = _LINE_SEPARATOR.join(breakable(part, self._breaker) for part in shown.split(_LINE_SEPARATOR))
        if wanted == shown:
            return
        have, want = self._zwsp_slots(shown), self._zwsp_slots(wanted)
        start = block.position()
        # Plain offset k → position in ``shown`` of plain character k (len(shown) for the end).
        plain_at: list[int] = [i for i, ch in enumerate(shown) if ch != ZWSP] + [len(shown)]
        for k in sorted(set(have) | set(want), reverse=True):  # from the end: earlier positions stay valid
            n_have, n_want = have.get(k, 0), want.get(k, 0)
            at = plain_at[k]
            if n_have > n_want:      # ZWSPs before plain character k: at - n_have … at
                edit.setPosition(start + at - n_have)
                edit.setPosition(start + at - n_want, QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
            elif n_want > n_have:
                edit.setPosition(start + at)
                edit.insertText(ZWSP * (n_want - n_have))

    @staticmethod
    def _zwsp_slots(s: str) -> dict[int, int]:
        """Plain offset k → number of ZWSPs right before plain character k."""
        out: dict[int, int] = {}
        k = 0
        for ch in s:
            if ch == ZWSP:
                out[k] = out.get(k, 0) + 1
            else:
                k += 1
        return out

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._quiet:
            return
        c = QTextCursor(self.document())
        c.setPosition(min(position, self.document().characterCount() - 1))
        c.setPosition(min(position + added, self.document().characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
        self._dirty.append((c, removed > 0 and added > 0))
        self._timer.start(self.rebreak_delay_ms)

    def _on_text_changed(self) -> None:
        if self._quiet:
            return
        text = self.text()
        if text != self._last_plain:
            self._last_plain = text
            self._edited_since_finish = True
            self.textEdited.emit(text)

    def _preedit_active(self) -> bool:
        layout = self.textCursor().block().layout()
        return bool(layout is not None and layout.preeditAreaText())

    # -- positions --------------------------------------------------------------------------------
    def _text_before(self, block: QTextBlock) -> str:
        c = QTextCursor(self.document())
        c.setPosition(block.position(), QTextCursor.MoveMode.KeepAnchor)
        return c.selectedText()

    def _shown_position(self, plain_pos: int) -> int:
        """Document position of plain offset ``plain_pos`` (before any ZWSP there)."""
        block = self.document().firstBlock()
        remaining = plain_pos
        while block.isValid():
            s = block.text()
            n = len(plain(s))
            if remaining <= n or not block.next().isValid():
                return block.position() + _to_shown_offset(s, min(remaining, n))
            remaining -= n + 1
            block = block.next()
        return 0

    # -- clipboard, drag and drop -----------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt name)
        """The selection as plain text (text/plain only), without ZWSPs."""
        data = QMimeData()
        text = self.textCursor().selectedText()
        data.setText(plain(text).replace(_PARAGRAPH_SEPARATOR, "\n").replace(_LINE_SEPARATOR, "\n"))
        return data

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt name)
        """Insert the plain text of ``source`` at the cursor (ZWSPs removed; never rich text)."""
        if source is None or not source.hasText():
            return
        text = plain(source.text()).replace("\r\n", "\n").replace("\r", "\n")
        if text:
            self.textCursor().insertText(text)
            self.ensureCursorVisible()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt name)
        """Text only."""
        return source is not None and source.hasText()

    # -- keys, input method, focus ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """As QPlainTextEdit, but a step over an invisible ZWSP is never a step of its own."""
        deleting = event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace
        before_text = self.text() if deleting else None
        before_pos = self.plain_cursor_position()
        before_doc = self.textCursor().position()
        super().keyPressEvent(event)
        cursor = self.textCursor()
        if deleting:
            if self.text() == before_text and cursor.position() <= before_doc and not cursor.hasSelection():
                super().keyPressEvent(event)   # only a ZWSP went: delete the character beyond it too
            return
        op = _MOVES.get(int(event.key()))
        if op is not None and cursor.position() != before_doc and self.plain_cursor_position() == before_pos:
            mode = (QTextCursor.MoveMode.KeepAnchor if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    else QTextCursor.MoveMode.MoveAnchor)
            self.moveCursor(op, mode)

    def inputMethodQuery(self, query: Qt.InputMethodQuery):  # noqa: N802 (Qt name)
        """The input method sees the plain text of the paragraph and plain cursor offsets."""
        value = super().inputMethodQuery(query)
        q = Qt.InputMethodQuery
        block_text = self.textCursor().block().text()
        if query in (q.ImSurroundingText, q.ImTextBeforeCursor, q.ImTextAfterCursor, q.ImCurrentSelection):
            return plain(value) if isinstance(value, str) else value
        if query in (q.ImCursorPosition, q.ImAnchorPosition) and isinstance(value, int):
            return _to_plain_offset(block_text, value) if 0 <= value <= len(block_text) else value
        return value

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt name)
        """Translate a replacement range the input method gave in plain offsets (see inputMethodQuery)."""
        if event.replacementLength() or event.replacementStart():
            c = self.textCursor()
            s = c.block().text()
            here = c.positionInBlock()
            p = _to_plain_offset(s, here)
            a = _to_shown_offset(s, max(0, p + event.replacementStart()), after_zwsp=True)
            b = _to_shown_offset(s, max(0, p + event.replacementStart() + event.replacementLength()))
            translated = QInputMethodEvent(event.preeditString(), event.attributes())
            translated.setCommitString(event.commitString(), a - here, max(0, b - a))
            super().inputMethodEvent(translated)
            event.accept()
            return
        super().inputMethodEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt name)
        """Re-break now and emit ``editingFinished`` when the text was edited (not for a popup)."""
        super().focusOutEvent(event)
        if event.reason() == Qt.FocusReason.PopupFocusReason:
            return
        self.rebreak_now()
        if self._edited_since_finish:
            self._edited_since_finish = False
            self.editingFinished.emit()
