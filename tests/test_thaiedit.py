"""Thai text that wraps at word boundaries: breakable()/plain(), ThaiTextEdit, set_wrapped_text.

Thai is typed with QInputMethodEvent: qtbot.keyClicks with Thai text aborts the
process (THAI_TEXT_NOTES.md). Windows has no libthai: there Qt wraps Thai only
at our ZWSPs. On Linux with libthai, Qt uses libthai's breaks instead; the
test of the line ends then runs again in a child process whose libthai is
hidden (a stand-in library without its functions comes first on
LD_LIBRARY_PATH), which is the Windows situation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

from ita_desktop.gui.thaiedit import ZWSP, ThaiTextEdit, breakable, default_breaker, plain, set_wrapped_text
from ita_desktop.pdf.thaibreak import ThaiBreaker, cluster_boundaries

from guitest import SIZE_HINTS, commit

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
WORDS = ["การประเมิน", "คุณธรรม", "และ", "ความ", "โปร่งใส", "ใน", "การ", "ดำเนินงาน", "ของ", "หน่วยงาน", "ภาครัฐ"]
PARAGRAPH = ("ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติได้ประกาศผลคะแนนการประเมินคุณธรรม"
             "และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐประจำปีงบประมาณ พ.ศ. ๒๕๖๗ องค์การบริหารส่วนตำบล"
             "มีคะแนนรวมอยู่ในระดับที่ควรรักษามาตรฐานไว้และควรส่งเสริมให้เกิดการพัฒนาประสิทธิภาพของการดำเนินงาน"
             "อย่างต่อเนื่องจึงได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
LEADING_VOWELS = "เแโใไ"
NO_START = "ะาำๅๆฯ"



def zwsp_offsets(shown: str) -> list[int]:
    """Offsets in plain(shown) before which a ZWSP stands."""
    out, k = [], 0
    for c in shown:
        if c == ZWSP:
            out.append(k)
        else:
            k += 1
    return out


def assert_legal_breaks(text: str) -> None:
    shown = breakable(text)
    clusters = set(cluster_boundaries(text))
    for k in zwsp_offsets(shown):
        assert 0 < k < len(text), (text, k)
        a, b = text[k - 1], text[k]
        assert k in clusters, f"ZWSP inside a cluster: {text[:k]}|{text[k:]}"
        assert not unicodedata.category(b).startswith("M") and b not in NO_START, f"{text[:k]}|{text[k:]}"
        assert a not in LEADING_VOWELS, f"after a leading vowel: {text[:k]}|{text[k:]}"
        assert not a.isspace() and not b.isspace()


# -- breakable / plain ----------------------------------------------------------------------------------
def test_breakable_puts_zwsp_between_the_words():
    shown = breakable(SENTENCE)
    assert shown.split(ZWSP) == WORDS
    assert plain(shown) == SENTENCE
    assert_legal_breaks(SENTENCE)


def test_breakable_respects_clusters_urls_and_codes():
    text = ("ดูรายละเอียดที่ https://itas.nacc.go.th/go/ita ตัวชี้วัด O27 และ O43 ใน พ.ศ.๒๕๖๘ เว็บไซต์"
            "ของหน่วยงานเผยแพร่ข้อมูลน้ำใจไมตรีและเรื่องเล่าอื่นๆ ฯลฯ จำนวน ๒๔ คน")
    shown = breakable(text)
    assert_legal_breaks(text)
    for whole in ("https://itas.nacc.go.th/go/ita", "O27", "O43", "พ.ศ.๒๕๖๘", "อื่นๆ", "๒๔"):
        assert whole in shown, whole            # never cut
    for cut in ("ตัว", "เว็บไซต์"):
        assert cut in shown
    # none after a leading vowel, none before a vowel or tone mark
    for i, c in enumerate(shown):
        if c == ZWSP:
            assert shown[i - 1] not in LEADING_VOWELS and shown[i + 1] not in NO_START
            assert not unicodedata.category(shown[i + 1]).startswith("M")


def test_breakable_edges():
    assert breakable("") == ""
    assert breakable("   ") == "   "
    assert breakable("ก") == "ก"
    assert breakable(f"ภาค{ZWSP}{ZWSP}รัฐ") == breakable("ภาครัฐ")   # idempotent, old ZWSPs dropped
    assert breakable(breakable(SENTENCE)) == breakable(SENTENCE)
    two = breakable(f"{SENTENCE}\n\n{SENTENCE} ")
    assert two.split("\n") == [breakable(SENTENCE), "", breakable(SENTENCE) + " "]
    assert not two.startswith(ZWSP) and not two.endswith(ZWSP)
    # the office's names kept whole with the caller's breaker
    office = ThaiBreaker(["ห้วยเตย"])
    assert ZWSP not in breakable("ห้วยเตย", office).replace("ตำบล", "")
    assert breakable("ตำบลห้วยเตย", office) == f"ตำบล{ZWSP}ห้วยเตย"


def test_breakable_is_fast():
    default_breaker().segments("การ")   # the dictionary is loaded once per process
    text = (PARAGRAPH + " ") * (2000 // (len(PARAGRAPH) + 1) + 1)
    text = text[:2000]
    breaker = ThaiBreaker()   # nothing cached yet
    t = time.perf_counter()
    breakable(text, breaker)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    breakable(text[:1000] + "ก" + text[1000:], breaker)   # one key typed: only that run is segmented again
    edit = time.perf_counter() - t
    assert cold < 0.5 and edit < 0.05, (cold, edit)


thai_letters = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
mixed = st.one_of(thai_letters, st.sampled_from(list(" \n\t.,:/-()\"'ๆฯ0123456789Oabc\u00a0\u200b\u200d")),
                  st.characters(codec="utf-8"))


@settings(deadline=None, max_examples=300)
@given(st.text(mixed, max_size=80))
def test_plain_undoes_breakable(text):
    shown = breakable(text)
    assert plain(shown) == plain(text)
    if ZWSP not in text:
        assert plain(shown) == text
    assert breakable(shown) == shown
    for i, c in enumerate(shown):
        if c == ZWSP:
            assert 0 < i < len(shown) - 1
            assert shown[i - 1] != ZWSP and not shown[i - 1].isspace() and not shown[i + 1].isspace()


@settings(deadline=None, max_examples=200)
@given(st.lists(st.sampled_from(WORDS + ["น้ำ", "ใจ", "ที่", "เรื่อง", "ๆ", " ", "O27", "๒๕๖๘"]), max_size=30))
def test_breaks_are_legal_for_random_thai(words):
    assert_legal_breaks("".join(words))


# -- ThaiTextEdit -----------------------------------------------------------------------------------------
@pytest.fixture
def edit(qtbot) -> ThaiTextEdit:
    w = ThaiTextEdit()
    w.setObjectName("testThaiEdit")
    w.setAccessibleName("test")
    qtbot.addWidget(w)
    w.resize(200, 300)
    w.show()
    qtbot.waitExposed(w)
    return w



def type_thai(qtbot, edit: ThaiTextEdit, text: str) -> None:
    """Type ``text`` one character at a time, letting the editor re-break after each, as a Thai keyboard does."""
    for c in text:
        commit(edit, c)
        qtbot.waitUntil(lambda: not edit.rebreak_pending())


def shown_text(edit: ThaiTextEdit) -> str:
    return edit.document().toRawText()


def test_typing_thai_breaks_the_shown_text_only(qtbot, edit):
    edited = []
    edit.textEdited.connect(edited.append)
    edit.setFocus()
    type_thai(qtbot, edit, SENTENCE)
    assert edit.text() == SENTENCE and ZWSP not in edit.text() and ZWSP not in edit.toPlainText()
    assert shown_text(edit) == breakable(SENTENCE)            # the document carries the breaks
    assert edited[-1] == SENTENCE and all(ZWSP not in t for t in edited)
    assert len(edited) == len(SENTENCE)                       # one per key, none for the re-breaking
    assert edit.plain_cursor_position() == len(SENTENCE)


def test_set_text_is_plain_and_silent(qtbot, edit):
    edited = []
    edit.textEdited.connect(edited.append)
    edit.setText(f"{SENTENCE}\r\n{PARAGRAPH}")
    assert edit.text() == f"{SENTENCE}\n{PARAGRAPH}"
    assert shown_text(edit) == f"{breakable(SENTENCE)}\u2029{breakable(PARAGRAPH)}"
    edit.setPlainText(f"ภาค{ZWSP}รัฐ")   # the QPlainTextEdit API is plain too
    assert edit.text() == "ภาครัฐ" and edit.toPlainText() == "ภาครัฐ"
    assert edited == []
    assert not edit.isUndoRedoEnabled()


def test_cursor_stays_after_rebreaking(qtbot, edit):
    edit.setText(SENTENCE)
    edit.setFocus()
    k = SENTENCE.index("โปร่งใส")   # between ความ and โปร่งใส
    edit.set_plain_cursor_position(k)
    assert edit.plain_cursor_position() == k
    for n, c in enumerate("ที่", 1):
        commit(edit, c)
        assert edit.rebreak_pending()
        qtbot.waitUntil(lambda: not edit.rebreak_pending())
        assert edit.plain_cursor_position() == k + n
    text = SENTENCE[:k] + "ที่" + SENTENCE[k:]
    assert edit.text() == text
    assert shown_text(edit) == breakable(text)
    assert f"ความ{ZWSP}ที่{ZWSP}โปร่งใส" in shown_text(edit)   # a break was put before the cursor
    commit(edit, "X")
    assert edit.text() == SENTENCE[:k] + "ที่X" + SENTENCE[k:]


def test_enter_splits_and_rebreaks(qtbot, edit):
    edit.setText(SENTENCE)
    edit.setFocus()
    k = SENTENCE.index("โปร่งใส")
    edit.set_plain_cursor_position(k)   # before the ZWSP between ความ and โปร่งใส
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not edit.rebreak_pending())
    assert edit.text() == SENTENCE[:k] + "\n" + SENTENCE[k:]
    first, second = shown_text(edit).split("\u2029")
    assert first == breakable(SENTENCE[:k]) and second == breakable(SENTENCE[k:])
    assert edit.plain_cursor_position() == k + 1
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)   # joins the paragraphs again
    qtbot.waitUntil(lambda: not edit.rebreak_pending())
    assert edit.text() == SENTENCE and shown_text(edit) == breakable(SENTENCE)


class CountingBreaker(ThaiBreaker):
    """A ThaiBreaker that records the texts it is asked to segment."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def segments(self, text):
        self.asked.append(text)
        return super().segments(text)


