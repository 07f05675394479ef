"""The rules engine: rulesets (YAML) compiled into rules of a few kinds.

Python holds the kinds (``phrase``, ``claim``, ``citation``, ``caveat``, ``fact``);
YAML holds the knowledge (concepts, context cues, facts and the rules themselves).
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nxlint import __version__
from nxlint.rules.base import Rule
from nxlint.rules.caveat import CaveatRule
from nxlint.rules.citation import CitationRule
from nxlint.rules.claim import ClaimRule
from nxlint.rules.fact import FactRule
from nxlint.rules.loader import Located, RulesetError, load_raw
from nxlint.rules.phrase import PhraseRule

if TYPE_CHECKING:
    from spacy.language import Language

    from nxlint.analyse.lexicon import Concept, ContextCue
    from nxlint.analyse.normalize import EvasionTables

KINDS: dict[str, type[Rule]] = {k.kind: k for k in (PhraseRule, ClaimRule, CitationRule, CaveatRule, FactRule)}

__all__ = ["KINDS", "Rule", "Ruleset", "RulesetError", "builtin_dir", "load_ruleset"]


def builtin_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the checkout's top level."""
    here = Path(__file__).resolve().parent.parent
    for cand in (here / "rulesets", here.parent / "rulesets"):
        if cand.is_dir():
            return cand
    raise RulesetError(f"{here}: the built-in rulesets are missing from this installation")


def _code_stamp() -> str:
    """Size and modification time of every module of the installed package: a cached
    result must not outlive a change of code (an upgrade, or a checkout in development)
    any more than a change of rulesets. Stat calls only: about a millisecond."""
    package = Path(__file__).resolve().parent.parent
    return ";".join(f"{p.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}"
                    for p in sorted(package.rglob("*.py")) if (st := p.stat()))


class Ruleset:
    """Compiled rules plus what the analysis needs (concepts, context cues, evasion tables).

    Compiling validates everything (so a broken ruleset fails before any file is read);
    the spaCy pipeline is built only when a document is actually analysed.
    """

    def __init__(self, paths: list[Path]) -> None:
        from nxlint.analyse.lexicon import compile_concept, compile_context

        raw = load_raw(paths)
        self.files = raw.files
        stamp = "\0".join([__version__, _code_stamp(), *raw.texts])
        self.fingerprint = hashlib.sha256(stamp.encode()).hexdigest()[:16]
        self.concepts: dict[str, tuple[Concept, str]] = {}
        for name, loc in raw.lexicon.items():
            self.concepts[name] = (compile_concept(name, loc, _with_includes(name, loc, raw.lexicon)), loc.where())
        self.cues: list[ContextCue] = compile_context(raw.context)
        self.facts = raw.facts
        self.scope = raw.scope
        for c in self.scope:
            if c not in self.concepts:
                raise RulesetError(f"{raw.files[0] if raw.files else '?'}: scope names unknown concept '{c}'")
        self.evasion = raw.evasion
        self.rules: list[Rule] = []
        seen: dict[str, str] = {}
        names = set(self.concepts)
        for loc in raw.rules:
            spec = loc.value
            if not isinstance(spec, dict):
                raise RulesetError(f"{loc.where()} a rule must be a mapping")
            code = spec.get("code", "?")
            kind = spec.get("kind")
            if kind not in KINDS:
                raise RulesetError(f"{loc.where('kind', code)} unknown kind {kind!r} (expected one of "
                                   f"{', '.join(KINDS)})")
            if isinstance(spec.get("match"), dict):
                inline = f"rule:{code}"
                where = Located(spec["match"], loc.file, loc.key_lines.get("match", loc.line))
                try:
                    self.concepts[inline] = (compile_concept(inline, where), loc.where("match", code))
                except RulesetError as e:  # name the rule, as every other ruleset error does
                    head = where.where()
                    raise RulesetError(str(e).replace(head, f"{head} rule {code}:", 1)) from None
                names.add(inline)
            rule = KINDS[kind](loc, names, self.facts)
            if rule.code in seen:
                raise RulesetError(f"{loc.where('code', rule.code)} duplicate rule code (first defined at "
                                   f"{seen[rule.code]})")
            seen[rule.code] = loc.where("code")
            self.rules.append(rule)
        self.by_code = {r.code: r for r in self.rules}

    @cached_property
    def nlp(self) -> Language:
        from nxlint.analyse.pipeline import build_nlp

        return build_nlp(list(self.concepts.values()), self.cues)

    @cached_property
    def evasion_tables(self) -> EvasionTables | None:
        from nxlint.analyse.normalize import EvasionTables

        if not self.evasion:
            return None
        conf = self.evasion.get("confusables")
        leet = self.evasion.get("leet")
        words: set[str] = set()
        for name in (self.evasion["concepts"].value if "concepts" in self.evasion else []):
            concept = self.concepts[name][0]
            words |= {t.lower() for t in concept.terms + concept.case_sensitive if " " not in t}
        extra = self.evasion.get("words")  # words that regex-only concepts need ("powder")
        words |= {str(w).lower() for w in (extra.value if extra else [])}
        return EvasionTables({str(k): str(v) for k, v in (conf.value if conf else {}).items()},
                             {str(k): str(v) for k, v in (leet.value if leet else {}).items()}, frozenset(words))


def _with_includes(name: str, loc: Located, lexicon: dict[str, Located], depth: int = 0) -> object:
    """A concept's spec with the terms, patterns and regexes of the concepts it includes."""
    spec = loc.value
    if not isinstance(spec, dict) or "include" not in spec:
        return spec
    if depth > 5:
        raise RulesetError(f"{loc.where('include')} concept '{name}': includes nest too deeply (a cycle?)")
    merged = {k: (list(v) if isinstance(v, list) else v) for k, v in spec.items() if k != "include"}
    for other in ([spec["include"]] if isinstance(spec["include"], str) else spec["include"]):
        if other not in lexicon:
            raise RulesetError(f"{loc.where('include')} concept '{name}': includes unknown concept '{other}'")
        sub = _with_includes(other, lexicon[other], lexicon, depth + 1)
        sub = {"terms": sub} if isinstance(sub, list) else sub
        for key in ("terms", "verbs", "patterns", "regex", "case_sensitive"):
            if key in sub:  # type: ignore[operator]
                merged[key] = merged.get(key, []) + list(sub[key])  # type: ignore[index]
    return merged


def load_ruleset(extra: list[str] | None = None, builtin: bool = True) -> Ruleset:
    paths = ([builtin_dir()] if builtin else []) + [Path(p) for p in (extra or [])]
    return Ruleset(paths)
