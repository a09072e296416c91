"""The fresh-machine check: run the README's two set-up commands, exactly as written, in a clean place.

Usage:
    python3 tools/fresh_machine.py [--repo PATH] [--shared PATH] [--only 1|2] [--keep] [--use-cache]
                                   [--timeout1 S] [--timeout2 S]

What "clean" means here (all of it inside one new temporary folder, removed
at the end unless ``--keep``):

* **The repository**: a ``git clone`` of ``--repo`` (default: the repository
  this script is in) at its HEAD, so only committed files count; files that
  are changed or new in the working tree are not part of the check (the
  script says how many there were). ``../shared`` (``--shared``, default
  the ``shared`` folder beside the repository) is copied beside the clone,
  as the README asks.
* **A new user**: a fresh, empty ``HOME`` with ``XDG_DATA_HOME``,
  ``XDG_CONFIG_HOME`` and ``XDG_CACHE_HOME`` inside it, so the program uses
  its *default* data folder (``$XDG_DATA_HOME/ITA Desktop/ITA Desktop``) and
  its default settings, both empty. ``ITA_DESKTOP_DATA_DIR`` is not set.
* **A bare environment**: only ``PATH`` (the system's directories, so
  ``python3`` is the system Python — no pyenv shim, no virtual environment
  active), ``HOME``, the ``XDG_*`` folders above, ``TMPDIR`` (inside the
  temporary folder) and ``LANG=C.UTF-8``. No ``PIP_*``, ``PYTHON*``,
  ``VIRTUAL_ENV`` or ``ITA_*`` variable of the caller gets through.
* **pip's cache**: the one exception to "no ``PIP_*``" is
  ``PIP_NO_CACHE_DIR=1``: pip's cache would be empty anyway in the fresh
  HOME, but without it command 2 would reuse the wheels command 1 just
  downloaded; with it every package of both commands is downloaded from the
  index, which is what checks the lock files against the index as a
  newcomer meets it. ``--use-cache`` drops that variable and points
  ``PIP_CACHE_DIR`` at the caller's own pip cache instead, to save the
  downloads when only the program's side matters (then say so when
  reporting figures).

The commands are read from the clone's README.md with ``readme_commands``
(the parser tests/test_readme.py uses too) and run with ``bash -c`` in the
clone, one after the other, as a newcomer would (command 2 reuses the
``.venv`` command 1 made, as it would on their machine):

1. **Set up and run the program**, with ``QT_QPA_PLATFORM=offscreen`` and
   ``ITA_DESKTOP_QUIT_AFTER=5`` added so the window closes itself after
   five seconds. Passes when the exit code is 0 and the log in the default
   data folder (``logs/ita-desktop.log``) has the "window shown" line.
   Limited to ``--timeout1`` seconds (900, including pip's install); a
   program that ignores the variable is stopped then and the step fails.
2. **Set up and run the tests**: passes when the exit code (pytest's) is 0.
   Limited to ``--timeout2`` seconds (3600).

Printed: the commit, the Python used, for each command its time, exit code
and figures (pytest's summary line, the size of ``.venv`` afterwards, the
log's window-shown line); each command's whole output is in
``<temp>/output-<N>.log`` (kept with ``--keep``; when it fails its last lines
are printed and, without ``--keep``, the file is saved as
``$TMPDIR/ita-fresh-<commit>-output-<N>.log``). Exit code: 0 when every command run passed, 1 when
one failed (each failure named), 2 when the clean place could not be made
(no git, a bad ``--repo``, no README commands).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The README's set-up commands: a bold "**N. Title**" line, then a fenced block of one line.
COMMAND_BLOCK = re.compile(r"\*\*(\d)\. ([^*]+)\*\*\s*```\n(.+?)\n```")
#: The system's directories, without pyenv, cargo or any virtual environment.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: Added to command 1 so that the window closes itself (seconds).
QUIT_AFTER = "5"
#: What the program logs once its window is on screen.
WINDOW_SHOWN = re.compile(r"window shown", re.IGNORECASE)
#: pytest's last line, e.g. "==== 873 passed, 2 skipped in 241.50s (0:04:01) ====".
PYTEST_SUMMARY = re.compile(r"^=+ .*\b(passed|failed|error|errors|no tests ran)\b.* in [\d.]+s.*=+$")


def readme_blocks(readme: str) -> list[tuple[str, str]]:
    """The README's numbered set-up commands as (title, command) pairs, in order.

    ``readme``: the text of README.md. A command is the single line of the
    fenced block right after a bold ``**N. Title**`` line. No pairs when
    there are none (the callers decide whether that is an error).
    """
    return [(title.strip(), command) for _n, title, command in COMMAND_BLOCK.findall(readme)]


def readme_commands(readme: str) -> list[str]:
    """The README's numbered set-up commands, exactly as written (see ``readme_blocks``)."""
    return [command for _title, command in readme_blocks(readme)]


