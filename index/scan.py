"""Whoosh's top documents for an Or of weighted clauses, scored with numpy.

A question's first pass is an Or of a dozen or more weighted terms over the
passage windows, and Whoosh scores it one posting at a time through a tree of
Python matchers (about 10 µs per posting: three quarters of a first-time
question at 10,000 articles). Here each term's postings are read once per
segment into arrays (document numbers and weights), kept in a bounded cache
that outlives the searcher (a segment's postings never change; its deletions
are applied at search time), and scored with the same BM25F formula, boost and
statistics Whoosh uses, so the top documents and their scores are Whoosh's own
(tests/index/test_scan.py compares them). A conjunction of terms is scored the
same way; a phrase first as the conjunction of its words, whose positions are
then read (by Whoosh's span matcher) only for the documents it could lift into
the top. Any other clause is scored by its Whoosh matcher.

The reference is Whoosh's search without a limit: with one, its block-quality
skipping inside an intersection can miss a document the unlimited search ranks.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte

# The Whoosh version whose private posting blocks and length column are read
# directly; on another version the same figures come through public, slower calls.
WHOOSH_TESTED = (2, 7, 5)
FAST_PATH = tuple(whoosh.__version__) == WHOOSH_TESTED

POSTINGS_BUDGET = 4_000_000  # postings kept across searches (8 bytes each: 32 MB)

# A document's field length as Whoosh stores it (one byte) and reads it back for
# BM25F: a missing length (byte 0) counts as 1.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class ScoredDocument:
    """A document number of the searcher and its score, as Whoosh's search would give it."""

    docnum: int
    score: float


