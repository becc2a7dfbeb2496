"""The one-pass analyzer reads text exactly as the chain of Whoosh filters it replaces."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import TermTokenizer, pipeline_analyzer

WORDS = [
    "The",
    "WHO",
    "who",
    "U.N.",
    "took",
    "Talks",
    "began",
    "IT",
    "it",
    "was",
    "May",
    "US",
    "us",
    "running",
    "Non-Aligned",
    "Movement",
    "2019",
    "3,000",
    "a",
    "A",
    "Baku's",
    "élan",
    "naïve",
    "Garabagh",
    "_x_",
    "x.y.z",
    "had",
    "SAID",
    "Said",
]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=30).map(" ".join)


def _tokens(analyzer: object, text: str, **options: object) -> list[tuple[object, ...]]:
    return [
        (
            t.text,
            t.stopped,
            getattr(t, "pos", None),
            getattr(t, "startchar", None),
            getattr(t, "endchar", None),
            getattr(t, "original", None),
        )
        for t in analyzer(text, **options)  # type: ignore[operator]
    ]


@settings(max_examples=300, deadline=None)
@given(
    text=TEXT,
    positions=st.booleans(),
    chars=st.booleans(),
    removestops=st.booleans(),
    keeporiginal=st.booleans(),
    start_pos=st.integers(0, 5),
    start_char=st.integers(0, 5),
)
def test_same_tokens_as_the_filter_chain(
    text: str,
    positions: bool,
    chars: bool,
    removestops: bool,
    keeporiginal: bool,
    start_pos: int,
    start_char: int,
) -> None:
    options = {
        "positions": positions,
        "chars": chars,
        "removestops": removestops,
        "keeporiginal": keeporiginal,
        "start_pos": start_pos,
        "start_char": start_char,
    }
    assert _tokens(TermTokenizer(), text, **options) == _tokens(
        pipeline_analyzer(), text, **options
    )


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_terms_are_the_analyzers_kept_tokens(text: str) -> None:
    tokenizer = TermTokenizer()
    assert tokenizer.terms(text) == [t.text for t in tokenizer(text)]


def test_untokenized_value_is_one_term() -> None:
    for text in ("Took", "the", "Summits", "Non-Aligned Movement"):
        for removestops in (True, False):
            options = {"tokenize": False, "removestops": removestops, "positions": True}
            assert _tokens(TermTokenizer(), text, **options) == _tokens(
                pipeline_analyzer(), text, **options
            )


def test_the_word_cache_is_not_pickled_with_the_schema() -> None:
    analyzer = TermTokenizer()
    list(analyzer("Summits were held in Baku and Belgrade " * 50))
    assert len(pickle.dumps(analyzer)) < 200
    copy = pickle.loads(pickle.dumps(analyzer))
    assert [t.text for t in copy("Summits took place")] == ["summit", "take", "place"]
