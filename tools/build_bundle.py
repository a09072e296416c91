"""Build the one-folder bundle with PyInstaller, smoke-test it and print its figures.

Usage (from the repository, in the dev environment)::

    .venv/bin/python tools/build_bundle.py [--distpath DIR] [--workpath DIR] [--no-build]
    .venv\\Scripts\\python tools\\build_bundle.py            (Windows)

Steps, each failure ends the script with exit code 1 and a line saying what failed:

1. ``pyinstaller pyinstaller.spec --noconfirm --clean`` into ``--distpath`` (default
   ``dist/``) with its work files in ``--workpath`` (default ``build/``); ``--no-build``
   tests a bundle built before.
2. Size: the unpacked folder ``<distpath>/ita-desktop`` must stay within ``--max-mb``
   (default 200 MB, 1 MB = 1,000,000 bytes); prints the total and the 10 biggest parts.
3. Commands: ``ita-desktop-cli --version`` prints the version of ``ita_desktop``;
   ``ita-desktop-cli demo --out TMP`` (fresh empty ``ITA_DESKTOP_DATA_DIR``, fresh home
   folder, ``QT_QPA_PLATFORM=offscreen``) exits 0 and every PDF it writes passes
   ``shared/tools/thai_pdf_check.py`` (``$ITA_SHARED_DIR`` or ``../shared``) with 0 mid-word
   breaks and 0 cluster cuts; PyThaiNLP wrote nothing into the home folder.
4. Window: ``ita-desktop`` with ``QT_QPA_PLATFORM=offscreen``, a fresh data folder and
   ``ITA_DESKTOP_QUIT_AFTER=3`` (the program closes its dialogs and window by itself after
   3 s) must exit 0 within ``--gui-timeout`` seconds, print no Python traceback and log
   "window shown" in ``<data folder>/logs/ita-desktop.log``.  Start time = from launching
   the process until that line appears in the log (the file is polled every 10 ms): the
   first launch after the build ("cold") and the median of ``--warm-runs`` more. Then once
   more on a database holding a demo office (``--db``; no welcome dialog).

Last line, e.g.: ``bundle 162.3 MB, build 36 s, demo pack 10 PDFs ok, GUI start cold 2.1 s warm 1.4 s``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IS_WIN = sys.platform == "win32"
EXE_SUFFIX = ".exe" if IS_WIN else ""
MB = 1_000_000
#: Place names the checker must find whole in the demo PDFs (as tests/test_cli.py checks them).
DEMO_WORDS = ["ห้วยเตย", "กุดรัง", "มหาสารคาม", "ปากช่อง", "จอมบึง", "ราชบุรี"]
WINDOW_SHOWN = "window shown"


class SmokeFailure(Exception):
    """A build or smoke-test step failed; the message says which and why."""


def program_version() -> str:
    """``ita_desktop.__version__`` read from the source (no import of the package)."""
    text = (ROOT / "ita_desktop" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not m:
        raise SmokeFailure("no __version__ in ita_desktop/__init__.py")
    return m.group(1)


def shared_dir() -> Path:
    """The ``shared/`` folder beside the checkout (or ``$ITA_SHARED_DIR``), as the tests find it."""
    env = os.environ.get("ITA_SHARED_DIR")
    return Path(env) if env else ROOT.parent / "shared"


def build(distpath: Path, workpath: Path) -> float:
    """Run PyInstaller on pyinstaller.spec; return the seconds it took. Its output goes to
    ``<workpath>/pyinstaller.log`` (the end is printed when it fails)."""
    workpath.mkdir(parents=True, exist_ok=True)
    logfile = workpath / "pyinstaller.log"
    cmd = [sys.executable, "-m", "PyInstaller", str(ROOT / "pyinstaller.spec"), "--noconfirm", "--clean",
           "--distpath", str(distpath), "--workpath", str(workpath)]
    print("build:", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    with logfile.open("w", encoding="utf-8") as out:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise SmokeFailure(f"PyInstaller failed (exit {proc.returncode}); log: {logfile}\n" + "\n".join(tail))
    for line in logfile.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("spec:"):
            print(" ", line[:300])
    return seconds


def tree_size(path: Path) -> int:
    """Bytes of the files under ``path`` (or of the file), symlinks not followed."""
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(dirpath, f)).st_size
    return total


def biggest_parts(bundle: Path, count: int = 10, share: float = 0.2) -> list[tuple[int, str]]:
    """The ``count`` biggest parts of the bundle as ``(bytes, relative path)``, biggest first.

    A part is a file or a folder; a folder holding more than ``share`` of the whole is split
    into its own parts (so PySide6 shows as its Qt libraries, not as one line)."""
    total = tree_size(bundle)
    parts: list[tuple[int, str]] = []
    todo = [bundle]
    while todo:
        folder = todo.pop()
        for child in folder.iterdir():
            size = tree_size(child)
            if child.is_dir() and not child.is_symlink() and size > share * total:
                todo.append(child)
            else:
                parts.append((size, child.relative_to(bundle).as_posix()))
    return sorted(parts, reverse=True)[:count]


def fresh_env(tmp: Path, name: str) -> tuple[dict[str, str], Path]:
    """An environment for one run: its own empty data folder and home folder, Qt offscreen.
    Returns ``(environment, data folder)``."""
    data = tmp / name / "data"
    home = tmp / name / "home"
    data.mkdir(parents=True)
    home.mkdir(parents=True)
    env = dict(os.environ)
    for var in ("ITA_DESKTOP_QUIT_AFTER", "PYTHAINLP_READ_ONLY", "PYTHAINLP_READ_MODE"):
        env.pop(var, None)
    env.update(ITA_DESKTOP_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    if not IS_WIN:  # QSettings and caches go under HOME/XDG on Linux (the registry on Windows)
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
                   XDG_DATA_HOME=str(home / ".local" / "share"))
    return env, data


def check_cli(bundle: Path, tmp: Path) -> int:
    """``--version`` and ``demo --out``; every PDF through thai_pdf_check. Returns the number of PDFs."""
    cli = bundle / f"ita-desktop-cli{EXE_SUFFIX}"
    if not cli.is_file():
        raise SmokeFailure(f"{cli} is missing")
    env, _data = fresh_env(tmp, "version")
    proc = subprocess.run([str(cli), "--version"], env=env, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=120)
    version = program_version()
    if proc.returncode != 0 or version not in proc.stdout:
        raise SmokeFailure(f"ita-desktop-cli --version: exit {proc.returncode}, printed {proc.stdout.strip()!r} "
                           f"(expected {version}); stderr: {proc.stderr.strip()}")
    print(f"version: {proc.stdout.strip()}")

    checker = shared_dir() / "tools" / "thai_pdf_check.py"
    if not checker.is_file():
        raise SmokeFailure(f"the PDF checker is missing: {checker} (set ITA_SHARED_DIR to the shared/ folder)")
    env, data = fresh_env(tmp, "demo")
    out = tmp / "demo" / "out"
    t0 = time.perf_counter()
    proc = subprocess.run([str(cli), "demo", "--out", str(out)], env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=600)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        raise SmokeFailure(f"ita-desktop-cli demo: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    pdfs = sorted(out.rglob("*.pdf"))
    printed = {Path(line.strip()) for line in proc.stdout.splitlines() if line.strip().endswith(".pdf")}
    if not pdfs or {p.resolve() for p in printed} != {p.resolve() for p in pdfs}:
        raise SmokeFailure(f"ita-desktop-cli demo wrote {len(pdfs)} PDFs and listed {len(printed)}:\n{proc.stdout}")
    words = tmp / "demo" / "words.txt"
    words.write_text("\n".join(DEMO_WORDS) + "\n", encoding="utf-8")
    # UTF-8 mode: the checker reads pdftotext's UTF-8 output and prints Thai, which on Windows would
    # otherwise go through the ANSI code page (cp1252 cannot even decode it)
    check_env = {**os.environ, "PYTHONUTF8": "1"}
    for pdf in pdfs:
        check = subprocess.run([sys.executable, str(checker), str(pdf), "--words", str(words)], env=check_env,
                               capture_output=True, text=True, encoding="utf-8", errors="replace")
        summary = check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip()
        if check.returncode != 0 or " 0 mid-word" not in summary or " 0 cluster cuts" not in summary:
            raise SmokeFailure(f"thai_pdf_check failed on {pdf}:\n{check.stdout}{check.stderr}")
        print(f"  ok {pdf.relative_to(out).as_posix()}: {summary}")
    home = Path(env.get("HOME", ""))
    if not IS_WIN and (home / "pythainlp-data").exists():
        raise SmokeFailure("the frozen program created ~/pythainlp-data (PyThaiNLP should be read-only)")
    print(f"demo: {len(pdfs)} PDFs in {seconds:.1f} s, all pass thai_pdf_check")
    return len(pdfs)


def run_window(bundle: Path, tmp: Path, name: str, timeout: float, args: tuple[str, ...] = (),
               env_data: tuple[dict[str, str], Path] | None = None) -> float:
    """Start the window with ITA_DESKTOP_QUIT_AFTER=3; return the seconds from launch until the
    log says "window shown". Raises SmokeFailure: no such line, a traceback, a non-zero exit,
    or still running after ``timeout`` seconds (then the process is killed)."""
    exe = bundle / f"ita-desktop{EXE_SUFFIX}"
    if not exe.is_file():
        raise SmokeFailure(f"{exe} is missing")
    env, data = env_data or fresh_env(tmp, name)
    env["ITA_DESKTOP_QUIT_AFTER"] = "3"
    log = data / "logs" / "ita-desktop.log"
    err_path = tmp / f"{name}.stderr.txt"
    shown_at = None
    with open(err_path, "wb") as err, open(tmp / f"{name}.stdout.txt", "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(exe), *args], env=env, stdout=out, stderr=err)
        while proc.poll() is None and time.perf_counter() - t0 < timeout:
            if shown_at is None and log.is_file() and WINDOW_SHOWN in log.read_text(encoding="utf-8",
                                                                                    errors="replace"):
                shown_at = time.perf_counter() - t0
            time.sleep(0.01)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            raise SmokeFailure(f"the window ({name}) was still running after {timeout:.0f} s with "
                               f"ITA_DESKTOP_QUIT_AFTER=3 (killed); log: {log}")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    if shown_at is None and WINDOW_SHOWN in text:
        shown_at = time.perf_counter() - t0  # shown and closed between two polls
    if proc.returncode != 0 or "Traceback" in stderr or "Traceback" in text or shown_at is None:
        raise SmokeFailure(f"the window ({name}): exit {proc.returncode}, "
                           f"{'a traceback' if 'Traceback' in stderr + text else 'no traceback'}, "
                           f"{'logged' if shown_at is not None else 'did not log'} {WINDOW_SHOWN!r}\n"
                           f"stderr:\n{stderr[-3000:]}\nlog ({log}):\n{text[-3000:]}")
    own = re.findall(r"window shown in ([0-9.]+) s", text)
    print(f"  {name}: window shown after {shown_at:.2f} s (the program says {own[-1] if own else '?'} s), "
          f"exit 0")
    return shown_at


def check_window(bundle: Path, tmp: Path, timeout: float, warm_runs: int) -> tuple[float, float]:
    """Cold and warm (median) start times of the window; then one run on a demo database."""
    cold = run_window(bundle, tmp, "gui-cold", timeout)
    warm = statistics.median(run_window(bundle, tmp, f"gui-warm{i}", timeout) for i in range(1, warm_runs + 1))
    env, data = fresh_env(tmp, "gui-demo-db")
    db = tmp / "gui-demo-db" / "demo.sqlite3"
    demo = sorted((ROOT / "resources" / "demo").glob("*.json"))[0]
    proc = subprocess.run([str(bundle / f"ita-desktop-cli{EXE_SUFFIX}"), "--db", str(db), "import", str(demo)],
                          env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300)
    if proc.returncode != 0:
        raise SmokeFailure(f"ita-desktop-cli import {demo.name}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
    run_window(bundle, tmp, "gui-demo-db", timeout, ("--db", str(db)), (env, data))
    return cold, warm


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build the PyInstaller bundle and smoke-test it.")
    p.add_argument("--distpath", type=Path, default=ROOT / "dist", help="where dist/ita-desktop goes")
    p.add_argument("--workpath", type=Path, default=ROOT / "build", help="PyInstaller's work folder")
    p.add_argument("--no-build", action="store_true", help="test the bundle already in --distpath")
    p.add_argument("--max-mb", type=float, default=200.0, help="size budget of the unpacked folder (MB)")
    p.add_argument("--gui-timeout", type=float, default=60.0, help="seconds a window run may take")
    p.add_argument("--warm-runs", type=int, default=3, help="window starts measured after the first")
    p.add_argument("--skip-gui", action="store_true", help="test the commands only")
    args = p.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # Thai file names, also when the output goes to a file on Windows
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    bundle = args.distpath.resolve() / "ita-desktop"
    try:
        build_s = None if args.no_build else build(args.distpath.resolve(), args.workpath.resolve())
        if not bundle.is_dir():
            raise SmokeFailure(f"no bundle at {bundle}")
        size = tree_size(bundle)
        print(f"size: {size / MB:.1f} MB ({size:,} bytes, {size / 2**20:.1f} MiB) in {bundle}")
        for n, rel in biggest_parts(bundle):
            print(f"  {n / MB:7.1f} MB  {rel}")
        if not (bundle / "_internal" / "resources" / "frameworks").is_dir():
            raise SmokeFailure("the bundle has no _internal/resources/frameworks (sys._MEIPASS/resources)")
        if size > args.max_mb * MB:
            raise SmokeFailure(f"the bundle is {size / MB:.1f} MB, over the budget of {args.max_mb:.0f} MB")
        with tempfile.TemporaryDirectory(prefix="ita-bundle-smoke-") as t:
            tmp = Path(t)
            pdfs = check_cli(bundle, tmp)
            gui = None if args.skip_gui else check_window(bundle, tmp, args.gui_timeout, args.warm_runs)
            shutil.rmtree(tmp, ignore_errors=True)
    except SmokeFailure as e:
        print(f"build_bundle: FAILED: {e}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"build_bundle: FAILED: {' '.join(map(str, e.cmd))} took longer than {e.timeout:.0f} s",
              file=sys.stderr)
        return 1
    parts = [f"bundle {size / MB:.1f} MB"]
    if build_s is not None:
        parts.append(f"build {build_s:.0f} s")
    parts.append(f"demo pack {pdfs} PDFs ok")
    parts.append("GUI not tested" if gui is None else f"GUI start cold {gui[0]:.1f} s warm {gui[1]:.1f} s")
    print(", ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
