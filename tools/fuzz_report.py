"""Run the fuzzers (tests/test_fuzz.py) with more examples and print the figures.

    python tools/fuzz_report.py [--examples N] [--seed S]

Runs pytest on ``tests/test_fuzz.py`` with ``ITA_FUZZ_EXAMPLES=N`` (examples per
fuzz test; the test suite's own run uses a quick default) and reads back how many
examples each fuzzer actually executed, with the outcomes (refused cleanly, or
imported/saved and read back equal). Prints one line per figure, the total
("fuzz cases run") and whether every case passed; the exit code is pytest's.
``--seed`` makes a run repeatable (hypothesis ``--hypothesis-seed``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--examples", type=int, default=1000, help="examples per fuzz test (default 1000)")
    p.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "counts.json"
        env = dict(os.environ, ITA_FUZZ_EXAMPLES=str(args.examples), ITA_FUZZ_REPORT=str(report),
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "test_fuzz.py")]
        if args.seed is not None:
            cmd.append(f"--hypothesis-seed={args.seed}")
        start = time.perf_counter()
        run = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        counts = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    fuzzers = {k: v for k, v in counts.items() if ":" not in k}
    print(f"examples per fuzz test asked: {args.examples}")
    for name, n in sorted(counts.items()):
        print(f"{name}: {n}")
    print(f"fuzz cases run: {sum(fuzzers.values())}")
    print(f"seconds: {seconds:.1f}")
    print("result: " + ("all passed" if run.returncode == 0 else f"FAILED (pytest exit {run.returncode})"))
    if run.returncode != 0:
        print(run.stdout[-6000:], run.stderr[-2000:], sep="\n")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
