"""/feed through the real application: add, list and remove for admins, a refusal for
everyone else, and feed items imported end to end (polling and webhook) once, across a
restart. Feeds and pages come from a server on 127.0.0.1 (fetch.allow_private here)."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.config import FeedSettings, FetchSettings, Settings
from bot.feeds import feeds_of
from bot.handlers import feeds as feed_handlers
from bot.handlers.feeds import POLL_JOB
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, Harness, make_settings, open_harness
from tests.bot.live import Live, live_bot
from tests.bot.pages import PAGE, Pages, Route, serving
from tests.support.fake_bot_api import FakeBotApi
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

STRANGER = 777
GROUP = -1001234567890
WOMBAT = "Where was the wombat summit held?"
NOT_SAID = "The corpus does not say."
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wombat &amp; Weekly</title><link>{base}/</link>
<item><title>The wombat summit</title><link>{base}/wombat</link>
<guid isPermaLink="false">wombat-1</guid></item>
<item><title>A page that is gone</title><link>{base}/gone</link></item>
</channel></rss>"""
BAD = """<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title>
<item><title>Empty page</title><link>{base}/empty</link><guid>e-1</guid></item>
</channel></rss>"""
FETCH = FetchSettings(allow_private=True, timeout_seconds=5)


@pytest.fixture(autouse=True)
def _no_timed_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """Polls run when a test says so, never on their own during a test."""
    monkeypatch.setattr(feed_handlers, "FIRST_POLL", 3600.0)


@pytest.fixture
def pages() -> Iterator[Pages]:
    with serving({}) as running:
        running.routes.update(
            {
                "/feed.xml": Route(
                    body=RSS.format(base=running.url("")).encode(),
                    content_type="application/rss+xml; charset=utf-8",
                ),
                "/wombat": Route(body=PAGE),
                "/not-a-feed": Route(body=b"<html><body><p>Hello.</p></body></html>"),
                "/bad.xml": Route(
                    body=BAD.format(base=running.url("")).encode(), content_type="text/xml"
                ),
                "/empty": Route(body=b"<html><head><title>E</title></head><body></body></html>"),
            }
        )
        yield running


def _text(call: Any) -> str:
    return parse_html(call["text"]).text


async def _harness(
    tmp_path: Path, seed_index: tuple[Path, Path], rec: RecordingRequest, **changes: Any
) -> AsyncIterator[Harness]:
    shutil.copytree(seed_index[0], tmp_path / "content")
    shutil.copytree(seed_index[1], tmp_path / "index", ignore=shutil.ignore_patterns("build.lock"))
    corpus = Corpus(tmp_path / "content", tmp_path / "index")
    harness = await open_harness(make_settings(corpus, fetch=FETCH, **changes), corpus, rec)
    app = harness.app
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        yield harness
        await app.post_stop(app)  # type: ignore[misc]
        await app.post_shutdown(app)  # type: ignore[misc]
    assert harness.errors == []
    assert [(c.method, c.error) for c in rec.errors()] == []


@pytest.fixture
async def feed_bot(
    tmp_path: Path, seed_index: tuple[Path, Path], recording_request: RecordingRequest
) -> AsyncIterator[Harness]:
    """The application on its own copy of the seed corpus."""
    async for harness in _harness(tmp_path, seed_index, recording_request):
        yield harness


async def _say(bot: Harness, text: str, user_id: int = ADMIN) -> str:
    before = len(bot.rec.calls("sendMessage"))
    await bot.send(bot.rec.private_message(text, user_id=user_id))
    calls = bot.rec.calls("sendMessage")[before:]
    return "\n--\n".join(_text(c) for c in calls)


async def test_feed_add_list_and_remove(feed_bot: Harness, pages: Pages, tmp_path: Path) -> None:
    url = pages.url("/feed.xml")
    assert await _say(feed_bot, "/feed list") == (
        "📰 Feeds\nNo feeds yet. /feed add <url> subscribes to an RSS or Atom feed."
    )
    assert await _say(feed_bot, f"/feed add {url}") == (
        f"✅ Subscribed to “Wombat & Weekly” ({url}), 2 items in it now. I import its new "
        "items now, then every 30 minutes."
    )
    feeds = feeds_of(feed_bot.app)
    assert feeds.background is not None
    before = len(feed_bot.rec.calls("sendMessage"))
    await feeds.background
    # The page that is gone is told to the admins, once; the other one is in the corpus.
    told = [_text(c) for c in feed_bot.rec.calls("sendMessage")[before:]]
    assert told == [
        "❌ From feed Wombat & Weekly, “A page that is gone” was not imported: the server "
        "answered 404. It is not tried again; /add <link> imports it by hand."
    ]
    assert (tmp_path / "content" / "the-wombat-summit.md").exists()
    listed = await _say(feed_bot, "/feed list")
    assert listed.startswith(
        "📰 Feeds\nNew items are imported every 30 minutes.\n\n"
        f"1. Wombat & Weekly\n{url}\nchecked "
    )
    assert listed.endswith(" UTC · 1 article imported")

    assert await _say(feed_bot, f"/feed add {url}") == (
        f"{url} is a feed already (number 1 in /feed list)."
    )
    assert await _say(feed_bot, "/feed remove 2") == (
        "There is no feed number 2; /feed list shows them. Nothing was removed."
    )
    assert await _say(feed_bot, "/feed remove") == (
        "Send the feed's number from /feed list, e.g. /feed remove 1."
    )
    assert await _say(feed_bot, "/feed remove 1") == (
        f"✅ Unsubscribed from {url}. Its articles stay in the corpus (/remove takes one out)."
    )
    assert await _say(feed_bot, "/feed list") == (
        "📰 Feeds\nNo feeds yet. /feed add <url> subscribes to an RSS or Atom feed."
    )
    state = json.loads((tmp_path / "feeds.json").read_text())
    assert state["subscribed"] == []
    assert state["feeds"][url]["ids"] == ["wombat-1"]  # kept: adding it again imports only new
    assert state["feeds"][url]["links"] == [pages.url("/gone"), pages.url("/wombat")]


