"""Compare two renderings of the same text by their ink: box, pixels, connected components.

Helper of ``tests/test_glyphs.py``, which holds the PDF engine's glyph positions against
an independent HarfBuzz rendering (``hb-view``).  Pure Python on Pillow (a dependency of
ReportLab); the pixel work runs in Pillow (ImageChops), only the labelling of connected
components loops in Python, over ink pixels only (a few thousand per word at 100 px/em).

Units: pixels.  An :class:`Ink` is the thresholded ink of one image cropped to its ink
bounding box, so two renderings that differ only in where the text sits on the page
compare equal; what is compared is where the parts of the text sit relative to each other.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

#: Grey level (0 = ink … 255 = paper) below which a pixel counts as ink: the middle of
#: the anti-aliasing ramp, so an edge pixel is ink when at least half covered.
INK_THRESHOLD = 128


@dataclass(frozen=True)
class Component:
    """One 8-connected region of ink: pixel count, centroid (x, y), box (x0, y0, x1, y1)
    with x1/y1 exclusive; all relative to the ink box of its :class:`Ink`."""

    size: int
    cx: float
    cy: float
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Ink:
    """The ink of an image, cropped to its ink bounding box.

    ``mask``: mode "1" image, white (1) = ink.  ``gray``: the same crop in grey levels
    (for review pictures).  ``origin``: the crop's top-left corner in the source image.
    ``components``: largest first.
    """

    mask: Image.Image
    gray: Image.Image
    origin: tuple[int, int]
    components: tuple[Component, ...]

    @property
    def width(self) -> int:
        return self.mask.width

    @property
    def height(self) -> int:
        return self.mask.height


def load_ink(source: str | Path | Image.Image) -> Ink:
    """An image file or Pillow image (any mode; transparency composed on white) as
    :class:`Ink`.  Raises ValueError when it holds no ink at all."""
    if isinstance(source, Image.Image):
        return ink_of(source)
    with Image.open(source) as im:
        im.load()
        return ink_of(im, name=str(source))


def ink_of(im: Image.Image, name: str = "image") -> Ink:
    """:class:`Ink` of a Pillow image (see :func:`load_ink`)."""
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA")
        im = Image.alpha_composite(Image.new("RGBA", im.size, (255, 255, 255, 255)), im)
    gray = im.convert("L")
    mask = gray.point(lambda v: 255 if v < INK_THRESHOLD else 0).convert("1")
    box = mask.getbbox()
    if box is None:
        raise ValueError(f"{name}: no ink")
    mask = mask.crop(box)
    return Ink(mask, gray.crop(box), (box[0], box[1]), _components(mask))


def _components(mask: Image.Image) -> tuple[Component, ...]:
    """8-connected components of the ink of ``mask``, largest first."""
    w, h = mask.size
    px = mask.convert("L").tobytes()
    ink = {i for i, v in enumerate(px) if v}
    out = []
    while ink:
        start = ink.pop()
        stack = [start]
        n = sx = sy = 0
        x0, y0, x1, y1 = w, h, 0, 0
        while stack:
            i = stack.pop()
            y, x = divmod(i, w)
            n += 1
            sx += x
            sy += y
            x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x + 1), max(y1, y + 1)
            for dy in (-w, 0, w):
                for dx in ((-1, 0, 1) if 0 < x < w - 1 else (0, 1) if x == 0 else (-1, 0)):
                    j = i + dy + dx
                    if j in ink:
                        ink.remove(j)
                        stack.append(j)
        out.append(Component(n, sx / n, sy / n, (x0, y0, x1, y1)))
    out.sort(key=lambda c: (-c.size, c.cx, c.cy))
    return tuple(out)


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def mismatch_at(a: Ink, b: Ink, dx: int, dy: int) -> float:
    """Pixels that are ink in exactly one of ``a`` and ``b`` (moved by dx, dy), over
    the pixels that are ink in either: 0 = same ink, 1 = no common ink."""
    pad = max(abs(dx), abs(dy))
    size = (max(a.width, b.width) + 2 * pad, max(a.height, b.height) + 2 * pad)
    ca, cb = Image.new("1", size, 0), Image.new("1", size, 0)
    ca.paste(a.mask, (pad, pad))
    cb.paste(b.mask, (pad + dx, pad + dy))
    union = _count(ImageChops.logical_or(ca, cb))
    return _count(ImageChops.logical_xor(ca, cb)) / union if union else 0.0


def _centroid_dist(a: Ink, b: Ink) -> float:
    """Largest centroid distance under the best one-to-one matching of components."""
    ca, cb = a.components, b.components
    if len(ca) != len(cb):
        return math.inf
    if len(ca) > 7:  # never for one Thai word; keeps the permutations cheap
        raise ValueError(f"too many components to match: {len(ca)}")
    return min((max((math.hypot(c.cx - cb[j].cx, c.cy - cb[j].cy) for c, j in zip(ca, perm)), default=0.0)
                for perm in itertools.permutations(range(len(cb)))), default=0.0)


@dataclass(frozen=True)
class Comparison:
    """How far rendering ``a`` is from rendering ``b`` (lengths in pixels).

    ``size_diff``: the larger of the differences of the ink boxes' widths and heights.
    ``mismatch``: :func:`mismatch_at` at the relative shift (``shift``, at most
    ``max_shift`` px each way) that makes it smallest: rounding of the two ink boxes
    to whole pixels may differ by one pixel.  ``components``: (count in a, count in b).
    ``centroid_dist``: the largest distance between the centroids of matched
    components (``inf`` when the counts differ).
    """

    size_a: tuple[int, int]
    size_b: tuple[int, int]
    size_diff: int
    mismatch: float
    shift: tuple[int, int]
    components: tuple[int, int]
    centroid_dist: float

    def within(self, *, size: float, centroid: float, mismatch: float) -> bool:
        """True when box sizes, centroids and mismatch are all within the tolerances
        and both have the same number of components."""
        return (self.size_diff <= size and self.components[0] == self.components[1]
                and self.centroid_dist <= centroid and self.mismatch <= mismatch)

    def summary(self) -> str:
        return (f"box {self.size_a[0]}x{self.size_a[1]} vs {self.size_b[0]}x{self.size_b[1]} "
                f"(diff {self.size_diff}), mismatch {self.mismatch:.3f} at shift {self.shift}, "
                f"components {self.components[0]}/{self.components[1]}, "
                f"centroids off by {self.centroid_dist:.2f}")


def compare(a: Ink, b: Ink, max_shift: int = 1) -> Comparison:
    """Compare two inks (see :class:`Comparison`)."""
    mismatch, shift = min((mismatch_at(a, b, dx, dy), (dx, dy))
                          for dy in range(-max_shift, max_shift + 1)
                          for dx in range(-max_shift, max_shift + 1))
    return Comparison(
        size_a=(a.width, a.height), size_b=(b.width, b.height),
        size_diff=max(abs(a.width - b.width), abs(a.height - b.height)),
        mismatch=mismatch, shift=shift,
        components=(len(a.components), len(b.components)),
        centroid_dist=_centroid_dist(a, b),
    )


def review_image(inks: list[Ink], labels: list[str], ref: int = 1, zoom: int = 3,
                 pad: int = 10) -> Image.Image:
    """A review picture: the inks side by side (top row, grey levels as rendered) and,
    below each, its thresholded ink over that of ``inks[ref]`` (black = both, red =
    this one only, blue = reference only; the ink boxes' top-left corners aligned),
    zoomed ``zoom`` times.  ``labels``: ASCII captions above the columns."""
    tw = max(i.width for i in inks) + 2 * pad
    th = max(i.height for i in inks) + 2 * pad
    strip = 12
    sheet = Image.new("RGB", (tw * len(inks), strip + 2 * th), "white")
    draw = ImageDraw.Draw(sheet)
    reference = inks[ref]
    for k, (ink, label) in enumerate(zip(inks, labels)):
        x0 = k * tw
        sheet.paste(ink.gray.convert("RGB"), (x0 + pad, strip + pad))
        this, other = Image.new("1", (tw, th), 0), Image.new("1", (tw, th), 0)
        this.paste(ink.mask, (pad, pad))
        other.paste(reference.mask, (pad, pad))
        both = ImageChops.logical_and(this, other)
        only_this = ImageChops.logical_and(this, ImageChops.invert(other))
        only_other = ImageChops.logical_and(other, ImageChops.invert(this))
        tile = Image.new("RGB", (tw, th), "white")
        tile.paste((0, 0, 0), mask=both)
        tile.paste((220, 0, 0), mask=only_this)
        tile.paste((0, 90, 255), mask=only_other)
        sheet.paste(tile, (x0, strip + th))
        draw.text((x0 + 2, 0), label, fill="black")
        if k:
            draw.line([(x0, 0), (x0, sheet.height)], fill=(190, 190, 190))
    return sheet.resize((sheet.width * zoom, sheet.height * zoom), Image.Resampling.NEAREST)


def stack_images(images: list[Image.Image], gap: int = 6) -> Image.Image:
    """The images one below the other on white, separated by grey rules."""
    w = max(i.width for i in images)
    out = Image.new("RGB", (w, sum(i.height for i in images) + gap * (len(images) - 1)), "white")
    y = 0
    for k, im in enumerate(images):
        if k:
            ImageDraw.Draw(out).rectangle([0, y - gap, w, y - 1], fill=(170, 170, 170))
        out.paste(im, (0, y))
        y += im.height + gap
    return out
