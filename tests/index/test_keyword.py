"""Keyword search: Whoosh syntax for those who want it, never an error for anyone."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.build import build_index
from index.corpus import Corpus
from index.keyword import SearcherPool, keyword_search
from tests.index.corpus_files import article, write


@pytest.fixture(scope="module")
def corpus(seed_index: tuple[Path, Path]) -> Corpus:
    return Corpus(*seed_index)


def test_phrase_search(corpus: Corpus) -> None:
    page = corpus.search('"Youth Organization"')
    assert page.total == 1
    assert "NAM Youth Organization" in page.hits[0].passage.quote
    assert page.error is None


def test_boolean_operators(corpus: Corpus) -> None:
    both = corpus.search("Garabagh AND Armenia")
    either = corpus.search("Garabagh OR Venezuela")
    assert both.total >= 1
    assert either.total >= both.total
    without = corpus.search("Garabagh NOT Armenia")
    quotes = [h.passage.quote for h in without.hits]
    assert all("Armenia" not in q for q in quotes)


def test_prefix_search_highlights_the_words_found(corpus: Corpus) -> None:
    page = corpus.search("pandem*")
    assert page.total > 0
    assert all("pandemic" in h.passage.terms for h in page.hits)


def test_paging(corpus: Corpus) -> None:
    first = corpus.search("NAM", page=1, per_page=2)
    second = corpus.search("NAM", page=2, per_page=2)
    assert first.pages >= 2
    assert [h.rank for h in first.hits] == [1, 2]
    assert [h.rank for h in second.hits] == [3, 4]
    assert first.hits[0].passage != second.hits[0].passage


def test_fields_are_not_reachable_from_user_queries(corpus: Corpus) -> None:
    assert corpus.search("kind:article").total == 0
    assert corpus.search("article_id:anything").total == 0


@pytest.mark.parametrize(
    "query",
    ['"unclosed phrase', "(((", "AND OR NOT", "a:b:c", "^~*?", "", "<b>x</b>", "x" * 5000],
)
def test_broken_syntax_never_raises(corpus: Corpus, query: str) -> None:
    page = corpus.search(query)
    assert page.page >= 1


# -- issue 12: bounded queries, no crashes, counts that match what is shown ----------------

PASSAGES_IN_SEED = 100  # an upper bound: the seed corpus has fewer
WORKS = ["summit", "Baku", "NAM", "pandemic", "Azerbaijan", "chairmanship", "movement"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("*a*", "cannot start with a wildcard"),
        ("**", "cannot start with a wildcard"),
        ("*?*?*?*", "cannot start with a wildcard"),
        ("[a TO z]", "ranges"),
        ("{a TO}", "ranges"),
        ("Baku AND [summit TO zone]", "ranges"),
        ("*:*", "everything"),
        ("a NOT [a TO z]", "ranges"),
    ],
)
def test_unbounded_queries_are_refused_with_a_reason(
    corpus: Corpus, query: str, reason: str
) -> None:
    page = corpus.search(query)
    assert page.error is not None and reason in page.error


@pytest.mark.parametrize(
    "query", ["NOT x", "*:*", "a NOT [a TO z]", "NOT NOT NOT", "NOT Baku", "summit OR NOT Baku"]
)
def test_negations_and_everything_never_crash_and_list_only_passages(
    corpus: Corpus, query: str
) -> None:
    page = corpus.search(query, per_page=50)
    assert page.total <= corpus.stats().passages
    assert len(page.hits) == page.total
    for hit in page.hits:
        assert hit.passage.quote in corpus.article(hit.passage.article_id).body  # type: ignore[union-attr]


def test_a_query_of_exclusions_alone_searches_nothing_it_excluded(corpus: Corpus) -> None:
    page = corpus.search("NOT Baku")
    assert page.total == 0
    assert page.error is not None and "NOT needs a word" in page.error
    either = corpus.search("summit OR NOT Baku")
    assert either.total == corpus.search("summit").total


@pytest.mark.parametrize(
    "query",
    ["summit AND", "AND summit", "summit OR", "(summit", "summit)", '"summit', "summit ()"],
)
def test_broken_syntax_searches_the_plain_words(corpus: Corpus, query: str) -> None:
    page = corpus.search(query)
    assert page.error is not None
    assert page.total == corpus.search("summit").total > 0


def _all_hits(corpus: Corpus, query: str) -> list[tuple[str, str]]:
    first = corpus.search(query, per_page=3)
    found = [(h.passage.article_id, h.passage.quote) for h in first.hits]
    for number in range(2, first.pages + 1):
        found += [
            (h.passage.article_id, h.passage.quote)
            for h in corpus.search(query, page=number, per_page=3).hits
        ]
    assert len(found) == first.total
    return found


@pytest.mark.parametrize("query", ["NAM", "Azerbaijan", "summit OR Baku", "pandem*"])
def test_counts_match_what_is_shown_and_no_sentence_is_shown_twice(
    corpus: Corpus, query: str
) -> None:
    found = _all_hits(corpus, query)
    spans: dict[str, list[tuple[int, int]]] = {}
    for article_id, quote in found:
        body = corpus.article(article_id).body  # type: ignore[union-attr]
        start = body.find(quote)
        assert start >= 0
        spans.setdefault(article_id, []).append((start, start + len(quote)))
    for ranges in spans.values():
        ranges.sort()
        for (_, end), (start, _) in itertools.pairwise(ranges):
            assert end <= start, "two results share a sentence"


def test_prefixes_standing_for_too_many_words_are_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    words = " ".join(f"ca{n:03d}x" for n in range(100))
    write(content, "many.md", article("Many words", f"Words here: {words}."))
    build_index(content, tmp_path / "index")
    corpus = Corpus(content, tmp_path / "index")
    assert corpus.search("ca00*").error is None
    assert corpus.search("ca00*").total == 1
    page = corpus.search("ca0*")
    assert page.error is not None and "too many words" in page.error
    assert corpus.search("c?0*").error is not None  # a wildcard expands no further


def test_a_search_stops_at_its_time_limit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    body = "\n\n".join(f"Paragraph {n} tells of the harbour." for n in range(400))
    write(content, "long.md", article("Harbour", body))
    build_index(content, tmp_path / "index")
    pool = SearcherPool(tmp_path / "index")
    with pool.searcher() as searcher:
        page = keyword_search("harbour", searcher, seconds=0.0)
        assert page.error is not None and "too long" in page.error
        assert keyword_search("harbour", searcher).error is None
    pool.close()


def test_a_keyword_search_does_not_wait_for_the_corpus_lock(corpus: Corpus) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with corpus._lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        done: list[int] = []
        searcher = threading.Thread(target=lambda: done.append(corpus.search("summit").total))
        searcher.start()
        searcher.join(5)
        assert done, "the search waited for the corpus lock"
    finally:
        release.set()
        holder.join()


_TOKENS = st.sampled_from(
    [
        *WORKS,
        "AND",
        "OR",
        "NOT",
        "ANDNOT",
        "REQUIRE",
        "TO",
        "(",
        ")",
        '"',
        "*",
        "?",
        "[",
        "]",
        "{",
        "}",
        ":",
        "^",
        "~",
        "*:*",
        "x",
        "a",
        "-",
        "\\",
        "é",
        "2020",
        "s*",
        "*e*",
    ]
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(_TOKENS, max_size=12), st.sampled_from(["", " "]))
def test_generated_queries_never_raise_and_finish_in_time(
    corpus: Corpus, tokens: list[str], joiner: str
) -> None:
    started = time.monotonic()
    page = corpus.search(joiner.join(tokens) if joiner else " ".join(tokens))
    assert time.monotonic() - started < 3.0
    assert len(page.hits) <= page.total <= PASSAGES_IN_SEED
