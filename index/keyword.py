"""Keyword search with Whoosh's query syntax: phrases, AND / OR / NOT, prefix*, grouping.

User input is data, and no query may stall the readers of the corpus:

- field names are not available to it (internal fields stay private);
- every query is bounded before it runs: no wildcard at the start of a word,
  no ranges (`[a TO z]`) and no `*:*`, a `prefix*` or wildcard stands for at
  most MAX_EXPANSIONS words of the index (expanded here, against a bounded
  slice of the word list), a whole query for at most MAX_TERMS, and a query
  must look for something (`NOT Baku` alone would list the whole corpus);
- what cannot be read as syntax, or is refused by those bounds, is searched as
  its plain words, and the result says why;
- a search stops after SEARCH_SECONDS and shows what it found by then;
- only passage documents are searched, overlapping passage windows are
  trimmed so that no sentence is shown twice, and the count is the number of
  results the pages show.

Each search runs on a searcher of its own, taken from a small pool per index
(Whoosh readers are not safe to share between threads): searches never wait
for each other, nor for a lock.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import qparser
from whoosh import query as wq
from whoosh.collectors import WrappingCollector
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from index import store
from index.analysis import term_spans, terms
from index.documents import article_from_record
from index.errors import IndexMissing
from index.models import Article, Passage, SearchHit, SearchPage, quoting
from index.schema import KIND_ARTICLE, KIND_PASSAGE

MAX_QUERY_CHARS = 500
MAX_EXPANSIONS = 64  # index words one prefix* or wildcard may stand for
MAX_TERMS = 128  # index words a whole query may look up
MAX_SCAN = 4096  # words of the index read to expand one wildcard
MAX_RESULTS = 200  # passage windows ranked at most: the pages list these, best first
SEARCH_SECONDS = 2.0  # a search stops after this long and shows what it found
_POOL_SIZE = 8  # idle searchers kept per index

_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})
_BINARY = _OPERATORS - {"NOT"}
_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_LEAVES = (wq.Term, wq.Phrase, wq.Prefix, wq.Wildcard)
_COMPOUNDS = (wq.And, wq.Or, wq.Not, wq.AndNot, wq.AndMaybe, wq.Require, wq.DisjunctionMax)


class Refused(Exception):
    """A query that cannot be run as written; the message says why, for the user."""


# -- reading a query ----------------------------------------------------------------------


def parse_keywords(text: str, reader: Any) -> tuple[wq.Query, str | None]:
    """The bounded Whoosh query for `text`, and a note when it was searched as plain words.

    `reader` is the index reader that prefixes and wildcards are expanded
    against. Never raises: text that cannot be read as syntax, or that the
    bounds refuse, becomes the query for its plain words, with the reason.
    """
    try:
        check_syntax(text)
        parser = qparser.QueryParser("text", None, group=qparser.AndGroup)
        parser.remove_plugin_class(qparser.FieldsPlugin)
        parser.remove_plugin_class(qparser.BoostPlugin)
        parser.schema = reader.schema
        try:
            parsed = parser.parse(text)
        except Exception:
            raise Refused("the query syntax was not understood") from None
        if any(type(q).__name__ == "ErrorQuery" for q in _walk(parsed)):
            raise Refused("the query syntax was not understood")
        budget = [MAX_TERMS]
        query = _bounded(parsed, reader, budget).normalize()
        if query is wq.NullQuery:
            return wq.NullQuery, None  # stop words only: nothing to look for
        if not _looks_for_something(query):
            raise Refused("NOT needs a word to look for as well, as in: summit NOT Baku")
        return query, None
    except Refused as refused:
        return plain_words(text), str(refused)


def plain_words(text: str) -> wq.Query:
    """Any of the words of `text`, or NullQuery when none.

    Operators and syntax characters are ignored, and so is what follows a NOT
    (a word, a phrase or a group): a word the user excluded is never searched for.
    """
    kept: list[str] = []
    tokens = _TOKEN.findall(text)
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if token == "NOT":
            depth = 0
            while position < len(tokens):
                skipped = tokens[position]
                position += 1
                depth += (skipped == "(") - (skipped == ")")
                if depth <= 0 and skipped != "NOT":
                    break
        elif token not in _OPERATORS:
            kept.append(token.strip('"()'))
    found = list(dict.fromkeys(terms(" ".join(kept))))[:MAX_TERMS]
    if not found:
        return wq.NullQuery
    return wq.Or([wq.Term("text", t) for t in found]).normalize()


def check_syntax(text: str) -> None:
    """Raise Refused, saying what is wrong, when `text` is malformed query syntax.

    Whoosh's parser reads nearly anything without complaint, and what it then
    searches for is seldom what was meant: `summit AND` looks for the word
    "and", `(Baku OR` for "or". Unclosed quotes or parentheses, and operators
    without a word on each side, are refused here instead.
    """
    if text.count('"') % 2:
        raise Refused("a quotation mark is not closed")
    depth = 0
    previous: str | None = None
    for token in _TOKEN.findall(text):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth < 0:
                raise Refused("a parenthesis is closed that was not opened")
            if previous == "(":
                raise Refused("empty parentheses")
        if token in _BINARY and (previous is None or previous in _OPERATORS or previous == "("):
            raise Refused(f"{token} needs a word on each side")
        if token == "NOT" and previous == "NOT":
            raise Refused("NOT twice in a row")
        if token == ")" and previous in _OPERATORS:
            raise Refused(f"{previous} needs a word after it")
        previous = token
    if depth > 0:
        raise Refused("a parenthesis is not closed")
    if previous in _OPERATORS:
        raise Refused(f"{previous} needs a word after it")


def _walk(query: wq.Query) -> Iterator[wq.Query]:
    yield query
    for child in query.children():
        yield from _walk(child)


def _bounded(query: wq.Query, reader: Any, budget: list[int]) -> wq.Query:
    """`query` with prefixes and wildcards expanded, or Refused when it is unbounded."""
    if query is wq.NullQuery:
        return query
    if isinstance(query, wq.Every):
        raise Refused("*:* (everything) is not a search")
    if isinstance(query, wq.TermRange | wq.NumericRange):
        raise Refused("ranges ([a TO z]) are not supported")
    if isinstance(query, wq.Prefix | wq.Wildcard):
        words = _expand(query, reader)
        _spend(budget, len(words))
        if not words:
            return wq.NullQuery
        return wq.Or([wq.Term("text", w) for w in words])
    if isinstance(query, wq.Term | wq.Phrase):
        if getattr(query, "fieldname", "text") != "text":
            raise Refused("field names are not available")
        _spend(budget, len(query.words) if isinstance(query, wq.Phrase) else 1)
        return query
    if isinstance(query, _COMPOUNDS):
        return query.apply(lambda child: _bounded(child, reader, budget))
    raise Refused(f"{type(query).__name__} queries are not supported")


def _spend(budget: list[int], count: int) -> None:
    budget[0] -= count
    if budget[0] < 0:
        raise Refused(f"the query stands for too many words (at most {MAX_TERMS})")


def _expand(query: wq.Prefix | wq.Wildcard, reader: Any) -> list[str]:
    """The index words `query` stands for: at most MAX_EXPANSIONS, or Refused."""
    pattern = query.text if isinstance(query, wq.Wildcard) else query.text + "*"
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if not literal:
        raise Refused(f"a word cannot start with a wildcard: {pattern}")
    match: Callable[[str], bool] | None = None
    if isinstance(query, wq.Wildcard):
        match = re.compile(fnmatch.translate(pattern)).match  # type: ignore[assignment]
    found: list[str] = []
    candidates = itertools.islice(reader.expand_prefix("text", literal), MAX_SCAN)
    for scanned, raw in enumerate(candidates, 1):
        word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if match is None or match(word):
            found.append(word)
            if len(found) > MAX_EXPANSIONS:
                break
        if scanned == MAX_SCAN:
            raise Refused(f"{pattern} matches too many words: make it longer")
    if len(found) > MAX_EXPANSIONS:
        raise Refused(f"{pattern} matches too many words (over {MAX_EXPANSIONS}): make it longer")
    return found


def _looks_for_something(query: wq.Query) -> bool:
    """True when every match of `query` must contain a word it looks for (not only NOTs)."""
    if isinstance(query, wq.Not) or query is wq.NullQuery:
        return False
    if isinstance(query, wq.And | wq.Require):
        return any(_looks_for_something(q) for q in query.children())
    if isinstance(query, wq.AndNot | wq.AndMaybe):
        return _looks_for_something(query.a)
    if isinstance(query, wq.Or | wq.DisjunctionMax):
        return all(_looks_for_something(q) for q in query.children())
    return True


# -- running a search ---------------------------------------------------------------------


class _Deadline(WrappingCollector):
    """Stops collecting once `ends` (a time.monotonic() value) has passed."""

    def __init__(self, child: Any, ends: float):
        super().__init__(child)
        self.ends = ends
        self.expired = False

    def collect_matches(self) -> None:
        for count, sub_docnum in enumerate(self.child.matches()):
            if count % 64 == 63 and time.monotonic() > self.ends:
                self.expired = True
                return
            self.child.collect(sub_docnum)


@dataclass
class _Window:
    article_id: str
    first: int
    last: int
    score: float
    matched: frozenset[str]


def keyword_search(
    text: str,
    searcher: Searcher,
    page: int = 1,
    per_page: int = 5,
    *,
    seconds: float = SEARCH_SECONDS,
) -> SearchPage:
    """One page of passages matching the keyword query `text` (best first).

    `searcher` must not be used by another thread meanwhile (see SearcherPool).
    """
    started = time.monotonic()
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    per_page = max(1, per_page)
    page = max(1, page)
    if not text:
        return SearchPage(text, (), 0, 1, 0, None)
    query, note = parse_keywords(text, searcher.reader())
    if query is wq.NullQuery:
        return SearchPage(text, (), 0, 1, 0, note)
    ends = started + seconds
    collector = _Deadline(
        searcher.collector(
            limit=MAX_RESULTS, terms=True, filter=wq.Term("kind", KIND_PASSAGE), optimize=False
        ),
        ends,
    )
    searcher.search_with_collector(query, collector)
    windows: list[_Window] = []
    for hit in collector.results():
        data = hit.get("data")
        if not isinstance(data, dict) or "first" not in data or "last" not in data:
            continue  # not a passage: never shown
        matched = frozenset(
            term.decode("utf-8") if isinstance(term, bytes) else term
            for field, term in (hit.matched_terms() or ())
            if field == "text"
        )
        windows.append(
            _Window(hit["article_id"], data["first"], data["last"], float(hit.score or 0), matched)
        )
    articles = _Articles(searcher)
    results = _distinct(windows, articles, ends)
    if collector.expired or time.monotonic() > ends:
        note = note or f"the search took too long and stopped after {seconds:g} s"
    total = len(results)
    pages = -(-total // per_page) if total else 0
    hits = tuple(
        SearchHit(passage, rank)
        for rank, passage in enumerate(
            results[(page - 1) * per_page : page * per_page], (page - 1) * per_page + 1
        )
    )
    return SearchPage(text, hits, total, page, pages, note)


class _Articles:
    """Stored articles read through one searcher, each once, with their sentences' terms."""

    def __init__(self, searcher: Searcher):
        self.reader = searcher.reader()
        self.found: dict[str, tuple[Article, list[tuple[int, int]]] | None] = {}
        self.terms: dict[tuple[str, int], frozenset[str]] = {}

    def get(self, article_id: str) -> tuple[Article, list[tuple[int, int]]] | None:
        if article_id not in self.found:
            self.found[article_id] = self._read(article_id)
        return self.found[article_id]

    def _read(self, article_id: str) -> tuple[Article, list[tuple[int, int]]] | None:
        try:
            postings = self.reader.postings("article_id", article_id)
        except TermNotFound:
            return None
        while postings.is_active():
            fields = self.reader.stored_fields(postings.id())
            if fields.get("kind") == KIND_ARTICLE:
                data = fields["data"]
                spans = [(int(a), int(b)) for a, b, _ in data["sentences"]]
                return article_from_record(article_id, data), spans
            postings.next()
        return None

    def sentence_terms(self, article_id: str, number: int) -> frozenset[str]:
        key = (article_id, number)
        found = self.terms.get(key)
        if found is None:
            record = self.get(article_id)
            assert record is not None
            article, spans = record
            start, end = spans[number]
            found = self.terms[key] = frozenset(terms(article.body[start:end]))
        return found


