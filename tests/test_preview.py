"""The in-app PDF preview (pytest-qt, offscreen): pages, navigation, zoom, ink, files left free."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QWidget
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen import canvas

from ita_desktop.app import demo_files
from ita_desktop.gui.preview import PAGE_MARGIN, PT_TO_PX, PdfPreview, PreviewDialog, PreviewError
from ita_desktop.i18n import _
from ita_desktop.pdf.memo import render_memo
from ita_desktop.store.interchange import load_file

from guitest import SIZE_HINTS

pytestmark = [pytest.mark.qt_log_ignore(SIZE_HINTS), pytest.mark.usefixtures("thai_font")]

SIZES = (A4, landscape(A4), A5)



def make_pdf(pages=SIZES) -> bytes:
    """A PDF with one page per size (points), "Page n" in large black letters 50 pt from the top left."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=pages[0])
    for n, size in enumerate(pages, 1):
        c.setPageSize(size)
        c.setFont("Helvetica-Bold", 36)
        c.drawString(50, size[1] - 100, f"Page {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "three pages.pdf"
    path.write_bytes(make_pdf())
    return path


@pytest.fixture
def preview(qtbot) -> PdfPreview:
    w = PdfPreview()
    qtbot.addWidget(w)
    w.resize(700, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def dark_pixels(image: QImage, rect=None, threshold: int = 100) -> int:
    """Number of pixels darker than ``threshold`` (0–255 gray) in ``rect`` (x, y, w, h in pixels) of ``image``."""
    x0, y0, w, h = rect or (0, 0, image.width(), image.height())
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    bpl = gray.bytesPerLine()
    data = bytes(gray.constBits())
    count = 0
    for y in range(max(0, y0), min(gray.height(), y0 + h)):
        row = data[y * bpl + max(0, x0): y * bpl + min(gray.width(), x0 + w)]
        count += sum(1 for v in row if v < threshold)
    return count


def test_page_count_and_sizes(preview, pdf_file):
    assert preview.load(pdf_file) == 3
    assert preview.page_count() == 3
    assert preview.page_count_label.text() == _("of {n}").format(n=3)
    assert preview.page_spin.value() == 1 and preview.page_spin.maximum() == 3
    assert preview.current_page() == 0
    for i, (w, h) in enumerate(SIZES):
        assert preview.page_size(i) == pytest.approx((w, h), abs=0.01)
    assert preview.error_text() is None


def test_keys_move_between_pages(qtbot, preview, pdf_file):
    preview.load(pdf_file)
    preview.set_zoom(1.0)
    target = preview.scroll_area
    target.setFocus()
    with qtbot.waitSignal(preview.pageChanged) as sig:
        qtbot.keyClick(target, Qt.Key.Key_PageDown)
    assert sig.args == [1] and preview.current_page() == 1
    assert preview.page_spin.value() == 2
    # the page is at the top of the view
    assert preview.scroll_area.verticalScrollBar().value() == preview.page_rect(1).top() - PAGE_MARGIN
    with qtbot.waitSignal(preview.pageChanged) as sig:
        qtbot.keyClick(target, Qt.Key.Key_End)
    assert sig.args == [2] and preview.current_page() == 2
    qtbot.keyClick(target, Qt.Key.Key_PageDown)   # stays on the last page
    assert preview.current_page() == 2
    with qtbot.waitSignal(preview.pageChanged) as sig:
        qtbot.keyClick(target, Qt.Key.Key_PageUp)
    assert sig.args == [1]
    with qtbot.waitSignal(preview.pageChanged) as sig:
        qtbot.keyClick(target, Qt.Key.Key_Home)
    assert sig.args == [0]
    assert not preview.prev_button.isEnabled() and preview.next_button.isEnabled()
    # the spin box and the buttons do the same
    preview.page_spin.setValue(3)
    assert preview.current_page() == 2
    preview.prev_button.click()
    assert preview.current_page() == 1


def test_scrolling_updates_the_page_number(qtbot, preview, pdf_file):
    preview.load(pdf_file)
    preview.set_zoom(1.0)
    bar = preview.scroll_area.verticalScrollBar()
    with qtbot.waitSignal(preview.pageChanged) as sig:
        bar.setValue(preview.page_rect(1).top() + 50)
    assert sig.args == [1] and preview.page_spin.value() == 2


def test_zoom_changes_the_image_size_proportionally(qtbot, preview, pdf_file):
    preview.load(pdf_file)
    preview.set_zoom(1.0)
    assert preview.zoom_label.text() == _("{percent}%").format(percent=100)
    dpr = preview.canvas.devicePixelRatioF()
    small = preview.page_image(0)
    assert small.width() == pytest.approx(A4[0] * PT_TO_PX * dpr, abs=1)
    assert small.height() == pytest.approx(A4[1] * PT_TO_PX * dpr, abs=1)
    preview.scroll_area.setFocus()
    with qtbot.waitSignal(preview.zoomChanged) as sig:
        qtbot.keyClick(preview.scroll_area, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    zoom = sig.args[0]
    assert zoom > 1.0 and preview.zoom() == zoom and not preview.is_fit_width()
    assert preview.zoom_label.text() == _("{percent}%").format(percent=round(zoom * 100))
    big = preview.page_image(0)
    assert big.width() / small.width() == pytest.approx(zoom, abs=2 / small.width())
    assert big.height() / small.height() == pytest.approx(zoom, abs=2 / small.height())
    assert preview.page_rect(0).width() == round(A4[0] * PT_TO_PX * zoom)
    qtbot.keyClick(preview.scroll_area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview.scroll_area, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom() < 1.0
    assert preview.page_image(0).width() == pytest.approx(A4[0] * PT_TO_PX * dpr * preview.zoom(), abs=1)
    # the pixmap carries the device pixel ratio: crisp on high-DPI screens
    assert preview._pixmap(0).devicePixelRatio() == dpr


def test_fit_width_matches_the_viewport(qtbot, preview, pdf_file):
    preview.load(pdf_file)
    preview.set_zoom(0.5)
    preview.scroll_area.setFocus()
    qtbot.keyClick(preview.scroll_area, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.is_fit_width() and preview.fit_button.isChecked()
    viewport = preview.scroll_area.viewport().width()
    widest = max(range(3), key=lambda i: preview.page_size(i)[0])   # the landscape page
    assert widest == 1
    assert preview.page_rect(widest).width() == pytest.approx(viewport - 2 * PAGE_MARGIN, abs=1)
    assert preview.canvas.width() <= viewport   # no horizontal scrolling
    # it follows the window's width
    preview.resize(500, 800)
    qtbot.waitUntil(lambda: preview.page_rect(1).width()
                    == pytest.approx(preview.scroll_area.viewport().width() - 2 * PAGE_MARGIN, abs=1))
    assert preview.scroll_area.viewport().width() < viewport


def test_page_is_not_blank(preview, pdf_file):
    preview.load(pdf_file)
    preview.set_zoom(1.0)
    image = preview.page_image(0)
    s = image.width() / A4[0]   # pixels per point
    # "Page 1": 36 pt Helvetica Bold, baseline 100 pt from the top, from x = 50 pt
    text_box = (int(45 * s), int(65 * s), int(150 * s), int(45 * s))
    assert dark_pixels(image, text_box) > 200
    assert dark_pixels(image, (0, int(200 * s), image.width(), image.height() - int(200 * s))) == 0


def test_only_visible_pages_are_rendered(qtbot, preview, tmp_path):
    path = tmp_path / "thirty.pdf"
    path.write_bytes(make_pdf([A4] * 30))
    preview.load(path)
    preview.set_zoom(1.0)
    preview.repaint()
    assert 1 <= len(preview.rendered_pages()) <= 2
    preview.set_page(20)
    preview.repaint()
    assert 20 in preview.rendered_pages() and len(preview.rendered_pages()) <= 4
    preview.zoom_in()   # another zoom: the old renderings are dropped
    assert preview.rendered_pages() == []


def test_the_file_can_be_deleted_after_load(preview, pdf_file):
    preview.load(pdf_file)
    preview.page_image(0)
    if Path("/proc/self/fd").is_dir():   # no descriptor left open on the file (Windows would lock it)
        open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert os.path.realpath(pdf_file) not in open_files
    pdf_file.unlink()
    assert not pdf_file.exists()
    assert not preview.page_image(2).isNull()   # still shown from memory


def test_replacing_and_clearing(preview, pdf_file, tmp_path):
    preview.load(pdf_file)
    other = tmp_path / "one.pdf"
    other.write_bytes(make_pdf([A5]))
    assert preview.load(other) == 1
    assert preview.page_count_label.text() == _("of {n}").format(n=1)
    assert not preview.next_button.isEnabled()
    preview.clear()
    assert preview.page_count() == 0 and preview.current_page() == -1
    assert preview.page_image(0).isNull()


@pytest.mark.parametrize("content", [b"not a PDF at all", b"", b"%PDF-1.4\n%%EOF\n"])
def test_broken_file_shows_a_message(preview, tmp_path, pdf_file, content):
    preview.load(pdf_file)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(content)
    with pytest.raises(PreviewError) as err:
        preview.load(bad)
    message = preview.error_text()
    assert message and str(err.value) == message
    assert message.startswith(_("Cannot show the file: it is damaged or is not a PDF."))
    assert "broken.pdf" in message
    assert preview.stack.currentWidget() is preview.message and preview.message.isVisible()
    assert preview.page_count() == 0 and not preview.zoom_in_button.isEnabled()
    # a good file afterwards shows pages again
    assert preview.load(pdf_file) == 3
    assert preview.stack.currentWidget() is preview.scroll_area and preview.error_text() is None


def test_missing_file(preview, tmp_path):
    with pytest.raises(PreviewError):
        preview.load(tmp_path / "nowhere.pdf")
    assert "nowhere.pdf" in preview.error_text()


def test_bytes_source(preview):
    assert preview.load(make_pdf()[:]) == 3


@pytest.fixture(scope="module")
def memo_pdf(tmp_path_factory) -> Path:
    """The demo memo of อบต.ปากช่อง 2565 (Thai text, shaped, Laksaman)."""
    doc = next(load_file(p) for p in demo_files() if "pak_chong" in p.name)
    return render_memo(doc, 2565, tmp_path_factory.mktemp("memo") / "memo.pdf")


def test_thai_memo_page_shows_ink(qtbot, memo_pdf, tmp_path):
    dialog = PreviewDialog()
    qtbot.addWidget(dialog)
    dialog.resize(820, 1000)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.load(memo_pdf) >= 1
    assert dialog.save_button.isEnabled()
    preview = dialog.preview
    qtbot.waitUntil(lambda: preview.rendered_pages() != [])
    image = preview.page_image(0)
    s = image.width() / A4[0]
    # "บันทึกข้อความ" heading in the upper part, body text below: ink in both halves of the first page
    assert dark_pixels(image, (0, 0, image.width(), int(150 * s))) > 500
    assert dark_pixels(image, (0, int(300 * s), image.width(), int(300 * s))) > 2000
    if os.environ.get("ITA_SHOTS_DIR"):   # a screenshot to look at
        dialog.grab().save(str(Path(os.environ["ITA_SHOTS_DIR"]) / "preview_dialog_memo.png"))


def test_dialog_buttons(qtbot, pdf_file):
    dialog = PreviewDialog(title="ทดสอบ")
    qtbot.addWidget(dialog)
    dialog.load(pdf_file)   # before it is shown, as a caller does before exec()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "ทดสอบ"
    preview = dialog.preview
    qtbot.waitUntil(lambda: preview.page_rect(1).width()
                    == pytest.approx(preview.scroll_area.viewport().width() - 2 * PAGE_MARGIN, abs=1))
    assert preview.current_page() == 0
    with qtbot.waitSignal(dialog.saveRequested):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.preview.page_count() == 0   # document closed with the dialog

    dialog2 = PreviewDialog()
    qtbot.addWidget(dialog2)
    dialog2.show()
    qtbot.waitExposed(dialog2)
    with pytest.raises(PreviewError):
        dialog2.load(b"junk")
    assert not dialog2.save_button.isEnabled()
    qtbot.mouseClick(dialog2.close_button, Qt.MouseButton.LeftButton)
    assert dialog2.result() == QDialog.DialogCode.Rejected


def test_every_control_is_named(preview):
    for w in [preview.prev_button, preview.next_button, preview.page_spin, preview.zoom_in_button,
              preview.zoom_out_button, preview.fit_button, preview.scroll_area]:
        assert w.objectName() and w.accessibleName(), w
    assert isinstance(preview.canvas, QWidget)
    assert preview.canvas.mapTo(preview, QPoint(0, 0)) is not None
