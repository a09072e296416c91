"""Bar charts of ITA scores for the PDFs, with correctly shaped Thai labels.

Why not ``reportlab.graphics.charts``: its ``String`` is never shaped, so Thai tone
marks float or collide (เรื่อง prints as เรือง; ``shared/docs/THAI_TEXT_NOTES.md``).
These flowables draw bars, axes and gridlines with canvas primitives and every piece
of text as a :class:`~ita_desktop.pdf.thaitext.ThaiParagraph` (HarfBuzz shaping,
dictionary line breaks, ``/ActualText`` so copied text is the source text).

* :class:`IndicatorBarChart`: one horizontal bar per indicator, with the pass mark.
* :class:`YearsBarChart`: vertical bars grouped side by side (years, tools).

Units: points (pt, 1/72 in) everywhere; scores are score points 0–100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from numbers import Real
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ita_desktop.pdf import fonts
from ita_desktop.pdf.thaitext import ThaiBreaker, ThaiParagraph, escape
from ita_desktop.pdf.thaitext import thai_digits as to_thai_text

__all__ = ["FAIL_COLOR", "PASS_COLOR", "SERIES_COLORS", "IndicatorBarChart", "YearsBarChart"]

#: Fill of an indicator bar at or above the pass mark: a light green, so that it
#: stays clearly lighter than :data:`FAIL_COLOR` on a black-and-white printer
#: (luminance about 155 against 61 of 255).
PASS_COLOR = colors.HexColor("#6AAE72")
#: Fill of an indicator bar below the pass mark (the red of the score form, gui/score_form.py).
FAIL_COLOR = colors.HexColor("#B71C1C")
#: Fills of the series of :class:`YearsBarChart`, in order: neighbours differ in
#: lightness as well as hue, so a grey print still tells them apart.
SERIES_COLORS = tuple(colors.HexColor(c) for c in (
    "#9DC3E6", "#2E75B6", "#1F3864", "#F4B183", "#C55A11", "#A9D18E", "#548235", "#7F7F7F"))

GRID_COLOR = colors.HexColor("#C8C8C8")
AXIS_COLOR = colors.HexColor("#404040")
MARK_COLOR = colors.black
NO_DATA_COLOR = colors.HexColor("#595959")

#: Text for a missing score.
NO_DATA = "ไม่มีข้อมูล"

_LEADING_EM = 1.48         # line distance of chart text, as table cells (common.CELL_LEADING_EM)
_X_MIDDLE_EM = 0.30        # half the height of a Thai consonant (602/1000 em in Laksaman)
_MIN_TEXT_PT = 6.0         # below this, refuse rather than print unreadable numbers
_GRID_STEP = 20
_default_breaker: ThaiBreaker | None = None


def _breaker(breaker: ThaiBreaker | None) -> ThaiBreaker:
    global _default_breaker
    if breaker is not None:
        return breaker
    if _default_breaker is None:
        _default_breaker = ThaiBreaker()
    return _default_breaker


def _check_score(who: str, label: str, x: Any) -> float | None:
    """``x`` as a float in 0–100, or None; TypeError (not a number) or ValueError (out of range) naming the bar."""
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, (Real, Decimal)):
        raise TypeError(f"{who}: score of {label!r} must be a number or None, not {x!r}")
    v = float(x)
    if not math.isfinite(v) or not 0 <= v <= 100:
        raise ValueError(f"{who}: score of {label!r} is {x}, outside 0–100")
    return v


def _check_label(who: str, label: Any) -> str:
    if not isinstance(label, str):
        raise TypeError(f"{who}: a label must be a str, not {label!r}")
    return label


class _Chart(Flowable):
    """Fonts, digits and text placement shared by the charts."""

    who = "chart"

    def __init__(self, width: float, height: float, font_name: str | None, thai_digits: bool,
                 breaker: ThaiBreaker | None, font_size: float | None):
        super().__init__()
        if not (isinstance(width, (int, float)) and isinstance(height, (int, float))
                and width > 0 and height > 0):
            raise ValueError(f"{self.who}: width and height must be positive numbers of pt, "
                             f"not {width!r} × {height!r}")
        self.width, self.height = float(width), float(height)
        self.font_name = font_name or fonts.register_family()
        try:
            font = pdfmetrics.getFont(self.font_name)
        except KeyError:
            raise ValueError(f"{self.who}: font {self.font_name!r} is not registered "
                             "(use fonts.register_family())") from None
        self._descent_em = -font.face.descent / 1000.0 if hasattr(font, "face") else 0.25
        self.thai_digits = bool(thai_digits)
        self.breaker = _breaker(breaker)
        #: Size (pt) of labels: prints like TH Sarabun PSK 14 pt unless given.
        self.font_size = float(font_size) if font_size else fonts.equivalent_size(14, self.font_name)
        if self.font_size < _MIN_TEXT_PT:
            raise ValueError(f"{self.who}: font_size {self.font_size} pt is below {_MIN_TEXT_PT} pt")
        self._items: list[tuple[ThaiParagraph, float, float, float]] = []   # (para, x, y, width)
        self._backs: list[tuple[float, float, float, float]] = []          # white boxes under text

    # -- text ---------------------------------------------------------------------------

    def text(self, s: str) -> str:
        """``s`` with the digit option applied (URLs and item codes such as IIT, O27 kept)."""
        return to_thai_text(s) if self.thai_digits else s

    def number(self, x: float | Decimal | None, places: int = 2) -> str:
        """A score as printed: ``places`` decimals (as ``common.Kit.num``), in the chosen digits."""
        s = f"{Decimal(str(x)):.{places}f}" if places else f"{x:g}"
        return self.text(s)

    def para(self, s: str, size: float, alignment: int = TA_LEFT,
             color: colors.Color = colors.black) -> ThaiParagraph:
        style = ParagraphStyle("chart", fontName=self.font_name, fontSize=size, leading=size * _LEADING_EM,
                               alignment=alignment, textColor=color)
        return ThaiParagraph(escape(s), style, self.breaker)

    def line_height(self, size: float) -> float:
        return size * _LEADING_EM

    def text_width(self, s: str, size: float) -> float:
        """Width (pt) of ``s`` on one line, shaped."""
        return self.para(s, size).natural_width()

    def place(self, p: ThaiParagraph, x: float, width: float, *, bottom: float | None = None,
              middle: float | None = None, back: bool = False) -> tuple[float, float]:
        """Lay ``p`` out in ``width`` pt at ``x`` and keep it for drawing; returns its (bottom, height).

        ``bottom``: the bottom of its box; or ``middle``: where the middle of the Thai
        letters (not of the box, which has more room above the baseline than below)
        of its lines should be.  ``back``: paint a white box under the text (so a
        gridline or the pass-mark line does not run through it).
        """
        _w, h = p.wrap(width, 1e6)
        size, leading = p.style.fontSize, p.style.leading
        if bottom is None:
            d = self._descent_em * size
            bottom = middle - (2 * d + h - leading + 2 * _X_MIDDLE_EM * size) / 2
        self._items.append((p, x, bottom, width))
        if back:   # (used for one-line texts: their width is the natural width)
            tw = min(p.natural_width(), width)
            if p.style.alignment == TA_CENTER:
                bx = x + (width - tw) / 2
            elif p.style.alignment == TA_RIGHT:
                bx = x + width - tw
            else:
                bx = x
            self._backs.append((bx - 1, bottom + 0.1 * size, tw + 2, h - 0.1 * size))
        return bottom, h

    def draw_texts(self) -> None:
        canv = self.canv
        if self._backs:
            canv.saveState()
            canv.setFillColor(colors.white)
            for x, y, w, h in self._backs:
                canv.rect(x, y, w, h, stroke=0, fill=1)
            canv.restoreState()
        for p, x, y, w in self._items:
            p.wrapOn(canv, w, 1e6)
            p.drawOn(canv, x, y)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The chart's fixed size (width, height) in pt, whatever space is offered."""
        return self.width, self.height

    def swatch(self, x: float, middle: float, size: float, fill: colors.Color) -> None:
        """A filled square legend key of side 0.8 em whose middle is at ``middle``."""
        side = 0.8 * size
        canv = self.canv
        canv.setFillColor(fill)
        canv.setStrokeColor(AXIS_COLOR)
        canv.setLineWidth(0.3)
        canv.rect(x, middle - side / 2, side, side, stroke=1, fill=1)

    def legend(self, entries: list[tuple[str, Any]], size: float, *, bottom: float = 0.0,
               left: float = 0.0, right: float | None = None) -> float:
        """Lay out legend entries ``(text, colour or "dash")`` in rows centred between
        ``left`` and ``right`` (default: the chart's width), the last row at ``bottom``.

        Returns the height used (pt).  The keys are drawn by :meth:`draw_legend`.
        """
        right = self.width if right is None else right
        gap, key = 1.2 * size, 1.2 * size
        widths = [key + self.text_width(t, size) + 2 for t, _c in entries]
        rows: list[list[int]] = [[]]
        used = 0.0
        for i, w in enumerate(widths):
            if rows[-1] and used + gap + w > right - left:
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0.0) + w
            rows[-1].append(i)
        lh = self.line_height(size)
        top = bottom + lh * len(rows)
        self._legend: list[tuple[float, float, Any]] = []
        for r, row in enumerate(rows):
            total = sum(widths[i] for i in row) + gap * (len(row) - 1)
            x = max(0.0, left + (right - left - total) / 2)
            middle = top - lh * r - lh / 2
            for i in row:
                text, fill = entries[i]
                self._legend.append((x, middle, fill))
                self.place(self.para(text, size), x + key, widths[i] - key, middle=middle)
                x += widths[i] + gap
        return lh * len(rows)

    def draw_legend(self, size: float) -> None:
        for x, middle, fill in getattr(self, "_legend", []):
            if fill == "dash":
                self.dashed(x, middle, x + 0.9 * size, middle)
            else:
                self.swatch(x, middle, size, fill)

    def dashed(self, x0: float, y0: float, x1: float, y1: float) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(MARK_COLOR)
        canv.setLineWidth(1.0)
        canv.setDash([3, 2], 0)
        canv.line(x0, y0, x1, y1)
        canv.restoreState()

    def begin(self) -> None:
        """Start of ``draw``: select our font, so no text operator ever meets Helvetica."""
        self.canv.setFont(self.font_name, self.font_size)


