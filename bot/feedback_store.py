"""The questions readers missed: the last ones that got 👎 or no answer, in a small JSON file.

Only with `feedback.keep_questions: true` (a privacy choice, off by default). Each entry is
the question as the bot read it, why it is kept, the day, and the passages the bot gave
(article id and quoted text): never a user id, a chat id or a name. The file sits beside the
index directory (`var/feedback.json` for `var/index`), holds at most MAX_KEPT entries (the
oldest go first) and is replaced atomically (a temporary file, then os.replace), so a crash
leaves the old list or the new one, and the list survives restarts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from index.store import write_atomically

log = logging.getLogger(__name__)

MAX_KEPT = 200
FILE_NAME = "feedback.json"
QUESTION_MAX = 1000  # characters of a question kept
QUOTE_MAX = 2000  # characters of a quote kept

Reason = Literal["down", "unanswered"]


@dataclass(frozen=True)
class KeptPassage:
    """A passage the bot gave: which article, what it quoted."""

    article_id: str
    quote: str


@dataclass(frozen=True)
class KeptQuestion:
    """A question a reader missed an answer to."""

    question: str
    reason: Reason  # "down": a reader pressed 👎; "unanswered": the corpus did not say
    day: dt.date
    passages: tuple[KeptPassage, ...] = ()


def feedback_path(index_dir: Path) -> Path:
    """Where the kept questions of the index at `index_dir` live: beside it."""
    return Path(index_dir).parent / FILE_NAME


class KeptQuestions:
    """The last MAX_KEPT missed questions, in memory and in their file (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._entries: deque[KeptQuestion] = deque(_read(path), maxlen=MAX_KEPT)

    def add(self, entry: KeptQuestion) -> None:
        """Keep `entry` (the oldest goes beyond MAX_KEPT) and write the file. Blocking: call
        it in a worker thread. A write that fails is logged; the entry stays in memory."""
        with self._lock:
            self._entries.append(entry)
            text = json.dumps({"questions": [_record(e) for e in self._entries]}, indent=1)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(self.path, text + "\n")
            except OSError as error:
                log.warning("cannot write %s: %s", self.path, error)

    def newest_first(self) -> list[KeptQuestion]:
        """The kept questions, the newest first."""
        with self._lock:
            return list(reversed(self._entries))


def _record(entry: KeptQuestion) -> dict[str, Any]:
    return {
        "question": entry.question,
        "reason": entry.reason,
        "day": entry.day.isoformat(),
        "passages": [{"article_id": p.article_id, "quote": p.quote} for p in entry.passages],
    }


def _read(path: Path) -> list[KeptQuestion]:
    """The entries of the file; none when it is missing, and none (logged) when unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return [_entry(item) for item in data["questions"]][-MAX_KEPT:]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring unreadable %s: %s", path, error)
        return []


def _entry(item: dict[str, Any]) -> KeptQuestion:
    reason = item["reason"]
    if reason not in ("down", "unanswered"):
        raise ValueError(f"unknown reason {reason!r}")
    return KeptQuestion(
        question=str(item["question"])[:QUESTION_MAX],
        reason=reason,
        day=dt.date.fromisoformat(item["day"]),
        passages=_passages(item.get("passages") or []),
    )


def _passages(items: Sequence[dict[str, Any]]) -> tuple[KeptPassage, ...]:
    return tuple(KeptPassage(str(p["article_id"]), str(p["quote"])[:QUOTE_MAX]) for p in items)
