"""``fact``: statements and numbers checked against the knowledge base (``facts:`` in
the rulesets, built from FACTS.md with a source URL per entry).

``check`` is one of:
- ``statement``: a concept that states something false (``match``), flagged unless
  negated ("naltrexone is not an opioid" is right) — or, with ``negation: flag``, also
  when the statement is itself a denial ("naltrexone is NOT an opioid blocker"); needs
  the drug (``subject``) before it in the sentence or inside the match; with
  ``cell_header``, a table cell that answers "Yes" (or gives a schedule) in the drug's
  column of a row those concepts head states it too ("| DEA schedule | II | IV |");
- ``approval``: approval claims — which product (``facts.products``: concepts and the
  indications and years FDA approved), which indication (``facts.indications``), which
  year, which group of patients (``facts.populations``: groups no product is approved
  for); flags an approval that never happened or a wrong year;
- ``washout``: an opioid-free period shorter than ``facts.washout.min_days``;
- ``dose``: a dose outside the ranges in ``facts.doses`` (milligrams, a count of tablets
  a day where a product gives ``unit_mg`` and ``max_daily_mg``, or a dosing interval
  shorter than ``min_interval_days``, or one dose said to last longer than
  ``max_interval_days``, or, where the sentence names the milligrams, longer than the
  product's ``block_hours`` table allows for that dose; or a number called "the usual
  dose" other than ``usual_mg``; or one tablet said to hold other than ``tablet_mg`` (one shot
  other than ``shot_mg``), for
  a product made in one strength).

``near`` concepts must stand in the sentence, or with ``near_scope: paragraph`` anywhere
in its paragraph, with ``near_scope: referent`` also in the two sentences before it when
"it" speaks of them, or with ``near_scope: document`` anywhere in the draft (a fact true of
one product only, told in a list of tips about it).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from itertools import chain
from typing import TYPE_CHECKING, Any

from nxlint.rules.base import Hit, Rule, validate_flags

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Mention, Sentence

CHECKS = ("statement", "approval", "washout", "dose")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_ANSWER = r"\W*(?:(?:correct\s+)?answer\b|ans\b|A\s*:)\W*"  # "**Answer:** ..." or "A: ..." under a question
ANSWER_LEAD = re.compile(_ANSWER, re.I)
ANSWER_TRUE = re.compile(_ANSWER + r"(?:true|fact|yes)\b", re.I)
ANSWER_NONE = re.compile(_ANSWER + r"(?:none|no\b|not\b|nothing|neither|false)", re.I)
# an FAQ's yes under a yes-or-no question: "### Is LDN FDA-approved?" / "Yes. Naltrexone has been ..."
ANSWER_YES = re.compile(r"(?:" + _ANSWER + r")?(?:yes|yep|yeah|absolutely|correct|definitely|of\s+course|pretty\s+much|"
                        r"basically|essentially|more\s+or\s+less|"
                        r"(?:it|they|that)\s+(?:is|does|can|was|sure\s+(?:is|does|can))\b(?!\s+not\b))", re.I)
YES_NO_QUESTION = re.compile(r"\W*(?:Q\d*\W+)?(?:is|are|was|has|have|does|did|can|could|may|should|will)\b", re.I)
AROUND_SINCE = re.compile(r"\b(?:around|available|on\s+the\s+(?:U\.?S\.?\s+)?market|in\s+use)\s+since\b", re.I)
AGENCY_SUBJECT = re.compile(r"(?:the\s+)?(?:FDA|agency)\s", re.I)  # the agency acts; the product is named before
BOTH_FOR = re.compile(r"\bfor\s+(?:both|each\s+of)\b|\bboth\s+indications\b", re.I)
THAT_APPROVAL = re.compile(r"\b(?:that|this|the\s+same)\s+approval\b", re.I)
# a sentence whose subject is the product before it (an FAQ answer's "A: It covers you for six weeks" too)
PRONOUN_SUBJECT = re.compile(r"\W*(?:(?:A|Ans|Answer)\s*[:.)-]\s*)?(?:it|they)\b", re.I)
CLAUSE_PRONOUN = re.compile(r"(?:,\s*(?:and|but|so)|;)\s+it(?:['’]s|\s+is|\s+was|\s+has\s+been)\s+"
                            r"(?:actually\s+|really\s+)?the\s+(?:one|only\s+one|drug|pill|medicine|version)\s+"
                            r"(?:that['’]s|that\s+is|that\s+was|that\s+got|that\s+has\s+been|which\s+is)\s+"
                            r"(?:actually\s+|really\s+|officially\s+)?(?:FDA[- ])?$", re.I)
# "This has been around since 1994": a sentence whose subject points back at the product
DEMONSTRATIVE_SUBJECT = re.compile(r"\W*(?:this|that|it)(?:\s+(?:one|medicine|medication|drug|pill|tablet))?\s+", re.I)
NAMING = re.compile(r"\b(?:called|named|known\s+as|sold\s+as|branded\s+as|brand\s+name)\s+$", re.I)
# "approved for that now", "approved for this purpose since 2006": the use the sentence before named
FOR_THAT = re.compile(r"\s*(?:for|to\s+treat)\s+(?:exactly\s+|just\s+|precisely\s+)?(?:that|this|it)\b"
                      r"(?!\s+(?:reason|kind|type|sort|condition|disorder|disease)\b)", re.I)
YEAR_COLUMN = re.compile(r"\W*(?:year|date|yr)s?\W*", re.I)  # a table column of bare years
# "the 1960s", "the mid-1990s", "back in the 80s": a decade, or a third of one
DECADE = re.compile(r"\b(?:(early|mid|late)[\s-]+)?(?:(?:(19[5-9]|20[0-4])0|['’]?([5-9])0)['’]?s|"
                    r"(fifties|sixties|seventies|eighties|nineties))\b", re.I)  # "since, like, the seventies"
DECADE_WORDS = {"fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}
# "FDA-approved for alcohol use disorder for over forty years": a span of years back from today
FOR_YEARS = re.compile(r"\bfor\s+(?:(over|more\s+than|almost|nearly|close\s+to|about|around|roughly)\s+)?"
                       r"(\d{2}|twenty|thirty|forty|fifty|sixty)(?:-odd)?\s+years\b", re.I)
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# "over half a century ago", "three decades ago", "30 years ago": a year back from today
YEARS_AGO = re.compile(r"\b(?:(over|more\s+than|almost|nearly|close\s+to|about|around|roughly)\s+)?"
                       r"(half\s+a\s+century|a\s+century|(?:two|three|four|five|six)\s+decades|\d{2}|twenty|thirty|"
                       r"forty|fifty|sixty)(?:\s+years)?\s+ago\b", re.I)
SPANS = {"half a century": 50, "a century": 100, "two decades": 20, "three decades": 30, "four decades": 40,
         "five decades": 50, "six decades": 60}
PERIOD = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|a\s+few|a\s+couple\s+of|a|the|the\s+next|the\s+same|"
                    r"twenty-four|forty-eight|seventy-two)"
                    r"(?:\s*(?:-|–|to|or|a)\s*(\d+(?:\.\d+)?))?[\s-]*"
                    r"(?:(?:clear|full|whole|straight|clean|solid)\s+)?"  # "three clear days off opioids"
                    r"(hours?|hrs?|h|days?|nights?|mornings?(?=\s+after\s+(?!\d)|(?<=next\smorning))|weeks?|horas?|d[ií]as?|semanas?)\b",
                    re.I)  # "the morning after his last use" (not "the morning after 9 am")
DOSE = re.compile(r"\b(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?(?:\s*|-)(mg|milligrams?|g|grams?)\b",
                  re.I)  # (also "50-milligram")
UNITS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|\d{1,2})\s+(?:tablets?|pills?|tabs?),?\s+"
                   r"(?:(once|twice|two\s+times|three\s+times|four\s+times|\d\s+times)\s+)?(?:(?:a|per|each)\s+day|daily)\b",
                   re.I)
# "the usual dose is one 25 mg tablet": a number called the usual (maintenance) dose
SHOT_AFTER = re.compile(r"\s*(?:(?:deep\s+)?(?:im|intramuscular|gluteal|monthly|extended-release)\s+)*"
                        r"(?:injection|shot|jab)s?\b", re.I)
NAME_TO_DOSE = re.compile(r"[\s,:(-]*(?:an?\s+|the\s+)?")
COURSE_AFTER = re.compile(r"\s*(?:inpatient\s+|medical\s+|residential\s+)?(?:detox|taper|stay|program|course|rehab)\b",
                          re.I)
# "it's the only naltrexone product that is FDA-approved for ...": a kind of product, not the subject
KIND_AFTER = re.compile(r"[\s-]+(?:products?|-based|containing\s+(?:products?|medicines?|drugs?))\b", re.I)
APPOSED = re.compile(r",\s+(?:an?|the)\s+(?:[\w-]+\s+)?")  # "naltrexone, an FDA-approved medicine"
LATER = re.compile(r"\b(?:later|then|subsequently|afterwards|afterward|followed)\b", re.I)
AT_LEAST = re.compile(r"\b(?:at\s+least|more\s+than|over|no\s+less\s+than|a\s+minimum\s+of)\s+$", re.I)
AGO = re.compile(r"\s+ago\b", re.I)
ORAL_AFTER = re.compile(r"\s+(?:oral|naltrexone\s+(?:tablets?|pills?)|revia|generic)\b", re.I)
AFTER_BREAK = re.compile(r"[;,]|\bor\b")  # a number's product named after it comes before these
PAREN_APPROVED = re.compile(r"\(\s*(?:(?:fda[- ])?approv\w*\s+(?:in\s+)?)?$", re.I)  # "(approved 2006)", "(2010)"
USUAL_DOSE = re.compile(r"\b(?:usual|standard|typical|normal|regular|recommended|maintenance)\s+(?:daily\s+)?"
                        r"(?:adult\s+)?(?:oral\s+)?(?:dose|dosing)\s+(?:for\s+[\w\s-]{3,40}?\s+)?(?:is|of|=|:)\s*"
                        r"(?:just\s+|only\s+)?(?:one\s+|a\s+|1\s+)?$", re.I)
PER_TABLET = re.compile(r"\s*(?:of\s+naltrexone\s+)?(?:per|in\s+each|in\s+every|in\s+one|each|a)\s+"
                        r"(?:tablet|pill)\b", re.I)
EACH_TABLET = re.compile(r"\b(?:each|every|one|a\s+single)\s+(?:[\w-]+\s+)?(?:tablet|pill)\s+"
                         r"(?:contains|has|holds|packs)\s+"
                         r"(?:the\s+same\s+|just\s+|only\s+|about\s+)?$", re.I)
START_DOSE = re.compile(r"\b(?:start(?:s|ed|ing)?\s+(?:\w+\s+)?(?:at|with|on)|(?:starting|initial|first)\s+dose\s+"
                        r"(?:is|of|=|:)|begin(?:s|ning)?\s+(?:\w+\s+)?(?:at|with))\s*(?:just\s+|only\s+)?(?:a\s+)?$",
                        re.I)
# "naltrexone 8 mg/bupropion 90 mg", a claim form's "CONTRAVE ER 8 MG-90 MG": bupropion's dose
SECOND_OF_PAIR = re.compile(r"(?:/|\bmg\s*-)\s*(?:[A-Za-z]+\s*)?$", re.I)
GRAMS_TAKEN = re.compile(r"\s*(?:a|per|each|every)\s+(?:day|night|dose)\b|\s*(?:daily|nightly|/\s*day)\b"
                         r"|\s*(?:taken\s+|once\s+)?(?:at|before)\s+(?:bedtime|night|bed)\b",
                         re.I)  # ("4.5 grams taken at bedtime")
FREQUENCY = re.compile(r"\b(?:(?:once|one[\s-]+time)[\s-]+(?:a|per|each|every)[\s-]+"
                       r"(day|night|week|fortnight|month|year)|"
                       r"(daily|nightly|weekly|fortnightly|monthly|biweekly|bi-weekly|yearly|annually)|"
                       r"twice\s+(?:a|per)\s+(month|year)(?:ly)?|"
                       # (a plan's quantity limit: "1 injection per 14 days")
                       r"twice[\s-]+(month)ly|(?:every|(?:1|one|a\s+single)\s+(?:injection|shot)\s+per)\s+"
                       r"(day|night|week|other\s+week|month|"
                       r"(?:\d+|two|three|four|five|six|ten|fourteen)\s+(?:days|weeks|months))|"
                       r"q\s?(\d+\s?(?:days?|d|weeks?|wks?)))\b", re.I)
# "Your next shot is due in 2 weeks": the interval to the next dose
NEXT_DOSE = re.compile(r"\bnext\s+(?:shot|injection|dose|jab)\s+(?:is\s+|will\s+be\s+)?(?:due\s+)?(?:in|after)\s+"
                       r"(?:about\s+)?(\d+|one|two|three|four|five|six|seven|eight|ten|fourteen|thirty|sixty|ninety)\s+"
                       r"(days?|weeks?|months?)\b", re.I)
# "Oral naltrexone blocks opioids for about a week": how long one dose blocks
BLOCKS_FOR = re.compile(r"\b(?:blocks?|blocked|blocking|blockade(?:\s+(?:lasts|of))?)\s+"
                        r"(?:(?!for\b)[\w-]+\s+){0,8}?for\s+"
                        r"(?:only\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|~\s*|up\s+to\s+|nearly\s+|"
                        r"a\s+full\s+|a\s+good\s+|a\s+solid\s+|"
                        r"at\s+least\s+)?"
                        r"(\d+|one|two|three|four|five|six|a|an)\s+(?:full\s+|whole\s+|clear\s+)?(hours?|days?|weeks?|months?)\b",
                        re.I)
# ... and "gives roughly 72 h of opioid blockade": the span before the word
BLOCKADE_SPAN = re.compile(r"\b(?:gives?|provides?|offers?)(?:\s+you)?\s+(?:only\s+)?(?:about\s+|around\s+|roughly\s+|"
                           r"up\s+to\s+|nearly\s+)?(\d+|one|two|three|four|five|six|a|an)\s*(h|hrs?|hours?|days?|weeks?)"
                           r"\s+of\s+(?:opioid\s+)?(?:blockade|blocking|protection)\b", re.I)
# "The block only lasts like 6 hours": one daily dose said to wear off within hours
SHORT_BLOCK = re.compile(r"\b(?:(?:block|blockade)\s+(?:only\s+|just\s+)?lasts?|wears?\s+off\s+(?:within|in|after)|"
                         r"(?:only|just)\s+lasts?|"  # "naltrexone only lasts a few hours in your system"
                         r"clears?\s+(?:the|your)\s+(?:body|system)\s+(?:within|in|after)|"
                         r"(?:is\s+)?out\s+of\s+your\s+system\s+(?:within|in|after))\s+"
                         r"(?:like\s+|about\s+|around\s+|maybe\s+|only\s+|just\s+)?"
                         r"(\d+|one|two|three|four|five|six|a\s+few|a\s+couple\s+of|several)\s+(hours?)\b", re.I)
# "It wears off about a week after each injection": the span is one shot's
EACH_SHOT_AFTER = re.compile(r"\s+(?:after|from)\s+(?:each|every|the|a|your|one)\s+(?:injection|shot)\b", re.I)
LONG_ACTING = re.compile(r"\b(?:inject\w*|shot|implant\w*|extended[- ]release|depot|monthly|IM)\b", re.I)
# a table column of how long one dose works ("How long it lasts", "Duration of blockade"; not "Approval duration")
DURATION_HEADER = re.compile(r"\b(?:how\s+long\s+(?:it|one\s+dose|each\s+dose|a\s+dose|the\s+block(?:ade)?)\s+"
                             r"(?:lasts|works|blocks)|(?:duration|length)\s+of\s+(?:action|blockade|effect|block)|lasts?|"
                             r"blocks?\s+for|blockade\s+(?:lasts|duration)|(?:blockade|effect)\s+duration"
                             r"|^\W*(?:opioid\s+)?blockade\W*$"  # a column headed "Opioid blockade"
                             r"|^\W*(?:approximate|approx\.?|typical|usual)?\s*duration\W*$)\b", re.I)
CELL_SPAN = re.compile(r"\W*(?:about|around|roughly|approximately|approx\.?|~|up\s+to|nearly|only)?\s*"
                       r"(\d+|one|two|three|four|five|six|a|an)\s*(hours?|hrs?|h|days?|weeks?|months?)\b", re.I)
LASTS = re.compile(r"\b(?:lasts?|lasting|covers?(?:\s+you)?|works?\s+for|keeps\s+working\s+for|protects?(?:\s+you)?|"
                   r"stays?\s+in\s+(?:your|the|their|his|her)\s+(?:system|body)|"  # "it stays in your system a week"
                   r"stays?\s+active\s+for|"  # "One shot stays active for about three months"
                   r"keeps?\s+blocking\s+(?:[\w-]+\s+){0,2}?for|"  # "one tab keeps blocking heroin for 3 days"
                   # "keeps cravings away for three months"
                   r"keeps?\s+(?:the\s+)?(?:cravings|urges|the\s+urge)\s+(?:away|at\s+bay|down)\s+for|"
                   r"gives?(?:\s+you)?|provides?|"  # "One injection gives about two weeks of opioid blockade"
                   r"(?:is|['’]s)\s+good\s+for|wears?\s+off(?:\s+(?:after|within|in))?)\s+(?:for\s+)?"
                   r"(?:only\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|up\s+to\s+|nearly\s+|almost\s+|"
                   r"a\s+full\s+|a\s+good\s+|like\s+)?"
                   r"(\d+|two|three|four|five|six|ten|fourteen|thirty|sixty|ninety|a\s+few|a\s+couple\s+of|a|one)\s+"
                   r"(hours?|days?|weeks?|months?)\b",
                   re.I)
BOTH = re.compile(r"(?:both|either)\b", re.I)  # a statement about naltrexone and the drug beside it
# "Inspect Vivitrol injection sites weekly": how often someone looks, not how often it is given
# ("We see people rebuild their lives on it every week": how often someone sees it, too)
OBSERVED = re.compile(r"\b(?:inspect|check|monitor|watch|assess|examine|review|observe|document|record|chart|"
                      r"follow\s+up|visit)\w*\b|\b(?:we|i)\s+(?:see|saw|meet|met|hear)\b"
                      # "a physician who prescribes naltrexone (pills + Vivitrol) every week": the prescribing's
                      r"|\b(?:we|i|who)\s+(?:\w+\s+)?(?:prescribe|prescribes|prescribed|write|writes)\b"
                      # "Our intake staff hear the same worries about Vivitrol almost every day"
                      r"|\b(?:hear|hears|field|fields|answer|answers|get|gets)\s+(?:the\s+same\s+)?(?:worries|questions|"
                      r"concerns|calls|messages)\b", re.I)
# "requires no daily dosing", "instead of a daily pill", "easier than remembering a pill every day":
# a frequency the product is said not to have
NOT_GIVEN = re.compile(r"\b(?:no|not|without|instead\s+of|rather\s+than|never|than|replaces?|replacing|"
                       r"skips?|avoids?|spares?|unlike|"
                       # "... may help patients who struggle with daily dosing": the routine the shot replaces
                       r"(?:struggle|struggles|struggling|trouble|difficulty|problems?)\s+with)\s+(?:[\w-]+\s+){0,3}$",
                       re.I)
# "... as effective as the injectable form for patients who take it every day": a pill-taker's routine
TAKES_IT = re.compile(r"\b(?:who|that)\s+(?:take|takes|took|remember\s+to\s+take)\s+"
                      r"(?:it|them|their\s+(?:pills?|tablets?|doses?))\s+$", re.I)
# "takes daily adherence out of the equation": a routine the product spares, not how often it is given
OTHER_ROUTINE = re.compile(r"\s+(?:adherence|routine|reminders?|habit|struggle|hassle|decisions?|choices?|commitment|"
                           r"therapy|counsell?ing|sessions?|check-ins?|meetings?|groups?|visits?|urine\s+tests?|drug\s+tests?|"
                           r"battle)\b", re.I)
# a frequency that modifies another noun: "a weekly halaqa", "monthly newsletter" (not "a weekly shot",
# nor "weekly at the clinic")
OTHER_NOUN = re.compile(r"\s+(?!(?:shots?|injections?|jabs?|doses?|dosing|vivitrol|naltrexone|xr-ntx|appointments?|"
                        r"visits?|treatment|basis|schedule|at|in|on|by|for|to|and|or|with|from|after|before|until|so|but|"
                        r"as|is|are|was|were|if|when|then|thereafter|afterwards?)\b)[a-z][a-z-]{2,}\b")
PERIOD_DAYS = {"day": 1, "night": 1, "daily": 1, "nightly": 1, "week": 7, "weekly": 7, "fortnight": 14,
               "biweekly": 14, "bi-weekly": 14,
               "fortnightly": 14, "other week": 14, "month": 28, "monthly": 28, "year": 365, "yearly": 365,
               "annually": 365}
PAREN_AFTER_YEAR = re.compile(r"\s*\(\s*(?:for\s+)?")
YEAR_AFTER_INDICATION = re.compile(r"\W*(?:(?:in|since|from|back\s+in)\W*)?$", re.I)
INDICATION_AFTER_YEAR = re.compile(r"(?:/(?:19|20)?\d\d)?"  # "1994/95 for EtOH": the year of a two-year span
                                   r"\W*(?:(?:approval|indication|nod|label)\s+)?"  # "its 2006 approval for alcohol"
                                   r"(?:for|to\s+treat|to\s+(?:help\s+)?prevent|as\s+a\s+treatment\s+for)\s+"
                                   r"(?:(?:the\s+)?(?:prevention|treatment|management|blockade)\s+of\s+"
                                   r"(?:relapse\s+to\s+)?|relapse\s+to\s+|(?:\w+\s+){1,2})?$",
                                   re.I)  # "... and in 2010 to prevent relapse after opioid detox"
CLAUSE_END = re.compile(r";|,\s+(?:and|but|while|whereas|although|though)\s+"
                        r"(?:(?:today|now|later|currently|since\s+then|then),?\s+)?"
                        r"(?:a|an|the|its|it|this|that|is|was|has|had|your|you|we|our|they|their|my|i|he|she|his|her)\b",
                        re.I)  # (", but your employer has chosen not to cover it in 2025": another subject's clause)
# ", and we get DMs every day": a clause with a subject of its own
# "tablets are taken just once a week", "you take it weekly"
TAKEN = re.compile(r"\b(?:(?:is|are)\s+(?:only\s+|just\s+)?(?:taken|dosed|swallowed)|you\s+(?:only\s+)?"
                   r"(?:take|swallow))\s+(?:(?:just|only|once|one\s+tablet|one\s+pill|it|them)\s+){0,2}$", re.I)
WAIT_LEAD = re.compile(r"\b(?:after|wait(?:ing)?|at\s+least|only|just|within)\s+(?:about\s+|around\s+|like\s+)?$", re.I)
CONTRAST = re.compile(r"\b(?:but|however|though|although|yet)\b", re.I)  # a second period set against the first
OTHER_CLAUSE = re.compile(r"[;,]\s+(?:and|but|so)\s+(?:we|i|they|you|people|families|he|she)\b", re.I)
APPOSITIVE = re.compile(r"\W*(?:as|being)\s+(?:an?|the|with\s+(?:other|all|any))\s", re.I)  # "As with other ..."
SUBORDINATE = re.compile(r"\W*(?:because|since|as|although|though|while|when|if|once)\s+(?:it|they)\b", re.I)
# a year that dates a law, a study or a report, not the approval: "(SUPPORT Act of 2018)", "(Jonas et al., 2014)"
NOT_APPROVAL_YEAR = re.compile(r"\b(?:act|law|rule|statute|guidance|guidelines?|report|survey|review|study|trial|"
                               r"meta-analysis|et\s+al)\b\.?[^.;()]{0,20}$"
                               r"|(?:,\s*|\b)(?:not|never)\s+(?:in\s+)?$", re.I)  # "approved September 2014, not 2016"
# a case report's narrative voice: what was done, not advice about how long to wait
CASE_NARRATIVE = re.compile(r"\b(?:was|were|had\s+been)\s+(?:given|administered|injected|inducted|started|initiated)\b|"
                            r"\b(?:walked|came)\s+into\s+(?:our|the|my)\b|\bshowed\s+up\s+at\b|"  # a patient's story
                            r"\b(?:reported|reports|stated|endorsed|endorses|denied|denies)\s+(?:his\s+|her\s+|their\s+)?last\s+"
                            r"(?:opioid\s+|heroin\s+|fentanyl\s+)?(?:use|dose)\b|"
                            r"\b(?:started|initiated|inducted)\s+(?:patient\s+\w+|the\s+patient|him|her|them|pt)\s+on\b|"
                            # a cautionary tale: "I took mine 3 days after my last oxy and went into the worst
                            # withdrawal"
                            r"\b(?:took|started|got|had)\b[^.!?]{0,60}?\b(?:and|then)\s+(?:went\s+into|got|had|ended\s+up\s+in)\s+"
                            r"(?:the\s+|a\s+)?(?:[\w-]+\s+){0,5}?withdrawal\b",
                            re.I)
# "... for opioid use disorder and, at lower doses, for weight loss": another use in the same list
LISTED_AFTER = re.compile(r"[^.;:()]*?(?:\band\b|\bor\b|\bas\s+well\s+as\b|\bplus\b|,)(?![^.;:()]*\b(?:not|off-label|"
                          r"unapproved|but)\b)[^.;:()]*", re.I)
YEARS_LATER = re.compile(r"\b(\d{1,2})\s+years?\s+later\b", re.I)  # ("two years later": the normaliser writes 2)
COMPARED_BEFORE = re.compile(r"\b(?:the\s+same\s+as|same\s+as|like|unlike|than|similar\s+to|"
                             r"compared\s+(?:to|with))\s+$", re.I)
SUBJECT_AFTER = re.compile(r"\s+(?:is|are|was|were|has|have|gets|got)\b", re.I)  # a product that opens a clause
# "Contrave is the only naltrexone product approved ...": a product named inside the predicate noun
PREDICATE_NOUN = re.compile(r"\b(?:is|are|was|were)\s+(?:the\s+only|the\s+one|the\s+first|the\s+sole|an?|the)\s+"
                            r"(?:[\w-]+\s+){0,2}$", re.I)
NOUN_AFTER = re.compile(r"[\s-]+(?:based\s+)?(?:product|medicine|medication|drug|formulation|option|version|pill|"
                        r"tablet)s?\b", re.I)
# "Do not start naltrexone until you have been off all opioids for 3 days": the negation states the wait
UNTIL_START = re.compile(r"\b(?:start|take|begin|get)\b[^.;]{0,40}?\buntil\b", re.I)
# "do not take naltrexone within 24 hours of using any opioid": the negation states the (short) wait
WITHIN_CUE = re.compile(r"within\b", re.I)
# "first approved in 1994, for alcohol" or "..., as ReVia for alcohol": the year stands alone
COMMA_FOR = re.compile(r"\s*,\s*(?:as\s+[\w-]+\s+)?for\b", re.I)
SAME_YEAR = re.compile(r"\b(?:the\s+same\s+year|that\s+same\s+year|in\s+the\s+same\s+year)\b", re.I)
SPEAKER = re.compile(r"^\W*[A-Z]{2,16}:\s*")  # a transcript's speaker: "NOVA: ", "HOST: "
# words a subjectless fragment may open with before its claim ("Also sold OTC in some states", "- also used
# in the ED to reverse ..."), after a speaker's name too ("NOVA: Both can be used to bring someone back");
# a flashcard's answer may open with an adjective ("A: Competitive partial agonist")
# a noun phrase opening a fragment: "A synthetic opioid" says what the drug at hand is
NOUN_PHRASE_START = re.compile(r"\W*(?:an?|the)\s+(?:[\w-]+\s+){0,2}", re.I)
SUPPLIED = re.compile(r"\b(?:mailed|shipped|delivered|refilled|filled|billed|charged|sent|dispensed|supplied|"
                      r"ordered|paid)\b", re.I)  # how often tablets come, not how often one is taken
COMBO_BEFORE = re.compile(r"\b(?:a|the)\s+(?:combo|combination|combined)\s+(?:pill|tablet|medicine|medication|drug|"
                          r"product)\s+(?:of|with|containing)\s+naltrexone\b", re.I)
WHICH_MEDICINE = re.compile(r"\W*(?:Q?\d*[.):]?\s*)?(?:which|what)\s+(?:medicine|medication|drug|one|antagonist)\b",
                            re.I)
NALOXONE_IS_AFTER = re.compile(r"\s+(?:is|=|means)\s+(?:naloxone|narcan)\b", re.I)
CALLED_WRONG = re.compile(r"[^.;!?]{0,40}?,?\s+which\s+(?:is|was)\s+(?:wrong|incorrect|not\s+true|false|a\s+myth)\b",
                          re.I)
# a cell that is a span: "72 hours", "at least 24 hours", "about 3 days" (the whole cell, or its start)
CELL_PERIOD = re.compile(r"\W*(?:(?:at\s+least|minimum(?:\s+of)?|about|around|approximately|~|only|just)\s+)?"
                         + PERIOD.pattern, re.I)
GENERIC_APPROVED = re.compile(r"\s+(?:treatments|medications|medicines|drugs|options|products|therapies)\b", re.I)
COVERS_BEFORE = re.compile(r"\b(?:only|covers?|pays?\s+for|reimburses?|includes?|fund(?:s|ing)?|offer(?:s|ing)?|all)\s+"
                           r"(?:\w+\s+)?$", re.I)
BUT_CLAUSE = re.compile(r",?\s+(?:but|however|whereas|while)\s+|;\s+", re.I)  # a contrast begins another clause
OR_NEXT = re.compile(r";|\bor\b|\band\b", re.I)  # another item begins before the frequency
OPIOID_COURSE = re.compile(r"\b(?:needs?|needed|takes?|took|taking|uses?|used|on|prescribed|given)\s+(?:opioids|"
                           r"painkillers|pain\s+(?:meds|pills|medicine)|morphine|oxycodone|oxy|tramadol)\s+for\s+"
                           r"(?:about\s+|only\s+|just\s+)?$", re.I)
DOSE_RATE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|milligrams?|tabs?|tablets?|pills?|strips?|films?)\s+$", re.I)
# a label line's key in capitals: "SCHEDULE: C-IV" under "NALTREXONE HCL 50 MG TABLET"
KEY_LABEL = re.compile(r"\W*[A-Z][A-Z /&-]{1,20}:\s*")
# the first column of a list of medicines: each row's label is a medicine's name
MEDICINE_COLUMN = re.compile(r"\W*(?:current\s+|other\s+)?(?:meds?|medications?|medicines?|drugs?|products?)\W*",
                             re.I)  # (not a spec table's "Item #" over "DEA schedule")
FRAGMENT_START = re.compile(r"\W*(?:[A-Z]{2,15}:\s*)?(?:(?:A|Ans|Answer)\s*[:.)-]\s*(?:[\w-]+\s+){0,2})?"
                            r"(?:(?:also|now|still|even|only|often|usually|sometimes|and|but)\s+)*"
                            r"(?:(?:is|are|was|were|gets?|got|being)\s+)?"
                            r"(?:(?:sold|available|approved|given|used|taken|marketed|prescribed|offered|stocked|found|"
                            r"classed|classified|listed|labelled|labeled)"
                            r"(?:\s+(?:in|at|by|on|for)\s+(?:the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+)?)?(?:\s+to)?)?\s*"
                            r"(?:(?:emergency|rapid|fast|quick|immediate|safe|effective)\s+)?",  # "Emergency reversal"
                            re.I)
TABLE_CELL = re.compile(r"<t[dh]\b[^>]*>\s*$", re.I)
NOT_BEFORE = re.compile(r"\b(?:not|n['’]t|never)\b", re.I)
# "approved only for opioid addiction", "approved for alcohol use only": the other approvals denied
ONLY_FOR = re.compile(r"\s+(?:only|solely|exclusively)\s+(?:for|to\s+treat)\b"
                      r"|\s+for\s+(?:[\w-]+\s+){1,4}?(?:only|alone)\b", re.I)
# "Vivitrol's only approved for opioid addiction"
ONLY_BEFORE = re.compile(r"\b(?:only|solely|exclusively)\s+(?:been\s+)?$", re.I)
DISSOLVED = re.compile(r"\s+(?:of\s+\w+\s+)?(?:in|into)\s+\d+(?:\.\d+)?\s*(?:ml|cc|oz|mls)\b", re.I)
# "LDN is a tiny dose of an FDA-approved medication": the approval is the molecule's
DOSE_OF = re.compile(r"\b(?:dose|amount|fraction|version|form)\s+of\s+(?:an?|the)\s*$", re.I)
ONLY_IN = re.compile(r"\b(?:only|solely)\b", re.I)  # "is only approved for opioid dependence"
# "approved as Contrave", "approved for that use only as part of Contrave": the product it is approved as
APPROVED_AS = re.compile(r"(?:(?:\s+for)?\s+(?:that|this|it|weight\s+loss|weight\s+management)(?:\s+use)?)?"
                         r"\s+(?:only\s+)?(?:as(?:\s+part\s+of)?|within|in\s+combination\s+with\s+bupropion\s+as)\s+",
                         re.I)
FRONTED_ITS = re.compile(r"\W*(?:since|after|with|following|before|from|in|at|by|upon)\s+its\b", re.I)
FIRST_APPROVED = re.compile(r"\b(?:first|originally|initially|initial)\s+(?:[\w.]+\s+)?approv", re.I)
# "The FDA-approved weight-loss medicine is Contrave": the product named after the approval is its subject
OBJECT_IS = re.compile(r"[\w\s-]{0,60}?\b(?:is|are|was|were|remains)\s+(?:called\s+)?", re.I)
# "in 1994, when the FDA approved it", "goes back to 1994, when it was first approved"
WHEN_YEAR = re.compile(r"\b((?:19|20)\d\d),?\s+when\s+(?:the\s+|it\s+|they\s+)?$")
# a timeline entry: "- 2012: Vivitrol gets ...", "2006  Vivitrol approved for alcohol dependence"
TIMELINE = re.compile(r"[\W_]*((?:19|20)\d\d)(?:\s*[:–—]\s|\s+(?=[A-Z]))")
# "LDN is a tiny dose of a medicine the FDA has approved since 1984": the approval is the molecule's
OF_A_MEDICINE = re.compile(r"\b(?:of|from)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?"
                           r"(?:medicine|drug|medication|molecule|compound)\s+(?:that\s+|which\s+)?"
                           r"(?:(?:has|had|was|is)\s+)?(?:the\s+)?(?:U\.?S\.?\s+)?(?:FDA\s+)?(?:has\s+|had\s+|was\s+)?$",
                           re.I)
# a label's own header, "Initial U.S. Approval: 2006", dates the product above it, not the molecule
LABEL_HEADER = re.compile(r"initial\s+(?:u\.?s\.?\s+)?approval\b", re.I)
# "blocks opioids for about a day": how long one dose lasts
BLOCKS_SPAN = re.compile(r"\b(?:blocks?|blocking|lasts?)\b[^.;]{0,30}?\bfor\s+"
                         r"(?:about\s+|around\s+|roughly\s+|up\s+to\s+)?$", re.I)
BLOCKADE_SLACK = 0.5  # days: "about 24 hours" at 50 mg may be written "a day and a half"; 72 h at 50 mg, or
# 96 h at 150 mg, may not
AMOUNT_OF = re.compile(r"\b(?:\d+(?:\.\d+)?\s*(?:mg|milligrams?)|(?:small|low|tiny)\s+(?:dose|amount))\s+(?:of\s+)?$",
                       re.I)
# "approved in 2014 for adults with a BMI of 30, or 27 with a condition such as type 2 diabetes": a
# condition the patients have, not the indication
COMORBIDITY = re.compile(r"(?:\b(?:condition|conditions|comorbidit(?:y|ies)|illness|illnesses|problem)\s+"
                         r"(?:such\s+as|like|including|e\.g\.,?)"
                         # "for adults with a BMI of 30+, or 27+ if you also have something like ... diabetes"
                         r"|\bif\s+(?:you|they|patients?|people)\s+(?:also\s+)?(?:have|has)\s+"
                         r"(?:(?:something|a\s+condition|conditions)\s+)?(?:such\s+as|like|including)?)"
                         r"\s+(?:[\w-]+,?\s+(?:or\s+|and\s+)?){0,5}$", re.I)
GLOSS = re.compile(r"\s*(?:\(|,\s*(?:a|an|the)\b)[^.;()]{0,40}", re.I)  # what opens a gloss on a product's name
# "Contrave does contain naltrexone and is approved ...": an ingredient
INGREDIENT_OF = re.compile(r"\b(?:contains?|containing|combines|combining|includes|including|pairs)\s+"
                           r"(?:\w+\s+){0,2}?$", re.I)
CONTAINED_IN = re.compile(r"\b(?:same\s+(?:drug|medicine|medication|ingredient|stuff|thing)\s+"
                          r"(?:that['’]?s\s+|thats\s+|that\s+is\s+|which\s+is\s+|as\s+)?(?:in|inside)|"
                          r"(?:found|used)\s+in|an?\s+ingredient\s+(?:of|in)|half\s+of)\s+$", re.I)
AMOUNT_AFTER = re.compile(r"\s*\(?\s*\d+(?:\.\d+)?\s*(?:mg|milligrams?)\b", re.I)  # "naltrexone 8 mg with bupropion"
OTHER_FORM = re.compile(r"\b(?:and|or|vs\.?|versus|than|to|over|with|on|compared\s+(?:to|with))\s+(?:the\s+|a\s+)?$",
                        re.I)
WHEN_CLAUSE = re.compile(r"\s+(?:that\s+|when\s+)?(?:he|she|they|i|we|you)\s+"
                         r"(?!(?:can|could|may|might|should|must|need)\b)[a-z]+", re.I)
COMPARED_OPEN = re.compile(r"\W*(?:[A-Z][\w .()'-]{0,30}:\s*)?(?:unlike|compared\s+(?:to|with)|in\s+contrast\s+to)\b",
                           re.I)
# "choose Vivitrol over a daily medication": another medicine's routine
OTHER_MED_AFTER = re.compile(r"\s+(?:medications?|medicines?|meds|options?|treatments?)\b", re.I)
# "the daily pill": the tablets' frequency, not the shot's
PILL_AFTER = re.compile(r"\s+(?:oral\s+)?(?:pills?|tablets?|capsules?)\b", re.I)
# "people who struggle to take a pill every day" / "forget to take a daily pill" / "remember a pill
# every day": the pill's routine the shot spares, not how often the shot is given
TAKE_PILL = re.compile(r"\b(?:take|takes|taking|took|swallow(?:s|ing)?|pop(?:s|ping)?|remember(?:s|ing)?|"
                       r"forget(?:s|ting)?)\s+(?:a\s+|the\s+|their\s+|your\s+|one\s+|it\s+|them\s+)?"
                       r"(?:(?:oral\s+)?(?:pills?|tablets?|capsules?)\s+)?$", re.I)
ACTION_WORDS = re.compile(r"(?:drop|dropping|lose|losing|shed|shedding|slim)\b", re.I)  # a use said as a verb
ORAL = re.compile(r"\b(?:oral|orally|tablets?|pills?|by\s+mouth)\b", re.I)
SHOT_ANAPHOR = re.compile(r"\b(?:shot|injection|jab)$", re.I)
SHOT_WORD = re.compile(r"\b(?:the|a|its)\s+(?:monthly\s+|once-a-month\s+|extended-release\s+)?(?:shot|injection|jab)\b",
                       re.I)
ONE_UNIT = re.compile(r"\b(?:one|a|a\s+single|each|1)\s+(?:naltrexone\s+)?(?:tablet|pill)\b(?!s)", re.I)
OPTION = re.compile(r"(?:^|\s)\(?[a-dA-D][).]\s")  # a multiple-choice option: "a) ", "(b) ", "C. "
# a true/false item: "1. Naltrexone is an opioid.   TRUE / FALSE" offers the statement, it does not make it
TRUE_FALSE = re.compile(r"\b(?:TRUE\s*/\s*FALSE|T\s*/\s*F|true\s+or\s+false)\s*[?:.]?\s*$", re.I)
# "The pill has been approved ...": the tablets, whatever shot the sentence before named
ORAL_SUBJECT = re.compile(r"\b(?:the|this|that)\s+(?:same\s+)?(?:little\s+|small\s+|tiny\s+)?(?:daily\s+|oral\s+)?"
                          r"(?:\d+\s*mg\s+)?(?:pill|pills|tablet|tablets)\s+"
                          r"(?:form\s+|version\s+)?(?:(?:has|have)\s+been\s+|is\s+|are\s+|was\s+|were\s+|got\s+)?"
                          r"(?:FDA[- ])?$", re.I)
# "it's the combination that's approved for weight management": the two-drug product, Contrave
COMBINATION_SUBJECT = re.compile(
    r"\b(?:the|this|that)\s+(?:naltrexone[-/–\s]+bupropion\s+)?(?:combination|combo|combined\s+(?:pill|tablet|product))"
    r"\s+(?:pill\s+|tablet\s+|product\s+)?(?:that\s*['’]?s\s+|that\s+is\s+|that\s+was\s+|which\s+is\s+|is\s+|was\s+|"
    r"has\s+been\s+)?(?:also\s+|only\s+)?(?:FDA[- ])?$", re.I)
STOPPED_BEFORE_SURGERY = re.compile(
    r"\b(?:stop|stopped|stopping|hold|held|holding|pause|paused|come\s+off|came\s+off|go\s+off|went\s+off)\s+"
    r"(?:it|ldn|naltrexone|the\s+ldn|my\s+ldn|the\s+naltrexone)\b[^.!?]{0,40}?\bbefore\s+(?:my\s+|your\s+|the\s+|"
    r"a\s+|his\s+|her\s+|any\s+)?(?:[\w-]+\s+){0,2}(?:surgery|procedure|operation|resection|op|colonoscopy|dental\s+work)\b",
    re.I)
DOSE_OF_OTHER = re.compile(r"\s*(?:(?:a|per)\s+day\s+|daily\s+|once\s+(?:a\s+day|daily)\s+|twice\s+daily\s+)?of\s+"
                           r"(?:(?:extended|sustained|immediate)-release\s+|ER\s+|XL\s+|SR\s+|oral\s+)?", re.I)
LOW_DOSE = re.compile(r"\b(?:0?\.\d|[1-8](?:\.\d{1,2})?)\s*mg\b", re.I)  # a strength in the LDN range ("4.5 mg")
DAILY_AFTER = re.compile(r"\s*(?:of\s+[\w-]+\s+)?(?:(?:a|per|each|every)\s+day\b|daily\b|/\s*day\b)", re.I)
NOT_UNTIL = re.compile(r"[^.;]{0,40}?\buntil\s+(?:the\s+)?(?:19|20)\d\d\b", re.I)
# "My lab partner swore naltrexone by itself is FDA approved for weight loss too but it isn't": refuted at once
BUT_NOT = re.compile(r"\bbut\s+(?:it|that|this|they)\s*(?:isn['’]?t|is\s+not|wasn['’]?t|was\s+not|['’]s\s+not|"
                     r"aren['’]?t|are\s+not)\b", re.I)
# "Comm. Hale asked whether the shot could also be used to bring someone back": a question reported
ASKED_WHETHER = re.compile(r"\b(?:asked|asks|wondered|wonders|wanted\s+to\s+know)\s+(?:[\w'’-]+\s+){0,3}?"
                           r"(?:whether|if)\b", re.I)
# "it soon replaced naloxone as the standard overdose antidote": naloxone is the object
REPLACED = re.compile(r"\b(?:replaced|replacing|replaces|instead\s+of|rather\s+than|than)\s+$", re.I)
RELATIVE_DRUG = re.compile(r"\b(?:a|the)\s+(?:drug|medicine|medication|molecule)\s+(?:that|which)\b", re.I)
# a line that carries on the one before: "[00:04:41] so you gotta be off those a good 24 hours"
CONTINUES = re.compile(r"\W*(?:\[?\d{1,2}:\d\d(?::\d\d)?\]?\s*)?(?:[A-Z][\w .'-]{0,20}:\s*)?"
                       r"(?:so|and|then|which\s+means)\b", re.I)
FORBIDS_START = re.compile(r"\b(?:can['’]t|cannot|can\s+not|don['’]t|do\s+not|never|must\s+not|mustn['’]t|"
                           r"shouldn['’]t|should\s+not)\s+(?:start|take|begin|get|give|have)\b", re.I)
UNTIL = re.compile(r"\b(?:until|unless|till|before|for|within)\b", re.I)  # "must not take any opioid for 72 hours"
ANTAGONIST = re.compile(r"\b(?:antagonist|blocker|blocking)\b", re.I)
EXISTENTIAL = re.compile(r"\W*there\s+(?:is|are|was|were)\b", re.I)
# "It is an old-school generic that has been FDA-approved since 1984": the relative clause's noun is "it"
PRONOUN_RELATIVE = re.compile(r"\W*(?:it|they)(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+(?:an?|the)\s+[^.;:!?]{0,60}?"
                              r"\b(?:that|which)\s+(?:(?:has|have|had)\s+been\s+|is\s+|was\s+|are\s+|were\s+)?", re.I)
LAST_WORD = re.compile(r"\b([A-Za-z][\w'’-]*)[^\w]*$")  # the word just before a number
# words that may stand just before a dose of the medicine the sentence names ("take 50 mg")
DOSE_LEAD = {"a", "an", "the", "one", "take", "takes", "took", "taking", "of", "at", "is", "are", "was", "were", "be",
             "about", "around", "roughly", "approximately", "to", "only", "just", "with", "from", "dose", "doses",
             "daily", "usual", "standard", "typical", "usually", "normally", "than", "or", "and", "between", "like",
             "up", "over", "under", "below", "above", "mg", "s", "per", "each", "prescribed", "given", "use", "uses",
             "used", "start", "starts", "started", "begin", "begins", "into", "as", "on", "in", "for", "dosed"}
# a cell that answers "yes" to its row's question, or gives a drug schedule ("| DEA schedule | II | IV |")
CELL_ANSWER = re.compile(r"\W*(?:yes|y|✓|✔|☑|(?:schedule\s+|C-?)?(?:II|III|IV|V|2|3|4|5)N?)\W*(?:\([^)]*\))?\W*"
                         r"|\W*yes\s*[,;:-]\s*(?:(?!\bnot?\b|n['’]t\b)[^|])*", re.I)  # "Yes, but milder than Antabuse"
YES_CELL = re.compile(r"\W*(?:yes|y|✓|✔|☑|approved|fda[- ]approved)\W*(?:\([^)]*\))?\W*", re.I)  # a table's "Yes"
WHICH_IS = re.compile(r",?\s*(?:which|who)\s+(?:is|are|was|were|has\s+been)\s+(?:also\s+|itself\s+)?"
                      r"(?:an?\s+|the\s+)?$", re.I)  # "..., which is a Schedule IV drug": of the noun before
LIKE_BEFORE = re.compile(r"\b(?:like|unlike|than|as|similar\s+to|same\s+as|"
                         r"(?:different|distinct|separate)\s+(?:[\w-]+\s+)?from|confused\s+with)\s+"
                         # "works like a long-lasting Narcan"
                         r"(?:(?:an?|the)\s+(?:(?:long|longer|short|extended|slow)[- ](?:lasting|acting|release)\s+|"
                         r"monthly\s+|daily\s+|injectable\s+|oral\s+)?)?$", re.I)
UNLIKE_OPENING = re.compile(r"\W*(?:unlike|compared\s+(?:with|to))\s+"
                            r"(?:(?:prescription|regular|plain|oral|generic|standard|traditional)\s+)?", re.I)
READY = re.compile(r"\W*(?:then\s+)?(?:you['’]re|you\s+are|you\s+can|you['’]ll\s+be)\s+"
                   r"(?:ready|good|all\s+set|set|cleared|able)\s+(?:to\s+(?:start|go|begin|get)\b)?", re.I)
COPULA_BEFORE = re.compile(r"\b(?:is|are|was|were)\s+$", re.I)
LOOKBACK = 12  # sentences a pronoun or fragment may reach back for the product it speaks of
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "ten": 10,
         "fourteen": 14, "twenty-four": 24,
         "forty-eight": 48, "seventy-two": 72, "thirty": 30, "sixty": 60, "ninety": 90, "a few": 3, "a couple of": 2,
         "a": 1, "the": 1, "the next": 1,
         "the same": 0}


class FactRule(Rule):
    kind = "fact"
    KEYS = {"check", "match", "near", "near_scope", "subject", "unless", "source", "negation", "table_header",
            "cell_header"}
    PLACEHOLDERS = {"match", "sentence", "product", "indication", "year", "value", "allowed", "source"}

    def compile(self, spec: dict[str, Any]) -> None:
        self.check_name = spec.get("check")
        if self.check_name not in CHECKS:
            raise self.error(f"'check' must be one of {', '.join(CHECKS)}", "check")
        self.match = self.as_list(spec.get("match"))
        self.near = self.as_list(spec.get("near"))
        self.subject = self.as_list(spec.get("subject"))
        # approval: concepts that make a table's column (or row) one of approval years
        self.table_header = self.as_list(spec.get("table_header"))
        # statement: concepts that make a table's row (or column) ask the question a "Yes" answers
        self.cell_header = self.as_list(spec.get("cell_header"))
        self.near_scope = self.near_scope_of(spec)
        self.need_concepts(self.match + self.near + self.subject + self.table_header + self.cell_header, "match")
        self.unless = validate_flags(self, self.as_list(spec.get("unless")), "unless")
        self.source = str(spec.get("source", ""))
        # "skip": a negated statement is the correct one ("naltrexone is not an opioid");
        # "flag": the statement is itself a denial ("naltrexone is not an opioid blocker")
        self.negation = str(spec.get("negation", "skip"))
        if self.negation not in ("skip", "flag"):
            raise self.error("'negation' must be 'skip' or 'flag'", "negation")
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
                # the daily tablet, whose blockade a dose's milligrams set ("50 mg blocks for about 24 h")
                self.tablet = next((d for d in self.doses if d["concept"] == "drug" and "block_hours" in d), None)

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
        # (or called wrong as it is quoted: 'the handouts say "every 2 weeks" on the back which is wrong')
        return [h for h in hits if not ((s := analysis.sentence_at(h.start)) is not None
                                        and (s.refuted or 0 <= s.refuted_from <= h.start or h.end <= s.refuted_until
                                             or CALLED_WRONG.match(analysis.text, h.end, s.end)))]

    def _statement(self, analysis: Analysis) -> list[Hit]:
        hits = []
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            if sent.question and (ans := _answer(analysis, sent)) is not None and (
                    ANSWER_TRUE.match(ans.text) or YES_NO_QUESTION.match(sent.text) and ANSWER_YES.match(ans.text)) \
                    and not m.has("negated") and (not self.subject or sent.has(*self.subject)):
                # "True or false: naltrexone can reverse an overdose." / "Answer: True.": the key asserts it
                # (so does an FAQ's "Is it a controlled substance?" / "It is, which is why ...")
                hits.append(Hit(ans.start, ans.end, {"match": m.text, "source": self.source}))
                continue
            if sent.question and WHICH_MEDICINE.match(sent.text) and (ans := _answer(analysis, sent)) is not None \
                    and any(d.start - ans.start <= 24 for d in ans.find("drug")) \
                    and not any(n.start - ans.start <= 24 for n in ans.find("naloxone_name", "other_drug")):
                # a quiz's "Which medicine reverses an opioid overdose?" / "Answer: Naltrexone, ...": the key names it
                hits.append(Hit(ans.start, ans.end, {"match": ans.text.strip(), "source": self.source}))
                continue
            if sent.question or len(OPTION.findall(sent.text)) >= 2 or _answer_option(analysis, sent) \
                    or _true_false_item(analysis, sent) or ASKED_WHETHER.search(analysis.text, sent.start, m.start):
                continue  # "Can naltrexone reverse an overdose?" asks, "a) Opioid agonist b) ..." offers choices
            if self.near and not self._near(analysis, sent):
                continue
            if (m.has("negated") and self.negation == "skip") or not self.context_ok(analysis, sent, m.mods,
                                                                                        self.unless, m.start):
                continue
            if NALOXONE_IS_AFTER.match(analysis.text, m.end):
                continue  # "Overdose reversal is naloxone, not naltrexone": the statement names its own drug
            inside = [d for d in sent.find(*self.subject) if m.start <= d.start and d.end <= m.end
                      or d.start < m.start < d.end <= m.end]  # ("the shot" in "... gives the shot in the upper arm")
            named_inside = any(d.label != "drug_anaphor" for d in inside) or (
                BOTH.match(m.text) is not None and sent.has(*self.subject))  # "It ... than naloxone, but both can"
            if not named_inside and inside:
                # "You don't need a prescription for it" after "Narcan is naloxone, the nasal spray ...":
                # "it" is naloxone when naloxone was the medicine named last
                last = _last_named(analysis, sent.index)
                named_inside = last is None or last.label != "naloxone_name" or any(
                    d.end <= inside[0].start for d in sent.find("drug"))
                if named_inside and analysis.has_tables and analysis.column_header(sent) is not None:
                    # "| Prescription? | No, it's been over the counter since 2023 | Yes |" under "| | Naloxone |
                    # Naltrexone |": "it" is the column's medicine
                    named_inside = _has_subject(analysis, sent, self.subject, inside[0].start, m.end)
            if self.subject and not named_inside and not _has_subject(analysis, sent, self.subject, m.start, m.end):
                continue
            if any(a.has("attributed") for a in sent.find(*self.match)) and analysis.asked_after(sent, truth=True):
                continue  # "My sister says it is a narcotic. Is she right?" reports what a reader asks about
                # (all of it: "says it's the same thing as the nose spray the EMTs carry. Is that right?")
            hits.append(Hit(m.start, m.end, {"match": m.text, "source": self.source}))
        if self.cell_header and analysis.has_tables:
            hits += [h for h in self._cells_answering(analysis) if all(h.start != o.start for o in hits)]
        return hits

    def _cells_answering(self, analysis: Analysis) -> list[Hit]:
        """A table cell that answers its row's (or column's) question for the drug: "Yes" or
        "IV" in the naltrexone column of a "| DEA schedule |" or "| Controlled substance? |"
        row says what a sentence would say with "naltrexone is a Schedule IV drug"."""
        hits = []
        for sent in analysis.sentences:
            if not CELL_ANSWER.fullmatch(sent.text) or not analysis.in_cell(sent):
                continue
            header, label = analysis.column_header(sent), analysis.row_label(sent)
            for about, names in ((label, header), (header, label)):
                if about is not None and names is not None and about.has(*self.cell_header) \
                        and names.has("drug") and not names.has("other_drug", "naloxone_name"):
                    hits.append(Hit(sent.start, sent.end, {"match": sent.text.strip(), "source": self.source}))
                    break
        return hits

    def _approval(self, analysis: Analysis) -> list[Hit]:
        hits = []
        done: set[int] = set()
        resolved: dict[int, tuple[dict[str, Any], Mention]] = {}  # sentence -> product its first approval is about
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            if m.sent in done or (m.has("negated") and not NOT_UNTIL.match(analysis.text, m.end, sent.end)) \
                    or m.has("hypothetical") or BUT_NOT.search(analysis.text, m.end, sent.end):
                continue  # (but "the FDA didn't even approve it until 2016" dates an approval)
            if GENERIC_APPROVED.match(analysis.text, m.end) and COVERS_BEFORE.search(
                    analysis.text, max(sent.start, m.start - 24), m.start):
                continue  # "Our plan only covers FDA-approved treatments": a class of products, none named
            if sent.question:
                if (ans := _answer(analysis, sent)) is not None and (hit := self._answered(analysis, sent, m, ans)):
                    hits.append(hit)
                    done.add(m.sent)
                continue
            found = self._product(sent, m.start)
            if found is not None and found[1].start < m.start and PRONOUN_SUBJECT.match(sent.text):
                # "It's a daily pill, or a once-a-month shot sold as Vivitrol, and it's been approved
                # for alcohol use disorder since the mid-1990s": "it" is still the drug before
                last = max((x for x in sent.find(found[0]["concept"]) if x.start < m.start), key=lambda x: x.start)
                if NAMING.search(analysis.text, max(sent.start, last.start - 24), last.start) and any(
                        last.end < a.start and 0 <= m.start - a.end <= 12 for a in sent.find("drug_anaphor")):
                    found = self._product_before(analysis, m.sent) or found
            obj = next(((p, pm) for p in self.products for pm in sent.find(p["concept"])
                        if 0 <= pm.start - m.end <= 2), None) if AGENCY_SUBJECT.match(m.text) else None
            if obj is not None:
                found = obj  # "... other than the ones the FDA approved naltrexone for": the agency's object
            if found is None and analysis.has_tables and analysis.row_label(sent) is not None:
                # a data cell: "| FDA status | ... | Approved for autoimmune conditions |" under
                # "| | Low-dose naltrexone |" speaks of the column's (or row's) product
                found = next((f for h in (analysis.column_header(sent), analysis.row_label(sent))
                              if h is not None and (f := self._product(h, h.start)) is not None), None)
            if found is None and not sent.has("other_drug", "naloxone_name"):
                # a cell of a row written on one line ("<tr><td>Low-dose naltrexone</td>...<td>FDA-approved
                # at low doses</td>"): the product another cell of the row names
                found = next((f for c in analysis.row_cells(sent) if (f := self._product(c, c.start)) is not None),
                             None)
            low = LOW_DOSE.search(analysis.text, max(sent.start, m.start - 45), m.start)
            if found is None and (
                    (analysis.has_tables and analysis.row_label(sent) is not None
                     or LOW_DOSE.search(analysis.text, sent.start, m.start)) and _about_ldn_only(analysis)
                    and not analysis.mentions("drug_contrave", "drug_vivitrol")
                    # "The 4.5 mg dose was approved by the FDA", "4.5 mg (the FDA-approved dose)" in a draft on LDN
                    or low and analysis.mentions("drug_ldn") and not sent.has("drug_contrave", "other_drug")) and (
                    ldn := self._by_concept("drug_ldn")) is not None:
                found = (ldn, m)  # an LDN price sheet's "4.5 mg | $34.00 | most prescribed, FDA-approved strength"
            if found is not None and found[1].end <= m.start and CONTAINED_IN.search(
                    analysis.text, max(sent.start, found[1].start - 40), found[1].start) \
                    and (plain := self._by_concept("drug")) is not None:
                found = (plain, found[1])  # "Its the same drug thats in Contrave, so it's FDA approved": the ingredient
            fragment = ((len(analysis.text[sent.start:m.start].split()) <= 2
                         and not EXISTENTIAL.match(analysis.text, sent.start, m.end))  # "There is an approved pill, X"
                        or any(0 <= m.start - a.end <= 12 or m.start <= a.start < m.end
                               for a in sent.find("drug_anaphor"))
                        or PRONOUN_RELATIVE.fullmatch(analysis.text, sent.start, m.start) is not None)
            if found is not None and found[1].start > m.end and CLAUSE_END.search(analysis.text, m.end, found[1].start):
                fragment = True  # "first approved in 1984 ...; Vivitrol was approved ...": a later clause's product
            elif found is not None and 0 <= found[1].start - m.end <= 2:
                fragment = False  # "The FDA approved Vivitrol for ...": the product is the object
            elif found is not None and found[1].start > m.end and (
                    FRONTED_ITS.match(sent.text) or not re.search(r"\w", analysis.text[sent.start:m.start])) \
                    and re.fullmatch(r"[^.;,]*,\s*(?:the\s+)?", analysis.text[m.end:found[1].start]):
                fragment = False  # "Since its first approval in 2006, VIVITROL has helped ...": "its" is the subject's
                # ("Approved by the FDA back in 1984, naltrexone is ...": the participle's subject)
            alone = next((a for a in sent.find("drug_alone") if 0 <= m.start - a.end <= 30), None)
            if alone is not None and (plain := self._by_concept("drug")) is not None:
                found, fragment = (plain, alone), False  # "... in Contrave, and on its own it has been FDA-approved"
            as_named = APPROVED_AS.match(analysis.text, m.end)
            named_as = None if as_named is None else next(
                ((p, pm) for p in self.products for pm in sent.find(p["concept"]) if pm.start == as_named.end()), None)
            if named_as is not None:
                found, fragment = named_as, False  # "it is also approved as Contrave for weight management"
            elif (named := self._predicate_product(analysis, sent, m)) is not None:
                found, fragment = named, False  # "The FDA-approved weight med with naltrexone in it is Contrave"
            elif ORAL_SUBJECT.search(analysis.text, sent.start, m.start) and (
                    plain := self._by_concept("drug")) is not None:
                found, fragment = (plain, m), False  # "The pill has been FDA-approved ... since the mid-1990s"
            elif COMBINATION_SUBJECT.search(analysis.text, sent.start, m.start) and (
                    combo := self._by_concept("drug_contrave")) is not None:
                found, fragment = (combo, m), False  # "it's the combination that's approved for weight management"
            elif PRONOUN_SUBJECT.match(sent.text) and sent.index > 0 \
                    and COMBO_BEFORE.search(analysis.sentences[sent.index - 1].text) \
                    and (combo := self._by_concept("drug_contrave")) is not None:
                found, fragment = (combo, m), False  # "It's a combo pill of naltrexone and bupropion. It was FDA
                # approved in 2014 for chronic weight management": the combination
            if (found is None or found[1].start > m.start) and fragment and not _table_cell(analysis, sent):
                # a fragment ("Also FDA-approved for weight loss") or a pronoun ("it's FDA-approved",
                # even with a product named later in the sentence): the product named last;
                # in a draft about LDN alone, that is LDN
                before = self._product_before(analysis, m.sent)
                if before is not None and _about_ldn_only(analysis) and (ldn := self._by_concept("drug_ldn")):
                    before = (ldn, before[1])
                if before is not None and FIRST_APPROVED.search(analysis.text, max(sent.start, m.start - 30), m.end) \
                        and not LABEL_HEADER.match(m.text) and (molecule := self._by_concept("drug")) \
                        and not _fits_record(analysis, sent, m, before[0]):  # "It was first approved in 2006"
                    # "- Approval history: first approved in 1984 ..." after a line on Vivitrol: the molecule
                    before = (molecule, before[1])
                ind = self._indication(sent, m.start)
                if before is not None and before[0].get("base") and ind is not None:
                    # "It's FDA approved for alcohol dependence" after a line on LDN: the molecule's approval
                    base = next(p for p in self.products if p["name"] == before[0]["base"])
                    if ind["name"] in (base.get("approved") or {}):
                        before = (base, before[1])
                if before is None and found is None and not sent.has("other_drug", "naloxone_name") and (any(
                        m.start <= a.start < m.end or 0 <= m.start - a.end <= 12 for a in sent.find("drug_anaphor"))
                        or DEMONSTRATIVE_SUBJECT.fullmatch(analysis.text, sent.start, m.start)
                        or not re.search(r"\w", analysis.text[sent.start:m.start])):  # "Came out in 2012, so ..."
                    last = _last_named(analysis, sent.index)
                    # (not "Naloxone was the breakthrough. ... it was approved in 1971")
                    if last is None or last.label != "naloxone_name" \
                            or analysis.sentences[last.sent].block != sent.block:
                        before = self._document_product(analysis)  # "FDA approved it", "it's FDA-approved": its drug
                found = before or found
            # "The FDA approved it in 1984, and the tablet picked up a second approval ...":
            # a later approval in the sentence goes on speaking of the same product
            found = found or resolved.get(m.sent)
            if found is not None and found[0].get("base") and not sent.has(found[0]["concept"]) and any(
                    d.start < m.start for d in sent.find("drug_standard")):
                # "As a 50 mg tablet it has been approved for decades": "it" is the standard drug here, not LDN
                base = next((p for p in self.products if p["name"] == found[0]["base"]), None)
                found = (base, found[1]) if base is not None else found
            shot = next((a for a in sent.find("drug_anaphor") if SHOT_ANAPHOR.search(a.text)
                         and (m.start <= a.start < m.end + 4 or 0 <= m.start - a.end <= 12)), None)
            if shot is not None and (found is None or (found[1].end <= shot.start
                                                       and found[0].get("form") != "injection")):
                # "When the FDA approved the shot for opioid addiction ...": the injectable product
                # ("Naltrexone blocks opioids, and the shot has been approved since 2010": the shot's)
                found = next(((p, shot) for p in self.products if p.get("form") == "injection"), found)
            if found is not None and found[1].end <= m.start and any(
                    found[1].end <= o.start and o.end <= m.start
                    and CLAUSE_END.search(analysis.text, found[1].end, o.start) for o in sent.find("other_drug")):
                continue  # "Naltrexone was approved in 1984; buprenorphine was approved in 2002": the later clause's
            if found is None and AGENCY_SUBJECT.match(m.text) and not sent.has("other_drug", "naloxone_name"):
                found = self._product_before(analysis, m.sent)  # "The alcohol use came later; the FDA signed off"
            if found is None:
                continue
            resolved.setdefault(m.sent, found)
            product, pm = found
            if product.get("base") and (FIRST_APPROVED.search(analysis.text, max(sent.start, m.start - 30), m.end)
                                        or OF_A_MEDICINE.search(analysis.text, max(sent.start, m.start - 50), m.start)
                                        or DOSE_OF.search(analysis.text, max(sent.start, m.start - 24), m.start)):
                product = next(p for p in self.products if p["name"] == product["base"])  # the molecule's approval
            approved: dict[str, list[int]] = product.get("approved") or {}
            ind = self._indication(sent, m.start)
            if ind is None and sent.index > 0 and THAT_APPROVAL.search(m.text):
                # "Vivitrol is FDA-approved for ... opioid dependence. It received that approval in
                # 2006": the approval of the sentence before, with its indication
                prev = analysis.sentences[sent.index - 1]
                ind = self._indication(prev, prev.start) if prev.has(*self.match) else None
            elif ind is None and sent.index > 0 and (FOR_THAT.match(analysis.text, m.end) or (
                    m.text.lower().endswith(" for") and FOR_THAT.match(" for" + analysis.text[m.end:m.end + 40]))):
                # "My GP has me on naltrexone for weight loss. It's FDA approved for that now":
                # the use the sentence before named
                prev = analysis.sentences[sent.index - 1]
                ind = self._indication(prev, prev.start)
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
                named = next((c.text for c in sent.find(ind["concept"]) if c.start >= m.start - 40),
                             self.indication_labels.get(ind["name"], ind["name"]))
                if ACTION_WORDS.match(named):  # "approved to help you drop pounds": name the indication
                    named = self.indication_labels.get(ind["name"], named)
                values.update(indication=named, allowed=self._record(approved))
            elif ind is not None and (also := self._also_indication(analysis, sent, m, ind, approved)) is not None:
                # "approved for opioid use disorder and, at lower doses, for weight loss": each use listed
                values.update(indication=also.text, allowed=self._record(approved))
                end = max(end, also.end)
            elif ind is not None and (
                    ONLY_FOR.match(analysis.text, m.end) or ONLY_IN.search(m.text)
                    or ONLY_BEFORE.search(analysis.text, max(sent.start, m.start - 16), m.start)) and any(
                    i["name"] in approved and i is not ind
                    and not any(c.start < _clause_end(analysis.text, m.end, sent.end) and not c.has("negated")
                                for c in sent.find(i["concept"]))  # ("..., it's not for alcohol" denies it too)
                    for i in self.indications):  # (another clause may name the other use: "..., so the injection ...")
                # "FDA approved only for opioid addiction, so using it for drinking is off-label":
                # the product's other approvals are denied
                named = next((c.text for c in sent.find(ind["concept"]) if c.start >= m.start), ind["name"])
                values.update(indication=f"{named} alone", allowed=self._record(approved))
            else:
                wrong = self._wrong_year(analysis, sent, m, ind, approved)
                if wrong is None:
                    continue
                year, end, ind_y, allowed, first = wrong
                start, end = min(start, end - len(year)), max(end, m.end)  # a timeline's year comes first
                label = self.indication_labels[ind_y["name"]] if ind_y else "any use"
                values.update(indication="the first time" if first else label,
                              year=f" {year}" if year.lower().startswith("for ") or year.lower().endswith(" ago")
                              else f" in {year}",
                              allowed=" or ".join(map(str, allowed)))
            values["match"] = analysis.text[start:end]
            hits.append(Hit(start, end, values))
            done.add(m.sent)
        if self.table_header and analysis.has_tables:
            hits += self._table_years(analysis, done)
            hits += self._table_indications(analysis, done)
        return hits

    def _table_indications(self, analysis: Analysis, done: set[int]) -> list[Hit]:
        """An indication in a table cell under an approval column, in a product's row:
        "| Naltrexone tablets | 50 mg once daily | Alcohol use disorder; chronic weight
        management |" under "| Medication | Usual dose | FDA-approved uses |" calls the
        tablets approved for weight management, which only the combination is."""
        hits = []
        for sent in analysis.sentences:
            if sent.index in done or NOT_BEFORE.search(sent.text) or "off-label" in sent.text.lower():
                continue
            header, label = analysis.column_header(sent), analysis.row_label(sent)
            if header is None or label is None:
                continue
            status = any(YES_CELL.fullmatch(c.text) and "approved" in c.text.lower()
                         for c in analysis.row_cells(sent) if c is not label)
            for about, names in ((header, label), (label, header)):
                if not any(not h.has("negated") for h in about.find(*self.table_header)) \
                        and not (status and about is header):
                    continue  # "| Product | Indication | Status |" / "| tablets | ..., weight loss | FDA-approved |"
                found = self._product(names, names.start)
                if found is None:
                    break
                approved: dict[str, list[int]] = found[0].get("approved") or {}
                named = [(ind, m) for ind in self.indications for m in sent.find(ind["concept"])
                         if not m.has("negated")]
                if not named and YES_CELL.fullmatch(sent.text):
                    # "| Naltrexone alone | Yes |" under "| Medication | FDA-approved for weight loss? |"
                    named = [(ind, sent) for ind in self.indications if about.has(ind["concept"])]
                wrong = next(((ind, m) for ind, m in named if ind["name"] not in approved), None)
                if wrong is None and not named and not approved and YES_CELL.fullmatch(sent.text):
                    # "| Low-dose naltrexone | ... | Approved (same as generic) |" under "| FDA status |":
                    # a product with no approval at all called approved
                    wrong = ({"name": "any", "label": "any use"}, sent)
                if wrong is not None:
                    ind, m = wrong
                    values = {"match": m.text.strip(), "product": found[0]["name"], "year": "",
                              "indication": self.indication_labels.get(ind["name"], "any use"),
                              "allowed": self._record(approved) if approved else "none",
                              "source": found[0].get("source", "")}
                    hits.append(Hit(m.start, m.end, values))
                    done.add(sent.index)
                break
        return hits

    def _answered(self, analysis: Analysis, sent: Sentence, m: Mention, ans: Sentence) -> Hit | None:
        """A quiz question on an approval, answered under it: "LDN is FDA-approved for which
        condition?" / "Answer: Fibromyalgia, since 2017." asserts an approval that never
        happened; "... first approved in what year?" / "Answer: 1994" a wrong year."""
        found = self._product(sent, m.start)
        if found is None or ANSWER_NONE.match(ans.text):
            return None
        own = self._product(ans, ans.end)
        if own is not None and own[0] is not found[0] and own[1].start - ans.start <= 12:
            return None  # "Is LDN FDA-approved?" / "A: Naltrexone 50 mg tablets are FDA-approved for ...":
            # the answer names its own subject, and is checked as a statement of its own
        product = found[0]
        approved: dict[str, list[int]] = product.get("approved") or {}
        values = {"product": product["name"], "source": product.get("source", ""), "year": "", "allowed": "none"}
        if _says_yes(sent, ans):
            # "Is LDN FDA-approved?" / "Yes": for a product with no approval, or for a use it was not approved for
            wrong = next((c for i in self.indications if i["name"] not in approved
                          for c in sent.find(i["concept"]) if not c.has("negated")), None)
            if not approved or wrong is not None:
                values.update(indication=wrong.text if wrong is not None else "any use",
                              allowed=self._record(approved) if approved else "none", match=ans.text.strip())
                return Hit(ans.start, ans.end, values)
        for i in self.indications:
            named = [c for c in ans.find(i["concept"]) if not c.has("negated")]
            if named and i["name"] not in approved:
                values.update(indication=named[0].text, allowed=self._record(approved) if approved else "none",
                              match=ans.text.strip())
                return Hit(ans.start, ans.end, values)
        # the indications the question or its answer names ("2006 alcohol; 2010 opioids" names two)
        named_inds = [i for i in self.indications if i["name"] in approved
                      and (sent.has(i["concept"]) or ans.has(i["concept"]))]
        ind = named_inds[0] if len(named_inds) == 1 else None
        allowed = sorted({y for i in named_inds for y in approved[i["name"]]}) or _years_on_record(approved)
        if FIRST_APPROVED.search(sent.text):
            allowed = _years_on_record(approved)[:1]
        for y in YEAR.finditer(analysis.text, ans.start, ans.end):
            if allowed and int(y.group()) not in allowed:
                values.update(indication=self.indication_labels[ind["name"]] if ind else "the first time",
                              year=f" in {y.group()}", allowed=" or ".join(map(str, allowed)), match=ans.text.strip())
                return Hit(ans.start, ans.end, values)
        return None

    def _table_years(self, analysis: Analysis, done: set[int]) -> list[Hit]:
        """A year in a pipe-table cell whose column header (or row label) speaks of approval
        and whose row label (or column header) names a product: "| Contrave | Chronic weight
        management | 2012 |" under "| Product | Indication | First U.S. approval |". The cell
        says nothing of which indication the year is for, so a year is wrong only when the
        product has no approval on record in that year."""
        hits = []
        for sent in analysis.sentences:
            if sent.index in done or not YEAR.search(sent.text):
                continue
            header, label = analysis.column_header(sent), analysis.row_label(sent)
            if header is None or label is None:
                continue
            # "| Year |" under "## Approvals (memorize)", or under a line of notes: "APPROVAL YEARS (know these!!)"
            section = _caption_line(analysis, sent) + [h for h in analysis.headings_over(sent)
                                                       if not _table_cell(analysis, h)][:1]
            for about, names in ((header, label), (label, header)):
                if YEAR_COLUMN.fullmatch(about.text) and section:
                    about = next((h for h in section if h.has(*self.table_header)), section[-1])
                if not any(not h.has("negated") for h in about.find(*self.table_header)):
                    continue
                found = self._product(names, names.start)
                use = None
                if found is None and not names.has("other_drug", "naloxone_name") and (use := self._indication(
                        label, label.start)) is not None:
                    # "Vivitrol is covered for its FDA-approved indications only:" over "| Indication | FDA
                    # approval |" (or a fact sheet's "| FDA approval, opioid dependence | 2008 |"): the rows
                    # name uses of the product the caption names
                    found = self._caption_product(analysis, sent)
                if found is None or not (approved := found[0].get("approved")):
                    continue
                if use is None:
                    # "| Drug | Mechanism | FDA approval for OUD |": the header names the use the years are for
                    use = self._indication(about, about.start)
                own = use is not None and use["name"] in approved
                allowed = _years_on_record({use["name"]: approved[use["name"]]} if own else approved)
                text = analysis.text
                for y in YEAR.finditer(text, sent.start, sent.end):
                    year_use, year_allowed = (use if own else self._use_beside(sent, y)), allowed
                    if not own and year_use is not None and year_use["name"] in approved:
                        # "| FDA approval | alcohol 2006, OUD 2006 |": a use named beside its own year
                        year_allowed = _years_on_record({year_use["name"]: approved[year_use["name"]]})
                    else:
                        year_use = use if own else None
                    if int(y.group()) not in year_allowed:
                        label = "any use" if year_use is None else self.indication_labels.get(year_use["name"],
                                                                                               year_use["name"])
                        values = {"match": y.group(), "product": found[0]["name"], "indication": label,
                                  "year": f" in {y.group()}", "allowed": " or ".join(map(str, year_allowed)),
                                  "source": found[0].get("source", "")}
                        hits.append(Hit(y.start(), y.end(), values))
                        done.add(sent.index)
                        break
                break
        return hits

    def _use_beside(self, sent: Sentence, year: re.Match[str]) -> dict[str, Any] | None:
        """The use a cell names beside one of its years: "1994 (alcohol)", or "alcohol 2006" with
        nothing but words between ("alcohol 2006, OUD 2006" dates each use)."""
        text = sent.text
        y0, y1 = year.start() - sent.start, year.end() - sent.start
        for i in self.indications:
            if any(PAREN_AFTER_YEAR.fullmatch(text, y1, m.start - sent.start)
                   and not re.match(r"[^)]*\d", text[m.end - sent.start:]) for m in sent.find(i["concept"])):
                return i  # (not "1984 (alcohol: 1994/95)": the bracket dates another use)
        before = [(m.end, k) for k, i in enumerate(self.indications) for m in sent.find(i["concept"])
                  if 0 <= y0 - (m.end - sent.start) <= 12 and not re.search(r"[()\d]", text[m.end - sent.start:y0])]
        return self.indications[max(before)[1]] if before else None

    def _caption_product(self, analysis: Analysis, sent: Sentence) -> tuple[dict[str, Any], Mention] | None:
        """The product named in the prose just above a table (its caption), for a cell whose row
        names a use rather than a product."""
        for k in range(sent.index - 1, max(-1, sent.index - 12), -1):
            before = analysis.sentences[k]
            if analysis.row_label(before) is not None or _table_cell(analysis, before):
                continue
            found = self._main_product(before)
            if found is not None and before.block == analysis.sentences[k + 1].block:
                return found if not before.has("other_drug", "naloxone_name") else None
            if found is not None or before.block != analysis.sentences[k + 1].block:
                break
        # ("Slide 4 - Approval history" over the table, in a deck about Vivitrol: the product most
        # sentences name, if more than half do)
        top = self._top_product(analysis)
        return (top[0], top[1]) if top is not None and 2 * top[2] > top[3] else None

    def _predicate_product(self, analysis: Analysis, sent: Sentence,
                           m: Mention) -> tuple[dict[str, Any], Mention] | None:
        """The product an attributive approval is predicated of: "The FDA-approved ... is Contrave"
        (not when a product comes first: "LDN is FDA approved and so is ..." speaks of LDN)."""
        if any(pm.start < m.start for p in self.products for pm in sent.find(p["concept"])):
            return None
        for p in self.products:
            for pm in sent.find(p["concept"]):
                if pm.start > m.end and OBJECT_IS.fullmatch(analysis.text, m.end, pm.start):
                    return p, pm
        colon = analysis.text.find(":", m.end, sent.end)
        if EXISTENTIAL.match(sent.text) and colon > 0:
            # "There is an FDA-approved weight-loss pill that contains naltrexone: Contrave, ...":
            # the product named after the colon
            after = [(pm.start, k, p, pm) for k, p in enumerate(self.products) for pm in sent.find(p["concept"])
                     if colon < pm.start <= colon + 3]
            if after:
                _, _, p, pm = min(after, key=lambda a: (a[0], a[1]))
                return p, pm
        return None

    def _wrong_year(self, analysis: Analysis, sent: Sentence, m: Mention, ind: dict[str, Any] | None,
                    approved: dict[str, list[int]]) -> tuple[str, int, dict[str, Any] | None, list[int], bool] | None:
        """The first year in the approval's clause that is wrong for the indication beside
        it: "approved in 2006 for alcohol dependence and in 2008 for opioid relapse
        prevention" checks both years; "... and for opioid use disorder the same year"
        repeats the year before; a decade ("since the 1960s", "in the mid-1990s") is wrong
        when no year on record falls in it. Returns (year as said, its end, indication,
        years on record, whether the year was given as the first approval's)."""
        text = analysis.text
        clause = CLAUSE_END.search(text, m.end, sent.end)  # "..., and a monthly form followed in 2006"
        stop = clause.start() if clause else sent.end
        found = sent.find(ind["concept"]) if ind is not None else []
        if found and not any(c.start < stop for c in found):  # (an indication carried from before stays)
            ind = None  # "approved in 1984, and its use for alcohol ... in the mid-1990s": a later clause's
        said = [(y.group(), range(int(y.group()), int(y.group()) + 1), y.end())
                for y in YEAR.finditer(text, m.start, stop)]
        if (t := TIMELINE.match(text, sent.start, m.start)) is not None:  # "- 2012: Vivitrol gets the ... indication"
            said.insert(0, (t.group(1), range(int(t.group(1)), int(t.group(1)) + 1), t.end(1)))
        elif (w := WHEN_YEAR.search(text, max(sent.start, m.start - 20), m.start)) is not None:
            said.insert(0, (w.group(1), range(int(w.group(1)), int(w.group(1)) + 1), w.end(1)))
        for later in YEARS_LATER.finditer(text, m.start, stop):  # "in 2006, and for opioid dependence two years later"
            base_year = [y for y in said if y[2] <= later.start() and len(y[1]) == 1]
            if base_year:
                y = base_year[-1][1][0] + int(later.group(1))
                said.append((str(y), range(y, y + 1), later.end()))  # (named by the year it works out to)
        said += [(d.group(), _decade(d), d.end()) for d in DECADE.finditer(text, m.start, stop)]
        said += [(f.group(), _years_back(f), f.end()) for f in FOR_YEARS.finditer(text, m.start, stop)]
        said += [(a.group(), _years_ago(a), a.end()) for a in YEARS_AGO.finditer(text, m.start, stop)]
        years = [(shown, span, end) for shown, span, end in said
                 if not NOT_APPROVAL_YEAR.search(text, max(sent.start, end - len(shown) - 30), end - len(shown))]
        for same in SAME_YEAR.finditer(text, m.start, stop):
            earlier = [y for y in years if y[2] <= same.start()]
            if earlier:
                years.append((earlier[-1][0], earlier[-1][1], same.end()))
        mine = [o for p in self.products if p.get("approved") is approved for o in sent.find(p["concept"])]
        rank = next(k for k, p in enumerate(self.products) if p.get("approved") is approved)
        # another product named after the approval takes the years after it; where its mention is
        # also one of ours, the more specific product (listed first) owns it: "Vivitrol" is also
        # "naltrexone", but "naltrexone" inside "low-dose naltrexone" is not another product
        others = [o.start for k, p in enumerate(self.products) if p.get("approved") is not approved
                  for o in sent.find(p["concept"]) if o.start >= m.end
                  and (k < rank or not any(x.start <= o.start < x.end or o.start <= x.start < o.end for x in mine))]
        # ... and so does another medicine: "available since 1984, buprenorphine since 2002"
        others += [o.start for o in sent.find("other_drug") if o.start >= m.end
                   and not any(x.start <= o.start < x.end for x in mine)]
        if any(p.get("form") == "injection" and p.get("approved") is approved for p in self.products):
            # "The shot has been around since 2006, and the pill version since the 1980s": the tablets' year
            others += [o.start() for o in ORAL.finditer(text, m.end, stop)]
        else:
            # "The pill has been around since 1984 and the shot since 2006": the injection's year
            # (only after a year of its own: "approved the shot in 2006" is the shot's)
            others += [o.start() for o in SHOT_WORD.finditer(text, m.end, stop)
                       if YEAR.search(text, m.start, o.start())]
        named = [i for i in self.indications if i["name"] in approved
                 and any(m.start <= c.start < stop for c in sent.find(i["concept"]))]
        if len(years) == 1 and len(named) > 1 and BOTH_FOR.search(text, m.start, stop):
            # "2006: Vivitrol approved for both alcohol and opioid dependence": one year for each
            shown, span, year_end = years[0]
            wrong = next((i for i in named if not any(y in span for y in approved[i["name"]])), None)
            if wrong is not None:
                return shown, year_end, wrong, approved[wrong["name"]], False
        for shown, span, year_end in sorted(years, key=lambda y: y[2]):
            if any(o < year_end - len(shown) for o in others):
                continue  # "... as an oral tablet (since the mid-90s) and as a monthly injection, Vivitrol (2006)"
            own = self._indication_of_year(sent, m.start, year_end)
            ind_y = own or ind
            if own is None and len(named) > 1 and any(y in span for i in named for y in approved[i["name"]]) \
                    and not FIRST_APPROVED.search(text, max(sent.start, m.start - 30), m.end):
                continue  # "approved since 1984 and indicated for alcohol dependence and for blocking opioids"
                # (but "first approved it in 1994, and ... it is used to treat alcohol and opioid
                # dependence" dates the first approval)
            if AROUND_SINCE.search(m.text) and (len(span) > 1 or LATER.search(text, year_end, stop)
                                                or any(year_end <= a.start < stop and YEAR.search(text, a.end, stop)
                                                       for a in sent.find(*self.match))):
                ind_y = None  # "around since the 1980s and is approved for alcohol ...": since the first
                # ("around since 1984 and was approved for alcohol about a decade later", "on the
                # market since 1984 and was approved for alcohol dependence in 1994")
            if ind_y is not None and ind_y["name"] not in approved:
                continue
            allowed = (approved[ind_y["name"]] if ind_y is not None
                       else _years_on_record(approved))
            first = FIRST_APPROVED.search(text, max(sent.start, m.start - 30), m.end) is not None and (
                ind_y is None or COMMA_FOR.match(text, year_end) is not None
                # "got its first FDA approval in 1984, alcohol came in the mid-90s": the use is named
                # only after the year, for a later approval
                or (own is None and not any(m.start <= c.start < year_end for c in sent.find(ind_y["concept"])))) \
                and not LATER.search(text, m.end, year_end - len(shown))  # "... and only later, in the 1990s"
            if first:
                # "first approved ... in 1994" or "first approved in 1994, for alcohol": the first
                # approval was the earliest
                allowed = _years_on_record(approved)[:1]
            if not any(y in span for y in allowed):
                return shown, year_end, ind_y, allowed, first
        return None

    def _also_indication(self, analysis: Analysis, sent: Sentence, m: Mention, ind: dict[str, Any],
                         approved: dict[str, list[int]]) -> Mention | None:
        """A use listed after the approval's first one, in the same clause, that is not on
        record: "FDA-approved for opioid use disorder and, at lower doses, for weight loss"."""
        first = next((c for c in sent.find(ind["concept"]) if c.start >= m.start), None)
        if first is None:
            return None
        text = analysis.text
        for i in self.indications:
            if i["name"] in approved or i is ind:
                continue
            for c in sent.find(i["concept"]):
                if first.end <= c.start <= first.end + 60 and not c.has("negated") \
                        and not COMORBIDITY.search(sent.text, 0, c.start - sent.start) \
                        and LISTED_AFTER.fullmatch(text, first.end, c.start) \
                        and not CLAUSE_END.search(text, first.end, c.start) \
                        and not any(first.end <= o.start < c.start and SUBJECT_AFTER.match(text, o.end)
                                    for o in sent.find("other_drug", *(p["concept"] for p in self.products))):
                    # (not past another product that opens a clause: "..., while Contrave is ...")
                    return c
        return None

    def _indication(self, sent: Sentence, pos: int) -> dict[str, Any] | None:
        """The indication an approval speaks of: the one named first after it ("approved in
        1984 to block opioids, and for alcohol in the 1990s" is about opioids), else one
        named just before it, in the order of ``facts.indications``."""
        # (not past a contrast: "... approved since 1984 for addiction treatment, but LDN is NOT approved
        # for fibromyalgia" speaks of the addiction use)
        stop = BUT_CLAUSE.search(sent.text, pos - sent.start) if pos >= sent.start else None
        limit = sent.start + stop.start() if stop is not None else sent.end
        after = [(min(m.start for m in found), k) for k, i in enumerate(self.indications)
                 if (found := [m for m in sent.find(i["concept"]) if pos <= m.start < limit
                               and not COMORBIDITY.search(sent.text, 0, m.start - sent.start)])]
        if after:
            return self.indications[min(after)[1]]
        return next((i for i in self.indications if _after_or_near(sent, i["concept"], pos)
                     and not (stop is not None and all(m.start >= limit for m in sent.find(i["concept"])))), None)

    def _indication_of_year(self, sent: Sentence, start: int, year_end: int) -> dict[str, Any] | None:
        """The indication a year goes with: named just before it ("alcohol dependence in
        2006", "(since 2010)"), else named right after it ("in 2008 for opioid
        dependence"), else the nearest one between the approval and the year."""
        text, base = sent.text, sent.start
        year_start = year_end - 4
        if (lead := PAREN_APPROVED.search(text, 0, year_start - base)) is not None:
            # "Vivitrol: alcohol dependence (approved 2006) and prevention of relapse to opioid
            # dependence after detox (approved 2010)": the use named since the last parenthesis
            paren = base + lead.start()
            since = base + text.rfind(")", 0, lead.start()) + 1
            own = max(((m.end, k) for k, i in enumerate(self.indications) for m in sent.find(i["concept"])
                       if since <= m.start and m.end <= paren), default=None)
            if own is not None:
                return self.indications[own[1]]
        before: tuple[int, dict[str, Any]] | None = None
        for i in self.indications:
            for m in sent.find(i["concept"]):
                if start <= m.end <= year_start and (before is None or m.end > before[0]):
                    before = (m.end, i)
        for i in self.indications:  # "2006 (alcohol), 2010 (opioid dependence)": the year's own parenthesis
            if any(PAREN_AFTER_YEAR.fullmatch(text, year_end - base, m.start - base) for m in sent.find(i["concept"])
                   if m.start >= year_end):
                return i
        after = next((i for i in self.indications for m in sent.find(i["concept"])
                      if year_end <= m.start <= year_end + 60 and ";" not in text[year_end - base:m.start - base]
                      and INDICATION_AFTER_YEAR.match(text, year_end - base, m.start - base)), None)
        if before is not None and (linked := YEAR_AFTER_INDICATION.match(text, before[0] - base, year_start - base)):
            if after is None or linked.group().strip(" ,;"):
                return before[1]  # "alcohol dependence in 2006"; not "... alcohol dependence, 2010 for opioids"
        if after is not None:
            return after
        return before[1] if before is not None else None

    def _record(self, approved: dict[str, list[int]]) -> str:
        """The approvals on record, for a message: "opioid blockade (1984), alcohol dependence (1994/1995)"."""
        labels = self.indication_labels
        return ", ".join(f"{labels.get(k, k)} ({'/'.join(map(str, v))})" for k, v in approved.items())

    def _by_concept(self, concept: str) -> dict[str, Any] | None:
        """The knowledge base's product whose mentions are this concept ("drug": plain naltrexone)."""
        return next((p for p in self.products if p["concept"] == concept), None)

    def _product_before(self, analysis: Analysis, index: int) -> tuple[dict[str, Any], Mention] | None:
        """The product the sentences before ``index`` were about, unless another medicine
        was named since ("Acamprosate is another option. It's approved for ..." is not
        about naltrexone), except as an aside after it ("Naltrexone is a relative of
        naloxone. The FDA approved it in 1984" is about naltrexone)."""
        named = None  # "It is called Low Dose Naltrexone (LDN).": the product, when no other comes before
        for k in range(index - 1, max(-1, index - 1 - LOOKBACK), -1):
            sent = analysis.sentences[k]
            found = self._main_product(sent)
            drugs = sent.find("drug")
            others = [o for o in sent.find("other_drug")
                      if not any(d.start <= o.start and o.end <= d.end for d in drugs)]
            if others and (found is None or min(o.start for o in others) < found[1].start) and not (
                    found is not None and COMPARED_OPEN.match(sent.text)):
                return None  # (but "Unlike methadone or buprenorphine, naltrexone is ..." is about naltrexone)
            if found is not None and PRONOUN_SUBJECT.match(sent.text) and any(
                    NAMING.search(analysis.text, max(sent.start, m.start - 24), m.start)
                    for m in sent.find(found[0]["concept"])):
                named = named or found
                continue  # "It comes as a tablet, or as a monthly shot called Vivitrol": "it" is still the drug before
            if found is not None:
                return found
        return named

    def _document_product(self, analysis: Analysis, share: float = 2 / 3) -> tuple[dict[str, Any], Mention] | None:
        """The product a whole draft is about, when "it" reaches back further than the last
        few sentences (an AMA's answer about naltrexone): the one that most product mentions
        name, if at least ``share`` of them do (two in three by default)."""
        top = self._top_product(analysis)
        if top is None:
            return None
        product, mention, count, total = top
        return (product, mention) if count >= share * total else None

    def _top_product(self, analysis: Analysis) -> tuple[dict[str, Any], Mention, int, int] | None:
        """The product the most sentences name, with its first mention, that count and the count
        of all product mentions. Worked out once per draft and rule."""
        key = f"top_product:{self.code}"
        if key not in analysis.cache:
            counts: dict[int, list[Mention]] = {}
            for sent in analysis.sentences:
                found = self._main_product(sent)
                if found is not None:
                    counts.setdefault(self.products.index(found[0]), []).append(found[1])
            total = sum(len(v) for v in counts.values())
            rank, mentions = max(counts.items(), key=lambda kv: len(kv[1])) if total else (0, [])
            analysis.cache[key] = (self.products[rank], mentions[0], len(mentions), total) if total else None
        return analysis.cache[key]

    def _main_product(self, sent: Sentence) -> tuple[dict[str, Any], Mention] | None:
        """The most specific product a sentence names ("Vivitrol is ... naltrexone" -> Vivitrol),
        leaving out what it names in brackets: "Naltrexone (a daily pill, or the monthly
        Vivitrol shot) blocks opioids" is about naltrexone."""
        fallback = None
        for p in self.products:
            found = sent.find(p["concept"])
            if not found:
                continue
            outside = [f for f in found if not _in_brackets(sent, f.start)]
            if outside:
                return p, outside[0]
            fallback = fallback or (p, found[0])
        return fallback

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
        # "LDN is a tiny dose of naltrexone, an FDA-approved medicine": an appositive approval is its noun's
        if (apposed := next((c for c in before if APPOSED.fullmatch(sent.text, c[2].end - sent.start,
                                                                     pos - sent.start)), None)) is not None:
            return apposed[1], apposed[2]
        # "Contrave combines 8 mg naltrexone with 90 mg bupropion ... and is approved": an
        # amount of the drug is an ingredient of the product named before it, not the subject
        before = [c for c in before if not AMOUNT_OF.search(sent.text, 0, c[2].start - sent.start)
                  and not INGREDIENT_OF.search(sent.text, max(0, c[2].start - sent.start - 30), c[2].start - sent.start)
                  and not AMOUNT_AFTER.match(sent.text, c[2].end - sent.start)
                  and not KIND_AFTER.match(sent.text, c[2].end - sent.start)] or before
        # "Vivitrol (monthly naltrexone) was approved ...", "Vivitrol, a monthly injection of naltrexone,
        # was approved ...": a gloss names the product's molecule; the more specific name is the subject
        base = sent.start
        before = [c for c in before if not any(
            o[0] < c[0] and o[2].end <= c[2].start and GLOSS.fullmatch(sent.text, o[2].end - base, c[2].start - base)
            for o in before)]
        # "Contrave is the only naltrexone product approved for weight loss": a name inside the
        # predicate noun is not the subject; the product before the copula is
        if len(before) > 1:
            before = [c for c in before if not (PREDICATE_NOUN.search(sent.text, 0, c[2].start - base) and
                                                NOUN_AFTER.match(sent.text, c[2].end - base))] or before
            # "plain naltrexone works the same as Contrave and is FDA approved": the compared product is no subject
            before = [c for c in before if not COMPARED_BEFORE.search(sent.text, max(0, c[2].start - base - 16),
                                                                      c[2].start - base)] or before
        # "LDN is not approved for anything; the only approved strength is the 50 mg tablet,
        # approved for alcohol dependence": a clause after a semicolon that names a standard
        # strength and no product speaks of plain naltrexone
        semi = base + sent.text.rfind(";", 0, pos - base)
        if semi >= base and before and all(c[2].start < semi for c in before) and (plain := self._by_concept("drug")) \
                and (strength := next((m for m in sent.find("drug_standard") if semi < m.start < pos), None)):
            return plain, strength
        # "LDN is a tiny dose of a drug whose standard 50 mg tablet is approved": the relative
        # clause speaks of the molecule, not of the product named before it
        whose = base + sent.text.rfind(" whose ", 0, pos - base)
        if whose >= base and before and all(c[2].end <= whose for c in before) \
                and (plain := self._by_concept("drug")) is not None:
            return plain, before[-1][2]
        # "LDN, a tiny dose of a drug that at its standard 50-milligram strength is approved": the same
        rel = RELATIVE_DRUG.search(sent.text, 0, pos - base)
        if rel is not None and before and all(c[2].end <= base + rel.start() for c in before) \
                and any(base + rel.end() <= d.start < pos for d in sent.find("drug_standard")) \
                and (plain := self._by_concept("drug")) is not None:
            return plain, before[-1][2]
        # the nearest product before, else the first after; but "Contrave has more naltrexone plus
        # bupropion, and it's the one that's approved": "it" opening the second clause is the
        # sentence's subject, the product named first
        nearest = bool(before) and not CLAUSE_PRONOUN.search(sent.text, 0, pos - sent.start)
        key = (lambda c: (-c[2].start, c[0])) if nearest else (lambda c: (c[2].start, c[0]))
        _, product, pm = min(before or cands, key=key)
        return product, pm

    def _washout(self, analysis: Analysis) -> list[Hit]:
        hits = []
        min_days = float(self.washout["min_days"])
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            goes_on = sent.index > 0 and CONTINUES.match(sent.text) is not None \
                and analysis.sentences[sent.index - 1].has(*self.near)
            if self.near and not self._near(analysis, sent) and not goes_on:
                continue
            if (m.has("negated") and not WITHIN_CUE.match(m.text)
                    and not UNTIL_START.search(analysis.text, sent.start, m.start)) \
                    or (sent.question and not self._answered_ready(analysis, sent)) \
                    or CASE_NARRATIVE.search(sent.text) or STOPPED_BEFORE_SURGERY.search(sent.text) \
                    or len(OPTION.findall(sent.text)) >= 2:
                continue  # "the injection was given three days after the last dose" reports a case
                # ("my surgeon had me stop it a few days before my resection" is the wait the other way round)
            if m.has("attributed") and analysis.asked_after(sent, truth=True):
                continue  # "My PO says I only have to be clean for a day. Is that right?" asks about it
            periods = list(PERIOD.finditer(analysis.text, sent.start, sent.end))
            if len(periods) > 1:  # "After a 5-day detox, wait another 7 to 10 days": the detox is not the wait
                periods = [p for p in periods if not COURSE_AFTER.match(analysis.text, p.end())] or periods
            for p in periods:
                if AGO.match(analysis.text, p.end()) \
                        and not AT_LEAST.search(analysis.text, max(sent.start, p.start() - 16), p.start()):
                    continue  # "last dose 3 days ago per pt": when it happened, not how long to wait
                    # (but a checklist's "Last opioid dose was at least 24 hrs ago" sets the wait)
                if WHEN_CLAUSE.match(analysis.text, p.end()) and p.group(1).lower() == "the":
                    continue  # "the day he got his first shot": a day, not a wait
                if DOSE_RATE.search(analysis.text, max(sent.start, p.start() - 16), p.start()) \
                        or OPIOID_COURSE.search(analysis.text, max(sent.start, p.start() - 40), p.start()):
                    continue  # "Suboxone 16mg a day": how much a day; "if he needs opioids for a few days": how long
                    # he takes them, not how long to wait
                if BLOCKS_SPAN.search(analysis.text, max(sent.start, p.start() - 40), p.start()):
                    continue  # "blocks opioids for about a day": how long a dose lasts, not a wait
                if (no := FORBIDS_START.search(analysis.text, max(sent.start, p.start() - 50), p.start())) \
                        and not UNTIL.search(analysis.text, no.end(), p.start()):
                    continue  # "you can't start it the morning after your last oxy" forbids the short wait
                    # (but "you can't start until 3 days after" names a wait, and a wrong one)
                days = _period_days(p)
                if min(abs(p.start() - m.start), abs(p.start() - m.end)) > 110:  # (past a list of opioids in brackets)
                    continue
                if days < min_days:
                    hits.append(self._washout_hit(p))
                elif any(q.start() > p.end() and CONTRAST.search(analysis.text, p.end(), q.start())
                         and WAIT_LEAD.search(analysis.text, max(p.end(), q.start() - 24), q.start()) for q in periods):
                    continue  # "The label says 7-10 days opioid-free, but in my clinic we do it after 48 hours"
                break
        if analysis.has_tables:
            hits += self._washout_cells(analysis, min_days, {h.start for h in hits})
        return hits

    def _washout_cells(self, analysis: Analysis, min_days: float, done: set[int]) -> list[Hit]:
        """A cell whose row is the wait itself: "| Documented opioid-free period before first dose |
        7 days | 72 hours |" (the label asks for 7-10 days)."""
        hits = []
        for sent in analysis.sentences:
            label, head = analysis.row_label(sent), analysis.column_header(sent)
            if label is None or label.start >= sent.start or (p := CELL_PERIOD.match(analysis.text, sent.start,
                                                                                     sent.end)) is None \
                    or p.start() in done:
                continue
            if not label.has(*self.match) and not (
                    head is not None and head.has(*self.match) and label.has("drug")
                    and not label.has("other_drug", "naloxone_name")):
                continue  # (or its column is the wait, in the drug's row: "| Opioid-free time needed ... |")
            if _period_days(p) < min_days:
                hits.append(self._washout_hit(p))
        return hits

    def _washout_hit(self, p: re.Match[str]) -> Hit:
        """A wait shorter than the label's, reported with the label's period and source."""
        return Hit(p.start(), p.end(), {"match": p.group(), "value": p.group(),
                                        "allowed": self.washout.get("label", "7-10 days"),
                                        "source": self.washout.get("source", "")})

    @staticmethod
    def _answered_ready(analysis: Analysis, sent: Sentence) -> bool:
        """A question a page answers itself: "Off opioids for twenty-four hours? You're ready
        to start." sets the wait as firmly as a statement would."""
        nxt = analysis.sentences[sent.index + 1] if sent.index + 1 < len(analysis.sentences) else None
        return nxt is not None and nxt.block == sent.block and READY.match(nxt.text) is not None

    def _near(self, analysis: Analysis, sent: Sentence) -> bool:
        """Is a ``near`` concept in the sentence (or, with ``near_scope: paragraph``, its
        paragraph: "7-10 days is overkill. 24 hours off is plenty" answers a post on opioids)? A
        table cell also has its row's label: "| naloxone | Same drug as naltrexone |"."""
        if any(s.has(*self.near) for s in self.scope_sentences(analysis, sent, self.near_scope)):
            return True
        label = analysis.row_label(sent)
        if label is not None and label.has(*self.near):
            return True
        head = analysis.column_header(sent) if label is not None else None  # a cell under "| XR-NTX |"
        return head is not None and head.has(*self.near)

    def _dose(self, analysis: Analysis) -> list[Hit]:
        hits = []
        text = analysis.text
        for sent in analysis.sentences:
            if self.near and not self._near(analysis, sent) and not (
                    analysis.has_tables and any(c.has(*self.near) for c in _cells_around(analysis, sent))):
                if PRONOUN_SUBJECT.match(sent.text):
                    hits += self._shot_lasts(analysis, sent)  # "the shot itself. It ... is good for ninety days"
                continue  # (a cell's row may say what it is a dose of: "| Vivitrol | 380 mg injection | a week |",
                # or its row label's column: "150 mg | up to 96 hours" under "Dose | Approximate duration")
            if len(OPTION.findall(sent.text)) >= 2 or _answer_option(analysis, sent):
                continue  # "a) 380 mg IM every 4 weeks   b) 50 mg IM daily": a quiz's choices, offered not asserted
            rules = [(rank, d) for rank, d in enumerate(self.doses) if sent.has(d["concept"])]
            if not rules:  # "Each injection lasts about three months" names the injection, not the drug
                hits += self._dose_unnamed(analysis, sent) or self._dose_by_name(analysis, sent)
                continue
            numbered: set[int] = set()  # products a number in the sentence speaks of (by id)
            for p in DOSE.finditer(text, sent.start, sent.end):
                if sent.question and NOT_BEFORE.search(text, max(sent.start, p.start() - 30), p.start()):
                    continue  # "Why does Contrave not need the 50 mg dose?" asks about a dose it does not use
                if p.group(3).lower().startswith("g") and not GRAMS_TAKEN.match(text, p.end()):
                    continue  # "powder (1 g and 5 g)" is how much is sold, not a dose
                if DISSOLVED.match(text, p.end()):
                    continue  # "dissolve 50mg in 50ml distilled water": what is dissolved, not what is taken
                rule = self._dose_rule(analysis, sent, rules, p.start(), p.end())
                if rule is not None and "min_interval_days" not in rule and SHOT_AFTER.match(text, p.end()):
                    # "Naltrexone: 50 mg a day, or a 380 mg injection every 3 months": the shot's dose names the shot
                    rule = next((d for d in self.doses if d.get("named_by") and "min_interval_days" in d
                                 and any(n.start <= p.start() < n.end for n in sent.find(d["named_by"]))), rule)
                if rule is None or SECOND_OF_PAIR.search(text, max(sent.start, p.start() - 16), p.start()):
                    continue  # another medicine's dose, or the bupropion half of "32 mg/360 mg"
                if not ("min_interval_days" in rule and PILL_AFTER.match(text, p.end())):
                    numbered.add(id(rule))  # (a "50 mg tablet" is not the shot's number)
                if _out_of_range(p, rule, text):
                    hits.append(self._dose_hit(p, rule))
                elif "min_interval_days" in rule and (f := FREQUENCY.search(
                        text, p.end(), min(sent.end, p.end() + self._frequency_reach(sent, rule, p.start())))):
                    if _days_off_interval(_days(f), rule):  # "a 380 mg shot given once a week"
                        hits.append(self._dose_hit(p, rule, f.end()))
                elif "min_interval_days" in rule and (f := next(
                        (f for f in FREQUENCY.finditer(text, max(sent.start, p.start() - 25), p.start())
                         if not text[f.end():p.start()].strip()), None)):
                    if _days_off_interval(_days(f), rule):  # "Vivitrol is a weekly 380 mg shot"
                        said = text[f.start():p.end()]
                        hits.append(Hit(f.start(), p.end(), {**self._dose_hit(p, rule).values, "match": said,
                                                             "value": said}))
                elif (f := _tablet_too_seldom(text, sent, p, rule)) is not None:
                    hits.append(self._dose_hit(p, rule, f.end()))  # "one 50 mg tablet, taken once a week"
            counted = [r for _, r in rules if "unit_mg" in r]
            for p in UNITS.finditer(text, sent.start, sent.end):
                rule = self._dose_rule(analysis, sent, rules, p.start(), p.end())
                if rule is not None:
                    numbered.add(id(rule))
                    # (not when another product the sentence names takes that many: "the full dose of
                    # two tablets twice a day, Contrave delivers 32 mg")
                    if self._too_many(p, rule) and all(self._too_many(p, r) for r in counted):
                        hits.append(self._dose_hit(p, rule))
            hits += self._too_often(analysis, sent, rules, numbered)
            hits += self._tablet_clause(analysis, sent, rules)
            # "the blocking effect wears off about a week after each injection": the interval
            # before the product's name ("each injection") is the shot's too
            hits += [h for h in self._shot_lasts(analysis, sent) if all(h.start != o.start for o in hits)]
        return hits

    @staticmethod
    def _frequency_reach(sent: Sentence, rule: dict[str, Any], start: int) -> int:
        """How far after a dose its frequency may stand: further when the product is named
        right before the dose ("Vivitrol 380 mg is administered by deep intramuscular gluteal
        injection every two weeks") than when the dose stands alone in a longer sentence."""
        text = sent.text
        named = any(0 <= start - m.end <= 8 and NAME_TO_DOSE.fullmatch(text, m.end - sent.start, start - sent.start)
                    for m in sent.find(rule["concept"]))  # "Vivitrol 380 mg", "Vivitrol, a 380 mg injection"
        return 90 if named else 50

    def _dose_by_name(self, analysis: Analysis, sent: Sentence) -> list[Hit]:
        """A dose that names its product by itself ("380 mg deep IM gluteal injection every
        2 weeks" in an answer key): how often it is given, checked against that product's
        interval (``named_by``). Only the dose's own frequency: other numbers in the
        sentence may be other products' ("50 mg a day, or 380 mg every 4 weeks")."""
        hits = []
        for rule in (d for d in self.doses if d.get("named_by") and "min_interval_days" in d):
            for m in sent.find(rule["named_by"]):
                f = FREQUENCY.search(analysis.text, m.end, min(sent.end, m.end + 50))
                if f is not None and "," not in analysis.text[m.end:f.start()] and _days(f) < float(
                        rule["min_interval_days"]):
                    hits.append(self._dose_hit(DOSE.match(analysis.text, m.start) or f, rule, f.end()))
        return hits

    def _dose_unnamed(self, analysis: Analysis, sent: Sentence) -> list[Hit]:
        """A dose in a sentence that names no product speaks of the products the sentences
        before it named ("Most people take LDN. The usual dose is 50 mg"): flagged when it
        is wrong for each of them; only when the sentence says whose dose it is
        (``subject``: "the dose", "it"), so "magnesium 400 mg daily" stays out."""
        text = analysis.text
        hits = self._shot_lasts(analysis, sent)
        named = self._dose_rules_before(analysis, sent)
        if not named:
            return hits
        hits += [self._dose_hit(f, r) for f in NEXT_DOSE.finditer(text, sent.start, sent.end)
                for r in named[:1] if "min_interval_days" in r
                and _off_interval(f, r)]  # "next injection due in 2 weeks" or "in 6 weeks"
        shot = named[0] if "min_interval_days" in named[0] else None
        after = sent.start  # where the shot's frequency may start
        if shot is None and sent.has("injection_anaphor") and not analysis.mentions("other_injectable"):
            # "The pill is taken once a day; the shot is given once every three months": the only
            # naltrexone shot is the monthly one, and its frequency follows "the shot"
            shot = next((d for d in self.doses if "min_interval_days" in d and "max_interval_days" in d), None)
            after = sent.find("injection_anaphor")[0].end
        if shot is not None and not sent.has("other_drug", "other_injectable"):
            # "Vivitrol is naltrexone in a shot. ... You get it every 3 months": how often "it" is given
            # (or a cell whose row names the shot before it: "| Vivitrol 380 mg injection | Once every
            # three months |")
            in_row = any(c.start < sent.start and c.has(shot["concept"]) for c in analysis.row_cells(sent))
            given = [f for f in FREQUENCY.finditer(text, after, sent.end)
                     if (in_row or any(a.end <= f.start() for a in sent.find("drug_anaphor", "injection_anaphor")))
                     and not NOT_GIVEN.search(text, max(sent.start, f.start() - 24), f.start())
                     and not OTHER_ROUTINE.match(text, f.end()) and not PILL_AFTER.match(text, f.end())
                     and not (f.group().isalpha() and OTHER_NOUN.match(text, f.end()))
                     and not TAKE_PILL.search(text, max(sent.start, f.start() - 40), f.start())
                     and not OBSERVED.search(text, sent.start, f.start())]
            hits += [self._dose_hit(f, shot) for f in given[:1]
                     if not float(shot["min_interval_days"]) <= _days(f) <= float(shot.get("max_interval_days") or 1e9)]
            if not given and in_row and (span := _duration_cell(analysis, sent)) and _off_interval(span, shot):
                hits.append(self._dose_hit(span, shot))  # "| Vivitrol | 380 mg injection | about one week |"
                # under "| Medicine | Form | How long it lasts |"
        if "max_interval_days" in named[0] and "min_interval_days" not in named[0]:
            hits += self._short_block(text, sent.start, sent.end, named[0])  # "The block only lasts like 6 hours"
            hits += self._tablet_clause(analysis, sent, [])  # "Each 50 mg tablet gives roughly 72 h of blockade"
            hits += self._tablet_cell(analysis, sent, named[0])
        elif ORAL.search(sent.text) and not LONG_ACTING.search(sent.text) and (tablet := next(
                (d for d in self.doses if "max_interval_days" in d and "min_interval_days" not in d), None)):
            # "XR-NTX blocks opioids for about 28 days. By comparison, a single oral 50 mg dose blocks
            # for about seventy-two hours": the tablet, though the sentence before named the shot
            hits += self._long_block(text, sent.start, sent.start, sent.end, tablet)
            hits += self._short_block(text, sent.start, sent.end, tablet)  # "the daily pill wears off in six hours"
        counted = [r for r in named if "unit_mg" in r]  # products whose tablets the knowledge base counts
        hits += [self._dose_hit(p, counted[0]) for p in UNITS.finditer(text, sent.start, sent.end)
                 if counted and all(self._too_many(p, r) for r in counted)
                 and not sent.has("other_drug")]  # not "Acamprosate (2 tablets three times a day)"
        if not self.subject or sent.has("other_drug"):
            return hits
        subjects = sent.find(*self.subject)
        hits += [h for h in self._dose_lasts(analysis, sent, named, subjects) if all(h.start != o.start for o in hits)]
        for p in DOSE.finditer(text, sent.start, sent.end):
            # the subject comes first ("the dose is 500 mg"; not "magnesium (400 mg): it helps")
            if not any(m.end <= p.start() for m in subjects) or SECOND_OF_PAIR.search(
                    text, max(sent.start, p.start() - 16), p.start()):
                continue
            if p.group(3).lower().startswith("g") and not GRAMS_TAKEN.match(text, p.end()):
                continue  # "A dose is tiny so 10 g lasts basically forever": how much is bought
            rules = [r for r in named if not (r.get("unless") and sent.has(*self.as_list(r["unless"])))]
            if rules and all(_out_of_range(p, r, text) for r in rules):
                hits.append(self._dose_hit(p, rules[0]))
            elif rules and (f := _tablet_too_seldom(text, sent, p, rules[0])) is not None:
                hits.append(self._dose_hit(p, rules[0], f.end()))  # "The usual dose is one 50 mg tablet once a week"
        return hits

    def _tablet_cell(self, analysis: Analysis, sent: Sentence, rule: dict[str, Any]) -> list[Hit]:
        """A tablet row's cell under a column of how long a dose blocks: "| Oral naltrexone |
        50 mg | ~72 h |" under "| Formulation | Dose | Duration of blockade |" (about 24 h at
        50 mg)."""
        span = _duration_cell(analysis, sent)
        if span is None:
            return []
        row = analysis.row_cells(sent)
        mg = max((_dose_before(analysis.text, c.start, c.end) for c in row), default=0.0)
        allowed = _blockade_days(rule, mg) if mg else float(rule["max_interval_days"])
        if _span_days(span.group(1), span.group(2)) <= allowed + (BLOCKADE_SLACK if mg else 0):
            return []
        hit = self._dose_hit(span, rule)
        if mg:
            hit.values["allowed"] = _blockade_note(rule, mg)
        return [hit]

    def _shot_lasts(self, analysis: Analysis, sent: Sentence) -> list[Hit]:
        """"The shot lasts three months" in a draft about naltrexone that names no other
        injected medicine: the only naltrexone shot is the extended-release injection, so
        its label's interval applies though the sentence does not name it."""
        shot = next((d for d in self.doses if "min_interval_days" in d and "max_interval_days" in d), None)
        label = analysis.row_label(sent) if analysis.has_tables else None
        if shot is not None and label is not None and label.has("drug_vivitrol"):
            # a cell in the shot's own row, even beside other injectables: "| Naltrexone shot (Vivitrol) |
            # ... | one shot lasts about three months |"
            return [self._dose_hit(f, shot) for f in LASTS.finditer(analysis.text, sent.start, sent.end)
                    if _off_interval(f, shot)][:1]
        if shot is None or analysis.mentions("other_injectable") or not analysis.mentions("drug"):
            return []
        text = analysis.text
        for f in [*LASTS.finditer(text, sent.start, sent.end), *BLOCKS_FOR.finditer(text, sent.start, sent.end)]:
            lead = LONG_ACTING.search(text, sent.start, f.start()) or EACH_SHOT_AFTER.match(text, f.end())
            if lead is None and PRONOUN_SUBJECT.match(sent.text):
                # "Ask about the shot instead. ... It only lasts about a week": "it" is the shot named
                # in the sentences just before, in the same paragraph
                lead = next((x for b in analysis.sentences[max(0, sent.index - 2):sent.index]
                             if b.block == sent.block or b.question  # (or the FAQ question it answers)
                             for x in LONG_ACTING.finditer(text, b.start, b.end)
                             if x.group().lower() not in ("monthly", "im")), None)  # ("deep IM gluteal injection")
            if lead is None or lead.group().lower() in ("monthly", "im"):
                continue
            if _off_interval(f, shot):
                return [self._dose_hit(f, shot)]
        return []

    @staticmethod
    def _pill_taken(text: str, sent: Sentence, f: re.Match[str]) -> bool:
        """A frequency that says how often a pill is taken ("take a pill every day", "take a
        daily pill"), not how often the product named is given."""
        m = TAKE_PILL.search(text, max(sent.start, f.start() - 40), f.start())
        if m is None:
            return False
        return m.group().rstrip().lower().endswith(("pill", "pills", "tablet", "tablets", "capsule", "capsules")) \
            or PILL_AFTER.match(text, f.end()) is not None

    def _too_often(self, analysis: Analysis, sent: Sentence, rules: list[tuple[int, dict[str, Any]]],
                   numbered: set[int]) -> list[Hit]:
        """A product given at intervals ("Vivitrol ... every 4 weeks") said to be given more
        often, when no number of milligrams in the sentence is its own (those are checked with
        their number: "a 380 mg shot given once a week"; the tablet's "50 mg" in "a 50 mg tablet
        or Vivitrol, a shot every two weeks" is not): "Vivitrol is a daily pill", "injected once
        a week" are flagged when a frequency follows its name and every frequency in the
        sentence is too short ("replaces the daily pill with a monthly shot" passes). A daily
        tablet said to block opioids for longer than one dose can is flagged with or without
        its milligrams."""
        text = analysis.text
        hits = []
        said = [f for f in FREQUENCY.finditer(text, sent.start, sent.end)
                if not NOT_GIVEN.search(text, max(sent.start, f.start() - 24), f.start())
                # "Vivitrol and the daily pill"
                and not ((PILL_AFTER.match(text, f.end()) or OTHER_MED_AFTER.match(text, f.end()))
                         and OTHER_FORM.search(text, max(sent.start, f.start() - 12), f.start()))
                and not OBSERVED.search(text, sent.start, f.start()) and not OTHER_ROUTINE.match(text, f.end())
                and not ORAL_AFTER.match(text, f.end())  # "superior to daily oral naltrexone"
                and not self._pill_taken(text, sent, f)
                and not TAKES_IT.search(text, max(sent.start, f.start() - 30), f.start())
                # "superior retention compared with daily buprenorphine": another medicine's routine
                and not any(0 <= o.start - f.end() <= 2 for o in sent.find("other_drug"))]
        for _, rule in rules:
            named = self._own_mentions(sent, rule)
            if not named:
                continue
            longest = float(rule.get("max_interval_days", 0))
            if "min_interval_days" in rule:
                # "One Vivitrol shot lasts about three months": one dose said to last far longer;
                # "Vivitrol provides opioid blockade for only about 14 days": far shorter (with its
                # milligrams or without: "Vivitrol (380 mg IM) blocks opioids for approximately one week")
                for pattern in (LASTS, BLOCKS_FOR):
                    f = next((f for f in pattern.finditer(text, named[0].end, sent.end) if _off_interval(f, rule)),
                             None)
                    if f is not None:
                        hits.append(self._dose_hit(f, rule))
                if id(rule) in numbered:
                    continue
                # after its name, or just before it ("our once-a-week naltrexone injection")
                about = [f for f in said if (f.start() >= named[0].end
                                             and not OTHER_CLAUSE.search(text, named[0].end, f.start()))
                         or 0 <= named[0].start - f.end() <= 3
                         and not text[f.end():named[0].start].strip(" -")]  # not "every day: Vivitrol works"
                # (nor "... on naltrexone or Vivitrol, and we get DMs every day": another clause's)
                if about and all(_days(f) < float(rule["min_interval_days"]) for f in said):
                    hits.append(self._dose_hit(about[0], rule))
                elif about and longest and all(_days(f) > longest for f in about):
                    hits.append(self._dose_hit(about[0], rule))  # "Vivitrol is a shot every three months"
            elif longest and not LONG_ACTING.search(sent.text):
                # "Oral naltrexone blocks opioids for about a week after each dose"; with a dose
                # named, "50 mg blocks ... for about 72 hours" (about 24 h at 50 mg)
                hits += self._short_block(text, named[0].end, sent.end, rule)
                hits += self._long_block(text, sent.start, named[0].end, sent.end, rule)
                # "Naltrexone tablets are taken just once a week": a dose lasts at most a few days
                taken = [f for f in said if f.start() >= named[0].end and TAKEN.search(text, named[0].end, f.start())
                         and not OTHER_CLAUSE.search(text, named[0].end, f.start())]
                if taken and _days(taken[0]) > longest:
                    hits.append(self._dose_hit(taken[0], rule))
        return hits

    def _tablet_clause(self, analysis: Analysis, sent: Sentence, rules: list[tuple[int, dict[str, Any]]]) -> list[Hit]:
        """A tablet's dose and blockade told before any product is named: "A single 50 mg tablet
        blocks opioid effects for about a week; Vivitrol's 380 mg injection covers four weeks"."""
        text = analysis.text
        first = min((m.start for _, r in rules for m in sent.find(r["concept"])), default=sent.end)
        if self.tablet is None or not _dose_before(text, sent.start, first) \
                or LONG_ACTING.search(text, sent.start, first):
            return []
        return self._long_block(text, sent.start, sent.start, first, self.tablet)

    def _long_block(self, text: str, sent_start: int, start: int, end: int, rule: dict[str, Any]) -> list[Hit]:
        """A daily tablet said to block opioids for longer than one dose can: "blocks opioids
        for about a week after each dose"; with a dose named, "50 mg ... gives roughly 72 h
        of opioid blockade" (about 24 h at 50 mg)."""
        longest = float(rule.get("max_interval_days", 0))
        for f in chain(BLOCKS_FOR.finditer(text, start, end), BLOCKADE_SPAN.finditer(text, start, end)):
            dose = _dose_before(text, sent_start, f.start())
            allowed = _blockade_days(rule, dose) if dose else longest
            if _span_days(f.group(1), f.group(2)) > allowed + (BLOCKADE_SLACK if dose else 0):
                hit = self._dose_hit(f, rule)
                hit.values["allowed"] = (_blockade_note(rule, dose) if dose
                                         else f"one dose blocks opioids for at most about {longest:g} days")
                return [hit]
        return []

    def _short_block(self, text: str, start: int, end: int, rule: dict[str, Any]) -> list[Hit]:
        """A daily tablet said to block opioids for only a few hours ("the block only lasts
        like 6 hours"; one 50 mg dose blocks for about 24)."""
        short = SHORT_BLOCK.search(text, start, end)
        if short is None or _span_days(short.group(1), short.group(2)) >= 0.5:
            return []
        hit = self._dose_hit(short, rule)
        hit.values["allowed"] = "one 50 mg dose blocks opioids for about 24 hours"
        return [hit]

    def _own_mentions(self, sent: Sentence, rule: dict[str, Any]) -> list[Mention]:
        """A product's mentions in the sentence, leaving out those that belong to a more
        specific product ("naltrexone" inside "injectable naltrexone" is the injection)."""
        own = sent.find(rule["concept"])
        specific = [m for d in self.doses if d is not rule and d["concept"] != rule["concept"]
                    and self.doses.index(d) < self.doses.index(rule) for m in sent.find(d["concept"])]
        return [m for m in own if not any(o.start <= m.start and m.end <= o.end for o in specific)]

    @staticmethod
    def _too_many(p: re.Match[str], rule: dict[str, Any]) -> bool:
        """Is "four tablets twice a day" more than the product's daily maximum?"""
        if "unit_mg" not in rule or "max_daily_mg" not in rule:
            return False
        times = _number(p.group(2).split()[0]) if p.group(2) else 1
        return _number(p.group(1)) * times * float(rule["unit_mg"]) > float(rule["max_daily_mg"])

    @staticmethod
    def _dose_lasts(analysis: Analysis, sent: Sentence, named: list[dict[str, Any]],
                    subjects: list[Mention]) -> list[Hit]:
        """"One dose lasts about three months", "A single 50 mg oral dose blocks heroin for
        roughly three days": how long a dose lasts, in a sentence whose subject is the dose
        of the products named before it, flagged when it is longer than any of them lasts
        (the tablets only when the sentence says oral, the shot only when it says injected;
        with milligrams named, as long as the ``block_hours`` table allows for that dose)."""
        text = analysis.text
        # the form named first is the subject's: "The shot lasts a month, so no pill to remember"
        oral, shot = ORAL.search(text, sent.start, sent.end), LONG_ACTING.search(text, sent.start, sent.end)
        if oral is not None and (shot is None or oral.start() < shot.start()):
            named = [r for r in named if "min_interval_days" not in r]
        elif shot is not None:
            named = [r for r in named if "min_interval_days" in r]
        timed = [r for r in named if "max_interval_days" in r]
        if not timed:
            return []
        for pattern in (LASTS, BLOCKS_FOR):
            for f in pattern.finditer(text, sent.start, sent.end):
                if not any(m.end <= f.start() for m in subjects) and not ORAL.search(text, sent.start, f.start()):
                    continue  # "Blockade from a single 50 mg tablet lasts about 72 hours"
                dose = _dose_before(text, sent.start, f.start())
                one_unit = ONE_UNIT.search(text, sent.start, f.start()) is not None
                mg = functools.partial(_dose_mg, dose=dose, one_unit=one_unit)
                span = _span_days(f.group(1), f.group(2))
                if all(span > (_blockade_days(r, mg(r)) + BLOCKADE_SLACK if mg(r) and "block_hours" in r
                               else float(r["max_interval_days"])) for r in timed):
                    hit = FactRule._dose_hit(f, timed[0])
                    if mg(timed[0]) and "block_hours" in timed[0]:
                        hit.values["allowed"] = _blockade_note(timed[0], mg(timed[0]))
                    return [hit]
        return []

    def _dose_rules_before(self, analysis: Analysis, sent: Sentence) -> list[dict[str, Any]]:
        """The dose ranges of the products the last few sentences named, nearest first."""
        named: list[dict[str, Any]] = []
        for k in range(sent.index - 1, max(-1, sent.index - 1 - LOOKBACK), -1):
            before = analysis.sentences[k]
            if before.has("other_drug") and not before.has("drug"):
                subject = before.find("drug_anaphor")
                if subject and subject[0].start - before.start <= 3:
                    continue  # "It is structurally related to naloxone": its subject is still the drug
                if subject and all(m.has("negated") for m in before.find("other_drug")):
                    continue  # "it isn't a controlled substance, and it isn't methadone": still the drug
                break
            found = next((d for d in self.doses if before.has(d["concept"])), None)
            if found is not None and found not in named:
                named.append(found)
        return named

    @staticmethod
    def _dose_hit(p: re.Match[str], rule: dict[str, Any], end: int | None = None) -> Hit:
        text = p.string
        said = text[p.start():end] if end is not None else p.group()
        return Hit(p.start(), end if end is not None else p.end(),
                   {"match": said, "value": said, "product": rule.get("name", ""),
                    "allowed": rule.get("label", f"up to {rule['max_mg']} mg" if "max_mg" in rule else ""),
                    "source": rule.get("source", "")})

    def _dose_rule(self, analysis: Analysis, sent: Sentence, rules: list[tuple[int, dict[str, Any]]],
                   pos: int, end: int) -> dict[str, Any] | None:
        """The dose range a number is checked against: that of the product named nearest
        before it ("Plain naltrexone is 50 mg, though some prefer LDN (1.5-4.5 mg)" checks
        50 mg as naltrexone), the most specific on a tie; none when another medicine is
        nearer ("bupropion 90 mg"); when none precedes, the product right after it ("50 mg of
        LDN"), else the plain drug ("a 50 mg tablet once a day, or Vivitrol, a 380 mg shot").
        A product's ``unless`` words between its name and the number (or just after the
        number) hand the number on to the next candidate: "LDN is a fraction of the usual
        50 mg" and "LDN is made from 50 mg tablets" speak of the standard dose."""
        if any(0 <= o.start - end <= 50 and DOSE_OF_OTHER.fullmatch(analysis.text, end, o.start)
               for o in sent.find("other_drug")):
            return None  # "plus 450 mg a day of extended-release bupropion": the other medicine's dose
        while rules:
            picked = _nearest_product(sent, rules, pos)
            if picked is None:
                return None
            rule, m = picked
            unless = self.as_list(rule.get("unless"))
            lo, hi = min(m.start, pos), max(m.end, end + 20)
            if m.start >= pos:  # "The only approved tablet is 50 mg, so LDN is ...": the words before the number
                lo = max(sent.start, pos - 40)
            if not (unless and any(lo <= u.start and u.end <= hi for u in sent.find(*unless))):
                return rule
            rules = [r for r in rules if r[1] is not rule]
        return None


def _fits_record(analysis: Analysis, sent: Sentence, m: Mention, product: dict[str, Any]) -> bool:
    """Does the year of the approval's own clause fall on one of the product's approvals
    ("It was first approved ... in 2006" after a line on Vivitrol is Vivitrol's own)?"""
    clause = CLAUSE_END.search(analysis.text, m.end, sent.end)
    year = YEAR.search(analysis.text, m.start, clause.start() if clause else sent.end)
    return year is not None and int(year.group()) in _years_on_record(product.get("approved") or {})


def _nearest_product(sent: Sentence, rules: list[tuple[int, dict[str, Any]]],
                     pos: int) -> tuple[dict[str, Any], Mention] | None:
    """The product (and its mention) a number at ``pos`` belongs to; see ``_dose_rule``."""
    best: tuple[int, int, dict[str, Any], Mention] | None = None
    after: tuple[int, int, dict[str, Any], Mention] | None = None
    spans = []
    for rank, d in rules:
        for m in sent.find(d["concept"]):
            spans.append((m.start, m.end))
            if m.end <= pos and (best is None or (m.end, -rank) > (best[0], -best[1])):
                best = (m.end, rank, d, m)
            # (not "Oral 50 mg daily; Vivitrol 380 mg", nor "a 50 mg pill, or a monthly shot")
            if pos <= m.start <= pos + 20 and not AFTER_BREAK.search(sent.text, pos - sent.start,
                                                                     m.start - sent.start) \
                    and (after is None or (m.start, rank) < (after[0], after[1])):
                after = (m.start, rank, d, m)
    others = [o.end for o in sent.find("other_drug") if o.end <= pos
              and not any(a <= o.start and o.end <= b for a, b in spans)]
    if others and (best is None or max(others) > best[0]):
        return None
    chosen = best or after
    if chosen is not None:
        return chosen[2], chosen[3]
    word = LAST_WORD.search(sent.text, 0, pos - sent.start)
    if word is not None and word.group(1).lower() not in DOSE_LEAD:
        return None  # "Kudzu root extract 500 mg | ... | Naltrexone 4.5 mg": the dose of what it follows
    rule = rules[-1][1]
    found = sent.find(rule["concept"])
    return (rule, found[0]) if found else None


def _out_of_range(p: re.Match[str], rule: dict[str, Any], text: str = "") -> bool:
    """Is the number of milligrams in ``p`` outside the product's range, or below its
    ``usual_mg`` where the text calls it the usual dose ("the usual dose is one 25 mg
    tablet" for alcohol dependence; 25 mg is only the first dose for opioid blockade)?"""
    if "max_mg" not in rule:
        return False
    value = float(p.group(2) or p.group(1))
    if p.group(3).lower().startswith("g"):
        value *= 1000
    if "usual_mg" in rule and value != float(rule["usual_mg"]) and USUAL_DOSE.search(text, max(0, p.start() - 80),
                                                                                    p.start()) \
            and (value < float(rule["usual_mg"]) or not LONG_ACTING.search(text, max(0, p.start() - 60), p.end() + 40)):
        return True  # (a usual dose above the tablet's is the monthly shot's only when the text says so)
    if "tablet_mg" in rule and value != float(rule["tablet_mg"]) and (
            PER_TABLET.match(text, p.end()) or EACH_TABLET.search(text, max(0, p.start() - 50), p.start())):
        return True  # "contains 32 mg of naltrexone in each tablet": one Contrave tablet has 8 mg
    if "shot_mg" in rule and value != float(rule["shot_mg"]) and SHOT_AFTER.match(text, p.end()):
        return True  # "Vivitrol is a 50 mg injection": the shot holds 380 mg
    if "max_start_mg" in rule and value > float(rule["max_start_mg"]) and START_DOSE.search(
            text, max(0, p.start() - 40), p.start()):
        return True  # "start at 100 mg on the first day": the label starts at 25 or 50 mg
    if "max_daily_mg" in rule and value > float(rule["max_daily_mg"]) and DAILY_AFTER.match(text, p.end()):
        return True  # "adults, who take 380 mg a day": more than the most a day's tablets hold
    return value > float(rule["max_mg"]) or value < float(rule.get("min_mg", 0))


def _period_days(p: re.Match[str]) -> float:
    """Days in a PERIOD match ("72 hours", "a day", "two weeks")."""
    first = p.group(1).lower()
    n = WORDS[first] if first in WORDS else float(first)
    unit = p.group(3).lower()
    return n / 24 if unit.startswith("h") else n * 7 if unit.startswith(("w", "s")) else n


def _cells_around(analysis: Analysis, sent: Sentence) -> list[Sentence]:
    """A cell's row, its column's header and the header over its row label."""
    label = analysis.row_label(sent)
    around = [*analysis.row_cells(sent), analysis.column_header(sent),
              analysis.column_header(label) if label is not None else None]
    return [c for c in around if c is not None]


def _tablet_too_seldom(text: str, sent: Sentence, p: re.Match[str], rule: dict[str, Any]) -> re.Match[str] | None:
    """How often a tablet is said to be taken, when that is further apart than one tablet's
    dose reaches ("one 50 mg tablet, taken once a week": the label's tablet is daily)."""
    if "unit_mg" not in rule or "min_interval_days" in rule or not PILL_AFTER.match(text, p.end()):
        return None
    f = FREQUENCY.search(text, p.end(), min(sent.end, p.end() + 40))
    if f is None or OR_NEXT.search(text, p.end(), f.start()) or SUPPLIED.search(text, p.end(), f.start()):
        return None  # "a daily 50 mg pill, or a once-a-month shot" (the shot's), "tablets, mailed monthly"
    return f if _days(f) > float(rule.get("max_interval_days", 1)) else None


def _days(m: re.Match[str]) -> float:
    """Days between doses for "once a week", "monthly", "twice a month", "every 3 days", "q2 weeks"."""
    said = next(g for g in m.groups() if g).lower()
    if said in PERIOD_DAYS:
        return PERIOD_DAYS[said] / (2 if m.group().lower().startswith("twice") else 1)
    n, unit = re.fullmatch(r"(\d+|[a-z]+?)\s*([a-z]+)", said).groups()  # type: ignore[union-attr]  # "4wk"
    return _span_days(n, unit)


def _years_back(f: re.Match[str]) -> range:
    """The approval years "for over forty years" (up to forty years ago), "for nearly thirty
    years" or "for forty years" (a year either side) allows."""
    n = int(f.group(2)) if f.group(2).isdigit() else TENS[f.group(2).lower()]
    return _span_back(n, f.group(1), 2)


def _span_back(n: int, how: str | None, slack: int) -> range:
    """The years ``n`` years before today, as qualified: "over" (or "more than") that many
    reaches back further, "nearly" (or "almost") not quite; otherwise ``slack`` either side."""
    now = datetime.date.today().year
    how = re.sub(r"\s+", " ", (how or "").lower())
    if how in ("over", "more than"):
        return range(1900, now - n + 1)
    if how in ("almost", "nearly", "close to"):
        return range(now - n, now - n + 6)
    return range(now - n - slack, now - n + slack + 1)


NEXT_CLAUSE = re.compile(r";|,\s+(?:so|but|while|whereas|which|because)\b", re.I)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause that runs on from ``start`` ends (a semicolon, ", so", ", and", ...)."""
    found = CLAUSE_END.search(text, start, end) or NEXT_CLAUSE.search(text, start, end)
    return found.start() if found else end


def _years_ago(a: re.Match[str]) -> range:
    """The approval years "over half a century ago" or "about thirty years ago" allow (a round
    span of decades is looser than a count of years)."""
    said = re.sub(r"\s+", " ", a.group(2).lower())
    n = SPANS.get(said) or (int(said) if said.isdigit() else TENS[said])
    return _span_back(n, a.group(1), 5 if "decade" in said or "century" in said else 2)


def _decade(d: re.Match[str]) -> range:
    """The years a decade spans: "the 1960s" -> 1960-1969, "the mid-1990s" -> 1993-1996,
    "the seventies" -> 1970-1979."""
    tens = int(d.group(3)) if d.group(3) else DECADE_WORDS.get((d.group(4) or "").lower(), 0)
    first = int(d.group(2)) * 10 if d.group(2) else 1900 + tens * 10
    part = (d.group(1) or "").lower()
    lo, hi = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(part, (0, 9))
    return range(first + lo, first + hi + 1)


def _dose_before(text: str, start: int, end: int) -> float:
    """The last milligram dose named between start and end ("Oral naltrexone 50 mg blocks")
    that is not the dose of an opioid ("a 25 mg heroin challenge" comes after "blocks")."""
    doses = [float(d.group(1)) for d in DOSE.finditer(text, start, end) if d.group(3).lower().startswith("m")]
    return doses[-1] if doses else 0.0


def _dose_mg(rule: dict[str, Any], dose: float, one_unit: bool) -> float:
    """The milligrams a duration is said of: the dose named, else, for "one tablet keeps
    working for 3 days", one tablet of the label's strength (``unit_mg``); 0 when unknown."""
    return dose or (float(rule["unit_mg"]) if one_unit and "unit_mg" in rule else 0.0)


def _blockade_note(rule: dict[str, Any], mg: float) -> str:
    """The label's figure for a dose, for a message: "50 mg blocks opioids for about 24 hours"."""
    return f"{mg:g} mg blocks opioids for about {_blockade_days(rule, mg) * 24:g} hours"


def _blockade_days(rule: dict[str, Any], mg: float) -> float:
    """How long a single dose of mg blocks opioids, from the rule's ``block_hours`` table
    (the largest dose listed at or below mg); the rule's ``max_interval_days`` without one."""
    table = {float(k): float(v) for k, v in (rule.get("block_hours") or {}).items()}
    known = [k for k in table if k <= mg]
    return table[max(known)] / 24 if known else float(rule.get("max_interval_days", 0))


def _off_interval(m: re.Match[str], rule: dict[str, Any]) -> bool:
    """Is the span a match names (its number and unit) shorter than the product's dosing
    interval, or longer than one dose lasts?"""
    return _days_off_interval(_span_days(m.group(1), m.group(2)), rule)


def _days_off_interval(days: float, rule: dict[str, Any]) -> bool:
    """Are this many days between doses outside the product's labelled interval?"""
    return days < float(rule["min_interval_days"]) or days > float(rule.get("max_interval_days") or 1e9)


def _duration_cell(analysis: Analysis, sent: Sentence) -> re.Match[str] | None:
    """The span a table cell gives under a column of how long one dose works ("about one
    week" under "How long it lasts"), or None."""
    head = analysis.column_header(sent) if analysis.has_tables else None
    if head is None or not DURATION_HEADER.search(head.text):
        return None
    return CELL_SPAN.match(analysis.text, sent.start, sent.end)


def _span_days(number: str, unit: str) -> float:
    """"three months" -> 90, "about a week" -> 7, "24 hours" -> 1."""
    u = unit.lower()
    scale = 1 / 24 if u.startswith("h") else 7 if u.startswith("w") else 30 if u.startswith("m") else 1
    return _number(number) * scale


def _number(word: str) -> float:
    """A count written as digits or a word ("four", "twice")."""
    w = word.lower()
    return float(w) if w.isdigit() else {"once": 1, "twice": 2, "one": 1, **WORDS}.get(w, 1)


def _about_ldn_only(analysis: Analysis) -> bool:
    """Is the draft about low-dose naltrexone alone (LDN named, no labelled use, no
    standard product or dose)? Then "naltrexone" and "it" mean LDN."""
    if not analysis.mentions("drug_ldn") or analysis.mentions("standard_use", "ind_alcohol"):
        return False
    # (the standard dose named as LDN's yardstick, "roughly 1/10 of the standard dose", is no other product)
    return not any(not analysis.sentences[d.sent].has("ldn_yardstick")
                   for d in analysis.mentions("drug_standard"))


def _true_false_item(analysis: Analysis, sent: Sentence) -> bool:
    """Is the sentence a quiz's true/false item, its source line ending "TRUE / FALSE"?"""
    src = analysis.document.source
    _, end = analysis.to_source(sent.start, sent.end)
    line_end = src.find("\n", end)
    return TRUE_FALSE.search(src, end, len(src) if line_end < 0 else line_end) is not None


def _table_cell(analysis: Analysis, sent: Sentence) -> bool:
    """A table cell ("| FDA-approved for weight loss | Yes | No |") labels a row; it is
    not a sentence about the product named before the table."""
    src = analysis.document.source
    start, _ = analysis.to_source(sent.start, sent.end)
    line = src[src.rfind("\n", 0, start) + 1:start]
    return line.lstrip().startswith("|") or TABLE_CELL.search(src, max(0, start - 40), start) is not None \
        or (analysis.document.format == "txt" and analysis.in_cell(sent))  # (a plain-text table's cell:
    # "Used for      reversing opioid overdose"; an HTML e-mail's layout table is not one)


def _has_subject(analysis: Analysis, sent: Sentence, concepts: list[str], pos: int, end: int) -> bool:
    """The statement's subject: the nearest of these concepts before the statement (which
    spans pos to end), not negated ("naloxone, not naltrexone, reverses an overdose" has none)."""
    before = [m for m in sent.find(*concepts) if m.end <= pos and pos - m.end <= 80]
    # "Unlike naltrexone, EndoCalm won't interfere with opioid pain medicine": the drug is set apart
    before = [m for m in before if not UNLIKE_OPENING.fullmatch(analysis.text, sent.start, m.start)]
    # "Naltrexone, if you've never heard of it, is ...": the subject is not the "it" of an aside
    before = [m for m in before if not m.has("hypothetical")] or before
    # "naloxone (Narcan) is the drug that reverses an overdose": "the drug" is the predicate
    before = [m for m in before if m.label != "drug_anaphor" or not COPULA_BEFORE.search(
        analysis.text, max(sent.start, m.start - 8), m.start)]
    if analysis.has_tables and (label := analysis.row_label(sent)) is not None and label.start < sent.start \
            and label.has("other_drug", "naloxone_name") and not label.has("drug") and not any(
                m.label == "drug" for m in before):
        return False  # "| Methylnaltrexone | ... | so it does not block opioid pain relief |": its row's medicine
    if any(0 <= pos - o.end <= 2 and not NOUN_PHRASE_START.fullmatch(analysis.text, sent.start, o.start)
           for o in sent.find("opioid", "other_drug")):
        return False  # "tramadol is an opioid": the word just before the statement is its subject
        # (but in a cell's "A synthetic opioid, Schedule II" the opioid is what the cell calls its drug)
    if (rel := WHICH_IS.search(analysis.text, max(sent.start, pos - 30), pos)) is not None:
        named = [o for o in sent.find("drug", "opioid", "other_drug", "naloxone_name") if o.end <= rel.start()]
        if named and max(named, key=lambda o: o.end).label != "drug":
            return False  # "unlike phentermine, which is a Schedule IV drug": the relative clause's own noun
    others = [m for m in sent.find("naloxone_name") if m.end <= pos
              and not REPLACED.search(analysis.text, max(sent.start, m.start - 20), m.start)]
    if others and (not before or max(others, key=lambda m: m.end).end > max(before, key=lambda m: m.end).end):
        return False  # the nearest subject is naloxone, not naltrexone
    if before and all(m.label == "drug_anaphor" for m in before) and any(
            m.start >= end and not m.has("negated") and not m.has("hypothetical")
            and not LIKE_BEFORE.search(analysis.text, max(sent.start, m.start - 30), m.start)
            for m in sent.find("naloxone_name")):  # not "... if you have no Narcan", nor "... like Narcan does"
        return False  # "The medicine that reverses an opioid overdose is naloxone" (not "it's a version of Narcan")
    if not before and APPOSITIVE.match(sent.text):
        after = [d for d in sent.find(*concepts) if d.start > pos]
        if after and after[0].label == "drug":
            return True  # "As a partial opioid agonist at low doses, LDN ...": the drug is named next
        if after and (last := _last_named(analysis, sent.index)) is not None:
            return last.label == "drug"  # "Naltrexone is ... As a partial opioid agonist it can ..."
    if not before:
        # a fragment with no subject ("Reverses an OD in minutes.") speaks of the product at
        # hand: the medicine the sentences before it named last ("Disulfiram (Antabuse). Makes
        # you feel sick if you drink." is about disulfiram)
        key = KEY_LABEL.match(analysis.text, sent.start, pos)  # a label's "SCHEDULE: C-IV" names its value
        # a cell's clauses are items of their own: "Reduces cravings; also reverses an opioid overdose"
        clause = analysis.text.rfind(";", sent.start, pos) + 1 if _table_cell(analysis, sent) else 0
        if any(clause <= m.start and m.end <= pos for m in sent.mentions if m.label not in concepts
               if m.label not in ("opioid", "ind_opioid", "opioid_antagonist") or not _table_cell(analysis, sent)
               if key is None or m.start >= key.end()):
            return False  # (a cell's "Opioid blocker that ER doctors use to ..." still speaks of its column's drug)
        cells = [c for c in analysis.row_cells(sent) if c.start < sent.start]  # the row's cells before this one
        if cells and any(c.has("drug") for c in cells):
            # "<tr><td>Naltrexone tablets (ReVia)</td><td>Yes</td><td>Schedule II controlled drug</td>": the row's drug
            return not any(c.has("other_drug", "naloxone_name") for c in cells)
        if cells and any(c.has("naloxone_name", "other_drug") for c in cells[:1]):
            return False  # "<tr><td>Naloxone 4 mg spray</td>...<td>Reverses an overdose</td>": naloxone's row
        if _table_cell(analysis, sent):
            label = analysis.row_label(sent)
            if label is not None and not label.has("drug") and label.start < sent.start \
                    and (first := analysis.column_header(label)) is not None and MEDICINE_COLUMN.fullmatch(first.text):
                return False  # a medicines list's "| omeprazole | 20 mg | reflux | OTC |": its row's medicine
            # a cell ("| An opioid partial agonist |") speaks of the medicine its column is
            # headed by, or else its row
            for head in (analysis.column_header(sent), analysis.row_label(sent)):
                if head is not None and head.has("drug", "other_drug", "naloxone_name", "opioid") and not (
                        not head.has("drug", "other_drug", "naloxone_name") and ANTAGONIST.search(head.text)):
                    # (a key-value table's first row, "| Drug class | Opioid antagonist |", heads no opioid column)
                    return head.has("drug") and not head.has("other_drug", "naloxone_name")  # "| Tramadol |" is no drug
            head = analysis.column_header(sent)
            if head is not None and any(c.has("drug") for c in analysis.row_cells(head)):
                # "| Liver | Gentle on the liver | ... |" under "| | CraveCalm | Naltrexone |": the supplement's
                return False
            # a product's spec table ("| Receptor profile | Partial mu-opioid agonist |") names
            # no medicine in its rows: in a draft about the drug (others named but in passing), the drug's
            return analysis.row_label(sent) is not None and (  # (a value, not the row's own label)
                len({o.start for o in analysis.mentions("other_drug", "naloxone_name")
                     if not analysis.sentences[o.sent].has("drug")}) * 3  # (not "if you used methadone" beside it)
                < len({d.start for d in analysis.mentions("drug")}))
        if not FRAGMENT_START.fullmatch(analysis.text, sent.start, pos):
            return False  # "An over-the-counter supplement that ..." has a subject of its own
        last = _last_named(analysis, sent.index)
        return last is None or last.label == "drug"
    subject = max(before, key=lambda m: m.end)
    if subject.label == "drug_anaphor" and any(d.has("negated") for d in sent.find("drug") if d.end <= subject.start) \
            and not any(not d.has("negated") for d in sent.find("drug") if d.end <= pos):
        return False  # "there is no naltrexone in it, so there's no risk of withdrawal": "it" is the other product
    if subject.label == "drug_anaphor" and analysis.has_tables and (head := analysis.column_header(sent)) is not None \
            and head.has("drug", "other_drug", "naloxone_name"):
        # "| Prescription? | No, it's been over the counter since 2023 |" under "| | Naloxone (Narcan) |": its column's
        return head.has("drug") and not head.has("other_drug", "naloxone_name")
    if subject.label == "drug_anaphor" and SUBORDINATE.match(sent.text) and any(
            d.start > pos and d.label == "drug" for d in sent.find(*concepts)):
        return True  # "Because it is a Schedule III drug, naltrexone can only ...": "it" is named next
    if subject.label == "drug_anaphor" and subject.text.lower().split()[0] in ("his", "her", "their", "my", "your"):
        return True  # "Narcan at bedside per protocol, tho his shot would reverse an OD anyway": his injection
    if subject.label == "drug_anaphor":
        named = [m for m in sent.find("drug", "naloxone_name", "other_drug") if m.end <= subject.start
                 and not LIKE_BEFORE.search(analysis.text, max(sent.start, m.start - 30), m.start)]
        if named and not any(a.start < named[0].start for a in sent.find("drug_anaphor")):
            # "Narcan is naloxone, and it reverses an overdose": "it" is named in the sentence (but
            # in "Like naloxone, it ..." or "It works like Narcan, so it ..." it is not)
            return max(named, key=lambda m: m.end).label == "drug"
        # "Narcan is naloxone. It's a spray that reverses an overdose": "it" is the last medicine named
        last = _last_named(analysis, sent.index)
        if last is not None:
            return last.label == "drug"
    return not subject.has("negated")


def _caption_line(analysis: Analysis, sent: Sentence) -> list[Sentence]:
    """The prose sentence just above the table a cell is in (its caption), if any."""
    for k in range(sent.index - 1, max(-1, sent.index - 40), -1):
        before = analysis.sentences[k]
        if analysis.row_label(before) is None and not _table_cell(analysis, before):
            return [before]
    return []


def _years_on_record(approved: dict[str, list[int]]) -> list[int]:
    """Every year a product was approved, for any indication, earliest first."""
    return sorted({y for years in approved.values() for y in years})


def _says_yes(question: Sentence, answer: Sentence) -> bool:
    """Does the answer say yes, unqualified, to a yes-or-no question ("Is LDN FDA-approved?" /
    "Yes. ...", "Is it a controlled substance?" / "It is, which is why ...")?"""
    return (YES_NO_QUESTION.match(question.text) is not None and ANSWER_YES.match(answer.text) is not None
            and not NOT_BEFORE.search(answer.text))


def _answer(analysis: Analysis, sent: Sentence) -> Sentence | None:
    """The answer printed under a quiz question ("**4. True or false: ...**" / "**Answer:
    True.** ..."): the next sentence, when it opens with "Answer:" or "A:" or stands after a
    tab on the question's line (a flashcard export)."""
    k = sent.index + 1
    if k >= len(analysis.sentences) or len(OPTION.findall(analysis.sentences[k].text)) >= 2:
        return None  # not "a) Alcohol b) Fibromyalgia ..."
    nxt = analysis.sentences[k]
    between = analysis.document.source[analysis.to_source(sent.end, sent.end)[0]:analysis.to_source(nxt.start,
                                                                                                      nxt.start)[0]]
    if ANSWER_LEAD.match(nxt.text) or ("\t" in between and "\n" not in between):
        return nxt  # "**Answer:** ...", or a flashcard's back: "Contrave FDA approval?<TAB>2012, ..."
    if _says_yes(sent, nxt):
        return nxt  # an FAQ's "Is LDN FDA-approved?" answered "Yes. ..."
    return None


def _answer_option(analysis: Analysis, sent: Sentence) -> bool:
    """One of several short choices listed under a question ("Naltrexone belongs to which
    drug class?" / "Opioid agonist" / "Opioid antagonist" / ...): offered, not asserted. A
    lone answer after a question (a flashcard's back) is asserted."""
    def short(k: int) -> bool:
        t = analysis.sentences[k].text.strip()
        return len(t.split()) <= 4 and not t.endswith((".", "!", "?"))

    sents = analysis.sentences
    i = sent.index
    if not short(i) or _table_cell(analysis, sent):
        return False
    if not ((i > 0 and short(i - 1)) or (i + 1 < len(sents) and short(i + 1))):
        return False
    k = i - 1
    while k >= 0 and i - k <= 8 and short(k):
        k -= 1
    return k >= 0 and sents[k].question


def _in_brackets(sent: Sentence, pos: int) -> bool:
    before = sent.text[:pos - sent.start]
    return before.count("(") > before.count(")")


def _last_named(analysis: Analysis, index: int) -> Mention | None:
    """The medicine the few sentences before ``index`` named last, as the subject a
    pronoun or a fragment takes up. A sentence whose own subject is "it" passes it on:
    in "It's a daily pill. It's basically Narcan in pill form. It's sold over the
    counter", the third "it" is still the drug, not Narcan."""
    for k in range(index - 1, max(-1, index - 4), -1):
        before = analysis.sentences[k]
        # "the shot", "this medication" name the drug as well as its name does (not a bare "it")
        named = before.find("drug", "naloxone_name", "other_drug") + [
            dataclasses.replace(a, label="drug") for a in before.find("drug_anaphor") if len(a.text.split()) >= 2]
        if not named:
            continue
        drugs = before.find("drug")
        named = [m for m in named if m.label != "other_drug"
                 or not any(d.start <= m.start and m.end <= d.end for d in drugs)]
        subject = before.find("drug_anaphor")
        if subject and subject[0].start - before.start <= 3 and not any(m.start < subject[0].start for m in named):
            continue
        if not named:
            continue
        first = min(named, key=lambda m: m.start)
        if not SPEAKER.sub("", before.text[:first.start - before.start]).strip(" *_#>-•\"“") \
                and not first.has("negated"):
            return first  # "Naltrexone is NOT the same as naloxone. It blocks ...": the subject
        return max(named, key=lambda m: m.end)
    return None


def _after_or_near(sent: Sentence, concept: str, pos: int) -> bool:
    return any(m.start >= pos - 40 and not COMORBIDITY.search(sent.text, 0, m.start - sent.start)
               for m in sent.find(concept))


def RuleFactError(rule: Rule, problem: str) -> Exception:  # noqa: N802 - reads like an exception class
    return rule.error(problem, "check")
