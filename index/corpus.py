"""The corpus service: the one object the command line and the bot talk to.

Synchronous and thread-safe: the bot calls it from worker threads. It keeps
one searcher open and reopens it only when a build has changed the index.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from index import store
from index.aliases import AliasGroups, builtin_paraphrases, load_aliases
from index.answer import answer as answer_question
from index.build import Progress, build_index
from index.keyword import keyword_search, pool_for
from index.live import LiveIndex
from index.models import (
    Answer,
    Article,
    BuildReport,
    IndexStats,
    KeyDate,
    SearchPage,
    SourceInfo,
)
from index.question import AliasMatcher
from index.schema import KIND_ARTICLE, KIND_DATE, KIND_PASSAGE
from index.timeline import MAX_DATES, parse_filter, timeline

DEFAULT_ANSWERS = 5


class Corpus:
    """A corpus of articles (content_dir) and its search index (index_dir)."""

    def __init__(self, content_dir: Path, index_dir: Path):
        self.content_dir = Path(content_dir)
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._live: LiveIndex | None = None
        # Called in the reading thread, holding the lock, each time a generation or a commit
        # of the index is opened (its predecessor dropped): the bot settles its heap there.
        self.on_open: Callable[[], None] | None = None
        self._aliases_stamp: float | None = -1.0
        self._matcher = AliasMatcher(AliasGroups())
        self._paraphrases = builtin_paraphrases()

    # -- building ---------------------------------------------------------

    def build(
        self,
        *,
        full: bool = False,
        progress: Progress | None = None,
        only: Sequence[str] | None = None,
    ) -> BuildReport:
        """Build or update the index from the content directory (see index.build)."""
        return build_index(
            self.content_dir, self.index_dir, full=full, progress=progress, only=only
        )

    def has_index(self) -> bool:
        """True once a build has completed."""
        return store.current_generation(self.index_dir) is not None

    def close(self) -> None:
        """Release the open searcher."""
        with self._lock:
            if self._live is not None:
                self._live.close()
                self._live = None

    # -- reading ----------------------------------------------------------

    def ask(self, question: str, limit: int = DEFAULT_ANSWERS) -> Answer:
        """Passages that answer `question`, best first; none when the corpus has no answer.

        Raises IndexMissing when no index has been built.
        """
        started = time.perf_counter()
        with self._lock:
            live = self._refresh()
            key = ("ask", " ".join(question.lower().split()), limit)
            answer = live.cached(key)
            if answer is None:
                answer = answer_question(question, live, self._matcher, limit)
                live.remember(key, answer)
        took_ms = round((time.perf_counter() - started) * 1000, 2)
        return replace(answer, question=question, took_ms=took_ms)

    def dates(self, topic: str = "", *, limit: int = MAX_DATES) -> list[KeyDate]:
        """The timeline: key dates in order, filtered by topic words and years in `topic`."""
        with self._lock:
            live = self._refresh()
            key = ("dates", " ".join(topic.lower().split()), limit)
            found = live.cached(key)
            if found is None:
                found = timeline(live, self._matcher, parse_filter(topic), limit)
                live.remember(key, found)
            return list(found)

    def search(self, query: str, page: int = 1, per_page: int = 5) -> SearchPage:
        """One page of keyword-search results (Whoosh query syntax, bounded: see index.keyword).

        Runs on a searcher of its own, without the corpus lock: a keyword
        search never waits for another reader, nor makes one wait.
        """
        with pool_for(self, self.index_dir).searcher() as searcher:
            return keyword_search(query, searcher, page, per_page)

    def sources(self) -> list[SourceInfo]:
        """The articles of the corpus, newest first (undated last), with their citations."""
        with self._lock:
            live = self._refresh()
            found = live.cached("sources")
            if found is None:
                found = self._sources(live)
                live.remember("sources", found)
            return list(found)

    def article(self, article_id: str) -> Article | None:
        """The stored article `article_id`, or None."""
        with self._lock:
            record = self._refresh().record(article_id)
            return record.article if record else None

    def stats(self) -> IndexStats:
        """Figures about the live index."""
        with self._lock:
            live = self._refresh()
            last = store.read_last_build(self.index_dir)
            finished = last.get("finished")
            return IndexStats(
                articles=live.live_count(KIND_ARTICLE),
                passages=live.live_count(KIND_PASSAGE),
                dates=live.live_count(KIND_DATE),
                size_bytes=store.directory_size(live.generation),
                generation=live.generation.name,
                built_at=dt.datetime.fromisoformat(finished) if finished else None,
                build_seconds=last.get("seconds"),
                years=self._years(live),
            )

    # -- internals --------------------------------------------------------

    def _refresh(self) -> LiveIndex:
        opened = (id(self._live), self._live.commit) if self._live else None  # not kept alive
        self._live = self._live.refresh() if self._live else LiveIndex(self.index_dir)
        if self.on_open is not None and opened != (id(self._live), self._live.commit):
            self.on_open()
        self._refresh_aliases()
        return self._live

    def _refresh_aliases(self) -> None:
        try:
            stamp: float | None = (self.content_dir / "aliases.yaml").stat().st_mtime
        except OSError:
            stamp = None
        if stamp != self._aliases_stamp:
            groups, _ = load_aliases(self.content_dir)
            self._matcher = AliasMatcher(groups + self._paraphrases)
            self._aliases_stamp = stamp
            if self._live is not None:
                self._live.answers.clear()

    def _sources(self, live: LiveIndex) -> list[SourceInfo]:
        infos = []
        for fields in live.searcher.documents(kind=KIND_ARTICLE):
            record = live.record(fields["article_id"])
            if record is None:
                continue
            article = record.article
            infos.append(
                SourceInfo(
                    article_id=article.article_id,
                    title=article.title,
                    url=article.url,
                    published=article.published,
                    author=article.author,
                    source=article.source,
                    passages=0,
                    dates=record.dates,
                    published_inferred=article.published_inferred,
                )
            )
        infos.sort(key=lambda s: (s.published is None, -(s.published or dt.date.min).toordinal()))
        return infos

    def _years(self, live: LiveIndex) -> tuple[int, ...]:
        reader = live.searcher.reader()
        field = live.ix.schema["year"]
        years = {int(field.from_bytes(raw)) for raw in reader.lexicon("year")}
        return tuple(sorted(y for y in years if 1000 <= y <= 2100))
