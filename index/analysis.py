"""How text becomes index terms: one analyzer for passages and questions alike.

The pipeline, with what it does to "The WHO and the U.N. joined Talks":

    RegexTokenizer        The | WHO | and | the | U.N | joined | Talks
    AcronymAwareStop      WHO | U.N | joined | Talks      (stop words go, acronyms stay)
    LowercaseFilter       who | u.n | joined | talks
    StemFilter            who | u.n | join | talk

Stop words are dropped only when not written as an acronym, so "WHO" (the World
Health Organization) survives where the question word "who" does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.analysis.analyzers import CompositeAnalyzer

# Whoosh's English list without "may" (the month), "us" (U.S.) and "can" (a noun too),
# with single letters so that initials do not become terms.
INDEX_STOP_WORDS = frozenset(
    """a an and are as at be by for from have if in is it not of on or that the this to we when
    will with yet you your was were been being has had do does did i he she they them his
    her its our their which who whom what there these those than then so such into onto upon
    b c d e f g h j k l m n o p q r s t u v w x y z""".split()
)

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


def text_analyzer() -> CompositeAnalyzer:
    """The analyzer for passage text, date sentences and questions (stemmed)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | AcronymAwareStopFilter()
        | LowercaseFilter()
        | StemFilter(cachesize=100_000)
    )


_ANALYZER = text_analyzer()


def terms(text: str) -> list[str]:
    """The index terms of `text`, in order (stop words removed, stemmed)."""
    return [t.text for t in _ANALYZER(text)]


def term_spans(text: str) -> list[tuple[str, int, int]]:
    """Each index term of `text` with the character span of the word it came from."""
    return [(t.text, t.startchar, t.endchar) for t in _ANALYZER(text, chars=True)]
