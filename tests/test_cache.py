"""The result cache: unchanged files are not analysed again (and spaCy is not even
imported), the key covers everything a result depends on, and concurrent runs and a
deleted cache are harmless."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from nxlint.batch.cache import Cache, default_dir
from nxlint.findings import FileResult, Finding
from tests.batch_corpus import make_corpus, nx

WARM = """
import atexit, sys
atexit.register(lambda: sys.stderr.write(f"\\nSPACY-LOADED: {'spacy' in sys.modules}\\n"))
from nxlint.cli import main
main(sys.argv[1:])
"""


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("v1/*/*.json"))


def test_a_warm_run_analyses_nothing_and_never_imports_spacy(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 8)
    cold = nx("check", "docs", "--format", "json", cwd=tmp_path)
    assert cold.returncode == 1, cold.stderr.decode()
    assert len(entries(tmp_path / ".cache")) == 8
    env = {**os.environ, "NXLINT_CACHE_DIR": str(tmp_path / ".cache")}
    warm = subprocess.run([sys.executable, "-c", WARM, "check", "docs", "--format", "json"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert warm.returncode == 1, warm.stderr.decode()
    assert "SPACY-LOADED: False" in warm.stderr.decode()
    assert warm.stdout == cold.stdout
    # ... whereas a cold run does load it (the check above can fail)
    uncached = subprocess.run([sys.executable, "-c", WARM, "check", "docs", "--format", "json", "--no-cache"],
                              cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert "SPACY-LOADED: True" in uncached.stderr.decode()
    assert uncached.stdout == cold.stdout


def test_no_cache_writes_nothing_and_a_deleted_cache_is_rebuilt(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 2)
    nx("check", "docs", "--no-cache", cwd=tmp_path)
    assert not (tmp_path / ".cache").exists()
    first = nx("check", "docs", "--format", "jsonl", cwd=tmp_path)
    assert (tmp_path / ".cache" / "CACHEDIR.TAG").is_file()
    shutil.rmtree(tmp_path / ".cache")
    second = nx("check", "docs", "--format", "jsonl", cwd=tmp_path)
    assert second.stdout == first.stdout and len(entries(tmp_path / ".cache")) == 2
    third = nx("check", "docs", "--format", "jsonl", cwd=tmp_path)
    assert "2 from cache" in third.stderr.decode() and third.stdout == first.stdout


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 6)
    env = {**os.environ, "NXLINT_CACHE_DIR": str(tmp_path / ".cache")}
    args = [sys.executable, "-m", "nxlint", "check", "docs", "--format", "json", "--jobs", "1"]
    procs = [subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], outs[0][1].decode()
    assert outs[0][0] == outs[1][0]
    assert len(entries(tmp_path / ".cache")) == 6
    assert not list((tmp_path / ".cache").rglob(".tmp-*"))  # no temporary file left behind
    warm = nx("check", "docs", "--format", "json", cwd=tmp_path)
    assert warm.stdout == outs[0][0]


def _result(path: str, sha: str = "ab" * 32) -> FileResult:
    f = Finding(path=path, line=1, column=1, end_line=1, end_column=5, rule="NX101", name="absolute-claim",
                category="unsupported-claim", severity="error", message="m", excerpt="cure", start=0, end=4)
    return FileResult(path=path, findings=[f], warnings=[f"{path}: not valid UTF-8"], words=3, sha256=sha)


def test_the_key_is_content_rules_and_reader_not_path(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c", "fp1")
    cache.put(_result("a/one.md"))
    moved = cache.get("ab" * 32, "b/two.md")
    assert moved is not None and moved.path == "b/two.md" and moved.findings[0].path == "b/two.md"
    assert moved.warnings == ["b/two.md: not valid UTF-8"]
    assert cache.get("ab" * 32, "one.txt") is None  # same bytes read as plain text: another result
    assert cache.get("cd" * 32, "a/one.md") is None  # other content
    assert Cache(tmp_path / "c", "fp2").get("ab" * 32, "a/one.md") is None  # other rules or selection
    failed = FileResult(path="x.md", error="x.md: internal error", sha256="ef" * 32)
    cache.put(failed)
    assert cache.get("ef" * 32, "x.md") is None  # errors are retried, never cached
    # a damaged entry is a miss, not a crash
    for entry in entries(tmp_path / "c"):
        entry.write_text("{not json", encoding="utf-8")
    assert cache.get("ab" * 32, "a/one.md") is None


def test_writes_are_atomic_under_concurrency(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c", "fp")
    seen: list[object] = []

    def writer() -> None:
        for _ in range(150):
            cache.put(_result("a.md"))

    def reader() -> None:
        for _ in range(300):
            got = cache.get("ab" * 32, "a.md")
            seen.append(None if got is None else json.dumps(got.to_dict(), sort_keys=True))

    threads = [threading.Thread(target=writer) for _ in range(3)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    complete = json.dumps(_result("a.md").to_dict(), sort_keys=True)
    assert {s for s in seen if s is not None} <= {complete}
    assert cache.get("ab" * 32, "a.md") is not None
    assert [p.name for p in (tmp_path / "c").rglob("*") if p.name.startswith(".tmp-")] == []


def test_the_cache_lives_next_to_the_config_or_in_the_working_directory(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("NXLINT_CACHE_DIR", raising=False)
    config = tmp_path / "site" / ".nxlint.yaml"
    config.parent.mkdir()
    config.write_text("fail-on: error\n", encoding="utf-8")
    assert default_dir(str(config)) == config.parent.resolve() / ".nxlint_cache"
    monkeypatch.chdir(tmp_path)
    assert default_dir(None) == tmp_path / ".nxlint_cache"
    monkeypatch.setenv("NXLINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_dir(str(config)) == tmp_path / "elsewhere"
