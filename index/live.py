"""The live index as readers see it: one searcher reused across questions.

The searcher is reopened only when a build commits (an incremental update) or
switches in a new generation (a full build); everything cached from it (article
records, analysed sentences, answers) lives and dies with it.
"""

from __future__ import annotations

import re
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from whoosh.index import Index
from whoosh.query import Or, Term
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from index import store
from index.acronyms import bracketed, spelled_by
from index.analysis import terms
from index.dates import find_dates
from index.documents import article_from_record
from index.errors import IndexMissing
from index.models import Article, DateMention
from index.scan import PostingArrays
from index.schema import KIND_ARTICLE, KIND_PASSAGE

# A number that is not a year: "120", "3,000", "two".
_NUMBER = re.compile(
    r"(?<![-\w])(?!(?:1[0-9]|20)\d\d\b)\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.I,
)
# A name: two or more capitalised words, not at the start of a sentence.
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


@dataclass(frozen=True)
class SentenceInfo:
    """What ranking needs to know about one sentence."""

    start: int
    end: int
    terms: frozenset[str]  # index terms, plus terms of the dates it states ("2019", "octob")
    has_date: bool
    has_number: bool
    has_name: bool


@dataclass
class ArticleRecord:
    """An article with its sentences, as stored in the index."""

    article: Article
    sentences: list[tuple[int, int, int]]  # start, end, paragraph
    dates: int
    analysed: dict[int, SentenceInfo] = field(default_factory=dict)
    spelled: dict[str, frozenset[str]] = field(default_factory=dict)  # see acronym_pairs

    @cached_property
    def acronyms(self) -> dict[str, frozenset[str]]:
        """The acronyms the article defines in brackets, each with its name's terms."""
        return bracketed(self.article.body)

    def acronym_pairs(self, asked: tuple[str, ...]) -> list[tuple[str, frozenset[str]]]:
        """Acronym terms with the terms of the names they stand for in this article: those it
        defines, and for each acronym `asked` that it never writes, a name it spells."""
        pairs = list(self.acronyms.items())
        for acronym in asked:
            own = terms(acronym)
            if len(own) != 1 or own[0] in self.written_terms or own[0] in self.acronyms:
                continue
            if acronym not in self.spelled:
                self.spelled[acronym] = spelled_by(self.article.body, acronym)
            if self.spelled[acronym]:
                pairs.append((own[0], self.spelled[acronym]))
        return pairs

    @cached_property
    def written_terms(self) -> frozenset[str]:
        """The index terms of the title and body as written: `all_terms` without the years
        that dates resolve to ("last year"), in one pass instead of one per sentence."""
        return frozenset(terms(self.article.title)) | frozenset(terms(self.article.body))

    @cached_property
    def all_terms(self) -> frozenset[str]:
        """The index terms of the whole article, its title included (computed once)."""
        return self.title_terms.union(
            *(self.sentence(n).terms for n in range(len(self.sentences)))
        )

    @cached_property
    def title_terms(self) -> frozenset[str]:
        """The index terms of the article's title."""
        return frozenset(terms(self.article.title))

    @cached_property
    def lead_terms(self) -> frozenset[str]:
        """The index terms of the article's first two sentences: headline and lead."""
        return frozenset().union(
            *(self.sentence(n).terms for n in range(min(2, len(self.sentences))))
        )

    def sentence(self, number: int) -> SentenceInfo:
        """The analysed sentence `number` (computed once per generation)."""
        info = self.analysed.get(number)
        if info is None:
            start, end, _ = self.sentences[number]
            text = self.article.body[start:end]
            mentions = find_dates(text, self.article.published)
            extra: set[str] = set()
            for mention in mentions:
                if mention.iso and not mention.iso.startswith("--"):
                    extra.add(mention.iso[:4])
                extra.update(terms(mention.expression))
            info = SentenceInfo(
                start=start,
                end=end,
                terms=frozenset(terms(text)) | extra,
                has_date=bool(mentions),
                has_number=bool(_NUMBER.search(_without(text, mentions))),
                has_name=bool(NAME.search(text)),
            )
            self.analysed[number] = info
        return info


def _without(text: str, mentions: list[DateMention]) -> str:
    """`text` with its date expressions blanked: "December 11" holds no amount."""
    for mention in mentions:
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    return text


def _close_all(handles: list[Any]) -> None:
    for handle in reversed(handles):
        handle.close()


