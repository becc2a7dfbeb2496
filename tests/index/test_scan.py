"""index.scan ranks as Whoosh does (issue 10).

The first pass of every question scores an Or of weighted terms and phrases with numpy
over posting arrays read from the segments. Its top documents and scores must be the
ones Whoosh's own search gives, over several segments with deleted documents, with
phrases, conjunctions of title terms and a filter to some articles; on a Whoosh version
its fast path was not tested with, and with a cache too small to keep anything.

Whoosh's search with a limit skips blocks by their best possible score and can miss a
document an unlimited search ranks (a flaw of its block-quality skipping inside an
intersection), so the reference is the unlimited search cut to the limit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh.query import And, Or, Phrase, Query, Term

from index import scan
from index.build import build_index
from index.live import LiveIndex
from tests.conftest import SEED_CONTENT
from tests.index.corpus_files import BRIDGE, FESTIVAL, VOLCANO, article, write

SHIPS = ["ferries", "tankers", "trawlers", "yachts", "barges"]


def _harbour(number: int) -> str:
    ship = SHIPS[number % len(SHIPS)]
    return article(
        f"Harbour report {number}: {ship} in Port {number}",
        f"""
The harbour of Port {number} welcomed {number * 7} {ship} on {number + 1} May 2019. The
master of the {ship} said they came early. Crowds watched from the quay.

Harbour master Ola Berg said the {ship} brought grain and timber to Port {number}. Customs
officers counted the cargo. The quay was busy all day.

The port authority plans to dredge the channel. The master of the harbour is new. He starts
in June.
""",
        published=f"2019-0{1 + number % 9}-1{number % 10}",
    )


QUERIES: list[tuple[list[Query], list[str] | None]] = [
    # Weighted terms, as ranking.build_query writes them.
    ([Term("text", "harbour", boost=1.7), Term("text", "ship", boost=0.6)], None),
    (
        [
            Term("text", "harbour", boost=2.1),
            Term("text", "master", boost=1.3),
            Phrase("text", ["harbour", "master"], boost=2.1),
            Term("text", "ferri", boost=0.8),
        ],
        None,
    ),
    ([Phrase("text", ["non", "align", "movement"], boost=3.0), Term("text", "baku")], None),
    ([Term("text", "volcano"), Term("text", "bridg", boost=1.5), Term("text", "nope")], None),
    # Title concepts: a phrase is a conjunction there (no positions).
    (
        [Term("title", "harbour", boost=1.2), And([Term("title", "port"), Term("title", "3")])],
        None,
    ),
    # A filter to some articles (ranking's restrict and title windows).
    (
        [Term("text", "harbour", boost=1.4), Phrase("text", ["harbour", "master"], boost=0.7)],
        ["harbour-2.md", "harbour-5.md", "bridge.md"],
    ),
]


def _expected(live: LiveIndex, clauses: list[Query], limit: int, articles: list[str] | None):
    query: Query = Or(clauses)
    if articles is not None:
        query = And([query, Or([Term("article_id", a) for a in articles])])
    hits = live.searcher.search(query, limit=None)
    return [(hit.docnum, hit.score) for hit in hits][:limit]


def _found(live: LiveIndex, clauses: list[Query], limit: int, articles: list[str] | None):
    found = scan.top_documents(live.searcher, clauses, limit, live.postings, articles)
    return [(doc.docnum, doc.score) for doc in found]


def _assert_same(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert [doc for doc, _ in found] == [doc for doc, _ in expected]
    assert [score for _, score in found] == pytest.approx([s for _, s in expected], rel=1e-9)


@pytest.fixture
def live(tmp_path: Path) -> LiveIndex:
    """An index of several segments (one commit per article added) with deleted documents
    (articles changed and removed after they were written)."""
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    write(content, "volcano.md", VOLCANO)
    write(content, "bridge.md", BRIDGE)
    build_index(content, tmp_path / "index")
    for number in range(7):
        write(content, f"harbour-{number}.md", _harbour(number))
        build_index(content, tmp_path / "index")
    write(content, "harbour-2.md", _harbour(2).replace("grain", "coal"))
    (content / "volcano.md").unlink()
    write(content, "festival.md", FESTIVAL)
    build_index(content, tmp_path / "index")
    opened = LiveIndex(tmp_path / "index")
    reader = opened.searcher.reader()
    assert len(list(reader.leaf_readers())) > 1
    assert any(leaf.has_deletions() for leaf, _ in reader.leaf_readers())
    return opened


@pytest.mark.parametrize("limit", [1, 3, 60])
def test_the_top_documents_are_whooshs(live: LiveIndex, limit: int) -> None:
    for clauses, articles in QUERIES:
        expected = _expected(live, clauses, limit, articles)
        _assert_same(_found(live, clauses, limit, articles), expected)
    live.close()


def test_a_phrase_counts_only_where_its_words_are_adjacent(live: LiveIndex) -> None:
    # Every harbour article's passages hold both words, adjacent in one paragraph only.
    clauses: list[Query] = [Phrase("text", ["harbour", "master"], boost=5.0)]
    both = _found(live, [And([Term("text", "harbour"), Term("text", "master")])], 100, None)
    found = _found(live, clauses, 100, None)
    assert 0 < len(found) < len(both)
    for docnum, _ in found:
        fields = live.searcher.stored_fields(docnum)
        record = live.record(fields["article_id"])
        assert record is not None
        first, last = fields["data"]["first"], fields["data"]["last"]
        text = record.article.body[record.sentences[first][0] : record.sentences[last - 1][1]]
        assert "harbour master" in text.lower()
    _assert_same(found, _expected(live, clauses, 100, None))
    live.close()


def test_the_same_without_the_fast_path_or_the_cache(
    live: LiveIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [_expected(live, clauses, 10, articles) for clauses, articles in QUERIES]
    monkeypatch.setattr(scan, "FAST_PATH", False)
    live.postings = scan.PostingArrays(budget=1)
    for (clauses, articles), want in zip(QUERIES, expected, strict=True):
        _assert_same(_found(live, clauses, 10, articles), want)
    live.close()


def test_cached_postings_of_a_segment_serve_the_next_commit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    write(content, "harbour-1.md", _harbour(1))
    build_index(content, tmp_path / "index")
    live = LiveIndex(tmp_path / "index")
    clauses: list[Query] = [Term("text", "harbour", boost=1.5), Term("text", "grain")]
    before = _found(live, clauses, 5, None)
    write(content, "harbour-2.md", _harbour(2))
    write(content, "harbour-1.md", _harbour(1).replace("grain", "coal"))
    build_index(content, tmp_path / "index")
    live = live.refresh()
    after = _found(live, clauses, 5, None)
    _assert_same(after, _expected(live, clauses, 5, None))
    assert after != before
    live.close()
