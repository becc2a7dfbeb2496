"""The `corpusbot` command: one entry point, one subcommand per job.

Corpus commands (index, ask, dates, search, sources) live in bot.cli_corpus;
the bot's own (run, chat, add) in bot.cli_bot. Errors a user can fix are one
line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from index.errors import CorpusError

DEFAULT_CONTENT = "content"
DEFAULT_INDEX = "var/index"


def corpus_options() -> argparse.ArgumentParser:
    """Options shared by every subcommand: where the corpus and its index are."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--content",
        type=Path,
        default=None,
        help=f"articles directory (env CORPUSBOT_CONTENT; default {DEFAULT_CONTENT})",
    )
    parent.add_argument(
        "--index",
        type=Path,
        default=None,
        help=f"index directory (env CORPUSBOT_INDEX; default {DEFAULT_INDEX})",
    )
    return parent


def content_dir(args: argparse.Namespace) -> Path:
    """The content directory: --content, else CORPUSBOT_CONTENT, else ./content."""
    return Path(args.content or os.environ.get("CORPUSBOT_CONTENT") or DEFAULT_CONTENT)


def index_dir(args: argparse.Namespace) -> Path:
    """The index directory: --index, else CORPUSBOT_INDEX, else ./var/index."""
    return Path(args.index or os.environ.get("CORPUSBOT_INDEX") or DEFAULT_INDEX)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    from bot import cli_bot, cli_corpus

    parser = argparse.ArgumentParser(
        prog="corpusbot",
        description="Answer questions over a corpus of articles, list key dates, quote sources.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parent = corpus_options()
    cli_corpus.register(commands, parent)
    cli_bot.register(commands, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
    except CorpusError as error:
        print(f"corpusbot: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("corpusbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
