"""RSS and Atom feeds whose new items join the corpus on their own (issue 11).

- A feed is fetched by bot.fetch (never by feedparser: http(s) only, private addresses
  refused unless `fetch.allow_private`, redirects re-checked, size, time and type limits),
  then parsed from its bytes by feedparser.
- Each new item's page is fetched and imported exactly like /add <link> (bot.articles), and
  the articles of one poll are indexed together in the build slot of bot.updates, waiting
  their turn behind /reindex, /add or the watcher (never two builds at once).
- Items are de-duplicated by entry id and by link, across restarts: the feed state is a
  small JSON file beside the index (`feeds.json`), replaced atomically. It holds the feeds
  added by /feed (those of `feeds.urls` come from the configuration) and, per feed, the last
  MAX_SEEN ids and links seen, its title, the last successful check and whether it fails.
- A feed that fails is reported once per failure streak (and once when it works again); an
  item whose page cannot be imported is reported once and marked seen, never retried.

Nothing here talks to Telegram: what admins should hear goes to `on_events` as FeedEvents,
which bot.handlers.feeds renders and sends.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import feedparser  # type: ignore[import-untyped]

from bot import texts
from bot.articles import Page, fetch_page
from bot.fetch import FEED_TYPES, PAGE_TYPES, FetchPolicy, FetchRefused, fetch
from bot.reindex import BuildFailed
from bot.updates import IndexUpdates
from index.errors import InvalidArticle
from index.store import write_atomically

log = logging.getLogger(__name__)

FEEDS_KEY = "corpusbot.feeds"
FILE_NAME = "feeds.json"
MAX_SEEN = 1000  # ids and links kept per feed (besides those in the feed right now)
MAX_NEW = 20  # items imported per feed and poll; more wait for the next poll
KEY_MAX = 2000  # characters of an id or link kept
TITLE_MAX = 300


class FeedUnreadable(Exception):
    """The fetched document is not an RSS or Atom feed; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: what identifies it, and its page."""

    entry_id: str | None  # Atom <id>, RSS <guid>
    link: str | None  # the item's page, imported like /add <link>
    title: str


@dataclass(frozen=True)
class ParsedFeed:
    """A feed as read: its title and entries, in the feed's order."""

    title: str
    items: tuple[FeedItem, ...]


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """RSS or Atom `data` fetched from `url` (relative links resolved against it); raises
    FeedUnreadable when it is neither. feedparser gets the bytes in a stream: given a string
    it would open files or fetch URLs itself."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        reason = _text(problem, 200) if problem else texts.FEED_NO_ENTRIES
        raise FeedUnreadable(texts.FEED_NOT_A_FEED.format(reason=reason))
    items = []
    for entry in parsed.entries:
        entry_id = _text(entry.get("id"), KEY_MAX) or None
        link = _text(entry.get("link"), KEY_MAX) or None
        items.append(FeedItem(entry_id, link, _text(entry.get("title"), TITLE_MAX)))
    return ParsedFeed(_text(parsed.feed.get("title"), TITLE_MAX), tuple(items))


def read_feed(url: str, policy: FetchPolicy) -> ParsedFeed:
    """Fetch `url` under `policy` (bot.fetch) and parse it. A feed served as HTML or text is
    read when it parses as one; an HTML page that is not one is refused. Blocking."""
    fetched = fetch(url, policy, accept=FEED_TYPES + PAGE_TYPES)
    try:
        return parse_feed(fetched.data, fetched.url, fetched.content_type)
    except FeedUnreadable:
        if fetched.content_type in FEED_TYPES:
            raise
        raise FeedUnreadable(texts.FEED_WRONG_TYPE.format(type=fetched.content_type)) from None


# -- the state file -------------------------------------------------------------------------


@dataclass
class FeedRecord:
    """What is known of one feed (mutable; saved by FeedStore)."""

    title: str = ""
    ids: list[str] = field(default_factory=list)  # entry ids seen, oldest first
    links: list[str] = field(default_factory=list)  # links seen, oldest first
    failing: str | None = None  # the reason of the current failure streak (admins told)
    checked: dt.datetime | None = None  # the last successful check
    imported: int = 0  # articles imported from it

    def seen(self, item: FeedItem) -> bool:
        """True when the item's id or link was seen before."""
        return (item.entry_id is not None and item.entry_id in self.ids) or (
            item.link is not None and item.link in self.links
        )

    def mark_seen(self, item: FeedItem) -> None:
        """Remember the item's id and link."""
        if item.entry_id is not None and item.entry_id not in self.ids:
            self.ids.append(item.entry_id)
        if item.link is not None and item.link not in self.links:
            self.links.append(item.link)

    def trim(self, current: Sequence[FeedItem]) -> None:
        """Keep the last MAX_SEEN ids and links, and all those still in the feed (dropping
        those would import them again)."""
        self.ids = _bounded(self.ids, {i.entry_id for i in current})
        self.links = _bounded(self.links, {i.link for i in current})


