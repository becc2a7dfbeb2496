"""Build and update the index from a content directory.

Incremental by default: articles are compared by content hash, and only the
added, changed and removed ones are rewritten, in one Whoosh commit into the
live generation (atomic: a kill before it completes leaves the old state). A
full build, or a build over an index of another schema version, writes a new
generation beside the live one and switches it in when it is complete.

Two things keep large corpora fast:

- A manifest beside each commit (manifest.marshal in the generation) records,
  for every file, its stat stamp (size, modification and change times, inode)
  and content hash. An incremental build re-reads only the files whose stamp
  differs (or that changed too close to the last scan to trust their stamp),
  and takes the previous hashes from the manifest instead of reading every
  stored article record. A manifest that does not match the live commit (a
  crash between the two) is ignored: the build then reads everything, as
  without one.
- A full build of many articles runs in worker processes (one per core): each
  loads its share of the files and writes its own Whoosh segment, and the
  segments are committed together (what whoosh.multiproc.MpWriter does with
  multisegment=True, without funnelling every document through one process).

Both, and FastSegmentWriter's patches of Whoosh internals, were written against one Whoosh
version (WHOOSH_TESTED; tests/index/test_build_stock.py checks that the patched writer's
index equals the stock writer's). On any other version the build warns once and uses
Whoosh's stock SegmentWriter in one process instead (PATCHED is False).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import json
import logging
import marshal
import os
import pickle
import queue
import shutil
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import whoosh
from whoosh import index as whoosh_index
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import IndexWriter, PostingPool, SegmentWriter

from index import store
from index.aliases import load_aliases
from index.analysis import surface_words
from index.documents import article_documents, lexicon_document
from index.errors import DiskFull
from index.loader import (
    ContentFile,
    FileStamp,
    content_order,
    load_file,
    look_at,
    printable_id,
    require_content_dir,
    scan_content,
)
from index.models import Article, BuildReport, SkippedFile
from index.schema import KIND_ARTICLE, SCHEMA_VERSION, build_schema

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, article_id) while articles are written."""

VERSION_FILE = "corpusbot.json"
MANIFEST_FILE = "manifest.marshal"
MANIFEST_VERSION = 2
# A full build of at least this many articles runs in worker processes.
PARALLEL_MIN_ARTICLES = 2000
WORKERS = max(1, min(os.cpu_count() or 1, 8))
WRITER_LIMIT_MB = 256  # Whoosh's posting pool per writer before it spills to disk
# A stamp taken this close to a file's last change is not trusted next time:
# a write within the same timestamp tick would not show in it.
RACY_NS = 2_000_000_000
# The Whoosh (whoosh-reloaded) version that FastSegmentWriter's patches, and the parallel
# build's use of SegmentWriter's private commit methods, were tested with.
WHOOSH_TESTED = (2, 7, 5)

log = logging.getLogger(__name__)


def whoosh_patches_fit() -> bool:
    """True when the installed Whoosh is WHOOSH_TESTED; otherwise log a warning and say False.

    Run once at import (PATCHED): on another version every build uses Whoosh's stock
    SegmentWriter in one process, slower but relying on nothing private.
    """
    if tuple(whoosh.__version__) == WHOOSH_TESTED:
        return True
    log.warning(
        "Whoosh %s is installed, but the index build's patches of Whoosh internals were "
        "tested with %s only: building with Whoosh's stock writer, in one process (slower)",
        whoosh.versionstring(),
        ".".join(map(str, WHOOSH_TESTED)),
    )
    return False


# Whether builds use FastSegmentWriter (and worker processes); False: the stock writer.
PATCHED = whoosh_patches_fit()


# One file as the manifest knows it: (stamp, content hash of an indexed article, why it
# was skipped). A plain tuple: 100k of them load from the manifest in a tenth of a second.
_Entry = tuple[FileStamp | None, str | None, str | None]


