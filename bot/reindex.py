"""Running a build of the index in a child process, from the bot's event loop.

`run_build` starts `python -P -m bot.build_worker` (see there for the contract), passes its
progress on as it comes, and returns the BuildReport it printed. The bot process keeps
answering from the index as it was (Whoosh commits are atomic, full builds switch a new
generation in when complete), and picks up the new one at the next question.

Why a process and not a thread: a build is CPU-bound Python; in a thread it shares the
bot's interpreter lock, so every question answered meanwhile waits for it, and a build that
crashes the interpreter or exhausts memory would take the bot down. A child costs ~0.4 s of
start-up per build and nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.config import TOKEN_ENV
from bot.progress import BuildProgress, read_line
from index.models import BuildReport, SkippedFile

log = logging.getLogger(__name__)

STOP_GRACE = 5.0  # seconds a cancelled build gets to stop after SIGTERM before SIGKILL
LINE_LIMIT = 1 << 20  # longest stderr/stdout line read from the build


class BuildFailed(Exception):
    """The build did not complete; the message says why in one line."""


def worker_command(
    content: Path, index: Path, *, full: bool, only: Sequence[str] | None = None
) -> list[str]:
    """The command line of the build process.

    `-P`: the working directory is not put on the child's sys.path, so a `yaml.py` there
    does not run, and an index kept in `./index` does not shadow the index package.
    """
    command = [sys.executable, "-P", "-m", "bot.build_worker"]
    command += ["--content", str(content.resolve()), "--index", str(index.resolve())]
    for article_id in only or ():
        command += ["--only", article_id]
    return [*command, "--full"] if full else command


async def run_build(
    content: Path,
    index: Path,
    *,
    full: bool = False,
    on_progress: Callable[[BuildProgress], None] | None = None,
    only: Sequence[str] | None = None,
) -> BuildReport:
    """Build or update the index in a child process; raises BuildFailed with the reason.

    Cancelling it stops the child (SIGTERM, then SIGKILL): the index keeps its last
    complete state.
    """
    env = {name: value for name, value in os.environ.items() if name != TOKEN_ENV}
    process = await asyncio.create_subprocess_exec(
        *worker_command(content, index, full=full, only=only),
        stdin=asyncio.subprocess.PIPE,  # closes when this process dies: the child stops
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        limit=LINE_LIMIT,
    )
    assert process.stdout is not None and process.stderr is not None
    output = asyncio.create_task(process.stdout.read())
    try:
        error, other = await _follow(process.stderr, on_progress)
        out = await output
        code = await process.wait()
    except BaseException:
        output.cancel()
        await _stop(process)
        raise
    finally:
        if process.stdin is not None:
            process.stdin.close()
    if code != 0:
        if other:
            log.warning("the build exited with status %d:\n%s", code, "\n".join(other))
        reason = error or (other[-1] if other else f"the build process exited with {code}")
        raise BuildFailed(reason)
    try:
        return report_from_json(json.loads(out))
    except (ValueError, KeyError, TypeError) as failure:
        raise BuildFailed(f"the build printed no report ({failure})") from None


async def _follow(
    stream: asyncio.StreamReader, on_progress: Callable[[BuildProgress], None] | None
) -> tuple[str | None, list[str]]:
    """Read the build's stderr to its end: (its error message, the other lines' tail)."""
    error: str | None = None
    other: deque[str] = deque(maxlen=30)
    while True:
        try:
            raw = await stream.readline()
        except ValueError:  # a line over LINE_LIMIT: skip it
            continue
        if not raw:
            return error, list(other)
        line = raw.decode("utf-8", "replace").rstrip()
        item = read_line(line)
        if isinstance(item, BuildProgress):
            if on_progress is not None:
                on_progress(item)
        elif isinstance(item, str):
            error = item
        elif line:
            other.append(line)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(asyncio.shield(process.wait()), STOP_GRACE)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def report_from_json(data: dict[str, Any]) -> BuildReport:
    """The BuildReport that `corpusbot index --json` printed (see bot.jsonout.build_json)."""
    return BuildReport(
        full=bool(data["full"]),
        added=tuple(data["added"]),
        updated=tuple(data["updated"]),
        removed=tuple(data["removed"]),
        unchanged=tuple(data["unchanged"]),
        skipped=tuple(SkippedFile(s["path"], s["reason"]) for s in data["skipped"]),
        seconds=float(data["seconds"]),
        generation=str(data["generation"]),
        passages=int(data["passages"]),
    )
