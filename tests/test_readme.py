"""The README's two set-up commands are the ones CI runs."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\*\*\d\. [^*]+\*\*\s*```\n(.+?)\n```", readme)


def test_two_setup_commands_and_ci_runs_the_test_one():
    cmds = commands()
    assert len(cmds) == 2, cmds
    run, test = cmds
    assert "ita-desktop" in run and "requirements.lock" in run
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_lock_files_pin_every_dependency():
    for name in ("requirements.lock", "requirements-dev.lock"):
        lines = [l for l in (REPO / name).read_text().splitlines() if l and not l.startswith((" ", "#", "-e"))]
        assert lines and all(re.match(r"^[A-Za-z0-9_.\-\[\],]+==[\w.]+", l) for l in lines), name
