"""Writing output files atomically: a temporary file beside the target, then a rename.

Every PDF the program writes (the documents, the publication pack, the preview's
"Save as PDF…", ``ita-desktop typeset``) goes through :func:`write_atomic` (one file)
or :class:`AtomicFiles` (several files that are replaced together).  The file is
built under a temporary name in the *same* folder (``.~<name>.tmp-XXXXXXXX``, so a
clerk who sees one after a power cut knows it is a leftover and may delete it),
flushed to the disk (``fsync``), then renamed over the target with ``os.replace``,
which is atomic on one file system (NTFS, ext4, FAT: the name points at the old or
at the new file, never at half of one).  So:

* a failure while the document is made (bad data, a bug, the disk full) removes the
  temporary file and leaves an existing target byte for byte as it was;
* a crash or a power cut leaves the old file or the new one, complete, and at worst
  a ``.~…tmp-…`` file beside it;
* on Windows, a target that another program holds open (Acrobat Reader, some
  viewers) cannot be replaced: ``os.replace`` raises ``PermissionError`` (WinError 5
  or 32).  That is raised as :class:`TargetBusy`, whose message says which file, and
  whose :attr:`TargetBusy.alternative` is a free name to save under instead
  (``name (2).pdf``).

This module imports neither ReportLab nor Qt; :class:`DocumentError` lives here so
the lowest layer that writes files can raise it (``ita_desktop.pdf.common`` and
``ita_desktop.pdf.documents`` re-export it).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Self

from ita_desktop.durable import sync_file, sync_folder

#: Start of every temporary name (hidden on Linux and macOS; sorts first on Windows).
TEMP_PREFIX = ".~"

#: True where an open file cannot be renamed or replaced (Windows).  :class:`AtomicFiles`
#: checks the targets first only there; tests set it to simulate Windows on Linux.
LOCKING = os.name == "nt"

#: errno values of an OSError while writing that mean "this file cannot be written"
#: (disk or quota full, file too large, read-only or failing medium).
_WRITE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}

#: Windows errors of a file held open by another program: access denied, sharing
#: violation, lock violation.
_BUSY_WINERRORS = {5, 32, 33}


class DocumentError(Exception):
    """A document cannot be made from the data (no memo for the year, cannot write the file).

    ``str(error)`` is a one-line message in Thai and English.
    """


class TargetBusy(DocumentError):
    """The target cannot be replaced: another program holds it open (on Windows, a PDF
    viewer), or it is read-only.  Nothing was changed.

    ``path``: the file that is held (a :class:`~pathlib.Path`); ``alternative``: what
    to pass instead of the call's ``out`` argument to save elsewhere: a free file name
    beside it (``name (2).pdf``) for one document, a free folder beside the pack's
    folder (``folder (2)``) for the publication pack.  ``replaced``: files the call had
    already replaced when it stopped (empty unless the file was opened by another
    program in the moment between the check and the renames of a pack; the message
    says so).  ``str(error)``: one line, Thai / English, saying which file and where.
    """

    def __init__(self, path: Path | str, alternative: Path | str, *, pack_folder: Path | str | None = None,
                 replaced: list[Path] | None = None):
        self.path = Path(path)
        self.alternative = Path(alternative)
        self.replaced = list(replaced or [])
        name, folder, alt = self.path.name, self.path.parent, self.alternative
        # each half says what and where; the Thai half ends in Thai and the English one
        # starts in English, so the window can show the half of its language
        if pack_folder is None:
            msg = (f"ไฟล์ {name} ในโฟลเดอร์ {folder} เปิดอยู่ในโปรแกรมอื่น (หรือเป็นไฟล์อ่านอย่างเดียว) "
                   f"ไฟล์เดิมจึงยังไม่ถูกเปลี่ยน ปิดไฟล์นั้นแล้วลองอีกครั้ง หรือบันทึกเป็นชื่อ {alt.name} แทน / "
                   f"The file {name} in {folder} is open in another program (or read-only) and was not changed. "
                   f"Close it and try again, or save as {alt.name}")
        elif not self.replaced:
            msg = (f"ไฟล์ {name} ในโฟลเดอร์ {folder} เปิดอยู่ในโปรแกรมอื่น (หรือเป็นไฟล์อ่านอย่างเดียว) "
                   f"จึงยังไม่ได้เปลี่ยนไฟล์ใดของชุดเอกสาร ปิดไฟล์นั้นแล้วลองอีกครั้ง "
                   f"หรือบันทึกชุดเอกสารในโฟลเดอร์ {alt} แทน / "
                   f"The file {name} in {folder} is open in another program (or read-only), so no file of "
                   f"the pack was changed. Close it and try again, or save the pack in the folder {alt}")
        else:
            done = ", ".join(p.name for p in self.replaced)
            msg = (f"ไฟล์ {name} ในโฟลเดอร์ {folder} เปิดอยู่ในโปรแกรมอื่น ชุดเอกสารจึงเขียนไม่ครบ "
                   f"ไฟล์ {done} เป็นฉบับใหม่ ไฟล์อื่นยังเป็นฉบับเดิม ปิดไฟล์นั้นแล้วลองอีกครั้ง "
                   f"หรือบันทึกชุดเอกสารในโฟลเดอร์ {alt} แทน / "
                   f"The file {name} in {folder} is open in another program, so the pack is incomplete: "
                   f"{done} are new, the other files are the old ones. Close it and try again, or save the "
                   f"pack in the folder {alt}")
        super().__init__(msg)


def temp_path_for(target: Path | str) -> Path:
    """Create an empty temporary file beside ``target`` (same folder, so the rename is
    atomic) named ``.~<target name>.tmp-XXXXXXXX`` and return its path.  The folder is
    created if needed.  Raises DocumentError (Thai / English) when it cannot be written.
    """
    target = Path(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            tmp = target.with_name(f"{TEMP_PREFIX}{target.name}.tmp-{secrets.token_hex(4)}")
            try:
                # 0o666 less the umask: the permissions a plain open() gives (mkstemp's 0o600
                # would make the clerk's PDF unreadable to the others sharing the folder)
                os.close(os.open(tmp, flags, 0o666))
                return tmp
            except FileExistsError:
                continue
    except OSError as e:
        raise DocumentError(f"เขียนไฟล์ในโฟลเดอร์ {target.parent} ไม่ได้ / cannot write in {target.parent}: "
                            f"{e.strerror or e}") from e


_NUMBERED = re.compile(r"^(.*) \((\d+)\)$")


def free_name(path: Path | str) -> Path:
    """The first name beside ``path`` that does not exist: ``name (2).pdf``, ``name (3).pdf`` …
    (``name (3).pdf`` after ``name (2).pdf``; for a folder ``folder (2)``).  Not reserved: a
    file created there in the meantime is replaced by the next write."""
    path = Path(path)
    suffix = "" if path.is_dir() else path.suffix
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    m = _NUMBERED.match(stem)
    base, n = (m.group(1), int(m.group(2)) + 1) if m else (stem, 2)
    while True:
        candidate = path.with_name(f"{base} ({n}){suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def is_busy(error: OSError) -> bool:
    """Whether ``error`` from renaming onto a file means the file is held open elsewhere
    (Windows: WinError 5, 32 or 33) or read-only (PermissionError)."""
    return isinstance(error, PermissionError) or getattr(error, "winerror", None) in _BUSY_WINERRORS


def _write_failed(target: Path, error: OSError) -> DocumentError:
    return DocumentError(f"เขียนไฟล์ {target.name} ในโฟลเดอร์ {target.parent} ไม่ได้ / cannot write {target.name} "
                         f"in {target.parent}: {error.strerror or error}")


def _is_write_error(error: OSError, tmp: Path) -> bool:
    """Whether ``error`` (raised while building) is about writing the file (not, say, reading a font)."""
    name = getattr(error, "filename", None)
    if name is not None and os.fspath(name) == os.fspath(tmp):
        return True
    return name is None and error.errno in _WRITE_ERRNOS


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def write_atomic(out: Path | str, build: Callable[[str], None]) -> Path:
    """Build a file into a temporary file beside ``out``, flush it, then rename it over ``out``.

    ``build`` receives the temporary path (a ``str``) and writes the whole file there
    (ReportLab's ``doc.build``, ``Path.write_bytes`` …).  Returns ``out`` as a Path.
    The folder is created if needed.

    On any exception (from ``build`` or while writing) the temporary file is removed
    and an existing ``out`` is left byte for byte as it was.  Raises:

    * :class:`TargetBusy` when ``out`` cannot be replaced (Windows: open in another
      program; or read-only) — ``.alternative`` is a free name beside it;
    * :class:`DocumentError` (Thai / English, naming the file and the folder) when the
      folder cannot be written or the disk is full;
    * whatever ``build`` raises otherwise (DocumentError for bad data, bugs as they are).
    """
    out = Path(out)
    tmp = temp_path_for(out)
    try:
        try:
            build(str(tmp))
            sync_file(tmp)
        except OSError as e:
            if _is_write_error(e, tmp):
                raise _write_failed(out, e) from e
            raise
        try:
            os.replace(tmp, out)
        except OSError as e:
            if is_busy(e):
                raise TargetBusy(out, free_name(out)) from e
            raise _write_failed(out, e) from e
    except BaseException:
        _unlink_quietly(tmp)
        raise
    sync_folder(out.parent)
    return out


class AtomicFiles:
    """Several files replaced together, or none: a publication pack.

    ::

        with AtomicFiles(folder) as files:
            render_memo(doc, year, files.stage(folder / "memo.pdf"))
            ...
            files.commit()

    :meth:`stage` gives the temporary path to write each target to (beside it);
    :meth:`commit` flushes them and renames each over its target.  Leaving the block
    without committing (an exception while rendering) removes the temporary files:
    no target is touched.

    Guarantee: every file is written atomically (old or new, complete).  Before the
    first rename, :meth:`commit` checks on Windows that no target is held open by
    another program (by renaming it aside and back); a held one raises
    :class:`TargetBusy` with nothing changed.  Only a file opened by another program in
    the moment between that check and the renames, or a crash or power cut during the
    renames (a few milliseconds), leaves a mix of new and old files, each complete;
    :attr:`TargetBusy.replaced` then lists the new ones and the message says so.
    ``folder``: where the files go, for the message and the alternative (a free folder
    beside it).
    """

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self._staged: list[tuple[Path, Path]] = []   # (temporary, target)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def stage(self, target: Path | str) -> Path:
        """A new temporary file beside ``target`` to write it to; replaced onto ``target``
        by :meth:`commit`.  Raises DocumentError when the folder cannot be written."""
        tmp = temp_path_for(target)
        self._staged.append((tmp, Path(target)))
        return tmp

    def discard(self) -> None:
        """Remove the temporary files not committed."""
        for tmp, _target in self._staged:
            _unlink_quietly(tmp)
        self._staged = []

    def _check_not_held(self) -> None:
        """Windows: raise TargetBusy, changing nothing, when a target is held open elsewhere."""
        for _tmp, target in self._staged:
            if not os.path.exists(target):
                continue
            aside = target.with_name(f"{TEMP_PREFIX}{target.name}.check-{secrets.token_hex(4)}")
            try:
                os.rename(target, aside)
            except OSError as e:
                if is_busy(e):
                    raise TargetBusy(target, free_name(self.folder), pack_folder=self.folder) from e
                raise _write_failed(target, e) from e
            try:
                os.rename(aside, target)
            except OSError as e:
                raise DocumentError(f"ย้ายไฟล์ {aside.name} กลับเป็น {target.name} ในโฟลเดอร์ {target.parent} ไม่ได้ / "
                                    f"cannot rename {aside.name} back to {target.name} in {target.parent}: "
                                    f"{e.strerror or e}") from e

    def commit(self) -> list[Path]:
        """Flush every staged file and rename it over its target, in the order staged;
        return the targets.  Raises TargetBusy (see the class) or DocumentError (the
        disk is full, the folder cannot be written); the temporary files are removed
        then."""
        try:
            for tmp, target in self._staged:
                try:
                    sync_file(tmp)
                except OSError as e:
                    raise _write_failed(target, e) from e
            if LOCKING:
                self._check_not_held()
            done: list[Path] = []
            for tmp, target in self._staged:
                try:
                    os.replace(tmp, target)
                except OSError as e:
                    if is_busy(e):
                        raise TargetBusy(target, free_name(self.folder), pack_folder=self.folder,
                                         replaced=done) from e
                    raise _write_failed(target, e) from e
                done.append(target)
            for folder in {target.parent for _tmp, target in self._staged}:
                sync_folder(folder)
            return done
        finally:
            self.discard()
