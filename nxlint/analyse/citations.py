"""Citation evidence: inline markers, links, DOIs and PMIDs, and the references list.

Everything here works on the normalised text (see ``normalize``) so offsets line up
with sentences and mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMERIC = re.compile(r"\[\s*\^?\d{1,3}(?:\s*[-–,;]\s*\^?\d{1,3})*\s*\](?!\()")
FOOTNOTE = re.compile(r"\[\^[\w-]+\](?!:)")
SUPERSCRIPT = re.compile(r"(?<=[\w.,;:)\]])[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[-–,][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
# Younger, Due Bruun, van Dam; an agency's numbered report: "SAMHSA TIP 49"
NAME = r"(?:[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?(?: \d{1,3}(?!\d))?|[a-z]{1,3} [A-Z][\w'’\-]+)"
# "(Younger & Mackey, Pain Med. 2009;10:663-672)": a journal's short name and its volume and pages;
# "(Lee et al., New England Journal of Medicine, 2016)": its full name
JOURNAL = r"(?:[A-Z][A-Za-z]*\.?(?:\s+(?:(?:of|and|the|for|in|&)\s+)?[A-Z][A-Za-z]*\.?){0,5},?\s+)?"
VOLUME = r"(?:\s*;\s*\d+(?:\(\d+\))?(?::\s*[\de]+(?:\s*[-–]\s*\d+)?)?)?"
# "(Younger et al., 2014)"; in brackets too, after a slide or table number: "[slide 3: Rösner et al., 2010]"
AUTHOR_YEAR = re.compile(
    r"[(\[]\s*(?:e\.g\.,?\s*|see\s+|(?:slide|table|fig\.?|figure)\s*\d+\s*:\s*)?"
    r"((?:" + NAME + r"(?:\s+et\s+al\.?|\s*(?:&|and)\s*" + NAME + r"|,\s*" + NAME
    + r")*),?\s*" + JOURNAL + r"(?:19|20)\d\d[a-z]?" + VOLUME
    + r"(?:\s*;\s*" + NAME + r".*?(?:19|20)\d\d[a-z]?)*)\s*[)\]]")
# "A 2014 review (Younger et al., Clinical Rheumatology)": the year told before, the journal in brackets
AUTHOR_JOURNAL = re.compile(r"[(\[]\s*" + NAME + r"\s+et\s+al\.?,\s*[A-Z][A-Za-z.]*"
                            r"(?:\s+(?:(?:of|and|the|for|in|&)\s+)?[A-Z][A-Za-z.]*){0,5}\s*[)\]]")
NARRATIVE = re.compile(r"\b(" + NAME + r")(?:\s+et\s+al\.?|\s+(?:&|and)\s+" + NAME
                       + r")?\s*\(\s*((?:19|20)\d\d)[a-z]?\s*\)")
DOI = re.compile(r"\b(?:doi:\s*)?10\.\d{4,9}/[^\s\]]+", re.I)
PMID = re.compile(r"\bPMID:?\s*\d{5,9}\b|\bPMC\d{5,9}\b")
# a dated source named in brackets: "(internal Epic report, November 2024)", "(state overdose dashboard, 2023)"
SOURCE_NOTE = re.compile(r"\((?:[^()\n]{0,60}?\b(?:report|data|dataset|audit|records|survey|dashboard|registry|"
                         r"database|analysis|fact\s+sheet|(?:press|news)\s+release|bulletin|review)\b)[^()\n]{0,40}?\b(?:19|20)\d\d\)"
                         # a text message's "(source: NSDUH 2019, brtln.org/aud-data)": a source labelled, with
                         # a year or a site
                         r"|\(\s*(?:source|sources|data)\s*:\s*[^()\n]{0,80}?"
                         r"(?:\b(?:19|20)\d\d\b|\b[\w-]+\.(?:org|gov|com|edu|net)\b)[^()\n]{0,60}\)",
                         re.I)
# "References", "Key sources", "Slide 7 – References", "7. References"
# an agency or body as the author, with its year: "(U.S. Food and Drug Administration, 2010)",
# "(SAMHSA, 2021)", "(American Society of Addiction Medicine 2020)"
AGENCY_NOTE = re.compile(r"\((?:the\s+)?(?:(?:U\.S\.|US|UK|EU)\s+)?"
                         r"(?:(?:[A-Z][\w'’.-]+\s+(?:(?:of|and|for|on|&)\s+)?){0,6}"
                         r"(?:Administration|Agency|Association|Institutes?|Cent(?:er|re)s?|Department|"
                         r"Organi[sz]ation|Office|Society|College|Academy|Commission|Council|Foundation|Services?|"
                         r"Authority|Ministry|Bureau|Medicine)|FDA|CDC|NIH|NIDA|NIAAA|SAMHSA|WHO|ASAM|AHRQ|NICE|"
                         r"CMS|EMA|MHRA|DEA|USPSTF)\b[^()\n]{0,30}?,?\s*(?:19|20)\d\d[a-z]?\)")
HEADING = re.compile(r"^\W*(?:(?:slide|section|part|appendix|chapter)\s*[\dA-Z]{0,3}\s*[-–—:.·•|]\s*|"
                     r"(?:\d{1,2}|[IVX]{1,4})[.):]?\s+)?"
                     r"(?:(?:scientific|clinical|medical|selected|key|our|research|non-patent|patent)\s+)?"
                     r"(references?|sources?|bibliography|citations|works cited|literature cited|"
                     r"cited literature|notes and references|footnotes|endnotes|further reading|"
                     r"sources and further reading|literature|literature cited)"
                     r"(?:\s+(?:for|used\s+(?:in|for)|consulted|cited\s+in)\s+(?:the|this|these|our)(?:\s+[\w-]+){1,3})?"
                     # "Sources if you want to nerd out:"
                     r"(?:,?\s+(?:if|in\s+case|for\s+(?:anyone|those|the\s+curious))\b[^:\n]{0,40}:)?"
                     r"(?:\s*\([^()\n]{0,30}\))?"  # "References (last slide)"
                     r"\W*$"
                     # a review thread's "Comment 7 (references)": a label, then what the block holds
                     r"|^\W*[\w .'#-]{1,30}?\s*\(\s*(?:the\s+)?(?:references?|sources?|bibliography|citations)"
                     r"\s*\)\W*$",
                     re.I)  # "Sources for the notes column"
# "Sources: [1] SAMHSA ... [2] Vivitrol label": a references list run into one paragraph
INLINE_HEADING = re.compile(r"\W*(?:references?|sources?|citations|bibliography|works\s+cited)"
                            r"(?:,?\s+(?:if|in\s+case|for\s+(?:anyone|those|the\s+curious))\b[^:\n]{0,40})?"
                            r"[*_]*\s*:\s*[*_]*\s*(?=\[\d{1,3}\]\s)", re.I)  # ("**References:** [1] ...")
INLINE_ENTRY = re.compile(r"\[\d{1,3}\]\s")
LEADING_TAGS = re.compile(r"^(?:\s*<[^<>\n]+>)+")  # the tags an HTML entry's line opens with
ENTRY_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]|\^?(\d{1,3})\s|([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})\s?)")
SUPER_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
SUP_TAG = re.compile(r"<sup\b[^>]*>\s*(?:<a\b[^>]*>\s*)?(\[?\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]?)\s*(?:</a>\s*)?</sup>",
                     re.I)
FOOTNOTE_DEF = re.compile(r"^[ \t]{0,3}\[\^([\w-]+)\]:", re.M)
ORDERED_LIST = re.compile(r"<ol\b", re.I)
LIST_CLOSE = re.compile(r"</(?:ol|ul)\s*>", re.I)
BULLET = re.compile(r"^\s*[-*+•]\s")
LIST_ITEM = re.compile(r"<li\b[^>]*>\s*$", re.I)
# a line that opens with "[3]" and goes on in capitals, with no year: a numbered section's
# label ("[2] IF THEY ASK ABOUT VIVITROL"), not a citation
SECTION_LABEL = re.compile(r"[ \t]+(?:[A-Z]{2,}[ \t/&-]+[A-Z]{2,}\b|[A-Z]{3,}[ \t]*(?=\n|\Z))"
                           r"(?![^\n]*\b(?:19|20)\d\d\b)")


@dataclass
class Marker:
    start: int
    end: int
    kind: str  # numeric, footnote, superscript, author-year, link, doi, pmid, source-note
    numbers: set[int] = field(default_factory=set)
    names: list[tuple[str, str]] = field(default_factory=list)  # (surname, year) for author-year
    label: str = ""  # footnote label
    url: str = ""  # link target, for links


@dataclass
class Reference:
    start: int
    end: int
    number: int | None
    text: str
    label: str = ""  # footnote label
    cited: bool = False


@dataclass
class References:
    heading: tuple[int, int] | None  # span of the heading (normalised offsets)
    start: int  # the section: from the heading to the next heading
    end: int
    entries: list[Reference] = field(default_factory=list)
    extra: list[tuple[int, int]] = field(default_factory=list)  # footnote definitions outside the section

    def covers(self, offset: int) -> bool:
        return self.start <= offset < self.end or any(s <= offset < e for s, e in self.extra)


def expand_numbers(text: str) -> set[int]:
    nums: set[int] = set()
    body = text.strip("[]").replace("^", "")
    for part in re.split(r"[,;]", body):
        bits = re.split(r"[-–]", part)
        try:
            if len(bits) == 2:
                a, b = int(bits[0]), int(bits[1])
                if 0 < b - a < 50:
                    nums.update(range(a, b + 1))
                    continue
            nums.update(int(b) for b in bits if b.strip())
        except ValueError:
            continue
    return nums


def find_markers(text: str, links: list[tuple[int, int, str]]) -> list[Marker]:
    out: list[Marker] = []
    for m in NUMERIC.finditer(text):
        out.append(Marker(m.start(), m.end(), "numeric", expand_numbers(m.group())))
    for m in FOOTNOTE.finditer(text):
        label = m.group()[2:-1]
        nums = {int(label)} if label.isdigit() else set()
        out.append(Marker(m.start(), m.end(), "footnote", nums, label=label))
    for m in SUPERSCRIPT.finditer(text):
        out.append(Marker(m.start(), m.end(), "superscript", expand_numbers(m.group().translate(SUPER_DIGITS))))
    for m in AUTHOR_YEAR.finditer(text):
        names = [(re.match(r"[\w'’\-]+", part.strip()).group(), y)  # type: ignore[union-attr]
                 for part, y in re.findall(r"((?:[a-z]{1,3} )?[A-Z][\w'’\-]+)[^;]*?((?:19|20)\d\d)", m.group(1))]
        out.append(Marker(m.start(), m.end(), "author-year", names=names))
    for m in NARRATIVE.finditer(text):
        out.append(Marker(m.start(), m.end(), "author-year", names=[(m.group(1).split()[-1], m.group(2))]))
    for m in DOI.finditer(text):
        out.append(Marker(m.start(), m.end(), "doi"))
    for m in PMID.finditer(text):
        out.append(Marker(m.start(), m.end(), "pmid"))
    for pattern in (SOURCE_NOTE, AGENCY_NOTE, AUTHOR_JOURNAL):
        out += [Marker(m.start(), m.end(), "source-note") for m in pattern.finditer(text)]
    for s, e, url in links:
        out.append(Marker(s, e, "link", url=url))
    out.sort(key=lambda m: (m.start, m.end))
    return out


# (an organisation as the author: "2. American Heart Association. Managing weight to control ...")
REFERENCE_LIKE = re.compile(r"\b(?:19|20)\d\d\b|\bet al\b|\b10\.\d{4,9}/|prescribing information|\bPMID\b|"
                            r"\b(?:Association|Administration|Institutes?|Society|Agency|Organi[sz]ation|College|Academy|"
                            r"Department)\.\s+[A-Z]", re.I)


# A bibliography entry standing alone, outside a references list (under "## Article" in a
# journal-club summary): "Mischoulon D, et al. Randomized ... trial of ... J Affect Disord.
# 2017;208:6-14." Its title names effects the way a paper's title does, not as a claim.
ENTRY_AUTHORS = re.compile(r"\W*[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?\s+[A-Z]{1,3}\b(?:,|\.|\s+et\s+al\b)")
ENTRY_SOURCE = re.compile(r"\b(?:19|20)\d\d\s*;\s*\d+(?:\(\d+\))?\s*:\s*[\de]+|\b10\.\d{4,9}/")


def is_entry(text: str) -> bool:
    """Is this paragraph one bibliography entry (Vancouver style: authors, title, journal,
    year;volume:pages or a DOI)?"""
    return ENTRY_AUTHORS.match(text) is not None and ENTRY_SOURCE.search(text) is not None


def looks_like_reference(text: str) -> bool:
    """A year, "et al", a DOI or a label: what a bibliography entry has and a footer lacks (an
    italic note under the list, "_This summary does not replace the full prescribing
    information._", is a footer though it names the label)."""
    if ITALIC_NOTE.fullmatch(text.strip()) and not YEAR.search(text):
        return False
    return REFERENCE_LIKE.search(text) is not None


ITALIC_NOTE = re.compile(r"([_*])[^_*\n]+\1")  # "_Post-test available in the member portal. ..._"
# an APA entry's opening: "Kessler, T., Amari, J., & ..."
AUTHOR_LINE = re.compile(r"[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*(?:-\s*)?)+(?:,|&|\(|and\b)")


def split_lines(src: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block whose lines each start with an entry number ("¹ Younger J ...", "2. Toljan K
    ...", one paragraph in Markdown) holds one reference per line."""
    lines = []
    pos = start
    for line in src[start:end].split("\n"):
        lines.append((pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    if len(lines) > 1 and sum(1 for a, b in lines if ENTRY_NUMBER.match(src[a:b])) >= 2:
        return [(a + len(src[a:b]) - len(src[a:b].lstrip()), b) for a, b in lines if src[a:b].strip()]
    if len(lines) > 1 and sum(1 for a, b in lines if AUTHOR_LINE.match(src[a:b])) >= 2:
        # an APA list in one block: each entry opens with "Surname, I." and may wrap onto an
        # indented line ("Kessler, T., ... for alcohol" / "  dependence: a meta-analysis ...")
        entries: list[tuple[int, int]] = []
        for a, b in lines:
            if AUTHOR_LINE.match(src[a:b]) or not entries:
                entries.append((a, b))
            elif src[a:b].strip():
                entries[-1] = (entries[-1][0], b)
        return entries
    return [(start, end)]


def entry_style(prefix: str, before: str) -> str:
    """How a references entry is laid out: "number" (``1.``, ``[1]``), "bullet", "item"
    (an HTML ``<li>``) or "plain". A list's entries share one style, so the first block
    in another style ends the list."""
    if ENTRY_NUMBER.match(prefix):
        return "number"
    if BULLET.match(prefix):
        return "bullet"
    if LIST_ITEM.search(before):
        return "item"
    return "plain"


def parse_entry(source_line: str, text: str, start: int, end: int, ordinal: int, numbered_list: bool) -> Reference:
    m = ENTRY_NUMBER.match(source_line)
    number = None
    if m:
        number = int(next(g for g in m.groups() if g).translate(SUPER_DIGITS))
    elif numbered_list:
        number = ordinal
    label = ""
    fm = re.match(r"\s*\[\^([\w-]+)\]:", source_line)
    if fm:
        label = fm.group(1)
        if label.isdigit():
            number = int(label)
    return Reference(start, end, number, text, label=label)


FIRST_AUTHOR = re.compile(r"\b([A-Z][\w'’\-]+)\s+(?:et\s+al|&|and\s+[A-Z])")


def matches_link(ref: Reference, marker_text: str, url: str) -> bool:
    """A link cites a reference when they share a DOI, or when the link text names the
    reference's first author ("[Plank et al., Trials](https://doi.org/...)")."""
    body = ref.text.lower()
    for doi in DOI.findall(url + " " + marker_text):
        key = doi.lower().removeprefix("doi:").strip().rstrip(".,;)")
        if key.startswith("10.") and key in body:
            return True
    author = FIRST_AUTHOR.search(marker_text)
    head = re.sub(r"^[\W\d¹²³⁴⁵⁶⁷⁸⁹⁰_]*", "", ref.text)[:40].lower()
    return author is not None and head.startswith(author.group(1).lower())


def matches_author_year(ref: Reference, surname: str, year: str) -> bool:
    """Does "(Younger et al., 2014)" or "(SAMHSA, 2021)" point at this entry? A name in
    capitals may be the initials of a corporate author ("Substance Abuse and Mental
    Health Services Administration")."""
    if year not in ref.text:
        return False
    if surname.lower() in ref.text.lower():
        return True
    if len(surname) >= 3 and surname.isupper():
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", ref.text[:200]) if w[0].isupper())
        return surname in initials
    return False
