"""Corpus subcommands: index, ask, dates, search, sources, add, remove (no Telegram needed).

None of them imports telegram, httpx or trafilatura unless it uses it (`add URL` fetches
with httpx; an HTML page is read with trafilatura): tests/test_cold_start.py checks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot import jsonout, terminal
from bot.articles import import_article
from bot.cli import settings_of_args
from bot.progress import JsonProgress
from index.corpus import Corpus
from index.errors import CorpusError
from index.importer import remove_article


def register(commands: Any, parent: argparse.ArgumentParser) -> None:
    """Add the corpus subcommands to the `corpusbot` parser."""
    index = commands.add_parser("index", parents=[parent], help="build or update the index")
    index.add_argument("--full", action="store_true", help="rebuild from scratch")
    index.add_argument("--json", action="store_true", help="print the report as JSON")
    index.add_argument(
        "--progress-json",
        action="store_true",
        help="progress as JSON lines on stderr (see bot.progress), for other programs",
    )
    index.set_defaults(handler=cmd_index)

    ask = commands.add_parser("ask", parents=[parent], help="answer a question with quotes")
    ask.add_argument("question", nargs="*", help="the question (none: one per line on stdin)")
    ask.add_argument("--json", action="store_true", help="JSON (one object per line from stdin)")
    ask.add_argument("-n", "--limit", type=int, default=5, help="passages at most (default 5)")
    ask.set_defaults(handler=cmd_ask)

    dates = commands.add_parser("dates", parents=[parent], help="the timeline of key dates")
    dates.add_argument("topic", nargs="*", help="topic words and/or a year or range (2019-2020)")
    dates.add_argument("--json", action="store_true", help="print JSON")
    dates.set_defaults(handler=cmd_dates)

    search = commands.add_parser("search", parents=[parent], help="keyword search (syntax)")
    search.add_argument("query", nargs="+", help='e.g. "Baku Summit" AND (Karabakh OR Garabagh)')
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--per-page", type=int, default=10)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)

    add = commands.add_parser(
        "add",
        parents=[parent],
        help="import an article (.md, .txt, .html, or a web page's URL) into content/",
    )
    add.add_argument("file", help="the article file, a saved HTML page, or an http(s) URL")
    add.add_argument("--replace", action="store_true", help="replace an article of that name")
    add.add_argument("--no-index", action="store_true", help="do not update the index after")
    add.set_defaults(handler=cmd_add)

    remove = commands.add_parser("remove", parents=[parent], help="take an article out")
    remove.add_argument("article_id", help="its path under content/ (see `corpusbot sources`)")
    remove.add_argument("--no-index", action="store_true", help="do not update the index after")
    remove.set_defaults(handler=cmd_remove)

    sources = commands.add_parser("sources", parents=[parent], help="the articles of the corpus")
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.set_defaults(handler=cmd_sources)


def open_corpus(args: argparse.Namespace) -> Corpus:
    """The corpus of the configuration (config.yaml, CORPUSBOT_*, --content / --index): the
    same for every command, the bot's included."""
    settings = settings_of_args(args)
    return Corpus(settings.content, settings.index)


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False))


class _Progress:
    """Build progress on stderr: a live counter on a terminal, a line per 10% otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_decile = -1

    def __call__(self, done: int, total: int, article_id: str) -> None:
        if total < 50:
            return
        if self.tty:
            end = "\n" if done == total else ""
            print(f"\rindexing {done}/{total} articles", end=end, file=sys.stderr, flush=True)
            return
        decile = done * 10 // total
        if decile != self.last_decile:
            self.last_decile = decile
            print(f"indexing: {done}/{total} articles", file=sys.stderr, flush=True)


def cmd_index(args: argparse.Namespace) -> int:
    """corpusbot index [--full] [--json]"""
    progress = JsonProgress(sys.stderr) if args.progress_json else _Progress()
    report = open_corpus(args).build(full=args.full, progress=progress)
    if args.json:
        _print_json(jsonout.build_json(report))
    else:
        print(terminal.build_text(report))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """corpusbot ask QUESTION [--json]; without a question, one question per stdin line."""
    corpus = open_corpus(args)
    limit = max(1, args.limit)
    if args.question:
        answer = corpus.ask(" ".join(args.question), limit=limit)
        if args.json:
            _print_json(jsonout.answer_json(answer))
        else:
            print(terminal.answer_text(answer))
        return 0
    if sys.stdin.isatty() and not args.json:
        print("corpusbot: give a question, or pipe questions (one per line)", file=sys.stderr)
        return 1
    for line in sys.stdin:
        if not line.strip():
            continue
        answer = corpus.ask(line.strip(), limit=limit)
        if args.json:
            _print_json(jsonout.answer_json(answer))
        else:
            print(f"? {line.strip()}\n{terminal.answer_text(answer)}\n")
        sys.stdout.flush()
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    """corpusbot dates [topic] [--json]"""
    topic = " ".join(args.topic)
    dates = open_corpus(args).dates(topic)
    if args.json:
        _print_json(jsonout.dates_json(topic, dates))
    else:
        print(terminal.dates_text(dates, topic))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """corpusbot search QUERY [--page N] [--json]"""
    page = open_corpus(args).search(" ".join(args.query), args.page, max(1, args.per_page))
    if args.json:
        _print_json(jsonout.search_json(page))
    else:
        print(terminal.search_text(page))
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    """corpusbot sources [--json]"""
    sources = open_corpus(args).sources()
    if args.json:
        _print_json(jsonout.sources_json(sources))
    else:
        print(terminal.sources_text(sources))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """corpusbot add FILE|URL [--replace] [--no-index]"""
    settings = settings_of_args(args)
    url: str | None = None
    if "://" in args.file:
        from bot.articles import fetch_page
        from bot.fetch import FetchPolicy, FetchRefused

        policy = FetchPolicy(
            allow_private=settings.fetch.allow_private, timeout=settings.fetch.timeout_seconds
        )
        try:
            page = fetch_page(args.file, policy)
        except FetchRefused as error:
            raise CorpusError(f"refused {args.file}: {error}") from None
        name, data, url = page.name, page.data, page.url
    else:
        path = Path(args.file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CorpusError(f"cannot read {path}: {error.strerror}") from None
        name = path.name
    corpus = Corpus(settings.content, settings.index)
    imported = import_article(corpus.content_dir, name, data, replace=args.replace, url=url)
    article = imported.article
    print(f"added {article.article_id}: “{article.title}”")
    if not args.no_index:
        print(terminal.build_text(corpus.build(only=[article.article_id])))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """corpusbot remove ARTICLE_ID [--no-index]"""
    corpus = open_corpus(args)
    remove_article(corpus.content_dir, args.article_id)
    print(f"removed {args.article_id}")
    if not args.no_index:
        print(terminal.build_text(corpus.build(only=[args.article_id])))
    return 0
