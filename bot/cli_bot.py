"""Bot subcommands: run (the Telegram bot) and chat (the same conversation in a terminal)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, parent: argparse.ArgumentParser) -> None:
    """Add the bot subcommands to the `corpusbot` parser (filled in by the bot)."""
