"""The per-user question limit: at most N questions in a sliding window of S seconds."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class QuestionLimit:
    """Counts questions per asker (a user id, or a chat id for channel posts)."""

    def __init__(
        self, questions: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.questions = questions  # 0: unlimited
        self.seconds = seconds
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def wait(self, asker: int) -> int:
        """0 and the question is counted, or the whole seconds to wait before asking again."""
        if self.questions <= 0:
            return 0
        now = self._clock()
        if len(self._asked) > 10_000:
            self._forget(now)
        asked = self._asked.setdefault(asker, deque())
        while asked and asked[0] <= now - self.seconds:
            asked.popleft()
        if len(asked) < self.questions:
            asked.append(now)
            self._warned.pop(asker, None)
            return 0
        return max(1, math.ceil(asked[0] + self.seconds - now))

    def should_warn(self, asker: int) -> bool:
        """True the first time an asker is over the limit in a window (warn once only)."""
        now = self._clock()
        last = self._warned.get(asker)
        if last is not None and now - last < self.seconds:
            return False
        self._warned[asker] = now
        return True

    def _forget(self, now: float) -> None:
        for asker in [a for a, t in self._warned.items() if now - t >= self.seconds]:
            del self._warned[asker]
        for asker in [a for a, q in self._asked.items() if not q or q[-1] <= now - self.seconds]:
            del self._asked[asker]
