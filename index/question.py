"""Reading a question: what it asks about, what kind of answer it wants.

A question becomes a list of concepts (a word or a phrase of the question,
with the spellings and paraphrases that also satisfy it), an answer type
("when" wants a date, "how many" a number, "who" a name) and a few flags. No
Whoosh here: the ranking turns concepts into queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index.acronyms import question_acronyms
from index.aliases import AliasGroups
from index.analysis import term_spans, terms

AnswerType = Literal["date", "number", "person", "place", "definition", "quote", "reason", "any"]

MAX_QUESTION_CHARS = 1000
MAX_CONCEPTS = 40  # ranking keeps the rarest of them

# What people put before a question: a greeting, a list number, a bullet ("Hi! (1) When ...").
_PREAMBLE = re.compile(
    r"""^(?:\s*(?:
        (?:hi|hello|hey|greetings|good\s+(?:morning|afternoon|evening)|dear\s+\w+)\b
            (?:\s+there\b)?\s*[,!.:;-]*
      | \(?\s*\d{1,3}\s*[).:](?=\s|$)\s*
      | \(?[a-h]\)\s*
      | [-*•–]\s+
      | q\s*\d*\s*[.:]\s*
    ))+""",
    re.I | re.X,
)

# Words that shape a question but say nothing about its subject (compared unstemmed,
# lowercased; acronyms written in capitals are kept: "WHO" is not "who").
QUESTION_WORDS = frozenset(
    """what when where who whom whose which why how many much did does do is are was were can
    could would should will shall may might must tell me us about please know give list
    explain describe show find say says according article articles analysis text corpus
    source sources mention mentioned mentions any some there here hey hi hello bot thanks
    thank you i my we our your kind sort type happen happened happens year years date time
    day month exactly name current currently latest recent recently now today newest new up
    published publication whether get got has have had been being be its it this that these
    those
    one also ever yet still just only really""".split()
)
# Of QUESTION_WORDS, those that do name the answer when the question is about them.
_RECENCY_WORDS = frozenset("current currently latest recent recently now today newest".split())
# A word after these is most likely a noun: the thing the question is about.
_HEAD_MARKERS = frozenset(
    """the a an of about in on for with from to by at into many much what which whose any
    some its their his her this that these those""".split()
)
_AUTHOR_WORDS = frozenset("author authors wrote written writer byline".split())
_PUBLISHED_WORDS = frozenset("published publication".split())
# "Who reported the ... story?", "When was the article updated?": about the article itself.
_ARTICLE_WORDS = frozenset("story article piece report page post column op-ed".split())
_REPORTED_WORDS = frozenset("reported filed".split())
_UPDATED_WORDS = frozenset("updated posted".split())


@dataclass(frozen=True)
class Concept:
    """One thing a question asks about, and the index terms that satisfy it."""

    surface: str  # as written in the question
    terms: frozenset[str]  # single-term forms (the question's own stem and its synonyms)
    phrases: tuple[tuple[str, ...], ...] = ()  # multi-term forms, e.g. non / align / movement
    own: frozenset[str] = frozenset()  # the question's own terms (the rest are paraphrases)
    is_year: bool = False
    head: bool = False  # follows an article, a preposition or "how many": likely a noun
    of_phrase: bool = False  # "the president of ...": what the question asks for


@dataclass(frozen=True)
class Question:
    """A question read for retrieval."""

    text: str
    concepts: tuple[Concept, ...]
    answer_type: AnswerType
    wants_recent: bool = False
    asks_author: bool = False
    asks_published: bool = False
    subject: str = ""  # what a "what is X?" question asks to define
    spoken: frozenset[str] = frozenset()  # the terms of the verb of saying asked about ("call")

    @property
    def acronyms(self) -> tuple[str, ...]:
        """The acronyms the question writes in capitals ("PNG")."""
        return question_acronyms(self.text)


_DEFINITION = re.compile(
    r"^\s*(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?(?P<subject>[^?!.]{2,60}?)\s*[?!.]*\s*$",
    re.I,
)


def definition_subject(text: str) -> str:
    """X in "What is X?" / "Who was X?" (empty for other questions)."""
    match = _DEFINITION.match(text)
    return match.group("subject") if match and len(match.group("subject").split()) <= 5 else ""


def answer_type(text: str) -> AnswerType:
    """The kind of answer the question's wording asks for."""
    if definition_subject(text):
        return "definition"
    lowered = " " + re.sub(r"[^\w\s]", " ", text.lower()) + " "
    if re.search(
        r" (when|what year|which year|what date|which date|since when|how long ago) ", lowered
    ):
        return "date"
    if re.search(r" (how many|how much|what number|what percentage|how large|how big) ", lowered):
        return "number"
    if re.search(r" (who|whom|whose) ", lowered) and not re.search(r"\bWHO\b", text):
        return "person"
    if re.search(r" (where|in which city|in which country|what city|what country) ", lowered):
        return "place"
    if _WHICH_NAMED.search(lowered):
        return "person"  # a named body: a sentence with a name answers it
    if re.search(r" (why|for what reason|what for) ", lowered):
        return "reason"
    if spoken_verb(text):
        return "quote"  # "What did X call Y?", "How did X describe Y?": what X said
    return "any"


