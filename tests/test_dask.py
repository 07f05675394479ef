"""Scale-out: the same scan on a real Dask cluster (a scheduler and two workers started
here on 127.0.0.1) gives the same findings as a local run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.batch_corpus import DASK, dask_cluster, make_corpus, nx, records


@pytest.mark.slow
def test_a_scan_on_a_dask_cluster_equals_the_local_run(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    if not DASK.exists():
        pytest.skip(f"no dask command next to {sys.executable}")
    from distributed import Client

    make_corpus(tmp_path / "docs", 40)  # enough for tasks of two files each (see Cluster.batch)
    local = nx("check", "docs", "--format", "json", "--no-cache", "--jobs", "1", cwd=tmp_path)
    assert local.returncode == 1, local.stderr.decode()

    with dask_cluster(tmp_path / "cluster", workers=2) as (address, _), Client(address, timeout=30) as client:
        remote = nx("check", "docs", "--format", "json", "--no-cache", "--scheduler", address, cwd=tmp_path)
        assert remote.returncode == 1, remote.stderr.decode()
        assert json.loads(remote.stdout) == json.loads(local.stdout)
        assert remote.stdout == local.stdout
        assert "Dask, 2 workers" in remote.stderr.decode()

        # both workers built one Linter (one pipeline) and kept it
        def kept() -> int:
            from nxlint.batch import worker

            return len(worker._linters)

        assert sorted(client.run(kept).values()) == [1, 1]

        # the environment variable, streaming into jsonl
        streamed = nx("check", "docs", "--format", "jsonl", "-o", "r.jsonl", "--no-cache", cwd=tmp_path,
                      env={"NXLINT_SCHEDULER": address})
        assert streamed.returncode == 1, streamed.stderr.decode()
        recs = records(tmp_path / "r.jsonl")
        assert len(recs) == 40
        found = sorted(json.dumps(f, sort_keys=True) for r in recs for f in r["findings"])
        assert found == sorted(json.dumps(f, sort_keys=True) for f in json.loads(local.stdout)["findings"])


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    make_corpus(tmp_path / "docs", 1)
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = nx("check", "docs", "--no-cache", "--scheduler", f"tcp://127.0.0.1:{port}", cwd=tmp_path,
           env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"})
    assert r.returncode == 2
    assert "cannot reach the Dask scheduler" in r.stderr.decode()


class _Future:
    def __init__(self, value: object) -> None:
        self.value, self.status = value, "finished"

    def result(self) -> object:
        if isinstance(self.value, Exception):
            raise self.value
        return self.value

    def release(self) -> None:
        pass


def test_a_failed_batch_is_retried_file_by_file_so_only_the_culprit_fails() -> None:
    from nxlint.batch.cluster import Cluster
    from nxlint.batch.runner import Item
    from nxlint.findings import FileResult

    class KilledWorker(Exception):
        pass

    sent: list[list[str]] = []

    class FakeClient:
        def submit(self, fn, linter, version, pairs, **kw):  # noqa: ANN001, ANN003, ANN201
            sent.append([p for p, _ in pairs])
            if any("culprit" in p for p, _ in pairs):
                return _Future(KilledWorker("worker died 3 times"))
            return _Future([FileResult(path=p) for p, _ in pairs])

    class FakeCompleted:
        def add(self, fut: object) -> None:
            pass

    cluster = Cluster.__new__(Cluster)
    cluster.client, cluster._linter, cluster._done = FakeClient(), None, FakeCompleted()
    cluster._run, cluster._seq, cluster._futures, cluster._pending, cluster._queued = "t", 0, {}, [], 0
    cluster.batch = 3
    items = [Item(i, name, name, data=b"x") for i, name in enumerate(["a.md", "culprit.md", "b.md"])]
    for item in items:
        cluster.submit(item)
    assert sent == [["a.md", "culprit.md", "b.md"]] and len(cluster) == 3
    (batch,) = list(cluster._futures)
    assert cluster._results(batch) == []  # the batch failed: its files go out again, one per task
    assert sent[1:] == [["a.md"], ["culprit.md"], ["b.md"]] and len(cluster) == 3
    out = {}
    for fut in list(cluster._futures):
        for item, result in cluster._results(fut):
            out[item.path] = result
    assert len(cluster) == 0
    assert out["a.md"].error is None and out["b.md"].error is None
    assert "failed on the Dask cluster (KilledWorker" in out["culprit.md"].error
