"""``nxlint explain``: a rule's documentation, in the spirit of ``ruff rule``: what it
does, why it matters, examples that are flagged and that pass, and how to fix."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from nxlint.suppress import META_RULES

if TYPE_CHECKING:
    from nxlint.lint import Linter


def _wrap(text: str) -> str:
    return "\n".join(textwrap.fill(p, 88, break_long_words=False, break_on_hyphens=False)
                     for p in text.split("\n\n"))


def explain_rule(linter: Linter, code: str) -> str | None:
    if code in META_RULES:
        name, what, fix = META_RULES[code]
        return (f"# {code} {name} (directive, warning)\n\n## What it does\n{_wrap(what)}.\n\n"
                f"## How to fix\n{_wrap(fix)}\n")
    rule = linter.ruleset.by_code.get(code)
    if rule is None:
        return None
    sev = linter.config.severity.get(code, rule.severity)
    out = [f"# {rule.code} {rule.name} ({rule.category}, {sev})", ""]
    if rule.caveat:
        out += [f"Caveat: {rule.caveat}", ""]
    what = rule.description or re.sub(r"\{\w+\}", "…", rule.message)  # a template's placeholders mean nothing here
    out += ["## What it does", _wrap(what), "", "## Why it matters", _wrap(rule.why), ""]
    flagged = [e.text for e in rule.examples if e.flag]
    passed = [e.text for e in rule.examples if not e.flag]
    if flagged:
        out += ["## Flagged"] + [f"    {t}".replace("\n", "\n    ") for t in flagged] + [""]
    if passed:
        out += ["## Passes"] + [f"    {t}".replace("\n", "\n    ") for t in passed] + [""]
    if rule.suggest:
        out += ["## How to fix", _wrap(rule.suggest), ""]
    out += [f"Kind: {rule.kind}. Defined in {rule.loc.file}:{rule.loc.line}.",
            f"Silence one finding with <!-- nxlint-disable-next-line {rule.code} -- reason -->."]
    return "\n".join(out)
