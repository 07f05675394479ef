"""Every example of every rule, run as LanguageTool runs its rule examples: each
``flag`` text must draw a finding from that rule, each ``pass`` text none."""

from __future__ import annotations

import pytest

from nxlint.rules import load_ruleset

RULESET = load_ruleset()
CASES = [pytest.param(rule.code, ex.text, ex.flag, id=f"{rule.code}-{'flag' if ex.flag else 'pass'}-{i}")
         for rule in RULESET.rules for i, ex in enumerate(rule.examples)]


def test_every_rule_has_both_kinds_of_example():
    for rule in RULESET.rules:
        kinds = {ex.flag for ex in rule.examples}
        assert kinds == {True, False}, f"{rule.code} needs flag and pass examples"


@pytest.mark.parametrize(("code", "text", "flag"), CASES)
def test_rule_example(lint_text, code, text, flag):
    found = [f for f in lint_text(text, "example.md") if f.rule == code]
    if flag:
        assert found, f"{code} should flag: {text!r}"
        for f in found:  # the span points at real text of the example
            assert f.excerpt and f.message and f.line >= 1 and f.column >= 1
    else:
        assert not found, f"{code} should pass: {text!r}, got {[f.message for f in found]}"
