"""The `corpusbot` command: one entry point, one subcommand per job.

Corpus commands (index, ask, dates, search, sources) live in bot.cli_corpus;
the bot's own (run, chat, add) in bot.cli_bot. Errors a user can fix are one
line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import texts
from bot.config import ConfigError, Settings, load_settings, unknown_variables
from index.errors import CorpusError

DEFAULTS = Settings()  # the defaults live in bot.config, and only there


def corpus_options() -> argparse.ArgumentParser:
    """Options shared by every subcommand: the configuration file, and where the corpus and
    its index are (each overrides config.yaml and its CORPUSBOT_* variable)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--config",
        type=Path,
        default=None,
        help="configuration file (env CORPUSBOT_CONFIG; default ./config.yaml if present)",
    )
    parent.add_argument(
        "--content",
        type=Path,
        default=None,
        help=f"articles directory (env CORPUSBOT_CONTENT; default {DEFAULTS.content})",
    )
    parent.add_argument(
        "--index",
        type=Path,
        default=None,
        help=f"index directory (env CORPUSBOT_INDEX; default {DEFAULTS.index})",
    )
    return parent


def settings_of_args(args: argparse.Namespace) -> Settings:
    """The configuration every subcommand uses: config file, environment, then options.

    Warns on stderr about CORPUSBOT_* variables that no setting reads; raises ConfigError.
    """
    for name, close in unknown_variables():
        hint = texts.UNKNOWN_VARIABLE_HINT.format(close=close) if close else ""
        print(texts.UNKNOWN_VARIABLE.format(name=name) + hint, file=sys.stderr)
    overrides = {"content": args.content, "index": args.index}
    return load_settings(args.config, overrides=overrides)


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
    except ConfigError as error:
        print(texts.RUN_CONFIG_ERROR.format(error=error), file=sys.stderr)
        return 1
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
