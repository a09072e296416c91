"""Crash safety: the program is killed (SIGKILL) at random points during imports and
edits, 50 times; after each kill ``PRAGMA integrity_check`` is ok and every change
that was reported as saved is there (``tools/crash_test.py`` does the work and prints
the figures for RELIABILITY.md; this test asserts them, never the time).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "crash_test.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="select() on a pipe: POSIX")


@pytest.fixture(scope="module")
def crash_test():
    spec = importlib.util.spec_from_file_location("crash_test", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["crash_test"]


def test_fifty_kills_lose_no_saved_change_and_leave_a_whole_database(crash_test, tmp_path):
    figures = crash_test.run(kills=50, seed=6, work=tmp_path / "work")
    assert figures.problems == [], "\n".join(figures.lines())
    assert figures.kills == 50
    assert figures.lost == 0
    assert figures.partial == 0
    assert figures.integrity_failures == 0 and figures.foreign_key_failures == 0 and figures.audit_failures == 0
    # the kills did land inside writes, and there was something to lose
    assert figures.in_flight >= 10
    assert figures.writes_saved >= 50 and figures.offices_imported >= 10
    assert figures.gui_children >= 1


def test_the_check_finds_lost_changes_when_the_program_says_saved_too_early(crash_test, tmp_path):
    """Self-check: a child that prints "saved" before it writes is caught."""
    figures = crash_test.run(kills=5, seed=2, work=tmp_path / "work", lie=True)
    assert figures.lost > 0
    assert figures.integrity_failures == 0


def test_the_check_finds_a_missing_change_and_a_half_done_write(crash_test, tmp_path):
    from ita_desktop.app import open_store

    db = tmp_path / "db.sqlite3"
    ref = crash_test.prepare(db)
    store = open_store(db, seed_demo=False)
    (name, oid), = [(o["name"], o["id"]) for o in store.offices() if "ห้วยเตย" in o["name"]]
    a = store.year_doc(oid, 2568)["assessment"]
    store.db.close()
    key, title, score = a["measures"][0]["key"], a["measures"][0]["title"], a["scores"]["1"]

    figures = crash_test.Figures()
    expected = {("title", name, 2568, key): "a title never written", ("office", "never imported"): "huai_toei_2568"}
    crash_test.check(db, expected, None, ref, {}, None, figures)
    assert figures.lost == 2

    # a write in flight of two changes, of which the database has one: half done
    figures = crash_test.Figures()
    pending = [(("title", name, 2568, key), title, "the old title"),
               (("score", name, 2568, "1"), score + 1, score)]
    crash_test.check(db, {}, pending, ref, {}, None, figures)
    assert figures.partial == 1 and figures.lost == 0

    # all of it or none of it is fine
    figures = crash_test.Figures()
    crash_test.check(db, {}, [(("title", name, 2568, key), "new", title), (("score", name, 2568, "1"), 1.5, score)],
                     ref, {}, None, figures)
    assert figures.partial == 0 and figures.in_flight_committed == 0 and figures.problems == []
