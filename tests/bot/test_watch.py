"""Watched content/: a file added, changed or removed while the bot runs is in the answers
within 2 s, through the build process and generation switch of /reindex; bursts are one
update; a bad file is told to the admins once; the bot's own writes are not built twice."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from watchfiles import Change

from bot import watch
from bot.config import load_settings
from bot.updates import IndexUpdates, index_updates
from bot.watch import changed_articles
from tests.bot.conftest import ADMIN
from tests.bot.live import Live, live_bot
from tests.support.fake_bot_api import FakeBotApi

QUOKKA = "Where was the quokka summit held?"
ARTICLE = """---
title: "The quokka summit"
published: 2021-06-01
---
The quokka summit of 2021 was held on {place} and agreed on nothing at all.
"""
NOT_SAID = "The corpus does not say."
ANSWER_WITHIN = 2.0  # seconds from a change in content/ to the answer


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher's thread wakes often, so tests know at once that it watches."""
    monkeypatch.setattr(watch, "WAKE_MS", 100)


@pytest.fixture(params=[("polling", "on"), ("webhook", "on"), ("polling", "polling")])
async def live(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    fake_bot_api: FakeBotApi,
) -> AsyncIterator[Live]:
    """The bot watching content/ (inotify or polling), by long polling or webhook."""
    mode, watching = request.param
    async with live_bot(
        tmp_path, seed_index, fake_bot_api, mode, lambda s: replace(s, watch=watching)
    ) as bot:
        await asyncio.wait_for(index_updates(bot.app).watching.wait(), 5)
        yield bot


async def updated(updates: IndexUpdates, count: int, within: float) -> float:
    """Wait until `count` background updates are done; the seconds it took."""
    started = time.monotonic()
    while updates.updated < count:
        assert time.monotonic() - started < within, f"{updates.updated} of {count} updates"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_a_file_dropped_changed_and_removed_is_in_the_answers_within_2_s(
    live: Live,
) -> None:
    updates = index_updates(live.app)
    content = live.corpus.content_dir
    assert await live.ask(QUOKKA) == NOT_SAID

    (content / "quokka.md").write_text(ARTICLE.format(place="Rottnest Island"))
    assert await updated(updates, 1, ANSWER_WITHIN) < ANSWER_WITHIN
    assert "Rottnest Island" in await live.ask(QUOKKA)

    (content / "quokka.md").write_text(ARTICLE.format(place="Penguin Island"))
    assert await updated(updates, 2, ANSWER_WITHIN) < ANSWER_WITHIN
    assert "Penguin Island" in await live.ask(QUOKKA)

    (content / "quokka.md").unlink()
    assert await updated(updates, 3, ANSWER_WITHIN) < ANSWER_WITHIN
    assert await live.ask(QUOKKA) == NOT_SAID
    assert live.admin_messages() == []  # nothing to report


async def test_a_file_written_twice_within_a_second_is_answered_in_its_last_version(
    live: Live,
) -> None:
    updates = index_updates(live.app)
    quokka = live.corpus.content_dir / "quokka.md"
    quokka.write_text(ARTICLE.format(place="Rottnest Island"))
    await updated(updates, 1, ANSWER_WITHIN)
    await asyncio.sleep(1.02 - time.time() % 1)  # the start of a second: both writes in it
    quokka.write_text(ARTICLE.format(place="Penguin Island"))
    await asyncio.sleep(0.6)  # after the first write was handed on, when polling
    quokka.write_text(ARTICLE.format(place="Garden Island"))
    await updated(updates, 2, ANSWER_WITHIN)  # the last write may be a third update
    deadline = time.monotonic() + ANSWER_WITHIN
    while "Garden Island" not in (answer := await live.ask(QUOKKA)):
        assert time.monotonic() < deadline, answer
        await asyncio.sleep(0.1)


async def test_a_burst_of_changes_is_one_update(live: Live) -> None:
    updates = index_updates(live.app)
    folder = live.corpus.content_dir / "burst"
    folder.mkdir()
    for number in range(5):
        text = ARTICLE.format(place=f"island number {number}").replace("quokka", f"q{number}")
        (folder / f"q{number}.md").write_text(text)
    await updated(updates, 1, ANSWER_WITHIN * 2)
    report = updates.last_report
    assert report is not None and len(report.added) == 5
    assert updates.updated == 1


