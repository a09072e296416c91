"""Benchmark of the Thai typesetting engine: 200 landscape pages of tables of seed text.

Usage: python benchmarks/typeset_bench.py [--seeds DIR] [--pages 200] [--runs 3] [--keep DIR]

Builds a TSV from the rows of every table in the seed reports (``shared/seeds``:
HTML paragraphs and lists in the cells, as published), repeated until the document
is at least ``--pages`` landscape A4 pages, then runs ``ita-desktop typeset`` on it
in a fresh process for each run, shaped and ``--no-shaping`` alternately (so both
see the same machine state).  Each child reports its own times; peak memory is the
child's maximum resident set size (``wait4``).

Printed: one line per run, then medians.  The last line reads
``shaped X s, unshaped Y s, ratio R, peak Z MiB (N pages)``.
Targets (issue 3): shaped ≤ 2 × unshaped and ≤ 3 s for 200 pages on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]   # the package, and seedtables (the seed-table reader of the tests)


def child(tsv: str, out: str, shaping: bool) -> None:
    """Run inside the measured process: import, load the dictionary, typeset; print JSON."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(REPO))
    from ita_desktop.pdf.thaibreak import ThaiBreaker
    from ita_desktop.pdf.typeset import typeset

    t1 = time.perf_counter()
    ThaiBreaker().segments("โหลดพจนานุกรม")   # the dictionary (about 1 s), outside the typesetting time
    t2 = time.perf_counter()
    res = typeset(Path(tsv), Path(out), shaping=shaping, landscape=True, thai_digits=True)
    t3 = time.perf_counter()
    print(json.dumps({"import": t1 - t0, "dictionary": t2 - t1, "typeset": t3 - t2, "pages": res.pages}))


def make_tsv(seeds: Path, pages: int, path: Path) -> int:
    """Write the benchmark TSV; returns its number of body rows (about 2.4 rows a page)."""
    from seedtables import seed_tables

    rows = []
    for f in sorted(seeds.glob("*.txt")):
        for t in seed_tables(f):
            body = [r for r in t[1:] if sum(len(c) for c in r) > 200]   # the rows with real text
            rows += [(r + [""] * 6)[:6] for r in body]
    header = ["มาตรการ/แนวทาง", "ขั้นตอน/วิธีปฏิบัติ", "หน่วยงานผู้รับผิดชอบ", "ระยะเวลาดำเนินการ",
              "สรุปผลดำเนินการ", "ผลลัพธ์/ความสำเร็จ"]
    need = int(pages * 2.5)
    body = [rows[i % len(rows)] for i in range(need)]
    clean = [[c.replace("\t", " ").replace("\n", " ") for c in r] for r in [header] + body]
    path.write_text("\n".join("\t".join(r) for r in clean) + "\n", encoding="utf-8")
    return len(body)


def run_child(tsv: Path, out: Path, shaping: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(tsv), str(out)] + ([] if shaping else ["--no-shaping"])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    data = json.loads(proc.stdout.read().strip().splitlines()[-1])
    proc.stdout.close()
    if status != 0:
        raise SystemExit(f"child failed with status {status}")
    data["wall"] = wall
    data["peak_mib"] = usage.ru_maxrss / 1024   # Linux: KiB
    return data


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the TSV and PDFs in this folder")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--no-shaping", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, shaping=not args.no_shaping)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        tsv = work / "bench.tsv"
        rows = make_tsv(args.seeds, args.pages, tsv)
        print(f"machine: {machine()}")
        print(f"input: {rows} rows of seed tables, {tsv.stat().st_size / 1024:.0f} KiB")
        results: dict[bool, list[dict]] = {True: [], False: []}
        for n in range(args.runs):
            for shaping in (True, False):
                r = run_child(tsv, work / f"bench_{'shaped' if shaping else 'unshaped'}.pdf", shaping)
                results[shaping].append(r)
                print(f"run {n + 1} {'shaped  ' if shaping else 'unshaped'}: typeset {r['typeset']:.2f} s "
                      f"(import {r['import']:.2f} s, dictionary {r['dictionary']:.2f} s, process {r['wall']:.2f} s), "
                      f"{r['pages']} pages, peak {r['peak_mib']:.0f} MiB")
        med = {k: statistics.median(r["typeset"] for r in v) for k, v in results.items()}
        peak = max(r["peak_mib"] for v in results.values() for r in v)
        pages = results[True][0]["pages"]
        print(f"shaped {med[True]:.2f} s, unshaped {med[False]:.2f} s, ratio {med[True] / med[False]:.2f}, "
              f"peak {peak:.0f} MiB ({pages} pages)")


if __name__ == "__main__":
    main()
