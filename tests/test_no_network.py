"""No network: the program makes no network connection (issue 6).

Three checks:

* static: no module of ``ita_desktop`` imports a networking module (socket, ssl,
  http, urllib.request, requests, QtNetwork, QtWebEngine …; ``urllib.parse``, string
  functions only, is allowed);
* at run time, in Python: the program runs in a child process whose first act is an
  audit hook (:pep:`578`) that logs every socket made for anything but a local
  ``AF_UNIX`` connection, every ``connect``/``bind``/``sendto``, every name look-up
  (``getaddrinfo``, ``gethostbyname`` …), ``urllib.Request``, ``http.client.connect``,
  ``webbrowser.open`` and the like.  Every CLI command (demo, import, render, pack,
  check, columns, export, typeset, fonts) and the window (``run_gui`` offscreen on a
  database filled with the demo offices, as the first-run welcome does; export, pack, preview
  and its "Save as PDF…", checks, search) run under it; the log must stay empty.  A
  positive control runs a deliberate ``socket.connect`` to 127.0.0.1, a look-up and
  a ``urllib`` request under the same hook and finds all three;
* at run time, below Python: Qt's C++ code (and any C library) does not go through
  Python's audit hooks, so the window also runs under ``strace -f -e trace=network``
  when strace can trace here; no ``socket``/``connect``/``sendto`` of an ``AF_INET``
  or ``AF_INET6`` socket may appear (``AF_UNIX`` to X11 or D-Bus is local, and
  offscreen Qt uses neither).

``python tests/test_no_network.py`` prints what each run logged.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "ita_desktop"

#: Modules that open connections (or exist to); a module of ita_desktop imports none.
NETWORK_MODULES = {
    "socket", "ssl", "socketserver", "asyncio", "http", "urllib.request", "urllib.error", "urllib3", "requests",
    "httpx", "aiohttp", "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "nntplib", "xmlrpc", "webbrowser",
    "websocket", "websockets", "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets", "PySide6.QtWebChannel", "PySide6.QtWebView", "PySide6.QtNetworkAuth",
}

#: The audit hook, installed before the program is imported; then the workload in argv[2].
BOOT = r'''
import json, sys
_log = open(sys.argv[1], "a", encoding="utf-8")
_NET = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
        "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getnameinfo",
        "socket.gethostname", "urllib.Request", "http.client.connect", "http.client.send", "ftplib.connect",
        "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect", "telnetlib.Telnet.open",
        "webbrowser.open"}
_label = ["start"]
def _hook(event, args):
    if event == "socket.__new__":
        if len(args) > 1 and args[1] == 1:    # AF_UNIX: a local socket (never used by the program either)
            return
    elif event == "subprocess.Popen":
        _log.write(json.dumps({"label": _label[0], "event": event, "args": repr(args[:2])[:300]}) + "\n")
        _log.flush()
        return
    elif event not in _NET:
        return
    _log.write(json.dumps({"label": _label[0], "event": event, "args": repr(args)[:300]}) + "\n")
    _log.flush()
sys.addaudithook(_hook)
exec(compile(sys.argv[2], "<workload>", "exec"))
'''

CLI_WORKLOAD = r'''
from ita_desktop.cli import main
for label, argv in json.loads(sys.argv[3]):
    _label[0] = label
    print(label, main(argv), flush=True)
'''

GUI_WORKLOAD = r'''
import traceback
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

out = Path(sys.argv[3])
app = QApplication([sys.argv[0]])
_label[0] = "gui"
from ita_desktop.gui.app import run_gui
from ita_desktop.gui.main_window import MainWindow

def act():
    try:
        w = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        _label[0] = "gui: export"
        w.ask_save_path = lambda suggested: out / "analysis.pdf"
        assert w.export_pdf("analysis") is not None
        _label[0] = "gui: pack"
        w.ask_directory = lambda suggested: out / "pack"
        w.ask_continue_despite_errors = lambda errors: True
        w.show_pack_result = lambda text: None
        assert w.export_pack() is not None
        _label[0] = "gui: preview"
        from ita_desktop.gui.preview import PreviewDialog

        def show_preview(pdf, title):
            d = PreviewDialog(w)
            d.load(pdf)
            d.show()
            app.processEvents()
            d.close()
            d.deleteLater()
            return True            # the clerk chose "Save as PDF…"
        w.show_preview = show_preview
        w.ask_save_path = lambda suggested: out / "preview.pdf"
        assert w.preview("report") is not None
        _label[0] = "gui: checks, search"
        w.check_now()
        w.show_search()
        app.processEvents()
        _label[0] = "gui: close"
        print("acted", flush=True)
    except BaseException:
        traceback.print_exc()
        app.exit(3)
        return
    w.close()

QTimer.singleShot(0, act)
QTimer.singleShot(120_000, lambda: app.exit(4))   # never hang the test
_label[0] = "gui: demo offices"
from ita_desktop.app import open_store
open_store(None, seed_demo=True).db.close()       # what the first-run welcome's "demo offices" imports
_label[0] = "gui"
rc = run_gui(None, settings=QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat))
print("exit", rc, flush=True)
sys.exit(rc)
'''

CONTROL_WORKLOAD = r'''
import socket, urllib.request
_label[0] = "control"
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.connect(("127.0.0.1", 9))
except OSError:
    pass
s.close()
try:
    socket.getaddrinfo("localhost", 80)
except OSError:
    pass
try:
    urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
except OSError:
    pass
'''


def run_logged(tmp_path: Path, workload: str, *extra: str, timeout: float = 300,
               wrapper: list[str] | None = None) -> tuple[list[dict], subprocess.CompletedProcess]:
    """Run ``workload`` in a child Python under the audit hook; its log (one dict per event) and the process."""
    log = tmp_path / "net.log"
    log.write_text("", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ITA_DESKTOP_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    cmd = [*(wrapper or []), sys.executable, "-c", BOOT, str(log), workload, *extra]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    return events, proc


def network_events(events: list[dict]) -> list[dict]:
    return [e for e in events if e["event"] != "subprocess.Popen"]


# -- static -------------------------------------------------------------------------------------
def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def is_network(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES)


def test_no_module_of_the_program_imports_a_network_module():
    found = {}
    for f in sorted(PKG.rglob("*.py")):
        bad = sorted(n for n in imported_modules(f) if is_network(n))
        if bad:
            found[str(f.relative_to(REPO))] = bad
    assert found == {}


def test_the_static_check_sees_a_network_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("import os\nfrom urllib import parse\nfrom urllib import request\n"
                 "def f():\n    from PySide6 import QtNetwork\n    import socket\n", encoding="utf-8")
    assert sorted(n for n in imported_modules(f) if is_network(n)) == ["PySide6.QtNetwork", "socket",
                                                                        "urllib.request"]


# -- run time, Python ---------------------------------------------------------------------------
def test_the_audit_hook_catches_a_deliberate_connection(tmp_path):
    events, proc = run_logged(tmp_path, CONTROL_WORKLOAD, timeout=60)
    assert proc.returncode == 0, proc.stderr
    kinds = {e["event"] for e in events}
    assert {"socket.__new__", "socket.connect", "socket.getaddrinfo", "urllib.Request"} <= kinds
    assert any("127.0.0.1" in e["args"] for e in events if e["event"] == "socket.connect")


def cli_commands(tmp_path: Path) -> list[tuple[str, list[str]]]:
    db = str(tmp_path / "cli.sqlite3")
    demo = min((REPO / "resources" / "demo").glob("huai_toei*.json"))
    text = tmp_path / "text.txt"
    text.write_text("องค์การบริหารส่วนตำบลห้วยเตย\n\nข้อความทดสอบ", encoding="utf-8")
    out = tmp_path / "out"
    office = ["--office", "อบต.ห้วยเตย", "--db", db]
    return [
        ("demo", ["demo", "--out", str(out / "demo")]),
        ("import", ["import", str(demo), "--db", db]),
        ("check", ["check", "--year", "2568", *office]),
        ("render", ["render", "report", "--year", "2568", "--out", str(out / "report.pdf"), *office]),
        ("pack", ["pack", "--year", "2568", "--out", str(out / "pack"), *office]),
        ("columns", ["columns", *office]),
        ("export", ["export", str(out / "export.json"), *office]),
        ("typeset", ["typeset", str(text), "--out", str(out / "typeset.pdf")]),
        ("fonts", ["fonts"]),
    ]


def test_every_command_makes_no_network_connection(tmp_path):
    commands = cli_commands(tmp_path)
    events, proc = run_logged(tmp_path, CLI_WORKLOAD, json.dumps(commands))
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if line.split(" ", 1)[0] in dict(commands))
    assert set(ran) == {label for label, _argv in commands}          # every command ran …
    assert {k: v for k, v in ran.items() if k != "check"} == {k: "0" for k in ran if k != "check"}
    assert (tmp_path / "out" / "pack").is_dir() and (tmp_path / "out" / "typeset.pdf").is_file()
    assert network_events(events) == []                              # … and none touched the network


def test_the_window_makes_no_network_connection(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    events, proc = run_logged(tmp_path, GUI_WORKLOAD, str(out))
    assert proc.returncode == 0 and "acted" in proc.stdout, proc.stdout + proc.stderr[-3000:]
    assert (out / "analysis.pdf").is_file() and (out / "preview.pdf").is_file() and (out / "pack").is_dir()
    assert network_events(events) == []


# -- run time, below Python ---------------------------------------------------------------------
def strace_usable(tmp_path: Path) -> bool:
    if not shutil.which("strace"):
        return False
    probe = subprocess.run(["strace", "-f", "-qq", "-e", "trace=network", "-o", str(tmp_path / "probe.txt"),
                            sys.executable, "-c", "pass"], capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


INET = re.compile(r"^\d+\s+(socket|connect|sendto|sendmsg|bind)\((.*)$")


def inet_calls(trace: str) -> list[str]:
    """The lines of an ``strace -f -e trace=network`` log that make or use an IPv4/IPv6 socket."""
    return [line for line in trace.splitlines()
            if INET.match(line) and ("AF_INET" in line or "AF_INET6" in line)]


def test_inet_calls_are_found_in_a_trace():
    trace = ("101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n"
             "101 connect(3, {sa_family=AF_UNIX, sun_path=\"/run/dbus\"}, 110) = 0\n"
             "102 connect(4, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = 0\n")
    assert inet_calls(trace) == [trace.splitlines()[2]]


def test_the_window_opens_no_internet_socket_even_in_cpp(tmp_path):
    if not strace_usable(tmp_path):
        pytest.skip("strace is not installed or cannot trace here")
    out = tmp_path / "out"
    out.mkdir()
    trace = tmp_path / "trace.txt"
    _events, proc = run_logged(tmp_path, GUI_WORKLOAD, str(out),
                               wrapper=["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace)])
    assert proc.returncode == 0 and "acted" in proc.stdout, proc.stdout + proc.stderr[-3000:]
    text = trace.read_text(encoding="utf-8", errors="replace")
    assert inet_calls(text) == []
    # the trace did see the process (it is not empty because of a tracing failure)
    assert (out / "analysis.pdf").is_file()


if __name__ == "__main__":   # figures: what each run logged
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name, workload, extra in [("control", CONTROL_WORKLOAD, []),
                                      ("cli", CLI_WORKLOAD, [json.dumps(cli_commands(tmp))]),
                                      ("gui", GUI_WORKLOAD, [str(tmp)])]:
            events, proc = run_logged(tmp, workload, *extra)
            net = network_events(events)
            print(f"{name}: exit {proc.returncode}, network events {len(net)}, subprocesses "
                  f"{len(events) - len(net)}")
            for e in events[:10]:
                print("   ", e)
        if strace_usable(tmp):
            trace = tmp / "trace.txt"
            _e, proc = run_logged(tmp, GUI_WORKLOAD, str(tmp),
                                  wrapper=["strace", "-f", "-qq", "-e", "trace=network", "-o", str(trace)])
            text = trace.read_text(encoding="utf-8", errors="replace")
            calls = [line for line in text.splitlines() if INET.match(line)]
            print(f"gui under strace: exit {proc.returncode}, network syscalls {len(calls)}, "
                  f"AF_INET/AF_INET6 {len(inet_calls(text))}")
            for line in calls[:10]:
                print("   ", line)
