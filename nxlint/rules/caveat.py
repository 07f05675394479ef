"""``caveat``: document-level safety information that must be stated somewhere.

Keys:
- ``trigger``: what makes the caveat required — a list of concept names, or
  ``{all: [...]}`` (concepts together in one sentence), each optionally with
  ``unless: [concept]`` (not in a sentence with that concept; with ``unless_within: N``,
  only when it stands within N characters of the match: "the standard 50 mg tablet") and
  ``unless_document: [concept]`` (not when the document mentions that concept),
  ``unless_paragraph: [concept]`` (not in a paragraph that mentions it: "Naltrexone was
  approved in 1984 at 50 mg. LDN uses one-tenth of that dose." names the standard dose as a
  yardstick) and
  ``window: N`` (the other concepts may stand in the N-1 sentences either side, in the
  same paragraph: "By then your tolerance is gone. If you use what you used to, it can
  kill you.") and ``negated_ok: [concept]`` (those concepts count even when negated);
- ``satisfied_by``: the same shapes; a match counts only when it is stated, not
  negated ("there is no risk of withdrawal" satisfies nothing), except for
  ``negated_ok`` concepts: a prohibition states the danger it forbids ("Do not take extra
  opioids to push through the block"); and ``covers: [concept]``: a statement naming one of
  these concepts counts only for a kind the triggers discussed ("it is not approved for
  depression" does not cover plain naltrexone for weight loss; the guide asks for the use
  discussed to be called off-label).

The finding is reported at the first trigger, with the caveat to add as suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nxlint.rules.base import Hit, Rule

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Mention, Sentence


NEGATION_WORD = re.compile(r"\b(?:not|no|never|neither|none)\b|n['’]t\b", re.I)


# a question that is an invitation: "Want to talk it over with a nurse or prescriber first?"
OFFER = re.compile(r"\W*(?:(?:do\s+you\s+)?want\s+to|wanna|would\s+you\s+like\s+to|ready\s+to)\s+"
                   r"(?:talk|speak|chat|check|go\s+over|sit\s+down)\b", re.I)


@dataclass
class Condition:
    all: list[str]
    unless: list[str] = field(default_factory=list)
    unless_document: list[str] = field(default_factory=list)
    window: int = 1
    unless_within: int = 0  # 0: anywhere in the sentence
    # concepts that count even when negated: a warning put as a prohibition ("Do not take
    # extra opioids to push through the block") states the danger it forbids
    negated_ok: list[str] = field(default_factory=list)
    unless_paragraph: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)


class CaveatRule(Rule):
    kind = "caveat"
    KEYS = {"trigger", "satisfied_by"}
    PLACEHOLDERS = {"match", "sentence", "caveat"}

    def compile(self, spec: dict[str, Any]) -> None:
        if self.caveat is None:
            raise self.error("a caveat rule needs 'caveat' (the kind of caveat it requires)", "caveat")
        self.trigger = self._conditions(spec.get("trigger"), "trigger")
        self.satisfied_by = self._conditions(spec.get("satisfied_by"), "satisfied_by")

    def _conditions(self, value: Any, key: str) -> list[Condition]:
        items = value if isinstance(value, list) else [value] if value else []
        if not items:
            raise self.error(f"'{key}' is required: concept names or {{all: [...]}}", key)
        out = []
        for item in items:
            if isinstance(item, str):
                cond = Condition([item])
            elif (isinstance(item, dict) and "all" in item
                  and not set(item) - {"all", "unless", "unless_document", "window", "unless_within", "negated_ok",
                                       "unless_paragraph", "covers"}
                  and isinstance(item.get("window", 1), int) and item.get("window", 1) >= 1
                  and isinstance(item.get("unless_within", 0), int) and item.get("unless_within", 0) >= 0):
                cond = Condition(self.as_list(item["all"]), self.as_list(item.get("unless")),
                                 self.as_list(item.get("unless_document")), int(item.get("window", 1)),
                                 int(item.get("unless_within", 0)), self.as_list(item.get("negated_ok")),
                                 self.as_list(item.get("unless_paragraph")), self.as_list(item.get("covers")))
            else:
                raise self.error(f"each '{key}' entry is a concept name or {{all: [...], unless: [...], "
                                 "unless_within: N, unless_document: [...], unless_paragraph: [...], window: N, "
                                 "negated_ok: [...], covers: [...]}", key)
            self.need_concepts(cond.all + cond.unless + cond.unless_document + cond.negated_ok + cond.unless_paragraph
                               + cond.covers, key)
            out.append(cond)
        return out

    @staticmethod
    def _first(analysis: Analysis, cond: Condition, stated: bool, discussed: set[str] | None = None) -> Mention | None:
        return next((m for m, _ in CaveatRule._matches(analysis, cond, stated, discussed)), None)

    @staticmethod
    def _matches(analysis: Analysis, cond: Condition, stated: bool,
                 discussed: set[str] | None = None) -> Iterator[tuple[Mention, list[Sentence]]]:
        """Each mention that meets the condition, with the sentences it was read with."""
        if any(analysis.mentions(c) for c in cond.unless_document):
            return
        # paragraphs that mention an unless_paragraph concept (found once: a draft has many mentions)
        quiet: set[int] = set()
        if cond.unless_paragraph:
            quiet = {s.block for s in analysis.sentences if s.has(*cond.unless_paragraph)}
        for m in analysis.mentions(cond.all[0]):
            if stated and m.has("negated") and cond.all[0] not in cond.negated_ok:
                continue
            sent: Sentence = analysis.sentences[m.sent]
            if cond.unless and any(not cond.unless_within or max(u.start - m.end, m.start - u.end) <= cond.unless_within
                                   for u in sent.find(*cond.unless)):
                continue
            if sent.block in quiet:
                continue
            if stated and ((sent.question and not OFFER.match(sent.text)) or sent.refuted):
                continue  # "Does naltrexone harm the liver?" asks, "Myth: ... hard on your liver" refutes
                # (but "Want to talk it over with a nurse first?" offers what it asks)
            near = [sent]
            if cond.window > 1:
                sentences = analysis.sentences
                # a question next to the statement still sets its scene: "Taking any opioid pain
                # meds? Naltrexone will block those meds from working"
                near = [s for s in sentences[max(0, sent.index - cond.window + 1):sent.index + cond.window]
                        if s.block == sent.block]
            if analysis.has_tables and len(cond.all) > 1:
                # a table row reads as one statement with its column headers: "| Naltrexone tablets |
                # 50 mg | Alcohol use disorder; chronic weight management |" under "| ... | FDA-approved uses |"
                row = [sent, *analysis.row_cells(sent)]
                near += [c for c in row[1:] if c not in near]
                near += [h for c in row if (h := analysis.column_header(c)) is not None and h not in near]
            if cond.unless and not cond.unless_within:  # the sentences beside it are held to "unless" too
                near = [s for s in near if s is sent or not s.has(*cond.unless)]
            others = [[o for s in near for o in s.find(c)] for c in cond.all[1:]]
            ok = set(cond.negated_ok)
            # "LDN is not FDA-approved for fibromyalgia": the denial is the caveat, so what it
            # governs after it still counts as stated
            denial = NEGATION_WORD.search(m.text) is not None
            if all(any(not (stated and o.has("negated")) or (denial and o.start >= m.end) or o.label in ok
                       for o in group) for group in others):
                if cond.covers and discussed:
                    named = {o.label for s in near for o in s.find(*cond.covers)}
                    if named and not named & discussed:
                        continue  # "... not approved for depression" when the use discussed is weight loss
                yield m, near

    def check(self, analysis: Analysis) -> list[Hit]:
        covers = [k for c in self.satisfied_by for k in c.covers]
        firsts: list[Mention] = []
        discussed: set[str] = set()  # the kinds of ``covers`` concepts the triggering sentences name
        for cond in self.trigger:
            for k, (m, near) in enumerate(self._matches(analysis, cond, False)):
                if k == 0:
                    firsts.append(m)
                if not covers:
                    break  # (only a rule with ``covers`` needs every trigger, not just the first)
                discussed |= {o.label for s in near for o in s.find(*covers)}
        if not firsts:
            return []
        if any(self._first(analysis, c, True, discussed or None) is not None for c in self.satisfied_by):
            return []
        m = min(firsts, key=lambda x: x.start)
        return [Hit(m.start, m.end, {"match": _drug_named(analysis, m), "caveat": self.caveat or ""})]


def _drug_named(analysis: Analysis, m: Mention) -> str:
    """The drug's name for the message: "It", "the shot" or "50 mg" as the trigger reads as the drug
    named last before it ("the draft discusses naltrexone", not "the draft discusses It")."""
    if m.label not in ("drug_anaphor", "drug_benefit_said", "drug_standard"):  # (not "discusses It also helps",
        return m.text  # nor "discusses 50 mg")
    named = [d for d in analysis.mentions("drug") if d.start < m.start]
    return named[-1].text if named else "naltrexone"
