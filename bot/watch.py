"""Watching content/ while the bot runs: a changed article is in the answers within 2 s.

watchfiles reports changes (inotify where the kernel has it; polling where it does not, or
where `watch: polling` asks for it, as on some Docker volumes and network mounts) in
batches: a batch ends when nothing has changed for `step_ms`, or at the latest after
`debounce_ms`. Each batch becomes the article ids it touches, handed to bot.updates, which
indexes them in one build (and several batches at once while a build runs). Hidden files
(an editor's or the importer's temporary files) and files that are not articles are
ignored; a change to a directory (a folder moved in or out) has the whole of content/
looked at.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from pathlib import Path

from watchfiles import Change, awatch

from bot.updates import IndexUpdates
from index.loader import ARTICLE_SUFFIXES

log = logging.getLogger(__name__)

DEBOUNCE_MS = 800  # a batch of changes is handed on after at most this long
STEP_MS = 100  # ... or as soon as nothing has changed for this long
POLL_MS = 300  # how often content/ is looked at when polling
WAKE_MS = 1000  # the watcher's thread returns this often when nothing changes


def changed_articles(root: Path, changes: Iterable[tuple[Change, str]]) -> set[str] | None:
    """The article ids (paths under `root`) that `changes` touch; None when a change needs
    the whole of content/ looked at (a directory added, moved or removed, or `root` itself)."""
    ids: set[str] = set()
    for _, raw in changes:
        path = Path(raw)
        try:
            relative = path.relative_to(root)
        except ValueError:
            continue
        if not relative.parts:
            return None
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            ids.add(relative.as_posix())
        elif path.is_dir() or (not path.exists() and not path.suffix):
            return None
    return ids


async def watch_content(
    content_dir: Path,
    updates: IndexUpdates,
    *,
    polling: bool = False,
    ready: asyncio.Event | None = None,
) -> None:
    """Hand every change of `content_dir` to `updates`, until cancelled.

    Where file system notifications cannot be had (no inotify, or its watch limit reached),
    polling takes over. `ready` is set once the watcher is watching (at the first change,
    or after WAKE_MS without one). The timings are this module's constants, read at start.
    """
    root = content_dir.resolve()
    force = polling
    debounce_ms, step_ms, poll_ms, wake_ms = DEBOUNCE_MS, STEP_MS, POLL_MS, WAKE_MS
    while True:
        try:
            changes = awatch(
                root,
                watch_filter=None,
                debounce=debounce_ms,
                step=step_ms,
                force_polling=force,
                poll_delay_ms=poll_ms,
                recursive=True,
                ignore_permission_denied=True,
                rust_timeout=wake_ms,
                yield_on_timeout=True,
            )
            log.info("watching %s for changes (%s)", root, "polling" if force else "inotify")
            async for batch in changes:
                if ready is not None:
                    ready.set()
                if batch:
                    updates.content_changed(changed_articles(root, batch))
            return
        except FileNotFoundError:
            log.error("content directory %s does not exist: not watching it", root)
            return
        except (OSError, RuntimeError) as error:
            if force:
                log.error("cannot watch %s: %s", root, error)
                return
            log.warning("cannot watch %s with inotify (%s): polling it instead", root, error)
            force = True
