"""Batch scans: --jobs gives the same output as one process, jsonl streams and resumes,
Ctrl-C stops cleanly, and neither a bad file nor a dying worker loses a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nxlint.batch import BatchOptions, run_batch
from nxlint.batch.jsonl import JsonlSink
from nxlint.findings import FileResult
from nxlint.lint import Linter
from tests.batch_corpus import make_corpus, nx, record_set, records


def test_jobs_2_output_identical_to_jobs_1(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 14)
    (tmp_path / "stdin.md").write_text("LDN cures depression. Buy now!\n", encoding="utf-8")
    outs = {}
    for jobs in ("1", "2"):  # the JSON report lists every finding in output order
        r = nx("check", "docs", "-", "--stdin-filename", "piped.md", "--no-cache", "--jobs", jobs, "--format", "json",
               cwd=tmp_path, stdin=(tmp_path / "stdin.md").read_bytes())
        assert r.returncode == 1, r.stderr.decode()
        outs[jobs] = r.stdout.decode()
    assert outs["1"] == outs["2"]
    data = json.loads(outs["2"])
    assert data["summary"]["files"] == 15
    assert {f["path"] for f in data["findings"]} >= {"piped.md"}
    paths = [f["path"] for f in data["findings"]]
    assert paths[-1] == "piped.md"  # input order: the folder first, then stdin
    s = data["summary"]
    assert s["files_ok"] + s["files_with_findings"] + s["files_failed"] + s["files_skipped"] == s["files"]


def test_jsonl_one_flushed_record_per_file(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "docs", 6)
    (tmp_path / "docs" / "broken.docx").write_bytes(b"this is not a zip archive")
    r = nx("check", "docs", "--format", "jsonl", "--output", "out/results.jsonl", "--jobs", "2", cwd=tmp_path)
    assert r.returncode == 2, r.stderr.decode()  # a file failed
    recs = records(tmp_path / "out" / "results.jsonl")
    assert len(recs) == len(files) + 1
    by_path = {rec["path"]: rec for rec in recs}
    bad = by_path["docs/broken.docx"]
    assert bad["status"] == "failed" and "not a valid .docx" in bad["error"]
    for rec in recs:
        assert len(rec["sha256"]) == 64 and rec["fingerprint"] and rec["nxlint"]
        assert rec["status"] in ("ok", "findings", "failed", "skipped")
        FileResult.from_dict(rec)  # the record is a FileResult
    err = r.stderr.decode()
    assert "ok" in err and "with findings" in err and "1 failed" in err  # the summary on stderr
    # the terminal gets the totals and where the records are, not thousands of findings
    out = r.stdout.decode()
    assert "recorded in out/results.jsonl" in out and "nxlint report" in out
    assert not any(line.startswith("docs/") for line in out.splitlines())


def test_a_streamed_scan_counts_without_holding_findings(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 8)
    # the JSON report holds every finding; the jsonl scan must report the same totals and exit code
    full = nx("check", "docs", "--no-cache", "--format", "json", cwd=tmp_path)
    expected = len(json.loads(full.stdout)["findings"])
    streamed = nx("check", "docs", "--no-cache", "--format", "jsonl", "--output", "scan.jsonl", cwd=tmp_path)
    assert streamed.returncode == full.returncode == 1
    assert f"{expected} findings in 8 files recorded in scan.jsonl" in streamed.stdout.decode()
    assert streamed.stdout.decode().count("\n") == 1
    strict = nx("check", "docs", "--no-cache", "--format", "jsonl", "--output", "s2.jsonl", "--fail-on", "error",
                cwd=tmp_path)
    has_error = any(f["severity"] == "error" for f in json.loads(full.stdout)["findings"])
    assert strict.returncode == (1 if has_error else 0)
    # in process: what the run keeps of each file is counts, the findings are in the file only
    files = sorted(str(p) for p in (tmp_path / "docs").rglob("*.*"))
    sink = JsonlSink("fp", path=str(tmp_path / "s3.jsonl"))
    outcome = run_batch(files, Linter(), BatchOptions(jobs=1, sink=sink, quiet=True, keep_findings=False))
    assert all(not r.findings for r in outcome.results)
    assert sum(r.finding_count for r in outcome.results) == expected
    assert sum(len(rec["findings"]) for rec in records(tmp_path / "s3.jsonl")) == expected


def test_resume_after_a_cut_run_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 12)
    full = nx("check", "docs", "--format", "jsonl", "-o", "full.jsonl", "--no-cache", cwd=tmp_path)
    assert full.returncode == 1, full.stderr.decode()
    expected = record_set(tmp_path / "full.jsonl")
    # a run killed after 5 files, mid-write of the 6th, with a stale record of another ruleset
    lines = (tmp_path / "full.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    stale = json.loads(lines[7])
    stale["fingerprint"] = "0" * 16
    cut = "".join(lines[:5]) + json.dumps(stale) + "\n" + lines[5][:40]
    (tmp_path / "part.jsonl").write_text(cut, encoding="utf-8")
    r = nx("check", "docs", "--format", "jsonl", "-o", "part.jsonl", "--resume", "--no-cache", cwd=tmp_path)
    assert r.returncode == 1, r.stderr.decode()
    assert record_set(tmp_path / "part.jsonl") == expected
    assert len(records(tmp_path / "part.jsonl")) == len(expected)
    assert "dropped 1 record" in r.stderr.decode()
    # resuming a finished run lints nothing and changes nothing
    before = (tmp_path / "part.jsonl").read_bytes()
    again = nx("check", "docs", "--format", "jsonl", "-o", "part.jsonl", "--resume", "--no-cache", cwd=tmp_path)
    assert "12 resumed" in again.stderr.decode()
    assert (tmp_path / "part.jsonl").read_bytes() == before
    # a changed file is linted again, its old record replaced
    changed = tmp_path / "docs" / "a" / "draft-001.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLDN cures everything.\n", encoding="utf-8")
    nx("check", "docs", "--format", "jsonl", "-o", "part.jsonl", "--resume", "--no-cache", cwd=tmp_path)
    recs = records(tmp_path / "part.jsonl")
    assert len(recs) == 12 and sum(r["path"] == "docs/a/draft-001.md" for r in recs) == 1


def test_resume_needs_a_jsonl_output(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 1)
    r = nx("check", "docs", "--resume", cwd=tmp_path)
    assert r.returncode == 2 and "--resume needs --format jsonl --output" in r.stderr.decode()


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    make_corpus(tmp_path / "docs", 160)
    env = {**os.environ, "NXLINT_CACHE_DIR": str(tmp_path / ".cache")}
    args = [sys.executable, "-m", "nxlint", "check", "docs", "--format", "jsonl", "-o", "r.jsonl", "--jobs", "2",
            "--no-cache"]
    proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    out = tmp_path / "r.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 4:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    workers = _children(proc.pid)
    assert workers, "no worker processes"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: to the whole process group, workers included
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "--resume" in err and "r.jsonl" in err
    assert "Traceback" not in err
    done = records(out)  # every line is a whole record
    assert 4 <= len(done) < 160
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
                                              for p in workers):
        time.sleep(0.1)
    assert not [p for p in workers if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
    # finish it
    r = nx("check", "docs", "--format", "jsonl", "-o", "r.jsonl", "--resume", "--no-cache", cwd=tmp_path)
    assert r.returncode == 1, r.stderr.decode()
    recs = records(out)
    assert len(recs) == 160 and len({r["path"] for r in recs}) == 160
    assert f"{len(done)} resumed" in r.stderr.decode()


def test_a_worker_that_dies_is_detected_retried_and_its_file_recorded(tmp_path: Path) -> None:
    make_corpus(tmp_path / "docs", 9)
    (tmp_path / "docs" / "crashme.md").write_text("LDN cures depression.\n", encoding="utf-8")
    ok = nx("check", "docs", "--format", "json", "--jobs", "1", "--no-cache", cwd=tmp_path)
    r = nx("check", "docs", "--format", "json", "--jobs", "2", "--no-cache", cwd=tmp_path,
           env={"NXLINT_TEST_CRASH_ON": "crashme"})
    assert r.returncode == 2, r.stderr.decode()
    data, expected = json.loads(r.stdout), json.loads(ok.stdout)
    assert data["summary"]["files"] == 10 and data["summary"]["files_failed"] == 1
    assert [e["path"] for e in data["errors"]] == ["docs/crashme.md"]
    assert "worker process died" in data["errors"][0]["error"]
    # every other file was linted (the ones in flight with the crash were retried), with the same findings
    assert data["findings"] == [f for f in expected["findings"] if f["path"] != "docs/crashme.md"]
    assert "worker restarts" in r.stderr.decode()


class BoomLinter(Linter):
    """A linter whose analysis raises on one file (a rule bug), for the parallel path."""

    def lint_document(self, doc):  # noqa: ANN001, ANN201
        if "boom" in doc.path:
            raise ValueError("a rule blew up")
        return super().lint_document(doc)


def test_a_rule_that_raises_gives_an_error_record_in_the_parallel_path(tmp_path: Path) -> None:
    files = [str(p) for p in make_corpus(tmp_path, 5)]
    boom = tmp_path / "boom.md"
    boom.write_text("LDN cures depression.\n", encoding="utf-8")
    files.insert(2, str(boom))
    files.append(str(tmp_path / "missing.md"))  # gone between discovery and reading
    sink_path = tmp_path / "r.jsonl"
    linter = BoomLinter()
    sink = JsonlSink(linter.fingerprint, path=str(sink_path))
    outcome = run_batch(files, linter, BatchOptions(jobs=2, sink=sink, quiet=True))
    assert outcome.backend == "processes"
    assert [r.path for r in outcome.results] == files  # input order
    errors = {r.path: r.error for r in outcome.results if r.error}
    assert set(errors) == {str(boom), str(tmp_path / "missing.md")}
    assert "ValueError: a rule blew up" in errors[str(boom)]
    assert outcome.counts["failed"] == 2 and outcome.counts["with_findings"] >= 4
    assert len(records(sink_path)) == 7


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import pty

    make_corpus(tmp_path / "docs", 3)
    plain = nx("check", "docs", "--jobs", "1", cwd=tmp_path)
    assert "files/s" not in plain.stderr.decode()
    env = {**os.environ, "NXLINT_CACHE_DIR": str(tmp_path / ".cache"), "TERM": "xterm", "COLUMNS": "160"}
    env.pop("NO_COLOR", None)
    for quiet in (False, True):
        master, slave = pty.openpty()
        args = [sys.executable, "-m", "nxlint", "check", "docs", "--jobs", "1", "--no-cache"] + (["-q"] if quiet
                                                                                                 else [])
        proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
        os.close(master)
        tty = b"".join(chunks).decode(errors="replace")
        if quiet:
            assert "files/s" not in tty and "3/3" not in tty
        else:
            assert "3/3" in tty and "files/s" in tty and "findings" in tty and "ETA" in tty
