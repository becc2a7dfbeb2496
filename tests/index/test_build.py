"""Building: incremental updates, full rebuilds, generations, locks, crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from index import store
from index.build import _BatchPostingPool, build_index
from index.corpus import Corpus
from index.errors import BuildInProgress, IndexMissing
from tests.index.corpus_files import BRIDGE, FESTIVAL, VOLCANO, article, write

REPO = Path(__file__).resolve().parents[2]


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    write(content, "volcano.md", VOLCANO)
    write(content, "bridge.md", BRIDGE)
    return content, tmp_path / "index"


def _snapshot(index_dir: Path) -> dict[str, object]:
    """Everything a reader can see in the index, independent of how it was built.

    Not the lexicon: one document per commit, whose words of removed articles
    stay until a full build (see index.schema).
    """
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(store.current_generation(index_dir)))
    with ix.searcher() as searcher:
        documents = sorted(
            repr(sorted(fields.items()))
            for fields in searcher.all_stored_fields()
            if fields["kind"] != "lexicon"
        )
        reader = searcher.reader()
        terms = sorted(
            (field, text)
            for field, text in reader.all_terms()
            if field not in ("year", "sortkey", "words")
            and any(not reader.is_deleted(d) for d in reader.postings(field, text).all_ids())
        )
    ix.close()
    return {"documents": documents, "terms": terms}


def test_first_build_adds_everything(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    report = build_index(content, index)
    assert report.full
    assert report.added == ("bridge.md", "volcano.md")
    assert report.passages > 0
    assert store.current_generation(index) is not None


def test_incremental_detects_added_updated_removed_unchanged(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    write(content, "festival.md", FESTIVAL)
    write(content, "bridge.md", BRIDGE.replace("four lanes", "six lanes"))
    (content / "volcano.md").unlink()
    report = build_index(content, index)
    assert not report.full
    assert (report.added, report.updated, report.removed, report.unchanged) == (
        ("festival.md",),
        ("bridge.md",),
        ("volcano.md",),
        (),
    )
    again = build_index(content, index)
    assert again.unchanged == ("bridge.md", "festival.md")
    assert not again.changed


def test_removed_article_is_never_quoted_again(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    corpus = Corpus(content, index)
    assert corpus.ask("How many residents were evacuated?").passages
    (content / "volcano.md").unlink()
    build_index(content, index)
    assert corpus.ask("How many residents were evacuated?").passages == ()
    assert corpus.search("evacuated").hits == ()
    assert all(d.article_id != "volcano.md" for d in corpus.dates())
    assert [s.article_id for s in corpus.sources()] == ["bridge.md"]


def test_rebuild_equals_incremental_update(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    write(content, "festival.md", FESTIVAL)
    write(content, "bridge.md", BRIDGE.replace("four lanes", "six lanes"))
    (content / "volcano.md").unlink()
    build_index(content, index)
    incremental = _snapshot(index)
    build_index(content, index, full=True)
    assert _snapshot(index) == incremental


def _segments(index_dir: Path) -> list[tuple[int, int]]:
    """(documents, deleted documents) of each segment of the live commit."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(store.current_generation(index_dir)))
    found = [(s.doc_count_all(), s.deleted_count()) for s in ix._segments()]
    ix.close()
    return found