@dataclass
class Step:
    """One README command to run: its number (1-based), title, the command line, what is added
    to the clean environment for it, and its time limit in seconds."""

    number: int
    title: str
    command: str
    extra_env: dict[str, str] = field(default_factory=dict)
    timeout: float = 3600


def steps(readme: str, *, timeout1: float = 900, timeout2: float = 3600) -> list[Step]:
    """The two steps of the check, from the README's text: command 1 with the offscreen window that
    quits by itself, command 2 as it is. Raises ValueError unless the README has exactly two."""
    blocks = readme_blocks(readme)
    if len(blocks) != 2:
        raise ValueError(f"README.md has {len(blocks)} numbered set-up commands, expected 2")
    (title1, run), (title2, test) = blocks
    return [Step(1, title1, run, {"QT_QPA_PLATFORM": "offscreen", "ITA_DESKTOP_QUIT_AFTER": QUIT_AFTER},
                 timeout1),
            Step(2, title2, test, {}, timeout2)]


def clean_env(root: Path, *, use_cache: bool = False, path: str = SYSTEM_PATH) -> dict[str, str]:
    """The environment of a new user whose home is ``root/home`` (folders created here).

    Returns a dict with only PATH, HOME, XDG_DATA_HOME, XDG_CONFIG_HOME,
    XDG_CACHE_HOME, TMPDIR, LANG and pip's cache setting (see the module).
    """
    home = root / "home"
    env = {
        "PATH": path,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TMPDIR": str(root / "tmp"),
        "LANG": "C.UTF-8",
    }
    for key in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    if use_cache:
        env["PIP_CACHE_DIR"] = str(Path.home() / ".cache" / "pip")
    else:
        env["PIP_NO_CACHE_DIR"] = "1"
    return env


def default_data_dir(env: dict[str, str]) -> Path:
    """The program's default data folder in ``env`` on Linux (Qt's AppDataLocation)."""
    return Path(env["XDG_DATA_HOME"]) / "ITA Desktop" / "ITA Desktop"


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (symbolic links not followed; 0 when it is missing)."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def pytest_summary(output: str) -> str | None:
    """pytest's final summary line in ``output`` (without the ``=`` rule), or None."""
    for line in reversed(output.splitlines()):
        if PYTEST_SUMMARY.match(line.strip()):
            return line.strip().strip("=").strip()
    return None


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git and return its output; raises SystemExit(2) with git's message when it fails."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {result.stderr.strip()}") from None
    return result.stdout.strip()


def make_clone(repo: Path, shared: Path, root: Path) -> tuple[Path, str]:
    """Clone ``repo`` at its HEAD into ``root/src/<name>`` and copy ``shared`` to ``root/src/shared``.

    Returns (the clone, the commit). Raises SystemExit on a git failure or
    a missing shared folder.
    """
    commit = git("rev-parse", "HEAD", cwd=repo)
    clone = root / "src" / repo.name
    clone.parent.mkdir(parents=True)
    git("clone", "--quiet", "--no-hardlinks", str(repo), str(clone))
    if git("rev-parse", "HEAD", cwd=clone) != commit:
        git("checkout", "--quiet", "--detach", commit, cwd=clone)
    if not shared.is_dir():
        raise SystemExit(f"no shared folder at {shared} (give --shared)")
    shutil.copytree(shared, clone.parent / "shared", symlinks=True, ignore=shutil.ignore_patterns(".git"))
    return clone, commit


@dataclass
class Outcome:
    """What one command did: exit code (None when stopped at its time limit), seconds, output file,
    the failures (empty when it passed) and the figures to print (label → text)."""

    step: Step
    returncode: int | None
    seconds: float
    output: Path
    failures: list[str] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)


