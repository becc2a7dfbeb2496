"""Follow-up questions: a short question that leans on the previous one, read together with it.

"and when was that?", "who chaired it after that?", "what about 2021?", "why?" mean little
alone. When such a question follows another, it is rewritten into one question that the
search core can answer, and that the bot shows back ("Taking this as: ...") so the reader
can correct it. Only English function words are used to decide (pronouns, question words,
auxiliaries, prepositions, connectives), never words of a corpus, so this works for any
corpus and any subject. The rewriting, on the previous question P and the new one N:

- N refers back with a pronoun ("it", "they", "its", "there", a "that" standing alone):
  the pronoun is replaced by P's subject, the first noun phrase P names ("who chaired it
  after that?" -> "who chaired the NAM Youth Organization after that?"). When N is only
  a question word and the pronoun ("when was that?", "why did that happen?"), it asks about
  P as a whole: N's question word takes the place of P's ("When did X join Y?" + "and why
  was that?" -> "why did X join Y?"), or the pronoun is replaced by what P asks about.
- N names only a year ("what about 2021?", "and in 2019?"): P with its years replaced by
  N's, or with "in <year>" added.
- N is only a question word ("why?", "and when?"): as for "when was that?" above.
- N shifts the topic ("what about Venezuela?", "and the members?"): P, "and" N's words.

A question with words of its own (more than two concepts, or one or two without a pronoun
or a leading "and"/"what about") is a fresh question: the context is dropped. The module is
a plain library (no Telegram, no clock): the caller keeps the previous question and decides
how long it stays relevant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.aliases import AliasGroups
from index.analysis import IRREGULAR_VERBS
from index.question import QUESTION_WORDS, AliasMatcher, Concept, read_question, strip_preamble

MAX_READING = 300  # characters: a longer combined question is not made (the new one is fresh)
MAX_OWN_CONCEPTS = 2  # a question with more concepts of its own is a fresh question
MAX_SHIFT_CONCEPTS = 3  # "what about <a name of up to three concepts>?"

# Pronouns that point back at what was talked about (personal ones too: "when was he elected?").
_REFERRING = frozenset(
    """it its itself they them their theirs themselves he him his himself she her hers
    herself there""".split()
)
_PERSONAL = frozenset("he him his himself she her hers herself".split())
_POSSESSIVE = frozenset("its their theirs his her hers".split())
# Pronouns when they stand alone ("after that?"), determiners before a noun ("that summit").
_DEMONSTRATIVES = frozenset("that this these those".split())
_AUXILIARIES = frozenset(
    """is are was were be been being do does did has have had can could will would should
    shall may might must""".split()
)
_PREPOSITIONS = frozenset(
    """about above after against along among around at before behind below between beyond by
    during except for from in inside into near of off on onto out over since through
    throughout till to toward towards under until up upon with within without""".split()
)
_ARTICLES = frozenset("the a an".split())
_CONJUNCTIONS = frozenset("and or but nor so yet".split())
_FUNCTION_WORDS = QUESTION_WORDS | _AUXILIARIES | _PREPOSITIONS | _ARTICLES | _CONJUNCTIONS
# Words that open a follow-up and are dropped from its reading.
_CONNECTIVES = frozenset("and but so also then ok okay or well".split())
# Phrases that move the previous question to another subject ("what about Venezuela?").
_SHIFTS = ("what about", "how about", "what of", "same for", "same question for")
_QUESTION_WORDS = frozenset("when why where who whom whose what which how".split())
# Second words of two-word question openings ("how many", "what year").
_QUESTION_SECOND = frozenset("many much long often far old year years date day month".split())
_EVENT_VERBS = frozenset("happen happened happens occur occurred take took place".split())
_YEAR = re.compile(r"(?<!\w)(?:1\d{3}|20\d{2})(?!\w)")
_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
_END = " ?!.,;:"
_PLAIN = AliasMatcher(AliasGroups())  # no corpus aliases: concepts counted from the words


@dataclass(frozen=True)
class Reading:
    """How a question is read: on its own, or together with the previous question."""

    text: str  # the question to answer
    follows: bool = False  # True: read together with `previous`
    previous: str = ""  # the previous question it leans on ("" when it does not)


@dataclass(frozen=True)
class _Word:
    text: str
    lower: str
    start: int
    end: int


@dataclass(frozen=True)
class _Parts:
    """A new question taken apart: its opening connective or shift, its words and concepts."""

    rest: str  # the question without a leading connective ("and") or shift ("what about")
    connective: bool  # it opened with "and", "but", "so", ...
    shift: bool  # it opened with "what about", "how about", ...
    words: tuple[_Word, ...]  # the words of `rest`
    own: tuple[Concept, ...]  # concepts of its own (not years)
    years: tuple[str, ...]  # years it names
    referring: int | None  # index in `words` of the first pronoun pointing back


def read_follow_up(question: str, previous: str | None) -> Reading:
    """`question` read on its own, or together with `previous` when it leans on it.

    `previous` is the previous question as it was read (itself perhaps a follow-up), or None
    when there is none (or it is too old: the caller decides). The combined question is
    never longer than MAX_READING characters; when it would be, `question` stands alone.
    """
    text = _clean(question)
    if not previous or not is_follow_up(question, previous):
        return Reading(text)
    combined = combine(previous, question)
    if len(combined) > MAX_READING or combined.casefold() == text.casefold():
        return Reading(text)
    return Reading(combined, follows=True, previous=_clean(previous))


def is_follow_up(question: str, previous: str | None) -> bool:
    """True when `question` leans on `previous` rather than standing on its own.

    A follow-up has few concepts of its own and either points back (a pronoun, "that"
    standing alone), names only a year, is only a question word ("why?"), or opens with a
    connective or a shift ("and ...", "what about ...") without a question word of its own.
    """
    if not previous or not previous.strip():
        return False
    text = _clean(question)
    if not text or text.casefold() == _clean(previous).casefold():
        return False
    parts = _parts(text)
    own = len(parts.own)
    if parts.shift:
        return own <= MAX_SHIFT_CONCEPTS and bool(
            own or parts.years or parts.referring is not None
        )
    if parts.referring is not None:
        return own <= MAX_OWN_CONCEPTS
    asks = any(w.lower in _QUESTION_WORDS for w in parts.words)
    if own == 0:
        return bool(parts.years) or asks or (parts.connective and bool(parts.words))
    return parts.connective and not asks and own <= MAX_OWN_CONCEPTS


def combine(previous: str, question: str) -> str:
    """`question` rewritten as one question with what it takes from `previous`.

    Meant for a question that `is_follow_up` of `previous`; for any other it returns a
    reading that keeps the question's own words. See the module docstring for the rules.
    """
    before = _clean(previous)
    parts = _parts(_clean(question))
    rest = parts.rest.rstrip(_END)
    if parts.referring is not None:
        return _resolve_pronoun(before, parts) + "?"
    if parts.years and not parts.own:
        return _with_years(before, parts.years)
    if not rest:
        return before
    if not parts.own and any(w.lower in _QUESTION_WORDS for w in parts.words):
        return _ask_again(before, rest)
    return f"{before.rstrip(_END)}, and {rest}?"


# -- taking the new question apart ------------------------------------------------------------


def _clean(text: str) -> str:
    return strip_preamble(" ".join(text.split())).strip()


def _words(text: str) -> tuple[_Word, ...]:
    return tuple(
        _Word(m.group(), m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)
    )


def _parts(text: str) -> _Parts:
    rest, connective, shift = text, False, False
    while True:
        words = _words(rest)
        if len(words) > 1 and words[0].lower in _CONNECTIVES:
            rest, connective = rest[words[1].start :], True
            continue
        lowered = " ".join(w.lower for w in words)
        opening = next((s for s in _SHIFTS if lowered == s or lowered.startswith(s + " ")), None)
        if opening is not None:
            count = len(opening.split())
            rest = rest[words[count].start :] if len(words) > count else ""
            shift = True
        break
    words = _words(rest)
    concepts = read_question(rest, _PLAIN).concepts if rest else ()
    return _Parts(
        rest=rest,
        connective=connective,
        shift=shift,
        words=words,
        own=tuple(c for c in concepts if not c.is_year and not _function_only(c)),
        years=tuple(c.surface for c in concepts if c.is_year),
        referring=_referring(rest, words),
    )


def _function_only(concept: Concept) -> bool:
    """A concept made of function words only ("after" in "who chaired it after that?")."""
    return all(w.lower() in _FUNCTION_WORDS for w in concept.surface.split())


def _referring(text: str, words: tuple[_Word, ...]) -> int | None:
    """The first pronoun pointing back: a personal pronoun, "there" (not "is there"), or a
    demonstrative standing alone ("after that", "was that", not "that summit")."""
    for at, word in enumerate(words):
        if word.lower == "there":
            if at > 0 and words[at - 1].lower in _AUXILIARIES:
                continue  # "is there a ...": nothing is pointed at
            return at
        if word.lower in _REFERRING:
            return at
        if word.lower in _DEMONSTRATIVES:
            following = words[at + 1] if at + 1 < len(words) else None
            joined = following is not None and text[word.end : following.start].strip() == ""
            if not joined or following is None or following.lower in _FUNCTION_WORDS:
                return at
    return None


def _question_length(words: tuple[_Word, ...]) -> int:
    """How many words open the question as its question word: 0, 1 ("why") or 2 ("how many")."""
    if not words or words[0].lower not in _QUESTION_WORDS:
        return 0
    return 2 if len(words) > 1 and words[1].lower in _QUESTION_SECOND else 1


# -- what the previous question offers ---------------------------------------------------------


def _subject(previous: str, person: bool = False) -> str | None:
    """The first noun phrase of `previous`: its first concept after an article or preposition
    (else its first name, else its first concept; names first for a `person`), with the
    article before it and the words of the phrase after it ("the Baku summit", "the
    president of Brazil"), up to a function word or a verb in -ed."""
    concepts = [c for c in read_question(previous, _PLAIN).concepts if not c.is_year]
    heads = [c for c in concepts if c.head]
    names = [c for c in concepts if c.surface[:1].isupper()]
    ordered = names + heads if person else heads + names
    chosen = ordered[0] if ordered else (concepts[0] if concepts else None)
    if chosen is None:
        return None
    found = re.search(rf"(?<!\w){re.escape(chosen.surface)}(?!\w)", previous)
    if found is None:
        return chosen.surface
    start, end = found.start(), found.end()
    words = _words(previous)
    before = [w for w in words if w.end <= start]
    if before and before[-1].lower in _ARTICLES and previous[before[-1].end : start].isspace():
        start = before[-1].start
    after = [w for w in words if w.start >= end]
    of_used = False
    for at, word in enumerate(after):
        if not previous[end : word.start].isspace():
            break  # punctuation ends the phrase
        if word.lower == "of" and not of_used:
            following = after[at + 1] if at + 1 < len(after) else None
            if following is None or following.lower in _FUNCTION_WORDS - _ARTICLES:
                break
            of_used = True
            end = word.end
            continue
        if word.lower in _FUNCTION_WORDS - _ARTICLES or _participle(word):
            break
        if word.lower in _ARTICLES and not of_used:
            break
        end = word.end
    return previous[start:end]


def _participle(word: _Word) -> bool:
    """A verb's past form ("founded", "built"): where a noun phrase ends."""
    lowercase = word.text.islower()
    return lowercase and (
        word.lower in IRREGULAR_VERBS or (len(word.text) > 4 and word.lower.endswith("ed"))
    )


def _body(previous: str) -> str:
    """What `previous` asks about: without its opening question words and auxiliary, and
    without its closing punctuation ("When was X founded?" -> "X founded")."""
    words = _words(previous)
    start = len(previous)
    for word in words:
        if word.lower not in QUESTION_WORDS and word.lower not in _AUXILIARIES:
            start = word.start
            break
    return previous[start:].rstrip(_END)


def _after_question_word(previous: str) -> str | None:
    """`previous` from its auxiliary on, when it opens with a question word and an auxiliary
    ("When did X join Y?" -> "did X join Y?"); None otherwise."""
    words = _words(previous)
    count = _question_length(words)
    if count and len(words) > count and words[count].lower in _AUXILIARIES:
        return previous[words[count].start :]
    return None


# -- the rewritings ------------------------------------------------------------------------------


def _ask_again(previous: str, asking: str) -> str:
    """`previous` asked with another question word ("why" + "When did X join?" -> "why did X
    join?"), or the question word with what `previous` asks about."""
    tail = _after_question_word(previous)
    if tail is not None:
        return f"{asking} {tail.rstrip(_END)}?"
    body = _body(previous)
    return f"{asking} {body}?" if body else f"{asking}?"


def _with_years(previous: str, years: tuple[str, ...]) -> str:
    """`previous` with its years replaced by `years`, or with "in <years>" added."""
    named = " and ".join(years)
    found = list(_YEAR.finditer(previous))
    if found:
        return previous[: found[0].start()] + named + previous[found[-1].end() :]
    return f"{previous.rstrip(_END)} in {named}?"


def _resolve_pronoun(previous: str, parts: _Parts) -> str:
    """The new question with its pronoun replaced by what it points at in `previous`."""
    assert parts.referring is not None
    words = parts.words
    pronoun = words[parts.referring]
    rest = parts.rest.rstrip(_END)
    tail = words[parts.referring + 1 :]
    whole_event = not parts.own and all(w.lower in _EVENT_VERBS for w in tail)
    asked = _question_length(words)
    if whole_event and asked and parts.referring == asked + 1:
        # "when was that?", "why did that happen?": ask `previous` again with this question word.
        tail_text = _after_question_word(previous)
        if tail_text is not None:
            return f"{rest[: words[asked - 1].end]} {tail_text.rstrip(_END)}"
    if whole_event:
        replacement = _body(previous)
        end = words[-1].end if tail else pronoun.end
    else:
        replacement = _referent(previous, pronoun.lower) or _body(previous)
        end = pronoun.end
        if pronoun.lower in _POSSESSIVE and replacement:
            replacement += "'s"
    if not replacement:
        return rest
    return f"{rest[: pronoun.start]}{replacement}{rest[end:]}"


def _referent(previous: str, pronoun: str) -> str | None:
    """What a pronoun points at: for "he"/"she" after a "who ..." question, the one it asked
    about ("the one who chairs NAM"); otherwise the subject of `previous`."""
    words = _words(previous)
    if pronoun in _PERSONAL and words and words[0].lower == "who" and len(words) > 1:
        return "the one who " + previous[words[1].start :].rstrip(_END)
    return _subject(previous, person=pronoun in _PERSONAL)