def build_index(
    content_dir: Path,
    index_dir: Path,
    *,
    full: bool = False,
    progress: Progress | None = None,
    only: Sequence[str] | None = None,
) -> BuildReport:
    """Bring the index at `index_dir` up to date with `content_dir` and report what changed.

    `only`: the article ids (paths under `content_dir`) that alone may have been
    added, changed or removed since the last build, as after `corpusbot add`: an
    incremental build then looks at them instead of at every file (a full build,
    or one without a manifest, still scans everything).

    Raises ContentMissing when the content directory does not exist, ValueError
    for an id in `only` outside it, and BuildInProgress when another build holds
    the lock.
    """
    started = time.monotonic()
    scanned_ns = time.time_ns()
    looked_at = None if only is None else [(i, look_at(content_dir, i)) for i in only]
    require_content_dir(content_dir)
    _, alias_problem = load_aliases(content_dir)
    extra = (alias_problem,) if alias_problem else ()
    try:
        with store.build_lock(index_dir):
            return _build_locked(
                content_dir, index_dir, full, progress, looked_at, scanned_ns, extra, started
            )
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(
                f"no space left on the disk of {index_dir}: the build stopped, its partial "
                "output was removed and the live index still answers; free space (a full "
                "build needs 2-3 times the size of the index) and build again"
            ) from None
        raise


def _build_locked(
    content_dir: Path,
    index_dir: Path,
    full: bool,
    progress: Progress | None,
    looked_at: list[tuple[str, ContentFile | None]] | None,
    scanned_ns: int,
    extra: tuple[SkippedFile, ...],
    started: float,
) -> BuildReport:
    """build_index's work under the build lock."""
    store.remove_stale(index_dir)
    live = store.current_generation(index_dir)
    if live is None or full or _schema_version(live) != SCHEMA_VERSION:
        files = scan_content(content_dir)
        report = _full_build(index_dir, files, scanned_ns, extra, progress)
    else:
        report = _incremental_build(live, content_dir, looked_at, scanned_ns, extra, progress)
    report = _with_time(report, time.monotonic() - started)
    store.write_last_build(
        index_dir,
        {
            "finished": dt.datetime.now(dt.UTC).isoformat(),
            "seconds": round(report.seconds, 3),
            "full": report.full,
            "generation": report.generation,
            "added": len(report.added),
            "updated": len(report.updated),
            "removed": len(report.removed),
            "unchanged": len(report.unchanged),
            "skipped": len(report.skipped),
        },
    )
    store.remove_stale(index_dir)
    return report


# -- full builds ----------------------------------------------------------------------------


def _full_build(
    index_dir: Path,
    files: list[ContentFile],
    scanned_ns: int,
    extra: tuple[SkippedFile, ...],
    progress: Progress | None,
) -> BuildReport:
    previous = _previous_hashes(store.current_generation(index_dir))
    temp = store.new_temp_dir(index_dir)
    try:
        return _full_build_into(temp, index_dir, files, scanned_ns, extra, progress, previous)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)  # a failed build leaves nothing behind
        raise


def _full_build_into(
    temp: Path,
    index_dir: Path,
    files: list[ContentFile],
    scanned_ns: int,
    extra: tuple[SkippedFile, ...],
    progress: Progress | None,
    previous: dict[str, str],
) -> BuildReport:
    ix = whoosh_index.create_in(str(temp), build_schema())
    if PATCHED and len(files) >= PARALLEL_MIN_ARTICLES and WORKERS > 1:
        loaded, passages = _parallel_write(ix, temp, files, progress)
    else:
        loaded = [load_file(file) for file in files]
        writer = new_writer(ix)
        failed: list[SkippedFile] = []
        try:
            articles = [a for a in loaded if isinstance(a, Article)]
            passages = _write_articles(writer, articles, progress, failed)
        except BaseException:
            writer.cancel()
            raise
        try:
            writer.commit(optimize=True)
        except BaseException:
            _undo_commit(writer, ix, temp)
            raise
        loaded = _with_failures(loaded, failed)
    commit = ix.latest_generation()
    ix.close()
    (temp / VERSION_FILE).write_text(json.dumps({"schema": SCHEMA_VERSION}), "utf-8")
    entries = {
        file.article_id: _entry(file, result) for file, result in zip(files, loaded, strict=True)
    }
    _write_manifest(temp, commit, scanned_ns, entries)
    generation = store.switch_to(index_dir, temp)
    current = {a.article_id: a.content_hash for a in loaded if not isinstance(a, SkippedFile)}
    skipped = tuple(s for s in loaded if isinstance(s, SkippedFile)) + extra
    return BuildReport(
        full=True,
        added=tuple(sorted(set(current) - set(previous))),
        updated=tuple(sorted(i for i in current if i in previous and previous[i] != current[i])),
        removed=tuple(sorted(set(previous) - set(current))),
        unchanged=tuple(sorted(i for i in current if previous.get(i) == current[i])),
        skipped=skipped,
        generation=generation.name,
        passages=passages,
    )


