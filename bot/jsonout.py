"""The `--json` output of the command line: a stable contract, documented in README.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from index.models import Answer, BuildReport, KeyDate, Passage, SearchPage, SourceInfo


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def passage_json(passage: Passage) -> dict[str, Any]:
    """One quoted passage with its source."""
    return {
        "article_id": passage.article_id,
        "title": passage.title,
        "url": passage.url,
        "published": _date(passage.published),
        "published_inferred": passage.published_inferred,
        "author": passage.author,
        "source": passage.source,
        "quote": passage.quote,
        "terms": list(passage.terms),
        "score": passage.score,
        "also_in": list(passage.also_in),
        "kind": passage.kind,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """`corpusbot ask --json`."""
    return {
        "question": answer.question,
        "answers": [passage_json(p) for p in answer.passages],
        "suggestion": answer.suggestion,
        "corrected": answer.corrected,
        "took_ms": answer.took_ms,
    }


def key_date_json(key_date: KeyDate) -> dict[str, Any]:
    """One timeline entry."""
    return {
        "date": key_date.iso,
        "precision": key_date.precision,
        "season": key_date.season,
        "resolved": key_date.resolved,
        "label": key_date.label,
        "expression": key_date.expression,
        "text": key_date.text,
        "article_id": key_date.article_id,
        "title": key_date.title,
        "url": key_date.url,
        "published": _date(key_date.published),
        "published_inferred": key_date.published_inferred,
        "source": key_date.source,
        "also_in": list(key_date.also_in),
    }


def dates_json(topic: str, dates: list[KeyDate]) -> dict[str, Any]:
    """`corpusbot dates --json`."""
    return {"topic": topic, "dates": [key_date_json(d) for d in dates]}


def search_json(page: SearchPage) -> dict[str, Any]:
    """`corpusbot search --json`."""
    return {
        "query": page.query,
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
        "error": page.error,
        "hits": [{"rank": hit.rank, **passage_json(hit.passage)} for hit in page.hits],
    }


def sources_json(sources: list[SourceInfo]) -> dict[str, Any]:
    """`corpusbot sources --json`."""
    return {
        "sources": [
            {
                "article_id": s.article_id,
                "title": s.title,
                "url": s.url,
                "published": _date(s.published),
                "published_inferred": s.published_inferred,
                "author": s.author,
                "source": s.source,
                "dates": s.dates,
            }
            for s in sources
        ]
    }


def build_json(report: BuildReport) -> dict[str, Any]:
    """`corpusbot index --json`."""
    return {
        "full": report.full,
        "added": list(report.added),
        "updated": list(report.updated),
        "removed": list(report.removed),
        "unchanged": list(report.unchanged),
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "passages": report.passages,
        "seconds": round(report.seconds, 3),
        "generation": report.generation,
    }
