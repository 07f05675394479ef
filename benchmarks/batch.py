"""Batch throughput: what a compliance scan of a whole site costs.

    python benchmarks/batch.py [--files 2000] [--repeat N] [--skip-dask | --only jobs|dask]

Builds a corpus of drafts from the examples (and the labelled drafts in tests/corpus and
../shared/corpus when present) with variation: paragraphs and sentences shuffled,
conditions and products swapped, numbers changed, some drafts in other formats (Markdown,
text, HTML, a few .docx). Then runs ``nxlint check`` on it as a user would, each a fresh
process, and prints files/s, words/s and peak memory for:

- ``--jobs 1`` (in-process), cold (``--no-cache``)
- ``--jobs 2`` (two worker processes), cold
- a warm-cache rerun (the cache filled by a first ``--jobs 2`` run)
- a local Dask cluster (a scheduler and two one-thread workers started here)

Peak memory is sampled (psutil, every 0.5 s) over the whole process tree, because
pool workers are children of the fork server, not of the process the benchmark
waits for; "total" is the largest sum over the tree (for Dask: client plus workers),
"largest" the largest single process. It is a benchmark, not a test: run it on a quiet
machine and quote the figures with the machine they came from.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = [ROOT / "examples", ROOT / "tests" / "corpus", ROOT.parent / "shared" / "corpus"]
CONDITIONS = ["fibromyalgia", "multiple sclerosis", "Crohn's disease", "long COVID", "depression", "chronic pain",
              "alcohol use disorder", "opioid use disorder", "psoriasis", "ulcerative colitis"]
PRODUCTS = ["naltrexone", "low-dose naltrexone", "LDN", "Vivitrol", "ReVia", "Contrave"]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


# -- corpus ----------------------------------------------------------------------------
def seeds() -> list[tuple[str, str]]:
    out = []
    for folder in SEED_DIRS:
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            # GUIDELINES.md, README.md and the like are not drafts
            if p.suffix in (".md", ".txt", ".html") and not p.stem.isupper() and p.stem.lower() != "readme":
                out.append((p.suffix, p.read_text(encoding="utf-8")))
    if not out:
        sys.exit("benchmarks/batch.py: no seed drafts found in examples/")
    return out


def vary(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    out = []
    for p in head + body:
        if rng.random() < 0.4 and "\n" not in p.strip() and not p.lstrip().startswith(("#", "<", "-", "*", "[")):
            sentences = SENTENCE.split(p)
            rng.shuffle(sentences)
            p = " ".join(sentences)
        out.append(p)
    text = "\n\n".join(out)
    a, b = rng.sample(CONDITIONS, 2)
    text = re.sub(re.escape(a), b, text, flags=re.I)
    if rng.random() < 0.5:
        text = re.sub(r"\bLDN\b", rng.choice(PRODUCTS), text)
    text = re.sub(r"\b\d{1,3}\b", lambda m: str(max(1, int(m.group()) + rng.randint(-3, 9))), text)
    return text


def build_corpus(folder: Path, n: int) -> tuple[int, int]:
    """Write ``n`` drafts under ``folder`` (100 per sub-folder); returns (files, bytes)."""
    rng = random.Random(20240601)
    base = seeds()
    total = 0
    docx_every = 50
    for i in range(n):
        suffix, text = base[i % len(base)]
        text = vary(text, rng)
        sub = folder / f"site-{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % docx_every == docx_every - 1 and _docx_available():
            path = sub / f"draft-{i:05d}.docx"
            _write_docx(path, text)
        else:
            path = sub / f"draft-{i:05d}{suffix}"
            path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return n, total


def _docx_available() -> bool:
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


def _write_docx(path: Path, text: str) -> None:
    import docx

    d = docx.Document()
    for para in re.sub(r"<[^>]+>", " ", text).split("\n\n"):
        para = para.strip().lstrip("#").strip()
        if para:
            d.add_paragraph(" ".join(para.split()))
    d.save(str(path))


# -- measuring -------------------------------------------------------------------------
@dataclass
class Run:
    name: str
    seconds: float
    files: int
    words: int
    peak_total_mb: float
    peak_largest_mb: float
    note: str = ""

    def row(self) -> str:
        return (f"{self.name:<26} {self.seconds:8.1f} s {self.files / self.seconds:9.1f} files/s "
                f"{self.words / self.seconds:10.0f} words/s   peak {self.peak_total_mb:6.0f} MB total, "
                f"{self.peak_largest_mb:5.0f} MB largest process{('   ' + self.note) if self.note else ''}")


class Sampler:
    """Peak resident memory of process trees, sampled in a thread."""

    def __init__(self, roots: list[int]) -> None:
        self.roots = roots
        self.total = 0
        self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        while not self._stop.is_set():
            rss = []
            for pid in self.roots:
                try:
                    proc = psutil.Process(pid)
                    for p in [proc, *proc.children(recursive=True)]:
                        rss.append(p.memory_info().rss)
                except psutil.Error:
                    continue
            if rss:
                self.total = max(self.total, sum(rss))
                self.largest = max(self.largest, max(rss))
            self._stop.wait(0.5)


def check(name: str, corpus: Path, args: list[str], env: dict[str, str], watch: list[int] | None = None) -> Run:
    cmd = [sys.executable, "-m", "nxlint", "check", str(corpus), "--format", "json", "--fail-on", "never", *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with Sampler([proc.pid, *(watch or [])]) as mem:
        out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 2):
        sys.exit(f"{name}: nxlint exited {proc.returncode}\n{err.decode()[-2000:]}")
    summary = json.loads(out)["summary"]
    note = err.decode().strip().splitlines()[-1] if err.strip() else ""
    note = note.split(": ", 1)[-1] if "files in" in note else ""
    rss = (mem.total / 2**20, mem.largest / 2**20)
    if not mem.total:  # no psutil: the largest child the kernel reported
        import resource

        rss = (float("nan"), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return Run(name, seconds, summary["files"], summary["words"], *rss, note=note)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--corpus", type=Path, help="build the corpus here (default: a temporary folder)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--only", choices=["jobs", "dask"], help="only the local runs, or only the Dask run")
    ap.add_argument("--repeat", type=int, default=1, help="run the cold runs N times, alternating, and keep each "
                    "one's fastest (for a machine shared with other work)")
    opts = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nxlint-bench-"))
    corpus = opts.corpus or tmp / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    t0 = time.perf_counter()
    n, size = build_corpus(corpus, opts.files)
    print(f"corpus: {n} drafts, {size / 2**20:.1f} MB, built in {time.perf_counter() - t0:.1f} s ({corpus})")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    env = {**os.environ, "NXLINT_CACHE_DIR": str(tmp / "cache")}
    env.pop("NXLINT_SCHEDULER", None)
    if opts.only != "dask":
        ones, twos = [], []
        for _ in range(opts.repeat):
            ones.append(check("--jobs 1 (cold)", corpus, ["--jobs", "1", "--no-cache"], env))
            twos.append(check("--jobs 2 (cold)", corpus, ["--jobs", "2", "--no-cache"], env))
        one, two = (min(runs, key=lambda r: r.seconds) for runs in (ones, twos))
        if opts.repeat > 1:
            print(f"(fastest of {opts.repeat}; all: --jobs 1 {', '.join(f'{r.seconds:.1f}' for r in ones)} s, "
                  f"--jobs 2 {', '.join(f'{r.seconds:.1f}' for r in twos)} s)")
        print(one.row(), flush=True)
        print(two.row(), flush=True)
        fill = check("--jobs 2 (filling cache)", corpus, ["--jobs", "2"], env)
        print(fill.row(), flush=True)
        warm = check("warm cache rerun", corpus, [], env)
        print(warm.row(), flush=True)
    if opts.only != "jobs" and not opts.skip_dask:
        sys.path.insert(0, str(ROOT))
        from tests.batch_corpus import dask_cluster  # the same real cluster the tests start

        with dask_cluster(tmp / "dask", workers=2) as (address, procs):
            print(check("Dask, 2 workers (cold)", corpus, ["--scheduler", address, "--no-cache"], env,
                        watch=[p.pid for p in procs[1:]]).row(), flush=True)
    if opts.only != "dask":
        print(f"\n--jobs 2 speed-up over --jobs 1: {one.seconds / two.seconds:.2f}x (target 1.7x)")
        print(f"warm cache rerun vs the cold run that filled it: {fill.seconds / warm.seconds:.1f}x faster; "
              f"vs --jobs 1: {one.seconds / warm.seconds:.1f}x (target 10x)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