def test_only_the_edited_paragraph_is_broken_again(qtbot):
    breaker = CountingBreaker()
    edit = ThaiTextEdit(breaker=breaker)
    qtbot.addWidget(edit)
    edit.setText(f"{SENTENCE}\nหน่วยงานภาครัฐ\nองค์การบริหารส่วนตำบล")
    assert edit.breaker() is breaker
    breaker.asked.clear()
    cursor = edit.textCursor()
    cursor.setPosition(edit.document().findBlockByNumber(1).position())
    edit.setTextCursor(cursor)
    commit(edit, "ของ")
    qtbot.waitUntil(lambda: not edit.rebreak_pending())
    assert breaker.asked == ["ของหน่วยงานภาครัฐ"]
    assert edit.text().split("\n")[1] == "ของหน่วยงานภาครัฐ"
    assert shown_text(edit).split("\u2029")[1] == f"ของ{ZWSP}หน่วยงาน{ZWSP}ภาครัฐ"


def test_keys_step_over_the_invisible_breaks(qtbot, edit):
    edit.setText("ความโปร่งใส")
    assert shown_text(edit) == f"ความ{ZWSP}โปร่งใส"
    edit.setFocus()
    edit.set_plain_cursor_position(4)        # between ความ and โปร่งใส
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    assert edit.plain_cursor_position() == 5  # one character further, not only over the ZWSP
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    assert edit.plain_cursor_position() == 3
    edit.set_plain_cursor_position(4)
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.NextCharacter)   # right after the ZWSP
    edit.setTextCursor(cursor)
    assert edit.plain_cursor_position() == 4
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # deletes ม, not only the ZWSP
    assert edit.text() == "ควาโปร่งใส"
    edit.setText("ความโปร่งใส")
    edit.set_plain_cursor_position(4)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)     # deletes โ
    assert edit.text() == "ความปร่งใส"
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert edit.textCursor().selectedText().replace(ZWSP, "") == "ป"


