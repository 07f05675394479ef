"""Cold start and single-process throughput: what a writer's pre-commit hook pays.

    python benchmarks/startup.py [--runs 5]

Prints the median wall time of ``nxlint --version`` and of ``nxlint check`` on one
example file (each a fresh process), the in-process words/s of the analysis on the
bundled examples repeated, and the peak RSS of a one-file run. Run it on a quiet
machine and quote medians; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.*"))


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs + 1):  # the first run warms the OS caches and is not counted
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times[1:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=50, help="copies of the examples for the words/s figure")
    args = ap.parse_args()
    py = sys.executable
    one = str(ROOT / "examples" / "ldn-miracle-clinic.md")
    print(f"nxlint --version          {wall([py, '-m', 'nxlint', '--version'], args.runs):6.3f} s (median)")
    cold = [py, "-m", "nxlint", "check", "--no-cache", one]
    print(f"nxlint check one file     {wall(cold, args.runs):6.3f} s (median, no cache: spaCy loaded)")
    print(f"  same, unchanged file    {wall([py, '-m', 'nxlint', 'check', one], args.runs):6.3f} s (median, cache hit)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(cold, capture_output=True, check=False)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak RSS, one file        {peak / 1024:6.1f} MiB")

    from nxlint.lint import Linter

    linter = Linter()
    datas = [(p.read_bytes(), str(p)) for p in EXAMPLES]
    linter.lint_bytes(*datas[0])  # build the pipeline outside the timing
    words = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for data, name in datas:
            words += linter.lint_bytes(data, name).words
    dt = time.perf_counter() - t0
    print(f"analysis, in process      {words / dt:8.0f} words/s ({args.repeat * len(datas)} documents, {dt:.2f} s)")


if __name__ == "__main__":
    main()
