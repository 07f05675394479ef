"""Fold whitespace and undo evasion, keeping a map back to source offsets.

Drafts written to slip past filters hide the drug's name: zero-width characters inside
words, look-alike letters from other scripts ("nаltrexone" with a Cyrillic a), spaced or
dotted letters ("n a l t r e x o n e", "L.D.N") and leetspeak ("n4ltrex0ne"). The
normalised text has these undone and whitespace runs folded to one space, so the
tokenizer sees clean words; ``offsets[i]`` is the source offset of normalised
character ``i`` (with one extra entry for the end), so every span maps back exactly.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_RUN = re.compile(r"[^\s" + INVISIBLE + r"]+|\s+|[" + INVISIBLE + r"]+")
_CONTRACTION_TAIL = re.compile(r"(?:t|s|re|ll|ve|d|m)\b", re.I)  # what follows the apostrophe of "won’t", "it’s"
_WORD = re.compile(r"[^\W_][\w@$]*[^\W_]|[^\W_]", re.UNICODE)
# a word of letters and leet digits, not a number with its unit ("4.5mg", "25g", "3x")
_LEET_WORD = re.compile(r"(?!\d+(?:\.\d+)?(?:mg|g|ml|kg|mcg|x|h|hrs?|k|m|am|pm|th)$)(?!\d*(?:1st|2nd|3rd)$)(?!\d{2,}s$)"
                        r"(?=\S*[^\W\d_])\S+", re.I)
LEET_MIN_WORDS = 8  # a draft this leet-heavy is written to dodge filters throughout
LEET_SHARE = 0.15
_SPACED = re.compile(r"(?<![\w.])(?:[^\W\d_][ .\-*_·•]){2,}[^\W\d_](?![\w])\.?")
# a number spelled out before a unit of dose, time or share: "twenty-five milligrams",
# "seventy-two hours", "four and a half mg", "one point five milligrams", "ten percent"
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_VALUE = {w: k for k, w in enumerate(_SMALL)} | {w: 20 + 10 * k for k, w in enumerate(_TENS)}
_NUM = "|".join(sorted(NUMBER_VALUE, key=len, reverse=True))
_SPELLED = re.compile(
    r"\b((?:" + _NUM + r")(?:[\s-]+(?:hundred|thousand|and|" + _NUM + r"))*)"
    r"(?:\s+(and\s+a\s+half)|\s+point\s+(" + "|".join(_SMALL[:10]) + r"))?"
    r"(?=[\s-]+(?:milligrams?|mg|grams?|micrograms?|mcg|hours?|hrs?|days?|nights?|weeks?|months?|years?|percent|per\s+cent|pounds|lbs|kilos|kg|inches|dress\s+sizes|sizes)\b)",
    re.I)
# a year in words: "nineteen eighty-four", "twenty-twelve", "two thousand and eight"
_ONES = "|".join(_SMALL[1:10])
_SPELLED_YEAR = re.compile(r"\b(?:nineteen[\s-]+(?:fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:" + _ONES + r"))?"
                           r"|twenty[\s-]+(?:" + "|".join(_SMALL[10:]) + r"|twenty(?:[\s-]+(?:" + _ONES + r"))?)"
                           r"|two\s+thousand(?:\s+and)?\s+(?:" + "|".join(reversed(_SMALL[1:])) + r"))\b", re.I)


@dataclass
class Normalized:
    text: str
    offsets: array  # len(text) + 1 source offsets

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of normalised ``[start, end)``: from the first character to just
        after the last one."""
        if end <= start:
            s = self.offsets[min(start, len(self.text))]
            return s, s
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_source(self, pos: int) -> int:
        """First normalised offset at or after source offset ``pos``."""
        import bisect

        return bisect.bisect_left(self.offsets, pos, 0, len(self.text))


@dataclass
class EvasionTables:
    confusables: dict[str, str]  # look-alike character -> Latin letter
    leet: dict[str, str]  # digit or symbol -> letter
    words: frozenset[str]  # lexicon words worth de-obfuscating (lower case)


def normalize(masked: str, tables: EvasionTables | None = None) -> Normalized:
    chars: list[str] = []
    offsets = array("l")
    for m in _RUN.finditer(masked):
        s = m.group()
        c0 = s[0]
        if c0 in INVISIBLE:
            continue  # dropped: zero-width characters carry no text
        if c0.isspace():
            if chars and chars[-1][-1:] in "’'" and chars[-1][:-1][-1:].isalpha() \
                    and _CONTRACTION_TAIL.match(masked, m.end()):
                continue  # an HTML entity's padding inside a word: "won&rsquo;t" is "won’t", not "won’ t"
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(m.start())
            continue
        chars.append(s)
        offsets.extend(range(m.start(), m.end()))
    text = "".join(chars)
    if text.endswith(" "):
        text = text[:-1]
        offsets.pop()
    if tables is not None:
        text, offsets = _deobfuscate(text, offsets, tables)
    if _SPELLED_YEAR.search(text) or _SPELLED.search(text):
        text, offsets = _spelled_numbers(text, offsets)
    offsets.append(offsets[-1] + 1 if len(offsets) else len(masked))
    return Normalized(text, offsets)