async def test_a_bad_file_is_told_to_the_admins_once_and_skipped(live: Live) -> None:
    updates = index_updates(live.app)
    content = live.corpus.content_dir
    (content / "draft.md").write_text("no front matter at all")
    await updated(updates, 1, ANSWER_WITHIN)
    await live.fake.await_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert live.admin_messages() == [
        "❌ Changed in content/ but not indexed:\n"
        "• draft.md: no title: add front matter with a 'title:' line"
    ]
    (content / "draft.md").write_text("still no front matter")  # the same reason: not again
    await updated(updates, 2, ANSWER_WITHIN)
    assert len(live.admin_messages()) == 1
    # The rest of the corpus answers all along.
    assert "In 2011" in await live.ask("When did Azerbaijan join the Non-Aligned Movement?")
    (content / "draft.md").write_text(ARTICLE.format(place="Garden Island"))
    await updated(updates, 3, ANSWER_WITHIN)
    assert "Garden Island" in await live.ask(QUOKKA)
    assert len(live.admin_messages()) == 1


async def test_the_bots_own_add_is_not_built_again(live: Live) -> None:
    updates = index_updates(live.app)
    fake = live.fake
    data = ARTICLE.format(place="Rottnest Island").encode()
    added = fake.document_message("quokka.md", data, caption="/add", user_id=ADMIN)
    assert (await live.reply_to(added)).startswith("Saved quokka.md")
    await live.edited(lambda t: t.startswith("✅ Added quokka.md"))
    # A change by other means after it: the one background update, of that file alone.
    (live.corpus.content_dir / "other.md").write_text(
        ARTICLE.format(place="Penguin Island").replace("quokka", "wombat")
    )
    await updated(updates, 1, ANSWER_WITHIN)
    assert updates.last_report is not None
    assert updates.last_report.added == ("other.md",)
    assert updates.updated == 1


def test_changes_become_article_ids(tmp_path: Path) -> None:
    root = tmp_path
    (root / "folder").mkdir()
    (root / "notes.pdf").write_bytes(b"%PDF")

    def ids(*paths: str) -> set[str] | None:
        return changed_articles(root, [(Change.modified, str(root / p)) for p in paths])

    assert ids("a.md", "sub/b.TXT", "notes.pdf") == {"a.md", "sub/b.TXT"}
    assert ids(".a.md.123.tmp", ".git/x.md", "aliases.yaml") == set()
    assert ids("folder") is None  # a directory: look at everything
    assert ids("gone-folder") is None  # removed, no suffix: a directory that was
    assert changed_articles(root, [(Change.deleted, str(root))]) is None
    assert changed_articles(root, [(Change.added, "/elsewhere/a.md")]) == set()


def test_a_snapshot_tells_a_rewrite_within_the_same_second(tmp_path: Path) -> None:
    article = tmp_path / "sub" / "a.md"
    article.parent.mkdir()
    article.write_text("first")
    (tmp_path / ".a.md.tmp").write_text("hidden")
    before = watch.content_snapshot(tmp_path)
    assert set(before) == {str(tmp_path / "sub"), str(article)}
    first = article.stat().st_mtime_ns
    article.write_text("second")
    os.utime(article, ns=(first + 1000, first + 1000))  # the same whole second, or nearly
    after = watch.content_snapshot(tmp_path)
    assert watch.snapshot_changes(before, after) == {(Change.modified, str(article))}
    article.unlink()
    (tmp_path / "b.md").write_text("new")
    assert watch.snapshot_changes(after, watch.content_snapshot(tmp_path)) == {
        (Change.deleted, str(article)),
        (Change.added, str(tmp_path / "b.md")),
    }


def test_watch_setting(tmp_path: Path) -> None:
    assert load_settings(environ={}).watch == "on"
    for value, expected in (("false", "off"), ("polling", "polling"), ("yes", "on")):
        assert load_settings(environ={"CORPUSBOT_WATCH": value}).watch == expected
    config = tmp_path / "config.yaml"
    config.write_text("watch: false\n")
    assert load_settings(config, environ={}).watch == "off"
