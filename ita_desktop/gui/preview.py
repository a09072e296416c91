"""In-app PDF preview: the pages of a PDF drawn with PDFium (pypdfium2), in a scroll area.

``PdfPreview`` shows every page of a document one under the other, as a PDF
reader does, with a tool bar: previous/next page, the page number ("3 of 12"),
zoom out/in, the zoom in percent, fit width. Keys (when the preview has the
focus): PgUp/PgDn previous/next page, Home/End first/last page, Ctrl++ / Ctrl+-
zoom in/out, Ctrl+0 fit width; Ctrl+wheel zooms too.

* Lazy: only the pages that come into view are rendered, each once per zoom
  and device pixel ratio (an LRU cache of at most ``CACHE_BYTES``), so a
  30-page document opens as fast as a 1-page one.
* Crisp on high-DPI screens: pages are rendered at zoom × devicePixelRatio and
  the pixmap carries that ratio.
* The file is read into memory and PDFium works on the bytes: it is never
  held open (on Windows the clerk can delete, move or overwrite it while it
  is shown). The document is closed when another one is loaded or on
  ``clear()``.
* A damaged file or one that is not a PDF: ``load`` shows a message in the
  widget in place of the pages (and disables the page and zoom controls) AND
  raises ``PreviewError`` with the same message, so the caller knows and may
  leave the message showing or tell the clerk in its own way.

``PreviewDialog`` puts a PdfPreview in a dialog with "Save as PDF…" (accepts
the dialog: the caller then asks for a file name and copies the file) and
"Close" (rejects).

Units: PDF page sizes are in points (1/72 inch); zoom 1.0 ("100%") draws one
point as 96/72 device-independent pixels, the size of the paper on a standard
96-DPI screen.
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QGuiApplication, QImage, QKeyEvent, QPainter, QPaintEvent, QPalette, QPixmap,
                           QWheelEvent)
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QSpinBox, QStackedWidget, QStyle, QToolButton, QVBoxLayout, QWidget)

from ita_desktop.gui.thaiedit import set_wrapped_text
from ita_desktop.i18n import _

#: Device-independent pixels per PDF point at zoom 1.0 (96 DPI).
PT_TO_PX = 96 / 72
#: Zoom factors offered by zoom in / zoom out (1.0 = 100%).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
#: Space around and between the pages, in device-independent pixels.
PAGE_MARGIN = 12
PAGE_GAP = 12
#: The rendered pages kept (bytes of pixel data, 4 bytes a pixel).
CACHE_BYTES = 192 * 1024 * 1024
#: Largest rendered page in pixels; a page zoomed beyond is drawn scaled up from this size.
MAX_PAGE_PIXELS = 24_000_000


class PreviewError(Exception):
    """A file the preview cannot show (missing, unreadable, damaged, no PDF, no pages); the message is for the clerk."""


def _pdfium():
    """The pypdfium2 module, imported on first use: the GUI starts without loading PDFium."""
    import pypdfium2

    return pypdfium2


class _PageCanvas(QWidget):
    """The pages laid out one under the other; paints the ones in the exposed area, rendering them on demand."""

    def __init__(self, preview: PdfPreview):
        super().__init__()
        self._preview = preview
        self.rects: list[QRect] = []
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setObjectName("pdfPreviewPages")

    def relayout(self, sizes_pt: list[tuple[float, float]], zoom: float) -> None:
        """Place the pages (``sizes_pt``: (width, height) in points) for ``zoom``; resize the canvas."""
        rects, y, widest = [], PAGE_MARGIN, 0
        for w_pt, h_pt in sizes_pt:
            w, h = max(1, round(w_pt * PT_TO_PX * zoom)), max(1, round(h_pt * PT_TO_PX * zoom))
            rects.append(QRect(0, y, w, h))
            widest = max(widest, w)
            y += h + PAGE_GAP
        width = widest + 2 * PAGE_MARGIN
        for r in rects:   # centred horizontally
            r.moveLeft((width - r.width()) // 2)
        self.rects = rects
        self.resize(width, y - PAGE_GAP + PAGE_MARGIN if rects else 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        """Grey background, then each page that intersects the exposed rectangle."""
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, self.palette().color(QPalette.ColorRole.Dark))
        shadow = QColor(0, 0, 0, 60)
        for i, r in enumerate(self.rects):
            if r.top() > area.bottom():
                break
            if not r.intersects(area):
                continue
            painter.fillRect(r.translated(3, 3), shadow)
            pixmap = self._preview._pixmap(i)
            if pixmap is None or pixmap.isNull():
                painter.fillRect(r, Qt.GlobalColor.white)
                painter.setPen(Qt.GlobalColor.darkRed)
                painter.drawText(r, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                                 _("Page {n} cannot be drawn.").format(n=i + 1))
            elif abs(pixmap.devicePixelRatio() - self.devicePixelRatioF()) < 1e-9:
                painter.drawPixmap(r.topLeft(), pixmap)   # pixel for pixel: no resampling, crisp text
            else:
                painter.drawPixmap(r, pixmap)   # a page too large to render at full size: scaled up
        painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt name)
        """Ctrl+wheel zooms; the plain wheel scrolls (the scroll area)."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            dy = event.angleDelta().y()
            if dy:
                (self._preview.zoom_in if dy > 0 else self._preview.zoom_out)()
            event.accept()
            return
        event.ignore()


