"""The running bot's heap and CPython's cyclic garbage collector.

The bot keeps much alive for long: its modules, the open index, and per generation of the
index the cached article records and analysed sentences (a frozenset of terms each, tens of
thousands of them). Each full (generation-2) pass of the collector walks every tracked object,
holding the interpreter lock: 90-500 ms at 1,000 articles, every one a stall of the event loop
(`python -m bench.bot --gc-pauses`). So, while the bot runs, what has survived is frozen
(gc.freeze): once the index is open, after every switch to a new generation or commit, and
after every full pass. A full pass then walks only what came since, and comes every
FULL_EVERY young passes, so that this stays little (10-50 ms at 1,000 articles).

Frozen objects are still freed as soon as nothing refers to them: a generation's caches and
searcher hold no reference cycles and go with the generation (nothing of it is left for the
collector). What a frozen object cannot be is collected as part of a cycle: a cycle alive at
a freeze (a request in flight, say) and dropped later stays. bench.bot --gc-pauses measures
it: ~200 objects after 290 questions at 1,000 articles, ~1,000 after a /reindex full with
2,500 more. Thawing to free them would cost a full pass over everything (100-300 ms): a
restart frees them too.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

from index.corpus import Corpus

FULL_EVERY = 3  # generation-1 passes between full ones (CPython's default: 10)


def settle() -> None:
    """Collect the garbage (frozen objects apart) and freeze what survives."""
    gc.collect()
    gc.freeze()


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """A gc callback: after a full pass, its survivors are frozen (it has just found them
    reachable), so that the next full pass need not walk them again."""
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


@contextlib.contextmanager
def frozen_while_serving(corpus: Corpus | None) -> Iterator[None]:
    """The collector's settings for a serving process, undone at the end: the heap settles
    (collected, then frozen) each time `corpus` opens a generation or commit of its index,
    and after each full pass, which comes every FULL_EVERY young (generation-1) passes."""
    if corpus is not None:
        corpus.on_open = settle
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], FULL_EVERY)
    gc.callbacks.append(_freeze_survivors)
    settle()
    try:
        yield
    finally:
        gc.callbacks.remove(_freeze_survivors)
        gc.set_threshold(*thresholds)
        if corpus is not None:
            corpus.on_open = None
        gc.unfreeze()