def _distinct(windows: list[_Window], articles: _Articles, ends: float) -> list[Passage]:
    """The windows as passages, best first, each narrowed to its matching sentences.

    Windows overlap by a sentence; a sentence an earlier (better) result has
    shown is not shown again, and a window with nothing new left is dropped.
    """
    shown: dict[str, set[int]] = {}
    quoted: set[tuple[str, str]] = set()
    passages: list[Passage] = []
    for window in windows:
        if time.monotonic() > ends and passages:
            break
        record = articles.get(window.article_id)
        if record is None:
            continue
        article, spans = record
        last = min(window.last, len(spans))
        numbers = range(max(0, window.first), last)
        claimed = shown.setdefault(window.article_id, set())
        matching = [
            n
            for n in numbers
            if n not in claimed and articles.sentence_terms(window.article_id, n) & window.matched
        ]
        if not matching:
            continue
        first, last = matching[0], matching[-1] + 1
        claimed.update(range(first, last))
        quote = article.body[spans[first][0] : spans[last - 1][1]]
        if not quote or (article.article_id, quote) in quoted:
            continue  # an article that repeats a passage word for word shows it once
        quoted.add((article.article_id, quote))
        passages.append(
            quoting(article, quote, _highlights(quote, window.matched), round(window.score, 4))
        )
    return passages