class IndicatorBarChart(_Chart):
    """Horizontal bars of indicator scores against the pass mark: a flowable.

    ``scores``: a sequence of ``(label, score)``; ``label`` a str (e.g. "๑ การปฏิบัติหน้าที่",
    wrapped at Thai word boundaries when long), ``score`` a number 0–100 (float, int or
    Decimal, score points) or None for a missing score, printed "ไม่มีข้อมูล" with no bar.
    Bars are drawn top to bottom in the given order.

    ``width``, ``height``: the size of the chart in pt (what :meth:`wrap` returns).
    ``pass_mark``: score points; a bar below it is filled with :data:`FAIL_COLOR`, at or
    above it with :data:`PASS_COLOR` (the same rule as ``domain.scoring``: passes when
    score ≥ pass mark).  Source of 85: the NACC ITA manual, ``shared/docs/ITA_DOMAIN.md``
    ("Pass mark per indicator and overall: 85"), kept per year as ``"pass_mark"`` in
    ``resources/frameworks/<year>.json`` — pass ``framework.pass_mark``.
    ``font_name``: a registered TrueType font (default: the bundled family,
    :func:`fonts.register_family`).  ``thai_digits``: print values, axis numbers and
    digits in labels as ๐–๙ (Latin tokens such as IIT or O27 are kept).
    ``breaker``: the :class:`ThaiBreaker` for labels (default: one without the office's
    words).  ``font_size``: label size in pt of ``font_name`` (default: as TH Sarabun PSK
    14 pt, 9.3 pt of Laksaman).

    Layout (pt): the labels in a right-aligned column on the left; the plot with a
    0–100 axis, gridlines every 20 and a dashed line at the pass mark labelled
    "เกณฑ์ผ่าน 85" above the plot; the value (two decimals) after the end of each bar
    (inside a failing bar whose value would otherwise run across the pass-mark line);
    a legend below the axis that names both colours, so pass/fail is not told by
    colour alone.

    Raises ValueError for: no scores, a score outside 0–100 (or NaN), a pass mark
    outside 0–100, a width or height that is not positive, an unregistered font, and a
    size too small for the labels (the message gives the size needed); TypeError for
    an item that is not a (str, number-or-None) pair.
    """

    who = "IndicatorBarChart"

    def __init__(self, scores: Sequence[tuple[str, float | Decimal | None]], *, width: float, height: float,
                 pass_mark: float = 85, font_name: str | None = None, thai_digits: bool = True,
                 breaker: ThaiBreaker | None = None, font_size: float | None = None):
        super().__init__(width, height, font_name, thai_digits, breaker, font_size)
        items = list(scores)
        if not items:
            raise ValueError("IndicatorBarChart: no scores to draw (give at least one (label, score) pair)")
        pm = _check_score(self.who, "pass_mark", pass_mark)
        if pm is None:
            raise ValueError("IndicatorBarChart: pass_mark must be a number in 0–100, not None")
        self.pass_mark = pm
        self.rows: list[tuple[str, float | None, Any]] = []
        for item in items:
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise TypeError(f"IndicatorBarChart: each score must be a (label, score) pair, not {item!r}")
            label = _check_label(self.who, item[0])
            self.rows.append((label, _check_score(self.who, label, item[1]), item[1]))
        self._layout()

    def passes(self, score: float) -> bool:
        """True when ``score`` reaches the pass mark (score ≥ pass mark, as domain.scoring)."""
        return score >= self.pass_mark

    def bar_color(self, score: float) -> colors.Color:
        return PASS_COLOR if self.passes(score) else FAIL_COLOR

    def _layout(self) -> None:
        s = self.font_size
        ts = s * 0.9                                      # ticks and legend
        mark = self.number(self.pass_mark, 0)
        lh, tlh = self.line_height(s), self.line_height(ts)
        n = len(self.rows)

        # Legend at the bottom, tick labels above it, the pass-mark label at the top.
        legend_h = self.legend([(f"ผ่านเกณฑ์ ({mark} ขึ้นไป)", PASS_COLOR),
                                (f"ไม่ผ่านเกณฑ์ (ต่ำกว่า {mark})", FAIL_COLOR)], ts)
        tick_len = 3.0
        self.y0 = legend_h + 4 + tlh + tick_len              # bottom of the plot
        self.y1 = self.height - 1.6 * s - 2                  # top of the plot (marks: 1.57 em)
        plot_h = self.y1 - self.y0

        labels = [self.para(self.text(label), s, TA_RIGHT) for label, _v, _r in self.rows]
        need_words = max(p.minWidth() for p in labels) + 2
        label_w = max(min(max(p.natural_width() for p in labels) + 2, 0.4 * self.width), need_words)
        value_w = max(self.text_width(self.number(100), s), self.text_width(self.number(88.88), s)) + 4
        self.x0 = label_w + 6
        self.x1 = self.width - value_w
        if self.x1 - self.x0 < 60:
            raise ValueError(f"IndicatorBarChart: width {self.width:g} pt leaves {self.x1 - self.x0:.0f} pt "
                             f"for the bars next to labels {label_w:.0f} pt wide; give more width")
        # Rows as tall as their (wrapped) label needs, the spare height shared evenly.
        needs = [max(p.wrap(label_w, 1e6)[1], lh) + 0.35 * s for p in labels]
        if sum(needs) > plot_h:
            need = self.height - plot_h + sum(needs)
            raise ValueError(f"IndicatorBarChart: height {self.height:g} pt is too small for {n} labels; "
                             f"need at least {math.ceil(need)} pt")
        spare = (plot_h - sum(needs)) / n
        self.row_heights = [h + spare for h in needs]
        self.bar_h = min(min(self.row_heights) * 0.62, 2.0 * s)

        # Axis numbers under the plot.
        for v in range(0, 101, _GRID_STEP):
            x = self.x(v)
            self.place(self.para(self.number(v, 0), ts, TA_CENTER), x - 20, 40,
                       bottom=self.y0 - tick_len - tlh)
        # Pass-mark label above the dashed line, kept inside the chart.
        text = f"เกณฑ์ผ่าน {mark}"
        tw = self.text_width(text, s) + 2
        lx = min(max(self.x(self.pass_mark) - tw / 2, 0.0), self.width - tw)
        self.place(self.para(text, s, TA_CENTER), lx, tw, bottom=self.y1 + 1)

        self.bars: list[tuple[float, float, float, Any]] = []     # (y bottom, length, score, colour)
        top = self.y1
        for (_label, v, raw), p, row_h in zip(self.rows, labels, self.row_heights):
            mid = top - row_h / 2
            top -= row_h
            self.place(p, 0, label_w, middle=mid)
            if v is None:
                self.place(self.para(NO_DATA, s, TA_LEFT, NO_DATA_COLOR), self.x0 + 3, self.x1 - self.x0 - 3,
                           middle=mid, back=True)
                continue
            end = self.x(v)
            self.bars.append((mid - self.bar_h / 2, end - self.x0, v, self.bar_color(v)))
            value = self.number(raw)
            vw = self.text_width(value, s) + 2
            outside_end = end + 3 + vw
            xm = self.x(self.pass_mark)
            if not self.passes(v) and outside_end > xm - 2 and end - self.x0 >= vw + 4:
                self.place(self.para(value, s, TA_RIGHT, colors.white), end - 3 - vw, vw, middle=mid)
            else:
                self.place(self.para(value, s, TA_LEFT), end + 3, vw, middle=mid, back=True)

    def x(self, score: float) -> float:
        """The x (pt, from the chart's left edge) of ``score`` on the axis."""
        return self.x0 + (self.x1 - self.x0) * score / 100.0

    def draw(self) -> None:
        self.begin()
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(GRID_COLOR)
        for v in range(_GRID_STEP, 101, _GRID_STEP):
            canv.line(self.x(v), self.y0, self.x(v), self.y1)
        for y, length, _v, fill in self.bars:
            canv.setFillColor(fill)
            canv.rect(self.x0, y, length, self.bar_h, stroke=0, fill=1)
        canv.setStrokeColor(AXIS_COLOR)
        canv.setLineWidth(0.8)
        canv.line(self.x0, self.y0, self.x0, self.y1)
        canv.line(self.x0, self.y0, self.x1, self.y0)
        for v in range(0, 101, _GRID_STEP):
            canv.line(self.x(v), self.y0, self.x(v), self.y0 - 3)
        canv.restoreState()
        xm = self.x(self.pass_mark)
        self.dashed(xm, self.y0, xm, self.y1 + 1)
        self.draw_legend(self.font_size * 0.9)
        self.draw_texts()