def test_repeated_updates_do_not_pile_up_segments(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    corpus = Corpus(content, index)
    for number in range(12):
        write(content, "bridge.md", BRIDGE.replace("four lanes", f"{number + 5} lanes"))
        build_index(content, index)
        segments = _segments(index)
        # Emptied segments are dropped, and at most two of one size level (a power of
        # ten of documents) stay beside the newest: 13 segments without merging.
        assert all(deleted < documents for documents, deleted in segments)
        assert len(segments) <= 5
        answer = corpus.ask("How many lanes does the bridge have?")
        assert [p.quote.count(f"{number + 5} lanes") for p in answer.passages[:1]] == [1]
    incremental = _snapshot(index)
    build_index(content, index, full=True)
    assert _snapshot(index) == incremental


def test_postings_spilled_to_disk_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, index = _corpus(tmp_path)
    write(content, "festival.md", FESTIVAL)
    build_index(content, index)
    in_memory = _snapshot(index)
    # A pool of a few kilobytes: every few postings are sorted into a run on disk.
    monkeypatch.setattr("index.build.WRITER_LIMIT_MB", 0.005)
    runs: list[int] = []
    write_run = _BatchPostingPool._write_run

    def counting_write_run(pool: _BatchPostingPool, f: Any, items: Any) -> None:
        runs.append(1)
        write_run(pool, f, items)

    monkeypatch.setattr(_BatchPostingPool, "_write_run", counting_write_run)
    build_index(content, index, full=True)
    assert len(runs) > 10
    assert _snapshot(index) == in_memory
    corpus = Corpus(content, index)
    assert corpus.ask("How many residents were evacuated?").passages


def test_full_rebuild_switches_generation_and_keeps_the_previous(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    first = build_index(content, index).generation
    second = build_index(content, index, full=True).generation
    third = build_index(content, index, full=True).generation
    assert len({first, second, third}) == 3
    assert store.current_generation(index) == index / third
    kept = sorted(p.name for p in index.glob("gen-*"))
    assert kept == sorted([second, third])


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    write(content, "broken.md", b"---\ntitle: [\n---\nx")
    write(content, "aliases.yaml", "- not\n- a mapping\n")
    report = build_index(content, index)
    assert report.added == ("bridge.md", "volcano.md")
    assert {s.path for s in report.skipped} == {"broken.md", "aliases.yaml"}


def test_second_concurrent_build_is_refused(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    with store.build_lock(index), pytest.raises(BuildInProgress, match="another build"):
        build_index(content, index)
    build_index(content, index)  # the lock is free again


def test_no_index_yet_says_how_to_build(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    with pytest.raises(IndexMissing, match="corpusbot index"):
        Corpus(content, index).ask("anything")


def test_reader_sees_updates_without_reopening(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    corpus = Corpus(content, index)
    assert corpus.ask("When did the harvest festival begin?").passages == ()
    write(content, "festival.md", FESTIVAL)
    build_index(content, index)
    assert corpus.ask("When did the harvest festival begin?").passages
    build_index(content, index, full=True)
    assert corpus.ask("When did the harvest festival begin?").passages


_SLOW_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from index.build import build_index

    ready = Path(sys.argv[3])

    def progress(done, total, article_id):
        ready.write_text(str(done))
        time.sleep(60)

    build_index(Path(sys.argv[1]), Path(sys.argv[2]), full=sys.argv[4] == "full",
                progress=progress)
    """
)


@pytest.mark.parametrize("mode", ["full", "incremental"])
def test_killed_build_leaves_the_old_index_answering(tmp_path: Path, mode: str) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    corpus = Corpus(content, index)
    before = corpus.ask("How many residents were evacuated?")
    assert before.passages
    write(content, "festival.md", FESTIVAL)
    write(content, "volcano.md", article("Replaced", "Nothing about evacuations here."))
    ready = tmp_path / "ready"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(content), str(index), str(ready), mode],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert process.poll() is None, "the build process died early"
            assert time.monotonic() < deadline, "the build never started"
            time.sleep(0.02)
        with pytest.raises(BuildInProgress):
            build_index(content, index)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    fresh = Corpus(content, index)
    assert fresh.ask("How many residents were evacuated?").passages == before.passages
    assert corpus.ask("How many residents were evacuated?").passages == before.passages
    report = build_index(content, index)  # the lock died with the process
    assert "festival.md" in report.added
    assert corpus.ask("How many residents were evacuated?").passages == ()
    assert not list(index.glob("tmp-*"))


def test_stats_do_not_count_removed_articles(tmp_path: Path) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    corpus = Corpus(content, index)
    before = corpus.stats()
    assert before.articles == 2
    (content / "volcano.md").unlink()
    build_index(content, index)
    after = corpus.stats()
    assert after.articles == 1
    assert 0 < after.passages < before.passages
    assert after.dates < before.dates


def test_live_counts_are_those_of_a_search_after_updates(tmp_path: Path) -> None:
    from whoosh.query import Term

    from index.live import LiveIndex

    content, index = _corpus(tmp_path)
    build_index(content, index)
    (content / "volcano.md").unlink()
    write(content, "bridge.md", BRIDGE.replace("bridge", "bridge and its tolls", 1))
    write(content, "festival.md", FESTIVAL)
    build_index(content, index)
    live = LiveIndex(index)
    try:
        assert live.searcher.reader().has_deletions()  # counted from frequencies, less deletions
        for kind in ("article", "passage", "date"):
            found = live.searcher.search(Term("kind", kind), limit=None, scored=False)
            assert live.live_count(kind) == len(found) > 0
    finally:
        live.close()