class LiveIndex:
    """An open generation of the index with its searcher and caches."""

    def __init__(self, index_dir: Path):
        generation = store.current_generation(index_dir)
        if generation is None:
            raise IndexMissing(f"no index at {index_dir} yet: build it with `corpusbot index`")
        self.index_dir = index_dir
        self.generation = generation
        self.marker = store.current_marker(index_dir)
        self.ix: Index = store.open_index(generation)
        self.commit = self.ix.latest_generation()
        self.searcher: Searcher = self.ix.searcher()
        # The segment files stay open while the searcher reads them: close them
        # when this index is closed, or else when it is dropped.
        self._open: list[Any] = [self.ix, self.searcher]
        self._release = weakref.finalize(self, _close_all, self._open)
        # Segments' postings as arrays: kept across commits, whose new segments add to them.
        self.postings = PostingArrays()
        self._reset_caches()

    def _reset_caches(self) -> None:
        self.records: OrderedDict[str, ArticleRecord | None] = OrderedDict()
        self.answers: OrderedDict[Any, Any] = OrderedDict()
        self.vocabulary: list[str] | None = None
        self.passage_count = self.searcher.doc_frequency("kind", KIND_PASSAGE)

    def refresh(self) -> LiveIndex:
        """This index brought up to date: self, refreshed in place, or a newly opened one."""
        if store.current_marker(self.index_dir) != self.marker:
            self.close()
            return LiveIndex(self.index_dir)
        latest = self.ix.latest_generation()
        if latest != self.commit:
            # A fresh searcher, not Searcher.refresh(): the latter reuses segment
            # readers and can keep returning documents deleted by the new commit.
            self.searcher.close()
            self.commit = latest
            self.searcher = self.ix.searcher()
            self._open[1] = self.searcher
            self._reset_caches()
        return self

    def close(self) -> None:
        """Release the searcher and the index files."""
        self._release()

    def record(self, article_id: str) -> ArticleRecord | None:
        """The stored article `article_id` (None when it is not in the index)."""
        if article_id in self.records:
            self.records.move_to_end(article_id)
            return self.records[article_id]
        fields = self._article_fields(article_id)
        record = None
        if fields is not None:
            data = fields["data"]
            record = ArticleRecord(
                article=article_from_record(article_id, data),
                sentences=[(int(a), int(b), int(c)) for a, b, c in data["sentences"]],
                dates=int(data.get("dates", 0)),
            )
        self.records[article_id] = record
        if len(self.records) > 2048:
            self.records.popitem(last=False)
        return record

    def _article_fields(self, article_id: str) -> dict[str, Any] | None:
        """The stored fields of the article document of `article_id`, or None.

        What searcher.document(kind=KIND_ARTICLE, article_id=...) returns, read
        straight from the article id's postings: the article document comes
        first among an article's documents, so this is usually one posting and
        one stored-fields read instead of a query.
        """
        reader = self.searcher.reader()
        try:
            postings = reader.postings("article_id", article_id)
        except TermNotFound:
            return None
        while postings.is_active():
            fields: dict[str, Any] = reader.stored_fields(postings.id())
            if fields.get("kind") == KIND_ARTICLE:
                return fields
            postings.next()
        return None

    def articles_matching_meta(self, term: str) -> frozenset[str]:
        """Ids of the articles whose source or author contains the index term `term`."""
        found = self.searcher.search(Term("meta", term), limit=None)
        return frozenset(hit["article_id"] for hit in found)

    def article_by_title(self, terms: list[str]) -> str | None:
        """The article whose title best matches `terms` (most of them), or None."""
        if not terms:
            return None
        found = self.searcher.search(Or([Term("title", t) for t in terms]), limit=1, terms=True)
        if not len(found):
            return None
        matched = {text for _, text in found[0].matched_terms()}  # bytes; only counted
        return str(found[0]["article_id"]) if len(matched) * 2 > len(set(terms)) else None

    def live_count(self, kind: str) -> int:
        """How many documents of `kind` the index holds (deleted ones not counted).

        Each segment's document frequency of the kind, less its deleted documents of that
        kind (few: those of updated or removed articles, until a merge drops them). A
        search without a limit would list every document first: 3 million passage
        windows at 100,000 articles, 280 MB for a moment.
        """
        readers = [reader for reader, _ in self.searcher.reader().leaf_readers()]
        if not all(hasattr(reader, "deleted_docs_set") for reader in readers):
            return len(self.searcher.search(Term("kind", kind), limit=None, scored=False))
        count = 0
        for reader in readers:
            count += reader.doc_frequency("kind", kind)
            count -= sum(
                1 for d in reader.deleted_docs_set if reader.stored_fields(d).get("kind") == kind
            )
        return count

    def close_word(self, word: str, maxdist: int) -> tuple[str, int] | None:
        """The corpus's word nearest to `word` within `maxdist` edits, and its distance.

        Among words equally near, the one whose term is in the most passages.
        Distances are Damerau-Levenshtein (a swap of two letters is one edit),
        computed by RapidFuzz over the whole word list: Whoosh's own
        terms_within() computes them in Python, a second per unknown word of a
        question over a few hundred articles.
        """
        near = [
            (int(distance), found)
            for found, distance, _ in process.extract(
                word,
                self._words(),
                scorer=DamerauLevenshtein.distance,
                score_cutoff=maxdist,
                limit=None,
            )
            if found != word
        ]
        if not near:
            return None
        distance, best = min(near, key=lambda item: (item[0], -self._word_df(item[1]), item[1]))
        return best, distance

    def _words(self) -> list[str]:
        """The corpus's words as written (the lexicon documents'), loaded once per searcher."""
        if self.vocabulary is None:
            reader = self.searcher.reader()
            if "words" not in reader.schema:  # a generation of an older version, being replaced
                self.vocabulary = []
            else:
                self.vocabulary = [w.decode("utf-8") for w in reader.lexicon("words")]
        return self.vocabulary

    def _word_df(self, word: str) -> int:
        return max((self.df(term) for term in terms(word)), default=0)

    def df(self, term: str) -> int:
        """In how many passages `term` occurs."""
        return int(self.searcher.doc_frequency("text", term))

    def cached(self, key: Any) -> Any:
        """A cached answer for `key` in this generation, or None."""
        value = self.answers.get(key)
        if value is not None:
            self.answers.move_to_end(key)
        return value

    def remember(self, key: Any, value: Any) -> None:
        """Cache an answer for this generation (least recently used go first)."""
        self.answers[key] = value
        if len(self.answers) > 1024:
            self.answers.popitem(last=False)
