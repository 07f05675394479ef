"""The literal prefilters may skip a regex (or a position) only where it cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nxlint.analyse.pipeline import ConceptMatcher
from nxlint.analyse.prefilter import DIGIT, find_at_starts, may_match, required_literals, start_literals
from nxlint.read import read_path

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(("pattern", "text", "possible"), [
    (r"\bplace\s+(?:your|an)\s+order\b", "Please place your order today.", True),
    (r"\bplace\s+(?:your|an)\s+order\b", "Naltrexone blocks opioid receptors.", False),
    (r"\b(?:whatsapp|telegram)\b", "Message us on Telegram", True),
    (r"\b(?:whatsapp|telegram)\b", "Message us by email", False),
    (r"[$€£]\s?\d+", "only €49", True),
    (r"[$€£]\s?\d+", "only 49 euros", False),
    (r"\bno\s+(?:risk)?\s*worries\b", "no  worries", True),  # an optional word is not required
])
def test_a_regex_is_skipped_only_when_a_required_word_is_missing(pattern: str, text: str, possible: bool) -> None:
    rx = re.compile(pattern, re.I)
    assert may_match(required_literals(rx), text.lower()) is possible
    assert bool(rx.search(text)) <= possible


def test_a_regex_that_needs_no_particular_word_always_runs() -> None:
    assert required_literals(re.compile(r"\d{3}[\s.-]\d{4}")) is None
    assert required_literals(re.compile(r"(?:foo|\d+)bar?")) == frozenset({"ba"})


# regexes built from pieces a lexicon uses, over a small alphabet so that matches happen
_atoms = st.sampled_from(["a", "b", "ab", "ba", r"\s", r"\b", ".", "[ab]", "[^a]", r"\d"])


def _regex(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=1, max_size=4).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        children.map(lambda x: f"(?:{x})?"),
        children.map(lambda x: f"(?:{x})+"),
        children.map(lambda x: f"(?:{x}){{0,2}}"),
        children.map(lambda x: f"(?!{x})"),
    )


@settings(max_examples=400, deadline=None)
@given(pattern=st.recursive(_atoms, _regex, max_leaves=8), text=st.text(alphabet="abAB 1.", max_size=12))
def test_whenever_a_regex_matches_the_prefilter_lets_it_run(pattern: str, text: str) -> None:
    rx = re.compile(pattern, re.I)
    if rx.search(text):
        assert may_match(required_literals(rx), text.lower())


def test_on_the_labelled_drafts_no_skipped_regex_would_have_matched(linter) -> None:  # noqa: ANN001
    matcher = next(p for _, p in linter.ruleset.nlp.pipeline if isinstance(p, ConceptMatcher))
    texts = [read_path(p).text for p in sorted(CORPUS.glob("*/*")) if not p.name.endswith(".yaml")]
    skipped = 0
    for text in texts:
        lowered = text.lower()
        for label, rx, literals, _ in matcher.regexes:
            if not may_match(literals, lowered):
                skipped += 1
                assert not rx.search(text), (label, rx.pattern)
    assert skipped > len(texts) * len(matcher.regexes) / 3  # and it does skip most scans


@pytest.mark.parametrize(("pattern", "starts"), [
    (r"\b(?<!\bwhat\s)(?:studies|trials?)\s+show", {"studies", "trial"}),
    (r"\bFDA[- ]approved\b", {"fda"}),
    (r"[$€£]\s?\d+", {"$", "€", "£"}),
    (r"(?:most|(?:nearly|almost)\s+all)\s+patients", {"most", "nearly", "almost"}),
    (r"\b\d{1,3}\s+of\s+our", {DIGIT}),  # a digit class: wherever a digit stands
    (r"(?:foo)?bar", None),  # an optional start: anything may come first
])
def test_start_literals_are_what_every_match_begins_with(pattern: str, starts: set[str] | None) -> None:
    found = start_literals(re.compile(pattern, re.I))
    assert (found and set(found)) == starts


@settings(max_examples=400, deadline=None)
@given(pattern=st.recursive(_atoms, _regex, max_leaves=8), text=st.text(alphabet="abAB 1.", max_size=12))
def test_trying_only_the_start_positions_finds_what_finditer_finds(pattern: str, text: str) -> None:
    rx = re.compile(pattern, re.I)
    found = [m.span() for m in find_at_starts(rx, text, text.lower(), start_literals(rx))]
    assert found == [m.span() for m in rx.finditer(text) if m.end() > m.start() or start_literals(rx) is None]


def test_on_the_labelled_drafts_start_positions_find_every_match(linter) -> None:  # noqa: ANN001
    matcher = next(p for _, p in linter.ruleset.nlp.pipeline if isinstance(p, ConceptMatcher))
    texts = [read_path(p).text for p in sorted(CORPUS.glob("*/*")) if not p.name.endswith(".yaml")]
    with_starts = [(rx, first) for _, rx, _, first in matcher.regexes if first is not None]
    assert len(with_starts) > len(matcher.regexes) * 3 / 4  # most regexes get the shortcut
    for text in texts:
        lowered = text.lower()
        for rx, first in with_starts:
            assert [m.span() for m in find_at_starts(rx, text, lowered, first)] == \
                [m.span() for m in rx.finditer(text)], rx.pattern


@pytest.mark.parametrize("text", ["3 of our 40 patients", "\u0663 of our patients", "\uff13 of our patients",
                                  "no digits of our own"])
def test_a_digit_start_is_any_unicode_digit(text: str) -> None:
    rx = re.compile(r"\b\d+\s+of\s+our", re.I)
    assert start_literals(rx) == {DIGIT}
    assert [m.span() for m in find_at_starts(rx, text, text.lower(), start_literals(rx))] == \
        [m.span() for m in rx.finditer(text)]


def test_a_refused_match_lets_the_search_go_on_inside_it() -> None:
    # "Real talk" (a heading) / "Ask your doctor ...": a match that runs from one sentence into
    # the next is refused, and the consult inside it is still found
    rx = re.compile(r"\b(?:talk|ask)\b.*?doctor", re.I | re.S)
    text = "Real talk\n\nAsk your doctor"
    for starts in (start_literals(rx), None):
        found = find_at_starts(rx, text, text.lower(), starts, accept=lambda m: "\n\n" not in m.group())
        assert [m.group() for m in found] == ["Ask your doctor"]
