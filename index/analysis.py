"""How text becomes index terms: one analyzer for passages and questions alike.

The pipeline, with what it does to "The WHO and the U.N. joined Talks":

    RegexTokenizer        The | WHO | and | the | U.N | joined | Talks | began
    AcronymAwareStop      WHO | U.N | joined | Talks | began  (stop words go, acronyms stay)
    LowercaseFilter       who | u.n | joined | talks | began
    IrregularVerbFilter   who | u.n | joined | talks | begin  (past forms to the base verb)
    StemFilter            who | u.n | join | talk | begin

Stop words are dropped only when not written as an acronym, so "WHO" (the World
Health Organization) survives where the question word "who" does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.porter import stem

# Whoosh's English list without "may" (the month), "us" (U.S.) and "can" (a noun too),
# with single letters so that initials do not become terms.
INDEX_STOP_WORDS = frozenset(
    """a an and are as at be by for from have if in is it not of on or that the this to we when
    will with yet you your was were been being has had do does did i he she they them his
    her its our their which who whom what there these those than then so such into onto upon
    b c d e f g h j k l m n o p q r s t u v w x y z""".split()
)

# Past forms the stemmer cannot relate to their verb ("took" / "take"). Forms that
# are also common words of another meaning ("found", "left", "saw") are left out.
IRREGULAR_VERBS = {
    past: base
    for base, forms in {
        "arise": "arose arisen",
        "bear": "bore borne",
        "become": "became",
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "deal": "dealt",
        "do": "did done",
        "draw": "drew drawn",
        "drive": "drove driven",
        "eat": "ate eaten",
        "fall": "fell fallen",
        "feel": "felt",
        "fight": "fought",
        "flee": "fled",
        "fly": "flew flown",
        "forbid": "forbade forbidden",
        "forget": "forgot forgotten",
        "freeze": "froze frozen",
        "give": "gave given",
        "go": "went gone",
        "grow": "grew grown",
        "hang": "hung",
        "hear": "heard",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "lend": "lent",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "pay": "paid",
        "ride": "rode ridden",
        "rise": "rose risen",
        "run": "ran",
        "say": "said",
        "see": "seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shake": "shook shaken",
        "shoot": "shot",
        "show": "shown",
        "sing": "sang sung",
        "sink": "sank sunk",
        "sit": "sat",
        "speak": "spoke spoken",
        "spend": "spent",
        "stand": "stood",
        "steal": "stole stolen",
        "strike": "struck",
        "swear": "swore sworn",
        "take": "took taken",
        "teach": "taught",
        "tear": "tore torn",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "undergo": "underwent",
        "understand": "understood",
        "undertake": "undertook undertaken",
        "wake": "woke woken",
        "wear": "wore worn",
        "win": "won",
        "withdraw": "withdrew withdrawn",
        "write": "wrote",
        "overtake": "overtook overtaken",
        "uphold": "upheld",
        "withhold": "withheld",
    }.items()
    for past in forms.split()
}

TOKEN_PATTERN = r"\w+(?:\.\w+)*"


class AcronymAwareStopFilter(Filter):
    """Removes stop words, except tokens written in capitals ("WHO", "US", "IT").

    Must come before LowercaseFilter: it looks at the original case.
    """

    def __init__(self, stoplist: Iterable[str] = INDEX_STOP_WORDS, renumber: bool = True):
        self.stops = frozenset(stoplist)
        self.renumber = renumber

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AcronymAwareStopFilter)
            and self.stops == other.stops
            and self.renumber == other.renumber
        )

    def __hash__(self) -> int:
        return hash((type(self), self.stops))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = self.stops
        pos = 0
        for token in tokens:
            text = token.text
            if text.lower() in stops and not (len(text) > 1 and text.isupper()):
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if self.renumber and token.positions:
                token.pos = pos
            pos += 1
            token.stopped = False
            yield token


class IrregularVerbFilter(Filter):
    """Replaces irregular past forms with their verb ("took" becomes "take")."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IrregularVerbFilter)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        table = IRREGULAR_VERBS
        for token in tokens:
            base = table.get(token.text)
            if base is not None:
                token.text = base
            yield token


def pipeline_analyzer() -> CompositeAnalyzer:
    """The analysis of the module docstring as a chain of Whoosh filters (see TermTokenizer)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | AcronymAwareStopFilter()
        | LowercaseFilter()
        | IrregularVerbFilter()
        | StemFilter(cachesize=100_000)
    )


class TermTokenizer(Tokenizer):
    """pipeline_analyzer() in one pass, with each distinct word analysed once.

    The same tokens, positions and character spans as the chain of filters,
    without five generators per token: indexing spends a third of its time
    analysing text, and most of that passing tokens from filter to filter.
    """

    CACHE_WORDS = 500_000

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.expression = re.compile(TOKEN_PATTERN)
        self._analysed: dict[str, tuple[bool, str]] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Whoosh pickles the schema, with its analyzers, into every commit: not the cache.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._reset()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def _analyse(self, word: str) -> tuple[bool, str]:
        """(stopped, term) for one word as written."""
        found = self._analysed.get(word)
        if found is None:
            lower = word.lower()
            stopped = lower in INDEX_STOP_WORDS and not (len(word) > 1 and word.isupper())
            lower = IRREGULAR_VERBS.get(lower, lower)
            found = (stopped, lower if stopped else stem(lower))
            if len(self._analysed) >= self.CACHE_WORDS:
                self._analysed.clear()
            self._analysed[word] = found
        return found

    def terms(self, value: str) -> list[str]:
        """The index terms `self(value)` yields, without a Token per word (ranking reads
        sentences by the thousand)."""
        found = []
        for word in self.expression.findall(value):
            stopped, term = self._analyse(word)
            if not stopped:
                found.append(term)
        return found

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        if not tokenize:
            matches: Iterable[tuple[str, int, int]] = [(value, 0, len(value))]
        else:
            matches = ((m.group(), m.start(), m.end()) for m in self.expression.finditer(value))
        kept = 0
        for number, (word, start, end) in enumerate(matches):
            stopped, text = self._analyse(word)
            if stopped and removestops:
                continue
            token.text = text
            token.stopped = stopped
            if keeporiginal or not tokenize:
                token.original = word
            if positions:
                # Kept words are numbered from 0 (as the stop filter renumbers them);
                # a stop word kept for a query keeps the tokenizer's number.
                token.pos = start_pos + number if stopped else kept
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            if not stopped:
                kept += 1
            yield token


def text_analyzer() -> TermTokenizer:
    """The analyzer for passage text, date sentences and questions (stemmed)."""
    return TermTokenizer()


_ANALYZER = text_analyzer()


_WORD = re.compile(r"[^\W\d_]{3,}")


def surface_words(text: str) -> set[str]:
    """The distinct words of `text` as written, lowercased: what "did you mean" offers."""
    return {word.lower() for word in _WORD.findall(text)}


def normalised(text: str) -> str:
    """`text` lowercased with every run of non-word characters one space: for comparing."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order (stop words removed, stemmed)."""
    return _ANALYZER.terms(text)


def term_spans(text: str) -> list[tuple[str, int, int]]:
    """Each index term of `text` with the character span of the word it came from."""
    return [(t.text, t.startchar, t.endchar) for t in _ANALYZER(text, chars=True)]
