"""Literal prefilters for the lexicon's regexes.

Most concept regexes cannot match most documents: ``\\bplace\\s+(?:your|an)\\s+order\\b``
needs "place" and "order" somewhere in the text. Scanning a document with each of some
two hundred regexes was half of the analysis time; checking first whether a regex's
required words occur at all (``in`` on the lower-cased text, which runs at memory
speed) skips most scans. This is the literal extraction that grep-like tools do,
over the parse tree that Python's own ``re`` builds.

``required_literals`` returns a set of lower-case strings of which every match
contains at least one, or ``None`` when no such set can be proved (then the regex
always runs). It errs only towards ``None``, never towards skipping a match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

try:  # the parser behind re.compile; a private module, so every failure means "no prefilter"
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_REPEATS = {getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n)}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def literals(rx: re.Pattern[str]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """``required_literals`` and ``start_literals`` from one parse of the pattern (parsing
    is most of what compiling a ruleset's regexes costs at start-up)."""
    try:
        tree = list(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # noqa: BLE001 - an unexpected parse tree only costs the shortcut
        return None, None
    return _guarded(_sequence, tree), _guarded(_starts, tree)


def _guarded(walk: Any, tree: list[tuple[Any, Any]]) -> frozenset[str] | None:
    try:
        found = walk(tree)
    except Exception:  # noqa: BLE001
        return None
    return frozenset(found) if found and all(found) else None


def required_literals(rx: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which occurs in every match of ``rx`` (None: unknown)."""
    return literals(rx)[0]


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The most selective required set among the parts of a sequence: a run of literal
    characters, or what a required group, alternation or repeat requires."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        required = _part(op, av, _sequence)
        if required:
            candidates.append(required)
    if run:
        candidates.append({"".join(run)})
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(len(x) for x in s), -len(s)))


def _part(op: Any, av: Any, walk: Any) -> set[str] | None:
    """What one element of a pattern requires, by ``walk`` (``_sequence`` for the literals
    a match contains, ``_starts`` for those it begins with) over its insides."""
    if op is _c.SUBPATTERN:
        return walk(list(av[-1]))
    if _ATOMIC is not None and op is _ATOMIC:
        return walk(list(av))
    if op is _c.BRANCH:
        alternatives = [walk(list(branch)) for branch in av[1]]
        if any(a is None for a in alternatives):
            return None  # one way to match needs no literal at all
        return set().union(*alternatives)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, body = av
        return walk(list(body)) if low >= 1 else None
    if op is _c.IN and av:
        return _class(av, digits=walk is _starts)  # [$€£]; and, for where a match starts, \d or [\d,]
    return None  # other classes, anchors, lookarounds, backreferences: nothing required


DIGIT = "\x00digit"  # a start "literal" standing for any digit: find_at_starts looks up where digits stand


def _class(items: list[tuple[Any, Any]], digits: bool) -> set[str] | None:
    r"""The characters a small character class can match (DIGIT for ``\d``), or None."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av).lower())
        elif digits and op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.add(DIGIT)
        elif op is _c.RANGE and av[1] - av[0] < 64:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def start_literals(rx: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``rx`` starts with (None: unknown).

    Leading anchors and lookarounds take no characters, so ``\\b(?<!what\\s)(?:studies|trials)``
    starts with "studies" or "trials". With these, a regex is tried only where one of them
    occurs instead of at every position of the text."""
    return literals(rx)[1]


_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def _starts(items: list[tuple[Any, Any]]) -> set[str] | None:
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    if op is _c.LITERAL:
        run = []
        while i < len(items) and items[i][0] is _c.LITERAL:
            run.append(chr(items[i][1]).lower())
            i += 1
        return {"".join(run)}
    return _part(op, av, _starts)


class TextIndex:
    """Where each literal occurs in one lower-cased text, found once and shared by every
    regex run over it (hundreds of regexes start with the same few words)."""

    def __init__(self, lowered: str) -> None:
        self.lowered = lowered
        self._positions: dict[str, list[int]] = {}

    def positions(self, lit: str) -> list[int]:
        found = self._positions.get(lit)
        if found is None:
            if lit == DIGIT:  # "\d" matches any Unicode digit, not only 0-9
                found = [i for i, ch in enumerate(self.lowered) if ch.isdecimal()]
            else:
                found = []
                p = self.lowered.find(lit)
                while p != -1:
                    found.append(p)
                    p = self.lowered.find(lit, p + 1)
            self._positions[lit] = found
        return found


def find_at_starts(rx: re.Pattern[str], text: str, lowered: str, starts: frozenset[str] | None,
                   index: TextIndex | None = None, accept: Callable[[re.Match[str]], bool] | None = None) -> Any:
    """``rx.finditer(text)``, trying the regex only where one of its start literals occurs
    (found with ``str.find`` on the lower-cased text, or looked up in ``index``). The same
    matches: a match can begin nowhere else, and trying candidates left to right past each
    match's end is what ``finditer`` does. A match ``accept`` refuses is skipped, and the
    search goes on from the next position after its start, not after its end."""
    if starts is None or len(lowered) != len(text):  # a few characters change length when lower-cased
        if accept is None:
            yield from rx.finditer(text)
            return
        pos = 0
        while pos <= len(text) and (m := rx.search(text, pos)) is not None:
            if accept(m):
                yield m
                pos = max(m.end(), m.start() + 1)
            else:
                pos = m.start() + 1
        return
    index = index if index is not None else TextIndex(lowered)
    positions: set[int] = set()
    for lit in starts:
        positions.update(index.positions(lit))
    end = 0
    for p in sorted(positions):
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None and (accept is None or accept(m)):
            yield m
            end = max(m.end(), p + 1)


def may_match(literals: frozenset[str] | None, lowered: str) -> bool:
    """Could a regex with these required literals match the (lower-cased) text? (A plain
    ``in`` per literal: cheaper than any cached lookup.)"""
    return literals is None or any(lit in lowered for lit in literals)
