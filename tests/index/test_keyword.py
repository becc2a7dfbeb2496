"""Keyword search: Whoosh syntax for those who want it, never an error for anyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.corpus import Corpus


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