def _leet_readings(word: str, leet: dict[str, str]) -> list[str]:
    """Every reading of a leetspeak word ("1" may stand for i or l), a few at most."""
    readings = [""]
    for c in word:
        options = leet.get(c, c)
        readings = [r + o for r in readings for o in options][:16]
    return readings


def _leet_words(text: str, leet: dict[str, str]) -> bool:
    """Is the whole draft written in leetspeak ("g0t 90 c4ps 0f l0w d0s3 LDN")? Then every
    word that mixes letters and leet digits is read as letters, not only the drug's name."""
    words = _WORD.findall(text)
    mixed = sum(1 for w in words if _LEET_WORD.fullmatch(w) and any(c in leet for c in w))
    return mixed >= LEET_MIN_WORDS and mixed >= LEET_SHARE * len(words)


def _deobfuscate(text: str, offsets: array, t: EvasionTables) -> tuple[str, array]:
    # 1. look-alike letters and leetspeak inside single words (1:1, offsets unchanged)
    buf = list(text)
    changed = False
    all_leet = _leet_words(text, t.leet)
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii() and w.isalpha():
            continue
        cand = "".join(t.confusables.get(c, c) for c in w)
        if not cand.isascii():
            continue
        if cand.lower() not in t.words and any(c in t.leet for c in cand):
            if not any(c.isalpha() for c in cand):
                continue  # a number, not a word
            readings = _leet_readings(cand, t.leet)
            cand = next((x for x in readings if x.lower() in t.words),
                        readings[0] if all_leet and _LEET_WORD.fullmatch(cand) else cand)
            if all_leet and cand != w:
                buf[m.start():m.end()] = cand
                changed = True
                continue
        if cand != w and cand.lower() in t.words:
            buf[m.start():m.end()] = cand
            changed = True
    if changed:
        text = "".join(buf)
    # 2. spaced or dotted letters: "n a l t r e x o n e", "L.D.N" (shorter: new offsets)
    if not _SPACED.search(text):
        return text, offsets
    out: list[str] = []
    new = array("l")
    pos = 0
    for m in _SPACED.finditer(text):
        letters = [(i, c) for i, c in enumerate(m.group(), m.start()) if c.isalpha()]
        joined = "".join(c for _, c in letters)
        if joined.lower() not in t.words:
            continue
        out.append(text[pos:m.start()])
        new.extend(offsets[pos:m.start()])
        out.append(joined)
        new.extend(offsets[i] for i, _ in letters)
        pos = m.end() if not m.group().endswith(".") else m.end() - 1
    out.append(text[pos:])
    new.extend(offsets[pos:])
    return "".join(out), new


def spelled_value(words: str) -> int | None:
    """The value of a number written in words ("seventy-two", "five hundred", "one
    thousand two hundred"), or None when the words do not make one number."""
    total = current = 0
    last = None
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "and":
            continue
        if w == "hundred":
            if last not in ("small", "tens"):
                return None
            current, last = current * 100, "hundred"
        elif w == "thousand":
            if last is None or last == "thousand":
                return None
            total, current, last = total + current * 1000, 0, "thousand"
        elif w in NUMBER_VALUE:
            value = NUMBER_VALUE[w]
            kind = "tens" if value >= 20 else "small"
            if last == "small" or (last == "tens" and kind == "tens"):
                return None  # "two three", "twenty thirty": two numbers, not one
            current, last = current + value, kind
        else:
            return None
    return total + current if last is not None else None


def spelled_year(said: str) -> int | None:
    """1984 for "nineteen eighty-four", 2012 for "twenty-twelve", 2008 for "two thousand and eight"."""
    words = [w for w in re.split(r"[\s-]+", said.lower()) if w != "and"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + NUMBER_VALUE[words[2]] if len(words) == 3 else None
    rest = spelled_value(" ".join(words[1:]))
    return None if rest is None else (1900 if words[0] == "nineteen" else 2000) + rest


def _spelled_numbers(text: str, offsets: array) -> tuple[str, array]:
    """Write a year in words, and a spelled-out number before a unit, as digits, so the
    approval, dose and period checks read "twenty-five milligrams" as "25 milligrams" and
    "two thousand and ten" as "2010". The digits map back to the words' whole span, so
    findings still point at what the writer typed."""
    found: list[tuple[int, int, str]] = []
    for m in _SPELLED_YEAR.finditer(text):
        if (year := spelled_year(m.group())) is not None:
            found.append((m.start(), m.end(), str(year)))
    for m in _SPELLED.finditer(text):
        value = spelled_value(m.group(1))
        if value is None or any(a < m.end() and m.start() < b for a, b, _ in found):
            continue
        digits = str(value)
        if m.group(2):
            digits += ".5"
        elif m.group(3):
            digits += "." + str(NUMBER_VALUE[m.group(3).lower()])
        found.append((m.start(), m.end(), digits))
    out: list[str] = []
    new = array("l")
    pos = 0
    for start, end, digits in sorted(found):
        out.append(text[pos:start])
        new.extend(offsets[pos:start])
        out.append(digits)
        new.extend([offsets[start]] * (len(digits) - 1) + [offsets[end - 1 if len(digits) > 1 else start]])
        pos = end
    out.append(text[pos:])
    new.extend(offsets[pos:])
    return "".join(out), new
