"""The linter: read -> analyse -> rules -> suppress, for one document at a time.

``Linter`` loads and validates the rulesets up front (so a broken ruleset stops the run
before any file), builds the spaCy pipeline once on first use, and turns each file
into a :class:`FileResult` that never raises for a bad file: the error is recorded and
the run goes on.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from nxlint import suppress
from nxlint.config import Config
from nxlint.findings import FileResult, Finding
from nxlint.read import BinaryFile, Document, ReadError, read_bytes, read_file_bytes
from nxlint.rules import Rule, Ruleset, RulesetError, load_ruleset

_WS = re.compile(r"\s+")
SENTENCE_CATEGORIES = {"unsupported-claim", "uncited-assertion", "factual-error"}


class Linter:
    def __init__(self, config: Config | None = None, ruleset: Ruleset | None = None) -> None:
        self.config = config or Config()
        self.ruleset = ruleset or load_ruleset(self.config.rulesets, self.config.builtin)
        self.rules: list[Rule] = [r for r in self.ruleset.rules if r.enabled and self.config.selects(r.code)]
        self.known = set(self.ruleset.by_code) | set(suppress.META_RULES)
        for key in ("select", "ignore"):
            for prefix in getattr(self.config, key):
                if not any(code.startswith(prefix) for code in self.known):
                    raise RulesetError(f"{key} names {prefix!r}, which matches no rule (see: nxlint rules)")
        self.meta = {code: {"name": name, "category": "directive",
                            "severity": self.config.severity.get(code, "warning")}
                     for code, (name, _, _) in suppress.META_RULES.items() if self.config.selects(code)}

    @property
    def fingerprint(self) -> str:
        """Identifies what a cached result depends on: nxlint, rulesets and selection."""
        sel = ",".join(sorted(r.code for r in self.rules)) + repr(sorted(self.config.severity.items()))
        return hashlib.sha256((self.ruleset.fingerprint + sel).encode()).hexdigest()[:16]

    # -- one document ---------------------------------------------------------------------
    def lint_document(self, doc: Document) -> list[Finding]:
        from nxlint.analyse.analysis import analyse

        analysis = analyse(doc, self.ruleset.nlp, self.ruleset.evasion_tables)
        findings: list[Finding] = []
        in_scope = not self.ruleset.scope or any(analysis.mentions(c) for c in self.ruleset.scope)
        if in_scope:
            for rule in self.rules:
                for hit in rule.check(analysis):
                    findings.append(self._finding(doc, analysis, rule, hit))
        findings = suppress.apply(doc, _dedupe(findings), self.known, self.meta)
        findings.sort(key=Finding.sort_key)
        return findings

    def _finding(self, doc: Document, analysis, rule: Rule, hit) -> Finding:  # noqa: ANN001
        start, end = hit.start, hit.end
        if rule.category in SENTENCE_CATEGORIES and rule.kind in ("claim", "phrase", "fact"):
            # claims, assertions and false statements are judged by the sentence: report the
            # whole sentence, so the finding starts where the sentence starts (the message
            # names the words)
            sent = analysis.sentence_at(start)
            if sent is not None:
                start, end = min(start, sent.start), max(end, sent.end)
        elif rule.category == "commercial" and rule.kind == "phrase":
            # a sales phrase keeps its own span, but one inside a sentence wrapped from an
            # earlier line starts where the sentence starts, as a reviewer marks it
            sent = analysis.sentence_at(start)
            if sent is not None:
                first, here = analysis.to_source(sent.start, start)
                if doc.position(first)[0] < doc.position(here)[0]:
                    start = sent.start
        s, e = analysis.to_source(start, end)
        (l1, c1), (l2, c2) = doc.position(s), doc.position(e)
        values = hit.values
        if values.get("match") and values["match"] == analysis.text[hit.start:hit.end]:
            # quote the writer's own words ("twenty-five milligrams", "n4ltrex0ne"), not the
            # normalised reading the checks matched ("25 milligrams", "naltrexone")
            values["match"] = _WS.sub(" ", doc.text[slice(*analysis.to_source(hit.start, hit.end))]).strip()
        severity = self.config.severity.get(rule.code) or values.get("_severity") or rule.severity
        excerpt = _WS.sub(" ", doc.source[s:e]).strip()
        if len(excerpt) > 200:
            excerpt = excerpt[:197] + "..."
        values.setdefault("match", excerpt)
        return Finding(path=doc.path, line=l1, column=c1, end_line=l2, end_column=c2, rule=rule.code,
                       name=rule.name, category=rule.category, severity=severity,
                       message=rule.render(rule.message, values), excerpt=excerpt,
                       suggestion=rule.render(rule.suggest, values), caveat=rule.caveat, grade=hit.grade,
                       start=s, end=e)

    # -- files ------------------------------------------------------------------------------
    def lint_bytes(self, data: bytes, path: str, fmt: str | None = None) -> FileResult:
        result = FileResult(path=path, sha256=hashlib.sha256(data).hexdigest())
        try:
            doc = read_bytes(data, path, fmt)
        except BinaryFile as e:
            result.skipped = True
            result.warnings.append(str(e))
            return result
        except ReadError as e:
            result.error = str(e)
            return result
        return self._run(doc, result)

    def lint_path(self, path: str | Path, fmt: str | None = None) -> FileResult:
        try:
            data = read_file_bytes(path)
        except ReadError as e:
            return FileResult(path=str(path), error=str(e))
        return self.lint_bytes(data, str(path), fmt)

    def _run(self, doc: Document, result: FileResult) -> FileResult:
        result.warnings.extend(doc.warnings)
        result.words = doc.words()
        try:
            result.findings = self.lint_document(doc)
        except RulesetError:
            raise  # a broken ruleset (found when the pipeline is built) stops the whole run: exit 2
        except Exception as e:  # a rule or the analysis failed on this file: record it, go on
            result.error = f"{doc.path}: internal error while linting ({type(e).__name__}: {e})"
        return result


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place per rule: overlapping hits of a rule keep the longest."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.rule, f.start, -(f.end - f.start))):
        last = out[-1] if out else None
        if last is not None and last.rule == f.rule and f.start < max(last.end, last.start + 1):
            continue
        out.append(f)
    return out