def spoken_verb(text: str) -> str:
    """The verb of saying a question asks about ("call" in "What did X call Y?"), or "".

    Not a passive one, nor one whose subject is the text itself: "What is said about X?"
    and "What does the article say about X?" ask what is known of X, not for a quote."""
    lowered = " " + re.sub(r"[^\w\s]", " ", text.lower()) + " "
    for match in _SPOKEN.finditer(lowered):
        before = lowered[: match.start()].split()
        if not before or before[-1] not in _NOT_A_SPEAKER:
            return match.group(1)
    return ""


_NOT_A_SPEAKER = frozenset(
    """is are was were be been being it article articles corpus text texts analysis story
    report piece source sources""".split()
)


# Verbs of saying: a question asking what someone said is answered by their words.
_SPOKEN = re.compile(
    r" (say|says|said|saying|call|calls|called|describe|describes|described|tell|tells|told|"
    r"respond|responds|responded|react|reacts|reacted|reply|replies|replied|warn|warns|warned|"
    r"label|labels|labelled|labeled|dub|dubs|dubbed|claim|claims|claimed|argue|argues|argued) "
)


# "Which group ...?", "what company ...": the answer is a name, as for "who".
_WHICH_NAMED = re.compile(
    r" (?:which|what) (?:other )?(?:groups?|organi[sz]ations?|compan(?:y|ies)|firms?|"
    r"agenc(?:y|ies)|part(?:y|ies)|banks?|countr(?:y|ies)|nations?|states?|cit(?:y|ies)|"
    r"teams?|unions?|newspapers?|outlets?|officials?|leaders?|ministers?|ministr(?:y|ies)) "
)


class AliasMatcher:
    """Finds alias and paraphrase phrases in term sequences (longest match first)."""

    def __init__(self, groups: AliasGroups):
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.group_terms: list[tuple[tuple[str, ...], ...]] = []
        for number, group in enumerate(groups.groups):
            forms = tuple(dict.fromkeys(tuple(terms(phrase)) for phrase in group))
            forms = tuple(f for f in forms if f)
            self.group_terms.append(forms)
            for form in forms:
                self.by_first.setdefault(form[0], []).append((form, number))
        for options in self.by_first.values():
            options.sort(key=lambda item: -len(item[0]))

    def match_at(self, sequence: list[str], at: int) -> tuple[int, list[int]]:
        """Length of the longest alias form starting at `at`, and every group it belongs to."""
        best = 0
        groups: list[int] = []
        for form, number in self.by_first.get(sequence[at], ()):
            if tuple(sequence[at : at + len(form)]) == form and len(form) >= best:
                if len(form) > best:
                    groups = []
                best = len(form)
                groups.append(number)
        return best, groups