def test_clipboard_is_plain(qtbot, edit):
    edit.setText(f"{SENTENCE}\n{PARAGRAPH}")
    edit.selectAll()
    mime = edit.createMimeDataFromSelection()
    assert mime.formats() == ["text/plain"] and mime.text() == f"{SENTENCE}\n{PARAGRAPH}"
    edit.copy()
    assert QApplication.clipboard().text() == f"{SENTENCE}\n{PARAGRAPH}"
    # paste: ZWSPs of the source dropped, text broken again in the editor
    edited = []
    edit.textEdited.connect(edited.append)
    QApplication.clipboard().setText(f"ความ{ZWSP}{ZWSP}โปร่ง{ZWSP}ใส https://itas.nacc.go.th")
    edit.setText("")
    edit.paste()
    qtbot.waitUntil(lambda: not edit.rebreak_pending())
    assert edit.text() == "ความโปร่งใส https://itas.nacc.go.th"
    assert shown_text(edit) == f"ความ{ZWSP}โปร่งใส https://itas.nacc.go.th"
    assert edited == [edit.text()]
    # rich text is pasted as its plain text
    rich = QMimeData()
    rich.setHtml("<b>ตัวหนา</b>")
    rich.setText("ตัวหนา")
    edit.setText("")
    edit.insertFromMimeData(rich)
    assert edit.text() == "ตัวหนา"