class YearsBarChart(_Chart):
    """Vertical bars of several series side by side in each group: a flowable.

    ``groups``: a sequence of ``(group_label, values)``; ``values`` a sequence aligned
    with ``series`` whose items are numbers 0–100 (score points) or None (printed
    "ไม่มีข้อมูล", no bar).  ``series``: the series labels (fiscal years "2566", "2567",
    or tools "IIT", "EIT", "OIT", "รวม"), one colour each (:data:`SERIES_COLORS`, in
    order) and named in the legend under the plot.  Examples: the office's overall
    score over years, ``groups=[("คะแนนรวม", [95.21, 88.1, 80.77])],
    series=["2564", "2565", "2568"]``; per tool per year, one group per tool.

    ``width``, ``height``: size in pt (what :meth:`wrap` returns).  ``pass_mark``:
    when given (score points, e.g. ``framework.pass_mark`` = 85, NACC ITA manual via
    ``resources/frameworks/<year>.json``), a dashed line at that score and a legend
    entry "เกณฑ์ผ่าน 85".  ``font_name``, ``thai_digits``, ``breaker``, ``font_size``: as
    :class:`IndicatorBarChart`; the digit option applies to values, axis numbers and
    labels (so "2568" prints ๒๕๖๘ when True).

    Layout: y axis 0–100 with gridlines every 20, numbered on every gridline when the
    plot is tall enough (numbers 3.7 em apart), else on 100, 60 and 20, or on 100 and 0;
    the groups evenly spaced, their labels (wrapped) under the axis, the legend under
    them; each bar's value (two decimals) above it on a white ground.  The value text
    is made smaller (not below 6 pt) when the bars are too narrow for it.

    Raises ValueError for: no groups or no series, a group whose values do not match
    ``series`` in length, a value outside 0–100 (or NaN), more series than colours,
    a non-positive size, an unregistered font, a width too small for the values or a
    height too small for the labels (the message says what is needed); TypeError for
    a label that is not a str or a value that is not a number or None.
    """

    who = "YearsBarChart"

    def __init__(self, groups: Sequence[tuple[str, Sequence[float | Decimal | None]]], *,
                 series: Sequence[str], width: float, height: float, font_name: str | None = None,
                 thai_digits: bool = True, breaker: ThaiBreaker | None = None, pass_mark: float | None = None,
                 font_size: float | None = None):
        super().__init__(width, height, font_name, thai_digits, breaker, font_size)
        self.series = [_check_label(self.who, s) for s in series]
        if not self.series:
            raise ValueError("YearsBarChart: no series (give the labels of the bars of each group)")
        if len(self.series) > len(SERIES_COLORS):
            raise ValueError(f"YearsBarChart: {len(self.series)} series, at most {len(SERIES_COLORS)}")
        self.groups: list[tuple[str, list[tuple[float | None, Any]]]] = []
        for g in groups:
            if not isinstance(g, (tuple, list)) or len(g) != 2:
                raise TypeError(f"YearsBarChart: each group must be a (label, values) pair, not {g!r}")
            label = _check_label(self.who, g[0])
            values = list(g[1])
            if len(values) != len(self.series):
                raise ValueError(f"YearsBarChart: group {label!r} has {len(values)} values "
                                 f"but there are {len(self.series)} series {self.series!r}")
            self.groups.append((label, [(_check_score(self.who, f"{label}/{s}", v), v)
                                        for s, v in zip(self.series, values)]))
        if not self.groups:
            raise ValueError("YearsBarChart: no groups to draw (give at least one (label, values) pair)")
        self.pass_mark = None if pass_mark is None else _check_score(self.who, "pass_mark", pass_mark)
        self._layout()

    def _layout(self) -> None:
        s = self.font_size
        ts = s * 0.9
        tick_len = 3.0
        entries = [(self.text(name), SERIES_COLORS[i]) for i, name in enumerate(self.series)]
        if self.pass_mark is not None:
            entries.append((f"เกณฑ์ผ่าน {self.number(self.pass_mark, 0)}", "dash"))

        n_g, n_s = len(self.groups), len(self.series)
        axis_w = max(self.text_width(self.number(v, 0), ts) for v in (0, 100)) + 2
        self.x0 = axis_w + tick_len + 2
        self.x1 = self.width - 2
        group_w = (self.x1 - self.x0) / n_g
        legend_h = self.legend(entries, s, left=self.x0, right=self.x1)
        room = group_w * 0.9 / n_s                    # width each bar and its value may use

        # Value size: as the tick size, smaller when the widest value (plus a gap of
        # 0.25 em to the next value) is wider than a bar's room.
        widest_em = max([self.text_width(self.number(raw), ts) for _g, vals in self.groups
                         for v, raw in vals if v is not None]
                        + [self.para(NO_DATA, ts).minWidth()]) / ts
        vs = min(ts, room / (widest_em + 0.25))
        self.bar_gap = 2.0
        # Bars no wider than needed for their value or 4 em: very wide bars look like blocks.
        self.bar_w = min(room - self.bar_gap, max(4 * s, widest_em * vs + 4))
        if vs < _MIN_TEXT_PT or self.bar_w < 3:
            need = self.x0 + 2 + n_g * n_s * max((widest_em + 0.25) * _MIN_TEXT_PT, 3 + self.bar_gap) / 0.9
            raise ValueError(f"YearsBarChart: width {self.width:g} pt is too small for {n_g * n_s} bars "
                             f"with their values; give about {math.ceil(need)} pt or fewer groups/series")
        self.value_size = vs

        labels = [self.para(self.text(g), s, TA_CENTER) for g, _v in self.groups]
        label_h = max(p.wrap(group_w - 4, 1e6)[1] for p in labels)
        if max(p.minWidth() for p in labels) > group_w - 4:
            raise ValueError(f"YearsBarChart: width {self.width:g} pt is too small for group labels "
                             f"of {max(p.minWidth() for p in labels):.0f} pt each")
        self.y0 = legend_h + 0.5 * s + label_h + tick_len + 1
        # room for a value above a full bar: its marks reach 1.57 em above its box bottom
        self.y100 = self.height - 1.6 * vs - 1.5
        if self.y100 - self.y0 < 5 * self.line_height(ts):
            need = self.height - (self.y100 - self.y0) + 5 * self.line_height(ts)
            raise ValueError(f"YearsBarChart: height {self.height:g} pt is too small; "
                             f"need at least {math.ceil(need)} pt")
        # Axis numbers on every gridline when they are at least 3.7 em apart, else on
        # 100, 60, 20 (the top of the scale, where ITA scores lie), or on 100 and 0 only.
        # Closer stacked numbers (box 1.65 em) form one text column for pdftotext, and
        # the project's checker (thai_pdf_check) reads ๑๐๐ over ๘๐ as one word broken
        # across lines.
        pitch = (self.y100 - self.y0) * _GRID_STEP / 100
        step = next((k * _GRID_STEP for k in (1, 2) if k * pitch >= 3.7 * ts), 100)
        self.tick_values = list(range(100, -1, -step))

        for v in self.tick_values:
            self.place(self.para(self.number(v, 0), ts, TA_RIGHT), 0, axis_w, middle=self.y(v))
        self.bars: list[tuple[float, float, float, Any]] = []    # (x, height, value, colour)
        for gi, ((_g, vals), p) in enumerate(zip(self.groups, labels)):
            gx = self.x0 + gi * group_w
            self.place(p, gx + 2, group_w - 4, bottom=self.y0 - tick_len - 1 - label_h)
            step = self.bar_w + self.bar_gap
            left = gx + (group_w - n_s * step + self.bar_gap) / 2
            for si, (v, raw) in enumerate(vals):
                bx = left + si * step
                lx = bx + self.bar_w / 2 - room / 2      # value box: the bar's room, centred on the bar
                if v is None:
                    self.place(self.para(NO_DATA, vs, TA_CENTER, NO_DATA_COLOR), lx, room, bottom=self.y0 + 1)
                    continue
                self.bars.append((bx, self.y(v) - self.y0, v, SERIES_COLORS[si]))
                self.place(self.para(self.number(raw), vs, TA_CENTER), lx, room, bottom=self.y(v) + 0.5, back=True)

    def y(self, score: float) -> float:
        """The y (pt, from the chart's bottom edge) of ``score`` on the axis."""
        return self.y0 + (self.y100 - self.y0) * score / 100.0

    def draw(self) -> None:
        self.begin()
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(GRID_COLOR)
        for v in range(_GRID_STEP, 101, _GRID_STEP):
            canv.line(self.x0, self.y(v), self.x1, self.y(v))
        for x, h, _v, fill in self.bars:
            canv.setFillColor(fill)
            canv.rect(x, self.y0, self.bar_w, h, stroke=0, fill=1)
        canv.setStrokeColor(AXIS_COLOR)
        canv.setLineWidth(0.8)
        canv.line(self.x0, self.y0, self.x1, self.y0)
        canv.line(self.x0, self.y0, self.x0, self.y100)
        for v in range(0, 101, _GRID_STEP):
            canv.line(self.x0 - 3, self.y(v), self.x0, self.y(v))
        canv.restoreState()
        if self.pass_mark is not None:
            ym = self.y(self.pass_mark)
            self.dashed(self.x0, ym, self.x1, ym)
        self.draw_legend(self.font_size)
        self.draw_texts()
