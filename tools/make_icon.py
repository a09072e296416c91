"""Draw the program icon: ``resources/icons/ita-desktop.ico`` and ``ita-desktop.png``.

A dark-blue rounded square with a white "ITA" (the bundled Laksaman Bold), and
under it a thin gold line.  Each size of the ``.ico`` (16, 24, 32, 48, 64,
128, 256 px) is drawn at its own size, not scaled down from the big one, so
the letters stay legible at 16 px in the taskbar and in Explorer's list view.
The ``.png`` is the 256 px image (the window icon on Linux, the About dialog).

Usage: ``python tools/make_icon.py [--out DIR]`` (default ``resources/icons``).
Needs Pillow (a dependency of ReportLab).  Writes the files again each time;
the output is deterministic, so a rerun leaves git clean.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "Laksaman-Bold.ttf"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = (16, 52, 110, 255)
GOLD = (242, 190, 40, 255)
WHITE = (255, 255, 255, 255)


def draw(size: int) -> Image.Image:
    """The icon at ``size`` × ``size`` pixels (RGBA, transparent outside the rounded square)."""
    scale = 4 if size < 64 else 2  # draw larger, then reduce: smooth edges
    n = size * scale
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = 0 if size <= 24 else round(n * 0.03)
    radius = round(n * (0.16 if size <= 24 else 0.2))
    d.rounded_rectangle((margin, margin, n - 1 - margin, n - 1 - margin), radius=radius, fill=BLUE)
    text = "ITA"
    inner = n - 2 * margin
    # Small sizes: the letters fill almost the whole width; bigger ones leave room.
    target_w = inner * (0.92 if size <= 24 else 0.74)
    font_px = n
    font = ImageFont.truetype(str(FONT), font_px)
    box = d.textbbox((0, 0), text, font=font)
    font_px = max(4, int(font_px * target_w / (box[2] - box[0])))
    font = ImageFont.truetype(str(FONT), font_px)
    box = d.textbbox((0, 0), text, font=font, stroke_width=max(1, round(font_px * 0.03)))
    tw, th = box[2] - box[0], box[3] - box[1]
    line_h = 0 if size <= 24 else max(scale, round(inner * 0.05))
    gap = 0 if size <= 24 else round(inner * 0.06)
    top = (n - th - gap - line_h) / 2 - box[1]
    left = (n - tw) / 2 - box[0]
    stroke = max(1, round(font_px * 0.03))  # Laksaman Bold is light for an icon: thicken the strokes
    d.text((left, top), text, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    if line_h:
        y = top + box[3] + gap
        d.rectangle(((n - tw) / 2, y, (n + tw) / 2, y + line_h), fill=GOLD)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "resources" / "icons")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    images = [draw(s) for s in SIZES]
    big = images[-1]
    ico = args.out / "ita-desktop.ico"
    big.save(ico, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    png = args.out / "ita-desktop.png"
    big.save(png, format="PNG", optimize=True)
    print(ico, ico.stat().st_size, "bytes")
    print(png, png.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
