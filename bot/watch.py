"""Watching content/ while the bot runs: a changed article is in the answers within 2 s.

watchfiles reports changes from inotify in batches: a batch ends when nothing has changed
for STEP_MS, or at the latest after DEBOUNCE_MS. Where inotify cannot be had, or where
`watch: polling` asks for it (some Docker volumes and network mounts), content/ is polled
here instead: watchfiles' poller compares modification times in whole seconds, so a file
written twice within one second kept its first version in the index.

Each batch becomes the article ids it touches, handed to bot.updates, which indexes them
in one build (and several batches at once while a build runs). Hidden files (an editor's
or the importer's temporary files) and files that are not articles are ignored; a change
to a directory (a folder moved in or out) has the whole of content/ looked at.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
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
    if not root.is_dir():
        log.error("content directory %s does not exist: not watching it", root)
        return
    if not polling:
        try:
            changes = awatch(
                root,
                watch_filter=None,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                recursive=True,
                ignore_permission_denied=True,
                rust_timeout=WAKE_MS,
                yield_on_timeout=True,
            )
            log.info("watching %s for changes (inotify)", root)
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
            log.warning("cannot watch %s with inotify (%s): polling it instead", root, error)
    await poll_content(root, updates, ready=ready)


Entry = tuple[int, int, bool]  # modification time in ns, size, is a directory


def content_snapshot(root: Path) -> dict[str, Entry]:
    """Every file and directory under `root` (hidden ones left out) with what tells a
    change: the modification time in nanoseconds and the size (directories: only that
    they are there, since adding a file changes its folder's time)."""
    found: dict[str, Entry] = {}
    for folder, dirs, files in os.walk(root, onerror=lambda _: None):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in dirs:
            found[os.path.join(folder, name)] = (0, 0, True)
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:  # removed between the listing and the look
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size, False)
    return found


def snapshot_changes(before: dict[str, Entry], after: dict[str, Entry]) -> set[tuple[Change, str]]:
    """What changed from one snapshot to the next, as watchfiles would report it."""
    changes = {(Change.deleted, path) for path in before.keys() - after.keys()}
    for path, entry in after.items():
        old = before.get(path)
        if old is None:
            changes.add((Change.added, path))
        elif old != entry:
            changes.add((Change.modified, path))
    return changes


async def poll_content(root: Path, updates: IndexUpdates, *, ready: asyncio.Event | None) -> None:
    """Look at `root` every POLL_MS and hand each batch of changes to `updates`: a batch
    ends at the first look that finds nothing new, or at the latest after DEBOUNCE_MS."""
    log.info("watching %s for changes (polling)", root)
    snapshot = await asyncio.to_thread(content_snapshot, root)
    if ready is not None:
        ready.set()
    batch: set[tuple[Change, str]] = set()
    started = 0.0
    while True:
        await asyncio.sleep(POLL_MS / 1000)
        current = await asyncio.to_thread(content_snapshot, root)
        found = snapshot_changes(snapshot, current)
        snapshot = current
        if found and not batch:
            started = time.monotonic()
        batch |= found
        if batch and (not found or time.monotonic() - started >= DEBOUNCE_MS / 1000):
            updates.content_changed(changed_articles(root, batch))
            batch = set()
