"""Helpers for the batch tests (and benchmarks/batch.py): a small corpus made from the
examples, a CLI runner whose cache lives in the test's own folder (tests run in parallel
under xdist), and a real local Dask cluster started with the ``dask`` command."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

INLINE = {
    "clinic.md": "# LDN clinic\n\nLow-dose naltrexone cures fibromyalgia and has no side effects.\n\n"
                 "Book your consultation today and get 20% off your first month.\n",
    "leaflet.txt": "Naltrexone may help some people drink less alcohol [1].\n\n"
                   "Talk to your doctor before starting naltrexone.\n\n[1] Example reference, 2020.\n",
    "post.html": "<html><body><h1>LDN and long COVID</h1><p>Studies show LDN reverses long COVID in weeks."
                 "</p><p>Everyone should try it.</p></body></html>\n",
}


def sources() -> list[tuple[str, str]]:
    """(suffix, text) of every seed draft: the examples and a few inline drafts."""
    seeds = [(p.suffix, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*"))
             if p.suffix in (".md", ".txt", ".html")]
    seeds += [(Path(name).suffix, text) for name, text in INLINE.items()]
    return seeds


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` drafts (distinct contents) in two subfolders of ``folder``."""
    seeds = sources()
    out = []
    for i in range(n):
        suffix, text = seeds[i % len(seeds)]
        sub = folder / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"draft-{i:03d}{suffix}"
        extra = f"\n\nDraft {i}: naltrexone is a cure for {['depression', 'fibromyalgia', 'long COVID'][i % 3]}.\n"
        if suffix == ".html":
            text = text.replace("</body>", f"<p>{extra.strip()}</p></body>")
        else:
            text += extra
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def nx(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None,
       timeout: float = 240) -> subprocess.CompletedProcess:
    """``python -m nxlint ARGS`` in ``cwd`` with the cache in ``cwd/.cache`` unless ``env`` says otherwise."""
    full = {**os.environ, "NXLINT_CACHE_DIR": str(cwd / ".cache"), **(env or {})}
    full.pop("NXLINT_SCHEDULER", None)
    if env and "NXLINT_SCHEDULER" in env:
        full["NXLINT_SCHEDULER"] = env["NXLINT_SCHEDULER"]
    return subprocess.run([sys.executable, "-m", "nxlint", *args], cwd=cwd, env=full, input=stdin,
                          capture_output=True, timeout=timeout)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record_set(path: Path) -> set[str]:
    """The records of a jsonl file, as a set of canonical JSON strings."""
    return {json.dumps(r, sort_keys=True) for r in records(path)}


DASK = Path(sys.executable).parent / "dask"


@contextlib.contextmanager
def dask_cluster(folder: Path, workers: int = 2) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A ``dask scheduler`` on a free port of 127.0.0.1 and ``workers`` one-thread ``dask worker``
    processes, connected; yields (address, [scheduler, workers...]); logs in ``folder/logs``."""
    from distributed import Client

    info, logs = folder / "scheduler.json", folder / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen] = []

    def start(name: str, *args: str) -> None:
        with open(logs / f"{name}.log", "wb") as log:
            procs.append(subprocess.Popen([str(DASK), *args], cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(info))
        deadline = time.monotonic() + 60
        address = None
        while time.monotonic() < deadline and address is None:
            try:
                address = json.loads(info.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.2)
        if address is None:
            raise RuntimeError("the Dask scheduler did not start:\n" + (logs / "scheduler.log").read_text())
        for i in range(1, workers + 1):
            start(f"worker{i}", "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                  "--host", "127.0.0.1", "--local-directory", str(folder / f"worker{i}"))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, procs
    finally:
        for p in procs:  # each was started in its own session: its group is it and its children
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