def run_step(step: Step, clone: Path, env: dict[str, str], output: Path) -> Outcome:
    """Run ``step.command`` with ``bash -c`` in ``clone`` in ``env`` plus ``step.extra_env``.

    Its output (stdout and stderr) goes to ``output``. At the time limit
    the command's whole process group is stopped (SIGTERM, then SIGKILL).
    """
    start = time.monotonic()
    with output.open("wb") as out:
        proc = subprocess.Popen(["bash", "-c", step.command], cwd=clone, env={**env, **step.extra_env},
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            returncode: int | None = proc.wait(timeout=step.timeout)
        except subprocess.TimeoutExpired:
            returncode = None
            _stop(proc)
        except BaseException:  # Ctrl+C: leave nothing of the command running
            _stop(proc)
            raise
    seconds = time.monotonic() - start
    outcome = Outcome(step, returncode, seconds, output)
    if returncode is None:
        outcome.failures.append(f"command {step.number} did not finish within {step.timeout:.0f} s and was stopped")
    elif returncode != 0:
        outcome.failures.append(f"command {step.number} exited with {returncode}")
    outcome.figures["time"] = f"{seconds:.0f} s"
    outcome.figures["venv size"] = f"{folder_size(clone / '.venv') / 2**20:.0f} MiB"
    return outcome


def _stop(proc: subprocess.Popen) -> None:
    """Stop the process group of ``proc`` (started in a new session): SIGTERM, up to 10 s for the
    command to end, then SIGKILL for whatever of the group is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def check_window(outcome: Outcome, env: dict[str, str]) -> None:
    """Command 1's own test: the default data folder's log says the window was shown."""
    log = default_data_dir(env) / "logs" / "ita-desktop.log"
    lines = [line for line in _read(log).splitlines() if WINDOW_SHOWN.search(line)] if log.exists() else []
    if lines:
        outcome.figures["log"] = lines[-1].strip()
    else:
        outcome.failures.append(f"no 'window shown' line in {log}" + ("" if log.exists() else " (no such file)"))


def check_tests(outcome: Outcome) -> None:
    """Command 2's figures: pytest's summary line."""
    summary = pytest_summary(_read(outcome.output))
    outcome.figures["pytest"] = summary or "(no summary line)"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(_read(path).splitlines()[-lines:])


def _python(env: dict[str, str]) -> str:
    found = shutil.which("python3", path=env["PATH"])
    if not found:
        return "no python3 on PATH"
    version = subprocess.run([found, "--version"], capture_output=True, text=True, env=env)
    return f"{found} ({(version.stdout or version.stderr).strip()})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=REPO, help="the git repository to clone (default: this one)")
    ap.add_argument("--shared", type=Path, help="the shared folder to put beside the clone "
                                                "(default: REPO/../shared)")
    ap.add_argument("--only", type=int, choices=(1, 2), help="run only this command")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--use-cache", action="store_true", help="use your pip cache instead of none")
    ap.add_argument("--timeout1", type=float, default=900, help="seconds for command 1 (default 900)")
    ap.add_argument("--timeout2", type=float, default=3600, help="seconds for command 2 (default 3600)")
    args = ap.parse_args(argv)
    repo = args.repo.resolve()
    shared = (args.shared or repo.parent / "shared").resolve()

    root = Path(tempfile.mkdtemp(prefix="ita-fresh-"))
    failures: list[str] = []
    try:
        try:
            clone, commit = make_clone(repo, shared, root)
            plan = steps((clone / "README.md").read_text(encoding="utf-8"),
                         timeout1=args.timeout1, timeout2=args.timeout2)
        except (SystemExit, OSError, ValueError) as e:
            print(f"fresh-machine check: could not set up: {e}", file=sys.stderr)
            return 2
        env = clean_env(root, use_cache=args.use_cache)
        dirty = len([line for line in git("status", "--porcelain", cwd=repo).splitlines() if line.strip()])
        print(f"commit      {commit}" + (f"  ({dirty} changed/new files in {repo} not included)" if dirty else ""))
        print(f"clone       {clone}")
        print(f"python3     {_python(env)}")
        print(f"data folder {default_data_dir(env)} (default; ITA_DESKTOP_DATA_DIR not set)")
        print(f"pip cache   {'yours: ' + env['PIP_CACHE_DIR'] if args.use_cache else 'none (PIP_NO_CACHE_DIR=1)'}")
        for step in plan:
            if args.only and step.number != args.only:
                continue
            extra = " ".join(f"{k}={v}" for k, v in step.extra_env.items())
            print(f"\n[{step.number}] {step.title}\n    $ {step.command}" + (f"\n    (with {extra})" if extra else ""),
                  flush=True)
            outcome = run_step(step, clone, env, root / f"output-{step.number}.log")
            if step.number == 1:
                check_window(outcome, env)
            else:
                check_tests(outcome)
            status = "passed" if not outcome.failures else "FAILED"
            print(f"    {status}: exit code {outcome.returncode}")
            for label, text in outcome.figures.items():
                print(f"    {label:<10}{text}")
            if outcome.failures:
                for failure in outcome.failures:
                    print(f"    ✗ {failure}")
                print(f"    --- last lines of {outcome.output.name} ---\n{_tail(outcome.output)}")
                if not args.keep:  # the folder goes; the whole output stays for a look
                    saved = Path(tempfile.gettempdir()) / f"ita-fresh-{commit[:8]}-output-{step.number}.log"
                    shutil.copyfile(outcome.output, saved)
                    print(f"    whole output: {saved}")
            failures += outcome.failures
    finally:
        if args.keep:
            print(f"\nkept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    if failures:
        print("\nfresh-machine check FAILED: " + "; ".join(failures))
        return 1
    print("\nfresh-machine check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
