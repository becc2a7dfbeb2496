"""Build and update the index from a content directory.

Incremental by default: articles are compared by content hash, and only the
added, changed and removed ones are rewritten, in one Whoosh commit into the
live generation (atomic: a kill before it completes leaves the old state). A
full build, or a build over an index of another schema version, writes a new
generation beside the live one and switches it in when it is complete.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from index import store
from index.aliases import load_aliases
from index.documents import article_documents
from index.loader import load_corpus
from index.models import Article, BuildReport, SkippedFile
from index.schema import KIND_ARTICLE, SCHEMA_VERSION, build_schema

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, article_id) while articles are written."""

VERSION_FILE = "corpusbot.json"


def build_index(
    content_dir: Path,
    index_dir: Path,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the index at `index_dir` up to date with `content_dir` and report what changed.

    Raises ContentMissing when the content directory does not exist and
    BuildInProgress when another build holds the lock.
    """
    started = time.monotonic()
    loaded = load_corpus(content_dir)
    _, alias_problem = load_aliases(content_dir)
    skipped = loaded.skipped + ((alias_problem,) if alias_problem else ())
    with store.build_lock(index_dir):
        store.remove_stale(index_dir)
        live = store.current_generation(index_dir)
        if live is None or full or _schema_version(live) != SCHEMA_VERSION:
            report = _full_build(index_dir, loaded.articles, skipped, progress)
        else:
            report = _incremental_build(live, loaded.articles, skipped, progress)
        report = _with_time(report, time.monotonic() - started)
        store.write_last_build(
            index_dir,
            {
                "finished": dt.datetime.now(dt.UTC).isoformat(),
                "seconds": round(report.seconds, 3),
                "full": report.full,
                "generation": report.generation,
                "added": len(report.added),
                "updated": len(report.updated),
                "removed": len(report.removed),
                "unchanged": len(report.unchanged),
                "skipped": len(report.skipped),
            },
        )
        store.remove_stale(index_dir)
    return report


def _full_build(
    index_dir: Path,
    articles: tuple[Article, ...],
    skipped: tuple[SkippedFile, ...],
    progress: Progress | None,
) -> BuildReport:
    previous = _stored_hashes(store.current_generation(index_dir))
    temp = store.new_temp_dir(index_dir)
    ix = whoosh_index.create_in(str(temp), build_schema())
    writer = ix.writer(limitmb=256)
    try:
        passages = _write_articles(writer, articles, progress)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    ix.close()
    (temp / VERSION_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")
    generation = store.switch_to(index_dir, temp)
    current = {a.article_id: a.content_hash for a in articles}
    return BuildReport(
        full=True,
        added=tuple(sorted(set(current) - set(previous))),
        updated=tuple(sorted(i for i in current if i in previous and previous[i] != current[i])),
        removed=tuple(sorted(set(previous) - set(current))),
        unchanged=tuple(sorted(i for i in current if previous.get(i) == current[i])),
        skipped=skipped,
        generation=generation.name,
        passages=passages,
    )


def _incremental_build(
    live: Path,
    articles: tuple[Article, ...],
    skipped: tuple[SkippedFile, ...],
    progress: Progress | None,
) -> BuildReport:
    previous = _stored_hashes(live)
    current = {a.article_id: a for a in articles}
    added = sorted(set(current) - set(previous))
    removed = sorted(set(previous) - set(current))
    updated = sorted(
        i for i in current if i in previous and previous[i] != current[i].content_hash
    )
    unchanged = sorted(i for i in current if previous.get(i) == current[i].content_hash)
    passages = 0
    if added or removed or updated:
        ix = whoosh_index.open_dir(str(live))
        writer = ix.writer(limitmb=128)
        try:
            for article_id in removed + updated:
                writer.delete_by_term("article_id", article_id)
            changed = tuple(current[i] for i in sorted(added + updated))
            passages = _write_articles(writer, changed, progress)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
    return BuildReport(
        full=False,
        added=tuple(added),
        updated=tuple(updated),
        removed=tuple(removed),
        unchanged=tuple(unchanged),
        skipped=skipped,
        generation=live.name,
        passages=passages,
    )


def _write_articles(
    writer: IndexWriter, articles: tuple[Article, ...], progress: Progress | None
) -> int:
    passages = 0
    total = len(articles)
    for done, article in enumerate(articles, 1):
        for document in article_documents(article):
            passages += document["kind"] == "passage"
            writer.add_document(**document)
        if progress is not None:
            progress(done, total, article.article_id)
    return passages


def _stored_hashes(generation: Path | None) -> dict[str, str]:
    if generation is None or _schema_version(generation) is None:
        return {}
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            return {
                fields["article_id"]: fields["data"]["hash"]
                for fields in searcher.documents(kind=KIND_ARTICLE)
            }
    finally:
        ix.close()


def _schema_version(generation: Path) -> int | None:
    try:
        return int(json.loads((generation / VERSION_FILE).read_text("utf-8"))["schema"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _with_time(report: BuildReport, seconds: float) -> BuildReport:
    return replace(report, seconds=seconds)