class _ScrollArea(QScrollArea):
    """Leaves the page keys (PgUp/PgDn, Home/End) and the zoom keys to the PdfPreview."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if _preview_key(event):
            event.ignore()   # goes up to the PdfPreview
            return
        super().keyPressEvent(event)


def _preview_key(event: QKeyEvent) -> str | None:
    """What a key press asks of the preview: "prev", "next", "first", "last", "in", "out", "fit" or None."""
    key = int(event.key())
    mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
    if mods == Qt.KeyboardModifier.NoModifier:
        return _PLAIN_KEYS.get(key)
    if mods == Qt.KeyboardModifier.ControlModifier:
        return _CTRL_KEYS.get(key)
    return None


_K = Qt.Key
_PLAIN_KEYS = {_K.Key_PageUp.value: "prev", _K.Key_PageDown.value: "next", _K.Key_Home.value: "first",
               _K.Key_End.value: "last"}
_CTRL_KEYS = {_K.Key_Plus.value: "in", _K.Key_Equal.value: "in", _K.Key_Minus.value: "out", _K.Key_0.value: "fit",
              _K.Key_Home.value: "first", _K.Key_End.value: "last"}


class PdfPreview(QWidget):
    """Shows the pages of a PDF (file path or bytes), with page and zoom controls.

    * ``load(source)``: a path (str or os.PathLike) or the bytes of a PDF;
      returns the number of pages and shows the first. Raises PreviewError
      (after showing its message in the widget) for a missing or unreadable
      file, a damaged file or one that is not a PDF, a password-protected or
      empty document.
    * ``clear()``: nothing shown, the document closed.
    * Pages are numbered from 0 in the API (``current_page()``,
      ``set_page(i)``, ``pageChanged(int)``) and from 1 on screen.
    * Zoom: ``zoom()`` (1.0 = 100%, see ``PT_TO_PX``), ``set_zoom(z)``
      (clamped to ``MIN_ZOOM`` … ``MAX_ZOOM``), ``zoom_in()`` /
      ``zoom_out()`` (the next of ``ZOOM_STEPS``), ``fit_width()`` (the widest
      page fills the viewport's width; it stays fitted when the widget is
      resized, until the zoom is set).

    Signals: ``pageChanged(int)`` (0-based page index, when the page at the
    top of the view changes: navigation or scrolling), ``zoomChanged(float)``.
    """

    pageChanged = Signal(int)
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pdf = None
        self._sizes: list[tuple[float, float]] = []
        self._zoom = 1.0
        self._fit = True
        self._current = -1
        self._moving = False
        self._error: str | None = None
        self._cache: OrderedDict[tuple[int, float, float], QPixmap] = OrderedDict()
        self._cache_bytes = 0

        self.prev_button = self._tool_button("pdfPreviewPrevious", QStyle.StandardPixmap.SP_ArrowUp, self.previous_page)
        self.next_button = self._tool_button("pdfPreviewNext", QStyle.StandardPixmap.SP_ArrowDown, self.next_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setObjectName("pdfPreviewPage")
        self.page_spin.setRange(0, 0)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_spin.valueChanged.connect(self._on_spin)
        self.page_count_label = QLabel(self)
        self.page_count_label.setObjectName("pdfPreviewPageCount")
        self.zoom_out_button = self._tool_button("pdfPreviewZoomOut", None, self.zoom_out, "−")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("pdfPreviewZoom")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000%"))
        self.zoom_in_button = self._tool_button("pdfPreviewZoomIn", None, self.zoom_in, "+")
        self.fit_button = self._tool_button("pdfPreviewFitWidth", None, self.fit_width)
        self.fit_button.setCheckable(True)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.setSpacing(6)
        for w in (self.prev_button, self.next_button, self.page_spin, self.page_count_label):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)

        self.canvas = _PageCanvas(self)
        self.scroll_area = _ScrollArea(self)
        self.scroll_area.setObjectName("pdfPreviewScroll")
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width stays put
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.scroll_area.viewport().installEventFilter(self)

        self.message = QLabel(self)
        self.message.setObjectName("pdfPreviewMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.scroll_area)
        self.retranslate()
        self._update_controls()

    def _tool_button(self, name: str, icon, slot, text: str = "") -> QToolButton:
        b = QToolButton(self)
        b.setObjectName(name)
        if icon is not None:
            b.setIcon(self.style().standardIcon(icon))
        if text:
            b.setText(text)
        b.setAutoRaise(True)
        b.clicked.connect(lambda _checked=False: slot())
        return b

    # -- loading --------------------------------------------------------------------------------------
    def load(self, source: str | os.PathLike | bytes) -> int:
        """Show the PDF ``source`` (a path or the file's bytes) from its first page; return its page count.

        The previous document is closed first. The zoom mode is kept (fit
        width by default). Raises PreviewError, after showing the same
        message in the widget, when the file cannot be read or is no PDF
        PDFium can open, or has no pages.
        """
        self.clear()
        damaged = _("Cannot show the file: it is damaged or is not a PDF.")
        if isinstance(source, (bytes, bytearray, memoryview)):
            data, name = bytes(source), ""
        else:
            path = Path(source)
            name = path.name
            try:
                data = path.read_bytes()   # PDFium gets bytes: the file is never left open (Windows locks)
            except OSError as exc:
                self._fail(_("Cannot read the file: {error}").format(error=exc.strerror or exc), name)
        pdfium = _pdfium()
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:   # every kind of bad file
            if "password" in str(exc).lower():
                self._fail(_("The file is protected with a password; the preview cannot open it."), name)
            self._fail(damaged, name)
        try:
            sizes = [pdf.get_page_size(i) for i in range(len(pdf))]
        except pdfium.PdfiumError:
            pdf.close()
            self._fail(damaged, name)
        if not sizes:
            pdf.close()
            self._fail(_("The file has no pages."), name)
        self._pdf, self._sizes = pdf, [(float(w), float(h)) for w, h in sizes]
        self.stack.setCurrentWidget(self.scroll_area)
        self._apply_zoom(self._fit_zoom() if self._fit else self._zoom, keep_position=False)
        self._current = -1
        self._go_to(0)
        self._update_controls()
        return len(sizes)

    def _fail(self, message: str, name: str = ""):
        """Show ``message`` (and the file's name under it) instead of pages; raise PreviewError."""
        if name:
            message = f"{message}\n{name}"
        self._error = message
        set_wrapped_text(self.message, message)
        self.stack.setCurrentWidget(self.message)
        self._update_controls()
        raise PreviewError(message)

    def clear(self) -> None:
        """Show nothing; close the document and drop the rendered pages."""
        if self._pdf is not None:
            self._pdf.close()
        self._pdf = None
        self._sizes = []
        self._error = None
        self._drop_cache()
        self.canvas.relayout([], self._zoom)
        self.message.clear()
        self.stack.setCurrentWidget(self.scroll_area)
        if self._current != -1:
            self._current = -1
        self._update_controls()

    # -- state ----------------------------------------------------------------------------------------
    def page_count(self) -> int:
        """Number of pages of the document shown (0: none)."""
        return len(self._sizes)

    def current_page(self) -> int:
        """Index (from 0) of the page at the top of the view; -1 when nothing is shown."""
        return self._current

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) of page ``index`` in points, as displayed (the page's rotation applied)."""
        return self._sizes[index]

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is drawn in the scrolled canvas (device-independent pixels)."""
        return QRect(self.canvas.rects[index])

    def error_text(self) -> str | None:
        """The message shown instead of pages after a failed ``load`` (None otherwise)."""
        return self._error

    def zoom(self) -> float:
        """The zoom factor: 1.0 = 100% (one point = ``PT_TO_PX`` device-independent pixels)."""
        return self._zoom

    def is_fit_width(self) -> bool:
        """True while the zoom follows the viewport's width."""
        return self._fit

    def rendered_pages(self) -> list[int]:
        """Indexes of the pages rendered for the current zoom and pixel ratio (the lazy rendering at work)."""
        key = self._key_suffix()
        return sorted(i for (i, z, d) in self._cache if (z, d) == key)

    def page_image(self, index: int) -> QImage:
        """Page ``index`` as rendered for the screen now (zoom × devicePixelRatio pixels; renders it if needed)."""
        pixmap = self._pixmap(index)
        return pixmap.toImage() if pixmap is not None else QImage()

    # -- navigation -----------------------------------------------------------------------------------
    def set_page(self, index: int) -> None:
        """Scroll so that page ``index`` (clamped) is at the top of the view."""
        if self._sizes:
            self._go_to(max(0, min(index, len(self._sizes) - 1)))

    def next_page(self) -> None:
        """Go to the next page (stays on the last)."""
        self.set_page(self._current + 1)

    def previous_page(self) -> None:
        """Go to the previous page (stays on the first)."""
        self.set_page(self._current - 1)

    def _go_to(self, index: int) -> None:
        bar = self.scroll_area.verticalScrollBar()
        self._moving = True
        try:
            bar.setValue(max(0, self.canvas.rects[index].top() - PAGE_MARGIN))
        finally:
            self._moving = False
        self._set_current(index)

    def _set_current(self, index: int) -> None:
        if index == self._current:
            return
        self._current = index
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        self._update_controls()
        self.pageChanged.emit(index)

    def _on_spin(self, value: int) -> None:
        if self._sizes and value >= 1:
            self.set_page(value - 1)

    def _on_scrolled(self, value: int) -> None:
        if self._moving or not self._sizes:
            return
        bar = self.scroll_area.verticalScrollBar()
        if value >= bar.maximum() > 0:
            self._set_current(len(self._sizes) - 1)
            return
        y = value + self.scroll_area.viewport().height() // 3
        index = 0
        for i, r in enumerate(self.canvas.rects):
            if r.top() - PAGE_GAP <= y:
                index = i
            else:
                break
        self._set_current(index)

    # -- zoom -----------------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0 = 100%, clamped to MIN_ZOOM … MAX_ZOOM); ends fit-width mode."""
        self._fit = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        """The next larger step of ZOOM_STEPS."""
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-6), MAX_ZOOM))

    def zoom_out(self) -> None:
        """The next smaller step of ZOOM_STEPS."""
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-6), MIN_ZOOM))

    def fit_width(self) -> None:
        """Zoom so that the widest page fills the width of the view, and keep it so when resized."""
        self._fit = True
        self._apply_zoom(self._fit_zoom())

    def _fit_zoom(self) -> float:
        if not self._sizes:
            return self._zoom
        widest_pt = max(w for w, _h in self._sizes)
        avail = self.scroll_area.viewport().width() - 2 * PAGE_MARGIN
        return max(MIN_ZOOM, min(MAX_ZOOM, avail / (widest_pt * PT_TO_PX)))

    def _apply_zoom(self, zoom: float, keep_position: bool = True) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, float(zoom)))
        changed = abs(zoom - self._zoom) > 1e-9
        # Keep the same point of the current page at the top of the view.
        anchor = None
        if keep_position and self._sizes and 0 <= self._current < len(self.canvas.rects):
            r = self.canvas.rects[self._current]
            top = self.scroll_area.verticalScrollBar().value()
            anchor = (self._current, (top - r.top()) / max(1, r.height()))
        self._zoom = zoom
        self.canvas.relayout(self._sizes, zoom)
        if anchor is not None:
            i, frac = anchor
            r = self.canvas.rects[i]
            self._moving = True
            try:
                self.scroll_area.verticalScrollBar().setValue(round(r.top() + frac * r.height()))
            finally:
                self._moving = False
        self._trim_cache()
        self.canvas.update()
        self._update_controls()
        if changed:
            self.zoomChanged.emit(zoom)

    # -- rendering ------------------------------------------------------------------------------------
    def _key_suffix(self) -> tuple[float, float]:
        return round(self._zoom, 6), self.canvas.devicePixelRatioF()

    def _pixmap(self, index: int) -> QPixmap | None:
        """Page ``index`` rendered for the current zoom and pixel ratio (from the cache, else rendered now)."""
        if self._pdf is None or not 0 <= index < len(self._sizes):
            return None
        key = (index, *self._key_suffix())
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap
        dpr = key[2]
        rect = self.canvas.rects[index]
        w_pt, h_pt = self._sizes[index]
        scale = (rect.width() * dpr - 1e-3) / w_pt   # PDFium rounds up: exactly width × dpr pixels
        pixels = (w_pt * scale) * (h_pt * scale)
        capped = pixels > MAX_PAGE_PIXELS
        if capped:
            scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
        try:
            image = self._render(index, scale)
        except (_pdfium().PdfiumError, ValueError, MemoryError):   # the canvas says so in the page's place
            return None
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr if not capped else pixmap.width() / rect.width())
        self._cache[key] = pixmap
        self._cache_bytes += pixmap.width() * pixmap.height() * 4
        self._trim_cache()
        return pixmap

    def _render(self, index: int, scale: float) -> QImage:
        """Render page ``index`` at ``scale`` pixels per point into a QImage that owns its pixels."""
        page = self._pdf[index]
        try:
            # BGRx bytes are the QImage RGB32 layout (0xffRRGGBB) on little-endian machines; RGBx otherwise.
            little = sys.byteorder == "little"
            bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=not little)
            try:
                fmt = QImage.Format.Format_RGB32 if little else QImage.Format.Format_RGBX8888
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            finally:
                bitmap.close()
        finally:
            page.close()
        return image

    def _trim_cache(self) -> None:
        """Drop the rendered pages of other zooms, then the least recently used beyond CACHE_BYTES."""
        suffix = self._key_suffix()
        for key in [k for k in self._cache if k[1:] != suffix]:
            self._forget(key)
        while self._cache_bytes > CACHE_BYTES and len(self._cache) > 1:
            self._forget(next(iter(self._cache)))

    def _forget(self, key) -> None:
        pixmap = self._cache.pop(key)
        self._cache_bytes -= pixmap.width() * pixmap.height() * 4

    def _drop_cache(self) -> None:
        self._cache.clear()
        self._cache_bytes = 0

    # -- controls, keys, events -----------------------------------------------------------------------
    def _update_controls(self) -> None:
        n = len(self._sizes)
        has = n > 0
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if has else 0, max(n, 0))
        self.page_spin.setValue(self._current + 1 if has else 0)
        self.page_spin.blockSignals(False)
        self.page_spin.setEnabled(has)
        self.prev_button.setEnabled(has and self._current > 0)
        self.next_button.setEnabled(has and self._current < n - 1)
        self.page_count_label.setText(_("of {n}").format(n=n))
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            b.setEnabled(has)
        self.zoom_out_button.setEnabled(has and self._zoom > MIN_ZOOM + 1e-6)
        self.zoom_in_button.setEnabled(has and self._zoom < MAX_ZOOM - 1e-6)
        self.fit_button.setChecked(self._fit)
        self.zoom_label.setText(_("{percent}%").format(percent=round(self._zoom * 100)) if has else "")

    def retranslate(self) -> None:
        """Set every text in the current language."""
        tips = (
            (self.prev_button, _("Previous page"), "PgUp"),
            (self.next_button, _("Next page"), "PgDown"),
            (self.zoom_out_button, _("Zoom out"), "Ctrl+-"),
            (self.zoom_in_button, _("Zoom in"), "Ctrl++"),
            (self.fit_button, _("Fit width"), "Ctrl+0"),
        )
        for button, name, keys in tips:
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({keys})")
        self.fit_button.setText(_("&Fit width"))
        self.page_spin.setAccessibleName(_("Page number"))
        self.page_spin.setToolTip(_("Page number"))
        self.page_count_label.setAccessibleName(_("Number of pages"))
        self.zoom_label.setAccessibleName(_("Zoom"))
        self.scroll_area.setAccessibleName(_("Pages of the document"))
        self.message.setAccessibleName(_("Preview message"))
        self.setAccessibleName(_("PDF preview"))
        self._update_controls()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        """PgUp/PgDn, Home/End, Ctrl++ / Ctrl+- / Ctrl+0 (see the module docstring)."""
        action = _preview_key(event) if self._sizes else None
        if action is None:
            super().keyPressEvent(event)
            return
        {"prev": self.previous_page, "next": self.next_page, "first": lambda: self.set_page(0),
         "last": lambda: self.set_page(len(self._sizes) - 1), "in": self.zoom_in, "out": self.zoom_out,
         "fit": self.fit_width}[action]()
        event.accept()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        """Follow the viewport's width in fit-width mode."""
        if (watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize
                and self._fit and self._sizes):
            self._apply_zoom(self._fit_zoom())
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on LanguageChange."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """Room for an A4 page at about 100%."""
        return QSize(860, 900)


class PreviewDialog(QDialog):
    """A PdfPreview with "Save as PDF…" and "Close".

    ``load(source)`` as :meth:`PdfPreview.load` (raises PreviewError; the
    dialog then shows the message and "Save as PDF…" is disabled).
    ``exec()`` returns ``QDialog.Accepted`` when the clerk chose "Save as
    PDF…" (the caller then asks for the file name and copies the file; the
    dialog saves nothing) and ``Rejected`` for "Close" or Esc. Signal
    ``saveRequested()`` is emitted just before the dialog accepts.
    """

    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None, title: str | None = None):
        super().__init__(parent)
        self.setObjectName("pdfPreviewDialog")
        self._title = title
        self.preview = PdfPreview(self)
        self.preview.setObjectName("pdfPreview")
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("pdfPreviewSave")
        self.save_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("pdfPreviewClose")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self._save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.save_button.setEnabled(False)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        if screen is not None:
            avail = screen.availableGeometry()
            self.resize(min(900, int(avail.width() * 0.9)), int(avail.height() * 0.9))
        self.retranslate()

    def load(self, source: str | os.PathLike | bytes) -> int:
        """Show ``source`` (see PdfPreview.load); "Save as PDF…" is enabled when it could be shown."""
        self.save_button.setEnabled(False)
        count = self.preview.load(source)
        self.save_button.setEnabled(True)
        self.preview.setFocus()
        return count

    def _save(self) -> None:
        self.saveRequested.emit()
        self.accept()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self._title or _("PDF preview"))
        self.save_button.setText(_("Save as PDF…"))
        self.save_button.setAccessibleName(_("Save as PDF"))
        self.close_button.setText(_("Close"))
        self.close_button.setAccessibleName(_("Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Re-translate on LanguageChange."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        """Close the document (its memory) with the dialog."""
        self.preview.clear()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Close the document when the dialog ends (accepted or rejected)."""
        super().done(result)
        self.preview.clear()

