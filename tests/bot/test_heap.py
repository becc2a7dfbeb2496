"""The running bot freezes its heap (bot.heap): once the index is open, at each switch to a
new generation, after each full collection; and undoes it all when it stops."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Secret, TelegramSettings
from bot.heap import FULL_EVERY, frozen_while_serving
from index.build import build_index
from index.corpus import Corpus
from tests.bot.conftest import TOKEN, make_settings
from tests.index.corpus_files import article, write
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import running


def _frozen(thing: object) -> bool:
    """True when the collector tracks `thing` but no generation holds it: it is frozen."""
    return gc.is_tracked(thing) and not any(o is thing for o in gc.get_objects())


def _tiny_corpus(root: Path, word: str) -> Corpus:
    content = root / "content"
    write(content, "a.md", article("Harbour", f"The {word} harbour opened in 1907."))
    build_index(content, root / "index", full=True)
    return Corpus(content, root / "index")


def test_the_heap_is_frozen_after_opening_and_after_a_switch(tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path, "old")
    thresholds = gc.get_threshold()
    with frozen_while_serving(corpus):
        assert gc.get_threshold() == (*thresholds[:2], FULL_EVERY)
        corpus.stats()
        first = corpus._live
        assert gc.get_freeze_count() > 0 and _frozen(first)
        write(corpus.content_dir, "a.md", article("Harbour", "The new harbour opened in 1907."))
        corpus.build(full=True)
        found = corpus.article("a.md")  # read from the new generation, opened on the way
        assert found is not None and "new" in found.body
        assert corpus._live is not first and _frozen(corpus._live)
        kept = [[]]  # survives a full pass, so frozen after it
        gc.collect()
        assert _frozen(kept)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == thresholds
    assert corpus.on_open is None
    corpus.close()


async def test_the_running_bot_freezes_its_heap_until_it_stops(
    tmp_path: Path, fake_bot_api: FakeBotApi
) -> None:
    corpus = _tiny_corpus(tmp_path, "old")
    telegram = TelegramSettings(
        token=Secret(TOKEN),
        base_url=fake_bot_api.base_url,
        base_file_url=fake_bot_api.base_file_url,
    )
    app = build_application(replace(make_settings(corpus), telegram=telegram), corpus)
    async with running(app, None, secret="s", allowed_updates=ALLOWED_UPDATES):
        assert corpus.on_open is not None
        assert corpus._live is not None and _frozen(corpus._live)  # opened in post_init
    assert gc.get_freeze_count() == 0 and corpus.on_open is None
    corpus.close()
