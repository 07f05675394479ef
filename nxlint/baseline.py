"""Baselines: record today's findings so that only new ones fail a run.

Editors adopting nxlint on an existing site cannot fix every old page at once. ``nxlint
baseline PATH... -o FILE`` records the current findings; ``nxlint check --baseline FILE``
then reports only findings that are not in it, says how many it suppressed, and lists
the entries that match nothing any more (content that was fixed), so the file shrinks.

Fingerprints do not use line numbers, so edits elsewhere in a file keep them matching.
A finding is identified by

- its rule code,
- its file's path, relative to the project root (the nearest folder above the working
  directory that holds ``.git``, else the working directory), with ``/`` separators,
- its flagged text, normalised (Unicode NFKC, case-folded, whitespace collapsed),
- and its occurrence: the same rule on the same text in the same file, counted in
  document order (0, 1, 2...).

A baseline entry stands for ``count`` such findings that share rule, path and text; its
``fingerprint`` is the hash of those three, and the findings it covers have the
fingerprints ``<fingerprint>:0`` ... ``<fingerprint>:<count - 1>``. Those per-finding
fingerprints are also what the SARIF (``partialFingerprints``) and GitLab
(``fingerprint``) reports carry, so code-scanning tools track a finding the same way.

File format (JSON, sorted, so it diffs well)::

    {"version": 1, "tool": "nxlint 0.1.0",
     "entries": [{"fingerprint": "...", "rule": "NX101", "path": "docs/ldn.md",
                  "excerpt": "cures", "count": 1}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath

from nxlint import __version__
from nxlint.findings import FileResult, Finding

FORMAT_VERSION = 1
_WS = re.compile(r"\s+")


class BaselineError(Exception):
    """A baseline file that is missing or not a baseline; the message is one line naming it."""


# -- fingerprints ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _root_for(cwd: str) -> str:
    here = Path(cwd)
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return str(d)
    return str(here)


def project_root() -> str:
    """The folder fingerprint paths are relative to: the enclosing git work tree (found by
    walking up from the working directory for ``.git``), else the working directory."""
    return _root_for(os.path.abspath(os.getcwd()))


def relative_path(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: the project root), with ``/`` separators;
    paths outside the root stay absolute, and ``-`` (stdin) and its names stay as given."""
    if path == "-":
        return path
    root = root or project_root()
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive on Windows
        return PurePath(full).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return PurePath(full).as_posix()
    return PurePath(rel).as_posix()


