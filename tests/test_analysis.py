"""The analysis a user sees through the rules: sentence boundaries, ConText-style
negation and hedging, claim grades, citation evidence, reference-list integrity and
the scope rule (a draft that never names naltrexone is not judged)."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nxlint.analyse.analysis import analyse
from nxlint.cli import main
from nxlint.read import read_bytes


@pytest.fixture(scope="module")
def sentences(linter):
    def run(text: str, name: str = "draft.md") -> list[str]:
        a = analyse(read_bytes(text.encode("utf-8"), name), linter.ruleset.nlp, linter.ruleset.evasion_tables)
        return [s.text.strip() for s in a.sentences]

    return run


def rules(findings) -> list[str]:
    return sorted({f.rule for f in findings})


# -- sentence boundaries -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Some drugs, e.g. LDN, are used off-label. It is cheap.",
     ["Some drugs, e.g. LDN, are used off-label.", "It is cheap."]),
    ("Dr. Younger prescribes it at night. Dr. Smith does not.",
     ["Dr. Younger prescribes it at night.", "Dr. Smith does not."]),
    ("Younger et al. reported less pain in 2013. Others did not.",
     ["Younger et al. reported less pain in 2013.", "Others did not."]),
    ("Younger et al. (2014) found less pain. Others did not.",
     ["Younger et al. (2014) found less pain.", "Others did not."]),
    ("The usual dose is 4.5 mg. Some take 1.5 mg, i.e. less. Ask first.",
     ["The usual dose is 4.5 mg.", "Some take 1.5 mg, i.e. less.", "Ask first."]),
    ("Prof. Smith and Mr. Jones agree. It works vs. placebo, etc. The end.",
     ["Prof. Smith and Mr. Jones agree.", "It works vs. placebo, etc.", "The end."]),
    ('He said "LDN works." Then he left.', ['He said "LDN works."', "Then he left."]),
    ("LDN helps [3]. Next one.", ["LDN helps [3].", "Next one."]),
    ("Fewer relapses than placebo.² Our members do even better.",
     ["Fewer relapses than placebo.²", "Our members do even better."]),
    ("Two trials found less pain.¹² Next one.[3] Last.", ["Two trials found less pain.¹²", "Next one.[3]", "Last."]),
])
def test_sentence_boundaries_survive_abbreviations_and_numbers(sentences, text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_list_items_and_headings_are_sentences_of_their_own(sentences) -> None:
    md = ("# Low-dose naltrexone\nLDN is used off-label\n\n## Side effects\n\nSide effects include:\n\n"
          "- nausea\n- vivid dreams\n- headache\n\n1. Take it at night\n2. Start low\n")
    assert sentences(md) == ["Low-dose naltrexone", "LDN is used off-label", "Side effects", "Side effects include:",
                             "nausea", "vivid dreams", "headache", "Take it at night", "Start low"]
    txt = "Dosing guide\n\nTake 4.5 mg, e.g. at night. Dr. Smith agrees.\n\n- first item\n- second item\n"
    assert sentences(txt, "draft.txt") == ["Dosing guide", "Take 4.5 mg, e.g. at night.", "Dr. Smith agrees.",
                                           "first item", "second item"]
    html = "<h2>Dosing</h2><p>Take 4.5 mg, e.g. at night. Dr. Smith agrees.</p><ul><li>one</li><li>two</li></ul>"
    assert sentences(html, "draft.html") == ["Dosing", "Take 4.5 mg, e.g. at night.", "Dr. Smith agrees.", "one",
                                             "two"]


def test_hard_wrapped_sentence_is_one_sentence(sentences) -> None:
    assert sentences("Naltrexone is a tablet that\nblocks opioid receptors\nin the brain. It is cheap.\n") == \
        ["Naltrexone is a tablet that blocks opioid receptors in the brain.", "It is cheap."]


def test_lower_case_line_after_a_full_stop_starts_a_sentence(sentences) -> None:
    """Informal writing: a line that ends a sentence ends it, even when the next line is not
    capitalised, so a negation ("you don't know") does not reach into the next line."""
    txt = "skip the shady powder sites. you don't know what's in it.\ntalk it over with a prescriber.\n"
    assert sentences(txt, "zine.txt") == ["skip the shady powder sites. you don't know what's in it.",
                                          "talk it over with a prescriber."]
    assert sentences("Ask Dr.\nsmith first.\n", "note.txt") == ["Ask Dr. smith first."]


def test_a_draft_written_in_leetspeak_is_read_as_words(linter, sentences) -> None:
    """A post written in leetspeak throughout is read word by word, not only the drug's name:
    its caveats count, its claims are found, and its sentences still end at the line's stop.
    Numbers with units ("4.5mg") stay numbers."""
    post = ("g0t 90 c4ps 0f l0w d0s3 n4ltr3x0n3 (LDN 4.5mg) l3ft 0v3r, pm m3.\n"
            "LDN f1x3d my f1br0 100%, z3r0 s1d3 3ff3cts, b3st th1ng 3v3r.\n"
            "N0 s3ll1ng Rx m3ds h3r3, r34d rul3 4.\n"
            "4ls0 LDN 1s n0t FDA 4ppr0v3d f0r f1br0, 1ts pr3scr1b3d 0ff-l4b3l.\n"
            "1f ur 0n tr4m4d0l 4nd t4k3 1t u c4n g0 1nt0 full bl0wn w1thdr4w4l, s0 t4lk 2 ur d0c.\n")
    said = sentences(post, "thread.txt")
    assert said[0] == "got 90 caps of low dose naltrexone (LDN 4.5mg) left over, pm me."
    assert said[-1].startswith("if ur on tramadol and take it")
    found = linter.lint_bytes(post.encode(), "thread.txt").findings
    assert {"NX101", "NX401"} <= set(rules(found))  # "zero side effects", "pm me"
    assert not {"NX201", "NX202"} & set(rules(found))  # the moderator's withdrawal and off-label caveats count
    plain = "Naltrexone notes. Take 4.5mg at night. In 2019 the clinic had 3 sites.\n"
    assert sentences(plain, "notes.txt") == ["Naltrexone notes.", "Take 4.5mg at night.",
                                             "In 2019 the clinic had 3 sites."]



@pytest.mark.parametrize(("text", "digits"), [
    ("the usual dose is twenty-five milligrams", "the usual dose is 25 milligrams"),
    ("a five hundred milligram tablet", "a 500 milligram tablet"),
    ("four and a half mg at night", "4.5 mg at night"),
    ("one point five milligrams", "1.5 milligrams"),
    ("wait seventy-two hours", "wait 72 hours"),
    ("one hundred and twenty days", "120 days"),
    ("twenty two three days", "twenty two three days"),  # not one number: left as written
    ("twenty-five people came", "twenty-five people came"),  # no unit: left as written
])
def test_a_number_spelled_before_a_unit_is_read_as_digits(text: str, digits: str) -> None:
    from nxlint.analyse.normalize import normalize

    norm = normalize(text)
    assert norm.text == digits
    assert norm.to_source(0, len(norm.text)) == (0, len(text))  # the reading still spans the whole source
    first = next((i for i, (a, b) in enumerate(zip(text, digits, strict=False)) if a != b), None)
    if first is not None:
        assert norm.to_source(first, first + 1)[0] == first  # the digits start where the words do


def test_a_dose_in_words_is_checked_and_quoted_as_written(lint_text) -> None:
    """"twenty-five milligrams" is read as 25 mg by the dose check; the finding starts at the
    sentence and its message quotes the words the writer typed."""
    found = lint_text("Naltrexone for alcohol.\n\nThe standard dose is twenty-five milligrams once a day.\n",
                      select=["NX503"])
    assert [(f.line, f.column) for f in found] == [(3, 1)]
    assert "'twenty-five milligrams'" in found[0].message

# -- ConText: negation, clause boundaries, hedging -------------------------------------------

@pytest.mark.parametrize(("text", "flagged"), [
    ("Naltrexone is not a cure.", False),
    ("Naltrexone is a cure.", True),
    ("LDN does not cure fibromyalgia.", False),
    ("LDN never cures fibromyalgia.", False),
    ("It is not true that LDN cures fibromyalgia.", False),
    ("LDN is not addictive, but it cures fibromyalgia.", True),  # the negation stops at "but"
    ("LDN is not addictive; it cures fibromyalgia.", True),  # ... and at ";"
])
def test_negation_with_clause_scope(lint_text, text: str, flagged: bool) -> None:
    assert ("NX101" in rules(lint_text(text))) is flagged


def test_negated_caveat_does_not_satisfy_it(lint_text) -> None:
    stated = "Naltrexone helps. Taking it with opioids in your body causes sudden opioid withdrawal."
    assert "NX201" not in rules(lint_text(stated))
    for denied in ("Naltrexone helps. There is no risk of withdrawal if you take it with opioids.",
                   "Naltrexone helps. It never causes opioid withdrawal."):
        assert "NX201" in rules(lint_text(denied)), denied


def test_grades_in_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    drafts = {"hedged.md": "LDN may reduce pain in fibromyalgia.\n",
              "hedged2.md": "LDN could potentially reduce pain in fibromyalgia.\n",
              "direct.md": "LDN reduces pain in fibromyalgia.\n",
              "absolute.md": "LDN cures fibromyalgia.\n"}
    for name, text in drafts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    kw = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    r = CliRunner(**kw).invoke(main, ["check", "--format", "json", "--select", "NX1", *drafts])
    grades: dict[str, set[str]] = {}
    for f in json.loads(r.stdout)["findings"]:
        grades.setdefault(f["path"], set()).add(f.get("grade"))
    assert grades["hedged.md"] == {"hedged"}
    assert grades["hedged2.md"] == {"hedged"}
    assert grades["direct.md"] == {"direct"}
    assert "absolute" in grades["absolute.md"]
    assert "hedged" not in grades["direct.md"] | grades["absolute.md"]


# -- citation evidence ---------------------------------------------------------------------------

ASSERTION = "Studies show LDN lifts mood"


def test_uncited_research_claim_is_flagged(lint_text) -> None:
    fs = [f for f in lint_text(ASSERTION + ".\n") if f.rule == "NX301"]
    assert [(f.line, f.column) for f in fs] == [(1, 1)]


@pytest.mark.parametrize("cited", [
    ASSERTION + " [3].",
    ASSERTION + " [1, 2].",
    ASSERTION + " [2-4].",
    ASSERTION + " [2–4].",
    ASSERTION + ".¹",
    ASSERTION + "¹.",
    ASSERTION + ".[3]",
    ASSERTION + " [^3].\n\n[^3]: Younger J. Low-dose naltrexone for fibromyalgia. 2014.",
    ASSERTION + " (Younger et al., 2014).",
    ASSERTION + " (Toljan & Vrooman, 2018).",
    ASSERTION + " (doi:10.1016/j.example.2014.01.001).",
    ASSERTION + " (https://doi.org/10.1002/art.38429).",
    ASSERTION + " (PMID: 24558033).",
    ASSERTION + " ([a 2014 trial](https://example.org/younger-2014)).",
], ids=["numeric", "list", "range", "en-dash-range", "superscript-after", "superscript-before", "after-period",
        "footnote", "et-al", "ampersand", "doi", "doi-url", "pmid", "markdown-link"])
def test_citation_silences_uncited_research(lint_text, cited: str) -> None:
    assert "NX301" not in rules(lint_text(cited + "\n"))


def test_citation_in_one_sentence_does_not_cover_another(lint_text) -> None:
    fs = lint_text(f"{ASSERTION}.\n\n{ASSERTION} [3].\n")
    assert [f.line for f in fs if f.rule == "NX301"] == [1]


@pytest.mark.parametrize(("name", "text"), [
    ("draft.html", f"<p>{ASSERTION}.<sup>3</sup></p>"),
    ("draft.md", f"{ASSERTION}.<sup>3</sup>\n"),
])
def test_html_sup_marker_is_a_citation(lint_text, name: str, text: str) -> None:
    assert "NX301" not in rules(lint_text(text, name))


# -- reference-list integrity --------------------------------------------------------------------

REFS = "1. Younger J. Low-dose naltrexone for fibromyalgia. 2014.\n2. Toljan K. LDN review. 2018.\n"


@pytest.mark.parametrize(("name", "heading", "column"), [
    ("draft.md", "## References", 4), ("draft.md", "## Sources", 4), ("draft.md", "## Bibliography", 4),
    ("draft.md", "## Works cited", 4), ("draft.md", "References:", 1), ("draft.txt", "References:", 1),
    ("draft.txt", "Sources", 1),
])
def test_uncited_reference_list(lint_text, name: str, heading: str, column: int) -> None:
    fs = lint_text(f"Naltrexone may lift mood.\n\n{heading}\n\n{REFS}", name)
    nx310 = [f for f in fs if f.rule == "NX310"]
    assert [(f.line, f.column) for f in nx310] == [(3, column)]
    assert "NX311" not in rules(fs) and "NX312" not in rules(fs)


def test_cited_reference_list_is_fine(lint_text) -> None:
    text = "Naltrexone may lift mood [1]. LDN was studied (Toljan & Vrooman, 2018)."
    fs = lint_text(f"{text}\n\n## References\n\n{REFS}")
    assert not {"NX310", "NX311", "NX312"} & set(rules(fs))


def test_dangling_marker(lint_text) -> None:
    text = f"Naltrexone helps [1]. Doctors who prescribe it see results [7].\n\n## References\n\n{REFS}"
    fs = [f for f in lint_text(text) if f.rule == "NX311"]
    col = text.index("[7]") + 1
    assert [(f.line, f.column, f.end_column) for f in fs] == [(1, col, col + 3)]
    assert "7" in fs[0].message


def test_unused_reference(lint_text) -> None:
    fs = [f for f in lint_text(f"Naltrexone helps [1].\n\n## References\n\n{REFS}") if f.rule == "NX312"]
    assert [(f.line, f.column) for f in fs] == [(6, 4)]


def test_footnote_nothing_cites_is_reported_at_its_own_line(lint_text) -> None:
    text = ("Naltrexone helps [^1]. LDN was studied too [^2].\n\n"
            "[^1]: Younger J. Low-dose naltrexone. 2014.\n"
            "[^2]: Toljan K. LDN review. 2018.\n"
            "[^3]: Parker CE. LDN for Crohn's disease. 2018.\n")
    fs = [f for f in lint_text(text) if f.rule == "NX312"]
    assert [(f.line, f.end_line) for f in fs] == [(5, 5)]
    assert "3" in fs[0].message


def test_references_heading_inside_a_plain_text_block(lint_text) -> None:
    """A board's guidance typed without blank lines: the "References" line under the last
    numbered clause heads the list, so its entries are found and every marker resolves."""
    text = ("1.1 Naltrexone is an opioid antagonist [1].\n"
            "1.2 Compounded drugs are not FDA-approved [2].\n"
            "References\n"
            "[1] Naltrexone hydrochloride tablets, USP. Prescribing information. DailyMed.\n"
            "[2] U.S. Food and Drug Administration. Human drug compounding: questions and answers.\n"
            "[3] Low dose naltrexone for Crohn's disease. Cochrane Database Syst Rev. 2018.\n")
    fs = lint_text(text, "guidance.txt")
    assert "NX311" not in rules(fs)  # no marker dangles
    assert [(f.rule, f.line) for f in fs if f.rule == "NX312"] == [("NX312", 6)]  # the entry nothing cites


@pytest.mark.parametrize(("name", "text", "line"), [
    # a numbered list ends where a block without a number starts: a footer is not a reference
    ("mail.txt", "Naltrexone helps [1].\n\nSources\n1. Younger J. 2014.\n3. Toljan K. 2018.\n\n"
                 "Tempo Health, 400 Market St, Denver\nUnsubscribe any time.\n", 5),
    # an HTML <ol> numbers its items; text after </ol> is not an entry
    ("page.html", "<p>Naltrexone helps.<sup>1</sup></p>\n<h3>References</h3>\n<ol>\n"
                  "<li>Younger J. 2014.</li>\n<li>Toljan K. 2018.</li>\n</ol>\n<p>&copy; 2025 A Clinic</p>\n", 5),
])
def test_references_list_ends_with_the_list(lint_text, name: str, text: str, line: int) -> None:
    fs = [f for f in lint_text(text, name) if f.rule == "NX312"]
    assert [f.line for f in fs] == [line]


def test_superscript_list_footnotes_and_links_resolve_separately(lint_text) -> None:
    text = ("LDN eased pain in two trials¹². A protocol is out ([Plank et al., Trials](https://doi.org/10.1/x)).\n"
            "Itching eased too.[^1]\n\n"
            "## Sources\n\n"
            "¹ Younger J, Mackey S. LDN pilot. 2009.\n"
            "² Younger J, Noor N. LDN for fibromyalgia. 2013.\n"
            "³ Plank JR, Glover SC, et al. LDN trial protocol. 2022.\n\n"
            "[^1]: Terg R. Naltrexone for pruritus. 2002.\n"
            "[^2]: Bolton M. Adverse events of naltrexone. 2019.\n")
    fs = lint_text(text)
    assert [f.line for f in fs if f.rule == "NX312"] == [11]  # only [^2]: ¹² is 1 and 2, the link cites ³
    assert "NX311" not in rules(fs)


# -- scope --------------------------------------------------------------------------------------

def test_draft_that_never_mentions_naltrexone_gets_no_findings(lint_text) -> None:
    text = ("# Miracle supplement\n\nStudies show this supplement cures fibromyalgia and depression. "
            "It is 100% safe with no side effects. Buy now for $49, no prescription needed.\n\n"
            "References:\n\n1. Someone. 2014.\n")
    assert lint_text(text) == []
    assert lint_text(text.replace("this supplement", "naltrexone"))  # the same text about the drug is judged
