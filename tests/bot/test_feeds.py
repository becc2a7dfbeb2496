"""bot.feeds on its own: RSS and Atom read from bytes, items de-duplicated by id and by link,
the state file's round trip and atomic replacement, and a failing feed told once per streak.
Feeds come from a server on 127.0.0.1 (fetch.allow_private's policy in these tests)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from bot import feeds as feeds_module
from bot import render
from bot.config import ConfigError, FeedSettings, load_settings
from bot.feeds import (
    FeedEvent,
    FeedItem,
    FeedRecord,
    Feeds,
    FeedStore,
    FeedUnreadable,
    parse_feed,
    read_feed,
)
from bot.fetch import FetchPolicy
from bot.service import CorpusService
from bot.updates import IndexUpdates
from index.corpus import Corpus
from tests.bot.pages import Pages, Route, serving

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wombat &amp; Weekly</title><link>{base}/</link>
<item><title>The wombat summit</title><link>{base}/wombat</link>
<guid isPermaLink="false">wombat-1</guid></item>
<item><title>No guid here</title><link>/relative</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Quokka News</title><id>urn:feed</id>
<updated>2022-03-04T00:00:00Z</updated>
<entry><title>Quokkas &lt;rule&gt;</title><id>urn:uuid:1</id><link href="/quokka"/>
<updated>2022-03-04T00:00:00Z</updated></entry>
</feed>"""

