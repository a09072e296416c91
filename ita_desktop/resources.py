"""One way to find bundled resources, wherever the program runs from.

Layouts searched, first match wins:

* PyInstaller bundle: ``sys._MEIPASS/resources``;
* installed wheel: ``ita_desktop/resources`` (the wheel build copies the
  top-level ``resources/`` folder there);
* source checkout: ``<repo>/resources`` beside the ``ita_desktop`` package.

Imports neither Qt nor SQLite, so every layer may use it.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


class ResourceMissing(FileNotFoundError):
    """A bundled resource is not where the program expects it: an install fault."""


@lru_cache(maxsize=1)
def resource_root() -> Path:
    """Return the folder holding ``fonts/``, ``i18n/``, ``frameworks/`` … .

    Raises ResourceMissing when no candidate layout has one.
    """
    here = Path(__file__).resolve().parent
    candidates = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "resources")
    candidates += [here / "resources", here.parent / "resources"]
    for c in candidates:
        if (c / "frameworks").is_dir():
            return c
    raise ResourceMissing(
        "ไม่พบโฟลเดอร์ resources ของโปรแกรม / resources folder not found; looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource_path("fonts", "Laksaman.ttf")``.

    Raises ResourceMissing when the file or folder does not exist.
    """
    p = resource_root().joinpath(*parts)
    if not p.exists():
        raise ResourceMissing(f"ไม่พบไฟล์ของโปรแกรม / missing resource: {p}")
    return p
