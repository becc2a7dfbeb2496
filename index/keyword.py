"""Keyword search with Whoosh's query syntax: phrases, AND / OR / NOT, prefix*, grouping.

User input is data: field names are not available to it (internal fields stay
private), and text the parser cannot read is searched as plain words instead
of raising at the user.
"""

from __future__ import annotations

import math

from whoosh import qparser
from whoosh.query import NullQuery, Query

from index.answer import Candidate, to_passage
from index.live import LiveIndex
from index.models import SearchHit, SearchPage

MAX_QUERY_CHARS = 500


def parse_keywords(text: str, live: LiveIndex) -> tuple[Query, str | None]:
    """The Whoosh query for `text`, and a note when its syntax had to be ignored."""
    parser = qparser.QueryParser("text", live.ix.schema, group=qparser.AndGroup)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.BoostPlugin)
    try:
        query = parser.parse(text)
        if not _has_errors(query):
            return query, None
    except Exception:
        pass
    words = " ".join("".join(c if c.isalnum() else " " for c in text).split())
    plain = qparser.QueryParser("text", live.ix.schema, group=qparser.OrGroup)
    plain.remove_plugin_class(qparser.FieldsPlugin)
    return plain.parse(words) if words else NullQuery, "query syntax not understood"


def _has_errors(query: Query) -> bool:
    return any(type(q).__name__ == "ErrorQuery" for q in query.leaves()) or (
        type(query).__name__ == "ErrorQuery"
    )


def keyword_search(text: str, live: LiveIndex, page: int = 1, per_page: int = 5) -> SearchPage:
    """One page of passages matching the keyword query `text` (best first)."""
    text = " ".join(text.split())[:MAX_QUERY_CHARS]
    per_page = max(1, per_page)
    page = max(1, page)
    query, error = parse_keywords(text, live) if text else (NullQuery, None)
    if query is NullQuery:
        return SearchPage(text, (), 0, 1, 0, error)
    results = live.searcher.search(query, limit=page * per_page, terms=True)
    total = results.estimated_length() if not results.has_exact_length() else len(results)
    pages = max(1, math.ceil(total / per_page)) if total else 0
    matched = {
        term.decode("utf-8") if isinstance(term, bytes) else term
        for field, term in results.matched_terms()
        if field == "text"
    }
    hits: list[SearchHit] = []
    for rank, hit in enumerate(results[(page - 1) * per_page :], (page - 1) * per_page + 1):
        record = live.record(hit["article_id"])
        if record is None:
            continue
        first, last = hit["data"]["first"], hit["data"]["last"]
        found = [n for n in range(first, last) if record.sentence(n).terms & matched]
        if found:
            first, last = found[0], found[-1] + 1
        candidate = Candidate(
            record=record,
            first=first,
            last=last,
            score=float(hit.score or 0.0),
            highlight=frozenset(matched),
        )
        passage = to_passage(candidate)
        if passage is not None:
            hits.append(SearchHit(passage, rank))
    return SearchPage(text, tuple(hits), total, page, pages, error)
