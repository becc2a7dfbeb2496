"""The one way an article gets into content/ (and out of it) while the bot runs.

An uploaded file (/add), a fetched page (/add <link>) and a feed item all come here, as do
/remove's deletions; `corpusbot add` and `remove` use the same index.importer functions.
Each function is blocking (file I/O, trafilatura): the bot runs them in a worker thread
(bot.updates). What the bot writes itself is noted in `OwnWrites`, so that the content
watcher (bot.watch) does not build the index a second time for a change the writer is
indexing already.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from index.importer import add_article, prepare, remove_article
from index.models import Article

if TYPE_CHECKING:
    from bot.fetch import FetchPolicy

log = logging.getLogger(__name__)


class OwnWrites:
    """The files of content/ that the bot itself is writing or deleting, with what it wrote
    (a content hash; None for a deletion), until the watcher has seen them. Thread-safe."""

    def __init__(self) -> None:
        self._expected: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def expect(self, article_id: str, payload: bytes | None) -> None:
        """`article_id` is about to be written with `payload` (None: deleted)."""
        digest = None if payload is None else hashlib.sha256(payload).hexdigest()
        with self._lock:
            self._expected[article_id] = digest

    def forget(self, article_id: str) -> None:
        """The write did not happen after all."""
        with self._lock:
            self._expected.pop(article_id, None)

    def is_own(self, content_dir: Path, article_id: str) -> bool:
        """True when the file is as the bot left it (then the change was the bot's own).

        The note stays until a change that is not the bot's: one write sends the watcher
        several events (create, modify, rename), all of them the bot's.
        """
        with self._lock:
            if article_id not in self._expected:
                return False
            expected = self._expected[article_id]
        try:
            data = (content_dir / article_id).read_bytes()
        except OSError:
            data = None
        actual = None if data is None else hashlib.sha256(data).hexdigest()
        if actual == expected:
            return True
        with self._lock:
            if self._expected.get(article_id) == expected:
                del self._expected[article_id]
        return False


@dataclass(frozen=True)
class Imported:
    """An article saved into content/."""

    article: Article
    again: bool  # the very same article was saved already (a command delivered twice)


def import_article(
    content_dir: Path,
    name: str,
    data: bytes,
    *,
    replace: bool = False,
    url: str | None = None,
    own: OwnWrites | None = None,
) -> Imported:
    """Validate `data` (a .md, .txt or .html file named `name`) and save it into content/.

    `url`: where a fetched page came from (its link when the page names no canonical URL).
    The very same article saved already is not refused as existing: that is the same /add
    delivered again (Telegram redelivers what a bot killed mid-update did not confirm), or
    a feed item whose page is already in the corpus. Raises InvalidArticle with the reason;
    nothing is written then.
    """
    file_name, payload, article = prepare(name, data, url=url)
    target = content_dir / file_name
    if not replace and target.is_file() and target.read_bytes() == payload:
        log.info("article %s is saved already", file_name)
        return Imported(article, again=True)
    if own is not None:
        own.expect(file_name, payload)
    try:
        saved = add_article(content_dir, name, data, replace=replace, url=url)
    except BaseException:
        if own is not None:
            own.forget(file_name)
        raise
    return Imported(saved, again=False)


def delete_article(content_dir: Path, article_id: str, *, own: OwnWrites | None = None) -> None:
    """Delete the file of `article_id` from content/ (InvalidArticle when there is none)."""
    if own is not None:
        own.expect(article_id, None)
    try:
        remove_article(content_dir, article_id)
    except BaseException:
        if own is not None:
            own.forget(article_id)
        raise


@dataclass(frozen=True)
class Page:
    """A fetched page, ready for import_article: a file name, its bytes, its address."""

    name: str  # page.html or name.txt: the type import_article reads it as
    data: bytes
    url: str  # after redirects


def fetch_page(url: str, policy: FetchPolicy) -> Page:
    """Fetch a page for /add <link>, `corpusbot add URL` and feed items (bot.fetch guards it;
    FetchRefused says why it was refused). Blocking."""
    from bot.fetch import fetch  # httpx: only when a page is fetched (`corpusbot add FILE`)

    fetched = fetch(url, policy)
    suffix = ".txt" if fetched.content_type == "text/plain" else ".html"
    stem = PurePosixPath(urlsplit(fetched.url).path).stem or urlsplit(fetched.url).hostname
    return Page(name=f"{stem or 'page'}{suffix}", data=fetched.data, url=fetched.url)