async def test_an_item_that_is_not_an_article_is_told_once_and_not_tried_again(
    feed_bot: Harness, pages: Pages, tmp_path: Path
) -> None:
    await _say(feed_bot, f"/feed add {pages.url('/bad.xml')}")
    feeds = feeds_of(feed_bot.app)
    assert feeds.background is not None
    await feeds.background
    told = "❌ From feed Bad, “Empty page” was not imported: no article text found in the HTML"
    assert _text(feed_bot.rec.last("sendMessage")).startswith(told)
    before = len(feed_bot.rec.calls("sendMessage"))
    report = await feeds.poll()
    assert (report.imported, report.events) == ([], [])
    assert len(feed_bot.rec.calls("sendMessage")) == before
    assert [path for path, _ in pages.requests].count("/empty") == 1
    assert not list((tmp_path / "content").glob("e*.md"))


async def test_feed_add_refuses_what_is_not_a_feed(
    feed_bot: Harness, pages: Pages, tmp_path: Path
) -> None:
    page = pages.url("/not-a-feed")
    assert await _say(feed_bot, f"/feed add {page}") == (
        f"❌ Refused {page}: it is text/html, not an RSS or Atom feed. No feed was added."
    )
    assert await _say(feed_bot, "/feed add ftp://example.org/feed") == (
        "Refused ftp://example.org/feed: a feed is an http or https link. No feed was added."
    )
    assert await _say(feed_bot, "/feed subscribe") == (
        "/feed add <url> subscribes to an RSS or Atom feed, /feed list shows the feeds, "
        "/feed remove <number> unsubscribes from one."
    )
    assert not (tmp_path / "feeds.json").exists()
    assert feeds_of(feed_bot.app).urls() == []


async def test_a_configured_feed_is_listed_and_not_removed_by_command(
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    recording_request: RecordingRequest,
    pages: Pages,
) -> None:
    url = pages.url("/feed.xml")
    feeds = FeedSettings(urls=(url,), every_minutes=5)
    async for bot in _harness(tmp_path, seed_index, recording_request, feeds=feeds):
        (job,) = bot.app.job_queue.get_jobs_by_name(POLL_JOB)
        assert job.job.trigger.interval.total_seconds() == 300
        assert await _say(bot, "/feed") == (
            "📰 Feeds\nNew items are imported every 5 minutes.\n\n"
            f"1. {url}\nin the configuration · not checked yet · 0 articles imported"
        )
        assert await _say(bot, "/feed remove 1") == (
            f"Feed 1 ({url}) comes from the configuration (feeds.urls): remove it there. "
            "Nothing was removed."
        )


@pytest.mark.parametrize("chat", ["private", "group"])
async def test_others_may_not_use_feed(feed_bot: Harness, pages: Pages, chat: str) -> None:
    rec = feed_bot.rec
    url = pages.url("/feed.xml")
    update = (
        rec.private_message(f"/feed add {url}", user_id=STRANGER)
        if chat == "private"
        else rec.group_message(f"/feed add {url}", chat_id=GROUP, user_id=STRANGER)
    )
    await feed_bot.send(update)
    refused = _text(rec.last("sendMessage"))
    assert refused == "Sorry, /feed is only for the maintainers of this bot."
    assert feeds_of(feed_bot.app).urls() == []
    assert pages.requests == []


# -- end to end: the poll on the JobQueue, polling and webhook, across a restart ---------------


def _with_feed(url: str) -> Any:
    def change(settings: Settings) -> Settings:
        return replace(settings, fetch=FETCH, feeds=FeedSettings(urls=(url,)))

    return change


async def _poll(live: Live) -> None:
    """Run the scheduled poll once, as the JobQueue does, and wait for it."""
    assert live.app.job_queue is not None
    (job,) = live.app.job_queue.get_jobs_by_name(POLL_JOB)
    await job.run(live.app)
    background = feeds_of(live.app).background
    assert background is not None
    await background


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_feed_item_is_imported_answered_and_imported_once_across_a_restart(
    mode: str,
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    fake_bot_api: FakeBotApi,
    pages: Pages,
) -> None:
    change = _with_feed(pages.url("/feed.xml"))
    async with live_bot(tmp_path, seed_index, fake_bot_api, mode, change) as live:
        assert await live.ask(WOMBAT) == NOT_SAID
        await _poll(live)
        assert "Canberra" in await live.ask(WOMBAT)
        await _poll(live)  # nothing new
        told = live.admin_messages()
        files = sorted(p.name for p in live.corpus.content_dir.iterdir())
    assert [path for path, _ in pages.requests].count("/wombat") == 1
    assert len(told) == 1 and told[0].startswith("❌ From feed Wombat & Weekly, “A page that")
    assert "the-wombat-summit.md" in files

    # A new application over the same corpus, index and feeds.json.
    async with live_bot(tmp_path, seed_index, fake_bot_api, mode, change, copy=False) as restarted:
        await _poll(restarted)
        assert feeds_of(restarted.app).polls == 1
        assert "Canberra" in await restarted.ask(WOMBAT)
        assert restarted.admin_messages() == told  # the failed item is not told again
        assert sorted(p.name for p in restarted.corpus.content_dir.iterdir()) == files
    assert [path for path, _ in pages.requests].count("/wombat") == 1
    assert [path for path, _ in pages.requests].count("/feed.xml") == 3
