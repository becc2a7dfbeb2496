"""corpusbot's search core: load articles, build a Whoosh index, answer, list dates.

A plain synchronous library (no Telegram, no asyncio) returning frozen dataclasses.
"""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from index.corpus import Corpus


def __getattr__(name: str) -> object:
    # The corpus (answering, numpy, the ranking model) is imported on first use: a build
    # worker, which only builds, starts without it.
    if name == "Corpus":
        from index.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'index' has no attribute {name!r}")


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
