"""``.nxlint_cache/``: one small JSON file per linted file content, so unchanged files
are not analysed again.

The key is the file's content hash plus everything the result depends on: the linter
fingerprint (rulesets, selection, severities, nxlint version), the reader the file's
name selects (the same bytes read as Markdown or as text give different findings), the
spaCy version, and a stamp of nxlint's own source files, so that editing the code of a
rule in a checkout never serves stale results.

Design choices:

- Sharded directories (``v1/ab/abcdef....json``) and one file per entry: no index to
  corrupt, nothing to lock. Writes go to a temporary file in the same directory and
  are moved into place with ``os.replace`` (atomic), so concurrent runs never see a
  half-written entry and the last writer simply wins.
- Every failure to read or write is a miss: the cache is an optimisation, safe to
  delete at any moment (even during a run).
- Results with an error are not stored: they are retried next time.
- A result is stored under its content, not its path; on a hit the path is rewritten,
  so a moved or copied file is a hit too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from nxlint import __version__
from nxlint.findings import FileResult

DIRNAME = ".nxlint_cache"
ENV_DIR = "NXLINT_CACHE_DIR"  # overrides the location (tests, CI caches)
LAYOUT = "v1"


def default_dir(config_source: str | None) -> Path:
    """``$NXLINT_CACHE_DIR``, else next to the configuration file, else the working directory."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    if config_source and Path(config_source).is_file():
        return Path(config_source).resolve().parent / DIRNAME
    return Path.cwd() / DIRNAME


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """Names, sizes and modification times of nxlint's own modules (a few dozen stats)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{os.path.relpath(os.path.join(folder, name), root)}\0{st.st_size}\0{st.st_mtime_ns}\n"
                         .encode())
    return h.hexdigest()[:16]


def _spacy_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("spacy")  # from the package metadata: spaCy itself is not imported
    except metadata.PackageNotFoundError:
        return "?"


class Cache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = Path(root)
        self._salt = "\0".join((LAYOUT, __version__, fingerprint, _spacy_version(), code_stamp()))

    def key(self, sha256: str, path: str, fmt: str | None = None) -> str:
        from nxlint.read import ReadError, reader_for

        try:
            reader = reader_for(fmt, path)
        except ReadError:
            reader = f"?{fmt}"
        return hashlib.sha256(f"{self._salt}\0{reader}\0{sha256}".encode()).hexdigest()

    def _file(self, key: str) -> Path:
        return self.root / LAYOUT / key[:2] / f"{key[2:]}.json"

    def get(self, sha256: str, path: str, fmt: str | None = None) -> FileResult | None:
        try:
            with open(self._file(self.key(sha256, path, fmt)), encoding="utf-8") as fh:
                stored = json.load(fh)
            result = FileResult.from_dict(stored)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if result.sha256 != sha256:
            return None
        return rebase(result, path)

    def put(self, result: FileResult, fmt: str | None = None) -> None:
        if result.error or not result.sha256:
            return
        target = self._file(self.key(result.sha256, result.path, fmt))
        try:
            self._prepare(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(result.to_dict(), fh, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            return  # read-only folder, disk full, deleted mid-run: just no cache

    def _prepare(self, shard: Path) -> None:
        if not self.root.is_dir():
            self.root.mkdir(parents=True, exist_ok=True)
            # like other tools' caches: ignored by git and by backup tools
            (self.root / ".gitignore").write_text("# created by nxlint; safe to delete\n*\n", encoding="utf-8")
            (self.root / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                                                    "# nxlint result cache; safe to delete\n", encoding="utf-8")
        shard.mkdir(parents=True, exist_ok=True)


def rebase(result: FileResult, path: str) -> FileResult:
    """The same result for the same content at another path."""
    old = result.path
    if old == path:
        return result
    result.path = path
    for f in result.findings:
        f.path = path
    prefix = f"{old}:"
    result.warnings = [f"{path}:{w[len(prefix):]}" if w.startswith(prefix) else w for w in result.warnings]
    return result
