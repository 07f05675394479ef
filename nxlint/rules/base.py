"""What every rule kind shares: the common YAML keys, their validation, message
templates, and the :class:`Hit` a kind returns for the engine to turn into a finding.

A kind is one small module (``phrase``, ``claim``, ``citation``, ``caveat``, ``fact``):
it declares its own keys, compiles and validates them at load, and runs over an
:class:`~nxlint.analyse.analysis.Analysis`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from nxlint.findings import CATEGORIES, CAVEATS, SEVERITIES
from nxlint.rules.loader import Located, RulesetError

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Sentence

# a sentence that opens on its verb, its subject left to the one before ("Can also be given subQ ...")
ELIDED_SUBJECT = re.compile(r"\W*(?:can|could|may|might|should|must|also)\s+(?!(?:i|you|we|they|he|she|it|this|that|"
                            r"patients?|people|someone|anyone)\b)(?:also\s+|not\s+)?(?:be\s+)?[a-z]+", re.I)

COMMON_KEYS = {"code", "name", "kind", "category", "severity", "message", "suggest", "why", "description",
               "examples", "caveat", "enabled", "fix"}
CODE = re.compile(r"^[A-Z]{2,4}\d{3,4}$")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
CONTEXT_FLAGS = {"negated", "hedged", "hypothetical", "attributed", "historical", "cited", "heading",
                 "uncited", "quoted", "question", "asked", "refuted", "dissuaded", "bare_heading",
                 "own_results"}


@dataclass
class Hit:
    """A place a rule fires: normalised offsets plus values for the message template."""

    start: int
    end: int
    values: dict[str, str] = field(default_factory=dict)
    grade: str | None = None


@dataclass
class Example:
    text: str
    flag: bool


class Rule:
    """Base class: subclasses set ``kind``, ``KEYS`` and ``PLACEHOLDERS`` and implement
    ``compile`` (validate kind-specific keys) and ``check``."""

    kind: ClassVar[str] = ""
    KEYS: ClassVar[set[str]] = set()
    PLACEHOLDERS: ClassVar[set[str]] = {"match", "sentence"}

    def __init__(self, loc: Located, concepts: set[str], facts: dict[str, Located]) -> None:
        spec = loc.value
        self.loc = loc
        self.code: str = str(spec.get("code", ""))
        self.name: str = str(spec.get("name", ""))
        self.category: str = str(spec.get("category", ""))
        self.severity: str = str(spec.get("severity", "warning"))
        self.message: str = str(spec.get("message", ""))
        self.suggest: str = str(spec.get("suggest", ""))
        self.why: str = str(spec.get("why", ""))
        self.description: str = str(spec.get("description", "")).strip()
        self.caveat: str | None = spec.get("caveat")
        self.enabled: bool = bool(spec.get("enabled", True))
        self.concepts = concepts
        self.facts = facts
        self.examples: list[Example] = []
        self._validate_common(spec)
        self.compile(spec)

    # -- validation -------------------------------------------------------------------
    def error(self, problem: str, key: str | None = None) -> RulesetError:
        return RulesetError(f"{self.loc.where(key, self.code or '?')} {problem}")

    def _validate_common(self, spec: dict[str, Any]) -> None:
        unknown = set(spec) - COMMON_KEYS - self.KEYS
        if unknown:
            key = sorted(unknown)[0]
            allowed = ", ".join(sorted((COMMON_KEYS | self.KEYS) - {"fix"}))
            raise self.error(f"unknown key '{key}' for a {self.kind} rule (allowed: {allowed})", key)
        if not CODE.match(self.code):
            raise self.error(f"'code' must look like NX101, not {self.code!r}", "code")
        if not NAME.match(self.name):
            raise self.error(f"'name' must be a lower-case slug like absolute-efficacy, not {self.name!r}", "name")
        if self.category not in CATEGORIES:
            raise self.error(f"'category' must be one of {', '.join(CATEGORIES)}, not {self.category!r}", "category")
        if self.severity not in SEVERITIES:
            raise self.error(f"'severity' must be one of {', '.join(SEVERITIES)}, not {self.severity!r}", "severity")
        if not self.message:
            raise self.error("'message' is required: say what is wrong, naming the words found", "message")
        if not self.why:
            raise self.error("'why' is required: name the regulation or label section behind the rule", "why")
        if self.caveat is not None and self.caveat not in CAVEATS:
            raise self.error(f"'caveat' must be one of {', '.join(CAVEATS)}", "caveat")
        for text in (self.message, self.suggest):
            for _, field_name, _, _ in string.Formatter().parse(text):
                if field_name and field_name not in self.PLACEHOLDERS:
                    raise self.error(f"unknown placeholder {{{field_name}}} in message (a {self.kind} rule knows "
                                     f"{', '.join(sorted(self.PLACEHOLDERS))})", "message")
        ex = spec.get("examples")
        if not isinstance(ex, dict) or not ex.get("flag") and not ex.get("pass") or set(ex) - {"flag", "pass"}:
            raise self.error("'examples' must be a mapping with 'flag' and/or 'pass' lists of texts", "examples")
        for key, flag in (("flag", True), ("pass", False)):
            items = ex.get(key) or []
            if not isinstance(items, list) or not all(isinstance(t, str) for t in items):
                raise self.error(f"examples.{key} must be a list of texts", "examples")
            self.examples += [Example(t, flag) for t in items]

    def need_concepts(self, names: list[str], key: str) -> None:
        for n in names:
            if n not in self.concepts:
                raise self.error(f"unknown concept '{n}' in '{key}' (define it under lexicon:)", key)

    def near_scope_of(self, spec: dict[str, Any]) -> str:
        """``near_scope``: where ``near`` concepts may stand (the sentence, its paragraph, the
        paragraph and the two sentences before it when "it" speaks of them, or anywhere in the
        draft for a fact true of one product only)."""
        scope = str(spec.get("near_scope", "sentence"))
        if scope not in ("sentence", "paragraph", "referent", "document"):
            raise self.error("'near_scope' must be sentence, paragraph, referent or document", "near_scope")
        return scope

    @staticmethod
    def scope_sentences(analysis: Analysis, sent: Sentence, scope: str) -> list[Sentence]:
        """The sentences a ``near`` check looks at: this one, or its whole paragraph (with the
        question just before it, which an answer speaks of: "Q: I'm on oxycodone. Can I use
        this? / A: Yes, just wait 24 hours after your last pill")."""
        if scope == "document":
            return analysis.sentences  # "take your tablets with a high-fat breakfast" in a draft on Contrave
        if scope not in ("paragraph", "referent"):
            return [sent]
        block = analysis.block_sentences(sent.block)
        if scope == "referent" and sent.has("drug_anaphor"):
            # "Vivitrol ... was approved in 2010." / "Our nurses give it as an injection in the upper
            # arm": "it" reaches back past the paragraph to the product the sentences before named
            block = [s for s in analysis.sentences[max(0, sent.index - 2):sent.index] if s.block != sent.block] + block
        k = block[0].index - 1
        if k >= 0 and (analysis.sentences[k].question or ELIDED_SUBJECT.match(block[0].text)):
            # "- Vivitrol: 380 mg IM q4 weeks. / - Can also be given subQ ...": a list item whose
            # subject is left out goes on speaking of the item before it
            return analysis.block_sentences(analysis.sentences[k].block) + block
        return block

    @staticmethod
    def as_list(value: Any) -> list[str]:
        if value is None:
            return []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    # -- behaviour ----------------------------------------------------------------------
    def compile(self, spec: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, analysis: Analysis) -> list[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, template: str, values: dict[str, str]) -> str:
        return template.format_map(_Blank(values))

    def context_ok(self, analysis: Analysis, sent: Sentence, mods: int, unless: set[str], start: int) -> bool:
        """False when one of the ``unless`` conditions holds for a match."""
        from nxlint.analyse.pipeline import CATEGORY_BITS

        for flag in unless:
            if flag in CATEGORY_BITS and mods & CATEGORY_BITS[flag]:
                return False
            if flag == "cited" and analysis.cited(sent):
                return False
            if flag == "uncited" and not analysis.cited(sent):
                return False
            if flag == "heading" and sent.heading:
                return False
            if flag == "own_results" and analysis.in_own_results(sent):
                return False  # "RESULTS: Mean pain fell 1.4 points ...": the report is the source
            if flag == "bare_heading" and sent.heading and len(sent.text.split()) <= 4 \
                    and not sent.has("drug", "price", "retail_price"):
                return False  # "Order now" over the section that makes the offer: the offer is below
            if flag == "question" and sent.question:
                return False
            if flag == "asked" and sent.asked:
                return False  # "Can I buy naltrexone without a prescription?" asks; it offers nothing
            if flag == "refuted" and (sent.refuted or 0 <= sent.refuted_from <= start or start < sent.refuted_until):
                return False  # "Can I buy naltrexone without a prescription? No."
            if flag == "dissuaded" and sent.dissuaded:
                return False  # "Please don't. Bulk powder has no quality check ..."
            if flag == "quoted" and _quoted(sent.text, start - sent.start):
                return False
        return True

    def __repr__(self) -> str:
        return f"<{self.kind} rule {self.code} {self.name}>"


def _quoted(text: str, pos: int) -> bool:
    before = text[:pos]
    return (before.count("“") > before.count("”")) or before.count('"') % 2 == 1


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def validate_flags(rule: Rule, flags: list[str], key: str) -> set[str]:
    bad = [f for f in flags if f not in CONTEXT_FLAGS]
    if bad:
        raise rule.error(f"unknown condition '{bad[0]}' in '{key}' (allowed: {', '.join(sorted(CONTEXT_FLAGS))})",
                         key)
    return set(flags)
