"""Where index generations live on disk, which one is live, and the build lock.

Layout of an index directory:

    CURRENT          name of the live generation (replaced atomically)
    build.lock       held (flock) by the one build that may run
    last-build.json  what the last build did and how long it took
    gen-<stamp>/     a complete Whoosh index; incremental builds commit into
                     the live one (Whoosh commits are atomic), full builds
                     write a new one beside it and switch CURRENT
    tmp-<stamp>/     a full build in progress; removed when the build fails, left
                     over only by a crash (and removed by the next build)

A reader opens whatever CURRENT names, so a build killed at any point leaves
the previous generation answering.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from index.errors import BuildInProgress

CURRENT_FILE = "CURRENT"
LOCK_FILE = "build.lock"
LAST_BUILD_FILE = "last-build.json"
GENERATION_PREFIX = "gen-"
TEMP_PREFIX = "tmp-"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's directory, or None when no build has completed."""
    try:
        name = (index_dir / CURRENT_FILE).read_text("utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = index_dir / name
    return path if name.startswith(GENERATION_PREFIX) and path.is_dir() else None


def current_marker(index_dir: Path) -> tuple[int, int] | None:
    """A cheap fingerprint of CURRENT that changes when a new generation is switched in."""
    try:
        stat = (index_dir / CURRENT_FILE).stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def open_index(generation: Path) -> Index:
    """Open the Whoosh index of `generation` without copying its segments into memory.

    Whoosh maps a segment file and then copies each part it opens (the term
    table, the postings) out of the map into memory: for a large index that is
    most of the time it takes to open a reader (about 100 ms at 10k articles,
    1 s at 100k) and most of a reader's memory. Without the map it reads the
    parts from the file as it needs them, through the page cache.
    """
    return FileStorage(str(generation), supports_mmap=False).open_index()


def new_temp_dir(index_dir: Path) -> Path:
    """A fresh directory for a full build, named so that it sorts by time."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = index_dir / f"{TEMP_PREFIX}{stamp}"
    path.mkdir(parents=True)
    return path


def switch_to(index_dir: Path, temp_dir: Path) -> Path:
    """Make a completed build in `temp_dir` the live generation, atomically."""
    generation = index_dir / (GENERATION_PREFIX + temp_dir.name[len(TEMP_PREFIX) :])
    _fsync_tree(temp_dir)
    temp_dir.rename(generation)
    write_atomically(index_dir / CURRENT_FILE, generation.name + "\n")
    return generation


def remove_stale(index_dir: Path, keep: int = 2) -> None:
    """Delete leftovers of crashed builds and all but the `keep` newest generations.

    The live generation is always kept. Call only while holding the build lock.
    """
    live = current_generation(index_dir)
    for path in index_dir.glob(TEMP_PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True)
    generations = sorted(index_dir.glob(GENERATION_PREFIX + "*"), reverse=True)
    for path in generations[keep:]:
        if path != live:
            shutil.rmtree(path, ignore_errors=True)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that readers see the old or the new content, never half."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)  # left only when writing failed (a full disk)
    _fsync_dir(path.parent)


def read_last_build(index_dir: Path) -> dict[str, Any]:
    """What the last completed build recorded (empty when unknown)."""
    try:
        data = json.loads((index_dir / LAST_BUILD_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_last_build(index_dir: Path, record: dict[str, Any]) -> None:
    """Record what a completed build did."""
    write_atomically(index_dir / LAST_BUILD_FILE, json.dumps(record, indent=1, default=str))


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the build lock; raise BuildInProgress at once if another process or thread has it.

    The lock is an flock on build.lock, so the kernel releases it when a build is killed.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildInProgress(
                f"another build is running ({holder}); wait for it to finish and try again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        yield
    finally:
        handle.close()


def directory_size(path: Path) -> int:
    """Total size in bytes of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for file in path.iterdir():
        if file.is_file():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(path)
