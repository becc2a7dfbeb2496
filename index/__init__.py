"""corpusbot's search core: load articles, build a Whoosh index, answer, list dates.

A plain synchronous library (no Telegram, no asyncio) returning frozen dataclasses.
"""

from index.corpus import Corpus
from index.errors import BuildInProgress, ContentMissing, CorpusError, IndexMissing, InvalidArticle
from index.models import (
    Answer,
    Article,
    BuildReport,
    IndexStats,
    KeyDate,
    Passage,
    SearchHit,
    SearchPage,
    SkippedFile,
    SourceInfo,
)

__all__ = [
    "Answer",
    "Article",
    "BuildInProgress",
    "BuildReport",
    "ContentMissing",
    "Corpus",
    "CorpusError",
    "IndexMissing",
    "IndexStats",
    "InvalidArticle",
    "KeyDate",
    "Passage",
    "SearchHit",
    "SearchPage",
    "SkippedFile",
    "SourceInfo",
]
