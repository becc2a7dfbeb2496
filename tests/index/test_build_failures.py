"""A failed build leaves nothing behind, and a full disk is one clear line (issue 12, item 13)."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

import index.build as build_module
from bot.cli import main
from index.build import build_index
from index.corpus import Corpus
from index.errors import DiskFull
from index.store import current_generation
from tests.index.corpus_files import BRIDGE, VOLCANO, write


def _disk_fills_on_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every commit writes part of a segment, then finds the disk full."""
    real = build_module.FastSegmentWriter.commit

    def commit(self: Any, *args: Any, **kwargs: Any) -> None:
        (Path(self.storage.folder) / "MAIN_orphanorphanorph.seg").write_bytes(b"x" * 100)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module.FastSegmentWriter, "commit", commit)
    assert real is not None


def test_a_full_build_that_fails_leaves_no_temporary_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, index = tmp_path / "content", tmp_path / "index"
    write(content, "volcano.md", VOLCANO)
    build_index(content, index)
    before = sorted(p.name for p in index.iterdir())
    _disk_fills_on_commit(monkeypatch)
    with pytest.raises(DiskFull, match="no space left") as raised:
        build_index(content, index, full=True)
    assert "\n" not in str(raised.value)
    assert sorted(p.name for p in index.iterdir()) == before
    assert Corpus(content, index).search("volcano").total == 1


def test_an_update_that_fails_leaves_no_orphan_segments_and_the_next_one_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, index = tmp_path / "content", tmp_path / "index"
    write(content, "volcano.md", VOLCANO)
    build_index(content, index)
    generation = current_generation(index)
    assert generation is not None
    before = sorted(p.name for p in generation.iterdir())
    write(content, "bridge.md", BRIDGE)
    with monkeypatch.context() as patch:
        _disk_fills_on_commit(patch)
        with pytest.raises(DiskFull):
            build_index(content, index)
    assert sorted(p.name for p in generation.iterdir()) == before
    report = build_index(content, index)
    assert report.added == ("bridge.md",)


def test_the_command_line_says_the_disk_is_full_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content, index = tmp_path / "content", tmp_path / "index"
    write(content, "volcano.md", VOLCANO)
    _disk_fills_on_commit(monkeypatch)
    status = main(["index", "--content", str(content), "--index", str(index)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "no space left" in err and "Traceback" not in err
    assert not list(index.glob("tmp-*"))


def test_a_failing_worker_reports_a_full_disk_as_such() -> None:
    import queue

    messages: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
    with pytest.raises(OSError) as raised:
        build_module._raise_worker_error(("error", 0, "Traceback ...", errno.ENOSPC))
    assert raised.value.errno == errno.ENOSPC
    assert messages.empty()