def _bounded(keys: list[str], keep: set[str | None]) -> list[str]:
    if len(keys) <= MAX_SEEN:
        return keys
    first = len(keys) - MAX_SEEN
    return [key for number, key in enumerate(keys) if number >= first or key in keep]


def feeds_path(index_dir: Path) -> Path:
    """Where the feed state of the index at `index_dir` lives: beside it."""
    return Path(index_dir).parent / FILE_NAME


class FeedStore:
    """The feeds added by /feed and the record of every feed, in memory and in their file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.subscribed: list[str] = []  # added by /feed add, in order
        self.records: dict[str, FeedRecord] = {}
        self._read()

    def record(self, url: str) -> FeedRecord:
        """The record of `url` (a new one when it has none)."""
        return self.records.setdefault(url, FeedRecord())

    def snapshot(self) -> str:
        """The file's text for the state now."""
        feeds = {
            url: {
                "title": r.title,
                "failing": r.failing,
                "checked": r.checked.isoformat() if r.checked else None,
                "imported": r.imported,
                "ids": r.ids,
                "links": r.links,
            }
            for url, r in self.records.items()
        }
        return json.dumps({"version": 1, "subscribed": self.subscribed, "feeds": feeds}, indent=1)

    def write(self, text: str) -> None:
        """Replace the file with `text` (a snapshot) atomically. Blocking."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, text + "\n")

    async def save(self) -> None:
        """Write the state now (a failure is logged: the state stays in memory)."""
        try:
            await asyncio.to_thread(self.write, self.snapshot())
        except OSError as error:
            log.warning("cannot write %s: %s", self.path, error)

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            subscribed = [str(url) for url in data.get("subscribed", [])]
            records = {str(url): _record(item) for url, item in data.get("feeds", {}).items()}
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, AttributeError) as error:
            log.warning("ignoring unreadable %s: %s", self.path, error)
            return
        self.subscribed = list(dict.fromkeys(subscribed))
        self.records = records


def _record(item: dict[str, Any]) -> FeedRecord:
    checked = item.get("checked")
    return FeedRecord(
        title=str(item.get("title") or ""),
        ids=[str(i) for i in item.get("ids", [])],
        links=[str(link) for link in item.get("links", [])],
        failing=None if item.get("failing") is None else str(item["failing"]),
        checked=dt.datetime.fromisoformat(checked) if checked else None,
        imported=int(item.get("imported") or 0),
    )


# -- polling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    """Something the admins should hear of a feed."""

    kind: Literal["failed", "recovered", "item_failed", "not_indexed"]
    feed: str  # the feed's title, or its URL
    reason: str = ""
    item: str = ""  # the item's title or link ("item_failed")


@dataclass(frozen=True)
class FeedView:
    """A feed as /feed list shows it."""

    number: int
    url: str
    from_config: bool
    title: str
    failing: str | None
    checked: dt.datetime | None
    imported: int


@dataclass
class PollReport:
    """What one poll did."""

    imported: list[str] = field(default_factory=list)  # article ids saved (or found saved)
    events: list[FeedEvent] = field(default_factory=list)


@dataclass
class _Fetched:
    url: str
    record: FeedRecord
    item: FeedItem
    page: Page


class Feeds:
    """The feeds of the running bot: the list, the state, and polling (one poll at a time)."""

    def __init__(
        self,
        store: FeedStore,
        configured: Sequence[str],
        policy: FetchPolicy,
        updates: IndexUpdates,
    ) -> None:
        self.store = store
        self.configured = tuple(dict.fromkeys(configured))
        self.policy = policy
        self.updates = updates
        self.on_events: Callable[[Sequence[FeedEvent]], Awaitable[None]] | None = None
        self.polls = 0  # polls done
        self.background: asyncio.Task[None] | None = None  # the last background poll
        self._lock = asyncio.Lock()

    # -- the list ---------------------------------------------------------------------------

    def urls(self) -> list[str]:
        """Every feed: the configured ones, then those added by /feed add."""
        return list(dict.fromkeys([*self.configured, *self.store.subscribed]))

    def views(self) -> list[FeedView]:
        """The feeds, numbered as /feed list shows them."""
        views = []
        for number, url in enumerate(self.urls(), 1):
            record = self.store.records.get(url) or FeedRecord()
            views.append(
                FeedView(
                    number,
                    url,
                    url in self.configured,
                    record.title,
                    record.failing,
                    record.checked,
                    record.imported,
                )
            )
        return views

    async def check(self, url: str) -> ParsedFeed:
        """Fetch and parse `url` (FetchRefused or FeedUnreadable say why not)."""
        return await asyncio.to_thread(read_feed, url, self.policy)

    async def subscribe(self, url: str, feed: ParsedFeed) -> None:
        """Add `url` to the feeds (its new items are imported at the next poll)."""
        if url not in self.store.subscribed:
            self.store.subscribed.append(url)
        self.store.record(url).title = feed.title
        await self.store.save()

    async def unsubscribe(self, url: str) -> None:
        """Take `url` off the feeds added by /feed. Its seen items are kept, so that adding
        it again imports only what is new."""
        self.store.subscribed = [u for u in self.store.subscribed if u != url]
        await self.store.save()

    # -- polling ----------------------------------------------------------------------------

    @property
    def polling(self) -> bool:
        """True while a poll runs."""
        return self._lock.locked()

    async def poll(self, only: Sequence[str] | None = None) -> PollReport:
        """Check every feed (or those of `only`), import their new items, index them, and
        tell `on_events` what the admins should hear."""
        async with self._lock:
            report = PollReport()
            urls = [u for u in self.urls() if only is None or u in only]
            fetched: list[_Fetched] = []
            for url in urls:
                fetched += await self._check_feed(url, report)
            if fetched:
                await self._import(fetched, report)
            if urls:
                await self.store.save()
            self.polls += 1
            if report.events and self.on_events is not None:
                await self.on_events(report.events)
            return report

    async def _check_feed(self, url: str, report: PollReport) -> list[_Fetched]:
        """Read one feed and fetch the pages of its new items (outside the build slot, so
        that slow pages never keep /add or /reindex waiting)."""
        record = self.store.record(url)
        try:
            feed = await self.check(url)
        except (FetchRefused, FeedUnreadable) as error:
            log.warning("feed %s failed: %s", url, error)
            self._failed(report, url, record, str(error))
            return []
        except Exception as error:  # feedparser's own trouble: one feed never stops the rest
            log.error("feed %s failed", url, exc_info=error)
            self._failed(report, url, record, type(error).__name__)
            return []
        if record.failing is not None:
            log.info("feed %s works again", url)
            report.events.append(FeedEvent("recovered", feed.title or record.title or url))
            record.failing = None
        record.title = feed.title or record.title
        record.checked = dt.datetime.now(dt.UTC)
        elsewhere = {link for u, r in self.store.records.items() if u != url for link in r.links}
        new = [i for i in feed.items if not record.seen(i)]
        found: list[_Fetched] = []
        for item in new[:MAX_NEW]:
            if item.link is None or item.link in elsewhere:  # nothing to fetch, or imported
                record.mark_seen(item)
                continue
            try:
                page = await asyncio.to_thread(fetch_page, item.link, self.policy)
            except FetchRefused as error:
                self._item_failed(report, url, record, item, str(error))
                continue
            found.append(_Fetched(url, record, item, page))
        record.trim(feed.items)
        return found

    async def _import(self, fetched: Sequence[_Fetched], report: PollReport) -> None:
        """Save the pages (bot.articles, through bot.updates) and index them in one build.
        The items are marked seen once that is done: a bot stopped in between finds them
        new again, finds their articles saved already, and indexes them."""
        async with self.updates.queued() as writer:
            saved: list[_Fetched] = []
            for one in fetched:
                page = one.page
                try:
                    imported = await writer.save(page.name, page.data, url=page.url)
                except InvalidArticle as error:
                    self._item_failed(report, one.url, one.record, one.item, str(error))
                    continue
                saved.append(one)
                report.imported.append(imported.article.article_id)
            ids = list(dict.fromkeys(report.imported))
            if ids:
                try:
                    built = await writer.index(ids)
                except BuildFailed as error:
                    log.warning("feed items not indexed: %s", error)
                    feeds = ", ".join(dict.fromkeys(one.record.title or one.url for one in saved))
                    report.events.append(FeedEvent("not_indexed", feeds, str(error)))
                else:
                    log.info("feed items indexed: %s (%.1f s)", ", ".join(ids), built.seconds)
        for one in saved:
            one.record.mark_seen(one.item)
            one.record.imported += 1

    def _failed(self, report: PollReport, url: str, record: FeedRecord, reason: str) -> None:
        """The feed failed: told at the start of a failure streak only."""
        if record.failing is None:
            report.events.append(FeedEvent("failed", record.title or url, reason))
        record.failing = reason

    def _item_failed(
        self, report: PollReport, url: str, record: FeedRecord, item: FeedItem, reason: str
    ) -> None:
        log.warning("feed item %s of %s not imported: %s", item.link, url, reason)
        record.mark_seen(item)  # told once, never tried again
        shown = item.title or item.link or ""
        report.events.append(FeedEvent("item_failed", record.title or url, reason, shown))


def feeds_of(holder: Any) -> Feeds:
    """The feeds of the application (from a handler's context or the app itself)."""
    feeds = holder.bot_data.get(FEEDS_KEY)
    if not isinstance(feeds, Feeds):
        raise RuntimeError("no feeds in bot_data: build the app with build_application")
    return feeds