def _highlights(quote: str, matched: frozenset[str]) -> tuple[str, ...]:
    """The words of `quote` whose index terms were matched, as written."""
    return tuple(
        dict.fromkeys(
            quote[start:end] for term, start, end in term_spans(quote) if term in matched
        )
    )


# -- searchers ------------------------------------------------------------------------------


class SearcherPool:
    """Searchers over the live generation of one index, one per concurrent search.

    A Whoosh searcher reads its files with seeks and reads, so two threads must
    not use one at once; opening one per search costs a few milliseconds, so
    idle ones are kept for the next search until a build changes the index.
    The pool's lock is held only to take or give back a searcher, never across
    a search.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._ix: Any = None
        self._key: tuple[Any, ...] | None = None
        self._idle: list[tuple[tuple[Any, ...], Searcher]] = []
        self._release = weakref.finalize(self, _close_searchers, self._idle)

    def _current(self) -> tuple[Any, tuple[Any, ...]]:
        marker = store.current_marker(self.index_dir)
        with self._lock:
            if self._ix is None or self._key is None or self._key[0] != marker:
                generation = store.current_generation(self.index_dir)
                if generation is None:
                    raise IndexMissing(
                        f"no index at {self.index_dir} yet: build it with `corpusbot index`"
                    )
                self._ix = store.open_index(generation)
                self._key = (marker, generation)
            ix = self._ix
            key = (*self._key, ix.latest_generation())
            stale = [s for k, s in self._idle if k != key]
            self._idle[:] = [(k, s) for k, s in self._idle if k == key]
        for searcher in stale:
            searcher.close()
        return ix, key

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher of the live index for this thread alone, given back when done.

        Raises IndexMissing when no index has been built.
        """
        ix, key = self._current()
        with self._lock:
            mine = [n for n, (k, _) in enumerate(self._idle) if k == key]
            searcher = self._idle.pop(mine[-1])[1] if mine else None
        if searcher is None:
            try:
                searcher = ix.searcher()
            except OSError:  # a build replaced the generation meanwhile: open the new one
                with self._lock:
                    self._ix = None
                ix, key = self._current()
                searcher = ix.searcher()
        try:
            yield searcher
        finally:
            with self._lock:
                keep = len(self._idle) < _POOL_SIZE and self._key == key[:2]
                if keep:
                    self._idle.append((key, searcher))
            if not keep:
                searcher.close()

    def close(self) -> None:
        """Close the idle searchers."""
        with self._lock:
            idle = list(self._idle)
            self._idle.clear()
        for _, searcher in idle:
            searcher.close()


def _close_searchers(idle: list[tuple[Any, Searcher]]) -> None:
    for _, searcher in idle:
        searcher.close()
    idle.clear()


_pools: weakref.WeakKeyDictionary[Any, SearcherPool] = weakref.WeakKeyDictionary()
_pools_lock = threading.Lock()


def pool_for(owner: Any, index_dir: Path) -> SearcherPool:
    """The searcher pool of `owner` (a Corpus) over `index_dir`; it goes when the owner goes."""
    with _pools_lock:
        pool = _pools.get(owner)
        if pool is None or pool.index_dir != Path(index_dir):
            pool = _pools[owner] = SearcherPool(index_dir)
        return pool
