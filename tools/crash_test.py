#!/usr/bin/env python
"""Crash safety (issue 6): kill the program with SIGKILL at random points while it
imports and edits; after every kill the database is whole and every change the
program reported as saved is in it.

    python tools/crash_test.py [--kills 50] [--seed 1] [--keep DIR] [--lie]

prints the figures for RELIABILITY.md (kills, kills with a write in flight, changes
reported saved, changes lost — must be 0 —, integrity failures, time).
``tests/test_crash.py`` runs :func:`run` with 50 kills.

How.  :func:`run` makes one database with two offices to edit (the demo offices,
renamed) and keeps it across the kills, as a clerk's file lives through crashes.
Then, ``kills`` times, it starts a child process (this file with ``--child``) that
opens the database with ``ita_desktop.app.open_store`` and loops until killed:

* *import*: 1–5 copies of the demo offices (each renamed, so each is new) in one
  transaction (``Store.transaction`` + ``Store.import_doc``, as ``load_demo`` and
  ``ita-desktop import`` do), printing ``progress`` after each office, inside the
  transaction;
* *edit*: ``Store.year_doc`` → change a measure's title, a score, add a measure (one,
  two or all three) → ``Store.save_year``, what the window's autosave calls
  (``gui/editing.py``).  In some children the edit goes through the window's
  editing model itself: ``YearDocument.set``/``insert`` then ``save_now`` (what the
  autosave timer calls), "saved" on its ``saved`` signal (one child in four).

Before each write the child prints ``begin {json}`` (the changes it is about to
make) and, after the call returned, ``saved <n>``; lines are flushed one by one.
The parent reads the child's output (raw pipe reads), and after a random number of
lines (2–30; one kill in ten right after the first line, ``open``, printed just
before the database is opened, so those land in opening: WAL recovery, migrations)
and a random wait *on the pipe* (none, or ``select`` up to 30 ms), it SIGKILLs the child, reads what the child
had printed before dying, and checks the database afresh:

* ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` is empty;
* every change reported saved is there: an imported office with exactly the demo
  office's content (``office_doc`` equal to a reference import), a title or a score
  with the last value reported saved, an added measure present;
* the one write in flight (``begin`` without ``saved``) is there completely or not at
  all (both are fine; half is a failure: a "partial write");
* when ``ita_desktop.store.audit`` exists, its hash chain verifies and no row reported
  before is gone (``verify`` with the previous ``head`` as anchor).

A kill "with a write in flight" is one after which the last line the child printed
is ``begin`` or ``progress``: the child was between starting a write and being told
it was saved, mostly inside the SQL transaction.  SIGKILL tests what the program
does (transactions, reporting "saved" only after commit); the OS still writes what
SQLite handed it, so a power cut is a different test (``PRAGMA synchronous``).

``--lie``: a self-check of this test: the child prints ``saved`` *before* it writes;
the parent then finds lost changes (the figure must not be 0).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import select
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

#: The two offices the children edit (created by :func:`prepare` from the demo files).
EDIT_PREFIX = "แก้ไข "
#: The most lines the parent reads from one child before killing it.
MAX_LINES = 30
#: The share of kills aimed at opening (right after the child's first line, "open").
OPEN_SHARE = 0.1
#: The longest wait on the pipe (s) after the chosen line before the kill.
MAX_JITTER_S = 0.030


# ---------------------------------------------------------------------------------------------
# the child: the program, doing what a clerk does, until it is killed
# ---------------------------------------------------------------------------------------------
def _say(*parts: str) -> None:
    sys.stdout.write(" ".join(parts) + "\n")
    sys.stdout.flush()


def child(db: str, run: int, seed: int, gui: bool, lie: bool) -> None:
    """Open the store at ``db`` and import and edit until killed (see the module).
    ``run``: this child's number (in every name and text it writes, so each change
    is unique); ``seed``: its random choices; ``gui``: edit through the window's
    ``YearDocument``; ``lie``: print "saved" before writing (self-check)."""
    from ita_desktop.app import demo_files, open_store

    sources = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in demo_files()}
    app = None
    if gui:
        from PySide6.QtCore import QCoreApplication

        from ita_desktop.gui.editing import YearDocument

        app = QCoreApplication.instance() or QCoreApplication([])
    _say("open")   # a kill soon after this lands in opening: WAL recovery, migrations
    store = open_store(db, seed_demo=False)
    edits = [(o["name"], o["id"]) for o in store.offices() if o["name"].startswith(EDIT_PREFIX)]
    _say("ready")
    rng = random.Random(seed)
    seq = 0
    while True:
        seq += 1
        tag = f"{run}.{seq}"
        if rng.random() < 0.25:
            docs, facts = [], []
            for j in range(rng.randint(1, 5)):
                stem = rng.choice(sorted(sources))
                d = copy.deepcopy(sources[stem])
                d["office"]["name"] = f"ทดสอบ {tag}.{j} {d['office']['name']}"
                docs.append(d)
                facts.append([["office", d["office"]["name"]], stem, None])
            if lie:
                _say("begin", json.dumps({"seq": seq, "facts": facts}, ensure_ascii=False))
                _say("saved", str(seq))
            with store.transaction():
                if not lie:
                    _say("begin", json.dumps({"seq": seq, "facts": facts}, ensure_ascii=False))
                for d in docs:
                    store.import_doc(d)
                    _say("progress")
            if not lie:
                _say("saved", str(seq))
            continue
        name, oid = rng.choice(edits)
        year = store.years(oid)[0]
        current = store.year_doc(oid, year)
        a = copy.deepcopy(current["assessment"])
        facts = []
        steps = []   # (path, value) or ("insert", item) for the editing model
        stored = len(a["measures"])   # a title edit picks one of these, never the one added here
        for what in rng.sample(["title", "score", "measure"], rng.randint(1, 3)):
            if what == "title":
                i = rng.randrange(stored)
                text, old = f"ชื่อมาตรการ {tag}", a["measures"][i]["title"]
                a["measures"][i]["title"] = text
                steps.append((("assessment", "measures", i, "title"), text))
                facts.append([["title", name, year, a["measures"][i]["key"]], text, old])
            elif what == "score":
                ind = str(rng.randint(1, 10))
                value = round(rng.uniform(0, 100), 2)
                while value == a["scores"].get(ind):
                    value = round(rng.uniform(0, 100), 2)
                old = a["scores"].get(ind)
                a["scores"][ind] = value
                steps.append((("assessment", "scores", ind), value))
                facts.append([["score", name, year, ind], value, old])
            else:
                key = f"k{tag}"
                item = {"key": key, "title": f"มาตรการใหม่ {tag}", "responsible": "สำนักปลัด"}
                a["measures"].append(item)
                steps.append(("insert", item))
                facts.append([["measure", name, year, key], "present", None])
                facts.append([["title", name, year, key], item["title"], None])
        begin = json.dumps({"seq": seq, "facts": facts}, ensure_ascii=False)
        if lie:
            _say("begin", begin)
            _say("saved", str(seq))
        if gui:
            doc = YearDocument(store, oid, year, current, autosave_ms=60_000)
            for path, value in steps:
                if path == "insert":
                    doc.insert(("assessment", "measures"), len(doc.assessment["measures"]), value)
                else:
                    doc.set(path, value)
            failed: list[str] = []
            doc.saveFailed.connect(failed.append)
            if not lie:
                doc.saved.connect(lambda n=seq: _say("saved", str(n)))
                _say("begin", begin)
            doc.save_now()          # what the autosave timer calls
            if failed:
                _say("failed", failed[0].replace("\n", " "))
                raise SystemExit(3)
            doc.deleteLater()
            app.processEvents()
        else:
            if not lie:
                _say("begin", begin)
            store.save_year(oid, current["office"], a)
            if not lie:
                _say("saved", str(seq))


# ---------------------------------------------------------------------------------------------
# the parent: start, kill, check
# ---------------------------------------------------------------------------------------------
@dataclass
class Figures:
    """What :func:`run` found.  ``lost`` and ``partial`` and the failures must be 0."""

    kills: int = 0
    survived: int = 0              # kills after which every check passed
    opening: int = 0               # killed while opening the database (last line "open")
    in_flight: int = 0             # killed with a write begun and not reported saved
    in_flight_committed: int = 0   # … and that write turned out to be in the database
    gui_children: int = 0          # children that edited through YearDocument
    writes_saved: int = 0          # writes (transactions) reported saved
    changes_saved: int = 0         # changes in them (offices imported, titles, scores, measures)
    offices_imported: int = 0
    lost: int = 0                  # changes reported saved, not in the database after a kill
    partial: int = 0               # writes in flight found half done
    integrity_failures: int = 0
    foreign_key_failures: int = 0
    audit_failures: int = 0
    audit_checked: bool = False
    seconds: float = 0.0
    child_seconds: float = 0.0     # of which the children ran (start to kill)
    check_seconds: float = 0.0     # of which the checks after the kills took
    db_bytes: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The figures, one per line, for RELIABILITY.md."""
        per = self.seconds / self.kills if self.kills else 0.0
        return [
            f"kills survived (database whole, nothing saved lost): {self.survived}/{self.kills}",
            f"kills while opening the database: {self.opening}",
            (f"kills with a write in flight (mid-transaction): {self.in_flight} "
             f"(that write found complete: {self.in_flight_committed}, absent: "
             f"{self.in_flight - self.in_flight_committed - self.partial})"),
            f"children editing through the window's YearDocument: {self.gui_children}",
            f"writes reported saved: {self.writes_saved}",
            f"changes reported saved: {self.changes_saved} ({self.offices_imported} offices imported)",
            f"lost changes (must be 0): {self.lost}",
            f"half-done writes (must be 0): {self.partial}",
            f"integrity_check failures (must be 0): {self.integrity_failures}",
            f"foreign_key_check failures (must be 0): {self.foreign_key_failures}",
            (f"audit chain failures (must be 0): "
             f"{self.audit_failures if self.audit_checked else 'not checked (no ita_desktop.store.audit)'}"),
            f"database at the end: {self.db_bytes / 1e6:.1f} MB",
            (f"time: {self.seconds:.1f} s ({per:.2f} s per kill; children {self.child_seconds:.1f} s, "
             f"checks {self.check_seconds:.1f} s)"),
        ]