class _Hashed:
    """What a worker sends back for one file: an article's id and hash, or why it was skipped."""

    __slots__ = ("article_id", "content_hash")

    def __init__(self, article_id: str, content_hash: str):
        self.article_id = article_id
        self.content_hash = content_hash


def _parallel_write(
    ix: Any, temp: Path, files: list[ContentFile], progress: Progress | None
) -> tuple[list[Any], int]:
    """Load and index `files` in WORKERS processes, one segment each, and commit them.

    Returns, per file, an id-and-hash record or the SkippedFile, and the number
    of passages written. The workers are fresh interpreters (not forks: the bot
    builds from a thread) that get their share of the files on stdin and send
    pickled messages back on stdout.
    """
    count = min(WORKERS, len(files))
    parts = [files[n * len(files) // count : (n + 1) * len(files) // count] for n in range(count)]
    writer = ix.writer()  # holds the new index's lock; the workers write without it
    workers: list[subprocess.Popen[bytes]] = []
    try:
        root = str(Path(__file__).resolve().parent.parent)
        for number, part in enumerate(parts):
            worker = subprocess.Popen(
                [sys.executable, "-c", _WORKER_BOOT, root],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            workers.append(worker)
            assert worker.stdin is not None
            pickle.dump((number, str(temp), part, os.getpid()), worker.stdin)
            worker.stdin.close()
        results = _collect(workers, progress)
    except BaseException:
        for worker in workers:
            worker.kill()
        _reap(workers)
        writer.cancel()
        raise
    _reap(workers)
    # Commit the workers' segments as they are (no merge), in file order.
    writer._close_segment()
    writer._commit_toc([results[n]["segment"] for n in range(count)])
    writer._finish()
    loaded: list[Any] = []
    for n in range(count):
        loaded += [
            _Hashed(article_id, content_hash)
            if reason is None
            else SkippedFile(article_id, reason)
            for article_id, content_hash, reason in results[n]["files"]
        ]
    return loaded, sum(results[n]["passages"] for n in range(count))


def _reap(workers: Sequence[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.wait()
        if worker.stdout is not None:
            worker.stdout.close()


_WORKER_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); import index.build as b; b._worker()"


def _collect(
    workers: Sequence[subprocess.Popen[bytes]], progress: Progress | None
) -> dict[int, dict[str, Any]]:
    """Wait for every worker's segment, passing their progress on as it comes."""
    messages: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()

    def read(number: int, stream: IO[bytes]) -> None:
        try:
            while True:
                messages.put(pickle.load(stream))
        except Exception:
            messages.put(("eof", number))

    for number, worker in enumerate(workers):
        assert worker.stdout is not None
        threading.Thread(target=read, args=(number, worker.stdout), daemon=True).start()
    loaded: dict[int, int] = {}
    waiting: list[str] = []
    results: dict[int, dict[str, Any]] = {}
    done = 0
    while len(results) < len(workers):
        message = messages.get()
        kind, number, *rest = message
        if kind == "error":
            _raise_worker_error(message)
        if kind == "eof" and number not in results:
            code = workers[number].wait()
            raise RuntimeError(f"an index build worker died (exit code {code})")
        if kind == "loaded":
            loaded[number] = rest[0]
        elif kind == "wrote":
            waiting += rest[0]
        elif kind == "done":
            results[number] = rest[0]
        if progress is not None and len(loaded) == len(workers):
            total = sum(loaded.values())
            for article_id in waiting:
                done += 1
                progress(done, total, article_id)
            waiting = []
    return results


def _raise_worker_error(message: tuple[Any, ...]) -> None:
    """Raise what a worker's ("error", number, traceback, errno) message reports.

    An OSError (a full disk) as an OSError with its errno, so that it is told
    as one line; anything else with the worker's traceback.
    """
    _, _, trace, *code = message
    if code and code[0] is not None:
        raise OSError(code[0], os.strerror(code[0]))
    raise RuntimeError(f"an index build worker failed:\n{trace}")


def _worker() -> None:
    """A build worker: load its files, write them as one segment, send the segment back."""
    job = pickle.load(sys.stdin.buffer)
    # A build is background work: the process answering questions (the bot) comes first.
    with contextlib.suppress(OSError):
        os.nice(5)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the messages

    def send(*message: Any) -> None:
        pickle.dump(message, out)
        out.flush()

    number, index_dir, files, parent = job
    try:
        _write_part(number, index_dir, files, parent, send)
    except BaseException as error:
        code = error.errno if isinstance(error, OSError) else None
        send("error", number, traceback.format_exc(), code)
    out.close()


def _write_part(
    number: int,
    index_dir: str,
    files: list[ContentFile],
    parent: int,
    send: Callable[..., None],
) -> None:
    ix = store.open_index(Path(index_dir))
    writer = FastSegmentWriter(ix, _lk=False, limitmb=WRITER_LIMIT_MB)
    loaded = [load_file(file) for file in files]
    articles: list[Article | None] = [a for a in loaded if isinstance(a, Article)]
    summary: list[tuple[str, str | None, str | None]] = [
        (a.article_id, a.content_hash, None)
        if isinstance(a, Article)
        else (a.path, None, a.reason)
        for a in loaded
    ]
    del loaded
    send("loaded", number, len(articles))
    passages = 0
    batch: list[str] = []
    words: set[str] = set()
    failed: list[SkippedFile] = []
    for position, article in enumerate(articles):
        assert article is not None
        articles[position] = None  # free each article once written
        passages += _add_article(writer, article, words, failed)
        batch.append(article.article_id)
        if len(batch) >= 50:
            if os.getppid() != parent:  # the build was killed: stop, commit nothing
                os._exit(1)
            send("wrote", number, batch)
            batch = []
    _add_lexicon(writer, words)
    reasons = {f.path: f.reason for f in failed}
    summary = [
        (i, None, reasons[i]) if i in reasons else (i, digest, reason)
        for i, digest, reason in summary
    ]
    segment = writer._finalize_segment()  # the temp files go with the parent's writer
    send("wrote", number, batch)
    send("done", number, {"segment": segment, "passages": passages, "files": summary})


# -- incremental builds ---------------------------------------------------------------------


def _incremental_build(
    live: Path,
    content_dir: Path,
    looked_at: list[tuple[str, ContentFile | None]] | None,
    scanned_ns: int,
    extra: tuple[SkippedFile, ...],
    progress: Progress | None,
) -> BuildReport:
    ix = store.open_index(live)
    try:
        manifest = _read_manifest(live, ix.latest_generation())
        if manifest is None:
            previous = _stored_hashes_of(ix)
            manifest = {}
        else:
            previous = _hashes(manifest)
        if looked_at is None or not manifest:
            files = scan_content(content_dir)
            entries, current, changed, skipped = _compare(files, manifest, previous)
        else:
            entries, current, changed, skipped = _look_again(manifest, previous, looked_at)
        added = sorted(set(current) - set(previous))
        removed = sorted(set(previous) - set(current))
        updated = sorted(i for i in current if i in previous and previous[i] != current[i])
        unchanged = sorted(i for i in current if previous.get(i) == current[i])
        passages = 0
        commit = ix.latest_generation()
        if added or removed or updated:
            writer = new_writer(ix)
            failed: list[SkippedFile] = []
            try:
                for article_id in removed + updated:
                    writer.delete_by_term("article_id", article_id)
                changed.sort(key=lambda a: a.article_id)
                passages = _write_articles(writer, changed, progress, failed)
            except BaseException:
                writer.cancel()
                _remove_orphans(ix, live)
                raise
            try:
                writer.commit(mergetype=merge_policy)
            except BaseException:
                _undo_commit(writer, ix, live)
                raise
            commit = ix.latest_generation()
            for failure in failed:  # not indexed after all: as if skipped when read
                current.pop(failure.path, None)
                stamp = entries[failure.path][0] if failure.path in entries else None
                entries[failure.path] = (stamp, None, failure.reason)
                skipped.append(failure)
            if failed:
                skipped.sort(key=lambda s: content_order(s.path))
                added = sorted(set(current) - set(previous))
                removed = sorted(set(previous) - set(current))
                updated = sorted(i for i in current if i in previous and previous[i] != current[i])
        if added or removed or updated or entries != manifest:
            _write_manifest(live, commit, scanned_ns, entries)
    finally:
        ix.close()
    return BuildReport(
        full=False,
        added=tuple(added),
        updated=tuple(updated),
        removed=tuple(removed),
        unchanged=tuple(unchanged),
        skipped=tuple(skipped) + extra,
        generation=live.name,
        passages=passages,
    )


def _undo_commit(writer: SegmentWriter, ix: Any, generation: Path) -> None:
    """After a commit failed half-way (a full disk): release the writer, remove what it wrote."""
    with contextlib.suppress(Exception):
        writer._close_segment()
    with contextlib.suppress(Exception):
        writer._finish()  # drops its temporary storage and releases Whoosh's write lock
    with contextlib.suppress(Exception):
        if writer.writelock:
            writer.writelock.release()
    _remove_orphans(ix, generation)


def _remove_orphans(ix: Any, generation: Path) -> None:
    """Delete files of `generation` that its last commit does not use (a failed commit's).

    Run only under the build lock: no other writer can be writing them.
    """
    from whoosh.index import TOC, clean_files

    shutil.rmtree(generation / f"{ix.indexname}.tmp", ignore_errors=True)
    with contextlib.suppress(Exception):
        toc = TOC.read(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
    for leftover in generation.glob(f".{MANIFEST_FILE}.*.tmp"):
        leftover.unlink(missing_ok=True)


# -- writing documents ------------------------------------------------------------------------


MERGE_FACTOR = 3  # segments of one size level (a power of ten of documents) merged together


def merge_policy(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy for incremental commits: few segments, cheap commits.

    Whoosh's own policy (MERGE_SMALL) counts segments of a few dozen documents
    as large, so every update of an article would leave one more segment (and
    one whose documents were all deleted stays too): every question pays for
    each segment. Here segments with no live document are dropped, and once
    MERGE_FACTOR segments share a size level (log10 of their documents) they
    are merged with everything smaller, like a log-structured merge: a commit
    rewrites at most a few times the documents it adds, amortised.
    """
    from whoosh.reading import SegmentReader

    alive = sorted((s for s in segments if s.doc_count() > 0), key=lambda s: s.doc_count())
    merge_upto = 0
    for end in range(len(alive)):
        level = len(str(alive[end].doc_count()))
        same = sum(1 for s in alive[: end + 1] if len(str(s.doc_count())) == level)
        if same >= MERGE_FACTOR:
            merge_upto = end + 1
    for segment in alive[:merge_upto]:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return alive[merge_upto:]


def new_writer(ix: Any) -> SegmentWriter:
    """A writer for `ix` (holding its write lock): FastSegmentWriter, or on a Whoosh version
    the patches were not tested with (PATCHED is False) Whoosh's stock SegmentWriter."""
    if PATCHED:
        return FastSegmentWriter(ix, limitmb=WRITER_LIMIT_MB)
    return SegmentWriter(ix, limitmb=WRITER_LIMIT_MB)


class FastSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter without three costs of whoosh 2.7; the index reads the same.

    When the postings are written, the length of every posting's field is
    looked up: read back from the segment's length column on disk (a seek and a
    read per posting, a tenth of a build), and for a field without lengths
    (ids, numbers, keywords) a file-exists check. Here lengths are kept in
    memory as they are written (one byte per document and scorable field, as
    on disk), and only scorable fields have any. And postings spilled to disk
    while they are sorted are written in marshalled batches instead of one
    pickle per posting (a fifth of a build).
    """

    def __init__(self, ix: Any, **kwargs: Any):
        super().__init__(ix, **kwargs)
        self.pool = _BatchPostingPool(
            self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128)
        )
        self._lengths: dict[str, bytearray] = {}
        add_field = self.perdocwriter.add_field

        def recording_add_field(fieldname: str, fieldobj: Any, value: Any, length: int) -> None:
            add_field(fieldname, fieldobj, value, length)
            if length:
                column = self._lengths.setdefault(fieldname, bytearray())
                local = self.docnum - self.docbase
                if len(column) <= local:
                    column.extend(bytes(local + 1024 - len(column)))
                column[local] = length_to_byte(length)

        self.perdocwriter.add_field = recording_add_field

    def per_document_reader(self) -> Any:
        return _KnownLengths(super().per_document_reader(), self.schema, self._lengths)


class _KnownLengths:
    """A per-document reader answering field lengths from memory (see FastSegmentWriter)."""

    def __init__(self, reader: Any, schema: Any, lengths: dict[str, bytearray]):
        self._reader = reader
        self._unscored = {name for name, field in schema.items() if not field.scorable}
        self._lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        if fieldname in self._unscored:
            return default
        column = self._lengths.get(fieldname)
        if column is not None and docnum < len(column) and column[docnum]:
            return byte_to_length(column[docnum])
        return self._reader.doc_field_length(docnum, fieldname, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class _BatchPostingPool(PostingPool):
    """Whoosh's posting pool, its sorted runs marshalled in batches (same items, same order)."""

    BATCH = 8192
    _SIZE = struct.Struct("<I")

    def _write_run(self, f: Any, items: Any) -> None:
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, self.BATCH)):
            data = marshal.dumps(batch)
            f.write(self._SIZE.pack(len(data)))
            f.write(data)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        # Each batch read whole: marshal.load() on a file reads it a few bytes at a time.
        f = self._open_run(path)
        try:
            while header := f.read(self._SIZE.size):
                (size,) = self._SIZE.unpack(header)
                yield from marshal.loads(f.read(size))
        finally:
            f.close()
            self._remove_run(path)


def _add_article(
    writer: IndexWriter, article: Article, words: set[str], failed: list[SkippedFile]
) -> int:
    """Write one article's documents; one that cannot be indexed goes into `failed` instead.

    Its documents are all made before any is written, so a failure (a date
    computation out of range, say) leaves none of them in the index: one
    article never stops a build.
    """
    try:
        documents = list(article_documents(article))
    except Exception as error:
        failed.append(
            SkippedFile(article.article_id, f"cannot be indexed ({type(error).__name__}: {error})")
        )
        return 0
    passages = 0
    for document in documents:
        passages += document["kind"] == "passage"
        writer.add_document(**document)
    words.update(surface_words(article.body))
    return passages


def _add_lexicon(writer: IndexWriter, words: set[str]) -> None:
    if words:
        writer.add_document(**lexicon_document(words))


def _write_articles(
    writer: IndexWriter,
    articles: Sequence[Article],
    progress: Progress | None,
    failed: list[SkippedFile],
) -> int:
    passages = 0
    total = len(articles)
    words: set[str] = set()
    for done, article in enumerate(articles, 1):
        passages += _add_article(writer, article, words, failed)
        if progress is not None:
            progress(done, total, article.article_id)
    _add_lexicon(writer, words)
    return passages


# -- the manifest and stored hashes ---------------------------------------------------------


def _entry(file: ContentFile, result: Any) -> _Entry:
    if isinstance(result, SkippedFile):
        # A file that could not be read is tried again next time; an invalid one is not.
        unreadable = result.reason.startswith("cannot be read")
        return (None if unreadable else file.stamp, None, result.reason)
    return (file.stamp, result.content_hash, None)


_Compared = tuple[dict[str, _Entry], dict[str, str], list[Article], list[SkippedFile]]
"""What a build found: manifest entries, article hashes, articles to write, skipped files."""


def _compare(
    files: list[ContentFile], manifest: dict[str, _Entry], previous: dict[str, str]
) -> _Compared:
    """Every file compared with the last build: those whose stamp changed are read."""
    entries: dict[str, _Entry] = {}
    current: dict[str, str] = {}
    changed: list[Article] = []
    skipped: list[SkippedFile] = []
    for file in files:
        known = manifest.get(file.article_id)
        if known is not None and file.stamp is not None and known[0] == file.stamp:
            # Unchanged since the manifest was written: indexed exactly when the
            # manifest says so, and with the hash it gives.
            entries[file.article_id] = known
            _, digest, reason = known
            if digest is not None:
                current[file.article_id] = digest
            else:
                skipped.append(SkippedFile(printable_id(file.article_id), reason or "skipped"))
            continue
        _read_into(file, previous, entries, current, changed, skipped)
    return entries, current, changed, skipped


def _look_again(
    manifest: dict[str, _Entry],
    previous: dict[str, str],
    looked_at: list[tuple[str, ContentFile | None]],
) -> _Compared:
    """The last build with the files looked at afresh read again (None: gone)."""
    entries = dict(manifest)
    current = dict(previous)
    changed: list[Article] = []
    skipped: list[SkippedFile] = []
    for article_id, file in looked_at:
        entries.pop(article_id, None)
        current.pop(article_id, None)
        if file is not None:
            _read_into(file, previous, entries, current, changed, skipped)
    fresh = {article_id for article_id, _ in looked_at}
    skipped += [
        SkippedFile(printable_id(article_id), reason or "skipped")
        for article_id, (_, digest, reason) in manifest.items()
        if digest is None and article_id not in fresh
    ]
    skipped.sort(key=lambda s: content_order(s.path))
    return entries, current, changed, skipped


def _read_into(
    file: ContentFile,
    previous: dict[str, str],
    entries: dict[str, _Entry],
    current: dict[str, str],
    changed: list[Article],
    skipped: list[SkippedFile],
) -> None:
    result = load_file(file)
    entries[file.article_id] = _entry(file, result)
    if isinstance(result, Article):
        current[file.article_id] = result.content_hash
        if previous.get(file.article_id) != result.content_hash:
            changed.append(result)
    else:
        skipped.append(result)


def _with_failures(loaded: list[Any], failed: list[SkippedFile]) -> list[Any]:
    """`loaded` with each article that could not be indexed replaced by its SkippedFile."""
    if not failed:
        return loaded
    reasons = {f.path: f for f in failed}
    return [
        reasons.get(item.article_id, item) if isinstance(item, Article) else item
        for item in loaded
    ]


def _hashes(manifest: dict[str, _Entry]) -> dict[str, str]:
    return {i: digest for i, (_, digest, _) in manifest.items() if digest is not None}


def _write_manifest(
    generation: Path, commit: int, scanned_ns: int, entries: dict[str, _Entry]
) -> None:
    """Record the files behind commit `commit` of `generation`.

    Marshalled plain tuples: for 100k files it loads in a quarter of the time of
    a pickle (and saves in a fifth), and every update reads and writes it.
    """
    racy = scanned_ns - RACY_NS
    files = {
        # A file changed too close to the scan may change again unseen: read it next time.
        article_id: entry if entry[0] is None or entry[0][2] < racy else (None, *entry[1:])
        for article_id, entry in entries.items()
    }
    temp = generation / f".{MANIFEST_FILE}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as handle:
            manifest = {"version": MANIFEST_VERSION, "commit": commit, "files": files}
            handle.write(marshal.dumps(manifest))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, generation / MANIFEST_FILE)
    finally:
        temp.unlink(missing_ok=True)


def _read_manifest(generation: Path, commit: int) -> dict[str, _Entry] | None:
    """The manifest of `generation` if it describes its commit `commit`, else None."""
    try:
        with open(generation / MANIFEST_FILE, "rb") as handle:
            data = marshal.loads(handle.read())
        if data["version"] != MANIFEST_VERSION or data["commit"] != commit:
            return None
        files: dict[str, _Entry] = data["files"]
        return files
    except Exception:  # missing, unreadable or from another version: read everything
        return None


def _previous_hashes(generation: Path | None) -> dict[str, str]:
    """Hashes of the articles in `generation`: from its manifest, or its stored records."""
    if generation is None or _schema_version(generation) is None:
        return {}
    ix = store.open_index(generation)
    try:
        manifest = _read_manifest(generation, ix.latest_generation())
        if manifest is not None:
            return _hashes(manifest)
        return _stored_hashes_of(ix)
    finally:
        ix.close()


def _stored_hashes_of(ix: Any) -> dict[str, str]:
    with ix.searcher() as searcher:
        return {
            fields["article_id"]: fields["data"]["hash"]
            for fields in searcher.documents(kind=KIND_ARTICLE)
        }


def _schema_version(generation: Path) -> int | None:
    try:
        return int(json.loads((generation / VERSION_FILE).read_text("utf-8"))["schema"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _with_time(report: BuildReport, seconds: float) -> BuildReport:
    return replace(report, seconds=seconds)
