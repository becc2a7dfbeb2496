"""👍 / 👎 under answers: counted once per reader and answer, and the questions readers missed.

The buttons carry no state (bot.callbacks: the vote, the question's key, the page). What
makes "pressing twice counts once" work is a memory of who voted on what: a bounded map
from a digest of (reader, chat, message, page) to the vote, in memory only. Pressing the
same button again changes nothing; pressing the other one moves the vote. After a restart
(or once VOTERS_KEPT later votes have pushed it out) an old vote is forgotten, and a new press
on that old answer counts again: counts are "since start", like /stats's other figures.

With `feedback.keep_questions`, questions that got 👎 or no answer are kept with the
passages given (bot.feedback_store) for /feedback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot.feedback_store import KeptPassage, KeptQuestion, KeptQuestions, Reason
from index.models import Passage

FEEDBACK_KEY = "corpusbot.feedback"
VOTERS_KEPT = 100_000

Outcome = Literal["counted", "changed", "again"]


@dataclass(frozen=True)
class Votes:
    """👍 and 👎 counted since start."""

    up: int = 0
    down: int = 0

    @property
    def total(self) -> int:
        """All votes."""
        return self.up + self.down

    @property
    def down_share(self) -> float:
        """The share of 👎 among the votes (0 when there are none)."""
        return self.down / self.total if self.total else 0.0


class Feedback:
    """The votes of one running bot, and the kept questions when keeping is on."""

    def __init__(
        self, kept: KeptQuestions | None = None, today: Callable[[], dt.date] | None = None
    ) -> None:
        self.kept = kept
        self._today = today or (lambda: dt.datetime.now(dt.UTC).date())
        self._voters: OrderedDict[bytes, bool] = OrderedDict()
        self._up = 0
        self._down = 0

    @property
    def keeping(self) -> bool:
        """True when questions are kept (`feedback.keep_questions`)."""
        return self.kept is not None

    def vote(self, voter: str, up: bool) -> Outcome:
        """Count `voter`'s vote: "counted" (new), "changed" (the other button before), or
        "again" (the same button again: nothing changes). `voter` names the reader and the
        answer (it is kept only as a digest)."""
        key = hashlib.sha256(voter.encode("utf-8")).digest()[:16]
        before = self._voters.get(key)
        if before is not None and before == up:
            return "again"
        if before is not None:
            self._count(before, -1)
        self._count(up, 1)
        self._voters[key] = up
        self._voters.move_to_end(key)
        while len(self._voters) > VOTERS_KEPT:
            self._voters.popitem(last=False)
        return "changed" if before is not None else "counted"

    def _count(self, up: bool, step: int) -> None:
        if up:
            self._up += step
        else:
            self._down += step

    def votes(self) -> Votes:
        """The counts since start."""
        return Votes(self._up, self._down)

    async def keep(self, question: str, reason: Reason, passages: Sequence[Passage]) -> None:
        """Keep a missed question with the passages given (nothing when keeping is off)."""
        if self.kept is None:
            return
        entry = KeptQuestion(
            question=question,
            reason=reason,
            day=self._today(),
            passages=tuple(KeptPassage(p.article_id, p.quote) for p in passages),
        )
        await asyncio.to_thread(self.kept.add, entry)

    def kept_questions(self) -> list[KeptQuestion]:
        """The kept questions, newest first (none when keeping is off)."""
        return self.kept.newest_first() if self.kept is not None else []


class _HasBotData(Protocol):
    @property
    def bot_data(self) -> Any: ...


def feedback_of(holder: _HasBotData) -> Feedback:
    """The feedback of the application (from a handler's context or the app itself)."""
    feedback = holder.bot_data.get(FEEDBACK_KEY)
    if not isinstance(feedback, Feedback):
        raise RuntimeError("no feedback in bot_data: build the app with build_application")
    return feedback