Slot = tuple   # ("office", name) | ("title", office, year, key) | ("score", office, year, "3") | ("measure", …)


def prepare(db: Path) -> dict[str, dict[str, Any]]:
    """Create ``db`` with the two offices the children edit; return the reference content
    of each demo file (``office_doc`` after an import, the office's name left out)."""
    from ita_desktop.app import demo_files, open_store

    store = open_store(db, seed_demo=False)
    ref: dict[str, dict[str, Any]] = {}
    try:
        for p in demo_files():
            doc = json.loads(p.read_text(encoding="utf-8"))
            doc["office"]["name"] = EDIT_PREFIX + doc["office"]["name"]
            ref[p.stem] = _without_name(store.office_doc(store.import_doc(doc)))
    finally:
        store.db.close()
    return ref


def _without_name(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["office"].pop("name", None)
    return doc


class _Reader:
    """Lines from a child's stdout, read with ``os.read`` so ``select`` sees what is left."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buf = b""
        self.eof = False

    def line(self, timeout: float | None = None) -> str | None:
        """The next whole line, or None at EOF or when ``timeout`` (s) passes first."""
        while b"\n" not in self.buf:
            if self.eof:
                return None
            if timeout is not None:
                ready, _, _ = select.select([self.fd], [], [], timeout)
                if not ready:
                    return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.eof = True
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8")

    def rest(self) -> list[str]:
        """Every whole line until EOF (a last line cut off by the kill is dropped)."""
        out = []
        while (line := self.line()) is not None:
            out.append(line)
        return out


def _actual(store, slot: Slot, cache: dict, ref: dict[str, dict[str, Any]], office_ids: dict[str, int]) -> Any:
    """What the database has in ``slot``: for an office the demo file whose content it
    has exactly (or "different content"), for a title or a score its value, for a
    measure "present"; None when there is nothing."""
    kind = slot[0]
    if kind == "office":
        oid = office_ids.get(slot[1])
        if oid is None:
            return None
        doc = _without_name(store.office_doc(oid))
        for stem, content in ref.items():
            if doc == content:
                return stem
        return "different content"
    _kind, office, year, key = slot
    if (office, year) not in cache:
        cache[office, year] = store.year_doc(office_ids[office], year)["assessment"]
    a = cache[office, year]
    if kind == "score":
        return a["scores"].get(key)
    m = next((m for m in a.get("measures", []) if m["key"] == key), None)
    if kind == "measure":
        return None if m is None else "present"
    return None if m is None else m["title"]


def check(db: Path, expected: dict[Slot, Any], pending: list[tuple[Slot, Any, Any]] | None,
          ref: dict[str, dict[str, Any]], verified: dict[str, str], anchor: Any, figures: Figures) -> Any:
    """Check the database after a kill (see the module); count what is wrong in
    ``figures``; bring ``expected`` up to date with the write in flight (``pending``).
    Returns the audit head (the next anchor)."""
    conn = sqlite3.connect(str(db))
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchall()
        if ok != [("ok",)]:
            figures.integrity_failures += 1
            figures.problems.append(f"integrity_check: {ok[:5]}")
            return anchor
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            figures.foreign_key_failures += 1
            figures.problems.append(f"foreign_key_check: {fk[:5]}")
    finally:
        conn.close()

    from ita_desktop.store.connection import connect
    from ita_desktop.store.repo import Store

    store = Store(connect(db))
    try:
        office_ids = {o["name"]: o["id"] for o in store.offices()}
        cache: dict = {}

        def actual(slot: Slot) -> Any:
            if slot[0] == "office" and slot[1] in verified and slot[1] in office_ids:
                return verified[slot[1]]
            value = _actual(store, slot, cache, ref, office_ids)   # an office's content: checked once
            if slot[0] == "office" and value in ref:
                verified[slot[1]] = value
            return value

        in_flight = {f[0] for f in pending or []}
        for slot, want in expected.items():
            if slot in in_flight:
                continue
            got = actual(slot)
            if got != want:
                figures.lost += 1
                figures.problems.append(f"lost: {slot} is {got!r}, reported saved as {want!r}")
                expected[slot] = got   # counted once
        if pending:
            states = []
            for slot, new, old in pending:
                got = actual(slot)
                old = expected.get(slot, old)   # the child read `old` before this write
                states.append("new" if got == new else "old" if got == old else "other")
            if "other" in states or len(set(states)) > 1:
                figures.partial += 1
                figures.problems.append(f"half-done write: {list(zip([f[0] for f in pending], states))}")
            elif states[0] == "new":
                figures.in_flight_committed += 1
                for slot, new, _old in pending:
                    expected[slot] = new
        head = anchor
        try:
            from ita_desktop.store import audit
        except ImportError:
            audit = None
        if audit is not None and hasattr(audit, "verify"):
            figures.audit_checked = True
            broken = audit.verify(store.db, anchor) if anchor is not None else audit.verify(store.db)
            if broken is not None:
                figures.audit_failures += 1
                figures.problems.append(f"audit: {broken}")
            if hasattr(audit, "head"):
                head = audit.head(store.db)
        return head
    finally:
        store.db.close()


def run(kills: int = 50, seed: int = 1, work: Path | None = None, *, lie: bool = False,
        gui_share: float = 0.25, log=None) -> Figures:
    """Kill the program ``kills`` times (see the module) in the folder ``work`` (a new
    temporary folder when None); return the figures.  ``seed``: the random choices
    (which operations, where to kill; where a kill lands also depends on timing).
    ``gui_share``: the share of children that edit through ``YearDocument``.
    ``log``: called with a line per kill (progress), or None.  Raises RuntimeError
    when a child ends by itself (its stderr in the message)."""
    import tempfile

    figures = Figures()
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="ita-crash-")
        work = Path(tmp.name)
    else:
        tmp = None
        work.mkdir(parents=True, exist_ok=True)
    try:
        db = work / "crash.sqlite3"
        started = time.perf_counter()
        ref = prepare(db)
        rng = random.Random(seed)
        expected: dict[Slot, Any] = {}
        verified: dict[str, str] = {}
        anchor = None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
                   QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
        for run_no in range(1, kills + 1):
            gui = rng.random() < gui_share
            figures.gui_children += gui
            err_path = work / f"child-{run_no}.err"
            t0 = time.perf_counter()
            with open(err_path, "wb") as err:
                proc = subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "--child", str(db), str(run_no),
                     str(rng.randrange(2**32)), "1" if gui else "0", "1" if lie else "0"],
                    stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=str(work))
            try:
                reader = _Reader(proc.stdout.fileno())
                target = 1 if rng.random() < OPEN_SHARE else rng.randint(2, MAX_LINES)
                jitter = 0.0 if rng.random() < 0.5 else rng.uniform(0, MAX_JITTER_S)
                lines: list[str] = []
                # (--lie: go on to a "saved" line, the moment the self-check is about)
                while len(lines) < target or (lie and not lines[-1].startswith("saved")):
                    line = reader.line()
                    if line is None:
                        break
                    lines.append(line)
                if reader.eof:
                    proc.wait()
                    raise RuntimeError(f"the child ended by itself (exit {proc.returncode}): "
                                       f"{err_path.read_text(encoding='utf-8', errors='replace')[-3000:]}")
                if jitter and not lie:
                    extra = reader.line(timeout=jitter)   # wait on the pipe, at most `jitter`
                    if extra is not None:
                        lines.append(extra)
                proc.kill()                                  # SIGKILL
                proc.wait()
                lines += reader.rest()                       # what it printed before it died
            finally:
                if proc.poll() is None:   # the parent failed: never leave the child running
                    proc.kill()
                    proc.wait()
                proc.stdout.close()
            err_path.unlink()
            figures.kills += 1

            # the ledger: saved writes update `expected`; the one begun and not saved is pending
            begun: dict[int, list] = {}
            pending = None
            for line in lines:
                word, _, rest = line.partition(" ")
                if word == "begin":
                    entry = json.loads(rest)
                    merged: dict[Slot, list] = {}
                    for s, new, old in entry["facts"]:   # one slot changed twice: first old, last new
                        merged.setdefault(tuple(s), [tuple(s), new, old])[1] = new
                    begun[entry["seq"]] = [tuple(f) for f in merged.values()]
                    pending = begun[entry["seq"]]
                elif word == "saved":
                    facts = begun.pop(int(rest))
                    figures.writes_saved += 1
                    figures.changes_saved += len(facts)
                    figures.offices_imported += sum(f[0][0] == "office" for f in facts)
                    for slot, value, _old in facts:
                        expected[slot] = value
                    pending = None
                elif word == "failed":
                    raise RuntimeError(f"a save failed in the child: {rest}")
            last = lines[-1].split(" ", 1)[0] if lines else ""
            if last == "open":
                figures.opening += 1
            if pending is not None and last in ("begin", "progress"):
                figures.in_flight += 1
            lost_before, partial_before, problems_before = figures.lost, figures.partial, len(figures.problems)
            t1 = time.perf_counter()
            figures.child_seconds += t1 - t0
            anchor = check(db, expected, pending, ref, verified, anchor, figures)
            figures.check_seconds += time.perf_counter() - t1
            figures.survived += len(figures.problems) == problems_before
            if log is not None:
                log(f"kill {run_no:3}: after {len(lines):2} lines ({last or '-'}), "
                    f"{'gui' if gui else 'store'}; lost {figures.lost - lost_before}, "
                    f"half-done {figures.partial - partial_before}")
        figures.seconds = time.perf_counter() - started
        figures.db_bytes = sum(p.stat().st_size for p in work.glob("crash.sqlite3*"))
        return figures
    finally:
        if tmp is not None:
            tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        sys.path.insert(0, str(REPO))
        db, run_no, seed, gui, lie = argv[1:6]
        child(db, int(run_no), int(seed), gui == "1", lie == "1")
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", type=Path, help="work in this folder and keep the database")
    p.add_argument("--lie", action="store_true", help="self-check: the child reports saved before writing")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per kill")
    args = p.parse_args(argv)
    sys.path.insert(0, str(REPO))
    figures = run(args.kills, args.seed, args.keep, lie=args.lie, log=print if args.verbose else None)
    for line in figures.lines():
        print(line)
    for problem in figures.problems[:20]:
        print("problem:", problem)
    bad = figures.lost or figures.partial or figures.integrity_failures or figures.foreign_key_failures \
        or figures.audit_failures
    return 0 if (bool(bad) == args.lie) else 1


if __name__ == "__main__":
    sys.exit(main())
