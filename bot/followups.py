"""What a chat's next question may lean on: its recent questions, as they were read.

Held in memory only (PTB's chat_data for Telegram, the session for the terminal chat), never
written to disk: lost at a restart, dropped by /new, and replaced by every new question. How
a follow-up is read is index.followup's business; this module only remembers which question
came last, and which question each of the bot's answers answered, for `followups.minutes`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from index.followup import Reading, read_follow_up

MEMORY_KEY = "corpusbot.followups"
CLOCK_KEY = "corpusbot.clock"  # bot_data: the clock of the follow-up window (tests set one)
ANSWERS_KEPT = 64  # answers of a chat whose question a reply to them can lean on

Clock = Callable[[], float]  # seconds, monotonic


@dataclass(frozen=True)
class Turn:
    """A question as it was read, and when."""

    reading: str
    at: float


@dataclass
class ChatMemory:
    """One chat's last question, and the question of each of the bot's recent answers."""

    last: Turn | None = None
    answers: OrderedDict[int, Turn] = field(default_factory=OrderedDict)

    def previous(
        self, now: float, window: float, *, replying_to: int | None, private: bool
    ) -> str | None:
        """The question a new one may lean on: the one answered by the message it replies
        to, else (in a private chat) the last one; None when older than `window` seconds."""
        turn = self.answers.get(replying_to) if replying_to is not None else None
        if turn is None and private:
            turn = self.last
        if turn is None or window <= 0 or now - turn.at > window:
            return None
        return turn.reading

    def read(
        self,
        question: str,
        now: float,
        window: float,
        *,
        replying_to: int | None = None,
        private: bool = True,
    ) -> Reading:
        """`question` read on its own or with the question it leans on (index.followup)."""
        previous = self.previous(now, window, replying_to=replying_to, private=private)
        return read_follow_up(question, previous)

    def remember(self, reading: str, now: float, answers: Iterable[int] = ()) -> None:
        """`reading` is now the last question; `answers` are the messages that answer it."""
        turn = Turn(reading, now)
        self.last = turn
        for message_id in answers:
            self.answers[message_id] = turn
            self.answers.move_to_end(message_id)
        while len(self.answers) > ANSWERS_KEPT:
            self.answers.popitem(last=False)

    def forget(self) -> None:
        """/new: nothing to lean on any more."""
        self.last = None
        self.answers.clear()


def clock_of(bot_data: MutableMapping[Any, Any]) -> Clock:
    """The application's clock for the follow-up window (time.monotonic unless a test set
    one in bot_data)."""
    clock = bot_data.get(CLOCK_KEY)
    return clock if callable(clock) else time.monotonic


def memory_of(chat_data: MutableMapping[Any, Any] | None) -> ChatMemory:
    """The follow-up memory of a chat (created at first use); a throwaway one when the
    update has no chat (it then remembers nothing that lasts)."""
    if chat_data is None:
        return ChatMemory()
    memory = chat_data.get(MEMORY_KEY)
    if not isinstance(memory, ChatMemory):
        memory = chat_data[MEMORY_KEY] = ChatMemory()
    return memory
