"""SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``, Azure DevOps, SARIF viewers).

One run. ``tool.driver.rules`` lists every rule this run applies, with its description,
why it matters, its flagged and passing examples and how to fix it, so a code-scanning
alert teaches the writer the way ``nxlint explain`` does. Each result carries its rule,
level, message, the region of the flagged text (columns count Unicode code points:
``run.columnKind`` says so), the flagged text as snippet and a stable
``partialFingerprints`` value (the baseline fingerprint: rule, path, normalised text and
occurrence, never the line number, so alerts survive edits elsewhere in the file).

Suggestions become ``fixes``. SARIF describes a fix as concrete edits, but most nxlint
suggestions are advice ("add a citation", "say the use is off-label"), not replacement
text. So a fix replaces the flagged span only when the finding carries a literal
replacement (``extra["replacement"]``); otherwise the advice is the fix's description and
its one edit is empty (a zero-length region at the finding's start, nothing inserted),
which the schema requires and which changes nothing if a tool applies it.

Paths are URIs relative to the working directory (``%SRCROOT%``) when the file is
under it, as code scanning expects when nxlint runs from the repository root.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from nxlint import __version__
from nxlint.baseline import fingerprints

if TYPE_CHECKING:
    from nxlint.findings import FileResult, Finding
    from nxlint.lint import Linter

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/nxlint/nxlint"
FINGERPRINT_KEY = "nxlintFingerprint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def artifact_location(path: str, cwd: str | None = None) -> dict[str, str]:
    """A relative URI (with ``uriBaseId``) for files under ``cwd``, else an absolute file URI."""
    if path == "-":
        return {"uri": "-"}
    cwd = cwd or os.getcwd()
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, cwd)
    except ValueError:
        rel = os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return {"uri": Path(full).as_uri()}
    return {"uri": quote(PurePath(rel).as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            text = text[: i + 1]
            break
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _rule_descriptor(code: str, linter: Linter) -> dict[str, Any]:
    from nxlint.suppress import META_RULES

    if code in META_RULES:
        name, what, fix = META_RULES[code]
        sev = linter.meta.get(code, {}).get("severity", "warning")
        what = what[0].upper() + what[1:] + "."
        return {
            "id": code,
            "name": name,
            "shortDescription": {"text": what},
            "fullDescription": {"text": what},
            "help": {"text": f"{what}\n\nHow to fix: {fix}", "markdown": f"{what}\n\n**How to fix:** {fix}"},
            "helpUri": f"{INFORMATION_URI}/blob/main/nxlint/suppress.py",
            "defaultConfiguration": {"level": level(sev)},
            "properties": {"category": "directive", "tags": ["nxlint", "directive"]},
        }
    rule = linter.ruleset.by_code[code]
    sev = linter.config.severity.get(code, rule.severity)
    full = " ".join((rule.description or rule.message).split())
    flagged = [e.text for e in rule.examples if e.flag]
    passed = [e.text for e in rule.examples if not e.flag]
    why = " ".join(rule.why.split())
    text = [full, "", f"Why it matters: {why}"]
    md = [full, "", f"**Why it matters:** {why}"]
    for title, items in (("Flagged", flagged), ("Passes", passed)):
        if items:
            text += ["", f"{title}:"] + [f"  - {t}" for t in items]
            md += ["", f"**{title}:**", ""] + ["- `" + t.replace("`", "'").replace("\n", " ") + "`" for t in items]
    if rule.suggest:
        text += ["", f"How to fix: {rule.suggest}"]
        md += ["", f"**How to fix:** {rule.suggest}"]
    text += ["", f"Silence one finding with <!-- nxlint-disable-next-line {code} -- reason -->."]
    md += ["", f"Silence one finding with `<!-- nxlint-disable-next-line {code} -- reason -->`."]
    props: dict[str, Any] = {"category": rule.category, "kind": rule.kind, "tags": ["nxlint", rule.category]}
    if rule.caveat:
        props["caveat"] = rule.caveat
    desc: dict[str, Any] = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": _first_sentence(full)},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": level(sev)},
        "properties": props,
    }
    uri = _help_uri(rule)
    if uri:
        desc["helpUri"] = uri
    return desc


def _help_uri(rule: Any) -> str | None:
    """The rule's definition in the project's bundled rulesets (custom rulesets have none)."""
    from nxlint.rules import RulesetError, builtin_dir

    try:
        home = builtin_dir().resolve()
        src = Path(rule.loc.file).resolve()
    except (RulesetError, OSError):
        return None
    if src.parent != home:
        return None
    return f"{INFORMATION_URI}/blob/main/rulesets/{src.name}#L{rule.loc.line}"


def _region(line: int, col: int, end_line: int, end_col: int) -> dict[str, int]:
    return {"startLine": max(1, line), "startColumn": max(1, col), "endLine": max(1, end_line),
            "endColumn": max(1, end_col)}


def _fix(f: Finding, location: dict[str, str]) -> dict[str, Any]:
    replacement = f.extra.get("replacement") if f.extra else None
    if isinstance(replacement, str):
        change = {"deletedRegion": _region(f.line, f.column, f.end_line, f.end_column),
                  "insertedContent": {"text": replacement}}
    else:  # advice, not text: an empty edit, the advice in the description
        change = {"deletedRegion": _region(f.line, f.column, f.line, f.column)}
    return {"description": {"text": f.suggestion},
            "artifactChanges": [{"artifactLocation": dict(location), "replacements": [change]}]}


def build(results: list[FileResult], linter: Linter) -> dict[str, Any]:
    """The SARIF log as a dict."""
    codes = [r.code for r in linter.rules] + sorted(linter.meta)
    for f in (f for r in results for f in r.findings):  # a finding of a rule not listed: list it
        if f.rule not in codes:
            codes.append(f.rule)
    descriptors, index = [], {}
    for code in codes:
        if code in index:
            continue
        try:
            d = _rule_descriptor(code, linter)
        except KeyError:
            d = {"id": code, "shortDescription": {"text": code}}
        index[code] = len(descriptors)
        descriptors.append(d)
    fps = fingerprints(results)
    cwd = os.getcwd()
    out = []
    used_srcroot = False
    for r in results:
        for f in r.findings:
            loc = artifact_location(f.path, cwd)
            used_srcroot = used_srcroot or "uriBaseId" in loc
            region = _region(f.line, f.column, f.end_line, f.end_column)
            if f.excerpt:
                region["snippet"] = {"text": f.excerpt}
            text = f.message if not f.suggestion else f"{f.message}. Fix: {f.suggestion}"
            res: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": loc, "region": region}}],
                "partialFingerprints": {FINGERPRINT_KEY: fps[id(f)]},
                "properties": {"category": f.category, "severity": f.severity},
            }
            if f.caveat:
                res["properties"]["caveat"] = f.caveat
            if f.suggestion:
                res["fixes"] = [_fix(f, loc)]
            out.append(res)
    notifications = []
    for r in results:
        if r.error:
            loc = artifact_location(r.path, cwd)
            used_srcroot = used_srcroot or "uriBaseId" in loc
            notifications.append({"level": "error", "message": {"text": r.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": loc}}]})
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "nxlint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": descriptors}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": out,
    }
    if used_srcroot:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": Path(cwd).as_uri().rstrip("/") + "/"}}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    json.dump(build(results, linter), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