def test_input_method_sees_plain_text(qtbot, edit):
    edit.setText(SENTENCE)
    edit.setFocus()
    edit.set_plain_cursor_position(len("การประเมินคุณ"))
    q = Qt.InputMethodQuery
    assert edit.inputMethodQuery(q.ImSurroundingText) == SENTENCE
    assert edit.inputMethodQuery(q.ImCursorPosition) == len("การประเมินคุณ")
    # an input method replacing the four characters before the cursor, across a ZWSP (plain offsets)
    assert ZWSP + "คุณ" in shown_text(edit)
    event = QInputMethodEvent("", [])
    event.setCommitString("นคุณ", -4, 4)
    QApplication.sendEvent(edit, event)
    assert edit.text() == SENTENCE
    event = QInputMethodEvent("", [])
    event.setCommitString("X", -4, 4)
    QApplication.sendEvent(edit, event)
    assert edit.text() == SENTENCE.replace("นคุณ", "X", 1)


def test_signals(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    edit = ThaiTextEdit(box)
    other = QLineEdit(box)
    layout = QVBoxLayout(box)
    layout.addWidget(edit)
    layout.addWidget(other)
    box.show()
    box.activateWindow()
    qtbot.waitActive(box)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.waitSignal(edit.textEdited) as sig:
        commit(edit, "การ")
    assert sig.args == ["การ"]
    with qtbot.waitSignal(edit.editingFinished):
        other.setFocus()
    # no edit, no editingFinished
    finished = []
    edit.editingFinished.connect(lambda: finished.append(1))
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert finished == []
    # Tab leaves the field (a form), it does not type a tab
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert other.hasFocus() and edit.text() == "การ"


def test_placeholder_and_size(edit):
    edit.setPlaceholderText(SENTENCE)
    assert edit.placeholderText() == SENTENCE
    assert ZWSP in QPlainTextEditPlaceholder(edit)
    line = edit.fontMetrics().lineSpacing()
    assert 3 * line < edit.sizeHint().height() < 6 * line
    assert edit.minimumSizeHint().height() < edit.sizeHint().height()


def QPlainTextEditPlaceholder(edit) -> str:  # noqa: N802 (reads the Qt property)
    return super(ThaiTextEdit, edit).placeholderText()


def block_lines(edit: ThaiTextEdit) -> list[tuple[str, int, int]]:
    """(block text, line start, line end) of every laid-out line."""
    out = []
    block = edit.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            out.append((block.text(), line.textStart(), line.textStart() + line.textLength()))
        block = block.next()
    return out


def libthai_active(font) -> bool:
    """True when Qt wraps Thai without spaces or ZWSPs (libthai loaded: Linux)."""
    layout = QTextLayout(SENTENCE * 2, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = 0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(150)
        lines += 1
    layout.endLayout()
    return lines > 1


def test_long_paragraph_wraps_at_word_boundaries(qtbot, edit):
    edit.resize(200, 400)
    type_thai(qtbot, edit, PARAGRAPH[:60])
    edit.setText(PARAGRAPH)
    qtbot.waitUntil(lambda: edit.document().firstBlock().layout().lineCount() > 1)
    lines = block_lines(edit)
    assert len(lines) >= 5
    clusters = set(cluster_boundaries(shown_text(edit)))
    for text, start, end in lines:
        assert end == len(text) or end in clusters   # never inside a cluster
    if libthai_active(edit.font()):
        if os.environ.get("ITA_TEST_HIDE_LIBTHAI"):
            pytest.fail("libthai could not be hidden")
        return   # Linux: Qt used libthai's breaks; the child process checks ours (next test)
    for text, start, end in lines:
        assert end == len(text) or text[end - 1] in (ZWSP, " "), f"line ends inside a word: {text[start:end]}"
    if os.environ.get("ITA_SHOTS_DIR"):
        edit.grab().save(str(Path(os.environ["ITA_SHOTS_DIR"]) / "thaiedit_no_libthai.png"))


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.environ.get("ITA_TEST_HIDE_LIBTHAI") == "1",
                    reason="libthai is a Linux library; the child process does not start another")
def test_wrapping_without_libthai_in_a_child_process(tmp_path, edit):
    """The Windows situation on Linux: Qt without libthai wraps Thai only at the ZWSPs."""
    if not libthai_active(edit.font()):
        pytest.skip("no libthai here: the test above checked the line ends")
    # any shared library without libthai's functions stands in for it: an extension module
    # that is a file (Debian's python3 builds some, such as _bisect, into the interpreter)
    import importlib

    stand_in = next(m.__file__ for m in map(importlib.import_module, ("_ctypes", "_sqlite3", "_bisect"))
                    if getattr(m, "__file__", None))
    fake = tmp_path / "nolibthai"
    fake.mkdir()
    shutil.copy(stand_in, fake / "libthai.so.0")
    env = dict(os.environ, ITA_TEST_HIDE_LIBTHAI="1", QT_QPA_PLATFORM="offscreen",
               LD_LIBRARY_PATH=os.pathsep.join(filter(None, [str(fake), os.environ.get("LD_LIBRARY_PATH")])))
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          f"{__file__}::test_long_paragraph_wraps_at_word_boundaries"],
                         check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr


def test_label_helper(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel(box)
    QVBoxLayout(box).addWidget(label)
    shown = set_wrapped_text(label, SENTENCE)
    assert shown == breakable(SENTENCE) and label.text() == shown and plain(label.text()) == SENTENCE
    assert label.wordWrap() and label.textFormat() == Qt.TextFormat.PlainText
    box.resize(150, 400)
    box.show()
    qtbot.waitExposed(box)
    assert label.heightForWidth(150) > 2 * label.fontMetrics().lineSpacing()
