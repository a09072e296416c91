"""The program's log file: ``<data folder>/logs/ita-desktop.log``.

What goes in: one "start" line per run (version, Python, platform, frozen
or not, process id), each command the CLI runs and its exit code, every
bug with its full traceback (``log_bug``, at ERROR), and the problems a
clerk can act on (a database that cannot be opened, bad input) at WARNING
with their message only (``log_problem``). Support asks the clerk for this
file; Help → About shows where it is.

The file rotates at 1 MiB and keeps 5 files (``ita-desktop.log``,
``.log.1`` … ``.log.4``), UTF-8, one line per record (a traceback follows
its record's line), local time in ISO 8601 with the UTC offset::

    2025-11-21T12:10:03.123+07:00 INFO ita_desktop: start ITA Desktop 0.1.0 (python 3.11.9,
    Windows 10.0.19045 (Windows 10, AMD64), frozen=True, pid 4242)

(one line in the file). Two programs running at once share the file; on
Windows neither can rotate it while the other has it open, so it then
grows past 1 MiB, keeping the older files, until one of them can.

Nothing here may stop the program: a folder that cannot be written means
no log file (``setup_logging`` returns None and says so on stderr when
there is one). A windowed PyInstaller program on Windows has
``sys.stderr`` None; every write to it here checks first.

Imports neither Qt nor SQLite, so any layer may use it.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import time
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ita_desktop import __version__

LOGGER = "ita_desktop"
LOG_NAME = "ita-desktop.log"
#: Size of one log file before it rotates (bytes), and how many files are kept in all.
MAX_BYTES = 1 << 20
FILES_KEPT = 5
#: ``extra=FILE_ONLY`` on a record: written to the log file, never to the terminal (which already
#: shows the same message as the command's one-line error).
FILE_ONLY = {"file_only": True}

_handler: _RotatingFile | None = None
_level_before: int | None = None
#: The data folders whose log file could not be made: the warning is said once per folder.
_warned: set[str] = set()
#: The clock of the rollover's retry (seconds; tests replace it).
_monotonic = time.monotonic


class _IsoFormatter(logging.Formatter):
    """``%(asctime)s`` as local ISO 8601 time with milliseconds and the UTC offset."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 (logging's name)
        return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


class _RotatingFile(RotatingFileHandler):
    """A RotatingFileHandler that rotates only when it can move the current file aside.

    On Windows another running ITA Desktop holds the current file open, and renaming it then
    fails (PermissionError, winerror 32) while renaming the older, closed files works. The
    standard handler shifts ``.3`` → ``.4`` … ``.1`` → ``.2`` first and renames the current
    file last, so every record would drop the oldest file and the current file would never
    get smaller. Here the current file is renamed first, to ``<file>.<pid>.rotating``; when
    that fails nothing else moves, writing goes on in the current file, and the next try
    comes only after another ``maxBytes`` bytes or ``RETRY_SECONDS`` seconds.
    """

    #: Seconds after a failed rollover before the next try (unless the file grew another ``maxBytes``).
    RETRY_SECONDS = 60.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: After a failed rollover: (size in bytes, monotonic time) at which to try again.
        self._retry_at: tuple[int, float] | None = None

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 (logging's name)
        if not super().shouldRollover(record):
            return False
        if self._retry_at is None:
            return True
        size, when = self._retry_at
        return self.stream.tell() >= size or _monotonic() >= when

    def doRollover(self) -> None:  # noqa: N802 (logging's name)
        if self.backupCount <= 0:
            super().doRollover()
            return
        if self.stream:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        aside = f"{base}.{os.getpid()}.rotating"
        try:
            if os.path.exists(aside):  # left by a program that stopped halfway, with the same pid
                os.remove(aside)
            self.rotate(base, aside)
        except OSError:  # held open by another ITA Desktop (Windows): keep every file as it is
            self._failed()
            return
        self._retry_at = None
        if os.path.exists(aside):  # else another program moved the file away already: nothing to shift
            for i in range(self.backupCount - 1, 0, -1):
                older, dest = f"{base}.{i}", f"{base}.{i + 1}"
                if os.path.exists(older):
                    try:
                        os.replace(older, dest)
                    except OSError:  # held open itself (a viewer): the next shift overwrites it, or it stays
                        pass
            try:
                os.replace(aside, f"{base}.1")
            except OSError:
                try:
                    os.replace(aside, base)  # put it back and write on, as when it could not be moved
                except OSError:
                    pass
                self._failed()
                return
        self.stream = self._open()

    def _failed(self) -> None:
        """Open the current file again and put off the next rollover (see the class)."""
        self.stream = self._open()
        self.stream.seek(0, 2)
        self._retry_at = (self.stream.tell() + self.maxBytes, _monotonic() + self.RETRY_SECONDS)


class NotFileOnly(logging.Filter):
    """Drops the records logged with ``extra=FILE_ONLY`` (for the terminal's handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


def log_file(data_dir: Path | str) -> Path:
    """The log file of the data folder ``data_dir``: ``<data_dir>/logs/ita-desktop.log`` (may not exist)."""
    return Path(data_dir) / "logs" / LOG_NAME


def current_log_file() -> Path | None:
    """The file the log is written to now, or None when ``setup_logging`` has not made one."""
    return Path(_handler.baseFilename) if _handler is not None else None


def _say(text: str) -> None:
    """Write one line to stderr when there is one (a windowed program on Windows has none)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):  # closed or broken stream: nowhere left to say it
        pass