def read_question(text: str, matcher: AliasMatcher) -> Question:
    """Read `text` (any length, any content) into concepts, answer type and flags.

    A concept is an alias or paraphrase phrase found in the question (longest
    first), else a run of two or three capitalised words (a name: "Contact
    Group"), else a single word.
    """
    text = " ".join(text.split())[:MAX_QUESTION_CHARS]
    text = strip_preamble(text)
    shouting = not any(c.islower() for c in text)  # all capitals: no word is an acronym
    analysed = term_spans(text.lower() if shouting else text)
    kept = [
        (term, text[s:e], s, e)
        for term, s, e in analysed
        if text[s:e].lower() not in QUESTION_WORDS
        or (not shouting and text[s:e].isupper() and len(text[s:e]) > 1)
    ]
    sequence = [item[0] for item in kept]
    concepts: list[Concept] = []
    at = 0
    while at < len(sequence):
        length, groups = matcher.match_at(sequence, at)
        if length == 0:
            length = 1 if shouting else _name_length(kept, at, matcher, sequence)
        own = tuple(sequence[at : at + length])
        surface = text[kept[at][2] : kept[at + length - 1][3]]
        forms: set[tuple[str, ...]] = {own}
        for number in groups:
            forms.update(matcher.group_terms[number])
        before = text[: kept[at][2]].split()
        head = bool(before) and before[-1].lower().strip(",;:") in _HEAD_MARKERS
        after = text[kept[at + length - 1][3] :].split()
        of_phrase = head and bool(after) and after[0].lower() == "of"
        concepts.append(_concept(surface, own, forms, head, of_phrase))
        at += length
    concepts = _merge_duplicates(concepts)[:MAX_CONCEPTS]
    lowered = {text[s:e].lower() for _, s, e in analysed}
    return Question(
        text=text,
        concepts=tuple(concepts),
        answer_type=answer_type(text),
        wants_recent=bool(lowered & _RECENCY_WORDS),
        asks_author=bool(lowered & _AUTHOR_WORDS)
        or bool(lowered & _ARTICLE_WORDS and lowered & _REPORTED_WORDS),
        asks_published=bool(lowered & _PUBLISHED_WORDS)
        or bool(lowered & _ARTICLE_WORDS and lowered & _UPDATED_WORDS),
        subject=definition_subject(text),
        spoken=frozenset(terms(spoken_verb(text))),
    )


def strip_preamble(text: str) -> str:
    """`text` without a leading greeting, list number or bullet (all of it if that is all)."""
    stripped = _PREAMBLE.sub("", text, count=1).strip()
    return stripped or text


def _name_length(
    kept: list[tuple[str, str, int, int]], at: int, matcher: AliasMatcher, sequence: list[str]
) -> int:
    """How many words from `at` form a capitalised name (1 when it is not a name)."""
    length = 1
    while (
        length < 3
        and at + length < len(kept)
        and kept[at][1][:1].isupper()
        and kept[at + length][1][:1].isupper()
        and kept[at + length][2] - kept[at + length - 1][3] == 1
        and matcher.match_at(sequence, at + length)[0] == 0
    ):
        length += 1
    return length


def _concept(
    surface: str, own: tuple[str, ...], forms: set[tuple[str, ...]], head: bool, of_phrase: bool
) -> Concept:
    singles = frozenset(f[0] for f in forms if len(f) == 1)
    phrases = tuple(sorted(f for f in forms if len(f) > 1))
    return Concept(
        surface=surface,
        terms=singles,
        phrases=phrases,
        own=frozenset(own),
        is_year=len(own) == 1 and bool(re.fullmatch(r"1\d{3}|20\d{2}", own[0])),
        head=head,
        of_phrase=of_phrase,
    )


def _merge_duplicates(concepts: list[Concept]) -> list[Concept]:
    seen: set[tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = set()
    unique: list[Concept] = []
    for concept in concepts:
        key = (concept.terms, concept.phrases)
        if key not in seen:
            seen.add(key)
            unique.append(concept)
    return unique
