"""``fact``: statements and numbers checked against the knowledge base (``facts:`` in
the rulesets, built from FACTS.md with a source URL per entry).

``check`` is one of:
- ``statement``: a concept that states something false (``match``), flagged unless
  negated ("naltrexone is not an opioid" is right); needs the drug in the sentence;
- ``approval``: approval claims — which product (``facts.products``: concepts and the
  indications and years FDA approved), which indication (``facts.indications``), which
  year, which group of patients (``facts.populations``: groups no product is approved
  for); flags an approval that never happened or a wrong year;
- ``washout``: an opioid-free period shorter than ``facts.washout.min_days``;
- ``dose``: a dose outside the ranges in ``facts.doses``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from nxlint.rules.base import Hit, Rule, validate_flags

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Mention, Sentence

CHECKS = ("statement", "approval", "washout", "dose")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
PERIOD = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|a\s+few|a\s+couple\s+of|a|the|the\s+next|the\s+same|"
                    r"twenty-four|forty-eight|seventy-two)"
                    r"(?:\s*(?:-|–|to|or)\s*(\d+(?:\.\d+)?))?[\s-]*(hours?|hrs?|h|days?|weeks?)\b", re.I)
DOSE = re.compile(r"\b(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(mg|milligrams?|g|grams?)\b", re.I)
FIRST_APPROVED = re.compile(r"\b(?:first|originally|initially)\s+(?:\w+\s+)?approv", re.I)
LOOKBACK = 12  # sentences a pronoun or fragment may reach back for the product it speaks of
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twenty-four": 24, "forty-eight": 48,
         "seventy-two": 72, "a few": 3, "a couple of": 2, "a": 1, "the": 1, "the next": 1, "the same": 0}


class FactRule(Rule):
    kind = "fact"
    KEYS = {"check", "match", "near", "subject", "unless", "source"}
    PLACEHOLDERS = {"match", "sentence", "product", "indication", "year", "value", "allowed", "source"}

    def compile(self, spec: dict[str, Any]) -> None:
        self.check_name = spec.get("check")
        if self.check_name not in CHECKS:
            raise self.error(f"'check' must be one of {', '.join(CHECKS)}", "check")
        self.match = self.as_list(spec.get("match"))
        self.near = self.as_list(spec.get("near"))
        self.subject = self.as_list(spec.get("subject"))
        self.need_concepts(self.match + self.near + self.subject, "match")
        self.unless = validate_flags(self, self.as_list(spec.get("unless")), "unless")
        self.source = str(spec.get("source", ""))
        if self.check_name == "statement":
            if not self.match:
                raise self.error("a statement fact needs 'match' (the concept that states the error)", "match")
            if not self.source.startswith("http"):
                raise self.error("a statement fact needs 'source' (the URL that says otherwise)", "source")
        else:
            key = {"approval": "products", "washout": "washout", "dose": "doses"}[self.check_name]
            if key not in self.facts:
                raise self.error(f"the {self.check_name} check needs 'facts: {key}:' in a ruleset", "check")
            if self.check_name == "approval":
                self._compile_approvals()
            elif self.check_name == "washout":
                self.washout = self.facts["washout"].value
                if not isinstance(self.washout, dict) or "min_days" not in self.washout:
                    raise RuleFactError(self, "facts.washout needs min_days")
            elif self.check_name == "dose":
                self.doses = self.facts["doses"].value
                if not isinstance(self.doses, list):
                    raise RuleFactError(self, "facts.doses must be a list of {concept, max_mg, source}")
                self.need_concepts([d["concept"] for d in self.doses], "facts.doses")

    def _compile_approvals(self) -> None:
        products = self.facts["products"].value
        indications = self.facts.get("indications")
        if not isinstance(products, list) or indications is None or not isinstance(indications.value, list):
            raise RuleFactError(self, "facts.products and facts.indications must be lists")
        self.products = products
        self.indications = indications.value
        self.indication_labels = {i["name"]: i.get("label", i["name"]) for i in self.indications}
        populations = self.facts.get("populations")
        self.populations: list[dict[str, Any]] = populations.value if populations is not None else []
        if not isinstance(self.populations, list):
            raise RuleFactError(self, "facts.populations must be a list of {name, concept, source}")
        self.need_concepts([p["concept"] for p in products] + [i["concept"] for i in self.indications]
                           + [p["concept"] for p in self.populations], "facts.products")

    # -- checks ---------------------------------------------------------------------------
    def check(self, analysis: Analysis) -> list[Hit]:
        hits: list[Hit] = getattr(self, "_" + self.check_name)(analysis)
        # a false statement reported and then refuted ("... 'FDA-approved since 1984.' That is not accurate")
        return [h for h in hits if not ((s := analysis.sentence_at(h.start)) is not None and s.refuted)]

    def _statement(self, analysis: Analysis) -> list[Hit]:
        hits = []
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            if _question(sent):
                continue  # "Can naltrexone reverse an overdose?" asks; the answer is judged
            if self.near and not sent.has(*self.near):
                continue
            if m.has("negated") or not self.context_ok(analysis, sent, m.mods, self.unless, m.start):
                continue
            if self.subject and not _has_subject(analysis, sent, self.subject, m.start):
                continue
            if m.has("attributed") and _asked_about(analysis, sent):
                continue  # "My sister says it is a narcotic. Is she right?" reports what a reader asks about
            hits.append(Hit(m.start, m.end, {"match": m.text, "source": self.source}))
        return hits

    def _approval(self, analysis: Analysis) -> list[Hit]:
        hits = []
        done: set[int] = set()
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            if m.sent in done or m.has("negated") or m.has("hypothetical") or _question(sent):
                continue
            found = self._product(sent, m.start)
            if found is None and (len(analysis.text[sent.start:m.start].split()) <= 2
                                  or any(0 <= m.start - a.end <= 12 for a in sent.find("drug_anaphor"))):
                # a fragment ("Also FDA-approved for weight loss") or a pronoun ("it's FDA-approved"):
                # the product named last
                found = self._product_before(analysis, m.sent)
            if found is None:
                continue
            product, pm = found
            if FIRST_APPROVED.search(analysis.text, max(sent.start, m.start - 30), m.end) and product.get("base"):
                product = next(p for p in self.products if p["name"] == product["base"])  # the molecule's approval
            approved: dict[str, list[int]] = product.get("approved") or {}
            ind = next((i for i in self.indications if _after_or_near(sent, i["concept"], m.start)), None)
            years = [(int(y.group()), y.end()) for y in YEAR.finditer(analysis.text, m.start, sent.end)]
            start, end = (min(pm.start, m.start) if pm.sent == m.sent else m.start), m.end
            values = {"product": product["name"], "source": product.get("source", ""), "year": ""}
            group = next(((p, g) for p in self.populations for g in sent.find(p["concept"])
                          if g.start >= m.start - 40 and not g.has("negated")), None)
            if group is not None:
                # no naltrexone product is approved for these groups, whatever the indication
                population, gm = group
                end = max(end, gm.end)
                values.update(indication=f"use in {population['name']}", allowed="adults only",
                              source=population.get("source", values["source"]))
            elif not approved:
                values.update(indication="any use", allowed="none")
            elif ind is not None and ind["name"] not in approved:
                named = next((c.text for c in sent.find(ind["concept"]) if c.start >= m.start - 40), ind["name"])
                values.update(indication=named, allowed=self._record(approved))
            else:
                allowed = (approved[ind["name"]] if ind is not None
                           else sorted({y for v in approved.values() for y in v}))
                if not years or years[0][0] in allowed:
                    continue
                end = years[0][1]
                values.update(indication=self.indication_labels[ind["name"]] if ind else "any use",
                              year=f" in {years[0][0]}",
                              allowed=" or ".join(map(str, allowed)))
            values["match"] = analysis.text[start:end]
            hits.append(Hit(start, end, values))
            done.add(m.sent)
        return hits

    def _record(self, approved: dict[str, list[int]]) -> str:
        """The approvals on record, for a message: "opioid blockade (1984), alcohol dependence (1994/1995)"."""
        labels = self.indication_labels
        return ", ".join(f"{labels.get(k, k)} ({'/'.join(map(str, v))})" for k, v in approved.items())

    def _product_before(self, analysis: Analysis, index: int) -> tuple[dict[str, Any], Mention] | None:
        """The product the sentences before ``index`` were about, unless another medicine
        was named since ("Acamprosate is another option. It's approved for ..." is not
        about naltrexone)."""
        for k in range(index - 1, max(-1, index - 1 - LOOKBACK), -1):
            sent = analysis.sentences[k]
            found = self._main_product(sent)
            drugs = sent.find("drug")
            if any(not any(d.start <= o.start and o.end <= d.end for d in drugs) for o in sent.find("other_drug")):
                return None
            if found is not None:
                return found
        return None

    def _main_product(self, sent: Sentence) -> tuple[dict[str, Any], Mention] | None:
        """The most specific product a sentence names ("Vivitrol is ... naltrexone" -> Vivitrol)."""
        for p in self.products:
            found = sent.find(p["concept"])
            if found:
                return p, found[0]
        return None

    def _product(self, sent: Sentence, pos: int) -> tuple[dict[str, Any], Mention] | None:
        """The product an approval claim is about: the nearest product mention before it
        (else after it), ignoring a mention inside a more specific one ("naltrexone" in
        "low-dose naltrexone")."""
        cands: list[tuple[int, dict[str, Any], Mention]] = []
        for rank, p in enumerate(self.products):
            for pm in sent.find(p["concept"]):
                if any(o.start <= pm.start and pm.end <= o.end and (o.start, o.end) != (pm.start, pm.end)
                       for _, _, o in cands):
                    continue
                cands.append((rank, p, pm))
        if not cands:
            return None
        before = [c for c in cands if c[2].start < pos]
        pool = before or cands
        key = (lambda c: (-c[2].start, c[0])) if before else (lambda c: (c[2].start, c[0]))
        _, product, pm = min(pool, key=key)
        return product, pm

    def _washout(self, analysis: Analysis) -> list[Hit]:
        hits = []
        min_days = float(self.washout["min_days"])
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            if self.near and not sent.has(*self.near):
                continue
            if m.has("negated") or _question(sent):
                continue
            for p in PERIOD.finditer(analysis.text, sent.start, sent.end):
                first = p.group(1).lower()
                n = WORDS[first] if first in WORDS else float(first)
                unit = p.group(3).lower()
                days = n / 24 if unit.startswith("h") else n * 7 if unit.startswith("w") else n
                if abs(p.start() - m.start) > 80:
                    continue
                if days < min_days:
                    hits.append(Hit(p.start(), p.end(), {"match": p.group(), "value": p.group(),
                                                         "allowed": self.washout.get("label", "7-10 days"),
                                                         "source": self.washout.get("source", "")}))
                break
        return hits

    def _dose(self, analysis: Analysis) -> list[Hit]:
        hits = []
        for sent in analysis.sentences:
            if not sent.has("drug") or (self.near and not sent.has(*self.near)):
                continue
            rule = next((d for d in self.doses if sent.has(d["concept"])
                         and not (d.get("unless") and sent.has(*self.as_list(d["unless"])))), None)
            if rule is None:
                continue
            for p in DOSE.finditer(analysis.text, sent.start, sent.end):
                value = float(p.group(2) or p.group(1))
                if p.group(3).lower().startswith("g"):
                    value *= 1000
                if value > float(rule["max_mg"]) or value < float(rule.get("min_mg", 0)):
                    hits.append(Hit(p.start(), p.end(), {"match": p.group(), "value": p.group(),
                                                         "product": rule.get("name", ""),
                                                         "allowed": rule.get("label", f"up to {rule['max_mg']} mg"),
                                                         "source": rule.get("source", "")}))
        return hits


def _question(sent: Sentence) -> bool:
    """A sentence that asks: its claims are questions, not statements."""
    return sent.text.rstrip().endswith("?")


def _asked_about(analysis: Analysis, sent: Sentence) -> bool:
    """Does the paragraph go on to ask about this sentence ("... Is she right?")?"""
    return any(_question(s) for s in analysis.block_sentences(sent.block) if s.index > sent.index)


def _has_subject(analysis: Analysis, sent: Sentence, concepts: list[str], pos: int) -> bool:
    """The statement's subject: the nearest of these concepts before it, not negated
    ("naloxone, not naltrexone, reverses an overdose" has none)."""
    before = [m for m in sent.find(*concepts) if m.end <= pos and pos - m.end <= 80]
    others = [m for m in sent.find("naloxone_name") if m.end <= pos]
    if others and (not before or max(others, key=lambda m: m.end).end > max(before, key=lambda m: m.end).end):
        return False  # the nearest subject is naloxone, not naltrexone
    if not before:
        # a fragment with no subject ("Reverses an OD in minutes.") speaks of the product at hand
        return not any(m.end <= pos for m in sent.mentions if m.label not in concepts) and pos - sent.start <= 3
    subject = max(before, key=lambda m: m.end)
    if subject.label == "drug_anaphor":
        # "Narcan is naloxone. It's a spray that reverses an overdose": "it" is the last medicine named
        for k in range(sent.index - 1, max(-1, sent.index - 4), -1):
            named = analysis.sentences[k].find("drug", "naloxone_name")
            if named:
                return max(named, key=lambda m: m.end).label == "drug"
    return not subject.has("negated")


def _after_or_near(sent: Sentence, concept: str, pos: int) -> bool:
    return any(m.start >= pos - 40 for m in sent.find(concept))


def RuleFactError(rule: Rule, problem: str) -> Exception:  # noqa: N802 - reads like an exception class
    return rule.error(problem, "check")
