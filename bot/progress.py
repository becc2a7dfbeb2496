"""Build progress as JSON lines: what `corpusbot index --progress-json` writes to stderr.

One JSON object per line, so another process (the bot's /reindex, any tool) can follow a
build without parsing prose:

    {"event": "progress", "done": 120, "total": 5000, "article": "2020/summit.md"}
    {"event": "error", "message": "another build is running (pid 12, ...); wait ..."}

`done` counts the articles written so far out of `total` (the articles this build writes:
all of them for a full build, the added and changed ones for an incremental one). Lines are
written at most every `every` seconds, plus the last one (done == total). Anything else on
stderr (a traceback) is not JSON and is reported as it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True)
class BuildProgress:
    """Articles written so far out of the articles this build writes."""

    done: int
    total: int
    article: str = ""

    @property
    def percent(self) -> int:
        """Whole per cent done (0 when nothing is to be written)."""
        return self.done * 100 // self.total if self.total else 0


class JsonProgress:
    """A `progress(done, total, article_id)` callback for Corpus.build writing JSON lines."""

    def __init__(
        self,
        stream: TextIO,
        every: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.every = every
        self.clock = clock
        self.last = -every

    def __call__(self, done: int, total: int, article_id: str) -> None:
        now = self.clock()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        line = {"event": "progress", "done": done, "total": total, "article": article_id}
        print(json.dumps(line, ensure_ascii=False), file=self.stream, flush=True)


def error_line(message: str) -> str:
    """The line that reports a build error the user can fix."""
    return json.dumps({"event": "error", "message": message}, ensure_ascii=False)


def read_line(line: str) -> BuildProgress | str | None:
    """A progress line as BuildProgress, an error line as its message, anything else None."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("event") == "error" and isinstance(data.get("message"), str):
        return str(data["message"])
    done, total = data.get("done"), data.get("total")
    if data.get("event") != "progress" or not isinstance(done, int) or not isinstance(total, int):
        return None
    return BuildProgress(done, total, str(data.get("article") or ""))