EMPTY_RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>
</channel></rss>"""

POLICY = FetchPolicy(allow_private=True, timeout=5)


def test_rss_items_have_their_guid_and_link() -> None:
    feed = parse_feed(RSS.format(base="http://h.test").encode(), "http://h.test/feed.xml")
    assert feed.title == "Wombat & Weekly"
    assert feed.items == (
        FeedItem("wombat-1", "http://h.test/wombat", "The wombat summit"),
        FeedItem(None, "http://h.test/relative", "No guid here"),  # resolved against the feed
    )


def test_atom_entries_have_their_id_and_link() -> None:
    feed = parse_feed(ATOM.encode(), "https://q.test/atom.xml", "application/atom+xml")
    assert feed.title == "Quokka News"
    assert feed.items == (FeedItem("urn:uuid:1", "https://q.test/quokka", "Quokkas <rule>"),)


def test_what_is_not_a_feed_is_unreadable() -> None:
    with pytest.raises(FeedUnreadable, match="not an RSS or Atom feed"):
        parse_feed(b"no feed here, just words", "http://h.test/")


def test_feedparser_never_opens_what_the_bytes_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(RSS.format(base="http://h.test"))
    # Given a string, feedparser opens a file of that name (or fetches a URL); bytes in a
    # stream it only reads.
    with pytest.raises(FeedUnreadable):
        parse_feed(str(secret).encode(), "http://h.test/")


@pytest.fixture
def pages() -> Iterator[Pages]:
    with serving({}) as running:
        running.routes.update(
            {
                "/feed.xml": Route(
                    body=RSS.format(base=running.url("")).encode(),
                    content_type="application/rss+xml",
                ),
                "/as-text.xml": Route(body=ATOM.encode(), content_type="text/plain"),
                "/page": Route(body=b"<html><body><p>A page.</p></body></html>"),
                "/image": Route(body=b"\x89PNG", content_type="image/png"),
                "/broken": Route(status=500, body=b"oops"),
                "/quiet.xml": Route(body=EMPTY_RSS, content_type="text/xml"),
            }
        )
        yield running


def test_a_feed_is_fetched_by_the_guarded_fetcher(pages: Pages) -> None:
    feed = read_feed(pages.url("/feed.xml"), POLICY)
    assert [i.entry_id for i in feed.items] == ["wombat-1", None]
    # A feed served as text is read when it parses as one.
    assert read_feed(pages.url("/as-text.xml"), POLICY).title == "Quokka News"
    with pytest.raises(FeedUnreadable, match="it is text/html, not an RSS or Atom feed"):
        read_feed(pages.url("/page"), POLICY)
    # Private addresses stay refused without fetch.allow_private.
    with pytest.raises(Exception, match="a loopback address"):
        read_feed(pages.url("/feed.xml"), FetchPolicy())


def test_an_item_is_seen_by_its_id_or_by_its_link() -> None:
    record = FeedRecord()
    record.mark_seen(FeedItem("id-1", "https://h.test/a", "A"))
    assert record.seen(FeedItem("id-1", "https://h.test/moved", "A, moved"))
    assert record.seen(FeedItem("id-new", "https://h.test/a", "A, new id"))
    assert record.seen(FeedItem(None, "https://h.test/a", "A, no id"))
    assert not record.seen(FeedItem("id-2", "https://h.test/b", "B"))
    assert not record.seen(FeedItem(None, None, "nothing to know it by"))


def test_what_is_seen_is_bounded_but_keeps_what_is_in_the_feed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(feeds_module, "MAX_SEEN", 3)
    record = FeedRecord()
    items = [FeedItem(f"id-{n}", f"https://h.test/{n}", "") for n in range(6)]
    for item in items:
        record.mark_seen(item)
    record.trim([items[0]])  # the oldest is still in the feed
    assert record.ids == ["id-0", "id-3", "id-4", "id-5"]
    assert record.links == [f"https://h.test/{n}" for n in (0, 3, 4, 5)]


def test_the_state_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "feeds.json"
    store = FeedStore(path)
    store.subscribed.append("https://h.test/feed.xml")
    record = store.record("https://h.test/feed.xml")
    record.title = "Wombat Weekly"
    record.mark_seen(FeedItem("id-1", "https://h.test/a", "A"))
    record.failing = "the server answered 500"
    record.imported = 1
    store.write(store.snapshot())

    again = FeedStore(path)
    assert again.subscribed == ["https://h.test/feed.xml"]
    assert again.records == store.records
    assert json.loads(path.read_text())["feeds"]["https://h.test/feed.xml"]["ids"] == ["id-1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds.json"]  # no temporary left


def test_the_state_file_is_replaced_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "feeds.json"
    store = FeedStore(path)
    store.subscribed.append("https://h.test/one.xml")
    store.write(store.snapshot())
    before = path.read_text()

    def crash(source: str, target: str) -> None:
        raise OSError("disk gone")

    store.subscribed.append("https://h.test/two.xml")
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.write(store.snapshot())
    assert path.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds.json"]


def test_an_unreadable_state_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "feeds.json"
    path.write_text("{not json")
    assert FeedStore(path).subscribed == []


async def test_a_failing_feed_is_told_once_per_streak(pages: Pages, tmp_path: Path) -> None:
    updates = IndexUpdates(CorpusService(Corpus(tmp_path / "content", tmp_path / "index")))
    store = FeedStore(tmp_path / "feeds.json")
    url = pages.url("/quiet.xml")
    feeds = Feeds(store, [url], POLICY, updates)
    told: list[list[FeedEvent]] = []

    async def tell(events: Sequence[FeedEvent]) -> None:
        told.append(list(events))

    feeds.on_events = tell
    await feeds.poll()
    assert told == []  # it works: nothing to say

    quiet = pages.routes["/quiet.xml"]
    pages.routes["/quiet.xml"] = Route(status=500)
    for _ in range(3):
        await feeds.poll()
    assert told == [[FeedEvent("failed", "Quiet", "the server answered 500")]]
    assert FeedStore(tmp_path / "feeds.json").records[url].failing == "the server answered 500"

    pages.routes["/quiet.xml"] = quiet
    await feeds.poll()
    await feeds.poll()
    assert told[1:] == [[FeedEvent("recovered", "Quiet")]]

    pages.routes["/quiet.xml"] = Route(body=b"<html>moved</html>")  # a new streak
    await feeds.poll()
    assert told[2:] == [[FeedEvent("failed", "Quiet", "it is text/html, not an RSS or Atom feed")]]
    assert feeds.polls == 7


def test_what_admins_are_told_is_escaped_html() -> None:
    events = [
        FeedEvent("failed", "<b>Wombat</b> & Weekly", "the server answered 500"),
        FeedEvent("recovered", "<b>Wombat</b> & Weekly"),
        FeedEvent("item_failed", "W", "no title found in the HTML page", "<i>Item</i>"),
        FeedEvent("not_indexed", "W", "the build process stopped"),
    ]
    (message,) = render.feed_events_html(events)
    assert message == (
        "❌ Feed &lt;b&gt;Wombat&lt;/b&gt; &amp; Weekly failed: the server answered 500. I keep "
        "polling it and say so when it works again; until then this is not repeated.\n\n"
        "✅ Feed &lt;b&gt;Wombat&lt;/b&gt; &amp; Weekly works again.\n\n"
        "❌ From feed W, “&lt;i&gt;Item&lt;/i&gt;” was not imported: no title found in the "
        "HTML page. It is not tried again; /add &lt;link&gt; imports it by hand.\n\n"
        "❌ Articles from feed W were saved, but the index was not updated: the build process "
        "stopped. Send /reindex to try again."
    )


def test_feeds_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "feeds:\n  every_minutes: 15\n  urls: [https://a.test/rss, https://b.test/atom]\n"
    )
    settings = load_settings(path, environ={})
    assert settings.feeds == FeedSettings(("https://a.test/rss", "https://b.test/atom"), 15)
    from_env = load_settings(path, environ={"CORPUSBOT_FEEDS_URLS": "https://c.test/rss"})
    assert from_env.feeds.urls == ("https://c.test/rss",)
    with pytest.raises(
        ConfigError, match=r"^feeds\.urls \(from CORPUSBOT_FEEDS_URLS\) must be an http\(s\) URL"
    ):
        load_settings(path, environ={"CORPUSBOT_FEEDS_URLS": "ftp://x.test/feed"})
    with pytest.raises(
        ConfigError, match=r"^feeds\.every_minutes .* must be from 1 to 10080, got 0$"
    ):
        load_settings(path, environ={"CORPUSBOT_FEEDS_EVERY_MINUTES": "0"})
