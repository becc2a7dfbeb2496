"""The fast paths of building: the file manifest and the parallel full build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index import build as build_module
from index import store
from index.build import MANIFEST_FILE, build_index
from index.corpus import Corpus
from tests.index.corpus_files import BRIDGE, FESTIVAL, VOLCANO, write
from tests.index.test_build import _corpus, _snapshot


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the files a build reads (re-reading is what the manifest saves)."""
    seen: list[str] = []
    original = build_module.load_file

    def counting(file: build_module.ContentFile) -> object:
        seen.append(file.article_id)
        return original(file)

    monkeypatch.setattr(build_module, "load_file", counting)
    return seen


@pytest.fixture
def old_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every stamp as old enough to trust (files written by tests are brand new)."""
    monkeypatch.setattr(build_module, "RACY_NS", -(10**18))


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, reads: list[str], old_files: None
) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    reads.clear()
    report = build_index(content, index)
    assert reads == []
    assert report.unchanged == ("bridge.md", "volcano.md")
    assert not report.changed


def test_a_changed_file_is_read_and_updated(
    tmp_path: Path, reads: list[str], old_files: None
) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    reads.clear()
    write(content, "bridge.md", BRIDGE.replace("four lanes", "five lanes"))
    report = build_index(content, index)
    assert reads == ["bridge.md"]
    assert report.updated == ("bridge.md",)
    assert report.unchanged == ("volcano.md",)


def test_same_size_and_modification_time_still_counts_as_changed(
    tmp_path: Path, old_files: None
) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    path = content / "bridge.md"
    before = path.stat()
    path.write_text(BRIDGE.replace("four lanes", "nine lanes"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert build_index(content, index).updated == ("bridge.md",)


def test_files_changed_just_before_a_scan_are_read_again(tmp_path: Path, reads: list[str]) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    reads.clear()
    report = build_index(content, index)  # the files are seconds old: their stamps are racy
    assert sorted(reads) == ["bridge.md", "volcano.md"]
    assert not report.changed


def test_a_manifest_of_another_commit_is_ignored(tmp_path: Path, old_files: None) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    generation = store.current_generation(index)
    assert generation is not None
    (generation / MANIFEST_FILE).write_bytes(b"not a manifest")
    write(content, "festival.md", FESTIVAL)
    report = build_index(content, index)
    assert report.added == ("festival.md",)
    assert report.unchanged == ("bridge.md", "volcano.md")
    assert build_index(content, index).unchanged == ("bridge.md", "festival.md", "volcano.md")


def test_skipped_files_are_reported_by_every_build(
    tmp_path: Path, reads: list[str], old_files: None
) -> None:
    content, index = _corpus(tmp_path)
    write(content, "broken.md", b"---\ntitle: [\n---\nx")
    build_index(content, index)
    reads.clear()
    report = build_index(content, index)
    assert reads == []
    assert [s.path for s in report.skipped] == ["broken.md"]


def test_parallel_full_build_reads_the_same_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, index = _corpus(tmp_path)
    write(content, "festival.md", FESTIVAL)
    write(content, "broken.md", b"---\ntitle: [\n---\nx")
    serial = build_index(content, index, full=True)
    expected = _snapshot(index)
    monkeypatch.setattr(build_module, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(build_module, "WORKERS", 2)
    progress: list[tuple[int, int, str]] = []
    parallel = build_index(
        content, index, full=True, progress=lambda d, t, i: progress.append((d, t, i))
    )
    assert _snapshot(index) == expected
    assert parallel.unchanged == serial.added == ("bridge.md", "festival.md", "volcano.md")
    assert parallel.passages == serial.passages
    assert [s.path for s in parallel.skipped] == ["broken.md"]
    assert [(done, total) for done, total, _ in progress] == [(1, 3), (2, 3), (3, 3)]
    assert sorted(i for _, _, i in progress) == ["bridge.md", "festival.md", "volcano.md"]
    corpus = Corpus(content, index)
    assert corpus.ask("How many residents were evacuated?").passages
    write(content, "volcano.md", VOLCANO.replace("3,000", "4,000"))
    assert build_index(content, index).updated == ("volcano.md",)
    assert "4,000" in corpus.ask("How many residents were evacuated?").passages[0].quote


def test_only_the_named_files_are_looked_at(
    tmp_path: Path, reads: list[str], old_files: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, index = _corpus(tmp_path)
    write(content, "broken.md", "no front matter at all")
    build_index(content, index)
    reads.clear()
    scans: list[Path] = []
    scan = build_module.scan_content
    monkeypatch.setattr(build_module, "scan_content", lambda d: scans.append(d) or scan(d))
    write(content, "festival.md", FESTIVAL)
    write(content, "bridge.md", BRIDGE.replace("four lanes", "five lanes"))
    (content / "volcano.md").unlink()
    report = build_index(content, index, only=["festival.md", "volcano.md"])
    assert scans == []  # no walk of the content directory
    assert reads == ["festival.md"]
    assert (report.added, report.updated, report.removed) == (
        ("festival.md",),
        (),
        ("volcano.md",),
    )
    assert report.unchanged == ("bridge.md",)  # its change waits for a build that looks
    assert [s.path for s in report.skipped] == ["broken.md"]  # still reported
    corpus = Corpus(content, index)
    assert "five lanes" not in " ".join(p.quote for p in corpus.ask("How many lanes?").passages)
    report = build_index(content, index)
    assert scans == [content]
    assert report.updated == ("bridge.md",)
    assert "five lanes" in " ".join(p.quote for p in corpus.ask("How many lanes?").passages)
    build_index(content, index, only=["festival.md"])
    incremental = _snapshot(index)
    build_index(content, index, full=True)
    assert _snapshot(index) == incremental


@pytest.mark.parametrize("article_id", ["../outside.md", "/etc/passwd.md", ""])
def test_only_refuses_ids_outside_the_content_directory(tmp_path: Path, article_id: str) -> None:
    content, index = _corpus(tmp_path)
    build_index(content, index)
    with pytest.raises(ValueError, match="not an article id"):
        build_index(content, index, only=[article_id])
