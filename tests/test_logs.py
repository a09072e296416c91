"""The log file in the data folder: what support asks the clerk for."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ita_desktop import __version__, cli, logs

REPO = Path(__file__).resolve().parents[1]
START_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d INFO ita_desktop: "
                        rf"start ITA Desktop {re.escape(__version__)} \(python [\d.]+\S*, .+, frozen=False, pid \d+\)$")


@pytest.fixture(autouse=True)
def _no_log_left_open():
    yield
    logs.close_logging()


def file_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger("ita_desktop").handlers if isinstance(h, logging.FileHandler)]


def test_the_log_file_is_in_the_data_folder_and_starts_with_the_start_line(data_dir):
    path = logs.setup_logging(data_dir)
    assert path == data_dir / "logs" / "ita-desktop.log" == logs.log_file(data_dir)
    logging.getLogger("ita_desktop.store").info("opened")
    first, second = path.read_text(encoding="utf-8").splitlines()
    assert START_LINE.match(first), first
    assert second.endswith("INFO ita_desktop.store: opened")


def test_a_second_setup_adds_no_handler_and_another_folder_replaces_it(tmp_path, data_dir):
    path = logs.setup_logging(data_dir)
    assert logs.setup_logging(data_dir) == path
    assert len(file_handlers()) == 1
    other = logs.setup_logging(tmp_path / "elsewhere")
    assert other == tmp_path / "elsewhere" / "logs" / "ita-desktop.log"
    assert len(file_handlers()) == 1 and logs.current_log_file() == other
    logging.getLogger("ita_desktop").warning("after the move")
    assert "after the move" in other.read_text(encoding="utf-8")
    assert "after the move" not in path.read_text(encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1  # one start line: the second setup wrote none


def test_a_folder_that_cannot_be_written_means_no_log_and_a_warning(tmp_path, capsys):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    assert logs.setup_logging(not_a_folder) is None
    assert file_handlers() == [] and logs.current_log_file() is None
    err = capsys.readouterr().err
    assert "cannot write the log file" in err and "เขียนไฟล์บันทึกการทำงานไม่ได้" in err and str(not_a_folder) in err


def test_without_stderr_a_folder_that_cannot_be_written_is_no_error_either(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "stderr", None)  # a windowed program on Windows
    assert logs.setup_logging(not_a_folder) is None


def test_a_bug_lands_in_the_log_with_its_traceback(data_dir):
    path = logs.setup_logging(data_dir)

    def deep():
        raise ValueError("ค่าไม่ถูกต้อง")

    try:
        deep()
    except ValueError:
        logs.log_bug(*sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "ERROR ita_desktop: bug: ValueError: ค่าไม่ถูกต้อง" in text
    assert "Traceback (most recent call last)" in text and "in deep" in text


def test_the_log_rotates_and_keeps_five_files(data_dir, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    path = logs.setup_logging(data_dir)
    for n in range(400):
        logging.getLogger("ita_desktop").warning("line %d of a long day's work", n)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["ita-desktop.log", "ita-desktop.log.1", "ita-desktop.log.2", "ita-desktop.log.3",
                     "ita-desktop.log.4"]
    assert "line 399 " in path.read_text(encoding="utf-8")
    assert all(p.stat().st_size <= 4000 for p in path.parent.iterdir())


def _fill(count: int, word: str = "line") -> None:
    for n in range(count):
        logging.getLogger("ita_desktop").warning("%s %d of a long day's work", word, n)


def _held_open_elsewhere(monkeypatch, path: Path) -> list[str]:
    """Renaming ``path`` fails as on Windows while another ITA Desktop has it open; returns the list
    of the attempts (other renames work)."""
    attempts = []

    def refuse(rename):
        def wrapper(src, dst, *args, **kwargs):
            if Path(src) == path:
                attempts.append(dst)
                raise PermissionError(13, "The process cannot access the file because it is being used by "
                                          "another process", str(src), 32)
            return rename(src, dst, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(os, "rename", refuse(os.rename))
    monkeypatch.setattr(os, "replace", refuse(os.replace))
    return attempts


def test_a_log_held_open_by_another_program_keeps_the_older_files_and_is_not_retried_on_every_line(
        data_dir, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    clock = [1000.0]
    monkeypatch.setattr(logs, "_monotonic", lambda: clock[0])
    path = logs.setup_logging(data_dir)
    _fill(400)
    older = {p.name: p.read_bytes() for p in path.parent.iterdir() if p != path}
    assert len(older) == 4
    with monkeypatch.context() as held:
        attempts = _held_open_elsewhere(held, path)
        _fill(400, "held")  # about 32 000 bytes: 8 times the size limit
        assert {p.name: p.read_bytes() for p in path.parent.iterdir() if p != path} == older
        size = path.stat().st_size
        assert size > 5 * 4000
        assert 1 <= len(attempts) <= size // 4000, attempts  # once per 4000 more bytes, not on each of 400 lines
        assert "held 399 " in path.read_text(encoding="utf-8").splitlines()[-1]
        tries = len(attempts)
        clock[0] += 61  # a minute later: one more try on the next line
        _fill(1, "later")
        assert len(attempts) == tries + 1
        assert "later 0 " in path.read_text(encoding="utf-8")
    clock[0] += 61  # the other program has closed it: at the next try the file rotates again
    _fill(1, "free")
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["ita-desktop.log", "ita-desktop.log.1", "ita-desktop.log.2", "ita-desktop.log.3",
                     "ita-desktop.log.4"]
    assert "later 0 " in (path.parent / "ita-desktop.log.1").read_text(encoding="utf-8")
    assert (path.parent / "ita-desktop.log.2").read_bytes() == older["ita-desktop.log.1"]
    assert path.read_text(encoding="utf-8").strip().endswith("free 0 of a long day's work")
    _fill(400, "after")
    assert len(list(path.parent.iterdir())) == 5
    assert all(p.stat().st_size <= 4000 for p in path.parent.iterdir())


def test_the_warning_about_a_folder_that_cannot_be_written_is_said_once(tmp_path, capsys):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    assert logs.setup_logging(not_a_folder) is None  # the command line
    assert logs.setup_logging(str(not_a_folder)) is None  # then the window
    assert capsys.readouterr().err.count("cannot write the log file") == 1
    other = tmp_path / "other"
    other.write_text("", encoding="utf-8")
    assert logs.setup_logging(other) is None
    assert capsys.readouterr().err.count("cannot write the log file") == 1


# -- the command line ------------------------------------------------------------------------------------------
def _boom():
    raise RuntimeError("boom in fonts")


def test_an_internal_error_logs_the_traceback_and_stderr_names_the_log(data_dir, monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_fonts", _boom)
    assert cli.main(["fonts"]) == 2
    log = logs.log_file(data_dir)
    text = log.read_text(encoding="utf-8")
    assert "run: ita-desktop fonts" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom in fonts" in text
    assert "in _boom" in text and "exit 2 after" in text
    err = capsys.readouterr().err
    assert "internal error" in err and f"details in: {log}" in err and "รายละเอียดอยู่ในไฟล์" in err


def test_without_stderr_an_internal_error_still_lands_in_the_log(data_dir, monkeypatch):
    monkeypatch.setattr(cli, "cmd_fonts", _boom)
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["fonts"]) == 2
    assert "RuntimeError: boom in fonts" in logs.log_file(data_dir).read_text(encoding="utf-8")


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ITA_DESKTOP_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "ita_desktop", *args], capture_output=True, text=True, env=env,
                          cwd=REPO)


def test_a_problem_the_clerk_can_fix_is_logged_without_traceback_and_told_once(tmp_path, data_dir):
    proc = _cli("render", "analysis", "--office", "เทศบาลไม่มีจริง", "--year", "2568", "--out",
                str(tmp_path / "x.pdf"), data_dir=data_dir)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "no office" in proc.stderr  # not twice
    text = logs.log_file(data_dir).read_text(encoding="utf-8")
    assert re.search(r"WARNING ita_desktop: .*เทศบาลไม่มีจริง.*no office", text), text
    assert "Traceback" not in text
    assert "run: ita-desktop render analysis --office เทศบาลไม่มีจริง --year 2568" in text
    assert "exit 1 after" in text


def test_bad_command_line_is_logged_and_help_and_version_write_no_log(data_dir, capsys):
    assert cli.main(["render"]) == 1
    text = logs.log_file(data_dir).read_text(encoding="utf-8")
    assert re.search(r"WARNING ita_desktop: .*bad command: the following arguments are required", text)
    assert "Traceback" not in text
    logs.close_logging()
    logs.log_file(data_dir).unlink()
    for option in ("--version", "--help"):
        with pytest.raises(SystemExit) as e:
            cli.main([option])
        assert e.value.code == 0
    assert f"ITA Desktop {__version__}" in capsys.readouterr().out
    assert not logs.log_file(data_dir).exists()


def test_the_windows_version_is_read_without_starting_a_process(monkeypatch):
    import platform
    from types import SimpleNamespace

    def no_process(*args, **kwargs):
        raise AssertionError("cmd /c ver would flash a console window in the windowed program")

    monkeypatch.setattr(platform, "_syscmd_ver", no_process)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "getwindowsversion", lambda: SimpleNamespace(
        major=10, minor=0, build=22631, platform_version=(10, 0, 22631)), raising=False)
    monkeypatch.setenv("PROCESSOR_ARCHITECTURE", "AMD64")
    monkeypatch.delenv("PROCESSOR_ARCHITEW6432", raising=False)
    assert logs.os_description() == "Windows 10.0.22631 (Windows 11, AMD64)"
