"""The same corpus and questions through the engines users would pick instead.

tantivy (Rust, `tantivy` on PyPI) and SQLite FTS5 with bm25 index the same
passage windows as corpusbot (the same loader, sentence splitter and windows),
and answer the same questions as a bag of their words (question words and stop
words removed, OR-ed, best 10 passages), each once, in the same order as
corpusbot. Neither selects or verifies a quote: this is the retrieval step
alone, the floor that corpusbot's answers are measured against.

    python -m bench.reference tantivy|fts5 CONTENT WORKDIR QUESTIONS [--questions-limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.stats import max_rss_mb

TOP = 10


def passages(content: Path) -> Iterator[tuple[str, str]]:
    """(article_id, window text) for every passage window of the corpus, as corpusbot cuts them."""
    from index.documents import windows
    from index.loader import article_files, parse_article
    from index.text import split_sentences

    for path in article_files(content):
        article_id = path.relative_to(content).as_posix()
        try:
            article = parse_article(article_id, path.read_bytes())
        except Exception:
            continue
        sentences = split_sentences(article.body)
        for first, last in windows(sentences):
            yield article_id, article.body[sentences[first].start : sentences[last - 1].end]


def query_words(question: str) -> list[str]:
    """The question's content words (what a user of a plain search engine would type)."""
    from index.analysis import INDEX_STOP_WORDS
    from index.question import QUESTION_WORDS

    words = re.findall(r"\w+", question.lower())
    drop = QUESTION_WORDS | INDEX_STOP_WORDS
    return list(dict.fromkeys(w for w in words if w not in drop)) or words


class Tantivy:
    name = "tantivy"

    def __init__(self, workdir: Path):
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
        builder.add_text_field("article_id", stored=True, tokenizer_name="raw")
        self.schema = builder.build()
        self.path = workdir / "tantivy"
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        self.index = tantivy.Index(self.schema, path=str(self.path))

    def build(self, items: Iterator[tuple[str, str]]) -> int:
        writer = self.index.writer(heap_size=256 * 1024 * 1024)
        count = 0
        for article_id, text in items:
            writer.add_document(self.tantivy.Document(text=text, article_id=article_id))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return count

    def search(self, words: list[str]) -> list[str]:
        query = self.index.parse_query(" ".join(words), ["text"])
        hits = self.searcher.search(query, TOP).hits
        return [self.searcher.doc(address)["article_id"][0] for _, address in hits]


class Fts5:
    name = "fts5"

    def __init__(self, workdir: Path):
        self.path = workdir / "fts5.sqlite"
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute(
            "CREATE VIRTUAL TABLE passages USING fts5("
            "text, article_id UNINDEXED, tokenize='porter unicode61')"
        )

    def build(self, items: Iterator[tuple[str, str]]) -> int:
        count = 0
        with self.db:
            for article_id, text in items:
                self.db.execute(
                    "INSERT INTO passages(text, article_id) VALUES (?, ?)", (text, article_id)
                )
                count += 1
        with self.db:
            self.db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
        return count

    def search(self, words: list[str]) -> list[str]:
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute(
            "SELECT article_id FROM passages WHERE passages MATCH ? "
            "ORDER BY bm25(passages) LIMIT ?",
            (match, TOP),
        )
        return [row[0] for row in rows]


def directory_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(
    engine_name: str, content: Path, workdir: Path, questions: Path, per_set_limit: int = 0
) -> Any:
    """Build, then ask every question once (after one query of no set): first-time latency
    and retrieval quality per set, as bench.tasks serve reports corpusbot's."""
    from bench.questions import load
    from bench.tasks import WARM_UP, per_set

    engine = (Tantivy if engine_name == "tantivy" else Fts5)(workdir)
    started = time.perf_counter()
    items = list(passages(content))
    loaded = time.perf_counter()
    count = engine.build(iter(items))
    built = time.perf_counter()
    articles = len({article_id for article_id, _ in items})
    data, _ = load(questions, per_set_limit)
    engine.search(query_words(WARM_UP))
    samples: list[float] = []
    ranked: list[list[str]] = []
    for question in data:
        words = query_words(question["question"])
        begin = time.perf_counter()
        ranked.append(engine.search(words))
        samples.append((time.perf_counter() - begin) * 1000)
    total_seconds = built - started
    return {
        "engine": engine.name,
        "articles": articles,
        "passages": count,
        "load_seconds": round(loaded - started, 3),
        "index_seconds": round(built - loaded, 3),
        "build_seconds": round(total_seconds, 3),
        "articles_per_s": round(articles / total_seconds, 1),
        "index_only_articles_per_s": round(articles / max(built - loaded, 1e-9), 1),
        "index_bytes": directory_size(engine.path),
        "first": per_set(data, samples, ranked),
        "first_samples_ms": [round(ms, 4) for ms in samples],
        "rss_mb": max_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reference")
    parser.add_argument("engine", choices=["tantivy", "fts5"])
    parser.add_argument("content", type=Path)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--questions-limit", type=int, default=0, help="N per set (0: all)")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        json.dumps(
            run(args.engine, args.content, args.workdir, args.questions, args.questions_limit)
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
