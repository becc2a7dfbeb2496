"""The process that builds the index for the bot: `python -P -m bot.build_worker`.

The bot's /reindex and /add run every build in this child process (bot.reindex starts it):
the build's CPU work then never holds the bot's interpreter, so questions are answered at
full speed meanwhile, and a build that crashes or runs out of memory cannot take the bot
down. The contract with bot.reindex:

- arguments: --content DIR --index DIR [--full];
- stderr: progress and error lines of bot.progress (JSON); a traceback as it is;
- stdout: the build report, as `corpusbot index --json` prints it; exit status 0;
- stdin: a pipe the parent never writes to. When it closes, the parent is gone (a bot killed
  with SIGKILL included) and the build stops at once, without committing: no orphan holds
  the build lock, and the index keeps its last complete state (see index.store).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bot import jsonout
from bot.progress import JsonProgress, error_line
from index.build import build_index
from index.errors import CorpusError

# Test-only: a path; after writing its first article the build waits until that file exists,
# so tests can act in the middle of a build (ask questions, kill the bot). Never set it in
# production.
GATE_ENV = "CORPUSBOT_TEST_BUILD_GATE"
ORPHANED = 3  # exit status when the parent went away


BUILD_NICENESS = 10


def _exit_with_parent() -> None:
    """Exit as soon as stdin, a pipe from the parent, reaches end of file."""
    try:
        piped = stat.S_ISFIFO(os.fstat(0).st_mode)
    except OSError:
        return
    if not piped:
        return

    def watch() -> None:
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        os._exit(ORPHANED)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _Gated(JsonProgress):
    def __init__(self, gate: Path) -> None:
        super().__init__(sys.stderr)
        self.gate = gate

    def __call__(self, done: int, total: int, article_id: str) -> None:
        super().__call__(done, total, article_id)
        while not self.gate.exists():
            time.sleep(0.02)


def main(argv: Sequence[str] | None = None) -> int:
    """Build, report, exit (1 with an error line on stderr when the build failed)."""
    parser = argparse.ArgumentParser(prog="python -m bot.build_worker")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--only", action="append", help="look at this article id alone")
    args = parser.parse_args(argv)
    _exit_with_parent()
    # Background work: the bot's answers come first on a small machine (the build's own
    # worker processes inherit this, and lower themselves a little more).
    with contextlib.suppress(OSError):
        os.nice(BUILD_NICENESS)
    gate = os.environ.get(GATE_ENV)
    progress = _Gated(Path(gate)) if gate else JsonProgress(sys.stderr)
    try:
        # index.build alone: not index.corpus, whose answering half (numpy, the ranking
        # model) would double the worker's start.
        report = build_index(
            Path(args.content), Path(args.index), full=args.full, progress=progress, only=args.only
        )
    except CorpusError as error:
        print(error_line(str(error)), file=sys.stderr, flush=True)
        return 1
    print(json.dumps(jsonout.build_json(report), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