def normalise(text: str) -> str:
    """The flagged text as fingerprints see it: NFKC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def group_fingerprint(rule: str, path: str, text: str) -> str:
    """The fingerprint of one rule on one normalised text in one (relative) file."""
    return hashlib.sha256(f"{rule}\0{path}\0{normalise(text)}".encode()).hexdigest()[:32]


@dataclass
class Fingerprinted:
    finding: Finding
    path: str  # relative, posix
    group: str  # rule + path + normalised text
    index: int  # occurrence of that group in the file, in document order

    @property
    def fingerprint(self) -> str:
        return f"{self.group}:{self.index}"


def fingerprint_findings(findings: Iterable[Finding], root: str | None = None) -> Iterator[Fingerprinted]:
    """Each finding with its fingerprint. Occurrences are counted per file in document
    order, so pass all the findings of a file (any order: they are sorted here)."""
    root = root or project_root()
    seen: Counter[str] = Counter()
    rel_cache: dict[str, str] = {}
    for f in sorted(findings, key=Finding.sort_key):
        rel = rel_cache.get(f.path)
        if rel is None:
            rel = rel_cache[f.path] = relative_path(f.path, root)
        group = group_fingerprint(f.rule, rel, f.excerpt)
        yield Fingerprinted(f, rel, group, seen[group])
        seen[group] += 1


def fingerprints(results: Iterable[FileResult], root: str | None = None) -> dict[int, str]:
    """``id(finding) -> fingerprint`` for every finding in ``results`` (for the reports)."""
    root = root or project_root()
    return {id(fp.finding): fp.fingerprint for r in results for fp in fingerprint_findings(r.findings, root)}


# -- the file -------------------------------------------------------------------------------
@dataclass
class Entry:
    fingerprint: str
    rule: str
    path: str
    excerpt: str
    count: int = 1


@dataclass
class Baseline:
    entries: list[Entry] = field(default_factory=list)
    source: str = ""

    def to_json(self) -> str:
        payload = {"version": FORMAT_VERSION, "tool": f"nxlint {__version__}",
                   "entries": [asdict(e) for e in self.entries]}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def record(results: Iterable[FileResult], root: str | None = None) -> Baseline:
    """A baseline of every finding in ``results``."""
    entries: dict[str, Entry] = {}
    for r in results:
        for fp in fingerprint_findings(r.findings, root):
            e = entries.get(fp.group)
            if e is None:
                entries[fp.group] = Entry(fp.group, fp.finding.rule, fp.path, fp.finding.excerpt, 1)
            else:
                e.count += 1
    return Baseline(sorted(entries.values(), key=lambda e: (e.path, e.rule, normalise(e.excerpt), e.fingerprint)))


def write(baseline: Baseline, path: str | Path) -> None:
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(baseline.to_json(), encoding="utf-8")
    os.replace(tmp, p)


def load(path: str | Path) -> Baseline:
    """Read and validate a baseline file; any problem is a :class:`BaselineError`."""
    where = f"baseline {path}"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{where}: no such file (create it with: nxlint baseline PATH... -o {path})") from None
    except IsADirectoryError:
        raise BaselineError(f"{where}: is a folder, not a baseline file") from None
    except OSError as e:
        raise BaselineError(f"{where}: cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{where}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BaselineError(f"{where}: not valid JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{where}: not an nxlint baseline (expected an object with an 'entries' list)")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise BaselineError(f"{where}: unsupported baseline version {version!r} (this nxlint reads "
                            f"{FORMAT_VERSION}; re-create it with nxlint baseline)")
    entries = []
    for i, item in enumerate(data["entries"]):
        ok = (isinstance(item, dict) and isinstance(item.get("fingerprint"), str) and item["fingerprint"]
              and isinstance(item.get("count", 1), int) and not isinstance(item.get("count", 1), bool)
              and item.get("count", 1) >= 1)
        if not ok:
            raise BaselineError(f"{where}: entry {i + 1} is malformed (needs a 'fingerprint' string and a "
                                "positive 'count')")
        entries.append(Entry(item["fingerprint"], str(item.get("rule", "")), str(item.get("path", "")),
                             str(item.get("excerpt", "")), int(item.get("count", 1))))
    merged: dict[str, Entry] = {}  # a hand-merged file may repeat an entry: add the counts up
    for e in entries:
        if e.fingerprint in merged:
            merged[e.fingerprint].count += e.count
        else:
            merged[e.fingerprint] = e
    return Baseline(list(merged.values()), str(path))


# -- applying it ----------------------------------------------------------------------------
@dataclass
class Stale:
    """A baseline entry (or part of one) that matched nothing in this run."""

    entry: Entry
    missing: int  # how many of its ``count`` findings are gone

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self.entry), "missing": self.missing}

    def describe(self) -> str:
        part = f" ({self.missing} of {self.entry.count})" if self.entry.count > 1 else ""
        return f"{self.entry.path}: {self.entry.rule} {self.entry.excerpt!r}{part}"


@dataclass
class Outcome:
    suppressed: int = 0
    stale: list[Stale] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"file": self.source, "suppressed": self.suppressed, "stale": [s.to_dict() for s in self.stale]}


def apply(results: list[FileResult], baseline: Baseline, root: str | None = None) -> Outcome:
    """Drop the findings the baseline covers (in place) and work out its stale entries.

    Only entries for files linted in this run can be stale: a pre-commit run over two
    files says nothing about the baseline's other files. Files that failed to lint are
    left out too.
    """
    root = root or project_root()
    allowed = {e.fingerprint: e.count for e in baseline.entries}
    matched: Counter[str] = Counter()
    outcome = Outcome(source=baseline.source)
    linted: set[str] = set()
    for r in results:
        if r.error:
            continue
        linted.add(relative_path(r.path, root))
        kept = []
        for fp in fingerprint_findings(r.findings, root):
            if fp.index < allowed.get(fp.group, 0):
                matched[fp.group] += 1
                outcome.suppressed += 1
            else:
                kept.append(fp.finding)
        if len(kept) != len(r.findings):
            kept_ids = {id(f) for f in kept}
            r.findings = [f for f in r.findings if id(f) in kept_ids]  # keep the original order
    for e in baseline.entries:
        if e.path in linted and matched[e.fingerprint] < e.count:
            outcome.stale.append(Stale(e, e.count - matched[e.fingerprint]))
    return outcome