def os_description() -> str:
    """The operating system in a few words, e.g. "Windows 10.0.22631 (Windows 11, AMD64)" or
    "Linux 6.8.0-45-generic (x86_64)".

    Starts no process: on Windows, Python 3.11 and 3.12's ``platform.platform()`` (and
    ``uname``, ``system``, ``machine`` …) run ``cmd /c ver``, which costs time and flashes a
    console window in a windowed program.
    """
    try:
        if sys.platform == "win32":
            v = sys.getwindowsversion()
            major, minor, build = getattr(v, "platform_version", None) or (v.major, v.minor, v.build)
            arch = os.environ.get("PROCESSOR_ARCHITEW6432") or os.environ.get("PROCESSOR_ARCHITECTURE") or "?"
            name = "Windows 11" if (major, minor) == (10, 0) and build >= 22000 else f"Windows {major}"
            return f"Windows {major}.{minor}.{build} ({name}, {arch})"
        u = os.uname()
        return f"{u.sysname} {u.release} ({u.machine})"
    except (AttributeError, OSError, TypeError, ValueError):
        return sys.platform


def setup_logging(data_dir: Path | str, *, level: int = logging.INFO) -> Path | None:
    """Write the "ita_desktop" logger's records at ``level`` and above to ``log_file(data_dir)``.

    Creates ``<data_dir>/logs/`` when needed and writes the start line
    (version, Python, platform, frozen, pid). Idempotent: called again for
    the same folder it only updates the level; for another folder it
    closes the old file and moves to the new one. Sets the "ita_desktop"
    logger's level to ``level`` (``close_logging`` puts it back), so
    give the terminal's handler its own level (``stderr_handler``).

    Returns the log file's path, or None when the folder cannot be created
    or the file cannot be opened (a warning goes to stderr if there is
    one, once per process for each folder: a second call tries again but
    says nothing). Never raises.
    """
    global _handler, _level_before
    logger = logging.getLogger(LOGGER)
    try:
        path = log_file(data_dir)
        if _handler is not None and Path(_handler.baseFilename) == path.absolute():
            _handler.setLevel(level)
            logger.setLevel(level)
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _RotatingFile(path, maxBytes=MAX_BYTES, backupCount=FILES_KEPT - 1, encoding="utf-8")
    except Exception as e:  # noqa: BLE001 (never stop the program for its log: OSError, a bad path…)
        try:
            where = os.path.abspath(data_dir)
        except (TypeError, ValueError):
            where = repr(data_dir)
        if where in _warned:  # cli and the window both set up the log: one warning is enough
            return None
        _warned.add(where)
        _say(f"ita-desktop: เขียนไฟล์บันทึกการทำงานไม่ได้ จะทำงานต่อโดยไม่มีบันทึก / cannot write the log file, "
             f"running without one: {data_dir}/logs/{LOG_NAME}: {e}")
        return None
    handler.setLevel(level)
    handler.setFormatter(_IsoFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _remove_handler()
    if _level_before is None:
        _level_before = logger.level
    logger.setLevel(level)
    logger.addHandler(handler)
    _handler = handler
    frozen = bool(getattr(sys, "frozen", False))
    logger.info("start ITA Desktop %s (python %s, %s, frozen=%s, pid %d)", __version__, platform.python_version(),
                os_description(), frozen, os.getpid())
    return path


def _remove_handler() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER).removeHandler(_handler)
        _handler.close()
        _handler = None


def close_logging() -> None:
    """Stop writing the log file: remove and close its handler, put the logger's level back, forget
    the folders already warned about (tests)."""
    global _level_before
    _remove_handler()
    _warned.clear()
    if _level_before is not None:
        logging.getLogger(LOGGER).setLevel(_level_before)
        _level_before = None


def stderr_handler(level: int = logging.WARNING) -> logging.Handler | None:
    """A handler for the terminal: ``level`` and above, without the ``FILE_ONLY`` records;
    None when the program has no stderr (a windowed program on Windows)."""
    if sys.stderr is None:
        return None
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.addFilter(NotFileOnly())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return handler


def log_bug(exc_type: type[BaseException], exc: BaseException, tb) -> None:
    """Log an unexpected exception (a bug) at ERROR with its full traceback.

    Same arguments as ``sys.excepthook``; usable as one (the window's hook
    calls it before telling the clerk). Never raises.
    """
    try:
        logging.getLogger(LOGGER).error("bug: %s: %s", exc_type.__name__, exc, exc_info=(exc_type, exc, tb))
    except Exception:  # noqa: BLE001 (the log must not add a second failure to the first)
        pass


def log_problem(problem: BaseException | str) -> None:
    """Log a problem the clerk can act on (a StoreError, bad input) at WARNING: its message, no
    traceback, to the log file only (the clerk already sees the message)."""
    logging.getLogger(LOGGER).warning("%s", problem, extra=FILE_ONLY)
