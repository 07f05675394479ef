"""Concepts: the YAML lexicon compiled into matchers.

A concept is a named list of terms (matched case-insensitively on whole tokens),
``verbs`` (regular verbs, inflected here), spaCy token ``patterns`` and ``regex``es.
Context cues (negation, hedges, ...) are concepts too, labelled ``ctx:<category>``.
Every rule reads these matches; nothing re-scans the text rule by rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nxlint.rules.loader import Located, RulesetError

CONCEPT_KEYS = {"terms", "verbs", "patterns", "regex", "description", "case_sensitive", "include"}
CONTEXT_KEYS = {"category", "direction", "window", "terms", "verbs", "patterns", "regex", "description"}
# ``negation_end`` ends a negation's scope without ending the clause: "LDN does not thin the
# skin and is completely safe" denies the first predicate only, but both share the subject
CONTEXT_CATEGORIES = {"negated", "hedged", "hypothetical", "attributed", "terminate", "negation_end", "pseudo",
                      "historical"}
DIRECTIONS = {"forward", "backward", "both"}


def inflect(verb: str) -> list[str]:
    """Regular English inflections of a verb or a phrase that starts with one
    ("help", "reduce", "shut off") -> helps, helped, helping ..."""
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if re.search(r"(s|x|z|ch|sh|o)$", head):
        forms.add(head + "es")
    elif re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ies")
    else:
        forms.add(head + "s")
    if head.endswith("e"):
        forms |= {head + "d", head[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", head):
        forms |= {head[:-1] + "ied", head + "ing"}
    elif re.search(r"^[^aeiou]*[aeiou][bdgklmnprt]$", head):  # stop -> stopped, slim -> slimmed
        forms |= {head + head[-1] + "ed", head + head[-1] + "ing", head + "ed", head + "ing"}
    else:
        forms |= {head + "ed", head + "ing"}
    return sorted(f + tail for f in forms)


@dataclass
class Concept:
    name: str
    terms: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = field(default_factory=list)
    regex: list[re.Pattern[str]] = field(default_factory=list)
    description: str = ""


@dataclass
class ContextCue:
    label: str  # ctx:<category>:<n>
    category: str
    direction: str
    window: int
    concept: Concept


def _strings(value: Any, where: str, what: str) -> list[str]:
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        raise RulesetError(f"{where} '{what}' has a bare yes/no/on/off, which YAML reads as true/false: "
                           "put the word in quotes")
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise RulesetError(f"{where} '{what}' must be a list of strings")
    return [str(v) for v in value]


def compile_concept(name: str, loc: Located, spec: Any | None = None) -> Concept:
    spec = loc.value if spec is None else spec
    where = loc.where()
    if isinstance(spec, list):
        spec = {"terms": spec}
    if not isinstance(spec, dict):
        raise RulesetError(f"{where} concept '{name}' must be a list of terms or a mapping")
    unknown = set(spec) - CONCEPT_KEYS - (CONTEXT_KEYS if name.startswith("ctx:") else set())
    if unknown:
        raise RulesetError(f"{loc.where(sorted(unknown)[0])} concept '{name}': unknown key '{sorted(unknown)[0]}' "
                           f"(expected {', '.join(sorted(CONCEPT_KEYS))})")
    c = Concept(name=name, description=str(spec.get("description", "")))
    c.terms = _strings(spec.get("terms", []), where, "terms")
    for v in _strings(spec.get("verbs", []), where, "verbs"):
        c.terms.extend(inflect(v))
    c.case_sensitive = _strings(spec.get("case_sensitive", []), where, "case_sensitive")
    pats = spec.get("patterns", [])
    if not isinstance(pats, list) or not all(isinstance(p, list) and all(isinstance(t, dict) for t in p)
                                             for p in pats):
        raise RulesetError(f"{loc.where('patterns')} concept '{name}': 'patterns' must be a list of spaCy "
                           "token patterns (lists of mappings)")
    c.patterns = pats
    for rx in _strings(spec.get("regex", []), where, "regex"):
        try:
            c.regex.append(re.compile(rx, re.I))
        except re.error as e:
            raise RulesetError(f"{loc.where('regex')} concept '{name}': bad regex {rx!r}: {e}") from None
    if not (c.terms or c.patterns or c.regex or c.case_sensitive):
        raise RulesetError(f"{where} concept '{name}' has no terms, patterns or regex")
    return c


def compile_context(items: list[Located]) -> list[ContextCue]:
    cues = []
    for n, loc in enumerate(items):
        spec = loc.value
        if not isinstance(spec, dict):
            raise RulesetError(f"{loc.where()} a context entry must be a mapping")
        unknown = set(spec) - CONTEXT_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise RulesetError(f"{loc.where(key)} context: unknown key '{key}' (expected "
                               f"{', '.join(sorted(CONTEXT_KEYS))})")
        cat = spec.get("category")
        if cat not in CONTEXT_CATEGORIES:
            raise RulesetError(f"{loc.where('category')} context: category must be one of "
                               f"{', '.join(sorted(CONTEXT_CATEGORIES))}, not {cat!r}")
        direction = spec.get("direction", "forward")
        if direction not in DIRECTIONS:
            raise RulesetError(f"{loc.where('direction')} context: direction must be forward, backward or both")
        window = spec.get("window", 8)
        if not isinstance(window, int) or window < 1:
            raise RulesetError(f"{loc.where('window')} context: window must be a positive whole number")
        label = f"ctx:{cat}:{n}"
        body = {k: v for k, v in spec.items() if k in CONCEPT_KEYS}
        cues.append(ContextCue(label, cat, direction, window, compile_concept(label, loc, body)))
    return cues