class PostingArrays:
    """Term postings and field lengths of index segments as numpy arrays, least recently
    used dropped first once more than `budget` postings are kept."""

    def __init__(self, budget: int = POSTINGS_BUDGET):
        self.budget = budget
        self._postings: OrderedDict[tuple[str, str, bytes], tuple[np.ndarray, np.ndarray]] = (
            OrderedDict()
        )
        self._kept = 0
        # Lengths as Whoosh stores them, one byte per document (a float each would be 8):
        # 3 MB per field and segment of 3 million passage windows instead of 25.
        self._length_codes: dict[tuple[str, str], np.ndarray] = {}

    def postings(self, reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """The segment's document numbers (ascending) and weights for one term, deleted
        documents included."""
        key = (_segment_key(reader), fieldname, btext)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        found = _read_postings(reader, fieldname, btext)
        self._postings[key] = found
        self._kept += len(found[0])
        while self._kept > self.budget and len(self._postings) > 1:
            _, (ids, _) = self._postings.popitem(last=False)
            self._kept -= len(ids)
        return found

    def lengths(self, reader: Any, fieldname: str, docs: np.ndarray) -> np.ndarray:
        """The length in the field of each of the segment's documents `docs`, as BM25F
        reads it (1 when missing)."""
        key = (_segment_key(reader), fieldname)
        codes = self._length_codes.get(key)
        if codes is None:
            codes = _read_length_codes(reader, fieldname)
            self._length_codes[key] = codes
        return _LENGTH_OF_BYTE[codes[docs]]

    def forget(self, keep: set[str]) -> None:
        """Drop the lengths of segments not in `keep` (postings age out by themselves)."""
        for key in [k for k in self._length_codes if k[0] not in keep]:
            del self._length_codes[key]


def top_documents(
    searcher: Searcher,
    clauses: Sequence[Query],
    limit: int,
    arrays: PostingArrays,
    articles: Sequence[str] | None = None,
) -> list[ScoredDocument]:
    """The best `limit` documents for `Or(clauses)` (with `articles`: for
    `And([Or(clauses), Or(Term("article_id", a) ...)])`), best first, ties by document
    number, as `searcher.search(query, limit=None)` ranks them."""
    if not clauses or limit <= 0:
        return []
    if not isinstance(searcher.weighting, BM25F):
        return _whoosh_top(searcher, clauses, limit, articles)
    scoring = _Scoring(searcher.get_parent(), arrays)
    keep: set[str] = set()
    found_ids: list[np.ndarray] = []
    found_scores: list[np.ndarray] = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        keep.add(_segment_key(reader))
        scores = _leaf_scores(scoring, leaf, clauses, limit, articles)
        matched = np.flatnonzero(scores > 0)
        if len(matched) > limit:
            # Keep every document scoring as the limit-th one: ties go to the lowest
            # document numbers, as in Whoosh, once all leaves are merged.
            cut = np.partition(scores[matched], len(matched) - limit)[len(matched) - limit]
            matched = matched[scores[matched] >= cut]
        found_ids.append(matched + offset)
        found_scores.append(scores[matched])
    arrays.forget(keep)
    ids = np.concatenate(found_ids)
    values = np.concatenate(found_scores)
    order = np.lexsort((ids, -values))[:limit]
    return [ScoredDocument(int(ids[i]), float(values[i])) for i in order]


class _Scoring:
    """BM25F as the searcher's weighting computes it, over posting arrays."""

    def __init__(self, parent: Searcher, arrays: PostingArrays):
        self.parent = parent
        self.arrays = arrays
        self.context = parent.context()
        self.weighting: BM25F = parent.weighting

    def term(self, reader: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The leaf's documents holding the term and the term's score in each (boost 1)."""
        schema = self.parent.schema
        if fieldname not in schema:
            return _NONE
        field = schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return _NONE
        if (fieldname, btext) not in reader:
            return _NONE
        ids, stored = self.arrays.postings(reader, fieldname, btext)
        weights = stored.astype(np.float64)
        if not field.scorable:
            return ids, weights
        idf = self.parent.idf(fieldname, btext)
        avgfl = self.parent.avg_field_length(fieldname) or 1
        b = self.weighting._field_B.get(fieldname, self.weighting.B)
        k1 = self.weighting.K1
        lengths = self.arrays.lengths(reader, fieldname, ids)
        return ids, idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl)))

    def conjunction(
        self, reader: Any, fieldname: str, words: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The leaf's documents holding every word, and the sum of the words' scores."""
        ids, values = self.term(reader, fieldname, words[0])
        for word in words[1:]:
            if not len(ids):
                break
            other_ids, other_values = self.term(reader, fieldname, word)
            ids, here, there = np.intersect1d(
                ids, other_ids, assume_unique=True, return_indices=True
            )
            values = values[here] + other_values[there]
        return ids, values


_NONE = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def _leaf_scores(
    scoring: _Scoring,
    leaf: Searcher,
    clauses: Sequence[Query],
    limit: int,
    articles: Sequence[str] | None,
) -> np.ndarray:
    """Every document of the leaf's score for the query (0: not matched)."""
    reader = leaf.reader()
    size = reader.doc_count_all()
    scores = np.zeros(size, dtype=np.float64)
    phrases: list[tuple[Phrase, np.ndarray, np.ndarray]] = []
    for clause in clauses:
        if isinstance(clause, Term):
            ids, values = scoring.term(reader, clause.fieldname, clause.text)
        elif _is_term_conjunction(clause):
            words = [sub.text for sub in clause.subqueries]
            ids, values = scoring.conjunction(reader, clause.subqueries[0].fieldname, words)
        elif isinstance(clause, Phrase) and clause.slop == 1:
            ids, values = scoring.conjunction(reader, clause.fieldname, clause.words)
            phrases.append((clause, ids, values * clause.boost))
            continue
        else:
            _add_matches(scores, clause, leaf, scoring.context)
            continue
        scores[ids] += values * clause.boost if clause.boost != 1.0 else values
    allowed = np.ones(size, dtype=bool)
    deleted = getattr(reader, "deleted_docs_set", ())
    if deleted:
        allowed[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
    within = None
    if articles is not None:
        within = np.zeros(size, dtype=np.float64)
        for article_id in articles:  # a source's articles may be thousands: no matcher tree
            ids, values = scoring.term(reader, "article_id", article_id)
            within[ids] += values
        allowed &= within > 0
    scores[~allowed] = 0.0
    if phrases:
        _add_phrases(scores, phrases, leaf, limit, allowed)
    if within is not None:
        matched = scores > 0  # in place: two more arrays of the leaf's size otherwise
        scores[matched] += within[matched]
    return scores


def _add_phrases(
    scores: np.ndarray,
    phrases: list[tuple[Phrase, np.ndarray, np.ndarray]],
    leaf: Searcher,
    limit: int,
    allowed: np.ndarray,
) -> None:
    """Add each phrase's score to the documents that hold it. A document holding all of a
    phrase's words may hold the phrase; its positions are read only while it could still
    reach the top `limit` if it did: the most promising first, a batch at a time, until
    every document left unread scores less, phrase or not, than the `limit`-th best known.
    (Nearly every document with a name's words holds the name: the first batch settles
    most questions where checking each document once read positions by the thousand.)"""
    upper = scores.copy()
    unread = np.zeros(len(scores), dtype=bool)
    for _, ids, values in phrases:
        upper[ids] += values
        unread[ids] = True
    unread &= allowed & (upper > 0)
    while True:
        waiting = np.flatnonzero(unread & (upper >= _kth_best(scores, limit)))
        if not len(waiting):
            return
        if len(waiting) > PHRASE_BATCH * limit:
            best = np.argpartition(-upper[waiting], PHRASE_BATCH * limit)
            waiting = np.sort(waiting[best[: PHRASE_BATCH * limit]])
        unread[waiting] = False
        for clause, ids, values in phrases:
            inside = np.isin(ids, waiting, assume_unique=True)
            check, gains = ids[inside], values[inside]
            if len(check):
                held = _holding(clause, leaf, check)
                scores[check[held]] += gains[held]


PHRASE_BATCH = 2  # documents whose phrases are read at a time, per document wanted


def _kth_best(scores: np.ndarray, k: int) -> float:
    """The k-th highest positive score (0 when fewer are positive)."""
    known = scores[scores > 0]
    return float(np.partition(known, len(known) - k)[len(known) - k]) if len(known) >= k else 0.0


def _holding(clause: Phrase, leaf: Searcher, docs: np.ndarray) -> np.ndarray:
    """Which of `docs` (ascending document numbers of the leaf) hold the phrase."""
    matcher = clause.matcher(leaf, leaf.boolean_context())
    held = np.zeros(len(docs), dtype=bool)
    for n, doc in enumerate(docs.tolist()):
        if not matcher.is_active():
            break
        if matcher.id() < doc:
            matcher.skip_to(doc)
            if not matcher.is_active():
                break
        held[n] = matcher.id() == doc
    return held


def _is_term_conjunction(clause: Query) -> bool:
    if type(clause) is not And or not clause.subqueries:
        return False
    subs = clause.subqueries
    return all(type(sub) is Term and sub.boost == 1.0 for sub in subs) and (
        len({sub.fieldname for sub in subs}) == 1
    )


def _add_matches(scores: np.ndarray, query: Query, leaf: Searcher, context: Any) -> None:
    """Add the score of every document of the leaf `query` matches, through its Whoosh matcher."""
    matcher = query.matcher(leaf, context)
    ids: list[int] = []
    values: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        values.append(matcher.score())
        matcher.next()
    if ids:
        scores[np.array(ids, dtype=np.int64)] += np.array(values, dtype=np.float64)


def _read_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    matcher = reader.postings(fieldname, btext)
    if FAST_PATH and isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deletions are applied after scoring
    id_blocks: list[Any] = []
    weight_blocks: list[Any] = []
    if FAST_PATH and isinstance(matcher, W3LeafMatcher):
        # One block (up to 128 postings) at a time, as the codec stores them.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            id_blocks.append(matcher._ids)
            weight_blocks.append(matcher._weights)
            matcher._next_block()
    else:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        id_blocks, weight_blocks = [ids], [weights]
    if not id_blocks:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    # Whoosh stores weights as 32-bit floats: kept so, and widened only to score.
    id_array = np.concatenate([np.asarray(block, dtype=np.int32) for block in id_blocks])
    weight_array = np.concatenate([np.asarray(block, dtype=np.float32) for block in weight_blocks])
    return id_array, weight_array


def _read_length_codes(reader: Any, fieldname: str) -> np.ndarray:
    """Every document's length byte in the field (0: none), as Whoosh's length column holds
    it; `_LENGTH_OF_BYTE` turns one into the length BM25F reads."""
    size = reader.doc_count_all()
    codes = np.zeros(size, dtype=np.uint8)
    if FAST_PATH and hasattr(reader, "_perdoc"):
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None:
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), np.uint8)
            codes[: min(size, len(raw))] = raw[:size]
        return codes
    for docnum in range(size):
        codes[docnum] = length_to_byte(reader.doc_field_length(docnum, fieldname, 0))
    return codes


def _segment_key(reader: Any) -> str:
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return f"reader-{id(reader)}"
    return f"{segment.segment_id()}-{reader.doc_count_all()}"


def _whoosh_top(
    searcher: Searcher, clauses: Sequence[Query], limit: int, articles: Sequence[str] | None
) -> list[ScoredDocument]:
    query: Query = Or(list(clauses))
    if articles is not None:
        query = And([query, Or([Term("article_id", a) for a in articles])])
    hits = searcher.search(query, limit=limit)
    return [ScoredDocument(hit.docnum, hit.score) for hit in hits]
