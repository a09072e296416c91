"""Making a written file survive a power cut: flush its data, then the folder entry of its rename.

Used by every place that writes a file the clerk relies on: the backups
(``store/backup.py``) and the PDFs (``pdf/atomic.py``). No Qt, no SQLite.
"""

from __future__ import annotations

import os
from pathlib import Path


def sync_file(path: Path | str) -> None:
    """Flush ``path``'s data to the disk (``fsync``; on Windows ``FlushFileBuffers``)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path | str) -> None:
    """Flush a folder's entries (the rename) to the disk; nothing to do on Windows, which
    cannot open a folder as a file (NTFS journals the rename)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass   # some file systems (network shares) refuse fsync on a folder: the rename is still done
    finally:
        os.close(fd)
